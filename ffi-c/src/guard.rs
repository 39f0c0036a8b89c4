//! The panic guard every exported function goes through (a test checks it), so a bug in this
//! library becomes `LC_STATUS_PANIC` and an error JSON instead of an abort of the host process.
//! It also owns the one place where results and errors are written to `out_json`.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};

use livechat_core::{Error, ErrorKind};

use crate::status::LcStatus;
use crate::strings::OutJson;

/// What a guarded body returns on success: the JSON text for `out_json`, if any.
pub(crate) type Output = Result<Option<Vec<u8>>, Error>;

/// The message of a caught panic.
pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> String {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown payload".to_owned());
    format!("a panic was caught in liblivechat (a bug, please report it): {what}")
}

/// The error JSON and status for a caught panic.
pub(crate) fn panic_error(payload: &(dyn Any + Send)) -> Error {
    Error::new(ErrorKind::Internal, panic_message(payload))
}

/// Runs `body` for an exported function that returns a status: clears `*out_json` first, then
/// stores the result JSON on success or the error JSON on failure. A panic becomes
/// `LC_STATUS_PANIC`.
pub(crate) fn status_guard(out_json: OutJson, body: impl FnOnce() -> Output) -> LcStatus {
    out_json.clear();
    let (status, text) = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(text)) => (LcStatus::Ok, text),
        Ok(Err(e)) => (LcStatus::of(&e), Some(e.to_json().into_bytes())),
        Err(payload) => (
            LcStatus::Panic,
            Some(panic_error(payload.as_ref()).to_json().into_bytes()),
        ),
    };
    if let Some(text) = text {
        // Writing the output cannot panic in practice; guard it anyway so nothing unwinds out.
        let written = catch_unwind(AssertUnwindSafe(|| out_json.write(text)));
        if written.is_err() {
            return LcStatus::Panic;
        }
    }
    status
}

/// Runs `body` for an exported function without a result (frees, cancel). A panic is swallowed
/// (the default panic hook has already printed it).
pub(crate) fn void_guard(body: impl FnOnce()) {
    let _ = catch_unwind(AssertUnwindSafe(body));
}

/// Runs `body` for an exported function that returns a value, giving `fallback` on a panic.
pub(crate) fn value_guard<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}

/// A test-only export that panics inside the guard: the test proves it returns
/// `LC_STATUS_PANIC` with an error JSON instead of aborting the process.
///
/// # Safety
/// `out_json` is NULL or valid for writing one pointer.
#[cfg(test)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lc_test_panic(out_json: *mut *mut std::ffi::c_char) -> LcStatus {
    status_guard(
        // SAFETY: NULL or writable (contract).
        unsafe { OutJson::new(out_json) },
        || panic!("lc_test_panic was called"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::take_json;

    #[test]
    fn a_panicking_export_returns_a_status_and_an_error_json_instead_of_aborting() {
        let mut out = std::ptr::null_mut();
        // SAFETY: `out` is a valid out-pointer.
        let status = unsafe { lc_test_panic(&mut out) };
        assert_eq!(status, LcStatus::Panic);
        let json = take_json(out);
        assert_eq!(json["kind"], "internal");
        assert!(
            json["message"]
                .as_str()
                .unwrap()
                .contains("lc_test_panic was called"),
            "{json}"
        );
        // SAFETY: NULL out-pointer is allowed.
        let status = unsafe { lc_test_panic(std::ptr::null_mut()) };
        assert_eq!(status, LcStatus::Panic);
    }

    #[test]
    fn value_and_void_guards_survive_panics() {
        assert_eq!(value_guard(7, || panic!("boom")), 7);
        void_guard(|| panic!("boom"));
    }
}
