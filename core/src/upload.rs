//! `upload_file`: one multipart part named `file` with a filename and content type, the same
//! auth and region headers as JSON calls, refused over 10 MB before anything is sent.

use std::path::{Path, PathBuf};

use bytes::Bytes;
use serde_json::{Map, Value};

use crate::client::{AgentWeb, CallOptions};
use crate::error::{Error, ErrorKind, Result};
use crate::methods::RetryClass;
use crate::request::{Payload, Request};
use crate::types::UploadFileResponse;

/// The API's upload limit (10 MB, taken as MiB; the server enforces its own).
pub const MAX_UPLOAD_BYTES: u64 = 10 * 1024 * 1024;

/// What to upload: a file on disk or bytes in memory.
#[derive(Debug, Clone)]
pub enum UploadSource {
    /// Read from this path.
    Path(PathBuf),
    /// These bytes.
    Bytes(Bytes),
}

impl From<PathBuf> for UploadSource {
    fn from(p: PathBuf) -> Self {
        UploadSource::Path(p)
    }
}
impl From<&Path> for UploadSource {
    fn from(p: &Path) -> Self {
        UploadSource::Path(p.to_owned())
    }
}
impl From<Bytes> for UploadSource {
    fn from(b: Bytes) -> Self {
        UploadSource::Bytes(b)
    }
}
impl From<Vec<u8>> for UploadSource {
    fn from(b: Vec<u8>) -> Self {
        UploadSource::Bytes(Bytes::from(b))
    }
}
impl From<&'static [u8]> for UploadSource {
    fn from(b: &'static [u8]) -> Self {
        UploadSource::Bytes(Bytes::from_static(b))
    }
}

/// A prepared part; cheap to clone for each attempt.
pub(crate) struct UploadPart {
    bytes: Bytes,
    filename: String,
    content_type: String,
}

impl UploadPart {
    pub(crate) fn form(&self) -> reqwest::multipart::Form {
        let len = self.bytes.len() as u64;
        let part = reqwest::multipart::Part::stream_with_length(self.bytes.clone(), len)
            .file_name(self.filename.clone());
        // The content type was produced by mime_guess or checked in `prepare`, so it parses.
        let part = match part.mime_str(&self.content_type) {
            Ok(p) => p,
            Err(_) => reqwest::multipart::Part::stream_with_length(self.bytes.clone(), len)
                .file_name(self.filename.clone()),
        };
        reqwest::multipart::Form::new().part("file", part)
    }
}

fn too_big(size: u64) -> Error {
    Error::invalid_argument(format!(
        "the file is {size} bytes; the API accepts at most {MAX_UPLOAD_BYTES} bytes (10 MB)"
    ))
}

async fn prepare(source: UploadSource, filename: Option<String>) -> Result<UploadPart> {
    let (bytes, default_name) = match source {
        UploadSource::Bytes(b) => (b, None),
        UploadSource::Path(path) => {
            let meta = tokio::fs::metadata(&path).await.map_err(|e| {
                Error::invalid_argument(format!("cannot read {}: {e}", path.display()))
            })?;
            if !meta.is_file() {
                return Err(Error::invalid_argument(format!(
                    "{} is not a regular file",
                    path.display()
                )));
            }
            if meta.len() > MAX_UPLOAD_BYTES {
                return Err(too_big(meta.len()));
            }
            let data = tokio::fs::read(&path).await.map_err(|e| {
                Error::invalid_argument(format!("cannot read {}: {e}", path.display()))
            })?;
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            (Bytes::from(data), name)
        }
    };
    if bytes.len() as u64 > MAX_UPLOAD_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    let filename = filename
        .or(default_name)
        .ok_or_else(|| Error::invalid_argument("a filename is required when uploading bytes"))?;
    if filename.is_empty() || filename.chars().any(|c| c.is_control() || c == '"') {
        return Err(Error::invalid_argument(format!(
            "filename {filename:?} is empty or contains a control character or a quote"
        )));
    }
    let content_type = mime_guess::from_path(&filename)
        .first_or_octet_stream()
        .essence_str()
        .to_owned();
    Ok(UploadPart {
        bytes,
        filename,
        content_type,
    })
}

impl AgentWeb {
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
    pub async fn upload_file(
        &self,
        file: impl Into<UploadSource>,
        filename: Option<&str>,
    ) -> Result<UploadFileResponse> {
        let bytes = self
            .upload_bytes(
                file.into(),
                filename.map(str::to_owned),
                CallOptions::default(),
            )
            .await?;
        serde_json::from_slice(&bytes).map_err(|e| {
            Error::new(
                ErrorKind::Decode,
                format!("unexpected upload_file response: {e}"),
            )
            .with_action("upload_file")
        })
    }

    /// Upload returning the response body as received (for bindings).
    pub async fn upload_bytes(
        &self,
        file: UploadSource,
        filename: Option<String>,
        options: CallOptions,
    ) -> Result<Bytes> {
        crate::methods::resolve("upload_file", self.inner.version)?;
        let part = prepare(file, filename)
            .await
            .map_err(|e| e.with_action("upload_file"))?;
        self.execute(Request {
            action: "upload_file",
            payload: Payload::Multipart(part),
            retry: RetryClass::Write,
            options,
        })
        .await
    }

    /// `upload_file` through the generic call path: `{"file": "<path>", "filename"?: "…"}`.
    pub(crate) async fn upload_from_args(
        &self,
        mut args: Map<String, Value>,
        options: CallOptions,
    ) -> Result<Bytes> {
        let bad = |m: String| Error::invalid_argument(m).with_action("upload_file");
        let file = match args.remove("file") {
            Some(Value::String(p)) => UploadSource::Path(PathBuf::from(p)),
            Some(other) => {
                return Err(bad(format!(
                    "upload_file: `file` must be a path string here (use the bytes entry point for data), got {other}"
                )));
            }
            None => return Err(bad("upload_file: missing required argument `file`".into())),
        };
        let filename = match args.remove("filename") {
            Some(Value::String(s)) => Some(s),
            None | Some(Value::Null) => None,
            Some(other) => {
                return Err(bad(format!(
                    "upload_file: `filename` must be a string, got {other}"
                )));
            }
        };
        if let Some(k) = args.keys().next() {
            return Err(bad(format!(
                "upload_file: unknown argument `{k}`; arguments: file, filename"
            )));
        }
        self.upload_bytes(file, filename, options).await
    }
}
