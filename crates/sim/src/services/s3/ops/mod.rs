//! One function per S3 operation: validate, change the World, answer or fail as S3 does.
//! Input and output structs carry the field names of the S3 API reference.
//!
//! `bucket.rs` holds bucket lifecycle calls, `object.rs` object reads and writes, `listing.rs`
//! the list calls, `config.rs` bucket settings (versioning, encryption, website, tagging) and
//! `policy.rs` bucket policies, including the check the website endpoint uses.

mod bucket;
mod config;
mod listing;
mod object;
mod policy;
#[cfg(feature = "kms")]
mod sse_kms;

pub use bucket::*;
pub use config::*;
pub use listing::*;
pub use object::*;
pub use policy::*;

use super::model::*;
use crate::error::ApiError;
use crate::ids;
use crate::world::{CallContext, World};
use md5::{Digest, Md5};
use serde::{Deserialize, Serialize};

/// The output of calls that answer `204 No Content`: the AWS CLI prints nothing for them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EmptyOutput {}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Owner {
    pub display_name: String,
    #[serde(rename = "ID")]
    pub id: String,
}

/// The canonical user of the simulated account.
pub fn account_owner() -> Owner {
    Owner {
        display_name: "nimbus-learner".into(),
        id: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be".into(),
    }
}

pub(crate) fn bucket_arn(name: &str) -> String {
    format!("arn:aws:s3:::{name}")
}

pub(crate) fn object_arn(bucket: &str, key: &str) -> String {
    format!("arn:aws:s3:::{bucket}/{key}")
}

fn no_such_bucket() -> ApiError {
    ApiError::not_found("NoSuchBucket", "The specified bucket does not exist")
}

fn no_such_key() -> ApiError {
    ApiError::not_found("NoSuchKey", "The specified key does not exist.")
}

fn malformed_xml() -> ApiError {
    ApiError::bad_request(
        "MalformedXML",
        "The XML you provided was not well-formed or did not validate against our published schema",
    )
}

/// Looks a bucket up, recording it in the call's resources, or fails with `NoSuchBucket`.
pub(crate) fn bucket<'w>(world: &'w World, cx: &mut CallContext, name: &str) -> Result<&'w Bucket, ApiError> {
    cx.touch(bucket_arn(name));
    world.s3.buckets.get(name).ok_or_else(|| {
        cx.why(format!("no bucket named '{name}' exists"));
        no_such_bucket()
    })
}

pub(crate) fn bucket_mut<'w>(
    world: &'w mut World,
    cx: &mut CallContext,
    name: &str,
) -> Result<&'w mut Bucket, ApiError> {
    cx.touch(bucket_arn(name));
    match world.s3.buckets.get_mut(name) {
        Some(b) => Ok(b),
        None => {
            cx.why(format!("no bucket named '{name}' exists"));
            Err(no_such_bucket())
        }
    }
}

pub(crate) fn etag_of(body: &[u8]) -> String {
    let digest = Md5::digest(body);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// Checks S3's bucket naming rules; the error names the rule that failed.
pub fn validate_bucket_name(name: &str) -> Result<(), String> {
    if name.len() < 3 || name.len() > 63 {
        return Err("Bucket names must be between 3 and 63 characters long".into());
    }
    if !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-') {
        return Err("Bucket names can consist only of lowercase letters, numbers, dots (.), and hyphens (-)".into());
    }
    let first = name.chars().next().unwrap_or('-');
    let last = name.chars().last().unwrap_or('-');
    if !first.is_ascii_alphanumeric() || !last.is_ascii_alphanumeric() {
        return Err("Bucket names must begin and end with a letter or number".into());
    }
    if name.contains("..") {
        return Err("Bucket names must not contain two adjacent periods".into());
    }
    let parts: Vec<&str> = name.split('.').collect();
    if parts.len() == 4 && parts.iter().all(|p| !p.is_empty() && p.parse::<u8>().is_ok()) {
        return Err("Bucket names must not be formatted as an IP address".into());
    }
    for prefix in ["xn--", "sthree-", "amzn-s3-demo-"] {
        if name.starts_with(prefix) {
            return Err(format!("Bucket names must not start with the prefix {prefix}"));
        }
    }
    for suffix in ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] {
        if name.ends_with(suffix) {
            return Err(format!("Bucket names must not end with the suffix {suffix}"));
        }
    }
    Ok(())
}

pub(crate) fn validate_key(cx: &mut CallContext, key: &str) -> Result<(), ApiError> {
    if key.is_empty() || key.len() > 1024 {
        cx.why("object keys are 1 to 1,024 bytes long");
        return Err(ApiError::bad_request(
            if key.is_empty() { "InvalidArgument" } else { "KeyTooLongError" },
            if key.is_empty() { "Key must not be empty" } else { "Your key is too long" },
        ));
    }
    Ok(())
}

/// The version id a new write gets: a fresh one while versioning is enabled, `null` otherwise.
pub(crate) fn next_version_id(world: &mut World, versioning: Option<VersioningStatus>) -> String {
    match versioning {
        Some(VersioningStatus::Enabled) => ids::version_id(world.rng()),
        _ => "null".to_string(),
    }
}

/// Adds a version to a key's history. Without versioning (or while suspended) the `null`
/// version is replaced; with versioning enabled every write is kept.
pub(crate) fn push_version(history: &mut ObjectHistory, version: ObjectVersion) {
    if version.version_id == "null" {
        history.versions.retain(|v| v.version_id != "null");
    }
    history.versions.push(version);
}
