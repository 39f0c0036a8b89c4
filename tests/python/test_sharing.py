"""Configuration.sharing(agent) / AgentWeb.sharing(config): a client of the other API with the same
token source (one getter call for concurrent calls of both), options and pool; closing one leaves
the other working."""

from __future__ import annotations

import asyncio

import pytest

import livechat_client
from livechat_client.testing import Emulator


async def test_one_getter_call_serves_concurrent_calls_of_both_clients(emu: Emulator) -> None:
    calls = 0

    async def getter() -> str:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.2)
        return emu.token

    async with emu.client(token_getter=getter) as agent:
        config = livechat_client.Configuration.sharing(agent)
        await asyncio.gather(
            *(agent.list_routing_statuses() for _ in range(50)), *(config.list_bots() for _ in range(50))
        )
        await config.aclose()
    assert calls == 1
    paths = [r["path"] for r in emu.requests()]
    assert sum("/configuration/" in p for p in paths) == 50 and sum("/agent/" in p for p in paths) == 50


async def test_two_clients_built_apart_ask_their_getters_apart(emu: Emulator) -> None:
    # The control of the test above: without sharing, each client has its own single flight.
    calls = 0

    async def getter() -> str:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.2)
        return emu.token

    async with emu.client(token_getter=getter) as agent, emu.configuration(token_getter=getter) as config:
        await asyncio.gather(agent.list_routing_statuses(), config.list_bots())
    assert calls == 2


async def test_the_shared_client_speaks_its_own_api_with_the_same_options(emu: Emulator) -> None:
    async with emu.client("shared-id", version="3.5", region="dal") as agent:
        config = livechat_client.Configuration.sharing(agent)
        assert isinstance(config, livechat_client.Configuration)
        assert (config.type, config.client_id, config.version, config.api_url, config.region) == (
            "configuration",
            "shared-id",
            "3.5",
            agent.api_url,
            "dal",
        )
        await config.list_bots()
        assert emu.requests()[-1]["path"] == "/v3.5/configuration/action/list_bots"
        back = livechat_client.AgentWeb.sharing(config)
        assert back.type == "agent"
        await back.list_chats()
        await config.aclose()
        await back.aclose()


async def test_closing_one_leaves_the_other_working(emu: Emulator) -> None:
    async with emu.configuration() as config:
        agent = livechat_client.AgentWeb.sharing(config)
        await agent.aclose()
        assert agent.closed and not config.closed
        with pytest.raises(livechat_client.ClosedError):
            await agent.list_chats()
        await config.list_bots()
        again = livechat_client.AgentWeb.sharing(config)
    assert config.closed and not again.closed
    await again.list_chats()
    await again.aclose()


def test_sharing_needs_a_client() -> None:
    with pytest.raises(livechat_client.InvalidArgumentError, match="not str"):
        livechat_client.Configuration.sharing("dal:token")  # type: ignore[arg-type]
