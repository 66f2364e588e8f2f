//! Launch configurations, Auto Scaling groups, their scaling policies and their activity
//! history, per Region. A group's instances are EC2 instances; the group keeps only which ones
//! it manages and reads their state from EC2.

use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How often the group's EC2 health check looks at its instances (and replaces the ones that
/// are terminated or stopped).
pub const HEALTH_CHECK_INTERVAL: SimDuration = SimDuration::seconds(30);
/// A force-deleted group stays listed ("Delete in progress") while its instances terminate.
pub const DELETE_TIME: SimDuration = SimDuration::seconds(60);
/// The default cooldown AWS gives a group (seconds).
pub const DEFAULT_COOLDOWN: i64 = 300;
/// Activities DescribeScalingActivities keeps per Region (AWS keeps six weeks of them).
pub const ACTIVITY_HISTORY: usize = 500;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AutoScalingState {
    /// (region, name) -> launch configuration.
    #[serde(with = "region_keyed")]
    pub launch_configurations: BTreeMap<(String, String), LaunchConfig>,
    /// (region, name) -> group.
    #[serde(with = "region_keyed")]
    pub groups: BTreeMap<(String, String), Group>,
    /// Policy ARN -> policy.
    pub policies: BTreeMap<String, Policy>,
    /// Newest last.
    pub activities: Vec<ActivityRecord>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LaunchConfig {
    pub name: String,
    pub arn: String,
    pub region: String,
    pub image_id: String,
    pub instance_type: String,
    pub key_name: Option<String>,
    pub security_groups: Vec<String>,
    pub user_data: Option<String>,
    pub iam_instance_profile: Option<String>,
    pub associate_public_ip_address: Option<bool>,
    pub created: SimTime,
}

/// Which launch template (and version: a number, `$Default` or `$Latest`) a group launches from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TemplateRef {
    pub id: String,
    pub name: String,
    pub version: String,
}

/// What a group launches from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum LaunchSource {
    Configuration(String),
    Template(TemplateRef),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupTag {
    pub key: String,
    pub value: String,
    pub propagate_at_launch: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub instance_id: String,
    pub availability_zone: String,
    pub source: LaunchSource,
    /// `Healthy`, or `Unhealthy` once a health check found it terminated or stopped.
    pub healthy: bool,
    pub protected_from_scale_in: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub name: String,
    pub arn: String,
    pub region: String,
    pub source: LaunchSource,
    pub min_size: i64,
    pub max_size: i64,
    pub desired_capacity: i64,
    pub default_cooldown: i64,
    pub availability_zones: Vec<String>,
    /// The subnets, in the order given (`VPCZoneIdentifier`); empty for a group placed by
    /// Availability Zones (the default VPC's subnets).
    pub subnets: Vec<String>,
    pub health_check_type: String,
    pub health_check_grace_period: i64,
    pub load_balancer_names: Vec<String>,
    pub target_group_arns: Vec<String>,
    pub termination_policies: Vec<String>,
    pub new_instances_protected_from_scale_in: bool,
    pub tags: Vec<GroupTag>,
    pub members: Vec<Member>,
    pub created: SimTime,
    /// `Delete in progress` once a forced delete has started.
    pub status: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    pub arn: String,
    pub region: String,
    pub group: String,
    pub name: String,
    pub policy_type: String,
    /// The policy as PutScalingPolicy took it (and DescribePolicies answers it).
    pub input: super::ops::PutScalingPolicyRequest,
    pub alarms: Vec<super::ops::Alarm>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityRecord {
    pub activity_id: String,
    pub region: String,
    pub group: String,
    pub group_arn: String,
    pub description: String,
    pub cause: String,
    pub start: SimTime,
    pub end: Option<SimTime>,
    pub status_code: String,
    pub progress: i64,
    pub details: String,
}

/// `2026-01-01T00:00:10Z`, as activity causes write times.
pub fn cause_time(t: SimTime) -> String {
    let s = t.iso8601();
    let s = s.strip_suffix("+00:00").unwrap_or(&s);
    let s = s.split('.').next().unwrap_or(s);
    format!("{s}Z")
}

/// JSON object keys must be text, so maps keyed by (region, name) save as a list of
/// `[[region, name], value]` pairs.
mod region_keyed {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::collections::BTreeMap;

    pub fn serialize<V: Serialize, S: Serializer>(
        map: &BTreeMap<(String, String), V>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_seq(map.iter())
    }

    pub fn deserialize<'de, V: Deserialize<'de>, D: Deserializer<'de>>(
        d: D,
    ) -> Result<BTreeMap<(String, String), V>, D::Error> {
        Ok(Vec::<((String, String), V)>::deserialize(d)?.into_iter().collect())
    }
}
