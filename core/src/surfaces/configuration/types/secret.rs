//! A credential the Configuration API returns (bot secrets, bot tokens, webhook secret keys):
//! serialised as sent, never shown by `Debug`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A secret string: `Debug` prints `<redacted>`, and it has no `Display`, so it cannot reach a
/// log or an error message by accident. [`Secret::expose`] gives the value.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself; the caller decides where it may go.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_value_and_serde_keeps_it() {
        let s: Secret = serde_json::from_str(r#""641e2ae6d997""#).unwrap();
        assert_eq!(s.expose(), "641e2ae6d997");
        assert!(!format!("{s:?}").contains("641e"), "{s:?}");
        assert_eq!(serde_json::to_string(&s).unwrap(), r#""641e2ae6d997""#);
    }
}
