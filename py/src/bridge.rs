//! The completion bridge between tokio and one asyncio event loop (design §6).
//!
//! Tokio tasks never take the GIL: a finished call pushes `(id, result)` into the core's
//! [`CompletionQueue`] (the one the C library's `LcQueue` uses), whose descriptor the loop watches
//! with `loop.add_reader`. On the loop thread, `drain` resolves every waiting
//! future of the batch, converting results to Python objects there. Token requests of calls whose
//! client has a token getter travel the same way, so the getter runs on the loop thread in the
//! caller's context; a token request nobody waits for any more (its calls were cancelled or timed
//! out) comes back as `TokenCancelled`, which cancels the getter's task. Nothing here holds a
//! Python object on a tokio thread, which is what makes interpreter exit with calls in flight
//! safe.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use bytes::Bytes;
use livechat::completion_queue::CompletionQueue;
use livechat::{Error, ErrorKind, Token};
use pyo3::exceptions::{PyException, PyRuntimeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::pyclass::{PyTraverseError, PyVisit};
use pyo3::sync::PyOnceLock;
use serde_json::Value;
use tokio::sync::oneshot;
use tokio::task::AbortHandle;

use crate::busy_poll::BusyPoll;

/// A successful body: parsed on the tokio thread when it is plain JSON (the loop thread then
/// only builds the Python objects), else left for `json.loads` on the loop thread.
pub(crate) enum Body {
    /// Parsed.
    Parsed(Value),
    /// Not parsed: serde_json refused something `json.loads` may accept (a lone surrogate
    /// escape, `NaN`, nesting deeper than 128).
    Raw(Bytes),
}

impl Body {
    fn parse(raw: Bytes) -> Body {
        match serde_json::from_slice(&raw) {
            Ok(v) => Body::Parsed(v),
            Err(_) => Body::Raw(raw),
        }
    }
}

/// The work of one call, boxed.
pub(crate) type Work =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<Bytes, Error>> + Send + 'static>>;

/// What a tokio task hands to the loop.
pub(crate) enum Completion {
    /// A call finished.
    Done {
        id: u64,
        result: Result<Body, Error>,
    },
    /// A call needs a token from the Python getter.
    Token {
        /// The call whose task asked first (several calls may share the answer).
        call: u64,
        /// The client's getter (`NativeClient.getter_key`).
        client: u64,
        /// This request, for `complete_token` and `TokenCancelled`.
        request: u64,
        refresh: bool,
        reply: oneshot::Sender<Result<Token, Error>>,
    },
    /// Nobody waits for the answer to `request` any more: its getter may stop.
    TokenCancelled { request: u64 },
}

/// The loop's completion queue and the token request counter; shared with tokio tasks (no
/// Python objects inside).
pub(crate) struct Queue {
    completions: CompletionQueue<Completion>,
    /// The next token request id.
    next_token: AtomicU64,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding these locks cannot leave the data inconsistent (plain inserts and
    // removes), so a poisoned lock is still usable.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Queue {
    fn new() -> std::io::Result<Queue> {
        Ok(Queue {
            completions: CompletionQueue::new()?,
            next_token: AtomicU64::new(1),
        })
    }

    /// Adds a completion; the loop's descriptor becomes readable if it was not.
    pub(crate) fn push(&self, c: Completion) {
        self.completions.push(c);
    }
}

tokio::task_local! {
    /// The call being run, for the token provider.
    pub(crate) static CALL: CallCtx;
}

/// Which call a tokio task is running, and where to send its token requests.
#[derive(Clone)]
pub(crate) struct CallCtx {
    pub(crate) queue: Arc<Queue>,
    pub(crate) id: u64,
}

/// Hashes the bridge's own sequential call ids: they need no protection against collisions.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        // Spread sequential ids over the table's buckets (Fibonacci hashing).
        self.0 = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// A call in flight: the future to resolve and the task to abort on cancel.
struct Pending {
    fut: Py<PyAny>,
    task: AbortHandle,
    /// When the call was submitted: its latency feeds the busy-poll estimate.
    started: Instant,
}

/// One bridge per event loop. Created by `livechat_client._bridge` and registered with
/// `loop.add_reader(bridge.fileno(), bridge.drain)`.
#[pyclass(frozen, module = "livechat_client._native")]
pub struct Bridge {
    pub(crate) queue: Arc<Queue>,
    next_id: AtomicU64,
    calls: Mutex<IdMap<Pending>>,
    tokens: Mutex<IdMap<oneshot::Sender<Result<Token, Error>>>>,
    error_factory: Py<PyAny>,
    on_token: Py<PyAny>,
    on_token_cancelled: Py<PyAny>,
    busy_poll: BusyPoll,
}

static JSON_LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

impl Bridge {
    /// Registers `fut` and runs `work` on the shared runtime; the result resolves `fut` on the
    /// loop thread. Returns the call id (for `cancel` and token requests). `work` comes boxed: a
    /// request's future is a few KB, and every move of an unboxed one would copy all of it.
    pub(crate) fn submit(&self, fut: Py<PyAny>, work: Work) -> PyResult<u64> {
        let handle = livechat::runtime::handle().map_err(crate::errors::to_py_runtime_error)?;
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let queue = self.queue.clone();
        let ctx = CallCtx {
            queue: queue.clone(),
            id,
        };
        let task = handle.spawn(CALL.scope(ctx, async move {
            use futures_util::FutureExt;
            let result = std::panic::AssertUnwindSafe(work)
                .catch_unwind()
                .await
                .unwrap_or_else(|_| {
                    Err(Error::new(
                        ErrorKind::Internal,
                        "a bug in livechat: the call panicked",
                    ))
                })
                .map(Body::parse);
            queue.push(Completion::Done { id, result });
        }));
        // The task cannot complete into `drain` before this: drain runs on this (the loop's)
        // thread.
        let task = task.abort_handle();
        let started = Instant::now();
        self.busy_poll.submitted(started);
        lock(&self.calls).insert(id, Pending { fut, task, started });
        Ok(id)
    }
}

#[pymethods]
impl Bridge {
    /// `error_factory(error_json: str) -> Exception`;
    /// `on_token(call_id, getter_key, request_id, refresh)` starts the getter for a token
    /// request, answered later by `complete_token`; `on_token_cancelled(request_id)` says nobody
    /// waits for that answer any more.
    #[new]
    fn new(
        error_factory: Py<PyAny>,
        on_token: Py<PyAny>,
        on_token_cancelled: Py<PyAny>,
    ) -> PyResult<Self> {
        let queue = Queue::new().map_err(|e| {
            PyRuntimeError::new_err(format!("cannot create the wake-up socket: {e}"))
        })?;
        Ok(Bridge {
            queue: Arc::new(queue),
            next_id: AtomicU64::new(1),
            calls: Mutex::new(IdMap::default()),
            tokens: Mutex::new(IdMap::default()),
            error_factory,
            on_token,
            on_token_cancelled,
            busy_poll: BusyPoll::default(),
        })
    }

    /// The file descriptor the event loop watches.
    fn fileno(&self) -> i32 {
        self.queue.completions.fd()
    }

    /// Number of calls waiting for a result.
    fn pending(&self) -> usize {
        lock(&self.calls).len()
    }

    /// How long (seconds) a loop about to sleep should rather spin for results (0: not at all);
    /// see `BusyPoll::window`.
    fn busy_poll_window(&self, budget: f64) -> f64 {
        self.busy_poll.window(budget, lock(&self.calls).len())
    }

    /// Spins with the GIL released until results wait to be drained or `seconds` have passed
    /// (at most 10 ms); returns whether results wait.
    fn spin(&self, py: Python<'_>, seconds: f64) -> bool {
        let queue = &self.queue.completions;
        if queue.is_ready() {
            return true;
        }
        py.detach(|| self.busy_poll.spin(|| queue.is_ready(), seconds))
    }

    /// `(mean call latency in seconds or None, spin windows granted, spins that found results)`.
    fn busy_poll_stats(&self) -> (Option<f64>, u64, u64) {
        self.busy_poll.stats()
    }

    /// Resolves every finished call and forwards token requests. Runs on the loop thread. An
    /// exception of a hook (a `KeyboardInterrupt` or `SystemExit` from a token getter) does not
    /// lose the rest of the batch: the batch is finished, then the first one is raised.
    fn drain(&self, py: Python<'_>) -> PyResult<()> {
        crate::logging::flush(py);
        let mut raised: Option<PyErr> = None;
        for item in self.queue.completions.take_all() {
            let outcome = match item {
                Completion::Done { id, result } => {
                    let Some(Pending { fut, started, .. }) = lock(&self.calls).remove(&id) else {
                        continue; // cancelled meanwhile
                    };
                    self.busy_poll.record(started.elapsed());
                    self.resolve(py, fut.bind(py), result)
                }
                Completion::Token {
                    call,
                    client,
                    request,
                    refresh,
                    reply,
                } => {
                    lock(&self.tokens).insert(request, reply);
                    let started = self
                        .on_token
                        .bind(py)
                        .call1((call, client, request, refresh));
                    if let Err(err) = &started {
                        // The hook answers every failure of the getter it can; what reaches here
                        // (a KeyboardInterrupt, SystemExit, or a bug) is answered now, so the
                        // call does not wait for an answer that never comes.
                        let name = err
                            .get_type(py)
                            .name()
                            .map(|n| n.to_string())
                            .unwrap_or_else(|_| "an exception".to_owned());
                        self.answer_token(
                            request,
                            Err(Error::new(
                                ErrorKind::Token,
                                format!("the token getter raised {name}"),
                            )),
                        );
                    }
                    started.map(drop)
                }
                Completion::TokenCancelled { request } => {
                    // Still unanswered: the getter runs in a task the hook cancels.
                    if lock(&self.tokens).remove(&request).is_some() {
                        self.on_token_cancelled.bind(py).call1((request,)).map(drop)
                    } else {
                        Ok(())
                    }
                }
            };
            if let Err(err) = outcome {
                raised.get_or_insert(err);
            }
        }
        raised.map_or(Ok(()), Err)
    }

    /// Answers a token request: `token` ("Bearer …", "Basic …" or bare) or an error message.
    #[pyo3(signature = (request_id, token=None, error=None))]
    fn complete_token(&self, request_id: u64, token: Option<&str>, error: Option<String>) {
        let answer = match (token, error) {
            (Some(t), None) => Ok(Token::parse(t)),
            (_, Some(msg)) => Err(Error::new(
                ErrorKind::Token,
                format!("the token getter failed: {msg}"),
            )),
            (None, None) => Err(Error::new(
                ErrorKind::Token,
                "the token getter returned None",
            )),
        };
        self.answer_token(request_id, answer);
    }

    /// Stops a call: its request is dropped (the server sees the connection close) and its
    /// future is forgotten. Idempotent.
    fn cancel(&self, id: u64) {
        let pending = lock(&self.calls).remove(&id);
        if let Some(Pending { task, .. }) = pending {
            task.abort();
        }
    }

    /// Lets Python's cycle collector see the futures of calls in flight: each holds this bridge
    /// back (`CallFuture._lc_bridge`), so a loop closed with calls in flight would otherwise
    /// leave bridge, futures, tasks and the wake-up socket alive for good.
    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        visit.call(&self.error_factory)?;
        visit.call(&self.on_token)?;
        visit.call(&self.on_token_cancelled)?;
        // Not `lock`: the collector can run inside this thread's own critical section (an
        // allocation in `submit`); skipping the futures then only delays the collection.
        if let Ok(calls) = self.calls.try_lock() {
            for pending in calls.values() {
                visit.call(&pending.fut)?;
            }
        }
        Ok(())
    }

    /// Breaks the cycle: stops every call and lets go of its future.
    fn __clear__(&self) {
        self.stop_all();
    }
}

impl Drop for Bridge {
    /// A bridge that goes away (its loop is gone) stops its calls: nobody could receive the
    /// results, and their requests would hold connections until they time out.
    fn drop(&mut self) {
        self.stop_all();
    }
}

impl Bridge {
    /// Sends the answer of a token request, unless nobody waits for it any more (its calls were
    /// cancelled or timed out meanwhile).
    fn answer_token(&self, request: u64, answer: Result<Token, Error>) {
        if let Some(tx) = lock(&self.tokens).remove(&request) {
            let _ = tx.send(answer);
        }
    }

    /// Stops every call of this bridge and forgets their futures and token requests.
    fn stop_all(&self) {
        let calls = std::mem::take(&mut *lock(&self.calls));
        for (_, Pending { task, .. }) in calls {
            task.abort();
        }
        lock(&self.tokens).clear();
    }

    /// Sets the result or exception of one call's future (unless it is already done).
    fn resolve(
        &self,
        py: Python<'_>,
        fut: &Bound<'_, PyAny>,
        result: Result<Body, Error>,
    ) -> PyResult<()> {
        if fut.call_method0(intern!(py, "done"))?.is_truthy()? {
            return Ok(());
        }
        let mut interrupted = None;
        let outcome = match result {
            Ok(body) => match body_to_py(py, body) {
                Ok(obj) => fut.call_method1(intern!(py, "set_result"), (obj,)),
                // Whatever stops a successful body from becoming Python objects (bytes that are
                // not UTF-8, nesting too deep for `json.loads`) is the answer's fault: a
                // DecodeError like any other unreadable answer. A KeyboardInterrupt arriving
                // meanwhile still fails the call, then goes on to the loop.
                Err(err) => {
                    let message = decode_message(py, &err);
                    if !err.is_instance_of::<PyException>(py) {
                        interrupted = Some(err);
                    }
                    self.fail(py, fut, Error::new(ErrorKind::Decode, message))
                }
            },
            Err(e) => self.fail(py, fut, e),
        };
        if let Err(err) = outcome {
            let _ = fut.call_method1(intern!(py, "set_exception"), (err.value(py),));
        }
        interrupted.map_or(Ok(()), Err)
    }

    /// Fails `fut` with the exception of `e`.
    fn fail<'py>(
        &self,
        py: Python<'py>,
        fut: &Bound<'py, PyAny>,
        e: Error,
    ) -> PyResult<Bound<'py, PyAny>> {
        let exc = self.error_factory.bind(py).call1((e.to_json(),))?;
        fut.call_method1(intern!(py, "set_exception"), (exc,))
    }
}

/// The message of a DecodeError for a body Python could not read: the exception's type and
/// message (positions and reasons, never the body itself).
fn decode_message(py: Python<'_>, err: &PyErr) -> String {
    let name = err
        .get_type(py)
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "an exception".to_owned());
    let detail = err
        .value(py)
        .str()
        .map(|s| s.to_string())
        .unwrap_or_default();
    let detail: String = detail.chars().take(200).collect();
    format!("the response body is not readable JSON ({name}: {detail})")
}

/// A response body as Python objects: built from the parsed value, or by `json.loads` from the
/// body as strict UTF-8.
fn body_to_py(py: Python<'_>, body: Body) -> PyResult<Bound<'_, PyAny>> {
    let raw = match body {
        Body::Parsed(value) => return crate::convert::to_py(py, &value),
        Body::Raw(raw) => raw,
    };
    let text = std::str::from_utf8(&raw).map_err(|e| {
        PyValueError::new_err(format!(
            "invalid UTF-8 at byte {} of the body",
            e.valid_up_to()
        ))
    })?;
    JSON_LOADS.import(py, "json", "loads")?.call1((text,))
}

/// The token provider of clients built with a Python getter: asks the loop that runs the call.
pub(crate) struct LoopTokenProvider {
    /// Names the client's getter to the Python side (`NativeClient.getter_key`).
    pub(crate) key: u64,
}

impl livechat::TokenProvider for LoopTokenProvider {
    fn token(&self, request: livechat::TokenRequest) -> livechat::TokenFuture<'_> {
        let client = self.key;
        Box::pin(async move {
            let ctx = CALL.try_with(Clone::clone).map_err(|_| {
                Error::new(
                    ErrorKind::Token,
                    "a Python token getter can only be used from the asyncio API",
                )
            })?;
            let (tx, rx) = oneshot::channel();
            let id = ctx.queue.next_token.fetch_add(1, Ordering::Relaxed);
            ctx.queue.push(Completion::Token {
                call: ctx.id,
                client,
                request: id,
                refresh: request.refresh,
                reply: tx,
            });
            let mut pending = PendingToken {
                queue: ctx.queue,
                id,
                answered: false,
            };
            let answer = rx.await;
            pending.answered = true;
            answer.unwrap_or_else(|_| {
                Err(Error::new(
                    ErrorKind::Token,
                    "the event loop dropped the token request",
                ))
            })
        })
    }
}

/// A token request waiting for its answer. Dropped unanswered (every call that waited for it
/// was cancelled or timed out, and the core let go of the getter), it tells the loop, which
/// cancels the getter's task instead of leaving it pending for good.
struct PendingToken {
    queue: Arc<Queue>,
    id: u64,
    answered: bool,
}

impl Drop for PendingToken {
    fn drop(&mut self) {
        if !self.answered {
            self.queue
                .push(Completion::TokenCancelled { request: self.id });
        }
    }
}
