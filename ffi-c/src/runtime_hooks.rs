//! What the C library asks of the shared runtime before it starts: its threads block SIGPIPE.
//!
//! A C host usually keeps SIGPIPE's default action (terminate), and hyper writes request bodies
//! with `writev`, which raises SIGPIPE when the peer has closed (a server answering 413 and
//! closing while a large body is still being written). A signal raised by a write is delivered
//! to the writing thread; blocked there, it stays pending on that thread and the write fails
//! with `EPIPE`, which becomes `LC_STATUS_TRANSPORT` (or the API's answer). The host's own
//! disposition and its threads' masks are never touched. Blocking calls, which run on the
//! host's thread, are covered by the guard in `sigpipe.rs`.

/// Registers the thread-start hook with the core's runtime; cheap after the first call. Called
/// by `lc_client_new`: every operation needs a client, so it runs before the runtime starts.
pub(crate) fn install() {
    livechat_core::runtime::set_thread_start_hook(block_sigpipe_in_this_thread);
}

fn block_sigpipe_in_this_thread() {
    // SAFETY: `set` is a local, initialised by sigemptyset before use; pthread_sigmask only
    // reads it and changes this thread's mask (a runtime thread, which runs no host code that
    // could rely on receiving SIGPIPE).
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGPIPE);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
}
