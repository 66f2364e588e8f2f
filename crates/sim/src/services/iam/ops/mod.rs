//! One function per IAM operation. `roles.rs` holds roles and their policies, `profiles.rs`
//! instance profiles. Policy documents go in as JSON text and come out as JSON, as the AWS CLI
//! prints them (it decodes the URL-encoded documents of the Query API).

mod profiles;
mod roles;

pub use profiles::*;
pub use roles::*;

use crate::error::ApiError;
use crate::world::ACCOUNT_ID;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    pub key: String,
    pub value: String,
}

/// The output of calls that answer nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EmptyOutput {}

pub(crate) fn no_such_entity(message: impl Into<String>) -> ApiError {
    ApiError::not_found("NoSuchEntity", message)
}

pub(crate) fn conflict(code: &str, message: impl Into<String>) -> ApiError {
    ApiError::conflict(code, message)
}

/// IAM names: 1 to `max` characters of letters, digits and `+=,.@_-`.
pub(crate) fn check_name(value: &str, field: &str, max: usize) -> Result<(), ApiError> {
    let ok = !value.is_empty()
        && value.len() <= max
        && value.chars().all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c));
    if ok {
        return Ok(());
    }
    Err(ApiError::bad_request(
        "ValidationError",
        if value.len() > max {
            format!(
                "1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: Member must have \
                 length less than or equal to {max}"
            )
        } else {
            format!(
                "1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: Member must \
                 satisfy regular expression pattern: [\\w+=,.@-]+"
            )
        },
    ))
}

/// A path starts and ends with `/` (the default is `/`).
pub(crate) fn check_path(path: Option<&str>) -> Result<String, ApiError> {
    let p = path.unwrap_or("/");
    if p.starts_with('/') && p.ends_with('/') && p.len() <= 512 && !p.contains("//") {
        Ok(p.to_string())
    } else {
        Err(ApiError::bad_request(
            "ValidationError",
            format!(
                "The specified value for path is invalid. It must begin and end with / and contain only alphanumeric \
                 characters and/or / characters. ({p})"
            ),
        ))
    }
}

/// Reads a policy document: JSON with a Statement, or MalformedPolicyDocument.
pub(crate) fn policy_document(text: &str) -> Result<serde_json::Value, ApiError> {
    let v: serde_json::Value = serde_json::from_str(text)
        .map_err(|_| ApiError::bad_request("MalformedPolicyDocument", "This policy contains invalid Json"))?;
    if !v.is_object() || v.get("Statement").is_none() {
        return Err(ApiError::bad_request("MalformedPolicyDocument", "Syntax errors in policy."));
    }
    Ok(v)
}

pub(crate) fn iam_arn(kind: &str, path: &str, name: &str) -> String {
    format!("arn:aws:iam::{ACCOUNT_ID}:{kind}{path}{name}")
}
