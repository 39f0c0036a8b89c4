//! Bots (`create_bot`, `get_bot`, `list_bots`, `update_bot`, `delete_bot`,
//! `reset_bot_secret`) and bot tokens (`issue_bot_token`). A bot is an agent of kind `bot`
//! (what the Agent API acts as with its token) plus its configuration in
//! `state.config.bots`.

use super::ConfigCtx;
use crate::actions::args::Args;
use crate::clock::Ts;
use crate::errors::{ApiError, ApiResult, ErrorKind};
use crate::state::agents::Agent;
use crate::state::bots::{Bot, BotToken, TOKEN_LIFETIME_SECS};
use crate::version::Version;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value, json};

/// The routing priorities a bot may have in a group.
pub(super) const PRIORITIES: [&str; 4] = ["first", "normal", "last", "supervisor"];

/// The most chats a bot may be routed.
const MAX_CHATS: u64 = 500;

/// The optional fields `create_bot` and `update_bot` share, read per version.
#[derive(Default)]
pub(super) struct BotFields {
    pub(super) name: Option<String>,
    pub(super) avatar: Option<String>,
    pub(super) max_chats_count: Option<u64>,
    pub(super) default_group_priority: Option<String>,
    pub(super) job_title: Option<String>,
    /// `(group id, priority)`.
    pub(super) groups: Option<Vec<(i64, Option<String>)>>,
    pub(super) bot_type: Option<String>,
    pub(super) work_scheduler: Option<Value>,
    pub(super) timezone: Option<String>,
}

impl BotFields {
    /// Reads the fields (not `name` nor `id`); `job_title` exists on update from 3.5 only.
    pub(super) fn read(ctx: &ConfigCtx<'_>, a: &mut Args, creating: bool) -> ApiResult<BotFields> {
        let mut f = BotFields {
            avatar: a.opt_str("avatar")?,
            max_chats_count: a.opt_u64("max_chats_count")?,
            default_group_priority: a.opt_str("default_group_priority")?,
            ..BotFields::default()
        };
        if creating || ctx.v >= Version::V3_5 {
            f.job_title = a.opt_str("job_title")?;
        }
        if let Some(items) = a.opt_array("groups")? {
            let mut groups = Vec::new();
            for item in items {
                let mut g = Args::from_value(item, "groups[]")?;
                let id = super::int(&mut g, "id")?;
                let priority = g.opt_str("priority")?;
                g.finish()?;
                groups.push((id, priority));
            }
            f.groups = Some(groups);
        }
        if ctx.v >= Version::V3_6 {
            f.bot_type = a.opt_str("type")?;
        }
        if let Some(ws) = a.take_raw("work_scheduler") {
            if !ws.is_object() {
                return Err(ApiError::validation("work_scheduler must be an object"));
            }
            f.work_scheduler = Some(ws);
        }
        if ctx.v <= Version::V3_4 {
            f.timezone = a.opt_str("timezone")?;
        }
        Ok(f)
    }

    /// Checks values against the documented limits and the license's groups.
    pub(super) fn check(&self, ctx: &ConfigCtx<'_>) -> ApiResult<()> {
        if self.max_chats_count.is_some_and(|n| n > MAX_CHATS) {
            return Err(ApiError::validation(format!(
                "max_chats_count cannot exceed {MAX_CHATS}"
            )));
        }
        let priorities = self
            .default_group_priority
            .iter()
            .chain(self.groups.iter().flatten().filter_map(|(_, p)| p.as_ref()));
        for priority in priorities {
            if !PRIORITIES.contains(&priority.as_str()) {
                return Err(ApiError::validation(format!(
                    "Unknown priority {priority}; one of {}",
                    PRIORITIES.join(", ")
                )));
            }
        }
        for (id, _) in self.groups.iter().flatten() {
            ctx.existing_group(*id)?;
        }
        if self.name.as_deref().is_some_and(str::is_empty) {
            return Err(ApiError::validation("name cannot be empty"));
        }
        if self.work_scheduler.is_some() && ctx.v <= Version::V3_4 && self.timezone.is_none() {
            return Err(ApiError::validation(
                "timezone is required with work_scheduler",
            ));
        }
        Ok(())
    }

    /// Applies the fields to the bot's agent and configuration.
    pub(super) fn apply(self, ctx: &mut ConfigCtx<'_>, id: &str) {
        let default_priority = self.default_group_priority.clone();
        if let Some(agent) = ctx.st.agents.iter_mut().find(|a| a.id == id) {
            if let Some(name) = self.name {
                agent.name = name;
            }
            if let Some(avatar) = self.avatar {
                agent.avatar = Some(avatar);
            }
            if let Some(groups) = &self.groups {
                agent.group_ids = groups.iter().map(|(g, _)| *g).collect();
            }
        }
        if let Some(groups) = self.groups {
            set_priorities(ctx, id, &groups, default_priority.as_deref());
        }
        if let Some(bot) = ctx.st.config.bots.iter_mut().find(|b| b.id == id) {
            if let Some(p) = self.default_group_priority {
                bot.default_group_priority = p;
            }
            if let Some(n) = self.max_chats_count {
                bot.max_chats_count = n;
            }
            if let Some(t) = self.job_title {
                bot.job_title = Some(t);
            }
            if let Some(t) = self.bot_type {
                bot.bot_type = Some(t);
            }
            if let Some(w) = self.work_scheduler {
                bot.work_scheduler = Some(w);
            }
            if let Some(t) = self.timezone {
                bot.timezone = Some(t);
            }
        }
    }
}

/// Records `agent_id`'s priority in each of `groups` (and drops it from the others).
pub(super) fn set_priorities(
    ctx: &mut ConfigCtx<'_>,
    agent_id: &str,
    groups: &[(i64, Option<String>)],
    default: Option<&str>,
) {
    for details in ctx.st.config.groups.values_mut() {
        details.priorities.remove(agent_id);
    }
    for (group, priority) in groups {
        let priority = priority.as_deref().or(default).unwrap_or("normal");
        ctx.st
            .config
            .groups
            .entry(*group)
            .or_default()
            .priorities
            .insert(agent_id.to_string(), priority.to_string());
    }
}

/// A fresh 32-hex id no agent, bot or template uses.
pub(super) fn new_bot_id(ctx: &ConfigCtx<'_>) -> String {
    loop {
        let id = crate::ids::hex32();
        let taken =
            ctx.st.agent(&id).is_some() || ctx.st.config.bot_templates.iter().any(|t| t.id == id);
        if !taken {
            return id;
        }
    }
}

/// Adds a bot (agent + configuration) with `id`.
pub(super) fn insert_bot(
    ctx: &mut ConfigCtx<'_>,
    id: &str,
    name: String,
    owner_client_id: String,
    secret: String,
    mut fields: BotFields,
) {
    let groups = fields.groups.get_or_insert_with(|| vec![(0, None)]).clone();
    ctx.st.agents.push(Agent {
        id: id.to_string(),
        name,
        email: None,
        avatar: fields.avatar.take(),
        kind: "bot".into(),
        // A new bot receives nothing until set_routing_status says so.
        routing_status: "offline".into(),
        group_ids: groups.iter().map(|(g, _)| *g).collect(),
        permission: "normal".into(),
        token: None,
    });
    let mut bot = Bot::seeded(id);
    bot.owner_client_id = owner_client_id;
    bot.secret = secret;
    bot.via_pat = ctx.client_id.is_none();
    ctx.st.config.bots.push(bot);
    fields.apply(ctx, id);
}

pub(super) fn create_bot(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let name = a.str("name")?;
    let mut fields = BotFields::read(ctx, &mut a, true)?;
    let owner = a.opt_str("owner_client_id")?;
    a.finish()?;
    fields.name = Some(name.clone());
    fields.check(ctx)?;
    let owner = ctx.acting_client(owner)?;
    fields.name = None;
    let id = new_bot_id(ctx);
    let secret = crate::ids::hex32();
    insert_bot(ctx, &id, name, owner, secret.clone(), fields);
    Ok(if ctx.v >= Version::V3_5 {
        json!({ "id": id, "secret": secret })
    } else {
        json!({ "id": id })
    })
}

/// The bot configuration with `id` (`not_found` otherwise).
pub(super) fn bot<'s>(ctx: &'s ConfigCtx<'_>, id: &str) -> ApiResult<&'s Bot> {
    ctx.st
        .config
        .bot(id)
        .filter(|b| ctx.st.agent(&b.id).is_some())
        .ok_or_else(|| ApiError::not_found("Bot not found"))
}

/// Reads `fields`: additional bot fields to include.
fn read_fields(a: &mut Args) -> ApiResult<Vec<String>> {
    const KNOWN: [&str; 5] = [
        "groups",
        "work_scheduler",
        "job_title",
        "max_chats_count",
        "timezone",
    ];
    let fields = a.opt_strings("fields", KNOWN.len())?.unwrap_or_default();
    if let Some(bad) = fields.iter().find(|f| !KNOWN.contains(&f.as_str())) {
        return Err(ApiError::validation(format!(
            "Unknown field in fields: {bad}"
        )));
    }
    Ok(fields)
}

/// A bot as `get_bot` / `list_bots` show it.
fn render(ctx: &ConfigCtx<'_>, bot: &Bot, fields: &[String], full: bool) -> Value {
    let mut out = Map::new();
    out.insert("id".into(), json!(bot.id));
    let agent = ctx.st.agent(&bot.id);
    out.insert("name".into(), json!(agent.map(|a| a.name.clone())));
    if let Some(avatar) = agent.and_then(|a| a.avatar.clone()) {
        out.insert("avatar_path".into(), json!(avatar));
    }
    let has = |f: &str| full || fields.iter().any(|x| x == f);
    if full {
        out.insert(
            "default_group_priority".into(),
            json!(bot.default_group_priority),
        );
        out.insert("owner_client_id".into(), json!(bot.owner_client_id));
    }
    if has("max_chats_count") {
        out.insert("max_chats_count".into(), json!(bot.max_chats_count));
    }
    if has("groups") {
        let groups: Vec<Value> = agent
            .map(|a| a.group_ids.clone())
            .unwrap_or_default()
            .into_iter()
            .map(|g| {
                let priority = ctx
                    .st
                    .config
                    .groups
                    .get(&g)
                    .and_then(|d| d.priorities.get(&bot.id))
                    .cloned()
                    .unwrap_or_else(|| bot.default_group_priority.clone());
                json!({ "id": g, "priority": priority })
            })
            .collect();
        out.insert("groups".into(), json!(groups));
    }
    let wanted = |f: &str| fields.iter().any(|x| x == f);
    if let (true, Some(t)) = (wanted("job_title"), &bot.job_title) {
        out.insert("job_title".into(), json!(t));
    }
    if let (true, Some(w)) = (wanted("work_scheduler"), &bot.work_scheduler) {
        out.insert("work_scheduler".into(), w.clone());
    }
    if let (true, Some(t)) = (wanted("timezone"), &bot.timezone) {
        out.insert("timezone".into(), json!(t));
    }
    if let (true, Some(t)) = (ctx.v >= Version::V3_6, &bot.bot_type) {
        out.insert("type".into(), json!(t));
    }
    Value::Object(out)
}

pub(super) fn get_bot(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = a.id("id")?;
    let fields = read_fields(&mut a)?;
    a.finish()?;
    let bot = bot(ctx, &id)?;
    Ok(render(ctx, bot, &fields, true))
}

pub(super) fn list_bots(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let all = a.opt_bool("all")?.unwrap_or(false);
    let fields = read_fields(&mut a)?;
    a.finish()?;
    let mine = |b: &Bot| match ctx.client_id {
        Some(client) => !b.via_pat && b.owner_client_id == client,
        None => b.via_pat,
    };
    let bots: Vec<Value> = ctx
        .st
        .config
        .bots
        .iter()
        .filter(|b| ctx.st.agent(&b.id).is_some() && (all || mine(b)))
        .map(|b| render(ctx, b, &fields, false))
        .collect();
    Ok(Value::Array(bots))
}

pub(super) fn update_bot(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = a.id("id")?;
    let name = a.opt_str("name")?;
    let mut fields = BotFields::read(ctx, &mut a, false)?;
    a.finish()?;
    fields.name = name;
    fields.check(ctx)?;
    bot(ctx, &id)?;
    fields.apply(ctx, &id);
    Ok(json!({}))
}

/// Removes a bot: its agent, configuration and tokens (chats keep their events).
pub(super) fn remove_bot(ctx: &mut ConfigCtx<'_>, id: &str) {
    ctx.st.agents.retain(|a| a.id != id);
    ctx.st.config.bots.retain(|b| b.id != id);
    ctx.st.config.bot_tokens.retain(|t| t.bot_id != id);
    for details in ctx.st.config.groups.values_mut() {
        details.priorities.remove(id);
    }
}

pub(super) fn delete_bot(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = a.id("id")?;
    a.finish()?;
    bot(ctx, &id)?;
    remove_bot(ctx, &id);
    Ok(json!({}))
}

pub(super) fn reset_bot_secret(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = a.id("id")?;
    let owner = a.opt_str("owner_client_id")?;
    a.finish()?;
    let owner = ctx.acting_client(owner)?;
    let current = bot(ctx, &id)?;
    if current.owner_client_id != owner {
        return Err(ApiError::new(
            ErrorKind::Authorization,
            "The bot is owned by another Client ID",
        ));
    }
    let secret = crate::ids::hex32();
    if let Some(bot) = ctx.st.config.bots.iter_mut().find(|b| b.id == id) {
        bot.secret.clone_from(&secret);
    }
    Ok(json!({ "secret": secret }))
}

/// A JWT-shaped token (`header.payload.signature`, base64url) naming the bot, its Client ID,
/// the organization and the expiry; the signature part is random so every token is unique.
fn mint_token(bot: &Bot, organization_id: &str, expires_at: Ts) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let claims = json!({
        "sub": bot.id,
        "client_id": bot.owner_client_id,
        "organization_id": organization_id,
        "scopes": "chats--access:rw agents-bot--my:rw customers:rw",
        "exp": expires_at.0.div_euclid(1_000_000),
    });
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    let signature = URL_SAFE_NO_PAD.encode(crate::ids::hex32());
    format!("{header}.{payload}.{signature}")
}

pub(super) fn issue_bot_token(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let bot_id = a.id("bot_id")?;
    let client_id = a.id("client_id")?;
    let secret = a.id("bot_secret")?;
    let organization_id = a.id("organization_id")?;
    a.finish()?;
    let bot = bot(ctx, &bot_id)?;
    if organization_id != ctx.st.license.organization_id {
        return Err(ApiError::not_found("Organization not found"));
    }
    if client_id != bot.owner_client_id || secret != bot.secret {
        return Err(ApiError::new(
            ErrorKind::Authorization,
            "Invalid bot credentials",
        ));
    }
    let expires_at = Ts(ctx.now.0 + TOKEN_LIFETIME_SECS * 1_000_000);
    let token = mint_token(bot, &organization_id, expires_at);
    let issued = BotToken {
        token: token.clone(),
        bot_id,
        secret,
        expires_at,
    };
    let now = ctx.now;
    ctx.st.config.bot_tokens.retain(|t| now < t.expires_at);
    ctx.st.config.bot_tokens.push(issued);
    Ok(json!({ "token": token }))
}
