//! The shared application: the state behind one mutex plus the control-plane stores
//! (faults, request log, rate limiter) and the fixed settings of this instance.

use crate::auth::Credentials;
use crate::config::Config;
use crate::delivery::Deliveries;
use crate::faults::{Faults, parse_faults};
use crate::ratelimit::RateLimiter;
use crate::requestlog::RequestLog;
use crate::seed::Seed;
use crate::state::State;
use serde_json::{Value, json};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// Everything request handlers share.
#[derive(Debug)]
pub(crate) struct App {
    pub(crate) state: Mutex<State>,
    pub(crate) faults: Mutex<Faults>,
    pub(crate) log: Mutex<RequestLog>,
    pub(crate) limiter: Mutex<RateLimiter>,
    pub(crate) seed: Seed,
    pub(crate) credentials: Credentials,
    pub(crate) region: String,
    pub(crate) base_url: String,
    pub(crate) latency: Duration,
    /// The startup JSON line (`GET /__emulator/info`).
    pub(crate) info: Value,
    /// How far this emulator's clock runs ahead of the wall clock, in microseconds
    /// (`POST /__emulator/clock`); only expiry checks (bot tokens) read it.
    pub(crate) clock_offset: AtomicI64,
    /// Webhook delivery: settings, queues and log.
    pub(crate) deliveries: Arc<Deliveries>,
}

impl App {
    /// The app for `config`, serving at `base_url`, starting from `state`; webhooks are sent
    /// from `runtime`.
    pub(crate) fn new(
        config: &Config,
        state: State,
        base_url: String,
        info: Value,
        runtime: tokio::runtime::Handle,
    ) -> App {
        let primary = config.seed.primary_agent().to_string();
        let mut credentials = Credentials::default();
        credentials.add_bearer(&config.token, &primary);
        credentials.add_basic(&config.pat.account_id, &config.pat.token, &primary);
        for (token, agent) in config.seed.agent_tokens() {
            credentials.add_bearer(token, agent);
        }
        App {
            state: Mutex::new(state),
            faults: Mutex::new(Faults::default()),
            log: Mutex::new(RequestLog::default()),
            limiter: Mutex::new(RateLimiter::new(config.rate_limit)),
            seed: config.seed.clone(),
            credentials,
            region: config.region.clone(),
            base_url,
            latency: config.latency,
            info,
            clock_offset: AtomicI64::new(0),
            deliveries: Arc::new(Deliveries::new(config.webhook_delivery, runtime)),
        }
    }

    /// Back to the seed: state, faults, request log and rate-limit windows.
    pub(crate) fn reset(&self) {
        *lock(&self.state) = State::from_seed(&self.seed);
        lock(&self.faults).clear();
        lock(&self.log).clear();
        lock(&self.limiter).clear();
        self.clock_offset.store(0, Ordering::Relaxed);
        self.deliveries.reset();
    }

    /// This emulator's current time: the process clock plus the advanced offset.
    pub(crate) fn now(&self) -> crate::clock::Ts {
        let now = crate::clock::now();
        crate::clock::Ts(
            now.0
                .saturating_add(self.clock_offset.load(Ordering::Relaxed)),
        )
    }

    /// Moves this emulator's clock `seconds` forward; returns the total offset in seconds.
    pub(crate) fn advance_clock(&self, seconds: u64) -> i64 {
        let micros = i64::try_from(seconds)
            .unwrap_or(i64::MAX / 2_000_000)
            .saturating_mul(1_000_000);
        let total = self.clock_offset.fetch_add(micros, Ordering::Relaxed) + micros;
        total / 1_000_000
    }
}

/// The control operations, shared by the `/__emulator/` routes and the [`crate::Emulator`]
/// handle (which in-process users call without a socket).
impl App {
    /// Queues one fault object or an array of them (none if any is invalid); returns
    /// `{"faults": [...]}`, the pending list.
    pub(crate) fn add_faults(&self, faults: Value) -> Result<Value, String> {
        let faults = parse_faults(faults)?;
        {
            let mut pending = lock(&self.faults);
            for fault in faults {
                pending.add(fault);
            }
        }
        Ok(self.fault_list())
    }

    /// `{"faults": [...]}`: the pending faults with their remaining counts.
    pub(crate) fn fault_list(&self) -> Value {
        json!({ "faults": lock(&self.faults).list() })
    }

    /// Removes every pending fault.
    pub(crate) fn clear_faults(&self) {
        lock(&self.faults).clear();
    }

    /// `{"requests": [...]}`: the API requests received, oldest first (no credentials).
    pub(crate) fn request_log(&self) -> Value {
        let log = lock(&self.log);
        let entries: Vec<Value> = log
            .entries()
            .map(|e| serde_json::to_value(e).unwrap_or(Value::Null))
            .collect();
        json!({ "requests": entries })
    }

    /// `{"now", "offset_seconds"}`: this emulator's clock.
    pub(crate) fn clock(&self) -> Value {
        let offset = self.clock_offset.load(Ordering::Relaxed) / 1_000_000;
        json!({ "now": self.now().to_rfc3339(), "offset_seconds": offset })
    }

    /// `{"webhooks": [...], "license_webhooks_disabled": [client ids]}`: the registry with
    /// secret keys and registration versions (what a delivery needs).
    pub(crate) fn webhooks(&self) -> Value {
        let state = lock(&self.state);
        let registry = state.webhooks();
        json!({
            "webhooks": registry.registered,
            "license_webhooks_disabled": registry.license_disabled,
        })
    }

    /// Empties the request log.
    pub(crate) fn clear_requests(&self) {
        lock(&self.log).clear();
    }
}

/// Locks a mutex, carrying on after a panic elsewhere (the data stays usable: every handler
/// validates before it mutates).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
