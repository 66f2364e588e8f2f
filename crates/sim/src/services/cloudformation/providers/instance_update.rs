//! In-place updates of `AWS::EC2::Instance`, as the resource reference sorts its properties:
//! new security groups go onto the running instance (no interruption); a new instance type or
//! user data needs the instance stopped (some interruption), so CloudFormation stops it, changes
//! it with ModifyInstanceAttribute and starts it again. The instance keeps its id; user data is
//! not run again, because cloud-init runs it on the first boot only.

use super::ec2::{call, list, optional};
use crate::services::cloudformation::jobs::{schedule, Job};
use crate::services::ec2::{self, Ec2Request, InstanceStateName};
use crate::time::SimDuration;
use crate::world::{CallContext, World};
use serde_json::{Map, Value as Json};

/// What an update changes on a live instance.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Plan {
    groups: Option<Vec<String>>,
    instance_type: Option<String>,
    /// `Some("")` clears the user data.
    user_data: Option<String>,
}

impl Plan {
    fn interrupts(&self) -> bool {
        self.instance_type.is_some() || self.user_data.is_some()
    }
}

pub(super) fn plan(
    world: &World,
    logical_id: &str,
    physical_id: &str,
    props: &Map<String, Json>,
) -> Result<Plan, String> {
    let Some(live) = world.ec2.instances.get(physical_id) else { return Ok(Plan::default()) };
    let groups = list(logical_id, props, "SecurityGroupIds")?;
    let instance_type = optional(props, "InstanceType").unwrap_or_else(|| "m1.small".into());
    let user_data = optional(props, "UserData").unwrap_or_default();
    Ok(Plan {
        groups: (!groups.is_empty() && groups != live.security_group_ids).then_some(groups),
        instance_type: (instance_type != live.instance_type).then_some(instance_type),
        user_data: (user_data != live.user_data.clone().unwrap_or_default()).then_some(user_data),
    })
}

/// How long the update takes: a stop and a start when the instance must restart.
pub(super) fn duration(world: &World, physical_id: &str, plan: &Plan) -> SimDuration {
    let running = world.ec2.instances.get(physical_id).is_some_and(|i| i.state != InstanceStateName::Stopped);
    if plan.interrupts() && running {
        SimDuration::seconds(ec2::STOPPING_TIME.as_seconds() + ec2::PENDING_TIME.as_seconds() + RESTART_MARGIN)
    } else {
        SimDuration::seconds(10)
    }
}

/// Seconds between the instance running again and CloudFormation calling the update complete.
const RESTART_MARGIN: i64 = 15;

pub(super) fn apply(world: &mut World, region: &str, instance_id: &str, plan: Plan) -> Result<(), String> {
    if let Some(groups) = plan.groups.clone() {
        modify(world, region, ec2::ModifyInstanceAttributeRequest { groups, ..request(instance_id) })?;
    }
    if !plan.interrupts() {
        return Ok(());
    }
    let state = world.ec2.instances.get(instance_id).map(|i| i.state);
    if state == Some(InstanceStateName::Stopped) {
        // A stopped instance is changed and left stopped.
        return change_stopped(world, region, instance_id, &plan);
    }
    call(
        world,
        region,
        Ec2Request::StopInstances(ec2::InstanceIdsRequest { instance_ids: vec![instance_id.into()], force: None }),
    )?;
    let job = Job::InstanceRestart {
        region: region.into(),
        instance_id: instance_id.into(),
        instance_type: plan.instance_type,
        user_data: plan.user_data,
    };
    schedule(world, ec2::STOPPING_TIME, job);
    Ok(())
}

fn request(instance_id: &str) -> ec2::ModifyInstanceAttributeRequest {
    ec2::ModifyInstanceAttributeRequest { instance_id: instance_id.into(), ..Default::default() }
}

fn modify(world: &mut World, region: &str, r: ec2::ModifyInstanceAttributeRequest) -> Result<(), String> {
    call(world, region, Ec2Request::ModifyInstanceAttribute(r)).map(|_| ())
}

fn change_stopped(world: &mut World, region: &str, instance_id: &str, plan: &Plan) -> Result<(), String> {
    if let Some(t) = &plan.instance_type {
        let value = ec2::AttributeValue { value: t.clone() };
        modify(
            world,
            region,
            ec2::ModifyInstanceAttributeRequest { instance_type: Some(value), ..request(instance_id) },
        )?;
    }
    if let Some(u) = &plan.user_data {
        let value = ec2::AttributeValue { value: u.clone() };
        modify(world, region, ec2::ModifyInstanceAttributeRequest { user_data: Some(value), ..request(instance_id) })?;
    }
    Ok(())
}

/// The stop an update asked for is due: change the stopped instance and start it again.
pub(crate) fn restart(
    world: &mut World,
    cx: &mut CallContext,
    region: &str,
    instance_id: &str,
    instance_type: Option<String>,
    user_data: Option<String>,
) {
    cx.touch(instance_id.to_string());
    cx.region = region.to_string();
    let Some(state) = world.ec2.instances.get(instance_id).map(|i| i.state) else {
        cx.why(format!("{instance_id} no longer exists; nothing to restart"));
        return;
    };
    match state {
        InstanceStateName::Stopping => {
            schedule(
                world,
                SimDuration::seconds(5),
                Job::InstanceRestart {
                    region: region.into(),
                    instance_id: instance_id.into(),
                    instance_type,
                    user_data,
                },
            );
            cx.why(format!("{instance_id} is still stopping; CloudFormation checks again in 5 seconds"));
        }
        InstanceStateName::Stopped => {
            let plan = Plan { groups: None, instance_type, user_data };
            let changed = change_stopped(world, region, instance_id, &plan);
            let started = call(
                world,
                region,
                Ec2Request::StartInstances(ec2::InstanceIdsRequest {
                    instance_ids: vec![instance_id.into()],
                    force: None,
                }),
            );
            cx.why(match (changed, started) {
                (Ok(()), Ok(_)) => format!("{instance_id} is stopped: CloudFormation changed it and started it again"),
                (Err(e), _) | (_, Err(e)) => format!("{instance_id} could not be changed and restarted: {e}"),
            });
        }
        other => cx.why(format!("{instance_id} is {other}, not stopped; CloudFormation left it as it is")),
    }
}
