//! Reading chats: list_chats, list_threads, get_chat and list_archives, with their filters.

use super::Ctx;
use super::args::Args;
use crate::clock;
use crate::errors::{ApiError, ApiResult};
use crate::pagination::{Key, PageQuery};
use crate::state::State;
use crate::state::chats::{Chat, Thread};
use crate::state::properties::{self, PropertyFilter};
use crate::version::Version;
use serde_json::{Map, Value};

pub(super) fn list_chats(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let page = PageQuery::begin(&mut a, "list_chats", "", 10, &["filters"])?;
    a.finish()?;
    let filters = ChatFilters::parse(ctx, page.param("filters").cloned())?;
    let view = ctx.view();
    let items: Vec<(Key, &Chat)> = ctx
        .st
        .chats
        .iter()
        .filter(|c| ctx.can_access(c) && filters.matches(c))
        .map(|c| ((c.created_at.0, c.id.clone()), c))
        .collect();
    let page = page.paginate(items);
    let list: Vec<Value> = page.items.iter().map(|c| view.chat_summary(c)).collect();
    let key = if ctx.v >= Version::V3_7 {
        "chats_info"
    } else {
        "chats_summary"
    };
    let mut out = Map::new();
    out.insert(key.into(), Value::Array(list));
    out.insert("found_chats".into(), page.total.into());
    page.add_page_ids(&mut out);
    Ok(Value::Object(out))
}

/// list_chats filters (`include_active` up to 3.5, tri-state `active` from 3.6).
struct ChatFilters {
    active: Option<bool>,
    include_active: bool,
    include_without_threads: bool,
    group_ids: Option<Vec<i64>>,
    properties: Option<PropertyFilter>,
}

impl ChatFilters {
    fn parse(ctx: &Ctx<'_>, value: Option<Value>) -> ApiResult<ChatFilters> {
        let mut filters = ChatFilters {
            active: None,
            include_active: true,
            include_without_threads: true,
            group_ids: None,
            properties: None,
        };
        let Some(value) = value else {
            return Ok(filters);
        };
        let mut f = Args::from_value(value, "filters")?;
        if ctx.v >= Version::V3_6 {
            filters.active = f.opt_bool("active")?;
        } else {
            filters.include_active = f.opt_bool("include_active")?.unwrap_or(true);
        }
        if let Some(b) = f.opt_bool("include_chats_without_threads")? {
            filters.include_without_threads = b;
        }
        filters.group_ids = f.opt_ints("group_ids", 200)?;
        filters.properties = property_filter(ctx, &mut f)?;
        f.finish()?;
        Ok(filters)
    }

    fn matches(&self, chat: &Chat) -> bool {
        let active = chat.active_thread().is_some();
        self.active.is_none_or(|want| want == active)
            && (self.include_active || !active)
            && (self.include_without_threads || !chat.threads.is_empty())
            && self
                .group_ids
                .as_ref()
                .is_none_or(|ids| chat.access.group_ids.iter().any(|g| ids.contains(g)))
            && self
                .properties
                .as_ref()
                .is_none_or(|p| p.matches(&chat.properties))
    }
}

fn property_filter(ctx: &Ctx<'_>, f: &mut Args) -> ApiResult<Option<PropertyFilter>> {
    let path = f.path("properties");
    f.take_raw("properties")
        .map(|v| PropertyFilter::parse(&ctx.st.properties, &v, &path))
        .transpose()
}

pub(super) fn list_threads(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let chat_id = a.id("chat_id")?;
    let page = PageQuery::begin(
        &mut a,
        "list_threads",
        &chat_id,
        3,
        &["filters", "min_events_count"],
    )?;
    a.finish()?;
    let min_events = match page.param("min_events_count") {
        None => None,
        Some(v) => match v.as_u64() {
            Some(n) if (1..=100).contains(&n) => Some(n as usize),
            _ => {
                return Err(ApiError::validation(
                    "min_events_count must be between 1 and 100",
                ));
            }
        },
    };
    if min_events.is_some() && (page.limit_given || page.param("filters").is_some()) {
        return Err(ApiError::validation(
            "min_events_count cannot be used with limit or filters",
        ));
    }
    let (from, to) = match page.param("filters").cloned() {
        None => (None, None),
        Some(value) => {
            let mut f = Args::from_value(value, "filters")?;
            let range = (f.opt_time("from")?, f.opt_time("to")?);
            f.finish()?;
            range
        }
    };
    let chat = &ctx.st.chats[ctx.chat_index(&chat_id)?];
    let view = ctx.view();
    let mut out = Map::new();
    if let Some(min) = min_events {
        let mut chosen = Vec::new();
        let mut events = 0;
        for (index, thread) in chat.threads.iter().enumerate().rev() {
            chosen.push(index);
            events += thread.events.len();
            if events >= min {
                break;
            }
        }
        if !page.descending() {
            chosen.reverse();
        }
        let threads: Vec<Value> = chosen.iter().map(|&i| view.thread(chat, i, true)).collect();
        out.insert("threads".into(), Value::Array(threads));
        out.insert("found_threads".into(), chat.threads.len().into());
        return Ok(Value::Object(out));
    }
    let items: Vec<(Key, usize)> = chat
        .threads
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            from.is_none_or(|f| t.created_at >= f) && to.is_none_or(|x| t.created_at <= x)
        })
        .map(|(i, t)| ((t.created_at.0, t.id.clone()), i))
        .collect();
    let page = page.paginate(items);
    let threads: Vec<Value> = page
        .items
        .iter()
        .map(|&i| view.thread(chat, i, true))
        .collect();
    out.insert("threads".into(), Value::Array(threads));
    out.insert("found_threads".into(), page.total.into());
    page.add_page_ids(&mut out);
    Ok(Value::Object(out))
}

pub(super) fn get_chat(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let chat_id = a.id("chat_id")?;
    let thread_id = a.opt_str("thread_id")?;
    a.finish()?;
    let chat = &ctx.st.chats[ctx.chat_index(&chat_id)?];
    let thread = match thread_id {
        Some(id) => Some(
            chat.thread_index(&id)
                .ok_or_else(|| ApiError::not_found("Thread not found"))?,
        ),
        None => chat.threads.len().checked_sub(1),
    };
    Ok(ctx.view().chat(chat, thread))
}

pub(super) fn list_archives(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let page = PageQuery::begin(&mut a, "list_archives", "", 10, &["filters"])?;
    if let Some(mut highlights) = a.opt_object("highlights")? {
        highlights.opt_str("pre_tag")?;
        highlights.opt_str("post_tag")?;
        highlights.finish()?;
    }
    a.finish()?;
    let filters = ArchiveFilters::parse(ctx, page.param("filters").cloned())?;
    let mut items: Vec<(Key, (usize, usize))> = Vec::new();
    for (ci, chat) in ctx.st.chats.iter().enumerate() {
        if !ctx.can_access(chat) {
            continue;
        }
        for (ti, thread) in chat.threads.iter().enumerate() {
            if filters.matches(ctx.st, chat, thread) {
                items.push(((thread.created_at.0, thread.id.clone()), (ci, ti)));
            }
        }
    }
    let page = page.paginate(items);
    let view = ctx.view();
    let chats: Vec<Value> = page
        .items
        .iter()
        .map(|&(ci, ti)| view.chat(&ctx.st.chats[ci], Some(ti)))
        .collect();
    let mut out = Map::new();
    out.insert("chats".into(), Value::Array(chats));
    out.insert("found_chats".into(), page.total.into());
    page.add_page_ids(&mut out);
    Ok(Value::Object(out))
}

/// `exists` / `values` / `exclude_values` / `require_every_value` over a set of strings.
#[derive(Default)]
struct SetFilter {
    exists: Option<bool>,
    values: Option<Vec<String>>,
    exclude: Option<Vec<String>>,
    every: bool,
}

impl SetFilter {
    fn parse(f: &mut Args, key: &str) -> ApiResult<Option<SetFilter>> {
        let Some(mut s) = f.opt_object(key)? else {
            return Ok(None);
        };
        let filter = SetFilter {
            exists: s.opt_bool("exists")?,
            values: strings_of(&mut s, "values")?,
            exclude: strings_of(&mut s, "exclude_values")?,
            every: s.opt_bool("require_every_value")?.unwrap_or(false),
        };
        if filter.exists.is_none() && filter.values.is_none() && filter.exclude.is_none() {
            return Err(ApiError::validation(format!(
                "{} needs exists, values or exclude_values",
                f.path(key)
            )));
        }
        s.finish()?;
        Ok(Some(filter))
    }

    fn matches<'a>(&self, set: impl Iterator<Item = &'a str> + Clone) -> bool {
        let has = |v: &String| set.clone().any(|s| s == v);
        self.exists
            .is_none_or(|e| e == set.clone().next().is_some())
            && self.values.as_ref().is_none_or(|vals| {
                if self.every {
                    vals.iter().all(has)
                } else {
                    vals.iter().any(has)
                }
            })
            && self
                .exclude
                .as_ref()
                .is_none_or(|vals| !vals.iter().any(has))
    }
}

/// Values of a set filter as strings (ints are accepted and compared as text).
fn strings_of(s: &mut Args, key: &str) -> ApiResult<Option<Vec<String>>> {
    let path = s.path(key);
    s.opt_array(key)?
        .map(|items| {
            items
                .into_iter()
                .map(|v| match v {
                    Value::String(text) => Ok(text),
                    Value::Number(n) => Ok(n.to_string()),
                    _ => Err(ApiError::validation(format!("{path} must hold strings"))),
                })
                .collect()
        })
        .transpose()
}

/// list_archives filters. `sales`, `goals`, `surveys`/`forms`, `greetings`, `agent_response`
/// and `agent_types` are validated as objects and otherwise ignored (the emulator has no such
/// data, so `sales`/`goals` behave as empty sets).
#[derive(Default)]
struct ArchiveFilters {
    query: Option<String>,
    from: Option<clock::Ts>,
    to: Option<clock::Ts>,
    chat_ids: Option<Vec<String>>,
    thread_ids: Option<Vec<String>>,
    group_ids: Option<Vec<i64>>,
    properties: Option<PropertyFilter>,
    agents: Option<SetFilter>,
    tags: Option<SetFilter>,
    sales: Option<SetFilter>,
    goals: Option<SetFilter>,
    event_types: Option<SetFilter>,
    customer_id: Option<String>,
    customer_email: Option<String>,
    customer_countries: Option<Vec<String>>,
}

impl ArchiveFilters {
    fn parse(ctx: &Ctx<'_>, value: Option<Value>) -> ApiResult<ArchiveFilters> {
        let Some(value) = value else {
            return Ok(ArchiveFilters::default());
        };
        let mut f = Args::from_value(value, "filters")?;
        let others = f.keys().into_iter().filter(|k| k != "thread_ids").count();
        let mut filters = ArchiveFilters {
            query: f.opt_str("query")?.map(|q| q.to_lowercase()),
            from: f.opt_time("from")?,
            to: f.opt_time("to")?,
            chat_ids: f.opt_strings("chat_ids", 1000)?,
            thread_ids: f.opt_strings("thread_ids", 20)?,
            group_ids: f.opt_ints("group_ids", 200)?,
            properties: property_filter(ctx, &mut f)?,
            agents: SetFilter::parse(&mut f, "agents")?,
            tags: SetFilter::parse(&mut f, "tags")?,
            sales: SetFilter::parse(&mut f, "sales")?,
            goals: SetFilter::parse(&mut f, "goals")?,
            event_types: SetFilter::parse(&mut f, "event_types")?,
            customer_id: f.opt_str("customer_id")?,
            customer_email: f.opt_str("customer_email")?,
            customer_countries: f.opt_strings("customer_countries", 250)?,
        };
        if filters.thread_ids.is_some() && others > 0 {
            return Err(ApiError::validation(
                "filters.thread_ids cannot be used with other filters",
            ));
        }
        // 3.3/3.4 spelled event types as `events.types`.
        if let Some(mut events) = f.opt_object("events")? {
            let types = events.opt_strings("types", 100)?;
            events.finish()?;
            if let Some(types) = types {
                filters.event_types = Some(SetFilter {
                    values: Some(types),
                    ..SetFilter::default()
                });
            }
        }
        for key in [
            "surveys",
            "forms",
            "greetings",
            "agent_response",
            "agent_types",
        ] {
            f.opt_object(key)?;
        }
        f.finish()?;
        Ok(filters)
    }

    fn matches(&self, st: &State, chat: &Chat, thread: &Thread) -> bool {
        let customer = chat.customer_id().and_then(|id| st.customer(id));
        let mut props = chat.properties.clone();
        properties::merge(&mut props, thread.properties.clone());
        let agents = thread
            .user_ids
            .iter()
            .filter(|id| st.agent(id).is_some())
            .map(String::as_str);
        let kinds = thread.events.iter().map(|e| e.kind.as_str());
        self.query.as_ref().is_none_or(|q| {
            thread.events.iter().any(|e| {
                ["text", "name"].iter().any(|field| {
                    e.fields
                        .get(*field)
                        .and_then(Value::as_str)
                        .is_some_and(|t| t.to_lowercase().contains(q))
                })
            })
        }) && self.from.is_none_or(|f| thread.created_at >= f)
            && self.to.is_none_or(|t| thread.created_at <= t)
            && self
                .chat_ids
                .as_ref()
                .is_none_or(|ids| ids.contains(&chat.id))
            && self
                .thread_ids
                .as_ref()
                .is_none_or(|ids| ids.contains(&thread.id))
            && self
                .group_ids
                .as_ref()
                .is_none_or(|ids| thread.access.group_ids.iter().any(|g| ids.contains(g)))
            && self.properties.as_ref().is_none_or(|p| p.matches(&props))
            && self.agents.as_ref().is_none_or(|s| s.matches(agents))
            && self
                .tags
                .as_ref()
                .is_none_or(|s| s.matches(thread.tags.iter().map(String::as_str)))
            && self
                .sales
                .as_ref()
                .is_none_or(|s| s.matches(std::iter::empty()))
            && self
                .goals
                .as_ref()
                .is_none_or(|s| s.matches(std::iter::empty()))
            && self.event_types.as_ref().is_none_or(|s| s.matches(kinds))
            && self
                .customer_id
                .as_ref()
                .is_none_or(|id| chat.customer_id() == Some(id.as_str()))
            && self.customer_email.as_ref().is_none_or(|email| {
                customer
                    .and_then(|c| c.email.as_deref())
                    .is_some_and(|e| e.eq_ignore_ascii_case(email))
            })
            && self.customer_countries.as_ref().is_none_or(|codes| {
                customer
                    .and_then(|c| c.country_code())
                    .is_some_and(|code| codes.iter().any(|c| c.eq_ignore_ascii_case(code)))
            })
    }
}
