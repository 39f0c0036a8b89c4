//! # livechat
//!
//! A complete client for the LiveChat **Agent Chat API** (web transport) and the
//! **Configuration API**, versions 3.3 to 3.7, shared by Rust, C (`liblivechat`) and Python
//! (`import livechat`).
//!
//! * Every method of the Agent Chat API as an [`AgentWeb`] method and every Configuration API
//!   method as a [`Configuration`] method (both generated from the method tables), plus
//!   [`Client::call_method`] by name and [`Client::send`] for anything else.
//! * One [method table](surfaces::agent_web::METHODS) per API decides names, parameters, body rules, version
//!   availability and retry safety; calling a method the chosen version lacks fails before any
//!   request, naming the versions that have it.
//! * Bearer and personal-access-token auth, token getters with refresh on `authentication`,
//!   regions, bounded retries that never replay a write, typed errors that keep everything.
//!
//! ```no_run
//! # async fn demo() -> Result<(), livechat::Error> {
//! use livechat::{AgentWeb, ErrorKind, Token};
//! use serde_json::json;
//!
//! let agent = AgentWeb::builder("my-client-id")
//!     .token(Token::pat("account-id", "personal-access-token"))
//!     .build()?;
//! let chat = agent.start_chat().await?;
//! agent.send_event(chat.chat_id.as_str(), json!({"type": "message", "text": "Hi"})).await?;
//! match agent.get_chat("no-such-chat").await {
//!     Err(e) if e.kind() == ErrorKind::Api => println!("{} {:?}", e, e.status()),
//!     other => { other?; }
//! }
//! # Ok(()) }
//! ```
//!
//! ## Runtime
//!
//! Calls are tokio futures: await them inside a tokio runtime with the `time` and `net` drivers
//! enabled (`#[tokio::main]` or `tokio::runtime::Builder::new_multi_thread().enable_all()`).
//! Every call ([`Call`]) and every `send`/`upload_file` future is `Send + 'static`: spawn it,
//! `join_all` it or run many with `buffer_unordered`. A client is cheap to clone (one `Arc`);
//! clone it into tasks rather than building one per task, so they share the connection pool.
//!
//! ## Timeouts and retries
//!
//! [`ClientBuilder::timeout`] bounds a whole call (attempts, backoff and `Retry-After` waits),
//! [`ClientBuilder::attempt_timeout`] one attempt; [`Call::timeout`] and [`CallOptions`]
//! override them per call. Reads are retried after 5xx, 429 and timeouts; writes only when
//! nothing reached the server.
//!
//! ## Paging
//!
//! List methods stream their pages or items ([`Call::pages`], [`Call::items`]); the filters go
//! on the first request only, the next ones carry `page_id`.
//!
//! ```no_run
//! # async fn demo(agent: livechat::AgentWeb) -> Result<(), livechat::Error> {
//! use futures_util::StreamExt;
//!
//! let mut chats = agent.list_chats().limit(100).items();
//! while let Some(chat) = chats.next().await {
//!     println!("{}", chat?.id);
//! }
//! # Ok(()) }
//! ```
//!
//! ## Errors
//!
//! One [`Error`] type: [`Error::kind`] says what failed ([`ErrorKind`]), [`Error::api_error`]
//! holds what the API said. `Display` prints the error's own message; the cause (a connection
//! or token getter error) is its `source()`, so `anyhow`'s `{:#}` shows each message once.
//! Build errors for your own tests with [`Error::api`] and [`ApiError::new`].
//!
//! ## Tracing
//!
//! Each call is one `livechat.call` span (`surface`, `action`, `version`, then `attempts`,
//! `status` and, for API errors, `http_status`); retries and token refreshes are events inside
//! it. No token or body is ever in a field.

// The layering, bottom up (no module depends on one above it):
// error, version, runtime → methods (table machinery) → surface → surfaces (registry, one
// folder per API) ; auth, token_flight, token_source → retry, options → session → pipeline →
// upload → client → config (builders) → call, pagination → the surface clients.
mod auth;
mod bot_token;
mod call;
mod client;
#[cfg(unix)]
pub mod completion_queue;
mod config;
mod error;
mod first_contact;
pub mod methods;
mod options;
mod pagination;
mod pipeline;
mod redact;
mod retry;
pub mod runtime;
mod session;
mod surface;
pub mod surfaces;
mod token_flight;
mod token_source;
mod transport;
mod upload;
mod version;
pub mod webhooks;

pub use auth::{Token, TokenFuture, TokenProvider, TokenRequest};
pub use bot_token::{BOT_TOKEN_LIFETIME, BotCredentials, BotTokenSource};
pub use call::{Call, Method, PageStream};
pub use client::{Client, check_raw_body};
pub use config::{
    ClientBuilder, ClientConfig, DEFAULT_API_URL, DEFAULT_ATTEMPT_TIMEOUT, DEFAULT_MAX_CONNECTIONS,
    DEFAULT_MAX_RETRIES, DEFAULT_POOL_IDLE_TIMEOUT, DEFAULT_TIMEOUT, PatConfig, SurfaceClient,
    default_user_agent,
};
pub use error::{ApiError, ApiErrorType, Error, ErrorKind, Result};
pub use methods::RetryClass;
pub use options::CallOptions;
pub use pagination::Pager;
pub use retry::{MAX_RETRIES_LIMIT, MIN_RETRY_DELAY, RetryPolicy};
pub use session::LifecycleNotice;
pub use surface::Surface;
pub use surfaces::agent_web::{AgentWeb, AgentWebBuilder, types};
pub use surfaces::configuration::{Configuration, ConfigurationBuilder};
pub use upload::{MAX_UPLOAD_BYTES, UploadSource};
pub use version::{ApiVersion, VersionSet};

/// The typed methods' marker types of the Agent Chat API (`livechat::calls::SendEvent`, …); the
/// Configuration API's are in [`surfaces::configuration::calls`].
pub mod calls {
    pub use crate::surfaces::agent_web::calls::*;
}

/// This library's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
