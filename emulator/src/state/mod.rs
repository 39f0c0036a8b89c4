//! The emulator's whole mutable world, kept behind one mutex by the app: license, groups,
//! agents, customers, property definitions, chats and uploaded files. It is plain data:
//! saved to and loaded from the state file, dumped by `GET /__emulator/state`.

pub(crate) mod agents;
pub(crate) mod bots;
pub(crate) mod chats;
pub(crate) mod config;
pub(crate) mod customers;
pub(crate) mod files;
pub(crate) mod properties;
pub(crate) mod webhooks;

use crate::clock::{self, Ts};
use crate::seed::Seed;
use agents::{Agent, Group};
use chats::Chat;
use config::Configuration;
use customers::Customer;
use files::StoredFile;
use properties::PropertyDefs;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::io;
use std::path::Path;

/// What `get_license_info` answers.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct License {
    pub(crate) license_id: u64,
    pub(crate) created_at: Ts,
    pub(crate) expires_at: Ts,
    pub(crate) in_trial: bool,
    /// The organization that owns the license (bot tokens name it).
    #[serde(default = "default_organization_id")]
    pub(crate) organization_id: String,
}

/// The organization id of the default seed's license.
pub(crate) const ORGANIZATION_ID: &str = "1a8a9ec7-bd5d-4400-9204-3826740981e0";

fn default_organization_id() -> String {
    ORGANIZATION_ID.into()
}

/// Everything the API can read or change.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct State {
    pub(crate) license: License,
    pub(crate) groups: Vec<Group>,
    pub(crate) agents: Vec<Agent>,
    pub(crate) customers: Vec<Customer>,
    pub(crate) properties: PropertyDefs,
    pub(crate) chats: Vec<Chat>,
    pub(crate) files: Vec<StoredFile>,
    /// The Configuration API's bots, webhooks and settings.
    #[serde(default)]
    pub(crate) config: Configuration,
}

impl State {
    /// A fresh world from the seed.
    pub(crate) fn from_seed(seed: &Seed) -> State {
        seed.to_state()
    }

    /// Loads a saved state, `Ok(None)` when the file does not exist.
    pub(crate) fn load(path: &Path) -> io::Result<Option<State>> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let state: State = serde_json::from_str(&text).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("state file {}: {e}", path.display()),
            )
        })?;
        // Later ids and timestamps must sort after everything already stored.
        for chat in &state.chats {
            clock::observe(chat.last_activity());
        }
        Ok(Some(state))
    }

    /// Saves the state, replacing the file atomically.
    pub(crate) fn save(&self, path: &Path) -> io::Result<()> {
        let text = serde_json::to_string(self).map_err(io::Error::other)?;
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, path)
    }

    /// The JSON dump served by `GET /__emulator/state` (file contents, bot secrets and bot
    /// tokens left out).
    pub(crate) fn dump(&self) -> Value {
        let mut value = serde_json::to_value(self).unwrap_or(Value::Null);
        if let Some(files) = value.get_mut("files").and_then(Value::as_array_mut) {
            for file in files {
                if let Some(map) = file.as_object_mut() {
                    map.remove("data");
                }
            }
        }
        if let Some(config) = value.get_mut("config").and_then(Value::as_object_mut) {
            config.remove("bot_tokens");
            for key in ["bots", "bot_templates"] {
                let items = config.get_mut(key).and_then(Value::as_array_mut);
                for item in items.into_iter().flatten() {
                    if let Some(map) = item.as_object_mut() {
                        map.remove("secret");
                    }
                }
            }
        }
        value
    }

    /// The agent with this id.
    pub(crate) fn agent(&self, id: &str) -> Option<&Agent> {
        self.agents.iter().find(|a| a.id == id)
    }

    /// The customer with this id.
    pub(crate) fn customer(&self, id: &str) -> Option<&Customer> {
        self.customers.iter().find(|c| c.id == id)
    }

    /// Whether a group with this id exists.
    pub(crate) fn has_group(&self, id: i64) -> bool {
        self.groups.iter().any(|g| g.id == id)
    }

    /// The index of the chat with this id.
    pub(crate) fn chat_index(&self, id: &str) -> Option<usize> {
        self.chats.iter().position(|c| c.id == id)
    }

    /// Whether a chat or thread already uses this id.
    pub(crate) fn id_taken(&self, id: &str) -> bool {
        self.chats
            .iter()
            .any(|c| c.id == id || c.threads.iter().any(|t| t.id == id))
    }

    /// A fresh chat or thread id.
    pub(crate) fn new_chat_like_id(&self) -> String {
        crate::ids::chat_like(|id| self.id_taken(id))
    }

    /// Points upload URLs (files and file events) at `base_url`: a saved state may come from
    /// an emulator that listened on another port.
    pub(crate) fn rebase_file_urls(&mut self, base_url: &str) {
        for file in &mut self.files {
            file.url = format!("{base_url}{}", files::path(&file.id, &file.name));
        }
        let urls: std::collections::HashMap<&str, &str> = self
            .files
            .iter()
            .map(|f| (f.id.as_str(), f.url.as_str()))
            .collect();
        let events = self
            .chats
            .iter_mut()
            .flat_map(|c| c.threads.iter_mut())
            .flat_map(|t| t.events.iter_mut())
            .filter(|e| e.kind == "file");
        for event in events {
            let new = event
                .fields
                .get("url")
                .and_then(Value::as_str)
                .and_then(files::id_from_url)
                .and_then(|id| urls.get(id));
            if let Some(new) = new {
                event
                    .fields
                    .insert("url".into(), Value::String((*new).to_string()));
            }
        }
    }

    /// The bot a bot token acts as, when the token is known, unexpired at `now`, issued with
    /// the bot's current secret, and the bot still exists.
    pub(crate) fn bot_for_token(&self, token: &str, now: Ts) -> Option<String> {
        let issued = self.config.bot_tokens.iter().find(|t| t.token == token)?;
        let bot = self.config.bot(&issued.bot_id)?;
        self.agent(&bot.id)?;
        issued.valid_for(bot, now).then(|| bot.id.clone())
    }

    /// The webhook registry (for delivery: [`webhooks::Webhooks::matching`]).
    pub(crate) fn webhooks(&self) -> &webhooks::Webhooks {
        &self.config.webhooks
    }

    /// The uploaded file with this id.
    pub(crate) fn file(&self, id: &str) -> Option<&StoredFile> {
        self.files.iter().find(|f| f.id == id)
    }
}
