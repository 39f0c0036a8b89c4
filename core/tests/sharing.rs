//! A client of another API made with `sharing` speaks its own surface but shares the first
//! client's token source (one getter, one single flight), options and connections; closing one
//! leaves the other working.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use futures_util::future::join_all;
use livechat::{AgentWeb, CallOptions, Configuration, ErrorKind, Token, TokenRequest};
use livechat_emulator::{Config, Emulator};
use serde_json::Map;

#[tokio::test]
async fn a_configuration_client_shares_the_agent_clients_token_getter_and_options() {
    let emu = Emulator::start(Config::default()).await.unwrap();
    let asked = Arc::new(AtomicUsize::new(0));
    let token = emu.token().to_owned();
    let counter = asked.clone();
    let agent = AgentWeb::builder("sharing-tests")
        .api_url(emu.url())
        .version("3.6")
        .timeout(Duration::from_secs(7))
        .token_provider(move |_req: TokenRequest| {
            let token = token.clone();
            let counter = counter.clone();
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(200)).await;
                Ok::<_, std::io::Error>(Token::bearer(token))
            }
        })
        .build()
        .unwrap();
    let config = Configuration::sharing(&agent).unwrap();
    assert_eq!(config.version(), agent.version());
    assert_eq!(config.api_url(), agent.api_url());

    // 20 calls on each API at once: one getter call serves them all.
    let agent_calls =
        (0..20).map(|_| agent.call_method("list_chats", Map::new(), CallOptions::new()));
    let config_calls =
        (0..20).map(|_| config.call_method("list_bots", Map::new(), CallOptions::new()));
    let (a, c) = tokio::join!(join_all(agent_calls), join_all(config_calls));
    assert!(a.iter().chain(c.iter()).all(|r| r.is_ok()));
    assert_eq!(asked.load(Ordering::SeqCst), 1, "one shared single flight");
    let paths: Vec<String> = emu.requests()["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        paths
            .iter()
            .filter(|p| p.ends_with("/configuration/action/list_bots"))
            .count(),
        20
    );
    assert_eq!(
        paths
            .iter()
            .filter(|p| p.ends_with("/agent/action/list_chats"))
            .count(),
        20
    );

    // Each refuses the other's methods, naming where they live.
    let err = config
        .call_method("list_chats", Map::new(), CallOptions::new())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedMethod);
    assert!(err.to_string().contains("agent API"), "{err}");

    // Closing the agent client leaves the configuration client working.
    agent.close();
    config
        .call_method("list_bots", Map::new(), CallOptions::new())
        .await
        .unwrap();
    let err = Configuration::sharing(&agent).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Closed);
    let back = AgentWeb::sharing(&config).unwrap();
    back.call_method("list_chats", Map::new(), CallOptions::new())
        .await
        .unwrap();
}
