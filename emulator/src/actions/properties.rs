//! Property actions (update merges, delete removes) at chat, thread and event level, and
//! thread tags.

use super::Ctx;
use super::args::Args;
use crate::errors::ApiResult;
use crate::state::properties::{self, Location, Properties};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// What a properties action targets.
enum Target {
    Chat(usize),
    Thread(usize, usize),
    Event(usize, usize, usize),
}

/// The ids naming a target: chat `id`; thread `chat_id` + `thread_id`; event + `event_id`.
struct Ids {
    chat: String,
    thread: Option<String>,
    event: Option<String>,
}

/// Reads the target's ids and the raw `properties`, then rejects unknown fields.
fn read(mut a: Args, location: Location) -> ApiResult<(Ids, Value)> {
    let ids = match location {
        Location::Chat => Ids {
            chat: a.id("id")?,
            thread: None,
            event: None,
        },
        Location::Thread => Ids {
            chat: a.id("chat_id")?,
            thread: Some(a.id("thread_id")?),
            event: None,
        },
        Location::Event => Ids {
            chat: a.id("chat_id")?,
            thread: Some(a.id("thread_id")?),
            event: Some(a.id("event_id")?),
        },
    };
    let props = a.value("properties")?;
    a.finish()?;
    Ok((ids, props))
}

fn resolve(ctx: &Ctx<'_>, ids: &Ids) -> ApiResult<Target> {
    Ok(match (&ids.thread, &ids.event) {
        (None, _) => Target::Chat(ctx.chat_index(&ids.chat)?),
        (Some(thread), None) => {
            let (c, t) = ctx.thread_index(&ids.chat, thread)?;
            Target::Thread(c, t)
        }
        (Some(thread), Some(event)) => {
            let (c, t, e) = ctx.event_index(&ids.chat, thread, event)?;
            Target::Event(c, t, e)
        }
    })
}

fn target_props<'a>(ctx: &'a mut Ctx<'_>, target: &Target) -> &'a mut Properties {
    match *target {
        Target::Chat(c) => &mut ctx.st.chats[c].properties,
        Target::Thread(c, t) => &mut ctx.st.chats[c].threads[t].properties,
        Target::Event(c, t, e) => &mut ctx.st.chats[c].threads[t].events[e].properties,
    }
}

fn update(ctx: &mut Ctx<'_>, a: Args, location: Location) -> ApiResult<Value> {
    let (ids, raw) = read(a, location)?;
    let values = properties::parse_values(&ctx.st.properties, location, &raw, "properties")?;
    let target = resolve(ctx, &ids)?;
    properties::merge(target_props(ctx, &target), values);
    Ok(json!({}))
}

fn delete(ctx: &mut Ctx<'_>, a: Args, location: Location) -> ApiResult<Value> {
    let (ids, raw) = read(a, location)?;
    let names: BTreeMap<String, Vec<String>> =
        properties::parse_names(&ctx.st.properties, &raw, "properties")?;
    let target = resolve(ctx, &ids)?;
    properties::remove(target_props(ctx, &target), &names);
    Ok(json!({}))
}

pub(super) fn update_chat_properties(ctx: &mut Ctx<'_>, a: Args) -> ApiResult<Value> {
    update(ctx, a, Location::Chat)
}

pub(super) fn delete_chat_properties(ctx: &mut Ctx<'_>, a: Args) -> ApiResult<Value> {
    delete(ctx, a, Location::Chat)
}

pub(super) fn update_thread_properties(ctx: &mut Ctx<'_>, a: Args) -> ApiResult<Value> {
    update(ctx, a, Location::Thread)
}

pub(super) fn delete_thread_properties(ctx: &mut Ctx<'_>, a: Args) -> ApiResult<Value> {
    delete(ctx, a, Location::Thread)
}

pub(super) fn update_event_properties(ctx: &mut Ctx<'_>, a: Args) -> ApiResult<Value> {
    update(ctx, a, Location::Event)
}

pub(super) fn delete_event_properties(ctx: &mut Ctx<'_>, a: Args) -> ApiResult<Value> {
    delete(ctx, a, Location::Event)
}

fn tag(ctx: &mut Ctx<'_>, mut a: Args, add: bool) -> ApiResult<Value> {
    let chat_id = a.id("chat_id")?;
    let thread_id = a.id("thread_id")?;
    let tag = a.id("tag")?;
    a.finish()?;
    let (c, t) = ctx.thread_index(&chat_id, &thread_id)?;
    let tags = &mut ctx.st.chats[c].threads[t].tags;
    let present = tags.contains(&tag);
    if add && !present {
        tags.push(tag);
    } else if !add {
        tags.retain(|x| *x != tag);
    }
    Ok(json!({}))
}

pub(super) fn tag_thread(ctx: &mut Ctx<'_>, a: Args) -> ApiResult<Value> {
    tag(ctx, a, true)
}

pub(super) fn untag_thread(ctx: &mut Ctx<'_>, a: Args) -> ApiResult<Value> {
    tag(ctx, a, false)
}
