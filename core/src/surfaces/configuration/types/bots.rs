//! Bots and bot templates: their listings, creation and secrets, and bot tokens. Every secret
//! is a [`Secret`], hidden from `Debug`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Extra;
use super::common::GroupPriority;
use super::secret::Secret;

/// A bot (`get_bot`, an item of `list_bots`). Most fields come only when asked for with
/// `fields`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Bot {
    /// The bot ID.
    pub id: String,
    /// The display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The avatar URL (3.5's samples).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    /// The avatar URL (the other versions' samples).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_path: Option<String>,
    /// The routing priority for a group without a defined one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_group_priority: Option<String>,
    /// The Client ID that owns the bot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_client_id: Option<String>,
    /// The maximum number of chats routed to the bot at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_chats_count: Option<u32>,
    /// The groups the bot belongs to, with its priority in each.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<GroupPriority>>,
    /// The bot's job title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    /// A custom value to categorise the bot (3.6+; default `chatbot`).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub bot_type: Option<String>,
    /// The work scheduler, kept as sent (its shape changed across versions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_scheduler: Option<Value>,
    /// The time zone of the bot's work scheduler.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A bot template (an item of `list_bot_templates`, 3.5+).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BotTemplate {
    /// The bot template ID.
    pub id: String,
    /// The display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The avatar URL (3.5's samples).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    /// The avatar URL (the later versions' samples).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_path: Option<String>,
    /// The routing priority for a group without a defined one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_group_priority: Option<String>,
    /// The Client ID that owns the template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_client_id: Option<String>,
    /// The maximum number of chats routed to a bot of this template at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_chats_count: Option<u32>,
    /// The job title of the template's bots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `create_bot`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreateBotResponse {
    /// The new bot's ID.
    pub id: String,
    /// The bot's secret, for `issue_bot_token` (3.5+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<Secret>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `create_bot_template` (3.5+).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreateBotTemplateResponse {
    /// The new template's ID.
    pub id: String,
    /// The template's secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<Secret>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `issue_bot_token` (3.5+).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IssueBotTokenResponse {
    /// The bot token (a JWT), valid 24 hours and irrevocable.
    pub token: Secret,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `reset_bot_secret` (3.5+).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResetBotSecretResponse {
    /// The bot's new secret.
    pub secret: Secret,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `reset_bot_template_secret` (3.5+).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResetBotTemplateSecretResponse {
    /// The template's new secret.
    pub secret: Secret,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
