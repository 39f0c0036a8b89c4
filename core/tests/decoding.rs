//! Typed decoding of the official documentation samples of every version, and tolerance of
//! fields and types this library does not know.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use livechat::types::{
    Chat, ChatSummary, Customer, Event, EventBody, ListChatsResponse, Thread, User,
};
use serde_json::{Value, json};

fn samples(kind: &str) -> Vec<(String, Value)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/payloads");
    let mut out = Vec::new();
    for version in std::fs::read_dir(&root).unwrap() {
        let dir = version.unwrap().path().join("agent-chat-api").join(kind);
        for f in std::fs::read_dir(&dir).unwrap() {
            let path = f.unwrap().path();
            let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            out.push((path.display().to_string(), v));
        }
    }
    assert!(!out.is_empty());
    out
}

#[test]
fn every_documented_event_decodes_and_round_trips() {
    for (name, v) in samples("events") {
        let e: Event =
            serde_json::from_value(v.clone()).unwrap_or_else(|err| panic!("{name}: {err}"));
        assert_eq!(e.event_type(), v["type"].as_str().unwrap(), "{name}");
        let back = serde_json::to_value(&e).unwrap();
        assert_eq!(back, v, "{name}: decoding lost something");
    }
}

#[test]
fn every_documented_user_decodes() {
    for (name, v) in samples("users") {
        let u: User =
            serde_json::from_value(v.clone()).unwrap_or_else(|err| panic!("{name}: {err}"));
        assert_eq!(
            u.user_type(),
            v["type"].as_str().unwrap_or("agent"),
            "{name}"
        );
    }
}

#[test]
fn documented_chats_threads_and_summaries_decode() {
    for (name, v) in samples("other-structures") {
        let file = name.rsplit('/').next().unwrap();
        match file {
            "chat.json" => {
                drop(serde_json::from_value::<Chat>(v).unwrap_or_else(|e| panic!("{name}: {e}")))
            }
            "thread.json" => {
                drop(serde_json::from_value::<Thread>(v).unwrap_or_else(|e| panic!("{name}: {e}")))
            }
            "chatSummary.json" | "chatInfo.json" => {
                let s: ChatSummary =
                    serde_json::from_value(v).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert!(s.last_thread_summary.is_some(), "{name}");
            }
            _ => {}
        }
    }
}

#[test]
fn unknown_event_and_user_types_and_fields_are_kept() {
    let e: Event = serde_json::from_value(json!({
        "id": "E", "type": "hologram", "created_at": "2026-11-25T13:12:52.123456+01:00",
        "author_id": "a", "beam": {"x": 1}
    }))
    .unwrap();
    match &e.body {
        EventBody::Other { event_type, fields } => {
            assert_eq!(event_type, "hologram");
            assert_eq!(fields["beam"], json!({"x": 1}));
        }
        other => panic!("{other:?}"),
    }
    let m: Event = serde_json::from_value(
        json!({"id": "E", "type": "message", "text": "hi", "new_field": true}),
    )
    .unwrap();
    assert_eq!(m.text(), Some("hi"));
    let EventBody::Message(msg) = &m.body else {
        panic!()
    };
    assert_eq!(msg.extra["new_field"], json!(true));
    let u: User = serde_json::from_value(json!({"type": "bot", "id": "b1"})).unwrap();
    assert_eq!((u.user_type(), u.id()), ("bot", Some("b1")));
    let c: Customer = serde_json::from_value(
        json!({"id": "U", "last_visit": {"started_at": "x"}, "suggested_email": "a@b"}),
    )
    .unwrap();
    assert!(c.visit.is_some());
    assert_eq!(c.extra["suggested_email"], "a@b");
}

#[test]
fn version_3_7_chat_info_reads_into_the_same_struct() {
    let r: ListChatsResponse = serde_json::from_value(json!({
        "chats_info": [{"id": "C", "last_thread_info": {"id": "T", "active": true, "last_event_per_type": {}}}],
        "found_chats": 1
    }))
    .unwrap();
    assert_eq!(r.chats_summary[0].id, "C");
    assert!(
        r.chats_summary[0]
            .last_thread_summary
            .as_ref()
            .unwrap()
            .last_event_per_type
            .is_some()
    );
}
