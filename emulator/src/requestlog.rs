//! The log of API requests received, for tests to inspect what a client put on the wire.
//! It keeps the auth scheme but never the credential.

use crate::clock::{self, Ts};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, VecDeque};

/// How many entries are kept (oldest dropped first).
const CAPACITY: usize = 10_000;

/// Headers copied into the log.
pub(crate) const LOGGED_HEADERS: [&str; 4] = ["content-type", "x-region", "user-agent", "accept"];

/// The uploaded part of an `upload_file` request.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct UploadInfo {
    pub(crate) part: String,
    pub(crate) filename: Option<String>,
    pub(crate) content_type: Option<String>,
    pub(crate) size: usize,
}

/// One received API request.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Entry {
    pub(crate) seq: u64,
    pub(crate) received_at: Ts,
    /// `agent` or `configuration`.
    pub(crate) api: &'static str,
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) version: String,
    pub(crate) action: String,
    pub(crate) headers: BTreeMap<String, String>,
    pub(crate) auth_scheme: Option<String>,
    /// The JSON body (or the raw text when it was not JSON).
    pub(crate) body: Option<Value>,
    pub(crate) upload: Option<UploadInfo>,
    /// The status answered, `None` until answered or when the connection was dropped.
    pub(crate) status: Option<u16>,
    pub(crate) dropped: bool,
}

/// The bounded log.
#[derive(Debug, Default)]
pub(crate) struct RequestLog {
    entries: VecDeque<Entry>,
    next_seq: u64,
}

impl RequestLog {
    /// Appends an entry and returns its sequence number.
    pub(crate) fn push(&mut self, mut entry: Entry) -> u64 {
        self.next_seq += 1;
        entry.seq = self.next_seq;
        entry.received_at = clock::now();
        if self.entries.len() == CAPACITY {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
        self.next_seq
    }

    /// Records how request `seq` ended.
    pub(crate) fn finish(&mut self, seq: u64, status: Option<u16>) {
        if let Some(entry) = self.entries.iter_mut().rev().find(|e| e.seq == seq) {
            entry.status = status;
            entry.dropped = status.is_none();
        }
    }

    /// Every kept entry, oldest first.
    pub(crate) fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter()
    }

    /// Empties the log (sequence numbers keep growing).
    pub(crate) fn clear(&mut self) {
        self.entries.clear();
    }
}
