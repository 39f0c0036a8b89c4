//! One HTTP attempt: a free connection, the request with its auth and region headers, the
//! response read within the attempt's bound, and how it ended as far as retrying is concerned.

use std::sync::Arc;

use bytes::Bytes;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};

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
    let Some(http) = inner.http.read().ok().and_then(|pool| pool.clone()) else {
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
    let built = match &req.payload {
        Payload::Query(pairs) => {
            let mut url = url;
            if !pairs.is_empty() {
                url.query_pairs_mut().extend_pairs(pairs.iter());
            }
            http.request(Method::GET, url)
        }
        Payload::Json(_) | Payload::Multipart(_) => http.request(Method::POST, url),
    };
    let rb = match built {
        Ok(rb) => rb,
        Err(e) => return Attempt::Failed(e, Failure::Local),
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
        let answer = http.round_trip(rb, s.max_response_bytes).await;
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
