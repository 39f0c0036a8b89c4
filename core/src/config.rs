//! Building a client: the builder for Rust callers and `ClientConfig`, the same options as JSON
//! for the C and Python layers. Every option is checked here, before any request.

use std::fmt;
use std::marker::PhantomData;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Deserialize;

use crate::auth::{Token, TokenProvider, is_region};
use crate::bot_token::{BotCredentials, BotTokenSource};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::retry::RetryPolicy;
use crate::session::{Parts, Session};
use crate::surface::Surface;
use crate::token_source::TokenSource;
use crate::transport::{BoundedPool, Http, PoolOptions, proxied_by_environment};
use crate::version::ApiVersion;

/// The production API.
pub const DEFAULT_API_URL: &str = "https://api.livechatinc.com";
/// Bound of a whole call: every attempt, backoff and `Retry-After` wait included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Bound of one attempt: above the server's own 15 s limit.
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(20);
/// Connections a client opens at most (like aiohttp's and httpx's default).
pub const DEFAULT_MAX_CONNECTIONS: usize = 100;
/// How long an idle pooled connection is kept: below common load balancers' idle timeouts.
pub const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// Retries after the first attempt.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// Largest response body read before giving up.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

/// A client type of one surface (`AgentWeb`, …): what [`ClientBuilder`] builds.
pub trait SurfaceClient: Sized {
    /// The surface it speaks.
    const SURFACE: &'static Surface;
    /// Every surface (to name the one that has a method this one lacks).
    const ALL_SURFACES: &'static [&'static Surface];
    /// Wraps a built generic client.
    fn from_client(client: Client) -> Self;
}

/// Builds a client of any surface: `AgentWeb::builder(…)` gives a `ClientBuilder<AgentWeb>`.
/// Every option is checked in [`ClientBuilder::build`], before any request.
///
/// ```
/// use std::time::Duration;
/// use livechat::{AgentWeb, Token};
///
/// let agent = AgentWeb::builder("my-client-id")
///     .token(Token::bearer("dal:xxxx"))
///     .version("3.6")
///     .timeout(Duration::from_secs(30)) // a whole call, retries included
///     .attempt_timeout(Duration::from_secs(10)) // each attempt
///     .max_retries(3)
///     .max_connections(32)
///     .pool_idle_timeout(Duration::from_secs(20))
///     .header("X-Author-Id", "bot-id")
///     .build()?;
/// # Ok::<(), livechat::Error>(())
/// ```
pub struct ClientBuilder<C> {
    client_id: String,
    token: Option<TokenSource>,
    api_url: String,
    version: ApiVersion,
    timeout: Duration,
    attempt_timeout: Duration,
    connect_timeout: Duration,
    max_connections: usize,
    pool_idle_timeout: Duration,
    token_timeout: Option<Duration>,
    retry: RetryPolicy,
    user_agent: Option<String>,
    headers: Vec<(String, String)>,
    region: Option<String>,
    ca_pem: Vec<Vec<u8>>,
    max_response_bytes: usize,
    proxies: Vec<reqwest::Proxy>,
    http2_prior_knowledge: bool,
    http_client: Option<reqwest::Client>,
    /// Options set that configure the HTTP client this crate builds: refused together with
    /// `http_client`, which they could not apply to.
    http_options_set: Vec<&'static str>,
    error: Option<Error>,
    client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("client_id", &self.client_id)
            .field("token", &self.token)
            .field("api_url", &self.api_url)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

impl<C: SurfaceClient> ClientBuilder<C> {
    pub(crate) fn new(client_id: impl Into<String>) -> Self {
        ClientBuilder {
            client_id: client_id.into(),
            token: None,
            api_url: DEFAULT_API_URL.to_owned(),
            version: ApiVersion::DEFAULT,
            timeout: DEFAULT_TIMEOUT,
            attempt_timeout: DEFAULT_ATTEMPT_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            pool_idle_timeout: DEFAULT_POOL_IDLE_TIMEOUT,
            connect_timeout: Duration::from_secs(10),
            token_timeout: None,
            retry: RetryPolicy::default(),
            user_agent: None,
            headers: Vec::new(),
            region: None,
            ca_pem: Vec::new(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            proxies: Vec::new(),
            http2_prior_knowledge: false,
            http_client: None,
            http_options_set: Vec::new(),
            error: None,
            client: PhantomData,
        }
    }

    fn fail(mut self, e: Error) -> Self {
        self.error.get_or_insert(e);
        self
    }

    fn http_option(mut self, name: &'static str) -> Self {
        if !self.http_options_set.contains(&name) {
            self.http_options_set.push(name);
        }
        self
    }

    /// A fixed token.
    pub fn token(mut self, token: Token) -> Self {
        self.token = Some(TokenSource::Static(token));
        self
    }

    /// A token getter asked before every request, and again after an `authentication` error.
    pub fn token_provider(mut self, provider: impl TokenProvider) -> Self {
        self.token = Some(TokenSource::provider(Arc::new(provider)));
        self
    }

    /// A shared token getter.
    pub fn token_provider_arc(mut self, provider: Arc<dyn TokenProvider>) -> Self {
        self.token = Some(TokenSource::provider(provider));
        self
    }

    /// Base URL: `https://host[:port][/prefix]`, `http://…`, or a bare `host[:port]` (https).
    pub fn api_url(mut self, url: impl Into<String>) -> Self {
        self.api_url = url.into();
        self
    }

    /// API version, e.g. `"3.6"` (default) or `ApiVersion::V3_3`.
    pub fn version(self, version: impl AsRef<str>) -> Self {
        match version.as_ref().parse() {
            Ok(v) => ClientBuilder { version: v, ..self },
            Err(e) => self.fail(e),
        }
    }

    /// Bound of a whole call, retries, backoff and `Retry-After` waits included (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Bound of one attempt (default 20 s; the API gives up at 15 s).
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// Most connections open at once (default 100): the client never has more sockets open
    /// to the API. Calls beyond it wait for a free connection; the wait counts toward the
    /// call's `timeout` and is cancellable. Through a proxy (`proxy`, or `HTTPS_PROXY` and the
    /// like in the environment) or with an injected `http_client`, requests go through
    /// reqwest's pool and this bounds the requests in flight instead (that pool may keep a
    /// few more sockets than that).
    pub fn max_connections(mut self, n: usize) -> Self {
        self.max_connections = n;
        self
    }

    /// How long an idle connection stays pooled (default 30 s; zero keeps none).
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.pool_idle_timeout = timeout;
        self.http_option("pool_idle_timeout")
    }

    /// Timeout for establishing a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self.http_option("connect_timeout")
    }

    /// Sends every request through this HTTP proxy (`http://host:port`, credentials in the
    /// URL if needed), instead of the `HTTPS_PROXY`/`HTTP_PROXY` environment settings.
    ///
    /// ```
    /// # use livechat::{AgentWeb, Token};
    /// let agent = AgentWeb::builder("my-client-id")
    ///     .token(Token::bearer("dal:xxxx"))
    ///     .proxy("http://proxy.internal:3128")
    ///     .build()?;
    /// # Ok::<(), livechat::Error>(())
    /// ```
    pub fn proxy(mut self, url: impl AsRef<str>) -> Self {
        match reqwest::Proxy::all(url.as_ref()) {
            Ok(proxy) => {
                self.proxies.push(proxy);
                self.http_option("proxy")
            }
            // The URL is not repeated: it may hold the proxy's password.
            Err(_) => self.fail(Error::invalid_argument(
                "the proxy URL is not valid (expected http://host:port or https://host:port)",
            )),
        }
    }

    /// Speaks HTTP/2 from the first byte, without negotiating it (for `http://` servers or
    /// proxies that take HTTP/2 cleartext; `https://` negotiates HTTP/2 by itself).
    pub fn http2_prior_knowledge(mut self) -> Self {
        self.http2_prior_knowledge = true;
        self.http_option("http2_prior_knowledge")
    }

    /// Sends requests with this HTTP client instead of one built by the library: for your own
    /// TLS, proxy or DNS setup. The library still sets its headers (User-Agent, Accept, the
    /// extra `header`s, auth, region) on each request, and `max_connections` still bounds the
    /// calls in flight. The options that configure the HTTP client itself (`proxy`,
    /// `http2_prior_knowledge`, `connect_timeout`, `pool_idle_timeout`,
    /// `add_root_certificate_pem`) cannot apply to it: `build` refuses them together with this.
    /// Turn off redirects on it (`redirect::Policy::none()`): the API never redirects.
    ///
    /// ```
    /// # use livechat::{AgentWeb, Token};
    /// let http = reqwest::Client::builder()
    ///     .redirect(reqwest::redirect::Policy::none())
    ///     .build()
    ///     .map_err(|e| livechat::Error::new(livechat::ErrorKind::Internal, e.to_string()))?;
    /// let agent = AgentWeb::builder("my-client-id")
    ///     .token(Token::bearer("dal:xxxx"))
    ///     .http_client(http)
    ///     .build()?;
    /// # Ok::<(), livechat::Error>(())
    /// ```
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Longest wait for the token getter (default: the attempt timeout; always within the
    /// call's `timeout`).
    pub fn token_timeout(mut self, timeout: Duration) -> Self {
        self.token_timeout = Some(timeout);
        self
    }

    /// Retries after the first attempt (default 2; 0 disables retries; at most 10).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }

    /// The whole retry policy at once (see [`RetryPolicy`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// First backoff step (default 0.5 s, doubling, at most 10 s, with jitter).
    pub fn retry_base_delay(mut self, delay: Duration) -> Self {
        self.retry.base_delay = delay;
        self
    }

    /// Longest `Retry-After` the client waits for itself (default 60 s).
    pub fn max_retry_after(mut self, delay: Duration) -> Self {
        self.retry.max_retry_after = delay;
        self
    }

    /// Replaces the `User-Agent` (default `livechat-rust/<version> (client_id <id>)`).
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = Some(ua.into());
        self
    }

    /// An extra header sent with every request (e.g. `X-Author-Id` for bots on API ≤ 3.5).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The region (`dal`, `fra`, …) when the token does not name it.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Trusts this CA certificate (PEM) in addition to the system's.
    pub fn add_root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.ca_pem.push(pem.into());
        self.http_option("add_root_certificate_pem")
    }

    /// Largest response body accepted (default 64 MiB).
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// Checks every option and builds the client. No request is made.
    pub fn build(self) -> Result<C> {
        self.build_client(C::SURFACE).map(C::from_client)
    }

    /// Builds a generic client speaking `surface` (one of `C::ALL_SURFACES`) with these options.
    fn build_client(self, surface: &'static Surface) -> Result<Client> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let token = self.token.ok_or_else(|| {
            Error::invalid_argument(
                "no token: give a token, a personal access token or a token getter",
            )
        })?;
        if let TokenSource::Static(t) = &token {
            t.validate()?;
        }
        check_header_text("client_id", &self.client_id)?;
        let api_url = normalize_api_url(&self.api_url)?;
        if let Some(r) = &self.region {
            if !is_region(r) {
                return Err(Error::invalid_argument(format!(
                    "region {r:?} is not a region name (like \"dal\" or \"fra\")"
                )));
            }
        }
        if self.timeout.is_zero() {
            return Err(Error::invalid_argument("timeout must be greater than zero"));
        }
        if self.attempt_timeout.is_zero() {
            return Err(Error::invalid_argument(
                "attempt_timeout must be greater than zero",
            ));
        }
        if self.max_response_bytes == 0 {
            return Err(Error::invalid_argument(
                "max_response_bytes must be at least 1",
            ));
        }
        if self.max_connections == 0 {
            return Err(Error::invalid_argument(
                "max_connections must be at least 1",
            ));
        }
        if self.max_connections > tokio::sync::Semaphore::MAX_PERMITS {
            return Err(Error::invalid_argument(format!(
                "max_connections must be at most {}",
                tokio::sync::Semaphore::MAX_PERMITS
            )));
        }
        self.retry.validate()?;
        let user_agent = match self.user_agent {
            Some(ua) => ua,
            None => default_user_agent("livechat-rust", &self.client_id),
        };
        check_header_text("user_agent", &user_agent)?;
        let headers = default_headers(&user_agent, &self.headers)?;

        let (http, request_headers) = match self.http_client {
            Some(http) => {
                if !self.http_options_set.is_empty() {
                    return Err(Error::invalid_argument(format!(
                        "{} cannot apply to the HTTP client given with http_client; \
                         set {} on that client instead",
                        self.http_options_set.join(", "),
                        if self.http_options_set.len() == 1 {
                            "it"
                        } else {
                            "them"
                        },
                    )));
                }
                (Http::Reqwest(http), Some(headers))
            }
            None => {
                // reqwest's pool speaks to proxies; the bounded pool does not.
                if !self.proxies.is_empty() || proxied_by_environment(&api_url) {
                    let http = build_http(
                        headers,
                        HttpOptions {
                            connect_timeout: self.connect_timeout,
                            pool_idle_timeout: self.pool_idle_timeout,
                            max_connections: self.max_connections,
                            ca_pem: &self.ca_pem,
                            proxies: self.proxies,
                            http2_prior_knowledge: self.http2_prior_knowledge,
                        },
                    )?;
                    (Http::Reqwest(http), None)
                } else {
                    // The same check, so a bad PEM is the same error on either path.
                    check_ca_pem(&self.ca_pem)?;
                    let pool = BoundedPool::new(&PoolOptions {
                        connect_timeout: self.connect_timeout,
                        pool_idle_timeout: self.pool_idle_timeout,
                        max_connections: self.max_connections,
                        ca_pem: &self.ca_pem,
                        http2_prior_knowledge: self.http2_prior_knowledge,
                    })?;
                    (Http::Bounded(pool), Some(headers))
                }
            }
        };
        Ok(Client::from_session(Session::new(Parts {
            surface,
            surfaces: C::ALL_SURFACES,
            http,
            request_headers,
            api_url,
            client_id: self.client_id,
            version: self.version,
            token,
            region: self.region,
            timeout: self.timeout,
            attempt_timeout: self.attempt_timeout,
            max_connections: self.max_connections,
            token_timeout: self.token_timeout.unwrap_or(self.attempt_timeout),
            retry: self.retry,
            max_response_bytes: self.max_response_bytes,
            http2_prior_knowledge: self.http2_prior_knowledge,
        })))
    }
}

/// The builder's options for the HTTP client it builds.
struct HttpOptions<'a> {
    connect_timeout: Duration,
    pool_idle_timeout: Duration,
    max_connections: usize,
    ca_pem: &'a [Vec<u8>],
    proxies: Vec<reqwest::Proxy>,
    http2_prior_knowledge: bool,
}

fn build_http(headers: HeaderMap, o: HttpOptions<'_>) -> Result<reqwest::Client> {
    let mut http = reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(o.connect_timeout)
        .pool_idle_timeout(o.pool_idle_timeout)
        .pool_max_idle_per_host(o.max_connections)
        .tcp_nodelay(true);
    for proxy in o.proxies {
        http = http.proxy(proxy);
    }
    if o.http2_prior_knowledge {
        http = http.http2_prior_knowledge();
    }
    if !o.ca_pem.is_empty() {
        http = http.tls_certs_merge(ca_certificates(o.ca_pem)?);
    }
    http.build().map_err(|e| {
        Error::new(crate::ErrorKind::Internal, "cannot build the HTTP client").with_source(e)
    })
}

/// Refuses CA certificates that are not PEM, whichever pool will use them.
fn check_ca_pem(ca_pem: &[Vec<u8>]) -> Result<()> {
    ca_certificates(ca_pem).map(drop)
}

/// Every certificate of the PEM bundles in `ca_pem`.
fn ca_certificates(ca_pem: &[Vec<u8>]) -> Result<Vec<reqwest::Certificate>> {
    let mut certs = Vec::new();
    for pem in ca_pem {
        let found = reqwest::Certificate::from_pem_bundle(pem).map_err(|e| {
            Error::invalid_argument(format!("the CA certificate is not valid PEM: {e}"))
        })?;
        if found.is_empty() {
            return Err(Error::invalid_argument(
                "the CA certificate PEM holds no certificate",
            ));
        }
        certs.extend(found);
    }
    Ok(certs)
}

/// `"<product> (client_id <id>)"`: names the library, its version and the client id. Bindings
/// pass their own product (`livechat-python/0.1.0`).
pub fn default_user_agent(product: &str, client_id: &str) -> String {
    let version = env!("CARGO_PKG_VERSION");
    if client_id.is_empty() {
        format!("{product}/{version}")
    } else {
        format!("{product}/{version} (client_id {client_id})")
    }
}

fn check_header_text(what: &str, s: &str) -> Result<()> {
    if s.chars().any(char::is_control) {
        return Err(Error::invalid_argument(format!(
            "{what} contains a control character (CR, LF, …)"
        )));
    }
    Ok(())
}

const RESERVED_HEADERS: [&str; 6] = [
    "authorization",
    "content-type",
    "content-length",
    "host",
    "x-region",
    "transfer-encoding",
];

fn default_headers(user_agent: &str, extra: &[(String, String)]) -> Result<HeaderMap> {
    let mut h = HeaderMap::new();
    h.insert(
        reqwest::header::ACCEPT,
        HeaderValue::from_static("application/json"),
    );
    let ua = HeaderValue::from_str(user_agent)
        .map_err(|_| Error::invalid_argument("user_agent is not a valid header value"))?;
    h.insert(reqwest::header::USER_AGENT, ua);
    for (name, value) in extra {
        let lower = name.to_ascii_lowercase();
        if RESERVED_HEADERS.contains(&lower.as_str()) {
            return Err(Error::invalid_argument(format!(
                "header {name:?} is set by the client; use the token/region options instead"
            )));
        }
        let n = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::invalid_argument(format!("{name:?} is not a valid header name")))?;
        check_header_text(&format!("header {name:?}"), value)?;
        let v = HeaderValue::from_str(value).map_err(|_| {
            Error::invalid_argument(format!("the value of header {name:?} is not valid"))
        })?;
        h.insert(n, v);
    }
    Ok(h)
}

/// `https://host[:port][/prefix]` without a trailing slash; a bare `host[:port]` gets `https://`.
pub(crate) fn normalize_api_url(raw: &str) -> Result<String> {
    let shown = crate::redact::redact_userinfo(raw);
    let bad = |why: &str| {
        Error::invalid_argument(format!(
            "api_url {shown:?} {why}; give a bare host (api.livechatinc.com) or an http(s) URL"
        ))
    };
    let s = raw.trim();
    if s.is_empty() {
        return Err(bad("is empty"));
    }
    if s.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(bad("contains whitespace or control characters"));
    }
    let with_scheme = if s.contains("://") {
        s.to_owned()
    } else if s.trim_end_matches('/').contains('/') {
        return Err(bad("is neither a bare host[:port] nor a URL with a scheme"));
    } else {
        format!("https://{s}")
    };
    let url = reqwest::Url::parse(&with_scheme).map_err(|e| bad(&format!("is not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad(&format!("has scheme {:?}", url.scheme())));
    }
    match url.host_str() {
        None | Some("") => return Err(bad("has no host")),
        Some("http" | "https") => return Err(bad("repeats the scheme")),
        Some(_) => {}
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("contains credentials"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("has a query or fragment"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// `null`, `boolean`, … for messages.
fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// A serde message without its trailing " at line L column C" (meaningless for one field).
fn strip_position(message: &str) -> &str {
    message.split(" at line ").next().unwrap_or(message)
}

/// The client options as JSON (used by the C and Python layers):
/// `{"api" ("agent" | "configuration"), "client_id", "api_url", "version", "token" | "pat": {"account_id","token"} | "basic",
/// "timeout" (s, whole call), "attempt_timeout" (s), "connect_timeout" (s), "token_timeout" (s),
/// "max_retries" (0–10), "retry": {"max_retries", "base_delay", "max_delay", "max_retry_after"},
/// "max_connections", "pool_idle_timeout" (s), "proxy" (URL), "http2_prior_knowledge" (bool), "headers": {…},
/// "user_agent", "region", "ca_file", "max_response_bytes",
/// "bot": {"bot_id", "client_id", "bot_secret", "organization_id"}}`. With `"bot"`, calls use the
/// bot's tokens (issued and renewed by a [`BotTokenSource`]) and the `token`/`pat`/`basic` given
/// only authenticates `issue_bot_token`.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientConfig {
    /// The API the client speaks: `"agent"` (default) or `"configuration"`; a binding that
    /// builds one handle type for every surface reads it to pick the surface.
    pub api: Option<String>,
    /// Your application's client ID.
    #[serde(default)]
    pub client_id: String,
    /// Base URL.
    pub api_url: Option<String>,
    /// API version.
    pub version: Option<String>,
    /// Bearer token (or `"Bearer …"`/`"Basic …"`).
    pub token: Option<String>,
    /// Personal access token.
    pub pat: Option<PatConfig>,
    /// Pre-encoded Basic credential.
    pub basic: Option<String>,
    /// Bound of the whole call, seconds.
    pub timeout: Option<f64>,
    /// Bound of one attempt, seconds.
    pub attempt_timeout: Option<f64>,
    /// Most connections open at once (requests in flight through a proxy).
    pub max_connections: Option<usize>,
    /// Seconds an idle connection stays pooled (0: none).
    pub pool_idle_timeout: Option<f64>,
    /// Connect timeout, seconds.
    pub connect_timeout: Option<f64>,
    /// A proxy for every request (`http://host:port` or `https://host:port`; credentials
    /// in the URL are never shown in errors).
    pub proxy: Option<String>,
    /// Speak HTTP/2 from the first byte without negotiating it (for `http://` servers that take
    /// HTTP/2 cleartext).
    pub http2_prior_knowledge: Option<bool>,
    /// Longest wait for the token getter, seconds (default: `attempt_timeout`).
    pub token_timeout: Option<f64>,
    /// Retries after the first attempt.
    pub max_retries: Option<u32>,
    /// The whole retry policy: `{"max_retries", "base_delay", "max_delay", "max_retry_after"}`
    /// (seconds; each optional, defaults as [`RetryPolicy::default`]).
    pub retry: Option<RetryConfig>,
    /// Extra headers.
    #[serde(default)]
    pub headers: std::collections::BTreeMap<String, String>,
    /// User-Agent override.
    pub user_agent: Option<String>,
    /// Region.
    pub region: Option<String>,
    /// A PEM file with extra CA certificates.
    pub ca_file: Option<PathBuf>,
    /// Largest response body.
    pub max_response_bytes: Option<usize>,
    /// Act as this bot: its tokens are issued with `issue_bot_token` and renewed.
    pub bot: Option<BotConfig>,
}

/// The bot of [`ClientConfig::bot`].
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BotConfig {
    /// The bot's ID.
    pub bot_id: String,
    /// The Client ID owning the bot.
    pub client_id: String,
    /// The bot's secret.
    pub bot_secret: String,
    /// The organization.
    pub organization_id: String,
}

/// The retry policy in [`ClientConfig`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetryConfig {
    /// Retries after the first attempt (0–10).
    pub max_retries: Option<u32>,
    /// First backoff step, seconds.
    pub base_delay: Option<f64>,
    /// Longest backoff step, seconds.
    pub max_delay: Option<f64>,
    /// Longest `Retry-After` waited for, seconds.
    pub max_retry_after: Option<f64>,
}

impl RetryConfig {
    fn policy(&self) -> Result<RetryPolicy> {
        let mut p = RetryPolicy::default();
        if let Some(n) = self.max_retries {
            p = p.max_retries(n);
        }
        if let Some(d) = self.base_delay {
            p = p.base_delay(crate::options::seconds("retry.base_delay", d)?);
        }
        if let Some(d) = self.max_delay {
            p = p.max_delay(crate::options::seconds("retry.max_delay", d)?);
        }
        if let Some(d) = self.max_retry_after {
            p = p.max_retry_after(crate::options::seconds("retry.max_retry_after", d)?);
        }
        Ok(p)
    }
}

/// A personal access token in [`ClientConfig`].
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatConfig {
    /// Account ID.
    pub account_id: String,
    /// The token.
    pub token: String,
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("client_id", &self.client_id)
            .field("api_url", &self.api_url)
            .field("version", &self.version)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("pat", &self.pat.as_ref().map(|_| "<redacted>"))
            .field("bot", &self.bot.as_ref().map(|b| &b.bot_id))
            .finish_non_exhaustive()
    }
}

impl ClientConfig {
    /// Parses the JSON form; errors name the offending field.
    pub fn from_json(json: &str) -> Result<ClientConfig> {
        let value: serde_json::Value = serde_json::from_str(json).map_err(|e| {
            Error::invalid_argument(format!("invalid client config: not JSON: {e}"))
        })?;
        let serde_json::Value::Object(fields) = value else {
            return Err(Error::invalid_argument(format!(
                "invalid client config: it must be a JSON object, got {}",
                json_kind(&value)
            )));
        };
        serde_json::from_value(serde_json::Value::Object(fields.clone())).map_err(|e| {
            // serde names a line and column, not the key: every field is optional, so the
            // first field that fails alone is the one to name.
            let culprit = fields.iter().find_map(|(key, v)| {
                let mut one = serde_json::Map::new();
                one.insert(key.clone(), v.clone());
                serde_json::from_value::<ClientConfig>(serde_json::Value::Object(one))
                    .err()
                    .map(|e| (key.clone(), e))
            });
            match culprit {
                Some((key, e)) => Error::invalid_argument(format!(
                    "invalid client config: {key}: {}",
                    strip_position(&e.to_string())
                )),
                None => Error::invalid_argument(format!("invalid client config: {e}")),
            }
        })
    }

    /// A builder with these options. A token source must be set here or on the builder.
    pub fn into_builder<C: SurfaceClient>(mut self) -> Result<ClientBuilder<C>> {
        if let Some(api) = &self.api {
            if api != C::SURFACE.name {
                return Err(Error::invalid_argument(format!(
                    "the config names api {api:?}, but a {} client ({} API) is being built",
                    C::SURFACE.client,
                    C::SURFACE.name
                )));
            }
        }
        let bot = match self.bot.take() {
            Some(bot) => Some(bot_source::<C>(&self, bot)?),
            None => None,
        };
        let mut b = ClientBuilder::<C>::new(self.client_id);
        let sources = [
            self.token.is_some(),
            self.pat.is_some(),
            self.basic.is_some(),
        ];
        if sources.iter().filter(|s| **s).count() > 1 {
            return Err(Error::invalid_argument(
                "give only one of token, pat and basic",
            ));
        }
        if let Some(t) = self.token {
            b = b.token(Token::parse(&t));
        }
        if let Some(p) = self.pat {
            b = b.token(Token::pat(p.account_id, p.token));
        }
        if let Some(basic) = self.basic {
            b = b.token(Token::basic(basic));
        }
        if let Some(u) = self.api_url {
            b = b.api_url(u);
        }
        if let Some(v) = self.version {
            b = b.version(v);
        }
        if let Some(t) = self.timeout {
            b = b.timeout(crate::options::seconds("timeout", t)?);
        }
        if let Some(t) = self.attempt_timeout {
            b = b.attempt_timeout(crate::options::seconds("attempt_timeout", t)?);
        }
        if let Some(n) = self.max_connections {
            b = b.max_connections(n);
        }
        if let Some(t) = self.pool_idle_timeout {
            b = b.pool_idle_timeout(Duration::try_from_secs_f64(t).map_err(|_| {
                Error::invalid_argument("pool_idle_timeout must be a number of seconds (0 or more)")
            })?);
        }
        if let Some(t) = self.connect_timeout {
            b = b.connect_timeout(crate::options::seconds("connect_timeout", t)?);
        }
        if let Some(t) = self.token_timeout {
            b = b.token_timeout(crate::options::seconds("token_timeout", t)?);
        }
        if let Some(url) = &self.proxy {
            b = b.proxy(url);
        }
        if self.http2_prior_knowledge == Some(true) {
            b = b.http2_prior_knowledge();
        }
        if let Some(retry) = &self.retry {
            if self.max_retries.is_some() {
                return Err(Error::invalid_argument(
                    "give max_retries or retry.max_retries, not both",
                ));
            }
            b = b.retry_policy(retry.policy()?);
        }
        if let Some(r) = self.max_retries {
            b = b.max_retries(r);
        }
        for (k, v) in self.headers {
            b = b.header(k, v);
        }
        if let Some(ua) = self.user_agent {
            b = b.user_agent(ua);
        }
        if let Some(r) = self.region {
            b = b.region(r);
        }
        if let Some(path) = self.ca_file {
            let pem = std::fs::read(&path).map_err(|e| {
                Error::invalid_argument(format!("cannot read ca_file {}: {e}", path.display()))
            })?;
            b = b.add_root_certificate_pem(pem);
        }
        if let Some(m) = self.max_response_bytes {
            b = b.max_response_bytes(m);
        }
        if let Some(source) = bot {
            b = b.token_provider(source);
        }
        Ok(b)
    }
}

/// The token source of `config.bot`: tokens issued through a client of the surface that has
/// `issue_bot_token`, authenticated by the config's own token.
fn bot_source<C: SurfaceClient>(config: &ClientConfig, bot: BotConfig) -> Result<BotTokenSource> {
    let surface = C::ALL_SURFACES
        .iter()
        .copied()
        .find(|s| s.find("issue_bot_token").is_some())
        .ok_or_else(|| Error::invalid_argument("bot: no API of this client issues bot tokens"))?;
    if config.token.is_none() && config.pat.is_none() && config.basic.is_none() {
        return Err(Error::invalid_argument(
            "bot: give token, pat or basic too; it authenticates issue_bot_token",
        ));
    }
    let issuer_config = ClientConfig {
        api: None,
        bot: None,
        ..config.clone()
    };
    let issuer = issuer_config.into_builder::<C>()?.build_client(surface)?;
    BotTokenSource::new(
        &issuer,
        BotCredentials::new(
            bot.bot_id,
            bot.client_id,
            bot.bot_secret,
            bot.organization_id,
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AgentWeb;

    #[test]
    fn config_json_errors_name_the_key_and_never_a_position() {
        let cases = [
            (
                r#"{"timeout": "5"}"#,
                "invalid client config: timeout: invalid type: string \"5\"",
            ),
            (
                r#"{"client_id": "c", "max_retries": -1}"#,
                "invalid client config: max_retries: invalid",
            ),
            (
                r#"{"version": 3.6}"#,
                "invalid client config: version: invalid type",
            ),
            (
                r#"{"bot": {"bot_id": "b"}}"#,
                "invalid client config: bot: missing field",
            ),
            (
                r#"{"tokn": "x"}"#,
                "invalid client config: tokn: unknown field `tokn`",
            ),
            (
                "[1, 2]",
                "invalid client config: it must be a JSON object, got an array",
            ),
            ("nope", "invalid client config: not JSON"),
        ];
        for (json, expected) in cases {
            let err = ClientConfig::from_json(json)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(err.contains(expected), "{json}: {err}");
            // A field's error has no position; text that is not JSON keeps serde's.
            assert!(
                json == "nope" || !err.contains(" at line "),
                "{json}: {err}"
            );
        }
    }

    #[test]
    fn a_zero_response_limit_is_refused_when_building() {
        let err = AgentWeb::builder("c")
            .token(Token::bearer("t"))
            .max_response_bytes(0)
            .build()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("max_response_bytes must be at least 1"),
            "{err}"
        );
    }

    #[test]
    fn api_urls_are_normalised_or_refused() {
        assert_eq!(
            normalize_api_url("api.livechatinc.com").unwrap(),
            "https://api.livechatinc.com"
        );
        assert_eq!(
            normalize_api_url("127.0.0.1:8080").unwrap(),
            "https://127.0.0.1:8080"
        );
        assert_eq!(
            normalize_api_url("http://127.0.0.1:8080/").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            normalize_api_url("https://proxy.test/lc/").unwrap(),
            "https://proxy.test/lc"
        );
        for bad in [
            "",
            "ftp://x",
            "https://",
            "https://u:p@h",
            "http://h/?q=1",
            "a b",
            "https//x.com",
        ] {
            let err = normalize_api_url(bad).unwrap_err();
            assert!(err.to_string().contains("api_url"), "{bad}: {err}");
        }
    }

    #[test]
    fn credentials_in_an_api_url_are_never_echoed() {
        for raw in [
            "https://acct:SECRET@host",
            "https://acct:SECRET@host/x y",
            "acct:SECRET@host",
            "https://SECRET@host?q=1",
            "ftp://u:SECRET@h",
        ] {
            let err = normalize_api_url(raw).unwrap_err();
            assert!(!err.to_string().contains("SECRET"), "{raw}: {err}");
            assert!(err.to_string().contains("***@"), "{raw}: {err}");
        }
    }

    #[test]
    fn the_config_names_its_api_and_a_mismatch_is_refused() {
        let c = ClientConfig::from_json(r#"{"api":"configuration","token":"t"}"#).unwrap();
        let err = c.into_builder::<AgentWeb>().unwrap_err();
        assert!(err.to_string().contains("configuration"), "{err}");
        let c = ClientConfig::from_json(r#"{"api":"configuration","token":"t"}"#).unwrap();
        let conf = c
            .into_builder::<crate::Configuration>()
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(conf.kind(), "configuration");
        let c = ClientConfig::from_json(r#"{"api":"agent","token":"t"}"#).unwrap();
        assert!(c.into_builder::<AgentWeb>().is_ok());
    }

    #[test]
    fn the_retry_policy_is_one_object_in_json() {
        let c = ClientConfig::from_json(
            r#"{"token":"t","retry":{"max_retries":4,"base_delay":0.2,"max_retry_after":5}}"#,
        )
        .unwrap();
        let b = c.into_builder::<AgentWeb>().unwrap();
        assert_eq!(
            b.retry,
            RetryPolicy::default()
                .max_retries(4)
                .base_delay(Duration::from_millis(200))
                .max_retry_after(Duration::from_secs(5))
        );
        for bad in [
            r#"{"token":"t","retry":{"max_retries":11}}"#,
            r#"{"token":"t","retry":{"base_delay":-1}}"#,
            r#"{"token":"t","retry":{"max_retries":1},"max_retries":2}"#,
        ] {
            let built = ClientConfig::from_json(bad)
                .and_then(|c| c.into_builder::<AgentWeb>())
                .and_then(|b| b.build());
            assert!(built.is_err(), "{bad}");
        }
        let err = ClientConfig::from_json(r#"{"token":"t","retry":{"tries":1}}"#).unwrap_err();
        assert!(err.to_string().contains("tries"), "{err}");
    }

    #[test]
    fn retries_connections_and_timeouts_are_checked() {
        let b = || AgentWeb::builder("c").token(Token::bearer("dal:t"));
        let err = b().max_retries(u32::MAX).build().unwrap_err();
        assert!(err.to_string().contains("max_retries"), "{err}");
        assert!(b().max_retries(10).build().is_ok());
        assert!(b().max_connections(0).build().is_err());
        let err = b().max_connections(usize::MAX).build().unwrap_err();
        assert!(err.to_string().contains("max_connections"), "{err}");
        assert!(b().attempt_timeout(Duration::ZERO).build().is_err());
        let c = ClientConfig::from_json(r#"{"token":"t","max_retries":4294967295}"#).unwrap();
        let err = c.into_builder::<AgentWeb>().unwrap().build().unwrap_err();
        assert!(err.to_string().contains("max_retries"), "{err}");
    }

    #[test]
    fn headers_with_crlf_or_reserved_names_are_refused() {
        let b = || AgentWeb::builder("c").token(Token::bearer("dal:t"));
        assert!(b().header("X-Author-Id", "bot\r\nX: y").build().is_err());
        assert!(b().header("Authorization", "x").build().is_err());
        assert!(b().header("X-Author-Id", "bot").build().is_ok());
        assert!(
            AgentWeb::builder("c")
                .token(Token::bearer("dal:t\n"))
                .build()
                .is_err()
        );
        assert!(AgentWeb::builder("c").build().is_err());
        assert!(b().version("4.0").build().is_err());
    }

    #[test]
    fn config_json_is_strict_and_redacted() {
        let c =
            ClientConfig::from_json(r#"{"client_id":"c","token":"dal:secret","version":"3.3"}"#)
                .unwrap();
        assert!(!format!("{c:?}").contains("secret"));
        let agent = c.into_builder::<AgentWeb>().unwrap().build().unwrap();
        assert_eq!(agent.version().as_str(), "3.3");
        let err = ClientConfig::from_json(r#"{"client_id":"c","tokn":"x"}"#).unwrap_err();
        assert!(err.to_string().contains("tokn"), "{err}");
    }
}
