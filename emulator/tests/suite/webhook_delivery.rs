//! Webhook delivery and the customer simulator: a local receiver gets the documented envelopes
//! in order, filtered, with retries and a delivery log; what the emulator sends parses with the
//! core's webhook parser.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::routing::post;
use livechat_emulator::{Config, DeliverySettings};
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const V: &str = "3.6";
/// The emulator's Client ID: the seed bot's owner.
const CLIENT_ID: &str = "238ac5c3c3628210aca289c6d700d2c1";
const ORGANIZATION_ID: &str = "1a8a9ec7-bd5d-4400-9204-3826740981e0";
const SEED_BOT_SECRET: &str = "641e2ae6d997d2009a3ac92a05f37fc3";
const SECRET: &str = "webhook-secret";
const WAIT: Duration = Duration::from_secs(20);

#[derive(Default)]
struct Shared {
    /// (path, body) in arrival order.
    received: Vec<(String, Value)>,
    /// Statuses to answer next (then 200).
    answers: VecDeque<u16>,
    /// How long to wait before answering.
    delay: Duration,
}

/// A webhook receiver on 127.0.0.1: records every POST.
struct Receiver {
    url: String,
    shared: Arc<Mutex<Shared>>,
}

async fn record(State(shared): State<Arc<Mutex<Shared>>>, uri: Uri, body: Bytes) -> StatusCode {
    let (status, delay) = {
        let mut s = shared.lock().unwrap();
        let value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        s.received.push((uri.path().to_string(), value));
        (s.answers.pop_front().unwrap_or(200), s.delay)
    };
    tokio::time::sleep(delay).await;
    StatusCode::from_u16(status).unwrap()
}

impl Receiver {
    async fn start(answers: &[u16]) -> Receiver {
        let shared = Arc::new(Mutex::new(Shared {
            answers: answers.iter().copied().collect(),
            ..Shared::default()
        }));
        let app = Router::new()
            .route("/{*path}", post(record))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Receiver { url, shared }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/{path}", self.url)
    }

    /// The bodies received on `/path`.
    fn at(&self, path: &str) -> Vec<Value> {
        let path = format!("/{path}");
        let s = self.shared.lock().unwrap();
        s.received
            .iter()
            .filter(|(p, _)| *p == path)
            .map(|(_, b)| b.clone())
            .collect()
    }

    fn all(&self) -> Vec<(String, Value)> {
        self.shared.lock().unwrap().received.clone()
    }
}

/// Registers a webhook; returns its id.
async fn register(
    api: &Api,
    version: &str,
    action: &str,
    url: &str,
    kind: &str,
    extra: Value,
) -> String {
    let mut body = json!({"action": action, "secret_key": SECRET, "url": url,
                          "owner_client_id": CLIENT_ID, "type": kind});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let reply = api.config_ok(version, "register_webhook", body).await;
    reply["id"].as_str().unwrap().to_string()
}

async fn bot_token(api: &Api) -> String {
    let reply = api
        .config_ok(
            V,
            "issue_bot_token",
            json!({"bot_id": BOT, "client_id": CLIENT_ID, "bot_secret": SEED_BOT_SECRET,
                   "organization_id": ORGANIZATION_ID}),
        )
        .await;
    reply["token"].as_str().unwrap().to_string()
}

async fn settle(api: &Api) {
    assert!(
        api.emu.wait_for_deliveries(WAIT).await,
        "deliveries still pending"
    );
}

fn deliveries(api: &Api) -> Vec<Value> {
    api.emu.webhook_deliveries()["deliveries"]
        .as_array()
        .unwrap()
        .clone()
}

fn text_of(envelope: &Value) -> &str {
    envelope["payload"]["event"]["text"]
        .as_str()
        .unwrap_or_default()
}

fn quick(retries: u32) -> Config {
    let mut config = Config::default();
    let mut settings = DeliverySettings::default();
    settings.retries = retries;
    settings.backoff = Duration::from_millis(50);
    settings.timeout = Duration::from_secs(2);
    config.webhook_delivery = settings;
    config
}

/// Checks an envelope with the core's parser: right secret, a typed payload, no unknown field.
fn parses(envelope: &Value) {
    let body = serde_json::to_vec(envelope).unwrap();
    let parsed = livechat::webhooks::parse(&body, SECRET).unwrap();
    let name = &parsed.action;
    let typed = !matches!(
        parsed.payload,
        livechat::webhooks::Payload::Other(_) | livechat::webhooks::Payload::Unparsed { .. }
    );
    assert!(typed, "{name} did not parse to a typed payload: {envelope}");
    assert_eq!(
        parsed.payload.unknown_fields(),
        Vec::<String>::new(),
        "{name}: {envelope}"
    );
    assert!(
        parsed.extra.is_empty(),
        "{name} envelope: {:?}",
        parsed.extra
    );
}

#[tokio::test]
async fn a_bot_gets_the_customers_chat_and_messages_in_order() {
    let api = Api::with(quick(0)).await;
    let rx = Receiver::start(&[]).await;
    register(&api, V, "incoming_chat", &rx.url("bot"), "bot", json!({})).await;
    register(
        &api,
        V,
        "incoming_event",
        &rx.url("bot"),
        "bot",
        json!({"filters": {"author_type": "customer"},
               "additional_data": ["chat_properties", "chat_presence_user_ids"]}),
    )
    .await;
    register(
        &api,
        V,
        "incoming_event",
        &rx.url("all"),
        "license",
        json!({}),
    )
    .await;

    let started = api
        .emu
        .customer_start_chat(&json!({"name": "Jane", "message": "Hi bot"}))
        .unwrap();
    // Bots are routed first.
    assert_eq!(started["assigned_to"], BOT);
    let chat_id = started["chat_id"].as_str().unwrap().to_string();
    let token = bot_token(&api).await;
    let reply = api
        .call_as(
            &token,
            V,
            "send_event",
            json!({"chat_id": chat_id, "event": {"type": "message", "text": "Hello, human"}}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    api.emu.customer_send_message(&chat_id, "Second").unwrap();
    settle(&api).await;

    let bot = rx.at("bot");
    let actions: Vec<&str> = bot.iter().map(|b| b["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        ["incoming_chat", "incoming_event", "incoming_event"]
    );
    // author_type customer: the bot's own message is not sent back to it.
    assert_eq!([text_of(&bot[1]), text_of(&bot[2])], ["Hi bot", "Second"]);
    for envelope in &bot {
        assert_eq!(envelope["secret_key"], SECRET);
        assert_eq!(envelope["organization_id"], ORGANIZATION_ID);
        assert!(envelope.get("license_id").is_none());
        parses(envelope);
    }
    assert_eq!(bot[0]["payload"]["chat"]["id"], chat_id.as_str());
    assert!(bot[0].get("additional_data").is_none());
    let presence = bot[1]["additional_data"]["chat_presence_user_ids"]
        .as_array()
        .unwrap();
    assert!(presence.contains(&json!(BOT)), "{presence:?}");
    assert_eq!(bot[1]["additional_data"]["chat_properties"], json!({}));

    let all = rx.at("all");
    let all: Vec<&str> = all.iter().map(text_of).collect();
    assert_eq!(all, ["Hi bot", "Hello, human", "Second"]);

    // The customer reads the bot's answer.
    let seen = api.emu.customer_chat(&chat_id).unwrap();
    let lines: Vec<(&str, &str)> = seen["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["author_type"].as_str().unwrap(),
                e["text"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("customer", "Hi bot"),
            ("agent", "Hello, human"),
            ("customer", "Second")
        ]
    );
    let log = deliveries(&api);
    assert_eq!(log.len(), 6);
    assert!(
        log.iter()
            .all(|d| d["status"] == "delivered" && d["attempts"] == 1),
        "{log:?}"
    );
    assert!(log.iter().all(|d| d["chat_id"] == chat_id.as_str()));
}

#[tokio::test]
async fn an_offline_bot_and_disabled_license_webhooks_get_nothing() {
    let api = Api::with(quick(0)).await;
    let rx = Receiver::start(&[]).await;
    register(&api, V, "incoming_chat", &rx.url("bot"), "bot", json!({})).await;
    register(
        &api,
        V,
        "incoming_chat",
        &rx.url("license"),
        "license",
        json!({}),
    )
    .await;
    api.ok(
        V,
        "set_routing_status",
        json!({"agent_id": BOT, "status": "offline"}),
    )
    .await;
    api.config_ok(
        V,
        "disable_license_webhooks",
        json!({"owner_client_id": CLIENT_ID}),
    )
    .await;
    let started = api.emu.customer_start_chat(&json!({})).unwrap();
    // The bot is offline: the chat goes to a human.
    assert_eq!(started["assigned_to"], AGENT);
    settle(&api).await;
    assert!(rx.all().is_empty(), "{:?}", rx.all());
    assert!(deliveries(&api).is_empty());

    // Back online and enabled: both get the next chat.
    api.ok(
        V,
        "set_routing_status",
        json!({"agent_id": BOT, "status": "accepting_chats"}),
    )
    .await;
    api.config_ok(
        V,
        "enable_license_webhooks",
        json!({"owner_client_id": CLIENT_ID}),
    )
    .await;
    api.emu.customer_start_chat(&json!({})).unwrap();
    settle(&api).await;
    assert_eq!((rx.at("bot").len(), rx.at("license").len()), (1, 1));
}

#[tokio::test]
async fn a_failing_receiver_is_retried_and_the_log_shows_each_attempt() {
    let api = Api::with(quick(3)).await;
    let rx = Receiver::start(&[500]).await;
    let id = register(
        &api,
        V,
        "incoming_chat",
        &rx.url("hook"),
        "license",
        json!({}),
    )
    .await;
    let started = api.emu.customer_start_chat(&json!({})).unwrap();
    settle(&api).await;
    let log = deliveries(&api);
    assert_eq!(log.len(), 1);
    let entry = &log[0];
    assert_eq!(entry["webhook_id"], id.as_str());
    assert_eq!(entry["url"], rx.url("hook").as_str());
    assert_eq!(entry["action"], "incoming_chat");
    assert_eq!(entry["chat_id"], started["chat_id"]);
    assert_eq!(entry["attempts"], 2);
    assert_eq!(entry["statuses"], json!([500, 200]));
    assert_eq!(entry["status"], "delivered");
    assert!(entry.get("secret_key").is_none() && !entry.to_string().contains(SECRET));
    assert_eq!(rx.at("hook").len(), 2);
}

#[tokio::test]
async fn no_retries_means_one_attempt_and_a_slow_receiver_times_out() {
    let mut config = Config::default();
    config.webhook_delivery = DeliverySettings::no_retries();
    let api = Api::with(config).await;
    let rx = Receiver::start(&[500]).await;
    register(
        &api,
        V,
        "incoming_chat",
        &rx.url("hook"),
        "license",
        json!({}),
    )
    .await;
    api.emu.customer_start_chat(&json!({})).unwrap();
    settle(&api).await;
    let log = deliveries(&api);
    assert_eq!(
        (log[0]["attempts"].clone(), log[0]["status"].clone()),
        (json!(1), json!("failed"))
    );
    assert_eq!(log[0]["statuses"], json!([500]));

    api.emu.clear_webhook_deliveries();
    rx.shared.lock().unwrap().delay = Duration::from_secs(3);
    let mut settings = DeliverySettings::no_retries();
    settings.timeout = Duration::from_millis(200);
    api.emu.set_delivery_settings(settings);
    api.emu.customer_start_chat(&json!({})).unwrap();
    settle(&api).await;
    let log = deliveries(&api);
    assert_eq!(log[0]["statuses"], json!(["timeout"]));
    assert_eq!(log[0]["status"], "failed");
}

#[tokio::test]
async fn a_dead_receiver_is_retried_as_configured_without_stalling_the_api() {
    let api = Api::with(quick(2)).await;
    // A port nobody listens on.
    let dead = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/hook", listener.local_addr().unwrap())
    };
    api.emu.set_delivery_settings({
        let mut s = api.emu.delivery_settings();
        s.backoff = Duration::from_millis(300);
        s
    });
    register(&api, V, "incoming_event", &dead, "license", json!({})).await;
    let (chat_id, _, _) = api.start_chat(V).await;
    for i in 0..3 {
        api.ok(
            V,
            "send_event",
            json!({"chat_id": chat_id, "event": {"type": "message", "text": format!("m{i}")}}),
        )
        .await;
    }
    // While those deliveries fail and wait to retry, API calls still answer.
    let started = Instant::now();
    api.ok(V, "list_chats", json!({})).await;
    let log = deliveries(&api);
    assert!(log.iter().any(|d| d["status"] == "pending"), "{log:?}");
    eprintln!("list_chats while deliveries fail: {:?}", started.elapsed());
    settle(&api).await;
    let log = deliveries(&api);
    assert_eq!(log.len(), 3);
    for entry in &log {
        assert_eq!(entry["status"], "failed", "{entry}");
        assert_eq!(entry["attempts"], 3);
        assert_eq!(
            entry["statuses"],
            json!(["connect error", "connect error", "connect error"])
        );
    }
}

#[tokio::test]
async fn a_3_3_registration_gets_license_id_and_3_3_events() {
    let api = Api::with(quick(0)).await;
    let rx = Receiver::start(&[]).await;
    register(
        &api,
        "3.3",
        "incoming_event",
        &rx.url("old"),
        "license",
        json!({}),
    )
    .await;
    register(
        &api,
        "3.4",
        "incoming_event",
        &rx.url("new"),
        "license",
        json!({}),
    )
    .await;
    api.emu
        .customer_start_chat(&json!({"message": "Hi"}))
        .unwrap();
    settle(&api).await;
    let old = &rx.at("old")[0];
    assert_eq!(old["license_id"], json!(10_000_001_u64), "{old}");
    assert!(old.get("organization_id").is_none());
    assert_eq!(old["payload"]["event"]["recipients"], "all");
    parses(old);
    let new = &rx.at("new")[0];
    assert_eq!(new["organization_id"], ORGANIZATION_ID);
    assert_eq!(new["payload"]["event"]["visibility"], "all");
    parses(new);
}

#[tokio::test]
async fn filters_on_presence_source_and_agents_are_honoured() {
    let api = Api::with(quick(0)).await;
    let rx = Receiver::start(&[]).await;
    let presence =
        |ids: &[&str]| json!({"filters": {"chat_presence": {"user_ids": {"values": ids}}}});
    register(
        &api,
        V,
        "incoming_chat",
        &rx.url("second"),
        "license",
        presence(&[SECOND]),
    )
    .await;
    register(
        &api,
        V,
        "incoming_chat",
        &rx.url("bots"),
        "license",
        json!({"filters": {"chat_presence": {"my_bots": true}}}),
    )
    .await;
    register(
        &api,
        V,
        "incoming_chat",
        &rx.url("mine"),
        "license",
        json!({"filters": {"source_type": ["my_client"]}}),
    )
    .await;
    register(
        &api,
        V,
        "routing_status_set",
        &rx.url("status"),
        "license",
        json!({"filters": {"agent_ids": {"values": [SECOND]}}}),
    )
    .await;
    // The customer's chat goes to the bot: from the widget, not this client.
    api.emu.customer_start_chat(&json!({})).unwrap();
    // An agent's chat with the second agent, from this client.
    api.ok(
        V,
        "start_chat",
        json!({"chat": {"users": [{"id": SECOND, "type": "agent"}]}}),
    )
    .await;
    api.ok(
        V,
        "set_routing_status",
        json!({"agent_id": SECOND, "status": "not_accepting_chats"}),
    )
    .await;
    api.ok(
        V,
        "set_routing_status",
        json!({"agent_id": BUSY, "status": "accepting_chats"}),
    )
    .await;
    settle(&api).await;
    let count = |path: &str| rx.at(path).len();
    assert_eq!(
        [
            count("second"),
            count("bots"),
            count("mine"),
            count("status")
        ],
        [1, 1, 1, 1]
    );
    assert_eq!(
        rx.at("status")[0]["payload"],
        json!({"agent_id": SECOND, "status": "not_accepting_chats"})
    );
}

#[tokio::test]
async fn only_my_chats_passes_the_chats_this_client_started() {
    let api = Api::with(quick(0)).await;
    let rx = Receiver::start(&[]).await;
    let only_mine = |on: bool| json!({"filters": {"only_my_chats": on}});
    for (path, on) in [("mine", true), ("all", false)] {
        register(
            &api,
            V,
            "incoming_chat",
            &rx.url(path),
            "license",
            only_mine(on),
        )
        .await;
        register(
            &api,
            V,
            "incoming_event",
            &rx.url(path),
            "license",
            only_mine(on),
        )
        .await;
    }
    // From the widget: started by no registration's client.
    api.emu
        .customer_start_chat(&json!({"message": "From the widget"}))
        .unwrap();
    // From this client (the emulator token carries CLIENT_ID, the registrations' owner).
    let (chat_id, _, _) = api.start_chat(V).await;
    api.ok(
        V,
        "send_event",
        json!({"chat_id": chat_id, "event": {"type": "message", "text": "Mine"}}),
    )
    .await;
    settle(&api).await;
    let chats = |path: &str| {
        let mut ids: Vec<String> = rx
            .at(path)
            .iter()
            .map(|b| {
                let p = &b["payload"];
                p["chat"]["id"]
                    .as_str()
                    .or(p["chat_id"].as_str())
                    .unwrap()
                    .to_string()
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    assert_eq!(
        chats("mine"),
        std::slice::from_ref(&chat_id),
        "{:?}",
        rx.at("mine")
    );
    assert_eq!(chats("all").len(), 2, "{:?}", rx.at("all"));
    assert_eq!(
        rx.at("mine").len(),
        2,
        "incoming_chat and incoming_event of that chat"
    );
}

#[tokio::test]
async fn access_changes_and_thread_summaries_send_their_webhooks() {
    let api = Api::with(quick(0)).await;
    let rx = Receiver::start(&[]).await;
    for action in ["chat_access_updated", "thread_summary_set"] {
        register(&api, V, action, &rx.url(action), "license", json!({})).await;
    }
    for action in ["chat_access_granted", "chat_access_revoked"] {
        register(&api, "3.3", action, &rx.url(action), "license", json!({})).await;
    }
    let (chat_id, thread_id, _) = api.start_chat(V).await;
    api.ok(
        V,
        "transfer_chat",
        json!({"id": chat_id, "target": {"type": "group", "ids": [1]},
               "ignore_agents_availability": true, "ignore_requester_presence": true}),
    )
    .await;
    // To an agent: the access stays, so no access webhook.
    api.ok(
        V,
        "transfer_chat",
        json!({"id": chat_id, "target": {"type": "agent", "ids": [SECOND]},
               "ignore_agents_availability": true, "ignore_requester_presence": true}),
    )
    .await;
    api.ok(
        V,
        "request_thread_summary",
        json!({"chat_id": chat_id, "thread_id": thread_id}),
    )
    .await;
    let access =
        |kind: &str, group: i64| json!({"id": chat_id, "access": {"type": kind, "id": group}});
    api.ok("3.3", "grant_chat_access", access("group", 0)).await;
    api.ok("3.3", "revoke_chat_access", access("group", 1))
        .await;
    api.ok(
        "3.3",
        "revoke_chat_access",
        json!({"id": chat_id, "access": {"type": "agent", "id": SECOND}}),
    )
    .await;
    settle(&api).await;
    let one = |path: &str| {
        let got = rx.at(path);
        assert_eq!(got.len(), 1, "{path}: {got:?}");
        parses(&got[0]);
        got[0]["payload"].clone()
    };
    assert_eq!(
        one("chat_access_updated"),
        json!({"id": chat_id, "access": {"group_ids": [1]}})
    );
    assert_eq!(
        one("chat_access_granted"),
        json!({"id": chat_id, "access": {"group_ids": [0]}})
    );
    assert_eq!(
        one("chat_access_revoked"),
        json!({"id": chat_id, "access": {"group_ids": [1]}})
    );
    let summary = one("thread_summary_set");
    assert_eq!(summary["chat_id"], json!(chat_id));
    assert_eq!(summary["thread_id"], json!(thread_id));
    assert_eq!(summary["summary"]["status"], "ok");
    assert!(
        summary["summary"]["text"]
            .as_str()
            .unwrap()
            .contains("Hello"),
        "{summary}"
    );
    // The webhook carries what a later read shows.
    let thread = api
        .ok(
            V,
            "get_chat",
            json!({"chat_id": chat_id, "thread_id": thread_id}),
        )
        .await;
    assert_eq!(thread["thread"]["summary"], summary["summary"]);
}

#[tokio::test]
async fn every_delivered_webhook_parses_to_a_typed_payload() {
    let api = Api::with(quick(0)).await;
    let rx = Receiver::start(&[]).await;
    let actions = [
        "incoming_chat",
        "incoming_event",
        "chat_deactivated",
        "chat_transferred",
        "user_added_to_chat",
        "user_removed_from_chat",
        "routing_status_set",
        "chat_properties_updated",
        "chat_properties_deleted",
        "thread_properties_updated",
        "thread_properties_deleted",
        "event_properties_updated",
        "event_properties_deleted",
        "thread_tagged",
        "thread_untagged",
        "events_marked_as_seen",
        "incoming_rich_message_postback",
    ];
    for version in ["3.3", "3.6"] {
        for action in actions {
            if version == "3.3" && action == "event_properties_deleted" {
                continue;
            }
            register(
                &api,
                version,
                action,
                &rx.url(version),
                "license",
                json!({"additional_data": []}),
            )
            .await;
        }
    }
    let (chat_id, thread_id, event_id) = api.start_chat(V).await;
    let props = json!({"test": {"int_property": 42}});
    let names = json!({"test": ["int_property"]});
    let rich = api
        .ok(V, "send_event", json!({"chat_id": chat_id, "event": {"type": "rich_message", "template_id": "cards",
            "elements": [{"title": "T", "buttons": [{"text": "Buy", "postback_id": "buy", "user_ids": []}]}]}}))
        .await;
    for (action, body) in [
        (
            "send_rich_message_postback",
            json!({"chat_id": chat_id, "thread_id": thread_id,
            "event_id": rich["event_id"], "postback": {"id": "buy", "toggled": true}}),
        ),
        (
            "update_chat_properties",
            json!({"id": chat_id, "properties": props}),
        ),
        (
            "delete_chat_properties",
            json!({"id": chat_id, "properties": names}),
        ),
        (
            "update_thread_properties",
            json!({"chat_id": chat_id, "thread_id": thread_id, "properties": props}),
        ),
        (
            "delete_thread_properties",
            json!({"chat_id": chat_id, "thread_id": thread_id, "properties": names}),
        ),
        (
            "update_event_properties",
            json!({"chat_id": chat_id, "thread_id": thread_id, "event_id": event_id, "properties": props}),
        ),
        (
            "delete_event_properties",
            json!({"chat_id": chat_id, "thread_id": thread_id, "event_id": event_id, "properties": names}),
        ),
        (
            "tag_thread",
            json!({"chat_id": chat_id, "thread_id": thread_id, "tag": "support"}),
        ),
        (
            "untag_thread",
            json!({"chat_id": chat_id, "thread_id": thread_id, "tag": "support"}),
        ),
        (
            "mark_events_as_seen",
            json!({"chat_id": chat_id, "seen_up_to": "2026-11-25T13:12:52.123456Z"}),
        ),
        (
            "add_user_to_chat",
            json!({"chat_id": chat_id, "user_id": SECOND, "user_type": "agent", "visibility": "all",
            "ignore_requester_presence": true}),
        ),
        (
            "remove_user_from_chat",
            json!({"chat_id": chat_id, "user_id": SECOND, "user_type": "agent",
            "ignore_requester_presence": true}),
        ),
        (
            "transfer_chat",
            json!({"id": chat_id, "target": {"type": "agent", "ids": [SECOND]},
            "ignore_requester_presence": true}),
        ),
        (
            "set_routing_status",
            json!({"agent_id": SECOND, "status": "accepting_chats"}),
        ),
        (
            "deactivate_chat",
            json!({"id": chat_id, "ignore_requester_presence": true}),
        ),
    ] {
        api.ok(V, action, body).await;
    }
    settle(&api).await;
    for version in ["3.3", "3.6"] {
        let got = rx.at(version);
        let mut seen: Vec<&str> = got.iter().map(|b| b["action"].as_str().unwrap()).collect();
        seen.sort_unstable();
        seen.dedup();
        let mut expected: Vec<&str> = actions
            .iter()
            .copied()
            .filter(|a| !(version == "3.3" && *a == "event_properties_deleted"))
            .collect();
        expected.sort_unstable();
        assert_eq!(seen, expected, "{version}");
        for envelope in &got {
            parses(envelope);
        }
    }
}

#[tokio::test]
async fn the_control_api_drives_the_customer_and_the_delivery_settings() {
    let api = Api::start().await;
    let http = &api.http;
    let settings: Value = http
        .get(api.control("webhooks/delivery"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        settings,
        json!({"timeout": 10.0, "retries": 3, "backoff": 1.0})
    );
    let changed = http
        .post(api.control("webhooks/delivery"))
        .json(&json!({"retries": 0}))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200);
    assert_eq!(api.emu.delivery_settings().retries, 0);
    for (bad, field) in [
        (json!({"retries": -1}), "retries"),
        (json!({"timeout": "10"}), "timeout"),
        (json!({"retry": 1}), "retry"),
    ] {
        let reply = http
            .post(api.control("webhooks/delivery"))
            .json(&bad)
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), 422);
        let body: Value = reply.json().await.unwrap();
        assert!(
            body["error"]["message"].as_str().unwrap().contains(field),
            "{body}"
        );
    }

    let started: Value = http
        .post(api.control("customer/chats"))
        .json(&json!({"name": "Ann", "group_id": 1, "message": "Hello"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let chat_id = started["chat_id"].as_str().unwrap();
    assert_eq!(started["assigned_to"], BOT);
    let sent = http
        .post(api.control(&format!("customer/chats/{chat_id}/events")))
        .json(&json!({"text": "Anyone?"}))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 200);
    let chat: Value = http
        .get(api.control(&format!("customer/chats/{chat_id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(chat["events"].as_array().unwrap().len(), 2);
    assert_eq!(chat["active"], true);
    let closed = http
        .post(api.control(&format!("customer/chats/{chat_id}/deactivate")))
        .send()
        .await
        .unwrap();
    assert_eq!(closed.status(), 200);
    let again = http
        .post(api.control(&format!("customer/chats/{chat_id}/events")))
        .json(&json!({"text": "Still there?"}))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 422);

    for (path, body, status) in [
        ("customer/chats", json!({"group_id": 99}), 404),
        ("customer/chats", json!({"message": 5}), 422),
        ("customer/chats", json!({"nmae": "typo"}), 422),
        ("customer/chats/NOPE/events", json!({"text": "x"}), 404),
        (
            &format!("customer/chats/{chat_id}/events") as &str,
            json!({}),
            422,
        ),
    ] {
        let reply = http
            .post(api.control(path))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), status, "{path} {body}");
    }
    let missing = http
        .get(api.control("customer/chats/NOPE"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);

    let log: Value = http
        .get(api.control("webhooks/deliveries?wait=1"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(log, json!({"deliveries": []}));
    let bad_wait = http
        .get(api.control("webhooks/deliveries?wait=x"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad_wait.status(), 422);
    // A reset restores the configured settings.
    api.emu.reset();
    assert_eq!(api.emu.delivery_settings(), DeliverySettings::default());
}

#[tokio::test]
async fn configuration_changes_send_configuration_webhooks_with_a_requester_from_3_6() {
    let api = Api::with(quick(0)).await;
    let rx = Receiver::start(&[]).await;
    let actions = [
        "agent_created",
        "agent_updated",
        "agent_suspended",
        "agent_unsuspended",
        "agent_approved",
        "agent_deleted",
        "bot_created",
        "bot_updated",
        "bot_deleted",
        "group_created",
        "group_updated",
        "group_deleted",
        "tag_created",
        "tag_updated",
        "tag_deleted",
        "auto_accesses_updated",
    ];
    for version in ["3.5", "3.6"] {
        for action in actions {
            register(
                &api,
                version,
                action,
                &rx.url(version),
                "license",
                json!({}),
            )
            .await;
        }
    }
    let new = "new@emulator.test";
    api.config_ok(
        V,
        "create_agent",
        json!({"id": new, "name": "New Agent", "role": "administrator",
        "job_title": "Support Hero", "max_chats_count": 4,
        "groups": [{"id": 1, "priority": "first"}], "awaiting_approval": true}),
    )
    .await;
    api.config_ok(V, "approve_agent", json!({"id": new})).await;
    api.config_ok(V, "update_agent", json!({"id": new, "job_title": "Lead"}))
        .await;
    api.config_ok(V, "suspend_agent", json!({"id": new})).await;
    api.config_ok(V, "unsuspend_agent", json!({"id": new}))
        .await;
    api.config_ok(V, "delete_agent", json!({"id": new})).await;
    let bot = api
        .config_ok(
            V,
            "create_bot",
            json!({"name": "Helper", "max_chats_count": 5,
        "groups": [{"id": 0, "priority": "first"}]}),
        )
        .await;
    api.config_ok(
        V,
        "update_bot",
        json!({"id": bot["id"], "name": "Helper 2"}),
    )
    .await;
    api.config_ok(V, "delete_bot", json!({"id": bot["id"]}))
        .await;
    let group = api
        .config_ok(
            V,
            "create_group",
            json!({"name": "Sports shoes",
        "language_code": "en", "agent_priorities": {SECOND: "first"}}),
        )
        .await;
    api.config_ok(
        V,
        "update_group",
        json!({"id": group["id"], "name": "Running"}),
    )
    .await;
    api.config_ok(V, "delete_group", json!({"id": group["id"]}))
        .await;
    api.config_ok(V, "create_tag", json!({"name": "sales", "group_ids": [0]}))
        .await;
    api.config_ok(V, "update_tag", json!({"name": "sales", "group_ids": [1]}))
        .await;
    api.config_ok(V, "delete_tag", json!({"name": "sales"}))
        .await;
    let rule = api.config_ok(V, "add_auto_access", json!({"access": {"groups": [1]},
        "description": "d", "conditions": {"domain": {"values": [{"value": "example.com", "exact_match": true}]}}}))
        .await;
    api.config_ok(
        V,
        "update_auto_access",
        json!({"id": rule["id"], "description": "renamed"}),
    )
    .await;
    api.config_ok(V, "delete_auto_access", json!({"id": rule["id"]}))
        .await;
    settle(&api).await;

    for version in ["3.5", "3.6"] {
        let got = rx.at(version);
        let seen: Vec<&str> = got.iter().map(|b| b["action"].as_str().unwrap()).collect();
        assert_eq!(
            seen,
            [
                "agent_created",
                "agent_approved",
                "agent_updated",
                "agent_suspended",
                "agent_unsuspended",
                "agent_deleted",
                "bot_created",
                "bot_updated",
                "bot_deleted",
                "group_created",
                "group_updated",
                "group_deleted",
                "tag_created",
                "tag_updated",
                "tag_deleted",
                "auto_accesses_updated",
                "auto_accesses_updated",
                "auto_accesses_updated",
            ],
            "{version}"
        );
        for envelope in &got {
            parses(envelope);
            assert_eq!(
                envelope.get("requester").is_some(),
                version == "3.6",
                "{envelope}"
            );
        }
    }
    let got = rx.at("3.6");
    assert_eq!(
        got[0]["requester"],
        json!({"user_id": AGENT, "client_id": CLIENT_ID})
    );
    assert_eq!(got[6]["payload"]["id"], bot["id"]);
    assert!(got[6]["payload"].get("secret").is_none());
    assert_eq!(got[9]["payload"]["id"], group["id"]);
    assert_eq!(got[15]["payload"][0]["status"], "added");
    assert_eq!(
        got[17]["payload"],
        json!([{"id": rule["id"], "status": "deleted"}])
    );
}

#[tokio::test]
async fn shutting_down_stops_deliveries_even_mid_retry() {
    let api = Api::with(quick(10)).await;
    // Every attempt fails: the delivery keeps retrying every 50-100 ms.
    let rx = Receiver::start(&[500; 100]).await;
    register(
        &api,
        V,
        "incoming_chat",
        &rx.url("hook"),
        "license",
        json!({}),
    )
    .await;
    api.emu.customer_start_chat(&json!({})).unwrap();
    while rx.all().is_empty() {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    api.emu.shutdown().await.unwrap();
    let at_shutdown = rx.all().len();
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(rx.all().len(), at_shutdown);
}

#[tokio::test]
async fn auto_access_customers_and_batches_send_their_version_s_webhooks() {
    let api = Api::with(quick(0)).await;
    let rx = Receiver::start(&[]).await;
    for action in [
        "auto_access_added",
        "auto_access_updated",
        "auto_access_deleted",
    ] {
        register(&api, "3.4", action, &rx.url("3.4"), "license", json!({})).await;
    }
    register(
        &api,
        "3.5",
        "auto_accesses_updated",
        &rx.url("3.5"),
        "license",
        json!({}),
    )
    .await;
    for version in ["3.3", "3.5"] {
        let url = rx.url(&format!("customer-{version}"));
        register(
            &api,
            version,
            "incoming_customer",
            &url,
            "license",
            json!({}),
        )
        .await;
    }
    register(
        &api,
        V,
        "agent_created",
        &rx.url("agents"),
        "license",
        json!({}),
    )
    .await;

    let rule = api
        .config_ok(
            V,
            "add_auto_access",
            json!({"access": {"groups": [1]}, "description": "d",
            "conditions": {"domain": {"values": [{"value": "example.com", "exact_match": true}]}}}),
        )
        .await;
    api.config_ok(
        V,
        "update_auto_access",
        json!({"id": rule["id"], "access": {"groups": [0]}}),
    )
    .await;
    api.config_ok(V, "delete_auto_access", json!({"id": rule["id"]}))
        .await;
    let customer = api
        .ok(
            "3.5",
            "create_customer",
            json!({"name": "Ann", "email": "ann@example.com"}),
        )
        .await;
    let batch = api
        .config_ok(
            V,
            "batch_create_agents",
            json!({"requests": [
                {"id": "one@emulator.test", "name": "One"},
                {"id": AGENT, "name": "Already there"},
                {"id": "two@emulator.test", "name": "Two"},
            ]}),
        )
        .await;
    settle(&api).await;

    // 3.4: one rule per webhook, no status; 3.5: a list with the status.
    let old = rx.at("3.4");
    let names: Vec<&str> = old.iter().map(|b| b["action"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "auto_access_added",
            "auto_access_updated",
            "auto_access_deleted"
        ]
    );
    assert_eq!(old[0]["payload"]["id"], rule["id"]);
    assert_eq!(old[0]["payload"]["access"], json!({"groups": [1]}));
    assert!(old[0]["payload"].get("status").is_none(), "{}", old[0]);
    assert_eq!(
        old[1]["payload"],
        json!({"id": rule["id"], "access": {"groups": [0]}})
    );
    assert_eq!(old[2]["payload"], json!({"id": rule["id"]}));
    let new = rx.at("3.5");
    let statuses: Vec<&str> = new
        .iter()
        .map(|b| b["payload"][0]["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["added", "updated", "deleted"]);

    for version in ["3.3", "3.5"] {
        let got = rx.at(&format!("customer-{version}"));
        assert_eq!(got.len(), 1, "{version}: {got:?}");
        let payload = &got[0]["payload"]["customer"];
        assert_eq!(payload["id"], customer["customer_id"], "{version}");
        assert_eq!(payload["name"], "Ann", "{version}");
    }

    // The request that failed (an existing agent) sends nothing.
    assert!(batch["responses"][1].get("error").is_some(), "{batch}");
    let created: Vec<Value> = rx
        .at("agents")
        .iter()
        .map(|b| b["payload"]["id"].clone())
        .collect();
    assert_eq!(
        created,
        [json!("one@emulator.test"), json!("two@emulator.test")]
    );

    for (_, envelope) in rx.all() {
        parses(&envelope);
    }
}

/// POSTs `body` to the control endpoint `path`; the status and the JSON answer.
async fn control_post(api: &Api, path: String, body: Value) -> (u16, Value) {
    let reply = api
        .http
        .post(api.control(&path))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = reply.status().as_u16();
    (status, reply.json().await.unwrap())
}

#[tokio::test]
async fn the_customer_s_session_fields_reach_every_active_chat_s_webhook() {
    let api = Api::with(quick(0)).await;
    let rx = Receiver::start(&[]).await;
    for version in ["3.3", "3.6"] {
        let url = rx.url(version);
        register(
            &api,
            version,
            "customer_session_fields_updated",
            &url,
            "license",
            json!({}),
        )
        .await;
    }
    let (status, chat) =
        control_post(&api, "customer/chats".into(), json!({"message": "Hi"})).await;
    assert_eq!(status, 200, "{chat}");
    let chat_id = chat["chat_id"].as_str().unwrap().to_string();
    let fields = |items: Value| json!({ "session_fields": items });
    let path = format!("customer/chats/{chat_id}/session_fields");
    let (status, first) = control_post(&api, path.clone(), fields(json!([{"plan": "gold"}]))).await;
    assert_eq!(status, 200, "{first}");
    let (_, second) = control_post(
        &api,
        path.clone(),
        fields(json!([{"cart": "3"}, {"plan": "platinum"}])),
    )
    .await;
    assert_eq!(
        second,
        json!({"customer_id": chat["customer_id"],
               "session_fields": [{"plan": "platinum"}, {"cart": "3"}]})
    );
    for (bad, words) in [
        (
            fields(json!([{"plan": 5}])),
            "session_fields[0] must be an object with one key",
        ),
        (
            fields(json!([{"a": "1", "b": "2"}])),
            "session_fields[0] must be an object with one key",
        ),
        (
            json!({"fields": []}),
            "unknown field fields; expected session_fields",
        ),
        (json!({}), "session_fields"),
        (
            fields((0..99).map(|i| json!({ format!("k{i}"): "v" })).collect()),
            "a customer keeps at most 100 session fields",
        ),
    ] {
        let (status, body) = control_post(&api, path.clone(), bad).await;
        assert_eq!(status, 422, "{body}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(words), "{message}");
    }
    let (status, body) = control_post(
        &api,
        "customer/chats/NOPE/session_fields".into(),
        fields(json!([])),
    )
    .await;
    assert_eq!(status, 404, "{body}");
    // The refused updates changed nothing.
    let customer = api
        .ok(V, "get_customer", json!({"id": chat["customer_id"]}))
        .await;
    assert_eq!(customer["session_fields"], second["session_fields"]);
    settle(&api).await;
    for version in ["3.3", "3.6"] {
        let got = rx.at(version);
        let sent: Vec<&Value> = got
            .iter()
            .map(|b| &b["payload"]["session_fields"])
            .collect();
        assert_eq!(
            sent,
            [
                &json!([{"plan": "gold"}]),
                &json!([{"plan": "platinum"}, {"cart": "3"}])
            ],
            "{version}"
        );
        assert_eq!(
            got[0]["payload"]["active_chat"],
            json!({"chat_id": chat_id, "thread_id": chat["thread_id"]})
        );
        assert_eq!(got[0]["payload"]["id"], chat["customer_id"]);
        got.iter().for_each(parses);
    }
}
