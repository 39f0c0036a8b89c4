//! The time bounds of one call: the whole call's deadline and one attempt's bound.

use std::time::Duration;

use tokio::time::Instant;

/// The time bounds of one call.
pub(crate) struct Limits {
    /// The whole call's bound, as configured (for messages).
    pub(crate) timeout: Duration,
    /// One attempt's bound.
    pub(crate) attempt_timeout: Duration,
    /// When the whole call must be over.
    pub(crate) deadline: Instant,
}

impl Limits {
    pub(crate) fn remaining(&self) -> Duration {
        self.deadline.saturating_duration_since(Instant::now())
    }
}
