//! `AgentWeb`: the Agent Chat web API client — the generic [`Client`] with this surface's
//! typed methods (`calls.rs`) and typed upload.

use std::future::Future;
use std::ops::Deref;

use crate::client::Client;
use crate::config::{ClientBuilder, SurfaceClient};
use crate::error::{Error, ErrorKind, Result};
use crate::options::CallOptions;
use crate::surface::Surface;
use crate::upload::UploadSource;

use super::types::UploadFileResponse;

/// The builder of [`AgentWeb`].
pub type AgentWebBuilder = ClientBuilder<AgentWeb>;

/// A LiveChat Agent Chat API client (web transport).
///
/// ```no_run
/// # async fn demo() -> Result<(), livechat::Error> {
/// use livechat::{AgentWeb, Token};
/// use serde_json::json;
///
/// let agent = AgentWeb::builder("my-client-id")
///     .token(Token::bearer("dal:xxxx"))
///     .version("3.6")
///     .build()?;
/// let chat = agent.start_chat().await?;
/// let sent = agent
///     .send_event(chat.chat_id.as_str(), json!({"type": "message", "text": "Hello"}))
///     .await?;
/// println!("event {}", sent.event_id);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct AgentWeb {
    client: Client,
}

impl AgentWeb {
    /// Starts building a client for `client_id` (your application's Client ID; it goes in the
    /// User-Agent).
    pub fn builder(client_id: impl Into<String>) -> AgentWebBuilder {
        ClientBuilder::new(client_id)
    }

    /// A client of this API sharing `other`'s connections, token source, region and options
    /// (e.g. `AgentWeb::sharing(&other_api_client)`); closing one does not close the other.
    pub fn sharing(other: &Client) -> crate::Result<AgentWeb> {
        other
            .for_surface(&super::SURFACE)
            .map(|client| AgentWeb { client })
    }

    /// The generic client underneath (also reachable through `Deref`).
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Uploads a file (a path or bytes) and returns its URL, to be sent in a `file` event.
    /// `filename` defaults to the path's file name and is required for bytes. Over 10 MB is
    /// refused before anything is sent.
    ///
    /// ```no_run
    /// # async fn demo(agent: livechat::AgentWeb) -> Result<(), livechat::Error> {
    /// let up = agent.upload_file(std::path::Path::new("photo.png"), None).await?;
    /// let bytes = agent.upload_file(b"hello".to_vec(), Some("hello.txt")).await?;
    /// # Ok(()) }
    /// ```
    pub fn upload_file(
        &self,
        file: impl Into<UploadSource>,
        filename: Option<&str>,
    ) -> impl Future<Output = Result<UploadFileResponse>> + Send + 'static {
        let upload =
            self.client
                .upload_bytes(file.into(), filename.map(str::to_owned), CallOptions::new());
        async move {
            let bytes = upload.await?;
            serde_json::from_slice(&bytes).map_err(|e| {
                Error::new(
                    ErrorKind::Decode,
                    format!("unexpected upload_file response: {e}"),
                )
                .with_action("upload_file")
            })
        }
    }
}

impl SurfaceClient for AgentWeb {
    const SURFACE: &'static Surface = &super::SURFACE;
    const ALL_SURFACES: &'static [&'static Surface] = crate::surfaces::ALL;

    fn from_client(client: Client) -> Self {
        AgentWeb { client }
    }
}

impl Deref for AgentWeb {
    type Target = Client;

    fn deref(&self) -> &Client {
        &self.client
    }
}

impl std::fmt::Debug for AgentWeb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.client.fmt(f)
    }
}
