//! Customers: identity, profile fields, bans and followers.

use crate::clock::{self, Ts};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A customer of the license.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Customer {
    pub(crate) id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) email: Option<String>,
    #[serde(default)]
    pub(crate) email_verified: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) avatar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) phone_number: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) session_fields: Vec<Map<String, Value>>,
    #[serde(default = "crate::clock::now")]
    pub(crate) created_at: Ts,
    /// The latest visit (`last_visit` up to 3.5, `visit` from 3.6 on).
    #[serde(default, alias = "last_visit", skip_serializing_if = "Option::is_none")]
    pub(crate) visit: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) address: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) omnichannel: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) suggested_email: Option<String>,
    #[serde(default = "default_groups")]
    pub(crate) group_ids: Vec<i64>,
    #[serde(default = "default_state")]
    pub(crate) state: String,
    #[serde(default)]
    pub(crate) online: bool,
    #[serde(default = "one")]
    pub(crate) visits_count: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) banned_until: Option<Ts>,
    /// Agents following this customer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) followers: Vec<String>,
}

fn default_groups() -> Vec<i64> {
    vec![0]
}

fn default_state() -> String {
    "browsing".into()
}

fn one() -> u64 {
    1
}

impl Customer {
    /// A new customer with only an id and a creation time.
    pub(crate) fn new(id: String) -> Customer {
        Customer {
            id,
            name: None,
            email: None,
            email_verified: false,
            avatar: None,
            phone_number: None,
            session_fields: Vec::new(),
            created_at: clock::now(),
            visit: None,
            address: None,
            omnichannel: None,
            suggested_email: None,
            group_ids: default_groups(),
            state: default_state(),
            online: false,
            visits_count: 1,
            banned_until: None,
            followers: Vec::new(),
        }
    }

    /// The two-letter country of the latest visit, if known.
    pub(crate) fn country_code(&self) -> Option<&str> {
        self.visit
            .as_ref()?
            .get("geolocation")?
            .get("country_code")?
            .as_str()
    }

    /// The country name of the latest visit, if known.
    pub(crate) fn country(&self) -> Option<&str> {
        self.visit
            .as_ref()?
            .get("geolocation")?
            .get("country")?
            .as_str()
    }
}
