//! What keeps a group at its desired capacity. `reconcile` first runs the EC2 health check (a
//! member that is terminated or stopped is taken out of service and, if stopped, terminated),
//! then launches instances through EC2 RunInstances, balanced across the group's Availability
//! Zones, or terminates the extra ones by the default termination policy. Every launch and
//! termination is an activity with AWS's Description and Cause.

use super::*;
use crate::services::ec2::{self, Ec2Request, Ec2Response, InstanceStateName};
use crate::services::{Request, Response};
use crate::time::SimTime;

/// The tag every instance of a group carries.
pub const GROUP_TAG: &str = "aws:autoscaling:groupName";

/// Whether a load balancer membership change registers or deregisters instances.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LbChange {
    Register,
    Deregister,
}

/// The one place where a group's instances join and leave its load balancers: each target
/// group (ELBv2 RegisterTargets / DeregisterTargets) and each Classic Load Balancer
/// (RegisterInstancesWithLoadBalancer / DeregisterInstancesFromLoadBalancer), through
/// `World::call_in`, so every step is in the trail. A load balancer deleted since is skipped.
pub(crate) fn load_balancer_membership(
    world: &mut World,
    region: &str,
    group: &str,
    change: LbChange,
    instance_ids: &[String],
) {
    let Some(g) = world.autoscaling.groups.get(&(region.to_string(), group.to_string())) else { return };
    let (target_groups, classic) = (g.target_group_arns.clone(), g.load_balancer_names.clone());
    for id in instance_ids {
        for arn in &target_groups {
            let _ = match change {
                LbChange::Register => crate::services::elbv2::register_instance(world, region, arn, id),
                LbChange::Deregister => crate::services::elbv2::deregister_instance(world, region, arn, id),
            };
        }
        for name in &classic {
            let _ = match change {
                LbChange::Register => crate::services::elb::register_instance(world, region, name, id),
                LbChange::Deregister => crate::services::elb::deregister_instance(world, region, name, id),
            };
        }
    }
}

/// The load balancers a group names must exist (CreateAutoScalingGroup, UpdateAutoScalingGroup).
pub(crate) fn check_load_balancers(
    world: &World,
    cx: &mut CallContext,
    region: &str,
    target_groups: &[String],
    classic: &[String],
) -> Result<(), ApiError> {
    if let Some(arn) = target_groups.iter().find(|a| !crate::services::elbv2::target_group_known(world, region, a)) {
        cx.why(format!("no target group {arn} in {region}"));
        return Err(validation("Provided Target Groups may not be valid. Please ensure they exist and try again."));
    }
    if let Some(name) = classic.iter().find(|n| !crate::services::elb::load_balancer_known(world, region, n)) {
        cx.why(format!("no Classic Load Balancer named {name} in {region}"));
        return Err(validation("Provided Load Balancers may not be valid. Please ensure they exist and try again."));
    }
    Ok(())
}

/// Records an activity and returns its id.
#[allow(clippy::too_many_arguments)]
pub(crate) fn activity(
    world: &mut World,
    region: &str,
    group: &str,
    description: String,
    cause: String,
    status_code: &str,
    details: String,
) -> String {
    let activity_id = crate::ids::uuid(world.rng());
    let now = world.now();
    let group_arn = world
        .autoscaling
        .groups
        .get(&(region.to_string(), group.to_string()))
        .map(|g| g.arn.clone())
        .unwrap_or_default();
    world.autoscaling.activities.push(ActivityRecord {
        activity_id: activity_id.clone(),
        region: region.to_string(),
        group: group.to_string(),
        group_arn,
        description,
        cause,
        start: now,
        end: Some(now),
        status_code: status_code.to_string(),
        progress: 100,
        details,
    });
    let len = world.autoscaling.activities.len();
    if len > ACTIVITY_HISTORY {
        world.autoscaling.activities.drain(..len - ACTIVITY_HISTORY);
    }
    activity_id
}

/// The EC2 state of a member, if EC2 still lists it.
fn ec2_state(world: &World, id: &str) -> Option<InstanceStateName> {
    world.ec2.instances.get(id).map(|i| i.state)
}

/// Whether a member passes the EC2 health check (pending or running).
fn healthy(world: &World, id: &str) -> bool {
    matches!(ec2_state(world, id), Some(InstanceStateName::Pending | InstanceStateName::Running))
}

fn call_ec2(world: &mut World, region: &str, r: Ec2Request) -> Result<Ec2Response, ApiError> {
    match world.call_in(region, Request::Ec2(r))? {
        Response::Ec2(r) => Ok(r),
        _ => Err(validation("unexpected response")),
    }
}

/// Runs the group's health check and brings it to its desired capacity. `prefix` is the first
/// sentence of each activity's Cause (what asked for the change), or empty for the health
/// check's own replacements. Returns a one-line account for the trail.
pub(crate) fn reconcile(world: &mut World, region: &str, name: &str, prefix: &str) -> String {
    let key = (region.to_string(), name.to_string());
    let mut notes = Vec::new();
    let Some(g) = world.autoscaling.groups.get(&key) else { return String::new() };
    if g.status.is_some() {
        return format!("{name} is being deleted");
    }
    // Health check (EC2): members that are no longer pending or running are replaced.
    let sick: Vec<String> =
        g.members.iter().filter(|m| !healthy(world, &m.instance_id)).map(|m| m.instance_id.clone()).collect();
    for id in sick {
        let now = cause_time(world.now());
        let stopped = matches!(ec2_state(world, &id), Some(InstanceStateName::Stopped | InstanceStateName::Stopping));
        if stopped {
            let _ = call_ec2(
                world,
                region,
                Ec2Request::TerminateInstances(ec2::InstanceIdsRequest { instance_ids: vec![id.clone()], force: None }),
            );
        }
        let az = remove_member(world, region, name, &id);
        activity(
            world,
            region,
            name,
            format!("Terminating EC2 instance: {id}"),
            format!("At {now} an instance was taken out of service in response to an EC2 health check indicating it has been terminated or stopped."),
            "Successful",
            details(None, &az),
        );
        notes.push(format!("{id} failed the EC2 health check and was taken out of service"));
    }
    let Some(g) = world.autoscaling.groups.get(&key) else { return notes.join("; ") };
    let desired = g.desired_capacity as usize;
    let have = g.members.len();
    if have < desired {
        let mut launched = 0;
        for n in have..desired {
            match launch_one(world, region, name) {
                Ok((id, subnet, az)) => {
                    let now = cause_time(world.now());
                    let first = if prefix.is_empty() { String::new() } else { format!("{prefix}  ") };
                    activity(
                        world,
                        region,
                        name,
                        format!("Launching a new EC2 instance: {id}"),
                        format!("{first}At {now} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from {n} to {desired}."),
                        "Successful",
                        details(Some(&subnet), &az),
                    );
                    launched += 1;
                }
                Err(e) => {
                    let now = cause_time(world.now());
                    activity(
                        world,
                        region,
                        name,
                        format!("Launching a new EC2 instance.  Status Reason: {}", e.message),
                        format!("At {now} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from {n} to {desired}."),
                        "Failed",
                        details(None, ""),
                    );
                    notes.push(format!("a launch failed: {}: {}", e.code, e.message));
                    break;
                }
            }
        }
        if launched > 0 {
            notes.push(format!("launched {launched} instance(s) to reach the desired capacity of {desired}"));
        }
    } else if have > desired {
        for n in (desired..have).rev() {
            let Some(id) = scale_in_victim(world, region, name) else { break };
            let _ = call_ec2(
                world,
                region,
                Ec2Request::TerminateInstances(ec2::InstanceIdsRequest { instance_ids: vec![id.clone()], force: None }),
            );
            let az = remove_member(world, region, name, &id);
            let now = cause_time(world.now());
            let first = if prefix.is_empty() { String::new() } else { format!("{prefix}  ") };
            activity(
                world,
                region,
                name,
                format!("Terminating EC2 instance: {id}"),
                format!("{first}At {now} an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from {} to {desired}.", n + 1),
                "Successful",
                details(None, &az),
            );
        }
        notes.push(format!(
            "terminated {} instance(s) to come down to the desired capacity of {desired}",
            have - desired
        ));
    }
    notes.join("; ")
}

fn details(subnet: Option<&str>, az: &str) -> String {
    let mut m = serde_json::Map::new();
    if let Some(s) = subnet {
        m.insert("Subnet ID".into(), serde_json::Value::String(s.to_string()));
    }
    if !az.is_empty() {
        m.insert("Availability Zone".into(), serde_json::Value::String(az.to_string()));
    }
    serde_json::Value::Object(m).to_string()
}

/// Takes a member out of the group (and its load balancers); returns its Availability Zone.
pub(crate) fn remove_member(world: &mut World, region: &str, name: &str, id: &str) -> String {
    let key = (region.to_string(), name.to_string());
    let Some(g) = world.autoscaling.groups.get_mut(&key) else { return String::new() };
    let az = g.members.iter().find(|m| m.instance_id == id).map(|m| m.availability_zone.clone()).unwrap_or_default();
    g.members.retain(|m| m.instance_id != id);
    load_balancer_membership(world, region, name, LbChange::Deregister, &[id.to_string()]);
    az
}

/// The default termination policy: the Availability Zone with the most instances, then an
/// instance launched from an older launch configuration or template, then the oldest one.
/// Instances protected from scale in are skipped.
fn scale_in_victim(world: &World, region: &str, name: &str) -> Option<String> {
    let g = world.autoscaling.groups.get(&(region.to_string(), name.to_string()))?;
    let candidates: Vec<&Member> = g.members.iter().filter(|m| !m.protected_from_scale_in).collect();
    let count = |az: &str| g.members.iter().filter(|m| m.availability_zone == az).count();
    let most = candidates.iter().map(|m| count(&m.availability_zone)).max()?;
    let in_az: Vec<&&Member> = candidates.iter().filter(|m| count(&m.availability_zone) == most).collect();
    in_az.iter().find(|m| m.source != g.source).or_else(|| in_az.first()).map(|m| m.instance_id.clone())
}

/// The (subnet, Availability Zone) pairs a group launches into, in its order.
pub(crate) fn placements(world: &World, g: &Group) -> Vec<(String, String)> {
    if !g.subnets.is_empty() {
        return g
            .subnets
            .iter()
            .filter_map(|s| world.ec2.subnets.get(s).map(|x| (s.clone(), x.availability_zone.clone())))
            .collect();
    }
    let Some(vpc) = world.ec2.default_vpc(&g.region).map(|v| v.vpc_id.clone()) else { return Vec::new() };
    g.availability_zones
        .iter()
        .filter_map(|az| {
            world
                .ec2
                .subnets
                .values()
                .find(|s| s.vpc_id == vpc && s.default_for_az && &s.availability_zone == az)
                .map(|s| (s.subnet_id.clone(), az.clone()))
        })
        .collect()
}

/// The launch parameters of a launch source, as a RunInstances request (without placement).
pub(crate) fn launch_request(
    world: &World,
    region: &str,
    source: &LaunchSource,
) -> Result<ec2::RunInstancesRequest, ApiError> {
    match source {
        LaunchSource::Configuration(lc) => {
            let Some(lc) = world.autoscaling.launch_configurations.get(&(region.to_string(), lc.clone())) else {
                return Err(validation(format!(
                    "Launch configuration name not found - Launch configuration {lc} not found"
                )));
            };
            let (ids, names): (Vec<String>, Vec<String>) =
                lc.security_groups.iter().cloned().partition(|s| s.starts_with("sg-"));
            Ok(ec2::RunInstancesRequest {
                image_id: Some(lc.image_id.clone()),
                instance_type: Some(lc.instance_type.clone()),
                key_name: lc.key_name.clone(),
                security_group_ids: ids,
                security_groups: names,
                user_data: lc.user_data.clone(),
                iam_instance_profile: lc.iam_instance_profile.as_ref().map(|p| {
                    if p.starts_with("arn:") {
                        ec2::IamInstanceProfileSpecification { arn: Some(p.clone()), name: None }
                    } else {
                        ec2::IamInstanceProfileSpecification { arn: None, name: Some(p.clone()) }
                    }
                }),
                ..Default::default()
            })
        }
        LaunchSource::Template(t) => {
            let Some(lt) = world.ec2.launch_templates.get(&t.id) else {
                return Err(validation(format!(
                    "The specified launch template, with template ID {}, does not exist.",
                    t.id
                )));
            };
            let number = match t.version.as_str() {
                "$Latest" => lt.latest_version(),
                "$Default" | "" => lt.default_version,
                v => v.parse().unwrap_or(-1),
            };
            let Some(v) = lt.versions.iter().find(|v| v.version_number == number) else {
                return Err(validation(format!(
                    "The specified launch template, with template ID {}, does not have version {}.",
                    t.id, t.version
                )));
            };
            let d = &v.data;
            Ok(ec2::RunInstancesRequest {
                image_id: d.image_id.clone(),
                instance_type: d.instance_type.clone(),
                key_name: d.key_name.clone(),
                security_group_ids: d.security_group_ids.clone(),
                user_data: d.user_data.clone(),
                iam_instance_profile: d.iam_instance_profile.clone(),
                tag_specifications: d.tag_specifications.clone(),
                ..Default::default()
            })
        }
    }
}

/// Launches one instance in the Availability Zone with the fewest members.
fn launch_one(world: &mut World, region: &str, name: &str) -> Result<(String, String, String), ApiError> {
    let key = (region.to_string(), name.to_string());
    let g = world.autoscaling.groups.get(&key).ok_or_else(|| validation("the group is gone"))?.clone();
    let places = placements(world, &g);
    let Some((subnet, az)) =
        places.iter().min_by_key(|(_, az)| g.members.iter().filter(|m| &m.availability_zone == az).count()).cloned()
    else {
        return Err(validation("No subnet is available in the group's Availability Zones."));
    };
    let mut request = launch_request(world, region, &g.source)?;
    request.subnet_id = Some(subnet.clone());
    request.min_count = Some(1);
    request.max_count = Some(1);
    let mut tags = vec![ec2::Tag { key: GROUP_TAG.into(), value: name.into() }];
    for t in g.tags.iter().filter(|t| t.propagate_at_launch) {
        tags.push(ec2::Tag { key: t.key.clone(), value: t.value.clone() });
    }
    // A launch template's own instance tags stay; the group's are added.
    let mut specs: Vec<ec2::TagSpecification> = request
        .tag_specifications
        .iter()
        .filter(|s| s.resource_type.as_deref().is_none_or(|r| r == "instance"))
        .cloned()
        .collect();
    specs.push(ec2::TagSpecification { resource_type: Some("instance".into()), tags });
    request.tag_specifications = specs;
    let Ec2Response::RunInstances(r) = call_ec2(world, region, Ec2Request::RunInstances(request))? else {
        return Err(validation("unexpected response"));
    };
    let id = r.instances.first().map(|i| i.instance_id.clone()).unwrap_or_default();
    if let Some(g) = world.autoscaling.groups.get_mut(&key) {
        g.members.push(Member {
            instance_id: id.clone(),
            availability_zone: az.clone(),
            source: g.source.clone(),
            healthy: true,
            protected_from_scale_in: g.new_instances_protected_from_scale_in,
        });
    }
    load_balancer_membership(world, region, name, LbChange::Register, std::slice::from_ref(&id));
    Ok((id, subnet, az))
}

/// The lifecycle state DescribeAutoScalingGroups shows for a member.
pub(crate) fn lifecycle_state(world: &World, id: &str) -> &'static str {
    match ec2_state(world, id) {
        Some(InstanceStateName::Pending) => "Pending",
        Some(InstanceStateName::Running) => "InService",
        Some(InstanceStateName::ShuttingDown) => "Terminating",
        Some(InstanceStateName::Terminated) | None => "Terminated",
        Some(_) => "InService",
    }
}

/// The start of a Cause written for a user's request (`At 2026-01-01T00:00:00Z a user request ...`).
pub(crate) fn user_cause(now: SimTime, what: &str) -> String {
    format!("At {} {what}", cause_time(now))
}

/// The current simulated time as a Cause writes it.
pub(crate) fn cause_time_now(world: &World) -> String {
    cause_time(world.now())
}
