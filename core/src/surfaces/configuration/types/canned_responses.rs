//! Canned responses (3.7).

use serde::{Deserialize, Serialize};

use super::Extra;
use crate::call::Page;

/// A canned response (an item of `list_canned_responses`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CannedResponse {
    /// The canned response ID.
    pub id: u64,
    /// The text content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Its tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// The ID of the group it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<u64>,
    /// `true` when it is private.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_private: Option<bool>,
    /// The user ID of the last editor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_id: Option<String>,
    /// When it was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// When it was last updated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `list_canned_responses`: one page.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ListCannedResponsesResponse {
    /// The canned responses of this page.
    #[serde(default)]
    pub canned_responses: Vec<CannedResponse>,
    /// The total number found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub found_canned_responses: Option<u64>,
    /// The next page, when it exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_page_id: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Page for ListCannedResponsesResponse {
    type Item = CannedResponse;
    fn next_page_id(&self) -> Option<&str> {
        self.next_page_id.as_deref().filter(|s| !s.is_empty())
    }
    fn into_items(self) -> Vec<CannedResponse> {
        self.canned_responses
    }
}

/// `create_canned_response`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreateCannedResponseResponse {
    /// The new canned response's ID.
    pub id: u64,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
