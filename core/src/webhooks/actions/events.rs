//! Events and properties: `incoming_event`, `event_updated`, `event_deleted`,
//! `incoming_rich_message_postback`, `events_marked_as_seen`, `*_properties_updated/deleted`.

use std::collections::BTreeMap;

use crate::surfaces::agent_web::types::{Event, Properties};

payload_struct! {
    /// `incoming_event` and `event_updated`: an event of a chat, new or edited.
    ChatEvent {
        /// Chat ID.
        chat_id: String,
        /// Thread ID.
        thread_id: String,
        /// The event.
        event: Event,
    }
}

payload_struct! {
    /// `event_deleted` (3.6+).
    EventDeleted {
        /// Chat ID.
        chat_id: String,
        /// Thread ID.
        thread_id: String,
        /// The deleted event.
        event_id: String,
    }
}

payload_struct! {
    /// The button a customer pressed in a rich message.
    Postback {
        /// The button's postback ID.
        id: String,
        /// Whether it is toggled on.
        toggled: bool,
    }
}

payload_struct! {
    /// `incoming_rich_message_postback`: a rich-message button was pressed.
    RichMessagePostback {
        /// Who pressed it.
        user_id: String,
        /// Chat ID.
        chat_id: String,
        /// Thread ID.
        thread_id: String,
        /// The rich message.
        event_id: String,
        /// The button.
        postback: Postback,
    }
}

payload_struct! {
    /// `events_marked_as_seen`.
    EventsMarkedAsSeen {
        /// Who saw them.
        user_id: String,
        /// Chat ID.
        chat_id: String,
        /// Everything up to this time (RFC 3339) is seen.
        seen_up_to: String,
    }
}

payload_struct! {
    /// `chat_properties_updated`, `thread_properties_updated`, `event_properties_updated`.
    PropertiesUpdated {
        /// Chat ID.
        chat_id: String,
        /// Thread ID (thread and event properties).
        thread_id: String,
        /// Event ID (event properties).
        event_id: String,
        /// The new values: `{namespace: {name: value}}`.
        properties: Properties,
    }
}

payload_struct! {
    /// `chat_properties_deleted`, `thread_properties_deleted`, `event_properties_deleted`.
    PropertiesDeleted {
        /// Chat ID.
        chat_id: String,
        /// Thread ID (thread and event properties).
        thread_id: String,
        /// Event ID (event properties).
        event_id: String,
        /// The deleted names: `{namespace: [name, …]}`.
        properties: BTreeMap<String, Vec<String>>,
    }
}
