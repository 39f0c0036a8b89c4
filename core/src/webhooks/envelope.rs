//! The envelope every webhook shares: who sent it, which action, and the extra data asked for at
//! registration.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::payload::Payload;
use super::{invalid, json_type};
use crate::error::Result;
use crate::surfaces::agent_web::types::{Extra, Properties};

/// A verified webhook. Its `secret_key` was checked by [`super::parse`] and is not kept.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Webhook {
    /// The ID `register_webhook` returned for the registration that sent it.
    pub webhook_id: String,
    /// The action, e.g. `"incoming_event"` (also for actions this library does not know).
    pub action: String,
    /// The organization (API 3.4+).
    pub organization_id: Option<String>,
    /// The license number (API 3.3, an integer there).
    pub license_id: Option<Value>,
    /// The payload, typed by `action`.
    pub payload: Payload,
    /// What the registration's `additional_data` asked for (absent from some actions).
    pub additional_data: Option<AdditionalData>,
    /// Who made the change (configuration webhooks, API 3.6+).
    pub requester: Option<Requester>,
    /// Envelope fields this library does not know, kept as sent.
    pub extra: Extra,
}

/// Extra data a registration asked for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AdditionalData {
    /// The chat's properties (`chat_properties`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_properties: Option<Properties>,
    /// The IDs of the users present in the chat (`chat_presence_user_ids`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_presence_user_ids: Option<Vec<String>>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Who caused a configuration webhook (API 3.6+).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Requester {
    /// The user (an agent's email).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// The user's account ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// The Client ID of the application that made the change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Webhook {
    /// The envelope from a body's object (its `secret_key` already removed).
    pub(super) fn from_object(mut o: Map<String, Value>) -> Result<Webhook> {
        let action = match o.remove("action") {
            Some(Value::String(a)) if !a.is_empty() => a,
            Some(Value::String(_)) => return Err(invalid("`action` is empty".into())),
            Some(other) => {
                return Err(invalid(format!(
                    "`action` is a JSON {}, expected a string",
                    json_type(&other)
                )));
            }
            None => return Err(invalid("the body has no `action`".into())),
        };
        let webhook_id = optional_string(&mut o, "webhook_id")?.unwrap_or_default();
        let organization_id = optional_string(&mut o, "organization_id")?;
        let license_id = o.remove("license_id");
        let additional_data = field(&mut o, "additional_data")?;
        let requester = field(&mut o, "requester")?;
        let payload = Payload::parse(&action, o.remove("payload").unwrap_or(Value::Null));
        Ok(Webhook {
            webhook_id,
            action,
            organization_id,
            license_id,
            payload,
            additional_data,
            requester,
            extra: o,
        })
    }

    /// The webhook as JSON: the body it came from, without `secret_key`. A known action whose
    /// payload is not in the documented shape ([`Payload::Unparsed`]) keeps its payload as sent
    /// and gains `"payload_error"`, the reason, so C and Python users can log it too.
    pub fn to_json(&self) -> Value {
        let mut o = Map::new();
        if !self.webhook_id.is_empty() {
            o.insert("webhook_id".into(), self.webhook_id.clone().into());
        }
        o.insert("action".into(), self.action.clone().into());
        if let Some(org) = &self.organization_id {
            o.insert("organization_id".into(), org.clone().into());
        }
        if let Some(license) = &self.license_id {
            o.insert("license_id".into(), license.clone());
        }
        let payload = self.payload.to_json();
        if !payload.is_null() {
            o.insert("payload".into(), payload);
        }
        if let Payload::Unparsed { error, .. } = &self.payload {
            o.insert("payload_error".into(), error.clone().into());
        }
        if let Some(data) = &self.additional_data {
            o.insert("additional_data".into(), to_value(data));
        }
        if let Some(requester) = &self.requester {
            o.insert("requester".into(), to_value(requester));
        }
        for (k, v) in &self.extra {
            o.insert(k.clone(), v.clone());
        }
        Value::Object(o)
    }
}

impl Serialize for Webhook {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

/// Serialising these plain structs cannot fail; `Null` keeps the signature honest if it did.
fn to_value<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn optional_string(o: &mut Map<String, Value>, name: &str) -> Result<Option<String>> {
    match o.remove(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(invalid(format!(
            "`{name}` is a JSON {}, expected a string",
            json_type(&other)
        ))),
    }
}

fn field<T: for<'de> Deserialize<'de>>(
    o: &mut Map<String, Value>,
    name: &str,
) -> Result<Option<T>> {
    match o.remove(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => T::deserialize(&v)
            .map(Some)
            .map_err(|e| invalid(format!("`{name}` does not have the documented shape: {e}"))),
    }
}
