"""Connections under control: ``max_connections`` bounds the sockets a client holds (2,000
concurrent calls under a 256 file-descriptor limit all succeed), ``pool_idle_timeout`` closes idle
ones, and a server that closes idle keep-alive connections never loses or duplicates a write."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import textwrap
from typing import Any

import pytest

import livechat_client
from livechat_client.testing import Emulator

from canned import Answer, CannedServer

MANY_CALLS = textwrap.dedent(
    """
    import asyncio, json, os, resource, sys

    resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))
    import livechat_client

    def sockets():
        # The TCP sockets this process holds (its own socket pairs are not counted).
        tcp = set()
        for table in ("/proc/self/net/tcp", "/proc/self/net/tcp6"):
            with open(table) as f:
                tcp.update(line.split()[9] for line in list(f)[1:])
        n = 0
        for fd in os.listdir("/proc/self/fd"):
            try:
                link = os.readlink(f"/proc/self/fd/{fd}")
            except OSError:
                continue
            n += link.startswith("socket:[") and link[8:-1] in tcp
        return n

    async def main():
        url, token, max_connections = sys.argv[1], sys.argv[2], int(sys.argv[3])
        baseline = sockets()
        peak = 0
        out_of_descriptors = False
        running = True

        async def sample():
            nonlocal peak, out_of_descriptors
            while running:
                try:
                    peak = max(peak, sockets())
                except OSError:  # EMFILE: the calls took every descriptor
                    out_of_descriptors = True
                await asyncio.sleep(0.001)

        agent = livechat_client.AgentWeb(
            "fds", token=token, api_url=url, max_retries=0,
            max_connections=max_connections, pool_idle_timeout=0.2,
        )
        async with agent as a:
            sampler = asyncio.ensure_future(sample())
            calls = (a.list_routing_statuses() for _ in range(2000))
            results = await asyncio.gather(*calls, return_exceptions=True)
            running = False
            await sampler
            ended = sockets()
            # pool_idle_timeout is 0.2 s; the pool's reaper runs on its own tick, and a loaded
            # machine delays it: wait until they are closed, within a bound far above 0.2 s.
            deadline = asyncio.get_running_loop().time() + 5
            await asyncio.sleep(0.2)
            while (idle_closed := sockets()) and asyncio.get_running_loop().time() < deadline:
                await asyncio.sleep(0.05)
        errors = [repr(r) for r in results if isinstance(r, BaseException)]
        print(json.dumps({"baseline": baseline, "peak": peak, "ended": ended, "idle_closed": idle_closed,
                          "out_of_descriptors": out_of_descriptors, "failed": len(errors), "errors": errors[:3]}))

    asyncio.run(main())
    """
)


def run_many_calls(emu: Emulator, max_connections: int) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", MANY_CALLS, emu.url, emu.token, str(max_connections)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_max_connections_bounds_the_sockets_of_2000_concurrent_calls(emu: Emulator) -> None:
    seen = run_many_calls(emu, max_connections=50)
    assert seen["failed"] == 0 and not seen["out_of_descriptors"], seen
    # max_connections bounds the connections in use; one going back to the idle pool and a new
    # one taking its place may briefly coexist, and the pool keeps at most max_connections idle
    # ones: the sockets held stay below 2 × max_connections, far from the 256 descriptors.
    assert seen["baseline"] == 0
    assert 0 < seen["peak"] <= 2 * 50, seen
    assert len([r for r in emu.requests() if r["action"] == "list_routing_statuses"]) == 2000


def test_pool_idle_timeout_closes_idle_sockets(emu: Emulator) -> None:
    seen = run_many_calls(emu, max_connections=50)
    assert seen["ended"] > 0, f"the calls left no connection to reuse: {seen}"
    assert seen["idle_closed"] == 0, seen


@pytest.mark.timeout(180)
async def test_writes_survive_a_server_that_closes_idle_connections() -> None:
    texts: list[str] = []

    def answer(n: int, path: str, body: bytes) -> Answer:
        texts.append(json.loads(body)["event"]["text"])
        return b'{"event_id":"E%d"}' % n

    async with CannedServer(answer, idle_close=0.2) as server:
        async with livechat_client.AgentWeb(
            "idle", token="dal:idle", api_url=server.url, pool_idle_timeout=0.1, max_retries=2
        ) as a:
            failures: list[BaseException] = []
            for i in range(150):
                try:
                    await a.send_event("C", {"type": "message", "text": f"m{i}"})
                except livechat_client.LiveChatError as e:
                    failures.append(e)
                await asyncio.sleep(0.2)
    assert failures == []
    assert texts == [f"m{i}" for i in range(150)], "each write received exactly once"
