//! The Configuration API (`/v3.x/configuration/action/<action>`): agents, bots and bot tokens,
//! groups, properties, tags, webhooks, greetings and the rest of a license's setup. Its
//! descriptor, method table, typed methods, the `Configuration` client and its typed results
//! ([`types`]).

pub mod calls;
mod client;
mod table;
pub mod types;

pub use client::{Configuration, ConfigurationBuilder};
pub use table::METHODS;

use crate::surface::Surface;

/// The Configuration API.
pub static SURFACE: Surface = Surface {
    name: "configuration",
    client: "Configuration",
    path: "configuration/action",
    required_query: &[],
    methods: METHODS,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::methods::{ParamKind, ResultShape, RetryClass};
    use crate::version::ApiVersion;

    #[test]
    fn names_are_unique_snake_case_and_params_belong_to_their_method() {
        let mut names: Vec<&str> = METHODS.iter().map(|m| m.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "duplicate method names");
        for m in METHODS {
            assert_eq!(m.name, m.action);
            assert!(
                m.action
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_')
            );
            assert!(!m.multipart, "{}", m.name);
            for p in m.params {
                assert!(
                    p.versions.bits() & m.versions.bits() != 0,
                    "{}.{} exists in no version of its method",
                    m.name,
                    p.name
                );
            }
        }
    }

    #[test]
    fn reads_are_read_and_everything_else_is_a_write() {
        for m in METHODS {
            let reads = ["list_", "get_", "check_"]
                .iter()
                .any(|p| m.name.starts_with(p));
            let want = if reads {
                RetryClass::Read
            } else {
                RetryClass::Write
            };
            assert_eq!(m.retry, want, "{}", m.name);
        }
        for name in ["create_bot", "register_webhook", "issue_bot_token"] {
            assert_eq!(SURFACE.find(name).unwrap().retry, RetryClass::Write);
        }
    }

    #[test]
    fn list_methods_that_answer_with_an_array_say_so() {
        for name in [
            "list_agents",
            "list_bots",
            "list_bot_templates",
            "list_customer_bans",
            "list_groups",
            "list_channels",
            "list_groups_properties",
            "list_tags",
            "list_webhook_names",
            "list_webhooks",
            "list_auto_accesses",
            "check_product_limits_for_plan",
        ] {
            assert!(
                matches!(SURFACE.find(name).unwrap().result, ResultShape::Array(_)),
                "{name}"
            );
        }
        for name in [
            "list_greetings",
            "list_properties",
            "list_license_properties",
        ] {
            assert!(
                matches!(SURFACE.find(name).unwrap().result, ResultShape::Object(_)),
                "{name}"
            );
        }
    }

    #[test]
    fn only_api_3_4_lookups_are_sent_with_get() {
        let gets: Vec<&str> = METHODS
            .iter()
            .filter(|m| m.http_get)
            .map(|m| m.name)
            .collect();
        assert_eq!(gets, ["get_license_id", "get_organization_id"]);
        for name in gets {
            let m = SURFACE.find(name).unwrap();
            assert_eq!(m.http_method(), "GET");
            assert_eq!(m.versions.versions(), [ApiVersion::V3_4]);
        }
        assert_eq!(SURFACE.find("list_bots").unwrap().http_method(), "POST");
    }

    #[test]
    fn batch_methods_take_one_required_requests_array() {
        let batch: Vec<_> = METHODS
            .iter()
            .filter(|m| m.name.starts_with("batch_"))
            .collect();
        assert_eq!(batch.len(), 10);
        for m in batch {
            assert_eq!(m.params.len(), 1, "{}", m.name);
            let p = &m.params[0];
            assert_eq!((p.name, p.kind), ("requests", ParamKind::Array));
            for v in m.versions.versions() {
                assert!(p.is_required(v), "{} {v}", m.name);
            }
            assert_eq!(m.retry, RetryClass::Write);
        }
    }

    #[test]
    fn renamed_and_added_methods_name_their_versions() {
        let msg = SURFACE
            .resolve("list_group_properties", ApiVersion::V3_6)
            .unwrap_err()
            .to_string();
        assert!(msg.contains("API 3.3–3.4"), "{msg}");
        assert!(msg.contains("use list_groups_properties"), "{msg}");
        let msg = SURFACE
            .resolve("issue_bot_token", ApiVersion::V3_3)
            .unwrap_err()
            .to_string();
        assert!(msg.contains("API 3.5+"), "{msg}");
        assert!(SURFACE.resolve("issue_bot_token", ApiVersion::V3_5).is_ok());
        assert!(SURFACE.resolve("get_license_id", ApiVersion::V3_5).is_err());
    }
}
