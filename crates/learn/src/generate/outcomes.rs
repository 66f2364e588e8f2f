//! What each outcome a generated question may offer means, so every wrong choice can say why it
//! does not apply.

/// A one-line meaning of an outcome label, for explaining wrong choices.
pub fn meaning(label: &str) -> String {
    let code = label.strip_prefix("Fails with ").unwrap_or("");
    let text = match code {
        "NoSuchKey" => "S3 answers NoSuchKey (404) when a key has no current object: it was never written, or its latest version is a delete marker.",
        "NoSuchBucket" => "NoSuchBucket (404) means the bucket itself does not exist.",
        "NoSuchVersion" => "NoSuchVersion (404) means the key has no version with that id.",
        "MethodNotAllowed" => "A GET that names the version id of a delete marker answers 405 MethodNotAllowed.",
        "BucketAlreadyOwnedByYou" => "Outside us-east-1, creating a bucket you already own fails with BucketAlreadyOwnedByYou (409).",
        "BucketAlreadyExists" => "BucketAlreadyExists (409) means another AWS account owns the name; bucket names are shared by all accounts.",
        "BucketNotEmpty" => "DeleteBucket fails with BucketNotEmpty (409) while any object version or delete marker remains.",
        "InvalidBucketName" => "InvalidBucketName (400) means the name breaks a naming rule: 3–63 characters of lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit, not an IP address.",
        "IllegalLocationConstraintException" => "IllegalLocationConstraintException means the LocationConstraint does not match the Region the request was sent to (or is missing outside us-east-1).",
        "AccessDenied" => "AccessDenied (403) comes from a policy or permission that refuses the call; nothing in this account denies it.",
        _ if label.starts_with("Succeeds and returns") => "That would be the body of a different version than the one this request reads.",
        _ if label.starts_with("Succeeds") => "The call does not succeed in this situation.",
        _ => "That is not what S3 does in this situation.",
    };
    text.to_string()
}
