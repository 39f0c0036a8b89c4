//! The Configuration API's method table: every action of API 3.3–3.7 as the official pages list
//! them (a "Method URL" row each, plus the batch actions), with each parameter's JSON type, the
//! versions that accept it and those where the docs mark it required, the versions that have the
//! method, its retry class and the shape of its result. `core/tests/configuration_table.rs`
//! checks it against the pages.
//!
//! Required parameters are positional, the rest options. A parameter the docs mark "Yes" with
//! "required only when …" (`owner_client_id` with a PAT, `timezone` with a work scheduler) or
//! with a footnote ("exactly one of `ip` and `customer_id`") is optional here: the API decides,
//! not this table. Retry classes: reads (`list_*`, `get_*`, `check_*`) are `Read`; everything
//! else is `Write`, `issue_bot_token` included.

use crate::methods::{MethodSpec, ParamKind::*, ParamSpec as P, ResultShape as R, RetryClass::*};
use crate::version::{ApiVersion::*, VersionSet};

const ALL: VersionSet = VersionSet::ALL;
const V33: VersionSet = VersionSet::only(V3_3);
const V34: VersionSet = VersionSet::only(V3_4);
const V37: VersionSet = VersionSet::only(V3_7);
const V33_34: VersionSet = VersionSet::range(V3_3, V3_4);
const V33_35: VersionSet = VersionSet::range(V3_3, V3_5);
const V34_35: VersionSet = VersionSet::range(V3_4, V3_5);
const V35_UP: VersionSet = VersionSet::since(V3_5);
const V36_UP: VersionSet = VersionSet::since(V3_6);

/// Every method, in the order of the API 3.7 page (methods later versions dropped where they
/// stood), then the batch methods.
pub static METHODS: &[MethodSpec] = &[
    MethodSpec::new("create_agent", ALL, Write, R::Object("CreateAgentResponse"),
        "Creates an agent in the license.", &[
        P::pos("id", String, "The agent ID."),
        P::pos("name", String, "The agent name."),
        P::opt("role", String, "The agent role."),
        P::opt("login_status", String, "The agent's default status right after the login."),
        P::opt("job_title", String, "The agent's job title."),
        P::opt("mobile", String, "The agent's mobile number."),
        P::opt("max_chats_count", Int, "The agent's maximum number of concurrent chats."),
        P::opt("awaiting_approval", Bool, "If set to `true`, the agent will be awaiting approval after creation."),
        P::opt("groups", Array, "The groups the agent belongs to."),
        P::opt("notifications", Array, "The agent notifications that are enabled."),
        P::opt("email_subscriptions", Array, "The subscriptions that will be sent to the agent via email."),
        P::opt("work_scheduler", Object, "The work scheduler options to set for the new agent."),
        P::opt("avatar", String, "Avatar URL.").only(V34_35),
        P::opt("avatar_path", String, "Avatar URL.").only(V33),
    ]),
    MethodSpec::new("get_agent", ALL, Read, R::Object("Agent"),
        "Returns an agent.", &[
        P::pos("id", String, "The agent ID."),
        P::opt("fields", Array, "The additional fields to include."),
    ]),
    MethodSpec::new("list_agents", ALL, Read, R::Array("Agent"),
        "Returns the agents of the license.", &[
        P::opt("filters", Object, "`group_ids`, and `suspended` (API 3.5+)."),
        P::opt("fields", Array, "The additional agent fields to include."),
    ]),
    MethodSpec::new("update_agent", ALL, Write, R::Empty,
        "Updates an agent (3.6+: `name` and `avatar` belong to the Global Accounts API).", &[
        P::pos("id", String, "The agent ID."),
        P::opt("role", String, "The agent role."),
        P::opt("login_status", String, "The agent's default status right after the login."),
        P::opt("job_title", String, "The agent's job title."),
        P::opt("mobile", String, "The agent's mobile number."),
        P::opt("max_chats_count", Int, "The agent's maximum number of concurrent chats."),
        P::opt("groups", Array, "The groups the agent belongs to."),
        P::opt("notifications", Array, "The agent notifications that are enabled."),
        P::opt("email_subscriptions", Array, "The subscriptions that will be sent to an agent via email."),
        P::opt("work_scheduler", Object, "The work scheduler options to set for an agent."),
        P::opt("name", String, "Agent name.").only(V33_35),
        P::opt("avatar", String, "Avatar URL.").only(V34_35),
        P::opt("avatar_path", String, "Avatar URL.").only(V33),
    ]),
    MethodSpec::new("delete_agent", ALL, Write, R::Empty,
        "Deletes an agent specified by `id`.", &[
        P::pos("id", String, "The agent ID."),
    ]),
    MethodSpec::new("suspend_agent", ALL, Write, R::Empty,
        "Suspends an agent specified by `id`.", &[
        P::pos("id", String, "The agent ID."),
    ]),
    MethodSpec::new("unsuspend_agent", ALL, Write, R::Empty,
        "Unsuspends an agent specified by `id`.", &[
        P::pos("id", String, "The agent ID."),
    ]),
    MethodSpec::new("request_agent_unsuspension", ALL, Write, R::Empty,
        "Sends the license owners and vice owners an e-mail asking to unsuspend the requesting agent.", &[]),
    MethodSpec::new("approve_agent", ALL, Write, R::Empty,
        "Approves an agent, letting them use the application.", &[
        P::pos("id", String, "The agent ID."),
    ]),
    MethodSpec::new("add_allowed_domain", V37, Write, R::Empty,
        "Adds a new domain to the allowed domains list.", &[
        P::pos("domain", String, "The domain name."),
    ]),
    MethodSpec::new("list_allowed_domains", V37, Read, R::Object("ListAllowedDomainsResponse"),
        "Returns all domains currently allowed to embed your chat widget.", &[]),
    MethodSpec::new("delete_allowed_domain", V37, Write, R::Empty,
        "Removes a domain from the allowed domains list.", &[
        P::pos("domain", String, "The domain name."),
    ]),
    MethodSpec::new("add_auto_access", ALL, Write, R::Object("AddAutoAccessResponse"),
        "Creates an auto access rule: conditions on a customer's URL or geolocation that grant groups access.", &[
        P::pos("access", Object, "The destination access."),
        P::pos("conditions", Object, "Conditions to check."),
        P::opt("description", String, "A description of the auto access."),
        P::opt("next_id", String, "The ID of an existing auto access."),
    ]),
    MethodSpec::new("list_auto_accesses", ALL, Read, R::Array("AutoAccess"),
        "Returns every auto access rule.", &[]),
    MethodSpec::new("delete_auto_access", ALL, Write, R::Empty,
        "Deletes an auto access rule.", &[
        P::pos("id", String, "The auto access ID."),
    ]),
    MethodSpec::new("update_auto_access", ALL, Write, R::Empty,
        "Updates an auto access rule (only the given fields).", &[
        P::pos("id", String, "The ID of the auto access to modify."),
        P::opt("access", Object, "The destination access."),
        P::opt("conditions", Object, "Conditions to check."),
        P::opt("description", String, "A description of the auto access."),
        P::opt("next_id", String, "The ID of an existing auto access."),
    ]),
    MethodSpec::new("create_bot_template", V35_UP, Write, R::Object("CreateBotTemplateResponse"),
        "Creates a bot template for a Client ID (at most five).", &[
        P::pos("name", String, "The display name."),
        P::opt("avatar", String, "The avatar URL."),
        P::opt("max_chats_count", Int, "The maximum number of incoming chats that can be routed to the bot."),
        P::opt("default_group_priority", String, "The default routing priority for a group without defined priority."),
        P::opt("job_title", String, "The bot's job title."),
        P::pos("owner_client_id", String, "The Client ID that will own the bot template."),
        P::opt("affect_existing_installations", Bool, "If set to `true`, a bot based on this template will be created on all licenses that have the given application installed."),
    ]),
    MethodSpec::new("create_bot", ALL, Write, R::Object("CreateBotResponse"),
        "Creates a bot; `set_routing_status` (Agent Chat API) makes it receive chats.", &[
        P::pos("name", String, "The display name."),
        P::opt("avatar", String, "The avatar URL."),
        P::opt("max_chats_count", Int, "The maximum number of incoming chats that can be routed to the bot."),
        P::opt("default_group_priority", String, "The default routing priority for a group without defined priority."),
        P::opt("job_title", String, "The bot's job title."),
        P::opt("groups", Array, "The groups the bot belongs to."),
        P::opt("type", String, "A custom value to categorize or identify the bot.").only(V36_UP),
        P::opt("work_scheduler", Object, "The work scheduler options to set for the new bot."),
        P::opt("owner_client_id", String, "The Client ID acting; required only when authorizing with a PAT (with a Bearer token it replaces the token's)."),
        P::opt("timezone", String, "The time zone of the work scheduler; required only with `work_scheduler`.").only(V33_34),
    ]),
    MethodSpec::new("delete_bot_template", V35_UP, Write, R::Empty,
        "Deletes a bot template (its bots too only with `affect_existing_installations`).", &[
        P::pos("id", String, "The bot template ID."),
        P::pos("owner_client_id", String, "The Client ID that owns the bot template."),
        P::opt("affect_existing_installations", Bool, "If set to `true`, a bot based on this template will be deleted from all licenses that have given application installed."),
    ]),
    MethodSpec::new("delete_bot", ALL, Write, R::Empty,
        "Deletes a bot specified by `id`.", &[
        P::pos("id", String, "The bot ID."),
    ]),
    MethodSpec::new("update_bot_template", V35_UP, Write, R::Empty,
        "Updates an existing bot template.", &[
        P::pos("id", String, "The bot template ID."),
        P::opt("name", String, "The display name."),
        P::opt("avatar", String, "The avatar URL."),
        P::opt("max_chats_count", Int, "The maximum number of incoming chats that can be routed to the bot."),
        P::opt("default_group_priority", String, "The default routing priority for a group without defined priority."),
        P::opt("job_title", String, "The bot's job title."),
        P::pos("owner_client_id", String, "The Client ID that owns the bot template."),
        P::opt("affect_existing_installations", Bool, "If set to `true`, bots based on this template will be updated on all licenses that have given application installed."),
    ]),
    MethodSpec::new("update_bot", ALL, Write, R::Empty,
        "Updates an existing bot.", &[
        P::pos("id", String, "The bot ID."),
        P::opt("name", String, "The display name."),
        P::opt("avatar", String, "The avatar URL."),
        P::opt("max_chats_count", Int, "The maximum number of incoming chats that can be routed to the bot."),
        P::opt("groups", Array, "The groups the bot belongs to."),
        P::opt("default_group_priority", String, "The default routing priority for a group without defined priority."),
        P::opt("job_title", String, "The bot's job title.").only(V35_UP),
        P::opt("type", String, "A custom value to categorize or identify the bot.").only(V36_UP),
        P::opt("work_scheduler", Object, "The work scheduler options to set for the new bot."),
        P::opt("timezone", String, "The time zone of the work scheduler; required only with `work_scheduler`.").only(V33_34),
    ]),
    MethodSpec::new("list_bot_templates", V35_UP, Read, R::Array("BotTemplate"),
        "Returns the list of bot templates created for a Client ID (application).", &[
        P::pos("owner_client_id", String, "The Client ID that owns the bot templates to list."),
    ]),
    MethodSpec::new("list_bots", ALL, Read, R::Array("Bot"),
        "Returns the bots of the license (which ones depends on who created them and on the authorization).", &[
        P::opt("all", Bool, "If set to `true`, gets all bots within a license."),
        P::opt("fields", Array, "The additional bot fields to include."),
    ]),
    MethodSpec::new("get_bot", ALL, Read, R::Object("Bot"),
        "Returns a bot.", &[
        P::pos("id", String, "The bot ID."),
        P::opt("fields", Array, "Additional fields to include."),
    ]),
    MethodSpec::new("issue_bot_token", V35_UP, Write, R::Object("IssueBotTokenResponse"),
        "Issues a bot token, valid 24 hours and irrevocable.", &[
        P::pos("bot_id", String, "The bot ID."),
        P::pos("client_id", String, "The client ID."),
        P::pos("bot_secret", String, "The bot secret."),
        P::pos("organization_id", String, "The organization ID."),
    ]).note("Classed a write although it changes nothing stored: each call mints an irrevocable token, so it is never replayed after it may have reached the server."),
    MethodSpec::new("reset_bot_template_secret", V35_UP, Write, R::Object("ResetBotTemplateSecretResponse"),
        "Gives a bot template a new secret.", &[
        P::pos("id", String, "The bot template ID."),
        P::pos("owner_client_id", String, "The Client ID that owns the bot template."),
        P::opt("affect_existing_installations", Bool, "If set to `true`, the new secret is set for all existing bots based on this template."),
    ]),
    MethodSpec::new("reset_bot_secret", V35_UP, Write, R::Object("ResetBotSecretResponse"),
        "Gives a bot a new secret.", &[
        P::pos("id", String, "The bot ID."),
        P::opt("owner_client_id", String, "The Client ID acting; required only when authorizing with a PAT (with a Bearer token it replaces the token's)."),
    ]),
    MethodSpec::new("ban_customer", V37, Write, R::Empty,
        "Bans a customer (by ID or IP) for some seconds.", &[
        P::pos("seconds", Int, "The ban duration in seconds."),
        P::opt("ip", String, "The customer's IP address (give exactly one of `ip` and `customer_id`)."),
        P::opt("customer_id", String, "The customer ID (give exactly one of `ip` and `customer_id`)."),
    ]).note("Not the Agent Chat API's `ban_customer` (`id`, `ban.days`), which every version has."),
    MethodSpec::new("list_customer_bans", V36_UP, Read, R::Array("CustomerBan"),
        "Returns the active customer bans.", &[]),
    MethodSpec::new("unban_customer", V36_UP, Write, R::Empty,
        "Lifts a ban from a customer.", &[
        P::opt("ip", String, "The customer's IP address (give exactly one of `ip` and `customer_id`)."),
        P::opt("customer_id", String, "The customer ID (give exactly one of `ip` and `customer_id`)."),
    ]),
    MethodSpec::new("create_greeting", V36_UP, Write, R::Object("CreateGreetingResponse"),
        "Creates a new greeting.", &[
        P::pos("type", String, "The greeting type."),
        P::pos("active", Bool, "If set to `true`, the greeting is active."),
        P::opt("active_from", String, "The RFC 3339 date-time when the greeting becomes active."),
        P::opt("active_until", String, "The RFC 3339 date-time when the greeting stops being active."),
        P::pos("name", String, "The greeting name."),
        P::pos("group", Int, "The group ID the greeting belongs to."),
        P::pos("rules", Array, "An array of action rules that define when the greeting should be triggered."),
        P::opt("properties", Object, "Additional properties for the greeting as key-value pairs."),
        P::opt("rich_message", Object, "The rich message content of the greeting."),
    ]),
    MethodSpec::new("update_greeting", V36_UP, Write, R::Empty,
        "Updates the properties of a greeting.", &[
        P::pos("id", Int, "The ID of the greeting to update."),
        P::opt("type", String, "The greeting type."),
        P::opt("active", Bool, "If set to `true`, the greeting is active."),
        P::opt("active_from", String, "The RFC 3339 date-time when the greeting becomes active."),
        P::opt("active_until", String, "The RFC 3339 date-time when the greeting stops being active."),
        P::opt("name", String, "The greeting name."),
        P::opt("rules", Array, "An array of action rules."),
        P::opt("properties", Object, "Additional properties."),
        P::opt("rich_message", Object, "The rich message content."),
    ]),
    MethodSpec::new("delete_greeting", V36_UP, Write, R::Empty,
        "Deletes a greeting.", &[
        P::pos("id", Int, "The ID of the greeting to delete."),
    ]),
    MethodSpec::new("list_greetings", V36_UP, Read, R::Object("ListGreetingsResponse"),
        "Returns a list of greetings.", &[
        P::opt("groups", Array, "An array of group IDs to filter greetings."),
        P::opt("page_id", String, "The page ID for pagination."),
        P::opt("limit", Int, "The number of greetings per page."),
    ]).paginated(&["greetings"]),
    MethodSpec::new("get_greeting", V36_UP, Read, R::Object("Greeting"),
        "Returns the details of a specific greeting.", &[
        P::pos("id", Int, "The ID of the greeting to get."),
    ]),
    MethodSpec::new("create_group", ALL, Write, R::Object("CreateGroupResponse"),
        "Creates a new group.", &[
        P::pos("name", String, "The name of the group."),
        P::opt("language_code", String, "The code of the group language."),
        P::pos("agent_priorities", Object, "Agent priorities in a group as a map in the `\"<id>\": \"<priority>\"` format."),
    ]),
    MethodSpec::new("update_group", ALL, Write, R::Empty,
        "Updates an existing group.", &[
        P::pos("id", Int, "The group ID."),
        P::opt("name", String, "The name of the group."),
        P::opt("language_code", String, "The code of the group language."),
        P::opt("agent_priorities", Object, "Agent priorities in a group as a map in the `\"<id>\": \"<priority>\"` format."),
    ]),
    MethodSpec::new("delete_group", ALL, Write, R::Empty,
        "Deletes an existing group.", &[
        P::pos("id", Int, "The group ID."),
    ]),
    MethodSpec::new("list_groups", ALL, Read, R::Array("Group"),
        "Lists the groups.", &[
        P::opt("fields", Array, "Additional fields to include."),
    ]),
    MethodSpec::new("get_group", ALL, Read, R::Object("Group"),
        "Returns details about a group specified by its `id`.", &[
        P::pos("id", Int, "The group ID."),
        P::opt("fields", Array, "Additional fields to include."),
    ]),
    MethodSpec::new("register_property", ALL, Write, R::Empty,
        "Registers a private property for a Client ID.", &[
        P::pos("name", String, "The property name."),
        P::pos("owner_client_id", String, "The client ID that will own the property; must be owned by your organization."),
        P::pos("type", String, "Possible values: `int`, `string`, `bool`, `tokenized_string`.")
            .one_of(&["int", "string", "bool", "tokenized_string"]),
        P::pos("access", Object, "Who may read and write it, per location: `{\"license\": {\"agent\": [\"read\", \"write\"]}}`."),
        P::opt("description", String, "The property description."),
        P::opt("domain", Array, "An array of values that properties can be set to."),
        P::opt("range", Object, "A range of values that properties can be set to."),
        P::opt("default_value", Any, "The default value of the property; validated by `domain` or `range`, if one exists."),
    ]),
    MethodSpec::new("unregister_property", ALL, Write, R::Empty,
        "Unregisters a private property.", &[
        P::pos("name", String, "The property name."),
        P::pos("owner_client_id", String, "The client ID that owns the property; must be owned by your organization."),
    ]),
    MethodSpec::new("publish_property", ALL, Write, R::Empty,
        "Publishes a private property to every Client ID (irreversible).", &[
        P::pos("name", String, "The property name."),
        P::pos("owner_client_id", String, "The client ID that owns the property; must be owned by your organization."),
        P::pos("access_type", Array, "Possible values: `read`, `write`."),
    ]),
    MethodSpec::new("list_properties", ALL, Read, R::Object("PropertyConfigs"),
        "Lists private and public properties owned by a given Client Id.", &[
        P::pos("owner_client_id", String, "The client ID that owns the properties; must be owned by your organization."),
    ]),
    MethodSpec::new("update_license_properties", ALL, Write, R::Empty,
        "Updates (merges) property values of the license.", &[
        P::pos("properties", Object, "An object with namespaces as keys and properties (grouped in objects) as values."),
    ]),
    MethodSpec::new("list_license_properties", ALL, Read, R::Object("PropertyValues"),
        "Returns the properties set within a license.", &[
        P::opt("namespace", String, "The properties namespace."),
        P::opt("name_prefix", String, "The properties name prefix."),
    ]),
    MethodSpec::new("delete_license_properties", ALL, Write, R::Empty,
        "Deletes the properties set within a license.", &[
        P::pos("properties", Object, "An object with namespaces as keys and property names (in an array) as values."),
    ]),
    MethodSpec::new("update_group_properties", ALL, Write, R::Empty,
        "Updates (merges) property values of a group.", &[
        P::pos("group_id", Int, "The ID of the group you set the properties for."),
        P::pos("properties", Object, "An object with namespaces as keys and properties (grouped in objects) as values."),
    ]),
    MethodSpec::new("list_group_properties", V33_34, Read, R::Object("PropertyValues"),
        "Returns the properties set within a group.", &[
        P::pos("id", Int, "ID of the group you retrieve properties from."),
        P::opt("namespace", String, "Properties namespace."),
        P::opt("name_prefix", String, "Properties name prefix."),
    ]).replaced_by("list_groups_properties"),
    MethodSpec::new("list_groups_properties", V35_UP, Read, R::Array("GroupProperties"),
        "Returns the properties set within specified groups.", &[
        P::pos("group_ids", Array, "The IDs of the groups you retrieve properties from."),
        P::opt("namespace", String, "The properties namespace."),
        P::opt("name_prefix", String, "The properties name prefix."),
    ]),
    MethodSpec::new("delete_group_properties", ALL, Write, R::Empty,
        "Deletes the properties set within a group.", &[
        P::pos("id", Int, "The ID of the group you delete properties from."),
        P::pos("properties", Object, "An object with namespaces as keys and property names (in an array) as values."),
    ]),
    MethodSpec::new("create_tag", V35_UP, Write, R::Empty,
        "Creates a new tag.", &[
        P::pos("name", String, "The tag name (matched case-insensitively against existing tags)."),
        P::opt("group_ids", Array, "The groups the tag belongs to (may be empty)."),
    ]),
    MethodSpec::new("delete_tag", V35_UP, Write, R::Empty,
        "Deletes an existing tag.", &[
        P::pos("name", String, "The tag name (case-sensitive)."),
    ]),
    MethodSpec::new("list_tags", V35_UP, Read, R::Array("Tag"),
        "Lists the tags.", &[
        P::opt("filters", Object, "`{\"group_ids\": [...]}`: only tags of these groups."),
    ]),
    MethodSpec::new("update_tag", V35_UP, Write, R::Empty,
        "Updates an existing tag.", &[
        P::pos("name", String, "The tag name (case-sensitive)."),
        P::opt("group_ids", Array, "The groups the tag belongs to (may be empty)."),
    ]),
    MethodSpec::new("register_webhook", ALL, Write, R::Object("RegisterWebhookResponse"),
        "Registers a webhook for a Client ID (at most three per action).", &[
        P::pos("action", String, "The action that triggers sending a webhook."),
        P::pos("secret_key", String, "The secret key sent in webhooks to verify the source of a webhook."),
        P::pos("url", String, "The destination URL for the webhook."),
        P::opt("additional_data", Array, "Additional data arriving with the webhook."),
        P::opt("description", String, "The webhook description."),
        P::opt("filters", Object, "Filters to check if a webhook should be triggered."),
        P::pos("owner_client_id", String, "The client ID that will own the webhook; must be owned by your organization."),
        P::pos("type", String, "Possible values: `bot`, `license`.").one_of(&["bot", "license"]),
    ]),
    MethodSpec::new("list_webhooks", ALL, Read, R::Array("Webhook"),
        "Lists all webhooks registered for the given Client ID.", &[
        P::pos("owner_client_id", String, "The webhook owner (the client ID for which the webhook is registered)."),
    ]),
    MethodSpec::new("unregister_webhook", ALL, Write, R::Empty,
        "Unregisters a webhook previously registered for a Client ID (application).", &[
        P::pos("id", String, "The webhook ID."),
        P::pos("owner_client_id", String, "The webhook owner (the client ID for which the webhook is registered)."),
    ]),
    MethodSpec::new("list_webhook_names", ALL, Read, R::Array("WebhookName"),
        "Lists the webhook actions of an API version (needs no authorization).", &[
        P::opt("version", String, "Default: the current stable API version."),
    ]),
    MethodSpec::new("enable_license_webhooks", ALL, Write, R::Empty,
        "Enables the license webhooks of a Client ID.", &[
        P::opt("owner_client_id", String, "The Client ID acting; required only when authorizing with a PAT (with a Bearer token it replaces the token's)."),
    ]),
    MethodSpec::new("disable_license_webhooks", ALL, Write, R::Empty,
        "Disables the license webhooks of a Client ID; they stay disabled after a reinstall.", &[
        P::opt("owner_client_id", String, "The Client ID acting; required only when authorizing with a PAT (with a Bearer token it replaces the token's)."),
    ]),
    MethodSpec::new("get_license_webhooks_state", ALL, Read, R::Object("LicenseWebhooksState"),
        "Returns whether the license webhooks of a Client ID are enabled.", &[
        P::opt("owner_client_id", String, "The Client ID acting; required only when authorizing with a PAT (with a Bearer token it replaces the token's)."),
    ]),
    MethodSpec::new("create_canned_response", V37, Write, R::Object("CreateCannedResponseResponse"),
        "Creates a new canned response.", &[
        P::pos("text", String, "The canned response text content."),
        P::pos("tags", Array, "An array of tags."),
        P::pos("group_id", Int, "The ID of the group the canned response belongs to."),
        P::opt("is_private", Bool, "If set to `true`: the canned response will be private."),
    ]),
    MethodSpec::new("update_canned_response", V37, Write, R::Empty,
        "Updates an existing canned response.", &[
        P::pos("id", Int, "The ID of the canned response to update."),
        P::opt("text", String, "The new canned response text."),
        P::opt("tags", Array, "An array of tags."),
        P::opt("group_id", Int, "The new group ID for the canned response."),
        P::opt("is_private", Bool, "If set to `true`: the canned response will be private."),
    ]),
    MethodSpec::new("list_canned_responses", V37, Read, R::Object("ListCannedResponsesResponse"),
        "Returns a paginated list of canned responses.", &[
        P::opt("group_ids", Array, "Filter by specific group IDs."),
        P::opt("include_private", Bool, "If set to `true`: private canned responses will be included."),
        P::opt("include_all_private", Bool, "If set to `true`: all private canned responses will be included."),
        P::opt("limit", Int, "The number of results per page."),
        P::opt("page_id", String, "The page ID for pagination."),
    ]).note("Pages with `page_id`/`next_page_id`; the docs do not say whether filters must be repeated with `page_id`, so it has no pager."),
    MethodSpec::new("delete_canned_response", V37, Write, R::Empty,
        "Deletes an existing canned response.", &[
        P::pos("id", Int, "The ID of the canned response to delete."),
    ]),
    MethodSpec::new("update_translations", V37, Write, R::Empty,
        "Updates existing translations.", &[
        P::pos("group_id", Int, "ID of the group."),
        P::pos("language", String, "Language identifier."),
        P::pos("phrases", Object, "List of phrases to update as key-value pairs."),
    ]),
    MethodSpec::new("list_translations", V37, Read, R::Object("ListTranslationsResponse"),
        "Returns a list of all translations.", &[
        P::pos("group_id", Int, "ID of the group."),
        P::pos("language", String, "Language identifier."),
    ]),
    MethodSpec::new("list_channels", V35_UP, Read, R::Array("Channel"),
        "Returns the summary of communication channels for your LiveChat product.", &[]),
    MethodSpec::new("check_product_limits_for_plan", V35_UP, Read, R::Array("ProductLimit"),
        "Compares the organization's resources with a plan's limits and returns those over them.", &[
        P::pos("plan", String, "Possible values: `starter`, `team`, `enterprise`, `enterpriseplus`."),
    ]),
    MethodSpec::new("get_product_source", V35_UP, Read, R::Object("ProductSource"),
        "Returns the `source` parameters passed when the LiveChat product was activated.", &[]),
    MethodSpec::new("get_license_id", V34, Read, R::Object("GetLicenseIdResponse"),
        "Returns the license ID for a given organization ID.", &[
        P::pos("organization_id", String, "The organization ID."),
    ]).get(),
    MethodSpec::new("get_organization_id", V34, Read, R::Object("GetOrganizationIdResponse"),
        "Returns the organization ID for a given license ID.", &[
        P::pos("license_id", Int, "The license ID."),
    ]).get(),
    MethodSpec::new("reactivate_email", V36_UP, Write, R::Empty,
        "Reactivates an agent's e-mail address after it bounced.", &[
        P::pos("agent_id", String, "The agent ID."),
    ]),
    MethodSpec::new("update_company_details", V36_UP, Write, R::Empty,
        "Updates company details of the license.", &[
        P::opt("enrich", Bool, "If set to `true`: the system will attempt to automatically fill empty fields by searching for the company's domain."),
        P::opt("audience", String, "The audience."),
        P::opt("chat_purpose", String, "The chat purpose."),
        P::opt("city", String, "The city."),
        P::opt("company", String, "The company."),
        P::opt("company_size", String, "The company size."),
        P::opt("country", String, "The country."),
        P::opt("invoice_email", String, "The invoice email."),
        P::opt("invoice_name", String, "The invoice name."),
        P::opt("nip", String, "The Employer Identification Number."),
        P::opt("postal_code", String, "The postal code."),
        P::opt("state", String, "The state."),
        P::opt("street", String, "The street."),
        P::opt("phone", String, "The phone."),
        P::opt("province", String, "The province."),
        P::opt("url", String, "The URL."),
    ]),
    MethodSpec::new("batch_create_agents", V35_UP, Write, R::Object("BatchResponse"),
        "Runs `create_agent` once per request object, concurrently; `responses` keeps the order.", &[
        P::pos("requests", Array, "`create_agent` parameter objects."),
    ]),
    MethodSpec::new("batch_update_agents", V35_UP, Write, R::Object("BatchResponse"),
        "Runs `update_agent` once per request object, concurrently; `responses` keeps the order.", &[
        P::pos("requests", Array, "`update_agent` parameter objects."),
    ]),
    MethodSpec::new("batch_delete_agents", V35_UP, Write, R::Object("BatchResponse"),
        "Runs `delete_agent` once per request object, concurrently; `responses` keeps the order.", &[
        P::pos("requests", Array, "`delete_agent` parameter objects."),
    ]),
    MethodSpec::new("batch_suspend_agents", V35_UP, Write, R::Object("BatchResponse"),
        "Runs `suspend_agent` once per request object, concurrently; `responses` keeps the order.", &[
        P::pos("requests", Array, "`suspend_agent` parameter objects."),
    ]),
    MethodSpec::new("batch_unsuspend_agents", V35_UP, Write, R::Object("BatchResponse"),
        "Runs `unsuspend_agent` once per request object, concurrently; `responses` keeps the order.", &[
        P::pos("requests", Array, "`unsuspend_agent` parameter objects."),
    ]),
    MethodSpec::new("batch_approve_agents", V35_UP, Write, R::Object("BatchResponse"),
        "Runs `approve_agent` once per request object, concurrently; `responses` keeps the order.", &[
        P::pos("requests", Array, "`approve_agent` parameter objects."),
    ]),
    MethodSpec::new("batch_create_bots", V35_UP, Write, R::Object("BatchResponse"),
        "Runs `create_bot` once per request object, concurrently; `responses` keeps the order.", &[
        P::pos("requests", Array, "`create_bot` parameter objects."),
    ]),
    MethodSpec::new("batch_update_bots", V35_UP, Write, R::Object("BatchResponse"),
        "Runs `update_bot` once per request object, concurrently; `responses` keeps the order.", &[
        P::pos("requests", Array, "`update_bot` parameter objects."),
    ]),
    MethodSpec::new("batch_delete_bots", V35_UP, Write, R::Object("BatchResponse"),
        "Runs `delete_bot` once per request object, concurrently; `responses` keeps the order.", &[
        P::pos("requests", Array, "`delete_bot` parameter objects."),
    ]),
    MethodSpec::new("batch_update_translations", V37, Write, R::Object("BatchResponse"),
        "Runs `update_translations` once per request object, concurrently; `responses` keeps the order.", &[
        P::pos("requests", Array, "`update_translations` parameter objects."),
    ]),
];
