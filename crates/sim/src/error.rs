//! AWS-shaped errors: the same codes, HTTP statuses and (where known) wording as AWS.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApiError {
    /// The AWS error code, e.g. `NoSuchBucket`, `DisabledException`, `InvalidChangeBatch`.
    pub code: String,
    pub message: String,
    /// The HTTP status AWS answers with.
    pub status: u16,
}

impl ApiError {
    pub fn new(code: impl Into<String>, status: u16, message: impl Into<String>) -> Self {
        ApiError { code: code.into(), message: message.into(), status }
    }
    /// 400: the caller sent something AWS rejects.
    pub fn bad_request(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(code, 400, message)
    }
    /// 404: the named resource does not exist.
    pub fn not_found(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(code, 404, message)
    }
    /// 409: the resource is in a state that forbids the call.
    pub fn conflict(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(code, 409, message)
    }
    /// A parameter failed validation (the JSON-protocol services' generic error).
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new("ValidationException", 400, message)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for ApiError {}
