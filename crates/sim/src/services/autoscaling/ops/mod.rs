//! One function per Auto Scaling operation. Input and output structs carry the API's member
//! names. `launch_configurations.rs` holds launch configurations; `groups.rs` the groups and
//! their sizes; `capacity.rs` what makes a group's instances match its desired capacity
//! (launching and terminating EC2 instances through `World::call`, and the activities that
//! record it); `policies.rs` scaling policies; `activities.rs` DescribeScalingActivities.

mod activities;
pub(crate) mod capacity;
mod groups;
mod launch_configurations;
mod policies;

pub use activities::*;
pub use groups::*;
pub use launch_configurations::*;
pub use policies::*;

use super::model::*;
use crate::error::ApiError;
use crate::world::{CallContext, World, ACCOUNT_ID};
use serde::{Deserialize, Serialize};

/// The output of calls that answer nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EmptyOutput {}

pub(crate) fn validation(message: impl Into<String>) -> ApiError {
    ApiError::bad_request("ValidationError", message)
}

pub(crate) fn already_exists(message: impl Into<String>) -> ApiError {
    ApiError::bad_request("AlreadyExists", message)
}

pub(crate) fn in_use(message: impl Into<String>) -> ApiError {
    ApiError::bad_request("ResourceInUse", message)
}

pub(crate) fn activity_in_progress(message: impl Into<String>) -> ApiError {
    ApiError::bad_request("ScalingActivityInProgress", message)
}

pub(crate) fn arn(region: &str, resource: &str) -> String {
    format!("arn:aws:autoscaling:{region}:{ACCOUNT_ID}:{resource}")
}

/// AWS's name rule for groups, launch configurations and policies: 1 to 255 characters, no
/// colon (a colon would read as an ARN).
pub(crate) fn check_name(cx: &mut CallContext, what: &str, name: &str) -> Result<(), ApiError> {
    if name.is_empty() || name.chars().count() > 255 {
        cx.why(format!("a {what} name is 1 to 255 characters"));
        return Err(validation(format!(
            "1 validation error detected: Value '{name}' at '{what}' failed to satisfy constraint: Member must have length between 1 and 255"
        )));
    }
    if name.contains(':') || name.chars().any(|c| c.is_control()) {
        cx.why(format!("a {what} name cannot contain ':' or control characters"));
        return Err(validation(format!(
            "1 validation error detected: Value '{name}' at '{what}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\r\\n\\t]*"
        )));
    }
    Ok(())
}

/// The group named `name` in the call's Region (by name or ARN).
pub(crate) fn group_key(world: &World, cx: &mut CallContext, name: &str) -> Result<(String, String), ApiError> {
    let name = name.rsplit("autoScalingGroupName/").next().unwrap_or(name).to_string();
    let key = (cx.region.clone(), name.clone());
    cx.touch(name.clone());
    if world.autoscaling.groups.contains_key(&key) {
        Ok(key)
    } else {
        cx.why(format!("no Auto Scaling group named '{name}' in {}", cx.region));
        Err(validation(format!("AutoScalingGroup name not found - AutoScalingGroup '{name}' not found")))
    }
}
