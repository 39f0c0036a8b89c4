//! The webhook registry of the Configuration API: webhooks registered per Client ID and the
//! per-client license-webhooks switch. [`Webhooks::matching`] is what delivery
//! (`crate::delivery`) reads.

use crate::clock::Ts;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeSet;

/// At most this many webhooks per action and Client ID.
pub(crate) const PER_ACTION_LIMIT: usize = 3;

/// One registered webhook.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Webhook {
    pub(crate) id: String,
    pub(crate) url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<String>,
    pub(crate) action: String,
    pub(crate) secret_key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) filters: Option<Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) additional_data: Vec<String>,
    pub(crate) owner_client_id: String,
    /// `bot` or `license`.
    #[serde(rename = "type")]
    pub(crate) kind: String,
    /// The API version the webhook was registered with (its payloads' version).
    pub(crate) version: String,
    pub(crate) created_at: Ts,
}

/// Every registered webhook, plus the Client IDs whose license webhooks are disabled.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Webhooks {
    pub(crate) registered: Vec<Webhook>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub(crate) license_disabled: BTreeSet<String>,
}

impl Webhooks {
    /// How many webhooks `client_id` has for `action`.
    pub(crate) fn count(&self, client_id: &str, action: &str) -> usize {
        self.registered
            .iter()
            .filter(|w| w.owner_client_id == client_id && w.action == action)
            .count()
    }

    /// The webhooks of one Client ID, in registration order.
    pub(crate) fn of_client<'a>(&'a self, client_id: &'a str) -> impl Iterator<Item = &'a Webhook> {
        self.registered
            .iter()
            .filter(move |w| w.owner_client_id == client_id)
    }

    /// Removes a webhook of `client_id`; false when there is none with that id.
    pub(crate) fn remove(&mut self, client_id: &str, id: &str) -> bool {
        let before = self.registered.len();
        self.registered
            .retain(|w| !(w.id == id && w.owner_client_id == client_id));
        before != self.registered.len()
    }

    /// Whether the license webhooks of `client_id` are enabled (they are unless disabled).
    pub(crate) fn license_enabled(&self, client_id: &str) -> bool {
        !self.license_disabled.contains(client_id)
    }

    /// The webhooks a delivery of `action` would go to: every `bot` webhook for it and the
    /// `license` ones of clients whose license webhooks are enabled.
    pub(crate) fn matching<'a>(&'a self, action: &'a str) -> impl Iterator<Item = &'a Webhook> {
        self.registered.iter().filter(move |w| {
            w.action == action && (w.kind == "bot" || self.license_enabled(&w.owner_client_id))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hook(id: &str, client: &str, action: &str, kind: &str) -> Webhook {
        Webhook {
            id: id.into(),
            url: "https://x.test/".into(),
            description: None,
            action: action.into(),
            secret_key: "s".into(),
            filters: None,
            additional_data: Vec::new(),
            owner_client_id: client.into(),
            kind: kind.into(),
            version: "3.6".into(),
            created_at: Ts(0),
        }
    }

    #[test]
    fn matching_skips_license_webhooks_of_disabled_clients() {
        let mut registry = Webhooks::default();
        registry
            .registered
            .push(hook("1", "a", "incoming_chat", "license"));
        registry
            .registered
            .push(hook("2", "a", "incoming_chat", "bot"));
        registry
            .registered
            .push(hook("3", "b", "incoming_chat", "license"));
        registry
            .registered
            .push(hook("4", "b", "incoming_event", "license"));
        registry.license_disabled.insert("a".into());
        let ids: Vec<&str> = registry
            .matching("incoming_chat")
            .map(|w| w.id.as_str())
            .collect();
        assert_eq!(ids, ["2", "3"]);
        assert_eq!(registry.count("a", "incoming_chat"), 2);
        assert!(!registry.remove("b", "1"));
        assert!(registry.remove("a", "1"));
        assert_eq!(registry.of_client("a").count(), 1);
    }
}
