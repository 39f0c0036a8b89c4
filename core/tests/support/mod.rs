//! A recording loopback server for the client's tests: records every request (method, path,
//! headers, body) and answers from a script, then a default `200 {}`.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod raw;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use livechat::{AgentWeb, Configuration, Token};
use serde_json::Value;
use tokio::net::TcpListener;

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    /// The query string, without the `?` (`None` when the URL had none).
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// Virtual (tokio) time since the server started, to measure backoff under paused time.
    pub at: Duration,
}

impl Recorded {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }
    pub fn action(&self) -> &str {
        self.path.rsplit('/').next().unwrap()
    }
}

/// A scripted answer.
#[derive(Debug, Clone)]
pub struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    hang: bool,
}

impl Reply {
    pub fn json(status: u16, body: Value) -> Reply {
        Reply {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string().into_bytes(),
            hang: false,
        }
    }
    pub fn error(status: u16, ty: &str, message: &str) -> Reply {
        Reply::json(
            status,
            serde_json::json!({"error": {"type": ty, "message": message}}),
        )
    }
    pub fn raw(status: u16, content_type: &str, body: &[u8]) -> Reply {
        Reply {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.to_vec(),
            hang: false,
        }
    }
    /// Accepts the request and never answers.
    pub fn hang() -> Reply {
        Reply {
            status: 200,
            headers: vec![],
            body: vec![],
            hang: true,
        }
    }
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }
}

#[derive(Default)]
struct Shared {
    log: Mutex<Vec<Recorded>>,
    script: Mutex<VecDeque<Reply>>,
}

pub struct MockServer {
    pub url: String,
    shared: Arc<Shared>,
    started: tokio::time::Instant,
}

async fn handle(
    State((shared, started)): State<(Arc<Shared>, tokio::time::Instant)>,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let body = axum::body::to_bytes(body, 64 * 1024 * 1024)
        .await
        .unwrap_or_default();
    shared.log.lock().unwrap().push(Recorded {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers,
        body,
        at: started.elapsed(),
    });
    let reply = shared
        .script
        .lock()
        .unwrap()
        .pop_front()
        .unwrap_or_else(|| Reply::json(200, serde_json::json!({})));
    if reply.hang {
        std::future::pending::<()>().await;
    }
    let mut resp = Response::new(Body::from(reply.body));
    *resp.status_mut() = StatusCode::from_u16(reply.status).unwrap();
    for (k, v) in reply.headers {
        resp.headers_mut().insert(
            HeaderName::from_bytes(k.as_bytes()).unwrap(),
            HeaderValue::from_str(&v).unwrap(),
        );
    }
    resp
}

impl MockServer {
    pub async fn start() -> MockServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let shared = Arc::new(Shared::default());
        let started = tokio::time::Instant::now();
        let app = axum::Router::new()
            .fallback(handle)
            .with_state((shared.clone(), started));
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        MockServer {
            url,
            shared,
            started,
        }
    }

    /// Queues answers for the next requests, in order.
    pub fn reply(&self, replies: impl IntoIterator<Item = Reply>) {
        self.shared.script.lock().unwrap().extend(replies);
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.log.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.shared.log.lock().unwrap().len()
    }

    /// A client for this server: Bearer `dal:test-token`, no retry delay worth waiting for.
    pub fn client(&self, version: &str) -> AgentWeb {
        self.builder(version).build().unwrap()
    }

    /// A Configuration API client for this server, set up as [`MockServer::client`].
    pub fn configuration(&self, version: &str) -> Configuration {
        Configuration::builder("test-client-id")
            .api_url(&self.url)
            .version(version)
            .token(Token::bearer("dal:test-token"))
            .retry_base_delay(Duration::from_millis(1))
            .build()
            .unwrap()
    }

    pub fn builder(&self, version: &str) -> livechat::AgentWebBuilder {
        AgentWeb::builder("test-client-id")
            .api_url(&self.url)
            .version(version)
            .token(Token::bearer("dal:test-token"))
            .retry_base_delay(Duration::from_millis(1))
    }
}

/// A TCP server that accepts connections, reads whatever arrives, then closes without answering
/// (a connection reset after the request was sent). Returns its URL and a counter of accepts.
pub async fn closing_server() -> (String, Arc<std::sync::atomic::AtomicUsize>) {
    use tokio::io::AsyncReadExt;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let c = count.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            c.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut buf = [0u8; 4096];
            let _ = sock.read(&mut buf).await;
            drop(sock);
        }
    });
    (url, count)
}

/// A URL on which nothing listens (connection refused).
pub async fn refused_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}

pub fn obj(v: Value) -> serde_json::Map<String, Value> {
    match v {
        Value::Object(o) => o,
        _ => panic!("not an object"),
    }
}
