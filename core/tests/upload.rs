//! `upload_file`: the multipart body as the API expects it, byte-exact content, the same auth and
//! region headers as JSON calls, and the 10 MB limit enforced before sending.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use livechat::{CallOptions, ErrorKind, MAX_UPLOAD_BYTES};
use serde_json::json;
use support::{MockServer, Reply, obj};

/// Splits a single-part multipart body into (part headers, content).
fn single_part(content_type: &str, body: &[u8]) -> (String, Vec<u8>) {
    let boundary = content_type
        .split("boundary=")
        .nth(1)
        .unwrap()
        .trim_matches('"');
    let open = format!("--{boundary}\r\n");
    let close = format!("\r\n--{boundary}--");
    assert!(body.starts_with(open.as_bytes()));
    let rest = &body[open.len()..];
    let split = rest.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let headers = String::from_utf8(rest[..split].to_vec()).unwrap();
    let content = &rest[split + 4..];
    let end = content
        .windows(close.len())
        .rposition(|w| w == close.as_bytes())
        .unwrap();
    (headers, content[..end].to_vec())
}

#[tokio::test]
async fn all_256_byte_values_arrive_intact_with_filename_type_and_auth() {
    let server = MockServer::start().await;
    server.reply([Reply::json(
        200,
        json!({"url": "https://cdn.livechat-files.com/api/file/lc/att/1/bytes.png"}),
    )]);
    let data: Vec<u8> = (0..=255u8).collect();
    let up = server
        .client("3.6")
        .upload_file(data.clone(), Some("bytes.png"))
        .await
        .unwrap();
    assert!(up.url.ends_with("bytes.png"));

    let req = &server.requests()[0];
    assert_eq!(req.path, "/v3.6/agent/action/upload_file");
    assert_eq!(req.header("authorization"), Some("Bearer dal:test-token"));
    assert_eq!(req.header("x-region"), Some("dal"));
    let ct = req.header("content-type").unwrap();
    assert!(ct.starts_with("multipart/form-data; boundary="), "{ct}");
    let (headers, content) = single_part(ct, &req.body);
    assert!(headers.contains(r#"name="file""#), "{headers}");
    assert!(headers.contains(r#"filename="bytes.png""#), "{headers}");
    assert!(
        headers.to_lowercase().contains("content-type: image/png"),
        "{headers}"
    );
    assert_eq!(content, data);
}

#[tokio::test]
async fn a_path_upload_uses_the_file_name_and_guesses_the_type() {
    let dir = std::env::temp_dir().join(format!("lc-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("report.pdf");
    std::fs::write(&path, b"%PDF-1.4 \x00\xff").unwrap();
    let server = MockServer::start().await;
    server.reply([Reply::json(200, json!({"url": "u"}))]);
    server
        .client("3.3")
        .upload_file(path.as_path(), None)
        .await
        .unwrap();
    // The generic path (C/Python) takes a path string.
    server.reply([Reply::json(200, json!({"url": "u"}))]);
    let args = obj(json!({"file": path.to_str().unwrap(), "filename": "renamed.bin"}));
    server
        .client("3.6")
        .call_method("upload_file", args, CallOptions::default())
        .await
        .unwrap();
    let reqs = server.requests();
    let (h0, c0) = single_part(reqs[0].header("content-type").unwrap(), &reqs[0].body);
    assert!(
        h0.contains(r#"filename="report.pdf""#) && h0.to_lowercase().contains("application/pdf"),
        "{h0}"
    );
    assert_eq!(c0, b"%PDF-1.4 \x00\xff");
    let (h1, _) = single_part(reqs[1].header("content-type").unwrap(), &reqs[1].body);
    assert!(
        h1.contains(r#"filename="renamed.bin""#)
            && h1.to_lowercase().contains("application/octet-stream"),
        "{h1}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn uploads_over_10_mb_and_bad_inputs_are_refused_before_sending() {
    let server = MockServer::start().await;
    let a = server.client("3.6");
    let too_big = vec![0u8; (MAX_UPLOAD_BYTES + 1) as usize];
    let e = a.upload_file(too_big, Some("big.bin")).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    assert!(e.to_string().contains("at most 10485760 bytes"), "{e}");
    let e = a.upload_file(b"x".to_vec(), None).await.unwrap_err();
    assert!(e.to_string().contains("filename is required"), "{e}");
    let e = a
        .upload_file(b"x".to_vec(), Some("a\r\nb"))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    let e = a
        .upload_file(std::path::Path::new("/no/such/file.png"), None)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("/no/such/file.png"), "{e}");
    let e = a
        .call_method(
            "upload_file",
            obj(json!({"file": 5})),
            CallOptions::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    // Exactly at the limit is fine.
    server.reply([Reply::json(200, json!({"url": "u"}))]);
    a.upload_file(vec![7u8; MAX_UPLOAD_BYTES as usize], Some("max.bin"))
        .await
        .unwrap();
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn upload_errors_are_api_errors() {
    let server = MockServer::start().await;
    server.reply([Reply::error(
        413,
        "entity_too_large",
        "Upload limit exceeded (10MB).",
    )]);
    let e = server
        .client("3.6")
        .upload_file(b"x".to_vec(), Some("x.txt"))
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(413));
    assert_eq!(e.error_type().unwrap().as_str(), "entity_too_large");
    assert_eq!(e.action(), Some("upload_file"));
}

#[tokio::test]
async fn every_path_and_byte_form_is_an_upload_source() {
    use bytes::Bytes;
    use livechat::UploadSource;
    use std::path::{Path, PathBuf};

    let dir = std::env::temp_dir().join(format!("lc-upload-forms-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("note.txt");
    std::fs::write(&path, b"on disk").unwrap();
    let text = path.to_str().unwrap().to_owned();
    let paths: Vec<UploadSource> = vec![
        text.as_str().into(),
        text.clone().into(),
        Path::new(&text).into(),
        PathBuf::from(&text).into(),
    ];
    // A borrowed slice that is not `'static`.
    let owned = b"in memory".to_vec();
    let slices: Vec<UploadSource> = vec![
        owned.as_slice().into(),
        b"in memory".into(),
        owned.clone().into(),
        Bytes::from(owned.clone()).into(),
    ];
    let server = MockServer::start().await;
    let agent = server.client("3.6");
    for source in paths.into_iter().chain(slices) {
        server.reply([Reply::json(200, json!({"url": "u"}))]);
        agent.upload_file(source, Some("n.txt")).await.unwrap();
    }
    let contents: Vec<Vec<u8>> = server
        .requests()
        .iter()
        .map(|r| single_part(r.header("content-type").unwrap(), &r.body).1)
        .collect();
    assert_eq!(
        contents[..4],
        [
            b"on disk".to_vec(),
            b"on disk".to_vec(),
            b"on disk".to_vec(),
            b"on disk".to_vec()
        ]
    );
    assert!(contents[4..].iter().all(|c| c == b"in memory"));
    std::fs::remove_dir_all(&dir).unwrap();
}
