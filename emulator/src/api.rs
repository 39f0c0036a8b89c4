//! The API endpoints `/v{version}/agent/action/{action}` and
//! `/v{version}/configuration/action/{action}`.
//!
//! Order of work: read the body (up to 32 MB, so that an 11 MB upload still gets a JSON 413),
//! log the request, apply an injected fault and the configured latency, then check version,
//! region, credentials, rate limit, method and action, and finally run the handler with the
//! state locked (never across an await).

use crate::actions::args::Args;
use crate::actions::{self, Ctx, Handler};
use crate::app::{App, lock};
use crate::auth::{AuthKind, Identity};
use crate::config_actions::{self, ConfigCtx};
use crate::delivery::{self, Source};
use crate::errors::{ApiError, ApiResult, ErrorKind, json_response};
use crate::faults::{Apply, Fault};
use crate::requestlog::{Entry, LOGGED_HEADERS, UploadInfo};
use crate::server::ConnControl;
use crate::upload::{self, UploadPart};
use crate::version::Version;
use crate::{auth, clock};
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use std::sync::Arc;
use std::time::Duration;

/// The most the emulator reads of one request body.
const BODY_LIMIT: usize = 32 * 1024 * 1024;

/// A decoded request body.
enum Payload {
    Json(Map<String, Value>),
    Upload(Vec<UploadPart>),
    Empty,
    Invalid(ApiError),
}

/// Which API a request is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Surface {
    /// The Agent Chat API (`/agent/action/`).
    Agent,
    /// The Configuration API (`/configuration/action/`).
    Configuration,
}

impl Surface {
    /// The name in the request log.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Surface::Agent => "agent",
            Surface::Configuration => "configuration",
        }
    }
}

/// Handles one Agent Chat API request.
pub(crate) async fn handle(
    State(app): State<Arc<App>>,
    Path((segment, action)): Path<(String, String)>,
    request: Request,
) -> Response {
    serve(app, Surface::Agent, segment, action, request).await
}

/// Handles one Configuration API request.
pub(crate) async fn handle_configuration(
    State(app): State<Arc<App>>,
    Path((segment, action)): Path<(String, String)>,
    request: Request,
) -> Response {
    serve(app, Surface::Configuration, segment, action, request).await
}

async fn serve(
    app: Arc<App>,
    surface: Surface,
    segment: String,
    action: String,
    request: Request,
) -> Response {
    let conn = request.extensions().get::<ConnControl>().cloned();
    let headers = request.headers().clone();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let version = Version::from_path_segment(&segment);

    let query = request.uri().query().map(str::to_string);
    let (payload, logged_body) = match (surface, &method, query) {
        (Surface::Configuration, &Method::GET, Some(query)) => query_payload(&query),
        _ => read_payload(request).await,
    };
    let seq = lock(&app.log).push(Entry {
        seq: 0,
        received_at: clock::Ts::default(),
        api: surface.as_str(),
        method: method.to_string(),
        path,
        version: segment.strip_prefix('v').unwrap_or(&segment).to_string(),
        action: action.clone(),
        headers: LOGGED_HEADERS
            .iter()
            .filter_map(|name| {
                let value = headers.get(*name)?.to_str().ok()?;
                Some(((*name).to_string(), value.to_string()))
            })
            .collect(),
        auth_scheme: auth::scheme(&headers),
        upload: match &payload {
            Payload::Upload(parts) => upload_info(parts),
            _ => None,
        },
        body: logged_body,
        status: None,
        dropped: false,
    });

    let fault = lock(&app.faults).take(&action, surface.as_str());
    if !app.latency.is_zero() {
        tokio::time::sleep(app.latency).await;
    }
    if let Some(fault) = fault.as_ref().filter(|f| f.apply == Apply::Before) {
        if let Some(response) = apply_fault(&app, fault, conn.as_ref(), seq).await {
            return response;
        }
    }
    let mut response = process(&app, surface, version, &action, &method, &headers, payload);
    if let Some(fault) = fault.as_ref().filter(|f| f.apply == Apply::After) {
        if let Some(faulted) = apply_fault(&app, fault, conn.as_ref(), seq).await {
            return faulted;
        }
    }
    if let Some((name, value)) = version.and_then(Version::lifecycle_header) {
        response
            .headers_mut()
            .insert(name, HeaderValue::from_static(value));
    }
    lock(&app.log).finish(seq, Some(response.status().as_u16()));
    response
}

/// Applies a fault's delay, then drops the connection or answers for it. `None` means the
/// fault only delayed: the real answer follows.
async fn apply_fault(
    app: &App,
    fault: &Fault,
    conn: Option<&ConnControl>,
    seq: u64,
) -> Option<Response> {
    if fault.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
    }
    if fault.drop {
        lock(&app.log).finish(seq, None);
        if let Some(conn) = conn {
            conn.drop_connection();
            // The connection task closes the socket; this answer is never sent.
            return Some(std::future::pending::<Response>().await);
        }
        return Some(
            ApiError::new(ErrorKind::Internal, "cannot drop this connection").into_response(),
        );
    }
    if fault.answers() {
        let response = fault.response();
        lock(&app.log).finish(seq, Some(response.status().as_u16()));
        return Some(response);
    }
    None
}

/// Reads and decodes the body; also returns what the request log keeps of it.
async fn read_payload(request: Request) -> (Payload, Option<Value>) {
    let too_large = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .is_some_and(|n| n > BODY_LIMIT);
    let is_multipart = content_type(request.headers()).starts_with("multipart/form-data");
    if too_large {
        return (
            Payload::Invalid(ApiError::of(ErrorKind::EntityTooLarge)),
            None,
        );
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, BODY_LIMIT).await else {
        return (
            Payload::Invalid(ApiError::of(ErrorKind::EntityTooLarge)),
            None,
        );
    };
    if is_multipart {
        let request = Request::from_parts(parts, axum::body::Body::from(bytes));
        return match upload::read_parts(request).await {
            Ok(parts) => (Payload::Upload(parts), None),
            Err(e) => (Payload::Invalid(e), None),
        };
    }
    if bytes.is_empty() {
        return (Payload::Empty, None);
    }
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => {
            let logged = Value::Object(map.clone());
            (Payload::Json(map), Some(logged))
        }
        Ok(other) => (
            Payload::Invalid(ApiError::validation(
                "The request body must be a JSON object",
            )),
            Some(other),
        ),
        Err(e) => (
            Payload::Invalid(ApiError::validation(format!("Malformed JSON body: {e}"))),
            Some(Value::String(String::from_utf8_lossy(&bytes).into_owned())),
        ),
    }
}

fn upload_info(parts: &[UploadPart]) -> Option<UploadInfo> {
    let part = parts.iter().find(|p| p.part == "file").or(parts.first())?;
    Some(UploadInfo {
        part: part.part.clone(),
        filename: part.filename.clone(),
        content_type: part.content_type.clone(),
        size: part.data.len(),
    })
}

fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// A GET request's query string as a body (3.4's get_license_id / get_organization_id).
fn query_payload(query: &str) -> (Payload, Option<Value>) {
    let mut map = Map::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        map.insert(percent_decode(key), Value::String(percent_decode(value)));
    }
    let logged = Value::Object(map.clone());
    (Payload::Json(map), Some(logged))
}

/// Decodes `%XX` escapes and `+` of a query component (bad escapes are kept as they are).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = text
                    .get(i + 1..i + 3)
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                if let Some(byte) = hex {
                    out.push(byte);
                    i += 2;
                } else {
                    out.push(b'%');
                }
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Everything after faults: the checks, then the action.
fn process(
    app: &App,
    surface: Surface,
    version: Option<Version>,
    action: &str,
    method: &Method,
    headers: &HeaderMap,
    payload: Payload,
) -> Response {
    let result = match (version, surface) {
        (None, _) => Err(ApiError::of(ErrorKind::UnsupportedVersion)),
        (Some(version), Surface::Agent) => run(app, version, action, method, headers, payload),
        (Some(version), Surface::Configuration) => {
            run_configuration(app, version, action, method, headers, payload)
        }
    };
    match result {
        Ok(value) => json_response(StatusCode::OK, &value),
        Err(error) => error.into_response(),
    }
}

/// Region, then credentials (configured tokens, the PAT, or a valid bot token), then the
/// rate limit.
fn admit(app: &App, headers: &HeaderMap, anonymous: bool) -> ApiResult<Identity> {
    if let Some(region) = headers.get("x-region") {
        if region.to_str().ok() != Some(app.region.as_str()) {
            return Err(ApiError::of(ErrorKind::MisdirectedRequest)
                .with_data(json!({ "region": app.region })));
        }
    }
    let identity = if anonymous {
        Identity {
            agent_id: String::new(),
            key: String::new(),
            kind: AuthKind::Anonymous,
        }
    } else {
        let now = app.now();
        app.credentials
            .authenticate_or_bot(headers, |token| lock(&app.state).bot_for_token(token, now))?
    };
    if let Err(seconds) = lock(&app.limiter).check(&identity.key) {
        let mut error = ApiError::of(ErrorKind::TooManyRequests);
        error.retry_after = Some(seconds);
        return Err(error);
    }
    Ok(identity)
}

/// The checks shared by both APIs on the body: readable, JSON object, JSON content type.
fn json_body(headers: &HeaderMap, payload: Payload, get: bool) -> ApiResult<Map<String, Value>> {
    match payload {
        Payload::Invalid(error) => Err(error),
        Payload::Json(map) if get => Ok(map),
        Payload::Empty if get => Ok(Map::new()),
        Payload::Json(_) if !content_type(headers).starts_with("application/json") => Err(
            ApiError::validation("Content-Type must be application/json"),
        ),
        Payload::Json(map) => Ok(map),
        Payload::Empty => Err(ApiError::validation(
            "The request body must be a JSON object (send {} when there are no parameters)",
        )),
        Payload::Upload(_) => Err(ApiError::validation(
            "Content-Type must be application/json",
        )),
    }
}

fn run_configuration(
    app: &App,
    version: Version,
    action: &str,
    method: &Method,
    headers: &HeaderMap,
    payload: Payload,
) -> ApiResult<Value> {
    // "This method requires no authorization."
    let identity = admit(app, headers, action == "list_webhook_names")?;
    if identity.kind == AuthKind::Bot {
        return Err(ApiError::new(
            ErrorKind::Authorization,
            "Bot tokens cannot call the Configuration API",
        ));
    }
    let spec = config_actions::find(action, version)?;
    let get = spec.get && method == Method::GET;
    if method != Method::POST && !get {
        let allowed = if spec.get { "GET" } else { "POST" };
        return Err(ApiError::validation(format!(
            "Only {allowed} is allowed, got {method}"
        )));
    }
    let map = json_body(headers, payload, get)?;
    let now = app.now();
    let mut state = lock(&app.state);
    if identity.kind != AuthKind::Anonymous {
        check_requester(&state, &identity.agent_id)?;
    }
    let watched_args = delivery::config_watched(action).then(|| map.clone());
    let mut ctx = ConfigCtx {
        st: &mut state,
        v: version,
        me: &identity.agent_id,
        client_id: identity.client_id(),
        now,
    };
    let result = (spec.handler)(&mut ctx, Args::new(map, ""));
    if let (Ok(value), Some(args)) = (&result, watched_args) {
        let requester = delivery::Requester {
            agent_id: &identity.agent_id,
            client_id: identity.client_id(),
        };
        let notices = delivery::config_notices(&state, action, &args, value, &requester, now);
        app.deliveries.dispatch(&state, &notices);
    }
    result
}

/// What the Configuration API decided about the requester: a deleted agent's credential no
/// longer authenticates; a suspended agent, or one awaiting approval, may not act (on
/// either API).
fn check_requester(state: &crate::state::State, agent_id: &str) -> ApiResult<()> {
    if state.agent(agent_id).is_none() {
        return Err(ApiError::of(ErrorKind::Authentication));
    }
    match state.config.agents.get(agent_id) {
        Some(d) if d.suspended => Err(ApiError::new(
            ErrorKind::Authorization,
            "The requester is suspended",
        )),
        Some(d) if d.awaiting_approval => Err(ApiError::new(
            ErrorKind::Authorization,
            "The requester is awaiting approval",
        )),
        _ => Ok(()),
    }
}

fn run(
    app: &App,
    version: Version,
    action: &str,
    method: &Method,
    headers: &HeaderMap,
    payload: Payload,
) -> ApiResult<Value> {
    let identity = admit(app, headers, false)?;
    if method != Method::POST {
        return Err(ApiError::validation(format!(
            "Only POST is allowed, got {method}"
        )));
    }
    let spec = actions::find(action, version)?;
    let json_type = content_type(headers).starts_with("application/json");
    let mut state = lock(&app.state);
    check_requester(&state, &identity.agent_id)?;
    // The arguments, kept for the webhooks the action may cause.
    let watched_args = match &payload {
        Payload::Json(map) if delivery::WATCHED.contains(&action) => Some(map.clone()),
        _ => None,
    };
    // The Client ID behind the request (a bot token counts as its bot's owner client): what
    // the `source_type` and `only_my_chats` filters compare.
    let client_id = match identity.kind {
        AuthKind::Bot => state
            .config
            .bot(&identity.agent_id)
            .map(|b| b.owner_client_id.clone()),
        _ => identity.client_id().map(str::to_string),
    };
    let mut ctx = Ctx {
        st: &mut state,
        v: version,
        me: &identity.agent_id,
        client_id: client_id.as_deref(),
        base_url: &app.base_url,
    };
    let result = match (&spec.handler, payload) {
        (_, Payload::Invalid(error)) => Err(error),
        (Handler::Json(_), Payload::Json(_)) if !json_type => Err(ApiError::validation(
            "Content-Type must be application/json",
        )),
        (Handler::Json(handler), Payload::Json(map)) => handler(&mut ctx, Args::new(map, "")),
        (Handler::Json(_), Payload::Empty) => Err(ApiError::validation(
            "The request body must be a JSON object (send {} when there are no parameters)",
        )),
        (Handler::Json(_), Payload::Upload(_)) => Err(ApiError::validation(
            "Content-Type must be application/json",
        )),
        (Handler::Upload(handler), Payload::Upload(parts)) => {
            handler(&mut ctx, upload::file_part(parts)?)
        }
        (Handler::Upload(_), _) => Err(ApiError::validation(
            "upload_file takes a multipart/form-data body with a part named file",
        )),
    };
    if let (Ok(value), Some(args)) = (&result, watched_args) {
        let source = Source::Client(client_id);
        let notices =
            delivery::agent_notices(&state, action, &args, value, &identity.agent_id, &source);
        app.deliveries.dispatch(&state, &notices);
    }
    result
}
