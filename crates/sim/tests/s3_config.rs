//! S3 bucket settings through `World::call`: default encryption, policies, website
//! configuration, tags and GetBucketLocation, with each error S3 gives.

use nimbus_sim::services::s3::*;
use nimbus_sim::{ApiError, Bytes, Request, Response, World};

#[allow(unreachable_patterns)]
fn call(w: &mut World, r: S3Request) -> Result<S3Response, ApiError> {
    w.call(Request::S3(r)).map(|resp| match resp {
        Response::S3(r) => r,
        other => panic!("not an S3 response: {other:?}"),
    })
}

macro_rules! ok {
    ($w:expr, $Op:ident, $input:expr) => {
        match call($w, S3Request::$Op($input)) {
            Ok(S3Response::$Op(out)) => out,
            other => panic!("{} failed: {other:?}", stringify!($Op)),
        }
    };
}

macro_rules! err {
    ($w:expr, $Op:ident, $input:expr) => {
        call($w, S3Request::$Op($input)).expect_err(concat!(stringify!($Op), " should fail"))
    };
}

const B: &str = "settings";

fn setup() -> World {
    let mut w = World::new(3);
    ok!(&mut w, CreateBucket, CreateBucketRequest { bucket: B.into(), ..Default::default() });
    w
}

fn encryption(algorithm: &str, key: Option<&str>, bucket_key: Option<bool>) -> PutBucketEncryptionRequest {
    PutBucketEncryptionRequest {
        bucket: B.into(),
        server_side_encryption_configuration: ServerSideEncryptionConfiguration {
            rules: vec![ServerSideEncryptionRule {
                apply_server_side_encryption_by_default: Some(ServerSideEncryptionByDefault {
                    sse_algorithm: algorithm.into(),
                    kms_master_key_id: key.map(String::from),
                }),
                bucket_key_enabled: bucket_key,
            }],
        },
    }
}

#[test]
fn every_bucket_starts_with_sse_s3() {
    let mut w = setup();
    let out = ok!(&mut w, GetBucketEncryption, GetBucketEncryptionRequest { bucket: B.into() });
    let json = Response::S3(S3Response::GetBucketEncryption(out)).output_json();
    assert_eq!(
        json,
        serde_json::json!({"ServerSideEncryptionConfiguration": {"Rules": [
            {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": false}
        ]}})
    );
    assert!(w.trail().last().unwrap().why.contains("2023"));
}

#[test]
fn kms_default_encryption_is_recorded_and_applied_to_new_objects() {
    let mut w = setup();
    // With the kms feature the key must exist: S3 asks KMS for a data key under it.
    let created =
        w.call(Request::Kms(nimbus_sim::services::kms::KmsRequest::CreateKey(Default::default()))).expect("CreateKey");
    let Response::Kms(nimbus_sim::services::kms::KmsResponse::CreateKey(created)) = created else { panic!() };
    let key = created.key_metadata.arn.as_str();
    ok!(&mut w, PutBucketEncryption, encryption("aws:kms", Some(key), Some(true)));
    let out = ok!(&mut w, GetBucketEncryption, GetBucketEncryptionRequest { bucket: B.into() });
    let rule = &out.server_side_encryption_configuration.rules[0];
    let by_default = rule.apply_server_side_encryption_by_default.as_ref().unwrap();
    assert_eq!((by_default.sse_algorithm.as_str(), by_default.kms_master_key_id.as_deref()), ("aws:kms", Some(key)));
    assert_eq!(rule.bucket_key_enabled, Some(true));

    let put = ok!(
        &mut w,
        PutObject,
        PutObjectRequest { bucket: B.into(), key: "secret".into(), body: Bytes::from("s"), ..Default::default() }
    );
    assert_eq!(put.server_side_encryption.as_deref(), Some("aws:kms"));
    assert_eq!(put.sse_kms_key_id.as_deref(), Some(key));
    let json = Response::S3(S3Response::PutObject(put)).output_json();
    assert_eq!(json["SSEKMSKeyId"], key);

    ok!(&mut w, DeleteBucketEncryption, DeleteBucketEncryptionRequest { bucket: B.into() });
    let out = ok!(&mut w, GetBucketEncryption, GetBucketEncryptionRequest { bucket: B.into() });
    let rule = out.server_side_encryption_configuration.rules[0].apply_server_side_encryption_by_default.clone();
    assert_eq!(rule.unwrap().sse_algorithm, "AES256", "deleting the rule goes back to SSE-S3");
    let put = ok!(&mut w, PutObject, PutObjectRequest { bucket: B.into(), key: "plain".into(), ..Default::default() });
    assert_eq!(put.server_side_encryption.as_deref(), Some("AES256"));
}

#[test]
fn bad_encryption_rules_are_refused() {
    let mut w = setup();
    assert_eq!(err!(&mut w, PutBucketEncryption, encryption("DES", None, None)).code, "MalformedXML");
    let e = err!(&mut w, PutBucketEncryption, encryption("AES256", Some("some-key"), None));
    assert_eq!((e.code.as_str(), e.status), ("InvalidArgument", 400));
    let mut empty = encryption("AES256", None, None);
    empty.server_side_encryption_configuration.rules.clear();
    assert_eq!(err!(&mut w, PutBucketEncryption, empty).code, "MalformedXML");
    let mut nobucket = encryption("AES256", None, None);
    nobucket.bucket = "nope".into();
    assert_eq!(err!(&mut w, PutBucketEncryption, nobucket).code, "NoSuchBucket");
    let e = err!(
        &mut w,
        PutObject,
        PutObjectRequest {
            bucket: B.into(),
            key: "k".into(),
            server_side_encryption: Some("rot13".into()),
            ..Default::default()
        }
    );
    assert_eq!(e.code, "InvalidArgument");
}

const PUBLIC: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::settings/*"}]}"#;

#[test]
fn bucket_policy_put_get_delete() {
    let mut w = setup();
    let e = err!(&mut w, GetBucketPolicy, GetBucketPolicyRequest { bucket: B.into() });
    assert_eq!(
        (e.code.as_str(), e.status, e.message.as_str()),
        ("NoSuchBucketPolicy", 404, "The bucket policy does not exist")
    );
    ok!(&mut w, PutPublicAccessBlock, PutPublicAccessBlockRequest { bucket: B.into(), ..Default::default() });
    ok!(&mut w, PutBucketPolicy, PutBucketPolicyRequest { bucket: B.into(), policy: PUBLIC.into() });
    assert!(w.trail().last().unwrap().why.contains("public"), "{}", w.trail().last().unwrap().why);
    let got = ok!(&mut w, GetBucketPolicy, GetBucketPolicyRequest { bucket: B.into() });
    assert_eq!(got.policy, PUBLIC);
    ok!(&mut w, DeleteBucketPolicy, DeleteBucketPolicyRequest { bucket: B.into() });
    assert_eq!(err!(&mut w, GetBucketPolicy, GetBucketPolicyRequest { bucket: B.into() }).code, "NoSuchBucketPolicy");
    // Deleting a policy that is not there still succeeds.
    ok!(&mut w, DeleteBucketPolicy, DeleteBucketPolicyRequest { bucket: B.into() });
}

#[test]
fn malformed_policies_are_refused_with_the_reason() {
    let mut w = setup();
    for (policy, message) in [
        ("not json", "This policy contains invalid Json"),
        (r#"{"Version":"2012-10-17"}"#, "Missing required field Statement"),
        (&PUBLIC.replace("settings/*", "settings"), "Action does not apply to any resource(s) in statement"),
        (&PUBLIC.replace("settings/*", "someone-else/*"), "Policy has invalid resource"),
    ] {
        let e = err!(&mut w, PutBucketPolicy, PutBucketPolicyRequest { bucket: B.into(), policy: policy.to_string() });
        assert_eq!((e.code.as_str(), e.status, e.message.as_str()), ("MalformedPolicy", 400, message));
        assert!(w.trail().last().unwrap().why.contains(message));
    }
    assert!(w.s3.buckets[B].policy.is_none(), "a refused policy changes nothing");
}

fn website(index: Option<&str>, error: Option<&str>) -> PutBucketWebsiteRequest {
    PutBucketWebsiteRequest {
        bucket: B.into(),
        website_configuration: WebsiteConfiguration {
            index_document: index.map(|s| IndexDocument { suffix: s.into() }),
            error_document: error.map(|k| ErrorDocument { key: k.into() }),
            redirect_all_requests_to: None,
        },
    }
}

#[test]
fn website_configuration_put_get_delete() {
    let mut w = setup();
    let e = err!(&mut w, GetBucketWebsite, GetBucketWebsiteRequest { bucket: B.into() });
    assert_eq!((e.code.as_str(), e.status), ("NoSuchWebsiteConfiguration", 404));
    ok!(&mut w, PutBucketWebsite, website(Some("index.html"), Some("error.html")));
    let event = w.trail().last().unwrap();
    assert!(event.why.contains("settings.s3-website-us-east-1.amazonaws.com"), "{}", event.why);
    let got = ok!(&mut w, GetBucketWebsite, GetBucketWebsiteRequest { bucket: B.into() });
    assert_eq!(
        Response::S3(S3Response::GetBucketWebsite(got)).output_json(),
        serde_json::json!({"IndexDocument": {"Suffix": "index.html"}, "ErrorDocument": {"Key": "error.html"}})
    );
    ok!(&mut w, DeleteBucketWebsite, DeleteBucketWebsiteRequest { bucket: B.into() });
    assert_eq!(
        err!(&mut w, GetBucketWebsite, GetBucketWebsiteRequest { bucket: B.into() }).code,
        "NoSuchWebsiteConfiguration"
    );

    let redirect = PutBucketWebsiteRequest {
        bucket: B.into(),
        website_configuration: WebsiteConfiguration {
            redirect_all_requests_to: Some(RedirectAllRequestsTo {
                host_name: "example.com".into(),
                protocol: Some("https".into()),
            }),
            ..Default::default()
        },
    };
    ok!(&mut w, PutBucketWebsite, redirect);
    let got = ok!(&mut w, GetBucketWebsite, GetBucketWebsiteRequest { bucket: B.into() });
    assert_eq!(got.redirect_all_requests_to.unwrap().host_name, "example.com");
}

#[test]
fn website_configuration_errors() {
    let mut w = setup();
    for bad in [website(Some(""), None), website(Some("pages/index.html"), None), website(None, Some("e.html"))] {
        let e = err!(&mut w, PutBucketWebsite, bad);
        assert_eq!((e.code.as_str(), e.status), ("InvalidArgument", 400));
    }
    let both = PutBucketWebsiteRequest {
        bucket: B.into(),
        website_configuration: WebsiteConfiguration {
            index_document: Some(IndexDocument { suffix: "index.html".into() }),
            redirect_all_requests_to: Some(RedirectAllRequestsTo { host_name: "x.com".into(), protocol: None }),
            ..Default::default()
        },
    };
    assert_eq!(err!(&mut w, PutBucketWebsite, both).code, "InvalidArgument");
    let ftp = PutBucketWebsiteRequest {
        bucket: B.into(),
        website_configuration: WebsiteConfiguration {
            redirect_all_requests_to: Some(RedirectAllRequestsTo {
                host_name: "x.com".into(),
                protocol: Some("ftp".into()),
            }),
            ..Default::default()
        },
    };
    assert_eq!(err!(&mut w, PutBucketWebsite, ftp).code, "InvalidArgument");
    let mut nobucket = website(Some("index.html"), None);
    nobucket.bucket = "nope".into();
    assert_eq!(err!(&mut w, PutBucketWebsite, nobucket).code, "NoSuchBucket");
}

fn tagging(tags: &[(&str, &str)]) -> PutBucketTaggingRequest {
    PutBucketTaggingRequest {
        bucket: B.into(),
        tagging: Tagging {
            tag_set: tags.iter().map(|(k, v)| Tag { key: k.to_string(), value: v.to_string() }).collect(),
        },
    }
}

#[test]
fn bucket_tags_put_get_replace_delete() {
    let mut w = setup();
    let e = err!(&mut w, GetBucketTagging, GetBucketTaggingRequest { bucket: B.into() });
    assert_eq!((e.code.as_str(), e.status, e.message.as_str()), ("NoSuchTagSet", 404, "The TagSet does not exist"));
    ok!(&mut w, PutBucketTagging, tagging(&[("env", "prod"), ("team", "web")]));
    let got = ok!(&mut w, GetBucketTagging, GetBucketTaggingRequest { bucket: B.into() });
    assert_eq!(
        got.tag_set,
        vec![Tag { key: "env".into(), value: "prod".into() }, Tag { key: "team".into(), value: "web".into() }]
    );
    ok!(&mut w, PutBucketTagging, tagging(&[("env", "dev")]));
    let got = ok!(&mut w, GetBucketTagging, GetBucketTaggingRequest { bucket: B.into() });
    assert_eq!(got.tag_set.len(), 1, "PutBucketTagging replaces the whole set");
    ok!(&mut w, DeleteBucketTagging, DeleteBucketTaggingRequest { bucket: B.into() });
    assert_eq!(err!(&mut w, GetBucketTagging, GetBucketTaggingRequest { bucket: B.into() }).code, "NoSuchTagSet");
}

#[test]
fn bucket_tag_limits() {
    let mut w = setup();
    let long_key = "k".repeat(129);
    let long_value = "v".repeat(257);
    let fifty_one: Vec<(String, String)> = (0..51).map(|i| (format!("k{i}"), "v".to_string())).collect();
    let fifty_one: Vec<(&str, &str)> = fifty_one.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    for bad in [
        tagging(&[("env", "a"), ("env", "b")]),
        tagging(&[(long_key.as_str(), "v")]),
        tagging(&[("k", long_value.as_str())]),
        tagging(&fifty_one),
    ] {
        let e = err!(&mut w, PutBucketTagging, bad);
        assert_eq!((e.code.as_str(), e.status), ("InvalidTag", 400));
    }
    ok!(&mut w, PutBucketTagging, tagging(&fifty_one[..50]));
    assert_eq!(w.s3.buckets[B].tags.len(), 50);
}

#[test]
fn bucket_location_is_null_in_us_east_1() {
    let mut w = setup();
    let out = ok!(&mut w, GetBucketLocation, GetBucketLocationRequest { bucket: B.into() });
    assert_eq!(
        Response::S3(S3Response::GetBucketLocation(out)).output_json(),
        serde_json::json!({"LocationConstraint": null})
    );
    let eu = CreateBucketRequest {
        bucket: "euro-data".into(),
        create_bucket_configuration: Some(CreateBucketConfiguration { location_constraint: Some("eu-west-2".into()) }),
    };
    w.call_in("eu-west-2", Request::S3(S3Request::CreateBucket(eu))).unwrap();
    let out = ok!(&mut w, GetBucketLocation, GetBucketLocationRequest { bucket: "euro-data".into() });
    assert_eq!(out.location_constraint.as_deref(), Some("eu-west-2"));
    assert_eq!(
        err!(&mut w, GetBucketLocation, GetBucketLocationRequest { bucket: "nope".into() }).code,
        "NoSuchBucket"
    );
    let head = ok!(&mut w, HeadBucket, HeadBucketRequest { bucket: "euro-data".into() });
    assert_eq!((head.bucket_region.as_str(), head.access_point_alias), ("eu-west-2", false));
}

#[test]
fn block_public_access_is_on_for_new_buckets_and_refuses_public_policies() {
    let mut w = setup();
    let got = ok!(&mut w, GetPublicAccessBlock, GetPublicAccessBlockRequest { bucket: B.into() });
    let c = got.public_access_block_configuration;
    assert!(c.block_public_acls && c.ignore_public_acls && c.block_public_policy && c.restrict_public_buckets);
    let e = err!(&mut w, PutBucketPolicy, PutBucketPolicyRequest { bucket: B.into(), policy: PUBLIC.into() });
    assert_eq!((e.code.as_str(), e.status), ("AccessDenied", 403));
    assert!(w.trail().last().unwrap().why.contains("BlockPublicPolicy"), "{}", w.trail().last().unwrap().why);
    assert!(w.s3.buckets[B].policy.is_none());
    // A policy that grants nothing to the public is still accepted.
    let private = PUBLIC.replace(r#""Principal":"*""#, r#""Principal":{"AWS":"arn:aws:iam::123456789012:root"}"#);
    ok!(&mut w, PutBucketPolicy, PutBucketPolicyRequest { bucket: B.into(), policy: private });
}

#[test]
fn public_access_block_put_get_delete() {
    let mut w = setup();
    let only_policy = PublicAccessBlockConfiguration { block_public_policy: true, ..Default::default() };
    ok!(
        &mut w,
        PutPublicAccessBlock,
        PutPublicAccessBlockRequest { bucket: B.into(), public_access_block_configuration: only_policy }
    );
    let got = ok!(&mut w, GetPublicAccessBlock, GetPublicAccessBlockRequest { bucket: B.into() });
    assert_eq!(got.public_access_block_configuration, only_policy);
    ok!(&mut w, DeletePublicAccessBlock, DeletePublicAccessBlockRequest { bucket: B.into() });
    let e = err!(&mut w, GetPublicAccessBlock, GetPublicAccessBlockRequest { bucket: B.into() });
    assert_eq!((e.code.as_str(), e.status), ("NoSuchPublicAccessBlockConfiguration", 404));
    ok!(&mut w, PutBucketPolicy, PutBucketPolicyRequest { bucket: B.into(), policy: PUBLIC.into() });
    let e = err!(&mut w, GetPublicAccessBlock, GetPublicAccessBlockRequest { bucket: "nope".into() });
    assert_eq!(e.code, "NoSuchBucket");
}
