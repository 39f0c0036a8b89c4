//! `tracing`: one `livechat.call` span per call (surface, action, version; attempts and status
//! recorded at the end), retries as events inside it, and no token in any field.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use support::{MockServer, Reply};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

type Fields = BTreeMap<String, String>;

#[derive(Default)]
struct Seen {
    /// Every span, by id: its name and fields.
    spans: Vec<(u64, String, Fields)>,
    /// Every event: the name of the span it was in, and its fields.
    events: Vec<(Option<String>, Fields)>,
}

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Seen>>);

struct Collect<'a>(&'a mut Fields);

impl Visit for Collect<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _ctx: Context<'_, S>) {
        let mut fields = Fields::new();
        attrs.record(&mut Collect(&mut fields));
        let name = attrs.metadata().name().to_owned();
        self.0
            .lock()
            .unwrap()
            .spans
            .push((id.into_u64(), name, fields));
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, _ctx: Context<'_, S>) {
        let mut seen = self.0.lock().unwrap();
        if let Some((_, _, fields)) = seen.spans.iter_mut().find(|s| s.0 == id.into_u64()) {
            values.record(&mut Collect(fields));
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut fields = Fields::new();
        event.record(&mut Collect(&mut fields));
        let span = ctx.event_span(event).map(|s| s.name().to_owned());
        self.0.lock().unwrap().events.push((span, fields));
    }
}

#[tokio::test]
async fn a_call_with_one_retry_is_one_span_with_two_attempts_and_one_retry_event() {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::registry().with(capture.clone());
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    server.reply([
        Reply::error(503, "service_unavailable", "try later"),
        Reply::json(
            200,
            serde_json::json!({"chats_summary": [], "found_chats": 0}),
        ),
    ]);
    server.client("3.6").list_chats().json().await.unwrap();

    let seen = capture.0.lock().unwrap();
    let calls: Vec<&Fields> = seen
        .spans
        .iter()
        .filter(|(_, name, _)| name == "livechat.call")
        .map(|(_, _, fields)| fields)
        .collect();
    assert_eq!(calls.len(), 1, "{:?}", seen.spans);
    let call = calls[0];
    assert_eq!(call["surface"], "agent");
    assert_eq!(call["action"], "list_chats");
    assert_eq!(call["version"], "3.6");
    assert_eq!(call["attempts"], "2");
    assert_eq!(call["status"], "ok");
    let retries: Vec<_> = seen
        .events
        .iter()
        .filter(|(_, f)| f.get("message").map(String::as_str) == Some("retrying"))
        .collect();
    assert_eq!(retries.len(), 1, "{:?}", seen.events);
    assert_eq!(retries[0].0.as_deref(), Some("livechat.call"));
    // No token, in a span or an event.
    let everything = format!("{:?} {:?}", seen.spans, seen.events);
    assert!(!everything.contains("test-token"), "{everything}");
}

#[tokio::test]
async fn a_failed_call_records_its_error_kind_and_http_status() {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::registry().with(capture.clone());
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    server.reply([Reply::error(404, "not_found", "Chat not found")]);
    server
        .client("3.6")
        .get_chat("C1")
        .json()
        .await
        .unwrap_err();

    let seen = capture.0.lock().unwrap();
    let (_, _, call) = seen
        .spans
        .iter()
        .find(|(_, name, _)| name == "livechat.call")
        .unwrap();
    assert_eq!(call["attempts"], "1");
    assert_eq!(call["status"], "api");
    assert_eq!(call["http_status"], "404");
}
