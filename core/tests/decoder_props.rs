//! Property tests of the response decoder: arbitrary statuses, bodies (random bytes, random JSON,
//! error-shaped JSON, truncated JSON) and `Retry-After` values, served by the recording loopback
//! server, must give exactly the result the rules say (success, `decode` or `api` with the
//! status, type, message and data of the body), one request each, and never a panic. The typed
//! response structs must decode arbitrary JSON without panicking and re-encode what they accept.
//!
//! Cases per property: proptest's default (256), or `PROPTEST_CASES`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Duration;

use livechat::types::{
    AgentForTransfer, Chat, ChatSummary, Customer, Event, LicenseInfo, ListArchivesResponse,
    ListChatsResponse, ListCustomersResponse, ListThreadsResponse, RoutingStatus,
    SendEventResponse, StartChatResponse, Thread, ThreadTranscript, User,
};
use livechat::{AgentWeb, ApiErrorType, CallOptions, ErrorKind};
use proptest::prelude::*;
use proptest::test_runner::{Config as PropConfig, TestRunner};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use support::{MockServer, Reply};

/// Field names the API uses, so random objects often reach deep into the typed structs.
const FIELDS: &[&str] = &[
    "id",
    "type",
    "text",
    "chat_id",
    "thread_id",
    "event_id",
    "events",
    "users",
    "thread",
    "threads",
    "chats_summary",
    "chats_info",
    "chats",
    "customers",
    "error",
    "message",
    "data",
    "created_at",
    "author_id",
    "properties",
    "access",
    "group_ids",
    "active",
    "url",
    "name",
    "email",
    "present",
    "last_thread_summary",
    "last_event_per_type",
    "next_page_id",
    "found_chats",
    "agent_id",
    "status",
    "visibility",
    "recipients",
    "postback",
    "elements",
    "session_fields",
    "statistics",
    "tags",
    "customer_id",
    "license_id",
    "transcript",
];

fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(FIELDS).prop_map(str::to_owned),
        1 => ".{0,12}",
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        prop::sample::select(
            &[
                "message",
                "file",
                "agent",
                "customer",
                "system_message",
                "rich_message",
                "filled_form",
                "custom",
                "2026-01-01T00:00:00.000000Z",
                ""
            ][..]
        )
        .prop_map(|s| Value::String(s.to_owned())),
        ".{0,24}".prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 96, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((field_name(), inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn error_type() -> impl Strategy<Value = String> {
    // `misdirected_request` is left out: it re-routes the call (tested in auth_region.rs).
    let known: Vec<&'static str> = ApiErrorType::KNOWN
        .iter()
        .copied()
        .filter(|t| *t != "misdirected_request")
        .collect();
    prop_oneof![
        3 => prop::sample::select(known).prop_map(str::to_owned),
        1 => prop::sample::select(&["Validation", "INTERNAL", "Too_Many_Requests"][..])
            .prop_map(str::to_owned),
        1 => "[a-z_]{0,16}",
    ]
}

/// A body: random bytes, random JSON, an API error object (sometimes odd), or cut JSON.
fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..300),
        json_value().prop_map(|v| v.to_string().into_bytes()),
        (error_type(), ".{0,40}", prop::option::of(json_value())).prop_map(|(t, m, d)| {
            let mut e = json!({"type": t, "message": m});
            if let Some(d) = d {
                e["data"] = d;
            }
            json!({ "error": e }).to_string().into_bytes()
        }),
        json_value().prop_map(|v| json!({ "error": v }).to_string().into_bytes()),
        (json_value(), any::<prop::sample::Index>()).prop_map(|(v, i)| {
            let text = v.to_string().into_bytes();
            let cut = i.index(text.len().max(1));
            text[..cut].to_vec()
        }),
    ]
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        2 => 200u16..300,
        1 => 300u16..400,
        3 => 400u16..600,
        2 => prop::sample::select(&[200u16, 204, 304, 401, 403, 404, 409, 413, 422, 429, 500,
            502, 503, 504][..]),
    ]
}

fn retry_after() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop_oneof![
        (0u64..100_000).prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| f.to_string()),
        "[0-9]{1,30}(\\.[0-9]{0,5})?(e[0-9]{1,4})?",
        "(Mon|Sun), [0-9]{1,25} (Jan|Feb|Nov|Xyz) [0-9]{1,25} [0-9]{1,22}:[0-9]{1,3}:[0-9]{1,3} GMT",
        "[ -~]{0,30}",
    ])
}

#[derive(Debug, Clone, Copy)]
enum Via {
    /// `call_method("list_chats")` → JSON.
    CallJson,
    /// `send("custom_action")` → JSON.
    SendJson,
    /// `get_chat` → typed `Chat` (a read).
    GetChat,
    /// `list_routing_statuses` → typed top-level array (a read).
    RoutingStatuses,
    /// `send_event` → typed `SendEventResponse` (a write).
    SendEvent,
}

fn via() -> impl Strategy<Value = Via> {
    prop::sample::select(
        &[
            Via::CallJson,
            Via::SendJson,
            Via::GetChat,
            Via::RoutingStatuses,
            Via::SendEvent,
        ][..],
    )
}

/// What a call gave, reduced to what the properties compare.
type Outcome = Result<Value, livechat::Error>;

async fn run(agent: &AgentWeb, via: Via) -> Outcome {
    match via {
        Via::CallJson => {
            agent
                .call_method("list_chats", Map::new(), CallOptions::default())
                .await
        }
        Via::SendJson => agent.send("custom_action", json!({})).await,
        Via::GetChat => agent
            .get_chat("C")
            .await
            .map(|c| serde_json::to_value(c).unwrap()),
        Via::RoutingStatuses => agent
            .list_routing_statuses()
            .await
            .map(|c| serde_json::to_value(c).unwrap()),
        Via::SendEvent => agent
            .send_event("C", json!({"type": "message", "text": "x"}))
            .await
            .map(|c| serde_json::to_value(c).unwrap()),
    }
}

/// Whether the body the client received decodes as what `via` returns.
fn decodes(via: Via, body: &[u8]) -> bool {
    match via {
        Via::CallJson | Via::SendJson => serde_json::from_slice::<Value>(body).is_ok(),
        Via::GetChat => serde_json::from_slice::<Chat>(body).is_ok(),
        Via::RoutingStatuses => serde_json::from_slice::<Vec<RoutingStatus>>(body).is_ok(),
        Via::SendEvent => serde_json::from_slice::<SendEventResponse>(body).is_ok(),
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

fn runner() -> TestRunner {
    TestRunner::new(PropConfig {
        failure_persistence: None,
        ..PropConfig::default()
    })
}

#[test]
fn any_answer_gives_the_result_the_rules_say_in_one_request() {
    let rt = runtime();
    let server = rt.block_on(MockServer::start());
    let agent = server.builder("3.6").max_retries(0).build().unwrap();
    let strategy = (status(), body(), retry_after(), via());
    runner()
        .run(&strategy, |(status, body, retry_after, via)| {
            let mut reply = Reply::raw(status, "application/json", &body);
            if let Some(ra) = &retry_after {
                reply = reply.header("retry-after", ra);
            }
            server.reply([reply]);
            let before = server.count();
            let outcome = rt.block_on(run(&agent, via));
            prop_assert_eq!(server.count(), before + 1, "one request, no retry");

            // hyper sends no body with 204 and 304.
            let received: &[u8] = if status == 204 || status == 304 {
                &[]
            } else {
                &body
            };
            if (200..300).contains(&status) {
                let effective: &[u8] = if status == 204 && received.is_empty() {
                    b"{}"
                } else {
                    received
                };
                match &outcome {
                    Ok(v) => {
                        prop_assert!(decodes(via, effective), "accepted an undecodable body");
                        if matches!(via, Via::CallJson | Via::SendJson) {
                            let expected: Value = serde_json::from_slice(effective).unwrap();
                            prop_assert_eq!(v, &expected);
                        }
                    }
                    Err(e) => {
                        prop_assert_eq!(e.kind(), ErrorKind::Decode, "{}", e);
                        prop_assert!(!decodes(via, effective), "refused a decodable body: {}", e);
                    }
                }
            } else {
                let e = outcome.as_ref().unwrap_err();
                prop_assert_eq!(e.kind(), ErrorKind::Api, "{}", e);
                prop_assert_eq!(e.status(), Some(status));
                let parsed: Option<Value> = serde_json::from_slice(received).ok();
                let err_obj = parsed
                    .as_ref()
                    .and_then(|v| v.get("error"))
                    .and_then(Value::as_object);
                let expected_type = err_obj
                    .and_then(|o| o.get("type"))
                    .and_then(Value::as_str)
                    .map(ApiErrorType::parse)
                    .unwrap_or_else(|| ApiErrorType::from_status(status));
                prop_assert_eq!(e.error_type(), Some(&expected_type));
                if let Some(o) = err_obj {
                    let message = o.get("message").and_then(Value::as_str).unwrap_or_default();
                    prop_assert_eq!(e.message(), message);
                    prop_assert_eq!(e.api_error().unwrap().data.as_ref(), o.get("data"));
                } else {
                    prop_assert!(e.message().contains(&format!("HTTP {status}")), "{}", e);
                }
                // Delay-seconds (exact up to 2^53, which is what matters).
                let seconds = retry_after
                    .as_deref()
                    .and_then(|r| r.trim().parse::<u64>().ok());
                if let Some(n) = seconds.filter(|n| *n < 1 << 53) {
                    prop_assert_eq!(e.retry_after(), Some(Duration::from_secs(n)));
                }
            }
            if let Err(e) = &outcome {
                let j: Value = serde_json::from_str(&e.to_json()).unwrap();
                prop_assert_eq!(j["kind"].as_str(), Some(e.kind().as_str()));
                prop_assert!(!e.to_string().is_empty());
                let _ = format!("{e:?}");
            }
            Ok(())
        })
        .unwrap();
}

/// The retry rules of design §3, written independently of `retry.rs`: a write only after the
/// API's own 429 `too_many_requests` JSON error; a read after 429, 5xx, `internal` and
/// `request_timeout`.
fn should_retry(status: u16, ty: &ApiErrorType, api_body: bool, read: bool) -> bool {
    if (200..300).contains(&status) {
        return false;
    }
    if status == 429 && ty.as_str() == "too_many_requests" && api_body {
        return true;
    }
    read && (matches!(
        ty.as_str(),
        "too_many_requests" | "service_unavailable" | "internal" | "request_timeout"
    ) || matches!(status, 429 | 500 | 502 | 503 | 504))
}

#[test]
fn error_answers_are_retried_exactly_when_the_rules_allow() {
    let rt = runtime();
    let server = rt.block_on(MockServer::start());
    let agent = server
        .builder("3.6")
        .max_retries(1)
        .retry_base_delay(Duration::from_micros(100))
        .build()
        .unwrap();
    let status = prop::sample::select(
        &[
            400u16, 401, 403, 404, 409, 422, 429, 500, 501, 502, 503, 504, 520,
        ][..],
    );
    let body = prop_oneof![
        error_type().prop_map(|t| json!({"error": {"type": t, "message": "m"}}).to_string()),
        Just(String::new()),
        Just("<html>busy</html>".to_owned()),
    ];
    let read = any::<bool>();
    runner()
        .run(&(status, body, read), |(status, body, read)| {
            server.reply([Reply::raw(status, "application/json", body.as_bytes())]);
            let before = server.count();
            let outcome = rt.block_on(run(
                &agent,
                if read { Via::CallJson } else { Via::SendJson },
            ));
            let seen = server.count() - before;
            let api_type = serde_json::from_str::<Value>(&body)
                .ok()
                .and_then(|v| v["error"]["type"].as_str().map(ApiErrorType::parse));
            let api_body = api_type.is_some();
            let ty = api_type.unwrap_or_else(|| ApiErrorType::from_status(status));
            let retried = should_retry(status, &ty, api_body, read);
            prop_assert_eq!(
                seen,
                1 + usize::from(retried),
                "status {} type {}",
                status,
                ty
            );
            // The retry got the default `200 {}`.
            prop_assert_eq!(outcome.is_ok(), retried);
            Ok(())
        })
        .unwrap();
}

fn survives<T: DeserializeOwned + Serialize>(v: &Value) -> Result<(), TestCaseError> {
    if let Ok(t) = serde_json::from_value::<T>(v.clone()) {
        let again = serde_json::to_value(&t).unwrap();
        prop_assert!(
            serde_json::from_value::<T>(again.clone()).is_ok(),
            "{} re-encoded into something it cannot decode: {} -> {}",
            std::any::type_name::<T>(),
            v,
            again
        );
    }
    Ok(())
}

#[test]
fn typed_decoding_of_arbitrary_json_never_panics_and_reencodes() {
    runner()
        .run(&json_value(), |v| {
            survives::<Chat>(&v)?;
            survives::<Thread>(&v)?;
            survives::<Event>(&v)?;
            survives::<User>(&v)?;
            survives::<Customer>(&v)?;
            survives::<ChatSummary>(&v)?;
            survives::<ListChatsResponse>(&v)?;
            survives::<ListArchivesResponse>(&v)?;
            survives::<ListThreadsResponse>(&v)?;
            survives::<ListCustomersResponse>(&v)?;
            survives::<StartChatResponse>(&v)?;
            survives::<SendEventResponse>(&v)?;
            survives::<Vec<RoutingStatus>>(&v)?;
            survives::<Vec<AgentForTransfer>>(&v)?;
            survives::<LicenseInfo>(&v)?;
            survives::<ThreadTranscript>(&v)?;
            Ok(())
        })
        .unwrap();
}
