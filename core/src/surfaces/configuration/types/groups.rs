//! Groups: `get_group`, `list_groups` (items) and `create_group`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Extra;

/// A group (`get_group`, an item of `list_groups`). `agent_priorities` and `routing_status`
/// come only when asked for with `fields`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Group {
    /// The group ID.
    pub id: u64,
    /// The group name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The code of the group language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_code: Option<String>,
    /// Agent ID → the agent's priority in the group (`first`, `normal`, `last`, `supervisor`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_priorities: Option<BTreeMap<String, String>>,
    /// The group's routing status (`online`, `offline`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routing_status: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `create_group`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreateGroupResponse {
    /// The new group's ID.
    pub id: u64,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
