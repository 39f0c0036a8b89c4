//! One call on the wire: token, headers, attempts, retries, error mapping. Everything about
//! "what happens when it fails" is decided by `retry.rs`; this file only carries it out.

use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use serde_json::Value;

use crate::auth::{Token, TokenRequest, TokenSource};
use crate::client::{AgentWeb, CallOptions, LifecycleNotice};
use crate::error::{ApiError, ApiErrorType, Error, ErrorKind, Result};
use crate::methods::RetryClass;
use crate::retry::{Failure, is_retryable, parse_retry_after};
use crate::upload::UploadPart;

/// What is sent.
pub(crate) enum Payload {
    /// A JSON body, already encoded.
    Json(Bytes),
    /// One multipart part named `file`.
    Multipart(UploadPart),
}

/// A call ready to go.
pub(crate) struct Request<'a> {
    pub(crate) action: &'a str,
    pub(crate) payload: Payload,
    pub(crate) retry: RetryClass,
    pub(crate) options: CallOptions,
}

/// The time bounds of one call.
struct Limits {
    /// The whole call's bound, as configured (for messages).
    timeout: Duration,
    /// One attempt's bound.
    attempt_timeout: Duration,
    /// When the whole call must be over.
    deadline: Instant,
}

impl Limits {
    fn remaining(&self) -> Duration {
        self.deadline.saturating_duration_since(Instant::now())
    }
}

/// How one attempt ended.
enum Attempt {
    Ok(Bytes),
    Failed(Error, Failure),
}

impl AgentWeb {
    /// Runs `req` to completion: retries by the rules, refreshes the token once on
    /// `authentication`, follows one `misdirected_request`, all within the call's `timeout`.
    /// Dropping the future cancels it.
    pub(crate) async fn execute(&self, req: Request<'_>) -> Result<Bytes> {
        // Borrowed, not cloned: a clone and its drop each lock the token, shared by every call.
        tokio::select! {
            biased;
            () = self.inner.closed.cancelled() => Err(Error::new(ErrorKind::Closed, "the client was closed")
                .with_action(req.action)),
            r = self.execute_open(&req) => r.map_err(|e| e.with_action(req.action)),
        }
    }

    async fn execute_open(&self, req: &Request<'_>) -> Result<Bytes> {
        req.options.validate()?;
        let limits = Limits {
            timeout: req.options.timeout.unwrap_or(self.inner.timeout),
            attempt_timeout: req
                .options
                .attempt_timeout
                .unwrap_or(self.inner.attempt_timeout),
            deadline: Instant::now() + req.options.timeout.unwrap_or(self.inner.timeout),
        };
        let max_retries = req
            .options
            .max_retries
            .unwrap_or(self.inner.retry.max_retries);
        let mut retries = 0u32;
        let mut refresh = false;
        let mut refreshed = false;
        let mut redirected = false;
        loop {
            let token = self.current_token(refresh, &limits).await?;
            refresh = false;
            let started = Instant::now();
            let outcome = self.attempt(req, &token, &limits).await;
            let (err, failure) = match outcome {
                Attempt::Ok(body) => {
                    tracing::debug!(action = req.action, elapsed = ?started.elapsed(), "call succeeded");
                    return Ok(body);
                }
                Attempt::Failed(err, failure) => (err, failure),
            };
            tracing::debug!(action = req.action, error = %err, elapsed = ?started.elapsed(), "attempt failed");

            if err.is_authentication() && self.inner.token.is_refreshable() && !refreshed {
                tracing::info!(
                    action = req.action,
                    "token rejected; asking the token getter for a fresh one"
                );
                refreshed = true;
                refresh = true;
                continue;
            }
            if let Some(region) = misdirected_region(&err) {
                if !redirected && self.region().as_deref() != Some(region.as_str()) {
                    tracing::info!(action = req.action, region = %region, "wrong region; retrying in the region the API named");
                    redirected = true;
                    if let Ok(mut r) = self.inner.region.write() {
                        *r = Some(region);
                    }
                    continue;
                }
            }
            if retries >= max_retries || !is_retryable(&failure, req.retry) {
                return Err(err);
            }
            let Some(delay) = self.inner.retry.delay(retries, err.retry_after()) else {
                return Err(err);
            };
            // A wait that would end past the deadline is not started: the caller gets the
            // error (a 429 carries its `retry_after`) at once instead of a timeout later.
            if Instant::now() + delay >= limits.deadline {
                return Err(err);
            }
            retries += 1;
            tracing::warn!(action = req.action, error = %err, retry = retries, delay = ?delay, "retrying");
            tokio::time::sleep(delay).await;
        }
    }

    async fn current_token(&self, refresh: bool, limits: &Limits) -> Result<Token> {
        match &self.inner.token {
            TokenSource::Static(t) => Ok(t.clone()),
            TokenSource::Provider(p) => {
                let wait = self.inner.token_timeout.min(limits.remaining());
                let token = tokio::time::timeout(wait, p.token(TokenRequest { refresh }))
                    .await
                    .map_err(|_| {
                        let message = if wait < self.inner.token_timeout {
                            format!(
                                "the token getter did not answer within the call's timeout ({:?})",
                                limits.timeout
                            )
                        } else {
                            format!("the token getter did not answer within {wait:?}")
                        };
                        Error::new(ErrorKind::Token, message)
                    })??;
                token.validate().map_err(|e| {
                    Error::new(
                        ErrorKind::Token,
                        format!("the token getter returned a bad token: {}", e.message()),
                    )
                })?;
                Ok(token)
            }
        }
    }

    /// The `X-Region` header of an attempt: the client's region, else the token's prefix.
    fn region_header(&self, token: &Token) -> Option<HeaderValue> {
        let learnt = self.inner.region.read().ok();
        let region = learnt
            .as_ref()
            .and_then(|r| r.as_deref())
            .or_else(|| token.region())?;
        HeaderValue::from_str(region).ok()
    }

    async fn attempt(&self, req: &Request<'_>, token: &Token, limits: &Limits) -> Attempt {
        let inner = &self.inner;
        let auth = match (&inner.token, &inner.static_auth) {
            // The static token's header, built once (the token is that same token).
            (TokenSource::Static(_), Some(value)) => Ok(value.clone()),
            _ => token.header_value(),
        };
        let auth = match auth {
            Ok(v) => v,
            Err(e) => return Attempt::Failed(e, Failure::Local),
        };
        // A free connection first: the wait counts toward the call's deadline only.
        let permit = match tokio::time::timeout_at(
            limits.deadline,
            Arc::clone(&inner.connections).acquire_owned(),
        )
        .await
        {
            Ok(Ok(permit)) => permit,
            Ok(Err(_)) => {
                return Attempt::Failed(
                    Error::new(ErrorKind::Closed, "the client was closed"),
                    Failure::Local,
                );
            }
            Err(_) => {
                return Attempt::Failed(
                    Error::new(
                        ErrorKind::Timeout,
                        format!(
                            "no connection became free within the call's timeout ({:?}; all {} \
                             of max_connections in use)",
                            limits.timeout, inner.max_connections
                        ),
                    ),
                    Failure::Local,
                );
            }
        };
        let rb = {
            let pool = inner.http.read().ok();
            let Some(http) = pool.as_ref().and_then(|p| p.as_ref()) else {
                return Attempt::Failed(
                    Error::new(ErrorKind::Closed, "the client was closed"),
                    Failure::Local,
                );
            };
            match inner.action_urls.get(req.action) {
                Some(url) => http.post(url.clone()),
                None => http.post(format!(
                    "{}/v{}/agent/action/{}",
                    inner.api_url, inner.version, req.action
                )),
            }
        };
        let mut rb = rb.header(reqwest::header::AUTHORIZATION, auth);
        if let Some(region) = self.region_header(token) {
            rb = rb.header("X-Region", region);
        }
        rb = match &req.payload {
            Payload::Json(body) => rb
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(body.clone()),
            Payload::Multipart(part) => rb.multipart(part.form()),
        };
        let remaining = limits.remaining();
        let (bound, what) = if limits.attempt_timeout < remaining {
            (limits.attempt_timeout, "attempt_timeout")
        } else {
            (remaining, "the call's timeout")
        };
        let outcome = tokio::time::timeout(bound, self.round_trip(rb)).await;
        drop(permit);
        match outcome {
            Err(_) => {
                let shown = if what == "attempt_timeout" {
                    limits.attempt_timeout
                } else {
                    limits.timeout
                };
                Attempt::Failed(
                    Error::new(
                        ErrorKind::Timeout,
                        format!("no complete response within {shown:?} ({what})"),
                    ),
                    Failure::MaybeSent,
                )
            }
            Ok(Err((e, f))) => Attempt::Failed(e, f),
            Ok(Ok((status, headers, body))) => self.interpret(status, &headers, body),
        }
    }

    async fn round_trip(
        &self,
        rb: reqwest::RequestBuilder,
    ) -> std::result::Result<(StatusCode, HeaderMap, Bytes), (Error, Failure)> {
        let mut resp = rb.send().await.map_err(transport_error)?;
        let status = resp.status();
        let headers = std::mem::take(resp.headers_mut());
        let limit = self.inner.max_response_bytes;
        if resp.content_length().is_some_and(|n| n > limit as u64) {
            return Err(too_large(limit));
        }
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(transport_error)? {
            if body.len() + chunk.len() > limit {
                return Err(too_large(limit));
            }
            body.extend_from_slice(&chunk);
        }
        Ok((status, headers, Bytes::from(body)))
    }

    fn interpret(&self, status: StatusCode, headers: &HeaderMap, body: Bytes) -> Attempt {
        self.note_lifecycle(headers);
        if status.is_success() {
            if status == StatusCode::NO_CONTENT && body.is_empty() {
                return Attempt::Ok(Bytes::from_static(b"{}"));
            }
            if let Err(why) = crate::wire_json::check(&body) {
                return Attempt::Failed(
                    Error::new(
                        ErrorKind::Decode,
                        format!(
                            "HTTP {} with a body that is not usable JSON ({why}): {}",
                            status.as_u16(),
                            snippet(&body)
                        ),
                    ),
                    Failure::Local,
                );
            }
            return Attempt::Ok(body);
        }
        let (api, api_body) = api_error_and_origin(status.as_u16(), headers, &body);
        let failure = Failure::Answered {
            status: api.status,
            ty: api.error_type.clone(),
            api_body,
        };
        Attempt::Failed(Error::api(api), failure)
    }

    fn note_lifecycle(&self, headers: &HeaderMap) {
        if self.inner.lifecycle.get().is_some() {
            return;
        }
        for name in ["Legacy", "Deprecation"] {
            if let Some(value) = headers.get(name).and_then(|v| v.to_str().ok()) {
                let notice = LifecycleNotice {
                    header: name.to_owned(),
                    value: value.to_owned(),
                };
                if self.inner.lifecycle.set(notice).is_ok() {
                    tracing::warn!(
                        version = %self.inner.version,
                        header = name,
                        value,
                        "LiveChat API {} is being retired ({name}: {value}); plan a move to a newer version",
                        self.inner.version
                    );
                }
                return;
            }
        }
    }
}

fn too_large(limit: usize) -> (Error, Failure) {
    (
        Error::new(
            ErrorKind::Decode,
            format!("the response is larger than the {limit}-byte limit"),
        ),
        Failure::Local,
    )
}

fn transport_error(e: reqwest::Error) -> (Error, Failure) {
    if let Some(io) = out_of_descriptors(&e) {
        // Not the network's fault and not worth retrying: every retry would fail the same way
        // and take descriptors the rest of the process needs.
        return (
            Error::new(
                ErrorKind::Transport,
                format!(
                    "cannot open a connection: this process is out of file descriptors ({io}); \
                     lower max_connections or raise the limit (ulimit -n)"
                ),
            )
            .with_source(e.without_url()),
            Failure::Local,
        );
    }
    let failure = if e.is_connect() || never_written(&e) {
        Failure::NotSent
    } else {
        Failure::MaybeSent
    };
    let kind = if e.is_timeout() {
        ErrorKind::Timeout
    } else {
        ErrorKind::Transport
    };
    let message = describe_reqwest_error(&e);
    (
        Error::new(kind, message).with_source(e.without_url()),
        failure,
    )
}

/// The `EMFILE`/`ENFILE` error behind `e`, if that is what it is.
fn out_of_descriptors(e: &reqwest::Error) -> Option<&std::io::Error> {
    sources(e)
        .filter_map(|s| s.downcast_ref::<std::io::Error>())
        .find(|io| matches!(io.raw_os_error(), Some(23 | 24)))
}

/// Whether hyper reports the request as canceled before it was written: a pooled connection
/// closed by the server while the request waited for it. Nothing reached the server.
fn never_written(e: &reqwest::Error) -> bool {
    sources(e)
        .filter_map(|s| s.downcast_ref::<hyper::Error>())
        .any(hyper::Error::is_canceled)
}

fn sources<'a>(
    e: &'a (dyn std::error::Error + 'static),
) -> impl Iterator<Item = &'a (dyn std::error::Error + 'static)> {
    std::iter::successors(Some(e), |s| s.source())
}

/// reqwest's top-level message is vague ("error sending request"); include the causes.
fn describe_reqwest_error(e: &reqwest::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}

/// The API error of a non-2xx reply (surviving non-JSON, empty and odd bodies), and whether its
/// type came from the API's own `{"error": {"type"}}` body.
fn api_error_and_origin(status: u16, headers: &HeaderMap, body: &[u8]) -> (ApiError, bool) {
    let retry_after = headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(parse_retry_after);
    let request_id = ["x-request-id", "x-debug-id"]
        .iter()
        .find_map(|h| headers.get(*h))
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let err_obj = parsed
        .as_ref()
        .and_then(|v| v.get("error"))
        .and_then(Value::as_object);
    let typed = err_obj
        .and_then(|e| e.get("type"))
        .and_then(Value::as_str)
        .map(ApiErrorType::parse);
    let api_body = typed.is_some();
    let error = match err_obj {
        Some(e) => ApiError {
            status,
            error_type: typed.unwrap_or_else(|| ApiErrorType::from_status(status)),
            message: e
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            data: e.get("data").cloned(),
            request_id,
            retry_after,
        },
        None => ApiError {
            status,
            error_type: ApiErrorType::from_status(status),
            message: if body.is_empty() {
                format!("HTTP {status} with an empty body")
            } else {
                format!("HTTP {status} without an API error body: {}", snippet(body))
            },
            data: None,
            request_id,
            retry_after,
        },
    };
    (error, api_body)
}

/// The first 200 characters of a body, for messages.
fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut s: String = text.chars().take(200).collect();
    if text.chars().count() > 200 {
        s.push('…');
    }
    s
}

fn misdirected_region(err: &Error) -> Option<String> {
    let api = err.api_error()?;
    if api.error_type != ApiErrorType::MisdirectedRequest {
        return None;
    }
    let region = api.data.as_ref()?.get("region")?.as_str()?;
    crate::auth::is_region(region).then(|| region.to_owned())
}
