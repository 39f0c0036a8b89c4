//! One request sent and its whole answer read, within `max_response_bytes`.

use bytes::Bytes;
use http_body_util::BodyExt as _;
use hyper::body::Body as _;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::Http;
use super::errors::{body_error, client_error, reqwest_error};
use crate::error::{Error, ErrorKind};
use crate::retry::Failure;

/// A response read to its end: status, headers and body.
pub(crate) type Answer = (StatusCode, HeaderMap, Bytes);

impl Http {
    /// Sends `rb` and reads the answer; a body over `limit` bytes is refused.
    pub(crate) async fn round_trip(
        &self,
        rb: reqwest::RequestBuilder,
        limit: usize,
    ) -> Result<Answer, (Error, Failure)> {
        match self {
            Http::Reqwest(_) => through_reqwest(rb, limit).await,
            Http::Bounded(pool) => {
                let req = rb.build().map_err(reqwest_error)?;
                let req = http::Request::<reqwest::Body>::try_from(req).map_err(reqwest_error)?;
                let resp = pool.client.request(req).await.map_err(client_error)?;
                let (head, mut body) = resp.into_parts();
                if body.size_hint().exact().is_some_and(|n| n > limit as u64) {
                    return Err(too_large(limit));
                }
                let mut read = Vec::new();
                while let Some(frame) = body.frame().await {
                    let Ok(chunk) = frame.map_err(body_error)?.into_data() else {
                        continue; // trailers
                    };
                    if read.len() + chunk.len() > limit {
                        return Err(too_large(limit));
                    }
                    read.extend_from_slice(&chunk);
                }
                Ok((head.status, head.headers, Bytes::from(read)))
            }
        }
    }
}

async fn through_reqwest(
    rb: reqwest::RequestBuilder,
    limit: usize,
) -> Result<Answer, (Error, Failure)> {
    let mut resp = rb.send().await.map_err(reqwest_error)?;
    let status = resp.status();
    let headers = std::mem::take(resp.headers_mut());
    if resp.content_length().is_some_and(|n| n > limit as u64) {
        return Err(too_large(limit));
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(reqwest_error)? {
        if body.len() + chunk.len() > limit {
            return Err(too_large(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((status, headers, Bytes::from(body)))
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
