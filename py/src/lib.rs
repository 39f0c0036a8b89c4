//! `livechat._native`: the Rust half of the Python package. It holds no API logic: calls go by
//! name through the core's method table, complete through the per-loop `Bridge`, and errors cross
//! as the core's error JSON. The public Python API lives in `py/python/livechat`.

mod bridge;
mod busy_poll;
mod client;
mod convert;
mod emulator;
mod errors;
mod logging;

use pyo3::prelude::*;
use serde_json::{Map, Value};

/// mimalloc for the extension's own allocations: a call's buffers are allocated on the loop
/// thread and freed on a tokio worker (and back), which glibc's malloc serves slowly.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The method table as JSON (the same export the C library offers).
#[pyfunction]
fn methods_json() -> &'static str {
    livechat::surfaces::table_json()
}

/// `[(kind, code)]` of the core's error kinds: the source of the exception classes.
#[pyfunction]
fn error_kinds() -> Vec<(&'static str, i32)> {
    livechat::ErrorKind::ALL
        .iter()
        .map(|k| (k.as_str(), k.code()))
        .collect()
}

/// The documented API error types: the source of the `ApiError` subclasses.
#[pyfunction]
fn api_error_types() -> Vec<&'static str> {
    livechat::ApiErrorType::KNOWN.to_vec()
}

/// The arguments for the page after `page_id` (the core's rule: required arguments + page_id)
/// of `method` of the API named `api` (`"agent"`, `"configuration"`).
#[pyfunction]
#[pyo3(signature = (method, version, first_args, page_id, api = "agent"))]
fn next_page_args(
    method: &str,
    version: &str,
    first_args: &Bound<'_, PyAny>,
    page_id: &str,
    api: &str,
) -> PyResult<String> {
    let version: livechat::ApiVersion = version.parse().map_err(errors::to_py)?;
    let spec = livechat::surfaces::by_name(api)
        .map_err(errors::to_py)?
        .resolve(method, version)
        .map_err(errors::to_py)?;
    let first: Map<String, Value> = convert::to_json_map(first_args)?;
    let next = livechat::methods::next_page_args(spec, version, &first, page_id);
    Ok(Value::Object(next).to_string())
}

/// Whether the shared runtime is running (it starts on the first call, never at import).
#[pyfunction]
fn runtime_started() -> bool {
    livechat::runtime::is_started()
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    logging::install();
    m.add("__version__", livechat::VERSION)?;
    m.add("NativeError", m.py().get_type::<errors::NativeError>())?;
    m.add_class::<bridge::Bridge>()?;
    m.add_class::<client::NativeClient>()?;
    m.add_class::<emulator::EmulatorHandle>()?;
    m.add_function(wrap_pyfunction!(methods_json, m)?)?;
    m.add_function(wrap_pyfunction!(error_kinds, m)?)?;
    m.add_function(wrap_pyfunction!(api_error_types, m)?)?;
    m.add_function(wrap_pyfunction!(next_page_args, m)?)?;
    m.add_function(wrap_pyfunction!(runtime_started, m)?)?;
    m.add_function(wrap_pyfunction!(logging::set_log_level, m)?)?;
    m.add_function(wrap_pyfunction!(logging::flush_logs, m)?)?;
    Ok(())
}
