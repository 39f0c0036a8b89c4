//! Events: the common fields plus a body per event type.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::Extra;
use super::chat::Properties;
use super::tagged::{take_tag, variant, with_tag};

/// An event of a thread.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Event {
    /// Server-side ID.
    #[serde(default)]
    pub id: String,
    /// The sender's own ID, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_id: Option<String>,
    /// RFC 3339 creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Author's user ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_id: Option<String>,
    /// `all` or `agents`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility: Option<String>,
    /// Event properties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Properties>,
    /// Set on placeholders of deleted events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<bool>,
    /// The type-specific part.
    #[serde(flatten)]
    pub body: EventBody,
}

impl Event {
    /// The event type, e.g. `"message"`.
    pub fn event_type(&self) -> &str {
        self.body.event_type()
    }

    /// The text of a message or system message.
    pub fn text(&self) -> Option<&str> {
        match &self.body {
            EventBody::Message(m) => m.text.as_deref(),
            EventBody::SystemMessage(m) => m.text.as_deref(),
            _ => None,
        }
    }
}

/// The type-specific part of an event.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum EventBody {
    /// `message`.
    Message(MessageEvent),
    /// `file`.
    File(FileEvent),
    /// `rich_message`.
    RichMessage(RichMessageEvent),
    /// `system_message`.
    SystemMessage(SystemMessageEvent),
    /// `filled_form`, `form`, `custom`, `system` and any type this library does not know, kept whole.
    Other {
        /// The `type` as sent.
        event_type: String,
        /// Every other field.
        fields: Extra,
    },
}

impl EventBody {
    /// The event type.
    pub fn event_type(&self) -> &str {
        match self {
            EventBody::Message(_) => "message",
            EventBody::File(_) => "file",
            EventBody::RichMessage(_) => "rich_message",
            EventBody::SystemMessage(_) => "system_message",
            EventBody::Other { event_type, .. } => event_type,
        }
    }
}

impl<'de> Deserialize<'de> for EventBody {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut map = Map::<String, Value>::deserialize(d)?;
        let tag = take_tag(&mut map)?;
        Ok(match tag.as_str() {
            "message" => EventBody::Message(variant(map)?),
            "file" => EventBody::File(variant(map)?),
            "rich_message" => EventBody::RichMessage(variant(map)?),
            "system_message" => EventBody::SystemMessage(variant(map)?),
            _ => EventBody::Other {
                event_type: tag,
                fields: map,
            },
        })
    }
}

impl Serialize for EventBody {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            EventBody::Message(v) => with_tag("message", v, s),
            EventBody::File(v) => with_tag("file", v, s),
            EventBody::RichMessage(v) => with_tag("rich_message", v, s),
            EventBody::SystemMessage(v) => with_tag("system_message", v, s),
            EventBody::Other { event_type, fields } => with_tag(event_type, fields, s),
        }
    }
}

/// A `message` event.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MessageEvent {
    /// The text (absent on deleted-event placeholders).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Postback of a rich message button, when the message answers one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postback: Option<Value>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A `file` event.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileEvent {
    /// File URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// File name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// MIME type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Size in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Image width.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Image height.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Thumbnail URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail_url: Option<String>,
    /// Alternative text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative_text: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A `rich_message` event.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RichMessageEvent {
    /// `cards`, `sticker`, `quick_replies` or `ecommerce`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_id: Option<String>,
    /// Elements (cards, buttons…), kept as JSON.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub elements: Vec<Value>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A `system_message` event.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SystemMessageEvent {
    /// E.g. `routing.archived_disconnected`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system_message_type: Option<String>,
    /// The rendered text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Variables of the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_vars: Option<Value>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
