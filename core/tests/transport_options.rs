//! Transport options on the builder: a proxy (requests go to it in absolute form), HTTP/2 prior
//! knowledge (the HTTP/2 preface from the first byte), and a caller's own `reqwest::Client`
//! (used as given, with the library's headers on each request; builder options that configure
//! the HTTP client are refused with it).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use livechat::{AgentWeb, ErrorKind, Token};
use support::MockServer;
use support::raw::{Behaviour, RawServer};

#[tokio::test]
async fn a_proxy_receives_the_request_in_absolute_form() {
    let proxy = RawServer::always(Behaviour::Ok(r#"{"chats_summary":[],"found_chats":0}"#)).await;
    let agent = AgentWeb::builder("c")
        // Not resolvable: only the proxy can answer.
        .api_url("http://api.livechat.invalid")
        .token(Token::bearer("dal:x"))
        .proxy(&proxy.url)
        .max_retries(0)
        .build()
        .unwrap();
    agent.list_chats().json().await.unwrap();
    assert_eq!(
        proxy.paths(),
        ["http://api.livechat.invalid/v3.6/agent/action/list_chats"]
    );
}

#[tokio::test]
async fn a_bad_proxy_url_is_refused_without_repeating_it() {
    let err = AgentWeb::builder("c")
        .token(Token::bearer("dal:x"))
        .proxy("not a url with s3cret")
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(err.to_string().contains("proxy URL"), "{err}");
    assert!(!err.full_message().contains("s3cret"), "{err}");
}

#[tokio::test]
async fn http2_prior_knowledge_sends_the_http2_preface_at_once() {
    let server = RawServer::always(Behaviour::Ok("{}")).await;
    let agent = AgentWeb::builder("c")
        .api_url(&server.url)
        .token(Token::bearer("dal:x"))
        .http2_prior_knowledge()
        .max_retries(0)
        .build()
        .unwrap();
    // The server only speaks HTTP/1.1, so the call fails; what it received is the point.
    agent.list_chats().json().await.unwrap_err();
    // The preface is `PRI * HTTP/2.0`: its request target is `*`.
    assert_eq!(server.paths().first().map(String::as_str), Some("*"));
}

#[tokio::test]
async fn an_injected_http_client_is_used_with_the_library_headers() {
    let server = MockServer::start().await;
    let mut mine = reqwest::header::HeaderMap::new();
    mine.insert("x-mine", "1".parse().unwrap());
    let http = reqwest::Client::builder()
        .default_headers(mine)
        .build()
        .unwrap();
    let agent = server
        .builder("3.6")
        .header("X-Extra", "e")
        .http_client(http)
        .build()
        .unwrap();
    agent.list_chats().json().await.unwrap();
    let req = &server.requests()[0];
    assert_eq!(req.header("x-mine"), Some("1"));
    assert_eq!(req.header("x-extra"), Some("e"));
    assert_eq!(req.header("accept"), Some("application/json"));
    assert!(
        req.header("user-agent")
            .unwrap()
            .starts_with("livechat-rust/")
    );
    assert_eq!(req.header("authorization"), Some("Bearer dal:test-token"));
}

#[tokio::test]
async fn http_client_options_are_refused_with_an_injected_client() {
    let err = AgentWeb::builder("c")
        .token(Token::bearer("dal:x"))
        .http_client(reqwest::Client::new())
        .proxy("http://127.0.0.1:3128")
        .connect_timeout(std::time::Duration::from_secs(1))
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert_eq!(
        err.message(),
        "proxy, connect_timeout cannot apply to the HTTP client given with http_client; \
         set them on that client instead"
    );
    // Options the library applies itself still go with it.
    AgentWeb::builder("c")
        .token(Token::bearer("dal:x"))
        .http_client(reqwest::Client::new())
        .max_connections(4)
        .build()
        .unwrap();
}

/// The same options through the JSON config the C and Python layers use.
fn from_json(config: serde_json::Value) -> livechat::Result<AgentWeb> {
    livechat::ClientConfig::from_json(&config.to_string())?
        .into_builder()?
        .build()
}

#[tokio::test]
async fn the_json_config_takes_a_proxy() {
    let proxy = RawServer::always(Behaviour::Ok(r#"{"chats_summary":[],"found_chats":0}"#)).await;
    let agent = from_json(serde_json::json!({
        "client_id": "c", "api_url": "http://api.livechat.invalid", "token": "dal:x",
        "proxy": proxy.url, "max_retries": 0,
    }))
    .unwrap();
    agent.list_chats().json().await.unwrap();
    assert_eq!(
        proxy.paths(),
        ["http://api.livechat.invalid/v3.6/agent/action/list_chats"]
    );
    let err = from_json(serde_json::json!({"token": "dal:x", "proxy": "bad s3cret"})).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(!err.full_message().contains("s3cret"), "{err}");
    let debug = format!(
        "{:?}",
        livechat::ClientConfig::from_json(r#"{"proxy":"http://u:s3cret@p:1"}"#).unwrap()
    );
    assert!(!debug.contains("s3cret"), "{debug}");
}

#[tokio::test]
async fn the_json_config_takes_http2_prior_knowledge() {
    let server = RawServer::always(Behaviour::Ok("{}")).await;
    let agent = from_json(serde_json::json!({
        "client_id": "c", "api_url": server.url, "token": "dal:x",
        "http2_prior_knowledge": true, "max_retries": 0,
    }))
    .unwrap();
    agent.list_chats().json().await.unwrap_err();
    assert_eq!(server.paths().first().map(String::as_str), Some("*"));
    // `false` is the default: plain HTTP/1.1.
    let server = RawServer::always(Behaviour::Ok(r#"{"chats_summary":[],"found_chats":0}"#)).await;
    let agent = from_json(serde_json::json!({
        "client_id": "c", "api_url": server.url, "token": "dal:x",
        "http2_prior_knowledge": false,
    }))
    .unwrap();
    agent.list_chats().json().await.unwrap();
    assert_eq!(server.paths(), ["/v3.6/agent/action/list_chats"]);
    let err = from_json(serde_json::json!({"token": "dal:x", "http2_prior_knowledge": "yes"}))
        .unwrap_err();
    assert!(err.message().contains("http2_prior_knowledge"), "{err}");
}
