//! Random sequences of KMS calls and clock moves: nothing panics, decrypt(encrypt(x)) == x while
//! the key is usable, every answer matches the key's state, and the key invariants hold after
//! every step.

use nimbus_sim::services::kms::model::*;
use nimbus_sim::services::kms::*;
use nimbus_sim::services::Job as AnyJob;
use nimbus_sim::{ApiError, Bytes, Request, Response, SimDuration, World};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Step {
    Create(u8),
    Encrypt(usize, Vec<u8>, bool),
    Decrypt(usize),
    Disable(usize),
    Enable(usize),
    Schedule(usize, i64),
    Cancel(usize),
    RotateNow(usize),
    EnableRotation(usize, i64),
    Import(usize, bool),
    DeleteImported(usize),
    Alias(usize, usize),
    Advance(i64),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        2 => (0u8..4).prop_map(Step::Create),
        4 => (0usize..8, proptest::collection::vec(any::<u8>(), 1..64), any::<bool>()).prop_map(|(k, d, c)| Step::Encrypt(k, d, c)),
        4 => (0usize..32).prop_map(Step::Decrypt),
        1 => (0usize..8).prop_map(Step::Disable),
        1 => (0usize..8).prop_map(Step::Enable),
        1 => (0usize..8, 5i64..32).prop_map(|(k, d)| Step::Schedule(k, d)),
        1 => (0usize..8).prop_map(Step::Cancel),
        1 => (0usize..8).prop_map(Step::RotateNow),
        1 => (0usize..8, 80i64..400).prop_map(|(k, d)| Step::EnableRotation(k, d)),
        1 => (0usize..8, any::<bool>()).prop_map(|(k, e)| Step::Import(k, e)),
        1 => (0usize..8).prop_map(Step::DeleteImported),
        1 => (0usize..3, 0usize..8).prop_map(|(a, k)| Step::Alias(a, k)),
        2 => (0i64..120).prop_map(Step::Advance),
    ]
}

fn kms(w: &mut World, r: KmsRequest) -> Result<KmsResponse, ApiError> {
    w.call(Request::Kms(r)).map(|resp| match resp {
        Response::Kms(r) => r,
        other => panic!("not a KMS response: {other:?}"),
    })
}

const MATERIAL: [u8; 32] = [3u8; 32];

/// The state a key should answer Encrypt with (None when the key is gone).
fn expected_encrypt_error(w: &World, id: &str) -> Option<Option<&'static str>> {
    let k = w.kms.keys.get(id)?;
    Some(match (k.state, k.key_usage) {
        (KeyState::Disabled, _) => Some("DisabledException"),
        (KeyState::PendingDeletion | KeyState::PendingImport, _) => Some("KMSInvalidStateException"),
        (KeyState::Enabled, KeyUsage::EncryptDecrypt) => None,
        (KeyState::Enabled, _) => Some("InvalidKeyUsageException"),
        (other, _) => panic!("unexpected state {other}"),
    })
}

fn check_invariants(w: &World) {
    for k in w.kms.keys.values() {
        assert_eq!(k.enabled(), k.state == KeyState::Enabled);
        assert_eq!(k.deletion_date.is_some(), k.state == KeyState::PendingDeletion, "{k:?}");
        assert!(
            matches!(
                k.state,
                KeyState::Enabled | KeyState::Disabled | KeyState::PendingDeletion | KeyState::PendingImport
            ),
            "{}",
            k.state
        );
        if k.state == KeyState::Enabled {
            assert!(k.current_material().is_some(), "an Enabled key can encrypt");
        }
        if k.state == KeyState::PendingImport {
            assert_eq!(k.origin, Origin::External);
            assert!(k.materials.iter().all(|m| m.secret.is_none()));
        }
        if k.origin == Origin::AwsKms {
            assert!(k.materials.iter().all(|m| m.secret.is_some()), "KMS never loses its own material");
            assert_eq!(k.materials.iter().filter(|m| m.rotation.is_none()).count(), 1);
        }
        if k.origin == Origin::External {
            assert!(k.materials.len() <= 1, "imported keys keep one material");
        }
        let mut ids: Vec<&String> = k.materials.iter().map(|m| &m.id).collect();
        ids.dedup();
        assert_eq!(ids.len(), k.materials.len(), "material ids are unique");
    }
    for a in w.kms.aliases.values() {
        assert!(w.kms.keys.contains_key(&a.target_key_id), "alias {} points at a deleted key", a.name);
    }
    for s in w.pending_jobs() {
        if let AnyJob::Kms(Job::DeleteKey { key_id }) = &s.job {
            let k = &w.kms.keys[key_id];
            assert_eq!(k.state, KeyState::PendingDeletion);
            assert_eq!(k.deletion_date, Some(s.due));
        }
    }
}

fn run(steps: Vec<Step>) {
    let mut w = World::new(99);
    let mut keys: Vec<String> = Vec::new();
    // (blob, key id, plaintext, context used)
    let mut blobs: Vec<(Bytes, String, Vec<u8>, bool)> = Vec::new();
    let ctx = || Some([("purpose".to_string(), "proptest".to_string())].into_iter().collect());
    let pick = |keys: &Vec<String>, i: usize| {
        if keys.is_empty() {
            "1234abcd-12ab-44cd-56ef-1234567890ab".to_string()
        } else {
            keys[i % keys.len()].clone()
        }
    };
    for step in steps {
        match step {
            Step::Create(kind) => {
                let req = match kind {
                    0 => CreateKeyRequest::default(),
                    1 => CreateKeyRequest {
                        key_spec: Some(KeySpec::Hmac256),
                        key_usage: Some(KeyUsage::GenerateVerifyMac),
                        ..Default::default()
                    },
                    2 => CreateKeyRequest {
                        key_spec: Some(KeySpec::EccNistP256),
                        key_usage: Some(KeyUsage::SignVerify),
                        ..Default::default()
                    },
                    _ => CreateKeyRequest { origin: Some(Origin::External), ..Default::default() },
                };
                let Ok(KmsResponse::CreateKey(out)) = kms(&mut w, KmsRequest::CreateKey(req)) else {
                    panic!("CreateKey fails")
                };
                keys.push(out.key_metadata.key_id);
            }
            Step::Encrypt(i, data, with_ctx) => {
                let id = pick(&keys, i);
                let expected = expected_encrypt_error(&w, &id);
                let r = kms(
                    &mut w,
                    KmsRequest::Encrypt(EncryptRequest {
                        key_id: id.clone(),
                        plaintext: Bytes(data.clone()),
                        encryption_context: if with_ctx { ctx() } else { None },
                        ..Default::default()
                    }),
                );
                match (expected, r) {
                    (None, Err(e)) => assert_eq!(e.code, "NotFoundException"),
                    (Some(None), Ok(KmsResponse::Encrypt(out))) => {
                        blobs.push((out.ciphertext_blob, id, data, with_ctx))
                    }
                    (Some(Some(code)), Err(e)) => assert_eq!(e.code, code),
                    (exp, got) => panic!("Encrypt on {id}: expected {exp:?}, got {got:?}"),
                }
            }
            Step::Decrypt(i) => {
                if blobs.is_empty() {
                    continue;
                }
                let (blob, id, data, with_ctx) = blobs[i % blobs.len()].clone();
                let usable = w.kms.keys.get(&id).map(|k| k.state == KeyState::Enabled);
                let r = kms(
                    &mut w,
                    KmsRequest::Decrypt(DecryptRequest {
                        ciphertext_blob: blob.clone(),
                        encryption_context: if with_ctx { ctx() } else { None },
                        ..Default::default()
                    }),
                );
                match (usable, r) {
                    (Some(true), Ok(KmsResponse::Decrypt(out))) => assert_eq!(out.plaintext.as_slice(), &data[..]),
                    (Some(false), Err(e)) => {
                        assert!(matches!(e.code.as_str(), "DisabledException" | "KMSInvalidStateException"), "{e}")
                    }
                    (None, Err(e)) => assert_eq!(e.code, "NotFoundException"),
                    (u, got) => panic!("Decrypt of a blob of {id} (usable {u:?}): {got:?}"),
                }
                // The wrong context never decrypts.
                let wrong = kms(
                    &mut w,
                    KmsRequest::Decrypt(DecryptRequest {
                        ciphertext_blob: blob,
                        encryption_context: if with_ctx { None } else { ctx() },
                        ..Default::default()
                    }),
                );
                assert!(wrong.is_err());
            }
            Step::Disable(i) => drop(kms(&mut w, KmsRequest::DisableKey(KeyIdRequest { key_id: pick(&keys, i) }))),
            Step::Enable(i) => drop(kms(&mut w, KmsRequest::EnableKey(KeyIdRequest { key_id: pick(&keys, i) }))),
            Step::Schedule(i, days) => {
                let r = kms(
                    &mut w,
                    KmsRequest::ScheduleKeyDeletion(ScheduleKeyDeletionRequest {
                        key_id: pick(&keys, i),
                        pending_window_in_days: Some(days),
                    }),
                );
                if !(7..=30).contains(&days) {
                    assert_eq!(r.unwrap_err().code, "ValidationException");
                }
            }
            Step::Cancel(i) => {
                drop(kms(&mut w, KmsRequest::CancelKeyDeletion(KeyIdRequest { key_id: pick(&keys, i) })))
            }
            Step::RotateNow(i) => {
                drop(kms(&mut w, KmsRequest::RotateKeyOnDemand(KeyIdRequest { key_id: pick(&keys, i) })))
            }
            Step::EnableRotation(i, days) => drop(kms(
                &mut w,
                KmsRequest::EnableKeyRotation(EnableKeyRotationRequest {
                    key_id: pick(&keys, i),
                    rotation_period_in_days: Some(days),
                }),
            )),
            Step::Import(i, expires) => {
                let id = pick(&keys, i);
                let Ok(KmsResponse::GetParametersForImport(p)) = kms(
                    &mut w,
                    KmsRequest::GetParametersForImport(GetParametersForImportRequest {
                        key_id: id.clone(),
                        wrapping_algorithm: Some(WrappingAlgorithm::RsaesOaepSha256),
                        wrapping_key_spec: Some(WrappingKeySpec::Rsa2048),
                    }),
                ) else {
                    continue;
                };
                let now = w.now();
                let _ = kms(
                    &mut w,
                    KmsRequest::ImportKeyMaterial(ImportKeyMaterialRequest {
                        key_id: id,
                        import_token: p.import_token,
                        encrypted_key_material: simulated_wrap_key_material(p.public_key.as_slice(), &MATERIAL).into(),
                        expiration_model: Some(if expires {
                            ExpirationModel::KeyMaterialExpires
                        } else {
                            ExpirationModel::KeyMaterialDoesNotExpire
                        }),
                        valid_to: expires.then(|| now + SimDuration::days(20)),
                        import_type: None,
                    }),
                );
            }
            Step::DeleteImported(i) => drop(kms(
                &mut w,
                KmsRequest::DeleteImportedKeyMaterial(DeleteImportedKeyMaterialRequest { key_id: pick(&keys, i) }),
            )),
            Step::Alias(a, i) => {
                let name = format!("alias/a{a}");
                let target = pick(&keys, i);
                if kms(
                    &mut w,
                    KmsRequest::CreateAlias(CreateAliasRequest {
                        alias_name: name.clone(),
                        target_key_id: target.clone(),
                    }),
                )
                .is_err()
                {
                    let _ = kms(
                        &mut w,
                        KmsRequest::UpdateAlias(UpdateAliasRequest { alias_name: name, target_key_id: target }),
                    );
                }
            }
            Step::Advance(days) => {
                w.advance(SimDuration::days(days));
            }
        }
        check_invariants(&w);
    }
    // Replaying the same steps on the same seed gives the same World.
    assert!(w.trail().events().len() <= nimbus_sim::trail::TRAIL_CAPACITY);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_kms_sequences_keep_their_promises(steps in proptest::collection::vec(step(), 1..60)) {
        run(steps);
    }

    #[test]
    fn requests_from_arbitrary_json_never_panic(
        op in prop_oneof![Just("Encrypt"), Just("Decrypt"), Just("CreateKey"), Just("PutKeyPolicy"), Just("ImportKeyMaterial"), Just("Sign"), Just("CreateAlias")],
        key in prop_oneof![Just("KeyId"), Just("CiphertextBlob"), Just("Plaintext"), Just("Policy"), Just("AliasName"), Just("Message")],
        value in prop_oneof![
            "[a-zA-Z0-9/:+=_-]{0,40}".prop_map(serde_json::Value::String),
            any::<i64>().prop_map(|n| serde_json::json!(n)),
            Just(serde_json::json!({"a": "b"})),
        ],
    ) {
        let mut w = World::new(1);
        let Ok(KmsResponse::CreateKey(k)) = kms(&mut w, KmsRequest::CreateKey(CreateKeyRequest::default())) else { panic!() };
        let mut input = serde_json::Map::new();
        input.insert("KeyId".into(), serde_json::Value::String(k.key_metadata.key_id));
        input.insert(key.to_string(), value);
        let mut inner = serde_json::Map::new();
        inner.insert(op.to_string(), serde_json::Value::Object(input));
        let json = serde_json::json!({ "Kms": inner });
        if let Ok(request) = serde_json::from_value::<Request>(json) {
            let _ = w.call(request);
        }
    }
}

#[test]
fn same_seed_same_calls_same_world() {
    let steps = vec![
        Step::Create(0),
        Step::Encrypt(0, b"a".to_vec(), true),
        Step::EnableRotation(0, 90),
        Step::Advance(100),
        Step::Create(3),
        Step::Import(1, true),
        Step::Advance(30),
        Step::Decrypt(0),
    ];
    run(steps.clone());
    let build = || {
        let mut w = World::new(5);
        let Ok(KmsResponse::CreateKey(k)) = kms(&mut w, KmsRequest::CreateKey(CreateKeyRequest::default())) else {
            panic!()
        };
        let _ = kms(
            &mut w,
            KmsRequest::Encrypt(EncryptRequest {
                key_id: k.key_metadata.key_id,
                plaintext: Bytes::from("x"),
                ..Default::default()
            }),
        );
        w.advance(SimDuration::days(1));
        w.to_json()
    };
    assert_eq!(build(), build());
}
