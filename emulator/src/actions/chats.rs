//! The chat life cycle: start_chat, resume_chat, deactivate_chat, follow_chat and
//! unfollow_chat, plus the checks on users and groups shared with the access actions.

use super::args::Args;
use super::{Ctx, event_input};
use crate::clock;
use crate::errors::{ApiError, ApiResult, ErrorKind};
use crate::state::State;
use crate::state::chats::{Access, Chat, NewEvent, UserKind, Visibility};
use crate::state::properties::{self, Location, Properties};
use crate::version::Version;
use serde_json::{Map, Value, json};

/// The `chat` object of start_chat / resume_chat.
#[derive(Default)]
struct ChatSpec {
    id: Option<String>,
    properties: Option<Properties>,
    access: Option<Access>,
    users: Vec<(String, UserKind)>,
    thread_properties: Properties,
    events: Vec<NewEvent>,
}

impl ChatSpec {
    fn parse(ctx: &Ctx<'_>, mut c: Args, resume: bool) -> ApiResult<ChatSpec> {
        let mut spec = ChatSpec {
            id: if resume { Some(c.id("id")?) } else { None },
            ..ChatSpec::default()
        };
        if let Some(value) = c.take_raw("properties") {
            let path = c.path("properties");
            spec.properties = Some(properties::parse_values(
                &ctx.st.properties,
                Location::Chat,
                &value,
                &path,
            )?);
        }
        if let Some(access) = c.opt_object("access")? {
            spec.access = Some(parse_access(ctx, access)?);
        }
        if let Some(users) = c.opt_array("users")? {
            let (mut agents, mut customers) = (0, 0);
            for (i, user) in users.into_iter().enumerate() {
                let mut u = Args::from_value(user, &format!("{}[{i}]", c.path("users")))?;
                let id = u.id("id")?;
                let kind_text = u.str("type")?;
                u.finish()?;
                let kind = UserKind::parse(&kind_text).ok_or_else(|| {
                    ApiError::validation(format!(
                        "{}: type must be agent or customer",
                        u_path(&c, i)
                    ))
                })?;
                check_user_exists(ctx.st, &id, kind)?;
                match kind {
                    UserKind::Agent if id != ctx.me => agents += 1,
                    UserKind::Agent => {}
                    UserKind::Customer => customers += 1,
                }
                spec.users.push((id, kind));
            }
            if agents > 4 || customers > 1 {
                return Err(ApiError::validation(
                    "chat.users allows up to 4 agents besides the requester and 1 customer",
                ));
            }
        }
        if let Some(mut thread) = c.opt_object("thread")? {
            if let Some(value) = thread.take_raw("properties") {
                let path = thread.path("properties");
                spec.thread_properties =
                    properties::parse_values(&ctx.st.properties, Location::Thread, &value, &path)?;
            }
            let path = thread.path("events");
            spec.events = event_input::parse_list(ctx, thread.opt_array("events")?, &path)?;
            thread.finish()?;
        }
        c.finish()?;
        Ok(spec)
    }
}

fn u_path(c: &Args, i: usize) -> String {
    format!("{}[{i}]", c.path("users"))
}

fn parse_access(ctx: &Ctx<'_>, mut access: Args) -> ApiResult<Access> {
    let group_ids = access.opt_ints("group_ids", 200)?.unwrap_or_default();
    access.finish()?;
    check_groups(ctx.st, &group_ids)?;
    Ok(Access { group_ids })
}

pub(super) fn check_groups(st: &State, ids: &[i64]) -> ApiResult<()> {
    match ids.iter().find(|g| !st.has_group(**g)) {
        Some(g) => Err(ApiError::not_found(format!("Group {g} not found"))),
        None => Ok(()),
    }
}

pub(super) fn check_user_exists(st: &State, id: &str, kind: UserKind) -> ApiResult<()> {
    let exists = match kind {
        UserKind::Agent => st.agent(id).is_some(),
        UserKind::Customer => st.customer(id).is_some(),
    };
    if exists {
        Ok(())
    } else {
        Err(ApiError::not_found(match kind {
            UserKind::Agent => "Agent not found",
            UserKind::Customer => "Customer not found",
        }))
    }
}

/// Stores initial events in thread `ti` of `chat`, returning their ids.
fn push_events(chat: &mut Chat, ti: usize, events: Vec<NewEvent>, me: &str) -> Vec<String> {
    let ids: Vec<String> = events
        .into_iter()
        .map(|e| chat.threads[ti].push_event(e, Some(me)))
        .collect();
    let seen = chat.threads[ti]
        .events
        .last()
        .map_or(chat.threads[ti].created_at, |e| e.created_at);
    chat.mark_seen(me, seen);
    ids
}

fn with_event_ids(mut out: Map<String, Value>, ids: Vec<String>) -> Value {
    if !ids.is_empty() {
        out.insert("event_ids".into(), json!(ids));
    }
    Value::Object(out)
}

pub(super) fn start_chat(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let spec = match a.opt_object("chat")? {
        Some(chat) => ChatSpec::parse(ctx, chat, false)?,
        None => ChatSpec::default(),
    };
    let active = a.opt_bool("active")?.unwrap_or(true);
    let continuous = a.opt_bool("continuous")?.unwrap_or(false);
    a.finish()?;
    ctx.requester()?;
    let chat_id = ctx.st.new_chat_like_id();
    let mut chat = Chat {
        id: chat_id.clone(),
        created_at: clock::now(),
        users: Vec::new(),
        properties: spec.properties.unwrap_or_default(),
        access: spec.access.unwrap_or_default(),
        threads: Vec::new(),
        followers: Vec::new(),
        continuous,
        seen_up_to: Default::default(),
        source_client_id: ctx.client_id.map(str::to_string),
    };
    chat.add_user(ctx.me, UserKind::Agent, true, Visibility::All);
    for (id, kind) in &spec.users {
        chat.add_user(id, *kind, true, Visibility::All);
    }
    let thread_id = crate::ids::chat_like(|id| id == chat_id || ctx.st.id_taken(id));
    let ti = chat.open_thread(thread_id.clone(), active, spec.thread_properties);
    let event_ids = push_events(&mut chat, ti, spec.events, ctx.me);
    ctx.st.chats.push(chat);
    let mut out = Map::new();
    out.insert("chat_id".into(), chat_id.into());
    out.insert("thread_id".into(), thread_id.into());
    Ok(with_event_ids(out, event_ids))
}

pub(super) fn resume_chat(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let chat = a.object("chat")?;
    let spec = ChatSpec::parse(ctx, chat, true)?;
    let active = a.opt_bool("active")?.unwrap_or(true);
    let continuous = a.opt_bool("continuous")?;
    a.finish()?;
    let ci = ctx.chat_index(spec.id.as_deref().unwrap_or_default())?;
    if ctx.st.chats[ci].active_thread().is_some() {
        return Err(ApiError::validation("Chat is already active"));
    }
    let thread_id = ctx.st.new_chat_like_id();
    let me = ctx.me;
    let chat = &mut ctx.st.chats[ci];
    if let Some(props) = spec.properties {
        properties::merge(&mut chat.properties, props);
    }
    if let Some(access) = spec.access {
        chat.access = access;
    }
    if let Some(continuous) = continuous {
        chat.continuous = continuous;
    }
    chat.add_user(me, UserKind::Agent, true, Visibility::All);
    for (id, kind) in &spec.users {
        chat.add_user(id, *kind, true, Visibility::All);
    }
    let ti = chat.open_thread(thread_id.clone(), active, spec.thread_properties);
    let event_ids = push_events(chat, ti, spec.events, me);
    let mut out = Map::new();
    out.insert("thread_id".into(), thread_id.into());
    Ok(with_event_ids(out, event_ids))
}

pub(super) fn deactivate_chat(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = a.id("id")?;
    if ctx.v >= Version::V3_4 {
        a.opt_bool("ignore_requester_presence")?;
    }
    a.finish()?;
    let ci = ctx.chat_index(&id)?;
    let chat = &mut ctx.st.chats[ci];
    let ti = chat
        .active_thread()
        .ok_or_else(|| ApiError::of(ErrorKind::ChatInactive))?;
    chat.threads[ti].active = false;
    Ok(json!({}))
}

pub(super) fn follow_chat(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = a.id("id")?;
    a.finish()?;
    let ci = ctx.chat_index(&id)?;
    let me = ctx.me.to_string();
    let followers = &mut ctx.st.chats[ci].followers;
    if !followers.contains(&me) {
        followers.push(me);
    }
    Ok(json!({}))
}

pub(super) fn unfollow_chat(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = a.id("id")?;
    a.finish()?;
    let ci = ctx.chat_index(&id)?;
    let me = ctx.me;
    ctx.st.chats[ci].followers.retain(|f| f != me);
    Ok(json!({}))
}
