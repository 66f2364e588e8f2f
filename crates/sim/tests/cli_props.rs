//! Property tests: no line breaks the terminal or the World, and console requests round-trip
//! through their CLI lines.

use nimbus_sim::cli::{cli_line_for, parse_aws_line, run_line, MemoryFs};
use nimbus_sim::services::s3::*;
use nimbus_sim::{Request, World};
use proptest::prelude::*;
use std::collections::BTreeMap;

fn text() -> impl Strategy<Value = String> {
    prop_oneof!["[a-z0-9.-]{3,12}", "\\PC{0,12}", Just(String::new()), Just("--tricky".to_string())]
}

fn s3_request() -> impl Strategy<Value = S3Request> {
    let metadata = proptest::collection::btree_map("[a-z0-9-]{1,6}", text(), 0..3);
    let tags = proptest::collection::vec((text(), text()).prop_map(|(key, value)| Tag { key, value }), 0..3);
    prop_oneof![
        (text(), proptest::option::of(proptest::option::of(text()))).prop_map(|(bucket, c)| {
            S3Request::CreateBucket(CreateBucketRequest {
                bucket,
                create_bucket_configuration: c
                    .map(|location_constraint| CreateBucketConfiguration { location_constraint }),
            })
        }),
        (text(), text(), proptest::option::of(text()), metadata).prop_map(|(bucket, key, content_type, metadata)| {
            S3Request::PutObject(PutObjectRequest {
                bucket,
                key,
                content_type,
                metadata: metadata.into_iter().collect::<BTreeMap<_, _>>(),
                ..Default::default()
            })
        }),
        (text(), proptest::option::of(text()), proptest::option::of(any::<i64>()), proptest::option::of(any::<bool>()))
            .prop_map(|(bucket, prefix, max_keys, fetch_owner)| {
                S3Request::ListObjectsV2(ListObjectsV2Request {
                    bucket,
                    prefix,
                    max_keys,
                    fetch_owner,
                    ..Default::default()
                })
            }),
        (text(), tags).prop_map(|(bucket, tag_set)| {
            S3Request::PutBucketTagging(PutBucketTaggingRequest { bucket, tagging: Tagging { tag_set } })
        }),
        (text(), text(), proptest::option::of(text())).prop_map(|(bucket, key, version_id)| {
            S3Request::GetObject(GetObjectRequest { bucket, key, version_id })
        }),
        (text(), text(), text()).prop_map(|(bucket, key, copy_source)| {
            S3Request::CopyObject(CopyObjectRequest { bucket, key, copy_source, ..Default::default() })
        }),
        (text(), proptest::option::of(text())).prop_map(|(bucket, status)| {
            S3Request::PutBucketVersioning(PutBucketVersioningRequest {
                bucket,
                versioning_configuration: VersioningConfiguration { status },
            })
        }),
    ]
}

const COMMANDS: &[&str] = &[
    "aws s3api create-bucket --bucket ",
    "aws s3api put-object --bucket b --key ",
    "aws s3api list-objects-v2 --max-keys ",
    "aws s3api put-bucket-tagging --bucket b --tagging ",
    "aws s3 ",
    "aws s3 cp ",
    "aws ",
    "curl ",
    "nimbus ",
    "echo ",
    "cat ",
    "rm ",
    "",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn cli_lines_parse_back_to_the_same_request(r in s3_request()) {
        let request = Request::S3(r);
        let line = cli_line_for(&request);
        let (parsed, region) = parse_aws_line(&line, &MemoryFs::new()).map_err(|e| TestCaseError::fail(format!("{line}: {e}")))?;
        prop_assert_eq!(parsed, request, "{}", line);
        prop_assert_eq!(region, None);
    }

    #[test]
    fn no_line_breaks_the_terminal(
        prefix in proptest::sample::select(COMMANDS),
        rest in "\\PC{0,40}",
    ) {
        let mut world = World::new(1);
        let mut fs = MemoryFs::new();
        let _ = run_line(&mut world, &mut fs, &format!("{prefix}{rest}"));
        // The World is still usable afterwards.
        let out = run_line(&mut world, &mut fs, "aws s3api create-bucket --bucket after-the-storm");
        prop_assert!(out.exit_code == 0 || out.stderr.contains("BucketAlreadyOwnedByYou"), "{:?}", out);
        let listed = run_line(&mut world, &mut fs, "aws s3 ls");
        prop_assert!(listed.stdout.contains("after-the-storm"));
    }

    #[test]
    fn arbitrary_words_never_panic(words in proptest::collection::vec("[-a-z0-9=,{}\\[\\]:'\"/ ]{0,10}", 0..6)) {
        let mut world = World::new(1);
        let mut fs = MemoryFs::new();
        let line = format!("aws s3api put-object {}", words.join(" "));
        let _ = run_line(&mut world, &mut fs, &line);
    }
}
