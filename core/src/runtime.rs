//! The process's one tokio runtime, shared by the C calls and the Python awaitables: built lazily
//! on first use (never at load), remembers the process that built it so a forked child gets a
//! clear error instead of a hang, and refuses blocking calls from its own threads.

use std::future::Future;
use std::sync::OnceLock;

use tokio::runtime::{Handle, Runtime};

use crate::error::{Error, ErrorKind, Result};

struct Shared {
    runtime: Runtime,
    pid: u32,
}

static SHARED: OnceLock<std::result::Result<Shared, String>> = OnceLock::new();

/// Runs first on every thread the runtime starts (workers and blocking pool).
static THREAD_START: OnceLock<fn()> = OnceLock::new();

/// Registers `hook` to run first on every thread the shared runtime starts, e.g. the C library
/// blocks SIGPIPE there so a peer closing mid-write can never kill a C host (Rust and Python
/// programs ignore SIGPIPE; C programs keep its deadly default). Only the first hook counts,
/// and only if registered before the runtime starts: returns whether the runtime's threads run
/// a hook (the first one registered).
pub fn set_thread_start_hook(hook: fn()) -> bool {
    let _ = THREAD_START.set(hook);
    SHARED.get().is_none() || THREAD_HOOK_USED.get().is_some()
}

/// Set when the runtime was built with the hook.
static THREAD_HOOK_USED: OnceLock<()> = OnceLock::new();

fn shared() -> Result<&'static Shared> {
    let shared = SHARED.get_or_init(|| {
        let mut builder = tokio::runtime::Builder::new_multi_thread();
        builder.enable_all().thread_name("livechat-runtime");
        if let Some(hook) = THREAD_START.get().copied() {
            builder.on_thread_start(hook);
            let _ = THREAD_HOOK_USED.set(());
        }
        builder
            .build()
            .map(|runtime| Shared {
                runtime,
                pid: std::process::id(),
            })
            .map_err(|e| e.to_string())
    });
    let shared = shared
        .as_ref()
        .map_err(|e| Error::new(ErrorKind::Runtime, format!("cannot start the runtime: {e}")))?;
    if shared.pid != std::process::id() {
        return Err(Error::new(
            ErrorKind::Runtime,
            "this process was forked after the livechat runtime started; the runtime's threads \
             do not exist in the child. Create clients in the child only if the parent never used \
             one, or use a fresh process (multiprocessing 'spawn')",
        ));
    }
    Ok(shared)
}

/// The shared runtime's handle, starting it on first use.
pub fn handle() -> Result<Handle> {
    shared().map(|s| s.runtime.handle().clone())
}

/// Whether the shared runtime was started (by this or a parent process).
pub fn is_started() -> bool {
    SHARED.get().is_some()
}

/// Spawns `fut` on the shared runtime.
pub fn spawn<F>(fut: F) -> Result<tokio::task::JoinHandle<F::Output>>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    Ok(handle()?.spawn(fut))
}

/// Runs `fut` to completion on the shared runtime, blocking this thread. Refuses on a thread that
/// belongs to a tokio runtime (blocking there would deadlock or panic), e.g. inside a callback.
pub fn block_on<F: Future>(fut: F) -> Result<F::Output> {
    if Handle::try_current().is_ok() {
        return Err(Error::new(
            ErrorKind::Runtime,
            "a blocking call was made on an async runtime thread (e.g. from inside a callback); \
             use the async API there",
        ));
    }
    Ok(shared()?.runtime.block_on(fut))
}

/// Runs `fut` as a task of the shared runtime and blocks this thread until it is done: the
/// thread sleeps once and is woken once, where [`block_on`] would wake it for every step of the
/// future (its connect, each read) — with many threads blocking at once those wake-ups are most
/// of a call's cost. Refused on a runtime thread, like [`block_on`]; a panic of the task is an
/// [`ErrorKind::Internal`] error.
pub fn run_blocking<F>(fut: F) -> Result<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    if Handle::try_current().is_ok() {
        return Err(Error::new(
            ErrorKind::Runtime,
            "a blocking call was made on an async runtime thread (e.g. from inside a callback); \
             use the async API there",
        ));
    }
    let runtime = &shared()?.runtime;
    let task = runtime.spawn(fut);
    runtime.block_on(task).map_err(|e| {
        let what = if e.is_panic() {
            "panicked"
        } else {
            "was cancelled"
        };
        Error::new(
            ErrorKind::Internal,
            format!("a bug in livechat: the blocking call's task {what}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_on_runs_futures() {
        assert_eq!(block_on(async { 41 + 1 }).unwrap(), 42);
        assert!(is_started());
    }

    #[test]
    fn run_blocking_runs_the_future_on_a_runtime_thread() {
        let caller = std::thread::current().id();
        let ran_on = run_blocking(async { std::thread::current().id() }).unwrap();
        assert_ne!(ran_on, caller, "the work ran on the blocked thread");
        let h = handle().unwrap();
        let err = h
            .block_on(async {
                tokio::spawn(async { run_blocking(async {}) })
                    .await
                    .unwrap()
            })
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Runtime);
    }

    #[test]
    fn a_panicking_blocking_call_is_an_internal_error_not_a_hang() {
        let err = run_blocking(async {
            if std::hint::black_box(true) {
                panic!("boom");
            }
        })
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Internal);
        assert!(err.to_string().contains("panicked"), "{err}");
    }

    #[test]
    fn many_threads_blocking_at_once_each_get_their_own_answer() {
        let threads: Vec<_> = (0..64u64)
            .map(|t| {
                std::thread::spawn(move || {
                    (0..200u64)
                        .map(|i| run_blocking(async move { t * 1000 + i }).unwrap())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for (t, thread) in threads.into_iter().enumerate() {
            let got = thread.join().unwrap();
            let want: Vec<u64> = (0..200).map(|i| t as u64 * 1000 + i).collect();
            assert_eq!(got, want);
        }
    }

    #[test]
    fn blocking_on_a_runtime_thread_is_refused() {
        let h = handle().unwrap();
        let err = h
            .block_on(async { tokio::spawn(async { block_on(async {}) }).await.unwrap() })
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Runtime);
        assert!(err.to_string().contains("blocking call"), "{err}");
    }
}
