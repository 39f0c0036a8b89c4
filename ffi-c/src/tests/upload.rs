//! `lc_client_upload` / `lc_client_upload_async`: one entry point for a path or bytes, the
//! `LcUploadSource` checked field by field before anything is sent.

use std::ffi::CString;
use std::ptr::{null, null_mut};

use super::server::Server;
use super::{Waiter, new_client, on_done, take_json};
use crate::status::LcStatus;
use crate::upload::{LcUploadSource, lc_client_upload, lc_client_upload_async};

fn config(url: &str) -> String {
    format!(r#"{{"client_id":"cid","api_url":"{url}","token":"dal:tok","max_retries":0}}"#)
}

const NONE: LcUploadSource = LcUploadSource {
    path: null(),
    data: null(),
    len: 0,
    filename: null(),
};

#[test]
fn uploads_send_one_multipart_part_from_bytes_or_a_path() {
    let server = Server::json(r#"{"url":"https://cdn.test/f.txt"}"#);
    let client = new_client(&config(&server.url), None, null_mut(), None);
    let data = b"hello upload";
    let from_data = LcUploadSource {
        data: data.as_ptr(),
        len: data.len(),
        filename: c"f.txt".as_ptr(),
        ..NONE
    };
    let mut out = null_mut();
    // SAFETY: a live client, a valid source and out-pointer.
    let s = unsafe { lc_client_upload(client.0, &from_data, null(), &mut out) };
    assert_eq!(s, LcStatus::Ok);
    assert_eq!(take_json(out)["url"], "https://cdn.test/f.txt");
    let seen = &server.wait_requests(1)[0];
    assert_eq!(seen.path, "/v3.6/agent/action/upload_file");
    assert!(seen.headers["content-type"].starts_with("multipart/form-data"));
    let body = String::from_utf8_lossy(&seen.body);
    assert!(
        body.contains("filename=\"f.txt\"") && body.contains("hello upload"),
        "{body}"
    );

    let path = std::env::temp_dir().join(format!("lc-upload-{}.txt", std::process::id()));
    std::fs::write(&path, b"from disk").unwrap();
    let c_path = CString::new(path.to_str().unwrap()).unwrap();
    let from_path = LcUploadSource {
        path: c_path.as_ptr(),
        ..NONE
    };
    let waiter = Waiter::new();
    // SAFETY: as above; the waiter outlives the call (waited below).
    let s = unsafe {
        lc_client_upload_async(
            client.0,
            &from_path,
            null(),
            Some(on_done),
            waiter.user_data(),
            null_mut(),
            &mut out,
        )
    };
    assert_eq!(s, LcStatus::Ok);
    let done = waiter.wait(1)[0].clone();
    assert_eq!(done.status, LcStatus::Ok, "{}", done.json);
    let seen = &server.wait_requests(2)[1];
    let body = String::from_utf8_lossy(&seen.body).into_owned();
    assert!(
        body.contains("from disk") && body.contains(&format!("lc-upload-{}", std::process::id())),
        "{body}"
    );
    std::fs::remove_file(path).unwrap();
}

#[test]
fn a_bad_upload_source_is_refused_naming_the_problem_and_nothing_is_sent() {
    let server = Server::json("{}");
    let client = new_client(&config(&server.url), None, null_mut(), None);
    let data = b"abc";
    let bad = [
        (None, "source is NULL"),
        (Some(NONE), "neither path nor data"),
        (
            Some(LcUploadSource {
                path: c"/tmp/x".as_ptr(),
                data: data.as_ptr(),
                len: 3,
                filename: c"a.txt".as_ptr(),
            }),
            "both path and data",
        ),
        (Some(LcUploadSource { len: 3, ..NONE }), "data is NULL"),
        (
            Some(LcUploadSource {
                path: c"/tmp/x".as_ptr(),
                len: 3,
                ..NONE
            }),
            "len must be 0",
        ),
        (
            Some(LcUploadSource {
                data: data.as_ptr(),
                len: 3,
                ..NONE
            }),
            "source->filename is NULL",
        ),
        (
            Some(LcUploadSource {
                data: data.as_ptr(),
                len: 3,
                filename: c"a\xff.txt".as_ptr(),
                ..NONE
            }),
            "source->filename is not valid UTF-8",
        ),
    ];
    for (source, needle) in bad {
        let source_ptr = source
            .as_ref()
            .map_or(null(), |s| s as *const LcUploadSource);
        let mut out = null_mut();
        // SAFETY: a live client; the source is NULL or valid; the out-pointer is valid.
        let s = unsafe { lc_client_upload(client.0, source_ptr, null(), &mut out) };
        let json = take_json(out);
        assert_eq!(s, LcStatus::InvalidArgument, "{needle}: {json}");
        assert!(json["message"].as_str().unwrap().contains(needle), "{json}");
        let waiter = Waiter::new();
        // SAFETY: as above; the call must not start, so the waiter's lifetime does not matter.
        let s = unsafe {
            lc_client_upload_async(
                client.0,
                source_ptr,
                null(),
                Some(on_done),
                waiter.user_data(),
                null_mut(),
                &mut out,
            )
        };
        let json = take_json(out);
        assert_eq!(s, LcStatus::InvalidArgument, "async {needle}: {json}");
        assert!(json["message"].as_str().unwrap().contains(needle), "{json}");
        assert_eq!(waiter.count(), 0);
    }
    // An empty file is data of length 0 (non-NULL).
    let empty = LcUploadSource {
        data: data.as_ptr(),
        len: 0,
        filename: c"empty.txt".as_ptr(),
        ..NONE
    };
    let mut out = null_mut();
    // SAFETY: as above.
    let s = unsafe { lc_client_upload(client.0, &empty, null(), &mut out) };
    assert_eq!(s, LcStatus::Ok, "{}", take_json(out));
    assert_eq!(
        server.wait_requests(1).len(),
        1,
        "only the empty file was sent"
    );
}
