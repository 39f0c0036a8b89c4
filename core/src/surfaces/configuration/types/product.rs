//! The LiveChat product (3.5+): its communication channels, plan limits and activation source.

use serde::{Deserialize, Serialize};

use super::Extra;

/// A communication channel (an item of `list_channels`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Channel {
    /// `code`, `direct_link` or `integration`.
    pub channel_type: String,
    /// Empty for `code` and `direct_link`; the Client ID for `integration`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_subtype: Option<String>,
    /// RFC 3339 date-time of the channel's first activity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_activity_timestamp: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A resource over a plan's limit (an item of `check_product_limits_for_plan`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProductLimit {
    /// The resource: `agents`, `groups`, `banned`, `queue`, `queue_continuous`,
    /// `groups_per_agent`, `access_rules` or `group_chooser_groups`.
    pub resource: String,
    /// By how much the resource exceeds the limit.
    pub limit_balance: i64,
    /// The entity the limit applies to (an agent or a group), for per-entity resources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `get_product_source`: the `source` parameters passed when the product was activated.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProductSource {
    /// The source ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
    /// The source type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_type: Option<String>,
    /// The source URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
