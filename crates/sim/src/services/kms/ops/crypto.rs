//! Cryptographic operations: Encrypt, Decrypt, ReEncrypt, GenerateDataKey(WithoutPlaintext),
//! GenerateRandom, Sign, Verify, GenerateMac, VerifyMac, GetPublicKey; and the helpers other
//! services use to encrypt with a KMS key (`encrypt_for_service`, `decrypt_for_service`).

use super::*;
use crate::bytes::Bytes;

/// Encrypts under the key's current material (the caller checked the key and its usage).
fn seal_with(
    world: &mut World,
    key_id: &str,
    plaintext: &[u8],
    context: Option<&EncryptionContext>,
) -> (Vec<u8>, String) {
    let iv = random_iv(world);
    let k = key(world, key_id);
    let (version, material) = k.current_material().expect("an Enabled key has material");
    let secret = material.secret.as_ref().expect("current material has a secret");
    let blob =
        cipher::seal(key_id, version, secret.as_slice(), iv, plaintext, context).expect("32-byte secret, uuid key id");
    (blob, material.id.clone())
}

fn require_usage(cx: &mut CallContext, k: &Key, usage: KeyUsage, operation: &str) -> Result<(), ApiError> {
    if k.key_usage != usage {
        return Err(invalid_key_usage(cx, k, operation));
    }
    Ok(())
}

fn require_symmetric_algorithm(
    cx: &mut CallContext,
    k: &Key,
    alg: Option<EncryptionAlgorithm>,
) -> Result<(), ApiError> {
    match alg {
        None | Some(EncryptionAlgorithm::SymmetricDefault) => Ok(()),
        Some(other) => {
            cx.why(format!("a {} key encrypts with SYMMETRIC_DEFAULT only", k.key_spec));
            Err(ApiError::bad_request(
                "InvalidKeyUsageException",
                format!("Algorithm {other} is incompatible with key spec {}.", k.key_spec),
            ))
        }
    }
}

fn empty_context(context: Option<EncryptionContext>) -> Option<EncryptionContext> {
    context.filter(|c| !c.is_empty())
}

/// What decrypting a blob found.
pub(crate) struct Opened {
    pub key_id: String,
    pub plaintext: Vec<u8>,
    pub material_id: String,
    pub version: u32,
}

/// Opens a ciphertext blob: reads the key id from it, checks the KeyId the caller named (if any),
/// authorizes `operation`, checks the key state and decrypts with the material version the blob names.
pub(crate) fn open_blob(
    world: &World,
    cx: &mut CallContext,
    blob: &[u8],
    context: Option<&EncryptionContext>,
    named_key: Option<&str>,
    operation: &str,
    via_service: Option<&str>,
) -> Result<Opened, ApiError> {
    check_length(cx, "ciphertextBlob", blob.len(), 1, MAX_CIPHERTEXT, format!("{} bytes", blob.len()))?;
    let Some(header) = cipher::parse_header(blob) else {
        cx.why("the CiphertextBlob is not a ciphertext KMS produced (its header does not parse)");
        return Err(invalid_ciphertext());
    };
    let region = cx.region.clone();
    let blob_key = match world.kms.keys.get(&header.key_id) {
        Some(k) if k.region == region => k,
        _ => {
            let arn = key_arn(&region, &header.key_id);
            cx.touch(arn.clone());
            cx.why(format!(
                "the ciphertext names key {}, which does not exist in {region} (deleted keys cannot decrypt anything)",
                header.key_id
            ));
            return Err(key_not_found(&arn));
        }
    };
    if let Some(named) = named_key {
        let named_id = resolve(world, cx, named, KeyRef::AnyIdentifier)?;
        if named_id != header.key_id {
            cx.touch(key(world, &named_id).arn.clone());
            cx.why(format!(
                "the ciphertext was encrypted under key {}, not the key the request names ({named_id})",
                header.key_id
            ));
            return Err(ApiError::bad_request(
                "IncorrectKeyException",
                "The key ID in the request does not identify a CMK that can perform this operation.",
            ));
        }
    }
    cx.touch(blob_key.arn.clone());
    let auth = AuthContext { via_service, encryption_context: context };
    authorize(world, cx, &header.key_id, operation, auth)?;
    check_state(blob_key, OpClass::Crypto, operation).map_err(|(e, why)| {
        cx.why(why);
        e
    })?;
    if blob_key.key_usage != KeyUsage::EncryptDecrypt {
        return Err(invalid_key_usage(cx, blob_key, operation));
    }
    #[cfg(feature = "cloudhsm")]
    super::custom_key_stores::check_material_reachable(world, cx, blob_key)?;
    let Some(secret) = blob_key.secret(header.material_version) else {
        cx.why(format!(
            "the ciphertext names material version {}, which key {} never had",
            header.material_version, header.key_id
        ));
        return Err(invalid_ciphertext());
    };
    let Some(plaintext) = cipher::open(blob, &header, secret, context) else {
        cx.why(
            "AES-GCM authentication failed: the encryption context must match the one used to encrypt exactly \
             (case-sensitive), or the ciphertext was altered",
        );
        return Err(invalid_ciphertext());
    };
    let material_id = blob_key.materials[header.material_version as usize - 1].id.clone();
    Ok(Opened { key_id: header.key_id, plaintext, material_id, version: header.material_version })
}

// ---------------------------------------------------------------------------------- Encrypt

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EncryptRequest {
    pub key_id: String,
    pub plaintext: Bytes,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_context: Option<EncryptionContext>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grant_tokens: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_algorithm: Option<EncryptionAlgorithm>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EncryptResponse {
    pub ciphertext_blob: Bytes,
    pub key_id: String,
    pub encryption_algorithm: EncryptionAlgorithm,
}

pub fn encrypt(world: &mut World, cx: &mut CallContext, input: EncryptRequest) -> Result<EncryptResponse, ApiError> {
    let n = input.plaintext.len();
    if n == 0 {
        return Err(constraint(cx, "", "plaintext", "have length greater than or equal to 1"));
    }
    if n > MAX_PLAINTEXT {
        cx.why(format!(
            "Encrypt takes at most {MAX_PLAINTEXT} bytes; for {n} bytes use envelope encryption: GenerateDataKey, \
             encrypt locally with the plaintext data key, keep only the encrypted data key"
        ));
        return Err(ApiError::validation(format!(
            "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length \
             less than or equal to {MAX_PLAINTEXT}"
        )));
    }
    let context = empty_context(input.encryption_context);
    check_context(cx, context.as_ref())?;
    check_grant_tokens(world, cx, &input.grant_tokens)?;
    let auth = AuthContext { via_service: None, encryption_context: context.as_ref() };
    let id = key_for(world, cx, &input.key_id, KeyRef::AnyIdentifier, "Encrypt", OpClass::Crypto, auth)?;
    let k = key(world, &id);
    require_usage(cx, k, KeyUsage::EncryptDecrypt, "Encrypt")?;
    require_symmetric_algorithm(cx, k, input.encryption_algorithm)?;
    dry_run(cx, input.dry_run, "Encrypt")?;
    let arn = k.arn.clone();
    let (blob, _) = seal_with(world, &id, input.plaintext.as_slice(), context.as_ref());
    let version = key(world, &id).materials.len();
    cx.why(format!(
        "encrypted {n} bytes with AES-256-GCM under material version {version} of key {id}{}",
        if context.is_some() { "; the encryption context is bound as authenticated data" } else { "" }
    ));
    Ok(EncryptResponse {
        ciphertext_blob: blob.into(),
        key_id: arn,
        encryption_algorithm: EncryptionAlgorithm::SymmetricDefault,
    })
}

// ---------------------------------------------------------------------------------- Decrypt

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DecryptRequest {
    pub ciphertext_blob: Bytes,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_context: Option<EncryptionContext>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grant_tokens: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_algorithm: Option<EncryptionAlgorithm>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DecryptResponse {
    pub key_id: String,
    pub plaintext: Bytes,
    pub encryption_algorithm: EncryptionAlgorithm,
    pub key_material_id: String,
}

pub fn decrypt(world: &mut World, cx: &mut CallContext, input: DecryptRequest) -> Result<DecryptResponse, ApiError> {
    let context = empty_context(input.encryption_context);
    check_grant_tokens(world, cx, &input.grant_tokens)?;
    let opened = open_blob(
        world,
        cx,
        input.ciphertext_blob.as_slice(),
        context.as_ref(),
        input.key_id.as_deref(),
        "Decrypt",
        None,
    )?;
    let k = key(world, &opened.key_id);
    require_symmetric_algorithm(cx, k, input.encryption_algorithm)?;
    dry_run(cx, input.dry_run, "Decrypt")?;
    let latest = k.materials.len() as u32;
    cx.why(format!(
        "the blob names key {} and material version {}{}; decrypted {} bytes",
        opened.key_id,
        opened.version,
        if opened.version < latest {
            format!(" (older than the current version {latest}: kept after rotation)")
        } else {
            String::new()
        },
        opened.plaintext.len()
    ));
    Ok(DecryptResponse {
        key_id: k.arn.clone(),
        plaintext: opened.plaintext.into(),
        encryption_algorithm: EncryptionAlgorithm::SymmetricDefault,
        key_material_id: opened.material_id,
    })
}

// -------------------------------------------------------------------------------- ReEncrypt

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReEncryptRequest {
    pub ciphertext_blob: Bytes,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_encryption_context: Option<EncryptionContext>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_key_id: Option<String>,
    pub destination_key_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_encryption_context: Option<EncryptionContext>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_encryption_algorithm: Option<EncryptionAlgorithm>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_encryption_algorithm: Option<EncryptionAlgorithm>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grant_tokens: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReEncryptResponse {
    pub ciphertext_blob: Bytes,
    pub source_key_id: String,
    pub key_id: String,
    pub source_encryption_algorithm: EncryptionAlgorithm,
    pub destination_encryption_algorithm: EncryptionAlgorithm,
    pub source_key_material_id: String,
    pub destination_key_material_id: String,
}

pub fn re_encrypt(
    world: &mut World,
    cx: &mut CallContext,
    input: ReEncryptRequest,
) -> Result<ReEncryptResponse, ApiError> {
    let source_ctx = empty_context(input.source_encryption_context);
    let dest_ctx = empty_context(input.destination_encryption_context);
    check_context(cx, dest_ctx.as_ref())?;
    check_grant_tokens(world, cx, &input.grant_tokens)?;
    let opened = open_blob(
        world,
        cx,
        input.ciphertext_blob.as_slice(),
        source_ctx.as_ref(),
        input.source_key_id.as_deref(),
        "ReEncryptFrom",
        None,
    )?;
    require_symmetric_algorithm(cx, key(world, &opened.key_id), input.source_encryption_algorithm)?;
    let auth = AuthContext { via_service: None, encryption_context: dest_ctx.as_ref() };
    let dest =
        key_for(world, cx, &input.destination_key_id, KeyRef::AnyIdentifier, "ReEncryptTo", OpClass::Crypto, auth)?;
    let dk = key(world, &dest);
    require_usage(cx, dk, KeyUsage::EncryptDecrypt, "ReEncrypt")?;
    require_symmetric_algorithm(cx, dk, input.destination_encryption_algorithm)?;
    dry_run(cx, input.dry_run, "ReEncrypt")?;
    let (blob, dest_material) = seal_with(world, &dest, &opened.plaintext, dest_ctx.as_ref());
    cx.why(format!(
        "decrypted under key {} (version {}) and encrypted again under key {dest}, inside KMS: the plaintext never \
         left it",
        opened.key_id, opened.version
    ));
    Ok(ReEncryptResponse {
        ciphertext_blob: blob.into(),
        source_key_id: key(world, &opened.key_id).arn.clone(),
        key_id: key(world, &dest).arn.clone(),
        source_encryption_algorithm: EncryptionAlgorithm::SymmetricDefault,
        destination_encryption_algorithm: EncryptionAlgorithm::SymmetricDefault,
        source_key_material_id: opened.material_id,
        destination_key_material_id: dest_material,
    })
}

// -------------------------------------------------------------------------- GenerateDataKey

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GenerateDataKeyRequest {
    pub key_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_context: Option<EncryptionContext>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_of_bytes: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_spec: Option<DataKeySpec>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grant_tokens: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

pub type GenerateDataKeyWithoutPlaintextRequest = GenerateDataKeyRequest;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GenerateDataKeyResponse {
    pub ciphertext_blob: Bytes,
    pub plaintext: Bytes,
    pub key_id: String,
    pub key_material_id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GenerateDataKeyWithoutPlaintextResponse {
    pub ciphertext_blob: Bytes,
    pub key_id: String,
    pub key_material_id: String,
}

/// Shared by both data key operations: (blob, plaintext, key ARN, material id).
fn data_key(
    world: &mut World,
    cx: &mut CallContext,
    input: GenerateDataKeyRequest,
    operation: &str,
) -> Result<(Vec<u8>, Vec<u8>, String, String), ApiError> {
    let n = match (input.key_spec, input.number_of_bytes) {
        (Some(_), Some(_)) | (None, None) => {
            return Err(validation(
                cx,
                "Please specify either number of bytes or key spec.",
                format!("{operation} takes exactly one of KeySpec (AES_256, AES_128) or NumberOfBytes (1–1024)"),
            ))
        }
        (Some(DataKeySpec::Aes256), None) => 32,
        (Some(DataKeySpec::Aes128), None) => 16,
        (None, Some(n)) if (1..=1024).contains(&n) => n as usize,
        (None, Some(n)) => return Err(constraint(cx, n, "numberOfBytes", "have value between 1 and 1024")),
    };
    let context = empty_context(input.encryption_context);
    check_context(cx, context.as_ref())?;
    check_grant_tokens(world, cx, &input.grant_tokens)?;
    let auth = AuthContext { via_service: None, encryption_context: context.as_ref() };
    let id = key_for(world, cx, &input.key_id, KeyRef::AnyIdentifier, operation, OpClass::Crypto, auth)?;
    let k = key(world, &id);
    require_usage(cx, k, KeyUsage::EncryptDecrypt, operation)?;
    dry_run(cx, input.dry_run, operation)?;
    let arn = k.arn.clone();
    let plaintext = random_bytes(world, n);
    let (blob, material) = seal_with(world, &id, &plaintext, context.as_ref());
    Ok((blob, plaintext, arn, material))
}

pub fn generate_data_key(
    world: &mut World,
    cx: &mut CallContext,
    input: GenerateDataKeyRequest,
) -> Result<GenerateDataKeyResponse, ApiError> {
    let (blob, plaintext, key_id, key_material_id) = data_key(world, cx, input, "GenerateDataKey")?;
    cx.why(format!(
        "a new {}-byte data key: use Plaintext to encrypt locally, then discard it and store CiphertextBlob beside \
         the data (envelope encryption)",
        plaintext.len()
    ));
    Ok(GenerateDataKeyResponse { ciphertext_blob: blob.into(), plaintext: plaintext.into(), key_id, key_material_id })
}

pub fn generate_data_key_without_plaintext(
    world: &mut World,
    cx: &mut CallContext,
    input: GenerateDataKeyWithoutPlaintextRequest,
) -> Result<GenerateDataKeyWithoutPlaintextResponse, ApiError> {
    let (blob, plaintext, key_id, key_material_id) = data_key(world, cx, input, "GenerateDataKeyWithoutPlaintext")?;
    cx.why(format!(
        "a new {}-byte data key, returned only encrypted: Decrypt it later when the data must be encrypted",
        plaintext.len()
    ));
    Ok(GenerateDataKeyWithoutPlaintextResponse { ciphertext_blob: blob.into(), key_id, key_material_id })
}

// --------------------------------------------------------------------------- GenerateRandom

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GenerateRandomRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_of_bytes: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_key_store_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GenerateRandomResponse {
    pub plaintext: Bytes,
}

pub fn generate_random(
    world: &mut World,
    cx: &mut CallContext,
    input: GenerateRandomRequest,
) -> Result<GenerateRandomResponse, ApiError> {
    let n = match input.number_of_bytes {
        Some(n) if (1..=1024).contains(&n) => n as usize,
        Some(n) => return Err(constraint(cx, n, "numberOfBytes", "have value between 1 and 1024")),
        None => {
            return Err(validation(cx, "NumberOfBytes is required.", "GenerateRandom needs NumberOfBytes (1–1024)"))
        }
    };
    #[cfg(feature = "cloudhsm")]
    if let Some(store) = &input.custom_key_store_id {
        super::custom_key_stores::check_store_connected(world, cx, store)?;
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
    let bytes = random_bytes(world, n);
    cx.why(format!("{n} random bytes (from the World's seeded generator, so a replay gives the same bytes)"));
    Ok(GenerateRandomResponse { plaintext: bytes.into() })
}

// ------------------------------------------------------------------------------ Sign/Verify

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SignRequest {
    pub key_id: String,
    pub message: Bytes,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_type: Option<MessageType>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grant_tokens: Vec<String>,
    pub signing_algorithm: Option<SigningAlgorithm>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SignResponse {
    pub key_id: String,
    pub signature: Bytes,
    pub signing_algorithm: SigningAlgorithm,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifyRequest {
    pub key_id: String,
    pub message: Bytes,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_type: Option<MessageType>,
    pub signature: Bytes,
    pub signing_algorithm: Option<SigningAlgorithm>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grant_tokens: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifyResponse {
    pub key_id: String,
    pub signature_valid: bool,
    pub signing_algorithm: SigningAlgorithm,
}

/// Checks a Sign/Verify request and returns (key id, the SHA-256 digest to sign).
#[allow(clippy::too_many_arguments)]
fn signing_input(
    world: &World,
    cx: &mut CallContext,
    key_id: &str,
    message: &[u8],
    message_type: Option<MessageType>,
    algorithm: Option<SigningAlgorithm>,
    grant_tokens: &[String],
    operation: &str,
) -> Result<(String, Vec<u8>), ApiError> {
    check_length(cx, "message", message.len(), 1, MAX_PLAINTEXT, format!("{} bytes", message.len()))?;
    let Some(algorithm) = algorithm else {
        return Err(validation(cx, "SigningAlgorithm is required.", format!("{operation} needs a SigningAlgorithm")));
    };
    check_grant_tokens(world, cx, grant_tokens)?;
    let id = key_for(world, cx, key_id, KeyRef::AnyIdentifier, operation, OpClass::Crypto, AuthContext::default())?;
    let k = key(world, &id);
    require_usage(cx, k, KeyUsage::SignVerify, operation)?;
    if algorithm != SigningAlgorithm::EcdsaSha256 {
        cx.why(format!("an {} key signs with ECDSA_SHA_256 only", k.key_spec));
        return Err(ApiError::bad_request(
            "InvalidKeyUsageException",
            format!("Algorithm {algorithm} is incompatible with key spec {}.", k.key_spec),
        ));
    }
    let digest = match message_type.unwrap_or(MessageType::Raw) {
        MessageType::Raw => cipher::sha256(message).to_vec(),
        MessageType::Digest if message.len() == 32 => message.to_vec(),
        MessageType::Digest => {
            return Err(validation(
                cx,
                "Digest is invalid length for algorithm ECDSA_SHA_256.",
                "with MessageType DIGEST the message is the 32-byte SHA-256 digest itself",
            ))
        }
        MessageType::ExternalMu => {
            return Err(validation(
                cx,
                "MessageType EXTERNAL_MU is only valid with ML_DSA keys.",
                "EXTERNAL_MU is for ML-DSA keys; ECC keys take RAW or DIGEST",
            ))
        }
    };
    Ok((id, digest))
}

pub fn sign(world: &mut World, cx: &mut CallContext, input: SignRequest) -> Result<SignResponse, ApiError> {
    let (id, digest) = signing_input(
        world,
        cx,
        &input.key_id,
        input.message.as_slice(),
        input.message_type,
        input.signing_algorithm,
        &input.grant_tokens,
        "Sign",
    )?;
    dry_run(cx, input.dry_run, "Sign")?;
    let k = key(world, &id);
    let (_, material) = k.current_material().expect("an Enabled key has material");
    let secret = material.secret.as_ref().expect("current material has a secret");
    let signature = cipher::ecdsa_sign(secret.as_slice(), &digest).expect("valid P-256 secret");
    cx.why(format!("ECDSA P-256 signature over the SHA-256 digest, with the private key that never leaves key {id}"));
    Ok(SignResponse {
        key_id: k.arn.clone(),
        signature: signature.into(),
        signing_algorithm: SigningAlgorithm::EcdsaSha256,
    })
}

pub fn verify(world: &mut World, cx: &mut CallContext, input: VerifyRequest) -> Result<VerifyResponse, ApiError> {
    check_length(
        cx,
        "signature",
        input.signature.len(),
        1,
        MAX_CIPHERTEXT,
        format!("{} bytes", input.signature.len()),
    )?;
    let (id, digest) = signing_input(
        world,
        cx,
        &input.key_id,
        input.message.as_slice(),
        input.message_type,
        input.signing_algorithm,
        &input.grant_tokens,
        "Verify",
    )?;
    dry_run(cx, input.dry_run, "Verify")?;
    let k = key(world, &id);
    let (_, material) = k.current_material().expect("an Enabled key has material");
    let secret = material.secret.as_ref().expect("current material has a secret");
    if !cipher::ecdsa_verify(secret.as_slice(), &digest, input.signature.as_slice()) {
        cx.why("the signature does not match this message and key (message changed, other key, or damaged signature)");
        return Err(ApiError::bad_request(
            "KMSInvalidSignatureException",
            "The request was rejected because the signature verification failed. Signature verification fails when \
             it cannot confirm that signature was produced by signing the provided message with the provided KMS key \
             and signing algorithm.",
        ));
    }
    cx.why(format!("the signature is valid for this message under key {id}"));
    Ok(VerifyResponse {
        key_id: k.arn.clone(),
        signature_valid: true,
        signing_algorithm: SigningAlgorithm::EcdsaSha256,
    })
}

// ------------------------------------------------------------------- GenerateMac/VerifyMac

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GenerateMacRequest {
    pub message: Bytes,
    pub key_id: String,
    pub mac_algorithm: Option<MacAlgorithm>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grant_tokens: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GenerateMacResponse {
    pub mac: Bytes,
    pub mac_algorithm: MacAlgorithm,
    pub key_id: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifyMacRequest {
    pub message: Bytes,
    pub key_id: String,
    pub mac_algorithm: Option<MacAlgorithm>,
    pub mac: Bytes,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grant_tokens: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifyMacResponse {
    pub key_id: String,
    pub mac_valid: bool,
    pub mac_algorithm: MacAlgorithm,
}

/// Checks a GenerateMac/VerifyMac request and returns (key id, MAC of the message).
fn compute_mac(
    world: &World,
    cx: &mut CallContext,
    key_id: &str,
    message: &[u8],
    algorithm: Option<MacAlgorithm>,
    grant_tokens: &[String],
    operation: &str,
) -> Result<(String, Vec<u8>), ApiError> {
    check_length(cx, "message", message.len(), 1, MAX_PLAINTEXT, format!("{} bytes", message.len()))?;
    let Some(algorithm) = algorithm else {
        return Err(validation(cx, "MacAlgorithm is required.", format!("{operation} needs a MacAlgorithm")));
    };
    check_grant_tokens(world, cx, grant_tokens)?;
    let id = key_for(world, cx, key_id, KeyRef::AnyIdentifier, operation, OpClass::Crypto, AuthContext::default())?;
    let k = key(world, &id);
    require_usage(cx, k, KeyUsage::GenerateVerifyMac, operation)?;
    if algorithm != MacAlgorithm::HmacSha256 {
        cx.why(format!("an {} key computes HMAC_SHA_256 only", k.key_spec));
        return Err(ApiError::bad_request(
            "InvalidKeyUsageException",
            format!("Algorithm {algorithm} is incompatible with key spec {}.", k.key_spec),
        ));
    }
    let (_, material) = k.current_material().expect("an Enabled key has material");
    let secret = material.secret.as_ref().expect("current material has a secret");
    Ok((id, cipher::hmac_sha256(secret.as_slice(), message)))
}

pub fn generate_mac(
    world: &mut World,
    cx: &mut CallContext,
    input: GenerateMacRequest,
) -> Result<GenerateMacResponse, ApiError> {
    let (id, mac) = compute_mac(
        world,
        cx,
        &input.key_id,
        input.message.as_slice(),
        input.mac_algorithm,
        &input.grant_tokens,
        "GenerateMac",
    )?;
    dry_run(cx, input.dry_run, "GenerateMac")?;
    cx.why(format!("HMAC-SHA-256 of the message with the secret of key {id}"));
    Ok(GenerateMacResponse {
        mac: mac.into(),
        mac_algorithm: MacAlgorithm::HmacSha256,
        key_id: key(world, &id).arn.clone(),
    })
}

pub fn verify_mac(
    world: &mut World,
    cx: &mut CallContext,
    input: VerifyMacRequest,
) -> Result<VerifyMacResponse, ApiError> {
    check_length(cx, "mac", input.mac.len(), 1, MAX_CIPHERTEXT, format!("{} bytes", input.mac.len()))?;
    let (id, mac) = compute_mac(
        world,
        cx,
        &input.key_id,
        input.message.as_slice(),
        input.mac_algorithm,
        &input.grant_tokens,
        "VerifyMac",
    )?;
    dry_run(cx, input.dry_run, "VerifyMac")?;
    if mac != input.mac.as_slice() {
        cx.why("the MAC does not match: the message changed, or the MAC came from another key");
        return Err(ApiError::bad_request(
            "KMSInvalidMacException",
            "The request was rejected because the HMAC verification failed. HMAC verification fails when the HMAC \
             computed by using the specified message, HMAC KMS key, and MAC algorithm does not match the HMAC \
             specified in the request.",
        ));
    }
    cx.why(format!("the MAC is valid for this message under key {id}"));
    Ok(VerifyMacResponse {
        key_id: key(world, &id).arn.clone(),
        mac_valid: true,
        mac_algorithm: MacAlgorithm::HmacSha256,
    })
}

// ------------------------------------------------------------------------------ GetPublicKey

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetPublicKeyRequest {
    pub key_id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grant_tokens: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetPublicKeyResponse {
    pub key_id: String,
    pub public_key: Bytes,
    pub customer_master_key_spec: KeySpec,
    pub key_spec: KeySpec,
    pub key_usage: KeyUsage,
    pub signing_algorithms: Vec<SigningAlgorithm>,
}

pub fn get_public_key(
    world: &mut World,
    cx: &mut CallContext,
    input: GetPublicKeyRequest,
) -> Result<GetPublicKeyResponse, ApiError> {
    check_grant_tokens(world, cx, &input.grant_tokens)?;
    let id = key_for(
        world,
        cx,
        &input.key_id,
        KeyRef::AnyIdentifier,
        "GetPublicKey",
        OpClass::Crypto,
        AuthContext::default(),
    )?;
    let k = key(world, &id);
    if k.key_spec != KeySpec::EccNistP256 {
        return Err(unsupported(
            cx,
            format!("{} key spec {} has no public key.", k.arn, k.key_spec),
            "only asymmetric keys have a public key; symmetric and HMAC keys never reveal their material",
        ));
    }
    let (_, material) = k.current_material().expect("an Enabled key has material");
    let der =
        cipher::p256_public_key_der(material.secret.as_ref().expect("current").as_slice()).expect("valid P-256 secret");
    cx.why(
        "the public half of the ECC key, DER SubjectPublicKeyInfo: anyone can verify signatures with it outside KMS",
    );
    Ok(GetPublicKeyResponse {
        key_id: k.arn.clone(),
        public_key: der.into(),
        customer_master_key_spec: k.key_spec,
        key_spec: k.key_spec,
        key_usage: k.key_usage,
        signing_algorithms: vec![SigningAlgorithm::EcdsaSha256],
    })
}

// -------------------------------------------------------------------- for other services

fn service_endpoint(service: &str, region: &str) -> String {
    format!("{service}.{region}.amazonaws.com")
}

/// Encrypts `plaintext` (≤ 4,096 bytes) for another service (S3 SSE-KMS, Secrets Manager) with
/// `key` (any identifier), or the service's AWS managed key when `key` is None. The caller is
/// `world.kms.caller` acting through the service (`kms:ViaService`), authorized for
/// `kms:GenerateDataKey` as the envelope encryption of those services needs. Returns the key ARN
/// and the ciphertext blob; the error is the one KMS gives for the key (NotFoundException,
/// DisabledException, KMSInvalidStateException, AccessDeniedException, ...).
pub(crate) fn encrypt_for_service(
    world: &mut World,
    cx: &mut CallContext,
    service: &str,
    key: Option<&str>,
    plaintext: &[u8],
    context: Option<&EncryptionContext>,
) -> Result<(String, Bytes), ApiError> {
    let region = cx.region.clone();
    let identifier = match key {
        Some(k) => k.to_string(),
        None => match keys::aws_managed_key_in(world, &region, service) {
            Some(id) => id,
            None => return Err(key_not_found(&alias_arn(&region, &format!("alias/aws/{service}")))),
        },
    };
    check_length(cx, "plaintext", plaintext.len(), 1, MAX_PLAINTEXT, format!("{} bytes", plaintext.len()))?;
    let via = service_endpoint(service, &region);
    let auth = AuthContext { via_service: Some(&via), encryption_context: context };
    let id = key_for(world, cx, &identifier, KeyRef::AnyIdentifier, "GenerateDataKey", OpClass::Crypto, auth)?;
    let k = super::key(world, &id);
    require_usage(cx, k, KeyUsage::EncryptDecrypt, "GenerateDataKey")?;
    let arn = k.arn.clone();
    let (blob, _) = seal_with(world, &id, plaintext, context);
    Ok((arn, blob.into()))
}

/// Decrypts a blob made by [`encrypt_for_service`] (or Encrypt) for `service`, authorized for
/// `kms:Decrypt` through the service. Returns the key ARN and the plaintext.
pub(crate) fn decrypt_for_service(
    world: &mut World,
    cx: &mut CallContext,
    service: &str,
    blob: &[u8],
    context: Option<&EncryptionContext>,
) -> Result<(String, Vec<u8>), ApiError> {
    let via = service_endpoint(service, &cx.region.clone());
    let opened = open_blob(world, cx, blob, context, None, "Decrypt", Some(&via))?;
    Ok((key(world, &opened.key_id).arn.clone(), opened.plaintext))
}
