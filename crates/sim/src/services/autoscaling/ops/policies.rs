//! Scaling policies: simple, step and target tracking policies are stored and validated as AWS
//! validates them; ExecutePolicy runs a simple (or, with a metric value, step) policy's
//! adjustment. CloudWatch alarms are not simulated, so nothing runs a policy by itself.

use super::capacity::{reconcile, user_cause};
use super::*;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StepAdjustment {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_interval_lower_bound: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_interval_upper_bound: Option<f64>,
    pub scaling_adjustment: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PredefinedMetricSpecification {
    pub predefined_metric_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_label: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetTrackingConfiguration {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predefined_metric_specification: Option<PredefinedMetricSpecification>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customized_metric_specification: Option<serde_json::Value>,
    pub target_value: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_scale_in: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutScalingPolicyRequest {
    pub auto_scaling_group_name: String,
    pub policy_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjustment_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_adjustment_magnitude: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scaling_adjustment: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cooldown: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_aggregation_type: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub step_adjustments: Vec<StepAdjustment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated_instance_warmup: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_tracking_configuration: Option<TargetTrackingConfiguration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Predictive scaling is not simulated (refused).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predictive_scaling_configuration: Option<serde_json::Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Alarm {
    pub alarm_name: String,
    #[serde(rename = "AlarmARN")]
    pub alarm_arn: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutScalingPolicyOutput {
    #[serde(rename = "PolicyARN")]
    pub policy_arn: String,
    pub alarms: Vec<Alarm>,
}

const ADJUSTMENT_TYPES: &[&str] = &["ChangeInCapacity", "ExactCapacity", "PercentChangeInCapacity"];
const PREDEFINED_METRICS: &[&str] =
    &["ASGAverageCPUUtilization", "ASGAverageNetworkIn", "ASGAverageNetworkOut", "ALBRequestCountPerTarget"];

fn check_policy(cx: &mut CallContext, p: &PutScalingPolicyRequest, policy_type: &str) -> Result<(), ApiError> {
    let fail = |cx: &mut CallContext, m: String| {
        cx.why(m.clone());
        Err(validation(m))
    };
    match policy_type {
        "SimpleScaling" | "StepScaling" => {
            if p.target_tracking_configuration.is_some() {
                return fail(
                    cx,
                    format!("TargetTrackingConfiguration is not supported for policy type {policy_type}."),
                );
            }
            let Some(adj) = &p.adjustment_type else {
                return fail(cx, format!("AdjustmentType is required for policy type {policy_type}."));
            };
            if !ADJUSTMENT_TYPES.contains(&adj.as_str()) {
                return fail(cx, format!("Unsupported AdjustmentType: {adj}"));
            }
            if p.min_adjustment_magnitude.is_some() && adj != "PercentChangeInCapacity" {
                return fail(cx, "MinAdjustmentMagnitude is only supported with PercentChangeInCapacity".into());
            }
            if policy_type == "SimpleScaling" {
                if p.scaling_adjustment.is_none() {
                    return fail(cx, "ScalingAdjustment is required for policy type SimpleScaling.".into());
                }
                if !p.step_adjustments.is_empty() {
                    return fail(cx, "StepAdjustments is not supported for policy type SimpleScaling.".into());
                }
            } else {
                if p.step_adjustments.is_empty() {
                    return fail(cx, "StepAdjustments is required for policy type StepScaling.".into());
                }
                if p.scaling_adjustment.is_some() || p.cooldown.is_some() {
                    return fail(
                        cx,
                        "ScalingAdjustment and Cooldown are not supported for policy type StepScaling.".into(),
                    );
                }
                let nulls_low = p.step_adjustments.iter().filter(|s| s.metric_interval_lower_bound.is_none()).count();
                let nulls_high = p.step_adjustments.iter().filter(|s| s.metric_interval_upper_bound.is_none()).count();
                if nulls_low > 1 || nulls_high > 1 {
                    return fail(cx, "There can be at most one step adjustment with a null lower bound and one with a null upper bound.".into());
                }
                if p.step_adjustments.iter().any(|s| {
                    matches!((s.metric_interval_lower_bound, s.metric_interval_upper_bound), (Some(l), Some(u)) if u <= l)
                }) {
                    return fail(cx, "The upper bound of a step adjustment must be greater than its lower bound.".into());
                }
            }
        }
        "TargetTrackingScaling" => {
            let Some(t) = &p.target_tracking_configuration else {
                return fail(
                    cx,
                    "TargetTrackingConfiguration is required for policy type TargetTrackingScaling.".into(),
                );
            };
            if p.adjustment_type.is_some() || p.scaling_adjustment.is_some() || !p.step_adjustments.is_empty() {
                return fail(cx, "AdjustmentType, ScalingAdjustment and StepAdjustments are not supported for policy type TargetTrackingScaling.".into());
            }
            match (&t.predefined_metric_specification, &t.customized_metric_specification) {
                (Some(m), None) => {
                    if !PREDEFINED_METRICS.contains(&m.predefined_metric_type.as_str()) {
                        return fail(cx, format!("Unsupported PredefinedMetricType: {}", m.predefined_metric_type));
                    }
                    if m.predefined_metric_type == "ALBRequestCountPerTarget" && m.resource_label.is_none() {
                        return fail(cx, "ResourceLabel is required for ALBRequestCountPerTarget.".into());
                    }
                }
                (None, Some(_)) => {}
                _ => {
                    return fail(cx, "Exactly one of PredefinedMetricSpecification and CustomizedMetricSpecification must be specified.".into());
                }
            }
            if t.target_value <= 0.0 {
                return fail(cx, "TargetValue must be greater than 0.".into());
            }
        }
        "PredictiveScaling" => {
            cx.why("predictive scaling is not simulated in Nimbus Lab");
            return Err(validation("Nimbus Lab does not simulate PredictiveScaling policies"));
        }
        other => return fail(cx, format!("Unsupported PolicyType: {other}")),
    }
    Ok(())
}

pub fn put_scaling_policy(
    world: &mut World,
    cx: &mut CallContext,
    input: PutScalingPolicyRequest,
) -> Result<PutScalingPolicyOutput, ApiError> {
    let key = group_key(world, cx, &input.auto_scaling_group_name)?;
    check_name(cx, "policyName", &input.policy_name)?;
    let policy_type = input.policy_type.clone().unwrap_or_else(|| "SimpleScaling".into());
    check_policy(cx, &input, &policy_type)?;
    let existing = world
        .autoscaling
        .policies
        .values()
        .find(|p| p.region == key.0 && p.group == key.1 && p.name == input.policy_name)
        .map(|p| p.arn.clone());
    let policy_arn = match existing {
        Some(a) => a,
        None => {
            let uuid = crate::ids::uuid(world.rng());
            arn(
                &key.0,
                &format!("scalingPolicy:{uuid}:autoScalingGroupName/{}:policyName/{}", key.1, input.policy_name),
            )
        }
    };
    let alarms = if policy_type == "TargetTrackingScaling" {
        ["AlarmHigh", "AlarmLow"]
            .iter()
            .map(|kind| {
                let name = format!("TargetTracking-{}-{kind}-{}", key.1, crate::ids::uuid(world.rng()));
                Alarm { alarm_arn: format!("arn:aws:cloudwatch:{}:{ACCOUNT_ID}:alarm:{name}", key.0), alarm_name: name }
            })
            .collect()
    } else {
        Vec::new()
    };
    let policy = Policy {
        arn: policy_arn.clone(),
        region: key.0.clone(),
        group: key.1.clone(),
        name: input.policy_name.clone(),
        policy_type: policy_type.clone(),
        input,
        alarms: alarms.clone(),
    };
    cx.touch(policy_arn.clone());
    world.autoscaling.policies.insert(policy_arn.clone(), policy);
    cx.why(format!(
        "{policy_type} policy stored for {}{}",
        key.1,
        if policy_type == "TargetTrackingScaling" {
            " with its two CloudWatch alarms (named only: CloudWatch is not simulated, so it never scales by itself)"
        } else {
            " (CloudWatch alarms are not simulated: run it with execute-policy)"
        }
    ));
    Ok(PutScalingPolicyOutput { policy_arn, alarms })
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScalingPolicyView {
    pub auto_scaling_group_name: String,
    pub policy_name: String,
    #[serde(rename = "PolicyARN")]
    pub policy_arn: String,
    pub policy_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjustment_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_adjustment_magnitude: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scaling_adjustment: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cooldown: Option<i64>,
    pub step_adjustments: Vec<StepAdjustment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_aggregation_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated_instance_warmup: Option<i64>,
    pub alarms: Vec<Alarm>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_tracking_configuration: Option<TargetTrackingConfiguration>,
    pub enabled: bool,
}

fn policy_view(p: &Policy) -> ScalingPolicyView {
    let i = &p.input;
    ScalingPolicyView {
        auto_scaling_group_name: p.group.clone(),
        policy_name: p.name.clone(),
        policy_arn: p.arn.clone(),
        policy_type: p.policy_type.clone(),
        adjustment_type: i.adjustment_type.clone(),
        min_adjustment_magnitude: i.min_adjustment_magnitude,
        scaling_adjustment: i.scaling_adjustment,
        cooldown: i.cooldown,
        step_adjustments: i.step_adjustments.clone(),
        metric_aggregation_type: i
            .metric_aggregation_type
            .clone()
            .or_else(|| (p.policy_type == "StepScaling").then(|| "Average".into())),
        estimated_instance_warmup: i.estimated_instance_warmup,
        alarms: p.alarms.clone(),
        target_tracking_configuration: i.target_tracking_configuration.clone(),
        enabled: i.enabled.unwrap_or(true),
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribePoliciesRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_scaling_group_name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policy_names: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policy_types: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribePoliciesOutput {
    pub scaling_policies: Vec<ScalingPolicyView>,
}

pub fn describe_policies(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribePoliciesRequest,
) -> Result<DescribePoliciesOutput, ApiError> {
    if let Some(g) = &input.auto_scaling_group_name {
        group_key(world, cx, g)?;
    }
    let mut out: Vec<ScalingPolicyView> = world
        .autoscaling
        .policies
        .values()
        .filter(|p| p.region == cx.region)
        .filter(|p| input.auto_scaling_group_name.as_ref().is_none_or(|g| &p.group == g))
        .filter(|p| input.policy_names.is_empty() || input.policy_names.iter().any(|n| n == &p.name || n == &p.arn))
        .filter(|p| input.policy_types.is_empty() || input.policy_types.contains(&p.policy_type))
        .map(policy_view)
        .collect();
    crate::sort::sort_by(&mut out, |a, b| {
        (&a.auto_scaling_group_name, &a.policy_name).cmp(&(&b.auto_scaling_group_name, &b.policy_name))
    });
    cx.why(format!("{} scaling polic(ies) in {}", out.len(), cx.region));
    Ok(DescribePoliciesOutput { scaling_policies: out })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeletePolicyRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_scaling_group_name: Option<String>,
    pub policy_name: String,
}

/// The policy named by ARN, or by name within the group.
fn policy_arn_of(world: &World, cx: &mut CallContext, group: Option<&String>, name: &str) -> Result<String, ApiError> {
    let found =
        world.autoscaling.policies.values().find(|p| {
            p.region == cx.region && (p.arn == name || (p.name == name && group.is_some_and(|g| &p.group == g)))
        });
    match found {
        Some(p) => {
            cx.touch(p.arn.clone());
            Ok(p.arn.clone())
        }
        None => {
            cx.why(format!(
                "no scaling policy '{name}'{}",
                group.map(|g| format!(" on group {g}")).unwrap_or_default()
            ));
            Err(validation(format!("No scaling policy found for service namespace: autoscaling, resource ID: {}, scalable dimension: autoscaling:autoScalingGroup:DesiredCapacity, policy name: {name}", group.cloned().unwrap_or_default())))
        }
    }
}

pub fn delete_policy(
    world: &mut World,
    cx: &mut CallContext,
    input: DeletePolicyRequest,
) -> Result<EmptyOutput, ApiError> {
    if let Some(g) = &input.auto_scaling_group_name {
        group_key(world, cx, g)?;
    }
    let arn = policy_arn_of(world, cx, input.auto_scaling_group_name.as_ref(), &input.policy_name)?;
    world.autoscaling.policies.remove(&arn);
    cx.why(format!("scaling policy {} deleted", input.policy_name));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ExecutePolicyRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_scaling_group_name: Option<String>,
    pub policy_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub honor_cooldown: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breach_threshold: Option<f64>,
}

/// The capacity a policy's adjustment gives, from `current`, kept within min and max.
pub(crate) fn adjusted(
    adjustment_type: &str,
    adjustment: i64,
    min_magnitude: Option<i64>,
    current: i64,
    min: i64,
    max: i64,
) -> i64 {
    let target = match adjustment_type {
        "ExactCapacity" => adjustment,
        "PercentChangeInCapacity" => {
            let mut change = (current as f64 * adjustment as f64 / 100.0).trunc() as i64;
            if change == 0 && adjustment != 0 {
                change = adjustment.signum();
            }
            if let Some(m) = min_magnitude {
                if change.abs() < m {
                    change = m * change.signum();
                }
            }
            current + change
        }
        _ => current + adjustment,
    };
    target.clamp(min, max)
}

pub fn execute_policy(
    world: &mut World,
    cx: &mut CallContext,
    input: ExecutePolicyRequest,
) -> Result<EmptyOutput, ApiError> {
    if let Some(g) = &input.auto_scaling_group_name {
        group_key(world, cx, g)?;
    }
    let arn = policy_arn_of(world, cx, input.auto_scaling_group_name.as_ref(), &input.policy_name)?;
    let p = world.autoscaling.policies[&arn].clone();
    let adjustment = match p.policy_type.as_str() {
        "SimpleScaling" => {
            if input.metric_value.is_some() || input.breach_threshold.is_some() {
                cx.why("MetricValue and BreachThreshold are for step scaling policies");
                return Err(validation(
                    "MetricValue and BreachThreshold are not supported for policy type SimpleScaling.",
                ));
            }
            p.input.scaling_adjustment.unwrap_or(0)
        }
        "StepScaling" => {
            let (Some(value), Some(threshold)) = (input.metric_value, input.breach_threshold) else {
                cx.why("a step scaling policy needs --metric-value and --breach-threshold to pick its step");
                return Err(validation("MetricValue and BreachThreshold are required for policy type StepScaling."));
            };
            let diff = value - threshold;
            let step = p.input.step_adjustments.iter().find(|s| {
                s.metric_interval_lower_bound.is_none_or(|l| diff >= l)
                    && s.metric_interval_upper_bound.is_none_or(|u| diff < u)
            });
            match step {
                Some(s) => s.scaling_adjustment,
                None => {
                    cx.why(format!("no step covers a breach of {diff}"));
                    return Err(validation(format!(
                        "No step adjustment found for metric value {value} and breach threshold {threshold}."
                    )));
                }
            }
        }
        other => {
            cx.why(format!(
                "{other} policies run on their CloudWatch alarms; execute-policy runs simple and step policies"
            ));
            return Err(validation(format!("ExecutePolicy is not supported for policy type {other}.")));
        }
    };
    let key = (p.region.clone(), p.group.clone());
    let Some(g) = world.autoscaling.groups.get(&key) else {
        return Err(validation(format!("AutoScalingGroup name not found - AutoScalingGroup '{}' not found", p.group)));
    };
    let before = g.desired_capacity;
    let adj_type = p.input.adjustment_type.clone().unwrap_or_else(|| "ChangeInCapacity".into());
    let after = adjusted(&adj_type, adjustment, p.input.min_adjustment_magnitude, before, g.min_size, g.max_size);
    if after == before {
        cx.why(format!(
            "{} stays at {before}: the adjustment is held by MinSize {} / MaxSize {}",
            p.group, g.min_size, g.max_size
        ));
        return Ok(EmptyOutput {});
    }
    world.autoscaling.groups.get_mut(&key).expect("checked").desired_capacity = after;
    let prefix = user_cause(
        world.now(),
        &format!("a user request executed policy {} changing the desired capacity from {before} to {after}.", p.name),
    );
    let moved = reconcile(world, &key.0, &key.1, &prefix);
    cx.why(format!("policy {} moved {} from {before} to {after}: {moved}", p.name, p.group));
    Ok(EmptyOutput {})
}
