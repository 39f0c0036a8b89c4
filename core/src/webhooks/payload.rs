//! The payload enum: one variant per documented action of API 3.3–3.7, and two that keep what
//! does not fit (an unknown action; a known action in a shape the docs do not describe).

use serde::Deserialize;
use serde_json::Value;

use super::actions::UnknownFields;
use super::actions::*;

macro_rules! payloads {
    ($( $(#[$doc:meta])* $action:literal => $variant:ident($ty:ty), )*) => {
        /// A webhook's payload, typed by its action.
        // One webhook is parsed at a time and matched by users; boxing the large variants would
        // only make those matches noisier.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub enum Payload {
            $( $(#[$doc])* $variant($ty), )*
            /// An action this library does not know, payload kept as sent.
            Other(Value),
            /// A known action whose payload does not have the documented shape, kept as sent,
            /// with why it did not fit.
            Unparsed {
                /// The payload as sent.
                payload: Value,
                /// Why it is not the documented shape.
                error: String,
            },
        }

        /// Every action [`Payload`] types (API 3.3–3.7).
        pub const KNOWN_ACTIONS: &[&str] = &[$($action),*];

        impl Payload {
            /// Types `payload` by `action`; never fails (see [`Payload::Other`],
            /// [`Payload::Unparsed`]).
            pub(crate) fn parse(action: &str, payload: Value) -> Payload {
                match action {
                    $( $action => match <$ty>::deserialize(&payload) {
                        Ok(typed) => Payload::$variant(typed),
                        Err(e) => Payload::Unparsed { payload, error: e.to_string() },
                    }, )*
                    _ => Payload::Other(payload),
                }
            }

            /// Top-level payload fields the typed payload does not know (kept in its `extra`),
            /// so an integration can log what the platform added; empty for `Other`/`Unparsed`.
            pub fn unknown_fields(&self) -> Vec<String> {
                match self {
                    $( Payload::$variant(p) => p.unknown_fields(), )*
                    Payload::Other(_) | Payload::Unparsed { .. } => Vec::new(),
                }
            }

            /// The payload as JSON (as sent, up to the defaults typed fields fill in).
            pub fn to_json(&self) -> Value {
                match self {
                    $( Payload::$variant(p) => serde_json::to_value(p).unwrap_or(Value::Null), )*
                    Payload::Other(v) | Payload::Unparsed { payload: v, .. } => v.clone(),
                }
            }
        }
    };
}

payloads! {
    /// `incoming_chat`.
    "incoming_chat" => IncomingChat(IncomingChat),
    /// `chat_deactivated`.
    "chat_deactivated" => ChatDeactivated(ChatDeactivated),
    /// `chat_access_updated` (3.4+).
    "chat_access_updated" => ChatAccessUpdated(ChatAccessChanged),
    /// `chat_access_granted` (3.3).
    "chat_access_granted" => ChatAccessGranted(ChatAccessChanged),
    /// `chat_access_revoked` (3.3).
    "chat_access_revoked" => ChatAccessRevoked(ChatAccessChanged),
    /// `chat_transferred`.
    "chat_transferred" => ChatTransferred(ChatTransferred),
    /// `user_added_to_chat`.
    "user_added_to_chat" => UserAddedToChat(UserAddedToChat),
    /// `user_removed_from_chat`.
    "user_removed_from_chat" => UserRemovedFromChat(UserRemovedFromChat),
    /// `incoming_event`: a new event (a customer's message, …).
    "incoming_event" => IncomingEvent(ChatEvent),
    /// `event_updated`.
    "event_updated" => EventUpdated(ChatEvent),
    /// `event_deleted` (3.6+).
    "event_deleted" => EventDeleted(EventDeleted),
    /// `incoming_rich_message_postback`.
    "incoming_rich_message_postback" => IncomingRichMessagePostback(RichMessagePostback),
    /// `events_marked_as_seen`.
    "events_marked_as_seen" => EventsMarkedAsSeen(EventsMarkedAsSeen),
    /// `chat_properties_updated`.
    "chat_properties_updated" => ChatPropertiesUpdated(PropertiesUpdated),
    /// `chat_properties_deleted`.
    "chat_properties_deleted" => ChatPropertiesDeleted(PropertiesDeleted),
    /// `thread_properties_updated`.
    "thread_properties_updated" => ThreadPropertiesUpdated(PropertiesUpdated),
    /// `thread_properties_deleted`.
    "thread_properties_deleted" => ThreadPropertiesDeleted(PropertiesDeleted),
    /// `event_properties_updated`.
    "event_properties_updated" => EventPropertiesUpdated(PropertiesUpdated),
    /// `event_properties_deleted`.
    "event_properties_deleted" => EventPropertiesDeleted(PropertiesDeleted),
    /// `thread_tagged`.
    "thread_tagged" => ThreadTagged(ThreadTag),
    /// `thread_untagged`.
    "thread_untagged" => ThreadUntagged(ThreadTag),
    /// `routing_status_set`.
    "routing_status_set" => RoutingStatusSet(RoutingStatusSet),
    /// `incoming_customer` (3.3–3.5).
    "incoming_customer" => IncomingCustomer(IncomingCustomer),
    /// `customer_session_fields_updated`.
    "customer_session_fields_updated" => CustomerSessionFieldsUpdated(CustomerSessionFieldsUpdated),
    /// `thread_summary_set` (3.6+).
    "thread_summary_set" => ThreadSummarySet(ThreadSummarySet),
    /// `agent_created` (3.4+).
    "agent_created" => AgentCreated(AgentChanged),
    /// `agent_approved` (3.4+).
    "agent_approved" => AgentApproved(AgentChanged),
    /// `agent_updated` (3.4+).
    "agent_updated" => AgentUpdated(AgentChanged),
    /// `agent_suspended` (3.4+).
    "agent_suspended" => AgentSuspended(AgentChanged),
    /// `agent_unsuspended` (3.4+).
    "agent_unsuspended" => AgentUnsuspended(AgentChanged),
    /// `agent_deleted`.
    "agent_deleted" => AgentDeleted(AgentChanged),
    /// `auto_access_added` (3.4).
    "auto_access_added" => AutoAccessAdded(AutoAccess),
    /// `auto_access_updated` (3.4).
    "auto_access_updated" => AutoAccessUpdated(AutoAccess),
    /// `auto_access_deleted` (3.4).
    "auto_access_deleted" => AutoAccessDeleted(AutoAccess),
    /// `auto_accesses_updated` (3.5+): every rule that changed, with its `status`.
    "auto_accesses_updated" => AutoAccessesUpdated(Vec<AutoAccess>),
    /// `bot_created` (3.4+).
    "bot_created" => BotCreated(BotChanged),
    /// `bot_updated` (3.4+).
    "bot_updated" => BotUpdated(BotChanged),
    /// `bot_deleted` (3.4+).
    "bot_deleted" => BotDeleted(BotChanged),
    /// `group_created` (3.4+).
    "group_created" => GroupCreated(GroupChanged),
    /// `group_updated` (3.4+).
    "group_updated" => GroupUpdated(GroupChanged),
    /// `group_deleted` (3.4+).
    "group_deleted" => GroupDeleted(GroupChanged),
    /// `tag_created` (3.5+).
    "tag_created" => TagCreated(TagChanged),
    /// `tag_updated` (3.5+).
    "tag_updated" => TagUpdated(TagChanged),
    /// `tag_deleted` (3.5+).
    "tag_deleted" => TagDeleted(TagChanged),
}
