//! Property tests of the C ABI under hostile input: arbitrary bytes (invalid UTF-8, no JSON,
//! deep or odd JSON) as configs, method names, action names, argument JSON, filenames, upload
//! bytes and token-getter answers, through the exported functions exactly as C calls them.
//! Every call must return a real status (never `LC_STATUS_PANIC`) with a well-formed error JSON
//! whose `kind` matches the status; anything refused as an invalid argument or unsupported method
//! sends nothing; an async call either starts (and then calls back exactly once) or fails at once
//! (and never calls back). Leaks and memory errors of the same entry points are checked from C
//! by `tests/c/test_hostile_input.c` under valgrind and AddressSanitizer.
//!
//! Cases per property: proptest's default (256), or `PROPTEST_CASES`.

use std::ffi::{CStr, CString, c_char, c_void};
use std::ptr::{null, null_mut};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use livechat_core::surfaces::agent_web::METHODS;
use proptest::prelude::*;
use proptest::test_runner::{Config as PropConfig, TestRunner};
use serde_json::{Map, Value};

use super::server::Server;
use super::{Waiter, new_client, on_done};
use crate::call::{lc_client_call, lc_client_call_async, lc_client_send, lc_client_send_async};
use crate::client::{LcClient, lc_client_free, lc_client_new};
use crate::status::{ALL_STATUSES, LcStatus, lc_status_name};
use crate::strings::lc_string_free;
use crate::token::{LcTokenRequest, LcTokenRequestInfo, lc_token_request_complete};
use crate::upload::{LcUploadSource, lc_client_upload};

fn runner() -> TestRunner {
    TestRunner::new(PropConfig {
        failure_persistence: None,
        ..PropConfig::default()
    })
}

/// A loopback server answering `200 {}` and counting what it receives.
fn counting_server() -> (Server, Arc<AtomicUsize>) {
    let count = Arc::new(AtomicUsize::new(0));
    let c = Arc::clone(&count);
    let server = Server::start(move |_| {
        c.fetch_add(1, Ordering::SeqCst);
        Some((200, "{}".to_owned()))
    });
    (server, count)
}

fn config(url: &str) -> String {
    format!(
        r#"{{"client_id":"hostile","api_url":"{url}","token":"dal:t","max_retries":0,"timeout":10}}"#
    )
}

/// The bytes of a C string: anything but NUL.
fn c_bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(1u8..=255, 0..max)
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        ".{0,16}".prop_map(Value::String),
        Just(Value::String("../../etc/passwd\r\nX-Injected: 1".into())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec(("[a-z_]{1,10}", inner), 0..5)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// A method name: a real one, a near miss, or arbitrary bytes.
fn method_name() -> impl Strategy<Value = Vec<u8>> {
    let real: Vec<&'static str> = METHODS
        .iter()
        .map(|m| m.name)
        .filter(|n| *n != "upload_file") // would read local files named by random strings
        .collect();
    prop_oneof![
        2 => prop::sample::select(real).prop_map(|n| n.as_bytes().to_vec()),
        1 => "[a-z_]{0,24}".prop_map(String::into_bytes),
        1 => c_bytes(40),
    ]
}

/// Arguments: random bytes, random JSON, or an object of the method table's parameter names
/// with random values (the case most likely to get past the checks).
fn args_json() -> impl Strategy<Value = Option<Vec<u8>>> {
    let names: Vec<&'static str> = METHODS
        .iter()
        .flat_map(|m| m.params.iter().map(|p| p.name))
        .collect();
    prop::option::of(prop_oneof![
        1 => c_bytes(80),
        1 => json_value().prop_map(|v| v.to_string().into_bytes()),
        3 => prop::collection::vec((prop::sample::select(names), json_value()), 0..5).prop_map(
            |kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect::<Map<_, _>>())
                .to_string()
                .into_bytes()
        ),
    ])
}

fn cstring(bytes: &[u8]) -> CString {
    CString::new(bytes.to_vec()).unwrap()
}

/// Takes the JSON of an out-pointer: it must be set, UTF-8 and JSON.
fn take(ptr: *mut c_char) -> Result<Value, TestCaseError> {
    prop_assert!(!ptr.is_null(), "out_json was not set");
    let mut ptr = ptr;
    // SAFETY: a string returned by the library, read once, then freed once.
    let text = unsafe { CStr::from_ptr(ptr) }.to_str().map(str::to_owned);
    // SAFETY: as above.
    unsafe { lc_string_free(&mut ptr) };
    let text = text.map_err(|e| TestCaseError::fail(format!("out_json is not UTF-8: {e}")))?;
    serde_json::from_str(&text)
        .map_err(|e| TestCaseError::fail(format!("out_json is not JSON ({e}): {text}")))
}

/// The `kind` an error JSON must carry for `status`.
fn kind_of(status: LcStatus) -> String {
    // SAFETY: lc_status_name returns a static NUL-terminated string.
    let name = unsafe { CStr::from_ptr(lc_status_name(status as i32)) };
    name.to_str()
        .unwrap()
        .trim_start_matches("LC_STATUS_")
        .to_ascii_lowercase()
}

/// Checks a status and its JSON; returns whether the call succeeded.
fn check(status: LcStatus, json: &Value) -> Result<bool, TestCaseError> {
    prop_assert!(ALL_STATUSES.contains(&status));
    prop_assert_ne!(
        status,
        LcStatus::Panic,
        "a panic reached the boundary: {}",
        json
    );
    if status == LcStatus::Ok {
        return Ok(true);
    }
    let kind = kind_of(status);
    prop_assert_eq!(json["kind"].as_str(), Some(kind.as_str()), "{}", json);
    prop_assert!(json["message"].is_string(), "{}", json);
    Ok(false)
}

fn refused(status: LcStatus) -> bool {
    matches!(
        status,
        LcStatus::InvalidArgument | LcStatus::UnsupportedMethod
    )
}

#[test]
fn hostile_configs_never_panic_and_a_client_is_made_only_on_success() {
    let keys = prop::sample::select(
        &[
            "client_id",
            "api_url",
            "version",
            "token",
            "pat",
            "basic",
            "timeout",
            "connect_timeout",
            "token_timeout",
            "max_retries",
            "headers",
            "user_agent",
            "region",
            "ca_file",
            "max_response_bytes",
            "bogus",
        ][..],
    );
    let config = prop_oneof![
        c_bytes(120),
        json_value().prop_map(|v| v.to_string().into_bytes()),
        prop::collection::vec((keys, json_value()), 0..6).prop_map(|kv| {
            Value::Object(
                kv.into_iter()
                    .map(|(k, v)| (k.to_owned(), v))
                    .collect::<Map<_, _>>(),
            )
            .to_string()
            .into_bytes()
        }),
    ];
    runner()
        .run(&config, |config| {
            let c = cstring(&config);
            let mut client: *mut LcClient = null_mut();
            let mut out = null_mut();
            // SAFETY: valid strings and out-pointers; no token getter.
            let status =
                unsafe { lc_client_new(c.as_ptr(), None, null_mut(), None, &mut client, &mut out) };
            let json = take(out)?;
            let ok = check(status, &json)?;
            prop_assert_eq!(ok, !client.is_null());
            if ok {
                prop_assert_eq!(json["type"].as_str(), Some("agent"));
            } else {
                prop_assert_eq!(status, LcStatus::InvalidArgument, "{}", json);
            }
            // SAFETY: NULL or the client just created.
            unsafe { lc_client_free(&mut client) };
            prop_assert!(client.is_null());
            Ok(())
        })
        .unwrap();
}

#[test]
fn hostile_method_names_and_arguments_never_panic_and_refusals_send_nothing() {
    let (server, count) = counting_server();
    let client = new_client(&config(&server.url), None, null_mut(), None);
    runner()
        .run(&(method_name(), args_json()), |(method, args)| {
            let m = cstring(&method);
            let a = args.as_deref().map(cstring);
            let before = count.load(Ordering::SeqCst);
            let mut out = null_mut();
            // SAFETY: a live client, NUL-terminated strings or NULL, a valid out-pointer.
            let status = unsafe {
                lc_client_call(
                    client.0,
                    m.as_ptr(),
                    a.as_ref().map_or(null(), |a| a.as_ptr()),
                    null(),
                    &mut out,
                )
            };
            let json = take(out)?;
            let ok = check(status, &json)?;
            let sent = count.load(Ordering::SeqCst) - before;
            if ok {
                let name = std::str::from_utf8(&method).unwrap();
                prop_assert!(METHODS.iter().any(|s| s.name == name), "{} succeeded", name);
                prop_assert_eq!(sent, 1);
            }
            if refused(status) {
                prop_assert_eq!(sent, 0, "refused but sent: {}", json);
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn hostile_actions_and_bodies_never_panic_and_only_plain_actions_are_sent() {
    let (server, count) = counting_server();
    let client = new_client(&config(&server.url), None, null_mut(), None);
    let action = prop_oneof![
        "[a-z_]{1,16}".prop_map(String::into_bytes),
        Just(b"../list_chats".to_vec()),
        Just(b"list_chats\r\nX-Injected: 1".to_vec()),
        c_bytes(30),
    ];
    let body = prop::option::of(prop_oneof![
        c_bytes(60),
        json_value().prop_map(|v| v.to_string().into_bytes())
    ]);
    runner()
        .run(&(action, body), |(action, body)| {
            let act = cstring(&action);
            let b = body.as_deref().map(cstring);
            let before = count.load(Ordering::SeqCst);
            let mut out = null_mut();
            // SAFETY: a live client, NUL-terminated strings or NULL, a valid out-pointer.
            let status = unsafe {
                lc_client_send(
                    client.0,
                    act.as_ptr(),
                    b.as_ref().map_or(null(), |b| b.as_ptr()),
                    null(),
                    &mut out,
                )
            };
            let json = take(out)?;
            let ok = check(status, &json)?;
            let plain =
                !action.is_empty() && action.iter().all(|c| c.is_ascii_lowercase() || *c == b'_');
            let sent = count.load(Ordering::SeqCst) - before;
            if ok {
                prop_assert!(plain, "{:?} was sent", String::from_utf8_lossy(&action));
                prop_assert_eq!(sent, 1);
            } else {
                prop_assert!(refused(status), "{}", json);
                prop_assert_eq!(sent, 0);
            }
            Ok(())
        })
        .unwrap();
}

/// Per-call options: arbitrary bytes, arbitrary JSON, or an object of the option names (and near
/// misses) with random values.
fn options_json() -> impl Strategy<Value = Option<Vec<u8>>> {
    let names = prop::sample::select(vec![
        "timeout",
        "attempt_timeout",
        "max_retries",
        "timout",
        "retries",
        "",
    ]);
    let value = prop_oneof![
        json_value(),
        (-5.0f64..100.0).prop_map(Value::from),
        (0u64..20).prop_map(Value::from),
        Just(Value::from(1e300)),
        Just(Value::from(u64::MAX)),
    ];
    prop::option::of(prop_oneof![
        1 => c_bytes(40),
        1 => json_value().prop_map(|v| v.to_string().into_bytes()),
        3 => prop::collection::vec((names, value), 0..4).prop_map(|kv| {
            Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect::<Map<_, _>>())
                .to_string()
                .into_bytes()
        }),
    ])
}

#[test]
fn hostile_call_options_never_panic_and_refusals_send_nothing() {
    let (server, count) = counting_server();
    let client = new_client(&config(&server.url), None, null_mut(), None);
    runner()
        .run(&(options_json(), any::<bool>()), |(options, raw)| {
            let o = options.as_deref().map(cstring);
            let o = o.as_ref().map_or(null(), |o| o.as_ptr());
            let before = count.load(Ordering::SeqCst);
            let mut out = null_mut();
            // SAFETY: a live client, NUL-terminated strings or NULL, a valid out-pointer.
            let status = unsafe {
                if raw {
                    lc_client_send(client.0, c"list_chats".as_ptr(), null(), o, &mut out)
                } else {
                    lc_client_call(client.0, c"list_chats".as_ptr(), null(), o, &mut out)
                }
            };
            let json = take(out)?;
            check(status, &json)?;
            let sent = count.load(Ordering::SeqCst) - before;
            if refused(status) {
                prop_assert_eq!(sent, 0, "refused but sent: {}", json);
                prop_assert!(
                    json["message"]
                        .as_str()
                        .is_some_and(|m| m.contains("options")),
                    "the error names the options: {}",
                    json
                );
            } else if status == LcStatus::Ok {
                prop_assert_eq!(sent, 1, "{}", json);
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn hostile_async_calls_call_back_exactly_once_or_never() {
    let (server, _count) = counting_server();
    let client = new_client(&config(&server.url), None, null_mut(), None);
    let raw_send = any::<bool>();
    runner()
        .run(
            &(method_name(), args_json(), raw_send),
            |(name, args, raw)| {
                let waiter = Waiter::new();
                let n = cstring(&name);
                let a = args.as_deref().map(cstring);
                let mut error = null_mut();
                let start = if raw {
                    lc_client_send_async
                } else {
                    lc_client_call_async
                };
                // SAFETY: a live client, NUL-terminated strings or NULL, a callback whose
                // `user_data` (the waiter) outlives the operation (we wait for it below).
                let status = unsafe {
                    start(
                        client.0,
                        n.as_ptr(),
                        a.as_ref().map_or(null(), |a| a.as_ptr()),
                        null(),
                        Some(on_done),
                        waiter.user_data(),
                        null_mut(),
                        &mut error,
                    )
                };
                if status == LcStatus::Ok {
                    prop_assert!(error.is_null(), "out_error set on success");
                    let done = waiter.wait(1);
                    prop_assert_eq!(done.len(), 1);
                    check(done[0].status, &done[0].json)?;
                } else {
                    let json = take(error)?;
                    check(status, &json)?;
                    prop_assert!(refused(status), "{}", json);
                }
                // No callback fires later, nor a second one.
                let fired = if status == LcStatus::Ok { 1 } else { 0 };
                let _ = client_roundtrip(&client);
                prop_assert_eq!(waiter.count(), fired);
                Ok(())
            },
        )
        .unwrap();
}

/// One blocking call on `client`: after it, every earlier async completion on the same runtime
/// has had the chance to run.
fn client_roundtrip(client: &super::Client) -> LcStatus {
    let mut out = null_mut();
    // SAFETY: a live client, static strings, a valid out-pointer.
    let status = unsafe {
        lc_client_call(
            client.0,
            c"list_routing_statuses".as_ptr(),
            null(),
            null(),
            &mut out,
        )
    };
    // SAFETY: the string just returned (or NULL).
    unsafe { lc_string_free(&mut out) };
    status
}

#[test]
fn hostile_upload_bytes_and_filenames_never_panic() {
    let (server, count) = counting_server();
    let client = new_client(&config(&server.url), None, null_mut(), None);
    let filename = prop::option::of(prop_oneof![
        c_bytes(40),
        Just(b"../../etc/passwd".to_vec()),
        Just(b"a.exe\r\nContent-Type: text/html".to_vec()),
    ]);
    runner()
        .run(
            &(prop::collection::vec(any::<u8>(), 0..512), filename),
            |(data, filename)| {
                let f = filename.as_deref().map(cstring);
                let before = count.load(Ordering::SeqCst);
                let mut out = null_mut();
                let source = LcUploadSource {
                    path: null(),
                    data: data.as_ptr(),
                    len: data.len(),
                    filename: f.as_ref().map_or(null(), |f| f.as_ptr()),
                };
                // SAFETY: `data` is readable for its length; strings NUL-terminated or NULL.
                let status = unsafe { lc_client_upload(client.0, &source, null(), &mut out) };
                let json = take(out)?;
                check(status, &json)?;
                if refused(status) {
                    prop_assert_eq!(count.load(Ordering::SeqCst), before);
                }
                Ok(())
            },
        )
        .unwrap();
}

/// What the token getter of `hostile_token_getter_answers…` answers (set per case), and what
/// `lc_token_request_complete` returned to it.
#[derive(Default)]
struct Answer {
    reply: std::sync::Mutex<(Option<CString>, Option<CString>)>,
    statuses: std::sync::Mutex<Vec<LcStatus>>,
}

/// The token getter: answers with the `Answer` behind `user_data`.
unsafe extern "C" fn answer_with(
    user_data: *mut c_void,
    _info: *const LcTokenRequestInfo,
    request: *mut LcTokenRequest,
) {
    // SAFETY: `user_data` is the library's reference to the `Answer` (see `release_answer`).
    let answer = unsafe { &*user_data.cast::<Answer>() };
    let status = {
        let reply = answer.reply.lock().unwrap();
        let token = reply.0.as_ref().map_or(null(), |t| t.as_ptr());
        let error = reply.1.as_ref().map_or(null(), |e| e.as_ptr());
        // SAFETY: the request just received, completed exactly once; the strings live until
        // the lock is released.
        unsafe { lc_token_request_complete(request, token, error) }
    };
    answer.statuses.lock().unwrap().push(status);
}

/// The `free_user_data` of the getter: releases the library's reference to the answer (the
/// getter may still be returning from `answer_with` when the call it answered is over).
unsafe extern "C" fn release_answer(user_data: *mut c_void) {
    // SAFETY: `user_data` came from `Arc::into_raw` and is released exactly once, here.
    drop(unsafe { Arc::from_raw(user_data.cast_const().cast::<Answer>()) });
}

#[test]
fn hostile_token_getter_answers_never_panic_and_bad_tokens_send_nothing() {
    let (server, count) = counting_server();
    let answer = Arc::new(Answer::default());
    let cfg = CString::new(format!(
        r#"{{"client_id":"c","api_url":"{}","max_retries":0,"timeout":10}}"#,
        server.url
    ))
    .unwrap();
    let user_data = Arc::into_raw(Arc::clone(&answer))
        .cast_mut()
        .cast::<c_void>();
    let mut client = null_mut();
    let mut out = null_mut();
    // SAFETY: valid strings and out-pointers; `user_data` is one reference to the answer,
    // released by `release_answer` when the library is done with it.
    let status = unsafe {
        lc_client_new(
            cfg.as_ptr(),
            Some(answer_with),
            user_data,
            Some(release_answer),
            &mut client,
            &mut out,
        )
    };
    take(out).unwrap();
    assert_eq!(status, LcStatus::Ok);

    let token = prop::option::of(prop_oneof![
        c_bytes(40),
        Just(b"Bearer dal:x\r\nX-Injected: 1".to_vec()),
        Just(b"Basic ".to_vec()),
        "(Bearer |Basic |bearer )?[ -~]{0,30}".prop_map(String::into_bytes),
    ]);
    let error = prop::option::of(c_bytes(40));
    runner()
        .run(&(token, error), |(token, error)| {
            *answer.reply.lock().unwrap() =
                (token.as_deref().map(cstring), error.as_deref().map(cstring));
            answer.statuses.lock().unwrap().clear();
            let before = count.load(Ordering::SeqCst);
            let mut out = null_mut();
            // SAFETY: a live client, a static string, a valid out-pointer.
            let status = unsafe {
                lc_client_call(
                    client,
                    c"list_routing_statuses".as_ptr(),
                    null(),
                    null(),
                    &mut out,
                )
            };
            let json = take(out)?;
            let ok = check(status, &json)?;
            let sent = count.load(Ordering::SeqCst) - before;
            prop_assert_eq!(sent, usize::from(ok));
            if !ok {
                prop_assert!(
                    matches!(status, LcStatus::Token | LcStatus::InvalidArgument),
                    "{}",
                    json
                );
            }
            // The getter records its completion status just after answering: wait for it.
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
            while answer.statuses.lock().unwrap().is_empty() {
                prop_assert!(
                    std::time::Instant::now() < deadline,
                    "the getter never returned"
                );
                std::thread::yield_now();
            }
            let statuses = answer.statuses.lock().unwrap().clone();
            prop_assert_eq!(statuses.len(), 1, "the getter was asked once");
            prop_assert_ne!(statuses[0], LcStatus::Panic);
            Ok(())
        })
        .unwrap();
    // SAFETY: the client created above.
    unsafe { lc_client_free(&mut client) };
}

#[test]
fn status_names_are_static_strings_for_every_value() {
    runner()
        .run(&any::<i32>(), |v| {
            // SAFETY: lc_status_name returns a static NUL-terminated string for any value.
            let name = unsafe { CStr::from_ptr(lc_status_name(v)) };
            prop_assert!(name.to_str().unwrap().starts_with("LC_STATUS_"));
            Ok(())
        })
        .unwrap();
}
