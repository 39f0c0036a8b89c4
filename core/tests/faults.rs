//! The fault suite: each fault the client must survive, with the exact error kind and the number
//! of requests the server saw. Socket-level faults come from a misbehaving loopback server
//! (`support/raw.rs`); API-level faults from the emulator's fault injection, where the stored
//! events are counted too: a write is never duplicated and never silently lost.
//!
//! Rules pinned here (design §3): reads are retried after 500, timeouts and broken answers;
//! writes only when the server certainly did nothing (refused connection, the API's own 429).
//! `timeout` bounds the whole call; `attempt_timeout` one attempt.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::future::IntoFuture;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use livechat::{AgentWeb, ApiErrorType, ErrorKind, Token, TokenRequest};
use livechat_emulator::{Config, Emulator};
use serde_json::{Value, json};
use support::raw::{Behaviour, RawServer};

const MS: Duration = Duration::from_millis(1);

fn client_for(url: &str) -> livechat::AgentWebBuilder {
    AgentWeb::builder("faults")
        .api_url(url)
        .token(Token::bearer("dal:fault-token"))
        .retry_base_delay(MS)
}

fn event(text: &str) -> Value {
    json!({"type": "message", "text": text})
}

/// Polls `cond` until it holds, failing after 10 s with `what`.
async fn eventually(what: &str, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !cond() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

// ---- socket-level faults (misbehaving loopback server) ------------------------------------

#[tokio::test]
async fn a_reset_in_the_middle_of_a_response_is_a_transport_error_never_replayed_for_writes() {
    let server = RawServer::always(Behaviour::ResetMidResponse {
        prefix: r#"{"event_id":"#,
    })
    .await;
    let agent = client_for(&server.url).build().unwrap();
    let err = agent.send_event("C", event("x")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
    assert_eq!(
        server.requests(),
        1,
        "the write may have happened: not sent again"
    );

    let err = agent.list_chats().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
    assert_eq!(server.requests(), 1 + 3, "a read is retried twice");
}

#[tokio::test]
async fn a_server_that_accepts_and_never_answers_ends_in_a_timeout_not_a_hang() {
    let server = RawServer::always(Behaviour::Hang).await;
    let agent = client_for(&server.url)
        .attempt_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = agent.send_event("C", event("x")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert!(err.is_timeout());
    assert_eq!(server.requests(), 1);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );

    let started = Instant::now();
    let err = agent.list_chats().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert_eq!(
        server.requests(),
        1 + 3,
        "a read that timed out is retried twice"
    );
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_secs(4),
        "three attempts of 300 ms took {took:?}"
    );
}

#[tokio::test]
async fn a_slow_body_is_bounded_by_the_per_attempt_timeout() {
    // 17 bytes, one every 100 ms: the headers arrive at once, the body needs 1.7 s.
    let slow = Behaviour::SlowBody {
        body: r#"{"event_id":"E1"}"#,
        every: Duration::from_millis(100),
    };
    let server = RawServer::always(slow).await;
    let agent = client_for(&server.url)
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = agent.send_event("C", event("x")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert_eq!(
        server.requests(),
        1,
        "a write whose answer was cut is not replayed"
    );
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
    assert!(
        server.body_bytes_written() < 17,
        "the timeout fired while the body was still arriving"
    );

    // A slow but steady body within the timeout is fine.
    let server = RawServer::always(Behaviour::SlowBody {
        body: r#"{"event_id":"E1"}"#,
        every: Duration::from_millis(10),
    })
    .await;
    let agent = client_for(&server.url)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let sent = agent.send_event("C", event("x")).await.unwrap();
    assert_eq!(sent.event_id, "E1");
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_body_shorter_than_its_content_length_is_a_transport_error_retried_for_reads_only() {
    let truncated = Behaviour::Truncated {
        declared: 200,
        body: r#"{"event_id":"E"#,
    };
    let server = RawServer::always(truncated).await;
    let agent = client_for(&server.url).build().unwrap();
    let err = agent.send_event("C", event("x")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
    assert_eq!(server.requests(), 1);

    let err = agent.list_chats().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
    assert_eq!(server.requests(), 1 + 3);
}

#[tokio::test]
async fn truncated_json_with_a_matching_length_is_a_decode_error_and_never_retried() {
    let server = RawServer::always(Behaviour::Ok(r#"{"event_id":"E"#)).await;
    let agent = client_for(&server.url).build().unwrap();
    let err = agent.send_event("C", event("x")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
    assert_eq!(server.requests(), 1);
    let err = agent.list_chats().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
    assert_eq!(
        server.requests(),
        2,
        "an undecodable answer is not retried, even for reads"
    );
}

#[tokio::test]
async fn garbage_instead_of_http_is_a_transport_error() {
    let server = RawServer::always(Behaviour::Garbage(b"SSH-2.0-OpenSSH_9.2\r\n")).await;
    let agent = client_for(&server.url).build().unwrap();
    let err = agent.send_event("C", event("x")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
    assert_eq!(server.requests(), 1);
    let err = agent.get_customer("U").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
    assert_eq!(server.requests(), 1 + 3);
}

#[tokio::test]
async fn an_endless_body_stops_at_the_maximum_body_size() {
    let server = RawServer::always(Behaviour::Endless { chunk: 64 * 1024 }).await;
    // The option as the C and Python layers give it (JSON config).
    let config = format!(
        r#"{{"client_id":"c","api_url":"{}","token":"dal:t","max_response_bytes":1048576}}"#,
        server.url
    );
    let agent = livechat::ClientConfig::from_json(&config)
        .unwrap()
        .into_builder::<livechat::AgentWeb>()
        .unwrap()
        .build()
        .unwrap();
    let started = Instant::now();
    let err = agent.list_chats().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
    assert!(err.to_string().contains("1048576-byte limit"), "{err}");
    assert_eq!(server.requests(), 1, "an oversized answer is not retried");
    assert!(started.elapsed() < Duration::from_secs(5));
    eventually("the client closed the endless response", || {
        server.endless_abandoned() == 1
    })
    .await;
    assert!(
        server.body_bytes_written() < 16 * 1024 * 1024,
        "the client stopped reading near the limit, the server wrote {} bytes",
        server.body_bytes_written()
    );
}

#[tokio::test]
async fn closing_a_client_closes_its_idle_connections_while_handles_remain() {
    let server = RawServer::always(Behaviour::Ok(r#"{"event_id":"E1"}"#)).await;
    let agent = client_for(&server.url).build().unwrap();
    let calls = (0..4).map(|i| agent.send_event("C", event(&format!("m{i}"))).into_future());
    for sent in futures_util::future::join_all(calls).await {
        assert_eq!(sent.unwrap().event_id, "E1");
    }
    let kept = agent.clone();
    assert!(server.connections() >= 1);
    assert_eq!(server.clients_left(), 0, "keep-alive: the pool holds them");
    agent.close();
    // `kept` is still alive: only closing can release the pooled sockets.
    eventually("every pooled connection is closed", || {
        server.clients_left() == server.connections()
    })
    .await;
    let err = kept.send_event("C", event("late")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Closed, "{err}");
}

#[tokio::test]
async fn a_connection_refused_is_retried_then_reported_and_nothing_was_received() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let agent = client_for(&url).max_retries(2).build().unwrap();
    let started = Instant::now();
    let err = agent.send_event("C", event("x")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

/// A server that accepts TCP but never finishes the TLS handshake: `connect_timeout` bounds
/// the whole connect, TLS included, so the write was certainly not sent and is retried (it
/// does not wait for `attempt_timeout` and end as "maybe sent").
#[tokio::test]
async fn a_tls_handshake_that_never_ends_is_a_connect_timeout_and_a_write_is_retried() {
    let server = RawServer::always(Behaviour::Hang).await;
    let url = server.url.replace("http://", "https://");
    let agent = client_for(&url)
        .connect_timeout(Duration::from_millis(300))
        .attempt_timeout(Duration::from_secs(5))
        .max_retries(1)
        .build()
        .unwrap();
    let started = Instant::now();
    let err = agent.send_event("C", event("x")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert_eq!(err.message(), "the HTTP request timed out", "{err}");
    assert_eq!(server.connections(), 2, "the write was retried once");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

// ---- API-level faults (emulator) ---------------------------------------------------------

struct Emu {
    emu: Emulator,
    http: reqwest::Client,
}

impl Emu {
    async fn start(config: Config) -> Emu {
        Emu {
            emu: Emulator::start(config).await.unwrap(),
            http: reqwest::Client::new(),
        }
    }

    fn client(&self) -> livechat::AgentWebBuilder {
        AgentWeb::builder("faults")
            .api_url(self.emu.url())
            .token(Token::bearer(self.emu.token()))
            .retry_base_delay(MS)
    }

    async fn fault(&self, fault: Value) {
        let resp = self
            .http
            .post(format!("{}/__emulator/faults", self.emu.url()))
            .header("content-type", "application/json")
            .body(fault.to_string())
            .send()
            .await
            .unwrap();
        assert!(resp.status().is_success(), "fault refused: {fault}");
    }

    /// `(action, status)` of every API request the emulator received (status `None`: dropped).
    async fn seen(&self) -> Vec<(String, Option<u64>)> {
        let text = self
            .http
            .get(format!("{}/__emulator/requests", self.emu.url()))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        v["requests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["action"].as_str().unwrap().to_owned(),
                    r["status"].as_u64(),
                )
            })
            .collect()
    }

    /// The statuses the emulator answered to `action`, in order.
    async fn statuses(&self, action: &str) -> Vec<Option<u64>> {
        self.seen()
            .await
            .into_iter()
            .filter(|(a, _)| a == action)
            .map(|(_, s)| s)
            .collect()
    }

    async fn clear_requests(&self) {
        self.http
            .delete(format!("{}/__emulator/requests", self.emu.url()))
            .send()
            .await
            .unwrap();
    }

    /// How many stored events of `chat` have `text`.
    fn stored(&self, chat: &str, text: &str) -> usize {
        let state = self.emu.state();
        state["chats"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["id"] == chat)
            .flat_map(|c| c["threads"].as_array().unwrap().iter())
            .flat_map(|t| t["events"].as_array().unwrap().iter())
            .filter(|e| e["text"] == text)
            .count()
    }
}

async fn emulator() -> Emu {
    Emu::start(Config::default()).await
}

#[tokio::test]
async fn a_429_with_retry_after_delays_the_retry_and_the_event_is_stored_once() {
    let emu = emulator().await;
    let agent = emu.client().build().unwrap();
    let chat = agent.start_chat().await.unwrap().chat_id;
    emu.fault(json!({"action": "send_event", "status": 429, "headers": {"Retry-After": "0.3"}}))
        .await;
    let started = Instant::now();
    agent
        .send_event(chat.as_str(), event("rl-1"))
        .await
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "Retry-After 0.3 was honoured: {:?}",
        started.elapsed()
    );
    assert_eq!(emu.statuses("send_event").await, [Some(429), Some(200)]);
    assert_eq!(emu.stored(&chat, "rl-1"), 1);
}

#[tokio::test]
async fn a_429_without_retry_after_backs_off_and_the_budget_ends_in_a_rate_limit_error() {
    let emu = emulator().await;
    let agent = emu.client().max_retries(2).build().unwrap();
    let chat = agent.start_chat().await.unwrap().chat_id;
    emu.fault(json!({"action": "send_event", "status": 429, "count": 3}))
        .await;
    let err = agent
        .send_event(chat.as_str(), event("rl-2"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Api);
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.error_type(), Some(&ApiErrorType::TooManyRequests));
    assert_eq!(err.retry_after(), None);
    assert_eq!(emu.statuses("send_event").await, [Some(429); 3]);
    assert_eq!(
        emu.stored(&chat, "rl-2"),
        0,
        "rejected before the action: nothing stored"
    );
}

#[tokio::test]
async fn the_emulators_real_rate_limit_is_waited_out_and_no_event_is_lost_or_doubled() {
    let mut config = Config::default();
    config.rate_limit = Some(3);
    let emu = Emu::start(config).await;
    let agent = emu.client().max_retries(3).build().unwrap();
    let chat = agent.start_chat().await.unwrap().chat_id;
    for i in 0..5 {
        agent
            .send_event(chat.as_str(), event(&format!("limited-{i}")))
            .await
            .unwrap();
    }
    let statuses = emu.statuses("send_event").await;
    assert!(
        statuses.contains(&Some(429)),
        "the limit was hit: {statuses:?}"
    );
    assert_eq!(statuses.iter().filter(|s| **s == Some(200)).count(), 5);
    for i in 0..5 {
        assert_eq!(emu.stored(&chat, &format!("limited-{i}")), 1, "limited-{i}");
    }
}

#[tokio::test]
async fn a_503_never_replays_a_write_before_or_after_the_work_and_reads_are_retried() {
    let emu = emulator().await;
    let agent = emu.client().build().unwrap();
    let chat = agent.start_chat().await.unwrap().chat_id;

    // The API's service_unavailable after the event was stored: one request, stored once.
    emu.fault(json!({"action": "send_event", "status": 503, "apply": "after"}))
        .await;
    let err = agent
        .send_event(chat.as_str(), event("after"))
        .await
        .unwrap_err();
    assert_eq!(err.error_type(), Some(&ApiErrorType::ServiceUnavailable));
    assert_eq!(emu.statuses("send_event").await, [Some(503)]);
    assert_eq!(emu.stored(&chat, "after"), 1);

    // A persistent 503 (a proxy's page): the write goes out once, not three times.
    emu.fault(json!({"action": "send_event", "status": 503, "count": 3,
                     "body": "upstream connect error or disconnect/reset before headers"}))
        .await;
    let err = agent
        .send_event(chat.as_str(), event("page"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(emu.statuses("send_event").await, [Some(503), Some(503)]);
    assert_eq!(emu.stored(&chat, "page"), 0);
    emu.emu.clear_faults();

    // A read is retried after a 503.
    emu.fault(json!({"action": "list_chats", "status": 503, "count": 2}))
        .await;
    agent.list_chats().await.unwrap();
    assert_eq!(
        emu.statuses("list_chats").await,
        [Some(503), Some(503), Some(200)]
    );
}

#[tokio::test]
async fn the_emulator_refuses_a_rate_limit_fault_after_the_work() {
    let emu = emulator().await;
    let err = emu
        .emu
        .add_faults(json!({"action": "send_event", "status": 429, "apply": "after"}))
        .unwrap_err();
    assert!(err.contains("before"), "{err}");
}

#[tokio::test]
async fn a_500_is_retried_for_reads_and_never_replayed_for_writes() {
    let emu = emulator().await;
    let agent = emu.client().build().unwrap();
    let chat = agent.start_chat().await.unwrap().chat_id;

    emu.fault(json!({"action": "get_chat", "status": 500, "count": 2}))
        .await;
    agent.get_chat(chat.as_str()).await.unwrap();
    assert_eq!(
        emu.statuses("get_chat").await,
        [Some(500), Some(500), Some(200)]
    );

    // Before the action: the caller is told, nothing is stored, nothing is retried.
    emu.fault(json!({"action": "send_event", "status": 500}))
        .await;
    let err = agent
        .send_event(chat.as_str(), event("before"))
        .await
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.status(), err.error_type()),
        (ErrorKind::Api, Some(500), Some(&ApiErrorType::Internal))
    );
    // After the action: stored, the caller is told, and no duplicate is sent.
    emu.fault(json!({"action": "send_event", "status": 500, "apply": "after"}))
        .await;
    let err = agent
        .send_event(chat.as_str(), event("after"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(emu.statuses("send_event").await, [Some(500), Some(500)]);
    assert_eq!(emu.stored(&chat, "before"), 0);
    assert_eq!(emu.stored(&chat, "after"), 1, "the write happened once");
}

#[tokio::test]
async fn gateway_errors_and_dropped_connections_retry_reads_only() {
    let emu = emulator().await;
    let agent = emu.client().build().unwrap();
    let chat = agent.start_chat().await.unwrap().chat_id;

    emu.fault(json!([
        {"action": "list_threads", "status": 502},
        {"action": "list_threads", "status": 504},
        {"action": "list_threads", "drop": true}
    ]))
    .await;
    agent
        .list_threads(chat.as_str())
        .max_retries(3)
        .await
        .unwrap();
    assert_eq!(
        emu.statuses("list_threads").await,
        [Some(502), Some(504), None, Some(200)]
    );

    for (i, (fault, kind)) in [
        (json!({"status": 502, "apply": "after"}), ErrorKind::Api),
        (json!({"status": 504, "apply": "after"}), ErrorKind::Api),
        (
            json!({"drop": true, "apply": "after"}),
            ErrorKind::Transport,
        ),
        (json!({"drop": true}), ErrorKind::Transport),
    ]
    .into_iter()
    .enumerate()
    {
        emu.clear_requests().await;
        let mut f = fault.clone();
        f["action"] = json!("send_event");
        emu.fault(f).await;
        let text = format!("gw-{i}");
        let err = agent
            .send_event(chat.as_str(), event(&text))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), kind, "{fault}: {err}");
        assert_eq!(
            emu.statuses("send_event").await.len(),
            1,
            "{fault}: sent once"
        );
        let applied = fault["apply"] == "after";
        assert_eq!(emu.stored(&chat, &text), usize::from(applied), "{fault}");
    }
}

#[tokio::test]
async fn misdirected_request_is_followed_to_the_named_region_once_and_remembered() {
    let mut config = Config::default();
    config.region = "fra".into();
    let emu = Emu::start(config).await;
    // The token says dal; the explicit region too. The emulator serves fra.
    let agent = emu.client().region("dal").build().unwrap();
    let chat = agent.start_chat().await.unwrap().chat_id;
    assert_eq!(agent.region().as_deref(), Some("fra"));
    agent
        .send_event(chat.as_str(), event("moved"))
        .await
        .unwrap();
    assert_eq!(emu.statuses("start_chat").await, [Some(421), Some(200)]);
    assert_eq!(emu.statuses("send_event").await, [Some(200)], "remembered");
    assert_eq!(emu.stored(&chat, "moved"), 1);
}

#[tokio::test]
async fn a_401_asks_the_getter_for_a_fresh_token_and_the_write_happens_once() {
    let emu = emulator().await;
    let good = emu.emu.token().to_owned();
    let refreshed = Arc::new(AtomicUsize::new(0));
    let r = refreshed.clone();
    // Serves an expired token until asked to refresh, then the good one.
    let agent = AgentWeb::builder("faults")
        .api_url(emu.emu.url())
        .retry_base_delay(MS)
        .token_provider(move |req: TokenRequest| {
            if req.refresh {
                r.fetch_add(1, Ordering::SeqCst);
            }
            let token = if r.load(Ordering::SeqCst) > 0 {
                good.clone()
            } else {
                "dal:expired".to_owned()
            };
            std::future::ready(Ok::<_, std::io::Error>(Token::bearer(token)))
        })
        .build()
        .unwrap();
    let chat = agent.start_chat().await.unwrap().chat_id;
    agent
        .send_event(chat.as_str(), event("auth"))
        .await
        .unwrap();
    assert_eq!(refreshed.load(Ordering::SeqCst), 1);
    assert_eq!(emu.statuses("start_chat").await, [Some(401), Some(200)]);
    assert_eq!(emu.statuses("send_event").await, [Some(200)]);
    assert_eq!(emu.stored(&chat, "auth"), 1);
}

#[tokio::test]
async fn a_token_getter_that_hangs_or_fails_is_a_token_error_and_nothing_is_sent() {
    let emu = emulator().await;
    let hanging = AgentWeb::builder("faults")
        .api_url(emu.emu.url())
        .token_timeout(Duration::from_millis(200))
        .token_provider(|_r: TokenRequest| async {
            std::future::pending::<Result<Token, std::io::Error>>().await
        })
        .build()
        .unwrap();
    let started = Instant::now();
    let err = hanging.send_event("C", event("x")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Token, "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "bounded by token_timeout"
    );

    let failing = AgentWeb::builder("faults")
        .api_url(emu.emu.url())
        .token_provider(|_r: TokenRequest| async {
            Err::<Token, _>(std::io::Error::other("vault sealed"))
        })
        .build()
        .unwrap();
    let err = failing.list_chats().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Token);
    assert!(err.full_message().contains("vault sealed"), "{err}");

    let injecting = AgentWeb::builder("faults")
        .api_url(emu.emu.url())
        .token_provider(|_r: TokenRequest| async {
            Ok::<_, std::io::Error>(Token::bearer("dal:x\r\nX-Admin: 1"))
        })
        .build()
        .unwrap();
    let err = injecting.list_chats().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Token);
    assert!(emu.seen().await.is_empty(), "no request reached the server");
}
