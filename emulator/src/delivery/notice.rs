//! A notice: "this webhook action just happened", with what filters and payloads need. The
//! payload is rendered per registration version when the notice is routed.

use crate::render::View;
use crate::state::State;
use crate::version::Version;
use serde_json::{Value, json};

/// Who caused the change (the `source_type` filter).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    /// An API request with this Client ID (`None`: a PAT, which carries none).
    Client(Option<String>),
    /// The simulated customer: the chat widget, another client than any registration's.
    Customer,
}

/// How the payload is made.
#[derive(Clone, Debug)]
pub(crate) enum Body {
    /// The same for every version.
    Fixed(Value),
    /// `{"chat": <chat with its active (or last) thread>}` (`incoming_chat`).
    Chat { chat_id: String },
    /// `{"chat_id", "thread_id", "event"}` (`incoming_event`).
    Event {
        chat_id: String,
        thread_id: String,
        event_id: String,
    },
    /// `{"customer": <customer>}` (`incoming_customer`).
    Customer { customer_id: String },
}

/// One webhook-worthy change.
#[derive(Clone, Debug)]
pub(crate) struct Notice {
    pub(crate) action: &'static str,
    /// The chat it is about (queues, `chat_presence`, `additional_data`).
    pub(crate) chat_id: Option<String>,
    /// `customer` or `agent` (bots are agents): the `author_type` filter.
    pub(crate) author_type: Option<&'static str>,
    /// The agent whose status changed: the `agent_ids` filter.
    pub(crate) agent_id: Option<String>,
    pub(crate) source: Source,
    /// Who made a configuration change (`requester`, 3.6+ envelopes).
    pub(crate) requester: Option<Value>,
    pub(crate) body: Body,
}

impl Notice {
    /// A notice about no chat (an agent's status, a customer, the configuration).
    pub(crate) fn new(action: &'static str, source: &Source, body: Body) -> Notice {
        Notice {
            action,
            chat_id: None,
            author_type: None,
            agent_id: None,
            source: source.clone(),
            requester: None,
            body,
        }
    }

    /// A notice about `chat_id` with a fixed payload.
    pub(crate) fn chat(
        action: &'static str,
        chat_id: &str,
        source: &Source,
        payload: Value,
    ) -> Notice {
        Notice {
            chat_id: Some(chat_id.to_string()),
            ..Notice::new(action, source, Body::Fixed(payload))
        }
    }

    /// The payload as a registration of version `v` gets it.
    pub(crate) fn payload(&self, st: &State, v: Version) -> Value {
        let view = View { st, v, me: "" };
        match &self.body {
            Body::Fixed(value) => value.clone(),
            Body::Chat { chat_id } => {
                let chat = st.chat_index(chat_id).map(|i| &st.chats[i]);
                let rendered = chat.map(|c| {
                    let thread = c.active_thread().or(c.threads.len().checked_sub(1));
                    let mut value = view.chat(c, thread);
                    // `is_followed` is about a requester; a webhook has none.
                    if let Some(map) = value.as_object_mut() {
                        map.remove("is_followed");
                    }
                    value
                });
                json!({ "chat": rendered.unwrap_or_else(|| json!({ "id": chat_id })) })
            }
            Body::Event {
                chat_id,
                thread_id,
                event_id,
            } => {
                let event = st
                    .chat_index(chat_id)
                    .map(|i| &st.chats[i])
                    .and_then(|c| c.thread_index(thread_id).map(|t| &c.threads[t]))
                    .and_then(|t| t.event_index(event_id).map(|e| &t.events[e]))
                    .map_or_else(|| json!({ "id": event_id }), |e| view.event(e));
                json!({ "chat_id": chat_id, "thread_id": thread_id, "event": event })
            }
            Body::Customer { customer_id } => {
                let customer = st
                    .customers
                    .iter()
                    .find(|c| c.id == *customer_id)
                    .map_or_else(|| json!({ "id": customer_id }), |c| view.customer(c, false));
                json!({ "customer": customer })
            }
        }
    }
}
