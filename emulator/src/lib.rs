//! A local, stateful implementation of the LiveChat **Agent Chat Web API** and the
//! **Configuration API** (versions 3.3–3.7).
//!
//! It lets tests and demos hold real conversations without a LiveChat account or network:
//! chats, threads and events with server ids and timestamps, customers, properties, tags,
//! routing statuses, uploads, pagination, per-version action sets and documented error
//! bodies; bots, bot tokens that act on the Agent API, the webhook registry, agents, groups
//! and the license's settings through the Configuration API; delivery of the registered
//! webhooks to their URLs and a simulated customer — plus a control surface under
//! `/__emulator/` for resets, fault injection, the clock, webhook deliveries and request
//! inspection. See the crate's README for the full contract.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use livechat_emulator::{Config, Emulator};
//!
//! let emulator = Emulator::start(Config::default()).await?;
//! println!("{} with token {}", emulator.url(), emulator.token());
//! emulator.shutdown().await?;
//! # Ok(())
//! # }
//! ```

mod actions;
mod api;
mod app;
mod auth;
mod clock;
mod config;
mod config_actions;
mod control;
mod customer;
mod delivery;
mod errors;
mod faults;
mod ids;
mod pagination;
mod ratelimit;
mod render;
mod requestlog;
mod router;
mod seed;
mod server;
mod state;
mod tls;
mod upload;
mod version;

pub use config::{Config, Pat, Tls};
pub use delivery::DeliverySettings;
pub use seed::Seed;
pub use server::Emulator;

/// The API versions the emulator serves, oldest first.
pub const VERSIONS: [&str; 5] = ["3.3", "3.4", "3.5", "3.6", "3.7"];
