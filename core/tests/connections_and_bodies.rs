//! Connections, raw bodies and hostile pages: `max_connections` bounds the sockets a client
//! opens, idle ones close after `pool_idle_timeout` (before a server's own idle close can race a
//! write), raw bodies and argument numbers reach the wire as written, and bodies or pages that
//! are not what the API sends end in the library's decode error — never a loop or a panic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use futures_util::StreamExt as _;
use livechat::{AgentWeb, CallOptions, ErrorKind, Token};
use serde_json::json;
use support::raw::{Behaviour, RawServer};
use support::{MockServer, Reply, obj};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

fn client_for(url: &str) -> livechat::AgentWebBuilder {
    AgentWeb::builder("conn")
        .api_url(url)
        .token(Token::bearer("dal:conn-token"))
}

#[tokio::test]
async fn max_connections_bounds_the_sockets_of_500_concurrent_calls() {
    let server = RawServer::always(Behaviour::Ok("{}")).await;
    let agent = client_for(&server.url).max_connections(8).build().unwrap();
    let calls = (0..500).map(|_| {
        let a = agent.clone();
        async move { a.list_chats().await }
    });
    let results = futures_util::future::join_all(calls).await;
    assert!(results.iter().all(Result::is_ok));
    assert_eq!(server.requests(), 500);
    assert!(
        server.connections() <= 8,
        "{} connections for max_connections = 8",
        server.connections()
    );
}

/// `calls` calls of `agent`, `in_flight` at a time, each a task of the runtime (so on every
/// worker thread); every one must succeed.
async fn calls_in_flight(agent: &AgentWeb, calls: usize, in_flight: usize) {
    let results: Vec<_> = futures_util::stream::iter(0..calls)
        .map(|_| {
            let a = agent.clone();
            tokio::spawn(async move { a.list_routing_statuses().await.map(drop) })
        })
        .buffer_unordered(in_flight)
        .collect()
        .await;
    for result in results {
        result.unwrap().unwrap();
    }
}

/// Over TLS to an HTTP/1.1-only server (the emulator offering only http/1.1 by ALPN), where
/// each request in flight needs a connection and every spare one costs a handshake: 64 and
/// 1,000 calls in flight, a fresh client each round, never more than 8 connections. Connections
/// come back to the pool from a task of their own, so a request often finds none idle while one
/// is on its way back; hyper-util then opens another and keeps it, and only the connector's
/// permits bound the sockets.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn max_connections_bounds_the_tls_connections_of_an_http1_server() {
    let mut config = livechat_emulator::Config::default();
    config.tls = livechat_emulator::Tls::SelfSigned;
    config.http2 = false;
    let emu = livechat_emulator::Emulator::start(config).await.unwrap();
    for (round, in_flight) in [64, 1_000, 64, 1_000, 64, 1_000].into_iter().enumerate() {
        let before = emu.connections_accepted();
        let agent = AgentWeb::builder("conn")
            .api_url(emu.url())
            .token(Token::bearer(emu.token()))
            .add_root_certificate_pem(emu.ca_pem().unwrap().as_bytes().to_vec())
            .max_connections(8)
            .build()
            .unwrap();
        calls_in_flight(&agent, 2 * in_flight, in_flight).await;
        let opened = emu.connections_accepted() - before;
        assert!(
            opened <= 8,
            "round {round} ({in_flight} in flight): {opened} TLS connections for max_connections = 8"
        );
        // Over HTTP/2 one connection would serve them all and the bound would prove nothing.
        assert!(opened > 1, "round {round}: one connection, so not HTTP/1.1");
        agent.close();
    }
}

/// A client of another API made with `sharing` opens no sockets of its own: both draw on the
/// one pool and its `max_connections`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sharing_client_uses_the_same_bounded_sockets() {
    let server = RawServer::always(Behaviour::Ok("{}")).await;
    let agent = client_for(&server.url).max_connections(4).build().unwrap();
    let config = livechat::Configuration::sharing(&agent).unwrap();
    for client in [&*agent, &*config, &*agent] {
        let calls = (0..64).map(|_| {
            let c = client.clone();
            tokio::spawn(async move {
                c.send_bytes("list_bots", json!({}), CallOptions::new())
                    .await
            })
        });
        for result in futures_util::future::join_all(calls).await {
            result.unwrap().unwrap();
        }
    }
    assert_eq!(server.requests(), 3 * 64);
    assert!(
        server.connections() <= 4,
        "{} connections for two clients sharing max_connections = 4",
        server.connections()
    );
}

#[tokio::test]
async fn idle_connections_close_after_pool_idle_timeout() {
    let server = RawServer::always(Behaviour::Ok("{}")).await;
    let agent = client_for(&server.url)
        .pool_idle_timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    agent.list_chats().await.unwrap();
    assert_eq!(server.connections(), 1);
    let mut waited = Duration::ZERO;
    while server.clients_left() < 1 && waited < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(50)).await;
        waited += Duration::from_millis(50);
    }
    assert_eq!(server.clients_left(), 1, "the idle connection was closed");
    assert!(waited < Duration::from_secs(2), "{waited:?}");
}

/// A keep-alive server that closes a connection after `idle` without a request, as load
/// balancers do; counts requests.
async fn idle_closing_server(idle: Duration) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&requests);
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let seen = Arc::clone(&seen);
            tokio::spawn(async move {
                let mut buf = Vec::new();
                loop {
                    let mut chunk = [0u8; 4096];
                    let n = match tokio::time::timeout(idle, sock.read(&mut chunk)).await {
                        Ok(Ok(n)) if n > 0 => n,
                        _ => return, // idle (or EOF): close
                    };
                    buf.extend_from_slice(&chunk[..n]);
                    let text = String::from_utf8_lossy(&buf).into_owned();
                    let Some(head_end) = text.find("\r\n\r\n") else {
                        continue;
                    };
                    let len: usize = text[..head_end]
                        .lines()
                        .filter_map(|l| l.split_once(':'))
                        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                        .and_then(|(_, v)| v.trim().parse().ok())
                        .unwrap_or(0);
                    if buf.len() < head_end + 4 + len {
                        continue;
                    }
                    buf.drain(..head_end + 4 + len);
                    seen.fetch_add(1, Ordering::SeqCst);
                    let body = r#"{"event_id":"E"}"#;
                    let answer = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    if sock.write_all(answer.as_bytes()).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (url, requests)
}

#[tokio::test]
async fn writes_never_race_a_server_closing_idle_connections() {
    let (url, requests) = idle_closing_server(Duration::from_millis(200)).await;
    let agent = client_for(&url)
        .pool_idle_timeout(Duration::from_millis(100))
        .max_retries(0)
        .build()
        .unwrap();
    for i in 0..15 {
        agent
            .send_event("C", json!({"type": "message", "text": format!("m{i}")}))
            .await
            .unwrap_or_else(|e| panic!("write {i}: {e}"));
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        requests.load(Ordering::SeqCst),
        15,
        "each write received once"
    );
}

#[tokio::test]
async fn raw_bodies_and_argument_numbers_keep_their_digits() {
    let server = MockServer::start().await;
    let agent = server.client("3.6");
    let raw = r#"{"x":18446744073709551616,"y":-0,"z":1.0000000000000000001,"w":1e400}"#;
    agent
        .send_raw(
            "custom_action",
            Bytes::from_static(raw.as_bytes()),
            CallOptions::new(),
        )
        .await
        .unwrap();
    assert_eq!(&server.requests()[0].body[..], raw.as_bytes());

    let content: serde_json::Value =
        serde_json::from_str(r#"{"big": 123456789012345678901234567890, "neg": -0}"#).unwrap();
    agent
        .call_method(
            "send_event",
            obj(json!({"chat_id": "C", "event": {"type": "custom", "content": content}})),
            CallOptions::new(),
        )
        .await
        .unwrap();
    let sent = String::from_utf8(server.requests()[1].body.to_vec()).unwrap();
    assert!(sent.contains("123456789012345678901234567890"), "{sent}");
    assert!(sent.contains(r#""neg":-0"#), "{sent}");

    for bad in ["[1]", "{\"a\":", "nul", "{\"a\":1} {}"] {
        let err = agent
            .send_raw("custom_action", Bytes::from(bad), CallOptions::new())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{bad}: {err}");
    }
    assert_eq!(server.count(), 2, "nothing invalid was sent");
}

#[tokio::test]
async fn bodies_that_are_not_usable_json_are_decode_errors() {
    let server = MockServer::start().await;
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    server.reply([
        Reply::raw(200, "application/json", b"{\"chat_id\":\"\xff\xfe\"}"),
        Reply::raw(200, "application/json", deep.as_bytes()),
    ]);
    let agent = server.builder("3.6").max_retries(0).build().unwrap();
    for what in ["invalid UTF-8", "100,000 levels"] {
        let err = agent
            .call_method_bytes("get_chat", obj(json!({"chat_id": "C"})), CallOptions::new())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Decode, "{what}: {err}");
    }
}

#[tokio::test]
async fn a_repeated_page_id_or_a_page_that_is_not_an_object_stops_iteration() {
    let server = MockServer::start().await;
    let page = json!({"chats_summary": [], "next_page_id": "P1"});
    server.reply((0..10).map(|_| Reply::json(200, page.clone())));
    let agent = server.client("3.6");
    let pages: Vec<_> = agent.list_chats().pages().collect().await;
    assert_eq!(
        pages.len(),
        2,
        "page 1, then page P1 naming P1 again is an error"
    );
    let err = pages[1].as_ref().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert!(err.to_string().contains("P1"), "{err}");
    assert_eq!(server.count(), 2, "it used to loop until stopped");

    let server = MockServer::start().await;
    server.reply([Reply::json(200, json!([1, 2]))]);
    let mut pager = livechat::Pager::new(
        &server.client("3.6"),
        "list_chats",
        serde_json::Map::new(),
        CallOptions::new(),
    );
    let err = pager.next_page().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
    assert!(pager.next_page().await.unwrap().is_none());
}

/// The shared runtime is multi-threaded: a connection going back to the pool on one worker
/// while the next call checks out on another must not make the pool open a second one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn max_connections_bounds_the_sockets_opened_on_a_multi_threaded_runtime() {
    let server = RawServer::always(Behaviour::Ok("{}")).await;
    let agent = client_for(&server.url).max_connections(16).build().unwrap();
    let calls = futures_util::stream::iter(0..20_000)
        .map(|_| {
            let a = agent.clone();
            tokio::spawn(async move { a.list_chats().await })
        })
        .buffer_unordered(2_000);
    let results: Vec<_> = calls.collect().await;
    assert!(results.iter().all(|r| matches!(r, Ok(Ok(_)))));
    assert_eq!(server.requests(), 20_000);
    assert!(
        server.connections() <= 16,
        "{} connections opened for max_connections = 16",
        server.connections()
    );
}
