"""Benchmark driver for the Python clients, one client per process.

    python driver.py --client livechat|aiohttp|httpx|lc-sdk-python --url URL
                     [--mode seq|conc] [--calls N] [--concurrency C] [--warmup W] [--ca PEM]

``--max-seconds`` ends a slow client's timed phase early (its calls are counted as made).
``--client livechat`` is our package, ``livechat_client`` (run it with the project's .venv); the
others are the baselines, installed by bench/run into bench/.venv-peers (a separate venv keeps each
measurement's interpreter free of the other clients' imports). Runs an untimed warm-up, then the timed
calls, checks every response's ``event_id`` and prints one JSON line: calls, errors, elapsed
seconds, CPU seconds of the process during the timed phase, mean/p50/p99 latency in µs.
asyncio clients run ``concurrency`` tasks on one event loop (asyncio's default, or with ``--loop`` uvloop or
livechat's busy-polling loop); lc-sdk-python is synchronous
(httpx.Client), so it runs ``concurrency`` threads.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import resource
import ssl
import sys
import threading
import time
from typing import Any, Awaitable, Callable

CHAT_ID = "PJ0MRSHTDG"
EVENT_ID = "Q20N9CKRX2"


def cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def ssl_context(ca: str | None) -> ssl.SSLContext | None:
    return ssl.create_default_context(cafile=ca) if ca else None


class Stats:
    """Latencies and errors of one phase (shared by the workers of that phase)."""

    def __init__(self) -> None:
        self.lat_ns: list[int] = []
        self.errors = 0
        self.first_error: str | None = None

    def error(self, e: BaseException | str) -> None:
        self.errors += 1
        if self.first_error is None:
            self.first_error = e if isinstance(e, str) else f"{type(e).__name__}: {e}"


# -- asyncio clients ------------------------------------------------------------------------------


async def make_livechat(a: argparse.Namespace) -> tuple[Callable[[], Awaitable[str]], Callable[[], Awaitable[None]]]:
    import livechat_client

    agent = livechat_client.AgentWeb("bench", token=a.token, api_url=a.url, version="3.6", ca_file=a.ca)

    async def call() -> str:
        r = await agent.send_event(CHAT_ID, {"type": "message", "text": "hello", "visibility": "all"})
        return r["event_id"]

    return call, agent.aclose


async def make_aiohttp(a: argparse.Namespace) -> tuple[Callable[[], Awaitable[str]], Callable[[], Awaitable[None]]]:
    import aiohttp

    connector = aiohttp.TCPConnector(limit=max(100, a.concurrency), ssl=ssl_context(a.ca) or True)
    session = aiohttp.ClientSession(connector=connector, headers={"Authorization": f"Bearer {a.token}"})
    url = f"{a.url}/v3.6/agent/action/send_event"

    async def call() -> str:
        body = {"chat_id": CHAT_ID, "event": {"type": "message", "text": "hello", "visibility": "all"}}
        async with session.post(url, json=body) as resp:
            if resp.status != 200:
                raise RuntimeError(f"HTTP {resp.status}")
            data = await resp.json()
        return data["event_id"]

    return call, session.close


async def make_httpx(a: argparse.Namespace) -> tuple[Callable[[], Awaitable[str]], Callable[[], Awaitable[None]]]:
    import httpx

    limits = httpx.Limits(max_connections=max(100, a.concurrency), max_keepalive_connections=max(20, a.concurrency))
    client = httpx.AsyncClient(
        verify=ssl_context(a.ca) or True, limits=limits, headers={"Authorization": f"Bearer {a.token}"}
    )
    url = f"{a.url}/v3.6/agent/action/send_event"

    async def call() -> str:
        body = {"chat_id": CHAT_ID, "event": {"type": "message", "text": "hello", "visibility": "all"}}
        resp = await client.post(url, json=body)
        resp.raise_for_status()
        return resp.json()["event_id"]

    return call, client.aclose


ASYNC_CLIENTS = {"livechat": make_livechat, "aiohttp": make_aiohttp, "httpx": make_httpx}


async def async_phase(
    call: Callable[[], Awaitable[str]], calls: int, concurrency: int, max_seconds: float = 0
) -> tuple[Stats, float]:
    stats = Stats()
    remaining = [calls]
    clock = time.perf_counter_ns
    lat = stats.lat_ns
    deadline = clock() + int(max_seconds * 1e9) if max_seconds else 0

    async def worker() -> None:
        while remaining[0] > 0:
            if deadline and clock() > deadline:
                return
            remaining[0] -= 1
            t0 = clock()
            try:
                event_id = await call()
            except Exception as e:  # counted, never fatal
                lat.append(clock() - t0)
                stats.error(e)
                continue
            lat.append(clock() - t0)
            if event_id != EVENT_ID:
                stats.error(f"unexpected event_id {event_id!r}")

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(max(1, concurrency))))
    return stats, time.perf_counter() - started


async def run_async(a: argparse.Namespace) -> dict[str, Any]:
    call, close = await ASYNC_CLIENTS[a.client](a)
    try:
        if a.warmup:
            w, _ = await async_phase(call, a.warmup, min(a.concurrency, a.warmup))
            if w.errors == len(w.lat_ns):
                raise SystemExit(f"warm-up failed: {w.first_error}")
        cpu0, thread0 = cpu_seconds(), time.thread_time()
        stats, elapsed = await async_phase(call, a.calls, a.concurrency, a.max_seconds)
        cpu, thread = cpu_seconds() - cpu0, time.thread_time() - thread0
    finally:
        await close()
    # loop_thread_cpu_s: the event loop's own thread (the rest ran on other threads, e.g. tokio's).
    return {**summary(stats, elapsed, cpu), "loop_thread_cpu_s": thread}


# -- lc-sdk-python: synchronous, one thread per call in flight -----------------------------------


def run_lc_sdk(a: argparse.Namespace) -> dict[str, Any]:
    from livechat.agent.web.base import AgentWeb  # lc-sdk-python (bench/.venv-peers)

    host = a.url.split("://", 1)[1]  # the SDK puts https:// in front itself
    client = AgentWeb.get_client(
        access_token=f"Bearer {a.token}", version="3.6", base_url=host, verify=ssl_context(a.ca) or True,
        disable_logging=True,
    )

    def call() -> str:
        resp = client.send_event(chat_id=CHAT_ID, event={"type": "message", "text": "hello", "visibility": "all"})
        if resp.status_code != 200:
            raise RuntimeError(f"HTTP {resp.status_code}")
        return resp.json()["event_id"]

    def phase(calls: int, threads: int, max_seconds: float = 0) -> tuple[Stats, float]:
        stats = Stats()
        lock = threading.Lock()
        remaining = [calls]
        clock = time.perf_counter_ns
        deadline = clock() + int(max_seconds * 1e9) if max_seconds else 0

        def worker() -> None:
            while True:
                with lock:
                    if remaining[0] <= 0 or (deadline and clock() > deadline):
                        return
                    remaining[0] -= 1
                t0 = clock()
                try:
                    event_id = call()
                    err = None if event_id == EVENT_ID else f"unexpected event_id {event_id!r}"
                except Exception as e:
                    err = f"{type(e).__name__}: {e}"
                dt = clock() - t0
                with lock:
                    stats.lat_ns.append(dt)
                    if err:
                        stats.error(err)

        started = time.perf_counter()
        pool = [threading.Thread(target=worker) for _ in range(max(1, threads))]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        return stats, time.perf_counter() - started

    if a.warmup:
        w, _ = phase(a.warmup, min(a.concurrency, a.warmup))
        if w.errors == len(w.lat_ns):
            raise SystemExit(f"warm-up failed: {w.first_error}")
    cpu0 = cpu_seconds()
    stats, elapsed = phase(a.calls, a.concurrency, a.max_seconds)
    cpu = cpu_seconds() - cpu0
    return summary(stats, elapsed, cpu)


def peak_rss_kb() -> int:
    """VmHWM of this process (ru_maxrss would include the forked parent's pages)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def summary(stats: Stats, elapsed: float, cpu: float) -> dict[str, Any]:
    lat = sorted(stats.lat_ns)
    n = len(lat)

    def pct(p: float) -> float:
        return lat[min(n, max(1, math.ceil(p * n))) - 1] / 1000 if n else 0.0

    return {
        "calls": n,
        "errors": stats.errors,
        "first_error": stats.first_error,
        "elapsed_s": elapsed,
        "cpu_s": cpu,
        "lat_mean_us": (sum(lat) / n / 1000) if n else 0.0,
        "lat_p50_us": pct(0.50),
        "lat_p99_us": pct(0.99),
        "rss_peak_kb": peak_rss_kb(),
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--client", required=True, choices=[*ASYNC_CLIENTS, "lc-sdk-python"])
    p.add_argument("--url", required=True)
    p.add_argument("--mode", choices=["seq", "conc"], default="conc")
    p.add_argument("--calls", type=int, default=1000)
    p.add_argument("--concurrency", type=int, default=64)
    p.add_argument("--warmup", type=int, default=200)
    p.add_argument("--ca")
    p.add_argument("--token", default="bench-token")
    p.add_argument("--loop", choices=["asyncio", "uvloop", "livechat"], default="asyncio",
                   help="livechat: livechat_client.run, the package's busy-polling loop (our client only)")
    p.add_argument("--max-seconds", type=float, default=0, help="end the timed phase early after this long")
    p.add_argument("--busy-poll", type=float, default=None,
                   help="livechat_client.set_busy_poll(S) before the run (0: the stock loop sleeps as it did "
                        "before the package made it spin; our client only)")
    a = p.parse_args()
    if a.busy_poll is not None:
        import livechat_client

        livechat_client.set_busy_poll(a.busy_poll)
    if a.mode == "seq":
        a.concurrency = 1
    if a.client == "lc-sdk-python":
        result = run_lc_sdk(a)
    elif a.loop == "uvloop":
        import uvloop

        result = uvloop.run(run_async(a))
    elif a.loop == "livechat":
        import livechat_client

        result = livechat_client.run(run_async(a))
    else:
        result = asyncio.run(run_async(a))
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
