//! Pagination with opaque page ids: list_chats, list_threads, list_archives, list_customers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use serde_json::{Value, json};

fn ids(list: &Value, key: &str) -> Vec<String> {
    list[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn list_chats_pages_forward_and_back_without_repeats() {
    let api = Api::start().await;
    let mut created = Vec::new();
    for _ in 0..25 {
        created.push(
            api.ok("3.6", "start_chat", json!({})).await["chat_id"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    let first = api.ok("3.6", "list_chats", json!({"limit": 10})).await;
    assert_eq!(first["found_chats"], json!(25));
    assert!(first.get("previous_page_id").is_none());
    let next = first["next_page_id"].as_str().unwrap();
    let second = api.ok("3.6", "list_chats", json!({"page_id": next})).await;
    // A chat created between two page requests does not shift the pages.
    api.ok("3.6", "start_chat", json!({})).await;
    let third = api
        .ok(
            "3.6",
            "list_chats",
            json!({"page_id": second["next_page_id"]}),
        )
        .await;
    assert!(
        third.get("next_page_id").is_none(),
        "no page after the last one"
    );
    let mut seen = ids(&first, "chats_summary");
    seen.extend(ids(&second, "chats_summary"));
    seen.extend(ids(&third, "chats_summary"));
    let mut newest_first = created.clone();
    newest_first.reverse();
    assert_eq!(seen, newest_first, "desc by default, each chat once");
    let back = api
        .ok(
            "3.6",
            "list_chats",
            json!({"page_id": second["previous_page_id"]}),
        )
        .await;
    assert_eq!(ids(&back, "chats_summary"), ids(&first, "chats_summary"));
}

#[tokio::test]
async fn filters_from_the_first_page_are_remembered() {
    let api = Api::start().await;
    for i in 0..6 {
        let id = api.ok("3.6", "start_chat", json!({})).await["chat_id"].clone();
        if i % 2 == 0 {
            api.ok("3.6", "deactivate_chat", json!({"id": id})).await;
        }
    }
    let first = api
        .ok(
            "3.6",
            "list_chats",
            json!({"filters": {"active": false}, "limit": 2, "sort_order": "asc"}),
        )
        .await;
    assert_eq!(first["found_chats"], json!(3));
    let second = api
        .ok(
            "3.6",
            "list_chats",
            json!({"page_id": first["next_page_id"]}),
        )
        .await;
    assert_eq!(second["chats_summary"].as_array().unwrap().len(), 1);
    assert_eq!(
        second["chats_summary"][0]["last_thread_summary"]["active"],
        json!(false)
    );
    // A page id belongs to its action.
    api.fails(
        "3.6",
        "list_archives",
        json!({"page_id": first["next_page_id"]}),
        "validation",
        422,
    )
    .await;
}

#[tokio::test]
async fn list_threads_archives_and_customers_paginate() {
    let api = Api::start().await;
    let (chat_id, _, _) = api.start_chat("3.6").await;
    for _ in 0..4 {
        api.ok("3.6", "deactivate_chat", json!({"id": chat_id}))
            .await;
        api.ok("3.6", "resume_chat", json!({"chat": {"id": chat_id}}))
            .await;
    }
    let threads = api
        .ok("3.6", "list_threads", json!({"chat_id": chat_id}))
        .await;
    assert_eq!(threads["found_threads"], json!(5));
    assert_eq!(
        threads["threads"].as_array().unwrap().len(),
        3,
        "default limit 3"
    );
    let rest = api
        .ok(
            "3.6",
            "list_threads",
            json!({"chat_id": chat_id, "page_id": threads["next_page_id"]}),
        )
        .await;
    assert_eq!(rest["threads"].as_array().unwrap().len(), 2);
    assert!(rest.get("next_page_id").is_none());

    let archives = api
        .ok(
            "3.6",
            "list_archives",
            json!({"limit": 4, "sort_order": "asc"}),
        )
        .await;
    assert_eq!(archives["found_chats"], json!(5));
    let more = api
        .ok(
            "3.6",
            "list_archives",
            json!({"page_id": archives["next_page_id"]}),
        )
        .await;
    assert_eq!(more["chats"].as_array().unwrap().len(), 1);
    assert_eq!(
        more["chats"][0]["thread"]["active"],
        json!(true),
        "asc: the newest thread last"
    );

    let customers = api
        .ok(
            "3.5",
            "list_customers",
            json!({"limit": 2, "sort_order": "asc", "sort_by": "created_at"}),
        )
        .await;
    assert_eq!(customers["total_customers"], json!(3));
    assert_eq!(
        customers["customers"][0]["id"],
        json!(CUSTOMER),
        "oldest seed customer first"
    );
    let last = api
        .ok(
            "3.5",
            "list_customers",
            json!({"page_id": customers["next_page_id"]}),
        )
        .await;
    assert_eq!(last["customers"].as_array().unwrap().len(), 1);
    api.fails(
        "3.5",
        "list_customers",
        json!({"page_id": customers["next_page_id"], "sort_by": "created_at"}),
        "validation",
        422,
    )
    .await;
    let filtered = api
        .ok(
            "3.5",
            "list_customers",
            json!({"filters": {"chats_count": {"gte": 1}}}),
        )
        .await;
    assert_eq!(filtered["total_customers"], json!(1));
    assert_eq!(filtered["customers"][0]["id"], json!(CUSTOMER));
}
