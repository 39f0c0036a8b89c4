//! Agents: `get_agent`, `list_agents` (items) and `create_agent`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Extra;
use super::common::GroupPriority;

/// An agent of the license (`get_agent`, an item of `list_agents`). Most fields come only when
/// asked for with `fields`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Agent {
    /// The agent ID (an email).
    pub id: String,
    /// The agent's account ID (3.5+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// The agent name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Avatar URL (`get_agent` 3.4+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    /// Avatar URL (`get_agent` 3.3, `list_agents` in every version).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_path: Option<String>,
    /// The agent role: `owner`, `viceowner`, `administrator` or `normal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The default status right after login: `accepting chats` or `not accepting chats`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login_status: Option<String>,
    /// The agent's job title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    /// The agent's mobile number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    /// The agent's maximum number of concurrent chats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_chats_count: Option<u32>,
    /// Whether the agent is suspended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspended: Option<bool>,
    /// Whether the agent is awaiting approval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub awaiting_approval: Option<bool>,
    /// The groups the agent belongs to, with the agent's priority in each.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<GroupPriority>>,
    /// The agent's enabled notifications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notifications: Option<Vec<String>>,
    /// The agent's active email subscriptions (`daily_summary`, `weekly_summary`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_subscriptions: Option<Vec<String>>,
    /// The agent's summaries, as `list_agents` samples show them (`daily_summary`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summaries: Option<Vec<String>>,
    /// The work scheduler. Its shape changed across versions (3.3–3.4: an object keyed by day;
    /// 3.5+: `timezone` and a `schedule` array), so it is kept as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_scheduler: Option<Value>,
    /// The RFC 3339 date-time of the agent's last logout; absent when there was none (3.5+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_logout: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `create_agent`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreateAgentResponse {
    /// The new agent's ID.
    pub id: String,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
