"""Typed results of the Configuration API (``livechat_client.Configuration``), one per result type of
the core's Configuration table. Fields follow the official pages (API 3.3–3.7, response samples
and field tables); every ``TypedDict`` is ``total=False``: which fields come back depends on the
version, the ``fields`` argument and the account, and unknown keys are kept in the dicts you
receive. Methods without a result return :class:`livechat_client.types.Empty`."""

from __future__ import annotations

from typing import Any, TypedDict

# ---- agents ---------------------------------------------------------------------------------


class GroupMembership(TypedDict, total=False):
    """A group an agent or bot belongs to, with the routing priority there."""

    id: int
    priority: str


class Agent(TypedDict, total=False):
    """An agent (``get_agent``, ``list_agents``); ``fields=[…]`` adds ``work_scheduler``,
    ``groups``, ``email_subscriptions`` and ``notifications``."""

    id: str
    account_id: str
    name: str
    avatar: str
    avatar_path: str
    role: str
    login_status: str
    job_title: str
    mobile: str
    max_chats_count: int
    awaiting_approval: bool
    suspended: bool
    last_logout: str
    summaries: list[str]
    groups: list[GroupMembership]
    notifications: list[str]
    email_subscriptions: list[str]
    #: ``{"monday": {"start": "08:30", "end": "12:30"}, …}`` (3.3–3.5: a list of days in ``schedule``).
    work_scheduler: dict[str, Any]


class CreateAgentResponse(TypedDict, total=False):
    """``create_agent``: the new agent's ID."""

    id: str


# ---- allowed domains (3.7) --------------------------------------------------------------------


class ListAllowedDomainsResponse(TypedDict, total=False):
    """``list_allowed_domains``."""

    domains: list[str]


# ---- auto access ----------------------------------------------------------------------------


class AutoAccessAccess(TypedDict, total=False):
    """Who gets access to the chats a rule matches."""

    groups: list[int]


class DomainCondition(TypedDict, total=False):
    """A URL or domain a rule matches."""

    value: str
    exact_match: bool


class DomainConditions(TypedDict, total=False):
    """Matching URLs or domains (``url``, ``domain`` conditions)."""

    values: list[DomainCondition]
    exclude_values: list[DomainCondition]


class GeolocationCondition(TypedDict, total=False):
    """A place a rule matches."""

    country: str
    country_code: str
    region: str
    city: str


class GeolocationConditions(TypedDict, total=False):
    """Matching places."""

    values: list[GeolocationCondition]


class AutoAccessConditions(TypedDict, total=False):
    """The conditions of an auto access rule."""

    url: DomainConditions
    domain: DomainConditions
    geolocation: GeolocationConditions


class AutoAccess(TypedDict, total=False):
    """An auto access rule (``list_auto_accesses``)."""

    id: str
    description: str
    access: AutoAccessAccess
    conditions: AutoAccessConditions
    next_id: str


class AddAutoAccessResponse(TypedDict, total=False):
    """``add_auto_access``: the new rule's ID."""

    id: str


# ---- bots -----------------------------------------------------------------------------------


class Bot(TypedDict, total=False):
    """A bot (``get_bot``, ``list_bots``); ``fields=[…]`` adds ``groups``, ``work_scheduler``,
    ``job_title``, ``max_chats_count`` and ``timezone``."""

    id: str
    name: str
    avatar: str
    avatar_path: str
    type: str
    default_group_priority: str
    owner_client_id: str
    job_title: str
    max_chats_count: int
    timezone: str
    groups: list[GroupMembership]
    work_scheduler: dict[str, Any]


class BotTemplate(TypedDict, total=False):
    """A bot template (``list_bot_templates``, 3.5+)."""

    id: str
    name: str
    avatar: str
    avatar_path: str
    type: str
    default_group_priority: str
    owner_client_id: str
    job_title: str
    max_chats_count: int
    timezone: str
    work_scheduler: dict[str, Any]


class CreateBotResponse(TypedDict, total=False):
    """``create_bot``: the new bot's ID and (3.5+) its secret."""

    id: str
    secret: str


class CreateBotTemplateResponse(TypedDict, total=False):
    """``create_bot_template``: the new template's ID and secret."""

    id: str
    secret: str


class IssueBotTokenResponse(TypedDict, total=False):
    """``issue_bot_token``: a bot token (a JWT valid 24 h). A secret: do not log it."""

    token: str


class ResetBotSecretResponse(TypedDict, total=False):
    """``reset_bot_secret``: the bot's new secret."""

    secret: str


class ResetBotTemplateSecretResponse(TypedDict, total=False):
    """``reset_bot_template_secret``: the template's new secret."""

    secret: str


# ---- customer bans (3.6+) -------------------------------------------------------------------


class CustomerBan(TypedDict, total=False):
    """An active ban (``list_customer_bans``): by IP or by customer."""

    ip: str
    customer_id: str
    thread_id: str
    agent_id: str
    created_at: str
    expires_at: str


# ---- greetings (3.6+) -----------------------------------------------------------------------


class GreetingRule(TypedDict, total=False):
    """A condition of a greeting."""

    condition: str
    type: str
    operator: str
    value: str
    urls: list[str]
    id: int


class GreetingButton(TypedDict, total=False):
    """A button of a greeting's rich message."""

    text: str
    type: str
    value: str
    postback_id: str
    button_id: str
    user_ids: list[str]
    role: str


class GreetingElement(TypedDict, total=False):
    """An element of a greeting's rich message."""

    title: str
    subtitle: str
    image: dict[str, Any]
    buttons: list[GreetingButton]


class GreetingRichMessage(TypedDict, total=False):
    """A greeting's rich message."""

    template_id: str
    elements: list[GreetingElement]


class Greeting(TypedDict, total=False):
    """A greeting (``get_greeting``, ``list_greetings``)."""

    id: int
    type: str
    active: bool
    name: str
    group: int
    rules: list[GreetingRule]
    properties: dict[str, str]
    rich_message: GreetingRichMessage
    subtype: str


class CreateGreetingResponse(TypedDict, total=False):
    """``create_greeting``: the new greeting's ID."""

    id: int


class ListGreetingsResponse(TypedDict, total=False):
    """``list_greetings``: one page (``iter_greetings`` walks them all)."""

    greetings: list[Greeting]
    found_greetings: int
    next_page_id: str
    previous_page_id: str


# ---- groups ---------------------------------------------------------------------------------


class Group(TypedDict, total=False):
    """A group (``get_group``, ``list_groups``); ``fields=[…]`` adds ``agent_priorities``
    (``{agent_id: priority}``) and ``routing_status``."""

    id: int
    name: str
    language_code: str
    agent_priorities: dict[str, str]
    routing_status: str


class CreateGroupResponse(TypedDict, total=False):
    """``create_group``: the new group's ID."""

    id: int


# ---- properties -----------------------------------------------------------------------------


class PropertyAccessRights(TypedDict, total=False):
    """Who may read or write a property at one location: ``["read", "write"]`` per role."""

    agent: list[str]
    customer: list[str]


class PropertyAccess(TypedDict, total=False):
    """A property's access rights per location."""

    chat: PropertyAccessRights
    thread: PropertyAccessRights
    event: PropertyAccessRights
    license: PropertyAccessRights
    group: PropertyAccessRights


class PropertyConfig(TypedDict, total=False):
    """How a property is registered."""

    name: str
    owner_client_id: str
    type: str
    description: str
    access: PropertyAccess
    public_access: list[str]
    domain: list[Any]
    range: dict[str, int]
    default_value: Any


#: ``list_properties``: ``{property name: its configuration}``.
PropertyConfigs = dict[str, PropertyConfig]

#: ``list_license_properties``, ``list_group_properties``: ``{namespace: {name: value}}``.
PropertyValues = dict[str, dict[str, Any]]


class GroupProperties(TypedDict, total=False):
    """One group's property values (``list_groups_properties``, 3.5+)."""

    id: int
    properties: PropertyValues


# ---- tags (3.5+) ----------------------------------------------------------------------------


class Tag(TypedDict, total=False):
    """A tag (``list_tags``)."""

    name: str
    group_ids: list[int]
    author_id: str
    created_at: str


# ---- webhooks -------------------------------------------------------------------------------


class Webhook(TypedDict, total=False):
    """A registered webhook (``list_webhooks``). ``secret_key`` is a secret: do not log it."""

    id: str
    url: str
    description: str
    action: str
    secret_key: str
    filters: dict[str, Any]
    additional_data: list[str]
    owner_client_id: str
    type: str


class RegisterWebhookResponse(TypedDict, total=False):
    """``register_webhook``: the new webhook's ID."""

    id: str


class WebhookName(TypedDict, total=False):
    """A webhook action one may register (``list_webhook_names``)."""

    action: str
    filters: list[str]
    additional_data: list[str]


class LicenseWebhooksState(TypedDict, total=False):
    """``get_license_webhooks_state``."""

    license_webhooks_enabled: bool


# ---- canned responses and translations (3.7) ------------------------------------------------


class CannedResponse(TypedDict, total=False):
    """A canned response."""

    id: int
    text: str
    tags: list[str]
    group_id: int
    is_private: bool
    author_id: str
    created_at: str
    updated_at: str


class CreateCannedResponseResponse(TypedDict, total=False):
    """``create_canned_response``: the new canned response's ID."""

    id: int


class ListCannedResponsesResponse(TypedDict, total=False):
    """``list_canned_responses``: one page."""

    canned_responses: list[CannedResponse]
    found_canned_responses: int
    next_page_id: str


class ListTranslationsResponse(TypedDict, total=False):
    """``list_translations``: ``{phrase key: text}`` in ``phrases``."""

    phrases: dict[str, str]


# ---- other ----------------------------------------------------------------------------------


class Channel(TypedDict, total=False):
    """A communication channel of the license (``list_channels``, 3.5+)."""

    channel_type: str
    channel_subtype: str
    first_activity_timestamp: str


class ProductLimit(TypedDict, total=False):
    """A resource over a plan's limit (``check_product_limits_for_plan``, 3.5+)."""

    resource: str
    limit_balance: int
    id: str


class ProductSource(TypedDict, total=False):
    """``get_product_source`` (3.5+)."""

    source_id: str
    source_type: str
    source_url: str


class GetLicenseIdResponse(TypedDict, total=False):
    """``get_license_id`` (3.4)."""

    license_id: int


class GetOrganizationIdResponse(TypedDict, total=False):
    """``get_organization_id`` (3.4)."""

    organization_id: str


class BatchResponse(TypedDict, total=False):
    """A ``batch_*`` method's answer: per request, in order, its result or ``{"error": {…}}``."""

    responses: list[dict[str, Any]]


__all__ = [
    "AddAutoAccessResponse",
    "Agent",
    "AutoAccess",
    "AutoAccessAccess",
    "AutoAccessConditions",
    "BatchResponse",
    "Bot",
    "BotTemplate",
    "CannedResponse",
    "Channel",
    "CreateAgentResponse",
    "CreateBotResponse",
    "CreateBotTemplateResponse",
    "CreateCannedResponseResponse",
    "CreateGreetingResponse",
    "CreateGroupResponse",
    "CustomerBan",
    "DomainCondition",
    "DomainConditions",
    "GeolocationCondition",
    "GeolocationConditions",
    "GetLicenseIdResponse",
    "GetOrganizationIdResponse",
    "Greeting",
    "GreetingButton",
    "GreetingElement",
    "GreetingRichMessage",
    "GreetingRule",
    "Group",
    "GroupMembership",
    "GroupProperties",
    "IssueBotTokenResponse",
    "LicenseWebhooksState",
    "ListAllowedDomainsResponse",
    "ListCannedResponsesResponse",
    "ListGreetingsResponse",
    "ListTranslationsResponse",
    "ProductLimit",
    "ProductSource",
    "PropertyAccess",
    "PropertyAccessRights",
    "PropertyConfig",
    "PropertyConfigs",
    "PropertyValues",
    "RegisterWebhookResponse",
    "ResetBotSecretResponse",
    "ResetBotTemplateSecretResponse",
    "Tag",
    "Webhook",
    "WebhookName",
]
