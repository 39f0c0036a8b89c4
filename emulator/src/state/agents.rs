//! Agents (humans and bots) and groups.

use serde::{Deserialize, Serialize};

/// An agent of the license: a human or a bot.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Agent {
    pub(crate) id: String,
    pub(crate) name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) avatar: Option<String>,
    /// `agent` or `bot`.
    #[serde(default = "default_kind")]
    pub(crate) kind: String,
    /// `accepting_chats`, `not_accepting_chats` or `offline`.
    #[serde(default = "default_routing_status")]
    pub(crate) routing_status: String,
    #[serde(default = "default_groups")]
    pub(crate) group_ids: Vec<i64>,
    /// `owner`, `administrator`, `normal`, …: owners and administrators see every chat.
    #[serde(default = "default_permission")]
    pub(crate) permission: String,
    /// An extra Bearer token for this agent (seed only: never saved or dumped).
    #[serde(default, skip_serializing)]
    pub(crate) token: Option<String>,
}

fn default_kind() -> String {
    "agent".into()
}

fn default_routing_status() -> String {
    "accepting_chats".into()
}

fn default_groups() -> Vec<i64> {
    vec![0]
}

fn default_permission() -> String {
    "normal".into()
}

impl Agent {
    /// Whether this agent is a bot.
    pub(crate) fn is_bot(&self) -> bool {
        self.kind == "bot"
    }

    /// Whether the agent is logged in (accepting or not accepting chats).
    pub(crate) fn is_online(&self) -> bool {
        self.routing_status != "offline"
    }

    /// Whether the agent sees chats of every group.
    pub(crate) fn sees_everything(&self) -> bool {
        matches!(
            self.permission.as_str(),
            "owner" | "viceowner" | "administrator"
        )
    }

    /// The e-mail shown on the wire (agents' ids are their e-mails unless set otherwise).
    pub(crate) fn email(&self) -> &str {
        self.email.as_deref().unwrap_or(&self.id)
    }
}

/// A group of agents; group 0 is "all agents".
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Group {
    pub(crate) id: i64,
    pub(crate) name: String,
}
