//! Who may use a KMS key: key policies evaluated on every call against the configurable caller,
//! the lockout safety check, grants, and AWS managed keys.

use nimbus_sim::services::kms::model::*;
use nimbus_sim::services::kms::*;
use nimbus_sim::{ApiError, Bytes, Request, Response, SimDuration, World};

macro_rules! call {
    ($w:expr, $Op:ident, $req:expr) => {
        match $w.call(Request::Kms(KmsRequest::$Op($req))) {
            Ok(Response::Kms(KmsResponse::$Op(out))) => Ok(out),
            Ok(other) => panic!("unexpected response {other:?}"),
            Err(e) => Err::<_, ApiError>(e),
        }
    };
}

const ALICE: &str = "arn:aws:iam::123456789012:user/alice";
const BOB: &str = "arn:aws:iam::123456789012:user/bob";
const OUTSIDER: &str = "arn:aws:iam::999999999999:user/eve";

fn symmetric(w: &mut World) -> String {
    call!(w, CreateKey, CreateKeyRequest::default()).unwrap().key_metadata.key_id
}

fn encrypt(w: &mut World, id: &str) -> Result<EncryptResponse, ApiError> {
    call!(w, Encrypt, EncryptRequest { key_id: id.into(), plaintext: Bytes::from("x"), ..Default::default() })
}

fn policy_denying_bob_decrypt() -> String {
    r#"{
      "Version": "2012-10-17",
      "Statement": [
        {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
         "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "kms:*", "Resource": "*"},
        {"Sid": "NoDecryptForBob", "Effect": "Deny",
         "Principal": {"AWS": "arn:aws:iam::123456789012:user/bob"}, "Action": "kms:Decrypt", "Resource": "*"}
      ]
    }"#
    .to_string()
}

#[test]
fn the_default_policy_gives_the_account_every_action() {
    let mut w = World::new(1);
    let id = symmetric(&mut w);
    let p = call!(w, GetKeyPolicy, GetKeyPolicyRequest { key_id: id.clone(), policy_name: None }).unwrap();
    assert_eq!(p.policy_name, "default");
    let doc: serde_json::Value = serde_json::from_str(&p.policy).unwrap();
    assert_eq!(doc["Statement"][0]["Principal"]["AWS"], "arn:aws:iam::123456789012:root");
    assert_eq!(doc["Statement"][0]["Action"], "kms:*");
    let names = call!(w, ListKeyPolicies, ListKeyPoliciesRequest { key_id: id.clone(), ..Default::default() }).unwrap();
    assert_eq!(names.policy_names, vec!["default".to_string()]);
    assert_eq!(
        call!(w, GetKeyPolicy, GetKeyPolicyRequest { key_id: id.clone(), policy_name: Some("other".into()) })
            .unwrap_err()
            .code,
        "NotFoundException"
    );
    // Any principal of the account gets in (there is no IAM to say otherwise); another account does not.
    w.kms.caller = ALICE.into();
    assert!(encrypt(&mut w, &id).is_ok());
    w.kms.caller = OUTSIDER.into();
    let e = encrypt(&mut w, &id).unwrap_err();
    assert_eq!(e.code, "AccessDeniedException");
    assert_eq!(
        e.message,
        format!(
            "User: {OUTSIDER} is not authorized to perform: kms:Encrypt on resource: \
             arn:aws:kms:us-east-1:123456789012:key/{id} because no resource-based policy allows the action"
        )
    );
}

#[test]
fn an_explicit_deny_beats_the_allow() {
    let mut w = World::new(2);
    let id = symmetric(&mut w);
    call!(
        w,
        PutKeyPolicy,
        PutKeyPolicyRequest { key_id: id.clone(), policy: policy_denying_bob_decrypt(), ..Default::default() }
    )
    .unwrap();
    let blob = encrypt(&mut w, &id).unwrap().ciphertext_blob;
    w.kms.caller = BOB.into();
    assert!(encrypt(&mut w, &id).is_ok(), "bob may still encrypt");
    let e = call!(w, Decrypt, DecryptRequest { ciphertext_blob: blob.clone(), ..Default::default() }).unwrap_err();
    assert_eq!(e.code, "AccessDeniedException");
    assert!(e.message.ends_with("with an explicit deny in a resource-based policy"), "{}", e.message);
    assert!(w.trail().last().unwrap().why.contains("NoDecryptForBob"));
    w.kms.caller = ALICE.into();
    assert!(call!(w, Decrypt, DecryptRequest { ciphertext_blob: blob, ..Default::default() }).is_ok());
}

#[test]
fn policies_are_validated_and_the_lockout_check_applies() {
    let mut w = World::new(3);
    let id = symmetric(&mut w);
    let put = |policy: &str, bypass: Option<bool>| PutKeyPolicyRequest {
        key_id: id.clone(),
        policy: policy.into(),
        bypass_policy_lockout_safety_check: bypass,
        policy_name: None,
    };
    for bad in [
        "not json",
        "{}",
        r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"nobody"},"Action":"kms:*","Resource":"*"}]}"#,
    ] {
        assert_eq!(
            call!(w, PutKeyPolicy, put(bad, None)).unwrap_err().code,
            "MalformedPolicyDocumentException",
            "{bad}"
        );
    }
    let big = format!(
        r#"{{"Statement":[{{"Sid":"{}","Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"}}]}}"#,
        "s".repeat(33_000)
    );
    assert_eq!(call!(w, PutKeyPolicy, put(&big, None)).unwrap_err().code, "LimitExceededException");
    // A policy that only lets alice in would lock the root caller out.
    let alice_only = r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/alice"},"Action":"kms:*","Resource":"*"}]}"#;
    let e = call!(w, PutKeyPolicy, put(alice_only, None)).unwrap_err();
    assert_eq!(e.code, "MalformedPolicyDocumentException");
    assert_eq!(e.message, "The new key policy will not allow you to update the key policy in the future.");
    call!(w, PutKeyPolicy, put(alice_only, Some(true))).unwrap();
    assert_eq!(encrypt(&mut w, &id).unwrap_err().code, "AccessDeniedException", "root is now locked out");
    assert_eq!(
        call!(w, GetKeyPolicy, GetKeyPolicyRequest { key_id: id.clone(), policy_name: None }).unwrap_err().code,
        "AccessDeniedException"
    );
    w.kms.caller = ALICE.into();
    assert!(encrypt(&mut w, &id).is_ok());
    // CreateKey runs the same check.
    w.kms.caller = DEFAULT_CALLER.into();
    let e =
        call!(w, CreateKey, CreateKeyRequest { policy: Some(alice_only.into()), ..Default::default() }).unwrap_err();
    assert_eq!(e.code, "MalformedPolicyDocumentException");
}

#[test]
fn grants_let_a_principal_in_until_retired_or_revoked() {
    let mut w = World::new(4);
    let id = symmetric(&mut w);
    // A key policy that lets only the root in, so a role needs a grant.
    let root_only = r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalArn":"arn:aws:iam::123456789012:root"}}}]}"#;
    call!(w, PutKeyPolicy, PutKeyPolicyRequest { key_id: id.clone(), policy: root_only.into(), ..Default::default() })
        .unwrap();
    let role = "arn:aws:iam::123456789012:role/app";
    let grant = call!(
        w,
        CreateGrant,
        CreateGrantRequest {
            key_id: id.clone(),
            grantee_principal: Some(role.into()),
            retiring_principal: Some(ALICE.into()),
            operations: vec![GrantOperation::Encrypt, GrantOperation::Decrypt],
            constraints: Some(GrantConstraints {
                encryption_context_subset: Some([("app".to_string(), "billing".to_string())].into()),
                encryption_context_equals: None,
            }),
            name: Some("billing-app".into()),
            ..Default::default()
        }
    )
    .unwrap();
    assert_eq!(grant.grant_id.len(), 64);
    let with_ctx = |ctx: Option<(&str, &str)>| EncryptRequest {
        key_id: id.clone(),
        plaintext: Bytes::from("x"),
        encryption_context: ctx.map(|(k, v)| [(k.to_string(), v.to_string())].into()),
        grant_tokens: vec![grant.grant_token.clone()],
        ..Default::default()
    };
    w.kms.caller = role.into();
    assert!(call!(w, Encrypt, with_ctx(Some(("app", "billing")))).is_ok());
    assert_eq!(call!(w, Encrypt, with_ctx(Some(("app", "other")))).unwrap_err().code, "AccessDeniedException");
    assert_eq!(call!(w, Encrypt, with_ctx(None)).unwrap_err().code, "AccessDeniedException");
    assert_eq!(encrypt(&mut w, &id).unwrap_err().code, "AccessDeniedException");
    let mut bad_token = with_ctx(Some(("app", "billing")));
    bad_token.grant_tokens = vec!["nope".into()];
    assert_eq!(call!(w, Encrypt, bad_token).unwrap_err().code, "InvalidGrantTokenException");
    assert_eq!(
        call!(w, DescribeKey, DescribeKeyRequest { key_id: id.clone(), ..Default::default() }).unwrap_err().code,
        "AccessDeniedException",
        "the grant does not include DescribeKey"
    );

    w.kms.caller = DEFAULT_CALLER.into();
    let listed = call!(w, ListGrants, ListGrantsRequest { key_id: id.clone(), ..Default::default() }).unwrap();
    assert_eq!(listed.grants.len(), 1);
    assert_eq!(listed.grants[0].grantee_principal, role);
    let retirable = call!(
        w,
        ListRetirableGrants,
        ListRetirableGrantsRequest { retiring_principal: ALICE.into(), ..Default::default() }
    )
    .unwrap();
    assert_eq!(retirable.grants.len(), 1);
    // Bob may not retire it; alice (the retiring principal) may.
    w.kms.caller = BOB.into();
    let retire = RetireGrantRequest { grant_token: Some(grant.grant_token.clone()), ..Default::default() };
    assert_eq!(call!(w, RetireGrant, retire.clone()).unwrap_err().code, "AccessDeniedException");
    w.kms.caller = ALICE.into();
    call!(w, RetireGrant, retire.clone()).unwrap();
    assert_eq!(call!(w, RetireGrant, retire).unwrap_err().code, "InvalidGrantTokenException");
    w.kms.caller = role.into();
    assert_eq!(call!(w, Encrypt, with_ctx(Some(("app", "billing")))).unwrap_err().code, "InvalidGrantTokenException");

    // RevokeGrant by the key administrator.
    w.kms.caller = DEFAULT_CALLER.into();
    let g2 = call!(
        w,
        CreateGrant,
        CreateGrantRequest {
            key_id: id.clone(),
            grantee_principal: Some(role.into()),
            operations: vec![GrantOperation::Encrypt],
            ..Default::default()
        }
    )
    .unwrap();
    call!(w, RevokeGrant, RevokeGrantRequest { key_id: id.clone(), grant_id: g2.grant_id.clone(), dry_run: None })
        .unwrap();
    assert_eq!(
        call!(w, RevokeGrant, RevokeGrantRequest { key_id: id.clone(), grant_id: g2.grant_id, dry_run: None })
            .unwrap_err()
            .code,
        "NotFoundException"
    );
    w.kms.caller = role.into();
    assert_eq!(encrypt(&mut w, &id).unwrap_err().code, "AccessDeniedException");
}

#[test]
fn aws_managed_keys_are_created_on_first_describe_and_cannot_be_managed() {
    let mut w = World::new(5);
    assert_eq!(
        call!(w, DescribeKey, DescribeKeyRequest { key_id: "alias/aws/nosuch".into(), ..Default::default() })
            .unwrap_err()
            .code,
        "NotFoundException"
    );
    let m = call!(w, DescribeKey, DescribeKeyRequest { key_id: "alias/aws/s3".into(), ..Default::default() })
        .unwrap()
        .key_metadata;
    assert_eq!(m.key_manager, KeyManager::Aws);
    assert!(m.description.contains("S3"));
    let again = call!(w, DescribeKey, DescribeKeyRequest { key_id: "alias/aws/s3".into(), ..Default::default() })
        .unwrap()
        .key_metadata;
    assert_eq!(again.key_id, m.key_id, "created once");
    let id = m.key_id.clone();
    // Direct use and every management change are denied by its policy, as in AWS.
    assert_eq!(encrypt(&mut w, "alias/aws/s3").unwrap_err().code, "AccessDeniedException");
    assert_eq!(call!(w, DisableKey, KeyIdRequest { key_id: id.clone() }).unwrap_err().code, "AccessDeniedException");
    assert_eq!(
        call!(w, ScheduleKeyDeletion, ScheduleKeyDeletionRequest { key_id: id.clone(), pending_window_in_days: None })
            .unwrap_err()
            .code,
        "AccessDeniedException"
    );
    assert_eq!(
        call!(
            w,
            PutKeyPolicy,
            PutKeyPolicyRequest { key_id: id.clone(), policy: policy_denying_bob_decrypt(), ..Default::default() }
        )
        .unwrap_err()
        .code,
        "AccessDeniedException"
    );
    assert_eq!(
        call!(w, DisableKeyRotation, KeyIdRequest { key_id: id.clone() }).unwrap_err().code,
        "AccessDeniedException"
    );
    let mine = symmetric(&mut w);
    assert_eq!(
        call!(w, UpdateAlias, UpdateAliasRequest { alias_name: "alias/aws/s3".into(), target_key_id: mine })
            .unwrap_err()
            .code,
        "AccessDeniedException"
    );
    // Reading is allowed, and it rotates every year on its own.
    let status = call!(w, GetKeyRotationStatus, KeyIdRequest { key_id: id.clone() }).unwrap();
    assert!(status.key_rotation_enabled);
    assert_eq!(status.rotation_period_in_days, Some(365));
    w.advance(SimDuration::days(365));
    let rotations = call!(w, ListKeyRotations, ListKeyRotationsRequest { key_id: id, ..Default::default() }).unwrap();
    assert_eq!(rotations.rotations.len(), 1);
}
