//! The Configuration API as a second surface, seen from the server: every call goes to
//! `/v3.x/configuration/action/<action>` and never to the agent path (nor the other way round);
//! a method of the other surface, or one the version lacks, is refused before any request,
//! naming where it lives; API 3.4's lookups are `GET`s with a query string and no body; writes
//! are never replayed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod config_docs;
mod support;

use bytes::Bytes;
use livechat::{CallOptions, ErrorKind};
use serde_json::{Value, json};
use support::{MockServer, Reply, obj};

#[tokio::test]
async fn each_surface_sends_to_its_own_path() {
    let server = MockServer::start().await;
    server.reply([Reply::json(200, json!([{"id": "b1", "name": "Bot"}]))]);
    let config = server.configuration("3.6");
    let bots = config
        .call_method("list_bots", obj(json!({"all": true})), CallOptions::new())
        .await
        .unwrap();
    assert_eq!(
        bots,
        json!([{"id": "b1", "name": "Bot"}]),
        "an array, as sent"
    );
    let agent = server.client("3.6");
    agent
        .call_method("list_chats", obj(json!({})), CallOptions::new())
        .await
        .unwrap();
    // An action outside the table goes to the client's own surface too.
    config.send("list_future_things", json!({})).await.unwrap();
    agent.send("list_future_things", json!({})).await.unwrap();
    let seen: Vec<(String, String)> = server
        .requests()
        .iter()
        .map(|r| (r.method.clone(), r.path.clone()))
        .collect();
    assert_eq!(
        seen,
        [
            ("POST".into(), "/v3.6/configuration/action/list_bots".into()),
            ("POST".into(), "/v3.6/agent/action/list_chats".into()),
            (
                "POST".into(),
                "/v3.6/configuration/action/list_future_things".into()
            ),
            (
                "POST".into(),
                "/v3.6/agent/action/list_future_things".into()
            ),
        ]
    );
    let first = &server.requests()[0];
    assert_eq!(first.json(), json!({"all": true}));
    assert_eq!(first.header("content-type"), Some("application/json"));
    assert_eq!(first.header("authorization"), Some("Bearer dal:test-token"));
    assert_eq!(config.kind(), "configuration");
    assert!(format!("{config:?}").starts_with("Configuration"));
}

#[tokio::test]
async fn a_method_of_the_other_surface_is_refused_naming_it() {
    let server = MockServer::start().await;
    let config = server.configuration("3.6");
    let err = config
        .call_method(
            "send_event",
            obj(json!({"chat_id": "C", "event": {"type": "message", "text": "hi"}})),
            CallOptions::new(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedMethod);
    let msg = err.to_string();
    assert!(
        msg.contains("send_event is a method of the agent API (AgentWeb)"),
        "{msg}"
    );

    let agent = server.client("3.6");
    let err = agent
        .call_method(
            "register_webhook",
            obj(json!({"action": "incoming_chat"})),
            CallOptions::new(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedMethod);
    let msg = err.to_string();
    assert!(
        msg.contains("register_webhook is a method of the configuration API (Configuration)"),
        "{msg}"
    );
    assert!(agent.resolve("issue_bot_token").is_err());
    assert!(config.resolve("issue_bot_token").is_ok());
    assert_eq!(server.count(), 0, "nothing is sent");
}

#[tokio::test]
async fn methods_a_version_lacks_name_the_versions_and_the_replacement() {
    let server = MockServer::start().await;
    let err = server
        .configuration("3.3")
        .call_method(
            "issue_bot_token",
            obj(
                json!({"bot_id": "b", "client_id": "c", "bot_secret": "s", "organization_id": "o"}),
            ),
            CallOptions::new(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedMethod);
    assert!(err.to_string().contains("API 3.5+"), "{err}");

    let err = server
        .configuration("3.6")
        .call_method(
            "list_group_properties",
            obj(json!({"id": 0})),
            CallOptions::new(),
        )
        .await
        .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("API 3.3–3.4"), "{msg}");
    assert!(msg.contains("use list_groups_properties"), "{msg}");

    let err = server
        .configuration("3.5")
        .call_method(
            "get_license_id",
            obj(json!({"organization_id": "o"})),
            CallOptions::new(),
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("API 3.4 only"), "{err}");
    assert_eq!(server.count(), 0, "nothing is sent");
}

#[tokio::test]
async fn api_3_4_lookups_are_gets_with_the_documented_query_and_no_body() {
    let server = MockServer::start().await;
    server.reply([
        Reply::json(200, json!({"license_id": 104130623})),
        Reply::json(
            200,
            json!({"organization_id": "142cf3ad-5d54-4cf6-8ce1-3773d14d7f3f"}),
        ),
        Reply::json(200, json!({"license_id": 104130623})),
    ]);
    let config = server.configuration("3.4");
    let license = config
        .call_method(
            "get_license_id",
            obj(json!({"organization_id": "142cf3ad-5d54-4cf6-8ce1-3773d14d7f3f"})),
            CallOptions::new(),
        )
        .await
        .unwrap();
    assert_eq!(license, json!({"license_id": 104130623}));
    let org = config
        .call_method(
            "get_organization_id",
            obj(json!({"license_id": 104130623})),
            CallOptions::new(),
        )
        .await
        .unwrap();
    assert_eq!(
        org["organization_id"],
        "142cf3ad-5d54-4cf6-8ce1-3773d14d7f3f"
    );
    // The raw escape hatch honours the table's GET too.
    config
        .send_raw(
            "get_license_id",
            Bytes::from_static(br#"{"organization_id":"a b&c"}"#),
            CallOptions::new(),
        )
        .await
        .unwrap();

    let reqs = server.requests();
    assert_eq!(reqs.len(), 3);
    for (r, action) in reqs
        .iter()
        .zip(["get_license_id", "get_organization_id", "get_license_id"])
    {
        assert_eq!(r.method, "GET");
        assert_eq!(r.path, format!("/v3.4/configuration/action/{action}"));
        assert!(r.body.is_empty(), "a GET has no body");
        assert_eq!(r.header("content-type"), None);
        assert_eq!(r.header("authorization"), Some("Bearer dal:test-token"));
    }
    // Exactly the query strings of the docs' samples.
    for (r, action) in reqs.iter().zip(["get_license_id", "get_organization_id"]) {
        let documented = config_docs::sample("3.4", action);
        assert_eq!(documented.method, "GET");
        assert_eq!(r.query, documented.query, "{action}");
    }
    assert_eq!(
        reqs[0].query.as_deref(),
        Some("organization_id=142cf3ad-5d54-4cf6-8ce1-3773d14d7f3f")
    );
    assert_eq!(reqs[1].query.as_deref(), Some("license_id=104130623"));
    assert_eq!(
        reqs[2].query.as_deref(),
        Some("organization_id=a+b%26c"),
        "values are form-encoded"
    );
}

#[tokio::test]
async fn a_get_checks_its_arguments_like_any_call() {
    let server = MockServer::start().await;
    let config = server.configuration("3.4");
    let err = config
        .call_method("get_organization_id", obj(json!({})), CallOptions::new())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(
        err.to_string()
            .contains("missing required argument `license_id`"),
        "{err}"
    );
    let err = config
        .call_method(
            "get_organization_id",
            obj(json!({"license_id": "104130623"})),
            CallOptions::new(),
        )
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("must be an integer, got a string"),
        "{err}"
    );
    assert_eq!(server.count(), 0);
}

#[tokio::test(start_paused = true)]
async fn writes_are_never_replayed_and_reads_are_retried() {
    let server = MockServer::start().await;
    let config = server.configuration("3.6");
    for (method, args) in [
        (
            "create_bot",
            json!({"name": "Bot", "owner_client_id": "cid"}),
        ),
        (
            "register_webhook",
            json!({"action": "incoming_chat", "secret_key": "s", "url": "https://x.test/h",
                   "owner_client_id": "cid", "type": "bot"}),
        ),
        (
            "issue_bot_token",
            json!({"bot_id": "b", "client_id": "c", "bot_secret": "s", "organization_id": "o"}),
        ),
    ] {
        let before = server.count();
        server.reply([
            Reply::error(500, "internal", "oops"),
            Reply::json(200, json!({})),
        ]);
        let err = config
            .call_method(method, obj(args), CallOptions::new())
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(500), "{method}");
        assert_eq!(server.count() - before, 1, "{method} was replayed");
        // Drain the unused scripted answer.
        config
            .call_method("list_bots", obj(json!({})), CallOptions::new())
            .await
            .unwrap();
    }
    let before = server.count();
    server.reply([
        Reply::error(500, "internal", "oops"),
        Reply::json(200, json!([])),
    ]);
    let bots: Value = config
        .call_method("list_bots", obj(json!({})), CallOptions::new())
        .await
        .unwrap();
    assert_eq!(bots, json!([]));
    assert_eq!(server.count() - before, 2, "a read is retried after a 500");
}

#[tokio::test]
async fn batch_methods_send_one_requests_array() {
    let server = MockServer::start().await;
    server.reply([Reply::json(
        200,
        json!({"responses": [{}, {"error": {"type": "validation", "message": "`id` is required"}}]}),
    )]);
    let config = server.configuration("3.6");
    let out = config
        .call_method(
            "batch_delete_agents",
            obj(json!({"requests": [{"id": "smith@example.com"}, {}]})),
            CallOptions::new(),
        )
        .await
        .unwrap();
    assert_eq!(out["responses"].as_array().unwrap().len(), 2);
    let r = &server.requests()[0];
    assert_eq!(r.path, "/v3.6/configuration/action/batch_delete_agents");
    assert_eq!(
        String::from_utf8(r.body.to_vec()).unwrap(),
        r#"{"requests":[{"id":"smith@example.com"},{}]}"#
    );
    let err = server
        .configuration("3.4")
        .call_method(
            "batch_delete_agents",
            obj(json!({"requests": []})),
            CallOptions::new(),
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("API 3.5+"), "{err}");
}

#[tokio::test]
async fn list_greetings_pages_with_page_id_alone() {
    let server = MockServer::start().await;
    server.reply([
        Reply::json(
            200,
            json!({"greetings": [{"id": 1}], "found_greetings": 2, "next_page_id": "MQ=="}),
        ),
        Reply::json(200, json!({"greetings": [{"id": 2}], "found_greetings": 2})),
    ]);
    let config = server.configuration("3.6");
    let mut pager = livechat::Pager::new(
        &config,
        "list_greetings",
        obj(json!({"groups": [0, 1], "limit": 1})),
        CallOptions::new(),
    );
    let mut ids = Vec::new();
    while let Some(page) = pager.next_page().await.unwrap() {
        ids.extend(
            page["greetings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|g| g["id"].clone()),
        );
    }
    assert_eq!(ids, [json!(1), json!(2)]);
    let bodies: Vec<Value> = server.requests().iter().map(|r| r.json()).collect();
    assert_eq!(
        bodies,
        [
            json!({"groups": [0, 1], "limit": 1}),
            json!({"page_id": "MQ=="})
        ],
        "the docs: `page_id` cannot be used with `groups` or `limit`"
    );
}
