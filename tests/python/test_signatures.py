"""Parameter types are decided per method and parameter: documented string values become
``Literal`` types, and a name that means different things in different methods gets each
method's type."""

from __future__ import annotations

from typing import Any, Literal, Optional, get_type_hints

import livechat
from livechat import config_types as ct
from livechat import types as t


def hints(cls: type, method: str) -> dict[str, Any]:
    return get_type_hints(getattr(cls, method))


def test_send_typing_indicator_takes_an_audience_not_multicast_recipients() -> None:
    h = hints(livechat.AgentWeb, "send_typing_indicator")
    assert h["recipients"] == Optional[Literal["all", "agents"]]
    assert h["visibility"] == Optional[Literal["all", "agents"]]
    assert hints(livechat.AgentWeb, "multicast")["recipients"] == t.MulticastRecipients


def test_documented_choices_are_literals() -> None:
    assert hints(livechat.AgentWeb, "list_chats")["sort_order"] == Optional[Literal["asc", "desc"]]
    assert hints(livechat.AgentWeb, "iter_chats")["sort_order"] == Optional[Literal["asc", "desc"]]
    assert hints(livechat.AgentWeb, "set_routing_status")["status"] == Literal[
        "accepting_chats", "not_accepting_chats", "offline"
    ]
    assert hints(livechat.Configuration, "register_webhook")["type"] == Literal["bot", "license"]
    # Strings without documented values stay str.
    assert hints(livechat.AgentWeb, "send_event")["chat_id"] is str


def test_configuration_methods_return_their_typed_dicts() -> None:
    assert hints(livechat.Configuration, "create_bot")["return"] == ct.CreateBotResponse
    assert hints(livechat.Configuration, "list_webhooks")["return"] == list[ct.Webhook]
    assert hints(livechat.Configuration, "list_properties")["return"] == dict[str, ct.PropertyConfig]
    assert hints(livechat.Configuration, "delete_bot")["return"] == t.Empty
