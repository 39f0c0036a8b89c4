//! The exact request of every method on API 3.3 and 3.6: path, headers and body byte-for-byte,
//! including the reshaped ones; and the methods a version lacks fail before any request.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use livechat::surfaces::agent_web::METHODS;
use livechat::{AgentWeb, CallOptions, ErrorKind, Token};
use serde_json::{Value, json};
use support::{MockServer, Reply, obj};

/// (method, arguments, expected body) for one version. The expected body is compared as text, so
/// key order (signature order) and compactness are checked too.
fn cases(version: &str) -> Vec<(&'static str, Value, &'static str)> {
    let v33 = version == "3.3";
    let mut c = vec![
        ("list_chats", json!({}), r#"{}"#),
        (
            "list_chats",
            json!({"filters": {"include_active": true}, "sort_order": "asc", "limit": 0}),
            r#"{"filters":{"include_active":true},"sort_order":"asc","limit":0}"#,
        ),
        (
            "list_chats",
            json!({"page_id": "MTU="}),
            r#"{"page_id":"MTU="}"#,
        ),
        (
            "list_threads",
            json!({"chat_id": "PJ0MRSHTDG", "limit": 3}),
            r#"{"chat_id":"PJ0MRSHTDG","limit":3}"#,
        ),
        (
            "get_chat",
            json!({"chat_id": "PJ0MRSHTDG"}),
            r#"{"chat_id":"PJ0MRSHTDG"}"#,
        ),
        (
            "get_chat",
            json!({"chat_id": "PJ0MRSHTDG", "thread_id": "K600PKZON8"}),
            r#"{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8"}"#,
        ),
        (
            "list_archives",
            json!({"filters": {"query": "hello"}, "limit": 10}),
            r#"{"filters":{"query":"hello"},"limit":10}"#,
        ),
        ("start_chat", json!({}), r#"{}"#),
        (
            "start_chat",
            json!({"chat": {"access": {"group_ids": [1]}}, "active": false, "continuous": true}),
            r#"{"chat":{"access":{"group_ids":[1]}},"active":false,"continuous":true}"#,
        ),
        (
            "resume_chat",
            json!({"chat": "PJ0MRSHTDG"}),
            r#"{"chat":{"id":"PJ0MRSHTDG"}}"#,
        ),
        (
            "resume_chat",
            json!({"chat": {"chat": {"id": "PJ0MRSHTDG"}, "active": true, "continuous": false}}),
            r#"{"chat":{"id":"PJ0MRSHTDG"},"active":true,"continuous":false}"#,
        ),
        (
            "deactivate_chat",
            json!({"id": "PJ0MRSHTDG"}),
            r#"{"id":"PJ0MRSHTDG"}"#,
        ),
        (
            "follow_chat",
            json!({"id": "PJ0MRSHTDG"}),
            r#"{"id":"PJ0MRSHTDG"}"#,
        ),
        (
            "unfollow_chat",
            json!({"id": "PJ0MRSHTDG"}),
            r#"{"id":"PJ0MRSHTDG"}"#,
        ),
        (
            "send_event",
            json!({"chat_id": "PJ0MRSHTDG", "event": {"type": "message", "text": "zażółć ✓ </b>", "visibility": "all"}}),
            r#"{"chat_id":"PJ0MRSHTDG","event":{"type":"message","text":"zażółć ✓ </b>","visibility":"all"}}"#,
        ),
        (
            "send_rich_message_postback",
            json!({"chat_id": "C", "thread_id": "T", "event_id": "E", "postback": {"id": "p", "toggled": true}}),
            r#"{"chat_id":"C","thread_id":"T","event_id":"E","postback":{"id":"p","toggled":true}}"#,
        ),
        (
            "update_chat_properties",
            json!({"id": "C", "properties": {"test": {"bool_property": false}}}),
            r#"{"id":"C","properties":{"test":{"bool_property":false}}}"#,
        ),
        (
            "delete_chat_properties",
            json!({"id": "C", "properties": {"test": ["bool_property"]}}),
            r#"{"id":"C","properties":{"test":["bool_property"]}}"#,
        ),
        (
            "update_thread_properties",
            json!({"chat_id": "C", "thread_id": "T", "properties": {"test": {"int_property": 0}}}),
            r#"{"chat_id":"C","thread_id":"T","properties":{"test":{"int_property":0}}}"#,
        ),
        (
            "delete_thread_properties",
            json!({"chat_id": "C", "thread_id": "T", "properties": {"test": ["int_property"]}}),
            r#"{"chat_id":"C","thread_id":"T","properties":{"test":["int_property"]}}"#,
        ),
        (
            "update_event_properties",
            json!({"chat_id": "C", "thread_id": "T", "event_id": "E", "properties": {"test": {"string_property": ""}}}),
            r#"{"chat_id":"C","thread_id":"T","event_id":"E","properties":{"test":{"string_property":""}}}"#,
        ),
        (
            "delete_event_properties",
            json!({"chat_id": "C", "thread_id": "T", "event_id": "E", "properties": {"test": ["string_property"]}}),
            r#"{"chat_id":"C","thread_id":"T","event_id":"E","properties":{"test":["string_property"]}}"#,
        ),
        (
            "tag_thread",
            json!({"chat_id": "C", "thread_id": "T", "tag": "Sales"}),
            r#"{"chat_id":"C","thread_id":"T","tag":"Sales"}"#,
        ),
        (
            "untag_thread",
            json!({"chat_id": "C", "thread_id": "T", "tag": "Sales"}),
            r#"{"chat_id":"C","thread_id":"T","tag":"Sales"}"#,
        ),
        (
            "get_customer",
            json!({"id": "b7eff798"}),
            r#"{"id":"b7eff798"}"#,
        ),
        (
            "update_customer",
            json!({"id": "b7eff798", "name": "Thomas", "session_fields": [{"a": "b"}]}),
            r#"{"id":"b7eff798","name":"Thomas","session_fields":[{"a":"b"}]}"#,
        ),
        (
            "ban_customer",
            json!({"id": "b7eff798", "days": 3}),
            r#"{"id":"b7eff798","ban":{"days":3}}"#,
        ),
        (
            "follow_customer",
            json!({"id": "b7eff798"}),
            r#"{"id":"b7eff798"}"#,
        ),
        (
            "unfollow_customer",
            json!({"id": "b7eff798"}),
            r#"{"id":"b7eff798"}"#,
        ),
        (
            "set_routing_status",
            json!({"status": "accepting_chats"}),
            r#"{"status":"accepting_chats"}"#,
        ),
        (
            "set_routing_status",
            json!({"status": "not_accepting_chats", "agent_id": "a@b.c"}),
            r#"{"status":"not_accepting_chats","agent_id":"a@b.c"}"#,
        ),
        ("list_routing_statuses", json!({}), r#"{}"#),
        (
            "list_routing_statuses",
            json!({"group_ids": [0, 1]}),
            r#"{"filters":{"group_ids":[0,1]}}"#,
        ),
        (
            "mark_events_as_seen",
            json!({"chat_id": "C", "seen_up_to": "2026-11-25T13:12:52.123456Z"}),
            r#"{"chat_id":"C","seen_up_to":"2026-11-25T13:12:52.123456Z"}"#,
        ),
        (
            "multicast",
            json!({"recipients": {"agents": {"all": true}}, "content": {"x": 1}, "type": "note"}),
            r#"{"recipients":{"agents":{"all":true}},"content":{"x":1},"type":"note"}"#,
        ),
        (
            "list_agents_for_transfer",
            json!({"chat_id": "C"}),
            r#"{"chat_id":"C"}"#,
        ),
    ];
    if v33 {
        c.extend([
            ("transfer_chat", json!({"id": "C", "target": {"type": "group", "ids": [1]}, "force": true}),
                r#"{"id":"C","target":{"type":"group","ids":[1]},"force":true}"#),
            ("add_user_to_chat", json!({"chat_id": "C", "user_id": "a@b.c", "user_type": "agent", "require_active_thread": false}),
                r#"{"chat_id":"C","user_id":"a@b.c","user_type":"agent","require_active_thread":false}"#),
            ("remove_user_from_chat", json!({"chat_id": "C", "user_id": "a@b.c"}), r#"{"chat_id":"C","user_id":"a@b.c","user_type":"agent"}"#),
            ("send_event", json!({"chat_id": "C", "event": {"type": "message", "text": "x"}, "attach_to_last_thread": false}),
                r#"{"chat_id":"C","event":{"type":"message","text":"x"},"attach_to_last_thread":false}"#),
            ("send_typing_indicator", json!({"chat_id": "C", "is_typing": true, "recipients": "agents"}),
                r#"{"chat_id":"C","is_typing":true,"recipients":"agents"}"#),
            ("grant_chat_access", json!({"chat_id": "C", "access": {"type": "group", "id": 1}}), r#"{"id":"C","access":{"type":"group","id":1}}"#),
            ("revoke_chat_access", json!({"chat_id": "C", "access": {"type": "agent", "id": "a@b.c"}}), r#"{"id":"C","access":{"type":"agent","id":"a@b.c"}}"#),
            ("list_customers", json!({"limit": 5, "sort_by": "created_at"}), r#"{"limit":5,"sort_by":"created_at"}"#),
            ("create_customer", json!({"name": "Thomas", "email": "t@a.com"}), r#"{"name":"Thomas","email":"t@a.com"}"#),
            ("deactivate_chat", json!({"id": "C"}), r#"{"id":"C"}"#),
        ]);
    } else {
        c.extend([
            ("transfer_chat", json!({"id": "C", "target": {"type": "agent", "ids": ["a@b.c"]}, "ignore_agents_availability": true, "ignore_requester_presence": false}),
                r#"{"id":"C","target":{"type":"agent","ids":["a@b.c"]},"ignore_agents_availability":true,"ignore_requester_presence":false}"#),
            ("add_user_to_chat", json!({"chat_id": "C", "user_id": "a@b.c", "user_type": "agent", "visibility": "all"}),
                r#"{"chat_id":"C","user_id":"a@b.c","user_type":"agent","visibility":"all"}"#),
            ("remove_user_from_chat", json!({"chat_id": "C", "user_id": "a@b.c", "user_type": "agent", "ignore_requester_presence": true}),
                r#"{"chat_id":"C","user_id":"a@b.c","user_type":"agent","ignore_requester_presence":true}"#),
            ("send_typing_indicator", json!({"chat_id": "C", "is_typing": false, "visibility": "all"}),
                r#"{"chat_id":"C","is_typing":false,"visibility":"all"}"#),
            ("deactivate_chat", json!({"id": "C", "ignore_requester_presence": true}), r#"{"id":"C","ignore_requester_presence":true}"#),
            ("update_customer", json!({"id": "U", "phone_number": "+48123", "address": {"city": "Wrocław"}}),
                r#"{"id":"U","phone_number":"+48123","address":{"city":"Wrocław"}}"#),
            ("send_event_preview", json!({"chat_id": "C", "event": {"type": "message", "text": "typing…"}}),
                r#"{"chat_id":"C","event":{"type":"message","text":"typing…"}}"#),
            ("send_thinking_indicator", json!({"chat_id": "C", "title": "Thinking", "visibility": "all"}),
                r#"{"chat_id":"C","title":"Thinking","visibility":"all"}"#),
            ("request_thread_summary", json!({"chat_id": "C", "thread_id": "T"}), r#"{"chat_id":"C","thread_id":"T"}"#),
            ("get_thread_transcript", json!({"chat_id": "C", "thread_id": "T"}), r#"{"chat_id":"C","thread_id":"T"}"#),
            ("logout", json!({}), r#"{}"#),
            ("logout", json!({"agent_id": "a@b.c"}), r#"{"agent_id":"a@b.c"}"#),
        ]);
    }
    c
}

async fn check_every_method(version: &str) {
    let server = MockServer::start().await;
    let agent = server.client(version);
    let cases = cases(version);
    for (method, args, _) in &cases {
        agent
            .call_method(method, obj(args.clone()), CallOptions::default())
            .await
            .unwrap_or_else(|e| panic!("{method} on {version}: {e}"));
    }
    let seen = server.requests();
    assert_eq!(seen.len(), cases.len());
    for ((method, _, body), req) in cases.iter().zip(&seen) {
        let action = livechat::surfaces::AGENT.find(method).unwrap().action;
        assert_eq!(req.method, "POST", "{method}");
        assert_eq!(
            req.path,
            format!("/v{version}/agent/action/{action}"),
            "{method}"
        );
        assert_eq!(
            std::str::from_utf8(&req.body).unwrap(),
            *body,
            "{method} body on {version}"
        );
        assert_eq!(
            req.header("content-type"),
            Some("application/json"),
            "{method}"
        );
        assert_eq!(req.header("accept"), Some("application/json"), "{method}");
        assert_eq!(
            req.header("authorization"),
            Some("Bearer dal:test-token"),
            "{method}"
        );
        assert_eq!(req.header("x-region"), Some("dal"), "{method}");
        let ua = req.header("user-agent").unwrap();
        assert!(
            ua.starts_with(&format!("livechat-rust/{}", livechat::VERSION)),
            "{ua}"
        );
        assert!(ua.contains("test-client-id"), "{ua}");
    }
    // Every JSON method of this version was exercised.
    for m in METHODS.iter().filter(|m| !m.multipart) {
        let available = m.versions.contains(version.parse().unwrap());
        let covered = cases.iter().any(|(name, _, _)| *name == m.name);
        assert_eq!(
            available, covered,
            "{} on {version}: available {available}, covered {covered}",
            m.name
        );
    }
}

#[tokio::test]
async fn every_method_sends_the_documented_request_on_3_3() {
    check_every_method("3.3").await;
}

#[tokio::test]
async fn every_method_sends_the_documented_request_on_3_6() {
    check_every_method("3.6").await;
}

#[tokio::test]
async fn methods_missing_from_a_version_fail_before_any_request() {
    let server = MockServer::start().await;
    for (version, method, needle) in [
        ("3.6", "grant_chat_access", "use transfer_chat"),
        ("3.6", "revoke_chat_access", "API 3.3 only"),
        ("3.6", "create_customer", "API 3.3–3.5"),
        ("3.6", "list_customers", "API 3.3–3.5"),
        ("3.6", "get_license_info", "API 3.5 only"),
        ("3.3", "send_event_preview", "API 3.6+"),
        ("3.3", "send_thinking_indicator", "API 3.6+"),
        ("3.5", "request_thread_summary", "API 3.6+"),
        ("3.4", "logout", "API 3.6+"),
    ] {
        let err = server
            .client(version)
            .call_method(method, Default::default(), CallOptions::default())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnsupportedMethod, "{method}");
        assert!(
            err.to_string().contains(needle),
            "{method} on {version}: {err}"
        );
    }
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn typed_methods_send_the_same_bodies() {
    let server = MockServer::start().await;
    server.reply([
        Reply::json(200, json!({"chat_id": "C", "thread_id": "T"})),
        Reply::json(200, json!({"event_id": "E"})),
    ]);
    let a = server.client("3.6");
    let started = a.start_chat().active(true).await.unwrap();
    assert_eq!(started.chat_id, "C");
    let sent = a
        .send_event("C", json!({"type": "message", "text": "hi"}))
        .await
        .unwrap();
    assert_eq!(sent.event_id, "E");
    a.transfer_chat("C")
        .ignore_agents_availability(true)
        .await
        .unwrap();
    a.add_user_to_chat("C", "a@b.c", "agent")
        .visibility("agents")
        .await
        .unwrap();
    a.send_typing_indicator("C", true)
        .visibility("all")
        .await
        .unwrap();
    a.resume_chat("C").await.unwrap_err(); // `{}` is not a ResumeChatResponse: a decode error
    a.ban_customer("U", 7).await.unwrap();
    a.list_routing_statuses()
        .group_ids(vec![1])
        .json()
        .await
        .unwrap();
    a.multicast(json!({"agents": {"all": true}}), json!("hi"))
        .r#type("t")
        .await
        .unwrap();
    let bodies: Vec<String> = server
        .requests()
        .iter()
        .map(|r| String::from_utf8(r.body.to_vec()).unwrap())
        .collect();
    assert_eq!(
        bodies,
        [
            r#"{"active":true}"#,
            r#"{"chat_id":"C","event":{"type":"message","text":"hi"}}"#,
            r#"{"id":"C","ignore_agents_availability":true}"#,
            r#"{"chat_id":"C","user_id":"a@b.c","user_type":"agent","visibility":"agents"}"#,
            r#"{"chat_id":"C","is_typing":true,"visibility":"all"}"#,
            r#"{"chat":{"id":"C"}}"#,
            r#"{"id":"U","ban":{"days":7}}"#,
            r#"{"filters":{"group_ids":[1]}}"#,
            r#"{"recipients":{"agents":{"all":true}},"content":"hi","type":"t"}"#,
        ]
    );
}

#[tokio::test]
async fn a_personal_access_token_is_sent_as_basic_without_a_region() {
    let server = MockServer::start().await;
    let agent = AgentWeb::builder("cid")
        .api_url(&server.url)
        .token(Token::pat("account-1", "pat-secret"))
        .build()
        .unwrap();
    agent.list_chats().await.unwrap();
    let req = &server.requests()[0];
    assert_eq!(
        req.header("authorization"),
        Some("Basic YWNjb3VudC0xOnBhdC1zZWNyZXQ=")
    );
    assert_eq!(req.header("x-region"), None, "never an empty X-Region");
    assert_eq!(req.path, "/v3.6/agent/action/list_chats");
}

#[tokio::test]
async fn the_raw_send_posts_any_action_and_refuses_bad_names() {
    let server = MockServer::start().await;
    server.reply([Reply::json(200, json!({"ok": true}))]);
    let agent = server.client("3.6");
    let v = agent
        .send("some_new_action", json!({"x": false}))
        .await
        .unwrap();
    assert_eq!(v, json!({"ok": true}));
    agent.send("list_chats", Value::Null).await.unwrap();
    for bad in ["../list_chats", "List_chats", "list-chats", "a/b", ""] {
        let err = agent.send(bad, json!({})).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{bad}");
    }
    let err = agent.send("list_chats", json!([1])).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].path, "/v3.6/agent/action/some_new_action");
    assert_eq!(&reqs[0].body[..], br#"{"x":false}"#);
    assert_eq!(&reqs[1].body[..], b"{}");
}

#[tokio::test]
async fn accessors_report_the_configuration() {
    let agent = AgentWeb::builder("cid")
        .api_url("127.0.0.1:1/")
        .version("3.3")
        .token(Token::bearer("fra:x"))
        .build()
        .unwrap();
    assert_eq!(agent.api_url(), "https://127.0.0.1:1");
    assert_eq!(agent.client_id(), "cid");
    assert_eq!(agent.version().as_str(), "3.3");
    assert_eq!(agent.kind(), "agent");
}

#[tokio::test]
async fn the_method_table_exports_as_json() {
    let v: Value = serde_json::from_str(livechat::surfaces::table_json()).unwrap();
    assert_eq!(v["default_version"], "3.6");
    let methods = v["methods"].as_array().unwrap();
    assert_eq!(methods.len(), METHODS.len());
    let ban = methods
        .iter()
        .find(|m| m["name"] == "ban_customer")
        .unwrap();
    assert_eq!(ban["params"][1]["path"], json!(["ban", "days"]));
    let grant = methods
        .iter()
        .find(|m| m["name"] == "grant_chat_access")
        .unwrap();
    assert_eq!(grant["versions"], json!(["3.3"]));
    assert_eq!(grant["replacement"], "transfer_chat");
}
