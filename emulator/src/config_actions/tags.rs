//! Tags (3.5+): names are unique case-insensitively; each has `group_ids`, `author_id` and
//! `created_at`.

use super::ConfigCtx;
use crate::actions::args::Args;
use crate::errors::{ApiError, ApiResult, ErrorKind};
use serde_json::{Value, json};

/// The groups of a tag must exist.
fn check_groups(ctx: &ConfigCtx<'_>, groups: Option<&Vec<i64>>) -> ApiResult<()> {
    for g in groups.into_iter().flatten() {
        ctx.existing_group(*g)?;
    }
    Ok(())
}

fn index(ctx: &ConfigCtx<'_>, name: &str) -> ApiResult<usize> {
    ctx.st
        .config
        .tags
        .iter()
        .position(|t| t["name"] == json!(name))
        .ok_or_else(|| ApiError::not_found(format!("Tag {name} not found")))
}

pub(super) fn create_tag(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let name = a.id("name")?;
    let groups = a.opt_ints("group_ids", 1000)?;
    a.finish()?;
    check_groups(ctx, groups.as_ref())?;
    let lower = name.to_lowercase();
    let exists = ctx.st.config.tags.iter().any(|t| {
        t["name"]
            .as_str()
            .is_some_and(|n| n.to_lowercase() == lower)
    });
    if exists {
        return Err(ApiError::new(
            ErrorKind::AlreadyExists,
            format!("Tag {name} already exists"),
        ));
    }
    let tag = json!({
        "name": name,
        "group_ids": groups.unwrap_or_default(),
        "author_id": ctx.me,
        "created_at": ctx.now.to_rfc3339(),
    });
    ctx.st.config.tags.push(tag);
    Ok(json!({}))
}

pub(super) fn delete_tag(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let name = a.id("name")?;
    a.finish()?;
    let i = index(ctx, &name)?;
    ctx.st.config.tags.remove(i);
    Ok(json!({}))
}

pub(super) fn list_tags(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let mut groups = None;
    if let Some(mut filters) = a.opt_object("filters")? {
        groups = filters.opt_ints("group_ids", 1000)?;
        filters.finish()?;
    }
    a.finish()?;
    let tags: Vec<Value> = ctx
        .st
        .config
        .tags
        .iter()
        .filter(|t| {
            groups.as_ref().is_none_or(|want| {
                t["group_ids"].as_array().is_some_and(|ids| {
                    ids.iter()
                        .any(|g| g.as_i64().is_some_and(|g| want.contains(&g)))
                })
            })
        })
        .cloned()
        .collect();
    Ok(Value::Array(tags))
}

pub(super) fn update_tag(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let name = a.id("name")?;
    let groups = a.opt_ints("group_ids", 1000)?;
    a.finish()?;
    check_groups(ctx, groups.as_ref())?;
    let i = index(ctx, &name)?;
    if let (Some(groups), Some(tag)) = (groups, ctx.st.config.tags[i].as_object_mut()) {
        tag.insert("group_ids".into(), json!(groups));
    }
    Ok(json!({}))
}
