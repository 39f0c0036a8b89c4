//! Tags (3.5+).

use serde::{Deserialize, Serialize};

use super::Extra;

/// A tag (an item of `list_tags`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tag {
    /// The tag name.
    pub name: String,
    /// The groups the tag belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_ids: Option<Vec<u64>>,
    /// The agent who created it; empty for tags of the license's setup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_id: Option<String>,
    /// RFC 3339 date-time of creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
