"""Python logging receives the library's logs without tokens; generated files and stubs are
current."""

from __future__ import annotations

import logging
import pathlib
import subprocess
import sys

import pytest

import livechat_client
from livechat_client import _native
from livechat_client.testing import Emulator

ROOT = pathlib.Path(__file__).resolve().parents[2]


async def test_logs_reach_the_livechat_logger_without_the_token(
    emu: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="livechat_client")
    secret_token = emu.token
    emu.add_fault("list_chats", status=503, count=1, error={"type": "service_unavailable", "message": "busy"})
    async with emu.client(max_retries=1) as a:
        await a.list_chats()
        await a.list_chats()
    _native.flush_logs()
    messages = [r.getMessage() for r in caplog.records if r.name == "livechat_client"]
    assert any("retrying" in m for m in messages), messages
    assert any("call succeeded" in m for m in messages), messages
    token_value = secret_token.split(":", 1)[1]
    assert all(token_value not in m for m in messages)


def test_generated_files_are_current() -> None:
    r = subprocess.run([sys.executable, str(ROOT / "py/tools/generate.py"), "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_every_public_method_has_a_docstring() -> None:
    for name in livechat_client.METHOD_NAMES:
        method = getattr(livechat_client.AgentWeb, name)
        assert method.__doc__ and "Available in" in method.__doc__, name
    for name in ("iter_chats", "iter_archives", "iter_threads", "iter_customers", "send", "call", "aclose"):
        assert getattr(livechat_client.AgentWeb, name).__doc__, name


def test_method_signatures_follow_the_seed() -> None:
    import inspect

    sig = inspect.signature(livechat_client.AgentWeb.add_user_to_chat)
    assert list(sig.parameters)[:5] == ["self", "chat_id", "user_id", "user_type", "require_active_thread"]
    assert sig.parameters["visibility"].kind is inspect.Parameter.KEYWORD_ONLY
    sig = inspect.signature(livechat_client.AgentWeb.transfer_chat)
    assert sig.parameters["target"].kind is inspect.Parameter.KEYWORD_ONLY
    sig = inspect.signature(livechat_client.AgentWeb.ban_customer)
    assert list(sig.parameters)[1:3] == ["id", "days"]
