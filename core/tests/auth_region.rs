//! Token getters, refresh on `authentication`, and region routing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use livechat::{AgentWeb, ErrorKind, Token, TokenRequest};
use serde_json::json;
use support::{MockServer, Reply};

fn counting_getter(
    calls: Arc<AtomicUsize>,
) -> impl Fn(TokenRequest) -> std::future::Ready<Result<Token, std::io::Error>> + Send + Sync + 'static
{
    move |req: TokenRequest| {
        let n = calls.fetch_add(1, Ordering::SeqCst);
        let token = if req.refresh {
            format!("dal:fresh-{n}")
        } else {
            format!("dal:cached-{n}")
        };
        std::future::ready(Ok(Token::bearer(token)))
    }
}

#[tokio::test]
async fn the_getter_is_asked_before_every_request() {
    let server = MockServer::start().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let agent = AgentWeb::builder("c")
        .api_url(&server.url)
        .token_provider(counting_getter(calls.clone()))
        .build()
        .unwrap();
    agent.list_chats().await.unwrap();
    agent.list_chats().await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    let auth: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.header("authorization").unwrap().to_owned())
        .collect();
    assert_eq!(auth, ["Bearer dal:cached-0", "Bearer dal:cached-1"]);
}

#[tokio::test]
async fn a_401_asks_the_getter_for_a_fresh_token_and_retries_once() {
    let server = MockServer::start().await;
    server.reply([Reply::error(401, "authentication", "Invalid access token")]);
    let calls = Arc::new(AtomicUsize::new(0));
    let agent = AgentWeb::builder("c")
        .api_url(&server.url)
        .token_provider(counting_getter(calls.clone()))
        .max_retries(0)
        .build()
        .unwrap();
    let sent = agent
        .send_event("C", json!({"type": "message", "text": "x"}))
        .json()
        .await
        .unwrap();
    assert_eq!(sent, json!({}));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[1].header("authorization"), Some("Bearer dal:fresh-1"));
}

#[tokio::test]
async fn a_second_401_is_returned_and_a_static_token_is_never_retried() {
    let server = MockServer::start().await;
    server.reply((0..3).map(|_| Reply::error(401, "authentication", "Invalid access token")));
    let agent = AgentWeb::builder("c")
        .api_url(&server.url)
        .token_provider(counting_getter(Arc::new(AtomicUsize::new(0))))
        .build()
        .unwrap();
    let err = agent.list_chats().await.unwrap_err();
    assert!(err.is_authentication());
    assert_eq!(err.status(), Some(401));
    assert_eq!(server.count(), 2);

    let server = MockServer::start().await;
    server.reply([Reply::error(401, "authentication", "Invalid access token")]);
    server.client("3.6").list_chats().await.unwrap_err();
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn a_failing_getter_is_a_token_error_and_nothing_is_sent() {
    let server = MockServer::start().await;
    let agent = AgentWeb::builder("c")
        .api_url(&server.url)
        .token_provider(|_r: TokenRequest| async {
            Err::<Token, _>(std::io::Error::other("vault unreachable"))
        })
        .build()
        .unwrap();
    let err = agent.list_chats().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Token);
    // The getter's error is the cause, not part of the message; the error JSON carries both.
    assert!(!err.to_string().contains("vault unreachable"), "{err}");
    let source = std::error::Error::source(&err).unwrap();
    assert_eq!(source.to_string(), "vault unreachable");
    assert!(
        err.to_json()
            .contains("the token getter failed: vault unreachable")
    );
    assert_eq!(server.count(), 0);
}

#[tokio::test(start_paused = true)]
async fn a_getter_that_hangs_is_bounded_by_the_token_timeout() {
    let server = MockServer::start().await;
    let agent = AgentWeb::builder("c")
        .api_url(&server.url)
        .token_timeout(Duration::from_secs(5))
        .token_provider(|_r: TokenRequest| async {
            std::future::pending::<Result<Token, std::io::Error>>().await
        })
        .build()
        .unwrap();
    let err = agent.list_chats().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Token);
    assert!(err.to_string().contains("did not answer"), "{err}");
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn a_getter_returning_a_token_with_crlf_is_refused() {
    let server = MockServer::start().await;
    let agent = AgentWeb::builder("c")
        .api_url(&server.url)
        .token_provider(|_r: TokenRequest| async {
            Ok::<_, std::io::Error>(Token::bearer("dal:abc\r\nX-Injected: 1"))
        })
        .build()
        .unwrap();
    let err = agent.list_chats().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Token);
    assert!(!err.to_string().contains("abc"), "{err}");
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn misdirected_request_is_retried_once_in_the_named_region_and_remembered() {
    let server = MockServer::start().await;
    server.reply([Reply::json(
        421,
        json!({"error": {"type": "misdirected_request", "message": "Wrong region", "data": {"region": "fra"}}}),
    )]);
    let agent = server.client("3.6");
    agent
        .send_event("C", json!({"type": "message", "text": "x"}))
        .json()
        .await
        .unwrap();
    agent.list_chats().await.unwrap();
    let regions: Vec<Option<String>> = server
        .requests()
        .iter()
        .map(|r| r.header("x-region").map(str::to_owned))
        .collect();
    assert_eq!(
        regions,
        [Some("dal".into()), Some("fra".into()), Some("fra".into())]
    );
    assert_eq!(agent.region().as_deref(), Some("fra"));
}

#[tokio::test]
async fn a_second_misdirection_is_returned() {
    let server = MockServer::start().await;
    let wrong = |r: &str| {
        Reply::json(
            421,
            json!({"error": {"type": "misdirected_request", "message": "Wrong region", "data": {"region": r}}}),
        )
    };
    server.reply([wrong("fra"), wrong("dal")]);
    let err = server.client("3.6").list_chats().await.unwrap_err();
    assert_eq!(err.error_type().unwrap().as_str(), "misdirected_request");
    assert_eq!(
        err.api_error().unwrap().data.as_ref().unwrap()["region"],
        "dal"
    );
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn a_configured_region_is_sent_for_tokens_without_a_prefix() {
    let server = MockServer::start().await;
    let agent = AgentWeb::builder("c")
        .api_url(&server.url)
        .token(Token::pat("acc", "pat"))
        .region("fra")
        .build()
        .unwrap();
    agent.list_chats().await.unwrap();
    assert_eq!(server.requests()[0].header("x-region"), Some("fra"));
}
