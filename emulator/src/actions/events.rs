//! Event actions: send_event (and its preview), rich message postbacks, seen markers,
//! typing/thinking indicators, thread summaries and transcripts.

use super::args::Args;
use super::{Ctx, event_input};
use crate::clock::{self, Ts};
use crate::errors::{ApiError, ApiResult, ErrorKind};
use crate::state::chats::{NewEvent, Summary, UserKind, Visibility};
use crate::version::Version;
use serde_json::{Map, Value, json};

pub(super) fn send_event(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let chat_id = a.id("chat_id")?;
    let event = a.value("event")?;
    // Documented for 3.3 only (the client's table says so too); from 3.4 it is an unknown
    // field like any other. The official SDKs send it only when their caller gives it.
    let attach_to_last_thread = if ctx.v == Version::V3_3 {
        a.opt_bool("attach_to_last_thread")?.unwrap_or(false)
    } else {
        false
    };
    a.finish()?;
    let event = event_input::parse(ctx, event, "event")?;
    let ci = ctx.chat_index(&chat_id)?;
    let me = ctx.me;
    let chat = &mut ctx.st.chats[ci];
    let ti = match chat.active_thread() {
        Some(ti) => ti,
        // Inactive chats only take system messages, and only when asked to.
        None if attach_to_last_thread && event.kind == "system_message" => chat
            .threads
            .len()
            .checked_sub(1)
            .ok_or_else(|| ApiError::of(ErrorKind::ChatInactive))?,
        None => return Err(ApiError::of(ErrorKind::ChatInactive)),
    };
    // Writing without joining adds the requester as a non-present user.
    if chat.user(me).is_none() {
        chat.add_user(me, UserKind::Agent, false, Visibility::All);
    }
    let event_id = chat.threads[ti].push_event(event, Some(me));
    let at = chat.threads[ti]
        .events
        .last()
        .map_or_else(clock::now, |e| e.created_at);
    chat.mark_seen(me, at);
    Ok(json!({ "event_id": event_id }))
}

pub(super) fn send_event_preview(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let chat_id = a.id("chat_id")?;
    let event = a.value("event")?;
    a.finish()?;
    let event: NewEvent = event_input::parse(ctx, event, "event")?;
    if event.kind != "message" || event.visibility != Visibility::All {
        return Err(ApiError::validation(
            "event must be a message visible to all",
        ));
    }
    let ci = ctx.chat_index(&chat_id)?;
    require_active(ctx, ci)?;
    Ok(json!({}))
}

fn require_active(ctx: &Ctx<'_>, ci: usize) -> ApiResult<usize> {
    ctx.st.chats[ci]
        .active_thread()
        .ok_or_else(|| ApiError::of(ErrorKind::ChatInactive))
}

pub(super) fn send_rich_message_postback(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let chat_id = a.id("chat_id")?;
    let thread_id = a.id("thread_id")?;
    let event_id = a.id("event_id")?;
    let mut postback = a.object("postback")?;
    let postback_id = postback.id("id")?;
    let toggled = postback.bool("toggled")?;
    if ctx.v >= Version::V3_6 {
        postback.opt_str("button_type")?;
        postback.opt_str("button_value")?;
        if let Some(mut ecommerce) = postback.opt_object("ecommerce")? {
            ecommerce.id("product_id")?;
            ecommerce.opt_str("option_id")?;
            ecommerce.opt_u64("quantity")?;
            ecommerce.finish()?;
        }
    }
    postback.finish()?;
    a.finish()?;
    let (ci, ti, ei) = ctx.event_index(&chat_id, &thread_id, &event_id)?;
    let me = ctx.me.to_string();
    // Record the choice the way rich messages show it: in the button's `user_ids`.
    let event = &mut ctx.st.chats[ci].threads[ti].events[ei];
    if let Some(elements) = event
        .fields
        .get_mut("elements")
        .and_then(Value::as_array_mut)
    {
        let buttons = elements
            .iter_mut()
            .filter_map(|e| e.get_mut("buttons").and_then(Value::as_array_mut))
            .flatten()
            .filter(|b| b.get("postback_id").and_then(Value::as_str) == Some(&postback_id));
        for button in buttons {
            let Some(map) = button.as_object_mut() else {
                continue;
            };
            let users = map.entry("user_ids").or_insert_with(|| json!([]));
            if let Some(list) = users.as_array_mut() {
                list.retain(|u| u.as_str() != Some(&me));
                if toggled {
                    list.push(Value::String(me.clone()));
                }
            }
        }
    }
    Ok(json!({}))
}

pub(super) fn mark_events_as_seen(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let chat_id = a.id("chat_id")?;
    let seen_up_to = a
        .opt_time("seen_up_to")?
        .ok_or_else(|| ApiError::validation("seen_up_to is required"))?;
    a.finish()?;
    let ci = ctx.chat_index(&chat_id)?;
    let me = ctx.me;
    ctx.st.chats[ci].mark_seen(me, seen_up_to);
    Ok(json!({}))
}

/// `visibility` (3.4+) or `recipients` (3.3) of indicators.
fn indicator_visibility(ctx: &Ctx<'_>, a: &mut Args) -> ApiResult<()> {
    let key = if ctx.v == Version::V3_3 {
        "recipients"
    } else {
        "visibility"
    };
    if let Some(text) = a.opt_str(key)? {
        Visibility::parse(&text)
            .ok_or_else(|| ApiError::validation(format!("{key} must be all or agents")))?;
    }
    Ok(())
}

pub(super) fn send_typing_indicator(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let chat_id = a.id("chat_id")?;
    a.bool("is_typing")?;
    indicator_visibility(ctx, &mut a)?;
    a.finish()?;
    let ci = ctx.chat_index(&chat_id)?;
    require_active(ctx, ci)?;
    Ok(json!({}))
}

pub(super) fn send_thinking_indicator(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let chat_id = a.id("chat_id")?;
    a.opt_str("title")?;
    a.opt_str("description")?;
    a.opt_str("custom_id")?;
    indicator_visibility(ctx, &mut a)?;
    a.finish()?;
    let ci = ctx.chat_index(&chat_id)?;
    require_active(ctx, ci)?;
    Ok(json!({}))
}

pub(super) fn request_thread_summary(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let chat_id = a.id("chat_id")?;
    let thread_id = a.id("thread_id")?;
    a.finish()?;
    let (ci, ti) = ctx.thread_index(&chat_id, &thread_id)?;
    let thread = &mut ctx.st.chats[ci].threads[ti];
    if !thread.active && thread.summary.is_some() {
        return Err(ApiError::validation(
            "The summary of an inactive thread can be requested once",
        ));
    }
    let messages: Vec<&str> = thread
        .events
        .iter()
        .filter(|e| e.kind == "message")
        .filter_map(|e| e.fields.get("text").and_then(Value::as_str))
        .collect();
    let text = match messages.first() {
        None => "The thread has no messages.".to_string(),
        Some(first) => format!(
            "{} message(s); it starts with: {}",
            messages.len(),
            first.chars().take(200).collect::<String>()
        ),
    };
    let now: Ts = clock::now();
    thread.summary = Some(Summary {
        // "ok": every documented sample (threads, the push, the webhook).
        status: "ok".into(),
        text: text.clone(),
        updated_at: now,
    });
    // Active threads also get the result as a `system` event, as the API pushes it.
    if thread.active {
        let mut fields = Map::new();
        fields.insert("source".into(), "ai".into());
        fields.insert("subtype".into(), "thread_summary_created".into());
        fields.insert("version".into(), 1.into());
        fields.insert("details".into(), json!({ "text": text }).to_string().into());
        thread.push_event(
            NewEvent {
                kind: "system".into(),
                visibility: Visibility::Agents,
                custom_id: None,
                properties: Default::default(),
                fields,
            },
            None,
        );
    }
    Ok(json!({}))
}

pub(super) fn get_thread_transcript(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let chat_id = a.id("chat_id")?;
    let thread_id = a.id("thread_id")?;
    a.finish()?;
    let (ci, ti) = ctx.thread_index(&chat_id, &thread_id)?;
    let view = ctx.view();
    let thread = &ctx.st.chats[ci].threads[ti];
    let events: Vec<Value> = thread.events.iter().map(|e| view.event(e)).collect();
    Ok(json!({
        "chat_id": chat_id,
        "thread_id": thread_id,
        "transcript": events,
    }))
}
