//! How stored data looks on the wire in each API version: events (`recipients` in 3.3,
//! `visibility` after), users, customers (`last_visit` up to 3.5, `visit` after), threads,
//! chats and chat summaries (`chats_summary`/`last_thread_summary` up to 3.6,
//! `chats_info`/`last_thread_info` with `last_event_per_type` inside it in 3.7).

use crate::clock::Ts;
use crate::state::State;
use crate::state::agents::Agent;
use crate::state::chats::{Chat, ChatUser, Event, Summary, Thread, UserKind};
use crate::state::customers::Customer;
use crate::version::Version;
use serde_json::{Map, Value, json};

/// A read-only view of the state for one requester and version.
#[derive(Clone, Copy)]
pub(crate) struct View<'a> {
    pub(crate) st: &'a State,
    pub(crate) v: Version,
    pub(crate) me: &'a str,
}

/// A thread's `summary` (threads from 3.6, and the `thread_summary_set` webhook).
pub(crate) fn summary_json(summary: &Summary) -> Value {
    json!({
        "status": summary.status,
        "text": summary.text,
        "updated_at": summary.updated_at.to_rfc3339(),
    })
}

fn put(map: &mut Map<String, Value>, key: &str, value: impl Into<Value>) {
    map.insert(key.to_string(), value.into());
}

fn put_opt<T: Into<Value>>(map: &mut Map<String, Value>, key: &str, value: Option<T>) {
    if let Some(value) = value {
        put(map, key, value);
    }
}

fn props(properties: &crate::state::properties::Properties) -> Value {
    serde_json::to_value(properties).unwrap_or_else(|_| json!({}))
}

impl View<'_> {
    /// An event.
    pub(crate) fn event(&self, event: &Event) -> Value {
        let mut map = event.fields.clone();
        put(&mut map, "id", event.id.clone());
        put(&mut map, "created_at", event.created_at.to_rfc3339());
        put(&mut map, "type", event.kind.clone());
        put_opt(&mut map, "author_id", event.author_id.clone());
        put_opt(&mut map, "custom_id", event.custom_id.clone());
        let visibility_key = if self.v == Version::V3_3 {
            "recipients"
        } else {
            "visibility"
        };
        put(&mut map, visibility_key, event.visibility.as_str());
        if !event.properties.is_empty() {
            put(&mut map, "properties", props(&event.properties));
        }
        Value::Object(map)
    }

    /// A thread, with its events when `with_events`.
    pub(crate) fn thread(&self, chat: &Chat, index: usize, with_events: bool) -> Value {
        let thread = &chat.threads[index];
        let mut map = Map::new();
        put(&mut map, "id", thread.id.clone());
        put(&mut map, "created_at", thread.created_at.to_rfc3339());
        put(&mut map, "active", thread.active);
        put(&mut map, "user_ids", thread.user_ids.clone());
        if with_events {
            let events: Vec<Value> = thread.events.iter().map(|e| self.event(e)).collect();
            put(&mut map, "events", events);
        }
        put(&mut map, "properties", props(&thread.properties));
        put(
            &mut map,
            "access",
            json!({ "group_ids": thread.access.group_ids }),
        );
        if !thread.tags.is_empty() {
            put(&mut map, "tags", thread.tags.clone());
        }
        if index > 0 {
            put(
                &mut map,
                "previous_thread_id",
                chat.threads[index - 1].id.clone(),
            );
        }
        if let Some(next) = chat.threads.get(index + 1) {
            put(&mut map, "next_thread_id", next.id.clone());
        }
        if let (Some(summary), true) = (&thread.summary, self.v >= Version::V3_6) {
            put(&mut map, "summary", summary_json(summary));
        }
        Value::Object(map)
    }

    /// The thread part of a chat summary (no events).
    fn thread_summary(&self, thread: &Thread) -> Map<String, Value> {
        let mut map = Map::new();
        put(&mut map, "id", thread.id.clone());
        put(&mut map, "created_at", thread.created_at.to_rfc3339());
        put(&mut map, "user_ids", thread.user_ids.clone());
        put(&mut map, "properties", props(&thread.properties));
        put(&mut map, "active", thread.active);
        put(
            &mut map,
            "access",
            json!({ "group_ids": thread.access.group_ids }),
        );
        if !thread.tags.is_empty() {
            put(&mut map, "tags", thread.tags.clone());
        }
        map
    }

    /// An agent as a chat user (or alone when `user` is `None`).
    pub(crate) fn agent(&self, agent: &Agent, user: Option<&ChatUser>, seen: Option<Ts>) -> Value {
        let mut map = Map::new();
        put(&mut map, "id", agent.id.clone());
        put(&mut map, "type", "agent");
        put(&mut map, "name", agent.name.clone());
        put(&mut map, "email", agent.email());
        put_opt(&mut map, "avatar", agent.avatar.clone());
        put(&mut map, "present", user.is_some_and(|u| u.present));
        put_opt(&mut map, "events_seen_up_to", seen.map(Ts::to_rfc3339));
        if self.v >= Version::V3_4 {
            let visibility = user.map_or("all", |u| u.visibility.as_str());
            put(&mut map, "visibility", visibility);
        }
        Value::Object(map)
    }

    /// A customer: the full object of get_customer (with `chat_ids` when asked for) or the
    /// chat-user form.
    pub(crate) fn customer(&self, customer: &Customer, with_chat_ids: bool) -> Value {
        let mut map = Map::new();
        put(&mut map, "id", customer.id.clone());
        put(&mut map, "type", "customer");
        put_opt(&mut map, "name", customer.name.clone());
        put_opt(&mut map, "email", customer.email.clone());
        put(&mut map, "email_verified", customer.email_verified);
        put_opt(&mut map, "avatar", customer.avatar.clone());
        if self.v >= Version::V3_6 {
            put_opt(&mut map, "phone_number", customer.phone_number.clone());
            put_opt(&mut map, "address", customer.address.clone());
            put_opt(&mut map, "omnichannel", customer.omnichannel.clone());
        }
        if self.v >= Version::V3_7 {
            put_opt(
                &mut map,
                "suggested_email",
                customer.suggested_email.clone(),
            );
        }
        if !customer.session_fields.is_empty() {
            put(&mut map, "session_fields", customer.session_fields.clone());
        }
        let visit_key = if self.v >= Version::V3_6 {
            "visit"
        } else {
            "last_visit"
        };
        put_opt(&mut map, visit_key, customer.visit.clone());
        put(&mut map, "created_at", customer.created_at.to_rfc3339());
        let stats = self.customer_stats(customer);
        let mut statistics = json!({
            "chats_count": stats.chat_ids.len(),
            "threads_count": stats.threads,
            "visits_count": customer.visits_count,
            "page_views_count": 0,
            "greetings_shown_count": 0,
            "greetings_accepted_count": 0,
        });
        if let (true, Some(s)) = (self.v >= Version::V3_6, statistics.as_object_mut()) {
            put(s, "tickets_count", 0);
        }
        put(&mut map, "statistics", statistics);
        put_opt(
            &mut map,
            "agent_last_event_created_at",
            stats.agent_last_event.map(Ts::to_rfc3339),
        );
        put_opt(
            &mut map,
            "customer_last_event_created_at",
            stats.customer_last_event.map(Ts::to_rfc3339),
        );
        put(
            &mut map,
            "followed",
            customer.followers.iter().any(|f| f == self.me),
        );
        put(&mut map, "online", customer.online);
        put(&mut map, "group_ids", customer.group_ids.clone());
        put(&mut map, "state", customer.state.clone());
        if with_chat_ids && !stats.chat_ids.is_empty() {
            put(&mut map, "chat_ids", stats.chat_ids);
        }
        Value::Object(map)
    }

    /// Counters derived from the chats a customer is in.
    pub(crate) fn customer_stats(&self, customer: &Customer) -> CustomerStats {
        let mut stats = CustomerStats::default();
        for chat in self
            .st
            .chats
            .iter()
            .filter(|c| c.user(&customer.id).is_some())
        {
            stats.chat_ids.push(chat.id.clone());
            for thread in &chat.threads {
                if thread.user_ids.contains(&customer.id) {
                    stats.threads += 1;
                }
                for event in &thread.events {
                    let Some(author) = &event.author_id else {
                        continue;
                    };
                    let slot = if author == &customer.id {
                        &mut stats.customer_last_event
                    } else {
                        &mut stats.agent_last_event
                    };
                    *slot = (*slot).max(Some(event.created_at));
                }
            }
        }
        stats
    }

    /// The users of a chat.
    pub(crate) fn users(&self, chat: &Chat) -> Vec<Value> {
        chat.users
            .iter()
            .map(|user| {
                let seen = chat.seen_up_to.get(&user.id).copied();
                match user.kind {
                    UserKind::Agent => match self.st.agent(&user.id) {
                        Some(agent) => self.agent(agent, Some(user), seen),
                        None => json!({ "id": user.id, "type": "agent", "present": user.present }),
                    },
                    UserKind::Customer => {
                        let mut value = match self.st.customer(&user.id) {
                            Some(customer) => self.customer(customer, false),
                            None => json!({ "id": user.id, "type": "customer" }),
                        };
                        if let Some(map) = value.as_object_mut() {
                            put(map, "present", user.present);
                            put_opt(map, "events_seen_up_to", seen.map(Ts::to_rfc3339));
                        }
                        value
                    }
                }
            })
            .collect()
    }

    /// A chat with one thread (`thread_index`), as get_chat and list_archives return it.
    pub(crate) fn chat(&self, chat: &Chat, thread_index: Option<usize>) -> Value {
        let mut map = Map::new();
        put(&mut map, "id", chat.id.clone());
        if let Some(index) = thread_index {
            put(&mut map, "thread", self.thread(chat, index, true));
        }
        put(&mut map, "users", self.users(chat));
        put(&mut map, "properties", props(&chat.properties));
        put(
            &mut map,
            "access",
            json!({ "group_ids": chat.access.group_ids }),
        );
        put(
            &mut map,
            "is_followed",
            chat.followers.iter().any(|f| f == self.me),
        );
        Value::Object(map)
    }

    /// A list_chats item: chat summary (≤ 3.6) or chat info (3.7).
    pub(crate) fn chat_summary(&self, chat: &Chat) -> Value {
        let mut map = Map::new();
        put(&mut map, "id", chat.id.clone());
        let last = chat.threads.last();
        let mut per_type = Map::new();
        if let Some(thread) = last {
            for event in &thread.events {
                per_type.insert(
                    event.kind.clone(),
                    json!({
                        "thread_id": thread.id,
                        "thread_created_at": thread.created_at.to_rfc3339(),
                        "event": self.event(event),
                    }),
                );
            }
        }
        if self.v >= Version::V3_7 {
            if let Some(thread) = last {
                let mut info = self.thread_summary(thread);
                put(&mut info, "last_event_per_type", Value::Object(per_type));
                put(&mut map, "last_thread_info", Value::Object(info));
            }
        } else {
            if let Some(thread) = last {
                put(
                    &mut map,
                    "last_thread_summary",
                    Value::Object(self.thread_summary(thread)),
                );
            }
            put(&mut map, "last_event_per_type", Value::Object(per_type));
        }
        put(&mut map, "users", self.users(chat));
        put(&mut map, "properties", props(&chat.properties));
        put(
            &mut map,
            "access",
            json!({ "group_ids": chat.access.group_ids }),
        );
        put(
            &mut map,
            "is_followed",
            chat.followers.iter().any(|f| f == self.me),
        );
        Value::Object(map)
    }
}

/// What get_customer and list_customers derive from chats.
#[derive(Debug, Default)]
pub(crate) struct CustomerStats {
    pub(crate) chat_ids: Vec<String>,
    pub(crate) threads: u64,
    pub(crate) agent_last_event: Option<Ts>,
    pub(crate) customer_last_event: Option<Ts>,
}
