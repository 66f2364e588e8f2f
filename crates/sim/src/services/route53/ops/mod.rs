//! One function per Route 53 operation: validate, change the World, answer or fail as Route 53
//! does. Input and output structs carry the field names of the Route 53 API reference.
//!
//! `zones.rs` holds hosted zones and changes, `records.rs` ChangeResourceRecordSets and
//! ListResourceRecordSets, `health.rs` health checks, `cidr.rs` CIDR collections and `dns.rs` TestDNSAnswer.

mod cidr;
mod dns;
mod health;
mod records;
mod zones;

pub use cidr::*;
pub use dns::*;
pub use health::*;
pub use records::*;
pub use zones::*;

use super::model::*;
use crate::error::ApiError;
use crate::ids;
use crate::time::SimTime;
use crate::world::{CallContext, World};
use serde::{Deserialize, Serialize};

/// The output of calls whose answer has no fields.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EmptyOutput {}

/// `ChangeInfo` as the API shapes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChangeInfo {
    pub id: String,
    pub status: String,
    pub submitted_at: SimTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl ChangeInfo {
    pub fn of(change: &ChangeRecord) -> Self {
        ChangeInfo {
            id: format!("/change/{}", change.id),
            status: change.status.as_str().to_string(),
            submitted_at: change.submitted_at,
            comment: change.comment.clone(),
        }
    }
}

pub(crate) fn invalid_input(message: impl Into<String>) -> ApiError {
    ApiError::bad_request("InvalidInput", message)
}

/// The API's own validation wording for a number out of range.
pub(crate) fn out_of_range(field: &str, value: i64, min: i64, max: i64) -> Option<ApiError> {
    let bound = if value < min {
        format!("greater than or equal to {min}")
    } else if value > max {
        format!("less than or equal to {max}")
    } else {
        return None;
    };
    Some(invalid_input(format!(
        "1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: Member must have value {bound}"
    )))
}

fn no_such_hosted_zone(id: &str) -> ApiError {
    ApiError::not_found("NoSuchHostedZone", format!("No hosted zone found with ID: {id}"))
}

/// `/hostedzone/Z123` or `Z123` → `Z123`.
pub(crate) fn zone_id_of(input: &str) -> &str {
    input.trim().trim_start_matches("/hostedzone/")
}

pub(crate) fn zone<'w>(world: &'w World, cx: &mut CallContext, id: &str) -> Result<&'w Zone, ApiError> {
    let id = zone_id_of(id);
    cx.touch(format!("arn:aws:route53:::hostedzone/{id}"));
    world.route53.zones.get(id).ok_or_else(|| {
        cx.why(format!("no hosted zone has the id '{id}'"));
        no_such_hosted_zone(id)
    })
}

/// Records a change as PENDING and schedules the moment it becomes INSYNC.
pub(crate) fn new_change(world: &mut World, comment: Option<String>) -> ChangeRecord {
    let id = format!("C{}", ids::upper_alnum(world.rng(), 13));
    let change = ChangeRecord { id: id.clone(), status: ChangeStatus::Pending, submitted_at: world.now(), comment };
    let changes = &mut world.route53.changes;
    if changes.len() >= MAX_KEPT_CHANGES {
        match changes.iter().position(|c| c.status == ChangeStatus::Insync) {
            Some(i) => {
                changes.remove(i);
            }
            None => {
                changes.pop_front();
            }
        }
    }
    changes.push_back(change.clone());
    world.schedule(
        CHANGE_PROPAGATION,
        crate::services::Job::Route53(super::jobs::Route53Job::ChangeInsync { change_id: id }),
    );
    change
}

/// A page size from the API's string MaxItems: a number ≥ 1, capped at `cap`.
pub(crate) fn max_items(input: Option<&str>, default: usize, cap: usize) -> Result<usize, ApiError> {
    match input {
        None => Ok(default),
        Some(s) => match s.trim().parse::<i64>() {
            Ok(n) if n >= 1 => Ok((n as usize).min(cap)),
            _ => Err(invalid_input(format!("Invalid value for MaxItems: '{s}' (a positive number is expected)"))),
        },
    }
}
