//! Python values ↔ JSON. Arguments: walks the objects directly (no `json.dumps` round-trip) and
//! names the offending type, so a `datetime` or a `set` gets a clear error. Results: parsed on the
//! tokio thread, turned into Python objects on the loop thread (see `bridge.rs`). Numbers keep
//! their digits both ways (serde_json's `arbitrary_precision` keeps a number's text): an int of
//! any size goes to the wire exactly, a float as its Python `repr`, and a number of an answer
//! becomes what `json.loads` would make of it.

use std::fmt;

use livechat::{Error, ErrorKind};
use pyo3::exceptions::PyValueError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

use crate::errors::to_py as error_to_py;

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

impl Path<'_> {
    /// The top-level name (the argument), which is all a cycle's error shows: the full path of
    /// a cycle repeats one key 64 times.
    fn root(&self) -> &str {
        match self {
            Path::Root(name) => name,
            Path::Key(parent, _) | Path::Index(parent, _) => parent.root(),
        }
    }
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

/// A value that cannot go out as JSON: where it is and what is wrong with it. Becomes an
/// `InvalidArgumentError` once the caller names the action ([`Bad::into_py`]).
pub(crate) struct Bad {
    path: String,
    problem: String,
}

impl Bad {
    fn at(path: &Path<'_>, problem: impl Into<String>) -> Bad {
        Bad {
            path: path.to_string(),
            problem: problem.into(),
        }
    }

    /// `send_event: argument `event.x` is …` (`noun` is `"argument "` or empty).
    pub(crate) fn into_py(self, action: &str, noun: &str) -> PyErr {
        error_to_py(Error::new(
            ErrorKind::InvalidArgument,
            format!("{action}: {noun}`{}` {}", self.path, self.problem),
        ))
    }
}

/// A dict of arguments → JSON object; each top-level key is the root of its values' paths.
pub(crate) fn to_json_map(obj: &Bound<'_, PyAny>, action: &str) -> PyResult<Map<String, Value>> {
    if obj.is_none() {
        return Ok(Map::new());
    }
    let Ok(d) = obj.cast::<PyDict>() else {
        return Err(error_to_py(Error::new(
            ErrorKind::InvalidArgument,
            format!(
                "{action}: the arguments must be a dict, got {}",
                type_name(obj)
            ),
        )));
    };
    let mut map = Map::with_capacity(d.len());
    for (k, v) in d.iter() {
        let key = key_text(&k, &Path::Root("arguments")).map_err(|b| b.into_py(action, ""))?;
        let value = to_json(&v, 1, &Path::Root(key)).map_err(|b| b.into_py(action, "argument "))?;
        map.insert(key.to_owned(), value);
    }
    Ok(map)
}

/// Any JSON-compatible Python value → JSON.
pub(crate) fn to_json(obj: &Bound<'_, PyAny>, depth: usize, path: &Path<'_>) -> Result<Value, Bad> {
    if depth > MAX_DEPTH {
        return Err(Bad {
            path: path.root().to_owned(),
            problem: format!("is nested more than {MAX_DEPTH} levels deep (a reference cycle?)"),
        });
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    // The common types first, by exact type; subclasses take the checks below.
    if let Ok(s) = obj.cast_exact::<PyString>() {
        return Ok(Value::String(text(s, path)?.to_owned()));
    }
    if let Ok(d) = obj.cast_exact::<PyDict>() {
        return dict(d, depth, path);
    }
    // bool before int: True is an int in Python.
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(text(s, path)?.to_owned()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::Number(i.into()));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::Number(u.into()));
        }
        return big_int(obj, path);
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return float(f, path);
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
    let name = type_name(obj);
    let hint = if name.contains("datetime") {
        " (format dates as RFC 3339 strings, e.g. dt.isoformat())"
    } else {
        ""
    };
    Err(Bad::at(
        path,
        format!(
            "is a {name}, which cannot be sent as JSON; use str, int, float, bool, None, list or dict{hint}"
        ),
    ))
}

/// A str's UTF-8; a lone surrogate (`"\ud800"`) has none. The text itself stays out of the
/// message: it may be a secret.
fn text<'a>(s: &'a Bound<'_, PyString>, path: &Path<'_>) -> Result<&'a str, Bad> {
    s.to_str()
        .map_err(|_| Bad::at(path, "is not valid UTF-8 (it holds a lone surrogate)"))
}

/// A dict key as text: keys must be str.
fn key_text<'a>(k: &'a Bound<'_, PyAny>, path: &Path<'_>) -> Result<&'a str, Bad> {
    let key = k.cast::<PyString>().map_err(|_| {
        Bad::at(
            path,
            format!("has a key of type {}; dict keys must be str", type_name(k)),
        )
    })?;
    key.to_str()
        .map_err(|_| Bad::at(path, "has a key that is not valid UTF-8 (a lone surrogate)"))
}

/// An int beyond 64 bits: its decimal digits, exactly (`int.__repr__`, so an int subclass with
/// its own `__str__`, such as an `IntEnum`, still sends its value).
fn big_int(obj: &Bound<'_, PyAny>, path: &Path<'_>) -> Result<Value, Bad> {
    let py = obj.py();
    let digits = py
        .get_type::<PyInt>()
        .getattr(intern!(py, "__repr__"))
        .and_then(|r| r.call1((obj,)))
        .and_then(|d| d.extract::<String>())
        .map_err(|e| Bad::at(path, format!("is an int whose digits cannot be read ({e})")))?;
    digits.parse::<Number>().map(Value::Number).map_err(|_| {
        Bad::at(
            path,
            format!("is the integer {digits}, which cannot be sent"),
        )
    })
}

/// A float as Python's `repr` writes it (the shortest text that reads back the same value).
fn float(f: &Bound<'_, PyFloat>, path: &Path<'_>) -> Result<Value, Bad> {
    let value = f.value();
    if !value.is_finite() {
        return Err(Bad::at(
            path,
            format!("is {value}; NaN and infinity are not JSON"),
        ));
    }
    // A float subclass may override `__repr__`; the value's own repr is what goes out.
    let repr = if f.is_exact_instance_of::<PyFloat>() {
        f.repr()
    } else {
        PyFloat::new(f.py(), value).repr()
    };
    let text = repr
        .and_then(|r| r.extract::<String>())
        .map_err(|e| Bad::at(path, format!("is a float whose repr cannot be read ({e})")))?;
    text.parse::<Number>()
        .map(Value::Number)
        .map_err(|_| Bad::at(path, format!("is the float {text}, which cannot be sent")))
}

fn dict(d: &Bound<'_, PyDict>, depth: usize, path: &Path<'_>) -> Result<Value, Bad> {
    let mut map = Map::with_capacity(d.len());
    for (k, v) in d.iter() {
        let key = key_text(&k, path)?;
        let value = to_json(&v, depth + 1, &Path::Key(path, key))?;
        map.insert(key.to_owned(), value);
    }
    Ok(Value::Object(map))
}

fn seq<'py>(
    items: impl Iterator<Item = Bound<'py, PyAny>>,
    depth: usize,
    path: &Path<'_>,
) -> Result<Value, Bad> {
    items
        .enumerate()
        .map(|(i, v)| to_json(&v, depth + 1, &Path::Index(path, i)))
        .collect::<Result<Vec<_>, Bad>>()
        .map(Value::Array)
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_owned())
}

/// A parsed body → Python objects, as `json.loads` would build them.
pub(crate) fn to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => number_to_py(py, n)?,
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(PyString::new(py, k), to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// A number as `json.loads` reads it: an int (of any size) when its text has no fraction or
/// exponent, else the float nearest to it (`1e400` is infinity, as in Python).
fn number_to_py<'py>(py: Python<'py>, n: &Number) -> PyResult<Bound<'py, PyAny>> {
    if let Some(i) = n.as_i64() {
        return Ok(PyInt::new(py, i).into_any());
    }
    if let Some(u) = n.as_u64() {
        return Ok(PyInt::new(py, u).into_any());
    }
    let text = n.to_string();
    if text.contains(['.', 'e', 'E']) {
        let f: f64 = text
            .parse()
            .map_err(|_| PyValueError::new_err(format!("not a JSON number: {text}")))?;
        return Ok(PyFloat::new(py, f).into_any());
    }
    py.get_type::<PyInt>().call1((text,))
}
