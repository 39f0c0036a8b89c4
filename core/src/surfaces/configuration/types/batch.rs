//! Batch results (3.5+): one entry per request of a `batch_*` call, in request order, each the
//! non-batch method's result or that request's error. A failed request is data here, not a
//! failed call: the call itself succeeded.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Extra;
use crate::error::ApiErrorType;

/// Every `batch_*` method's result.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BatchResponse {
    /// One entry per request, in the order of the requests.
    #[serde(default)]
    pub responses: Vec<BatchItem>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

impl BatchResponse {
    /// The failed requests: their index in the batch and their error.
    pub fn errors(&self) -> impl Iterator<Item = (usize, &BatchError)> {
        self.responses
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.error.as_deref().map(|e| (i, e)))
    }
}

/// One request's outcome: `{"error": {…}}` when it failed, otherwise the result of the non-batch
/// method (`{}` for most).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct BatchItem {
    /// The request's error, when it failed (boxed: most items have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<Box<BatchError>>,
    /// The result's fields (e.g. `create_agent`'s `id`), and anything else sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl BatchItem {
    /// Whether the request succeeded.
    pub fn is_ok(&self) -> bool {
        self.error.is_none()
    }

    /// The result's fields, or the request's error.
    pub fn into_result(self) -> Result<Extra, Box<BatchError>> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.extra),
        }
    }

    /// The result as the non-batch method's type (e.g. `CreateAgentResponse`). The outer error
    /// is a result that does not decode as `T`; the inner one, the request's own error.
    pub fn decode<T: DeserializeOwned>(
        self,
    ) -> Result<Result<T, Box<BatchError>>, serde_json::Error> {
        match self.into_result() {
            Err(e) => Ok(Err(e)),
            Ok(fields) => serde_json::from_value(Value::Object(fields)).map(Ok),
        }
    }
}

/// The error of one request of a batch, as the API's error object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchError {
    /// `error.type` as sent (`validation`, `not_found`, …); see [`BatchError::kind`].
    #[serde(rename = "type")]
    pub error_type: String,
    /// `error.message`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    /// `error.data`, when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

impl BatchError {
    /// The error type as the crate's [`ApiErrorType`] (unknown types kept in `Other`).
    pub fn kind(&self) -> ApiErrorType {
        ApiErrorType::parse(&self.error_type)
    }
}

impl fmt::Display for BatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.error_type, self.message)
    }
}

impl std::error::Error for BatchError {}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> BatchResponse {
        serde_json::from_value(json!({"responses": [
            {"id": "smith@example.com"},
            {"error": {"type": "validation", "message": "`id` is required"}}
        ]}))
        .unwrap()
    }

    #[test]
    fn a_failed_request_is_an_error_value_and_the_others_decode() {
        let batch = sample();
        let failed: Vec<_> = batch.errors().map(|(i, e)| (i, e.to_string())).collect();
        assert_eq!(failed, [(1, "validation: `id` is required".to_owned())]);
        let mut items = batch.responses.into_iter();
        let first = items.next().unwrap();
        assert!(first.is_ok());
        let created: super::super::CreateAgentResponse = first.decode().unwrap().unwrap();
        assert_eq!(created.id, "smith@example.com");
        let second = items.next().unwrap().into_result().unwrap_err();
        assert_eq!(second.kind(), ApiErrorType::Validation);
    }
}
