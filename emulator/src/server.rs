//! The server: binding 127.0.0.1, the accept loop (HTTP or HTTPS; HTTP/1.1 and HTTP/2), the
//! per-connection control that lets a fault drop a connection without answering, graceful
//! shutdown, and the public [`Emulator`] handle.

use crate::app::{App, lock};
use crate::config::{Config, Pat};
use crate::delivery::DeliverySettings;
use crate::router;
use crate::state::State;
use crate::tls;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use serde_json::{Value, json};
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tokio::task::{JoinHandle, JoinSet};
use tokio_rustls::TlsAcceptor;
use tower_service::Service;

/// How long shutdown waits for open connections before closing them.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(2);

/// Put in every request's extensions: lets a handler close its connection.
#[derive(Clone, Debug, Default)]
pub(crate) struct ConnControl(Arc<Notify>);

impl ConnControl {
    /// Closes the connection without sending anything more.
    pub(crate) fn drop_connection(&self) {
        self.0.notify_one();
    }
}

/// A running emulator. Dropping it stops the server and its webhook deliveries (without saving
/// the state file); call
/// [`Emulator::shutdown`] to stop it cleanly and save the state.
pub struct Emulator {
    app: Arc<App>,
    url: String,
    token: String,
    pat: Pat,
    region: String,
    agent_id: String,
    ca_file: Option<PathBuf>,
    ca_pem: Option<String>,
    state_file: Option<PathBuf>,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
    /// Connections accepted so far (TCP, before any TLS handshake).
    accepted: Arc<AtomicU64>,
}

impl Emulator {
    /// Starts an emulator on 127.0.0.1 and returns once it accepts connections.
    ///
    /// Must be called within a tokio runtime; the server runs on that runtime.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// use livechat_emulator::{Config, Emulator};
    ///
    /// let mut config = Config::default();
    /// config.rate_limit = Some(50);
    /// let emulator = Emulator::start(config).await?;
    /// assert!(emulator.url().starts_with("http://127.0.0.1:"));
    /// assert_eq!(emulator.token(), "dal:emulator-dev-token");
    /// // Point a client at `{url}/v3.6/agent/action/<action>` with `Bearer {token}`.
    /// emulator.shutdown().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn start(config: Config) -> io::Result<Emulator> {
        let tls = tls::setup(&config.tls, config.http2)?;
        let listener = TcpListener::bind(("127.0.0.1", config.port)).await?;
        let port = listener.local_addr()?.port();
        let scheme = if tls.is_some() { "https" } else { "http" };
        let url = format!("{scheme}://127.0.0.1:{port}");
        let state = match &config.state_file {
            Some(path) => State::load(path)?,
            None => None,
        }
        .map(|mut loaded| {
            loaded.rebase_file_urls(&url);
            loaded
        })
        .unwrap_or_else(|| State::from_seed(&config.seed));
        let ca_file = tls.as_ref().and_then(|t| t.ca_file.clone());
        let ca_pem = tls.as_ref().and_then(|t| t.ca_pem.clone());
        let agent_id = config.seed.primary_agent().to_string();
        let mut info = json!({
            "url": url,
            "token": config.token,
            "pat": config.pat,
            "versions": crate::VERSIONS,
            "region": config.region,
            "agent_id": agent_id,
            "client_id": crate::auth::CLIENT_ID,
            "organization_id": crate::state::ORGANIZATION_ID,
        });
        if let (Some(path), Some(map)) = (&ca_file, info.as_object_mut()) {
            map.insert("ca_file".into(), json!(path.display().to_string()));
        }
        let runtime = tokio::runtime::Handle::try_current().map_err(io::Error::other)?;
        let app = Arc::new(App::new(&config, state, url.clone(), info, runtime));
        let (stop, stopped) = watch::channel(false);
        let accepted = Arc::new(AtomicU64::new(0));
        let task = tokio::spawn(accept_loop(
            listener,
            router::build(app.clone()),
            tls.map(|t| t.acceptor),
            stopped,
            accepted.clone(),
        ));
        Ok(Emulator {
            app,
            url,
            token: config.token,
            pat: config.pat,
            region: config.region,
            agent_id,
            ca_file,
            ca_pem,
            state_file: config.state_file,
            stop,
            task: Some(task),
            accepted,
        })
    }

    /// How many connections clients opened to this emulator so far: what tests of connection
    /// reuse (`max_connections`, one HTTP/2 connection per client) count.
    pub fn connections_accepted(&self) -> u64 {
        self.accepted.load(Ordering::SeqCst)
    }

    /// The base URL, e.g. `http://127.0.0.1:40123` (no trailing slash).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The accepted Bearer token.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The accepted personal access token pair.
    pub fn pat(&self) -> &Pat {
        &self.pat
    }

    /// The region served (`X-Region` must be absent or equal to it).
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The id of the agent the token and PAT act as.
    pub fn agent_id(&self) -> &str {
        &self.agent_id
    }

    /// The generated CA certificate's PEM file, with [`crate::Tls::SelfSigned`].
    pub fn ca_file(&self) -> Option<&Path> {
        self.ca_file.as_deref()
    }

    /// The generated CA certificate in PEM, with [`crate::Tls::SelfSigned`].
    pub fn ca_pem(&self) -> Option<&str> {
        self.ca_pem.as_deref()
    }

    /// The startup description the binary prints (url, token, pat, versions, region, …).
    pub fn info(&self) -> Value {
        self.app.info.clone()
    }

    /// A JSON dump of the whole state (as `GET /__emulator/state`).
    pub fn state(&self) -> Value {
        lock(&self.app.state).dump()
    }

    /// Back to the seed, clearing faults, the request log and rate-limit windows
    /// (as `POST /__emulator/reset`).
    pub fn reset(&self) {
        self.app.reset();
    }

    /// Queues one fault object or an array of them (as `POST /__emulator/faults`, without a
    /// socket); none is added if any is invalid, and the error says which field is wrong.
    /// Returns `{"faults": [...]}`, the pending list.
    pub fn add_faults(&self, faults: Value) -> Result<Value, String> {
        self.app.add_faults(faults)
    }

    /// Removes every pending fault (as `DELETE /__emulator/faults`).
    pub fn clear_faults(&self) {
        self.app.clear_faults();
    }

    /// `{"requests": [...]}`: the API requests received, credentials left out (as
    /// `GET /__emulator/requests`).
    pub fn requests(&self) -> Value {
        self.app.request_log()
    }

    /// Empties the request log (as `DELETE /__emulator/requests`).
    pub fn clear_requests(&self) {
        self.app.clear_requests();
    }

    /// Moves this emulator's clock forward (as `POST /__emulator/clock`): bot tokens expire
    /// by it. Event timestamps keep following the real clock.
    pub fn advance_clock(&self, by: Duration) {
        self.app.advance_clock(by.as_secs());
    }

    /// The Configuration API's webhook registry (as `GET /__emulator/webhooks`):
    /// `{"webhooks": [{id, url, description?, action, secret_key, filters?, additional_data?,
    /// owner_client_id, type, version, created_at}], "license_webhooks_disabled": [client ids]}`.
    pub fn webhooks(&self) -> Value {
        self.app.webhooks()
    }

    /// `{"deliveries": [{id, webhook_id, url, action, chat_id?, attempts, statuses, status,
    /// queued_at, first_attempt_at, last_attempt_at, payload}]}`, oldest first (as
    /// `GET /__emulator/webhooks/deliveries`); `status` is `pending`, `delivered` or `failed`.
    pub fn webhook_deliveries(&self) -> Value {
        self.app.deliveries.log_json()
    }

    /// Empties the delivery log (as `DELETE /__emulator/webhooks/deliveries`).
    pub fn clear_webhook_deliveries(&self) {
        self.app.deliveries.clear_log();
    }

    /// Waits until no webhook delivery is pending (retries included); false if `timeout`
    /// passed first.
    pub async fn wait_for_deliveries(&self, timeout: Duration) -> bool {
        self.app.deliveries.wait_idle(timeout).await
    }

    /// The current webhook delivery settings.
    pub fn delivery_settings(&self) -> DeliverySettings {
        self.app.deliveries.settings()
    }

    /// Changes the webhook delivery settings (as `POST /__emulator/webhooks/delivery`) until
    /// the next reset.
    pub fn set_delivery_settings(&self, settings: DeliverySettings) {
        self.app.deliveries.set_settings(settings);
    }

    /// Starts a chat as a new simulated customer (as `POST /__emulator/customer/chats`):
    /// `body` is `{"name"?, "email"?, "group_id"?, "message"?}`; returns `{chat_id,
    /// thread_id, customer_id, assigned_to, event_id?}`. Causes `incoming_chat` (and
    /// `incoming_event` for the message) webhooks.
    pub fn customer_start_chat(&self, body: &Value) -> Result<Value, String> {
        self.app.customer_start_chat(body)
    }

    /// Sends a message as the chat's customer; returns `{"event_id"}`.
    pub fn customer_send_message(&self, chat_id: &str, text: &str) -> Result<Value, String> {
        self.app.customer_send(chat_id, &json!({ "text": text }))
    }

    /// The chat as its customer sees it: `{chat_id, customer_id, active, agents, events}`,
    /// each event with `author_type` (`customer`, `agent` or `system`).
    pub fn customer_chat(&self, chat_id: &str) -> Result<Value, String> {
        self.app.customer_chat(chat_id)
    }

    /// The chat's customer updates its session fields (as `POST
    /// /__emulator/customer/chats/<id>/session_fields`): `body` is `{"session_fields":
    /// [{"key": "value"}, …]}`; a key it had gets the new value, new keys are added. Sends
    /// `customer_session_fields_updated` for each of the customer's active chats; returns
    /// `{customer_id, session_fields}`.
    pub fn customer_update_session_fields(
        &self,
        chat_id: &str,
        body: &Value,
    ) -> Result<Value, String> {
        self.app.customer_update_session_fields(chat_id, body)
    }

    /// The customer closes the chat (`chat_deactivated`).
    pub fn customer_deactivate_chat(&self, chat_id: &str) -> Result<Value, String> {
        self.app.customer_deactivate(chat_id)
    }

    /// Stops accepting, lets open connections finish (up to 2 s), stops webhook deliveries
    /// (pending ones are not sent), and saves the state file when one is configured.
    pub async fn shutdown(mut self) -> io::Result<()> {
        let _ = self.stop.send(true);
        self.app.deliveries.stop();
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        if let Some(path) = &self.state_file {
            lock(&self.app.state).save(path)?;
        }
        Ok(())
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        self.app.deliveries.stop();
        if let Some(dir) = self.ca_file.as_deref().and_then(Path::parent) {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

impl fmt::Debug for Emulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Emulator")
            .field("url", &self.url)
            .field("region", &self.region)
            .field("agent_id", &self.agent_id)
            .finish_non_exhaustive()
    }
}

/// Resolves once shutdown is requested (or the handle is gone).
async fn stop_requested(stopped: &mut watch::Receiver<bool>) {
    // The guard `wait_for` returns must not live across later awaits.
    let _ = stopped.wait_for(|stop| *stop).await.map(|_| ());
}

async fn accept_loop(
    listener: TcpListener,
    router: Router,
    tls: Option<TlsAcceptor>,
    mut stopped: watch::Receiver<bool>,
    accepted_count: Arc<AtomicU64>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            () = stop_requested(&mut stopped) => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else {
                    // Out of file descriptors or similar: give other tasks a chance.
                    tokio::task::yield_now().await;
                    continue;
                };
                accepted_count.fetch_add(1, Ordering::SeqCst);
                connections.spawn(serve_stream(stream, router.clone(), tls.clone(), stopped.clone()));
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    let drained = tokio::time::timeout(DRAIN_TIMEOUT, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        connections.abort_all();
    }
}

async fn serve_stream(
    stream: TcpStream,
    router: Router,
    tls: Option<TlsAcceptor>,
    stopped: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    match tls {
        None => serve_io(TokioIo::new(stream), router, stopped).await,
        Some(acceptor) => {
            if let Ok(stream) = acceptor.accept(stream).await {
                serve_io(TokioIo::new(stream), router, stopped).await;
            }
        }
    }
}

async fn serve_io<I>(io: TokioIo<I>, router: Router, mut stopped: watch::Receiver<bool>)
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let control = ConnControl::default();
    let request_control = control.clone();
    let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(request_control.clone());
        let mut router = router.clone();
        async move {
            std::future::poll_fn(|cx| {
                Service::<hyper::Request<Incoming>>::poll_ready(&mut router, cx)
            })
            .await?;
            router.call(request).await
        }
    });
    let builder = auto::Builder::new(TokioExecutor::new());
    let connection = builder.serve_connection_with_upgrades(io, service);
    tokio::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => {}
        // A fault asked to drop: returning drops the connection and closes the socket.
        _ = control.0.notified() => {}
        () = stop_requested(&mut stopped) => {
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        }
    }
}
