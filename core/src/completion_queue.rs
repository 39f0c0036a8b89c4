//! A completion queue an event loop can watch: work finishing on the runtime's threads pushes
//! items; a file descriptor becomes readable when items wait; the loop's own thread takes them.
//! The C library's `LcQueue` and the Python bridge (one queue per asyncio loop) are built on it.
//!
//! The descriptor is readable exactly while the queue is non-empty: one byte is written when it
//! goes from empty to non-empty and read back only when a take empties it, both under the lock.
//! So level-triggered loops see it readable until everything is taken, and an edge-triggered
//! loop that takes until empty gets a new edge for the next item.

use std::collections::VecDeque;
use std::io::{ErrorKind, Read, Write};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

/// A multi-producer queue with a pollable wake-up descriptor (Unix only).
#[derive(Debug)]
pub struct CompletionQueue<T> {
    items: Mutex<VecDeque<T>>,
    /// Whether items wait, readable without the lock (what a busy-polling loop watches).
    ready: AtomicBool,
    wake_tx: UnixStream,
    wake_rx: UnixStream,
}

impl<T> CompletionQueue<T> {
    /// An empty queue with its wake-up socket pair (both ends non-blocking, close-on-exec).
    pub fn new() -> std::io::Result<Self> {
        let (wake_tx, wake_rx) = UnixStream::pair()?;
        wake_tx.set_nonblocking(true)?;
        wake_rx.set_nonblocking(true)?;
        Ok(CompletionQueue {
            items: Mutex::new(VecDeque::new()),
            ready: AtomicBool::new(false),
            wake_tx,
            wake_rx,
        })
    }

    /// The descriptor to poll for reading; owned by the queue (never close it).
    pub fn fd(&self) -> RawFd {
        self.wake_rx.as_raw_fd()
    }

    /// Whether items wait.
    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::Acquire)
    }

    /// How many items wait.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no item waits.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> MutexGuard<'_, VecDeque<T>> {
        // Pushes and pops cannot leave the deque half-changed: a poisoned lock is still usable.
        self.items.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Adds an item; makes the descriptor readable if it was not.
    pub fn push(&self, item: T) {
        let mut items = self.lock();
        if items.is_empty() {
            // Under the lock, so that the byte's presence always matches a non-empty queue. A
            // full buffer cannot happen (one byte at most) and would only mean "readable".
            let _ = (&self.wake_tx).write(&[1]);
        }
        items.push_back(item);
        self.ready.store(true, Ordering::Release);
    }

    /// Takes up to `max` items, oldest first; when that empties the queue the descriptor stops
    /// being readable.
    pub fn take(&self, max: usize) -> Vec<T> {
        let mut items = self.lock();
        let n = max.min(items.len());
        let taken: Vec<T> = items.drain(..n).collect();
        if items.is_empty() {
            self.ready.store(false, Ordering::Relaxed);
            self.clear_wake();
        }
        taken
    }

    /// Takes every waiting item, oldest first (one swap under the lock: what a loop draining
    /// whole batches wants); the descriptor stops being readable.
    pub fn take_all(&self) -> VecDeque<T> {
        let mut items = self.lock();
        let taken = std::mem::take(&mut *items);
        if !taken.is_empty() {
            self.ready.store(false, Ordering::Relaxed);
            self.clear_wake();
        }
        taken
    }

    fn clear_wake(&self) {
        let mut buf = [0u8; 64];
        loop {
            match (&self.wake_rx).read(&mut buf) {
                Ok(0) => break,
                Ok(_) => continue,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(_) => break,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use std::sync::Arc;

    /// Whether the descriptor is readable right now (a byte read is written back: `peek` is
    /// unstable).
    fn readable(q: &CompletionQueue<u32>) -> bool {
        let mut buf = [0u8; 1];
        match (&q.wake_rx).read(&mut buf) {
            Ok(1) => {
                (&q.wake_tx).write_all(&buf).unwrap();
                true
            }
            _ => false,
        }
    }

    #[test]
    fn the_fd_is_readable_exactly_while_items_wait() {
        let q = CompletionQueue::new().unwrap();
        assert!(!readable(&q) && !q.is_ready());
        q.push(1);
        q.push(2);
        q.push(3);
        assert!(readable(&q) && q.is_ready());
        assert_eq!(q.take(2), vec![1, 2]);
        assert!(readable(&q), "one item is left");
        assert_eq!(q.take(10), vec![3]);
        assert!(!readable(&q) && !q.is_ready() && q.is_empty());
        q.push(4);
        assert!(
            readable(&q),
            "a new item after empty makes it readable again"
        );
        assert_eq!(q.len(), 1);
        q.push(5);
        assert_eq!(q.take_all(), [4, 5]);
        assert!(!readable(&q) && !q.is_ready() && q.is_empty());
        assert!(
            q.take_all().is_empty(),
            "taking from an empty queue is fine"
        );
        q.push(6);
        assert!(readable(&q), "readable again after take_all emptied it");
    }

    #[test]
    fn many_threads_pushing_at_once_lose_nothing() {
        let q = Arc::new(CompletionQueue::new().unwrap());
        let threads: Vec<_> = (0..8)
            .map(|t| {
                let q = Arc::clone(&q);
                std::thread::spawn(move || (0..1000).for_each(|i| q.push(t * 1000 + i)))
            })
            .collect();
        let mut got = Vec::new();
        while got.len() < 8000 {
            got.extend(q.take(100));
        }
        threads.into_iter().for_each(|t| t.join().unwrap());
        got.sort_unstable();
        assert_eq!(got, (0..8000).collect::<Vec<_>>());
        assert!(!readable(&q));
    }
}
