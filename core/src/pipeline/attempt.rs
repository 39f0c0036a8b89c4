//! One HTTP attempt: a free connection, the request with its auth and region headers, the
//! response read within the attempt's bound, and how it ended as far as retrying is concerned.

use std::sync::Arc;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};

use super::decode::{api_error_and_origin, snippet};
use super::limits::Limits;
use super::{Payload, Request};
use crate::auth::Token;
use crate::error::{Error, ErrorKind};
use crate::first_contact;
use crate::retry::Failure;
use crate::session::{LifecycleNotice, Session};
use crate::token_source::TokenSource;

/// How one attempt ended.
pub(super) enum Attempt {
    Ok(Bytes),
    Failed(Error, Failure),
}

/// The `X-Region` header of an attempt: the client's region, else the token's prefix.
fn region_header(s: &Session, token: &Token) -> Option<HeaderValue> {
    let learnt = s.region.read().ok();
    let region = learnt
        .as_ref()
        .and_then(|r| r.as_deref())
        .or_else(|| token.region())?;
    HeaderValue::from_str(region).ok()
}

pub(super) async fn attempt(
    s: &Session,
    req: &Request<'_>,
    token: &Token,
    limits: &Limits,
) -> Attempt {
    let inner = s;
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
        // Every table action of this version has its URL parsed already; any other action
        // (`send`) goes to the same surface's path.
        let url = match inner.action_urls.get(req.action) {
            Some(url) => url.clone(),
            None => {
                let text = inner
                    .surface
                    .action_url(&inner.api_url, inner.version, req.action);
                match reqwest::Url::parse(&text) {
                    Ok(url) => url,
                    Err(e) => {
                        return Attempt::Failed(
                            Error::invalid_argument(format!("cannot build the URL {text:?}: {e}")),
                            Failure::Local,
                        );
                    }
                }
            }
        };
        match &req.payload {
            Payload::Query(pairs) => {
                let mut url = url;
                if !pairs.is_empty() {
                    url.query_pairs_mut().extend_pairs(pairs.iter());
                }
                http.get(url)
            }
            Payload::Json(_) | Payload::Multipart(_) => http.post(url),
        }
    };
    let mut rb = match &inner.request_headers {
        Some(headers) => rb.headers(headers.clone()),
        None => rb,
    };
    rb = rb.header(reqwest::header::AUTHORIZATION, auth);
    if let Some(region) = region_header(s, token) {
        rb = rb.header("X-Region", region);
    }
    rb = match &req.payload {
        Payload::Json(body) => rb
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .body(body.clone()),
        Payload::Multipart(part) => rb.multipart(part.form()),
        Payload::Query(_) => rb,
    };
    let remaining = limits.remaining();
    let (bound, what) = if limits.attempt_timeout < remaining {
        (limits.attempt_timeout, "attempt_timeout")
    } else {
        (remaining, "the call's timeout")
    };
    let outcome = tokio::time::timeout(bound, async {
        let turn = s.first_contact.wait(first_contact::MAX_WAIT).await;
        let answer = round_trip(s, rb).await;
        if answer.is_ok() {
            s.first_contact.answered();
        }
        drop(turn);
        answer
    })
    .await;
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
        Ok(Ok((status, headers, body))) => interpret(s, status, &headers, body),
    }
}

async fn round_trip(
    s: &Session,
    rb: reqwest::RequestBuilder,
) -> std::result::Result<(StatusCode, HeaderMap, Bytes), (Error, Failure)> {
    let mut resp = rb.send().await.map_err(transport_error)?;
    let status = resp.status();
    let headers = std::mem::take(resp.headers_mut());
    let limit = s.max_response_bytes;
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

fn interpret(s: &Session, status: StatusCode, headers: &HeaderMap, body: Bytes) -> Attempt {
    note_lifecycle(s, headers);
    if status.is_success() {
        if status == StatusCode::NO_CONTENT && body.is_empty() {
            return Attempt::Ok(Bytes::from_static(b"{}"));
        }
        if let Err(why) = crate::pipeline::wire_json::check(&body) {
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

fn note_lifecycle(s: &Session, headers: &HeaderMap) {
    if s.lifecycle.get().is_some() {
        return;
    }
    for name in ["Legacy", "Deprecation"] {
        if let Some(value) = headers.get(name).and_then(|v| v.to_str().ok()) {
            let notice = LifecycleNotice {
                header: name.to_owned(),
                value: value.to_owned(),
            };
            if s.lifecycle.set(notice).is_ok() {
                tracing::warn!(
                    version = %s.version,
                    header = name,
                    value,
                    "LiveChat API {} is being retired ({name}: {value}); plan a move to a newer version",
                    s.version
                );
            }
            return;
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
                    "cannot open a connection: this process is out of file descriptors \
                     (os error {}); lower max_connections or raise the limit (ulimit -n)",
                    io.raw_os_error().unwrap_or_default()
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
    // reqwest's own messages ("error sending request", then its causes) are the source
    // chain; this message only says which step failed, so a chain printer shows each once.
    let message = if e.is_timeout() {
        "the HTTP request timed out"
    } else if e.is_connect() {
        "cannot connect to the API"
    } else if e.is_body() || e.is_decode() {
        "the response body could not be read"
    } else {
        "the HTTP request failed"
    };
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
