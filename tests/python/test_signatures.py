"""Parameter types are decided per method and parameter: documented string values become
``Literal`` types, and a name that means different things in different methods gets each
method's type."""

from __future__ import annotations

from typing import Any, Literal, Optional, get_type_hints

import livechat_client
from livechat_client import config_types as ct
from livechat_client import types as t


def hints(cls: type, method: str) -> dict[str, Any]:
    return get_type_hints(getattr(cls, method))


def test_send_typing_indicator_takes_an_audience_not_multicast_recipients() -> None:
    h = hints(livechat_client.AgentWeb, "send_typing_indicator")
    assert h["recipients"] == Optional[Literal["all", "agents"]]
    assert h["visibility"] == Optional[Literal["all", "agents"]]
    assert hints(livechat_client.AgentWeb, "multicast")["recipients"] == t.MulticastRecipients


def test_documented_choices_are_literals() -> None:
    assert hints(livechat_client.AgentWeb, "list_chats")["sort_order"] == Optional[Literal["asc", "desc"]]
    assert hints(livechat_client.AgentWeb, "iter_chats")["sort_order"] == Optional[Literal["asc", "desc"]]
    assert hints(livechat_client.AgentWeb, "set_routing_status")["status"] == Literal[
        "accepting_chats", "not_accepting_chats", "offline"
    ]
    assert hints(livechat_client.Configuration, "register_webhook")["type"] == Literal["bot", "license"]
    # Strings without documented values stay str.
    assert hints(livechat_client.AgentWeb, "send_event")["chat_id"] is str


def test_configuration_methods_return_their_typed_dicts() -> None:
    assert hints(livechat_client.Configuration, "create_bot")["return"] == ct.CreateBotResponse
    assert hints(livechat_client.Configuration, "list_webhooks")["return"] == list[ct.Webhook]
    assert hints(livechat_client.Configuration, "list_properties")["return"] == dict[str, ct.PropertyConfig]
    assert hints(livechat_client.Configuration, "delete_bot")["return"] == t.Empty
