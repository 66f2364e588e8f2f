//! What happens to EC2 instances as time passes: pending → running, stopping → stopped (the
//! public IPv4 address goes back to Amazon unless it is an Elastic IP), shutting-down →
//! terminated, and a terminated instance leaves DescribeInstances about an hour later; NAT
//! gateways settle (pending → available or failed, deleting → deleted) in `ops/nat.rs`; user data
//! runs once after the first boot (its `cfn-signal` lines reach CloudFormation).

use super::model::*;
use crate::error::ApiError;
use crate::services::Job;
use crate::world::{CallContext, World};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Ec2Job {
    /// The instance's transitional state (pending, stopping, shutting-down) has ended.
    StateReached { instance_id: String, epoch: u32 },
    /// A terminated instance is no longer listed.
    Forget { instance_id: String },
    /// A running instance's user data has finished (its `cfn-signal` lines send their signals).
    UserDataRan { instance_id: String, epoch: u32 },
    /// A NAT gateway's pending or deleting state has ended.
    NatGatewaySettled { nat_gateway_id: String },
    /// A deleted or failed NAT gateway is no longer listed.
    NatGatewayForget { nat_gateway_id: String },
}

impl Ec2Job {
    pub fn describe(&self) -> (&'static str, &'static str) {
        match self {
            Ec2Job::StateReached { .. } => ("ec2", "InstanceStateChange"),
            Ec2Job::Forget { .. } => ("ec2", "InstanceForgotten"),
            Ec2Job::UserDataRan { .. } => ("ec2", "UserDataRan"),
            Ec2Job::NatGatewaySettled { .. } => ("ec2", "NatGatewayStateChange"),
            Ec2Job::NatGatewayForget { .. } => ("ec2", "NatGatewayForgotten"),
        }
    }
}

pub(crate) fn run(world: &mut World, cx: &mut CallContext, job: Ec2Job) -> Result<(), ApiError> {
    match job {
        Ec2Job::NatGatewaySettled { nat_gateway_id } => {
            super::ops::nat::settle(world, cx, &nat_gateway_id);
            Ok(())
        }
        Ec2Job::NatGatewayForget { nat_gateway_id } => {
            super::ops::nat::forget(world, cx, &nat_gateway_id);
            Ok(())
        }
        Ec2Job::StateReached { instance_id, epoch } => {
            cx.touch(instance_id.clone());
            let has_eip = world.ec2.addresses.values().any(|a| a.instance_id.as_ref() == Some(&instance_id));
            let Some(i) = world.ec2.instances.get_mut(&instance_id) else {
                cx.why(format!("{instance_id} no longer exists"));
                return Ok(());
            };
            cx.region = i.region.clone();
            if i.epoch != epoch {
                cx.why(format!("{instance_id} moved on before this change was due; nothing to do"));
                return Ok(());
            }
            let before = i.state;
            let after = match before {
                InstanceStateName::Pending => InstanceStateName::Running,
                InstanceStateName::Stopping => InstanceStateName::Stopped,
                InstanceStateName::ShuttingDown => InstanceStateName::Terminated,
                other => other,
            };
            i.state = after;
            let why = match after {
                InstanceStateName::Running => {
                    i.boots += 1;
                    // User data runs on the first boot only; epoch 1 is the launch's own change.
                    if epoch == 1 && i.user_data.as_deref().is_some_and(|u| !u.trim().is_empty()) {
                        let job = Ec2Job::UserDataRan { instance_id: instance_id.clone(), epoch };
                        world.schedule(USER_DATA_RUN_TIME, Job::Ec2(job));
                    }
                    format!("{instance_id} is running (it boots from its AMI; billing runs from now)")
                }
                InstanceStateName::Stopped => {
                    if !has_eip {
                        i.public_ip = None;
                    }
                    format!(
                        "{instance_id} is stopped: its EBS root volume stays, {}",
                        if has_eip {
                            "and its Elastic IP stays associated"
                        } else {
                            "its public IPv4 address went back to Amazon (a start gives a new one)"
                        }
                    )
                }
                InstanceStateName::Terminated => {
                    i.public_ip = None;
                    for a in world.ec2.addresses.values_mut().filter(|a| a.instance_id.as_ref() == Some(&instance_id)) {
                        a.instance_id = None;
                        a.association_id = None;
                    }
                    world.schedule(TERMINATED_VISIBLE, Job::Ec2(Ec2Job::Forget { instance_id: instance_id.clone() }));
                    format!(
                        "{instance_id} is terminated: its root volume is deleted; it stays listed for about an hour"
                    )
                }
                other => format!("{instance_id} stays {other}"),
            };
            cx.why(why);
            Ok(())
        }
        Ec2Job::UserDataRan { instance_id, epoch } => {
            cx.touch(instance_id.clone());
            let Some(i) = world.ec2.instances.get(&instance_id) else {
                cx.why(format!("{instance_id} no longer exists"));
                return Ok(());
            };
            if i.epoch != epoch || i.state != InstanceStateName::Running {
                cx.why(format!("{instance_id} stopped before its user data finished"));
                return Ok(());
            }
            cx.region = i.region.clone();
            let (region, user_data) = (i.region.clone(), i.user_data.clone().unwrap_or_default());
            if let Some(i) = world.ec2.instances.get_mut(&instance_id) {
                i.user_data_ran = true;
            }
            cx.why(user_data_ran(world, &instance_id, &region, &user_data));
            Ok(())
        }
        Ec2Job::Forget { instance_id } => {
            cx.touch(instance_id.clone());
            if world.ec2.instances.get(&instance_id).is_some_and(|i| i.state == InstanceStateName::Terminated) {
                world.ec2.instances.remove(&instance_id);
                world.ec2.launch_order.retain(|i| i != &instance_id);
                cx.why(format!("terminated instance {instance_id} is no longer listed"));
            } else {
                cx.why(format!("{instance_id} is not a terminated instance; nothing to do"));
            }
            Ok(())
        }
    }
}

/// The instance's user data has run; with CloudFormation simulated, its `cfn-signal` lines
/// send their signals.
#[cfg(feature = "cloudformation")]
fn user_data_ran(world: &mut World, instance_id: &str, region: &str, user_data: &str) -> String {
    let sent = crate::services::cloudformation::bootstrap::run_user_data(world, instance_id, region, user_data);
    if sent.is_empty() {
        format!("{instance_id} ran its user data (no cfn-signal in it)")
    } else {
        format!("{instance_id} ran its user data: {}", sent.join("; "))
    }
}

#[cfg(not(feature = "cloudformation"))]
fn user_data_ran(_world: &mut World, instance_id: &str, _region: &str, _user_data: &str) -> String {
    format!("{instance_id} ran its user data")
}
