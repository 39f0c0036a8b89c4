//! Configuration API bodies against the request samples of the official pages: the arguments a
//! caller would pass for a documented sample build exactly the sample's body, for a handful of
//! methods written out here and for every sample of every version that is valid JSON.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod config_docs;

use config_docs::{VERSIONS, sample, samples};
use livechat::ApiVersion;
use livechat::methods::build_body;
use livechat::surfaces::CONFIGURATION;
use serde_json::{Value, json};

fn body(method: &str, version: &str, args: Value) -> Value {
    let Value::Object(args) = args else {
        panic!("args must be an object")
    };
    let spec = CONFIGURATION.find(method).unwrap();
    let version: ApiVersion = version.parse().unwrap();
    Value::Object(build_body(spec, version, args).unwrap_or_else(|e| panic!("{method}: {e}")))
}

fn documented(version: &str, action: &str) -> Value {
    sample(version, action)
        .json()
        .unwrap_or_else(|| panic!("the {action} sample of v{version}.mdx is not JSON"))
}

#[test]
fn register_webhook_builds_the_documented_body() {
    let args = json!({
        "url": "http://myservice.com/webhooks",
        "description": "Test webhook",
        "action": "chat_deactivated",
        "secret_key": "laudla991lamda0pnoaa0",
        "owner_client_id": "asXdesldiAJSq9padj",
        "type": "license",
    });
    for v in VERSIONS {
        let built = body("register_webhook", v, args.clone());
        assert_eq!(built, documented(v, "register_webhook"), "API {v}");
        // Keys in the table's order: the required fields first, then the options.
        assert_eq!(
            built.to_string(),
            r#"{"action":"chat_deactivated","secret_key":"laudla991lamda0pnoaa0","url":"http://myservice.com/webhooks","description":"Test webhook","owner_client_id":"asXdesldiAJSq9padj","type":"license"}"#
        );
    }
}

#[test]
fn create_bot_builds_the_documented_body() {
    // The documented sample has no `owner_client_id`: it is required only with a PAT, and a
    // table that required it would refuse the docs' own request.
    for v in VERSIONS {
        assert_eq!(
            body("create_bot", v, json!({"name": "Bot Name"})),
            documented(v, "create_bot"),
            "API {v}"
        );
    }
    assert_eq!(
        body(
            "create_bot",
            "3.6",
            json!({"owner_client_id": "cid", "name": "Echo", "groups": [{"id": 0, "priority": "first"}]})
        )
        .to_string(),
        r#"{"name":"Echo","groups":[{"id":0,"priority":"first"}],"owner_client_id":"cid"}"#
    );
}

#[test]
fn issue_bot_token_builds_the_documented_body() {
    let args = json!({
        "bot_id": "5c9871d5372c824cbf22d860a707a578",
        "client_id": "238ac5c3c3628210aca289c6d700d2c1",
        "bot_secret": "641e2ae6d997d2009a3ac92a05f37fc3",
        "organization_id": "1a8a9ec7-bd5d-4400-9204-3826740981e0",
    });
    for v in ["3.5", "3.6", "3.7"] {
        assert_eq!(
            body("issue_bot_token", v, args.clone()),
            documented(v, "issue_bot_token"),
            "API {v}"
        );
    }
}

#[test]
fn update_agent_builds_the_documented_body() {
    let args = json!({
        "id": "smith@example.com",
        "role": "viceowner",
        "groups": [
            {"id": 5, "priority": "first"},
            {"id": 2, "priority": "last"},
            {"id": 1, "priority": "normal"},
        ],
        "work_scheduler": {
            "monday": {"start": "08:30", "end": "12:30"},
            "friday": {"start": "07:30", "end": "21:30"},
        },
        "notifications": ["new_visitor", "new_goal", "visitor_is_typing"],
        "email_subscriptions": ["weekly_summary"],
    });
    for v in ["3.6", "3.7"] {
        assert_eq!(
            body("update_agent", v, args.clone()),
            documented(v, "update_agent"),
            "API {v}"
        );
    }
    let mut with_name = args.clone();
    with_name["name"] = json!("Agent Smith");
    assert_eq!(
        body("update_agent", "3.5", with_name.clone()),
        documented("3.5", "update_agent")
    );
    // `name` went to the Global Accounts API in 3.6.
    let spec = CONFIGURATION.find("update_agent").unwrap();
    let err = build_body(
        spec,
        ApiVersion::V3_6,
        with_name.as_object().unwrap().clone(),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("`name` exists in API 3.3–3.5"),
        "{err}"
    );
}

#[test]
fn list_agents_with_filters_builds_the_documented_body() {
    let args = json!({
        "filters": {"group_ids": [0, 1]},
        "fields": ["email_subscriptions", "max_chats_count", "job_title", "last_logout"],
    });
    for v in ["3.6", "3.7"] {
        assert_eq!(
            body("list_agents", v, args.clone()),
            documented(v, "list_agents"),
            "API {v}"
        );
    }
}

#[test]
fn every_valid_json_sample_round_trips_through_the_table() {
    let mut checked = 0;
    let mut skipped = Vec::new();
    let mut refused = Vec::new();
    for v in VERSIONS {
        let version: ApiVersion = v.parse().unwrap();
        for s in samples(v) {
            let spec = CONFIGURATION
                .find_action(&s.action)
                .unwrap_or_else(|| panic!("API {v}: sample of unknown action {}", s.action));
            if spec.http_get {
                assert_eq!(s.method, "GET", "API {v} {}", s.action);
                continue;
            }
            assert_eq!(s.method, "POST", "API {v} {}", s.action);
            let Some(Value::Object(sample)) = s.json() else {
                skipped.push(format!("{v} {}", s.action));
                continue;
            };
            match build_body(spec, version, sample.clone()) {
                Ok(built) => {
                    assert_eq!(
                        Value::Object(built),
                        Value::Object(sample),
                        "API {v} {}",
                        s.action
                    );
                    checked += 1;
                }
                Err(e) => refused.push(format!("{v} {}: {}", s.action, e.message())),
            }
        }
    }
    // register_property's sample holds a `// comment`; update_company_details' has a trailing
    // comma (3.6, 3.7).
    assert_eq!(
        skipped,
        [
            "3.3 register_property",
            "3.4 register_property",
            "3.5 register_property",
            "3.6 register_property",
            "3.6 update_company_details",
            "3.7 register_property",
            "3.7 update_company_details",
        ]
    );
    // The pages disagree with themselves here: the bot template tables mark `owner_client_id`
    // "Yes" (no condition), yet their samples leave it out. The table follows the tables.
    let missing =
        |v: &str, m: &str| format!("{v} {m}: {m}: missing required argument `owner_client_id`");
    let mut expected = Vec::new();
    for v in ["3.5", "3.6", "3.7"] {
        for m in [
            "create_bot_template",
            "delete_bot_template",
            "update_bot_template",
            "list_bot_templates",
            "reset_bot_template_secret",
        ] {
            expected.push(missing(v, m));
        }
    }
    refused.sort();
    expected.sort();
    assert_eq!(refused, expected);
    assert!(checked > 250, "only {checked} samples checked");
}
