//! The list calls: ListObjectsV2 (current objects, pages joined by continuation tokens) and
//! ListObjectVersions (every version and delete marker, pages joined by key/version markers).

use super::*;
use crate::bytes::Bytes;
use crate::time::SimTime;

/// Checks MaxKeys and applies S3's default and ceiling of 1,000.
fn page_size(cx: &mut CallContext, max_keys: Option<i64>) -> Result<usize, ApiError> {
    match max_keys {
        Some(n) if n < 0 => {
            cx.why("MaxKeys cannot be negative");
            Err(ApiError::bad_request(
                "InvalidArgument",
                "Argument maxKeys must be an integer between 0 and 2147483647",
            ))
        }
        Some(n) => Ok(n.min(MAX_KEYS) as usize),
        None => Ok(MAX_KEYS as usize),
    }
}

/// The common prefix `key` rolls up into: the part of the key up to and including the first
/// delimiter after `prefix`.
fn common_prefix<'k>(key: &'k str, prefix: &str, delimiter: Option<&str>) -> Option<&'k str> {
    let d = delimiter.filter(|d| !d.is_empty())?;
    let rest = key.get(prefix.len()..)?;
    rest.find(d).map(|i| &key[..prefix.len() + i + d.len()])
}

// ---------------------------------------------------------------- continuation tokens

const TOKEN_TAG: &str = "nimbus-lov2:";

/// An opaque token that resumes a listing after `last` (a key or a common prefix).
pub fn encode_continuation_token(last: &str) -> String {
    Bytes::from(format!("{TOKEN_TAG}{last}")).to_base64()
}

/// The key or common prefix a token resumes after; anything not made by
/// [`encode_continuation_token`] is refused.
pub fn decode_continuation_token(token: &str) -> Option<String> {
    let bytes = Bytes::from_base64(token).ok()?;
    bytes.as_text()?.strip_prefix(TOKEN_TAG).map(str::to_string)
}

// ---------------------------------------------------------------- ListObjectsV2

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListObjectsV2Request {
    pub bucket: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_keys: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_after: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continuation_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetch_owner: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Object {
    pub key: String,
    pub last_modified: SimTime,
    #[serde(rename = "ETag")]
    pub etag: String,
    pub size: i64,
    pub storage_class: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Owner>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CommonPrefix {
    pub prefix: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListObjectsV2Output {
    pub is_truncated: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contents: Vec<Object>,
    pub name: String,
    pub prefix: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    pub max_keys: i64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub common_prefixes: Vec<CommonPrefix>,
    pub key_count: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continuation_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_continuation_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_after: Option<String>,
}

pub fn list_objects_v2(
    world: &mut World,
    cx: &mut CallContext,
    input: ListObjectsV2Request,
) -> Result<ListObjectsV2Output, ApiError> {
    let b = bucket(world, cx, &input.bucket)?;
    let max = page_size(cx, input.max_keys)?;
    let resume_after = match &input.continuation_token {
        Some(token) => Some(decode_continuation_token(token).ok_or_else(|| {
            cx.why("the ContinuationToken was not one this bucket listing handed out");
            ApiError::bad_request("InvalidArgument", "The continuation token provided is incorrect")
        })?),
        None => input.start_after.clone(),
    };
    let prefix = input.prefix.clone().unwrap_or_default();
    let delimiter = input.delimiter.as_deref();
    let owner = input.fetch_owner.unwrap_or(false).then(account_owner);

    let mut contents = Vec::new();
    let mut common_prefixes: Vec<CommonPrefix> = Vec::new();
    let mut last: Option<String> = None;
    let mut is_truncated = false;
    let after = |s: &str| resume_after.as_deref().is_none_or(|r| s > r);
    for key in b.current_keys().filter(|k| k.starts_with(&prefix) && after(k)) {
        let rolled_up = common_prefix(key, &prefix, delimiter);
        if let Some(cp) = rolled_up {
            if !after(cp) || common_prefixes.last().is_some_and(|c| c.prefix == cp) {
                continue;
            }
        }
        // MaxKeys 0 answers an empty, complete page, as S3 does.
        if contents.len() + common_prefixes.len() >= max {
            is_truncated = max > 0;
            break;
        }
        match rolled_up {
            Some(cp) => {
                common_prefixes.push(CommonPrefix { prefix: cp.to_string() });
                last = Some(cp.to_string());
            }
            None => {
                let v = b.current(key).expect("current_keys yields only live keys");
                contents.push(Object {
                    key: key.to_string(),
                    last_modified: v.last_modified,
                    etag: v.etag.clone(),
                    size: v.size() as i64,
                    storage_class: "STANDARD".into(),
                    owner: owner.clone(),
                });
                last = Some(key.to_string());
            }
        }
    }
    let key_count = (contents.len() + common_prefixes.len()) as i64;
    cx.why(format!(
        "{} object(s) and {} common prefix(es) under prefix '{prefix}'{}",
        contents.len(),
        common_prefixes.len(),
        if is_truncated { "; more remain, so the page is truncated with a NextContinuationToken" } else { "" }
    ));
    Ok(ListObjectsV2Output {
        is_truncated,
        contents,
        name: input.bucket,
        prefix,
        delimiter: input.delimiter,
        max_keys: max as i64,
        common_prefixes,
        key_count,
        continuation_token: input.continuation_token,
        next_continuation_token: if is_truncated { last.as_deref().map(encode_continuation_token) } else { None },
        start_after: input.start_after,
    })
}

// ---------------------------------------------------------------- ListObjectVersions

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListObjectVersionsRequest {
    pub bucket: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_keys: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_marker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_id_marker: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ObjectVersionEntry {
    #[serde(rename = "ETag")]
    pub etag: String,
    pub size: i64,
    pub storage_class: String,
    pub key: String,
    pub version_id: String,
    pub is_latest: bool,
    pub last_modified: SimTime,
    pub owner: Owner,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteMarkerEntry {
    pub owner: Owner,
    pub key: String,
    pub version_id: String,
    pub is_latest: bool,
    pub last_modified: SimTime,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListObjectVersionsOutput {
    pub is_truncated: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_marker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_id_marker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_key_marker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_version_id_marker: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<ObjectVersionEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delete_markers: Vec<DeleteMarkerEntry>,
    pub name: String,
    pub prefix: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    pub max_keys: i64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub common_prefixes: Vec<CommonPrefix>,
}

/// Where a version listing resumes: after a whole key, or after one version of a key.
struct VersionCursor<'a> {
    key: Option<&'a str>,
    version_id: Option<&'a str>,
}

impl VersionCursor<'_> {
    /// Whether the listing starts at or before this key (versions of the marker key itself
    /// are then filtered one by one).
    fn reaches_key(&self, key: &str) -> bool {
        match (self.key, self.version_id) {
            (None, _) => true,
            (Some(k), None) => key > k,
            (Some(k), Some(_)) => key >= k,
        }
    }
}

pub fn list_object_versions(
    world: &mut World,
    cx: &mut CallContext,
    input: ListObjectVersionsRequest,
) -> Result<ListObjectVersionsOutput, ApiError> {
    let b = bucket(world, cx, &input.bucket)?;
    let max = page_size(cx, input.max_keys)?;
    if input.version_id_marker.is_some() && input.key_marker.is_none() {
        cx.why("a VersionIdMarker only means something together with the KeyMarker it belongs to");
        return Err(ApiError::bad_request(
            "InvalidArgument",
            "A version-id marker cannot be specified without a key marker.",
        ));
    }
    let cursor = VersionCursor { key: input.key_marker.as_deref(), version_id: input.version_id_marker.as_deref() };
    if let (Some(k), Some(vid)) = (cursor.key, cursor.version_id) {
        if b.objects.get(k).and_then(|h| h.find(vid)).is_none() {
            cx.why(format!("'{k}' has no version {vid} to resume after"));
            return Err(ApiError::bad_request("InvalidArgument", "Invalid version id specified"));
        }
    }
    let prefix = input.prefix.clone().unwrap_or_default();
    let delimiter = input.delimiter.as_deref();

    let mut versions = Vec::new();
    let mut delete_markers = Vec::new();
    let mut common_prefixes: Vec<CommonPrefix> = Vec::new();
    // (key, version id) of the last entry on the page; a common prefix has no version id.
    let mut last: Option<(String, Option<String>)> = None;
    let mut is_truncated = false;
    'keys: for (key, history) in b.objects.iter().filter(|(k, _)| k.starts_with(&prefix) && cursor.reaches_key(k)) {
        if let Some(cp) = common_prefix(key, &prefix, delimiter) {
            let already = common_prefixes.last().is_some_and(|c| c.prefix == cp);
            if already || cursor.key.is_some_and(|k| cp <= k) {
                continue;
            }
            if versions.len() + delete_markers.len() + common_prefixes.len() >= max {
                is_truncated = max > 0;
                break;
            }
            common_prefixes.push(CommonPrefix { prefix: cp.to_string() });
            last = Some((cp.to_string(), None));
            continue;
        }
        // Newest first; on the marker key, skip down to just past the marker version.
        let mut newest_first = history.versions.iter().rev().enumerate();
        if let (Some(k), Some(vid)) = (cursor.key, cursor.version_id) {
            if k == key {
                newest_first.find(|(_, v)| v.version_id == vid);
            }
        }
        for (i, v) in newest_first {
            if versions.len() + delete_markers.len() + common_prefixes.len() >= max {
                is_truncated = max > 0;
                break 'keys;
            }
            let is_latest = i == 0;
            if v.is_delete_marker {
                delete_markers.push(DeleteMarkerEntry {
                    owner: account_owner(),
                    key: key.clone(),
                    version_id: v.version_id.clone(),
                    is_latest,
                    last_modified: v.last_modified,
                });
            } else {
                versions.push(ObjectVersionEntry {
                    etag: v.etag.clone(),
                    size: v.size() as i64,
                    storage_class: "STANDARD".into(),
                    key: key.clone(),
                    version_id: v.version_id.clone(),
                    is_latest,
                    last_modified: v.last_modified,
                    owner: account_owner(),
                });
            }
            last = Some((key.clone(), Some(v.version_id.clone())));
        }
    }
    cx.why(format!(
        "{} version(s), {} delete marker(s) under prefix '{prefix}'; versioning is {}",
        versions.len(),
        delete_markers.len(),
        match b.versioning {
            Some(VersioningStatus::Enabled) => "Enabled",
            Some(VersioningStatus::Suspended) => "Suspended",
            None => "not enabled, so every object has the single version 'null'",
        }
    ));
    let (next_key_marker, next_version_id_marker) = match (is_truncated, last) {
        (true, Some((k, vid))) => (Some(k), vid),
        _ => (None, None),
    };
    Ok(ListObjectVersionsOutput {
        is_truncated,
        key_marker: input.key_marker,
        version_id_marker: input.version_id_marker,
        next_key_marker,
        next_version_id_marker,
        versions,
        delete_markers,
        name: input.bucket,
        prefix,
        delimiter: input.delimiter,
        max_keys: max as i64,
        common_prefixes,
    })
}
