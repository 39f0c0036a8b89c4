//! Greetings (3.6+): numeric ids, stored as given; `list_greetings` pages with `limit`
//! (default 25, at most 100) and an opaque `page_id` that carries the filters.

use super::ConfigCtx;
use crate::actions::args::Args;
use crate::errors::{ApiError, ApiResult};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value, json};

/// The greeting types.
const TYPES: [&str; 2] = ["normal", "announcement"];

/// Checks the values read: the type and the group.
fn check(ctx: &ConfigCtx<'_>, greeting: &Map<String, Value>) -> ApiResult<()> {
    if let Some(kind) = greeting.get("type").and_then(Value::as_str) {
        if !TYPES.contains(&kind) {
            return Err(ApiError::validation("type must be normal or announcement"));
        }
    }
    if let Some(group) = greeting.get("group").and_then(Value::as_i64) {
        ctx.existing_group(group)?;
    }
    Ok(())
}

/// Reads the greeting fields; `creating` makes type, active, name, group and rules required.
fn read(a: &mut Args, creating: bool) -> ApiResult<Map<String, Value>> {
    let mut out = Map::new();
    let kind = if creating {
        Some(a.id("type")?)
    } else {
        a.opt_str("type")?
    };
    if let Some(kind) = kind {
        out.insert("type".into(), json!(kind));
    }
    let active = if creating {
        Some(a.bool("active")?)
    } else {
        a.opt_bool("active")?
    };
    if let Some(active) = active {
        out.insert("active".into(), json!(active));
    }
    for key in ["active_from", "active_until"] {
        if let Some(ts) = a.opt_time(key)? {
            out.insert(key.into(), json!(ts.to_rfc3339()));
        }
    }
    let name = if creating {
        Some(a.id("name")?)
    } else {
        a.opt_str("name")?
    };
    if let Some(name) = name {
        out.insert("name".into(), json!(name));
    }
    if creating {
        let group = super::int(a, "group")?;
        out.insert("group".into(), json!(group));
    }
    let rules = if creating {
        Some(
            a.opt_array("rules")?
                .ok_or_else(|| ApiError::validation("rules is required"))?,
        )
    } else {
        a.opt_array("rules")?
    };
    if let Some(rules) = rules {
        if rules.iter().any(|r| !r.is_object()) {
            return Err(ApiError::validation("rules must hold objects"));
        }
        out.insert("rules".into(), Value::Array(rules));
    }
    for key in ["properties", "rich_message"] {
        if let Some(v) = a.take_raw(key) {
            if !v.is_object() {
                return Err(ApiError::validation(format!("{key} must be an object")));
            }
            out.insert(key.into(), v);
        }
    }
    Ok(out)
}

fn index(ctx: &ConfigCtx<'_>, id: i64) -> ApiResult<usize> {
    ctx.st
        .config
        .greetings
        .iter()
        .position(|g| g["id"].as_i64() == Some(id))
        .ok_or_else(|| ApiError::not_found(format!("Greeting {id} not found")))
}

pub(super) fn create_greeting(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let mut greeting = read(&mut a, true)?;
    a.finish()?;
    check(ctx, &greeting)?;
    let id = ctx.st.config.next_id();
    greeting.insert("id".into(), json!(id));
    ctx.st.config.greetings.push(Value::Object(greeting));
    Ok(json!({ "id": id }))
}

pub(super) fn update_greeting(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = super::int(&mut a, "id")?;
    let changes = read(&mut a, false)?;
    a.finish()?;
    check(ctx, &changes)?;
    let i = index(ctx, id)?;
    if let Some(greeting) = ctx.st.config.greetings[i].as_object_mut() {
        greeting.extend(changes);
    }
    Ok(json!({}))
}

pub(super) fn delete_greeting(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = super::int(&mut a, "id")?;
    a.finish()?;
    let i = index(ctx, id)?;
    ctx.st.config.greetings.remove(i);
    Ok(json!({}))
}

pub(super) fn get_greeting(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = super::int(&mut a, "id")?;
    a.finish()?;
    let i = index(ctx, id)?;
    Ok(ctx.st.config.greetings[i].clone())
}

pub(super) fn list_greetings(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let groups = a.opt_ints("groups", 1000)?;
    let page_id = a.opt_str("page_id")?;
    let limit = a.opt_u64("limit")?;
    a.finish()?;
    let (groups, limit, after) = match page_id {
        Some(page) => {
            if groups.is_some() || limit.is_some() {
                return Err(ApiError::validation(
                    "page_id cannot be combined with groups or limit",
                ));
            }
            let cursor = URL_SAFE_NO_PAD
                .decode(page.as_bytes())
                .ok()
                .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
                .ok_or_else(|| ApiError::validation("Invalid page_id"))?;
            let groups: Option<Vec<i64>> = cursor["groups"]
                .as_array()
                .map(|g| g.iter().filter_map(Value::as_i64).collect());
            (
                groups,
                cursor["limit"].as_u64().unwrap_or(25),
                cursor["after"].as_i64().unwrap_or(0),
            )
        }
        None => (groups, limit.unwrap_or(25), 0),
    };
    if !(1..=100).contains(&limit) {
        return Err(ApiError::validation("limit must be between 1 and 100"));
    }
    let matching: Vec<&Value> = ctx
        .st
        .config
        .greetings
        .iter()
        .filter(|g| {
            groups
                .as_ref()
                .is_none_or(|want| g["group"].as_i64().is_some_and(|x| want.contains(&x)))
        })
        .collect();
    let found = matching.len();
    let page: Vec<Value> = matching
        .iter()
        .filter(|g| g["id"].as_i64().unwrap_or(0) > after)
        .take(usize::try_from(limit).unwrap_or(25))
        .map(|g| (*g).clone())
        .collect();
    let mut out = json!({ "greetings": page, "found_greetings": found });
    let last = page.last().and_then(|g| g["id"].as_i64());
    let more = last.is_some_and(|last| {
        matching
            .iter()
            .any(|g| g["id"].as_i64().unwrap_or(0) > last)
    });
    if let (true, Some(last), Some(map)) = (more, last, out.as_object_mut()) {
        let cursor = json!({ "groups": groups, "limit": limit, "after": last });
        map.insert(
            "next_page_id".into(),
            json!(URL_SAFE_NO_PAD.encode(cursor.to_string())),
        );
    }
    Ok(out)
}
