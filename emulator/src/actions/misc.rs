//! The remaining actions: multicast, get_license_info (3.5) and logout (3.6+).

use super::Ctx;
use super::args::Args;
use crate::errors::{ApiError, ApiResult};
use crate::version::Version;
use serde_json::{Value, json};

pub(super) fn multicast(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let mut recipients = a.object("recipients")?;
    // Multicast content is delivered, never stored: only its presence matters here.
    a.value("content")?;
    a.opt_str("type")?;
    a.finish()?;
    let mut any = false;
    if let Some(mut agents) = recipients.opt_object("agents")? {
        if agents.opt_bool("all")? == Some(true) {
            any = true;
        }
        if let Some(ids) = agents.opt_strings("ids", 1000)? {
            any |= !ids.is_empty();
            if let Some(id) = ids.iter().find(|id| ctx.st.agent(id).is_none()) {
                return Err(ApiError::not_found(format!("Agent {id} not found")));
            }
        }
        // The docs type group ids as strings but show numbers: both are accepted.
        let groups = agents
            .opt_array("groups")?
            .map(|items| {
                items
                    .iter()
                    .map(|g| {
                        g.as_i64()
                            .or_else(|| g.as_str().and_then(|s| s.parse().ok()))
                    })
                    .collect::<Option<Vec<i64>>>()
                    .ok_or_else(|| {
                        ApiError::validation("recipients.agents.groups must hold group ids")
                    })
            })
            .transpose()?;
        if let Some(groups) = groups {
            any |= !groups.is_empty();
            if let Some(g) = groups.iter().find(|g| !ctx.st.has_group(**g)) {
                return Err(ApiError::not_found(format!("Group {g} not found")));
            }
        }
        agents.finish()?;
    }
    // `customers.ids` was dropped from the docs with 3.7.
    if ctx.v <= Version::V3_6 {
        if let Some(mut customers) = recipients.opt_object("customers")? {
            if let Some(ids) = customers.opt_strings("ids", 1000)? {
                any |= !ids.is_empty();
                if let Some(id) = ids.iter().find(|id| ctx.st.customer(id).is_none()) {
                    return Err(ApiError::not_found(format!("Customer {id} not found")));
                }
            }
            customers.finish()?;
        }
    }
    recipients.finish()?;
    if !any {
        return Err(ApiError::validation(
            "recipients needs agents.all, agents.ids, agents.groups or customers.ids",
        ));
    }
    Ok(json!({}))
}

pub(super) fn get_license_info(ctx: &mut Ctx<'_>, a: Args) -> ApiResult<Value> {
    a.finish()?;
    let license = &ctx.st.license;
    Ok(json!({
        "license_id": license.license_id,
        "created_at": license.created_at.to_rfc3339(),
        "expires_at": license.expires_at.to_rfc3339(),
        "in_trial": license.in_trial,
    }))
}

pub(super) fn logout(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let agent_id = a.opt_str("agent_id")?;
    a.finish()?;
    if let Some(id) = agent_id {
        ctx.st
            .agent(&id)
            .ok_or_else(|| ApiError::not_found("Agent not found"))?;
    }
    Ok(json!({}))
}
