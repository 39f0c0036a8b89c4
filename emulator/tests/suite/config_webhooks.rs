//! Configuration API, webhooks: register_webhook validation (unknown action, URL, type,
//! filters, additional data, three per action and Client ID), list/unregister per Client ID,
//! list_webhook_names per version without credentials, the license-webhooks switch, and the
//! registry as the emulator exposes it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use serde_json::{Value, json};

const V: &str = "3.6";
const OWNER: &str = "0805e283233042b37f460ed8fbf22160";

fn webhook(action: &str) -> Value {
    json!({"action": action, "secret_key": "laudla991lamda0pnoaa0",
           "url": "http://myservice.com/webhooks", "owner_client_id": OWNER, "type": "license"})
}

fn with(mut body: Value, key: &str, value: Value) -> Value {
    body[key] = value;
    body
}

#[tokio::test]
async fn register_list_and_unregister_per_client_id() {
    let api = Api::start().await;
    let body = with(
        webhook("chat_deactivated"),
        "description",
        json!("Test webhook"),
    );
    let body = with(
        body,
        "filters",
        json!({"chat_presence": {"user_ids": {"values": ["johndoe@mail.com"]}, "my_bots": true}}),
    );
    let id = api.config_ok(V, "register_webhook", body).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let other = api
        .config_ok(
            V,
            "register_webhook",
            with(
                webhook("incoming_event"),
                "owner_client_id",
                json!("another"),
            ),
        )
        .await;
    let list = api
        .config_ok(V, "list_webhooks", json!({"owner_client_id": OWNER}))
        .await;
    assert_eq!(
        list,
        json!([{"id": id, "url": "http://myservice.com/webhooks", "description": "Test webhook",
            "action": "chat_deactivated",
            "filters": {"chat_presence": {"user_ids": {"values": ["johndoe@mail.com"]}, "my_bots": true}},
            "owner_client_id": OWNER, "type": "license"}])
    );
    // The registry, with secrets and versions, for delivery.
    let registry = api.emu.webhooks();
    assert_eq!(registry["webhooks"].as_array().unwrap().len(), 2);
    assert_eq!(
        registry["webhooks"][0]["secret_key"],
        json!("laudla991lamda0pnoaa0")
    );
    assert_eq!(registry["webhooks"][0]["version"], json!("3.6"));
    let control: Value = api
        .http
        .get(api.control("webhooks"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(control, registry);

    api.config_fails(
        V,
        "unregister_webhook",
        json!({"id": other["id"], "owner_client_id": OWNER}),
        "not_found",
        404,
    )
    .await;
    api.config_ok(
        V,
        "unregister_webhook",
        json!({"id": id, "owner_client_id": OWNER}),
    )
    .await;
    assert_eq!(
        api.config_ok(V, "list_webhooks", json!({"owner_client_id": OWNER}))
            .await,
        json!([])
    );
    api.config_fails(V, "list_webhooks", json!({}), "validation", 422)
        .await;
}

#[tokio::test]
async fn at_most_three_webhooks_per_action_and_client_id() {
    let api = Api::start().await;
    for _ in 0..3 {
        api.config_ok(V, "register_webhook", webhook("incoming_chat"))
            .await;
    }
    let reply = api
        .config_fails(
            V,
            "register_webhook",
            webhook("incoming_chat"),
            "limit_reached",
            402,
        )
        .await;
    assert!(
        reply.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains('3')
    );
    // Another action, another client: fine.
    api.config_ok(V, "register_webhook", webhook("incoming_event"))
        .await;
    api.config_ok(
        V,
        "register_webhook",
        with(webhook("incoming_chat"), "owner_client_id", json!("other")),
    )
    .await;
    // Unregistering frees a slot.
    let list = api
        .config_ok(V, "list_webhooks", json!({"owner_client_id": OWNER}))
        .await;
    let first = list[0]["id"].clone();
    api.config_ok(
        V,
        "unregister_webhook",
        json!({"id": first, "owner_client_id": OWNER}),
    )
    .await;
    api.config_ok(V, "register_webhook", webhook("incoming_chat"))
        .await;
}

#[tokio::test]
async fn register_webhook_validates_every_field() {
    let api = Api::start().await;
    let bad = |body: Value| {
        let api = &api;
        async move {
            let reply = api.config(V, "register_webhook", body).await;
            assert_eq!(reply.error_type(), "validation", "{}", reply.body);
            assert_eq!(reply.status, 422);
            reply.body["error"]["message"].as_str().unwrap().to_string()
        }
    };
    // Unknown actions, and actions of other versions.
    let msg = bad(webhook("no_such_action")).await;
    assert!(msg.contains("no_such_action"), "{msg}");
    bad(webhook("incoming_customer")).await; // dropped in 3.6
    api.config_ok("3.5", "register_webhook", webhook("incoming_customer"))
        .await;
    let reply = api
        .config("3.3", "register_webhook", webhook("chat_access_updated"))
        .await;
    assert_eq!(reply.error_type(), "validation");
    api.config_ok("3.3", "register_webhook", webhook("chat_access_granted"))
        .await;
    // URLs.
    for url in [
        "myservice.com/hook",
        "ftp://x.com/h",
        "http://",
        "http://a b.com/",
    ] {
        bad(with(webhook("incoming_chat"), "url", json!(url))).await;
    }
    let long = format!("https://example.com/{}", "a".repeat(481));
    bad(with(webhook("incoming_chat"), "url", json!(long))).await;
    let ok = format!("https://example.com/{}", "a".repeat(480));
    api.config_ok(
        V,
        "register_webhook",
        with(webhook("incoming_chat"), "url", json!(ok)),
    )
    .await;
    // Type, required fields, unknown fields.
    bad(with(webhook("incoming_chat"), "type", json!("agent"))).await;
    for key in ["action", "secret_key", "url", "owner_client_id", "type"] {
        let mut body = webhook("incoming_chat");
        body.as_object_mut().unwrap().remove(key);
        let msg = bad(body).await;
        assert!(msg.contains(key), "{msg}");
    }
    bad(with(webhook("incoming_chat"), "color", json!("red"))).await;
    // Filters the action does not take, or ill-formed.
    bad(with(
        webhook("incoming_chat"),
        "filters",
        json!({"author_type": "customer"}),
    ))
    .await;
    api.config_ok(
        V,
        "register_webhook",
        with(
            webhook("incoming_event"),
            "filters",
            json!({"author_type": "customer", "only_my_chats": true, "source_type": ["my_client"]}),
        ),
    )
    .await;
    bad(with(
        webhook("incoming_event"),
        "filters",
        json!({"author_type": "bot"}),
    ))
    .await;
    bad(with(
        webhook("incoming_event"),
        "filters",
        json!({"source_type": ["mine"]}),
    ))
    .await;
    bad(with(
        webhook("incoming_event"),
        "filters",
        json!({"chat_presence": {"user_ids": {"values": ["a"], "exclude_values": ["b"]}}}),
    ))
    .await;
    bad(with(
        webhook("agent_created"),
        "filters",
        json!({"only_my_chats": true}),
    ))
    .await;
    // Additional data only where the docs offer it.
    api.config_ok(
        V,
        "register_webhook",
        with(
            webhook("incoming_event"),
            "additional_data",
            json!(["chat_properties", "chat_presence_user_ids"]),
        ),
    )
    .await;
    bad(with(
        webhook("agent_created"),
        "additional_data",
        json!(["chat_properties"]),
    ))
    .await;
    bad(with(
        webhook("incoming_event"),
        "additional_data",
        json!(["everything"]),
    ))
    .await;
}

#[tokio::test]
async fn list_webhook_names_follows_each_version_and_needs_no_credentials() {
    let api = Api::start().await;
    let names = |v: Option<&str>| {
        let api = &api;
        let body = v.map_or(json!({}), |v| json!({"version": v}));
        async move {
            // No Authorization header at all.
            let reply = send(
                api.http
                    .post(api.config_url("3.6", "list_webhook_names"))
                    .json(&body),
            )
            .await;
            assert_eq!(reply.status, 200, "{}", reply.body);
            reply.body
        }
    };
    let counts = [
        ("3.3", 23),
        ("3.4", 36),
        ("3.5", 37),
        ("3.6", 38),
        ("3.7", 38),
    ];
    for (v, n) in counts {
        let list = names(Some(v)).await;
        assert_eq!(list.as_array().unwrap().len(), n, "{v}");
    }
    let stable = names(None).await;
    assert_eq!(stable, names(Some("3.6")).await);
    let incoming = stable
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["action"] == json!("incoming_event"))
        .cloned()
        .unwrap();
    assert_eq!(
        incoming,
        json!({"action": "incoming_event",
               "filters": ["chat_presence", "author_type", "only_my_chats", "source_type"],
               "additional_data": ["chat_properties", "chat_presence_user_ids"]})
    );
    let agent_deleted = stable
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["action"] == json!("agent_deleted"))
        .cloned()
        .unwrap();
    assert_eq!(
        agent_deleted,
        json!({"action": "agent_deleted", "filters": ["source_type"]})
    );
    let v33 = names(Some("3.3")).await.to_string();
    assert!(v33.contains("chat_access_granted") && !v33.contains("agent_created"));
    let reply = api
        .config(V, "list_webhook_names", json!({"version": "2.0"}))
        .await;
    assert_eq!(reply.error_type(), "validation");
}

#[tokio::test]
async fn license_webhooks_switch_per_client_id() {
    let api = Api::start().await;
    let state = |body: Value| {
        let api = &api;
        async move {
            api.config_ok(V, "get_license_webhooks_state", body).await["license_webhooks_enabled"]
                .clone()
        }
    };
    assert_eq!(state(json!({})).await, json!(true));
    api.config_ok(V, "disable_license_webhooks", json!({}))
        .await;
    assert_eq!(state(json!({})).await, json!(false));
    // Another Client ID is unaffected; owner_client_id replaces the token's.
    assert_eq!(state(json!({"owner_client_id": OWNER})).await, json!(true));
    api.config_ok(V, "enable_license_webhooks", json!({})).await;
    assert_eq!(state(json!({})).await, json!(true));
    // With a PAT the Client ID must be named.
    let reply = api
        .config_pat(V, "disable_license_webhooks", json!({}))
        .await;
    assert_eq!(reply.error_type(), "validation");
    let reply = api
        .config_pat(
            V,
            "disable_license_webhooks",
            json!({"owner_client_id": OWNER}),
        )
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(state(json!({"owner_client_id": OWNER})).await, json!(false));
    assert_eq!(
        api.emu.webhooks()["license_webhooks_disabled"],
        json!([OWNER])
    );
}
