//! Decoding of `type`-tagged objects (events, users) with a lossless fallback for unknown tags.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Removes and returns the `type` tag of `map`; `""` when there is none (the object is then
/// kept whole as an unknown type rather than refused: the docs' own samples show `{}` for events
/// and users, and a missing tag must not cost the caller the rest of the object).
pub(crate) fn take_tag<E: serde::de::Error>(map: &mut Map<String, Value>) -> Result<String, E> {
    match map.remove("type") {
        Some(Value::String(s)) => Ok(s),
        Some(other) => Err(E::custom(format!("`type` must be a string, got {other}"))),
        None => Ok(String::new()),
    }
}

/// Decodes the rest of a tagged object into a variant struct.
pub(crate) fn variant<T: DeserializeOwned, E: serde::de::Error>(
    map: Map<String, Value>,
) -> Result<T, E> {
    serde_json::from_value(Value::Object(map)).map_err(E::custom)
}

/// Serialises a variant struct and puts the tag back in (none for the `""` of an untagged object).
pub(crate) fn with_tag<T: serde::Serialize, S: serde::Serializer>(
    tag: &str,
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::Error as _;
    let mut v = serde_json::to_value(value).map_err(S::Error::custom)?;
    if let Some(o) = v.as_object_mut().filter(|_| !tag.is_empty()) {
        o.insert("type".into(), Value::String(tag.to_owned()));
    }
    serde::Serialize::serialize(&v, serializer)
}
