use serde_json::json;

use super::*;

fn body(v: serde_json::Value) -> Vec<u8> {
    serde_json::to_vec(&v).unwrap_or_default()
}

fn kind(r: Result<Webhook>) -> (ErrorKind, String) {
    match r {
        Ok(w) => panic!("parsed {w:?}"),
        Err(e) => (e.kind(), e.to_string()),
    }
}

fn message(text: &str) -> serde_json::Value {
    json!({"webhook_id": "w1", "secret_key": "s3cret", "action": "incoming_event",
           "organization_id": "o1",
           "payload": {"chat_id": "C", "thread_id": "T",
                       "event": {"id": "E", "type": "message", "text": text}}})
}

#[test]
fn a_verified_message_is_typed_and_drops_its_secret() {
    let w = parse(&body(message("hi")), "s3cret").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(w.action, "incoming_event");
    assert_eq!(w.webhook_id, "w1");
    assert_eq!(w.organization_id.as_deref(), Some("o1"));
    let Payload::IncomingEvent(e) = &w.payload else {
        panic!("{:?}", w.payload)
    };
    assert_eq!(e.chat_id.as_deref(), Some("C"));
    assert_eq!(e.event.as_ref().and_then(|ev| ev.text()), Some("hi"));
    let back = w.to_json();
    assert!(back.get("secret_key").is_none());
    let mut expected = message("hi");
    expected.as_object_mut().map(|o| o.remove("secret_key"));
    assert_eq!(back, expected);
    assert!(!format!("{w:?}").contains("s3cret"));
}

#[test]
fn a_wrong_or_missing_secret_is_its_own_error_and_names_no_secret() {
    let (k, m) = kind(parse(&body(message("hi")), "other"));
    assert_eq!(k, ErrorKind::WebhookSecret);
    assert!(!m.contains("s3cret") && !m.contains("other"), "{m}");
    let mut no_secret = message("hi");
    no_secret.as_object_mut().map(|o| o.remove("secret_key"));
    assert_eq!(
        kind(parse(&body(no_secret), "s3cret")).0,
        ErrorKind::WebhookSecret
    );
    let mut number = message("hi");
    number["secret_key"] = json!(5);
    assert_eq!(
        kind(parse(&body(number), "s3cret")).0,
        ErrorKind::WebhookSecret
    );
    // A prefix of the secret is not the secret.
    assert_eq!(
        kind(parse(&body(message("hi")), "s3cre")).0,
        ErrorKind::WebhookSecret
    );
    let (k, m) = kind(parse(&body(message("hi")), ""));
    assert_eq!(k, ErrorKind::InvalidArgument, "{m}");
}

#[test]
fn bodies_that_are_not_webhooks_are_refused_with_the_reason() {
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (b"not json".to_vec(), "not usable JSON"),
        (b"[1,2]".to_vec(), "array, not an object"),
        (b"\"x\"".to_vec(), "string, not an object"),
        (vec![b'"', 0xff, b'"'], "not UTF-8"),
        (
            format!("{}{}", "[".repeat(200), "]".repeat(200)).into_bytes(),
            "deeper than 128",
        ),
        (body(json!({"secret_key": "s3cret"})), "no `action`"),
        (
            body(json!({"secret_key": "s3cret", "action": 7})),
            "`action` is a JSON number",
        ),
        (
            body(json!({"secret_key": "s3cret", "action": ""})),
            "`action` is empty",
        ),
        (
            body(json!({"secret_key": "s3cret", "action": "a", "requester": 5})),
            "`requester`",
        ),
        (
            body(json!({"secret_key": "s3cret", "action": "a", "organization_id": 5})),
            "`organization_id`",
        ),
    ];
    for (b, expected) in cases {
        let (k, m) = kind(parse(&b, "s3cret"));
        assert_eq!(k, ErrorKind::InvalidWebhook, "{m}");
        assert!(m.contains(expected), "{m:?} should say {expected:?}");
    }
}

#[test]
fn bodies_over_one_mebibyte_are_refused_before_parsing() {
    let mut big = b"{\"secret_key\":\"s3cret\",\"action\":\"a\",\"x\":\"".to_vec();
    big.resize(MAX_WEBHOOK_BYTES + 1, b'a');
    // Not even valid JSON: the size is checked first.
    let (k, m) = kind(parse(&big, "s3cret"));
    assert_eq!(k, ErrorKind::InvalidWebhook);
    assert!(m.contains("over the 1048576-byte limit"), "{m}");
}

#[test]
fn unknown_actions_and_fields_are_kept() {
    let v = json!({"secret_key": "s", "action": "chat_exploded", "webhook_id": "w",
                   "payload": {"boom": [1, 2]}, "new_envelope_field": true});
    let w = parse(&body(v.clone()), "s").unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(&w.payload, Payload::Other(p) if p["boom"] == json!([1, 2])));
    assert_eq!(w.extra["new_envelope_field"], json!(true));
    let mut expected = v;
    expected.as_object_mut().map(|o| o.remove("secret_key"));
    assert_eq!(w.to_json(), expected);

    let odd = json!({"secret_key": "s", "action": "incoming_event",
                     "payload": {"chat_id": "C", "new_field": {"x": 1}}});
    let w = parse(&body(odd), "s").unwrap_or_else(|e| panic!("{e}"));
    let Payload::IncomingEvent(e) = &w.payload else {
        panic!("{:?}", w.payload)
    };
    assert_eq!(e.extra["new_field"], json!({"x": 1}));
}

#[test]
fn a_known_action_in_an_undocumented_shape_is_kept_with_the_reason() {
    let v = json!({"secret_key": "s", "action": "incoming_event", "payload": {"chat_id": 5}});
    let w = parse(&body(v), "s").unwrap_or_else(|e| panic!("{e}"));
    match &w.payload {
        Payload::Unparsed { payload, error } => {
            assert_eq!(payload["chat_id"], json!(5));
            assert!(error.contains("expected a string"), "{error}");
        }
        other => panic!("{other:?}"),
    }
    // The JSON form (what C and Python get) keeps the payload as sent and says why.
    let j = w.to_json();
    assert_eq!(j["payload"], json!({"chat_id": 5}));
    let reason = j["payload_error"].as_str().unwrap_or_default();
    assert!(reason.contains("expected a string"), "{j}");
    let typed = json!({"secret_key": "s", "action": "incoming_event", "payload": {"chat_id": "C"}});
    let typed = parse(&body(typed), "s").unwrap_or_else(|e| panic!("{e}"));
    assert!(typed.to_json().get("payload_error").is_none());
}
