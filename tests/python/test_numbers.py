"""Numbers keep their digits: Python ints of any size go to the wire exactly, floats as their
``repr``, and numbers in answers come back as ``json.loads`` reads them (big integers exact)."""

from __future__ import annotations

import json
import math
from typing import Any

import livechat_client
from livechat_client.testing import Emulator

from canned import CannedServer

BIG = 2**64
NEGATIVE = -(2**70)
HUGE = 12345678901234567890123456789012345678901234567890
FLOATS = [0.1, 1e16, 1.5e-7, -0.0, 1e300, 2.0**0.5, 5e-324, 123456789.125]


async def test_big_integers_reach_the_emulator_digit_exact(emu: Emulator) -> None:
    async with emu.client(max_retries=0) as a:
        chat = (await a.start_chat())["chat_id"]
        content = {"big": BIG, "negative": NEGATIVE, "huge": HUGE, "list": [BIG + 1, -BIG - 1]}
        event_id = (await a.send_event(chat, {"type": "custom", "content": content}))["event_id"]
        [sent] = [r for r in emu.requests() if r["action"] == "send_event"]
        assert sent["body"]["event"]["content"] == content
        assert all(type(v) is int for v in sent["body"]["event"]["content"].values() if not isinstance(v, list))
        # …and come back as exact ints.
        got = await a.get_chat(chat)
        [event] = [e for e in got["thread"]["events"] if e["id"] == event_id]
        assert event["content"] == content


async def test_ints_and_floats_go_to_the_wire_as_python_writes_them() -> None:
    async with CannedServer(lambda n, path, body: b'{"event_id":"E1"}') as server:
        async with livechat_client.AgentWeb("numbers", token="dal:numbers", api_url=server.url, max_retries=0) as a:
            content = {"big": BIG, "negative": NEGATIVE, "huge": HUGE, "floats": FLOATS, "small": -5, "zero": 0}
            await a.send_event("C", {"type": "custom", "content": content})
            await a.send("send_event", {"chat_id": "C", "event": {"type": "custom", "content": content}})
    assert len(server.requests) == 2
    for _, body in server.requests:
        text = body.decode()
        for number in [BIG, NEGATIVE, HUGE]:
            assert f":{number}" in text, (number, text)
        assert "[" + ",".join(repr(f) for f in FLOATS) + "]" in text, text
        assert json.loads(body)["event"]["content"] == content


async def test_floats_go_to_the_wire_as_their_repr() -> None:
    async with CannedServer(lambda n, path, body: b'{"event_id":"E1"}') as server:
        async with livechat_client.AgentWeb("numbers", token="dal:numbers", api_url=server.url, max_retries=0) as a:
            await a.send_event("C", {"type": "custom", "content": {"floats": FLOATS}})
    [(_, body)] = server.requests
    assert b'"floats":[' + ",".join(repr(f) for f in FLOATS).encode() + b"]" in body, body


async def test_numbers_in_answers_are_what_json_loads_gives() -> None:
    body = (
        b'{"event_id":"E1","big":18446744073709551616,"negative":-1180591620717411303424,'
        b'"huge":12345678901234567890123456789012345678901234567890,"max":18446744073709551615,'
        b'"min":-9223372036854775808,"minus_zero":-0,"float_zero":-0.0,"tenth":0.1,"exp":1E400,'
        b'"tiny":5e-324,"nested":[[{"x":[340282366920938463463374607431768211456]}]],"int_like":1.0}'
    )
    async with CannedServer(lambda n, path, b: body) as server:
        async with livechat_client.AgentWeb("numbers", token="dal:numbers", api_url=server.url, max_retries=0) as a:
            got: Any = await a.send_event("C", {"type": "message", "text": "x"})
            raw: Any = await a.send("send_event", {})
    expected = json.loads(body)
    for result in (got, raw):
        assert result == expected
        assert result["big"] == BIG and type(result["big"]) is int
        assert result["negative"] == NEGATIVE and result["huge"] == HUGE
        assert result["nested"][0][0]["x"][0] == 2**128
        assert type(result["minus_zero"]) is int and type(result["int_like"]) is float
        assert math.copysign(1, result["float_zero"]) == -1
        assert result["exp"] == math.inf and result["tiny"] == 5e-324
