//! The control surface under `/__emulator/` (no auth): reset, state dump, faults, the request
//! log, uploaded files, the startup info, the action tables of both APIs, the webhook
//! registry, webhook deliveries, the customer simulator and the clock.

use crate::app::{App, lock};
use crate::errors::{ApiError, json_response};
use crate::upload;
use crate::version::Version;
use crate::{actions, config_actions};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
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
        .route(
            "/webhooks/deliveries",
            get(deliveries).delete(clear_deliveries),
        )
        .route(
            "/webhooks/delivery",
            get(delivery_settings).post(set_delivery_settings),
        )
        .route("/customer/chats", post(customer_start))
        .route("/customer/chats/{id}", get(customer_chat))
        .route("/customer/chats/{id}/events", post(customer_send))
        .route("/customer/chats/{id}/deactivate", post(customer_deactivate))
        .route(
            "/customer/chats/{id}/session_fields",
            post(customer_session_fields),
        )
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

/// The longest `?wait=` accepted, in seconds.
const WAIT_MAX: f64 = 120.0;

/// `?wait=<seconds>` first waits (up to that long) until no delivery is pending; the answer
/// says whether that happened: `{"deliveries": [...], "pending": bool}`.
async fn deliveries(State(app): State<Arc<App>>, RawQuery(query): RawQuery) -> Response {
    let wait = query
        .as_deref()
        .unwrap_or_default()
        .split('&')
        .find_map(|pair| pair.strip_prefix("wait=").map(|v| v.parse::<f64>().ok()));
    let wait = match wait {
        None => None,
        Some(Some(s)) if s.is_finite() && (0.0..=WAIT_MAX).contains(&s) => Some(s),
        Some(_) => {
            return ApiError::validation(format!(
                "wait must be a number of seconds from 0 to {WAIT_MAX}"
            ))
            .into_response();
        }
    };
    if let Some(seconds) = wait {
        app.deliveries
            .wait_idle(std::time::Duration::from_secs_f64(seconds))
            .await;
    }
    ok(&app.deliveries.log_json())
}

async fn clear_deliveries(State(app): State<Arc<App>>) -> Response {
    app.deliveries.clear_log();
    ok(&json!({}))
}

async fn delivery_settings(State(app): State<Arc<App>>) -> Response {
    ok(&app.deliveries.settings().to_json())
}

/// `{"timeout"?: s, "retries"?: n, "backoff"?: s}` changes the delivery settings.
async fn set_delivery_settings(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let updated = serde_json::from_slice::<Value>(&body)
        .map_err(|e| format!("Malformed JSON body: {e}"))
        .and_then(|v| app.deliveries.settings().updated(&v));
    match updated {
        Ok(settings) => {
            app.deliveries.set_settings(settings);
            ok(&settings.to_json())
        }
        Err(message) => ApiError::validation(message).into_response(),
    }
}

/// A simulator answer: a missing chat is `not_found`, anything else wrong `validation`.
fn simulated(result: Result<Value, String>) -> Response {
    match result {
        Ok(value) => ok(&value),
        Err(m) if m.ends_with("does not exist") => ApiError::not_found(m).into_response(),
        Err(m) => ApiError::validation(m).into_response(),
    }
}

fn json_body(body: &Bytes) -> Result<Value, String> {
    if body.is_empty() {
        return Ok(json!({}));
    }
    serde_json::from_slice(body).map_err(|e| format!("Malformed JSON body: {e}"))
}

async fn customer_start(State(app): State<Arc<App>>, body: Bytes) -> Response {
    simulated(json_body(&body).and_then(|b| app.customer_start_chat(&b)))
}

async fn customer_send(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    simulated(json_body(&body).and_then(|b| app.customer_send(&id, &b)))
}

async fn customer_session_fields(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    simulated(json_body(&body).and_then(|b| app.customer_update_session_fields(&id, &b)))
}

async fn customer_chat(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    simulated(app.customer_chat(&id))
}

async fn customer_deactivate(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    simulated(app.customer_deactivate(&id))
}
