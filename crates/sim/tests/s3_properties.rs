//! Random sequences of S3 calls over small alphabets of bucket names and keys (so they
//! collide): no call panics, and S3's invariants hold after every step.

use nimbus_sim::services::s3::model::{MAX_OBJECT_SIZE, MAX_TOTAL_BYTES};
use nimbus_sim::services::s3::*;
use nimbus_sim::{Bytes, Request, Response, World};
use proptest::prelude::*;

const BUCKETS: &[&str] = &["alpha", "beta", "Bad_Name", "ab"];
const KEYS: &[&str] = &["a", "a/b", "a/c", "b", "c/d/e"];

#[derive(Clone, Debug)]
enum Step {
    CreateBucket(usize),
    DeleteBucket(usize),
    Put { bucket: usize, key: usize, size: usize },
    Delete { bucket: usize, key: usize, version: Option<usize> },
    Versioning { bucket: usize, enabled: bool },
    Copy { from: (usize, usize), to: (usize, usize), replace: bool },
    List { bucket: usize, max_keys: i64, delimiter: bool },
}

fn step() -> impl Strategy<Value = Step> {
    let b = 0..BUCKETS.len();
    let k = 0..KEYS.len();
    let size = prop_oneof![16 => 0usize..64, 1 => Just(MAX_OBJECT_SIZE), 1 => Just(MAX_OBJECT_SIZE + 1), 1 => 600_000usize..700_000];
    prop_oneof![
        2 => b.clone().prop_map(Step::CreateBucket),
        1 => b.clone().prop_map(Step::DeleteBucket),
        5 => (b.clone(), k.clone(), size).prop_map(|(bucket, key, size)| Step::Put { bucket, key, size }),
        3 => (b.clone(), k.clone(), proptest::option::of(0usize..6))
            .prop_map(|(bucket, key, version)| Step::Delete { bucket, key, version }),
        1 => (b.clone(), any::<bool>()).prop_map(|(bucket, enabled)| Step::Versioning { bucket, enabled }),
        1 => ((b.clone(), k.clone()), (b.clone(), k), any::<bool>())
            .prop_map(|(from, to, replace)| Step::Copy { from, to, replace }),
        1 => (b, 0i64..4, any::<bool>()).prop_map(|(bucket, max_keys, delimiter)| Step::List { bucket, max_keys, delimiter }),
    ]
}

fn call(w: &mut World, r: S3Request) -> Result<Response, nimbus_sim::ApiError> {
    w.call(Request::S3(r))
}

/// A version id that exists for the key (picked by index), or one that does not.
fn pick_version(w: &World, bucket: &str, key: &str, index: usize) -> String {
    let ids: Vec<String> =
        w.s3.buckets
            .get(bucket)
            .and_then(|b| b.objects.get(key))
            .map(|h| h.versions.iter().map(|v| v.version_id.clone()).collect())
            .unwrap_or_default();
    ids.get(index).cloned().unwrap_or_else(|| "not-a-real-version".into())
}

fn run(w: &mut World, step: &Step) -> Result<(), TestCaseError> {
    match *step {
        Step::CreateBucket(b) => {
            let _ = call(
                w,
                S3Request::CreateBucket(CreateBucketRequest { bucket: BUCKETS[b].into(), ..Default::default() }),
            );
        }
        Step::DeleteBucket(b) => {
            let expected = w.s3.buckets.get(BUCKETS[b]).map(|bucket| bucket.is_empty());
            let result = call(w, S3Request::DeleteBucket(DeleteBucketRequest { bucket: BUCKETS[b].into() }));
            match expected {
                None => prop_assert_eq!(result.unwrap_err().code, "NoSuchBucket"),
                Some(true) => prop_assert!(result.is_ok(), "an empty bucket must delete: {:?}", result),
                Some(false) => prop_assert_eq!(result.unwrap_err().code, "BucketNotEmpty"),
            }
        }
        Step::Put { bucket, key, size } => {
            let body = Bytes(vec![b'x'; size]);
            let result = call(
                w,
                S3Request::PutObject(PutObjectRequest {
                    bucket: BUCKETS[bucket].into(),
                    key: KEYS[key].into(),
                    body,
                    ..Default::default()
                }),
            );
            if size > MAX_OBJECT_SIZE {
                prop_assert!(result.is_err());
            }
        }
        Step::Delete { bucket, key, version } => {
            let version_id = version.map(|i| pick_version(w, BUCKETS[bucket], KEYS[key], i));
            let _ = call(
                w,
                S3Request::DeleteObject(DeleteObjectRequest {
                    bucket: BUCKETS[bucket].into(),
                    key: KEYS[key].into(),
                    version_id,
                }),
            );
        }
        Step::Versioning { bucket, enabled } => {
            let status = if enabled { "Enabled" } else { "Suspended" };
            let _ = call(
                w,
                S3Request::PutBucketVersioning(PutBucketVersioningRequest {
                    bucket: BUCKETS[bucket].into(),
                    versioning_configuration: VersioningConfiguration { status: Some(status.into()) },
                }),
            );
        }
        Step::Copy { from, to, replace } => {
            let _ = call(
                w,
                S3Request::CopyObject(CopyObjectRequest {
                    bucket: BUCKETS[to.0].into(),
                    key: KEYS[to.1].into(),
                    copy_source: format!("{}/{}", BUCKETS[from.0], KEYS[from.1]),
                    metadata_directive: replace.then(|| "REPLACE".into()),
                    ..Default::default()
                }),
            );
        }
        Step::List { bucket, max_keys, delimiter } => {
            let _ = call(
                w,
                S3Request::ListObjectsV2(ListObjectsV2Request {
                    bucket: BUCKETS[bucket].into(),
                    max_keys: Some(max_keys),
                    delimiter: delimiter.then(|| "/".into()),
                    ..Default::default()
                }),
            );
        }
    }
    Ok(())
}

/// Every key ListObjectsV2 returns, following continuation tokens with pages of `page`.
fn list_all(w: &mut World, bucket: &str, page: Option<i64>) -> (Vec<String>, i64) {
    let (mut keys, mut first_key_count, mut token) = (Vec::new(), None, None);
    loop {
        let out = call(
            w,
            S3Request::ListObjectsV2(ListObjectsV2Request {
                bucket: bucket.into(),
                max_keys: page,
                continuation_token: token.take(),
                ..Default::default()
            }),
        )
        .expect("listing an existing bucket succeeds");
        #[allow(unreachable_patterns)]
        let Response::S3(S3Response::ListObjectsV2(out)) = out
        else {
            panic!("not a listing")
        };
        first_key_count.get_or_insert(out.key_count);
        keys.extend(out.contents.into_iter().map(|o| o.key));
        match out.next_continuation_token {
            Some(t) if out.is_truncated => token = Some(t),
            _ => return (keys, first_key_count.unwrap_or(0)),
        }
    }
}

fn check_invariants(w: &mut World) -> Result<(), TestCaseError> {
    prop_assert!(w.s3.total_bytes() <= MAX_TOTAL_BYTES);
    let names: Vec<String> = w.s3.buckets.keys().cloned().collect();
    for name in names {
        prop_assert!(validate_bucket_name(&name).is_ok(), "invalid bucket name {}", name);
        let b = &w.s3.buckets[&name];
        let expected: Vec<String> = b.current_keys().map(String::from).collect();
        for (key, history) in &b.objects {
            prop_assert!(!history.versions.is_empty(), "'{}' kept an empty history", key);
            let nulls = history.versions.iter().filter(|v| v.version_id == "null").count();
            prop_assert!(nulls <= 1, "'{}' has {} null versions", key, nulls);
            if b.versioning.is_none() {
                prop_assert!(history.versions.iter().all(|v| v.version_id == "null" && !v.is_delete_marker));
            }
        }
        let (listed, key_count) = list_all(w, &name, None);
        prop_assert_eq!(key_count as usize, expected.len());
        prop_assert_eq!(&listed, &expected);
        let (paged, _) = list_all(w, &name, Some(2));
        prop_assert_eq!(&paged, &expected, "pages of 2 give the same keys");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_s3_sessions_keep_s3s_invariants(steps in proptest::collection::vec(step(), 1..50)) {
        let mut w = World::new(5);
        for step in &steps {
            run(&mut w, step)?;
            check_invariants(&mut w)?;
        }
        let restored = World::from_json(&w.to_json()).expect("any reachable World saves and loads");
        prop_assert!(restored == w);
    }
}
