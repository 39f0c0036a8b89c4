//! Properties: definitions (namespace → name → type and locations), validation of values
//! against them, and the update-merges / delete-removes semantics.

use crate::errors::{ApiError, ApiResult};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Values stored on a chat, thread or event: namespace → name → value.
pub(crate) type Properties = BTreeMap<String, BTreeMap<String, Value>>;

/// Definitions: namespace → name → definition.
pub(crate) type PropertyDefs = BTreeMap<String, BTreeMap<String, PropDef>>;

/// The type of a property value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum PropType {
    Int,
    Bool,
    String,
    TokenizedString,
}

/// Where a property may be set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Location {
    Chat,
    Thread,
    Event,
}

impl Location {
    fn name(self) -> &'static str {
        match self {
            Location::Chat => "chat",
            Location::Thread => "thread",
            Location::Event => "event",
        }
    }
}

/// One property definition.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PropDef {
    #[serde(rename = "type")]
    pub(crate) ty: PropType,
    pub(crate) locations: Vec<Location>,
}

/// The license's documented `test` namespace, usable at chat, thread and event level.
pub(crate) fn default_defs() -> PropertyDefs {
    let everywhere = vec![Location::Chat, Location::Thread, Location::Event];
    let test = [
        ("bool_property", PropType::Bool),
        ("int_property", PropType::Int),
        ("string_property", PropType::String),
        ("tokenized_string_property", PropType::TokenizedString),
    ]
    .into_iter()
    .map(|(name, ty)| {
        (
            name.to_string(),
            PropDef {
                ty,
                locations: everywhere.clone(),
            },
        )
    })
    .collect();
    BTreeMap::from([("test".to_string(), test)])
}

fn definition<'a>(
    defs: &'a PropertyDefs,
    namespace: &str,
    name: &str,
    path: &str,
) -> ApiResult<&'a PropDef> {
    let ns = defs
        .get(namespace)
        .ok_or_else(|| ApiError::validation(format!("{path}: unknown namespace `{namespace}`")))?;
    ns.get(name).ok_or_else(|| {
        ApiError::validation(format!(
            "{path}: unknown property `{name}` in namespace `{namespace}`"
        ))
    })
}

fn check_type(def: &PropDef, value: &Value, path: &str) -> ApiResult<()> {
    let ok = match def.ty {
        PropType::Bool => value.is_boolean(),
        PropType::Int => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        PropType::String | PropType::TokenizedString => value.is_string(),
    };
    if ok {
        Ok(())
    } else {
        let expected = match def.ty {
            PropType::Bool => "a bool",
            PropType::Int => "an int32",
            PropType::String => "a string",
            PropType::TokenizedString => "a tokenized string",
        };
        Err(ApiError::validation(format!("{path} must be {expected}")))
    }
}

fn as_object<'a>(value: &'a Value, path: &str) -> ApiResult<&'a Map<String, Value>> {
    value
        .as_object()
        .ok_or_else(|| ApiError::validation(format!("{path} must be an object")))
}

/// Validates `{ns: {name: value}}` for `location` and returns it as properties.
pub(crate) fn parse_values(
    defs: &PropertyDefs,
    location: Location,
    value: &Value,
    path: &str,
) -> ApiResult<Properties> {
    let mut out = Properties::new();
    for (namespace, names) in as_object(value, path)? {
        let names_path = format!("{path}.{namespace}");
        for (name, value) in as_object(names, &names_path)? {
            let prop_path = format!("{names_path}.{name}");
            let def = definition(defs, namespace, name, &prop_path)?;
            if !def.locations.contains(&location) {
                return Err(ApiError::validation(format!(
                    "{prop_path} cannot be set on a {}",
                    location.name()
                )));
            }
            check_type(def, value, &prop_path)?;
            out.entry(namespace.clone())
                .or_default()
                .insert(name.clone(), value.clone());
        }
    }
    Ok(out)
}

/// Validates `{ns: [name, …]}` (the body of the delete_*_properties actions).
pub(crate) fn parse_names(
    defs: &PropertyDefs,
    value: &Value,
    path: &str,
) -> ApiResult<BTreeMap<String, Vec<String>>> {
    let mut out = BTreeMap::new();
    for (namespace, names) in as_object(value, path)? {
        let names_path = format!("{path}.{namespace}");
        let list = names
            .as_array()
            .ok_or_else(|| ApiError::validation(format!("{names_path} must be an array")))?;
        let mut parsed = Vec::new();
        for name in list {
            let name = name.as_str().ok_or_else(|| {
                ApiError::validation(format!("{names_path} must hold property names"))
            })?;
            definition(defs, namespace, name, &names_path)?;
            parsed.push(name.to_string());
        }
        out.insert(namespace.clone(), parsed);
    }
    Ok(out)
}

/// Update semantics: merges `update` into `target`, replacing values of the same name.
pub(crate) fn merge(target: &mut Properties, update: Properties) {
    for (namespace, values) in update {
        target.entry(namespace).or_default().extend(values);
    }
}

/// Delete semantics: removes the named properties (absent ones are ignored).
pub(crate) fn remove(target: &mut Properties, names: &BTreeMap<String, Vec<String>>) {
    for (namespace, list) in names {
        if let Some(values) = target.get_mut(namespace) {
            for name in list {
                values.remove(name);
            }
            if values.is_empty() {
                target.remove(namespace);
            }
        }
    }
}

/// A validated `properties.<ns>.<name>.{exists|values|exclude_values}` filter.
#[derive(Clone, Debug)]
pub(crate) struct PropertyFilter {
    rules: Vec<(String, String, Rule)>,
}

#[derive(Clone, Debug)]
enum Rule {
    Exists(bool),
    Values(Vec<Value>),
    ExcludeValues(Vec<Value>),
}

impl PropertyFilter {
    /// Parses and validates the filter against the definitions.
    pub(crate) fn parse(defs: &PropertyDefs, value: &Value, path: &str) -> ApiResult<Self> {
        let mut rules = Vec::new();
        for (namespace, names) in as_object(value, path)? {
            for (name, filter) in as_object(names, &format!("{path}.{namespace}"))? {
                let prop_path = format!("{path}.{namespace}.{name}");
                let def = definition(defs, namespace, name, &prop_path)?;
                let filter = as_object(filter, &prop_path)?;
                if filter.len() != 1 {
                    return Err(ApiError::validation(format!(
                        "{prop_path} takes exactly one of exists, values, exclude_values"
                    )));
                }
                for (kind, arg) in filter {
                    let list = |arg: &Value| -> ApiResult<Vec<Value>> {
                        let items = arg.as_array().ok_or_else(|| {
                            ApiError::validation(format!("{prop_path}.{kind} must be an array"))
                        })?;
                        for item in items {
                            check_type(def, item, &format!("{prop_path}.{kind}[]"))?;
                        }
                        Ok(items.clone())
                    };
                    let rule = match kind.as_str() {
                        "exists" => Rule::Exists(arg.as_bool().ok_or_else(|| {
                            ApiError::validation(format!("{prop_path}.exists must be a bool"))
                        })?),
                        "values" => Rule::Values(list(arg)?),
                        "exclude_values" => Rule::ExcludeValues(list(arg)?),
                        other => {
                            return Err(ApiError::validation(format!(
                                "Unknown field: {prop_path}.{other}"
                            )));
                        }
                    };
                    rules.push((namespace.clone(), name.clone(), rule));
                }
            }
        }
        Ok(PropertyFilter { rules })
    }

    /// Whether `props` satisfies every rule.
    pub(crate) fn matches(&self, props: &Properties) -> bool {
        self.rules.iter().all(|(namespace, name, rule)| {
            let value = props.get(namespace).and_then(|values| values.get(name));
            match rule {
                Rule::Exists(expected) => value.is_some() == *expected,
                Rule::Values(list) => value.is_some_and(|v| list.contains(v)),
                Rule::ExcludeValues(list) => !value.is_some_and(|v| list.contains(v)),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_are_checked_against_the_test_namespace() {
        let defs = default_defs();
        let ok = json!({"test": {"bool_property": true, "int_property": 7}});
        assert!(parse_values(&defs, Location::Chat, &ok, "properties").is_ok());
        for bad in [
            json!({"test": {"bool_property": "yes"}}),
            json!({"test": {"int_property": 1.5}}),
            json!({"test": {"nope": 1}}),
            json!({"other": {"bool_property": true}}),
            json!({"test": []}),
        ] {
            assert!(
                parse_values(&defs, Location::Event, &bad, "properties").is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn update_merges_and_delete_removes() {
        let defs = default_defs();
        let mut props = Properties::new();
        let first = json!({"test": {"string_property": "a", "int_property": 1}});
        merge(
            &mut props,
            parse_values(&defs, Location::Thread, &first, "p").unwrap(),
        );
        let second = json!({"test": {"string_property": "b"}});
        merge(
            &mut props,
            parse_values(&defs, Location::Thread, &second, "p").unwrap(),
        );
        assert_eq!(props["test"]["string_property"], json!("b"));
        assert_eq!(props["test"]["int_property"], json!(1));
        let names = parse_names(
            &defs,
            &json!({"test": ["string_property", "int_property"]}),
            "p",
        );
        remove(&mut props, &names.unwrap());
        assert!(props.is_empty());
    }

    #[test]
    fn filters_match_values() {
        let defs = default_defs();
        let props: Properties =
            serde_json::from_value(json!({"test": {"string_property": "x"}})).unwrap();
        let filter = |v: Value| PropertyFilter::parse(&defs, &v, "f").unwrap();
        assert!(filter(json!({"test": {"string_property": {"values": ["x"]}}})).matches(&props));
        assert!(
            !filter(json!({"test": {"string_property": {"exclude_values": ["x"]}}}))
                .matches(&props)
        );
        assert!(filter(json!({"test": {"int_property": {"exists": false}}})).matches(&props));
    }
}
