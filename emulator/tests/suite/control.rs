//! The control surface: reset, state dump, request log (auth scheme only, never the
//! credential), action table, and the library handle's accessors.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use serde_json::{Value, json};

async fn get(api: &Api, path: &str) -> Value {
    api.http
        .get(api.control(path))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn reset_goes_back_to_the_seed() {
    let api = Api::start().await;
    api.start_chat("3.6").await;
    api.ok(
        "3.6",
        "update_customer",
        json!({"id": CUSTOMER, "name": "Changed"}),
    )
    .await;
    api.add_fault(json!({"action": "get_chat", "status": 500}))
        .await;
    let reset = api.http.post(api.control("reset")).send().await.unwrap();
    assert_eq!(reset.status(), 200);
    let state = get(&api, "state").await;
    assert_eq!(state["chats"], json!([]));
    let customer = api.ok("3.6", "get_customer", json!({"id": CUSTOMER})).await;
    assert_eq!(customer["name"], json!("Thomas Anderson"));
    assert_eq!(get(&api, "faults").await["faults"], json!([]));
    assert_eq!(
        api.requests().await.len(),
        1,
        "the log restarted at the reset"
    );
}

#[tokio::test]
async fn the_state_dump_has_everything_but_file_bytes() {
    let api = Api::start().await;
    let (chat_id, _, _) = api.start_chat("3.6").await;
    api.upload("3.6", "a.txt", "text/plain", b"abc".to_vec())
        .await;
    let state = get(&api, "state").await;
    assert_eq!(state, api.emu.state());
    for key in [
        "license",
        "groups",
        "agents",
        "customers",
        "properties",
        "chats",
        "files",
    ] {
        assert!(state.get(key).is_some(), "state has {key}");
    }
    assert_eq!(state["agents"].as_array().unwrap().len(), 5);
    assert_eq!(
        state["groups"],
        json!([{"id": 0, "name": "General"}, {"id": 1, "name": "Support"}])
    );
    assert_eq!(state["chats"][0]["id"], json!(chat_id));
    assert_eq!(state["files"][0]["size"], json!(3));
    assert!(state["files"][0].get("data").is_none());
    assert!(
        !state.to_string().contains("emulator-second-agent-token"),
        "tokens are not dumped"
    );
    assert!(state["properties"]["test"]["tokenized_string_property"].is_object());
}

#[tokio::test]
async fn the_request_log_keeps_headers_and_bodies_but_never_credentials() {
    let api = Api::start().await;
    let request = api
        .http
        .post(api.action_url("3.6", "list_chats"))
        .bearer_auth(api.emu.token())
        .header("x-region", "dal")
        .header("user-agent", "test-agent/1.0")
        .header("accept", "application/json")
        .json(&json!({"limit": 5}));
    assert_eq!(send(request).await.status, 200);
    api.upload("3.4", "photo.png", "image/png", vec![1, 2, 3])
        .await;
    let log = api.requests().await;
    assert_eq!(log.len(), 2);
    let first = &log[0];
    assert_eq!(first["method"], json!("POST"));
    assert_eq!(first["version"], json!("3.6"));
    assert_eq!(first["action"], json!("list_chats"));
    assert_eq!(first["path"], json!("/v3.6/agent/action/list_chats"));
    assert_eq!(first["auth_scheme"], json!("Bearer"));
    assert_eq!(first["body"], json!({"limit": 5}));
    assert_eq!(first["status"], json!(200));
    assert_eq!(
        first["headers"],
        json!({"content-type": "application/json", "x-region": "dal",
               "user-agent": "test-agent/1.0", "accept": "application/json"})
    );
    let upload = &log[1];
    assert_eq!(
        upload["upload"],
        json!({"part": "file", "filename": "photo.png", "content_type": "image/png", "size": 3})
    );
    assert_eq!(upload["body"], Value::Null);
    assert!(
        upload["headers"]["content-type"]
            .as_str()
            .unwrap()
            .starts_with("multipart/form-data")
    );
    let text = serde_json::to_string(&log).unwrap();
    assert!(
        !text.contains(api.emu.token()),
        "the token never appears in the log"
    );

    let cleared = api
        .http
        .delete(api.control("requests"))
        .send()
        .await
        .unwrap();
    assert_eq!(cleared.status(), 200);
    assert!(api.requests().await.is_empty());
}

#[tokio::test]
async fn the_action_table_and_handle_accessors() {
    let api = Api::start().await;
    let table = get(&api, "actions").await;
    assert_eq!(table.as_object().unwrap().len(), 5);
    assert!(
        table["3.3"]
            .as_array()
            .unwrap()
            .contains(&json!("grant_chat_access"))
    );
    assert!(
        table["3.6"]
            .as_array()
            .unwrap()
            .contains(&json!("get_thread_transcript"))
    );
    assert_eq!(api.emu.agent_id(), AGENT);
    assert_eq!(api.emu.region(), "dal");
    assert!(api.emu.ca_file().is_none() && api.emu.ca_pem().is_none());
    assert_eq!(api.emu.info()["url"], json!(api.emu.url()));
    api.start_chat("3.6").await;
    api.emu.reset();
    assert_eq!(api.emu.state()["chats"], json!([]));
}

#[tokio::test]
async fn shutdown_saves_the_state_file_and_start_loads_it() {
    let path = std::env::temp_dir().join(format!("emulator-lib-state-{}.json", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let mut config = livechat_emulator::Config::default();
    config.state_file = Some(path.clone());
    let api = Api::with(config.clone()).await;
    let (chat_id, _, _) = api.start_chat("3.6").await;
    api.upload("3.6", "kept.txt", "text/plain", b"kept".to_vec())
        .await;
    let Api { emu, .. } = api;
    emu.shutdown().await.unwrap();

    let again = Api::with(config).await;
    let chat = again
        .ok("3.6", "get_chat", json!({"chat_id": chat_id}))
        .await;
    assert_eq!(chat["thread"]["events"][0]["text"], json!("Hello"));
    // Uploads are kept and served at the new address.
    let url = again.emu.state()["files"][0]["url"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(url.starts_with(again.emu.url()), "{url}");
    let served = again.http.get(&url).send().await.unwrap();
    assert_eq!(served.text().await.unwrap(), "kept");
    let next = again
        .ok(
            "3.6",
            "send_event",
            json!({"chat_id": chat_id,
        "event": {"type": "message", "text": "after restart"}}),
        )
        .await;
    assert!(
        next["event_id"].as_str().unwrap().ends_with("_2"),
        "event numbering continues"
    );
    let _ = std::fs::remove_file(&path);
}

#[tokio::test]
async fn plain_http_also_speaks_http2_with_prior_knowledge() {
    let api = Api::start().await;
    let h2 = reqwest::Client::builder()
        .no_proxy()
        .http2_prior_knowledge()
        .build()
        .unwrap();
    let response = h2
        .post(api.action_url("3.6", "list_chats"))
        .bearer_auth(api.emu.token())
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.version(), reqwest::Version::HTTP_2);
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn the_handle_controls_faults_and_the_log_like_the_routes_do() {
    let api = Api::start().await;
    let bad = api
        .emu
        .add_faults(json!([{"action": "get_chat", "status": 500}, {"action": "", "status": 500}]))
        .unwrap_err();
    assert!(bad.contains("action"), "{bad}");
    assert_eq!(
        get(&api, "faults").await["faults"],
        json!([]),
        "all or nothing"
    );

    let listed = api
        .emu
        .add_faults(json!({"action": "get_chat", "status": 503, "count": 2}))
        .unwrap();
    assert_eq!(listed, get(&api, "faults").await);
    assert_eq!(listed["faults"][0]["count"], json!(2));
    let reply = api.call("3.6", "get_chat", json!({"chat_id": "X"})).await;
    assert_eq!(reply.status, 503);

    api.emu.clear_faults();
    assert_eq!(get(&api, "faults").await["faults"], json!([]));
    assert_eq!(api.emu.requests(), get(&api, "requests").await);
    assert_eq!(api.emu.requests()["requests"].as_array().unwrap().len(), 1);
    api.emu.clear_requests();
    assert_eq!(api.emu.requests()["requests"], json!([]));
}
