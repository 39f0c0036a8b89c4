//! An echo bot: creates its bot with the Configuration API, registers `incoming_chat` and
//! `incoming_event` bot webhooks pointing at its own small axum server on 127.0.0.1, acts as the
//! bot with tokens a `BotTokenSource` issues and renews, sets itself `accepting_chats`, then
//! answers every customer message with an echo and transfers the chat to a human on "human".
//!
//! Run against the emulator (`./scripts/demo` does it and plays the customer):
//! `LIVECHAT_API_URL=… LIVECHAT_TOKEN=… LIVECHAT_CLIENT_ID=… LIVECHAT_ORGANIZATION_ID=…
//! cargo run -p livechat --example echo_bot`. It prints `ready` when the webhooks are registered.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use livechat::webhooks::{self, Payload, Webhook};
use livechat::{
    AgentWeb, BotCredentials, BotTokenSource, Configuration, ErrorKind, Token, types::EventBody,
};
use serde_json::json;

/// What the webhook handler needs.
struct Bot {
    id: String,
    secret_key: String,
    agent: AgentWeb,
    /// Verified webhooks, handled one at a time in arrival order by one worker (a chat's
    /// greeting before its first echo).
    queue: tokio::sync::mpsc::UnboundedSender<Webhook>,
}

fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("set {name} (./scripts/demo sets it for the emulator)"))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let api_url = env("LIVECHAT_API_URL")?;
    let client_id = env("LIVECHAT_CLIENT_ID")?;
    let organization_id = env("LIVECHAT_ORGANIZATION_ID")?;
    let version = std::env::var("LIVECHAT_VERSION").unwrap_or_else(|_| "3.6".into());

    // The admin client: creates the bot, registers its webhooks, issues its tokens.
    let admin = Configuration::builder(&client_id)
        .api_url(&api_url)
        .version(&version)
        .token(Token::parse(&env("LIVECHAT_TOKEN")?))
        .build()?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/webhooks", listener.local_addr()?);

    let created = admin
        .create_bot("Echo bot (Rust)")
        .owner_client_id(&client_id)
        .await?;
    let bot_secret = created
        .secret
        .as_ref()
        .map(|s| s.expose().to_owned())
        .unwrap_or_default();
    let secret_key = format!("echo-rust-{}", fastrand::u64(..));
    admin
        .register_webhook("incoming_chat", &secret_key, &url, &client_id, "bot")
        .await?;
    admin
        .register_webhook("incoming_event", &secret_key, &url, &client_id, "bot")
        .filters(json!({"author_type": "customer"}))
        .await?;

    // The bot's own client: every call carries a bot token, renewed before it expires.
    let credentials = BotCredentials::new(&created.id, &client_id, bot_secret, organization_id);
    let agent = AgentWeb::builder(&client_id)
        .api_url(&api_url)
        .version(&version)
        .token_provider(BotTokenSource::new(&admin, credentials)?)
        .build()?;
    agent
        .set_routing_status("accepting_chats")
        .agent_id(&created.id)
        .await?;

    let (queue, mut received) = tokio::sync::mpsc::unbounded_channel();
    let bot = Arc::new(Bot {
        id: created.id.clone(),
        secret_key,
        agent,
        queue,
    });
    let worker_bot = bot.clone();
    tokio::spawn(async move {
        while let Some(webhook) = received.recv().await {
            handle(&worker_bot, webhook).await;
        }
    });
    let app = Router::new()
        .route("/webhooks", post(receive))
        .with_state(bot);
    println!("[rust bot] ready: bot {} listening on {url}", created.id);
    let serve = axum::serve(listener, app);
    match std::env::var("ECHO_BOT_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        Some(secs) => {
            let _ = tokio::time::timeout(Duration::from_secs(secs), serve).await;
        }
        None => serve.await?,
    }
    Ok(())
}

/// Answers at once (LiveChat retries slow webhooks), and handles the webhook after.
async fn receive(State(bot): State<Arc<Bot>>, body: Bytes) -> StatusCode {
    match webhooks::parse(&body, &bot.secret_key) {
        Ok(webhook) => {
            // The worker only stops with the process; a failed send means it is shutting down.
            let _ = bot.queue.send(webhook);
            StatusCode::OK
        }
        Err(e) if e.kind() == ErrorKind::WebhookSecret => StatusCode::UNAUTHORIZED,
        Err(e) => {
            eprintln!("[rust bot] refused a webhook: {e}");
            StatusCode::BAD_REQUEST
        }
    }
}

async fn handle(bot: &Bot, webhook: Webhook) {
    let result = match webhook.payload {
        Payload::IncomingChat(p) => {
            let Some(chat_id) = p.chat.map(|c| c.id) else {
                return;
            };
            println!("[rust bot] new chat {chat_id}");
            say(
                bot,
                &chat_id,
                "Hi! I am the echo bot. Write \"human\" to talk to a person.",
            )
            .await
        }
        Payload::IncomingEvent(p) => {
            let (Some(chat_id), Some(event)) = (p.chat_id, p.event) else {
                return;
            };
            let (EventBody::Message(message), false) = (
                &event.body,
                event.author_id.as_deref() == Some(bot.id.as_str()),
            ) else {
                return;
            };
            let text = message.text.clone().unwrap_or_default();
            println!("[rust bot] customer in {chat_id}: {text}");
            if text.to_lowercase().contains("human") {
                let done = say(bot, &chat_id, "Transferring you to a human.").await;
                match done {
                    Ok(()) => bot
                        .agent
                        .transfer_chat(&chat_id)
                        .target(json!({"type": "group", "ids": [0]}))
                        .ignore_agents_availability(true)
                        .await
                        .map(|_| println!("[rust bot] transferred {chat_id}")),
                    Err(e) => Err(e),
                }
            } else {
                say(bot, &chat_id, &format!("echo: {text}")).await
            }
        }
        _ => Ok(()),
    };
    if let Err(e) = result {
        eprintln!("[rust bot] {e}");
    }
}

async fn say(bot: &Bot, chat_id: &str, text: &str) -> livechat::Result<()> {
    bot.agent
        .send_event(chat_id, json!({"type": "message", "text": text}))
        .await
        .map(|_| ())
}
