//! `Client`: one client of any surface. Cheap to clone (one `Arc`), one connection pool per
//! client. Every surface's client type (`AgentWeb`, …) is this plus its typed methods; the
//! calls go through the one pipeline (`pipeline/`).

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use bytes::Bytes;
use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind, Result};
use crate::methods::{self, RetryClass};
use crate::options::CallOptions;
use crate::pipeline::{self, Payload, Request};
use crate::session::{LifecycleNotice, Session};
use crate::surface::Surface;
use crate::version::ApiVersion;

/// A client of one LiveChat API surface. Obtain one through a surface's builder
/// (`AgentWeb::builder`); every surface client dereferences to it, so the untyped paths below
/// work on each:
///
/// ```no_run
/// # async fn demo(agent: livechat::AgentWeb) -> Result<(), livechat::Error> {
/// use livechat::CallOptions;
/// use serde_json::{Map, json};
///
/// // A method of the table by name, with named arguments (checked before anything is sent).
/// let mut args = Map::new();
/// args.insert("chat_id".into(), json!("PJ0MRSHTDG"));
/// let chat = agent.call_method("get_chat", args, CallOptions::new()).await?;
/// // Any action with a raw body: for fields or actions newer than this library.
/// let seen = agent.send("mark_events_as_seen", json!({"chat_id": "PJ0MRSHTDG", "seen_up_to": "2026-12-07T10:00:00.000000Z"})).await?;
/// # let _ = (chat, seen); Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) session: Arc<Session>,
}

impl Client {
    pub(crate) fn from_session(session: Session) -> Client {
        Client {
            session: Arc::new(session),
        }
    }

    /// The base URL, e.g. `https://api.livechatinc.com`.
    pub fn api_url(&self) -> &str {
        &self.session.api_url
    }

    /// The Client ID.
    pub fn client_id(&self) -> &str {
        &self.session.client_id
    }

    /// The API version every call uses.
    pub fn version(&self) -> ApiVersion {
        self.session.version
    }

    /// The surface this client speaks.
    pub fn surface(&self) -> &'static Surface {
        self.session.surface
    }

    /// The surface's name (`"agent"`, …): the API this client speaks.
    pub fn kind(&self) -> &'static str {
        self.session.surface.name
    }

    /// The region requests are routed to when the token does not say: the configured one, or the
    /// one a `misdirected_request` answer named.
    pub fn region(&self) -> Option<String> {
        self.session.region()
    }

    /// The first `Legacy`/`Deprecation` header the API sent to this client, if any.
    pub fn lifecycle_notice(&self) -> Option<&LifecycleNotice> {
        self.session.lifecycle.get()
    }

    /// The method called `name` if this client's surface and version have it; otherwise an
    /// error naming the versions (or the surface) that do. Never sends anything.
    pub fn resolve(&self, name: &str) -> Result<&'static crate::methods::MethodSpec> {
        self.session.resolve(name)
    }

    /// Closes the client: calls in flight end with [`ErrorKind::Closed`], later calls fail, and
    /// its connections are closed once the calls in flight have stopped.
    pub fn close(&self) {
        self.session.close();
    }

    /// A client of `surface` sharing this one's connection pool and `max_connections` budget,
    /// token source (one token getter, one single flight), region and options — for an app
    /// that speaks several APIs with one identity. Closing one does not close the other.
    pub fn for_surface(&self, surface: &'static Surface) -> Result<Client> {
        if !self.session.surfaces.iter().any(|s| s.name == surface.name) {
            return Err(Error::invalid_argument(format!(
                "the {} API is not one this client knows",
                surface.name
            )));
        }
        Ok(Client::from_session(self.session.sibling(surface)?))
    }

    /// Whether [`Client::close`] was called.
    pub fn is_closed(&self) -> bool {
        self.session.closed.is_cancelled()
    }

    /// Calls a method of the table by name with named arguments (the path the C and Python
    /// layers take). Returns the response JSON.
    pub fn call_method(
        &self,
        method: &str,
        args: Map<String, Value>,
        options: CallOptions,
    ) -> impl Future<Output = Result<Value>> + Send + 'static {
        let this = self.clone();
        let method = method.to_owned();
        async move {
            let bytes = this.call_method_bytes_now(&method, args, options).await?;
            decode_json(&bytes, &method)
        }
    }

    /// [`Client::call_method`] returning the response body as received (checked to be JSON), so
    /// bindings that hand JSON text on skip a parse/serialise round-trip.
    pub fn call_method_bytes(
        &self,
        method: &str,
        args: Map<String, Value>,
        options: CallOptions,
    ) -> impl Future<Output = Result<Bytes>> + Send + 'static {
        let this = self.clone();
        let method = method.to_owned();
        async move { this.call_method_bytes_now(&method, args, options).await }
    }

    async fn call_method_bytes_now(
        &self,
        method: &str,
        args: Map<String, Value>,
        options: CallOptions,
    ) -> Result<Bytes> {
        let spec = self.session.resolve(method)?;
        if spec.multipart {
            return crate::upload::upload_from_args(&self.session, args, options).await;
        }
        let payload = if spec.http_get {
            Payload::Query(methods::build_query(spec, self.session.version, args)?)
        } else {
            let body = methods::build_body(spec, self.session.version, args)?;
            let body = serde_json::to_vec(&Value::Object(body))
                .map_err(|e| Error::invalid_argument(format!("cannot encode the body: {e}")))?;
            Payload::Json(Bytes::from(body))
        };
        pipeline::execute(
            &self.session,
            Request {
                action: spec.action,
                payload,
                retry: spec.retry,
                options,
            },
        )
        .await
    }

    /// Uploads a file with the surface's `upload_file` action, returning the response body as
    /// received (the path the bindings take; `AgentWeb::upload_file` decodes it).
    pub fn upload_bytes(
        &self,
        file: crate::upload::UploadSource,
        filename: Option<String>,
        options: CallOptions,
    ) -> impl Future<Output = Result<Bytes>> + Send + 'static {
        let session = Arc::clone(&self.session);
        async move { crate::upload::upload_bytes(&session, file, filename, options).await }
    }

    /// Sends any action with a raw JSON body (an object; `null` sends `{}`). The escape hatch for
    /// actions or fields this library does not know yet. The action must be `[a-z_]+`.
    pub fn send(
        &self,
        action: &str,
        body: Value,
    ) -> impl Future<Output = Result<Value>> + Send + 'static {
        let this = self.clone();
        let action = action.to_owned();
        async move {
            let bytes = this
                .send_bytes_now(&action, body, CallOptions::new())
                .await?;
            decode_json(&bytes, &action)
        }
    }

    /// [`Client::send`] returning the body as received (checked to be JSON).
    pub fn send_bytes(
        &self,
        action: &str,
        body: Value,
        options: CallOptions,
    ) -> impl Future<Output = Result<Bytes>> + Send + 'static {
        let this = self.clone();
        let action = action.to_owned();
        async move { this.send_bytes_now(&action, body, options).await }
    }

    async fn send_bytes_now(
        &self,
        action: &str,
        body: Value,
        options: CallOptions,
    ) -> Result<Bytes> {
        check_action(action)?;
        let body = match body {
            Value::Null => Value::Object(Map::new()),
            Value::Object(o) => Value::Object(o),
            other => {
                return Err(Error::invalid_argument(format!(
                    "the body of {action} must be a JSON object, got {}",
                    json_type(&other)
                ))
                .with_action(action));
            }
        };
        let body = serde_json::to_vec(&body)
            .map_err(|e| Error::invalid_argument(format!("cannot encode the body: {e}")))?;
        self.send_raw_now(action, Bytes::from(body), options).await
    }

    /// Sends any action with a body given as JSON text, sent exactly as written (numbers keep
    /// their spelling: `18446744073709551616`, `-0`). The text must be one JSON object (UTF-8,
    /// nesting at most 128 levels); empty or whitespace sends `{}`. Checked before anything is
    /// sent. A table action sent with `GET` (API 3.4's `get_license_id`) sends the object's
    /// members as its query string instead.
    pub fn send_raw(
        &self,
        action: &str,
        body: Bytes,
        options: CallOptions,
    ) -> impl Future<Output = Result<Bytes>> + Send + 'static {
        let this = self.clone();
        let action = action.to_owned();
        async move { this.send_raw_now(&action, body, options).await }
    }

    async fn send_raw_now(&self, action: &str, body: Bytes, options: CallOptions) -> Result<Bytes> {
        let body = check_raw_body(action, body)?;
        // A known action keeps its table class; an unknown one is a write unless the caller
        // says it only reads. Nothing is guessed from the action's name.
        let spec = self.session.surface.find_action(action);
        let retry = match spec {
            Some(spec) => spec.retry,
            None => options.retry_class.unwrap_or(RetryClass::Write),
        };
        // A table action sent with `GET` takes the body's members as its query string.
        let payload = match spec {
            Some(spec) if spec.http_get => {
                let members: Map<String, Value> = serde_json::from_slice(&body).map_err(|e| {
                    Error::invalid_argument(format!("the body of {action} is not usable: {e}"))
                        .with_action(action)
                })?;
                Payload::Query(methods::query_pairs(members))
            }
            _ => Payload::Json(body),
        };
        pipeline::execute(
            &self.session,
            Request {
                action,
                payload,
                retry,
                options,
            },
        )
        .await
    }
}

/// Checks a raw body for [`Client::send_raw`]: a valid action and one JSON object.
pub fn check_raw_body(action: &str, body: Bytes) -> Result<Bytes> {
    check_action(action)?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Bytes::from_static(b"{}"));
    }
    crate::pipeline::wire_json::check_object(&body).map_err(|why| {
        Error::invalid_argument(format!("the body of {action} is not usable: {why}"))
            .with_action(action)
    })?;
    Ok(body)
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Refuses action names that could escape the path: only `[a-z_]+`.
fn check_action(action: &str) -> Result<()> {
    if action.is_empty() || !action.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
        return Err(Error::invalid_argument(format!(
            "action {action:?} is not a valid action name (only a-z and _)"
        )));
    }
    Ok(())
}

pub(crate) fn decode_json(bytes: &[u8], what: &str) -> Result<Value> {
    serde_json::from_slice(bytes).map_err(|e| {
        Error::new(
            ErrorKind::Decode,
            format!("the {what} response is not valid JSON: {e}"),
        )
        .with_action(what)
    })
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(self.session.surface.client)
            .field("api_url", &self.session.api_url)
            .field("client_id", &self.session.client_id)
            .field("version", &self.session.version)
            .field("token", &self.session.token)
            .field("closed", &self.is_closed())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_must_be_lowercase_and_underscores() {
        assert!(check_action("send_event").is_ok());
        for bad in ["", "../x", "Send", "a/b", "x y", "list-chats", "a\r\n"] {
            assert!(check_action(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn debug_never_shows_the_token() {
        let agent = crate::AgentWeb::builder("cid")
            .token(crate::Token::bearer("dal:very-secret-token"))
            .build()
            .unwrap();
        let dbg = format!("{agent:?}");
        assert!(!dbg.contains("very-secret-token"), "{dbg}");
        assert!(dbg.contains("cid"));
    }
}
