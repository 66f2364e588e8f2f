//! One function per RDS operation. Input and output structs carry the API's member names (the
//! names the AWS CLI prints): `subnet_groups.rs` DB subnet groups, `instances.rs` DB instances
//! and their lifecycle, `snapshots.rs` DB snapshots, `tags.rs` tags on any of them.

mod instances;
mod snapshots;
mod subnet_groups;
mod tags;

pub use instances::*;
pub use snapshots::*;
pub use subnet_groups::*;
pub use tags::*;

use super::model::*;
use crate::error::ApiError;
use crate::world::{CallContext, World, ACCOUNT_ID};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    pub key: String,
    #[serde(default)]
    pub value: String,
}

/// The output of calls that answer nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EmptyOutput {}

pub(crate) fn tags_in(tags: &[Tag]) -> Tags {
    let mut out: Tags = Vec::new();
    for t in tags {
        out.retain(|(k, _)| k != &t.key);
        out.push((t.key.clone(), t.value.clone()));
    }
    out
}

pub(crate) fn tags_out(tags: &Tags) -> Vec<Tag> {
    tags.iter().map(|(k, v)| Tag { key: k.clone(), value: v.clone() }).collect()
}

pub(crate) fn invalid_value(message: impl Into<String>) -> ApiError {
    ApiError::bad_request("InvalidParameterValue", message)
}

pub(crate) fn invalid_combination(message: impl Into<String>) -> ApiError {
    ApiError::bad_request("InvalidParameterCombination", message)
}

pub(crate) fn arn(region: &str, kind: &str, id: &str) -> String {
    format!("arn:aws:rds:{region}:{ACCOUNT_ID}:{kind}:{id}")
}

pub(crate) fn instance_not_found(cx: &mut CallContext, id: &str) -> ApiError {
    cx.why(format!("no DB instance '{id}' in {}", cx.region));
    ApiError::not_found("DBInstanceNotFound", format!("DBInstance {id} not found."))
}

pub(crate) fn check_identifier(cx: &mut CallContext, parameter: &str, id: &str) -> Result<(), ApiError> {
    if valid_identifier(id) {
        return Ok(());
    }
    cx.why("an identifier has 1 to 63 letters, digits and hyphens, starts with a letter, and has no trailing or double hyphen");
    Err(invalid_value(format!(
        "The parameter {parameter} is not a valid identifier. Identifiers must begin with a letter; must contain only \
         ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens."
    )))
}

/// `available` and nothing else: what most changes need.
pub(crate) fn require_available(cx: &mut CallContext, i: &DbInstance, action: &str) -> Result<(), ApiError> {
    if i.status == DbInstanceStatus::Available {
        return Ok(());
    }
    cx.why(format!("{} is {}; {action} needs it available", i.id, i.status));
    Err(ApiError::bad_request("InvalidDBInstanceState", format!("Instance {} is not in available state.", i.id)))
}

pub(crate) fn instance_mut<'a>(
    world: &'a mut World,
    cx: &mut CallContext,
    id: &str,
) -> Result<&'a mut DbInstance, ApiError> {
    let k = key(&cx.region, id);
    cx.touch(arn(&cx.region, "db", &id.to_ascii_lowercase()));
    if !world.rds.instances.contains_key(&k) {
        return Err(instance_not_found(cx, id));
    }
    Ok(world.rds.instances.get_mut(&k).expect("checked above"))
}
