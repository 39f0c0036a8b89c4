//! The completion bridge between tokio and one asyncio event loop (design §6).
//!
//! Tokio tasks never take the GIL: a finished call pushes `(id, result)` into a mutex-protected
//! queue and, only when the queue goes from empty to non-empty, writes one byte to a socket pair
//! the loop watches with `loop.add_reader`. On the loop thread, `drain` resolves every waiting
//! future of the batch, converting results to Python objects there. Token requests of calls whose
//! client has a token getter travel the same way, so the getter runs on the loop thread in the
//! caller's context. Nothing here holds a Python object on a tokio thread, which is what makes
//! interpreter exit with calls in flight safe.

use std::collections::HashMap;
use std::io::{ErrorKind as IoErrorKind, Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;
use livechat::{Error, ErrorKind, Token};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyBytes;
use tokio::sync::oneshot;
use tokio::task::AbortHandle;

/// What a tokio task hands to the loop.
pub(crate) enum Completion {
    /// A call finished.
    Done {
        id: u64,
        result: Result<Bytes, Error>,
    },
    /// A call needs a token from the Python getter.
    Token {
        id: u64,
        refresh: bool,
        reply: oneshot::Sender<Result<Token, Error>>,
    },
}

/// The queue and the wake-up socket; shared with tokio tasks (no Python objects inside).
pub(crate) struct Queue {
    items: Mutex<Vec<Completion>>,
    wake_tx: UnixStream,
    wake_rx: UnixStream,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding these locks cannot leave the data inconsistent (plain pushes and
    // swaps), so a poisoned lock is still usable.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Queue {
    fn new() -> std::io::Result<Queue> {
        let (wake_tx, wake_rx) = UnixStream::pair()?;
        wake_tx.set_nonblocking(true)?;
        wake_rx.set_nonblocking(true)?;
        Ok(Queue {
            items: Mutex::new(Vec::new()),
            wake_tx,
            wake_rx,
        })
    }

    /// Adds a completion; wakes the loop only when the queue was empty.
    pub(crate) fn push(&self, c: Completion) {
        let was_empty = {
            let mut items = lock(&self.items);
            let was_empty = items.is_empty();
            items.push(c);
            was_empty
        };
        if was_empty {
            // A full socket buffer already means a wake-up is pending.
            let _ = (&self.wake_tx).write(&[1]);
        }
    }

    fn take(&self) -> Vec<Completion> {
        let mut buf = [0u8; 256];
        loop {
            match (&self.wake_rx).read(&mut buf) {
                Ok(0) => break,
                Ok(_) => continue,
                Err(e) if e.kind() == IoErrorKind::Interrupted => continue,
                Err(_) => break,
            }
        }
        std::mem::take(&mut *lock(&self.items))
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

/// One bridge per event loop. Created by `livechat._bridge` and registered with
/// `loop.add_reader(bridge.fileno(), bridge.drain)`.
#[pyclass(frozen, module = "livechat._native")]
pub struct Bridge {
    pub(crate) queue: Arc<Queue>,
    next_id: AtomicU64,
    futures: Mutex<HashMap<u64, Py<PyAny>>>,
    tasks: Mutex<HashMap<u64, AbortHandle>>,
    tokens: Mutex<HashMap<u64, oneshot::Sender<Result<Token, Error>>>>,
    error_factory: Py<PyAny>,
    on_token: Py<PyAny>,
}

static JSON_LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

impl Bridge {
    /// Registers `fut` and runs `work` on the shared runtime; the result resolves `fut` on the
    /// loop thread. Returns the call id (for `cancel` and token requests).
    pub(crate) fn submit<F>(&self, fut: Py<PyAny>, work: F) -> PyResult<u64>
    where
        F: std::future::Future<Output = Result<Bytes, Error>> + Send + 'static,
    {
        let handle = livechat::runtime::handle().map_err(crate::errors::to_py_runtime_error)?;
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        lock(&self.futures).insert(id, fut);
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
                });
            queue.push(Completion::Done { id, result });
        }));
        lock(&self.tasks).insert(id, task.abort_handle());
        Ok(id)
    }
}

#[pymethods]
impl Bridge {
    /// `error_factory(error_json: str) -> Exception`; `on_token(call_id, request_id, refresh)`.
    #[new]
    fn new(error_factory: Py<PyAny>, on_token: Py<PyAny>) -> PyResult<Self> {
        let queue = Queue::new().map_err(|e| {
            PyRuntimeError::new_err(format!("cannot create the wake-up socket: {e}"))
        })?;
        Ok(Bridge {
            queue: Arc::new(queue),
            next_id: AtomicU64::new(1),
            futures: Mutex::new(HashMap::new()),
            tasks: Mutex::new(HashMap::new()),
            tokens: Mutex::new(HashMap::new()),
            error_factory,
            on_token,
        })
    }

    /// The file descriptor the event loop watches.
    fn fileno(&self) -> i32 {
        self.queue.wake_rx.as_raw_fd()
    }

    /// Number of calls waiting for a result.
    fn pending(&self) -> usize {
        lock(&self.futures).len()
    }

    /// Resolves every finished call and forwards token requests. Runs on the loop thread.
    fn drain(&self, py: Python<'_>) -> PyResult<()> {
        crate::logging::flush(py);
        let loads = JSON_LOADS.import(py, "json", "loads")?;
        for item in self.queue.take() {
            match item {
                Completion::Done { id, result } => {
                    lock(&self.tasks).remove(&id);
                    let Some(fut) = lock(&self.futures).remove(&id) else {
                        continue; // cancelled meanwhile
                    };
                    let fut = fut.bind(py);
                    if fut.call_method0("done")?.is_truthy()? {
                        continue;
                    }
                    let outcome = match result {
                        Ok(body) => loads
                            .call1((PyBytes::new(py, &body),))
                            .and_then(|obj| fut.call_method1("set_result", (obj,))),
                        Err(e) => self
                            .error_factory
                            .bind(py)
                            .call1((e.to_json(),))
                            .and_then(|exc| fut.call_method1("set_exception", (exc,))),
                    };
                    if let Err(err) = outcome {
                        // e.g. json.loads failing: the caller gets that exception, not a hang.
                        let _ = fut.call_method1("set_exception", (err.value(py),));
                    }
                }
                Completion::Token { id, refresh, reply } => {
                    let request_id = self.next_id.fetch_add(1, Ordering::Relaxed);
                    lock(&self.tokens).insert(request_id, reply);
                    if let Err(err) = self.on_token.bind(py).call1((id, request_id, refresh)) {
                        let msg = format!("the token getter hook failed: {err}");
                        if let Some(tx) = lock(&self.tokens).remove(&request_id) {
                            let _ = tx.send(Err(Error::new(ErrorKind::Token, msg)));
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Answers a token request: `token` ("Bearer …", "Basic …" or bare) or an error message.
    #[pyo3(signature = (request_id, token=None, error=None))]
    fn complete_token(&self, request_id: u64, token: Option<&str>, error: Option<String>) {
        let Some(tx) = lock(&self.tokens).remove(&request_id) else {
            return; // the call was cancelled or timed out meanwhile
        };
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
        let _ = tx.send(answer);
    }

    /// Stops a call: its request is dropped (the server sees the connection close) and its
    /// future is forgotten. Idempotent.
    fn cancel(&self, id: u64) {
        lock(&self.futures).remove(&id);
        if let Some(task) = lock(&self.tasks).remove(&id) {
            task.abort();
        }
    }

    /// Stops every call of this bridge (the loop is going away).
    fn cancel_all(&self) {
        lock(&self.futures).clear();
        for (_, task) in lock(&self.tasks).drain() {
            task.abort();
        }
        lock(&self.tokens).clear();
    }
}

/// The token provider of clients built with a Python getter: asks the loop that runs the call.
pub(crate) struct LoopTokenProvider;

impl livechat::TokenProvider for LoopTokenProvider {
    fn token(&self, request: livechat::TokenRequest) -> livechat::TokenFuture<'_> {
        Box::pin(async move {
            let ctx = CALL.try_with(Clone::clone).map_err(|_| {
                Error::new(
                    ErrorKind::Token,
                    "a Python token getter can only be used from the asyncio API",
                )
            })?;
            let (tx, rx) = oneshot::channel();
            ctx.queue.push(Completion::Token {
                id: ctx.id,
                refresh: request.refresh,
                reply: tx,
            });
            rx.await.unwrap_or_else(|_| {
                Err(Error::new(
                    ErrorKind::Token,
                    "the event loop dropped the token request",
                ))
            })
        })
    }
}
