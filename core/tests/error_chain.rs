//! Errors print once: `Display` is the error's own message, the cause is `source()`; a chain
//! printer (anyhow's `{:#}`: each message joined by ": ") shows every message once, and the
//! error JSON the bindings read still carries the whole chain.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::error::Error as StdError;

use livechat::{AgentWeb, ErrorKind, Token, TokenRequest};

/// What `format!("{:#}", anyhow::Error::from(e))` prints: every message of the chain.
fn chain<'a>(e: &'a (dyn StdError + 'static)) -> Vec<String> {
    let mut out = Vec::new();
    let mut next: Option<&'a (dyn StdError + 'static)> = Some(e);
    while let Some(s) = next {
        out.push(s.to_string());
        next = s.source();
    }
    out
}

/// Fails when one message of the chain repeats text another one already shows.
fn assert_each_once(messages: &[String]) {
    for (i, m) in messages.iter().enumerate() {
        for (j, other) in messages.iter().enumerate() {
            if i != j {
                let own = m.rsplit(": ").next().unwrap();
                assert!(
                    !other.contains(own),
                    "{own:?} printed twice in {:?}",
                    messages.join(": ")
                );
            }
        }
    }
}

#[tokio::test]
async fn a_transport_error_prints_each_message_of_its_chain_once() {
    let agent = AgentWeb::builder("c")
        .api_url(support::refused_url().await)
        .token(Token::bearer("dal:x"))
        .max_retries(0)
        .build()
        .unwrap();
    let err = agent.list_chats().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport);
    let messages = chain(&err);
    assert!(messages.len() > 1, "{messages:?}");
    assert_eq!(
        messages[0],
        "list_chats: transport: cannot connect to the API"
    );
    assert_each_once(&messages);
    // The bindings have no chain: their message is all of it.
    let json: serde_json::Value = serde_json::from_str(&err.to_json()).unwrap();
    let full = json["message"].as_str().unwrap();
    assert!(full.starts_with("cannot connect to the API: "), "{full}");
    assert!(full.len() > "cannot connect to the API: ".len(), "{full}");
}

#[tokio::test]
async fn a_token_getter_error_is_the_cause_and_printed_once() {
    let agent = AgentWeb::builder("c")
        .api_url(support::refused_url().await)
        .token_provider(|_r: TokenRequest| async {
            Err::<Token, _>(std::io::Error::other("vault unreachable"))
        })
        .build()
        .unwrap();
    let err = agent.list_chats().await.unwrap_err();
    let messages = chain(&err);
    assert_eq!(
        messages,
        [
            "list_chats: token: the token getter failed",
            "vault unreachable"
        ]
    );
    assert_eq!(
        err.full_message(),
        "the token getter failed: vault unreachable"
    );
}
