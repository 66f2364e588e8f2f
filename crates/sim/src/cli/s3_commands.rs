//! The high-level `aws s3` commands: `ls`, `mb`, `rb [--force]`, `cp [--recursive]`, `sync
//! [--delete]`, `rm` and `website`. Each is a few S3 API calls, printed the way the AWS CLI prints
//! them (`make_bucket: b`, `upload: ./f to s3://b/f`).

use super::aws::{service_error_line, Failure, GlobalOptions, EXIT_SERVICE_ERROR, EXIT_USAGE};
use super::fs::FileSystem;
use super::CommandOutput;
use crate::bytes::Bytes;
use crate::error::ApiError;
use crate::services::s3::*;
use crate::services::{Request, Response};
use crate::time::SimTime;
use crate::world::World;

const SUBCOMMANDS: &[&str] = &["ls", "mb", "rb", "cp", "sync", "rm", "website"];

struct Ctx<'a> {
    world: &'a mut World,
    region: String,
}

impl Ctx<'_> {
    fn call(&mut self, request: S3Request) -> Result<S3Response, ApiError> {
        match self.world.call_in(&self.region, Request::S3(request))? {
            Response::S3(r) => Ok(r),
            #[allow(unreachable_patterns)]
            _ => Err(ApiError::new("InternalError", 500, "S3 answered with another service's response")),
        }
    }

    /// Every key under `prefix` (all pages), or the common prefixes too with a delimiter.
    fn list(&mut self, bucket: &str, prefix: &str, delimiter: Option<&str>) -> Result<ListObjectsV2Output, ApiError> {
        let mut all: Option<ListObjectsV2Output> = None;
        let mut token = None;
        loop {
            let request = ListObjectsV2Request {
                bucket: bucket.to_string(),
                prefix: (!prefix.is_empty()).then(|| prefix.to_string()),
                delimiter: delimiter.map(str::to_string),
                continuation_token: token.take(),
                ..Default::default()
            };
            let S3Response::ListObjectsV2(page) = self.call(S3Request::ListObjectsV2(request))? else {
                return Err(unexpected());
            };
            token = page.next_continuation_token.clone();
            match &mut all {
                None => all = Some(page),
                Some(acc) => {
                    acc.contents.extend(page.contents);
                    acc.common_prefixes.extend(page.common_prefixes);
                }
            }
            if token.is_none() {
                return all.ok_or_else(unexpected);
            }
        }
    }
}

fn unexpected() -> ApiError {
    ApiError::new("InternalError", 500, "S3 answered with an unexpected response")
}

pub fn run(world: &mut World, fs: &mut dyn FileSystem, globals: &GlobalOptions, words: &[String]) -> CommandOutput {
    let region = globals.region.clone().unwrap_or_else(|| world.default_region.clone());
    let mut ctx = Ctx { world, region };
    let Some(sub) = words.first() else {
        return Failure::usage(format!(
            "{}\naws: error: the following arguments are required: subcommand",
            super::aws::USAGE
        ))
        .into_output();
    };
    let (flags, args) = split_flags(&words[1..]);
    let result = match sub.as_str() {
        "ls" => ls(&mut ctx, &args, &flags),
        "mb" => mb(&mut ctx, &args),
        "rb" => rb(&mut ctx, &args, &flags),
        "cp" if flag(&flags, "--recursive") => transfer_tree(&mut ctx, fs, &args, Mode::Copy),
        "cp" => cp(&mut ctx, fs, &args, &flags),
        "sync" => transfer_tree(&mut ctx, fs, &args, Mode::Sync { delete: flag(&flags, "--delete") }),
        "rm" => rm(&mut ctx, &args),
        "website" => website(&mut ctx, &args, &flags),
        "help" => Ok(CommandOutput::ok(format!("aws s3 <command>: {}\n", SUBCOMMANDS.join(", ")))),
        _ => Err(Failure::usage(format!(
            "{}\naws: error: argument subcommand: Invalid choice, valid choices are:\n\n{}",
            super::aws::USAGE,
            SUBCOMMANDS.join(" | ")
        ))),
    };
    result.unwrap_or_else(Failure::into_output)
}

/// Options (`--force`, `--content-type text/html`) and positional arguments.
fn split_flags(words: &[String]) -> (Vec<(String, Option<String>)>, Vec<String>) {
    const VALUED: &[&str] = &["--content-type", "--index-document", "--error-document"];
    let (mut flags, mut args) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        i += 1;
        if w.starts_with("--") {
            let value = if VALUED.contains(&w.as_str()) && i < words.len() {
                i += 1;
                Some(words[i - 1].clone())
            } else {
                None
            };
            flags.push((w.clone(), value));
        } else {
            args.push(w.clone());
        }
    }
    (flags, args)
}

fn flag(flags: &[(String, Option<String>)], name: &str) -> bool {
    flags.iter().any(|(f, _)| f == name)
}

fn flag_value<'f>(flags: &'f [(String, Option<String>)], name: &str) -> Option<&'f str> {
    flags.iter().find(|(f, _)| f == name).and_then(|(_, v)| v.as_deref())
}

/// `s3://bucket/key` -> (bucket, key).
fn s3_path(arg: &str) -> Option<(String, String)> {
    let rest = arg.strip_prefix("s3://")?;
    let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
    (!bucket.is_empty()).then(|| (bucket.to_string(), key.to_string()))
}

fn need_s3_path(arg: Option<&String>) -> Result<(String, String), Failure> {
    let arg = arg.ok_or_else(|| Failure::usage("aws: error: the following arguments are required: paths"))?;
    s3_path(arg).ok_or_else(|| Failure::usage(format!("\n<S3Uri>: {arg} is not a valid S3 URI (s3://bucket[/key])")))
}

/// `2026-01-01 00:00:00`, as `aws s3 ls` prints times.
fn ls_time(t: SimTime) -> String {
    let c = t.civil();
    format!("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", c.year, c.month, c.day, c.hour, c.minute, c.second)
}

fn human_size(bytes: i64) -> String {
    let units = ["Bytes", "KiB", "MiB", "GiB"];
    let mut size = bytes as f64;
    let mut unit = 0;
    while size >= 1024.0 && unit < units.len() - 1 {
        size /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} Bytes")
    } else {
        format!("{} {}", crate::numfmt::decimal(size, 1), units[unit])
    }
}

fn service_failure(operation: &str, e: &ApiError) -> Failure {
    Failure { message: format!("\n{}", service_error_line(operation, e)), exit_code: EXIT_SERVICE_ERROR }
}

fn ls(ctx: &mut Ctx, args: &[String], flags: &[(String, Option<String>)]) -> Result<CommandOutput, Failure> {
    let Some(target) = args.first() else {
        let S3Response::ListBuckets(out) = ctx
            .call(S3Request::ListBuckets(ListBucketsRequest::default()))
            .map_err(|e| service_failure("ListBuckets", &e))?
        else {
            return Err(service_failure("ListBuckets", &unexpected()));
        };
        let lines: String = out.buckets.iter().map(|b| format!("{} {}\n", ls_time(b.creation_date), b.name)).collect();
        return Ok(CommandOutput::ok(lines));
    };
    let (bucket, prefix) = need_s3_path(Some(target))?;
    let recursive = flag(flags, "--recursive");
    let human = flag(flags, "--human-readable");
    let listing = ctx
        .list(&bucket, &prefix, if recursive { None } else { Some("/") })
        .map_err(|e| service_failure("ListObjectsV2", &e))?;
    let mut out = String::new();
    for p in &listing.common_prefixes {
        let name = p.prefix.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        out.push_str(&format!("{:>30} {name}/\n", "PRE"));
    }
    let mut total = 0;
    for o in &listing.contents {
        let name = if recursive { o.key.as_str() } else { o.key.rsplit('/').next().unwrap_or("") };
        let size = if human { human_size(o.size) } else { o.size.to_string() };
        out.push_str(&format!("{} {size:>10} {name}\n", ls_time(o.last_modified)));
        total += o.size;
    }
    if flag(flags, "--summarize") {
        let size = if human { human_size(total) } else { total.to_string() };
        out.push_str(&format!("\nTotal Objects: {}\n   Total Size: {size}\n", listing.contents.len()));
    }
    let nothing = listing.contents.is_empty() && listing.common_prefixes.is_empty();
    Ok(CommandOutput { stdout: out, stderr: String::new(), exit_code: i32::from(nothing && !prefix.is_empty()) })
}

fn mb(ctx: &mut Ctx, args: &[String]) -> Result<CommandOutput, Failure> {
    let (bucket, _) = need_s3_path(args.first())?;
    let configuration = (ctx.region != "us-east-1")
        .then(|| CreateBucketConfiguration { location_constraint: Some(ctx.region.clone()) });
    let request = CreateBucketRequest { bucket: bucket.clone(), create_bucket_configuration: configuration };
    match ctx.call(S3Request::CreateBucket(request)) {
        Ok(_) => Ok(CommandOutput::ok(format!("make_bucket: {bucket}\n"))),
        Err(e) => Ok(CommandOutput::failed(
            format!("make_bucket failed: s3://{bucket} {}\n", service_error_line("CreateBucket", &e)),
            1,
        )),
    }
}

fn delete_object(ctx: &mut Ctx, bucket: &str, key: &str) -> Result<String, String> {
    let request = DeleteObjectRequest { bucket: bucket.into(), key: key.into(), version_id: None };
    match ctx.call(S3Request::DeleteObject(request)) {
        Ok(_) => Ok(format!("delete: s3://{bucket}/{key}\n")),
        Err(e) => Err(format!("delete failed: s3://{bucket}/{key} {}\n", service_error_line("DeleteObject", &e))),
    }
}

fn rb(ctx: &mut Ctx, args: &[String], flags: &[(String, Option<String>)]) -> Result<CommandOutput, Failure> {
    let (bucket, _) = need_s3_path(args.first())?;
    let mut out = CommandOutput::default();
    if flag(flags, "--force") {
        // Like the real command: delete the current objects (not older versions), then the bucket.
        match ctx.list(&bucket, "", None) {
            Ok(listing) => {
                for o in listing.contents {
                    match delete_object(ctx, &bucket, &o.key) {
                        Ok(line) => out.stdout.push_str(&line),
                        Err(line) => out.stderr.push_str(&line),
                    }
                }
            }
            Err(e) => {
                return Ok(CommandOutput::failed(
                    format!("remove_bucket failed: s3://{bucket} {}\n", service_error_line("ListObjectsV2", &e)),
                    1,
                ))
            }
        }
    }
    match ctx.call(S3Request::DeleteBucket(DeleteBucketRequest { bucket: bucket.clone() })) {
        Ok(_) => out.stdout.push_str(&format!("remove_bucket: {bucket}\n")),
        Err(e) => {
            out.stderr
                .push_str(&format!("remove_bucket failed: s3://{bucket} {}\n", service_error_line("DeleteBucket", &e)));
            out.exit_code = 1;
        }
    }
    Ok(out)
}

fn rm(ctx: &mut Ctx, args: &[String]) -> Result<CommandOutput, Failure> {
    let (bucket, key) = need_s3_path(args.first())?;
    Ok(match delete_object(ctx, &bucket, &key) {
        Ok(line) => CommandOutput::ok(line),
        Err(line) => CommandOutput::failed(line, 1),
    })
}

fn website(ctx: &mut Ctx, args: &[String], flags: &[(String, Option<String>)]) -> Result<CommandOutput, Failure> {
    let (bucket, _) = need_s3_path(args.first())?;
    let configuration = WebsiteConfiguration {
        index_document: flag_value(flags, "--index-document").map(|s| IndexDocument { suffix: s.into() }),
        error_document: flag_value(flags, "--error-document").map(|k| ErrorDocument { key: k.into() }),
        redirect_all_requests_to: None,
    };
    let request = PutBucketWebsiteRequest { bucket, website_configuration: configuration };
    match ctx.call(S3Request::PutBucketWebsite(request)) {
        Ok(_) => Ok(CommandOutput::default()),
        Err(e) => Err(service_failure("PutBucketWebsite", &e)),
    }
}

/// The MIME type `aws s3 cp` guesses from a file name.
pub fn guess_content_type(name: &str) -> Option<&'static str> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "html" | "htm" => "text/html",
        "css" => "text/css",
        "js" | "mjs" => "text/javascript",
        "json" => "application/json",
        "txt" | "md" => "text/plain",
        "csv" => "text/csv",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/vnd.microsoft.icon",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "wasm" => "application/wasm",
        _ => return None,
    })
}

fn display_local(path: &str) -> String {
    if path.starts_with('/') || path.starts_with("./") || path.starts_with("../") {
        path.to_string()
    } else {
        format!("./{path}")
    }
}

fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Percent-encodes a key for CopySource (keeps `/` and the unreserved characters).
fn encode_key(key: &str) -> String {
    key.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn cp(
    ctx: &mut Ctx,
    fs: &mut dyn FileSystem,
    args: &[String],
    flags: &[(String, Option<String>)],
) -> Result<CommandOutput, Failure> {
    let [src, dst] = args else {
        return Err(Failure::usage(format!(
            "{}\naws: error: the following arguments are required: paths (cp <source> <destination>)",
            super::aws::USAGE
        )));
    };
    let with_name =
        |key: &str, name: &str| if key.is_empty() || key.ends_with('/') { format!("{key}{name}") } else { key.into() };
    match (s3_path(src), s3_path(dst)) {
        (None, Some((bucket, key))) => {
            let Ok(data) = fs.read(src) else {
                return Ok(CommandOutput::failed(format!("\nThe user-provided path {src} does not exist.\n"), 255));
            };
            let key = with_name(&key, basename(src));
            let content_type =
                flag_value(flags, "--content-type").or_else(|| guess_content_type(&key)).map(str::to_string);
            let request = PutObjectRequest {
                bucket: bucket.clone(),
                key: key.clone(),
                body: Bytes(data),
                content_type,
                ..Default::default()
            };
            let what = format!("{} to s3://{bucket}/{key}", display_local(src));
            Ok(match ctx.call(S3Request::PutObject(request)) {
                Ok(_) => CommandOutput::ok(format!("upload: {what}\n")),
                Err(e) => {
                    CommandOutput::failed(format!("upload failed: {what} {}\n", service_error_line("PutObject", &e)), 1)
                }
            })
        }
        (Some((bucket, key)), None) => {
            let request = GetObjectRequest { bucket: bucket.clone(), key: key.clone(), version_id: None };
            let object = match ctx.call(S3Request::GetObject(request)) {
                Ok(S3Response::GetObject(o)) => o,
                Ok(_) => return Err(service_failure("GetObject", &unexpected())),
                Err(e) => {
                    let what = if dst == "-" { String::new() } else { format!(" to {}", display_local(dst)) };
                    return Ok(CommandOutput::failed(
                        format!("download failed: s3://{bucket}/{key}{what} {}\n", service_error_line("GetObject", &e)),
                        1,
                    ));
                }
            };
            if dst == "-" {
                return Ok(CommandOutput::ok(String::from_utf8_lossy(object.body.as_slice()).into_owned()));
            }
            let local = if dst == "." || dst.ends_with('/') {
                format!("{}{}", dst.trim_end_matches('.'), basename(&key))
            } else {
                dst.clone()
            };
            if let Err(e) = fs.write(&local, object.body.as_slice()) {
                return Ok(CommandOutput::failed(format!("download failed: s3://{bucket}/{key} to {local} {e}\n"), 1));
            }
            Ok(CommandOutput::ok(format!("download: s3://{bucket}/{key} to {}\n", display_local(&local))))
        }
        (Some((src_bucket, src_key)), Some((bucket, key))) => {
            let key = with_name(&key, basename(&src_key));
            let request = CopyObjectRequest {
                bucket: bucket.clone(),
                key: key.clone(),
                copy_source: format!("{src_bucket}/{}", encode_key(&src_key)),
                ..Default::default()
            };
            let what = format!("s3://{src_bucket}/{src_key} to s3://{bucket}/{key}");
            Ok(match ctx.call(S3Request::CopyObject(request)) {
                Ok(_) => CommandOutput::ok(format!("copy: {what}\n")),
                Err(e) => {
                    CommandOutput::failed(format!("copy failed: {what} {}\n", service_error_line("CopyObject", &e)), 1)
                }
            })
        }
        (None, None) => Err(Failure {
            message: format!("\nError: Invalid argument type: at least one of {src} and {dst} must be an s3:// path"),
            exit_code: EXIT_USAGE,
        }),
    }
}

// ------------------------------------------------------------------ folders: cp --recursive, sync

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// `cp --recursive`: every file.
    Copy,
    /// `sync`: only files missing at the destination or different there (size or content; the
    /// simulated file system keeps no modification times); `--delete` removes what the source lacks.
    Sync { delete: bool },
}

/// A local folder argument as a path prefix: `.` is the whole home folder, `site` is `site/`.
fn local_prefix(dir: &str) -> String {
    let trimmed = dir.trim().trim_start_matches("./").trim_end_matches('/');
    if trimmed.is_empty() || trimmed == "." {
        String::new()
    } else {
        format!("{trimmed}/")
    }
}

/// `prefix` + `name`, with one `/` between a non-empty prefix and the name.
fn join_key(prefix: &str, name: &str) -> String {
    if prefix.is_empty() || prefix.ends_with('/') {
        format!("{prefix}{name}")
    } else {
        format!("{prefix}/{name}")
    }
}

fn transfer_tree(
    ctx: &mut Ctx,
    fs: &mut dyn FileSystem,
    args: &[String],
    mode: Mode,
) -> Result<CommandOutput, Failure> {
    let verb = if mode == Mode::Copy { "cp --recursive" } else { "sync" };
    let [src, dst] = args else {
        return Err(Failure::usage(format!(
            "{}\naws: error: the following arguments are required: paths ({verb} <source> <destination>)",
            super::aws::USAGE
        )));
    };
    match (s3_path(src), s3_path(dst)) {
        (None, Some((bucket, prefix))) => upload_tree(ctx, fs, src, &bucket, &prefix, mode),
        (Some((bucket, prefix)), None) => download_tree(ctx, fs, &bucket, &prefix, dst, mode),
        (Some(_), Some(_)) => Err(Failure {
            message: format!("\nNimbus Lab simulates {verb} between a local folder and S3; copy between buckets key by key with aws s3 cp."),
            exit_code: EXIT_USAGE,
        }),
        (None, None) => Err(Failure {
            message: format!("\nError: Invalid argument type: at least one of {src} and {dst} must be an s3:// path"),
            exit_code: EXIT_USAGE,
        }),
    }
}

/// What is at the destination already: key -> (size, ETag).
fn remote_objects(ctx: &mut Ctx, bucket: &str, prefix: &str) -> Result<Vec<(String, i64, String)>, Failure> {
    let listing = ctx.list(bucket, prefix, None).map_err(|e| service_failure("ListObjectsV2", &e))?;
    Ok(listing.contents.into_iter().map(|o| (o.key, o.size, o.etag)).collect())
}

fn upload_tree(
    ctx: &mut Ctx,
    fs: &mut dyn FileSystem,
    dir: &str,
    bucket: &str,
    prefix: &str,
    mode: Mode,
) -> Result<CommandOutput, Failure> {
    let local = local_prefix(dir);
    let files: Vec<(String, String)> = fs
        .list_under(&local)
        .into_iter()
        .filter_map(|(path, _)| path.strip_prefix(&local).map(|rel| (path.clone(), rel.to_string())))
        .collect();
    let remote = remote_objects(ctx, bucket, prefix)?;
    let (mut out, mut failed) = (String::new(), false);
    let mut keys = Vec::new();
    for (path, rel) in &files {
        let key = join_key(prefix, rel);
        keys.push(key.clone());
        let Ok(data) = fs.read(path) else { continue };
        let same = remote.iter().any(|(k, size, etag)| {
            k == &key && *size == data.len() as i64 && *etag == crate::services::s3::ops::etag_of(&data)
        });
        if mode != Mode::Copy && same {
            continue;
        }
        let request = PutObjectRequest {
            bucket: bucket.to_string(),
            key: key.clone(),
            content_type: guess_content_type(&key).map(str::to_string),
            body: Bytes(data),
            ..Default::default()
        };
        let what = format!("{} to s3://{bucket}/{key}", display_local(path));
        match ctx.call(S3Request::PutObject(request)) {
            Ok(_) => out.push_str(&format!("upload: {what}\n")),
            Err(e) => {
                failed = true;
                out.push_str(&format!("upload failed: {what} {}\n", service_error_line("PutObject", &e)));
            }
        }
    }
    if let Mode::Sync { delete: true } = mode {
        for (key, _, _) in remote.iter().filter(|(k, _, _)| !keys.contains(k)) {
            match delete_object(ctx, bucket, key) {
                Ok(line) => out.push_str(&line),
                Err(line) => {
                    failed = true;
                    out.push_str(&line);
                }
            }
        }
    }
    Ok(if failed { CommandOutput::failed(out, 1) } else { CommandOutput::ok(out) })
}

fn download_tree(
    ctx: &mut Ctx,
    fs: &mut dyn FileSystem,
    bucket: &str,
    prefix: &str,
    dir: &str,
    mode: Mode,
) -> Result<CommandOutput, Failure> {
    let local = local_prefix(dir);
    let remote = remote_objects(ctx, bucket, prefix)?;
    let (mut out, mut failed) = (String::new(), false);
    let mut written = Vec::new();
    for (key, size, etag) in &remote {
        // Keys under the prefix land under the folder; a "folder" key (`a/`) has no file.
        let rel = key.strip_prefix(prefix).unwrap_or(key).trim_start_matches('/');
        if rel.is_empty() || rel.ends_with('/') {
            continue;
        }
        let path = format!("{local}{rel}");
        written.push(path.clone());
        let same =
            fs.read(&path).is_ok_and(|d| d.len() as i64 == *size && crate::services::s3::ops::etag_of(&d) == *etag);
        if mode != Mode::Copy && same {
            continue;
        }
        let what = format!("s3://{bucket}/{key} to {}", display_local(&path));
        let request = GetObjectRequest { bucket: bucket.to_string(), key: key.clone(), version_id: None };
        let result = match ctx.call(S3Request::GetObject(request)) {
            Ok(S3Response::GetObject(o)) => fs.write(&path, o.body.as_slice()),
            Ok(_) => Err(unexpected().message),
            Err(e) => Err(service_error_line("GetObject", &e)),
        };
        match result {
            Ok(()) => out.push_str(&format!("download: {what}\n")),
            Err(e) => {
                failed = true;
                out.push_str(&format!("download failed: {what} {e}\n"));
            }
        }
    }
    if let Mode::Sync { delete: true } = mode {
        let stale: Vec<String> =
            fs.list_under(&local).into_iter().map(|(p, _)| p).filter(|p| !written.contains(p)).collect();
        for path in stale {
            if fs.remove(&path).is_ok() {
                out.push_str(&format!("delete: {}\n", display_local(&path)));
            }
        }
    }
    Ok(if failed { CommandOutput::failed(out, 1) } else { CommandOutput::ok(out) })
}
