//! The C token getter: a callback asked for a token before every request, answering through a
//! completion handle (`LcTokenRequest`) now or later, from any thread. The callback runs on a
//! blocking-pool thread of the shared runtime, so a C getter that blocks stalls no request but
//! its own.
//!
//! A handle points to nothing: its value is an id, never reused, looked up in one registry of
//! pending requests. An entry leaves the registry at the first of: its completion, or the
//! waiting side going away (the call finished, timed out, was cancelled or its client closed).
//! So a second completion, a late one or a made-up handle touches no memory and gets a status,
//! and a request C never answers leaks nothing. `free_user_data` runs once, after the client is
//! gone and no call waits for a token from it any more.

use std::collections::HashMap;
use std::ffi::{c_char, c_void};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

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

/// A pending token request, to answer once with `lc_token_request_complete`. Opaque and never
/// dereferenced: the pointer's value is an id that is never reused, so a stale, repeated or
/// made-up handle is refused with a status, never a crash.
pub struct LcTokenRequest {
    _private: [u8; 0],
}

/// What a pending request answers to; `Arc<Getter>` keeps `user_data` alive while a call waits.
struct Pending {
    reply: oneshot::Sender<Result<Token, Error>>,
    _getter: Arc<Getter>,
}

/// The last id handed out; ids start at 1 (0 would be NULL).
static LAST_ID: AtomicUsize = AtomicUsize::new(0);

/// The pending requests by id.
fn registry() -> MutexGuard<'static, HashMap<usize, Pending>> {
    static PENDING: OnceLock<Mutex<HashMap<usize, Pending>>> = OnceLock::new();
    PENDING
        .get_or_init(Mutex::default)
        .lock()
        // A panic while holding the lock cannot leave the map half-changed (one insert or
        // remove); keep going with it.
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Whether `request` still waits for an answer (tests check nothing is left behind).
#[cfg(test)]
pub(crate) fn is_pending(request: *mut LcTokenRequest) -> bool {
    registry().contains_key(&request.addr())
}

/// A request in the registry, removed when this is dropped: by the waiting side going away
/// (answered, timed out, cancelled, closed), unless the completion removed it first.
struct Registration(usize);

impl Registration {
    fn new(pending: Pending) -> Registration {
        let id = LAST_ID.fetch_add(1, Ordering::Relaxed).wrapping_add(1);
        registry().insert(id, pending);
        Registration(id)
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        // Dropped outside the lock: the Getter's last reference may call free_user_data.
        let pending = registry().remove(&self.0);
        drop(pending);
    }
}

/// The token getter: `user_data` as given to `lc_client_new`, `info` (borrowed for the call)
/// and the handle of the request to answer with `lc_token_request_complete`, during the call or
/// later from any thread.
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
    /// Cleared when `lc_client_new` fails: `user_data` then stays the caller's.
    armed: AtomicBool,
}

// SAFETY: `lc_client_new` documents that the getter and `free_user_data` may be called from
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

    /// Calls the C getter, handing it the request `id` as its handle.
    fn ask(&self, refresh: bool, id: usize) {
        let info = LcTokenRequestInfo { refresh };
        let request = std::ptr::without_provenance_mut::<LcTokenRequest>(id);
        // SAFETY: `callback` is the function the caller registered for this `user_data`;
        // `info` lives until the call returns; `request` is an id, never dereferenced.
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
            // Removed from the registry when this future ends or is dropped, whichever way.
            let registration = Registration::new(Pending {
                reply,
                _getter: Arc::clone(&getter),
            });
            let id = registration.0;
            let refresh = request.refresh;
            // The C getter may block: it runs on the blocking pool, never on a runtime worker.
            // Dropping the join handle detaches it; the answer arrives through `answer`.
            drop(livechat_core::runtime::handle()?.spawn_blocking(move || {
                getter.ask(refresh, id);
            }));
            let result = match answer.await {
                Ok(result) => result,
                Err(_) => Err(token_error(
                    "the token request was dropped without an answer",
                )),
            };
            drop(registration);
            result
        })
    }
}

/// What a C answer means for the pending call.
enum Answer {
    /// A usable token.
    Token(Token),
    /// The getter reported a failure (an error message and no token): the call fails with it.
    Failed(Error),
    /// The answer itself is wrong (both, neither, not UTF-8, unusable token): the call fails
    /// with the `token` error, and the completion returns the `invalid_argument` one.
    Refused { token: Error, invalid: Error },
}

/// Refuses an answer: the call fails with `message` as a token error, the completion with it
/// as an invalid argument.
fn refused(message: String) -> Answer {
    Answer::Refused {
        invalid: invalid(message.clone()),
        token: token_error(message),
    }
}

/// Reads the C answer: exactly one of a token (`"Bearer …"`, `"Basic …"` or a bare Bearer
/// token) and an error message.
fn parse_answer(token: Option<&str>, error_message: Option<&str>) -> Answer {
    match (token, error_message) {
        (None, Some(message)) => {
            Answer::Failed(token_error(format!("the token getter failed: {message}")))
        }
        (Some(token), None) => {
            let token = Token::parse(token);
            match token.validate() {
                Ok(()) => Answer::Token(token),
                Err(e) => refused(format!(
                    "the token getter returned an unusable token: {}",
                    e.message()
                )),
            }
        }
        (Some(_), Some(_)) => refused(
            "the token getter answered with both a token and an error message; pass exactly one"
                .to_owned(),
        ),
        (None, None) => refused(
            "the token getter answered with neither a token nor an error message; pass exactly one"
                .to_owned(),
        ),
    }
}

/// Answers a token request. Call it once per request, from any thread, inside the `LcTokenFn`
/// call or later. Pass exactly one of `token` (`"Bearer …"`, `"Basic …"` or a bare Bearer
/// token) and `error_message` (a failure: the pending call then fails with `LC_STATUS_TOKEN` and
/// that message); the other is NULL. Both strings are borrowed for this call.
///
/// Returns:
/// - `LC_STATUS_OK`: the answer was delivered.
/// - `LC_STATUS_INVALID_ARGUMENT`: the answer is unusable — both `token` and `error_message`, or
///   neither, a string that is not UTF-8, or an unusable token — and the pending call fails with
///   `LC_STATUS_TOKEN` and a message saying why; or `request` is NULL or was never handed out by
///   this library.
/// - `LC_STATUS_CANCELLED`: nobody waits for this request any more: it was already completed,
///   or its call ended without it (timed out, cancelled, client closed). Harmless.
///
/// A request is answered by its first completion; every later use of the handle gets
/// `LC_STATUS_CANCELLED`. Handles are ids, never dereferenced and never reused, so a stale or
/// repeated handle is always safe to pass. A request never completed is forgotten when its call
/// ends, without a leak.
///
/// # Safety
/// `token` and `error_message` are NULL or NUL-terminated strings; `request` may be any value.
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
        let id = request.addr();
        let Some(pending) = registry().remove(&id) else {
            return Err(if id > LAST_ID.load(Ordering::Relaxed) {
                invalid("request is not a token request of this library")
            } else {
                Error::new(
                    ErrorKind::Cancelled,
                    "nobody waits for this token request any more (already completed, timed \
                     out, cancelled or closed)",
                )
            });
        };
        // SAFETY: NULL or NUL-terminated strings (contract).
        let strings = unsafe {
            opt_str_arg(token, "token")
                .and_then(|t| opt_str_arg(error_message, "error_message").map(|m| (t, m)))
        };
        let answer = match strings {
            Ok((t, m)) => parse_answer(t, m),
            Err(e) => Answer::Refused {
                token: token_error(format!(
                    "the token getter's answer is unusable: {}",
                    e.message()
                )),
                invalid: e,
            },
        };
        let (answer, refused) = match answer {
            Answer::Token(token) => (Ok(token), None),
            Answer::Failed(e) => (Err(e), None),
            Answer::Refused { token, invalid } => (Err(token), Some(invalid)),
        };
        let delivered = pending.reply.send(answer).is_ok();
        match (refused, delivered) {
            (Some(e), _) => Err(e),
            (None, true) => Ok(None),
            (None, false) => Err(Error::new(
                ErrorKind::Cancelled,
                "nobody waits for this token request any more (timed out, cancelled or closed)",
            )),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token_of(answer: Answer) -> Token {
        match answer {
            Answer::Token(t) => t,
            _ => panic!("not a token"),
        }
    }

    fn refusal_of(answer: Answer) -> (Error, Error) {
        match answer {
            Answer::Refused { token, invalid } => (token, invalid),
            _ => panic!("not refused"),
        }
    }

    #[test]
    fn answers_are_parsed_as_bearer_basic_or_failure() {
        assert_eq!(
            token_of(parse_answer(Some("Bearer dal:x"), None)).scheme(),
            "Bearer"
        );
        assert_eq!(
            token_of(parse_answer(Some("Basic QUJD"), None)).scheme(),
            "Basic"
        );
        assert_eq!(
            token_of(parse_answer(Some("dal:x"), None)).scheme(),
            "Bearer"
        );
        let Answer::Failed(e) = parse_answer(None, Some("vault down")) else {
            panic!("a reported failure")
        };
        assert_eq!(e.kind(), ErrorKind::Token);
        assert!(e.message().contains("vault down"));
        let (token, invalid) = refusal_of(parse_answer(Some(""), None));
        assert_eq!(token.kind(), ErrorKind::Token);
        assert_eq!(invalid.kind(), ErrorKind::InvalidArgument);
    }

    #[test]
    fn both_or_neither_are_refused_the_same_way_saying_why() {
        for (token, message, why) in [
            (
                Some("dal:x"),
                Some("vault down"),
                "both a token and an error message",
            ),
            (None, None, "neither a token nor an error message"),
        ] {
            let (token, invalid) = refusal_of(parse_answer(token, message));
            assert_eq!(token.kind(), ErrorKind::Token);
            assert_eq!(invalid.kind(), ErrorKind::InvalidArgument);
            assert!(token.message().contains(why), "{token}");
            assert!(invalid.message().contains(why), "{invalid}");
        }
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
