//! The webhook actions of each API version (the official webhooks pages), with the filters
//! and additional data `register_webhook` accepts for each (the Configuration pages'
//! "Triggering actions" tables). `list_webhook_names` answers them.

use crate::version::Version;

const CHAT_3_3: &[&str] = &[
    "incoming_chat",
    "chat_deactivated",
    "chat_access_granted",
    "chat_access_revoked",
    "chat_transferred",
    "user_added_to_chat",
    "user_removed_from_chat",
    "incoming_event",
    "event_updated",
    "incoming_rich_message_postback",
    "chat_properties_updated",
    "chat_properties_deleted",
    "thread_properties_updated",
    "thread_properties_deleted",
    "event_properties_updated",
    "event_properties_deleted",
    "thread_tagged",
    "thread_untagged",
    "routing_status_set",
    "agent_deleted",
    "incoming_customer",
    "customer_session_fields_updated",
    "events_marked_as_seen",
];

const V3_4: &[&str] = &[
    "incoming_chat",
    "chat_deactivated",
    "chat_access_updated",
    "chat_transferred",
    "user_added_to_chat",
    "user_removed_from_chat",
    "incoming_event",
    "event_updated",
    "incoming_rich_message_postback",
    "chat_properties_updated",
    "chat_properties_deleted",
    "thread_properties_updated",
    "thread_properties_deleted",
    "event_properties_updated",
    "event_properties_deleted",
    "thread_tagged",
    "thread_untagged",
    "routing_status_set",
    "incoming_customer",
    "customer_session_fields_updated",
    "agent_created",
    "agent_approved",
    "agent_updated",
    "agent_suspended",
    "agent_unsuspended",
    "agent_deleted",
    "auto_access_added",
    "auto_access_updated",
    "auto_access_deleted",
    "bot_created",
    "bot_updated",
    "bot_deleted",
    "group_created",
    "group_deleted",
    "group_updated",
    "events_marked_as_seen",
];

const V3_5: &[&str] = &[
    "incoming_chat",
    "chat_deactivated",
    "chat_access_updated",
    "chat_transferred",
    "user_added_to_chat",
    "user_removed_from_chat",
    "incoming_event",
    "event_updated",
    "incoming_rich_message_postback",
    "chat_properties_updated",
    "chat_properties_deleted",
    "thread_properties_updated",
    "thread_properties_deleted",
    "event_properties_updated",
    "event_properties_deleted",
    "thread_tagged",
    "thread_untagged",
    "routing_status_set",
    "incoming_customer",
    "customer_session_fields_updated",
    "agent_created",
    "agent_approved",
    "agent_updated",
    "agent_suspended",
    "agent_unsuspended",
    "agent_deleted",
    "auto_accesses_updated",
    "bot_created",
    "bot_updated",
    "bot_deleted",
    "group_created",
    "group_deleted",
    "group_updated",
    "tag_created",
    "tag_deleted",
    "tag_updated",
    "events_marked_as_seen",
];

const V3_6: &[&str] = &[
    "incoming_chat",
    "chat_deactivated",
    "chat_access_updated",
    "chat_transferred",
    "user_added_to_chat",
    "user_removed_from_chat",
    "incoming_event",
    "event_deleted",
    "event_updated",
    "incoming_rich_message_postback",
    "chat_properties_updated",
    "chat_properties_deleted",
    "thread_properties_updated",
    "thread_properties_deleted",
    "event_properties_updated",
    "event_properties_deleted",
    "thread_tagged",
    "thread_untagged",
    "routing_status_set",
    "customer_session_fields_updated",
    "agent_created",
    "agent_approved",
    "agent_updated",
    "agent_suspended",
    "agent_unsuspended",
    "agent_deleted",
    "auto_accesses_updated",
    "bot_created",
    "bot_updated",
    "bot_deleted",
    "group_created",
    "group_deleted",
    "group_updated",
    "tag_created",
    "tag_deleted",
    "tag_updated",
    "events_marked_as_seen",
    "thread_summary_set",
];

/// The webhook actions of `version`, in the order of its webhooks page.
pub(crate) fn actions(version: Version) -> &'static [&'static str] {
    match version {
        Version::V3_3 => CHAT_3_3,
        Version::V3_4 => V3_4,
        Version::V3_5 => V3_5,
        Version::V3_6 | Version::V3_7 => V3_6,
    }
}

/// Whether the action is about a chat (and so may carry chat filters and additional data).
fn is_chat_action(action: &str) -> bool {
    !(action.starts_with("agent_")
        || action.starts_with("bot_")
        || action.starts_with("group_")
        || action.starts_with("tag_")
        || action.starts_with("auto_access")
        || action == "routing_status_set"
        || action == "incoming_customer"
        || action == "customer_session_fields_updated")
}

/// The filters `register_webhook` accepts for `action` in `version`.
pub(crate) fn filters(action: &str, version: Version) -> Vec<&'static str> {
    let mut out = Vec::new();
    let old = version == Version::V3_3;
    match action {
        "routing_status_set" if !old => out.push("agent_ids"),
        "agent_deleted" if old => out.push("agent_ids"),
        "customer_session_fields_updated" => out.push("chat_presence"),
        _ if is_chat_action(action) => {
            out.push("chat_presence");
            if matches!(action, "incoming_event" | "event_updated") {
                out.push("author_type");
            }
            out.push("only_my_chats");
        }
        _ => {}
    }
    if !old {
        out.push("source_type");
    }
    out
}

/// The additional data `register_webhook` accepts for `action`.
pub(crate) fn additional_data(action: &str) -> &'static [&'static str] {
    if is_chat_action(action) {
        &["chat_properties", "chat_presence_user_ids"]
    } else {
        &[]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_follow_the_webhooks_pages() {
        let counts: Vec<usize> = Version::ALL.iter().map(|v| actions(*v).len()).collect();
        assert_eq!(counts, vec![23, 36, 37, 38, 38]);
    }

    #[test]
    fn filters_follow_the_triggering_actions_tables() {
        assert_eq!(
            filters("incoming_event", Version::V3_6),
            [
                "chat_presence",
                "author_type",
                "only_my_chats",
                "source_type"
            ]
        );
        assert_eq!(
            filters("routing_status_set", Version::V3_6),
            ["agent_ids", "source_type"]
        );
        assert_eq!(filters("agent_deleted", Version::V3_3), ["agent_ids"]);
        assert_eq!(filters("bot_created", Version::V3_5), ["source_type"]);
    }
}
