"""Typed shapes of the API's arguments and results (``TypedDict``s, ``total=False``: the API omits
fields freely and adds new ones; unknown keys are kept in the dicts you receive)."""

from __future__ import annotations

from typing import Any, Literal, TypedDict, Union

# ---- arguments ------------------------------------------------------------------------------


class MessageEventData(TypedDict, total=False):
    """A ``message`` event to send."""

    type: Literal["message"]
    text: str
    visibility: Literal["all", "agents"]
    custom_id: str
    properties: dict[str, dict[str, Any]]


class FileEventData(TypedDict, total=False):
    """A ``file`` event to send (``url`` from :meth:`AgentWeb.upload_file`)."""

    type: Literal["file"]
    url: str
    alternative_text: str
    visibility: Literal["all", "agents"]
    custom_id: str


class GenericEventData(TypedDict, total=False):
    """Any other event (``rich_message``, ``custom``, ``system_message``, ``filled_form``)."""

    type: str
    visibility: str
    custom_id: str
    properties: dict[str, dict[str, Any]]
    content: Any
    template_id: str
    elements: list[dict[str, Any]]
    text: str
    system_message_type: str


EventData = Union[MessageEventData, FileEventData, GenericEventData, dict[str, Any]]
#: ``{namespace: {name: value}}`` to update, ``{namespace: [name, …]}`` to delete.
PropertiesData = dict[str, Any]


class AccessData(TypedDict, total=False):
    """``grant_chat_access``/``revoke_chat_access`` (3.3): ``{"type": "group", "id": 1}``."""

    type: Literal["group", "agent"]
    id: Union[int, str]


class TransferTarget(TypedDict, total=False):
    """``transfer_chat``'s target."""

    type: Literal["group", "agent"]
    ids: list[Union[int, str]]


class MulticastAgents(TypedDict, total=False):
    """Agents who receive a multicast."""

    all: bool
    ids: list[str]
    groups: list[int]


class MulticastRecipients(TypedDict, total=False):
    """``multicast`` recipients."""

    agents: MulticastAgents


class Postback(TypedDict, total=False):
    """``send_rich_message_postback``'s postback."""

    id: str
    toggled: bool
    button_type: str
    button_value: str
    ecommerce: dict[str, Any]


# ---- results --------------------------------------------------------------------------------


class Empty(TypedDict, total=False):
    """A response with no documented payload (``{}``)."""


class Access(TypedDict, total=False):
    """Who may access a chat or thread."""

    group_ids: list[int]


class Event(TypedDict, total=False):
    """An event; type-specific fields (``text``, ``url``, ``elements``, …) vary by ``type``."""

    id: str
    custom_id: str
    created_at: str
    type: str
    author_id: str
    visibility: str
    #: API 3.3's name for ``visibility`` (``"all"`` or ``"agents"``).
    recipients: str
    properties: dict[str, dict[str, Any]]
    deleted: bool
    text: str
    url: str
    name: str
    content_type: str
    size: int
    template_id: str
    elements: list[dict[str, Any]]
    content: Any
    system_message_type: str


class User(TypedDict, total=False):
    """A chat user (``type`` is ``agent``, ``customer`` or a newer type)."""

    id: str
    type: str
    name: str
    email: str
    avatar: str
    present: bool
    events_seen_up_to: str
    visibility: str


class Thread(TypedDict, total=False):
    """A thread of a chat."""

    id: str
    active: bool
    user_ids: list[str]
    events: list[Event]
    restricted_access: str
    properties: dict[str, dict[str, Any]]
    access: Access
    tags: list[str]
    queue: dict[str, Any]
    created_at: str
    previous_thread_id: str
    next_thread_id: str
    summary: dict[str, Any]


class Chat(TypedDict, total=False):
    """A chat with one thread."""

    id: str
    thread: Thread
    users: list[User]
    properties: dict[str, dict[str, Any]]
    access: Access
    is_followed: bool


class LastThreadSummary(TypedDict, total=False):
    """The last thread of a chat summary."""

    id: str
    active: bool
    created_at: str
    user_ids: list[str]
    tags: list[str]
    properties: dict[str, dict[str, Any]]
    access: Access


class LastThreadInfo(LastThreadSummary, total=False):
    """The last thread of a chat summary in API 3.7: the fields of :class:`LastThreadSummary`
    and its last event of each type."""

    last_event_per_type: dict[str, dict[str, Any]]


class ChatSummary(TypedDict, total=False):
    """A chat as ``list_chats`` summarises it (API 3.7: ``last_thread_info`` in place of
    ``last_thread_summary`` and the chat's ``last_event_per_type``)."""

    id: str
    last_thread_summary: LastThreadSummary
    last_thread_info: LastThreadInfo
    last_event_per_type: dict[str, dict[str, Any]]
    users: list[User]
    properties: dict[str, dict[str, Any]]
    access: Access
    is_followed: bool


class Customer(TypedDict, total=False):
    """A customer."""

    id: str
    type: str
    name: str
    email: str
    avatar: str
    phone_number: str
    created_at: str
    session_fields: list[dict[str, str]]
    statistics: dict[str, int]
    visit: dict[str, Any]
    chat_ids: list[str]


class ListChatsResponse(TypedDict, total=False):
    """``list_chats`` (API 3.7 names the list ``chats_info``)."""

    chats_summary: list[ChatSummary]
    chats_info: list[ChatSummary]
    found_chats: int
    next_page_id: str
    previous_page_id: str


class ListThreadsResponse(TypedDict, total=False):
    """``list_threads``."""

    threads: list[Thread]
    found_threads: int
    next_page_id: str
    previous_page_id: str


class ListArchivesResponse(TypedDict, total=False):
    """``list_archives``."""

    chats: list[Chat]
    found_chats: int
    next_page_id: str
    previous_page_id: str


class ListCustomersResponse(TypedDict, total=False):
    """``list_customers`` (3.3–3.5)."""

    customers: list[Customer]
    total_customers: int
    limited_customers: int
    next_page_id: str
    previous_page_id: str


class StartChatResponse(TypedDict, total=False):
    """``start_chat``."""

    chat_id: str
    thread_id: str
    event_ids: list[str]


class ResumeChatResponse(TypedDict, total=False):
    """``resume_chat``."""

    thread_id: str
    event_ids: list[str]


class SendEventResponse(TypedDict, total=False):
    """``send_event``."""

    event_id: str


class UploadFileResponse(TypedDict, total=False):
    """``upload_file``."""

    url: str


class CreateCustomerResponse(TypedDict, total=False):
    """``create_customer`` (3.3–3.5)."""

    customer_id: str


class RoutingStatus(TypedDict, total=False):
    """An item of ``list_routing_statuses``."""

    agent_id: str
    status: str


class AgentForTransfer(TypedDict, total=False):
    """An item of ``list_agents_for_transfer``."""

    agent_id: str
    total_active_chats: int


class LicenseInfo(TypedDict, total=False):
    """``get_license_info`` (3.5)."""

    license_id: Union[int, str]
    expires_at: str
    created_at: str
    in_trial: bool


#: ``get_thread_transcript`` (undocumented; kept as sent).
ThreadTranscript = dict[str, Any]
