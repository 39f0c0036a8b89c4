//! What makes one LiveChat HTTP API a *surface*: its name, where its actions live and its method
//! table. Every surface shares the rest — auth, regions, deadline, retries, decoding — through
//! one pipeline; only this descriptor and the table differ. The registry of surfaces is
//! `surfaces/mod.rs`; each surface's folder holds its descriptor, table and typed results.

use std::fmt;

use crate::error::{Error, Result};
use crate::methods::MethodSpec;
use crate::version::ApiVersion;

/// One LiveChat HTTP API (`POST {api_url}/v{version}/{path}/{action}`).
pub struct Surface {
    /// The name in configs, the table export and errors: `"agent"`, `"configuration"`.
    pub name: &'static str,
    /// The client type that speaks it, e.g. `"AgentWeb"`.
    pub client: &'static str,
    /// The path between the version and the action, e.g. `"agent/action"`.
    pub path: &'static str,
    /// Query parameters every request of this surface must carry (none for most surfaces).
    pub required_query: &'static [&'static str],
    /// Every method of the surface, in documentation order.
    pub methods: &'static [MethodSpec],
}

impl Surface {
    /// The method called `name`, whatever the version.
    pub fn find(&self, name: &str) -> Option<&'static MethodSpec> {
        self.methods.iter().find(|m| m.name == name)
    }

    /// The method whose action is `action`, whatever the version.
    pub fn find_action(&self, action: &str) -> Option<&'static MethodSpec> {
        self.methods.iter().find(|m| m.action == action)
    }

    /// The method called `name` if `version` has it; otherwise an error naming the versions that do
    /// and what to use instead. Never sends anything.
    pub fn resolve(&self, name: &str, version: ApiVersion) -> Result<&'static MethodSpec> {
        let Some(spec) = self.find(name) else {
            let hint = closest(self.methods, name)
                .map(|m| format!("; did you mean `{m}`?"))
                .unwrap_or_default();
            return Err(Error::unsupported_method(format!(
                "unknown method `{name}` of the {} API{hint}",
                self.name
            )));
        };
        if spec.versions.contains(version) {
            return Ok(spec);
        }
        let mut msg = format!(
            "{} exists in {}, not in API {version}",
            spec.name,
            spec.versions.describe()
        );
        match spec.replacement {
            Some(r) => msg.push_str(&format!("; use {r}")),
            None => msg.push_str("; there is no replacement in this API"),
        }
        Err(Error::unsupported_method(msg).with_action(spec.action))
    }

    /// `{api_url}/v{version}/{path}/{action}`.
    pub fn action_url(&self, api_url: &str, version: ApiVersion, action: &str) -> String {
        format!("{api_url}/v{version}/{}/{action}", self.path)
    }
}

impl fmt::Debug for Surface {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Surface")
            .field("name", &self.name)
            .field("path", &self.path)
            .field("methods", &self.methods.len())
            .finish_non_exhaustive()
    }
}

/// The known method nearest to a misspelt name (edit distance ≤ 3).
fn closest(methods: &'static [MethodSpec], name: &str) -> Option<&'static str> {
    // No method name is longer than 40 characters; a huge name (hostile input from C or
    // Python) would cost length × 40 steps per method for nothing.
    if name.len() > 64 {
        return None;
    }
    methods
        .iter()
        .map(|m| (edit_distance(name, m.name), m.name))
        .filter(|(d, _)| *d <= 3)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}
