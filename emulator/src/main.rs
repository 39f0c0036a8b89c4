//! The `livechat-emulator` command: starts an emulator, prints one JSON line describing it
//! (url, token, pat, versions, region, agent_id, and ca_file with --tls), and runs until
//! SIGTERM/SIGINT — or until stdin closes with --exit-on-stdin-close.

use clap::Parser;
use livechat_emulator::{Config, Emulator, Pat, Seed, Tls};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// A local, stateful LiveChat Agent Chat Web API and Configuration API (versions 3.3–3.7) for
/// tests and demos.
///
/// Listens on 127.0.0.1 and prints one JSON line on stdout:
/// {"url","token","pat":{"account_id","token"},"versions","region","agent_id","client_id",
/// "organization_id"[,"ca_file"]}.
/// API: POST {url}/v3.6/agent/action/<action> and {url}/v3.6/configuration/action/<action>.
/// Control (no auth): {url}/__emulator/ reset, state, faults, requests, files/..., info,
/// actions, actions/configuration, webhooks, clock — see the README.
#[derive(Debug, Parser)]
#[command(name = "livechat-emulator", version)]
struct Cli {
    /// TCP port on 127.0.0.1 (0 picks a free port).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Bearer token to accept [default: <region>:emulator-dev-token].
    #[arg(long)]
    token: Option<String>,
    /// Personal access token to accept as HTTP Basic base64(ACCOUNT:TOKEN).
    #[arg(long, value_name = "ACCOUNT:TOKEN")]
    pat: Option<String>,
    /// Region served; a request whose X-Region differs gets misdirected_request.
    #[arg(long, default_value = "dal")]
    region: String,
    /// Seed file (JSON with agents, groups, customers, properties); default: built-in seed.
    #[arg(long, value_name = "FILE")]
    seed: Option<PathBuf>,
    /// State file: loaded at start if it exists, saved on shutdown (SIGTERM/SIGINT/stdin EOF).
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
    /// Delay added before every API answer, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    latency: u64,
    /// Requests per second allowed per credential; more get too_many_requests (429) with
    /// Retry-After.
    #[arg(long, value_name = "N")]
    rate_limit: Option<u32>,
    /// Serve HTTPS with a generated CA and certificate; the CA PEM path is printed as ca_file.
    #[arg(long, conflicts_with_all = ["tls_cert", "tls_key"])]
    tls: bool,
    /// Serve HTTPS with this PEM certificate chain (needs --tls-key).
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The PEM private key for --tls-cert.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Also exit (saving the state file) when stdin reaches end of file.
    #[arg(long)]
    exit_on_stdin_close: bool,
    /// Webhook delivery: how long one attempt may take, in seconds (default 10).
    #[arg(long, value_name = "SECONDS", value_parser = positive_seconds)]
    webhook_timeout: Option<Duration>,
    /// Webhook delivery: retries after a failed attempt (default 3; 0 = no retries).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=10))]
    webhook_retries: Option<u32>,
    /// Webhook delivery: the wait before the first retry, doubled for each later one, in
    /// seconds (default 1).
    #[arg(long, value_name = "SECONDS", value_parser = seconds)]
    webhook_backoff: Option<Duration>,
}

/// A number of seconds from 0 to 300.
fn seconds(text: &str) -> Result<Duration, String> {
    text.parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && (0.0..=300.0).contains(s))
        .map(Duration::from_secs_f64)
        .ok_or_else(|| format!("{text:?} is not a number of seconds from 0 to 300"))
}

/// A number of seconds above 0, up to 300.
fn positive_seconds(text: &str) -> Result<Duration, String> {
    seconds(text).and_then(|d| {
        if d.is_zero() {
            Err("the timeout must be above 0 seconds".into())
        } else {
            Ok(d)
        }
    })
}

impl Cli {
    fn into_config(self) -> Result<Config, String> {
        let mut config = Config::default();
        config.port = self.port;
        config.token = self
            .token
            .unwrap_or_else(|| format!("{}:emulator-dev-token", self.region));
        if let Some(pat) = self.pat {
            let (account, token) = pat
                .split_once(':')
                .filter(|(a, t)| !a.is_empty() && !t.is_empty())
                .ok_or("--pat must be ACCOUNT:TOKEN")?;
            config.pat = Pat::new(account, token);
        }
        config.region = self.region;
        if let Some(path) = self.seed {
            config.seed = Seed::from_file(&path).map_err(|e| e.to_string())?;
        }
        config.state_file = self.state;
        config.latency = Duration::from_millis(self.latency);
        config.rate_limit = self.rate_limit;
        if let Some(timeout) = self.webhook_timeout {
            config.webhook_delivery.timeout = timeout;
        }
        if let Some(retries) = self.webhook_retries {
            config.webhook_delivery.retries = retries;
        }
        if let Some(backoff) = self.webhook_backoff {
            config.webhook_delivery.backoff = backoff;
        }
        config.tls = match (self.tls, self.tls_cert, self.tls_key) {
            (true, _, _) => Tls::SelfSigned,
            (false, Some(cert), Some(key)) => Tls::Files { cert, key },
            _ => Tls::Off,
        };
        Ok(config)
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let exit_on_stdin_close = cli.exit_on_stdin_close;
    let config = match cli.into_config() {
        Ok(config) => config,
        Err(message) => {
            eprintln!("livechat-emulator: {message}");
            return ExitCode::from(2);
        }
    };
    let emulator = match Emulator::start(config).await {
        Ok(emulator) => emulator,
        Err(error) => {
            eprintln!("livechat-emulator: cannot start: {error}");
            return ExitCode::FAILURE;
        }
    };
    // Listening for SIGTERM before announcing the URL: a harness may stop us right after
    // reading it, and the default action would exit without saving the state.
    let term = Term::listen();
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{}", emulator.info())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return ExitCode::FAILURE;
    }
    drop(stdout);
    wait_for_exit(exit_on_stdin_close, term).await;
    match emulator.shutdown().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("livechat-emulator: saving the state failed: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Returns on SIGINT, SIGTERM or (when asked) stdin EOF.
async fn wait_for_exit(exit_on_stdin_close: bool, term: Term) {
    let stdin_closed = async {
        if !exit_on_stdin_close {
            return std::future::pending().await;
        }
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        // Blocking reads belong on their own thread; it ends with the process.
        std::thread::spawn(move || {
            let mut buffer = [0u8; 1024];
            let mut stdin = std::io::stdin();
            while matches!(stdin.read(&mut buffer), Ok(n) if n > 0) {}
            let _ = tx.send(());
        });
        let _ = rx.await;
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = term.received() => {}
        _ = stdin_closed => {}
    }
}

/// SIGTERM, listened for from [`Term::listen`] on (never arrives off Unix).
struct Term {
    #[cfg(unix)]
    signal: Option<tokio::signal::unix::Signal>,
}

impl Term {
    fn listen() -> Term {
        Term {
            #[cfg(unix)]
            signal: tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok(),
        }
    }

    #[cfg(unix)]
    async fn received(mut self) {
        match self.signal.as_mut() {
            Some(signal) => {
                signal.recv().await;
            }
            None => std::future::pending().await,
        }
    }

    #[cfg(not(unix))]
    async fn received(self) {
        std::future::pending::<()>().await;
    }
}
