//! What the Configuration API stores beyond the agents, groups and property definitions the
//! Agent API already has: bots, templates and tokens, the webhook registry, agents' and
//! groups' configuration-only fields, and the license's other settings (tags, auto accesses,
//! greetings, bans, …), kept as the documented JSON objects.

use super::bots::{Bot, BotTemplate, BotToken};
use super::webhooks::Webhooks;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Configuration-only fields of an agent (`create_agent`/`update_agent`).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct AgentDetails {
    /// Every other documented field (`job_title`, `mobile`, `max_chats_count`,
    /// `notifications`, `email_subscriptions`, `work_scheduler`, `login_status`, …).
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub(crate) fields: Map<String, Value>,
    #[serde(default)]
    pub(crate) suspended: bool,
    #[serde(default)]
    pub(crate) awaiting_approval: bool,
}

/// Configuration-only fields of a group.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct GroupDetails {
    #[serde(default = "default_language")]
    pub(crate) language_code: String,
    /// Priority per member (`first`, `normal`, `last`, `supervisor`); members are the agents
    /// whose `group_ids` hold the group, `normal` when not listed here.
    #[serde(default)]
    pub(crate) priorities: BTreeMap<String, String>,
}

fn default_language() -> String {
    "en".into()
}

/// The Configuration API's part of the state.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Configuration {
    #[serde(default)]
    pub(crate) bots: Vec<Bot>,
    #[serde(default)]
    pub(crate) bot_templates: Vec<BotTemplate>,
    #[serde(default)]
    pub(crate) bot_tokens: Vec<BotToken>,
    #[serde(default)]
    pub(crate) webhooks: Webhooks,
    #[serde(default)]
    pub(crate) agents: BTreeMap<String, AgentDetails>,
    #[serde(default)]
    pub(crate) groups: BTreeMap<i64, GroupDetails>,
    /// `register_property` definitions: `{owner_client_id: {name: config}}`.
    #[serde(default)]
    pub(crate) registered_properties: BTreeMap<String, Map<String, Value>>,
    /// License property values `{namespace: {name: value}}`.
    #[serde(default)]
    pub(crate) license_properties: Map<String, Value>,
    /// Group property values per group.
    #[serde(default)]
    pub(crate) group_properties: BTreeMap<i64, Map<String, Value>>,
    /// Tags (3.5+): `{name, group_ids, author_id, created_at}`.
    #[serde(default)]
    pub(crate) tags: Vec<Value>,
    /// Auto access rules, in evaluation order.
    #[serde(default)]
    pub(crate) auto_accesses: Vec<Value>,
    /// Greetings (3.6+).
    #[serde(default)]
    pub(crate) greetings: Vec<Value>,
    /// Customer bans made with 3.7's `ban_customer`.
    #[serde(default)]
    pub(crate) customer_bans: Vec<Value>,
    /// Allowed domains (3.7).
    #[serde(default)]
    pub(crate) allowed_domains: Vec<String>,
    /// Canned responses (3.7).
    #[serde(default)]
    pub(crate) canned_responses: Vec<Value>,
    /// Translations (3.7): `{"<group_id>/<language>": {phrase: text}}`.
    #[serde(default)]
    pub(crate) translations: BTreeMap<String, Map<String, Value>>,
    /// Company details (3.6+).
    #[serde(default)]
    pub(crate) company_details: Map<String, Value>,
    /// The last numeric id handed out (greetings, canned responses, groups are separate).
    #[serde(default)]
    pub(crate) last_id: i64,
}

impl Configuration {
    /// The bot configuration with this id.
    pub(crate) fn bot(&self, id: &str) -> Option<&Bot> {
        self.bots.iter().find(|b| b.id == id)
    }

    /// A fresh numeric id.
    pub(crate) fn next_id(&mut self) -> i64 {
        self.last_id += 1;
        self.last_id
    }
}
