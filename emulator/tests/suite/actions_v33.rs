//! Every action of API 3.3 answers with the documented shape and the 3.3 field names
//! (`recipients`, `force`, `require_active_thread`, `attach_to_last_thread`, `last_visit`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use serde_json::{Value, json};

const V: &str = "3.3";

#[tokio::test]
async fn every_3_3_action_answers_with_the_documented_shape() {
    let api = Api::start().await;

    // start_chat: ids, initial event ids, properties and access accepted.
    let started = api
        .ok(
            V,
            "start_chat",
            json!({
                "chat": {
                    "properties": {"test": {"string_property": "chat"}},
                    "access": {"group_ids": [0]},
                    "users": [{"id": CUSTOMER, "type": "customer"}],
                    "thread": {
                        "events": [{"type": "message", "text": "Hello", "recipients": "all"}],
                        "properties": {"test": {"int_property": 1}}
                    }
                },
                "continuous": false
            }),
        )
        .await;
    assert!(is_chat_id(&started["chat_id"]), "{started}");
    assert!(is_chat_id(&started["thread_id"]));
    let chat_id = started["chat_id"].as_str().unwrap().to_string();
    let thread_id = started["thread_id"].as_str().unwrap().to_string();
    assert_eq!(started["event_ids"], json!([format!("{thread_id}_1")]));

    // send_event: 3.3 names the visibility `recipients` and knows attach_to_last_thread.
    let sent = api
        .ok(
            V,
            "send_event",
            json!({"chat_id": chat_id, "event": {"type": "message", "text": "to agents", "recipients": "agents"},
                   "attach_to_last_thread": false}),
        )
        .await;
    assert_eq!(sent, json!({"event_id": format!("{thread_id}_2")}));

    // get_chat: one thread with events, users, properties, access, is_followed.
    let chat = api.ok(V, "get_chat", json!({"chat_id": chat_id})).await;
    assert_eq!(chat["id"], json!(chat_id));
    let thread = &chat["thread"];
    assert_eq!(thread["id"], json!(thread_id));
    assert_eq!(thread["active"], json!(true));
    assert!(is_timestamp(&thread["created_at"]));
    assert_eq!(thread["properties"], json!({"test": {"int_property": 1}}));
    let event = &thread["events"][1];
    assert_eq!(event["recipients"], json!("agents"));
    assert!(
        event.get("visibility").is_none(),
        "3.3 events have no visibility: {event}"
    );
    assert_eq!(event["author_id"], json!(AGENT));
    assert!(is_timestamp(&event["created_at"]));
    assert_eq!(
        chat["properties"],
        json!({"test": {"string_property": "chat"}})
    );
    assert_eq!(chat["access"], json!({"group_ids": [0]}));
    assert_eq!(chat["is_followed"], json!(false));
    let users = chat["users"].as_array().unwrap();
    let agent = users.iter().find(|u| u["id"] == json!(AGENT)).unwrap();
    assert_eq!(agent["type"], json!("agent"));
    assert!(
        agent.get("visibility").is_none(),
        "3.3 users have no visibility"
    );
    assert!(is_timestamp(&agent["events_seen_up_to"]));
    let customer = users.iter().find(|u| u["id"] == json!(CUSTOMER)).unwrap();
    assert_eq!(customer["type"], json!("customer"));
    assert!(
        customer.get("last_visit").is_some(),
        "3.3 customers have last_visit"
    );

    // list_chats: chats_summary with last_thread_summary and last_event_per_type.
    let list = api
        .ok(
            V,
            "list_chats",
            json!({"filters": {"include_active": true}, "limit": 10}),
        )
        .await;
    assert_eq!(list["found_chats"], json!(1));
    let summary = &list["chats_summary"][0];
    assert_eq!(summary["last_thread_summary"]["id"], json!(thread_id));
    assert!(summary["last_thread_summary"].get("events").is_none());
    assert_eq!(
        summary["last_event_per_type"]["message"]["event"]["text"],
        json!("to agents")
    );
    assert_eq!(
        summary["last_event_per_type"]["message"]["thread_id"],
        json!(thread_id)
    );
    let none = api
        .ok(
            V,
            "list_chats",
            json!({"filters": {"include_active": false}}),
        )
        .await;
    assert_eq!(none["chats_summary"], json!([]));

    // list_threads and list_archives.
    let threads = api.ok(V, "list_threads", json!({"chat_id": chat_id})).await;
    assert_eq!(threads["found_threads"], json!(1));
    assert_eq!(threads["threads"][0]["events"].as_array().unwrap().len(), 2);
    let archives = api
        .ok(
            V,
            "list_archives",
            json!({"filters": {"query": "hello", "events": {"types": ["message"]}}}),
        )
        .await;
    assert_eq!(archives["found_chats"], json!(1));
    assert_eq!(archives["chats"][0]["thread"]["id"], json!(thread_id));

    // Follows.
    assert_eq!(
        api.ok(V, "follow_chat", json!({"id": chat_id})).await,
        json!({})
    );
    let chat = api.ok(V, "get_chat", json!({"chat_id": chat_id})).await;
    assert_eq!(chat["is_followed"], json!(true));
    assert_eq!(
        api.ok(V, "unfollow_chat", json!({"id": chat_id})).await,
        json!({})
    );

    // Access grants (3.3 only): `id` + `access{type,id}`.
    api.ok(
        V,
        "grant_chat_access",
        json!({"id": chat_id, "access": {"type": "group", "id": 1}}),
    )
    .await;
    let chat = api.ok(V, "get_chat", json!({"chat_id": chat_id})).await;
    assert_eq!(chat["access"], json!({"group_ids": [0, 1]}));
    api.ok(
        V,
        "revoke_chat_access",
        json!({"id": chat_id, "access": {"type": "group", "id": 1}}),
    )
    .await;

    // Chat users: require_active_thread (3.3), no visibility.
    api.ok(
        V,
        "add_user_to_chat",
        json!({"chat_id": chat_id, "user_id": BUSY, "user_type": "agent", "require_active_thread": true}),
    )
    .await;
    api.ok(
        V,
        "remove_user_from_chat",
        json!({"chat_id": chat_id, "user_id": BUSY, "user_type": "agent"}),
    )
    .await;

    // Upload, then a file event with the URL.
    let upload = api
        .upload(V, "note.txt", "text/plain", b"hello file".to_vec())
        .await;
    let url = upload.body["url"].as_str().unwrap().to_string();
    api.ok(
        V,
        "send_event",
        json!({"chat_id": chat_id, "event": {"type": "file", "url": url}}),
    )
    .await;

    // Rich message and its postback.
    let rich = api
        .ok(
            V,
            "send_event",
            json!({"chat_id": chat_id, "event": {"type": "rich_message", "template_id": "quick_replies",
                "elements": [{"title": "OK?", "buttons": [{"text": "yes", "postback_id": "yes", "user_ids": []}]}]}}),
        )
        .await;
    let rich_id = rich["event_id"].as_str().unwrap().to_string();
    api.ok(
        V,
        "send_rich_message_postback",
        json!({"chat_id": chat_id, "thread_id": thread_id, "event_id": rich_id, "postback": {"id": "yes", "toggled": true}}),
    )
    .await;

    // Properties at three levels, and tags.
    let props = json!({"test": {"bool_property": true, "tokenized_string_property": "a b"}});
    let names = json!({"test": ["bool_property"]});
    api.ok(
        V,
        "update_chat_properties",
        json!({"id": chat_id, "properties": props}),
    )
    .await;
    api.ok(
        V,
        "delete_chat_properties",
        json!({"id": chat_id, "properties": names}),
    )
    .await;
    api.ok(
        V,
        "update_thread_properties",
        json!({"chat_id": chat_id, "thread_id": thread_id, "properties": props}),
    )
    .await;
    api.ok(
        V,
        "delete_thread_properties",
        json!({"chat_id": chat_id, "thread_id": thread_id, "properties": names}),
    )
    .await;
    let first_event = format!("{thread_id}_1");
    api.ok(
        V,
        "update_event_properties",
        json!({"chat_id": chat_id, "thread_id": thread_id, "event_id": first_event, "properties": props}),
    )
    .await;
    api.ok(
        V,
        "delete_event_properties",
        json!({"chat_id": chat_id, "thread_id": thread_id, "event_id": first_event, "properties": names}),
    )
    .await;
    api.ok(
        V,
        "tag_thread",
        json!({"chat_id": chat_id, "thread_id": thread_id, "tag": "sales"}),
    )
    .await;
    api.ok(
        V,
        "tag_thread",
        json!({"chat_id": chat_id, "thread_id": thread_id, "tag": "vip"}),
    )
    .await;
    api.ok(
        V,
        "untag_thread",
        json!({"chat_id": chat_id, "thread_id": thread_id, "tag": "vip"}),
    )
    .await;
    let chat = api.ok(V, "get_chat", json!({"chat_id": chat_id})).await;
    assert_eq!(
        chat["properties"],
        json!({"test": {"string_property": "chat", "tokenized_string_property": "a b"}})
    );
    assert_eq!(chat["thread"]["tags"], json!(["sales"]));
    let events = chat["thread"]["events"].as_array().unwrap();
    assert_eq!(
        events[0]["properties"],
        json!({"test": {"tokenized_string_property": "a b"}})
    );
    let file = events.iter().find(|e| e["type"] == json!("file")).unwrap();
    assert_eq!(file["name"], json!("note.txt"));
    assert_eq!(file["content_type"], json!("text/plain"));
    assert_eq!(file["size"], json!(10));
    let rich = events.iter().find(|e| e["id"] == json!(rich_id)).unwrap();
    assert_eq!(
        rich["elements"][0]["buttons"][0]["user_ids"],
        json!([AGENT])
    );

    // Other chat-level actions.
    api.ok(
        V,
        "mark_events_as_seen",
        json!({"chat_id": chat_id, "seen_up_to": "2030-01-01T00:00:00.000000Z"}),
    )
    .await;
    let chat = api.ok(V, "get_chat", json!({"chat_id": chat_id})).await;
    let me = chat["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == json!(AGENT))
        .unwrap()
        .clone();
    assert_eq!(
        me["events_seen_up_to"],
        json!("2030-01-01T00:00:00.000000Z")
    );
    api.ok(
        V,
        "send_typing_indicator",
        json!({"chat_id": chat_id, "recipients": "agents", "is_typing": true}),
    )
    .await;
    api.ok(
        V,
        "multicast",
        json!({"recipients": {"agents": {"all": true, "groups": [1]}, "customers": {"ids": [CUSTOMER]}},
               "content": {"hello": "world"}, "type": "notice"}),
    )
    .await;

    // Routing: top-level arrays.
    let for_transfer = api
        .ok(V, "list_agents_for_transfer", json!({"chat_id": chat_id}))
        .await;
    let list = for_transfer
        .as_array()
        .expect("list_agents_for_transfer answers an array");
    assert!(
        list.iter()
            .all(|a| a["agent_id"].is_string() && a["total_active_chats"].is_u64())
    );
    assert!(
        !list.iter().any(|a| a["agent_id"] == json!(OFFLINE)),
        "offline agents are not listed"
    );
    api.ok(
        V,
        "set_routing_status",
        json!({"status": "not_accepting_chats", "agent_id": SECOND}),
    )
    .await;
    let statuses = api
        .ok(
            V,
            "list_routing_statuses",
            json!({"filters": {"group_ids": [0]}}),
        )
        .await;
    let statuses = statuses
        .as_array()
        .expect("list_routing_statuses answers an array");
    assert!(statuses.contains(&json!({"agent_id": SECOND, "status": "not_accepting_chats"})));

    // transfer_chat with 3.3's `force`.
    api.ok(
        V,
        "transfer_chat",
        json!({"id": chat_id, "target": {"type": "agent", "ids": [SECOND]}, "force": true}),
    )
    .await;

    // Customers, including 3.3's create_customer and list_customers.
    let customer = api.ok(V, "get_customer", json!({"id": CUSTOMER})).await;
    assert_eq!(customer["type"], json!("customer"));
    assert_eq!(customer["chat_ids"], json!([chat_id]));
    assert!(customer.get("last_visit").is_some() && customer.get("visit").is_none());
    assert!(customer["statistics"]["chats_count"].is_u64());
    api.ok(V, "update_customer", json!({"id": CUSTOMER, "name": "Neo"}))
        .await;
    api.ok(
        V,
        "ban_customer",
        json!({"id": CUSTOMER_2, "ban": {"days": 3}}),
    )
    .await;
    let created = api
        .ok(
            V,
            "create_customer",
            json!({"name": "New", "email": "new@example.com",
            "session_fields": [{"k": "v"}]}),
        )
        .await;
    let new_id = created["customer_id"].as_str().unwrap();
    assert_eq!(new_id.len(), 36, "customer ids are UUIDs");
    let customers = api.ok(V, "list_customers", json!({"limit": 100})).await;
    assert_eq!(customers["total_customers"], json!(4));
    assert!(
        customers["customers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == json!("Neo"))
    );
    api.ok(V, "follow_customer", json!({"id": CUSTOMER})).await;
    assert_eq!(
        api.ok(V, "get_customer", json!({"id": CUSTOMER})).await["followed"],
        json!(true)
    );
    api.ok(V, "unfollow_customer", json!({"id": CUSTOMER}))
        .await;

    // Life cycle: deactivate, resume.
    assert_eq!(
        api.ok(V, "deactivate_chat", json!({"id": chat_id})).await,
        json!({})
    );
    let resumed = api
        .ok(
            V,
            "resume_chat",
            json!({"chat": {"id": chat_id,
            "thread": {"events": [{"type": "message", "text": "back"}]}}}),
        )
        .await;
    assert!(is_chat_id(&resumed["thread_id"]));
    assert_eq!(resumed["event_ids"].as_array().unwrap().len(), 1);

    assert_eq!(
        api.called(),
        api.actions_of(V).await,
        "every 3.3 action was exercised"
    );
}

#[tokio::test]
async fn version_3_3_rejects_later_field_names() {
    let api = Api::start().await;
    let (chat_id, _, _) = api.start_chat(V).await;
    for (action, body) in [
        (
            "transfer_chat",
            json!({"id": chat_id, "ignore_agents_availability": true}),
        ),
        (
            "send_typing_indicator",
            json!({"chat_id": chat_id, "is_typing": true, "visibility": "all"}),
        ),
        (
            "add_user_to_chat",
            json!({"chat_id": chat_id, "user_id": SECOND, "user_type": "agent", "visibility": "all"}),
        ),
        (
            "send_event",
            json!({"chat_id": chat_id, "event": {"type": "message", "text": "x", "visibility": "all"}}),
        ),
        ("list_chats", json!({"filters": {"active": true}})),
    ] {
        let reply = api.fails(V, action, body, "validation", 422).await;
        assert!(
            reply.body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("Unknown field")
        );
    }
    let unused: Value = api.ok(V, "list_chats", json!({})).await;
    assert_eq!(unused["found_chats"], json!(1));
}
