//! Async operations: one task on the shared runtime per call, a completion that fires the C
//! callback exactly once (result, error, cancel, close or panic), and the `LcOp` handle that
//! cancels it. Cancelling drops the request future, which closes its connection.

use std::ffi::{CStr, CString, c_char, c_void};
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;

use bytes::Bytes;
use futures_util::FutureExt as _;
use livechat_core::{Error, ErrorKind};
use tokio_util::sync::CancellationToken;

use std::sync::Arc;

use crate::guard::panic_error;
use crate::queue::Shared;
use crate::status::LcStatus;
use crate::strings::{c_string, clear_out, invalid};

/// The work of one call: the response JSON as received, `None` for a pager past its last page,
/// or an error.
pub(crate) type Work = Pin<Box<dyn Future<Output = Result<Option<Bytes>, Error>> + Send + 'static>>;

/// Completion callback of an async operation: `user_data` as given, the status, and the result
/// JSON (on `LC_STATUS_OK`) or the error JSON, borrowed for the duration of the call (copy it to
/// keep it; never free it). `json` is NULL only for `lc_pager_next_async` past the last page.
/// Runs exactly once on a library thread; keep it short and do not block in it: blocking
/// `lc_*` calls made from it fail with `LC_STATUS_RUNTIME`. For a client routed to an
/// `LcQueue` (`lc_client_set_queue`) it runs inside `lc_queue_drain` instead, on the thread
/// that drains, where blocking calls work. `user_data` must stay valid until
/// it has run (cancelling or freeing the op does not wait for it).
pub type LcDoneFn =
    Option<unsafe extern "C" fn(user_data: *mut c_void, status: LcStatus, json: *const c_char)>;

/// A handle on an async operation, to cancel it. Opaque; free it with `lc_op_free` (freeing does
/// not cancel). Usable from any thread, also after the operation completed.
pub struct LcOp {
    cancel: CancellationToken,
}

/// What a finished operation hands its callback: the status and the JSON (`None` for a pager
/// past its last page).
pub(crate) type Outcome = (LcStatus, Option<Vec<u8>>);

/// The C callback and its `user_data`, fired once: by `fire`, or on drop if never fired.
pub(crate) struct Completion {
    callback: unsafe extern "C" fn(*mut c_void, LcStatus, *const c_char),
    user_data: *mut c_void,
    fired: bool,
}

// SAFETY: the async functions document that the callback runs on a library thread with
// `user_data`, so the caller has agreed to the pointer moving to another thread.
unsafe impl Send for Completion {}

impl Completion {
    fn fire(mut self, status: LcStatus, json: Option<&CStr>) {
        self.fired = true;
        let json = json.map_or(std::ptr::null(), CStr::as_ptr);
        // SAFETY: the callback and `user_data` the caller registered for this operation; `json`
        // is NULL or lives until the call returns. `fired` makes this the only call.
        unsafe { (self.callback)(self.user_data, status, json) };
    }

    /// Forgets the callback without running it: for an operation that was never started (its
    /// function returns an error instead), or one of a forked child's inherited queue.
    pub(crate) fn disarm(mut self) {
        self.fired = true;
    }

    /// Runs the callback with `outcome`, on the calling thread.
    pub(crate) fn deliver(self, outcome: Outcome) {
        let (status, text) = outcome;
        let Some(text) = text else {
            return self.fire(status, None);
        };
        match c_string(text) {
            Ok(json) => self.fire(status, Some(&json)),
            Err(e) => {
                let json = CString::new(e.to_json()).unwrap_or_default();
                self.fire(LcStatus::of(&e), Some(&json));
            }
        }
    }
}

impl Drop for Completion {
    fn drop(&mut self) {
        if !self.fired {
            self.fired = true;
            let e = Error::new(
                ErrorKind::Internal,
                "the operation was dropped before it completed",
            );
            let json = CString::new(e.to_json()).unwrap_or_default();
            // SAFETY: as in `fire`; `fired` was false, so the callback has not run.
            unsafe { (self.callback)(self.user_data, LcStatus::Internal, json.as_ptr()) };
        }
    }
}

/// Runs `work` until it ends or is cancelled, catching panics.
async fn run(work: Work, cancel: CancellationToken) -> Outcome {
    let outcome = tokio::select! {
        biased;
        () = cancel.cancelled() => Err(Error::new(ErrorKind::Cancelled, "the operation was cancelled")),
        r = AssertUnwindSafe(work).catch_unwind() => match r {
            Ok(result) => result,
            Err(payload) => {
                let error = panic_error(payload.as_ref()).to_json().into_bytes();
                return (LcStatus::Panic, Some(error));
            }
        },
    };
    match outcome {
        Ok(body) => (LcStatus::Ok, body.map(Vec::from)),
        Err(e) => (LcStatus::of(&e), Some(e.to_json().into_bytes())),
    }
}

/// Starts `work` on the shared runtime; `callback` fires exactly once when it ends: on a library
/// thread, or inside `lc_queue_drain` when `queue` is given. On error nothing was started and
/// the callback will never fire.
///
/// # Safety
/// `out_op` is NULL or writable; `callback` may be called from a library thread with `user_data`.
pub(crate) unsafe fn start(
    work: Result<Work, Error>,
    queue: Option<Arc<Shared>>,
    callback: LcDoneFn,
    user_data: *mut c_void,
    out_op: *mut *mut LcOp,
) -> Result<(), Error> {
    // SAFETY: NULL or writable (contract).
    unsafe { clear_out(out_op) };
    let callback = callback.ok_or_else(|| invalid("callback is NULL"))?;
    let work = work?;
    let handle = livechat_core::runtime::handle()?;
    let cancel = CancellationToken::new();
    let completion = Completion {
        callback,
        user_data,
        fired: false,
    };
    let task_cancel = cancel.clone();
    // Registered before anything is written or spawned, so a freed queue refuses the call with
    // nothing started.
    let target = match queue {
        None => Target::Thread(completion),
        Some(queue) => match queue.register(completion, cancel.clone()) {
            Ok(id) => Target::Queue(queue, id),
            Err((completion, e)) => {
                completion.disarm();
                return Err(e);
            }
        },
    };
    // The handle is written before the task exists: the callback may run on another thread the
    // moment it is spawned, and a callback that frees its context (and the op in it) must find
    // the op there, never have it written into freed memory afterwards.
    if !out_op.is_null() {
        let op = Box::into_raw(Box::new(LcOp { cancel }));
        // SAFETY: non-NULL and writable (contract); ownership passes to the caller.
        unsafe { out_op.write(op) };
    }
    // Nothing below may touch `out_op` (or anything else of the caller's): from here on the
    // callback may already have run.
    drop(handle.spawn(async move {
        let outcome = run(work, task_cancel).await;
        match target {
            Target::Thread(completion) => completion.deliver(outcome),
            Target::Queue(queue, id) => queue.complete(id, outcome),
        }
    }));
    Ok(())
}

/// Where a finished operation's callback runs.
enum Target {
    /// Right away, on the library thread that finished it.
    Thread(Completion),
    /// In `lc_queue_drain`; the queue holds the completion under this id.
    Queue(Arc<Shared>, u64),
}

/// Cancels an operation: its callback fires with `LC_STATUS_CANCELLED` unless it already
/// completed, and the request is abandoned (its connection closed). Idempotent; NULL is ignored.
///
/// # Safety
/// `op` is NULL or a handle from an async function that is not freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lc_op_cancel(op: *const LcOp) {
    crate::guard::void_guard(|| {
        // SAFETY: NULL or a live handle (contract).
        if let Some(op) = unsafe { op.as_ref() } {
            op.cancel.cancel();
        }
    });
}

/// Frees an operation handle and sets `*op` to NULL; `op` and `*op` may be NULL. Does not cancel
/// the operation: its callback still fires.
///
/// # Safety
/// `op` is NULL or points to NULL or to a handle from an async function not freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lc_op_free(op: *mut *mut LcOp) {
    crate::guard::void_guard(|| {
        if op.is_null() {
            return;
        }
        // SAFETY: non-NULL, readable and writable (contract).
        let raw = unsafe { op.replace(std::ptr::null_mut()) };
        if !raw.is_null() {
            // SAFETY: `raw` came from `Box::into_raw` in `start` and is freed only here.
            drop(unsafe { Box::from_raw(raw) });
        }
    });
}
