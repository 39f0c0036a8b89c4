//! The generated typed methods in use: integer literals, `&str` and `String` are accepted as
//! they are; a typed call builds exactly the body the table's `build_body` builds from the same
//! arguments by name; and typed Configuration calls of every method group work against the
//! emulator on API 3.6.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use livechat::methods::build_body;
use livechat::surfaces::{AGENT, CONFIGURATION};
use livechat::{ApiVersion, CallOptions, Configuration, ErrorKind, Surface, Token};
use livechat_emulator::{Config, Emulator};
use serde_json::{Map, Value, json};
use support::{MockServer, Reply, obj};

/// The body `build_body` makes of `args` for `method` of `surface` on 3.6.
fn body(surface: &Surface, method: &str, args: &Map<String, Value>) -> Value {
    let spec = surface.find(method).unwrap();
    Value::Object(build_body(spec, ApiVersion::V3_6, args.clone()).unwrap())
}

#[tokio::test]
async fn integer_literals_and_str_or_string_arguments_are_taken_as_they_are() {
    let server = MockServer::start().await;
    let agent = server.client("3.6");
    let config = server.configuration("3.6");
    let owned = String::from("C1");
    agent.ban_customer("U1", 7).await.unwrap();
    agent
        .get_chat(owned.clone())
        .thread_id("T1")
        .json()
        .await
        .unwrap();
    agent.list_chats().limit(10).json().await.unwrap();
    agent
        .list_threads(&owned)
        .min_events_count(3)
        .json()
        .await
        .unwrap();
    config
        .get_group(0)
        .fields(vec!["agent_priorities"])
        .json()
        .await
        .unwrap();
    config
        .create_bot(String::from("Echo"))
        .max_chats_count(5)
        .owner_client_id(&owned)
        .json()
        .await
        .unwrap();
    // 3.6 has no Configuration ban_customer (3.7 only): refused before anything is sent.
    let err = config.ban_customer(3600).ip("10.0.0.1").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedMethod);
    let sent: Vec<(String, Value)> = server
        .requests()
        .iter()
        .map(|r| (r.action().to_owned(), r.json()))
        .collect();
    assert_eq!(
        sent,
        [
            (
                "ban_customer".into(),
                json!({"id": "U1", "ban": {"days": 7}})
            ),
            (
                "get_chat".into(),
                json!({"chat_id": "C1", "thread_id": "T1"})
            ),
            ("list_chats".into(), json!({"limit": 10})),
            (
                "list_threads".into(),
                json!({"chat_id": "C1", "min_events_count": 3})
            ),
            (
                "get_group".into(),
                json!({"id": 0, "fields": ["agent_priorities"]})
            ),
            (
                "create_bot".into(),
                json!({"name": "Echo", "max_chats_count": 5, "owner_client_id": "C1"})
            ),
        ]
    );
}

/// A surface, a method, the arguments a typed call collected and the same arguments by name.
type Case = (
    &'static Surface,
    &'static str,
    Map<String, Value>,
    Map<String, Value>,
);

#[tokio::test]
async fn a_typed_call_builds_the_body_build_body_builds_from_the_same_arguments() {
    let server = MockServer::start().await;
    let agent = server.client("3.6");
    let config = server.configuration("3.6");
    let cases: Vec<Case> = vec![
        (
            AGENT,
            "multicast",
            agent
                .multicast(json!({"agents": {"all": true}}), json!({"x": 1}))
                .r#type("note")
                .args()
                .clone(),
            obj(
                json!({"recipients": {"agents": {"all": true}}, "content": {"x": 1}, "type": "note"}),
            ),
        ),
        (
            AGENT,
            "list_routing_statuses",
            agent
                .list_routing_statuses()
                .group_ids(vec![1, 2])
                .args()
                .clone(),
            obj(json!({"group_ids": [1, 2]})),
        ),
        (
            AGENT,
            "add_user_to_chat",
            agent
                .add_user_to_chat("C", "a@b", "agent")
                .visibility("all")
                .ignore_requester_presence(false)
                .args()
                .clone(),
            obj(
                json!({"chat_id": "C", "user_id": "a@b", "user_type": "agent",
                       "visibility": "all", "ignore_requester_presence": false}),
            ),
        ),
        (
            CONFIGURATION,
            "register_webhook",
            config
                .register_webhook(
                    "incoming_chat",
                    "s3cret",
                    "https://x/hook",
                    "owner",
                    "license",
                )
                .description("d")
                .filters(json!({"chat_presence": {}}))
                .args()
                .clone(),
            obj(
                json!({"action": "incoming_chat", "secret_key": "s3cret", "url": "https://x/hook",
                       "owner_client_id": "owner", "type": "license", "description": "d",
                       "filters": {"chat_presence": {}}}),
            ),
        ),
        (
            CONFIGURATION,
            "create_greeting",
            config
                .create_greeting(
                    "exit_intent",
                    true,
                    "Bye",
                    0,
                    json!([{"type": "visit_time"}]),
                )
                .active_until("2030-01-01T00:00:00Z")
                .args()
                .clone(),
            obj(
                json!({"type": "exit_intent", "active": true, "name": "Bye", "group": 0,
                       "rules": [{"type": "visit_time"}], "active_until": "2030-01-01T00:00:00Z"}),
            ),
        ),
        (
            CONFIGURATION,
            "update_bot",
            config
                .update_bot("b1")
                .r#type("faq")
                .max_chats_count(0)
                .args()
                .clone(),
            obj(json!({"id": "b1", "type": "faq", "max_chats_count": 0})),
        ),
    ];
    for (surface, method, typed, by_name) in cases {
        assert_eq!(typed, by_name, "{method}: the typed arguments");
        let built = body(surface, method, &typed);
        assert_eq!(built, body(surface, method, &by_name), "{method}");
        // And what goes on the wire is that body.
        let sent = match surface.name {
            "agent" => agent.call_method(method, typed, CallOptions::new()).await,
            _ => config.call_method(method, typed, CallOptions::new()).await,
        };
        sent.unwrap();
        let last = server.requests().pop().unwrap();
        assert_eq!((last.action(), last.json()), (method, built), "{method}");
    }
    server.reply([Reply::json(
        200,
        json!([{"agent_id": "a", "status": "accepting_chats"}]),
    )]);
    let statuses = agent
        .list_routing_statuses()
        .group_ids(vec![1])
        .await
        .unwrap();
    assert_eq!(statuses[0].agent_id, "a");
    assert_eq!(
        server.requests().pop().unwrap().json(),
        json!({"filters": {"group_ids": [1]}})
    );
}

const OWNER: &str = "0805e283233042b37f460ed8fbf22160";

async fn emulator_config(emu: &Emulator) -> Configuration {
    Configuration::builder("core-tests")
        .api_url(emu.url())
        .version("3.6")
        .token(Token::bearer(emu.token()))
        .build()
        .unwrap()
}

#[tokio::test]
async fn typed_configuration_calls_of_every_group_work_against_the_emulator_on_3_6() {
    let emu = Emulator::start(Config::default()).await.unwrap();
    let config = emulator_config(&emu).await;

    // Agents.
    config
        .create_agent("typed@emulator.test", "Typed")
        .job_title("Tester")
        .max_chats_count(3)
        .await
        .unwrap();
    let agent = config
        .get_agent("typed@emulator.test")
        .fields(vec!["job_title", "max_chats_count"])
        .json()
        .await
        .unwrap();
    assert_eq!(agent["job_title"], "Tester");
    assert_eq!(agent["max_chats_count"], 3);
    let agents = config.list_agents().json().await.unwrap();
    assert!(
        agents.to_string().contains("typed@emulator.test"),
        "{agents}"
    );

    // Groups.
    let group = config
        .create_group("Typed group", json!({"typed@emulator.test": "first"}))
        .language_code("en")
        .json()
        .await
        .unwrap();
    let id = group["id"].as_u64().unwrap();
    assert_eq!(
        config.get_group(id).json().await.unwrap()["name"],
        "Typed group"
    );
    config.update_group(id).name("Renamed").await.unwrap();
    assert_eq!(
        config.get_group(id).json().await.unwrap()["name"],
        "Renamed"
    );

    // Bots.
    let bot = config
        .create_bot("Typed bot")
        .max_chats_count(2)
        .groups(json!([{"id": id, "priority": "first"}]))
        .json()
        .await
        .unwrap();
    let bot_id = bot["id"].as_str().unwrap().to_owned();
    assert_eq!(
        config.get_bot(&bot_id).json().await.unwrap()["name"],
        "Typed bot"
    );
    let bots = config.list_bots().all(true).json().await.unwrap();
    assert!(bots.to_string().contains(&bot_id), "{bots}");
    config.delete_bot(bot_id).await.unwrap();

    // Webhooks.
    let hook = config
        .register_webhook(
            "incoming_chat",
            "laudla991lamda0pnoaa0",
            "http://myservice.com/webhooks",
            OWNER,
            "license",
        )
        .description("typed")
        .json()
        .await
        .unwrap();
    let hooks = config.list_webhooks(OWNER).json().await.unwrap();
    let listed = hooks
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == hook["id"]);
    assert_eq!(listed.unwrap()["description"], "typed", "{hooks}");
    config
        .unregister_webhook(hook["id"].as_str().unwrap(), OWNER)
        .await
        .unwrap();
    let hooks = config.list_webhooks(OWNER).json().await.unwrap();
    assert!(
        !hooks.to_string().contains(hook["id"].as_str().unwrap()),
        "{hooks}"
    );

    // Properties.
    config
        .register_property(
            "typed_property",
            OWNER,
            "string",
            json!({"chat": {"agent": ["read", "write"]}}),
        )
        .description("Typed")
        .await
        .unwrap();
    let props = config.list_properties(OWNER).json().await.unwrap();
    assert!(props.to_string().contains("typed_property"), "{props}");

    // Tags.
    config
        .create_tag("typed-tag")
        .group_ids(vec![id])
        .await
        .unwrap();
    let tags = config
        .list_tags()
        .filters(json!({"group_ids": [id]}))
        .json()
        .await
        .unwrap();
    assert_eq!(tags[0]["name"], "typed-tag", "{tags}");
    config.delete_tag("typed-tag").await.unwrap();
    let tags = config.list_tags().json().await.unwrap();
    assert!(!tags.to_string().contains("typed-tag"), "{tags}");
}
