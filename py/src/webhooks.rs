//! Webhook parsing for `livechat_client.webhooks`: the core checks the secret and types the payload;
//! Python gets the typed webhook back as JSON text (its `to_json()`), so both languages agree on
//! what a webhook holds.

use pyo3::prelude::*;

use crate::errors::to_py;

/// The verified webhook of `body` as JSON text, without its `secret_key`. Errors are the
/// core's (`invalid_webhook`, `webhook_secret`, `invalid_argument`) as `NativeError`.
#[pyfunction]
pub(crate) fn parse_webhook(py: Python<'_>, body: &[u8], secret_key: &str) -> PyResult<String> {
    // Bodies are capped at 1 MiB by the core, but parsing one still need not hold up other threads.
    py.detach(|| livechat::webhooks::parse(body, secret_key))
        .map(|w| w.to_json().to_string())
        .map_err(to_py)
}

/// Registers the webhook function and constants on `_native`.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add(
        "WEBHOOK_ACTIONS",
        pyo3::types::PyTuple::new(m.py(), livechat::webhooks::KNOWN_ACTIONS)?,
    )?;
    m.add("MAX_WEBHOOK_BYTES", livechat::webhooks::MAX_WEBHOOK_BYTES)?;
    m.add_function(wrap_pyfunction!(parse_webhook, m)?)?;
    Ok(())
}
