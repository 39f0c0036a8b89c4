//! Busy-polling for results, the native half of `livechat_client.EventLoop` (see `_loop.py`).
//!
//! A sleeping event loop pays for every result twice: `epoll_wait` puts its thread to sleep and
//! the wake-up byte from a tokio thread must wake it again (an inter-processor interrupt, on a VM
//! a hypervisor exit). When results come back in tens of microseconds (a local proxy, the
//! emulator) that round trip is a large part of a sequential call. This module lets the loop spin
//! instead, with the GIL released, while it would otherwise sleep — but only while calls are in
//! flight, only when recent calls finished within the spin budget, and only until that budget has
//! passed since the latest call was submitted, so against the public API (tens of milliseconds
//! away) it never spins. It owns the latency estimate and the spin itself; when to ask is the
//! Python selector's business. Tested through pytest (`tests/python/test_event_loop.py`), like the
//! rest of this crate.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Longest single spin: the Python side polls its other file descriptors between spins, so this
/// bounds how late their events can be noticed.
const MAX_SPIN: Duration = Duration::from_millis(10);

/// The latency estimate, the time of the last submit and the spin counters of one bridge.
pub(crate) struct BusyPoll {
    /// What `last_submit_ns` counts from.
    epoch: Instant,
    /// When the latest call was submitted, in ns since `epoch`.
    last_submit_ns: AtomicU64,
    /// Exponentially weighted mean of submit → drain time, in ns; 0 until the first result.
    mean_latency_ns: AtomicU64,
    /// Spin windows granted, and spins that ended because results were waiting.
    windows: AtomicU64,
    hits: AtomicU64,
}

impl Default for BusyPoll {
    fn default() -> Self {
        BusyPoll {
            epoch: Instant::now(),
            last_submit_ns: AtomicU64::new(0),
            mean_latency_ns: AtomicU64::new(0),
            windows: AtomicU64::new(0),
            hits: AtomicU64::new(0),
        }
    }
}

fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

impl BusyPoll {
    /// Notes that a call was submitted at `at` (the caller's clock reading, so a submit reads
    /// the clock once).
    pub(crate) fn submitted(&self, at: Instant) {
        self.last_submit_ns
            .store(nanos(at.duration_since(self.epoch)), Ordering::Relaxed);
    }

    /// Adds one call's submit → drain time to the estimate (weight 1/8: a few calls of a new
    /// speed are enough to switch spinning on or off).
    pub(crate) fn record(&self, latency: Duration) {
        let sample = nanos(latency);
        let old = self.mean_latency_ns.load(Ordering::Relaxed);
        let new = if old == 0 {
            sample.max(1)
        } else {
            // old + (sample - old) / 8, in signed arithmetic; the result stays between the two.
            let delta = (i128::from(sample) - i128::from(old)) / 8;
            u64::try_from(i128::from(old) + delta).unwrap_or(old)
        };
        self.mean_latency_ns.store(new, Ordering::Relaxed);
    }

    /// How long spinning is worth it, in seconds (0 when not): while calls are in flight, recent
    /// calls took no longer than `budget`, and the latest call was submitted less than `budget`
    /// ago — until `budget` after that submit. The last rule keeps one long call (a slow
    /// request, a call waiting on its retry delay) from making the loop spin at every wake-up.
    pub(crate) fn window(&self, budget: f64, in_flight: usize) -> f64 {
        if in_flight == 0 || budget.is_nan() || budget <= 0.0 {
            return 0.0;
        }
        let budget_ns = budget * 1e9;
        if self.mean_latency_ns.load(Ordering::Relaxed) as f64 > budget_ns {
            return 0.0;
        }
        let since_submit =
            nanos(self.epoch.elapsed()).saturating_sub(self.last_submit_ns.load(Ordering::Relaxed));
        let left = budget_ns - since_submit as f64;
        if left <= 0.0 {
            return 0.0;
        }
        self.windows.fetch_add(1, Ordering::Relaxed);
        left / 1e9
    }

    /// Spins until `ready()` holds or `seconds` (at most [`MAX_SPIN`]) have passed; returns
    /// whether it held. The caller must not hold the GIL.
    pub(crate) fn spin(&self, ready: impl Fn() -> bool, seconds: f64) -> bool {
        let limit = Duration::try_from_secs_f64(seconds)
            .unwrap_or(Duration::ZERO)
            .min(MAX_SPIN);
        let start = Instant::now();
        loop {
            // A few pause instructions between checks of the clock: `Instant::now` costs more
            // than the check of the flag.
            for _ in 0..64 {
                if ready() {
                    self.hits.fetch_add(1, Ordering::Relaxed);
                    return true;
                }
                std::hint::spin_loop();
            }
            if start.elapsed() >= limit {
                return false;
            }
            // Lets a thread woken on this CPU run now rather than at the end of our time slice:
            // it may be the tokio worker or the server we are waiting for (measured: without
            // this, p99 triples whenever another process keeps the other core busy).
            std::thread::yield_now();
        }
    }

    /// `(mean latency in seconds or None, windows granted, hits)`, for tests and diagnostics.
    pub(crate) fn stats(&self) -> (Option<f64>, u64, u64) {
        let mean = self.mean_latency_ns.load(Ordering::Relaxed);
        (
            (mean > 0).then(|| mean as f64 / 1e9),
            self.windows.load(Ordering::Relaxed),
            self.hits.load(Ordering::Relaxed),
        )
    }
}
