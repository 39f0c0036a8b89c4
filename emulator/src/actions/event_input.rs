//! Validation of events sent by clients (send_event, start_chat/resume_chat initial events,
//! send_event_preview): known types, their fields, visibility (`recipients` in 3.3) and
//! event properties.

use super::Ctx;
use super::args::Args;
use crate::errors::{ApiError, ApiResult};
use crate::state::chats::{NewEvent, Visibility};
use crate::state::files;
use crate::state::properties::{self, Location};
use crate::version::Version;
use serde_json::{Map, Value};

/// The longest `text` of a message (16 KB).
const MAX_TEXT: usize = 16 * 1024;

const RICH_TEMPLATES: [&str; 4] = ["cards", "sticker", "quick_replies", "ecommerce"];

/// Parses one event object at `path`.
pub(super) fn parse(ctx: &Ctx<'_>, value: Value, path: &str) -> ApiResult<NewEvent> {
    let mut a = Args::from_value(value, path)?;
    let kind = a.str("type")?;
    let custom_id = a.opt_str("custom_id")?;
    let visibility_key = if ctx.v == Version::V3_3 {
        "recipients"
    } else {
        "visibility"
    };
    let visibility = match a.opt_str(visibility_key)? {
        None => Visibility::All,
        Some(text) => Visibility::parse(&text).ok_or_else(|| {
            ApiError::validation(format!("{} must be all or agents", a.path(visibility_key)))
        })?,
    };
    let properties = match a.take_raw("properties") {
        None => Default::default(),
        Some(value) => properties::parse_values(
            &ctx.st.properties,
            Location::Event,
            &value,
            &a.path("properties"),
        )?,
    };
    let mut fields = Map::new();
    match kind.as_str() {
        "message" => {
            let text = a.str("text")?;
            if text.len() > MAX_TEXT {
                return Err(ApiError::validation(format!(
                    "{} is longer than 16 KB",
                    a.path("text")
                )));
            }
            fields.insert("text".into(), Value::String(text));
            if let Some(mut postback) = a.opt_object("postback")? {
                let mut out = Map::new();
                out.insert("id".into(), postback.str("id")?.into());
                for key in ["thread_id", "event_id", "type", "value"] {
                    if let Some(v) = postback.opt_str(key)? {
                        out.insert(key.into(), v.into());
                    }
                }
                if let Some(ecommerce) = postback.take_raw("ecommerce") {
                    out.insert("ecommerce".into(), ecommerce);
                }
                postback.finish()?;
                fields.insert("postback".into(), Value::Object(out));
            }
        }
        "file" => {
            let url = a.str("url")?;
            let file = files::id_from_url(&url)
                .and_then(|id| ctx.st.file(id))
                .ok_or_else(|| {
                    ApiError::validation(format!(
                        "{} must be a URL returned by upload_file",
                        a.path("url")
                    ))
                })?;
            fields.insert("url".into(), file.url.clone().into());
            fields.insert("name".into(), file.name.clone().into());
            fields.insert("content_type".into(), file.content_type.clone().into());
            fields.insert("size".into(), file.size.into());
            if let Some(text) = a.opt_str("alternative_text")? {
                fields.insert("alternative_text".into(), text.into());
            }
        }
        "rich_message" => {
            let template = a.str("template_id")?;
            if !RICH_TEMPLATES.contains(&template.as_str()) {
                return Err(ApiError::validation(format!(
                    "{} must be one of {}",
                    a.path("template_id"),
                    RICH_TEMPLATES.join(", ")
                )));
            }
            fields.insert("template_id".into(), template.into());
            if let Some(elements) = a.opt_array("elements")? {
                if elements.len() > 10 || !elements.iter().all(Value::is_object) {
                    return Err(ApiError::validation(format!(
                        "{} must be at most 10 objects",
                        a.path("elements")
                    )));
                }
                fields.insert("elements".into(), Value::Array(elements));
            }
        }
        "custom" => {
            fields.insert("content".into(), a.value("content")?);
        }
        "system_message" => {
            for key in ["text", "system_message_type"] {
                if let Some(v) = a.opt_str(key)? {
                    fields.insert(key.into(), v.into());
                }
            }
            if let Some(vars) = a.take_raw("text_vars") {
                if !vars.is_object() {
                    return Err(ApiError::validation(format!(
                        "{} must be an object",
                        a.path("text_vars")
                    )));
                }
                fields.insert("text_vars".into(), vars);
            }
        }
        "filled_form" | "form" => {
            fields.insert("form_id".into(), a.id("form_id")?.into());
            if let Some(form_type) = a.opt_str("form_type")? {
                fields.insert("form_type".into(), form_type.into());
            }
            let list = a
                .opt_array("fields")?
                .ok_or_else(|| ApiError::validation(format!("{} is required", a.path("fields"))))?;
            fields.insert("fields".into(), Value::Array(list));
        }
        "system" => {
            return Err(ApiError::validation(
                "Events of type system are created by the server only",
            ));
        }
        other => {
            return Err(ApiError::validation(format!(
                "{}: unknown event type {other}",
                a.path("type")
            )));
        }
    }
    a.finish()?;
    Ok(NewEvent {
        kind,
        visibility,
        custom_id,
        properties,
        fields,
    })
}

/// Parses an optional array of events at `path`.
pub(super) fn parse_list(
    ctx: &Ctx<'_>,
    list: Option<Vec<Value>>,
    path: &str,
) -> ApiResult<Vec<NewEvent>> {
    list.unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, v)| parse(ctx, v, &format!("{path}[{i}]")))
        .collect()
}
