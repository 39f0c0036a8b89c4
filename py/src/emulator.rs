//! `livechat_client.testing.Emulator`'s native half: the emulator crate running in-process on the shared
//! runtime.

use std::sync::Mutex;
use std::time::Duration;

use livechat_emulator::{Config, Emulator, Pat};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use serde_json::Value;

/// A running emulator.
#[pyclass(frozen, module = "livechat_client._native")]
pub struct EmulatorHandle {
    inner: Mutex<Option<Emulator>>,
    info: String,
}

fn config_from(options: &Value) -> PyResult<Config> {
    let mut c = Config::default();
    let Some(o) = options.as_object() else {
        return Err(PyValueError::new_err(
            "emulator options must be a JSON object",
        ));
    };
    for (k, v) in o {
        let bad = || PyValueError::new_err(format!("emulator option {k}: unexpected value {v}"));
        match k.as_str() {
            "port" => {
                c.port = v
                    .as_u64()
                    .and_then(|p| u16::try_from(p).ok())
                    .ok_or_else(bad)?
            }
            "token" => c.token = v.as_str().ok_or_else(bad)?.to_owned(),
            "region" => c.region = v.as_str().ok_or_else(bad)?.to_owned(),
            "pat" => {
                let account = v
                    .get("account_id")
                    .and_then(Value::as_str)
                    .ok_or_else(bad)?;
                let token = v.get("token").and_then(Value::as_str).ok_or_else(bad)?;
                c.pat = Pat::new(account, token);
            }
            "latency_ms" => c.latency = Duration::from_millis(v.as_u64().ok_or_else(bad)?),
            "rate_limit" => {
                c.rate_limit = Some(
                    v.as_u64()
                        .and_then(|n| u32::try_from(n).ok())
                        .ok_or_else(bad)?,
                )
            }
            "tls" => {
                if v.as_bool().ok_or_else(bad)? {
                    c.tls = livechat_emulator::Tls::SelfSigned;
                }
            }
            _ => {
                return Err(PyValueError::new_err(format!(
                    "unknown emulator option {k:?}"
                )));
            }
        }
    }
    Ok(c)
}

/// A customer-simulator answer as JSON text, or its refusal as `ValueError`.
/// A JSON argument the Python wrapper serialized; `ValueError` if it is not JSON.
fn json_arg(text: &str) -> PyResult<Value> {
    serde_json::from_str(text).map_err(|e| PyValueError::new_err(format!("not JSON: {e}")))
}

fn customer_result(r: Result<Value, String>) -> PyResult<String> {
    r.map(|v| v.to_string()).map_err(PyValueError::new_err)
}

impl EmulatorHandle {
    /// Runs `f` on the emulator unless it was stopped.
    fn running<T>(&self, f: impl FnOnce(&Emulator) -> T) -> PyResult<T> {
        let guard = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let e = guard
            .as_ref()
            .ok_or_else(|| PyRuntimeError::new_err("the emulator was stopped"))?;
        Ok(f(e))
    }
}

#[pymethods]
impl EmulatorHandle {
    /// Starts an emulator (blocking briefly while it binds). `options_json`: port, token,
    /// region, pat {account_id, token}, latency_ms, rate_limit, tls.
    #[staticmethod]
    fn start(py: Python<'_>, options_json: &str) -> PyResult<Self> {
        let options: Value = serde_json::from_str(options_json)
            .map_err(|e| PyValueError::new_err(format!("bad emulator options: {e}")))?;
        let config = config_from(&options)?;
        let emulator = py
            .detach(|| livechat::runtime::block_on(Emulator::start(config)))
            .map_err(crate::errors::to_py)?
            .map_err(|e| PyRuntimeError::new_err(format!("cannot start the emulator: {e}")))?;
        let info = emulator.info().to_string();
        Ok(EmulatorHandle {
            inner: Mutex::new(Some(emulator)),
            info,
        })
    }

    /// The startup description: url, token, pat, versions, region (JSON).
    fn info(&self) -> &str {
        &self.info
    }

    /// The whole state (JSON).
    fn state(&self) -> PyResult<String> {
        self.running(|e| e.state().to_string())
    }

    /// Back to the seed.
    fn reset(&self) -> PyResult<()> {
        self.running(Emulator::reset)
    }

    /// Queues faults (one JSON object or an array); returns the pending list (JSON). A bad
    /// fault raises `ValueError` naming what is wrong, and none is added.
    fn add_faults(&self, faults_json: &str) -> PyResult<String> {
        let faults: Value = serde_json::from_str(faults_json)
            .map_err(|e| PyValueError::new_err(format!("faults are not JSON: {e}")))?;
        self.running(|e| e.add_faults(faults))?
            .map(|list| list.to_string())
            .map_err(|e| PyValueError::new_err(format!("bad fault: {e}")))
    }

    /// Removes every pending fault.
    fn clear_faults(&self) -> PyResult<()> {
        self.running(Emulator::clear_faults)
    }

    /// The request log (JSON `{"requests": [...]}`).
    fn requests(&self) -> PyResult<String> {
        self.running(|e| e.requests().to_string())
    }

    /// Empties the request log.
    fn clear_requests(&self) -> PyResult<()> {
        self.running(Emulator::clear_requests)
    }

    /// Moves its clock `seconds` forward (as `POST /__emulator/clock`): bot tokens expire by it.
    fn advance_clock(&self, seconds: u64) -> PyResult<()> {
        self.running(|e| e.advance_clock(Duration::from_secs(seconds)))
    }

    /// The webhook delivery log (JSON `{"deliveries": [{url, action, attempts, statuses,
    /// status, …}]}`).
    fn webhook_deliveries(&self) -> PyResult<String> {
        self.running(|e| e.webhook_deliveries().to_string())
    }

    /// Empties the webhook delivery log.
    fn clear_webhook_deliveries(&self) -> PyResult<()> {
        self.running(Emulator::clear_webhook_deliveries)
    }

    /// Waits (without the GIL) until no webhook delivery is pending, at most `timeout`
    /// seconds; `False` when some still were.
    fn wait_for_deliveries(&self, py: Python<'_>, timeout: f64) -> PyResult<bool> {
        let timeout = Duration::try_from_secs_f64(timeout)
            .map_err(|_| PyValueError::new_err(format!("bad timeout: {timeout}")))?;
        let guard = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let e = guard
            .as_ref()
            .ok_or_else(|| PyRuntimeError::new_err("the emulator was stopped"))?;
        py.detach(|| livechat::runtime::block_on(e.wait_for_deliveries(timeout)))
            .map_err(crate::errors::to_py)
    }

    /// Starts a chat as a new customer (`{"name"?, "email"?, "group_id"?, "message"?}`);
    /// returns the chat (JSON). A refusal raises `ValueError` with the emulator's reason.
    fn customer_start_chat(&self, body_json: &str) -> PyResult<String> {
        let body = json_arg(body_json)?;
        customer_result(self.running(|e| e.customer_start_chat(&body))?)
    }

    /// The customer of `chat_id` writes `text`; returns the event (JSON).
    fn customer_send_message(&self, chat_id: &str, text: &str) -> PyResult<String> {
        customer_result(self.running(|e| e.customer_send_message(chat_id, text))?)
    }

    /// The customer of `chat_id` updates its session fields (`{"session_fields": [...]}`);
    /// returns `{customer_id, session_fields}` (JSON).
    fn customer_update_session_fields(&self, chat_id: &str, body_json: &str) -> PyResult<String> {
        let body = json_arg(body_json)?;
        customer_result(self.running(|e| e.customer_update_session_fields(chat_id, &body))?)
    }

    /// The chat as its customer sees it (JSON).
    fn customer_chat(&self, chat_id: &str) -> PyResult<String> {
        customer_result(self.running(|e| e.customer_chat(chat_id))?)
    }

    /// The customer closes the chat (JSON).
    fn customer_deactivate_chat(&self, chat_id: &str) -> PyResult<String> {
        customer_result(self.running(|e| e.customer_deactivate_chat(chat_id))?)
    }

    /// Stops it (idempotent).
    fn shutdown(&self, py: Python<'_>) -> PyResult<()> {
        let taken = self.inner.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(e) = taken {
            py.detach(|| livechat::runtime::block_on(e.shutdown()))
                .map_err(crate::errors::to_py)?
                .map_err(|e| PyRuntimeError::new_err(format!("emulator shutdown failed: {e}")))?;
        }
        Ok(())
    }
}
