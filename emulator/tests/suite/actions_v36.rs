//! Every action of API 3.6 answers with the documented shape and the 3.4+ field names
//! (`visibility`, `ignore_agents_availability`, `ignore_requester_presence`, `user_type`,
//! tri-state `active`, customers' `visit`); 3.7's list_chats renames; 3.5's get_license_info.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use serde_json::json;

const V: &str = "3.6";

#[tokio::test]
async fn every_3_6_action_answers_with_the_documented_shape() {
    let api = Api::start().await;

    let started = api
        .ok(
            V,
            "start_chat",
            json!({
                "chat": {
                    "properties": {"test": {"bool_property": true}},
                    "users": [{"id": CUSTOMER, "type": "customer"}],
                    "thread": {"events": [
                        {"type": "message", "text": "Hi there", "custom_id": "c-1"},
                        {"type": "system_message", "text": "started", "system_message_type": "manual", "visibility": "agents"}
                    ]}
                },
                "active": true,
                "continuous": true
            }),
        )
        .await;
    let chat_id = started["chat_id"].as_str().unwrap().to_string();
    let thread_id = started["thread_id"].as_str().unwrap().to_string();
    assert_eq!(
        started["event_ids"],
        json!([format!("{thread_id}_1"), format!("{thread_id}_2")])
    );

    let sent = api
        .ok(V, "send_event", json!({"chat_id": chat_id, "event": {"type": "custom", "content": {"a": 1}, "visibility": "all"}}))
        .await;
    let custom_id = sent["event_id"].as_str().unwrap().to_string();
    assert_eq!(custom_id, format!("{thread_id}_3"));
    api.ok(
        V,
        "send_event_preview",
        json!({"chat_id": chat_id, "event": {"type": "message", "text": "typing…"}}),
    )
    .await;

    let chat = api
        .ok(
            V,
            "get_chat",
            json!({"chat_id": chat_id, "thread_id": thread_id}),
        )
        .await;
    let events = chat["thread"]["events"].as_array().unwrap();
    assert_eq!(events.len(), 3, "previews are not stored");
    assert_eq!(events[0]["visibility"], json!("all"));
    assert_eq!(events[0]["custom_id"], json!("c-1"));
    assert!(events[0].get("recipients").is_none());
    assert_eq!(events[1]["visibility"], json!("agents"));
    assert_eq!(events[2]["content"], json!({"a": 1}));
    let agent = chat["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == json!(AGENT))
        .unwrap()
        .clone();
    assert_eq!(agent["visibility"], json!("all"));
    let customer = chat["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == json!(CUSTOMER))
        .unwrap()
        .clone();
    assert!(customer.get("visit").is_some() && customer.get("last_visit").is_none());

    // list_chats: tri-state `active`.
    let active = api
        .ok(V, "list_chats", json!({"filters": {"active": true}}))
        .await;
    assert_eq!(active["found_chats"], json!(1));
    let summary = &active["chats_summary"][0];
    assert_eq!(summary["last_thread_summary"]["active"], json!(true));
    assert_eq!(
        summary["last_event_per_type"]["custom"]["event"]["id"],
        json!(custom_id)
    );
    assert_eq!(
        summary["last_event_per_type"]["system_message"]["event"]["text"],
        json!("started")
    );
    let inactive = api
        .ok(V, "list_chats", json!({"filters": {"active": false}}))
        .await;
    assert_eq!(inactive["found_chats"], json!(0));
    let both = api
        .ok(V, "list_chats", json!({"filters": {"active": null}}))
        .await;
    assert_eq!(both["found_chats"], json!(1));
    let props = api
        .ok(
            V,
            "list_chats",
            json!({"filters": {"properties": {"test": {"bool_property": {"values": [false]}}}}}),
        )
        .await;
    assert_eq!(props["found_chats"], json!(0));

    let threads = api
        .ok(
            V,
            "list_threads",
            json!({"chat_id": chat_id, "min_events_count": 2}),
        )
        .await;
    assert_eq!(threads["threads"].as_array().unwrap().len(), 1);
    let archives = api
        .ok(
            V,
            "list_archives",
            json!({"filters": {"event_types": {"values": ["custom"]}}, "highlights": {}}),
        )
        .await;
    assert_eq!(archives["chats"][0]["id"], json!(chat_id));

    api.ok(V, "follow_chat", json!({"id": chat_id})).await;
    api.ok(V, "unfollow_chat", json!({"id": chat_id})).await;

    // Chat users: visibility required, user_type on removal, ignore_requester_presence.
    api.ok(
        V,
        "add_user_to_chat",
        json!({"chat_id": chat_id, "user_id": BOT, "user_type": "agent", "visibility": "agents",
               "ignore_requester_presence": true}),
    )
    .await;
    let chat = api.ok(V, "get_chat", json!({"chat_id": chat_id})).await;
    let bot = chat["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == json!(BOT))
        .unwrap()
        .clone();
    assert_eq!(bot["visibility"], json!("agents"));
    assert_eq!(bot["present"], json!(true));
    api.ok(
        V,
        "remove_user_from_chat",
        json!({"chat_id": chat_id, "user_id": BOT, "user_type": "agent", "ignore_requester_presence": true}),
    )
    .await;

    let upload = api
        .upload(V, "pic.png", "image/png", vec![0x89, b'P', b'N', b'G'])
        .await;
    assert!(
        upload.body["url"]
            .as_str()
            .unwrap()
            .contains("/__emulator/files/")
    );
    let rich = api
        .ok(V, "send_event", json!({"chat_id": chat_id, "event": {"type": "rich_message", "template_id": "cards",
            "elements": [{"title": "T", "buttons": [{"text": "Buy", "postback_id": "buy", "user_ids": []}]}]}}))
        .await;
    api.ok(
        V,
        "send_rich_message_postback",
        json!({"chat_id": chat_id, "thread_id": thread_id, "event_id": rich["event_id"],
               "postback": {"id": "buy", "toggled": true, "button_type": "message", "button_value": "buy"}}),
    )
    .await;

    let props = json!({"test": {"int_property": 42}});
    let names = json!({"test": ["int_property"]});
    let event_id = format!("{thread_id}_1");
    for (action, body) in [
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
            "send_typing_indicator",
            json!({"chat_id": chat_id, "is_typing": false, "visibility": "all"}),
        ),
        (
            "send_thinking_indicator",
            json!({"chat_id": chat_id, "title": "Thinking", "description": "…", "visibility": "agents", "custom_id": "t1"}),
        ),
        (
            "multicast",
            json!({"recipients": {"agents": {"ids": [SECOND]}}, "content": "ping"}),
        ),
        ("set_routing_status", json!({"status": "accepting_chats"})),
        (
            "update_customer",
            json!({"id": CUSTOMER, "phone_number": "+48123456789",
            "address": {"city": "Wroclaw"}, "omnichannel": {"twilio": {"phone_number": "+48123456789"}}}),
        ),
        (
            "ban_customer",
            json!({"id": CUSTOMER_2, "ban": {"days": 1}}),
        ),
        ("follow_customer", json!({"id": CUSTOMER})),
        ("unfollow_customer", json!({"id": CUSTOMER})),
        ("logout", json!({})),
    ] {
        assert_eq!(
            api.ok(V, action, body).await,
            json!({}),
            "{action} answers {{}}"
        );
    }
    let chat = api.ok(V, "get_chat", json!({"chat_id": chat_id})).await;
    assert_eq!(chat["properties"], json!({"test": {"bool_property": true}}));
    assert!(chat["thread"].get("tags").is_none());

    let for_transfer = api
        .ok(V, "list_agents_for_transfer", json!({"chat_id": chat_id}))
        .await;
    let counts: Vec<u64> = for_transfer
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["total_active_chats"].as_u64().unwrap())
        .collect();
    assert!(
        counts.windows(2).all(|w| w[0] <= w[1]),
        "sorted ascending: {for_transfer}"
    );
    let statuses = api.ok(V, "list_routing_statuses", json!({})).await;
    assert_eq!(statuses.as_array().unwrap().len(), 5);

    api.ok(
        V,
        "transfer_chat",
        json!({"id": chat_id, "target": {"type": "group", "ids": [1]},
               "ignore_agents_availability": false, "ignore_requester_presence": true}),
    )
    .await;
    let chat = api.ok(V, "get_chat", json!({"chat_id": chat_id})).await;
    assert_eq!(chat["access"], json!({"group_ids": [1]}));

    let customer = api.ok(V, "get_customer", json!({"id": CUSTOMER})).await;
    assert_eq!(customer["phone_number"], json!("+48123456789"));
    assert_eq!(customer["address"], json!({"city": "Wroclaw"}));
    assert!(customer.get("visit").is_some());

    // Summaries: a system event on an active thread, plus the thread's summary.
    api.ok(
        V,
        "request_thread_summary",
        json!({"chat_id": chat_id, "thread_id": thread_id}),
    )
    .await;
    let chat = api.ok(V, "get_chat", json!({"chat_id": chat_id})).await;
    assert_eq!(chat["thread"]["summary"]["status"], json!("ok"));
    let system = chat["thread"]["events"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(system["type"], json!("system"));
    assert!(
        system["details"].is_string(),
        "details is JSON-encoded text: {system}"
    );

    let transcript = api
        .ok(
            V,
            "get_thread_transcript",
            json!({"chat_id": chat_id, "thread_id": thread_id}),
        )
        .await;
    assert_eq!(transcript["transcript"][0]["text"], json!("Hi there"));

    api.ok(
        V,
        "deactivate_chat",
        json!({"id": chat_id, "ignore_requester_presence": false}),
    )
    .await;
    let resumed = api
        .ok(
            V,
            "resume_chat",
            json!({"chat": {"id": chat_id}, "active": true}),
        )
        .await;
    assert!(is_chat_id(&resumed["thread_id"]));
    assert!(
        resumed.get("event_ids").is_none(),
        "no initial events, no event_ids"
    );
    let threads = api
        .ok(
            V,
            "list_threads",
            json!({"chat_id": chat_id, "sort_order": "asc"}),
        )
        .await;
    assert_eq!(threads["found_threads"], json!(2));
    assert_eq!(
        threads["threads"][0]["next_thread_id"],
        resumed["thread_id"]
    );
    assert_eq!(
        threads["threads"][1]["previous_thread_id"],
        json!(thread_id)
    );

    assert_eq!(
        api.called(),
        api.actions_of(V).await,
        "every 3.6 action was exercised"
    );
}

#[tokio::test]
async fn version_3_6_requires_its_field_names() {
    let api = Api::start().await;
    let (chat_id, _, _) = api.start_chat(V).await;
    // Required from 3.4 on.
    api.fails(
        V,
        "add_user_to_chat",
        json!({"chat_id": chat_id, "user_id": SECOND, "user_type": "agent"}),
        "validation",
        422,
    )
    .await;
    api.fails(
        V,
        "remove_user_from_chat",
        json!({"chat_id": chat_id, "user_id": AGENT}),
        "validation",
        422,
    )
    .await;
    // 3.3 names are unknown here.
    for (action, body) in [
        ("transfer_chat", json!({"id": chat_id, "force": true})),
        (
            "send_typing_indicator",
            json!({"chat_id": chat_id, "is_typing": true, "recipients": "all"}),
        ),
        ("list_chats", json!({"filters": {"include_active": true}})),
        (
            "add_user_to_chat",
            json!({"chat_id": chat_id, "user_id": SECOND, "user_type": "agent", "visibility": "all", "require_active_thread": true}),
        ),
    ] {
        let reply = api.fails(V, action, body, "validation", 422).await;
        assert!(
            reply.body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("Unknown field"),
            "{action}"
        );
    }
}

#[tokio::test]
async fn version_3_7_lists_chats_info_with_last_event_per_type_inside_last_thread_info() {
    let api = Api::start().await;
    let (chat_id, thread_id, event_id) = api.start_chat("3.7").await;
    let list = api.ok("3.7", "list_chats", json!({})).await;
    assert!(list.get("chats_summary").is_none());
    let info = &list["chats_info"][0];
    assert_eq!(info["id"], json!(chat_id));
    assert!(info.get("last_thread_summary").is_none() && info.get("last_event_per_type").is_none());
    assert_eq!(info["last_thread_info"]["id"], json!(thread_id));
    assert_eq!(
        info["last_thread_info"]["last_event_per_type"]["message"]["event"]["id"],
        json!(event_id)
    );
    assert_eq!(api.actions_of("3.7").await, api.actions_of("3.6").await);
}

#[tokio::test]
async fn version_3_5_has_get_license_info_and_legacy_header() {
    let api = Api::start().await;
    let reply = api.call("3.5", "get_license_info", json!({})).await;
    assert_eq!(reply.status, 200);
    assert!(reply.body["license_id"].is_u64());
    assert!(is_timestamp(&reply.body["expires_at"]) && is_timestamp(&reply.body["created_at"]));
    assert_eq!(reply.body["in_trial"], json!(false));
    assert!(reply.headers.contains_key("legacy"));
    let customers = api.ok("3.5", "list_customers", json!({})).await;
    assert!(
        customers["customers"][0].get("last_visit").is_some()
            || customers["customers"][0].get("visit").is_none()
    );
    let current = api.call("3.6", "list_chats", json!({})).await;
    assert!(
        !current.headers.contains_key("legacy") && !current.headers.contains_key("deprecation")
    );
    let old = api.call("3.3", "list_chats", json!({})).await;
    assert!(old.headers.contains_key("deprecation"));
}
