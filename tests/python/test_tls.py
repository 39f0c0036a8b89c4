"""TLS from Python: certificates are verified by default (the emulator's self-signed certificate is
refused with a clear error, and nothing reaches it), and ``ca_file=`` makes it work over HTTP/2."""

from __future__ import annotations

import pathlib
from collections.abc import Iterator

import pytest

import livechat_client
from livechat_client.testing import Emulator


@pytest.fixture(scope="module")
def tls_emu() -> Iterator[Emulator]:
    with Emulator(tls=True) as emu:
        yield emu


async def test_an_untrusted_certificate_is_refused_with_a_clear_error(tls_emu: Emulator) -> None:
    assert tls_emu.url.startswith("https://127.0.0.1:")
    tls_emu.clear_requests()
    async with livechat_client.AgentWeb("tls", token=tls_emu.token, api_url=tls_emu.url, max_retries=0) as a:
        with pytest.raises(livechat_client.TransportError) as info:
            await a.list_chats()
    text = str(info.value).lower()
    assert "certificate" in text or "unknownissuer" in text, info.value
    assert tls_emu.requests() == [], "no request got through the failed handshake"


async def test_the_emulator_client_helper_does_not_trust_it_without_ca_file(tls_emu: Emulator) -> None:
    async with tls_emu.client(ca_file=None, max_retries=0) as a:
        with pytest.raises(livechat_client.TransportError):
            await a.list_routing_statuses()


async def test_ca_file_makes_it_work(tls_emu: Emulator) -> None:
    assert tls_emu.ca_file is not None
    async with livechat_client.AgentWeb("tls", token=tls_emu.token, api_url=tls_emu.url, ca_file=tls_emu.ca_file) as a:
        chat = await a.start_chat()
        sent = await a.send_event(chat["chat_id"], {"type": "message", "text": "over tls"})
    assert sent["event_id"]
    assert any(r["action"] == "send_event" for r in tls_emu.requests())


def test_a_ca_file_that_is_not_a_certificate_is_refused(tmp_path: pathlib.Path) -> None:
    bogus = tmp_path / "ca.pem"
    bogus.write_text("not a certificate\n")
    with pytest.raises(livechat_client.InvalidArgumentError):
        livechat_client.AgentWeb("tls", token="dal:t", ca_file=bogus)
    with pytest.raises(livechat_client.InvalidArgumentError, match="ca_file"):
        livechat_client.AgentWeb("tls", token="dal:t", ca_file=tmp_path / "missing.pem")
