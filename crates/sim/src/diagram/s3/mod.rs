//! The S3 diagram: each bucket a box (name, region, versioning, encryption), its objects inside
//! with their current state, the version history stacked under each object when the bucket is
//! versioned, and a website endpoint pointing at the index and error documents.

use crate::diagram::{layout, Diagram, EdgeSpec, GraphSpec, GroupSpec, NodeSpec};
use crate::numfmt::human_size;
use crate::services::s3::model::{Bucket, EncryptionRule, ObjectHistory, ObjectVersion, VersioningStatus};
use crate::World;

/// Versions shown under one object; older ones are summed up in a "+N more" node.
pub const MAX_VERSIONS_SHOWN: usize = 5;
/// Objects shown in one bucket (website documents always are); the rest become "+N more objects".
pub const MAX_OBJECTS_SHOWN: usize = 40;

pub fn diagram(world: &World) -> Diagram {
    layout(&spec(world))
}

/// The graph the S3 diagram is laid out from.
pub fn spec(world: &World) -> GraphSpec {
    let mut spec = GraphSpec { title: "Amazon S3".into(), ..Default::default() };
    for bucket in world.s3.buckets.values() {
        add_bucket(&mut spec, bucket);
    }
    spec
}

pub fn bucket_id(bucket: &str) -> String {
    format!("bucket:{bucket}")
}

pub fn object_id(bucket: &str, key: &str) -> String {
    format!("object:{bucket}/{key}")
}

/// A version is named by its place in the key's history (0 = oldest), which never changes once
/// written, unlike "null" version ids that later writes replace.
pub fn version_id(bucket: &str, key: &str, index: usize) -> String {
    format!("version:{bucket}/{key}#{index}")
}

pub fn website_id(bucket: &str) -> String {
    format!("website:{bucket}")
}

fn add_bucket(spec: &mut GraphSpec, bucket: &Bucket) {
    let group = bucket_id(&bucket.name);
    let live_objects = bucket.objects.values().filter(|h| h.latest().is_some_and(|v| !v.is_delete_marker)).count();
    let mut box_spec = GroupSpec::new(&group, format!("{} ({})", bucket.name, bucket.region), "bucket")
        .detail("Region", &bucket.region)
        .detail("Versioning", versioning_label(bucket.versioning))
        .detail("Encryption", encryption_label(bucket.encryption.as_ref()))
        .detail("Policy", if bucket.policy.is_some() { "Attached" } else { "None" })
        .detail("Objects", live_objects.to_string());
    if bucket.website.is_some() {
        box_spec = box_spec.detail("Website", format!("http://{}", bucket.website_endpoint()));
    }
    spec.groups.push(box_spec);

    let documents = website_documents(bucket);
    let mut hidden = 0;
    let mut shown = 0;
    for (key, history) in bucket.objects.iter().filter(|(_, h)| !h.versions.is_empty()) {
        if shown < MAX_OBJECTS_SHOWN || documents.contains(&key) {
            add_object(spec, bucket, key, history);
            shown += 1;
        } else {
            hidden += 1;
        }
    }
    if hidden > 0 {
        spec.nodes.push(
            NodeSpec::new(format!("more-objects:{}", bucket.name), format!("+{hidden} more objects"), "more")
                .detail("Objects not shown", hidden.to_string())
                .in_group(&group),
        );
    }
    add_website(spec, bucket);
}

fn versioning_label(status: Option<VersioningStatus>) -> &'static str {
    match status {
        None => "Off",
        Some(VersioningStatus::Enabled) => "Enabled",
        Some(VersioningStatus::Suspended) => "Suspended",
    }
}

fn encryption_label(rule: Option<&EncryptionRule>) -> String {
    let Some(rule) = rule else {
        return "SSE-S3 (default)".into();
    };
    let kind = match rule.sse_algorithm.as_str() {
        "AES256" => "SSE-S3".to_string(),
        "aws:kms" => "SSE-KMS".to_string(),
        "aws:kms:dsse" => "DSSE-KMS".to_string(),
        other => other.to_string(),
    };
    let key = rule.kms_master_key_id.as_deref().map(|k| format!(" with key {k}")).unwrap_or_default();
    let bucket_key = if rule.bucket_key_enabled { ", S3 Bucket Key on" } else { "" };
    format!("{kind}{key}{bucket_key}")
}

/// Keys the website configuration names as index and error documents.
fn website_documents(bucket: &Bucket) -> Vec<&String> {
    let Some(site) = &bucket.website else {
        return Vec::new();
    };
    if site.redirect_all_to.is_some() {
        return Vec::new();
    }
    site.index_document.iter().chain(site.error_document.iter()).collect()
}

fn add_object(spec: &mut GraphSpec, bucket: &Bucket, key: &str, history: &ObjectHistory) {
    let id = object_id(&bucket.name, key);
    let group = bucket_id(&bucket.name);
    let markers = history.versions.iter().filter(|v| v.is_delete_marker).count();
    let versions = history.versions.len() - markers;
    let mut node = NodeSpec::new(&id, key, "object").in_group(&group);
    match history.latest() {
        Some(latest) if latest.is_delete_marker => node = node.state("delete marker"),
        Some(latest) => {
            if bucket.versioning.is_some() {
                node = node.state(plural(versions, "version"));
            }
            node = with_version_details(node, latest);
        }
        None => {}
    }
    if bucket.versioning.is_some() {
        node = node.detail("Versions", versions.to_string()).detail("Delete markers", markers.to_string());
    }
    spec.nodes.push(node);
    if bucket.versioning.is_some() {
        add_version_stack(spec, bucket, key, history);
    }
}

/// Newest version first, each pointing to the one before it; at most [`MAX_VERSIONS_SHOWN`].
fn add_version_stack(spec: &mut GraphSpec, bucket: &Bucket, key: &str, history: &ObjectHistory) {
    let group = bucket_id(&bucket.name);
    let newest = history.versions.len() - 1;
    let mut above = object_id(&bucket.name, key);
    for (index, version) in history.versions.iter().enumerate().rev().take(MAX_VERSIONS_SHOWN) {
        let id = version_id(&bucket.name, key, index);
        let state = if version.is_delete_marker {
            "delete marker"
        } else if index == newest {
            "current"
        } else {
            "noncurrent"
        };
        let mut node = NodeSpec::new(&id, short_version_id(&version.version_id), "version")
            .state(state)
            .detail("Version ID", &version.version_id)
            .in_group(&group);
        node = if version.is_delete_marker {
            node.detail("Last modified", version.last_modified.iso8601())
        } else {
            with_version_details(node, version)
        };
        spec.nodes.push(node);
        let edge = if index == newest { EdgeSpec::new(&above, &id).label("latest") } else { older(&above, &id) };
        spec.edges.push(edge);
        above = id;
    }
    let hidden = history.versions.len().saturating_sub(MAX_VERSIONS_SHOWN);
    if hidden > 0 {
        let id = format!("more:{}/{key}", bucket.name);
        spec.nodes.push(
            NodeSpec::new(&id, format!("+{hidden} more"), "more")
                .detail("Older versions not shown", hidden.to_string())
                .in_group(&group),
        );
        spec.edges.push(older(&above, &id));
    }
}

fn older(newer: &str, older: &str) -> EdgeSpec {
    EdgeSpec::new(newer, older).label("older").dashed()
}

fn with_version_details(node: NodeSpec, version: &ObjectVersion) -> NodeSpec {
    let mut node = node
        .detail("Size", human_size(version.body.len()))
        .detail("Content-Type", &version.content_type)
        .detail("ETag", &version.etag)
        .detail("Last modified", version.last_modified.iso8601());
    if let Some(sse) = &version.server_side_encryption {
        node = node.detail("Encryption", sse);
    }
    node
}

fn add_website(spec: &mut GraphSpec, bucket: &Bucket) {
    let Some(site) = &bucket.website else {
        return;
    };
    let id = website_id(&bucket.name);
    let group = bucket_id(&bucket.name);
    let mut node = NodeSpec::new(&id, "Website endpoint", "endpoint")
        .detail("URL", format!("http://{}", bucket.website_endpoint()))
        .in_group(&group);
    if site.redirect_all_to.is_some() {
        node = node.state("redirects all requests");
    }
    let documents = [("index document", &site.index_document), ("error document", &site.error_document)];
    for (role, key) in documents {
        if let Some(key) = key {
            node = node.detail(capitalized(role), key);
        }
    }
    spec.nodes.push(node);
    if site.redirect_all_to.is_some() {
        return;
    }
    for (role, key) in documents {
        let Some(key) = key else { continue };
        let target = object_id(&bucket.name, key);
        let exists = bucket.objects.get(key).is_some_and(|h| !h.versions.is_empty());
        let already_added = spec.nodes.iter().any(|n| n.id == target);
        if !exists && !already_added {
            spec.nodes.push(
                NodeSpec::new(&target, key, "object")
                    .state("missing")
                    .detail("Note", "no object has this key, so the website answers 404 Not Found")
                    .in_group(&group),
            );
        }
        spec.edges.push(EdgeSpec::new(&id, &target).label(role));
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}

/// Real version ids are 32 characters; the node shows the start of it, the details the whole.
fn short_version_id(id: &str) -> String {
    if id.chars().count() > 12 {
        format!("{}…", id.chars().take(8).collect::<String>())
    } else {
        id.to_string()
    }
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
mod tests;
