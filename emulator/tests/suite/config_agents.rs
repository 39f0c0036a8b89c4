//! Configuration API, agents and groups: the same agents and groups the Agent Chat API uses
//! (the seed's included), create/get/list/update/delete, suspension and approval, group
//! membership and priorities, and the batch actions (replies in order, per-item errors).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use serde_json::{Value, json};

const V: &str = "3.6";

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_seed_agents_are_the_configuration_agents() {
    let api = Api::start().await;
    let list = api.config_ok(V, "list_agents", json!({})).await;
    assert_eq!(
        ids(&list),
        [AGENT, SECOND, BUSY, OFFLINE],
        "bots are not listed"
    );
    let me = api
        .config_ok(V, "get_agent", json!({"id": AGENT, "fields": ["groups"]}))
        .await;
    assert_eq!(me["name"], json!("Emulator Agent"));
    assert_eq!(me["role"], json!("owner"));
    assert_eq!(
        me["groups"],
        json!([{"id": 0, "priority": "normal"}, {"id": 1, "priority": "normal"}])
    );
    assert!(me["account_id"].as_str().unwrap().len() == 36);
    let in_1 = api
        .config_ok(V, "list_agents", json!({"filters": {"group_ids": [1]}}))
        .await;
    assert_eq!(ids(&in_1), [AGENT, BUSY]);
    api.config_fails(V, "get_agent", json!({"id": BOT}), "not_found", 404)
        .await;
    let groups = api.config_ok(V, "list_groups", json!({})).await;
    assert_eq!(
        groups,
        json!([
            {"id": 0, "name": "General", "language_code": "en", "routing_status": "accepting_chats"},
            {"id": 1, "name": "Support", "language_code": "en", "routing_status": "accepting_chats"}
        ])
    );
}

#[tokio::test]
async fn agents_are_created_updated_suspended_and_deleted() {
    let api = Api::start().await;
    let created = api
        .config_ok(
            V,
            "create_agent",
            json!({"id": "new@emulator.test", "name": "New Agent", "role": "administrator",
                   "job_title": "Support Hero", "max_chats_count": 4,
                   "groups": [{"id": 1, "priority": "first"}], "awaiting_approval": true}),
        )
        .await;
    assert_eq!(created, json!({"id": "new@emulator.test"}));
    api.config_fails(
        V,
        "create_agent",
        json!({"id": "new@emulator.test", "name": "Again"}),
        "already_exists",
        409,
    )
    .await;
    api.config_fails(
        V,
        "create_agent",
        json!({"id": "x@y", "name": "X", "role": "owner"}),
        "validation",
        422,
    )
    .await;
    api.config_fails(
        V,
        "create_agent",
        json!({"id": "x@y", "name": "X", "groups": [{"id": 7}]}),
        "group_not_found",
        404,
    )
    .await;
    // 3.6 has no avatar on create_agent; 3.4 has avatar, 3.3 avatar_path.
    api.config_fails(
        V,
        "create_agent",
        json!({"id": "x@y", "name": "X", "avatar": "a"}),
        "validation",
        422,
    )
    .await;
    api.config_ok(
        "3.4",
        "create_agent",
        json!({"id": "a34@y", "name": "A", "avatar": "https://a/b.png"}),
    )
    .await;
    let a33 = api
        .config_ok("3.3", "get_agent", json!({"id": "a34@y"}))
        .await;
    assert_eq!(a33["avatar_path"], json!("https://a/b.png"));

    let agent = api
        .config_ok(
            V,
            "get_agent",
            json!({"id": "new@emulator.test", "fields": ["job_title", "max_chats_count", "groups", "awaiting_approval"]}),
        )
        .await;
    assert_eq!(agent["role"], json!("administrator"));
    assert_eq!(agent["job_title"], json!("Support Hero"));
    assert_eq!(agent["max_chats_count"], json!(4));
    assert_eq!(agent["groups"], json!([{"id": 1, "priority": "first"}]));
    assert_eq!(agent["awaiting_approval"], json!(true));
    // The Agent API knows the new agent.
    let statuses = api
        .ok(
            V,
            "list_routing_statuses",
            json!({"filters": {"group_ids": [1]}}),
        )
        .await;
    assert!(
        statuses.to_string().contains("new@emulator.test"),
        "{statuses}"
    );
    api.config_ok(V, "approve_agent", json!({"id": "new@emulator.test"}))
        .await;

    // update_agent: 3.6 moved name to the Global Accounts API.
    api.config_fails(
        V,
        "update_agent",
        json!({"id": "new@emulator.test", "name": "N"}),
        "validation",
        422,
    )
    .await;
    api.config_ok(
        "3.5",
        "update_agent",
        json!({"id": "new@emulator.test", "name": "Renamed"}),
    )
    .await;
    api.config_ok(
        V,
        "update_agent",
        json!({"id": "new@emulator.test", "login_status": "not accepting chats"}),
    )
    .await;
    let agent = api
        .config_ok(V, "get_agent", json!({"id": "new@emulator.test"}))
        .await;
    assert_eq!(agent["name"], json!("Renamed"));
    assert_eq!(agent["login_status"], json!("not accepting chats"));
    api.config_fails(
        V,
        "update_agent",
        json!({"id": AGENT, "role": "normal"}),
        "ownership_transfer",
        409,
    )
    .await;

    // Suspension: listed by filter; a suspended agent's token may not act.
    api.config_ok(V, "suspend_agent", json!({"id": SECOND}))
        .await;
    let suspended = api
        .config_ok(V, "list_agents", json!({"filters": {"suspended": true}}))
        .await;
    assert_eq!(ids(&suspended), [SECOND]);
    let reply = api
        .call_as(
            "emulator-second-agent-token",
            V,
            "list_routing_statuses",
            json!({}),
        )
        .await;
    assert_eq!(reply.error_type(), "authorization");
    let reply = send(
        api.http
            .post(api.config_url(V, "list_agents"))
            .bearer_auth("emulator-second-agent-token")
            .json(&json!({})),
    )
    .await;
    assert_eq!(
        reply.error_type(),
        "authorization",
        "on the Configuration API too"
    );
    api.config_ok(V, "unsuspend_agent", json!({"id": SECOND}))
        .await;
    let reply = api
        .call_as(
            "emulator-second-agent-token",
            V,
            "list_routing_statuses",
            json!({}),
        )
        .await;
    assert_eq!(reply.status, 200);
    api.config_fails(
        V,
        "suspend_agent",
        json!({"id": AGENT}),
        "ownership_transfer",
        409,
    )
    .await;
    api.config_ok(V, "request_agent_unsuspension", json!({}))
        .await;
    // 3.3/3.4 list_agents has no suspended filter.
    api.config_fails(
        "3.4",
        "list_agents",
        json!({"filters": {"suspended": true}}),
        "validation",
        422,
    )
    .await;

    // Deleting: gone from both APIs; its token no longer authenticates.
    api.config_ok(V, "delete_agent", json!({"id": SECOND}))
        .await;
    api.config_fails(V, "get_agent", json!({"id": SECOND}), "not_found", 404)
        .await;
    let reply = api
        .call_as(
            "emulator-second-agent-token",
            V,
            "list_routing_statuses",
            json!({}),
        )
        .await;
    assert_eq!(reply.error_type(), "authentication");
    api.config_fails(
        V,
        "delete_agent",
        json!({"id": AGENT}),
        "ownership_transfer",
        409,
    )
    .await;
}

#[tokio::test]
async fn groups_hold_agents_with_priorities_and_drive_chat_access() {
    let api = Api::start().await;
    let created = api
        .config_ok(
            V,
            "create_group",
            json!({"name": "Sports shoes", "language_code": "en",
                   "agent_priorities": {SECOND: "first", BUSY: "last"}}),
        )
        .await;
    let id = created["id"].as_i64().unwrap();
    assert_eq!(id, 2);
    let group = api.config_ok(V, "get_group", json!({"id": id})).await;
    assert_eq!(
        group,
        json!({"id": 2, "name": "Sports shoes", "language_code": "en",
               "agent_priorities": {SECOND: "first", BUSY: "last"},
               "routing_status": "accepting_chats"})
    );
    api.config_fails(
        V,
        "create_group",
        json!({"name": "Sports shoes", "agent_priorities": {}}),
        "already_exists",
        409,
    )
    .await;
    api.config_fails(
        V,
        "create_group",
        json!({"name": "X", "agent_priorities": {"ghost@x": "first"}}),
        "not_found",
        404,
    )
    .await;
    api.config_fails(
        V,
        "create_group",
        json!({"name": "X", "agent_priorities": {SECOND: "top"}}),
        "validation",
        422,
    )
    .await;
    api.config_fails(V, "create_group", json!({"name": "X"}), "validation", 422)
        .await;

    // The Agent API sees the group: a chat transferred there is visible to its members.
    let (chat_id, _, _) = api.start_chat(V).await;
    api.ok(
        V,
        "transfer_chat",
        json!({"id": chat_id, "target": {"type": "group", "ids": [id]}}),
    )
    .await;
    let reply = api
        .call_as(
            "emulator-second-agent-token",
            V,
            "get_chat",
            json!({"chat_id": chat_id}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);

    // Membership follows update_group; deleting a group removes it from agents.
    api.config_ok(
        V,
        "update_group",
        json!({"id": id, "name": "Running", "agent_priorities": {BUSY: "normal"}}),
    )
    .await;
    let second = api
        .config_ok(V, "get_agent", json!({"id": SECOND, "fields": ["groups"]}))
        .await;
    assert_eq!(second["groups"], json!([{"id": 0, "priority": "normal"}]));
    let list = api
        .config_ok(V, "list_groups", json!({"fields": ["agent_priorities"]}))
        .await;
    assert_eq!(list[2]["name"], json!("Running"));
    assert_eq!(list[2]["agent_priorities"], json!({BUSY: "normal"}));
    assert_eq!(list[2]["routing_status"], json!("not_accepting_chats"));
    api.config_ok(V, "delete_group", json!({"id": id})).await;
    api.config_fails(V, "get_group", json!({"id": id}), "group_not_found", 404)
        .await;
    api.config_fails(V, "delete_group", json!({"id": 0}), "validation", 422)
        .await;
    let busy = api
        .config_ok(V, "get_agent", json!({"id": BUSY, "fields": ["groups"]}))
        .await;
    assert_eq!(busy["groups"], json!([{"id": 1, "priority": "normal"}]));
}

#[tokio::test]
async fn batches_answer_in_order_with_per_item_errors() {
    let api = Api::start().await;
    let reply = api
        .config_ok(
            V,
            "batch_create_agents",
            json!({"requests": [
                {"id": "one@x.test", "name": "One"},
                {"id": "one@x.test", "name": "Duplicate"},
                {"name": "No id"},
                {"id": "two@x.test", "name": "Two"},
                "not an object"
            ]}),
        )
        .await;
    let responses = reply["responses"].as_array().unwrap();
    assert_eq!(responses.len(), 5);
    assert_eq!(responses[0], json!({"id": "one@x.test"}));
    assert_eq!(responses[1]["error"]["type"], json!("already_exists"));
    assert_eq!(
        responses[2],
        json!({"error": {"type": "validation", "message": "id is required"}})
    );
    assert_eq!(responses[3], json!({"id": "two@x.test"}));
    assert_eq!(responses[4]["error"]["type"], json!("validation"));

    // The docs' batch_delete_agents sample: {}, {}, and a validation error.
    let reply = api
        .config_ok(
            V,
            "batch_delete_agents",
            json!({"requests": [{"id": "one@x.test"}, {"id": "two@x.test"}, {}]}),
        )
        .await;
    assert_eq!(
        reply,
        json!({"responses": [{}, {}, {"error": {"type": "validation", "message": "id is required"}}]})
    );
    let agents = api.config_ok(V, "list_agents", json!({})).await;
    assert!(!agents.to_string().contains("one@x.test"));

    for (action, requests) in [
        (
            "batch_suspend_agents",
            json!([{"id": BUSY}, {"id": "ghost@x"}]),
        ),
        (
            "batch_unsuspend_agents",
            json!([{"id": BUSY}, {"id": "ghost@x"}]),
        ),
        (
            "batch_approve_agents",
            json!([{"id": BUSY}, {"id": "ghost@x"}]),
        ),
        (
            "batch_update_agents",
            json!([{"id": BUSY, "job_title": "T"}, {"id": "ghost@x"}]),
        ),
    ] {
        let reply = api
            .config_ok(V, action, json!({"requests": requests}))
            .await;
        assert_eq!(reply["responses"][0], json!({}), "{action}");
        assert_eq!(
            reply["responses"][1]["error"]["type"],
            json!("not_found"),
            "{action}"
        );
    }

    let bots = api
        .config_ok(
            V,
            "batch_create_bots",
            json!({"requests": [{"name": "B1"}, {"name": ""}, {"name": "B3"}]}),
        )
        .await;
    let responses = bots["responses"].as_array().unwrap();
    assert!(responses[0]["secret"].is_string());
    assert_eq!(responses[1]["error"]["type"], json!("validation"));
    let b1 = responses[0]["id"].clone();
    let b3 = responses[2]["id"].clone();
    let updated = api
        .config_ok(
            V,
            "batch_update_bots",
            json!({"requests": [{"id": b1, "name": "B1+"}, {"id": "nope"}]}),
        )
        .await;
    assert_eq!(updated["responses"][0], json!({}));
    assert_eq!(updated["responses"][1]["error"]["type"], json!("not_found"));
    let deleted = api
        .config_ok(
            V,
            "batch_delete_bots",
            json!({"requests": [{"id": b1}, {"id": b3}]}),
        )
        .await;
    assert_eq!(deleted, json!({"responses": [{}, {}]}));

    // The batch itself is validated; 3.4 has no batches.
    api.config_fails(V, "batch_delete_agents", json!({}), "validation", 422)
        .await;
    api.config_fails(
        V,
        "batch_delete_agents",
        json!({"requests": {}}),
        "validation",
        422,
    )
    .await;
    api.config_fails(
        "3.4",
        "batch_delete_agents",
        json!({"requests": []}),
        "not_found",
        404,
    )
    .await;
}
