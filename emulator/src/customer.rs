//! The customer simulator (`/__emulator/customer/…` and the `Emulator::customer_*` methods): a
//! new customer starts a chat, is routed to an agent or bot that is `accepting_chats`, writes
//! messages, updates its session fields, reads what agents and bots answered, and may close the
//! chat. Each step causes the webhooks a real customer would (`incoming_chat`, `incoming_event`,
//! `customer_session_fields_updated`, `chat_deactivated`).
//!
//! Routing: among the agents of the chat's group with `accepting_chats`, bots come first (the
//! usual set-up gives a bot the first priority in its group), then the one with the fewest
//! active chats, then the earliest created. Nobody accepting: the chat starts unassigned.

use crate::app::{App, lock};
use crate::delivery::{Body, Notice, Source};
use crate::render::View;
use crate::state::State;
use crate::state::chats::{Access, Chat, NewEvent, UserKind, Visibility};
use crate::state::customers::Customer;
use crate::version::Version;
use serde_json::{Map, Value, json};

/// The longest message accepted.
const TEXT_MAX: usize = 16_000;
/// The most session fields one customer keeps (our bound; the docs set none).
const SESSION_FIELDS_MAX: usize = 100;

/// Reads `{"session_fields": [{"key": "value"}, …]}`: one string key and value per item.
fn session_fields(body: &Value) -> Result<Vec<(String, String)>, String> {
    const SHAPE: &str =
        "body must be a JSON object {\"session_fields\": [{\"key\": \"value\"}, …]}";
    let map = body.as_object().ok_or(SHAPE)?;
    if let Some(key) = map.keys().find(|k| *k != "session_fields") {
        return Err(format!("unknown field {key}; expected session_fields"));
    }
    let items = map
        .get("session_fields")
        .and_then(Value::as_array)
        .ok_or(SHAPE)?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let pair = item.as_object().filter(|o| o.len() == 1);
            match pair.and_then(|o| o.iter().next()) {
                Some((key, Value::String(value))) if !key.is_empty() => {
                    Ok((key.clone(), value.clone()))
                }
                _ => Err(format!(
                    "session_fields[{i}] must be an object with one key and a string value"
                )),
            }
        })
        .collect()
}

/// Reads `{"name"?, "email"?, "group_id"?, "message"?}`.
struct StartChat {
    name: Option<String>,
    email: Option<String>,
    group_id: i64,
    message: Option<String>,
}

fn opt_text(map: &Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("{key} must be a string")),
    }
}

fn message_text(text: Option<String>, key: &str) -> Result<Option<String>, String> {
    match text {
        Some(t) if t.trim().is_empty() => Err(format!("{key} must not be empty")),
        Some(t) if t.chars().count() > TEXT_MAX => {
            Err(format!("{key} cannot be longer than {TEXT_MAX} characters"))
        }
        other => Ok(other),
    }
}

impl StartChat {
    fn parse(body: &Value) -> Result<StartChat, String> {
        let map = body.as_object().ok_or(
            "body must be a JSON object {\"name\"?, \"email\"?, \"group_id\"?, \"message\"?}",
        )?;
        if let Some(key) = map
            .keys()
            .find(|k| !matches!(k.as_str(), "name" | "email" | "group_id" | "message"))
        {
            return Err(format!(
                "unknown field {key}; expected name, email, group_id or message"
            ));
        }
        let group_id = match map.get("group_id") {
            None | Some(Value::Null) => 0,
            Some(value) => value
                .as_i64()
                .filter(|g| *g >= 0)
                .ok_or("group_id must be a non-negative integer")?,
        };
        Ok(StartChat {
            name: opt_text(map, "name")?,
            email: opt_text(map, "email")?,
            group_id,
            message: message_text(opt_text(map, "message")?, "message")?,
        })
    }
}

/// Who gets a new chat of `group_id` (see the module docs).
fn route(st: &State, group_id: i64) -> Option<String> {
    let active_chats = |agent_id: &str| {
        st.chats
            .iter()
            .filter(|c| c.active_thread().is_some())
            .filter(|c| c.user(agent_id).is_some_and(|u| u.present))
            .count()
    };
    st.agents
        .iter()
        .filter(|a| a.routing_status == "accepting_chats" && a.group_ids.contains(&group_id))
        .enumerate()
        .min_by_key(|(i, a)| (!a.is_bot(), active_chats(&a.id), *i))
        .map(|(_, a)| a.id.clone())
}

fn message(text: String) -> NewEvent {
    let mut fields = Map::new();
    fields.insert("text".into(), Value::String(text));
    NewEvent {
        kind: "message".into(),
        visibility: Visibility::All,
        custom_id: None,
        properties: Default::default(),
        fields,
    }
}

/// Stores a customer message in the active thread of chat `ci` and queues `incoming_event`;
/// returns the event id.
fn write(app: &App, st: &mut State, ci: usize, text: String) -> Result<String, String> {
    let chat = &mut st.chats[ci];
    let customer = chat
        .customer_id()
        .ok_or("this chat has no customer")?
        .to_string();
    let ti = chat.active_thread().ok_or("the chat is not active")?;
    let event_id = chat.threads[ti].push_event(message(text), Some(&customer));
    let at = chat.threads[ti].events.last().map(|e| e.created_at);
    if let Some(at) = at {
        chat.mark_seen(&customer, at);
    }
    let mut notice = Notice::chat("incoming_event", &chat.id, &Source::Customer, Value::Null);
    notice.author_type = Some("customer");
    notice.body = Body::Event {
        chat_id: chat.id.clone(),
        thread_id: chat.threads[ti].id.clone(),
        event_id: event_id.clone(),
    };
    app.deliveries.dispatch(st, &[notice]);
    Ok(event_id)
}

impl App {
    /// Starts a chat as a new customer: `{chat_id, thread_id, customer_id, assigned_to,
    /// event_id?}` (`assigned_to` is null when nobody accepts chats).
    pub(crate) fn customer_start_chat(&self, body: &Value) -> Result<Value, String> {
        let spec = StartChat::parse(body)?;
        let mut guard = lock(&self.state);
        let st = &mut *guard;
        if !st.has_group(spec.group_id) {
            return Err(format!("group {} does not exist", spec.group_id));
        }
        let customer_id = crate::ids::uuid_v4();
        let mut customer = Customer::new(customer_id.clone());
        customer.name = spec.name;
        customer.email = spec.email;
        customer.online = true;
        st.customers.push(customer);
        let assignee = route(st, spec.group_id);
        let chat_id = st.new_chat_like_id();
        let mut chat = Chat {
            id: chat_id.clone(),
            created_at: crate::clock::now(),
            users: Vec::new(),
            properties: Default::default(),
            access: Access {
                group_ids: vec![spec.group_id],
            },
            threads: Vec::new(),
            followers: Vec::new(),
            continuous: false,
            seen_up_to: Default::default(),
            // The chat widget's client, which no registration owns.
            source_client_id: None,
        };
        chat.add_user(&customer_id, UserKind::Customer, true, Visibility::All);
        if let Some(agent) = &assignee {
            chat.add_user(agent, UserKind::Agent, true, Visibility::All);
        }
        let thread_id = crate::ids::chat_like(|id| id == chat_id || st.id_taken(id));
        chat.open_thread(thread_id.clone(), true, Default::default());
        st.chats.push(chat);
        let mut notice = Notice::chat("incoming_chat", &chat_id, &Source::Customer, Value::Null);
        notice.body = Body::Chat {
            chat_id: chat_id.clone(),
        };
        self.deliveries.dispatch(st, &[notice]);
        let mut out = json!({
            "chat_id": chat_id,
            "thread_id": thread_id,
            "customer_id": customer_id,
            "assigned_to": assignee,
        });
        if let Some(text) = spec.message {
            let ci = st.chats.len() - 1;
            let event_id = write(self, st, ci, text)?;
            if let Some(map) = out.as_object_mut() {
                map.insert("event_id".into(), json!(event_id));
            }
        }
        Ok(out)
    }

    /// Sends a customer message `{"text": …}` to an active chat: `{"event_id"}`.
    pub(crate) fn customer_send(&self, chat_id: &str, body: &Value) -> Result<Value, String> {
        let map = body
            .as_object()
            .ok_or("body must be a JSON object {\"text\": …}")?;
        if let Some(key) = map.keys().find(|k| *k != "text") {
            return Err(format!("unknown field {key}; expected text"));
        }
        let text = message_text(opt_text(map, "text")?, "text")?.ok_or("text is required")?;
        let mut guard = lock(&self.state);
        let st = &mut *guard;
        let ci = st
            .chat_index(chat_id)
            .ok_or_else(|| format!("chat {chat_id} does not exist"))?;
        let event_id = write(self, st, ci, text)?;
        Ok(json!({ "event_id": event_id }))
    }

    /// The chat's customer updates its session fields (`{"session_fields": [{"key": "value"},
    /// …]}`): a key it had gets the new value, new keys are added in order. Sends
    /// `customer_session_fields_updated` for each active chat the customer has (as the docs
    /// say); returns `{"customer_id", "session_fields"}` with all of them.
    pub(crate) fn customer_update_session_fields(
        &self,
        chat_id: &str,
        body: &Value,
    ) -> Result<Value, String> {
        let fields = session_fields(body)?;
        let mut guard = lock(&self.state);
        let st = &mut *guard;
        let customer_id = st
            .chat_index(chat_id)
            .ok_or_else(|| format!("chat {chat_id} does not exist"))?;
        let customer_id = st.chats[customer_id]
            .customer_id()
            .ok_or("this chat has no customer")?
            .to_string();
        let customer = st
            .customers
            .iter_mut()
            .find(|c| c.id == customer_id)
            .ok_or("the chat's customer does not exist")?;
        // Built aside, so a refused update changes nothing.
        let mut updated = customer.session_fields.clone();
        for (key, value) in fields {
            match updated.iter_mut().find(|f| f.contains_key(&key)) {
                Some(field) => {
                    field.insert(key, Value::String(value));
                }
                None => updated.push(Map::from_iter([(key, Value::String(value))])),
            }
        }
        if updated.len() > SESSION_FIELDS_MAX {
            return Err(format!(
                "a customer keeps at most {SESSION_FIELDS_MAX} session fields"
            ));
        }
        customer.session_fields = updated;
        let all = Value::from(
            customer
                .session_fields
                .iter()
                .cloned()
                .map(Value::Object)
                .collect::<Vec<_>>(),
        );
        let notices: Vec<Notice> = st
            .chats
            .iter()
            .filter(|c| c.customer_id() == Some(customer_id.as_str()))
            .filter_map(|c| c.active_thread().map(|t| (c, &c.threads[t])))
            .map(|(chat, thread)| {
                Notice::chat(
                    "customer_session_fields_updated",
                    &chat.id,
                    &Source::Customer,
                    json!({
                        "id": customer_id,
                        "active_chat": { "chat_id": chat.id, "thread_id": thread.id },
                        "session_fields": all,
                    }),
                )
            })
            .collect();
        self.deliveries.dispatch(st, &notices);
        Ok(json!({ "customer_id": customer_id, "session_fields": all }))
    }

    /// The chat as its customer sees it: `{chat_id, customer_id, active, users, events}` —
    /// every thread's events visible to customers, oldest first, each with `author_type`.
    pub(crate) fn customer_chat(&self, chat_id: &str) -> Result<Value, String> {
        let st = lock(&self.state);
        let chat = st
            .chat_index(chat_id)
            .map(|i| &st.chats[i])
            .ok_or_else(|| format!("chat {chat_id} does not exist"))?;
        let customer = chat.customer_id().unwrap_or_default();
        let view = View {
            st: &st,
            v: Version::V3_6,
            me: "",
        };
        let events: Vec<Value> = chat
            .threads
            .iter()
            .flat_map(|t| t.events.iter())
            .filter(|e| e.visibility == Visibility::All)
            .map(|e| {
                let mut value = view.event(e);
                let author_type = match e.author_id.as_deref() {
                    Some(a) if a == customer => "customer",
                    Some(_) => "agent",
                    None => "system",
                };
                if let Some(map) = value.as_object_mut() {
                    map.insert("author_type".into(), json!(author_type));
                }
                value
            })
            .collect();
        let agents: Vec<&str> = chat
            .users
            .iter()
            .filter(|u| u.kind == UserKind::Agent && u.present)
            .map(|u| u.id.as_str())
            .collect();
        Ok(json!({
            "chat_id": chat.id,
            "customer_id": customer,
            "active": chat.active_thread().is_some(),
            "agents": agents,
            "events": events,
        }))
    }

    /// The customer closes the chat (`chat_deactivated`, `user_id` = the customer).
    pub(crate) fn customer_deactivate(&self, chat_id: &str) -> Result<Value, String> {
        let mut guard = lock(&self.state);
        let st = &mut *guard;
        let ci = st
            .chat_index(chat_id)
            .ok_or_else(|| format!("chat {chat_id} does not exist"))?;
        let chat = &mut st.chats[ci];
        let ti = chat.active_thread().ok_or("the chat is not active")?;
        chat.threads[ti].active = false;
        let payload = json!({
            "chat_id": chat.id,
            "thread_id": chat.threads[ti].id,
            "user_id": chat.customer_id(),
        });
        let notice = Notice::chat("chat_deactivated", chat_id, &Source::Customer, payload);
        self.deliveries.dispatch(st, &[notice]);
        Ok(json!({}))
    }
}
