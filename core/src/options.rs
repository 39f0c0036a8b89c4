//! Per-call options: the client's `timeout`, `attempt_timeout` and `max_retries` overridden for
//! one call, from Rust, from C's per-call options JSON and from Python's keyword arguments.

use std::time::Duration;

use crate::error::{Error, Result};
use crate::methods::RetryClass;

/// Per-call overrides of the client's options, for calls by name ([`Client::call_method`],
/// [`Client::send_raw`]); typed calls have the same setters on [`Call`].
///
/// [`Client::call_method`]: crate::Client::call_method
/// [`Client::send_raw`]: crate::Client::send_raw
/// [`Call`]: crate::Call
///
/// ```no_run
/// # async fn demo(agent: livechat::AgentWeb) -> Result<(), livechat::Error> {
/// use std::time::Duration;
/// use livechat::CallOptions;
/// use serde_json::{Map, json};
///
/// let mut args = Map::new();
/// args.insert("chat_id".into(), json!("CHAT_ID"));
/// let options = CallOptions::new().timeout(Duration::from_secs(5)).max_retries(0);
/// let chat = agent.call_method("get_chat", args, options).await?;
/// # Ok(()) }
/// ```
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
    /// For a raw send of an action the surface's table does not know: whether it only reads
    /// (retried after 5xx and timeouts) or writes (default: retried only when nothing reached
    /// the server). Table methods always use the table's class.
    pub retry_class: Option<RetryClass>,
}

impl CallOptions {
    /// Options that override nothing.
    pub const fn new() -> CallOptions {
        CallOptions {
            timeout: None,
            attempt_timeout: None,
            max_retries: None,
            retry_class: None,
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

    /// Treats a raw send of an unknown action as `class` (default: write).
    pub fn retry_class(mut self, class: RetryClass) -> CallOptions {
        self.retry_class = Some(class);
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

    /// Parses and checks the JSON form
    /// `{"timeout": 5, "attempt_timeout": 2, "max_retries": 0, "retry": "read"|"write"}`
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
        // Read key by key, so a wrong type names its key ("max_retries must be an integer…"),
        // never a serde position.
        let map: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(text).map_err(|e| {
                Error::invalid_argument(format!("the call options are not valid JSON: {e}"))
            })?;
        let mut options = CallOptions::new();
        for (key, value) in &map {
            match key.as_str() {
                "timeout" | "attempt_timeout" => {
                    let secs = value.as_f64().ok_or_else(|| {
                        Error::invalid_argument(format!(
                            "{key} must be a number of seconds, got {value}"
                        ))
                    })?;
                    let d = seconds(key, secs)?;
                    if key == "timeout" {
                        options.timeout = Some(d);
                    } else {
                        options.attempt_timeout = Some(d);
                    }
                }
                "max_retries" => {
                    let n = value
                        .as_u64()
                        .and_then(|n| u32::try_from(n).ok())
                        .ok_or_else(|| {
                            Error::invalid_argument(format!(
                                "max_retries must be an integer from 0 to 10, got {value}"
                            ))
                        })?;
                    options.max_retries = Some(n);
                }
                "retry" => {
                    options.retry_class = match value.as_str() {
                        Some("read") => Some(RetryClass::Read),
                        Some("write") => Some(RetryClass::Write),
                        _ => {
                            return Err(Error::invalid_argument(format!(
                                "retry must be \"read\" or \"write\", got {value}"
                            )));
                        }
                    };
                }
                other => {
                    return Err(Error::invalid_argument(format!(
                        "unknown call option {other:?}; known: timeout, attempt_timeout, \
                         max_retries, retry"
                    )));
                }
            }
        }
        options.validate()?;
        Ok(options)
    }
}

/// `s` seconds as a positive `Duration`; the error names `what`.
pub(crate) fn seconds(what: &str, s: f64) -> Result<Duration> {
    Duration::try_from_secs_f64(s)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| {
            Error::invalid_argument(format!("{what} must be a positive number of seconds"))
        })
}
