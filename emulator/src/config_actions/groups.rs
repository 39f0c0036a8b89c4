//! Groups: create, get, list, update, delete. Membership is the agents' `group_ids` (what the
//! Agent Chat API checks for access); priorities live in `state.config.groups`.

use super::ConfigCtx;
use super::bots::PRIORITIES;
use crate::actions::args::Args;
use crate::errors::{ApiError, ApiResult, ErrorKind};
use crate::state::agents::Group;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Reads `agent_priorities` (`{"<agent id>": "<priority>"}`), checking the priorities.
fn read_priorities(a: &mut Args) -> ApiResult<Option<BTreeMap<String, String>>> {
    let Some(raw) = a.take_raw("agent_priorities") else {
        return Ok(None);
    };
    let Value::Object(map) = raw else {
        return Err(ApiError::validation("agent_priorities must be an object"));
    };
    let mut out = BTreeMap::new();
    for (agent, priority) in map {
        let Some(priority) = priority.as_str() else {
            return Err(ApiError::validation(format!(
                "agent_priorities.{agent} must be a string"
            )));
        };
        if !PRIORITIES.contains(&priority) {
            return Err(ApiError::validation(format!("Unknown priority {priority}")));
        }
        out.insert(agent, priority.to_string());
    }
    Ok(Some(out))
}

/// Every agent of `agent_priorities` must exist.
fn check_agents(
    ctx: &ConfigCtx<'_>,
    priorities: Option<&BTreeMap<String, String>>,
) -> ApiResult<()> {
    for agent in priorities.into_iter().flat_map(BTreeMap::keys) {
        if ctx.st.agent(agent).is_none() {
            return Err(ApiError::not_found(format!("Agent {agent} not found")));
        }
    }
    Ok(())
}

/// Makes the group's members exactly the agents of `priorities`.
fn set_members(ctx: &mut ConfigCtx<'_>, id: i64, priorities: BTreeMap<String, String>) {
    for agent in &mut ctx.st.agents {
        let member = priorities.contains_key(&agent.id);
        agent.group_ids.retain(|g| *g != id);
        if member {
            agent.group_ids.push(id);
        }
    }
    ctx.st.config.groups.entry(id).or_default().priorities = priorities;
}

fn check_language(code: Option<&str>) -> ApiResult<()> {
    match code {
        Some(c) if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_lowercase()) => Err(
            ApiError::validation("language_code must be a two-letter ISO 639-1 code"),
        ),
        _ => Ok(()),
    }
}

pub(super) fn create_group(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let name = a.id("name")?;
    let language = a.opt_str("language_code")?;
    let priorities = read_priorities(&mut a)?
        .ok_or_else(|| ApiError::validation("agent_priorities is required"))?;
    a.finish()?;
    check_language(language.as_deref())?;
    check_agents(ctx, Some(&priorities))?;
    if ctx.st.groups.iter().any(|g| g.name == name) {
        return Err(ApiError::new(
            ErrorKind::AlreadyExists,
            format!("Group {name} already exists"),
        ));
    }
    let id = ctx.st.groups.iter().map(|g| g.id).max().unwrap_or(0) + 1;
    ctx.st.groups.push(Group { id, name });
    if let Some(code) = language {
        ctx.st.config.groups.entry(id).or_default().language_code = code;
    }
    set_members(ctx, id, priorities);
    Ok(json!({ "id": id }))
}

pub(super) fn update_group(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = super::int(&mut a, "id")?;
    let name = a.opt_str("name")?;
    let language = a.opt_str("language_code")?;
    let priorities = read_priorities(&mut a)?;
    a.finish()?;
    ctx.existing_group(id)?;
    check_language(language.as_deref())?;
    check_agents(ctx, priorities.as_ref())?;
    if let Some(name) = name {
        if let Some(group) = ctx.st.groups.iter_mut().find(|g| g.id == id) {
            group.name = name;
        }
    }
    if let Some(code) = language {
        ctx.st.config.groups.entry(id).or_default().language_code = code;
    }
    if let Some(priorities) = priorities {
        set_members(ctx, id, priorities);
    }
    Ok(json!({}))
}

pub(super) fn delete_group(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = super::int(&mut a, "id")?;
    a.finish()?;
    ctx.existing_group(id)?;
    if id == 0 {
        return Err(ApiError::validation("Group 0 cannot be deleted"));
    }
    ctx.st.groups.retain(|g| g.id != id);
    ctx.st.config.groups.remove(&id);
    ctx.st.config.group_properties.remove(&id);
    for agent in &mut ctx.st.agents {
        agent.group_ids.retain(|g| *g != id);
    }
    Ok(json!({}))
}

/// `accepting_chats` when a member accepts chats, `not_accepting_chats` when one is online,
/// else `offline`.
fn routing_status(ctx: &ConfigCtx<'_>, id: i64) -> &'static str {
    let members = ctx.st.agents.iter().filter(|a| a.group_ids.contains(&id));
    let mut status = "offline";
    for agent in members {
        match agent.routing_status.as_str() {
            "accepting_chats" => return "accepting_chats",
            "not_accepting_chats" => status = "not_accepting_chats",
            _ => {}
        }
    }
    status
}

fn render(ctx: &ConfigCtx<'_>, group: &Group, priorities: bool) -> Value {
    let details = ctx.st.config.groups.get(&group.id);
    let mut out = Map::new();
    out.insert("id".into(), json!(group.id));
    out.insert("name".into(), json!(group.name));
    out.insert(
        "language_code".into(),
        json!(details.map_or("en", |d| d.language_code.as_str())),
    );
    if priorities {
        let map: Map<String, Value> = ctx
            .st
            .agents
            .iter()
            .filter(|a| a.group_ids.contains(&group.id))
            .map(|a| {
                let p = details
                    .and_then(|d| d.priorities.get(&a.id))
                    .map_or("normal", String::as_str);
                (a.id.clone(), json!(p))
            })
            .collect();
        out.insert("agent_priorities".into(), Value::Object(map));
    }
    out.insert(
        "routing_status".into(),
        json!(routing_status(ctx, group.id)),
    );
    Value::Object(out)
}

fn read_fields(a: &mut Args) -> ApiResult<bool> {
    let fields = a.opt_strings("fields", 2)?.unwrap_or_default();
    for f in &fields {
        if !matches!(f.as_str(), "agent_priorities" | "routing_status") {
            return Err(ApiError::validation(format!(
                "Unknown field in fields: {f}"
            )));
        }
    }
    Ok(fields.iter().any(|f| f == "agent_priorities"))
}

pub(super) fn list_groups(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let priorities = read_fields(&mut a)?;
    a.finish()?;
    let list: Vec<Value> = ctx
        .st
        .groups
        .iter()
        .map(|g| render(ctx, g, priorities))
        .collect();
    Ok(Value::Array(list))
}

pub(super) fn get_group(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = super::int(&mut a, "id")?;
    read_fields(&mut a)?;
    a.finish()?;
    ctx.existing_group(id)?;
    let group = ctx
        .st
        .groups
        .iter()
        .find(|g| g.id == id)
        .ok_or_else(|| ApiError::of(ErrorKind::GroupNotFound))?;
    Ok(render(ctx, group, true))
}
