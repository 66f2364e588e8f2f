//! S3 SSE-KMS wired to KMS: bucket default encryption with the AWS managed key `aws/s3` or a
//! customer key, per-object data keys (envelope encryption), and the errors S3 gives when the
//! KMS key is disabled, pending deletion, deleted or denied.

use nimbus_sim::services::kms::{self, KmsRequest, KmsResponse};
use nimbus_sim::services::s3::model::ObjectVersion;
use nimbus_sim::services::s3::*;
use nimbus_sim::{ApiError, Bytes, Outcome, Request, Response, SimDuration, World};

macro_rules! s3 {
    ($w:expr, $Op:ident, $req:expr) => {
        match $w.call(Request::S3(S3Request::$Op($req))) {
            Ok(Response::S3(S3Response::$Op(out))) => Ok(out),
            Ok(other) => panic!("unexpected response {other:?}"),
            Err(e) => Err::<_, ApiError>(e),
        }
    };
}

macro_rules! kms {
    ($w:expr, $Op:ident, $req:expr) => {
        match $w.call(Request::Kms(KmsRequest::$Op($req))) {
            Ok(Response::Kms(KmsResponse::$Op(out))) => Ok(out),
            Ok(other) => panic!("unexpected response {other:?}"),
            Err(e) => Err::<_, ApiError>(e),
        }
    };
}

const B: &str = "vault";

fn setup() -> World {
    let mut w = World::new(11);
    s3!(w, CreateBucket, CreateBucketRequest { bucket: B.into(), ..Default::default() }).unwrap();
    w
}

fn customer_key(w: &mut World) -> kms::KeyMetadata {
    kms!(w, CreateKey, kms::CreateKeyRequest::default()).unwrap().key_metadata
}

fn default_kms(w: &mut World, key: Option<&str>, bucket_key: bool) {
    s3!(
        w,
        PutBucketEncryption,
        PutBucketEncryptionRequest {
            bucket: B.into(),
            server_side_encryption_configuration: ServerSideEncryptionConfiguration {
                rules: vec![ServerSideEncryptionRule {
                    apply_server_side_encryption_by_default: Some(ServerSideEncryptionByDefault {
                        sse_algorithm: "aws:kms".into(),
                        kms_master_key_id: key.map(String::from),
                    }),
                    bucket_key_enabled: Some(bucket_key),
                }],
            },
        }
    )
    .unwrap();
}

fn put(w: &mut World, key: &str, body: &str) -> Result<PutObjectOutput, ApiError> {
    s3!(
        w,
        PutObject,
        PutObjectRequest { bucket: B.into(), key: key.into(), body: Bytes::from(body), ..Default::default() }
    )
}

fn get(w: &mut World, key: &str) -> Result<GetObjectOutput, ApiError> {
    s3!(w, GetObject, GetObjectRequest { bucket: B.into(), key: key.into(), ..Default::default() })
}

fn stored(w: &World, key: &str) -> ObjectVersion {
    w.s3.buckets[B].current(key).unwrap().clone()
}

fn alias_target(w: &mut World, alias: &str) -> Option<String> {
    let out = kms!(w, ListAliases, Default::default()).unwrap();
    out.aliases.into_iter().find(|a| a.alias_name == alias).map(|a| a.target_key_id)
}

#[test]
fn default_aws_kms_without_a_key_uses_the_aws_managed_key_created_on_first_use() {
    let mut w = setup();
    default_kms(&mut w, None, false);
    assert_eq!(alias_target(&mut w, "alias/aws/s3"), None, "aws/s3 does not exist before S3 needs it");
    let out = put(&mut w, "a.txt", "attack at dawn").unwrap();
    let managed = alias_target(&mut w, "alias/aws/s3").expect("aws/s3 created by the first SSE-KMS write");
    let arn = format!("arn:aws:kms:us-east-1:123456789012:key/{managed}");
    assert_eq!(out.server_side_encryption.as_deref(), Some("aws:kms"));
    assert_eq!(out.sse_kms_key_id.as_deref(), Some(arn.as_str()));
    let json = Response::S3(S3Response::PutObject(out)).output_json();
    assert_eq!(json["SSEKMSKeyId"], arn);
    assert!(json.get("BucketKeyEnabled").is_none());

    // The same managed key serves the next object; it is AWS managed.
    put(&mut w, "b.txt", "second").unwrap();
    assert_eq!(alias_target(&mut w, "alias/aws/s3").as_deref(), Some(managed.as_str()));
    let meta = kms!(w, DescribeKey, kms::DescribeKeyRequest { key_id: managed.clone(), ..Default::default() })
        .unwrap()
        .key_metadata;
    assert_eq!(meta.key_manager, kms::model::KeyManager::Aws);

    let got = get(&mut w, "a.txt").unwrap();
    assert_eq!(got.body, Bytes::from("attack at dawn"));
    assert_eq!(got.content_length, 14);
    assert_eq!(got.sse_kms_key_id.as_deref(), Some(arn.as_str()));
}

#[test]
fn the_body_is_really_encrypted_with_a_data_key_per_object() {
    let mut w = setup();
    let key = customer_key(&mut w);
    default_kms(&mut w, Some(&key.key_id), false);
    put(&mut w, "one", "same plaintext").unwrap();
    put(&mut w, "two", "same plaintext").unwrap();
    let (one, two) = (stored(&w, "one"), stored(&w, "two"));
    assert_ne!(one.body, Bytes::from("same plaintext"), "the stored body is ciphertext");
    assert_ne!(one.body, two.body, "each object has its own data key and IV");
    let (e1, e2) = (one.kms.clone().unwrap(), two.kms.clone().unwrap());
    assert_ne!(e1.encrypted_data_key, e2.encrypted_data_key);
    assert_eq!(e1.encryption_context["aws:s3:arn"], "arn:aws:s3:::vault/one");
    assert_eq!(e1.size, 14);
    assert_eq!(one.etag, two.etag, "the ETag is still the MD5 of the object");
    // The stored data key is a KMS ciphertext blob under the customer key: Decrypt gives the
    // data key back only with the same encryption context.
    let e =
        kms!(w, Decrypt, kms::DecryptRequest { ciphertext_blob: e1.encrypted_data_key.clone(), ..Default::default() })
            .unwrap_err();
    assert_eq!(e.code, "InvalidCiphertextException");
    let dk = kms!(
        w,
        Decrypt,
        kms::DecryptRequest {
            ciphertext_blob: e1.encrypted_data_key.clone(),
            encryption_context: Some(e1.encryption_context.clone()),
            ..Default::default()
        }
    )
    .unwrap();
    assert_eq!(dk.plaintext.len(), 32);
    assert_eq!(dk.key_id, key.arn);
    // Listing and HeadObject report the plaintext size.
    let head =
        s3!(w, HeadObject, HeadObjectRequest { bucket: B.into(), key: "one".into(), ..Default::default() }).unwrap();
    assert_eq!(head.content_length, 14);
    assert_eq!(head.sse_kms_key_id.as_deref(), Some(key.arn.as_str()));
    let list = s3!(w, ListObjectsV2, ListObjectsV2Request { bucket: B.into(), ..Default::default() }).unwrap();
    assert!(list.contents.iter().all(|o| o.size == 14));
}

#[test]
fn a_customer_key_by_id_arn_or_alias_is_recorded_by_its_arn() {
    let mut w = setup();
    let key = customer_key(&mut w);
    kms!(
        w,
        CreateAlias,
        kms::CreateAliasRequest { alias_name: "alias/vault".into(), target_key_id: key.key_id.clone() }
    )
    .unwrap();
    for named in [key.key_id.clone(), key.arn.clone(), "alias/vault".to_string()] {
        let out = s3!(
            w,
            PutObject,
            PutObjectRequest {
                bucket: B.into(),
                key: "x".into(),
                body: Bytes::from("x"),
                server_side_encryption: Some("aws:kms".into()),
                sse_kms_key_id: Some(named.clone()),
                ..Default::default()
            }
        )
        .unwrap();
        assert_eq!(out.sse_kms_key_id.as_deref(), Some(key.arn.as_str()), "named as {named}");
        assert_eq!(get(&mut w, "x").unwrap().body, Bytes::from("x"));
    }
}

#[test]
fn an_explicit_aws_kms_request_without_a_key_uses_aws_s3_not_the_bucket_key() {
    let mut w = setup();
    let key = customer_key(&mut w);
    default_kms(&mut w, Some(&key.arn), false);
    let out = s3!(
        w,
        PutObject,
        PutObjectRequest {
            bucket: B.into(),
            key: "x".into(),
            body: Bytes::from("x"),
            server_side_encryption: Some("aws:kms".into()),
            ..Default::default()
        }
    )
    .unwrap();
    let managed = alias_target(&mut w, "alias/aws/s3").unwrap();
    assert!(out.sse_kms_key_id.unwrap().ends_with(&managed));
    // Without the header, the bucket's key applies.
    assert_eq!(put(&mut w, "y", "y").unwrap().sse_kms_key_id.as_deref(), Some(key.arn.as_str()));
}

#[test]
fn encryption_context_and_bucket_key_are_used_and_echoed() {
    let mut w = setup();
    let key = customer_key(&mut w);
    default_kms(&mut w, Some(&key.key_id), true);
    use base64::Engine;
    let ctx = base64::engine::general_purpose::STANDARD.encode(r#"{"project":"apollo"}"#);
    let out = s3!(
        w,
        PutObject,
        PutObjectRequest {
            bucket: B.into(),
            key: "ctx".into(),
            body: Bytes::from("hello"),
            sse_kms_encryption_context: Some(ctx),
            ..Default::default()
        }
    )
    .unwrap();
    assert_eq!(out.bucket_key_enabled, Some(true));
    let json = Response::S3(S3Response::PutObject(out)).output_json();
    assert_eq!(json["BucketKeyEnabled"], true);
    let env = stored(&w, "ctx").kms.unwrap();
    assert_eq!(env.encryption_context["project"], "apollo");
    assert_eq!(env.encryption_context["aws:s3:arn"], "arn:aws:s3:::vault", "a bucket key uses the bucket ARN");
    let got = get(&mut w, "ctx").unwrap();
    assert_eq!((got.body, got.bucket_key_enabled), (Bytes::from("hello"), Some(true)));

    let bad = s3!(
        w,
        PutObject,
        PutObjectRequest {
            bucket: B.into(),
            key: "bad".into(),
            sse_kms_encryption_context: Some("not base64 json".into()),
            ..Default::default()
        }
    )
    .unwrap_err();
    assert_eq!(bad.code, "InvalidArgument");
}

#[test]
fn a_disabled_key_makes_get_and_put_fail_with_kms_disabled_exception() {
    let mut w = setup();
    let key = customer_key(&mut w);
    default_kms(&mut w, Some(&key.key_id), false);
    put(&mut w, "doc", "classified").unwrap();
    kms!(w, DisableKey, kms::KeyIdRequest { key_id: key.key_id.clone() }).unwrap();

    let e = get(&mut w, "doc").unwrap_err();
    assert_eq!((e.code.as_str(), e.status), ("KMS.DisabledException", 400));
    assert_eq!(e.message, format!("{} is disabled.", key.arn));
    let event = w.trail().last().unwrap();
    assert!(matches!(&event.outcome, Outcome::Error { code, .. } if code == "KMS.DisabledException"));
    assert!(event.why.contains("SSE-KMS") && event.why.contains("Disabled"), "{}", event.why);
    assert!(event.resources.contains(&key.arn));

    let e = put(&mut w, "new", "x").unwrap_err();
    assert_eq!(e.code, "KMS.DisabledException");
    assert!(w.s3.buckets[B].current("new").is_none(), "a refused write stores nothing");
    // HeadObject reads only metadata, so it still works.
    s3!(w, HeadObject, HeadObjectRequest { bucket: B.into(), key: "doc".into(), ..Default::default() }).unwrap();

    kms!(w, EnableKey, kms::KeyIdRequest { key_id: key.key_id.clone() }).unwrap();
    assert_eq!(get(&mut w, "doc").unwrap().body, Bytes::from("classified"));
}

#[test]
fn a_key_pending_deletion_then_deleted_makes_get_fail() {
    let mut w = setup();
    let key = customer_key(&mut w);
    default_kms(&mut w, Some(&key.key_id), false);
    put(&mut w, "doc", "classified").unwrap();
    kms!(
        w,
        ScheduleKeyDeletion,
        kms::ScheduleKeyDeletionRequest { key_id: key.key_id.clone(), pending_window_in_days: Some(7) }
    )
    .unwrap();
    let e = get(&mut w, "doc").unwrap_err();
    assert_eq!((e.code.as_str(), e.status), ("KMS.KMSInvalidStateException", 400));
    assert_eq!(e.message, format!("{} is pending deletion.", key.arn));
    assert!(w.trail().last().unwrap().why.contains("PendingDeletion"));
    assert_eq!(put(&mut w, "new", "x").unwrap_err().code, "KMS.KMSInvalidStateException");

    // Rescue: cancel (the key comes back Disabled), enable, read again.
    kms!(w, CancelKeyDeletion, kms::KeyIdRequest { key_id: key.key_id.clone() }).unwrap();
    assert_eq!(get(&mut w, "doc").unwrap_err().code, "KMS.DisabledException");
    kms!(w, EnableKey, kms::KeyIdRequest { key_id: key.key_id.clone() }).unwrap();
    assert_eq!(get(&mut w, "doc").unwrap().body, Bytes::from("classified"));

    // Deleted for good: the object can never be read again.
    kms!(
        w,
        ScheduleKeyDeletion,
        kms::ScheduleKeyDeletionRequest { key_id: key.key_id.clone(), pending_window_in_days: Some(7) }
    )
    .unwrap();
    w.advance(SimDuration::days(8));
    let e = get(&mut w, "doc").unwrap_err();
    assert_eq!(e.code, "KMS.NotFoundException");
}

#[test]
fn a_missing_key_fails_the_write_with_kms_not_found() {
    let mut w = setup();
    default_kms(&mut w, Some("1234abcd-12ab-34cd-56ef-1234567890ab"), false);
    let e = put(&mut w, "x", "x").unwrap_err();
    assert_eq!((e.code.as_str(), e.status), ("KMS.NotFoundException", 400));
    // A key in another Region is not usable by a us-east-1 bucket.
    let other = kms!(w, CreateKey, kms::CreateKeyRequest::default());
    let arn = other.unwrap().key_metadata.arn.replace("us-east-1", "eu-west-1");
    default_kms(&mut w, Some(&arn), false);
    assert_eq!(put(&mut w, "x", "x").unwrap_err().code, "KMS.NotFoundException");
}

#[test]
fn a_key_policy_that_denies_the_caller_gives_access_denied() {
    let mut w = setup();
    let key = customer_key(&mut w);
    default_kms(&mut w, Some(&key.key_id), false);
    put(&mut w, "doc", "x").unwrap();
    let policy = r#"{"Version": "2012-10-17", "Statement": [
        {"Sid": "Admin", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
         "Action": "kms:*", "Resource": "*"},
        {"Sid": "NoDecryptForInterns", "Effect": "Deny",
         "Principal": {"AWS": "arn:aws:iam::123456789012:user/intern"}, "Action": "kms:Decrypt", "Resource": "*"}]}"#;
    kms!(
        w,
        PutKeyPolicy,
        kms::PutKeyPolicyRequest { key_id: key.key_id.clone(), policy: policy.into(), ..Default::default() }
    )
    .unwrap();
    w.kms.caller = "arn:aws:iam::123456789012:user/intern".into();
    let e = get(&mut w, "doc").unwrap_err();
    assert_eq!((e.code.as_str(), e.status), ("AccessDenied", 403));
    assert!(e.message.contains("kms:Decrypt"), "{}", e.message);
}

#[test]
fn old_objects_still_decrypt_after_rotation_and_copy_reencrypts() {
    let mut w = setup();
    let key = customer_key(&mut w);
    let other = customer_key(&mut w);
    default_kms(&mut w, Some(&key.key_id), false);
    put(&mut w, "doc", "before rotation").unwrap();
    kms!(w, RotateKeyOnDemand, kms::RotateKeyOnDemandRequest { key_id: key.key_id.clone() }).unwrap();
    put(&mut w, "doc2", "after rotation").unwrap();
    assert_eq!(get(&mut w, "doc").unwrap().body, Bytes::from("before rotation"));
    assert_eq!(get(&mut w, "doc2").unwrap().body, Bytes::from("after rotation"));

    let out = s3!(
        w,
        CopyObject,
        CopyObjectRequest {
            bucket: B.into(),
            key: "copy".into(),
            copy_source: format!("{B}/doc"),
            server_side_encryption: Some("aws:kms".into()),
            sse_kms_key_id: Some(other.key_id.clone()),
            ..Default::default()
        }
    )
    .unwrap();
    assert_eq!(out.sse_kms_key_id.as_deref(), Some(other.arn.as_str()));
    kms!(w, DisableKey, kms::KeyIdRequest { key_id: key.key_id.clone() }).unwrap();
    assert_eq!(get(&mut w, "copy").unwrap().body, Bytes::from("before rotation"), "the copy uses the other key");
    // Copying needs the source readable.
    let e = s3!(
        w,
        CopyObject,
        CopyObjectRequest {
            bucket: B.into(),
            key: "copy2".into(),
            copy_source: format!("{B}/doc"),
            ..Default::default()
        }
    )
    .unwrap_err();
    assert_eq!(e.code, "KMS.DisabledException");
}

#[test]
fn sse_s3_objects_are_untouched_and_a_saved_world_still_decrypts() {
    let mut w = setup();
    put(&mut w, "plain", "hello").unwrap();
    assert_eq!(stored(&w, "plain").body, Bytes::from("hello"));
    assert!(stored(&w, "plain").kms.is_none());
    default_kms(&mut w, None, false);
    put(&mut w, "secret", "hidden").unwrap();
    let mut restored = World::from_json(&w.to_json()).unwrap();
    assert_eq!(get(&mut restored, "secret").unwrap().body, Bytes::from("hidden"));
}
