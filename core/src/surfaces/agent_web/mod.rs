//! The Agent Chat API, web transport (`/v3.x/agent/action/<action>`): its descriptor, method
//! table, typed methods and typed results, and the `AgentWeb` client.

pub mod calls;
mod client;
mod table;
pub mod types;

pub use client::{AgentWeb, AgentWebBuilder};
pub use table::METHODS;

use crate::surface::Surface;

/// The Agent Chat web API.
pub static SURFACE: Surface = Surface {
    name: "agent",
    client: "AgentWeb",
    path: "agent/action",
    required_query: &[],
    methods: METHODS,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::version::ApiVersion;

    fn find(name: &str) -> Option<&'static crate::methods::MethodSpec> {
        SURFACE.find(name)
    }

    fn resolve(name: &str, v: ApiVersion) -> crate::Result<&'static crate::methods::MethodSpec> {
        SURFACE.resolve(name, v)
    }

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
