//! One call on the wire: token, headers, attempts, retries, error mapping. Everything about
//! "what happens when it fails" is decided by `retry.rs`; this file only carries it out.

use std::time::Instant;

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

/// How one attempt ended.
enum Attempt {
    Ok(Bytes),
    Failed(Error, Failure),
}

impl AgentWeb {
    /// Runs `req` to completion: retries by the rules, refreshes the token once on
    /// `authentication`, follows one `misdirected_request`. Dropping the future cancels it.
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
        let max_retries = req
            .options
            .max_retries
            .unwrap_or(self.inner.retry.max_retries);
        let mut retries = 0u32;
        let mut refresh = false;
        let mut refreshed = false;
        let mut redirected = false;
        loop {
            let token = self.current_token(refresh).await?;
            refresh = false;
            let started = Instant::now();
            let outcome = self.attempt(req, &token).await;
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
            retries += 1;
            tracing::warn!(action = req.action, error = %err, retry = retries, delay = ?delay, "retrying");
            tokio::time::sleep(delay).await;
        }
    }

    async fn current_token(&self, refresh: bool) -> Result<Token> {
        match &self.inner.token {
            TokenSource::Static(t) => Ok(t.clone()),
            TokenSource::Provider(p) => {
                let fut = p.token(TokenRequest { refresh });
                let token = tokio::time::timeout(self.inner.token_timeout, fut)
                    .await
                    .map_err(|_| {
                        Error::new(
                            ErrorKind::Token,
                            format!(
                                "the token getter did not answer within {:?}",
                                self.inner.token_timeout
                            ),
                        )
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

    async fn attempt(&self, req: &Request<'_>, token: &Token) -> Attempt {
        let inner = &self.inner;
        let auth = match (&inner.token, &inner.static_auth) {
            // The static token's header, built once (the token is that same token).
            (TokenSource::Static(_), Some(value)) => Ok(value.clone()),
            _ => token.header_value(),
        };
        let auth = match auth {
            Ok(v) => v,
            Err(e) => {
                return Attempt::Failed(
                    e,
                    Failure::Answered(0, ApiErrorType::Other("local".into())),
                );
            }
        };
        let rb = {
            let pool = inner.http.read().ok();
            let Some(http) = pool.as_ref().and_then(|p| p.as_ref()) else {
                return Attempt::Failed(
                    Error::new(ErrorKind::Closed, "the client was closed"),
                    Failure::Answered(0, ApiErrorType::Other("local".into())),
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
        let timeout = req.options.timeout.unwrap_or(inner.timeout);
        match tokio::time::timeout(timeout, self.round_trip(rb)).await {
            Err(_) => Attempt::Failed(
                Error::new(
                    ErrorKind::Timeout,
                    format!("no complete response within {timeout:?}"),
                ),
                Failure::MaybeSent,
            ),
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
            if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(&body) {
                return Attempt::Failed(
                    Error::new(
                        ErrorKind::Decode,
                        format!(
                            "HTTP {} with a body that is not JSON ({e}): {}",
                            status.as_u16(),
                            snippet(&body)
                        ),
                    ),
                    Failure::Answered(status.as_u16(), ApiErrorType::Other("decode".into())),
                );
            }
            return Attempt::Ok(body);
        }
        let api = api_error(status.as_u16(), headers, &body);
        let failure = Failure::Answered(api.status, api.error_type.clone());
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
        Failure::Answered(0, ApiErrorType::Other("too_large".into())),
    )
}

fn transport_error(e: reqwest::Error) -> (Error, Failure) {
    let failure = if e.is_connect() {
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

/// The API error of a non-2xx reply; survives non-JSON, empty and odd bodies.
pub(crate) fn api_error(status: u16, headers: &HeaderMap, body: &[u8]) -> ApiError {
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
    match err_obj {
        Some(e) => ApiError {
            status,
            error_type: e
                .get("type")
                .and_then(Value::as_str)
                .map(ApiErrorType::parse)
                .unwrap_or_else(|| ApiErrorType::from_status(status)),
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
    }
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
