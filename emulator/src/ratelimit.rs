//! Per-credential rate limiting: at most N requests in each one-second window.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Fixed one-second windows per credential.
#[derive(Debug, Default)]
pub(crate) struct RateLimiter {
    per_second: Option<u32>,
    windows: HashMap<String, (Instant, u32)>,
}

impl RateLimiter {
    /// A limiter allowing `per_second` requests per key (`None` = unlimited).
    pub(crate) fn new(per_second: Option<u32>) -> RateLimiter {
        RateLimiter {
            per_second,
            windows: HashMap::new(),
        }
    }

    /// Counts a request; `Err(seconds)` says how long to wait when over the limit.
    pub(crate) fn check(&mut self, key: &str) -> Result<(), u64> {
        let Some(limit) = self.per_second else {
            return Ok(());
        };
        let now = Instant::now();
        let window = self.windows.entry(key.to_string()).or_insert((now, 0));
        if now.duration_since(window.0) >= Duration::from_secs(1) {
            *window = (now, 0);
        }
        if window.1 >= limit {
            let left = Duration::from_secs(1).saturating_sub(now.duration_since(window.0));
            return Err(left.as_secs_f64().ceil().max(1.0) as u64);
        }
        window.1 += 1;
        Ok(())
    }

    /// Forgets every window (reset).
    pub(crate) fn clear(&mut self) {
        self.windows.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn over_the_limit_asks_to_retry_after_a_second() {
        let mut limiter = RateLimiter::new(Some(2));
        assert!(limiter.check("a").is_ok());
        assert!(limiter.check("a").is_ok());
        assert_eq!(limiter.check("a"), Err(1));
        assert!(limiter.check("b").is_ok());
        assert!(RateLimiter::new(None).check("a").is_ok());
    }
}
