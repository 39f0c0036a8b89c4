"""The fault suite from Python: every fault the client must survive, with the exact exception
class, the number of requests the server saw and, for writes, the events stored (never a
duplicate, never one lost silently). Socket-level faults come from a misbehaving asyncio server
on 127.0.0.1; API-level faults from the emulator's fault injection.

Rules (design §3): reads are retried after 5xx, timeouts and broken answers; writes only when the
server certainly did nothing (refused connection, the API's own 429). No 5xx replays a write."""

from __future__ import annotations

import asyncio
import socket
import struct
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

import livechat_client
from livechat_client.testing import Emulator

MESSAGE = {"type": "message", "visibility": "all"}


def msg(text: str) -> dict[str, Any]:
    return {**MESSAGE, "text": text}


def statuses(emu: Emulator, action: str) -> list[int | None]:
    """The statuses the emulator answered to ``action``, in order (``None``: dropped)."""
    return [r["status"] for r in emu.requests() if r["action"] == action]


def stored(emu: Emulator, chat_id: str, text: str) -> int:
    """How many stored events of ``chat_id`` carry ``text``."""
    return sum(
        1
        for c in emu.state()["chats"]
        if c["id"] == chat_id
        for t in c["threads"]
        for e in t["events"]
        if e.get("text") == text
    )


# ---- a misbehaving server -----------------------------------------------------------------------


class RawServer:
    """An HTTP/1.1 server written at the socket level that misbehaves in one chosen way after
    reading each complete request. ``requests`` counts the complete requests it received."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.requests = 0
        self.body_bytes_written = 0
        self.url = ""
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> RawServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for w in list(self._writers):
                w.transport.abort()
            await self._server.wait_closed()

    @staticmethod
    def _head(status: int, length: int) -> bytes:
        return f"HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {length}\r\n\r\n".encode()

    async def _read_request(self, reader: asyncio.StreamReader) -> bool:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError):
            return False
        length = 0
        for line in head.decode("latin-1").split("\r\n"):
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
        try:
            await reader.readexactly(length)
        except (asyncio.IncompleteReadError, ConnectionError):
            return False
        self.requests += 1
        return True

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            while await self._read_request(reader):
                if not await self._answer(reader, writer):
                    break
        except ConnectionError:
            pass
        finally:
            self._writers.discard(writer)
            writer.close()

    async def _answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        """Misbehaves; returns whether the connection stays open for another request."""
        if self.mode == "hang":
            await reader.read()  # until the client gives up
            return False
        if self.mode == "reset":
            writer.write(self._head(200, 1000) + b'{"event_id":')
            await writer.drain()
            sock = writer.get_extra_info("socket")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()
            return False
        if self.mode == "slow":
            body = b'{"event_id":"E1"}'
            writer.write(self._head(200, len(body)))
            for b in body:
                await asyncio.sleep(0.1)
                writer.write(bytes([b]))
                await writer.drain()
                self.body_bytes_written += 1
            return True
        if self.mode == "truncated":
            writer.write(self._head(200, 200) + b'{"event_id":"E')
            await writer.drain()
            return False
        if self.mode == "cut-json":
            body = b'{"event_id":"E'
            writer.write(self._head(200, len(body)) + body)
            await writer.drain()
            return True
        if self.mode == "endless":
            writer.write(b"HTTP/1.1 200 X\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n")
            chunk = b"%x\r\n" % (1 << 20) + b"a" * (1 << 20) + b"\r\n"
            while True:  # until the client stops reading and closes
                writer.write(chunk)
                await writer.drain()
                self.body_bytes_written += 1 << 20
        if self.mode == "garbage":
            writer.write(b"SSH-2.0-OpenSSH_9.2\r\n")
            await writer.drain()
            return False
        raise AssertionError(f"unknown mode {self.mode}")


@pytest.fixture
async def raw(request: pytest.FixtureRequest) -> AsyncIterator[RawServer]:
    server = await RawServer(str(request.param)).start()
    yield server
    await server.stop()


def client(url: str, **options: Any) -> livechat_client.AgentWeb:
    return livechat_client.AgentWeb("faults", token="dal:fault-token", api_url=url, **options)


# ---- socket-level faults -------------------------------------------------------------------------


async def test_a_refused_connection_is_a_transport_error_and_bounded() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.monotonic()
    async with client(f"http://127.0.0.1:{port}", max_retries=1) as a:
        with pytest.raises(livechat_client.TransportError):
            await a.send_event("C", msg("x"))
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("raw", ["reset"], indirect=True)
async def test_a_reset_mid_response_is_a_transport_error_never_replayed_for_writes(raw: RawServer) -> None:
    async with client(raw.url, max_retries=1) as a:
        with pytest.raises(livechat_client.TransportError):
            await a.send_event("C", msg("x"))
        assert raw.requests == 1, "the write may have happened: not sent again"
        with pytest.raises(livechat_client.TransportError):
            await a.list_chats()
        assert raw.requests == 1 + 2, "a read is retried"


@pytest.mark.parametrize("raw", ["hang"], indirect=True)
async def test_a_server_that_never_answers_ends_in_a_timeout_not_a_hang(raw: RawServer) -> None:
    async with client(raw.url, max_retries=1, attempt_timeout=0.3) as a:
        started = time.monotonic()
        with pytest.raises(livechat_client.TimeoutError):
            await a.send_event("C", msg("x"))
        assert time.monotonic() - started < 2
        assert raw.requests == 1
        started = time.monotonic()
        with pytest.raises(livechat_client.TimeoutError):
            await a.get_customer("U")
        took = time.monotonic() - started
        assert 0.6 <= took < 3, took
        assert raw.requests == 1 + 2, "a read that timed out is retried"


@pytest.mark.parametrize("raw", ["slow"], indirect=True)
async def test_a_slow_body_is_bounded_by_the_timeout(raw: RawServer) -> None:
    async with client(raw.url, max_retries=1, timeout=0.5) as a:
        started = time.monotonic()
        with pytest.raises(livechat_client.TimeoutError):
            await a.send_event("C", msg("x"))
        assert time.monotonic() - started < 1.5
        assert raw.requests == 1
        assert raw.body_bytes_written < 17, "the timeout fired while the body was arriving"
    async with client(raw.url, timeout=5) as a:
        assert (await a.send_event("C", msg("x")))["event_id"] == "E1"


@pytest.mark.parametrize("raw", ["truncated"], indirect=True)
async def test_a_body_shorter_than_its_length_is_a_transport_error_retried_for_reads_only(raw: RawServer) -> None:
    async with client(raw.url, max_retries=1) as a:
        with pytest.raises(livechat_client.TransportError):
            await a.send_event("C", msg("x"))
        assert raw.requests == 1
        with pytest.raises(livechat_client.TransportError):
            await a.list_chats()
        assert raw.requests == 1 + 2


@pytest.mark.parametrize("raw", ["cut-json"], indirect=True)
async def test_truncated_json_is_a_decode_error_never_retried(raw: RawServer) -> None:
    async with client(raw.url, max_retries=2) as a:
        with pytest.raises(livechat_client.DecodeError):
            await a.send_event("C", msg("x"))
        with pytest.raises(livechat_client.DecodeError):
            await a.list_chats()
    assert raw.requests == 2


@pytest.mark.parametrize("raw", ["garbage"], indirect=True)
async def test_garbage_instead_of_http_is_a_transport_error(raw: RawServer) -> None:
    async with client(raw.url, max_retries=1) as a:
        with pytest.raises(livechat_client.TransportError):
            await a.send_event("C", msg("x"))
        assert raw.requests == 1
        with pytest.raises(livechat_client.TransportError):
            await a.list_chats()
        assert raw.requests == 1 + 2


@pytest.mark.parametrize("raw", ["endless"], indirect=True)
async def test_an_endless_body_stops_at_the_default_64_mib_limit(raw: RawServer) -> None:
    async with client(raw.url, max_retries=2) as a:
        with pytest.raises(livechat_client.DecodeError, match="67108864-byte limit"):
            await a.list_chats()
    assert raw.requests == 1, "an oversized answer is not retried"
    assert raw.body_bytes_written < 96 * 2**20, raw.body_bytes_written


# ---- API-level faults (emulator) -----------------------------------------------------------------


async def test_a_429_with_retry_after_is_waited_and_the_event_stored_once(emu: Emulator) -> None:
    async with emu.client() as a:
        chat = (await a.start_chat())["chat_id"]
        emu.add_fault("send_event", status=429, headers={"Retry-After": "0.3"})
        started = time.monotonic()
        await a.send_event(chat, msg("rl-1"))
        assert time.monotonic() - started >= 0.3
    assert statuses(emu, "send_event") == [429, 200]
    assert stored(emu, chat, "rl-1") == 1


async def test_a_429_without_retry_after_backs_off_then_raises_rate_limit_error(emu: Emulator) -> None:
    async with emu.client(max_retries=1) as a:
        chat = (await a.start_chat())["chat_id"]
        emu.add_fault("send_event", status=429, count=2)
        with pytest.raises(livechat_client.RateLimitError) as info:
            await a.send_event(chat, msg("rl-2"))
    assert (info.value.status, info.value.type, info.value.retry_after) == (429, "too_many_requests", None)
    assert statuses(emu, "send_event") == [429, 429]
    assert stored(emu, chat, "rl-2") == 0


async def test_a_503_never_replays_a_write_and_reads_are_retried(emu: Emulator) -> None:
    async with emu.client(max_retries=2) as a:
        chat = (await a.start_chat())["chat_id"]
        # A 503 after the work was done: retrying would store the event twice.
        emu.add_fault("send_event", status=503, apply="after")
        with pytest.raises(livechat_client.ServiceUnavailableError):
            await a.send_event(chat, msg("su"))
        # A persistent 503 (a proxy's page): the write goes out once, not three times.
        emu.add_fault("send_event", status=503, count=3)
        with pytest.raises(livechat_client.ServiceUnavailableError):
            await a.send_event(chat, msg("su-2"))
        emu.add_fault("list_chats", status=503, count=2)
        await a.list_chats()
    assert statuses(emu, "send_event") == [503, 503]
    assert stored(emu, chat, "su") == 1, "the write happened once: no duplicate"
    assert stored(emu, chat, "su-2") == 0
    assert statuses(emu, "list_chats") == [503, 503, 200]


async def test_a_500_is_retried_for_reads_and_never_replayed_for_writes(emu: Emulator) -> None:
    async with emu.client(max_retries=1) as a:
        chat = (await a.start_chat())["chat_id"]
        emu.add_fault("get_chat", status=500)
        await a.get_chat(chat)
        assert statuses(emu, "get_chat") == [500, 200]
        emu.add_fault("send_event", status=500)
        with pytest.raises(livechat_client.InternalServerError) as before:
            await a.send_event(chat, msg("before"))
        emu.add_fault("send_event", status=500, apply="after")
        with pytest.raises(livechat_client.InternalServerError):
            await a.send_event(chat, msg("after"))
    assert before.value.status == 500
    assert statuses(emu, "send_event") == [500, 500], "each write sent once"
    assert stored(emu, chat, "before") == 0
    assert stored(emu, chat, "after") == 1, "the write happened once: no duplicate, none lost"


@pytest.mark.parametrize(
    ("fault", "exception", "applied"),
    [
        ({"status": 502, "apply": "after"}, livechat_client.ApiError, True),
        ({"status": 504, "apply": "after"}, livechat_client.RequestTimeoutError, True),
        ({"drop": True, "apply": "after"}, livechat_client.TransportError, True),
        ({"drop": True}, livechat_client.TransportError, False),
    ],
)
async def test_gateway_errors_and_drops_are_not_replayed_for_writes(
    emu: Emulator, fault: dict[str, Any], exception: type[Exception], applied: bool
) -> None:
    async with emu.client(max_retries=2) as a:
        chat = (await a.start_chat())["chat_id"]
        emu.add_fault("send_event", **fault)
        with pytest.raises(exception):
            await a.send_event(chat, msg("gw"))
    assert len(statuses(emu, "send_event")) == 1
    assert stored(emu, chat, "gw") == int(applied)


async def test_gateway_errors_and_drops_are_retried_for_reads(emu: Emulator) -> None:
    emu.add_fault("list_routing_statuses", status=502)
    emu.add_fault("list_routing_statuses", drop=True)
    async with emu.client(max_retries=2) as a:
        assert await a.list_routing_statuses()
    assert statuses(emu, "list_routing_statuses") == [502, None, 200]


async def test_misdirected_request_is_followed_to_the_named_region_once() -> None:
    async with Emulator(region="fra") as emu:  # the token says dal
        async with emu.client(max_retries=0) as a:
            chat = (await a.start_chat())["chat_id"]
            assert a.region == "fra"
            await a.send_event(chat, msg("moved"))
        assert statuses(emu, "start_chat") == [421, 200]
        assert statuses(emu, "send_event") == [200], "the region is remembered"
        assert stored(emu, chat, "moved") == 1


async def test_a_401_asks_the_getter_to_refresh_and_the_write_happens_once(emu: Emulator) -> None:
    refreshed: list[bool] = []

    async def getter(refresh: bool) -> str:
        if refresh:
            refreshed.append(True)
        return emu.token if refreshed else "dal:expired-token"

    async with emu.client(token_getter=getter, max_retries=0) as a:
        chat = (await a.start_chat())["chat_id"]
        await a.send_event(chat, msg("auth"))
    assert refreshed == [True]
    assert statuses(emu, "start_chat") == [401, 200]
    assert statuses(emu, "send_event") == [200]
    assert stored(emu, chat, "auth") == 1


async def test_a_token_getter_that_hangs_is_bounded_by_the_timeout(emu: Emulator) -> None:
    release = asyncio.Event()

    async def getter() -> str:
        await release.wait()
        return emu.token

    try:
        async with emu.client(token_getter=getter, timeout=0.3) as a:
            started = time.monotonic()
            with pytest.raises(livechat_client.TokenError, match="did not answer"):
                await a.list_chats()
            assert time.monotonic() - started < 2
    finally:
        release.set()
    assert emu.requests() == []


@pytest.mark.parametrize("kind", ["raises", "crlf", "garbage"])
async def test_a_token_getter_that_fails_sends_nothing(emu: Emulator, kind: str) -> None:
    def getter() -> Any:
        if kind == "raises":
            raise ConnectionError("vault sealed")
        if kind == "crlf":
            return f"{emu.token}\r\nX-Admin: 1"
        return b"not a str"

    async with emu.client(token_getter=getter) as a:
        with pytest.raises(livechat_client.TokenError):
            await a.send_event("C", msg("x"))
    assert emu.requests() == []


async def test_injection_attempts_are_refused_before_any_request(emu: Emulator) -> None:
    with pytest.raises(livechat_client.InvalidArgumentError, match="control character"):
        emu.client(token=f"{emu.token}\r\nX-Admin: 1")
    with pytest.raises(livechat_client.InvalidArgumentError):
        emu.client(headers={"X-Author-Id": "bot\r\nX-Admin: 1"})
    with pytest.raises(livechat_client.InvalidArgumentError):
        emu.client(user_agent="ua\nX: 1")
    async with emu.client() as a:
        for action in ["../list_chats", "list_chats/../../x", "list_chats?x=1", "LIST_CHATS", "", "a\r\nb"]:
            with pytest.raises(livechat_client.InvalidArgumentError):
                await a.send(action, {})
        with pytest.raises(livechat_client.ApiError):  # a strange id is only a strange id
            await a.get_customer("../../v3.3/agent/action/ban_customer\r\nX-Admin: 1")
    reqs = emu.requests()
    assert [r["path"] for r in reqs] == ["/v3.6/agent/action/get_customer"]


async def test_a_bad_fault_is_refused_by_name_and_cleared_faults_are_gone(
    emu: Emulator, agent: livechat_client.AgentWeb
) -> None:
    with pytest.raises(ValueError, match="unknown field `stauts`"):
        emu.add_fault("list_chats", stauts=500)
    with pytest.raises(ValueError, match="count"):
        emu.add_fault("list_chats", status=500, count=0)
    emu.add_fault("list_chats", status=500, count=2)
    emu.clear_faults()
    await agent.list_chats()
    assert [r["action"] for r in emu.requests()] == ["list_chats"]
    emu.clear_requests()
    assert emu.requests() == []
