//! Chats, threads and events: the stored model and the operations that keep it consistent
//! (ids, ordering, active thread, users).

use crate::clock::{self, Ts};
use crate::ids;
use crate::state::properties::Properties;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Who sees an event or a chat user: everybody or agents only.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Visibility {
    #[default]
    All,
    Agents,
}

impl Visibility {
    /// Parses the wire value.
    pub(crate) fn parse(text: &str) -> Option<Visibility> {
        match text {
            "all" => Some(Visibility::All),
            "agents" => Some(Visibility::Agents),
            _ => None,
        }
    }

    /// The wire value.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Visibility::All => "all",
            Visibility::Agents => "agents",
        }
    }
}

/// Whether a chat user is an agent or a customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum UserKind {
    Agent,
    Customer,
}

impl UserKind {
    /// Parses the wire value.
    pub(crate) fn parse(text: &str) -> Option<UserKind> {
        match text {
            "agent" => Some(UserKind::Agent),
            "customer" => Some(UserKind::Customer),
            _ => None,
        }
    }
}

/// A user's membership in a chat.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct ChatUser {
    pub(crate) id: String,
    #[serde(rename = "type")]
    pub(crate) kind: UserKind,
    pub(crate) present: bool,
    #[serde(default)]
    pub(crate) visibility: Visibility,
}

/// `{"group_ids": [...]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Access {
    pub(crate) group_ids: Vec<i64>,
}

impl Default for Access {
    fn default() -> Access {
        Access { group_ids: vec![0] }
    }
}

/// A thread summary produced by `request_thread_summary`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Summary {
    pub(crate) status: String,
    pub(crate) text: String,
    pub(crate) updated_at: Ts,
}

/// A stored event. `fields` holds the type-specific fields (`text`, `url`, `content`, …).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Event {
    pub(crate) id: String,
    pub(crate) created_at: Ts,
    #[serde(rename = "type")]
    pub(crate) kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) author_id: Option<String>,
    pub(crate) visibility: Visibility,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) custom_id: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) properties: Properties,
    #[serde(flatten)]
    pub(crate) fields: Map<String, Value>,
}

/// An event about to be stored (validated, without server fields).
#[derive(Clone, Debug)]
pub(crate) struct NewEvent {
    pub(crate) kind: String,
    pub(crate) visibility: Visibility,
    pub(crate) custom_id: Option<String>,
    pub(crate) properties: Properties,
    pub(crate) fields: Map<String, Value>,
}

/// One thread of a chat.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Thread {
    pub(crate) id: String,
    pub(crate) created_at: Ts,
    pub(crate) active: bool,
    pub(crate) user_ids: Vec<String>,
    pub(crate) events: Vec<Event>,
    #[serde(default)]
    pub(crate) properties: Properties,
    #[serde(default)]
    pub(crate) access: Access,
    #[serde(default)]
    pub(crate) tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) summary: Option<Summary>,
    /// The `<n>` of the last event id handed out in this thread.
    #[serde(default)]
    pub(crate) last_event_seq: u64,
}

impl Thread {
    /// The event with this id.
    pub(crate) fn event_index(&self, event_id: &str) -> Option<usize> {
        self.events.iter().position(|e| e.id == event_id)
    }

    /// Appends an event authored by `author` and returns its id.
    pub(crate) fn push_event(&mut self, new: NewEvent, author: Option<&str>) -> String {
        self.last_event_seq += 1;
        let id = ids::event(&self.id, self.last_event_seq);
        self.events.push(Event {
            id: id.clone(),
            created_at: clock::now(),
            kind: new.kind,
            author_id: author.map(str::to_string),
            visibility: new.visibility,
            custom_id: new.custom_id,
            properties: new.properties,
            fields: new.fields,
        });
        if let Some(author) = author {
            if !self.user_ids.iter().any(|u| u == author) {
                self.user_ids.push(author.to_string());
            }
        }
        id
    }
}

/// A chat: its users, properties, access and threads (oldest first).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Chat {
    pub(crate) id: String,
    pub(crate) created_at: Ts,
    pub(crate) users: Vec<ChatUser>,
    #[serde(default)]
    pub(crate) properties: Properties,
    #[serde(default)]
    pub(crate) access: Access,
    pub(crate) threads: Vec<Thread>,
    /// Agents following the chat.
    #[serde(default)]
    pub(crate) followers: Vec<String>,
    #[serde(default)]
    pub(crate) continuous: bool,
    /// User id → `events_seen_up_to`.
    #[serde(default)]
    pub(crate) seen_up_to: BTreeMap<String, Ts>,
    /// The Client ID the chat was started from (its `source.client_id`), for the
    /// `only_my_chats` webhook filter; `None` for chats from the widget or a PAT.
    #[serde(default)]
    pub(crate) source_client_id: Option<String>,
}

impl Chat {
    /// The index of the active thread, if the chat is active.
    pub(crate) fn active_thread(&self) -> Option<usize> {
        self.threads.iter().rposition(|t| t.active)
    }

    /// The index of the thread with this id.
    pub(crate) fn thread_index(&self, thread_id: &str) -> Option<usize> {
        self.threads.iter().position(|t| t.id == thread_id)
    }

    /// The chat user with this id.
    pub(crate) fn user(&self, user_id: &str) -> Option<&ChatUser> {
        self.users.iter().find(|u| u.id == user_id)
    }

    /// The customer of the chat, if any.
    pub(crate) fn customer_id(&self) -> Option<&str> {
        self.users
            .iter()
            .find(|u| u.kind == UserKind::Customer)
            .map(|u| u.id.as_str())
    }

    /// Adds a user (or updates presence and visibility of an existing one); the user also
    /// joins the active thread.
    pub(crate) fn add_user(&mut self, id: &str, kind: UserKind, present: bool, vis: Visibility) {
        match self.users.iter_mut().find(|u| u.id == id) {
            Some(user) => {
                user.present = user.present || present;
                user.visibility = vis;
            }
            None => self.users.push(ChatUser {
                id: id.to_string(),
                kind,
                present,
                visibility: vis,
            }),
        }
        if let Some(active) = self.active_thread() {
            let thread = &mut self.threads[active];
            if !thread.user_ids.iter().any(|u| u == id) {
                thread.user_ids.push(id.to_string());
            }
        }
    }

    /// Records that `user_id` has seen everything up to `at` (never moves backwards).
    pub(crate) fn mark_seen(&mut self, user_id: &str, at: Ts) {
        let entry = self.seen_up_to.entry(user_id.to_string()).or_insert(at);
        *entry = (*entry).max(at);
    }

    /// The time of the newest event (or thread start) in the chat.
    pub(crate) fn last_activity(&self) -> Ts {
        self.threads
            .iter()
            .flat_map(|t| t.events.last().map(|e| e.created_at).or(Some(t.created_at)))
            .max()
            .unwrap_or(self.created_at)
    }

    /// Opens a new thread (deactivating none: callers check there is no active one).
    pub(crate) fn open_thread(
        &mut self,
        id: String,
        active: bool,
        properties: Properties,
    ) -> usize {
        let user_ids = self
            .users
            .iter()
            .filter(|u| u.present || u.kind == UserKind::Customer)
            .map(|u| u.id.clone())
            .collect();
        self.threads.push(Thread {
            id,
            created_at: clock::now(),
            active,
            user_ids,
            events: Vec::new(),
            properties,
            access: self.access.clone(),
            tags: Vec::new(),
            summary: None,
            last_event_seq: 0,
        });
        self.threads.len() - 1
    }
}
