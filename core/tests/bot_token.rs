//! Bot tokens against the emulator: a `BotTokenSource` issues one token for many concurrent
//! calls, issues exactly one more when the emulator's clock passes its expiry, reports bad
//! credentials as the API's error, and works from the JSON config the bindings use.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use futures_util::future::join_all;
use livechat::{
    AgentWeb, BotCredentials, BotTokenSource, CallOptions, ClientConfig, Configuration, ErrorKind,
    Token,
};
use livechat_emulator::{Config, Emulator};
use serde_json::{Map, Value, json};

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

async fn emulator_with_bot() -> (Emulator, Configuration, BotCredentials) {
    let emu = Emulator::start(Config::default()).await.unwrap();
    let admin = Configuration::builder("bot-tests")
        .api_url(emu.url())
        .version("3.6")
        .token(Token::bearer(emu.token()))
        .build()
        .unwrap();
    let bot = admin
        .call_method(
            "create_bot",
            obj(json!({"name": "Echo", "owner_client_id": "bot-tests"})),
            CallOptions::new(),
        )
        .await
        .unwrap();
    let organization_id = admin
        .call_method(
            "get_organization_id",
            obj(json!({"license_id": 1})),
            CallOptions::new(),
        )
        .await
        .map(|v| v["organization_id"].as_str().unwrap_or_default().to_owned())
        .unwrap_or_default();
    let organization_id = if organization_id.is_empty() {
        emu.state()["license"]["organization_id"]
            .as_str()
            .unwrap()
            .to_owned()
    } else {
        organization_id
    };
    let credentials = BotCredentials::new(
        bot["id"].as_str().unwrap(),
        "bot-tests",
        bot["secret"].as_str().unwrap(),
        organization_id,
    );
    (emu, admin, credentials)
}

fn agent(emu: &Emulator, source: std::sync::Arc<BotTokenSource>) -> AgentWeb {
    AgentWeb::builder("bot-tests")
        .api_url(emu.url())
        .version("3.6")
        .token_provider_arc(source)
        .build()
        .unwrap()
}

async fn list_chats_100(agent: &AgentWeb) -> Vec<livechat::Result<Value>> {
    join_all((0..100).map(|_| agent.call_method("list_chats", Map::new(), CallOptions::new())))
        .await
}

#[tokio::test]
async fn one_issue_serves_many_calls_and_one_more_follows_expiry() {
    let (emu, admin, credentials) = emulator_with_bot().await;
    let source = std::sync::Arc::new(BotTokenSource::new(&admin, credentials).unwrap());
    let agent = agent(&emu, source.clone());

    let results = list_chats_100(&agent).await;
    assert!(
        results.iter().all(|r| r.is_ok()),
        "{:?}",
        results.iter().find(|r| r.is_err())
    );
    assert_eq!(
        source.issued(),
        1,
        "100 concurrent calls share one issue_bot_token"
    );

    // A day later the emulator refuses the token; every call recovers with one new token.
    emu.advance_clock(Duration::from_secs(25 * 3600));
    let results = list_chats_100(&agent).await;
    assert!(
        results.iter().all(|r| r.is_ok()),
        "{:?}",
        results.iter().find(|r| r.is_err())
    );
    assert_eq!(source.issued(), 2, "expiry costs exactly one more issue");

    let issues = emu.requests()["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            r["path"]
                .as_str()
                .unwrap_or_default()
                .ends_with("/issue_bot_token")
        })
        .count();
    assert_eq!(issues, 2);
}

#[tokio::test]
async fn bad_credentials_are_the_apis_error_and_never_shown() {
    let (emu, admin, mut credentials) = emulator_with_bot().await;
    credentials.bot_secret = "wrong-secret-value".into();
    let source = std::sync::Arc::new(BotTokenSource::new(&admin, credentials.clone()).unwrap());
    let agent = agent(&emu, source.clone());
    let err = agent
        .call_method("list_chats", Map::new(), CallOptions::new())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Api, "{err}");
    assert!(err.to_string().contains("Invalid bot credentials"), "{err}");
    assert!(!format!("{err:?} {source:?} {credentials:?}").contains("wrong-secret-value"));
    assert_eq!(source.issued(), 0);
}

#[tokio::test]
async fn empty_credentials_and_an_issuer_without_issue_bot_token_are_refused() {
    let (emu, _admin, credentials) = emulator_with_bot().await;
    let old = Configuration::builder("bot-tests")
        .api_url(emu.url())
        .version("3.4")
        .token(Token::bearer(emu.token()))
        .build()
        .unwrap();
    let err = BotTokenSource::new(&old, credentials).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(err.to_string().contains("issue_bot_token"), "{err}");
    let err = BotTokenSource::new(&old, BotCredentials::new("b", "", "s", "o")).unwrap_err();
    assert!(err.to_string().contains("client_id is empty"), "{err}");
}

#[tokio::test]
async fn the_json_config_acts_as_the_bot() {
    let (emu, _admin, credentials) = emulator_with_bot().await;
    let config = json!({
        "client_id": "bot-tests", "api_url": emu.url(), "version": "3.6",
        "token": emu.token(),
        "bot": {"bot_id": credentials.bot_id, "client_id": credentials.client_id,
                "bot_secret": credentials.bot_secret, "organization_id": credentials.organization_id},
    });
    let parsed = ClientConfig::from_json(&config.to_string()).unwrap();
    assert!(!format!("{parsed:?}").contains(&credentials.bot_secret));
    let agent: AgentWeb = parsed.into_builder().unwrap().build().unwrap();
    agent
        .call_method("list_chats", Map::new(), CallOptions::new())
        .await
        .unwrap();
    // The client issued a bot token (with the admin token) before its call.
    let paths: Vec<String> = emu.requests()["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap_or_default().to_owned())
        .collect();
    let tail = &paths[paths.len() - 2..];
    assert_eq!(
        tail,
        [
            "/v3.6/configuration/action/issue_bot_token",
            "/v3.6/agent/action/list_chats"
        ],
        "{paths:?}"
    );

    let mut no_issuer_auth = config.clone();
    no_issuer_auth.as_object_mut().unwrap().remove("token");
    let err = ClientConfig::from_json(&no_issuer_auth.to_string())
        .unwrap()
        .into_builder::<AgentWeb>()
        .err()
        .unwrap();
    assert!(
        err.to_string().contains("authenticates issue_bot_token"),
        "{err}"
    );
}

#[tokio::test]
async fn a_late_refresh_for_a_token_already_replaced_reuses_the_new_one() {
    use livechat::TokenRequest;
    let (_emu, admin, credentials) = emulator_with_bot().await;
    let source = BotTokenSource::new(&admin, credentials).unwrap();
    let t1 = source.token_for(TokenRequest::new()).await.unwrap();
    assert_eq!(
        source.token_for(TokenRequest::new()).await.unwrap(),
        t1,
        "cached while fresh"
    );
    let t2 = source
        .token_for(TokenRequest::after_rejection(&t1))
        .await
        .unwrap();
    assert_ne!(t1, t2);
    assert_eq!(source.issued(), 2);
    // A call that sent t1 before the renewal fails later: it gets t2, no third issue.
    let t3 = source
        .token_for(TokenRequest::after_rejection(&t1))
        .await
        .unwrap();
    assert_eq!(t3, t2);
    assert_eq!(source.issued(), 2);
    // t2 itself rejected: a new one.
    source
        .token_for(TokenRequest::after_rejection(&t2))
        .await
        .unwrap();
    assert_eq!(source.issued(), 3);
}
