//! Elastic Load Balancing (v2) resources as Nimbus Lab keeps them: Application and Network Load
//! Balancers, target groups with their registered targets and each target's health-check
//! record, and listeners. States and reason codes are ELB's; what moves on the clock runs in
//! `jobs.rs`.

use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How long a new load balancer stays `provisioning` before it is `active` (AWS takes about
/// three minutes).
pub const PROVISIONING_TIME: SimDuration = SimDuration::minutes(3);
/// The target group attribute `deregistration_delay.timeout_seconds` AWS starts with.
pub const DEFAULT_DEREGISTRATION_DELAY_SECONDS: i64 = 300;

aws_enum!(
    /// A load balancer's state code.
    LoadBalancerStateEnum {
        Active = "active",
        Provisioning = "provisioning",
        ActiveImpaired = "active_impaired",
        Failed = "failed",
    }
);

aws_enum!(
    /// A target's health state, as DescribeTargetHealth reports it.
    TargetHealthStateEnum {
        Initial = "initial",
        Healthy = "healthy",
        Unhealthy = "unhealthy",
        UnhealthyDraining = "unhealthy.draining",
        Unused = "unused",
        Draining = "draining",
        Unavailable = "unavailable",
    }
);

pub type Tags = Vec<(String, String)>;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Elbv2State {
    /// By ARN.
    pub load_balancers: BTreeMap<String, LoadBalancer>,
    /// By ARN.
    pub target_groups: BTreeMap<String, TargetGroup>,
    /// By ARN.
    pub listeners: BTreeMap<String, Listener>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoadBalancer {
    pub arn: String,
    pub name: String,
    pub region: String,
    /// `application` or `network`.
    pub lb_type: String,
    /// `internet-facing` or `internal`.
    pub scheme: String,
    pub vpc_id: String,
    /// (subnet id, Availability Zone).
    pub subnets: Vec<(String, String)>,
    pub security_groups: Vec<String>,
    pub state: LoadBalancerStateEnum,
    pub dns_name: String,
    pub hosted_zone_id: String,
    pub ip_address_type: String,
    pub created: SimTime,
    /// Attributes set with ModifyLoadBalancerAttributes (the rest keep AWS's defaults).
    pub attributes: BTreeMap<String, String>,
    pub tags: Tags,
}

impl LoadBalancer {
    /// `app/my-alb/50dc6c495c0c9188`: the ARN's resource part after `loadbalancer/`.
    pub fn full_name(&self) -> String {
        self.arn.split_once(":loadbalancer/").map(|(_, r)| r.to_string()).unwrap_or_default()
    }
    pub fn deletion_protection(&self) -> bool {
        self.attributes.get("deletion_protection.enabled").is_some_and(|v| v == "true")
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HealthCheckSettings {
    pub protocol: String,
    /// `traffic-port` or a port number.
    pub port: String,
    pub enabled: bool,
    pub path: Option<String>,
    pub interval_seconds: i64,
    pub timeout_seconds: i64,
    pub healthy_threshold: i64,
    pub unhealthy_threshold: i64,
    /// HTTP codes a healthy target answers with (`200`).
    pub matcher: Option<String>,
}

/// What the health checks have concluded about a target so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Checked {
    Initial,
    Healthy,
    Unhealthy,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub id: String,
    pub port: i64,
    pub availability_zone: Option<String>,
    pub checked: Checked,
    /// Consecutive passed / failed checks.
    pub ok_streak: i64,
    pub fail_streak: i64,
    /// Checks run since registration.
    pub checks_run: i64,
    /// Deregistered and waiting for the deregistration delay to end.
    pub draining: bool,
    /// Bumped on every (re)registration; a draining job carrying an older value is stale.
    pub epoch: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetGroup {
    pub arn: String,
    pub name: String,
    pub region: String,
    pub protocol: Option<String>,
    pub protocol_version: Option<String>,
    pub port: Option<i64>,
    pub vpc_id: Option<String>,
    /// `instance`, `ip`, `lambda` or `alb`.
    pub target_type: String,
    pub ip_address_type: String,
    pub health_check: HealthCheckSettings,
    pub deregistration_delay_seconds: i64,
    pub targets: Vec<Target>,
    /// Whether a health-check round is on the scheduler.
    pub round_pending: bool,
    pub tags: Tags,
}

impl TargetGroup {
    /// `targetgroup/my-tg/73e2d6bc24d8a067`.
    pub fn full_name(&self) -> String {
        self.arn.rsplit_once(':').map(|(_, r)| r.to_string()).unwrap_or_default()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Listener {
    pub arn: String,
    pub load_balancer_arn: String,
    pub region: String,
    pub port: i64,
    pub protocol: String,
    pub ssl_policy: Option<String>,
    pub certificates: Vec<super::ops::Certificate>,
    pub default_actions: Vec<super::ops::Action>,
    pub tags: Tags,
}

impl Listener {
    /// The target groups the listener's default actions forward to.
    pub fn target_group_arns(&self) -> Vec<String> {
        let mut out = Vec::new();
        for a in &self.default_actions {
            if let Some(t) = &a.target_group_arn {
                out.push(t.clone());
            }
            for t in a.forward_config.iter().flat_map(|f| f.target_groups.iter()) {
                if let Some(arn) = &t.target_group_arn {
                    out.push(arn.clone());
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }
}

impl Elbv2State {
    /// The load balancers whose listeners forward to the target group.
    pub fn load_balancers_of(&self, target_group_arn: &str) -> Vec<String> {
        let mut out: Vec<String> = self
            .listeners
            .values()
            .filter(|l| l.target_group_arns().iter().any(|t| t == target_group_arn))
            .map(|l| l.load_balancer_arn.clone())
            .collect();
        out.sort();
        out.dedup();
        out
    }
    /// Whether an active load balancer sends the target group traffic (so health checks run).
    pub fn checked_by_active(&self, target_group_arn: &str) -> bool {
        self.load_balancers_of(target_group_arn)
            .iter()
            .any(|lb| self.load_balancers.get(lb).is_some_and(|l| l.state == LoadBalancerStateEnum::Active))
    }
}

pub use crate::regions::elb_hosted_zone_id as hosted_zone_id;
