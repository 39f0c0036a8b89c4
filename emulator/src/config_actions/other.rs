//! The rest: allowed domains, customer bans (3.6+/3.7), canned responses and translations
//! (3.7), company details, e-mail reactivation, and read-only answers (channels, product
//! limits and source, 3.4's license ↔ organization id lookups).

use super::ConfigCtx;
use crate::actions::args::Args;
use crate::clock::Ts;
use crate::errors::{ApiError, ApiResult, ErrorKind};
use serde_json::{Map, Value, json};

// --- allowed domains (3.7) ---

fn read_domain(a: &mut Args) -> ApiResult<String> {
    let domain = a.id("domain")?.to_lowercase();
    let valid = domain.contains('.')
        && domain
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    if valid {
        Ok(domain)
    } else {
        Err(ApiError::validation("domain must be a domain name"))
    }
}

pub(super) fn add_allowed_domain(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let domain = read_domain(&mut a)?;
    a.finish()?;
    if ctx.st.config.allowed_domains.contains(&domain) {
        return Err(ApiError::new(
            ErrorKind::AlreadyExists,
            format!("Domain {domain} is already allowed"),
        ));
    }
    ctx.st.config.allowed_domains.push(domain);
    Ok(json!({}))
}

pub(super) fn list_allowed_domains(ctx: &mut ConfigCtx<'_>, a: Args) -> ApiResult<Value> {
    a.finish()?;
    Ok(json!({ "domains": ctx.st.config.allowed_domains }))
}

pub(super) fn delete_allowed_domain(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let domain = read_domain(&mut a)?;
    a.finish()?;
    let before = ctx.st.config.allowed_domains.len();
    ctx.st.config.allowed_domains.retain(|d| *d != domain);
    if before == ctx.st.config.allowed_domains.len() {
        return Err(ApiError::not_found(format!("Domain {domain} not found")));
    }
    Ok(json!({}))
}

// --- customer bans ---

/// Reads `ip` and `customer_id`.
fn read_target(a: &mut Args) -> ApiResult<(Option<String>, Option<String>)> {
    Ok((a.opt_str("ip")?, a.opt_str("customer_id")?))
}

/// Exactly one of `ip` and `customer_id`; the customer must exist.
fn check_target(
    ctx: &ConfigCtx<'_>,
    target: (Option<String>, Option<String>),
) -> ApiResult<(&'static str, String)> {
    match target {
        (Some(ip), None) => Ok(("ip", ip)),
        (None, Some(id)) => {
            if ctx.st.customer(&id).is_none() {
                return Err(ApiError::not_found("Customer not found"));
            }
            Ok(("customer_id", id))
        }
        _ => Err(ApiError::validation(
            "Give exactly one of ip and customer_id",
        )),
    }
}

fn active_bans(ctx: &ConfigCtx<'_>) -> Vec<Value> {
    let now = ctx.now.to_rfc3339();
    ctx.st
        .config
        .customer_bans
        .iter()
        .filter(|b| b["expires_at"].as_str().is_some_and(|e| e > now.as_str()))
        .cloned()
        .collect()
}

pub(super) fn ban_customer(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let seconds = super::int(&mut a, "seconds")?;
    let (ip, customer_id) = read_target(&mut a)?;
    a.finish()?;
    // The docs: "At least one of ip and customer_id is required" (unban takes exactly one).
    if ip.is_none() && customer_id.is_none() {
        return Err(ApiError::validation(
            "Give at least one of ip and customer_id",
        ));
    }
    if let Some(id) = &customer_id {
        if ctx.st.customer(id).is_none() {
            return Err(ApiError::not_found("Customer not found"));
        }
    }
    if seconds < 1 {
        return Err(ApiError::validation("seconds must be at least 1"));
    }
    let expires = Ts(ctx.now.0.saturating_add(seconds.saturating_mul(1_000_000)));
    let same = |b: &Value| {
        ip.as_ref().is_some_and(|ip| b["ip"] == json!(ip))
            || customer_id
                .as_ref()
                .is_some_and(|id| b["customer_id"] == json!(id))
    };
    ctx.st.config.customer_bans.retain(|b| !same(b));
    let mut ban = json!({
        "agent_id": ctx.me,
        "created_at": ctx.now.to_rfc3339(),
        "expires_at": expires.to_rfc3339(),
    });
    if let Some(o) = ban.as_object_mut() {
        if let Some(ip) = ip {
            o.insert("ip".into(), json!(ip));
        }
        if let Some(id) = customer_id {
            o.insert("customer_id".into(), json!(id));
        }
    }
    ctx.st.config.customer_bans.push(ban);
    Ok(json!({}))
}

pub(super) fn list_customer_bans(ctx: &mut ConfigCtx<'_>, a: Args) -> ApiResult<Value> {
    a.finish()?;
    Ok(Value::Array(active_bans(ctx)))
}

pub(super) fn unban_customer(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let target = read_target(&mut a)?;
    a.finish()?;
    let (key, target) = check_target(ctx, target)?;
    let before = ctx.st.config.customer_bans.len();
    ctx.st
        .config
        .customer_bans
        .retain(|b| b[key] != json!(target));
    if before == ctx.st.config.customer_bans.len() {
        return Err(ApiError::not_found("Ban not found"));
    }
    Ok(json!({}))
}

// --- canned responses (3.7) ---

fn canned_index(ctx: &ConfigCtx<'_>, id: i64) -> ApiResult<usize> {
    ctx.st
        .config
        .canned_responses
        .iter()
        .position(|c| c["id"].as_i64() == Some(id))
        .ok_or_else(|| ApiError::not_found(format!("Canned response {id} not found")))
}

pub(super) fn create_canned_response(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let text = a.id("text")?;
    let tags = a
        .opt_strings("tags", 100)?
        .ok_or_else(|| ApiError::validation("tags is required"))?;
    let group = super::int(&mut a, "group_id")?;
    let private = a.opt_bool("is_private")?.unwrap_or(false);
    a.finish()?;
    ctx.existing_group(group)?;
    let id = ctx.st.config.next_id();
    let now = ctx.now.to_rfc3339();
    ctx.st.config.canned_responses.push(json!({
        "id": id, "text": text, "tags": tags, "group_id": group, "is_private": private,
        "author_id": ctx.me, "created_at": now, "updated_at": now,
    }));
    Ok(json!({ "id": id }))
}

pub(super) fn update_canned_response(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = super::int(&mut a, "id")?;
    let mut changes = Map::new();
    if let Some(text) = a.opt_str("text")? {
        changes.insert("text".into(), json!(text));
    }
    if let Some(tags) = a.opt_strings("tags", 100)? {
        changes.insert("tags".into(), json!(tags));
    }
    let group = a.opt_i64("group_id")?;
    if let Some(group) = group {
        changes.insert("group_id".into(), json!(group));
    }
    if let Some(private) = a.opt_bool("is_private")? {
        changes.insert("is_private".into(), json!(private));
    }
    a.finish()?;
    if let Some(group) = group {
        ctx.existing_group(group)?;
    }
    let i = canned_index(ctx, id)?;
    changes.insert("updated_at".into(), json!(ctx.now.to_rfc3339()));
    if let Some(c) = ctx.st.config.canned_responses[i].as_object_mut() {
        c.extend(changes);
    }
    Ok(json!({}))
}

pub(super) fn list_canned_responses(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let groups = a.opt_ints("group_ids", 1000)?;
    let include_private = a.opt_bool("include_private")?.unwrap_or(false);
    let include_all = a.opt_bool("include_all_private")?.unwrap_or(false);
    let limit = a.opt_u64("limit")?.unwrap_or(100);
    let page_id = a.opt_str("page_id")?;
    a.finish()?;
    if !(1..=100).contains(&limit) {
        return Err(ApiError::validation("limit must be between 1 and 100"));
    }
    let after: i64 = match page_id {
        None => 0,
        Some(p) => p
            .parse()
            .map_err(|_| ApiError::validation("Invalid page_id"))?,
    };
    let me = json!(ctx.me);
    let matching: Vec<&Value> = ctx
        .st
        .config
        .canned_responses
        .iter()
        .filter(|c| {
            groups
                .as_ref()
                .is_none_or(|g| c["group_id"].as_i64().is_some_and(|x| g.contains(&x)))
        })
        .filter(|c| {
            c["is_private"] != json!(true)
                || include_all
                || (include_private && c["author_id"] == me)
        })
        .collect();
    let page: Vec<Value> = matching
        .iter()
        .filter(|c| c["id"].as_i64().unwrap_or(0) > after)
        .take(usize::try_from(limit).unwrap_or(100))
        .map(|c| (*c).clone())
        .collect();
    let mut out = json!({ "canned_responses": page, "found_canned_responses": matching.len() });
    let last = page.last().and_then(|c| c["id"].as_i64());
    let more = last.is_some_and(|l| matching.iter().any(|c| c["id"].as_i64().unwrap_or(0) > l));
    if let (true, Some(last), Some(map)) = (more, last, out.as_object_mut()) {
        map.insert("next_page_id".into(), json!(last.to_string()));
    }
    Ok(out)
}

pub(super) fn delete_canned_response(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = super::int(&mut a, "id")?;
    a.finish()?;
    let i = canned_index(ctx, id)?;
    ctx.st.config.canned_responses.remove(i);
    Ok(json!({}))
}

// --- translations (3.7) ---

/// Reads `group_id` and `language`: the key of a translation set.
fn translation_key(a: &mut Args) -> ApiResult<(i64, String)> {
    let group = super::int(a, "group_id")?;
    let language = a.id("language")?;
    Ok((group, format!("{group}/{language}")))
}

pub(super) fn update_translations(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let (group, key) = translation_key(&mut a)?;
    let Value::Object(phrases) = a.value("phrases")? else {
        return Err(ApiError::validation("phrases must be an object"));
    };
    a.finish()?;
    ctx.existing_group(group)?;
    if let Some((k, _)) = phrases.iter().find(|(_, v)| !v.is_string()) {
        return Err(ApiError::validation(format!(
            "phrases.{k} must be a string"
        )));
    }
    ctx.st
        .config
        .translations
        .entry(key)
        .or_default()
        .extend(phrases);
    Ok(json!({}))
}

pub(super) fn list_translations(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let (group, key) = translation_key(&mut a)?;
    a.finish()?;
    ctx.existing_group(group)?;
    let phrases = ctx
        .st
        .config
        .translations
        .get(&key)
        .cloned()
        .unwrap_or_default();
    Ok(json!({ "phrases": phrases }))
}

// --- company details, e-mail ---

const COMPANY_FIELDS: [&str; 15] = [
    "audience",
    "chat_purpose",
    "city",
    "company",
    "company_size",
    "country",
    "invoice_email",
    "invoice_name",
    "nip",
    "postal_code",
    "state",
    "street",
    "phone",
    "province",
    "url",
];

pub(super) fn update_company_details(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    a.opt_bool("enrich")?;
    let mut changes = Map::new();
    for key in COMPANY_FIELDS {
        if let Some(v) = a.opt_str(key)? {
            changes.insert(key.into(), json!(v));
        }
    }
    a.finish()?;
    ctx.st.config.company_details.extend(changes);
    Ok(json!({}))
}

pub(super) fn reactivate_email(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = a.id("agent_id")?;
    a.finish()?;
    ctx.st
        .agent(&id)
        .filter(|agent| !agent.is_bot())
        .ok_or_else(|| ApiError::not_found("Agent not found"))?;
    Ok(json!({}))
}

// --- read-only answers ---

pub(super) fn list_channels(ctx: &mut ConfigCtx<'_>, a: Args) -> ApiResult<Value> {
    a.finish()?;
    let since = ctx.st.license.created_at.to_rfc3339();
    Ok(json!([
        {"channel_type": "code", "channel_subtype": "", "first_activity_timestamp": since},
        {"channel_type": "direct_link", "channel_subtype": "", "first_activity_timestamp": since},
    ]))
}

pub(super) fn check_product_limits_for_plan(
    ctx: &mut ConfigCtx<'_>,
    mut a: Args,
) -> ApiResult<Value> {
    let plan = a.id("plan")?;
    a.finish()?;
    // Groups allowed per plan (our figures); the license is over a plan when it has more.
    let groups_limit: usize = match plan.as_str() {
        "starter" => 1,
        "team" => 20,
        "enterprise" | "enterpriseplus" => 1000,
        _ => {
            return Err(ApiError::validation(
                "plan must be starter, team, enterprise or enterpriseplus",
            ));
        }
    };
    let groups = ctx.st.groups.len();
    Ok(if groups > groups_limit {
        json!([{ "resource": "groups", "limit_balance": groups - groups_limit }])
    } else {
        json!([])
    })
}

pub(super) fn get_product_source(_ctx: &mut ConfigCtx<'_>, a: Args) -> ApiResult<Value> {
    a.finish()?;
    Ok(json!({
        "source_id": "create_account_link",
        "source_type": "accounts",
        "source_url": "https://accounts.livechat.com"
    }))
}

pub(super) fn get_license_id(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    let organization = a.id("organization_id")?;
    a.finish()?;
    if organization != ctx.st.license.organization_id {
        return Err(ApiError::not_found("Organization not found"));
    }
    Ok(json!({ "license_id": ctx.st.license.license_id }))
}

pub(super) fn get_organization_id(ctx: &mut ConfigCtx<'_>, mut a: Args) -> ApiResult<Value> {
    // A query string carries text; a JSON body may carry a number.
    let license = match a.value("license_id")? {
        Value::String(s) => s.parse::<u64>().ok(),
        other => other.as_u64(),
    }
    .ok_or_else(|| ApiError::validation("license_id must be an integer"))?;
    a.finish()?;
    if license != ctx.st.license.license_id {
        return Err(ApiError::not_found("License not found"));
    }
    Ok(json!({ "organization_id": ctx.st.license.organization_id }))
}
