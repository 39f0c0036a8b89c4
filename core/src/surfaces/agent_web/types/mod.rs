//! Typed responses. Every struct keeps fields it does not know in `extra`, and events and users of
//! unknown types are kept as `Other`, so a field LiveChat adds tomorrow never breaks decoding.

mod chat;
mod customer;
mod event;
mod responses;
mod tagged;
mod user;

pub use chat::{
    Access, Chat, ChatSummary, LastEventOfType, LastThreadSummary, Properties, Queue, Thread,
    ThreadSummary,
};
pub use customer::{Customer, Statistics, Visit};
pub use event::{Event, EventBody, FileEvent, MessageEvent, RichMessageEvent, SystemMessageEvent};
pub use responses::{
    AgentForTransfer, CreateCustomerResponse, Empty, LicenseInfo, ListArchivesResponse,
    ListChatsResponse, ListCustomersResponse, ListThreadsResponse, ResumeChatResponse,
    RoutingStatus, SendEventResponse, StartChatResponse, ThreadTranscript, UploadFileResponse,
};
pub use user::{Agent, User};

/// The paginated responses' trait (defined with the typed calls, kept here for old paths).
pub use crate::call::Page;

/// Unknown fields, kept as sent.
pub type Extra = serde_json::Map<String, serde_json::Value>;
