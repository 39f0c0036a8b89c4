//! One test per error the emulator produces by itself, with the real body shape
//! `{"error":{"type","message","data"?}}` and the status from the one table.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use base64::Engine;
use livechat_emulator::Config;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn bad_or_missing_credentials_get_authentication_401() {
    let api = Api::start().await;
    let url = api.action_url("3.6", "list_chats");
    let basic = |user: &str| {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(user)
        )
    };
    let pat = api.emu.pat().clone();
    for auth in [
        None,
        Some("Bearer wrong".to_string()),
        Some(format!("Basic {}:{}", pat.account_id, pat.token)),
        Some(basic(&format!("{}:wrong", pat.account_id))),
        Some(format!("Bearer {}", pat.token)),
        Some(api.emu.token().to_string()),
    ] {
        let mut request = api.http.post(&url).json(&json!({}));
        if let Some(auth) = &auth {
            request = request.header("authorization", auth);
        }
        let reply = send(request).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{auth:?}");
        assert_eq!(
            reply.body,
            json!({"error": {"type": "authentication", "message": "Invalid access token"}})
        );
        assert_eq!(reply.headers["content-type"], "application/json");
    }
    // The PAT works as Basic.
    let request = api
        .http
        .post(&url)
        .header(
            "authorization",
            basic(&format!("{}:{}", pat.account_id, pat.token)),
        )
        .json(&json!({}));
    assert_eq!(send(request).await.status, StatusCode::OK);
}

#[tokio::test]
async fn malformed_requests_get_validation_422() {
    let api = Api::start().await;
    let (chat_id, _, _) = api.start_chat("3.6").await;
    let url = api.action_url("3.6", "get_chat");
    let token = api.emu.token().to_string();
    let raw = |body: &'static str, content_type: &'static str| {
        api.http
            .post(&url)
            .bearer_auth(&token)
            .header("content-type", content_type)
            .body(body)
    };
    for (what, request) in [
        ("empty body", raw("", "application/json")),
        ("malformed JSON", raw("{\"chat_id\":", "application/json")),
        ("not an object", raw("[1, 2]", "application/json")),
        ("wrong content type", raw("{}", "text/plain")),
        ("GET", api.http.get(&url).bearer_auth(&token)),
    ] {
        let reply = send(request).await;
        assert_eq!(reply.status, 422, "{what}: {}", reply.body);
        assert_eq!(reply.error_type(), "validation", "{what}");
    }
    for body in [
        json!({}),
        json!({"chat_id": 5}),
        json!({"chat_id": chat_id, "unknown": true}),
        json!({"chat_id": ""}),
    ] {
        api.fails("3.6", "get_chat", body, "validation", 422).await;
    }
    // Property values are checked against their definitions.
    for properties in [
        json!({"test": {"int_property": "seven"}}),
        json!({"test": {"missing_property": 1}}),
        json!({"nope": {"bool_property": true}}),
    ] {
        api.fails(
            "3.6",
            "update_chat_properties",
            json!({"id": chat_id, "properties": properties}),
            "validation",
            422,
        )
        .await;
    }
    // Pagination: filters, limit or sort_order together with page_id.
    for extra in [
        json!({"filters": {}}),
        json!({"limit": 5}),
        json!({"sort_order": "asc"}),
    ] {
        let mut body = extra.as_object().unwrap().clone();
        body.insert("page_id".into(), json!("MTUxNzM5ODEzMTQ5Ng=="));
        api.fails(
            "3.6",
            "list_chats",
            serde_json::Value::Object(body),
            "validation",
            422,
        )
        .await;
    }
    api.fails(
        "3.6",
        "list_archives",
        json!({"limit": 101}),
        "validation",
        422,
    )
    .await;
    api.fails(
        "3.6",
        "send_event",
        json!({"chat_id": chat_id, "event": {"type": "message"}}),
        "validation",
        422,
    )
    .await;
    api.fails(
        "3.6",
        "send_event",
        json!({"chat_id": chat_id, "event": {"type": "file", "url": "https://example.com/x.png"}}),
        "validation",
        422,
    )
    .await;
}

#[tokio::test]
async fn unknown_ids_get_not_found_404() {
    let api = Api::start().await;
    let (chat_id, thread_id, _) = api.start_chat("3.6").await;
    for (action, body) in [
        ("get_chat", json!({"chat_id": "NOSUCHCHAT"})),
        (
            "get_chat",
            json!({"chat_id": chat_id, "thread_id": "NOSUCHTHRD"}),
        ),
        (
            "update_event_properties",
            json!({"chat_id": chat_id, "thread_id": thread_id, "event_id": "nope",
            "properties": {"test": {"bool_property": true}}}),
        ),
        (
            "get_customer",
            json!({"id": "00000000-0000-4000-8000-000000000000"}),
        ),
        (
            "send_rich_message_postback",
            json!({"chat_id": chat_id, "thread_id": thread_id, "event_id": "x_9",
            "postback": {"id": "a", "toggled": true}}),
        ),
        (
            "add_user_to_chat",
            json!({"chat_id": chat_id, "user_id": "ghost@x", "user_type": "agent", "visibility": "all"}),
        ),
        (
            "multicast",
            json!({"recipients": {"agents": {"ids": ["ghost@x"]}}, "content": 1}),
        ),
    ] {
        api.fails("3.6", action, body, "not_found", 404).await;
    }
    let reply = send(api.http.get(format!("{}/nowhere", api.emu.url()))).await;
    assert_eq!(reply.status, 404);
    assert_eq!(reply.error_type(), "not_found");
}

#[tokio::test]
async fn writing_to_an_inactive_chat_gets_chat_inactive_409() {
    let api = Api::start().await;
    let (chat_id, _, _) = api.start_chat("3.6").await;
    api.ok("3.6", "deactivate_chat", json!({"id": chat_id}))
        .await;
    let reply = api
        .fails(
            "3.6",
            "send_event",
            json!({"chat_id": chat_id, "event": {"type": "message", "text": "hi"}}),
            "chat_inactive",
            409,
        )
        .await;
    assert_eq!(reply.body["error"]["message"], json!("Chat is inactive"));
    api.fails(
        "3.6",
        "deactivate_chat",
        json!({"id": chat_id}),
        "chat_inactive",
        409,
    )
    .await;
    // 3.3 can attach a system message to the last thread.
    api.ok(
        "3.3",
        "send_event",
        json!({"chat_id": chat_id, "attach_to_last_thread": true,
        "event": {"type": "system_message", "text": "closed"}}),
    )
    .await;
    // Later versions do not know the field (as the client's table: 3.3 only).
    for v in ["3.4", "3.6", "3.7"] {
        let reply = api
            .fails(
                v,
                "send_event",
                json!({"chat_id": chat_id, "attach_to_last_thread": true,
                "event": {"type": "system_message", "text": "closed"}}),
                "validation",
                422,
            )
            .await;
        assert!(
            reply.body["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .contains("attach_to_last_thread"),
            "{v}: {}",
            reply.body
        );
    }
}

#[tokio::test]
async fn transfer_to_an_unavailable_agent_gets_agent_offline_409() {
    let api = Api::start().await;
    let (chat_id, _, _) = api.start_chat("3.6").await;
    api.fails(
        "3.6",
        "transfer_chat",
        json!({"id": chat_id, "target": {"type": "agent", "ids": [BUSY]}}),
        "agent_offline",
        409,
    )
    .await;
    api.ok(
        "3.6",
        "transfer_chat",
        json!({"id": chat_id, "target": {"type": "agent", "ids": [BUSY]},
        "ignore_agents_availability": true}),
    )
    .await;
}

#[tokio::test]
async fn chats_outside_an_agents_groups_get_missing_access_403() {
    let api = Api::start().await;
    let (chat_id, _, _) = api.start_chat("3.6").await;
    api.ok(
        "3.6",
        "transfer_chat",
        json!({"id": chat_id, "target": {"type": "group", "ids": [1]}}),
    )
    .await;
    // The seed's second agent (token `emulator-second-agent-token`) is in group 0 only.
    let request = api
        .http
        .post(api.action_url("3.6", "get_chat"))
        .bearer_auth("emulator-second-agent-token")
        .json(&json!({"chat_id": chat_id}));
    let reply = send(request).await;
    assert_eq!(reply.status, 403, "{}", reply.body);
    assert_eq!(reply.error_type(), "missing_access");
}

#[tokio::test]
async fn a_foreign_x_region_gets_misdirected_request_421_with_the_region() {
    let mut config = Config::default();
    config.region = "fra".into();
    let api = Api::with(config).await;
    let url = api.action_url("3.6", "list_chats");
    let with_region = |region: &str| {
        api.http
            .post(&url)
            .bearer_auth(api.emu.token())
            .header("x-region", region)
            .json(&json!({}))
    };
    let reply = send(with_region("dal")).await;
    assert_eq!(reply.status, 421);
    assert_eq!(
        reply.body,
        json!({"error": {"type": "misdirected_request", "message": "Wrong region", "data": {"region": "fra"}}})
    );
    assert_eq!(send(with_region("fra")).await.status, 200);
    let no_header = api.call("3.6", "list_chats", json!({})).await;
    assert_eq!(no_header.status, 200, "no X-Region is fine");
}

#[tokio::test]
async fn uploads_over_10_mb_get_entity_too_large_413() {
    let api = Api::start().await;
    let reply = api
        .upload(
            "3.6",
            "big.bin",
            "application/octet-stream",
            vec![7u8; 11 * 1024 * 1024],
        )
        .await;
    assert_eq!(reply.status, 413);
    assert_eq!(
        reply.body,
        json!({"error": {"type": "entity_too_large", "message": "Upload limit exceeded (10MB)."}})
    );
    let fits = api
        .upload(
            "3.6",
            "ok.bin",
            "application/octet-stream",
            vec![7u8; 10 * 1024 * 1024],
        )
        .await;
    assert_eq!(fits.status, 200);
    let exe = api
        .upload("3.6", "run.exe", "application/octet-stream", vec![1])
        .await;
    assert_eq!(exe.error_type(), "validation");
}

#[tokio::test]
async fn over_the_rate_limit_gets_too_many_requests_429_with_retry_after() {
    let mut config = Config::default();
    config.rate_limit = Some(3);
    let api = Api::with(config).await;
    // Sent together so that all four fall in one one-second window.
    let call = || api.call("3.6", "list_chats", json!({}));
    let (a, b, c, d) = tokio::join!(call(), call(), call(), call());
    let mut replies = [a, b, c, d];
    replies.sort_by_key(|r| r.status);
    let statuses: Vec<u16> = replies.iter().map(|r| r.status.as_u16()).collect();
    assert_eq!(statuses, vec![200, 200, 200, 429]);
    let reply = &replies[3];
    assert_eq!(reply.error_type(), "too_many_requests");
    assert_eq!(reply.headers["retry-after"], "1");
    // The limit is per credential: the PAT has its own window.
    let pat = api.emu.pat().clone();
    let request = api
        .http
        .post(api.action_url("3.6", "list_chats"))
        .basic_auth(&pat.account_id, Some(&pat.token))
        .json(&json!({}));
    assert_eq!(send(request).await.status, 200);
}

#[tokio::test]
async fn actions_a_version_lacks_get_not_found_unknown_action() {
    let api = Api::start().await;
    for (version, action) in [
        ("3.6", "grant_chat_access"),
        ("3.4", "revoke_chat_access"),
        ("3.6", "create_customer"),
        ("3.7", "list_customers"),
        ("3.6", "get_license_info"),
        ("3.5", "send_thinking_indicator"),
        ("3.3", "logout"),
        ("3.6", "no_such_action"),
    ] {
        let reply = api
            .fails(version, action, json!({}), "not_found", 404)
            .await;
        assert_eq!(
            reply.body["error"]["message"],
            json!("Unknown action"),
            "{version} {action}"
        );
    }
}

#[tokio::test]
async fn versions_outside_3_3_to_3_7_get_unsupported_version_400() {
    let api = Api::start().await;
    for version in ["3.2", "3.8", "2.0", "latest"] {
        let reply = api
            .fails(version, "list_chats", json!({}), "unsupported_version", 400)
            .await;
        assert_eq!(
            reply.body["error"]["message"],
            json!("Cannot call unsupported API versions.")
        );
    }
}
