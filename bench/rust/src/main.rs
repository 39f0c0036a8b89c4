//! Benchmark driver for the Rust clients: `livechat` (our core) and raw tokio + reqwest, one
//! client per process. Runs an untimed warm-up, then the timed calls (sequential, or with a fixed
//! number in flight), checks every response's `event_id`, and prints one JSON line with calls/s,
//! latency and the process's CPU time during the timed phase. The orchestrator
//! (`bench/orchestrate.py`) adds peak RSS and puts the runs side by side.
//!
//! Usage: `livechat-bench --client core|reqwest --url URL [--mode seq|conc] [--calls N]
//! [--concurrency C] [--warmup W] [--ca PEM] [--token T]`

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::json;

const CHAT_ID: &str = "PJ0MRSHTDG";
const EVENT_ID: &str = "Q20N9CKRX2";

/// Command-line options.
#[derive(Clone)]
struct Opts {
    client: String,
    url: String,
    mode: String,
    calls: usize,
    concurrency: usize,
    warmup: usize,
    ca: Option<String>,
    token: String,
}

fn parse_args() -> Result<Opts, String> {
    let mut o = Opts {
        client: String::new(),
        url: String::new(),
        mode: "conc".into(),
        calls: 1000,
        concurrency: 64,
        warmup: 200,
        ca: None,
        token: "bench-token".into(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let num = |v: &str| v.parse::<usize>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--client" => o.client = value,
            "--url" => o.url = value,
            "--mode" => o.mode = value,
            "--calls" => o.calls = num(&value)?,
            "--concurrency" => o.concurrency = num(&value)?,
            "--warmup" => o.warmup = num(&value)?,
            "--ca" => o.ca = Some(value),
            "--token" => o.token = value,
            other => return Err(format!("unknown option {other}")),
        }
    }
    if o.url.is_empty() || !["core", "reqwest"].contains(&o.client.as_str()) {
        return Err("--client core|reqwest and --url are required".into());
    }
    if o.mode == "seq" {
        o.concurrency = 1;
    }
    Ok(o)
}

/// The two clients behind one `call`.
#[derive(Clone)]
enum Client {
    Core(livechat::AgentWeb),
    Reqwest {
        http: reqwest::Client,
        url: Arc<str>,
        auth: Arc<str>,
    },
}

#[derive(Deserialize)]
struct SendEventResponse {
    event_id: String,
}

impl Client {
    fn new(o: &Opts) -> Result<Client, String> {
        let pem = match &o.ca {
            Some(path) => Some(std::fs::read(path).map_err(|e| format!("{path}: {e}"))?),
            None => None,
        };
        if o.client == "core" {
            let mut b = livechat::AgentWeb::builder("bench")
                .token(livechat::Token::bearer(o.token.clone()))
                .api_url(o.url.clone())
                .version("3.6");
            if let Some(pem) = pem {
                b = b.add_root_certificate_pem(pem);
            }
            return b.build().map(Client::Core).map_err(|e| e.to_string());
        }
        // Raw reqwest as an integration would write it: one client, the CA added, JSON in/out.
        let mut b = reqwest::Client::builder();
        if let Some(pem) = pem {
            let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| e.to_string())?;
            b = b.tls_certs_merge(certs);
        }
        Ok(Client::Reqwest {
            http: b.build().map_err(|e| e.to_string())?,
            url: format!("{}/v3.6/agent/action/send_event", o.url).into(),
            auth: format!("Bearer {}", o.token).into(),
        })
    }

    /// One `send_event`; `Ok(())` when the answer carries the expected `event_id`.
    async fn call(&self) -> Result<(), String> {
        let event = json!({"type": "message", "text": "hello", "visibility": "all"});
        let event_id = match self {
            Client::Core(agent) => {
                agent
                    .send_event(CHAT_ID, event)
                    .await
                    .map_err(|e| e.to_string())?
                    .event_id
            }
            Client::Reqwest { http, url, auth } => {
                // What reqwest's `json` feature does (not enabled in this workspace).
                let body = serde_json::to_vec(&json!({"chat_id": CHAT_ID, "event": event}))
                    .map_err(|e| e.to_string())?;
                let resp = http
                    .post(&**url)
                    .header(reqwest::header::AUTHORIZATION, &**auth)
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(body)
                    .send()
                    .await
                    .map_err(|e| e.to_string())?;
                if !resp.status().is_success() {
                    return Err(format!("HTTP {}", resp.status()));
                }
                let bytes = resp.bytes().await.map_err(|e| e.to_string())?;
                serde_json::from_slice::<SendEventResponse>(&bytes)
                    .map_err(|e| e.to_string())?
                    .event_id
            }
        };
        if event_id == EVENT_ID {
            Ok(())
        } else {
            Err(format!("unexpected event_id {event_id:?}"))
        }
    }
}

/// What one phase measured.
struct Phase {
    elapsed: Duration,
    latencies_ns: Vec<u64>,
    errors: usize,
    first_error: Option<String>,
}

/// Runs `calls` calls with `concurrency` workers pulling from one counter.
async fn run_phase(client: &Client, calls: usize, concurrency: usize) -> Phase {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = Vec::with_capacity(concurrency);
    for _ in 0..concurrency.max(1) {
        let client = client.clone();
        let next = next.clone();
        workers.push(tokio::spawn(async move {
            let mut lat = Vec::with_capacity(calls / concurrency.max(1) + 1);
            let mut errors = 0usize;
            let mut first_error = None;
            while next.fetch_add(1, Ordering::Relaxed) < calls {
                let t0 = Instant::now();
                let r = client.call().await;
                lat.push(t0.elapsed().as_nanos() as u64);
                if let Err(e) = r {
                    errors += 1;
                    first_error.get_or_insert(e);
                }
            }
            (lat, errors, first_error)
        }));
    }
    let mut phase = Phase {
        elapsed: Duration::ZERO,
        latencies_ns: Vec::with_capacity(calls),
        errors: 0,
        first_error: None,
    };
    for w in workers {
        match w.await {
            Ok((lat, errors, first)) => {
                phase.latencies_ns.extend(lat);
                phase.errors += errors;
                if phase.first_error.is_none() {
                    phase.first_error = first;
                }
            }
            Err(e) => {
                phase.errors += 1;
                phase.first_error.get_or_insert(e.to_string());
            }
        }
    }
    phase.elapsed = started.elapsed();
    phase
}

/// User + system CPU time of the whole process (every thread).
#[allow(unsafe_code)]
fn cpu_time() -> Duration {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: `usage` is a valid, writable `rusage`; getrusage only writes into it.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) };
    if rc != 0 {
        return Duration::ZERO;
    }
    // SAFETY: getrusage returned 0, so it filled the struct (and it was zeroed before).
    let usage = unsafe { usage.assume_init() };
    let tv = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

/// VmHWM of this process (`ru_maxrss` would include the forked parent's pages).
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1] as f64 / 1000.0
}

async fn bench(o: Opts) -> Result<serde_json::Value, String> {
    let client = Client::new(&o)?;
    if o.warmup > 0 {
        let w = run_phase(&client, o.warmup, o.concurrency.min(o.warmup)).await;
        if w.errors == w.latencies_ns.len() {
            return Err(format!(
                "warm-up failed: {}",
                w.first_error.unwrap_or_default()
            ));
        }
    }
    let cpu0 = cpu_time();
    let mut p = run_phase(&client, o.calls, o.concurrency).await;
    let cpu = cpu_time().saturating_sub(cpu0);
    p.latencies_ns.sort_unstable();
    let n = p.latencies_ns.len().max(1);
    let mean_us = p.latencies_ns.iter().map(|&x| x as f64).sum::<f64>() / n as f64 / 1000.0;
    Ok(json!({
        "calls": p.latencies_ns.len(),
        "errors": p.errors,
        "first_error": p.first_error,
        "elapsed_s": p.elapsed.as_secs_f64(),
        "cpu_s": cpu.as_secs_f64(),
        "lat_mean_us": mean_us,
        "lat_p50_us": percentile(&p.latencies_ns, 0.50),
        "lat_p99_us": percentile(&p.latencies_ns, 0.99),
        "rss_peak_kb": peak_rss_kb(),
    }))
}

fn main() -> std::process::ExitCode {
    let o = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("livechat-bench: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    // The default multi-threaded runtime (one worker per core), as `#[tokio::main]` gives.
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("livechat-bench: cannot start tokio: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match rt.block_on(bench(o)) {
        Ok(line) => {
            println!("{line}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("livechat-bench: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
