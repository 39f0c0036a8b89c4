//! `Configuration`: the Configuration API client — the generic [`Client`] speaking this surface,
//! with a typed method per table entry (`calls.rs`, generated from the table).

use std::ops::Deref;

use crate::client::Client;
use crate::config::{ClientBuilder, SurfaceClient};
use crate::surface::Surface;

/// The builder of [`Configuration`].
pub type ConfigurationBuilder = ClientBuilder<Configuration>;

/// A LiveChat Configuration API client: agents, bots and bot tokens, groups, properties, tags,
/// webhooks and the rest of a license's setup.
///
/// ```no_run
/// # async fn demo() -> Result<(), livechat::Error> {
/// use livechat::{Configuration, Token};
///
/// let config = Configuration::builder("my-client-id")
///     .token(Token::pat("account-id", "personal-access-token"))
///     .version("3.6")
///     .build()?;
/// let bot = config
///     .create_bot("Echo bot")
///     .owner_client_id("my-client-id")
///     .max_chats_count(5)
///     .json()
///     .await?;
/// println!("bot {}", bot["id"]);
/// config.create_tag("vip").group_ids(vec![0]).await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Configuration {
    client: Client,
}

impl Configuration {
    /// Starts building a client for `client_id` (your application's Client ID; it goes in the
    /// User-Agent).
    pub fn builder(client_id: impl Into<String>) -> ConfigurationBuilder {
        ClientBuilder::new(client_id)
    }

    /// A client of this API sharing `other`'s connections, token source, region and options
    /// (e.g. `Configuration::sharing(&other_api_client)`); closing one does not close the other.
    pub fn sharing(other: &Client) -> crate::Result<Configuration> {
        other
            .for_surface(&super::SURFACE)
            .map(|client| Configuration { client })
    }

    /// The generic client underneath (also reachable through `Deref`).
    pub fn client(&self) -> &Client {
        &self.client
    }
}

impl SurfaceClient for Configuration {
    const SURFACE: &'static Surface = &super::SURFACE;
    const ALL_SURFACES: &'static [&'static Surface] = crate::surfaces::ALL;

    fn from_client(client: Client) -> Self {
        Configuration { client }
    }
}

impl Deref for Configuration {
    type Target = Client;

    fn deref(&self) -> &Client {
        &self.client
    }
}

impl std::fmt::Debug for Configuration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.client.fmt(f)
    }
}
