"""A bounded soak from Python: 50,000 calls (``LC_SOAK_CALLS``), 256 in flight
(``LC_SOAK_INFLIGHT``), mixed methods (writes, reads, a raw send, expected errors) on one client,
against an emulator. Passes when no call failed unexpectedly, every event the client was told it
stored is in the emulator's state exactly once (and no other), and the client's memory is flat:
RSS when the last calls are in flight is within 10% of RSS half way.

The client runs in a child process so that its RSS is the client's alone (the emulator, which
keeps every event, lives in this process)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from collections import Counter

import pytest

from livechat_client.testing import Emulator

CALLS = int(os.environ.get("LC_SOAK_CALLS", "50000"))
INFLIGHT = int(os.environ.get("LC_SOAK_INFLIGHT", "256"))

CHILD = textwrap.dedent(
    """
    import asyncio, gc, json, os, sys, time
    import livechat_client

    URL, TOKEN, CUSTOMER = sys.argv[1], sys.argv[2], sys.argv[3]
    CALLS, INFLIGHT = int(sys.argv[4]), int(sys.argv[5])
    PAGE = os.sysconf("SC_PAGE_SIZE")

    def rss_mib():
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * PAGE / 2**20

    async def main():
        out = {"ok": 0, "expected_errors": 0, "unexpected": [], "rss_mib": {},
               "by_method": {}}
        marks = {CALLS // 10: "10%", CALLS // 4: "25%", CALLS // 2: "50%", (3 * CALLS) // 4: "75%",
                 CALLS - INFLIGHT: "last in flight"}
        async with livechat_client.AgentWeb("soak", token=TOKEN, api_url=URL, timeout=60) as a:
            # Writes go to 64 chats; get_chat reads 8 others whose size never changes, so the
            # work per call stays the same from the first call to the last.
            chats = [(await a.start_chat())["chat_id"] for _ in range(64)]
            fixed = [(await a.start_chat())["chat_id"] for _ in range(8)]
            for c in fixed:
                for n in range(5):
                    await a.send_event(c, {"type": "message", "text": f"fixed-{n}", "visibility": "all"})
            sent = bytearray(CALLS)
            next_index = 0
            done = 0
            started = time.monotonic()

            async def one(i):
                chat = chats[i % len(chats)]
                k = i % 20
                if k < 8:
                    r = await a.send_event(chat, {"type": "message", "text": f"soak-{i}", "visibility": "all"})
                    assert r["event_id"]
                    sent[i] = 1
                    return "send_event"
                if k < 11:
                    c = fixed[i % len(fixed)]
                    assert (await a.get_chat(c))["id"] == c
                    return "get_chat"
                if k < 14:
                    assert "chats_summary" in await a.list_chats(limit=5)
                    return "list_chats"
                if k < 16:
                    assert await a.list_routing_statuses()
                    return "list_routing_statuses"
                if k == 16:
                    await a.send("list_agents_for_transfer", {"chat_id": chat})
                    return "send(list_agents_for_transfer)"
                if k == 17:
                    await a.follow_chat(chat)
                    return "follow_chat"
                if k == 18:
                    try:
                        await a.get_chat("NOSUCHCHAT")
                    except livechat_client.NotFoundError:
                        out["expected_errors"] += 1
                        return "get_chat (404, expected)"
                    raise AssertionError("get_chat of a missing chat succeeded")
                assert (await a.get_customer(CUSTOMER))["id"] == CUSTOMER
                return "get_customer"

            async def worker():
                nonlocal next_index, done
                while next_index < CALLS:
                    i = next_index
                    next_index += 1
                    try:
                        name = await one(i)
                        out["ok"] += 1
                        out["by_method"][name] = out["by_method"].get(name, 0) + 1
                    except Exception as e:  # counted and reported, never hidden
                        if len(out["unexpected"]) < 20:
                            out["unexpected"].append(f"call {i}: {type(e).__name__}: {e}")
                        out.setdefault("unexpected_count", 0)
                        out["unexpected_count"] += 1
                    done += 1
                    if done in marks:
                        gc.collect()
                        out["rss_mib"][marks[done]] = round(rss_mib(), 1)

            await asyncio.gather(*(worker() for _ in range(INFLIGHT)))
            out["seconds"] = round(time.monotonic() - started, 2)
            out["sent"] = [i for i in range(CALLS) if sent[i]]
        out["calls_per_second"] = round(CALLS / out["seconds"])
        print(json.dumps(out))

    asyncio.run(main())
    """
)


@pytest.mark.timeout(600)
def test_a_soak_of_mixed_calls_loses_nothing_and_memory_stays_flat() -> None:
    assert CALLS >= 4 * INFLIGHT > 0, "LC_SOAK_CALLS must be at least 4 × LC_SOAK_INFLIGHT"
    with Emulator() as emu:
        customer = emu.state()["customers"][0]["id"]
        r = subprocess.run(
            [sys.executable, "-c", CHILD, emu.url, emu.token, customer, str(CALLS), str(INFLIGHT)],
            capture_output=True,
            text=True,
            timeout=540,
        )
        assert r.returncode == 0, r.stderr[-4000:]
        out = json.loads(r.stdout.strip().splitlines()[-1])
        state = emu.state()

    report = {k: out[k] for k in ("seconds", "calls_per_second", "rss_mib", "by_method")}
    print(f"\nsoak (python): {CALLS} calls, {INFLIGHT} in flight: {json.dumps(report)}")
    assert out.get("unexpected_count", 0) == 0, out["unexpected"]
    assert out["ok"] == CALLS
    assert out["expected_errors"] == CALLS // 20 + (1 if CALLS % 20 > 18 else 0)

    texts: Counter[int] = Counter()
    pattern = re.compile(r"soak-(\d+)")
    for chat in state["chats"]:
        for thread in chat["threads"]:
            for event in thread["events"]:
                m = pattern.fullmatch(str(event.get("text", "")))
                if m:
                    texts[int(m.group(1))] += 1
    sent = out["sent"]
    assert len(sent) == len(set(sent))
    duplicated = [i for i, n in texts.items() if n > 1]
    missing = [i for i in sent if texts[i] == 0]
    unknown = set(texts) - set(sent)
    assert not duplicated, f"{len(duplicated)} events stored twice, e.g. {duplicated[:5]}"
    assert not missing, f"{len(missing)} acknowledged events missing, e.g. {missing[:5]}"
    assert not unknown, f"{len(unknown)} events stored that the client did not report, e.g. {sorted(unknown)[:5]}"

    half, last = out["rss_mib"]["50%"], out["rss_mib"]["last in flight"]
    assert last <= half * 1.10, f"RSS grew from {half} MiB at 50% to {last} MiB at the end: {out['rss_mib']}"
