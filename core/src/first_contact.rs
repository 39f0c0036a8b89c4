//! The first answer of an `https://` client, before everything else: until one request has been
//! answered, requests go one at a time. A server that negotiates HTTP/2 (ALPN) then serves every
//! later call over that one connection; without this, a burst of calls on a fresh client opens
//! one TCP + TLS connection per call and the pool drops all but one once the first says h2
//! (hyper only knows a connection is h2 after its handshake). For an HTTP/1.1 server it costs
//! one round trip, once. The wait is bounded: a first request the server sits on holds the
//! others back for [`MAX_WAIT`] at most, then they go ahead on connections of their own.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::sync::{Mutex, MutexGuard};

/// The longest a request waits for the first answer before it goes ahead anyway.
pub(crate) const MAX_WAIT: Duration = Duration::from_secs(1);

/// Shared by the clients that share one connection pool.
#[derive(Debug)]
pub(crate) struct FirstContact {
    /// Set once a request of the pool got an answer (or when the gate is not needed).
    answered: AtomicBool,
    /// Held by the request in flight while none has been answered.
    turn: Mutex<()>,
}

/// The right to send while nothing has been answered; dropping it lets the next request try.
pub(crate) struct Turn<'a>(#[allow(dead_code)] Option<MutexGuard<'a, ()>>);

impl FirstContact {
    /// A gate for a pool whose connections may negotiate HTTP/2 (`needed`), else an open one.
    pub(crate) fn new(needed: bool) -> FirstContact {
        FirstContact {
            answered: AtomicBool::new(!needed),
            turn: Mutex::new(()),
        }
    }

    /// Waits until this request may go: at once after the first answer; before it, for the
    /// turn of the request in flight, at most `max_wait`.
    pub(crate) async fn wait(&self, max_wait: Duration) -> Turn<'_> {
        if self.answered.load(Ordering::Acquire) {
            return Turn(None);
        }
        match tokio::time::timeout(max_wait, self.turn.lock()).await {
            Ok(guard) if !self.answered.load(Ordering::Acquire) => Turn(Some(guard)),
            // Answered while waiting, or the first request is slow: go ahead.
            _ => Turn(None),
        }
    }

    /// A request got an answer: later requests no longer wait.
    pub(crate) fn answered(&self) {
        if !self.answered.load(Ordering::Relaxed) {
            self.answered.store(true, Ordering::Release);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use std::sync::Arc;

    #[tokio::test(start_paused = true)]
    async fn requests_wait_for_the_first_answer_then_never() {
        let gate = Arc::new(FirstContact::new(true));
        let first = gate.wait(MAX_WAIT).await;
        assert!(first.0.is_some());
        let waiter = tokio::spawn({
            let gate = gate.clone();
            async move {
                let started = tokio::time::Instant::now();
                let turn = gate.wait(MAX_WAIT).await;
                (turn.0.is_some(), started.elapsed())
            }
        });
        tokio::time::sleep(Duration::from_millis(10)).await;
        gate.answered();
        drop(first);
        let (had_turn, waited) = waiter.await.unwrap();
        assert!(!had_turn, "answered: the waiter goes without taking a turn");
        assert_eq!(waited, Duration::from_millis(10));
        assert!(gate.wait(MAX_WAIT).await.0.is_none());
    }

    #[tokio::test(start_paused = true)]
    async fn a_failed_first_request_hands_the_turn_on() {
        let gate = FirstContact::new(true);
        drop(gate.wait(MAX_WAIT).await); // failed: no answer
        assert!(
            gate.wait(MAX_WAIT).await.0.is_some(),
            "the next request tries"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_stalled_first_request_holds_the_others_back_at_most_max_wait() {
        let gate = FirstContact::new(true);
        let _stalled = gate.wait(MAX_WAIT).await;
        let started = tokio::time::Instant::now();
        assert!(gate.wait(MAX_WAIT).await.0.is_none());
        assert_eq!(started.elapsed(), MAX_WAIT);
    }

    #[tokio::test]
    async fn an_open_gate_never_waits() {
        let gate = FirstContact::new(false);
        let _a = gate.wait(MAX_WAIT).await;
        assert!(gate.wait(MAX_WAIT).await.0.is_none());
    }
}
