//! Customer bans (3.6+).

use serde::{Deserialize, Serialize};

use super::Extra;

/// An active customer ban (an item of `list_customer_bans`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CustomerBan {
    /// The banned IP address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    /// The banned customer's ID, when the ban names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// The agent who banned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<String>,
    /// The thread the ban came from, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<String>,
    /// RFC 3339 date-time the ban was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// RFC 3339 date-time the ban ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
