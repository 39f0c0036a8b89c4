//! `NativePager`: the core's `Pager` behind the Python `iter_*` methods. Each `next_page`
//! completes through the loop's `Bridge` like a call, so cancellation, timeouts and error
//! mapping are those of calls; the page-id rules (filters on the first request only, a repeated
//! or non-string `next_page_id` is an error, the end is the first page without one) are the
//! core's.

use std::sync::Arc;

use bytes::Bytes;
use livechat::Pager;
use pyo3::prelude::*;
use tokio::sync::Mutex;

use crate::bridge::Bridge;

/// What `next_page` resolves with after the last page: JSON `null` (a page is always an object).
const END: &[u8] = b"null";

/// One walk over the pages of a list method.
#[pyclass(frozen, module = "livechat_client._native")]
pub struct NativePager {
    /// Shared with the page request in flight: a task owns it while it runs, so a page cannot
    /// start before the previous one finished, and a cancelled request leaves the pager as it was.
    pager: Arc<Mutex<Pager>>,
}

impl NativePager {
    /// Wraps `pager`.
    pub(crate) fn new(pager: Pager) -> NativePager {
        NativePager {
            pager: Arc::new(Mutex::new(pager)),
        }
    }
}

#[pymethods]
impl NativePager {
    /// Starts the request of the next page; `fut` is resolved through `bridge` with the page, or
    /// with `None` after the last one. Returns the call id (for cancellation and token requests).
    fn next_page(&self, bridge: &Bound<'_, Bridge>, fut: Py<PyAny>) -> PyResult<u64> {
        let pager = self.pager.clone();
        bridge.get().submit(
            fut,
            Box::pin(async move {
                let page = pager.lock().await.next_page_bytes().await?;
                Ok(page.unwrap_or_else(|| Bytes::from_static(END)))
            }),
        )
    }
}
