"""The Agent Chat API TypedDicts declare what the API answers in each version: every key of the
emulator's `list_chats` and `get_chat` answers (3.3's event `recipients`, 3.7's chat summary
`last_thread_info`) is a declared key of the method's return type."""

from __future__ import annotations

from typing import Any, get_type_hints

import pytest

import livechat_client
from livechat_client import types as t
from livechat_client.testing import Emulator

from test_config_types import undeclared


def returns(method: str) -> Any:
    return get_type_hints(getattr(livechat_client.AgentWeb, method))["return"]


@pytest.mark.parametrize("version", ["3.3", "3.7"])
async def test_every_key_of_list_chats_and_get_chat_is_declared(emu: Emulator, version: str) -> None:
    event: dict[str, Any] = {"type": "message", "text": "hi"}
    event["recipients" if version == "3.3" else "visibility"] = "all"
    async with emu.client(version=version) as agent:
        chat_id = (await agent.start_chat())["chat_id"]
        await agent.send_event(chat_id, event)
        listed = await agent.list_chats()
        chat = await agent.get_chat(chat_id)
    summaries = listed.get("chats_info", []) if version == "3.7" else listed.get("chats_summary", [])
    assert summaries
    if version == "3.7":
        assert "last_thread_info" in summaries[0]
    else:
        assert chat["thread"]["events"][0]["recipients"] == "all"
    problems = undeclared(dict(listed), returns("list_chats"), "list_chats")
    problems += undeclared(dict(chat), returns("get_chat"), "get_chat")
    assert not problems, problems


def test_the_3_7_summary_types_its_last_thread() -> None:
    hints = get_type_hints(t.ChatSummary)
    assert hints["last_thread_info"] is t.LastThreadInfo
    assert get_type_hints(t.Event)["recipients"] is str
