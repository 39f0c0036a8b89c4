//! Configuration webhooks (3.4+; 3.3 had `agent_deleted`): agents, auto accesses, bots, groups
//! and tags changed by anyone in the license.

use std::collections::BTreeMap;

use serde_json::Value;

payload_struct! {
    /// A group an agent or bot belongs to, with its routing priority.
    GroupMembership {
        /// Group ID.
        id: i64,
        /// `first`, `normal`, `last` or `supervisor`.
        priority: String,
    }
}

payload_struct! {
    /// `agent_created`, `agent_updated`, `agent_approved`, `agent_suspended`,
    /// `agent_unsuspended`, `agent_deleted`: the agent's ID and the fields that changed.
    AgentChanged {
        /// The agent's ID (an email; 3.4+).
        id: String,
        /// The agent's ID in 3.3's `agent_deleted`.
        agent_id: String,
        /// Name.
        name: String,
        /// Role, e.g. `viceowner`.
        role: String,
        /// Whether the agent awaits approval.
        awaiting_approval: bool,
        /// Groups.
        groups: Vec<GroupMembership>,
        /// Enabled notifications.
        notifications: Vec<String>,
        /// Email subscriptions.
        email_subscriptions: Vec<String>,
        /// Working hours (`timezone`, `schedule`).
        work_scheduler: Value,
    }
}

payload_struct! {
    /// An auto access rule (`auto_access_added/updated/deleted` in 3.4; an item of 3.5+'s
    /// `auto_accesses_updated`, with its `status`).
    AutoAccess {
        /// Rule ID.
        id: String,
        /// Description.
        description: String,
        /// Who gets access (`groups`).
        access: Value,
        /// When it applies (`url`, `domain`, `geolocation`).
        conditions: Value,
        /// The rule after this one.
        next_id: String,
        /// `added`, `updated` or `deleted` (3.5+).
        status: String,
    }
}

payload_struct! {
    /// `bot_created`, `bot_updated`, `bot_deleted`.
    BotChanged {
        /// Bot ID.
        id: String,
        /// Name.
        name: String,
        /// Priority in groups not listed.
        default_group_priority: String,
        /// Groups.
        groups: Vec<GroupMembership>,
        /// The Client ID owning the bot.
        owner_client_id: String,
    }
}

payload_struct! {
    /// `group_created`, `group_updated`, `group_deleted`.
    GroupChanged {
        /// Group ID.
        id: i64,
        /// Name.
        name: String,
        /// Language code.
        language_code: String,
        /// Agents and their priority in the group.
        agent_priorities: BTreeMap<String, String>,
    }
}

payload_struct! {
    /// `tag_created`, `tag_updated`, `tag_deleted` (3.5+).
    TagChanged {
        /// The tag.
        name: String,
        /// Groups it belongs to.
        group_ids: Vec<i64>,
        /// When it was created (RFC 3339).
        created_at: String,
        /// Who created it.
        author_id: String,
    }
}
