//! The webhook registry: `register_webhook` (validated against the version's webhook actions,
//! their filters and additional data; at most three per action and Client ID),
//! `list_webhooks`, `unregister_webhook`, `list_webhook_names` and the license-webhooks switch.

use super::ConfigCtx;
use super::webhook_names;
use crate::actions::args::Args;
use crate::errors::{ApiError, ApiResult, ErrorKind};
use crate::state::webhooks::{PER_ACTION_LIMIT, Webhook};
use crate::version::Version;
use serde_json::{Map, Value, json};

/// The longest accepted URL.
const URL_MAX: usize = 500;

/// Checks `url`: `http(s)://host…`, at most 500 characters, no whitespace.
fn check_url(url: &str) -> ApiResult<()> {
    if url.chars().count() > URL_MAX {
        return Err(ApiError::validation(format!(
            "url cannot be longer than {URL_MAX} characters"
        )));
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or_default());
    let valid = host.is_some_and(|h| !h.is_empty() && !h.starts_with(':'))
        && !url.chars().any(char::is_whitespace);
    if valid {
        Ok(())
    } else {
        Err(ApiError::validation("url must be a valid http(s) URL"))
    }
}

/// Reads `{values}` or `{exclude_values}` (exactly one) of strings.
fn check_values(value: Value, name: &str) -> ApiResult<()> {
    let mut a = Args::from_value(value, name)?;
    let values = a.opt_strings("values", 1000)?;
    let exclude = a.opt_strings("exclude_values", 1000)?;
    a.finish()?;
    if values.is_some() == exclude.is_some() {
        return Err(ApiError::validation(format!(
            "{name} needs exactly one of values and exclude_values"
        )));
    }
    Ok(())
}

/// Checks `filters` against those the action accepts.
fn check_filters(filters: &Value, action: &str, version: Version) -> ApiResult<()> {
    let allowed = webhook_names::filters(action, version);
    let Some(map) = filters.as_object() else {
        return Err(ApiError::validation("filters must be an object"));
    };
    for (key, value) in map {
        if !allowed.contains(&key.as_str()) {
            return Err(ApiError::validation(format!(
                "Filter {key} is not allowed for {action}"
            )));
        }
        match key.as_str() {
            "author_type" => {
                if !matches!(value.as_str(), Some("customer" | "agent")) {
                    return Err(ApiError::validation(
                        "filters.author_type must be customer or agent",
                    ));
                }
            }
            "only_my_chats" => {
                if !value.is_boolean() {
                    return Err(ApiError::validation("filters.only_my_chats must be a bool"));
                }
            }
            "source_type" => {
                let ok = value.as_array().is_some_and(|items| {
                    items.iter().all(|s| {
                        matches!(s.as_str(), Some("my_client" | "other_clients" | "system"))
                    })
                });
                if !ok {
                    return Err(ApiError::validation(
                        "filters.source_type must hold my_client, other_clients or system",
                    ));
                }
            }
            "chat_presence" => {
                let mut presence = Args::from_value(value.clone(), "filters.chat_presence")?;
                if let Some(ids) = presence.take_raw("user_ids") {
                    check_values(ids, "filters.chat_presence.user_ids")?;
                }
                presence.opt_bool("my_bots")?;
                presence.finish()?;
            }
            _ => check_values(value.clone(), &format!("filters.{key}"))?,
        }
    }
    Ok(())
}

/// A webhook as `list_webhooks` shows it (never its secret key).
fn render(w: &Webhook) -> Value {
    let mut out = Map::new();
    out.insert("id".into(), json!(w.id));
    out.insert("url".into(), json!(w.url));
    if let Some(d) = &w.description {
        out.insert("description".into(), json!(d));
    }
    out.insert("action".into(), json!(w.action));
    if let Some(f) = &w.filters {
        out.insert("filters".into(), f.clone());
    }
    if !w.additional_data.is_empty() {
        out.insert("additional_data".into(), json!(w.additional_data));
    }
    out.insert("owner_client_id".into(), json!(w.owner_client_id));
    out.insert("type".into(), json!(w.kind));
    Value::Object(out)
}

pub(super) fn register_webhook(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let action = a.id("action")?;
    let secret_key = a.id("secret_key")?;
    let url = a.id("url")?;
    let additional_data = a.opt_strings("additional_data", 2)?.unwrap_or_default();
    let description = a.opt_str("description")?;
    let filters = a.take_raw("filters");
    let owner = a.id("owner_client_id")?;
    let kind = a.id("type")?;
    a.finish()?;
    if !webhook_names::actions(ctx.v).contains(&action.as_str()) {
        return Err(ApiError::validation(format!(
            "Unknown webhook action {action} in API {}",
            ctx.v.as_str()
        )));
    }
    check_url(&url)?;
    if !matches!(kind.as_str(), "bot" | "license") {
        return Err(ApiError::validation("type must be bot or license"));
    }
    let allowed = webhook_names::additional_data(&action);
    if let Some(bad) = additional_data
        .iter()
        .find(|d| !allowed.contains(&d.as_str()))
    {
        return Err(ApiError::validation(format!(
            "additional_data {bad} is not available for {action}"
        )));
    }
    if let Some(filters) = &filters {
        check_filters(filters, &action, ctx.v)?;
    }
    if ctx.st.config.webhooks.count(&owner, &action) >= PER_ACTION_LIMIT {
        return Err(ApiError::new(
            ErrorKind::LimitReached,
            format!("A Client ID can register at most {PER_ACTION_LIMIT} webhooks per action"),
        ));
    }
    let id = crate::ids::hex32();
    ctx.st.config.webhooks.registered.push(Webhook {
        id: id.clone(),
        url,
        description,
        action,
        secret_key,
        filters,
        additional_data,
        owner_client_id: owner,
        kind,
        version: ctx.v.as_str().to_string(),
        created_at: ctx.now,
    });
    Ok(json!({ "id": id }))
}

pub(super) fn list_webhooks(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let owner = a.id("owner_client_id")?;
    a.finish()?;
    let list: Vec<Value> = ctx
        .st
        .config
        .webhooks
        .of_client(&owner)
        .map(render)
        .collect();
    Ok(Value::Array(list))
}

pub(super) fn unregister_webhook(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = a.id("id")?;
    let owner = a.id("owner_client_id")?;
    a.finish()?;
    if ctx.st.config.webhooks.remove(&owner, &id) {
        Ok(json!({}))
    } else {
        Err(ApiError::not_found("Webhook not found"))
    }
}

pub(super) fn list_webhook_names(_ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let version = a.opt_str("version")?;
    a.finish()?;
    let version = match version {
        // "Defaults to the current stable API version."
        None => Version::V3_6,
        Some(text) => Version::ALL
            .into_iter()
            .find(|v| v.as_str() == text)
            .ok_or_else(|| ApiError::validation(format!("Unknown version {text}")))?,
    };
    let names: Vec<Value> = webhook_names::actions(version)
        .iter()
        .map(|action| {
            let mut entry = json!({
                "action": action,
                "filters": webhook_names::filters(action, version),
            });
            let data = webhook_names::additional_data(action);
            if let (false, Some(map)) = (data.is_empty(), entry.as_object_mut()) {
                map.insert("additional_data".into(), json!(data));
            }
            entry
        })
        .collect();
    Ok(Value::Array(names))
}

fn switch(ctx: &mut ConfigCtx<'_>, mut a: Args, enable: Option<bool>) -> ApiResult<Value> {
    let owner = a.opt_str("owner_client_id")?;
    a.finish()?;
    let client = ctx.acting_client(owner)?;
    let webhooks = &mut ctx.st.config.webhooks;
    match enable {
        Some(true) => {
            webhooks.license_disabled.remove(&client);
        }
        Some(false) => {
            webhooks.license_disabled.insert(client);
        }
        None => {
            return Ok(json!({
                "license_webhooks_enabled": webhooks.license_enabled(&client)
            }));
        }
    }
    Ok(json!({}))
}

pub(super) fn enable_license_webhooks(ctx: &mut ConfigCtx<'_>, a: Args) -> ApiResult<Value> {
    switch(ctx, a, Some(true))
}

pub(super) fn disable_license_webhooks(ctx: &mut ConfigCtx<'_>, a: Args) -> ApiResult<Value> {
    switch(ctx, a, Some(false))
}

pub(super) fn get_license_webhooks_state(ctx: &mut ConfigCtx<'_>, a: Args) -> ApiResult<Value> {
    switch(ctx, a, None)
}
