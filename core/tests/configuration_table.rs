//! The Configuration API table against the official pages (`../shared/reference/docs/
//! configuration-api/v3.x.mdx`, read at test time): for each version, exactly the actions the
//! pages give a "Method URL" row plus the batch actions they list; every parameter of the
//! request tables, with its JSON type and whether it is required; `GET` where the page says so;
//! and the response samples' top-level shape.
//!
//! Counts, from the pages (platform-apis.md §3 says the same for the methods): 40 (3.3), 42
//! (3.4), 54 (3.5), 63 (3.6), 73 (3.7). Batch actions: none on the 3.3 and 3.4 pages, 9 on 3.5
//! and 3.6, 10 on 3.7 (`batch_update_translations`). platform-apis.md says "+ 9 batch actions"
//! for every version, from the 3.6 page; where they disagree the pages win.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod config_docs;

use std::collections::BTreeSet;

use config_docs::{VERSIONS, batch_actions, docs_dir, methods};
use livechat::ApiVersion;
use livechat::methods::{MethodSpec, ParamKind, ResultShape};
use livechat::surfaces::CONFIGURATION;
use serde_json::Value;

fn version(v: &str) -> ApiVersion {
    v.parse().unwrap()
}

fn table_actions(v: &str) -> BTreeSet<String> {
    let v = version(v);
    CONFIGURATION
        .methods
        .iter()
        .filter(|m| m.versions.contains(v))
        .map(|m| m.action.to_owned())
        .collect()
}

fn spec(action: &str) -> &'static MethodSpec {
    CONFIGURATION
        .find_action(action)
        .unwrap_or_else(|| panic!("{action} is not in the table"))
}

#[test]
fn each_version_has_exactly_the_documented_actions() {
    let mut counts = Vec::new();
    for v in VERSIONS {
        let documented = methods(v);
        let batch = batch_actions(v);
        let mut doc: BTreeSet<String> = documented.iter().map(|m| m.action.clone()).collect();
        assert_eq!(
            doc.len(),
            documented.len(),
            "v{v}.mdx has a Method URL row twice"
        );
        doc.extend(batch.iter().cloned());
        let table = table_actions(v);
        let missing: Vec<_> = doc.difference(&table).collect();
        let extra: Vec<_> = table.difference(&doc).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "API {v}: documented but not in the table: {missing:?}; in the table but not \
             documented: {extra:?}"
        );
        counts.push((documented.len(), batch.len()));
    }
    assert_eq!(
        counts,
        [(40, 0), (42, 0), (54, 9), (63, 9), (73, 10)],
        "(methods, batch methods) per version, 3.3 to 3.7"
    );
}

#[test]
fn every_documented_parameter_is_in_the_table_with_its_requirement() {
    let mut conditional = Vec::new();
    for v in VERSIONS {
        let ver = version(v);
        for doc in methods(v) {
            let m = spec(&doc.action);
            let top: Vec<_> = doc.params.iter().filter(|p| p.is_top_level()).collect();
            for p in &top {
                let at = format!("API {v} {}.{} (v{v}.mdx:{})", doc.action, p.name, doc.line);
                let t = m
                    .param(&p.name)
                    .filter(|t| t.versions.contains(ver))
                    .unwrap_or_else(|| panic!("{at}: documented, not in the table"));
                if p.conditionally_required() {
                    conditional.push(format!("{}.{}", doc.action, p.name));
                    assert!(
                        !t.is_required(ver),
                        "{at}: required only under a condition (\"{}\"), so optional here",
                        p.notes
                    );
                } else {
                    assert_eq!(
                        t.is_required(ver),
                        p.required,
                        "{at}: the docs say required = {}",
                        p.required
                    );
                }
            }
            for t in m.params.iter().filter(|t| t.versions.contains(ver)) {
                assert!(
                    top.iter().any(|p| p.name == t.name),
                    "API {v} {}.{}: in the table, not in the docs",
                    doc.action,
                    t.name
                );
            }
            let names: Vec<&str> = m
                .params
                .iter()
                .filter(|t| t.versions.contains(ver))
                .map(|t| t.name)
                .collect();
            assert_eq!(
                names.len(),
                top.len(),
                "API {v} {}: table {names:?}",
                doc.action
            );
        }
    }
    conditional.sort();
    conditional.dedup();
    assert_eq!(
        conditional,
        [
            "ban_customer.customer_id",
            "ban_customer.ip",
            "create_bot.owner_client_id",
            "create_bot.timezone",
            "disable_license_webhooks.owner_client_id",
            "enable_license_webhooks.owner_client_id",
            "get_license_webhooks_state.owner_client_id",
            "reset_bot_secret.owner_client_id",
            "unban_customer.customer_id",
            "unban_customer.ip",
        ],
        "the parameters the docs mark required only under a condition changed"
    );
}

/// The JSON type a docs type cell names, or `None` where the cell is not a type.
fn kind_of(ty: &str) -> Option<ParamKind> {
    Some(match ty {
        "string" => ParamKind::String,
        "int" | "uint" | "number" => ParamKind::Int,
        "bool" => ParamKind::Bool,
        "object" => ParamKind::Object,
        t if t.contains('[') || t == "array" => ParamKind::Array,
        _ => return None,
    })
}

#[test]
fn parameter_types_follow_the_docs() {
    // Where the table knowingly differs from the type cell:
    let exceptions = [
        // "[`object`](#properties)" is a link to the object's description: an object.
        ("update_license_properties", "properties", ParamKind::Object),
        ("delete_license_properties", "properties", ParamKind::Object),
        ("update_group_properties", "properties", ParamKind::Object),
        ("delete_group_properties", "properties", ParamKind::Object),
        // The docs' get_bot table has the Required and Type cells swapped.
        ("get_bot", "fields", ParamKind::Array),
        // "type": the property's own type.
        ("register_property", "default_value", ParamKind::Any),
    ];
    for v in VERSIONS {
        for doc in methods(v) {
            let m = spec(&doc.action);
            for p in doc.params.iter().filter(|p| p.is_top_level()) {
                let t = m.param(&p.name).unwrap();
                if let Some(&(_, _, kind)) = exceptions
                    .iter()
                    .find(|(a, n, _)| *a == doc.action && *n == p.name)
                {
                    assert_eq!(t.kind, kind, "{}.{}", doc.action, p.name);
                    continue;
                }
                let want = kind_of(&p.ty).unwrap_or_else(|| {
                    panic!(
                        "API {v} {}.{}: unknown docs type {:?}",
                        doc.action, p.name, p.ty
                    )
                });
                assert_eq!(t.kind, want, "API {v} {}.{} ({})", doc.action, p.name, p.ty);
            }
        }
    }
}

#[test]
fn get_is_used_exactly_where_the_docs_say() {
    for v in VERSIONS {
        for doc in methods(v) {
            assert_eq!(
                spec(&doc.action).http_get,
                doc.http_get,
                "API {v} {}: HTTP method",
                doc.action
            );
        }
    }
    assert!(spec("get_license_id").http_get && spec("get_organization_id").http_get);
}

/// `listGroupsProperties` → `list_groups_properties`; `getLicenseID` → `get_license_id`.
fn snake(camel: &str) -> String {
    let mut out = String::new();
    for c in camel.replace("ID", "Id").chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    match out.as_str() {
        "get_webhooks_state" => "get_license_webhooks_state".to_owned(),
        _ => out,
    }
}

fn json_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

#[test]
fn results_have_the_shape_of_the_response_samples() {
    let mut checked = 0;
    let mut arrays = BTreeSet::new();
    for v in VERSIONS {
        let dir = docs_dir().join(format!("payloads/v{v}/configuration-api/responses"));
        let mut files = Vec::new();
        json_files(&dir, &mut files);
        for file in files {
            let stem = file.file_stem().unwrap().to_string_lossy();
            let action = snake(&stem);
            let m = spec(&action);
            // A few sample files outlive their method (getLicenseID in 3.5+).
            if !m.versions.contains(version(v)) {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap();
            let first = text
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .flat_map(str::chars)
                .find(|c| !c.is_whitespace());
            let empty = text.split_whitespace().collect::<String>() == "{}";
            match (first, m.result) {
                (Some('['), ResultShape::Array(_)) => {
                    arrays.insert(action.clone());
                }
                (Some('{'), ResultShape::Object(_)) => {}
                (Some('{'), ResultShape::Empty) if empty => {}
                (c, shape) => panic!(
                    "{}: starts with {c:?}, table says {shape:?}",
                    file.display()
                ),
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} response samples found");
    let arrays: Vec<&str> = arrays.iter().map(String::as_str).collect();
    assert_eq!(
        arrays,
        [
            "check_product_limits_for_plan",
            "list_agents",
            "list_bot_templates",
            "list_bots",
            "list_channels",
            "list_customer_bans",
            "list_groups",
            "list_groups_properties",
            "list_tags",
            "list_webhook_names",
            "list_webhooks",
        ]
    );
}

#[test]
fn the_exported_table_has_the_surface_and_its_http_methods() {
    let v: Value = serde_json::from_str(livechat::surfaces::table_json()).unwrap();
    let surfaces = v["surfaces"].as_array().unwrap();
    let conf = surfaces
        .iter()
        .find(|s| s["name"] == "configuration")
        .unwrap();
    assert_eq!(conf["client"], "Configuration");
    assert_eq!(conf["path"], "configuration/action");
    let methods = conf["methods"].as_array().unwrap();
    assert_eq!(methods.len(), CONFIGURATION.methods.len());
    let by = |name: &str| methods.iter().find(|m| m["name"] == name).unwrap().clone();
    assert_eq!(by("get_license_id")["http"], "GET");
    assert_eq!(by("list_bots")["http"], "POST");
    assert_eq!(by("list_bots")["result"]["shape"], "array");
    assert_eq!(
        by("list_group_properties")["replacement"],
        "list_groups_properties"
    );
    assert_eq!(by("issue_bot_token")["retry"], "write");
    // The Agent Chat API's methods stay where the bindings read them.
    assert!(
        v["methods"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["name"] == "send_event")
    );
    assert!(
        v["methods"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["name"] != "register_webhook")
    );
}
