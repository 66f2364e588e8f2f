//! What happens to load balancers and targets as time passes: a new load balancer turns
//! `active` after its provisioning time; each target group with targets runs a round of health
//! checks every HealthCheckIntervalSeconds; a deregistered target leaves after draining.

use crate::error::ApiError;
use crate::world::{CallContext, World};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Elbv2Job {
    /// The load balancer's provisioning time has passed.
    LoadBalancerActive { load_balancer_arn: String },
    /// One round of health checks over a target group's targets.
    HealthCheckRound { target_group_arn: String },
    /// A draining target's deregistration delay has ended.
    DrainingDone { target_group_arn: String, target_id: String, port: i64, epoch: u32 },
}

impl Elbv2Job {
    pub fn describe(&self) -> (&'static str, &'static str) {
        match self {
            Elbv2Job::LoadBalancerActive { .. } => ("elbv2", "LoadBalancerStateChange"),
            Elbv2Job::HealthCheckRound { .. } => ("elbv2", "TargetHealthCheck"),
            Elbv2Job::DrainingDone { .. } => ("elbv2", "TargetDeregistered"),
        }
    }
}

pub(crate) fn run(world: &mut World, cx: &mut CallContext, job: Elbv2Job) -> Result<(), ApiError> {
    match job {
        Elbv2Job::LoadBalancerActive { load_balancer_arn } => {
            super::ops::settle(world, cx, &load_balancer_arn);
        }
        Elbv2Job::HealthCheckRound { target_group_arn } => {
            super::ops::target_groups::health_round(world, cx, &target_group_arn);
        }
        Elbv2Job::DrainingDone { target_group_arn, target_id, port, epoch } => {
            super::ops::target_groups::draining_done(world, cx, &target_group_arn, &target_id, port, epoch);
        }
    }
    Ok(())
}
