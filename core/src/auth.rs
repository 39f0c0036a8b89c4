//! Credentials: Bearer (OAuth access or bot token) and Basic (personal access token), static or
//! from a getter asked on every request. Credentials never appear in `Debug`, logs or errors.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use base64::Engine as _;
use reqwest::header::HeaderValue;

use crate::error::{Error, ErrorKind, Result};

/// A credential for the `Authorization` header.
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    scheme: Scheme,
    value: String,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Scheme {
    Bearer,
    Basic,
}

impl Token {
    /// An OAuth access token or bot token, sent as `Bearer <token>`. A `dal:`/`fra:` prefix selects
    /// the region.
    pub fn bearer(token: impl Into<String>) -> Token {
        Token {
            scheme: Scheme::Bearer,
            value: token.into(),
        }
    }

    /// A personal access token, sent as `Basic base64(account_id:pat)`.
    pub fn pat(account_id: impl AsRef<str>, pat: impl AsRef<str>) -> Token {
        let raw = format!("{}:{}", account_id.as_ref(), pat.as_ref());
        Token {
            scheme: Scheme::Basic,
            value: base64::engine::general_purpose::STANDARD.encode(raw),
        }
    }

    /// An already-encoded Basic credential (the value the Developer Console shows).
    pub fn basic(encoded: impl Into<String>) -> Token {
        Token {
            scheme: Scheme::Basic,
            value: encoded.into(),
        }
    }

    /// The credential itself, for code that must read it (a bot token's expiry).
    pub(crate) fn secret_value(&self) -> &str {
        &self.value
    }

    /// A hash identifying the token within this process (never shown; see
    /// [`TokenRequest::rejected`]).
    fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.scheme.hash(&mut h);
        self.value.hash(&mut h);
        h.finish()
    }

    /// Reads `"Bearer …"`, `"Basic …"` (case-insensitive), or a bare token (Bearer).
    pub fn parse(s: &str) -> Token {
        let trimmed = s.trim();
        for (prefix, scheme) in [("bearer ", Scheme::Bearer), ("basic ", Scheme::Basic)] {
            if trimmed.len() > prefix.len()
                && trimmed.is_char_boundary(prefix.len())
                && trimmed[..prefix.len()].eq_ignore_ascii_case(prefix)
            {
                return Token {
                    scheme,
                    value: trimmed[prefix.len()..].trim_start().to_owned(),
                };
            }
        }
        Token::bearer(trimmed)
    }

    /// `"Bearer"` or `"Basic"`.
    pub fn scheme(&self) -> &'static str {
        match self.scheme {
            Scheme::Bearer => "Bearer",
            Scheme::Basic => "Basic",
        }
    }

    /// The region named by a Bearer token's prefix (`dal:…` → `dal`). Regions are opaque
    /// (`fra-a` exists), so any short lowercase prefix counts.
    pub fn region(&self) -> Option<&str> {
        if self.scheme != Scheme::Bearer {
            return None;
        }
        let (prefix, rest) = self.value.split_once(':')?;
        (is_region(prefix) && !rest.is_empty()).then_some(prefix)
    }

    /// Checks the token can go in a header: not empty, no CR/LF or other control characters.
    pub fn validate(&self) -> Result<()> {
        if self.value.is_empty() {
            return Err(Error::invalid_argument("the token is empty"));
        }
        if self.value.chars().any(char::is_control) {
            return Err(Error::invalid_argument(
                "the token contains a control character (CR, LF, …); refusing to send it",
            ));
        }
        Ok(())
    }

    /// The `Authorization` header value, marked sensitive so HTTP logging never prints it.
    pub(crate) fn header_value(&self) -> Result<HeaderValue> {
        self.validate()?;
        let mut v = HeaderValue::from_str(&format!("{} {}", self.scheme(), self.value))
            .map_err(|_| Error::invalid_argument("the token is not a valid header value"))?;
        v.set_sensitive(true);
        Ok(v)
    }
}

/// Whether `s` looks like a region name: 1–16 of `[a-z0-9-]`, starting with a letter.
pub(crate) fn is_region(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 16
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.region() {
            Some(r) => write!(f, "Token({} {r}:<redacted>)", self.scheme()),
            None => write!(f, "Token({} <redacted>)", self.scheme()),
        }
    }
}

/// Why the token is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenRequest {
    /// The API rejected the previous token (`authentication`): return a fresh one, not a cached
    /// one.
    pub refresh: bool,
    /// A fingerprint of the rejected token, so a caching getter can tell whether the token it
    /// holds now is that one or a newer one some other call already fetched.
    rejected: Option<u64>,
}

impl TokenRequest {
    /// A request for the token of the next attempt (also for tests of your own getters).
    pub fn new() -> TokenRequest {
        TokenRequest {
            refresh: false,
            rejected: None,
        }
    }

    /// A request after the API rejected `token` with an `authentication` error.
    pub fn after_rejection(token: &Token) -> TokenRequest {
        TokenRequest {
            refresh: true,
            rejected: Some(token.fingerprint()),
        }
    }

    /// Whether `token` is the one the API rejected. A getter that caches can answer a refresh
    /// with its cached token when that is not the rejected one (another call already replaced
    /// it), so many calls failing together cause one new token, not one each.
    pub fn rejected(&self, token: &Token) -> bool {
        self.rejected == Some(token.fingerprint())
    }

    /// Whether the request says which token was rejected.
    pub(crate) fn has_rejected(&self) -> bool {
        self.rejected.is_some()
    }
}

impl Default for TokenRequest {
    fn default() -> Self {
        TokenRequest::new()
    }
}

/// A boxed future returned by a [`TokenProvider`].
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<Token>> + Send + 'a>>;

/// A source of tokens asked before every request (so it can refresh them), and once more after an
/// `authentication` error.
///
/// Closures `Fn(TokenRequest) -> impl Future<Output = Result<Token, E>>` implement it:
///
/// ```
/// # use livechat::{AgentWeb, Token, TokenRequest};
/// let agent = AgentWeb::builder("my-client-id")
///     .token_provider(|_req: TokenRequest| async {
///         Ok::<_, std::io::Error>(Token::bearer("dal:fresh-token"))
///     })
///     .build()?;
/// # Ok::<(), livechat::Error>(())
/// ```
///
/// A provider of your own, and a unit test of it with [`TokenRequest::new`] and
/// [`TokenRequest::after_rejection`] (the requests the client makes):
///
/// ```
/// use std::sync::Mutex;
/// use livechat::{Token, TokenFuture, TokenProvider, TokenRequest};
///
/// struct Cached(Mutex<Token>);
///
/// impl TokenProvider for Cached {
///     fn token(&self, request: TokenRequest) -> TokenFuture<'_> {
///         Box::pin(async move {
///             let mut held = self.0.lock().map_err(|_| {
///                 livechat::Error::new(livechat::ErrorKind::Token, "token cache poisoned")
///             })?;
///             if request.rejected(&held) {
///                 *held = Token::bearer("dal:renewed"); // fetch a new one here
///             }
///             Ok(held.clone())
///         })
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), livechat::Error> {
/// let provider = Cached(Mutex::new(Token::bearer("dal:old")));
/// let first = provider.token(TokenRequest::new()).await?;
/// let renewed = provider.token(TokenRequest::after_rejection(&first)).await?;
/// assert!(TokenRequest::after_rejection(&first).rejected(&first));
/// assert!(!TokenRequest::after_rejection(&first).rejected(&renewed));
/// # Ok(()) }
/// ```
pub trait TokenProvider: Send + Sync + 'static {
    /// Returns the token for the next request.
    fn token(&self, request: TokenRequest) -> TokenFuture<'_>;
}

impl<F, Fut, E> TokenProvider for F
where
    F: Fn(TokenRequest) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = std::result::Result<Token, E>> + Send + 'static,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    fn token(&self, request: TokenRequest) -> TokenFuture<'_> {
        let fut = self(request);
        Box::pin(async move {
            fut.await.map_err(|e| {
                let source = e.into();
                // The getter's own error is the cause: printed by `source()`, not repeated here.
                Error::new(ErrorKind::Token, "the token getter failed").with_source(source)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pat_is_basic_base64_of_account_and_token() {
        let t = Token::pat("acc", "pat");
        assert_eq!(t.scheme(), "Basic");
        assert_eq!(t.header_value().unwrap(), "Basic YWNjOnBhdA==");
        assert_eq!(t.region(), None);
    }

    #[test]
    fn region_comes_from_a_bearer_prefix_only() {
        assert_eq!(Token::bearer("fra:abc").region(), Some("fra"));
        assert_eq!(Token::bearer("fra-a:abc").region(), Some("fra-a"));
        assert_eq!(Token::bearer("eyJhbGciOi.jwt").region(), None);
        assert_eq!(Token::bearer(":abc").region(), None);
        assert_eq!(Token::bearer("dal:").region(), None);
    }

    #[test]
    fn parse_understands_schemes() {
        assert_eq!(Token::parse("Bearer dal:x"), Token::bearer("dal:x"));
        assert_eq!(Token::parse("basic QUJD"), Token::basic("QUJD"));
        assert_eq!(Token::parse("dal:x"), Token::bearer("dal:x"));
    }

    #[test]
    fn crlf_is_refused_and_debug_redacts() {
        let t = Token::bearer("dal:secret\r\nX-Evil: 1");
        let err = t.header_value().unwrap_err();
        assert!(!err.to_string().contains("secret"));
        let dbg = format!("{:?}", Token::bearer("dal:supersecret"));
        assert!(!dbg.contains("supersecret"), "{dbg}");
        assert!(dbg.contains("dal"), "{dbg}");
    }
}
