//! Typed results of the Configuration API, one type per name the method table's result shapes
//! use (`R::Object("Bot")`, `R::Array("Webhook")`: the item type), one module per domain. One
//! type covers every version 3.3–3.7: fields some versions lack are `Option`s. Every struct
//! keeps fields it does not know in `extra` and serialises back to the JSON it was read from;
//! secrets (bot secrets and tokens) are [`Secret`]s that `Debug` never shows.
//!
//! `core/tests/configuration_types.rs` reads every documented response sample into these types
//! and checks that every name the table uses has one.

mod agents;
mod auto_access;
mod bans;
mod batch;
mod bots;
mod canned_responses;
mod common;
mod greetings;
mod groups;
mod license;
mod product;
mod properties;
mod secret;
mod tags;
mod translations;
mod webhooks;

pub use agents::{Agent, CreateAgentResponse};
pub use auto_access::{
    AddAutoAccessResponse, AutoAccess, AutoAccessConditions, AutoAccessTarget, Geolocation,
    GeolocationCondition, MatchCondition, MatchObject,
};
pub use bans::CustomerBan;
pub use batch::{BatchError, BatchItem, BatchResponse};
pub use bots::{
    Bot, BotTemplate, CreateBotResponse, CreateBotTemplateResponse, IssueBotTokenResponse,
    ResetBotSecretResponse, ResetBotTemplateSecretResponse,
};
pub use canned_responses::{
    CannedResponse, CreateCannedResponseResponse, ListCannedResponsesResponse,
};
pub use common::GroupPriority;
pub use greetings::{CreateGreetingResponse, Greeting, GreetingRule, ListGreetingsResponse};
pub use groups::{CreateGroupResponse, Group};
pub use license::{GetLicenseIdResponse, GetOrganizationIdResponse, ListAllowedDomainsResponse};
pub use product::{Channel, ProductLimit, ProductSource};
pub use properties::{
    GroupProperties, PropertyConfig, PropertyConfigs, PropertyRange, PropertyValues,
};
pub use secret::Secret;
pub use tags::Tag;
pub use translations::ListTranslationsResponse;
pub use webhooks::{LicenseWebhooksState, RegisterWebhookResponse, Webhook, WebhookName};

/// The result of `R::Empty` methods (`{}`): the same type as the Agent Chat API's.
pub use crate::surfaces::agent_web::types::Empty;
/// Unknown fields, kept as sent.
pub use crate::surfaces::agent_web::types::Extra;
