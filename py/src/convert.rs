//! Python values ↔ JSON. Arguments: walks the objects directly (no `json.dumps` round-trip) and
//! names the offending type, so a `datetime` or a `set` gets a clear error. Results: parsed on the
//! tokio thread, turned into Python objects on the loop thread (see `bridge.rs`); a body with a
//! number `json.loads` could read differently (floats, `-0`, integers beyond 64 bits) goes
//! through `json.loads` itself, so results are exactly what `json.loads` gives.

use std::fmt;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

/// Nesting deeper than this is refused (a cycle or an unreasonable argument).
const MAX_DEPTH: usize = 64;

/// Where a value sits in the arguments, rendered only for error messages (building the path
/// string for every key would cost an allocation per key on every call).
#[derive(Clone, Copy)]
pub(crate) enum Path<'a> {
    Root(&'a str),
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root(name) => f.write_str(name),
            Path::Key(parent, key) => write!(f, "{parent}.{key}"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

/// A dict of arguments → JSON object.
pub(crate) fn to_json_map(obj: &Bound<'_, PyAny>) -> PyResult<Map<String, Value>> {
    if obj.is_none() {
        return Ok(Map::new());
    }
    match to_json(obj, 0, &Path::Root("arguments"))? {
        Value::Object(m) => Ok(m),
        _ => Err(PyTypeError::new_err("arguments must be a dict")),
    }
}

/// Any JSON-compatible Python value → JSON.
pub(crate) fn to_json(obj: &Bound<'_, PyAny>, depth: usize, path: &Path<'_>) -> PyResult<Value> {
    if depth > MAX_DEPTH {
        return Err(PyValueError::new_err(format!(
            "{path}: nested more than {MAX_DEPTH} levels (a reference cycle?)"
        )));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    // The common types first, by exact type; subclasses take the checks below.
    if let Ok(s) = obj.cast_exact::<PyString>() {
        return Ok(Value::String(s.to_str()?.to_owned()));
    }
    if let Ok(d) = obj.cast_exact::<PyDict>() {
        return dict(d, depth, path);
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
        return dict(d, depth, path);
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

fn dict(d: &Bound<'_, PyDict>, depth: usize, path: &Path<'_>) -> PyResult<Value> {
    let mut map = Map::with_capacity(d.len());
    for (k, v) in d.iter() {
        let key = k.cast::<PyString>().map_err(|_| {
            PyTypeError::new_err(format!(
                "{path}: dict keys must be str, got {}",
                type_name(&k)
            ))
        })?;
        let key = key.to_str()?;
        let value = to_json(&v, depth + 1, &Path::Key(path, key))?;
        map.insert(key.to_owned(), value);
    }
    Ok(Value::Object(map))
}

fn seq<'py>(
    items: impl Iterator<Item = Bound<'py, PyAny>>,
    depth: usize,
    path: &Path<'_>,
) -> PyResult<Value> {
    items
        .enumerate()
        .map(|(i, v)| to_json(&v, depth + 1, &Path::Index(path, i)))
        .collect::<PyResult<Vec<_>>>()
        .map(Value::Array)
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_owned())
}

/// A parsed body → Python objects, as `json.loads` would build them; `None` when it holds a
/// number only `json.loads` should decide (a float, `-0`, an integer beyond 64 bits), in which
/// case the caller uses `json.loads` on the raw body.
pub(crate) fn to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Option<Bound<'py, PyAny>>> {
    Ok(Some(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                PyInt::new(py, i).into_any()
            } else if let Some(u) = n.as_u64() {
                PyInt::new(py, u).into_any()
            } else {
                return Ok(None);
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                let Some(obj) = to_py(py, item)? else {
                    return Ok(None);
                };
                list.append(obj)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                let Some(obj) = to_py(py, v)? else {
                    return Ok(None);
                };
                dict.set_item(PyString::new(py, k), obj)?;
            }
            dict.into_any()
        }
    }))
}
