//! `timeout` bounds the whole call — attempts, backoff, `Retry-After` waits and the token getter
//! — while `attempt_timeout` bounds one attempt; retries are capped and never come faster than
//! the 100 ms floor; per-call options override the client's.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::{Duration, Instant};

use livechat::{AgentWeb, CallOptions, ErrorKind, Token, TokenRequest};
use serde_json::json;
use support::raw::{Behaviour, RawServer};
use support::{MockServer, Reply, obj};

fn client_for(url: &str) -> livechat::AgentWebBuilder {
    AgentWeb::builder("deadline")
        .api_url(url)
        .token(Token::bearer("dal:deadline-token"))
}

#[tokio::test]
async fn a_silent_server_ends_the_call_at_its_timeout_not_after_every_attempt() {
    let server = RawServer::always(Behaviour::Hang).await;
    let agent = client_for(&server.url)
        .timeout(Duration::from_millis(800))
        .build()
        .unwrap();
    let started = Instant::now();
    // A read: retried after timeouts, but never past the call's deadline.
    let err = agent.list_chats().await.unwrap_err();
    let took = started.elapsed();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert!(err.to_string().contains("timeout"), "{err}");
    assert!(
        took >= Duration::from_millis(700) && took < Duration::from_millis(1500),
        "{took:?}"
    );
}

#[tokio::test]
async fn attempt_timeout_bounds_each_attempt_and_timeout_the_sum() {
    let server = RawServer::always(Behaviour::Hang).await;
    let agent = client_for(&server.url)
        .attempt_timeout(Duration::from_millis(200))
        .timeout(Duration::from_millis(900))
        .max_retries(10)
        .build()
        .unwrap();
    let started = Instant::now();
    let err = agent.list_chats().await.unwrap_err();
    let took = started.elapsed();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert!(took < Duration::from_millis(1500), "{took:?}");
    let attempts = server.requests();
    assert!((2..=4).contains(&attempts), "{attempts} attempts");
}

#[tokio::test]
async fn a_retry_after_beyond_the_deadline_returns_the_rate_limit_error_at_once() {
    let server = MockServer::start().await;
    let rate_limited =
        || Reply::error(429, "too_many_requests", "slow down").header("Retry-After", "4");
    server.reply([rate_limited(), rate_limited()]);
    let agent = server
        .builder("3.6")
        .timeout(Duration::from_secs(1))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = agent.get_chat("C").await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(4)));
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn retry_after_zero_cannot_make_a_storm() {
    let server = MockServer::start().await;
    server.reply(
        (0..100)
            .map(|_| Reply::error(503, "service_unavailable", "down").header("Retry-After", "0")),
    );
    let agent = server.builder("3.6").max_retries(10).build().unwrap();
    let started = Instant::now();
    let err = agent.list_chats().await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.count(), 11, "1 attempt + at most 10 retries");
    assert!(
        started.elapsed() >= Duration::from_millis(1000),
        "10 waits of at least 100 ms: {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn max_retries_above_ten_is_refused_for_clients_and_calls() {
    let err = client_for("http://127.0.0.1:9")
        .max_retries(4_294_967_295)
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(err.to_string().contains("max_retries"), "{err}");
    let agent = client_for("http://127.0.0.1:9").build().unwrap();
    let err = agent
        .call_method(
            "list_chats",
            obj(json!({})),
            CallOptions::new().max_retries(11),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{err}");
    let err = CallOptions::from_json(r#"{"max_retries": 4294967295}"#).unwrap_err();
    assert!(err.to_string().contains("max_retries"), "{err}");
    let err = CallOptions::from_json(r#"{"timeout": -1}"#).unwrap_err();
    assert!(err.to_string().contains("timeout"), "{err}");
    let err = CallOptions::from_json(r#"{"tmeout": 1}"#).unwrap_err();
    assert!(err.to_string().contains("tmeout"), "{err}");
    for (bad, key) in [
        (r#"{"max_retries": "2"}"#, "max_retries"),
        (r#"{"max_retries": -1}"#, "max_retries"),
        (r#"{"timeout": "5"}"#, "timeout"),
        (r#"{"attempt_timeout": null}"#, "attempt_timeout"),
        (r#"{"retry": "maybe"}"#, "retry"),
    ] {
        let err = CallOptions::from_json(bad).unwrap_err();
        assert!(err.message().starts_with(key), "{bad}: {err}");
        assert!(!err.to_string().contains("line 1"), "{bad}: {err}");
    }
    assert_eq!(CallOptions::from_json("").unwrap(), CallOptions::new());
    assert_eq!(
        CallOptions::from_json(r#"{"timeout": 2.5, "max_retries": 0}"#).unwrap(),
        CallOptions::new()
            .timeout(Duration::from_millis(2500))
            .max_retries(0)
    );
}

#[tokio::test]
async fn per_call_options_override_the_client() {
    let server = MockServer::start().await;
    server.reply((0..5).map(|_| Reply::error(500, "internal", "boom")));
    let agent = server.builder("3.6").max_retries(3).build().unwrap();
    let err = agent
        .call_method(
            "list_chats",
            obj(json!({})),
            CallOptions::new().max_retries(0),
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(
        server.count(),
        1,
        "max_retries=0 for this call: one request"
    );

    let hang = RawServer::always(Behaviour::Hang).await;
    let agent = client_for(&hang.url).build().unwrap();
    let started = Instant::now();
    let err = agent
        .call_method(
            "get_chat",
            obj(json!({"chat_id": "C"})),
            CallOptions::new().timeout(Duration::from_millis(300)),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_hanging_token_getter_is_bounded_by_the_call_timeout() {
    let agent = client_for("http://127.0.0.1:9")
        .token_provider(|_r: TokenRequest| async {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            Ok::<_, std::io::Error>(Token::bearer("dal:late"))
        })
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = agent.list_chats().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Token, "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
}
