//! S3 website endpoints on the simulated network: `bucket.s3-website-<region>.amazonaws.com`
//! answers GET with the index document, the error document, or S3's own 403/404 pages.

use super::model::{Bucket, WebsiteConfig};
use super::ops::{anonymous_read, AnonymousRead};
use crate::network::{HttpRequest, HttpResponse, ParsedUrl};
use crate::world::{CallContext, World};

/// The bucket a website host name belongs to, if it is one.
fn bucket_for_host<'w>(world: &'w World, host: &str) -> Option<&'w Bucket> {
    let (name, rest) = host.split_once(".s3-website")?;
    let bucket = world.s3.buckets.get(name)?;
    (rest.starts_with('-') || rest.starts_with('.')).then_some(())?;
    (bucket.website_endpoint() == host).then_some(bucket)
}

/// One `<li>Code/Message/…</li>` block of an S3 error page.
#[derive(Clone, Copy)]
struct ErrorItems<'a> {
    code: &'a str,
    message: &'a str,
    extra: &'a [(&'a str, &'a str)],
}

fn list_items(items: ErrorItems) -> String {
    let mut out = format!("<li>Code: {}</li>\n<li>Message: {}</li>\n", items.code, items.message);
    for (k, v) in items.extra {
        out.push_str(&format!("<li>{k}: {v}</li>\n"));
    }
    out
}

/// S3's HTML error page; `error_document_failure` adds the section S3 shows when the
/// configured error document could not be served either.
fn s3_error_page(status: u16, items: ErrorItems, error_document_failure: Option<ErrorItems>) -> HttpResponse {
    let title = match status {
        403 => "403 Forbidden",
        404 => "404 Not Found",
        405 => "405 Method Not Allowed",
        _ => "Error",
    };
    let mut body = format!(
        "<html>\n<head><title>{title}</title></head>\n<body>\n<h1>{title}</h1>\n<ul>\n{}</ul>\n",
        list_items(items)
    );
    if let Some(failure) = error_document_failure {
        body.push_str("<h3>An Error Occurred While Attempting to Retrieve a Custom Error Document</h3>\n<ul>\n");
        body.push_str(&list_items(failure));
        body.push_str("</ul>\n");
    }
    body.push_str("<hr/>\n</body>\n</html>\n");
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
        let items = ErrorItems {
            code: "NoSuchBucket",
            message: "The specified bucket does not exist",
            extra: &[("BucketName", name)],
        };
        return Some(s3_error_page(404, items, None));
    };
    cx.touch(bucket.arn());
    let mut response = answer(bucket, cx, request, url);
    if request.method == "HEAD" {
        response.body = Default::default();
    }
    response.hops.push(format!("{} (S3 website endpoint, {})", url.host, bucket.region));
    Some(response)
}

fn answer(bucket: &Bucket, cx: &mut CallContext, request: &HttpRequest, url: &ParsedUrl) -> HttpResponse {
    let Some(website) = &bucket.website else {
        cx.why(format!("bucket '{}' has no website configuration", bucket.name));
        let items = ErrorItems {
            code: "NoSuchWebsiteConfiguration",
            message: "The specified bucket does not have a website configuration",
            extra: &[("BucketName", &bucket.name)],
        };
        return s3_error_page(404, items, None);
    };
    if let Some(target) = &website.redirect_all_to {
        let protocol = target.protocol.as_deref().unwrap_or(&url.scheme);
        let location = format!("{protocol}://{}{}", target.host_name, url.path);
        cx.why(format!("the website redirects every request to {protocol}://{}", target.host_name));
        let mut r = HttpResponse::new(301, "text/html", "");
        r.headers.push(("Location".into(), location));
        return r;
    }
    if request.method != "GET" && request.method != "HEAD" {
        cx.why("website endpoints answer only GET and HEAD");
        let items = ErrorItems {
            code: "MethodNotAllowed",
            message: "The specified method is not allowed against this resource.",
            extra: &[("Method", &request.method), ("ResourceType", "OBJECT")],
        };
        return s3_error_page(405, items, None);
    }
    let index = website.index_document.clone().unwrap_or_else(|| "index.html".into());
    let mut key = url.path.trim_start_matches('/').to_string();
    if key.is_empty() || key.ends_with('/') {
        key.push_str(&index);
    }
    match anonymous_read(bucket.policy.as_deref(), &bucket.name, &key) {
        AnonymousRead::Allowed if bucket.restricts_public_access() => {
            cx.why(format!(
                "the policy of '{}' is public but RestrictPublicBuckets (Block Public Access) ignores it: 403",
                bucket.name
            ));
            let items = ErrorItems { code: "AccessDenied", message: "Access Denied", extra: &[] };
            return error_response(bucket, website, cx, 403, items);
        }
        AnonymousRead::Allowed => {}
        refusal => {
            cx.why(match refusal {
                AnonymousRead::NoPolicy => format!(
                    "bucket '{}' has no bucket policy, so anonymous website visitors get 403 Access Denied",
                    bucket.name
                ),
                AnonymousRead::Denied => format!("the policy of '{}' explicitly denies reading '{key}'", bucket.name),
                _ => format!(
                    "the policy of '{}' does not allow everyone (Principal \"*\") s3:GetObject on '{key}', so 403",
                    bucket.name
                ),
            });
            let items = ErrorItems { code: "AccessDenied", message: "Access Denied", extra: &[] };
            return error_response(bucket, website, cx, 403, items);
        }
    }
    #[cfg(feature = "kms")]
    if bucket.current(&key).is_some_and(|o| o.kms.is_some()) {
        cx.touch(format!("{}/{key}", bucket.arn()));
        cx.why(format!(
            "'{key}' is encrypted with SSE-KMS: reading it needs kms:Decrypt, which an anonymous website visitor \
             cannot have, so 403"
        ));
        let items = ErrorItems { code: "AccessDenied", message: "Access Denied", extra: &[] };
        return error_response(bucket, website, cx, 403, items);
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
    cx.why(format!("no object '{key}' in bucket '{}'", bucket.name));
    let items = ErrorItems { code: "NoSuchKey", message: "The specified key does not exist.", extra: &[("Key", &key)] };
    error_response(bucket, website, cx, 404, items)
}

/// An error answered with the bucket's error document when one is configured and readable,
/// with the error's own status; otherwise S3's page, noting why the error document failed.
fn error_response(
    bucket: &Bucket,
    website: &WebsiteConfig,
    cx: &mut CallContext,
    status: u16,
    items: ErrorItems,
) -> HttpResponse {
    let Some(error_key) = &website.error_document else {
        return s3_error_page(status, items, None);
    };
    let readable = anonymous_read(bucket.policy.as_deref(), &bucket.name, error_key) == AnonymousRead::Allowed
        && !bucket.restricts_public_access();
    let reason = cx.why.clone().unwrap_or_default();
    match bucket.current(error_key) {
        Some(obj) if readable => {
            cx.touch(format!("{}/{error_key}", bucket.arn()));
            cx.why(format!("{reason}; served the error document '{error_key}' with status {status}"));
            HttpResponse::new(status, &obj.content_type, obj.body.clone())
        }
        _ => {
            let failure = if readable {
                ErrorItems {
                    code: "NoSuchKey",
                    message: "The specified key does not exist.",
                    extra: &[("Key", error_key)],
                }
            } else {
                ErrorItems { code: "AccessDenied", message: "Access Denied", extra: &[] }
            };
            cx.why(format!("{reason}; the error document '{error_key}' could not be served either ({})", failure.code));
            s3_error_page(status, items, Some(failure))
        }
    }
}
