//! Every surface's method table as JSON, for the C (`lc_methods`) and Python layers
//! and for stub generation. Built once.

use std::sync::OnceLock;

use serde_json::{Map, Value, json};

use crate::methods::{MethodSpec, ParamSpec, ResultShape};
use crate::surface::Surface;
use crate::version::{ApiVersion, VersionSet};

fn versions(set: VersionSet) -> Value {
    set.versions().iter().map(|v| v.as_str()).collect()
}

fn param_json(p: &ParamSpec, method: &MethodSpec) -> Value {
    let mut o = Map::new();
    o.insert("name".into(), p.name.into());
    o.insert("kind".into(), p.kind.as_str().into());
    o.insert("style".into(), p.style.as_str().into());
    o.insert("versions".into(), versions(p.versions_in(method.versions)));
    o.insert(
        "required_in".into(),
        versions(p.required.intersect(method.versions)),
    );
    o.insert("path".into(), p.path().into());
    if let Some(d) = p.default {
        o.insert(
            "default".into(),
            serde_json::from_str(d).unwrap_or(Value::Null),
        );
    }
    if !p.choices.is_empty() {
        o.insert("choices".into(), p.choices.into());
    }
    if let Some(r) = p.renamed_to {
        o.insert("renamed_to".into(), r.into());
    }
    o.insert("doc".into(), p.doc.into());
    Value::Object(o)
}

fn method_json(m: &MethodSpec) -> Value {
    let (shape, ty) = match m.result {
        ResultShape::Object(t) => ("object", t),
        ResultShape::Array(t) => ("array", t),
        ResultShape::Empty => ("empty", "Empty"),
    };
    json!({
        "name": m.name,
        "action": m.action,
        "versions": versions(m.versions),
        "retry": m.retry.as_str(),
        "replacement": m.replacement,
        "note": m.note,
        "result": {"shape": shape, "type": ty},
        "items": m.items,
        "multipart": m.multipart,
        "http": m.http_method(),
        "doc": m.doc,
        "params": m.params.iter().map(|p| param_json(p, m)).collect::<Vec<_>>(),
    })
}

fn surface_json(s: &Surface) -> Value {
    json!({
        "name": s.name,
        "client": s.client,
        "path": s.path,
        "required_query": s.required_query,
        "methods": s.methods.iter().map(method_json).collect::<Vec<_>>(),
    })
}

/// Every table: `{"versions":[…],"default_version":"3.6","surfaces":[{name, client, path,
/// required_query, methods}], "methods":[…]}` where each method is `{name, action, versions,
/// retry, replacement, note, result, items, multipart, http, doc, params:[{name, kind, style,
/// versions, required_in, path, choices?, default?, renamed_to?, doc}]}` (param `versions` are
/// those of the method that accept it; `choices` lists documented string values)` (`http` is `"GET"` or `"POST"`).
/// The top-level `methods` are the Agent Chat API's (the shape the bindings read before there
/// were several surfaces).
pub fn table_json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        json!({
            "versions": ApiVersion::ALL.map(ApiVersion::as_str),
            "default_version": ApiVersion::DEFAULT.as_str(),
            "surfaces": super::ALL.iter().map(|s| surface_json(s)).collect::<Vec<_>>(),
            "methods": super::AGENT.methods.iter().map(method_json).collect::<Vec<_>>(),
        })
        .to_string()
    })
}

/// One surface's table in the shape the bindings read: `{"versions":[…],
/// "default_version":"3.6","api":"agent","methods":[…]}` (methods as in [`table_json`]).
pub fn surface_table_json(surface: &Surface) -> String {
    json!({
        "versions": ApiVersion::ALL.map(ApiVersion::as_str),
        "default_version": ApiVersion::DEFAULT.as_str(),
        "api": surface.name,
        "methods": surface.methods.iter().map(method_json).collect::<Vec<_>>(),
    })
    .to_string()
}
