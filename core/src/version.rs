//! API versions this client speaks. The version is only a path segment on the wire; what changes
//! between versions (methods and field names) lives in the method table.

use std::fmt;
use std::str::FromStr;

use crate::error::Error;

/// A LiveChat Agent Chat API version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ApiVersion {
    /// 3.3 — the seed SDK's version (hidden in the docs, still served).
    V3_3,
    /// 3.4 — deprecated.
    V3_4,
    /// 3.5 — legacy.
    V3_5,
    /// 3.6 — stable since 2025-08-07; the default.
    V3_6,
    /// 3.7 — developer preview.
    V3_7,
}

impl ApiVersion {
    /// Every supported version, oldest first.
    pub const ALL: [ApiVersion; 5] = [
        ApiVersion::V3_3,
        ApiVersion::V3_4,
        ApiVersion::V3_5,
        ApiVersion::V3_6,
        ApiVersion::V3_7,
    ];

    /// The version used when none is chosen: LiveChat's stable version.
    pub const DEFAULT: ApiVersion = ApiVersion::V3_6;

    /// The version as it appears in the URL, e.g. `"3.6"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ApiVersion::V3_3 => "3.3",
            ApiVersion::V3_4 => "3.4",
            ApiVersion::V3_5 => "3.5",
            ApiVersion::V3_6 => "3.6",
            ApiVersion::V3_7 => "3.7",
        }
    }

    /// Position in [`ApiVersion::ALL`]; used for compact version sets.
    pub(crate) const fn index(self) -> u8 {
        match self {
            ApiVersion::V3_3 => 0,
            ApiVersion::V3_4 => 1,
            ApiVersion::V3_5 => 2,
            ApiVersion::V3_6 => 3,
            ApiVersion::V3_7 => 4,
        }
    }

    /// The supported versions as a human-readable list, `"3.3, 3.4, 3.5, 3.6, 3.7"`.
    pub fn supported_list() -> String {
        Self::ALL.map(Self::as_str).join(", ")
    }
}

impl Default for ApiVersion {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ApiVersion {
    type Err = Error;

    /// Accepts `"3.6"` and `"v3.6"`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bare = s.strip_prefix('v').unwrap_or(s);
        Self::ALL
            .into_iter()
            .find(|v| v.as_str() == bare)
            .ok_or_else(|| {
                Error::invalid_argument(format!(
                    "unsupported API version {s:?}; supported versions: {}",
                    Self::supported_list()
                ))
            })
    }
}

/// A set of API versions, as a bit mask over [`ApiVersion::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VersionSet(u8);

impl VersionSet {
    /// Every version.
    pub const ALL: VersionSet = VersionSet(0b1_1111);

    /// No version.
    pub const EMPTY: VersionSet = VersionSet(0);

    /// The versions from `from` to `to`, both included.
    pub const fn range(from: ApiVersion, to: ApiVersion) -> VersionSet {
        let mut bits = 0u8;
        let mut i = from.index();
        while i <= to.index() {
            bits |= 1 << i;
            i += 1;
        }
        VersionSet(bits)
    }

    /// `from` and every later version.
    pub const fn since(from: ApiVersion) -> VersionSet {
        Self::range(from, ApiVersion::V3_7)
    }

    /// Exactly one version.
    pub const fn only(v: ApiVersion) -> VersionSet {
        Self::range(v, v)
    }

    /// The raw bit mask (bit i = `ApiVersion::ALL[i]`).
    pub const fn bits(self) -> u8 {
        self.0
    }

    /// A set from a raw bit mask; bits beyond the known versions are dropped.
    pub const fn from_bits(bits: u8) -> VersionSet {
        VersionSet(bits & Self::ALL.0)
    }

    /// The versions in both sets.
    pub const fn intersect(self, other: VersionSet) -> VersionSet {
        VersionSet::from_bits(self.bits() & other.bits())
    }

    /// Whether `v` is in the set.
    pub const fn contains(self, v: ApiVersion) -> bool {
        self.0 & (1 << v.index()) != 0
    }

    /// Whether the set holds every version.
    pub const fn is_all(self) -> bool {
        self.0 == Self::ALL.0
    }

    /// The versions in the set, oldest first.
    pub fn versions(self) -> Vec<ApiVersion> {
        ApiVersion::ALL
            .into_iter()
            .filter(|v| self.contains(*v))
            .collect()
    }

    /// A phrase for error messages: `"API 3.3 only"`, `"API 3.3–3.5"`, `"API 3.6+"`.
    pub fn describe(self) -> String {
        let vs = self.versions();
        match vs.as_slice() {
            [] => "no API version".to_owned(),
            [one] => format!("API {one} only"),
            [first, .., last] if *last == ApiVersion::V3_7 => format!("API {first}+"),
            [first, .., last] => format!("API {first}–{last}"),
        }
    }
}

impl AsRef<str> for ApiVersion {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_with_and_without_v() {
        assert_eq!("3.3".parse::<ApiVersion>().unwrap(), ApiVersion::V3_3);
        assert_eq!("v3.7".parse::<ApiVersion>().unwrap(), ApiVersion::V3_7);
    }

    #[test]
    fn unknown_version_lists_supported_ones() {
        let err = "3.2".parse::<ApiVersion>().unwrap_err();
        assert!(err.to_string().contains("3.3, 3.4, 3.5, 3.6, 3.7"), "{err}");
    }

    #[test]
    fn version_sets_describe_themselves() {
        use ApiVersion::*;
        assert_eq!(VersionSet::only(V3_3).describe(), "API 3.3 only");
        assert_eq!(VersionSet::range(V3_3, V3_5).describe(), "API 3.3–3.5");
        assert_eq!(VersionSet::since(V3_6).describe(), "API 3.6+");
        assert!(VersionSet::ALL.is_all());
        assert!(!VersionSet::since(V3_6).contains(V3_5));
    }
}
