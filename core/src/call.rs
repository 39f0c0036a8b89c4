//! `Call<M>`: one typed call being set up. Positional arguments are given to the surface
//! client's method (`AgentWeb`, `Configuration`); optional and later-version arguments through
//! setters; then `.await` it. Arguments are checked against the method table when it runs,
//! before anything is sent.
//!
//! `Call` is itself a `Future` (not only `IntoFuture`), `Send + 'static`, so it can be handed to
//! `tokio::spawn`, `join_all` or `buffer_unordered` as it is: on first poll it moves its client
//! handle and arguments into a boxed future and polls that from then on.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::Stream;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::client::Client;
use crate::error::{Error, ErrorKind, Result};
use crate::options::CallOptions;
use crate::pagination::Pager;

/// One page of a paginated list.
pub trait Page {
    /// The listed item.
    type Item;
    /// The ID of the next page, when there is one.
    fn next_page_id(&self) -> Option<&str>;
    /// The items of this page.
    fn into_items(self) -> Vec<Self::Item>;
}

/// A stream of pages or items; `Unpin`, so `while let Some(x) = stream.next().await` works.
pub type PageStream<T> = Pin<Box<dyn Stream<Item = Result<T>> + Send>>;

/// A method of the table, as a type: its name and typed response.
pub trait Method: Send + 'static {
    /// The method's name in the table.
    const NAME: &'static str;
    /// The decoded response.
    type Output: DeserializeOwned + Send + 'static;
}

/// The running call, once a `Call` has been polled.
type Running<T> = Pin<Box<dyn Future<Output = Result<T>> + Send>>;

/// A call being set up; `.await` sends it. A `Future` that is `Send + 'static`: it owns a
/// client handle and its arguments, so it can be spawned or collected like any future.
///
/// ```no_run
/// # async fn demo(agent: livechat::AgentWeb) -> Result<(), livechat::Error> {
/// use std::time::Duration;
/// use futures_util::{StreamExt, future::join_all};
///
/// // Set up, then await.
/// let chat = agent.get_chat("CHAT_ID").timeout(Duration::from_secs(5)).await?;
///
/// // Spawn it on the runtime (a `Call` is a future, no `.into_future()` needed).
/// let task = tokio::spawn(agent.get_chat("CHAT_ID"));
/// let chat = task.await.map_err(|e| livechat::Error::new(livechat::ErrorKind::Internal, e.to_string()))??;
///
/// // Many at once: all together, or at most 8 in flight.
/// let chats = join_all(["A", "B"].map(|id| agent.get_chat(id))).await;
/// let chats: Vec<_> = futures_util::stream::iter(["A", "B", "C"])
///     .map(|id| agent.get_chat(id))
///     .buffer_unordered(8)
///     .collect()
///     .await;
/// # Ok(()) }
/// ```
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<M: Method> {
    client: Client,
    args: Map<String, Value>,
    options: CallOptions,
    error: Option<Error>,
    running: Option<Running<M::Output>>,
    _method: PhantomData<fn() -> M>,
}

impl<M: Method> Call<M> {
    pub(crate) fn new(client: &Client) -> Self {
        Call {
            client: client.clone(),
            args: Map::new(),
            options: CallOptions::new(),
            error: None,
            running: None,
            _method: PhantomData,
        }
    }

    /// Sets an argument by its API name (checked against the method table when sent). For fields
    /// this version of the library has no setter for.
    pub fn arg(mut self, name: &str, value: impl Serialize) -> Self {
        match serde_json::to_value(value) {
            Ok(v) => {
                self.args.insert(name.to_owned(), v);
            }
            Err(e) => {
                self.error.get_or_insert(
                    Error::invalid_argument(format!("cannot encode argument `{name}`: {e}"))
                        .with_action(M::NAME),
                );
            }
        }
        self
    }

    /// Sets an argument already in JSON form: the generated setters, whose values cannot fail
    /// to encode.
    pub(crate) fn with_arg(mut self, name: &str, value: Value) -> Self {
        self.args.insert(name.to_owned(), value);
        self
    }

    /// Bounds this whole call (attempts, backoff and `Retry-After` waits) instead of the
    /// client's `timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// Bounds each attempt of this call instead of the client's `attempt_timeout`.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.options.attempt_timeout = Some(timeout);
        self
    }

    /// Retries for this call instead of the client's setting.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.options.max_retries = Some(retries);
        self
    }

    /// The arguments set so far.
    pub fn args(&self) -> &Map<String, Value> {
        &self.args
    }

    /// Sends the call and returns the response as JSON instead of the typed struct.
    pub async fn json(self) -> Result<Value> {
        if let Some(e) = self.error {
            return Err(e);
        }
        self.client
            .call_method(M::NAME, self.args, self.options)
            .await
    }

    async fn run(self) -> Result<M::Output> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let bytes = self
            .client
            .call_method_bytes(M::NAME, self.args, self.options)
            .await?;
        decode::<M::Output>(&bytes, M::NAME)
    }
}

/// Compiles only for a `Page`: the generated code asserts it for each paginated method whose
/// docs promise `.pages()` / `.items()`.
pub(crate) const fn assert_page<T: Page>() {}

pub(crate) fn decode<T: DeserializeOwned>(bytes: &[u8], method: &str) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|e| {
        Error::new(
            ErrorKind::Decode,
            format!("cannot decode the {method} response: {e}"),
        )
        .with_action(method)
    })
}

impl<M: Method> Future for Call<M> {
    type Output = Result<M::Output>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // Every field is `Unpin` (the running future is boxed), so no pin projection is needed.
        let this = self.get_mut();
        let running = this.running.get_or_insert_with(|| {
            let call = Call::<M> {
                client: this.client.clone(),
                args: std::mem::take(&mut this.args),
                options: this.options,
                error: this.error.take(),
                running: None,
                _method: PhantomData,
            };
            Box::pin(call.run())
        });
        running.as_mut().poll(cx)
    }
}

impl<M: Method> Call<M>
where
    M::Output: Page,
    <M::Output as Page>::Item: Send,
{
    /// Every page, one response at a time: the first request carries the filters, the next
    /// ones only `page_id`; the stream ends when there is no `next_page_id`.
    ///
    /// ```no_run
    /// # async fn demo(agent: livechat::AgentWeb) -> Result<(), livechat::Error> {
    /// use futures_util::StreamExt;
    ///
    /// let mut pages = agent.list_chats().limit(25).pages();
    /// while let Some(page) = pages.next().await {
    ///     let page = page?;
    ///     println!("{} chats on this page of {:?}", page.chats_summary.len(), page.found_chats);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn pages(self) -> PageStream<M::Output> {
        let first_error = self.error;
        let pager = Pager::new(&self.client, M::NAME, self.args, self.options);
        Box::pin(futures_util::stream::unfold(
            (pager, first_error),
            |(mut pager, error)| async move {
                if let Some(e) = error {
                    return Some((Err(e), (pager.finished(), None)));
                }
                match pager.next_page_bytes().await {
                    Ok(Some(bytes)) => Some((decode::<M::Output>(&bytes, M::NAME), (pager, None))),
                    Ok(None) => None,
                    Err(e) => Some((Err(e), (pager.finished(), None))),
                }
            },
        ))
    }

    /// Every item of every page (an error ends the stream after it is yielded).
    ///
    /// ```no_run
    /// # async fn demo(agent: livechat::AgentWeb) -> Result<(), livechat::Error> {
    /// use futures_util::TryStreamExt;
    ///
    /// let ids: Vec<String> = agent.list_chats().items().map_ok(|c| c.id).try_collect().await?;
    /// # Ok(()) }
    /// ```
    pub fn items(self) -> PageStream<<M::Output as Page>::Item> {
        use futures_util::StreamExt;
        Box::pin(self.pages().flat_map(|page| {
            let items: Vec<Result<<M::Output as Page>::Item>> = match page {
                Ok(p) => p.into_items().into_iter().map(Ok).collect(),
                Err(e) => vec![Err(e)],
            };
            futures_util::stream::iter(items)
        }))
    }
}
