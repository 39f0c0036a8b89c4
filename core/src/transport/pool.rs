//! The connection pool this crate builds: hyper-util's client over [`BoundedConnector`], so
//! `max_connections` bounds the sockets, not only the requests in flight.

use std::sync::Arc;
use std::time::Duration;

use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use super::connector::BoundedConnector;
use crate::error::Result;

/// The connector stack: TCP, TLS for `https://`, and around both the socket bound and the
/// connect timeout.
type Connector = BoundedConnector<HttpsConnector<HttpConnector>>;

/// A pool whose sockets are bounded by `max_connections`. Cheap to clone (one `Arc`; the
/// client itself is a few hundred bytes of handles); clones share the sockets and the bound.
#[derive(Clone)]
pub(crate) struct BoundedPool {
    pub(crate) client: Arc<Client<Connector, reqwest::Body>>,
    _limit: Arc<Limit>,
}

/// Closes the permits when the last handle to the pool goes: a connect hyper-util left
/// running in the background (it lost a race to an idle connection) and that still waits for
/// a permit then ends, instead of opening a socket for a pool that no longer exists.
struct Limit(Arc<tokio::sync::Semaphore>);

impl Drop for Limit {
    fn drop(&mut self) {
        self.0.close();
    }
}

/// How the pool connects and keeps its connections.
pub(crate) struct PoolOptions<'a> {
    pub(crate) connect_timeout: Duration,
    pub(crate) pool_idle_timeout: Duration,
    pub(crate) max_connections: usize,
    pub(crate) ca_pem: &'a [Vec<u8>],
    pub(crate) http2_prior_knowledge: bool,
}

impl BoundedPool {
    /// A pool with these options; fails only when the TLS setup cannot be built.
    pub(crate) fn new(o: &PoolOptions<'_>) -> Result<BoundedPool> {
        let mut tcp = HttpConnector::new();
        tcp.enforce_http(false);
        tcp.set_nodelay(true);
        tcp.set_connect_timeout(Some(o.connect_timeout));
        // reqwest's defaults, so a dead peer is noticed the same way.
        tcp.set_keepalive(Some(Duration::from_secs(15)));
        tcp.set_keepalive_interval(Some(Duration::from_secs(15)));
        tcp.set_keepalive_retries(Some(3));
        let tls = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(super::tls::client_config(o.ca_pem)?)
            .https_or_http();
        // ALPN offers what the client will speak: h2 alone with prior knowledge.
        let tls = if o.http2_prior_knowledge {
            tls.enable_http2()
        } else {
            tls.enable_all_versions()
        };
        let permits = Arc::new(tokio::sync::Semaphore::new(o.max_connections));
        let connector = BoundedConnector::new(
            tls.wrap_connector(tcp),
            Arc::clone(&permits),
            o.connect_timeout,
        );
        let mut builder = Client::builder(TokioExecutor::new());
        builder
            .pool_idle_timeout(o.pool_idle_timeout)
            .pool_max_idle_per_host(o.max_connections)
            .pool_timer(TokioTimer::new())
            .timer(TokioTimer::new())
            .http2_only(o.http2_prior_knowledge);
        Ok(BoundedPool {
            client: Arc::new(builder.build(connector)),
            _limit: Arc::new(Limit(permits)),
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[tokio::test]
    async fn the_permits_close_with_the_last_handle_to_the_pool() {
        let pool = BoundedPool::new(&PoolOptions {
            connect_timeout: Duration::from_secs(1),
            pool_idle_timeout: Duration::from_secs(1),
            max_connections: 2,
            ca_pem: &[],
            http2_prior_knowledge: false,
        })
        .unwrap();
        let permits = Arc::clone(&pool._limit.0);
        let sibling = pool.clone();
        drop(pool);
        assert!(!permits.is_closed(), "a sibling still uses the pool");
        drop(sibling);
        assert!(permits.is_closed());
    }
}
