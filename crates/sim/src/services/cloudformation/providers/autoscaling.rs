//! `AWS::AutoScaling::LaunchConfiguration`, `AWS::AutoScaling::AutoScalingGroup` and
//! `AWS::AutoScaling::ScalingPolicy`, made with Auto Scaling's own calls. A group is complete
//! once it has launched its desired capacity (CloudFormation then waits for the instances to
//! run, or for their `cfn-signal`s when the group has a CreationPolicy). A group's update in
//! place keeps its running instances; `UpdatePolicy` `AutoScalingRollingUpdate` replaces them in
//! batches (`cloudformation/rolling.rs`).

use super::{
    check_properties, generated_name, handler_reason, kind, observed, text, Created, Observed, Provider, ProvisionCx,
};
use crate::services::autoscaling::{self as asg, AutoScalingRequest, AutoScalingResponse};
use crate::services::{Request, Response};
use crate::time::SimDuration;
use crate::world::World;
use serde_json::{json, Map, Value as Json};

pub struct LaunchConfiguration;
pub struct AutoScalingGroup;
pub struct ScalingPolicy;

fn call(world: &mut World, region: &str, r: AutoScalingRequest) -> Result<AutoScalingResponse, String> {
    #[allow(unreachable_patterns)]
    match world.call_in(region, Request::AutoScaling(r)) {
        Ok(Response::AutoScaling(out)) => Ok(out),
        Ok(_) => Err("unexpected response".into()),
        Err(e) => Err(handler_reason("AutoScaling", &e)),
    }
}

fn invalid(id: &str, key: &str, expected: &str, v: &Json) -> String {
    format!(
        "Properties validation failed for resource {id} with message: #/{key}: expected type: {expected}, found: {}",
        kind(v)
    )
}

fn required_text(id: &str, props: &Map<String, Json>, key: &str) -> Result<String, String> {
    match props.get(key) {
        None => Err(format!(
            "Properties validation failed for resource {id} with message: #: required key [{key}] not found"
        )),
        Some(v) => text(v).ok_or_else(|| invalid(id, key, "String", v)),
    }
}

fn integer(id: &str, props: &Map<String, Json>, key: &str) -> Result<Option<i64>, String> {
    match props.get(key) {
        None => Ok(None),
        Some(v) => {
            text(v).and_then(|t| t.trim().parse::<i64>().ok()).map(Some).ok_or_else(|| invalid(id, key, "Integer", v))
        }
    }
}

fn strings(id: &str, props: &Map<String, Json>, key: &str) -> Result<Vec<String>, String> {
    match props.get(key) {
        None => Ok(Vec::new()),
        Some(Json::Array(items)) => Ok(items.iter().filter_map(text).collect()),
        Some(v) => Err(invalid(id, key, "JSONArray", v)),
    }
}

fn boolean(props: &Map<String, Json>, key: &str) -> Option<bool> {
    props.get(key).and_then(text).map(|s| s.eq_ignore_ascii_case("true"))
}

// ------------------------------------------------------------------ LaunchConfiguration

impl Provider for LaunchConfiguration {
    fn type_name(&self) -> &'static str {
        "AWS::AutoScaling::LaunchConfiguration"
    }
    fn properties(&self) -> &'static [&'static str] {
        &[
            "LaunchConfigurationName",
            "ImageId",
            "InstanceType",
            "KeyName",
            "SecurityGroups",
            "UserData",
            "IamInstanceProfile",
            "AssociatePublicIpAddress",
        ]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &[]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(3)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(2)
    }
    /// A launch configuration cannot be changed: every property change makes a new one.
    fn replacement_properties(&self) -> &'static [&'static str] {
        self.properties()
    }
    fn name_property(&self) -> Option<&'static str> {
        Some("LaunchConfigurationName")
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let image_id = required_text(id, props, "ImageId")?;
        let instance_type = required_text(id, props, "InstanceType")?;
        let name = match props.get("LaunchConfigurationName") {
            Some(_) => required_text(id, props, "LaunchConfigurationName")?,
            None => generated_name(world, cx.stack_name, id, 255, false),
        };
        call(
            world,
            cx.region,
            AutoScalingRequest::CreateLaunchConfiguration(asg::CreateLaunchConfigurationRequest {
                launch_configuration_name: name.clone(),
                image_id: Some(image_id),
                instance_type: Some(instance_type),
                key_name: props.get("KeyName").and_then(text),
                security_groups: strings(id, props, "SecurityGroups")?,
                user_data: props.get("UserData").and_then(text),
                iam_instance_profile: props.get("IamInstanceProfile").and_then(text),
                associate_public_ip_address: boolean(props, "AssociatePublicIpAddress"),
                instance_id: None,
            }),
        )?;
        Ok(Created { physical_id: name.clone(), ref_value: name, attributes: Default::default() })
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        let r = asg::LaunchConfigurationNameRequest { launch_configuration_name: physical_id.into() };
        match call(world, cx.region, AutoScalingRequest::DeleteLaunchConfiguration(r)) {
            Err(r) if !r.contains("not found") => Err(r),
            _ => Ok(()),
        }
    }
    fn observe(&self, world: &World, physical_id: &str) -> Observed {
        match world.autoscaling.launch_configurations.values().find(|l| l.name == physical_id) {
            None => Observed::Deleted,
            Some(l) => Observed::Properties(observed(&[
                ("ImageId", json!(l.image_id)),
                ("InstanceType", json!(l.instance_type)),
            ])),
        }
    }
}

// ------------------------------------------------------------------ AutoScalingGroup

/// The group's tags: its own (`PropagateAtLaunch` as the template says), the stack's tags and
/// CloudFormation's `aws:cloudformation:*` tags, which CloudFormation propagates to the
/// group's instances.
fn group_tags(cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Vec<asg::TagInput>, String> {
    let id = cx.logical_id;
    let mut out: Vec<asg::TagInput> = Vec::new();
    if let Some(v) = props.get("Tags") {
        let Some(list) = v.as_array() else { return Err(invalid(id, "Tags", "JSONArray", v)) };
        for t in list {
            let (Some(key), Some(value), Some(propagate)) =
                (t.get("Key").and_then(text), t.get("Value").and_then(text), t.get("PropagateAtLaunch").and_then(text))
            else {
                return Err(format!(
                    "Properties validation failed for resource {id} with message: #/Tags: required key [Key], [Value] or [PropagateAtLaunch] not found"
                ));
            };
            out.push(asg::TagInput {
                key,
                value: Some(value),
                propagate_at_launch: Some(propagate.eq_ignore_ascii_case("true")),
                ..Default::default()
            });
        }
    }
    let mut add = |k: &str, v: &str| {
        if !out.iter().any(|t| t.key == k) {
            out.push(asg::TagInput {
                key: k.into(),
                value: Some(v.into()),
                propagate_at_launch: Some(true),
                ..Default::default()
            });
        }
    };
    for (k, v) in cx.stack_tags {
        add(k, v);
    }
    add("aws:cloudformation:logical-id", cx.logical_id);
    add("aws:cloudformation:stack-id", cx.stack_id);
    add("aws:cloudformation:stack-name", cx.stack_name);
    Ok(out)
}

fn template_spec(id: &str, props: &Map<String, Json>) -> Result<Option<asg::LaunchTemplateSpecification>, String> {
    let Some(v) = props.get("LaunchTemplate") else { return Ok(None) };
    if !v.is_object() {
        return Err(invalid(id, "LaunchTemplate", "JSONObject", v));
    }
    Ok(Some(asg::LaunchTemplateSpecification {
        launch_template_id: v.get("LaunchTemplateId").and_then(text),
        launch_template_name: v.get("LaunchTemplateName").and_then(text),
        version: v.get("Version").and_then(text),
    }))
}

/// The properties CloudFormation reads that change how a group launches (a rolling update
/// replaces the instances when one of them changes).
pub const LAUNCH_PROPERTIES: &[&str] = &["LaunchConfigurationName", "LaunchTemplate", "VPCZoneIdentifier"];

impl Provider for AutoScalingGroup {
    fn type_name(&self) -> &'static str {
        "AWS::AutoScaling::AutoScalingGroup"
    }
    fn properties(&self) -> &'static [&'static str] {
        &[
            "AutoScalingGroupName",
            "LaunchConfigurationName",
            "LaunchTemplate",
            "MinSize",
            "MaxSize",
            "DesiredCapacity",
            "Cooldown",
            "AvailabilityZones",
            "VPCZoneIdentifier",
            "HealthCheckType",
            "HealthCheckGracePeriod",
            "LoadBalancerNames",
            "TargetGroupARNs",
            "TerminationPolicies",
            "NewInstancesProtectedFromScaleIn",
            "Tags",
        ]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &[]
    }
    /// The group has launched its instances and they run (EC2's pending time is 30 s).
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(40)
    }
    /// CloudFormation sets the group to zero, waits for its instances to terminate and
    /// deletes it.
    fn delete_time(&self) -> SimDuration {
        SimDuration(asg::DELETE_TIME.as_millis() + 10_000)
    }
    fn update_time(&self) -> SimDuration {
        SimDuration::seconds(10)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["AutoScalingGroupName"]
    }
    fn name_property(&self) -> Option<&'static str> {
        Some("AutoScalingGroupName")
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let min = integer(id, props, "MinSize")?.ok_or_else(|| {
            format!("Properties validation failed for resource {id} with message: #: required key [MinSize] not found")
        })?;
        let max = integer(id, props, "MaxSize")?.ok_or_else(|| {
            format!("Properties validation failed for resource {id} with message: #: required key [MaxSize] not found")
        })?;
        let name = match props.get("AutoScalingGroupName") {
            Some(_) => required_text(id, props, "AutoScalingGroupName")?,
            None => generated_name(world, cx.stack_name, id, 255, false),
        };
        let request = asg::CreateAutoScalingGroupRequest {
            auto_scaling_group_name: name.clone(),
            launch_configuration_name: props.get("LaunchConfigurationName").and_then(text),
            launch_template: template_spec(id, props)?,
            min_size: min,
            max_size: max,
            desired_capacity: integer(id, props, "DesiredCapacity")?,
            default_cooldown: integer(id, props, "Cooldown")?,
            availability_zones: strings(id, props, "AvailabilityZones")?,
            load_balancer_names: strings(id, props, "LoadBalancerNames")?,
            target_group_arns: strings(id, props, "TargetGroupARNs")?,
            health_check_type: props.get("HealthCheckType").and_then(text),
            health_check_grace_period: integer(id, props, "HealthCheckGracePeriod")?,
            vpc_zone_identifier: Some(strings(id, props, "VPCZoneIdentifier")?.join(",")).filter(|s| !s.is_empty()),
            termination_policies: strings(id, props, "TerminationPolicies")?,
            new_instances_protected_from_scale_in: boolean(props, "NewInstancesProtectedFromScaleIn"),
            tags: group_tags(cx, props)?,
            ..Default::default()
        };
        call(world, cx.region, AutoScalingRequest::CreateAutoScalingGroup(request))?;
        launched_or_failed(world, cx.region, &name)?;
        Ok(Created { physical_id: name.clone(), ref_value: name, attributes: Default::default() })
    }
    /// UpdateAutoScalingGroup with the new sizes, placement and launch source; the running
    /// instances stay as they are.
    fn update(
        &self,
        world: &mut World,
        cx: &ProvisionCx<'_>,
        physical_id: &str,
        props: &Map<String, Json>,
    ) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let request = asg::UpdateAutoScalingGroupRequest {
            auto_scaling_group_name: physical_id.into(),
            launch_configuration_name: props.get("LaunchConfigurationName").and_then(text),
            launch_template: template_spec(id, props)?,
            min_size: integer(id, props, "MinSize")?,
            max_size: integer(id, props, "MaxSize")?,
            desired_capacity: integer(id, props, "DesiredCapacity")?,
            default_cooldown: integer(id, props, "Cooldown")?,
            availability_zones: strings(id, props, "AvailabilityZones")?,
            health_check_type: props.get("HealthCheckType").and_then(text),
            health_check_grace_period: integer(id, props, "HealthCheckGracePeriod")?,
            vpc_zone_identifier: Some(strings(id, props, "VPCZoneIdentifier")?.join(",")).filter(|s| !s.is_empty()),
            termination_policies: strings(id, props, "TerminationPolicies")?,
            new_instances_protected_from_scale_in: boolean(props, "NewInstancesProtectedFromScaleIn"),
        };
        call(world, cx.region, AutoScalingRequest::UpdateAutoScalingGroup(request))?;
        let tags = group_tags(cx, props)?;
        let lbs = (strings(id, props, "LoadBalancerNames")?, strings(id, props, "TargetGroupARNs")?);
        if let Some(g) = world.autoscaling.groups.get_mut(&(cx.region.to_string(), physical_id.to_string())) {
            g.tags = tags
                .into_iter()
                .map(|t| asg::GroupTag {
                    key: t.key,
                    value: t.value.unwrap_or_default(),
                    propagate_at_launch: t.propagate_at_launch.unwrap_or(false),
                })
                .collect();
            (g.load_balancer_names, g.target_group_arns) = lbs;
        }
        Ok(Created { physical_id: physical_id.into(), ref_value: physical_id.into(), attributes: Default::default() })
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        let r = asg::DeleteAutoScalingGroupRequest {
            auto_scaling_group_name: physical_id.into(),
            force_delete: Some(true),
        };
        match call(world, cx.region, AutoScalingRequest::DeleteAutoScalingGroup(r)) {
            Err(r) if !r.contains("not found") && !r.contains("already in progress") => Err(r),
            _ => Ok(()),
        }
    }
    fn observe(&self, world: &World, physical_id: &str) -> Observed {
        match world.autoscaling.groups.values().find(|g| g.name == physical_id) {
            None => Observed::Deleted,
            Some(g) => Observed::Properties(observed(&[
                ("MinSize", json!(g.min_size.to_string())),
                ("MaxSize", json!(g.max_size.to_string())),
                ("DesiredCapacity", json!(g.desired_capacity.to_string())),
            ])),
        }
    }
}

/// A group that could not launch its desired capacity fails, with the launch's reason.
fn launched_or_failed(world: &World, region: &str, name: &str) -> Result<(), String> {
    let Some(g) = world.autoscaling.groups.get(&(region.to_string(), name.to_string())) else { return Ok(()) };
    if g.members.len() as i64 >= g.desired_capacity {
        return Ok(());
    }
    let reason = world
        .autoscaling
        .activities
        .iter()
        .rev()
        .find(|a| a.region == region && a.group == name && a.status_code == "Failed")
        .map(|a| a.description.clone())
        .unwrap_or_else(|| "the group could not launch its instances".into());
    Err(reason)
}

// ------------------------------------------------------------------ ScalingPolicy

/// Numbers may be strings in a template; the policy fields that are numbers are read as such.
fn numbers(v: &Json) -> Json {
    const INTEGERS: &[&str] = &["ScalingAdjustment", "Cooldown", "MinAdjustmentMagnitude", "EstimatedInstanceWarmup"];
    const FLOATS: &[&str] = &["MetricIntervalLowerBound", "MetricIntervalUpperBound", "TargetValue"];
    const BOOLS: &[&str] = &["DisableScaleIn", "Enabled"];
    match v {
        Json::Object(m) => Json::Object(
            m.iter()
                .map(|(k, x)| {
                    let y = match (x, k.as_str()) {
                        (Json::String(s), k) if INTEGERS.contains(&k) => {
                            s.trim().parse::<i64>().map(Json::from).unwrap_or(x.clone())
                        }
                        (Json::String(s), k) if FLOATS.contains(&k) => {
                            s.trim().parse::<f64>().map(Json::from).unwrap_or(x.clone())
                        }
                        (Json::String(s), k) if BOOLS.contains(&k) => Json::Bool(s.eq_ignore_ascii_case("true")),
                        _ => numbers(x),
                    };
                    (k.clone(), y)
                })
                .collect(),
        ),
        Json::Array(items) => Json::Array(items.iter().map(numbers).collect()),
        other => other.clone(),
    }
}

fn policy_created(arn: &str, name: &str) -> Created {
    Created {
        physical_id: arn.to_string(),
        ref_value: arn.to_string(),
        attributes: crate::sort::btree_map([
            ("Arn".to_string(), arn.to_string()),
            ("PolicyName".to_string(), name.to_string()),
        ]),
    }
}

fn put_policy(
    world: &mut World,
    cx: &ProvisionCx<'_>,
    name: &str,
    props: &Map<String, Json>,
) -> Result<Created, String> {
    let id = cx.logical_id;
    let mut input = numbers(&Json::Object(props.clone()));
    if let Some(m) = input.as_object_mut() {
        m.insert("PolicyName".into(), Json::String(name.into()));
    }
    let request: asg::PutScalingPolicyRequest = serde_json::from_value(input)
        .map_err(|e| format!("Properties validation failed for resource {id} with message: {e}"))?;
    let out = call(world, cx.region, AutoScalingRequest::PutScalingPolicy(request))?;
    let AutoScalingResponse::PutScalingPolicy(out) = out else { return Err("unexpected response".into()) };
    Ok(policy_created(&out.policy_arn, name))
}

impl Provider for ScalingPolicy {
    fn type_name(&self) -> &'static str {
        "AWS::AutoScaling::ScalingPolicy"
    }
    fn properties(&self) -> &'static [&'static str] {
        &[
            "AutoScalingGroupName",
            "PolicyType",
            "AdjustmentType",
            "ScalingAdjustment",
            "Cooldown",
            "MinAdjustmentMagnitude",
            "StepAdjustments",
            "MetricAggregationType",
            "EstimatedInstanceWarmup",
            "TargetTrackingConfiguration",
        ]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["Arn", "PolicyName"]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(2)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(2)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["AutoScalingGroupName"]
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        check_properties(cx.logical_id, self.properties(), props)?;
        required_text(cx.logical_id, props, "AutoScalingGroupName")?;
        let name = generated_name(world, cx.stack_name, cx.logical_id, 255, false);
        put_policy(world, cx, &name, props)
    }
    /// PutScalingPolicy again under the same name replaces the policy's settings.
    fn update(
        &self,
        world: &mut World,
        cx: &ProvisionCx<'_>,
        physical_id: &str,
        props: &Map<String, Json>,
    ) -> Result<Created, String> {
        check_properties(cx.logical_id, self.properties(), props)?;
        let name = world.autoscaling.policies.get(physical_id).map(|p| p.name.clone()).ok_or_else(|| {
            format!(
                "Resource {} of type {} was not found; it may have been deleted by hand",
                cx.logical_id,
                self.type_name()
            )
        })?;
        put_policy(world, cx, &name, props)
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        let Some(p) = world.autoscaling.policies.get(physical_id).cloned() else { return Ok(()) };
        let r = asg::DeletePolicyRequest { auto_scaling_group_name: Some(p.group), policy_name: p.arn };
        match call(world, cx.region, AutoScalingRequest::DeletePolicy(r)) {
            Err(r) if !r.contains("not found") && !r.contains("No scaling policy") => Err(r),
            _ => Ok(()),
        }
    }
    fn observe(&self, world: &World, physical_id: &str) -> Observed {
        match world.autoscaling.policies.get(physical_id) {
            None => Observed::Deleted,
            Some(p) => Observed::Properties(observed(&[("PolicyType", json!(p.policy_type))])),
        }
    }
}
