//! The license and its organization: ID lookups (3.4) and allowed domains (3.7).

use serde::{Deserialize, Serialize};

use super::Extra;

/// `get_license_id` (3.4).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GetLicenseIdResponse {
    /// The license ID of the organization.
    pub license_id: u64,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `get_organization_id` (3.4).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GetOrganizationIdResponse {
    /// The organization ID of the license.
    pub organization_id: String,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `list_allowed_domains` (3.7).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ListAllowedDomainsResponse {
    /// The domains allowed to embed the chat widget.
    #[serde(default)]
    pub domains: Vec<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
