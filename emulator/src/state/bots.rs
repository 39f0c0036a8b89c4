//! Bots' Configuration API side (secret, owner, routing settings), bot templates and the bot
//! tokens issued by `issue_bot_token`. A bot is also an [`super::agents::Agent`] of kind
//! `bot` (name, avatar, groups, routing status): that is what the Agent API acts as.

use crate::clock::Ts;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How long a bot token is valid.
pub(crate) const TOKEN_LIFETIME_SECS: i64 = 24 * 60 * 60;

/// The configuration of a bot created by `create_bot` (or from a template).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Bot {
    pub(crate) id: String,
    pub(crate) owner_client_id: String,
    /// The current secret; resetting it invalidates every token issued with the old one.
    pub(crate) secret: String,
    pub(crate) default_group_priority: String,
    pub(crate) max_chats_count: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) job_title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) work_scheduler: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) timezone: Option<String>,
    /// 3.6+ `type`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) bot_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) template_id: Option<String>,
    /// Created with a PAT (listed to PAT callers by `list_bots` without `all`).
    #[serde(default)]
    pub(crate) via_pat: bool,
}

/// The secret of the seed's bots (the docs' `issue_bot_token` sample secret).
pub(crate) const SEED_SECRET: &str = "641e2ae6d997d2009a3ac92a05f37fc3";

impl Bot {
    /// The configuration of a bot that came with the seed: owned by the emulator's Client ID.
    pub(crate) fn seeded(id: &str) -> Bot {
        Bot {
            id: id.to_string(),
            owner_client_id: crate::auth::CLIENT_ID.to_string(),
            secret: SEED_SECRET.to_string(),
            default_group_priority: "normal".into(),
            max_chats_count: 6,
            job_title: None,
            work_scheduler: None,
            timezone: None,
            bot_type: None,
            template_id: None,
            via_pat: false,
        }
    }
}

/// A bot template (3.5+).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct BotTemplate {
    pub(crate) id: String,
    pub(crate) name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) avatar: Option<String>,
    pub(crate) max_chats_count: u64,
    pub(crate) default_group_priority: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) job_title: Option<String>,
    pub(crate) owner_client_id: String,
    pub(crate) secret: String,
}

/// A token minted by `issue_bot_token`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct BotToken {
    pub(crate) token: String,
    pub(crate) bot_id: String,
    /// The bot's secret when the token was issued.
    pub(crate) secret: String,
    pub(crate) expires_at: Ts,
}

impl BotToken {
    /// Whether the token still authenticates `bot` at `now` (not expired, secret unchanged).
    pub(crate) fn valid_for(&self, bot: &Bot, now: Ts) -> bool {
        self.bot_id == bot.id && self.secret == bot.secret && now < self.expires_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_valid_until_expiry_and_only_with_the_current_secret() {
        let mut bot = Bot::seeded("b1");
        let token = BotToken {
            token: "t".into(),
            bot_id: "b1".into(),
            secret: bot.secret.clone(),
            expires_at: Ts(100),
        };
        assert!(token.valid_for(&bot, Ts(99)));
        assert!(!token.valid_for(&bot, Ts(100)));
        bot.secret = "new".into();
        assert!(!token.valid_for(&bot, Ts(1)));
        assert!(!token.valid_for(&Bot::seeded("b2"), Ts(1)));
    }
}
