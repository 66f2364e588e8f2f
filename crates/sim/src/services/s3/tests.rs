use super::*;
use crate::{Bytes, Request, Response, World};

fn s3(world: &mut World, r: S3Request) -> Result<S3Response, crate::ApiError> {
    #[allow(unreachable_patterns)] // S3 alone when the other services are compiled out
    world.call(Request::S3(r)).map(|response| match response {
        Response::S3(r) => r,
        other => panic!("S3 call answered {other:?}"),
    })
}

fn create(world: &mut World, name: &str) -> Result<S3Response, crate::ApiError> {
    s3(world, S3Request::CreateBucket(CreateBucketRequest { bucket: name.into(), ..Default::default() }))
}

#[test]
fn create_list_put_get() {
    let mut w = World::new(1);
    create(&mut w, "photos-2026").unwrap();
    let S3Response::ListBuckets(list) = s3(&mut w, S3Request::ListBuckets(Default::default())).unwrap() else {
        panic!()
    };
    assert_eq!(list.buckets.len(), 1);
    assert_eq!(list.buckets[0].bucket_region, "us-east-1");
    s3(
        &mut w,
        S3Request::PutObject(PutObjectRequest {
            bucket: "photos-2026".into(),
            key: "a.txt".into(),
            body: Bytes::from("hello"),
            ..Default::default()
        }),
    )
    .unwrap();
    let S3Response::GetObject(got) = s3(
        &mut w,
        S3Request::GetObject(GetObjectRequest { bucket: "photos-2026".into(), key: "a.txt".into(), version_id: None }),
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(got.body.as_text(), Some("hello"));
    assert_eq!(got.etag, "\"5d41402abc4b2a76b9719d911017c592\"");
}

#[test]
fn bucket_names_follow_the_rules() {
    let mut w = World::new(1);
    for bad in ["ab", "Has-Caps", "-dash", "a..b", "192.168.5.4", "xn--abc", "name-s3alias", "under_score"] {
        let e = create(&mut w, bad).unwrap_err();
        assert_eq!(e.code, "InvalidBucketName", "{bad}");
    }
    assert!(create(&mut w, "fine.name-123").is_ok());
}

#[test]
fn us_east_1_answers_ok_to_recreate_but_other_regions_do_not() {
    let mut w = World::new(1);
    create(&mut w, "legacy").unwrap();
    assert!(create(&mut w, "legacy").is_ok());
    let eu = CreateBucketRequest {
        bucket: "euro".into(),
        create_bucket_configuration: Some(CreateBucketConfiguration { location_constraint: Some("eu-west-1".into()) }),
    };
    w.call_in("eu-west-1", Request::S3(S3Request::CreateBucket(eu.clone()))).unwrap();
    let e = w.call_in("eu-west-1", Request::S3(S3Request::CreateBucket(eu))).unwrap_err();
    assert_eq!(e.code, "BucketAlreadyOwnedByYou");
    assert_eq!(e.status, 409);
}

#[test]
fn missing_bucket_and_key_errors() {
    let mut w = World::new(1);
    let get = |b: &str| S3Request::GetObject(GetObjectRequest { bucket: b.into(), key: "k".into(), version_id: None });
    assert_eq!(s3(&mut w, get("nope")).unwrap_err().code, "NoSuchBucket");
    create(&mut w, "there").unwrap();
    assert_eq!(s3(&mut w, get("there")).unwrap_err().code, "NoSuchKey");
    let last = w.trail().last().unwrap();
    assert_eq!(last.operation, "GetObject");
    assert!(last.why.contains("has no key"), "{}", last.why);
}

// ---------------------------------------------------------------- parsers and rule checkers

mod parsers {
    use super::super::ops::*;
    use proptest::prelude::*;

    #[test]
    fn copy_source_forms() {
        let plain = parse_copy_source("photos/2026/cat.jpg").unwrap();
        assert_eq!((plain.bucket.as_str(), plain.key.as_str(), plain.version_id), ("photos", "2026/cat.jpg", None));
        let slash = parse_copy_source("/photos/cat.jpg?versionId=abc.123").unwrap();
        assert_eq!(slash.bucket, "photos");
        assert_eq!(slash.version_id.as_deref(), Some("abc.123"));
        assert_eq!(parse_copy_source("photos/a%20b%2Fc.txt").unwrap().key, "a b/c.txt");
        assert_eq!(parse_copy_source("photos/100%.txt").unwrap().key, "100%.txt");
        for bad in ["", "photos", "photos/", "/key-only", "photos/k?versionId=", "photos/k?other=1"] {
            assert!(parse_copy_source(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn continuation_tokens_round_trip_and_reject_strangers() {
        let token = encode_continuation_token("photos/2026/");
        assert_ne!(token, "photos/2026/", "tokens are opaque");
        assert_eq!(decode_continuation_token(&token).as_deref(), Some("photos/2026/"));
        assert_eq!(decode_continuation_token("not a token"), None);
        assert_eq!(decode_continuation_token(&crate::Bytes::from("other:x").to_base64()), None);
    }

    #[test]
    fn wildcards_match_like_iam() {
        assert!(wildcard_match("arn:aws:s3:::site/*", "arn:aws:s3:::site/index.html"));
        assert!(wildcard_match("s3:get*", "s3:getobject"));
        assert!(wildcard_match("*", ""));
        assert!(wildcard_match("a?c", "abc"));
        assert!(!wildcard_match("a?c", "ac"));
        assert!(!wildcard_match("arn:aws:s3:::site", "arn:aws:s3:::site/index.html"));
        assert!(wildcard_match("arn:aws:s3:::site/*/x", "arn:aws:s3:::site/a/b/x"));
    }

    const PUBLIC: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::site/*"}]}"#;

    #[test]
    fn policy_checks_name_the_broken_rule() {
        assert_eq!(validate_policy("site", PUBLIC), Ok(()));
        let cases = [
            ("{not json", "This policy contains invalid Json"),
            ("[]", "This policy contains invalid Json"),
            (r#"{"Version":"2012-10-17"}"#, "Missing required field Statement"),
            (r#"{"Statement":[]}"#, "Could not parse the policy: Statement is empty!"),
            (
                r#"{"Statement":[{"Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::site/*"}]}"#,
                "Missing required field Effect",
            ),
            (
                r#"{"Statement":[{"Effect":"Alow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::site/*"}]}"#,
                "Invalid effect: Alow",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::site/*"}]}"#,
                "Missing required field Principal",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Principal":"*","Resource":"arn:aws:s3:::site/*"}]}"#,
                "Missing required field Action",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ec2:RunInstances","Resource":"arn:aws:s3:::site/*"}]}"#,
                "Policy has invalid action",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}]}"#,
                "Missing required field Resource",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::other/*"}]}"#,
                "Policy has invalid resource",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::site"}]}"#,
                "Action does not apply to any resource(s) in statement",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:ListBucket","Resource":"arn:aws:s3:::site/*"}]}"#,
                "Action does not apply to any resource(s) in statement",
            ),
        ];
        for (policy, message) in cases {
            assert_eq!(validate_policy("site", policy), Err(message.to_string()), "{policy}");
        }
        // A single statement object (not a list) and a list of principals are fine.
        let single = r#"{"Statement":{"Effect":"Deny","Principal":{"AWS":["*"]},"Action":["s3:*"],"Resource":["arn:aws:s3:::site","arn:aws:s3:::site/*"]}}"#;
        assert_eq!(validate_policy("site", single), Ok(()));
        assert!(validate_policy("site", &format!("{{\"Statement\":[], \"Pad\":\"{}\"}}", "x".repeat(21_000))).is_err());
    }

    #[test]
    fn anonymous_reads_follow_allow_and_explicit_deny() {
        assert_eq!(anonymous_read(None, "site", "index.html"), AnonymousRead::NoPolicy);
        assert_eq!(anonymous_read(Some(PUBLIC), "site", "index.html"), AnonymousRead::Allowed);
        let only_public_folder = PUBLIC.replace("site/*", "site/public/*");
        assert_eq!(anonymous_read(Some(&only_public_folder), "site", "index.html"), AnonymousRead::NotGranted);
        assert_eq!(anonymous_read(Some(&only_public_folder), "site", "public/a.png"), AnonymousRead::Allowed);
        let deny_secret = r#"{"Statement":[
            {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::site/*"},
            {"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::site/secret/*"}]}"#;
        assert_eq!(anonymous_read(Some(deny_secret), "site", "secret/x"), AnonymousRead::Denied);
        assert_eq!(anonymous_read(Some(deny_secret), "site", "open/x"), AnonymousRead::Allowed);
        let account_only = PUBLIC.replace("\"*\"", "{\"AWS\":\"arn:aws:iam::123456789012:root\"}");
        assert_eq!(anonymous_read(Some(&account_only), "site", "index.html"), AnonymousRead::NotGranted);
    }

    fn tag(k: &str, v: &str) -> Tag {
        Tag { key: k.into(), value: v.into() }
    }

    #[test]
    fn tag_rules() {
        assert_eq!(validate_tag_set(&[tag("env", "prod"), tag("team", "web")]), Ok(()));
        let too_many: Vec<Tag> = (0..51).map(|i| tag(&format!("k{i}"), "v")).collect();
        assert!(validate_tag_set(&too_many).unwrap_err().contains("50"));
        assert!(validate_tag_set(&too_many[..50]).is_ok());
        assert!(validate_tag_set(&[tag(&"k".repeat(129), "v")]).unwrap_err().contains("max 128"));
        assert!(validate_tag_set(&[tag(&"k".repeat(128), &"v".repeat(256))]).is_ok());
        assert!(validate_tag_set(&[tag("k", &"v".repeat(257))]).unwrap_err().contains("max 256"));
        assert_eq!(
            validate_tag_set(&[tag("env", "a"), tag("env", "b")]),
            Err("Cannot provide multiple Tags with the same key".into())
        );
        assert!(validate_tag_set(&[tag("aws:created", "x")]).unwrap_err().contains("aws:"));
        assert!(validate_tag_set(&[tag("", "x")]).is_err());
        assert!(validate_tag_set(&[tag("bad<key>", "x")]).is_err());
    }

    proptest! {
        #[test]
        fn copy_source_parser_never_panics(s in ".{0,80}") {
            let _ = parse_copy_source(&s);
        }

        #[test]
        fn copy_source_round_trips_plain_names(
            bucket in "[a-z0-9][a-z0-9.-]{1,20}[a-z0-9]",
            key in "[A-Za-z0-9/_.-]{1,40}",
            version in proptest::option::of("[A-Za-z0-9._]{1,32}"),
        ) {
            let text = match &version {
                Some(v) => format!("{bucket}/{key}?versionId={v}"),
                None => format!("{bucket}/{key}"),
            };
            let parsed = parse_copy_source(&text).unwrap();
            prop_assert_eq!(parsed, CopySource { bucket, key, version_id: version });
        }

        #[test]
        fn continuation_tokens_round_trip(key in ".{0,60}") {
            prop_assert_eq!(decode_continuation_token(&encode_continuation_token(&key)), Some(key));
        }

        #[test]
        fn token_decoder_never_panics(s in ".{0,80}") {
            let _ = decode_continuation_token(&s);
        }

        #[test]
        fn wildcard_star_matches_everything_and_literals_match_themselves(s in "[a-z/:.]{0,30}") {
            prop_assert!(wildcard_match("*", &s));
            prop_assert!(wildcard_match(&s, &s));
            let with_star = format!("{s}*");
            let longer = format!("{s}tail");
            prop_assert!(wildcard_match(&with_star, &longer));
        }

        #[test]
        fn policy_checker_never_panics(s in ".{0,200}", bucket in "[a-z]{3,10}") {
            let _ = validate_policy(&bucket, &s);
            let _ = anonymous_read(Some(&s), &bucket, "k");
        }

        #[test]
        fn policy_checker_never_panics_on_json_shapes(
            effect in prop_oneof![Just("\"Allow\""), Just("\"Deny\""), Just("1"), Just("null")],
            principal in prop_oneof![Just("\"*\""), Just("{\"AWS\":\"*\"}"), Just("[]"), Just("{}")],
            action in prop_oneof![Just("\"s3:GetObject\""), Just("[\"s3:*\",5]"), Just("\"*\""), Just("{}")],
            resource in prop_oneof![Just("\"arn:aws:s3:::b/*\""), Just("\"arn:aws:s3:::b\""), Just("[]"), Just("7")],
        ) {
            let doc = format!(
                "{{\"Statement\":[{{\"Effect\":{effect},\"Principal\":{principal},\"Action\":{action},\"Resource\":{resource}}}]}}"
            );
            let verdict = validate_policy("b", &doc);
            let _ = anonymous_read(Some(&doc), "b", "k");
            if effect.starts_with('"') && principal != "[]" && principal != "{}" && action != "{}" && resource.starts_with('"') && !action.contains('5') {
                // Only the action/resource pairing can still be wrong.
                prop_assert!(verdict.is_ok() || verdict == Err("Action does not apply to any resource(s) in statement".into()), "{:?}", verdict);
            }
        }

        #[test]
        fn tag_checker_never_panics(keys in proptest::collection::vec((".{0,140}", ".{0,260}"), 0..60)) {
            let tags: Vec<Tag> = keys.into_iter().map(|(k, v)| Tag { key: k, value: v }).collect();
            let _ = validate_tag_set(&tags);
        }
    }
}
