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
        "DisabledException" => "KMS answers DisabledException when the key is disabled: nothing can be encrypted or decrypted with it until EnableKey. A key whose scheduled deletion was cancelled comes back disabled.",
        "KMSInvalidStateException" => "KMSInvalidStateException means the key's state does not allow the call; a key pending deletion cannot be used for any cryptographic operation.",
        "NotFoundException" => "NotFoundException means no key with that id exists in this account and Region.",
        "InvalidCiphertextException" => "InvalidCiphertextException means the ciphertext or its encryption context was altered, or was not produced by KMS.",
        "AccessDeniedException" => "AccessDeniedException comes from a key policy or grant that does not allow the call; the key's default policy allows the account.",
        "ValidationException" => "ValidationException means a parameter breaks its constraint; the deletion waiting period must be 7 to 30 days.",
        "InvalidChangeBatch" => "Route 53 refuses the whole batch with InvalidChangeBatch when a change cannot apply: creating a record that exists, deleting one that does not, a CNAME at the zone apex or beside other records of the same name.",
        "HostedZoneNotEmpty" => "DeleteHostedZone fails with HostedZoneNotEmpty while the zone holds records other than its NS and SOA records.",
        "NoSuchHostedZone" => "NoSuchHostedZone means no hosted zone has that id.",
        "InvalidInput" => "InvalidInput means the request itself is malformed (a bad name or value), before any record is looked at.",
        "PriorRequestNotComplete" => "PriorRequestNotComplete is a throttle for changes sent too quickly; Route 53 accepts changes while earlier ones are still PENDING.",
        "AlreadyExistsException" => "CreateStack fails with AlreadyExistsException when a stack with that name already exists in the Region.",
        "ValidationError" => "CloudFormation answers ValidationError before creating anything when the name breaks its pattern (a letter first, then letters, digits and hyphens) or the template refers to a resource it does not declare.",
        "InsufficientCapabilitiesException" => "InsufficientCapabilitiesException is for templates that create IAM resources without CAPABILITY_IAM; this one creates none.",
        "LimitExceededException" => "LimitExceededException means an account quota (such as the number of stacks) is reached; one or two stacks are far from it.",
        "AccessDenied" => "AccessDenied (403) comes from a policy or permission that refuses the call; nothing in this account denies it.",
        _ if label.starts_with("Succeeds and returns") => "That would be the body of a different version than the one this request reads.",
        _ if label.starts_with("Succeeds") => "The call does not succeed in this situation.",
        _ => "That is not what AWS does in this situation.",
    };
    text.to_string()
}
