//! The emulator's integration tests, in one binary to keep link time down.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod actions_v33;
mod actions_v36;
mod binary;
mod common;
mod concurrency;
mod config_agents;
mod config_bots;
mod config_client;
mod config_settings;
mod config_surface;
mod config_webhooks;
mod control;
mod errors;
mod faults;
mod pagination;
mod scenario;
mod webhook_delivery;
