//! Secrets never reach the logs: every `tracing` event (our own and our dependencies': hyper, h2,
//! rustls, reqwest's `log` records too) is captured at TRACE while a run of calls exercises
//! successes, retries (429, 503, 500, a dropped connection), a 401 refresh, a misdirected
//! request, a timeout, failing and injecting token getters, an upload, HTTP/2 over TLS and a
//! personal access token; then the captured text is searched for the recognisable secrets.
//!
//! One test in this file: it installs the process-wide subscriber and logger.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use livechat::{AgentWeb, Token, TokenRequest};
use livechat_emulator::{Config, Emulator, Pat, Tls};
use serde_json::{Value, json};

const SECRET: &str = "S3CRET-bearer-7Hq2ZpX9";
const SECRET_PAT: &str = "S3CRET-pat-Lm4Rt8Vw1";
const ACCOUNT: &str = "c9a1e6f4-2b7d-4e3a-9f10-5d8c7b6a5e41";

/// Everything written by the subscriber and the logger.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// `log` records (reqwest, rustls) into the same buffer.
struct LogToBuffer(Captured);

impl log::Log for LogToBuffer {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        let line = format!(
            "LOG {} {}: {}\n",
            record.level(),
            record.target(),
            record.args()
        );
        self.0.0.lock().unwrap().extend_from_slice(line.as_bytes());
    }
    fn flush(&self) {}
}

fn install() -> Captured {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .try_init()
        .unwrap();
    log::set_boxed_logger(Box::new(LogToBuffer(captured.clone()))).unwrap();
    log::set_max_level(log::LevelFilter::Trace);
    captured
}

async fn fault(emu: &Emulator, f: Value) {
    let resp = reqwest::Client::builder()
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap()
        .post(format!("{}/__emulator/faults", emu.url()))
        .header("content-type", "application/json")
        .body(f.to_string())
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success());
}

async fn emulator(tls: bool) -> Emulator {
    let mut config = Config::default();
    config.token = format!("dal:{SECRET}");
    config.pat = Pat::new(ACCOUNT, SECRET_PAT);
    if tls {
        config.tls = Tls::SelfSigned;
    }
    Emulator::start(config).await.unwrap()
}

/// Successes, retries, refresh, misdirection, timeout and token failures against `emu`.
async fn exercise(emu: &Emulator) {
    let ca = emu.ca_pem().map(|p| p.as_bytes().to_vec());
    let builder = || {
        let b = AgentWeb::builder("secrets")
            .api_url(emu.url())
            .retry_base_delay(Duration::from_millis(1));
        match &ca {
            Some(pem) => b.add_root_certificate_pem(pem.clone()),
            None => b,
        }
    };
    let agent = builder()
        .token(Token::bearer(format!("dal:{SECRET}")))
        .build()
        .unwrap();
    tracing::info!(client = ?agent, "a user logging the client with Debug");
    let chat = agent.start_chat().await.unwrap().chat_id;
    let c = chat.as_str();
    agent
        .send_event(c, json!({"type": "message", "text": "hello"}))
        .await
        .unwrap();
    agent
        .upload_file(b"bytes".to_vec(), Some("a.txt"))
        .await
        .unwrap();

    fault(
        emu,
        json!([
            {"action": "send_event", "status": 429, "headers": {"Retry-After": "0.01"}},
            {"action": "send_event", "status": 429},
            {"action": "get_chat", "status": 500},
            {"action": "get_chat", "drop": true},
            {"action": "list_chats", "delay_ms": 500}
        ]),
    )
    .await;
    agent
        .send_event(c, json!({"type": "message", "text": "retried"}))
        .await
        .unwrap();
    agent.get_chat(c).await.unwrap();
    let err = agent
        .list_chats()
        .attempt_timeout(Duration::from_millis(100))
        .max_retries(0)
        .await
        .unwrap_err();
    tracing::warn!(error = ?err, "a user logging an error with Debug");
    let err = agent.get_chat("NO_SUCH_CHAT").await.unwrap_err();
    tracing::warn!(error = %err, json = %err.to_json(), "and with Display");

    // Wrong region, answered with the right one.
    fault(
        emu,
        json!({"action": "list_routing_statuses", "status": 421,
               "error": {"type": "misdirected_request", "message": "Wrong region", "data": {"region": "dal"}}}),
    )
    .await;
    builder()
        .token(Token::bearer(format!("dal:{SECRET}")))
        .region("fra")
        .build()
        .unwrap()
        .list_routing_statuses()
        .await
        .unwrap();

    // A getter that serves an expired secret until asked to refresh.
    let refreshing = builder()
        .token_provider(|r: TokenRequest| {
            let t = if r.refresh {
                format!("dal:{SECRET}")
            } else {
                format!("dal:{SECRET}-expired")
            };
            std::future::ready(Ok::<_, std::io::Error>(Token::bearer(t)))
        })
        .build()
        .unwrap();
    refreshing.list_chats().await.unwrap();

    // Getters that fail, hang, or return a token with CR/LF (the secret inside).
    let bad_getters: Vec<AgentWeb> = vec![
        builder()
            .token_provider(|_r: TokenRequest| async {
                Err::<Token, _>(std::io::Error::other("vault sealed"))
            })
            .build()
            .unwrap(),
        builder()
            .token_timeout(Duration::from_millis(50))
            .token_provider(|_r: TokenRequest| async {
                std::future::pending::<Result<Token, std::io::Error>>().await
            })
            .build()
            .unwrap(),
        builder()
            .token_provider(|_r: TokenRequest| async {
                Ok::<_, std::io::Error>(Token::bearer(format!("dal:{SECRET}\r\nX-Evil: 1")))
            })
            .build()
            .unwrap(),
    ];
    for a in &bad_getters {
        let err = a.list_chats().await.unwrap_err();
        tracing::error!(error = %err, debug = ?err, "token getter failed");
    }
    let err = builder()
        .token(Token::bearer(format!("dal:{SECRET}\n")))
        .build()
        .unwrap_err();
    tracing::error!(error = %err, "bad static token");

    // A personal access token (Basic).
    let pat = builder()
        .token(Token::pat(ACCOUNT, SECRET_PAT))
        .build()
        .unwrap();
    tracing::info!(client = ?pat, token = ?Token::pat(ACCOUNT, SECRET_PAT), "PAT client");
    pat.list_routing_statuses().await.unwrap();
    // A wrong PAT: 401, and a static token is not retried.
    let wrong = builder()
        .token(Token::pat(ACCOUNT, format!("{SECRET_PAT}-wrong")))
        .build()
        .unwrap();
    let err = wrong.list_chats().await.unwrap_err();
    assert!(err.is_authentication(), "{err}");
}

#[test]
fn no_token_appears_in_trace_level_logs() {
    let captured = install();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let plain = emulator(false).await;
        exercise(&plain).await;
        let tls = emulator(true).await;
        exercise(&tls).await;
        plain.shutdown().await.unwrap();
        tls.shutdown().await.unwrap();
    });
    drop(rt);
    let text = captured.text();
    if let Ok(path) = std::env::var("LC_SECRETS_LOG_DUMP") {
        std::fs::write(path, &text).unwrap();
    }
    // The capture worked: our events and the dependencies' TRACE events are in it.
    for needle in [
        "retrying",
        "call succeeded",
        "token rejected",
        "wrong region",
        "TRACE",
        "h2",
    ] {
        assert!(
            text.contains(needle),
            "{needle:?} missing from the captured logs"
        );
    }
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{ACCOUNT}:{SECRET_PAT}"));
    let lines = text.lines().count();
    for secret in [SECRET, SECRET_PAT, basic.as_str()] {
        if let Some(line) = text.lines().find(|l| l.contains(secret)) {
            panic!("a secret appears in the logs ({lines} lines captured): {line}");
        }
    }
    eprintln!(
        "secrets test: {lines} log lines ({} bytes) captured at TRACE, no secret in them",
        text.len()
    );
}
