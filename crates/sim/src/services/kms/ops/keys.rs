//! Key lifecycle: CreateKey, DescribeKey, ListKeys, UpdateKeyDescription, EnableKey, DisableKey,
//! ScheduleKeyDeletion, CancelKeyDeletion, and the AWS managed keys services create on first use.

use super::*;
use crate::services::kms::jobs::{self, Job};
use crate::time::SimDuration;

// ------------------------------------------------------------------------------ KeyMetadata

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeyMetadata {
    #[serde(rename = "AWSAccountId")]
    pub aws_account_id: String,
    pub key_id: String,
    pub arn: String,
    pub creation_date: SimTime,
    pub enabled: bool,
    pub description: String,
    pub key_usage: KeyUsage,
    pub key_state: KeyState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_date: Option<SimTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<SimTime>,
    pub origin: Origin,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_model: Option<ExpirationModel>,
    pub key_manager: KeyManager,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_master_key_spec: Option<KeySpec>,
    pub key_spec: KeySpec,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_algorithms: Option<Vec<EncryptionAlgorithm>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing_algorithms: Option<Vec<SigningAlgorithm>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac_algorithms: Option<Vec<MacAlgorithm>>,
    pub multi_region: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_key_material_id: Option<String>,
    #[cfg(feature = "cloudhsm")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_key_store_id: Option<String>,
    #[cfg(feature = "cloudhsm")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_hsm_cluster_id: Option<String>,
}

pub fn metadata(key: &Key) -> KeyMetadata {
    KeyMetadata {
        aws_account_id: ACCOUNT_ID.to_string(),
        key_id: key.key_id.clone(),
        arn: key.arn.clone(),
        creation_date: key.creation_date,
        enabled: key.enabled(),
        description: key.description.clone(),
        key_usage: key.key_usage,
        key_state: key.state,
        deletion_date: if key.state == KeyState::PendingDeletion { key.deletion_date } else { None },
        valid_to: key.valid_to(),
        origin: key.origin,
        expiration_model: key.expiration_model(),
        key_manager: key.key_manager,
        customer_master_key_spec: key.key_spec.customer_master_key_spec(),
        key_spec: key.key_spec,
        encryption_algorithms: (key.key_usage == KeyUsage::EncryptDecrypt)
            .then(|| vec![EncryptionAlgorithm::SymmetricDefault]),
        signing_algorithms: (key.key_usage == KeyUsage::SignVerify).then(|| vec![SigningAlgorithm::EcdsaSha256]),
        mac_algorithms: (key.key_usage == KeyUsage::GenerateVerifyMac).then(|| vec![MacAlgorithm::HmacSha256]),
        multi_region: false,
        current_key_material_id: if key.is_symmetric() { key.materials.last().map(|m| m.id.clone()) } else { None },
        #[cfg(feature = "cloudhsm")]
        custom_key_store_id: key.custom_key_store.as_ref().map(|l| l.custom_key_store_id.clone()),
        #[cfg(feature = "cloudhsm")]
        cloud_hsm_cluster_id: key.custom_key_store.as_ref().map(|l| l.cloud_hsm_cluster_id.clone()),
    }
}

// -------------------------------------------------------------------------------- CreateKey

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateKeyRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_usage: Option<KeyUsage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_master_key_spec: Option<KeySpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_spec: Option<KeySpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_key_store_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bypass_policy_lockout_safety_check: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_region: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateKeyResponse {
    pub key_metadata: KeyMetadata,
}

pub(crate) fn check_description(cx: &mut CallContext, description: &str) -> Result<(), ApiError> {
    check_length(cx, "description", description.chars().count(), 0, 8192, format!("{} characters", description.len()))
}

pub fn create_key(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateKeyRequest,
) -> Result<CreateKeyResponse, ApiError> {
    let description = input.description.unwrap_or_default();
    check_description(cx, &description)?;
    let spec = match (input.key_spec, input.customer_master_key_spec) {
        (Some(_), Some(_)) => {
            return Err(validation(
                cx,
                "You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec \
                 parameter is deprecated.",
                "KeySpec replaces the deprecated CustomerMasterKeySpec: give one of them",
            ))
        }
        (Some(s), None) | (None, Some(s)) => s,
        (None, None) => KeySpec::SymmetricDefault,
    };
    let usage = input.key_usage.unwrap_or(KeyUsage::EncryptDecrypt);
    if !spec.valid_usages().contains(&usage) {
        let valid: Vec<&str> = spec.valid_usages().iter().map(|u| u.as_str()).collect();
        return Err(validation(
            cx,
            format!("KeyUsage {usage} is not compatible with KeySpec {spec}."),
            format!(
                "a {spec} key can only have KeyUsage {} (KeyUsage defaults to ENCRYPT_DECRYPT)",
                valid.join(" or ")
            ),
        ));
    }
    if !spec.simulated() {
        return Err(unsupported(
            cx,
            format!("KeySpec {spec} is not supported by Nimbus Lab's KMS."),
            format!(
                "Nimbus Lab simulates SYMMETRIC_DEFAULT, HMAC_256 and ECC_NIST_P256 keys; {spec} is valid in AWS but \
                 not simulated here"
            ),
        ));
    }
    if usage == KeyUsage::KeyAgreement {
        return Err(unsupported(
            cx,
            "KeyUsage KEY_AGREEMENT is not supported by Nimbus Lab's KMS.",
            "KEY_AGREEMENT keys (DeriveSharedSecret) are valid in AWS but not simulated here",
        ));
    }
    #[cfg(not(feature = "cloudhsm"))]
    if input.custom_key_store_id.is_some() {
        cx.why("custom key stores need the cloudhsm feature, so no store id exists");
        return Err(ApiError::bad_request(
            "CustomKeyStoreNotFoundException",
            "The request was rejected because KMS cannot find a custom key store with the specified key store name \
             or ID.",
        ));
    }
    let origin = input.origin.unwrap_or(Origin::AwsKms);
    #[cfg(feature = "cloudhsm")]
    match (origin, &input.custom_key_store_id) {
        (Origin::AwsCloudhsm, None) => {
            return Err(validation(
                cx,
                "You must specify a CustomKeyStoreId when the Origin is AWS_CLOUDHSM.",
                "a key with Origin AWS_CLOUDHSM lives in a CloudHSM key store: name it with CustomKeyStoreId",
            ))
        }
        (Origin::AwsCloudhsm, Some(_)) if spec != KeySpec::SymmetricDefault || usage != KeyUsage::EncryptDecrypt => {
            return Err(unsupported(
                cx,
                format!("KeySpec {spec} is not supported for keys in a CloudHSM key store."),
                "keys in a CloudHSM key store are SYMMETRIC_DEFAULT ENCRYPT_DECRYPT keys",
            ))
        }
        (Origin::AwsCloudhsm, Some(_)) => {}
        (_, Some(id)) if world.kms.custom_key_stores.get(id).is_none_or(|s| s.region != cx.region) => {
            cx.why(format!("no custom key store {id} exists in {}", cx.region));
            return Err(ApiError::bad_request(
                "CustomKeyStoreNotFoundException",
                "The request was rejected because KMS cannot find a custom key store with the specified key store \
                 name or ID.",
            ));
        }
        (_, Some(_)) => {
            return Err(validation(
                cx,
                "The Origin must be AWS_CLOUDHSM when a CustomKeyStoreId is specified.",
                "CustomKeyStoreId goes with Origin AWS_CLOUDHSM",
            ))
        }
        (_, None) => {}
    }
    match origin {
        Origin::AwsKms => {}
        Origin::External if spec != KeySpec::EccNistP256 => {}
        Origin::External => {
            return Err(unsupported(
                cx,
                "Importing key material into ECC_NIST_P256 keys is not supported by Nimbus Lab's KMS.",
                "Nimbus Lab imports material into SYMMETRIC_DEFAULT and HMAC_256 keys only",
            ))
        }
        #[cfg(feature = "cloudhsm")]
        Origin::AwsCloudhsm => {}
        #[cfg(not(feature = "cloudhsm"))]
        Origin::AwsCloudhsm => {
            return Err(unsupported(
                cx,
                "Origin AWS_CLOUDHSM requires a custom key store, which needs Nimbus Lab's cloudhsm feature.",
                "Origin AWS_CLOUDHSM keys live in a CloudHSM key store",
            ))
        }
        Origin::ExternalKeyStore => {
            return Err(unsupported(
                cx,
                format!("Origin {origin} requires a custom key store, which Nimbus Lab's KMS does not simulate."),
                format!("Origin {origin} keys live in a custom key store; use AWS_KMS or EXTERNAL here"),
            ))
        }
    }
    if input.multi_region == Some(true) {
        return Err(unsupported(
            cx,
            "Multi-Region keys are not supported by Nimbus Lab's KMS.",
            "Nimbus Lab simulates single-Region keys only (MultiRegion false)",
        ));
    }
    let tags = input.tags.unwrap_or_default();
    super::tags::check_tags(cx, &tags)?;
    let region = cx.region.clone();
    let policy = match input.policy {
        Some(text) => {
            check_length(cx, "policy", text.len(), 1, 131_072, format!("{} bytes", text.len()))?;
            let parsed =
                access::parse(&text).inspect_err(|e| cx.why(format!("the key policy was rejected: {}", e.message)))?;
            if input.bypass_policy_lockout_safety_check != Some(true) {
                super::policy::lockout_check(world, cx, &parsed, &key_arn(&region, "*"))?;
            }
            text
        }
        None => default_key_policy(),
    };
    let in_region = world.kms.keys.values().filter(|k| k.region == region && !k.is_aws_managed()).count();
    if in_region >= MAX_KEYS_PER_REGION {
        cx.why(format!("the account already has {MAX_KEYS_PER_REGION} customer managed keys in {region}"));
        return Err(ApiError::bad_request(
            "LimitExceededException",
            "The request was rejected because a quota was exceeded.",
        ));
    }
    #[cfg_attr(not(feature = "cloudhsm"), allow(unused_mut))]
    let mut key = insert_key(world, &region, spec, usage, origin, KeyManager::Customer, description, policy, tags);
    #[cfg(feature = "cloudhsm")]
    if let Some(store) = &input.custom_key_store_id {
        match super::custom_key_stores::key_material_in_store(world, cx, store, &key.key_id) {
            Ok((link, material)) => {
                let now = world.now();
                let k = key_mut(world, &key.key_id);
                k.materials = vec![new_material(&key.key_id, material, now, None)];
                k.custom_key_store = Some(link);
                key = k.clone();
            }
            Err(e) => {
                world.kms.keys.remove(&key.key_id);
                return Err(e);
            }
        }
    }
    cx.touch(key.arn.clone());
    cx.why(match origin {
        Origin::External => format!(
            "key {} created with origin EXTERNAL and no key material: it is PendingImport until ImportKeyMaterial",
            key.key_id
        ),
        Origin::AwsCloudhsm => format!(
            "key {} created in a CloudHSM key store: its material was generated inside the cluster's HSMs as a key \
             owned by kmsuser and synchronised to every HSM",
            key.key_id
        ),
        _ => format!(
            "{spec} key {} created for {usage}, Enabled, with the default key policy unless one was given",
            key.key_id
        ),
    });
    Ok(CreateKeyResponse { key_metadata: metadata(&key) })
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_key(
    world: &mut World,
    region: &str,
    spec: KeySpec,
    usage: KeyUsage,
    origin: Origin,
    manager: KeyManager,
    description: String,
    policy: String,
    tags: Vec<Tag>,
) -> Key {
    let key_id = ids::uuid(world.rng());
    let now = world.now();
    let materials = match origin {
        Origin::External => Vec::new(),
        _ => {
            let secret = new_secret(world, spec);
            vec![new_material(&key_id, secret, now, None)]
        }
    };
    let key = Key {
        arn: key_arn(region, &key_id),
        key_id: key_id.clone(),
        region: region.to_string(),
        creation_date: now,
        description,
        key_spec: spec,
        key_usage: usage,
        origin,
        key_manager: manager,
        state: if origin == Origin::External { KeyState::PendingImport } else { KeyState::Enabled },
        deletion_date: None,
        policy,
        tags,
        materials,
        rotation: None,
        on_demand_rotations: 0,
        grants: Vec::new(),
        import_parameters: Vec::new(),
        #[cfg(feature = "cloudhsm")]
        custom_key_store: None,
    };
    world.kms.keys.insert(key_id, key.clone());
    key
}

// ------------------------------------------------------------------------- AWS managed keys

/// Service codes whose AWS managed key (`alias/aws/<code>`) Nimbus Lab can create on first use.
pub const AWS_MANAGED_SERVICES: &[(&str, &str)] = &[
    ("s3", "S3 objects"),
    ("ebs", "EBS volumes"),
    ("rds", "RDS databases"),
    ("lambda", "Lambda functions"),
    ("secretsmanager", "Secrets Manager secrets"),
    ("sns", "SNS topics"),
    ("sqs", "SQS queues"),
    ("dynamodb", "DynamoDB tables"),
    ("ssm", "SSM parameters"),
    ("elasticfilesystem", "EFS file systems"),
    ("backup", "backups"),
    ("logs", "CloudWatch logs"),
    ("codecommit", "CodeCommit repositories"),
    ("acm", "ACM private keys"),
];

/// The AWS managed key for `service` in `region` (`alias/aws/s3` …), created on first use as AWS
/// does: KeyManager AWS, a policy that allows use only through the service, rotation every year.
/// Returns its key id, or None for a service code Nimbus Lab does not know.
pub(crate) fn aws_managed_key_in(world: &mut World, region: &str, service: &str) -> Option<String> {
    let alias = format!("alias/aws/{service}");
    let arn = alias_arn(region, &alias);
    if let Some(a) = world.kms.aliases.get(&arn) {
        return Some(a.target_key_id.clone());
    }
    let (_, what) = AWS_MANAGED_SERVICES.iter().find(|(code, _)| *code == service)?;
    let key = insert_key(
        world,
        region,
        KeySpec::SymmetricDefault,
        KeyUsage::EncryptDecrypt,
        Origin::AwsKms,
        KeyManager::Aws,
        format!("Default key that protects my {what} when no other key is defined"),
        aws_managed_key_policy(service, region),
        Vec::new(),
    );
    let now = world.now();
    let next = now + SimDuration::days(365);
    let k = key_mut(world, &key.key_id);
    k.rotation = Some(RotationSchedule { period_days: 365, next_rotation: next });
    jobs::schedule_rotation(world, &key.key_id, SimDuration::days(365));
    world.kms.aliases.insert(
        arn.clone(),
        Alias {
            name: alias,
            arn,
            region: region.to_string(),
            target_key_id: key.key_id.clone(),
            creation_date: now,
            last_updated_date: now,
        },
    );
    Some(key.key_id)
}

/// The AWS managed key for `service` in the World's default Region (S3 calls this for SSE-KMS
/// without a key id). Panics never; an unknown service code gives None.
#[cfg_attr(not(test), allow(dead_code))] // services call aws_managed_key_in with their Region
pub(crate) fn aws_managed_key(world: &mut World, service: &str) -> Option<String> {
    let region = world.default_region.clone();
    aws_managed_key_in(world, &region, service)
}

// ------------------------------------------------------------------------------ DescribeKey

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeKeyRequest {
    pub key_id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grant_tokens: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeKeyResponse {
    pub key_metadata: KeyMetadata,
}

pub fn describe_key(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeKeyRequest,
) -> Result<DescribeKeyResponse, ApiError> {
    check_grant_tokens(world, cx, &input.grant_tokens)?;
    // DescribeKey on a predefined AWS alias with no key yet creates the AWS managed key (as AWS does).
    let region = cx.region.clone();
    let alias_name = input.key_id.strip_prefix(&format!("arn:aws:kms:{region}:{ACCOUNT_ID}:")).unwrap_or(&input.key_id);
    let mut created = false;
    if let Some(service) = alias_name.strip_prefix("alias/aws/") {
        if !world.kms.aliases.contains_key(&alias_arn(&region, alias_name)) {
            created = aws_managed_key_in(world, &region, service).is_some();
        }
    }
    let id =
        key_for(world, cx, &input.key_id, KeyRef::AnyIdentifier, "DescribeKey", OpClass::Any, AuthContext::default())?;
    let k = key(world, &id);
    cx.why(if created {
        format!("{alias_name} had no key yet, so describing it created the AWS managed key {id}")
    } else {
        format!("key {id} is {} ({} {}, {})", k.state, k.key_spec, k.key_usage, k.key_manager)
    });
    Ok(DescribeKeyResponse { key_metadata: metadata(k) })
}

// --------------------------------------------------------------------------------- ListKeys

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListKeysRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeyListEntry {
    pub key_id: String,
    pub key_arn: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListKeysResponse {
    pub keys: Vec<KeyListEntry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
    pub truncated: bool,
}

pub fn list_keys(
    world: &mut World,
    cx: &mut CallContext,
    input: ListKeysRequest,
) -> Result<ListKeysResponse, ApiError> {
    let region = cx.region.clone();
    let all: Vec<KeyListEntry> = world
        .kms
        .keys
        .values()
        .filter(|k| k.region == region)
        .map(|k| KeyListEntry { key_id: k.key_id.clone(), key_arn: k.arn.clone() })
        .collect();
    let (keys, next_marker, truncated) = paginate(cx, &all, input.limit, input.marker.as_deref())?;
    cx.why(format!("{} key(s) in {region}, including AWS managed keys and keys pending deletion", all.len()));
    Ok(ListKeysResponse { keys, next_marker, truncated })
}

// --------------------------------------------------------------------- UpdateKeyDescription

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateKeyDescriptionRequest {
    pub key_id: String,
    pub description: String,
}

pub fn update_key_description(
    world: &mut World,
    cx: &mut CallContext,
    input: UpdateKeyDescriptionRequest,
) -> Result<EmptyResponse, ApiError> {
    check_description(cx, &input.description)?;
    let id = key_for(
        world,
        cx,
        &input.key_id,
        KeyRef::IdOrArn,
        "UpdateKeyDescription",
        OpClass::Manage,
        AuthContext::default(),
    )?;
    key_mut(world, &id).description = input.description;
    cx.why(format!("the description of key {id} changed"));
    Ok(EmptyResponse {})
}

// ---------------------------------------------------------------------- EnableKey/DisableKey

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeyIdRequest {
    pub key_id: String,
}

pub type EnableKeyRequest = KeyIdRequest;
pub type DisableKeyRequest = KeyIdRequest;

pub fn enable_key(world: &mut World, cx: &mut CallContext, input: EnableKeyRequest) -> Result<EmptyResponse, ApiError> {
    let id = key_for(
        world,
        cx,
        &input.key_id,
        KeyRef::IdOrArn,
        "EnableKey",
        OpClass::EnableDisable,
        AuthContext::default(),
    )?;
    let now = world.now();
    let k = key_mut(world, &id);
    let was = k.state;
    #[cfg(feature = "cloudhsm")]
    if let (KeyState::Unavailable, Some(link)) = (k.state, k.custom_key_store.as_mut()) {
        link.state_when_connected = Some(KeyState::Enabled);
        cx.why(format!(
            "key {id} is Unavailable (its key store is disconnected); it will be Enabled when the store connects"
        ));
        return Ok(EmptyResponse {});
    }
    if k.state == KeyState::Disabled {
        k.state = KeyState::Enabled;
    }
    let overdue = k.rotation.as_ref().filter(|r| r.next_rotation <= now).map(|r| r.period_days);
    let mut why = match was {
        KeyState::Enabled => format!("key {id} was already Enabled"),
        _ => format!("key {id} is Enabled again: cryptographic operations work"),
    };
    if let Some(period) = overdue {
        let material = rotate_now(world, &id, RotationType::Automatic);
        let next = now + SimDuration::days(period);
        key_mut(world, &id).rotation = Some(RotationSchedule { period_days: period, next_rotation: next });
        jobs::schedule_rotation(world, &id, SimDuration::days(period));
        why.push_str(&format!(
            "; its automatic rotation came due while it was not enabled, so KMS rotated it now (material {material})"
        ));
    }
    cx.why(why);
    Ok(EmptyResponse {})
}

pub fn disable_key(
    world: &mut World,
    cx: &mut CallContext,
    input: DisableKeyRequest,
) -> Result<EmptyResponse, ApiError> {
    let id = key_for(
        world,
        cx,
        &input.key_id,
        KeyRef::IdOrArn,
        "DisableKey",
        OpClass::EnableDisable,
        AuthContext::default(),
    )?;
    let k = key_mut(world, &id);
    #[cfg(feature = "cloudhsm")]
    if let (KeyState::Unavailable, Some(link)) = (k.state, k.custom_key_store.as_mut()) {
        link.state_when_connected = Some(KeyState::Disabled);
        cx.why(format!(
            "key {id} is Unavailable (its key store is disconnected); it will be Disabled when the store connects"
        ));
        return Ok(EmptyResponse {});
    }
    k.state = KeyState::Disabled;
    cx.why(format!(
        "key {id} is Disabled: Encrypt, Decrypt and the other cryptographic operations now fail with \
         DisabledException; nothing is deleted and EnableKey undoes it"
    ));
    Ok(EmptyResponse {})
}

// -------------------------------------------------------------------- ScheduleKeyDeletion

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScheduleKeyDeletionRequest {
    pub key_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_window_in_days: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScheduleKeyDeletionResponse {
    pub key_id: String,
    pub deletion_date: SimTime,
    pub key_state: KeyState,
    pub pending_window_in_days: i64,
}

pub fn schedule_key_deletion(
    world: &mut World,
    cx: &mut CallContext,
    input: ScheduleKeyDeletionRequest,
) -> Result<ScheduleKeyDeletionResponse, ApiError> {
    let days = input.pending_window_in_days.unwrap_or(30);
    // The model's type allows 1–365, but KMS takes 7–30 (developer guide; moto agrees).
    if days < 7 {
        return Err(constraint(cx, days, "pendingWindowInDays", "have value greater than or equal to 7"));
    }
    if days > 30 {
        return Err(constraint(cx, days, "pendingWindowInDays", "have value less than or equal to 30"));
    }
    let id = key_for(
        world,
        cx,
        &input.key_id,
        KeyRef::IdOrArn,
        "ScheduleKeyDeletion",
        OpClass::ScheduleDeletion,
        AuthContext::default(),
    )?;
    let date = world.now() + SimDuration::days(days);
    let k = key_mut(world, &id);
    k.state = KeyState::PendingDeletion;
    k.deletion_date = Some(date);
    let arn = k.arn.clone();
    jobs::cancel(world, &id, |j| matches!(j, Job::DeleteKey { .. }));
    jobs::schedule(world, SimDuration::days(days), Job::DeleteKey { key_id: id.clone() });
    cx.why(format!(
        "key {id} is PendingDeletion for {days} days and unusable meanwhile; it is deleted on {date} unless \
         CancelKeyDeletion is called first"
    ));
    Ok(ScheduleKeyDeletionResponse {
        key_id: arn,
        deletion_date: date,
        key_state: KeyState::PendingDeletion,
        pending_window_in_days: days,
    })
}

// ----------------------------------------------------------------------- CancelKeyDeletion

pub type CancelKeyDeletionRequest = KeyIdRequest;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CancelKeyDeletionResponse {
    pub key_id: String,
}

pub fn cancel_key_deletion(
    world: &mut World,
    cx: &mut CallContext,
    input: CancelKeyDeletionRequest,
) -> Result<CancelKeyDeletionResponse, ApiError> {
    let id = key_for(
        world,
        cx,
        &input.key_id,
        KeyRef::IdOrArn,
        "CancelKeyDeletion",
        OpClass::CancelDeletion,
        AuthContext::default(),
    )?;
    let k = key_mut(world, &id);
    // An imported key whose material expired or was deleted meanwhile has nothing to enable.
    let no_material = k.origin == Origin::External && k.current_material().is_none();
    k.state = if no_material { KeyState::PendingImport } else { KeyState::Disabled };
    k.deletion_date = None;
    let arn = k.arn.clone();
    let state = k.state;
    jobs::cancel(world, &id, |j| matches!(j, Job::DeleteKey { .. }));
    cx.why(match state {
        KeyState::PendingImport => {
            format!("deletion of key {id} is cancelled; it has no key material, so it is PendingImport")
        }
        _ => format!(
            "deletion of key {id} is cancelled; the key is Disabled (not Enabled): call EnableKey before using it again"
        ),
    });
    Ok(CancelKeyDeletionResponse { key_id: arn })
}
