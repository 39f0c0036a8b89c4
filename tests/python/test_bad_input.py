"""Bad options and arguments fail at once with an InvalidArgumentError that names the option or
argument and the problem (never the JSON parser's "line 1 column 110", never a bare TypeError or
UnicodeEncodeError), and nothing reaches the server."""

from __future__ import annotations

import decimal
import fractions
from typing import Any

import pytest

import livechat_client
from livechat_client.testing import Emulator

NAN = float("nan")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"timeout": NAN}, "timeout must be a number of seconds (more than 0), got nan"),
        ({"timeout": float("inf")}, "timeout must be a number of seconds (more than 0), got inf"),
        ({"timeout": "5"}, "timeout must be a number of seconds (more than 0), got a str"),
        ({"timeout": True}, "timeout must be a number of seconds (more than 0), got True (bool)"),
        ({"attempt_timeout": 0}, "attempt_timeout must be a number of seconds (more than 0), got 0.0"),
        ({"token_timeout": -1}, "token_timeout must be a number of seconds (more than 0), got -1.0"),
        ({"pool_idle_timeout": -0.5}, "pool_idle_timeout must be a number of seconds (0 or more), got -0.5"),
        ({"max_retries": -1}, "max_retries must be an integer from 0 to 10, got -1"),
        ({"max_retries": 11}, "max_retries must be an integer from 0 to 10, got 11"),
        ({"max_retries": 2.0}, "max_retries must be an integer from 0 to 10, got 2.0 (float)"),
        ({"max_connections": 0}, "max_connections must be an integer of at least 1, got 0"),
        ({"max_response_bytes": 0}, "max_response_bytes must be an integer of at least 1, got 0"),
        ({"version": 3.6}, 'version must be a str such as "3.6", got 3.6 (float)'),
        ({"api_url": 5}, "api_url must be a str"),
        ({"region": "d\ud800l"}, "region is not valid UTF-8 (it holds a lone surrogate)"),
        ({"headers": {"X-A": 1}}, "headers['X-A'] must be a str, got 1 (int)"),
        ({"headers": ["X-A"]}, "headers must be a mapping of str to str, got a list"),
        ({"ca_file": 5}, "ca_file must be a path (str or os.PathLike), got 5 (int)"),
        ({"user_agent": b"ua"}, "user_agent must be a str, got a bytes"),
        ({"token": 5}, "token must be a str"),
        ({"connect_timeout": 0}, "connect_timeout must be a number of seconds (more than 0), got 0.0"),
        ({"proxy": 3128}, 'proxy must be a str such as "http://proxy.internal:3128", got 3128 (int)'),
        ({"proxy": "not a url s3cret"}, "the proxy URL is not valid (expected http://host:port or https://host:port)"),
        ({"http2_prior_knowledge": "no"}, "http2_prior_knowledge must be True or False, got a str"),
    ],
)
def test_construction_errors_name_the_option_and_the_problem(options: dict[str, Any], message: str) -> None:
    options.setdefault("token", "dal:t")
    with pytest.raises(livechat_client.InvalidArgumentError) as info:
        livechat_client.AgentWeb("c", **options)
    assert str(info.value).startswith(message), str(info.value)
    assert "column" not in str(info.value)


async def test_a_proxy_and_http2_prior_knowledge_reach_the_transport(emu: Emulator) -> None:
    # The emulator serves HTTP/1.1 and h2c: both settings work against it, and a proxy that is
    # not listening fails the call as a connection error (the request went to it, not the API).
    async with livechat_client.AgentWeb("c", token=emu.token, api_url=emu.url, http2_prior_knowledge=True) as agent:
        await agent.list_chats()
    async with livechat_client.AgentWeb(
        "c", token=emu.token, api_url=emu.url, proxy="http://127.0.0.1:9", max_retries=0
    ) as agent:
        with pytest.raises(livechat_client.TransportError):
            await agent.list_chats()


def test_a_token_getter_that_cannot_be_called_is_refused_at_construction() -> None:
    with pytest.raises(livechat_client.InvalidArgumentError, match="token_getter must be callable .*got a str"):
        livechat_client.AgentWeb("c", token_getter="dal:t")  # type: ignore[arg-type]


@pytest.mark.parametrize("seconds", [decimal.Decimal("1.5"), fractions.Fraction(3, 2), 2])
def test_any_real_number_of_seconds_is_accepted(seconds: Any) -> None:
    livechat_client.AgentWeb("c", token="dal:t", timeout=seconds, attempt_timeout=seconds)


def test_the_error_is_also_a_value_error_and_a_type_error() -> None:
    # Before, a wrong type was a TypeError and a wrong value a ValueError: code catching either
    # still catches every bad input.
    for exc in (ValueError, TypeError):
        with pytest.raises(exc):
            livechat_client.AgentWeb("c", token="dal:t", timeout="5")  # type: ignore[arg-type]


async def test_argument_errors_name_the_argument(emu: Emulator) -> None:
    cyclic: dict[str, Any] = {"type": "message"}
    cyclic["self"] = cyclic
    cases: list[tuple[Any, str]] = [
        (lambda a: a.get_chat("\ud800"), "get_chat: argument `chat_id` is not valid UTF-8 (it holds a lone surrogate)"),
        (lambda a: a.send_event("C", {"type": "message", "text": "\udcff"}), "send_event: argument `event.text` is not valid UTF-8"),
        (lambda a: a.list_chats(timeout="5"), "timeout must be a number of seconds, got a str"),
        (lambda a: a.list_chats(attempt_timeout=True), "attempt_timeout must be a number of seconds, got True (bool)"),
        (lambda a: a.list_chats(max_retries=1.5), "max_retries must be an integer from 0 to 10, got 1.5 (float)"),
        (lambda a: a.upload_file(b"x", 5), "upload_file: `filename` must be a str, got 5 (int)"),
        (lambda a: a.upload_file(b"x", "\ud800.txt"), "upload_file: `filename` is not valid UTF-8"),
        (lambda a: a.send_event("C", cyclic), "send_event: argument `event` is nested more than 64 levels deep (a reference cycle?)"),
        (lambda a: a.send("list_chats", cyclic), "list_chats: `body` is nested more than 64 levels deep"),
        (lambda a: a.send_event("C", {"type": "message", "x": NAN}), "send_event: argument `event.x` is NaN; NaN and infinity are not JSON"),
        (lambda a: a.send("list_chats", {1: "x"}), "list_chats: `body` has a key of type int; dict keys must be str"),
        (lambda a: a.call("list_chats", {"filters": {"x": {1}}}), "list_chats: argument `filters.x` is a set, which cannot be sent as JSON"),
    ]
    async with emu.client() as agent:
        emu.clear_requests()
        for call, message in cases:
            with pytest.raises(livechat_client.InvalidArgumentError) as info:
                await call(agent)
            assert str(info.value).startswith(message), str(info.value)
            assert len(str(info.value)) < 200, str(info.value)
            assert not isinstance(info.value.__context__, UnicodeError)
    assert emu.requests() == []
