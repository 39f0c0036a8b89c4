//! Calls through the exported functions: argument checks before anything is sent, blocking and
//! async results, cancel (the connection is closed), close with calls in flight, and blocking
//! calls refused inside a callback.

use std::ffi::{CString, c_char, c_void};
use std::ptr::{null, null_mut};

use super::server::Server;
use super::{Waiter, new_client, on_done, take_json};
use crate::call::{lc_client_call, lc_client_call_async, lc_client_send, lc_client_send_async};
use crate::client::{LcClient, lc_client_free, lc_client_info, lc_client_new};
use crate::methods::lc_methods;
use crate::ops::{LcOp, lc_op_cancel, lc_op_free};
use crate::status::LcStatus;
use crate::upload::{LcUploadSource, lc_client_upload, lc_client_upload_async};

fn config(url: &str) -> String {
    format!(
        r#"{{"client_id":"cid","api_url":"{url}","token":"dal:tok","max_retries":0,"timeout":10}}"#
    )
}

fn call(
    client: *const LcClient,
    method: &str,
    args: Option<&str>,
) -> (LcStatus, serde_json::Value) {
    let method = CString::new(method).unwrap();
    let args = args.map(|a| CString::new(a).unwrap());
    let mut out = null_mut();
    // SAFETY: valid strings and out-pointer; `client` is live or NULL.
    let status = unsafe {
        lc_client_call(
            client,
            method.as_ptr(),
            args.as_ref().map_or(null(), |a| a.as_ptr()),
            null(),
            &mut out,
        )
    };
    (status, take_json(out))
}

#[test]
fn bad_configs_are_refused_with_an_error_json() {
    for (config, needle) in [
        ("{", "invalid client config"),
        (r#"{"client_id":"c","tokn":"x"}"#, "tokn"),
        (r#"{"client_id":"c"}"#, "no token"),
        (r#"{"client_id":"c","token":"t","version":"9.9"}"#, "9.9"),
    ] {
        let c = CString::new(config).unwrap();
        let mut client = std::ptr::dangling_mut::<LcClient>();
        let mut out = null_mut();
        // SAFETY: valid strings and out-pointers.
        let status =
            unsafe { lc_client_new(c.as_ptr(), None, null_mut(), None, &mut client, &mut out) };
        assert_eq!(status, LcStatus::InvalidArgument, "{config}");
        assert!(client.is_null(), "out_client is cleared on failure");
        let json = take_json(out);
        assert_eq!(json["kind"], "invalid_argument");
        assert!(json["message"].as_str().unwrap().contains(needle), "{json}");
    }
    let mut client = null_mut();
    let mut out = null_mut();
    // SAFETY: NULL config is allowed and refused.
    let status = unsafe { lc_client_new(null(), None, null_mut(), None, &mut client, &mut out) };
    assert_eq!(status, LcStatus::InvalidArgument);
    assert!(
        take_json(out)["message"]
            .as_str()
            .unwrap()
            .contains("config_json is NULL")
    );
    // SAFETY: NULL out_client is refused; NULL out_json is allowed.
    let status = unsafe {
        lc_client_new(
            c"{}".as_ptr(),
            None,
            null_mut(),
            None,
            null_mut(),
            null_mut(),
        )
    };
    assert_eq!(status, LcStatus::InvalidArgument);
}

#[test]
fn wrong_calls_are_refused_before_anything_is_sent() {
    let server = Server::json("{}");
    let client = new_client(&config(&server.url), None, null_mut(), None);
    let (s, j) = call(null(), "list_chats", None);
    assert_eq!(
        (s, j["message"].as_str().unwrap()),
        (LcStatus::InvalidArgument, "client is NULL")
    );
    let mut out = null_mut();
    // SAFETY: NULL method is refused.
    let s = unsafe { lc_client_call(client.0, null(), null(), null(), &mut out) };
    assert_eq!(s, LcStatus::InvalidArgument);
    assert!(
        take_json(out)["message"]
            .as_str()
            .unwrap()
            .contains("method is NULL")
    );
    let bad_utf8 = [b'g', 0xff, 0];
    // SAFETY: a NUL-terminated buffer.
    let s = unsafe { lc_client_call(client.0, bad_utf8.as_ptr().cast(), null(), null(), &mut out) };
    assert_eq!(s, LcStatus::InvalidArgument);
    assert!(
        take_json(out)["message"]
            .as_str()
            .unwrap()
            .contains("UTF-8")
    );

    let (s, j) = call(client.0, "get_chat", Some("{not json"));
    assert_eq!(s, LcStatus::InvalidArgument, "{j}");
    let (s, j) = call(client.0, "get_chat", Some("[]"));
    assert_eq!(s, LcStatus::InvalidArgument, "{j}");
    let (s, j) = call(client.0, "no_such_method", None);
    assert_eq!(s, LcStatus::UnsupportedMethod, "{j}");
    assert_eq!(j["kind"], "unsupported_method");
    let (s, j) = call(
        client.0,
        "grant_chat_access",
        Some(r#"{"id":"c","access":{}}"#),
    );
    assert_eq!(s, LcStatus::UnsupportedMethod, "{j}");
    assert!(
        j["message"].as_str().unwrap().contains("transfer_chat"),
        "{j}"
    );
    let (s, j) = call(client.0, "get_chat", Some(r#"{"chat_id":42}"#));
    assert_eq!(s, LcStatus::InvalidArgument, "{j}");
    let (s, j) = call(client.0, "get_chat", None);
    assert_eq!(s, LcStatus::InvalidArgument, "{j}");
    let (s, j) = call(client.0, "get_chat", Some(r#"{"chat_id":"c","bogus":1}"#));
    assert_eq!(s, LcStatus::InvalidArgument, "{j}");
    let (s, _) = call(client.0, "upload_file", Some(r#"{"file":"/no/such/file"}"#));
    assert_eq!(s, LcStatus::InvalidArgument);
    // SAFETY: NULL action is refused.
    let s = unsafe { lc_client_send(client.0, null(), null(), null(), &mut out) };
    assert_eq!(s, LcStatus::InvalidArgument);
    take_json(out);
    // SAFETY: an invalid action name is refused by the core.
    let s = unsafe { lc_client_send(client.0, c"../x".as_ptr(), null(), null(), &mut out) };
    assert_eq!(s, LcStatus::InvalidArgument);
    take_json(out);
    // Nothing reached the server: the next request is the first it sees.
    let (s, _) = call(client.0, "list_chats", None);
    assert_eq!(s, LcStatus::Ok);
    assert_eq!(server.wait_requests(1).len(), 1);
}

#[test]
fn a_blocking_call_returns_the_response_json_and_sends_auth_and_user_agent() {
    let server = Server::json(r#"{"chats_summary":[],"total_chats":0}"#);
    let client = new_client(&config(&server.url), None, null_mut(), None);
    let (s, j) = call(client.0, "list_chats", Some(r#"{"limit":5}"#));
    assert_eq!(s, LcStatus::Ok, "{j}");
    assert_eq!(j["total_chats"], 0);
    let seen = &server.wait_requests(1)[0];
    assert_eq!(seen.path, "/v3.6/agent/action/list_chats");
    assert_eq!(seen.headers["authorization"], "Bearer dal:tok");
    assert_eq!(seen.headers["x-region"], "dal");
    assert!(
        seen.headers["user-agent"].starts_with("livechat-c/"),
        "{:?}",
        seen.headers
    );
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&seen.body).unwrap()["limit"],
        5
    );

    let mut out = null_mut();
    // SAFETY: valid arguments.
    let s = unsafe {
        lc_client_send(
            client.0,
            c"list_chats".as_ptr(),
            c"{\"x\":1}".as_ptr(),
            null(),
            &mut out,
        )
    };
    assert_eq!(s, LcStatus::Ok);
    take_json(out);
    assert_eq!(server.wait_requests(2)[1].body, br#"{"x":1}"#);

    // SAFETY: valid arguments.
    let s = unsafe { lc_client_info(client.0, &mut out) };
    assert_eq!(s, LcStatus::Ok);
    let info = take_json(out);
    assert_eq!(info["version"], "3.6");
    assert_eq!(info["type"], "agent");
}

#[test]
fn api_errors_keep_status_type_message_and_data() {
    let server = Server::start(|_| {
        Some((
            404,
            r#"{"error":{"type":"not_found","message":"Chat not found","data":{"id":"X"}}}"#.into(),
        ))
    });
    let client = new_client(&config(&server.url), None, null_mut(), None);
    let (s, j) = call(client.0, "get_chat", Some(r#"{"chat_id":"X"}"#));
    assert_eq!(s, LcStatus::Api);
    assert_eq!(j["kind"], "api");
    assert_eq!(j["status"], 404);
    assert_eq!(j["type"], "not_found");
    assert_eq!(j["message"], "Chat not found");
    assert_eq!(j["data"]["id"], "X");
}

#[test]
fn async_calls_fire_their_callback_exactly_once() {
    let server = Server::json("{}");
    let client = new_client(&config(&server.url), None, null_mut(), None);
    let waiter = Waiter::new();
    for _ in 0..20 {
        // SAFETY: valid arguments; the waiter outlives the calls.
        let s = unsafe {
            lc_client_call_async(
                client.0,
                c"follow_chat".as_ptr(),
                c"{\"id\":\"C\"}".as_ptr(),
                null(),
                Some(on_done),
                waiter.user_data(),
                null_mut(),
                null_mut(),
            )
        };
        assert_eq!(s, LcStatus::Ok);
    }
    let done = waiter.wait(20);
    assert!(done.iter().all(|d| d.status == LcStatus::Ok), "{done:?}");
    std::thread::sleep(std::time::Duration::from_millis(50));
    assert_eq!(waiter.count(), 20);
}

#[test]
fn an_async_call_that_cannot_start_never_fires_and_reports_the_error() {
    let server = Server::json("{}");
    let client = new_client(&config(&server.url), None, null_mut(), None);
    let waiter = Waiter::new();
    let mut op = std::ptr::dangling_mut::<LcOp>();
    let mut err = null_mut();
    // SAFETY: valid pointers; the method is unknown.
    let s = unsafe {
        lc_client_call_async(
            client.0,
            c"nope".as_ptr(),
            null(),
            null(),
            Some(on_done),
            waiter.user_data(),
            &mut op,
            &mut err,
        )
    };
    assert_eq!(s, LcStatus::UnsupportedMethod);
    assert!(op.is_null());
    assert_eq!(take_json(err)["kind"], "unsupported_method");
    // SAFETY: NULL callback is refused.
    let s = unsafe {
        lc_client_call_async(
            client.0,
            c"list_chats".as_ptr(),
            null(),
            null(),
            None,
            null_mut(),
            null_mut(),
            &mut err,
        )
    };
    assert_eq!(s, LcStatus::InvalidArgument);
    take_json(err);
    std::thread::sleep(std::time::Duration::from_millis(50));
    assert_eq!(waiter.count(), 0);
}

#[test]
fn cancel_fires_cancelled_once_and_closes_the_connection() {
    let server = Server::start(|_| None);
    let client = new_client(&config(&server.url), None, null_mut(), None);
    let waiter = Waiter::new();
    let mut op = null_mut();
    // SAFETY: valid arguments.
    let s = unsafe {
        lc_client_call_async(
            client.0,
            c"list_chats".as_ptr(),
            null(),
            null(),
            Some(on_done),
            waiter.user_data(),
            &mut op,
            null_mut(),
        )
    };
    assert_eq!(s, LcStatus::Ok);
    server.wait_requests(1);
    // SAFETY: a live op handle; cancelling twice is allowed.
    unsafe {
        lc_op_cancel(op);
        lc_op_cancel(op);
    }
    let done = waiter.wait(1);
    assert_eq!(done[0].status, LcStatus::Cancelled);
    assert_eq!(done[0].json["kind"], "cancelled");
    server.wait_closed(1);
    // SAFETY: cancel after completion is a no-op; free nulls the handle; NULL is accepted.
    unsafe {
        lc_op_cancel(op);
        lc_op_free(&mut op);
        lc_op_free(&mut op);
        lc_op_cancel(null());
    }
    assert!(op.is_null());
    assert_eq!(waiter.count(), 1);
}

#[test]
fn freeing_the_client_completes_calls_in_flight_with_closed() {
    let server = Server::start(|_| None);
    let mut client = new_client(&config(&server.url), None, null_mut(), None);
    let waiter = Waiter::new();
    for _ in 0..3 {
        // SAFETY: valid arguments.
        let s = unsafe {
            lc_client_call_async(
                client.0,
                c"list_chats".as_ptr(),
                null(),
                null(),
                Some(on_done),
                waiter.user_data(),
                null_mut(),
                null_mut(),
            )
        };
        assert_eq!(s, LcStatus::Ok);
    }
    server.wait_requests(3);
    // SAFETY: a live client; nulls the pointer.
    unsafe { lc_client_free(&mut client.0) };
    assert!(client.0.is_null());
    let done = waiter.wait(3);
    assert!(
        done.iter().all(|d| d.status == LcStatus::Closed),
        "{done:?}"
    );
    // SAFETY: NULL is accepted.
    unsafe { lc_client_free(null_mut()) };
}

struct Nested {
    client: *const LcClient,
    waiter: std::sync::Arc<Waiter>,
}

unsafe extern "C" fn call_from_callback(
    user_data: *mut c_void,
    _status: LcStatus,
    _json: *const c_char,
) {
    // SAFETY: `user_data` is a live `Nested`.
    let nested = unsafe { &*user_data.cast::<Nested>() };
    let mut out = null_mut();
    // SAFETY: valid arguments; the client is live.
    let s = unsafe {
        lc_client_call(
            nested.client,
            c"list_chats".as_ptr(),
            null(),
            null(),
            &mut out,
        )
    };
    let json = take_json(out);
    let text = CString::new(json.to_string()).unwrap();
    // SAFETY: forwards the nested call's outcome to the waiter.
    unsafe { on_done(nested.waiter.user_data(), s, text.as_ptr()) };
}

#[test]
fn a_blocking_call_inside_a_callback_fails_with_runtime() {
    let server = Server::json("{}");
    let client = new_client(&config(&server.url), None, null_mut(), None);
    let nested = Nested {
        client: client.0,
        waiter: Waiter::new(),
    };
    // SAFETY: valid arguments; `nested` outlives the call.
    let s = unsafe {
        lc_client_call_async(
            client.0,
            c"list_chats".as_ptr(),
            null(),
            null(),
            Some(call_from_callback),
            (&raw const nested).cast_mut().cast(),
            null_mut(),
            null_mut(),
        )
    };
    assert_eq!(s, LcStatus::Ok);
    let done = nested.waiter.wait(1);
    assert_eq!(done[0].status, LcStatus::Runtime, "{:?}", done[0]);
    assert!(
        done[0].json["message"]
            .as_str()
            .unwrap()
            .contains("blocking call")
    );
}

#[test]
fn the_method_table_is_static_json_naming_every_method() {
    // SAFETY: a static NUL-terminated string.
    let text = unsafe { std::ffi::CStr::from_ptr(lc_methods()) }
        .to_str()
        .unwrap();
    let table: serde_json::Value = serde_json::from_str(text).unwrap();
    let names: Vec<&str> = table["methods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"send_event") && names.contains(&"upload_file"));
    // Every surface, each with its own methods.
    let surfaces: Vec<(&str, Vec<&str>)> = table["surfaces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let methods = s["methods"].as_array().unwrap();
            let names = methods.iter().map(|m| m["name"].as_str().unwrap());
            (s["name"].as_str().unwrap(), names.collect())
        })
        .collect();
    let surface_names: Vec<&str> = surfaces.iter().map(|(n, _)| *n).collect();
    let expected: Vec<&str> = livechat_core::surfaces::ALL
        .iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(surface_names, expected);
    assert!(surface_names.contains(&"configuration"));
    let configuration = &surfaces
        .iter()
        .find(|(n, _)| *n == "configuration")
        .unwrap()
        .1;
    assert!(configuration.contains(&"create_bot") && !configuration.contains(&"send_event"));
    assert_eq!(lc_methods(), lc_methods());
}

/// Calls `list_chats` with per-call options, blocking or async; returns the status, the JSON
/// and how long it took.
fn list_chats_with(
    client: *const LcClient,
    options: &std::ffi::CStr,
    async_: bool,
) -> (LcStatus, serde_json::Value, std::time::Duration) {
    let started = std::time::Instant::now();
    let mut out = null_mut();
    if async_ {
        let waiter = Waiter::new();
        // SAFETY: valid strings and out-pointers; the waiter outlives the call (waited below).
        let s = unsafe {
            lc_client_call_async(
                client,
                c"list_chats".as_ptr(),
                null(),
                options.as_ptr(),
                Some(on_done),
                waiter.user_data(),
                null_mut(),
                &mut out,
            )
        };
        if s != LcStatus::Ok {
            return (s, take_json(out), started.elapsed());
        }
        let done = waiter.wait(1).remove(0);
        return (done.status, done.json, started.elapsed());
    }
    // SAFETY: valid strings and out-pointer.
    let s = unsafe {
        lc_client_call(
            client,
            c"list_chats".as_ptr(),
            null(),
            options.as_ptr(),
            &mut out,
        )
    };
    (s, take_json(out), started.elapsed())
}

#[test]
fn a_per_call_timeout_bounds_the_whole_call_blocking_and_async() {
    use std::time::Duration;
    // The server never answers; the client would wait 10 s per attempt.
    let server = Server::start(|_| None);
    let client = new_client(&config(&server.url), None, null_mut(), None);
    for async_ in [false, true] {
        let (s, j, took) = list_chats_with(client.0, c"{\"timeout\":0.3}", async_);
        assert_eq!(s, LcStatus::Timeout, "{j}");
        assert!(took < Duration::from_secs(3), "{took:?}");
        assert!(took >= Duration::from_millis(250), "{took:?}");
        // Retries inside the bound: attempts of 0.1 s, up to 10 retries, the whole call 0.6 s.
        let (s, j, took) = list_chats_with(
            client.0,
            c"{\"timeout\":0.6,\"attempt_timeout\":0.1,\"max_retries\":10}",
            async_,
        );
        assert!(
            matches!(s, LcStatus::Timeout),
            "{} {j}",
            s.name().to_str().unwrap()
        );
        assert!(took < Duration::from_secs(3), "{took:?}");
    }
    assert!(
        server.wait_requests(4).len() >= 4,
        "the retries went out within the bound"
    );
}

#[test]
fn bad_per_call_options_are_refused_by_every_entry_point_naming_the_key() {
    let server = Server::json("{}");
    let client = new_client(&config(&server.url), None, null_mut(), None);
    let data = b"abc";
    let from_path = LcUploadSource {
        path: c"/no/such/file".as_ptr(),
        data: null(),
        len: 0,
        filename: null(),
    };
    let from_data = LcUploadSource {
        path: null(),
        data: data.as_ptr(),
        len: data.len(),
        filename: c"a.txt".as_ptr(),
    };
    for (options, needle) in [
        (c"{\"timout\":1}", "timout"),
        (c"{\"timeout\":-1}", "timeout"),
        (c"{\"attempt_timeout\":0}", "attempt_timeout"),
        (c"{\"max_retries\":11}", "max_retries"),
        (c"{\"max_retries\":\"2\"}", "max_retries"),
        (c"[1]", "options"),
        (c"{", "options"),
    ] {
        let o = options.as_ptr();
        let waiter = Waiter::new();
        let ud = waiter.user_data();
        let c = client.0;
        type Entry<'a> = Box<dyn Fn(*mut *mut c_char) -> LcStatus + 'a>;
        // Every closure: a live client, valid strings, buffers and out-pointers; the async calls
        // must not start, so the waiter's lifetime does not matter.
        let entries: Vec<Entry> = vec![
            // SAFETY: as above.
            Box::new(|out| unsafe { lc_client_call(c, c"list_chats".as_ptr(), null(), o, out) }),
            // SAFETY: as above.
            Box::new(|out| unsafe { lc_client_send(c, c"list_chats".as_ptr(), null(), o, out) }),
            // SAFETY: as above.
            Box::new(|out| unsafe { lc_client_upload(c, &from_path, o, out) }),
            // SAFETY: as above.
            Box::new(|out| unsafe { lc_client_upload(c, &from_data, o, out) }),
            // SAFETY: as above.
            Box::new(|out| unsafe {
                lc_client_call_async(
                    c,
                    c"list_chats".as_ptr(),
                    null(),
                    o,
                    Some(on_done),
                    ud,
                    null_mut(),
                    out,
                )
            }),
            // SAFETY: as above.
            Box::new(|out| unsafe {
                lc_client_send_async(
                    c,
                    c"list_chats".as_ptr(),
                    null(),
                    o,
                    Some(on_done),
                    ud,
                    null_mut(),
                    out,
                )
            }),
            // SAFETY: as above.
            Box::new(|out| unsafe {
                lc_client_upload_async(c, &from_path, o, Some(on_done), ud, null_mut(), out)
            }),
            // SAFETY: as above.
            Box::new(|out| unsafe {
                lc_client_upload_async(c, &from_data, o, Some(on_done), ud, null_mut(), out)
            }),
        ];
        let statuses: Vec<(LcStatus, serde_json::Value)> = entries
            .iter()
            .map(|entry| {
                let mut out = null_mut();
                let s = entry(&mut out);
                (s, take_json(out))
            })
            .collect();
        for (i, (s, json)) in statuses.iter().enumerate() {
            assert_eq!(*s, LcStatus::InvalidArgument, "entry point {i}: {json}");
            let message = json["message"].as_str().unwrap();
            assert!(message.contains(needle), "entry point {i}: {message}");
            assert!(
                message.contains("options_json"),
                "entry point {i}: {message}"
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert_eq!(waiter.count(), 0, "a refused async call never calls back");
    }
    // Nothing was sent; NULL, "" and null keep the client's settings.
    for options in [None, Some(c""), Some(c"null"), Some(c" {} ")] {
        let mut out = null_mut();
        // SAFETY: valid strings and out-pointer.
        let s = unsafe {
            lc_client_call(
                client.0,
                c"list_chats".as_ptr(),
                null(),
                options.map_or(null(), |o| o.as_ptr()),
                &mut out,
            )
        };
        assert_eq!(s, LcStatus::Ok, "{}", take_json(out));
    }
    assert_eq!(server.wait_requests(4).len(), 4);
}
