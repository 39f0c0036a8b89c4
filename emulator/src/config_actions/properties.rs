//! Properties: private property definitions per Client ID (register, unregister, publish,
//! list) and license / group property values (update merges, delete removes, list filters by
//! namespace and name prefix).

use super::ConfigCtx;
use crate::actions::args::Args;
use crate::errors::{ApiError, ApiResult, ErrorKind};
use crate::state::properties::{Location, PropDef, PropType};
use serde_json::{Map, Value, json};

const TYPES: [&str; 4] = ["int", "string", "bool", "tokenized_string"];

pub(super) fn register_property(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let name = a.id("name")?;
    let owner = a.id("owner_client_id")?;
    let kind = a.id("type")?;
    let access = a.value("access")?;
    let description = a.opt_str("description")?;
    let domain = a.opt_array("domain")?;
    let range = a.opt_object("range")?;
    let default_value = a.take_raw("default_value");
    a.finish()?;
    if !TYPES.contains(&kind.as_str()) {
        return Err(ApiError::validation(format!(
            "type must be one of {}",
            TYPES.join(", ")
        )));
    }
    let Value::Object(access) = access else {
        return Err(ApiError::validation("access must be an object"));
    };
    for (location, who) in &access {
        if !matches!(
            location.as_str(),
            "chat" | "thread" | "event" | "license" | "group"
        ) {
            return Err(ApiError::validation(format!("Unknown location {location}")));
        }
        if !who.is_object() {
            return Err(ApiError::validation(format!(
                "access.{location} must be an object"
            )));
        }
    }
    let range = match range {
        None => None,
        Some(mut r) => {
            let from = r.opt_i64("from")?;
            let to = r.opt_i64("to")?;
            r.finish()?;
            Some(json!({ "from": from, "to": to }))
        }
    };
    if domain.is_some() && range.is_some() {
        return Err(ApiError::validation("Give domain or range, not both"));
    }
    let ty = match kind.as_str() {
        "int" => PropType::Int,
        "bool" => PropType::Bool,
        "tokenized_string" => PropType::TokenizedString,
        _ => PropType::String,
    };
    let locations: Vec<Location> = access
        .keys()
        .filter_map(|l| match l.as_str() {
            "chat" => Some(Location::Chat),
            "thread" => Some(Location::Thread),
            "event" => Some(Location::Event),
            _ => None,
        })
        .collect();
    let props = ctx
        .st
        .config
        .registered_properties
        .entry(owner.clone())
        .or_default();
    if props.contains_key(&name) {
        return Err(ApiError::new(
            ErrorKind::AlreadyExists,
            format!("Property {name} already exists"),
        ));
    }
    let mut config = Map::new();
    config.insert("type".into(), json!(kind));
    config.insert("description".into(), json!(description.unwrap_or_default()));
    config.insert("access".into(), Value::Object(access));
    if let Some(d) = domain {
        config.insert("domain".into(), Value::Array(d));
    }
    if let Some(r) = range {
        config.insert("range".into(), r);
    }
    if let Some(d) = default_value {
        config.insert("default_value".into(), d);
    }
    props.insert(name.clone(), Value::Object(config));
    // Chat, thread and event properties become usable on the Agent API under the
    // namespace of the owning Client ID.
    if !locations.is_empty() {
        ctx.st
            .properties
            .entry(owner)
            .or_default()
            .insert(name, PropDef { ty, locations });
    }
    Ok(json!({}))
}

fn owned<'s>(
    ctx: &'s mut ConfigCtx<'_>,
    owner: &str,
    name: &str,
) -> ApiResult<&'s mut Map<String, Value>> {
    ctx.st
        .config
        .registered_properties
        .get_mut(owner)
        .and_then(|p| p.get_mut(name))
        .and_then(Value::as_object_mut)
        .ok_or_else(|| ApiError::not_found(format!("Property {name} not found")))
}

pub(super) fn unregister_property(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let name = a.id("name")?;
    let owner = a.id("owner_client_id")?;
    a.finish()?;
    owned(ctx, &owner, &name)?;
    if let Some(props) = ctx.st.config.registered_properties.get_mut(&owner) {
        props.remove(&name);
    }
    if let Some(defs) = ctx.st.properties.get_mut(&owner) {
        defs.remove(&name);
        if defs.is_empty() {
            ctx.st.properties.remove(&owner);
        }
    }
    Ok(json!({}))
}

pub(super) fn publish_property(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let name = a.id("name")?;
    let owner = a.id("owner_client_id")?;
    let access = a
        .opt_strings("access_type", 2)?
        .ok_or_else(|| ApiError::validation("access_type is required"))?;
    a.finish()?;
    if access.is_empty()
        || access
            .iter()
            .any(|t| !matches!(t.as_str(), "read" | "write"))
    {
        return Err(ApiError::validation(
            "access_type must hold read and/or write",
        ));
    }
    owned(ctx, &owner, &name)?.insert("public_access".into(), json!(access));
    Ok(json!({}))
}

pub(super) fn list_properties(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let owner = a.id("owner_client_id")?;
    a.finish()?;
    let props = ctx
        .st
        .config
        .registered_properties
        .get(&owner)
        .cloned()
        .unwrap_or_default();
    Ok(Value::Object(props))
}

/// Reads `{namespace: {name: value}}`.
fn read_values(a: &mut Args) -> ApiResult<Map<String, Value>> {
    let Value::Object(map) = a.value("properties")? else {
        return Err(ApiError::validation("properties must be an object"));
    };
    if let Some((ns, _)) = map.iter().find(|(_, v)| !v.is_object()) {
        return Err(ApiError::validation(format!(
            "properties.{ns} must be an object"
        )));
    }
    Ok(map)
}

/// Reads `{namespace: [names]}`.
fn read_names(a: &mut Args) -> ApiResult<Vec<(String, Vec<String>)>> {
    let Value::Object(map) = a.value("properties")? else {
        return Err(ApiError::validation("properties must be an object"));
    };
    map.into_iter()
        .map(|(ns, names)| {
            let names: Option<Vec<String>> = names.as_array().and_then(|items| {
                items
                    .iter()
                    .map(|n| n.as_str().map(str::to_string))
                    .collect()
            });
            names.map(|n| (ns.clone(), n)).ok_or_else(|| {
                ApiError::validation(format!("properties.{ns} must be an array of names"))
            })
        })
        .collect()
}

fn merge(target: &mut Map<String, Value>, values: Map<String, Value>) {
    for (ns, props) in values {
        let slot = target.entry(ns).or_insert_with(|| json!({}));
        if let (Some(slot), Value::Object(props)) = (slot.as_object_mut(), props) {
            slot.extend(props);
        }
    }
}

fn remove(target: &mut Map<String, Value>, names: Vec<(String, Vec<String>)>) {
    for (ns, names) in names {
        if let Some(slot) = target.get_mut(&ns).and_then(Value::as_object_mut) {
            for name in names {
                slot.remove(&name);
            }
            if slot.is_empty() {
                target.remove(&ns);
            }
        }
    }
}

fn filtered(values: &Map<String, Value>, namespace: Option<&str>, prefix: Option<&str>) -> Value {
    let out: Map<String, Value> = values
        .iter()
        .filter(|(ns, _)| namespace.is_none_or(|want| want == ns.as_str()))
        .filter_map(|(ns, props)| {
            let props: Map<String, Value> = props
                .as_object()?
                .iter()
                .filter(|(name, _)| prefix.is_none_or(|p| name.starts_with(p)))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            (!props.is_empty()).then(|| (ns.clone(), Value::Object(props)))
        })
        .collect();
    Value::Object(out)
}

pub(super) fn update_license_properties(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let values = read_values(&mut a)?;
    a.finish()?;
    merge(&mut ctx.st.config.license_properties, values);
    Ok(json!({}))
}

pub(super) fn list_license_properties(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let namespace = a.opt_str("namespace")?;
    let prefix = a.opt_str("name_prefix")?;
    a.finish()?;
    Ok(filtered(
        &ctx.st.config.license_properties,
        namespace.as_deref(),
        prefix.as_deref(),
    ))
}

pub(super) fn delete_license_properties(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let names = read_names(&mut a)?;
    a.finish()?;
    remove(&mut ctx.st.config.license_properties, names);
    Ok(json!({}))
}

pub(super) fn update_group_properties(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = super::int(&mut a, "group_id")?;
    let values = read_values(&mut a)?;
    a.finish()?;
    ctx.existing_group(id)?;
    merge(
        ctx.st.config.group_properties.entry(id).or_default(),
        values,
    );
    Ok(json!({}))
}

pub(super) fn list_group_properties(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = super::int(&mut a, "id")?;
    let namespace = a.opt_str("namespace")?;
    let prefix = a.opt_str("name_prefix")?;
    a.finish()?;
    ctx.existing_group(id)?;
    let empty = Map::new();
    let values = ctx.st.config.group_properties.get(&id).unwrap_or(&empty);
    Ok(filtered(values, namespace.as_deref(), prefix.as_deref()))
}

pub(super) fn list_groups_properties(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let ids = a
        .opt_ints("group_ids", 1000)?
        .ok_or_else(|| ApiError::validation("group_ids is required"))?;
    let namespace = a.opt_str("namespace")?;
    let prefix = a.opt_str("name_prefix")?;
    a.finish()?;
    let empty = Map::new();
    let mut out = Vec::new();
    for id in ids {
        ctx.existing_group(id)?;
        let values = ctx.st.config.group_properties.get(&id).unwrap_or(&empty);
        out.push(json!({
            "id": id,
            "properties": filtered(values, namespace.as_deref(), prefix.as_deref()),
        }));
    }
    Ok(Value::Array(out))
}

pub(super) fn delete_group_properties(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = super::int(&mut a, "id")?;
    let names = read_names(&mut a)?;
    a.finish()?;
    ctx.existing_group(id)?;
    if let Some(values) = ctx.st.config.group_properties.get_mut(&id) {
        remove(values, names);
    }
    Ok(json!({}))
}
