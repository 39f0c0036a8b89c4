//! Agents: create, get, list, update, delete, suspend, unsuspend, approve and
//! request_agent_unsuspension. Agents are the same records the Agent Chat API acts on (the
//! seed's included); Configuration-only fields live in `state.config.agents`.

use super::ConfigCtx;
use super::bots::{PRIORITIES, set_priorities};
use crate::actions::args::Args;
use crate::errors::{ApiError, ApiResult, ErrorKind};
use crate::state::agents::Agent;
use crate::state::config::AgentDetails;
use crate::version::Version;
use serde_json::{Map, Value, json};

/// The roles an agent may be given (`owner` only by an ownership transfer).
const ROLES: [&str; 3] = ["viceowner", "administrator", "normal"];

/// The login statuses.
const LOGIN_STATUSES: [&str; 2] = ["accepting chats", "not accepting chats"];

/// Optional fields stored as they are given.
const PLAIN: [&str; 3] = ["job_title", "mobile", "login_status"];

/// What `create_agent` and `update_agent` read besides `id`.
#[derive(Default)]
struct AgentFields {
    name: Option<String>,
    role: Option<String>,
    avatar: Option<String>,
    groups: Option<Vec<(i64, Option<String>)>>,
    awaiting_approval: Option<bool>,
    stored: Map<String, Value>,
}

fn read_fields(ctx: &ConfigCtx<'_>, a: &mut Args, creating: bool) -> ApiResult<AgentFields> {
    let mut f = AgentFields {
        role: a.opt_str("role")?,
        ..AgentFields::default()
    };
    if creating {
        f.name = Some(a.str("name")?);
        f.awaiting_approval = a.opt_bool("awaiting_approval")?;
    } else if ctx.v <= Version::V3_5 {
        f.name = a.opt_str("name")?;
    }
    match ctx.v {
        Version::V3_3 => f.avatar = a.opt_str("avatar_path")?,
        Version::V3_4 | Version::V3_5 => f.avatar = a.opt_str("avatar")?,
        Version::V3_6 | Version::V3_7 => {}
    }
    for key in PLAIN {
        if let Some(value) = a.opt_str(key)? {
            f.stored.insert(key.into(), json!(value));
        }
    }
    if let Some(n) = a.opt_u64("max_chats_count")? {
        f.stored.insert("max_chats_count".into(), json!(n));
    }
    for key in ["notifications", "email_subscriptions"] {
        if let Some(list) = a.opt_strings(key, 100)? {
            f.stored.insert(key.into(), json!(list));
        }
    }
    if let Some(ws) = a.take_raw("work_scheduler") {
        if !ws.is_object() {
            return Err(ApiError::validation("work_scheduler must be an object"));
        }
        f.stored.insert("work_scheduler".into(), ws);
    }
    if let Some(items) = a.opt_array("groups")? {
        let mut groups = Vec::new();
        for item in items {
            let mut g = Args::from_value(item, "groups[]")?;
            let id = super::int(&mut g, "id")?;
            let priority = g.opt_str("priority")?;
            g.finish()?;
            groups.push((id, priority));
        }
        f.groups = Some(groups);
    }
    Ok(f)
}

/// Checks the values read: role, login status, groups and priorities, name.
fn check_fields(ctx: &ConfigCtx<'_>, f: &AgentFields) -> ApiResult<()> {
    if let Some(role) = &f.role {
        if !ROLES.contains(&role.as_str()) {
            return Err(ApiError::validation(format!(
                "role must be one of {}",
                ROLES.join(", ")
            )));
        }
    }
    if let Some(status) = f.stored.get("login_status").and_then(Value::as_str) {
        if !LOGIN_STATUSES.contains(&status) {
            return Err(ApiError::validation(
                "login_status must be \"accepting chats\" or \"not accepting chats\"",
            ));
        }
    }
    for (id, priority) in f.groups.iter().flatten() {
        ctx.existing_group(*id)?;
        if let Some(p) = priority {
            if !PRIORITIES.contains(&p.as_str()) {
                return Err(ApiError::validation(format!("Unknown priority {p}")));
            }
        }
    }
    if f.name.as_deref().is_some_and(str::is_empty) {
        return Err(ApiError::validation("name cannot be empty"));
    }
    Ok(())
}

fn apply(ctx: &mut ConfigCtx<'_>, id: &str, f: AgentFields) {
    if let Some(agent) = ctx.st.agents.iter_mut().find(|a| a.id == id) {
        if let Some(name) = f.name {
            agent.name = name;
        }
        if let Some(role) = f.role {
            agent.permission = role;
        }
        if let Some(avatar) = f.avatar {
            agent.avatar = Some(avatar);
        }
        if let Some(groups) = &f.groups {
            agent.group_ids = groups.iter().map(|(g, _)| *g).collect();
        }
    }
    if let Some(groups) = &f.groups {
        set_priorities(ctx, id, groups, None);
    }
    let details = ctx.st.config.agents.entry(id.to_string()).or_default();
    details.fields.extend(f.stored);
    if let Some(waiting) = f.awaiting_approval {
        details.awaiting_approval = waiting;
    }
}

/// The human agent with `id` (`not_found` otherwise; bots are not agents here).
fn agent<'s>(ctx: &'s ConfigCtx<'_>, id: &str) -> ApiResult<&'s Agent> {
    ctx.st
        .agent(id)
        .filter(|a| !a.is_bot())
        .ok_or_else(|| ApiError::not_found("Agent not found"))
}

/// A stable account id (UUID-shaped) derived from the agent id.
fn account_id(id: &str) -> String {
    let mut hash: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for byte in id.bytes() {
        hash ^= u128::from(byte);
        hash = hash.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013B);
    }
    let hex = format!("{hash:032x}");
    format!(
        "{}-{}-4{}-a{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}

/// The groups of an agent with priorities.
fn groups_of(ctx: &ConfigCtx<'_>, agent: &Agent) -> Value {
    let groups: Vec<Value> = agent
        .group_ids
        .iter()
        .map(|g| {
            let priority = ctx
                .st
                .config
                .groups
                .get(g)
                .and_then(|d| d.priorities.get(&agent.id))
                .map_or("normal", String::as_str);
            json!({ "id": g, "priority": priority })
        })
        .collect();
    Value::Array(groups)
}

fn render(ctx: &ConfigCtx<'_>, agent: &Agent, fields: &[String]) -> Value {
    let details = ctx.st.config.agents.get(&agent.id);
    let mut out = Map::new();
    out.insert("id".into(), json!(agent.id));
    out.insert("account_id".into(), json!(account_id(&agent.id)));
    out.insert("name".into(), json!(agent.name));
    if let Some(avatar) = &agent.avatar {
        let key = if ctx.v == Version::V3_3 {
            "avatar_path"
        } else {
            "avatar"
        };
        out.insert(key.into(), json!(avatar));
    }
    out.insert("role".into(), json!(agent.permission));
    let login = details
        .and_then(|d| d.fields.get("login_status").cloned())
        .unwrap_or_else(|| json!("accepting chats"));
    out.insert("login_status".into(), login);
    for field in fields {
        let value = match field.as_str() {
            "groups" => Some(groups_of(ctx, agent)),
            "suspended" => Some(json!(details.is_some_and(|d| d.suspended))),
            "awaiting_approval" => Some(json!(details.is_some_and(|d| d.awaiting_approval))),
            other => details.and_then(|d| d.fields.get(other).cloned()),
        };
        if let Some(value) = value {
            out.insert(field.clone(), value);
        }
    }
    Value::Object(out)
}

pub(super) fn create_agent(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = a.id("id")?;
    let fields = read_fields(ctx, &mut a, true)?;
    a.finish()?;
    check_fields(ctx, &fields)?;
    if ctx.st.agent(&id).is_some() {
        return Err(ApiError::new(
            ErrorKind::AlreadyExists,
            format!("Agent {id} already exists"),
        ));
    }
    let groups = fields
        .groups
        .as_ref()
        .map_or_else(|| vec![0], |g| g.iter().map(|(id, _)| *id).collect());
    ctx.st.agents.push(Agent {
        id: id.clone(),
        name: String::new(),
        email: None,
        avatar: None,
        kind: "agent".into(),
        routing_status: "offline".into(),
        group_ids: groups,
        permission: "normal".into(),
        token: None,
    });
    apply(ctx, &id, fields);
    Ok(json!({ "id": id }))
}

pub(super) fn get_agent(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = a.id("id")?;
    let fields = a.opt_strings("fields", 50)?.unwrap_or_default();
    a.finish()?;
    let agent = agent(ctx, &id)?;
    Ok(render(ctx, agent, &fields))
}

pub(super) fn list_agents(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let mut group_ids = None;
    let mut suspended = None;
    if let Some(mut filters) = a.opt_object("filters")? {
        group_ids = filters.opt_ints("group_ids", 1000)?;
        if ctx.v >= Version::V3_5 {
            suspended = filters.opt_bool("suspended")?;
        }
        filters.finish()?;
    }
    let fields = a.opt_strings("fields", 50)?.unwrap_or_default();
    a.finish()?;
    let list: Vec<Value> = ctx
        .st
        .agents
        .iter()
        .filter(|agent| !agent.is_bot())
        .filter(|agent| {
            group_ids
                .as_ref()
                .is_none_or(|ids| agent.group_ids.iter().any(|g| ids.contains(g)))
        })
        .filter(|agent| {
            suspended.is_none_or(|want| {
                ctx.st
                    .config
                    .agents
                    .get(&agent.id)
                    .is_some_and(|d| d.suspended)
                    == want
            })
        })
        .map(|agent| render(ctx, agent, &fields))
        .collect();
    Ok(Value::Array(list))
}

pub(super) fn update_agent(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = a.id("id")?;
    let fields = read_fields(ctx, &mut a, false)?;
    a.finish()?;
    check_fields(ctx, &fields)?;
    let current = agent(ctx, &id)?;
    if current.permission == "owner" && fields.role.is_some() {
        return Err(ApiError::new(
            ErrorKind::OwnershipTransfer,
            "The owner's role changes only by an ownership transfer",
        ));
    }
    apply(ctx, &id, fields);
    Ok(json!({}))
}

/// Reads `id` of an agent that is not the owner (for delete/suspend).
fn not_owner(ctx: &ConfigCtx<'_>, a: &mut Args, what: &str) -> ApiResult<String> {
    let id = a.id("id")?;
    let agent = agent(ctx, &id)?;
    if agent.permission == "owner" {
        return Err(ApiError::new(
            ErrorKind::OwnershipTransfer,
            format!("The license owner cannot be {what}; transfer the ownership first"),
        ));
    }
    Ok(id)
}

pub(super) fn delete_agent(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = not_owner(ctx, &mut a, "deleted")?;
    a.finish()?;
    ctx.st.agents.retain(|agent| agent.id != id);
    ctx.st.config.agents.remove(&id);
    for details in ctx.st.config.groups.values_mut() {
        details.priorities.remove(&id);
    }
    Ok(json!({}))
}

fn details<'s>(ctx: &'s mut ConfigCtx<'_>, id: &str) -> &'s mut AgentDetails {
    ctx.st.config.agents.entry(id.to_string()).or_default()
}

pub(super) fn suspend_agent(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = not_owner(ctx, &mut a, "suspended")?;
    a.finish()?;
    if id == ctx.me {
        return Err(ApiError::validation("An agent cannot suspend themselves"));
    }
    details(ctx, &id).suspended = true;
    Ok(json!({}))
}

pub(super) fn unsuspend_agent(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = a.id("id")?;
    a.finish()?;
    agent(ctx, &id)?;
    details(ctx, &id).suspended = false;
    Ok(json!({}))
}

pub(super) fn approve_agent(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = a.id("id")?;
    a.finish()?;
    agent(ctx, &id)?;
    details(ctx, &id).awaiting_approval = false;
    Ok(json!({}))
}

pub(super) fn request_agent_unsuspension(_ctx: &mut ConfigCtx<'_>, a: Args) -> ApiResult<Value> {
    a.finish()?;
    // The e-mail to the owners is not modelled.
    Ok(json!({}))
}
