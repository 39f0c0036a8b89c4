//! The Configuration API's typed results against the official pages: every documented response
//! sample of every version 3.3–3.7 reads into the type the method table names for its method
//! and serialises back to the same JSON; every name the table uses has a type.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod config_docs;

use std::collections::BTreeSet;

use config_docs::{VERSIONS, response_samples};
use livechat::ApiVersion;
use livechat::methods::ResultShape;
use livechat::surfaces::CONFIGURATION;
use livechat::surfaces::configuration::types;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Reads `sample` as `T` and writes it back.
fn round_trip<T: DeserializeOwned + Serialize>(sample: &Value) -> Result<Value, String> {
    let typed: T = serde_json::from_value(sample.clone()).map_err(|e| format!("decode: {e}"))?;
    serde_json::to_value(&typed).map_err(|e| format!("encode: {e}"))
}

macro_rules! named_types {
    ($($name:ident),* $(,)?) => {
        /// Every type name this test knows, as the table spells them.
        const NAMES: &[&str] = &[$(stringify!($name)),*];

        /// The round trip through the table's type for `shape`; `None` for a name without a
        /// type.
        fn round_trip_as(shape: ResultShape, sample: &Value) -> Option<Result<Value, String>> {
            match shape {
                ResultShape::Empty => Some(round_trip::<types::Empty>(sample)),
                $(
                    ResultShape::Object(stringify!($name)) => {
                        Some(round_trip::<types::$name>(sample))
                    }
                    ResultShape::Array(stringify!($name)) => {
                        Some(round_trip::<Vec<types::$name>>(sample))
                    }
                )*
                _ => None,
            }
        }
    };
}

named_types!(
    AddAutoAccessResponse,
    Agent,
    AutoAccess,
    BatchResponse,
    Bot,
    BotTemplate,
    Channel,
    CreateAgentResponse,
    CreateBotResponse,
    CreateBotTemplateResponse,
    CreateCannedResponseResponse,
    CreateGreetingResponse,
    CreateGroupResponse,
    CustomerBan,
    GetLicenseIdResponse,
    GetOrganizationIdResponse,
    Greeting,
    Group,
    GroupProperties,
    IssueBotTokenResponse,
    LicenseWebhooksState,
    ListAllowedDomainsResponse,
    ListCannedResponsesResponse,
    ListGreetingsResponse,
    ListTranslationsResponse,
    ProductLimit,
    ProductSource,
    PropertyConfigs,
    PropertyValues,
    RegisterWebhookResponse,
    ResetBotSecretResponse,
    ResetBotTemplateSecretResponse,
    Tag,
    Webhook,
    WebhookName,
);

/// A response sample the docs publish as invalid JSON, and the repair that makes it JSON.
struct NotJson {
    version: &'static str,
    action: &'static str,
    why: &'static str,
    repair: fn(&str) -> String,
}

/// Every invalid sample. Each is checked to still be invalid, then checked repaired.
const NOT_JSON: &[NotJson] = &[NotJson {
    version: "3.7",
    action: "list_canned_responses",
    why: "trailing commas after the last field of each canned response",
    repair: drop_trailing_commas,
}];

/// Removes a `,` whose next non-blank character closes an object or array.
fn drop_trailing_commas(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
        if c == ',' && matches!(next, Some('}' | ']')) {
            continue;
        }
        out.push(c);
    }
    out
}

/// Samples the pages hold per version (valid ones plus the `NOT_JSON` ones): a parser that
/// silently found fewer would check less.
const EXPECTED_SAMPLES: [(&str, usize); 5] = [
    ("3.3", 20),
    ("3.4", 22),
    ("3.5", 30),
    ("3.6", 35),
    ("3.7", 44),
];

#[test]
fn every_documented_response_sample_round_trips_through_the_tables_type() {
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut repaired_used = BTreeSet::new();
    for version in VERSIONS {
        let api: ApiVersion = version.parse().unwrap();
        let samples = response_samples(version);
        let want = EXPECTED_SAMPLES
            .iter()
            .find(|(v, _)| *v == version)
            .map(|(_, n)| *n)
            .unwrap();
        assert!(
            samples.len() >= want,
            "v{version}.mdx: found {} response samples, expected at least {want}",
            samples.len()
        );
        for sample in samples {
            let at = format!("{} ({} v{version})", sample.origin, sample.action);
            let json = match sample.json() {
                Ok(json) => json,
                Err(e) => {
                    let known = NOT_JSON
                        .iter()
                        .find(|n| n.version == version && n.action == sample.action);
                    let Some(NotJson { why, repair, .. }) = known else {
                        failures.push(format!("{at}: not JSON ({e}) and not in NOT_JSON"));
                        continue;
                    };
                    repaired_used.insert((version, sample.action.clone()));
                    match serde_json::from_str(&repair(&sample.text)) {
                        Ok(json) => json,
                        Err(e) => {
                            failures.push(format!("{at}: {why}, still not JSON repaired: {e}"));
                            continue;
                        }
                    }
                }
            };
            let Ok(spec) = CONFIGURATION.resolve(&sample.action, api) else {
                failures.push(format!(
                    "{at}: the table has no such method in API {version}"
                ));
                continue;
            };
            match round_trip_as(spec.result, &json) {
                None => failures.push(format!("{at}: no type for {:?}", spec.result)),
                Some(Err(e)) => failures.push(format!("{at}: {:?}: {e}", spec.result)),
                Some(Ok(back)) if back != json => failures.push(format!(
                    "{at}: {:?} does not serialise back to the sample:\n  sample {json}\n  back   {back}",
                    spec.result
                )),
                Some(Ok(_)) => checked += 1,
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for n in NOT_JSON {
        assert!(
            repaired_used.contains(&(n.version, n.action.to_owned())),
            "NOT_JSON lists the v{} {} sample ({}) but it parses now, or is gone",
            n.version,
            n.action,
            n.why
        );
    }
    let total: usize = EXPECTED_SAMPLES.iter().map(|(_, n)| n).sum();
    assert!(
        checked >= total,
        "checked {checked} samples, expected at least {total}"
    );
}

#[test]
fn every_result_type_the_table_names_has_a_type_and_no_other() {
    let mut named = BTreeSet::new();
    let empty = Value::Object(Default::default());
    for m in CONFIGURATION.methods {
        match m.result {
            ResultShape::Object(name) | ResultShape::Array(name) => {
                named.insert(name);
            }
            ResultShape::Empty => {}
        }
        // Reaching a type at all is what is checked: `{}` may well not decode as it.
        assert!(
            round_trip_as(m.result, &empty).is_some(),
            "{}: the table's result {:?} has no type in configuration::types",
            m.name,
            m.result
        );
    }
    let known: BTreeSet<&str> = NAMES.iter().copied().collect();
    assert_eq!(
        named, known,
        "the table's result names and this test's types differ"
    );
}

fn sample(version: &str, action: &str) -> Value {
    response_samples(version)
        .into_iter()
        .find(|s| s.action == action)
        .unwrap_or_else(|| panic!("no {action} response sample in v{version}"))
        .json()
        .unwrap()
}

fn decode<T: DeserializeOwned>(version: &str, action: &str) -> T {
    serde_json::from_value(sample(version, action)).unwrap()
}

#[test]
fn a_batch_items_error_is_data_reachable_by_index() {
    for v in ["3.5", "3.6", "3.7"] {
        let batch: types::BatchResponse = decode(v, "batch_delete_agents");
        assert_eq!(batch.responses.len(), 3, "API {v}");
        assert!(batch.responses[0].is_ok() && batch.responses[1].is_ok());
        let errors: Vec<_> = batch.errors().collect();
        assert_eq!(errors.len(), 1, "API {v}");
        let (index, error) = errors[0];
        assert_eq!(index, 2);
        assert_eq!(error.kind(), livechat::ApiErrorType::Validation);
        assert_eq!(error.message, "`id` is required");
    }
}

#[test]
fn secrets_and_tokens_never_show_in_debug() {
    let bot: types::CreateBotResponse = decode("3.7", "create_bot");
    let secret = bot.secret.as_ref().unwrap();
    assert_eq!(secret.expose(), "641e2ae6d997d2009a3ac92a05f37fc3");
    let shown = format!("{bot:?}");
    assert!(!shown.contains("641e2ae6"), "{shown}");
    assert!(
        shown.contains("5c9871d5372c824cbf22d860a707a578"),
        "{shown}"
    );
    let token: types::IssueBotTokenResponse = decode("3.7", "issue_bot_token");
    assert!(!format!("{token:?}").contains("JWT"), "{token:?}");
    for action in [
        "reset_bot_secret",
        "reset_bot_template_secret",
        "create_bot_template",
    ] {
        let v = sample("3.7", action);
        let shown = match action {
            "reset_bot_secret" => {
                format!(
                    "{:?}",
                    serde_json::from_value::<types::ResetBotSecretResponse>(v).unwrap()
                )
            }
            "reset_bot_template_secret" => format!(
                "{:?}",
                serde_json::from_value::<types::ResetBotTemplateSecretResponse>(v).unwrap()
            ),
            _ => format!(
                "{:?}",
                serde_json::from_value::<types::CreateBotTemplateResponse>(v).unwrap()
            ),
        };
        assert!(!shown.contains("641e2ae6"), "{action}: {shown}");
    }
}

#[test]
fn documented_fields_land_in_typed_fields_not_extra() {
    let agents: Vec<types::Agent> = decode("3.7", "list_agents");
    assert_eq!(
        agents[1].last_logout.as_deref(),
        Some("2022-08-23T14:31:21.000000Z")
    );
    assert_eq!(agents[0].max_chats_count, Some(5));
    assert!(agents.iter().all(|a| a.extra.is_empty()), "{agents:?}");
    let old: types::Agent = decode("3.3", "get_agent");
    assert!(old.avatar_path.is_some() && old.avatar.is_none() && old.account_id.is_none());
    let new: types::Agent = decode("3.7", "get_agent");
    assert!(new.avatar.is_some() && new.account_id.is_some() && new.extra.is_empty());

    let bot: types::Bot = decode("3.7", "get_bot");
    let groups = bot.groups.as_ref().unwrap();
    assert_eq!(
        (groups[2].id, groups[2].priority.as_deref()),
        (2, Some("first"))
    );
    assert!(bot.extra.is_empty(), "{bot:?}");

    let group: types::Group = decode("3.7", "get_group");
    assert_eq!(
        group.agent_priorities.as_ref().unwrap()["agent3@example.com"],
        "last"
    );
    assert!(group.extra.is_empty());

    let rules: Vec<types::AutoAccess> = decode("3.7", "list_auto_accesses");
    let conditions = rules[0].conditions.as_ref().unwrap();
    assert_eq!(
        conditions.geolocation.as_ref().unwrap().values[0]
            .country_code
            .as_deref(),
        Some("US")
    );
    let domain = &conditions.domain.as_ref().unwrap().values.as_ref().unwrap()[0];
    assert_eq!(
        (domain.value.as_str(), domain.exact_match),
        ("livechat.com", Some(true))
    );
    assert_eq!(rules[0].access.as_ref().unwrap().groups, [0]);

    let greeting: types::Greeting = decode("3.7", "get_greeting");
    assert_eq!(greeting.greeting_type.as_deref(), Some("normal"));
    let rule = &greeting.rules.as_ref().unwrap()[0];
    assert_eq!(rule.rule_type.as_deref(), Some("visit_time_site"));
    assert!(greeting.extra.is_empty() && rule.extra.is_empty());
    let page: types::ListGreetingsResponse = decode("3.7", "list_greetings");
    assert_eq!(page.found_greetings, Some(1));

    let props: types::PropertyConfigs = decode("3.7", "list_properties");
    let p = &props["string_property"];
    assert_eq!(p.property_type.as_deref(), Some("string"));
    assert_eq!(
        p.access.as_ref().unwrap()["chat"]["customer"],
        ["read", "write"]
    );
    assert!(p.extra.is_empty());
    let values: types::PropertyValues = decode("3.7", "list_license_properties");
    assert_eq!(
        values["0805e283233042b37f460ed8fbf22160"]["string_property"],
        "string value"
    );
    let groups: Vec<types::GroupProperties> = decode("3.7", "list_groups_properties");
    assert_eq!(groups[1].id, 1);

    let limits: Vec<types::ProductLimit> = decode("3.7", "check_product_limits_for_plan");
    assert_eq!(limits[1].id.as_deref(), Some("user@example.com"));
    assert_eq!(limits[1].limit_balance, 2);
    let channels: Vec<types::Channel> = decode("3.7", "list_channels");
    assert_eq!(
        channels[2].channel_subtype.as_deref(),
        Some("c6e4f62e2a2dab12531235b12c5a2a6b")
    );
    assert!(channels.iter().all(|c| c.extra.is_empty()));
    let bans: Vec<types::CustomerBan> = decode("3.7", "list_customer_bans");
    assert_eq!(bans[1].thread_id.as_deref(), Some("T00M0307QQ"));
    assert!(bans.iter().all(|b| b.extra.is_empty()));
    let tags: Vec<types::Tag> = decode("3.7", "list_tags");
    assert_eq!(tags[0].group_ids.as_deref(), Some(&[0, 42][..]));

    let hooks: Vec<types::Webhook> = decode("3.7", "list_webhooks");
    assert_eq!(hooks[0].webhook_type.as_deref(), Some("license"));
    assert!(hooks[0].extra.is_empty());
    let names: Vec<types::WebhookName> = decode("3.7", "list_webhook_names");
    assert_eq!(
        names[1].additional_data.as_deref(),
        Some(
            &[
                "chat_properties".to_owned(),
                "chat_presence_user_ids".to_owned()
            ][..]
        )
    );
    let state: types::LicenseWebhooksState = decode("3.7", "get_license_webhooks_state");
    assert!(state.license_webhooks_enabled);

    let ids: types::GetLicenseIdResponse = decode("3.4", "get_license_id");
    assert_eq!(ids.license_id, 104130623);
    let phrases: types::ListTranslationsResponse = decode("3.7", "list_translations");
    assert_eq!(phrases.phrases["Welcome_title"], "Welcome to chat");
    let domains: types::ListAllowedDomainsResponse = decode("3.7", "list_allowed_domains");
    assert_eq!(domains.domains.len(), 3);
}

#[test]
fn no_documented_field_of_a_3_7_sample_is_left_in_extra() {
    fn none_left<T: DeserializeOwned + std::fmt::Debug>(action: &str, extra: impl Fn(&T) -> bool) {
        let value: T = decode("3.7", action);
        assert!(
            extra(&value),
            "{action}: a documented field went to `extra`: {value:?}"
        );
    }
    none_left::<Vec<types::BotTemplate>>("list_bot_templates", |v| {
        v.iter().all(|t| t.extra.is_empty())
    });
    none_left::<Vec<types::Bot>>("list_bots", |v| v.iter().all(|b| b.extra.is_empty()));
    none_left::<Vec<types::Group>>("list_groups", |v| v.iter().all(|g| g.extra.is_empty()));
    none_left::<Vec<types::Tag>>("list_tags", |v| v.iter().all(|t| t.extra.is_empty()));
    none_left::<Vec<types::WebhookName>>("list_webhook_names", |v| {
        v.iter().all(|w| w.extra.is_empty())
    });
    none_left::<Vec<types::ProductLimit>>("check_product_limits_for_plan", |v| {
        v.iter().all(|l| l.extra.is_empty())
    });
    none_left::<types::ProductSource>("get_product_source", |s| s.extra.is_empty());
    none_left::<Vec<types::GroupProperties>>("list_groups_properties", |v| {
        v.iter().all(|g| g.extra.is_empty())
    });
    none_left::<Vec<types::AutoAccess>>("list_auto_accesses", |v| {
        v.iter().all(|a| {
            let c = a.conditions.as_ref().unwrap();
            a.extra.is_empty()
                && c.extra.is_empty()
                && c.geolocation.as_ref().unwrap().values[0].extra.is_empty()
                && c.domain.as_ref().unwrap().values.as_ref().unwrap()[0]
                    .extra
                    .is_empty()
        })
    });
    none_left::<types::ListGreetingsResponse>("list_greetings", |p| {
        p.extra.is_empty() && p.greetings.iter().all(|g| g.extra.is_empty())
    });
    none_left::<types::CreateBotResponse>("create_bot", |r| r.extra.is_empty());
    none_left::<types::CreateGreetingResponse>("create_greeting", |r| r.extra.is_empty());
    none_left::<types::LicenseWebhooksState>("get_license_webhooks_state", |r| r.extra.is_empty());
    none_left::<types::ListTranslationsResponse>("list_translations", |r| r.extra.is_empty());
    none_left::<types::BatchResponse>("batch_delete_agents", |r| {
        r.extra.is_empty() && r.errors().all(|(_, e)| e.extra.is_empty())
    });
    // Invalid JSON on the page (see NOT_JSON): read repaired.
    let text = response_samples("3.7")
        .into_iter()
        .find(|s| s.action == "list_canned_responses")
        .unwrap()
        .text;
    let page: types::ListCannedResponsesResponse =
        serde_json::from_str(&drop_trailing_commas(&text)).unwrap();
    assert_eq!(page.canned_responses.len(), 2);
    assert_eq!(page.found_canned_responses, Some(25));
    assert!(page.extra.is_empty() && page.canned_responses.iter().all(|c| c.extra.is_empty()));
}

#[test]
fn unknown_fields_are_kept_and_written_back() {
    let sent = serde_json::json!({
        "id": 19,
        "name": "Sports shoes",
        "added_in_3_8": {"nested": [1, 2]}
    });
    let group: types::Group = serde_json::from_value(sent.clone()).unwrap();
    assert_eq!(group.extra["added_in_3_8"]["nested"][1], 2);
    assert_eq!(serde_json::to_value(&group).unwrap(), sent);
}

#[test]
fn a_missing_id_is_a_decode_error_that_names_it() {
    let err = serde_json::from_str::<types::CreateBotResponse>(r#"{"secret":"x"}"#).unwrap_err();
    assert!(err.to_string().contains("`id`"), "{err}");
}
