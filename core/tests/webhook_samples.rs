//! Every webhook sample of the official pages, API 3.3–3.7, parses to its typed payload and back
//! to the same JSON (without the verified `secret_key`, and up to the defaults typed fields fill
//! in for the pages' `{}` placeholders). The samples are also written to
//! `tests/fixtures/webhooks/` for the C and Python tests (`LC_BLESS_WEBHOOKS=1` rewrites them).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod webhook_docs;

use std::path::PathBuf;

use livechat::webhooks::{self, KNOWN_ACTIONS, Payload};
use serde_json::Value;
use webhook_docs::{VERSIONS, WebhookSample, samples};

/// The sample pages' secret (`"secret_key": "<secret_key>"`).
const SAMPLE_SECRET: &str = "<secret_key>";

fn all_samples() -> Vec<WebhookSample> {
    VERSIONS.iter().flat_map(|v| samples(v)).collect()
}

/// Whether `v` is what a typed field holds when the sample left it out.
fn is_default(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::String(s) => s.is_empty(),
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.values().all(is_default),
    }
}

/// `back` holds everything `sample` holds, unchanged; anything it adds is a default.
fn same_up_to_defaults(sample: &Value, back: &Value, path: &str) -> Result<(), String> {
    match (sample, back) {
        (Value::Object(s), Value::Object(b)) => {
            for (k, sv) in s {
                let Some(bv) = b.get(k) else {
                    return Err(format!("{path}.{k} was lost"));
                };
                same_up_to_defaults(sv, bv, &format!("{path}.{k}"))?;
            }
            for (k, bv) in b {
                if !s.contains_key(k) && !is_default(bv) {
                    return Err(format!("{path}.{k} = {bv} was added"));
                }
            }
            Ok(())
        }
        (Value::Array(s), Value::Array(b)) if s.len() == b.len() => s
            .iter()
            .zip(b)
            .enumerate()
            .try_for_each(|(i, (sv, bv))| same_up_to_defaults(sv, bv, &format!("{path}[{i}]"))),
        _ if sample == back => Ok(()),
        _ => Err(format!("{path}: {sample} became {back}")),
    }
}

#[test]
fn every_documented_sample_parses_to_its_typed_payload_and_back() {
    let all = all_samples();
    // One sample per action section at least: 23, 36, 37, 38, 38 sections.
    assert!(all.len() >= 172, "only {} samples found", all.len());
    let mut failures = Vec::new();
    for s in &all {
        let body = serde_json::to_vec(&s.json).unwrap();
        let w = match webhooks::parse(&body, SAMPLE_SECRET) {
            Ok(w) => w,
            Err(e) => {
                failures.push(format!("v{} {}: {e}", s.version, s.name()));
                continue;
            }
        };
        assert_eq!(w.action, s.action, "v{} {}", s.version, s.name());
        match &w.payload {
            Payload::Other(_) => {
                failures.push(format!("v{} {}: not a known action", s.version, s.name()))
            }
            Payload::Unparsed { error, .. } => {
                failures.push(format!("v{} {}: not typed: {error}", s.version, s.name()))
            }
            typed => {
                let unknown = typed.unknown_fields();
                if !unknown.is_empty() {
                    failures.push(format!(
                        "v{} {}: untyped fields {unknown:?}",
                        s.version,
                        s.name()
                    ));
                }
            }
        }
        let mut expected = s.json.clone();
        expected.as_object_mut().unwrap().remove("secret_key");
        if let Err(e) = same_up_to_defaults(&expected, &w.to_json(), "") {
            failures.push(format!("v{} {}: {e}", s.version, s.name()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} samples failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_documented_action_is_typed_and_every_typed_action_is_documented() {
    let documented: std::collections::BTreeSet<String> =
        all_samples().into_iter().map(|s| s.action).collect();
    let typed: std::collections::BTreeSet<String> =
        KNOWN_ACTIONS.iter().map(|a| a.to_string()).collect();
    assert_eq!(documented, typed);
}

#[test]
fn the_repairs_are_the_ones_listed() {
    let repaired: Vec<String> = all_samples()
        .iter()
        .filter_map(|s| {
            s.repair
                .map(|r| format!("v{} {}: {r}", s.version, s.name()))
        })
        .collect();
    // 15 typo fixes, 4 payload-only group samples, auto_accesses_updated's action in 3.5–3.7 (the
    // typo fixes of those samples are reported under the later repair).
    assert!(repaired.len() >= 19, "{repaired:#?}");
}

/// `tests/fixtures/webhooks/v{version}/{name}.json`: the samples as the other languages' tests
/// read them.
#[test]
fn the_fixture_files_are_the_documented_samples() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/webhooks");
    let bless = std::env::var_os("LC_BLESS_WEBHOOKS").is_some();
    let mut stale = Vec::new();
    let mut expected_files = std::collections::BTreeSet::new();
    for s in all_samples() {
        let path = root
            .join(format!("v{}", s.version))
            .join(format!("{}.json", s.name()));
        let text = serde_json::to_string_pretty(&s.json).unwrap() + "\n";
        expected_files.insert(path.clone());
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            if bless {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, text).unwrap();
            } else {
                stale.push(path.display().to_string());
            }
        }
    }
    for v in VERSIONS {
        let Ok(dir) = std::fs::read_dir(root.join(format!("v{v}"))) else {
            continue;
        };
        for entry in dir {
            let path = entry.unwrap().path();
            if !expected_files.contains(&path) {
                if bless {
                    std::fs::remove_file(&path).unwrap();
                } else {
                    stale.push(format!("{} (not a sample)", path.display()));
                }
            }
        }
    }
    assert!(
        stale.is_empty(),
        "the webhook fixtures differ from the docs' samples; run \
         LC_BLESS_WEBHOOKS=1 cargo test -p livechat --test webhook_samples:\n{}",
        stale.join("\n")
    );
}
