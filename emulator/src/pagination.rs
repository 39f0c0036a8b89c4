//! Pagination of list_chats, list_threads, list_archives and list_customers.
//!
//! The first request carries `filters`/`limit`/`sort_order`; the answer holds opaque
//! `next_page_id`/`previous_page_id` (base64 of a JSON cursor that remembers the query and the
//! key of the page edge), present only when such a page exists. Sending any of `filters`,
//! `limit`, `sort_order` (or the action's other remembered fields) together with `page_id` is a
//! `validation` error, as on the real API. Cursors hold keys, not offsets, so items created
//! between two page requests neither repeat nor shift the pages.

use crate::actions::args::Args;
use crate::errors::{ApiError, ApiResult};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The sort key of an item: a number (usually a timestamp) and an id to break ties.
pub(crate) type Key = (i64, String);

/// The maximum `limit`.
pub(crate) const MAX_LIMIT: u64 = 100;

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Cursor {
    action: String,
    scope: String,
    params: Map<String, Value>,
    limit: usize,
    desc: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    after: Option<Key>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    before: Option<Key>,
}

/// One page request, first or later.
#[derive(Clone, Debug)]
pub(crate) struct PageQuery {
    cursor: Cursor,
    /// Whether the request itself gave `limit` (first pages only).
    pub(crate) limit_given: bool,
}

/// A page of items and the ids of its neighbours.
#[derive(Debug)]
pub(crate) struct Page<T> {
    pub(crate) items: Vec<T>,
    pub(crate) total: usize,
    pub(crate) next_page_id: Option<String>,
    pub(crate) previous_page_id: Option<String>,
}

impl PageQuery {
    /// Reads `page_id` or `limit`/`sort_order`/`remembered` from the request.
    ///
    /// `scope` binds page ids to what they were issued for (e.g. the chat of list_threads).
    pub(crate) fn begin(
        args: &mut Args,
        action: &str,
        scope: &str,
        default_limit: u64,
        remembered: &[&str],
    ) -> ApiResult<PageQuery> {
        if let Some(page_id) = args.opt_str("page_id")? {
            for key in ["limit", "sort_order"].iter().chain(remembered) {
                if args.has(key) {
                    return Err(ApiError::validation(format!(
                        "{key} cannot be used together with page_id"
                    )));
                }
            }
            let cursor = STANDARD
                .decode(page_id.as_bytes())
                .ok()
                .and_then(|bytes| serde_json::from_slice::<Cursor>(&bytes).ok())
                .filter(|c| c.action == action && c.scope == scope)
                .ok_or_else(|| ApiError::validation("Invalid page_id"))?;
            return Ok(PageQuery {
                cursor,
                limit_given: false,
            });
        }
        let limit = args.opt_u64("limit")?;
        if limit.is_some_and(|l| !(1..=MAX_LIMIT).contains(&l)) {
            return Err(ApiError::validation(format!(
                "limit must be between 1 and {MAX_LIMIT}"
            )));
        }
        let desc = match args.opt_str("sort_order")?.as_deref() {
            None | Some("desc") => true,
            Some("asc") => false,
            Some(_) => return Err(ApiError::validation("sort_order must be asc or desc")),
        };
        let mut params = Map::new();
        for key in remembered {
            if let Some(value) = args.take_raw(key) {
                params.insert((*key).to_string(), value);
            }
        }
        Ok(PageQuery {
            cursor: Cursor {
                action: action.to_string(),
                scope: scope.to_string(),
                params,
                limit: usize::try_from(limit.unwrap_or(default_limit)).unwrap_or(10),
                desc,
                after: None,
                before: None,
            },
            limit_given: limit.is_some(),
        })
    }

    /// A remembered field (e.g. `filters`), from this request or from the first page.
    pub(crate) fn param(&self, key: &str) -> Option<&Value> {
        self.cursor.params.get(key)
    }

    /// Whether the newest items come first.
    pub(crate) fn descending(&self) -> bool {
        self.cursor.desc
    }

    /// Cuts the page out of `items` (in any order) and mints the neighbours' page ids.
    pub(crate) fn paginate<T>(&self, mut items: Vec<(Key, T)>) -> Page<T> {
        let desc = self.cursor.desc;
        items.sort_by(|a, b| if desc { b.0.cmp(&a.0) } else { a.0.cmp(&b.0) });
        // `a` comes strictly before `b` in display order.
        let precedes = |a: &Key, b: &Key| if desc { a > b } else { a < b };
        let total = items.len();
        let limit = self.cursor.limit.max(1);
        let (start, end) = match (&self.cursor.after, &self.cursor.before) {
            (Some(after), _) => {
                let start = items
                    .iter()
                    .position(|(k, _)| precedes(after, k))
                    .unwrap_or(total);
                (start, (start + limit).min(total))
            }
            (None, Some(before)) => {
                let end = items
                    .iter()
                    .position(|(k, _)| !precedes(k, before))
                    .unwrap_or(total);
                (end.saturating_sub(limit), end)
            }
            (None, None) => (0, limit.min(total)),
        };
        let next_page_id =
            (end < total && end > 0).then(|| self.mint(Some(items[end - 1].0.clone()), None));
        let previous_page_id = (start > 0).then(|| {
            let edge = match items.get(start) {
                Some((key, _)) => key.clone(),
                // Past the end: "everything before the end".
                None if desc => (i64::MIN, String::new()),
                None => (i64::MAX, String::new()),
            };
            self.mint(None, Some(edge))
        });
        let items = items
            .into_iter()
            .skip(start)
            .take(end - start)
            .map(|(_, item)| item)
            .collect();
        Page {
            items,
            total,
            next_page_id,
            previous_page_id,
        }
    }

    fn mint(&self, after: Option<Key>, before: Option<Key>) -> String {
        let cursor = Cursor {
            after,
            before,
            ..self.cursor.clone()
        };
        STANDARD.encode(serde_json::to_vec(&cursor).unwrap_or_default())
    }
}

impl<T> Page<T> {
    /// Adds `next_page_id` / `previous_page_id` to a response object when they exist.
    pub(crate) fn add_page_ids(&self, response: &mut Map<String, Value>) {
        if let Some(id) = &self.next_page_id {
            response.insert("next_page_id".into(), Value::String(id.clone()));
        }
        if let Some(id) = &self.previous_page_id {
            response.insert("previous_page_id".into(), Value::String(id.clone()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn query(body: Value) -> ApiResult<PageQuery> {
        let mut args = Args::from_value(body, "")?;
        PageQuery::begin(&mut args, "list_x", "", 10, &["filters"])
    }

    fn items(n: i64) -> Vec<(Key, i64)> {
        (1..=n).map(|i| ((i, format!("id{i}")), i)).collect()
    }

    #[test]
    fn pages_walk_forward_and_back() {
        let first = query(json!({"limit": 2})).unwrap();
        let page = first.paginate(items(5));
        assert_eq!(page.items, vec![5, 4]);
        assert!(page.previous_page_id.is_none());
        let next = query(json!({"page_id": page.next_page_id.unwrap()})).unwrap();
        let page2 = next.paginate(items(5));
        assert_eq!(page2.items, vec![3, 2]);
        let back = query(json!({"page_id": page2.previous_page_id.unwrap()})).unwrap();
        assert_eq!(back.paginate(items(5)).items, vec![5, 4]);
        let last = query(json!({"page_id": page2.next_page_id.unwrap()})).unwrap();
        let page3 = last.paginate(items(5));
        assert_eq!(page3.items, vec![1]);
        assert!(page3.next_page_id.is_none());
    }

    #[test]
    fn ascending_order_and_remembered_filters() {
        let first = query(json!({"limit": 3, "sort_order": "asc", "filters": {"a": 1}})).unwrap();
        let page = first.paginate(items(4));
        assert_eq!(page.items, vec![1, 2, 3]);
        let next = query(json!({"page_id": page.next_page_id.unwrap()})).unwrap();
        assert_eq!(next.param("filters"), Some(&json!({"a": 1})));
        assert_eq!(next.paginate(items(4)).items, vec![4]);
    }

    #[test]
    fn page_id_with_filters_limit_or_sort_order_is_rejected() {
        for extra in [
            json!({"limit": 1}),
            json!({"filters": {}}),
            json!({"sort_order": "asc"}),
        ] {
            let mut body = extra.as_object().unwrap().clone();
            body.insert("page_id".into(), json!("abc"));
            let err = query(Value::Object(body)).unwrap_err();
            assert_eq!(err.kind, crate::errors::ErrorKind::Validation);
        }
        assert!(query(json!({"page_id": "not-a-cursor"})).is_err());
        assert!(query(json!({"limit": 0})).is_err());
        assert!(query(json!({"limit": 101})).is_err());
    }
}
