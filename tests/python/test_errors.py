"""The exception class of every error type and kind, with status, type, message and data."""

from __future__ import annotations

import asyncio

import pytest

import livechat_client
from livechat_client import _native
from livechat_client.testing import Emulator


def test_the_exception_tree_is_generated_from_the_core_lists() -> None:
    kinds = {k for k, _ in _native.error_kinds()}
    assert set(livechat_client._errors.KIND_CLASSES) == kinds
    assert set(livechat_client._errors.API_ERROR_CLASSES) == set(_native.api_error_types())
    for cls in livechat_client._errors.API_ERROR_CLASSES.values():
        assert issubclass(cls, livechat_client.ApiError) and issubclass(cls, livechat_client.LiveChatError)
    assert issubclass(livechat_client.TimeoutError, TimeoutError)
    assert issubclass(livechat_client.InvalidArgumentError, ValueError)
    assert livechat_client._errors.API_ERROR_CLASSES["too_many_requests"] is livechat_client.RateLimitError


@pytest.mark.parametrize("error_type", _native.api_error_types())
async def test_each_api_error_type_raises_its_class(agent: livechat_client.AgentWeb, emu: Emulator, error_type: str) -> None:
    emu.add_fault("follow_chat", status=418, error={"type": error_type, "message": f"{error_type}!", "data": {"k": 1}})
    with pytest.raises(livechat_client.ApiError) as info:
        await agent.follow_chat("ANY")
    e = info.value
    assert type(e) is livechat_client._errors.API_ERROR_CLASSES[error_type]
    assert (e.status, e.type, e.message, e.data, e.action) == (418, error_type, f"{error_type}!", {"k": 1}, "follow_chat")
    assert e.kind == "api"
    assert str(e) == f"follow_chat: 418 {error_type}: {error_type}!"


async def test_real_errors_from_the_emulator(emu: Emulator, agent: livechat_client.AgentWeb) -> None:
    with pytest.raises(livechat_client.NotFoundError) as nf:
        await agent.get_chat("NO_SUCH_CHAT")
    assert nf.value.status == 404
    chat = await agent.start_chat()
    await agent.deactivate_chat(chat["chat_id"])
    with pytest.raises(livechat_client.ChatInactiveError):
        await agent.send_event(chat["chat_id"], {"type": "message", "text": "late"})
    with pytest.raises(livechat_client.ValidationError) as v:
        await agent.send("list_chats", {"no_such_field": 1})
    assert v.value.status == 422
    async with emu.client(token="dal:wrong") as bad:
        with pytest.raises(livechat_client.AuthenticationError) as au:
            await bad.list_chats()
        assert au.value.status == 401


async def test_rate_limit_errors_carry_retry_after(emu: Emulator) -> None:
    emu.add_fault("list_chats", status=429, count=1,
                  error={"type": "too_many_requests", "message": "Too many requests"}, headers={"Retry-After": "120"})
    async with emu.client() as a:
        with pytest.raises(livechat_client.RateLimitError) as info:
            await a.list_chats()
    assert info.value.retry_after == 120.0


async def test_misdirected_requests_are_followed_once(emu: Emulator) -> None:
    emu.add_fault("list_chats", status=421, count=1,
                  error={"type": "misdirected_request", "message": "Wrong region", "data": {"region": "dal"}})
    async with emu.client(region="fra") as a:
        await a.list_chats()
        assert a.region == "dal"


async def test_client_side_errors(agent: livechat_client.AgentWeb) -> None:
    with pytest.raises(livechat_client.InvalidArgumentError, match="missing required argument `event`"):
        await agent.call("send_event", {"chat_id": "C"})
    with pytest.raises(livechat_client.InvalidArgumentError, match="must be an integer"):
        await agent.list_chats(limit="ten")  # type: ignore[arg-type]
    with pytest.raises(livechat_client.InvalidArgumentError, match="argument `event.text` is a set"):
        await agent.send_event("C", {"type": "message", "text": {1, 2}})
    with pytest.raises(livechat_client.InvalidArgumentError, match="at most 10485760 bytes"):
        await agent.upload_file(b"x" * (10 * 1024 * 1024 + 1), "big.bin")
    with pytest.raises(livechat_client.UnsupportedMethodError, match="did you mean `send_event`"):
        await agent.call("send_evnt", {})
    with pytest.raises(livechat_client.InvalidArgumentError, match="not a valid action"):
        await agent.send("../list_chats", {})


def test_construction_errors() -> None:
    with pytest.raises(livechat_client.InvalidArgumentError, match="supported versions: 3.3, 3.4, 3.5, 3.6, 3.7"):
        livechat_client.AgentWeb("c", token="dal:t", version="2.0")
    with pytest.raises(livechat_client.InvalidArgumentError, match="api_url"):
        livechat_client.AgentWeb("c", token="dal:t", api_url="ftp://x")
    with pytest.raises(livechat_client.InvalidArgumentError, match="control character"):
        livechat_client.AgentWeb("c", token="dal:t\r\nX: y")
    with pytest.raises(livechat_client.InvalidArgumentError, match="no credentials"):
        livechat_client.AgentWeb("c")
    with pytest.raises(livechat_client.InvalidArgumentError, match="either token or token_getter"):
        livechat_client.AgentWeb("c", token="x", token_getter=lambda: "y")


async def test_timeouts_and_transport_errors(emu: Emulator) -> None:
    emu.add_fault("send_event", delay_ms=3000, count=1)
    async with emu.client(max_retries=0) as a:
        chat = await a.start_chat()
        with pytest.raises(livechat_client.TimeoutError):
            await a.send_event(chat["chat_id"], {"type": "message", "text": "x"}, timeout=0.2)
    async with livechat_client.AgentWeb("c", token="dal:t", api_url="http://127.0.0.1:9", max_retries=0) as dead:
        with pytest.raises(livechat_client.TransportError):
            await dead.list_chats()


async def test_closed_clients_raise(emu: Emulator) -> None:
    a = emu.client()
    await a.aclose()
    assert a.closed
    with pytest.raises(livechat_client.ClosedError):
        await a.list_chats()


async def test_non_json_success_bodies_are_decode_errors(emu: Emulator, agent: livechat_client.AgentWeb) -> None:
    emu.add_fault("follow_chat", status=200, body="<html>oops</html>", count=1)
    with pytest.raises(livechat_client.DecodeError):
        await agent.follow_chat("X")


def test_errors_never_show_the_token() -> None:
    secret = "SECRET-PY-TOKEN-77"
    try:
        livechat_client.AgentWeb("c", token=f"dal:{secret}\n")
    except livechat_client.LiveChatError as e:
        assert secret not in str(e) and secret not in repr(e)
    a = livechat_client.AgentWeb("c", token=f"dal:{secret}")
    assert secret not in repr(a)
    assert secret not in repr(livechat_client.Token.bearer(f"dal:{secret}"))
    assert secret not in repr(livechat_client.Token.pat("acc", secret))
    asyncio.run(a.aclose())


async def test_the_response_size_limit_is_configurable(emu: Emulator) -> None:
    async with emu.client() as a:
        await a.start_chat()
    async with emu.client(max_response_bytes=64) as small:
        with pytest.raises(livechat_client.DecodeError, match="64-byte limit"):
            await small.list_routing_statuses()
