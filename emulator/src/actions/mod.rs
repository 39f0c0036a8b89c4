//! The action table — one entry per Agent Chat web action: its name, the versions it exists
//! in and its handler — and the context handlers run in.
//!
//! Handlers are synchronous and run with the state locked. Each one reads its fields first
//! (so unknown or ill-typed fields are rejected before anything changes), then acts.

mod access;
pub(crate) mod args;
mod chats;
mod customers;
mod event_input;
mod events;
mod lists;
mod misc;
mod properties;
mod routing;

use crate::errors::{ApiError, ApiResult, ErrorKind};
use crate::render::View;
use crate::state::State;
use crate::state::agents::Agent;
use crate::state::chats::Chat;
use crate::upload::UploadPart;
use crate::version::{Version, Versions};
use args::Args;
use serde_json::Value;

/// What runs an action.
pub(crate) enum Handler {
    /// A JSON body.
    Json(fn(&mut Ctx<'_>, Args) -> ApiResult<Value>),
    /// A multipart upload.
    Upload(fn(&mut Ctx<'_>, UploadPart) -> ApiResult<Value>),
}

/// One row of the table.
pub(crate) struct Action {
    pub(crate) name: &'static str,
    pub(crate) versions: Versions,
    pub(crate) handler: Handler,
}

const ALL: Versions = Versions::ALL;
const V33: Versions = Versions::only(Version::V3_3);
const V35: Versions = Versions::only(Version::V3_5);
const TO_35: Versions = Versions::range(Version::V3_3, Version::V3_5);
const FROM_36: Versions = Versions::since(Version::V3_6);

const fn json(
    name: &'static str,
    versions: Versions,
    handler: fn(&mut Ctx<'_>, Args) -> ApiResult<Value>,
) -> Action {
    Action {
        name,
        versions,
        handler: Handler::Json(handler),
    }
}

/// Every action of versions 3.3–3.7 (3.7 has 3.6's set).
static ACTIONS: &[Action] = &[
    // Chats
    json("list_chats", ALL, lists::list_chats),
    json("list_threads", ALL, lists::list_threads),
    json("get_chat", ALL, lists::get_chat),
    json("list_archives", ALL, lists::list_archives),
    json("start_chat", ALL, chats::start_chat),
    json("resume_chat", ALL, chats::resume_chat),
    json("deactivate_chat", ALL, chats::deactivate_chat),
    json("follow_chat", ALL, chats::follow_chat),
    json("unfollow_chat", ALL, chats::unfollow_chat),
    // Chat access and users
    json("transfer_chat", ALL, access::transfer_chat),
    json("grant_chat_access", V33, access::grant_chat_access),
    json("revoke_chat_access", V33, access::revoke_chat_access),
    json("add_user_to_chat", ALL, access::add_user_to_chat),
    json("remove_user_from_chat", ALL, access::remove_user_from_chat),
    // Events
    json("send_event", ALL, events::send_event),
    json("send_event_preview", FROM_36, events::send_event_preview),
    Action {
        name: "upload_file",
        versions: ALL,
        handler: Handler::Upload(crate::upload::upload_file),
    },
    json(
        "send_rich_message_postback",
        ALL,
        events::send_rich_message_postback,
    ),
    // Properties and tags
    json(
        "update_chat_properties",
        ALL,
        properties::update_chat_properties,
    ),
    json(
        "delete_chat_properties",
        ALL,
        properties::delete_chat_properties,
    ),
    json(
        "update_thread_properties",
        ALL,
        properties::update_thread_properties,
    ),
    json(
        "delete_thread_properties",
        ALL,
        properties::delete_thread_properties,
    ),
    json(
        "update_event_properties",
        ALL,
        properties::update_event_properties,
    ),
    json(
        "delete_event_properties",
        ALL,
        properties::delete_event_properties,
    ),
    json("tag_thread", ALL, properties::tag_thread),
    json("untag_thread", ALL, properties::untag_thread),
    // Customers
    json("get_customer", ALL, customers::get_customer),
    json("update_customer", ALL, customers::update_customer),
    json("ban_customer", ALL, customers::ban_customer),
    json("create_customer", TO_35, customers::create_customer),
    json("list_customers", TO_35, customers::list_customers),
    json("follow_customer", ALL, customers::follow_customer),
    json("unfollow_customer", ALL, customers::unfollow_customer),
    // Status
    json("set_routing_status", ALL, routing::set_routing_status),
    json("list_routing_statuses", ALL, routing::list_routing_statuses),
    json(
        "list_agents_for_transfer",
        ALL,
        routing::list_agents_for_transfer,
    ),
    // Other
    json("mark_events_as_seen", ALL, events::mark_events_as_seen),
    json("send_typing_indicator", ALL, events::send_typing_indicator),
    json(
        "send_thinking_indicator",
        FROM_36,
        events::send_thinking_indicator,
    ),
    json(
        "request_thread_summary",
        FROM_36,
        events::request_thread_summary,
    ),
    json(
        "get_thread_transcript",
        FROM_36,
        events::get_thread_transcript,
    ),
    json("multicast", ALL, misc::multicast),
    json("get_license_info", V35, misc::get_license_info),
    json("logout", FROM_36, misc::logout),
];

/// The action `name` as it exists in `version`; an action the version lacks is unknown.
pub(crate) fn find(name: &str, version: Version) -> ApiResult<&'static Action> {
    crate::version::find_row(ACTIONS, name, version)
}

/// The names of the actions of `version`, in table order.
pub(crate) fn names(version: Version) -> Vec<&'static str> {
    crate::version::row_names(ACTIONS, version)
}

impl crate::version::VersionedRow for Action {
    fn name(&self) -> &'static str {
        self.name
    }

    fn versions(&self) -> Versions {
        self.versions
    }
}

/// What a handler works with.
pub(crate) struct Ctx<'a> {
    pub(crate) st: &'a mut State,
    pub(crate) v: Version,
    /// The requester's agent id.
    pub(crate) me: &'a str,
    /// The Client ID of the request's credential (a bot token: its bot's owner), if any.
    pub(crate) client_id: Option<&'a str>,
    pub(crate) base_url: &'a str,
}

impl Ctx<'_> {
    /// A rendering view for this request.
    pub(crate) fn view(&self) -> View<'_> {
        View {
            st: self.st,
            v: self.v,
            me: self.me,
        }
    }

    /// The requester.
    pub(crate) fn requester(&self) -> ApiResult<&Agent> {
        self.st
            .agent(self.me)
            .ok_or_else(|| ApiError::of(ErrorKind::Authorization))
    }

    /// Whether the requester may see `chat` (its groups, membership or a seeing-all role).
    pub(crate) fn can_access(&self, chat: &Chat) -> bool {
        self.st.agent(self.me).is_some_and(|me| {
            me.sees_everything()
                || chat.user(self.me).is_some()
                || chat
                    .access
                    .group_ids
                    .iter()
                    .any(|g| me.group_ids.contains(g))
        })
    }

    /// The index of an accessible chat: `not_found` or `missing_access` otherwise.
    pub(crate) fn chat_index(&self, chat_id: &str) -> ApiResult<usize> {
        let index = self
            .st
            .chat_index(chat_id)
            .ok_or_else(|| ApiError::not_found("Chat not found"))?;
        if !self.can_access(&self.st.chats[index]) {
            return Err(ApiError::of(ErrorKind::MissingAccess));
        }
        Ok(index)
    }

    /// The indexes of a thread of an accessible chat.
    pub(crate) fn thread_index(&self, chat_id: &str, thread_id: &str) -> ApiResult<(usize, usize)> {
        let chat = self.chat_index(chat_id)?;
        let thread = self.st.chats[chat]
            .thread_index(thread_id)
            .ok_or_else(|| ApiError::not_found("Thread not found"))?;
        Ok((chat, thread))
    }

    /// The indexes of an event of a thread of an accessible chat.
    pub(crate) fn event_index(
        &self,
        chat_id: &str,
        thread_id: &str,
        event_id: &str,
    ) -> ApiResult<(usize, usize, usize)> {
        let (chat, thread) = self.thread_index(chat_id, thread_id)?;
        let event = self.st.chats[chat].threads[thread]
            .event_index(event_id)
            .ok_or_else(|| ApiError::not_found("Event not found"))?;
        Ok((chat, thread, event))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_sets_follow_the_availability_matrix() {
        let has = |name: &str, v: Version| find(name, v).is_ok();
        assert!(has("grant_chat_access", Version::V3_3));
        assert!(!has("grant_chat_access", Version::V3_4));
        assert!(has("create_customer", Version::V3_5));
        assert!(!has("create_customer", Version::V3_6));
        assert!(has("get_license_info", Version::V3_5));
        assert!(!has("get_license_info", Version::V3_6));
        assert!(has("send_thinking_indicator", Version::V3_7));
        assert!(!has("logout", Version::V3_5));
        assert!(!has("no_such_action", Version::V3_6));
        assert_eq!(names(Version::V3_6), names(Version::V3_7));
    }

    #[test]
    fn action_names_are_unique() {
        let mut names: Vec<_> = ACTIONS.iter().map(|a| a.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
    }
}
