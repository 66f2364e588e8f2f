//! Imported key material (BYOK): parameters with a 24-hour token, import, expiry at ValidTo on
//! the simulated clock, reimport of the same material, and deletion.

use nimbus_sim::services::kms::model::*;
use nimbus_sim::services::kms::*;
use nimbus_sim::{ApiError, Bytes, EventSource, Request, Response, SimDuration, SimTime, World};

macro_rules! call {
    ($w:expr, $Op:ident, $req:expr) => {
        match $w.call(Request::Kms(KmsRequest::$Op($req))) {
            Ok(Response::Kms(KmsResponse::$Op(out))) => Ok(out),
            Ok(other) => panic!("unexpected response {other:?}"),
            Err(e) => Err::<_, ApiError>(e),
        }
    };
}

const MATERIAL: [u8; 32] = [0x5a; 32];

fn external(w: &mut World) -> String {
    call!(w, CreateKey, CreateKeyRequest { origin: Some(Origin::External), ..Default::default() })
        .unwrap()
        .key_metadata
        .key_id
}

fn params(w: &mut World, id: &str) -> Result<GetParametersForImportResponse, ApiError> {
    call!(
        w,
        GetParametersForImport,
        GetParametersForImportRequest {
            key_id: id.into(),
            wrapping_algorithm: Some(WrappingAlgorithm::RsaAesKeyWrapSha256),
            wrapping_key_spec: Some(WrappingKeySpec::Rsa4096),
        }
    )
}

fn import(
    w: &mut World,
    id: &str,
    p: &GetParametersForImportResponse,
    material: &[u8],
    valid_to: Option<SimTime>,
) -> Result<ImportKeyMaterialResponse, ApiError> {
    call!(
        w,
        ImportKeyMaterial,
        ImportKeyMaterialRequest {
            key_id: id.into(),
            import_token: p.import_token.clone(),
            encrypted_key_material: simulated_wrap_key_material(p.public_key.as_slice(), material).into(),
            expiration_model: Some(if valid_to.is_some() {
                ExpirationModel::KeyMaterialExpires
            } else {
                ExpirationModel::KeyMaterialDoesNotExpire
            }),
            valid_to,
            import_type: None,
        }
    )
}

fn describe(w: &mut World, id: &str) -> KeyMetadata {
    call!(w, DescribeKey, DescribeKeyRequest { key_id: id.into(), ..Default::default() }).unwrap().key_metadata
}

fn encrypt(w: &mut World, id: &str, text: &str) -> Result<Bytes, ApiError> {
    call!(w, Encrypt, EncryptRequest { key_id: id.into(), plaintext: Bytes::from(text), ..Default::default() })
        .map(|r| r.ciphertext_blob)
}

fn decrypt(w: &mut World, blob: &Bytes) -> Result<String, ApiError> {
    call!(w, Decrypt, DecryptRequest { ciphertext_blob: blob.clone(), ..Default::default() })
        .map(|r| r.plaintext.as_text().unwrap().to_string())
}

#[test]
fn byok_story_import_expire_reimport() {
    let mut w = World::new(1);
    let id = external(&mut w);
    assert_eq!(encrypt(&mut w, &id, "x").unwrap_err().code, "KMSInvalidStateException");
    let p = params(&mut w, &id).unwrap();
    assert_eq!(p.parameters_valid_to, w.now() + SimDuration::hours(24));
    let valid_to = w.now() + SimDuration::days(30);
    let out = import(&mut w, &id, &p, &MATERIAL, Some(valid_to)).unwrap();
    assert_eq!(out.key_material_id.len(), 64);
    let m = describe(&mut w, &id);
    assert_eq!(
        (m.key_state, m.valid_to, m.expiration_model),
        (KeyState::Enabled, Some(valid_to), Some(ExpirationModel::KeyMaterialExpires))
    );
    let blob = encrypt(&mut w, &id, "imported").unwrap();
    assert_eq!(decrypt(&mut w, &blob).unwrap(), "imported");

    // Imported keys don't rotate automatically.
    let e = call!(w, EnableKeyRotation, EnableKeyRotationRequest { key_id: id.clone(), rotation_period_in_days: None })
        .unwrap_err();
    assert_eq!(e.code, "UnsupportedOperationException");

    // At ValidTo the material is deleted and the key goes back to PendingImport.
    w.advance(SimDuration::days(30));
    assert_eq!(describe(&mut w, &id).key_state, KeyState::PendingImport);
    let job = w
        .trail()
        .events()
        .iter()
        .find(|e| e.source == EventSource::Job && e.operation == "DeleteExpiredKeyMaterial")
        .unwrap();
    assert!(job.why.contains("PendingImport"), "{}", job.why);
    assert_eq!(decrypt(&mut w, &blob).unwrap_err().code, "KMSInvalidStateException");

    // Reimporting different material is refused; the same material brings the key back.
    let p2 = params(&mut w, &id).unwrap();
    let e = import(&mut w, &id, &p2, &[0x11; 32], None).unwrap_err();
    assert_eq!(e.code, "IncorrectKeyMaterialException");
    let again = import(&mut w, &id, &p2, &MATERIAL, None).unwrap();
    assert_eq!(again.key_material_id, out.key_material_id);
    assert_eq!(describe(&mut w, &id).expiration_model, Some(ExpirationModel::KeyMaterialDoesNotExpire));
    assert_eq!(decrypt(&mut w, &blob).unwrap(), "imported", "old ciphertext decrypts with the reimported material");

    // DeleteImportedKeyMaterial takes effect at once.
    call!(w, DeleteImportedKeyMaterial, DeleteImportedKeyMaterialRequest { key_id: id.clone() }).unwrap();
    assert_eq!(describe(&mut w, &id).key_state, KeyState::PendingImport);
    assert_eq!(encrypt(&mut w, &id, "x").unwrap_err().code, "KMSInvalidStateException");
}

#[test]
fn import_tokens_expire_after_24_hours_and_belong_to_one_key() {
    let mut w = World::new(2);
    let a = external(&mut w);
    let b = external(&mut w);
    let pa = params(&mut w, &a).unwrap();
    let e = import(&mut w, &b, &pa, &MATERIAL, None).unwrap_err();
    assert_eq!(e.code, "InvalidImportTokenException");
    w.advance(SimDuration::hours(24));
    assert!(w.trail().events().iter().any(|e| e.operation == "ImportParametersExpired"));
    let e = import(&mut w, &a, &pa, &MATERIAL, None).unwrap_err();
    assert_eq!(e.code, "ExpiredImportTokenException");
    // Material wrapped with another public key cannot be unwrapped.
    let pa2 = params(&mut w, &a).unwrap();
    let pb = params(&mut w, &b).unwrap();
    let wrapped_for_b = simulated_wrap_key_material(pb.public_key.as_slice(), &MATERIAL);
    let e = call!(
        w,
        ImportKeyMaterial,
        ImportKeyMaterialRequest {
            key_id: a.clone(),
            import_token: pa2.import_token.clone(),
            encrypted_key_material: wrapped_for_b.into(),
            expiration_model: Some(ExpirationModel::KeyMaterialDoesNotExpire),
            ..Default::default()
        }
    )
    .unwrap_err();
    assert_eq!(e.code, "InvalidCiphertextException");
    assert_eq!(import(&mut w, &a, &pa2, &[1u8; 16], None).unwrap_err().code, "ValidationException");
    assert!(import(&mut w, &a, &pa2, &MATERIAL, None).is_ok());
}

#[test]
fn import_validation_and_origin_rules() {
    let mut w = World::new(3);
    let id = external(&mut w);
    let p = params(&mut w, &id).unwrap();
    let base = ImportKeyMaterialRequest {
        key_id: id.clone(),
        import_token: p.import_token.clone(),
        encrypted_key_material: simulated_wrap_key_material(p.public_key.as_slice(), &MATERIAL).into(),
        ..Default::default()
    };
    // KEY_MATERIAL_EXPIRES is the default and needs ValidTo.
    assert_eq!(call!(w, ImportKeyMaterial, base.clone()).unwrap_err().code, "ValidationException");
    let mut with_both = base.clone();
    with_both.expiration_model = Some(ExpirationModel::KeyMaterialDoesNotExpire);
    with_both.valid_to = Some(w.now() + SimDuration::days(1));
    assert_eq!(call!(w, ImportKeyMaterial, with_both).unwrap_err().code, "ValidationException");
    for t in [w.now(), w.now() + SimDuration::days(366)] {
        let mut r = base.clone();
        r.valid_to = Some(t);
        assert_eq!(call!(w, ImportKeyMaterial, r).unwrap_err().code, "ValidationException");
    }
    // KMS-made keys take no imported material.
    let own = call!(w, CreateKey, CreateKeyRequest::default()).unwrap().key_metadata.key_id;
    assert_eq!(params(&mut w, &own).unwrap_err().code, "UnsupportedOperationException");
    assert_eq!(
        call!(w, DeleteImportedKeyMaterial, DeleteImportedKeyMaterialRequest { key_id: own }).unwrap_err().code,
        "UnsupportedOperationException"
    );
    // Deleting imported material while pending deletion leaves the state alone.
    let mut ok = base;
    ok.expiration_model = Some(ExpirationModel::KeyMaterialDoesNotExpire);
    call!(w, ImportKeyMaterial, ok).unwrap();
    call!(w, ScheduleKeyDeletion, ScheduleKeyDeletionRequest { key_id: id.clone(), pending_window_in_days: Some(7) })
        .unwrap();
    call!(w, DeleteImportedKeyMaterial, DeleteImportedKeyMaterialRequest { key_id: id.clone() }).unwrap();
    assert_eq!(describe(&mut w, &id).key_state, KeyState::PendingDeletion);
    call!(w, CancelKeyDeletion, KeyIdRequest { key_id: id.clone() }).unwrap();
    assert_eq!(describe(&mut w, &id).key_state, KeyState::PendingImport, "no material, so not Disabled");
}

#[test]
fn imported_hmac_keys_compute_macs_with_the_imported_secret() {
    let mut w = World::new(4);
    let id = call!(
        w,
        CreateKey,
        CreateKeyRequest {
            origin: Some(Origin::External),
            key_spec: Some(KeySpec::Hmac256),
            key_usage: Some(KeyUsage::GenerateVerifyMac),
            ..Default::default()
        }
    )
    .unwrap()
    .key_metadata
    .key_id;
    let p = params(&mut w, &id).unwrap();
    import(&mut w, &id, &p, b"Jefe\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", None).unwrap();
    let mac = call!(
        w,
        GenerateMac,
        GenerateMacRequest {
            message: Bytes::from("what do ya want for nothing?"),
            key_id: id,
            mac_algorithm: Some(MacAlgorithm::HmacSha256),
            ..Default::default()
        }
    )
    .unwrap();
    // HMAC pads short keys with zeros to the block size, so this equals RFC 4231 test case 2.
    let hex: String = mac.mac.as_slice().iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}
