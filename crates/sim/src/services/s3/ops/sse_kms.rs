//! SSE-KMS through the simulated KMS (only with the `kms` feature): every object gets its own
//! data key from KMS, the body is encrypted with it (AES-256-GCM) and only the encrypted data key
//! is stored beside the body, as S3 does. Reading the object asks KMS to decrypt that data key, so
//! the KMS key's state, policy and grants decide whether GetObject works.
//!
//! KMS failures reach the caller as S3 reports them: the KMS error code with a `KMS.` prefix and
//! HTTP 400 (`KMS.DisabledException: <key ARN> is disabled.`, `KMS.KMSInvalidStateException:
//! <key ARN> is pending deletion.`, `KMS.NotFoundException`), and a KMS access denial as S3's own
//! `AccessDenied` (403) with KMS's message.

use super::*;
use crate::bytes::Bytes;
use crate::services::kms::{cipher, ops as kms};
use std::collections::BTreeMap;

/// The data key of an SSE-KMS object and the sealed body.
pub(crate) struct Sealed {
    pub body: Bytes,
    pub envelope: KmsEnvelope,
    pub key_arn: String,
}

/// Turns a KMS error into the error S3 answers with.
pub(crate) fn as_s3_error(e: ApiError) -> ApiError {
    match e.code.as_str() {
        "AccessDeniedException" => ApiError::new("AccessDenied", 403, e.message),
        code => ApiError::bad_request(format!("KMS.{code}"), e.message),
    }
}

/// Reads `SSEKMSEncryptionContext`: base64 of a JSON object whose values are strings.
pub(crate) fn parse_context(cx: &mut CallContext, text: Option<&str>) -> Result<BTreeMap<String, String>, ApiError> {
    let Some(text) = text else { return Ok(BTreeMap::new()) };
    let invalid = |cx: &mut CallContext| {
        cx.why("SSEKMSEncryptionContext is base64-encoded UTF-8 JSON of string key-value pairs");
        ApiError::bad_request("InvalidArgument", "The encryption context header must be base64-encoded JSON.")
    };
    use base64::Engine;
    let Ok(raw) = base64::engine::general_purpose::STANDARD.decode(text.trim()) else { return Err(invalid(cx)) };
    let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(&raw) else {
        return Err(invalid(cx));
    };
    let mut out = BTreeMap::new();
    for (k, v) in map {
        match v {
            serde_json::Value::String(s) if !k.starts_with("aws:") => {
                out.insert(k, s);
            }
            _ => return Err(invalid(cx)),
        }
    }
    Ok(out)
}

/// Runs a KMS helper in the bucket's Region (an S3 bucket only uses KMS keys of its own Region)
/// and explains a refusal in the trail.
fn in_bucket_region<T>(
    cx: &mut CallContext,
    region: &str,
    what: &str,
    f: impl FnOnce(&mut CallContext) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let saved = std::mem::replace(&mut cx.region, region.to_string());
    let result = f(cx);
    cx.region = saved;
    result.map_err(|e| {
        let reason = cx.why.take().unwrap_or_else(|| e.message.clone());
        cx.why(format!("{what}, and KMS refused with {}: {reason}", e.code));
        as_s3_error(e)
    })
}

/// Encrypts a new object body under `kms_key` (any KMS identifier; None = the account's AWS
/// managed key `aws/s3`, created on first use).
#[allow(clippy::too_many_arguments)]
pub(crate) fn seal(
    world: &mut World,
    cx: &mut CallContext,
    bucket: &str,
    region: &str,
    key: &str,
    kms_key: Option<&str>,
    mut context: BTreeMap<String, String>,
    bucket_key_enabled: bool,
    body: &[u8],
) -> Result<Sealed, ApiError> {
    // With an S3 Bucket Key the data key belongs to the bucket, so the context names the bucket.
    let arn = if bucket_key_enabled { bucket_arn(bucket) } else { object_arn(bucket, key) };
    context.insert("aws:s3:arn".into(), arn);
    let data_key = kms::random_bytes(world, 32);
    let named = kms_key.map(str::to_string).unwrap_or_else(|| "alias/aws/s3".into());
    let what = format!("PutObject asked KMS for a data key under {named} to encrypt '{key}'");
    let (key_arn, blob) = in_bucket_region(cx, region, &what, |cx| {
        kms::encrypt_for_service(world, cx, "s3", kms_key, &data_key, Some(&context))
    })?;
    let iv = kms::random_iv(world);
    let sealed = cipher::seal_data(&data_key, iv, body, b"").expect("a 32-byte data key");
    Ok(Sealed {
        body: sealed.into(),
        envelope: KmsEnvelope {
            encrypted_data_key: blob,
            encryption_context: context,
            size: body.len(),
            bucket_key_enabled,
        },
        key_arn,
    })
}

/// Decrypts an SSE-KMS body: KMS decrypts the data key (checking the key's state and policy),
/// then the body opens with it.
pub(crate) fn open(
    world: &mut World,
    cx: &mut CallContext,
    region: &str,
    key: &str,
    operation: &str,
    envelope: &KmsEnvelope,
    sealed: &[u8],
) -> Result<Bytes, ApiError> {
    let what = format!("'{key}' is SSE-KMS encrypted, so {operation} asked KMS to decrypt its data key");
    let (_, data_key) = in_bucket_region(cx, region, &what, |cx| {
        kms::decrypt_for_service(
            world,
            cx,
            "s3",
            envelope.encrypted_data_key.as_slice(),
            Some(&envelope.encryption_context),
        )
    })?;
    match cipher::open_data(&data_key, sealed, b"") {
        Some(plain) => Ok(plain.into()),
        None => {
            cx.why(format!("the stored body of '{key}' does not open with its data key (it was altered)"));
            Err(ApiError::new("InternalError", 500, "We encountered an internal error. Please try again."))
        }
    }
}
