//! Which registrations a notice goes to and the envelope each one gets.
//!
//! A license webhook goes out unless its client disabled license webhooks. A bot webhook
//! covers the same license-wide events, but only while at least one bot owned by its client
//! is not `offline` (the docs: "with offline the app won't be able to receive your bot
//! webhooks"); `chat_presence.my_bots` narrows it to chats one of those bots is in.

use super::notice::{Notice, Source};
use crate::state::State;
use crate::state::chats::Chat;
use crate::state::webhooks::Webhook;
use crate::version::Version;
use serde_json::{Map, Value, json};

/// Whether `hook` gets `notice`.
pub(crate) fn covers(st: &State, hook: &Webhook, notice: &Notice) -> bool {
    if hook.kind == "bot" && !bots_of(st, &hook.owner_client_id).any(|b| online(st, b)) {
        return false;
    }
    let chat = notice
        .chat_id
        .as_deref()
        .and_then(|id| st.chat_index(id))
        .map(|i| &st.chats[i]);
    let Some(filters) = hook.filters.as_ref().and_then(Value::as_object) else {
        return true;
    };
    filters.iter().all(|(key, value)| match key.as_str() {
        "author_type" => notice
            .author_type
            .is_none_or(|author| value.as_str() == Some(author)),
        "source_type" => {
            let mine = match &notice.source {
                Source::Client(Some(client)) if *client == hook.owner_client_id => "my_client",
                Source::Client(_) | Source::Customer => "other_clients",
            };
            value
                .as_array()
                .is_some_and(|kinds| kinds.iter().any(|k| k.as_str() == Some(mine)))
        }
        "agent_ids" => notice
            .agent_id
            .as_deref()
            .is_none_or(|id| in_values(value, &[id])),
        "chat_presence" => chat.is_some_and(|chat| presence_matches(st, hook, chat, value)),
        "only_my_chats" => {
            value.as_bool() != Some(true)
                || chat
                    .is_some_and(|c| c.source_client_id.as_deref() == Some(&*hook.owner_client_id))
        }
        _ => true,
    })
}

/// The ids of the bots `client_id` owns.
fn bots_of<'a>(st: &'a State, client_id: &'a str) -> impl Iterator<Item = &'a str> {
    st.config
        .bots
        .iter()
        .filter(move |b| b.owner_client_id == client_id)
        .map(|b| b.id.as_str())
}

fn online(st: &State, bot_id: &str) -> bool {
    st.agent(bot_id)
        .is_some_and(|a| a.routing_status != "offline")
}

fn present(chat: &Chat) -> Vec<&str> {
    chat.users
        .iter()
        .filter(|u| u.present)
        .map(|u| u.id.as_str())
        .collect()
}

/// `{values}`: one of them is among `ids`; `{exclude_values}`: none of them is.
fn in_values(filter: &Value, ids: &[&str]) -> bool {
    let listed = |key: &str| {
        filter.get(key).and_then(Value::as_array).map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .any(|v| ids.contains(&v))
        })
    };
    match (listed("values"), listed("exclude_values")) {
        (Some(any), _) => any,
        (None, Some(any)) => !any,
        (None, None) => true,
    }
}

fn presence_matches(st: &State, hook: &Webhook, chat: &Chat, filter: &Value) -> bool {
    let ids = present(chat);
    let users_ok = filter
        .get("user_ids")
        .is_none_or(|users| in_values(users, &ids));
    let bots_ok = filter.get("my_bots").and_then(Value::as_bool) != Some(true)
        || bots_of(st, &hook.owner_client_id).any(|b| ids.contains(&b));
    users_ok && bots_ok
}

/// The registration's version (3.6, the stable one, if it is not a known one).
fn version_of(hook: &Webhook) -> Version {
    Version::ALL
        .into_iter()
        .find(|v| v.as_str() == hook.version)
        .unwrap_or(Version::V3_6)
}

/// The envelope `hook` gets for `notice`, in the registration's version.
pub(crate) fn envelope(st: &State, hook: &Webhook, notice: &Notice) -> Value {
    let v = version_of(hook);
    let mut map = Map::new();
    map.insert("webhook_id".into(), json!(hook.id));
    map.insert("secret_key".into(), json!(hook.secret_key));
    map.insert("action".into(), json!(notice.action));
    if v == Version::V3_3 {
        map.insert("license_id".into(), json!(st.license.license_id));
    } else {
        map.insert("organization_id".into(), json!(st.license.organization_id));
    }
    map.insert("payload".into(), notice.payload(st, v));
    if let (Some(requester), true) = (&notice.requester, v >= Version::V3_6) {
        map.insert("requester".into(), requester.clone());
    }
    let chat = notice
        .chat_id
        .as_deref()
        .and_then(|id| st.chat_index(id))
        .map(|i| &st.chats[i]);
    if let (false, Some(chat)) = (hook.additional_data.is_empty(), chat) {
        let mut data = Map::new();
        for wanted in &hook.additional_data {
            match wanted.as_str() {
                "chat_properties" => {
                    data.insert(wanted.clone(), json!(chat.properties));
                }
                "chat_presence_user_ids" => {
                    data.insert(wanted.clone(), json!(present(chat)));
                }
                _ => {}
            }
        }
        map.insert("additional_data".into(), Value::Object(data));
    }
    Value::Object(map)
}
