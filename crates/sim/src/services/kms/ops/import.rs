//! Bring your own key material: GetParametersForImport, ImportKeyMaterial,
//! DeleteImportedKeyMaterial. The wrapping is simulated (see `cipher::simulated_wrap`): the
//! "public key" is a Nimbus Lab blob, and `simulated_wrap_key_material` plays the learner's
//! `openssl pkeyutl` step.

use super::*;
use crate::bytes::Bytes;
use crate::services::kms::jobs::{self, Job};
use crate::time::SimDuration;

/// Wraps `material` with a public key from GetParametersForImport, as a learner would before
/// ImportKeyMaterial. The terminal and labs call this; it is the simulated scheme of
/// [`cipher::simulated_wrap`], not RSA.
pub fn simulated_wrap_key_material(public_key: &[u8], material: &[u8]) -> Vec<u8> {
    cipher::simulated_wrap(public_key, material)
}

fn require_external(cx: &mut CallContext, k: &Key, operation: &str) -> Result<(), ApiError> {
    if k.origin != Origin::External {
        return Err(unsupported(
            cx,
            format!("{} origin is {} which is not valid for this operation.", k.arn, k.origin),
            format!("{operation} is only for keys created with Origin EXTERNAL; this key's material was made by KMS"),
        ));
    }
    Ok(())
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetParametersForImportRequest {
    pub key_id: String,
    pub wrapping_algorithm: Option<WrappingAlgorithm>,
    pub wrapping_key_spec: Option<WrappingKeySpec>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetParametersForImportResponse {
    pub key_id: String,
    pub import_token: Bytes,
    pub public_key: Bytes,
    pub parameters_valid_to: SimTime,
}

pub fn get_parameters_for_import(
    world: &mut World,
    cx: &mut CallContext,
    input: GetParametersForImportRequest,
) -> Result<GetParametersForImportResponse, ApiError> {
    let (Some(algorithm), Some(spec)) = (input.wrapping_algorithm, input.wrapping_key_spec) else {
        return Err(validation(
            cx,
            "WrappingAlgorithm and WrappingKeySpec are required.",
            "GetParametersForImport needs a WrappingAlgorithm and a WrappingKeySpec",
        ));
    };
    if spec == WrappingKeySpec::Sm2 || algorithm == WrappingAlgorithm::Sm2pke {
        return Err(validation(
            cx,
            "SM2 wrapping is only available in China Regions.",
            "SM2 and SM2PKE wrapping exist only in the China Regions",
        ));
    }
    let id = key_for(
        world,
        cx,
        &input.key_id,
        KeyRef::IdOrArn,
        "GetParametersForImport",
        OpClass::ImportParameters,
        AuthContext::default(),
    )?;
    require_external(cx, key(world, &id), "GetParametersForImport")?;
    let random: [u8; 32] = random_bytes(world, 32).try_into().expect("32 bytes");
    let public_key = cipher::simulated_public_key(spec.as_str(), &random);
    let mut token = b"NIMBUS-IMPORT-TOKEN/1:".to_vec();
    token.extend_from_slice(id.as_bytes());
    token.push(b':');
    token.extend_from_slice(&random_bytes(world, 32));
    let valid_to = world.now() + SimDuration::hours(IMPORT_PARAMETERS_HOURS);
    let k = key_mut(world, &id);
    k.import_parameters.push(ImportParameters {
        import_token: token.clone().into(),
        public_key: public_key.clone().into(),
        wrapping_algorithm: algorithm,
        wrapping_key_spec: spec,
        valid_to,
    });
    if k.import_parameters.len() > MAX_IMPORT_PARAMETERS {
        k.import_parameters.remove(0);
    }
    let arn = k.arn.clone();
    jobs::schedule(
        world,
        SimDuration::hours(IMPORT_PARAMETERS_HOURS),
        Job::ImportParametersExpired { key_id: id.clone() },
    );
    cx.why(format!(
        "a {spec} wrapping public key and an import token for key {id}, valid for {IMPORT_PARAMETERS_HOURS} hours \
         (until {valid_to}); wrap the material with {algorithm} (simulated) and call ImportKeyMaterial"
    ));
    Ok(GetParametersForImportResponse {
        key_id: arn,
        import_token: token.into(),
        public_key: public_key.into(),
        parameters_valid_to: valid_to,
    })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ImportKeyMaterialRequest {
    pub key_id: String,
    pub import_token: Bytes,
    pub encrypted_key_material: Bytes,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<SimTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_model: Option<ExpirationModel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import_type: Option<ImportType>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ImportKeyMaterialResponse {
    pub key_id: String,
    pub key_material_id: String,
}

pub fn import_key_material(
    world: &mut World,
    cx: &mut CallContext,
    input: ImportKeyMaterialRequest,
) -> Result<ImportKeyMaterialResponse, ApiError> {
    check_length(
        cx,
        "importToken",
        input.import_token.len(),
        1,
        MAX_CIPHERTEXT,
        format!("{} bytes", input.import_token.len()),
    )?;
    check_length(
        cx,
        "encryptedKeyMaterial",
        input.encrypted_key_material.len(),
        1,
        MAX_CIPHERTEXT,
        format!("{} bytes", input.encrypted_key_material.len()),
    )?;
    let now = world.now();
    let model = input.expiration_model.unwrap_or(ExpirationModel::KeyMaterialExpires);
    let valid_to = match (model, input.valid_to) {
        (ExpirationModel::KeyMaterialExpires, None) => {
            return Err(validation(
                cx,
                "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES",
                "ExpirationModel defaults to KEY_MATERIAL_EXPIRES, which needs ValidTo; or pass KEY_MATERIAL_DOES_NOT_EXPIRE",
            ))
        }
        (ExpirationModel::KeyMaterialDoesNotExpire, Some(_)) => {
            return Err(validation(
                cx,
                "A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE",
                "material that does not expire takes no ValidTo",
            ))
        }
        (ExpirationModel::KeyMaterialExpires, Some(t)) if t <= now || t > now + SimDuration::days(365) => {
            return Err(validation(
                cx,
                "ValidTo must be a future date and time no more than 365 days from now.",
                format!("ValidTo {t} must be after now ({now}) and at most 365 days ahead"),
            ))
        }
        (_, t) => t,
    };
    let id = key_for(
        world,
        cx,
        &input.key_id,
        KeyRef::IdOrArn,
        "ImportKeyMaterial",
        OpClass::Import,
        AuthContext::default(),
    )?;
    let k = key(world, &id);
    require_external(cx, k, "ImportKeyMaterial")?;
    let first_import = k.materials.is_empty();
    let import_type = input.import_type.unwrap_or(if first_import {
        ImportType::NewKeyMaterial
    } else {
        ImportType::ExistingKeyMaterial
    });
    if import_type == ImportType::NewKeyMaterial && !first_import {
        return Err(unsupported(
            cx,
            "Importing NEW_KEY_MATERIAL for on-demand rotation is not supported by Nimbus Lab's KMS.",
            "rotating imported keys with new material (2025) is not simulated; reimport the same material, or rotate \
             manually with a new key and UpdateAlias",
        ));
    }
    let Some(params) = k.import_parameters.iter().find(|p| p.import_token == input.import_token) else {
        cx.why("the import token is not one GetParametersForImport issued for this key");
        return Err(ApiError::bad_request(
            "InvalidImportTokenException",
            "The request was rejected because the provided import token is invalid or is associated with a different \
             KMS key.",
        ));
    };
    if params.valid_to <= now {
        cx.why(format!(
            "the import token expired at {} (24 hours after GetParametersForImport); get new parameters",
            params.valid_to
        ));
        return Err(ApiError::bad_request(
            "ExpiredImportTokenException",
            "The request was rejected because the specified import token is expired. Use GetParametersForImport to \
             get a new import token and public key, use the new public key to encrypt the key material, and then try \
             the request again.",
        ));
    }
    let Some(material) =
        cipher::simulated_unwrap(params.public_key.as_slice(), input.encrypted_key_material.as_slice())
    else {
        cx.why("KMS could not unwrap the material: it was not wrapped with the public key that goes with this token");
        return Err(invalid_ciphertext());
    };
    if material.len() != 32 {
        return Err(validation(
            cx,
            format!(
                "The key material must be 256 bits (32 bytes) for a {} key; got {} bytes.",
                k.key_spec,
                material.len()
            ),
            "Nimbus Lab imports 32-byte material (a 256-bit AES or HMAC key)",
        ));
    }
    let material_id = cipher::material_id(&id, &material);
    if let Some(existing) = k.materials.first() {
        if existing.id != material_id {
            cx.why("a key takes only the material first imported into it; this is different material");
            return Err(ApiError::bad_request(
                "IncorrectKeyMaterialException",
                "The request was rejected because the key material in the request is, expired, invalid, or is not the \
                 same key material that was previously imported into this KMS key.",
            ));
        }
    }
    let k = key_mut(world, &id);
    if first_import {
        k.materials.push(new_material(&id, material, now, None));
    } else {
        for m in &mut k.materials {
            m.secret = Some(material.clone().into());
        }
    }
    let m = k.materials.last_mut().expect("pushed above");
    m.expiration_model = Some(model);
    m.valid_to = valid_to;
    let was = k.state;
    if k.state == KeyState::PendingImport {
        k.state = KeyState::Enabled;
    }
    let arn = k.arn.clone();
    jobs::cancel(world, &id, |j| matches!(j, Job::DeleteExpiredKeyMaterial { .. }));
    if let Some(t) = valid_to {
        jobs::schedule(world, t - now, Job::DeleteExpiredKeyMaterial { key_id: id.clone() });
    }
    cx.why(format!(
        "key material {} into key {id} ({was} → Enabled){}",
        if first_import { "imported" } else { "reimported" },
        match valid_to {
            Some(t) => format!("; it expires at {t}, when KMS deletes it and the key goes back to PendingImport"),
            None => "; it does not expire".to_string(),
        }
    ));
    Ok(ImportKeyMaterialResponse { key_id: arn, key_material_id: material_id })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteImportedKeyMaterialRequest {
    pub key_id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteImportedKeyMaterialResponse {
    pub key_id: String,
    pub key_material_id: String,
}

pub fn delete_imported_key_material(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteImportedKeyMaterialRequest,
) -> Result<DeleteImportedKeyMaterialResponse, ApiError> {
    let id = key_for(
        world,
        cx,
        &input.key_id,
        KeyRef::IdOrArn,
        "DeleteImportedKeyMaterial",
        OpClass::Any,
        AuthContext::default(),
    )?;
    require_external(cx, key(world, &id), "DeleteImportedKeyMaterial")?;
    let k = key_mut(world, &id);
    for m in &mut k.materials {
        m.secret = None;
    }
    if k.state != KeyState::PendingDeletion {
        k.state = KeyState::PendingImport;
    }
    let material_id = k.materials.last().map(|m| m.id.clone()).unwrap_or_default();
    let (arn, state) = (k.arn.clone(), k.state);
    jobs::cancel(world, &id, |j| matches!(j, Job::DeleteExpiredKeyMaterial { .. }));
    cx.why(format!(
        "the imported material of key {id} is deleted now; the key is {state} and cannot be used until the same \
         material is imported again"
    ));
    Ok(DeleteImportedKeyMaterialResponse { key_id: arn, key_material_id: material_id })
}
