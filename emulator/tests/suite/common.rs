//! Shared helpers for the integration tests: an emulator plus a small JSON client.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use livechat_emulator::{Config, Emulator};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The seed's customers and agents, as documented in the README.
pub const CUSTOMER: &str = "b7eff798-f8df-4364-8059-649c35c9ed0c";
pub const CUSTOMER_2: &str = "5a7b3c1d-9e2f-4a6b-8c0d-1e2f3a4b5c6d";
pub const AGENT: &str = "agent@emulator.test";
pub const SECOND: &str = "second@emulator.test";
pub const BUSY: &str = "busy@emulator.test";
pub const OFFLINE: &str = "offline@emulator.test";
pub const BOT: &str = "5c9871d5372c824cbf22d860a707a578";

/// An answer: status, headers and JSON body.
pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Reply {
    /// The `error.type` of an error answer.
    pub fn error_type(&self) -> &str {
        self.body["error"]["type"].as_str().unwrap_or("<none>")
    }
}

/// A running emulator and a client for it.
pub struct Api {
    pub emu: Emulator,
    pub http: reqwest::Client,
    /// Every action called through [`Api::call`], for completeness checks.
    called: std::sync::Mutex<std::collections::BTreeSet<String>>,
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

impl Api {
    pub async fn start() -> Api {
        Api::with(Config::default()).await
    }

    pub async fn with(config: Config) -> Api {
        let emu = Emulator::start(config).await.unwrap();
        Api {
            emu,
            http: client(),
            called: Default::default(),
        }
    }

    pub fn action_url(&self, version: &str, action: &str) -> String {
        format!("{}/v{version}/agent/action/{action}", self.emu.url())
    }

    /// POSTs `body` with the Bearer token.
    pub async fn call(&self, version: &str, action: &str, body: Value) -> Reply {
        self.called.lock().unwrap().insert(action.to_string());
        let request = self
            .http
            .post(self.action_url(version, action))
            .bearer_auth(self.emu.token())
            .json(&body);
        send(request).await
    }

    /// POSTs and insists on 200.
    pub async fn ok(&self, version: &str, action: &str, body: Value) -> Value {
        let reply = self.call(version, action, body).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "{action} on {version} failed: {}",
            reply.body
        );
        reply.body
    }

    /// POSTs and insists on an error of `kind` with its status.
    pub async fn fails(
        &self,
        version: &str,
        action: &str,
        body: Value,
        kind: &str,
        status: u16,
    ) -> Reply {
        let reply = self.call(version, action, body).await;
        assert_eq!(reply.error_type(), kind, "{action}: {}", reply.body);
        assert_eq!(reply.status.as_u16(), status, "{action}: {}", reply.body);
        reply
    }

    /// Starts a chat with the seed customer and one message; returns (chat_id, thread_id, event_id).
    pub async fn start_chat(&self, version: &str) -> (String, String, String) {
        let body = self
            .ok(
                version,
                "start_chat",
                json!({"chat": {"users": [{"id": CUSTOMER, "type": "customer"}],
                    "thread": {"events": [{"type": "message", "text": "Hello"}]}}}),
            )
            .await;
        (
            body["chat_id"].as_str().unwrap().to_string(),
            body["thread_id"].as_str().unwrap().to_string(),
            body["event_ids"][0].as_str().unwrap().to_string(),
        )
    }

    pub async fn upload(&self, version: &str, name: &str, mime: &str, data: Vec<u8>) -> Reply {
        self.called
            .lock()
            .unwrap()
            .insert("upload_file".to_string());
        let part = reqwest::multipart::Part::bytes(data)
            .file_name(name.to_string())
            .mime_str(mime)
            .unwrap();
        let form = reqwest::multipart::Form::new().part("file", part);
        let request = self
            .http
            .post(self.action_url(version, "upload_file"))
            .bearer_auth(self.emu.token())
            .multipart(form);
        send(request).await
    }

    /// `{url}/v{version}/configuration/action/{action}`.
    pub fn config_url(&self, version: &str, action: &str) -> String {
        format!(
            "{}/v{version}/configuration/action/{action}",
            self.emu.url()
        )
    }

    /// POSTs `body` to the Configuration API with the Bearer token.
    pub async fn config(&self, version: &str, action: &str, body: Value) -> Reply {
        let request = self
            .http
            .post(self.config_url(version, action))
            .bearer_auth(self.emu.token())
            .json(&body);
        send(request).await
    }

    /// POSTs `body` to the Configuration API with the PAT (Basic).
    pub async fn config_pat(&self, version: &str, action: &str, body: Value) -> Reply {
        let pat = self.emu.pat();
        let request = self
            .http
            .post(self.config_url(version, action))
            .basic_auth(&pat.account_id, Some(&pat.token))
            .json(&body);
        send(request).await
    }

    /// A Configuration call that must answer 200.
    pub async fn config_ok(&self, version: &str, action: &str, body: Value) -> Value {
        let reply = self.config(version, action, body).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "{action} on {version} failed: {}",
            reply.body
        );
        reply.body
    }

    /// A Configuration call that must fail with `kind` and `status`.
    pub async fn config_fails(
        &self,
        version: &str,
        action: &str,
        body: Value,
        kind: &str,
        status: u16,
    ) -> Reply {
        let reply = self.config(version, action, body).await;
        assert_eq!(reply.error_type(), kind, "{action}: {}", reply.body);
        assert_eq!(reply.status.as_u16(), status, "{action}: {}", reply.body);
        reply
    }

    /// An Agent API call with another Bearer token (e.g. a bot token).
    pub async fn call_as(&self, token: &str, version: &str, action: &str, body: Value) -> Reply {
        let request = self
            .http
            .post(self.action_url(version, action))
            .bearer_auth(token)
            .json(&body);
        send(request).await
    }

    /// The actions called so far, sorted.
    pub fn called(&self) -> Vec<String> {
        self.called.lock().unwrap().iter().cloned().collect()
    }

    /// The emulator's action table for `version`, sorted.
    pub async fn actions_of(&self, version: &str) -> Vec<String> {
        let table: Value = self
            .http
            .get(self.control("actions"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let mut names: Vec<String> = table[version]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        names.sort();
        names
    }

    pub fn control(&self, path: &str) -> String {
        format!("{}/__emulator/{path}", self.emu.url())
    }

    pub async fn add_fault(&self, fault: Value) {
        let status = self
            .http
            .post(self.control("faults"))
            .json(&fault)
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, StatusCode::OK);
    }

    pub async fn requests(&self) -> Vec<Value> {
        let body: Value = self
            .http
            .get(self.control("requests"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        body["requests"].as_array().unwrap().clone()
    }
}

pub async fn send(request: reqwest::RequestBuilder) -> Reply {
    let response = request.send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Reply {
        status,
        headers,
        body,
    }
}

/// Whether `text` is an RFC 3339 UTC timestamp with microseconds.
pub fn is_timestamp(value: &Value) -> bool {
    let Some(text) = value.as_str() else {
        return false;
    };
    let b = text.as_bytes();
    text.len() == 27
        && b[4] == b'-'
        && b[10] == b'T'
        && b[19] == b'.'
        && b[26] == b'Z'
        && text[20..26].bytes().all(|c| c.is_ascii_digit())
}

/// Whether `id` looks like the API's chat and thread ids.
pub fn is_chat_id(value: &Value) -> bool {
    value.as_str().is_some_and(|id| {
        id.len() == 10
            && id
                .bytes()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    })
}
