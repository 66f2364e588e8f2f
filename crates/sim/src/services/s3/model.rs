//! S3 resources: buckets, their settings, and objects with every version they have had.

use crate::bytes::Bytes;
use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The largest object body Nimbus Lab keeps in memory (real S3 takes 5 GB in one PUT; a browser
/// tab cannot). Larger bodies get `EntityTooLarge`.
pub const MAX_OBJECT_SIZE: usize = 1024 * 1024;
/// The most object bytes one World holds across all buckets and versions.
pub const MAX_TOTAL_BYTES: usize = 16 * 1024 * 1024;
/// The default and maximum page size of list operations.
pub const MAX_KEYS: i64 = 1000;
/// Buckets an account may own (the default S3 quota).
pub const MAX_BUCKETS: usize = 10_000;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct S3State {
    /// Bucket names are global; kept sorted as ListBuckets returns them.
    pub buckets: BTreeMap<String, Bucket>,
}

impl S3State {
    pub fn total_bytes(&self) -> usize {
        self.buckets.values().map(Bucket::total_bytes).sum()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VersioningStatus {
    Enabled,
    Suspended,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bucket {
    pub name: String,
    pub region: String,
    pub creation_date: SimTime,
    /// `None` until versioning is first set: a bucket can never go back to unversioned.
    pub versioning: Option<VersioningStatus>,
    pub objects: BTreeMap<String, ObjectHistory>,
    pub encryption: Option<EncryptionRule>,
    pub policy: Option<String>,
    pub website: Option<WebsiteConfig>,
    pub tags: Vec<(String, String)>,
    /// The bucket's Block Public Access settings; `None` after DeletePublicAccessBlock.
    #[serde(default)]
    pub public_access_block: Option<PublicAccessBlock>,
}

/// S3 Block Public Access. Since April 2023 every new bucket starts with all four settings on,
/// so a website needs them turned off before a public policy is accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicAccessBlock {
    pub block_public_acls: bool,
    pub ignore_public_acls: bool,
    /// PutBucketPolicy refuses a policy that grants public access.
    pub block_public_policy: bool,
    /// A public policy in place is ignored: only the account and AWS services get in.
    pub restrict_public_buckets: bool,
}

impl PublicAccessBlock {
    pub const ALL_ON: PublicAccessBlock = PublicAccessBlock {
        block_public_acls: true,
        ignore_public_acls: true,
        block_public_policy: true,
        restrict_public_buckets: true,
    };
}

impl Bucket {
    pub fn new(name: &str, region: &str, now: SimTime) -> Self {
        Bucket {
            name: name.to_string(),
            region: region.to_string(),
            creation_date: now,
            versioning: None,
            objects: BTreeMap::new(),
            encryption: None,
            policy: None,
            website: None,
            tags: Vec::new(),
            public_access_block: Some(PublicAccessBlock::ALL_ON),
        }
    }

    pub fn blocks_public_policy(&self) -> bool {
        self.public_access_block.is_some_and(|b| b.block_public_policy)
    }

    pub fn restricts_public_access(&self) -> bool {
        self.public_access_block.is_some_and(|b| b.restrict_public_buckets)
    }

    pub fn arn(&self) -> String {
        format!("arn:aws:s3:::{}", self.name)
    }

    /// True while any object version or delete marker remains (DeleteBucket refuses then).
    pub fn is_empty(&self) -> bool {
        self.objects.values().all(|h| h.versions.is_empty())
    }

    pub fn total_bytes(&self) -> usize {
        self.objects.values().flat_map(|h| h.versions.iter()).map(|v| v.body.len()).sum()
    }

    /// `bucket.s3-website-us-east-1.amazonaws.com` (older regions use a dash, newer ones a dot).
    pub fn website_endpoint(&self) -> String {
        website_endpoint(&self.name, &self.region)
    }

    /// The current (latest) version of a key, if the key exists and is not deleted.
    pub fn current(&self, key: &str) -> Option<&ObjectVersion> {
        self.objects.get(key).and_then(|h| h.versions.last()).filter(|v| !v.is_delete_marker)
    }

    /// Keys whose latest version is an object rather than a delete marker, in key order.
    pub fn current_keys(&self) -> impl Iterator<Item = &str> {
        self.objects.iter().filter(|(_, h)| h.latest().is_some_and(|v| !v.is_delete_marker)).map(|(k, _)| k.as_str())
    }

    /// The default encryption new objects get: the bucket's own rule, or SSE-S3, which every
    /// bucket has had by default since January 2023.
    pub fn effective_encryption(&self) -> EncryptionRule {
        self.encryption.clone().unwrap_or_else(EncryptionRule::sse_s3)
    }

    /// The version id S3 reports for a version: versioned buckets show it, never-versioned
    /// buckets show none.
    pub fn reported_version_id(&self, version: &ObjectVersion) -> Option<String> {
        self.versioning.is_some().then(|| version.version_id.clone())
    }
}

/// Regions whose website endpoint is `s3-website-<region>` rather than `s3-website.<region>`.
const DASH_WEBSITE_REGIONS: &[&str] = &[
    "us-east-1",
    "us-west-1",
    "us-west-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
    "eu-west-1",
    "sa-east-1",
];

pub fn website_endpoint(bucket: &str, region: &str) -> String {
    if DASH_WEBSITE_REGIONS.contains(&region) {
        format!("{bucket}.s3-website-{region}.amazonaws.com")
    } else {
        format!("{bucket}.s3-website.{region}.amazonaws.com")
    }
}

/// Every version of one key, oldest first; the last one is the current version.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ObjectHistory {
    pub versions: Vec<ObjectVersion>,
}

impl ObjectHistory {
    pub fn latest(&self) -> Option<&ObjectVersion> {
        self.versions.last()
    }

    pub fn find(&self, version_id: &str) -> Option<&ObjectVersion> {
        self.versions.iter().find(|v| v.version_id == version_id)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ObjectVersion {
    /// `"null"` for objects written while versioning was never enabled or is suspended.
    pub version_id: String,
    pub is_delete_marker: bool,
    pub body: Bytes,
    /// The quoted hex MD5 of the body, as S3 returns it.
    pub etag: String,
    pub last_modified: SimTime,
    pub content_type: String,
    pub metadata: BTreeMap<String, String>,
    /// `AES256` or `aws:kms`, as recorded when the object was written.
    pub server_side_encryption: Option<String>,
    pub sse_kms_key_id: Option<String>,
    /// SSE-KMS only: the encrypted data key and what it was sealed with. `body` then holds the
    /// AES-256-GCM ciphertext of the object, not the object.
    #[cfg(feature = "kms")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms: Option<KmsEnvelope>,
}

impl ObjectVersion {
    /// The object's size as S3 reports it (ContentLength, Size): the plaintext's length.
    pub fn size(&self) -> usize {
        #[cfg(feature = "kms")]
        if let Some(env) = &self.kms {
            return env.size;
        }
        self.body.len()
    }
}

/// How an SSE-KMS object is stored, as S3 does it: a data key from KMS (GenerateDataKey) encrypts
/// the object; only the data key's ciphertext blob is kept beside the data, and GetObject asks KMS
/// to Decrypt it. So a disabled or deleted KMS key makes the object unreadable.
#[cfg(feature = "kms")]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KmsEnvelope {
    /// The data key encrypted under the KMS key (a KMS ciphertext blob).
    pub encrypted_data_key: Bytes,
    /// The encryption context the data key was encrypted with (`aws:s3:arn` and the caller's pairs).
    pub encryption_context: BTreeMap<String, String>,
    /// The plaintext length.
    pub size: usize,
    pub bucket_key_enabled: bool,
}

/// A bucket's default encryption rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EncryptionRule {
    /// `AES256` (SSE-S3), `aws:kms` (SSE-KMS) or `aws:kms:dsse` (dual-layer SSE-KMS).
    pub sse_algorithm: String,
    pub kms_master_key_id: Option<String>,
    pub bucket_key_enabled: bool,
}

impl EncryptionRule {
    /// SSE-S3 with S3-managed keys: the rule every bucket starts with.
    pub fn sse_s3() -> Self {
        EncryptionRule { sse_algorithm: "AES256".into(), kms_master_key_id: None, bucket_key_enabled: false }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WebsiteConfig {
    /// The document served for a request that ends in `/` (`index.html`).
    pub index_document: Option<String>,
    pub error_document: Option<String>,
    /// Every request goes to this host instead (RedirectAllRequestsTo).
    pub redirect_all_to: Option<RedirectAll>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RedirectAll {
    pub host_name: String,
    /// `http` or `https`; without one, the redirect keeps the protocol of the request.
    pub protocol: Option<String>,
}
