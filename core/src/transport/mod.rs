//! How requests reach the API: by default through the pool this crate builds (hyper-util over a
//! connector whose sockets are bounded by `max_connections`), else through reqwest's pool — for
//! a proxy (given, or set in the environment) or a caller's own `reqwest::Client`. Requests are
//! built with reqwest either way; this module owns only sending them and reading the answer.

mod connector;
mod errors;
mod exchange;
mod pool;
mod proxy;
mod tls;

pub(crate) use pool::{BoundedPool, PoolOptions};
pub(crate) use proxy::proxied_by_environment;

use std::sync::OnceLock;

use crate::error::{Error, ErrorKind};

/// The HTTP pool of a client. Cheap to clone; clones share the connections.
#[derive(Clone)]
pub(crate) enum Http {
    /// reqwest's pool: `max_connections` bounds the requests in flight, not its sockets.
    Reqwest(reqwest::Client),
    /// The pool this crate builds: `max_connections` bounds its sockets.
    Bounded(BoundedPool),
}

impl Http {
    /// A request to `url`, to be sent with [`Http::round_trip`].
    pub(crate) fn request(
        &self,
        method: reqwest::Method,
        url: reqwest::Url,
    ) -> Result<reqwest::RequestBuilder, Error> {
        let client = match self {
            Http::Reqwest(client) => client,
            Http::Bounded(_) => request_factory()?,
        };
        Ok(client.request(method, url))
    }
}

/// The reqwest client the bounded pool's requests are built with; it never sends one, it only
/// turns JSON and multipart bodies into requests.
fn request_factory() -> Result<&'static reqwest::Client, Error> {
    static FACTORY: OnceLock<reqwest::Client> = OnceLock::new();
    if let Some(client) = FACTORY.get() {
        return Ok(client);
    }
    let client = reqwest::Client::builder().no_proxy().build().map_err(|e| {
        Error::new(ErrorKind::Internal, "cannot build the HTTP client").with_source(e)
    })?;
    Ok(FACTORY.get_or_init(|| client))
}
