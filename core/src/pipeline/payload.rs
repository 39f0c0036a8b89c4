//! What an attempt sends: a JSON body, one multipart part, or (for a `GET` action) query
//! parameters and no body; all cheap to reuse for each attempt.

use bytes::Bytes;

/// What is sent.
pub(crate) enum Payload {
    /// A JSON body, already encoded.
    Json(Bytes),
    /// One multipart part named `file`.
    Multipart(UploadPart),
    /// A `GET` with these query parameters (already encoded as text) and no body.
    Query(Vec<(String, String)>),
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

impl UploadPart {
    /// A part of `bytes` named `filename`, of `content_type` (already checked to parse).
    pub(crate) fn new(bytes: Bytes, filename: String, content_type: String) -> UploadPart {
        UploadPart {
            bytes,
            filename,
            content_type,
        }
    }
}
