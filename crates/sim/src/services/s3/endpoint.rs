//! S3 website endpoints on the simulated network: `bucket.s3-website-<region>.amazonaws.com`
//! answers GET with the index document, the error document, or S3's own 403/404 pages.

use super::model::Bucket;
use crate::network::{HttpRequest, HttpResponse, ParsedUrl};
use crate::world::{CallContext, World};

/// The bucket a website host name belongs to, if it is one.
fn bucket_for_host<'w>(world: &'w World, host: &str) -> Option<&'w Bucket> {
    let (name, rest) = host.split_once(".s3-website")?;
    let bucket = world.s3.buckets.get(name)?;
    (rest.starts_with('-') || rest.starts_with('.')).then_some(())?;
    (bucket.website_endpoint() == host).then_some(bucket)
}

fn s3_error_page(status: u16, code: &str, message: &str, extra: &[(&str, &str)]) -> HttpResponse {
    let title = match status {
        403 => "403 Forbidden",
        404 => "404 Not Found",
        405 => "405 Method Not Allowed",
        _ => "Error",
    };
    let mut items = format!("<li>Code: {code}</li>\n<li>Message: {message}</li>\n");
    for (k, v) in extra {
        items.push_str(&format!("<li>{k}: {v}</li>\n"));
    }
    let body = format!("<html>\n<head><title>{title}</title></head>\n<body>\n<h1>{title}</h1>\n<ul>\n{items}</ul>\n<hr/>\n</body>\n</html>\n");
    HttpResponse::new(status, "text/html", body)
}

pub fn serve_http(
    world: &mut World,
    cx: &mut CallContext,
    request: &HttpRequest,
    url: &ParsedUrl,
) -> Option<HttpResponse> {
    // A host that looks like a website endpoint but has no bucket behind it still resolves
    // (S3 owns the domain) and answers NoSuchBucket.
    if !url.host.contains(".s3-website") || !url.host.ends_with(".amazonaws.com") {
        return None;
    }
    let Some(bucket) = bucket_for_host(world, &url.host) else {
        let name = url.host.split(".s3-website").next().unwrap_or_default();
        cx.why(format!("no bucket named '{name}' exists behind this website endpoint"));
        return Some(s3_error_page(
            404,
            "NoSuchBucket",
            "The specified bucket does not exist",
            &[("BucketName", name)],
        ));
    };
    cx.touch(bucket.arn());
    let mut response = answer(bucket, cx, request, url);
    response.hops.push(format!("{} (S3 website endpoint, {})", url.host, bucket.region));
    Some(response)
}

fn answer(bucket: &Bucket, cx: &mut CallContext, request: &HttpRequest, url: &ParsedUrl) -> HttpResponse {
    let Some(website) = &bucket.website else {
        cx.why(format!("bucket '{}' has no website configuration", bucket.name));
        return s3_error_page(
            404,
            "NoSuchWebsiteConfiguration",
            "The specified bucket does not have a website configuration",
            &[("BucketName", &bucket.name)],
        );
    };
    if let Some(target) = &website.redirect_all_to {
        cx.why(format!("the website redirects every request to {target}"));
        let mut r = HttpResponse::new(301, "text/html", "");
        r.headers.push(("Location".into(), format!("http://{target}{}", url.path)));
        return r;
    }
    if request.method != "GET" && request.method != "HEAD" {
        cx.why("website endpoints answer only GET and HEAD");
        return s3_error_page(
            405,
            "MethodNotAllowed",
            "The specified method is not allowed against this resource.",
            &[],
        );
    }
    if !is_public(bucket) {
        cx.why(format!(
            "bucket '{}' has no policy granting s3:GetObject to everyone, so the website answers 403",
            bucket.name
        ));
        return s3_error_page(403, "AccessDenied", "Access Denied", &[]);
    }
    let index = website.index_document.clone().unwrap_or_else(|| "index.html".into());
    let mut key = url.path.trim_start_matches('/').to_string();
    if key.is_empty() || key.ends_with('/') {
        key.push_str(&index);
    }
    if let Some(obj) = bucket.current(&key) {
        cx.touch(format!("{}/{key}", bucket.arn()));
        cx.why(format!("served object '{key}' from bucket '{}'", bucket.name));
        let mut r = HttpResponse::new(200, &obj.content_type, obj.body.clone());
        r.headers.push(("ETag".into(), obj.etag.clone()));
        r.headers.push(("Last-Modified".into(), obj.last_modified.http_date()));
        return r;
    }
    // A key without a trailing slash whose folder holds an index document redirects there.
    let folder_index = format!("{key}/{index}");
    if bucket.current(&folder_index).is_some() {
        cx.why(format!("'{key}' is a folder with an index document, so S3 redirects to '{key}/'"));
        let mut r = HttpResponse::new(302, "text/html", "");
        r.headers.push(("Location".into(), format!("/{key}/")));
        return r;
    }
    if let Some(error_key) = &website.error_document {
        if let Some(obj) = bucket.current(error_key) {
            cx.why(format!("no object '{key}'; served the error document '{error_key}' with status 404"));
            return HttpResponse::new(404, &obj.content_type, obj.body.clone());
        }
    }
    cx.why(format!("no object '{key}' in bucket '{}'", bucket.name));
    s3_error_page(404, "NoSuchKey", "The specified key does not exist.", &[("Key", &key)])
}

/// A website answers only when a bucket policy allows anonymous s3:GetObject (Block Public
/// Access is not simulated yet, so a public policy is enough).
fn is_public(bucket: &Bucket) -> bool {
    let Some(policy) = &bucket.policy else {
        return false;
    };
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(policy) else {
        return false;
    };
    let statements = match &doc["Statement"] {
        serde_json::Value::Array(a) => a.clone(),
        s @ serde_json::Value::Object(_) => vec![s.clone()],
        _ => return false,
    };
    let as_list = |v: &serde_json::Value| -> Vec<String> {
        match v {
            serde_json::Value::String(s) => vec![s.clone()],
            serde_json::Value::Array(a) => a.iter().filter_map(|x| x.as_str().map(String::from)).collect(),
            _ => Vec::new(),
        }
    };
    statements.iter().any(|s| {
        let everyone = s["Principal"] == "*" || as_list(&s["Principal"]["AWS"]).iter().any(|p| p == "*");
        let allows = s["Effect"] == "Allow";
        let action = as_list(&s["Action"]).iter().any(|a| a == "s3:GetObject" || a == "s3:*" || a == "*");
        allows && everyone && action
    })
}
