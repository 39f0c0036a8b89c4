//! The `livechat-emulator` binary: prints one JSON line, serves, honours its options, stops on
//! SIGTERM (saving --state) or on stdin EOF with --exit-on-stdin-close, and serves HTTPS with
//! --tls.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::{AGENT, client, send};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus, Stdio};

/// A running binary, killed if the test fails before stopping it.
struct Running {
    child: Child,
    info: Value,
}

impl Running {
    fn start(args: &[&str]) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_livechat-emulator"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let info = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line:?}"));
        Running { child, info }
    }

    fn url(&self) -> &str {
        self.info["url"].as_str().unwrap()
    }

    fn token(&self) -> &str {
        self.info["token"].as_str().unwrap()
    }

    /// SIGTERM by PID, then the exit status.
    fn terminate(mut self) -> ExitStatus {
        let pid = self.child.id().to_string();
        assert!(
            Command::new("kill")
                .args(["-TERM", &pid])
                .status()
                .unwrap()
                .success()
        );
        self.child.wait().unwrap()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn list_chats(http: &reqwest::Client, running: &Running) -> crate::common::Reply {
    let request = http
        .post(format!("{}/v3.6/agent/action/list_chats", running.url()))
        .bearer_auth(running.token())
        .json(&json!({}));
    send(request).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_prints_one_json_line_and_serves_until_sigterm() {
    let running = Running::start(&[]);
    let info = &running.info;
    assert!(running.url().starts_with("http://127.0.0.1:"));
    assert_eq!(info["token"], json!("dal:emulator-dev-token"));
    assert_eq!(info["region"], json!("dal"));
    assert_eq!(info["agent_id"], json!(AGENT));
    assert_eq!(info["versions"], json!(["3.3", "3.4", "3.5", "3.6", "3.7"]));
    assert!(info["pat"]["account_id"].is_string() && info["pat"]["token"].is_string());
    assert!(info.get("ca_file").is_none());

    let http = client();
    let reply = list_chats(&http, &running).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["found_chats"], json!(0));
    let control: Value = http
        .get(format!("{}/__emulator/info", running.url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(&control, info);
    assert!(running.terminate().success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn options_set_token_pat_region_seed_and_rate_limit() {
    let dir = std::env::temp_dir().join(format!("emulator-seed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let seed = dir.join("seed.json");
    std::fs::write(
        &seed,
        r#"{"agents": [{"id": "boss@shop.test", "name": "Boss", "group_ids": [0], "permission": "owner"}],
            "customers": []}"#,
    )
    .unwrap();
    let running = Running::start(&[
        "--token",
        "fra:my-token",
        "--pat",
        "acc-1:pat-1",
        "--region",
        "fra",
        "--seed",
        seed.to_str().unwrap(),
        "--rate-limit",
        "1",
        "--latency",
        "1",
    ]);
    assert_eq!(running.info["token"], json!("fra:my-token"));
    assert_eq!(
        running.info["pat"],
        json!({"account_id": "acc-1", "token": "pat-1"})
    );
    assert_eq!(running.info["region"], json!("fra"));
    assert_eq!(running.info["agent_id"], json!("boss@shop.test"));
    let http = client();
    let (a, b) = tokio::join!(list_chats(&http, &running), list_chats(&http, &running));
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort_unstable();
    assert_eq!(
        statuses,
        [200, 429],
        "--rate-limit 1 lets one request a second through"
    );
    let statuses: Value = http
        .post(format!(
            "{}/v3.6/agent/action/list_routing_statuses",
            running.url()
        ))
        .basic_auth("acc-1", Some("pat-1"))
        .json(&json!({}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // The PAT is another credential, with its own rate-limit window.
    assert_eq!(
        statuses,
        json!([{"agent_id": "boss@shop.test", "status": "accepting_chats"}])
    );
    assert!(running.terminate().success());
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_state_file_is_saved_on_sigterm_and_loaded_at_start() {
    let dir = std::env::temp_dir().join(format!("emulator-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("state.json");
    let _ = std::fs::remove_file(&state);
    let http = client();

    let running = Running::start(&["--state", state.to_str().unwrap()]);
    let started: Value = http
        .post(format!("{}/v3.6/agent/action/start_chat", running.url()))
        .bearer_auth(running.token())
        .json(&json!({}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(running.terminate().success());
    assert!(state.exists(), "saved on SIGTERM");

    let running = Running::start(&["--state", state.to_str().unwrap(), "--exit-on-stdin-close"]);
    let reply = list_chats(&http, &running).await;
    assert_eq!(reply.body["chats_summary"][0]["id"], started["chat_id"]);
    // Closing stdin stops it (and saves again).
    let mut running = running;
    drop(running.child.stdin.take());
    assert!(running.child.wait().unwrap().success());
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_serves_https_trusted_through_the_printed_ca() {
    let running = Running::start(&["--tls"]);
    assert!(running.url().starts_with("https://127.0.0.1:"));
    let ca_file = running.info["ca_file"]
        .as_str()
        .expect("ca_file is printed");
    let pem = std::fs::read(ca_file).unwrap();
    let http = reqwest::Client::builder()
        .no_proxy()
        .tls_certs_only([reqwest::Certificate::from_pem(&pem).unwrap()])
        .build()
        .unwrap();
    let response = http
        .post(format!("{}/v3.6/agent/action/list_chats", running.url()))
        .bearer_auth(running.token())
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.version(),
        reqwest::Version::HTTP_2,
        "ALPN offers h2"
    );
    // Without the CA the certificate is not trusted.
    let untrusted = client()
        .post(format!("{}/v3.6/agent/action/list_chats", running.url()))
        .json(&json!({}))
        .send()
        .await;
    assert!(untrusted.is_err());
    assert!(running.terminate().success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_cert_and_key_files_are_served() {
    use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let mut leaf_params = CertificateParams::new(vec!["127.0.0.1".to_string()]).unwrap();
    leaf_params.use_authority_key_identifier_extension = true;
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = leaf_params.signed_by(&leaf_key, &ca).unwrap();
    let dir = std::env::temp_dir().join(format!("emulator-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&cert, leaf.pem()).unwrap();
    std::fs::write(&key, leaf_key.serialize_pem()).unwrap();

    let running = Running::start(&[
        "--tls-cert",
        cert.to_str().unwrap(),
        "--tls-key",
        key.to_str().unwrap(),
    ]);
    assert!(running.url().starts_with("https://"));
    assert!(
        running.info.get("ca_file").is_none(),
        "only generated certificates print ca_file"
    );
    let http = reqwest::Client::builder()
        .no_proxy()
        .tls_certs_only([reqwest::Certificate::from_pem(ca.pem().as_bytes()).unwrap()])
        .build()
        .unwrap();
    assert_eq!(list_chats(&http, &running).await.status, 200);
    assert!(running.terminate().success());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn help_explains_every_option() {
    let output = Command::new(env!("CARGO_BIN_EXE_livechat-emulator"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for option in [
        "--port",
        "--token",
        "--pat",
        "--region",
        "--seed",
        "--state",
        "--latency",
        "--rate-limit",
        "--tls",
        "--tls-cert",
        "--tls-key",
        "--exit-on-stdin-close",
        "--webhook-timeout",
        "--webhook-retries",
        "--webhook-backoff",
    ] {
        assert!(help.contains(option), "--help mentions {option}");
    }
}

#[tokio::test]
async fn webhook_delivery_options_set_the_delivery_settings() {
    let running = Running::start(&[
        "--webhook-timeout",
        "2.5",
        "--webhook-retries",
        "0",
        "--webhook-backoff",
        "0.1",
    ]);
    let settings: Value = client()
        .get(format!("{}/__emulator/webhooks/delivery", running.url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        settings,
        json!({"timeout": 2.5, "retries": 0, "backoff": 0.1})
    );
    let refused = Command::new(env!("CARGO_BIN_EXE_livechat-emulator"))
        .args(["--webhook-timeout", "0"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("timeout"));
}

#[test]
fn sigterm_right_after_the_json_line_still_saves_the_state() {
    let dir = std::env::temp_dir().join(format!("emulator-early-term-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("state.json");
    // The race is narrow: a few rounds make a missed early SIGTERM show.
    for _ in 0..5 {
        let _ = std::fs::remove_file(&state);
        let running = Running::start(&["--state", state.to_str().unwrap()]);
        assert!(running.terminate().success());
        assert!(state.exists(), "saved on an early SIGTERM");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
