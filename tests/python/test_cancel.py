"""Cancellation: ``task.cancel()`` and ``asyncio.wait_for`` stop the request, and nothing is
retried afterwards."""

from __future__ import annotations

import asyncio

import pytest

import livechat_client
from livechat_client import _bridge
from livechat_client.testing import Emulator


async def test_wait_for_cancels_the_request(emu: Emulator) -> None:
    emu.add_fault("list_chats", delay_ms=10_000, count=1)
    async with emu.client(max_retries=2) as a:
        emu.clear_requests()
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(a.list_chats(), 0.2)
        bridge = _bridge.for_loop(asyncio.get_running_loop())
        assert bridge.native.pending() == 0
        # The next call goes through at once: the slow one holds nothing.
        await a.list_chats()
        actions = [r["action"] for r in emu.requests()]
        assert actions == ["list_chats", "list_chats"], "the cancelled read was not retried"


async def test_task_cancel_stops_a_write_without_replay(emu: Emulator) -> None:
    async with emu.client(max_retries=2) as a:
        chat = await a.start_chat()
        emu.add_fault("send_event", delay_ms=10_000, count=1)
        emu.clear_requests()
        task = asyncio.create_task(a.send_event(chat["chat_id"], {"type": "message", "text": "x"}))
        while not emu.requests():
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await a.follow_chat(chat["chat_id"])
        assert [r["action"] for r in emu.requests()] == ["send_event", "follow_chat"]


async def test_many_cancellations_leave_nothing_behind(emu: Emulator) -> None:
    emu.add_fault("list_chats", delay_ms=5_000, count=200)
    async with emu.client() as a:
        tasks = [asyncio.create_task(a.list_chats()) for _ in range(200)]
        await asyncio.sleep(0.05)
        for t in tasks:
            t.cancel()
        results = await asyncio.gather(*tasks, return_exceptions=True)
        assert all(isinstance(r, asyncio.CancelledError) for r in results)
        assert _bridge.for_loop(asyncio.get_running_loop()).native.pending() == 0
        emu.clear_faults()
        await a.list_chats()


async def test_aclose_ends_calls_in_flight(emu: Emulator) -> None:
    emu.add_fault("list_chats", delay_ms=10_000, count=1)
    a = emu.client()
    task = asyncio.create_task(a.list_chats())
    await asyncio.sleep(0.05)
    await a.aclose()
    with pytest.raises(livechat_client.ClosedError):
        await task


async def test_cancelling_an_iteration_stops_its_page_request(emu: Emulator) -> None:
    # iter_* pages go through the core's pager on the same bridge as calls: a cancelled page
    # stops its request, and the client is free for the next iteration.
    async with emu.client(max_retries=2) as a:
        for _ in range(3):
            chat = await a.start_chat()
            await a.deactivate_chat(chat["chat_id"])
        pages = a.iter_chats(limit=1)
        first = await pages.__anext__()
        emu.add_fault("list_chats", delay_ms=10_000, count=1)
        emu.clear_requests()
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(pages.__anext__(), 0.2)
        assert _bridge.for_loop(asyncio.get_running_loop()).native.pending() == 0
        assert [r["action"] for r in emu.requests()] == ["list_chats"], "the cancelled page was not retried"
        ids = [c["id"] async for c in a.iter_chats(limit=1)]
        assert ids[0] == first["id"] and len(ids) == 3


async def test_an_iteration_asks_the_token_getter_for_every_page(emu: Emulator) -> None:
    asked: list[bool] = []

    async def getter(refresh: bool) -> str:
        asked.append(refresh)
        return emu.token

    async with emu.client(token_getter=getter) as a:
        for _ in range(3):
            await a.start_chat()
        assert len([c async for c in a.iter_chats(limit=1)]) == 3
    assert len(asked) == 3 + 3
