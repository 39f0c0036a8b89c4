//! Typed access to a request body (or a nested object of it) that notices unknown fields:
//! every getter consumes its key, and [`Args::finish`] rejects whatever is left.
//! A JSON `null` counts as absent.

use crate::clock::Ts;
use crate::errors::{ApiError, ApiResult};
use serde_json::{Map, Value};

/// The fields of one JSON object, consumed as they are read.
#[derive(Debug)]
pub(crate) struct Args {
    map: Map<String, Value>,
    prefix: String,
}

impl Args {
    /// Wraps an object; `prefix` names it in error messages (`""` for the body).
    pub(crate) fn new(map: Map<String, Value>, prefix: &str) -> Args {
        Args {
            map,
            prefix: prefix.to_string(),
        }
    }

    /// Wraps a value that must be an object.
    pub(crate) fn from_value(value: Value, prefix: &str) -> ApiResult<Args> {
        match value {
            Value::Object(map) => Ok(Args::new(map, prefix)),
            _ => Err(ApiError::validation(format!(
                "{} must be an object",
                if prefix.is_empty() { "body" } else { prefix }
            ))),
        }
    }

    /// The full name of a field for messages.
    pub(crate) fn path(&self, key: &str) -> String {
        if self.prefix.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.prefix)
        }
    }

    fn wrong(&self, key: &str, what: &str) -> ApiError {
        ApiError::validation(format!("{} must be {what}", self.path(key)))
    }

    fn missing(&self, key: &str) -> ApiError {
        ApiError::validation(format!("{} is required", self.path(key)))
    }

    /// Whether a non-null value is present.
    pub(crate) fn has(&self, key: &str) -> bool {
        self.map.get(key).is_some_and(|v| !v.is_null())
    }

    /// Takes a raw value.
    pub(crate) fn take_raw(&mut self, key: &str) -> Option<Value> {
        self.map.remove(key).filter(|v| !v.is_null())
    }

    /// A required value of any type.
    pub(crate) fn value(&mut self, key: &str) -> ApiResult<Value> {
        self.take_raw(key).ok_or_else(|| self.missing(key))
    }

    /// An optional string.
    pub(crate) fn opt_str(&mut self, key: &str) -> ApiResult<Option<String>> {
        match self.take_raw(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(self.wrong(key, "a string")),
        }
    }

    /// A required string.
    pub(crate) fn str(&mut self, key: &str) -> ApiResult<String> {
        self.opt_str(key)?.ok_or_else(|| self.missing(key))
    }

    /// A required non-empty string (ids).
    pub(crate) fn id(&mut self, key: &str) -> ApiResult<String> {
        let id = self.str(key)?;
        if id.is_empty() {
            return Err(ApiError::validation(format!(
                "{} cannot be empty",
                self.path(key)
            )));
        }
        Ok(id)
    }

    /// An optional bool.
    pub(crate) fn opt_bool(&mut self, key: &str) -> ApiResult<Option<bool>> {
        match self.take_raw(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(b)),
            Some(_) => Err(self.wrong(key, "a bool")),
        }
    }

    /// A required bool.
    pub(crate) fn bool(&mut self, key: &str) -> ApiResult<bool> {
        self.opt_bool(key)?.ok_or_else(|| self.missing(key))
    }

    /// An optional non-negative integer.
    pub(crate) fn opt_u64(&mut self, key: &str) -> ApiResult<Option<u64>> {
        match self.take_raw(key) {
            None => Ok(None),
            Some(v) => v
                .as_u64()
                .map(Some)
                .ok_or_else(|| self.wrong(key, "a non-negative integer")),
        }
    }

    /// An optional integer.
    pub(crate) fn opt_i64(&mut self, key: &str) -> ApiResult<Option<i64>> {
        match self.take_raw(key) {
            None => Ok(None),
            Some(v) => v
                .as_i64()
                .map(Some)
                .ok_or_else(|| self.wrong(key, "an integer")),
        }
    }

    /// An optional nested object, itself read with [`Args`].
    pub(crate) fn opt_object(&mut self, key: &str) -> ApiResult<Option<Args>> {
        match self.take_raw(key) {
            None => Ok(None),
            Some(Value::Object(map)) => Ok(Some(Args::new(map, &self.path(key)))),
            Some(_) => Err(self.wrong(key, "an object")),
        }
    }

    /// A required nested object.
    pub(crate) fn object(&mut self, key: &str) -> ApiResult<Args> {
        self.opt_object(key)?.ok_or_else(|| self.missing(key))
    }

    /// An optional array.
    pub(crate) fn opt_array(&mut self, key: &str) -> ApiResult<Option<Vec<Value>>> {
        match self.take_raw(key) {
            None => Ok(None),
            Some(Value::Array(items)) => Ok(Some(items)),
            Some(_) => Err(self.wrong(key, "an array")),
        }
    }

    /// An optional array of strings, at most `max` long.
    pub(crate) fn opt_strings(&mut self, key: &str, max: usize) -> ApiResult<Option<Vec<String>>> {
        let Some(items) = self.opt_array(key)? else {
            return Ok(None);
        };
        if items.len() > max {
            return Err(ApiError::validation(format!(
                "{} can hold at most {max} items",
                self.path(key)
            )));
        }
        items
            .into_iter()
            .map(|v| match v {
                Value::String(s) => Ok(s),
                _ => Err(self.wrong(key, "an array of strings")),
            })
            .collect::<ApiResult<Vec<_>>>()
            .map(Some)
    }

    /// An optional array of integers, at most `max` long.
    pub(crate) fn opt_ints(&mut self, key: &str, max: usize) -> ApiResult<Option<Vec<i64>>> {
        let Some(items) = self.opt_array(key)? else {
            return Ok(None);
        };
        if items.len() > max {
            return Err(ApiError::validation(format!(
                "{} can hold at most {max} items",
                self.path(key)
            )));
        }
        items
            .into_iter()
            .map(|v| {
                v.as_i64()
                    .ok_or_else(|| self.wrong(key, "an array of integers"))
            })
            .collect::<ApiResult<Vec<_>>>()
            .map(Some)
    }

    /// An optional RFC 3339 timestamp.
    pub(crate) fn opt_time(&mut self, key: &str) -> ApiResult<Option<Ts>> {
        match self.opt_str(key)? {
            None => Ok(None),
            Some(text) => Ts::parse(&text)
                .map(Some)
                .ok_or_else(|| self.wrong(key, "an RFC 3339 date-time")),
        }
    }

    /// The names of the fields not read yet (nulls excluded).
    pub(crate) fn keys(&self) -> Vec<String> {
        self.map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, _)| k.clone())
            .collect()
    }

    /// Rejects any field not read so far.
    pub(crate) fn finish(self) -> ApiResult<()> {
        match self.map.iter().find(|(_, v)| !v.is_null()) {
            None => Ok(()),
            Some((key, _)) => Err(ApiError::validation(format!(
                "Unknown field: {}",
                self.path(key)
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_typed_fields_and_rejects_leftovers() {
        let mut a =
            Args::from_value(json!({"id": "X", "n": 3, "extra": 1, "gone": null}), "").unwrap();
        assert_eq!(a.id("id").unwrap(), "X");
        assert_eq!(a.opt_u64("n").unwrap(), Some(3));
        let err = a.finish().unwrap_err();
        assert_eq!(err.message, "Unknown field: extra");
    }

    #[test]
    fn messages_name_nested_paths() {
        let mut a = Args::from_value(json!({"chat": {"users": 1}}), "").unwrap();
        let mut chat = a.object("chat").unwrap();
        assert_eq!(
            chat.opt_array("users").unwrap_err().message,
            "chat.users must be an array"
        );
        assert_eq!(a.str("chat_id").unwrap_err().message, "chat_id is required");
        assert!(Args::from_value(json!([1]), "").is_err());
    }
}
