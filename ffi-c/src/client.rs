//! `LcClient`: creating a client of any surface from a config JSON (+ optional C token getter),
//! describing it, and freeing it. Freeing closes the client; async operations still in flight hold their own
//! reference and finish with `LC_STATUS_CLOSED`.

use std::ffi::{c_char, c_void};
use std::sync::{Arc, Mutex};

use livechat_core::{AgentWeb, Client, ClientConfig, Configuration, Error, SurfaceClient};
use serde_json::json;

use crate::queue::{LcQueue, Shared, queue_ref};
use crate::status::LcStatus;
use crate::strings::{OutJson, invalid, json_type, str_arg};
use crate::token::{CTokenProvider, Getter, LcFreeFn, LcTokenFn};

/// A LiveChat API client, one type for every API: the Agent Chat API (web transport) by default,
/// or the API the config's `"api"` names (`"configuration"`). Opaque; create with
/// `lc_client_new`, free with `lc_client_free`. Usable from any thread, by many at once.
pub struct LcClient {
    pub(crate) client: Client,
    /// Where async callbacks run: `None` on library threads, else in this queue's drain.
    queue: Mutex<Option<Arc<Shared>>>,
}

/// The queue a client's async callbacks go to (`None` also for a NULL client, whose call fails
/// before this matters).
///
/// # Safety
/// `client` is NULL or a live client.
pub(crate) unsafe fn client_queue(client: *const LcClient) -> Option<Arc<Shared>> {
    // SAFETY: NULL or a live client (contract).
    let client = unsafe { client.as_ref() }?;
    // Replaced whole, never half-changed: a poisoned lock is still usable.
    client
        .queue
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone()
}

/// Borrows the client behind a C pointer.
///
/// # Safety
/// `client` is NULL or a pointer from `lc_client_new` that is not freed during `'a`.
pub(crate) unsafe fn client_ref<'a>(client: *const LcClient) -> Result<&'a Client, Error> {
    // SAFETY: NULL or a live client (contract).
    unsafe { client.as_ref() }
        .map(|c| &c.client)
        .ok_or_else(|| invalid("client is NULL"))
}

/// `{"api_url","client_id","version","type":"agent"|"configuration"}`.
fn info_json(agent: &Client) -> Vec<u8> {
    json!({
        "api_url": agent.api_url(),
        "client_id": agent.client_id(),
        "version": agent.version().as_str(),
        "type": agent.kind(),
    })
    .to_string()
    .into_bytes()
}

/// Refuses a config that is JSON but not an object, before the core's parser would describe an
/// array as a "struct ClientConfig with 15 elements". Text that is not JSON is left to the core,
/// whose message names the syntax error.
fn check_object(config: &str) -> Result<(), Error> {
    match serde_json::from_str::<serde_json::Value>(config) {
        Ok(serde_json::Value::Object(_)) | Err(_) => Ok(()),
        Ok(other) => Err(invalid(format!(
            "the config must be a JSON object, got {}",
            json_type(&other)
        ))),
    }
}

fn build(config: &str, getter: Option<&Arc<Getter>>) -> Result<Client, Error> {
    check_object(config)?;
    let config = ClientConfig::from_json(config)?;
    // One handle type for every surface: the config's "api" picks the client built.
    let api = livechat_core::surfaces::by_name(config.api.as_deref().unwrap_or("agent"))?;
    if api.name == Configuration::SURFACE.name {
        return build_as::<Configuration>(config, getter).map(|c| c.client().clone());
    }
    build_as::<AgentWeb>(config, getter).map(|a| a.client().clone())
}

fn build_as<C: SurfaceClient>(
    config: ClientConfig,
    getter: Option<&Arc<Getter>>,
) -> Result<C, Error> {
    let has_static_token = config.token.is_some() || config.pat.is_some() || config.basic.is_some();
    if getter.is_some() && has_static_token {
        return Err(invalid(
            "give either a token (token, pat or basic) in the config or a token getter, not both",
        ));
    }
    let user_agent = config
        .user_agent
        .is_none()
        .then(|| livechat_core::default_user_agent("livechat-c", &config.client_id));
    let mut builder = config.into_builder()?;
    if let Some(ua) = user_agent {
        builder = builder.user_agent(ua);
    }
    if let Some(getter) = getter {
        builder = builder.token_provider_arc(Arc::new(CTokenProvider(Arc::clone(getter))));
    }
    builder.build()
}

/// Creates a client. Nothing is sent.
///
/// `config_json` is a JSON object; anything else (an array, a string, `null`) is refused with
/// `LC_STATUS_INVALID_ARGUMENT` ("the config must be a JSON object, got an array"), and so are
/// unknown keys (naming the key). Times are seconds (numbers, fractions allowed).
/// - `api`: the API the client speaks, `"agent"` (default: the Agent Chat API, web transport) or
///   `"configuration"` (the Configuration API: bots, bot tokens, webhooks, agents, groups,
///   properties, tags); `lc_methods` lists each one's methods. Any other value is
///   `LC_STATUS_INVALID_ARGUMENT` naming the valid ones. Every function of this header works
///   with every API; a method of another API is refused before anything is sent with
///   `LC_STATUS_UNSUPPORTED_METHOD` naming the API that has it.
/// - `client_id` (string): your application's client ID.
/// - `api_url`: default `"https://api.livechatinc.com"`.
/// - `version`: `"3.3"` … `"3.7"`, default `"3.6"`.
/// - One token source unless `token_fn` is given: `token` (`"Bearer …"`, `"Basic …"` or a bare
///   Bearer token), `pat` (`{"account_id","token"}`, a personal access token) or `basic` (an
///   encoded Basic credential).
/// - `timeout` (default 60): bound of a whole call — every attempt, the waits between retries
///   (backoff, `Retry-After`), the token getter and the wait for a connection. A call that runs
///   out of it fails with `LC_STATUS_TIMEOUT` (or the last error, when a retry would not fit).
/// - `attempt_timeout` (default 20): bound of one attempt (send and read the answer).
/// - `connect_timeout` (default 10): bound of opening one connection.
/// - `token_timeout` (default: `attempt_timeout`, always within `timeout`): the longest wait for
///   the token getter (`token_fn`); an unanswered request then fails the call with
///   `LC_STATUS_TOKEN`.
/// - `max_retries` (default 2, at most 10): retries after the first attempt. Reads are retried
///   after 5xx and timeouts; writes only when nothing reached the server (connection refused)
///   or after the API's 429.
/// - `retry` (an object, every key optional): the whole retry policy, `{"max_retries": n,
///   "base_delay": s, "max_delay": s, "max_retry_after": s}` — `max_retries` as above (here or
///   at the top level, not both), `base_delay` (default 0.5) the first backoff step,
///   `max_delay` (default 10) the longest, `max_retry_after` (default 60) the longest
///   `Retry-After` waited for (a longer one fails the call with the API's error at once).
/// - `max_connections` (default 100, at least 1): the most sockets this client (and the
///   clients sharing its pool) has open to the API at once; more concurrent calls wait for a
///   connection (within their `timeout`). Through a proxy (`proxy`, or `HTTPS_PROXY` and the
///   like in the environment) it bounds the requests in flight instead.
/// - `pool_idle_timeout` (default 30; 0: connections are not kept): how long an idle connection
///   stays open for reuse.
/// - `proxy` (`"http://host:port"` or `"https://host:port"`): send every request through this
///   proxy; a URL that does not parse is refused without repeating it (it may hold a password).
/// - `http2_prior_knowledge` (bool, default false): speak HTTP/2 from the first byte (for
///   `http://` servers that take HTTP/2 cleartext; `https://` negotiates HTTP/2 by itself).
/// - `max_response_bytes` (default 64 MiB): a larger response body fails with `LC_STATUS_DECODE`.
/// - `headers` (`{"name":"value"}`), `user_agent`, `region` (`X-Region`, otherwise taken from a
///   `dal:`/`fra:` token prefix), `ca_file` (a PEM file of extra CA certificates).
/// - `bot` (an object): act as a bot, `{"bot_id","client_id","bot_secret","organization_id"}`
///   (all strings; `client_id` is the Client ID that owns the bot). Its tokens are issued with
///   `issue_bot_token` (authenticated by the config's `token`, `pat` or `basic`, which is then
///   required) on first use and renewed before they expire; concurrent calls share one issue.
///
/// `token_fn` (nullable) is a token getter asked before requests (with `info->refresh` set after
/// the API rejected a token; concurrent calls share one pending request); it runs on a library
/// blocking-pool thread and may block; it answers each request once with
/// `lc_token_request_complete`, then or later, from any thread. A request not answered within
/// `token_timeout` fails its calls with `LC_STATUS_TOKEN` and is forgotten (completing it later
/// returns `LC_STATUS_CANCELLED`). `user_data` is passed to it; `free_user_data` (nullable) is
/// called exactly once with `user_data`, on any thread, when the client and its pagers are
/// freed, its last operation is over and no call waits for a token from it any more (a getter
/// that answers after that must not use `user_data`; its `lc_token_request_complete` is
/// harmless). If this function fails, `user_data` stays yours and `free_user_data` is not
/// called; when `token_fn` is NULL both are ignored.
///
/// On success `*out_client` receives the client (the caller's, until `lc_client_free`) and
/// `*out_json` (if not NULL) its description `{"api_url","client_id","version","type"}` (`type`
/// is the `api`); otherwise `*out_client` is NULL and `*out_json` receives the error JSON.
/// `config_json` is only read during the call. Thread-safe.
///
/// # Safety
/// `config_json` is NULL or a NUL-terminated string; `out_client` and `out_json` are NULL or
/// writable; `token_fn` and `free_user_data` are NULL or valid functions callable from any thread
/// with `user_data`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lc_client_new(
    config_json: *const c_char,
    token_fn: LcTokenFn,
    user_data: *mut c_void,
    free_user_data: LcFreeFn,
    out_client: *mut *mut LcClient,
    out_json: *mut *mut c_char,
) -> LcStatus {
    crate::guard::status_guard(
        // SAFETY: `out_json` is NULL or writable (this function's contract).
        unsafe { OutJson::new(out_json) },
        || {
            if out_client.is_null() {
                return Err(invalid("out_client is NULL"));
            }
            // SAFETY: non-NULL and writable (contract).
            unsafe { out_client.write(std::ptr::null_mut()) };
            crate::runtime_hooks::install();
            // SAFETY: NULL or a NUL-terminated string (contract).
            let config = unsafe { str_arg(config_json, "config_json") }?;
            let getter = Getter::new(token_fn, user_data, free_user_data);
            let agent = match build(config, getter.as_ref()) {
                Ok(agent) => agent,
                Err(e) => {
                    if let Some(g) = &getter {
                        g.disarm();
                    }
                    return Err(e);
                }
            };
            let info = info_json(&agent);
            let client = Box::into_raw(Box::new(LcClient {
                client: agent,
                queue: Mutex::new(None),
            }));
            // SAFETY: checked non-NULL above; ownership passes to the caller.
            unsafe { out_client.write(client) };
            Ok(Some(info))
        },
    )
}

/// Describes a client: `{"api_url","client_id","version","type"}` in `*out_json` (the caller's,
/// freed with `lc_string_free`); `type` is its API, `"agent"` or `"configuration"`.
///
/// # Safety
/// `client` is NULL or a live client; `out_json` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lc_client_info(
    client: *const LcClient,
    out_json: *mut *mut c_char,
) -> LcStatus {
    crate::guard::status_guard(
        // SAFETY: `out_json` is NULL or writable (this function's contract).
        unsafe { OutJson::new(out_json) },
        || {
            // SAFETY: NULL or a live client (contract).
            let agent = unsafe { client_ref(client) }?;
            Ok(Some(info_json(agent)))
        },
    )
}

/// Closes and frees a client, and sets `*client` to NULL; `client` and `*client` may be NULL.
/// Async operations still in flight complete with `LC_STATUS_CLOSED` (their callbacks still fire
/// exactly once); the memory and the token getter's `user_data` are released when the last of
/// them ends and the client's pagers are freed. No other thread may be inside a blocking call with this client. Pagers from it
/// stay valid (free them with `lc_pager_free`); their pages fail with `LC_STATUS_CLOSED`.
///
/// # Safety
/// `client` is NULL or points to NULL or to a client from `lc_client_new` not freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lc_client_free(client: *mut *mut LcClient) {
    crate::guard::void_guard(|| {
        if client.is_null() {
            return;
        }
        // SAFETY: non-NULL, readable and writable (contract).
        let raw = unsafe { client.replace(std::ptr::null_mut()) };
        if raw.is_null() {
            return;
        }
        // SAFETY: `raw` came from `Box::into_raw` in `lc_client_new` and is freed only here.
        let client = unsafe { Box::from_raw(raw) };
        client.client.close();
    });
}

/// Routes the client's async callbacks to `queue`: those of `lc_client_call_async`,
/// `lc_client_send_async`, `lc_client_upload_async` and of `lc_pager_next_async` on pagers
/// created afterwards (a pager keeps the client's queue of when `lc_client_pages` created it)
/// then run inside `lc_queue_drain`, on the thread that calls it, never on a library thread.
/// NULL routes them back to library threads. Applies to operations started afterwards; those
/// already started keep where they were routed. The client holds its own reference to the
/// queue: freeing the queue first is allowed (the client's async calls then fail with
/// `LC_STATUS_CLOSED` until it gets another queue or NULL). Several clients may share one
/// queue. Returns `LC_STATUS_INVALID_ARGUMENT` for a NULL client.
///
/// # Safety
/// `client` is NULL or a live client; `queue` is NULL or a live queue.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lc_client_set_queue(
    client: *const LcClient,
    queue: *const LcQueue,
) -> LcStatus {
    crate::guard::status_guard(OutJson::none(), || {
        // SAFETY: NULL or a live client (contract).
        let client = unsafe { client.as_ref() }.ok_or_else(|| invalid("client is NULL"))?;
        // SAFETY: NULL or a live queue (contract).
        let queue = unsafe { queue_ref(queue) }.cloned();
        *client
            .queue
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = queue;
        Ok(None)
    })
}
