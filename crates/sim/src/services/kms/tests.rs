//! Unit tests that need the engine's insides: the state table as data, and the helpers other
//! services call (AWS managed keys, encrypt/decrypt for a service).

use super::model::*;
use super::ops::*;
use super::KmsRequest;
use crate::world::CallContext;
use crate::{Request, SimDuration, World};

fn create(w: &mut World) -> String {
    match w.call(Request::Kms(KmsRequest::CreateKey(CreateKeyRequest::default()))) {
        Ok(crate::Response::Kms(super::KmsResponse::CreateKey(out))) => out.key_metadata.key_id,
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_state_table_matches_the_developer_guide() {
    use KeyState::*;
    use OpClass::*;
    use Verdict::*;
    // (class, [Enabled, Disabled, PendingImport, PendingDeletion, Unavailable])
    let table = [
        (Crypto, [Allowed, Verdict::Disabled, InvalidState, InvalidState, InvalidState]),
        (EnableDisable, [Allowed, Allowed, InvalidState, InvalidState, Allowed]),
        (CancelDeletion, [NotPendingDeletion, NotPendingDeletion, NotPendingDeletion, Allowed, NotPendingDeletion]),
        (ScheduleDeletion, [Allowed, Allowed, Allowed, InvalidState, Allowed]),
        (Manage, [Allowed, Allowed, Allowed, InvalidState, Allowed]),
        (OpClass::CreateGrant, [Allowed, Verdict::Disabled, InvalidState, InvalidState, Allowed]),
        (Rotation, [Allowed, Verdict::Disabled, Unsupported, InvalidState, Unsupported]),
        (ImportParameters, [Allowed, Allowed, Allowed, InvalidState, InvalidState]),
        (Import, [Allowed, InvalidState, Allowed, InvalidState, InvalidState]),
        (AliasTarget, [Allowed, Allowed, Allowed, InvalidState, Allowed]),
        (Any, [Allowed, Allowed, Allowed, Allowed, Allowed]),
    ];
    assert_eq!(table.len(), OpClass::ALL.len(), "every class is in the table");
    for (class, row) in table {
        for (state, want) in
            [Enabled, KeyState::Disabled, PendingImport, PendingDeletion, Unavailable].into_iter().zip(row)
        {
            assert_eq!(state_verdict(class, state), want, "{class:?} × {state}");
        }
    }
    // States Nimbus Lab never produces still get an answer, and only Any allows them.
    for class in OpClass::ALL {
        for state in [Creating, Updating, PendingReplicaDeletion] {
            let v = state_verdict(*class, state);
            assert_eq!(v == Allowed, *class == Any, "{class:?} × {state}");
        }
    }
}

#[test]
fn state_errors_use_aws_wording() {
    let mut w = World::new(1);
    let id = create(&mut w);
    let mut key = w.kms.keys[&id].clone();
    let cases = [
        (KeyState::Disabled, OpClass::Crypto, "DisabledException", "is disabled."),
        (KeyState::PendingDeletion, OpClass::Crypto, "KMSInvalidStateException", "is pending deletion."),
        (KeyState::PendingImport, OpClass::Crypto, "KMSInvalidStateException", "is pending import."),
        (KeyState::Unavailable, OpClass::Crypto, "KMSInvalidStateException", "is unavailable."),
        (KeyState::Enabled, OpClass::CancelDeletion, "KMSInvalidStateException", "is not pending deletion."),
        (KeyState::PendingImport, OpClass::Rotation, "UnsupportedOperationException", "not valid for this operation."),
    ];
    for (state, class, code, tail) in cases {
        key.state = state;
        let (e, why) = check_state(&key, class, "Op").unwrap_err();
        assert_eq!(e.code, code);
        assert_eq!(e.status, 400);
        assert!(e.message.starts_with(&key.arn) && e.message.ends_with(tail), "{}", e.message);
        assert!(!why.is_empty());
    }
}

#[test]
fn aws_managed_keys_are_made_once_per_region_and_service() {
    let mut w = World::new(2);
    let a = aws_managed_key(&mut w, "s3").unwrap();
    assert_eq!(aws_managed_key(&mut w, "s3").unwrap(), a);
    assert_ne!(aws_managed_key(&mut w, "ebs").unwrap(), a);
    assert!(aws_managed_key(&mut w, "not-a-service").is_none());
    let eu = aws_managed_key_in(&mut w, "eu-west-1", "s3").unwrap();
    assert_ne!(eu, a);
    let k = &w.kms.keys[&a];
    assert_eq!((k.key_manager, k.region.as_str()), (KeyManager::Aws, "us-east-1"));
    assert!(w.kms.aliases.contains_key(&alias_arn("us-east-1", "alias/aws/s3")));
    assert_eq!(k.rotation.as_ref().unwrap().period_days, 365);
}

#[test]
fn services_encrypt_and_decrypt_through_kms() {
    let mut w = World::new(3);
    let mut cx = CallContext::new("us-east-1");
    let ctx = [("bucket".to_string(), "photos".to_string())].into();
    let (arn, blob) = encrypt_for_service(&mut w, &mut cx, "s3", None, b"object body", Some(&ctx)).unwrap();
    assert!(arn.contains(":key/"));
    assert!(cx.resources.contains(&arn));
    let (arn2, plain) = decrypt_for_service(&mut w, &mut cx, "s3", blob.as_slice(), Some(&ctx)).unwrap();
    assert_eq!((arn2, plain.as_slice()), (arn.clone(), &b"object body"[..]));
    assert_eq!(
        decrypt_for_service(&mut w, &mut cx, "s3", blob.as_slice(), None).unwrap_err().code,
        "InvalidCiphertextException"
    );
    // The AWS managed key of S3 cannot be used through another service.
    assert_eq!(
        decrypt_for_service(&mut w, &mut cx, "ebs", blob.as_slice(), Some(&ctx)).unwrap_err().code,
        "AccessDeniedException"
    );

    // A customer key: its state decides, with the error KMS gives.
    let id = create(&mut w);
    let (_, blob) = encrypt_for_service(&mut w, &mut cx, "s3", Some(&id), b"x", None).unwrap();
    w.call(Request::Kms(KmsRequest::DisableKey(KeyIdRequest { key_id: id.clone() }))).unwrap();
    let e = encrypt_for_service(&mut w, &mut cx, "s3", Some(&id), b"x", None).unwrap_err();
    assert_eq!(e.code, "DisabledException");
    assert!(cx.why.as_deref().unwrap_or("").contains("Disabled"));
    assert_eq!(
        decrypt_for_service(&mut w, &mut cx, "s3", blob.as_slice(), None).unwrap_err().code,
        "DisabledException"
    );
    let e = encrypt_for_service(&mut w, &mut cx, "s3", Some("alias/missing"), b"x", None).unwrap_err();
    assert_eq!(e.code, "NotFoundException");
    w.call(Request::Kms(KmsRequest::ScheduleKeyDeletion(ScheduleKeyDeletionRequest {
        key_id: id.clone(),
        pending_window_in_days: Some(7),
    })))
    .unwrap();
    assert_eq!(
        decrypt_for_service(&mut w, &mut cx, "s3", blob.as_slice(), None).unwrap_err().code,
        "KMSInvalidStateException"
    );
    w.advance(SimDuration::days(7));
    assert_eq!(
        decrypt_for_service(&mut w, &mut cx, "s3", blob.as_slice(), None).unwrap_err().code,
        "NotFoundException"
    );
}
