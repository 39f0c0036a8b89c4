//! API versions and version sets: which version a request speaks and where an action exists.

/// One API version served by the emulator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Version {
    V3_3,
    V3_4,
    V3_5,
    V3_6,
    V3_7,
}

impl Version {
    /// Every served version, oldest first (same order as [`crate::VERSIONS`]).
    pub(crate) const ALL: [Version; 5] = [
        Version::V3_3,
        Version::V3_4,
        Version::V3_5,
        Version::V3_6,
        Version::V3_7,
    ];

    /// Parses the path segment of `/v3.6/agent/action/...`.
    pub(crate) fn from_path_segment(segment: &str) -> Option<Version> {
        let number = segment.strip_prefix('v')?;
        Version::ALL.into_iter().find(|v| v.as_str() == number)
    }

    /// The version number as written in URLs, e.g. `"3.6"`.
    pub(crate) fn as_str(self) -> &'static str {
        crate::VERSIONS[self as usize]
    }

    /// The lifecycle header the real API sends on responses of old versions.
    ///
    /// The dates are the emulator's choice (the docs only give the header names); they exist
    /// so that clients can test how they surface `Legacy`/`Deprecation`.
    pub(crate) fn lifecycle_header(self) -> Option<(&'static str, &'static str)> {
        match self {
            Version::V3_3 | Version::V3_4 => Some(("deprecation", "2026-12-31")),
            Version::V3_5 => Some(("legacy", "2027-06-30")),
            Version::V3_6 | Version::V3_7 => None,
        }
    }
}

/// A set of versions, used by the action table.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Versions(u8);

impl Versions {
    /// All served versions.
    pub(crate) const ALL: Versions = Versions(0b1_1111);

    /// `first` and every later version.
    pub(crate) const fn since(first: Version) -> Versions {
        Versions(Versions::ALL.0 & !((1u8 << first as u8) - 1))
    }

    /// The versions from `first` to `last`, both included.
    pub(crate) const fn range(first: Version, last: Version) -> Versions {
        Versions(Versions::since(first).0 & ((1u8 << (last as u8 + 1)) - 1))
    }

    /// Exactly one version.
    pub(crate) const fn only(version: Version) -> Versions {
        Versions::range(version, version)
    }

    /// Whether `version` is in the set.
    pub(crate) fn contains(self, version: Version) -> bool {
        self.0 & (1 << version as u8) != 0
    }
}

/// A row of an action table: a name that exists in some versions. Both APIs' tables (the Agent
/// API's `actions` and the Configuration API's `config_actions`) are looked up through it.
pub(crate) trait VersionedRow: 'static {
    /// The action's name.
    fn name(&self) -> &'static str;
    /// The versions that have it.
    fn versions(&self) -> Versions;
}

/// The row `name` as it exists in `version`; an action the version lacks is unknown
/// (`not_found` "Unknown action", as the API answers).
pub(crate) fn find_row<T: VersionedRow>(
    rows: &'static [T],
    name: &str,
    version: Version,
) -> crate::errors::ApiResult<&'static T> {
    rows.iter()
        .find(|a| a.name() == name && a.versions().contains(version))
        .ok_or_else(|| crate::errors::ApiError::not_found("Unknown action"))
}

/// The names of the rows of `version`, in table order.
pub(crate) fn row_names<T: VersionedRow>(
    rows: &'static [T],
    version: Version,
) -> Vec<&'static str> {
    rows.iter()
        .filter(|a| a.versions().contains(version))
        .map(VersionedRow::name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_sets_cover_the_right_versions() {
        let since_36 = Versions::since(Version::V3_6);
        assert!(!since_36.contains(Version::V3_5));
        assert!(since_36.contains(Version::V3_6) && since_36.contains(Version::V3_7));
        let old = Versions::range(Version::V3_3, Version::V3_5);
        assert!(old.contains(Version::V3_3) && old.contains(Version::V3_5));
        assert!(!old.contains(Version::V3_6));
        let only = Versions::only(Version::V3_5);
        assert!(only.contains(Version::V3_5) && !only.contains(Version::V3_4));
    }

    #[test]
    fn path_segments_parse() {
        assert_eq!(Version::from_path_segment("v3.6"), Some(Version::V3_6));
        assert_eq!(Version::from_path_segment("3.6"), None);
        assert_eq!(Version::from_path_segment("v3.2"), None);
    }
}
