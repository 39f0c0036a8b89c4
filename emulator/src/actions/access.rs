//! Who is in a chat and who may see it: transfer_chat, add_user_to_chat,
//! remove_user_from_chat, and 3.3's grant_chat_access / revoke_chat_access.

use super::Ctx;
use super::args::Args;
use super::chats::{check_groups, check_user_exists};
use crate::errors::{ApiError, ApiResult, ErrorKind};
use crate::state::chats::{UserKind, Visibility};
use crate::version::Version;
use serde_json::{Value, json};

enum Target {
    Groups(Vec<i64>),
    Agents(Vec<String>),
}

pub(super) fn transfer_chat(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = a.id("id")?;
    let target = match a.opt_object("target")? {
        None => None,
        Some(mut t) => {
            let kind = t.str("type")?;
            let path = t.path("ids");
            let ids = t
                .opt_array("ids")?
                .filter(|ids| !ids.is_empty())
                .ok_or_else(|| ApiError::validation(format!("{path} is required")))?;
            t.finish()?;
            Some(match kind.as_str() {
                "group" => Target::Groups(
                    ids.iter()
                        .map(|v| v.as_i64())
                        .collect::<Option<_>>()
                        .ok_or_else(|| {
                            ApiError::validation(format!("{path} must hold group ids"))
                        })?,
                ),
                "agent" => Target::Agents(
                    ids.iter()
                        .map(|v| v.as_str().map(str::to_string))
                        .collect::<Option<_>>()
                        .ok_or_else(|| {
                            ApiError::validation(format!("{path} must hold agent ids"))
                        })?,
                ),
                _ => return Err(ApiError::validation("target.type must be group or agent")),
            })
        }
    };
    let ignore_availability = if ctx.v == Version::V3_3 {
        a.opt_bool("force")?
    } else {
        a.opt_bool("ignore_requester_presence")?;
        a.opt_bool("ignore_agents_availability")?
    }
    .unwrap_or(false);
    a.finish()?;
    let ci = ctx.chat_index(&id)?;
    let ti = ctx.st.chats[ci]
        .active_thread()
        .ok_or_else(|| ApiError::of(ErrorKind::ChatInactive))?;
    match target {
        None => {}
        Some(Target::Groups(groups)) => {
            check_groups(ctx.st, &groups)?;
            let available = ctx.st.agents.iter().any(|agent| {
                agent.routing_status == "accepting_chats"
                    && agent.group_ids.iter().any(|g| groups.contains(g))
            });
            if !ignore_availability && !available {
                return Err(ApiError::new(
                    ErrorKind::AgentOffline,
                    "No agent of the target groups is accepting chats",
                ));
            }
            let chat = &mut ctx.st.chats[ci];
            chat.access.group_ids = groups.clone();
            chat.threads[ti].access.group_ids = groups;
        }
        Some(Target::Agents(agents)) => {
            for agent_id in &agents {
                let agent = ctx
                    .st
                    .agent(agent_id)
                    .ok_or_else(|| ApiError::not_found("Agent not found"))?;
                if !ignore_availability && agent.routing_status != "accepting_chats" {
                    return Err(ApiError::of(ErrorKind::AgentOffline)
                        .with_data(json!({ "agent_id": agent_id })));
                }
            }
            let chat = &mut ctx.st.chats[ci];
            chat.users
                .retain(|u| u.kind == UserKind::Customer || agents.contains(&u.id));
            for agent_id in &agents {
                chat.add_user(agent_id, UserKind::Agent, true, Visibility::All);
            }
        }
    }
    Ok(json!({}))
}

pub(super) fn grant_chat_access(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = a.id("id")?;
    let mut access = a.object("access")?;
    let kind = access.str("type")?;
    let group = access.opt_i64("id")?;
    access.finish()?;
    a.finish()?;
    let group = match (kind.as_str(), group) {
        ("group", Some(group)) => group,
        ("group", None) => return Err(ApiError::validation("access.id is required")),
        _ => return Err(ApiError::validation("access.type must be group")),
    };
    let ci = ctx.chat_index(&id)?;
    check_groups(ctx.st, &[group])?;
    let chat = &mut ctx.st.chats[ci];
    if !chat.access.group_ids.contains(&group) {
        chat.access.group_ids.push(group);
    }
    if let Some(ti) = chat.active_thread() {
        chat.threads[ti].access = chat.access.clone();
    }
    Ok(json!({}))
}

pub(super) fn revoke_chat_access(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = a.id("id")?;
    let mut access = a.object("access")?;
    let kind = access.str("type")?;
    let target = access.value("id")?;
    access.finish()?;
    a.finish()?;
    let ci = ctx.chat_index(&id)?;
    match kind.as_str() {
        "group" => {
            let group = target
                .as_i64()
                .ok_or_else(|| ApiError::validation("access.id must be a group id"))?;
            check_groups(ctx.st, &[group])?;
            let chat = &mut ctx.st.chats[ci];
            chat.access.group_ids.retain(|g| *g != group);
            if let Some(ti) = chat.active_thread() {
                chat.threads[ti].access = chat.access.clone();
            }
        }
        "agent" => {
            let agent = match &target {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            check_user_exists(ctx.st, &agent, UserKind::Agent)?;
            ctx.st.chats[ci].users.retain(|u| u.id != agent);
        }
        _ => return Err(ApiError::validation("access.type must be group or agent")),
    }
    Ok(json!({}))
}

pub(super) fn add_user_to_chat(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let chat_id = a.id("chat_id")?;
    let user_id = a.id("user_id")?;
    let kind = UserKind::parse(&a.str("user_type")?)
        .ok_or_else(|| ApiError::validation("user_type must be agent or customer"))?;
    let (visibility, require_active) = if ctx.v == Version::V3_3 {
        (
            Visibility::All,
            a.opt_bool("require_active_thread")?.unwrap_or(false),
        )
    } else {
        let visibility = Visibility::parse(&a.str("visibility")?)
            .ok_or_else(|| ApiError::validation("visibility must be all or agents"))?;
        a.opt_bool("ignore_requester_presence")?;
        (visibility, false)
    };
    a.finish()?;
    let ci = ctx.chat_index(&chat_id)?;
    check_user_exists(ctx.st, &user_id, kind)?;
    let chat = &mut ctx.st.chats[ci];
    if require_active && chat.active_thread().is_none() {
        return Err(ApiError::of(ErrorKind::ChatInactive));
    }
    if kind == UserKind::Customer && chat.customer_id().is_some_and(|c| c != user_id) {
        return Err(ApiError::validation("A chat can have only one customer"));
    }
    chat.add_user(&user_id, kind, true, visibility);
    Ok(json!({}))
}

pub(super) fn remove_user_from_chat(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let chat_id = a.id("chat_id")?;
    let user_id = a.id("user_id")?;
    // 3.3 docs list user_type too, but the 3.3 SDK omitted it: required from 3.4 on only.
    let user_type = if ctx.v == Version::V3_3 {
        a.opt_str("user_type")?
    } else {
        let user_type = a.str("user_type")?;
        a.opt_bool("ignore_requester_presence")?;
        Some(user_type)
    };
    a.finish()?;
    match user_type.as_deref() {
        None | Some("agent") => {}
        Some("customer") => {
            return Err(ApiError::validation("Removing a customer is not allowed"));
        }
        Some(_) => return Err(ApiError::validation("user_type must be agent")),
    }
    let ci = ctx.chat_index(&chat_id)?;
    let chat = &mut ctx.st.chats[ci];
    match chat.user(&user_id).map(|u| u.kind) {
        None => Err(ApiError::not_found("User not found in the chat")),
        Some(UserKind::Customer) => Err(ApiError::validation("Removing a customer is not allowed")),
        Some(UserKind::Agent) => {
            chat.users.retain(|u| u.id != user_id);
            Ok(json!({}))
        }
    }
}
