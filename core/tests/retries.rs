//! Retry rules, observed from the server's side under paused (virtual) time: what is retried,
//! what is never replayed, how long the client waits, and that the budget holds.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Duration;

use livechat::{ApiErrorType, ErrorKind};
use serde_json::json;
use support::{MockServer, Reply, closing_server, refused_url};

fn event() -> serde_json::Value {
    json!({"type": "message", "text": "hi"})
}

#[tokio::test(start_paused = true)]
async fn a_429_with_retry_after_is_retried_once_after_that_delay() {
    let server = MockServer::start().await;
    server.reply([
        Reply::error(429, "too_many_requests", "Too many requests").header("Retry-After", "2"),
        Reply::json(200, json!({"event_id": "E1"})),
    ]);
    let sent = server.client("3.6").send_event("C", event()).await.unwrap();
    assert_eq!(sent.event_id, "E1");
    let reqs = server.requests();
    assert_eq!(
        reqs.len(),
        2,
        "a write rejected with 429 is safe to send again"
    );
    let gap = reqs[1].at - reqs[0].at;
    assert!(
        gap >= Duration::from_secs(2) && gap < Duration::from_millis(2100),
        "{gap:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn the_retry_budget_is_respected_and_the_last_error_returned() {
    let server = MockServer::start().await;
    server.reply((0..5).map(|_| Reply::error(503, "service_unavailable", "busy")));
    let err = server
        .builder("3.6")
        .max_retries(2)
        .build()
        .unwrap()
        .list_chats()
        .await
        .unwrap_err();
    assert_eq!(server.count(), 3, "1 attempt + 2 retries");
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.error_type(), Some(&ApiErrorType::ServiceUnavailable));
}

#[tokio::test(start_paused = true)]
async fn max_retries_zero_means_one_attempt() {
    let server = MockServer::start().await;
    server.reply([Reply::error(503, "service_unavailable", "busy")]);
    let agent = server.builder("3.6").max_retries(0).build().unwrap();
    agent.list_chats().await.unwrap_err();
    assert_eq!(server.count(), 1);
}

#[tokio::test(start_paused = true)]
async fn backoff_doubles_with_jitter() {
    let server = MockServer::start().await;
    server.reply((0..3).map(|_| Reply::error(503, "service_unavailable", "busy")));
    let agent = server
        .builder("3.6")
        .max_retries(3)
        .retry_base_delay(Duration::from_millis(200))
        .build()
        .unwrap();
    agent.list_chats().await.unwrap();
    let at: Vec<Duration> = server.requests().iter().map(|r| r.at).collect();
    assert_eq!(at.len(), 4);
    for (i, step) in [200u64, 400, 800].into_iter().enumerate() {
        let gap = at[i + 1] - at[i];
        assert!(
            gap >= Duration::from_millis(step / 2) && gap <= Duration::from_millis(step + 5),
            "retry {i}: waited {gap:?}, step {step} ms"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_500_is_retried_for_reads_but_never_for_writes() {
    let server = MockServer::start().await;
    server.reply([
        Reply::error(500, "internal", "oops"),
        Reply::json(200, json!({"chats_summary": []})),
    ]);
    server.client("3.6").list_chats().await.unwrap();
    assert_eq!(server.count(), 2);

    let server = MockServer::start().await;
    server.reply([Reply::error(500, "internal", "oops")]);
    let err = server
        .client("3.6")
        .send_event("C", event())
        .await
        .unwrap_err();
    assert_eq!(err.error_type(), Some(&ApiErrorType::Internal));
    assert_eq!(
        server.count(),
        1,
        "a write that reached the server is not replayed"
    );
}

#[tokio::test(start_paused = true)]
async fn gateway_errors_and_request_timeouts_are_retried_for_reads_only() {
    for reply in [
        Reply::raw(502, "text/html", b"<html>Bad Gateway</html>"),
        Reply::raw(504, "text/plain", b"gateway timeout"),
        Reply::error(504, "request_timeout", "Request timed out"),
    ] {
        let server = MockServer::start().await;
        server.reply([reply.clone(), Reply::json(200, json!({}))]);
        server.client("3.6").get_customer("U").json().await.unwrap();
        assert_eq!(server.count(), 2, "{reply:?}");

        let server = MockServer::start().await;
        server.reply([reply.clone()]);
        server
            .client("3.6")
            .send_event("C", event())
            .await
            .unwrap_err();
        assert_eq!(server.count(), 1, "{reply:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_read_timeout_retries_a_read_but_not_a_write() {
    let server = MockServer::start().await;
    server.reply([
        Reply::hang(),
        Reply::json(200, json!({"chats_summary": []})),
    ]);
    let chats = server
        .client("3.6")
        .list_chats()
        .attempt_timeout(Duration::from_secs(1))
        .await
        .unwrap();
    assert!(chats.chats_summary.is_empty());
    assert_eq!(server.count(), 2);

    let server = MockServer::start().await;
    server.reply([Reply::hang()]);
    let err = server
        .client("3.6")
        .send_event("C", event())
        .timeout(Duration::from_secs(1))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert!(err.is_timeout());
    assert_eq!(
        server.count(),
        1,
        "the event may exist: no duplicate is sent"
    );
}

#[tokio::test]
async fn a_connection_reset_after_sending_is_not_replayed_for_writes() {
    let (url, count) = closing_server().await;
    let agent = livechat::AgentWeb::builder("c")
        .api_url(&url)
        .token(livechat::Token::bearer("dal:t"))
        .retry_base_delay(Duration::from_millis(1))
        .build()
        .unwrap();
    let err = agent.send_event("C", event()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
    assert_eq!(count.load(std::sync::atomic::Ordering::SeqCst), 1);

    agent.list_chats().await.unwrap_err();
    assert_eq!(
        count.load(std::sync::atomic::Ordering::SeqCst),
        1 + 3,
        "reads are retried twice"
    );
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_writes_then_reported() {
    let url = refused_url().await;
    let agent = livechat::AgentWeb::builder("c")
        .api_url(&url)
        .token(livechat::Token::bearer("dal:t"))
        .retry_base_delay(Duration::from_millis(1))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = agent.send_event("C", event()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport);
    assert!(err.to_string().to_lowercase().contains("connect"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_beyond_the_cap_is_returned_not_waited() {
    let server = MockServer::start().await;
    server
        .reply([Reply::error(429, "too_many_requests", "slow down").header("Retry-After", "3600")]);
    let err = server.client("3.6").list_chats().await.unwrap_err();
    assert_eq!(server.count(), 1);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(err.to_json_value()["retry_after"], 3600.0);
}

#[tokio::test(start_paused = true)]
async fn client_errors_are_not_retried() {
    for (status, ty) in [
        (422, "validation"),
        (404, "not_found"),
        (403, "authorization"),
        (409, "chat_inactive"),
    ] {
        let server = MockServer::start().await;
        server.reply([Reply::error(status, ty, "no")]);
        let err = server.client("3.6").list_chats().await.unwrap_err();
        assert_eq!(err.error_type().unwrap().as_str(), ty);
        assert_eq!(server.count(), 1, "{ty}");
    }
}

#[tokio::test]
async fn close_ends_calls_in_flight_and_refuses_new_ones() {
    let server = MockServer::start().await;
    server.reply([Reply::hang()]);
    let agent = server.client("3.6");
    let pending = tokio::spawn({
        let agent = agent.clone();
        async move { agent.list_chats().await }
    });
    while server.count() == 0 {
        tokio::task::yield_now().await;
    }
    agent.close();
    let err = pending.await.unwrap().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Closed);
    let err = agent.list_chats().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Closed);
    assert_eq!(server.count(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_raw_send_of_an_unknown_action_is_a_write_unless_the_caller_says_it_reads() {
    use livechat::{CallOptions, RetryClass};
    let server = MockServer::start().await;
    server.reply((0..3).map(|_| Reply::error(503, "service_unavailable", "busy")));
    let agent = server.client("3.6");
    // Its name starts with get_, but nothing is guessed from a name: one request.
    let err = agent
        .send_bytes("get_new_thing", json!({}), CallOptions::new())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.count(), 1);
    agent
        .send_bytes(
            "get_new_thing",
            json!({}),
            CallOptions::new().retry_class(RetryClass::Read),
        )
        .await
        .unwrap();
    assert_eq!(
        server.count(),
        1 + 3,
        "two 503s retried, then the default 200"
    );
    // A table action keeps the table's class whatever the option says.
    server.reply([Reply::error(503, "service_unavailable", "busy")]);
    agent
        .send_bytes(
            "send_event",
            json!({"chat_id": "C", "event": {"type": "message", "text": "x"}}),
            CallOptions::new().retry_class(RetryClass::Read),
        )
        .await
        .unwrap_err();
    assert_eq!(server.count(), 5);
}
