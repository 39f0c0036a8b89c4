"""Secrets never reach Python's logs, reprs or exceptions: with the ``livechat_client`` logger at level 1
(everything the core logs, TRACE included) and a capturing handler, a run of calls exercising
successes, retries (429, 503, 500, dropped connections), a 401 refresh, a misdirected request,
timeouts, cancellation, a closed client, token getters (sync, async, refreshing, raising, hanging,
returning CR/LF), a personal access token and an upload is searched for recognisable tokens."""

from __future__ import annotations

import asyncio
import base64
import logging
import traceback
from collections.abc import Iterator
from typing import Any

import pytest

import livechat_client
from livechat_client import _native
from livechat_client.testing import Emulator

SECRET = "PYS3CRET-bearer-Qz81xWv"
SECRET_PAT = "PYS3CRET-pat-Jk27fHn"
ACCOUNT = "c9a1e6f4-2b7d-4e3a-9f10-5d8c7b6a5e41"


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=1)
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.texts.append(f"{record.levelno} {record.name} {record.getMessage()}")
        if record.exc_info:
            self.texts.append("".join(traceback.format_exception(*record.exc_info)))


@pytest.fixture
def capture() -> Iterator[Capture]:
    logger = logging.getLogger("livechat_client")
    handler = Capture()
    old = logger.level
    logger.setLevel(1)
    logger.addHandler(handler)
    _native.flush_logs()  # picks up the new level
    try:
        yield handler
    finally:
        _native.flush_logs()
        logger.removeHandler(handler)
        logger.setLevel(old)
        _native.flush_logs()


def texts_of(e: BaseException) -> list[str]:
    out = [str(e), repr(e), "".join(traceback.format_exception(e))]
    if e.__cause__ is not None:
        out += [str(e.__cause__), repr(e.__cause__)]
    return out


async def exercise(emu: Emulator, seen: list[str]) -> None:
    """Runs every path that handles a credential; appends reprs and error texts to ``seen``."""
    token = f"dal:{SECRET}"
    async with emu.client(token=token) as a:
        seen.append(repr(a))
        chat = (await a.start_chat())["chat_id"]
        await a.send_event(chat, {"type": "message", "text": "hello", "visibility": "all"})
        await a.upload_file(b"bytes", "a.txt")
        emu.add_fault("send_event", status=429, headers={"Retry-After": "0.01"})
        emu.add_fault("send_event", status=429)
        emu.add_fault("get_chat", status=500)
        emu.add_fault("get_chat", drop=True)
        await a.send_event(chat, {"type": "message", "text": "retried", "visibility": "all"})
        await a.get_chat(chat)
        emu.add_fault("list_chats", delay_ms=400)
        try:
            await a.list_chats(timeout=0.1)
        except livechat_client.TimeoutError as e:
            seen += texts_of(e)
        for call in (a.get_chat("NOSUCHCHAT"), a.send("list_chats", {"no_such_field": 1})):
            try:
                await call
            except livechat_client.ApiError as e:
                seen += texts_of(e)
        emu.add_fault("list_agents_for_transfer", delay_ms=2000)
        task = asyncio.create_task(a.send("list_agents_for_transfer", {"chat_id": chat}))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 10
        while not any(r["action"] == "list_agents_for_transfer" for r in emu.requests()):
            assert loop.time() < deadline, "the call never reached the emulator"
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    try:
        await a.list_chats()
    except livechat_client.ClosedError as e:
        seen += texts_of(e)

    emu.add_fault(
        "list_routing_statuses", status=421,
        error={"type": "misdirected_request", "message": "Wrong region", "data": {"region": "dal"}},
    )
    async with emu.client(token=token, region="fra") as a:
        await a.list_routing_statuses()

    def refreshing(refresh: bool) -> str:
        return token if refresh else f"{token}-expired"

    async def async_getter() -> str:
        return token

    async with emu.client(token_getter=refreshing) as a:
        await a.list_chats()
    async with emu.client(token_getter=async_getter) as a:
        await a.list_chats()

    release = asyncio.Event()

    async def hanging() -> str:
        await release.wait()
        return token

    def raising() -> str:
        raise PermissionError("vault sealed")

    def crlf() -> str:
        return f"{token}\r\nX-Evil: 1"

    try:
        getters: list[tuple[livechat_client.TokenGetter, float | None]] = [(hanging, 0.1), (raising, None), (crlf, None)]
        for getter, timeout in getters:
            async with emu.client(token_getter=getter, timeout=timeout) as a:
                try:
                    await a.list_chats()
                except livechat_client.TokenError as e:
                    seen += texts_of(e)
    finally:
        release.set()
    try:
        livechat_client.AgentWeb("c", token=f"{token}\n")
    except livechat_client.InvalidArgumentError as e:
        seen += texts_of(e)

    pat = livechat_client.Token.pat(ACCOUNT, SECRET_PAT)
    seen += [repr(pat), str(pat), repr(livechat_client.Token.bearer(token))]
    async with emu.client(token=pat) as a:
        seen.append(repr(a))
        await a.list_routing_statuses()
    async with emu.client(token=livechat_client.Token.pat(ACCOUNT, f"{SECRET_PAT}-wrong")) as a:
        try:
            await a.list_chats()
        except livechat_client.AuthenticationError as e:
            seen += texts_of(e)


async def test_no_secret_in_logs_reprs_or_errors(capture: Capture) -> None:
    seen: list[str] = []
    async with Emulator(token=f"dal:{SECRET}", pat=(ACCOUNT, SECRET_PAT)) as emu:
        await exercise(emu, seen)
        async with Emulator(token=f"dal:{SECRET}", pat=(ACCOUNT, SECRET_PAT), tls=True) as tls:
            seen.append(repr(tls.client(token=f"dal:{SECRET}")))
            async with tls.client(token=f"dal:{SECRET}") as a:
                await a.list_chats()
    _native.flush_logs()
    logs = capture.texts
    joined = "\n".join(logs)
    for needle in ("retrying", "call succeeded", "token rejected", "wrong region", "attempt failed"):
        assert needle in joined, f"{needle!r} missing: the capture did not see the core's logs"
    basic = base64.b64encode(f"{ACCOUNT}:{SECRET_PAT}".encode()).decode()
    for secret in (SECRET, SECRET_PAT, basic):
        leaked: list[Any] = [t for t in logs + seen if secret in t]
        assert not leaked, f"a secret leaked: {leaked[:3]}"
    print(f"\nsecrets (python): {len(logs)} log records and {len(seen)} reprs/errors checked")
