"""Tests of the orchestrator's instruments: ``python3 -m unittest bench/test_orchestrate.py``.

The connection counts and the h2 check run against a real nginx (skipped without one); the
targets table runs on made-up records.
"""

from __future__ import annotations

import argparse
import http.client
import shutil
import socket
import ssl
import sys
import time
import unittest
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import orchestrate as o  # noqa: E402


def record(transport: str, mode: str, client: str, **extra: Any) -> dict[str, Any]:
    r = {"transport": transport, "mode": mode, "client": client, "calls": 1000, "errors": 0,
         "elapsed_s": 1.0, "cpu_s": 0.05, "lat_mean_us": 1000.0, "lat_p50_us": 900.0, "lat_p99_us": 2000.0,
         "rss_peak_kb": 40960, "conn_opened": 64, "conn_peak": 64}
    r.update(extra)
    return r


def full_modes() -> list[o.Mode]:
    return o.modes(False, argparse.Namespace(seq_calls=None, conc_calls=None, wide_calls=None))


def by_name(rows: list[o.Target]) -> dict[str, tuple[float, float, str]]:
    return {t.name: (t.value, t.goal, t.better) for t in rows}


class TargetsTest(unittest.TestCase):
    def test_missing_cells_read_not_measured_and_the_report_still_renders(self) -> None:
        recs = [record("tls", "conc", "python")]  # no reqwest, no aiohttp, nothing wide or h2
        text = o.report(recs, {"date": "d", "quick": False, "reps": 1, "max_seconds": 60, "nginx": "1",
                               "nginx_workers": 1, "machine": "m", "versions": "v"}, full_modes())
        self.assertIn("| Python, 64 in flight: calls/s × reqwest ≥ 0.9 | not measured | – | – |", text)
        self.assertNotIn("**no**", text)

    def test_ratio_targets_show_the_ratio_within_each_repetition(self) -> None:
        # A noisy rep slows everyone: the median ratio hides how far single reps went.
        recs = [record("tls", "conc", "reqwest", rep=rep, elapsed_s=e) for rep, e in ((1, 1.0), (2, 2.0), (3, 1.0))]
        recs += [record("tls", "conc", "python", rep=rep, elapsed_s=e) for rep, e in ((1, 1.25), (2, 2.0), (3, 1.0))]
        t = {x.name: x for x in o.targets(o.aggregate(recs), full_modes())}
        py = t["Python, 64 in flight: calls/s × reqwest"]
        self.assertEqual(sorted(round(r, 2) for r in py.per_rep), [0.8, 1.0, 1.0])
        self.assertEqual(t["Python over h2, 64 in flight: connections opened (max over reps)"].per_rep, [])
        text = o.report(recs, {"date": "d", "quick": False, "reps": 3, "max_seconds": 60, "nginx": "1",
                               "nginx_workers": 1, "machine": "m", "versions": "v"}, full_modes())
        self.assertIn("| Python, 64 in flight: calls/s × reqwest ≥ 0.9 | 0.80 | 0.80–1.00 | **no** |", text)

    def test_a_repetition_without_its_baseline_is_not_paired(self) -> None:
        recs = [record("tls", "conc", "reqwest", rep=1), record("tls", "conc", "python", rep=1),
                record("tls", "conc", "python", rep=2, elapsed_s=0.5)]
        self.assertEqual(o.rep_ratios(o.aggregate(recs), ("tls", "conc", "python"), "reqwest", "rate"), [1.0])

    def test_wide_connection_targets_use_the_worst_repetition(self) -> None:
        recs = [record("tls", "wide", "python", conn_opened=n, conn_peak=n) for n in (90, 95, 130)]
        t = by_name(o.targets(o.aggregate(recs), full_modes()))
        self.assertEqual(t["Python, 10,000 in flight: connections opened (max over reps)"][0], 130)
        self.assertEqual(t["Python, 10,000 in flight: peak connections (max over reps)"][0], 130)

    def test_h2_single_connection_target_is_an_equality(self) -> None:
        for opened, met in ((1, True), (0, False), (64, False)):
            recs = [record("h2", "conc", "python", conn_opened=opened)]
            value, goal, better = by_name(o.targets(o.aggregate(recs), full_modes()))[
                "Python over h2, 64 in flight: connections opened (max over reps)"]
            self.assertEqual(o.met(value, goal, better), met, opened)

    def test_the_quick_wide_mode_has_no_c_async_targets(self) -> None:
        quick = o.modes(True, argparse.Namespace(seq_calls=None, conc_calls=None, wide_calls=None))
        names = [name for name, *_ in o.targets({}, quick)]
        self.assertTrue(any(n.startswith("Python, 1,000 in flight") for n in names))
        self.assertFalse(any(n.startswith("C async, 1,000 in flight") for n in names))

    def test_conns_cell_names_requests_that_did_not_use_h2(self) -> None:
        agg = o.aggregate([record("h2", "conc", "python", not_h2_requests=7)])
        self.assertEqual(o.conns_cell(agg[("h2", "conc", "python")]), "64 / 64 (7 calls not over h2)")


@unittest.skipUnless(shutil.which("nginx") or Path("/usr/sbin/nginx").exists(), "needs nginx")
class NginxInstrumentsTest(unittest.TestCase):
    server: o.Nginx

    @classmethod
    def setUpClass(cls) -> None:
        cls.server = o.Nginx(1)
        cls.server.start()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.server.stop()

    def setUp(self) -> None:
        o.settle(self.server, limit=5)

    def test_conn_watch_counts_opened_and_peak_connections_but_not_its_own(self) -> None:
        status = o.StubStatus(self.server.status_port)
        try:
            with o.ConnWatch(status, interval=0.01) as watch:
                socks = [socket.create_connection(("127.0.0.1", self.server.http_port)) for _ in range(3)]
                time.sleep(0.2)  # several samples while all three are open
                for s in socks:
                    s.close()
                status.close()  # the next sample reconnects: that connect is ours, not the client's
                time.sleep(0.05)
                one = socket.create_connection(("127.0.0.1", self.server.http_port))
                one.close()
        finally:
            status.close()
        self.assertEqual(watch.opened, 4)
        self.assertEqual(watch.peak, 3)

    def test_requests_over_http1_on_the_h2_port_are_counted_and_tls_ones_are_not(self) -> None:
        before = self.server.not_h2_requests()
        ctx = ssl.create_default_context(cafile=self.server.ca)
        ctx.set_alpn_protocols(["http/1.1"])  # what a client without h2 offers
        for port in (self.server.h2_port, self.server.tls_port):
            conn = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=5)
            conn.request("POST", "/v3.6/agent/action/send_event", body=b"{}")
            self.assertEqual(conn.getresponse().read(), o.PAYLOAD.encode())
            conn.close()
        time.sleep(0.2)  # nginx writes the log line after the answer has gone out
        self.assertEqual(self.server.not_h2_requests() - before, 1)

    def test_the_h2_port_offers_h2_by_alpn(self) -> None:
        ctx = ssl.create_default_context(cafile=self.server.ca)
        ctx.set_alpn_protocols(["h2", "http/1.1"])
        with socket.create_connection(("127.0.0.1", self.server.h2_port)) as raw:
            with ctx.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
                self.assertEqual(tls.selected_alpn_protocol(), "h2")
        with socket.create_connection(("127.0.0.1", self.server.tls_port)) as raw:
            with ctx.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
                self.assertEqual(tls.selected_alpn_protocol(), "http/1.1")


if __name__ == "__main__":
    unittest.main()
