//! Updates on the clock, for `jobs::drive`. UPDATE_IN_PROGRESS: new resources are created and
//! changed ones updated in dependency order (a replacement creates the new physical resource
//! first); UPDATE_COMPLETE_CLEANUP_IN_PROGRESS: removed resources and replaced physical
//! resources are deleted; UPDATE_COMPLETE. A failure rolls back: UPDATE_ROLLBACK_IN_PROGRESS
//! puts changed resources back as they were, UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS
//! deletes what the update made, UPDATE_ROLLBACK_COMPLETE.

use super::jobs::{
    in_flight, outputs, parsed, push_event, resolve, schedule, set_stack_status, set_status, start_create,
    start_delete, Job, Owner,
};
use super::model::*;
use super::providers::{self, ProvisionCx};
use crate::error::ApiError;
use crate::time::SimDuration;
use crate::world::{CallContext, World};
use std::collections::HashMap;

fn action(r: &StackResource) -> Option<ChangeAction> {
    r.change.as_ref().map(|c| c.action)
}

fn complete(r: &StackResource) -> bool {
    matches!(r.status, Some(ResourceStatus::CreateComplete | ResourceStatus::UpdateComplete))
}

/// One pass of an update phase; false when nothing more happens at this instant.
pub(crate) fn step(world: &mut World, stack_id: &str) -> bool {
    let Some(stack) = world.cloudformation.stacks.get(stack_id) else { return false };
    match stack.phase {
        Phase::Updating => {
            if !stack.failed.is_empty() {
                failed(world, stack_id, None);
                return true;
            }
            let index: HashMap<&str, usize> =
                stack.resources.iter().enumerate().map(|(i, r)| (r.logical_id.as_str(), i)).collect();
            let done = |r: &StackResource| match &r.change {
                None => true,
                Some(c) => c.action == ChangeAction::Remove || (c.started && complete(r)),
            };
            if stack.resources.iter().all(done) {
                progress_complete(world, stack_id);
                return true;
            }
            let ready: Vec<usize> = (0..stack.resources.len())
                .filter(|&i| {
                    let r = &stack.resources[i];
                    r.change.as_ref().is_some_and(|c| c.action != ChangeAction::Remove && !c.started)
                        && r.deps.iter().all(|d| index.get(d.as_str()).is_some_and(|&j| done(&stack.resources[j])))
                })
                .collect();
            if ready.is_empty() {
                return false;
            }
            for i in ready {
                start_change(world, stack_id, i);
                if world.cloudformation.stacks.get(stack_id).is_none_or(|s| !s.failed.is_empty()) {
                    break;
                }
            }
            true
        }
        Phase::UpdateRollingBack => {
            let todo: Vec<usize> = (0..stack.resources.len())
                .filter(|&i| {
                    let r = &stack.resources[i];
                    r.change.as_ref().is_some_and(|c| {
                        matches!(c.action, ChangeAction::Modify | ChangeAction::Replace) && c.started && !c.rolled_back
                    }) && !in_flight(r)
                })
                .collect();
            if !todo.is_empty() {
                for i in todo {
                    revert(world, stack_id, i);
                }
                return true;
            }
            if stack.resources.iter().any(in_flight) {
                return false;
            }
            let stack = world.cloudformation.stacks.get_mut(stack_id).expect("checked above");
            if !stack.failed.is_empty() {
                let reason = format!("The following resource(s) failed to update: [{}]. ", stack.failed.join(", "));
                stack.phase = Phase::Idle;
                set_stack_status(world, stack_id, StackStatus::UpdateRollbackFailed, Some(reason));
                return false;
            }
            stack.phase = Phase::UpdateRollbackCleanup;
            set_stack_status(world, stack_id, StackStatus::UpdateRollbackCompleteCleanupInProgress, None);
            true
        }
        Phase::UpdateCleanup | Phase::UpdateRollbackCleanup => {
            let goes = if stack.phase == Phase::UpdateCleanup { ChangeAction::Remove } else { ChangeAction::Add };
            let index: HashMap<&str, usize> =
                stack.resources.iter().enumerate().map(|(i, r)| (r.logical_id.as_str(), i)).collect();
            let mut blocked = vec![false; stack.resources.len()];
            for r in stack.resources.iter().filter(|r| action(r) == Some(goes)) {
                if r.exists() || in_flight(r) {
                    for d in &r.deps {
                        if let Some(&j) = index.get(d.as_str()) {
                            blocked[j] = true;
                        }
                    }
                }
            }
            let deletes: Vec<usize> = (0..stack.resources.len())
                .filter(|&i| {
                    let r = &stack.resources[i];
                    action(r) == Some(goes) && r.exists() && !in_flight(r) && !blocked[i]
                })
                .collect();
            let leftovers: Vec<usize> = (0..stack.resources.len())
                .filter(|&i| {
                    stack.resources[i]
                        .change
                        .as_ref()
                        .and_then(|c| c.leftover.as_ref())
                        .is_some_and(|l| l.exists() && !in_flight(l))
                })
                .collect();
            let busy = stack
                .resources
                .iter()
                .any(|r| in_flight(r) || r.change.as_ref().and_then(|c| c.leftover.as_ref()).is_some_and(in_flight));
            if deletes.is_empty() && leftovers.is_empty() {
                if !busy {
                    cleanup_finished(world, stack_id);
                }
                return false;
            }
            for i in leftovers {
                delete_leftover(world, stack_id, i);
            }
            for i in deletes {
                start_delete(world, stack_id, i);
            }
            true
        }
        _ => false,
    }
}

fn start_change(world: &mut World, stack_id: &str, i: usize) {
    let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else { return };
    let Some(c) = stack.resources[i].change.as_mut() else { return };
    c.started = true;
    match c.action {
        ChangeAction::Add => start_create(world, stack_id, i),
        ChangeAction::Modify => start_update(world, stack_id, i, false),
        ChangeAction::Replace => start_update(world, stack_id, i, true),
        ChangeAction::Remove => {}
    }
}

fn fail(world: &mut World, stack_id: &str, i: usize, reason: String) {
    let now = world.now();
    let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else { return };
    set_status(stack, i, ResourceStatus::UpdateFailed, Some(reason), now);
    let id = stack.resources[i].logical_id.clone();
    stack.failed.push(id);
}

/// An in-place update, or a replacement (the new physical resource is created first).
fn start_update(world: &mut World, stack_id: &str, i: usize, replace: bool) {
    let now = world.now();
    let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else { return };
    let reason = replace
        .then(|| "Requested update requires the creation of a new physical resource; hence creating one.".to_string());
    set_status(stack, i, ResourceStatus::UpdateInProgress, reason, now);
    let r = &stack.resources[i];
    let (logical_id, resource_type) = (r.logical_id.clone(), r.resource_type.clone());
    let Some(provider) = providers::provider(&resource_type) else {
        return fail(
            world,
            stack_id,
            i,
            format!("Template format error: Unrecognized resource types: [{resource_type}]"),
        );
    };
    let mut duration = if replace { provider.create_time() } else { provider.update_time() };
    if r.inject_failure.is_some() {
        let r = &mut stack.resources[i];
        r.epoch += 1;
        let epoch = r.epoch;
        schedule(world, duration, Job::ResourceUpdated { stack_id: stack_id.into(), logical_id, epoch });
        return;
    }
    let template = match parsed(stack) {
        Ok(t) => t,
        Err(message) => return fail(world, stack_id, i, message),
    };
    let props = match resolve(world, stack_id, &template, &logical_id) {
        Ok(p) => p,
        Err(e) => return fail(world, stack_id, i, e.message),
    };
    // The new resource of a replacement waits for its CreationPolicy's signals, as on create.
    let wait = if replace {
        match super::jobs::creation_policy(world, stack_id, &template, &logical_id)
            .and_then(|p| super::signals::wait_for(&resource_type, &logical_id, p.as_ref(), &props))
        {
            Ok(w) => w.filter(|w| w.kind == super::signals::WaitKind::CreationPolicy),
            Err(reason) => return fail(world, stack_id, i, reason),
        }
    } else {
        None
    };
    let stack = &world.cloudformation.stacks[stack_id];
    let r = &stack.resources[i];
    let owner = Owner::of(stack);
    let result = if replace {
        // A custom name that stays the same cannot be given to a second resource.
        let old_props = r.change.as_ref().and_then(|c| c.old.as_ref()).map(|o| o.properties.clone());
        let same_name = provider.name_property().and_then(|key| {
            let new = props.get(key).and_then(providers::text)?;
            let old = old_props.as_ref()?.get(key).and_then(providers::text)?;
            (new == old).then_some(new)
        });
        if let Some(name) = same_name {
            return fail(
                world,
                stack_id,
                i,
                format!(
                    "CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename \
                     {name} and update the stack again."
                ),
            );
        }
        provider.create(world, &owner.cx(&logical_id), &props)
    } else {
        let physical = r.physical_id.clone().unwrap_or_default();
        duration = provider.update_time_for(world, &physical, &props);
        provider.update(world, &owner.cx(&logical_id), &physical, &props)
    };
    match result {
        Err(reason) => fail(world, stack_id, i, reason),
        Ok(created) => {
            let now = world.now();
            let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else { return };
            let r = &mut stack.resources[i];
            r.physical_id = Some(created.physical_id);
            r.ref_value = Some(created.ref_value);
            r.attributes = created.attributes;
            r.properties = serde_json::Value::Object(props);
            r.epoch += 1;
            let epoch = r.epoch;
            let timeout = wait.as_ref().map(|w| w.timeout);
            r.wait = wait;
            r.signals.clear();
            if replace {
                set_status(stack, i, ResourceStatus::UpdateInProgress, Some("Resource creation Initiated".into()), now);
            } else {
                // An Auto Scaling group's UpdatePolicy may replace its instances first.
                match super::rolling::begin(world, stack_id, i, true) {
                    Ok(true) => return,
                    Ok(false) => {}
                    Err(reason) => return fail(world, stack_id, i, reason),
                }
            }
            if let Some(timeout) = timeout {
                let job = Job::SignalTimeout { stack_id: stack_id.into(), logical_id: logical_id.clone(), epoch };
                schedule(world, timeout, job);
            }
            schedule(world, duration, Job::ResourceUpdated { stack_id: stack_id.into(), logical_id, epoch });
        }
    }
}

/// The job of an update (or a rollback's revert) is done.
pub(crate) fn updated(
    world: &mut World,
    cx: &mut CallContext,
    stack_id: &str,
    logical_id: &str,
    epoch: u32,
) -> Result<(), ApiError> {
    cx.touch(stack_id.to_string());
    let now = world.now();
    let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else {
        cx.why("the stack no longer exists");
        return Ok(());
    };
    cx.region = stack.region.clone();
    let Some(i) = stack.resources.iter().position(|r| r.logical_id == logical_id) else {
        cx.why(format!("the stack has no resource {logical_id}"));
        return Ok(());
    };
    let r = &stack.resources[i];
    if r.epoch != epoch || r.status != Some(ResourceStatus::UpdateInProgress) {
        cx.why(format!("{logical_id} was cancelled or moved on before this job ran; nothing to do"));
        return Ok(());
    }
    match r.inject_failure.clone().filter(|_| stack.phase == Phase::Updating) {
        Some(reason) => {
            set_status(stack, i, ResourceStatus::UpdateFailed, Some(reason.clone()), now);
            stack.failed.push(logical_id.to_string());
            cx.why(format!("{logical_id} was marked to fail (Metadata Nimbus.Fail): {reason}"));
        }
        None if stack.phase == Phase::Updating && r.wait.as_ref().is_some_and(|w| !w.provisioned) => {
            // A replacement with a CreationPolicy: made, now it waits for its signals.
            let why = super::signals::provisioned(world, stack_id, i);
            cx.why(why);
            return Ok(());
        }
        None => {
            set_status(stack, i, ResourceStatus::UpdateComplete, None, now);
            cx.why(format!("{logical_id} finished updating"));
        }
    }
    super::jobs::drive(world, stack_id);
    Ok(())
}

/// Every change is made: recompute the outputs, then clean up.
fn progress_complete(world: &mut World, stack_id: &str) {
    match outputs(world, stack_id) {
        Ok(outs) => {
            let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else { return };
            stack.outputs = outs;
            stack.phase = Phase::UpdateCleanup;
            for r in &mut stack.resources {
                if let Some(c) = r.change.as_mut() {
                    if c.action == ChangeAction::Replace && !c.retain_old {
                        c.leftover = c.old.clone();
                    }
                }
            }
            set_stack_status(world, stack_id, StackStatus::UpdateCompleteCleanupInProgress, None);
        }
        Err(reason) => failed(world, stack_id, Some(reason)),
    }
}

/// CancelUpdateStack: what is in flight is cancelled and the update rolls back, with the
/// stack's reason `User Initiated`.
pub(crate) fn cancel(world: &mut World, stack_id: &str) {
    roll_back(world, stack_id, None, true);
    super::jobs::drive(world, stack_id);
}

/// A change failed: cancel what is in flight, restore the old template and roll back.
fn failed(world: &mut World, stack_id: &str, extra_reason: Option<String>) {
    roll_back(world, stack_id, extra_reason, false);
}

fn roll_back(world: &mut World, stack_id: &str, extra_reason: Option<String>, by_user: bool) {
    let now = world.now();
    let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else { return };
    for i in 0..stack.resources.len() {
        let (status, reason) = match stack.resources[i].status {
            Some(ResourceStatus::CreateInProgress) => (ResourceStatus::CreateFailed, "Resource creation cancelled"),
            Some(ResourceStatus::UpdateInProgress) => (ResourceStatus::UpdateFailed, "Resource update cancelled"),
            _ => continue,
        };
        stack.resources[i].epoch += 1;
        set_status(stack, i, status, Some(reason.into()), now);
        let id = stack.resources[i].logical_id.clone();
        stack.failed.push(id);
    }
    let failed = std::mem::take(&mut stack.failed);
    let of = |status: ResourceStatus| -> Vec<String> {
        failed.iter().filter(|id| stack.resource(id).is_some_and(|r| r.status == Some(status))).cloned().collect()
    };
    let (created, updated) = (of(ResourceStatus::CreateFailed), of(ResourceStatus::UpdateFailed));
    let mut reason = extra_reason.map(|r| format!("{r} ")).unwrap_or_default();
    if !created.is_empty() {
        reason.push_str(&format!("The following resource(s) failed to create: [{}]. ", created.join(", ")));
    }
    if !updated.is_empty() {
        reason.push_str(&format!("The following resource(s) failed to update: [{}]. ", updated.join(", ")));
    }
    if by_user {
        reason = "User Initiated".into();
    }
    if let Some(before) = stack.before.as_deref() {
        stack.template_body = before.template_body.clone();
        stack.description = before.description.clone();
        stack.parameters = before.parameters.clone();
        stack.resolved = before.resolved.clone();
        stack.no_echo = before.no_echo.clone();
        stack.conditions = before.conditions.clone();
        stack.imports = before.imports.clone();
        stack.outputs = before.outputs.clone();
        stack.cache = TemplateCache(None);
    }
    stack.phase = Phase::UpdateRollingBack;
    set_stack_status(world, stack_id, StackStatus::UpdateRollbackInProgress, Some(reason));
}

/// Puts a changed resource back: the old properties again in place, or the old physical
/// resource again after a replacement (the new one is deleted in the cleanup).
fn revert(world: &mut World, stack_id: &str, i: usize) {
    let now = world.now();
    let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else { return };
    let Some(mut change) = stack.resources[i].change.take() else { return };
    change.rolled_back = true;
    let Some(old) = change.old.clone() else {
        stack.resources[i].change = Some(change);
        return;
    };
    let current = std::mem::replace(&mut stack.resources[i], old.clone());
    let r = &mut stack.resources[i];
    r.epoch = current.epoch + 1;
    let epoch = r.epoch;
    let logical_id = r.logical_id.clone();
    if change.action == ChangeAction::Replace {
        if current.physical_id.is_some() && current.physical_id != old.physical_id {
            let mut leftover = current;
            leftover.change = None;
            leftover.status = Some(ResourceStatus::UpdateComplete);
            change.leftover = Some(leftover);
        }
        stack.resources[i].change = Some(change);
        set_status(stack, i, ResourceStatus::UpdateInProgress, None, now);
        schedule(world, SimDuration::seconds(1), Job::ResourceUpdated { stack_id: stack_id.into(), logical_id, epoch });
        return;
    }
    stack.resources[i].change = Some(change);
    set_status(stack, i, ResourceStatus::UpdateInProgress, None, now);
    let provider = providers::provider(&old.resource_type);
    let physical = old.physical_id.clone().unwrap_or_default();
    let props = old.properties.as_object().cloned().unwrap_or_default();
    let owner = Owner::of(stack);
    // The old properties were accepted once; the stack records them again whatever the
    // service answers now.
    let duration = match provider {
        Some(p) => match (
            p.update_time_for(world, &physical, &props),
            p.update(world, &owner.cx(&logical_id), &physical, &props),
        ) {
            // A group rolls its instances back to the old launch configuration first.
            (_, Ok(_)) if super::rolling::begin(world, stack_id, i, false).unwrap_or(false) => return,
            (time, Ok(_)) => time,
            // The old resource cannot be put back (say it was deleted by hand): the rollback
            // fails, and ContinueUpdateRollback can skip it.
            (_, Err(reason)) => {
                let now = world.now();
                let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else { return };
                set_status(stack, i, ResourceStatus::UpdateFailed, Some(reason), now);
                stack.failed.push(logical_id);
                return;
            }
        },
        None => SimDuration::seconds(1),
    };
    schedule(world, duration, Job::ResourceUpdated { stack_id: stack_id.into(), logical_id, epoch });
}

/// ContinueUpdateRollback: the resources in `skip` count as rolled back (UPDATE_COMPLETE, the
/// stack no longer tracks what they really are); the others are tried again.
pub(crate) fn continue_rollback(world: &mut World, stack_id: &str, skip: &[String]) {
    let now = world.now();
    let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else { return };
    for id in std::mem::take(&mut stack.failed) {
        let Some(i) = stack.resources.iter().position(|r| r.logical_id == id) else { continue };
        if skip.contains(&id) {
            set_status(stack, i, ResourceStatus::UpdateComplete, None, now);
        } else if let Some(c) = stack.resources[i].change.as_mut() {
            c.rolled_back = false;
        }
    }
    stack.phase = Phase::UpdateRollingBack;
    set_stack_status(world, stack_id, StackStatus::UpdateRollbackInProgress, None);
    super::jobs::drive(world, stack_id);
}

fn delete_leftover(world: &mut World, stack_id: &str, i: usize) {
    let now = world.now();
    let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else { return };
    let Some(leftover) = stack.resources[i].change.as_mut().and_then(|c| c.leftover.as_mut()) else { return };
    leftover.status = Some(ResourceStatus::DeleteInProgress);
    leftover.epoch += 1;
    let (logical_id, physical, rtype, epoch) =
        (leftover.logical_id.clone(), leftover.physical_id.clone(), leftover.resource_type.clone(), leftover.epoch);
    let properties = leftover.properties.clone();
    push_event(stack, &logical_id, physical.clone(), &rtype, ResourceStatus::DeleteInProgress, None, now);
    let owner = Owner::of(stack);
    let provider = providers::provider(&rtype);
    let result = match provider {
        Some(p) => {
            let cx = ProvisionCx { properties: Some(&properties), ..owner.cx(&logical_id) };
            p.delete(world, &cx, physical.as_deref().unwrap_or_default())
        }
        None => Ok(()),
    };
    let duration = provider.map_or(SimDuration::seconds(1), |p| p.delete_time());
    match result {
        Ok(()) => schedule(world, duration, Job::LeftoverDeleted { stack_id: stack_id.into(), logical_id, epoch }),
        Err(reason) => {
            let now = world.now();
            let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else { return };
            if let Some(l) = stack.resources[i].change.as_mut().and_then(|c| c.leftover.as_mut()) {
                l.status = Some(ResourceStatus::DeleteFailed);
            }
            push_event(stack, &logical_id, physical, &rtype, ResourceStatus::DeleteFailed, Some(reason), now);
        }
    }
}

pub(crate) fn leftover_deleted(
    world: &mut World,
    cx: &mut CallContext,
    stack_id: &str,
    logical_id: &str,
    epoch: u32,
) -> Result<(), ApiError> {
    cx.touch(stack_id.to_string());
    let now = world.now();
    let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else {
        cx.why("the stack no longer exists");
        return Ok(());
    };
    cx.region = stack.region.clone();
    let leftover = stack
        .resources
        .iter_mut()
        .find(|r| r.logical_id == logical_id)
        .and_then(|r| r.change.as_mut())
        .and_then(|c| c.leftover.as_mut())
        .filter(|l| l.epoch == epoch && l.status == Some(ResourceStatus::DeleteInProgress));
    let Some(leftover) = leftover else {
        cx.why(format!("the old {logical_id} was moved on before this job ran; nothing to do"));
        return Ok(());
    };
    leftover.status = Some(ResourceStatus::DeleteComplete);
    let (physical, rtype) = (leftover.physical_id.clone(), leftover.resource_type.clone());
    push_event(stack, logical_id, physical, &rtype, ResourceStatus::DeleteComplete, None, now);
    cx.why(format!("the replaced physical resource of {logical_id} is deleted"));
    super::jobs::drive(world, stack_id);
    Ok(())
}

/// The cleanup is over: the update (or its rollback) is complete.
fn cleanup_finished(world: &mut World, stack_id: &str) {
    let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else { return };
    let forward = stack.phase == Phase::UpdateCleanup;
    let goes = if forward { ChangeAction::Remove } else { ChangeAction::Add };
    stack.resources.retain(|r| action(r) != Some(goes));
    for r in &mut stack.resources {
        r.change = None;
    }
    if let Some(before) = stack.before.take() {
        if !forward {
            let pos = |id: &str| before.order.iter().position(|o| o == id).unwrap_or(usize::MAX);
            crate::sort::sort_by_key(&mut stack.resources, |r| pos(&r.logical_id));
        }
    }
    stack.phase = Phase::Idle;
    stack.failed.clear();
    let executing = stack.executing.take();
    if let Some(cs) = executing.and_then(|id| world.cloudformation.change_sets.get_mut(&id)) {
        cs.execution_status = if forward { "EXECUTE_COMPLETE" } else { "EXECUTE_FAILED" }.into();
    }
    let status = if forward { StackStatus::UpdateComplete } else { StackStatus::UpdateRollbackComplete };
    set_stack_status(world, stack_id, status, None);
}
