//! Configuration API, the license's other settings: properties (definitions per Client ID,
//! license and group values), tags, auto accesses, greetings, customer bans, allowed domains,
//! canned responses, translations, company details and the read-only answers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use serde_json::{Value, json};

const V: &str = "3.6";
const OWNER: &str = "0805e283233042b37f460ed8fbf22160";

#[tokio::test]
async fn private_properties_are_registered_published_and_usable_on_chats() {
    let api = Api::start().await;
    let register = json!({"name": "string_property", "owner_client_id": OWNER, "type": "string",
        "access": {"chat": {"agent": ["read", "write"], "customer": ["read"]}},
        "description": "Color"});
    api.config_ok(V, "register_property", register.clone())
        .await;
    api.config_fails(V, "register_property", register, "already_exists", 409)
        .await;
    api.config_fails(
        V,
        "register_property",
        json!({"name": "p", "owner_client_id": OWNER, "type": "float", "access": {}}),
        "validation",
        422,
    )
    .await;
    api.config_ok(
        V,
        "publish_property",
        json!({"name": "string_property", "owner_client_id": OWNER, "access_type": ["read"]}),
    )
    .await;
    let list = api
        .config_ok(V, "list_properties", json!({"owner_client_id": OWNER}))
        .await;
    assert_eq!(
        list,
        json!({"string_property": {"type": "string", "description": "Color",
            "access": {"chat": {"agent": ["read", "write"], "customer": ["read"]}},
            "public_access": ["read"]}})
    );
    // The Agent API accepts the property on chats under the Client ID's namespace.
    let (chat_id, _, _) = api.start_chat(V).await;
    api.ok(
        V,
        "update_chat_properties",
        json!({"id": chat_id, "properties": {OWNER: {"string_property": "red"}}}),
    )
    .await;
    api.fails(
        V,
        "update_chat_properties",
        json!({"id": chat_id, "properties": {OWNER: {"string_property": 1}}}),
        "validation",
        422,
    )
    .await;
    api.config_ok(
        V,
        "unregister_property",
        json!({"name": "string_property", "owner_client_id": OWNER}),
    )
    .await;
    api.config_fails(
        V,
        "unregister_property",
        json!({"name": "string_property", "owner_client_id": OWNER}),
        "not_found",
        404,
    )
    .await;
    assert_eq!(
        api.config_ok(V, "list_properties", json!({"owner_client_id": OWNER}))
            .await,
        json!({})
    );
}

#[tokio::test]
async fn license_and_group_property_values_merge_filter_and_delete() {
    let api = Api::start().await;
    api.config_ok(
        V,
        "update_license_properties",
        json!({"properties": {OWNER: {"string_property": "string value", "other": 1}}}),
    )
    .await;
    api.config_ok(
        V,
        "update_license_properties",
        json!({"properties": {OWNER: {"other": 2}}}),
    )
    .await;
    let all = api.config_ok(V, "list_license_properties", json!({})).await;
    assert_eq!(
        all,
        json!({OWNER: {"string_property": "string value", "other": 2}})
    );
    let some = api
        .config_ok(
            V,
            "list_license_properties",
            json!({"namespace": OWNER, "name_prefix": "str"}),
        )
        .await;
    assert_eq!(some, json!({OWNER: {"string_property": "string value"}}));
    api.config_ok(
        V,
        "delete_license_properties",
        json!({"properties": {OWNER: ["other"]}}),
    )
    .await;
    assert_eq!(
        api.config_ok(V, "list_license_properties", json!({})).await,
        json!({OWNER: {"string_property": "string value"}})
    );

    for g in [0, 1] {
        api.config_ok(
            V,
            "update_group_properties",
            json!({"group_id": g, "properties": {OWNER: {"string_property": format!("group {g}")}}}),
        )
        .await;
    }
    api.config_fails(
        V,
        "update_group_properties",
        json!({"group_id": 5, "properties": {}}),
        "group_not_found",
        404,
    )
    .await;
    let groups = api
        .config_ok(V, "list_groups_properties", json!({"group_ids": [0, 1]}))
        .await;
    assert_eq!(
        groups,
        json!([
            {"id": 0, "properties": {OWNER: {"string_property": "group 0"}}},
            {"id": 1, "properties": {OWNER: {"string_property": "group 1"}}}
        ])
    );
    // 3.3/3.4: one group at a time.
    let one = api
        .config_ok("3.4", "list_group_properties", json!({"id": 1}))
        .await;
    assert_eq!(one, json!({OWNER: {"string_property": "group 1"}}));
    api.config_ok(
        V,
        "delete_group_properties",
        json!({"id": 1, "properties": {OWNER: ["string_property"]}}),
    )
    .await;
    let groups = api
        .config_ok(V, "list_groups_properties", json!({"group_ids": [1]}))
        .await;
    assert_eq!(groups, json!([{"id": 1, "properties": {}}]));
}

#[tokio::test]
async fn tags_auto_accesses_and_greetings_are_stored() {
    let api = Api::start().await;
    // Tags (3.5+).
    api.config_ok(
        V,
        "create_tag",
        json!({"name": "docs_feedback", "group_ids": [0, 1]}),
    )
    .await;
    api.config_fails(
        V,
        "create_tag",
        json!({"name": "Docs_Feedback"}),
        "already_exists",
        409,
    )
    .await;
    api.config_ok(V, "create_tag", json!({"name": "sales", "group_ids": [0]}))
        .await;
    api.config_ok(V, "update_tag", json!({"name": "sales", "group_ids": [1]}))
        .await;
    let tags = api
        .config_ok(V, "list_tags", json!({"filters": {"group_ids": [1]}}))
        .await;
    assert_eq!(tags.as_array().unwrap().len(), 2);
    assert_eq!(tags[0]["author_id"], json!(AGENT));
    assert!(is_timestamp(&tags[0]["created_at"]));
    api.config_ok(V, "delete_tag", json!({"name": "sales"}))
        .await;
    api.config_fails(V, "delete_tag", json!({"name": "sales"}), "not_found", 404)
        .await;
    assert_eq!(api.config("3.4", "list_tags", json!({})).await.status, 404);

    // Auto accesses: ordered by next_id.
    let rule = |desc: &str| {
        json!({"access": {"groups": [1]}, "description": desc,
               "conditions": {"domain": {"values": [{"value": "example.com", "exact_match": true}]}}})
    };
    let first = api.config_ok(V, "add_auto_access", rule("first")).await["id"].clone();
    let mut before = rule("before first");
    before["next_id"] = first.clone();
    let second = api.config_ok(V, "add_auto_access", before).await["id"].clone();
    let list = api.config_ok(V, "list_auto_accesses", json!({})).await;
    assert_eq!(list[0]["id"], second);
    assert_eq!(list[0]["next_id"], first);
    assert_eq!(list[1]["description"], json!("first"));
    api.config_ok(
        V,
        "update_auto_access",
        json!({"id": first, "description": "renamed"}),
    )
    .await;
    api.config_ok(V, "delete_auto_access", json!({"id": second}))
        .await;
    let list = api.config_ok(V, "list_auto_accesses", json!({})).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["description"], json!("renamed"));
    api.config_fails(
        V,
        "add_auto_access",
        json!({"access": {"groups": [1]}, "conditions": {}}),
        "validation",
        422,
    )
    .await;

    // Greetings (3.6+), paged.
    for i in 0..3 {
        let created = api
            .config_ok(
                V,
                "create_greeting",
                json!({"type": "normal", "active": true, "name": format!("G{i}"), "group": 0,
                       "rules": [{"condition": "and", "type": "visit_time_site", "operator": "greater_than", "value": "10"}],
                       "properties": {"text": "Hello!"}}),
            )
            .await;
        assert!(created["id"].is_i64());
    }
    let page = api
        .config_ok(V, "list_greetings", json!({"limit": 2}))
        .await;
    assert_eq!(page["found_greetings"], json!(3));
    assert_eq!(page["greetings"].as_array().unwrap().len(), 2);
    let next = api
        .config_ok(
            V,
            "list_greetings",
            json!({"page_id": page["next_page_id"]}),
        )
        .await;
    assert_eq!(next["greetings"].as_array().unwrap().len(), 1);
    assert!(next.get("next_page_id").is_none());
    let id = next["greetings"][0]["id"].clone();
    api.config_ok(V, "update_greeting", json!({"id": id, "active": false}))
        .await;
    let got = api.config_ok(V, "get_greeting", json!({"id": id})).await;
    assert_eq!(got["active"], json!(false));
    assert_eq!(got["name"], json!("G2"));
    api.config_ok(V, "delete_greeting", json!({"id": id})).await;
    api.config_fails(V, "get_greeting", json!({"id": id}), "not_found", 404)
        .await;
}

#[tokio::test]
async fn api_3_7_settings_bans_domains_canned_responses_and_translations() {
    let api = Api::start().await;
    const V7: &str = "3.7";
    // Bans: 3.7 bans, 3.6+ lists and lifts.
    api.config_ok(
        V7,
        "ban_customer",
        json!({"seconds": 3600, "ip": "10.42.42.1"}),
    )
    .await;
    api.config_ok(
        V7,
        "ban_customer",
        json!({"seconds": 60, "customer_id": CUSTOMER}),
    )
    .await;
    api.config_fails(
        V7,
        "ban_customer",
        json!({"seconds": 60}),
        "validation",
        422,
    )
    .await;
    // Both at once is one ban (the docs: at least one of them).
    api.config_ok(
        V7,
        "ban_customer",
        json!({"seconds": 60, "ip": "10.42.42.2", "customer_id": CUSTOMER}),
    )
    .await;
    let bans = api.config_ok(V, "list_customer_bans", json!({})).await;
    assert_eq!(bans.as_array().unwrap().len(), 2, "{bans}");
    assert_eq!(bans[1]["ip"], json!("10.42.42.2"));
    assert_eq!(bans[1]["customer_id"], json!(CUSTOMER));
    assert_eq!(bans[0]["agent_id"], json!(AGENT));
    assert!(is_timestamp(&bans[0]["expires_at"]));
    api.config_ok(V, "unban_customer", json!({"ip": "10.42.42.1"}))
        .await;
    api.emu.advance_clock(std::time::Duration::from_secs(61));
    assert_eq!(
        api.config_ok(V, "list_customer_bans", json!({})).await,
        json!([]),
        "expired bans are not listed"
    );
    assert_eq!(api.config(V, "ban_customer", json!({})).await.status, 404);

    // Allowed domains.
    api.config_ok(V7, "add_allowed_domain", json!({"domain": "example.com"}))
        .await;
    api.config_fails(
        V7,
        "add_allowed_domain",
        json!({"domain": "example.com"}),
        "already_exists",
        409,
    )
    .await;
    api.config_fails(
        V7,
        "add_allowed_domain",
        json!({"domain": "not a domain"}),
        "validation",
        422,
    )
    .await;
    assert_eq!(
        api.config_ok(V7, "list_allowed_domains", json!({})).await,
        json!({"domains": ["example.com"]})
    );
    api.config_ok(
        V7,
        "delete_allowed_domain",
        json!({"domain": "example.com"}),
    )
    .await;

    // Canned responses.
    let id = api
        .config_ok(
            V7,
            "create_canned_response",
            json!({"text": "Thanks!", "tags": ["greeting"], "group_id": 1}),
        )
        .await["id"]
        .clone();
    api.config_ok(
        V7,
        "create_canned_response",
        json!({"text": "Mine", "tags": [], "group_id": 0, "is_private": true}),
    )
    .await;
    api.config_ok(
        V7,
        "update_canned_response",
        json!({"id": id, "text": "Thank you!"}),
    )
    .await;
    let list = api.config_ok(V7, "list_canned_responses", json!({})).await;
    assert_eq!(list["found_canned_responses"], json!(1));
    assert_eq!(list["canned_responses"][0]["text"], json!("Thank you!"));
    let with_private = api
        .config_ok(
            V7,
            "list_canned_responses",
            json!({"include_private": true, "limit": 1}),
        )
        .await;
    assert_eq!(with_private["found_canned_responses"], json!(2));
    assert!(with_private["next_page_id"].is_string());
    api.config_ok(V7, "delete_canned_response", json!({"id": id}))
        .await;

    // Translations, also in batches.
    api.config_ok(
        V7,
        "update_translations",
        json!({"group_id": 0, "language": "en", "phrases": {"Welcome_title": "Welcome to chat"}}),
    )
    .await;
    let batch = api
        .config_ok(
            V7,
            "batch_update_translations",
            json!({"requests": [
                {"group_id": 0, "language": "en", "phrases": {"Offline_form": "Thank you for contacting us"}},
                {"group_id": 9, "language": "en", "phrases": {}}
            ]}),
        )
        .await;
    assert_eq!(batch["responses"][0], json!({}));
    assert_eq!(
        batch["responses"][1]["error"]["type"],
        json!("group_not_found")
    );
    let phrases = api
        .config_ok(
            V7,
            "list_translations",
            json!({"group_id": 0, "language": "en"}),
        )
        .await;
    assert_eq!(
        phrases,
        json!({"phrases": {"Welcome_title": "Welcome to chat", "Offline_form": "Thank you for contacting us"}})
    );
}

#[tokio::test]
async fn the_remaining_actions_answer_in_the_documented_shapes() {
    let api = Api::start().await;
    let channels = api.config_ok(V, "list_channels", json!({})).await;
    assert_eq!(channels[0]["channel_type"], json!("code"));
    let limits = api
        .config_ok(
            V,
            "check_product_limits_for_plan",
            json!({"plan": "starter"}),
        )
        .await;
    assert_eq!(limits, json!([{"resource": "groups", "limit_balance": 1}]));
    assert_eq!(
        api.config_ok(V, "check_product_limits_for_plan", json!({"plan": "team"}))
            .await,
        json!([])
    );
    api.config_fails(
        V,
        "check_product_limits_for_plan",
        json!({"plan": "gold"}),
        "validation",
        422,
    )
    .await;
    let source = api.config_ok(V, "get_product_source", json!({})).await;
    assert_eq!(source["source_type"], json!("accounts"));
    api.config_ok(
        V,
        "update_company_details",
        json!({"company": "ACME", "enrich": true}),
    )
    .await;
    api.config_fails(
        V,
        "update_company_details",
        json!({"founded": 1999}),
        "validation",
        422,
    )
    .await;
    let dump: Value = api.emu.state();
    assert_eq!(
        dump["config"]["company_details"],
        json!({"company": "ACME"})
    );
    api.config_ok(V, "reactivate_email", json!({"agent_id": SECOND}))
        .await;
    api.config_fails(
        V,
        "reactivate_email",
        json!({"agent_id": "ghost@x"}),
        "not_found",
        404,
    )
    .await;
    // The dump never shows bot secrets or tokens.
    let text = dump.to_string();
    assert!(!text.contains("641e2ae6d997d2009a3ac92a05f37fc3"));
    assert!(dump["config"].get("bot_tokens").is_none());
}
