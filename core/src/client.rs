//! `AgentWeb`: the client. Cheap to clone (one `Arc`), one connection pool per client.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, OnceLock, RwLock};
use std::time::Duration;

use bytes::Bytes;
use serde_json::{Map, Value};
use tokio_util::sync::CancellationToken;

use crate::auth::TokenSource;
use crate::config::AgentWebBuilder;
use crate::error::{Error, ErrorKind, Result};
use crate::methods::{self, RetryClass};
use crate::request::{Payload, Request};
use crate::retry::RetryPolicy;
use crate::version::ApiVersion;

/// A LiveChat Agent Chat API client (web transport).
///
/// ```no_run
/// # async fn demo() -> Result<(), livechat::Error> {
/// use livechat::{AgentWeb, Token};
/// use serde_json::json;
///
/// let agent = AgentWeb::builder("my-client-id")
///     .token(Token::bearer("dal:xxxx"))
///     .version("3.6")
///     .build()?;
/// let chat = agent.start_chat().await?;
/// let sent = agent
///     .send_event(chat.chat_id.as_str(), json!({"type": "message", "text": "Hello"}))
///     .await?;
/// println!("event {}", sent.event_id);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct AgentWeb {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    /// `None` once closed: dropping the last handle to reqwest's pool closes its idle
    /// connections, so `close` frees the sockets without waiting for every clone to drop.
    pub(crate) http: RwLock<Option<reqwest::Client>>,
    pub(crate) api_url: String,
    pub(crate) client_id: String,
    pub(crate) version: ApiVersion,
    pub(crate) token: TokenSource,
    /// Explicit, or learnt from a `misdirected_request`; wins over the token's prefix. Read by
    /// every attempt, written at most once per redirect: readers never wait for each other.
    pub(crate) region: RwLock<Option<String>>,
    pub(crate) timeout: Duration,
    pub(crate) attempt_timeout: Duration,
    pub(crate) token_timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) max_response_bytes: usize,
    /// One permit per connection the client may have open: an attempt holds one from before
    /// its request until its body is read, so at most `max_connections` are ever in use.
    pub(crate) connections: Arc<tokio::sync::Semaphore>,
    pub(crate) max_connections: usize,
    pub(crate) lifecycle: OnceLock<LifecycleNotice>,
    pub(crate) closed: CancellationToken,
    /// The URL of every table action of this version, parsed once (parsing one per request
    /// was a measurable part of a call).
    pub(crate) action_urls: HashMap<&'static str, reqwest::Url>,
    /// The `Authorization` value of a static token, built once.
    pub(crate) static_auth: Option<reqwest::header::HeaderValue>,
}

pub(crate) struct Parts {
    pub(crate) http: reqwest::Client,
    pub(crate) api_url: String,
    pub(crate) client_id: String,
    pub(crate) version: ApiVersion,
    pub(crate) token: TokenSource,
    pub(crate) region: Option<String>,
    pub(crate) timeout: Duration,
    pub(crate) attempt_timeout: Duration,
    pub(crate) max_connections: usize,
    pub(crate) token_timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) max_response_bytes: usize,
}

/// A `Legacy` or `Deprecation` header seen on a response: the API version is being retired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LifecycleNotice {
    /// `"Legacy"` or `"Deprecation"`.
    pub header: String,
    /// The header's value (an end date).
    pub value: String,
}

/// Per-call overrides of the client's options.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallOptions {
    /// Bound of the whole call (attempts, backoff and `Retry-After` waits) instead of the
    /// client's `timeout`.
    pub timeout: Option<Duration>,
    /// Bound of each attempt instead of the client's `attempt_timeout`.
    pub attempt_timeout: Option<Duration>,
    /// Retries (0–10) instead of the client's `max_retries`.
    pub max_retries: Option<u32>,
}

/// The JSON form of [`CallOptions`]: `{"timeout": s, "attempt_timeout": s, "max_retries": n}`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CallOptionsJson {
    timeout: Option<f64>,
    attempt_timeout: Option<f64>,
    max_retries: Option<u32>,
}

impl CallOptions {
    /// Options that override nothing.
    pub const fn new() -> CallOptions {
        CallOptions {
            timeout: None,
            attempt_timeout: None,
            max_retries: None,
        }
    }

    /// With a bound of the whole call.
    pub fn timeout(mut self, timeout: Duration) -> CallOptions {
        self.timeout = Some(timeout);
        self
    }

    /// With a bound of each attempt.
    pub fn attempt_timeout(mut self, timeout: Duration) -> CallOptions {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// With this many retries (0–10).
    pub fn max_retries(mut self, retries: u32) -> CallOptions {
        self.max_retries = Some(retries);
        self
    }

    /// Checks the values: positive timeouts, at most 10 retries. Errors name the option.
    pub fn validate(&self) -> Result<()> {
        for (what, t) in [
            ("timeout", self.timeout),
            ("attempt_timeout", self.attempt_timeout),
        ] {
            if t.is_some_and(|t| t.is_zero()) {
                return Err(Error::invalid_argument(format!(
                    "{what} must be a positive number of seconds"
                )));
            }
        }
        if let Some(n) = self.max_retries {
            crate::retry::check_max_retries("max_retries", n)?;
        }
        Ok(())
    }

    /// Parses and checks the JSON form `{"timeout": 5, "attempt_timeout": 2, "max_retries": 0}`
    /// (seconds; every key optional; unknown keys refused). `""` and `null` override nothing.
    pub fn from_json(json: &str) -> Result<CallOptions> {
        let text = json.trim();
        if text.is_empty() || text == "null" {
            return Ok(CallOptions::new());
        }
        if !text.starts_with('{') {
            return Err(Error::invalid_argument(
                "the call options must be a JSON object like {\"timeout\": 5}",
            ));
        }
        let raw: CallOptionsJson = serde_json::from_str(text)
            .map_err(|e| Error::invalid_argument(format!("invalid call options: {e}")))?;
        let seconds = |what, v: Option<f64>| v.map(|s| crate::config::seconds(what, s)).transpose();
        let options = CallOptions {
            timeout: seconds("timeout", raw.timeout)?,
            attempt_timeout: seconds("attempt_timeout", raw.attempt_timeout)?,
            max_retries: raw.max_retries,
        };
        options.validate()?;
        Ok(options)
    }
}

impl AgentWeb {
    /// Starts building a client for `client_id` (your application's Client ID; it goes in the
    /// User-Agent).
    pub fn builder(client_id: impl Into<String>) -> AgentWebBuilder {
        AgentWebBuilder::new(client_id)
    }

    pub(crate) fn from_parts(p: Parts) -> AgentWeb {
        let action_urls = methods::METHODS
            .iter()
            .filter(|m| m.versions.contains(p.version))
            .filter_map(|m| Some((m.action, action_url(&p.api_url, p.version, m.action)?)))
            .collect();
        let static_auth = match &p.token {
            TokenSource::Static(t) => t.header_value().ok(),
            TokenSource::Provider(_) => None,
        };
        AgentWeb {
            inner: Arc::new(Inner {
                http: RwLock::new(Some(p.http)),
                api_url: p.api_url,
                client_id: p.client_id,
                version: p.version,
                token: p.token,
                region: RwLock::new(p.region),
                timeout: p.timeout,
                attempt_timeout: p.attempt_timeout,
                token_timeout: p.token_timeout,
                retry: p.retry,
                max_response_bytes: p.max_response_bytes,
                connections: Arc::new(tokio::sync::Semaphore::new(p.max_connections)),
                max_connections: p.max_connections,
                lifecycle: OnceLock::new(),
                closed: CancellationToken::new(),
                action_urls,
                static_auth,
            }),
        }
    }

    /// The base URL, e.g. `https://api.livechatinc.com`.
    pub fn api_url(&self) -> &str {
        &self.inner.api_url
    }

    /// The Client ID.
    pub fn client_id(&self) -> &str {
        &self.inner.client_id
    }

    /// The API version every call uses.
    pub fn version(&self) -> ApiVersion {
        self.inner.version
    }

    /// `"agent"`: the API this client speaks.
    pub fn kind(&self) -> &'static str {
        "agent"
    }

    /// The region requests are routed to when the token does not say: the configured one, or the
    /// one a `misdirected_request` answer named.
    pub fn region(&self) -> Option<String> {
        self.inner.region.read().ok().and_then(|r| r.clone())
    }

    /// The first `Legacy`/`Deprecation` header the API sent to this client, if any.
    pub fn lifecycle_notice(&self) -> Option<&LifecycleNotice> {
        self.inner.lifecycle.get()
    }

    /// Closes the client: calls in flight end with [`ErrorKind::Closed`], later calls fail, and
    /// its connections are closed once the calls in flight have stopped.
    pub fn close(&self) {
        self.inner.closed.cancel();
        let pool = self.inner.http.write().ok().and_then(|mut h| h.take());
        drop(pool);
    }

    /// Whether [`AgentWeb::close`] was called.
    pub fn is_closed(&self) -> bool {
        self.inner.closed.is_cancelled()
    }

    /// Calls a method of the table by name with named arguments (the path the C and Python
    /// layers take). Returns the response JSON.
    pub async fn call_method(
        &self,
        method: &str,
        args: Map<String, Value>,
        options: CallOptions,
    ) -> Result<Value> {
        let bytes = self.call_method_bytes(method, args, options).await?;
        decode_json(&bytes, method)
    }

    /// [`AgentWeb::call_method`] returning the response body as received (checked to be JSON), so
    /// bindings that hand JSON text on skip a parse/serialise round-trip.
    pub async fn call_method_bytes(
        &self,
        method: &str,
        args: Map<String, Value>,
        options: CallOptions,
    ) -> Result<Bytes> {
        let spec = methods::resolve(method, self.inner.version)?;
        if spec.multipart {
            return self.upload_from_args(args, options).await;
        }
        let body = methods::build_body(spec, self.inner.version, args)?;
        let body = serde_json::to_vec(&Value::Object(body))
            .map_err(|e| Error::invalid_argument(format!("cannot encode the body: {e}")))?;
        self.execute(Request {
            action: spec.action,
            payload: Payload::Json(Bytes::from(body)),
            retry: spec.retry,
            options,
        })
        .await
    }

    /// Sends any action with a raw JSON body (an object; `null` sends `{}`). The escape hatch for
    /// actions or fields this library does not know yet. The action must be `[a-z_]+`.
    pub async fn send(&self, action: &str, body: Value) -> Result<Value> {
        let bytes = self.send_bytes(action, body, CallOptions::new()).await?;
        decode_json(&bytes, action)
    }

    /// [`AgentWeb::send`] returning the body as received (checked to be JSON).
    pub async fn send_bytes(
        &self,
        action: &str,
        body: Value,
        options: CallOptions,
    ) -> Result<Bytes> {
        check_action(action)?;
        let body = match body {
            Value::Null => Value::Object(Map::new()),
            Value::Object(o) => Value::Object(o),
            other => {
                return Err(Error::invalid_argument(format!(
                    "the body of {action} must be a JSON object, got {}",
                    json_type(&other)
                ))
                .with_action(action));
            }
        };
        let body = serde_json::to_vec(&body)
            .map_err(|e| Error::invalid_argument(format!("cannot encode the body: {e}")))?;
        self.send_raw(action, Bytes::from(body), options).await
    }

    /// Sends any action with a body given as JSON text, sent exactly as written (numbers keep
    /// their spelling: `18446744073709551616`, `-0`). The text must be one JSON object (UTF-8,
    /// nesting at most 128 levels); empty or whitespace sends `{}`. Checked before anything is
    /// sent.
    pub async fn send_raw(&self, action: &str, body: Bytes, options: CallOptions) -> Result<Bytes> {
        let body = check_raw_body(action, body)?;
        let retry = match methods::find(action) {
            Some(spec) => spec.retry,
            None if action.starts_with("get_") || action.starts_with("list_") => RetryClass::Read,
            None => RetryClass::Write,
        };
        self.execute(Request {
            action,
            payload: Payload::Json(body),
            retry,
            options,
        })
        .await
    }
}

/// Checks a raw body for [`AgentWeb::send_raw`]: a valid action and one JSON object.
pub fn check_raw_body(action: &str, body: Bytes) -> Result<Bytes> {
    check_action(action)?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Bytes::from_static(b"{}"));
    }
    crate::wire_json::check_object(&body).map_err(|why| {
        Error::invalid_argument(format!("the body of {action} is not usable: {why}"))
            .with_action(action)
    })?;
    Ok(body)
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `{api_url}/v{version}/agent/action/{action}`, parsed.
fn action_url(api_url: &str, version: ApiVersion, action: &str) -> Option<reqwest::Url> {
    reqwest::Url::parse(&format!("{api_url}/v{version}/agent/action/{action}")).ok()
}

/// Refuses action names that could escape the path: only `[a-z_]+`.
fn check_action(action: &str) -> Result<()> {
    if action.is_empty() || !action.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
        return Err(Error::invalid_argument(format!(
            "action {action:?} is not a valid action name (only a-z and _)"
        )));
    }
    Ok(())
}

pub(crate) fn decode_json(bytes: &[u8], what: &str) -> Result<Value> {
    serde_json::from_slice(bytes).map_err(|e| {
        Error::new(
            ErrorKind::Decode,
            format!("the {what} response is not valid JSON: {e}"),
        )
        .with_action(what)
    })
}

impl fmt::Debug for AgentWeb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AgentWeb")
            .field("api_url", &self.inner.api_url)
            .field("client_id", &self.inner.client_id)
            .field("version", &self.inner.version)
            .field("token", &self.inner.token)
            .field("closed", &self.is_closed())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_must_be_lowercase_and_underscores() {
        assert!(check_action("send_event").is_ok());
        for bad in ["", "../x", "Send", "a/b", "x y", "list-chats", "a\r\n"] {
            assert!(check_action(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn debug_never_shows_the_token() {
        let agent = AgentWeb::builder("cid")
            .token(crate::Token::bearer("dal:very-secret-token"))
            .build()
            .unwrap();
        let dbg = format!("{agent:?}");
        assert!(!dbg.contains("very-secret-token"), "{dbg}");
        assert!(dbg.contains("cid"));
    }
}
