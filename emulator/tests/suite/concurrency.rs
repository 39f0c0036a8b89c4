//! Many clients writing to one chat at once: no event is lost and each writer's events keep
//! their order (one mutex over the state, never held across an await).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;

const WRITERS: usize = 200;
const EVENTS_PER_WRITER: usize = 5;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_writers_lose_no_event_and_keep_their_order() {
    let api = Arc::new(Api::start().await);
    let (chat_id, _, _) = api.start_chat("3.6").await;
    let mut writers = tokio::task::JoinSet::new();
    for writer in 0..WRITERS {
        let api = api.clone();
        let chat_id = chat_id.clone();
        writers.spawn(async move {
            let mut ids = Vec::new();
            for n in 0..EVENTS_PER_WRITER {
                let body = json!({"chat_id": chat_id,
                    "event": {"type": "message", "text": format!("{writer}:{n}")}});
                let reply = api.ok("3.6", "send_event", body).await;
                ids.push(reply["event_id"].as_str().unwrap().to_string());
            }
            ids
        });
    }
    let mut all_ids = Vec::new();
    while let Some(ids) = writers.join_next().await {
        all_ids.extend(ids.unwrap());
    }
    let chat = api.ok("3.6", "get_chat", json!({"chat_id": chat_id})).await;
    let events = chat["thread"]["events"].as_array().unwrap();
    assert_eq!(events.len(), 1 + WRITERS * EVENTS_PER_WRITER);

    let stored: Vec<&str> = events.iter().map(|e| e["id"].as_str().unwrap()).collect();
    let mut unique = stored.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), stored.len(), "event ids are unique");
    for id in &all_ids {
        assert!(stored.contains(&id.as_str()), "answered id {id} is stored");
    }

    let mut next: HashMap<usize, usize> = HashMap::new();
    let mut last_time = String::new();
    for event in &events[1..] {
        let (writer, n) = event["text"].as_str().unwrap().split_once(':').unwrap();
        let (writer, n): (usize, usize) = (writer.parse().unwrap(), n.parse().unwrap());
        let expected = next.entry(writer).or_insert(0);
        assert_eq!(n, *expected, "writer {writer}'s events are in order");
        *expected += 1;
        let time = event["created_at"].as_str().unwrap().to_string();
        assert!(
            time > last_time,
            "timestamps strictly increase in thread order"
        );
        last_time = time;
    }
    assert!(next.values().all(|&count| count == EVENTS_PER_WRITER));
}
