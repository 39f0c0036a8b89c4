"""Token.bot against the emulator: one issue_bot_token serves 100 concurrent calls, the emulator's
clock passing the token's expiry costs exactly one more, bad credentials are the API's error, and
the bot secret shows nowhere."""

from __future__ import annotations

import asyncio
import pytest

import livechat_client
from livechat_client import Token, _native
from livechat_client.testing import Emulator

CLIENT_ID = "bot-tests"
WRONG_SECRET = "wrong-bot-secret-value"


async def create_bot(emu: Emulator) -> tuple[str, str]:
    async with emu.configuration(CLIENT_ID, version="3.6") as admin:
        bot = await admin.create_bot("Echo", owner_client_id=CLIENT_ID)
    return bot["id"], bot["secret"]


def issues(emu: Emulator) -> int:
    return sum(1 for r in emu.requests() if str(r.get("path", "")).endswith("/issue_bot_token"))


async def list_chats_100(agent: livechat_client.AgentWeb) -> None:
    results = await asyncio.gather(*(agent.list_chats() for _ in range(100)))
    assert len(results) == 100


async def test_one_issue_serves_many_calls_and_one_more_follows_expiry(
    emu: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    bot_id, secret = await create_bot(emu)
    token = Token.bot(bot_id, CLIENT_ID, secret, emu.organization_id, issuer=emu.token)
    async with emu.client(CLIENT_ID, version="3.6", token=token) as agent:
        await list_chats_100(agent)
        assert issues(emu) == 1, "100 concurrent calls share one issue_bot_token"
        # A day later the emulator refuses the token: the client renews it once for all calls.
        emu.advance_clock(25 * 3600)
        await list_chats_100(agent)
        assert issues(emu) == 2, "expiry costs exactly one more issue"
        paths = [r["path"] for r in emu.requests()]
        assert paths[:3] == [
            "/v3.6/configuration/action/create_bot",
            "/v3.6/configuration/action/issue_bot_token",
            "/v3.6/agent/action/list_chats",
        ], paths[:3]
        assert secret not in repr(agent) and secret not in repr(token)
    _native.flush_logs()
    assert any("issue_bot_token" in r.getMessage() for r in caplog.records), "no log lines captured"
    assert not [r for r in caplog.records if secret in r.getMessage()]


async def test_the_clock_matters_a_day_without_advancing_issues_nothing_more(emu: Emulator) -> None:
    bot_id, secret = await create_bot(emu)
    token = Token.bot(bot_id, CLIENT_ID, secret, emu.organization_id, issuer=Token.bearer(emu.token))
    async with emu.client(CLIENT_ID, version="3.6", token=token) as agent:
        await list_chats_100(agent)
        await list_chats_100(agent)
        assert issues(emu) == 1


async def test_a_pat_issuer_works_too(emu: Emulator) -> None:
    bot_id, secret = await create_bot(emu)
    token = Token.bot(bot_id, CLIENT_ID, secret, emu.organization_id, issuer=emu.pat)
    async with emu.client(CLIENT_ID, version="3.6", token=token) as agent:
        await agent.list_chats()
    assert issues(emu) == 1


async def test_bad_bot_credentials_are_the_apis_error_without_the_secret(emu: Emulator) -> None:
    bot_id, _ = await create_bot(emu)
    token = Token.bot(bot_id, CLIENT_ID, WRONG_SECRET, emu.organization_id, issuer=emu.token)
    async with emu.client(CLIENT_ID, version="3.6", token=token, max_retries=0) as agent:
        with pytest.raises(livechat_client.ApiError) as e:
            await agent.list_chats()
    text = f"{e.value} {e.value!r} {e.value.args} {e.value.data} {token!r}"
    assert "Invalid bot credentials" in str(e.value), text
    assert WRONG_SECRET not in text and emu.token not in text


def test_repr_shows_the_bot_not_the_secret_or_the_issuer() -> None:
    token = Token.bot("bot-1", "cid", "top-secret-1", "org", issuer=Token.pat("acct", "pat-secret"))
    assert repr(token) == "Token.bot('bot-1', <redacted>)"
    assert (token.bot_id, token.client_id, token.organization_id) == ("bot-1", "cid", "org")


def test_a_bot_token_and_a_getter_together_are_refused() -> None:
    token = Token.bot("bot-1", "cid", "top-secret-1", "org", issuer="dal:issuer")
    with pytest.raises(livechat_client.InvalidArgumentError, match="either token or token_getter"):
        livechat_client.AgentWeb("cid", token=token, token_getter=lambda: "dal:x")


def test_bad_bot_arguments_are_refused_by_name() -> None:
    with pytest.raises(livechat_client.InvalidArgumentError, match="bot_secret must be a str, not NoneType"):
        Token.bot("bot-1", "cid", None, "org", issuer="dal:x")  # type: ignore[arg-type]
    with pytest.raises(livechat_client.InvalidArgumentError, match="issuer must be a Token"):
        Token.bot("bot-1", "cid", "s", "org", issuer=Token.bot("b", "c", "s", "o", issuer="x"))  # type: ignore[arg-type]
    with pytest.raises(livechat_client.InvalidArgumentError, match="client_id is empty") as e:
        livechat_client.AgentWeb("cid", token=Token.bot("bot-1", "", "top-secret-1", "org", issuer="dal:x"))
    assert "top-secret-1" not in str(e.value)


async def test_the_emulator_clock_refuses_negative_steps(emu: Emulator) -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        emu.advance_clock(-1)
