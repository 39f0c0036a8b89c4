//! Bot templates (3.5+): at most five per Client ID; with `affect_existing_installations`
//! the license's bot of the same id is created, updated, re-keyed or deleted too.

use super::ConfigCtx;
use super::bots::{self, BotFields};
use crate::actions::args::Args;
use crate::errors::{ApiError, ApiResult, ErrorKind};
use crate::state::bots::BotTemplate;
use serde_json::{Value, json};

/// Templates per Client ID.
const LIMIT: usize = 5;

fn template_index(ctx: &ConfigCtx<'_>, id: &str, owner: &str) -> ApiResult<usize> {
    ctx.st
        .config
        .bot_templates
        .iter()
        .position(|t| t.id == id && t.owner_client_id == owner)
        .ok_or_else(|| ApiError::not_found("Bot template not found"))
}

/// Reads name/avatar/max_chats_count/default_group_priority/job_title.
fn read(a: &mut Args, name_required: bool) -> ApiResult<BotFields> {
    let name = if name_required {
        Some(a.str("name")?)
    } else {
        a.opt_str("name")?
    };
    let fields = BotFields {
        name,
        avatar: a.opt_str("avatar")?,
        max_chats_count: a.opt_u64("max_chats_count")?,
        default_group_priority: a.opt_str("default_group_priority")?,
        job_title: a.opt_str("job_title")?,
        ..BotFields::default()
    };
    Ok(fields)
}

pub(super) fn create_bot_template(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let mut fields = read(&mut a, true)?;
    let owner = a.id("owner_client_id")?;
    let affect = a
        .opt_bool("affect_existing_installations")?
        .unwrap_or(false);
    a.finish()?;
    fields.check(ctx)?;
    let count = ctx
        .st
        .config
        .bot_templates
        .iter()
        .filter(|t| t.owner_client_id == owner)
        .count();
    if count >= LIMIT {
        return Err(ApiError::new(
            ErrorKind::LimitReached,
            format!("A Client ID can have at most {LIMIT} bot templates"),
        ));
    }
    let id = bots::new_bot_id(ctx);
    let secret = crate::ids::hex32();
    let name = fields.name.take().unwrap_or_default();
    ctx.st.config.bot_templates.push(BotTemplate {
        id: id.clone(),
        name: name.clone(),
        avatar: fields.avatar.clone(),
        max_chats_count: fields.max_chats_count.unwrap_or(6),
        default_group_priority: fields
            .default_group_priority
            .clone()
            .unwrap_or_else(|| "normal".into()),
        job_title: fields.job_title.clone(),
        owner_client_id: owner.clone(),
        secret: secret.clone(),
    });
    if affect {
        bots::insert_bot(ctx, &id, name, owner, secret.clone(), fields);
        if let Some(bot) = ctx.st.config.bots.iter_mut().find(|b| b.id == id) {
            bot.template_id = Some(id.clone());
        }
    }
    Ok(json!({ "id": id, "secret": secret }))
}

pub(super) fn update_bot_template(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = a.id("id")?;
    let fields = read(&mut a, false)?;
    let owner = a.id("owner_client_id")?;
    let affect = a
        .opt_bool("affect_existing_installations")?
        .unwrap_or(false);
    a.finish()?;
    fields.check(ctx)?;
    let index = template_index(ctx, &id, &owner)?;
    let template = &mut ctx.st.config.bot_templates[index];
    if let Some(name) = &fields.name {
        template.name.clone_from(name);
    }
    if let Some(avatar) = &fields.avatar {
        template.avatar = Some(avatar.clone());
    }
    if let Some(n) = fields.max_chats_count {
        template.max_chats_count = n;
    }
    if let Some(p) = &fields.default_group_priority {
        template.default_group_priority.clone_from(p);
    }
    if let Some(t) = &fields.job_title {
        template.job_title = Some(t.clone());
    }
    if affect && ctx.st.config.bot(&id).is_some() {
        fields.apply(ctx, &id);
    }
    Ok(json!({}))
}

pub(super) fn delete_bot_template(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = a.id("id")?;
    let owner = a.id("owner_client_id")?;
    let affect = a
        .opt_bool("affect_existing_installations")?
        .unwrap_or(false);
    a.finish()?;
    let index = template_index(ctx, &id, &owner)?;
    ctx.st.config.bot_templates.remove(index);
    if affect {
        bots::remove_bot(ctx, &id);
    }
    Ok(json!({}))
}

pub(super) fn list_bot_templates(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let owner = a.id("owner_client_id")?;
    a.finish()?;
    let templates: Vec<Value> = ctx
        .st
        .config
        .bot_templates
        .iter()
        .filter(|t| t.owner_client_id == owner)
        .map(|t| {
            let mut v = json!({ "id": t.id, "name": t.name });
            if let (Some(avatar), Some(map)) = (&t.avatar, v.as_object_mut()) {
                map.insert("avatar_path".into(), json!(avatar));
            }
            v
        })
        .collect();
    Ok(Value::Array(templates))
}

pub(super) fn reset_bot_template_secret(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = a.id("id")?;
    let owner = a.id("owner_client_id")?;
    let affect = a
        .opt_bool("affect_existing_installations")?
        .unwrap_or(false);
    a.finish()?;
    let index = template_index(ctx, &id, &owner)?;
    let secret = crate::ids::hex32();
    ctx.st.config.bot_templates[index]
        .secret
        .clone_from(&secret);
    if affect {
        if let Some(bot) = ctx.st.config.bots.iter_mut().find(|b| b.id == id) {
            bot.secret.clone_from(&secret);
        }
    }
    Ok(json!({ "secret": secret }))
}
