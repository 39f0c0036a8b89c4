"""Plays the customer of the echo bots against the emulator's customer simulator (stdlib only).

    python3 examples/play_customer.py reset   # fresh emulator state, the seed bot offline
    python3 examples/play_customer.py chat    # a conversation with the bot that is accepting chats

Reads LIVECHAT_API_URL and LIVECHAT_TOKEN (the emulator's). ``chat`` exits non-zero when the bot
does not answer or transfer as expected.
"""

from __future__ import annotations

import json
import os
import sys
import time
import urllib.request
from typing import Any

URL = os.environ["LIVECHAT_API_URL"].rstrip("/")
SEED_BOT = "5c9871d5372c824cbf22d860a707a578"


def http(method: str, path: str, body: Any = None, token: str | None = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(URL + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read() or b"null")


def messages(chat_id: str) -> list[tuple[str, str]]:
    """(author, text) of every message and system message, oldest first."""
    chat = http("GET", f"/__emulator/customer/chats/{chat_id}")
    events = chat.get("events") or chat.get("thread", {}).get("events", [])
    return [(e.get("author_id", "system"), e.get("text", "")) for e in events if "text" in e]


def wait_for(chat_id: str, seen: int, needle: str) -> list[tuple[str, str]]:
    """Waits (30 s at most) for a message after the first ``seen`` ones containing ``needle``."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        http("GET", "/__emulator/webhooks/deliveries?wait=5")
        got = messages(chat_id)
        if any(needle in text for _, text in got[seen:]):
            return got
        time.sleep(0.05)
    sys.exit(f"[customer] no message containing {needle!r} within 30 s; the chat: {messages(chat_id)}")


def chat() -> None:
    started = http("POST", "/__emulator/customer/chats", {"name": "Demo Customer", "message": "Hello bot"})
    chat_id = started.get("chat_id") or started.get("id")
    print(f"[customer] started chat {chat_id}: Hello bot")
    got = wait_for(chat_id, 1, "echo: Hello bot")
    for line in ["How are you?", "I want a human, please"]:
        http("POST", f"/__emulator/customer/chats/{chat_id}/events", {"text": line})
        print(f"[customer] {line}")
        got = wait_for(chat_id, len(got) + 1, "Transferring" if "human" in line else f"echo: {line}")
    print("[customer] the conversation as the customer saw it:")
    me = got[0][0]
    for author, text in got:
        print(f"    {'customer' if author == me else 'bot':>8}: {text}")
    deliveries = http("GET", "/__emulator/webhooks/deliveries")
    entries = deliveries if isinstance(deliveries, list) else deliveries.get("deliveries", [])
    delivered = sum(1 for d in entries if d.get("status") == "delivered")
    print(f"[customer] webhooks delivered to the bot: {delivered} of {len(entries)}")


def reset() -> None:
    http("POST", "/__emulator/reset")
    http(
        "POST",
        "/v3.6/agent/action/set_routing_status",
        {"status": "offline", "agent_id": SEED_BOT},
        token=os.environ["LIVECHAT_TOKEN"],
    )


if __name__ == "__main__":
    {"reset": reset, "chat": chat}[sys.argv[1]]()
