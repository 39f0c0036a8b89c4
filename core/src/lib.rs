//! # livechat
//!
//! A complete client for the LiveChat **Agent Chat API** (web transport), versions 3.3 to 3.7,
//! shared by Rust, C (`liblivechat`) and Python (`import livechat`).
//!
//! * Every method of the API as an `AgentWeb` method, plus [`AgentWeb::send`] for anything else.
//! * One [method table](methods::METHODS) decides names, parameters, body rules, version
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

mod auth;
mod call;
pub mod calls;
mod client;
mod config;
mod error;
pub mod methods;
mod pagination;
mod request;
mod retry;
pub mod runtime;
mod token_flight;
pub mod types;
mod upload;
mod version;
mod wire_json;

pub use auth::{Token, TokenFuture, TokenProvider, TokenRequest};
pub use call::{Call, Method, PageStream};
pub use client::{AgentWeb, CallOptions, LifecycleNotice, check_raw_body};
pub use config::{
    AgentWebBuilder, ClientConfig, DEFAULT_API_URL, DEFAULT_ATTEMPT_TIMEOUT,
    DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_RETRIES, DEFAULT_POOL_IDLE_TIMEOUT, DEFAULT_TIMEOUT,
    PatConfig, default_user_agent,
};
pub use error::{ApiError, ApiErrorType, Error, ErrorKind, Result};
pub use pagination::Pager;
pub use retry::{MAX_RETRIES_LIMIT, MIN_RETRY_DELAY};
pub use upload::{MAX_UPLOAD_BYTES, UploadSource};
pub use version::{ApiVersion, VersionSet};

/// This library's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
