//! What happens to Classic Load Balancers as time passes: each one with instances runs a round
//! of health checks every Interval seconds.

use crate::error::ApiError;
use crate::world::{CallContext, World};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ElbJob {
    /// One round of health checks over a load balancer's instances.
    HealthCheckRound { region: String, load_balancer_name: String },
}

impl ElbJob {
    pub fn describe(&self) -> (&'static str, &'static str) {
        match self {
            ElbJob::HealthCheckRound { .. } => ("elb", "InstanceHealthCheck"),
        }
    }
}

pub(crate) fn run(world: &mut World, cx: &mut CallContext, job: ElbJob) -> Result<(), ApiError> {
    match job {
        ElbJob::HealthCheckRound { region, load_balancer_name } => {
            super::ops::health_round(world, cx, &region, &load_balancer_name);
        }
    }
    Ok(())
}
