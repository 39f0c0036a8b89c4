//! Paging from C over the core's one pager (`livechat::Pager`): `lc_client_pages` starts one,
//! `lc_pager_next` / `lc_pager_next_async` give one page at a time, `lc_pager_free` ends it.
//!
//! A handle points to nothing: its value is an id, never reused, looked up in one registry
//! (as `LcTokenRequest` does). So a pager used after `lc_pager_free`, or a made-up handle, gets
//! `LC_STATUS_INVALID_ARGUMENT`, never a crash. A page in flight takes the pager out of its
//! slot (the slot says busy) and puts it back when it ends or is cancelled, so a second `next`
//! meanwhile is refused instead of racing the first; freeing during it drops the pager when
//! the page ends.

use std::collections::HashMap;
use std::ffi::{c_char, c_void};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use livechat_core::{Error, Pager, methods};

use crate::call::block;
use crate::client::{LcClient, client_queue, client_ref};
use crate::ops::{LcDoneFn, LcOp, Work, start};
use crate::queue::Shared;
use crate::status::LcStatus;
use crate::strings::{OutJson, invalid, json_object, opt_str_arg, options_arg, str_arg};

/// The pages of a list method, one at a time. Opaque and never dereferenced: its value is an
/// id that is never reused, so a freed or made-up handle is refused with a status, never a
/// crash. Create with `lc_client_pages`, free with `lc_pager_free`.
pub struct LcPager {
    _private: [u8; 0],
}

enum Slot {
    Idle(Box<Pager>),
    /// A page is being fetched; the pager is in that operation's `Lease`.
    Busy,
}

/// The last id handed out; ids start at 1 (0 would be NULL).
static LAST_ID: AtomicUsize = AtomicUsize::new(0);

fn registry() -> MutexGuard<'static, HashMap<usize, Slot>> {
    static PAGERS: OnceLock<Mutex<HashMap<usize, Slot>>> = OnceLock::new();
    PAGERS
        .get_or_init(Mutex::default)
        .lock()
        // One insert, remove or swap per critical section: never half-changed.
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The queue each pager's async pages complete into (`lc_client_set_queue` of its client when it
/// was created); pagers without one are absent.
fn queues() -> MutexGuard<'static, HashMap<usize, Arc<Shared>>> {
    static QUEUES: OnceLock<Mutex<HashMap<usize, Arc<Shared>>>> = OnceLock::new();
    QUEUES
        .get_or_init(Mutex::default)
        .lock()
        // One insert or remove per critical section: never half-changed.
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Whether `pager` is still registered (tests check frees leave nothing behind).
#[cfg(test)]
pub(crate) fn is_live(pager: *const LcPager) -> bool {
    registry().contains_key(&pager.addr())
}

/// A pager taken out of its slot for one page; put back when dropped, unless freed meanwhile.
struct Lease {
    id: usize,
    pager: Option<Box<Pager>>,
}

impl Lease {
    fn take(pager: *const LcPager) -> Result<Lease, Error> {
        if pager.is_null() {
            return Err(invalid("pager is NULL"));
        }
        let id = pager.addr();
        let mut pagers = registry();
        let slot = pagers.get_mut(&id).ok_or_else(|| {
            invalid("pager is not a live pager (freed, or not from lc_client_pages)")
        })?;
        match std::mem::replace(slot, Slot::Busy) {
            Slot::Idle(p) => Ok(Lease { id, pager: Some(p) }),
            Slot::Busy => Err(invalid(
                "pager is busy: the page asked for before has not arrived yet (one \
                 lc_pager_next at a time per pager)",
            )),
        }
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        let Some(pager) = self.pager.take() else {
            return;
        };
        let mut pagers = registry();
        match pagers.get_mut(&self.id) {
            Some(slot) => *slot = Slot::Idle(pager),
            None => {
                // Freed while this page was in flight; drop it outside the lock.
                drop(pagers);
                drop(pager);
            }
        }
    }
}

/// The work of fetching the next page; `None` after the last one.
fn next_work(pager: *const LcPager) -> Result<Work, Error> {
    let mut lease = Lease::take(pager)?;
    Ok(Box::pin(async move {
        let pager = lease
            .pager
            .as_mut()
            .ok_or_else(|| invalid("pager is not a live pager"))?;
        pager.next_page_bytes().await
    }))
}

/// Starts paging through `method`, a paginated method of the client's API: the Agent Chat
/// API's `list_chats`, `list_threads`, `list_archives`, `list_customers`, the Configuration
/// API's `list_greetings` (`"paginated": true` in `lc_methods`). Nothing is sent until the
/// first `lc_pager_next`.
///
/// `args_json` (nullable) are the first request's arguments as in `lc_client_call` (e.g.
/// `{"limit":10,"filters":{…}}`); the following requests send `page_id` (and `limit`, `sort_order`
/// where the API keeps them) instead. `options_json` (nullable) as in `lc_client_call`, for
/// every page. An unknown method, or one of another API, is `LC_STATUS_UNSUPPORTED_METHOD`; a
/// method without pages or a wrong argument `LC_STATUS_INVALID_ARGUMENT`; the error JSON goes
/// to `*out_error` and `*out_pager` stays NULL.
///
/// On success `*out_pager` receives the pager, owned by the caller until `lc_pager_free`. The
/// pager holds its own reference to the client: it may outlive `lc_client_free`, its pages then
/// fail with `LC_STATUS_CLOSED`. Thread-safe: any thread.
///
/// # Safety
/// `client` is NULL or a live client; `method`, `args_json` and `options_json` are NULL or
/// NUL-terminated strings; `out_pager` and `out_error` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lc_client_pages(
    client: *const LcClient,
    method: *const c_char,
    args_json: *const c_char,
    options_json: *const c_char,
    out_pager: *mut *mut LcPager,
    out_error: *mut *mut c_char,
) -> LcStatus {
    crate::guard::status_guard(
        // SAFETY: `out_error` is NULL or writable (this function's contract).
        unsafe { OutJson::new(out_error) },
        || {
            if out_pager.is_null() {
                return Err(invalid("out_pager is NULL"));
            }
            // SAFETY: non-NULL and writable (contract).
            unsafe { out_pager.write(std::ptr::null_mut()) };
            let client_ptr = client;
            // SAFETY: the pointers are valid per this function's contract.
            let (client, method, args, options) = unsafe {
                (
                    client_ref(client)?,
                    str_arg(method, "method")?,
                    opt_str_arg(args_json, "args_json")?,
                    options_arg(options_json)?,
                )
            };
            let args = json_object(args, "args_json")?;
            let spec = client.resolve(method)?;
            if !spec.is_paginated() {
                let paginated: Vec<&str> = client
                    .surface()
                    .methods
                    .iter()
                    .filter(|m| m.is_paginated())
                    .map(|m| m.name)
                    .collect();
                return Err(invalid(format!(
                    "{} has no pages; the paginated methods of the {} API are {}",
                    spec.name,
                    client.kind(),
                    paginated.join(", ")
                )));
            }
            // Argument names and types, checked now rather than on the first page.
            methods::build_body(spec, client.version(), args.clone())?;
            let pager = Box::new(Pager::new(client, spec.name, args, options));
            let id = LAST_ID.fetch_add(1, Ordering::Relaxed).wrapping_add(1);
            // SAFETY: `client` is NULL or live (contract); NULL was refused above.
            if let Some(queue) = unsafe { client_queue(client_ptr) } {
                queues().insert(id, queue);
            }
            registry().insert(id, Slot::Idle(pager));
            // SAFETY: checked non-NULL above; the value is an id, owned by the caller.
            unsafe { out_pager.write(std::ptr::without_provenance_mut(id)) };
            Ok(None)
        },
    )
}

/// Fetches the next page and waits. On `LC_STATUS_OK` `*out_page` receives the page JSON as
/// the API sent it (`{"chats":[…],"next_page_id":…,…}`; free it with `lc_string_free`), or NULL
/// after the last page: the end of the pages is `LC_STATUS_OK` with `*out_page == NULL`, and
/// every later call says the same. Otherwise `*out_page` receives the error JSON; a page that is
/// not a JSON object, or a `next_page_id` the server already gave (which would loop forever),
/// is `LC_STATUS_DECODE`. After an error the pager is finished (the next call gives the end).
///
/// A NULL, freed or made-up `pager` is `LC_STATUS_INVALID_ARGUMENT`, never a crash. Thread
/// safety: any thread, but one page at a time: while a page of this pager is in flight
/// (blocking or async) another `lc_pager_next` on it is refused with
/// `LC_STATUS_INVALID_ARGUMENT` ("busy"), nothing sent. Blocks the calling thread; fails with
/// `LC_STATUS_RUNTIME` on a library thread (use `lc_pager_next_async` there).
///
/// # Safety
/// `out_page` is NULL or writable; `pager` may be any value.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lc_pager_next(
    pager: *const LcPager,
    out_page: *mut *mut c_char,
) -> LcStatus {
    crate::guard::status_guard(
        // SAFETY: `out_page` is NULL or writable (this function's contract).
        unsafe { OutJson::new(out_page) },
        || block(next_work(pager)),
    )
}

/// `lc_pager_next` without waiting: fires `callback(user_data, status, json)` exactly once on a
/// library thread (in `lc_queue_drain` instead when the client had a queue,
/// `lc_client_set_queue`, when the pager was created) with the page JSON, with `json == NULL`
/// and `LC_STATUS_OK` after the last page, or with the error JSON. The pager is free for the
/// next page before the callback runs, so the callback may start the next one with
/// `lc_pager_next_async`. `user_data` must stay valid until the callback has run
/// (`lc_op_cancel`, `lc_op_free` and `lc_pager_free` do not wait for it). `out_op` and
/// `out_error` as in `lc_client_call_async`; cancelling abandons the request and leaves the
/// pager where it was (the next call asks for the same page). Freeing the pager meanwhile does
/// not stop the page: its callback still fires.
///
/// # Safety
/// `out_op` and `out_error` are NULL or writable; `callback` may be called from a library
/// thread with `user_data`; `pager` may be any value.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lc_pager_next_async(
    pager: *const LcPager,
    callback: LcDoneFn,
    user_data: *mut c_void,
    out_op: *mut *mut LcOp,
    out_error: *mut *mut c_char,
) -> LcStatus {
    crate::guard::status_guard(
        // SAFETY: `out_error` is NULL or writable (this function's contract).
        unsafe { OutJson::new(out_error) },
        || {
            // A refused start drops the work, and with it the lease: the pager is put back.
            // SAFETY: the pointers are valid per this function's contract.
            let queue = queues().get(&pager.addr()).cloned();
            // SAFETY: the pointers are valid per this function's contract.
            unsafe { start(next_work(pager), queue, callback, user_data, out_op) }.map(|()| None)
        },
    )
}

/// Frees a pager and sets `*pager` to NULL; `pager` and `*pager` may be NULL, and a pager
/// already freed is ignored (its handle is an id). A page in flight is not cancelled: its
/// callback still fires, and the pager's memory goes when it ends. Any thread.
///
/// # Safety
/// `pager` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lc_pager_free(pager: *mut *mut LcPager) {
    crate::guard::void_guard(|| {
        if pager.is_null() {
            return;
        }
        // SAFETY: non-NULL, readable and writable (contract).
        let id = unsafe { pager.replace(std::ptr::null_mut()) }.addr();
        let slot = registry().remove(&id);
        // Dropped outside the lock: dropping a pager drops a client reference.
        drop(slot);
    });
}
