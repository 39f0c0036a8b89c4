//! The Rust typed methods of every surface (`core/src/surfaces/<surface>/calls.rs`) are generated
//! from its method table: this test renders them and fails when the checked-in files differ (the
//! drift check CI runs); `LC_BLESS_TYPED=1` rewrites them instead.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod docs;
mod render;

use std::path::{Path, PathBuf};

const BLESS: &str = "run LC_BLESS_TYPED=1 cargo test -p livechat --test generated_typed";

fn core_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rendered(target: &render::Target) -> String {
    let workspace = core_dir().join("..");
    render::rustfmt(&render::render(target), Path::new(&workspace))
}

/// The first line where `have` and `want` differ, for the failure message.
fn first_difference(have: &str, want: &str) -> String {
    let mut have_lines = have.lines();
    for (n, w) in want.lines().enumerate() {
        match have_lines.next() {
            Some(h) if h == w => continue,
            Some(h) => return format!("line {}: checked in {h:?}, table says {w:?}", n + 1),
            None => return format!("line {}: checked in ends, table says {w:?}", n + 1),
        }
    }
    match have_lines.next() {
        Some(h) => format!("checked in has more, from {h:?}"),
        None => "line endings or trailing text".to_owned(),
    }
}

#[test]
fn the_checked_in_typed_methods_match_the_method_tables() {
    let bless = std::env::var("LC_BLESS_TYPED").is_ok_and(|v| v == "1");
    let mut stale = Vec::new();
    for target in render::targets() {
        let want = rendered(&target);
        let path = core_dir().join(target.path);
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        if have == want {
            continue;
        }
        if bless {
            std::fs::write(&path, &want)
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        } else {
            stale.push(format!(
                "core/{} ({})",
                target.path,
                first_difference(&have, &want)
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "the generated typed methods are out of date with the method table:\n  {}\n{BLESS}",
        stale.join("\n  ")
    );
}

#[test]
fn every_generated_file_says_so_in_its_first_line() {
    for target in render::targets() {
        let text = std::fs::read_to_string(core_dir().join(target.path)).unwrap();
        assert_eq!(text.lines().next(), Some(render::HEADER), "{}", target.path);
    }
}

#[test]
fn positional_arguments_are_those_required_in_every_version_and_the_rest_are_setters() {
    for target in render::targets() {
        let text = std::fs::read_to_string(core_dir().join(target.path)).unwrap();
        for m in render::typed_methods(target.surface) {
            let plan = render::plan(m);
            let covered = plan.positional.len() + plan.setters.len();
            assert_eq!(covered, m.params.len(), "{}: every argument once", m.name);
            for p in &plan.positional {
                for v in m.versions.versions() {
                    assert!(p.is_required(v), "{}.{} is optional on {v}", m.name, p.name);
                }
            }
            for p in &plan.setters {
                let everywhere = m.versions.versions().iter().all(|v| p.is_required(*v));
                assert!(!everywhere, "{}.{} is required everywhere", m.name, p.name);
            }
            let marker = render::camel(m.name);
            let args: Vec<String> = plan
                .positional
                .iter()
                .map(|p| format!("{}: ", render::ident(p.name)))
                .collect();
            let returns = format!("-> Call<{marker}> {{");
            let end = text
                .find(&returns)
                .unwrap_or_else(|| panic!("{}: no method returning `Call<{marker}>`", m.name));
            let start = text[..end].rfind("pub fn ").unwrap();
            let signature = &text[start..end];
            let head = format!("pub fn {}(", render::ident(m.name));
            assert!(signature.starts_with(&head), "{}: {signature}", m.name);
            for a in &args {
                assert!(signature.contains(a.as_str()), "{}: {signature}", m.name);
            }
            assert!(
                text.contains(&format!("pub struct {marker};")),
                "{}: no marker type {marker}",
                m.name
            );
            for p in &plan.setters {
                let setter = format!("pub fn {}(self, value", render::ident(p.name));
                assert!(text.contains(&setter), "{}: no setter `{setter}`", m.name);
            }
        }
    }
}

#[test]
fn only_multipart_uploads_are_left_to_hand_written_code() {
    let skipped: Vec<&str> = livechat::surfaces::ALL
        .iter()
        .flat_map(|s| s.methods.iter())
        .filter(|m| m.multipart)
        .map(|m| m.name)
        .collect();
    assert_eq!(skipped, ["upload_file"]);
    let agent = std::fs::read_to_string(core_dir().join(render::targets()[0].path)).unwrap();
    assert!(!agent.contains("pub fn upload_file"));
}

#[test]
fn keywords_become_raw_identifiers_sent_under_their_api_name() {
    assert_eq!(render::ident("type"), "r#type");
    assert_eq!(render::ident("chat_id"), "chat_id");
    let agent = std::fs::read_to_string(core_dir().join(render::targets()[0].path)).unwrap();
    assert!(agent.contains("pub fn r#type(self, value: impl Into<String>) -> Self"));
    assert!(agent.contains(".with_arg(\"type\", Value::String(value.into()))"));
}

#[test]
fn configuration_outputs_come_from_one_switch() {
    let [agent, config] = render::targets();
    let empty = livechat::methods::ResultShape::Empty;
    let chat = livechat::methods::ResultShape::Array("Agent");
    assert_eq!(render::output_type(&agent, chat), "Vec<types::Agent>");
    assert_eq!(render::output_type(&agent, empty), "types::Empty");
    let want = if render::CONFIGURATION_HAS_TYPES {
        "Vec<types::Agent>"
    } else {
        "Value"
    };
    assert_eq!(render::output_type(&config, chat), want);
}
