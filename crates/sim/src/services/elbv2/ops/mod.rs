//! One function per ELBv2 operation. Input and output structs carry the API's member names
//! (the names the AWS CLI prints). `load_balancers.rs` holds load balancers and their
//! attributes; `target_groups.rs` target groups, targets and their health; `listeners.rs`
//! listeners and their default actions; `tags.rs` tags of all three.

mod listeners;
mod load_balancers;
mod tags;
pub(crate) mod target_groups;

pub use listeners::*;
pub use load_balancers::*;
pub use tags::*;
pub use target_groups::*;

use super::model::*;
use crate::error::ApiError;
use crate::world::{World, ACCOUNT_ID};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetGroupTuple {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_group_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetGroupStickinessConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ForwardActionConfig {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub target_groups: Vec<TargetGroupTuple>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_group_stickiness_config: Option<TargetGroupStickinessConfig>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FixedResponseActionConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_body: Option<String>,
    pub status_code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RedirectActionConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// `HTTP_301` or `HTTP_302`.
    pub status_code: String,
}

/// A listener's default action: `forward`, `fixed-response` or `redirect` (the authenticate
/// actions need Cognito or an OIDC provider, which Nimbus Lab does not simulate).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Action {
    #[serde(rename = "Type")]
    pub action_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_group_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_config: Option<RedirectActionConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_response_config: Option<FixedResponseActionConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forward_config: Option<ForwardActionConfig>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Certificate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_default: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetDescription {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_zone: Option<String>,
}

/// The output of calls that answer nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EmptyOutput {}

pub(crate) fn tags_out(tags: &Tags) -> Vec<Tag> {
    tags.iter().map(|(k, v)| Tag { key: k.clone(), value: Some(v.clone()) }).collect()
}

pub(crate) fn tags_in(tags: &[Tag]) -> Result<Tags, ApiError> {
    let mut out: Tags = Vec::new();
    for t in tags {
        if out.iter().any(|(k, _)| k == &t.key) {
            return Err(ApiError::bad_request("DuplicateTagKeys", format!("Tag key '{}' is duplicated", t.key)));
        }
        out.push((t.key.clone(), t.value.clone().unwrap_or_default()));
    }
    Ok(out)
}

pub(crate) fn validation(message: impl Into<String>) -> ApiError {
    ApiError::bad_request("ValidationError", message)
}

pub(crate) fn lb_not_found() -> ApiError {
    ApiError::bad_request("LoadBalancerNotFound", "One or more load balancers not found")
}

pub(crate) fn tg_not_found() -> ApiError {
    ApiError::bad_request("TargetGroupNotFound", "One or more target groups not found")
}

pub(crate) fn listener_not_found() -> ApiError {
    ApiError::bad_request("ListenerNotFound", "One or more listeners not found")
}

pub(crate) fn elb_arn(region: &str, resource: &str) -> String {
    crate::ids::arn("elasticloadbalancing", region, ACCOUNT_ID, resource)
}

/// The 16 hex digits ELB puts at the end of its ARNs.
pub(crate) fn arn_id(world: &mut World) -> String {
    crate::ids::hex(world.rng(), 16)
}

/// ELB names: up to 32 letters, digits and hyphens, not starting or ending with a hyphen
/// (load balancer names may not start with `internal-`).
pub(crate) fn check_name(name: &str, what: &str) -> Result<(), ApiError> {
    let ok = !name.is_empty()
        && name.len() <= 32
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(validation(format!(
            "{what} name '{name}' cannot be longer than '32' characters, must contain only alphanumeric \
             characters or hyphens, and must not begin or end with a hyphen"
        )))
    }
}
