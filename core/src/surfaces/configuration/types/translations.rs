//! Translations of the chat widget (3.7).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Extra;

/// `list_translations`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ListTranslationsResponse {
    /// Phrase key (`Welcome_title`, `Offline_form`, …) → its text.
    #[serde(default)]
    pub phrases: BTreeMap<String, String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
