//! S3 versioning stories: enable, overwrite, delete markers, reading old versions, suspending,
//! `null` versions, permanent deletes, ListObjectVersions and copies of old versions.

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

const B: &str = "history";

fn setup() -> World {
    let mut w = World::new(42);
    ok!(&mut w, CreateBucket, CreateBucketRequest { bucket: B.into(), ..Default::default() });
    w
}

fn set_versioning(w: &mut World, status: &str) {
    ok!(
        w,
        PutBucketVersioning,
        PutBucketVersioningRequest {
            bucket: B.into(),
            versioning_configuration: VersioningConfiguration { status: Some(status.into()) },
        }
    );
}

fn status(w: &mut World) -> Option<String> {
    ok!(w, GetBucketVersioning, GetBucketVersioningRequest { bucket: B.into() }).status
}

fn put(w: &mut World, key: &str, body: &str) -> PutObjectOutput {
    ok!(
        w,
        PutObject,
        PutObjectRequest { bucket: B.into(), key: key.into(), body: Bytes::from(body), ..Default::default() }
    )
}

fn get(w: &mut World, key: &str, version: Option<&str>) -> Result<S3Response, ApiError> {
    call(
        w,
        S3Request::GetObject(GetObjectRequest {
            bucket: B.into(),
            key: key.into(),
            version_id: version.map(String::from),
        }),
    )
}

fn body(w: &mut World, key: &str, version: Option<&str>) -> String {
    match get(w, key, version) {
        Ok(S3Response::GetObject(o)) => o.body.as_text().unwrap().to_string(),
        other => panic!("{other:?}"),
    }
}

fn delete(w: &mut World, key: &str, version: Option<&str>) -> DeleteObjectOutput {
    ok!(
        w,
        DeleteObject,
        DeleteObjectRequest { bucket: B.into(), key: key.into(), version_id: version.map(String::from) }
    )
}

fn versions(w: &mut World) -> ListObjectVersionsOutput {
    ok!(w, ListObjectVersions, ListObjectVersionsRequest { bucket: B.into(), ..Default::default() })
}

#[test]
fn get_bucket_versioning_has_no_status_until_configured() {
    let mut w = setup();
    assert_eq!(status(&mut w), None);
    let out = ok!(&mut w, GetBucketVersioning, GetBucketVersioningRequest { bucket: B.into() });
    assert_eq!(Response::S3(S3Response::GetBucketVersioning(out)).output_json(), serde_json::json!({}));
    set_versioning(&mut w, "Enabled");
    assert_eq!(status(&mut w).as_deref(), Some("Enabled"));
    set_versioning(&mut w, "Suspended");
    assert_eq!(status(&mut w).as_deref(), Some("Suspended"));
    assert!(w.trail().last().unwrap().why.contains("Suspended"));
}

#[test]
fn versioning_cannot_go_back_to_unversioned() {
    let mut w = setup();
    set_versioning(&mut w, "Enabled");
    for bad in ["Disabled", "Off", ""] {
        let e = err!(
            &mut w,
            PutBucketVersioning,
            PutBucketVersioningRequest {
                bucket: B.into(),
                versioning_configuration: VersioningConfiguration { status: Some(bad.into()) },
            }
        );
        assert_eq!((e.code.as_str(), e.status), ("MalformedXML", 400), "{bad}");
    }
    assert_eq!(status(&mut w).as_deref(), Some("Enabled"));
    let e = err!(
        &mut w,
        PutBucketVersioning,
        PutBucketVersioningRequest { bucket: "nope".into(), versioning_configuration: Default::default() }
    );
    assert_eq!(e.code, "NoSuchBucket");
}

#[test]
fn enabled_versioning_keeps_every_write_and_hides_deletes_behind_markers() {
    let mut w = setup();
    let before = put(&mut w, "notes.txt", "v0 before versioning");
    assert_eq!(before.version_id, None, "a never-versioned bucket returns no VersionId");
    set_versioning(&mut w, "Enabled");
    let v1 = put(&mut w, "notes.txt", "v1").version_id.unwrap();
    let v2 = put(&mut w, "notes.txt", "v2").version_id.unwrap();
    assert_ne!(v1, v2);
    assert_eq!(v1.len(), 32);
    assert_eq!(body(&mut w, "notes.txt", None), "v2");
    assert_eq!(body(&mut w, "notes.txt", Some(&v1)), "v1");
    assert_eq!(body(&mut w, "notes.txt", Some("null")), "v0 before versioning", "the pre-versioning object is 'null'");

    let del = delete(&mut w, "notes.txt", None);
    assert_eq!(del.delete_marker, Some(true));
    let marker = del.version_id.unwrap();
    assert!(w.trail().last().unwrap().why.contains("delete marker"));
    let e = get(&mut w, "notes.txt", None).unwrap_err();
    assert_eq!((e.code.as_str(), e.status), ("NoSuchKey", 404));
    assert_eq!(body(&mut w, "notes.txt", Some(&v2)), "v2", "old versions survive a delete");
    let e = get(&mut w, "notes.txt", Some(&marker)).unwrap_err();
    assert_eq!((e.code.as_str(), e.status), ("MethodNotAllowed", 405));
    let e = call(
        &mut w,
        S3Request::HeadObject(HeadObjectRequest {
            bucket: B.into(),
            key: "notes.txt".into(),
            version_id: Some(marker.clone()),
        }),
    )
    .unwrap_err();
    assert_eq!(e.status, 405);
    let e = get(&mut w, "notes.txt", Some("no-such-version")).unwrap_err();
    assert_eq!((e.code.as_str(), e.status), ("NoSuchVersion", 404));

    let listed = versions(&mut w);
    let ids: Vec<(&str, bool)> = listed.versions.iter().map(|v| (v.version_id.as_str(), v.is_latest)).collect();
    assert_eq!(ids, [(v2.as_str(), false), (v1.as_str(), false), ("null", false)], "newest first");
    assert_eq!(listed.delete_markers.len(), 1);
    assert_eq!(listed.delete_markers[0].version_id, marker);
    assert!(listed.delete_markers[0].is_latest);

    // Removing the delete marker brings the object back.
    let undo = delete(&mut w, "notes.txt", Some(&marker));
    assert_eq!(undo.delete_marker, Some(true));
    assert_eq!(undo.version_id.as_deref(), Some(marker.as_str()));
    assert!(w.trail().last().unwrap().why.contains("current again"));
    assert_eq!(body(&mut w, "notes.txt", None), "v2");

    // Deleting by version id is permanent and adds no marker.
    let gone = delete(&mut w, "notes.txt", Some(&v2));
    assert_eq!(gone.delete_marker, None);
    assert_eq!(body(&mut w, "notes.txt", None), "v1");
    assert_eq!(versions(&mut w).delete_markers.len(), 0);
    // A version that is not there: success, nothing changes.
    let again = delete(&mut w, "notes.txt", Some(&v2));
    assert_eq!(again.version_id.as_deref(), Some(v2.as_str()));
    assert_eq!(versions(&mut w).versions.len(), 2);
}

#[test]
fn deleting_a_missing_key_in_a_versioned_bucket_still_adds_a_marker() {
    let mut w = setup();
    set_versioning(&mut w, "Enabled");
    let out = delete(&mut w, "never-existed", None);
    assert_eq!(out.delete_marker, Some(true));
    let e = err!(&mut w, DeleteBucket, DeleteBucketRequest { bucket: B.into() });
    assert_eq!(e.code, "BucketNotEmpty");
    assert!(e.message.contains("all versions"), "{}", e.message);
    delete(&mut w, "never-existed", out.version_id.as_deref());
    ok!(&mut w, DeleteBucket, DeleteBucketRequest { bucket: B.into() });
}

#[test]
fn suspended_versioning_writes_and_deletes_the_null_version() {
    let mut w = setup();
    set_versioning(&mut w, "Enabled");
    let kept = put(&mut w, "k", "enabled-era").version_id.unwrap();
    set_versioning(&mut w, "Suspended");
    let a = put(&mut w, "k", "suspended-1");
    assert_eq!(a.version_id.as_deref(), Some("null"));
    put(&mut w, "k", "suspended-2");
    let listed = versions(&mut w);
    let ids: Vec<&str> = listed.versions.iter().map(|v| v.version_id.as_str()).collect();
    assert_eq!(ids, ["null", kept.as_str()], "the second suspended write replaced the first 'null'");
    assert_eq!(body(&mut w, "k", Some("null")), "suspended-2");

    let del = delete(&mut w, "k", None);
    assert_eq!((del.delete_marker, del.version_id.as_deref()), (Some(true), Some("null")));
    let listed = versions(&mut w);
    assert_eq!(listed.versions.len(), 1, "the null object was replaced by the null delete marker");
    assert_eq!(listed.delete_markers[0].version_id, "null");
    assert_eq!(body(&mut w, "k", Some(&kept)), "enabled-era");

    set_versioning(&mut w, "Enabled");
    let fresh = put(&mut w, "k", "re-enabled").version_id.unwrap();
    assert_ne!(fresh, "null");
}

#[test]
fn never_versioned_buckets_list_null_versions() {
    let mut w = setup();
    put(&mut w, "a", "1");
    put(&mut w, "a", "2");
    put(&mut w, "b", "3");
    let listed = versions(&mut w);
    assert!(listed.versions.iter().all(|v| v.version_id == "null" && v.is_latest));
    assert_eq!(listed.versions.len(), 2);
    assert!(listed.delete_markers.is_empty());
    assert!(w.trail().last().unwrap().why.contains("'null'"));
}

#[test]
fn list_object_versions_pages_with_markers_and_prefix() {
    let mut w = setup();
    set_versioning(&mut w, "Enabled");
    for i in 0..3 {
        put(&mut w, "logs/a", &format!("a{i}"));
        put(&mut w, "logs/b", &format!("b{i}"));
    }
    put(&mut w, "other", "x");
    let mut seen = Vec::new();
    let (mut key_marker, mut version_id_marker) = (None, None);
    loop {
        let page = ok!(
            &mut w,
            ListObjectVersions,
            ListObjectVersionsRequest {
                bucket: B.into(),
                prefix: Some("logs/".into()),
                max_keys: Some(2),
                key_marker: key_marker.clone(),
                version_id_marker: version_id_marker.clone(),
                ..Default::default()
            }
        );
        assert!(page.versions.len() <= 2);
        seen.extend(page.versions.iter().map(|v| (v.key.clone(), v.version_id.clone())));
        if !page.is_truncated {
            break;
        }
        key_marker = page.next_key_marker;
        version_id_marker = page.next_version_id_marker;
    }
    assert_eq!(seen.len(), 6);
    let full = ok!(
        &mut w,
        ListObjectVersions,
        ListObjectVersionsRequest { bucket: B.into(), prefix: Some("logs/".into()), ..Default::default() }
    );
    let all: Vec<(String, String)> = full.versions.iter().map(|v| (v.key.clone(), v.version_id.clone())).collect();
    assert_eq!(seen, all, "paging gives the same versions in the same order");

    let e = err!(
        &mut w,
        ListObjectVersions,
        ListObjectVersionsRequest { bucket: B.into(), version_id_marker: Some("x".into()), ..Default::default() }
    );
    assert_eq!(e.code, "InvalidArgument");
    let e = err!(&mut w, ListObjectVersions, ListObjectVersionsRequest { bucket: "nope".into(), ..Default::default() });
    assert_eq!(e.code, "NoSuchBucket");
}

#[test]
fn copying_an_old_version_onto_its_key_restores_it() {
    let mut w = setup();
    set_versioning(&mut w, "Enabled");
    let v1 = put(&mut w, "page.html", "good").version_id.unwrap();
    put(&mut w, "page.html", "broken");
    let restore = ok!(
        &mut w,
        CopyObject,
        CopyObjectRequest {
            bucket: B.into(),
            key: "page.html".into(),
            copy_source: format!("{B}/page.html?versionId={v1}"),
            ..Default::default()
        }
    );
    assert_eq!(restore.copy_source_version_id.as_deref(), Some(v1.as_str()));
    let new_id = restore.version_id.unwrap();
    assert_ne!(new_id, v1);
    assert_eq!(body(&mut w, "page.html", None), "good");
    assert_eq!(versions(&mut w).versions.len(), 3);

    let marker = delete(&mut w, "page.html", None).version_id.unwrap();
    let e = err!(
        &mut w,
        CopyObject,
        CopyObjectRequest {
            bucket: B.into(),
            key: "copy.html".into(),
            copy_source: format!("{B}/page.html?versionId={marker}"),
            ..Default::default()
        }
    );
    assert_eq!((e.code.as_str(), e.status), ("InvalidRequest", 400));
    let e = err!(
        &mut w,
        CopyObject,
        CopyObjectRequest {
            bucket: B.into(),
            key: "copy.html".into(),
            copy_source: format!("{B}/page.html"),
            ..Default::default()
        }
    );
    assert_eq!(e.code, "NoSuchKey", "the current version is a delete marker");
}
