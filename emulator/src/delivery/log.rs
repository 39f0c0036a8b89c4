//! The delivery log (`GET /__emulator/webhooks/deliveries`): one entry per envelope sent to
//! one URL, with every attempt's outcome. Bounded: the oldest finished entries go first.

use crate::clock::{self, Ts};
use serde::Serialize;
use serde_json::Value;
use std::collections::VecDeque;

/// At most this many entries are kept.
const CAPACITY: usize = 1000;

/// Where a delivery stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Status {
    Pending,
    Delivered,
    Failed,
}

/// One delivery. `payload` is the envelope's payload (the envelope's `secret_key` is never
/// logged).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Entry {
    pub(crate) id: u64,
    pub(crate) webhook_id: String,
    pub(crate) url: String,
    pub(crate) action: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) chat_id: Option<String>,
    pub(crate) attempts: u32,
    /// Per attempt: the HTTP status code, or a short error (`"timeout"`, `"connect error"`).
    pub(crate) statuses: Vec<Value>,
    pub(crate) status: Status,
    #[serde(serialize_with = "rfc3339")]
    pub(crate) queued_at: Ts,
    #[serde(serialize_with = "rfc3339_opt")]
    pub(crate) first_attempt_at: Option<Ts>,
    #[serde(serialize_with = "rfc3339_opt")]
    pub(crate) last_attempt_at: Option<Ts>,
    pub(crate) payload: Value,
}

fn rfc3339<S: serde::Serializer>(ts: &Ts, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&ts.to_rfc3339())
}

// serde's `serialize_with` hands over a reference to the field.
#[allow(clippy::ref_option)]
fn rfc3339_opt<S: serde::Serializer>(ts: &Option<Ts>, s: S) -> Result<S::Ok, S::Error> {
    match ts {
        Some(ts) => s.serialize_str(&ts.to_rfc3339()),
        None => s.serialize_none(),
    }
}

/// The entries, oldest first.
#[derive(Debug, Default)]
pub(crate) struct DeliveryLog {
    entries: VecDeque<Entry>,
    next_id: u64,
}

impl DeliveryLog {
    /// Adds a pending entry; returns its id.
    pub(crate) fn queued(
        &mut self,
        webhook_id: &str,
        url: &str,
        action: &str,
        chat_id: Option<&str>,
        payload: Value,
    ) -> u64 {
        self.next_id += 1;
        if self.entries.len() >= CAPACITY {
            let finished = self
                .entries
                .iter()
                .position(|e| e.status != Status::Pending);
            self.entries.remove(finished.unwrap_or(0));
        }
        self.entries.push_back(Entry {
            id: self.next_id,
            webhook_id: webhook_id.to_string(),
            url: url.to_string(),
            action: action.to_string(),
            chat_id: chat_id.map(str::to_string),
            attempts: 0,
            statuses: Vec::new(),
            status: Status::Pending,
            queued_at: clock::now(),
            first_attempt_at: None,
            last_attempt_at: None,
            payload,
        });
        self.next_id
    }

    /// Records one attempt's outcome; `done` settles the entry as delivered or failed.
    pub(crate) fn attempted(&mut self, id: u64, outcome: Value, done: Option<Status>) {
        let Some(entry) = self.entries.iter_mut().find(|e| e.id == id) else {
            return;
        };
        let now = clock::now();
        entry.attempts += 1;
        entry.statuses.push(outcome);
        entry.first_attempt_at.get_or_insert(now);
        entry.last_attempt_at = Some(now);
        if let Some(done) = done {
            entry.status = done;
        }
    }

    /// Whether some delivery is still pending.
    pub(crate) fn any_pending(&self) -> bool {
        self.entries.iter().any(|e| e.status == Status::Pending)
    }

    /// Every entry, oldest first.
    pub(crate) fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter()
    }

    /// Forgets every entry (pending deliveries still run; their outcomes are not logged).
    pub(crate) fn clear(&mut self) {
        self.entries.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_settle_and_stay_bounded() {
        let mut log = DeliveryLog::default();
        let id = log.queued("w", "http://x/", "incoming_chat", Some("C"), Value::Null);
        assert!(log.any_pending());
        log.attempted(id, Value::from(500), None);
        log.attempted(id, Value::from(200), Some(Status::Delivered));
        assert!(!log.any_pending());
        let first = log.entries().next().map(|e| (e.attempts, e.status));
        assert_eq!(first, Some((2, Status::Delivered)));
        for _ in 0..CAPACITY {
            log.queued("w", "http://x/", "incoming_event", None, Value::Null);
        }
        assert_eq!(log.entries().count(), CAPACITY);
        // The settled entry went first; every pending one is kept.
        assert!(log.entries().all(|e| e.status == Status::Pending));
    }
}
