//! Chat users: agents, customers, and any user type this library does not know.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::Extra;
use super::customer::Customer;
use super::tagged::{take_tag, variant, with_tag};

/// A user of a chat.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum User {
    /// `type: "agent"`.
    Agent(Agent),
    /// `type: "customer"`.
    Customer(Box<Customer>),
    /// Any other type, kept whole.
    Other {
        /// The `type` as sent.
        user_type: String,
        /// Every other field.
        fields: Extra,
    },
}

impl User {
    /// The user's ID.
    pub fn id(&self) -> Option<&str> {
        match self {
            User::Agent(a) => Some(&a.id),
            User::Customer(c) => Some(&c.id),
            User::Other { fields, .. } => fields.get("id").and_then(Value::as_str),
        }
    }

    /// `agent`, `customer`, or the unknown type.
    pub fn user_type(&self) -> &str {
        match self {
            User::Agent(_) => "agent",
            User::Customer(_) => "customer",
            User::Other { user_type, .. } => user_type,
        }
    }
}

impl<'de> Deserialize<'de> for User {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut map = Map::<String, Value>::deserialize(d)?;
        let tag = take_tag(&mut map)?;
        Ok(match tag.as_str() {
            "agent" => User::Agent(variant(map)?),
            "customer" => User::Customer(Box::new(variant(map)?)),
            _ => User::Other {
                user_type: tag,
                fields: map,
            },
        })
    }
}

impl Serialize for User {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            User::Agent(a) => with_tag("agent", a, s),
            User::Customer(c) => with_tag("customer", c, s),
            User::Other { user_type, fields } => with_tag(user_type, fields, s),
        }
    }
}

/// An agent as a chat user.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Agent {
    /// Agent ID (an email).
    #[serde(default)]
    pub id: String,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Avatar URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    /// Whether the agent is present in the chat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub present: Option<bool>,
    /// RFC 3339 time up to which the agent has seen events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events_seen_up_to: Option<String>,
    /// `all` or `agents` (3.4+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
