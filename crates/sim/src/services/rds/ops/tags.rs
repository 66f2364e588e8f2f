//! AddTagsToResource, ListTagsForResource and RemoveTagsFromResource on DB instances, snapshots
//! and subnet groups, named by ARN.

use super::*;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddTagsToResourceRequest {
    pub resource_name: String,
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTagsForResourceRequest {
    pub resource_name: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RemoveTagsFromResourceRequest {
    pub resource_name: String,
    pub tag_keys: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagListOutput {
    pub tag_list: Vec<Tag>,
}

/// The tags of the resource an ARN names.
fn tags_of<'a>(world: &'a mut World, cx: &mut CallContext, resource: &str) -> Result<&'a mut Tags, ApiError> {
    cx.touch(resource.to_string());
    let prefix = format!("arn:aws:rds:{}:{ACCOUNT_ID}:", cx.region);
    let parsed = resource.strip_prefix(&prefix).and_then(|r| r.split_once(':'));
    let region = cx.region.clone();
    let found = match parsed {
        Some(("db", id)) => world.rds.instances.get_mut(&key(&region, id)).map(|i| &mut i.tags),
        Some(("snapshot", id)) => world.rds.snapshots.get_mut(&key(&region, id)).map(|s| &mut s.tags),
        Some(("subgrp", id)) => world.rds.subnet_groups.get_mut(&key(&region, id)).map(|g| &mut g.tags),
        _ => None,
    };
    match (found, parsed) {
        (Some(t), _) => Ok(t),
        (None, Some(("db", id))) => {
            cx.why(format!("no DB instance '{id}' in {region}"));
            Err(ApiError::not_found("DBInstanceNotFound", format!("DBInstance {id} not found.")))
        }
        (None, Some(("snapshot", id))) => {
            Err(ApiError::not_found("DBSnapshotNotFound", format!("DBSnapshot {id} not found.")))
        }
        (None, Some(("subgrp", id))) => {
            Err(ApiError::not_found("DBSubnetGroupNotFoundFault", format!("DBSubnetGroup '{id}' not found.")))
        }
        _ => {
            cx.why("tags take the ARN of a DB instance, DB snapshot or DB subnet group of this Region");
            Err(invalid_value(format!("Unable to parse ARN: {resource}")))
        }
    }
}

pub fn add_tags_to_resource(
    world: &mut World,
    cx: &mut CallContext,
    input: AddTagsToResourceRequest,
) -> Result<EmptyOutput, ApiError> {
    let tags = tags_of(world, cx, &input.resource_name)?;
    for t in &input.tags {
        tags.retain(|(k, _)| k != &t.key);
        tags.push((t.key.clone(), t.value.clone()));
    }
    cx.why(format!("{} tag(s) set", input.tags.len()));
    Ok(EmptyOutput {})
}

pub fn list_tags_for_resource(
    world: &mut World,
    cx: &mut CallContext,
    input: ListTagsForResourceRequest,
) -> Result<TagListOutput, ApiError> {
    let tags = tags_of(world, cx, &input.resource_name)?;
    Ok(TagListOutput { tag_list: tags_out(tags) })
}

pub fn remove_tags_from_resource(
    world: &mut World,
    cx: &mut CallContext,
    input: RemoveTagsFromResourceRequest,
) -> Result<EmptyOutput, ApiError> {
    let tags = tags_of(world, cx, &input.resource_name)?;
    tags.retain(|(k, _)| !input.tag_keys.contains(k));
    cx.why(format!("{} tag key(s) removed", input.tag_keys.len()));
    Ok(EmptyOutput {})
}
