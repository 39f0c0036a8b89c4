//! Tags, routing, customers and summaries: `thread_tagged`, `thread_untagged`,
//! `routing_status_set`, `incoming_customer`, `customer_session_fields_updated`,
//! `thread_summary_set`.

use serde_json::{Map, Value};

use crate::surfaces::agent_web::types::Customer;

payload_struct! {
    /// `thread_tagged` and `thread_untagged`.
    ThreadTag {
        /// Chat ID.
        chat_id: String,
        /// Thread ID.
        thread_id: String,
        /// The tag.
        tag: String,
    }
}

payload_struct! {
    /// `routing_status_set`: an agent's or bot's routing status changed.
    RoutingStatusSet {
        /// The agent or bot.
        agent_id: String,
        /// The status, e.g. `accepting_chats` (the docs' sample spells it `accepting chats`).
        status: String,
    }
}

payload_struct! {
    /// `incoming_customer` (3.3–3.5): a new customer.
    IncomingCustomer {
        /// The customer.
        customer: Customer,
    }
}

payload_struct! {
    /// The chat a customer is in.
    ActiveChat {
        /// Chat ID.
        chat_id: String,
        /// Thread ID.
        thread_id: String,
    }
}

payload_struct! {
    /// `customer_session_fields_updated`.
    CustomerSessionFieldsUpdated {
        /// The customer.
        id: String,
        /// The chat the customer is in, if any.
        active_chat: ActiveChat,
        /// The session fields, as a list of one-key objects.
        session_fields: Vec<Map<String, Value>>,
    }
}

payload_struct! {
    /// A thread's AI summary.
    ThreadSummary {
        /// `ok` or an error state.
        status: String,
        /// The summary.
        text: String,
        /// When it was written (RFC 3339).
        updated_at: String,
    }
}

payload_struct! {
    /// `thread_summary_set` (3.6+).
    ThreadSummarySet {
        /// Chat ID.
        chat_id: String,
        /// Thread ID.
        thread_id: String,
        /// The summary.
        summary: ThreadSummary,
    }
}
