#!/usr/bin/env python3
"""The benchmark orchestrator (run it through ``bench/run``, which builds and installs first).

Starts nginx on three loopback ports (TLS with a throw-away CA, plain HTTP, and TLS with HTTP/2 by
ALPN) plus a fourth for its ``stub_status``, runs every client driver as its own process — clients
× modes interleaved, repeated ``--reps`` times — and writes
``bench/results/<stamp>.md`` + ``.jsonl`` and ``bench/results/latest.md``. Standard library only.

Each driver prints one JSON line (calls, errors, elapsed_s, cpu_s of the timed phase, latency
mean/p50/p99 in µs); this script adds nginx's connection counts for the process's whole run
(``conn_opened``: the ``accepts`` delta; ``conn_peak``: the peak of active connections, sampled
every 20 ms by a thread) and computes medians, min–max and ratios against the baselines of the same
run, and the issue-17 targets.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, NamedTuple

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
PAYLOAD = '{"event_id":"Q20N9CKRX2"}'
TOKEN = "bench-token-2b1f0c9e"

# -- the server -----------------------------------------------------------------------------------

NGINX_CONF = """\
worker_processes {workers};
worker_rlimit_nofile 40000;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{
    worker_connections 24000;
}}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    keepalive_timeout 600s;
    keepalive_requests 100000000;
    # Requests that reached the h2 port over HTTP/1.1 (a client that did not negotiate h2):
    # logged, the h2 ones are not, so the count per run costs nothing on the measured path.
    map "$server_port:$http2" $not_h2 {{
        "{h2_port}:" 1;
        default 0;
    }}
    log_format proto '$server_protocol';
    server {{
        listen 127.0.0.1:{http_port} backlog=16384;
        listen 127.0.0.1:{tls_port} ssl backlog=16384;
        listen 127.0.0.1:{h2_port} ssl http2 backlog=16384;
        access_log {dir}/not-h2.log proto if=$not_h2;
        ssl_certificate {dir}/server.crt;
        ssl_certificate_key {dir}/server.key;
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_session_cache shared:SSL:10m;
        location / {{
            default_type application/json;
            if ($request_method != POST) {{
                return 405;
            }}
            return 200 '{payload}';
        }}
    }}
    # Connection counts for the orchestrator (stub_status), on a port no client measures.
    server {{
        listen 127.0.0.1:{status_port};
        location = /status {{
            stub_status;
        }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def make_certs(d: Path) -> None:
    """A throw-away CA and a server certificate for 127.0.0.1 / localhost signed by it."""
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
            "-days", "2", "-subj", "/CN=livechat bench throw-away CA", "-addext",
            "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=d)
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
            "-subj", "/CN=127.0.0.1", cwd=d)
    (d / "san.ext").write_text(
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
        "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n"
    )
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "server.crt", "-days", "2", "-extfile", "san.ext", cwd=d)


class Nginx:
    """nginx in the foreground (daemon off) as our child, stopped by PID."""

    def __init__(self, workers: int) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="livechat-bench-"))
        os.chmod(self.dir, 0o755)
        self.workers = workers
        self.http_port = free_port()
        self.tls_port = free_port()
        self.h2_port = free_port()
        self.status_port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def ca(self) -> str:
        return str(self.dir / "ca.crt")

    @property
    def measured_ports(self) -> set[int]:
        return {self.http_port, self.tls_port, self.h2_port}

    def url(self, transport: str) -> str:
        if transport == "tls":
            return f"https://127.0.0.1:{self.tls_port}"
        if transport == "h2":
            return f"https://127.0.0.1:{self.h2_port}"
        return f"http://127.0.0.1:{self.http_port}"

    def not_h2_requests(self) -> int:
        """Requests so far that reached the h2 port over HTTP/1.x (one log line each)."""
        try:
            with open(self.dir / "not-h2.log", "rb") as f:
                return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
        except OSError:
            return 0

    def start(self) -> None:
        make_certs(self.dir)
        conf = self.dir / "nginx.conf"
        conf.write_text(NGINX_CONF.format(dir=self.dir, workers=self.workers, http_port=self.http_port,
                                          tls_port=self.tls_port, h2_port=self.h2_port,
                                          status_port=self.status_port, payload=PAYLOAD))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        with open(self.dir / "stderr.log", "wb") as stderr:  # the child keeps its own descriptor
            self.proc = subprocess.Popen([nginx, "-c", str(conf), "-p", str(self.dir)],
                                         stdout=subprocess.DEVNULL, stderr=stderr)
        deadline = time.monotonic() + 10
        for port in (self.http_port, self.tls_port, self.h2_port, self.status_port):
            while True:
                if self.proc.poll() is not None:
                    raise SystemExit(f"nginx exited: {(self.dir / 'stderr.log').read_text()}"
                                     f"{(self.dir / 'error.log').read_text() if (self.dir / 'error.log').exists() else ''}")
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise SystemExit(f"nginx does not listen on {port}")
                    time.sleep(0.05)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # fast shutdown of master and workers
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        shutil.rmtree(self.dir, ignore_errors=True)


# -- connection counts ----------------------------------------------------------------------------


class StubStatus:
    """nginx's stub_status over one kept-alive connection of our own. It counts its own connects
    so that they can be taken out of nginx's ``accepts``, and its open connection out of
    ``Active connections``."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn: http.client.HTTPConnection | None = None
        self.own_opens = 0
        self.lock = threading.Lock()  # the sampling thread and the main thread share the connection

    def read(self) -> tuple[int, int]:
        """(active connections not counting ours, accepts so far)."""
        with self.lock:
            return self._read()

    def _read(self) -> tuple[int, int]:
        last: Exception | None = None
        for _ in range(3):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                    self.conn.connect()
                    self.own_opens += 1
                self.conn.request("GET", "/status")
                body = self.conn.getresponse().read().decode()
                lines = body.splitlines()
                active = int(lines[0].split(":")[1])
                accepts = int(lines[2].split()[0])
                return active - 1, accepts
            except (OSError, http.client.HTTPException, IndexError, ValueError) as e:
                last = e
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
        raise OSError(f"nginx stub_status on port {self.port}: {last}")

    def close(self) -> None:
        with self.lock:
            if self.conn is not None:
                self.conn.close()
                self.conn = None


class ConnWatch:
    """Around one client process: connections it opened (the ``accepts`` delta, warm-up included)
    and the peak of nginx's active connections, sampled every ``interval`` s by a thread."""

    def __init__(self, status: StubStatus, interval: float = 0.02) -> None:
        self.status = status
        self.interval = interval
        self.opened: int | None = None
        self.peak: int | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> "ConnWatch":
        try:
            active, self._accepts0 = self.status.read()
        except OSError as e:
            print(f"bench: no connection counts for this run: {e}", flush=True)
            return self
        self._opens0 = self.status.own_opens
        self.peak = active
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                active, _ = self.status.read()
            except OSError:
                continue  # a missed sample; the next one may get through
            self.peak = max(self.peak or 0, active)

    def __exit__(self, *exc: object) -> None:
        if self._thread is None:
            return
        self._stop.set()
        self._thread.join()
        try:
            _, accepts = self.status.read()
        except OSError as e:
            print(f"bench: no connection counts for this run: {e}", flush=True)
            self.peak = None
            return
        self.opened = accepts - self._accepts0 - (self.status.own_opens - self._opens0)


TRANSPORTS = {"tls": "TLS (throw-away CA)", "http": "Plain HTTP", "h2": "TLS + HTTP/2 (ALPN h2)"}

# -- the clients ----------------------------------------------------------------------------------


@dataclass
class Client:
    key: str
    label: str
    argv: Callable[[str, Nginx], list[str]]  # (transport, server) -> command
    baseline: bool = False
    tls_only: bool = False
    in_quick: bool = True
    env: Callable[[Nginx], dict[str, str]] = field(default=lambda s: {})
    capped: bool = False  # its driver takes --max-seconds (the slow ones: Python and Node)
    h2: bool = False  # speaks HTTP/2 when the server offers it by ALPN (run on the h2 transport)


def _ca(transport: str, s: Nginx) -> list[str]:
    return ["--ca", s.ca] if transport in ("tls", "h2") else []


def _py(venv: Path, client: str) -> Callable[[str, Nginx], list[str]]:
    return lambda t, s: [str(venv / "bin" / "python"), str(BENCH / "python" / "driver.py"), "--client", client,
                         "--url", s.url(t), *_ca(t, s)]


RUST_BIN = ROOT / "target" / "release" / "livechat-bench"
C_BIN = BENCH / "c" / "build" / "bench"
OUR_VENV = ROOT / ".venv"
PEER_VENV = BENCH / ".venv-peers"

CLIENTS = [
    Client("reqwest", "raw tokio+reqwest", lambda t, s: [str(RUST_BIN), "--client", "reqwest", "--url", s.url(t),
                                                          *_ca(t, s)], baseline=True, h2=True),
    Client("rust", "livechat Rust core", lambda t, s: [str(RUST_BIN), "--client", "core", "--url", s.url(t),
                                                        *_ca(t, s)], h2=True),
    Client("c-async", "livechat C, async callbacks", lambda t, s: [str(C_BIN), "--client", "async",
                                                                    "--url", s.url(t), *_ca(t, s)], h2=True),
    Client("c-blocking", "livechat C, blocking threads", lambda t, s: [str(C_BIN), "--client", "blocking",
                                                                        "--url", s.url(t), *_ca(t, s)], h2=True),
    Client("python", "livechat Python (asyncio)", _py(OUR_VENV, "livechat"), capped=True, h2=True),
    Client("python-sleep", "livechat Python (asyncio, busy-poll off)",
           lambda t, s: [*_py(OUR_VENV, "livechat")(t, s), "--busy-poll", "0"], capped=True, in_quick=False),
    Client("python-busy", "livechat Python (livechat.run: busy-poll loop)",
           lambda t, s: [*_py(OUR_VENV, "livechat")(t, s), "--loop", "livechat"], capped=True, h2=True),
    Client("aiohttp", "aiohttp", _py(PEER_VENV, "aiohttp"), baseline=True, capped=True),
    Client("httpx", "httpx (async)", _py(PEER_VENV, "httpx"), baseline=True, capped=True),
    Client("lc-sdk-python", "lc-sdk-python (64 threads, logging off)", _py(PEER_VENV, "lc-sdk-python"),
           baseline=True, tls_only=True, in_quick=False, capped=True),
    Client("lc-sdk-js", "@livechat/lc-sdk-js (Node)",
           lambda t, s: ["node", str(BENCH / "node" / "bench.js"), "--url", s.url(t)], baseline=True,
           tls_only=True, in_quick=False, env=lambda s: {"NODE_EXTRA_CA_CERTS": s.ca}, capped=True),
]


@dataclass
class Mode:
    key: str
    label: str
    calls: int
    concurrency: int
    warmup: int
    clients: tuple[str, ...] | None = None  # None: every client


def modes(quick: bool, a: argparse.Namespace) -> list[Mode]:
    if quick:
        return [
            Mode("seq", "sequential", a.seq_calls or 200, 1, 30),
            Mode("conc", "64 in flight", a.conc_calls or 400, 64, 64),
            Mode("wide", "1,000 in flight", 2000, 1000, 1000, ("python",)),
        ]
    return [
        Mode("seq", "sequential", a.seq_calls or 20_000, 1, 1_000),
        Mode("conc", "64 in flight", a.conc_calls or 100_000, 64, 4_000),
        Mode("wide", "10,000 in flight", a.wide_calls or 100_000, 10_000, 10_000, ("python", "c-async", "aiohttp")),
    ]


# -- running one measurement ------------------------------------------------------------------------


def open_connections(ports: set[int]) -> int:
    """Sockets on these local ports that are neither listening nor in TIME_WAIT (from /proc/net)."""
    n = 0
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(name).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            f = line.split()
            if len(f) > 3 and int(f[1].rsplit(":", 1)[1], 16) in ports and f[3] not in ("0A", "06"):
                n += 1
    return n


def settle(server: Nginx, limit: float = 20.0) -> None:
    """Waits until nginx has closed the previous client's connections: after a run with 10,000 in
    flight that teardown takes nginx seconds of CPU, which would land on the next measurement."""
    deadline = time.monotonic() + limit
    while open_connections(server.measured_ports) and time.monotonic() < deadline:
        time.sleep(0.1)


def run_one(cmd: list[str], env: dict[str, str], timeout: float) -> tuple[dict[str, Any] | None, str, Any, float]:
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=out, stderr=err, env={**os.environ, **env}, cwd=ROOT)
    timer = threading.Timer(timeout, lambda: os.kill(proc.pid, signal.SIGKILL))
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - started
    out.seek(0)
    err.seek(0)
    stdout = out.read().decode(errors="replace")
    stderr = err.read().decode(errors="replace")
    line = next((ln for ln in reversed(stdout.splitlines()) if ln.startswith("{")), None)
    if proc.returncode != 0 or line is None:
        return None, f"exit {proc.returncode}: {stderr.strip()[-800:]}", usage, wall
    return json.loads(line), stderr, usage, wall


# -- statistics and the report ----------------------------------------------------------------------


def med(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def fmt(x: float, digits: int = 0) -> str:
    if x != x:  # NaN
        return "–"
    return f"{x:,.{digits}f}"


# How each aggregated field is read from one record.
PER_RECORD: dict[str, Callable[[dict[str, Any]], float]] = {
    "rate": lambda r: r["calls"] / r["elapsed_s"],
    "cpu_per_1k": lambda r: r["cpu_s"] * 1e6 / r["calls"],
    "p99_ms": lambda r: r["lat_p99_us"] / 1000,
    "rss_mib": lambda r: r["rss_peak_kb"] / 1024,
}


def aggregate(records: list[dict[str, Any]]) -> dict[tuple[str, str, str], dict[str, Any]]:
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for r in records:
        groups.setdefault((r["transport"], r["mode"], r["client"]), []).append(r)
    agg = {}
    for key, rs in groups.items():
        ok = [r for r in rs if r.get("calls")]
        rate = [r["calls"] / r["elapsed_s"] for r in ok]
        agg[key] = {
            "n": len(ok),
            "failed_runs": len(rs) - len(ok),
            "rate": med(rate),
            "rate_min": min(rate) if rate else float("nan"),
            "rate_max": max(rate) if rate else float("nan"),
            "mean_ms": med([r["lat_mean_us"] / 1000 for r in ok]),
            "p50_ms": med([r["lat_p50_us"] / 1000 for r in ok]),
            "p99_ms": med([r["lat_p99_us"] / 1000 for r in ok]),
            "cpu_per_1k": med([r["cpu_s"] * 1e6 / r["calls"] for r in ok]),
            "rss_mib": med([r["rss_peak_kb"] / 1024 for r in ok]),
            "errors": sum(r.get("errors", 0) for r in rs),
            "calls": med([r["calls"] for r in ok]),
            # connection counts: medians for the tables, maxima for the targets (a cap holds in every run)
            "conn_opened": med(conns := [r["conn_opened"] for r in ok if r.get("conn_opened") is not None]),
            "conn_opened_max": max(conns) if conns else float("nan"),
            "conn_peak": med(peaks := [r["conn_peak"] for r in ok if r.get("conn_peak") is not None]),
            "conn_peak_max": max(peaks) if peaks else float("nan"),
            "not_h2_requests": sum(r.get("not_h2_requests", 0) for r in rs),
            "first_error": next((r.get("first_error") or r.get("failure") for r in rs
                                 if r.get("first_error") or r.get("failure")), None),
            # repetition -> its record, to pair a client's run with the baseline's of the same rep
            "by_rep": {r.get("rep", i): r for i, r in enumerate(ok)},
        }
    return agg


def conns_cell(g: dict[str, Any]) -> str:
    cell = f"{fmt(g['conn_opened'])} / {fmt(g['conn_peak'])}"
    if g["not_h2_requests"]:
        cell += f" ({g['not_h2_requests']:,} calls not over h2)"
    return cell


def ratio(agg: dict, key: tuple[str, str, str], base: str, field_: str) -> float:
    a, b = agg.get(key), agg.get((key[0], key[1], base))
    if not a or not b or not b[field_] or b[field_] != b[field_]:
        return float("nan")
    return a[field_] / b[field_]


def rep_ratios(agg: dict, key: tuple[str, str, str], base: str, field_: str) -> list[float]:
    """`field_` of `key` over the baseline's, repetition by repetition (the reps are interleaved,
    so each pair ran under the same conditions); empty when no repetition has both."""
    a, b = agg.get(key), agg.get((key[0], key[1], base))
    if not a or not b:
        return []
    read = PER_RECORD[field_]
    out = []
    for rep, rec in a["by_rep"].items():
        other = b["by_rep"].get(rep)
        if other is not None and read(other):
            out.append(read(rec) / read(other))
    return out


class Target(NamedTuple):
    """One of issue 17's targets as measured: `value` is NaN when the run lacks a cell;
    `per_rep` the ratio in each repetition (ratio targets only)."""
    name: str
    value: float
    goal: float
    better: str
    per_rep: list[float]


def report(records: list[dict[str, Any]], meta: dict[str, Any], mode_list: list[Mode]) -> str:
    agg = aggregate(records)
    labels = {c.key: c.label + (" ¹" if c.baseline else "") for c in CLIENTS}
    out = [f"# livechat benchmark — {meta['date']}{' (quick)' if meta['quick'] else ''}\n"]
    out.append(
        f"`send_event` against nginx {meta['nginx']} on 127.0.0.1 (keep-alive, HTTP/1.1; HTTP/2 by ALPN "
        f"on the h2 port; {meta['nginx_workers']} worker(s)), answering `{PAYLOAD}`. {meta['machine']}. "
        f"{meta['reps']} interleaved repetitions; each cell is the median, calls/s also min–max. "
        "CPU is the client process's user+system time during the timed calls; peak RSS is the "
        "process's VmHWM. Conns opened / peak: connections nginx accepted from the client over its whole "
        "process run (warm-up included) and the peak of nginx's active connections, sampled every 20 ms "
        "(stub_status). Ratios compare medians of this run. ¹ baseline. ² the timed phase stopped at "
        f"the {meta['max_seconds']:g} s cap with fewer calls (median shown).\n"
    )
    out.append(f"Versions: {meta['versions']}.\n")
    for transport, title in TRANSPORTS.items():
        rows = [m for m in mode_list if any(k[0] == transport and k[1] == m.key for k in agg)]
        if not rows:
            continue
        out.append(f"\n## {title}\n")
        for m in rows:
            out.append(f"\n### {m.label} ({m.calls:,} calls after {m.warmup:,} untimed)\n\n")
            out.append("| client | calls/s | × reqwest | × aiohttp | mean / p50 / p99 ms | CPU ms / 1k calls "
                       "| × aiohttp CPU | peak RSS MiB | conns opened / peak | errors |\n")
            out.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
            for c in CLIENTS:
                key = (transport, m.key, c.key)
                g = agg.get(key)
                if not g:
                    continue
                if g["n"] == 0:
                    out.append(f"| {labels[c.key]} | failed: {str(g['first_error'])[:80]} | | | | | | | | |\n")
                    continue
                capped = f" ²({fmt(g['calls'])} calls)" if g["calls"] < m.calls else ""
                out.append(
                    f"| {labels[c.key]}{capped} | {fmt(g['rate'])} ({fmt(g['rate_min'])}–{fmt(g['rate_max'])}) "
                    f"| {fmt(ratio(agg, key, 'reqwest', 'rate'), 2)} | {fmt(ratio(agg, key, 'aiohttp', 'rate'), 2)} "
                    f"| {fmt(g['mean_ms'], 3)} / {fmt(g['p50_ms'], 3)} / {fmt(g['p99_ms'], 3)} "
                    f"| {fmt(g['cpu_per_1k'], 1)} | {fmt(ratio(agg, key, 'aiohttp', 'cpu_per_1k'), 2)} "
                    f"| {fmt(g['rss_mib'], 1)} | {conns_cell(g)} | {g['errors']}{' (' + str(g['failed_runs']) + ' runs failed)' if g['failed_runs'] else ''} |\n"
                )
    out.append("\n## Targets (issue 17; TLS unless said)\n\n")
    out.append("Measured: the ratio of the medians; per repetition: the ratio within each interleaved "
               "repetition, lowest–highest (how far one run can be trusted).\n\n")
    out.append("| target | measured | per repetition | met |\n|---|--:|--:|:-:|\n")
    for t in targets(agg, mode_list):
        name, value, goal, better = t.name, t.value, t.goal, t.better
        if value != value:
            out.append(f"| {name} {SIGN[better]} {goal:g} | not measured | – | – |\n")
            continue
        spread = f"{fmt(min(t.per_rep), 2)}–{fmt(max(t.per_rep), 2)}" if t.per_rep else "–"
        out.append(f"| {name} {SIGN[better]} {goal:g} | {shown(value, goal)} | {spread} "
                   f"| {'yes' if met(value, goal, better) else '**no**'} |\n")
    wide = next((m for m in mode_list if m.key == "wide"), None)
    if wide:
        for client in ("python", "c-async", "aiohttp"):
            w, c = agg.get(("tls", "wide", client)), agg.get(("tls", "conc", client))
            if w and c and w["n"]:
                per = (w["rss_mib"] - c["rss_mib"]) * 1024 / (wide.concurrency - 64)
                out.append(f"\n{labels[client]} with {wide.concurrency:,} calls in flight: {fmt(w['rate'])} calls/s, "
                           f"{w['errors']} errors, peak RSS {fmt(w['rss_mib'], 1)} MiB "
                           f"(vs {fmt(c['rss_mib'], 1)} MiB at 64): ≈ {fmt(per, 1)} KiB per call in flight "
                           "(client side, connection included).\n")
    return "".join(out)


def met(value: float, goal: float, better: str) -> bool:
    return value >= goal if better == "ge" else value <= goal if better == "le" else value == goal


SIGN = {"ge": "≥", "le": "≤", "eq": "="}


def shown(value: float, goal: float) -> str:
    """Counts (connections, errors) as integers, ratios with two decimals."""
    return fmt(value) if value == int(value) and goal == int(goal) else fmt(value, 2)


def targets(agg: dict, mode_list: list[Mode]) -> list[Target]:
    """Issue 17's targets; a value is NaN when this run lacks its cell."""
    conc, seq, h2 = ("tls", "conc"), ("tls", "seq"), ("h2", "conc")
    nan = float("nan")

    def vs(name: str, key: tuple[str, str, str], base: str, field_: str, goal: float, better: str) -> Target:
        return Target(name, ratio(agg, key, base, field_), goal, better, rep_ratios(agg, key, base, field_))

    def count(name: str, value: float, goal: float, better: str) -> Target:
        return Target(name, value, goal, better, [])

    t = [
        vs("Python, 64 in flight: calls/s × reqwest", (*conc, "python"), "reqwest", "rate", 0.9, "ge"),
        vs("Python, 64 in flight: CPU per call × aiohttp", (*conc, "python"), "aiohttp", "cpu_per_1k", 0.3, "le"),
        vs("Python sequential (stock loop): calls/s × reqwest", (*seq, "python"), "reqwest", "rate", 0.8, "ge"),
        vs("Python sequential (stock loop): p99 × reqwest p99", (*seq, "python"), "reqwest", "p99_ms", 1.5, "le"),
        vs("C blocking, 64 threads: calls/s × reqwest", (*conc, "c-blocking"), "reqwest", "rate", 0.9, "ge"),
        vs("Rust core, 64 in flight: calls/s × reqwest", (*conc, "rust"), "reqwest", "rate", 0.9, "ge"),
        vs("C async, 64 in flight: calls/s × reqwest", (*conc, "c-async"), "reqwest", "rate", 0.9, "ge"),
    ]
    wide = next((m for m in mode_list if m.key == "wide"), None)
    if wide:
        for client, name in (("python", "Python"), ("c-async", "C async")):
            if wide.clients is not None and client not in wide.clients:
                continue  # quick mode's wide row is Python only
            key = ("tls", "wide", client)
            w = agg.get(key)
            pre = f"{name}, {wide.label}:"
            t += [
                count(f"{pre} errors", float(w["errors"] + w["failed_runs"]) if w else nan, 0, "le"),
                count(f"{pre} connections opened (max over reps)", w["conn_opened_max"] if w else nan, 100, "le"),
                count(f"{pre} peak connections (max over reps)", w["conn_peak_max"] if w else nan, 100, "le"),
                vs(f"{pre} p99 × aiohttp p99", key, "aiohttp", "p99_ms", 1.0, "le"),
                vs(f"{pre} peak RSS × aiohttp", key, "aiohttp", "rss_mib", 1.0, "le"),
            ]
    p = agg.get((*h2, "python"))
    t += [
        vs("Python over h2, 64 in flight: calls/s × reqwest over h2", (*h2, "python"), "reqwest", "rate", 0.9, "ge"),
        count("Python over h2, 64 in flight: connections opened (max over reps)", p["conn_opened_max"] if p else nan,
              1, "eq"),
    ]
    return t


# -- main -----------------------------------------------------------------------------------------

README_BEGIN = "<!-- latest results: begin (written by bench/orchestrate.py) -->"
README_END = "<!-- latest results: end -->"


def summary(records: list[dict[str, Any]], meta: dict[str, Any], mode_list: list[Mode]) -> str:
    """The project README's short table: TLS, 64 in flight, every client of the run."""
    agg = aggregate(records)
    out = [f"Latest full run ({meta['date']}, TLS, 64 in flight, medians of {meta['reps']} "
           "repetitions; compare ratios, not absolute numbers):\n\n",
           "| client | calls/s | × raw reqwest | × aiohttp | CPU ms / 1k calls | peak RSS MiB |\n",
           "|---|--:|--:|--:|--:|--:|\n"]
    for c in CLIENTS:
        key = ("tls", "conc", c.key)
        g = agg.get(key)
        if not g or not g["n"]:
            continue
        out.append(f"| {c.label} | {fmt(g['rate'])} | {fmt(ratio(agg, key, 'reqwest', 'rate'), 2)} "
                   f"| {fmt(ratio(agg, key, 'aiohttp', 'rate'), 2)} | {fmt(g['cpu_per_1k'], 1)} "
                   f"| {fmt(g['rss_mib'], 1)} |\n")
    missed = [f"{t.name} (target {SIGN[t.better]} {t.goal:g}, measured {shown(t.value, t.goal)})"
              for t in targets(agg, mode_list)
              if t.value == t.value and not met(t.value, t.goal, t.better)]
    out.append("\nTargets missed in this run: " + ("; ".join(missed) if missed else "none") +
               "; bench/README.md says what limits each.\n")
    return "".join(out)


def replace_between_markers(path: Path, body: str) -> None:
    """Puts `body` between README_BEGIN and README_END in `path` (left alone without them)."""
    if not path.exists():
        return
    text = path.read_text()
    if README_BEGIN not in text or README_END not in text:
        return
    head, rest = text.split(README_BEGIN, 1)
    _, tail = rest.split(README_END, 1)
    path.write_text(f"{head}{README_BEGIN}\n\n{body.strip()}\n\n{README_END}{tail}")


def update_readmes(report_text: str, summary_text: str) -> None:
    """The full report into bench/README.md, the short table into the project README."""
    body = report_text.replace("\n### ", "\n##### ").replace("\n## ", "\n#### ")
    body = body.replace("# livechat benchmark", "### livechat benchmark", 1)
    replace_between_markers(BENCH / "README.md", body)
    replace_between_markers(ROOT / "README.md", summary_text)



def versions() -> str:
    def cmd(*c: str) -> str:
        try:
            r = subprocess.run(c, capture_output=True, text=True, timeout=30)
            return (r.stdout + r.stderr).strip().splitlines()[0]
        except Exception:
            return "?"

    peers = "?"
    if (PEER_VENV / "bin" / "python").exists():
        peers = cmd(str(PEER_VENV / "bin" / "python"), "-c",
                    "import importlib.metadata as m\n"
                    "def v(p):\n"
                    "    try: return f'{p} {m.version(p)}'\n"
                    "    except m.PackageNotFoundError: return f'{p} not installed'\n"
                    "print(', '.join(v(p) for p in ('aiohttp', 'httpx', 'lc-sdk-python')))")
    js = "?"
    pkg = BENCH / "node" / "node_modules" / "@livechat" / "lc-sdk-js" / "package.json"
    if pkg.exists():
        js = "lc-sdk-js " + json.loads(pkg.read_text())["version"]
    return "; ".join([cmd("rustc", "-V"), cmd(str(OUR_VENV / "bin" / "python"), "-V"), peers,
                      f"Node {cmd('node', '-v')}, {js}"])


def machine() -> str:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({model}), Linux {platform.release()}"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="a few hundred calls per client, no official SDKs")
    p.add_argument("--reps", type=int, help="repetitions (default 3, quick 1)")
    p.add_argument("--clients", help="comma-separated client keys (default: all)")
    p.add_argument("--modes", help="comma-separated modes: seq,conc,wide (default: all)")
    p.add_argument("--transports", help="tls,http,h2 (default: all three; quick: tls,http)")
    p.add_argument("--seq-calls", type=int)
    p.add_argument("--conc-calls", type=int)
    p.add_argument("--wide-calls", type=int)
    p.add_argument("--nginx-workers", type=int, default=1)
    p.add_argument("--max-seconds", type=float, default=60,
                   help="end a slow client's timed phase after this long (default 60; 0: never)")
    p.add_argument("--no-write", action="store_true", help="print the table, write no files")
    a = p.parse_args()
    reps = a.reps or (1 if a.quick else 3)
    wanted = set(a.clients.split(",")) if a.clients else None
    mode_list = [m for m in modes(a.quick, a) if not a.modes or m.key in a.modes.split(",")]
    transports = (a.transports or ("tls,http" if a.quick else "tls,http,h2")).split(",")
    unknown = set(transports) - set(TRANSPORTS)
    if unknown:
        p.error(f"unknown transport(s) {', '.join(sorted(unknown))}; known: {', '.join(TRANSPORTS)}")
    clients = [c for c in CLIENTS if (wanted is None or c.key in wanted) and (c.in_quick or not a.quick)]

    # Many connections in flight need many descriptors (inherited by the drivers).
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 65536)), hard))
    except (ValueError, OSError):
        pass

    stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M%S") + ("-quick" if a.quick else "")
    RESULTS.mkdir(exist_ok=True)
    jsonl = None if a.no_write else open(RESULTS / f"{stamp}.jsonl", "w")
    server = Nginx(a.nginx_workers)

    def on_signal(signum: int, _frame: Any) -> None:
        server.stop()
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    records: list[dict[str, Any]] = []
    failures = 0
    status = None
    try:
        server.start()
        status = StubStatus(server.status_port)
        nginx_version = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip().split("/")[-1]
        plan = [(rep, t, m, c) for rep in range(1, reps + 1) for t in transports for c in clients
                for m in mode_list if (m.clients is None or c.key in m.clients) and not (c.tls_only and t != "tls")
                and not (m.key == "wide" and t != "tls") and not (t == "h2" and not c.h2)]
        print(f"bench: {len(plan)} runs; nginx on {server.url('tls')}, {server.url('http')} and "
              f"{server.url('h2')} (h2)", flush=True)
        for i, (rep, t, m, c) in enumerate(plan, 1):
            cmd = c.argv(t, server) + ["--mode", "seq" if m.concurrency == 1 else "conc", "--calls", str(m.calls),
                                       "--concurrency", str(m.concurrency), "--warmup", str(m.warmup),
                                       "--token", TOKEN]
            if c.capped and a.max_seconds:
                cmd += ["--max-seconds", str(a.max_seconds)]
            settle(server)
            not_h2_before = server.not_h2_requests()
            with ConnWatch(status) as conns:
                result, stderr, usage, wall = run_one(cmd, c.env(server), timeout=1800)
            rec: dict[str, Any] = {"stamp": stamp, "rep": rep, "transport": t, "mode": m.key, "client": c.key,
                                   "concurrency": m.concurrency, "warmup": m.warmup, "wall_s": round(wall, 3),
                                   # the drivers report VmHWM; ru_maxrss also counts the fork of this script
                                   "rss_peak_kb": usage.ru_maxrss,
                                   "process_cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
                                   # nginx's view over the whole process run, warm-up included
                                   "conn_opened": conns.opened, "conn_peak": conns.peak}
            if t == "h2":
                rec["not_h2_requests"] = server.not_h2_requests() - not_h2_before
            if result is None:
                failures += 1
                rec["failure"] = stderr
                print(f"[{i}/{len(plan)}] {t} {m.key} {c.key}: FAILED {stderr[:300]}", flush=True)
            else:
                rec.update(result)
                print(f"[{i}/{len(plan)}] rep {rep} {t:4} {m.key:4} {c.key:14} {result['calls'] / result['elapsed_s']:>9,.0f}"
                      f" calls/s  {result['cpu_s'] * 1e6 / max(1, result['calls']):6.1f} ms CPU/1k  "
                      f"p50 {result['lat_p50_us'] / 1000:7.3f} ms  RSS {rec['rss_peak_kb'] / 1024:6.1f} MiB"
                      f"  errors {result['errors']}  conns {rec['conn_opened']}/{rec['conn_peak']}", flush=True)
            records.append(rec)
            if jsonl:
                jsonl.write(json.dumps(rec) + "\n")
                jsonl.flush()
    finally:
        if status is not None:
            status.close()
        server.stop()
        if jsonl:
            jsonl.close()
    meta = {"date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "quick": a.quick, "reps": reps,
            "max_seconds": a.max_seconds,
            "nginx": nginx_version, "nginx_workers": a.nginx_workers, "machine": machine(), "versions": versions()}
    text = report(records, meta, mode_list)
    print("\n" + text)
    if not a.no_write:
        (RESULTS / f"{stamp}.md").write_text(text)
        if not a.quick:
            (RESULTS / "latest.md").write_text(text)
            update_readmes(text, summary(records, meta, mode_list))
        print(f"bench: wrote bench/results/{stamp}.md and .jsonl", flush=True)
    errors = sum(r.get("errors", 0) for r in records)
    return 1 if failures or (a.quick and errors) else 0


if __name__ == "__main__":
    sys.exit(main())
