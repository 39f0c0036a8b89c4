//! SIGPIPE on the caller's thread during a blocking call. A C host usually keeps SIGPIPE's
//! default action (terminate the process), and a write to a socket whose peer has closed raises
//! SIGPIPE on the writing thread unless the write asked not to (hyper writes bodies with
//! `writev`, which cannot). Blocking calls run the request on the caller's thread
//! (`runtime::block_on`), so for their duration [`without_sigpipe`] blocks SIGPIPE in that
//! thread, consumes one that became pending meanwhile, and restores the thread's mask: the write
//! fails with `EPIPE` instead, and the caller gets a status. The process's disposition is never
//! changed. The runtime's own threads block SIGPIPE for good (`runtime_hooks.rs`), which covers
//! async calls.

/// Runs `body` with SIGPIPE blocked in this thread when that matters: when SIGPIPE is not
/// ignored by the process and this thread does not block it already. A SIGPIPE that became
/// pending meanwhile is consumed (never delivered) before the previous mask is restored. When
/// the host ignores SIGPIPE this costs one `sigaction` query.
pub(crate) fn without_sigpipe<T>(body: impl FnOnce() -> T) -> T {
    let guard = Guard::new();
    let out = body();
    drop(guard);
    out
}

/// While alive, SIGPIPE is blocked in this thread (if it needed to be); dropping it consumes a
/// pending SIGPIPE and restores the mask. Also restores on unwind.
struct Guard {
    /// The thread's mask before, when this guard blocked SIGPIPE; `None`: nothing to undo.
    #[cfg(unix)]
    previous: Option<libc::sigset_t>,
}

#[cfg(unix)]
fn sigpipe_set() -> libc::sigset_t {
    // SAFETY: `sigset_t` is plain data; sigemptyset initialises it before sigaddset reads it.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGPIPE);
        set
    }
}

#[cfg(unix)]
impl Guard {
    fn new() -> Guard {
        Guard {
            previous: Self::block(),
        }
    }

    /// Blocks SIGPIPE in this thread unless the process ignores it or the thread blocks it
    /// already; returns the previous mask when it did.
    fn block() -> Option<libc::sigset_t> {
        // SAFETY: `sigaction` with a NULL new action only reads the disposition into `current`,
        // a local of the right type.
        let ignored = unsafe {
            let mut current: libc::sigaction = std::mem::zeroed();
            libc::sigaction(libc::SIGPIPE, std::ptr::null(), &mut current) == 0
                && current.sa_sigaction == libc::SIG_IGN
        };
        if ignored {
            return None;
        }
        let set = sigpipe_set();
        // SAFETY: both sets are locals of the right type; this changes only this thread's mask.
        let previous = unsafe {
            let mut previous: libc::sigset_t = std::mem::zeroed();
            if libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut previous) != 0 {
                return None;
            }
            previous
        };
        // SAFETY: `previous` was filled by pthread_sigmask.
        let was_blocked = unsafe { libc::sigismember(&previous, libc::SIGPIPE) } == 1;
        // Already blocked by the host: the mask is unchanged and a pending SIGPIPE is the host's.
        (!was_blocked).then_some(previous)
    }
}

#[cfg(unix)]
impl Drop for Guard {
    fn drop(&mut self) {
        let Some(previous) = self.previous.take() else {
            return;
        };
        let set = sigpipe_set();
        // At most one SIGPIPE is pending per thread (and one per process); take them all.
        for _ in 0..2 {
            // SAFETY: `pending` is a local filled by sigpending before sigismember reads it.
            let pending = unsafe {
                let mut pending: libc::sigset_t = std::mem::zeroed();
                libc::sigpending(&mut pending) == 0
                    && libc::sigismember(&pending, libc::SIGPIPE) == 1
            };
            if !pending {
                break;
            }
            consume(&set);
        }
        // SAFETY: restores this thread's mask to what it was before `Guard::new`.
        unsafe { libc::pthread_sigmask(libc::SIG_SETMASK, &previous, std::ptr::null_mut()) };
    }
}

/// Takes one pending SIGPIPE without waiting.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn consume(set: &libc::sigset_t) {
    let zero = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `set` and `zero` are valid for the call; a NULL info pointer is allowed. With a
    // zero timeout it never blocks.
    unsafe { libc::sigtimedwait(set, std::ptr::null_mut(), &zero) };
}

/// Takes one pending SIGPIPE (it is pending, so this returns at once).
#[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
fn consume(set: &libc::sigset_t) {
    let mut signal = 0;
    // SAFETY: `set` and `signal` are valid for the call; SIGPIPE is blocked and pending.
    unsafe { libc::sigwait(set, &mut signal) };
}

#[cfg(not(unix))]
impl Guard {
    fn new() -> Guard {
        Guard {}
    }
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    //! The cases that need SIGPIPE at its default action run in a child process (this test
    //! binary again, one ignored test selected by name), because the test harness ignores
    //! SIGPIPE and a mistake would kill it.

    use std::process::Command;

    use super::*;

    /// Whether SIGPIPE is blocked in this thread.
    fn blocked() -> bool {
        // SAFETY: a NULL new set only reads this thread's mask into a local.
        unsafe {
            let mut mask: libc::sigset_t = std::mem::zeroed();
            libc::pthread_sigmask(libc::SIG_BLOCK, std::ptr::null(), &mut mask);
            libc::sigismember(&mask, libc::SIGPIPE) == 1
        }
    }

    /// Whether a SIGPIPE is pending for this thread or the process.
    fn pending() -> bool {
        // SAFETY: reads the pending set into a local.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigpending(&mut set);
            libc::sigismember(&set, libc::SIGPIPE) == 1
        }
    }

    /// `writev` to a socket whose peer is closed: EPIPE, and SIGPIPE raised on this thread.
    fn writev_to_closed_peer() -> i32 {
        let mut fds = [0; 2];
        // SAFETY: `fds` has room for the two descriptors; the buffers outlive the calls; both
        // descriptors are closed here.
        unsafe {
            assert_eq!(
                libc::socketpair(libc::AF_UNIX, libc::SOCK_STREAM, 0, fds.as_mut_ptr()),
                0
            );
            libc::close(fds[1]);
            let data = [7u8; 16];
            let iov = libc::iovec {
                iov_base: data.as_ptr().cast_mut().cast(),
                iov_len: data.len(),
            };
            let n = libc::writev(fds[0], &iov, 1);
            let errno = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
            libc::close(fds[0]);
            assert_eq!(n, -1);
            errno
        }
    }

    fn set_default_action() {
        // SAFETY: resets SIGPIPE to its default action in this (child) process.
        unsafe { libc::signal(libc::SIGPIPE, libc::SIG_DFL) };
    }

    fn in_child() -> bool {
        std::env::var_os("LC_SIGPIPE_CHILD").is_some()
    }

    /// Runs the ignored test `name` of this binary in a child process.
    fn run_child(name: &str) -> std::process::ExitStatus {
        let exe = std::env::current_exe().unwrap();
        Command::new(exe)
            .args([name, "--exact", "--ignored", "--test-threads=1", "--quiet"])
            .env("LC_SIGPIPE_CHILD", "1")
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap()
    }

    #[test]
    #[ignore = "run in a child process by the test below"]
    fn child_guarded_writes_survive() {
        if !in_child() {
            return;
        }
        set_default_action();
        // The guard blocks, the write fails with EPIPE, the signal is consumed, the mask restored.
        let errno = without_sigpipe(|| {
            assert!(blocked(), "blocked during the body");
            writev_to_closed_peer()
        });
        assert_eq!(errno, libc::EPIPE);
        assert!(!blocked(), "the mask is restored");
        assert!(!pending(), "no SIGPIPE left pending");
        // A host that blocks SIGPIPE itself keeps its mask and its pending signal.
        let set = sigpipe_set();
        // SAFETY: blocks SIGPIPE in this thread (the host's choice, simulated).
        unsafe { libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) };
        assert_eq!(without_sigpipe(writev_to_closed_peer), libc::EPIPE);
        assert!(blocked(), "still blocked: the host's mask");
        assert!(pending(), "the host's pending SIGPIPE is left to the host");
        let mut signal = 0;
        // SAFETY: takes the pending signal (it is pending, so this returns at once).
        unsafe { libc::sigwait(&set, &mut signal) };
        assert_eq!(signal, libc::SIGPIPE);
    }

    #[test]
    #[ignore = "run in a child process by the test below"]
    fn child_unguarded_write_dies() {
        if !in_child() {
            return;
        }
        set_default_action();
        writev_to_closed_peer();
    }

    #[test]
    fn a_guarded_write_to_a_closed_peer_does_not_kill_a_process_with_the_default_action() {
        use std::os::unix::process::ExitStatusExt as _;
        // The control: without the guard the same write kills the child with SIGPIPE.
        let control = run_child("sigpipe::tests::child_unguarded_write_dies");
        assert_eq!(control.signal(), Some(libc::SIGPIPE), "{control:?}");
        let guarded = run_child("sigpipe::tests::child_guarded_writes_survive");
        assert!(guarded.success(), "{guarded:?}");
    }

    #[test]
    fn when_the_process_ignores_sigpipe_the_mask_is_not_touched() {
        // The test harness ignores SIGPIPE (Rust's runtime sets SIG_IGN).
        assert!(!blocked());
        without_sigpipe(|| assert!(!blocked(), "nothing blocked when SIGPIPE is ignored"));
        assert!(!blocked());
    }
}
