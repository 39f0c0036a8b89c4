//! Reads the webhook samples of the official pages (`../shared/reference/docs/webhooks/v3.x.mdx`
//! beside the repository): one JSON sample per action section, with the `// …` comments the pages
//! use as placeholders removed. Samples the pages get wrong are repaired here, each with the
//! reason, so the test says exactly what it changed.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use serde_json::{Value, json};

/// The versions the pages cover, oldest first.
pub const VERSIONS: [&str; 5] = ["3.3", "3.4", "3.5", "3.6", "3.7"];

/// One sample: the section's action, its position in the section, the JSON (repaired when listed).
#[derive(Debug, Clone)]
pub struct WebhookSample {
    pub version: &'static str,
    /// The section's action (`### \`incoming_chat\``).
    pub action: String,
    /// 0 for the section's first sample.
    pub index: usize,
    pub json: Value,
    /// What was repaired, if anything.
    pub repair: Option<&'static str>,
}

impl WebhookSample {
    /// `incoming_chat` or `auto_accesses_updated-1` (later samples of a section).
    pub fn name(&self) -> String {
        if self.index == 0 {
            self.action.clone()
        } else {
            format!("{}-{}", self.action, self.index)
        }
    }
}

/// A textual fix of one sample: (version, action, index, from, to, why).
type Fix = (
    &'static str,
    &'static str,
    usize,
    &'static str,
    &'static str,
    &'static str,
);

/// The pages' typos, fixed in the sample text (after comments are removed).
const FIXES: &[Fix] = &[
    (
        "3.4",
        "customer_session_fields_updated",
        0,
        "}\n    ],",
        "},",
        "a stray `]` after active_chat",
    ),
    (
        "3.5",
        "customer_session_fields_updated",
        0,
        "}\n    ],",
        "},",
        "a stray `]` after active_chat",
    ),
    (
        "3.6",
        "customer_session_fields_updated",
        0,
        "}\n    ],",
        "},",
        "a stray `]` after active_chat",
    ),
    (
        "3.7",
        "customer_session_fields_updated",
        0,
        "}\n    ],",
        "},",
        "a stray `]` after active_chat",
    ),
    (
        "3.4",
        "auto_access_updated",
        0,
        "groups:",
        "\"groups\":",
        "an unquoted key",
    ),
    (
        "3.5",
        "auto_accesses_updated",
        1,
        "]\n      }\n      \"next_id\"",
        "]\n      }},\n      \"next_id\"",
        "`conditions` is not closed before next_id",
    ),
    (
        "3.5",
        "auto_accesses_updated",
        2,
        "]\n  \"additional_data\"",
        "],\n  \"additional_data\"",
        "a missing comma before additional_data",
    ),
    (
        "3.6",
        "auto_accesses_updated",
        1,
        "]\n      }\n      \"next_id\"",
        "]\n      }},\n      \"next_id\"",
        "`conditions` is not closed before next_id",
    ),
    (
        "3.7",
        "auto_accesses_updated",
        1,
        "]\n      }\n      \"next_id\"",
        "]\n      }},\n      \"next_id\"",
        "`conditions` is not closed before next_id",
    ),
    (
        "3.6",
        "agent_deleted",
        0,
        "}\n  \"additional_data\"",
        "},\n  \"additional_data\"",
        "a missing comma before additional_data",
    ),
    (
        "3.7",
        "agent_deleted",
        0,
        "}\n  \"additional_data\"",
        "},\n  \"additional_data\"",
        "a missing comma before additional_data",
    ),
    (
        "3.6",
        "group_updated",
        0,
        "}\n  \"additional_data\"",
        "},\n  \"additional_data\"",
        "a missing comma before additional_data",
    ),
    (
        "3.7",
        "group_updated",
        0,
        "}\n  \"additional_data\"",
        "},\n  \"additional_data\"",
        "a missing comma before additional_data",
    ),
];

/// Samples whose `action` is not their section's (copied from another section): the section is
/// right, the sample's action is not. (version, section, the action the sample says)
const WRONG_ACTION: &[(&str, &str, &str)] = &[
    ("3.3", "chat_transferred", "chat_access_revoked"),
    ("3.5", "auto_accesses_updated", "auto_access_added"),
    ("3.6", "auto_accesses_updated", "auto_access_added"),
    ("3.7", "auto_accesses_updated", "auto_access_added"),
];

/// `../shared/reference/docs` beside the repository. Missing is a failure, not a skip: CI has it.
pub fn docs_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference/docs");
    assert!(
        dir.join("webhooks").is_dir(),
        "the official docs are missing: expected {} beside the repository",
        dir.join("webhooks").display()
    );
    dir
}

/// Every sample of `version`'s page, repaired where listed, payload-only samples wrapped in an
/// envelope.
pub fn samples(version: &'static str) -> Vec<WebhookSample> {
    let path = docs_dir().join(format!("webhooks/v{version}.mdx"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut out = Vec::new();
    for section in text.split("\n### `").skip(1) {
        let action = section.split('`').next().unwrap().to_owned();
        let mut rest = section;
        let mut index = 0;
        while let Some(start) = rest.find("```json\n") {
            rest = &rest[start + "```json\n".len()..];
            let end = rest.find("```").unwrap();
            let mut body = strip_comments(&rest[..end]);
            rest = &rest[end + 3..];
            let mut repair = None;
            for (v, a, i, from, to, why) in FIXES {
                if *v == version && *a == action && *i == index {
                    assert!(
                        body.contains(from),
                        "v{version} {action}[{index}]: the fix for {why} no longer applies"
                    );
                    body = body.replacen(from, to, 1);
                    repair = Some(*why);
                }
            }
            let mut json: Value = serde_json::from_str(&body).unwrap_or_else(|e| {
                panic!(
                    "v{version} {action}[{index}] is not JSON after the listed fixes: {e}\n{body}"
                )
            });
            if json.get("action").is_none() {
                // 3.4/3.5 group_* sections show the payload alone.
                json = json!({
                    "webhook_id": "<webhook_id>", "secret_key": "<secret_key>", "action": action,
                    "organization_id": "390e44e6-f1e6-0368c-z6ddb-74g14508c2ex", "payload": json,
                });
                repair = Some("the page shows the payload alone; wrapped in the envelope");
            }
            let said = json["action"].as_str().unwrap_or_default().to_owned();
            if said != action {
                assert!(
                    WRONG_ACTION.contains(&(version, action.as_str(), said.as_str())),
                    "v{version} {action}[{index}] says action {said:?}: list it in WRONG_ACTION"
                );
                json["action"] = Value::String(action.clone());
                repair = Some("the sample's action is another section's; set to its own");
            }
            out.push(WebhookSample {
                version,
                action: action.clone(),
                index,
                json,
                repair,
            });
            index += 1;
        }
    }
    out
}

/// The text without `//` comments (outside strings) and without the trailing commas they leave.
pub fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if c == '\\' {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if c == '/' && chars.peek() == Some(&'/') {
            while chars.peek().is_some_and(|n| *n != '\n') {
                chars.next();
            }
        } else {
            out.push(c);
        }
    }
    remove_trailing_commas(&out)
}

fn remove_trailing_commas(text: &str) -> String {
    let bytes: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    for (i, &c) in bytes.iter().enumerate() {
        if in_string {
            if c == '"' && bytes[i - 1] != '\\' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if c == ',' {
            let next = bytes[i + 1..].iter().find(|n| !n.is_whitespace());
            if matches!(next, Some('}') | Some(']')) {
                continue;
            }
        }
        out.push(c);
    }
    out
}
