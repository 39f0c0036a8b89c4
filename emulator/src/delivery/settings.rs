//! How webhooks are delivered: per-attempt timeout, retries and backoff. Public, because
//! tests set them in [`crate::Config`] and on the control API.

use serde_json::{Value, json};
use std::time::Duration;

/// The largest accepted number of retries (keeps a misconfigured test from retrying forever).
const MAX_RETRIES: u32 = 10;
/// The longest accepted timeout or backoff, in seconds.
const MAX_SECONDS: f64 = 300.0;

/// Webhook delivery settings. The default follows the platform: a 10 s timeout and up to 3
/// retries ("within ~1 minute"), waiting `backoff`, then twice that, then four times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DeliverySettings {
    /// How long one attempt may take before it counts as failed.
    pub timeout: Duration,
    /// Attempts after the first one; 0 means "no retries".
    pub retries: u32,
    /// The wait before the first retry; each later retry waits twice as long as the one before.
    pub backoff: Duration,
}

impl Default for DeliverySettings {
    fn default() -> DeliverySettings {
        DeliverySettings {
            timeout: Duration::from_secs(10),
            retries: 3,
            backoff: Duration::from_secs(1),
        }
    }
}

impl DeliverySettings {
    /// Settings for tests: one attempt, no retry.
    pub fn no_retries() -> DeliverySettings {
        DeliverySettings {
            retries: 0,
            ..DeliverySettings::default()
        }
    }

    /// The wait before retry number `retry` (1-based).
    pub(crate) fn wait_before(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.saturating_sub(1).min(16));
        self.backoff.saturating_mul(factor)
    }

    /// `{"timeout": s, "retries": n, "backoff": s}` (seconds as numbers).
    pub(crate) fn to_json(self) -> Value {
        json!({
            "timeout": self.timeout.as_secs_f64(),
            "retries": self.retries,
            "backoff": self.backoff.as_secs_f64(),
        })
    }

    /// These settings changed by the fields of `{"timeout"?, "retries"?, "backoff"?}`; an
    /// unknown field or a bad value is an error naming it.
    pub(crate) fn updated(self, body: &Value) -> Result<DeliverySettings, String> {
        let map = body
            .as_object()
            .ok_or("body must be a JSON object {\"timeout\"?, \"retries\"?, \"backoff\"?}")?;
        let mut out = self;
        for (key, value) in map {
            match key.as_str() {
                "timeout" => out.timeout = seconds(value, "timeout", false)?,
                "backoff" => out.backoff = seconds(value, "backoff", true)?,
                "retries" => {
                    out.retries = value
                        .as_u64()
                        .and_then(|n| u32::try_from(n).ok())
                        .filter(|n| *n <= MAX_RETRIES)
                        .ok_or(format!(
                            "retries must be an integer from 0 to {MAX_RETRIES}"
                        ))?;
                }
                other => {
                    return Err(format!(
                        "unknown field {other}; expected timeout, retries or backoff"
                    ));
                }
            }
        }
        Ok(out)
    }
}

fn seconds(value: &Value, name: &str, zero_ok: bool) -> Result<Duration, String> {
    value
        .as_f64()
        .filter(|s| s.is_finite() && *s <= MAX_SECONDS && (*s > 0.0 || (zero_ok && *s == 0.0)))
        .map(Duration::from_secs_f64)
        .ok_or_else(|| {
            let low = if zero_ok { "0" } else { "above 0" };
            format!("{name} must be a number of seconds, {low} up to {MAX_SECONDS}")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_per_retry() {
        let s = DeliverySettings::default();
        assert_eq!(s.wait_before(1), Duration::from_secs(1));
        assert_eq!(s.wait_before(3), Duration::from_secs(4));
    }

    #[test]
    fn updates_are_checked_field_by_field() {
        let s = DeliverySettings::default();
        let changed = s.updated(&json!({"retries": 0, "timeout": 0.5})).ok();
        assert_eq!(
            changed.map(|c| (c.retries, c.timeout)),
            Some((0, Duration::from_millis(500)))
        );
        assert!(
            s.updated(&json!({"retries": -1}))
                .is_err_and(|e| e.contains("retries"))
        );
        assert!(
            s.updated(&json!({"timeout": 0}))
                .is_err_and(|e| e.contains("timeout"))
        );
        assert!(
            s.updated(&json!({"tries": 1}))
                .is_err_and(|e| e.contains("tries"))
        );
    }
}
