//! What callers get back when things fail: every part of the API's answer is kept, odd bodies are
//! described, and no credential ever appears in an error.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use livechat::{AgentWeb, ApiErrorType, ErrorKind, Token};
use serde_json::json;
use support::{MockServer, Reply};

#[tokio::test]
async fn a_json_error_body_is_kept_whole() {
    let server = MockServer::start().await;
    server.reply([Reply::json(
        404,
        json!({"error": {"type": "not_found", "message": "Chat not found", "data": {"chat_id": "X"}}}),
    )
    .header("x-request-id", "req-123")]);
    let err = server.client("3.6").get_chat("X").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Api);
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.error_type(), Some(&ApiErrorType::NotFound));
    assert_eq!(err.message(), "Chat not found");
    assert_eq!(err.action(), Some("get_chat"));
    let api = err.api_error().unwrap();
    assert_eq!(api.data, Some(json!({"chat_id": "X"})));
    assert_eq!(api.request_id.as_deref(), Some("req-123"));
    assert_eq!(
        err.to_json_value(),
        json!({"kind": "api", "status": 404, "type": "not_found", "message": "Chat not found",
               "data": {"chat_id": "X"}, "request_id": "req-123", "action": "get_chat"})
    );
    assert_eq!(err.to_string(), "get_chat: 404 not_found: Chat not found");
}

#[tokio::test]
async fn unknown_and_oddly_cased_error_types_are_kept() {
    let server = MockServer::start().await;
    server.reply([
        Reply::error(400, "group_offline", "Group offline"),
        Reply::error(422, "Validation", "Wrong format"),
    ]);
    let a = server.client("3.6");
    let e = a.list_chats().await.unwrap_err();
    assert_eq!(e.error_type().unwrap().as_str(), "group_offline");
    let e = a.list_chats().await.unwrap_err();
    assert_eq!(e.error_type(), Some(&ApiErrorType::Validation));
}

#[tokio::test]
async fn non_json_and_empty_error_bodies_are_described_by_status() {
    let server = MockServer::start().await;
    server.reply([
        Reply::raw(403, "text/html", b"<html><body>Forbidden</body></html>"),
        Reply::raw(401, "text/plain", b""),
        Reply::json(404, json!({"message": "no error key"})),
        Reply::raw(418, "application/json", b"null"),
    ]);
    let a = server.client("3.6");
    let e = a.follow_chat("C").await.unwrap_err();
    assert_eq!(
        (e.status(), e.error_type()),
        (Some(403), Some(&ApiErrorType::Authorization))
    );
    assert!(e.message().contains("<html><body>Forbidden"), "{e}");
    let e = a.follow_chat("C").await.unwrap_err();
    assert_eq!(e.error_type(), Some(&ApiErrorType::Authentication));
    assert!(e.message().contains("empty body"), "{e}");
    let e = a.follow_chat("C").await.unwrap_err();
    assert_eq!(e.error_type(), Some(&ApiErrorType::NotFound));
    let e = a.follow_chat("C").await.unwrap_err();
    assert_eq!(e.error_type().unwrap().as_str(), "http_418");
}

#[tokio::test]
async fn a_non_json_success_body_is_a_decode_error() {
    let server = MockServer::start().await;
    server.reply([
        Reply::raw(200, "text/html", b"<html>maintenance</html>"),
        Reply::raw(200, "application/json", b""),
        Reply::raw(200, "application/json", br#"{"event_id": 5}"#),
        Reply::raw(204, "application/json", b""),
    ]);
    let a = server.client("3.6");
    let e = a.follow_chat("C").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    assert!(e.to_string().contains("maintenance"), "{e}");
    let e = a.follow_chat("C").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    let e = a
        .send_event("C", json!({"type": "message", "text": "x"}))
        .await
        .unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::Decode,
        "a typed field of the wrong type: {e}"
    );
    a.follow_chat("C").await.unwrap();
    assert_eq!(server.count(), 4, "decode errors are not retried");
}

#[tokio::test]
async fn an_oversized_response_is_refused() {
    let server = MockServer::start().await;
    let big = format!("{{\"x\":\"{}\"}}", "a".repeat(10_000));
    server.reply([Reply::raw(200, "application/json", big.as_bytes())]);
    let a = server
        .builder("3.6")
        .max_response_bytes(1000)
        .build()
        .unwrap();
    let e = a.list_chats().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    assert!(e.to_string().contains("1000-byte limit"), "{e}");
}

#[tokio::test]
async fn lifecycle_headers_are_noticed_once() {
    let server = MockServer::start().await;
    server.reply([
        Reply::json(200, json!({})).header("Legacy", "2026-12-31"),
        Reply::json(200, json!({})).header("Deprecation", "2027-01-31"),
    ]);
    let a = server.client("3.5");
    assert!(a.lifecycle_notice().is_none());
    a.follow_chat("C").await.unwrap();
    a.follow_chat("C").await.unwrap();
    let n = a.lifecycle_notice().unwrap();
    assert_eq!(
        (n.header.as_str(), n.value.as_str()),
        ("Legacy", "2026-12-31")
    );
}

#[tokio::test]
async fn no_error_or_debug_output_contains_the_token() {
    const SECRET: &str = "SECRET-TOKEN-4f9a";
    let server = MockServer::start().await;
    server.reply([
        Reply::error(401, "authentication", "Invalid access token"),
        Reply::raw(500, "text/plain", b"boom"),
        Reply::raw(200, "text/plain", b"not json"),
    ]);
    let agent = AgentWeb::builder("c")
        .api_url(&server.url)
        .token(Token::bearer(format!("dal:{SECRET}")))
        .max_retries(0)
        .build()
        .unwrap();
    let mut texts = vec![
        format!("{agent:?}"),
        format!("{:?}", Token::pat("acc", SECRET)),
    ];
    for _ in 0..3 {
        let e = agent.follow_chat("C").await.unwrap_err();
        texts.extend([e.to_string(), format!("{e:?}"), e.to_json()]);
    }
    let e = AgentWeb::builder("c")
        .token(Token::bearer(format!("dal:{SECRET}\r\n")))
        .build()
        .unwrap_err();
    texts.extend([e.to_string(), format!("{e:?}")]);
    let cfg = livechat::ClientConfig::from_json(&format!(r#"{{"token":"dal:{SECRET}"}}"#)).unwrap();
    texts.push(format!("{cfg:?}"));
    for t in &texts {
        assert!(!t.contains(SECRET), "token leaked in: {t}");
    }
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.header("authorization") == Some(&*format!("Bearer dal:{SECRET}")))
    );
}

#[tokio::test]
async fn a_redirect_names_itself_and_where_it_points_without_credentials() {
    let server = MockServer::start().await;
    server.reply([
        Reply::raw(302, "text/html", b"<a href=...>moved</a>").header(
            "location",
            "https://user:hunter2@elsewhere.example/v3.6/agent/action/get_chat",
        ),
        Reply::raw(301, "text/html", b""),
    ]);
    let client = server.client("3.6");
    let err = client.get_chat("X").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Api);
    assert_eq!(err.status(), Some(302));
    let message = err.to_string();
    assert!(
        message.contains("redirect (HTTP 302) to https://***@elsewhere.example/"),
        "{message}"
    );
    assert!(
        message.contains("check api_url") && !message.contains("hunter2"),
        "{message}"
    );
    let err = client.get_chat("X").await.unwrap_err();
    assert!(
        err.to_string()
            .contains("redirect (HTTP 301) to no Location"),
        "{err}"
    );
    assert_eq!(
        server.count(),
        2,
        "a redirect is never followed nor retried"
    );
}
