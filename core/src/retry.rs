//! THE retry policy: which failures may be retried for which class of method, the limits, the
//! backoff and the `Retry-After` cap. Pure decisions, no I/O, so every rule is unit-tested;
//! the pipeline only carries them out. Changing the policy is changing this file.

use std::time::Duration;

use crate::error::ApiErrorType;
use crate::methods::RetryClass;

/// The most retries a client or call may ask for.
pub const MAX_RETRIES_LIMIT: u32 = 10;
/// The shortest wait before a retry, also when the server sends `Retry-After: 0`.
pub const MIN_RETRY_DELAY: Duration = Duration::from_millis(100);

/// The retry settings of a client: one value, settable as a whole
/// (`AgentWeb::builder(…).retry_policy(…)`), as the C config's `"retry"` object, or as Python
/// keyword arguments.
///
/// ```
/// use std::time::Duration;
/// let policy = livechat::RetryPolicy::default()
///     .max_retries(5)
///     .base_delay(Duration::from_millis(200));
/// assert_eq!(policy.max_retries, 5);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 = never retry; at most [`MAX_RETRIES_LIMIT`]).
    pub max_retries: u32,
    /// First backoff step; doubles each retry.
    pub base_delay: Duration,
    /// Longest backoff step.
    pub max_delay: Duration,
    /// Longest `Retry-After` honoured; a longer one is returned to the caller instead.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// With this many retries (0–10).
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }

    /// With this first backoff step (doubling each retry; never below 100 ms).
    pub fn base_delay(mut self, d: Duration) -> Self {
        self.base_delay = d;
        self
    }

    /// With this longest backoff step.
    pub fn max_delay(mut self, d: Duration) -> Self {
        self.max_delay = d;
        self
    }

    /// With this longest `Retry-After` waited for.
    pub fn max_retry_after(mut self, d: Duration) -> Self {
        self.max_retry_after = d;
        self
    }

    /// Checks the values; errors name the field.
    pub fn validate(&self) -> crate::error::Result<()> {
        check_max_retries("max_retries", self.max_retries)?;
        if self.max_delay < self.base_delay {
            return Err(crate::error::Error::invalid_argument(
                "retry max_delay must not be shorter than base_delay",
            ));
        }
        Ok(())
    }
}

/// Refuses a retry count above [`MAX_RETRIES_LIMIT`], naming the option.
pub(crate) fn check_max_retries(what: &str, n: u32) -> crate::error::Result<u32> {
    if n > MAX_RETRIES_LIMIT {
        return Err(crate::error::Error::invalid_argument(format!(
            "{what} must be between 0 and {MAX_RETRIES_LIMIT}, got {n}"
        )));
    }
    Ok(n)
}

/// How an attempt failed, as far as retrying is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The request was certainly not processed: the connection was never established, or the
    /// client knows the request was never written.
    NotSent,
    /// The request may have reached the server (read timeout, reset after sending).
    MaybeSent,
    /// The server answered with this status and type; `api_body` is whether the type came from
    /// the API's own JSON error body (a proxy's page or an empty body does not count).
    Answered {
        /// HTTP status.
        status: u16,
        /// `error.type`, or the one implied by the status.
        ty: ApiErrorType,
        /// Whether the body was the API's `{"error": {"type": …}}`.
        api_body: bool,
    },
    /// A local failure (bad token, closed client, out of file descriptors): never retried.
    Local,
}

/// Whether `failure` may be retried for a method of class `class`.
///
/// Writes are retried only when the server certainly did nothing: the request never left, or
/// the API itself rate-limited it (429 with its own `too_many_requests` body: rate limiting
/// happens before processing). Any 5xx may come after the work was done, so none replays a write.
pub(crate) fn is_retryable(failure: &Failure, class: RetryClass) -> bool {
    let read = class == RetryClass::Read;
    match failure {
        Failure::NotSent => true,
        Failure::MaybeSent => read,
        Failure::Local => false,
        Failure::Answered {
            status,
            ty,
            api_body,
        } => {
            if *status == 429 && *ty == ApiErrorType::TooManyRequests && *api_body {
                return true;
            }
            read && (matches!(
                ty,
                ApiErrorType::TooManyRequests
                    | ApiErrorType::ServiceUnavailable
                    | ApiErrorType::Internal
                    | ApiErrorType::RequestTimeout
            ) || matches!(status, 429 | 500 | 502 | 503 | 504))
        }
    }
}

impl RetryPolicy {
    /// The wait before retry number `retry` (0-based): `Retry-After` when the server sent one,
    /// else exponential backoff with jitter in [½, 1] of the step; never below
    /// [`MIN_RETRY_DELAY`]. `None` when the server asks for longer than `max_retry_after`.
    pub(crate) fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Option<Duration> {
        if let Some(ra) = retry_after {
            return (ra <= self.max_retry_after).then_some(ra.max(MIN_RETRY_DELAY));
        }
        let step = self
            .base_delay
            .saturating_mul(1u32.checked_shl(retry.min(16)).unwrap_or(u32::MAX))
            .min(self.max_delay);
        let jitter = 0.5 + fastrand::f64() * 0.5;
        Some(step.mul_f64(jitter).max(MIN_RETRY_DELAY))
    }
}

/// Parses a `Retry-After` value: delay-seconds (fractions accepted) or an HTTP date.
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<f64>() {
        // A finite value too large for a `Duration` (e.g. `1e20`) is "very long", not a panic.
        return (secs.is_finite() && secs >= 0.0)
            .then(|| Duration::try_from_secs_f64(secs).unwrap_or(Duration::MAX));
    }
    let when = httpdate_to_unix(v)?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Some(Duration::from_secs(when.saturating_sub(now)))
}

/// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) → Unix seconds.
fn httpdate_to_unix(s: &str) -> Option<u64> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    let day: u64 = day.parse().ok()?;
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| m == month)? as u64
        + 1;
    let year: u64 = year.parse().ok()?;
    let hms: Vec<u64> = time.split(':').filter_map(|p| p.parse().ok()).collect();
    let [h, m, sec] = hms.as_slice() else {
        return None;
    };
    // Out-of-range fields are not a date (and would overflow the arithmetic below).
    if !(1..=31).contains(&day) || !(1970..=9999).contains(&year) || *h > 23 || *m > 59 || *sec > 60
    {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm), for years ≥ 1970.
    let (y, mo) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y / 400;
    let yoe = y - era * 400;
    let doy = (153 * mo + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = (era * 146_097 + doe).checked_sub(719_468)?;
    Some(days * 86_400 + h * 3600 + m * 60 + sec)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApiErrorType as T;
    use RetryClass::{Read, Write};

    fn answered(status: u16, ty: ApiErrorType, api_body: bool) -> Failure {
        Failure::Answered {
            status,
            ty,
            api_body,
        }
    }

    #[test]
    fn writes_are_retried_only_when_the_server_certainly_did_nothing() {
        assert!(is_retryable(&Failure::NotSent, Write));
        assert!(is_retryable(
            &answered(429, T::TooManyRequests, true),
            Write
        ));
        assert!(!is_retryable(&Failure::MaybeSent, Write));
        assert!(!is_retryable(&Failure::Local, Write));
        assert!(!is_retryable(&answered(500, T::Internal, true), Write));
        assert!(!is_retryable(
            &answered(504, T::RequestTimeout, true),
            Write
        ));
        assert!(!is_retryable(
            &answered(502, T::from_status(502), false),
            Write
        ));
    }

    #[test]
    fn no_5xx_and_no_foreign_429_replays_a_write() {
        // The API's own service_unavailable may come after the work was done.
        assert!(!is_retryable(
            &answered(503, T::ServiceUnavailable, true),
            Write
        ));
        // A proxy's 503 page ("upstream connect error…").
        assert!(!is_retryable(
            &answered(503, T::from_status(503), false),
            Write
        ));
        // A 429 without the API's JSON body (a load balancer's page) proves nothing.
        assert!(!is_retryable(
            &answered(429, T::from_status(429), false),
            Write
        ));
        // Reads are retried after all of them.
        for f in [
            answered(503, T::ServiceUnavailable, true),
            answered(503, T::from_status(503), false),
            answered(429, T::from_status(429), false),
        ] {
            assert!(is_retryable(&f, Read), "{f:?}");
        }
    }

    #[test]
    fn reads_are_also_retried_after_server_errors_and_timeouts() {
        assert!(is_retryable(&Failure::MaybeSent, Read));
        assert!(is_retryable(&answered(500, T::Internal, true), Read));
        assert!(is_retryable(&answered(504, T::RequestTimeout, true), Read));
        assert!(is_retryable(
            &answered(502, T::from_status(502), false),
            Read
        ));
        assert!(!is_retryable(&answered(422, T::Validation, true), Read));
        assert!(!is_retryable(&answered(401, T::Authentication, true), Read));
        assert!(!is_retryable(&Failure::Local, Read));
    }

    #[test]
    fn retries_are_capped_and_backoff_has_a_floor() {
        assert!(check_max_retries("max_retries", 10).is_ok());
        let err = check_max_retries("max_retries", u32::MAX).unwrap_err();
        assert!(err.to_string().contains("max_retries"), "{err}");
        let p = RetryPolicy {
            base_delay: Duration::ZERO,
            ..RetryPolicy::default()
        };
        assert_eq!(p.delay(0, None), Some(MIN_RETRY_DELAY));
        assert_eq!(p.delay(0, Some(Duration::ZERO)), Some(MIN_RETRY_DELAY));
    }

    #[test]
    fn backoff_grows_with_jitter_and_is_capped() {
        let p = RetryPolicy::default();
        for retry in 0..20 {
            let d = p.delay(retry, None).unwrap();
            let step = p
                .base_delay
                .saturating_mul(1 << retry.min(16))
                .min(p.max_delay);
            assert!(
                d >= (step / 2).max(MIN_RETRY_DELAY) && d <= step.max(MIN_RETRY_DELAY),
                "retry {retry}: {d:?} vs {step:?}"
            );
        }
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.delay(0, Some(Duration::from_secs(3))),
            Some(Duration::from_secs(3))
        );
        assert_eq!(p.delay(0, Some(Duration::from_secs(3600))), None);
        assert_eq!(parse_retry_after("1.5"), Some(Duration::from_millis(1500)));
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(
            httpdate_to_unix("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn hostile_retry_after_values_never_panic() {
        // Found by the property tests: these used to panic (Duration overflow, u64 underflow).
        assert_eq!(parse_retry_after("1e20"), Some(Duration::MAX));
        assert_eq!(
            RetryPolicy::default().delay(0, parse_retry_after("1e20")),
            None,
            "an absurd Retry-After is returned to the caller, not waited"
        );
        for bad in [
            "Sun, 06 Jan 0 08:49:37 GMT",
            "Sun, 99999999999999999999 Nov 1994 08:49:37 GMT",
            "Sun, 18446744073709551615 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 18446744073709551615 08:49:37 GMT",
            "Sun, 06 Nov 1994 18446744073709551615:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37:1 GMT",
            "inf",
            "NaN",
            "-0.5",
        ] {
            assert_eq!(parse_retry_after(bad), None, "{bad}");
        }
    }
}
