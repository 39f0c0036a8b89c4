//! The project's own client against the emulator's Configuration API: `livechat::Configuration`
//! sets up a bot and issues its token, `livechat::AgentWeb` with that token chats as the bot,
//! and 3.4's GET lookups go through the client's query-string path.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use livechat::{AgentWeb, CallOptions, Configuration, Token};
use serde_json::{Map, Value, json};

fn obj(value: Value) -> Map<String, Value> {
    value.as_object().cloned().unwrap()
}

#[tokio::test]
async fn the_client_sets_up_a_bot_and_chats_with_its_token() {
    let api = Api::start().await;
    let pat = api.emu.pat();
    let config = Configuration::builder("238ac5c3c3628210aca289c6d700d2c1")
        .api_url(api.emu.url())
        .version("3.6")
        .token(Token::pat(&pat.account_id, &pat.token))
        .build()
        .unwrap();
    let bot = config
        .call_method(
            "create_bot",
            obj(json!({"name": "Echo bot", "owner_client_id": "238ac5c3c3628210aca289c6d700d2c1"})),
            CallOptions::new(),
        )
        .await
        .unwrap();
    let issued = config
        .call_method(
            "issue_bot_token",
            obj(
                json!({"bot_id": bot["id"], "client_id": "238ac5c3c3628210aca289c6d700d2c1",
                       "bot_secret": bot["secret"],
                       "organization_id": api.emu.info()["organization_id"]}),
            ),
            CallOptions::new(),
        )
        .await
        .unwrap();
    let token = issued["token"].as_str().unwrap();

    let agent = AgentWeb::builder("238ac5c3c3628210aca289c6d700d2c1")
        .api_url(api.emu.url())
        .version("3.6")
        .token(Token::bearer(token))
        .build()
        .unwrap();
    let started = agent
        .call_method(
            "start_chat",
            obj(json!({"chat": {"users": [{"id": CUSTOMER, "type": "customer"}]}})),
            CallOptions::new(),
        )
        .await
        .unwrap();
    agent
        .call_method(
            "send_event",
            obj(json!({"chat_id": started["chat_id"], "event": {"type": "message", "text": "echo"}})),
            CallOptions::new(),
        )
        .await
        .unwrap();
    let chat = api
        .ok("3.6", "get_chat", json!({"chat_id": started["chat_id"]}))
        .await;
    assert_eq!(chat["thread"]["events"][0]["author_id"], bot["id"]);

    // A refused secret is an API error the client surfaces with its type.
    let err = config
        .call_method(
            "issue_bot_token",
            obj(json!({"bot_id": bot["id"], "client_id": "238ac5c3c3628210aca289c6d700d2c1",
                       "bot_secret": "wrong", "organization_id": api.emu.info()["organization_id"]})),
            CallOptions::new(),
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("authorization"), "{err}");
}

#[tokio::test]
async fn the_client_s_api_3_4_lookups_reach_the_get_endpoints() {
    let api = Api::start().await;
    let config = Configuration::builder("238ac5c3c3628210aca289c6d700d2c1")
        .api_url(api.emu.url())
        .version("3.4")
        .token(Token::bearer(api.emu.token()))
        .build()
        .unwrap();
    let license = config
        .call_method(
            "get_license_id",
            obj(json!({"organization_id": api.emu.info()["organization_id"]})),
            CallOptions::new(),
        )
        .await
        .unwrap();
    assert_eq!(license, json!({"license_id": 10000001}));
    let organization = config
        .call_method(
            "get_organization_id",
            obj(json!({"license_id": 10000001})),
            CallOptions::new(),
        )
        .await
        .unwrap();
    assert_eq!(
        organization["organization_id"],
        api.emu.info()["organization_id"]
    );
    let log = api.requests().await;
    assert_eq!(log[0]["method"], json!("GET"));
}
