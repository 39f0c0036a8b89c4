//! Paging through list methods with `page_id`: filters go on the first request only (the API
//! rejects them together with `page_id`); the end is the first page without `next_page_id`.

use bytes::Bytes;
use serde_json::{Map, Value};

use crate::client::{Client, decode_json};
use crate::error::{Error, ErrorKind, Result};
use crate::methods;
use crate::options::CallOptions;

/// Walks the pages of a list method, by name and as JSON. Used by the typed streams
/// ([`Call::pages`](crate::Call::pages)) and by the bindings.
///
/// ```no_run
/// # async fn demo(agent: livechat::AgentWeb) -> Result<(), livechat::Error> {
/// use livechat::{CallOptions, Pager};
/// use serde_json::json;
///
/// let filters = json!({"limit": 50}).as_object().cloned().unwrap_or_default();
/// let mut pager = Pager::new(&agent, "list_chats", filters, CallOptions::new());
/// while let Some(page) = pager.next_page().await? {
///     println!("{}", page["chats_summary"]);
/// }
/// # Ok(()) }
/// ```
pub struct Pager {
    client: Client,
    method: String,
    first_args: Map<String, Value>,
    options: CallOptions,
    state: State,
    /// Every page id received so far: a server that hands out one twice would loop forever.
    seen: std::collections::HashSet<String>,
}

enum State {
    First,
    Next(String),
    Done,
}

impl Pager {
    /// A pager over `method`, a paginated method of the client's table (list_chats,
    /// list_threads, list_archives, list_customers; the Configuration API's list_greetings),
    /// starting with `args`.
    pub fn new(
        client: &Client,
        method: &str,
        args: Map<String, Value>,
        options: CallOptions,
    ) -> Pager {
        Pager {
            client: client.clone(),
            method: method.to_owned(),
            first_args: args,
            options,
            state: State::First,
            seen: std::collections::HashSet::new(),
        }
    }

    pub(crate) fn finished(mut self) -> Pager {
        self.state = State::Done;
        self
    }

    /// The next page as JSON, or `None` after the last one.
    pub async fn next_page(&mut self) -> Result<Option<Value>> {
        match self.next_page_bytes().await? {
            Some(b) => decode_json(&b, &self.method).map(Some),
            None => Ok(None),
        }
    }

    /// The next page as the body received, or `None` after the last one.
    pub async fn next_page_bytes(&mut self) -> Result<Option<Bytes>> {
        let version = self.client.version();
        let spec = self.client.session.resolve(&self.method)?;
        if !spec.is_paginated() {
            self.state = State::Done;
            return Err(Error::invalid_argument(format!(
                "{} is not a paginated method",
                spec.name
            )));
        }
        let args = match &self.state {
            State::Done => return Ok(None),
            State::First => self.first_args.clone(),
            State::Next(page_id) => {
                methods::next_page_args(spec, version, &self.first_args, page_id)
            }
        };
        let result = self
            .client
            .call_method_bytes(&self.method, args, self.options)
            .await;
        let bytes = match result {
            Ok(b) => b,
            Err(e) => {
                self.state = State::Done;
                return Err(e);
            }
        };
        self.state = State::Done;
        let page = decode_json(&bytes, &self.method)?;
        let Some(page) = page.as_object() else {
            return Err(Error::new(
                ErrorKind::Decode,
                format!("a page of {} is not a JSON object", self.method),
            ));
        };
        match page.get("next_page_id") {
            None | Some(Value::Null) => {}
            Some(Value::String(next)) if next.is_empty() => {}
            Some(Value::String(next)) => {
                if !self.seen.insert(next.clone()) {
                    return Err(Error::new(
                        ErrorKind::Decode,
                        format!(
                            "the server repeated next_page_id {next:?} of {}; stopping instead \
                             of looping over the same pages",
                            self.method
                        ),
                    ));
                }
                self.state = State::Next(next.clone());
            }
            Some(other) => {
                return Err(Error::new(
                    ErrorKind::Decode,
                    format!("next_page_id of {} is not a string: {other}", self.method),
                ));
            }
        }
        Ok(Some(bytes))
    }
}
