//! The sender: one ordered queue per (URL, chat), each drained by its own background task, so
//! one chat's webhooks arrive in order while a slow or dead URL holds up nothing else — and
//! never the API call that caused them (enqueueing only pushes onto a channel).

use super::log::{DeliveryLog, Status};
use super::settings::DeliverySettings;
use crate::app::lock;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::runtime::Handle;
use tokio::sync::{mpsc, watch};

/// A queue's task ends after this long without work (a later webhook starts a new one).
const IDLE: Duration = Duration::from_secs(30);
/// How often [`Deliveries::wait_idle`] looks at the log.
const POLL: Duration = Duration::from_millis(10);

/// One envelope for one URL.
#[derive(Debug)]
struct Job {
    log_id: u64,
    url: String,
    body: Vec<u8>,
}

type QueueKey = (String, String);

/// The delivery engine: settings, the log and the queues.
#[derive(Debug)]
pub(crate) struct Deliveries {
    defaults: DeliverySettings,
    settings: Mutex<DeliverySettings>,
    log: Mutex<DeliveryLog>,
    queues: Mutex<HashMap<QueueKey, mpsc::UnboundedSender<Job>>>,
    /// `None` when the HTTP client could not be built: every attempt then fails, logged.
    client: Option<reqwest::Client>,
    runtime: Handle,
    /// Set when the emulator stops: queue tasks end, even mid-retry.
    stop: watch::Sender<bool>,
}

/// What one envelope delivery is about (for the log and the queue).
pub(crate) struct Outgoing<'a> {
    pub(crate) webhook_id: &'a str,
    pub(crate) url: &'a str,
    pub(crate) action: &'a str,
    pub(crate) chat_id: Option<&'a str>,
    pub(crate) envelope: &'a Value,
}

impl Deliveries {
    /// An engine sending from `runtime` with `settings` (also what a reset restores).
    pub(crate) fn new(settings: DeliverySettings, runtime: Handle) -> Deliveries {
        let client = reqwest::Client::builder()
            // The receivers are local test servers: a system proxy would only get in the way.
            .no_proxy()
            .build()
            .ok();
        Deliveries {
            defaults: settings,
            settings: Mutex::new(settings),
            log: Mutex::new(DeliveryLog::default()),
            queues: Mutex::new(HashMap::new()),
            client,
            runtime,
            stop: watch::channel(false).0,
        }
    }

    /// Ends every queue task (the emulator is stopping); what is still pending stays so.
    pub(crate) fn stop(&self) {
        self.stop.send_replace(true);
    }

    /// The current settings.
    pub(crate) fn settings(&self) -> DeliverySettings {
        *lock(&self.settings)
    }

    /// Replaces the settings (deliveries already under way keep the ones they started with).
    pub(crate) fn set_settings(&self, settings: DeliverySettings) {
        *lock(&self.settings) = settings;
    }

    /// Back to the configured settings with an empty log.
    pub(crate) fn reset(&self) {
        self.set_settings(self.defaults);
        lock(&self.log).clear();
    }

    /// `{"deliveries": [...]}`, oldest first.
    pub(crate) fn log_json(&self) -> Value {
        let log = lock(&self.log);
        let entries: Vec<Value> = log
            .entries()
            .map(|e| serde_json::to_value(e).unwrap_or(Value::Null))
            .collect();
        json!({ "deliveries": entries })
    }

    /// Empties the log.
    pub(crate) fn clear_log(&self) {
        lock(&self.log).clear();
    }

    /// Waits until no delivery is pending; false when `timeout` passed first.
    pub(crate) async fn wait_idle(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if !lock(&self.log).any_pending() {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Logs and queues one envelope; returns at once.
    pub(crate) fn enqueue(self: &Arc<Self>, out: &Outgoing<'_>) {
        let payload = out.envelope.get("payload").cloned().unwrap_or(Value::Null);
        let log_id =
            lock(&self.log).queued(out.webhook_id, out.url, out.action, out.chat_id, payload);
        let body = serde_json::to_vec(out.envelope).unwrap_or_default();
        let job = Job {
            log_id,
            url: out.url.to_string(),
            body,
        };
        let key = (
            out.url.to_string(),
            out.chat_id.unwrap_or_default().to_string(),
        );
        let mut queues = lock(&self.queues);
        // A queue whose task has ended gives the job back: start a new task for it.
        let job = match queues.get(&key) {
            Some(sender) => match sender.send(job) {
                Ok(()) => return,
                Err(mpsc::error::SendError(job)) => job,
            },
            None => job,
        };
        if *self.stop.borrow() {
            return;
        }
        let (sender, receiver) = mpsc::unbounded_channel();
        if sender.send(job).is_ok() {
            queues.insert(key.clone(), sender);
            let mut stopped = self.stop.subscribe();
            let drain = Arc::clone(self).drain(key, receiver);
            self.runtime.spawn(async move {
                tokio::select! {
                    _ = stopped.wait_for(|stop| *stop) => {}
                    () = drain => {}
                }
            });
        }
    }

    /// A queue's task: delivers its jobs one after the other.
    async fn drain(self: Arc<Self>, key: QueueKey, mut jobs: mpsc::UnboundedReceiver<Job>) {
        loop {
            match tokio::time::timeout(IDLE, jobs.recv()).await {
                Ok(Some(job)) => self.deliver(job).await,
                Ok(None) => return,
                Err(_) => {
                    // Checked under the queues lock: nobody can add a job meanwhile.
                    let mut queues = lock(&self.queues);
                    if jobs.is_empty() {
                        queues.remove(&key);
                        return;
                    }
                }
            }
        }
    }

    /// Sends one envelope: the first attempt, then the configured retries with backoff.
    async fn deliver(&self, job: Job) {
        let settings = self.settings();
        for attempt in 0..=settings.retries {
            if attempt > 0 {
                tokio::time::sleep(settings.wait_before(attempt)).await;
            }
            let (outcome, ok) = self.attempt(&job, settings.timeout).await;
            let done = if ok {
                Some(Status::Delivered)
            } else if attempt == settings.retries {
                Some(Status::Failed)
            } else {
                None
            };
            lock(&self.log).attempted(job.log_id, outcome, done);
            if ok {
                return;
            }
        }
    }

    /// One POST: its outcome for the log and whether it counts as delivered (a 2xx answer).
    async fn attempt(&self, job: &Job, timeout: Duration) -> (Value, bool) {
        let Some(client) = &self.client else {
            return (json!("client error"), false);
        };
        let sent = client
            .post(&job.url)
            .header("content-type", "application/json")
            .timeout(timeout)
            .body(job.body.clone())
            .send()
            .await;
        match sent {
            Ok(response) => {
                let status = response.status();
                // Read the answer so the connection can be reused; its content does not matter.
                let _ = tokio::time::timeout(timeout, response.bytes()).await;
                (json!(status.as_u16()), status.is_success())
            }
            Err(e) if e.is_timeout() => (json!("timeout"), false),
            Err(e) if e.is_connect() => (json!("connect error"), false),
            Err(_) => (json!("request error"), false),
        }
    }
}
