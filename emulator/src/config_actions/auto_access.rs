//! Auto access rules: `access.groups` granted when `conditions` (url, domain, geolocation)
//! match; `next_id` orders them. Stored as documented, not evaluated.

use super::ConfigCtx;
use crate::actions::args::Args;
use crate::errors::{ApiError, ApiResult};
use serde_json::{Map, Value, json};

/// Reads `access` (`{"groups": [ids]}`).
fn read_access(ctx: &ConfigCtx<'_>, value: Value) -> ApiResult<Value> {
    let mut access = Args::from_value(value, "access")?;
    let groups = access
        .opt_ints("groups", 1000)?
        .ok_or_else(|| ApiError::validation("access.groups is required"))?;
    access.finish()?;
    for g in &groups {
        ctx.existing_group(*g)?;
    }
    Ok(json!({ "groups": groups }))
}

/// Reads `conditions` (`url`, `domain`, `geolocation`), at least one.
fn read_conditions(value: Value) -> ApiResult<Value> {
    let mut c = Args::from_value(value, "conditions")?;
    let mut out = Map::new();
    for key in ["url", "domain", "geolocation"] {
        if let Some(v) = c.take_raw(key) {
            if !v.is_object() {
                return Err(ApiError::validation(format!(
                    "conditions.{key} must be an object"
                )));
            }
            out.insert(key.into(), v);
        }
    }
    c.finish()?;
    if out.is_empty() {
        return Err(ApiError::validation(
            "conditions needs url, domain or geolocation",
        ));
    }
    Ok(Value::Object(out))
}

fn index(ctx: &ConfigCtx<'_>, id: &str) -> ApiResult<usize> {
    ctx.st
        .config
        .auto_accesses
        .iter()
        .position(|r| r["id"] == json!(id))
        .ok_or_else(|| ApiError::not_found("Auto access not found"))
}

pub(super) fn add_auto_access(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let access = a.value("access")?;
    let conditions = a.value("conditions")?;
    let description = a.opt_str("description")?;
    let next_id = a.opt_str("next_id")?;
    a.finish()?;
    let access = read_access(ctx, access)?;
    let conditions = read_conditions(conditions)?;
    let position = match &next_id {
        Some(next) => index(ctx, next)?,
        None => ctx.st.config.auto_accesses.len(),
    };
    let id = crate::ids::hex32();
    let mut rule = json!({
        "id": id,
        "access": access,
        "conditions": conditions,
        "created_at": ctx.now.to_rfc3339(),
    });
    if let (Some(d), Some(map)) = (description, rule.as_object_mut()) {
        map.insert("description".into(), json!(d));
    }
    ctx.st.config.auto_accesses.insert(position, rule);
    Ok(json!({ "id": id }))
}

pub(super) fn list_auto_accesses(ctx: &mut ConfigCtx<'_>, a: Args) -> ApiResult<Value> {
    a.finish()?;
    let rules = &ctx.st.config.auto_accesses;
    let list: Vec<Value> = rules
        .iter()
        .enumerate()
        .map(|(i, rule)| {
            let mut rule = rule.clone();
            if let (Some(next), Some(map)) = (rules.get(i + 1), rule.as_object_mut()) {
                map.insert("next_id".into(), next["id"].clone());
            }
            rule
        })
        .collect();
    Ok(Value::Array(list))
}

pub(super) fn delete_auto_access(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = a.id("id")?;
    a.finish()?;
    let i = index(ctx, &id)?;
    ctx.st.config.auto_accesses.remove(i);
    Ok(json!({}))
}

pub(super) fn update_auto_access(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = a.id("id")?;
    let access = a.take_raw("access");
    let conditions = a.take_raw("conditions");
    let description = a.opt_str("description")?;
    let next_id = a.opt_str("next_id")?;
    a.finish()?;
    let access = access.map(|v| read_access(ctx, v)).transpose()?;
    let conditions = conditions.map(read_conditions).transpose()?;
    let i = index(ctx, &id)?;
    if let Some(next) = &next_id {
        if next == &id {
            return Err(ApiError::validation("next_id cannot be the rule itself"));
        }
        index(ctx, next)?;
    }
    let mut rule = ctx.st.config.auto_accesses.remove(i);
    if let Some(map) = rule.as_object_mut() {
        if let Some(access) = access {
            map.insert("access".into(), access);
        }
        if let Some(conditions) = conditions {
            map.insert("conditions".into(), conditions);
        }
        if let Some(d) = description {
            map.insert("description".into(), json!(d));
        }
    }
    let position = match &next_id {
        Some(next) => index(ctx, next)?,
        None => i.min(ctx.st.config.auto_accesses.len()),
    };
    ctx.st.config.auto_accesses.insert(position, rule);
    Ok(json!({}))
}
