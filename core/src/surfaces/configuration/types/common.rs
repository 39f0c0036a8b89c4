//! Small structures several Configuration results share.

use serde::{Deserialize, Serialize};

use super::Extra;

/// A group membership with the routing priority in it (agents' and bots' `groups`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GroupPriority {
    /// The group ID.
    pub id: u64,
    /// The routing priority in the group: `first`, `normal`, `last` or `supervisor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
