//! Python values → JSON for request arguments. Walks the objects directly (no `json.dumps`
//! round-trip) and names the offending type, so a `datetime` or a `set` gets a clear error.
//! Results go the other way through `json.loads` on the loop thread (see `bridge.rs`).

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

/// Nesting deeper than this is refused (a cycle or an unreasonable argument).
const MAX_DEPTH: usize = 64;

/// A dict of arguments → JSON object.
pub(crate) fn to_json_map(obj: &Bound<'_, PyAny>) -> PyResult<Map<String, Value>> {
    if obj.is_none() {
        return Ok(Map::new());
    }
    match to_json(obj, 0, "arguments")? {
        Value::Object(m) => Ok(m),
        _ => Err(PyTypeError::new_err("arguments must be a dict")),
    }
}

/// Any JSON-compatible Python value → JSON.
pub(crate) fn to_json(obj: &Bound<'_, PyAny>, depth: usize, path: &str) -> PyResult<Value> {
    if depth > MAX_DEPTH {
        return Err(PyValueError::new_err(format!(
            "{path}: nested more than {MAX_DEPTH} levels (a reference cycle?)"
        )));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    // bool before int: True is an int in Python.
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_str()?.to_owned()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::Number(i.into()));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::Number(u.into()));
        }
        return Err(PyValueError::new_err(format!(
            "{path}: integer out of the 64-bit range"
        )));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| {
                PyValueError::new_err(format!("{path}: NaN and infinity are not JSON"))
            });
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = Map::with_capacity(d.len());
        for (k, v) in d.iter() {
            let key = k.cast::<PyString>().map_err(|_| {
                PyTypeError::new_err(format!(
                    "{path}: dict keys must be str, got {}",
                    type_name(&k)
                ))
            })?;
            let key = key.to_str()?;
            let child = format!("{path}.{key}");
            map.insert(key.to_owned(), to_json(&v, depth + 1, &child)?);
        }
        return Ok(Value::Object(map));
    }
    if let Ok(l) = obj.cast::<PyList>() {
        return seq(l.iter(), depth, path);
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        return seq(t.iter(), depth, path);
    }
    Err(PyTypeError::new_err(format!(
        "{path}: cannot send a {} as JSON; use str, int, float, bool, None, list or dict{}",
        type_name(obj),
        if type_name(obj).contains("datetime") {
            " (format dates as RFC 3339 strings, e.g. dt.isoformat())"
        } else {
            ""
        }
    )))
}

fn seq<'py>(
    items: impl Iterator<Item = Bound<'py, PyAny>>,
    depth: usize,
    path: &str,
) -> PyResult<Value> {
    items
        .enumerate()
        .map(|(i, v)| to_json(&v, depth + 1, &format!("{path}[{i}]")))
        .collect::<PyResult<Vec<_>>>()
        .map(Value::Array)
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_owned())
}
