//! Drift detection: DetectStackDrift, DescribeStackDriftDetectionStatus,
//! DescribeStackResourceDrifts and DetectStackResourceDrift.
//!
//! A detection reads every resource when it starts and reports `DETECTION_IN_PROGRESS` until
//! its time on the simulated clock has passed, as AWS's takes a while; then the stack's
//! `DriftInformation` and the resource drifts show what it found.

use super::*;
use crate::ids;
use crate::services::cloudformation::drift::{compared_actual, differences, Observed};
use crate::services::cloudformation::providers;
use crate::time::SimDuration;
use crate::world::{CallContext, World};
use serde_json::Value as Json;

/// Stack statuses drift detection accepts.
const DETECTABLE: &[StackStatus] = &[
    StackStatus::CreateComplete,
    StackStatus::UpdateComplete,
    StackStatus::UpdateRollbackComplete,
    StackStatus::UpdateRollbackFailed,
];

/// How long a detection takes: a base plus a little per resource.
fn detection_time(resources: usize) -> SimDuration {
    SimDuration::seconds(5 + resources as i64)
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DetectStackDriftRequest {
    pub stack_name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub logical_resource_ids: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DetectStackDriftOutput {
    pub stack_drift_detection_id: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeStackDriftDetectionStatusRequest {
    pub stack_drift_detection_id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeStackDriftDetectionStatusOutput {
    pub stack_id: String,
    pub stack_drift_detection_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stack_drift_status: Option<String>,
    pub detection_status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drifted_stack_resource_count: Option<usize>,
    pub timestamp: SimTime,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeStackResourceDriftsRequest {
    pub stack_name: String,
    /// `IN_SYNC`, `MODIFIED`, `DELETED`, `NOT_CHECKED`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stack_resource_drift_status_filters: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeStackResourceDriftsOutput {
    pub stack_resource_drifts: Vec<StackResourceDrift>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DetectStackResourceDriftRequest {
    pub stack_name: String,
    pub logical_resource_id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DetectStackResourceDriftOutput {
    pub stack_resource_drift: StackResourceDrift,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StackResourceDrift {
    pub stack_id: String,
    pub logical_resource_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub physical_resource_id: Option<String>,
    pub resource_type: String,
    /// The compared properties as JSON text, as AWS gives them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_properties: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_properties: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub property_differences: Vec<PropertyDifference>,
    pub stack_resource_drift_status: String,
    pub timestamp: SimTime,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PropertyDifference {
    pub property_path: String,
    pub expected_value: String,
    pub actual_value: String,
    /// `ADD`, `REMOVE` or `NOT_EQUAL`.
    pub difference_type: String,
}

/// `DriftInformation` of DescribeStacks: the latest finished detection, or `NOT_CHECKED`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StackDriftInformation {
    pub stack_drift_status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_check_timestamp: Option<SimTime>,
}

pub(crate) fn drift_information(s: &Stack, now: SimTime) -> StackDriftInformation {
    match s.latest_drift(now) {
        Some(d) => StackDriftInformation {
            stack_drift_status: d.stack_status().into(),
            last_check_timestamp: Some(d.completes),
        },
        None => StackDriftInformation { stack_drift_status: "NOT_CHECKED".into(), last_check_timestamp: None },
    }
}

/// Reads one resource and compares it with the properties its template resolved to.
fn check(world: &World, r: &StackResource) -> ResourceDrift {
    let mut drift = ResourceDrift {
        logical_id: r.logical_id.clone(),
        physical_id: r.physical_id.clone(),
        resource_type: r.resource_type.clone(),
        status: "NOT_CHECKED".into(),
        expected: None,
        actual: None,
        differences: Vec::new(),
    };
    let (Some(provider), Some(physical)) = (providers::provider(&r.resource_type), &r.physical_id) else {
        return drift;
    };
    let expected = r.properties.as_object().cloned().unwrap_or_default();
    match provider.observe(world, physical) {
        Observed::NotSupported => {}
        Observed::Deleted => {
            drift.status = "DELETED".into();
            drift.expected = Some(Json::Object(expected));
        }
        Observed::Properties(actual) => {
            let shown = compared_actual(&expected, &actual);
            drift.differences = differences(&expected, &actual);
            drift.status = if drift.differences.is_empty() { "IN_SYNC" } else { "MODIFIED" }.into();
            drift.expected = Some(Json::Object(expected));
            drift.actual = Some(Json::Object(shown));
        }
    }
    drift
}

/// The resources a detection reads: created ones, in the stack's order.
fn checkable(s: &Stack) -> impl Iterator<Item = &StackResource> {
    s.resources
        .iter()
        .filter(|r| r.physical_id.is_some() && r.status.is_some_and(|st| !st.as_str().starts_with("DELETE")))
}

fn detectable(cx: &mut CallContext, s: &Stack) -> Result<(), ApiError> {
    if DETECTABLE.contains(&s.status) {
        return Ok(());
    }
    cx.why(format!(
        "drift detection runs on stacks in CREATE_COMPLETE, UPDATE_COMPLETE, UPDATE_ROLLBACK_COMPLETE or \
         UPDATE_ROLLBACK_FAILED; '{}' is {}",
        s.name,
        s.status.as_str()
    ));
    Err(validation(format!("Stack [{}] is in {} state and can not be detected for drift", s.name, s.status.as_str())))
}

pub fn detect_stack_drift(
    world: &mut World,
    cx: &mut CallContext,
    input: DetectStackDriftRequest,
) -> Result<DetectStackDriftOutput, ApiError> {
    let region = cx.region.clone();
    let s = find_stack(&world.cloudformation, &input.stack_name, &region)?;
    detectable(cx, s)?;
    for id in &input.logical_resource_ids {
        if !s.resources.iter().any(|r| &r.logical_id == id) {
            cx.why(format!("stack '{}' has no resource '{id}'", s.name));
            return Err(validation(format!("Resource [{id}] does not exist in stack [{}]", s.name)));
        }
    }
    let only = |r: &&StackResource| {
        input.logical_resource_ids.is_empty() || input.logical_resource_ids.contains(&r.logical_id)
    };
    let resources: Vec<ResourceDrift> = checkable(s).filter(only).map(|r| check(world, r)).collect();
    let stack_id = s.id.clone();
    let now = world.now();
    let id = ids::uuid(world.rng());
    let took = detection_time(resources.len());
    let detection = DriftDetection { id: id.clone(), started: now, completes: now + took, resources };
    let drifted = detection.drifted_count();
    let checked = detection.resources.iter().filter(|r| r.status != "NOT_CHECKED").count();
    if let Some(stack) = world.cloudformation.stacks.get_mut(&stack_id) {
        stack.drift_detections.push(detection);
    }
    cx.touch(stack_id);
    cx.why(format!(
        "drift detection started: {checked} resource(s) compared with the template, {drifted} drifted; \
         the result is ready in {took} on the simulated clock"
    ));
    Ok(DetectStackDriftOutput { stack_drift_detection_id: id })
}

pub fn describe_stack_drift_detection_status(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeStackDriftDetectionStatusRequest,
) -> Result<DescribeStackDriftDetectionStatusOutput, ApiError> {
    let now = world.now();
    let found = world
        .cloudformation
        .stacks
        .values()
        .find_map(|s| s.drift_detections.iter().find(|d| d.id == input.stack_drift_detection_id).map(|d| (s, d)));
    let Some((stack, d)) = found else {
        cx.why("no drift detection has that id");
        return Err(validation(format!("Drift detection with id [{}] does not exist", input.stack_drift_detection_id)));
    };
    cx.touch(stack.id.clone());
    let done = d.done(now);
    cx.why(if done {
        format!("the detection finished: stack '{}' is {}", stack.name, d.stack_status())
    } else {
        format!("the detection is still running; it finishes at {}", d.completes)
    });
    Ok(DescribeStackDriftDetectionStatusOutput {
        stack_id: stack.id.clone(),
        stack_drift_detection_id: d.id.clone(),
        stack_drift_status: done.then(|| d.stack_status().to_string()),
        detection_status: if done { "DETECTION_COMPLETE" } else { "DETECTION_IN_PROGRESS" }.into(),
        drifted_stack_resource_count: done.then(|| d.drifted_count()),
        timestamp: if done { d.completes } else { d.started },
    })
}

fn as_output(stack_id: &str, r: &ResourceDrift, at: SimTime) -> StackResourceDrift {
    let text = |v: &Option<Json>| v.as_ref().map(|v| v.to_string());
    StackResourceDrift {
        stack_id: stack_id.to_string(),
        logical_resource_id: r.logical_id.clone(),
        physical_resource_id: r.physical_id.clone(),
        resource_type: r.resource_type.clone(),
        expected_properties: text(&r.expected),
        actual_properties: text(&r.actual),
        property_differences: r
            .differences
            .iter()
            .map(|d| PropertyDifference {
                property_path: d.path.clone(),
                expected_value: d.expected.clone(),
                actual_value: d.actual.clone(),
                difference_type: d.kind.clone(),
            })
            .collect(),
        stack_resource_drift_status: r.status.clone(),
        timestamp: at,
    }
}

const DRIFT_STATUSES: &[&str] = &["IN_SYNC", "MODIFIED", "DELETED", "NOT_CHECKED"];

pub fn describe_stack_resource_drifts(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeStackResourceDriftsRequest,
) -> Result<DescribeStackResourceDriftsOutput, ApiError> {
    let region = cx.region.clone();
    let now = world.now();
    if let Some(bad) = input.stack_resource_drift_status_filters.iter().find(|f| !DRIFT_STATUSES.contains(&f.as_str()))
    {
        return Err(validation(format!(
            "1 validation error detected: Value '[{bad}]' at 'stackResourceDriftStatusFilters' failed to satisfy \
             constraint: Member must satisfy constraint: [Member must satisfy enum value set: [IN_SYNC, MODIFIED, \
             DELETED, NOT_CHECKED]]"
        )));
    }
    if let Some(m) = input.max_results {
        if !(1..=100).contains(&m) {
            return Err(validation(format!(
                "1 validation error detected: Value '{m}' at 'maxResults' failed to satisfy constraint: Member must \
                 have value between 1 and 100"
            )));
        }
    }
    let s = find_stack(&world.cloudformation, &input.stack_name, &region)?;
    cx.touch(s.id.clone());
    let Some(d) = s.latest_drift(now) else {
        cx.why(format!("no drift detection of stack '{}' has finished yet, so there is nothing to list", s.name));
        return Ok(DescribeStackResourceDriftsOutput { stack_resource_drifts: Vec::new(), next_token: None });
    };
    let filters = &input.stack_resource_drift_status_filters;
    let all: Vec<StackResourceDrift> = d
        .resources
        .iter()
        .filter(|r| filters.is_empty() || filters.contains(&r.status))
        .map(|r| as_output(&s.id, r, d.completes))
        .collect();
    let start: usize = input.next_token.as_deref().and_then(|t| t.parse().ok()).unwrap_or(0);
    let page = input.max_results.unwrap_or(100) as usize;
    let next_token = (start + page < all.len()).then(|| (start + page).to_string());
    let stack_resource_drifts: Vec<_> = all.into_iter().skip(start).take(page).collect();
    cx.why(format!(
        "the detection that finished at {} found {} drifted resource(s) in stack '{}'",
        d.completes,
        d.drifted_count(),
        s.name
    ));
    Ok(DescribeStackResourceDriftsOutput { stack_resource_drifts, next_token })
}

pub fn detect_stack_resource_drift(
    world: &mut World,
    cx: &mut CallContext,
    input: DetectStackResourceDriftRequest,
) -> Result<DetectStackResourceDriftOutput, ApiError> {
    let region = cx.region.clone();
    let s = find_stack(&world.cloudformation, &input.stack_name, &region)?;
    detectable(cx, s)?;
    let Some(r) = s.resources.iter().find(|r| r.logical_id == input.logical_resource_id) else {
        cx.why(format!("stack '{}' has no resource '{}'", s.name, input.logical_resource_id));
        return Err(validation(format!(
            "Resource [{}] does not exist in stack [{}]",
            input.logical_resource_id, s.name
        )));
    };
    let drift = check(world, r);
    cx.touch(s.id.clone());
    cx.why(match drift.status.as_str() {
        "MODIFIED" => format!("{} differs from its template in {} place(s)", r.logical_id, drift.differences.len()),
        "DELETED" => format!("{} ({}) no longer exists", r.logical_id, r.physical_id.clone().unwrap_or_default()),
        "IN_SYNC" => format!("{} matches the properties its template sets", r.logical_id),
        _ => format!("Nimbus Lab does not read {} resources back, so drift is not checked", r.resource_type),
    });
    Ok(DetectStackResourceDriftOutput { stack_resource_drift: as_output(&s.id, &drift, world.now()) })
}
