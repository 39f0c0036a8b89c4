"""Webhooks: the JSON LiveChat POSTs to your URL when something happens.

:func:`parse` checks the body's ``secret_key`` (in constant time, in the Rust core) and returns
the webhook without it, as a :data:`Webhook`: a union of ``TypedDict``\\ s, one per action, so
that narrowing by ``action`` types the payload::

    webhook = livechat_client.webhooks.parse(body, secret_key)
    if webhook["action"] == "incoming_event":
        text = webhook["payload"].get("event", {}).get("text")

Every key is optional (versions differ; the platform may omit what the docs show) and unknown
keys are kept. An action this library does not know is returned as sent (see
:class:`OtherWebhook`); a known action whose payload does not have the documented shape is
passed on as sent, with ``payload_error`` saying why. Answer the HTTP request
with 200 at once and do the work after: LiveChat waits about 10 s and retries, so handlers must
be idempotent (see the README's recipes).
"""

from __future__ import annotations

import json
from typing import Any, Literal, TypedDict, Union

from . import _errors, _native
from .types import Access, Chat, Customer, Event, Postback, User

__all__ = [
    "KNOWN_ACTIONS",
    "MAX_WEBHOOK_BYTES",
    "WEBHOOK_TYPES",
    "Webhook",
    "OtherWebhook",
    "parse",
]

#: Every action whose payload :func:`parse` types (API 3.3–3.7), from the core.
KNOWN_ACTIONS: tuple[str, ...] = _native.WEBHOOK_ACTIONS
#: The largest body :func:`parse` reads (1 MiB); larger ones raise InvalidWebhookError.
MAX_WEBHOOK_BYTES: int = _native.MAX_WEBHOOK_BYTES


def parse(body: bytes | bytearray | memoryview | str, secret_key: str) -> Webhook:
    """Verifies and parses a webhook body (the raw request body, before any JSON decoding).

    ``secret_key`` is the one given to ``register_webhook``. Raises
    :class:`~livechat_client.WebhookSecretError` when the body has no ``secret_key`` or another one,
    :class:`~livechat_client.InvalidWebhookError` for a body over :data:`MAX_WEBHOOK_BYTES`, not JSON,
    not an object or without an ``action``, and :class:`~livechat_client.InvalidArgumentError` for an
    empty ``secret_key`` or arguments of the wrong type. No message shows either secret.
    """
    if isinstance(body, str):
        raw = body.encode("utf-8", "surrogatepass")
    elif isinstance(body, (bytes, bytearray, memoryview)):
        raw = bytes(body)
    else:
        raise _errors.InvalidArgumentError(
            f"body must be bytes, bytearray, memoryview or str, not {type(body).__name__}"
        )
    if not isinstance(secret_key, str):
        raise _errors.InvalidArgumentError(f"secret_key must be a str, not {type(secret_key).__name__}")
    try:
        text = _native.parse_webhook(raw, secret_key)
    except _native.NativeError as e:
        raise _errors.from_json(str(e.args[0])) from None
    return json.loads(text)  # type: ignore[no-any-return]


# ---- payloads (mirroring the core's livechat::webhooks structs) ------------------------------


class ChatEventPayload(TypedDict, total=False):
    """``incoming_event`` and ``event_updated``: an event of a chat, new or edited."""

    chat_id: str
    thread_id: str
    event: Event


class EventDeletedPayload(TypedDict, total=False):
    """``event_deleted`` (3.6+)."""

    chat_id: str
    thread_id: str
    event_id: str


class RichMessagePostbackPayload(TypedDict, total=False):
    """``incoming_rich_message_postback``: a rich-message button was pressed."""

    user_id: str
    chat_id: str
    thread_id: str
    event_id: str
    postback: Postback


class EventsMarkedAsSeenPayload(TypedDict, total=False):
    """``events_marked_as_seen``: everything up to ``seen_up_to`` (RFC 3339) is seen."""

    user_id: str
    chat_id: str
    seen_up_to: str


class PropertiesUpdatedPayload(TypedDict, total=False):
    """``chat/thread/event_properties_updated``: ``properties`` is ``{namespace: {name: value}}``."""

    chat_id: str
    thread_id: str
    event_id: str
    properties: dict[str, dict[str, Any]]


class PropertiesDeletedPayload(TypedDict, total=False):
    """``chat/thread/event_properties_deleted``: ``properties`` is ``{namespace: [name, …]}``."""

    chat_id: str
    thread_id: str
    event_id: str
    properties: dict[str, list[str]]


class IncomingChatPayload(TypedDict, total=False):
    """``incoming_chat``: a chat with a new thread (and the events it started with)."""

    chat: Chat


class ChatDeactivatedPayload(TypedDict, total=False):
    """``chat_deactivated``: the open thread was closed (no ``user_id`` when the router did)."""

    chat_id: str
    thread_id: str
    user_id: str


class ChatAccessChangedPayload(TypedDict, total=False):
    """``chat_access_updated`` (3.4+), and 3.3's ``chat_access_granted``/``chat_access_revoked``."""

    id: str
    access: Access


class TransferredTo(TypedDict, total=False):
    """Where a chat went (``chat_transferred``)."""

    group_ids: list[int]
    agent_ids: list[str]


class Queue(TypedDict, total=False):
    """A chat's place in the queue."""

    position: int
    wait_time: int
    queued_at: str
    #: The same time with microseconds (RFC 3339, as the docs' samples show it).
    queued_at_us: str


class ChatTransferredPayload(TypedDict, total=False):
    """``chat_transferred``: a chat moved to other agents or groups."""

    chat_id: str
    thread_id: str
    requester_id: str
    reason: str
    transferred_to: TransferredTo
    queue: Queue


class UserAddedToChatPayload(TypedDict, total=False):
    """``user_added_to_chat``: an agent or customer joined."""

    chat_id: str
    thread_id: str
    user: User
    reason: str
    requester_id: str


class UserRemovedFromChatPayload(TypedDict, total=False):
    """``user_removed_from_chat``: an agent or customer left."""

    chat_id: str
    thread_id: str
    user_id: str
    reason: str
    requester_id: str


class ThreadTagPayload(TypedDict, total=False):
    """``thread_tagged`` and ``thread_untagged``."""

    chat_id: str
    thread_id: str
    tag: str


class RoutingStatusSetPayload(TypedDict, total=False):
    """``routing_status_set``: an agent's or bot's routing status changed."""

    agent_id: str
    status: str


class IncomingCustomerPayload(TypedDict, total=False):
    """``incoming_customer`` (3.3–3.5): a new customer."""

    customer: Customer


class ActiveChat(TypedDict, total=False):
    """The chat a customer is in."""

    chat_id: str
    thread_id: str


class CustomerSessionFieldsUpdatedPayload(TypedDict, total=False):
    """``customer_session_fields_updated``: ``session_fields`` is a list of one-key objects."""

    id: str
    active_chat: ActiveChat
    session_fields: list[dict[str, Any]]


class ThreadSummary(TypedDict, total=False):
    """A thread's AI summary."""

    status: str
    text: str
    updated_at: str


class ThreadSummarySetPayload(TypedDict, total=False):
    """``thread_summary_set`` (3.6+)."""

    chat_id: str
    thread_id: str
    summary: ThreadSummary


class GroupMembership(TypedDict, total=False):
    """A group an agent or bot belongs to, with its routing priority."""

    id: int
    priority: str


class AgentChangedPayload(TypedDict, total=False):
    """``agent_created/approved/updated/suspended/unsuspended/deleted``: the agent's ID and what
    changed (3.3's ``agent_deleted`` names it ``agent_id``)."""

    id: str
    agent_id: str
    name: str
    role: str
    awaiting_approval: bool
    groups: list[GroupMembership]
    notifications: list[str]
    email_subscriptions: list[str]
    work_scheduler: dict[str, Any]


class AutoAccessPayload(TypedDict, total=False):
    """An auto access rule (``auto_access_added/updated/deleted`` in 3.4; an item of 3.5+'s
    ``auto_accesses_updated``, with its ``status``)."""

    id: str
    description: str
    access: dict[str, Any]
    conditions: dict[str, Any]
    next_id: str
    status: str


class BotChangedPayload(TypedDict, total=False):
    """``bot_created``, ``bot_updated``, ``bot_deleted``."""

    id: str
    name: str
    default_group_priority: str
    groups: list[GroupMembership]
    owner_client_id: str


class GroupChangedPayload(TypedDict, total=False):
    """``group_created``, ``group_updated``, ``group_deleted``."""

    id: int
    name: str
    language_code: str
    agent_priorities: dict[str, str]


class TagChangedPayload(TypedDict, total=False):
    """``tag_created``, ``tag_updated``, ``tag_deleted`` (3.5+)."""

    name: str
    group_ids: list[int]
    created_at: str
    author_id: str


# ---- the envelope ----------------------------------------------------------------------------


class AdditionalData(TypedDict, total=False):
    """What the registration's ``additional_data`` asked for."""

    chat_properties: dict[str, dict[str, Any]]
    chat_presence_user_ids: list[str]


class Requester(TypedDict, total=False):
    """Who caused a configuration webhook (API 3.6+)."""

    user_id: str
    account_id: str
    client_id: str


class _Envelope(TypedDict, total=False):
    webhook_id: str
    organization_id: str
    #: The license number (API 3.3).
    license_id: int
    additional_data: AdditionalData
    requester: Requester
    #: Only when a known action's payload is not in the documented shape: why (the payload is
    #: then as sent).
    payload_error: str


class OtherWebhook(_Envelope, total=False):
    """The shape of a webhook whose action this library does not know (not in
    :data:`KNOWN_ACTIONS`), payload as sent. :func:`parse` returns it typed as :data:`Webhook`
    (a member with a plain ``str`` action would stop mypy narrowing the union by ``action``):
    ``typing.cast(OtherWebhook, webhook)`` after checking ``webhook["action"] not in KNOWN_ACTIONS``."""

    action: str
    payload: Any


# ---- one TypedDict per action ----------------------------------------------------------------


class IncomingChatWebhook(_Envelope, total=False):
    """``incoming_chat``."""

    action: Literal["incoming_chat"]
    payload: IncomingChatPayload

class ChatDeactivatedWebhook(_Envelope, total=False):
    """``chat_deactivated``."""

    action: Literal["chat_deactivated"]
    payload: ChatDeactivatedPayload

class ChatAccessUpdatedWebhook(_Envelope, total=False):
    """``chat_access_updated``."""

    action: Literal["chat_access_updated"]
    payload: ChatAccessChangedPayload

class ChatAccessGrantedWebhook(_Envelope, total=False):
    """``chat_access_granted``."""

    action: Literal["chat_access_granted"]
    payload: ChatAccessChangedPayload

class ChatAccessRevokedWebhook(_Envelope, total=False):
    """``chat_access_revoked``."""

    action: Literal["chat_access_revoked"]
    payload: ChatAccessChangedPayload

class ChatTransferredWebhook(_Envelope, total=False):
    """``chat_transferred``."""

    action: Literal["chat_transferred"]
    payload: ChatTransferredPayload

class UserAddedToChatWebhook(_Envelope, total=False):
    """``user_added_to_chat``."""

    action: Literal["user_added_to_chat"]
    payload: UserAddedToChatPayload

class UserRemovedFromChatWebhook(_Envelope, total=False):
    """``user_removed_from_chat``."""

    action: Literal["user_removed_from_chat"]
    payload: UserRemovedFromChatPayload

class IncomingEventWebhook(_Envelope, total=False):
    """``incoming_event``."""

    action: Literal["incoming_event"]
    payload: ChatEventPayload

class EventUpdatedWebhook(_Envelope, total=False):
    """``event_updated``."""

    action: Literal["event_updated"]
    payload: ChatEventPayload

class EventDeletedWebhook(_Envelope, total=False):
    """``event_deleted``."""

    action: Literal["event_deleted"]
    payload: EventDeletedPayload

class IncomingRichMessagePostbackWebhook(_Envelope, total=False):
    """``incoming_rich_message_postback``."""

    action: Literal["incoming_rich_message_postback"]
    payload: RichMessagePostbackPayload

class EventsMarkedAsSeenWebhook(_Envelope, total=False):
    """``events_marked_as_seen``."""

    action: Literal["events_marked_as_seen"]
    payload: EventsMarkedAsSeenPayload

class ChatPropertiesUpdatedWebhook(_Envelope, total=False):
    """``chat_properties_updated``."""

    action: Literal["chat_properties_updated"]
    payload: PropertiesUpdatedPayload

class ChatPropertiesDeletedWebhook(_Envelope, total=False):
    """``chat_properties_deleted``."""

    action: Literal["chat_properties_deleted"]
    payload: PropertiesDeletedPayload

class ThreadPropertiesUpdatedWebhook(_Envelope, total=False):
    """``thread_properties_updated``."""

    action: Literal["thread_properties_updated"]
    payload: PropertiesUpdatedPayload

class ThreadPropertiesDeletedWebhook(_Envelope, total=False):
    """``thread_properties_deleted``."""

    action: Literal["thread_properties_deleted"]
    payload: PropertiesDeletedPayload

class EventPropertiesUpdatedWebhook(_Envelope, total=False):
    """``event_properties_updated``."""

    action: Literal["event_properties_updated"]
    payload: PropertiesUpdatedPayload

class EventPropertiesDeletedWebhook(_Envelope, total=False):
    """``event_properties_deleted``."""

    action: Literal["event_properties_deleted"]
    payload: PropertiesDeletedPayload

class ThreadTaggedWebhook(_Envelope, total=False):
    """``thread_tagged``."""

    action: Literal["thread_tagged"]
    payload: ThreadTagPayload

class ThreadUntaggedWebhook(_Envelope, total=False):
    """``thread_untagged``."""

    action: Literal["thread_untagged"]
    payload: ThreadTagPayload

class RoutingStatusSetWebhook(_Envelope, total=False):
    """``routing_status_set``."""

    action: Literal["routing_status_set"]
    payload: RoutingStatusSetPayload

class IncomingCustomerWebhook(_Envelope, total=False):
    """``incoming_customer``."""

    action: Literal["incoming_customer"]
    payload: IncomingCustomerPayload

class CustomerSessionFieldsUpdatedWebhook(_Envelope, total=False):
    """``customer_session_fields_updated``."""

    action: Literal["customer_session_fields_updated"]
    payload: CustomerSessionFieldsUpdatedPayload

class ThreadSummarySetWebhook(_Envelope, total=False):
    """``thread_summary_set``."""

    action: Literal["thread_summary_set"]
    payload: ThreadSummarySetPayload

class AgentCreatedWebhook(_Envelope, total=False):
    """``agent_created``."""

    action: Literal["agent_created"]
    payload: AgentChangedPayload

class AgentApprovedWebhook(_Envelope, total=False):
    """``agent_approved``."""

    action: Literal["agent_approved"]
    payload: AgentChangedPayload

class AgentUpdatedWebhook(_Envelope, total=False):
    """``agent_updated``."""

    action: Literal["agent_updated"]
    payload: AgentChangedPayload

class AgentSuspendedWebhook(_Envelope, total=False):
    """``agent_suspended``."""

    action: Literal["agent_suspended"]
    payload: AgentChangedPayload

class AgentUnsuspendedWebhook(_Envelope, total=False):
    """``agent_unsuspended``."""

    action: Literal["agent_unsuspended"]
    payload: AgentChangedPayload

class AgentDeletedWebhook(_Envelope, total=False):
    """``agent_deleted``."""

    action: Literal["agent_deleted"]
    payload: AgentChangedPayload

class AutoAccessAddedWebhook(_Envelope, total=False):
    """``auto_access_added``."""

    action: Literal["auto_access_added"]
    payload: AutoAccessPayload

class AutoAccessUpdatedWebhook(_Envelope, total=False):
    """``auto_access_updated``."""

    action: Literal["auto_access_updated"]
    payload: AutoAccessPayload

class AutoAccessDeletedWebhook(_Envelope, total=False):
    """``auto_access_deleted``."""

    action: Literal["auto_access_deleted"]
    payload: AutoAccessPayload

class AutoAccessesUpdatedWebhook(_Envelope, total=False):
    """``auto_accesses_updated``."""

    action: Literal["auto_accesses_updated"]
    payload: list[AutoAccessPayload]

class BotCreatedWebhook(_Envelope, total=False):
    """``bot_created``."""

    action: Literal["bot_created"]
    payload: BotChangedPayload

class BotUpdatedWebhook(_Envelope, total=False):
    """``bot_updated``."""

    action: Literal["bot_updated"]
    payload: BotChangedPayload

class BotDeletedWebhook(_Envelope, total=False):
    """``bot_deleted``."""

    action: Literal["bot_deleted"]
    payload: BotChangedPayload

class GroupCreatedWebhook(_Envelope, total=False):
    """``group_created``."""

    action: Literal["group_created"]
    payload: GroupChangedPayload

class GroupUpdatedWebhook(_Envelope, total=False):
    """``group_updated``."""

    action: Literal["group_updated"]
    payload: GroupChangedPayload

class GroupDeletedWebhook(_Envelope, total=False):
    """``group_deleted``."""

    action: Literal["group_deleted"]
    payload: GroupChangedPayload

class TagCreatedWebhook(_Envelope, total=False):
    """``tag_created``."""

    action: Literal["tag_created"]
    payload: TagChangedPayload

class TagUpdatedWebhook(_Envelope, total=False):
    """``tag_updated``."""

    action: Literal["tag_updated"]
    payload: TagChangedPayload

class TagDeletedWebhook(_Envelope, total=False):
    """``tag_deleted``."""

    action: Literal["tag_deleted"]
    payload: TagChangedPayload

#: A verified webhook: narrow it by ``action`` to get the typed payload. Every member's ``action``
#: is a ``Literal``, which mypy needs to narrow by ``==``; a webhook of an action this library
#: does not know is returned too (see :class:`OtherWebhook`), so keep an ``else`` branch.
Webhook = Union[
    IncomingChatWebhook,
    ChatDeactivatedWebhook,
    ChatAccessUpdatedWebhook,
    ChatAccessGrantedWebhook,
    ChatAccessRevokedWebhook,
    ChatTransferredWebhook,
    UserAddedToChatWebhook,
    UserRemovedFromChatWebhook,
    IncomingEventWebhook,
    EventUpdatedWebhook,
    EventDeletedWebhook,
    IncomingRichMessagePostbackWebhook,
    EventsMarkedAsSeenWebhook,
    ChatPropertiesUpdatedWebhook,
    ChatPropertiesDeletedWebhook,
    ThreadPropertiesUpdatedWebhook,
    ThreadPropertiesDeletedWebhook,
    EventPropertiesUpdatedWebhook,
    EventPropertiesDeletedWebhook,
    ThreadTaggedWebhook,
    ThreadUntaggedWebhook,
    RoutingStatusSetWebhook,
    IncomingCustomerWebhook,
    CustomerSessionFieldsUpdatedWebhook,
    ThreadSummarySetWebhook,
    AgentCreatedWebhook,
    AgentApprovedWebhook,
    AgentUpdatedWebhook,
    AgentSuspendedWebhook,
    AgentUnsuspendedWebhook,
    AgentDeletedWebhook,
    AutoAccessAddedWebhook,
    AutoAccessUpdatedWebhook,
    AutoAccessDeletedWebhook,
    AutoAccessesUpdatedWebhook,
    BotCreatedWebhook,
    BotUpdatedWebhook,
    BotDeletedWebhook,
    GroupCreatedWebhook,
    GroupUpdatedWebhook,
    GroupDeletedWebhook,
    TagCreatedWebhook,
    TagUpdatedWebhook,
    TagDeletedWebhook,
]

#: The Webhook TypedDict of each known action.
WEBHOOK_TYPES: dict[str, type[Any]] = {
    "incoming_chat": IncomingChatWebhook,
    "chat_deactivated": ChatDeactivatedWebhook,
    "chat_access_updated": ChatAccessUpdatedWebhook,
    "chat_access_granted": ChatAccessGrantedWebhook,
    "chat_access_revoked": ChatAccessRevokedWebhook,
    "chat_transferred": ChatTransferredWebhook,
    "user_added_to_chat": UserAddedToChatWebhook,
    "user_removed_from_chat": UserRemovedFromChatWebhook,
    "incoming_event": IncomingEventWebhook,
    "event_updated": EventUpdatedWebhook,
    "event_deleted": EventDeletedWebhook,
    "incoming_rich_message_postback": IncomingRichMessagePostbackWebhook,
    "events_marked_as_seen": EventsMarkedAsSeenWebhook,
    "chat_properties_updated": ChatPropertiesUpdatedWebhook,
    "chat_properties_deleted": ChatPropertiesDeletedWebhook,
    "thread_properties_updated": ThreadPropertiesUpdatedWebhook,
    "thread_properties_deleted": ThreadPropertiesDeletedWebhook,
    "event_properties_updated": EventPropertiesUpdatedWebhook,
    "event_properties_deleted": EventPropertiesDeletedWebhook,
    "thread_tagged": ThreadTaggedWebhook,
    "thread_untagged": ThreadUntaggedWebhook,
    "routing_status_set": RoutingStatusSetWebhook,
    "incoming_customer": IncomingCustomerWebhook,
    "customer_session_fields_updated": CustomerSessionFieldsUpdatedWebhook,
    "thread_summary_set": ThreadSummarySetWebhook,
    "agent_created": AgentCreatedWebhook,
    "agent_approved": AgentApprovedWebhook,
    "agent_updated": AgentUpdatedWebhook,
    "agent_suspended": AgentSuspendedWebhook,
    "agent_unsuspended": AgentUnsuspendedWebhook,
    "agent_deleted": AgentDeletedWebhook,
    "auto_access_added": AutoAccessAddedWebhook,
    "auto_access_updated": AutoAccessUpdatedWebhook,
    "auto_access_deleted": AutoAccessDeletedWebhook,
    "auto_accesses_updated": AutoAccessesUpdatedWebhook,
    "bot_created": BotCreatedWebhook,
    "bot_updated": BotUpdatedWebhook,
    "bot_deleted": BotDeletedWebhook,
    "group_created": GroupCreatedWebhook,
    "group_updated": GroupUpdatedWebhook,
    "group_deleted": GroupDeletedWebhook,
    "tag_created": TagCreatedWebhook,
    "tag_updated": TagUpdatedWebhook,
    "tag_deleted": TagDeletedWebhook,
}

