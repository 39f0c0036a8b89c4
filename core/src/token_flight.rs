//! Single-flight token getters: concurrent requests of one client share one in-flight getter
//! call instead of asking the getter once each (600 concurrent calls used to make 600 getter
//! calls, and a blocking C getter one thread each). The getter's future is dropped — which
//! cancels it — as soon as no call waits for it any more. Finished answers are never reused: the
//! next request asks the getter again, as the getter contract promises.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use futures_util::FutureExt as _;
use futures_util::future::{BoxFuture, Shared, WeakShared};

use crate::auth::{Token, TokenProvider, TokenRequest};
use crate::error::{Error, Result};

/// What one flight ends with; cloned to every waiter.
#[derive(Clone)]
enum Answer {
    Token(Token),
    /// The getter's error, shared: each waiter gets an error of the same kind and message whose
    /// `source()` is the original's cause.
    Failed(Arc<Error>),
}

/// The shared error's cause, as the source of each waiter's copy (transparent: it shows and
/// chains exactly as that cause does).
struct SharedCause(Arc<Error>);

impl SharedCause {
    fn cause(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&*self.0)
    }
}

impl fmt::Display for SharedCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.cause() {
            Some(cause) => fmt::Display::fmt(cause, f),
            None => Ok(()),
        }
    }
}

impl fmt::Debug for SharedCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.cause() {
            Some(cause) => fmt::Debug::fmt(cause, f),
            None => f.write_str("SharedCause"),
        }
    }
}

impl std::error::Error for SharedCause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause().and_then(std::error::Error::source)
    }
}

type Flight = Shared<BoxFuture<'static, Answer>>;
type WeakFlight = WeakShared<BoxFuture<'static, Answer>>;

/// A token provider whose concurrent requests share one call. One slot per kind of request: a
/// `refresh` request (after an `authentication` error) never joins a plain one, whose answer
/// may be the token the API just rejected.
pub(crate) struct TokenFlight {
    provider: Arc<dyn TokenProvider>,
    plain: Mutex<Option<WeakFlight>>,
    refresh: Mutex<Option<WeakFlight>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // The slot only ever holds a weak handle; a panic elsewhere cannot leave it inconsistent.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl TokenFlight {
    /// Wraps `provider`.
    pub(crate) fn new(provider: Arc<dyn TokenProvider>) -> TokenFlight {
        TokenFlight {
            provider,
            plain: Mutex::new(None),
            refresh: Mutex::new(None),
        }
    }

    /// The token for one request: joins the flight in progress for this kind of request, or
    /// starts one. Dropping the returned future leaves the flight; the last one to leave
    /// cancels the getter.
    pub(crate) async fn token(&self, request: TokenRequest) -> Result<Token> {
        let flight = self.join(request);
        match flight.await {
            Answer::Token(t) => Ok(t),
            Answer::Failed(e) => {
                // Every caller gets its own copy: the same message, and as its cause the shared
                // error's cause (not the shared error, whose message would then print twice).
                let copy = Error::new(e.kind(), e.message());
                match std::error::Error::source(&*e) {
                    Some(_) => Err(copy.with_source(SharedCause(e))),
                    None => Err(copy),
                }
            }
        }
    }

    fn join(&self, request: TokenRequest) -> Flight {
        let slot = if request.refresh {
            &self.refresh
        } else {
            &self.plain
        };
        let mut slot = lock(slot);
        if let Some(flight) = slot.as_ref().and_then(WeakFlight::upgrade) {
            // A finished flight's answer is not reused: only a call in progress is shared.
            if flight.peek().is_none() {
                return flight;
            }
        }
        let provider = Arc::clone(&self.provider);
        let flight = async move {
            match provider.token(request).await {
                Ok(t) => Answer::Token(t),
                Err(e) => Answer::Failed(Arc::new(e)),
            }
        }
        .boxed()
        .shared();
        *slot = flight.downgrade();
        flight
    }
}

impl fmt::Debug for TokenFlight {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenProvider(..)")
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    struct Counting {
        calls: Arc<AtomicUsize>,
        dropped: Arc<AtomicUsize>,
        delay: Duration,
    }

    struct OnDrop(Arc<AtomicUsize>);
    impl Drop for OnDrop {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    impl TokenProvider for Counting {
        fn token(&self, request: TokenRequest) -> crate::auth::TokenFuture<'_> {
            let n = self.calls.fetch_add(1, Ordering::SeqCst);
            let guard = OnDrop(Arc::clone(&self.dropped));
            let delay = self.delay;
            Box::pin(async move {
                let _guard = guard;
                tokio::time::sleep(delay).await;
                Ok(Token::bearer(format!("dal:t{n}-{}", request.refresh)))
            })
        }
    }

    fn counting(delay: Duration) -> (Arc<TokenFlight>, Arc<AtomicUsize>, Arc<AtomicUsize>) {
        let calls = Arc::new(AtomicUsize::new(0));
        let dropped = Arc::new(AtomicUsize::new(0));
        let flight = Arc::new(TokenFlight::new(Arc::new(Counting {
            calls: Arc::clone(&calls),
            dropped: Arc::clone(&dropped),
            delay,
        })));
        (flight, calls, dropped)
    }

    #[tokio::test]
    async fn concurrent_requests_share_one_getter_call() {
        let (flight, calls, _) = counting(Duration::from_millis(50));
        let tasks: Vec<_> = (0..100)
            .map(|_| {
                let f = Arc::clone(&flight);
                tokio::spawn(async move { f.token(TokenRequest::new()).await })
            })
            .collect();
        for t in tasks {
            assert_eq!(t.await.unwrap().unwrap(), Token::bearer("dal:t0-false"));
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        // The next request asks again: answers are not cached.
        flight.token(TokenRequest::new()).await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_refresh_never_joins_a_plain_request() {
        let (flight, calls, _) = counting(Duration::from_millis(50));
        let (a, b) = tokio::join!(
            flight.token(TokenRequest::new()),
            flight.token(TokenRequest::after_rejection(&Token::bearer("old")))
        );
        assert_eq!(a.unwrap(), Token::bearer("dal:t0-false"));
        assert_eq!(b.unwrap(), Token::bearer("dal:t1-true"));
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn the_getter_is_cancelled_when_no_request_waits() {
        let (flight, calls, dropped) = counting(Duration::from_secs(3600));
        for _ in 0..10 {
            let r =
                tokio::time::timeout(Duration::from_millis(5), flight.token(TokenRequest::new()))
                    .await;
            assert!(r.is_err());
        }
        assert_eq!(calls.load(Ordering::SeqCst), 10);
        assert_eq!(
            dropped.load(Ordering::SeqCst),
            10,
            "every abandoned getter future is dropped"
        );
    }
}
