//! upload_file: reading the multipart body, the 10 MB limit, storing the file, and serving
//! it back at `{base}/__emulator/files/<id>/<filename>`.

use crate::actions::Ctx;
use crate::app::{App, lock};
use crate::clock;
use crate::errors::{ApiError, ApiResult, ErrorKind};
use crate::ids;
use crate::state::files::{self, StoredFile};
use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde_json::{Value, json};
use std::sync::Arc;

/// The largest file upload_file accepts.
pub(crate) const MAX_FILE: usize = 10 * 1024 * 1024;

/// One part of a multipart body.
#[derive(Debug)]
pub(crate) struct UploadPart {
    pub(crate) part: String,
    pub(crate) filename: Option<String>,
    pub(crate) content_type: Option<String>,
    pub(crate) data: Bytes,
}

/// Splits a multipart request into its parts.
pub(crate) async fn read_parts(request: Request) -> ApiResult<Vec<UploadPart>> {
    let invalid =
        |e: &dyn std::fmt::Display| ApiError::validation(format!("Invalid multipart body: {e}"));
    let mut multipart = Multipart::from_request(request, &())
        .await
        .map_err(|e| invalid(&e))?;
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(|e| invalid(&e))? {
        let part = field.name().unwrap_or_default().to_string();
        let filename = field.file_name().map(str::to_string);
        let content_type = field.content_type().map(str::to_string);
        let data = field.bytes().await.map_err(|e| invalid(&e))?;
        parts.push(UploadPart {
            part,
            filename,
            content_type,
            data,
        });
    }
    Ok(parts)
}

/// The `file` part, required.
pub(crate) fn file_part(parts: Vec<UploadPart>) -> ApiResult<UploadPart> {
    parts
        .into_iter()
        .find(|p| p.part == "file")
        .ok_or_else(|| ApiError::validation("file is required (multipart part named file)"))
}

/// The upload_file action.
pub(crate) fn upload_file(ctx: &mut Ctx<'_>, part: UploadPart) -> ApiResult<Value> {
    if part.data.len() > MAX_FILE {
        return Err(ApiError::of(ErrorKind::EntityTooLarge));
    }
    let name = part
        .filename
        .as_deref()
        .and_then(|n| n.rsplit(['/', '\\']).next())
        .filter(|n| !n.is_empty())
        .unwrap_or("file")
        .to_string();
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    if extension
        .as_deref()
        .is_some_and(|e| ["exe", "msi", "bat", "cmd", "com", "scr", "dll", "apk"].contains(&e))
    {
        return Err(ApiError::validation("Executable files are forbidden"));
    }
    let content_type = part
        .content_type
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| guess_type(extension.as_deref()).to_string());
    let id = ids::hex32();
    let url = format!("{}{}", ctx.base_url, files::path(&id, &name));
    ctx.st.files.push(StoredFile {
        id,
        name,
        content_type,
        size: part.data.len(),
        url: url.clone(),
        created_at: clock::now(),
        data: part.data.to_vec(),
    });
    Ok(json!({ "url": url }))
}

fn guess_type(extension: Option<&str>) -> &'static str {
    match extension.unwrap_or_default() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        "txt" => "text/plain",
        "csv" => "text/csv",
        "json" => "application/json",
        "html" | "htm" => "text/html",
        "zip" => "application/zip",
        "mp3" => "audio/mpeg",
        "mp4" => "video/mp4",
        _ => "application/octet-stream",
    }
}

/// `GET /__emulator/files/{id}/{name}`: the uploaded bytes with their content type.
pub(crate) async fn serve(
    State(app): State<Arc<App>>,
    Path((id, _name)): Path<(String, String)>,
) -> Response {
    let state = lock(&app.state);
    let Some(file) = state.file(&id) else {
        return ApiError::not_found("File not found").into_response();
    };
    let mut response = (StatusCode::OK, Body::from(file.data.clone())).into_response();
    if let Ok(value) = HeaderValue::from_str(&file.content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}
