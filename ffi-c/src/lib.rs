//! # liblivechat: the C ABI of the livechat client
//!
//! `extern "C"` functions over the core crate, taking and returning UTF-8 JSON strings; the
//! header `include/livechat.h` is generated from this crate by cbindgen (`tests/header.rs`
//! checks it is current). Every export runs inside the panic guard of [`guard`]
//! (`tests/guard_lint.rs` checks it), so a bug becomes `LC_STATUS_PANIC`, never an abort.
//! All network work runs on the core's one shared runtime; this crate builds none.
//!
//! One concern per module: [`status`] (status values and names), [`strings`] (C strings in and
//! out), [`client`] (create/describe/free), [`call`] (method calls and raw sends, blocking and
//! async), [`upload`], [`pager`] (paging), [`ops`] (async completion and cancel),
//! [`queue`] (completion queues for event loops), [`token`] (the C token getter),
//! [`methods`] (the method table).

// The whole point of this crate is the C boundary; every unsafe block says why it is sound.
#![allow(unsafe_code)]

pub mod call;
pub mod client;
pub mod guard;
pub mod methods;
pub mod ops;
pub mod pager;
pub mod queue;
mod runtime_hooks;
mod sigpipe;
pub mod status;
pub mod strings;
pub mod token;
pub mod upload;
pub mod webhook;

#[cfg(test)]
mod tests;
