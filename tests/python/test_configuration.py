"""``livechat_client.Configuration``: the Configuration API from Python against the emulator — a bot
created, given a token and chatting through an ``AgentWeb``; webhooks; the other API's methods
and too-old versions refused before any request."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

import livechat_client
from livechat_client.testing import Emulator


@pytest.fixture
async def config(emu: Emulator) -> AsyncIterator[livechat_client.Configuration]:
    async with emu.configuration(max_retries=0) as c:
        yield c


async def test_a_bot_created_and_given_a_token_chats_as_itself(
    config: livechat_client.Configuration, emu: Emulator
) -> None:
    assert config.type == "configuration"
    bot = await config.create_bot("Helper", owner_client_id=emu.client_id)
    assert bot["id"] and bot["secret"]
    bots = await config.list_bots()
    assert isinstance(bots, list)
    assert bot["id"] in [b["id"] for b in bots]
    issued = await config.issue_bot_token(bot["id"], emu.client_id, bot["secret"], emu.organization_id)
    async with livechat_client.AgentWeb(emu.client_id, token=issued["token"], region="dal", api_url=emu.url) as as_bot:
        chat = await as_bot.start_chat()
        sent = await as_bot.send_event(chat["chat_id"], {"type": "message", "text": "beep", "visibility": "all"})
        got = await as_bot.get_chat(chat["chat_id"])
    events = got["thread"]["events"]
    mine = [e for e in events if e["id"] == sent["event_id"]]
    assert len(mine) == 1
    assert mine[0]["author_id"] == bot["id"]


async def test_webhooks_round_trip(config: livechat_client.Configuration, emu: Emulator) -> None:
    registered = await config.register_webhook(
        "incoming_chat",
        "s3cret-key",
        "https://example.test/hook",
        owner_client_id=emu.client_id,
        type="license",
    )
    hooks = await config.list_webhooks(emu.client_id)
    assert isinstance(hooks, list)
    assert [h["id"] for h in hooks] == [registered["id"]]
    assert hooks[0]["url"] == "https://example.test/hook"
    assert hooks[0]["action"] == "incoming_chat"
    await config.unregister_webhook(registered["id"], emu.client_id)
    assert await config.list_webhooks(emu.client_id) == []


async def test_iter_greetings_walks_every_page(config: livechat_client.Configuration) -> None:
    rules = [{"condition": "and", "type": "visit_time_site", "value": "30"}]
    for i in range(3):
        await config.create_greeting("normal", True, name=f"g{i}", group=0, rules=rules)
    first = await config.list_greetings(limit=1)
    assert len(first["greetings"]) == 1 and first["next_page_id"]
    assert [g["name"] async for g in config.iter_greetings(limit=1)] == ["g0", "g1", "g2"]


async def test_generic_call_and_send_reach_the_configuration_api(
    config: livechat_client.Configuration, emu: Emulator
) -> None:
    bot = await config.call("create_bot", {"name": "Raw", "owner_client_id": emu.client_id})
    got = await config.send("get_bot", {"id": bot["id"]})
    assert got["name"] == "Raw"


async def test_a_method_of_the_agent_chat_api_is_refused_naming_it(
    config: livechat_client.Configuration, emu: Emulator, agent: livechat_client.AgentWeb
) -> None:
    emu.clear_requests()
    with pytest.raises(livechat_client.UnsupportedMethodError, match="start_chat") as e:
        await config.call("start_chat")
    assert "agent" in str(e.value).lower()
    with pytest.raises(livechat_client.UnsupportedMethodError, match="create_bot"):
        await agent.call("create_bot", {"name": "x"})
    assert emu.requests() == []


async def test_issue_bot_token_is_refused_on_3_3_naming_3_5(emu: Emulator) -> None:
    async with emu.configuration(version="3.3") as old:
        assert old.version == "3.3"
        with pytest.raises(livechat_client.UnsupportedMethodError, match="issue_bot_token") as e:
            await old.issue_bot_token("bot", emu.client_id, "secret", emu.organization_id)
    assert "3.5" in str(e.value)


async def test_options_and_errors_are_those_of_agent_web(emu: Emulator) -> None:
    with pytest.raises(livechat_client.InvalidArgumentError):
        livechat_client.Configuration("x", api_url=emu.url)
    async with emu.configuration(timeout=5, max_connections=2) as c:
        assert repr(c).startswith("<livechat_client.Configuration ")
        with pytest.raises(livechat_client.NotFoundError):
            await c.get_bot("no-such-bot", timeout=2, attempt_timeout=1, max_retries=0)
        with pytest.raises(livechat_client.InvalidArgumentError, match="max_retries"):
            await c.list_bots(max_retries=11)
    assert c.closed
    with pytest.raises(livechat_client.ClosedError):
        await c.list_bots()


async def test_a_token_getter_serves_configuration_calls(emu: Emulator) -> None:
    asked: list[bool] = []

    async def getter(refresh: bool) -> str:
        asked.append(refresh)
        return emu.token

    async with livechat_client.Configuration("x", token_getter=getter, api_url=emu.url) as c:
        assert await c.list_webhooks(emu.client_id) == []
    assert asked == [False]


def test_every_method_of_the_table_is_a_method() -> None:
    table = livechat_client.method_table()
    surface = next(s for s in table["surfaces"] if s["name"] == "configuration")
    names = [m["name"] for m in surface["methods"]]
    assert tuple(names) == livechat_client.CONFIGURATION_METHOD_NAMES
    for name in names:
        assert callable(getattr(livechat_client.Configuration, name)), name
        assert getattr(livechat_client.Configuration, name).__doc__
