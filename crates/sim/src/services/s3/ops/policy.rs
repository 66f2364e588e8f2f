//! Bucket policies: PutBucketPolicy's syntax checks, Get/Delete, and the one question the
//! simulated network asks of a policy: may an anonymous reader GET this object?

use super::*;
use serde_json::Value;

/// The largest bucket policy S3 accepts, in bytes.
pub const MAX_POLICY_BYTES: usize = 20 * 1024;

/// `Principal`, `Action` and `Resource` may each be one string or a list of them.
fn as_list(v: &Value) -> Vec<&str> {
    match v {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// `Statement` may be one object or a list of them.
fn statements(doc: &Value) -> Vec<&Value> {
    match &doc["Statement"] {
        Value::Array(a) => a.iter().collect(),
        s @ Value::Object(_) => vec![s],
        _ => Vec::new(),
    }
}

/// IAM-style wildcard match: `*` is any run of characters, `?` exactly one.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti) = (0, 0);
    // Where the last `*` was, and the text position it currently stands for.
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

fn is_object_action(action: &str) -> bool {
    let name = action.to_ascii_lowercase();
    let name = name.trim_start_matches("s3:");
    name.contains("object") || name == "abortmultipartupload" || name == "listmultipartuploadparts"
}

fn is_bucket_action(action: &str) -> bool {
    let name = action.to_ascii_lowercase();
    name.trim_start_matches("s3:").contains("bucket")
}

/// Checks a bucket policy the way PutBucketPolicy does; the error is S3's MalformedPolicy message.
pub fn validate_policy(bucket: &str, text: &str) -> Result<(), String> {
    if text.len() > MAX_POLICY_BYTES {
        return Err(format!("Policies must be {} KB or less", MAX_POLICY_BYTES / 1024));
    }
    let doc: Value = serde_json::from_str(text).map_err(|_| "This policy contains invalid Json".to_string())?;
    if !doc.is_object() {
        return Err("This policy contains invalid Json".into());
    }
    if doc.get("Statement").is_none() {
        return Err("Missing required field Statement".into());
    }
    let list = statements(&doc);
    if list.is_empty() {
        return Err("Could not parse the policy: Statement is empty!".into());
    }
    let bucket_arn = bucket_arn(bucket);
    for s in list {
        let Some(effect) = s.get("Effect") else {
            return Err("Missing required field Effect".into());
        };
        if effect != "Allow" && effect != "Deny" {
            return Err(format!("Invalid effect: {}", effect.as_str().unwrap_or("")));
        }
        let principal = s.get("Principal").or_else(|| s.get("NotPrincipal"));
        match principal {
            None => return Err("Missing required field Principal".into()),
            Some(Value::String(p)) if p == "*" => {}
            Some(Value::Object(m)) if !m.is_empty() => {}
            Some(_) => return Err("Invalid principal in policy".into()),
        }
        let Some(actions) = s.get("Action").or_else(|| s.get("NotAction")).map(as_list) else {
            return Err("Missing required field Action".into());
        };
        if actions.is_empty() || actions.iter().any(|a| *a != "*" && !a.to_ascii_lowercase().starts_with("s3:")) {
            return Err("Policy has invalid action".into());
        }
        let Some(resources) = s.get("Resource").or_else(|| s.get("NotResource")).map(as_list) else {
            return Err("Missing required field Resource".into());
        };
        let in_this_bucket =
            |r: &&str| r.strip_prefix(bucket_arn.as_str()).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
        if resources.is_empty() || !resources.iter().all(in_this_bucket) {
            return Err("Policy has invalid resource".into());
        }
        // The classic slip: s3:GetObject on `arn:aws:s3:::bucket` (the bucket, not its
        // objects), or s3:ListBucket on `bucket/*`.
        if s.get("Action").is_some() && s.get("Resource").is_some() {
            let only_objects = actions.iter().all(|a| is_object_action(a));
            let only_buckets = actions.iter().all(|a| is_bucket_action(a) && !is_object_action(a));
            let any_object_resource = resources.iter().any(|r| r.contains('/'));
            let any_bucket_resource = resources.iter().any(|r| !r.contains('/'));
            if (only_objects && !any_object_resource) || (only_buckets && !any_bucket_resource) {
                return Err("Action does not apply to any resource(s) in statement".into());
            }
        }
    }
    Ok(())
}

/// What a bucket policy says about an anonymous `GET` of one object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnonymousRead {
    Allowed,
    NoPolicy,
    /// The policy has no statement allowing everyone s3:GetObject on this object.
    NotGranted,
    /// A statement denies it (explicit deny always wins).
    Denied,
}

/// Evaluates `policy` for an anonymous s3:GetObject of `key`. Statements with a Condition,
/// NotPrincipal, NotAction or NotResource are not evaluated (they never grant here), and Block
/// Public Access is not simulated yet, so a public policy is enough.
pub fn anonymous_read(policy: Option<&str>, bucket: &str, key: &str) -> AnonymousRead {
    let Some(doc) = policy.and_then(|p| serde_json::from_str::<Value>(p).ok()) else {
        return AnonymousRead::NoPolicy;
    };
    let resource = object_arn(bucket, key);
    let applies = |s: &Value| {
        let everyone = s["Principal"] == "*" || as_list(&s["Principal"]["AWS"]).contains(&"*");
        let action = as_list(&s["Action"]).iter().any(|a| wildcard_match(&a.to_ascii_lowercase(), "s3:getobject"));
        let on_object = as_list(&s["Resource"]).iter().any(|r| wildcard_match(r, &resource));
        everyone && action && on_object && s.get("Condition").is_none()
    };
    let list = statements(&doc);
    if list.iter().any(|s| s["Effect"] == "Deny" && applies(s)) {
        return AnonymousRead::Denied;
    }
    if list.iter().any(|s| s["Effect"] == "Allow" && applies(s)) {
        return AnonymousRead::Allowed;
    }
    AnonymousRead::NotGranted
}

// ---------------------------------------------------------------- PutBucketPolicy

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutBucketPolicyRequest {
    pub bucket: String,
    /// The policy document, as a JSON string.
    pub policy: String,
}

pub fn put_bucket_policy(
    world: &mut World,
    cx: &mut CallContext,
    input: PutBucketPolicyRequest,
) -> Result<EmptyOutput, ApiError> {
    bucket(world, cx, &input.bucket)?;
    if let Err(message) = validate_policy(&input.bucket, &input.policy) {
        cx.why(format!("the policy was refused: {message}"));
        return Err(ApiError::bad_request("MalformedPolicy", message));
    }
    // Key `*` stands for "any object": only a grant on the whole bucket matches it.
    let public = anonymous_read(Some(&input.policy), &input.bucket, "*") == AnonymousRead::Allowed;
    if public && world.s3.buckets[&input.bucket].blocks_public_policy() {
        cx.why(format!(
            "the policy grants public access and '{}' has BlockPublicPolicy on (Block Public Access is on by default \
             since April 2023): turn it off with PutPublicAccessBlock first",
            input.bucket
        ));
        return Err(ApiError::new("AccessDenied", 403, "Access Denied"));
    }
    bucket_mut(world, cx, &input.bucket)?.policy = Some(input.policy);
    cx.why(if public {
        format!("the policy on '{}' lets anyone read every object: the bucket is now public", input.bucket)
    } else {
        format!("the policy on '{}' replaces any earlier one", input.bucket)
    });
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketPolicyRequest {
    pub bucket: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketPolicyOutput {
    pub policy: String,
}

pub fn get_bucket_policy(
    world: &mut World,
    cx: &mut CallContext,
    input: GetBucketPolicyRequest,
) -> Result<GetBucketPolicyOutput, ApiError> {
    let b = bucket(world, cx, &input.bucket)?;
    let Some(policy) = &b.policy else {
        cx.why(format!("'{}' has no bucket policy", b.name));
        return Err(ApiError::not_found("NoSuchBucketPolicy", "The bucket policy does not exist"));
    };
    cx.why(format!("returned the policy attached to '{}'", b.name));
    Ok(GetBucketPolicyOutput { policy: policy.clone() })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteBucketPolicyRequest {
    pub bucket: String,
}

pub fn delete_bucket_policy(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteBucketPolicyRequest,
) -> Result<EmptyOutput, ApiError> {
    let b = bucket_mut(world, cx, &input.bucket)?;
    let had = b.policy.take().is_some();
    cx.why(if had {
        format!("removed the policy of '{}'; only the owner's own permissions apply now", b.name)
    } else {
        format!("'{}' had no policy; deleting it anyway succeeds", b.name)
    });
    Ok(EmptyOutput {})
}

// ---------------------------------------------------------------- Block Public Access

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PublicAccessBlockConfiguration {
    #[serde(default)]
    pub block_public_acls: bool,
    #[serde(default)]
    pub ignore_public_acls: bool,
    #[serde(default)]
    pub block_public_policy: bool,
    #[serde(default)]
    pub restrict_public_buckets: bool,
}

impl From<PublicAccessBlockConfiguration> for PublicAccessBlock {
    fn from(c: PublicAccessBlockConfiguration) -> Self {
        PublicAccessBlock {
            block_public_acls: c.block_public_acls,
            ignore_public_acls: c.ignore_public_acls,
            block_public_policy: c.block_public_policy,
            restrict_public_buckets: c.restrict_public_buckets,
        }
    }
}

impl From<PublicAccessBlock> for PublicAccessBlockConfiguration {
    fn from(b: PublicAccessBlock) -> Self {
        PublicAccessBlockConfiguration {
            block_public_acls: b.block_public_acls,
            ignore_public_acls: b.ignore_public_acls,
            block_public_policy: b.block_public_policy,
            restrict_public_buckets: b.restrict_public_buckets,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutPublicAccessBlockRequest {
    pub bucket: String,
    pub public_access_block_configuration: PublicAccessBlockConfiguration,
}

pub fn put_public_access_block(
    world: &mut World,
    cx: &mut CallContext,
    input: PutPublicAccessBlockRequest,
) -> Result<EmptyOutput, ApiError> {
    let b = bucket_mut(world, cx, &input.bucket)?;
    let settings: PublicAccessBlock = input.public_access_block_configuration.into();
    b.public_access_block = Some(settings);
    cx.why(format!(
        "Block Public Access of '{}' is now BlockPublicPolicy={}, RestrictPublicBuckets={}, BlockPublicAcls={}, \
         IgnorePublicAcls={}",
        input.bucket,
        settings.block_public_policy,
        settings.restrict_public_buckets,
        settings.block_public_acls,
        settings.ignore_public_acls
    ));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetPublicAccessBlockRequest {
    pub bucket: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetPublicAccessBlockOutput {
    pub public_access_block_configuration: PublicAccessBlockConfiguration,
}

pub fn get_public_access_block(
    world: &mut World,
    cx: &mut CallContext,
    input: GetPublicAccessBlockRequest,
) -> Result<GetPublicAccessBlockOutput, ApiError> {
    match bucket(world, cx, &input.bucket)?.public_access_block {
        Some(settings) => Ok(GetPublicAccessBlockOutput { public_access_block_configuration: settings.into() }),
        None => {
            cx.why(format!("'{}' has no Block Public Access configuration (it was deleted)", input.bucket));
            Err(ApiError::not_found(
                "NoSuchPublicAccessBlockConfiguration",
                "The public access block configuration was not found",
            ))
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeletePublicAccessBlockRequest {
    pub bucket: String,
}

pub fn delete_public_access_block(
    world: &mut World,
    cx: &mut CallContext,
    input: DeletePublicAccessBlockRequest,
) -> Result<EmptyOutput, ApiError> {
    bucket_mut(world, cx, &input.bucket)?.public_access_block = None;
    cx.why(format!("'{}' no longer blocks public access: a public policy would now be accepted", input.bucket));
    Ok(EmptyOutput {})
}
