//! Errors crossing into Python. Failures of calls travel as the core's error JSON and become
//! `livechat_client` exceptions in Python (`livechat_client/_errors.py`, generated from the core's kind list);
//! synchronous failures raise `NativeError(error_json)`, which the Python layer converts the same
//! way. One mapping, in one place.

use livechat::Error;
use pyo3::PyErr;
use pyo3::create_exception;
use pyo3::exceptions::PyException;

create_exception!(
    _native,
    NativeError,
    PyException,
    "A core error; args[0] is the error JSON. Converted by livechat_client._errors."
);

/// Any core error → `NativeError(error_json)`.
pub(crate) fn to_py(e: Error) -> PyErr {
    NativeError::new_err(e.to_json())
}

/// Same as [`to_py`], for call sites that read better with the runtime in the name.
pub(crate) fn to_py_runtime_error(e: Error) -> PyErr {
    to_py(e)
}
