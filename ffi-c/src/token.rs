//! The C token getter: a callback asked for a token before every request, answering through a
//! completion handle (`LcTokenRequest`) now or later, from any thread. The callback runs on a
//! blocking-pool thread of the shared runtime, so a C getter that blocks stalls no request but
//! its own. `free_user_data` runs once, after the client and every unanswered request are gone.

use std::ffi::{c_char, c_void};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use livechat_core::{Error, ErrorKind, Token, TokenFuture, TokenProvider, TokenRequest};
use tokio::sync::oneshot;

use crate::status::LcStatus;
use crate::strings::{OutJson, invalid, opt_str_arg};

/// Why the token is asked for; valid only during the `LcTokenFn` call.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct LcTokenRequestInfo {
    /// `true` when the API rejected the previous token (`authentication` error): return a fresh
    /// token, not a cached one. The request is retried once with it.
    pub refresh: bool,
}

/// A pending token request: answer it exactly once with `lc_token_request_complete`, which
/// frees it. Opaque.
pub struct LcTokenRequest {
    reply: oneshot::Sender<Result<Token, Error>>,
    /// Keeps `user_data` alive while the C side may still answer.
    _getter: Arc<Getter>,
}

/// The token getter: `user_data` as given to `lc_agent_web_new`, `info` (borrowed for the call)
/// and the request to answer (owned by the callee until it calls `lc_token_request_complete`).
pub type LcTokenFn = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        info: *const LcTokenRequestInfo,
        request: *mut LcTokenRequest,
    ),
>;

/// Frees the token getter's `user_data`.
pub type LcFreeFn = Option<unsafe extern "C" fn(user_data: *mut c_void)>;

/// The C getter and its `user_data`; frees `user_data` when dropped, if armed.
pub(crate) struct Getter {
    callback: unsafe extern "C" fn(*mut c_void, *const LcTokenRequestInfo, *mut LcTokenRequest),
    user_data: *mut c_void,
    free_user_data: LcFreeFn,
    /// Cleared when `lc_agent_web_new` fails: `user_data` then stays the caller's.
    armed: AtomicBool,
}

// SAFETY: `lc_agent_web_new` documents that the getter and `free_user_data` may be called from
// any thread with `user_data`, so the pointer may move between and be shared by threads.
unsafe impl Send for Getter {}
// SAFETY: as above; this type never touches `user_data` itself, it only passes it to C.
unsafe impl Sync for Getter {}

impl Getter {
    /// A getter for the C callback; `None` when `callback` is NULL.
    pub(crate) fn new(
        callback: LcTokenFn,
        user_data: *mut c_void,
        free_user_data: LcFreeFn,
    ) -> Option<Arc<Getter>> {
        callback.map(|callback| {
            Arc::new(Getter {
                callback,
                user_data,
                free_user_data,
                armed: AtomicBool::new(true),
            })
        })
    }

    /// Leaves `user_data` to the caller (used when the client could not be built).
    pub(crate) fn disarm(&self) {
        self.armed.store(false, Ordering::SeqCst);
    }

    /// Calls the C getter, handing it `request`.
    fn ask(&self, refresh: bool, request: Box<LcTokenRequest>) {
        let info = LcTokenRequestInfo { refresh };
        let request = Box::into_raw(request);
        // SAFETY: `callback` is the function the caller registered for this `user_data`;
        // `info` lives until the call returns; ownership of `request` passes to the callee, who
        // returns it through `lc_token_request_complete`.
        unsafe { (self.callback)(self.user_data, &info, request) };
    }
}

impl Drop for Getter {
    fn drop(&mut self) {
        if let Some(free) = self.free_user_data {
            if self.armed.load(Ordering::SeqCst) {
                // SAFETY: the last use of `user_data` is over (this is the last reference), and
                // the caller handed it to us with this function to free it.
                unsafe { free(self.user_data) };
            }
        }
    }
}

/// The core's view of the C getter.
pub(crate) struct CTokenProvider(pub(crate) Arc<Getter>);

fn token_error(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Token, message)
}

impl TokenProvider for CTokenProvider {
    fn token(&self, request: TokenRequest) -> TokenFuture<'_> {
        let getter = Arc::clone(&self.0);
        Box::pin(async move {
            let (reply, answer) = oneshot::channel();
            let pending = Box::new(LcTokenRequest {
                reply,
                _getter: Arc::clone(&getter),
            });
            let refresh = request.refresh;
            // The C getter may block: it runs on the blocking pool, never on a runtime worker.
            // Dropping the join handle detaches it; the answer arrives through `answer`.
            drop(livechat_core::runtime::handle()?.spawn_blocking(move || {
                getter.ask(refresh, pending);
            }));
            match answer.await {
                Ok(result) => result,
                Err(_) => Err(token_error(
                    "the token request was dropped without an answer",
                )),
            }
        })
    }
}

/// Parses the C answer: an error message wins; otherwise the token (`"Bearer …"`, `"Basic …"`
/// or a bare Bearer token).
fn parse_answer(token: Option<&str>, error_message: Option<&str>) -> Result<Token, Error> {
    match (token, error_message) {
        (_, Some(message)) => Err(token_error(format!("the token getter failed: {message}"))),
        (Some(token), None) => {
            let token = Token::parse(token);
            token.validate().map_err(|e| {
                token_error(format!(
                    "the token getter returned an unusable token: {}",
                    e.message()
                ))
            })?;
            Ok(token)
        }
        (None, None) => Err(token_error(
            "the token getter answered with neither a token nor an error message",
        )),
    }
}

/// Answers a token request and frees it. Call it exactly once per request, from any thread,
/// inside the `LcTokenFn` call or later. `token` is `"Bearer …"`, `"Basic …"` or a bare Bearer
/// token; to report a failure pass `token = NULL` and an `error_message` (the pending call then
/// fails with `LC_STATUS_TOKEN` and that message). Both strings are borrowed for this call.
///
/// Returns `LC_STATUS_OK` when the answer was delivered; `LC_STATUS_CANCELLED` when nobody waits
/// any more (the call timed out, was cancelled or its client closed), which is harmless; and
/// `LC_STATUS_INVALID_ARGUMENT` when `request` is NULL or a string is not UTF-8 or the token is
/// unusable (the pending call then fails with `LC_STATUS_TOKEN`). The request is freed in every
/// case except a NULL `request`.
///
/// # Safety
/// `request` is NULL or a request received by an `LcTokenFn` and not completed yet; `token` and
/// `error_message` are NULL or NUL-terminated strings.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lc_token_request_complete(
    request: *mut LcTokenRequest,
    token: *const c_char,
    error_message: *const c_char,
) -> LcStatus {
    crate::guard::status_guard(OutJson::none(), || {
        if request.is_null() {
            return Err(invalid("request is NULL"));
        }
        // SAFETY: a request handed out by `Getter::ask` and not completed yet (contract).
        let request = unsafe { Box::from_raw(request) };
        // SAFETY: NULL or NUL-terminated strings (contract).
        let strings = unsafe {
            opt_str_arg(token, "token")
                .and_then(|t| opt_str_arg(error_message, "error_message").map(|m| (t, m)))
        };
        let (answer, caller_error) = match strings {
            Ok((t, m)) => match parse_answer(t, m) {
                Err(e) if t.is_some() && m.is_none() => {
                    (Err(e), Some(invalid("the token is unusable")))
                }
                answer => (answer, None),
            },
            Err(e) => (
                Err(token_error(format!(
                    "the token getter's answer is unusable: {}",
                    e.message()
                ))),
                Some(e),
            ),
        };
        let delivered = request.reply.send(answer).is_ok();
        match (caller_error, delivered) {
            (Some(e), _) => Err(e),
            (None, true) => Ok(None),
            (None, false) => Err(Error::new(
                ErrorKind::Cancelled,
                "nobody waits for this token any more (timed out, cancelled or closed)",
            )),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_parsed_as_bearer_basic_or_failure() {
        assert_eq!(
            parse_answer(Some("Bearer dal:x"), None).unwrap().scheme(),
            "Bearer"
        );
        assert_eq!(
            parse_answer(Some("Basic QUJD"), None).unwrap().scheme(),
            "Basic"
        );
        assert_eq!(
            parse_answer(Some("dal:x"), None).unwrap().scheme(),
            "Bearer"
        );
        let e = parse_answer(Some("dal:x"), Some("vault down")).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Token);
        assert!(e.message().contains("vault down"));
        assert_eq!(
            parse_answer(None, None).unwrap_err().kind(),
            ErrorKind::Token
        );
        assert_eq!(
            parse_answer(Some(""), None).unwrap_err().kind(),
            ErrorKind::Token
        );
    }

    #[test]
    fn completing_a_null_request_is_an_invalid_argument() {
        // SAFETY: NULL request is allowed.
        let status = unsafe {
            lc_token_request_complete(std::ptr::null_mut(), c"t".as_ptr(), std::ptr::null())
        };
        assert_eq!(status, LcStatus::InvalidArgument);
    }
}
