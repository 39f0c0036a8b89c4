//! Calls are ordinary futures: `Send + 'static`, spawnable as they are, usable with `join_all`
//! and `buffer_unordered`; `send()` and uploads return `'static` futures too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use futures_util::StreamExt;
use futures_util::future::join_all;
use serde_json::json;
use support::MockServer;

fn assert_static_send<F: std::future::Future + Send + 'static>(f: F) -> F {
    f
}

#[tokio::test]
async fn a_call_can_be_spawned_directly() {
    let server = MockServer::start().await;
    let agent = server.client("3.6");
    let task = tokio::spawn(agent.list_chats());
    // The client handle may go away: the spawned call owns its own.
    drop(agent);
    task.await.unwrap().unwrap();
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn calls_work_with_join_all_and_buffer_unordered() {
    let server = MockServer::start().await;
    let agent = server.client("3.6");
    let all = join_all(["A", "B", "C"].map(|id| agent.get_chat(id).json())).await;
    assert!(all.iter().all(Result::is_ok));
    let ids = vec![String::from("D"), String::from("E")];
    let done: Vec<_> = futures_util::stream::iter(ids)
        .map(|id| agent.get_chat(id).json())
        .buffer_unordered(8)
        .collect()
        .await;
    assert_eq!(done.len(), 2);
    assert_eq!(server.count(), 5);
}

#[tokio::test]
async fn send_call_method_and_upload_futures_are_static() {
    let server = MockServer::start().await;
    let agent = server.client("3.6");
    let action = String::from("list_chats");
    let send = assert_static_send(agent.send(&action, json!({})));
    let by_name = assert_static_send(agent.call_method(
        &action,
        serde_json::Map::new(),
        livechat::CallOptions::new(),
    ));
    let bytes = b"hi".to_vec();
    let upload = assert_static_send(agent.upload_file(bytes.clone(), Some("hi.txt")));
    drop((action, bytes, agent));
    let (a, b, c) = tokio::join!(
        tokio::spawn(send),
        tokio::spawn(by_name),
        tokio::spawn(upload)
    );
    a.unwrap().unwrap();
    b.unwrap().unwrap();
    // The mock answers `{}`, which is not an upload response: what matters is that it ran.
    assert!(c.unwrap().is_err());
    assert_eq!(server.count(), 3);
}
