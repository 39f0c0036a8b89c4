"""An echo bot in Python: creates its bot (Configuration API), registers ``incoming_chat`` and
``incoming_event`` bot webhooks to its own small HTTP server on 127.0.0.1 (plain asyncio, no
framework), acts as the bot with tokens the library issues and renews (``Token.bot``), sets itself
``accepting_chats``, answers each customer message with an echo and transfers the chat to a human
on "human". ``./scripts/demo`` runs it against the emulator and plays the customer.

    LIVECHAT_API_URL=… LIVECHAT_TOKEN=… LIVECHAT_CLIENT_ID=… LIVECHAT_ORGANIZATION_ID=… \\
        python examples/echo_bot.py
"""

from __future__ import annotations

import asyncio
import os
import secrets
import sys

import livechat_client
from livechat_client import webhooks


def env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        sys.exit(f"[python bot] set {name} (./scripts/demo sets it for the emulator)")
    return value


class EchoBot:
    def __init__(self, bot_id: str, secret_key: str, agent: livechat_client.AgentWeb) -> None:
        self.bot_id = bot_id
        self.secret_key = secret_key
        self.agent = agent
        # One worker handles webhooks in the order they came (a chat's greeting before its echo).
        self.queue: asyncio.Queue[webhooks.Webhook] = asyncio.Queue()

    async def work(self) -> None:
        while True:
            await self.handle(await self.queue.get())

    async def serve_http(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """One HTTP/1.1 request: answer at once (LiveChat retries slow webhooks), work after."""
        head = await reader.readuntil(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        body = await reader.readexactly(length)
        try:
            webhook = webhooks.parse(body, self.secret_key)
            status = "200 OK"
        except livechat_client.WebhookSecretError:
            webhook, status = None, "401 Unauthorized"
        except livechat_client.LiveChatError as e:
            print(f"[python bot] refused a webhook: {e}", file=sys.stderr)
            webhook, status = None, "400 Bad Request"
        writer.write(f"HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        writer.close()
        if webhook is not None:
            self.queue.put_nowait(webhook)

    async def handle(self, webhook: webhooks.Webhook) -> None:
        try:
            if webhook["action"] == "incoming_chat":
                chat_id = webhook["payload"].get("chat", {}).get("id", "")
                print(f"[python bot] new chat {chat_id}")
                await self.say(chat_id, 'Hi! I am the echo bot. Write "human" to talk to a person.')
            elif webhook["action"] == "incoming_event":
                payload = webhook["payload"]
                event = payload.get("event", {})
                chat_id = payload.get("chat_id", "")
                if event.get("type") != "message" or event.get("author_id") == self.bot_id:
                    return
                text = str(event.get("text", ""))
                print(f"[python bot] customer in {chat_id}: {text}")
                if "human" in text.lower():
                    await self.say(chat_id, "Transferring you to a human.")
                    await self.agent.transfer_chat(
                        chat_id, target={"type": "group", "ids": [0]}, ignore_agents_availability=True
                    )
                    print(f"[python bot] transferred {chat_id}")
                else:
                    await self.say(chat_id, f"echo: {text}")
        except livechat_client.LiveChatError as e:
            print(f"[python bot] {e}", file=sys.stderr)

    async def say(self, chat_id: str, text: str) -> None:
        await self.agent.send_event(chat_id, {"type": "message", "text": text})


async def main() -> None:
    client_id = env("LIVECHAT_CLIENT_ID")
    options = {"api_url": env("LIVECHAT_API_URL"), "version": os.environ.get("LIVECHAT_VERSION", "3.6")}
    admin_token = livechat_client.Token.bearer(env("LIVECHAT_TOKEN"))
    async with livechat_client.Configuration(client_id, token=admin_token, **options) as admin:
        server = await asyncio.start_server(lambda r, w: bot.serve_http(r, w), "127.0.0.1", 0)
        url = "http://127.0.0.1:%d/webhooks" % server.sockets[0].getsockname()[1]
        created = await admin.create_bot(
            "Echo bot (Python)", owner_client_id=client_id, groups=[{"id": 0, "priority": "first"}]
        )
        secret_key = secrets.token_hex(16)
        await admin.register_webhook("incoming_chat", secret_key, url, owner_client_id=client_id, type="bot")
        await admin.register_webhook(
            "incoming_event",
            secret_key,
            url,
            owner_client_id=client_id,
            type="bot",
            filters={"author_type": "customer"},
        )
        token = livechat_client.Token.bot(
            created["id"], client_id, created.get("secret", ""), env("LIVECHAT_ORGANIZATION_ID"), issuer=admin_token
        )
        async with livechat_client.AgentWeb(client_id, token=token, **options) as agent:
            await agent.set_routing_status("accepting_chats", agent_id=created["id"])
            bot = EchoBot(created["id"], secret_key, agent)
            worker = asyncio.create_task(bot.work())
            print(f"[python bot] ready: bot {created['id']} listening on {url}", flush=True)
            seconds = float(os.environ.get("ECHO_BOT_SECONDS", "0")) or None
            async with server:
                try:
                    await asyncio.wait_for(server.serve_forever(), seconds)
                except TimeoutError:
                    pass
            worker.cancel()


if __name__ == "__main__":
    asyncio.run(main())
