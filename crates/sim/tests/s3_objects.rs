//! S3 object calls through `World::call`: HeadObject, DeleteObject, CopyObject, ListObjectsV2,
//! DeleteBucket, with their errors and trail entries.

use nimbus_sim::services::s3::*;
use nimbus_sim::{ApiError, Bytes, Outcome, Request, Response, World};

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

fn world_with_bucket(name: &str) -> World {
    let mut w = World::new(7);
    ok!(&mut w, CreateBucket, CreateBucketRequest { bucket: name.into(), ..Default::default() });
    w
}

fn put(w: &mut World, bucket: &str, key: &str, body: &str) -> PutObjectOutput {
    ok!(
        w,
        PutObject,
        PutObjectRequest { bucket: bucket.into(), key: key.into(), body: Bytes::from(body), ..Default::default() }
    )
}

fn list(w: &mut World, req: ListObjectsV2Request) -> ListObjectsV2Output {
    ok!(w, ListObjectsV2, req)
}

fn keys(out: &ListObjectsV2Output) -> Vec<&str> {
    out.contents.iter().map(|o| o.key.as_str()).collect()
}

fn prefixes(out: &ListObjectsV2Output) -> Vec<&str> {
    out.common_prefixes.iter().map(|p| p.prefix.as_str()).collect()
}

#[test]
fn head_object_reports_metadata_and_404s_without_a_code() {
    let mut w = world_with_bucket("docs");
    let mut metadata = std::collections::BTreeMap::new();
    metadata.insert("Owner-Team".to_string(), "web".to_string());
    ok!(
        &mut w,
        PutObject,
        PutObjectRequest {
            bucket: "docs".into(),
            key: "a.txt".into(),
            body: Bytes::from("hello"),
            content_type: Some("text/plain".into()),
            metadata,
            ..Default::default()
        }
    );
    let head =
        ok!(&mut w, HeadObject, HeadObjectRequest { bucket: "docs".into(), key: "a.txt".into(), version_id: None });
    assert_eq!(head.content_length, 5);
    assert_eq!(head.content_type, "text/plain");
    assert_eq!(head.etag, "\"5d41402abc4b2a76b9719d911017c592\"");
    assert_eq!(head.server_side_encryption.as_deref(), Some("AES256"));
    assert_eq!(head.metadata.get("owner-team").map(String::as_str), Some("web"), "S3 lower-cases metadata keys");
    assert_eq!(head.version_id, None, "a never-versioned bucket reports no version id");
    let json = Response::S3(S3Response::HeadObject(head)).output_json();
    assert!(json.get("VersionId").is_none(), "absent fields are omitted: {json}");
    assert_eq!(json["ETag"], "\"5d41402abc4b2a76b9719d911017c592\"");

    for (bucket, key) in [("docs", "missing.txt"), ("no-such-bucket", "a.txt")] {
        let e =
            err!(&mut w, HeadObject, HeadObjectRequest { bucket: bucket.into(), key: key.into(), version_id: None });
        assert_eq!((e.code.as_str(), e.status, e.message.as_str()), ("404", 404, "Not Found"));
    }
}

#[test]
fn delete_object_without_versioning_removes_it_and_is_idempotent() {
    let mut w = world_with_bucket("docs");
    put(&mut w, "docs", "a.txt", "x");
    let out =
        ok!(&mut w, DeleteObject, DeleteObjectRequest { bucket: "docs".into(), key: "a.txt".into(), version_id: None });
    assert_eq!(out, DeleteObjectOutput::default());
    assert_eq!(Response::S3(S3Response::DeleteObject(out)).output_json(), serde_json::json!({}));
    assert!(w.s3.buckets["docs"].objects.is_empty());
    let again =
        ok!(&mut w, DeleteObject, DeleteObjectRequest { bucket: "docs".into(), key: "a.txt".into(), version_id: None });
    assert_eq!(again.delete_marker, None);
    assert!(w.trail().last().unwrap().why.contains("did not exist"));
    let e =
        err!(&mut w, DeleteObject, DeleteObjectRequest { bucket: "gone".into(), key: "a".into(), version_id: None });
    assert_eq!(e.code, "NoSuchBucket");
}

#[test]
fn copy_object_copies_body_and_metadata_or_replaces_them() {
    let mut w = world_with_bucket("src");
    ok!(&mut w, CreateBucket, CreateBucketRequest { bucket: "dst".into(), ..Default::default() });
    ok!(
        &mut w,
        PutObject,
        PutObjectRequest {
            bucket: "src".into(),
            key: "report.csv".into(),
            body: Bytes::from("a,b\n1,2\n"),
            content_type: Some("text/csv".into()),
            ..Default::default()
        }
    );
    w.advance(nimbus_sim::SimDuration::hours(1));
    let copy = ok!(
        &mut w,
        CopyObject,
        CopyObjectRequest {
            bucket: "dst".into(),
            key: "copies/report.csv".into(),
            copy_source: "src/report.csv".into(),
            ..Default::default()
        }
    );
    assert_eq!(copy.copy_object_result.last_modified, w.now(), "a copy is a new object, written now");
    let got = ok!(
        &mut w,
        GetObject,
        GetObjectRequest { bucket: "dst".into(), key: "copies/report.csv".into(), version_id: None }
    );
    assert_eq!(got.body.as_text(), Some("a,b\n1,2\n"));
    assert_eq!(got.content_type, "text/csv", "COPY keeps the source's content type");
    assert_eq!(got.etag, copy.copy_object_result.etag);

    let replaced = CopyObjectRequest {
        bucket: "dst".into(),
        key: "copies/report.txt".into(),
        copy_source: "/src/report.csv".into(),
        metadata_directive: Some("REPLACE".into()),
        content_type: Some("text/plain".into()),
        ..Default::default()
    };
    ok!(&mut w, CopyObject, replaced);
    let got = ok!(
        &mut w,
        GetObject,
        GetObjectRequest { bucket: "dst".into(), key: "copies/report.txt".into(), version_id: None }
    );
    assert_eq!(got.content_type, "text/plain");
    let json = Response::S3(S3Response::CopyObject(copy)).output_json();
    assert!(
        json["CopyObjectResult"]["ETag"].is_string() && json["CopyObjectResult"]["LastModified"].is_string(),
        "{json}"
    );
}

#[test]
fn copy_object_errors() {
    let mut w = world_with_bucket("src");
    put(&mut w, "src", "k", "v");
    let copy = |source: &str, bucket: &str, key: &str| CopyObjectRequest {
        bucket: bucket.into(),
        key: key.into(),
        copy_source: source.into(),
        ..Default::default()
    };
    let e = err!(&mut w, CopyObject, copy("src/k", "src", "k"));
    assert_eq!((e.code.as_str(), e.status), ("InvalidRequest", 400));
    assert!(e.message.contains("copy an object to itself"), "{}", e.message);
    assert!(w.trail().last().unwrap().why.contains("onto itself"));
    // Onto itself with REPLACE is how metadata is changed in place.
    let mut in_place = copy("src/k", "src", "k");
    in_place.metadata_directive = Some("REPLACE".into());
    in_place.content_type = Some("text/plain".into());
    ok!(&mut w, CopyObject, in_place);

    assert_eq!(err!(&mut w, CopyObject, copy("src/missing", "src", "x")).code, "NoSuchKey");
    assert_eq!(err!(&mut w, CopyObject, copy("nobucket/k", "src", "x")).code, "NoSuchBucket");
    assert_eq!(err!(&mut w, CopyObject, copy("src/k", "nobucket", "x")).code, "NoSuchBucket");
    assert_eq!(err!(&mut w, CopyObject, copy("src/k?versionId=nope", "src", "x")).code, "NoSuchVersion");
    let e = err!(&mut w, CopyObject, copy("just-a-bucket", "src", "x"));
    assert_eq!((e.code.as_str(), e.status), ("InvalidArgument", 400));
    let mut bad_directive = copy("src/k", "src", "y");
    bad_directive.metadata_directive = Some("MERGE".into());
    assert_eq!(err!(&mut w, CopyObject, bad_directive).code, "InvalidArgument");
}

#[test]
fn list_objects_v2_filters_groups_and_pages() {
    let mut w = world_with_bucket("site");
    for key in ["index.html", "css/a.css", "css/b.css", "img/logo.png", "img/icons/x.svg", "readme.md"] {
        put(&mut w, "site", key, "data");
    }
    let all = list(&mut w, ListObjectsV2Request { bucket: "site".into(), ..Default::default() });
    assert_eq!(keys(&all), ["css/a.css", "css/b.css", "img/icons/x.svg", "img/logo.png", "index.html", "readme.md"]);
    assert_eq!((all.key_count, all.max_keys, all.is_truncated), (6, 1000, false));
    assert_eq!(all.contents[0].size, 4);
    assert_eq!(all.contents[0].storage_class, "STANDARD");
    assert_eq!(all.contents[0].owner, None, "Owner only with FetchOwner");

    let top =
        list(&mut w, ListObjectsV2Request { bucket: "site".into(), delimiter: Some("/".into()), ..Default::default() });
    assert_eq!(keys(&top), ["index.html", "readme.md"]);
    assert_eq!(prefixes(&top), ["css/", "img/"]);
    assert_eq!(top.key_count, 4, "KeyCount counts common prefixes too");

    let img = list(
        &mut w,
        ListObjectsV2Request {
            bucket: "site".into(),
            prefix: Some("img/".into()),
            delimiter: Some("/".into()),
            ..Default::default()
        },
    );
    assert_eq!(keys(&img), ["img/logo.png"]);
    assert_eq!(prefixes(&img), ["img/icons/"]);

    let after = list(
        &mut w,
        ListObjectsV2Request { bucket: "site".into(), start_after: Some("img/".into()), ..Default::default() },
    );
    assert_eq!(keys(&after)[0], "img/icons/x.svg");
    assert_eq!(after.start_after.as_deref(), Some("img/"));

    // Pages of two, delimited: css/, img/ | index.html, readme.md
    let page1 = list(
        &mut w,
        ListObjectsV2Request {
            bucket: "site".into(),
            delimiter: Some("/".into()),
            max_keys: Some(2),
            ..Default::default()
        },
    );
    assert_eq!(prefixes(&page1), ["css/", "img/"]);
    assert!(page1.is_truncated);
    let token = page1.next_continuation_token.clone().expect("a truncated page has a token");
    let page2 = list(
        &mut w,
        ListObjectsV2Request {
            bucket: "site".into(),
            delimiter: Some("/".into()),
            max_keys: Some(2),
            continuation_token: Some(token.clone()),
            ..Default::default()
        },
    );
    assert_eq!(keys(&page2), ["index.html", "readme.md"]);
    assert!(page2.common_prefixes.is_empty());
    assert!(!page2.is_truncated);
    assert_eq!(page2.next_continuation_token, None);
    assert_eq!(page2.continuation_token.as_deref(), Some(token.as_str()));

    let empty = list(&mut w, ListObjectsV2Request { bucket: "site".into(), max_keys: Some(0), ..Default::default() });
    assert_eq!((empty.key_count, empty.is_truncated), (0, false));
    let json = Response::S3(S3Response::ListObjectsV2(empty)).output_json();
    assert!(json.get("Contents").is_none(), "{json}");
}

#[test]
fn list_objects_v2_errors() {
    let mut w = world_with_bucket("site");
    let e = err!(&mut w, ListObjectsV2, ListObjectsV2Request { bucket: "nope".into(), ..Default::default() });
    assert_eq!((e.code.as_str(), e.status), ("NoSuchBucket", 404));
    let bad_token = ListObjectsV2Request {
        bucket: "site".into(),
        continuation_token: Some("garbage".into()),
        ..Default::default()
    };
    assert_eq!(err!(&mut w, ListObjectsV2, bad_token).code, "InvalidArgument");
    let negative = ListObjectsV2Request { bucket: "site".into(), max_keys: Some(-1), ..Default::default() };
    assert_eq!(err!(&mut w, ListObjectsV2, negative).code, "InvalidArgument");
}

#[test]
fn delete_bucket_only_when_empty() {
    let mut w = world_with_bucket("box");
    put(&mut w, "box", "k", "v");
    let e = err!(&mut w, DeleteBucket, DeleteBucketRequest { bucket: "box".into() });
    assert_eq!((e.code.as_str(), e.status), ("BucketNotEmpty", 409));
    let event = w.trail().last().unwrap();
    assert_eq!(event.operation, "DeleteBucket");
    assert!(matches!(&event.outcome, Outcome::Error { code, .. } if code == "BucketNotEmpty"));
    assert!(event.why.contains("1 object version"), "{}", event.why);
    assert!(event.resources.contains(&"arn:aws:s3:::box".to_string()));

    ok!(&mut w, DeleteObject, DeleteObjectRequest { bucket: "box".into(), key: "k".into(), version_id: None });
    ok!(&mut w, DeleteBucket, DeleteBucketRequest { bucket: "box".into() });
    assert!(w.s3.buckets.is_empty());
    assert!(w.trail().last().unwrap().outcome.is_ok());
    assert_eq!(err!(&mut w, DeleteBucket, DeleteBucketRequest { bucket: "box".into() }).code, "NoSuchBucket");
    // The name is free again.
    ok!(&mut w, CreateBucket, CreateBucketRequest { bucket: "box".into(), ..Default::default() });
}

#[test]
fn object_keys_are_checked() {
    let mut w = world_with_bucket("box");
    let e = ok_or_err(&mut w, "");
    assert_eq!(e.unwrap_err().code, "InvalidArgument");
    let e = ok_or_err(&mut w, &"k".repeat(1025));
    assert_eq!(e.unwrap_err().code, "KeyTooLongError");
    assert!(ok_or_err(&mut w, &"k".repeat(1024)).is_ok());
}

fn ok_or_err(w: &mut World, key: &str) -> Result<S3Response, ApiError> {
    call(w, S3Request::PutObject(PutObjectRequest { bucket: "box".into(), key: key.into(), ..Default::default() }))
}

#[test]
fn every_call_lands_in_the_trail_with_its_reason() {
    let mut w = world_with_bucket("trail");
    put(&mut w, "trail", "a", "1");
    let _ = call(
        &mut w,
        S3Request::GetObject(GetObjectRequest { bucket: "trail".into(), key: "zzz".into(), version_id: None }),
    );
    let events = w.trail().events();
    let ops: Vec<&str> = events.iter().map(|e| e.operation.as_str()).collect();
    assert_eq!(ops, ["CreateBucket", "PutObject", "GetObject"]);
    assert!(events[1].why.contains("never enabled"), "{}", events[1].why);
    assert!(events[1].resources.contains(&"arn:aws:s3:::trail/a".to_string()));
    assert_eq!(
        events[2].outcome,
        Outcome::Error { code: "NoSuchKey".into(), message: "The specified key does not exist.".into() }
    );
    assert!(events[2].why.contains("has no key 'zzz'"), "{}", events[2].why);
}

#[test]
fn the_account_holds_at_most_the_byte_cap_across_versions() {
    use nimbus_sim::services::s3::model::{MAX_OBJECT_SIZE, MAX_TOTAL_BYTES};
    let mut w = world_with_bucket("big");
    ok!(
        &mut w,
        PutBucketVersioning,
        PutBucketVersioningRequest {
            bucket: "big".into(),
            versioning_configuration: VersioningConfiguration { status: Some("Enabled".into()) },
        }
    );
    let e = err!(
        &mut w,
        PutObject,
        PutObjectRequest {
            bucket: "big".into(),
            key: "k".into(),
            body: Bytes(vec![0; MAX_OBJECT_SIZE + 1]),
            ..Default::default()
        }
    );
    assert_eq!((e.code.as_str(), e.status), ("EntityTooLarge", 400));
    let fits = MAX_TOTAL_BYTES / MAX_OBJECT_SIZE;
    for _ in 0..fits {
        ok!(
            &mut w,
            PutObject,
            PutObjectRequest {
                bucket: "big".into(),
                key: "k".into(),
                body: Bytes(vec![0; MAX_OBJECT_SIZE]),
                ..Default::default()
            }
        );
    }
    let e = err!(
        &mut w,
        PutObject,
        PutObjectRequest { bucket: "big".into(), key: "k".into(), body: Bytes(vec![0; 1]), ..Default::default() }
    );
    assert_eq!(e.code, "EntityTooLarge", "every kept version counts toward the cap");
    assert!(w.trail().last().unwrap().why.contains("MiB"));
    assert_eq!(w.s3.total_bytes(), MAX_TOTAL_BYTES);
}
