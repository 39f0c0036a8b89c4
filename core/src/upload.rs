//! `upload_file`: one multipart part named `file` with a filename and content type, the same
//! auth and region headers as JSON calls, refused over 10 MB before anything is sent.

use std::path::{Path, PathBuf};

use bytes::Bytes;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::methods::RetryClass;
use crate::options::CallOptions;
use crate::pipeline::{self, Payload, Request, UploadPart};
use crate::session::Session;

/// The API's upload limit (10 MB, taken as MiB; the server enforces its own).
pub const MAX_UPLOAD_BYTES: u64 = 10 * 1024 * 1024;

/// What to upload: a file on disk or bytes in memory. Anything path-like (`&str`, `String`,
/// `&Path`, `PathBuf`) is a path; anything byte-like (`&[u8]`, `&[u8; N]`, `Vec<u8>`, `Bytes`)
/// is the content.
///
/// ```no_run
/// # async fn demo(agent: livechat::AgentWeb) -> Result<(), livechat::Error> {
/// agent.upload_file("photo.png", None).await?;
/// agent.upload_file(b"hello", Some("hello.txt")).await?;
/// agent.upload_file(vec![0u8; 16], Some("zeros.bin")).await?;
/// # Ok(()) }
/// ```
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
impl From<&str> for UploadSource {
    fn from(p: &str) -> Self {
        UploadSource::Path(PathBuf::from(p))
    }
}
impl From<String> for UploadSource {
    fn from(p: String) -> Self {
        UploadSource::Path(PathBuf::from(p))
    }
}
impl From<&[u8]> for UploadSource {
    fn from(b: &[u8]) -> Self {
        UploadSource::Bytes(Bytes::copy_from_slice(b))
    }
}
impl<const N: usize> From<&[u8; N]> for UploadSource {
    fn from(b: &[u8; N]) -> Self {
        UploadSource::Bytes(Bytes::copy_from_slice(b))
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
    Ok(UploadPart::new(bytes, filename, content_type))
}

/// `upload_file` on `s`'s surface, returning the response body as received.
pub(crate) async fn upload_bytes(
    s: &Session,
    file: UploadSource,
    filename: Option<String>,
    options: CallOptions,
) -> Result<Bytes> {
    s.resolve("upload_file")?;
    let part = prepare(file, filename)
        .await
        .map_err(|e| e.with_action("upload_file"))?;
    pipeline::execute(
        s,
        Request {
            action: "upload_file",
            payload: Payload::Multipart(part),
            retry: RetryClass::Write,
            options,
        },
    )
    .await
}

/// `upload_file` through the generic call path: `{"file": "<path>", "filename"?: "…"}`.
pub(crate) async fn upload_from_args(
    s: &Session,
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
    upload_bytes(s, file, filename, options).await
}
