//! KMS key lifecycle through `World::call`: creation and metadata, the key state × operation
//! table, deletion windows on the simulated clock, aliases, tags and listing.

use nimbus_sim::services::kms::model::*;
use nimbus_sim::services::kms::*;
use nimbus_sim::{ApiError, Bytes, EventSource, Outcome, Request, Response, SimDuration, World};

macro_rules! call {
    ($w:expr, $Op:ident, $req:expr) => {
        match $w.call(Request::Kms(KmsRequest::$Op($req))) {
            Ok(Response::Kms(KmsResponse::$Op(out))) => Ok(out),
            Ok(other) => panic!("unexpected response {other:?}"),
            Err(e) => Err::<_, ApiError>(e),
        }
    };
}

fn create(w: &mut World, req: CreateKeyRequest) -> KeyMetadata {
    call!(w, CreateKey, req).expect("CreateKey succeeds").key_metadata
}

fn symmetric(w: &mut World) -> String {
    create(w, CreateKeyRequest::default()).key_id
}

fn describe(w: &mut World, id: &str) -> Result<KeyMetadata, ApiError> {
    call!(w, DescribeKey, DescribeKeyRequest { key_id: id.into(), ..Default::default() }).map(|r| r.key_metadata)
}

fn key_id(id: &str) -> KeyIdRequest {
    KeyIdRequest { key_id: id.into() }
}

fn encrypt(w: &mut World, id: &str, text: &str) -> Result<EncryptResponse, ApiError> {
    call!(w, Encrypt, EncryptRequest { key_id: id.into(), plaintext: Bytes::from(text), ..Default::default() })
}

fn import_material(w: &mut World, id: &str, material: &[u8]) -> Result<ImportKeyMaterialResponse, ApiError> {
    let params = call!(
        w,
        GetParametersForImport,
        GetParametersForImportRequest {
            key_id: id.into(),
            wrapping_algorithm: Some(WrappingAlgorithm::RsaesOaepSha256),
            wrapping_key_spec: Some(WrappingKeySpec::Rsa2048),
        }
    )?;
    let wrapped = simulated_wrap_key_material(params.public_key.as_slice(), material);
    call!(
        w,
        ImportKeyMaterial,
        ImportKeyMaterialRequest {
            key_id: id.into(),
            import_token: params.import_token,
            encrypted_key_material: wrapped.into(),
            expiration_model: Some(ExpirationModel::KeyMaterialDoesNotExpire),
            ..Default::default()
        }
    )
}

#[test]
fn create_key_metadata_has_every_known_field() {
    let mut w = World::new(1);
    let m = create(
        &mut w,
        CreateKeyRequest {
            description: Some("payroll".into()),
            tags: Some(vec![Tag { tag_key: "team".into(), tag_value: "hr".into() }]),
            ..Default::default()
        },
    );
    assert_eq!(m.aws_account_id, "123456789012");
    assert_eq!(m.key_id.len(), 36);
    assert_eq!(m.arn, format!("arn:aws:kms:us-east-1:123456789012:key/{}", m.key_id));
    assert_eq!(m.creation_date, w.now());
    assert!(m.enabled);
    assert_eq!(m.description, "payroll");
    assert_eq!(
        (m.key_usage, m.key_state, m.origin, m.key_manager),
        (KeyUsage::EncryptDecrypt, KeyState::Enabled, Origin::AwsKms, KeyManager::Customer)
    );
    assert_eq!((m.key_spec, m.customer_master_key_spec), (KeySpec::SymmetricDefault, Some(KeySpec::SymmetricDefault)));
    assert_eq!(m.encryption_algorithms, Some(vec![EncryptionAlgorithm::SymmetricDefault]));
    assert_eq!((m.signing_algorithms.clone(), m.mac_algorithms.clone()), (None, None));
    assert!(!m.multi_region);
    assert_eq!(m.current_key_material_id.as_ref().map(String::len), Some(64));
    assert_eq!((m.deletion_date, m.valid_to, m.expiration_model), (None, None, None));
    // The JSON uses the model's names.
    let json = serde_json::to_value(&m).unwrap();
    for field in [
        "AWSAccountId",
        "KeyId",
        "Arn",
        "CreationDate",
        "Enabled",
        "KeyUsage",
        "KeyState",
        "Origin",
        "KeyManager",
        "KeySpec",
        "CustomerMasterKeySpec",
        "EncryptionAlgorithms",
        "MultiRegion",
        "CurrentKeyMaterialId",
    ] {
        assert!(json.get(field).is_some(), "{field} missing in {json}");
    }
    assert_eq!(json["KeySpec"], "SYMMETRIC_DEFAULT");
    assert_eq!(json["CreationDate"], "2026-01-01T00:00:00+00:00");

    let hmac = create(
        &mut w,
        CreateKeyRequest {
            key_spec: Some(KeySpec::Hmac256),
            key_usage: Some(KeyUsage::GenerateVerifyMac),
            ..Default::default()
        },
    );
    assert_eq!(hmac.mac_algorithms, Some(vec![MacAlgorithm::HmacSha256]));
    assert_eq!(hmac.current_key_material_id, None);
    let ecc = create(
        &mut w,
        CreateKeyRequest {
            key_spec: Some(KeySpec::EccNistP256),
            key_usage: Some(KeyUsage::SignVerify),
            ..Default::default()
        },
    );
    assert_eq!(ecc.signing_algorithms, Some(vec![SigningAlgorithm::EcdsaSha256]));
    let ext = create(&mut w, CreateKeyRequest { origin: Some(Origin::External), ..Default::default() });
    assert_eq!((ext.key_state, ext.enabled, ext.origin), (KeyState::PendingImport, false, Origin::External));
}

#[test]
fn create_key_rejects_invalid_combinations() {
    let mut w = World::new(1);
    let cases: Vec<(CreateKeyRequest, &str)> = vec![
        (CreateKeyRequest { key_spec: Some(KeySpec::Hmac256), ..Default::default() }, "ValidationException"),
        (
            CreateKeyRequest {
                key_spec: Some(KeySpec::EccNistP256),
                key_usage: Some(KeyUsage::EncryptDecrypt),
                ..Default::default()
            },
            "ValidationException",
        ),
        (CreateKeyRequest { key_usage: Some(KeyUsage::SignVerify), ..Default::default() }, "ValidationException"),
        (
            CreateKeyRequest {
                key_spec: Some(KeySpec::SymmetricDefault),
                customer_master_key_spec: Some(KeySpec::SymmetricDefault),
                ..Default::default()
            },
            "ValidationException",
        ),
        (
            CreateKeyRequest {
                key_spec: Some(KeySpec::Rsa2048),
                key_usage: Some(KeyUsage::SignVerify),
                ..Default::default()
            },
            "UnsupportedOperationException",
        ),
        (CreateKeyRequest { multi_region: Some(true), ..Default::default() }, "UnsupportedOperationException"),
        (
            CreateKeyRequest { origin: Some(Origin::AwsCloudhsm), ..Default::default() },
            // With CloudHSM key stores, AWS_CLOUDHSM is valid but needs a CustomKeyStoreId.
            if cfg!(feature = "cloudhsm") { "ValidationException" } else { "UnsupportedOperationException" },
        ),
        (
            CreateKeyRequest { custom_key_store_id: Some("cks-1".into()), ..Default::default() },
            "CustomKeyStoreNotFoundException",
        ),
        (CreateKeyRequest { description: Some("d".repeat(8193)), ..Default::default() }, "ValidationException"),
        (
            CreateKeyRequest {
                tags: Some(vec![Tag { tag_key: "aws:x".into(), tag_value: "v".into() }]),
                ..Default::default()
            },
            "TagException",
        ),
        (
            CreateKeyRequest { policy: Some("{not json".into()), ..Default::default() },
            "MalformedPolicyDocumentException",
        ),
    ];
    for (req, code) in cases {
        let e = call!(w, CreateKey, req.clone()).unwrap_err();
        assert_eq!(e.code, code, "{req:?}: {e}");
        assert_eq!(e.status, 400);
    }
    assert!(call!(w, ListKeys, ListKeysRequest::default()).unwrap().keys.is_empty(), "no key was created");
}

/// Puts a fresh key into `state`. Imported (EXTERNAL) keys get their material first when the
/// state needs it.
fn key_in(w: &mut World, state: KeyState, external: bool) -> String {
    let origin = if external { Some(Origin::External) } else { None };
    let id = create(w, CreateKeyRequest { origin, ..Default::default() }).key_id;
    if external && state != KeyState::PendingImport {
        import_material(w, &id, &[42u8; 32]).unwrap();
    }
    match state {
        KeyState::Enabled | KeyState::PendingImport => {}
        KeyState::Disabled => {
            call!(w, DisableKey, key_id(&id)).unwrap();
        }
        KeyState::PendingDeletion => {
            call!(
                w,
                ScheduleKeyDeletion,
                ScheduleKeyDeletionRequest { key_id: id.clone(), pending_window_in_days: Some(7) }
            )
            .unwrap();
        }
        other => panic!("Nimbus Lab does not produce {other}"),
    }
    assert_eq!(describe(w, &id).unwrap().key_state, state);
    id
}

type Probe = fn(&mut World, &str) -> Result<(), ApiError>;

/// One representative operation per class of the state table, each returning only ok/error.
fn probes() -> Vec<(&'static str, bool, Probe)> {
    vec![
        ("Encrypt", false, |w, id| encrypt(w, id, "x").map(drop)),
        ("DisableKey", false, |w, id| call!(w, DisableKey, key_id(id)).map(drop)),
        ("CancelKeyDeletion", false, |w, id| call!(w, CancelKeyDeletion, key_id(id)).map(drop)),
        ("ScheduleKeyDeletion", false, |w, id| {
            call!(
                w,
                ScheduleKeyDeletion,
                ScheduleKeyDeletionRequest { key_id: id.into(), pending_window_in_days: None }
            )
            .map(drop)
        }),
        ("TagResource", false, |w, id| {
            call!(
                w,
                TagResource,
                TagResourceRequest {
                    key_id: id.into(),
                    tags: vec![Tag { tag_key: "k".into(), tag_value: "v".into() }]
                }
            )
            .map(drop)
        }),
        ("CreateGrant", false, |w, id| {
            call!(
                w,
                CreateGrant,
                CreateGrantRequest {
                    key_id: id.into(),
                    grantee_principal: Some("arn:aws:iam::123456789012:role/app".into()),
                    operations: vec![GrantOperation::Decrypt],
                    ..Default::default()
                }
            )
            .map(drop)
        }),
        ("EnableKeyRotation", false, |w, id| {
            call!(w, EnableKeyRotation, EnableKeyRotationRequest { key_id: id.into(), rotation_period_in_days: None })
                .map(drop)
        }),
        ("GetParametersForImport", true, |w, id| {
            call!(
                w,
                GetParametersForImport,
                GetParametersForImportRequest {
                    key_id: id.into(),
                    wrapping_algorithm: Some(WrappingAlgorithm::RsaesOaepSha256),
                    wrapping_key_spec: Some(WrappingKeySpec::Rsa2048),
                }
            )
            .map(drop)
        }),
        ("ImportKeyMaterial", true, |w, id| import_material(w, id, &[42u8; 32]).map(drop)),
        ("UpdateAlias", false, |w, id| {
            let first = symmetric(w);
            call!(w, CreateAlias, CreateAliasRequest { alias_name: "alias/app".into(), target_key_id: first }).unwrap();
            call!(w, UpdateAlias, UpdateAliasRequest { alias_name: "alias/app".into(), target_key_id: id.into() })
                .map(drop)
        }),
        ("DescribeKey", false, |w, id| describe(w, id).map(drop)),
    ]
}

#[test]
fn every_key_state_answers_every_operation_class_as_the_table_says() {
    use KeyState::*;
    let states = [Enabled, Disabled, PendingImport, PendingDeletion];
    // Expected outcome per state, in the order above: "ok" or the error code and message tail.
    let table: &[(&str, [&str; 4])] = &[
        (
            "Encrypt",
            [
                "ok",
                "DisabledException: is disabled.",
                "KMSInvalidStateException: is pending import.",
                "KMSInvalidStateException: is pending deletion.",
            ],
        ),
        (
            "DisableKey",
            [
                "ok",
                "ok",
                "KMSInvalidStateException: is pending import.",
                "KMSInvalidStateException: is pending deletion.",
            ],
        ),
        (
            "CancelKeyDeletion",
            [
                "KMSInvalidStateException: is not pending deletion.",
                "KMSInvalidStateException: is not pending deletion.",
                "KMSInvalidStateException: is not pending deletion.",
                "ok",
            ],
        ),
        ("ScheduleKeyDeletion", ["ok", "ok", "ok", "KMSInvalidStateException: is pending deletion."]),
        ("TagResource", ["ok", "ok", "ok", "KMSInvalidStateException: is pending deletion."]),
        (
            "CreateGrant",
            [
                "ok",
                "DisabledException: is disabled.",
                "KMSInvalidStateException: is pending import.",
                "KMSInvalidStateException: is pending deletion.",
            ],
        ),
        (
            "EnableKeyRotation",
            [
                "ok",
                "DisabledException: is disabled.",
                "UnsupportedOperationException: ",
                "KMSInvalidStateException: is pending deletion.",
            ],
        ),
        ("GetParametersForImport", ["ok", "ok", "ok", "KMSInvalidStateException: is pending deletion."]),
        (
            "ImportKeyMaterial",
            ["ok", "KMSInvalidStateException: is disabled.", "ok", "KMSInvalidStateException: is pending deletion."],
        ),
        ("UpdateAlias", ["ok", "ok", "ok", "KMSInvalidStateException: is pending deletion."]),
        ("DescribeKey", ["ok", "ok", "ok", "ok"]),
    ];
    let probes = probes();
    assert_eq!(probes.len(), table.len());
    for ((name, external, probe), (row, expected)) in probes.iter().zip(table) {
        assert_eq!(name, row);
        for (state, want) in states.iter().zip(expected) {
            let mut w = World::new(7);
            let id = key_in(&mut w, *state, *external || *state == PendingImport);
            let got = match probe(&mut w, &id) {
                Ok(()) => "ok".to_string(),
                Err(e) => {
                    assert_eq!(e.status, 400, "{name} in {state}");
                    format!("{}: {}", e.code, e.message)
                }
            };
            let (code, tail) = want.split_once(": ").unwrap_or((want, ""));
            assert!(
                got.starts_with(code) && got.ends_with(tail),
                "{name} on a {state} key: expected {want}, got {got}"
            );
            if code != "ok" {
                let last = w.trail().last().unwrap();
                // The import probe fails at its first call (GetParametersForImport) in some states.
                assert!(last.operation == *name || *name == "ImportKeyMaterial", "{}", last.operation);
                assert!(!last.why.is_empty());
            }
        }
    }
}

#[test]
fn deletion_waits_the_window_then_the_key_and_its_aliases_are_gone() {
    let mut w = World::new(3);
    let id = symmetric(&mut w);
    call!(w, CreateAlias, CreateAliasRequest { alias_name: "alias/payroll".into(), target_key_id: id.clone() })
        .unwrap();
    let blob = encrypt(&mut w, "alias/payroll", "salary").unwrap().ciphertext_blob;
    for bad in [0, 6, 31, 365] {
        let e = call!(
            w,
            ScheduleKeyDeletion,
            ScheduleKeyDeletionRequest { key_id: id.clone(), pending_window_in_days: Some(bad) }
        )
        .unwrap_err();
        assert_eq!(e.code, "ValidationException", "{bad}");
    }
    let e = call!(
        w,
        ScheduleKeyDeletion,
        ScheduleKeyDeletionRequest { key_id: "alias/payroll".into(), pending_window_in_days: None }
    )
    .unwrap_err();
    assert_eq!(e.code, "NotFoundException", "aliases are not accepted by management operations");
    let out =
        call!(w, ScheduleKeyDeletion, ScheduleKeyDeletionRequest { key_id: id.clone(), pending_window_in_days: None })
            .unwrap();
    assert_eq!(out.pending_window_in_days, 30);
    assert_eq!(out.key_state, KeyState::PendingDeletion);
    assert_eq!(out.key_id, format!("arn:aws:kms:us-east-1:123456789012:key/{id}"));
    assert_eq!(out.deletion_date, w.now() + SimDuration::days(30));
    assert_eq!(w.next_deadline(), Some(out.deletion_date));
    let m = describe(&mut w, &id).unwrap();
    assert_eq!((m.deletion_date, m.enabled), (Some(out.deletion_date), false));

    w.advance(SimDuration::days(29));
    assert_eq!(describe(&mut w, &id).unwrap().key_state, KeyState::PendingDeletion);
    w.advance(SimDuration::days(1));
    let e = describe(&mut w, &id).unwrap_err();
    assert_eq!(e.code, "NotFoundException");
    assert_eq!(e.message, format!("Key 'arn:aws:kms:us-east-1:123456789012:key/{id}' does not exist"));
    let job = w.trail().events().iter().find(|e| e.source == EventSource::Job && e.operation == "DeleteKey").unwrap();
    assert!(job.why.contains("alias/payroll"), "{}", job.why);
    assert!(call!(w, ListAliases, ListAliasesRequest::default()).unwrap().aliases.is_empty());
    let e = call!(w, Decrypt, DecryptRequest { ciphertext_blob: blob, ..Default::default() }).unwrap_err();
    assert_eq!(e.code, "NotFoundException");
}

#[test]
fn cancelling_deletion_leaves_the_key_disabled_until_enabled() {
    let mut w = World::new(3);
    let id = symmetric(&mut w);
    let blob = encrypt(&mut w, &id, "keep me").unwrap().ciphertext_blob;
    call!(w, ScheduleKeyDeletion, ScheduleKeyDeletionRequest { key_id: id.clone(), pending_window_in_days: Some(7) })
        .unwrap();
    w.advance(SimDuration::days(3));
    let out = call!(w, CancelKeyDeletion, key_id(&id)).unwrap();
    assert!(out.key_id.ends_with(&id));
    let m = describe(&mut w, &id).unwrap();
    assert_eq!((m.key_state, m.deletion_date), (KeyState::Disabled, None));
    let decrypt = DecryptRequest { ciphertext_blob: blob, ..Default::default() };
    assert_eq!(call!(w, Decrypt, decrypt.clone()).unwrap_err().code, "DisabledException");
    // The deletion job is gone: a week later the key still exists.
    w.advance(SimDuration::days(30));
    call!(w, EnableKey, key_id(&id)).unwrap();
    assert_eq!(call!(w, Decrypt, decrypt).unwrap().plaintext.as_text(), Some("keep me"));
}

#[test]
fn disable_and_enable_toggle_usability() {
    let mut w = World::new(5);
    let id = symmetric(&mut w);
    call!(w, DisableKey, key_id(&id)).unwrap();
    let e = encrypt(&mut w, &id, "x").unwrap_err();
    assert_eq!(e.code, "DisabledException");
    assert_eq!(e.message, format!("arn:aws:kms:us-east-1:123456789012:key/{id} is disabled."));
    assert!(!describe(&mut w, &id).unwrap().enabled);
    call!(w, EnableKey, key_id(&id)).unwrap();
    assert!(encrypt(&mut w, &id, "x").is_ok());
    call!(w, UpdateKeyDescription, UpdateKeyDescriptionRequest { key_id: id.clone(), description: "renamed".into() })
        .unwrap();
    assert_eq!(describe(&mut w, &id).unwrap().description, "renamed");
}

#[test]
fn aliases_resolve_everywhere_a_crypto_key_id_is_taken() {
    let mut w = World::new(9);
    let a = symmetric(&mut w);
    let b = symmetric(&mut w);
    call!(w, CreateAlias, CreateAliasRequest { alias_name: "alias/app".into(), target_key_id: a.clone() }).unwrap();
    let arn = format!("arn:aws:kms:us-east-1:123456789012:key/{a}");
    let alias_arn = "arn:aws:kms:us-east-1:123456789012:alias/app";
    for ident in [a.as_str(), arn.as_str(), "alias/app", alias_arn] {
        assert_eq!(describe(&mut w, ident).unwrap().key_id, a, "{ident}");
        assert_eq!(encrypt(&mut w, ident, "hi").unwrap().key_id, arn, "{ident}");
    }
    // Errors of alias management.
    let dup = call!(w, CreateAlias, CreateAliasRequest { alias_name: "alias/app".into(), target_key_id: b.clone() })
        .unwrap_err();
    assert_eq!(dup.code, "AlreadyExistsException");
    assert_eq!(dup.message, format!("An alias with the name {alias_arn} already exists"));
    for (name, code) in [
        ("app", "InvalidAliasNameException"),
        ("alias/aws/mine", "InvalidAliasNameException"),
        ("alias/has space", "ValidationException"),
        ("alias/", "InvalidAliasNameException"),
    ] {
        let e = call!(w, CreateAlias, CreateAliasRequest { alias_name: name.into(), target_key_id: b.clone() })
            .unwrap_err();
        assert_eq!(e.code, code, "{name}");
    }
    let e =
        call!(w, CreateAlias, CreateAliasRequest { alias_name: "alias/two".into(), target_key_id: "alias/app".into() })
            .unwrap_err();
    assert_eq!(e.message, "Aliases must refer to keys. Not aliases");
    assert_eq!(
        describe(&mut w, "alias/nope").unwrap_err().message,
        "Alias arn:aws:kms:us-east-1:123456789012:alias/nope is not found."
    );
    assert_eq!(describe(&mut w, "arn:aws:kms:eu-west-1:123456789012:key/x").unwrap_err().code, "NotFoundException");
    assert_eq!(describe(&mut w, "arn:aws:kms:bad").unwrap_err().code, "InvalidArnException");

    // UpdateAlias moves it; the old key still decrypts what it encrypted.
    let old_blob = encrypt(&mut w, "alias/app", "old").unwrap().ciphertext_blob;
    call!(w, UpdateAlias, UpdateAliasRequest { alias_name: "alias/app".into(), target_key_id: b.clone() }).unwrap();
    assert!(encrypt(&mut w, "alias/app", "new").unwrap().key_id.ends_with(&b));
    let back = call!(w, Decrypt, DecryptRequest { ciphertext_blob: old_blob, ..Default::default() }).unwrap();
    assert!(back.key_id.ends_with(&a));
    let hmac = create(
        &mut w,
        CreateKeyRequest {
            key_spec: Some(KeySpec::Hmac256),
            key_usage: Some(KeyUsage::GenerateVerifyMac),
            ..Default::default()
        },
    )
    .key_id;
    assert_eq!(
        call!(w, UpdateAlias, UpdateAliasRequest { alias_name: "alias/app".into(), target_key_id: hmac })
            .unwrap_err()
            .code,
        "ValidationException"
    );

    let listed = call!(w, ListAliases, ListAliasesRequest { key_id: Some(b.clone()), ..Default::default() }).unwrap();
    assert_eq!(listed.aliases.len(), 1);
    assert_eq!(listed.aliases[0].alias_arn, alias_arn);
    call!(w, DeleteAlias, DeleteAliasRequest { alias_name: "alias/app".into() }).unwrap();
    assert_eq!(
        call!(w, DeleteAlias, DeleteAliasRequest { alias_name: "alias/app".into() }).unwrap_err().code,
        "NotFoundException"
    );
}

#[test]
fn list_keys_pages_with_markers() {
    let mut w = World::new(11);
    let ids: Vec<String> = (0..5).map(|_| symmetric(&mut w)).collect();
    let mut seen = Vec::new();
    let mut marker = None;
    loop {
        let page = call!(w, ListKeys, ListKeysRequest { limit: Some(2), marker: marker.clone() }).unwrap();
        assert!(page.keys.len() <= 2);
        seen.extend(page.keys.into_iter().map(|k| k.key_id));
        if !page.truncated {
            assert_eq!(page.next_marker, None);
            break;
        }
        marker = page.next_marker;
    }
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(seen, sorted);
    assert_eq!(
        call!(w, ListKeys, ListKeysRequest { limit: Some(0), marker: None }).unwrap_err().code,
        "ValidationException"
    );
    assert_eq!(
        call!(w, ListKeys, ListKeysRequest { limit: None, marker: Some("zz".into()) }).unwrap_err().code,
        "InvalidMarkerException"
    );
    // Keys are regional.
    let other = w.call_in("eu-west-1", Request::Kms(KmsRequest::ListKeys(ListKeysRequest::default()))).unwrap();
    let Response::Kms(KmsResponse::ListKeys(other)) = other else { panic!() };
    assert!(other.keys.is_empty());
}

#[test]
fn tags_add_replace_remove() {
    let mut w = World::new(2);
    let id = symmetric(&mut w);
    let tag = |k: &str, v: &str| Tag { tag_key: k.into(), tag_value: v.into() };
    call!(w, TagResource, TagResourceRequest { key_id: id.clone(), tags: vec![tag("a", "1"), tag("b", "2")] }).unwrap();
    call!(w, TagResource, TagResourceRequest { key_id: id.clone(), tags: vec![tag("a", "9")] }).unwrap();
    call!(w, UntagResource, UntagResourceRequest { key_id: id.clone(), tag_keys: vec!["b".into()] }).unwrap();
    let tags =
        call!(w, ListResourceTags, ListResourceTagsRequest { key_id: id.clone(), ..Default::default() }).unwrap().tags;
    assert_eq!(tags, vec![tag("a", "9")]);
    let e = call!(w, TagResource, TagResourceRequest { key_id: id.clone(), tags: vec![tag("aws:owner", "x")] })
        .unwrap_err();
    assert_eq!(e.code, "TagException");
    let many: Vec<Tag> = (0..50).map(|i| tag(&format!("k{i}"), "v")).collect();
    let e = call!(w, TagResource, TagResourceRequest { key_id: id, tags: many }).unwrap_err();
    assert_eq!(e.code, "LimitExceededException");
}

#[test]
fn every_call_lands_in_the_trail_with_the_key_and_a_why() {
    let mut w = World::new(4);
    let id = symmetric(&mut w);
    call!(w, DisableKey, key_id(&id)).unwrap();
    let _ = encrypt(&mut w, &id, "x");
    let last = w.trail().last().unwrap();
    assert_eq!((last.service.as_str(), last.operation.as_str()), ("kms", "Encrypt"));
    assert!(matches!(&last.outcome, Outcome::Error { code, .. } if code == "DisabledException"));
    assert!(last.resources.iter().any(|r| r.ends_with(&id)));
    assert!(last.why.contains("Disabled"), "{}", last.why);
}

#[test]
fn a_saved_world_restores_keys_that_still_decrypt() {
    let mut w = World::new(8);
    let id = symmetric(&mut w);
    let blob = encrypt(&mut w, &id, "persist").unwrap().ciphertext_blob;
    call!(w, EnableKeyRotation, EnableKeyRotationRequest { key_id: id.clone(), rotation_period_in_days: Some(90) })
        .unwrap();
    let mut restored = World::from_json(&w.to_json()).unwrap();
    assert_eq!(restored, w);
    let out = call!(restored, Decrypt, DecryptRequest { ciphertext_blob: blob, ..Default::default() }).unwrap();
    assert_eq!(out.plaintext.as_text(), Some("persist"));
    restored.advance(SimDuration::days(90));
    let rotations =
        call!(restored, ListKeyRotations, ListKeyRotationsRequest { key_id: id, ..Default::default() }).unwrap();
    assert_eq!(rotations.rotations.len(), 1);
    // An older save without KMS state still loads.
    let mut json: serde_json::Value = serde_json::from_str(&World::new(1).to_json()).unwrap();
    json.as_object_mut().unwrap().remove("kms");
    let old = World::from_json(&json.to_string()).unwrap();
    assert_eq!(old.kms.caller, DEFAULT_CALLER);
}
