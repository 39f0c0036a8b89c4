//! The Agent Chat web API's method table: every method, its action, parameters in the seed's order,
//! where each argument goes, which versions have it and whether it may be retried. The Rust typed
//! methods, the C `lc_client_call` and the Python methods all read this one list.

use crate::methods::{
    MethodSpec, ParamKind::*, ParamSpec as P, Placement, ResultShape as R, RetryClass::*,
};
use crate::version::{ApiVersion::*, VersionSet};

const ALL: VersionSet = VersionSet::ALL;
const V33: VersionSet = VersionSet::only(V3_3);
const V34_UP: VersionSet = VersionSet::since(V3_4);
const V36_UP: VersionSet = VersionSet::since(V3_6);
const V33_35: VersionSet = VersionSet::range(V3_3, V3_5);
const V35: VersionSet = VersionSet::only(V3_5);

const SORT_ORDER: P =
    P::opt("sort_order", String, "`asc` or `desc` (default `desc`).").one_of(&["asc", "desc"]);
const AUDIENCE: &[&str] = &["all", "agents"];
const LIMIT: P = P::opt("limit", Int, "Page size (at most 100).");
const PAGE_ID: P = P::opt(
    "page_id",
    String,
    "Page to fetch; send alone, without filters.",
);
const IGNORE_REQUESTER_PRESENCE: P = P::kw(
    "ignore_requester_presence",
    Bool,
    "Act even when the requester is not present in the chat.",
)
.only(V34_UP);
const CHAT_ID: P = P::pos("chat_id", String, "Chat ID.");
const THREAD_ID: P = P::pos("thread_id", String, "Thread ID.");
const ID: P = P::pos("id", String, "Chat ID.");
/// The seed's `chat_id` argument, sent as the `id` the API 3.3 docs name.
const CHAT_ID_AS_ID: P = P::pos("chat_id", String, "Chat ID (sent as `id`).").at(&["id"]);
const CUSTOMER_ID: P = P::pos("id", String, "Customer ID.");

/// Every method, in the seed's order, then the methods later versions added.
pub static METHODS: &[MethodSpec] = &[
    MethodSpec::new("list_chats", ALL, Read, R::Object("ListChatsResponse"),
        "Returns summaries of the chats the agent has access to.", &[
        P::opt("filters", Object, "Filters: `active`/`include_active`, `group_ids`, `properties`, …"),
        SORT_ORDER, LIMIT, PAGE_ID,
    ]).paginated(&["chats_summary", "chats_info"]),
    MethodSpec::new("list_threads", ALL, Read, R::Object("ListThreadsResponse"),
        "Returns the threads of a chat the agent has access to.", &[
        CHAT_ID, SORT_ORDER, LIMIT, PAGE_ID,
        P::opt("min_events_count", Int, "Minimum number of events to return (not with `limit`)."),
        P::opt("filters", Object, "`from`/`to` (RFC 3339)."),
    ]).paginated(&["threads"]),
    MethodSpec::new("get_chat", ALL, Read, R::Object("Chat"),
        "Returns a chat with one thread (the latest unless `thread_id` is given).", &[
        CHAT_ID,
        P::pos_opt("thread_id", String, "Thread to return (default: the latest)."),
    ]),
    MethodSpec::new("list_archives", ALL, Read, R::Object("ListArchivesResponse"),
        "Returns chats with one thread each, searchable by many filters.", &[
        P::opt("filters", Object, "Filters: `query`, `from`, `to`, `chat_ids`, `thread_ids`, `group_ids`, `tags`, `agents`, …"),
        PAGE_ID, SORT_ORDER, LIMIT,
        P::opt("highlights", Object, "Highlight matches of `filters.query` (`pre_tag`, `post_tag`)."),
    ]).paginated(&["chats"]),
    MethodSpec::new("start_chat", ALL, Write, R::Object("StartChatResponse"),
        "Starts a chat.", &[
        P::opt("chat", Object, "Initial chat data: `properties`, `access`, `users`, `thread{events, properties}`."),
        P::opt("active", Bool, "Start with an active thread (default true)."),
        P::opt("continuous", Bool, "Make the chat continuous (default false)."),
    ]),
    MethodSpec::new("resume_chat", ALL, Write, R::Object("ResumeChatResponse"),
        "Restarts an archived chat: opens a new thread.", &[
        P::pos("chat", StringOrObject, "A chat ID, the `chat` object, or the whole parameters object `{\"chat\":{…},\"active\":…}`.")
            .placed(Placement::ChatRef),
        P::kw("active", Bool, "Start with an active thread (default true)."),
        P::kw("continuous", Bool, "Make the chat continuous."),
    ]),
    MethodSpec::new("deactivate_chat", ALL, Write, R::Empty,
        "Deactivates a chat by closing its active thread.", &[
        ID, IGNORE_REQUESTER_PRESENCE,
    ]),
    MethodSpec::new("follow_chat", ALL, Write, R::Empty,
        "Marks a chat as followed by the requester.", &[ID]),
    MethodSpec::new("unfollow_chat", ALL, Write, R::Empty,
        "Removes the requester from the chat's followers.", &[ID]),
    MethodSpec::new("grant_chat_access", V33, Write, R::Empty,
        "Grants a group access to a chat without removing existing access.", &[
        CHAT_ID_AS_ID,
        P::pos("access", Object, "`{\"type\":\"group\",\"id\":<group id>}`."),
    ]).replaced_by("transfer_chat")
      .note("The argument is `chat_id`; it is sent as `id`, as the API 3.3 docs say."),
    MethodSpec::new("revoke_chat_access", V33, Write, R::Empty,
        "Revokes a group's or agent's access to a chat.", &[
        CHAT_ID_AS_ID,
        P::pos("access", Object, "`{\"type\":\"group\"|\"agent\",\"id\":…}`."),
    ]).replaced_by("transfer_chat")
      .note("The argument is `chat_id`; it is sent as `id`, as the API 3.3 docs say."),
    MethodSpec::new("transfer_chat", ALL, Write, R::Empty,
        "Transfers a chat to an agent or a group.", &[
        ID,
        P::opt("target", Object, "`{\"type\":\"group\"|\"agent\",\"ids\":[…]}` (absent: same group)."),
        P::opt("force", Bool, "Transfer even when the target is unavailable.")
            .only(V33).renamed_to("ignore_agents_availability"),
        P::kw("ignore_agents_availability", Bool, "Transfer even when the target agents are unavailable.")
            .only(V34_UP),
        IGNORE_REQUESTER_PRESENCE,
    ]),
    MethodSpec::new("add_user_to_chat", ALL, Write, R::Empty,
        "Adds an agent or a customer to a chat.", &[
        CHAT_ID,
        P::pos("user_id", String, "User to add."),
        P::pos("user_type", String, "`agent` or `customer`.").one_of(&["agent", "customer"]),
        P::pos_opt("require_active_thread", Bool, "Add only when the chat has an active thread.")
            .only(V33),
        P::kw("visibility", String, "`all` or `agents`.").only(V34_UP).required().one_of(AUDIENCE),
        IGNORE_REQUESTER_PRESENCE,
    ]),
    MethodSpec::new("remove_user_from_chat", ALL, Write, R::Empty,
        "Removes a user from a chat.", &[
        CHAT_ID,
        P::pos("user_id", String, "User to remove."),
        P::kw("user_type", String, "`agent` (default; removing customers is not allowed).")
            .default_json("\"agent\""),
        IGNORE_REQUESTER_PRESENCE,
    ]).note("`user_type` defaults to \"agent\"; the API requires it from 3.4 on."),
    MethodSpec::new("send_event", ALL, Write, R::Object("SendEventResponse"),
        "Sends an event (message, file, rich message, custom, system message) to a chat.", &[
        CHAT_ID,
        P::pos("event", Object, "The event: `{\"type\":\"message\",\"text\":\"hi\"}`, …"),
        P::pos_opt("attach_to_last_thread", Bool, "Add the event to the last inactive thread.")
            .only(V33),
    ]),
    MethodSpec::new("upload_file", ALL, Write, R::Object("UploadFileResponse"),
        "Uploads a file (≤ 10 MB); the URL expires after 24 h unless used in a `file` event.", &[
        P::pos("file", File, "A path or the bytes to upload.").placed(Placement::Multipart),
        P::pos_opt("filename", String, "File name (default: the path's name).").placed(Placement::Multipart),
    ]).multipart(),
    MethodSpec::new("send_rich_message_postback", ALL, Write, R::Empty,
        "Sends a postback for a rich message button.", &[
        P::opt("chat_id", String, "Chat ID.").required(),
        P::opt("thread_id", String, "Thread ID.").required(),
        P::opt("event_id", String, "The rich message event.").required(),
        P::opt("postback", Object, "`{\"id\":…,\"toggled\":true}`.").required(),
    ]),
    MethodSpec::new("update_chat_properties", ALL, Write, R::Empty,
        "Updates (merges) chat properties.", &[
        ID, P::pos("properties", Object, "`{namespace: {name: value}}`."),
    ]),
    MethodSpec::new("delete_chat_properties", ALL, Write, R::Empty,
        "Deletes chat properties.", &[
        ID, P::pos("properties", Object, "`{namespace: [name, …]}`."),
    ]),
    MethodSpec::new("update_thread_properties", ALL, Write, R::Empty,
        "Updates (merges) thread properties.", &[
        CHAT_ID, THREAD_ID, P::pos("properties", Object, "`{namespace: {name: value}}`."),
    ]),
    MethodSpec::new("delete_thread_properties", ALL, Write, R::Empty,
        "Deletes thread properties.", &[
        CHAT_ID, THREAD_ID, P::pos("properties", Object, "`{namespace: [name, …]}`."),
    ]),
    MethodSpec::new("update_event_properties", ALL, Write, R::Empty,
        "Updates (merges) event properties.", &[
        CHAT_ID, THREAD_ID, P::pos("event_id", String, "Event ID."),
        P::pos("properties", Object, "`{namespace: {name: value}}`."),
    ]),
    MethodSpec::new("delete_event_properties", ALL, Write, R::Empty,
        "Deletes event properties.", &[
        CHAT_ID, THREAD_ID, P::pos("event_id", String, "Event ID."),
        P::pos("properties", Object, "`{namespace: [name, …]}`."),
    ]),
    MethodSpec::new("tag_thread", ALL, Write, R::Empty,
        "Tags a thread (tags are case-sensitive).", &[
        CHAT_ID, THREAD_ID, P::pos("tag", String, "Tag to add."),
    ]),
    MethodSpec::new("untag_thread", ALL, Write, R::Empty,
        "Removes a tag from a thread.", &[
        CHAT_ID, THREAD_ID, P::pos("tag", String, "Tag to remove."),
    ]),
    MethodSpec::new("get_customer", ALL, Read, R::Object("Customer"),
        "Returns a customer.", &[CUSTOMER_ID]),
    MethodSpec::new("list_customers", V33_35, Read, R::Object("ListCustomersResponse"),
        "Returns customers.", &[
        PAGE_ID, LIMIT, SORT_ORDER,
        P::opt("sort_by", String, "`created_at`, `threads_count`, `visits_count`, `agent_last_event`, `customer_last_event`.")
            .one_of(&["created_at", "threads_count", "visits_count", "agent_last_event", "customer_last_event"]),
        P::opt("filters", Object, "Customer filters."),
    ]).paginated(&["customers"])
      .note("Removed in API 3.6; there is no Agent Chat replacement."),
    MethodSpec::new("create_customer", V33_35, Write, R::Object("CreateCustomerResponse"),
        "Creates a customer.", &[
        P::opt("name", String, "Name."),
        P::opt("email", String, "Email."),
        P::opt("avatar", String, "Avatar URL."),
        P::opt("session_fields", Array, "`[{key: value}, …]`."),
    ]).replaced_by("update_customer")
      .note("Removed in API 3.6; LiveChat stopped persisting name/email in 2025."),
    MethodSpec::new("update_customer", ALL, Write, R::Empty,
        "Updates a customer.", &[
        CUSTOMER_ID,
        P::opt("name", String, "Name."),
        P::opt("email", String, "Email."),
        P::opt("avatar", String, "Avatar URL."),
        P::opt("session_fields", Array, "`[{key: value}, …]`."),
        P::kw("phone_number", String, "E.164 phone number.").only(V36_UP),
        P::kw("omnichannel", Object, "`fbmessenger` / `twilio` identities.").only(V36_UP),
        P::kw("address", Object, "`address`, `city`, `country`, `state`, `postal_code`.").only(V36_UP),
        P::kw("suggested_email", String, "Suggested email.").only(V36_UP),
    ]),
    MethodSpec::new("ban_customer", ALL, Write, R::Empty,
        "Bans a customer for some days.", &[
        CUSTOMER_ID,
        P::pos("days", Int, "Ban length in days.").at(&["ban", "days"]),
    ]),
    MethodSpec::new("follow_customer", ALL, Write, R::Empty,
        "Marks a customer as followed by the requester.", &[CUSTOMER_ID])
        .note("Removed from the docs of every version on 2026-01-21; may stop working."),
    MethodSpec::new("unfollow_customer", ALL, Write, R::Empty,
        "Removes the requester from a customer's followers.", &[CUSTOMER_ID])
        .note("Removed from the docs of every version on 2026-01-21; may stop working."),
    MethodSpec::new("set_routing_status", ALL, Write, R::Empty,
        "Sets the routing status of an agent or a bot.", &[
        P::pos("status", String, "`accepting_chats`, `not_accepting_chats` (bots: also `offline`).")
            .one_of(&["accepting_chats", "not_accepting_chats", "offline"]),
        P::pos_opt("agent_id", String, "Agent to change (default: the requester)."),
    ]),
    MethodSpec::new("list_routing_statuses", ALL, Read, R::Array("RoutingStatus"),
        "Returns the routing status of each agent.", &[
        P::pos_opt("group_ids", Array, "Only agents of these groups.").at(&["filters", "group_ids"]),
    ]),
    MethodSpec::new("mark_events_as_seen", ALL, Write, R::Empty,
        "Marks a chat's events as seen up to a date.", &[
        CHAT_ID, P::pos("seen_up_to", String, "RFC 3339 date."),
    ]),
    MethodSpec::new("send_typing_indicator", ALL, Write, R::Empty,
        "Tells the chat whether the agent is typing.", &[
        CHAT_ID,
        P::pos("is_typing", Bool, "Whether the agent is typing."),
        P::pos_opt("recipients", String, "`all` or `agents`.").only(V33).renamed_to("visibility").one_of(AUDIENCE),
        P::kw("visibility", String, "`all` or `agents`.").only(V34_UP).one_of(AUDIENCE),
    ]),
    MethodSpec::new("multicast", ALL, Write, R::Empty,
        "Sends a chat-unrelated message to agents (not stored).", &[
        P::pos("recipients", Object, "`{\"agents\":{\"all\":true,\"ids\":[…],\"groups\":[…]}}`."),
        P::pos("content", Any, "Any JSON."),
        P::pos_opt("type", String, "Message type."),
    ]),
    MethodSpec::new("list_agents_for_transfer", ALL, Read, R::Array("AgentForTransfer"),
        "Returns the online agents a chat can be transferred to, least busy first.", &[CHAT_ID]),
    MethodSpec::new("send_event_preview", V36_UP, Write, R::Empty,
        "Sends a preview of a message being written (not stored).", &[
        CHAT_ID, P::pos("event", Object, "A `message` event with visibility `all`."),
    ]),
    MethodSpec::new("send_thinking_indicator", V36_UP, Write, R::Empty,
        "Shows that a bot is thinking.", &[
        CHAT_ID,
        P::kw("title", String, "Title."),
        P::kw("description", String, "Description."),
        P::kw("visibility", String, "`all` (default) or `agents`.").one_of(AUDIENCE),
        P::kw("custom_id", String, "Your ID for the indicator."),
    ]),
    MethodSpec::new("request_thread_summary", V36_UP, Write, R::Empty,
        "Asks for an AI summary of a thread; it arrives as a system event.", &[CHAT_ID, THREAD_ID]),
    MethodSpec::new("get_thread_transcript", V36_UP, Read, R::Object("ThreadTranscript"),
        "Returns a thread's transcript.", &[CHAT_ID, THREAD_ID])
        .note("Undocumented; present in the official Python SDK for 3.6 and 3.7."),
    MethodSpec::new("get_license_info", V35, Read, R::Object("LicenseInfo"),
        "Returns the license ID, dates and trial state.", &[]),
    MethodSpec::new("logout", V36_UP, Write, R::Empty,
        "Logs an agent out.", &[
        P::kw("agent_id", String, "Agent to log out (default: the requester)."),
    ]).note("Undocumented for the web transport; present in the official JS and Python SDKs."),
];
