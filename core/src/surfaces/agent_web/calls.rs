//! The typed Rust surface: one `AgentWeb` method per table entry, taking the seed's required
//! positional arguments, and a marker type per method whose `Call` has a setter for each optional
//! or later-version argument. Names and body rules still come from the method table; a test checks
//! that this list and the table agree.

use serde_json::Value;

use crate::call::{Call, Method};

use super::AgentWeb;
use super::types::{
    AgentForTransfer, Chat, CreateCustomerResponse, Customer, Empty, LicenseInfo,
    ListArchivesResponse, ListChatsResponse, ListCustomersResponse, ListThreadsResponse,
    ResumeChatResponse, RoutingStatus, SendEventResponse, StartChatResponse, ThreadTranscript,
};

/// The API name of a setter (`r#type` → `type`).
fn wire(name: &'static str) -> &'static str {
    name.strip_prefix("r#").unwrap_or(name)
}

macro_rules! typed_methods {
    ($(
        $(#[$doc:meta])*
        $name:ident ( $($pos:ident : $pty:ty),* ) => $marker:ident -> $out:ty
            { $($opt:ident : $oty:ty),* $(,)? }
    )*) => {
        $(
            #[doc = concat!("The `", stringify!($name), "` method as a type (see [`AgentWeb::", stringify!($name), "`]).")]
            #[derive(Debug)]
            pub struct $marker;

            impl Method for $marker {
                const NAME: &'static str = stringify!($name);
                type Output = $out;
            }

            impl Call<$marker> {
                $(
                    #[doc = concat!("Sets `", stringify!($opt), "`; the method table says which API versions accept it.")]
                    pub fn $opt(self, value: impl Into<$oty>) -> Self {
                        self.arg(wire(stringify!($opt)), value.into())
                    }
                )*
            }
        )*

        impl AgentWeb {
            $(
                $(#[$doc])*
                pub fn $name(&self, $($pos: impl Into<$pty>),*) -> Call<$marker> {
                    Call::new(self.client())$(.arg(stringify!($pos), $pos.into()))*
                }
            )*
        }

        /// Each typed method with the argument names it covers (checked against the table).
        #[cfg(test)]
        pub(crate) fn typed() -> Vec<(&'static str, Vec<&'static str>)> {
            vec![$( (stringify!($name), vec![$(stringify!($pos),)* $(wire(stringify!($opt)),)*]), )*]
        }
    };
}

typed_methods! {
    /// Summaries of the chats the agent can access. Page with `.pages()` / `.items()`.
    list_chats() => ListChats -> ListChatsResponse
        { filters: Value, sort_order: String, limit: u32, page_id: String }
    /// Threads of a chat. Page with `.pages()` / `.items()`.
    list_threads(chat_id: String) => ListThreads -> ListThreadsResponse
        { sort_order: String, limit: u32, page_id: String, min_events_count: u32, filters: Value }
    /// A chat with one thread (the latest unless `.thread_id(…)`).
    get_chat(chat_id: String) => GetChat -> Chat { thread_id: String }
    /// Archived chats, one thread each, with search filters. Page with `.pages()` / `.items()`.
    list_archives() => ListArchives -> ListArchivesResponse
        { filters: Value, page_id: String, sort_order: String, limit: u32, highlights: Value }
    /// Starts a chat (options: the initial `chat` object, `active`, `continuous`).
    start_chat() => StartChat -> StartChatResponse { chat: Value, active: bool, continuous: bool }
    /// Opens a new thread in an archived chat: `chat` is a chat ID, the `chat` object, or the
    /// whole parameters object.
    resume_chat(chat: Value) => ResumeChat -> ResumeChatResponse { active: bool, continuous: bool }
    /// Closes the chat's active thread.
    deactivate_chat(id: String) => DeactivateChat -> Empty { ignore_requester_presence: bool }
    /// Follows a chat.
    follow_chat(id: String) => FollowChat -> Empty {}
    /// Stops following a chat.
    unfollow_chat(id: String) => UnfollowChat -> Empty {}
    /// API 3.3 only: grants a group access (`{"type":"group","id":1}`); later versions use
    /// `transfer_chat`. `chat_id` is sent as `id`, as the 3.3 docs say.
    grant_chat_access(chat_id: String, access: Value) => GrantChatAccess -> Empty {}
    /// API 3.3 only: revokes access; later versions use `transfer_chat`.
    revoke_chat_access(chat_id: String, access: Value) => RevokeChatAccess -> Empty {}
    /// Transfers a chat (`target`; 3.3 `force`, 3.4+ `ignore_agents_availability`).
    transfer_chat(id: String) => TransferChat -> Empty
        { target: Value, force: bool, ignore_agents_availability: bool, ignore_requester_presence: bool }
    /// Adds a user to a chat (3.3: `require_active_thread`; 3.4+: `visibility` is required).
    add_user_to_chat(chat_id: String, user_id: String, user_type: String) => AddUserToChat -> Empty
        { require_active_thread: bool, visibility: String, ignore_requester_presence: bool }
    /// Removes a user (`user_type` defaults to `agent`).
    remove_user_from_chat(chat_id: String, user_id: String) => RemoveUserFromChat -> Empty
        { user_type: String, ignore_requester_presence: bool }
    /// Sends an event, e.g. `json!({"type":"message","text":"hi"})`.
    send_event(chat_id: String, event: Value) => SendEvent -> SendEventResponse
        { attach_to_last_thread: bool }
    /// Answers a rich message button. (The seed took one `opts` object; its four fields are all
    /// required, so here they are positional.)
    send_rich_message_postback(chat_id: String, thread_id: String, event_id: String, postback: Value)
        => SendRichMessagePostback -> Empty {}
    /// Merges chat properties `{ns: {name: value}}`.
    update_chat_properties(id: String, properties: Value) => UpdateChatProperties -> Empty {}
    /// Deletes chat properties `{ns: [name]}`.
    delete_chat_properties(id: String, properties: Value) => DeleteChatProperties -> Empty {}
    /// Merges thread properties.
    update_thread_properties(chat_id: String, thread_id: String, properties: Value)
        => UpdateThreadProperties -> Empty {}
    /// Deletes thread properties.
    delete_thread_properties(chat_id: String, thread_id: String, properties: Value)
        => DeleteThreadProperties -> Empty {}
    /// Merges event properties.
    update_event_properties(chat_id: String, thread_id: String, event_id: String, properties: Value)
        => UpdateEventProperties -> Empty {}
    /// Deletes event properties.
    delete_event_properties(chat_id: String, thread_id: String, event_id: String, properties: Value)
        => DeleteEventProperties -> Empty {}
    /// Tags a thread.
    tag_thread(chat_id: String, thread_id: String, tag: String) => TagThread -> Empty {}
    /// Removes a tag from a thread.
    untag_thread(chat_id: String, thread_id: String, tag: String) => UntagThread -> Empty {}
    /// A customer.
    get_customer(id: String) => GetCustomer -> Customer {}
    /// API 3.3–3.5: customers. Page with `.pages()` / `.items()`.
    list_customers() => ListCustomers -> ListCustomersResponse
        { page_id: String, limit: u32, sort_order: String, sort_by: String, filters: Value }
    /// API 3.3–3.5: creates a customer.
    create_customer() => CreateCustomer -> CreateCustomerResponse
        { name: String, email: String, avatar: String, session_fields: Value }
    /// Updates a customer.
    update_customer(id: String) => UpdateCustomer -> Empty
        { name: String, email: String, avatar: String, session_fields: Value,
          phone_number: String, omnichannel: Value, address: Value, suggested_email: String }
    /// Bans a customer for `days` (sent as `{"ban":{"days":n}}`).
    ban_customer(id: String, days: u32) => BanCustomer -> Empty {}
    /// Follows a customer (removed from the docs in 2026-01).
    follow_customer(id: String) => FollowCustomer -> Empty {}
    /// Stops following a customer (removed from the docs in 2026-01).
    unfollow_customer(id: String) => UnfollowCustomer -> Empty {}
    /// Sets a routing status (`accepting_chats`, `not_accepting_chats`, bots: `offline`).
    set_routing_status(status: String) => SetRoutingStatus -> Empty { agent_id: String }
    /// Routing statuses of the agents (a top-level array), optionally of some groups.
    list_routing_statuses() => ListRoutingStatuses -> Vec<RoutingStatus> { group_ids: Vec<i64> }
    /// Marks events as seen up to an RFC 3339 date.
    mark_events_as_seen(chat_id: String, seen_up_to: String) => MarkEventsAsSeen -> Empty {}
    /// Typing indicator (3.3 `recipients`, 3.4+ `visibility`).
    send_typing_indicator(chat_id: String, is_typing: bool) => SendTypingIndicator -> Empty
        { recipients: String, visibility: String }
    /// Sends a chat-unrelated message to agents.
    multicast(recipients: Value, content: Value) => Multicast -> Empty { r#type: String }
    /// Online agents a chat can go to, least busy first (a top-level array).
    list_agents_for_transfer(chat_id: String) => ListAgentsForTransfer -> Vec<AgentForTransfer> {}
    /// API 3.6+: a preview of a message being typed (not stored).
    send_event_preview(chat_id: String, event: Value) => SendEventPreview -> Empty {}
    /// API 3.6+: shows a bot is thinking.
    send_thinking_indicator(chat_id: String) => SendThinkingIndicator -> Empty
        { title: String, description: String, visibility: String, custom_id: String }
    /// API 3.6+: asks for a thread summary (arrives as a system event).
    request_thread_summary(chat_id: String, thread_id: String) => RequestThreadSummary -> Empty {}
    /// API 3.6+ (undocumented): a thread's transcript.
    get_thread_transcript(chat_id: String, thread_id: String) => GetThreadTranscript -> ThreadTranscript {}
    /// API 3.5 only: license ID, dates, trial state.
    get_license_info() => GetLicenseInfo -> LicenseInfo {}
    /// API 3.6+ (undocumented for the web transport): logs an agent out.
    logout() => Logout -> Empty { agent_id: String }
}

#[cfg(test)]
mod tests {
    use super::super::METHODS;
    use super::typed;
    use crate::methods::ParamStyle;

    #[test]
    fn the_typed_surface_and_the_table_agree() {
        let typed = typed();
        for m in METHODS.iter().filter(|m| !m.multipart) {
            let Some((_, names)) = typed.iter().find(|(n, _)| *n == m.name) else {
                panic!("{} has no typed method", m.name);
            };
            let table: Vec<&str> = m.params.iter().map(|p| p.name).collect();
            assert_eq!(
                names.len(),
                table.len(),
                "{}: {names:?} vs {table:?}",
                m.name
            );
            for n in names {
                assert!(table.contains(n), "{}: `{n}` is not in the table", m.name);
            }
            // Positional Rust arguments are the table's required-everywhere parameters.
            for p in m.params.iter().filter(|p| p.required.is_all()) {
                assert!(
                    names.contains(&p.name)
                        && (p.style == ParamStyle::Positional || p.style == ParamStyle::Option),
                    "{}.{}",
                    m.name,
                    p.name
                );
            }
        }
        assert_eq!(
            typed.len() + 1,
            METHODS.len(),
            "upload_file is the only hand-written one"
        );
    }
}
