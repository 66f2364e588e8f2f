//! Resource signals. A resource with a `CreationPolicy` `ResourceSignal` (an instance that
//! reports the end of its own bootstrap), or an `AWS::CloudFormation::WaitCondition` on a
//! handle, is not complete when its service says so: it stays `CREATE_IN_PROGRESS` until enough
//! SUCCESS signals arrive, fails on a FAILURE signal, and fails when its timeout passes first.
//! The timeout runs from the moment CloudFormation starts creating the resource.
//!
//! Signals come from `SignalResource` (the API `cfn-signal --stack --resource` calls) or from a
//! PUT to a wait condition handle's presigned URL (what `cfn-signal <url>` does); a simulated
//! instance sends them when its user data runs (`bootstrap.rs`).

use super::jobs::{self, set_status};
use super::model::{ResourceStatus, Stack, StackStatus};
use crate::time::{SimDuration, SimTime};
use crate::world::World;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

pub const WAIT_CONDITION: &str = "AWS::CloudFormation::WaitCondition";
pub const WAIT_CONDITION_HANDLE: &str = "AWS::CloudFormation::WaitConditionHandle";
/// The types CloudFormation honours a `CreationPolicy` on (AppStream fleets are not
/// simulated); on other types the attribute has no effect.
const SIGNALLED_TYPES: &[&str] = &["AWS::EC2::Instance", "AWS::AutoScaling::AutoScalingGroup", WAIT_CONDITION];
/// `ResourceSignal.Timeout` when a template leaves it out.
const DEFAULT_TIMEOUT: SimDuration = SimDuration::minutes(5);
/// The longest a resource may wait for signals (both forms): 12 hours.
const MAX_TIMEOUT: SimDuration = SimDuration::hours(12);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SignalStatus {
    Success,
    Failure,
}

impl SignalStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SignalStatus::Success => "SUCCESS",
            SignalStatus::Failure => "FAILURE",
        }
    }
}

/// One signal as CloudFormation keeps it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Signal {
    pub unique_id: String,
    pub status: SignalStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    pub at: SimTime,
}

/// Which of the two forms a resource waits in; they word their failures differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WaitKind {
    CreationPolicy,
    WaitCondition,
}

/// What a resource waits for once its service has created it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignalWait {
    pub kind: WaitKind,
    pub count: u32,
    pub timeout: SimDuration,
    /// A wait condition's handle URL: its signals are kept on the handle resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handle: Option<String>,
    /// The service has finished creating the resource; only the signals are missing.
    #[serde(default)]
    pub provisioned: bool,
}

/// The wait a resource starts with, from its `CreationPolicy` (evaluated, so `Count: !Ref N`
/// works) or, for a wait condition without one, its `Handle`/`Timeout`/`Count` properties.
/// `Ok(None)`: the resource completes as soon as its service is done.
pub(crate) fn wait_for(
    resource_type: &str,
    logical_id: &str,
    creation_policy: Option<&Json>,
    props: &serde_json::Map<String, Json>,
) -> Result<Option<SignalWait>, String> {
    let invalid = |what: &str| format!("Template format error: {logical_id}: {what}");
    if let Some(policy) = creation_policy.filter(|_| SIGNALLED_TYPES.contains(&resource_type)) {
        let Some(signal) = policy.get("ResourceSignal") else { return Ok(None) };
        let count = match signal.get("Count") {
            None => 1,
            Some(v) => count_of(v).ok_or_else(|| invalid("ResourceSignal Count must be a non-negative integer"))?,
        };
        let timeout = match signal.get("Timeout").and_then(super::providers::text) {
            None => DEFAULT_TIMEOUT,
            Some(t) => iso_duration(&t).ok_or_else(|| {
                invalid(&format!(
                    "ResourceSignal Timeout '{t}' must be an ISO 8601 duration such as PT15M, at most 12 hours"
                ))
            })?,
        };
        // A group may complete with fewer SUCCESS signals than Count: the percentage of them it
        // needs, rounded up.
        let percent = policy
            .get("AutoScalingCreationPolicy")
            .and_then(|p| p.get("MinSuccessfulInstancesPercent"))
            .map(|v| {
                count_of(v)
                    .filter(|p| *p <= 100)
                    .ok_or_else(|| invalid("MinSuccessfulInstancesPercent must be an integer from 0 to 100"))
            })
            .transpose()?
            .filter(|_| resource_type == "AWS::AutoScaling::AutoScalingGroup");
        let count = match percent {
            Some(p) => (count * p).div_ceil(100),
            None => count,
        };
        if count == 0 {
            return Ok(None);
        }
        return Ok(Some(SignalWait {
            kind: WaitKind::CreationPolicy,
            count,
            timeout,
            handle: None,
            provisioned: false,
        }));
    }
    if resource_type != WAIT_CONDITION {
        return Ok(None);
    }
    let Some(handle) = props.get("Handle").and_then(super::providers::text) else {
        return Err(format!(
            "Properties validation failed for resource {logical_id} with message: #: required key [Handle] not found"
        ));
    };
    let timeout = props
        .get("Timeout")
        .and_then(super::providers::text)
        .and_then(|t| t.trim().parse::<i64>().ok())
        .filter(|s| (1..=MAX_TIMEOUT.as_seconds()).contains(s))
        .ok_or_else(|| format!("Value for Timeout property must be less than {}", MAX_TIMEOUT.as_seconds()))?;
    let count = match props.get("Count") {
        None => 1,
        Some(v) => count_of(v).filter(|c| *c >= 1).ok_or_else(|| invalid("Count must be a positive integer"))?,
    };
    Ok(Some(SignalWait {
        kind: WaitKind::WaitCondition,
        count,
        timeout: SimDuration::seconds(timeout),
        handle: Some(handle),
        provisioned: false,
    }))
}

fn count_of(v: &Json) -> Option<u32> {
    super::providers::text(v)?.trim().parse::<u32>().ok()
}

/// `PT15M`, `PT1H30M`, `PT45S` (the form `ResourceSignal.Timeout` takes), up to 12 hours.
pub fn iso_duration(text: &str) -> Option<SimDuration> {
    let rest = text.strip_prefix("PT")?;
    if rest.is_empty() || !rest.ends_with(['H', 'M', 'S']) {
        return None;
    }
    let d = SimDuration::parse(&rest.to_ascii_lowercase()).ok()?;
    (d.as_millis() > 0 && d <= MAX_TIMEOUT).then_some(d)
}

/// Where a signal stands for a waiting resource.
enum Outcome {
    Complete,
    Failed(String),
    Waiting { received: usize },
}

/// The signals that count for resource `i`: its own, or its handle's.
fn signals_for(stack: &Stack, i: usize) -> &[Signal] {
    let r = &stack.resources[i];
    match r.wait.as_ref().and_then(|w| w.handle.as_ref()) {
        Some(url) => stack
            .resources
            .iter()
            .find(|h| h.resource_type == WAIT_CONDITION_HANDLE && h.ref_value.as_ref() == Some(url))
            .map_or(&[], |h| h.signals.as_slice()),
        None => &r.signals,
    }
}

fn outcome(stack: &Stack, i: usize) -> Option<Outcome> {
    let wait = stack.resources[i].wait.as_ref()?;
    let signals = signals_for(stack, i);
    if let Some(f) = signals.iter().find(|s| s.status == SignalStatus::Failure) {
        return Some(Outcome::Failed(match wait.kind {
            WaitKind::CreationPolicy => format!("Received FAILURE signal with UniqueId {}", f.unique_id),
            WaitKind::WaitCondition => format!(
                "WaitCondition received failed message: '{}' for uniqueId: {}",
                f.reason.as_deref().unwrap_or(""),
                f.unique_id
            ),
        }));
    }
    let received = signals.iter().filter(|s| s.status == SignalStatus::Success).count();
    if received >= wait.count as usize {
        Some(Outcome::Complete)
    } else {
        Some(Outcome::Waiting { received })
    }
}

/// Resource `i`'s service is done: it completes now if its signals are in, or keeps waiting.
/// Returns a one-line account for the trail.
pub(crate) fn provisioned(world: &mut World, stack_id: &str, i: usize) -> String {
    if let Some(w) = world.cloudformation.stacks.get_mut(stack_id).and_then(|s| s.resources[i].wait.as_mut()) {
        w.provisioned = true;
    }
    settle(world, stack_id, i)
}

/// Applies resource `i`'s signals if its service is done, and moves the stack on.
fn settle(world: &mut World, stack_id: &str, i: usize) -> String {
    let now = world.now();
    let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else { return String::new() };
    let r = &stack.resources[i];
    let logical_id = r.logical_id.clone();
    let Some(wait) = r.wait.clone() else { return String::new() };
    let Some((done, failed)) = ends(r.status).filter(|_| wait.provisioned) else {
        return format!("{logical_id} keeps the signal; it is counted once the resource is created");
    };
    let why = match outcome(stack, i) {
        None => return String::new(),
        Some(Outcome::Waiting { received }) => {
            return format!(
                "{logical_id} is created but waits for {} more SUCCESS signal(s) ({received} of {}) before its timeout",
                wait.count as usize - received,
                wait.count
            )
        }
        Some(Outcome::Complete) => {
            if wait.kind == WaitKind::WaitCondition {
                let data: serde_json::Map<String, Json> = signals_for(stack, i)
                    .iter()
                    .map(|s| (s.unique_id.clone(), Json::String(s.data.clone().unwrap_or_default())))
                    .collect();
                stack.resources[i].attributes.insert("Data".into(), Json::Object(data).to_string());
            }
            set_status(stack, i, done, None, now);
            format!("{logical_id} received its {} SUCCESS signal(s) and is complete", wait.count)
        }
        Some(Outcome::Failed(reason)) => {
            set_status(stack, i, failed, Some(reason.clone()), now);
            stack.failed.push(logical_id.clone());
            format!("{logical_id} failed: {reason}")
        }
    };
    jobs::drive(world, stack_id);
    why
}

/// The timeout of resource `i` has passed (the job carries the epoch it was set with).
pub(crate) fn timed_out(world: &mut World, stack_id: &str, logical_id: &str, epoch: u32) -> String {
    let now = world.now();
    let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else {
        return "the stack no longer exists".into();
    };
    let Some(i) = stack.resources.iter().position(|r| r.logical_id == logical_id) else {
        return format!("the stack has no resource {logical_id}");
    };
    let r = &stack.resources[i];
    let Some((_, failed)) = ends(r.status).filter(|_| r.epoch == epoch) else {
        return format!("{logical_id} finished or was cancelled before its signal timeout; nothing to do");
    };
    let Some(Outcome::Waiting { received }) = outcome(stack, i) else {
        return format!("{logical_id} has what it waited for; nothing to do");
    };
    let wait = r.wait.clone().expect("outcome() needs a wait");
    let reason = match wait.kind {
        WaitKind::CreationPolicy => {
            format!(
                "Failed to receive {} resource signal(s) within the specified duration",
                wait.count - received as u32
            )
        }
        WaitKind::WaitCondition => {
            format!("WaitCondition timed out. Received {received} conditions when expecting {}", wait.count)
        }
    };
    set_status(stack, i, failed, Some(reason.clone()), now);
    stack.failed.push(logical_id.to_string());
    jobs::drive(world, stack_id);
    format!("{logical_id} failed: {reason}")
}

/// The statuses a waiting resource ends in: a create's, or an update's when the wait belongs to
/// the new resource of a replacement.
fn ends(status: Option<ResourceStatus>) -> Option<(ResourceStatus, ResourceStatus)> {
    match status {
        Some(ResourceStatus::CreateInProgress) => Some((ResourceStatus::CreateComplete, ResourceStatus::CreateFailed)),
        Some(ResourceStatus::UpdateInProgress) => Some((ResourceStatus::UpdateComplete, ResourceStatus::UpdateFailed)),
        _ => None,
    }
}

/// Why a signal was refused, in AWS's words.
#[derive(Debug, PartialEq)]
pub(crate) enum Refused {
    NoResource,
    StackSettled(String),
    ResourceSettled(String),
}

/// Records a signal sent to a stack's resource (`SignalResource`) and applies it.
pub(crate) fn signal_resource(
    world: &mut World,
    stack_id: &str,
    logical_id: &str,
    signal: Signal,
) -> Result<String, Refused> {
    let stack = world.cloudformation.stacks.get_mut(stack_id).ok_or(Refused::NoResource)?;
    if !matches!(stack.status, StackStatus::CreateInProgress | StackStatus::UpdateInProgress) {
        return Err(Refused::StackSettled(stack.status.as_str()));
    }
    let i = stack.resources.iter().position(|r| r.logical_id == logical_id).ok_or(Refused::NoResource)?;
    // A group in a rolling update waits for its new instances' signals.
    if super::rolling::waiting(stack, i) {
        record(stack, i, signal);
        return Ok(super::rolling::signalled(world, stack_id, i));
    }
    let r = &mut stack.resources[i];
    if r.wait.is_none() || ends(r.status).is_none() {
        let status = r.status.map_or("NOT_STARTED".to_string(), |s| s.as_str());
        return Err(Refused::ResourceSettled(status));
    }
    record(stack, i, signal);
    Ok(settle(world, stack_id, i))
}

/// Keeps a signal (a repeated UniqueId replaces the earlier one, as a retransmission) and shows
/// it in the events, as the console does.
fn record(stack: &mut Stack, i: usize, signal: Signal) {
    let r = &mut stack.resources[i];
    r.signals.retain(|s| s.unique_id != signal.unique_id);
    let reason = format!("Received {} signal with UniqueId {}", signal.status.as_str(), signal.unique_id);
    let at = signal.at;
    r.signals.push(signal);
    let (logical_id, physical_id, resource_type, status) =
        (r.logical_id.clone(), r.physical_id.clone(), r.resource_type.clone(), r.status);
    if let Some(status) = status {
        jobs::push_event(stack, &logical_id, physical_id, &resource_type, status, Some(reason), at);
    }
}

/// A PUT to a wait condition handle's URL: kept on the handle, and applied to the wait
/// conditions waiting on it. `Err` is the HTTP-style refusal a script would see.
pub(crate) fn signal_handle(world: &mut World, url: &str, signal: Signal) -> Result<String, String> {
    let url = url.trim();
    let found = world.cloudformation.order.iter().find_map(|id| {
        let stack = world.cloudformation.stacks.get(id)?;
        let i = stack.resources.iter().position(|r| {
            r.resource_type == WAIT_CONDITION_HANDLE && r.exists() && r.ref_value.as_deref() == Some(url)
        })?;
        Some((id.clone(), i))
    });
    let Some((stack_id, h)) = found else {
        return Err("403 Forbidden: the wait condition handle URL is not valid (its stack or handle is gone)".into());
    };
    let stack = world.cloudformation.stacks.get_mut(&stack_id).expect("found above");
    record(stack, h, signal);
    let waiting: Vec<usize> = (0..stack.resources.len())
        .filter(|&i| stack.resources[i].wait.as_ref().and_then(|w| w.handle.as_deref()) == Some(url))
        .collect();
    let mut why = vec![format!("the signal is kept on handle {}", stack.resources[h].logical_id)];
    for i in waiting {
        why.push(settle(world, &stack_id, i));
    }
    Ok(why.join("; "))
}
