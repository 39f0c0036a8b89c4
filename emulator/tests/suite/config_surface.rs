//! Configuration API as a surface: each version's action set is the client's table
//! (`livechat::surfaces::configuration::METHODS`), every action answers (never "Unknown
//! action"), actions of other versions are unknown, 3.4's lookups are GETs, and credentials,
//! faults, rate limit and the request log apply as on the Agent API.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use livechat::surfaces::configuration::METHODS;
use livechat_emulator::Config;
use serde_json::{Value, json};

fn table(version: &str) -> Vec<String> {
    let mut names: Vec<String> = METHODS
        .iter()
        .filter(|m| m.versions.versions().iter().any(|v| v.as_str() == version))
        .map(|m| m.name.to_string())
        .collect();
    names.sort();
    names
}

async fn served(api: &Api, version: &str) -> Vec<String> {
    let table: Value = api
        .http
        .get(api.control("actions/configuration"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut names: Vec<String> = table[version]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn each_version_serves_exactly_the_client_table() {
    let api = Api::start().await;
    for v in livechat_emulator::VERSIONS {
        assert_eq!(served(&api, v).await, table(v), "API {v}");
    }
    // The Agent API's table is unchanged.
    assert!(
        api.actions_of("3.6")
            .await
            .contains(&"send_event".to_string())
    );
    assert!(
        !api.actions_of("3.6")
            .await
            .contains(&"create_bot".to_string())
    );
}

#[tokio::test]
async fn every_action_of_every_version_answers_and_others_are_unknown() {
    let api = Api::start().await;
    for v in livechat_emulator::VERSIONS {
        let names = table(v);
        for m in METHODS {
            let reply = if m.http_get {
                send(
                    api.http
                        .get(api.config_url(v, m.name))
                        .bearer_auth(api.emu.token()),
                )
                .await
            } else {
                api.config(v, m.name, json!({})).await
            };
            if names.contains(&m.name.to_string()) {
                assert_ne!(
                    reply.body["error"]["message"],
                    json!("Unknown action"),
                    "{v} {}",
                    m.name
                );
                assert!(
                    reply.status == 200 || reply.status.as_u16() == 422,
                    "{v} {}: {} {}",
                    m.name,
                    reply.status,
                    reply.body
                );
            } else {
                assert_eq!(reply.status, 404, "{v} {}", m.name);
                assert_eq!(reply.body["error"]["message"], json!("Unknown action"));
            }
        }
    }
    api.config_fails("3.6", "no_such_action", json!({}), "not_found", 404)
        .await;
}

#[tokio::test]
async fn api_3_4_looks_up_license_and_organization_ids_with_get() {
    let api = Api::start().await;
    let get = |query: &str| {
        let api = &api;
        let url = format!("{}?{query}", api.config_url("3.4", "get_license_id"));
        async move { send(api.http.get(url).bearer_auth(api.emu.token())).await }
    };
    let reply = get("organization_id=1a8a9ec7-bd5d-4400-9204-3826740981e0").await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body, json!({"license_id": 10000001}));
    assert_eq!(get("organization_id=nope").await.error_type(), "not_found");
    assert_eq!(get("x=1").await.error_type(), "validation");
    let url = format!(
        "{}?license_id=10000001",
        api.config_url("3.4", "get_organization_id")
    );
    let reply = send(api.http.get(url).bearer_auth(api.emu.token())).await;
    assert_eq!(
        reply.body,
        json!({"organization_id": "1a8a9ec7-bd5d-4400-9204-3826740981e0"})
    );
    // POST for everything else.
    let reply = send(
        api.http
            .get(api.config_url("3.6", "list_bots"))
            .bearer_auth(api.emu.token()),
    )
    .await;
    assert_eq!(reply.error_type(), "validation");
    let log = api.requests().await;
    let last = log.last().unwrap();
    assert_eq!(last["api"], json!("configuration"));
    assert_eq!(
        log[0]["body"],
        json!({"organization_id": "1a8a9ec7-bd5d-4400-9204-3826740981e0"})
    );
}

#[tokio::test]
async fn credentials_faults_rate_limit_and_the_log_apply_to_configuration_calls() {
    let mut config = Config::default();
    config.rate_limit = Some(3);
    let api = Api::with(config).await;
    // Credentials.
    let reply = send(
        api.http
            .post(api.config_url("3.6", "list_bots"))
            .bearer_auth("wrong")
            .json(&json!({})),
    )
    .await;
    assert_eq!(
        (reply.status.as_u16(), reply.error_type()),
        (401, "authentication")
    );
    assert_eq!(
        reply.body,
        json!({"error": {"type": "authentication", "message": "Invalid access token"}})
    );
    let reply = api.config_pat("3.6", "list_bots", json!({})).await;
    assert_eq!(reply.status, 200);
    // Version and region.
    let reply = api.config("3.2", "list_bots", json!({})).await;
    assert_eq!(reply.error_type(), "unsupported_version");
    let reply = send(
        api.http
            .post(api.config_url("3.6", "list_bots"))
            .bearer_auth(api.emu.token())
            .header("X-Region", "fra")
            .json(&json!({})),
    )
    .await;
    assert_eq!(reply.error_type(), "misdirected_request");
    // Rate limit (per credential, both APIs together).
    let mut limited = false;
    for _ in 0..5 {
        let reply = api.config("3.6", "list_groups", json!({})).await;
        if reply.status == 429 {
            assert_eq!(reply.error_type(), "too_many_requests");
            assert_eq!(reply.headers["retry-after"], "1");
            limited = true;
        }
    }
    assert!(limited);
    api.emu.reset();

    // Faults by action name.
    api.add_fault(json!({"action": "create_bot", "status": 503}))
        .await;
    let reply = api.config("3.6", "create_bot", json!({"name": "B"})).await;
    assert_eq!(reply.error_type(), "service_unavailable");
    assert_eq!(
        api.config_ok("3.6", "list_bots", json!({"all": true}))
            .await
            .as_array()
            .unwrap()
            .len(),
        1,
        "the faulted create_bot did nothing"
    );
    api.add_fault(json!({"action": "create_bot", "status": 500, "apply": "after"}))
        .await;
    let reply = api.config("3.6", "create_bot", json!({"name": "B"})).await;
    assert_eq!(reply.status, 500);
    assert_eq!(
        api.config_ok("3.6", "list_bots", json!({"all": true}))
            .await
            .as_array()
            .unwrap()
            .len(),
        2,
        "an after-fault keeps the write"
    );

    // The request log.
    let log = api.requests().await;
    let entry = log
        .iter()
        .find(|e| e["action"] == json!("create_bot"))
        .unwrap();
    assert_eq!(entry["api"], json!("configuration"));
    assert_eq!(
        entry["path"],
        json!("/v3.6/configuration/action/create_bot")
    );
    assert_eq!(entry["status"], json!(503));
    assert_eq!(entry["auth_scheme"], json!("Bearer"));
    assert_eq!(entry["body"], json!({"name": "B"}));
    // Lifecycle headers as on the Agent API.
    let reply = api.config("3.5", "list_groups", json!({})).await;
    assert_eq!(reply.headers["legacy"], "2027-06-30");
}

/// A well-typed placeholder for a parameter (dates where the docs want RFC 3339).
fn dummy(name: &str, kind: livechat::methods::ParamKind) -> Value {
    use livechat::methods::ParamKind;
    if name.starts_with("active_") {
        return json!("2026-01-01T00:00:00Z");
    }
    match kind {
        ParamKind::Bool => json!(false),
        ParamKind::Int => json!(1),
        ParamKind::Object => json!({}),
        ParamKind::Array => json!([]),
        _ => json!("x"),
    }
}

#[tokio::test]
async fn documented_parameters_are_read_per_version_and_required_ones_required() {
    let api = Api::start().await;
    let mut failures = Vec::new();
    for version in livechat::ApiVersion::ALL {
        let v = version.as_str();
        for m in METHODS
            .iter()
            .filter(|m| !m.http_get && m.versions.versions().contains(&version))
        {
            let params: Vec<_> = m
                .params
                .iter()
                .filter(|p| p.versions.versions().contains(&version))
                .collect();
            let full: serde_json::Map<String, Value> = params
                .iter()
                .map(|p| (p.name.to_string(), dummy(p.name, p.kind)))
                .collect();
            // Every documented parameter of this version is read (never "Unknown field").
            let reply = api.config(v, m.name, Value::Object(full.clone())).await;
            let message = reply.body["error"]["message"].as_str().unwrap_or_default();
            if message.starts_with("Unknown field") {
                failures.push(format!("{v} {}: {}", m.name, reply.body));
            }
            // A parameter of another version of the method is unknown in this one.
            for p in m
                .params
                .iter()
                .filter(|p| !p.versions.versions().contains(&version))
            {
                let mut body = full.clone();
                body.insert(p.name.to_string(), dummy(p.name, p.kind));
                let reply = api.config(v, m.name, Value::Object(body)).await;
                let message = reply.body["error"]["message"].as_str().unwrap_or_default();
                if message != format!("Unknown field: {}", p.name) {
                    failures.push(format!("{v} {} with {}: {}", m.name, p.name, reply.body));
                }
            }
            // Every required one is required.
            for p in params
                .iter()
                .filter(|p| p.required.versions().contains(&version))
            {
                let mut body = full.clone();
                body.remove(p.name);
                let reply = api.config(v, m.name, Value::Object(body)).await;
                let message = reply.body["error"]["message"].as_str().unwrap_or_default();
                if reply.status != 422 || !message.contains(p.name) {
                    failures.push(format!("{v} {} without {}: {}", m.name, p.name, reply.body));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn a_fault_may_name_the_api_of_an_action_both_have() {
    let api = Api::start().await;
    api.add_fault(json!({"action": "ban_customer", "api": "configuration", "status": 503}))
        .await;
    // The Agent API's ban_customer is not affected…
    api.ok(
        "3.7",
        "ban_customer",
        json!({"id": CUSTOMER, "ban": {"days": 1}}),
    )
    .await;
    // …the Configuration API's is.
    let reply = api
        .config(
            "3.7",
            "ban_customer",
            json!({"seconds": 60, "ip": "10.0.0.1"}),
        )
        .await;
    assert_eq!(reply.error_type(), "service_unavailable");
    let reply = api
        .config(
            "3.7",
            "ban_customer",
            json!({"seconds": 60, "ip": "10.0.0.1"}),
        )
        .await;
    assert_eq!(reply.status, 200);
    let bad = api
        .emu
        .add_faults(json!({"action": "x", "api": "reports", "status": 500}))
        .unwrap_err();
    assert!(bad.contains("api"), "{bad}");
}
