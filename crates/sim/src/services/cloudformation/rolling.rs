//! `UpdatePolicy` for Auto Scaling groups. With `AutoScalingRollingUpdate`, an update that
//! changes a group's LaunchConfigurationName, LaunchTemplate or VPCZoneIdentifier keeps the
//! group and replaces its instances in batches of MaxBatchSize, keeping MinInstancesInService
//! (the group's size is raised for the duration when it has to be), pausing PauseTime between
//! batches or, with WaitOnResourceSignals, waiting for the new instances' `cfn-signal`s. Each
//! step is a stack event worded as AWS words it. A batch that does not signal in time fails the
//! update, which rolls back (the rollback replaces the instances again, without waiting for
//! signals). `AutoScalingReplacingUpdate` with WillReplace is refused.

use super::jobs::{self, push_event, schedule, Job};
use super::model::{Phase, ResourceStatus};
use super::providers::autoscaling::LAUNCH_PROPERTIES;
use super::providers::text;
use super::signals::SignalStatus;
use crate::services::autoscaling::{self as asg, AutoScalingRequest};
use crate::services::Request;
use crate::time::SimDuration;
use crate::world::World;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

pub const GROUP_TYPE: &str = "AWS::AutoScaling::AutoScalingGroup";
/// Without signals and without a pause, the next batch waits for the new instances to boot.
const BOOT_WAIT: SimDuration = SimDuration::seconds(30);

/// A rolling update in progress on one group resource.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rolling {
    pub region: String,
    pub group: String,
    pub batch: i64,
    pub min_in_service: i64,
    pub pause: SimDuration,
    /// The PauseTime as written (`PT5M`), for the events.
    pub pause_text: String,
    pub wait_signals: bool,
    pub min_successful_percent: i64,
    pub original_min: i64,
    pub original_desired: i64,
    pub total: usize,
    pub terminated: usize,
    /// The new instances whose signals the current batch waits for.
    pub waiting_for: Vec<String>,
    /// Bumped at every step; a job carrying an older step is stale.
    pub step: u32,
}

/// The policy's settings, read from the evaluated `UpdatePolicy`.
#[derive(Debug)]
struct Settings {
    batch: i64,
    min_in_service: i64,
    pause: SimDuration,
    pause_text: String,
    wait_signals: bool,
    min_successful_percent: i64,
}

fn number(v: Option<&Json>, default: i64) -> Result<i64, String> {
    match v {
        None => Ok(default),
        Some(v) => text(v).and_then(|t| t.trim().parse().ok()).ok_or_else(|| format!("{v} is not a number")),
    }
}

/// `PT0S` and the durations `ResourceSignal.Timeout` takes, up to an hour.
fn pause_of(text: &str) -> Option<SimDuration> {
    if matches!(text, "PT0S" | "PT0M" | "PT0H") {
        return Some(SimDuration(0));
    }
    super::signals::iso_duration(text).filter(|d| *d <= SimDuration::hours(1))
}

fn settings(policy: &Json) -> Result<Option<Settings>, String> {
    if policy
        .get("AutoScalingReplacingUpdate")
        .and_then(|r| r.get("WillReplace"))
        .and_then(text)
        .is_some_and(|t| t.eq_ignore_ascii_case("true"))
    {
        return Err("Nimbus Lab does not simulate UpdatePolicy AutoScalingReplacingUpdate (WillReplace: true), which replaces the whole group; use AutoScalingRollingUpdate".into());
    }
    let Some(r) = policy.get("AutoScalingRollingUpdate") else { return Ok(None) };
    let wait_signals = r.get("WaitOnResourceSignals").and_then(text).is_some_and(|t| t.eq_ignore_ascii_case("true"));
    let pause_text =
        r.get("PauseTime").and_then(text).unwrap_or_else(|| if wait_signals { "PT5M".into() } else { "PT0S".into() });
    let pause = pause_of(&pause_text).ok_or_else(|| {
        format!("Invalid PauseTime '{pause_text}': an ISO 8601 duration such as PT5M, at most one hour")
    })?;
    let batch = number(r.get("MaxBatchSize"), 1)?;
    if batch < 1 {
        return Err("MaxBatchSize must be greater than 0".into());
    }
    let min_successful_percent = number(r.get("MinSuccessfulInstancesPercent"), 100)?;
    if !(0..=100).contains(&min_successful_percent) {
        return Err("MinSuccessfulInstancesPercent must be between 0 and 100".into());
    }
    Ok(Some(Settings {
        batch,
        min_in_service: number(r.get("MinInstancesInService"), 0)?,
        pause,
        pause_text,
        wait_signals,
        min_successful_percent,
    }))
}

/// The group's instances that the update replaces: launched from another configuration or
/// template, or in a subnet the group no longer uses.
fn obsolete(world: &World, g: &asg::Group) -> Vec<String> {
    g.members
        .iter()
        .filter(|m| {
            m.source != g.source
                || (!g.subnets.is_empty()
                    && world.ec2.instances.get(&m.instance_id).is_some_and(|i| !g.subnets.contains(&i.subnet_id)))
        })
        .map(|m| m.instance_id.clone())
        .collect()
}

fn members(world: &World, region: &str, group: &str) -> Vec<String> {
    world
        .autoscaling
        .groups
        .get(&(region.to_string(), group.to_string()))
        .map(|g| g.members.iter().map(|m| m.instance_id.clone()).collect())
        .unwrap_or_default()
}

fn call(world: &mut World, region: &str, r: AutoScalingRequest) -> Result<(), String> {
    world.call_in(region, Request::AutoScaling(r)).map(|_| ()).map_err(|e| format!("{}: {}", e.code, e.message))
}

fn event(world: &mut World, stack_id: &str, i: usize, reason: String) {
    let now = world.now();
    let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else { return };
    let r = &stack.resources[i];
    let (logical_id, physical, rtype) = (r.logical_id.clone(), r.physical_id.clone(), r.resource_type.clone());
    push_event(stack, &logical_id, physical, &rtype, ResourceStatus::UpdateInProgress, Some(reason), now);
}

/// Resource `i` (a group) was just updated in place. `Ok(true)`: a rolling update started and
/// will finish the resource's update itself; `Ok(false)`: nothing to roll, the update ends as
/// usual. `forward` is false for a rollback's revert (it does not wait for signals).
pub(crate) fn begin(world: &mut World, stack_id: &str, i: usize, forward: bool) -> Result<bool, String> {
    let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else { return Ok(false) };
    let r = &stack.resources[i];
    if r.resource_type != GROUP_TYPE {
        return Ok(false);
    }
    let logical_id = r.logical_id.clone();
    let launch_changed = !forward
        || r.change
            .as_ref()
            .and_then(|c| c.old.as_ref())
            .is_some_and(|old| LAUNCH_PROPERTIES.iter().any(|k| old.properties.get(k) != r.properties.get(k)));
    if !launch_changed {
        return Ok(false);
    }
    let Some(policy) = jobs::update_policy(world, stack_id, &logical_id)? else { return Ok(false) };
    let Some(s) = settings(&policy)? else { return Ok(false) };
    let stack = &world.cloudformation.stacks[stack_id];
    let region = stack.region.clone();
    let group = stack.resources[i].physical_id.clone().unwrap_or_default();
    let Some(g) = world.autoscaling.groups.get(&(region.clone(), group.clone())).cloned() else { return Ok(false) };
    let old = obsolete(world, &g);
    if old.is_empty() {
        return Ok(false);
    }
    if s.min_in_service >= g.max_size {
        return Err(format!(
            "MinInstancesInService ({}) must be less than the Auto Scaling group's MaxSize ({})",
            s.min_in_service, g.max_size
        ));
    }
    let wait_signals = s.wait_signals && forward;
    let mut text = format!(
        "Rolling update initiated. Terminating {} obsolete instance(s) in batches of {}, while keeping at least {} instance(s) in service.",
        old.len(),
        s.batch,
        s.min_in_service
    );
    if wait_signals {
        text.push_str(&format!(
            " Waiting on resource signals with a timeout of {} when new instances are added to the autoscaling group.",
            s.pause_text
        ));
    }
    event(world, stack_id, i, text);
    let rolling = Rolling {
        region: region.clone(),
        group: group.clone(),
        batch: s.batch,
        min_in_service: s.min_in_service,
        pause: s.pause,
        pause_text: s.pause_text,
        wait_signals,
        min_successful_percent: s.min_successful_percent,
        original_min: g.min_size,
        original_desired: g.desired_capacity,
        total: old.len(),
        terminated: 0,
        waiting_for: Vec::new(),
        step: 0,
    };
    if let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) {
        stack.resources[i].rolling = Some(Box::new(rolling));
        stack.resources[i].signals.clear();
    }
    // Terminating a batch would leave fewer than MinInstancesInService: the group grows by a
    // batch first.
    let desired = g.desired_capacity;
    if desired - s.batch <= s.min_in_service && desired + s.batch <= g.max_size {
        let temp = desired + s.batch;
        let before = members(world, &region, &group);
        call(
            world,
            &region,
            AutoScalingRequest::UpdateAutoScalingGroup(asg::UpdateAutoScalingGroupRequest {
                auto_scaling_group_name: group.clone(),
                min_size: Some(temp),
                desired_capacity: Some(temp),
                ..Default::default()
            }),
        )?;
        event(
            world,
            stack_id,
            i,
            format!("Temporarily setting autoscaling group MinSize and DesiredCapacity to {temp}."),
        );
        let added: Vec<String> = members(world, &region, &group).into_iter().filter(|m| !before.contains(m)).collect();
        after_launch(world, stack_id, i, added);
        return Ok(true);
    }
    next_batch(world, stack_id, i);
    Ok(true)
}

fn rolling_of<'a>(world: &'a World, stack_id: &str, i: usize) -> Option<&'a Rolling> {
    world.cloudformation.stacks.get(stack_id)?.resources.get(i)?.rolling.as_deref()
}

fn rolling_mut<'a>(world: &'a mut World, stack_id: &str, i: usize) -> Option<&'a mut Rolling> {
    world.cloudformation.stacks.get_mut(stack_id)?.resources.get_mut(i)?.rolling.as_deref_mut()
}

/// Schedules the rolling update's next step after `after`.
fn schedule_step(world: &mut World, stack_id: &str, i: usize, after: SimDuration) {
    let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else { return };
    let r = &mut stack.resources[i];
    let (logical_id, epoch) = (r.logical_id.clone(), r.epoch);
    let Some(rolling) = r.rolling.as_deref_mut() else { return };
    rolling.step += 1;
    let step = rolling.step;
    schedule(world, after, Job::RollingStep { stack_id: stack_id.into(), logical_id, epoch, step });
}

/// New instances joined the group: wait for their signals, or pause.
fn after_launch(world: &mut World, stack_id: &str, i: usize, added: Vec<String>) {
    let Some(r) = rolling_of(world, stack_id, i).cloned() else { return };
    if r.wait_signals && !added.is_empty() {
        event(
            world,
            stack_id,
            i,
            format!(
                "New instance(s) added to autoscaling group - Waiting on {} resource signal(s) with a timeout of {}.",
                added.len(),
                r.pause_text
            ),
        );
        if let Some(x) = rolling_mut(world, stack_id, i) {
            x.waiting_for = added;
        }
        schedule_step(world, stack_id, i, r.pause);
        return;
    }
    let wait = if r.pause.as_millis() > 0 { r.pause } else { BOOT_WAIT };
    schedule_step(world, stack_id, i, wait);
}

/// Terminates the next batch of obsolete instances, or finishes.
fn next_batch(world: &mut World, stack_id: &str, i: usize) {
    let Some(r) = rolling_of(world, stack_id, i).cloned() else { return };
    let Some(g) = world.autoscaling.groups.get(&(r.region.clone(), r.group.clone())).cloned() else {
        return finish(world, stack_id, i);
    };
    let old = obsolete(world, &g);
    if old.is_empty() {
        return finish(world, stack_id, i);
    }
    let before = members(world, &r.region, &r.group);
    let take = old.len().min(r.batch as usize);
    let mut gone = Vec::new();
    for (n, id) in old.iter().take(take).enumerate() {
        let extra = world
            .autoscaling
            .groups
            .get(&(r.region.clone(), r.group.clone()))
            .map_or(0, |g| g.desired_capacity - r.original_desired);
        // The last obsolete instances give back the capacity the update borrowed.
        let left = (old.len() - n - 1) as i64;
        let decrement = left < extra;
        if decrement {
            let _ = call(
                world,
                &r.region,
                AutoScalingRequest::UpdateAutoScalingGroup(asg::UpdateAutoScalingGroupRequest {
                    auto_scaling_group_name: r.group.clone(),
                    min_size: Some(r.original_min),
                    ..Default::default()
                }),
            );
        }
        let done = call(
            world,
            &r.region,
            AutoScalingRequest::TerminateInstanceInAutoScalingGroup(asg::TerminateInstanceInAutoScalingGroupRequest {
                instance_id: id.clone(),
                should_decrement_desired_capacity: decrement,
            }),
        );
        if done.is_ok() {
            gone.push(id.clone());
        }
    }
    let terminated = r.terminated + gone.len();
    if let Some(x) = rolling_mut(world, stack_id, i) {
        x.terminated = terminated;
    }
    let progress = terminated * 100 / r.total.max(1);
    event(
        world,
        stack_id,
        i,
        format!("Successfully terminated instance(s) [{}] (Progress {progress}%).", gone.join(",")),
    );
    let added: Vec<String> = members(world, &r.region, &r.group).into_iter().filter(|m| !before.contains(m)).collect();
    if added.is_empty() {
        // Nothing new to wait for: go on at once (or finish).
        schedule_step(world, stack_id, i, SimDuration(0));
    } else {
        after_launch(world, stack_id, i, added);
    }
}

/// Every obsolete instance is replaced: the group's MinSize is back, and the resource's
/// update completes.
fn finish(world: &mut World, stack_id: &str, i: usize) {
    let Some(r) = rolling_of(world, stack_id, i).cloned() else { return };
    if let Some(g) = world.autoscaling.groups.get(&(r.region.clone(), r.group.clone())) {
        if g.min_size != r.original_min || g.desired_capacity != r.original_desired {
            let _ = call(
                world,
                &r.region,
                AutoScalingRequest::UpdateAutoScalingGroup(asg::UpdateAutoScalingGroupRequest {
                    auto_scaling_group_name: r.group.clone(),
                    min_size: Some(r.original_min),
                    desired_capacity: Some(r.original_desired),
                    ..Default::default()
                }),
            );
        }
    }
    let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else { return };
    let res = &mut stack.resources[i];
    res.rolling = None;
    let (logical_id, epoch) = (res.logical_id.clone(), res.epoch);
    schedule(world, SimDuration::seconds(1), Job::ResourceUpdated { stack_id: stack_id.into(), logical_id, epoch });
}

/// The update fails: the resource is UPDATE_FAILED and the stack rolls back.
fn fail(world: &mut World, stack_id: &str, i: usize, reason: String) {
    let now = world.now();
    let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else { return };
    stack.resources[i].rolling = None;
    jobs::set_status(stack, i, ResourceStatus::UpdateFailed, Some(reason), now);
    let id = stack.resources[i].logical_id.clone();
    stack.failed.push(id);
    jobs::drive(world, stack_id);
}

/// Where the current batch's signals stand: `Some(true)` enough SUCCESS, `Some(false)` it
/// cannot succeed any more, `None` still waiting.
fn batch_outcome(world: &World, stack_id: &str, i: usize) -> Option<bool> {
    let stack = world.cloudformation.stacks.get(stack_id)?;
    let res = &stack.resources[i];
    let r = res.rolling.as_deref()?;
    let of = |s: SignalStatus| {
        res.signals.iter().filter(|x| x.status == s && r.waiting_for.contains(&x.unique_id)).count() as i64
    };
    let need = (r.waiting_for.len() as i64 * r.min_successful_percent + 99) / 100;
    let (ok, bad) = (of(SignalStatus::Success), of(SignalStatus::Failure));
    if ok >= need {
        Some(true)
    } else if r.waiting_for.len() as i64 - bad < need {
        Some(false)
    } else {
        None
    }
}

fn not_satisfied(world: &World, stack_id: &str, i: usize) -> String {
    let Some(stack) = world.cloudformation.stacks.get(stack_id) else { return String::new() };
    let res = &stack.resources[i];
    let Some(r) = res.rolling.as_deref() else { return String::new() };
    let ok = res
        .signals
        .iter()
        .filter(|x| x.status == SignalStatus::Success && r.waiting_for.contains(&x.unique_id))
        .count();
    format!(
        "Received {ok} SUCCESS signal(s) out of {}. Unable to satisfy {}% MinSuccessfulInstancesPercent requirement",
        r.waiting_for.len(),
        r.min_successful_percent
    )
}

/// Whether resource `i` is a group in a rolling update that waits for signals now.
pub(crate) fn waiting(stack: &super::model::Stack, i: usize) -> bool {
    let r = &stack.resources[i];
    r.status == Some(ResourceStatus::UpdateInProgress)
        && r.rolling.as_deref().is_some_and(|x| x.wait_signals && !x.waiting_for.is_empty())
}

/// A signal reached a group waiting in a rolling update (it is already recorded).
pub(crate) fn signalled(world: &mut World, stack_id: &str, i: usize) -> String {
    let logical_id =
        world.cloudformation.stacks.get(stack_id).map(|s| s.resources[i].logical_id.clone()).unwrap_or_default();
    match batch_outcome(world, stack_id, i) {
        None => format!("{logical_id} keeps waiting for the rest of its batch's signals"),
        Some(true) => {
            if let Some(x) = rolling_mut(world, stack_id, i) {
                x.waiting_for.clear();
            }
            next_batch(world, stack_id, i);
            jobs::drive(world, stack_id);
            format!("{logical_id}'s new instances signalled; the rolling update goes on")
        }
        Some(false) => {
            let reason = not_satisfied(world, stack_id, i);
            fail(world, stack_id, i, reason.clone());
            format!("{logical_id} failed: {reason}")
        }
    }
}

/// A step's pause or signal timeout has passed.
pub(crate) fn step_due(world: &mut World, stack_id: &str, logical_id: &str, epoch: u32, step: u32) -> String {
    let Some(stack) = world.cloudformation.stacks.get(stack_id) else { return "the stack no longer exists".into() };
    let Some(i) = stack.resources.iter().position(|r| r.logical_id == logical_id) else {
        return format!("the stack has no resource {logical_id}");
    };
    let r = &stack.resources[i];
    let current = r.epoch == epoch
        && r.status == Some(ResourceStatus::UpdateInProgress)
        && r.rolling.as_deref().is_some_and(|x| x.step == step)
        && matches!(stack.phase, Phase::Updating | Phase::UpdateRollingBack);
    if !current {
        return format!("{logical_id}'s rolling update moved on before this step was due; nothing to do");
    }
    let waiting_signals = r.rolling.as_deref().is_some_and(|x| x.wait_signals && !x.waiting_for.is_empty());
    if waiting_signals {
        match batch_outcome(world, stack_id, i) {
            Some(true) => {}
            _ => {
                let reason = not_satisfied(world, stack_id, i);
                fail(world, stack_id, i, reason.clone());
                return format!("{logical_id} failed: {reason}");
            }
        }
        if let Some(x) = rolling_mut(world, stack_id, i) {
            x.waiting_for.clear();
        }
    }
    next_batch(world, stack_id, i);
    format!("{logical_id}: the rolling update's next batch")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn settings_take_aws_defaults() {
        let s = settings(&json!({"AutoScalingRollingUpdate": {}})).unwrap().unwrap();
        assert_eq!(
            (s.batch, s.min_in_service, s.pause, s.wait_signals, s.min_successful_percent),
            (1, 0, SimDuration(0), false, 100)
        );
        let s = settings(&json!({"AutoScalingRollingUpdate": {"WaitOnResourceSignals": "true", "MaxBatchSize": "2"}}))
            .unwrap()
            .unwrap();
        assert_eq!((s.batch, s.pause, s.pause_text.as_str()), (2, SimDuration::minutes(5), "PT5M"));
        assert!(settings(&json!({"AutoScalingRollingUpdate": {"MaxBatchSize": 0}})).is_err());
        assert!(settings(&json!({"AutoScalingRollingUpdate": {"PauseTime": "5 minutes"}})).is_err());
        assert!(settings(&json!({"AutoScalingReplacingUpdate": {"WillReplace": true}}))
            .unwrap_err()
            .contains("AutoScalingReplacingUpdate"));
        assert!(settings(&json!({"AutoScalingScheduledAction": {}})).unwrap().is_none());
    }

    proptest::proptest! {
        #[test]
        fn pause_times_never_panic_and_minutes_read_back(text in "(PT|P|T)?[0-9]{0,4}[HMSD]?[0-9]{0,2}[HMS]?", m in 1i64..=60) {
            let _ = pause_of(&text);
            proptest::prop_assert_eq!(pause_of(&format!("PT{m}M")), Some(SimDuration::minutes(m)));
        }
    }
}
