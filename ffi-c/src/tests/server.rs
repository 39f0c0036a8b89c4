//! A tiny loopback HTTP/1.1 server for the Rust-side tests: records every request and answers
//! through a closure, or never answers (to test cancel and close) and records when the client
//! drops the connection.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// One request as received.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    pub(crate) path: String,
    pub(crate) headers: HashMap<String, String>,
    pub(crate) body: Vec<u8>,
}

type Answer = dyn Fn(&Seen) -> Option<(u16, String)> + Send + Sync;

#[derive(Default)]
struct Log {
    requests: Vec<Seen>,
    closed_unanswered: usize,
}

/// The server; lives until the test process ends.
pub(crate) struct Server {
    pub(crate) url: String,
    log: Arc<(Mutex<Log>, Condvar)>,
}

impl Server {
    /// Starts a server answering with `answer` (`None`: never answer).
    pub(crate) fn start(
        answer: impl Fn(&Seen) -> Option<(u16, String)> + Send + Sync + 'static,
    ) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let log: Arc<(Mutex<Log>, Condvar)> = Arc::default();
        let answer: Arc<Answer> = Arc::new(answer);
        let accept_log = Arc::clone(&log);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let log = Arc::clone(&accept_log);
                let answer = Arc::clone(&answer);
                std::thread::spawn(move || serve(stream, &log, &*answer));
            }
        });
        Server { url, log }
    }

    /// A server answering every request with 200 and `body`.
    pub(crate) fn json(body: &'static str) -> Server {
        Server::start(move |_| Some((200, body.to_owned())))
    }

    /// How many requests arrived so far.
    pub(crate) fn requests(&self) -> usize {
        self.log.0.lock().unwrap().requests.len()
    }

    /// Waits until `n` requests arrived; returns them.
    pub(crate) fn wait_requests(&self, n: usize) -> Vec<Seen> {
        let (lock, cond) = &*self.log;
        let guard = lock.lock().unwrap();
        let (guard, t) = cond
            .wait_timeout_while(guard, Duration::from_secs(20), |l| l.requests.len() < n)
            .unwrap();
        assert!(
            !t.timed_out(),
            "only {} of {n} requests arrived",
            guard.requests.len()
        );
        guard.requests.clone()
    }

    /// Waits until `n` connections with an unanswered request were closed by the client.
    pub(crate) fn wait_closed(&self, n: usize) {
        let (lock, cond) = &*self.log;
        let guard = lock.lock().unwrap();
        let (_guard, t) = cond
            .wait_timeout_while(guard, Duration::from_secs(20), |l| l.closed_unanswered < n)
            .unwrap();
        assert!(!t.timed_out(), "the client did not close the connection");
    }
}

fn record(log: &(Mutex<Log>, Condvar), f: impl FnOnce(&mut Log)) {
    f(&mut log.0.lock().unwrap());
    log.1.notify_all();
}

fn serve(stream: TcpStream, log: &(Mutex<Log>, Condvar), answer: &Answer) {
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let path = line
            .split_whitespace()
            .nth(1)
            .unwrap_or_default()
            .to_owned();
        let mut headers = HashMap::new();
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).unwrap_or(0) == 0 {
                return;
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
            }
        }
        let len = headers
            .get("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; len];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let seen = Seen {
            path,
            headers,
            body,
        };
        let reply = answer(&seen);
        record(log, |l| l.requests.push(seen));
        match reply {
            Some((status, body)) => {
                let head = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                    body.len()
                );
                // One write: head and body in two small segments would wait for the client's
                // delayed ACK (Nagle), 40 ms per answer.
                if writer
                    .write_all(format!("{head}{body}").as_bytes())
                    .is_err()
                {
                    return;
                }
            }
            None => {
                // Never answer; report when the client gives up on the connection.
                let mut sink = [0u8; 256];
                while matches!(reader.read(&mut sink), Ok(n) if n > 0) {}
                record(log, |l| l.closed_unanswered += 1);
                return;
            }
        }
    }
}
