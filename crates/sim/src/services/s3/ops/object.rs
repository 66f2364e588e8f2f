//! Object calls: PutObject, GetObject, HeadObject, DeleteObject, CopyObject.

use super::*;
use crate::bytes::Bytes;
use crate::time::SimTime;
use std::collections::BTreeMap;

// ---------------------------------------------------------------- shared by the object calls

/// Why a read found no object to return; each call turns it into its own error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ReadMiss {
    NoSuchKey,
    /// The key's latest version is a delete marker.
    CurrentIsDeleteMarker,
    NoSuchVersion,
    /// The caller named a version that is a delete marker.
    VersionIsDeleteMarker,
}

/// Finds the version a read asks for (the current one, or the named one) and records why it
/// could not when it cannot.
fn read_version<'b>(
    b: &'b Bucket,
    cx: &mut CallContext,
    key: &str,
    version_id: Option<&str>,
) -> Result<&'b ObjectVersion, ReadMiss> {
    cx.touch(object_arn(&b.name, key));
    let history = b.objects.get(key);
    match version_id {
        Some(vid) => match history.and_then(|h| h.find(vid)) {
            Some(v) if v.is_delete_marker => {
                cx.why(format!("version {vid} of '{key}' is a delete marker, which has no content"));
                Err(ReadMiss::VersionIsDeleteMarker)
            }
            Some(v) => Ok(v),
            None => {
                cx.why(format!("'{key}' in bucket '{}' has no version {vid}", b.name));
                Err(ReadMiss::NoSuchVersion)
            }
        },
        None => match history.and_then(ObjectHistory::latest) {
            Some(v) if !v.is_delete_marker => Ok(v),
            Some(_) => {
                cx.why(format!("the current version of '{key}' is a delete marker; older versions are still there"));
                Err(ReadMiss::CurrentIsDeleteMarker)
            }
            None => {
                cx.why(format!("bucket '{}' has no key '{key}'", b.name));
                Err(ReadMiss::NoSuchKey)
            }
        },
    }
}

/// S3 keeps user metadata keys in lower case (they travel as case-insensitive headers).
fn normalize_metadata(metadata: BTreeMap<String, String>) -> BTreeMap<String, String> {
    // Inserts rather than `collect`: collecting into a map carries a sort of its own.
    let mut lower = BTreeMap::new();
    for (k, v) in metadata {
        lower.insert(k.to_ascii_lowercase(), v);
    }
    lower
}

/// The encryption a new object gets: what the request asks for, else the bucket's default.
fn choose_encryption(
    cx: &mut CallContext,
    requested: Option<&str>,
    requested_key: Option<String>,
    default: &EncryptionRule,
) -> Result<(String, Option<String>), ApiError> {
    let algorithm = match requested {
        None => default.sse_algorithm.clone(),
        Some(a @ ("AES256" | "aws:kms" | "aws:kms:dsse")) => a.to_string(),
        Some(other) => {
            cx.why(format!("'{other}' is not a server-side encryption algorithm"));
            return Err(ApiError::bad_request("InvalidArgument", "The encryption method specified is not supported"));
        }
    };
    if algorithm == "AES256" {
        if requested_key.is_some() {
            cx.why("an SSEKMSKeyId only goes with aws:kms encryption");
            return Err(ApiError::bad_request(
                "InvalidArgument",
                "Server Side Encryption with KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms",
            ));
        }
        return Ok((algorithm, None));
    }
    // A request that asks for aws:kms without naming a key gets the AWS managed key aws/s3, not
    // the bucket's key; a request that asks for nothing gets the bucket's default rule. With the
    // `kms` feature the key is checked when the data key is made (see `sse_kms.rs`).
    let key = match requested {
        Some(_) => requested_key,
        None => requested_key.or_else(|| default.kms_master_key_id.clone()),
    };
    Ok((algorithm, key))
}

/// What SSE-KMS asks of a write, besides the algorithm and key.
#[cfg(feature = "kms")]
struct KmsWrite<'a> {
    context: Option<&'a str>,
    bucket_key: Option<bool>,
}

/// SSE-KMS with the `kms` feature: the body is sealed under a new data key from KMS, and the
/// recorded key becomes the key's ARN. Other algorithms store the body as it is.
#[cfg(feature = "kms")]
#[allow(clippy::too_many_arguments)]
fn seal_for_kms(
    world: &mut World,
    cx: &mut CallContext,
    bucket: &str,
    key: &str,
    sse: &str,
    kms_key: Option<String>,
    default: &EncryptionRule,
    request: KmsWrite,
    body: &[u8],
) -> Result<(Option<String>, Option<sse_kms::Sealed>), ApiError> {
    if !sse.starts_with("aws:kms") {
        return Ok((kms_key, None));
    }
    let context = sse_kms::parse_context(cx, request.context)?;
    let bucket_key = request.bucket_key.unwrap_or(default.bucket_key_enabled);
    let region = world.s3.buckets[bucket].region.clone();
    let sealed = sse_kms::seal(world, cx, bucket, &region, key, kms_key.as_deref(), context, bucket_key, body)?;
    Ok((Some(sealed.key_arn.clone()), Some(sealed)))
}

/// The plaintext of a stored version: SSE-KMS bodies are opened through KMS.
#[cfg(feature = "kms")]
fn plaintext(
    world: &mut World,
    cx: &mut CallContext,
    bucket: &str,
    key: &str,
    operation: &str,
    v: &ObjectVersion,
) -> Result<Bytes, ApiError> {
    match &v.kms {
        None => Ok(v.body.clone()),
        Some(env) => {
            let region = world.s3.buckets.get(bucket).map(|b| b.region.clone()).unwrap_or_default();
            sse_kms::open(world, cx, &region, key, operation, env, v.body.as_slice())
        }
    }
}

/// Refuses a write that would pass Nimbus Lab's size limits (one object, and the account).
fn check_capacity(
    world: &World,
    cx: &mut CallContext,
    bucket: &Bucket,
    key: &str,
    size: usize,
) -> Result<(), ApiError> {
    let too_large =
        || ApiError::bad_request("EntityTooLarge", "Your proposed upload exceeds the maximum allowed object size.");
    if size > MAX_OBJECT_SIZE {
        cx.why(format!("Nimbus Lab keeps objects of at most {} KiB in the browser", MAX_OBJECT_SIZE / 1024));
        return Err(too_large());
    }
    // Unless versioning is Enabled, the write replaces the key's `null` version.
    let replaced: usize = match bucket.versioning {
        Some(VersioningStatus::Enabled) => 0,
        _ => bucket.objects.get(key).and_then(|h| h.find("null")).map_or(0, |v| v.size()),
    };
    if world.s3.total_bytes() - replaced + size > MAX_TOTAL_BYTES {
        cx.why(format!("this simulated account holds at most {} MiB of object data", MAX_TOTAL_BYTES / 1024 / 1024));
        return Err(too_large());
    }
    Ok(())
}

/// A new object version before it gets its id and time.
struct NewObject {
    body: Bytes,
    content_type: String,
    metadata: BTreeMap<String, String>,
    server_side_encryption: String,
    sse_kms_key_id: Option<String>,
    /// SSE-KMS: the body sealed under a data key, which replaces `body` when stored.
    #[cfg(feature = "kms")]
    sealed: Option<sse_kms::Sealed>,
}

/// Stores a new version of `key` as the bucket's versioning state says and returns it.
fn write_object(world: &mut World, bucket: &str, key: &str, new: NewObject) -> ObjectVersion {
    let versioning = world.s3.buckets[bucket].versioning;
    let etag = etag_of(new.body.as_slice());
    #[cfg(feature = "kms")]
    let (body, kms) = match new.sealed {
        Some(s) => (s.body, Some(s.envelope)),
        None => (new.body, None),
    };
    #[cfg(not(feature = "kms"))]
    let body = new.body;
    let version = ObjectVersion {
        version_id: next_version_id(world, versioning),
        is_delete_marker: false,
        etag,
        last_modified: world.now(),
        content_type: new.content_type,
        metadata: new.metadata,
        server_side_encryption: Some(new.server_side_encryption),
        sse_kms_key_id: new.sse_kms_key_id,
        body,
        #[cfg(feature = "kms")]
        kms,
    };
    let b = world.s3.buckets.get_mut(bucket).expect("the caller checked the bucket exists");
    let mut stored = version.clone();
    stored.body = Bytes::default();
    push_version(b.objects.entry(key.to_string()).or_default(), version);
    stored
}

fn write_reason(versioning: Option<VersioningStatus>, key: &str, version_id: &str) -> String {
    match versioning {
        Some(VersioningStatus::Enabled) => {
            format!("versioning is Enabled, so '{key}' got a new version {version_id} and older versions stay")
        }
        Some(VersioningStatus::Suspended) => {
            format!("versioning is Suspended, so the 'null' version of '{key}' was replaced; other versions stay")
        }
        None => format!("versioning was never enabled, so '{key}' was overwritten"),
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
    /// Base64 of a JSON object of string pairs, added to the data key's encryption context.
    #[cfg(feature = "kms")]
    #[serde(default, rename = "SSEKMSEncryptionContext", skip_serializing_if = "Option::is_none")]
    pub sse_kms_encryption_context: Option<String>,
    #[cfg(feature = "kms")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket_key_enabled: Option<bool>,
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
    #[serde(default, rename = "SSEKMSKeyId", skip_serializing_if = "Option::is_none")]
    pub sse_kms_key_id: Option<String>,
    #[cfg(feature = "kms")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket_key_enabled: Option<bool>,
}

pub fn put_object(
    world: &mut World,
    cx: &mut CallContext,
    input: PutObjectRequest,
) -> Result<PutObjectOutput, ApiError> {
    let b = bucket(world, cx, &input.bucket)?;
    validate_key(cx, &input.key)?;
    cx.touch(object_arn(&input.bucket, &input.key));
    check_capacity(world, cx, b, &input.key, input.body.len())?;
    let versioning = b.versioning;
    let default = b.effective_encryption();
    let (sse, kms_key) =
        choose_encryption(cx, input.server_side_encryption.as_deref(), input.sse_kms_key_id, &default)?;
    #[cfg(feature = "kms")]
    let (kms_key, sealed) = {
        let request =
            KmsWrite { context: input.sse_kms_encryption_context.as_deref(), bucket_key: input.bucket_key_enabled };
        seal_for_kms(world, cx, &input.bucket, &input.key, &sse, kms_key, &default, request, input.body.as_slice())?
    };
    #[cfg(feature = "kms")]
    let bucket_key_enabled = sealed.as_ref().map(|s| s.envelope.bucket_key_enabled).filter(|b| *b);
    let stored = write_object(
        world,
        &input.bucket,
        &input.key,
        NewObject {
            body: input.body,
            content_type: input.content_type.unwrap_or_else(|| "binary/octet-stream".into()),
            metadata: normalize_metadata(input.metadata),
            server_side_encryption: sse.clone(),
            sse_kms_key_id: kms_key.clone(),
            #[cfg(feature = "kms")]
            sealed,
        },
    );
    cx.why(write_reason(versioning, &input.key, &stored.version_id));
    #[cfg(feature = "kms")]
    if let Some(arn) = &kms_key {
        cx.why(format!(
            "{}; the body was encrypted with a new data key from KMS key {arn}, and only the encrypted data key is \
             stored with the object",
            write_reason(versioning, &input.key, &stored.version_id)
        ));
    }
    Ok(PutObjectOutput {
        etag: stored.etag,
        version_id: versioning.is_some().then_some(stored.version_id),
        server_side_encryption: Some(sse),
        sse_kms_key_id: kms_key,
        #[cfg(feature = "kms")]
        bucket_key_enabled,
    })
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
    pub accept_ranges: String,
    pub last_modified: SimTime,
    pub content_length: i64,
    #[serde(rename = "ETag")]
    pub etag: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
    pub content_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_side_encryption: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
    #[serde(default, rename = "SSEKMSKeyId", skip_serializing_if = "Option::is_none")]
    pub sse_kms_key_id: Option<String>,
    #[cfg(feature = "kms")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket_key_enabled: Option<bool>,
}

pub fn get_object(
    world: &mut World,
    cx: &mut CallContext,
    input: GetObjectRequest,
) -> Result<GetObjectOutput, ApiError> {
    let b = bucket(world, cx, &input.bucket)?;
    let v = read_version(b, cx, &input.key, input.version_id.as_deref()).map_err(|miss| match miss {
        ReadMiss::NoSuchKey | ReadMiss::CurrentIsDeleteMarker => no_such_key(),
        ReadMiss::NoSuchVersion => ApiError::not_found("NoSuchVersion", "The specified version does not exist."),
        ReadMiss::VersionIsDeleteMarker => {
            ApiError::new("MethodNotAllowed", 405, "The specified method is not allowed against this resource.")
        }
    })?;
    cx.why(format!("read {} byte(s) of '{}' (version {})", v.size(), input.key, v.version_id));
    #[cfg_attr(not(feature = "kms"), allow(unused_mut))]
    let mut out = GetObjectOutput {
        body: v.body.clone(),
        accept_ranges: "bytes".into(),
        last_modified: v.last_modified,
        content_length: v.size() as i64,
        etag: v.etag.clone(),
        version_id: b.reported_version_id(v),
        content_type: v.content_type.clone(),
        server_side_encryption: v.server_side_encryption.clone(),
        metadata: v.metadata.clone(),
        sse_kms_key_id: v.sse_kms_key_id.clone(),
        #[cfg(feature = "kms")]
        bucket_key_enabled: v.kms.as_ref().map(|e| e.bucket_key_enabled).filter(|b| *b),
    };
    #[cfg(feature = "kms")]
    if v.kms.is_some() {
        let v = v.clone();
        let why = cx.why.take().unwrap_or_default();
        out.body = plaintext(world, cx, &input.bucket, &input.key, "GetObject", &v)?;
        cx.why(format!(
            "{why}; its data key was decrypted by KMS key {}",
            v.sse_kms_key_id.as_deref().unwrap_or("aws/s3")
        ));
    }
    Ok(out)
}

// ---------------------------------------------------------------- HeadObject

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HeadObjectRequest {
    pub bucket: String,
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HeadObjectOutput {
    pub accept_ranges: String,
    pub last_modified: SimTime,
    pub content_length: i64,
    #[serde(rename = "ETag")]
    pub etag: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
    pub content_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_side_encryption: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
    #[serde(default, rename = "SSEKMSKeyId", skip_serializing_if = "Option::is_none")]
    pub sse_kms_key_id: Option<String>,
    #[cfg(feature = "kms")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket_key_enabled: Option<bool>,
}

pub fn head_object(
    world: &mut World,
    cx: &mut CallContext,
    input: HeadObjectRequest,
) -> Result<HeadObjectOutput, ApiError> {
    // A HEAD response has no body, so the error code S3 would name never reaches the caller:
    // the CLI shows only the status, as for HeadBucket.
    let b = bucket(world, cx, &input.bucket).map_err(|_| ApiError::not_found("404", "Not Found"))?;
    let v = read_version(b, cx, &input.key, input.version_id.as_deref()).map_err(|miss| match miss {
        ReadMiss::VersionIsDeleteMarker => ApiError::new("405", 405, "Method Not Allowed"),
        _ => ApiError::not_found("404", "Not Found"),
    })?;
    cx.why(format!("'{}' exists (version {}), {} byte(s)", input.key, v.version_id, v.size()));
    Ok(HeadObjectOutput {
        #[cfg(feature = "kms")]
        bucket_key_enabled: v.kms.as_ref().map(|e| e.bucket_key_enabled).filter(|b| *b),
        accept_ranges: "bytes".into(),
        last_modified: v.last_modified,
        content_length: v.size() as i64,
        etag: v.etag.clone(),
        version_id: b.reported_version_id(v),
        content_type: v.content_type.clone(),
        server_side_encryption: v.server_side_encryption.clone(),
        metadata: v.metadata.clone(),
        sse_kms_key_id: v.sse_kms_key_id.clone(),
    })
}

// ---------------------------------------------------------------- DeleteObject

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteObjectRequest {
    pub bucket: String,
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteObjectOutput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_marker: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
}

pub fn delete_object(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteObjectRequest,
) -> Result<DeleteObjectOutput, ApiError> {
    let versioning = bucket(world, cx, &input.bucket)?.versioning;
    validate_key(cx, &input.key)?;
    cx.touch(object_arn(&input.bucket, &input.key));
    match input.version_id {
        Some(vid) => Ok(delete_version(world, cx, &input.bucket, &input.key, vid)),
        None => match versioning {
            None => Ok(delete_unversioned(world, cx, &input.bucket, &input.key)),
            Some(status) => Ok(add_delete_marker(world, cx, &input.bucket, &input.key, status)),
        },
    }
}

/// Permanently removes one version (or delete marker). A version that is not there is not an
/// error: DELETE is idempotent, and S3 answers 204 with the id that was asked for.
fn delete_version(world: &mut World, cx: &mut CallContext, bucket: &str, key: &str, vid: String) -> DeleteObjectOutput {
    let b = world.s3.buckets.get_mut(bucket).expect("checked by delete_object");
    let Some(history) = b.objects.get_mut(key) else {
        cx.why(format!("'{key}' has no version {vid}; deleting what is not there succeeds and changes nothing"));
        return DeleteObjectOutput { delete_marker: None, version_id: Some(vid) };
    };
    let Some(pos) = history.versions.iter().position(|v| v.version_id == vid) else {
        cx.why(format!("'{key}' has no version {vid}; deleting what is not there succeeds and changes nothing"));
        return DeleteObjectOutput { delete_marker: None, version_id: Some(vid) };
    };
    let was_latest = pos + 1 == history.versions.len();
    let removed = history.versions.remove(pos);
    if history.versions.is_empty() {
        b.objects.remove(key);
    }
    cx.why(match (removed.is_delete_marker, was_latest) {
        (true, true) => format!("removed the delete marker {vid}, so the previous version of '{key}' is current again"),
        (true, false) => format!("removed the older delete marker {vid} of '{key}'"),
        (false, _) => format!("version {vid} of '{key}' was permanently deleted; a version id delete adds no marker"),
    });
    DeleteObjectOutput { delete_marker: removed.is_delete_marker.then_some(true), version_id: Some(vid) }
}

fn delete_unversioned(world: &mut World, cx: &mut CallContext, bucket: &str, key: &str) -> DeleteObjectOutput {
    let b = world.s3.buckets.get_mut(bucket).expect("checked by delete_object");
    cx.why(match b.objects.remove(key) {
        Some(_) => format!("versioning was never enabled, so '{key}' is gone for good"),
        None => format!("'{key}' did not exist; deleting a missing key still succeeds"),
    });
    DeleteObjectOutput::default()
}

/// With versioning on, a plain DELETE hides the key behind a delete marker; nothing is lost.
fn add_delete_marker(
    world: &mut World,
    cx: &mut CallContext,
    bucket: &str,
    key: &str,
    status: VersioningStatus,
) -> DeleteObjectOutput {
    let version_id = next_version_id(world, Some(status));
    let marker = ObjectVersion {
        version_id: version_id.clone(),
        is_delete_marker: true,
        body: Bytes::default(),
        etag: String::new(),
        last_modified: world.now(),
        content_type: String::new(),
        metadata: BTreeMap::new(),
        server_side_encryption: None,
        sse_kms_key_id: None,
        #[cfg(feature = "kms")]
        kms: None,
    };
    let b = world.s3.buckets.get_mut(bucket).expect("checked by delete_object");
    push_version(b.objects.entry(key.to_string()).or_default(), marker);
    cx.why(match status {
        VersioningStatus::Enabled => format!(
            "versioning is Enabled, so the delete added delete marker {version_id}; older versions of '{key}' remain"
        ),
        VersioningStatus::Suspended => format!(
            "versioning is Suspended, so the delete replaced the 'null' version of '{key}' with a 'null' delete marker"
        ),
    });
    DeleteObjectOutput { delete_marker: Some(true), version_id: Some(version_id) }
}

// ---------------------------------------------------------------- CopyObject

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CopyObjectRequest {
    pub bucket: String,
    pub key: String,
    /// `source-bucket/source-key`, optionally `?versionId=<id>`; URL-encoded like S3 expects.
    pub copy_source: String,
    /// `COPY` (the default) keeps the source's metadata; `REPLACE` takes the request's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_directive: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_side_encryption: Option<String>,
    #[serde(default, rename = "SSEKMSKeyId", skip_serializing_if = "Option::is_none")]
    pub sse_kms_key_id: Option<String>,
    #[cfg(feature = "kms")]
    #[serde(default, rename = "SSEKMSEncryptionContext", skip_serializing_if = "Option::is_none")]
    pub sse_kms_encryption_context: Option<String>,
    #[cfg(feature = "kms")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket_key_enabled: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CopyObjectResult {
    #[serde(rename = "ETag")]
    pub etag: String,
    pub last_modified: SimTime,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CopyObjectOutput {
    pub copy_object_result: CopyObjectResult,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy_source_version_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_side_encryption: Option<String>,
    #[serde(default, rename = "SSEKMSKeyId", skip_serializing_if = "Option::is_none")]
    pub sse_kms_key_id: Option<String>,
    #[cfg(feature = "kms")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket_key_enabled: Option<bool>,
}

/// A parsed `CopySource`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopySource {
    pub bucket: String,
    pub key: String,
    pub version_id: Option<String>,
}

/// Reads `bucket/key`, `/bucket/key` or `bucket/key?versionId=id`, percent-decoding bucket and
/// key as S3 does.
pub fn parse_copy_source(text: &str) -> Result<CopySource, String> {
    let must_name = "Copy Source must mention the source bucket and key: sourcebucket/sourcekey";
    let text = text.strip_prefix('/').unwrap_or(text);
    let (path, query) = match text.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (text, None),
    };
    let version_id = match query {
        None => None,
        Some(q) => match q.strip_prefix("versionId=") {
            Some(v) if !v.is_empty() && !v.contains('&') => Some(percent_decode(v)),
            _ => return Err("Invalid version id specified".into()),
        },
    };
    let (bucket, key) = path.split_once('/').ok_or(must_name)?;
    let (bucket, key) = (percent_decode(bucket), percent_decode(key));
    if bucket.is_empty() || key.is_empty() {
        return Err(must_name.into());
    }
    Ok(CopySource { bucket, key, version_id })
}

/// `%2F` -> `/`; a `%` that does not start a valid escape stays as it is.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        let escape = match bytes.get(i..i + 3) {
            Some([b'%', h, l]) => hex(*h).zip(hex(*l)).map(|(h, l)| (h * 16 + l) as u8),
            _ => None,
        };
        match escape {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn copy_object(
    world: &mut World,
    cx: &mut CallContext,
    input: CopyObjectRequest,
) -> Result<CopyObjectOutput, ApiError> {
    let source = parse_copy_source(&input.copy_source).map_err(|message| {
        cx.why(format!("CopySource '{}' is not bucket/key[?versionId=id]", input.copy_source));
        ApiError::bad_request("InvalidArgument", message)
    })?;
    let replace = match input.metadata_directive.as_deref() {
        None | Some("COPY") => false,
        Some("REPLACE") => true,
        Some(other) => {
            cx.why(format!("MetadataDirective is COPY or REPLACE, not '{other}'"));
            return Err(ApiError::bad_request("InvalidArgument", "Unknown metadata directive."));
        }
    };
    let dest = bucket(world, cx, &input.bucket)?;
    validate_key(cx, &input.key)?;
    cx.touch(object_arn(&input.bucket, &input.key));
    let dest_versioning = dest.versioning;
    let dest_default = dest.effective_encryption();
    let src_bucket = bucket(world, cx, &source.bucket)?;
    let src = read_version(src_bucket, cx, &source.key, source.version_id.as_deref()).map_err(|miss| match miss {
        ReadMiss::NoSuchKey | ReadMiss::CurrentIsDeleteMarker => no_such_key(),
        ReadMiss::NoSuchVersion => ApiError::not_found("NoSuchVersion", "The specified version does not exist."),
        ReadMiss::VersionIsDeleteMarker => ApiError::bad_request(
            "InvalidRequest",
            "The source of a copy request may not specifically refer to a delete marker by version id.",
        ),
    })?;
    // Copying an object onto itself must change something; naming a source version is a
    // restore of that version and is allowed.
    let onto_itself = source.bucket == input.bucket && source.key == input.key && source.version_id.is_none();
    let changes_something = replace || input.server_side_encryption.is_some() || input.sse_kms_key_id.is_some();
    if onto_itself && !changes_something {
        cx.why("copying an object onto itself needs a change: MetadataDirective REPLACE or new encryption settings");
        return Err(ApiError::bad_request(
            "InvalidRequest",
            "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
        ));
    }
    let copy_source_version_id = src_bucket.reported_version_id(src);
    let (content_type, metadata) = if replace {
        (input.content_type.unwrap_or_else(|| "binary/octet-stream".into()), normalize_metadata(input.metadata))
    } else {
        (src.content_type.clone(), src.metadata.clone())
    };
    #[cfg(feature = "kms")]
    let src = src.clone();
    #[cfg(feature = "kms")]
    let body = plaintext(world, cx, &source.bucket, &source.key, "CopyObject", &src)?;
    #[cfg(not(feature = "kms"))]
    let body = src.body.clone();
    let dest = &world.s3.buckets[&input.bucket];
    check_capacity(world, cx, dest, &input.key, body.len())?;
    let (sse, kms_key) =
        choose_encryption(cx, input.server_side_encryption.as_deref(), input.sse_kms_key_id, &dest_default)?;
    #[cfg(feature = "kms")]
    let (kms_key, sealed) = {
        let request =
            KmsWrite { context: input.sse_kms_encryption_context.as_deref(), bucket_key: input.bucket_key_enabled };
        seal_for_kms(world, cx, &input.bucket, &input.key, &sse, kms_key, &dest_default, request, body.as_slice())?
    };
    #[cfg(feature = "kms")]
    let bucket_key_enabled = sealed.as_ref().map(|s| s.envelope.bucket_key_enabled).filter(|b| *b);
    let stored = write_object(
        world,
        &input.bucket,
        &input.key,
        NewObject {
            body,
            content_type,
            metadata,
            server_side_encryption: sse.clone(),
            sse_kms_key_id: kms_key.clone(),
            #[cfg(feature = "kms")]
            sealed,
        },
    );
    cx.why(format!(
        "copied '{}/{}' to '{}/{}' with {} metadata; {}",
        source.bucket,
        source.key,
        input.bucket,
        input.key,
        if replace { "replaced" } else { "the source's" },
        write_reason(dest_versioning, &input.key, &stored.version_id)
    ));
    Ok(CopyObjectOutput {
        copy_object_result: CopyObjectResult { etag: stored.etag, last_modified: stored.last_modified },
        copy_source_version_id,
        version_id: dest_versioning.is_some().then_some(stored.version_id),
        server_side_encryption: Some(sse),
        sse_kms_key_id: kms_key,
        #[cfg(feature = "kms")]
        bucket_key_enabled,
    })
}
