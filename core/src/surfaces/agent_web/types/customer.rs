//! Customers (as chat users and from `get_customer`).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Extra;

/// A customer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Customer {
    /// Customer ID (a UUID).
    #[serde(default)]
    pub id: String,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Avatar URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    /// Phone number (3.6+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// RFC 3339 creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Session fields, `[{key: value}]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_fields: Option<Vec<Value>>,
    /// Counters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statistics: Option<Statistics>,
    /// The current or last visit (3.6: `visit`; older: `last_visit`).
    #[serde(default, alias = "last_visit", skip_serializing_if = "Option::is_none")]
    pub visit: Option<Visit>,
    /// Chats of the customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_ids: Option<Vec<String>>,
    /// Whether the customer is present in the chat (as a chat user).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub present: Option<bool>,
    /// RFC 3339 time up to which the customer has seen events (as a chat user).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events_seen_up_to: Option<String>,
    /// Unknown fields (`omnichannel`, `address`, `carts`, `tickets`, …).
    #[serde(flatten)]
    pub extra: Extra,
}

/// Customer counters.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Statistics {
    /// Chats.
    #[serde(default)]
    pub chats_count: u64,
    /// Threads.
    #[serde(default)]
    pub threads_count: u64,
    /// Visits.
    #[serde(default)]
    pub visits_count: u64,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A visit of a customer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Visit {
    /// RFC 3339 start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    /// RFC 3339 end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<String>,
    /// Browser user agent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// Unknown fields (`ip`, `geolocation`, `last_pages`, …).
    #[serde(flatten)]
    pub extra: Extra,
}
