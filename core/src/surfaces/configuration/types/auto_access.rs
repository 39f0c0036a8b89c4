//! Auto access rules: conditions on a customer's URL, domain or geolocation that grant groups
//! access to the chat.

use serde::{Deserialize, Serialize};

use super::Extra;

/// An auto access rule (an item of `list_auto_accesses`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AutoAccess {
    /// The auto access ID.
    pub id: String,
    /// A description of the rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The access it grants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<AutoAccessTarget>,
    /// The conditions to check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<AutoAccessConditions>,
    /// The ID of the rule after this one; absent for the last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_id: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The destination access of an auto access rule.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AutoAccessTarget {
    /// Destination groups.
    #[serde(default)]
    pub groups: Vec<u64>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The conditions of an auto access rule (at least one is set).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AutoAccessConditions {
    /// Matches `customer_page.url` (Login) or `url` (Update Customer Page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<MatchCondition>,
    /// Matches the domain of the customer's URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<MatchCondition>,
    /// Matches the customer's geolocation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geolocation: Option<GeolocationCondition>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A URL or domain condition: a positive or a negative match.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MatchCondition {
    /// A positive match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<MatchObject>>,
    /// A negative match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclude_values: Option<Vec<MatchObject>>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One value of a URL or domain condition.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MatchObject {
    /// The value to match.
    pub value: String,
    /// `false`: matched as a substring of the customer's URL or domain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exact_match: Option<bool>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A geolocation condition: matches when one of its values matches.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GeolocationCondition {
    /// The locations; each matches when all its given fields match.
    #[serde(default)]
    pub values: Vec<Geolocation>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A location of a geolocation condition.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Geolocation {
    /// Country name (`United States`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Country code (`US`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// Region (`California`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// City (`Mountain View`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `add_auto_access`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AddAutoAccessResponse {
    /// The new rule's ID.
    pub id: String,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
