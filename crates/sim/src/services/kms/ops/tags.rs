//! Tags: TagResource, UntagResource, ListResourceTags.

use super::*;

/// Tag keys are 1–128 characters and may not begin `aws:`; values are 0–256 characters.
pub(crate) fn check_tags(cx: &mut CallContext, tags: &[Tag]) -> Result<(), ApiError> {
    for t in tags {
        check_length(cx, "tagKey", t.tag_key.chars().count(), 1, 128, &t.tag_key)?;
        check_length(cx, "tagValue", t.tag_value.chars().count(), 0, 256, &t.tag_value)?;
        if t.tag_key.to_ascii_lowercase().starts_with("aws:") {
            cx.why("the aws: tag prefix is reserved for AWS");
            return Err(ApiError::bad_request(
                "TagException",
                format!("Tag keys must not begin with aws: ({})", t.tag_key),
            ));
        }
    }
    if tags.len() > MAX_TAGS_PER_KEY {
        cx.why(format!("a key carries at most {MAX_TAGS_PER_KEY} tags"));
        return Err(ApiError::bad_request("TagException", format!("A key can have at most {MAX_TAGS_PER_KEY} tags.")));
    }
    Ok(())
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagResourceRequest {
    pub key_id: String,
    pub tags: Vec<Tag>,
}

pub fn tag_resource(
    world: &mut World,
    cx: &mut CallContext,
    input: TagResourceRequest,
) -> Result<EmptyResponse, ApiError> {
    check_tags(cx, &input.tags)?;
    let id =
        key_for(world, cx, &input.key_id, KeyRef::IdOrArn, "TagResource", OpClass::Manage, AuthContext::default())?;
    let mut tags = key(world, &id).tags.clone();
    for t in &input.tags {
        match tags.iter_mut().find(|x| x.tag_key == t.tag_key) {
            Some(existing) => existing.tag_value = t.tag_value.clone(),
            None => tags.push(t.clone()),
        }
    }
    if tags.len() > MAX_TAGS_PER_KEY {
        cx.why(format!("a key carries at most {MAX_TAGS_PER_KEY} tags"));
        return Err(ApiError::bad_request(
            "LimitExceededException",
            "The request was rejected because a quota was exceeded.",
        ));
    }
    let n = tags.len();
    key_mut(world, &id).tags = tags;
    cx.why(format!("key {id} now has {n} tag(s); a tag with an existing key replaces its value"));
    Ok(EmptyResponse {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UntagResourceRequest {
    pub key_id: String,
    pub tag_keys: Vec<String>,
}

pub fn untag_resource(
    world: &mut World,
    cx: &mut CallContext,
    input: UntagResourceRequest,
) -> Result<EmptyResponse, ApiError> {
    for k in &input.tag_keys {
        check_length(cx, "tagKeys", k.chars().count(), 1, 128, k)?;
    }
    let id =
        key_for(world, cx, &input.key_id, KeyRef::IdOrArn, "UntagResource", OpClass::Manage, AuthContext::default())?;
    let k = key_mut(world, &id);
    k.tags.retain(|t| !input.tag_keys.contains(&t.tag_key));
    let n = k.tags.len();
    cx.why(format!("key {id} has {n} tag(s) left"));
    Ok(EmptyResponse {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListResourceTagsRequest {
    pub key_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListResourceTagsResponse {
    pub tags: Vec<Tag>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
    pub truncated: bool,
}

pub fn list_resource_tags(
    world: &mut World,
    cx: &mut CallContext,
    input: ListResourceTagsRequest,
) -> Result<ListResourceTagsResponse, ApiError> {
    let id =
        key_for(world, cx, &input.key_id, KeyRef::IdOrArn, "ListResourceTags", OpClass::Any, AuthContext::default())?;
    let all = key(world, &id).tags.clone();
    let (tags, next_marker, truncated) = paginate(cx, &all, input.limit, input.marker.as_deref())?;
    cx.why(format!("key {id} has {} tag(s)", all.len()));
    Ok(ListResourceTagsResponse { tags, next_marker, truncated })
}
