//! The method table and what reads it: lookup by name with version checks, the argument → body
//! rules, and the JSON export the C and Python layers (and generated stubs) use.

mod body;
mod export;
mod spec;
mod table;

pub use body::build_body;
pub use body::next_page_args;
pub use export::table_json;
pub use spec::{MethodSpec, ParamKind, ParamSpec, ParamStyle, Placement, ResultShape, RetryClass};
pub use table::METHODS;

use crate::error::{Error, Result};
use crate::version::ApiVersion;

/// The method called `name`, whatever the version.
pub fn find(name: &str) -> Option<&'static MethodSpec> {
    METHODS.iter().find(|m| m.name == name)
}

/// The method called `name` if `version` has it; otherwise an error naming the versions that do
/// and what to use instead. Never sends anything.
pub fn resolve(name: &str, version: ApiVersion) -> Result<&'static MethodSpec> {
    let Some(spec) = find(name) else {
        let hint = closest(name)
            .map(|m| format!("; did you mean `{m}`?"))
            .unwrap_or_default();
        return Err(Error::unsupported_method(format!(
            "unknown method `{name}`{hint}"
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

/// The known method nearest to a misspelt name (edit distance ≤ 3).
fn closest(name: &str) -> Option<&'static str> {
    // No method name is longer than 40 characters; a huge name (hostile input from C or
    // Python) would cost length × 40 steps per method for nothing.
    if name.len() > 64 {
        return None;
    }
    METHODS
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_unknown_name_is_refused_without_a_suggestion_search() {
        let long = "send_event".repeat(100_000);
        let err = resolve(&long, ApiVersion::DEFAULT).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::UnsupportedMethod);
        assert!(!err.message().contains("did you mean"));
        assert!(METHODS.iter().all(|m| m.name.len() <= 64));
    }

    #[test]
    fn names_are_unique_and_actions_are_snake_case() {
        let mut names: Vec<&str> = METHODS.iter().map(|m| m.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "duplicate method names");
        for m in METHODS {
            assert!(
                m.action
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_')
            );
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
    fn the_seed_methods_and_the_later_ones_are_all_there() {
        let seed = [
            "add_user_to_chat",
            "ban_customer",
            "create_customer",
            "deactivate_chat",
            "delete_chat_properties",
            "delete_event_properties",
            "delete_thread_properties",
            "follow_chat",
            "follow_customer",
            "get_chat",
            "get_customer",
            "grant_chat_access",
            "list_agents_for_transfer",
            "list_archives",
            "list_chats",
            "list_customers",
            "list_routing_statuses",
            "list_threads",
            "mark_events_as_seen",
            "multicast",
            "remove_user_from_chat",
            "resume_chat",
            "revoke_chat_access",
            "send_event",
            "send_rich_message_postback",
            "send_typing_indicator",
            "set_routing_status",
            "start_chat",
            "tag_thread",
            "transfer_chat",
            "unfollow_chat",
            "unfollow_customer",
            "untag_thread",
            "update_chat_properties",
            "update_customer",
            "update_event_properties",
            "update_thread_properties",
            "upload_file",
        ];
        let later = [
            "send_event_preview",
            "send_thinking_indicator",
            "request_thread_summary",
            "get_thread_transcript",
            "get_license_info",
            "logout",
        ];
        for name in seed.iter().chain(later.iter()) {
            assert!(find(name).is_some(), "{name} missing from the table");
        }
        assert_eq!(METHODS.len(), seed.len() + later.len());
    }

    #[test]
    fn a_method_missing_from_a_version_names_where_it_exists_and_the_replacement() {
        let err = resolve("grant_chat_access", ApiVersion::V3_6).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::UnsupportedMethod);
        let msg = err.to_string();
        assert!(msg.contains("API 3.3 only"), "{msg}");
        assert!(msg.contains("use transfer_chat"), "{msg}");
        let msg = resolve("create_customer", ApiVersion::V3_6)
            .unwrap_err()
            .to_string();
        assert!(msg.contains("API 3.3–3.5"), "{msg}");
        let msg = resolve("send_thinking_indicator", ApiVersion::V3_3)
            .unwrap_err()
            .to_string();
        assert!(msg.contains("API 3.6+"), "{msg}");
        assert!(resolve("get_license_info", ApiVersion::V3_5).is_ok());
    }

    #[test]
    fn unknown_methods_suggest_the_closest_name() {
        let msg = resolve("send_evnet", ApiVersion::V3_6)
            .unwrap_err()
            .to_string();
        assert!(msg.contains("did you mean `send_event`"), "{msg}");
    }
}
