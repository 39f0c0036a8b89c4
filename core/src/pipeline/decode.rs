//! Reading what came back: the API error of a non-2xx answer (with whether it is the API's own
//! error body), and the region a `misdirected_request` names.

use reqwest::header::HeaderMap;
use serde_json::Value;

use crate::error::{ApiError, ApiErrorType, Error};
use crate::retry::parse_retry_after;

/// The API error of a non-2xx reply (surviving non-JSON, empty and odd bodies), and whether its
/// type came from the API's own `{"error": {"type"}}` body.
pub(super) fn api_error_and_origin(
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
) -> (ApiError, bool) {
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
    if (300..400).contains(&status) && err_obj.is_none() {
        // The client follows no redirects (a redirect could carry the token elsewhere): name the
        // redirect and where it points, so a wrong api_url is obvious. An API error body, if a
        // 3xx ever carried one, says more and wins like on any other status.
        let location = headers
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map_or_else(|| "no Location".to_owned(), crate::redact::redact_userinfo);
        let error = ApiError {
            status,
            error_type: ApiErrorType::from_status(status),
            message: format!(
                "the API answered with a redirect (HTTP {status}) to {location}; the client \
                 follows no redirects: check api_url"
            ),
            data: None,
            request_id,
            retry_after,
        };
        return (error, false);
    }
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
pub(super) fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut s: String = text.chars().take(200).collect();
    if text.chars().count() > 200 {
        s.push('…');
    }
    s
}

pub(super) fn misdirected_region(err: &Error) -> Option<String> {
    let api = err.api_error()?;
    if api.error_type != ApiErrorType::MisdirectedRequest {
        return None;
    }
    let region = api.data.as_ref()?.get("region")?.as_str()?;
    crate::auth::is_region(region).then(|| region.to_owned())
}
