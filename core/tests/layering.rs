//! The core's modules form layers: no top-level module depends, directly or through others, on
//! itself (the client ⇄ config ⇄ request ⇄ upload knot this replaced made every change touch
//! four files). A dependency is a `crate::<module>` path outside `#[cfg(test)]`; each surface
//! folder under `surfaces/` counts as part of the `surfaces` module, which sits on top.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let rel = file.strip_prefix(&src).unwrap();
        let module = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        if module == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        let entry = deps.entry(module.clone()).or_default();
        for (i, _) in code.match_indices("crate::") {
            let name: String = code[i + 7..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !name.is_empty() && name != module {
                entry.insert(name);
            }
        }
    }
    deps
}

fn cycle_from(
    node: &str,
    deps: &BTreeMap<String, BTreeSet<String>>,
    path: &mut Vec<String>,
    done: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    if let Some(at) = path.iter().position(|n| n == node) {
        let mut cycle = path[at..].to_vec();
        cycle.push(node.to_owned());
        return Some(cycle);
    }
    if done.contains(node) {
        return None;
    }
    path.push(node.to_owned());
    for next in deps.get(node).into_iter().flatten() {
        if let Some(c) = cycle_from(next, deps, path, done) {
            return Some(c);
        }
    }
    path.pop();
    done.insert(node.to_owned());
    None
}

#[test]
fn core_modules_have_no_dependency_cycle() {
    let deps = graph();
    assert!(deps.contains_key("pipeline") && deps.contains_key("surfaces"));
    let mut done = BTreeSet::new();
    for node in deps.keys() {
        if let Some(cycle) = cycle_from(node, &deps, &mut Vec::new(), &mut done) {
            panic!("module cycle: {}", cycle.join(" -> "));
        }
    }
}

#[test]
fn only_the_surfaces_know_a_particular_api() {
    // The pipeline, the client and the builders serve every surface: none of them names one.
    let deps = graph();
    for generic in [
        "pipeline",
        "client",
        "config",
        "session",
        "upload",
        "pagination",
        "call",
    ] {
        assert!(
            !deps[generic].contains("surfaces"),
            "{generic} depends on a particular surface: {:?}",
            deps[generic]
        );
    }
}
