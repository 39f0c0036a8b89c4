//! Page streams: filters on the first request only, `page_id` alone afterwards, and the end at
//! the first page without `next_page_id`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use futures_util::StreamExt;
use livechat::{CallOptions, ErrorKind, Pager};
use serde_json::json;
use support::{MockServer, Reply, obj};

fn archive_page(ids: &[&str], next: Option<&str>) -> Reply {
    let chats: Vec<_> = ids
        .iter()
        .map(|id| json!({"id": id, "users": [], "thread": {"id": "T", "active": false}}))
        .collect();
    let mut body = json!({"chats": chats, "found_chats": 5});
    if let Some(n) = next {
        body["next_page_id"] = json!(n);
    }
    Reply::json(200, body)
}

#[tokio::test]
async fn pages_send_filters_first_and_then_only_page_id() {
    let server = MockServer::start().await;
    server.reply([
        archive_page(&["A", "B"], Some("P2")),
        archive_page(&["C", "D"], Some("P3")),
        archive_page(&["E"], None),
    ]);
    let ids: Vec<String> = server
        .client("3.6")
        .list_archives()
        .filters(json!({"query": "refund"}))
        .limit(2)
        .items()
        .map(|c| c.unwrap().id)
        .collect()
        .await;
    assert_eq!(ids, ["A", "B", "C", "D", "E"]);
    let bodies: Vec<String> = server
        .requests()
        .iter()
        .map(|r| String::from_utf8(r.body.to_vec()).unwrap())
        .collect();
    assert_eq!(
        bodies,
        [
            r#"{"filters":{"query":"refund"},"limit":2}"#,
            r#"{"page_id":"P2"}"#,
            r#"{"page_id":"P3"}"#
        ]
    );
}

#[tokio::test]
async fn thread_pages_keep_the_chat_id() {
    let server = MockServer::start().await;
    server.reply([
        Reply::json(
            200,
            json!({"threads": [{"id": "T1", "active": false}], "next_page_id": "N"}),
        ),
        Reply::json(
            200,
            json!({"threads": [{"id": "T2", "active": true}], "next_page_id": ""}),
        ),
    ]);
    let pages: Vec<_> = server
        .client("3.6")
        .list_threads("C")
        .limit(1)
        .pages()
        .collect()
        .await;
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[1].as_ref().unwrap().threads[0].id, "T2");
    let reqs = server.requests();
    assert_eq!(&reqs[1].body[..], br#"{"chat_id":"C","page_id":"N"}"#);
}

#[tokio::test]
async fn an_error_ends_the_stream_after_reporting_it() {
    let server = MockServer::start().await;
    server.reply([
        archive_page(&["A"], Some("P2")),
        Reply::error(422, "validation", "page expired"),
    ]);
    let results: Vec<_> = server.client("3.6").list_archives().pages().collect().await;
    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    assert_eq!(
        results[1]
            .as_ref()
            .unwrap_err()
            .error_type()
            .unwrap()
            .as_str(),
        "validation"
    );
}

#[tokio::test]
async fn the_generic_pager_walks_chats_and_refuses_non_list_methods() {
    let server = MockServer::start().await;
    server.reply([
        Reply::json(
            200,
            json!({"chats_summary": [{"id": "A"}], "next_page_id": "X"}),
        ),
        Reply::json(200, json!({"chats_summary": [{"id": "B"}]})),
    ]);
    let agent = server.client("3.6");
    let mut pager = Pager::new(
        &agent,
        "list_chats",
        obj(json!({"filters": {"active": true}})),
        CallOptions::default(),
    );
    assert_eq!(
        pager.next_page().await.unwrap().unwrap()["chats_summary"][0]["id"],
        "A"
    );
    assert_eq!(
        pager.next_page().await.unwrap().unwrap()["chats_summary"][0]["id"],
        "B"
    );
    assert!(pager.next_page().await.unwrap().is_none());
    let mut bad = Pager::new(
        &agent,
        "get_chat",
        obj(json!({"chat_id": "C"})),
        CallOptions::default(),
    );
    assert_eq!(
        bad.next_page().await.unwrap_err().kind(),
        ErrorKind::InvalidArgument
    );
    assert_eq!(server.count(), 2);
}
