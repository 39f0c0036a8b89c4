//! Paging from C: `lc_client_pages` checks the method before anything is sent, `lc_pager_next`
//! walks the pages until `LC_STATUS_OK` with NULL, bad pages are `LC_STATUS_DECODE`, and a pager
//! used concurrently, after free or made up is refused with a status.

use std::ffi::{CStr, c_char};
use std::ptr::{null, null_mut};

use super::server::{Seen, Server};
use super::{Waiter, new_client, on_done, take_json};
use crate::client::LcClient;
use crate::ops::{lc_op_cancel, lc_op_free};
use crate::pager::{
    LcPager, is_live, lc_client_pages, lc_pager_free, lc_pager_next, lc_pager_next_async,
};
use crate::status::LcStatus;
use crate::strings::lc_string_free;

fn config(url: &str) -> String {
    format!(r#"{{"client_id":"cid","api_url":"{url}","token":"dal:tok","max_retries":0}}"#)
}

/// Starts a pager; panics with the error JSON on failure.
fn pages(client: *const LcClient, method: &CStr, args: Option<&CStr>) -> *mut LcPager {
    let (status, pager, error) = try_pages(client, method, args);
    assert_eq!(status, LcStatus::Ok, "{error}");
    pager
}

fn try_pages(
    client: *const LcClient,
    method: &CStr,
    args: Option<&CStr>,
) -> (LcStatus, *mut LcPager, serde_json::Value) {
    let mut pager = null_mut();
    let mut error = null_mut();
    // SAFETY: valid strings and out-pointers; `client` is live or NULL.
    let status = unsafe {
        lc_client_pages(
            client,
            method.as_ptr(),
            args.map_or(null(), CStr::as_ptr),
            null(),
            &mut pager,
            &mut error,
        )
    };
    let error = if error.is_null() {
        serde_json::Value::Null
    } else {
        take_json(error)
    };
    (status, pager, error)
}

/// The next page: the status and the page (Null at the end) or the error JSON.
fn next(pager: *const LcPager) -> (LcStatus, serde_json::Value) {
    let mut out: *mut c_char = null_mut();
    // SAFETY: a valid out-pointer; `pager` may be anything.
    let status = unsafe { lc_pager_next(pager, &mut out) };
    if out.is_null() {
        (status, serde_json::Value::Null)
    } else {
        (status, take_json(out))
    }
}

fn body(seen: &Seen) -> serde_json::Value {
    serde_json::from_slice(&seen.body).unwrap()
}

/// Three pages of list_chats: p1 -> p2 -> end.
fn three_pages(seen: &Seen) -> Option<(u16, String)> {
    let page_id = body(seen)["page_id"].as_str().map(str::to_owned);
    let answer = match page_id.as_deref() {
        None => r#"{"chats_summary":[{"id":"A"}],"next_page_id":"p1","found_chats":3}"#,
        Some("p1") => r#"{"chats_summary":[{"id":"B"}],"next_page_id":"p2"}"#,
        _ => r#"{"chats_summary":[{"id":"C"}],"next_page_id":null}"#,
    };
    Some((200, answer.to_owned()))
}

#[test]
fn a_pager_walks_every_page_then_says_ok_with_null() {
    let server = Server::start(three_pages);
    let client = new_client(&config(&server.url), None, null_mut(), None);
    let mut pager = pages(client.0, c"list_chats", Some(c"{\"limit\":1}"));
    assert!(!pager.is_null());
    let mut ids = Vec::new();
    loop {
        let (status, page) = next(pager);
        assert_eq!(status, LcStatus::Ok, "{page}");
        if page.is_null() {
            break;
        }
        ids.push(page["chats_summary"][0]["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(ids, ["A", "B", "C"]);
    assert_eq!(
        next(pager),
        (LcStatus::Ok, serde_json::Value::Null),
        "still the end"
    );
    let seen = server.wait_requests(3);
    assert_eq!(body(&seen[0])["limit"], 1);
    assert_eq!(body(&seen[1])["page_id"], "p1");
    assert_eq!(body(&seen[2])["page_id"], "p2");
    assert!(body(&seen[1]).get("filters").is_none());
    // SAFETY: a pager from lc_client_pages.
    unsafe { lc_pager_free(&mut pager) };
    assert!(pager.is_null());
}

#[test]
fn pages_come_async_too_with_null_json_at_the_end() {
    let server = Server::start(three_pages);
    let client = new_client(&config(&server.url), None, null_mut(), None);
    let mut pager = pages(client.0, c"list_chats", None);
    let waiter = Waiter::new();
    for n in 1..=4 {
        let mut error = null_mut();
        // SAFETY: a live pager and valid out-pointers; the waiter outlives the page.
        let status = unsafe {
            lc_pager_next_async(
                pager,
                Some(on_done),
                waiter.user_data(),
                null_mut(),
                &mut error,
            )
        };
        assert_eq!(status, LcStatus::Ok);
        assert!(error.is_null());
        let done = waiter.wait(n)[n - 1].clone();
        assert_eq!(done.status, LcStatus::Ok, "{}", done.json);
        assert_eq!(done.json.is_null(), n == 4, "page {n}: {}", done.json);
    }
    // SAFETY: a pager from lc_client_pages.
    unsafe { lc_pager_free(&mut pager) };
}

#[test]
fn a_repeated_page_id_or_a_page_that_is_not_an_object_is_a_decode_error() {
    let server = Server::json(r#"{"chats_summary":[],"next_page_id":"same"}"#);
    let client = new_client(&config(&server.url), None, null_mut(), None);
    let mut pager = pages(client.0, c"list_chats", None);
    assert_eq!(next(pager).0, LcStatus::Ok);
    let (status, error) = next(pager);
    assert_eq!(status, LcStatus::Decode, "{error}");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("repeated next_page_id"),
        "{error}"
    );
    assert_eq!(
        next(pager),
        (LcStatus::Ok, serde_json::Value::Null),
        "finished after an error"
    );
    // SAFETY: a pager from lc_client_pages.
    unsafe { lc_pager_free(&mut pager) };

    let server = Server::json("[1,2]");
    let client = new_client(&config(&server.url), None, null_mut(), None);
    let mut pager = pages(client.0, c"list_chats", None);
    let (status, error) = next(pager);
    assert_eq!(status, LcStatus::Decode, "{error}");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("not a JSON object"),
        "{error}"
    );
    // SAFETY: a pager from lc_client_pages.
    unsafe { lc_pager_free(&mut pager) };
}

#[test]
fn only_paginated_methods_of_the_clients_api_get_a_pager_and_nothing_is_sent() {
    let server = Server::json("{}");
    let client = new_client(&config(&server.url), None, null_mut(), None);
    let cases: [(&CStr, Option<&CStr>, LcStatus, &str); 5] = [
        (
            c"get_chat",
            None,
            LcStatus::InvalidArgument,
            "get_chat has no pages",
        ),
        (
            c"list_greetings",
            None,
            LcStatus::UnsupportedMethod,
            "configuration",
        ),
        (
            c"no_such_method",
            None,
            LcStatus::UnsupportedMethod,
            "no_such_method",
        ),
        (
            c"list_chats",
            Some(c"[1]"),
            LcStatus::InvalidArgument,
            "args_json",
        ),
        (
            c"list_chats",
            Some(c"{\"limit\":\"x\"}"),
            LcStatus::InvalidArgument,
            "limit",
        ),
    ];
    for (method, args, expected, needle) in cases {
        let (status, pager, error) = try_pages(client.0, method, args);
        assert_eq!(status, expected, "{method:?}: {error}");
        assert!(pager.is_null());
        assert!(
            error["message"].as_str().unwrap().contains(needle),
            "{error}"
        );
    }
    let (status, _, error) = try_pages(client.0, c"get_chat", None);
    assert_eq!(status, LcStatus::InvalidArgument);
    assert!(
        error["message"].as_str().unwrap().contains("list_chats"),
        "{error}"
    );
    let (status, _, error) = try_pages(null(), c"list_chats", None);
    assert_eq!(status, LcStatus::InvalidArgument);
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("client is NULL")
    );
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert_eq!(server.requests(), 0);

    // The Configuration API's paginated method, on a configuration client.
    let conf = new_client(
        &config(&server.url).replace("{", r#"{"api":"configuration","#),
        None,
        null_mut(),
        None,
    );
    let mut pager = pages(conf.0, c"list_greetings", Some(c"{\"limit\":2}"));
    assert_eq!(next(pager), (LcStatus::Ok, serde_json::json!({})));
    assert_eq!(next(pager), (LcStatus::Ok, serde_json::Value::Null));
    let seen = server.wait_requests(1);
    assert!(
        seen[0]
            .path
            .ends_with("/configuration/action/list_greetings"),
        "{}",
        seen[0].path
    );
    assert_eq!(body(&seen[0])["limit"], 2);
    // SAFETY: a pager from lc_client_pages.
    unsafe { lc_pager_free(&mut pager) };
}

#[test]
fn a_freed_or_made_up_pager_is_refused_never_dereferenced() {
    let server = Server::start(three_pages);
    let client = new_client(&config(&server.url), None, null_mut(), None);
    let mut pager = pages(client.0, c"list_chats", None);
    let stale = pager;
    // SAFETY: a pager from lc_client_pages; then NULL (ignored).
    unsafe {
        lc_pager_free(&mut pager);
        lc_pager_free(&mut pager);
        lc_pager_free(null_mut());
    }
    assert!(!is_live(stale));
    for (handle, needle) in [
        (stale.cast_const(), "not a live pager"),
        (
            std::ptr::without_provenance::<LcPager>(0xdead_beef),
            "not a live pager",
        ),
        (null(), "pager is NULL"),
    ] {
        let (status, error) = next(handle);
        assert_eq!(status, LcStatus::InvalidArgument, "{error}");
        assert!(
            error["message"].as_str().unwrap().contains(needle),
            "{error}"
        );
        let waiter = Waiter::new();
        let mut out = null_mut();
        // SAFETY: valid out-pointers; the handle is never dereferenced.
        let status = unsafe {
            lc_pager_next_async(
                handle,
                Some(on_done),
                waiter.user_data(),
                null_mut(),
                &mut out,
            )
        };
        assert_eq!(status, LcStatus::InvalidArgument);
        take_json(out);
        assert_eq!(waiter.count(), 0);
    }
    // Freeing a stale handle again is harmless.
    let mut again = stale;
    // SAFETY: an id that is no longer registered.
    unsafe { lc_pager_free(&mut again) };
    assert_eq!(server.requests(), 0);
}

#[test]
fn one_page_at_a_time_cancel_puts_the_pager_back_and_free_during_a_page_is_safe() {
    // Never answers: every page stays in flight until cancelled or closed.
    let server = Server::start(|_| None);
    let client = new_client(&config(&server.url), None, null_mut(), None);
    let mut pager = pages(client.0, c"list_chats", None);
    let waiter = Waiter::new();
    let mut op = null_mut();
    let mut out = null_mut();
    // SAFETY: a live pager, valid out-pointers; the waiter outlives the page (waited below).
    let status =
        unsafe { lc_pager_next_async(pager, Some(on_done), waiter.user_data(), &mut op, &mut out) };
    assert_eq!(status, LcStatus::Ok);
    server.wait_requests(1);
    // A second page while the first is in flight: refused, blocking or async, nothing sent.
    let (status, error) = next(pager);
    assert_eq!(status, LcStatus::InvalidArgument, "{error}");
    assert!(
        error["message"].as_str().unwrap().contains("busy"),
        "{error}"
    );
    // SAFETY: as above; this one must not start.
    let status = unsafe {
        lc_pager_next_async(
            pager,
            Some(on_done),
            waiter.user_data(),
            null_mut(),
            &mut out,
        )
    };
    assert_eq!(status, LcStatus::InvalidArgument);
    take_json(out);
    // A NULL callback is refused without taking the pager.
    // SAFETY: as above.
    let status = unsafe { lc_pager_next_async(pager, None, null_mut(), null_mut(), &mut out) };
    assert_eq!(status, LcStatus::InvalidArgument);
    // SAFETY: the error just returned.
    unsafe { lc_string_free(&mut out) };

    // Cancel: the callback says so and the pager is back, for the same (first) page.
    // SAFETY: a live op handle.
    unsafe { lc_op_cancel(op) };
    assert_eq!(waiter.wait(1)[0].status, LcStatus::Cancelled);
    // SAFETY: the op handle, freed once.
    unsafe { lc_op_free(&mut op) };
    // SAFETY: as above.
    let status = unsafe {
        lc_pager_next_async(
            pager,
            Some(on_done),
            waiter.user_data(),
            null_mut(),
            &mut out,
        )
    };
    assert_eq!(status, LcStatus::Ok);
    let seen = server.wait_requests(2);
    assert!(
        body(&seen[1]).get("page_id").is_none(),
        "the first page again"
    );

    // Free the pager while that page is in flight, then the client: the callback still fires.
    // SAFETY: a pager from lc_client_pages.
    unsafe { lc_pager_free(&mut pager) };
    drop(client);
    assert_eq!(waiter.wait(2)[1].status, LcStatus::Closed);
}

#[test]
fn a_pager_outlives_its_client_and_then_fails_with_closed() {
    let server = Server::start(three_pages);
    let client = new_client(&config(&server.url), None, null_mut(), None);
    let mut pager = pages(client.0, c"list_chats", None);
    drop(client);
    let (status, error) = next(pager);
    assert_eq!(status, LcStatus::Closed, "{error}");
    // SAFETY: a pager from lc_client_pages.
    unsafe { lc_pager_free(&mut pager) };
}
