//! Whether requests to the API go through a proxy the environment names: reqwest honours
//! `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` (and `NO_PROXY`, and the OS settings on macOS and
//! Windows), and a client that did so before must keep doing so.

use hyper_util::client::proxy::matcher::Matcher;

/// Whether reqwest would send a request to `api_url` through a system proxy: the same matcher
/// reqwest's `system-proxy` uses, asked about the API's own URL.
pub(crate) fn proxied_by_environment(api_url: &str) -> bool {
    match api_url.parse::<http::Uri>() {
        Ok(uri) => Matcher::from_system().intercept(&uri).is_some(),
        // Not expected (the URL is checked first); reqwest's pool is the path that decides.
        Err(_) => true,
    }
}
