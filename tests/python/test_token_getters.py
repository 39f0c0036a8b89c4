"""Token getters under stress and misuse: a token request nobody waits for any more cancels its
getter task; concurrent calls share one getter call (single flight); a bad answer fails the call
at once without the token reaching any log; KeyboardInterrupt and SystemExit raised by a getter
leave the loop as asyncio does for callbacks, and CancelledError cancels the call."""

from __future__ import annotations

import asyncio
import gc
import time
import warnings
from collections.abc import Callable
from typing import Any

import pytest

import livechat_client
from livechat_client import _bridge
from livechat_client.testing import Emulator

SECRET = "dal:s3cr3t-T0KEN-tail"


def other_tasks() -> list[asyncio.Task[Any]]:
    """The pending tasks of this loop besides the test's own."""
    return [t for t in asyncio.all_tasks() if not t.done() and t is not asyncio.current_task()]


async def settle(condition: Callable[[], bool], seconds: float = 2.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        await asyncio.sleep(0.01)


# ---- C: abandoned token requests, single flight ------------------------------------------------


async def test_abandoned_token_requests_cancel_their_getter_tasks(emu: Emulator) -> None:
    running = 0

    async def hanging_getter() -> str:
        nonlocal running
        running += 1
        try:
            await asyncio.sleep(3600)
            return emu.token
        finally:
            running -= 1

    async with emu.client(token_getter=hanging_getter, token_timeout=0.05) as a:
        results = await asyncio.gather(*(a.list_chats() for _ in range(1000)), return_exceptions=True)
        assert all(isinstance(r, livechat_client.TokenError) for r in results), {type(r) for r in results}
        cancelled = [asyncio.create_task(a.list_chats()) for _ in range(100)]
        await asyncio.sleep(0.02)  # every call is waiting for its token
        assert running > 0
        for t in cancelled:
            t.cancel()
        await asyncio.gather(*cancelled, return_exceptions=True)
        await settle(lambda: running == 0 and not other_tasks())
        assert running == 0, f"{running} getter calls still pending"
        assert other_tasks() == []
        assert _bridge.for_loop(asyncio.get_running_loop()).native.pending() == 0
    assert emu.requests() == []


async def test_concurrent_calls_share_one_getter_call(emu: Emulator) -> None:
    """Needs the core's single-flight token getters (core commit "core: call deadline…")."""
    calls = 0

    async def getter() -> str:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.2)
        return emu.token

    async with emu.client(token_getter=getter) as a:
        await asyncio.gather(*(a.list_routing_statuses() for _ in range(100)))
    assert calls == 1
    assert len(emu.requests()) == 100


async def test_a_token_request_abandoned_before_its_getter_ran_leaves_no_coroutine_behind(emu: Emulator) -> None:
    started = 0

    async def getter() -> str:
        nonlocal started
        started += 1
        return emu.token

    async with emu.client(token_getter=getter, token_timeout=0.01) as a:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            call = asyncio.ensure_future(a.list_chats())
            await asyncio.sleep(0)  # submitted: the token request is queued
            time.sleep(0.1)  # …and abandoned (token_timeout) before the loop drains it
            with pytest.raises(livechat_client.TokenError, match="did not answer"):
                await call
            await asyncio.sleep(0.01)
            gc.collect()
    assert started == 0
    assert [str(w.message) for w in caught] == []


@pytest.mark.parametrize(
    ("kind", "when"),
    [("sync", "before-the-getter-runs"), ("async", "before-the-getter-runs"), ("async", "while-the-getter-runs")],
)
async def test_cancelling_the_first_of_two_calls_does_not_fail_the_second(
    emu: Emulator, kind: str, when: str
) -> None:
    """Needs the core's single-flight token getters: the two calls share one token request, which
    the first call asked for."""
    started = asyncio.Event()
    release = asyncio.Event()

    def sync_getter() -> str:
        return emu.token

    async def async_getter() -> str:
        started.set()
        await release.wait()
        return emu.token

    async with emu.client(token_getter=sync_getter if kind == "sync" else async_getter) as a:
        first = asyncio.create_task(a.list_routing_statuses())
        second = asyncio.create_task(a.list_routing_statuses())
        await asyncio.sleep(0)  # both calls are submitted
        if when == "before-the-getter-runs":
            time.sleep(0.05)  # the token request waits in the queue, not yet drained
        else:
            await asyncio.wait_for(started.wait(), 5)
        first.cancel()
        await asyncio.sleep(0.05)
        release.set()
        assert await asyncio.wait_for(second, 5)
        with pytest.raises(asyncio.CancelledError):
            await first


# ---- E: bad answers fail at once and never reach a log ------------------------------------------


BAD_ANSWERS: dict[str, Callable[[], object]] = {
    "lone-surrogate": lambda: SECRET + "\ud800",
    "newline-inside": lambda: SECRET[:6] + "\n" + SECRET[6:],
    "nul": lambda: SECRET + "\x00",
    "bytes": lambda: SECRET.encode(),
    "token-with-surrogate": lambda: livechat_client.Token.bearer(SECRET + "\udfff"),
    "empty": lambda: "",
}


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("bad", list(BAD_ANSWERS))
async def test_a_bad_token_fails_the_call_at_once_and_is_never_logged(
    emu: Emulator, caplog: pytest.LogCaptureFixture, kind: str, bad: str
) -> None:
    loop = asyncio.get_running_loop()
    reported: list[dict[str, Any]] = []
    previous = loop.get_exception_handler()
    loop.set_exception_handler(lambda _loop, context: reported.append(context))

    def sync_getter() -> object:
        return BAD_ANSWERS[bad]()

    async def async_getter() -> object:
        return BAD_ANSWERS[bad]()

    caplog.set_level(1)
    try:
        async with emu.client(token_getter=sync_getter if kind == "sync" else async_getter, timeout=20) as a:
            started = time.monotonic()
            with pytest.raises(livechat_client.TokenError) as info:
                await a.list_chats()
            assert time.monotonic() - started < 1
        await asyncio.sleep(0.05)
    finally:
        loop.set_exception_handler(previous)
    assert reported == [], reported
    texts = [str(info.value), repr(info.value), str(info.value.__cause__), repr(info.value.__cause__)]
    texts += [r.getMessage() for r in caplog.records] + [str(r.exc_info) for r in caplog.records]
    for text in texts:
        assert "T0KEN" not in text and "tail" not in text, text
    assert emu.requests() == []


# ---- F: BaseExceptions ----------------------------------------------------------------------------


@pytest.mark.parametrize("exc", [KeyboardInterrupt, SystemExit])
def test_keyboard_interrupt_and_system_exit_in_a_getter_leave_the_loop(
    emu: Emulator, exc: type[BaseException]
) -> None:
    emu.reset()

    def getter() -> str:
        raise exc()

    loop = asyncio.new_event_loop()
    plain_calls: list[asyncio.Task[Any]] = []
    getter_call: list[asyncio.Task[Any]] = []

    async def main() -> None:
        plain = emu.client()
        with_getter = emu.client(token_getter=getter)
        getter_call.append(asyncio.ensure_future(with_getter.list_routing_statuses()))
        plain_calls.extend(asyncio.ensure_future(plain.list_routing_statuses()) for _ in range(20))
        await asyncio.sleep(0)  # every call is submitted
        time.sleep(0.3)  # the token request and all 20 answers wait in one batch
        await asyncio.sleep(5)

    try:
        with pytest.raises(exc):
            loop.run_until_complete(main())
        # The batch that raised was finished: the 20 answers were not lost…
        results = loop.run_until_complete(asyncio.wait_for(asyncio.gather(*plain_calls), 5))
        assert len(results) == 20 and all(results)
        # …and the call that needed the token was answered (not left hanging).
        with pytest.raises(livechat_client.TokenError, match=exc.__name__):
            loop.run_until_complete(asyncio.wait_for(getter_call[0], 5))
        assert _bridge.for_loop(loop).native.pending() == 0
    finally:
        for t in asyncio.all_tasks(loop):
            t.cancel()
        loop.run_until_complete(asyncio.sleep(0.01))
        loop.close()
    assert [r["action"] for r in emu.requests()] == ["list_routing_statuses"] * 20


def test_keyboard_interrupt_in_a_getter_ends_asyncio_run(emu: Emulator) -> None:
    emu.reset()

    def getter() -> str:
        raise KeyboardInterrupt

    async def main() -> None:
        async with emu.client(token_getter=getter) as a:
            await a.list_chats()

    with pytest.raises(KeyboardInterrupt):
        asyncio.run(main())
    assert emu.requests() == []


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_cancelled_error_in_a_getter_cancels_the_call(emu: Emulator, kind: str) -> None:
    def sync_getter() -> str:
        raise asyncio.CancelledError

    async def async_getter() -> str:
        raise asyncio.CancelledError

    async with emu.client(token_getter=sync_getter if kind == "sync" else async_getter) as a:
        call = asyncio.ensure_future(a.list_chats())
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(call, 5)
        assert call.cancelled()
        await settle(lambda: _bridge.for_loop(asyncio.get_running_loop()).native.pending() == 0)
        assert _bridge.for_loop(asyncio.get_running_loop()).native.pending() == 0
        # The client keeps working (after a moment: a new call could still join the getter
        # call that raised, whose answer the core has not collected yet).
        await asyncio.sleep(0.1)
        with pytest.raises(asyncio.CancelledError):
            await a.list_chats()
    assert emu.requests() == []

