//! Batch actions: `{"requests": [...]}` runs the single action once per request object and
//! answers `{"responses": [...]}` in the same order, each the action's result or
//! `{"error": {...}}`. Items run one after the other (the live API runs them concurrently,
//! in no guaranteed order); a failing item changes nothing.

use super::{ConfigCtx, Handler, agents, bots, other};
use crate::actions::args::Args;
use crate::errors::{ApiError, ApiResult};
use serde_json::{Value, json};

/// The most requests one batch may hold (our choice).
const MAX_REQUESTS: usize = 100;

fn batch(ctx: &mut ConfigCtx<'_>, mut a: Args, single: Handler) -> ApiResult<Value> {
    let requests = a
        .opt_array("requests")?
        .ok_or_else(|| ApiError::validation("requests is required"))?;
    a.finish()?;
    if requests.len() > MAX_REQUESTS {
        return Err(ApiError::validation(format!(
            "requests can hold at most {MAX_REQUESTS} items"
        )));
    }
    let responses: Vec<Value> = requests
        .into_iter()
        .map(|request| {
            let result = Args::from_value(request, "").and_then(|args| single(ctx, args));
            match result {
                Ok(value) => value,
                Err(error) => {
                    let mut body = error.body();
                    if let Some(e) = body.get_mut("error").and_then(Value::as_object_mut) {
                        e.remove("data");
                    }
                    body
                }
            }
        })
        .collect();
    Ok(json!({ "responses": responses }))
}

pub(super) fn batch_create_agents(ctx: &mut ConfigCtx<'_>, a: Args) -> ApiResult<Value> {
    batch(ctx, a, agents::create_agent)
}

pub(super) fn batch_update_agents(ctx: &mut ConfigCtx<'_>, a: Args) -> ApiResult<Value> {
    batch(ctx, a, agents::update_agent)
}

pub(super) fn batch_delete_agents(ctx: &mut ConfigCtx<'_>, a: Args) -> ApiResult<Value> {
    batch(ctx, a, agents::delete_agent)
}

pub(super) fn batch_suspend_agents(ctx: &mut ConfigCtx<'_>, a: Args) -> ApiResult<Value> {
    batch(ctx, a, agents::suspend_agent)
}

pub(super) fn batch_unsuspend_agents(ctx: &mut ConfigCtx<'_>, a: Args) -> ApiResult<Value> {
    batch(ctx, a, agents::unsuspend_agent)
}

pub(super) fn batch_approve_agents(ctx: &mut ConfigCtx<'_>, a: Args) -> ApiResult<Value> {
    batch(ctx, a, agents::approve_agent)
}

pub(super) fn batch_create_bots(ctx: &mut ConfigCtx<'_>, a: Args) -> ApiResult<Value> {
    batch(ctx, a, bots::create_bot)
}

pub(super) fn batch_update_bots(ctx: &mut ConfigCtx<'_>, a: Args) -> ApiResult<Value> {
    batch(ctx, a, bots::update_bot)
}

pub(super) fn batch_delete_bots(ctx: &mut ConfigCtx<'_>, a: Args) -> ApiResult<Value> {
    batch(ctx, a, bots::delete_bot)
}

pub(super) fn batch_update_translations(ctx: &mut ConfigCtx<'_>, a: Args) -> ApiResult<Value> {
    batch(ctx, a, other::update_translations)
}
