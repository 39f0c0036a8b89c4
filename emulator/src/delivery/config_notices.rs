//! The configuration webhooks a Configuration API action causes (`agent_*`, `bot_*`,
//! `group_*`, `tag_*`, `auto_accesses_updated` and 3.4's `auto_access_*`): the payload is what the request changed, with
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

/// Whether `action` causes a configuration webhook (a batch action: if its single one does).
pub(crate) fn watched(action: &str) -> bool {
    let single = single_of(action);
    WEBHOOKS
        .iter()
        .any(|(a, _)| *a == action || Some(*a) == single.as_deref())
}

/// The single action a batch action runs per request (`batch_create_agents` →
/// `create_agent`).
fn single_of(batch: &str) -> Option<String> {
    let plural = batch.strip_prefix("batch_")?;
    Some(plural.strip_suffix('s').unwrap_or(plural).to_string())
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
    if let Some(single) = single_of(action) {
        // One webhook per request that succeeded, as if each had been its own call.
        let requests = args.get("requests").and_then(Value::as_array);
        let responses = result.get("responses").and_then(Value::as_array);
        let (Some(requests), Some(responses)) = (requests, responses) else {
            return Vec::new();
        };
        return requests
            .iter()
            .zip(responses)
            .filter(|(_, response)| response.get("error").is_none())
            .filter_map(|(request, response)| Some((request.as_object()?, response)))
            .flat_map(|(request, response)| notices(st, &single, request, response, requester, now))
            .collect();
    }
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
            Value::Object(payload)
        }
        "delete_auto_access" => json!({ "id": payload.get("id") }),
        _ => Value::Object(payload),
    };
    let source = Source::Client(requester.client_id.map(str::to_string));
    let notice = |action: &'static str, payload: Value| Notice {
        requester: Some(requester.to_json()),
        ..Notice::new(action, &source, Body::Fixed(payload))
    };
    let Some((old_name, status)) = auto_access_change(action) else {
        return vec![notice(webhook, payload)];
    };
    // The same change under both names: 3.4 registrations take `auto_access_*` (one rule, no
    // status), 3.5+ ones `auto_accesses_updated` (a list of rules with their status); a
    // registration names one of them, so each gets one webhook.
    let mut listed = payload.clone();
    if let Some(map) = listed.as_object_mut() {
        map.insert("status".into(), json!(status));
    }
    vec![notice(old_name, payload), notice(webhook, json!([listed]))]
}

/// 3.4's webhook and 3.5's `status` for an auto access action.
fn auto_access_change(action: &str) -> Option<(&'static str, &'static str)> {
    match action {
        "add_auto_access" => Some(("auto_access_added", "added")),
        "update_auto_access" => Some(("auto_access_updated", "updated")),
        "delete_auto_access" => Some(("auto_access_deleted", "deleted")),
        _ => None,
    }
}
