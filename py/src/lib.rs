//! `livechat_client._native`: the Rust half of the Python package. It holds no API logic: calls go by
//! name through the core's method table, complete through the per-loop `Bridge`, and errors cross
//! as the core's error JSON. The public Python API lives in `py/python/livechat_client`.

mod bridge;
mod busy_poll;
mod client;
mod convert;
mod emulator;
mod errors;
mod logging;
mod pager;
mod webhooks;

use pyo3::prelude::*;

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

/// The region a credential names, by the core's rule (`Token::region`): `scheme` is `"Bearer"`
/// or `"Basic"` (Basic credentials name none).
#[pyfunction]
fn token_region(scheme: &str, value: &str) -> PyResult<Option<String>> {
    let token = match scheme {
        "Bearer" => livechat::Token::bearer(value),
        "Basic" => livechat::Token::basic(value),
        other => {
            return Err(errors::to_py(livechat::Error::new(
                livechat::ErrorKind::InvalidArgument,
                format!("scheme must be \"Bearer\" or \"Basic\", got {other:?}"),
            )));
        }
    };
    Ok(token.region().map(str::to_owned))
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
    m.add("DEFAULT_API_URL", livechat::DEFAULT_API_URL)?;
    m.add("DEFAULT_VERSION", livechat::ApiVersion::DEFAULT.as_str())?;
    let versions: Vec<&str> = livechat::ApiVersion::ALL.map(|v| v.as_str()).to_vec();
    m.add("API_VERSIONS", pyo3::types::PyTuple::new(m.py(), versions)?)?;
    m.add("NativeError", m.py().get_type::<errors::NativeError>())?;
    m.add_class::<bridge::Bridge>()?;
    m.add_class::<client::NativeClient>()?;
    m.add_class::<pager::NativePager>()?;
    m.add_class::<emulator::EmulatorHandle>()?;
    m.add_function(wrap_pyfunction!(methods_json, m)?)?;
    m.add_function(wrap_pyfunction!(error_kinds, m)?)?;
    m.add_function(wrap_pyfunction!(api_error_types, m)?)?;
    m.add_function(wrap_pyfunction!(token_region, m)?)?;
    m.add_function(wrap_pyfunction!(runtime_started, m)?)?;
    m.add_function(wrap_pyfunction!(logging::set_log_level, m)?)?;
    m.add_function(wrap_pyfunction!(logging::flush_logs, m)?)?;
    webhooks::register(m)?;
    Ok(())
}
