//! Greetings (3.6+): `get_greeting`, `list_greetings` and `create_greeting`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Extra;
use crate::call::Page;

/// A greeting (`get_greeting`, an item of `list_greetings`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Greeting {
    /// The greeting ID.
    pub id: u64,
    /// The greeting type: `normal` or `announcement`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub greeting_type: Option<String>,
    /// Whether the greeting is active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// The date-time the greeting becomes active, if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_from: Option<String>,
    /// The date-time the greeting stops being active, if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_until: Option<String>,
    /// The greeting name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The ID of the group the greeting belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<u64>,
    /// The rules that decide when the greeting is shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<Vec<GreetingRule>>,
    /// Additional properties as key-value pairs (`greeting-message_text`, `is_exit_intent`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Extra>,
    /// The rich message content (`template_id`, `elements`), kept as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rich_message: Option<Value>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A rule of a greeting.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GreetingRule {
    /// `and` (match all conditions) or `or` (match one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// The rule type (`visit_time_site`, `url_current`, `url_funnel`, …).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub rule_type: Option<String>,
    /// The comparison operator (not used by every type).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// The value compared against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The URLs of `url_funnel` and `url_match_page_view_number` rules (`url`, `operator`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urls: Option<Vec<Extra>>,
    /// The key-value pair of `custom_variable` and `ads_traffic` rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_field: Option<Extra>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `list_greetings`: one page.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ListGreetingsResponse {
    /// The greetings of this page.
    #[serde(default)]
    pub greetings: Vec<Greeting>,
    /// The total number of greetings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub found_greetings: Option<u64>,
    /// The next page, only when there are more results.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_page_id: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Page for ListGreetingsResponse {
    type Item = Greeting;
    fn next_page_id(&self) -> Option<&str> {
        self.next_page_id.as_deref().filter(|s| !s.is_empty())
    }
    fn into_items(self) -> Vec<Greeting> {
        self.greetings
    }
}

/// `create_greeting`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreateGreetingResponse {
    /// The new greeting's ID.
    pub id: u64,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
