//! One function per EC2 operation. Input and output structs carry the API's member names (the
//! names the AWS CLI prints). `network.rs` holds VPCs, subnets, internet gateways and route
//! tables; `security.rs` security groups and key pairs; `instances.rs` RunInstances and the
//! instance lifecycle; `instance_attributes.rs` ModifyInstanceAttribute; `addresses.rs` Elastic IPs and Availability Zones; `nat.rs` NAT gateways;
//! `acls.rs` network ACLs; `launch_templates.rs` launch templates and their versions.

mod acls;
mod addresses;
mod instance_attributes;
mod instances;
mod launch_templates;
pub(crate) mod nat;
mod network;
mod security;

pub use acls::*;
pub use addresses::*;
pub use instance_attributes::*;
pub use instances::*;
pub use launch_templates::*;
pub use nat::*;
pub use network::*;
pub use security::*;

use super::model::*;
use crate::error::ApiError;
use crate::world::{World, ACCOUNT_ID};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    pub key: String,
    pub value: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagSpecification {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

/// `Name=vpc-id,Values=vpc-1,vpc-2`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Filter {
    pub name: String,
    #[serde(default)]
    pub values: Vec<String>,
}

/// `{"Return": true}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReturnOutput {
    #[serde(rename = "Return")]
    pub return_value: bool,
}

/// The output of calls that answer nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EmptyOutput {}

pub(crate) fn tags_out(tags: &Tags) -> Vec<Tag> {
    tags.iter().map(|(k, v)| Tag { key: k.clone(), value: v.clone() }).collect()
}

/// The tags of the specifications for `resource_type` (or with no type).
pub(crate) fn tags_for(specs: &[TagSpecification], resource_type: &str) -> Tags {
    specs
        .iter()
        .filter(|s| s.resource_type.as_deref().is_none_or(|t| t == resource_type))
        .flat_map(|s| s.tags.iter().map(|t| (t.key.clone(), t.value.clone())))
        .collect()
}

pub(crate) fn invalid_parameter(message: impl Into<String>) -> ApiError {
    ApiError::bad_request("InvalidParameterValue", message)
}

pub(crate) fn missing(parameter: &str) -> ApiError {
    ApiError::bad_request("MissingParameter", format!("The request must contain the parameter {parameter}"))
}

pub(crate) fn dependency(kind: &str, id: &str) -> ApiError {
    ApiError::bad_request("DependencyViolation", format!("The {kind} '{id}' has dependencies and cannot be deleted."))
}

/// `InvalidVpcID.NotFound: The vpc ID 'vpc-1' does not exist`, and the same for other kinds.
pub(crate) fn not_found(code: &str, kind: &str, id: &str) -> ApiError {
    ApiError::bad_request(code, format!("The {kind} ID '{id}' does not exist"))
}

/// A `prefix-` id of 8 or 17 hex digits (`vpc-0a1b2c3d4e5f60718`).
pub(crate) fn well_formed(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix).and_then(|r| r.strip_prefix('-')).is_some_and(|hex| {
        (hex.len() == 8 || hex.len() == 17) && hex.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    })
}

pub(crate) fn malformed(code: &str, id: &str, prefix: &str) -> ApiError {
    ApiError::bad_request(code, format!("Invalid id: \"{id}\" (expecting \"{prefix}-...\")"))
}

pub(crate) fn new_id(world: &mut World, prefix: &str) -> String {
    format!("{prefix}-{}", crate::ids::hex(world.rng(), 17))
}

pub(crate) fn arn(region: &str, resource: &str) -> String {
    format!("arn:aws:ec2:{region}:{ACCOUNT_ID}:{resource}")
}

/// `*` and `?` wildcards, as EC2 filters take them.
pub(crate) fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti, mut star, mut mark) = (0usize, 0usize, None, 0usize);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// Whether a resource passes every filter. `values` answers a filter name with the resource's
/// values for it, or `None` when the resource type has no such filter (an error, as in EC2).
/// `tag:<key>` and `tag-key` work for every type.
pub(crate) fn passes(
    filters: &[Filter],
    tags: &Tags,
    values: impl Fn(&str) -> Option<Vec<String>>,
) -> Result<bool, ApiError> {
    for f in filters {
        let have: Vec<String> = if let Some(key) = f.name.strip_prefix("tag:") {
            tags.iter().filter(|(k, _)| k == key).map(|(_, v)| v.clone()).collect()
        } else if f.name == "tag-key" {
            tags.iter().map(|(k, _)| k.clone()).collect()
        } else {
            values(&f.name).ok_or_else(|| invalid_parameter(format!("The filter '{}' is invalid", f.name)))?
        };
        if !f.values.iter().any(|want| have.iter().any(|h| glob(want, h))) {
            return Ok(false);
        }
    }
    Ok(true)
}

pub(crate) fn one(s: impl Into<String>) -> Option<Vec<String>> {
    Some(vec![s.into()])
}

/// The AWS-side form of a boolean filter value.
pub(crate) fn flag(b: bool) -> Option<Vec<String>> {
    one(if b { "true" } else { "false" })
}
