//! Configuration API, bots: create_bot per version, get/list/update/delete, reset_bot_secret,
//! issue_bot_token and the bot token on the Agent API (the bot path of a chatbot), expiry,
//! templates.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use serde_json::{Value, json};
use std::time::Duration;

const V: &str = "3.6";
const CLIENT_ID: &str = "238ac5c3c3628210aca289c6d700d2c1";
const ORGANIZATION_ID: &str = "1a8a9ec7-bd5d-4400-9204-3826740981e0";

async fn create_bot(api: &Api, name: &str) -> (String, String) {
    let body = api
        .config_ok(
            V,
            "create_bot",
            json!({"name": name, "groups": [{"id": 0, "priority": "first"}], "max_chats_count": 5}),
        )
        .await;
    (
        body["id"].as_str().unwrap().to_string(),
        body["secret"].as_str().unwrap().to_string(),
    )
}

async fn issue(api: &Api, bot_id: &str, secret: &str) -> Reply {
    api.config(
        V,
        "issue_bot_token",
        json!({"bot_id": bot_id, "client_id": CLIENT_ID, "bot_secret": secret,
               "organization_id": ORGANIZATION_ID}),
    )
    .await
}

async fn token(api: &Api, bot_id: &str, secret: &str) -> String {
    let reply = issue(api, bot_id, secret).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.body["token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn create_bot_answers_a_secret_from_3_5_only() {
    let api = Api::start().await;
    for v in ["3.3", "3.4"] {
        let body = api
            .config_ok(
                v,
                "create_bot",
                json!({"name": "Old", "timezone": "Europe/Warsaw"}),
            )
            .await;
        assert_eq!(body.as_object().unwrap().len(), 1, "{body}");
        assert_eq!(body["id"].as_str().unwrap().len(), 32);
    }
    for v in ["3.5", "3.6", "3.7"] {
        let body = api.config_ok(v, "create_bot", json!({"name": "New"})).await;
        assert_eq!(body["id"].as_str().unwrap().len(), 32);
        assert_eq!(body["secret"].as_str().unwrap().len(), 32);
    }
    // Version-specific fields.
    api.config_fails(
        "3.6",
        "create_bot",
        json!({"name": "X", "timezone": "UTC"}),
        "validation",
        422,
    )
    .await;
    api.config_fails(
        "3.5",
        "create_bot",
        json!({"name": "X", "type": "faq"}),
        "validation",
        422,
    )
    .await;
    api.config_ok("3.6", "create_bot", json!({"name": "X", "type": "faq"}))
        .await;
    api.config_fails("3.6", "create_bot", json!({}), "validation", 422)
        .await;
    api.config_fails(
        "3.6",
        "create_bot",
        json!({"name": "X", "max_chats_count": 501}),
        "validation",
        422,
    )
    .await;
    api.config_fails(
        "3.6",
        "create_bot",
        json!({"name": "X", "groups": [{"id": 9}]}),
        "group_not_found",
        404,
    )
    .await;
    // A PAT must name the owning Client ID.
    let reply = api.config_pat(V, "create_bot", json!({"name": "P"})).await;
    assert_eq!(reply.error_type(), "validation", "{}", reply.body);
    let reply = api
        .config_pat(
            V,
            "create_bot",
            json!({"name": "P", "owner_client_id": "abc"}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
}

#[tokio::test]
async fn bots_are_listed_read_updated_and_deleted() {
    let api = Api::start().await;
    let (id, _) = create_bot(&api, "Helper").await;
    let bot = api.config_ok(V, "get_bot", json!({"id": id})).await;
    assert_eq!(bot["name"], json!("Helper"));
    assert_eq!(bot["owner_client_id"], json!(CLIENT_ID));
    assert_eq!(bot["max_chats_count"], json!(5));
    assert_eq!(bot["groups"], json!([{"id": 0, "priority": "first"}]));
    assert!(bot.get("secret").is_none());

    api.config_ok(
        V,
        "update_bot",
        json!({"id": id, "name": "Helper 2", "job_title": "Bot",
        "groups": [{"id": 1, "priority": "last"}]}),
    )
    .await;
    let bot = api
        .config_ok(V, "get_bot", json!({"id": id, "fields": ["job_title"]}))
        .await;
    assert_eq!(bot["name"], json!("Helper 2"));
    assert_eq!(bot["job_title"], json!("Bot"));
    assert_eq!(bot["groups"], json!([{"id": 1, "priority": "last"}]));
    // 3.3/3.4 update_bot has no job_title.
    api.config_fails(
        "3.4",
        "update_bot",
        json!({"id": id, "job_title": "x"}),
        "validation",
        422,
    )
    .await;

    // list_bots: the token's own bots (the seed bot included), or all.
    let mine = api.config_ok(V, "list_bots", json!({})).await;
    let ids: Vec<&str> = mine
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&id.as_str()) && ids.contains(&BOT), "{mine}");
    assert_eq!(
        mine[0].as_object().unwrap().keys().collect::<Vec<_>>(),
        ["id", "name", "avatar_path"]
    );
    let reply = api
        .config_pat(
            V,
            "create_bot",
            json!({"name": "P", "owner_client_id": "other"}),
        )
        .await;
    let pat_bot = reply.body["id"].as_str().unwrap().to_string();
    let mine = api.config_ok(V, "list_bots", json!({"all": false})).await;
    assert!(!mine.to_string().contains(&pat_bot));
    let all = api
        .config_ok(
            V,
            "list_bots",
            json!({"all": true, "fields": ["max_chats_count"]}),
        )
        .await;
    assert!(all.to_string().contains(&pat_bot));
    assert!(all[0].get("max_chats_count").is_some());

    // The bot is an agent of the Agent API too.
    let statuses = api.ok(V, "list_routing_statuses", json!({})).await;
    assert!(statuses.to_string().contains(&id), "{statuses}");

    api.config_ok(V, "delete_bot", json!({"id": id})).await;
    api.config_fails(V, "get_bot", json!({"id": id}), "not_found", 404)
        .await;
    api.config_fails(V, "delete_bot", json!({"id": id}), "not_found", 404)
        .await;
    let statuses = api.ok(V, "list_routing_statuses", json!({})).await;
    assert!(!statuses.to_string().contains(&id));
}

#[tokio::test]
async fn a_bot_token_acts_on_the_agent_api_as_the_bot() {
    let api = Api::start().await;
    let (bot_id, secret) = create_bot(&api, "Chatbot").await;
    let token = token(&api, &bot_id, &secret).await;
    assert_eq!(token.split('.').count(), 3, "JWT-shaped: {token}");

    // The bot sets itself accepting chats, starts a chat and writes in it.
    let reply = api
        .call_as(
            &token,
            V,
            "set_routing_status",
            json!({"status": "accepting_chats"}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let reply = api
        .call_as(
            &token,
            V,
            "start_chat",
            json!({"chat": {"users": [{"id": CUSTOMER, "type": "customer"}],
                "thread": {"events": [{"type": "message", "text": "Hi, I am a bot"}]}}}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let chat_id = reply.body["chat_id"].as_str().unwrap().to_string();
    let reply = api
        .call_as(
            &token,
            V,
            "send_event",
            json!({"chat_id": chat_id, "event": {"type": "message", "text": "How can I help?"}}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);

    // Seen by the human agent: both events are authored by the bot, the bot is a chat user.
    let chat = api.ok(V, "get_chat", json!({"chat_id": chat_id})).await;
    let events = chat["thread"]["events"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    for event in events {
        assert_eq!(event["author_id"], json!(bot_id), "{event}");
    }
    let bot_user = chat["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == json!(bot_id))
        .cloned()
        .unwrap();
    assert_eq!(bot_user["type"], json!("agent"));
    let status = api.ok(V, "list_routing_statuses", json!({})).await;
    let mine = status
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["agent_id"] == json!(bot_id))
        .cloned()
        .unwrap();
    assert_eq!(mine["status"], json!("accepting_chats"));

    // The request log records the bot call as Bearer, never the token.
    let log = api.requests().await;
    assert!(!serde_json::to_string(&log).unwrap().contains(&token));
    // A bot token cannot configure the license.
    let reply = api
        .http
        .post(api.config_url(V, "list_bots"))
        .bearer_auth(&token)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 403);

    // Deleting the bot keeps its chats and events readable.
    api.config_ok(V, "delete_bot", json!({"id": bot_id})).await;
    let chat = api.ok(V, "get_chat", json!({"chat_id": chat_id})).await;
    assert_eq!(chat["thread"]["events"][1]["author_id"], json!(bot_id));
    assert!(chat["users"].to_string().contains(&bot_id));
}

#[tokio::test]
async fn issue_bot_token_refuses_wrong_credentials() {
    let api = Api::start().await;
    let (bot_id, secret) = create_bot(&api, "Chatbot").await;
    let bad = |field: &str, value: &str| {
        let mut body = json!({"bot_id": bot_id, "client_id": CLIENT_ID, "bot_secret": secret,
            "organization_id": ORGANIZATION_ID});
        body[field] = json!(value);
        body
    };
    api.config_fails(
        V,
        "issue_bot_token",
        bad("bot_secret", "nope"),
        "authorization",
        403,
    )
    .await;
    api.config_fails(
        V,
        "issue_bot_token",
        bad("client_id", "other"),
        "authorization",
        403,
    )
    .await;
    api.config_fails(
        V,
        "issue_bot_token",
        bad("bot_id", "0000"),
        "not_found",
        404,
    )
    .await;
    api.config_fails(
        V,
        "issue_bot_token",
        bad("organization_id", "x"),
        "not_found",
        404,
    )
    .await;
    api.config_fails(
        V,
        "issue_bot_token",
        json!({"bot_id": bot_id}),
        "validation",
        422,
    )
    .await;
    // Not before 3.5.
    let reply = api
        .config("3.4", "issue_bot_token", bad("bot_id", &bot_id))
        .await;
    assert_eq!(reply.status, 404);
    assert_eq!(reply.body["error"]["message"], json!("Unknown action"));
    // The seed bot answers to the docs' sample request.
    let sample = api
        .config_ok(
            V,
            "issue_bot_token",
            json!({"bot_id": "5c9871d5372c824cbf22d860a707a578",
                   "client_id": "238ac5c3c3628210aca289c6d700d2c1",
                   "bot_secret": "641e2ae6d997d2009a3ac92a05f37fc3",
                   "organization_id": "1a8a9ec7-bd5d-4400-9204-3826740981e0"}),
        )
        .await;
    assert!(sample["token"].is_string());
}

#[tokio::test]
async fn bot_tokens_expire_after_24_hours_and_die_with_the_secret_or_the_bot() {
    let api = Api::start().await;
    let (bot_id, secret) = create_bot(&api, "Chatbot").await;
    let list = |token: String| {
        let api = &api;
        async move {
            api.call_as(&token, V, "list_routing_statuses", json!({}))
                .await
        }
    };

    // Expiry by the emulator's clock.
    let first = token(&api, &bot_id, &secret).await;
    assert_eq!(list(first.clone()).await.status, 200);
    api.emu.advance_clock(Duration::from_secs(23 * 3600));
    assert_eq!(list(first.clone()).await.status, 200);
    let second = token(&api, &bot_id, &secret).await;
    let clock: Value = api
        .http
        .post(api.control("clock"))
        .json(&json!({"advance_seconds": 3600}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(clock["offset_seconds"], json!(24 * 3600));
    let expired = list(first).await;
    assert_eq!(expired.status, 401);
    assert_eq!(expired.error_type(), "authentication");
    assert_eq!(list(second.clone()).await.status, 200);

    // reset_bot_secret: old tokens and the old secret stop working.
    let reset = api
        .config_ok(V, "reset_bot_secret", json!({"id": bot_id}))
        .await;
    let new_secret = reset["secret"].as_str().unwrap().to_string();
    assert_ne!(new_secret, secret);
    assert_eq!(list(second).await.error_type(), "authentication");
    api.config_fails(
        V,
        "issue_bot_token",
        json!({"bot_id": bot_id, "client_id": CLIENT_ID, "bot_secret": secret,
               "organization_id": ORGANIZATION_ID}),
        "authorization",
        403,
    )
    .await;
    let third = token(&api, &bot_id, &new_secret).await;
    assert_eq!(list(third.clone()).await.status, 200);

    // delete_bot: its tokens go with it.
    api.config_ok(V, "delete_bot", json!({"id": bot_id})).await;
    assert_eq!(list(third).await.error_type(), "authentication");

    // A reset puts the clock back.
    api.emu.reset();
    let clock: Value = api
        .http
        .get(api.control("clock"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(clock["offset_seconds"], json!(0));
}

#[tokio::test]
async fn bot_templates_make_bots_with_affect_existing_installations() {
    let api = Api::start().await;
    let owner = "app-client";
    for v in ["3.3", "3.4"] {
        let reply = api
            .config(
                v,
                "create_bot_template",
                json!({"name": "T", "owner_client_id": owner}),
            )
            .await;
        assert_eq!(reply.status, 404, "{v}");
    }
    let created = api
        .config_ok(
            V,
            "create_bot_template",
            json!({"name": "Template", "owner_client_id": owner, "affect_existing_installations": true}),
        )
        .await;
    let id = created["id"].as_str().unwrap().to_string();
    let secret = created["secret"].as_str().unwrap().to_string();
    // The installed bot has the template's id and secret.
    let bot = api.config_ok(V, "get_bot", json!({"id": id})).await;
    assert_eq!(bot["name"], json!("Template"));
    let reply = api
        .config(
            V,
            "issue_bot_token",
            json!({"bot_id": id, "client_id": owner, "bot_secret": secret,
                   "organization_id": ORGANIZATION_ID}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);

    api.config_ok(
        V,
        "update_bot_template",
        json!({"id": id, "name": "Renamed", "owner_client_id": owner, "affect_existing_installations": true}),
    )
    .await;
    assert_eq!(
        api.config_ok(V, "get_bot", json!({"id": id})).await["name"],
        json!("Renamed")
    );
    let list = api
        .config_ok(V, "list_bot_templates", json!({"owner_client_id": owner}))
        .await;
    assert_eq!(list, json!([{"id": id, "name": "Renamed"}]));
    let reset = api
        .config_ok(
            V,
            "reset_bot_template_secret",
            json!({"id": id, "owner_client_id": owner}),
        )
        .await;
    assert_ne!(reset["secret"].as_str().unwrap(), secret);
    api.config_fails(
        V,
        "reset_bot_template_secret",
        json!({"id": id, "owner_client_id": "x"}),
        "not_found",
        404,
    )
    .await;

    // At most five per Client ID.
    for i in 0..4 {
        api.config_ok(
            V,
            "create_bot_template",
            json!({"name": format!("T{i}"), "owner_client_id": owner}),
        )
        .await;
    }
    api.config_fails(
        V,
        "create_bot_template",
        json!({"name": "T6", "owner_client_id": owner}),
        "limit_reached",
        402,
    )
    .await;

    api.config_ok(
        V,
        "delete_bot_template",
        json!({"id": id, "owner_client_id": owner, "affect_existing_installations": true}),
    )
    .await;
    api.config_fails(V, "get_bot", json!({"id": id}), "not_found", 404)
        .await;
}

#[tokio::test]
async fn bots_tokens_and_webhooks_survive_a_restart_with_a_state_file() {
    let path =
        std::env::temp_dir().join(format!("emulator-config-state-{}.json", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let mut config = livechat_emulator::Config::default();
    config.state_file = Some(path.clone());
    let api = Api::with(config.clone()).await;
    let (bot_id, secret) = create_bot(&api, "Persistent").await;
    let token = token(&api, &bot_id, &secret).await;
    api.config_ok(
        V,
        "register_webhook",
        json!({"action": "incoming_chat", "secret_key": "s", "url": "https://hooks.test/x",
               "owner_client_id": CLIENT_ID, "type": "bot"}),
    )
    .await;
    let Api { emu, .. } = api;
    emu.shutdown().await.unwrap();
    // The file keeps secrets and tokens (the dump does not).
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains(&secret));

    let again = Api::with(config).await;
    let reply = again
        .call_as(&token, V, "list_routing_statuses", json!({}))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(issue(&again, &bot_id, &secret).await.status, 200);
    assert_eq!(
        again.emu.webhooks()["webhooks"].as_array().unwrap().len(),
        1
    );
    let _ = std::fs::remove_file(&path);
}
