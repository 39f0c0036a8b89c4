//! `upload_file` from C: one blocking and one async entry point, the file given by an
//! `LcUploadSource` (a path, or a byte buffer copied during the call). The core refuses files
//! over 10 MB before anything is sent.

use std::ffi::{c_char, c_void};
use std::path::PathBuf;

use bytes::Bytes;
use livechat_core::{Error, UploadSource};

use crate::call::block;
use crate::client::{LcClient, client_queue, client_ref};
use crate::ops::{LcDoneFn, LcOp, Work, start};
use crate::status::LcStatus;
use crate::strings::{OutJson, invalid, opt_str_arg, options_arg};

/// What to upload: exactly one of `path` and `data` is set, the other is NULL. Borrowed for
/// the duration of the call only (the bytes are copied before the function returns); zero it
/// (`LcUploadSource src = {0};`) and set the fields you need.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct LcUploadSource {
    /// A file to read (NUL-terminated; any bytes on Unix), or NULL when uploading `data`.
    pub path: *const c_char,
    /// The bytes to upload (`len` of them; non-NULL even for an empty file), or NULL when
    /// uploading `path`.
    pub data: *const u8,
    /// The number of bytes at `data`; 0 with `path`.
    pub len: usize,
    /// The file name the API stores (UTF-8, nullable): required with `data`; with `path` it
    /// defaults to the path's last component. The content type follows from its extension.
    pub filename: *const c_char,
}

/// A path argument: any bytes on Unix (paths need not be UTF-8), UTF-8 elsewhere.
///
/// # Safety
/// `path` is a non-NULL NUL-terminated string.
unsafe fn path_arg(path: *const c_char) -> Result<PathBuf, Error> {
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
            .map_err(|e| invalid(format!("source->path is not valid UTF-8: {e}")))
    }
}

/// Reads an `LcUploadSource`: the file (path or copied bytes) and its name.
///
/// # Safety
/// `source` is NULL or points to an `LcUploadSource` whose pointers are NULL or valid as its
/// documentation says.
unsafe fn source_arg(
    source: *const LcUploadSource,
) -> Result<(UploadSource, Option<String>), Error> {
    // SAFETY: NULL or a readable LcUploadSource (contract).
    let src = unsafe { source.as_ref() }.ok_or_else(|| invalid("source is NULL"))?;
    // SAFETY: NULL or a NUL-terminated string (contract).
    let filename = unsafe { opt_str_arg(src.filename, "source->filename") }?.map(str::to_owned);
    let file = match (src.path.is_null(), src.data.is_null()) {
        (false, false) => {
            return Err(invalid(
                "source has both path and data; set exactly one of them (the other NULL)",
            ));
        }
        (true, true) if src.len > 0 => {
            return Err(invalid(format!(
                "source->data is NULL but source->len is {}",
                src.len
            )));
        }
        (true, true) => {
            return Err(invalid(
                "source has neither path nor data; set exactly one of them",
            ));
        }
        (false, true) if src.len > 0 => {
            return Err(invalid(format!(
                "source->len is {} but source->data is NULL (with path, len must be 0)",
                src.len
            )));
        }
        // SAFETY: non-NULL NUL-terminated string (contract).
        (false, true) => UploadSource::Path(unsafe { path_arg(src.path) }?),
        (true, false) => {
            if filename.is_none() {
                return Err(invalid(
                    "source->filename is NULL; it is required when uploading data",
                ));
            }
            // SAFETY: non-NULL and readable for `len` bytes (contract); copied before returning.
            let slice = unsafe { std::slice::from_raw_parts(src.data, src.len) };
            UploadSource::Bytes(Bytes::copy_from_slice(slice))
        }
    };
    Ok((file, filename))
}

/// Checks an upload and returns its work.
///
/// # Safety
/// Pointers as in `lc_client_upload`.
unsafe fn prepare(
    client: *const LcClient,
    source: *const LcUploadSource,
    options_json: *const c_char,
) -> Result<Work, Error> {
    // SAFETY: forwarded from the caller's contract.
    let (client, (file, filename), options) = unsafe {
        (
            client_ref(client)?,
            source_arg(source)?,
            options_arg(options_json)?,
        )
    };
    client.resolve("upload_file")?;
    let client = client.clone();
    Ok(Box::pin(async move {
        client.upload_bytes(file, filename, options).await.map(Some)
    }))
}

/// Uploads a file and waits: `*out_json` receives `{"url":"…"}` (the URL to send in a `file`
/// event) or the error JSON.
///
/// `source` (borrowed for the call) says what to upload: exactly one of `source->path` and
/// `source->data` (with `source->len`) non-NULL, and `source->filename` (required with `data`).
/// A NULL `source`, both or neither of path and data, `data` NULL with a non-zero `len`, or a
/// missing filename is `LC_STATUS_INVALID_ARGUMENT` naming the field; so is a file over 10 MB.
/// Nothing is sent then. `options_json` (nullable) as in `lc_client_call`. Blocks the calling
/// thread; fails with `LC_STATUS_RUNTIME` on a library thread. Thread-safe: any thread, the
/// same client concurrently.
///
/// # Safety
/// `client` is NULL or a live client; `source` is NULL or points to an `LcUploadSource` whose
/// `path` and `filename` are NULL or NUL-terminated strings and whose `data` is NULL or readable
/// for `len` bytes; `options_json` is NULL or a NUL-terminated string; `out_json` is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lc_client_upload(
    client: *const LcClient,
    source: *const LcUploadSource,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> LcStatus {
    crate::guard::status_guard(
        // SAFETY: `out_json` is NULL or writable (this function's contract).
        unsafe { OutJson::new(out_json) },
        || {
            // SAFETY: the pointers are valid per this function's contract.
            block(unsafe { prepare(client, source, options_json) })
        },
    )
}

/// `lc_client_upload` without waiting: `source` is read (and its bytes copied) before this
/// function returns, so it may be freed right after. Callback, op handle and errors as in
/// `lc_client_call_async`: `user_data` must stay valid until the callback has run
/// (`lc_op_cancel`, `lc_op_free` and `lc_client_free` do not wait for it); with a queue
/// (`lc_client_set_queue`) the callback runs in `lc_queue_drain` or `lc_queue_free`.
///
/// # Safety
/// As `lc_client_upload`; `out_op` and `out_error` are NULL or writable; `callback` may be
/// called from a library thread with `user_data`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lc_client_upload_async(
    client: *const LcClient,
    source: *const LcUploadSource,
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
            let work = unsafe { prepare(client, source, options_json) };
            // SAFETY: the pointers are valid per this function's contract.
            unsafe { start(work, client_queue(client), callback, user_data, out_op) }.map(|()| None)
        },
    )
}
