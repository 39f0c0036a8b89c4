//! Property tests of header and path injection: arbitrary action names, tokens, header
//! names/values, regions, URLs and string arguments either are refused before any request
//! (`invalid_argument`, naming what was wrong, never echoing a token) or reach the server exactly
//! as given, in the one place they belong: never a second header, never another path.
//!
//! Cases per property: proptest's default (256), or `PROPTEST_CASES`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::{Arc, Mutex};

use livechat::{AgentWeb, ErrorKind, Token, TokenRequest};
use proptest::prelude::*;
use proptest::test_runner::{Config as PropConfig, TestRunner};
use serde_json::json;
use support::MockServer;

/// Strings built to hurt: CR/LF, NUL, `../`, `%2e%2e`, slashes, spaces, unicode.
fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-z_]{1,8}",
        Just("\r\n".to_owned()),
        Just("\n".to_owned()),
        Just("\0".to_owned()),
        Just("../".to_owned()),
        Just("%2e%2e/".to_owned()),
        Just("/".to_owned()),
        Just("?x=1".to_owned()),
        Just("#f".to_owned()),
        Just(" ".to_owned()),
        Just("X-Injected: 1".to_owned()),
        Just("é€".to_owned()),
        ".{0,6}",
    ];
    prop::collection::vec(piece, 0..5).prop_map(|p| p.concat())
}

fn runner() -> TestRunner {
    TestRunner::new(PropConfig {
        failure_persistence: None,
        ..PropConfig::default()
    })
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

const STANDARD_HEADERS: &[&str] = &[
    "accept",
    "user-agent",
    "authorization",
    "x-region",
    "content-type",
    "content-length",
    "host",
];

#[test]
fn an_action_is_sent_only_when_it_is_a_plain_name_and_only_to_its_own_path() {
    let rt = runtime();
    let server = rt.block_on(MockServer::start());
    let agent = server.client("3.6");
    runner()
        .run(&hostile(), |action| {
            let before = server.count();
            let result = rt.block_on(agent.send(&action, json!({})));
            let plain =
                !action.is_empty() && action.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
            if plain {
                prop_assert!(result.is_ok(), "{:?}", result);
                let reqs = server.requests();
                prop_assert_eq!(reqs.len(), before + 1);
                prop_assert_eq!(&reqs[before].path, &format!("/v3.6/agent/action/{action}"));
            } else {
                let err = result.unwrap_err();
                prop_assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{}", err);
                prop_assert_eq!(server.count(), before, "refused before any request");
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn string_arguments_go_in_the_json_body_never_in_the_path_or_headers() {
    let rt = runtime();
    let server = rt.block_on(MockServer::start());
    let agent = server.client("3.6");
    runner()
        .run(&hostile(), |id| {
            let before = server.count();
            let _ = rt.block_on(agent.get_customer(id.as_str()).json());
            let reqs = server.requests();
            prop_assert_eq!(reqs.len(), before + 1);
            let req = &reqs[before];
            prop_assert_eq!(&req.path, "/v3.6/agent/action/get_customer");
            prop_assert_eq!(&req.json(), &json!({"id": id}));
            for (name, _) in req.headers.iter() {
                prop_assert!(
                    STANDARD_HEADERS.contains(&name.as_str()),
                    "extra header {}",
                    name
                );
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn a_token_is_refused_before_any_request_or_sent_verbatim_in_authorization_only() {
    let rt = runtime();
    let server = rt.block_on(MockServer::start());
    // One client whose token getter serves the case's token (building a client per case is
    // slow); static tokens go through the same `Token::validate` at build time.
    let current = Arc::new(Mutex::new(String::new()));
    let serving = current.clone();
    let agent = AgentWeb::builder("c")
        .api_url(&server.url)
        .max_retries(0)
        .token_provider(move |_r: TokenRequest| {
            let token = Token::bearer(serving.lock().unwrap().clone());
            std::future::ready(Ok::<_, std::io::Error>(token))
        })
        .build()
        .unwrap();
    let secret = hostile().prop_map(|s| format!("SECRET{s}"));
    runner()
        .run(&secret, |secret| {
            let before = server.count();
            let token = format!("dal:{secret}");
            let has_control = token.chars().any(char::is_control);
            let static_build = AgentWeb::builder("c")
                .token(Token::bearer(token.as_str()))
                .api_url(&server.url);
            if has_control {
                let e = static_build.build().unwrap_err();
                prop_assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{}", e);
                for text in [e.to_string(), format!("{e:?}"), e.to_json()] {
                    prop_assert!(!text.contains(&secret), "token echoed: {}", text);
                }
            } else {
                prop_assert!(Token::bearer(token.as_str()).validate().is_ok());
            }

            *current.lock().unwrap() = token.clone();
            let result = rt.block_on(agent.list_routing_statuses().json());
            // What `http::HeaderValue` accepts: no control bytes (UTF-8 goes as obs-text).
            let valid_header = token.bytes().all(|b| b >= 0x20 && b != 0x7f);
            match result {
                Ok(_) => {
                    prop_assert!(valid_header, "an invalid header value was sent");
                    let reqs = server.requests();
                    prop_assert_eq!(reqs.len(), before + 1);
                    let r = &reqs[before];
                    let bearer = format!("Bearer {token}");
                    let sent = r.headers.get("authorization").unwrap().as_bytes();
                    prop_assert_eq!(sent, bearer.trim_end().as_bytes());
                    for (name, value) in r.headers.iter() {
                        prop_assert!(STANDARD_HEADERS.contains(&name.as_str()), "{}", name);
                        if name != "authorization" {
                            prop_assert!(
                                !String::from_utf8_lossy(value.as_bytes()).contains(&secret),
                                "the token leaked into {}",
                                name
                            );
                        }
                    }
                }
                Err(e) => {
                    prop_assert!(
                        has_control || !valid_header,
                        "a valid token was refused: {}",
                        e
                    );
                    prop_assert!(
                        matches!(e.kind(), ErrorKind::Token | ErrorKind::InvalidArgument),
                        "{}",
                        e
                    );
                    prop_assert_eq!(server.count(), before, "refused before any request");
                    for text in [e.to_string(), format!("{e:?}"), e.to_json()] {
                        prop_assert!(!text.contains(&secret), "token echoed: {}", text);
                    }
                }
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn extra_headers_are_refused_or_sent_as_exactly_one_header() {
    let rt = runtime();
    let server = rt.block_on(MockServer::start());
    let name = prop_oneof!["[A-Za-z-]{1,12}", hostile()];
    runner()
        .run(&(name, hostile()), |(name, value)| {
            let before = server.count();
            let built = server
                .builder("3.6")
                .header(name.as_str(), value.as_str())
                .build();
            match built {
                Err(e) => {
                    prop_assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{}", e);
                }
                Ok(agent) => {
                    prop_assert!(!value.chars().any(char::is_control), "{:?}", value);
                    rt.block_on(agent.list_routing_statuses().json()).unwrap();
                    let reqs = server.requests();
                    prop_assert_eq!(reqs.len(), before + 1);
                    let r = &reqs[before];
                    let lower = name.to_ascii_lowercase();
                    let sent: Vec<_> = r.headers.get_all(lower.as_str()).iter().collect();
                    prop_assert_eq!(sent.len(), 1);
                    prop_assert_eq!(sent[0].as_bytes(), value.trim().as_bytes());
                    for (n, _) in r.headers.iter() {
                        prop_assert!(
                            STANDARD_HEADERS.contains(&n.as_str()) || n.as_str() == lower,
                            "injected header {}",
                            n
                        );
                    }
                }
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn urls_regions_user_agents_and_client_ids_with_control_characters_are_refused() {
    runner()
        .run(&(hostile(), hostile(), hostile()), |(a, b, c)| {
            let base = || AgentWeb::builder("c").token(Token::bearer("dal:t"));
            if let Ok(agent) = base().api_url(format!("http://{a}")).build() {
                let url = agent.api_url();
                prop_assert!(url.starts_with("http://") || url.starts_with("https://"));
                prop_assert!(
                    !url.chars().any(|c| c.is_control() || c.is_whitespace()),
                    "{}",
                    url
                );
                prop_assert!(!url.contains('?') && !url.contains('#'), "{}", url);
            }
            if base().region(b.as_str()).build().is_ok() {
                prop_assert!(
                    !b.is_empty()
                        && b.bytes()
                            .all(|x| x.is_ascii_lowercase() || x.is_ascii_digit() || x == b'-'),
                    "region {:?} accepted",
                    b
                );
            }
            if c.chars().any(char::is_control) {
                prop_assert!(base().user_agent(c.as_str()).build().is_err());
                prop_assert!(
                    AgentWeb::builder(c.as_str())
                        .token(Token::bearer("dal:t"))
                        .build()
                        .is_err()
                );
            }
            Ok(())
        })
        .unwrap();
}
