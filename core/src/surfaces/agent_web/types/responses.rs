//! Response bodies of the methods that return data; the paginated ones implement `Page`.

use crate::call::Page;
use serde::{Deserialize, Serialize};

use super::Extra;
use super::chat::{Chat, ChatSummary, Thread};
use super::customer::Customer;

/// A response with no documented payload (`{}`); anything the server adds is kept.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Empty {
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

macro_rules! page {
    ($(#[$doc:meta])* $name:ident, $item:ty, $items:ident $(alias $alias:literal)?, $found:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Serialize, Deserialize)]
        pub struct $name {
            /// The items of this page.
            #[serde(default $(, alias = $alias)?)]
            pub $items: Vec<$item>,
            /// Estimated total.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub $found: Option<u64>,
            /// Next page, when it exists.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub next_page_id: Option<String>,
            /// Previous page, when it exists.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub previous_page_id: Option<String>,
            /// Unknown fields.
            #[serde(flatten)]
            pub extra: Extra,
        }

        impl Page for $name {
            type Item = $item;
            fn next_page_id(&self) -> Option<&str> {
                self.next_page_id.as_deref().filter(|s| !s.is_empty())
            }
            fn into_items(self) -> Vec<$item> {
                self.$items
            }
        }
    };
}

page!(
    /// `list_chats` (3.7's `chats_info` is read into `chats_summary`).
    ListChatsResponse, ChatSummary, chats_summary alias "chats_info", found_chats
);
page!(
    /// `list_threads`.
    ListThreadsResponse, Thread, threads, found_threads
);
page!(
    /// `list_archives`: one chat per thread, so a chat may repeat.
    ListArchivesResponse, Chat, chats, found_chats
);
page!(
    /// `list_customers` (3.3–3.5).
    ListCustomersResponse, Customer, customers, total_customers
);

/// `start_chat`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StartChatResponse {
    /// The new chat.
    pub chat_id: String,
    /// Its first thread.
    pub thread_id: String,
    /// IDs of the initial events, when some were sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_ids: Option<Vec<String>>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `resume_chat`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResumeChatResponse {
    /// The new thread.
    pub thread_id: String,
    /// IDs of the initial events, when some were sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_ids: Option<Vec<String>>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `send_event`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SendEventResponse {
    /// The server's ID of the event.
    pub event_id: String,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `upload_file`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UploadFileResponse {
    /// Where the file is; temporary (24 h) until used in a `file` event.
    pub url: String,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `create_customer` (3.3–3.5).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreateCustomerResponse {
    /// The new customer.
    pub customer_id: String,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One item of `list_routing_statuses` (a top-level array).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RoutingStatus {
    /// Agent ID.
    pub agent_id: String,
    /// `accepting_chats`, `not_accepting_chats` or `offline`.
    pub status: String,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One item of `list_agents_for_transfer` (a top-level array, least busy first).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AgentForTransfer {
    /// Agent ID.
    pub agent_id: String,
    /// Active chats with customers.
    #[serde(default)]
    pub total_active_chats: u64,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `get_license_info` (3.5).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LicenseInfo {
    /// License ID.
    #[serde(default)]
    pub license_id: serde_json::Value,
    /// RFC 3339 expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// RFC 3339 creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Whether the license is in trial.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_trial: Option<bool>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `get_thread_transcript` (undocumented; every field is kept).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ThreadTranscript {
    /// The whole response.
    #[serde(flatten)]
    pub fields: Extra,
}
