//! The one error type of the client. `ErrorKind` is the single list the C status values, the error
//! JSON `kind` strings and the Python exception classes are generated from; `ApiErrorType` is the
//! single list of documented API error types.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use serde_json::{Map, Value};

/// What went wrong, coarsely. Stable: bindings map these to status codes and exception classes.
///
/// ```no_run
/// # async fn demo(agent: livechat::AgentWeb) -> Result<(), livechat::Error> {
/// use livechat::ErrorKind;
///
/// match agent.get_chat("CHAT_ID").await {
///     Ok(chat) => println!("{}", chat.id),
///     Err(e) => match e.kind() {
///         ErrorKind::Api if e.status() == Some(404) => println!("no such chat"),
///         ErrorKind::Timeout | ErrorKind::Transport => println!("try again later: {e}"),
///         ErrorKind::InvalidArgument | ErrorKind::UnsupportedMethod => return Err(e), // a bug
///         _ => return Err(e),
///     },
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The API answered with an error status (details in [`Error::api_error`]).
    Api,
    /// The connection could not be made or broke (refused, reset, TLS, DNS).
    Transport,
    /// An attempt took longer than the timeout.
    Timeout,
    /// A response body could not be decoded (including a non-JSON 2xx body).
    Decode,
    /// The token source failed or timed out.
    Token,
    /// The method does not exist in the chosen API version (or at all).
    UnsupportedMethod,
    /// An argument or option was invalid; nothing was sent.
    InvalidArgument,
    /// The call was cancelled before it finished.
    Cancelled,
    /// The client was closed.
    Closed,
    /// The shared runtime cannot be used here (forked child, blocking on a runtime thread).
    Runtime,
    /// A bug in this library (e.g. a caught panic).
    Internal,
    /// A webhook body that is not a webhook: too large, not JSON, not an object, no `action`.
    InvalidWebhook,
    /// A webhook whose `secret_key` is missing or not the expected one.
    WebhookSecret,
}

impl ErrorKind {
    /// Every kind, in status-code order.
    pub const ALL: [ErrorKind; 13] = [
        ErrorKind::Api,
        ErrorKind::Transport,
        ErrorKind::Timeout,
        ErrorKind::Decode,
        ErrorKind::Token,
        ErrorKind::UnsupportedMethod,
        ErrorKind::InvalidArgument,
        ErrorKind::Cancelled,
        ErrorKind::Closed,
        ErrorKind::Runtime,
        ErrorKind::Internal,
        ErrorKind::InvalidWebhook,
        ErrorKind::WebhookSecret,
    ];

    /// The snake_case name used in error JSON (`"kind"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Api => "api",
            ErrorKind::Transport => "transport",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Decode => "decode",
            ErrorKind::Token => "token",
            ErrorKind::UnsupportedMethod => "unsupported_method",
            ErrorKind::InvalidArgument => "invalid_argument",
            ErrorKind::Cancelled => "cancelled",
            ErrorKind::Closed => "closed",
            ErrorKind::Runtime => "runtime",
            ErrorKind::Internal => "internal",
            ErrorKind::InvalidWebhook => "invalid_webhook",
            ErrorKind::WebhookSecret => "webhook_secret",
        }
    }

    /// A stable positive number for this kind (the C status value; 0 is success).
    pub const fn code(self) -> i32 {
        match self {
            ErrorKind::Api => 1,
            ErrorKind::Transport => 2,
            ErrorKind::Timeout => 3,
            ErrorKind::Decode => 4,
            ErrorKind::Token => 5,
            ErrorKind::UnsupportedMethod => 6,
            ErrorKind::InvalidArgument => 7,
            ErrorKind::Cancelled => 8,
            ErrorKind::Closed => 9,
            ErrorKind::Runtime => 10,
            ErrorKind::Internal => 11,
            // 12 is the C layer's LC_STATUS_PANIC.
            ErrorKind::InvalidWebhook => 13,
            ErrorKind::WebhookSecret => 14,
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! api_error_types {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal; )*) => {
        /// The `error.type` of an API error. Unknown types are kept verbatim in `Other`.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ApiErrorType {
            $( $(#[$doc])* $variant, )*
            /// A type this library does not know (kept as sent, lower-cased).
            Other(String),
        }

        impl ApiErrorType {
            /// Every documented type's wire name.
            pub const KNOWN: &'static [&'static str] = &[$( $name, )*];

            /// The wire name, e.g. `"too_many_requests"`.
            pub fn as_str(&self) -> &str {
                match self {
                    $( ApiErrorType::$variant => $name, )*
                    ApiErrorType::Other(s) => s,
                }
            }

            /// Parses a wire name case-insensitively (one official fixture sends `"Validation"`).
            pub fn parse(s: &str) -> ApiErrorType {
                let lower = s.to_ascii_lowercase();
                match lower.as_str() {
                    $( $name => ApiErrorType::$variant, )*
                    _ => ApiErrorType::Other(lower),
                }
            }

        }
    };
}

api_error_types! {
    /// Invalid or expired token.
    Authentication = "authentication";
    /// Not allowed (scopes or role).
    Authorization = "authorization";
    /// Bad request payload.
    Validation = "validation";
    /// Resource missing.
    NotFound = "not_found";
    /// No access to the resource.
    MissingAccess = "missing_access";
    /// The action needs an active thread.
    ChatInactive = "chat_inactive";
    /// The agent is offline.
    AgentOffline = "agent_offline";
    /// A plan or resource limit was reached.
    LimitReached = "limit_reached";
    /// Rate limit hit.
    TooManyRequests = "too_many_requests";
    /// Upload over 10 MB.
    EntityTooLarge = "entity_too_large";
    /// Wrong region; `data.region` names the right one.
    MisdirectedRequest = "misdirected_request";
    /// The server gave up (15 s threshold).
    RequestTimeout = "request_timeout";
    /// Temporarily not accepting requests.
    ServiceUnavailable = "service_unavailable";
    /// Internal server error.
    Internal = "internal";
    /// The license expired.
    LicenseExpired = "license_expired";
    /// The license does not exist.
    LicenseNotFound = "license_not_found";
    /// The API version is not served any more.
    UnsupportedVersion = "unsupported_version";
    /// The license is on another product version.
    WrongProductVersion = "wrong_product_version";
}

impl ApiErrorType {
    /// The type to assume when a non-2xx reply has no parsable error body. Only 401 and 422 are
    /// confirmed against production; the rest follow HTTP meaning.
    pub fn from_status(status: u16) -> ApiErrorType {
        match status {
            401 => ApiErrorType::Authentication,
            403 => ApiErrorType::Authorization,
            404 => ApiErrorType::NotFound,
            408 | 504 => ApiErrorType::RequestTimeout,
            413 => ApiErrorType::EntityTooLarge,
            421 => ApiErrorType::MisdirectedRequest,
            400 | 422 => ApiErrorType::Validation,
            429 => ApiErrorType::TooManyRequests,
            500 => ApiErrorType::Internal,
            503 => ApiErrorType::ServiceUnavailable,
            _ => ApiErrorType::Other(format!("http_{status}")),
        }
    }
}

impl fmt::Display for ApiErrorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything the API said about a failed call.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// HTTP status code.
    pub status: u16,
    /// `error.type` (or a type inferred from the status when the body had none).
    pub error_type: ApiErrorType,
    /// `error.message`, or a description of the undecodable body.
    pub message: String,
    /// `error.data`, when present.
    pub data: Option<Value>,
    /// The request id header of the response, when present.
    pub request_id: Option<String>,
    /// The `Retry-After` delay, when the server sent one.
    pub retry_after: Option<Duration>,
}

impl ApiError {
    /// An API error with this status and type and an empty message: for your own tests of code
    /// that handles errors (the struct is `#[non_exhaustive]`, so it is built this way).
    ///
    /// ```
    /// use std::time::Duration;
    /// use livechat::{ApiError, ApiErrorType, Error, ErrorKind};
    ///
    /// let limited = Error::api(
    ///     ApiError::new(429, ApiErrorType::TooManyRequests)
    ///         .with_message("Requests limit exceeded")
    ///         .with_retry_after(Duration::from_secs(3)),
    /// );
    /// assert_eq!(limited.kind(), ErrorKind::Api);
    /// assert_eq!(limited.status(), Some(429));
    /// assert_eq!(limited.retry_after(), Some(Duration::from_secs(3)));
    /// assert_eq!(limited.to_string(), "429 too_many_requests: Requests limit exceeded");
    /// ```
    pub fn new(status: u16, error_type: ApiErrorType) -> ApiError {
        ApiError {
            status,
            error_type,
            message: String::new(),
            data: None,
            request_id: None,
            retry_after: None,
        }
    }

    /// Sets `message`.
    pub fn with_message(mut self, message: impl Into<String>) -> ApiError {
        self.message = message.into();
        self
    }

    /// Sets `data` (e.g. `{"region": "fra"}` for `misdirected_request`).
    pub fn with_data(mut self, data: Value) -> ApiError {
        self.data = Some(data);
        self
    }

    /// Sets `request_id`.
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> ApiError {
        self.request_id = Some(request_id.into());
        self
    }

    /// Sets `retry_after`.
    pub fn with_retry_after(mut self, retry_after: Duration) -> ApiError {
        self.retry_after = Some(retry_after);
        self
    }
}

/// An error from the client. Cheap to move (one box); never contains a credential.
///
/// `Display` shows the error's own message once (prefixed by the action and the kind or API
/// status); the underlying cause, when there is one, is [`source()`](StdError::source), so
/// `anyhow`'s `{:#}` or any chain printer shows each message once.
/// [`Error::full_message`] joins both for places that have no `source()` chain (the C and
/// Python layers' `message`).
///
/// ```
/// use livechat::{ApiError, ApiErrorType, Error, ErrorKind};
/// use std::time::Duration;
///
/// # fn handle(result: Result<(), Error>) {
/// match result {
///     Ok(()) => {}
///     Err(e) if e.error_type() == Some(&ApiErrorType::TooManyRequests) => {
///         let wait = e.retry_after().unwrap_or(Duration::from_secs(1));
///         println!("rate limited, try again in {wait:?}");
///     }
///     Err(e) if e.kind() == ErrorKind::Timeout => println!("no answer in time: {e}"),
///     Err(e) => eprintln!("{e}"),
/// }
/// # }
/// handle(Err(Error::new(ErrorKind::Timeout, "the attempt took longer than 10s")));
/// ```
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    message: String,
    action: Option<String>,
    api: Option<ApiError>,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

/// Result alias for this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A new error of `kind` with a message. Bindings use this for their own failures.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            inner: Box::new(Inner {
                kind,
                message: message.into(),
                action: None,
                api: None,
                source: None,
            }),
        }
    }

    /// Attaches the underlying cause (kept for `source()` and for bindings to round-trip).
    pub fn with_source(mut self, source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        self.inner.source = Some(source.into());
        self
    }

    pub(crate) fn with_action(mut self, action: &str) -> Self {
        if self.inner.action.is_none() {
            self.inner.action = Some(action.to_owned());
        }
        self
    }

    /// An [`ErrorKind::Api`] error carrying `api` (its message is `api.message`). The library
    /// makes these from API replies; tests can make them to fake one (see [`ApiError::new`]).
    pub fn api(api: ApiError) -> Self {
        let message = api.message.clone();
        let mut e = Error::new(ErrorKind::Api, message);
        e.inner.api = Some(api);
        e
    }

    pub(crate) fn invalid_argument(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidArgument, message)
    }

    pub(crate) fn unsupported_method(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::UnsupportedMethod, message)
    }

    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The error's own message (without the action prefix or the causes).
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// The own message followed by each cause's message, `": "`-separated, each text once: what
    /// the error JSON carries, since the C and Python layers have no `source()` chain.
    pub fn full_message(&self) -> String {
        let mut parts = vec![self.inner.message.clone()];
        let mut source = self.source();
        while let Some(s) = source {
            let text = s.to_string();
            // Some causes repeat what their own cause says; show each text once.
            if !text.is_empty() && !parts.iter().any(|p| p.contains(&text)) {
                parts.push(text);
            }
            source = s.source();
        }
        parts.join(": ")
    }

    /// The API action the error belongs to, when it came from a call.
    pub fn action(&self) -> Option<&str> {
        self.inner.action.as_deref()
    }

    /// The API's error details, for [`ErrorKind::Api`].
    pub fn api_error(&self) -> Option<&ApiError> {
        self.inner.api.as_ref()
    }

    /// The HTTP status, for API errors.
    pub fn status(&self) -> Option<u16> {
        self.api_error().map(|a| a.status)
    }

    /// The API error type, for API errors.
    pub fn error_type(&self) -> Option<&ApiErrorType> {
        self.api_error().map(|a| &a.error_type)
    }

    /// How long the server asked to wait, when it said so.
    pub fn retry_after(&self) -> Option<Duration> {
        self.api_error().and_then(|a| a.retry_after)
    }

    /// Whether an attempt timed out.
    pub fn is_timeout(&self) -> bool {
        self.kind() == ErrorKind::Timeout
    }

    /// Whether the API rejected the credentials.
    pub fn is_authentication(&self) -> bool {
        self.error_type() == Some(&ApiErrorType::Authentication)
    }

    /// The error as the JSON object shared by the C and Python layers (`message` is
    /// [`Error::full_message`]):
    /// `{"kind":"api","status":401,"type":"authentication","message":"…","data":{…}}`.
    pub fn to_json_value(&self) -> Value {
        let mut o = Map::new();
        o.insert("kind".into(), self.kind().as_str().into());
        if let Some(api) = self.api_error() {
            o.insert("status".into(), api.status.into());
            o.insert("type".into(), api.error_type.as_str().into());
        }
        o.insert("message".into(), self.full_message().into());
        if let Some(api) = self.api_error() {
            if let Some(data) = &api.data {
                o.insert("data".into(), data.clone());
            }
            if let Some(id) = &api.request_id {
                o.insert("request_id".into(), id.clone().into());
            }
            if let Some(ra) = api.retry_after {
                o.insert("retry_after".into(), ra.as_secs_f64().into());
            }
        }
        if let Some(action) = self.action() {
            o.insert("action".into(), action.into());
        }
        Value::Object(o)
    }

    /// [`Error::to_json_value`] as a compact string.
    pub fn to_json(&self) -> String {
        self.to_json_value().to_string()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(action) = &self.inner.action {
            // Messages built from the method table already start with the method name.
            if !self.inner.message.starts_with(action.as_str()) || self.inner.api.is_some() {
                write!(f, "{action}: ")?;
            }
        }
        match &self.inner.api {
            Some(api) => write!(f, "{} {}: {}", api.status, api.error_type, api.message),
            None => write!(f, "{}: {}", self.inner.kind, self.inner.message),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.inner.kind)
            .field("message", &self.inner.message);
        if let Some(action) = &self.inner.action {
            d.field("action", action);
        }
        if let Some(api) = &self.inner.api {
            d.field("api", api);
        }
        if let Some(source) = &self.inner.source {
            d.field("source", source);
        }
        d.finish()
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|s| s as &(dyn StdError + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_have_distinct_codes_and_names() {
        let mut codes: Vec<i32> = ErrorKind::ALL.iter().map(|k| k.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), ErrorKind::ALL.len());
        assert!(codes.iter().all(|c| *c > 0));
    }

    #[test]
    fn api_error_types_parse_case_insensitively_and_keep_unknown_ones() {
        assert_eq!(ApiErrorType::parse("Validation"), ApiErrorType::Validation);
        assert_eq!(
            ApiErrorType::parse("group_offline"),
            ApiErrorType::Other("group_offline".into())
        );
        assert_eq!(
            ApiErrorType::from_status(429),
            ApiErrorType::TooManyRequests
        );
        assert_eq!(ApiErrorType::from_status(504), ApiErrorType::RequestTimeout);
        assert_eq!(ApiErrorType::from_status(418).as_str(), "http_418");
    }

    #[test]
    fn error_json_has_the_shared_shape() {
        let e = Error::api(
            ApiError::new(401, ApiErrorType::Authentication)
                .with_message("Invalid access token")
                .with_request_id("r1"),
        )
        .with_action("get_chat");
        assert_eq!(e.to_json_value()["request_id"], "r1");
        let v = e.to_json_value();
        assert_eq!(v["kind"], "api");
        assert_eq!(v["status"], 401);
        assert_eq!(v["type"], "authentication");
        assert_eq!(v["message"], "Invalid access token");
        assert_eq!(
            e.to_string(),
            "get_chat: 401 authentication: Invalid access token"
        );
    }
}
