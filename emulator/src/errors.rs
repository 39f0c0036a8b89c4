//! API errors: the error types, THE table from error type to HTTP status, and the body shape
//! `{"error":{"type","message","data"?}}`.
//!
//! Only 401 (`authentication`) and 422 (`validation`) are backed by evidence from production;
//! every other status here is the emulator's choice (see README).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// The error types the emulator produces by itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ErrorKind {
    Authentication,
    Authorization,
    MissingAccess,
    NotFound,
    Validation,
    ChatInactive,
    AgentOffline,
    LimitReached,
    EntityTooLarge,
    MisdirectedRequest,
    TooManyRequests,
    Internal,
    ServiceUnavailable,
    RequestTimeout,
    UnsupportedVersion,
    /// Configuration API: the thing to create exists already.
    AlreadyExists,
    /// Configuration API: a group id that does not exist.
    GroupNotFound,
    /// Configuration API: the change needs the license ownership transferred first.
    OwnershipTransfer,
}

impl ErrorKind {
    const ALL: [ErrorKind; 18] = [
        ErrorKind::Authentication,
        ErrorKind::Authorization,
        ErrorKind::MissingAccess,
        ErrorKind::NotFound,
        ErrorKind::Validation,
        ErrorKind::ChatInactive,
        ErrorKind::AgentOffline,
        ErrorKind::LimitReached,
        ErrorKind::EntityTooLarge,
        ErrorKind::MisdirectedRequest,
        ErrorKind::TooManyRequests,
        ErrorKind::Internal,
        ErrorKind::ServiceUnavailable,
        ErrorKind::RequestTimeout,
        ErrorKind::UnsupportedVersion,
        ErrorKind::AlreadyExists,
        ErrorKind::GroupNotFound,
        ErrorKind::OwnershipTransfer,
    ];

    /// The `error.type` string on the wire.
    pub(crate) fn as_str(self) -> &'static str {
        self.row().0
    }

    /// The HTTP status answered with this error type.
    pub(crate) fn status(self) -> StatusCode {
        StatusCode::from_u16(self.row().1).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The documented default message.
    pub(crate) fn default_message(self) -> &'static str {
        self.row().2
    }

    /// The one table: type, HTTP status, default message.
    fn row(self) -> (&'static str, u16, &'static str) {
        match self {
            ErrorKind::Authentication => ("authentication", 401, "Invalid access token"),
            ErrorKind::Authorization => ("authorization", 403, "Authorization error"),
            ErrorKind::MissingAccess => ("missing_access", 403, "Missing access"),
            ErrorKind::NotFound => ("not_found", 404, "Not found"),
            ErrorKind::Validation => ("validation", 422, "Wrong format of request"),
            ErrorKind::ChatInactive => ("chat_inactive", 409, "Chat is inactive"),
            ErrorKind::AgentOffline => ("agent_offline", 409, "Agent offline"),
            ErrorKind::LimitReached => ("limit_reached", 402, "Limit reached"),
            ErrorKind::EntityTooLarge => ("entity_too_large", 413, "Upload limit exceeded (10MB)."),
            ErrorKind::MisdirectedRequest => ("misdirected_request", 421, "Wrong region"),
            ErrorKind::TooManyRequests => ("too_many_requests", 429, "Too many requests"),
            ErrorKind::Internal => ("internal", 500, "Internal server error"),
            ErrorKind::ServiceUnavailable => ("service_unavailable", 503, "Service unavailable"),
            ErrorKind::RequestTimeout => ("request_timeout", 504, "Request timed out"),
            ErrorKind::UnsupportedVersion => (
                "unsupported_version",
                400,
                "Cannot call unsupported API versions.",
            ),
            ErrorKind::AlreadyExists => ("already_exists", 409, "Already exists"),
            ErrorKind::GroupNotFound => ("group_not_found", 404, "Group not found"),
            ErrorKind::OwnershipTransfer => {
                ("ownership_transfer", 409, "Ownership transfer required")
            }
        }
    }

    /// The kind whose wire name is `name`, if it is one of ours.
    pub(crate) fn from_name(name: &str) -> Option<ErrorKind> {
        ErrorKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The first kind answered with `status` (used by faults that give only a status).
    pub(crate) fn from_status(status: u16) -> Option<ErrorKind> {
        ErrorKind::ALL
            .into_iter()
            .find(|k| k.status().as_u16() == status)
    }
}

/// An error answered by an API action.
#[derive(Clone, Debug)]
pub(crate) struct ApiError {
    pub(crate) kind: ErrorKind,
    pub(crate) message: String,
    pub(crate) data: Option<Value>,
    pub(crate) retry_after: Option<u64>,
}

/// The result of an API action.
pub(crate) type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// An error of `kind` with a specific message.
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> ApiError {
        ApiError {
            kind,
            message: message.into(),
            data: None,
            retry_after: None,
        }
    }

    /// An error of `kind` with its documented message.
    pub(crate) fn of(kind: ErrorKind) -> ApiError {
        ApiError::new(kind, kind.default_message())
    }

    /// A `validation` error.
    pub(crate) fn validation(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorKind::Validation, message)
    }

    /// A `not_found` error.
    pub(crate) fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorKind::NotFound, message)
    }

    /// Attaches `error.data`.
    pub(crate) fn with_data(mut self, data: Value) -> ApiError {
        self.data = Some(data);
        self
    }

    /// The JSON body.
    pub(crate) fn body(&self) -> Value {
        error_body(self.kind.as_str(), &self.message, self.data.as_ref())
    }
}

/// `{"error":{"type","message","data"?}}`.
pub(crate) fn error_body(kind: &str, message: &str, data: Option<&Value>) -> Value {
    let mut error = json!({ "type": kind, "message": message });
    if let (Some(data), Some(map)) = (data, error.as_object_mut()) {
        map.insert("data".into(), data.clone());
    }
    json!({ "error": error })
}

/// A JSON response with the given status.
pub(crate) fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = json_response(self.kind.status(), &self.body());
        if let Some(secs) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_table_matches_the_readme() {
        let table: Vec<(&str, u16)> = ErrorKind::ALL
            .iter()
            .map(|k| (k.as_str(), k.status().as_u16()))
            .collect();
        assert_eq!(
            table,
            vec![
                ("authentication", 401),
                ("authorization", 403),
                ("missing_access", 403),
                ("not_found", 404),
                ("validation", 422),
                ("chat_inactive", 409),
                ("agent_offline", 409),
                ("limit_reached", 402),
                ("entity_too_large", 413),
                ("misdirected_request", 421),
                ("too_many_requests", 429),
                ("internal", 500),
                ("service_unavailable", 503),
                ("request_timeout", 504),
                ("unsupported_version", 400),
                ("already_exists", 409),
                ("group_not_found", 404),
                ("ownership_transfer", 409),
            ]
        );
    }

    #[test]
    fn status_lookup_goes_both_ways() {
        assert_eq!(
            ErrorKind::from_status(503),
            Some(ErrorKind::ServiceUnavailable)
        );
        assert_eq!(
            ErrorKind::from_name("chat_inactive"),
            Some(ErrorKind::ChatInactive)
        );
        assert_eq!(ErrorKind::from_status(418), None);
    }
}
