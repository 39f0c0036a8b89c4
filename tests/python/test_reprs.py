"""reprs that help: an error's repr shows its kind, status, type and action besides the message;
a client whose construction failed still has a repr. And what a 3xx answer becomes."""

from __future__ import annotations

import pytest

import livechat_client
from livechat_client.testing import Emulator


async def test_an_api_errors_repr_shows_kind_status_type_and_action(agent: livechat_client.AgentWeb) -> None:
    with pytest.raises(livechat_client.NotFoundError) as info:
        await agent.get_chat("NO_SUCH_CHAT")
    text = repr(info.value)
    assert text.startswith("NotFoundError(kind='api', status=404, type='not_found', action='get_chat', message="), text
    assert repr(info.value.message) in text


def test_a_client_side_errors_repr_has_no_status() -> None:
    e = livechat_client.InvalidArgumentError("timeout must be a number")
    assert repr(e) == "InvalidArgumentError(kind='invalid_argument', message='timeout must be a number')"
    # Never initialised (unpickling, a subclass that skips __init__): still a repr.
    bare = livechat_client.ApiError.__new__(livechat_client.ApiError)
    assert repr(bare) == "ApiError(kind='api', message='')"


def test_a_half_constructed_clients_repr_does_not_raise() -> None:
    client = livechat_client.AgentWeb.__new__(livechat_client.AgentWeb)
    assert repr(client) == "<livechat_client.AgentWeb (not constructed)>"
    config = livechat_client.Configuration.__new__(livechat_client.Configuration)
    assert repr(config) == "<livechat_client.Configuration (not constructed)>"
    ok = livechat_client.AgentWeb("c", token="dal:t", version="3.5")
    assert repr(ok) == "<livechat_client.AgentWeb client_id='c' api_url='https://api.livechatinc.com' version='3.5'>"


async def test_a_3xx_answer_is_an_api_error_with_its_status(emu: Emulator) -> None:
    # The client follows no redirects (the API never redirects; a 3xx means a wrong api_url or a
    # proxy): the answer is an error of its own status.
    emu.add_fault("list_chats", status=302, body="", headers={"Location": "https://elsewhere.example/v3.6"})
    async with emu.client(max_retries=0) as agent:
        with pytest.raises(livechat_client.ApiError) as info:
            await agent.list_chats()
    assert info.value.status == 302


async def test_a_3xx_error_names_the_redirect_and_its_location(emu: Emulator) -> None:
    emu.add_fault("list_chats", status=302, body="", headers={"Location": "https://elsewhere.example/v3.6"})
    async with emu.client(max_retries=0) as agent:
        with pytest.raises(livechat_client.ApiError) as info:
            await agent.list_chats()
    assert "redirect" in str(info.value) and "https://elsewhere.example/v3.6" in str(info.value)
