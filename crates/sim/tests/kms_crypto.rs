//! KMS cryptography through `World::call`: round trips, encryption context, wrong keys, data
//! keys, ReEncrypt, signatures, MACs, limits, and rotation over a simulated year.

use nimbus_sim::services::kms::cipher;
use nimbus_sim::services::kms::model::*;
use nimbus_sim::services::kms::*;
use nimbus_sim::{ApiError, Bytes, EventSource, Request, Response, SimDuration, World};
use std::collections::BTreeMap;

macro_rules! call {
    ($w:expr, $Op:ident, $req:expr) => {
        match $w.call(Request::Kms(KmsRequest::$Op($req))) {
            Ok(Response::Kms(KmsResponse::$Op(out))) => Ok(out),
            Ok(other) => panic!("unexpected response {other:?}"),
            Err(e) => Err::<_, ApiError>(e),
        }
    };
}

fn create(w: &mut World, spec: KeySpec, usage: KeyUsage) -> String {
    call!(w, CreateKey, CreateKeyRequest { key_spec: Some(spec), key_usage: Some(usage), ..Default::default() })
        .unwrap()
        .key_metadata
        .key_id
}

fn symmetric(w: &mut World) -> String {
    create(w, KeySpec::SymmetricDefault, KeyUsage::EncryptDecrypt)
}

fn ctx(pairs: &[(&str, &str)]) -> Option<BTreeMap<String, String>> {
    Some(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
}

fn encrypt(w: &mut World, id: &str, data: &[u8], context: Option<BTreeMap<String, String>>) -> Result<Bytes, ApiError> {
    call!(
        w,
        Encrypt,
        EncryptRequest {
            key_id: id.into(),
            plaintext: Bytes(data.to_vec()),
            encryption_context: context,
            ..Default::default()
        }
    )
    .map(|r| r.ciphertext_blob)
}

fn decrypt(
    w: &mut World,
    blob: &Bytes,
    context: Option<BTreeMap<String, String>>,
) -> Result<DecryptResponse, ApiError> {
    call!(
        w,
        Decrypt,
        DecryptRequest { ciphertext_blob: blob.clone(), encryption_context: context, ..Default::default() }
    )
}

#[test]
fn encrypt_decrypt_round_trip_reads_the_key_from_the_blob() {
    let mut w = World::new(1);
    let id = symmetric(&mut w);
    let blob = encrypt(&mut w, &id, b"attack at dawn", None).unwrap();
    let header = cipher::parse_header(blob.as_slice()).unwrap();
    assert_eq!((header.key_id.as_str(), header.material_version), (id.as_str(), 1));
    assert!(!blob.as_slice().windows(6).any(|win| win == b"attack"), "the plaintext is not in the blob");
    let out = decrypt(&mut w, &blob, None).unwrap();
    assert_eq!(out.plaintext.as_slice(), b"attack at dawn");
    assert!(out.key_id.ends_with(&id));
    assert_eq!(out.key_material_id.len(), 64);
    // The same plaintext encrypts differently each time (a fresh IV from the seeded generator).
    assert_ne!(encrypt(&mut w, &id, b"attack at dawn", None).unwrap(), blob);
    // And the same seed and calls give the same blob.
    let mut again = World::new(1);
    let id2 = symmetric(&mut again);
    assert_eq!(id2, id);
    assert_eq!(encrypt(&mut again, &id2, b"attack at dawn", None).unwrap(), blob);
}

#[test]
fn encryption_context_must_match_exactly() {
    let mut w = World::new(2);
    let id = symmetric(&mut w);
    let blob = encrypt(&mut w, &id, b"payslip", ctx(&[("dept", "finance"), ("year", "2026")])).unwrap();
    for wrong in [
        None,
        ctx(&[("dept", "finance")]),
        ctx(&[("dept", "Finance"), ("year", "2026")]),
        ctx(&[("dept", "finance"), ("year", "2026"), ("x", "y")]),
    ] {
        let e = decrypt(&mut w, &blob, wrong.clone()).unwrap_err();
        assert_eq!(e.code, "InvalidCiphertextException", "{wrong:?}");
        assert!(w.trail().last().unwrap().why.contains("encryption context"));
    }
    let ok = decrypt(&mut w, &blob, ctx(&[("year", "2026"), ("dept", "finance")])).unwrap();
    assert_eq!(ok.plaintext.as_slice(), b"payslip");
    // An empty context is the same as none.
    let plain = encrypt(&mut w, &id, b"x", ctx(&[])).unwrap();
    assert!(decrypt(&mut w, &plain, None).is_ok());
}

#[test]
fn damaged_or_foreign_ciphertext_and_wrong_keys() {
    let mut w = World::new(3);
    let a = symmetric(&mut w);
    let b = symmetric(&mut w);
    let blob = encrypt(&mut w, &a, b"data", None).unwrap();
    let mut damaged = blob.clone();
    let last = damaged.0.len() - 1;
    damaged.0[last] ^= 0x80;
    assert_eq!(decrypt(&mut w, &damaged, None).unwrap_err().code, "InvalidCiphertextException");
    assert_eq!(decrypt(&mut w, &Bytes(vec![1, 2, 3]), None).unwrap_err().code, "InvalidCiphertextException");
    assert_eq!(decrypt(&mut w, &Bytes(vec![]), None).unwrap_err().code, "ValidationException");
    assert_eq!(decrypt(&mut w, &Bytes(vec![0; 6145]), None).unwrap_err().code, "ValidationException");
    let wrong = call!(
        w,
        Decrypt,
        DecryptRequest { ciphertext_blob: blob.clone(), key_id: Some(b.clone()), ..Default::default() }
    )
    .unwrap_err();
    assert_eq!(wrong.code, "IncorrectKeyException");
    let right = call!(
        w,
        Decrypt,
        DecryptRequest { ciphertext_blob: blob.clone(), key_id: Some(a.clone()), ..Default::default() }
    )
    .unwrap();
    assert_eq!(right.plaintext.as_slice(), b"data");
    // A blob naming a material version the key never had.
    let mut future = blob.clone();
    future.0[38..42].copy_from_slice(&9u32.to_be_bytes());
    assert_eq!(decrypt(&mut w, &future, None).unwrap_err().code, "InvalidCiphertextException");
    // Another Region cannot see the key.
    let e = w
        .call_in(
            "eu-west-1",
            Request::Kms(KmsRequest::Decrypt(DecryptRequest { ciphertext_blob: blob, ..Default::default() })),
        )
        .unwrap_err();
    assert_eq!(e.code, "NotFoundException");
}

#[test]
fn limits_and_key_usage() {
    let mut w = World::new(4);
    let id = symmetric(&mut w);
    let e = encrypt(&mut w, &id, &[0u8; 4097], None).unwrap_err();
    assert_eq!(e.code, "ValidationException");
    assert!(e.message.contains("4096"));
    assert!(w.trail().last().unwrap().why.contains("envelope encryption"));
    assert!(encrypt(&mut w, &id, &[0u8; 4096], None).is_ok());
    assert_eq!(encrypt(&mut w, &id, &[], None).unwrap_err().code, "ValidationException");
    let e = call!(
        w,
        Encrypt,
        EncryptRequest {
            key_id: id.clone(),
            plaintext: Bytes::from("x"),
            encryption_algorithm: Some(EncryptionAlgorithm::RsaesOaepSha256),
            ..Default::default()
        }
    )
    .unwrap_err();
    assert_eq!(e.code, "InvalidKeyUsageException");
    let hmac = create(&mut w, KeySpec::Hmac256, KeyUsage::GenerateVerifyMac);
    let e = encrypt(&mut w, &hmac, b"x", None).unwrap_err();
    assert_eq!(e.code, "InvalidKeyUsageException");
    assert!(e.message.ends_with("key usage is GENERATE_VERIFY_MAC which is not valid for Encrypt."), "{}", e.message);
    let ecc = create(&mut w, KeySpec::EccNistP256, KeyUsage::SignVerify);
    let e = call!(
        w,
        GenerateDataKey,
        GenerateDataKeyRequest { key_id: ecc, key_spec: Some(DataKeySpec::Aes256), ..Default::default() }
    )
    .unwrap_err();
    assert_eq!(e.code, "InvalidKeyUsageException");
    let dry =
        EncryptRequest { key_id: id.clone(), plaintext: Bytes::from("x"), dry_run: Some(true), ..Default::default() };
    assert_eq!(call!(w, Encrypt, dry).unwrap_err().code, "DryRunOperationException");
}

#[test]
fn data_keys_random_and_envelope_encryption() {
    let mut w = World::new(5);
    let id = symmetric(&mut w);
    let gen = |spec, n| GenerateDataKeyRequest {
        key_id: id.clone(),
        key_spec: spec,
        number_of_bytes: n,
        ..Default::default()
    };
    let dk = call!(w, GenerateDataKey, gen(Some(DataKeySpec::Aes256), None)).unwrap();
    assert_eq!(dk.plaintext.len(), 32);
    // The encrypted data key decrypts back to the plaintext data key.
    assert_eq!(decrypt(&mut w, &dk.ciphertext_blob, None).unwrap().plaintext, dk.plaintext);
    assert_eq!(call!(w, GenerateDataKey, gen(Some(DataKeySpec::Aes128), None)).unwrap().plaintext.len(), 16);
    assert_eq!(call!(w, GenerateDataKey, gen(None, Some(1024))).unwrap().plaintext.len(), 1024);
    for bad in [gen(None, None), gen(Some(DataKeySpec::Aes256), Some(32)), gen(None, Some(0)), gen(None, Some(1025))] {
        assert_eq!(call!(w, GenerateDataKey, bad).unwrap_err().code, "ValidationException");
    }
    let without = call!(w, GenerateDataKeyWithoutPlaintext, gen(None, Some(64))).unwrap();
    assert_eq!(decrypt(&mut w, &without.ciphertext_blob, None).unwrap().plaintext.len(), 64);
    let r = call!(w, GenerateRandom, GenerateRandomRequest { number_of_bytes: Some(16), custom_key_store_id: None })
        .unwrap();
    assert_eq!(r.plaintext.len(), 16);
    for n in [Some(0), Some(1025), None] {
        let e = call!(w, GenerateRandom, GenerateRandomRequest { number_of_bytes: n, custom_key_store_id: None })
            .unwrap_err();
        assert_eq!(e.code, "ValidationException");
    }
}

#[test]
fn re_encrypt_moves_ciphertext_between_keys_and_contexts() {
    let mut w = World::new(6);
    let a = symmetric(&mut w);
    let b = symmetric(&mut w);
    let blob = encrypt(&mut w, &a, b"move me", ctx(&[("v", "1")])).unwrap();
    let req = |source_ctx, source_key: Option<String>| ReEncryptRequest {
        ciphertext_blob: blob.clone(),
        source_encryption_context: source_ctx,
        source_key_id: source_key,
        destination_key_id: b.clone(),
        destination_encryption_context: ctx(&[("v", "2")]),
        ..Default::default()
    };
    assert_eq!(call!(w, ReEncrypt, req(None, None)).unwrap_err().code, "InvalidCiphertextException");
    assert_eq!(
        call!(w, ReEncrypt, req(ctx(&[("v", "1")]), Some(b.clone()))).unwrap_err().code,
        "IncorrectKeyException"
    );
    let out = call!(w, ReEncrypt, req(ctx(&[("v", "1")]), Some(a.clone()))).unwrap();
    assert!(out.source_key_id.ends_with(&a) && out.key_id.ends_with(&b));
    assert_eq!(decrypt(&mut w, &out.ciphertext_blob, ctx(&[("v", "2")])).unwrap().plaintext.as_slice(), b"move me");
    call!(w, DisableKey, KeyIdRequest { key_id: b.clone() }).unwrap();
    assert_eq!(call!(w, ReEncrypt, req(ctx(&[("v", "1")]), None)).unwrap_err().code, "DisabledException");
}

#[test]
fn ecc_sign_and_verify_raw_and_digest() {
    let mut w = World::new(7);
    let id = create(&mut w, KeySpec::EccNistP256, KeyUsage::SignVerify);
    let sign = |msg: &[u8], mt| SignRequest {
        key_id: id.clone(),
        message: Bytes(msg.to_vec()),
        message_type: mt,
        signing_algorithm: Some(SigningAlgorithm::EcdsaSha256),
        ..Default::default()
    };
    let sig = call!(w, Sign, sign(b"release v1.2", None)).unwrap();
    assert_eq!(sig.signing_algorithm, SigningAlgorithm::EcdsaSha256);
    assert_eq!(sig.signature.as_slice()[0], 0x30, "DER-encoded");
    let verify = |msg: &[u8], sig: &Bytes, mt| VerifyRequest {
        key_id: id.clone(),
        message: Bytes(msg.to_vec()),
        message_type: mt,
        signature: sig.clone(),
        signing_algorithm: Some(SigningAlgorithm::EcdsaSha256),
        ..Default::default()
    };
    assert!(call!(w, Verify, verify(b"release v1.2", &sig.signature, None)).unwrap().signature_valid);
    let e = call!(w, Verify, verify(b"release v1.3", &sig.signature, None)).unwrap_err();
    assert_eq!(e.code, "KMSInvalidSignatureException");
    // DIGEST: the caller hashes; the signature verifies as RAW over the original message.
    let digest = cipher::sha256(b"release v1.2");
    let dsig = call!(w, Sign, sign(&digest, Some(MessageType::Digest))).unwrap();
    assert!(call!(w, Verify, verify(b"release v1.2", &dsig.signature, None)).is_ok());
    assert_eq!(call!(w, Sign, sign(b"short", Some(MessageType::Digest))).unwrap_err().code, "ValidationException");
    let mut wrong_alg = sign(b"m", None);
    wrong_alg.signing_algorithm = Some(SigningAlgorithm::RsassaPssSha256);
    assert_eq!(call!(w, Sign, wrong_alg).unwrap_err().code, "InvalidKeyUsageException");
    let pk = call!(w, GetPublicKey, GetPublicKeyRequest { key_id: id.clone(), grant_tokens: vec![] }).unwrap();
    assert_eq!(pk.public_key.len(), 91);
    assert_eq!(pk.signing_algorithms, vec![SigningAlgorithm::EcdsaSha256]);
    let sym = symmetric(&mut w);
    assert_eq!(
        call!(w, GetPublicKey, GetPublicKeyRequest { key_id: sym.clone(), grant_tokens: vec![] }).unwrap_err().code,
        "UnsupportedOperationException"
    );
    let mut on_sym = sign(b"m", None);
    on_sym.key_id = sym;
    assert_eq!(call!(w, Sign, on_sym).unwrap_err().code, "InvalidKeyUsageException");
}

#[test]
fn hmac_generate_and_verify() {
    let mut w = World::new(8);
    let id = create(&mut w, KeySpec::Hmac256, KeyUsage::GenerateVerifyMac);
    let gen = GenerateMacRequest {
        message: Bytes::from("token"),
        key_id: id.clone(),
        mac_algorithm: Some(MacAlgorithm::HmacSha256),
        ..Default::default()
    };
    let mac = call!(w, GenerateMac, gen.clone()).unwrap();
    assert_eq!(mac.mac.len(), 32);
    assert_eq!(call!(w, GenerateMac, gen.clone()).unwrap().mac, mac.mac, "HMAC is deterministic");
    let verify = |msg: &str, m: &Bytes| VerifyMacRequest {
        message: Bytes::from(msg),
        key_id: id.clone(),
        mac_algorithm: Some(MacAlgorithm::HmacSha256),
        mac: m.clone(),
        ..Default::default()
    };
    assert!(call!(w, VerifyMac, verify("token", &mac.mac)).unwrap().mac_valid);
    assert_eq!(call!(w, VerifyMac, verify("tokens", &mac.mac)).unwrap_err().code, "KMSInvalidMacException");
    let mut wrong = gen;
    wrong.mac_algorithm = Some(MacAlgorithm::HmacSha512);
    assert_eq!(call!(w, GenerateMac, wrong).unwrap_err().code, "InvalidKeyUsageException");
}

#[test]
fn a_year_with_automatic_rotation() {
    let mut w = World::new(2026);
    let id = symmetric(&mut w);
    let before = encrypt(&mut w, &id, b"written in January", None).unwrap();
    call!(w, EnableKeyRotation, EnableKeyRotationRequest { key_id: id.clone(), rotation_period_in_days: None })
        .unwrap();
    let status = call!(w, GetKeyRotationStatus, KeyIdRequest { key_id: id.clone() }).unwrap();
    assert!(status.key_rotation_enabled);
    assert_eq!(status.rotation_period_in_days, Some(365));
    assert_eq!(status.next_rotation_date, Some(w.now() + SimDuration::days(365)));

    w.advance(SimDuration::days(364));
    assert_eq!(cipher::parse_header(encrypt(&mut w, &id, b"x", None).unwrap().as_slice()).unwrap().material_version, 1);
    w.advance(SimDuration::days(1));
    let job = w.trail().events().iter().rev().find(|e| e.source == EventSource::Job).unwrap();
    assert_eq!(job.operation, "RotateKey");
    assert!(job.why.contains("version 2"), "{}", job.why);

    let after = encrypt(&mut w, &id, b"written a year later", None).unwrap();
    assert_eq!(cipher::parse_header(after.as_slice()).unwrap().material_version, 2);
    assert_eq!(decrypt(&mut w, &before, None).unwrap().plaintext.as_slice(), b"written in January");
    assert_eq!(decrypt(&mut w, &after, None).unwrap().plaintext.as_slice(), b"written a year later");
    let m =
        call!(w, DescribeKey, DescribeKeyRequest { key_id: id.clone(), ..Default::default() }).unwrap().key_metadata;
    assert_eq!(m.key_id, id, "rotation keeps the key id");
    let rotations = call!(w, ListKeyRotations, ListKeyRotationsRequest { key_id: id.clone(), ..Default::default() })
        .unwrap()
        .rotations;
    assert_eq!(rotations.len(), 1);
    assert_eq!(rotations[0].rotation_type, Some(RotationType::Automatic));
    assert_eq!(rotations[0].key_material_id, m.current_key_material_id.unwrap());
    let all = call!(
        w,
        ListKeyRotations,
        ListKeyRotationsRequest {
            key_id: id.clone(),
            include_key_material: Some(IncludeKeyMaterial::AllKeyMaterial),
            ..Default::default()
        }
    )
    .unwrap()
    .rotations;
    assert_eq!(all.len(), 2);
    assert_eq!(w.next_deadline(), Some(w.now() + SimDuration::days(365)), "the next rotation is scheduled");
}

#[test]
fn rotation_rules_on_demand_and_disabled_keys() {
    let mut w = World::new(12);
    let id = symmetric(&mut w);
    for bad in [89, 2561] {
        let e = call!(
            w,
            EnableKeyRotation,
            EnableKeyRotationRequest { key_id: id.clone(), rotation_period_in_days: Some(bad) }
        )
        .unwrap_err();
        assert_eq!(e.code, "ValidationException");
    }
    let hmac = create(&mut w, KeySpec::Hmac256, KeyUsage::GenerateVerifyMac);
    let e =
        call!(w, EnableKeyRotation, EnableKeyRotationRequest { key_id: hmac.clone(), rotation_period_in_days: None })
            .unwrap_err();
    assert_eq!(e.code, "UnsupportedOperationException");
    assert_eq!(
        call!(w, RotateKeyOnDemand, KeyIdRequest { key_id: hmac }).unwrap_err().code,
        "UnsupportedOperationException"
    );

    let blob = encrypt(&mut w, &id, b"v1", None).unwrap();
    for _ in 0..MAX_ON_DEMAND_ROTATIONS {
        call!(w, RotateKeyOnDemand, KeyIdRequest { key_id: id.clone() }).unwrap();
    }
    let e = call!(w, RotateKeyOnDemand, KeyIdRequest { key_id: id.clone() }).unwrap_err();
    assert_eq!(e.code, "LimitExceededException");
    let latest = encrypt(&mut w, &id, b"v26", None).unwrap();
    assert_eq!(cipher::parse_header(latest.as_slice()).unwrap().material_version, 1 + MAX_ON_DEMAND_ROTATIONS as u32);
    assert_eq!(decrypt(&mut w, &blob, None).unwrap().plaintext.as_slice(), b"v1");

    // A disabled key is not rotated on its date; enabling it later rotates it at once.
    let k = symmetric(&mut w);
    call!(w, EnableKeyRotation, EnableKeyRotationRequest { key_id: k.clone(), rotation_period_in_days: Some(90) })
        .unwrap();
    call!(w, DisableKey, KeyIdRequest { key_id: k.clone() }).unwrap();
    w.advance(SimDuration::days(100));
    let versions = |w: &mut World, k: &str| {
        call!(w, ListKeyRotations, ListKeyRotationsRequest { key_id: k.into(), ..Default::default() })
            .unwrap()
            .rotations
            .len()
    };
    assert_eq!(versions(&mut w, &k), 0);
    assert!(w.trail().events().iter().any(|e| e.operation == "RotateKey" && e.why.contains("Disabled")));
    call!(w, EnableKey, KeyIdRequest { key_id: k.clone() }).unwrap();
    assert_eq!(versions(&mut w, &k), 1);
    // Within 20 minutes of an automatic rotation, on-demand rotation conflicts.
    let due = call!(w, GetKeyRotationStatus, KeyIdRequest { key_id: k.clone() }).unwrap().next_rotation_date.unwrap();
    w.advance(SimDuration((due - w.now()).as_millis() - SimDuration::minutes(10).as_millis()));
    assert_eq!(call!(w, RotateKeyOnDemand, KeyIdRequest { key_id: k.clone() }).unwrap_err().code, "ConflictException");
    // Pending deletion reads false; cancelling restores it.
    call!(w, ScheduleKeyDeletion, ScheduleKeyDeletionRequest { key_id: k.clone(), pending_window_in_days: Some(7) })
        .unwrap();
    assert!(!call!(w, GetKeyRotationStatus, KeyIdRequest { key_id: k.clone() }).unwrap().key_rotation_enabled);
    call!(w, CancelKeyDeletion, KeyIdRequest { key_id: k.clone() }).unwrap();
    assert!(call!(w, GetKeyRotationStatus, KeyIdRequest { key_id: k.clone() }).unwrap().key_rotation_enabled);
    call!(w, DisableKey, KeyIdRequest { key_id: k.clone() }).unwrap();
    assert_eq!(call!(w, DisableKeyRotation, KeyIdRequest { key_id: k.clone() }).unwrap_err().code, "DisabledException");
    call!(w, EnableKey, KeyIdRequest { key_id: k.clone() }).unwrap();
    call!(w, DisableKeyRotation, KeyIdRequest { key_id: k.clone() }).unwrap();
    assert!(!call!(w, GetKeyRotationStatus, KeyIdRequest { key_id: k }).unwrap().key_rotation_enabled);
}
