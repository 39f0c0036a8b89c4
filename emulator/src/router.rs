//! The HTTP routes: the two API endpoints (Agent Chat and Configuration), the control surface and a JSON 404 for the rest.

use crate::app::App;
use crate::errors::ApiError;
use crate::{api, control};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use std::sync::Arc;

/// The application router.
pub(crate) fn build(app: Arc<App>) -> Router {
    Router::new()
        .route("/{version}/agent/action/{action}", any(api::handle))
        .route(
            "/{version}/configuration/action/{action}",
            any(api::handle_configuration),
        )
        .nest("/__emulator", control::routes())
        .fallback(not_found)
        // The API handler enforces its own limit so that too-large bodies get a JSON 413.
        .layer(DefaultBodyLimit::disable())
        .with_state(app)
}

async fn not_found() -> Response {
    ApiError::not_found("Not found").into_response()
}
