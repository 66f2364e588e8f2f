use super::*;
use crate::diagram::tests::assert_well_formed;
use crate::diagram::Node;
use crate::services::s3::{
    CreateBucketRequest, DeleteObjectRequest, ErrorDocument, IndexDocument, PutBucketVersioningRequest,
    PutBucketWebsiteRequest, PutObjectRequest, S3Request, VersioningConfiguration, WebsiteConfiguration,
};
use crate::{Bytes, Request};

fn call(world: &mut World, request: S3Request) {
    world.call(Request::S3(request)).expect("the setup call succeeds");
}

fn create_bucket(world: &mut World, name: &str) {
    call(world, S3Request::CreateBucket(CreateBucketRequest { bucket: name.into(), ..Default::default() }));
}

fn enable_versioning(world: &mut World, bucket: &str) {
    call(
        world,
        S3Request::PutBucketVersioning(PutBucketVersioningRequest {
            bucket: bucket.into(),
            versioning_configuration: VersioningConfiguration { status: Some("Enabled".into()) },
        }),
    );
}

fn put(world: &mut World, bucket: &str, key: &str, body: &str) {
    call(
        world,
        S3Request::PutObject(PutObjectRequest {
            bucket: bucket.into(),
            key: key.into(),
            body: Bytes::from(body),
            ..Default::default()
        }),
    );
}

fn delete(world: &mut World, bucket: &str, key: &str) {
    call(
        world,
        S3Request::DeleteObject(DeleteObjectRequest { bucket: bucket.into(), key: key.into(), ..Default::default() }),
    );
}

/// `site`: versioned, a website whose index has three versions, an object deleted behind a
/// delete marker, and an error document that does not exist. `logs`: never versioned.
fn small_world() -> World {
    let mut w = World::new(7);
    create_bucket(&mut w, "site");
    enable_versioning(&mut w, "site");
    for body in ["<h1>v1</h1>", "<h1>v2</h1>", "<h1>v3</h1>"] {
        put(&mut w, "site", "index.html", body);
    }
    put(&mut w, "site", "about.html", "about");
    delete(&mut w, "site", "about.html");
    call(
        &mut w,
        S3Request::PutBucketWebsite(PutBucketWebsiteRequest {
            bucket: "site".into(),
            website_configuration: WebsiteConfiguration {
                index_document: Some(IndexDocument { suffix: "index.html".into() }),
                error_document: Some(ErrorDocument { key: "error.html".into() }),
                ..Default::default()
            },
        }),
    );
    create_bucket(&mut w, "logs");
    put(&mut w, "logs", "app.log", "started");
    w
}

fn node<'d>(d: &'d Diagram, id: &str) -> &'d Node {
    d.nodes.iter().find(|n| n.id == id).unwrap_or_else(|| panic!("no node {id} in {:?}", ids(d)))
}

fn ids(d: &Diagram) -> Vec<&str> {
    d.nodes.iter().map(|n| n.id.as_str()).collect()
}

fn detail<'a>(details: &'a [(String, String)], label: &str) -> &'a str {
    details.iter().find(|(k, _)| k == label).map(|(_, v)| v.as_str()).unwrap_or_else(|| panic!("no {label}"))
}

fn edges(d: &Diagram) -> Vec<(&str, &str, Option<&str>)> {
    d.edges.iter().map(|e| (e.from.as_str(), e.to.as_str(), e.label.as_deref())).collect()
}

#[test]
fn buckets_are_boxes_with_region_versioning_and_encryption() {
    let d = diagram(&small_world());
    assert_well_formed(&d);
    let groups: Vec<(&str, &str, &str)> =
        d.groups.iter().map(|g| (g.id.as_str(), g.label.as_str(), g.kind.as_str())).collect();
    assert_eq!(
        groups,
        vec![("bucket:logs", "logs (us-east-1)", "bucket"), ("bucket:site", "site (us-east-1)", "bucket")]
    );
    let (logs, site) = (&d.groups[0], &d.groups[1]);
    assert_eq!(detail(&logs.details, "Versioning"), "Off");
    assert_eq!(detail(&site.details, "Versioning"), "Enabled");
    assert!(detail(&site.details, "Encryption").starts_with("SSE-S3"));
    assert_eq!(detail(&site.details, "Objects"), "1", "about.html is behind a delete marker");
    assert_eq!(detail(&site.details, "Website"), "http://site.s3-website-us-east-1.amazonaws.com");
    assert!(d.nodes.iter().all(|n| n.group.is_some()), "every node sits in its bucket");
}

#[test]
fn versions_stack_under_their_object_newest_first() {
    let d = diagram(&small_world());
    let index = node(&d, "object:site/index.html");
    assert_eq!((index.kind.as_str(), index.state.as_deref()), ("object", Some("3 versions")));
    assert_eq!(index.group.as_deref(), Some("bucket:site"));
    let states: Vec<Option<&str>> =
        (0..3).map(|i| node(&d, &version_id("site", "index.html", i)).state.as_deref()).collect();
    assert_eq!(states, vec![Some("noncurrent"), Some("noncurrent"), Some("current")]);
    let current = node(&d, &version_id("site", "index.html", 2));
    assert_eq!(current.kind, "version");
    assert_eq!(detail(&current.details, "Size"), "11 B");
    assert_eq!(detail(&current.details, "Version ID").len(), 32, "{}", current.label);

    let all = edges(&d);
    let v = |i| version_id("site", "index.html", i);
    for expected in
        [("object:site/index.html".to_string(), v(2), "latest"), (v(2), v(1), "older"), (v(1), v(0), "older")]
    {
        assert!(all.contains(&(expected.0.as_str(), expected.1.as_str(), Some(expected.2))), "{expected:?}");
    }
    let ys: Vec<f32> = [index.y, node(&d, &v(2)).y, node(&d, &v(1)).y, node(&d, &v(0)).y].to_vec();
    assert!(ys.windows(2).all(|w| w[0] < w[1]), "object above newest above older: {ys:?}");
}

#[test]
fn a_deleted_object_shows_its_delete_marker() {
    let d = diagram(&small_world());
    assert_eq!(node(&d, "object:site/about.html").state.as_deref(), Some("delete marker"));
    assert_eq!(node(&d, &version_id("site", "about.html", 1)).state.as_deref(), Some("delete marker"));
    assert_eq!(node(&d, &version_id("site", "about.html", 0)).state.as_deref(), Some("noncurrent"));
}

#[test]
fn an_unversioned_bucket_shows_objects_without_version_stacks() {
    let d = diagram(&small_world());
    let log = node(&d, "object:logs/app.log");
    assert_eq!(log.state, None);
    assert_eq!(detail(&log.details, "Size"), "7 B");
    assert!(!ids(&d).iter().any(|id| id.starts_with("version:logs/")));
    assert!(!d.edges.iter().any(|e| e.from.contains("logs") || e.to.contains("logs")));
}

#[test]
fn the_website_endpoint_points_at_its_index_and_error_documents() {
    let d = diagram(&small_world());
    let endpoint = node(&d, "website:site");
    assert_eq!(endpoint.kind, "endpoint");
    assert_eq!(detail(&endpoint.details, "URL"), "http://site.s3-website-us-east-1.amazonaws.com");
    let all = edges(&d);
    assert!(all.contains(&("website:site", "object:site/index.html", Some("index document"))));
    assert!(all.contains(&("website:site", "object:site/error.html", Some("error document"))));
    let missing = node(&d, "object:site/error.html");
    assert_eq!(missing.state.as_deref(), Some("missing"));
    assert!(!ids(&d).contains(&"website:logs"));
}

#[test]
fn at_most_five_versions_are_shown_and_the_rest_are_counted() {
    let mut w = World::new(3);
    create_bucket(&mut w, "busy");
    enable_versioning(&mut w, "busy");
    for i in 0..8 {
        put(&mut w, "busy", "report.csv", &format!("row {i}"));
    }
    let d = diagram(&w);
    assert_well_formed(&d);
    let shown = d.nodes.iter().filter(|n| n.kind == "version").count();
    assert_eq!(shown, MAX_VERSIONS_SHOWN);
    let more = node(&d, "more:busy/report.csv");
    assert_eq!(more.label, "+3 more");
    assert!(edges(&d).contains(&(version_id("busy", "report.csv", 3).as_str(), "more:busy/report.csv", Some("older"))));
}

#[test]
fn the_same_world_gives_the_same_diagram() {
    assert_eq!(diagram(&small_world()), diagram(&small_world()));
}

#[test]
fn an_empty_account_is_an_empty_diagram() {
    let d = diagram(&World::new(1));
    assert!(d.nodes.is_empty() && d.groups.is_empty());
    assert_eq!(d.describe(), vec!["Diagram: Amazon S3", "Nothing to show yet."]);
}

#[test]
fn describe_reads_the_buckets_objects_and_links_aloud() {
    let lines = diagram(&small_world()).describe();
    let has = |text: &str| lines.iter().any(|l| l.contains(text));
    assert!(
        has("bucket \"site (us-east-1)\" — Region: us-east-1; Versioning: Enabled; Encryption: SSE-S3"),
        "{lines:#?}"
    );
    assert!(has("object \"index.html\" [3 versions] in bucket \"site (us-east-1)\" — Size: 11 B"), "{lines:#?}");
    assert!(has("object \"about.html\" [delete marker] in bucket \"site (us-east-1)\""), "{lines:#?}");
    assert!(has("Website endpoint → index.html (index document)"), "{lines:#?}");
    assert!(has("Website endpoint → error.html (error document)"), "{lines:#?}");
}

#[test]
fn twenty_buckets_of_twenty_objects_stay_tidy() {
    let mut w = World::new(11);
    for b in 0..20 {
        let bucket = format!("bucket-{b:02}");
        create_bucket(&mut w, &bucket);
        if b % 2 == 0 {
            enable_versioning(&mut w, &bucket);
        }
        for o in 0..20 {
            for v in 0..(1 + (b + o) % 3) {
                put(&mut w, &bucket, &format!("file-{o:02}.txt"), &format!("{v}"));
            }
        }
    }
    let d = diagram(&w);
    assert_well_formed(&d);
    assert_eq!(d.groups.len(), 20);
    assert_eq!(d.nodes.iter().filter(|n| n.kind == "object").count(), 400);
    let ratio = d.width / d.height;
    assert!((0.4..3.0).contains(&ratio), "{} x {}", d.width, d.height);
}
