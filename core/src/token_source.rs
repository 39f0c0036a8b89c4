//! Where a client's tokens come from: a fixed token, or a getter made single-flight.

use std::fmt;
use std::sync::Arc;

use crate::auth::TokenProvider;
use crate::token_flight::TokenFlight;

/// Where the client's tokens come from.
#[derive(Clone)]
pub(crate) enum TokenSource {
    Static(crate::auth::Token),
    /// A getter, single-flight: concurrent requests share one call.
    Provider(Arc<TokenFlight>),
}

impl TokenSource {
    /// A getter source.
    pub(crate) fn provider(p: Arc<dyn TokenProvider>) -> TokenSource {
        TokenSource::Provider(Arc::new(TokenFlight::new(p)))
    }
}

impl TokenSource {
    pub(crate) fn is_refreshable(&self) -> bool {
        matches!(self, TokenSource::Provider(_))
    }
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenSource::Static(t) => t.fmt(f),
            TokenSource::Provider(_) => f.write_str("TokenProvider(..)"),
        }
    }
}
