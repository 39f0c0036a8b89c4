//! Webhooks: registered webhooks, the actions an API version offers and the license webhooks
//! state.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Extra;
use super::secret::Secret;

/// A registered webhook (an item of `list_webhooks`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Webhook {
    /// The webhook ID.
    pub id: String,
    /// The destination URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The webhook description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The action that triggers it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// Additional data sent with it (`chat_properties`, `chat_presence_user_ids`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_data: Option<Vec<String>>,
    /// The filters that decide whether it is sent (`author_type`, `chat_presence`, …), kept as
    /// sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filters: Option<Value>,
    /// The Client ID that owns it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_client_id: Option<String>,
    /// `bot` or `license`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub webhook_type: Option<String>,
    /// The secret key sent with each webhook; the docs stopped listing it, but a server that
    /// still sends it gets it hidden from `Debug`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_key: Option<Secret>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A webhook action of an API version (an item of `list_webhook_names`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WebhookName {
    /// The action name.
    pub action: String,
    /// The filters the action supports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filters: Option<Vec<String>>,
    /// The additional data the action supports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_data: Option<Vec<String>>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `register_webhook`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RegisterWebhookResponse {
    /// The new webhook's ID.
    pub id: String,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `get_license_webhooks_state`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LicenseWebhooksState {
    /// Whether the Client ID's license webhooks are enabled.
    pub license_webhooks_enabled: bool,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
