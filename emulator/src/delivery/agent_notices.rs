//! The webhooks an Agent Chat API action causes, read from its arguments, its result and the
//! state right after it.

use super::notice::{Body, Notice, Source};
use crate::render::{View, summary_json};
use crate::state::State;
use crate::version::Version;
use serde_json::{Map, Value, json};

/// The actions that cause webhooks (the others need no copy of their arguments).
pub(crate) const WATCHED: &[&str] = &[
    "start_chat",
    "resume_chat",
    "deactivate_chat",
    "transfer_chat",
    "add_user_to_chat",
    "remove_user_from_chat",
    "send_event",
    "send_rich_message_postback",
    "update_chat_properties",
    "delete_chat_properties",
    "update_thread_properties",
    "delete_thread_properties",
    "update_event_properties",
    "delete_event_properties",
    "tag_thread",
    "untag_thread",
    "set_routing_status",
    "mark_events_as_seen",
    "request_thread_summary",
    "grant_chat_access",
    "revoke_chat_access",
    "create_customer",
];

fn text<'a>(args: &'a Map<String, Value>, key: &str) -> &'a str {
    args.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// The id of the active thread of `chat_id`, or of its last one.
fn current_thread(st: &State, chat_id: &str) -> String {
    st.chat_index(chat_id)
        .map(|i| &st.chats[i])
        .and_then(|c| {
            c.active_thread()
                .or(c.threads.len().checked_sub(1))
                .map(|t| c.threads[t].id.clone())
        })
        .unwrap_or_default()
}

/// `{"group_ids": [...]}` of chat `chat_id` as it is now.
fn access_of(st: &State, chat_id: &str) -> Value {
    let groups = st
        .chat_index(chat_id)
        .map(|i| st.chats[i].access.group_ids.clone())
        .unwrap_or_default();
    json!({ "group_ids": groups })
}

/// The notices of a successful `action` by agent `me`.
pub(crate) fn notices(
    st: &State,
    action: &str,
    args: &Map<String, Value>,
    result: &Value,
    me: &str,
    source: &Source,
) -> Vec<Notice> {
    let chat_notice = |name: &'static str, chat_id: &str, payload: Value| {
        vec![Notice::chat(name, chat_id, source, payload)]
    };
    match action {
        "start_chat" | "resume_chat" => {
            let chat_id = match action {
                "start_chat" => result.get("chat_id").and_then(Value::as_str),
                _ => args
                    .get("chat")
                    .and_then(|c| c.get("id"))
                    .and_then(Value::as_str),
            }
            .unwrap_or_default()
            .to_string();
            let mut notice = Notice::chat("incoming_chat", &chat_id, source, Value::Null);
            notice.body = Body::Chat { chat_id };
            vec![notice]
        }
        "send_event" => {
            let chat_id = text(args, "chat_id");
            let event_id = result
                .get("event_id")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let mut notice = Notice::chat("incoming_event", chat_id, source, Value::Null);
            notice.author_type = Some("agent");
            notice.body = Body::Event {
                chat_id: chat_id.to_string(),
                thread_id: event_id.split('_').next().unwrap_or_default().to_string(),
                event_id: event_id.to_string(),
            };
            vec![notice]
        }
        "deactivate_chat" => {
            let chat_id = text(args, "id");
            let thread_id = current_thread(st, chat_id);
            chat_notice(
                "chat_deactivated",
                chat_id,
                json!({ "chat_id": chat_id, "thread_id": thread_id, "user_id": me }),
            )
        }
        "transfer_chat" => {
            let chat_id = text(args, "id");
            let target = args.get("target");
            let ids = target
                .and_then(|t| t.get("ids"))
                .cloned()
                .unwrap_or(json!([]));
            let key = match target.and_then(|t| t.get("type")).and_then(Value::as_str) {
                Some("group") => "group_ids",
                _ => "agent_ids",
            };
            let mut notices = chat_notice(
                "chat_transferred",
                chat_id,
                json!({
                    "chat_id": chat_id,
                    "thread_id": current_thread(st, chat_id),
                    "requester_id": me,
                    "reason": "manual",
                    "transferred_to": { key: ids },
                }),
            );
            // A transfer to groups replaces the chat's access (3.4+ registrations can ask for
            // it; a transfer to agents leaves the access as it was).
            if key == "group_ids" {
                notices.push(Notice::chat(
                    "chat_access_updated",
                    chat_id,
                    source,
                    json!({ "id": chat_id, "access": access_of(st, chat_id) }),
                ));
            }
            notices
        }
        "grant_chat_access" | "revoke_chat_access" => {
            // 3.3: the payload names the one group granted or revoked, not the whole access.
            // Revoking an agent's access only takes the agent out of the chat: no access
            // webhook (the documented payload holds groups only).
            let chat_id = text(args, "id");
            let access = args.get("access");
            if access.and_then(|a| a.get("type")).and_then(Value::as_str) != Some("group") {
                return Vec::new();
            }
            let group = access
                .and_then(|a| a.get("id"))
                .cloned()
                .unwrap_or(Value::Null);
            let name = if action == "grant_chat_access" {
                "chat_access_granted"
            } else {
                "chat_access_revoked"
            };
            chat_notice(
                name,
                chat_id,
                json!({ "id": chat_id, "access": { "group_ids": [group] } }),
            )
        }
        "create_customer" => {
            let customer_id = result
                .get("customer_id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            vec![Notice::new(
                "incoming_customer",
                source,
                Body::Customer { customer_id },
            )]
        }
        "request_thread_summary" => {
            let chat_id = text(args, "chat_id");
            let thread_id = text(args, "thread_id");
            let summary = st
                .chat_index(chat_id)
                .map(|i| &st.chats[i])
                .and_then(|c| c.thread_index(thread_id).map(|t| &c.threads[t]))
                .and_then(|t| t.summary.as_ref())
                .map_or(Value::Null, summary_json);
            chat_notice(
                "thread_summary_set",
                chat_id,
                json!({ "chat_id": chat_id, "thread_id": thread_id, "summary": summary }),
            )
        }
        "add_user_to_chat" => {
            let chat_id = text(args, "chat_id");
            let user_id = text(args, "user_id");
            let view = View {
                st,
                v: Version::V3_6,
                me,
            };
            let user = st
                .chat_index(chat_id)
                .map(|i| view.users(&st.chats[i]))
                .and_then(|users| {
                    users
                        .into_iter()
                        .find(|u| u.get("id") == Some(&json!(user_id)))
                })
                .unwrap_or_else(|| json!({ "id": user_id }));
            chat_notice(
                "user_added_to_chat",
                chat_id,
                json!({
                    "chat_id": chat_id,
                    "thread_id": current_thread(st, chat_id),
                    "user": user,
                    "reason": "manual",
                    "requester_id": me,
                }),
            )
        }
        "remove_user_from_chat" => {
            let chat_id = text(args, "chat_id");
            chat_notice(
                "user_removed_from_chat",
                chat_id,
                json!({
                    "chat_id": chat_id,
                    "thread_id": current_thread(st, chat_id),
                    "user_id": text(args, "user_id"),
                    "reason": "manual",
                    "requester_id": me,
                }),
            )
        }
        "send_rich_message_postback" => {
            let chat_id = text(args, "chat_id");
            chat_notice(
                "incoming_rich_message_postback",
                chat_id,
                json!({
                    "user_id": me,
                    "chat_id": chat_id,
                    "thread_id": text(args, "thread_id"),
                    "event_id": text(args, "event_id"),
                    "postback": args.get("postback").cloned().unwrap_or(json!({})),
                }),
            )
        }
        "update_chat_properties" | "delete_chat_properties" => {
            let chat_id = text(args, "id");
            let name = if action.starts_with("update") {
                "chat_properties_updated"
            } else {
                "chat_properties_deleted"
            };
            chat_notice(
                name,
                chat_id,
                json!({ "chat_id": chat_id, "properties": args.get("properties") }),
            )
        }
        "update_thread_properties" | "delete_thread_properties" => {
            let chat_id = text(args, "chat_id");
            let name = if action.starts_with("update") {
                "thread_properties_updated"
            } else {
                "thread_properties_deleted"
            };
            chat_notice(
                name,
                chat_id,
                json!({
                    "chat_id": chat_id,
                    "thread_id": text(args, "thread_id"),
                    "properties": args.get("properties"),
                }),
            )
        }
        "update_event_properties" | "delete_event_properties" => {
            let chat_id = text(args, "chat_id");
            let name = if action.starts_with("update") {
                "event_properties_updated"
            } else {
                "event_properties_deleted"
            };
            chat_notice(
                name,
                chat_id,
                json!({
                    "chat_id": chat_id,
                    "thread_id": text(args, "thread_id"),
                    "event_id": text(args, "event_id"),
                    "properties": args.get("properties"),
                }),
            )
        }
        "tag_thread" | "untag_thread" => {
            let chat_id = text(args, "chat_id");
            let name = if action == "tag_thread" {
                "thread_tagged"
            } else {
                "thread_untagged"
            };
            chat_notice(
                name,
                chat_id,
                json!({
                    "chat_id": chat_id,
                    "thread_id": text(args, "thread_id"),
                    "tag": text(args, "tag"),
                }),
            )
        }
        "mark_events_as_seen" => {
            let chat_id = text(args, "chat_id");
            chat_notice(
                "events_marked_as_seen",
                chat_id,
                json!({
                    "user_id": me,
                    "chat_id": chat_id,
                    "seen_up_to": text(args, "seen_up_to"),
                }),
            )
        }
        "set_routing_status" => {
            let agent_id = match text(args, "agent_id") {
                "" => me,
                id => id,
            };
            let body = Body::Fixed(json!({
                "agent_id": agent_id,
                "status": text(args, "status"),
            }));
            vec![Notice {
                agent_id: Some(agent_id.to_string()),
                ..Notice::new("routing_status_set", source, body)
            }]
        }
        _ => Vec::new(),
    }
}
