//! Uploaded files, kept in memory (and in the state file) and served back by URL.

use crate::clock::Ts;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One uploaded file.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct StoredFile {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) content_type: String,
    pub(crate) size: usize,
    pub(crate) url: String,
    pub(crate) created_at: Ts,
    #[serde(serialize_with = "to_base64", deserialize_with = "from_base64")]
    pub(crate) data: Vec<u8>,
}

fn to_base64<S: Serializer>(data: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&STANDARD.encode(data))
}

fn from_base64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
    let text = String::deserialize(deserializer)?;
    STANDARD.decode(text).map_err(serde::de::Error::custom)
}

/// The path under which a file is served: `/__emulator/files/<id>/<filename>`.
pub(crate) fn path(id: &str, name: &str) -> String {
    format!("/__emulator/files/{id}/{}", encode_segment(name))
}

/// The id in a URL produced by [`path`], whatever host it names.
pub(crate) fn id_from_url(url: &str) -> Option<&str> {
    let rest = url.split("/__emulator/files/").nth(1)?;
    rest.split('/').next().filter(|id| !id.is_empty())
}

fn encode_segment(name: &str) -> String {
    let mut out = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_round_trip_to_ids() {
        let p = path("abc", "my file.png");
        assert_eq!(p, "/__emulator/files/abc/my%20file.png");
        assert_eq!(id_from_url(&format!("http://127.0.0.1:1{p}")), Some("abc"));
        assert_eq!(id_from_url("https://cdn.example.com/x.png"), None);
    }
}
