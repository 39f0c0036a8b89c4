//! Injected faults: the next `count` requests of an action get a chosen status/body/headers,
//! a delay, or a dropped connection — before or after the action really runs.

use crate::errors::{ErrorKind, error_body, json_response};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// When a fault takes effect.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Apply {
    /// Instead of performing the action.
    #[default]
    Before,
    /// After performing the action for real (its effects stay).
    After,
}

/// One fault, as posted to `POST /__emulator/faults`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Fault {
    /// The action name, or `*` for every action.
    pub(crate) action: String,
    /// `agent` or `configuration`: only requests of that API (default: both; `ban_customer`
    /// is a name in both).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) api: Option<String>,
    /// How many requests it still applies to.
    #[serde(default = "one")]
    pub(crate) count: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) status: Option<u16>,
    /// The `error` object of the answer (`{"type","message","data"?}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) error: Option<Value>,
    /// A raw body sent verbatim instead of an error object (e.g. non-JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) body: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) headers: BTreeMap<String, String>,
    #[serde(default)]
    pub(crate) delay_ms: u64,
    /// Close the connection without any answer.
    #[serde(default)]
    pub(crate) drop: bool,
    #[serde(default)]
    pub(crate) apply: Apply,
}

fn one() -> u32 {
    1
}

impl Fault {
    /// Checks a posted fault.
    pub(crate) fn validate(&self) -> Result<(), String> {
        if self.action.is_empty() {
            return Err("action must name an action or be \"*\"".into());
        }
        if self.count == 0 {
            return Err("count must be at least 1".into());
        }
        if let Some(api) = &self.api {
            if !matches!(api.as_str(), "agent" | "configuration") {
                return Err(format!("api must be agent or configuration, not {api}"));
            }
        }
        if let Some(status) = self.status {
            if StatusCode::from_u16(status).is_err() || status < 200 {
                return Err(format!("status {status} is not a valid final HTTP status"));
            }
        }
        if let Some(error) = &self.error {
            let ok = error.get("type").is_some_and(Value::is_string)
                && error.get("message").is_some_and(Value::is_string);
            if !ok {
                return Err("error must be an object with string type and message".into());
            }
        }
        let rate_limited = self.status == Some(429)
            || self
                .error
                .as_ref()
                .and_then(|e| e.get("type"))
                .and_then(Value::as_str)
                == Some("too_many_requests");
        if rate_limited && self.apply == Apply::After {
            // The API rate-limits before processing: a 429 after the work was done does not
            // happen, and clients rightly retry writes after a 429.
            return Err(
                "a 429/too_many_requests fault cannot apply \"after\": rate limiting happens \
                 before the action is performed"
                    .into(),
            );
        }
        for (name, value) in &self.headers {
            if HeaderName::try_from(name.as_str()).is_err()
                || HeaderValue::try_from(value.as_str()).is_err()
            {
                return Err(format!("invalid header {name}"));
            }
        }
        Ok(())
    }

    /// Whether the fault replaces the answer (otherwise it only delays or drops).
    pub(crate) fn answers(&self) -> bool {
        self.status.is_some() || self.error.is_some() || self.body.is_some()
    }

    /// The answer this fault gives, when [`Fault::answers`].
    pub(crate) fn response(&self) -> Response {
        let error_kind = self
            .error
            .as_ref()
            .and_then(|e| e.get("type"))
            .and_then(Value::as_str)
            .and_then(ErrorKind::from_name);
        let status = self
            .status
            .and_then(|s| StatusCode::from_u16(s).ok())
            .or(error_kind.map(ErrorKind::status))
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = if let Some(body) = &self.body {
            let mut r = (status, body.clone()).into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            r
        } else {
            let body = match &self.error {
                Some(error) => serde_json::json!({ "error": error }),
                None => {
                    let kind =
                        ErrorKind::from_status(status.as_u16()).unwrap_or(ErrorKind::Internal);
                    error_body(kind.as_str(), kind.default_message(), None)
                }
            };
            json_response(status, &body)
        };
        for (name, value) in &self.headers {
            if let (Ok(name), Ok(value)) = (
                HeaderName::try_from(name.as_str()),
                HeaderValue::try_from(value.as_str()),
            ) {
                response.headers_mut().insert(name, value);
            }
        }
        response
    }
}

/// Reads one fault object or an array of them, checking every one (all or nothing).
pub(crate) fn parse_faults(value: Value) -> Result<Vec<Fault>, String> {
    let faults: Vec<Fault> = match value {
        Value::Array(items) => items
            .into_iter()
            .map(|v| serde_json::from_value(v).map_err(|e| e.to_string()))
            .collect::<Result<_, _>>()?,
        value => vec![serde_json::from_value(value).map_err(|e| e.to_string())?],
    };
    faults.iter().try_for_each(Fault::validate)?;
    Ok(faults)
}

/// The queue of pending faults.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    pending: Vec<Fault>,
}

impl Faults {
    /// Queues a fault (after the ones already pending).
    pub(crate) fn add(&mut self, fault: Fault) {
        self.pending.push(fault);
    }

    /// Consumes one use of the first fault matching `action` of `api`.
    pub(crate) fn take(&mut self, action: &str, api: &str) -> Option<Fault> {
        let index = self.pending.iter().position(|f| {
            (f.action == "*" || f.action == action) && f.api.as_deref().is_none_or(|a| a == api)
        })?;
        let fault = &mut self.pending[index];
        fault.count -= 1;
        let taken = fault.clone();
        if fault.count == 0 {
            self.pending.remove(index);
        }
        Some(taken)
    }

    /// The pending faults with their remaining counts.
    pub(crate) fn list(&self) -> &[Fault] {
        &self.pending
    }

    /// Removes every fault.
    pub(crate) fn clear(&mut self) {
        self.pending.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fault(json: &str) -> Fault {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn faults_are_consumed_in_order() {
        let mut faults = Faults::default();
        faults.add(fault(
            r#"{"action": "send_event", "count": 2, "status": 503}"#,
        ));
        faults.add(fault(r#"{"action": "*", "status": 500}"#));
        assert_eq!(
            faults.take("list_chats", "agent").unwrap().status,
            Some(500)
        );
        assert_eq!(
            faults.take("send_event", "agent").unwrap().status,
            Some(503)
        );
        assert_eq!(
            faults.take("send_event", "agent").unwrap().status,
            Some(503)
        );
        assert!(faults.take("send_event", "agent").is_none());
    }

    #[test]
    fn faults_may_name_their_api() {
        let mut faults = Faults::default();
        let f = fault(r#"{"action": "ban_customer", "api": "configuration", "status": 500}"#);
        f.validate().unwrap();
        faults.add(f);
        assert!(faults.take("ban_customer", "agent").is_none());
        assert!(faults.take("ban_customer", "configuration").is_some());
        assert!(
            fault(r#"{"action": "x", "api": "customer"}"#)
                .validate()
                .is_err()
        );
    }

    #[test]
    fn status_only_faults_get_a_matching_error_body() {
        let f = fault(r#"{"action": "x", "status": 429, "headers": {"Retry-After": "1"}}"#);
        f.validate().unwrap();
        let r = f.response();
        assert_eq!(r.status(), 429);
        assert_eq!(r.headers()["retry-after"], "1");
        assert!(
            fault(r#"{"action": "x", "status": 99}"#)
                .validate()
                .is_err()
        );
        assert!(
            fault(r#"{"action": "x", "error": {"type": 1}}"#)
                .validate()
                .is_err()
        );
    }

    #[test]
    fn a_rate_limit_after_the_work_is_refused() {
        for bad in [
            r#"{"action": "x", "status": 429, "apply": "after"}"#,
            r#"{"action": "x", "error": {"type": "too_many_requests", "message": "m"}, "apply": "after"}"#,
        ] {
            let err = fault(bad).validate().unwrap_err();
            assert!(err.contains("before"), "{err}");
        }
        fault(r#"{"action": "x", "status": 429}"#)
            .validate()
            .unwrap();
        fault(r#"{"action": "x", "status": 503, "apply": "after"}"#)
            .validate()
            .unwrap();
    }
}
