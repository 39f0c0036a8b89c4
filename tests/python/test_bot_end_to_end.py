"""A bot end to end against the emulator from Python: bot webhooks registered to a local asyncio
server receive what the simulated customer does, verified by ``livechat_client.webhooks.parse``, and
the bot's answers (with bot tokens) reach the customer; the delivery log shows each delivery."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

import livechat_client
from livechat_client import webhooks
from livechat_client.testing import Emulator

SECRET = "e2e-webhook-secret"


async def receiver(got: asyncio.Queue[webhooks.Webhook]) -> tuple[asyncio.Server, str]:
    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")
        )
        body = await reader.readexactly(length)
        got.put_nowait(webhooks.parse(body, SECRET))
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    return server, "http://127.0.0.1:%d/hook" % server.sockets[0].getsockname()[1]


async def test_a_bot_hears_the_customer_and_answers(emu: Emulator) -> None:
    # The seed's bot would take the chat first: this test's bot is the only one accepting.
    async with emu.client() as admin_agent:
        await admin_agent.set_routing_status("offline", agent_id="5c9871d5372c824cbf22d860a707a578")
    got: asyncio.Queue[webhooks.Webhook] = asyncio.Queue()
    server, url = await receiver(got)
    async with server, emu.configuration(emu.client_id) as admin:
        created = await admin.create_bot("E2E bot", owner_client_id=emu.client_id, groups=[{"id": 0, "priority": "first"}])
        for action in ("incoming_chat", "incoming_event"):
            await admin.register_webhook(action, SECRET, url, owner_client_id=emu.client_id, type="bot")
        token = livechat_client.Token.bot(
            created["id"], emu.client_id, created.get("secret", ""), emu.organization_id, issuer=livechat_client.Token.bearer(emu.token)
        )
        async with emu.client(emu.client_id, token=token) as bot:
            await bot.set_routing_status("accepting_chats", agent_id=created["id"])
            chat = await asyncio.to_thread(emu.customer_start_chat, "Hello bot", name="E2E Customer")
            chat_id = chat.get("chat_id") or chat["id"]

            first = await asyncio.wait_for(got.get(), 10)
            second = await asyncio.wait_for(got.get(), 10)
            assert [first["action"], second["action"]] == ["incoming_chat", "incoming_event"]
            assert second["action"] == "incoming_event"
            event: Any = second["payload"].get("event", {})
            assert second["payload"].get("chat_id") == chat_id and event.get("text") == "Hello bot"

            await bot.send_event(chat_id, {"type": "message", "text": "echo: Hello bot"})
            seen = await asyncio.to_thread(emu.customer_chat, chat_id)
            assert "echo: Hello bot" in str(seen)

    assert await asyncio.to_thread(emu.wait_for_deliveries, 10)
    log = emu.webhook_deliveries()
    # incoming_chat, the customer's message, and (no author_type filter) the bot's own answer.
    mine = [(d["action"], d["status"]) for d in log if d["url"] == url]
    assert mine == [("incoming_chat", "delivered")] + [("incoming_event", "delivered")] * 2, log
    assert SECRET not in str(log)
    emu.clear_webhook_deliveries()
    assert emu.webhook_deliveries() == []


async def test_session_fields_the_customer_sets_reach_the_webhook(emu: Emulator) -> None:
    got: asyncio.Queue[webhooks.Webhook] = asyncio.Queue()
    server, url = await receiver(got)
    async with server, emu.configuration(emu.client_id) as admin:
        await admin.register_webhook("customer_session_fields_updated", SECRET, url, owner_client_id=emu.client_id, type="license")
        chat = await asyncio.to_thread(emu.customer_start_chat, "Hi")
        chat_id = chat["chat_id"]

        first = await asyncio.to_thread(emu.customer_sets_session_fields, chat_id, {"plan": "gold"})
        assert first["session_fields"] == [{"plan": "gold"}]
        hook = await asyncio.wait_for(got.get(), 10)
        assert hook["action"] == "customer_session_fields_updated"
        payload: Any = hook["payload"]
        assert payload["id"] == chat["customer_id"]
        assert payload["active_chat"] == {"chat_id": chat_id, "thread_id": chat["thread_id"]}
        assert payload["session_fields"] == [{"plan": "gold"}]

        # A key the customer had gets the new value; a new key is added after it.
        second = await asyncio.to_thread(emu.customer_sets_session_fields, chat_id, {"cart": "3", "plan": "platinum"})
        assert second["session_fields"] == [{"plan": "platinum"}, {"cart": "3"}]
        hook = await asyncio.wait_for(got.get(), 10)
        payload = hook["payload"]
        assert payload["session_fields"] == [{"plan": "platinum"}, {"cart": "3"}]

        # What agents see of the customer afterwards.
        async with emu.client() as agent:
            customer = await agent.get_customer(chat["customer_id"])
        assert customer.get("session_fields") == [{"plan": "platinum"}, {"cart": "3"}]


def test_bad_session_fields_are_refused_naming_the_problem(emu: Emulator) -> None:
    chat = emu.customer_start_chat("Hi")
    with pytest.raises(ValueError, match=r"session_fields\[0\] must be an object with one key and a string value"):
        emu.customer_sets_session_fields(chat["chat_id"], {"plan": 5})  # type: ignore[dict-item]
    with pytest.raises(TypeError, match="fields must be a mapping of str to str, not list"):
        emu.customer_sets_session_fields(chat["chat_id"], [("plan", "gold")])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="chat NOPE does not exist"):
        emu.customer_sets_session_fields("NOPE", {"plan": "gold"})
