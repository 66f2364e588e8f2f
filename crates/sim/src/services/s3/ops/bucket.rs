//! One function per S3 operation: validate, change the World, answer or fail as S3 does.
//! Input and output structs carry the field names of the S3 API reference.

use super::model::*;
use crate::bytes::Bytes;
use crate::error::ApiError;
use crate::ids;
use crate::time::SimTime;
use crate::world::{CallContext, World};
use md5::{Digest, Md5};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

// ---------------------------------------------------------------- shared shapes and helpers

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

fn no_such_bucket() -> ApiError {
    ApiError::not_found("NoSuchBucket", "The specified bucket does not exist")
}

/// Looks a bucket up, recording it in the call's resources, or fails with `NoSuchBucket`.
pub(crate) fn bucket<'w>(world: &'w World, cx: &mut CallContext, name: &str) -> Result<&'w Bucket, ApiError> {
    cx.touch(format!("arn:aws:s3:::{name}"));
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
    cx.touch(format!("arn:aws:s3:::{name}"));
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

// ---------------------------------------------------------------- CreateBucket

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateBucketConfiguration {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_constraint: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateBucketRequest {
    pub bucket: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_bucket_configuration: Option<CreateBucketConfiguration>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateBucketOutput {
    pub location: String,
}

pub fn create_bucket(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateBucketRequest,
) -> Result<CreateBucketOutput, ApiError> {
    let name = input.bucket;
    cx.touch(format!("arn:aws:s3:::{name}"));
    if let Err(rule) = validate_bucket_name(&name) {
        cx.why(rule);
        return Err(ApiError::bad_request("InvalidBucketName", "The specified bucket is not valid."));
    }
    let constraint = input.create_bucket_configuration.and_then(|c| c.location_constraint).filter(|c| !c.is_empty());
    // The bucket lives where the constraint says; with none, in us-east-1. A constraint that
    // differs from the endpoint's region is refused.
    let region = match &constraint {
        Some(c) if c == "us-east-1" => {
            cx.why("us-east-1 is the default location and may not be named as a LocationConstraint");
            return Err(ApiError::bad_request(
                "InvalidLocationConstraint",
                "The specified location-constraint is not valid",
            ));
        }
        Some(c) if crate::regions::find(c).is_none() => {
            cx.why(format!("'{c}' is not a region"));
            return Err(ApiError::bad_request(
                "InvalidLocationConstraint",
                "The specified location-constraint is not valid",
            ));
        }
        Some(c) if c != &cx.region => {
            cx.why(format!("the request was sent to {} but asks for {c}", cx.region));
            return Err(ApiError::bad_request(
                "IllegalLocationConstraintException",
                format!("The {c} location constraint is incompatible for the region specific endpoint this request was sent to."),
            ));
        }
        Some(c) => c.clone(),
        None if cx.region != "us-east-1" => {
            cx.why(format!(
                "outside us-east-1 a CreateBucketConfiguration with LocationConstraint {} is required",
                cx.region
            ));
            return Err(ApiError::bad_request(
                "IllegalLocationConstraintException",
                "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.",
            ));
        }
        None => "us-east-1".to_string(),
    };
    if let Some(existing) = world.s3.buckets.get(&name) {
        // Bucket names are global. Re-creating your own bucket in us-east-1 answers 200 OK for
        // legacy compatibility; everywhere else S3 says BucketAlreadyOwnedByYou.
        if existing.region == "us-east-1" && region == "us-east-1" {
            cx.why("you already own this bucket; us-east-1 answers 200 OK for legacy reasons and changes nothing");
            return Ok(CreateBucketOutput { location: format!("/{name}") });
        }
        cx.why(format!("you already own a bucket named '{name}' (in {})", existing.region));
        return Err(ApiError::conflict(
            "BucketAlreadyOwnedByYou",
            "Your previous request to create the named bucket succeeded and you already own it.",
        ));
    }
    if world.s3.buckets.len() >= MAX_BUCKETS {
        return Err(ApiError::bad_request("TooManyBuckets", "You have attempted to create more buckets than allowed"));
    }
    let bucket = Bucket::new(&name, &region, world.now());
    world.s3.buckets.insert(name.clone(), bucket);
    cx.why(format!("bucket names are global and '{name}' was free; created in {region}"));
    let location = if region == "us-east-1" { format!("/{name}") } else { format!("http://{name}.s3.amazonaws.com/") };
    Ok(CreateBucketOutput { location })
}

// ---------------------------------------------------------------- ListBuckets

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListBucketsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket_region: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BucketSummary {
    pub name: String,
    pub creation_date: SimTime,
    pub bucket_region: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListBucketsOutput {
    pub buckets: Vec<BucketSummary>,
    pub owner: Owner,
}

pub fn list_buckets(
    world: &mut World,
    cx: &mut CallContext,
    input: ListBucketsRequest,
) -> Result<ListBucketsOutput, ApiError> {
    let buckets: Vec<BucketSummary> = world
        .s3
        .buckets
        .values()
        .filter(|b| input.prefix.as_deref().is_none_or(|p| b.name.starts_with(p)))
        .filter(|b| input.bucket_region.as_deref().is_none_or(|r| b.region == r))
        .map(|b| BucketSummary {
            name: b.name.clone(),
            creation_date: b.creation_date,
            bucket_region: b.region.clone(),
        })
        .collect();
    cx.why(format!("the account owns {} matching bucket(s), listed by name", buckets.len()));
    Ok(ListBucketsOutput { buckets, owner: account_owner() })
}

// ---------------------------------------------------------------- HeadBucket

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HeadBucketRequest {
    pub bucket: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HeadBucketOutput {
    pub bucket_region: String,
}

pub fn head_bucket(
    world: &mut World,
    cx: &mut CallContext,
    input: HeadBucketRequest,
) -> Result<HeadBucketOutput, ApiError> {
    cx.touch(format!("arn:aws:s3:::{}", input.bucket));
    match world.s3.buckets.get(&input.bucket) {
        Some(b) => Ok(HeadBucketOutput { bucket_region: b.region.clone() }),
        None => {
            cx.why(format!("no bucket named '{}' exists", input.bucket));
            // A HEAD response has no body, so the CLI only sees the status.
            Err(ApiError::not_found("404", "Not Found"))
        }
    }
}

// ---------------------------------------------------------------- PutObject

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutObjectRequest {
    pub bucket: String,
    pub key: String,
    #[serde(default)]
    pub body: Bytes,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_side_encryption: Option<String>,
    #[serde(default, rename = "SSEKMSKeyId", skip_serializing_if = "Option::is_none")]
    pub sse_kms_key_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutObjectOutput {
    #[serde(rename = "ETag")]
    pub etag: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_side_encryption: Option<String>,
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

pub fn put_object(
    world: &mut World,
    cx: &mut CallContext,
    input: PutObjectRequest,
) -> Result<PutObjectOutput, ApiError> {
    let (versioning, default_sse) = {
        let b = bucket(world, cx, &input.bucket)?;
        (b.versioning, b.encryption.clone())
    };
    validate_key(cx, &input.key)?;
    cx.touch(format!("arn:aws:s3:::{}/{}", input.bucket, input.key));
    if input.body.len() > MAX_OBJECT_SIZE {
        cx.why(format!("Nimbus Lab keeps objects of at most {} KiB in the browser", MAX_OBJECT_SIZE / 1024));
        return Err(ApiError::bad_request(
            "EntityTooLarge",
            "Your proposed upload exceeds the maximum allowed object size.",
        ));
    }
    let replaced = world.s3.buckets[&input.bucket].objects.get(&input.key).map_or(0, |h| {
        h.versions
            .iter()
            .filter(|v| v.version_id == "null" && versioning != Some(VersioningStatus::Enabled))
            .map(|v| v.body.len())
            .sum()
    });
    if world.s3.total_bytes() - replaced + input.body.len() > MAX_TOTAL_BYTES {
        cx.why(format!("this simulated account holds at most {} MiB of object data", MAX_TOTAL_BYTES / 1024 / 1024));
        return Err(ApiError::bad_request(
            "EntityTooLarge",
            "Your proposed upload exceeds the maximum allowed object size.",
        ));
    }
    let sse = match input.server_side_encryption.as_deref() {
        None => Some(default_sse.as_ref().map_or("AES256".to_string(), |r| r.sse_algorithm.clone())),
        Some(a @ ("AES256" | "aws:kms" | "aws:kms:dsse")) => Some(a.to_string()),
        Some(other) => {
            cx.why(format!("'{other}' is not a server-side encryption algorithm"));
            return Err(ApiError::bad_request("InvalidArgument", "The encryption method specified is not supported"));
        }
    };
    let version_id = next_version_id(world, versioning);
    let etag = etag_of(input.body.as_slice());
    let version = ObjectVersion {
        version_id: version_id.clone(),
        is_delete_marker: false,
        etag: etag.clone(),
        last_modified: world.now(),
        content_type: input.content_type.unwrap_or_else(|| "binary/octet-stream".into()),
        metadata: input.metadata,
        server_side_encryption: sse.clone(),
        sse_kms_key_id: input.sse_kms_key_id.or_else(|| default_sse.and_then(|r| r.kms_master_key_id)),
        body: input.body,
    };
    let bucket = world.s3.buckets.get_mut(&input.bucket).expect("checked above");
    push_version(bucket.objects.entry(input.key.clone()).or_default(), version);
    cx.why(match versioning {
        Some(VersioningStatus::Enabled) => {
            format!("versioning is Enabled, so '{}' got a new version {version_id}", input.key)
        }
        Some(VersioningStatus::Suspended) => {
            format!("versioning is Suspended, so the 'null' version of '{}' was replaced", input.key)
        }
        None => format!("versioning was never enabled, so '{}' was overwritten", input.key),
    });
    Ok(PutObjectOutput { etag, version_id: (versioning.is_some()).then_some(version_id), server_side_encryption: sse })
}

// ---------------------------------------------------------------- GetObject

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetObjectRequest {
    pub bucket: String,
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetObjectOutput {
    pub body: Bytes,
    pub content_length: i64,
    pub content_type: String,
    #[serde(rename = "ETag")]
    pub etag: String,
    pub last_modified: SimTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_side_encryption: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
}

pub fn get_object(
    world: &mut World,
    cx: &mut CallContext,
    input: GetObjectRequest,
) -> Result<GetObjectOutput, ApiError> {
    let b = bucket(world, cx, &input.bucket)?;
    cx.touch(format!("arn:aws:s3:::{}/{}", input.bucket, input.key));
    let history = b.objects.get(&input.key);
    let version = match &input.version_id {
        Some(vid) => {
            let found = history.and_then(|h| h.versions.iter().find(|v| &v.version_id == vid));
            match found {
                Some(v) if v.is_delete_marker => {
                    cx.why(format!("version {vid} of '{}' is a delete marker", input.key));
                    return Err(ApiError::new(
                        "MethodNotAllowed",
                        405,
                        "The specified method is not allowed against this resource.",
                    ));
                }
                Some(v) => v,
                None => {
                    cx.why(format!("'{}' has no version {vid}", input.key));
                    return Err(ApiError::not_found("NoSuchVersion", "The specified version does not exist."));
                }
            }
        }
        None => match history.and_then(|h| h.versions.last()) {
            Some(v) if !v.is_delete_marker => v,
            Some(_) => {
                cx.why(format!(
                    "the current version of '{}' is a delete marker; older versions are still there",
                    input.key
                ));
                return Err(ApiError::not_found("NoSuchKey", "The specified key does not exist."));
            }
            None => {
                cx.why(format!("bucket '{}' has no key '{}'", input.bucket, input.key));
                return Err(ApiError::not_found("NoSuchKey", "The specified key does not exist."));
            }
        },
    };
    Ok(GetObjectOutput {
        content_length: version.body.len() as i64,
        body: version.body.clone(),
        content_type: version.content_type.clone(),
        etag: version.etag.clone(),
        last_modified: version.last_modified,
        version_id: b.versioning.is_some().then(|| version.version_id.clone()),
        server_side_encryption: version.server_side_encryption.clone(),
        metadata: version.metadata.clone(),
    })
}
