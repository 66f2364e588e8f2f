//! TagResource, UntagResource, ListTags for clusters and backups.

use super::*;

pub(crate) fn check_tags(cx: &mut CallContext, tags: &[Tag]) -> Result<(), ApiError> {
    if tags.len() > 50 {
        return Err(tag_error(cx, "A resource can have at most 50 tags.", "at most 50 tags per resource"));
    }
    for t in tags {
        if t.key.is_empty() || t.key.chars().count() > 128 || t.value.chars().count() > 256 {
            return Err(tag_error(
                cx,
                "Tag keys are 1 to 128 characters and values up to 256 characters.",
                format!("tag '{}' breaks the length rules (key 1–128, value 0–256)", t.key),
            ));
        }
        if t.key.to_ascii_lowercase().starts_with("aws:") {
            return Err(tag_error(cx, "Tag keys may not begin with aws:.", "the aws: prefix is reserved for AWS"));
        }
    }
    Ok(())
}

/// The tags of a cluster or backup, found by `ResourceId`.
fn tags_of<'w>(world: &'w mut World, cx: &mut CallContext, id: &str) -> Result<&'w mut Vec<Tag>, ApiError> {
    let region = cx.region.clone();
    if id.starts_with("cluster-") {
        if let Some(c) =
            world.cloudhsm.clusters.get_mut(id).filter(|c| c.region == region && c.state != ClusterState::Deleted)
        {
            cx.touch(cluster_arn(&region, id));
            return Ok(&mut c.tags);
        }
    } else if id.starts_with("backup-") {
        if let Some(b) =
            world.cloudhsm.backups.get_mut(id).filter(|b| b.region == region && b.state != BackupState::Deleted)
        {
            cx.touch(b.arn());
            return Ok(&mut b.tags);
        }
    } else {
        return Err(invalid(
            cx,
            format!("1 validation error detected: Value '{id}' at 'resourceId' failed to satisfy constraint: Member must satisfy regular expression pattern: (?:cluster|backup)-[2-7a-zA-Z]{{11,16}}"),
            "ResourceId is a cluster id or a backup id",
        ));
    }
    Err(not_found(cx, format!("The resource {id} does not exist."), format!("no cluster or backup {id} in {region}")))
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagResourceRequest {
    pub resource_id: String,
    pub tag_list: Vec<TagOut>,
}

pub fn tag_resource(
    world: &mut World,
    cx: &mut CallContext,
    input: TagResourceRequest,
) -> Result<EmptyResponse, ApiError> {
    if input.tag_list.is_empty() {
        return Err(tag_error(cx, "TagList must contain at least one tag.", "TagResource needs 1 to 50 tags"));
    }
    let new: Vec<Tag> = input.tag_list.into_iter().map(|t| Tag { key: t.key, value: t.value }).collect();
    check_tags(cx, &new)?;
    let tags = tags_of(world, cx, &input.resource_id)?;
    let mut merged = tags.clone();
    for t in new {
        match merged.iter_mut().find(|m| m.key == t.key) {
            Some(m) => m.value = t.value,
            None => merged.push(t),
        }
    }
    if merged.len() > 50 {
        return Err(tag_error(cx, "A resource can have at most 50 tags.", "the resource would have more than 50 tags"));
    }
    let n = merged.len();
    *tags_of(world, cx, &input.resource_id)? = merged;
    cx.why(format!("{} now has {n} tag(s)", input.resource_id));
    Ok(EmptyResponse {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UntagResourceRequest {
    pub resource_id: String,
    pub tag_key_list: Vec<String>,
}

pub fn untag_resource(
    world: &mut World,
    cx: &mut CallContext,
    input: UntagResourceRequest,
) -> Result<EmptyResponse, ApiError> {
    if input.tag_key_list.is_empty() {
        return Err(tag_error(cx, "TagKeyList must contain at least one key.", "UntagResource needs 1 to 50 keys"));
    }
    let tags = tags_of(world, cx, &input.resource_id)?;
    tags.retain(|t| !input.tag_key_list.contains(&t.key));
    let n = tags.len();
    cx.why(format!("{} now has {n} tag(s)", input.resource_id));
    Ok(EmptyResponse {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTagsRequest {
    pub resource_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTagsResponse {
    pub tag_list: Vec<TagOut>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

pub fn list_tags(
    world: &mut World,
    cx: &mut CallContext,
    input: ListTagsRequest,
) -> Result<ListTagsResponse, ApiError> {
    let all = tags_out(tags_of(world, cx, &input.resource_id)?);
    let (tag_list, next_token) = page(cx, &all, input.max_results, 100, input.next_token.as_deref())?;
    cx.why(format!("{} has {} tag(s)", input.resource_id, all.len()));
    Ok(ListTagsResponse { tag_list, next_token })
}
