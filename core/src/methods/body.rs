//! Arguments → request body, by the table's rules: unset (absent or `null`) optionals are
//! omitted, explicit `false`/`0`/`""` are kept, keys follow the signature order, reshaping rules
//! (`ban.days`, `filters.group_ids`, `resume_chat`'s chat reference) come from each parameter's
//! placement. Every check happens here, before any request.

use serde_json::{Map, Value};

use super::spec::{MethodSpec, ParamKind, ParamSpec, ParamStyle, Placement};
use crate::error::{Error, Result};
use crate::version::ApiVersion;

/// Builds the JSON body of `spec` on `version` from named arguments.
///
/// Fails, naming the method and the argument, on: an unknown argument, an argument the version
/// does not have (with its replacement), a wrong JSON type, a missing required argument,
/// `page_id` combined with other paging options, and `upload_file` (which is not JSON).
pub fn build_body(
    spec: &MethodSpec,
    version: ApiVersion,
    mut args: Map<String, Value>,
) -> Result<Map<String, Value>> {
    let fail = |msg: String| Error::invalid_argument(msg).with_action(spec.action);
    if spec.multipart {
        return Err(fail(format!(
            "{} sends a file, not a JSON body; use the upload entry point",
            spec.name
        )));
    }
    args.retain(|_, v| !v.is_null());
    for (name, value) in &args {
        let Some(param) = spec.param(name) else {
            return Err(fail(unknown_argument(spec, version, name)));
        };
        if !param.versions.contains(version) {
            let mut msg = format!(
                "{}: `{name}` exists in {}, not in API {version}",
                spec.name,
                param.versions.describe()
            );
            if let Some(r) = param.renamed_to {
                msg.push_str(&format!("; use `{r}`"));
            }
            return Err(fail(msg));
        }
        check_kind(spec, param, value).map_err(fail)?;
    }
    if spec.is_paginated() && args.contains_key("page_id") {
        let others: Vec<&str> = spec
            .params
            .iter()
            .filter(|p| p.style == ParamStyle::Option && p.name != "page_id")
            .filter(|p| args.contains_key(p.name))
            .map(|p| p.name)
            .collect();
        if !others.is_empty() {
            return Err(fail(format!(
                "{}: `page_id` cannot be combined with {} (the API rejects it); send page_id alone",
                spec.name,
                others.join(", ")
            )));
        }
    }

    let mut body = Map::new();
    for param in spec.params {
        let value = match args.remove(param.name) {
            Some(v) => v,
            None => match param.default {
                Some(json) if param.versions.contains(version) => serde_json::from_str(json)
                    .map_err(|e| fail(format!("bad default for {}: {e}", param.name)))?,
                _ if param.is_required(version) => {
                    return Err(fail(format!(
                        "{}: missing required argument `{}`{}",
                        spec.name,
                        param.name,
                        if param.required.is_all() {
                            String::new()
                        } else {
                            format!(" (required in {})", param.required.describe())
                        }
                    )));
                }
                _ => continue,
            },
        };
        place(spec, param, value, &mut body).map_err(fail)?;
    }
    Ok(body)
}

/// Builds the query string of a `GET` method (`spec.http_get`) from named arguments, by the same
/// checks as [`build_body`]: each top-level body field becomes one `name=value` pair, a string as
/// itself, a number or boolean as its JSON text, an array or object as its JSON text.
pub fn build_query(
    spec: &MethodSpec,
    version: ApiVersion,
    args: Map<String, Value>,
) -> Result<Vec<(String, String)>> {
    Ok(query_pairs(build_body(spec, version, args)?))
}

/// The query pairs of a JSON object (see [`build_query`]); `null` members are left out.
pub fn query_pairs(body: Map<String, Value>) -> Vec<(String, String)> {
    body.into_iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| {
            let text = match v {
                Value::String(s) => s,
                other => other.to_string(),
            };
            (k, text)
        })
        .collect()
}

/// The arguments for the page after `page_id`: the required arguments (e.g. `chat_id`) and
/// `page_id`; filters, limit and order are dropped because the API rejects them with `page_id`.
pub fn next_page_args(
    spec: &MethodSpec,
    version: ApiVersion,
    first: &Map<String, Value>,
    page_id: &str,
) -> Map<String, Value> {
    let mut next: Map<String, Value> = spec
        .params
        .iter()
        .filter(|p| p.is_required(version))
        .filter_map(|p| first.get(p.name).map(|v| (p.name.to_owned(), v.clone())))
        .collect();
    next.insert("page_id".into(), Value::String(page_id.to_owned()));
    next
}

fn unknown_argument(spec: &MethodSpec, version: ApiVersion, name: &str) -> String {
    let accepted: Vec<&str> = spec
        .params
        .iter()
        .filter(|p| p.versions.contains(version))
        .map(|p| p.name)
        .collect();
    if accepted.is_empty() {
        format!(
            "{}: unknown argument `{name}`; it takes no arguments",
            spec.name
        )
    } else {
        format!(
            "{}: unknown argument `{name}`; arguments on API {version}: {}",
            spec.name,
            accepted.join(", ")
        )
    }
}

fn check_kind(spec: &MethodSpec, param: &ParamSpec, value: &Value) -> Result<(), String> {
    let ok = match param.kind {
        ParamKind::String => value.is_string(),
        ParamKind::Bool => value.is_boolean(),
        ParamKind::Int => value.is_i64() || value.is_u64(),
        ParamKind::Object => value.is_object(),
        ParamKind::Array => value.is_array(),
        ParamKind::Any => true,
        ParamKind::StringOrObject => value.is_string() || value.is_object(),
        ParamKind::File => value.is_string(),
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{}: argument `{}` must be {}, got {}",
            spec.name,
            param.name,
            kind_phrase(param.kind),
            json_type(value)
        ))
    }
}

fn kind_phrase(kind: ParamKind) -> &'static str {
    match kind {
        ParamKind::String => "a string",
        ParamKind::Bool => "a boolean",
        ParamKind::Int => "an integer",
        ParamKind::Object => "an object",
        ParamKind::Array => "an array",
        ParamKind::Any => "any JSON value",
        ParamKind::StringOrObject => "a chat ID string or an object",
        ParamKind::File => "a file path",
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a non-integer number",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn place(
    spec: &MethodSpec,
    param: &ParamSpec,
    value: Value,
    body: &mut Map<String, Value>,
) -> Result<(), String> {
    match param.placement {
        Placement::ChatRef => match value {
            Value::String(id) => insert_at(body, &["chat", "id"], Value::String(id), spec, param),
            Value::Object(obj) if obj.contains_key("chat") => {
                for (k, v) in obj {
                    insert_at(body, &[k.as_str()], v, spec, param)?;
                }
                Ok(())
            }
            other => insert_at(body, &["chat"], other, spec, param),
        },
        Placement::Multipart => Ok(()),
        Placement::Field(_) => insert_at(body, &param.path(), value, spec, param),
    }
}

fn insert_at(
    body: &mut Map<String, Value>,
    path: &[&str],
    value: Value,
    spec: &MethodSpec,
    param: &ParamSpec,
) -> Result<(), String> {
    let twice = || {
        format!(
            "{}: `{}` is given twice (once through `{}`)",
            spec.name,
            path.join("."),
            param.name
        )
    };
    let Some((last, parents)) = path.split_last() else {
        return Ok(());
    };
    let mut node = body;
    for key in parents {
        let entry = node
            .entry((*key).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        node = entry.as_object_mut().ok_or_else(twice)?;
    }
    if node.contains_key(*last) {
        return Err(twice());
    }
    node.insert((*last).to_owned(), value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    // The rules are exercised on the Agent Chat API's table, which uses all of them.
    fn find(name: &str) -> Option<&'static crate::methods::MethodSpec> {
        crate::surfaces::AGENT.find(name)
    }
    use serde_json::json;

    fn body(method: &str, version: ApiVersion, args: Value) -> Result<Value> {
        let Value::Object(args) = args else {
            panic!("args must be an object")
        };
        build_body(find(method).unwrap(), version, args).map(Value::Object)
    }

    #[test]
    fn unset_optionals_are_omitted_and_falsy_values_kept() {
        let b = body(
            "list_chats",
            ApiVersion::V3_6,
            json!({"limit": 0, "sort_order": "", "filters": null}),
        )
        .unwrap();
        assert_eq!(b.to_string(), r#"{"sort_order":"","limit":0}"#);
        let b = body(
            "deactivate_chat",
            ApiVersion::V3_6,
            json!({"id": "C", "ignore_requester_presence": false}),
        )
        .unwrap();
        assert_eq!(
            b.to_string(),
            r#"{"id":"C","ignore_requester_presence":false}"#
        );
    }

    #[test]
    fn no_arguments_give_an_empty_object() {
        assert_eq!(
            body("list_chats", ApiVersion::V3_6, json!({}))
                .unwrap()
                .to_string(),
            "{}"
        );
    }

    #[test]
    fn reshaping_rules_come_from_the_table() {
        assert_eq!(
            body(
                "ban_customer",
                ApiVersion::V3_6,
                json!({"id": "U", "days": 3})
            )
            .unwrap(),
            json!({"id": "U", "ban": {"days": 3}})
        );
        assert_eq!(
            body(
                "list_routing_statuses",
                ApiVersion::V3_6,
                json!({"group_ids": [0, 1]})
            )
            .unwrap(),
            json!({"filters": {"group_ids": [0, 1]}})
        );
        assert_eq!(
            body("resume_chat", ApiVersion::V3_3, json!({"chat": "PJ0"})).unwrap(),
            json!({"chat": {"id": "PJ0"}})
        );
        assert_eq!(
            body(
                "resume_chat",
                ApiVersion::V3_6,
                json!({"chat": {"chat": {"id": "PJ0"}, "active": false}})
            )
            .unwrap(),
            json!({"chat": {"id": "PJ0"}, "active": false})
        );
        assert_eq!(
            body(
                "resume_chat",
                ApiVersion::V3_6,
                json!({"chat": {"id": "PJ0"}, "continuous": true})
            )
            .unwrap(),
            json!({"chat": {"id": "PJ0"}, "continuous": true})
        );
        assert_eq!(
            body(
                "remove_user_from_chat",
                ApiVersion::V3_6,
                json!({"chat_id": "C", "user_id": "a@b"})
            )
            .unwrap(),
            json!({"chat_id": "C", "user_id": "a@b", "user_type": "agent"})
        );
    }

    #[test]
    fn version_specific_fields_are_checked() {
        let err = body(
            "transfer_chat",
            ApiVersion::V3_6,
            json!({"id": "C", "force": true}),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("`force` exists in API 3.3 only"),
            "{err}"
        );
        assert!(
            err.to_string().contains("use `ignore_agents_availability`"),
            "{err}"
        );
        let err = body(
            "add_user_to_chat",
            ApiVersion::V3_6,
            json!({"chat_id": "C", "user_id": "a", "user_type": "agent"}),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("missing required argument `visibility` (required in API 3.4+)"),
            "{err}"
        );
        assert!(
            body(
                "add_user_to_chat",
                ApiVersion::V3_3,
                json!({"chat_id": "C", "user_id": "a", "user_type": "agent"})
            )
            .is_ok()
        );
    }

    #[test]
    fn bad_arguments_are_named() {
        let err = body("send_event", ApiVersion::V3_6, json!({"chat_id": "C"})).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::InvalidArgument);
        assert!(
            err.to_string()
                .contains("missing required argument `event`"),
            "{err}"
        );
        let err = body(
            "send_event",
            ApiVersion::V3_6,
            json!({"chat_id": 5, "event": {}}),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("`chat_id` must be a string, got a number"),
            "{err}"
        );
        let err = body(
            "get_chat",
            ApiVersion::V3_6,
            json!({"chat_id": "C", "thread": "T"}),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("unknown argument `thread`; arguments on API 3.6: chat_id, thread_id"),
            "{err}"
        );
        let err = body(
            "list_chats",
            ApiVersion::V3_6,
            json!({"page_id": "P", "limit": 5}),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("`page_id` cannot be combined with limit"),
            "{err}"
        );
    }

    #[test]
    fn next_pages_keep_required_arguments_and_drop_filters() {
        let spec = find("list_threads").unwrap();
        let first = json!({"chat_id": "C", "limit": 5, "filters": {"from": "x"}});
        let next = next_page_args(spec, ApiVersion::V3_6, first.as_object().unwrap(), "NP");
        assert_eq!(
            Value::Object(next),
            json!({"chat_id": "C", "page_id": "NP"})
        );
    }
}
