//! `lc_webhook_parse`: the core's webhook parser for C hosts — bytes in, the verified webhook as
//! normalized JSON out. No network, no client, no runtime.

use std::ffi::c_char;

use livechat_core::webhooks;

use crate::status::LcStatus;
use crate::strings::{OutJson, invalid, str_arg};

/// Checks and parses a webhook body LiveChat POSTed to you. `body` points to `len` bytes (the
/// request body as received; it need not be NUL-terminated, and NULL is allowed only with
/// `len` 0). `secret_key` is the NUL-terminated secret you gave `register_webhook`; it is
/// compared with the body's `secret_key` in constant time.
///
/// On `LC_STATUS_OK` `*out_json` receives the webhook as JSON — `{"webhook_id", "action",
/// "organization_id" (3.4+) | "license_id" (3.3), "payload", "additional_data"?, "requester"?}`,
/// the body without its `secret_key`, with the payload's documented fields in their documented
/// types (actions this library does not know are passed through as sent; a known action whose
/// payload is not in the documented shape is passed through as sent with `"payload_error"`,
/// the reason). Otherwise the error
/// JSON: `LC_STATUS_WEBHOOK_SECRET` when the body's `secret_key` is missing or different (answer
/// 401 and drop it), `LC_STATUS_INVALID_WEBHOOK` for a body over 1 MiB (refused before parsing),
/// not UTF-8 JSON, not an object or without `action` (answer 400), and
/// `LC_STATUS_INVALID_ARGUMENT` for NULL arguments or an empty `secret_key`. Neither secret
/// ever appears in the error JSON. Free `*out_json` with `lc_string_free`.
///
/// Answer LiveChat's POST with 200 as soon as this returns OK and do the work after: LiveChat
/// waits about 10 s and retries, so handle each webhook idempotently. Thread-safe, no blocking.
///
/// # Safety
/// `body` is NULL (with `len` 0) or valid for reading `len` bytes; `secret_key` is NULL or a
/// NUL-terminated string; `out_json` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lc_webhook_parse(
    body: *const u8,
    len: usize,
    secret_key: *const c_char,
    out_json: *mut *mut c_char,
) -> LcStatus {
    crate::guard::status_guard(
        // SAFETY: `out_json` is NULL or writable (this function's contract).
        unsafe { OutJson::new(out_json) },
        || {
            // SAFETY: NULL or a NUL-terminated string (contract).
            let secret = unsafe { str_arg(secret_key, "secret_key") }?;
            let bytes: &[u8] = if body.is_null() {
                if len != 0 {
                    return Err(invalid(format!("body is NULL but len is {len}")));
                }
                &[]
            } else {
                // SAFETY: non-NULL and valid for `len` bytes (contract).
                unsafe { std::slice::from_raw_parts(body, len) }
            };
            let webhook = webhooks::parse(bytes, secret)?;
            Ok(Some(webhook.to_json().to_string().into_bytes()))
        },
    )
}
