//! Auto Scaling groups: their sizes, where they launch, and what they launch from. Every
//! change that moves the desired capacity launches or terminates instances at once
//! (`capacity::reconcile`); a health check on the clock (`jobs.rs`) replaces instances that are
//! terminated or stopped outside the group.

use super::capacity::{self, reconcile, user_cause};
use super::*;
use crate::services::autoscaling::jobs::AutoScalingJob;
use crate::services::Job;
use crate::time::SimTime;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchTemplateSpecification {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_template_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_template_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagInput {
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub propagate_at_launch: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateAutoScalingGroupRequest {
    pub auto_scaling_group_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_configuration_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_template: Option<LaunchTemplateSpecification>,
    /// Mixed instances policies are not simulated (refused).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mixed_instances_policy: Option<serde_json::Value>,
    /// Creating a group from an instance is not simulated (refused).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    pub min_size: i64,
    pub max_size: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desired_capacity: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_cooldown: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub availability_zones: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub load_balancer_names: Vec<String>,
    #[serde(default, rename = "TargetGroupARNs", skip_serializing_if = "Vec::is_empty")]
    pub target_group_arns: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_grace_period: Option<i64>,
    #[serde(default, rename = "VPCZoneIdentifier", skip_serializing_if = "Option::is_none")]
    pub vpc_zone_identifier: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub termination_policies: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_instances_protected_from_scale_in: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<TagInput>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceView {
    pub instance_id: String,
    pub instance_type: String,
    pub availability_zone: String,
    pub lifecycle_state: String,
    pub health_status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_configuration_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_template: Option<LaunchTemplateSpecification>,
    pub protected_from_scale_in: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagDescription {
    pub resource_id: String,
    pub resource_type: String,
    pub key: String,
    pub value: String,
    pub propagate_at_launch: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AutoScalingGroupView {
    pub auto_scaling_group_name: String,
    #[serde(rename = "AutoScalingGroupARN")]
    pub auto_scaling_group_arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_configuration_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_template: Option<LaunchTemplateSpecification>,
    pub min_size: i64,
    pub max_size: i64,
    pub desired_capacity: i64,
    pub default_cooldown: i64,
    pub availability_zones: Vec<String>,
    pub load_balancer_names: Vec<String>,
    #[serde(rename = "TargetGroupARNs")]
    pub target_group_arns: Vec<String>,
    pub health_check_type: String,
    pub health_check_grace_period: i64,
    pub instances: Vec<InstanceView>,
    pub created_time: SimTime,
    pub suspended_processes: Vec<serde_json::Value>,
    #[serde(rename = "VPCZoneIdentifier")]
    pub vpc_zone_identifier: String,
    pub enabled_metrics: Vec<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    pub tags: Vec<TagDescription>,
    pub termination_policies: Vec<String>,
    pub new_instances_protected_from_scale_in: bool,
    #[serde(rename = "ServiceLinkedRoleARN")]
    pub service_linked_role_arn: String,
}

fn template_spec(t: &TemplateRef) -> LaunchTemplateSpecification {
    LaunchTemplateSpecification {
        launch_template_id: Some(t.id.clone()),
        launch_template_name: Some(t.name.clone()),
        version: Some(t.version.clone()),
    }
}

fn source_fields(s: &LaunchSource) -> (Option<String>, Option<LaunchTemplateSpecification>) {
    match s {
        LaunchSource::Configuration(n) => (Some(n.clone()), None),
        LaunchSource::Template(t) => (None, Some(template_spec(t))),
    }
}

pub(crate) fn group_view(world: &World, g: &Group) -> AutoScalingGroupView {
    let (lc, lt) = source_fields(&g.source);
    let instances = g
        .members
        .iter()
        .map(|m| {
            let (lc, lt) = source_fields(&m.source);
            InstanceView {
                instance_id: m.instance_id.clone(),
                instance_type: world
                    .ec2
                    .instances
                    .get(&m.instance_id)
                    .map(|i| i.instance_type.clone())
                    .unwrap_or_default(),
                availability_zone: m.availability_zone.clone(),
                lifecycle_state: capacity::lifecycle_state(world, &m.instance_id).into(),
                health_status: if m.healthy { "Healthy" } else { "Unhealthy" }.into(),
                launch_configuration_name: lc,
                launch_template: lt,
                protected_from_scale_in: m.protected_from_scale_in,
            }
        })
        .collect();
    AutoScalingGroupView {
        auto_scaling_group_name: g.name.clone(),
        auto_scaling_group_arn: g.arn.clone(),
        launch_configuration_name: lc,
        launch_template: lt,
        min_size: g.min_size,
        max_size: g.max_size,
        desired_capacity: g.desired_capacity,
        default_cooldown: g.default_cooldown,
        availability_zones: g.availability_zones.clone(),
        load_balancer_names: g.load_balancer_names.clone(),
        target_group_arns: g.target_group_arns.clone(),
        health_check_type: g.health_check_type.clone(),
        health_check_grace_period: g.health_check_grace_period,
        instances,
        created_time: g.created,
        suspended_processes: Vec::new(),
        vpc_zone_identifier: g.subnets.join(","),
        enabled_metrics: Vec::new(),
        status: g.status.clone(),
        tags: g
            .tags
            .iter()
            .map(|t| TagDescription {
                resource_id: g.name.clone(),
                resource_type: "auto-scaling-group".into(),
                key: t.key.clone(),
                value: t.value.clone(),
                propagate_at_launch: t.propagate_at_launch,
            })
            .collect(),
        termination_policies: g.termination_policies.clone(),
        new_instances_protected_from_scale_in: g.new_instances_protected_from_scale_in,
        service_linked_role_arn: format!(
            "arn:aws:iam::{ACCOUNT_ID}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"
        ),
    }
}

/// `Max bound, 1, must be greater than or equal to min bound, 2`, and the desired capacity
/// between them.
fn check_sizes(cx: &mut CallContext, min: i64, max: i64, desired: i64) -> Result<(), ApiError> {
    if min < 0 || max < 0 {
        cx.why("MinSize and MaxSize are 0 or more");
        return Err(validation("1 validation error detected: Value at 'minSize' failed to satisfy constraint: Member must have value greater than or equal to 0"));
    }
    if max < min {
        cx.why(format!("MaxSize {max} is below MinSize {min}"));
        return Err(validation(format!("Max bound, {max}, must be greater than or equal to min bound, {min}")));
    }
    if desired < min || desired > max {
        cx.why(format!("DesiredCapacity {desired} is outside MinSize {min}..MaxSize {max}"));
        return Err(validation(format!(
            "Desired capacity:{desired} must be between the specified min size:{min} and max size:{max}"
        )));
    }
    Ok(())
}

/// What a group launches from, checked: a launch configuration of the Region or an EC2
/// launch template (by id or name, with a version number, `$Default` or `$Latest`).
fn launch_source(
    world: &World,
    cx: &mut CallContext,
    lc: Option<&String>,
    lt: Option<&LaunchTemplateSpecification>,
) -> Result<LaunchSource, ApiError> {
    match (lc, lt) {
        (Some(name), None) => {
            if world.autoscaling.launch_configurations.contains_key(&(cx.region.clone(), name.clone())) {
                Ok(LaunchSource::Configuration(name.clone()))
            } else {
                cx.why(format!("no launch configuration named '{name}' in {}", cx.region));
                Err(validation(format!("Launch configuration name not found - Launch configuration {name} not found")))
            }
        }
        (None, Some(spec)) => {
            let found = match (&spec.launch_template_id, &spec.launch_template_name) {
                (Some(id), None) => world.ec2.launch_templates.get(id).filter(|t| t.region == cx.region),
                (None, Some(n)) => {
                    world.ec2.launch_templates.values().find(|t| t.region == cx.region && &t.launch_template_name == n)
                }
                _ => {
                    cx.why("name the launch template by LaunchTemplateId or LaunchTemplateName, not both");
                    return Err(validation(
                        "Valid requests must contain either launchTemplateId or LaunchTemplateName",
                    ));
                }
            };
            let Some(t) = found else {
                let what = spec.launch_template_id.clone().or(spec.launch_template_name.clone()).unwrap_or_default();
                cx.why(format!("no launch template '{what}' in {}", cx.region));
                return Err(validation(format!("You must use a valid fully-formed launch template. The specified launch template, with template ID/name {what}, does not exist.")));
            };
            let version = spec.version.clone().unwrap_or_else(|| "$Default".into());
            let ok = match version.as_str() {
                "$Default" | "$Latest" => true,
                v => v.parse::<i64>().is_ok_and(|n| t.versions.iter().any(|x| x.version_number == n)),
            };
            if !ok {
                cx.why(format!("{} has no version {version}", t.launch_template_id));
                return Err(validation(format!("You must use a valid fully-formed launch template. The specified launch template, with template ID {}, does not have version {version}.", t.launch_template_id)));
            }
            Ok(LaunchSource::Template(TemplateRef {
                id: t.launch_template_id.clone(),
                name: t.launch_template_name.clone(),
                version,
            }))
        }
        (Some(_), Some(_)) => {
            cx.why("a group launches from a launch configuration or a launch template, not both");
            Err(validation("Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter."))
        }
        (None, None) => {
            cx.why("a group needs --launch-configuration-name or --launch-template");
            Err(validation("Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter."))
        }
    }
}

/// Where a group launches: its subnets (all in one VPC) and their zones, or zones of the
/// default VPC.
fn placement(
    world: &World,
    cx: &mut CallContext,
    zones: &[String],
    vpc_zone_identifier: Option<&str>,
) -> Result<(Vec<String>, Vec<String>), ApiError> {
    let subnets: Vec<String> = vpc_zone_identifier
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    if !subnets.is_empty() {
        let mut azs: Vec<String> = Vec::new();
        let mut vpc: Option<String> = None;
        for s in &subnets {
            let Some(sub) = world.ec2.subnets.get(s).filter(|x| x.region == cx.region) else {
                cx.why(format!("no subnet '{s}' in {}", cx.region));
                return Err(validation(format!("The subnet ID '{s}' does not exist")));
            };
            if vpc.as_ref().is_some_and(|v| v != &sub.vpc_id) {
                cx.why("every subnet of a group is in the same VPC");
                return Err(validation("The subnets specified in VPCZoneIdentifier must all be in the same VPC."));
            }
            vpc = Some(sub.vpc_id.clone());
            if !azs.contains(&sub.availability_zone) {
                azs.push(sub.availability_zone.clone());
            }
        }
        if !zones.is_empty() && zones.iter().any(|z| !azs.contains(z)) {
            cx.why("the Availability Zones named do not match the subnets' zones");
            return Err(validation(
                "The availability zones of the specified subnets and the Auto Scaling group do not match",
            ));
        }
        crate::sort::sort_by(&mut azs, |a, b| a.cmp(b));
        return Ok((subnets, azs));
    }
    if zones.is_empty() {
        cx.why("a group needs --vpc-zone-identifier (subnets) or --availability-zones");
        return Err(validation("At least one Availability Zone or VPC Subnet is required."));
    }
    let region = crate::regions::find(&cx.region).map(|r| r.availability_zones()).unwrap_or_default();
    if let Some(z) = zones.iter().find(|z| !region.contains(z)) {
        cx.why(format!("{z} is not an Availability Zone of {}", cx.region));
        return Err(validation(format!("Invalid Availability Zone: {z}")));
    }
    let mut azs = zones.to_vec();
    crate::sort::sort_by(&mut azs, |a, b| a.cmp(b));
    azs.dedup();
    Ok((Vec::new(), azs))
}

fn health_check_type(cx: &mut CallContext, t: Option<&str>) -> Result<String, ApiError> {
    match t.unwrap_or("EC2") {
        t @ ("EC2" | "ELB") => Ok(t.to_string()),
        other => {
            cx.why("HealthCheckType is EC2 or ELB (VPC_LATTICE and EBS are not simulated)");
            Err(validation(format!("Invalid health check type: {other}")))
        }
    }
}

pub fn create_auto_scaling_group(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateAutoScalingGroupRequest,
) -> Result<EmptyOutput, ApiError> {
    let name = input.auto_scaling_group_name.clone();
    check_name(cx, "autoScalingGroupName", &name)?;
    cx.touch(name.clone());
    let region = cx.region.clone();
    crate::services::ec2::ensure_defaults(world, &region);
    let key = (region.clone(), name.clone());
    if world.autoscaling.groups.contains_key(&key) {
        cx.why(format!("a group named '{name}' already exists in {region}"));
        return Err(already_exists(format!(
            "AutoScalingGroup by this name already exists - A group with the name {name} already exists"
        )));
    }
    if input.mixed_instances_policy.is_some() || input.instance_id.is_some() {
        cx.why("mixed instances policies and groups made from an instance are not simulated; use a launch configuration or template");
        return Err(validation("Nimbus Lab simulates groups with a LaunchConfigurationName or a LaunchTemplate only (MixedInstancesPolicy and InstanceId are not simulated)"));
    }
    let source = launch_source(world, cx, input.launch_configuration_name.as_ref(), input.launch_template.as_ref())?;
    capacity::check_load_balancers(world, cx, &region, &input.target_group_arns, &input.load_balancer_names)?;
    let desired = input.desired_capacity.unwrap_or(input.min_size);
    check_sizes(cx, input.min_size, input.max_size, desired)?;
    let (subnets, azs) = placement(world, cx, &input.availability_zones, input.vpc_zone_identifier.as_deref())?;
    let hct = health_check_type(cx, input.health_check_type.as_deref())?;
    let uuid = crate::ids::uuid(world.rng());
    let group = Group {
        name: name.clone(),
        arn: arn(&region, &format!("autoScalingGroup:{uuid}:autoScalingGroupName/{name}")),
        region: region.clone(),
        source,
        min_size: input.min_size,
        max_size: input.max_size,
        desired_capacity: desired,
        default_cooldown: input.default_cooldown.unwrap_or(DEFAULT_COOLDOWN),
        availability_zones: azs,
        subnets,
        health_check_type: hct,
        health_check_grace_period: input.health_check_grace_period.unwrap_or(300),
        load_balancer_names: input.load_balancer_names,
        target_group_arns: input.target_group_arns,
        termination_policies: if input.termination_policies.is_empty() {
            vec!["Default".into()]
        } else {
            input.termination_policies
        },
        new_instances_protected_from_scale_in: input.new_instances_protected_from_scale_in.unwrap_or(false),
        tags: input
            .tags
            .into_iter()
            .map(|t| GroupTag {
                key: t.key,
                value: t.value.unwrap_or_default(),
                propagate_at_launch: t.propagate_at_launch.unwrap_or(false),
            })
            .collect(),
        members: Vec::new(),
        created: world.now(),
        status: None,
    };
    world.autoscaling.groups.insert(key, group);
    let prefix = user_cause(
        world.now(),
        &format!("a user request created an AutoScalingGroup changing the desired capacity from 0 to {desired}."),
    );
    let launched = reconcile(world, &region, &name, &prefix);
    world.schedule(
        HEALTH_CHECK_INTERVAL,
        Job::AutoScaling(AutoScalingJob::HealthCheck {
            region: region.clone(),
            group: name.clone(),
            created: world.now(),
        }),
    );
    cx.why(format!(
        "group {name} created with desired capacity {desired}{}; an EC2 health check runs every {HEALTH_CHECK_INTERVAL}",
        if launched.is_empty() { String::new() } else { format!(": {launched}") }
    ));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAutoScalingGroupsRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub auto_scaling_group_names: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAutoScalingGroupsOutput {
    pub auto_scaling_groups: Vec<AutoScalingGroupView>,
}

pub fn describe_auto_scaling_groups(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeAutoScalingGroupsRequest,
) -> Result<DescribeAutoScalingGroupsOutput, ApiError> {
    let groups: Vec<AutoScalingGroupView> = world
        .autoscaling
        .groups
        .values()
        .filter(|g| g.region == cx.region)
        .filter(|g| input.auto_scaling_group_names.is_empty() || input.auto_scaling_group_names.contains(&g.name))
        .map(|g| group_view(world, g))
        .collect();
    cx.why(format!("{} group(s) in {}", groups.len(), cx.region));
    Ok(DescribeAutoScalingGroupsOutput { auto_scaling_groups: groups })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateAutoScalingGroupRequest {
    pub auto_scaling_group_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_configuration_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_template: Option<LaunchTemplateSpecification>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_size: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_size: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desired_capacity: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_cooldown: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub availability_zones: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_grace_period: Option<i64>,
    #[serde(default, rename = "VPCZoneIdentifier", skip_serializing_if = "Option::is_none")]
    pub vpc_zone_identifier: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub termination_policies: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_instances_protected_from_scale_in: Option<bool>,
}

pub fn update_auto_scaling_group(
    world: &mut World,
    cx: &mut CallContext,
    input: UpdateAutoScalingGroupRequest,
) -> Result<EmptyOutput, ApiError> {
    let key = group_key(world, cx, &input.auto_scaling_group_name)?;
    let g = world.autoscaling.groups[&key].clone();
    if g.status.is_some() {
        cx.why(format!("{} is being deleted", g.name));
        return Err(activity_in_progress("AutoScalingGroup is pending delete."));
    }
    let source = if input.launch_configuration_name.is_some() || input.launch_template.is_some() {
        launch_source(world, cx, input.launch_configuration_name.as_ref(), input.launch_template.as_ref())?
    } else {
        g.source.clone()
    };
    let min = input.min_size.unwrap_or(g.min_size);
    let max = input.max_size.unwrap_or(g.max_size);
    // A new min or max alone pulls the desired capacity inside the bounds, as AWS does.
    let desired = input.desired_capacity.unwrap_or(g.desired_capacity.clamp(min.min(max), max.max(min)));
    check_sizes(cx, min, max, desired)?;
    let (subnets, azs) = if input.vpc_zone_identifier.is_some() || !input.availability_zones.is_empty() {
        placement(world, cx, &input.availability_zones, input.vpc_zone_identifier.as_deref())?
    } else {
        (g.subnets.clone(), g.availability_zones.clone())
    };
    let hct = match &input.health_check_type {
        Some(t) => health_check_type(cx, Some(t))?,
        None => g.health_check_type.clone(),
    };
    let before = g.desired_capacity;
    let gm = world.autoscaling.groups.get_mut(&key).expect("checked above");
    gm.source = source;
    gm.min_size = min;
    gm.max_size = max;
    gm.desired_capacity = desired;
    gm.subnets = subnets;
    gm.availability_zones = azs;
    gm.health_check_type = hct;
    if let Some(c) = input.default_cooldown {
        gm.default_cooldown = c;
    }
    if let Some(p) = input.health_check_grace_period {
        gm.health_check_grace_period = p;
    }
    if !input.termination_policies.is_empty() {
        gm.termination_policies = input.termination_policies;
    }
    if let Some(p) = input.new_instances_protected_from_scale_in {
        gm.new_instances_protected_from_scale_in = p;
    }
    let what = format!("a user request update of AutoScalingGroup constraints to min: {min}, max: {max}, desired: {desired} changing the desired capacity from {before} to {desired}.");
    let prefix = user_cause(world.now(), &what);
    let moved = reconcile(world, &key.0, &key.1, &prefix);
    cx.why(format!(
        "group {} updated (min {min}, max {max}, desired {desired}); running instances keep their launch configuration or template{}",
        key.1,
        if moved.is_empty() { String::new() } else { format!("; {moved}") }
    ));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetDesiredCapacityRequest {
    pub auto_scaling_group_name: String,
    pub desired_capacity: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub honor_cooldown: Option<bool>,
}

pub fn set_desired_capacity(
    world: &mut World,
    cx: &mut CallContext,
    input: SetDesiredCapacityRequest,
) -> Result<EmptyOutput, ApiError> {
    let key = group_key(world, cx, &input.auto_scaling_group_name)?;
    let g = &world.autoscaling.groups[&key];
    let (min, max, before) = (g.min_size, g.max_size, g.desired_capacity);
    let desired = input.desired_capacity;
    if desired < min || desired > max {
        cx.why(format!("{desired} is outside the group's MinSize {min}..MaxSize {max}"));
        return Err(validation(if desired > max {
            format!("New SetDesiredCapacity value {desired} is above max value {max} for the AutoScalingGroup.")
        } else {
            format!("New SetDesiredCapacity value {desired} is below min value {min} for the AutoScalingGroup.")
        }));
    }
    if g.status.is_some() {
        return Err(activity_in_progress("AutoScalingGroup is pending delete."));
    }
    world.autoscaling.groups.get_mut(&key).expect("checked").desired_capacity = desired;
    let prefix = user_cause(world.now(), &format!("a user request explicitly set group desired capacity changing the desired capacity from {before} to {desired}."));
    let moved = reconcile(world, &key.0, &key.1, &prefix);
    cx.why(format!(
        "desired capacity of {} set from {before} to {desired}{}",
        key.1,
        if moved.is_empty() { String::new() } else { format!(": {moved}") }
    ));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TerminateInstanceInAutoScalingGroupRequest {
    pub instance_id: String,
    pub should_decrement_desired_capacity: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ActivityOutput {
    pub activity: super::activities::ActivityView,
}

pub fn terminate_instance_in_auto_scaling_group(
    world: &mut World,
    cx: &mut CallContext,
    input: TerminateInstanceInAutoScalingGroupRequest,
) -> Result<ActivityOutput, ApiError> {
    let id = input.instance_id.clone();
    cx.touch(id.clone());
    let found = world
        .autoscaling
        .groups
        .iter()
        .find(|(k, g)| k.0 == cx.region && g.members.iter().any(|m| m.instance_id == id))
        .map(|(k, g)| (k.clone(), g.desired_capacity, g.min_size));
    let Some((key, before, min)) = found else {
        cx.why(format!("{id} is not an instance of any Auto Scaling group in {}", cx.region));
        return Err(validation(format!("Instance Id not found - No managed instance found for instance ID: {id}")));
    };
    if input.should_decrement_desired_capacity && before - 1 < min {
        cx.why(format!("decrementing would take the desired capacity below MinSize {min}"));
        return Err(validation(format!(
            "Currently, desired-capacity is {before}. Decrementing desired-capacity by 1 would make it less than min-size {min}."
        )));
    }
    let region = key.0.clone();
    let name = key.1.clone();
    let _ = world.call_in(
        &region,
        crate::services::Request::Ec2(crate::services::ec2::Ec2Request::TerminateInstances(
            crate::services::ec2::InstanceIdsRequest { instance_ids: vec![id.clone()], force: None },
        )),
    );
    let az = capacity::remove_member(world, &region, &name, &id);
    let now = capacity::cause_time_now(world);
    let cause = if input.should_decrement_desired_capacity {
        world.autoscaling.groups.get_mut(&key).expect("found").desired_capacity = before - 1;
        format!("At {now} instance {id} was taken out of service in response to a user request, shrinking the capacity from {before} to {}.", before - 1)
    } else {
        format!("At {now} instance {id} was taken out of service in response to a user request.")
    };
    let activity_id = capacity::activity(
        world,
        &region,
        &name,
        format!("Terminating EC2 instance: {id}"),
        cause,
        "InProgress",
        format!("{{\"Availability Zone\":\"{az}\"}}"),
    );
    let view = super::activities::find_view(world, &activity_id).expect("just recorded");
    if let Some(a) = world.autoscaling.activities.iter_mut().find(|a| a.activity_id == activity_id) {
        a.status_code = "Successful".into();
    }
    let replaced = if input.should_decrement_desired_capacity {
        String::new()
    } else {
        let prefix = String::new();
        reconcile(world, &region, &name, &prefix)
    };
    cx.why(format!(
        "{id} is terminating; {}",
        if input.should_decrement_desired_capacity {
            format!("the desired capacity went from {before} to {}", before - 1)
        } else {
            format!("the group keeps its desired capacity of {before} and launches a replacement ({replaced})")
        }
    ));
    Ok(ActivityOutput { activity: view })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteAutoScalingGroupRequest {
    pub auto_scaling_group_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force_delete: Option<bool>,
}

pub fn delete_auto_scaling_group(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteAutoScalingGroupRequest,
) -> Result<EmptyOutput, ApiError> {
    let key = group_key(world, cx, &input.auto_scaling_group_name)?;
    let g = world.autoscaling.groups[&key].clone();
    if g.status.is_some() {
        cx.why(format!("{} is already being deleted", g.name));
        return Err(activity_in_progress("An AutoScalingGroup deletion is already in progress for this group."));
    }
    let force = input.force_delete.unwrap_or(false);
    if !force {
        let busy = g.members.iter().any(|m| capacity::lifecycle_state(world, &m.instance_id) == "Pending");
        if busy {
            cx.why(format!("{} is launching instances; wait, or use --force-delete", g.name));
            return Err(activity_in_progress(
                "You cannot delete an AutoScalingGroup while there are scaling activities in progress for that group.",
            ));
        }
        if !g.members.is_empty() {
            cx.why(format!(
                "{} still has {} instance(s); set its desired capacity to 0 first, or use --force-delete",
                g.name,
                g.members.len()
            ));
            return Err(in_use("You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group."));
        }
        remove_group(world, &key);
        cx.why(format!("group {} deleted", g.name));
        return Ok(EmptyOutput {});
    }
    let ids: Vec<String> = g.members.iter().map(|m| m.instance_id.clone()).collect();
    if !ids.is_empty() {
        capacity::load_balancer_membership(world, &key.0, &key.1, capacity::LbChange::Deregister, &ids);
        let _ = world.call_in(
            &key.0,
            crate::services::Request::Ec2(crate::services::ec2::Ec2Request::TerminateInstances(
                crate::services::ec2::InstanceIdsRequest { instance_ids: ids.clone(), force: None },
            )),
        );
        let now = capacity::cause_time_now(world);
        for id in &ids {
            capacity::activity(
                world,
                &key.0,
                &key.1,
                format!("Terminating EC2 instance: {id}"),
                format!(
                    "At {now} an instance was taken out of service in response to a user request to delete the group."
                ),
                "Successful",
                "{}".into(),
            );
        }
    }
    let gm = world.autoscaling.groups.get_mut(&key).expect("checked");
    gm.status = Some("Delete in progress".into());
    gm.desired_capacity = 0;
    gm.min_size = 0;
    gm.max_size = 0;
    world.schedule(
        DELETE_TIME,
        Job::AutoScaling(AutoScalingJob::GroupDeleted { region: key.0.clone(), group: key.1.clone() }),
    );
    cx.why(format!(
        "group {} is being deleted with its {} instance(s) (ForceDelete); it is gone in {DELETE_TIME}",
        key.1,
        ids.len()
    ));
    Ok(EmptyOutput {})
}

/// Removes a group and its scaling policies.
pub(crate) fn remove_group(world: &mut World, key: &(String, String)) {
    world.autoscaling.groups.remove(key);
    world.autoscaling.policies.retain(|_, p| !(p.region == key.0 && p.group == key.1));
}
