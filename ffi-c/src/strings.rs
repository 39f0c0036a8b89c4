//! Strings across the boundary: borrowing C inputs as checked UTF-8, parsing JSON arguments, and
//! handing out library-allocated strings (`CString::into_raw`) that only `lc_string_free` takes
//! back (`CString::from_raw`). The only file that allocates or frees C strings.

use std::ffi::{CStr, CString, c_char};

use livechat_core::{CallOptions, Error, ErrorKind};
use serde_json::{Map, Value};

/// An `invalid_argument` error.
pub(crate) fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidArgument, message)
}

/// Borrows a required C string argument as UTF-8.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that stays valid for `'a`.
pub(crate) unsafe fn str_arg<'a>(ptr: *const c_char, what: &str) -> Result<&'a str, Error> {
    // SAFETY: forwarded from this function's contract.
    unsafe { opt_str_arg(ptr, what) }?.ok_or_else(|| invalid(format!("{what} is NULL")))
}

/// Borrows an optional (nullable) C string argument as UTF-8.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that stays valid for `'a`.
pub(crate) unsafe fn opt_str_arg<'a>(
    ptr: *const c_char,
    what: &str,
) -> Result<Option<&'a str>, Error> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: non-NULL, and the caller guarantees a valid NUL-terminated string.
    let c = unsafe { CStr::from_ptr(ptr) };
    c.to_str()
        .map(Some)
        .map_err(|e| invalid(format!("{what} is not valid UTF-8: {e}")))
}

/// Parses the per-call options `options_json` (NULL, `""` and `null`: the client's defaults):
/// `{"timeout": s, "attempt_timeout": s, "max_retries": n}`, strict; errors name the key.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string valid for the call.
pub(crate) unsafe fn options_arg(ptr: *const c_char) -> Result<CallOptions, Error> {
    // SAFETY: forwarded from this function's contract.
    let text = unsafe { opt_str_arg(ptr, "options_json") }?.unwrap_or_default();
    let fail = |message: &str| invalid(format!("options_json: {message}"));
    // serde's type errors give a line and column, not the key: name it first.
    if let Ok(Value::Object(map)) = serde_json::from_str::<Value>(text) {
        for (key, value) in &map {
            let ok = match key.as_str() {
                "timeout" | "attempt_timeout" => value.is_number(),
                "max_retries" => value.is_u64(),
                _ => true,
            };
            if !ok {
                let what = if key == "max_retries" {
                    "an integer from 0 to 10"
                } else {
                    "a number of seconds"
                };
                return Err(fail(&format!(
                    "{key} must be {what}, got {}",
                    json_type(value)
                )));
            }
        }
    }
    CallOptions::from_json(text).map_err(|e| fail(e.message()))
}

/// Parses a JSON object argument; NULL, `""` and `null` mean no arguments.
pub(crate) fn json_object(text: Option<&str>, what: &str) -> Result<Map<String, Value>, Error> {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return Ok(Map::new());
    };
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(Value::Null) => Ok(Map::new()),
        Ok(other) => Err(invalid(format!(
            "{what} must be a JSON object, got {}",
            json_type(&other)
        ))),
        Err(e) => Err(invalid(format!("{what} is not valid JSON: {e}"))),
    }
}

/// The JSON type of a value, with its article, for error messages ("an array").
pub(crate) fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Turns JSON text into a library-owned C string (freed by `lc_string_free`).
pub(crate) fn c_string(text: Vec<u8>) -> Result<CString, Error> {
    CString::new(text).map_err(|_| {
        Error::new(
            ErrorKind::Decode,
            "the response contains a NUL byte and cannot be returned as a C string",
        )
    })
}

/// The `out_json`/`out_error` parameter of an exported function: NULL, or where the result or
/// error JSON goes. Created once per call from the caller's pointer.
pub(crate) struct OutJson(*mut *mut c_char);

impl OutJson {
    /// Wraps the caller's out-pointer.
    ///
    /// # Safety
    /// `out` is NULL or valid for writing one pointer for the duration of the exported call.
    pub(crate) unsafe fn new(out: *mut *mut c_char) -> OutJson {
        OutJson(out)
    }

    /// No out-pointer: results and errors are dropped.
    pub(crate) fn none() -> OutJson {
        OutJson(std::ptr::null_mut())
    }

    /// Sets the caller's pointer to NULL.
    pub(crate) fn clear(&self) {
        // SAFETY: NULL or writable (constructor contract).
        unsafe { clear_out(self.0) };
    }

    /// Hands `text` to the caller as a library-owned string.
    pub(crate) fn write(&self, text: Vec<u8>) {
        // SAFETY: NULL or writable (constructor contract).
        unsafe { write_out(self.0, text) };
    }
}

/// Sets `*out` to NULL when `out` is not NULL.
///
/// # Safety
/// `out` is NULL or valid for writing one pointer.
pub(crate) unsafe fn clear_out<T>(out: *mut *mut T) {
    if !out.is_null() {
        // SAFETY: non-NULL and writable per the contract.
        unsafe { out.write(std::ptr::null_mut()) };
    }
}

/// Hands `text` to the caller through `out` (dropped when `out` is NULL or the text has a NUL).
///
/// # Safety
/// `out` is NULL or valid for writing one pointer.
pub(crate) unsafe fn write_out(out: *mut *mut c_char, text: Vec<u8>) {
    if out.is_null() {
        return;
    }
    let c = match c_string(text) {
        Ok(c) => c,
        Err(e) => match CString::new(e.to_json()) {
            Ok(c) => c,
            Err(_) => return,
        },
    };
    // SAFETY: non-NULL and writable per the contract; ownership passes to the caller.
    unsafe { out.write(c.into_raw()) };
}

/// Frees a string returned by this library and sets `*string` to NULL. `string` and `*string`
/// may be NULL. Never pass a string this library did not return, nor one it only lent (the
/// `json` of a callback).
///
/// # Safety
/// `string` is NULL or points to a pointer that is NULL or was returned by this library and not
/// freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lc_string_free(string: *mut *mut c_char) {
    crate::guard::void_guard(|| {
        if string.is_null() {
            return;
        }
        // SAFETY: `string` is non-NULL and points to a readable, writable pointer (contract).
        let raw = unsafe { string.replace(std::ptr::null_mut()) };
        if !raw.is_null() {
            // SAFETY: `raw` came from `CString::into_raw` in `write_out` and was not freed yet.
            drop(unsafe { CString::from_raw(raw) });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_strings_are_checked_for_null_and_utf8() {
        // SAFETY: NULL is allowed.
        let err = unsafe { str_arg(std::ptr::null(), "method") }.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidArgument);
        assert!(err.message().contains("method is NULL"));
        let bad = [0xffu8, 0xfe, 0];
        // SAFETY: `bad` is NUL-terminated and lives for the call.
        let err = unsafe { str_arg(bad.as_ptr().cast(), "method") }.unwrap_err();
        assert!(err.message().contains("not valid UTF-8"), "{err}");
        // SAFETY: a valid C string literal.
        assert_eq!(unsafe { str_arg(c"ok".as_ptr(), "x") }.unwrap(), "ok");
    }

    #[test]
    fn json_arguments_must_be_objects_and_null_means_none() {
        assert!(json_object(None, "args_json").unwrap().is_empty());
        assert!(json_object(Some("null"), "args_json").unwrap().is_empty());
        assert!(json_object(Some(" "), "args_json").unwrap().is_empty());
        assert_eq!(json_object(Some(r#"{"a":1}"#), "a").unwrap()["a"], 1);
        let err = json_object(Some("[1]"), "args_json").unwrap_err();
        assert!(
            err.message()
                .contains("must be a JSON object, got an array")
        );
        let err = json_object(Some("{"), "args_json").unwrap_err();
        assert!(err.message().contains("not valid JSON"));
    }

    #[test]
    fn string_free_nulls_the_pointer_and_accepts_null() {
        let mut out = std::ptr::null_mut();
        // SAFETY: `out` is a valid out-pointer.
        unsafe { write_out(&mut out, b"{}".to_vec()) };
        assert!(!out.is_null());
        // SAFETY: `out` holds a string from write_out.
        unsafe { lc_string_free(&mut out) };
        assert!(out.is_null());
        // SAFETY: NULL inner and outer pointers are allowed.
        unsafe { lc_string_free(&mut out) };
        // SAFETY: as above.
        unsafe { lc_string_free(std::ptr::null_mut()) };
    }
}
