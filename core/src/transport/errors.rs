//! How a failed exchange is reported, for both transports: which step failed (connect, body,
//! timeout) decides the message and kind, and whether the request may have reached the server
//! decides whether a write is retried. reqwest and hyper-util say it differently; both end in
//! `classify`, so the same failure is the same error whichever pool sent it.

use crate::error::{Error, ErrorKind};
use crate::retry::Failure;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What the transport knows about where the exchange failed.
struct Step {
    connect: bool,
    timeout: bool,
    body: bool,
}

/// A reqwest failure.
pub(crate) fn reqwest_error(e: reqwest::Error) -> (Error, Failure) {
    let step = Step {
        connect: e.is_connect(),
        timeout: e.is_timeout(),
        body: e.is_body() || e.is_decode(),
    };
    classify(Box::new(e.without_url()), step)
}

/// A failure of hyper-util's client before the response head (connect or send).
pub(crate) fn client_error(e: hyper_util::client::legacy::Error) -> (Error, Failure) {
    let step = Step {
        connect: e.is_connect(),
        timeout: is_timeout(&e),
        body: false,
    };
    classify(Box::new(e), step)
}

/// A failure while reading the response body.
pub(crate) fn body_error(e: hyper::Error) -> (Error, Failure) {
    let step = Step {
        connect: false,
        timeout: is_timeout(&e),
        body: true,
    };
    classify(Box::new(e), step)
}

fn classify(e: BoxError, step: Step) -> (Error, Failure) {
    if let Some(code) = out_of_descriptors(&*e) {
        // Not the network's fault and not worth retrying: every retry would fail the same way
        // and take descriptors the rest of the process needs.
        return (
            Error::new(
                ErrorKind::Transport,
                format!(
                    "cannot open a connection: this process is out of file descriptors \
                     (os error {code}); lower max_connections or raise the limit (ulimit -n)"
                ),
            )
            .with_source(e),
            Failure::Local,
        );
    }
    let failure = if step.connect || never_written(&*e) {
        Failure::NotSent
    } else {
        Failure::MaybeSent
    };
    let kind = if step.timeout {
        ErrorKind::Timeout
    } else {
        ErrorKind::Transport
    };
    // The transport's own messages are the source chain; this message only says which step
    // failed, so a chain printer shows each once.
    let message = if step.timeout {
        "the HTTP request timed out"
    } else if step.connect {
        "cannot connect to the API"
    } else if step.body {
        "the response body could not be read"
    } else {
        "the HTTP request failed"
    };
    (Error::new(kind, message).with_source(e), failure)
}

/// The `EMFILE`/`ENFILE` code behind `e`, if that is what it is.
fn out_of_descriptors(e: &(dyn std::error::Error + 'static)) -> Option<i32> {
    sources(e)
        .filter_map(|s| s.downcast_ref::<std::io::Error>())
        .filter_map(std::io::Error::raw_os_error)
        .find(|code| matches!(code, 23 | 24))
}

/// Whether hyper reports the request as canceled before it was written: a pooled connection
/// closed by the server while the request waited for it. Nothing reached the server.
fn never_written(e: &(dyn std::error::Error + 'static)) -> bool {
    sources(e)
        .filter_map(|s| s.downcast_ref::<hyper::Error>())
        .any(hyper::Error::is_canceled)
}

/// Whether a timeout is behind `e`, as reqwest's `is_timeout` decides it (a connect timeout
/// is an I/O `TimedOut`).
fn is_timeout(e: &(dyn std::error::Error + 'static)) -> bool {
    sources(e).any(|s| {
        s.downcast_ref::<hyper::Error>()
            .is_some_and(hyper::Error::is_timeout)
            || s.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut)
    })
}

fn sources<'a>(
    e: &'a (dyn std::error::Error + 'static),
) -> impl Iterator<Item = &'a (dyn std::error::Error + 'static)> {
    std::iter::successors(Some(e), |s| s.source())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// An error with `cause` as its source, as a connector wraps what the socket said.
    #[derive(Debug)]
    struct Wrapped(std::io::Error);

    impl std::fmt::Display for Wrapped {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("tcp connect error")
        }
    }

    impl std::error::Error for Wrapped {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    fn connect_step() -> Step {
        Step {
            connect: true,
            timeout: false,
            body: false,
        }
    }

    #[test]
    fn out_of_descriptors_is_local_and_says_what_to_do() {
        let emfile = Wrapped(std::io::Error::from_raw_os_error(24));
        let (err, failure) = classify(Box::new(emfile), connect_step());
        assert!(matches!(failure, Failure::Local));
        assert_eq!(err.kind(), ErrorKind::Transport);
        assert!(err.message().contains("out of file descriptors"), "{err}");
        assert!(err.message().contains("max_connections"), "{err}");
    }

    #[test]
    fn a_refused_connect_was_not_sent_and_a_connect_timeout_is_a_timeout() {
        let refused = Wrapped(std::io::Error::from(std::io::ErrorKind::ConnectionRefused));
        let (err, failure) = classify(Box::new(refused), connect_step());
        assert!(matches!(failure, Failure::NotSent));
        assert_eq!(err.kind(), ErrorKind::Transport);
        assert_eq!(err.message(), "cannot connect to the API");

        let slow = Wrapped(std::io::Error::new(
            std::io::ErrorKind::TimedOut,
            "connect timeout",
        ));
        assert!(is_timeout(&slow));
        let step = Step {
            timeout: is_timeout(&slow),
            ..connect_step()
        };
        let (err, failure) = classify(Box::new(slow), step);
        assert!(matches!(failure, Failure::NotSent));
        assert_eq!(err.kind(), ErrorKind::Timeout);
    }

    #[test]
    fn a_failure_after_connecting_may_have_been_sent() {
        let reset = Wrapped(std::io::Error::from(std::io::ErrorKind::ConnectionReset));
        let step = Step {
            connect: false,
            timeout: false,
            body: true,
        };
        let (err, failure) = classify(Box::new(reset), step);
        assert!(matches!(failure, Failure::MaybeSent));
        assert_eq!(err.message(), "the response body could not be read");
    }
}
