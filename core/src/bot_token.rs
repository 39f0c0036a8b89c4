//! Bot tokens: a [`TokenProvider`] that issues them with the Configuration API's
//! `issue_bot_token`, keeps the current one, and issues the next before it expires or once the
//! API rejects it. One issue serves every call waiting at that moment.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use serde_json::{Map, Value};

use crate::auth::{Token, TokenFuture, TokenProvider, TokenRequest};
use crate::client::Client;
use crate::error::{Error, ErrorKind, Result};
use crate::options::CallOptions;

/// How long a bot token lives when its own `exp` cannot be read (the documented 24 h).
pub const BOT_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// How long before its expiry a token is replaced.
const RENEW_BEFORE: Duration = Duration::from_secs(5 * 60);

/// What `issue_bot_token` needs. `Debug` never shows the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct BotCredentials {
    /// The bot's ID (`create_bot`'s `id`).
    pub bot_id: String,
    /// The Client ID owning the bot.
    pub client_id: String,
    /// The bot's secret (`create_bot`'s `secret`).
    pub bot_secret: String,
    /// The organization the bot works in.
    pub organization_id: String,
}

impl BotCredentials {
    /// The four values `issue_bot_token` takes.
    pub fn new(
        bot_id: impl Into<String>,
        client_id: impl Into<String>,
        bot_secret: impl Into<String>,
        organization_id: impl Into<String>,
    ) -> BotCredentials {
        BotCredentials {
            bot_id: bot_id.into(),
            client_id: client_id.into(),
            bot_secret: bot_secret.into(),
            organization_id: organization_id.into(),
        }
    }

    fn check(&self) -> Result<()> {
        for (name, value) in [
            ("bot_id", &self.bot_id),
            ("client_id", &self.client_id),
            ("bot_secret", &self.bot_secret),
            ("organization_id", &self.organization_id),
        ] {
            if value.is_empty() {
                return Err(Error::invalid_argument(format!(
                    "bot credentials: {name} is empty"
                )));
            }
        }
        Ok(())
    }
}

impl fmt::Debug for BotCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BotCredentials")
            .field("bot_id", &self.bot_id)
            .field("client_id", &self.client_id)
            .field("bot_secret", &"<redacted>")
            .field("organization_id", &self.organization_id)
            .finish()
    }
}

/// The token in use and when to replace it.
struct Current {
    token: Token,
    renew_at: SystemTime,
}

/// Issues and renews a bot's tokens; give it to any client as its token provider:
///
/// ```no_run
/// # fn demo() -> Result<(), livechat::Error> {
/// use livechat::{AgentWeb, BotCredentials, BotTokenSource, Configuration, Token};
///
/// let admin = Configuration::builder("my-client-id")
///     .token(Token::pat("account-id", "personal-access-token"))
///     .build()?;
/// let bot = BotCredentials::new("bot-id", "my-client-id", "bot-secret", "organization-id");
/// let agent = AgentWeb::builder("my-client-id")
///     .token_provider(BotTokenSource::new(&admin, bot)?)
///     .region("dal") // bot tokens do not name their region
///     .build()?;
/// # Ok(()) }
/// ```
pub struct BotTokenSource {
    /// The client that calls `issue_bot_token` (a Configuration API client, API 3.5+).
    issuer: Client,
    credentials: BotCredentials,
    current: tokio::sync::Mutex<Option<Current>>,
    issued: std::sync::atomic::AtomicU64,
}

impl BotTokenSource {
    /// A source issuing tokens through `issuer` (a [`crate::Configuration`] client, or any
    /// client whose table has `issue_bot_token`: API 3.5+).
    pub fn new(issuer: &Client, credentials: BotCredentials) -> Result<BotTokenSource> {
        credentials.check()?;
        issuer.session.resolve("issue_bot_token").map_err(|e| {
            Error::invalid_argument(format!(
                "the issuer of bot tokens cannot call issue_bot_token: {}",
                e.message()
            ))
        })?;
        Ok(BotTokenSource {
            issuer: issuer.clone(),
            credentials,
            current: tokio::sync::Mutex::new(None),
            issued: std::sync::atomic::AtomicU64::new(0),
        })
    }

    /// How many tokens this source has issued.
    pub fn issued(&self) -> u64 {
        self.issued.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The token for `request`: the current one while it is fresh and not the rejected one,
    /// otherwise a new one. Callers arriving during an issue wait for it and share it.
    pub async fn token_for(&self, request: TokenRequest) -> Result<Token> {
        let mut current = self.current.lock().await;
        if let Some(c) = current.as_ref() {
            let rejected =
                request.refresh && (request.rejected(&c.token) || !request.has_rejected());
            if !rejected && SystemTime::now() < c.renew_at {
                return Ok(c.token.clone());
            }
        }
        let token = self.issue().await?;
        *current = Some(Current {
            renew_at: renew_at(&token),
            token: token.clone(),
        });
        Ok(token)
    }

    async fn issue(&self) -> Result<Token> {
        let c = &self.credentials;
        let mut args = Map::new();
        args.insert("bot_id".into(), c.bot_id.clone().into());
        args.insert("client_id".into(), c.client_id.clone().into());
        args.insert("bot_secret".into(), c.bot_secret.clone().into());
        args.insert("organization_id".into(), c.organization_id.clone().into());
        let answer = self
            .issuer
            .call_method("issue_bot_token", args, CallOptions::new())
            .await?;
        self.issued
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        match answer.get("token") {
            Some(Value::String(t)) if !t.is_empty() => Ok(Token::bearer(t.clone())),
            _ => Err(Error::new(
                ErrorKind::Decode,
                "issue_bot_token answered without a token",
            )),
        }
    }
}

impl TokenProvider for BotTokenSource {
    fn token(&self, request: TokenRequest) -> TokenFuture<'_> {
        Box::pin(self.token_for(request))
    }
}

impl fmt::Debug for BotTokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BotTokenSource")
            .field("credentials", &self.credentials)
            .field("issued", &self.issued())
            .finish_non_exhaustive()
    }
}

/// When to replace `token`: [`RENEW_BEFORE`] before the `exp` of a JWT (or of
/// [`BOT_TOKEN_LIFETIME`] from now when there is none), and never later than halfway through a
/// short life.
fn renew_at(token: &Token) -> SystemTime {
    let now = SystemTime::now();
    let expires = jwt_expiry(token.secret_value()).unwrap_or(now + BOT_TOKEN_LIFETIME);
    let life = expires.duration_since(now).unwrap_or_default();
    now + life.saturating_sub(RENEW_BEFORE.min(life / 2))
}

/// The `exp` claim of a JWT, if the token is one.
fn jwt_expiry(token: &str) -> Option<SystemTime> {
    let claims = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(claims.trim_end_matches('='))
        .ok()?;
    let exp = serde_json::from_slice::<Value>(&bytes)
        .ok()?
        .get("exp")?
        .as_u64()?;
    UNIX_EPOCH.checked_add(Duration::from_secs(exp))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(exp: u64) -> String {
        let enc = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        format!("{}.{}.sig", enc("{}"), enc(&format!("{{\"exp\":{exp}}}")))
    }

    #[test]
    fn a_jwt_is_renewed_five_minutes_before_its_exp() {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        let at = renew_at(&Token::bearer(jwt(now + 3600)));
        let left = at.duration_since(SystemTime::now()).unwrap_or_default();
        assert!(
            left > Duration::from_secs(3600 - 301) && left <= Duration::from_secs(3300),
            "{left:?}"
        );
    }

    #[test]
    fn a_short_lived_or_expired_jwt_is_renewed_early_and_an_opaque_token_lives_a_day() {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        let at = renew_at(&Token::bearer(jwt(now + 60)));
        assert!(
            at.duration_since(SystemTime::now()).unwrap_or_default() <= Duration::from_secs(30)
        );
        assert!(renew_at(&Token::bearer(jwt(now - 60))) <= SystemTime::now());
        let opaque = renew_at(&Token::bearer("not-a-jwt"));
        let left = opaque.duration_since(SystemTime::now()).unwrap_or_default();
        assert!(left > Duration::from_secs(23 * 3600), "{left:?}");
    }

    #[test]
    fn the_secret_never_shows_in_debug() {
        let c = BotCredentials::new("b", "c", "hunter2", "o");
        assert!(!format!("{c:?}").contains("hunter2"));
    }
}
