"""Answers that are not the library's fault end in the library's errors: a successful body the
library cannot turn into Python objects is a ``DecodeError`` (never a ``UnicodeDecodeError`` or
``RecursionError``)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import livechat

from canned import Answer, CannedServer


def client(url: str, version: str = "3.6") -> livechat.AgentWeb:
    return livechat.AgentWeb("bad-answers", token="dal:bad-answers", api_url=url, version=version, max_retries=0)


def always(body: bytes) -> Callable[[int, str, bytes], Answer]:
    return lambda n, path, request: body


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b'{"event_id":"E\xff\xfe1"}', id="invalid-utf8-in-a-string"),
        pytest.param(b'{"event_id":"E1","x":"\xed\xa0\x80"}', id="utf8-encoded-surrogate"),
        pytest.param(b"[" * 100_000 + b"]" * 100_000, id="100000-deep-array"),
        pytest.param(b'{"a":' * 100_000 + b"1" + b"}" * 100_000, id="100000-deep-object"),
    ],
)
async def test_a_successful_body_that_cannot_be_read_is_a_decode_error(body: bytes) -> None:
    async with CannedServer(always(body)) as server:
        async with client(server.url) as a:
            with pytest.raises(livechat.DecodeError):
                await a.send_event("C", {"type": "message", "text": "x"})
            with pytest.raises(livechat.DecodeError):
                await a.send("send_event", {})
            with pytest.raises(livechat.DecodeError):
                await a.call("list_chats")
    assert len(server.requests) == 3, "a body that cannot be read is not asked for again"
