//! A proxy named in the environment (`HTTP_PROXY`, `HTTPS_PROXY`, …) is still used, as
//! reqwest always did, and `NO_PROXY` still exempts the API. The environment is process-wide
//! and setting it in a running test process is unsound, so each case runs this binary again as
//! a child with the environment it needs (the `#[ignore]`d `child_*` tests), while the parent
//! serves the proxy and checks what reached it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::Command;

use livechat::{AgentWeb, Token};
use support::raw::{Behaviour, RawServer};

const PROXY_VARS: [&str; 8] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
];

fn client(api_url: &str) -> AgentWeb {
    AgentWeb::builder("c")
        // Not resolvable: only a proxy can answer.
        .api_url(api_url)
        .token(Token::bearer("dal:x"))
        .max_retries(0)
        // The proxy answers a tunnel request with a body that is not TLS: give up soon.
        .connect_timeout(std::time::Duration::from_secs(1))
        .build()
        .unwrap()
}

/// Runs the ignored test `name` of this binary in a child process with `env` (and no other
/// proxy variable); returns whether it passed.
fn run_child(name: &str, env: &[(&str, &str)]) -> bool {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args(["--ignored", "--exact", name, "--test-threads=1"]);
    for var in PROXY_VARS.iter().chain(["REQUEST_METHOD"].iter()) {
        cmd.env_remove(var);
    }
    cmd.envs(env.iter().copied());
    let out = cmd.output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("1 passed") || !out.status.success(), "{text}");
    if !out.status.success() {
        eprintln!("{text}{}", String::from_utf8_lossy(&out.stderr));
    }
    out.status.success()
}

#[test]
fn proxy_environment_variables_keep_sending_through_the_proxy() {
    // A multi-threaded runtime serves the proxy while this thread waits for each child.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let proxy = rt.block_on(RawServer::always(Behaviour::Ok(
        r#"{"chats_summary":[],"found_chats":0}"#,
    )));

    // http://: the proxy gets the request in absolute form and answers it.
    assert!(run_child(
        "child_plain_http_goes_through_the_proxy",
        &[("HTTP_PROXY", &proxy.url)]
    ));
    assert_eq!(
        proxy.paths(),
        ["http://api.livechat.invalid/v3.6/agent/action/list_chats"]
    );

    // https://: the proxy is asked for a tunnel (it cannot give one, so the call fails).
    assert!(run_child(
        "child_https_fails_through_the_proxy",
        &[("HTTPS_PROXY", &proxy.url)]
    ));
    assert_eq!(proxy.paths()[1], "api.livechat.invalid:443");

    // NO_PROXY exempts the API: the call goes (and fails) without the proxy.
    assert!(run_child(
        "child_https_fails_through_the_proxy",
        &[
            ("HTTPS_PROXY", &proxy.url),
            ("NO_PROXY", "api.livechat.invalid")
        ]
    ));
    assert_eq!(proxy.paths().len(), 2, "{:?}", proxy.paths());
}

/// One `list_chats` to `api_url` on a runtime of its own (the child's environment applies).
fn list_chats(api_url: &str) -> livechat::Result<serde_json::Value> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(client(api_url).list_chats().json())
}

#[test]
#[ignore = "run by proxy_environment_variables_keep_sending_through_the_proxy with its environment"]
fn child_plain_http_goes_through_the_proxy() {
    list_chats("http://api.livechat.invalid").unwrap();
}

#[test]
#[ignore = "run by proxy_environment_variables_keep_sending_through_the_proxy with its environment"]
fn child_https_fails_through_the_proxy() {
    list_chats("https://api.livechat.invalid").unwrap_err();
}
