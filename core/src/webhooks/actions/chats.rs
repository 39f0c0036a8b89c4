//! Chats, access and chat users: `incoming_chat`, `chat_deactivated`, `chat_access_*`,
//! `chat_transferred`, `user_added_to_chat`, `user_removed_from_chat`.

use crate::surfaces::agent_web::types::{Access, Chat, Queue, User};

payload_struct! {
    /// `incoming_chat`: a chat with a new thread (and the events it started with).
    IncomingChat {
        /// The whole chat.
        chat: Chat,
    }
}

payload_struct! {
    /// `chat_deactivated`: the open thread was closed.
    ChatDeactivated {
        /// Chat ID.
        chat_id: String,
        /// The closed thread.
        thread_id: String,
        /// Who closed it (missing when the router did).
        user_id: String,
    }
}

payload_struct! {
    /// `chat_access_updated` (3.4+), and 3.3's `chat_access_granted` / `chat_access_revoked`.
    ChatAccessChanged {
        /// Chat ID.
        id: String,
        /// The access now (or the part granted or revoked, in 3.3).
        access: Access,
    }
}

payload_struct! {
    /// Where a chat went (`chat_transferred`).
    TransferTarget {
        /// Groups it was transferred to.
        group_ids: Vec<i64>,
        /// Agents it was transferred to.
        agent_ids: Vec<String>,
    }
}

payload_struct! {
    /// `chat_transferred`: a chat moved to other agents or groups.
    ChatTransferred {
        /// Chat ID.
        chat_id: String,
        /// Thread ID.
        thread_id: String,
        /// Who transferred it.
        requester_id: String,
        /// `manual`, `inactive`, `assigned`, `unassigned`, `other`, …
        reason: String,
        /// The new agents or groups.
        transferred_to: TransferTarget,
        /// The queue, when the chat is queued.
        queue: Queue,
    }
}

payload_struct! {
    /// `user_added_to_chat`: an agent or customer joined.
    UserAddedToChat {
        /// Chat ID.
        chat_id: String,
        /// Thread ID.
        thread_id: String,
        /// The user.
        user: User,
        /// Why, e.g. `manual`.
        reason: String,
        /// Who added them.
        requester_id: String,
    }
}

payload_struct! {
    /// `user_removed_from_chat`: an agent or customer left.
    UserRemovedFromChat {
        /// Chat ID.
        chat_id: String,
        /// Thread ID.
        thread_id: String,
        /// The user.
        user_id: String,
        /// Why, e.g. `manual`.
        reason: String,
        /// Who removed them.
        requester_id: String,
    }
}
