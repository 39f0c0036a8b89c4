//! The seed: what a fresh (or reset) emulator contains. The default seed is documented in the
//! README; a JSON seed file may replace any of its sections.

use crate::clock::Ts;
use crate::state::agents::{Agent, Group};
use crate::state::customers::Customer;
use crate::state::properties::{self, PropertyDefs};
use crate::state::{License, State};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashSet;
use std::io;
use std::path::Path;

/// The initial content of an emulator: agents (the first one is the agent of the token and
/// of the PAT), groups, customers and property definitions.
///
/// [`Seed::default`] is the documented default seed; [`Seed::from_json`] and
/// [`Seed::from_file`] read the seed-file format described in the README, where every
/// section left out keeps its default.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    #[serde(default = "default_agents")]
    agents: Vec<Agent>,
    #[serde(default = "default_groups")]
    groups: Vec<Group>,
    #[serde(default = "default_customers")]
    customers: Vec<Customer>,
    #[serde(default = "properties::default_defs")]
    properties: PropertyDefs,
    #[serde(default = "default_license_id")]
    license_id: u64,
}

impl Default for Seed {
    fn default() -> Seed {
        Seed {
            agents: default_agents(),
            groups: default_groups(),
            customers: default_customers(),
            properties: properties::default_defs(),
            license_id: default_license_id(),
        }
    }
}

impl Seed {
    /// Reads a seed from JSON text, checking that ids are unique and well formed.
    pub fn from_json(text: &str) -> io::Result<Seed> {
        let seed: Seed = serde_json::from_str(text)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("seed: {e}")))?;
        seed.check()?;
        Ok(seed)
    }

    /// Reads a seed file.
    pub fn from_file(path: impl AsRef<Path>) -> io::Result<Seed> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)?;
        Seed::from_json(&text)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))
    }

    /// The id of the agent the configured token and PAT act as.
    pub(crate) fn primary_agent(&self) -> &str {
        self.agents.first().map_or("", |a| a.id.as_str())
    }

    /// Extra Bearer tokens declared on seed agents: (token, agent id).
    pub(crate) fn agent_tokens(&self) -> impl Iterator<Item = (&str, &str)> {
        self.agents
            .iter()
            .filter_map(|a| a.token.as_deref().map(|t| (t, a.id.as_str())))
    }

    fn check(&self) -> io::Result<()> {
        let invalid = |msg: String| Err(io::Error::new(io::ErrorKind::InvalidData, msg));
        if self.agents.is_empty() {
            return invalid("seed: at least one agent is required".into());
        }
        let mut seen = HashSet::new();
        for agent in &self.agents {
            if !seen.insert(agent.id.as_str()) {
                return invalid(format!("seed: duplicate agent id {}", agent.id));
            }
            if !matches!(agent.kind.as_str(), "agent" | "bot") {
                return invalid(format!("seed: agent {} has kind {}", agent.id, agent.kind));
            }
        }
        for customer in &self.customers {
            if !crate::ids::is_uuid(&customer.id) {
                return invalid(format!("seed: customer id {} is not a UUID", customer.id));
            }
            if !seen.insert(customer.id.as_str()) {
                return invalid(format!("seed: duplicate id {}", customer.id));
            }
        }
        let mut groups = HashSet::new();
        for group in &self.groups {
            if !groups.insert(group.id) {
                return invalid(format!("seed: duplicate group id {}", group.id));
            }
        }
        Ok(())
    }

    /// The state of a fresh emulator.
    pub(crate) fn to_state(&self) -> State {
        State {
            license: License {
                license_id: self.license_id,
                created_at: fixed("2024-01-01T00:00:00Z"),
                expires_at: fixed("2036-01-01T00:00:00Z"),
                in_trial: false,
                organization_id: crate::state::ORGANIZATION_ID.into(),
            },
            groups: self.groups.clone(),
            agents: self.agents.clone(),
            customers: self.customers.clone(),
            properties: self.properties.clone(),
            chats: Vec::new(),
            files: Vec::new(),
            config: crate::state::config::Configuration {
                bots: self
                    .agents
                    .iter()
                    .filter(|a| a.is_bot())
                    .map(|a| crate::state::bots::Bot::seeded(&a.id))
                    .collect(),
                ..Default::default()
            },
        }
    }
}

fn fixed(text: &str) -> Ts {
    Ts::parse(text).unwrap_or_default()
}

fn default_license_id() -> u64 {
    10_000_001
}

fn agent(id: &str, name: &str, status: &str, groups: &[i64], permission: &str) -> Agent {
    Agent {
        id: id.into(),
        name: name.into(),
        email: None,
        avatar: Some(format!(
            "https://cdn.livechat-files.com/api/file/emulator/avatars/{}.png",
            id.split('@').next().unwrap_or(id)
        )),
        kind: "agent".into(),
        routing_status: status.into(),
        group_ids: groups.to_vec(),
        permission: permission.into(),
        token: None,
    }
}

fn default_agents() -> Vec<Agent> {
    let mut second = agent(
        "second@emulator.test",
        "Second Agent",
        "accepting_chats",
        &[0],
        "normal",
    );
    second.token = Some("emulator-second-agent-token".into());
    let mut bot = agent(
        "5c9871d5372c824cbf22d860a707a578",
        "Emulator Bot",
        "accepting_chats",
        &[0, 1],
        "normal",
    );
    bot.kind = "bot".into();
    bot.email = None;
    vec![
        agent(
            "agent@emulator.test",
            "Emulator Agent",
            "accepting_chats",
            &[0, 1],
            "owner",
        ),
        second,
        agent(
            "busy@emulator.test",
            "Busy Agent",
            "not_accepting_chats",
            &[1],
            "normal",
        ),
        agent(
            "offline@emulator.test",
            "Offline Agent",
            "offline",
            &[0],
            "normal",
        ),
        bot,
    ]
}

fn default_groups() -> Vec<Group> {
    vec![
        Group {
            id: 0,
            name: "General".into(),
        },
        Group {
            id: 1,
            name: "Support".into(),
        },
    ]
}

fn default_customers() -> Vec<Customer> {
    let visit = |country: &str, code: &str, city: &str, started: &str| {
        json!({
            "started_at": started,
            "referrer": "https://www.google.com/",
            "ip": "203.0.113.7",
            "user_agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
            "geolocation": {
                "country": country,
                "country_code": code,
                "city": city,
                "timezone": "UTC"
            },
            "last_pages": [{
                "opened_at": started,
                "url": "https://shop.example.com/",
                "title": "Example Shop"
            }]
        })
    };
    let mut thomas = Customer::new("b7eff798-f8df-4364-8059-649c35c9ed0c".into());
    thomas.name = Some("Thomas Anderson".into());
    thomas.email = Some("t.anderson@example.com".into());
    thomas.created_at = fixed("2026-01-01T10:00:00Z");
    thomas.session_fields = vec![serde_json::Map::from_iter([(
        "plan".to_string(),
        json!("premium"),
    )])];
    thomas.visit = Some(visit(
        "Poland",
        "PL",
        "Wroclaw",
        "2026-01-01T10:00:00.000000Z",
    ));
    thomas.online = true;
    let mut jane = Customer::new("5a7b3c1d-9e2f-4a6b-8c0d-1e2f3a4b5c6d".into());
    jane.name = Some("Jane Roe".into());
    jane.email = Some("jane.roe@example.com".into());
    jane.created_at = fixed("2026-01-02T10:00:00Z");
    jane.visit = Some(visit(
        "United States",
        "US",
        "Dallas",
        "2026-01-02T10:00:00.000000Z",
    ));
    let mut anonymous = Customer::new("0f9e8d7c-6b5a-4c3d-9e1f-2a3b4c5d6e7f".into());
    anonymous.created_at = fixed("2026-01-03T10:00:00Z");
    vec![thomas, jane, anonymous]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_seed_is_valid_and_round_trips() {
        let seed = Seed::default();
        seed.check().unwrap();
        assert_eq!(seed.primary_agent(), "agent@emulator.test");
        let text = serde_json::to_string(&seed).unwrap();
        let again = Seed::from_json(&text).unwrap();
        assert_eq!(again.agents.len(), seed.agents.len());
    }

    #[test]
    fn seed_sections_default_independently() {
        let seed = Seed::from_json(
            r#"{"groups": [{"id": 0, "name": "All"}, {"id": 7, "name": "Sales"}]}"#,
        )
        .unwrap();
        assert_eq!(seed.groups.len(), 2);
        assert_eq!(seed.agents.len(), default_agents().len());
        assert!(Seed::from_json(r#"{"agents": []}"#).is_err());
        assert!(Seed::from_json(r#"{"customers": [{"id": "nope"}]}"#).is_err());
        assert!(Seed::from_json(r#"{"unknown": 1}"#).is_err());
    }
}
