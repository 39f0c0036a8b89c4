//! A whole conversation: start → message → upload → file event with the uploaded URL → tag →
//! properties → transfer → deactivate → resume → list_archives finds the first thread.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use serde_json::json;

#[tokio::test]
async fn a_conversation_survives_its_whole_life_and_is_found_in_the_archives() {
    let api = Api::start().await;
    let v = "3.6";
    let started = api
        .ok(
            v,
            "start_chat",
            json!({"chat": {"users": [{"id": CUSTOMER, "type": "customer"}]}}),
        )
        .await;
    let chat_id = started["chat_id"].as_str().unwrap().to_string();
    let first_thread = started["thread_id"].as_str().unwrap().to_string();
    assert!(started.get("event_ids").is_none());

    api.ok(
        v,
        "send_event",
        json!({"chat_id": chat_id,
        "event": {"type": "message", "text": "Your invoice PINEAPPLE-42 is attached"}}),
    )
    .await;

    let bytes: Vec<u8> = (0..=255u8).collect();
    let upload = api
        .upload(v, "invoice 42.pdf", "application/pdf", bytes.clone())
        .await;
    assert_eq!(upload.status, 200, "{}", upload.body);
    let url = upload.body["url"].as_str().unwrap().to_string();
    assert!(url.starts_with(api.emu.url()), "{url}");
    assert!(url.ends_with("/invoice%2042.pdf"), "{url}");
    // The URL serves the bytes back with their content type.
    let served = api.http.get(&url).send().await.unwrap();
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "application/pdf");
    assert_eq!(served.bytes().await.unwrap().to_vec(), bytes);

    let file_event = api
        .ok(
            v,
            "send_event",
            json!({"chat_id": chat_id,
            "event": {"type": "file", "url": url, "alternative_text": "the invoice"}}),
        )
        .await;
    api.ok(
        v,
        "tag_thread",
        json!({"chat_id": chat_id, "thread_id": first_thread, "tag": "billing"}),
    )
    .await;
    api.ok(
        v,
        "update_thread_properties",
        json!({"chat_id": chat_id, "thread_id": first_thread,
        "properties": {"test": {"string_property": "invoice"}}}),
    )
    .await;
    api.ok(
        v,
        "update_chat_properties",
        json!({"id": chat_id,
        "properties": {"test": {"int_property": 7}}}),
    )
    .await;
    api.ok(
        v,
        "transfer_chat",
        json!({"id": chat_id, "target": {"type": "agent", "ids": [SECOND]}}),
    )
    .await;
    api.ok(v, "deactivate_chat", json!({"id": chat_id})).await;

    // Writing to an inactive chat fails; resuming opens a new thread.
    api.fails(
        v,
        "send_event",
        json!({"chat_id": chat_id, "event": {"type": "message", "text": "late"}}),
        "chat_inactive",
        409,
    )
    .await;
    let resumed = api
        .ok(v, "resume_chat", json!({"chat": {"id": chat_id}}))
        .await;
    let second_thread = resumed["thread_id"].as_str().unwrap().to_string();
    assert_ne!(second_thread, first_thread);
    api.ok(
        v,
        "send_event",
        json!({"chat_id": chat_id, "event": {"type": "message", "text": "hello again"}}),
    )
    .await;

    let chat = api
        .ok(
            v,
            "get_chat",
            json!({"chat_id": chat_id, "thread_id": first_thread}),
        )
        .await;
    let thread = &chat["thread"];
    assert_eq!(thread["active"], json!(false));
    assert_eq!(thread["tags"], json!(["billing"]));
    assert_eq!(
        thread["properties"],
        json!({"test": {"string_property": "invoice"}})
    );
    assert_eq!(thread["next_thread_id"], json!(second_thread));
    let file = &thread["events"][1];
    assert_eq!(file["id"], file_event["event_id"]);
    assert_eq!(file["type"], json!("file"));
    assert_eq!(file["url"], json!(url));
    assert_eq!(file["name"], json!("invoice 42.pdf"));
    assert_eq!(file["size"], json!(256));
    assert_eq!(chat["properties"], json!({"test": {"int_property": 7}}));
    assert!(
        chat["users"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["id"] == json!(SECOND))
    );

    let found = api
        .ok(
            v,
            "list_archives",
            json!({"filters": {"query": "pineapple"}}),
        )
        .await;
    assert_eq!(found["found_chats"], json!(1));
    assert_eq!(found["chats"][0]["id"], json!(chat_id));
    assert_eq!(found["chats"][0]["thread"]["id"], json!(first_thread));
    let by_tag = api
        .ok(
            v,
            "list_archives",
            json!({"filters": {"tags": {"values": ["billing"]}, "agents": {"values": [AGENT]}}}),
        )
        .await;
    assert_eq!(by_tag["found_chats"], json!(1));
    let by_property = api
        .ok(
            v,
            "list_archives",
            json!({"filters": {
        "properties": {"test": {"string_property": {"values": ["invoice"]}}},
        "customer_id": CUSTOMER}}),
        )
        .await;
    assert_eq!(by_property["chats"][0]["thread"]["id"], json!(first_thread));
    let both_threads = api
        .ok(
            v,
            "list_archives",
            json!({"filters": {"chat_ids": [chat_id]}}),
        )
        .await;
    assert_eq!(
        both_threads["found_chats"],
        json!(2),
        "one entry per thread"
    );
    assert_eq!(
        both_threads["chats"][0]["thread"]["id"],
        json!(second_thread),
        "newest first"
    );
    let nothing = api
        .ok(
            v,
            "list_archives",
            json!({"filters": {"query": "no such words"}}),
        )
        .await;
    assert_eq!(nothing["chats"], json!([]));
}
