use super::*;
use crate::{Bytes, Request, Response, World};

fn s3(world: &mut World, r: S3Request) -> Result<S3Response, crate::ApiError> {
    world.call(Request::S3(r)).map(|Response::S3(r)| r)
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
