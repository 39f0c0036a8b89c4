//! The control surface under `/__emulator/` (no auth): reset, state dump, faults, the request
//! log, uploaded files, the startup info, the action tables of both APIs, the webhook
//! registry and the clock.

use crate::app::{App, lock};
use crate::errors::{ApiError, json_response};
use crate::upload;
use crate::version::Version;
use crate::{actions, config_actions};
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Map, Value, json};
use std::sync::Arc;

/// The control routes, to be nested under `/__emulator`.
pub(crate) fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/reset", post(reset))
        .route("/state", get(state))
        .route(
            "/faults",
            post(add_faults).get(list_faults).delete(clear_faults),
        )
        .route("/requests", get(requests).delete(clear_requests))
        .route("/files/{id}/{name}", get(upload::serve))
        .route("/info", get(info))
        .route("/actions", get(action_table))
        .route("/actions/configuration", get(configuration_table))
        .route("/webhooks", get(webhooks))
        .route("/clock", post(advance_clock).get(clock))
}

fn ok(value: &Value) -> Response {
    json_response(StatusCode::OK, value)
}

async fn reset(State(app): State<Arc<App>>) -> Response {
    app.reset();
    ok(&json!({}))
}

async fn state(State(app): State<Arc<App>>) -> Response {
    let dump = lock(&app.state).dump();
    ok(&dump)
}

/// Takes one fault object or an array of them.
async fn add_faults(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let added = serde_json::from_slice::<Value>(&body)
        .map_err(|e| format!("Malformed JSON body: {e}"))
        .and_then(|faults| app.add_faults(faults));
    match added {
        Ok(list) => ok(&list),
        Err(message) => ApiError::validation(message).into_response(),
    }
}

async fn list_faults(State(app): State<Arc<App>>) -> Response {
    ok(&app.fault_list())
}

async fn clear_faults(State(app): State<Arc<App>>) -> Response {
    app.clear_faults();
    ok(&json!({}))
}

async fn requests(State(app): State<Arc<App>>) -> Response {
    ok(&app.request_log())
}

async fn clear_requests(State(app): State<Arc<App>>) -> Response {
    app.clear_requests();
    ok(&json!({}))
}

async fn info(State(app): State<Arc<App>>) -> Response {
    ok(&app.info)
}

async fn action_table() -> Response {
    let table: Map<String, Value> = Version::ALL
        .into_iter()
        .map(|v| (v.as_str().to_string(), json!(actions::names(v))))
        .collect();
    ok(&Value::Object(table))
}

async fn configuration_table() -> Response {
    let table: Map<String, Value> = Version::ALL
        .into_iter()
        .map(|v| (v.as_str().to_string(), json!(config_actions::names(v))))
        .collect();
    ok(&Value::Object(table))
}

async fn webhooks(State(app): State<Arc<App>>) -> Response {
    ok(&app.webhooks())
}

async fn clock(State(app): State<Arc<App>>) -> Response {
    ok(&app.clock())
}

/// `{"advance_seconds": N}` moves this emulator's clock forward (bot-token expiry).
async fn advance_clock(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let seconds = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| v.get("advance_seconds").and_then(Value::as_u64));
    match seconds {
        Some(seconds) => {
            app.advance_clock(seconds);
            ok(&app.clock())
        }
        None => ApiError::validation("body must be {\"advance_seconds\": <non-negative integer>}")
            .into_response(),
    }
}
