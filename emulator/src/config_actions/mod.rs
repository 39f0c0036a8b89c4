//! The Configuration API's action table — every action of versions 3.3–3.7 with the versions
//! it exists in and its handler — and the context its handlers run in. Organised as the Agent
//! API's `actions` module: handlers are synchronous, run with the state locked, read (and so
//! type-check) every field first and reject unknown ones before changing anything.

mod agents;
mod auto_access;
mod batch;
mod bots;
mod greetings;
mod groups;
mod other;
mod properties;
mod tags;
mod templates;
mod webhook_names;
mod webhooks;

use crate::actions::args::Args;
use crate::clock::Ts;
use crate::errors::{ApiError, ApiResult};
use crate::state::State;
use crate::version::{Version, Versions};
use serde_json::Value;

/// A handler.
pub(crate) type Handler = fn(&mut ConfigCtx<'_>, Args) -> ApiResult<Value>;

/// One row of the table.
pub(crate) struct ConfigAction {
    pub(crate) name: &'static str,
    pub(crate) versions: Versions,
    /// Sent as GET with a query string (3.4's license/organization id lookups).
    pub(crate) get: bool,
    pub(crate) handler: Handler,
}

const ALL: Versions = Versions::ALL;
const V33_34: Versions = Versions::range(Version::V3_3, Version::V3_4);
const V34: Versions = Versions::only(Version::V3_4);
const V35_UP: Versions = Versions::since(Version::V3_5);
const V36_UP: Versions = Versions::since(Version::V3_6);
const V37: Versions = Versions::only(Version::V3_7);

const fn post(name: &'static str, versions: Versions, handler: Handler) -> ConfigAction {
    ConfigAction {
        name,
        versions,
        get: false,
        handler,
    }
}

const fn get(name: &'static str, versions: Versions, handler: Handler) -> ConfigAction {
    ConfigAction {
        name,
        versions,
        get: true,
        handler,
    }
}

/// Every Configuration API action of versions 3.3–3.7.
static ACTIONS: &[ConfigAction] = &[
    // Agents
    post("create_agent", ALL, agents::create_agent),
    post("get_agent", ALL, agents::get_agent),
    post("list_agents", ALL, agents::list_agents),
    post("update_agent", ALL, agents::update_agent),
    post("delete_agent", ALL, agents::delete_agent),
    post("suspend_agent", ALL, agents::suspend_agent),
    post("unsuspend_agent", ALL, agents::unsuspend_agent),
    post(
        "request_agent_unsuspension",
        ALL,
        agents::request_agent_unsuspension,
    ),
    post("approve_agent", ALL, agents::approve_agent),
    // Allowed domains (3.7)
    post("add_allowed_domain", V37, other::add_allowed_domain),
    post("list_allowed_domains", V37, other::list_allowed_domains),
    post("delete_allowed_domain", V37, other::delete_allowed_domain),
    // Auto access
    post("add_auto_access", ALL, auto_access::add_auto_access),
    post("list_auto_accesses", ALL, auto_access::list_auto_accesses),
    post("delete_auto_access", ALL, auto_access::delete_auto_access),
    post("update_auto_access", ALL, auto_access::update_auto_access),
    // Bots and bot templates
    post(
        "create_bot_template",
        V35_UP,
        templates::create_bot_template,
    ),
    post("create_bot", ALL, bots::create_bot),
    post(
        "delete_bot_template",
        V35_UP,
        templates::delete_bot_template,
    ),
    post("delete_bot", ALL, bots::delete_bot),
    post(
        "update_bot_template",
        V35_UP,
        templates::update_bot_template,
    ),
    post("update_bot", ALL, bots::update_bot),
    post("list_bot_templates", V35_UP, templates::list_bot_templates),
    post("list_bots", ALL, bots::list_bots),
    post("get_bot", ALL, bots::get_bot),
    post("issue_bot_token", V35_UP, bots::issue_bot_token),
    post(
        "reset_bot_template_secret",
        V35_UP,
        templates::reset_bot_template_secret,
    ),
    post("reset_bot_secret", V35_UP, bots::reset_bot_secret),
    // Customer bans
    post("ban_customer", V37, other::ban_customer),
    post("list_customer_bans", V36_UP, other::list_customer_bans),
    post("unban_customer", V36_UP, other::unban_customer),
    // Greetings
    post("create_greeting", V36_UP, greetings::create_greeting),
    post("update_greeting", V36_UP, greetings::update_greeting),
    post("delete_greeting", V36_UP, greetings::delete_greeting),
    post("list_greetings", V36_UP, greetings::list_greetings),
    post("get_greeting", V36_UP, greetings::get_greeting),
    // Groups
    post("create_group", ALL, groups::create_group),
    post("update_group", ALL, groups::update_group),
    post("delete_group", ALL, groups::delete_group),
    post("list_groups", ALL, groups::list_groups),
    post("get_group", ALL, groups::get_group),
    // Properties
    post("register_property", ALL, properties::register_property),
    post("unregister_property", ALL, properties::unregister_property),
    post("publish_property", ALL, properties::publish_property),
    post("list_properties", ALL, properties::list_properties),
    post(
        "update_license_properties",
        ALL,
        properties::update_license_properties,
    ),
    post(
        "list_license_properties",
        ALL,
        properties::list_license_properties,
    ),
    post(
        "delete_license_properties",
        ALL,
        properties::delete_license_properties,
    ),
    post(
        "update_group_properties",
        ALL,
        properties::update_group_properties,
    ),
    post(
        "list_group_properties",
        V33_34,
        properties::list_group_properties,
    ),
    post(
        "list_groups_properties",
        V35_UP,
        properties::list_groups_properties,
    ),
    post(
        "delete_group_properties",
        ALL,
        properties::delete_group_properties,
    ),
    // Tags
    post("create_tag", V35_UP, tags::create_tag),
    post("delete_tag", V35_UP, tags::delete_tag),
    post("list_tags", V35_UP, tags::list_tags),
    post("update_tag", V35_UP, tags::update_tag),
    // Webhooks
    post("register_webhook", ALL, webhooks::register_webhook),
    post("list_webhooks", ALL, webhooks::list_webhooks),
    post("unregister_webhook", ALL, webhooks::unregister_webhook),
    post("list_webhook_names", ALL, webhooks::list_webhook_names),
    post(
        "enable_license_webhooks",
        ALL,
        webhooks::enable_license_webhooks,
    ),
    post(
        "disable_license_webhooks",
        ALL,
        webhooks::disable_license_webhooks,
    ),
    post(
        "get_license_webhooks_state",
        ALL,
        webhooks::get_license_webhooks_state,
    ),
    // Canned responses and translations (3.7)
    post("create_canned_response", V37, other::create_canned_response),
    post("update_canned_response", V37, other::update_canned_response),
    post("list_canned_responses", V37, other::list_canned_responses),
    post("delete_canned_response", V37, other::delete_canned_response),
    post("update_translations", V37, other::update_translations),
    post("list_translations", V37, other::list_translations),
    // Other
    post("list_channels", V35_UP, other::list_channels),
    post(
        "check_product_limits_for_plan",
        V35_UP,
        other::check_product_limits_for_plan,
    ),
    post("get_product_source", V35_UP, other::get_product_source),
    get("get_license_id", V34, other::get_license_id),
    get("get_organization_id", V34, other::get_organization_id),
    post("reactivate_email", V36_UP, other::reactivate_email),
    post(
        "update_company_details",
        V36_UP,
        other::update_company_details,
    ),
    // Batches
    post("batch_create_agents", V35_UP, batch::batch_create_agents),
    post("batch_update_agents", V35_UP, batch::batch_update_agents),
    post("batch_delete_agents", V35_UP, batch::batch_delete_agents),
    post("batch_suspend_agents", V35_UP, batch::batch_suspend_agents),
    post(
        "batch_unsuspend_agents",
        V35_UP,
        batch::batch_unsuspend_agents,
    ),
    post("batch_approve_agents", V35_UP, batch::batch_approve_agents),
    post("batch_create_bots", V35_UP, batch::batch_create_bots),
    post("batch_update_bots", V35_UP, batch::batch_update_bots),
    post("batch_delete_bots", V35_UP, batch::batch_delete_bots),
    post(
        "batch_update_translations",
        V37,
        batch::batch_update_translations,
    ),
];

/// The action `name` as it exists in `version`; an action the version lacks is unknown.
pub(crate) fn find(name: &str, version: Version) -> ApiResult<&'static ConfigAction> {
    crate::version::find_row(ACTIONS, name, version)
}

/// The names of the actions of `version`, in table order.
pub(crate) fn names(version: Version) -> Vec<&'static str> {
    crate::version::row_names(ACTIONS, version)
}

impl crate::version::VersionedRow for ConfigAction {
    fn name(&self) -> &'static str {
        self.name
    }

    fn versions(&self) -> Versions {
        self.versions
    }
}

/// What a Configuration handler works with.
pub(crate) struct ConfigCtx<'a> {
    pub(crate) st: &'a mut State,
    pub(crate) v: Version,
    /// The requester's agent id (empty for `list_webhook_names`, which needs no credential).
    pub(crate) me: &'a str,
    /// The Client ID of the requester's Bearer token; `None` with a PAT.
    pub(crate) client_id: Option<&'static str>,
    /// This emulator's time (advanced by `POST /__emulator/clock`).
    pub(crate) now: Ts,
}

impl ConfigCtx<'_> {
    /// The acting Client ID: `owner_client_id` when given (it replaces a Bearer token's),
    /// else the token's; a PAT must name one.
    pub(crate) fn acting_client(&self, given: Option<String>) -> ApiResult<String> {
        given
            .or_else(|| self.client_id.map(str::to_string))
            .ok_or_else(|| {
                ApiError::validation(
                    "owner_client_id is required when authorizing with a personal access token",
                )
            })
    }

    /// A numeric group id that must exist (`group_not_found` otherwise).
    pub(crate) fn existing_group(&self, id: i64) -> ApiResult<i64> {
        if self.st.has_group(id) {
            Ok(id)
        } else {
            Err(ApiError::new(
                crate::errors::ErrorKind::GroupNotFound,
                format!("Group {id} not found"),
            ))
        }
    }
}

/// Reads a required integer field (ids of groups, greetings, canned responses).
pub(crate) fn int(a: &mut Args, key: &str) -> ApiResult<i64> {
    a.opt_i64(key)?
        .ok_or_else(|| ApiError::validation(format!("{} is required", a.path(key))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_counts_follow_the_docs() {
        // 40 / 42 / 54 / 63 / 73 plus 9 batch actions from 3.5 (10 in 3.7).
        let counts: Vec<usize> = Version::ALL.iter().map(|v| names(*v).len()).collect();
        assert_eq!(counts, vec![40, 42, 63, 72, 83]);
    }

    #[test]
    fn action_names_are_unique() {
        let mut names: Vec<_> = ACTIONS.iter().map(|a| a.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
    }
}
