//! `LcQueue`: a completion queue for C event loops (libuv, libevent, epoll, `poll()`), like curl
//! multi or c-ares. A client given a queue with `lc_client_set_queue` does not run its async
//! callbacks on library threads: finished operations wait in the queue, its descriptor becomes
//! readable, and `lc_queue_drain` runs their callbacks on the calling (the loop's) thread. The
//! queue itself is the core's `CompletionQueue`; this module adds the C callbacks, the
//! operations still in flight (so freeing the queue can answer them), and fork safety.

use std::collections::HashMap;
use std::ffi::c_char;
use std::sync::{Arc, Mutex, MutexGuard};

use livechat_core::completion_queue::CompletionQueue;
use livechat_core::{Error, ErrorKind};
use tokio_util::sync::CancellationToken;

use crate::ops::{Completion, Outcome};
use crate::status::LcStatus;
use crate::strings::{OutJson, invalid};

/// A completion queue: async callbacks of the clients routed to it (`lc_client_set_queue`) run
/// inside `lc_queue_drain`, on the thread that calls it. Opaque; create with `lc_queue_new`,
/// free with `lc_queue_free`.
pub struct LcQueue {
    pub(crate) inner: Arc<Shared>,
}

/// What clients and tasks share with the queue handle.
pub(crate) struct Shared {
    /// The process that created the queue: a forked child runs none of its callbacks.
    pid: u32,
    /// Operations started and not finished yet. Finishing moves one from here to `ready` under
    /// this lock, and freeing takes both under it, so no completion slips between the two.
    flight: Mutex<Flight>,
    ready: CompletionQueue<(Completion, Outcome)>,
}

#[derive(Default)]
struct Flight {
    closed: bool,
    next_id: u64,
    ops: HashMap<u64, (Completion, CancellationToken)>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Flight> {
        // Inserts and removes only: never half-changed, a poisoned lock is still usable.
        self.flight.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Registers an operation about to start; its callback now belongs to the queue. A freed
    /// queue refuses it and hands the completion back.
    pub(crate) fn register(
        &self,
        completion: Completion,
        cancel: CancellationToken,
    ) -> Result<u64, (Completion, Error)> {
        let mut flight = self.lock();
        if flight.closed {
            let e = Error::new(
                ErrorKind::Closed,
                "the client's queue was freed (lc_queue_free); give the client another queue \
                 or NULL with lc_client_set_queue",
            );
            return Err((completion, e));
        }
        flight.next_id += 1;
        let id = flight.next_id;
        flight.ops.insert(id, (completion, cancel));
        Ok(id)
    }

    /// An operation finished: its callback waits for `lc_queue_drain`. Nothing happens when the
    /// queue was freed meanwhile (freeing answered it already).
    pub(crate) fn complete(&self, id: u64, outcome: Outcome) {
        let mut flight = self.lock();
        if let Some((completion, _)) = flight.ops.remove(&id) {
            self.ready.push((completion, outcome));
        }
    }

    fn forked(&self) -> bool {
        self.pid != std::process::id()
    }

    /// Runs up to `max` finished callbacks on this thread; returns how many ran.
    fn drain(&self, max: usize) -> usize {
        if self.forked() {
            return 0;
        }
        let batch = self.ready.take(max);
        let n = batch.len();
        for (completion, outcome) in batch {
            completion.deliver(outcome);
        }
        n
    }

    /// Closes the queue: finished callbacks run now with their results, operations in flight are
    /// cancelled and their callbacks run now with `LC_STATUS_CANCELLED`, all on this thread. In
    /// a forked child nothing runs (the operations belong to the parent).
    fn close(&self) {
        let (ops, ready) = {
            let mut flight = self.lock();
            flight.closed = true;
            (std::mem::take(&mut flight.ops), self.ready.take(usize::MAX))
        };
        let forked = self.forked();
        for (completion, outcome) in ready {
            if forked {
                completion.disarm();
            } else {
                completion.deliver(outcome);
            }
        }
        for (_, (completion, cancel)) in ops {
            cancel.cancel();
            if forked {
                completion.disarm();
                continue;
            }
            let e = Error::new(
                ErrorKind::Cancelled,
                "the operation was cancelled: its queue was freed (lc_queue_free)",
            );
            completion.deliver((LcStatus::Cancelled, Some(e.to_json().into_bytes())));
        }
    }
}

/// Borrows the queue behind a C pointer.
///
/// # Safety
/// `queue` is NULL or a pointer from `lc_queue_new` that is not freed during `'a`.
pub(crate) unsafe fn queue_ref<'a>(queue: *const LcQueue) -> Option<&'a Arc<Shared>> {
    // SAFETY: NULL or a live queue (contract).
    unsafe { queue.as_ref() }.map(|q| &q.inner)
}

/// Creates a completion queue. On success `*out_queue` receives it (the caller's, until
/// `lc_queue_free`); otherwise it is NULL and `*out_error` (if not NULL) receives the error JSON
/// (`LC_STATUS_INVALID_ARGUMENT` for a NULL `out_queue`, `LC_STATUS_RUNTIME` when the wake-up
/// descriptor cannot be created).
///
/// # Safety
/// `out_queue` and `out_error` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lc_queue_new(
    out_queue: *mut *mut LcQueue,
    out_error: *mut *mut c_char,
) -> LcStatus {
    crate::guard::status_guard(
        // SAFETY: `out_error` is NULL or writable (this function's contract).
        unsafe { OutJson::new(out_error) },
        || {
            if out_queue.is_null() {
                return Err(invalid("out_queue is NULL"));
            }
            // SAFETY: non-NULL and writable (contract).
            unsafe { out_queue.write(std::ptr::null_mut()) };
            let ready = CompletionQueue::new().map_err(|e| {
                Error::new(
                    ErrorKind::Runtime,
                    format!("cannot create the queue's wake-up descriptor: {e}"),
                )
            })?;
            let shared = Shared {
                pid: std::process::id(),
                flight: Mutex::new(Flight::default()),
                ready,
            };
            let queue = Box::into_raw(Box::new(LcQueue {
                inner: Arc::new(shared),
            }));
            // SAFETY: checked non-NULL above; ownership passes to the caller.
            unsafe { out_queue.write(queue) };
            Ok(None)
        },
    )
}

/// The queue's file descriptor, for the loop to watch for reading (`POLLIN`, `EPOLLIN`,
/// `UV_READABLE`, `EV_READ`): it is readable exactly while callbacks wait to be run by
/// `lc_queue_drain`. Owned by the queue: never read, write or close it. -1 for NULL. The same
/// descriptor for the queue's whole life; close-on-exec.
///
/// # Safety
/// `queue` is NULL or a live queue.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lc_queue_fd(queue: *const LcQueue) -> i32 {
    crate::guard::value_guard(-1, || {
        // SAFETY: NULL or a live queue (contract).
        unsafe { queue_ref(queue) }.map_or(-1, |q| q.ready.fd())
    })
}

/// Runs the callbacks of finished operations, oldest first, at most `max` of them (0: all that
/// wait), on the calling thread; returns how many ran (0 for NULL). Call it when `lc_queue_fd`
/// is readable. With a level-triggered loop any `max` works (the descriptor stays readable while
/// callbacks wait); with an edge-triggered one (`EPOLLET`) call it until it returns fewer than
/// `max` (or 0): the descriptor only becomes readable again for completions that arrive after
/// the queue was emptied. Callbacks run here may call any `lc_*` function, blocking ones too,
/// and may free their operation, the client, or this queue (the rest of the batch this call
/// took still runs here, each callback once). Callbacks of operations finishing meanwhile wait
/// for the next drain. Several threads may drain one queue at once; each callback runs on
/// exactly one of them. In a forked child it runs nothing and returns 0: the operations are
/// the parent's.
///
/// # Safety
/// `queue` is NULL or a live queue.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lc_queue_drain(queue: *const LcQueue, max: usize) -> usize {
    crate::guard::value_guard(0, || {
        // SAFETY: NULL or a live queue (contract). Cloned: a callback may free the handle.
        let Some(shared) = (unsafe { queue_ref(queue) }).cloned() else {
            return 0;
        };
        shared.drain(if max == 0 { usize::MAX } else { max })
    })
}

/// Frees a queue and sets `*queue` to NULL; `queue` and `*queue` may be NULL. Every callback
/// routed to it still runs exactly once, here, on the calling thread: those of finished
/// operations with their results, then those of operations still in flight with
/// `LC_STATUS_CANCELLED` (the requests are abandoned). So after it returns, no `user_data` given
/// with this queue is used any more. Clients still routed to it then refuse new async calls with
/// `LC_STATUS_CLOSED` until given another queue (or NULL) with `lc_client_set_queue`. In a
/// forked child no callback runs; the memory is released.
///
/// # Safety
/// `queue` is NULL or points to NULL or to a queue from `lc_queue_new` not freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lc_queue_free(queue: *mut *mut LcQueue) {
    crate::guard::void_guard(|| {
        if queue.is_null() {
            return;
        }
        // SAFETY: non-NULL, readable and writable (contract).
        let raw = unsafe { queue.replace(std::ptr::null_mut()) };
        if raw.is_null() {
            return;
        }
        // SAFETY: `raw` came from `Box::into_raw` in `lc_queue_new` and is freed only here.
        let queue = unsafe { Box::from_raw(raw) };
        queue.inner.close();
    });
}
