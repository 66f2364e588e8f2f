//! Bucket settings: versioning, default encryption, static website hosting and tags.

use super::*;

// ---------------------------------------------------------------- PutBucketVersioning

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VersioningConfiguration {
    /// `Enabled` or `Suspended`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutBucketVersioningRequest {
    pub bucket: String,
    pub versioning_configuration: VersioningConfiguration,
}

fn status_name(status: VersioningStatus) -> &'static str {
    match status {
        VersioningStatus::Enabled => "Enabled",
        VersioningStatus::Suspended => "Suspended",
    }
}

pub fn put_bucket_versioning(
    world: &mut World,
    cx: &mut CallContext,
    input: PutBucketVersioningRequest,
) -> Result<EmptyOutput, ApiError> {
    let b = bucket_mut(world, cx, &input.bucket)?;
    let status = match input.versioning_configuration.status.as_deref() {
        Some("Enabled") => VersioningStatus::Enabled,
        Some("Suspended") => VersioningStatus::Suspended,
        Some(other) => {
            cx.why(format!(
                "versioning Status is Enabled or Suspended, not '{other}': there is no way back to unversioned"
            ));
            return Err(malformed_xml());
        }
        None => {
            cx.why("the VersioningConfiguration named no Status, so nothing changed");
            return Ok(EmptyOutput {});
        }
    };
    let before = b.versioning.replace(status);
    cx.why(match (before, status) {
        (None, VersioningStatus::Enabled) => format!(
            "versioning is now Enabled on '{}': existing objects keep version 'null', new writes get version ids; \
             a bucket can never return to unversioned, only be suspended",
            b.name
        ),
        (_, VersioningStatus::Suspended) => format!(
            "versioning is now Suspended on '{}': existing versions stay, new writes replace the 'null' version",
            b.name
        ),
        (Some(_), VersioningStatus::Enabled) => format!("versioning is Enabled on '{}'", b.name),
    });
    Ok(EmptyOutput {})
}

// ---------------------------------------------------------------- GetBucketVersioning

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketVersioningRequest {
    pub bucket: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketVersioningOutput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

pub fn get_bucket_versioning(
    world: &mut World,
    cx: &mut CallContext,
    input: GetBucketVersioningRequest,
) -> Result<GetBucketVersioningOutput, ApiError> {
    let b = bucket(world, cx, &input.bucket)?;
    let status = b.versioning.map(status_name);
    cx.why(match status {
        Some(s) => format!("versioning on '{}' is {s}", b.name),
        None => format!("versioning was never configured on '{}', so S3 returns no Status", b.name),
    });
    Ok(GetBucketVersioningOutput { status: status.map(String::from) })
}

// ---------------------------------------------------------------- bucket encryption

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServerSideEncryptionByDefault {
    #[serde(rename = "SSEAlgorithm")]
    pub sse_algorithm: String,
    #[serde(default, rename = "KMSMasterKeyID", skip_serializing_if = "Option::is_none")]
    pub kms_master_key_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServerSideEncryptionRule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apply_server_side_encryption_by_default: Option<ServerSideEncryptionByDefault>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket_key_enabled: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServerSideEncryptionConfiguration {
    pub rules: Vec<ServerSideEncryptionRule>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutBucketEncryptionRequest {
    pub bucket: String,
    pub server_side_encryption_configuration: ServerSideEncryptionConfiguration,
}

fn encryption_rule_from(
    cx: &mut CallContext,
    config: ServerSideEncryptionConfiguration,
) -> Result<EncryptionRule, ApiError> {
    let mut rules = config.rules.into_iter();
    let (Some(rule), None) = (rules.next(), rules.next()) else {
        cx.why("a bucket has exactly one default-encryption rule (Nimbus Lab's reading of S3's schema)");
        return Err(malformed_xml());
    };
    let Some(by_default) = rule.apply_server_side_encryption_by_default else {
        cx.why("the rule needs ApplyServerSideEncryptionByDefault with an SSEAlgorithm");
        return Err(malformed_xml());
    };
    let algorithm = by_default.sse_algorithm;
    if !matches!(algorithm.as_str(), "AES256" | "aws:kms" | "aws:kms:dsse") {
        cx.why(format!("SSEAlgorithm is AES256, aws:kms or aws:kms:dsse, not '{algorithm}'"));
        return Err(malformed_xml());
    }
    if algorithm == "AES256" && by_default.kms_master_key_id.is_some() {
        cx.why("SSE-S3 (AES256) uses keys S3 manages, so a KMSMasterKeyID makes no sense with it");
        return Err(ApiError::bad_request(
            "InvalidArgument",
            "a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse",
        ));
    }
    // KMS is not simulated yet. When it is, a named KMSMasterKeyID is checked here (it must be
    // a symmetric key); S3 itself accepts any id and fails later, at PutObject, if the key is
    // unusable, and the PutObject path in object.rs is where that check belongs.
    Ok(EncryptionRule {
        sse_algorithm: algorithm,
        kms_master_key_id: by_default.kms_master_key_id,
        bucket_key_enabled: rule.bucket_key_enabled.unwrap_or(false),
    })
}

pub fn put_bucket_encryption(
    world: &mut World,
    cx: &mut CallContext,
    input: PutBucketEncryptionRequest,
) -> Result<EmptyOutput, ApiError> {
    bucket(world, cx, &input.bucket)?;
    let rule = encryption_rule_from(cx, input.server_side_encryption_configuration)?;
    cx.why(format!(
        "new objects in '{}' are now encrypted with {} by default{}; existing objects keep their encryption",
        input.bucket,
        rule.sse_algorithm,
        rule.kms_master_key_id.as_deref().map(|k| format!(" under key {k}")).unwrap_or_default()
    ));
    bucket_mut(world, cx, &input.bucket)?.encryption = Some(rule);
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketEncryptionRequest {
    pub bucket: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketEncryptionOutput {
    pub server_side_encryption_configuration: ServerSideEncryptionConfiguration,
}

pub fn get_bucket_encryption(
    world: &mut World,
    cx: &mut CallContext,
    input: GetBucketEncryptionRequest,
) -> Result<GetBucketEncryptionOutput, ApiError> {
    let b = bucket(world, cx, &input.bucket)?;
    let rule = b.effective_encryption();
    cx.why(match &b.encryption {
        None => format!(
            "'{}' has no rule of its own, so it has the default every bucket gets since 2023: SSE-S3 (AES256)",
            b.name
        ),
        Some(r) => format!("'{}' encrypts new objects with {} by default", b.name, r.sse_algorithm),
    });
    Ok(GetBucketEncryptionOutput {
        server_side_encryption_configuration: ServerSideEncryptionConfiguration {
            rules: vec![ServerSideEncryptionRule {
                apply_server_side_encryption_by_default: Some(ServerSideEncryptionByDefault {
                    sse_algorithm: rule.sse_algorithm,
                    kms_master_key_id: rule.kms_master_key_id,
                }),
                bucket_key_enabled: Some(rule.bucket_key_enabled),
            }],
        },
    })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteBucketEncryptionRequest {
    pub bucket: String,
}

pub fn delete_bucket_encryption(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteBucketEncryptionRequest,
) -> Result<EmptyOutput, ApiError> {
    let b = bucket_mut(world, cx, &input.bucket)?;
    b.encryption = None;
    cx.why(format!("'{}' is back to the default: new objects get SSE-S3 (AES256)", b.name));
    Ok(EmptyOutput {})
}

// ---------------------------------------------------------------- bucket website

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IndexDocument {
    pub suffix: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ErrorDocument {
    pub key: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RedirectAllRequestsTo {
    pub host_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct WebsiteConfiguration {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_document: Option<ErrorDocument>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index_document: Option<IndexDocument>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_all_requests_to: Option<RedirectAllRequestsTo>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutBucketWebsiteRequest {
    pub bucket: String,
    pub website_configuration: WebsiteConfiguration,
}

fn website_from(cx: &mut CallContext, config: WebsiteConfiguration) -> Result<WebsiteConfig, ApiError> {
    let invalid = |m: &str| ApiError::bad_request("InvalidArgument", m);
    if let Some(redirect) = config.redirect_all_requests_to {
        if config.index_document.is_some() || config.error_document.is_some() {
            cx.why("a website either redirects every request or serves documents, not both");
            return Err(invalid(
                "RedirectAllRequestsTo cannot be provided in conjunction with other Routing/Redirect configurations.",
            ));
        }
        if redirect.host_name.trim().is_empty() {
            cx.why("RedirectAllRequestsTo needs a HostName");
            return Err(invalid("The provided HostName is not valid"));
        }
        if let Some(p) = redirect.protocol.as_deref().filter(|p| !matches!(*p, "http" | "https")) {
            cx.why(format!("the redirect Protocol is http or https, not '{p}'"));
            return Err(invalid(
                "Invalid protocol, protocol can be http or https. If not defined the protocol will be selected automatically.",
            ));
        }
        let target = RedirectAll { host_name: redirect.host_name, protocol: redirect.protocol };
        return Ok(WebsiteConfig { index_document: None, error_document: None, redirect_all_to: Some(target) });
    }
    let Some(index) = config.index_document else {
        cx.why("a website that does not redirect everything needs an IndexDocument");
        return Err(invalid("A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty"));
    };
    if index.suffix.is_empty() || index.suffix.contains('/') {
        cx.why("the IndexDocument Suffix is a file name like index.html: not empty, no slash");
        return Err(invalid("The IndexDocument Suffix is not well formed"));
    }
    if config.error_document.as_ref().is_some_and(|e| e.key.is_empty()) {
        cx.why("the ErrorDocument Key names an object and cannot be empty");
        return Err(invalid("The ErrorDocument Key is not well formed"));
    }
    Ok(WebsiteConfig {
        index_document: Some(index.suffix),
        error_document: config.error_document.map(|e| e.key),
        redirect_all_to: None,
    })
}

pub fn put_bucket_website(
    world: &mut World,
    cx: &mut CallContext,
    input: PutBucketWebsiteRequest,
) -> Result<EmptyOutput, ApiError> {
    bucket(world, cx, &input.bucket)?;
    let website = website_from(cx, input.website_configuration)?;
    let b = bucket_mut(world, cx, &input.bucket)?;
    let endpoint = b.website_endpoint();
    b.website = Some(website);
    cx.touch(endpoint.clone());
    cx.why(format!(
        "'{}' now answers at http://{endpoint}; it serves objects only to readers a bucket policy lets in",
        input.bucket
    ));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketWebsiteRequest {
    pub bucket: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketWebsiteOutput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_all_requests_to: Option<RedirectAllRequestsTo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index_document: Option<IndexDocument>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_document: Option<ErrorDocument>,
}

pub fn get_bucket_website(
    world: &mut World,
    cx: &mut CallContext,
    input: GetBucketWebsiteRequest,
) -> Result<GetBucketWebsiteOutput, ApiError> {
    let b = bucket(world, cx, &input.bucket)?;
    let Some(website) = &b.website else {
        cx.why(format!("static website hosting is not configured on '{}'", b.name));
        return Err(ApiError::not_found(
            "NoSuchWebsiteConfiguration",
            "The specified bucket does not have a website configuration",
        ));
    };
    cx.why(format!("'{}' hosts a website at http://{}", b.name, b.website_endpoint()));
    Ok(GetBucketWebsiteOutput {
        redirect_all_requests_to: website
            .redirect_all_to
            .as_ref()
            .map(|r| RedirectAllRequestsTo { host_name: r.host_name.clone(), protocol: r.protocol.clone() }),
        index_document: website.index_document.clone().map(|suffix| IndexDocument { suffix }),
        error_document: website.error_document.clone().map(|key| ErrorDocument { key }),
    })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteBucketWebsiteRequest {
    pub bucket: String,
}

pub fn delete_bucket_website(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteBucketWebsiteRequest,
) -> Result<EmptyOutput, ApiError> {
    let b = bucket_mut(world, cx, &input.bucket)?;
    let had = b.website.take().is_some();
    cx.why(if had {
        format!("website hosting is off for '{}'; its endpoint now answers NoSuchWebsiteConfiguration", b.name)
    } else {
        format!("'{}' had no website configuration; deleting it anyway succeeds", b.name)
    });
    Ok(EmptyOutput {})
}

// ---------------------------------------------------------------- bucket tagging

/// The most tags a bucket may carry.
pub const MAX_BUCKET_TAGS: usize = 50;
pub const MAX_TAG_KEY_CHARS: usize = 128;
pub const MAX_TAG_VALUE_CHARS: usize = 256;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    pub key: String,
    pub value: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tagging {
    pub tag_set: Vec<Tag>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutBucketTaggingRequest {
    pub bucket: String,
    pub tagging: Tagging,
}

/// Letters, digits, white space and `_ . : / = + - @`, the characters AWS tags allow.
fn tag_text_is_allowed(text: &str) -> bool {
    text.chars().all(|c| c.is_alphanumeric() || c.is_whitespace() || "_.:/=+-@".contains(c))
}

/// Checks a tag set against S3's rules; the error says which rule failed.
pub fn validate_tag_set(tags: &[Tag]) -> Result<(), String> {
    if tags.len() > MAX_BUCKET_TAGS {
        return Err(format!("Bucket tag count cannot be greater than {MAX_BUCKET_TAGS}"));
    }
    let mut seen = std::collections::BTreeSet::new();
    for tag in tags {
        let key_chars = tag.key.chars().count();
        if key_chars == 0 || !tag_text_is_allowed(&tag.key) {
            return Err("The TagKey you have provided is invalid".into());
        }
        if key_chars > MAX_TAG_KEY_CHARS {
            return Err(format!("The TagKey you have provided is too long, max {MAX_TAG_KEY_CHARS}"));
        }
        if tag.key.to_ascii_lowercase().starts_with("aws:") {
            return Err("Your TagKey cannot be prefixed with aws:".into());
        }
        if tag.value.chars().count() > MAX_TAG_VALUE_CHARS {
            return Err(format!("The TagValue you have provided is too long, max {MAX_TAG_VALUE_CHARS}"));
        }
        if !tag_text_is_allowed(&tag.value) {
            return Err("The TagValue you have provided is invalid".into());
        }
        if !seen.insert(tag.key.as_str()) {
            return Err("Cannot provide multiple Tags with the same key".into());
        }
    }
    Ok(())
}

pub fn put_bucket_tagging(
    world: &mut World,
    cx: &mut CallContext,
    input: PutBucketTaggingRequest,
) -> Result<EmptyOutput, ApiError> {
    bucket(world, cx, &input.bucket)?;
    let tags = input.tagging.tag_set;
    if let Err(rule) = validate_tag_set(&tags) {
        cx.why(format!("the tag set breaks a rule: {rule}"));
        return Err(ApiError::bad_request("InvalidTag", rule));
    }
    let b = bucket_mut(world, cx, &input.bucket)?;
    cx.why(format!("the {} tag(s) replace every tag '{}' had before", tags.len(), b.name));
    b.tags = tags.into_iter().map(|t| (t.key, t.value)).collect();
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketTaggingRequest {
    pub bucket: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketTaggingOutput {
    pub tag_set: Vec<Tag>,
}

pub fn get_bucket_tagging(
    world: &mut World,
    cx: &mut CallContext,
    input: GetBucketTaggingRequest,
) -> Result<GetBucketTaggingOutput, ApiError> {
    let b = bucket(world, cx, &input.bucket)?;
    if b.tags.is_empty() {
        cx.why(format!("'{}' has no tags", b.name));
        return Err(ApiError::not_found("NoSuchTagSet", "The TagSet does not exist"));
    }
    cx.why(format!("'{}' has {} tag(s)", b.name, b.tags.len()));
    Ok(GetBucketTaggingOutput {
        tag_set: b.tags.iter().map(|(k, v)| Tag { key: k.clone(), value: v.clone() }).collect(),
    })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteBucketTaggingRequest {
    pub bucket: String,
}

pub fn delete_bucket_tagging(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteBucketTaggingRequest,
) -> Result<EmptyOutput, ApiError> {
    let b = bucket_mut(world, cx, &input.bucket)?;
    cx.why(format!("removed all {} tag(s) from '{}'", b.tags.len(), b.name));
    b.tags.clear();
    Ok(EmptyOutput {})
}
