//! S3 static websites over the simulated network (`World::http`): index documents, error
//! documents, 403 without a public policy, folder redirects and redirect-everything.

use nimbus_sim::services::s3::*;
use nimbus_sim::{ApiError, Bytes, EventSource, HttpRequest, HttpResponse, Request, Response, World};

#[allow(unreachable_patterns)]
fn call(w: &mut World, r: S3Request) -> Result<S3Response, ApiError> {
    w.call(Request::S3(r)).map(|resp| match resp {
        Response::S3(r) => r,
        other => panic!("not an S3 response: {other:?}"),
    })
}

const SITE: &str = "http://blog.s3-website-us-east-1.amazonaws.com";
const PUBLIC: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::blog/*"}]}"#;

fn put(w: &mut World, key: &str, body: &str) {
    call(
        w,
        S3Request::PutObject(PutObjectRequest {
            bucket: "blog".into(),
            key: key.into(),
            body: Bytes::from(body),
            content_type: Some("text/html".into()),
            ..Default::default()
        }),
    )
    .unwrap();
}

/// Turns Block Public Access off (new buckets have it on) and puts the policy.
fn set_policy(w: &mut World, policy: &str) {
    let open = PutPublicAccessBlockRequest { bucket: "blog".into(), ..Default::default() };
    call(w, S3Request::PutPublicAccessBlock(open)).unwrap();
    call(w, S3Request::PutBucketPolicy(PutBucketPolicyRequest { bucket: "blog".into(), policy: policy.into() }))
        .unwrap();
}

/// A bucket with pages and a website configuration, but no policy yet.
fn site(error_document: Option<&str>) -> World {
    let mut w = World::new(11);
    call(&mut w, S3Request::CreateBucket(CreateBucketRequest { bucket: "blog".into(), ..Default::default() })).unwrap();
    put(&mut w, "index.html", "<h1>Home</h1>");
    put(&mut w, "posts/index.html", "<h1>Posts</h1>");
    put(&mut w, "posts/first.html", "<p>First</p>");
    put(&mut w, "404.html", "<h1>Lost?</h1>");
    call(
        &mut w,
        S3Request::PutBucketWebsite(PutBucketWebsiteRequest {
            bucket: "blog".into(),
            website_configuration: WebsiteConfiguration {
                index_document: Some(IndexDocument { suffix: "index.html".into() }),
                error_document: error_document.map(|k| ErrorDocument { key: k.into() }),
                redirect_all_requests_to: None,
            },
        }),
    )
    .unwrap();
    w
}

fn get(w: &mut World, path: &str) -> HttpResponse {
    w.http(&HttpRequest::get(format!("{SITE}{path}"))).expect("the website endpoint answers")
}

fn text(r: &HttpResponse) -> &str {
    r.body.as_text().unwrap()
}

#[test]
fn without_a_public_policy_the_website_answers_403() {
    let mut w = site(None);
    let r = get(&mut w, "/");
    assert_eq!(r.status, 403);
    assert!(text(&r).contains("<li>Code: AccessDenied</li>"), "{}", text(&r));
    let event = w.trail().last().unwrap();
    assert_eq!(event.source, EventSource::Http);
    assert!(event.why.contains("no bucket policy"), "{}", event.why);
    assert!(event.resources.contains(&"arn:aws:s3:::blog".to_string()));
}

#[test]
fn a_public_policy_serves_the_index_document() {
    let mut w = site(None);
    set_policy(&mut w, PUBLIC);
    let r = get(&mut w, "/");
    assert_eq!((r.status, text(&r)), (200, "<h1>Home</h1>"));
    assert_eq!(r.header("Content-Type"), Some("text/html"));
    assert!(r.header("ETag").is_some());
    assert_eq!(text(&get(&mut w, "/posts/")), "<h1>Posts</h1>");
    assert_eq!(text(&get(&mut w, "/posts/first.html")), "<p>First</p>");
    assert!(w.trail().last().unwrap().why.contains("served object 'posts/first.html'"));
}

#[test]
fn a_folder_without_its_slash_redirects() {
    let mut w = site(None);
    set_policy(&mut w, PUBLIC);
    let r = get(&mut w, "/posts");
    assert_eq!(r.status, 302);
    assert_eq!(r.header("Location"), Some("/posts/"));
}

#[test]
fn missing_pages_get_the_error_document_with_404() {
    let mut w = site(Some("404.html"));
    set_policy(&mut w, PUBLIC);
    let r = get(&mut w, "/nowhere.html");
    assert_eq!((r.status, text(&r)), (404, "<h1>Lost?</h1>"));
    assert!(w.trail().last().unwrap().why.contains("error document"));
}

#[test]
fn missing_pages_without_an_error_document_get_s3s_page() {
    let mut w = site(None);
    set_policy(&mut w, PUBLIC);
    let r = get(&mut w, "/nowhere.html");
    assert_eq!(r.status, 404);
    assert!(text(&r).contains("<li>Code: NoSuchKey</li>") && text(&r).contains("<li>Key: nowhere.html</li>"));
}

#[test]
fn an_error_document_that_is_missing_is_reported_on_the_page() {
    let mut w = site(Some("oops.html"));
    set_policy(&mut w, PUBLIC);
    let r = get(&mut w, "/nowhere.html");
    assert_eq!(r.status, 404);
    assert!(text(&r).contains("An Error Occurred While Attempting to Retrieve a Custom Error Document"));
}

#[test]
fn a_policy_on_the_bucket_arn_alone_is_refused_and_the_site_stays_private() {
    let mut w = site(None);
    let wrong = PUBLIC.replace("arn:aws:s3:::blog/*", "arn:aws:s3:::blog");
    let e = call(&mut w, S3Request::PutBucketPolicy(PutBucketPolicyRequest { bucket: "blog".into(), policy: wrong }))
        .unwrap_err();
    assert_eq!(e.code, "MalformedPolicy");
    assert_eq!(get(&mut w, "/").status, 403);
}

#[test]
fn a_policy_for_one_folder_leaves_the_rest_forbidden() {
    let mut w = site(None);
    set_policy(&mut w, &PUBLIC.replace("blog/*", "blog/posts/*"));
    assert_eq!(get(&mut w, "/posts/first.html").status, 200);
    let r = get(&mut w, "/index.html");
    assert_eq!(r.status, 403);
    assert!(w.trail().last().unwrap().why.contains("does not allow everyone"));
}

#[test]
fn no_website_configuration_and_no_bucket() {
    let mut w = site(None);
    call(&mut w, S3Request::DeleteBucketWebsite(DeleteBucketWebsiteRequest { bucket: "blog".into() })).unwrap();
    let r = get(&mut w, "/");
    assert_eq!(r.status, 404);
    assert!(text(&r).contains("NoSuchWebsiteConfiguration"));
    let r = w.http(&HttpRequest::get("http://ghost.s3-website-us-east-1.amazonaws.com/")).unwrap();
    assert_eq!(r.status, 404);
    assert!(text(&r).contains("NoSuchBucket"));
}

#[test]
fn only_get_and_head_are_allowed_and_head_has_no_body() {
    let mut w = site(None);
    set_policy(&mut w, PUBLIC);
    let post = HttpRequest::new("POST", format!("{SITE}/"));
    assert_eq!(w.http(&post).unwrap().status, 405);
    let head = HttpRequest::new("HEAD", format!("{SITE}/"));
    let r = w.http(&head).unwrap();
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty());
}

#[test]
fn redirect_all_requests_to_sends_every_path_elsewhere() {
    let mut w = site(None);
    call(
        &mut w,
        S3Request::PutBucketWebsite(PutBucketWebsiteRequest {
            bucket: "blog".into(),
            website_configuration: WebsiteConfiguration {
                redirect_all_requests_to: Some(RedirectAllRequestsTo {
                    host_name: "www.example.com".into(),
                    protocol: Some("https".into()),
                }),
                ..Default::default()
            },
        }),
    )
    .unwrap();
    let r = get(&mut w, "/posts/first.html");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("Location"), Some("https://www.example.com/posts/first.html"));
}

#[test]
fn restrict_public_buckets_closes_a_public_website_again() {
    let mut w = site(Some("404.html"));
    set_policy(&mut w, PUBLIC);
    assert_eq!(get(&mut w, "/").status, 200);
    let restrict = PublicAccessBlockConfiguration { restrict_public_buckets: true, ..Default::default() };
    call(
        &mut w,
        S3Request::PutPublicAccessBlock(PutPublicAccessBlockRequest {
            bucket: "blog".into(),
            public_access_block_configuration: restrict,
        }),
    )
    .unwrap();
    let r = get(&mut w, "/");
    assert_eq!(r.status, 403);
    assert!(!text(&r).contains("Lost?"), "the error document is not public either");
    assert!(w.trail().last().unwrap().why.contains("RestrictPublicBuckets"), "{}", w.trail().last().unwrap().why);
}
