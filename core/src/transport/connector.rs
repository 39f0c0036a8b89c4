//! A connector whose connections each hold one permit of a shared semaphore, from before the
//! TCP connect until the socket is dropped: the pool can never have more sockets open than
//! permits, whatever races its checkout runs (hyper-util starts a spare connect while a
//! request waits for a busy connection to come back, and keeps the spare). It also bounds the
//! whole connect (TCP and TLS) by `connect_timeout`, as reqwest does, once the permit is held.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http::Uri;
use hyper::rt::{Read, ReadBufCursor, Write};
use hyper_util::client::legacy::connect::{Connected, Connection};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tower_service::Service;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Wraps a connector `C`: each connection it opens first takes a permit of `permits`, waiting
/// while all are taken, then must be up within `connect_timeout`.
#[derive(Clone)]
pub(crate) struct BoundedConnector<C> {
    inner: C,
    permits: Arc<Semaphore>,
    connect_timeout: Duration,
}

impl<C> BoundedConnector<C> {
    /// `inner`'s connections, at most as many open at once as `permits` has permits.
    pub(crate) fn new(inner: C, permits: Arc<Semaphore>, connect_timeout: Duration) -> Self {
        BoundedConnector {
            inner,
            permits,
            connect_timeout,
        }
    }
}

impl<C> Service<Uri> for BoundedConnector<C>
where
    C: Service<Uri> + Send + 'static,
    C::Future: Send + 'static,
    C::Error: Into<BoxError>,
{
    type Response = Permitted<C::Response>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, dst: Uri) -> Self::Future {
        // The inner future is lazy: its connect (and connect timeout) starts once a permit is
        // held, so waiting for a free slot never counts as a slow connect.
        let connecting = self.inner.call(dst);
        let permits = Arc::clone(&self.permits);
        let connect_timeout = self.connect_timeout;
        Box::pin(async move {
            let permit = permits
                .acquire_owned()
                .await
                .map_err(|_| std::io::Error::other("the connection limit was closed"))?;
            // An I/O `TimedOut`, as a TCP connect timeout is: the same error either way.
            let io = tokio::time::timeout(connect_timeout, connecting)
                .await
                .map_err(|_| {
                    std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        format!(
                            "connecting took longer than connect_timeout ({connect_timeout:?})"
                        ),
                    )
                })?
                .map_err(Into::into)?;
            Ok(Permitted {
                io,
                _permit: permit,
            })
        })
    }
}

/// A connection holding its permit: dropping it (the socket closes) frees the permit.
pub(crate) struct Permitted<T> {
    io: T,
    _permit: OwnedSemaphorePermit,
}

impl<T: Read + Unpin> Read for Permitted<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: ReadBufCursor<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl<T: Write + Unpin> Write for Permitted<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }
}

impl<T: Connection> Connection for Permitted<T> {
    fn connected(&self) -> Connected {
        self.io.connected()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use hyper_util::client::legacy::connect::HttpConnector;

    #[tokio::test]
    async fn a_connection_holds_its_permit_until_dropped() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let uri: Uri = format!("http://{}", listener.local_addr().unwrap())
            .parse()
            .unwrap();
        let permits = Arc::new(Semaphore::new(1));
        let mut connector = BoundedConnector::new(
            HttpConnector::new(),
            Arc::clone(&permits),
            std::time::Duration::from_secs(5),
        );
        let first = connector.call(uri.clone()).await.unwrap();
        assert_eq!(permits.available_permits(), 0);
        // A second connect waits for the first socket to go.
        let second = tokio::spawn(connector.call(uri));
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        assert!(
            !second.is_finished(),
            "a second socket opened past the limit"
        );
        drop(first);
        let second = second.await.unwrap().unwrap();
        assert_eq!(permits.available_permits(), 0);
        drop(second);
        assert_eq!(permits.available_permits(), 1);
    }
}
