//! The emulator's options, shared by the library ([`crate::Emulator::start`]) and the CLI.

use crate::delivery::DeliverySettings;
use crate::seed::Seed;
use serde::Serialize;
use std::path::PathBuf;
use std::time::Duration;

/// The default Bearer token (its `dal:` prefix names the default region).
pub(crate) const DEFAULT_TOKEN: &str = "dal:emulator-dev-token";
/// The default region.
pub(crate) const DEFAULT_REGION: &str = "dal";
/// The default personal access token's account id.
pub(crate) const DEFAULT_PAT_ACCOUNT: &str = "c9a1e6f4-2b7d-4e3a-9f10-5d8c7b6a5e41";
/// The default personal access token.
pub(crate) const DEFAULT_PAT_TOKEN: &str = "emulator-dev-pat";

/// Options of one emulator instance. `Config::default()` gives a ready-to-use emulator on a
/// free port of 127.0.0.1 with the default token, PAT, region and seed; change fields as
/// needed (`let mut c = Config::default(); c.rate_limit = Some(5);`).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Config {
    /// TCP port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// The Bearer token accepted for the seed's first agent.
    pub token: String,
    /// The personal access token accepted (as HTTP Basic) for the seed's first agent.
    pub pat: Pat,
    /// The region this emulator serves; an `X-Region` header naming another region gets
    /// `misdirected_request`.
    pub region: String,
    /// The initial content, also restored by `POST /__emulator/reset`.
    pub seed: Seed,
    /// Loaded at start when the file exists, saved by [`crate::Emulator::shutdown`].
    pub state_file: Option<PathBuf>,
    /// Added before every API answer.
    pub latency: Duration,
    /// Requests per second allowed per credential; more get `too_many_requests`.
    pub rate_limit: Option<u32>,
    /// Plain HTTP or HTTPS.
    pub tls: Tls,
    /// Over TLS, offer HTTP/2 by ALPN (default) or only HTTP/1.1 (`false`), as an HTTP/1.1
    /// load balancer does: each request in flight then needs a connection of its own.
    pub http2: bool,
    /// How webhooks are delivered (timeout, retries, backoff); also restored by a reset.
    pub webhook_delivery: DeliverySettings,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            port: 0,
            token: DEFAULT_TOKEN.into(),
            pat: Pat::new(DEFAULT_PAT_ACCOUNT, DEFAULT_PAT_TOKEN),
            region: DEFAULT_REGION.into(),
            seed: Seed::default(),
            state_file: None,
            latency: Duration::ZERO,
            rate_limit: None,
            tls: Tls::Off,
            http2: true,
            webhook_delivery: DeliverySettings::default(),
        }
    }
}

/// A personal access token: sent as `Authorization: Basic base64(account_id:token)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Pat {
    /// The account id (the Basic user name).
    pub account_id: String,
    /// The token (the Basic password).
    pub token: String,
}

impl Pat {
    /// A PAT pair.
    pub fn new(account_id: impl Into<String>, token: impl Into<String>) -> Pat {
        Pat {
            account_id: account_id.into(),
            token: token.into(),
        }
    }
}

/// Whether and how the emulator serves HTTPS.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Tls {
    /// Plain HTTP.
    #[default]
    Off,
    /// HTTPS with a freshly generated CA and server certificate (for `127.0.0.1` and
    /// `localhost`); the CA's PEM is written to a file, see [`crate::Emulator::ca_file`].
    SelfSigned,
    /// HTTPS with the given PEM certificate chain and private key.
    Files {
        /// PEM certificate chain.
        cert: PathBuf,
        /// PEM private key.
        key: PathBuf,
    },
}
