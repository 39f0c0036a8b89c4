//! Bad input gets a clear error naming what was wrong, and never a request.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use livechat::{AgentWeb, CallOptions, ErrorKind, Token};
use serde_json::json;
use support::{MockServer, obj};

#[tokio::test]
async fn construction_refuses_bad_options_with_clear_messages() {
    let server = MockServer::start().await;
    let base = || {
        AgentWeb::builder("cid")
            .api_url(&server.url)
            .token(Token::bearer("dal:t"))
    };
    let cases: Vec<(livechat::AgentWebBuilder, &str)> = vec![
        (
            base().version("3.2"),
            "supported versions: 3.3, 3.4, 3.5, 3.6, 3.7",
        ),
        (base().api_url("ftp://example.com"), "api_url"),
        (
            base().api_url("https://https//api.livechatinc.com/x"),
            "api_url",
        ),
        (
            base().token(Token::bearer("dal:abc\r\nHost: evil")),
            "control character",
        ),
        (base().token(Token::bearer("")), "empty"),
        (
            base().header("X-Author-Id", "bot\nX: 1"),
            "control character",
        ),
        (
            base().header("Authorization", "Bearer other"),
            "set by the client",
        ),
        (base().header("bad header", "v"), "not a valid header name"),
        (base().region("fra\r\n"), "not a region"),
        (
            AgentWeb::builder("cid\r\n").token(Token::bearer("dal:t")),
            "client_id",
        ),
        (AgentWeb::builder("cid"), "no token"),
    ];
    for (builder, needle) in cases {
        let err = builder.build().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{err}");
        assert!(
            err.to_string().contains(needle),
            "expected {needle:?} in {err}"
        );
    }
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn calls_refuse_bad_arguments_before_sending() {
    let server = MockServer::start().await;
    let a = server.client("3.6");
    let cases = [
        (
            "send_event",
            json!({"chat_id": "C"}),
            "missing required argument `event`",
        ),
        (
            "send_event",
            json!({"chat_id": "C", "event": "hi"}),
            "`event` must be an object, got a string",
        ),
        (
            "list_chats",
            json!({"limit": 1.5}),
            "`limit` must be an integer",
        ),
        (
            "list_chats",
            json!({"page_id": "P", "filters": {}}),
            "`page_id` cannot be combined with filters",
        ),
        (
            "transfer_chat",
            json!({"id": "C", "force": true}),
            "use `ignore_agents_availability`",
        ),
        (
            "send_typing_indicator",
            json!({"chat_id": "C", "is_typing": true, "recipients": "all"}),
            "use `visibility`",
        ),
        (
            "get_chat",
            json!({"chat_id": "C", "extra": 1}),
            "unknown argument `extra`",
        ),
        (
            "ban_customer",
            json!({"id": "U", "days": "3"}),
            "`days` must be an integer",
        ),
    ];
    for (method, args, needle) in cases {
        let err = a
            .call_method(method, obj(args), CallOptions::default())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{method}: {err}");
        assert!(
            err.to_string().contains(needle),
            "{method}: expected {needle:?} in {err}"
        );
        assert_eq!(err.action(), Some(method));
    }
    let err = a
        .call_method("no_such_method", Default::default(), CallOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedMethod);
    let err = a
        .send("../../v3.3/agent/action/list_chats", json!({}))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert_eq!(server.count(), 0);
}
