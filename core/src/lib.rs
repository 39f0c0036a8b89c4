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
pub mod methods;
mod options;
mod pagination;
mod pipeline;
mod retry;
pub mod runtime;
mod session;
mod surface;
pub mod surfaces;
mod token_flight;
mod token_source;
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
