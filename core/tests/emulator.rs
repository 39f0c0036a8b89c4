//! The client against the emulator: every method on API 3.3 and 3.6 through the typed Rust API,
//! a whole conversation, fault injection reaching the retry rules, and concurrent writers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use futures_util::StreamExt;
use livechat::{AgentWeb, ErrorKind, Token};
use livechat_emulator::{Config, Emulator};
use serde_json::{Value, json};

async fn start() -> Emulator {
    Emulator::start(Config::default()).await.unwrap()
}

fn client(emu: &Emulator, version: &str) -> AgentWeb {
    AgentWeb::builder("core-tests")
        .api_url(emu.url())
        .version(version)
        .token(Token::bearer(emu.token()))
        .retry_base_delay(std::time::Duration::from_millis(1))
        .build()
        .unwrap()
}

async fn control(
    emu: &Emulator,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> Value {
    let http = reqwest::Client::new();
    let mut req = http.request(method, format!("{}/__emulator/{path}", emu.url()));
    if let Some(b) = body {
        req = req
            .header("content-type", "application/json")
            .body(b.to_string());
    }
    let text = req.send().await.unwrap().text().await.unwrap();
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

async fn fault(emu: &Emulator, f: Value) {
    control(emu, reqwest::Method::POST, "faults", Some(f)).await;
}

async fn requests(emu: &Emulator) -> Vec<Value> {
    control(emu, reqwest::Method::GET, "requests", None).await["requests"]
        .as_array()
        .unwrap()
        .clone()
}

fn stored_events(emu: &Emulator, chat_id: &str) -> Vec<Value> {
    let state = emu.state();
    state["chats"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["id"] == chat_id)
        .flat_map(|c| c["threads"].as_array().unwrap().clone())
        .flat_map(|t| t["events"].as_array().unwrap().clone())
        .collect()
}

async fn every_method(version: &str) {
    let emu = start().await;
    let a = client(&emu, version);
    let v33 = version == "3.3";
    let msg = if v33 {
        json!({"type": "message", "text": "hello"})
    } else {
        json!({"type": "message", "text": "hello", "visibility": "all"})
    };
    let chat = a
        .start_chat()
        .chat(json!({"thread": {"events": [msg.clone()]}}))
        .await
        .unwrap();
    let (c, t) = (chat.chat_id.as_str(), chat.thread_id.as_str());
    let ev = a.send_event(c, msg.clone()).await.unwrap().event_id;
    let up = a.upload_file(vec![1u8, 2, 3], Some("x.bin")).await.unwrap();
    a.send_event(c, json!({"type": "file", "url": up.url}))
        .await
        .unwrap();
    let rich = a
        .send_event(c, json!({"type": "rich_message", "template_id": "quick_replies",
            "elements": [{"title": "?", "buttons": [{"text": "Yes", "type": "message", "value": "y", "postback_id": "y"}]}]}))
        .await
        .unwrap();
    a.send_rich_message_postback(
        c,
        t,
        rich.event_id.as_str(),
        json!({"id": "y", "toggled": true}),
    )
    .await
    .unwrap();
    assert!(
        a.list_chats()
            .await
            .unwrap()
            .chats_summary
            .iter()
            .any(|s| s.id == c)
    );
    assert_eq!(a.list_threads(c).await.unwrap().threads[0].id, t);
    let got = a.get_chat(c).thread_id(t).await.unwrap();
    assert_eq!(got.thread.unwrap().events.unwrap().len(), 4);
    assert!(
        !a.list_archives()
            .filters(json!({"chat_ids": [c]}))
            .await
            .unwrap()
            .chats
            .is_empty()
    );
    let props =
        json!({"test": {"string_property": "s", "int_property": 0, "bool_property": false}});
    a.update_chat_properties(c, props.clone()).await.unwrap();
    a.delete_chat_properties(c, json!({"test": ["string_property"]}))
        .await
        .unwrap();
    a.update_thread_properties(c, t, props.clone())
        .await
        .unwrap();
    a.delete_thread_properties(c, t, json!({"test": ["int_property"]}))
        .await
        .unwrap();
    a.update_event_properties(c, t, ev.as_str(), props.clone())
        .await
        .unwrap();
    a.delete_event_properties(c, t, ev.as_str(), json!({"test": ["bool_property"]}))
        .await
        .unwrap();
    a.tag_thread(c, t, "vip").await.unwrap();
    a.untag_thread(c, t, "vip").await.unwrap();
    a.follow_chat(c).await.unwrap();
    a.unfollow_chat(c).await.unwrap();
    a.mark_events_as_seen(c, "2030-01-01T00:00:00.000000Z")
        .await
        .unwrap();
    if v33 {
        a.send_typing_indicator(c, true)
            .recipients("all")
            .await
            .unwrap();
        a.add_user_to_chat(c, "second@emulator.test", "agent")
            .require_active_thread(true)
            .await
            .unwrap();
        a.grant_chat_access(c, json!({"type": "group", "id": 1}))
            .await
            .unwrap();
        a.revoke_chat_access(c, json!({"type": "group", "id": 1}))
            .await
            .unwrap();
    } else {
        a.send_typing_indicator(c, true)
            .visibility("all")
            .await
            .unwrap();
        a.add_user_to_chat(c, "second@emulator.test", "agent")
            .visibility("all")
            .await
            .unwrap();
        a.send_event_preview(c, msg.clone()).await.unwrap();
        a.send_thinking_indicator(c)
            .title("Thinking")
            .await
            .unwrap();
        assert!(
            a.get_thread_transcript(c, t)
                .await
                .unwrap()
                .fields
                .contains_key("transcript")
        );
    }
    a.remove_user_from_chat(c, "second@emulator.test")
        .await
        .unwrap();
    let _ = a.list_agents_for_transfer(c).await.unwrap();
    let statuses = a.list_routing_statuses().await.unwrap();
    assert!(statuses.iter().any(|s| s.agent_id == "agent@emulator.test"));
    assert!(
        !a.list_routing_statuses()
            .group_ids(vec![0])
            .await
            .unwrap()
            .is_empty()
    );
    a.set_routing_status("accepting_chats")
        .agent_id("agent@emulator.test")
        .await
        .unwrap();
    a.multicast(json!({"agents": {"all": true}}), json!({"x": 1}))
        .r#type("note")
        .await
        .unwrap();
    if v33 {
        a.transfer_chat(c)
            .target(json!({"type": "group", "ids": [1]}))
            .force(true)
            .await
            .unwrap();
    } else {
        a.transfer_chat(c)
            .target(json!({"type": "group", "ids": [1]}))
            .ignore_agents_availability(true)
            .await
            .unwrap();
    }
    a.deactivate_chat(c).await.unwrap();
    if !v33 {
        a.request_thread_summary(c, t).await.unwrap();
    }
    let resumed = a.resume_chat(c).await.unwrap();
    assert_ne!(resumed.thread_id, t);
    let customer = emu.state()["customers"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    if v33 {
        let created = a.create_customer().name("Ada").await.unwrap();
        assert!(!created.customer_id.is_empty());
        assert!(
            !a.list_customers()
                .limit(5)
                .await
                .unwrap()
                .customers
                .is_empty()
        );
    }
    assert_eq!(
        a.get_customer(customer.as_str()).await.unwrap().id,
        customer
    );
    a.update_customer(customer.as_str())
        .name("Ada L.")
        .await
        .unwrap();
    a.follow_customer(customer.as_str()).await.unwrap();
    a.unfollow_customer(customer.as_str()).await.unwrap();
    a.ban_customer(customer.as_str(), 1).await.unwrap();
    if !v33 {
        a.logout().await.unwrap();
    }
    // Every action of the version reached the server.
    let seen: BTreeSet<String> = requests(&emu)
        .await
        .iter()
        .map(|r| r["action"].as_str().unwrap().to_owned())
        .collect();
    for m in livechat::surfaces::agent_web::METHODS {
        if m.versions.contains(version.parse().unwrap()) && m.name != "get_license_info" {
            assert!(
                seen.contains(m.action),
                "{} never reached the emulator on {version}",
                m.name
            );
        }
    }
    emu.shutdown().await.unwrap();
}

#[tokio::test]
async fn every_method_works_against_the_emulator_on_3_3() {
    every_method("3.3").await;
}

#[tokio::test]
async fn every_method_works_against_the_emulator_on_3_6() {
    every_method("3.6").await;
}

#[tokio::test]
async fn a_whole_conversation_ends_up_in_the_archives() {
    let emu = start().await;
    let a = client(&emu, "3.6");
    let chat = a.start_chat().await.unwrap();
    let c = chat.chat_id.as_str();
    a.send_event(
        c,
        json!({"type": "message", "text": "refund for order 4411", "visibility": "all"}),
    )
    .await
    .unwrap();
    let up = a
        .upload_file(b"invoice".to_vec(), Some("invoice.pdf"))
        .await
        .unwrap();
    a.send_event(c, json!({"type": "file", "url": up.url}))
        .await
        .unwrap();
    a.tag_thread(c, chat.thread_id.as_str(), "refund")
        .await
        .unwrap();
    a.update_chat_properties(c, json!({"test": {"string_property": "vip"}}))
        .await
        .unwrap();
    a.transfer_chat(c)
        .target(json!({"type": "group", "ids": [1]}))
        .ignore_agents_availability(true)
        .await
        .unwrap();
    a.deactivate_chat(c).await.unwrap();
    let err = a
        .send_event(c, json!({"type": "message", "text": "late"}))
        .await
        .unwrap_err();
    assert_eq!(err.error_type().unwrap().as_str(), "chat_inactive");
    let resumed = a.resume_chat(c).await.unwrap();
    a.send_event(c, json!({"type": "message", "text": "back again"}))
        .await
        .unwrap();
    let found: Vec<_> = a
        .list_archives()
        .filters(json!({"query": "order 4411"}))
        .items()
        .collect::<Vec<_>>()
        .await;
    let hits: Vec<_> = found.into_iter().map(Result::unwrap).collect();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].id, c);
    assert_eq!(
        hits[0].thread.as_ref().unwrap().tags.as_deref(),
        Some(&["refund".to_owned()][..])
    );
    assert_ne!(resumed.thread_id, chat.thread_id);
    let threads = a.list_threads(c).await.unwrap();
    assert_eq!(threads.threads.len(), 2);
}

#[tokio::test]
async fn injected_faults_reach_the_retry_rules_and_no_write_is_duplicated() {
    let emu = start().await;
    let a = client(&emu, "3.6");
    let c = a.start_chat().await.unwrap().chat_id;

    // The API's own 429: rate limiting happens before processing, so the write is retried and
    // stored once.
    fault(
        &emu,
        json!({"action": "send_event", "status": 429, "headers": {"Retry-After": "0"}, "count": 1}),
    )
    .await;
    a.send_event(c.as_str(), json!({"type": "message", "text": "one"}))
        .await
        .unwrap();

    // The API's service_unavailable after the event was stored: never replayed (it used to be,
    // storing the message twice).
    fault(
        &emu,
        json!({"action": "send_event", "status": 503, "apply": "after", "count": 1}),
    )
    .await;
    let err = a
        .send_event(c.as_str(), json!({"type": "message", "text": "one-b"}))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));

    // A proxy's 503 page, twice (persistent): one request only, the caller sees the page.
    fault(
        &emu,
        json!({"action": "send_event", "status": 503, "count": 2,
               "body": "upstream connect error or disconnect/reset before headers"}),
    )
    .await;
    let err = a
        .send_event(c.as_str(), json!({"type": "message", "text": "never"}))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert!(err.to_string().contains("upstream connect error"), "{err}");
    // The fault's second count is still pending: clear it.
    emu.clear_faults();

    // 500 after the action took effect: not replayed; the caller sees the error; stored once.
    fault(
        &emu,
        json!({"action": "send_event", "status": 500, "apply": "after", "count": 1}),
    )
    .await;
    let err = a
        .send_event(c.as_str(), json!({"type": "message", "text": "two"}))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));

    // A dropped connection after the write: not replayed either.
    fault(
        &emu,
        json!({"action": "send_event", "drop": true, "apply": "after", "count": 1}),
    )
    .await;
    let err = a
        .send_event(c.as_str(), json!({"type": "message", "text": "three"}))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");

    // Reads are retried after a 500 and a dropped connection.
    fault(
        &emu,
        json!([{"action": "list_chats", "status": 500}, {"action": "list_chats", "drop": true}]),
    )
    .await;
    a.list_chats().await.unwrap();

    let texts: Vec<String> = stored_events(&emu, &c)
        .iter()
        .filter_map(|e| e["text"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(
        texts,
        ["one", "one-b", "two", "three"],
        "every write stored exactly once"
    );
    let actions: Vec<String> = requests(&emu)
        .await
        .iter()
        .map(|r| r["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        actions.iter().filter(|a| *a == "send_event").count(),
        6,
        "the 429 retried once; no 5xx, page or drop replayed"
    );
    assert_eq!(actions.iter().filter(|a| *a == "list_chats").count(), 3);
}

#[tokio::test]
async fn wrong_credentials_and_regions_map_to_typed_errors() {
    let emu = start().await;
    let bad = AgentWeb::builder("t")
        .api_url(emu.url())
        .token(Token::bearer("dal:wrong"))
        .build()
        .unwrap();
    assert!(bad.list_chats().await.unwrap_err().is_authentication());
    let pat = AgentWeb::builder("t")
        .api_url(emu.url())
        .token(Token::pat(&emu.pat().account_id, &emu.pat().token))
        .build()
        .unwrap();
    pat.list_chats().await.unwrap();
    // A token naming another region is redirected once to the emulator's region.
    let fra = AgentWeb::builder("t")
        .api_url(emu.url())
        .token(Token::bearer(emu.token()))
        .region("fra")
        .build()
        .unwrap();
    fra.list_chats().await.unwrap();
    assert_eq!(fra.region().as_deref(), Some("dal"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_writers_lose_no_event() {
    let emu = start().await;
    let a = client(&emu, "3.6");
    let c = a.start_chat().await.unwrap().chat_id;
    let writers = (0..200).map(|i| {
        let a = a.clone();
        let c = c.clone();
        tokio::spawn(async move {
            for j in 0..5 {
                a.send_event(
                    c.as_str(),
                    json!({"type": "message", "text": format!("{i}:{j}")}),
                )
                .await
                .unwrap();
            }
        })
    });
    for w in futures_util::future::join_all(writers).await {
        w.unwrap();
    }
    let texts: Vec<String> = stored_events(&emu, &c)
        .iter()
        .filter_map(|e| e["text"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(texts.len(), 1000);
    for i in 0..200 {
        let mine: Vec<&String> = texts
            .iter()
            .filter(|t| t.starts_with(&format!("{i}:")))
            .collect();
        let expected: Vec<String> = (0..5).map(|j| format!("{i}:{j}")).collect();
        assert_eq!(
            mine,
            expected.iter().collect::<Vec<_>>(),
            "writer {i}'s events in order"
        );
    }
}
