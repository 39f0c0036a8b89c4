//! A misbehaving HTTP/1.1 server written at the socket level, for faults a well-behaved server
//! framework cannot produce: a reset in the middle of a response, a body that trickles, a
//! `Content-Length` longer than the body, an endless body, garbage instead of HTTP, and a server
//! that accepts and never answers. It counts the complete requests it received (what "the server
//! saw") and the body bytes it managed to write.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Behaviour {
    /// `200` with this JSON body, keep-alive.
    Ok(&'static str),
    /// Reads the request and never answers (the socket stays open until the client leaves).
    Hang,
    /// Sends the status line, headers and `prefix` of a longer body, then resets the connection
    /// (RST, `SO_LINGER` 0).
    ResetMidResponse { prefix: &'static str },
    /// Sends headers at once, then the body one byte every `every`.
    SlowBody { body: &'static str, every: Duration },
    /// Declares `Content-Length: declared` but sends only `body`, then closes (FIN).
    Truncated { declared: usize, body: &'static str },
    /// A chunked `200` body of `chunk`-byte chunks that never ends, until the client leaves.
    Endless { chunk: usize },
    /// These bytes instead of an HTTP response, then close.
    Garbage(&'static [u8]),
}

#[derive(Default)]
struct Shared {
    script: Mutex<VecDeque<Behaviour>>,
    requests: AtomicUsize,
    paths: Mutex<Vec<String>>,
    body_bytes_written: AtomicUsize,
    endless_abandoned: AtomicUsize,
    clients_left: AtomicUsize,
    connections: AtomicUsize,
}

/// The server; stops when dropped (its accept task is aborted).
pub struct RawServer {
    pub url: String,
    shared: Arc<Shared>,
    default: Behaviour,
    task: JoinHandle<()>,
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl RawServer {
    /// Starts a server answering requests with `script` in order, then with `default`.
    pub async fn start(script: impl IntoIterator<Item = Behaviour>, default: Behaviour) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let shared = Arc::new(Shared::default());
        shared.script.lock().unwrap().extend(script);
        let (s, d) = (shared.clone(), default.clone());
        let task = tokio::spawn(async move {
            loop {
                let Ok((sock, _)) = listener.accept().await else {
                    return;
                };
                s.connections.fetch_add(1, Ordering::SeqCst);
                let (s, d) = (s.clone(), d.clone());
                tokio::spawn(async move { serve(sock, &s, &d).await });
            }
        });
        RawServer {
            url,
            shared,
            default,
            task,
        }
    }

    /// Every request gets `behaviour`.
    pub async fn always(behaviour: Behaviour) -> Self {
        RawServer::start([], behaviour).await
    }

    /// Complete requests received (head and body).
    pub fn requests(&self) -> usize {
        self.shared.requests.load(Ordering::SeqCst)
    }

    /// The request paths, in arrival order.
    pub fn paths(&self) -> Vec<String> {
        self.shared.paths.lock().unwrap().clone()
    }

    /// `Endless` answers the client stopped reading (its connection closed).
    pub fn endless_abandoned(&self) -> usize {
        self.shared.endless_abandoned.load(Ordering::SeqCst)
    }

    /// Connections accepted.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// Connections the client closed between requests (EOF where a request would start).
    pub fn clients_left(&self) -> usize {
        self.shared.clients_left.load(Ordering::SeqCst)
    }

    /// Body bytes written by `SlowBody` and `Endless` answers.
    pub fn body_bytes_written(&self) -> usize {
        self.shared.body_bytes_written.load(Ordering::SeqCst)
    }
}

/// Reads one request (head + `Content-Length` body); returns its path, or `None` at EOF.
async fn read_request(sock: &mut TcpStream, buf: &mut Vec<u8>) -> Option<String> {
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let mut chunk = [0u8; 4096];
        let n = sock.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let path = head
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    let len: usize = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + len {
        let mut chunk = [0u8; 4096];
        let n = sock.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    buf.drain(..head_end + len);
    Some(path)
}

fn head(status: u16, content_length: Option<usize>) -> String {
    let length = match content_length {
        Some(n) => format!("content-length: {n}\r\n"),
        None => "transfer-encoding: chunked\r\n".to_owned(),
    };
    format!("HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n{length}\r\n")
}

async fn serve(mut sock: TcpStream, shared: &Shared, default: &Behaviour) {
    let mut buf = Vec::new();
    loop {
        let Some(path) = read_request(&mut sock, &mut buf).await else {
            shared.clients_left.fetch_add(1, Ordering::SeqCst);
            return;
        };
        shared.paths.lock().unwrap().push(path);
        shared.requests.fetch_add(1, Ordering::SeqCst);
        let behaviour = shared
            .script
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or_else(|| default.clone());
        match behaviour {
            Behaviour::Ok(body) => {
                let mut out = head(200, Some(body.len())).into_bytes();
                out.extend_from_slice(body.as_bytes());
                if sock.write_all(&out).await.is_err() {
                    return;
                }
            }
            Behaviour::Hang => {
                // Wait until the client gives up and closes the connection.
                let mut sink = [0u8; 1024];
                while matches!(sock.read(&mut sink).await, Ok(n) if n > 0) {}
                return;
            }
            Behaviour::ResetMidResponse { prefix } => {
                let mut out = head(200, Some(prefix.len() + 1000)).into_bytes();
                out.extend_from_slice(prefix.as_bytes());
                let _ = sock.write_all(&out).await;
                let _ = sock.flush().await;
                let _ = sock.set_zero_linger();
                return; // dropped with SO_LINGER 0: RST
            }
            Behaviour::SlowBody { body, every } => {
                if sock
                    .write_all(head(200, Some(body.len())).as_bytes())
                    .await
                    .is_err()
                {
                    return;
                }
                for b in body.as_bytes() {
                    tokio::time::sleep(every).await;
                    if sock.write_all(&[*b]).await.is_err() {
                        return;
                    }
                    shared.body_bytes_written.fetch_add(1, Ordering::SeqCst);
                }
            }
            Behaviour::Truncated { declared, body } => {
                let mut out = head(200, Some(declared)).into_bytes();
                out.extend_from_slice(body.as_bytes());
                let _ = sock.write_all(&out).await;
                let _ = sock.shutdown().await;
                return;
            }
            Behaviour::Endless { chunk } => {
                if sock.write_all(head(200, None).as_bytes()).await.is_err() {
                    return;
                }
                let mut frame = format!("{chunk:x}\r\n").into_bytes();
                frame.extend(std::iter::repeat_n(b'a', chunk));
                frame.extend_from_slice(b"\r\n");
                loop {
                    if sock.write_all(&frame).await.is_err() {
                        shared.endless_abandoned.fetch_add(1, Ordering::SeqCst);
                        return;
                    }
                    shared.body_bytes_written.fetch_add(chunk, Ordering::SeqCst);
                }
            }
            Behaviour::Garbage(bytes) => {
                let _ = sock.write_all(bytes).await;
                let _ = sock.shutdown().await;
                return;
            }
        }
    }
}
