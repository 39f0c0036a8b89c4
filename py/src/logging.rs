//! `tracing` → Python `logging` (logger `livechat_client`). Tokio threads never take the GIL: events are
//! queued (bounded) and written to the logger on the loop thread when the bridge drains. The
//! queue only fills up to the logger's effective level, refreshed at each drain.

use std::collections::VecDeque;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use tracing::field::{Field, Visit};
use tracing::subscriber::Interest;
use tracing::{Event, Level, Metadata, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

/// Records kept when nobody drains; older ones are dropped and counted.
const CAPACITY: usize = 10_000;

/// 0 = off, 1 = error … 5 = trace.
static LEVEL: AtomicU8 = AtomicU8::new(0);
static DROPPED: AtomicU64 = AtomicU64::new(0);
static RECORDS: Mutex<VecDeque<(u8, String)>> = Mutex::new(VecDeque::new());
static LOGGER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn rank(level: &Level) -> u8 {
    match *level {
        Level::ERROR => 1,
        Level::WARN => 2,
        Level::INFO => 3,
        Level::DEBUG => 4,
        Level::TRACE => 5,
    }
}

/// Python logging level → rank (`logging.DEBUG` = 10 → debug, below 10 → trace).
fn rank_of_python_level(level: i64) -> u8 {
    match level {
        l if l <= 0 => 5,
        l if l < 10 => 5,
        l if l < 20 => 4,
        l if l < 30 => 3,
        l if l < 40 => 2,
        l if l < 60 => 1,
        _ => 0,
    }
}

fn python_level(rank: u8) -> i64 {
    match rank {
        1 => 40,
        2 => 30,
        3 => 20,
        4 => 10,
        _ => 5,
    }
}

struct Message(String);

impl Visit for Message {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.0, "{value:?}");
        } else {
            let _ = write!(self.0, " {}={value:?}", field.name());
        }
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.0.push_str(value);
        } else {
            let _ = write!(self.0, " {}={value}", field.name());
        }
    }
}

struct PyLogLayer;

impl<S: Subscriber> Layer<S> for PyLogLayer {
    fn register_callsite(&self, m: &'static Metadata<'static>) -> Interest {
        if m.target().starts_with("livechat") {
            // The level can change from Python at any time: decide per event.
            Interest::sometimes()
        } else {
            // Never forwarded (see `enabled`), and a target never changes: decided once per
            // callsite. Asking per event cost every h2/hyper trace point a subscriber call —
            // measured ~15 µs of CPU per call over HTTP/2, where h2 has many per frame.
            Interest::never()
        }
    }

    fn enabled(&self, metadata: &Metadata<'_>, _ctx: Context<'_, S>) -> bool {
        metadata.target().starts_with("livechat")
            && rank(metadata.level()) <= LEVEL.load(Ordering::Relaxed)
    }

    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let mut msg = Message(String::new());
        event.record(&mut msg);
        let mut records = RECORDS.lock().unwrap_or_else(|p| p.into_inner());
        if records.len() >= CAPACITY {
            records.pop_front();
            DROPPED.fetch_add(1, Ordering::Relaxed);
        }
        records.push_back((rank(event.metadata().level()), msg.0));
    }
}

/// Installs the layer as the process's `tracing` subscriber (once; a host subscriber wins).
pub(crate) fn install() {
    let subscriber = tracing_subscriber::registry().with(PyLogLayer);
    let _ = tracing::subscriber::set_global_default(subscriber);
}

/// Sets the level to collect at (a Python logging level number).
#[pyfunction]
pub(crate) fn set_log_level(level: i64) {
    LEVEL.store(rank_of_python_level(level), Ordering::Relaxed);
}

/// Writes queued records to the `livechat_client` logger and refreshes the level. Loop thread only.
pub(crate) fn flush(py: Python<'_>) {
    let Ok(logger) = LOGGER.get_or_try_init(py, || {
        py.import("logging")?
            .call_method1("getLogger", ("livechat_client",))
            .map(Bound::unbind)
    }) else {
        return;
    };
    let logger = logger.bind(py);
    if let Ok(level) = logger
        .call_method0("getEffectiveLevel")
        .and_then(|l| l.extract::<i64>())
    {
        set_log_level(level);
    }
    let records: Vec<(u8, String)> = {
        let mut q = RECORDS.lock().unwrap_or_else(|p| p.into_inner());
        q.drain(..).collect()
    };
    let dropped = DROPPED.swap(0, Ordering::Relaxed);
    if dropped > 0 {
        let _ = logger.call_method1(
            "warning",
            (
                "%d livechat log records were dropped (nobody drained them)",
                dropped,
            ),
        );
    }
    for (rank, text) in records {
        let _ = logger.call_method1("log", (python_level(rank), "%s", text));
    }
}

/// Flushes from Python (e.g. before a test inspects the log).
#[pyfunction]
pub(crate) fn flush_logs(py: Python<'_>) {
    flush(py);
}
