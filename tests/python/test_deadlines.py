"""Timeouts that mean what they say: per-call ``timeout`` bounds the whole call (attempts, backoff
and ``Retry-After`` waits), ``attempt_timeout`` one attempt, and ``max_retries`` can be set per
call, on every method, ``call``, ``send``, ``upload_file`` and the ``iter_*`` helpers."""

from __future__ import annotations

import inspect
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

import livechat_client
from livechat_client.testing import Emulator

from canned import Answer, CannedServer


def statuses(emu: Emulator, action: str) -> list[int | None]:
    return [r["status"] for r in emu.requests() if r["action"] == action]


async def test_a_retry_after_longer_than_the_timeout_fails_at_once_with_retry_after(emu: Emulator) -> None:
    async with emu.client(max_retries=2) as a:
        chat = (await a.start_chat())["chat_id"]
        emu.add_fault("get_chat", status=429, headers={"Retry-After": "4"}, count=2)
        started = time.monotonic()
        with pytest.raises(livechat_client.RateLimitError) as info:
            await a.get_chat(chat, timeout=1)
        took = time.monotonic() - started
    assert took < 1.5, f"took {took:.2f}s; the two Retry-After waits alone are 8 s"
    assert info.value.retry_after == 4
    assert statuses(emu, "get_chat") == [429]


async def test_a_silent_server_is_bounded_by_the_call_timeout_not_per_attempt() -> None:
    async with CannedServer(lambda n, path, body: None) as server:
        async with livechat_client.AgentWeb("deadline", token="dal:deadline", api_url=server.url, max_retries=3) as a:
            started = time.monotonic()
            with pytest.raises(livechat_client.TimeoutError):
                await a.get_chat("C", timeout=1)  # a read: retried after a timeout, within 1 s
            took = time.monotonic() - started
    assert 0.9 <= took < 1.6, f"took {took:.2f}s (4 attempts of 1 s each would be 4 s)"


async def test_attempt_timeout_bounds_each_attempt_and_retries_fit_in_the_call() -> None:
    async with CannedServer(lambda n, path, body: None) as server:
        async with livechat_client.AgentWeb("deadline", token="dal:deadline", api_url=server.url) as a:
            started = time.monotonic()
            with pytest.raises(livechat_client.TimeoutError):
                await a.get_chat("C", timeout=5, attempt_timeout=0.2, max_retries=2)
            took = time.monotonic() - started
    assert len(server.requests) == 3
    assert took < 3, took


async def test_per_call_max_retries_zero_makes_exactly_one_request(emu: Emulator) -> None:
    async with emu.client(max_retries=2) as a:
        emu.add_fault("list_routing_statuses", status=500, count=5)
        with pytest.raises(livechat_client.InternalServerError):
            await a.list_routing_statuses(max_retries=0)
        assert statuses(emu, "list_routing_statuses") == [500]
        emu.clear_requests()
        with pytest.raises(livechat_client.InternalServerError):
            await a.list_routing_statuses(max_retries=1)
        assert statuses(emu, "list_routing_statuses") == [500, 500]


def _every_entry_point(a: livechat_client.AgentWeb) -> list[tuple[str, Callable[..., Awaitable[Any]]]]:
    async def first(it: Any) -> Any:
        async for item in it:
            return item
        return None

    return [
        ("list_routing_statuses", lambda **o: a.list_routing_statuses(**o)),
        ("call", lambda **o: a.call("list_routing_statuses", {}, **o)),
        ("send", lambda **o: a.send("list_routing_statuses", {}, **o)),
        ("upload_file", lambda **o: a.upload_file(b"x", "x.txt", **o)),
        ("iter_chats", lambda **o: first(a.iter_chats(**o))),
    ]


async def test_every_entry_point_takes_the_per_call_options() -> None:
    def answer(n: int, path: str, body: bytes) -> Answer:
        return 500, {}, b'{"error":{"type":"internal","message":"boom"}}'

    async with CannedServer(answer) as server:
        async with livechat_client.AgentWeb("deadline", token="dal:deadline", api_url=server.url, max_retries=2) as a:
            for name, run in _every_entry_point(a):
                before = len(server.requests)
                with pytest.raises(livechat_client.InternalServerError):
                    await run(timeout=10, attempt_timeout=5, max_retries=0)
                assert len(server.requests) - before == 1, name
    for name in livechat_client.METHOD_NAMES:
        params = inspect.signature(getattr(livechat_client.AgentWeb, name)).parameters
        for option in ("timeout", "attempt_timeout", "max_retries"):
            assert params[option].kind is inspect.Parameter.KEYWORD_ONLY, (name, option)
        assert "retries and waits included" in (getattr(livechat_client.AgentWeb, name).__doc__ or ""), name


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"timeout": 0}, "timeout"),
        ({"timeout": -1}, "timeout"),
        ({"attempt_timeout": 0}, "attempt_timeout"),
        ({"max_retries": 11}, "max_retries"),
        ({"max_retries": -1}, "max_retries"),
    ],
)
async def test_bad_per_call_options_are_refused_naming_them(
    agent: livechat_client.AgentWeb, options: dict[str, Any], match: str
) -> None:
    with pytest.raises(livechat_client.InvalidArgumentError, match=match):
        await agent.list_routing_statuses(**options)


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"max_retries": 11}, "max_retries"),
        ({"attempt_timeout": -1}, "attempt_timeout"),
        ({"max_connections": 0}, "max_connections"),
        ({"pool_idle_timeout": -1}, "pool_idle_timeout"),
    ],
)
def test_bad_client_options_are_refused_naming_them(options: dict[str, Any], match: str) -> None:
    with pytest.raises(livechat_client.InvalidArgumentError, match=match):
        livechat_client.AgentWeb("c", token="dal:t", **options)
