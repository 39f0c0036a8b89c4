// Benchmark driver for the official JS SDK, @livechat/lc-sdk-js (installed by bench/run with
// `npm install` into this folder). Same protocol as the other drivers:
//   node bench.js --url https://127.0.0.1:PORT [--mode seq|conc] [--calls N] [--concurrency C]
//                 [--warmup W] [--token T] [--max-seconds S]
// The SDK hard-codes `https://` + apiUrl and API 3.4, and needs a region from the token getter;
// the throw-away CA comes in through NODE_EXTRA_CA_CERTS (set by the orchestrator).
"use strict";

const { Agent } = require("@livechat/lc-sdk-js");

const CHAT_ID = "PJ0MRSHTDG";
const EVENT_ID = "Q20N9CKRX2";

function parseArgs() {
  const o = { mode: "conc", calls: 1000, concurrency: 64, warmup: 200, token: "bench-token" };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, "");
    const value = argv[i + 1];
    o[key] = ["calls", "concurrency", "warmup", "max-seconds"].includes(key) ? Number(value) : value;
  }
  if (!o.url || !o.url.startsWith("https://")) throw new Error("--url https://host:port is required");
  if (o.mode === "seq") o.concurrency = 1;
  return o;
}

async function phase(web, calls, concurrency, maxSeconds = 0) {
  const stats = { lat: [], errors: 0, firstError: null };
  let remaining = calls;
  const deadline = maxSeconds ? process.hrtime.bigint() + BigInt(Math.round(maxSeconds * 1e9)) : 0n;
  const worker = async () => {
    while (remaining > 0) {
      if (deadline && process.hrtime.bigint() > deadline) return;
      remaining -= 1;
      const t0 = process.hrtime.bigint();
      let err = null;
      try {
        const r = await web.sendEvent(CHAT_ID, { type: "message", text: "hello", visibility: "all" });
        if (!r || r.event_id !== EVENT_ID) err = `unexpected response ${JSON.stringify(r)}`;
      } catch (e) {
        err = e && e.message ? e.message : JSON.stringify(e);
      }
      stats.lat.push(Number(process.hrtime.bigint() - t0));
      if (err) {
        stats.errors += 1;
        if (stats.firstError === null) stats.firstError = err;
      }
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return { stats, elapsed: Number(process.hrtime.bigint() - started) / 1e9 };
}

// VmHWM of this process (ru_maxrss would include the forked parent's pages).
function peakRssKb() {
  try {
    const m = require("fs").readFileSync("/proc/self/status", "utf8").match(/^VmHWM:\s+(\d+)/m);
    if (m) return Number(m[1]);
  } catch (e) {}
  return process.resourceUsage().maxRSS;
}

async function main() {
  const o = parseArgs();
  const host = o.url.slice("https://".length);
  const web = new Agent.Web("bench", () => ({ accessToken: o.token, region: "dal" }), { apiUrl: host });
  if (o.warmup > 0) {
    const w = await phase(web, o.warmup, Math.min(o.concurrency, o.warmup));
    if (w.stats.errors === w.stats.lat.length) throw new Error(`warm-up failed: ${w.stats.firstError}`);
  }
  const cpu0 = process.cpuUsage();
  const { stats, elapsed } = await phase(web, o.calls, o.concurrency, o["max-seconds"] || 0);
  const cpu = process.cpuUsage(cpu0);
  const lat = Float64Array.from(stats.lat).sort();
  const n = lat.length;
  const pct = (p) => (n ? lat[Math.min(n, Math.max(1, Math.ceil(p * n))) - 1] / 1000 : 0);
  const sum = lat.reduce((a, b) => a + b, 0);
  process.stdout.write(
    JSON.stringify({
      calls: n,
      errors: stats.errors,
      first_error: stats.firstError,
      elapsed_s: elapsed,
      cpu_s: (cpu.user + cpu.system) / 1e6,
      lat_mean_us: n ? sum / n / 1000 : 0,
      lat_p50_us: pct(0.5),
      lat_p99_us: pct(0.99),
      rss_peak_kb: peakRssKb(),
    }) + "\n",
  );
}

main().catch((e) => {
  process.stderr.write(`lc-sdk-js driver: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
