//! Rust-side tests of the exported functions, called exactly as C calls them, against a small
//! loopback HTTP server (`server.rs`). The C programs in `tests/c/` cover the same ground
//! against the emulator.

mod calls;
mod hostile;
mod pager;
mod server;
mod token;
mod upload;

use std::ffi::{CStr, CString, c_char, c_void};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use serde_json::Value;

use crate::client::{LcClient, lc_client_free, lc_client_new};
use crate::status::LcStatus;
use crate::strings::lc_string_free;
use crate::token::{LcFreeFn, LcTokenFn};

/// Reads and frees a JSON string returned by the library.
pub(crate) fn take_json(mut ptr: *mut c_char) -> Value {
    assert!(!ptr.is_null(), "expected a JSON string, got NULL");
    // SAFETY: a string returned by the library, not freed yet.
    let text = unsafe { CStr::from_ptr(ptr) }.to_str().unwrap().to_owned();
    // SAFETY: as above; freed once.
    unsafe { lc_string_free(&mut ptr) };
    serde_json::from_str(&text).unwrap()
}

/// Creates a client from a config JSON, panicking with the error JSON on failure.
pub(crate) fn new_client(
    config: &str,
    token_fn: LcTokenFn,
    user_data: *mut c_void,
    free: LcFreeFn,
) -> Client {
    let config = CString::new(config).unwrap();
    let mut client = std::ptr::null_mut();
    let mut out = std::ptr::null_mut();
    // SAFETY: valid strings and out-pointers.
    let status = unsafe {
        lc_client_new(
            config.as_ptr(),
            token_fn,
            user_data,
            free,
            &mut client,
            &mut out,
        )
    };
    let json = take_json(out);
    assert_eq!(status, LcStatus::Ok, "{json}");
    Client(client)
}

/// A client freed on drop.
pub(crate) struct Client(pub(crate) *mut LcClient);

impl Drop for Client {
    fn drop(&mut self) {
        // SAFETY: a live client (or NULL after an explicit free).
        unsafe { lc_client_free(&mut self.0) };
    }
}

/// What an async callback received.
#[derive(Debug, Clone)]
pub(crate) struct Done {
    pub(crate) status: LcStatus,
    pub(crate) json: Value,
}

/// Collects async completions; the `user_data` of the test callbacks.
#[derive(Default)]
pub(crate) struct Waiter {
    done: Mutex<Vec<Done>>,
    cond: Condvar,
}

impl Waiter {
    pub(crate) fn new() -> Arc<Waiter> {
        Arc::new(Waiter::default())
    }

    /// The `user_data` pointer for a callback (the waiter must outlive the operation).
    pub(crate) fn user_data(self: &Arc<Self>) -> *mut c_void {
        Arc::as_ptr(self).cast_mut().cast()
    }

    /// Waits for `n` completions, at most 20 s.
    pub(crate) fn wait(&self, n: usize) -> Vec<Done> {
        let guard = self.done.lock().unwrap();
        let (guard, timeout) = self
            .cond
            .wait_timeout_while(guard, Duration::from_secs(20), |d| d.len() < n)
            .unwrap();
        assert!(
            !timeout.timed_out(),
            "only {} of {n} callbacks fired",
            guard.len()
        );
        guard.clone()
    }

    pub(crate) fn count(&self) -> usize {
        self.done.lock().unwrap().len()
    }
}

/// The test `LcDoneFn`: records the completion in the `Waiter` behind `user_data`.
pub(crate) unsafe extern "C" fn on_done(
    user_data: *mut c_void,
    status: LcStatus,
    json: *const c_char,
) {
    // SAFETY: `user_data` is a live `Waiter` (see `Waiter::user_data`).
    let waiter = unsafe { &*user_data.cast::<Waiter>() };
    // NULL only past a pager's last page.
    let json = if json.is_null() {
        Value::Null
    } else {
        // SAFETY: non-NULL: the library passes a NUL-terminated JSON string.
        let text = unsafe { CStr::from_ptr(json) }.to_str().unwrap();
        serde_json::from_str(text).unwrap()
    };
    waiter.done.lock().unwrap().push(Done { status, json });
    waiter.cond.notify_all();
}
