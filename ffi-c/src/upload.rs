//! `upload_file` from C: a file path, or a byte buffer + filename (copied during the call), each
//! blocking or async. The core refuses files over 10 MB before anything is sent.

use std::ffi::{c_char, c_void};
use std::path::PathBuf;

use bytes::Bytes;
use livechat_core::{Error, UploadSource};

use crate::call::block;
use crate::client::{LcAgentWeb, client_ref};
use crate::ops::{LcDoneFn, LcOp, Work, start};
use crate::status::LcStatus;
use crate::strings::{OutJson, invalid, opt_str_arg, options_arg};

/// A path argument: any bytes on Unix (paths need not be UTF-8), UTF-8 elsewhere.
///
/// # Safety
/// `path` is NULL or a NUL-terminated string.
unsafe fn path_arg(path: *const c_char) -> Result<PathBuf, Error> {
    if path.is_null() {
        return Err(invalid("path is NULL"));
    }
    // SAFETY: non-NULL NUL-terminated string (contract).
    let c = unsafe { std::ffi::CStr::from_ptr(path) };
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        Ok(PathBuf::from(std::ffi::OsStr::from_bytes(c.to_bytes())))
    }
    #[cfg(not(unix))]
    {
        c.to_str()
            .map(PathBuf::from)
            .map_err(|e| invalid(format!("path is not valid UTF-8: {e}")))
    }
}

/// Checks an upload and returns its work.
///
/// # Safety
/// `client` is NULL or a live client; `filename` is NULL or a NUL-terminated string.
unsafe fn prepare(
    client: *const LcAgentWeb,
    source: Result<UploadSource, Error>,
    filename: *const c_char,
    options_json: *const c_char,
) -> Result<Work, Error> {
    // SAFETY: forwarded from the caller's contract.
    let (agent, filename, options) = unsafe {
        (
            client_ref(client)?,
            opt_str_arg(filename, "filename")?,
            options_arg(options_json)?,
        )
    };
    let source = source?;
    if matches!(source, UploadSource::Bytes(_)) && filename.is_none() {
        return Err(invalid(
            "filename is NULL; it is required when uploading bytes",
        ));
    }
    agent.resolve("upload_file")?;
    let agent = agent.clone();
    let filename = filename.map(str::to_owned);
    Ok(Box::pin(async move {
        agent.upload_bytes(source, filename, options).await
    }))
}

/// Copies a C buffer.
///
/// # Safety
/// `data` is NULL (then `len` must be 0) or readable for `len` bytes.
unsafe fn bytes_arg(data: *const u8, len: usize) -> Result<UploadSource, Error> {
    if data.is_null() {
        return if len == 0 {
            Ok(UploadSource::Bytes(Bytes::new()))
        } else {
            Err(invalid("data is NULL but len is not 0"))
        };
    }
    // SAFETY: non-NULL and readable for `len` bytes (contract); copied before returning.
    let slice = unsafe { std::slice::from_raw_parts(data, len) };
    Ok(UploadSource::Bytes(Bytes::copy_from_slice(slice)))
}

/// Uploads the file at `path` and waits: `*out_json` receives `{"url":"…"}` (the URL to send in
/// a `file` event) or the error JSON. `filename` (nullable) defaults to the path's file name;
/// the content type follows from it. Over 10 MB is refused with `LC_STATUS_INVALID_ARGUMENT`
/// before anything is sent. `options_json` (nullable) as in `lc_agent_web_call`.
///
/// # Safety
/// `client` is NULL or a live client; `path`, `filename` and `options_json` are NULL or
/// NUL-terminated strings; `out_json` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lc_agent_web_upload_file(
    client: *const LcAgentWeb,
    path: *const c_char,
    filename: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> LcStatus {
    crate::guard::status_guard(
        // SAFETY: `out_json` is NULL or writable (this function's contract).
        unsafe { OutJson::new(out_json) },
        || {
            // SAFETY: the pointers are valid per this function's contract.
            let source = unsafe { path_arg(path) }.map(UploadSource::Path);
            // SAFETY: the pointers are valid per this function's contract.
            block(unsafe { prepare(client, source, filename, options_json) })
        },
    )
}

/// Uploads `len` bytes at `data` as a file named `filename` (required) and waits; options and
/// results as in `lc_agent_web_upload_file`. The bytes are copied before the function returns.
///
/// # Safety
/// `client` is NULL or a live client; `data` is NULL (with `len` 0) or readable for `len` bytes;
/// `filename` and `options_json` are NULL or NUL-terminated strings; `out_json` is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lc_agent_web_upload_bytes(
    client: *const LcAgentWeb,
    data: *const u8,
    len: usize,
    filename: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> LcStatus {
    crate::guard::status_guard(
        // SAFETY: `out_json` is NULL or writable (this function's contract).
        unsafe { OutJson::new(out_json) },
        || {
            // SAFETY: the pointers are valid per this function's contract.
            let source = unsafe { bytes_arg(data, len) };
            // SAFETY: the pointers are valid per this function's contract.
            block(unsafe { prepare(client, source, filename, options_json) })
        },
    )
}

/// `lc_agent_web_upload_file` without waiting; callback, op handle and errors as in
/// `lc_agent_web_call_async`.
///
/// # Safety
/// As `lc_agent_web_upload_file`; `out_op` and `out_error` are NULL or writable; `callback` may
/// be called from a library thread with `user_data`.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn lc_agent_web_upload_file_async(
    client: *const LcAgentWeb,
    path: *const c_char,
    filename: *const c_char,
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
            let source = unsafe { path_arg(path) }.map(UploadSource::Path);
            // SAFETY: the pointers are valid per this function's contract.
            let work = unsafe { prepare(client, source, filename, options_json) };
            // SAFETY: the pointers are valid per this function's contract.
            unsafe { start(work, callback, user_data, out_op) }.map(|()| None)
        },
    )
}

/// `lc_agent_web_upload_bytes` without waiting (the bytes are copied before it returns);
/// callback, op handle and errors as in `lc_agent_web_call_async`.
///
/// # Safety
/// As `lc_agent_web_upload_bytes`; `out_op` and `out_error` are NULL or writable; `callback` may
/// be called from a library thread with `user_data`.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn lc_agent_web_upload_bytes_async(
    client: *const LcAgentWeb,
    data: *const u8,
    len: usize,
    filename: *const c_char,
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
            let source = unsafe { bytes_arg(data, len) };
            // SAFETY: the pointers are valid per this function's contract.
            let work = unsafe { prepare(client, source, filename, options_json) };
            // SAFETY: the pointers are valid per this function's contract.
            unsafe { start(work, callback, user_data, out_op) }.map(|()| None)
        },
    )
}
