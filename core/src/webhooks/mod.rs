//! Webhooks: the JSON LiveChat POSTs to your URL when something happens. [`parse`] checks the
//! `secret_key` the body carries (in constant time), then returns the envelope with a payload typed
//! by its action, for every action the docs list for API 3.3–3.7. Nothing the platform adds later is
//! rejected: unknown actions are [`Payload::Other`], unknown fields are kept in `extra`.
//!
//! No web framework here: give `parse` the raw body bytes from yours, answer 200 at once and do the
//! work after (LiveChat waits about 10 s and retries a few times, so handlers must be idempotent).
//!
//! ```
//! use livechat::webhooks::{self, Payload};
//!
//! let body = br#"{"webhook_id":"w1","secret_key":"s3cret","action":"incoming_event",
//!   "organization_id":"o1","payload":{"chat_id":"C1","thread_id":"T1",
//!   "event":{"id":"E1","type":"message","text":"hi"}}}"#;
//! let webhook = webhooks::parse(body, "s3cret")?;
//! if let Payload::IncomingEvent(e) = &webhook.payload {
//!     assert_eq!(e.event.as_ref().and_then(|ev| ev.text()), Some("hi"));
//! }
//! # Ok::<(), livechat::Error>(())
//! ```

mod actions;
mod envelope;
mod payload;
mod secret;

pub use actions::*;
pub use envelope::{AdditionalData, Requester, Webhook};
pub use payload::{KNOWN_ACTIONS, Payload};

use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind, Result};

/// The largest body [`parse`] reads (1 MiB); larger ones are refused before parsing.
pub const MAX_WEBHOOK_BYTES: usize = 1 << 20;

/// Parses a webhook body after checking its `secret_key` against `secret_key` (the one you gave
/// `register_webhook`).
///
/// Errors: [`ErrorKind::WebhookSecret`] when the body has no `secret_key` or a different one;
/// [`ErrorKind::InvalidWebhook`] for a body over [`MAX_WEBHOOK_BYTES`], not UTF-8 JSON, not an
/// object, or without a string `action`; [`ErrorKind::InvalidArgument`] for an empty expected
/// `secret_key` (an empty secret would accept anyone's webhook).
pub fn parse(body: &[u8], secret_key: &str) -> Result<Webhook> {
    if secret_key.is_empty() {
        return Err(Error::invalid_argument(
            "secret_key is empty; pass the secret_key given to register_webhook",
        ));
    }
    let mut object = read_object(body)?;
    match object.remove("secret_key") {
        Some(Value::String(sent)) if secret::matches(sent.as_bytes(), secret_key.as_bytes()) => {}
        Some(Value::String(_)) => {
            return Err(Error::new(
                ErrorKind::WebhookSecret,
                "the webhook's secret_key does not match the expected one",
            ));
        }
        Some(_) | None => {
            return Err(Error::new(
                ErrorKind::WebhookSecret,
                "the webhook has no string secret_key; it cannot be verified",
            ));
        }
    }
    Webhook::from_object(object)
}

/// The body as a JSON object, or the reason it is not one.
fn read_object(body: &[u8]) -> Result<Map<String, Value>> {
    if body.len() > MAX_WEBHOOK_BYTES {
        return Err(invalid(format!(
            "the body is {} bytes, over the {MAX_WEBHOOK_BYTES}-byte limit",
            body.len()
        )));
    }
    crate::pipeline::wire_json::check(body)
        .map_err(|why| invalid(format!("the body is not usable JSON: {why}")))?;
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(other) => Err(invalid(format!(
            "the body is a JSON {}, not an object",
            json_type(&other)
        ))),
        Err(e) => Err(invalid(format!("the body is not JSON: {e}"))),
    }
}

fn invalid(message: String) -> Error {
    Error::new(ErrorKind::InvalidWebhook, message)
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests;
