//! The registry of surfaces: every LiveChat API this library speaks, each one folder with its
//! descriptor, method table and typed results. Adding a surface is adding its folder and one
//! line to [`ALL`].

pub mod agent_web;
pub mod configuration;
mod export;

pub use export::{surface_table_json, table_json};

use crate::error::{Error, Result};
use crate::surface::Surface;

/// The Agent Chat API (web transport).
pub static AGENT: &Surface = &agent_web::SURFACE;

/// The Configuration API.
pub static CONFIGURATION: &Surface = &configuration::SURFACE;

/// Every surface, in the order the docs list them.
pub static ALL: &[&Surface] = &[AGENT, CONFIGURATION];

/// The surface called `name` (`"agent"`, `"configuration"`); the error lists the known ones.
pub fn by_name(name: &str) -> Result<&'static Surface> {
    ALL.iter().copied().find(|s| s.name == name).ok_or_else(|| {
        let known: Vec<&str> = ALL.iter().map(|s| s.name).collect();
        Error::invalid_argument(format!("unknown API {name:?}; known: {}", known.join(", ")))
    })
}
