//! Tags on load balancers, target groups and listeners, by ARN.

use super::*;
use crate::world::CallContext;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddTagsRequest {
    pub resource_arns: Vec<String>,
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeTagsRequest {
    pub resource_arns: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagDescription {
    pub resource_arn: String,
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeTagsOutput {
    pub tag_descriptions: Vec<TagDescription>,
}

/// The tags of the resource an ARN names, or the not-found error of its kind.
fn tags_of<'w>(world: &'w mut World, region: &str, arn: &str) -> Result<&'w mut Tags, ApiError> {
    let s = &mut world.elbv2;
    if arn.contains(":loadbalancer/") {
        s.load_balancers.get_mut(arn).filter(|l| l.region == region).map(|l| &mut l.tags).ok_or_else(lb_not_found)
    } else if arn.contains(":targetgroup/") {
        s.target_groups.get_mut(arn).filter(|t| t.region == region).map(|t| &mut t.tags).ok_or_else(tg_not_found)
    } else if arn.contains(":listener/") {
        s.listeners.get_mut(arn).filter(|l| l.region == region).map(|l| &mut l.tags).ok_or_else(listener_not_found)
    } else {
        Err(validation(format!("'{arn}' is not a valid load balancer, target group or listener ARN")))
    }
}

pub fn add_tags(world: &mut World, cx: &mut CallContext, input: AddTagsRequest) -> Result<EmptyOutput, ApiError> {
    let new = tags_in(&input.tags)?;
    let region = cx.region.clone();
    for arn in &input.resource_arns {
        cx.touch(arn.clone());
        tags_of(world, &region, arn)?;
    }
    for arn in &input.resource_arns {
        let tags = tags_of(world, &region, arn)?;
        for (k, v) in &new {
            match tags.iter_mut().find(|(tk, _)| tk == k) {
                Some(t) => t.1 = v.clone(),
                None => tags.push((k.clone(), v.clone())),
            }
        }
        if tags.len() > 50 {
            return Err(ApiError::bad_request(
                "TooManyTags",
                "The quota for the number of tags that can be assigned to a load balancer has been reached",
            ));
        }
    }
    cx.why(format!("{} tag(s) set on {} resource(s)", new.len(), input.resource_arns.len()));
    Ok(EmptyOutput {})
}

pub fn describe_tags(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeTagsRequest,
) -> Result<DescribeTagsOutput, ApiError> {
    let region = cx.region.clone();
    let mut out = Vec::new();
    for arn in &input.resource_arns {
        cx.touch(arn.clone());
        let tags = tags_of(world, &region, arn)?;
        out.push(TagDescription { resource_arn: arn.clone(), tags: tags_out(tags) });
    }
    Ok(DescribeTagsOutput { tag_descriptions: out })
}
