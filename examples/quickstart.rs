//! Quickstart: a conversation against the LiveChat API (or the local emulator).
//!
//! Reads `LIVECHAT_API_URL`, `LIVECHAT_TOKEN` (Bearer) and optionally `LIVECHAT_VERSION` and
//! `LIVECHAT_CLIENT_ID`. Run it with `./scripts/demo`, which starts the emulator for you.

use futures_util::StreamExt;
use livechat::{AgentWeb, ErrorKind, Token};
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let api_url = std::env::var("LIVECHAT_API_URL")?;
    let token = std::env::var("LIVECHAT_TOKEN")?;
    let version = std::env::var("LIVECHAT_VERSION").unwrap_or_else(|_| "3.6".into());
    let client_id = std::env::var("LIVECHAT_CLIENT_ID").unwrap_or_else(|_| "quickstart".into());

    let agent = AgentWeb::builder(client_id)
        .api_url(api_url)
        .version(&version)
        .token(Token::bearer(token))
        .build()?;
    println!(
        "[rust] talking to {} (API {})",
        agent.api_url(),
        agent.version()
    );

    // Start a chat with a first message, then keep talking.
    let chat = agent
        .start_chat()
        .chat(json!({"thread": {"events": [{"type": "message", "text": "Hello from Rust!", "visibility": "all"}]}}))
        .await?;
    println!(
        "[rust] started chat {} (thread {})",
        chat.chat_id, chat.thread_id
    );
    let sent = agent
        .send_event(
            chat.chat_id.as_str(),
            json!({"type": "message", "text": "How can I help?", "visibility": "all"}),
        )
        .await?;
    println!("[rust] sent message {}", sent.event_id);

    // Upload a file and send it as a file event.
    let uploaded = agent
        .upload_file(b"quarterly numbers\n".to_vec(), Some("report.txt"))
        .await?;
    let file_event = agent
        .send_event(
            chat.chat_id.as_str(),
            json!({"type": "file", "url": uploaded.url, "visibility": "all"}),
        )
        .await?;
    println!(
        "[rust] uploaded {} and sent it as event {}",
        uploaded.url, file_event.event_id
    );

    // Tag the thread and set a property.
    agent
        .tag_thread(chat.chat_id.as_str(), chat.thread_id.as_str(), "quickstart")
        .await?;
    agent
        .update_thread_properties(
            chat.chat_id.as_str(),
            chat.thread_id.as_str(),
            json!({"test": {"string_property": "set by the Rust quickstart"}}),
        )
        .await?;
    println!("[rust] tagged the thread and set test.string_property");

    // List chats, then page through the archives two at a time.
    let chats = agent.list_chats().limit(10).await?;
    println!(
        "[rust] list_chats: {} chat(s) on the first page",
        chats.chats_summary.len()
    );
    let mut pages = agent.list_archives().limit(2).pages();
    let mut page_no = 0;
    while let Some(page) = pages.next().await {
        page_no += 1;
        let ids: Vec<String> = page?.chats.into_iter().map(|c| c.id).collect();
        println!("[rust] archives page {page_no}: {ids:?}");
    }

    // A bad call gets a clean, typed error.
    match agent.get_chat("NO_SUCH_CHAT").await {
        Err(e) if e.kind() == ErrorKind::Api => {
            println!(
                "[rust] get_chat(NO_SUCH_CHAT) failed cleanly: {e} (status {:?})",
                e.status()
            )
        }
        Err(e) => return Err(e.into()),
        Ok(_) => println!("[rust] unexpectedly found NO_SUCH_CHAT"),
    }
    match agent
        .call_method("grant_chat_access", Default::default(), Default::default())
        .await
    {
        Err(e) => println!("[rust] grant_chat_access on {version}: {e}"),
        Ok(_) => println!("[rust] grant_chat_access worked on {version}"),
    }
    Ok(())
}
