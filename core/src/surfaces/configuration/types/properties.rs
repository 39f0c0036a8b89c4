//! Properties: the configurations of registered properties (`list_properties`) and property
//! values of a license or groups (`list_license_properties`, `list_group_properties`,
//! `list_groups_properties`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Extra;

/// `list_properties`: property name → its configuration.
pub type PropertyConfigs = BTreeMap<String, PropertyConfig>;

/// Property values: namespace (the owner's Client ID, or `core`) → property name → value
/// (`list_license_properties`, `list_group_properties`, and each group of
/// `list_groups_properties`).
pub type PropertyValues = BTreeMap<String, Extra>;

/// A registered property's configuration.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PropertyConfig {
    /// `int`, `string`, `bool` or `tokenized_string`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub property_type: Option<String>,
    /// The property description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Location (`chat`, `thread`, `event`, `license`, `group`) → user (`agent`, `customer`)
    /// → the access (`read`, `write`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<BTreeMap<String, BTreeMap<String, Vec<String>>>>,
    /// The access other Client IDs have once it is published (`read`, `write`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_access: Option<Vec<String>>,
    /// The values it can be set to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<Vec<Value>>,
    /// The range of values it can be set to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<PropertyRange>,
    /// The default value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_value: Option<Value>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The range of an `int` property.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PropertyRange {
    /// The smallest value allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<i64>,
    /// The largest value allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<i64>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One group's property values (an item of `list_groups_properties`, 3.5+).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GroupProperties {
    /// The group ID.
    pub id: u64,
    /// The group's property values.
    #[serde(default)]
    pub properties: PropertyValues,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
