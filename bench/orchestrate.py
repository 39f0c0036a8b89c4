#!/usr/bin/env python3
"""The benchmark orchestrator (run it through ``bench/run``, which builds and installs first).

Starts nginx on two loopback ports (TLS with a throw-away CA, and plain HTTP), runs every client
driver as its own process — clients × modes interleaved, repeated ``--reps`` times — and writes
``bench/results/<stamp>.md`` + ``.jsonl`` and ``bench/results/latest.md``. Standard library only.

Each driver prints one JSON line (calls, errors, elapsed_s, cpu_s of the timed phase, latency
mean/p50/p99 in µs); this script adds the process's peak RSS (``ru_maxrss`` from ``wait4``) and
computes medians, min–max and ratios against the baselines of the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
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
from typing import Any, Callable

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
    server {{
        listen 127.0.0.1:{http_port} backlog=16384;
        listen 127.0.0.1:{tls_port} ssl backlog=16384;
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
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def ca(self) -> str:
        return str(self.dir / "ca.crt")

    def url(self, transport: str) -> str:
        if transport == "tls":
            return f"https://127.0.0.1:{self.tls_port}"
        return f"http://127.0.0.1:{self.http_port}"

    def start(self) -> None:
        make_certs(self.dir)
        conf = self.dir / "nginx.conf"
        conf.write_text(NGINX_CONF.format(dir=self.dir, workers=self.workers, http_port=self.http_port,
                                          tls_port=self.tls_port, payload=PAYLOAD))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.proc = subprocess.Popen([nginx, "-c", str(conf), "-p", str(self.dir)],
                                     stdout=subprocess.DEVNULL, stderr=open(self.dir / "stderr.log", "wb"))
        deadline = time.monotonic() + 10
        for port in (self.http_port, self.tls_port):
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


def _ca(transport: str, s: Nginx) -> list[str]:
    return ["--ca", s.ca] if transport == "tls" else []


def _py(venv: Path, client: str) -> Callable[[str, Nginx], list[str]]:
    return lambda t, s: [str(venv / "bin" / "python"), str(BENCH / "python" / "driver.py"), "--client", client,
                         "--url", s.url(t), *_ca(t, s)]


RUST_BIN = ROOT / "target" / "release" / "livechat-bench"
C_BIN = BENCH / "c" / "build" / "bench"
OUR_VENV = ROOT / ".venv"
PEER_VENV = BENCH / ".venv-peers"

CLIENTS = [
    Client("reqwest", "raw tokio+reqwest", lambda t, s: [str(RUST_BIN), "--client", "reqwest", "--url", s.url(t),
                                                          *_ca(t, s)], baseline=True),
    Client("rust", "livechat Rust core", lambda t, s: [str(RUST_BIN), "--client", "core", "--url", s.url(t),
                                                        *_ca(t, s)]),
    Client("c-async", "livechat C, async callbacks", lambda t, s: [str(C_BIN), "--client", "async",
                                                                    "--url", s.url(t), *_ca(t, s)]),
    Client("c-blocking", "livechat C, blocking threads", lambda t, s: [str(C_BIN), "--client", "blocking",
                                                                        "--url", s.url(t), *_ca(t, s)]),
    Client("python", "livechat Python (asyncio)", _py(OUR_VENV, "livechat"), capped=True),
    Client("python-busy", "livechat Python (livechat.run: busy-poll loop)",
           lambda t, s: [*_py(OUR_VENV, "livechat")(t, s), "--loop", "livechat"], capped=True),
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
        Mode("wide", "10,000 in flight", a.wide_calls or 100_000, 10_000, 10_000, ("python", "aiohttp")),
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
    while open_connections({server.tls_port, server.http_port}) and time.monotonic() < deadline:
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
            "first_error": next((r.get("first_error") or r.get("failure") for r in rs
                                 if r.get("first_error") or r.get("failure")), None),
        }
    return agg


def ratio(agg: dict, key: tuple[str, str, str], base: str, field_: str) -> float:
    a, b = agg.get(key), agg.get((key[0], key[1], base))
    if not a or not b or not b[field_] or b[field_] != b[field_]:
        return float("nan")
    return a[field_] / b[field_]


def report(records: list[dict[str, Any]], meta: dict[str, Any], mode_list: list[Mode]) -> str:
    agg = aggregate(records)
    labels = {c.key: c.label + (" ¹" if c.baseline else "") for c in CLIENTS}
    out = [f"# livechat benchmark — {meta['date']}{' (quick)' if meta['quick'] else ''}\n"]
    out.append(
        f"`send_event` against nginx {meta['nginx']} on 127.0.0.1 (keep-alive, HTTP/1.1, "
        f"{meta['nginx_workers']} worker(s)), answering `{PAYLOAD}`. {meta['machine']}. "
        f"{meta['reps']} interleaved repetitions; each cell is the median, calls/s also min–max. "
        "CPU is the client process's user+system time during the timed calls; peak RSS is the "
        "process's VmHWM. Ratios compare medians of this run. ¹ baseline. ² the timed phase stopped at "
        f"the {meta['max_seconds']:g} s cap with fewer calls (median shown).\n"
    )
    out.append(f"Versions: {meta['versions']}.\n")
    for transport in ("tls", "http"):
        rows = [m for m in mode_list if any(k[0] == transport and k[1] == m.key for k in agg)]
        if not rows:
            continue
        out.append(f"\n## {'TLS (throw-away CA)' if transport == 'tls' else 'Plain HTTP'}\n")
        for m in rows:
            out.append(f"\n### {m.label} ({m.calls:,} calls after {m.warmup:,} untimed)\n\n")
            out.append("| client | calls/s | × reqwest | × aiohttp | mean / p50 / p99 ms | CPU ms / 1k calls "
                       "| × aiohttp CPU | peak RSS MiB | errors |\n")
            out.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|\n")
            for c in CLIENTS:
                key = (transport, m.key, c.key)
                g = agg.get(key)
                if not g:
                    continue
                if g["n"] == 0:
                    out.append(f"| {labels[c.key]} | failed: {str(g['first_error'])[:80]} | | | | | | | |\n")
                    continue
                capped = f" ²({fmt(g['calls'])} calls)" if g["calls"] < m.calls else ""
                out.append(
                    f"| {labels[c.key]}{capped} | {fmt(g['rate'])} ({fmt(g['rate_min'])}–{fmt(g['rate_max'])}) "
                    f"| {fmt(ratio(agg, key, 'reqwest', 'rate'), 2)} | {fmt(ratio(agg, key, 'aiohttp', 'rate'), 2)} "
                    f"| {fmt(g['mean_ms'], 3)} / {fmt(g['p50_ms'], 3)} / {fmt(g['p99_ms'], 3)} "
                    f"| {fmt(g['cpu_per_1k'], 1)} | {fmt(ratio(agg, key, 'aiohttp', 'cpu_per_1k'), 2)} "
                    f"| {fmt(g['rss_mib'], 1)} | {g['errors']}{' (' + str(g['failed_runs']) + ' runs failed)' if g['failed_runs'] else ''} |\n"
                )
    out.append("\n## Targets (TLS)\n\n")
    out.append("| target | measured | met |\n|---|--:|:-:|\n")
    for name, value, goal, better in targets(agg, mode_list):
        met = "–" if value != value else ("yes" if (value >= goal if better == "ge" else value <= goal) else "**no**")
        sign = "≥" if better == "ge" else "≤"
        out.append(f"| {name} {sign} {goal} | {fmt(value, 2)} | {met} |\n")
    stock = ratio(agg, ("tls", "seq", "python"), "reqwest", "mean_ms")
    if stock == stock:
        out.append(f"\nOn asyncio's stock event loop, the Python package's sequential mean latency is "
                   f"{fmt(stock, 2)} × reqwest's (bench/README.md says what limits it).\n")
    wide = next((m for m in mode_list if m.key == "wide"), None)
    if wide:
        for client in ("python", "aiohttp"):
            w, c = agg.get(("tls", "wide", client)), agg.get(("tls", "conc", client))
            if w and c and w["n"]:
                per = (w["rss_mib"] - c["rss_mib"]) * 1024 / (wide.concurrency - 64)
                out.append(f"\n{labels[client]} with {wide.concurrency:,} calls in flight: {fmt(w['rate'])} calls/s, "
                           f"{w['errors']} errors, peak RSS {fmt(w['rss_mib'], 1)} MiB "
                           f"(vs {fmt(c['rss_mib'], 1)} MiB at 64): ≈ {fmt(per, 1)} KiB per call in flight "
                           "(client side, connection included).\n")
    return "".join(out)


def targets(agg: dict, mode_list: list[Mode]) -> list[tuple[str, float, float, str]]:
    t = []
    conc, seq = ("tls", "conc"), ("tls", "seq")
    t.append(("Rust core calls/s × reqwest", ratio(agg, (*conc, "rust"), "reqwest", "rate"), 0.9, "ge"))
    t.append(("C async calls/s × reqwest", ratio(agg, (*conc, "c-async"), "reqwest", "rate"), 0.8, "ge"))
    t.append(("Python calls/s × reqwest", ratio(agg, (*conc, "python"), "reqwest", "rate"), 0.75, "ge"))
    t.append(("Python CPU per call × aiohttp", ratio(agg, (*conc, "python"), "aiohttp", "cpu_per_1k"), 0.35, "le"))
    t.append(("Python sequential calls/s × aiohttp", ratio(agg, (*seq, "python"), "aiohttp", "rate"), 1.5, "ge"))
    # Sequential latency is the busy-poll loop's job (see bench/README.md for the stock loop's limit).
    t.append(("Python sequential mean latency × reqwest (livechat.run)",
              ratio(agg, (*seq, "python-busy"), "reqwest", "mean_ms"), 1.2, "le"))
    t.append(("Python peak RSS × aiohttp (64 in flight)", ratio(agg, (*conc, "python"), "aiohttp", "rss_mib"), 1.0, "le"))
    w = agg.get(("tls", "wide", "python"))
    if w:
        t.append(("Python errors with many calls in flight", float(w["errors"] + w["failed_runs"]), 0, "le"))
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
    missed = [f"{name} (target {'≥' if better == 'ge' else '≤'} {goal}, measured {fmt(value, 2)})"
              for name, value, goal, better in targets(agg, mode_list)
              if value == value and not (value >= goal if better == "ge" else value <= goal)]
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
    p.add_argument("--transports", default="tls,http", help="tls,http (default both)")
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
    transports = a.transports.split(",")
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
    try:
        server.start()
        nginx_version = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip().split("/")[-1]
        plan = [(rep, t, m, c) for rep in range(1, reps + 1) for t in transports for c in clients
                for m in mode_list if (m.clients is None or c.key in m.clients) and not (c.tls_only and t != "tls")
                and not (m.key == "wide" and t != "tls")]
        print(f"bench: {len(plan)} runs; nginx on {server.url('tls')} and {server.url('http')}", flush=True)
        for i, (rep, t, m, c) in enumerate(plan, 1):
            cmd = c.argv(t, server) + ["--mode", "seq" if m.concurrency == 1 else "conc", "--calls", str(m.calls),
                                       "--concurrency", str(m.concurrency), "--warmup", str(m.warmup),
                                       "--token", TOKEN]
            if c.capped and a.max_seconds:
                cmd += ["--max-seconds", str(a.max_seconds)]
            settle(server)
            result, stderr, usage, wall = run_one(cmd, c.env(server), timeout=1800)
            rec: dict[str, Any] = {"stamp": stamp, "rep": rep, "transport": t, "mode": m.key, "client": c.key,
                                   "concurrency": m.concurrency, "warmup": m.warmup, "wall_s": round(wall, 3),
                                   # the drivers report VmHWM; ru_maxrss also counts the fork of this script
                                   "rss_peak_kb": usage.ru_maxrss,
                                   "process_cpu_s": round(usage.ru_utime + usage.ru_stime, 3)}
            if result is None:
                failures += 1
                rec["failure"] = stderr
                print(f"[{i}/{len(plan)}] {t} {m.key} {c.key}: FAILED {stderr[:300]}", flush=True)
            else:
                rec.update(result)
                print(f"[{i}/{len(plan)}] rep {rep} {t:4} {m.key:4} {c.key:14} {result['calls'] / result['elapsed_s']:>9,.0f}"
                      f" calls/s  {result['cpu_s'] * 1e6 / max(1, result['calls']):6.1f} ms CPU/1k  "
                      f"p50 {result['lat_p50_us'] / 1000:7.3f} ms  RSS {rec['rss_peak_kb'] / 1024:6.1f} MiB"
                      f"  errors {result['errors']}", flush=True)
            records.append(rec)
            if jsonl:
                jsonl.write(json.dumps(rec) + "\n")
                jsonl.flush()
    finally:
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
