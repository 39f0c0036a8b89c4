//! Routing actions: set_routing_status, list_routing_statuses and list_agents_for_transfer
//! (the last two answer top-level JSON arrays).

use super::Ctx;
use super::args::Args;
use crate::errors::{ApiError, ApiResult};
use crate::state::chats::UserKind;
use serde_json::{Value, json};

pub(super) fn set_routing_status(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let status = a.str("status")?;
    let agent_id = a.opt_str("agent_id")?;
    a.finish()?;
    let agent_id = agent_id.unwrap_or_else(|| ctx.me.to_string());
    let agent = ctx
        .st
        .agents
        .iter_mut()
        .find(|a| a.id == agent_id)
        .ok_or_else(|| ApiError::not_found("Agent not found"))?;
    let allowed = match status.as_str() {
        "accepting_chats" | "not_accepting_chats" => true,
        "offline" => agent.is_bot(),
        _ => false,
    };
    if !allowed {
        return Err(ApiError::validation(if agent.is_bot() {
            "status must be accepting_chats, not_accepting_chats or offline"
        } else {
            "status must be accepting_chats or not_accepting_chats"
        }));
    }
    agent.routing_status = status;
    Ok(json!({}))
}

pub(super) fn list_routing_statuses(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let groups = match a.opt_object("filters")? {
        None => None,
        Some(mut f) => {
            let groups = f.opt_ints("group_ids", 200)?;
            f.finish()?;
            groups
        }
    };
    a.finish()?;
    let list: Vec<Value> = ctx
        .st
        .agents
        .iter()
        .filter(|agent| {
            groups
                .as_ref()
                .is_none_or(|g| agent.group_ids.iter().any(|id| g.contains(id)))
        })
        .map(|agent| json!({ "agent_id": agent.id, "status": agent.routing_status }))
        .collect();
    Ok(Value::Array(list))
}

pub(super) fn list_agents_for_transfer(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let chat_id = a.id("chat_id")?;
    a.finish()?;
    let chat = &ctx.st.chats[ctx.chat_index(&chat_id)?];
    // Online agents not already in the chat, least busy first; only active chats with a
    // customer count, as documented.
    let mut list: Vec<(usize, &str)> = ctx
        .st
        .agents
        .iter()
        .filter(|agent| agent.is_online() && chat.user(&agent.id).is_none())
        .map(|agent| {
            let active = ctx
                .st
                .chats
                .iter()
                .filter(|c| {
                    c.active_thread().is_some()
                        && c.customer_id().is_some()
                        && c.users
                            .iter()
                            .any(|u| u.kind == UserKind::Agent && u.id == agent.id)
                })
                .count();
            (active, agent.id.as_str())
        })
        .collect();
    list.sort();
    Ok(Value::Array(
        list.into_iter()
            .map(|(total, id)| json!({ "agent_id": id, "total_active_chats": total }))
            .collect(),
    ))
}
