//! What one built client holds, shared by its clones and read by every call: the connection
//! pool, the surface it speaks, its credentials, limits and learnt state (region, lifecycle
//! notice). The pipeline reads it; nothing here performs a request.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::error::{Error, Result};
use crate::first_contact::FirstContact;
use crate::methods::MethodSpec;
use crate::retry::RetryPolicy;
use crate::surface::Surface;
use crate::token_source::TokenSource;
use crate::transport::Http;
use crate::version::ApiVersion;

/// A built client's shared state.
pub(crate) struct Session {
    pub(crate) surface: &'static Surface,
    /// Every surface, to name the one that has a method this one lacks.
    pub(crate) surfaces: &'static [&'static Surface],
    /// `None` once closed: dropping the last handle to the pool closes its idle connections,
    /// so `close` frees the sockets without waiting for every clone to drop.
    pub(crate) http: RwLock<Option<Http>>,
    /// Accept, User-Agent and the extra headers, sent with each request unless the pool is a
    /// reqwest client this crate built (which has them as its defaults).
    pub(crate) request_headers: Option<reqwest::header::HeaderMap>,
    pub(crate) api_url: String,
    pub(crate) client_id: String,
    pub(crate) version: ApiVersion,
    pub(crate) token: TokenSource,
    /// Explicit, or learnt from a `misdirected_request`; wins over the token's prefix. Read by
    /// every attempt, written at most once per redirect: readers never wait for each other.
    pub(crate) region: RwLock<Option<String>>,
    pub(crate) timeout: Duration,
    pub(crate) attempt_timeout: Duration,
    pub(crate) token_timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) max_response_bytes: usize,
    /// One permit per request in flight: an attempt holds one from before its request until
    /// its body is read, so at most `max_connections` connections are ever in use (the
    /// bounded pool also bounds the sockets it opens; reqwest's pool may open spares).
    pub(crate) connections: Arc<tokio::sync::Semaphore>,
    pub(crate) max_connections: usize,
    /// One request at a time until the pool's first answer (see `first_contact`); shared with
    /// the pool.
    pub(crate) first_contact: Arc<FirstContact>,
    pub(crate) lifecycle: OnceLock<LifecycleNotice>,
    pub(crate) closed: CancellationToken,
    /// The URL of every table action of this version, parsed once (parsing one per request
    /// was a measurable part of a call).
    pub(crate) action_urls: HashMap<&'static str, reqwest::Url>,
    /// The `Authorization` value of a static token, built once.
    pub(crate) static_auth: Option<reqwest::header::HeaderValue>,
}

/// What the builder decided, before the derived parts are computed.
pub(crate) struct Parts {
    pub(crate) surface: &'static Surface,
    pub(crate) surfaces: &'static [&'static Surface],
    pub(crate) http: Http,
    pub(crate) request_headers: Option<reqwest::header::HeaderMap>,
    pub(crate) api_url: String,
    pub(crate) client_id: String,
    pub(crate) version: ApiVersion,
    pub(crate) token: TokenSource,
    pub(crate) region: Option<String>,
    pub(crate) timeout: Duration,
    pub(crate) attempt_timeout: Duration,
    pub(crate) max_connections: usize,
    pub(crate) token_timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) max_response_bytes: usize,
    /// Whether the HTTP client speaks HTTP/2 without negotiating it.
    pub(crate) http2_prior_knowledge: bool,
}

/// A `Legacy` or `Deprecation` header seen on a response: the API version is being retired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LifecycleNotice {
    /// `"Legacy"` or `"Deprecation"`.
    pub header: String,
    /// The header's value (an end date).
    pub value: String,
}

impl Session {
    pub(crate) fn new(p: Parts) -> Session {
        let action_urls = p
            .surface
            .methods
            .iter()
            .filter(|m| m.versions.contains(p.version))
            .filter_map(|m| {
                let url = p.surface.action_url(&p.api_url, p.version, m.action);
                Some((m.action, reqwest::Url::parse(&url).ok()?))
            })
            .collect();
        let static_auth = match &p.token {
            TokenSource::Static(t) => t.header_value().ok(),
            TokenSource::Provider(_) => None,
        };
        let may_negotiate_h2 = p.api_url.starts_with("https://") && !p.http2_prior_knowledge;
        Session {
            surface: p.surface,
            surfaces: p.surfaces,
            http: RwLock::new(Some(p.http)),
            request_headers: p.request_headers,
            api_url: p.api_url,
            client_id: p.client_id,
            version: p.version,
            token: p.token,
            region: RwLock::new(p.region),
            timeout: p.timeout,
            attempt_timeout: p.attempt_timeout,
            token_timeout: p.token_timeout,
            retry: p.retry,
            max_response_bytes: p.max_response_bytes,
            connections: Arc::new(tokio::sync::Semaphore::new(p.max_connections)),
            max_connections: p.max_connections,
            // Only `https://` negotiates HTTP/2 by ALPN; with prior knowledge hyper itself
            // opens one connection.
            first_contact: Arc::new(FirstContact::new(may_negotiate_h2)),
            lifecycle: OnceLock::new(),
            closed: CancellationToken::new(),
            action_urls,
            static_auth,
        }
    }

    /// A session speaking `surface` that shares this one's connection pool and connection
    /// limit, token source (and its single flight), learnt region and options. Closing either
    /// does not close the other; the pool lives while one of them does.
    pub(crate) fn sibling(&self, surface: &'static Surface) -> Result<Session> {
        let http = self
            .http
            .read()
            .ok()
            .and_then(|h| h.clone())
            .ok_or_else(|| Error::new(crate::error::ErrorKind::Closed, "the client is closed"))?;
        let mut sibling = Session::new(Parts {
            surface,
            surfaces: self.surfaces,
            http,
            request_headers: self.request_headers.clone(),
            api_url: self.api_url.clone(),
            client_id: self.client_id.clone(),
            version: self.version,
            token: self.token.clone(),
            region: self.region(),
            timeout: self.timeout,
            attempt_timeout: self.attempt_timeout,
            max_connections: self.max_connections,
            token_timeout: self.token_timeout,
            retry: self.retry,
            max_response_bytes: self.max_response_bytes,
            http2_prior_knowledge: false,
        });
        sibling.connections = self.connections.clone();
        sibling.first_contact = self.first_contact.clone();
        Ok(sibling)
    }

    /// `name` on this client's surface and version, as [`Surface::resolve`]; a method that
    /// only another surface has is refused naming that surface. Never sends anything.
    pub(crate) fn resolve(&self, name: &str) -> Result<&'static MethodSpec> {
        self.surface.resolve(name, self.version).map_err(|e| {
            if self.surface.find(name).is_some() {
                return e;
            }
            let owner = self
                .surfaces
                .iter()
                .find(|other| other.name != self.surface.name && other.find(name).is_some());
            match owner {
                Some(other) => Error::unsupported_method(format!(
                    "{name} is a method of the {} API ({}), not of the {} API ({})",
                    other.name, other.client, self.surface.name, self.surface.client
                )),
                None => e,
            }
        })
    }

    /// The region requests are routed to when the token does not say.
    pub(crate) fn region(&self) -> Option<String> {
        self.region.read().ok().and_then(|r| r.clone())
    }

    /// Closes: calls in flight end, later calls fail, pooled connections close.
    pub(crate) fn close(&self) {
        self.closed.cancel();
        let pool = self.http.write().ok().and_then(|mut h| h.take());
        drop(pool);
    }
}
