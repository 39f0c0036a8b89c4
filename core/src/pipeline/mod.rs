//! The one call pipeline every surface shares: token → region → deadline → attempts → retry
//! policy → decode. `execute` runs a request to completion; `attempt.rs` performs one HTTP
//! attempt and classifies how it ended; `retry.rs` (crate root) decides what happens next;
//! `decode.rs` and `wire_json.rs` read what came back.

mod attempt;
mod decode;
mod limits;
mod payload;
pub(crate) mod wire_json;

use std::sync::atomic::{AtomicU32, Ordering};

use bytes::Bytes;
use tokio::time::Instant;
use tracing::Instrument as _;

use crate::auth::{Token, TokenRequest};
use crate::error::{Error, ErrorKind, Result};
use crate::methods::RetryClass;
use crate::options::CallOptions;
use crate::retry::is_retryable;
use crate::session::Session;
use crate::token_source::TokenSource;

use attempt::Attempt;
use decode::misdirected_region;
use limits::Limits;
pub(crate) use payload::{Payload, UploadPart};

/// A call ready to go.
pub(crate) struct Request<'a> {
    pub(crate) action: &'a str,
    pub(crate) payload: Payload,
    pub(crate) retry: RetryClass,
    pub(crate) options: CallOptions,
}

/// Runs `req` to completion: retries by the rules, refreshes the token once on
/// `authentication`, follows one `misdirected_request`, all within the call's `timeout`.
/// Dropping the future cancels it.
///
/// The whole call is one `livechat.call` span (surface, action, version; `attempts` and
/// `status` recorded at the end, plus `http_status` for API errors); retries are events inside
/// it. No field carries a token or a body.
pub(crate) async fn execute(s: &Session, req: Request<'_>) -> Result<Bytes> {
    let span = tracing::info_span!(
        "livechat.call",
        surface = s.surface.name,
        action = req.action,
        version = %s.version,
        attempts = tracing::field::Empty,
        status = tracing::field::Empty,
        http_status = tracing::field::Empty,
    );
    let attempts = AtomicU32::new(0);
    // Borrowed, not cloned: a clone and its drop each lock the token, shared by every call.
    let result = async {
        tokio::select! {
            biased;
            () = s.closed.cancelled() => Err(Error::new(ErrorKind::Closed, "the client was closed")
                .with_action(req.action)),
            r = execute_open(s, &req, &attempts) => r.map_err(|e| e.with_action(req.action)),
        }
    }
    .instrument(span.clone())
    .await;
    span.record("attempts", attempts.load(Ordering::Relaxed));
    match &result {
        Ok(_) => span.record("status", "ok"),
        Err(e) => {
            if let Some(status) = e.status() {
                span.record("http_status", status);
            }
            span.record("status", e.kind().as_str())
        }
    };
    result
}

async fn execute_open(s: &Session, req: &Request<'_>, attempts: &AtomicU32) -> Result<Bytes> {
    req.options.validate()?;
    let limits = Limits {
        timeout: req.options.timeout.unwrap_or(s.timeout),
        attempt_timeout: req.options.attempt_timeout.unwrap_or(s.attempt_timeout),
        deadline: Instant::now() + req.options.timeout.unwrap_or(s.timeout),
    };
    let max_retries = req.options.max_retries.unwrap_or(s.retry.max_retries);
    let mut retries = 0u32;
    let mut rejected: Option<Token> = None;
    let mut refreshed = false;
    let mut redirected = false;
    loop {
        let request = match rejected.take() {
            Some(t) => TokenRequest::after_rejection(&t),
            None => TokenRequest::new(),
        };
        let token = current_token(s, request, &limits).await?;
        let started = Instant::now();
        attempts.fetch_add(1, Ordering::Relaxed);
        let outcome = attempt::attempt(s, req, &token, &limits).await;
        let (err, failure) = match outcome {
            Attempt::Ok(body) => {
                tracing::debug!(action = req.action, elapsed = ?started.elapsed(), "call succeeded");
                return Ok(body);
            }
            Attempt::Failed(err, failure) => (err, failure),
        };
        tracing::debug!(action = req.action, error = %err, elapsed = ?started.elapsed(), "attempt failed");

        if err.is_authentication() && s.token.is_refreshable() && !refreshed {
            tracing::info!(
                action = req.action,
                "token rejected; asking the token getter for a fresh one"
            );
            refreshed = true;
            rejected = Some(token);
            continue;
        }
        if let Some(region) = misdirected_region(&err) {
            if !redirected && s.region().as_deref() != Some(region.as_str()) {
                tracing::info!(action = req.action, region = %region, "wrong region; retrying in the region the API named");
                redirected = true;
                if let Ok(mut r) = s.region.write() {
                    *r = Some(region);
                }
                continue;
            }
        }
        if retries >= max_retries || !is_retryable(&failure, req.retry) {
            return Err(err);
        }
        let Some(delay) = s.retry.delay(retries, err.retry_after()) else {
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

async fn current_token(s: &Session, request: TokenRequest, limits: &Limits) -> Result<Token> {
    match &s.token {
        TokenSource::Static(t) => Ok(t.clone()),
        TokenSource::Provider(p) => {
            let wait = s.token_timeout.min(limits.remaining());
            let token = tokio::time::timeout(wait, p.token(request))
                .await
                .map_err(|_| {
                    let message = if wait < s.token_timeout {
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
