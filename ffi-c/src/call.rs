//! Calls: any method of the method table by name with its arguments as a JSON object, and the
//! raw `send(action, body)`, each blocking or async. Everything that can be checked without the
//! network (NULLs, UTF-8, JSON, method name and version, argument names and types) is checked
//! before the function returns; only the request itself runs later.

use std::ffi::{c_char, c_void};

use bytes::Bytes;
use livechat_core::{Client, Error, methods};

use crate::client::{LcClient, client_queue, client_ref};
use crate::guard::Output;
use crate::ops::{LcDoneFn, LcOp, Work, start};
use crate::status::LcStatus;
use crate::strings::{OutJson, json_object, opt_str_arg, options_arg, str_arg};

/// Runs prepared work to completion on the runtime's threads while the calling thread waits
/// (woken once, at the end), with SIGPIPE kept from killing the host meanwhile (`sigpipe.rs`).
pub(crate) fn block(work: Result<Work, Error>) -> Output {
    let work = work?;
    let body = crate::sigpipe::without_sigpipe(|| livechat_core::runtime::run_blocking(work))??;
    Ok(body.map(Vec::from))
}

/// Checks a method call and returns its work.
///
/// # Safety
/// Pointers as in `lc_client_call`.
unsafe fn prepare_call(
    client: *const LcClient,
    method: *const c_char,
    args_json: *const c_char,
    options_json: *const c_char,
) -> Result<Work, Error> {
    // SAFETY: forwarded from the caller's contract.
    let (agent, method, args, options) = unsafe {
        (
            client_ref(client)?,
            str_arg(method, "method")?,
            opt_str_arg(args_json, "args_json")?,
            options_arg(options_json)?,
        )
    };
    let args = json_object(args, "args_json")?;
    let spec = agent.resolve(method)?;
    if !spec.multipart {
        // Argument names, types and required fields, checked now rather than in the callback.
        methods::build_body(spec, agent.version(), args.clone())?;
    }
    let agent: Client = agent.clone();
    let method = spec.name;
    Ok(Box::pin(async move {
        agent
            .call_method_bytes(method, args, options)
            .await
            .map(Some)
    }))
}

/// Checks a raw send and returns its work. The body is validated now (one JSON object) and
/// sent later exactly as given; NULL, `""`, whitespace and `null` are `{}`.
///
/// # Safety
/// Pointers as in `lc_client_send`.
unsafe fn prepare_send(
    client: *const LcClient,
    action: *const c_char,
    body_json: *const c_char,
    options_json: *const c_char,
) -> Result<Work, Error> {
    // SAFETY: forwarded from the caller's contract.
    let (agent, action, body, options) = unsafe {
        (
            client_ref(client)?,
            str_arg(action, "action")?,
            opt_str_arg(body_json, "body_json")?,
            options_arg(options_json)?,
        )
    };
    let body = match body {
        // Copied: the C string is borrowed for this call only.
        Some(text) if !matches!(text.trim(), "" | "null") => {
            Bytes::copy_from_slice(text.as_bytes())
        }
        _ => Bytes::from_static(b"{}"),
    };
    let body = livechat_core::check_raw_body(action, body)?;
    let agent: Client = agent.clone();
    let action = action.to_owned();
    Ok(Box::pin(async move {
        agent.send_raw(&action, body, options).await.map(Some)
    }))
}

/// Calls a method of the client's API and waits for the answer.
///
/// `method` is the method's name in the client's table (`lc_methods`, the surface named by the
/// config's `"api"`; e.g. `"send_event"`); `args_json` is a JSON object with the method's
/// parameters by name (NULL, `""`, whitespace only and `null` mean no arguments), e.g.
/// `{"chat_id":"PJ0MRSHTDG","event":{"type":"message","text":"hi"}}`. `upload_file` takes
/// `{"file":"<path>","filename"?:"…"}` here (see `lc_client_upload` for memory).
///
/// `options_json` (nullable; NULL, `""` and `null` keep the client's settings) overrides
/// options for this call only, the same in every call, send, upload and pager function,
/// blocking or async: `{"timeout": s, "attempt_timeout": s, "max_retries": n, "retry": "read" |
/// "write"}`, every key optional, times in seconds (fractions allowed, greater than 0),
/// `max_retries` 0–10. `timeout` bounds the whole call (every attempt, the waits between
/// retries, the token getter, the wait for a connection): when it runs out the call fails with
/// `LC_STATUS_TIMEOUT`; `attempt_timeout` bounds one attempt. `retry` only matters for
/// `lc_client_send` of an action not in the table (default `"write"`: never replayed once it
/// may have reached the server); table methods keep their own class. It is parsed before the
/// function returns; an unknown key or a bad value is `LC_STATUS_INVALID_ARGUMENT` with a
/// message naming the key, and nothing is sent. Example: `{"timeout": 2.5, "max_retries": 0}`.
///
/// On `LC_STATUS_OK` `*out_json` receives the response JSON as the API sent it; otherwise the
/// error JSON (either way the caller's, freed with `lc_string_free`). An unknown method, one of
/// another API (e.g. `send_event` on a configuration client: the message names the API that
/// has it) or one the client's API version lacks gives `LC_STATUS_UNSUPPORTED_METHOD`, a wrong
/// argument `LC_STATUS_INVALID_ARGUMENT`; nothing is sent then. Blocks the calling thread;
/// fails with `LC_STATUS_RUNTIME` on a library thread (inside a callback or the token getter).
/// Thread-safe: any thread, the same client from many threads at once.
///
/// # Safety
/// `client` is NULL or a live client; `method`, `args_json` and `options_json` are NULL or
/// NUL-terminated strings; `out_json` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lc_client_call(
    client: *const LcClient,
    method: *const c_char,
    args_json: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> LcStatus {
    crate::guard::status_guard(
        // SAFETY: `out_json` is NULL or writable (this function's contract).
        unsafe { OutJson::new(out_json) },
        || {
            // SAFETY: the pointers are valid per this function's contract.
            block(unsafe { prepare_call(client, method, args_json, options_json) })
        },
    )
}

/// Sends any action with a raw JSON body and waits for the answer: the escape hatch for
/// actions or fields this library does not know yet. `action` is `[a-z_]+` (e.g.
/// `"list_chats"`); `body_json` (nullable; NULL, `""`, whitespace and `null` mean `{}`) is the
/// request body: one JSON object, checked before this function returns (anything else is
/// `LC_STATUS_INVALID_ARGUMENT`, nothing sent) and then sent byte for byte as given —
/// whitespace, key order, escapes and numbers (`18446744073709551616`, `-0`,
/// `1.0000000000000000001`) unchanged. `options_json`, results and errors as in
/// `lc_client_call`.
///
/// # Safety
/// `client` is NULL or a live client; `action`, `body_json` and `options_json` are NULL or
/// NUL-terminated strings; `out_json` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lc_client_send(
    client: *const LcClient,
    action: *const c_char,
    body_json: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> LcStatus {
    crate::guard::status_guard(
        // SAFETY: `out_json` is NULL or writable (this function's contract).
        unsafe { OutJson::new(out_json) },
        || {
            // SAFETY: the pointers are valid per this function's contract.
            block(unsafe { prepare_send(client, action, body_json, options_json) })
        },
    )
}

/// `lc_client_call` without waiting: returns at once and fires `callback(user_data, status,
/// json)` exactly once on a library thread when the call ends (see `LcDoneFn`), or inside
/// `lc_queue_drain` (or `lc_queue_free`) when the client has a queue (`lc_client_set_queue`).
/// `user_data` is the caller's: `user_data` must stay valid until the callback has run;
/// `lc_op_cancel`, `lc_op_free` and `lc_client_free` do not wait for the callback (a cancelled
/// or closed call still fires it, with `LC_STATUS_CANCELLED` or `LC_STATUS_CLOSED`).
///
/// If `out_op` is not NULL it receives a handle to cancel the call (`lc_op_cancel`), to be freed
/// with `lc_op_free`. `*out_op` is written before the call starts, so the callback (which may
/// run before this function returns) always finds it there: the callback may free the op and a
/// context holding it (`lc_op_free(&ctx->op); free(ctx)` with `out_op = &ctx->op`); once the
/// call started, this function touches neither `*out_op` nor `user_data` again.
///
/// Returns `LC_STATUS_OK` when the call was started; any other status means nothing was
/// started, the callback will never fire, and `*out_error` (if not NULL) receives the error
/// JSON (it is set to NULL on success).
///
/// # Safety
/// As `lc_client_call`; `out_op` and `out_error` are NULL or writable; `callback` may be
/// called from a library thread with `user_data`.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn lc_client_call_async(
    client: *const LcClient,
    method: *const c_char,
    args_json: *const c_char,
    options_json: *const c_char,
    callback: LcDoneFn,
    user_data: *mut c_void,
    out_op: *mut *mut LcOp,
    out_error: *mut *mut c_char,
) -> LcStatus {
    crate::guard::status_guard(
        // SAFETY: `out_error` is NULL or writable (this function's contract).
        unsafe { OutJson::new(out_error) },
        || {
            // SAFETY: the pointers are valid per this function's contract.
            let work = unsafe { prepare_call(client, method, args_json, options_json) };
            // SAFETY: the pointers are valid per this function's contract.
            unsafe { start(work, client_queue(client), callback, user_data, out_op) }.map(|()| None)
        },
    )
}

/// `lc_client_send` without waiting; callback, op handle and errors as in
/// `lc_client_call_async`. `user_data` must stay valid until the callback has run
/// (`lc_op_cancel`, `lc_op_free` and `lc_client_free` do not wait for it); with a queue
/// (`lc_client_set_queue`) the callback runs in `lc_queue_drain` or `lc_queue_free`.
///
/// # Safety
/// As `lc_client_send`; `out_op` and `out_error` are NULL or writable; `callback` may be
/// called from a library thread with `user_data`.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn lc_client_send_async(
    client: *const LcClient,
    action: *const c_char,
    body_json: *const c_char,
    options_json: *const c_char,
    callback: LcDoneFn,
    user_data: *mut c_void,
    out_op: *mut *mut LcOp,
    out_error: *mut *mut c_char,
) -> LcStatus {
    crate::guard::status_guard(
        // SAFETY: `out_error` is NULL or writable (this function's contract).
        unsafe { OutJson::new(out_error) },
        || {
            // SAFETY: the pointers are valid per this function's contract.
            let work = unsafe { prepare_send(client, action, body_json, options_json) };
            // SAFETY: the pointers are valid per this function's contract.
            unsafe { start(work, client_queue(client), callback, user_data, out_op) }.map(|()| None)
        },
    )
}
