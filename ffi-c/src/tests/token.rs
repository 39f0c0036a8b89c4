//! The C token getter: answered synchronously, later from another thread, with a failure, with
//! a refresh after a 401, never (bounded by the timeout; the late answer is harmless), twice,
//! with both a token and an error or neither, and `free_user_data` called exactly once after
//! the last use. Request handles are ids: misusing one is a status, never a crash.

use std::ffi::{CString, c_void};
use std::ptr::{null, null_mut};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::server::Server;
use super::{new_client, take_json};
use crate::call::{lc_client_call, lc_client_call_async};
use crate::client::{LcClient, lc_client_free, lc_client_new};
use crate::ops::{lc_op_cancel, lc_op_free};
use crate::status::LcStatus;
use crate::token::{LcTokenRequest, LcTokenRequestInfo, is_pending, lc_token_request_complete};

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Now,
    Later,
    Fail,
    Refresh,
    Never,
    Twice,
    Both,
    Neither,
}

struct Getter {
    mode: Mode,
    asked: AtomicUsize,
    refresh_seen: AtomicBool,
    frees: AtomicUsize,
    stash: Mutex<Vec<usize>>,
    /// What each `lc_token_request_complete` of the getter returned, in order.
    statuses: Mutex<Vec<LcStatus>>,
}

impl Getter {
    fn new(mode: Mode) -> Box<Getter> {
        Box::new(Getter {
            mode,
            asked: AtomicUsize::new(0),
            refresh_seen: AtomicBool::new(false),
            frees: AtomicUsize::new(0),
            stash: Mutex::new(Vec::new()),
            statuses: Mutex::new(Vec::new()),
        })
    }
    fn ptr(&self) -> *mut c_void {
        (self as *const Getter).cast_mut().cast()
    }
}

fn complete(request: *mut LcTokenRequest, token: Option<&str>, error: Option<&str>) -> LcStatus {
    let token = token.map(|t| CString::new(t).unwrap());
    let error = error.map(|e| CString::new(e).unwrap());
    // SAFETY: a request received by the getter, completed once.
    unsafe {
        lc_token_request_complete(
            request,
            token.as_ref().map_or(null(), |t| t.as_ptr()),
            error.as_ref().map_or(null(), |e| e.as_ptr()),
        )
    }
}

unsafe extern "C" fn get_token(
    user_data: *mut c_void,
    info: *const LcTokenRequestInfo,
    request: *mut LcTokenRequest,
) {
    // SAFETY: `user_data` is a live `Getter`; `info` is valid for this call.
    let (g, info) = unsafe { (&*user_data.cast::<Getter>(), *info) };
    g.asked.fetch_add(1, Ordering::SeqCst);
    if info.refresh {
        g.refresh_seen.store(true, Ordering::SeqCst);
    }
    match g.mode {
        Mode::Now => assert_eq!(
            complete(request, Some("Bearer dal:from-getter"), None),
            LcStatus::Ok
        ),
        Mode::Later => {
            let request = request as usize;
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(50));
                assert_eq!(
                    complete(request as *mut LcTokenRequest, Some("dal:later"), None),
                    LcStatus::Ok
                );
            });
        }
        Mode::Fail => assert_eq!(complete(request, None, Some("vault is down")), LcStatus::Ok),
        Mode::Refresh => {
            let token = if info.refresh { "dal:new" } else { "dal:old" };
            assert_eq!(complete(request, Some(token), None), LcStatus::Ok);
        }
        Mode::Never => g.stash.lock().unwrap().push(request as usize),
        Mode::Twice => {
            let first = complete(request, Some("dal:twice"), None);
            let second = complete(request, Some("dal:twice"), None);
            g.statuses.lock().unwrap().extend([first, second]);
        }
        Mode::Both => {
            let s = complete(request, Some("dal:both"), Some("and an error"));
            g.statuses.lock().unwrap().push(s);
        }
        Mode::Neither => {
            let s = complete(request, None, None);
            g.statuses.lock().unwrap().push(s);
        }
    }
}

/// Waits (at most 10 s) until `done` holds: the getter records its answers and
/// `free_user_data` runs on library threads, possibly just after the call they serve returned.
fn eventually(what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !done() {
        assert!(Instant::now() < deadline, "never happened: {what}");
        std::thread::sleep(Duration::from_millis(2));
    }
}

impl Getter {
    fn wait_frees(&self, n: usize) {
        eventually("free_user_data ran", || {
            self.frees.load(Ordering::SeqCst) >= n
        });
        assert_eq!(
            self.frees.load(Ordering::SeqCst),
            n,
            "free_user_data ran once"
        );
    }

    /// The statuses the getter's completions returned, once there are `n`.
    fn statuses(&self, n: usize) -> Vec<LcStatus> {
        eventually("the getter recorded its answers", || {
            self.statuses.lock().unwrap().len() >= n
        });
        self.statuses.lock().unwrap().clone()
    }
}

unsafe extern "C" fn free_getter(user_data: *mut c_void) {
    // SAFETY: `user_data` is a live `Getter` (the test keeps the box).
    let g = unsafe { &*user_data.cast::<Getter>() };
    g.frees.fetch_add(1, Ordering::SeqCst);
}

fn config(url: &str, timeout: f64) -> String {
    format!(r#"{{"client_id":"cid","api_url":"{url}","max_retries":0,"timeout":{timeout}}}"#)
}

fn list_chats(client: *const LcClient) -> (LcStatus, serde_json::Value) {
    let mut out = null_mut();
    // SAFETY: valid arguments.
    let s = unsafe { lc_client_call(client, c"list_chats".as_ptr(), null(), null(), &mut out) };
    (s, take_json(out))
}

#[test]
fn a_getter_answering_now_or_later_supplies_the_token_and_user_data_is_freed_once() {
    let server = Server::json("{}");
    for (mode, header) in [
        (Mode::Now, "Bearer dal:from-getter"),
        (Mode::Later, "Bearer dal:later"),
    ] {
        let g = Getter::new(mode);
        let client = new_client(
            &config(&server.url, 10.0),
            Some(get_token),
            g.ptr(),
            Some(free_getter),
        );
        let before = server.wait_requests(0).len();
        for _ in 0..2 {
            let (s, j) = list_chats(client.0);
            assert_eq!(s, LcStatus::Ok, "{j}");
        }
        let seen = server.wait_requests(before + 2);
        assert_eq!(seen[before].headers["authorization"], header);
        assert_eq!(
            g.asked.load(Ordering::SeqCst),
            2,
            "asked before every request"
        );
        assert_eq!(g.frees.load(Ordering::SeqCst), 0);
        drop(client);
        g.wait_frees(1);
    }
}

#[test]
fn a_getter_reporting_failure_fails_the_call_with_token() {
    let server = Server::json("{}");
    let g = Getter::new(Mode::Fail);
    let client = new_client(
        &config(&server.url, 10.0),
        Some(get_token),
        g.ptr(),
        Some(free_getter),
    );
    let (s, j) = list_chats(client.0);
    assert_eq!(s, LcStatus::Token);
    assert_eq!(j["kind"], "token");
    assert!(
        j["message"].as_str().unwrap().contains("vault is down"),
        "{j}"
    );
}

#[test]
fn a_rejected_token_is_refreshed_once_with_the_refresh_flag() {
    let server = Server::start(|seen| {
        if seen.headers["authorization"] == "Bearer dal:old" {
            Some((
                401,
                r#"{"error":{"type":"authentication","message":"Invalid access token"}}"#.into(),
            ))
        } else {
            Some((200, "{}".into()))
        }
    });
    let g = Getter::new(Mode::Refresh);
    let client = new_client(
        &config(&server.url, 10.0),
        Some(get_token),
        g.ptr(),
        Some(free_getter),
    );
    let (s, j) = list_chats(client.0);
    assert_eq!(s, LcStatus::Ok, "{j}");
    assert!(g.refresh_seen.load(Ordering::SeqCst));
    assert_eq!(
        server.wait_requests(2)[1].headers["authorization"],
        "Bearer dal:new"
    );
}

#[test]
fn an_unanswered_request_times_out_is_forgotten_and_a_late_answer_is_harmless() {
    let server = Server::json("{}");
    let g = Getter::new(Mode::Never);
    let mut client = new_client(
        &config(&server.url, 0.3),
        Some(get_token),
        g.ptr(),
        Some(free_getter),
    );
    let started = Instant::now();
    let (s, j) = list_chats(client.0);
    assert_eq!(s, LcStatus::Token, "{j}");
    assert!(started.elapsed() < Duration::from_secs(5));
    let request = g.stash.lock().unwrap().pop().unwrap() as *mut LcTokenRequest;
    eventually(
        "the request left the registry when its call gave up",
        || !is_pending(request),
    );
    // SAFETY: a live client.
    unsafe { lc_client_free(&mut client.0) };
    // Nothing waits for the getter any more: user_data is freed with the client.
    g.wait_frees(1);
    assert_eq!(
        complete(request, Some("dal:late"), None),
        LcStatus::Cancelled
    );
    assert_eq!(complete(request, None, Some("late")), LcStatus::Cancelled);
    assert_eq!(g.frees.load(Ordering::SeqCst), 1);
}

#[test]
fn a_second_completion_is_refused_and_touches_nothing() {
    let server = Server::json("{}");
    let g = Getter::new(Mode::Twice);
    let client = new_client(
        &config(&server.url, 10.0),
        Some(get_token),
        g.ptr(),
        Some(free_getter),
    );
    for _ in 0..3 {
        let (s, j) = list_chats(client.0);
        assert_eq!(s, LcStatus::Ok, "{j}");
    }
    assert_eq!(
        server.wait_requests(3)[0].headers["authorization"],
        "Bearer dal:twice"
    );
    let statuses = g.statuses(6);
    assert_eq!(
        statuses,
        [LcStatus::Ok, LcStatus::Cancelled].repeat(3),
        "first delivered, second refused"
    );
    drop(client);
    g.wait_frees(1);
}

#[test]
fn both_a_token_and_an_error_or_neither_is_refused_and_fails_the_call_saying_why() {
    let server = Server::json("{}");
    for (mode, why) in [
        (Mode::Both, "both a token and an error message"),
        (Mode::Neither, "neither a token nor an error message"),
    ] {
        let g = Getter::new(mode);
        let client = new_client(
            &config(&server.url, 10.0),
            Some(get_token),
            g.ptr(),
            Some(free_getter),
        );
        let (s, j) = list_chats(client.0);
        assert_eq!(s, LcStatus::Token, "{j}");
        assert!(j["message"].as_str().unwrap().contains(why), "{j}");
        assert_eq!(g.statuses(1), [LcStatus::InvalidArgument]);
        drop(client);
        g.wait_frees(1);
    }
}

#[test]
fn a_handle_never_handed_out_is_refused_without_being_read() {
    // Ids count up from 1; this one is far beyond any issued. It is only compared, never read
    // (a dangling pointer would crash the test otherwise).
    let made_up = std::ptr::without_provenance_mut::<LcTokenRequest>(usize::MAX - 7);
    assert_eq!(
        complete(made_up, Some("dal:x"), None),
        LcStatus::InvalidArgument
    );
    assert_eq!(
        complete(null_mut(), Some("dal:x"), None),
        LcStatus::InvalidArgument
    );
}

unsafe extern "C" fn ignore_done(_: *mut c_void, _: LcStatus, _: *const std::ffi::c_char) {}

#[test]
fn a_cancelled_call_forgets_its_unanswered_request() {
    let server = Server::json("{}");
    let g = Getter::new(Mode::Never);
    let client = new_client(
        &config(&server.url, 30.0),
        Some(get_token),
        g.ptr(),
        Some(free_getter),
    );
    let mut op = null_mut();
    // SAFETY: valid arguments; the callback ignores its arguments.
    let s = unsafe {
        lc_client_call_async(
            client.0,
            c"list_chats".as_ptr(),
            null(),
            null(),
            Some(ignore_done),
            null_mut(),
            &mut op,
            null_mut(),
        )
    };
    assert_eq!(s, LcStatus::Ok);
    let deadline = Instant::now() + Duration::from_secs(10);
    let request = loop {
        if let Some(r) = g.stash.lock().unwrap().last().copied() {
            break r as *mut LcTokenRequest;
        }
        assert!(Instant::now() < deadline, "the getter was not asked");
        std::thread::sleep(Duration::from_millis(5));
    };
    assert!(is_pending(request));
    // SAFETY: a live op handle, freed once.
    unsafe {
        lc_op_cancel(op);
        lc_op_free(&mut op);
    }
    while is_pending(request) {
        assert!(Instant::now() < deadline, "the request stayed registered");
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(
        complete(request, Some("dal:late"), None),
        LcStatus::Cancelled
    );
}

#[test]
fn a_getter_with_a_static_token_is_refused_and_user_data_stays_the_callers() {
    let g = Getter::new(Mode::Now);
    let mut client = null_mut();
    let mut out = null_mut();
    let config = c"{\"client_id\":\"c\",\"token\":\"dal:t\"}";
    // SAFETY: valid arguments.
    let s = unsafe {
        lc_client_new(
            config.as_ptr(),
            Some(get_token),
            g.ptr(),
            Some(free_getter),
            &mut client,
            &mut out,
        )
    };
    assert_eq!(s, LcStatus::InvalidArgument);
    assert!(
        take_json(out)["message"]
            .as_str()
            .unwrap()
            .contains("not both")
    );
    assert_eq!(g.frees.load(Ordering::SeqCst), 0);
}
