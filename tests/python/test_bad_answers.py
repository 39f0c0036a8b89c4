"""Answers that are not the library's fault end in the library's errors: a successful body the
library cannot turn into Python objects is a ``DecodeError`` (never a ``UnicodeDecodeError`` or
``RecursionError``), and the ``iter_*`` helpers refuse pages of the wrong shape or a server that
sends them round in circles."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

import livechat_client

from canned import Answer, CannedServer

# (iterator, positional arguments, API version, item fields) for every iter_* helper.
ITERATORS = [
    ("iter_chats", (), "3.6", "chats_summary"),
    ("iter_chats", (), "3.7", "chats_info"),
    ("iter_threads", ("C",), "3.6", "threads"),
    ("iter_archives", (), "3.6", "chats"),
    ("iter_customers", (), "3.5", "customers"),
]


def client(url: str, version: str = "3.6") -> livechat_client.AgentWeb:
    return livechat_client.AgentWeb("bad-answers", token="dal:bad-answers", api_url=url, version=version, max_retries=0)


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
            with pytest.raises(livechat_client.DecodeError):
                await a.send_event("C", {"type": "message", "text": "x"})
            with pytest.raises(livechat_client.DecodeError):
                await a.send("send_event", {})
            with pytest.raises(livechat_client.DecodeError):
                await a.call("list_chats")
    assert len(server.requests) == 3, "a body that cannot be read is not asked for again"


async def _drain(iterator: AsyncIterator[Any]) -> list[Any]:
    return [item async for item in iterator]


def _iterate(a: livechat_client.AgentWeb, name: str, args: tuple[Any, ...]) -> AsyncIterator[Any]:
    return getattr(a, name)(*args)  # type: ignore[no-any-return]


@pytest.mark.parametrize(("name", "args", "version", "field"), ITERATORS)
@pytest.mark.parametrize(
    "page",
    [
        pytest.param(lambda field: [], id="a-json-array"),
        pytest.param(lambda field: "page", id="a-json-string"),
        pytest.param(lambda field: {field: None}, id="items-null"),
        pytest.param(lambda field: {field: {"id": "X"}}, id="items-an-object"),
        pytest.param(lambda field: {field: [], "next_page_id": 7}, id="page-id-a-number"),
    ],
)
async def test_iter_refuses_a_page_of_the_wrong_shape_naming_the_field(
    name: str, args: tuple[Any, ...], version: str, field: str, page: Callable[[str], Any]
) -> None:
    async with CannedServer(always(json.dumps(page(field)).encode())) as server:
        async with client(server.url, version) as a:
            with pytest.raises(livechat_client.DecodeError) as info:
                await asyncio.wait_for(_drain(_iterate(a, name, args)), 5)
    message = str(info.value)
    assert "list_" in message, message
    if isinstance(page(field), dict):
        what = "next_page_id" if "next_page_id" in page(field) else field
        assert what in message, message


@pytest.mark.parametrize(("name", "args", "version", "field"), ITERATORS)
async def test_iter_stops_when_the_server_repeats_a_page_id(
    name: str, args: tuple[Any, ...], version: str, field: str
) -> None:
    # Pages A → B → A → B …: the third request would fetch page A again.
    def answer(n: int, path: str, request: bytes) -> Answer:
        return json.dumps({field: [{"id": f"item-{n}"}], "next_page_id": "A" if n % 2 else "B"}).encode()

    async with CannedServer(answer) as server:
        async with client(server.url, version) as a:
            seen: list[Any] = []
            with pytest.raises(livechat_client.DecodeError, match="repeated next_page_id"):

                async def collect() -> None:
                    async for item in _iterate(a, name, args):
                        seen.append(item)

                await asyncio.wait_for(collect(), 5)
    assert len(server.requests) == 3
    # The core's pager refuses the page that repeats an id, items included.
    assert [i["id"] for i in seen] == ["item-1", "item-2"]
