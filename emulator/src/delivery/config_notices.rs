//! The configuration webhooks a Configuration API action causes (`agent_*`, `bot_*`,
//! `group_*`, `tag_*`, `auto_accesses_updated`): the payload is what the request changed, with
//! the new object's id, limited to the fields the documented payloads have (a request's
//! `job_title` or `max_chats_count` is not in any webhook sample, so it is left out).

use super::notice::{Body, Notice, Source};
use crate::clock::Ts;
use crate::state::State;
use serde_json::{Map, Value, json};

/// The actions that cause webhooks, with the webhook action of each.
const WEBHOOKS: &[(&str, &str)] = &[
    ("create_agent", "agent_created"),
    ("update_agent", "agent_updated"),
    ("delete_agent", "agent_deleted"),
    ("suspend_agent", "agent_suspended"),
    ("unsuspend_agent", "agent_unsuspended"),
    ("approve_agent", "agent_approved"),
    ("create_bot", "bot_created"),
    ("update_bot", "bot_updated"),
    ("delete_bot", "bot_deleted"),
    ("create_group", "group_created"),
    ("update_group", "group_updated"),
    ("delete_group", "group_deleted"),
    ("create_tag", "tag_created"),
    ("update_tag", "tag_updated"),
    ("delete_tag", "tag_deleted"),
    ("add_auto_access", "auto_accesses_updated"),
    ("update_auto_access", "auto_accesses_updated"),
    ("delete_auto_access", "auto_accesses_updated"),
];

/// The documented payload fields per kind of object.
const AGENT_FIELDS: &[&str] = &[
    "id",
    "name",
    "role",
    "awaiting_approval",
    "groups",
    "notifications",
    "email_subscriptions",
    "work_scheduler",
];
const BOT_FIELDS: &[&str] = &[
    "id",
    "name",
    "default_group_priority",
    "groups",
    "owner_client_id",
];
const GROUP_FIELDS: &[&str] = &["id", "name", "language_code", "agent_priorities"];
const TAG_FIELDS: &[&str] = &["name", "group_ids", "created_at", "author_id"];
const AUTO_ACCESS_FIELDS: &[&str] = &[
    "id",
    "description",
    "access",
    "conditions",
    "next_id",
    "status",
];

fn documented(webhook: &str) -> &'static [&'static str] {
    match webhook.split('_').next() {
        Some("agent") => AGENT_FIELDS,
        Some("bot") => BOT_FIELDS,
        Some("group") => GROUP_FIELDS,
        Some("tag") => TAG_FIELDS,
        _ => AUTO_ACCESS_FIELDS,
    }
}

/// Whether `action` causes a configuration webhook.
pub(crate) fn watched(action: &str) -> bool {
    WEBHOOKS.iter().any(|(a, _)| *a == action)
}

/// Who made a configuration change, as 3.6+ envelopes carry it.
pub(crate) struct Requester<'a> {
    pub(crate) agent_id: &'a str,
    pub(crate) client_id: Option<&'a str>,
}

impl Requester<'_> {
    fn to_json(&self) -> Value {
        let mut map = Map::new();
        map.insert("user_id".into(), json!(self.agent_id));
        if let Some(client) = self.client_id {
            map.insert("client_id".into(), json!(client));
        }
        Value::Object(map)
    }
}

/// The notices of a successful Configuration API `action`.
pub(crate) fn notices(
    st: &State,
    action: &str,
    args: &Map<String, Value>,
    result: &Value,
    requester: &Requester<'_>,
    now: Ts,
) -> Vec<Notice> {
    let Some((_, webhook)) = WEBHOOKS.iter().find(|(a, _)| *a == action) else {
        return Vec::new();
    };
    let mut payload = args.clone();
    // A created object's id comes from the result.
    if let Some(id) = result.get("id") {
        payload.insert("id".into(), id.clone());
    }
    if action == "create_bot" {
        let id = payload
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if let Some(bot) = st.config.bot(id) {
            payload.insert("owner_client_id".into(), json!(bot.owner_client_id));
            payload.insert(
                "default_group_priority".into(),
                json!(bot.default_group_priority),
            );
        }
    }
    let fields = documented(webhook);
    payload.retain(|key, _| fields.contains(&key.as_str()));
    let payload = match action {
        "create_tag" => {
            payload.insert("created_at".into(), json!(now.to_rfc3339()));
            payload.insert("author_id".into(), json!(requester.agent_id));
            Value::Object(payload)
        }
        "add_auto_access" => {
            payload.entry("next_id").or_insert(json!(""));
            payload.insert("status".into(), json!("added"));
            json!([payload])
        }
        "update_auto_access" => {
            payload.insert("status".into(), json!("updated"));
            json!([payload])
        }
        "delete_auto_access" => json!([{ "id": payload.get("id"), "status": "deleted" }]),
        _ => Value::Object(payload),
    };
    vec![Notice {
        action: webhook,
        chat_id: None,
        author_type: None,
        agent_id: None,
        source: Source::Client(requester.client_id.map(str::to_string)),
        requester: Some(requester.to_json()),
        body: Body::Fixed(payload),
    }]
}
