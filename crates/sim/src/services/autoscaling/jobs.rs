//! What happens to groups as time passes: the EC2 health check runs every
//! `HEALTH_CHECK_INTERVAL` and replaces members that were terminated or stopped outside the
//! group (so `aws ec2 terminate-instances` on one brings up a new one); a force-deleted group
//! leaves the list once its instances are gone.

use super::model::*;
use super::ops::capacity;
use crate::error::ApiError;
use crate::services::Job;
use crate::time::SimTime;
use crate::world::{CallContext, World};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum AutoScalingJob {
    /// The group's periodic EC2 health check (it schedules the next one). `created` tells a
    /// group from a later one of the same name.
    HealthCheck { region: String, group: String, created: SimTime },
    /// A force-deleted group's instances are gone: the group is too.
    GroupDeleted { region: String, group: String },
}

impl AutoScalingJob {
    pub fn describe(&self) -> (&'static str, &'static str) {
        match self {
            AutoScalingJob::HealthCheck { .. } => ("autoscaling", "HealthCheck"),
            AutoScalingJob::GroupDeleted { .. } => ("autoscaling", "GroupDeleted"),
        }
    }
}

pub(crate) fn run(world: &mut World, cx: &mut CallContext, job: AutoScalingJob) -> Result<(), ApiError> {
    match job {
        AutoScalingJob::HealthCheck { region, group, created } => {
            cx.region = region.clone();
            cx.touch(group.clone());
            let key = (region.clone(), group.clone());
            let Some(g) = world.autoscaling.groups.get(&key).filter(|g| g.created == created) else {
                cx.why(format!("{group} no longer exists; its health checks stop"));
                return Ok(());
            };
            if g.status.is_some() {
                cx.why(format!("{group} is being deleted"));
                return Ok(());
            }
            let why = capacity::reconcile(world, &region, &group, "");
            world.schedule(
                HEALTH_CHECK_INTERVAL,
                Job::AutoScaling(AutoScalingJob::HealthCheck { region, group: group.clone(), created }),
            );
            cx.why(if why.is_empty() {
                format!("{group}: every instance passes the EC2 health check and the group is at its desired capacity")
            } else {
                format!("{group}: {why}")
            });
            Ok(())
        }
        AutoScalingJob::GroupDeleted { region, group } => {
            cx.region = region.clone();
            cx.touch(group.clone());
            super::ops::remove_group(world, &(region, group.clone()));
            cx.why(format!("{group} is deleted (its instances are terminated)"));
            Ok(())
        }
    }
}
