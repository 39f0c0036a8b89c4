//! Fault injection through `/__emulator/faults`: statuses and bodies, dropped connections,
//! delays, and `apply: after` (the action really happens, the client sees a failure).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

fn message(text: &str) -> Value {
    json!({"type": "message", "text": text})
}

async fn event_count(api: &Api, chat_id: &str) -> usize {
    let chat = api.ok("3.6", "get_chat", json!({"chat_id": chat_id})).await;
    chat["thread"]["events"].as_array().unwrap().len()
}

#[tokio::test]
async fn the_next_count_requests_get_the_injected_status_body_and_headers() {
    let api = Api::start().await;
    let (chat_id, _, _) = api.start_chat("3.6").await;
    api.add_fault(json!({"action": "send_event", "count": 2, "status": 503,
        "error": {"type": "service_unavailable", "message": "Try later"},
        "headers": {"Retry-After": "1"}}))
        .await;
    let body = json!({"chat_id": chat_id, "event": message("hi")});
    for _ in 0..2 {
        let reply = api.call("3.6", "send_event", body.clone()).await;
        assert_eq!(reply.status, 503);
        assert_eq!(
            reply.body,
            json!({"error": {"type": "service_unavailable", "message": "Try later"}})
        );
        assert_eq!(reply.headers["retry-after"], "1");
    }
    assert_eq!(
        event_count(&api, &chat_id).await,
        1,
        "before-faults do not perform the action"
    );
    assert_eq!(
        api.call("3.6", "send_event", body).await.status,
        200,
        "the third one goes through"
    );
}

#[tokio::test]
async fn status_only_wildcard_and_raw_body_faults() {
    let api = Api::start().await;
    api.add_fault(json!([
        {"action": "*", "status": 429},
        {"action": "list_chats", "status": 200, "body": "<html>not json</html>"},
        {"action": "get_customer", "error": {"type": "internal", "message": "boom", "data": {"x": 1}}}
    ])).await;
    let any = api.call("3.6", "list_threads", json!({})).await;
    assert_eq!(any.status, 429);
    assert_eq!(any.error_type(), "too_many_requests");
    let raw = api.call("3.6", "list_chats", json!({})).await;
    assert_eq!(raw.status, 200);
    assert_eq!(raw.body, json!("<html>not json</html>"));
    let derived = api
        .call("3.6", "get_customer", json!({"id": CUSTOMER}))
        .await;
    assert_eq!(derived.status, 500, "the status comes from the error type");
    assert_eq!(derived.body["error"]["data"], json!({"x": 1}));
    let listed: Value = api
        .http
        .get(api.control("faults"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["faults"], json!([]), "every fault was used up");
}

#[tokio::test]
async fn a_dropped_connection_gets_no_answer_at_all() {
    let api = Api::start().await;
    let (chat_id, _, _) = api.start_chat("3.6").await;
    api.add_fault(json!({"action": "send_event", "drop": true}))
        .await;
    let result = api
        .http
        .post(api.action_url("3.6", "send_event"))
        .bearer_auth(api.emu.token())
        .json(&json!({"chat_id": chat_id, "event": message("lost")}))
        .send()
        .await;
    let error = result.expect_err("the connection is closed without a response");
    assert!(!error.is_status() && !error.is_timeout(), "{error:?}");
    assert_eq!(
        event_count(&api, &chat_id).await,
        1,
        "the dropped write did not happen"
    );
    let log = api.requests().await;
    let sent = log
        .iter()
        .find(|r| r["action"] == json!("send_event"))
        .unwrap();
    assert_eq!(sent["dropped"], json!(true));
    assert_eq!(sent["status"], Value::Null);
}

#[tokio::test]
async fn a_delay_without_a_status_only_slows_the_real_answer() {
    let api = Api::start().await;
    api.add_fault(json!({"action": "list_chats", "delay_ms": 300}))
        .await;
    let started = Instant::now();
    let reply = api.call("3.6", "list_chats", json!({})).await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(reply.status, 200);
    assert!(reply.body["chats_summary"].is_array());
    // A client timeout shorter than the delay sees a timeout.
    api.add_fault(json!({"action": "list_chats", "delay_ms": 2000}))
        .await;
    let error = api
        .http
        .post(api.action_url("3.6", "list_chats"))
        .bearer_auth(api.emu.token())
        .json(&json!({}))
        .timeout(Duration::from_millis(200))
        .send()
        .await
        .expect_err("times out");
    assert!(error.is_timeout());
}

#[tokio::test]
async fn apply_after_stores_the_event_then_answers_with_the_fault() {
    let api = Api::start().await;
    let (chat_id, _, _) = api.start_chat("3.6").await;
    api.add_fault(json!({"action": "send_event", "status": 500, "apply": "after"}))
        .await;
    let reply = api
        .call(
            "3.6",
            "send_event",
            json!({"chat_id": chat_id, "event": message("reached the server")}),
        )
        .await;
    assert_eq!(reply.status, 500);
    assert_eq!(reply.error_type(), "internal");
    let chat = api.ok("3.6", "get_chat", json!({"chat_id": chat_id})).await;
    let events = chat["thread"]["events"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[1]["text"], json!("reached the server"));

    // The same with a dropped connection: the write happened, no answer came.
    api.add_fault(json!({"action": "send_event", "drop": true, "apply": "after"}))
        .await;
    let result = api
        .http
        .post(api.action_url("3.6", "send_event"))
        .bearer_auth(api.emu.token())
        .json(&json!({"chat_id": chat_id, "event": message("also stored")}))
        .send()
        .await;
    assert!(result.is_err());
    assert_eq!(event_count(&api, &chat_id).await, 3);
    // The state dump shows it too.
    let state = api.emu.state();
    let stored = &state["chats"][0]["threads"][0]["events"][2];
    assert_eq!(stored["text"], json!("also stored"));
}

#[tokio::test]
async fn invalid_faults_are_rejected_and_delete_clears_them() {
    let api = Api::start().await;
    for fault in [
        json!({"count": 1}),
        json!({"action": "x", "status": 99}),
        json!({"action": "x", "colour": 1}),
    ] {
        let reply = send(api.http.post(api.control("faults")).json(&fault)).await;
        assert_eq!(reply.status, 422, "{fault}");
        assert_eq!(reply.error_type(), "validation");
    }
    api.add_fault(json!({"action": "list_chats", "status": 503, "count": 5}))
        .await;
    let cleared = api.http.delete(api.control("faults")).send().await.unwrap();
    assert_eq!(cleared.status(), 200);
    assert_eq!(api.call("3.6", "list_chats", json!({})).await.status, 200);
}
