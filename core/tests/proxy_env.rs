//! A proxy named in the environment (`HTTP_PROXY`, `HTTPS_PROXY`, …) is still used, as
//! reqwest always did, and `NO_PROXY` still exempts the API. The environment is process-wide,
//! so this binary holds one test, which sets it before any runtime or other thread exists.
#![allow(clippy::unwrap_used, clippy::expect_used, unsafe_code)]

mod support;

use livechat::{AgentWeb, Token};
use support::raw::{Behaviour, RawServer};

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

fn set_env(name: &str, value: Option<&str>) {
    // SAFETY: called only from this binary's one test, on its thread, between `block_on`s of
    // a current-thread runtime: no other thread of the process is running code then (the
    // runtime's blocking threads, if any, are idle).
    unsafe {
        match value {
            Some(v) => std::env::set_var(name, v),
            None => std::env::remove_var(name),
        }
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn proxy_environment_variables_keep_sending_through_the_proxy() {
    for name in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
        "NO_PROXY",
        "no_proxy",
        "REQUEST_METHOD",
    ] {
        set_env(name, None);
    }

    // http://: the proxy gets the request in absolute form and answers it.
    let rt = runtime();
    let proxy = rt.block_on(RawServer::always(Behaviour::Ok(
        r#"{"chats_summary":[],"found_chats":0}"#,
    )));
    set_env("HTTP_PROXY", Some(&proxy.url));
    rt.block_on(client("http://api.livechat.invalid").list_chats().json())
        .unwrap();
    assert_eq!(
        proxy.paths(),
        ["http://api.livechat.invalid/v3.6/agent/action/list_chats"]
    );
    set_env("HTTP_PROXY", None);

    // https://: the proxy is asked for a tunnel (it cannot give one, so the call fails).
    set_env("HTTPS_PROXY", Some(&proxy.url));
    rt.block_on(client("https://api.livechat.invalid").list_chats().json())
        .unwrap_err();
    assert_eq!(proxy.paths()[1], "api.livechat.invalid:443");

    // NO_PROXY exempts the API: the call goes (and fails) without the proxy.
    set_env("NO_PROXY", Some("api.livechat.invalid"));
    rt.block_on(client("https://api.livechat.invalid").list_chats().json())
        .unwrap_err();
    assert_eq!(proxy.paths().len(), 2, "{:?}", proxy.paths());
}
