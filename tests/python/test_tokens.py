"""Token getters: plain and async functions, asked per request in the caller's context; failures
become TokenError with the original exception as ``__cause__``; a 401 asks for a fresh token."""

from __future__ import annotations

import contextvars

import pytest

import livechat_client
from livechat_client.testing import Emulator

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="unset")


async def test_a_sync_getter_is_asked_per_request(emu: Emulator) -> None:
    calls: list[int] = []

    def getter() -> str:
        calls.append(1)
        return emu.token

    async with emu.client(token_getter=getter) as a:
        await a.list_chats()
        await a.list_chats()
    assert len(calls) == 2


async def test_an_async_getter_returning_a_token_object(emu: Emulator) -> None:
    async def getter() -> livechat_client.Token:
        return emu.pat

    async with emu.client(token_getter=getter) as a:
        await a.list_chats()
    assert emu.requests()[-1]["auth_scheme"] == "Basic"


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_the_getter_sees_the_callers_contextvars(emu: Emulator, kind: str) -> None:
    seen: list[str] = []

    def sync_getter() -> str:
        seen.append(request_id.get())
        return emu.token

    async def async_getter() -> str:
        seen.append(request_id.get())
        return emu.token

    async with emu.client(token_getter=sync_getter if kind == "sync" else async_getter) as a:
        request_id.set("req-1")
        await a.list_chats()
        request_id.set("req-2")
        await a.list_chats()
    assert seen == ["req-1", "req-2"]


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_a_raising_getter_is_a_token_error_with_cause(emu: Emulator, kind: str) -> None:
    def sync_getter() -> str:
        raise KeyError("vault down")

    async def async_getter() -> str:
        raise KeyError("vault down")

    emu.clear_requests()
    async with emu.client(token_getter=sync_getter if kind == "sync" else async_getter) as a:
        with pytest.raises(livechat_client.TokenError) as info:
            await a.list_chats()
    assert isinstance(info.value.__cause__, KeyError)
    assert "vault down" in str(info.value)
    assert emu.requests() == []


async def test_a_getter_returning_garbage_is_a_token_error(emu: Emulator) -> None:
    async with emu.client(token_getter=lambda: 42) as a:
        with pytest.raises(livechat_client.TokenError) as info:
            await a.list_chats()
    assert isinstance(info.value.__cause__, TypeError)


async def test_a_401_asks_again_with_refresh_and_retries_once(emu: Emulator) -> None:
    refreshes: list[bool] = []

    def getter(refresh: bool) -> str:
        refreshes.append(refresh)
        return emu.token

    emu.add_fault("list_chats", status=401, count=1, error={"type": "authentication", "message": "Invalid access token"})
    async with emu.client(token_getter=getter, max_retries=0) as a:
        await a.list_chats()
    assert refreshes == [False, True]
