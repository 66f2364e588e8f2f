//! KMS resources: keys (with every version of their key material), aliases, grants, import
//! parameters, and the key state machine with its state × operation table.
//!
//! Key material never leaves [`KmsState`]: it is serialized with the World (as base64 [`Bytes`]) so a
//! saved lab restores keys that still decrypt what they encrypted before.

use crate::bytes::Bytes;
use crate::error::ApiError;
use crate::time::SimTime;
use crate::world::ACCOUNT_ID;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The principal every call runs as unless a lab switches it (`world.kms.caller`).
pub const DEFAULT_CALLER: &str = "arn:aws:iam::123456789012:root";
/// Customer managed keys per Region (the default quota).
pub const MAX_KEYS_PER_REGION: usize = 100_000;
/// Aliases per key.
pub const MAX_ALIASES_PER_KEY: usize = 50;
/// Grants per key.
pub const MAX_GRANTS_PER_KEY: usize = 50_000;
/// Tags per key. [U] the KMS quota page does not list it; IAM-style resources allow 50.
pub const MAX_TAGS_PER_KEY: usize = 50;
/// On-demand rotations per key: the current model doc and quota table say 25 (older pages said 10).
pub const MAX_ON_DEMAND_ROTATIONS: usize = 25;
/// Key policy size quota in bytes.
pub const MAX_POLICY_BYTES: usize = 32_768;
/// Encrypt's plaintext limit.
pub const MAX_PLAINTEXT: usize = 4096;
/// Ciphertext blob limit.
pub const MAX_CIPHERTEXT: usize = 6144;
/// Import parameters (public key + token) stay valid this long.
pub const IMPORT_PARAMETERS_HOURS: i64 = 24;
/// How many sets of import parameters a key keeps; older ones are forgotten (a Nimbus Lab rule to
/// keep saves small; AWS keeps every set until it expires).
pub const MAX_IMPORT_PARAMETERS: usize = 8;

aws_enum!(
    /// Every key spec of the API model. Nimbus Lab creates SYMMETRIC_DEFAULT, HMAC_256 and
    /// ECC_NIST_P256 keys; the others are refused with UnsupportedOperationException.
    KeySpec {
        Rsa2048 = "RSA_2048", Rsa3072 = "RSA_3072", Rsa4096 = "RSA_4096",
        EccNistP256 = "ECC_NIST_P256", EccNistP384 = "ECC_NIST_P384", EccNistP521 = "ECC_NIST_P521",
        EccSecgP256k1 = "ECC_SECG_P256K1", SymmetricDefault = "SYMMETRIC_DEFAULT",
        Hmac224 = "HMAC_224", Hmac256 = "HMAC_256", Hmac384 = "HMAC_384", Hmac512 = "HMAC_512",
        Sm2 = "SM2", MlDsa44 = "ML_DSA_44", MlDsa65 = "ML_DSA_65", MlDsa87 = "ML_DSA_87",
        EccNistEdwards25519 = "ECC_NIST_EDWARDS25519",
    }
);

aws_enum!(KeyUsage {
    SignVerify = "SIGN_VERIFY",
    EncryptDecrypt = "ENCRYPT_DECRYPT",
    GenerateVerifyMac = "GENERATE_VERIFY_MAC",
    KeyAgreement = "KEY_AGREEMENT",
});

aws_enum!(Origin { AwsKms = "AWS_KMS", External = "EXTERNAL", AwsCloudhsm = "AWS_CLOUDHSM", ExternalKeyStore = "EXTERNAL_KEY_STORE" });

aws_enum!(KeyManager { Aws = "AWS", Customer = "CUSTOMER" });

aws_enum!(
    /// Every key state of the model. Nimbus Lab's keys move between Enabled, Disabled,
    /// PendingDeletion and PendingImport; the others belong to multi-Region keys and custom key
    /// stores, which are not simulated, but the state table still answers for them.
    KeyState {
        Creating = "Creating", Enabled = "Enabled", Disabled = "Disabled", PendingDeletion = "PendingDeletion",
        PendingImport = "PendingImport", PendingReplicaDeletion = "PendingReplicaDeletion",
        Unavailable = "Unavailable", Updating = "Updating",
    }
);

aws_enum!(ExpirationModel { KeyMaterialExpires = "KEY_MATERIAL_EXPIRES", KeyMaterialDoesNotExpire = "KEY_MATERIAL_DOES_NOT_EXPIRE" });

aws_enum!(EncryptionAlgorithm {
    SymmetricDefault = "SYMMETRIC_DEFAULT",
    RsaesOaepSha1 = "RSAES_OAEP_SHA_1",
    RsaesOaepSha256 = "RSAES_OAEP_SHA_256",
    Sm2pke = "SM2PKE",
});

aws_enum!(SigningAlgorithm {
    RsassaPssSha256 = "RSASSA_PSS_SHA_256", RsassaPssSha384 = "RSASSA_PSS_SHA_384", RsassaPssSha512 = "RSASSA_PSS_SHA_512",
    RsassaPkcs1V15Sha256 = "RSASSA_PKCS1_V1_5_SHA_256", RsassaPkcs1V15Sha384 = "RSASSA_PKCS1_V1_5_SHA_384",
    RsassaPkcs1V15Sha512 = "RSASSA_PKCS1_V1_5_SHA_512", EcdsaSha256 = "ECDSA_SHA_256", EcdsaSha384 = "ECDSA_SHA_384",
    EcdsaSha512 = "ECDSA_SHA_512", Sm2dsa = "SM2DSA", MlDsaShake256 = "ML_DSA_SHAKE_256",
    Ed25519Sha512 = "ED25519_SHA_512", Ed25519PhSha512 = "ED25519_PH_SHA_512",
});

aws_enum!(MacAlgorithm {
    HmacSha224 = "HMAC_SHA_224",
    HmacSha256 = "HMAC_SHA_256",
    HmacSha384 = "HMAC_SHA_384",
    HmacSha512 = "HMAC_SHA_512",
});

aws_enum!(DataKeySpec { Aes256 = "AES_256", Aes128 = "AES_128" });

aws_enum!(MessageType { Raw = "RAW", Digest = "DIGEST", ExternalMu = "EXTERNAL_MU" });

aws_enum!(WrappingAlgorithm {
    RsaesPkcs1V15 = "RSAES_PKCS1_V1_5", RsaesOaepSha1 = "RSAES_OAEP_SHA_1", RsaesOaepSha256 = "RSAES_OAEP_SHA_256",
    RsaAesKeyWrapSha1 = "RSA_AES_KEY_WRAP_SHA_1", RsaAesKeyWrapSha256 = "RSA_AES_KEY_WRAP_SHA_256", Sm2pke = "SM2PKE",
});

aws_enum!(WrappingKeySpec { Rsa2048 = "RSA_2048", Rsa3072 = "RSA_3072", Rsa4096 = "RSA_4096", Sm2 = "SM2" });

aws_enum!(ImportType { NewKeyMaterial = "NEW_KEY_MATERIAL", ExistingKeyMaterial = "EXISTING_KEY_MATERIAL" });

aws_enum!(IncludeKeyMaterial { AllKeyMaterial = "ALL_KEY_MATERIAL", RotationsOnly = "ROTATIONS_ONLY" });

aws_enum!(RotationType { Automatic = "AUTOMATIC", OnDemand = "ON_DEMAND" });

aws_enum!(GrantOperation {
    Decrypt = "Decrypt", Encrypt = "Encrypt", GenerateDataKey = "GenerateDataKey",
    GenerateDataKeyWithoutPlaintext = "GenerateDataKeyWithoutPlaintext", ReEncryptFrom = "ReEncryptFrom",
    ReEncryptTo = "ReEncryptTo", Sign = "Sign", Verify = "Verify", GetPublicKey = "GetPublicKey",
    CreateGrant = "CreateGrant", RetireGrant = "RetireGrant", DescribeKey = "DescribeKey",
    GenerateDataKeyPair = "GenerateDataKeyPair", GenerateDataKeyPairWithoutPlaintext = "GenerateDataKeyPairWithoutPlaintext",
    GenerateMac = "GenerateMac", VerifyMac = "VerifyMac", DeriveSharedSecret = "DeriveSharedSecret",
});

impl KeySpec {
    /// The key usages AWS allows for this spec (CreateKey doc).
    pub fn valid_usages(self) -> &'static [KeyUsage] {
        use KeySpec::*;
        use KeyUsage::*;
        match self {
            SymmetricDefault => &[EncryptDecrypt],
            Hmac224 | Hmac256 | Hmac384 | Hmac512 => &[GenerateVerifyMac],
            Rsa2048 | Rsa3072 | Rsa4096 => &[EncryptDecrypt, SignVerify],
            EccNistP256 | EccNistP384 | EccNistP521 => &[SignVerify, KeyAgreement],
            EccSecgP256k1 | MlDsa44 | MlDsa65 | MlDsa87 | EccNistEdwards25519 => &[SignVerify],
            Sm2 => &[EncryptDecrypt, SignVerify, KeyAgreement],
        }
    }

    /// True for the specs Nimbus Lab can create and use.
    pub fn simulated(self) -> bool {
        matches!(self, KeySpec::SymmetricDefault | KeySpec::Hmac256 | KeySpec::EccNistP256)
    }

    /// The legacy CustomerMasterKeySpec twin (absent for specs added after it was deprecated).
    pub fn customer_master_key_spec(self) -> Option<KeySpec> {
        match self {
            KeySpec::MlDsa44 | KeySpec::MlDsa65 | KeySpec::MlDsa87 | KeySpec::EccNistEdwards25519 => None,
            other => Some(other),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    pub tag_key: String,
    pub tag_value: String,
}

/// Conditions a grant puts on the encryption context of the calls it allows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GrantConstraints {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_context_subset: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_context_equals: Option<BTreeMap<String, String>>,
}

impl GrantConstraints {
    /// Whether a call with `context` satisfies the constraints.
    pub fn allow(&self, context: Option<&BTreeMap<String, String>>) -> bool {
        let empty = BTreeMap::new();
        let ctx = context.unwrap_or(&empty);
        let equals_ok = self.encryption_context_equals.as_ref().is_none_or(|eq| eq == ctx);
        let subset_ok =
            self.encryption_context_subset.as_ref().is_none_or(|sub| sub.iter().all(|(k, v)| ctx.get(k) == Some(v)));
        equals_ok && subset_ok
    }
}

/// One version of a key's material. The ciphertext blob records which version encrypted it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Material {
    /// `CurrentKeyMaterialId`: 64 hex characters (SHA-256 of the key id and the secret).
    pub id: String,
    /// The secret: 32 bytes (AES-256 key, HMAC key, or P-256 private scalar). `None` while imported
    /// material is expired or deleted.
    pub secret: Option<Bytes>,
    pub created: SimTime,
    /// How this version came to be: None for the first material, Some(..) for a rotation.
    pub rotation: Option<RotationType>,
    /// Imported material only.
    pub expiration_model: Option<ExpirationModel>,
    pub valid_to: Option<SimTime>,
}

/// Automatic rotation settings of a key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RotationSchedule {
    pub period_days: i64,
    /// When the next automatic rotation is due. In the past while a disabled key waits to be
    /// re-enabled (KMS does not rotate a disabled key; it rotates it when it is enabled again).
    pub next_rotation: SimTime,
}

/// A public key and import token from GetParametersForImport.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportParameters {
    pub import_token: Bytes,
    pub public_key: Bytes,
    pub wrapping_algorithm: WrappingAlgorithm,
    pub wrapping_key_spec: WrappingKeySpec,
    pub valid_to: SimTime,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Grant {
    pub grant_id: String,
    pub grant_token: String,
    pub name: Option<String>,
    pub creation_date: SimTime,
    pub grantee_principal: String,
    pub retiring_principal: Option<String>,
    pub operations: Vec<GrantOperation>,
    pub constraints: Option<GrantConstraints>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Key {
    pub key_id: String,
    pub region: String,
    pub arn: String,
    pub creation_date: SimTime,
    pub description: String,
    pub key_spec: KeySpec,
    pub key_usage: KeyUsage,
    pub origin: Origin,
    pub key_manager: KeyManager,
    pub state: KeyState,
    pub deletion_date: Option<SimTime>,
    pub policy: String,
    pub tags: Vec<Tag>,
    /// Every material version, oldest first; version numbers in ciphertext blobs are 1-based
    /// positions in this list. The last one is current.
    pub materials: Vec<Material>,
    pub rotation: Option<RotationSchedule>,
    pub on_demand_rotations: usize,
    pub grants: Vec<Grant>,
    pub import_parameters: Vec<ImportParameters>,
    /// Keys in a CloudHSM key store: where their material lives.
    #[cfg(feature = "cloudhsm")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_key_store: Option<StoreLink>,
}

impl Key {
    pub fn enabled(&self) -> bool {
        self.state == KeyState::Enabled
    }

    pub fn is_aws_managed(&self) -> bool {
        self.key_manager == KeyManager::Aws
    }

    pub fn is_symmetric(&self) -> bool {
        self.key_spec == KeySpec::SymmetricDefault
    }

    /// The newest material, with its 1-based version, if it has a secret.
    pub fn current_material(&self) -> Option<(u32, &Material)> {
        let m = self.materials.last()?;
        m.secret.as_ref()?;
        Some((self.materials.len() as u32, m))
    }

    /// The secret of material `version` (1-based).
    pub fn secret(&self, version: u32) -> Option<&[u8]> {
        let index = (version as usize).checked_sub(1)?;
        self.materials.get(index)?.secret.as_ref().map(Bytes::as_slice)
    }

    /// The imported material's expiry, when it expires.
    pub fn valid_to(&self) -> Option<SimTime> {
        match self.origin {
            Origin::External => self.materials.last().and_then(|m| m.valid_to),
            _ => None,
        }
    }

    pub fn expiration_model(&self) -> Option<ExpirationModel> {
        match self.origin {
            Origin::External => self.materials.last().and_then(|m| m.expiration_model),
            _ => None,
        }
    }

    /// Only symmetric encryption keys with KMS-generated material rotate automatically.
    pub fn supports_automatic_rotation(&self) -> bool {
        self.is_symmetric() && self.origin == Origin::AwsKms
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Alias {
    /// `alias/…`
    pub name: String,
    pub arn: String,
    pub region: String,
    pub target_key_id: String,
    pub creation_date: SimTime,
    pub last_updated_date: SimTime,
}

#[cfg(feature = "cloudhsm")]
aws_enum!(ConnectionState {
    Connected = "CONNECTED", Connecting = "CONNECTING", Failed = "FAILED", Disconnected = "DISCONNECTED",
    Disconnecting = "DISCONNECTING",
});

#[cfg(feature = "cloudhsm")]
aws_enum!(CustomKeyStoreType { AwsCloudhsm = "AWS_CLOUDHSM", ExternalKeyStore = "EXTERNAL_KEY_STORE" });

/// A CloudHSM key store (`cloudhsm` feature).
#[cfg(feature = "cloudhsm")]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomKeyStore {
    pub custom_key_store_id: String,
    pub region: String,
    pub name: String,
    pub cloud_hsm_cluster_id: String,
    pub trust_anchor_certificate: String,
    /// `kmsuser`'s password in the cluster (KMS keeps it to log in).
    pub key_store_password: String,
    pub connection_state: ConnectionState,
    pub connection_error_code: Option<String>,
    pub creation_date: SimTime,
}

/// A key's place in a custom key store.
#[cfg(feature = "cloudhsm")]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoreLink {
    pub custom_key_store_id: String,
    pub cloud_hsm_cluster_id: String,
    /// The key handle in the cluster's HSMs.
    pub key_handle: u64,
    /// While the store is disconnected (the key Unavailable), the state it returns to.
    pub state_when_connected: Option<KeyState>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct KmsState {
    /// Keys by key id (ids are unique across Regions; each key records its Region).
    pub keys: BTreeMap<String, Key>,
    /// Aliases by alias ARN, which sorts them by Region, then name.
    pub aliases: BTreeMap<String, Alias>,
    /// The principal calls run as. Key policies and grants are evaluated against it; a lab can
    /// switch it to a user or role ARN to show AccessDeniedException.
    pub caller: String,
    /// CloudHSM key stores by id.
    #[cfg(feature = "cloudhsm")]
    pub custom_key_stores: BTreeMap<String, CustomKeyStore>,
}

impl Default for KmsState {
    fn default() -> Self {
        KmsState {
            keys: BTreeMap::new(),
            aliases: BTreeMap::new(),
            caller: DEFAULT_CALLER.to_string(),
            #[cfg(feature = "cloudhsm")]
            custom_key_stores: BTreeMap::new(),
        }
    }
}

pub fn key_arn(region: &str, key_id: &str) -> String {
    format!("arn:aws:kms:{region}:{ACCOUNT_ID}:key/{key_id}")
}

pub fn alias_arn(region: &str, name: &str) -> String {
    format!("arn:aws:kms:{region}:{ACCOUNT_ID}:{name}")
}

/// The default key policy KMS gives a key created through the API: the account root may do
/// everything, which lets IAM policies in the account grant access to the key.
pub fn default_key_policy() -> String {
    format!(
        r#"{{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {{
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {{
      "AWS" : "arn:aws:iam::{ACCOUNT_ID}:root"
    }},
    "Action" : "kms:*",
    "Resource" : "*"
  }} ]
}}"#
    )
}

/// The policy of an AWS managed key: any principal in the account may use it, but only through
/// the owning service; the account may only read it (Describe, Get, List). Hence DisableKey,
/// ScheduleKeyDeletion, PutKeyPolicy and rotation changes on it are denied, as in AWS.
pub fn aws_managed_key_policy(service: &str, region: &str) -> String {
    format!(
        r#"{{
  "Version" : "2012-10-17",
  "Id" : "auto-{service}",
  "Statement" : [ {{
    "Sid" : "Allow access through {service} for all principals in the account that are authorized to use {service}",
    "Effect" : "Allow",
    "Principal" : {{
      "AWS" : "*"
    }},
    "Action" : [ "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey" ],
    "Resource" : "*",
    "Condition" : {{
      "StringEquals" : {{
        "kms:ViaService" : "{service}.{region}.amazonaws.com",
        "kms:CallerAccount" : "{ACCOUNT_ID}"
      }}
    }}
  }}, {{
    "Sid" : "Allow direct access to key metadata to the account",
    "Effect" : "Allow",
    "Principal" : {{
      "AWS" : "arn:aws:iam::{ACCOUNT_ID}:root"
    }},
    "Action" : [ "kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant" ],
    "Resource" : "*"
  }} ]
}}"#
    )
}

// ------------------------------------------------------------------------- the state table

/// Operations grouped by how the key state table of the KMS Developer Guide treats them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpClass {
    /// Encrypt, Decrypt, ReEncrypt, GenerateDataKey*, Sign, Verify, GenerateMac, VerifyMac, GetPublicKey.
    Crypto,
    /// EnableKey, DisableKey.
    EnableDisable,
    CancelDeletion,
    ScheduleDeletion,
    /// CreateAlias (its target), UpdateKeyDescription, TagResource, UntagResource.
    Manage,
    CreateGrant,
    /// EnableKeyRotation, DisableKeyRotation, RotateKeyOnDemand.
    Rotation,
    /// GetParametersForImport.
    ImportParameters,
    /// ImportKeyMaterial.
    Import,
    /// The new target of UpdateAlias.
    AliasTarget,
    /// DescribeKey, GetKeyPolicy, PutKeyPolicy, ListGrants, ListKeyPolicies, ListResourceTags,
    /// GetKeyRotationStatus, ListKeyRotations, DeleteAlias, RetireGrant, RevokeGrant,
    /// DeleteImportedKeyMaterial: allowed in every state.
    Any,
}

impl OpClass {
    pub const ALL: &'static [OpClass] = &[
        OpClass::Crypto,
        OpClass::EnableDisable,
        OpClass::CancelDeletion,
        OpClass::ScheduleDeletion,
        OpClass::Manage,
        OpClass::CreateGrant,
        OpClass::Rotation,
        OpClass::ImportParameters,
        OpClass::Import,
        OpClass::AliasTarget,
        OpClass::Any,
    ];
}

/// What the state table answers for one (operation class, key state).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// `DisabledException: <arn> is disabled.`
    Disabled,
    /// `KMSInvalidStateException: <arn> is <state words>.`
    InvalidState,
    /// `KMSInvalidStateException: <arn> is not pending deletion.`
    NotPendingDeletion,
    /// `UnsupportedOperationException` (the state implies a key type the operation does not take).
    Unsupported,
}

/// The key state × operation table (KMS Developer Guide, "Key states of KMS keys"). Every pair
/// is spelled out, so adding a state or a class fails to compile until the table says what happens.
/// States Nimbus Lab never produces (Creating, Updating, PendingReplicaDeletion, Unavailable) follow
/// the same page; where it gives no answer the rule is "KMSInvalidStateException" (Nimbus Lab's rule).
pub fn state_verdict(class: OpClass, state: KeyState) -> Verdict {
    use KeyState as S;
    use OpClass as C;
    use Verdict::*;
    match (class, state) {
        (C::Any, _) => Allowed,

        (C::Crypto, S::Enabled) => Allowed,
        (C::Crypto, S::Disabled) => Disabled,
        (C::Crypto, S::PendingImport | S::PendingDeletion | S::Unavailable) => InvalidState,
        (C::Crypto, S::Creating | S::Updating | S::PendingReplicaDeletion) => InvalidState,

        (C::EnableDisable, S::Enabled | S::Disabled | S::Unavailable) => Allowed,
        (C::EnableDisable, S::PendingImport | S::PendingDeletion) => InvalidState,
        (C::EnableDisable, S::Creating | S::Updating | S::PendingReplicaDeletion) => InvalidState,

        (C::CancelDeletion, S::PendingDeletion) => Allowed,
        (C::CancelDeletion, S::Enabled | S::Disabled | S::PendingImport | S::Unavailable) => NotPendingDeletion,
        (C::CancelDeletion, S::Creating | S::Updating | S::PendingReplicaDeletion) => NotPendingDeletion,

        (C::ScheduleDeletion, S::Enabled | S::Disabled | S::PendingImport | S::Unavailable) => Allowed,
        (C::ScheduleDeletion, S::PendingDeletion) => InvalidState,
        (C::ScheduleDeletion, S::Creating | S::Updating | S::PendingReplicaDeletion) => InvalidState,

        (C::Manage, S::Enabled | S::Disabled | S::PendingImport | S::Unavailable) => Allowed,
        (C::Manage, S::PendingDeletion) => InvalidState,
        (C::Manage, S::Creating | S::Updating | S::PendingReplicaDeletion) => InvalidState,

        (C::CreateGrant, S::Enabled | S::Unavailable) => Allowed,
        (C::CreateGrant, S::Disabled) => Disabled,
        (C::CreateGrant, S::PendingImport | S::PendingDeletion) => InvalidState,
        (C::CreateGrant, S::Creating | S::Updating | S::PendingReplicaDeletion) => InvalidState,

        (C::Rotation, S::Enabled) => Allowed,
        (C::Rotation, S::Disabled) => Disabled,
        (C::Rotation, S::PendingImport | S::Unavailable) => Unsupported,
        (C::Rotation, S::PendingDeletion) => InvalidState,
        (C::Rotation, S::Creating | S::Updating | S::PendingReplicaDeletion) => InvalidState,

        (C::ImportParameters, S::Enabled | S::Disabled | S::PendingImport) => Allowed,
        (C::ImportParameters, S::PendingDeletion | S::Unavailable) => InvalidState,
        (C::ImportParameters, S::Creating | S::Updating | S::PendingReplicaDeletion) => InvalidState,

        (C::Import, S::Enabled | S::PendingImport) => Allowed,
        (C::Import, S::Disabled | S::PendingDeletion | S::Unavailable) => InvalidState,
        (C::Import, S::Creating | S::Updating | S::PendingReplicaDeletion) => InvalidState,

        (C::AliasTarget, S::Enabled | S::Disabled | S::PendingImport | S::Unavailable) => Allowed,
        (C::AliasTarget, S::PendingDeletion) => InvalidState,
        (C::AliasTarget, S::Creating | S::Updating | S::PendingReplicaDeletion) => InvalidState,
    }
}

/// How AWS words a state in its messages (`<arn> is pending deletion.`).
pub fn state_words(state: KeyState) -> &'static str {
    match state {
        KeyState::Creating => "being created",
        KeyState::Enabled => "enabled",
        KeyState::Disabled => "disabled",
        KeyState::PendingDeletion => "pending deletion",
        KeyState::PendingImport => "pending import",
        KeyState::PendingReplicaDeletion => "pending replica deletion",
        KeyState::Unavailable => "unavailable",
        KeyState::Updating => "being updated",
    }
}

/// Applies [`state_verdict`] to `key` for `operation`, giving the AWS error and a why.
pub fn check_state(key: &Key, class: OpClass, operation: &str) -> Result<(), (ApiError, String)> {
    let arn = &key.arn;
    let words = state_words(key.state);
    match state_verdict(class, key.state) {
        Verdict::Allowed => Ok(()),
        Verdict::Disabled => Err((
            ApiError::bad_request("DisabledException", format!("{arn} is disabled.")),
            format!("{operation} needs an enabled key and this key is Disabled: EnableKey it first"),
        )),
        Verdict::InvalidState => Err((
            ApiError::bad_request("KMSInvalidStateException", format!("{arn} is {words}.")),
            format!("{operation} is not allowed while the key is {}", key.state),
        )),
        Verdict::NotPendingDeletion => Err((
            ApiError::bad_request("KMSInvalidStateException", format!("{arn} is not pending deletion.")),
            format!("only a key in PendingDeletion can have its deletion cancelled; this one is {}", key.state),
        )),
        Verdict::Unsupported => Err((
            ApiError::bad_request(
                "UnsupportedOperationException",
                format!("{arn} origin is {} which is not valid for this operation.", key.origin),
            ),
            format!("{operation} does not apply to a key whose state is {} (origin {})", key.state, key.origin),
        )),
    }
}
