//! Authentication: which agent a request's `Authorization` header acts as.
//!
//! Bearer must equal a configured token; Basic must be base64 of `account_id:pat`. Anything
//! else is `authentication` / "Invalid access token", like the live API.

use crate::errors::{ApiError, ErrorKind};
use axum::http::{HeaderMap, header};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use std::collections::HashMap;

/// The accepted credentials.
#[derive(Clone, Debug, Default)]
pub(crate) struct Credentials {
    bearer: HashMap<String, String>,
    basic: HashMap<(String, String), String>,
}

/// The Client ID the configured Bearer tokens belong to (a PAT has none).
pub(crate) const CLIENT_ID: &str = "238ac5c3c3628210aca289c6d700d2c1";

/// Which kind of credential a request carried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AuthKind {
    /// A configured Bearer token (an agent's OAuth token, of [`CLIENT_ID`]).
    Token,
    /// A personal access token (Basic).
    Pat,
    /// A bot token from `issue_bot_token`.
    Bot,
    /// No credential (actions that need none).
    Anonymous,
}

/// Who a request acts as.
#[derive(Clone, Debug)]
pub(crate) struct Identity {
    /// The requester's agent id (a bot's id for bot tokens).
    pub(crate) agent_id: String,
    /// Rate-limit bucket key: the credential itself, kept in memory only and never logged.
    pub(crate) key: String,
    /// The kind of credential.
    pub(crate) kind: AuthKind,
}

impl Identity {
    /// The Client ID the credential carries (`None` for a PAT).
    pub(crate) fn client_id(&self) -> Option<&'static str> {
        (self.kind == AuthKind::Token).then_some(CLIENT_ID)
    }
}

impl Credentials {
    /// Accepts `Bearer token` for `agent_id`.
    pub(crate) fn add_bearer(&mut self, token: &str, agent_id: &str) {
        self.bearer.insert(token.to_string(), agent_id.to_string());
    }

    /// Accepts `Basic base64(account_id:pat)` for `agent_id`.
    pub(crate) fn add_basic(&mut self, account_id: &str, pat: &str, agent_id: &str) {
        self.basic.insert(
            (account_id.to_string(), pat.to_string()),
            agent_id.to_string(),
        );
    }

    /// Resolves the `Authorization` header; a Bearer token that is not configured is offered
    /// to `bot_token`, which answers the bot it is valid for.
    pub(crate) fn authenticate_or_bot(
        &self,
        headers: &HeaderMap,
        bot_token: impl FnOnce(&str) -> Option<String>,
    ) -> Result<Identity, ApiError> {
        match self.authenticate(headers) {
            Ok(identity) => Ok(identity),
            Err(error) => {
                let value = headers
                    .get(header::AUTHORIZATION)
                    .and_then(|v| v.to_str().ok())
                    .ok_or_else(|| error.clone())?;
                let token = value
                    .trim()
                    .split_once(' ')
                    .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
                    .map(|(_, token)| token.trim())
                    .ok_or_else(|| error.clone())?;
                let bot = bot_token(token).ok_or(error)?;
                Ok(Identity {
                    agent_id: bot,
                    key: value.to_string(),
                    kind: AuthKind::Bot,
                })
            }
        }
    }

    /// Resolves the `Authorization` header against the configured credentials.
    pub(crate) fn authenticate(&self, headers: &HeaderMap) -> Result<Identity, ApiError> {
        let invalid = || ApiError::of(ErrorKind::Authentication);
        let value = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(invalid)?;
        let (scheme, credential) = value.trim().split_once(' ').ok_or_else(invalid)?;
        let credential = credential.trim();
        let (agent_id, kind) = if scheme.eq_ignore_ascii_case("bearer") {
            (self.bearer.get(credential), AuthKind::Token)
        } else if scheme.eq_ignore_ascii_case("basic") {
            let decoded = STANDARD.decode(credential).map_err(|_| invalid())?;
            let decoded = String::from_utf8(decoded).map_err(|_| invalid())?;
            let (account, pat) = decoded.split_once(':').ok_or_else(invalid)?;
            (
                self.basic.get(&(account.to_string(), pat.to_string())),
                AuthKind::Pat,
            )
        } else {
            (None, AuthKind::Token)
        };
        let agent_id = agent_id.ok_or_else(invalid)?;
        Ok(Identity {
            agent_id: agent_id.clone(),
            key: value.to_string(),
            kind,
        })
    }
}

/// The scheme of the `Authorization` header (for the request log: never the credential).
pub(crate) fn scheme(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let scheme = value.trim().split(' ').next().unwrap_or_default();
    Some(if scheme.is_empty() || scheme.len() == value.trim().len() {
        "(none)".to_string()
    } else {
        scheme.to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn bearer_and_basic_resolve_to_agents() {
        let mut creds = Credentials::default();
        creds.add_bearer("dal:t", "a@x");
        creds.add_basic("acc", "pat", "a@x");
        assert_eq!(
            creds
                .authenticate(&headers("Bearer dal:t"))
                .unwrap()
                .agent_id,
            "a@x"
        );
        let basic = format!("Basic {}", STANDARD.encode("acc:pat"));
        assert_eq!(
            creds.authenticate(&headers(&basic)).unwrap().agent_id,
            "a@x"
        );
        for bad in [
            "Bearer nope",
            "Basic acc:pat",
            "dal:t",
            "Bearer",
            "Token dal:t",
        ] {
            let err = creds.authenticate(&headers(bad)).unwrap_err();
            assert_eq!(err.kind, ErrorKind::Authentication, "{bad}");
            assert_eq!(err.message, "Invalid access token");
        }
        assert!(creds.authenticate(&HeaderMap::new()).is_err());
    }

    #[test]
    fn unknown_bearer_tokens_are_offered_to_the_bot_lookup() {
        let mut creds = Credentials::default();
        creds.add_bearer("dal:t", "a@x");
        let bot = |token: &str| (token == "jwt").then(|| "bot1".to_string());
        let identity = creds
            .authenticate_or_bot(&headers("Bearer jwt"), bot)
            .unwrap();
        assert_eq!(
            (identity.agent_id.as_str(), identity.kind),
            ("bot1", AuthKind::Bot)
        );
        assert_eq!(identity.client_id(), None);
        let agent = creds
            .authenticate_or_bot(&headers("Bearer dal:t"), bot)
            .unwrap();
        assert_eq!(agent.client_id(), Some(CLIENT_ID));
        for bad in ["Bearer other", "Basic jwt", "jwt"] {
            let err = creds.authenticate_or_bot(&headers(bad), bot).unwrap_err();
            assert_eq!(err.kind, ErrorKind::Authentication, "{bad}");
        }
    }

    #[test]
    fn scheme_never_shows_the_credential() {
        assert_eq!(scheme(&headers("Bearer secret")).as_deref(), Some("Bearer"));
        assert_eq!(scheme(&headers("secret")).as_deref(), Some("(none)"));
        assert_eq!(scheme(&HeaderMap::new()), None);
    }
}
