"""Process-level behaviour: import without a loop, successive asyncio.run calls, uvloop, fork,
and exiting with calls in flight (many times: a rare crash must not hide)."""

from __future__ import annotations

import asyncio
import gc
import os
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

import livechat_client
from livechat_client.testing import Emulator


def run_python(code: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=timeout
    )


def test_import_starts_nothing() -> None:
    r = run_python(
        """
        import asyncio, livechat_client
        from livechat_client import _native
        assert not _native.runtime_started(), "runtime started at import"
        client = livechat_client.AgentWeb("c", token="dal:t")   # constructing needs no loop either
        assert not _native.runtime_started()
        print("ok")
        """
    )
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stderr


def test_one_client_across_successive_asyncio_runs(emulator: Emulator) -> None:
    client = emulator.client()

    async def use() -> int:
        return len(await client.list_routing_statuses())

    assert asyncio.run(use()) > 0
    assert asyncio.run(use()) > 0
    asyncio.run(client.aclose())


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")
async def test_aclose_releases_the_connections_while_the_client_object_lives(emu: Emulator) -> None:
    async with emu.client() as warm:  # the loop's bridge and the emulator's first fds
        await warm.list_routing_statuses()
    before = _open_fds()
    client = emu.client()
    await asyncio.gather(*(client.list_routing_statuses() for _ in range(100)))
    assert _open_fds() >= before + 2, "calls in flight at once opened connections"
    await client.aclose()
    for _ in range(500):  # the emulator notices each close asynchronously
        if _open_fds() <= before:
            break
        await asyncio.sleep(0.01)
    assert _open_fds() <= before, "aclose() left sockets open until the object was collected"
    assert client.closed


def test_under_uvloop(emulator: Emulator) -> None:
    uvloop = pytest.importorskip("uvloop")

    async def use() -> int:
        async with emulator.client() as a:
            results = await asyncio.gather(*(a.list_routing_statuses() for _ in range(200)))
            chat = await a.start_chat()
            await a.send_event(chat["chat_id"], {"type": "message", "text": "uv"})
            return len(results)

    assert uvloop.run(use()) == 200


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_gets_a_clear_error(emulator: Emulator) -> None:
    client = emulator.client()

    async def use() -> None:
        await client.list_chats()

    asyncio.run(use())  # the runtime now runs in this process
    pid = os.fork()
    if pid == 0:  # the child
        code = 1
        try:
            asyncio.run(use())
        except livechat_client.RuntimeStateError as e:
            code = 0 if "forked" in str(e) else 2
        except BaseException:
            code = 3
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    asyncio.run(use())  # the parent is unaffected


EXIT_SCRIPT = """
import asyncio, sys, livechat_client
from livechat_client.testing import Emulator

MODE = sys.argv[1]

async def main(emu):
    agent = emu.client()
    tasks = [asyncio.ensure_future(agent.list_routing_statuses()) for _ in range(1000)]
    await asyncio.sleep(0.005)
    if MODE == "sys_exit":
        sys.exit(0)
    await asyncio.gather(*tasks)

emu = Emulator(latency_ms=50).start()
asyncio.run(main(emu))
print("done")
"""


@pytest.mark.timeout(600)
@pytest.mark.parametrize("mode", ["normal", "sys_exit"])
def test_exiting_with_a_thousand_calls_in_flight_never_crashes_or_hangs(mode: str) -> None:
    def once(_: int) -> tuple[int, str]:
        r = subprocess.run([sys.executable, "-c", EXIT_SCRIPT, mode], capture_output=True, text=True, timeout=60)
        return r.returncode, r.stderr[-2000:]

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(once, range(25)))
    failures = [(code, err) for code, err in results if code != 0]
    assert not failures, failures[:3]


class _SilentServer:
    """Accepts one connection, reads one request and never answers; notes when the client hangs up."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.got_request = threading.Event()
        self.client_closed = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        conn, _ = self.sock.accept()
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                data += chunk
            self.got_request.set()
            while conn.recv(4096):
                pass
        # Set once this side's socket is closed too: the tests count the process's descriptors
        # right after, and this server lives in the same process.
        self.client_closed.set()

    def close(self) -> None:
        self.sock.close()


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")
@pytest.mark.parametrize("loop_factory", [asyncio.new_event_loop, livechat_client.new_event_loop])
def test_a_loop_dropped_with_a_call_in_flight_stops_the_call_and_frees_its_bridge(
    loop_factory: Callable[[], asyncio.AbstractEventLoop], emulator: Emulator
) -> None:
    async def warm_up() -> None:  # the runtime's own descriptors are open before the count
        async with emulator.client() as warm:
            await warm.list_routing_statuses()

    asyncio.run(warm_up())
    server = _SilentServer()
    agent = livechat_client.AgentWeb("c", token="dal:t", api_url=server.url, timeout=60, max_retries=0)
    try:
        fds = _open_fds()
        loop = loop_factory()
        task = loop.create_task(agent.list_chats())

        async def until_sent() -> None:
            while not server.got_request.is_set():
                await asyncio.sleep(0.005)

        loop.run_until_complete(until_sent())
        loop.close()  # no cleanup: the task, its future and the loop's bridge are left behind
        del task, loop
        gc.collect()
        assert server.client_closed.wait(10), "the request of a call whose loop is gone kept running"
        # The bridge's wake-up sockets and the loop's selector are gone too (the pooled connection was
        # the aborted request's own, so the client holds nothing open). The aborted task lets go of
        # the bridge's queue on a runtime thread just after its connection closes, so this is
        # checked until it holds (it failed now and then when checked once).
        deadline = time.monotonic() + 5
        while _open_fds() > fds and time.monotonic() < deadline:
            time.sleep(0.01)
        assert _open_fds() <= fds
    finally:
        asyncio.run(agent.aclose())
        server.close()


def test_no_logging_configured_prints_nothing_to_stderr() -> None:
    # A retry warning and the 3.3 deprecation notice, in a process that never configured logging:
    # the records reach the logger (the filter counts them) but nothing prints.
    r = run_python(
        """
        import asyncio, logging
        import livechat_client
        from livechat_client import _native
        from livechat_client.testing import Emulator

        seen = []
        logging.getLogger("livechat_client").addFilter(lambda record: seen.append(record.getMessage()) or True)

        async def main(emu):
            async with emu.client(version="3.3", max_retries=1) as agent:
                await agent.list_chats()

        with Emulator() as emu:
            emu.add_fault("list_chats", status=503, count=1, error={"type": "service_unavailable", "message": "busy"})
            asyncio.run(main(emu))
        _native.flush_logs()
        assert any("retrying" in m for m in seen), seen
        assert any("being retired" in m for m in seen), seen
        print("ok")
        """
    )
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stderr
    assert r.stderr == ""
