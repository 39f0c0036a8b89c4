//! Customer actions: get, update, ban, follow/unfollow, and 3.3–3.5's create and list.

use super::Ctx;
use super::args::Args;
use crate::clock::{self, Ts};
use crate::errors::{ApiError, ApiResult};
use crate::ids;
use crate::pagination::{Key, PageQuery};
use crate::render::View;
use crate::state::customers::Customer;
use crate::version::Version;
use serde_json::{Map, Value, json};

fn customer_index(ctx: &Ctx<'_>, id: &str) -> ApiResult<usize> {
    ctx.st
        .customers
        .iter()
        .position(|c| c.id == id)
        .ok_or_else(|| ApiError::not_found("Customer not found"))
}

pub(super) fn get_customer(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = a.id("id")?;
    a.finish()?;
    let index = customer_index(ctx, &id)?;
    Ok(ctx.view().customer(&ctx.st.customers[index], true))
}

/// The profile fields create_customer / update_customer take in this version.
#[derive(Default)]
struct Profile {
    name: Option<String>,
    email: Option<String>,
    avatar: Option<String>,
    session_fields: Option<Vec<Map<String, Value>>>,
    phone_number: Option<String>,
    omnichannel: Option<Value>,
    address: Option<Value>,
    suggested_email: Option<String>,
}

impl Profile {
    fn read(ctx: &Ctx<'_>, a: &mut Args) -> ApiResult<Profile> {
        let mut p = Profile {
            name: a.opt_str("name")?,
            email: a.opt_str("email")?,
            avatar: a.opt_str("avatar")?,
            ..Profile::default()
        };
        if let Some(fields) = a.opt_array("session_fields")? {
            let list = fields
                .into_iter()
                .map(|f| match f {
                    Value::Object(map) if map.values().all(Value::is_string) => Ok(map),
                    _ => Err(ApiError::validation(
                        "session_fields must be an array of {key: string} objects",
                    )),
                })
                .collect::<ApiResult<Vec<_>>>()?;
            p.session_fields = Some(list);
        }
        if ctx.v >= Version::V3_6 {
            p.phone_number = a.opt_str("phone_number")?;
            if p.phone_number.as_deref().is_some_and(|n| !is_e164(n)) {
                return Err(ApiError::validation("phone_number must be in E.164 format"));
            }
            if let Some(mut omni) = a.opt_object("omnichannel")? {
                let mut out = Map::new();
                if let Some(mut fb) = omni.opt_object("fbmessenger")? {
                    let mut fb_out = Map::new();
                    fb_out.insert("id".into(), fb.id("id")?.into());
                    for key in [
                        "name",
                        "first_name",
                        "last_name",
                        "profile_pic",
                        "gender",
                        "locale",
                    ] {
                        if let Some(v) = fb.opt_str(key)? {
                            fb_out.insert(key.into(), v.into());
                        }
                    }
                    if let Some(v) = fb.opt_bool("is_verified_user")? {
                        fb_out.insert("is_verified_user".into(), v.into());
                    }
                    fb.finish()?;
                    out.insert("fbmessenger".into(), Value::Object(fb_out));
                }
                if let Some(mut twilio) = omni.opt_object("twilio")? {
                    let number = twilio.str("phone_number")?;
                    twilio.finish()?;
                    out.insert("twilio".into(), json!({ "phone_number": number }));
                }
                omni.finish()?;
                p.omnichannel = Some(Value::Object(out));
            }
            if let Some(mut address) = a.opt_object("address")? {
                let mut out = Map::new();
                for key in ["address", "city", "country", "state", "postal_code"] {
                    if let Some(v) = address.opt_str(key)? {
                        out.insert(key.into(), v.into());
                    }
                }
                address.finish()?;
                p.address = Some(Value::Object(out));
            }
        }
        if ctx.v >= Version::V3_7 {
            p.suggested_email = a.opt_str("suggested_email")?;
        }
        Ok(p)
    }

    fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.email.is_none()
            && self.avatar.is_none()
            && self.session_fields.is_none()
            && self.phone_number.is_none()
            && self.omnichannel.is_none()
            && self.address.is_none()
            && self.suggested_email.is_none()
    }

    fn apply(self, c: &mut Customer) {
        if let Some(v) = self.name {
            c.name = Some(v);
        }
        if let Some(v) = self.email {
            c.email = Some(v);
        }
        if let Some(v) = self.avatar {
            c.avatar = Some(v);
        }
        if let Some(v) = self.session_fields {
            c.session_fields = v;
        }
        if let Some(v) = self.phone_number {
            c.phone_number = Some(v);
        }
        if let Some(v) = self.omnichannel {
            c.omnichannel = Some(v);
        }
        if let Some(v) = self.address {
            c.address = Some(v);
        }
        if let Some(v) = self.suggested_email {
            // An empty value clears it (3.7).
            c.suggested_email = Some(v).filter(|s| !s.is_empty());
        }
    }
}

fn is_e164(number: &str) -> bool {
    number.strip_prefix('+').is_some_and(|d| {
        (2..=15).contains(&d.len()) && d.bytes().all(|c| c.is_ascii_digit()) && !d.starts_with('0')
    })
}

pub(super) fn update_customer(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = a.id("id")?;
    let profile = Profile::read(ctx, &mut a)?;
    a.finish()?;
    if !ids::is_uuid(&id) {
        return Err(ApiError::validation("id must be a UUID"));
    }
    if profile.is_empty() {
        return Err(ApiError::validation(
            "update_customer needs at least one field to update besides id",
        ));
    }
    let index = customer_index(ctx, &id)?;
    profile.apply(&mut ctx.st.customers[index]);
    Ok(json!({}))
}

pub(super) fn create_customer(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let profile = Profile::read(ctx, &mut a)?;
    a.finish()?;
    let mut customer = Customer::new(ids::uuid_v4());
    profile.apply(&mut customer);
    let id = customer.id.clone();
    ctx.st.customers.push(customer);
    Ok(json!({ "customer_id": id }))
}

pub(super) fn ban_customer(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let id = a.id("id")?;
    let mut ban = a.object("ban")?;
    let days = ban
        .opt_u64("days")?
        .filter(|d| *d >= 1)
        .ok_or_else(|| ApiError::validation("ban.days must be a positive integer"))?;
    ban.finish()?;
    a.finish()?;
    let index = customer_index(ctx, &id)?;
    let micros = i64::try_from(days)
        .unwrap_or(i64::MAX / 86_400_000_000)
        .saturating_mul(86_400_000_000);
    ctx.st.customers[index].banned_until = Some(Ts(clock::now().0.saturating_add(micros)));
    Ok(json!({}))
}

fn follow(ctx: &mut Ctx<'_>, mut a: Args, on: bool) -> ApiResult<Value> {
    let id = a.id("id")?;
    a.finish()?;
    let index = customer_index(ctx, &id)?;
    let me = ctx.me.to_string();
    let followers = &mut ctx.st.customers[index].followers;
    followers.retain(|f| *f != me);
    if on {
        followers.push(me);
    }
    Ok(json!({}))
}

pub(super) fn follow_customer(ctx: &mut Ctx<'_>, a: Args) -> ApiResult<Value> {
    follow(ctx, a, true)
}

pub(super) fn unfollow_customer(ctx: &mut Ctx<'_>, a: Args) -> ApiResult<Value> {
    follow(ctx, a, false)
}

pub(super) fn list_customers(ctx: &mut Ctx<'_>, mut a: Args) -> ApiResult<Value> {
    let page = PageQuery::begin(&mut a, "list_customers", "", 10, &["filters", "sort_by"])?;
    a.finish()?;
    let sort_by = match page.param("sort_by") {
        None => "created_at",
        Some(Value::String(s)) => match s.as_str() {
            "created_at"
            | "threads_count"
            | "visits_count"
            | "agent_last_event"
            | "customer_last_event" => s.as_str(),
            _ => return Err(ApiError::validation("sort_by has an unknown value")),
        },
        Some(_) => return Err(ApiError::validation("sort_by must be a string")),
    };
    let filters = CustomerFilters::parse(page.param("filters").cloned())?;
    let view = ctx.view();
    let mut items: Vec<(Key, &Customer)> = Vec::new();
    for customer in &ctx.st.customers {
        let facts = Facts::of(&view, customer);
        if !filters.matches(customer, &facts) {
            continue;
        }
        let primary = match sort_by {
            "threads_count" => facts.threads,
            "visits_count" => facts.visits,
            "agent_last_event" => facts.agent_last_event.unwrap_or(i64::MIN),
            "customer_last_event" => facts.customer_last_event.unwrap_or(i64::MIN),
            _ => customer.created_at.0,
        };
        // Ties are broken by creation time, as documented.
        let tie = format!("{:020}{}", customer.created_at.0.max(0), customer.id);
        items.push(((primary, tie), customer));
    }
    let page = page.paginate(items);
    let customers: Vec<Value> = page.items.iter().map(|c| view.customer(c, false)).collect();
    let mut out = Map::new();
    out.insert("customers".into(), Value::Array(customers));
    out.insert("total_customers".into(), page.total.into());
    page.add_page_ids(&mut out);
    Ok(Value::Object(out))
}

/// Numbers list_customers filters and sorts on.
struct Facts {
    chats: i64,
    threads: i64,
    visits: i64,
    group_ids: Vec<i64>,
    agent_last_event: Option<i64>,
    customer_last_event: Option<i64>,
}

impl Facts {
    fn of(view: &View<'_>, customer: &Customer) -> Facts {
        let stats = view.customer_stats(customer);
        let group_ids = view
            .st
            .chats
            .iter()
            .filter(|c| c.user(&customer.id).is_some())
            .flat_map(|c| c.access.group_ids.iter().copied())
            .collect();
        Facts {
            chats: i64::try_from(stats.chat_ids.len()).unwrap_or(i64::MAX),
            threads: i64::try_from(stats.threads).unwrap_or(i64::MAX),
            visits: i64::try_from(customer.visits_count).unwrap_or(i64::MAX),
            group_ids,
            agent_last_event: stats.agent_last_event.map(|t| t.0),
            customer_last_event: stats.customer_last_event.map(|t| t.0),
        }
    }
}

/// `values` / `exclude_values` over one value.
struct MatchFilter<T> {
    values: Option<Vec<T>>,
    exclude: Option<Vec<T>>,
}

impl<T: PartialEq> MatchFilter<T> {
    fn matches(&self, value: Option<&T>) -> bool {
        self.values
            .as_ref()
            .is_none_or(|vals| value.is_some_and(|v| vals.contains(v)))
            && self
                .exclude
                .as_ref()
                .is_none_or(|vals| !value.is_some_and(|v| vals.contains(v)))
    }
}

/// `lte` / `lt` / `gte` / `gt` / `eq`.
#[derive(Default)]
struct Range {
    lte: Option<i64>,
    lt: Option<i64>,
    gte: Option<i64>,
    gt: Option<i64>,
    eq: Option<i64>,
}

impl Range {
    fn parse(f: &mut Args, key: &str, dates: bool) -> ApiResult<Option<Range>> {
        let Some(mut r) = f.opt_object(key)? else {
            return Ok(None);
        };
        let mut read = |name: &str| -> ApiResult<Option<i64>> {
            if dates {
                Ok(r.opt_time(name)?.map(|t| t.0))
            } else {
                r.opt_i64(name)
            }
        };
        let range = Range {
            lte: read("lte")?,
            lt: read("lt")?,
            gte: read("gte")?,
            gt: read("gt")?,
            eq: read("eq")?,
        };
        r.finish()?;
        Ok(Some(range))
    }

    fn matches(&self, value: Option<i64>) -> bool {
        let Some(v) = value else {
            return self.lte.is_none()
                && self.lt.is_none()
                && self.gte.is_none()
                && self.gt.is_none()
                && self.eq.is_none();
        };
        self.lte.is_none_or(|x| v <= x)
            && self.lt.is_none_or(|x| v < x)
            && self.gte.is_none_or(|x| v >= x)
            && self.gt.is_none_or(|x| v > x)
            && self.eq.is_none_or(|x| v == x)
    }
}

/// list_customers filters.
struct CustomerFilters {
    strings: Vec<(&'static str, MatchFilter<String>)>,
    ranges: Vec<(&'static str, Range)>,
    chat_group_ids: Option<MatchFilter<i64>>,
    include_without_chats: bool,
}

impl CustomerFilters {
    fn parse(value: Option<Value>) -> ApiResult<CustomerFilters> {
        let mut filters = CustomerFilters {
            strings: Vec::new(),
            ranges: Vec::new(),
            chat_group_ids: None,
            include_without_chats: true,
        };
        let Some(value) = value else {
            return Ok(filters);
        };
        let mut f = Args::from_value(value, "filters")?;
        for key in ["country", "email", "name", "customer_id"] {
            if let Some(mut m) = f.opt_object(key)? {
                let filter = MatchFilter {
                    values: m.opt_strings("values", 1000)?,
                    exclude: m.opt_strings("exclude_values", 1000)?,
                };
                m.finish()?;
                filters.strings.push((key, filter));
            }
        }
        for key in ["chats_count", "threads_count", "visits_count"] {
            if let Some(range) = Range::parse(&mut f, key, false)? {
                filters.ranges.push((key, range));
            }
        }
        for key in [
            "created_at",
            "agent_last_event_created_at",
            "customer_last_event_created_at",
        ] {
            if let Some(range) = Range::parse(&mut f, key, true)? {
                filters.ranges.push((key, range));
            }
        }
        if let Some(mut m) = f.opt_object("chat_group_ids")? {
            filters.chat_group_ids = Some(MatchFilter {
                values: m.opt_ints("values", 40)?,
                exclude: m.opt_ints("exclude_values", 40)?,
            });
            m.finish()?;
        }
        if let Some(b) = f.opt_bool("include_customers_without_chats")? {
            filters.include_without_chats = b;
        }
        f.finish()?;
        Ok(filters)
    }

    fn matches(&self, customer: &Customer, facts: &Facts) -> bool {
        let text = |key: &str| -> Option<String> {
            match key {
                "country" => customer.country().map(str::to_string),
                "email" => customer.email.clone(),
                "name" => customer.name.clone(),
                _ => Some(customer.id.clone()),
            }
        };
        let number = |key: &str| -> Option<i64> {
            match key {
                "chats_count" => Some(facts.chats),
                "threads_count" => Some(facts.threads),
                "visits_count" => Some(facts.visits),
                "created_at" => Some(customer.created_at.0),
                "agent_last_event_created_at" => facts.agent_last_event,
                _ => facts.customer_last_event,
            }
        };
        (self.include_without_chats || facts.chats > 0)
            && self
                .strings
                .iter()
                .all(|(key, f)| f.matches(text(key).as_ref()))
            && self.ranges.iter().all(|(key, r)| r.matches(number(key)))
            && self.chat_group_ids.as_ref().is_none_or(|f| {
                if facts.group_ids.is_empty() {
                    f.matches(None)
                } else {
                    facts.group_ids.iter().any(|g| f.matches(Some(g)))
                }
            })
    }
}
