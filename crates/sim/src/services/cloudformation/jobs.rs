//! Stacks on the clock. `drive` moves a stack forward as far as it can right now: it starts
//! every resource whose dependencies are complete (so independent resources run in parallel),
//! and schedules a job for when each one is done, after its type's creation or deletion time.
//! A failure cancels what is in flight and rolls back in reverse dependency order. Jobs carry
//! the resource's epoch; a job whose work was cancelled finds a newer epoch and does nothing.

use super::model::*;
use super::providers::{self, ProvisionCx};
use super::template::intrinsics::{Ctx, Lookup, Pseudo};
use super::template::{self, ParamValue, Template};
use crate::error::ApiError;
use crate::ids;
use crate::services;
use crate::time::SimDuration;
use crate::world::{CallContext, World, ACCOUNT_ID};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::signals;
use super::update;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Job {
    /// A resource's creation time has passed: it is complete (or its injected failure shows).
    ResourceCreated { stack_id: String, logical_id: String, epoch: u32 },
    /// A resource's deletion time has passed.
    ResourceDeleted { stack_id: String, logical_id: String, epoch: u32 },
    /// An update (in place, a replacement, or a rollback's revert) of a resource is done.
    ResourceUpdated { stack_id: String, logical_id: String, epoch: u32 },
    /// The physical resource an update left over (replaced, or made by a rolled-back
    /// replacement) is deleted.
    LeftoverDeleted { stack_id: String, logical_id: String, epoch: u32 },
    /// A change set moves to its next status.
    ChangeSetStep { change_set_id: String },
    /// A resource's `CreationPolicy` or wait condition timeout has passed.
    SignalTimeout { stack_id: String, logical_id: String, epoch: u32 },
    /// An instance an update stopped (for a new type or user data) is due to be changed and
    /// started again.
    InstanceRestart { region: String, instance_id: String, instance_type: Option<String>, user_data: Option<String> },
    /// A group's rolling update: a pause or a batch's signal timeout has passed.
    RollingStep { stack_id: String, logical_id: String, epoch: u32, step: u32 },
}

impl Job {
    pub fn describe(&self) -> (&'static str, &'static str) {
        match self {
            Job::ResourceCreated { .. } => ("cloudformation", "ResourceCreated"),
            Job::ResourceDeleted { .. } => ("cloudformation", "ResourceDeleted"),
            Job::ResourceUpdated { .. } => ("cloudformation", "ResourceUpdated"),
            Job::LeftoverDeleted { .. } => ("cloudformation", "LeftoverDeleted"),
            Job::ChangeSetStep { .. } => ("cloudformation", "ChangeSetStep"),
            Job::SignalTimeout { .. } => ("cloudformation", "SignalTimeout"),
            Job::InstanceRestart { .. } => ("cloudformation", "InstanceRestart"),
            Job::RollingStep { .. } => ("cloudformation", "RollingUpdateStep"),
        }
    }
}

pub(crate) fn schedule(world: &mut World, after: SimDuration, job: Job) {
    world.schedule(after, services::Job::CloudFormation(job));
}

pub(crate) fn run(world: &mut World, cx: &mut CallContext, job: Job) -> Result<(), ApiError> {
    let (stack_id, logical_id, epoch, creating) = match &job {
        Job::ResourceCreated { stack_id, logical_id, epoch } => (stack_id, logical_id, *epoch, true),
        Job::ResourceDeleted { stack_id, logical_id, epoch } => (stack_id, logical_id, *epoch, false),
        Job::ResourceUpdated { stack_id, logical_id, epoch } => {
            return update::updated(world, cx, stack_id, logical_id, *epoch);
        }
        Job::LeftoverDeleted { stack_id, logical_id, epoch } => {
            return update::leftover_deleted(world, cx, stack_id, logical_id, *epoch);
        }
        Job::ChangeSetStep { change_set_id } => {
            super::ops::change_set_step(world, cx, change_set_id);
            return Ok(());
        }
        Job::SignalTimeout { stack_id, logical_id, epoch } => {
            cx.touch(stack_id.clone());
            let why = signals::timed_out(world, stack_id, logical_id, *epoch);
            cx.why(why);
            return Ok(());
        }
        Job::InstanceRestart { region, instance_id, instance_type, user_data } => {
            let (t, u) = (instance_type.clone(), user_data.clone());
            super::providers::instance_update::restart(world, cx, region, instance_id, t, u);
            return Ok(());
        }
        Job::RollingStep { stack_id, logical_id, epoch, step } => {
            cx.touch(stack_id.clone());
            let why = super::rolling::step_due(world, stack_id, logical_id, *epoch, *step);
            drive(world, stack_id);
            cx.why(why);
            return Ok(());
        }
    };
    cx.touch(stack_id.clone());
    let Some(stack) = world.cloudformation.stacks.get(stack_id) else {
        cx.why("the stack no longer exists");
        return Ok(());
    };
    cx.region = stack.region.clone();
    let Some(i) = stack.resources.iter().position(|r| &r.logical_id == logical_id) else {
        cx.why(format!("the stack has no resource {logical_id}"));
        return Ok(());
    };
    let r = &stack.resources[i];
    let expected = if creating { ResourceStatus::CreateInProgress } else { ResourceStatus::DeleteInProgress };
    if r.epoch != epoch || r.status != Some(expected) {
        cx.why(format!("{logical_id} was cancelled or moved on before this job ran; nothing to do"));
        return Ok(());
    }
    if let Some(p) = &r.physical_id {
        cx.touch(p.clone());
    }
    // CloudFormation waits for the resource's own state (a DB instance's `available`).
    let ready = !creating
        || match (providers::provider(&r.resource_type), &r.physical_id) {
            (Some(p), Some(physical)) => p.ready(world, physical),
            _ => true,
        };
    if !ready && r.inject_failure.is_none() && r.wait.is_none() {
        let job = Job::ResourceCreated { stack_id: stack_id.clone(), logical_id: logical_id.clone(), epoch };
        schedule(world, SimDuration::seconds(1), job);
        cx.why(format!("{logical_id} is not ready yet; CloudFormation checks again"));
        return Ok(());
    }
    let now = world.now();
    let stack = world.cloudformation.stacks.get_mut(stack_id).expect("checked above");
    if creating {
        if let Some(reason) = stack.resources[i].inject_failure.clone() {
            set_status(stack, i, ResourceStatus::CreateFailed, Some(reason.clone()), now);
            stack.failed.push(logical_id.clone());
            cx.why(format!("{logical_id} was marked to fail (Metadata Nimbus.Fail): {reason}"));
        } else if stack.resources[i].wait.is_some() {
            let why = signals::provisioned(world, stack_id, i);
            cx.why(why);
            return Ok(());
        } else {
            set_status(stack, i, ResourceStatus::CreateComplete, None, now);
            cx.why(format!("{logical_id} finished creating"));
        }
    } else {
        set_status(stack, i, ResourceStatus::DeleteComplete, None, now);
        cx.why(format!("{logical_id} finished deleting"));
    }
    drive(world, stack_id);
    Ok(())
}

// ------------------------------------------------------------------------------- events

/// Sets a resource's status and records the event, as the console shows it.
pub(crate) fn set_status(
    stack: &mut Stack,
    i: usize,
    status: ResourceStatus,
    reason: Option<String>,
    now: crate::time::SimTime,
) {
    let r = &mut stack.resources[i];
    r.status = Some(status);
    r.reason = reason.clone();
    r.updated = now;
    let (logical_id, physical_id, resource_type) =
        (r.logical_id.clone(), r.physical_id.clone(), r.resource_type.clone());
    push_event(stack, &logical_id, physical_id, &resource_type, status, reason, now);
}

/// Records a resource event, as the console shows it.
pub(crate) fn push_event(
    stack: &mut Stack,
    logical_id: &str,
    physical_id: Option<String>,
    resource_type: &str,
    status: ResourceStatus,
    reason: Option<String>,
    now: crate::time::SimTime,
) {
    let status_text = status.as_str();
    // AWS's resource event ids are `<logical id>-<status>-<time>`; two events of one resource at
    // one simulated instant get a counter so ids stay unique.
    let mut event_id = format!("{}-{}-{}", logical_id, status_text, now.iso8601());
    let same = stack
        .events
        .iter()
        .rev()
        .take_while(|e| e.timestamp == now)
        .filter(|e| e.event_id.starts_with(&event_id))
        .count();
    if same > 0 {
        event_id = format!("{event_id}-{same}");
    }
    let event = StackEventRecord {
        event_id,
        logical_id: logical_id.to_string(),
        physical_id,
        resource_type: resource_type.to_string(),
        timestamp: now,
        status: status_text,
        reason,
        properties: None,
    };
    stack.events.push(event);
}

/// Sets the stack's status and records the stack's own event.
pub(crate) fn set_stack_status(world: &mut World, stack_id: &str, status: StackStatus, reason: Option<String>) {
    let event_id = ids::uuid(world.rng());
    let now = world.now();
    let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else { return };
    stack.status = status;
    stack.status_reason = reason.clone();
    stack.events.push(StackEventRecord {
        event_id,
        logical_id: stack.name.clone(),
        physical_id: Some(stack.id.clone()),
        resource_type: "AWS::CloudFormation::Stack".into(),
        timestamp: now,
        status: status.as_str(),
        reason,
        properties: None,
    });
}

// ------------------------------------------------------------------------------ templates

/// The stack's parsed template and its parameter values.
pub(crate) fn parsed(stack: &mut Stack) -> Result<Arc<Template>, String> {
    if let Some(t) = &stack.cache.0 {
        return Ok(t.clone());
    }
    let t = Arc::new(template::read(&stack.template_body).map_err(|e| e.message)?);
    stack.cache.0 = Some(t.clone());
    Ok(t)
}

pub(crate) fn param_values(t: &Template, stack: &Stack) -> BTreeMap<String, ParamValue> {
    stack
        .parameters
        .iter()
        .map(|(k, v)| {
            let v = stack.resolved.iter().find(|(rk, _)| rk == k).map_or(v, |(_, rv)| rv);
            let list = t.parameter(k).is_some_and(|d| d.param_type.is_list());
            let value = if list {
                ParamValue::List(if v.is_empty() { Vec::new() } else { v.split(',').map(str::to_string).collect() })
            } else {
                ParamValue::Str(v.clone())
            };
            (k.clone(), value)
        })
        .collect()
}

pub(crate) fn pseudo(stack: &Stack) -> Pseudo {
    Pseudo {
        account_id: ACCOUNT_ID.to_string(),
        region: stack.region.clone(),
        stack_id: stack.id.clone(),
        stack_name: stack.name.clone(),
        notification_arns: stack.notification_arns.clone(),
    }
}

/// A stack's resources and the region's exports, as intrinsic functions see them.
pub(crate) struct StackLookup<'a> {
    pub stack: Option<&'a Stack>,
    pub state: &'a CfnState,
    pub region: &'a str,
}

impl Lookup for StackLookup<'_> {
    fn ref_value(&self, logical_id: &str) -> Option<String> {
        self.stack?.resource(logical_id)?.ref_value.clone()
    }
    fn attribute(&self, logical_id: &str, attribute: &str) -> Option<String> {
        self.stack?.resource(logical_id)?.attributes.get(attribute).cloned()
    }
    fn export(&self, name: &str) -> Option<String> {
        exports(self.state, self.region).into_iter().find(|(n, _, _)| n == name).map(|(_, v, _)| v)
    }
}

/// (export name, value, exporting stack id) of every live stack in `region`.
pub(crate) fn exports(state: &CfnState, region: &str) -> Vec<(String, String, String)> {
    state
        .in_region(region)
        .filter(|s| s.status != StackStatus::DeleteComplete)
        .flat_map(|s| {
            s.outputs.iter().filter_map(|o| o.export_name.clone().map(|n| (n, o.value.clone(), s.id.clone())))
        })
        .collect()
}

// ---------------------------------------------------------------------------------- drive

pub(crate) fn in_flight(r: &StackResource) -> bool {
    matches!(
        r.status,
        Some(ResourceStatus::CreateInProgress | ResourceStatus::DeleteInProgress | ResourceStatus::UpdateInProgress)
    )
}

/// Moves a stack forward as far as it can go at this instant.
pub(crate) fn drive(world: &mut World, stack_id: &str) {
    // Each pass either changes something or returns; a stack has at most a few passes per
    // instant (start, fail, cancel, roll back).
    for _ in 0..10_000 {
        let Some(stack) = world.cloudformation.stacks.get(stack_id) else { return };
        match stack.phase {
            Phase::Idle => return,
            Phase::Updating | Phase::UpdateCleanup | Phase::UpdateRollingBack | Phase::UpdateRollbackCleanup => {
                if !update::step(world, stack_id) {
                    return;
                }
            }
            Phase::Creating => {
                if !stack.failed.is_empty() {
                    create_failed(world, stack_id, None);
                    continue;
                }
                let index: HashMap<&str, usize> =
                    stack.resources.iter().enumerate().map(|(i, r)| (r.logical_id.as_str(), i)).collect();
                let ready: Vec<usize> = (0..stack.resources.len())
                    .filter(|&i| {
                        let r = &stack.resources[i];
                        r.status.is_none()
                            && r.deps.iter().all(|d| {
                                index
                                    .get(d.as_str())
                                    .is_some_and(|&j| stack.resources[j].status == Some(ResourceStatus::CreateComplete))
                            })
                    })
                    .collect();
                let all_done = stack.resources.iter().all(|r| r.status == Some(ResourceStatus::CreateComplete));
                if all_done {
                    create_complete(world, stack_id);
                    continue;
                }
                if ready.is_empty() {
                    return;
                }
                for i in ready {
                    start_create(world, stack_id, i);
                    if world.cloudformation.stacks.get(stack_id).is_none_or(|s| !s.failed.is_empty()) {
                        break;
                    }
                }
            }
            Phase::RollingBack | Phase::Deleting | Phase::DeletingAfterFailure => {
                let index: HashMap<&str, usize> =
                    stack.resources.iter().enumerate().map(|(i, r)| (r.logical_id.as_str(), i)).collect();
                let mut blocked = vec![false; stack.resources.len()];
                for r in &stack.resources {
                    if r.exists() || in_flight(r) {
                        for d in &r.deps {
                            if let Some(&j) = index.get(d.as_str()) {
                                blocked[j] = true;
                            }
                        }
                    }
                }
                let startable: Vec<usize> = (0..stack.resources.len())
                    .filter(|&i| {
                        let r = &stack.resources[i];
                        r.exists() && !in_flight(r) && !blocked[i] && !stack.failed.contains(&r.logical_id)
                    })
                    .collect();
                let busy = stack.resources.iter().any(in_flight);
                if startable.is_empty() {
                    if !busy {
                        delete_finished(world, stack_id);
                    }
                    return;
                }
                for i in startable {
                    start_delete(world, stack_id, i);
                }
            }
        }
    }
}

/// What a provider needs to know about the stack, copied out so the World can be lent to it.
pub(crate) struct Owner {
    name: String,
    id: String,
    region: String,
    tags: Vec<(String, String)>,
}

impl Owner {
    pub(crate) fn of(stack: &Stack) -> Owner {
        Owner { name: stack.name.clone(), id: stack.id.clone(), region: stack.region.clone(), tags: stack.tags.clone() }
    }
    pub(crate) fn cx<'a>(&'a self, logical_id: &'a str) -> ProvisionCx<'a> {
        ProvisionCx {
            stack_name: &self.name,
            stack_id: &self.id,
            logical_id,
            region: &self.region,
            stack_tags: &self.tags,
            properties: None,
            snapshot: false,
        }
    }
}

pub(crate) fn start_create(world: &mut World, stack_id: &str, i: usize) {
    let now = world.now();
    let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else { return };
    let template = match parsed(stack) {
        Ok(t) => t,
        Err(message) => {
            set_status(stack, i, ResourceStatus::CreateFailed, Some(message), now);
            let id = stack.resources[i].logical_id.clone();
            stack.failed.push(id);
            return;
        }
    };
    set_status(stack, i, ResourceStatus::CreateInProgress, None, now);
    let logical_id = stack.resources[i].logical_id.clone();
    let resource_type = stack.resources[i].resource_type.clone();
    let provider = providers::provider(&resource_type);
    let duration = provider.map_or(SimDuration::seconds(1), |p| p.create_time());
    if stack.resources[i].inject_failure.is_some() {
        stack.resources[i].epoch += 1;
        let epoch = stack.resources[i].epoch;
        schedule(world, duration, Job::ResourceCreated { stack_id: stack_id.into(), logical_id, epoch });
        return;
    }
    // Resolve the properties now that every dependency has its values.
    let resolved = resolve(world, stack_id, &template, &logical_id);
    let result = match (resolved, provider) {
        (Err(e), _) => Err(e.message),
        (Ok(_), None) => Err(format!("Template format error: Unrecognized resource types: [{resource_type}]")),
        (Ok(props), Some(p)) => match creation_policy(world, stack_id, &template, &logical_id)
            .and_then(|policy| signals::wait_for(&resource_type, &logical_id, policy.as_ref(), &props))
        {
            Err(reason) => Err(reason),
            Ok(wait) => {
                let owner = Owner::of(&world.cloudformation.stacks[stack_id]);
                p.create(world, &owner.cx(&logical_id), &props).map(|c| (c, props, wait))
            }
        },
    };
    let now = world.now();
    let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else { return };
    match result {
        Err(reason) => {
            set_status(stack, i, ResourceStatus::CreateFailed, Some(reason), now);
            stack.failed.push(logical_id);
        }
        Ok((created, props, wait)) => {
            let duration = provider.map_or(duration, |p| p.create_time_of(&props));
            let r = &mut stack.resources[i];
            r.physical_id = Some(created.physical_id);
            r.ref_value = Some(created.ref_value);
            r.attributes = created.attributes;
            r.properties = serde_json::Value::Object(props);
            r.epoch += 1;
            let epoch = r.epoch;
            let timeout = wait.as_ref().map(|w| w.timeout);
            r.wait = wait;
            set_status(stack, i, ResourceStatus::CreateInProgress, Some("Resource creation Initiated".into()), now);
            if let Some(timeout) = timeout {
                let job = Job::SignalTimeout { stack_id: stack_id.into(), logical_id: logical_id.clone(), epoch };
                schedule(world, timeout, job);
            }
            schedule(world, duration, Job::ResourceCreated { stack_id: stack_id.into(), logical_id, epoch });
        }
    }
}

/// A resource's `CreationPolicy`, evaluated (its `ResourceSignal.Count` may be a `Ref`).
pub(crate) fn creation_policy(
    world: &World,
    stack_id: &str,
    template: &Template,
    logical_id: &str,
) -> Result<Option<serde_json::Value>, String> {
    match template.resource(logical_id).and_then(|d| d.creation_policy.as_ref()) {
        None => Ok(None),
        Some(node) => eval_in_stack(world, stack_id, template, node).map_err(|e| e.message),
    }
}

/// A resource's `UpdatePolicy`, evaluated with the stack's current template.
pub(crate) fn update_policy(
    world: &World,
    stack_id: &str,
    logical_id: &str,
) -> Result<Option<serde_json::Value>, String> {
    let Some(stack) = world.cloudformation.stacks.get(stack_id) else { return Ok(None) };
    let template = match &stack.cache.0 {
        Some(t) => t.clone(),
        None => Arc::new(template::read(&stack.template_body).map_err(|e| e.message)?),
    };
    match template.resource(logical_id).and_then(|d| d.update_policy.as_ref()) {
        None => Ok(None),
        Some(node) => eval_in_stack(world, stack_id, &template, node).map_err(|e| e.message),
    }
}

/// A template node evaluated with the stack's parameters, conditions and resources.
fn eval_in_stack(
    world: &World,
    stack_id: &str,
    template: &Template,
    node: &super::template::Node,
) -> Result<Option<serde_json::Value>, super::template::TemplateError> {
    let stack = &world.cloudformation.stacks[stack_id];
    let params = param_values(template, stack);
    let pseudo = pseudo(stack);
    let lookup = StackLookup { stack: Some(stack), state: &world.cloudformation, region: &stack.region };
    let ctx = Ctx { template, params: &params, pseudo: &pseudo, conditions: &stack.conditions, lookup: &lookup };
    ctx.eval(node)
}

/// A resource's properties from the stack's template, with the values its dependencies have now.
pub(crate) fn resolve(
    world: &World,
    stack_id: &str,
    template: &Template,
    logical_id: &str,
) -> Result<serde_json::Map<String, serde_json::Value>, super::template::TemplateError> {
    match template.resource(logical_id).and_then(|d| d.properties.as_ref()) {
        None => Ok(serde_json::Map::new()),
        Some(p) => eval_in_stack(world, stack_id, template, p).map(|v| match v {
            Some(serde_json::Value::Object(m)) => m,
            _ => serde_json::Map::new(),
        }),
    }
}

pub(crate) fn start_delete(world: &mut World, stack_id: &str, i: usize) {
    let now = world.now();
    let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else { return };
    let r = &stack.resources[i];
    let retain = match r.deletion_policy {
        DeletionPolicy::Retain => true,
        // Kept, except when the operation that created it rolls back.
        DeletionPolicy::RetainExceptOnCreate => matches!(stack.phase, Phase::Deleting | Phase::UpdateCleanup),
        DeletionPolicy::Delete | DeletionPolicy::Snapshot => false,
    } || stack.retain.contains(&r.logical_id);
    if retain {
        set_status(stack, i, ResourceStatus::DeleteSkipped, None, now);
        return;
    }
    set_status(stack, i, ResourceStatus::DeleteInProgress, None, now);
    let r = &stack.resources[i];
    let logical_id = r.logical_id.clone();
    let physical_id = r.physical_id.clone().unwrap_or_default();
    let properties = r.properties.clone();
    let snapshot = r.deletion_policy == DeletionPolicy::Snapshot;
    let provider = providers::provider(&r.resource_type);
    let owner = Owner::of(stack);
    let result = match provider {
        Some(p) => p.delete(
            world,
            &ProvisionCx { properties: Some(&properties), snapshot, ..owner.cx(&logical_id) },
            &physical_id,
        ),
        None => Ok(()),
    };
    let duration = provider.map_or(SimDuration::seconds(1), |p| p.delete_time());
    let now = world.now();
    let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else { return };
    match result {
        Err(reason) => {
            set_status(stack, i, ResourceStatus::DeleteFailed, Some(reason), now);
            stack.failed.push(logical_id);
        }
        Ok(()) => {
            stack.resources[i].epoch += 1;
            let epoch = stack.resources[i].epoch;
            schedule(world, duration, Job::ResourceDeleted { stack_id: stack_id.into(), logical_id, epoch });
        }
    }
}

/// A resource failed (or the outputs could not be made): cancel what is in flight, then roll
/// back, stop, or delete, as OnFailure says.
fn create_failed(world: &mut World, stack_id: &str, extra_reason: Option<String>) {
    let now = world.now();
    let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else { return };
    for i in 0..stack.resources.len() {
        if stack.resources[i].status == Some(ResourceStatus::CreateInProgress) {
            stack.resources[i].epoch += 1;
            set_status(stack, i, ResourceStatus::CreateFailed, Some("Resource creation cancelled".into()), now);
            let id = stack.resources[i].logical_id.clone();
            stack.failed.push(id);
        }
    }
    let failed = std::mem::take(&mut stack.failed);
    let executing = stack.executing.take();
    finish_change_set(world, executing, "EXECUTE_FAILED");
    let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else { return };
    let base = match extra_reason {
        Some(r) => r,
        None => format!("The following resource(s) failed to create: [{}]. ", failed.join(", ")),
    };
    let (on_failure, disable) = (stack.on_failure, stack.disable_rollback);
    match (on_failure, disable) {
        (OnFailure::DoNothing, _) | (OnFailure::Rollback, true) => {
            stack.phase = Phase::Idle;
            set_stack_status(world, stack_id, StackStatus::CreateFailed, Some(base));
        }
        (OnFailure::Rollback, false) => {
            stack.phase = Phase::RollingBack;
            set_stack_status(
                world,
                stack_id,
                StackStatus::RollbackInProgress,
                Some(format!("{}Rollback requested by user.", with_space(&base))),
            );
        }
        (OnFailure::Delete, _) => {
            stack.phase = Phase::DeletingAfterFailure;
            set_stack_status(
                world,
                stack_id,
                StackStatus::DeleteInProgress,
                Some(format!("{}Delete requested by user.", with_space(&base))),
            );
        }
    }
}

/// The change set whose execution made this operation ends with `status`.
pub(crate) fn finish_change_set(world: &mut World, change_set: Option<String>, status: &str) {
    if let Some(cs) = change_set.and_then(|id| world.cloudformation.change_sets.get_mut(&id)) {
        cs.execution_status = status.into();
    }
}

fn with_space(s: &str) -> String {
    if s.is_empty() || s.ends_with(' ') {
        s.to_string()
    } else {
        format!("{s} ")
    }
}

/// Every resource is complete: make the outputs and finish.
fn create_complete(world: &mut World, stack_id: &str) {
    match outputs(world, stack_id) {
        Ok(outs) => {
            if let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) {
                stack.outputs = outs;
                stack.phase = Phase::Idle;
                let executing = stack.executing.take();
                finish_change_set(world, executing, "EXECUTE_COMPLETE");
            }
            set_stack_status(world, stack_id, StackStatus::CreateComplete, None);
        }
        Err(reason) => create_failed(world, stack_id, Some(reason)),
    }
}

pub(crate) fn outputs(world: &mut World, stack_id: &str) -> Result<Vec<OutputRecord>, String> {
    let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else { return Ok(Vec::new()) };
    let template = parsed(stack)?;
    let stack = &world.cloudformation.stacks[stack_id];
    let params = param_values(&template, stack);
    let pseudo = pseudo(stack);
    let lookup = StackLookup { stack: Some(stack), state: &world.cloudformation, region: &stack.region };
    let ctx =
        Ctx { template: &template, params: &params, pseudo: &pseudo, conditions: &stack.conditions, lookup: &lookup };
    let taken = exports(&world.cloudformation, &stack.region);
    let mut out = Vec::new();
    for o in &template.outputs {
        if let Some((c, _)) = &o.condition {
            if !stack.conditions.get(c).copied().unwrap_or(false) {
                continue;
            }
        }
        let value = match ctx.eval(&o.value).map_err(|e| e.message)? {
            Some(serde_json::Value::Array(items)) => {
                items.iter().filter_map(providers::text).collect::<Vec<_>>().join(",")
            }
            Some(v) => providers::text(&v).unwrap_or_else(|| v.to_string()),
            None => String::new(),
        };
        let export_name = match &o.export_name {
            None => None,
            Some(n) => Some(
                ctx.eval(n)
                    .map_err(|e| e.message)?
                    .as_ref()
                    .and_then(providers::text)
                    .ok_or_else(|| "Template error: Export Name must be a string".to_string())?,
            ),
        };
        if let Some(name) = &export_name {
            if let Some((_, _, by)) = taken.iter().find(|(n, _, s)| n == name && s != &stack.id) {
                let by_name = world.cloudformation.stacks.get(by).map_or(by.as_str(), |s| s.name.as_str());
                return Err(format!("Export with name {name} is already exported by stack {by_name}"));
            }
        }
        out.push(OutputRecord { key: o.logical_id.clone(), value, description: o.description.clone(), export_name });
    }
    Ok(out)
}

/// Nothing is in flight and nothing more can be deleted: the rollback or deletion ends.
fn delete_finished(world: &mut World, stack_id: &str) {
    let now = world.now();
    let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else { return };
    let failed: Vec<String> = stack
        .resources
        .iter()
        .filter(|r| r.status == Some(ResourceStatus::DeleteFailed) && stack.failed.contains(&r.logical_id))
        .map(|r| r.logical_id.clone())
        .collect();
    let phase = stack.phase;
    stack.phase = Phase::Idle;
    stack.failed.clear();
    let (status, reason) = match (phase, failed.is_empty()) {
        (Phase::RollingBack, true) => (StackStatus::RollbackComplete, None),
        (Phase::RollingBack, false) => (
            StackStatus::RollbackFailed,
            Some(format!("The following resource(s) failed to delete: [{}]. ", failed.join(", "))),
        ),
        (_, true) => (StackStatus::DeleteComplete, None),
        (_, false) => (
            StackStatus::DeleteFailed,
            Some(format!("The following resource(s) failed to delete: [{}]. ", failed.join(", "))),
        ),
    };
    if status == StackStatus::DeleteComplete {
        stack.deletion_time = Some(now);
        stack.outputs.clear();
    }
    set_stack_status(world, stack_id, status, reason);
}
