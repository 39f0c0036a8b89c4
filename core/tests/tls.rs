//! TLS: certificates are verified by default (a self-signed loopback server is refused with a
//! clear error) and a custom CA makes it work.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use livechat::{AgentWeb, ErrorKind, Token};
use livechat_emulator::{Config, Emulator, Tls};

async fn tls_emulator() -> Emulator {
    let mut config = Config::default();
    config.tls = Tls::SelfSigned;
    Emulator::start(config).await.unwrap()
}

#[tokio::test]
async fn an_untrusted_certificate_is_refused_with_a_clear_error() {
    let emu = tls_emulator().await;
    assert!(emu.url().starts_with("https://"));
    let agent = AgentWeb::builder("tls")
        .api_url(emu.url())
        .token(Token::bearer(emu.token()))
        .max_retries(0)
        .build()
        .unwrap();
    let err = agent.list_chats().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
    // The certificate problem is in the cause chain, which the error JSON and `{:#}` show.
    let text = err.full_message().to_lowercase();
    assert!(
        text.contains("certificate") || text.contains("unknownissuer"),
        "{err}"
    );
}

#[tokio::test]
async fn a_custom_ca_makes_it_work() {
    let emu = tls_emulator().await;
    let agent = AgentWeb::builder("tls")
        .api_url(emu.url())
        .token(Token::bearer(emu.token()))
        .add_root_certificate_pem(emu.ca_pem().unwrap().as_bytes().to_vec())
        .build()
        .unwrap();
    agent.list_chats().await.unwrap();
    let config = format!(
        r#"{{"client_id":"tls","api_url":"{}","token":"{}","ca_file":"{}"}}"#,
        emu.url(),
        emu.token(),
        emu.ca_file().unwrap().display()
    );
    let from_json = livechat::ClientConfig::from_json(&config)
        .unwrap()
        .into_builder::<livechat::AgentWeb>()
        .unwrap()
        .build()
        .unwrap();
    from_json.list_chats().await.unwrap();
}

#[test]
fn a_ca_file_that_is_not_pem_is_refused() {
    let err = AgentWeb::builder("tls")
        .token(Token::bearer("dal:x"))
        .add_root_certificate_pem(b"not a certificate".to_vec())
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{err}");
}

fn trusting(emu: &Emulator) -> AgentWeb {
    AgentWeb::builder("tls")
        .api_url(emu.url())
        .token(Token::bearer(emu.token()))
        .add_root_certificate_pem(emu.ca_pem().unwrap().as_bytes().to_vec())
        .build()
        .unwrap()
}

/// A server that negotiates HTTP/2 (ALPN) gets one connection per client, also when a burst of
/// calls starts before anything is connected (over plain HTTP/1.1 the same burst opens 64):
/// pinned because the issue's benchmark saw raw reqwest race one handshake per call.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_calls_over_http2_opens_one_connection() {
    let emu = tls_emulator().await;
    let agent = trusting(&emu);
    let calls = (0..64).map(|_| {
        let a = agent.clone();
        tokio::spawn(async move { a.list_routing_statuses().await })
    });
    for result in futures_util::future::join_all(calls).await {
        result.unwrap().unwrap();
    }
    assert_eq!(emu.connections_accepted(), 1);
    // Later bursts reuse it.
    let calls = (0..64).map(|_| agent.list_routing_statuses());
    for result in futures_util::future::join_all(calls).await {
        result.unwrap();
    }
    assert_eq!(emu.connections_accepted(), 1);
}
