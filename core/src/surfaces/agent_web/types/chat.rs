//! Chats, threads, summaries, access and properties.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Extra;
use super::event::Event;
use super::user::User;

/// Properties: `{namespace: {name: value}}`.
pub type Properties = BTreeMap<String, BTreeMap<String, Value>>;

/// Who may access a chat or thread.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Access {
    /// Groups with access (group 0 = all agents).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_ids: Option<Vec<i64>>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A chat with one thread (`get_chat`, `list_archives`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Chat {
    /// Chat ID.
    #[serde(default)]
    pub id: String,
    /// The thread returned with the chat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread: Option<Thread>,
    /// Users of the chat.
    #[serde(default)]
    pub users: Vec<User>,
    /// Chat properties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Properties>,
    /// Access.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<Access>,
    /// Whether the requester follows the chat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_followed: Option<bool>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A thread of a chat.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Thread {
    /// Thread ID.
    #[serde(default)]
    pub id: String,
    /// Whether the thread is active.
    #[serde(default)]
    pub active: bool,
    /// Users of the thread.
    #[serde(default)]
    pub user_ids: Vec<String>,
    /// Events; absent when access is restricted (see `restricted_access`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<Event>>,
    /// Why the events are withheld.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restricted_access: Option<String>,
    /// Thread properties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Properties>,
    /// Access.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<Access>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Queue position, when queued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<Queue>,
    /// RFC 3339 creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Previous thread of the chat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_thread_id: Option<String>,
    /// Next thread of the chat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_thread_id: Option<String>,
    /// AI summary (3.6+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<ThreadSummary>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A thread's queue state.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Queue {
    /// Position in the queue.
    #[serde(default)]
    pub position: i64,
    /// Expected wait in seconds.
    #[serde(default)]
    pub wait_time: i64,
    /// RFC 3339 time of queueing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queued_at: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A thread's AI summary (3.6+).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ThreadSummary {
    /// Summary state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Summary text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A chat as `list_chats` summarises it (3.7 calls it "chat info").
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChatSummary {
    /// Chat ID.
    #[serde(default)]
    pub id: String,
    /// The last thread (3.7: `last_thread_info`).
    #[serde(
        default,
        alias = "last_thread_info",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_thread_summary: Option<LastThreadSummary>,
    /// The last event of each type (3.7: inside `last_thread_info`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_event_per_type: Option<BTreeMap<String, LastEventOfType>>,
    /// Users of the chat.
    #[serde(default)]
    pub users: Vec<User>,
    /// Chat properties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Properties>,
    /// Access.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<Access>,
    /// Whether the requester follows the chat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_followed: Option<bool>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The last thread of a chat summary.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LastThreadSummary {
    /// Thread ID.
    #[serde(default)]
    pub id: String,
    /// Whether it is active.
    #[serde(default)]
    pub active: bool,
    /// RFC 3339 creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Users of the thread.
    #[serde(default)]
    pub user_ids: Vec<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Thread properties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Properties>,
    /// 3.7 only: the last event of each type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_event_per_type: Option<BTreeMap<String, LastEventOfType>>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One entry of `last_event_per_type`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LastEventOfType {
    /// Thread of the event.
    #[serde(default)]
    pub thread_id: String,
    /// RFC 3339 creation time of that thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_created_at: Option<String>,
    /// The event.
    pub event: Event,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
