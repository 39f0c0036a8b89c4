//! `LcStatus`, the return value of every fallible function, and its names. The numbers are the
//! core's `ErrorKind::code()` values (a test checks them against `ErrorKind::ALL`), plus `OK` and
//! the C layer's own (`PANIC`); nothing here decides what an error means.
//!
//! The values are part of the ABI: a test pins every one (`tests/c/test_status.c` too), and new
//! ones are only ever appended in their range, never renumbered.

use std::ffi::{CStr, c_char};

use livechat_core::{Error, ErrorKind};

/// The outcome of a call. `LC_STATUS_OK` is 0; every other value names the kind of failure and
/// comes with an error JSON (`{"kind": …, "message": …, …}`).
///
/// Stable values, in ranges (a value, once given, is never renumbered nor reused):
/// - 0: `LC_STATUS_OK`.
/// - 1–63: the error kinds of the core, the same number as the error JSON's `kind` has in every
///   language; new kinds are appended (13, 14, …). 12 is `LC_STATUS_PANIC`, given before the
///   ranges were set; no core kind takes it.
/// - 64–127: reserved for statuses of the C layer itself.
/// - Anything else (negative, 128 and up): never returned.
///
/// A newer library may return a value this header does not list: treat every unknown non-zero
/// value as an error (its error JSON still says what happened); `lc_status_name` names it
/// `"LC_STATUS_UNKNOWN"`.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LcStatus {
    /// Success.
    Ok = 0,
    /// The API answered with an error (`status`, `type`, `message`, `data` in the error JSON).
    Api = 1,
    /// The connection could not be made or broke.
    Transport = 2,
    /// An attempt took longer than the timeout.
    Timeout = 3,
    /// A response could not be decoded.
    Decode = 4,
    /// The token getter failed, answered with an error or did not answer in time.
    Token = 5,
    /// The method does not exist, or not in the client's API version. Nothing was sent.
    UnsupportedMethod = 6,
    /// An argument was NULL, not UTF-8, not valid JSON or of the wrong type. Nothing was sent.
    InvalidArgument = 7,
    /// The operation was cancelled (`lc_op_cancel`).
    Cancelled = 8,
    /// The client was closed (`lc_client_free`) before the operation finished.
    Closed = 9,
    /// The shared runtime cannot be used here: a blocking call on a library thread (e.g. inside
    /// a callback), or a process forked after the runtime started.
    Runtime = 10,
    /// A bug in this library.
    Internal = 11,
    /// A panic inside the library was caught at the boundary (a bug; the process is intact).
    Panic = 12,
    /// `lc_webhook_parse`: the body is not a webhook (over 1 MiB, not JSON, not an object, no
    /// `action`).
    InvalidWebhook = 13,
    /// `lc_webhook_parse`: the webhook's `secret_key` is missing or not the expected one.
    WebhookSecret = 14,
}

/// Every status, in numeric order.
pub(crate) const ALL_STATUSES: [LcStatus; 15] = [
    LcStatus::Ok,
    LcStatus::Api,
    LcStatus::Transport,
    LcStatus::Timeout,
    LcStatus::Decode,
    LcStatus::Token,
    LcStatus::UnsupportedMethod,
    LcStatus::InvalidArgument,
    LcStatus::Cancelled,
    LcStatus::Closed,
    LcStatus::Runtime,
    LcStatus::Internal,
    LcStatus::Panic,
    LcStatus::InvalidWebhook,
    LcStatus::WebhookSecret,
];

impl LcStatus {
    /// The status with this number, if any.
    pub(crate) fn from_code(code: i32) -> Option<LcStatus> {
        ALL_STATUSES.iter().copied().find(|s| *s as i32 == code)
    }

    /// The status for a core error kind: the same number as `ErrorKind::code()`.
    pub(crate) fn from_kind(kind: ErrorKind) -> LcStatus {
        match LcStatus::from_code(kind.code()) {
            Some(s) if s != LcStatus::Ok && s != LcStatus::Panic => s,
            _ => LcStatus::Internal,
        }
    }

    /// The status for a core error.
    pub(crate) fn of(error: &Error) -> LcStatus {
        LcStatus::from_kind(error.kind())
    }

    /// `"LC_STATUS_…"`, as a static C string.
    pub(crate) fn name(self) -> &'static CStr {
        match self {
            LcStatus::Ok => c"LC_STATUS_OK",
            LcStatus::Api => c"LC_STATUS_API",
            LcStatus::Transport => c"LC_STATUS_TRANSPORT",
            LcStatus::Timeout => c"LC_STATUS_TIMEOUT",
            LcStatus::Decode => c"LC_STATUS_DECODE",
            LcStatus::Token => c"LC_STATUS_TOKEN",
            LcStatus::UnsupportedMethod => c"LC_STATUS_UNSUPPORTED_METHOD",
            LcStatus::InvalidArgument => c"LC_STATUS_INVALID_ARGUMENT",
            LcStatus::Cancelled => c"LC_STATUS_CANCELLED",
            LcStatus::Closed => c"LC_STATUS_CLOSED",
            LcStatus::Runtime => c"LC_STATUS_RUNTIME",
            LcStatus::Internal => c"LC_STATUS_INTERNAL",
            LcStatus::Panic => c"LC_STATUS_PANIC",
            LcStatus::InvalidWebhook => c"LC_STATUS_INVALID_WEBHOOK",
            LcStatus::WebhookSecret => c"LC_STATUS_WEBHOOK_SECRET",
        }
    }
}

/// The name of a status, e.g. `"LC_STATUS_TIMEOUT"`; `"LC_STATUS_UNKNOWN"` for a value that is
/// not a status. The string is static: never free it.
#[unsafe(no_mangle)]
pub extern "C" fn lc_status_name(status: i32) -> *const c_char {
    crate::guard::value_guard(c"LC_STATUS_UNKNOWN".as_ptr(), || {
        LcStatus::from_code(status)
            .map_or(c"LC_STATUS_UNKNOWN", LcStatus::name)
            .as_ptr()
    })
}

/// The library's version, e.g. `"0.1.0"`. The string is static: never free it.
#[unsafe(no_mangle)]
pub extern "C" fn lc_version() -> *const c_char {
    crate::guard::value_guard(std::ptr::null(), || {
        static VERSION: std::sync::OnceLock<std::ffi::CString> = std::sync::OnceLock::new();
        VERSION
            .get_or_init(|| std::ffi::CString::new(livechat_core::VERSION).unwrap_or_default())
            .as_ptr()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every status with its value and name, written out: part of the ABI. A renumbering, a
    /// rename or a removal fails here (and in `tests/c/test_status.c`); a new status is a new
    /// line, with a value never used before.
    const PINNED: [(LcStatus, i32, &str); 15] = [
        (LcStatus::Ok, 0, "LC_STATUS_OK"),
        (LcStatus::Api, 1, "LC_STATUS_API"),
        (LcStatus::Transport, 2, "LC_STATUS_TRANSPORT"),
        (LcStatus::Timeout, 3, "LC_STATUS_TIMEOUT"),
        (LcStatus::Decode, 4, "LC_STATUS_DECODE"),
        (LcStatus::Token, 5, "LC_STATUS_TOKEN"),
        (
            LcStatus::UnsupportedMethod,
            6,
            "LC_STATUS_UNSUPPORTED_METHOD",
        ),
        (LcStatus::InvalidArgument, 7, "LC_STATUS_INVALID_ARGUMENT"),
        (LcStatus::Cancelled, 8, "LC_STATUS_CANCELLED"),
        (LcStatus::Closed, 9, "LC_STATUS_CLOSED"),
        (LcStatus::Runtime, 10, "LC_STATUS_RUNTIME"),
        (LcStatus::Internal, 11, "LC_STATUS_INTERNAL"),
        (LcStatus::Panic, 12, "LC_STATUS_PANIC"),
        (LcStatus::InvalidWebhook, 13, "LC_STATUS_INVALID_WEBHOOK"),
        (LcStatus::WebhookSecret, 14, "LC_STATUS_WEBHOOK_SECRET"),
    ];

    #[test]
    fn every_status_keeps_its_pinned_value_and_name() {
        assert_eq!(
            ALL_STATUSES.len(),
            PINNED.len(),
            "a status without a pinned value"
        );
        for (status, value, name) in PINNED {
            assert_eq!(status as i32, value, "{name} was renumbered");
            assert_eq!(status.name().to_str().unwrap(), name);
            assert_eq!(LcStatus::from_code(value), Some(status));
            assert!(ALL_STATUSES.contains(&status));
        }
    }

    #[test]
    fn statuses_mirror_the_core_error_kinds_in_name_and_number() {
        for kind in ErrorKind::ALL {
            let code = kind.code();
            assert!(
                (1..=63).contains(&code) && code != LcStatus::Panic as i32,
                "{kind}: core error kinds take 1-63 except 12 (LC_STATUS_PANIC), got {code}"
            );
            let status = LcStatus::from_kind(kind);
            assert_eq!(status as i32, code, "{kind} has no LcStatus yet: add one");
            let expected = format!("LC_STATUS_{}", kind.as_str().to_ascii_uppercase());
            assert_eq!(status.name().to_str().unwrap(), expected, "{kind}");
        }
        // Every status but OK and the C layer's own is a core kind.
        for status in ALL_STATUSES {
            let own = matches!(status, LcStatus::Ok | LcStatus::Panic);
            let is_kind = ErrorKind::ALL.iter().any(|k| k.code() == status as i32);
            assert!(own != is_kind, "{:?}", status.name());
        }
    }

    #[test]
    fn status_names_are_static_and_unknown_values_are_named_unknown() {
        let name = |v: i32| {
            // SAFETY: lc_status_name returns static NUL-terminated strings.
            unsafe { CStr::from_ptr(lc_status_name(v)) }
                .to_str()
                .unwrap()
        };
        assert_eq!(name(0), "LC_STATUS_OK");
        assert_eq!(name(3), "LC_STATUS_TIMEOUT");
        assert_eq!(name(12), "LC_STATUS_PANIC");
        assert_eq!(name(14), "LC_STATUS_WEBHOOK_SECRET");
        for unknown in [15, 63, 64, 127, 128, -1, i32::MAX, i32::MIN] {
            assert_eq!(name(unknown), "LC_STATUS_UNKNOWN", "{unknown}");
        }
        // SAFETY: lc_version returns a static NUL-terminated string.
        let version = unsafe { CStr::from_ptr(lc_version()) };
        assert_eq!(version.to_str().unwrap(), livechat_core::VERSION);
    }
}
