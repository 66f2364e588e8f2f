//! Change sets: CreateChangeSet, DescribeChangeSet, ListChangeSets, ExecuteChangeSet,
//! DeleteChangeSet. A change set shows what an update would do (from `diff.rs`) before it runs;
//! executing it runs the update as UpdateStack does, and the stack's other change sets are
//! deleted (as on AWS: they no longer apply). A CREATE change set makes a stack that waits in REVIEW_IN_PROGRESS.

use super::diff::diff;
use super::stacks::{begin_update, new_resource, param_texts, summarize, UPDATABLE};
use super::validate::{body_of, prepare};
use super::*;
use crate::ids;
use crate::services::cloudformation::jobs::{self, set_stack_status};
use crate::services::cloudformation::template::intrinsics::Pseudo;
use crate::time::SimDuration;
use crate::world::{CallContext, World, ACCOUNT_ID};

const EMPTY_REASON: &str =
    "The submitted information didn't contain changes. Submit different information to create a change set.";

fn not_found(name: &str) -> ApiError {
    ApiError::not_found("ChangeSetNotFound", format!("ChangeSet [{name}] does not exist"))
}

fn invalid_status(message: String) -> ApiError {
    ApiError::bad_request("InvalidChangeSetStatus", message)
}

/// The change set a call names: by id, or by name within the named stack.
/// The id of the change set a request names (by id, or by name with its stack), touched in the
/// trail; the AWS error when there is none.
fn change_set_id(world: &World, cx: &mut CallContext, name: &str, stack: Option<&str>) -> Result<String, ApiError> {
    let Some(id) = find_change_set(world, &cx.region, name, stack) else {
        cx.why("no such change set (by name, give the stack too; executed or deleted ones are gone)");
        return Err(not_found(name));
    };
    cx.touch(id.clone());
    Ok(id)
}

fn find_change_set(world: &World, region: &str, name: &str, stack: Option<&str>) -> Option<String> {
    if world.cloudformation.change_sets.contains_key(name) {
        return Some(name.to_string());
    }
    let stack_id = world.cloudformation.find_id(stack?, region)?;
    world.cloudformation.change_sets.values().find(|c| c.stack_id == stack_id && c.name == name).map(|c| c.id.clone())
}

// ---------------------------------------------------------------- CreateChangeSet

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateChangeSetRequest {
    pub stack_name: String,
    pub change_set_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_body: Option<String>,
    #[serde(default, rename = "TemplateURL", skip_serializing_if = "Option::is_none")]
    pub template_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_previous_template: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capabilities: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `UPDATE` (the default) or `CREATE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_set_type: Option<String>,
    /// The stack's tags once the change set is executed (a CREATE change set's new stack).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateChangeSetOutput {
    pub id: String,
    pub stack_id: String,
}

pub fn create_change_set(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateChangeSetRequest,
) -> Result<CreateChangeSetOutput, ApiError> {
    let region = cx.region.clone();
    let name = input.change_set_name.clone();
    let ok = name.len() <= 128
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !ok {
        cx.why("a change set name starts with a letter and has only letters, digits and hyphens (at most 128)");
        return Err(validation(format!(
            "1 validation error detected: Value '{name}' at 'changeSetName' failed to satisfy constraint: Member must \
             satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*"
        )));
    }
    super::stacks::check_tag_count(cx, &input.tags)?;
    let kind = input.change_set_type.clone().unwrap_or_else(|| "UPDATE".into());
    let existing = world.cloudformation.find(&input.stack_name, &region).cloned();
    let creating = match (kind.as_str(), &existing) {
        ("UPDATE", None) => {
            cx.why("an UPDATE change set is for a stack that exists; use ChangeSetType CREATE for a new stack");
            return Err(validation(format!("Stack [{}] does not exist", input.stack_name)));
        }
        ("UPDATE", Some(s)) if !UPDATABLE.contains(&s.status) => {
            cx.why(format!("a stack in {} cannot be updated", s.status.as_str()));
            return Err(validation(format!(
                "Stack:{} is in {} state and can not be updated.",
                s.id,
                s.status.as_str()
            )));
        }
        ("UPDATE", Some(_)) => false,
        ("CREATE", Some(s)) if s.status != StackStatus::ReviewInProgress => {
            cx.why("a CREATE change set makes a new stack; this one exists, so use ChangeSetType UPDATE");
            return Err(validation(format!(
                "Stack [{}] already exists and cannot be created again with the changeSet [{name}].",
                s.name
            )));
        }
        ("CREATE", _) => true,
        (other, _) => {
            cx.why("ChangeSetType is CREATE or UPDATE (IMPORT is not simulated)");
            return Err(validation(format!(
                "1 validation error detected: Value '{other}' at 'changeSetType' failed to satisfy constraint: Member \
                 must satisfy enum value set: [IMPORT, UPDATE, CREATE]"
            )));
        }
    };
    if let Some(s) = &existing {
        if world.cloudformation.change_sets.values().any(|c| c.stack_id == s.id && c.name == name) {
            cx.why(format!("stack '{}' already has a change set named '{name}'", s.name));
            return Err(ApiError::bad_request("AlreadyExistsException", format!("ChangeSet [{name}] already exists")));
        }
    }
    let previous = input.use_previous_template.unwrap_or(false);
    let body = match (&existing, previous) {
        (Some(s), true) if !creating => s.template_body.clone(),
        _ => body_of(cx, input.template_body.as_deref(), input.template_url.as_deref())?.to_string(),
    };
    let mut given = Vec::new();
    for p in &input.parameters {
        if p.use_previous_value == Some(true) && p.parameter_value.as_deref().is_none_or(str::is_empty) {
            let old = existing
                .as_ref()
                .and_then(|s| s.parameters.iter().find(|(k, _)| k == &p.parameter_key).map(|(_, v)| v.clone()));
            given.push(Parameter {
                parameter_key: p.parameter_key.clone(),
                parameter_value: old,
                use_previous_value: None,
                resolved_value: None,
            });
        } else {
            given.push(p.clone());
        }
    }
    let stack_name = existing.as_ref().map_or(input.stack_name.clone(), |s| s.name.clone());
    if creating && existing.is_none() {
        super::stacks::check_stack_name(cx, &stack_name)?;
    }
    let stack_id = existing.as_ref().map(|s| s.id.clone()).unwrap_or_else(|| {
        format!("arn:aws:cloudformation:{region}:{ACCOUNT_ID}:stack/{stack_name}/{}", ids::uuid(world.rng()))
    });
    cx.touch(stack_id.clone());
    let pseudo = Pseudo {
        account_id: ACCOUNT_ID.into(),
        region: region.clone(),
        stack_id: stack_id.clone(),
        stack_name: stack_name.clone(),
        notification_arns: existing.as_ref().map(|s| s.notification_arns.clone()).unwrap_or_default(),
    };
    let prepared = prepare(world, cx, &body, &given, &input.capabilities, &pseudo)?;
    if let Some(reason) = super::validate::missing_parameter_value(world, &region, &prepared.template, &prepared.params)
    {
        cx.why(reason.clone());
        return Err(validation(reason));
    }
    let parameters = param_texts(&prepared);
    let (changes, empty) = match &existing {
        Some(s) if !creating => {
            let changes = diff(world, s, &prepared).map_err(validation)?;
            let empty = changes.is_empty() && body == s.template_body && parameters == s.parameters;
            (changes, empty)
        }
        _ => {
            let now = world.now();
            let stub = Stack { resources: Vec::new(), ..review_stack(&stack_id, &stack_name, &region, now) };
            (diff(world, &stub, &prepared).map_err(validation)?, false)
        }
    };
    if existing.is_none() {
        let now = world.now();
        world.cloudformation.order.push(stack_id.clone());
        world.cloudformation.stacks.insert(stack_id.clone(), review_stack(&stack_id, &stack_name, &region, now));
        set_stack_status(world, &stack_id, StackStatus::ReviewInProgress, Some("User Initiated".into()));
    }
    let id = format!("arn:aws:cloudformation:{region}:{ACCOUNT_ID}:changeSet/{name}/{}", ids::uuid(world.rng()));
    cx.touch(id.clone());
    let summary = summarize(&changes);
    let change_set = ChangeSet {
        id: id.clone(),
        name,
        stack_id: stack_id.clone(),
        stack_name,
        region,
        description: input.description,
        change_set_type: kind,
        status: "CREATE_PENDING".into(),
        status_reason: None,
        execution_status: "UNAVAILABLE".into(),
        creation_time: world.now(),
        template_body: body,
        parameters,
        capabilities: input.capabilities,
        changes: changes.into_iter().map(|(_, c)| c).collect(),
        empty,
        tags: input.tags.iter().map(|t| (t.key.clone(), t.value.clone())).collect(),
    };
    world.cloudformation.change_set_order.push(id.clone());
    world.cloudformation.change_sets.insert(id.clone(), change_set);
    jobs::schedule(world, SimDuration::seconds(1), jobs::Job::ChangeSetStep { change_set_id: id.clone() });
    cx.why(format!(
        "the change set is being computed ({summary}); it is CREATE_COMPLETE in a few seconds on the clock"
    ));
    Ok(CreateChangeSetOutput { id, stack_id })
}

/// A stack made by a CREATE change set: no template and no resources until it is executed.
fn review_stack(id: &str, name: &str, region: &str, now: SimTime) -> Stack {
    Stack {
        id: id.into(),
        name: name.into(),
        region: region.into(),
        description: None,
        template_body: String::new(),
        parameters: Vec::new(),
        no_echo: Vec::new(),
        capabilities: Vec::new(),
        tags: Vec::new(),
        status: StackStatus::ReviewInProgress,
        status_reason: None,
        phase: Phase::Idle,
        on_failure: OnFailure::Rollback,
        disable_rollback: false,
        creation_time: now,
        last_updated: None,
        deletion_time: None,
        resources: Vec::new(),
        events: Vec::new(),
        outputs: Vec::new(),
        retain: Vec::new(),
        failed: Vec::new(),
        notification_arns: Vec::new(),
        termination_protection: false,
        conditions: Default::default(),
        imports: Vec::new(),
        resolved: Vec::new(),
        before: None,
        executing: None,
        drift_detections: Vec::new(),
        cache: TemplateCache(None),
    }
}

/// A change set's next status on the clock: CREATE_PENDING, CREATE_IN_PROGRESS, then
/// CREATE_COMPLETE (AVAILABLE) or FAILED when nothing would change.
pub(crate) fn change_set_step(world: &mut World, cx: &mut CallContext, id: &str) {
    cx.touch(id.to_string());
    let Some(cs) = world.cloudformation.change_sets.get_mut(id) else {
        cx.why("the change set was deleted");
        return;
    };
    match cs.status.as_str() {
        "CREATE_PENDING" => {
            cs.status = "CREATE_IN_PROGRESS".into();
            cx.why("the change set is being computed");
            jobs::schedule(world, SimDuration::seconds(2), jobs::Job::ChangeSetStep { change_set_id: id.into() });
        }
        "CREATE_IN_PROGRESS" if cs.empty => {
            cs.status = "FAILED".into();
            cs.status_reason = Some(EMPTY_REASON.into());
            cx.why("the change set changes nothing, so it fails");
        }
        "CREATE_IN_PROGRESS" => {
            cs.status = "CREATE_COMPLETE".into();
            if cs.execution_status == "UNAVAILABLE" {
                cs.execution_status = "AVAILABLE".into();
            }
            cx.why(format!("the change set is ready: {} change(s)", cs.changes.len()));
        }
        _ => cx.why("the change set has moved on"),
    }
}

// ---------------------------------------------------------------- DescribeChangeSet

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeChangeSetRequest {
    pub change_set_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stack_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceTargetDefinition {
    pub attribute: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub requires_recreation: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceChangeDetail {
    pub target: ResourceTargetDefinition,
    pub evaluation: String,
    pub change_source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub causing_entity: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceChange {
    pub action: String,
    pub logical_resource_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub physical_resource_id: Option<String>,
    pub resource_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replacement: Option<String>,
    pub scope: Vec<String>,
    pub details: Vec<ResourceChangeDetail>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChangeEntry {
    /// Always `Resource`.
    #[serde(rename = "Type")]
    pub change_type: String,
    pub resource_change: ResourceChange,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeChangeSetOutput {
    pub change_set_name: String,
    pub change_set_id: String,
    pub stack_id: String,
    pub stack_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub parameters: Vec<Parameter>,
    pub creation_time: SimTime,
    pub execution_status: String,
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
    pub capabilities: Vec<String>,
    pub changes: Vec<ChangeEntry>,
}

pub fn describe_change_set(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeChangeSetRequest,
) -> Result<DescribeChangeSetOutput, ApiError> {
    let id = change_set_id(world, cx, &input.change_set_name, input.stack_name.as_deref())?;
    let cs = &world.cloudformation.change_sets[&id];
    cx.why(format!("change set '{}' is {} / {}", cs.name, cs.status, cs.execution_status));
    // Changes are listed once the change set is computed.
    let ready = cs.status == "CREATE_COMPLETE";
    Ok(DescribeChangeSetOutput {
        change_set_name: cs.name.clone(),
        change_set_id: cs.id.clone(),
        stack_id: cs.stack_id.clone(),
        stack_name: cs.stack_name.clone(),
        description: cs.description.clone(),
        parameters: cs.parameters.iter().map(|(k, v)| Parameter::new(k, v)).collect(),
        creation_time: cs.creation_time,
        execution_status: cs.execution_status.clone(),
        status: cs.status.clone(),
        status_reason: cs.status_reason.clone(),
        capabilities: cs.capabilities.clone(),
        changes: if !ready {
            Vec::new()
        } else {
            cs.changes
                .iter()
                .map(|c| ChangeEntry {
                    change_type: "Resource".into(),
                    resource_change: ResourceChange {
                        action: c.action.clone(),
                        logical_resource_id: c.logical_id.clone(),
                        physical_resource_id: c.physical_id.clone(),
                        resource_type: c.resource_type.clone(),
                        replacement: c.replacement.clone(),
                        scope: c.scope.clone(),
                        details: c
                            .details
                            .iter()
                            .map(|d| ResourceChangeDetail {
                                target: ResourceTargetDefinition {
                                    attribute: d.attribute.clone(),
                                    name: d.name.clone(),
                                    requires_recreation: d.requires_recreation.clone(),
                                },
                                evaluation: d.evaluation.clone(),
                                change_source: d.change_source.clone(),
                                causing_entity: d.causing_entity.clone(),
                            })
                            .collect(),
                    },
                })
                .collect()
        },
    })
}

// ---------------------------------------------------------------- ListChangeSets

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListChangeSetsRequest {
    pub stack_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChangeSetSummary {
    pub stack_id: String,
    pub stack_name: String,
    pub change_set_id: String,
    pub change_set_name: String,
    pub execution_status: String,
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
    pub creation_time: SimTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListChangeSetsOutput {
    pub summaries: Vec<ChangeSetSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

pub fn list_change_sets(
    world: &mut World,
    cx: &mut CallContext,
    input: ListChangeSetsRequest,
) -> Result<ListChangeSetsOutput, ApiError> {
    let region = cx.region.clone();
    let Some(stack) = world.cloudformation.find(&input.stack_name, &region) else {
        cx.why(format!("no live stack named '{}' in {region}", input.stack_name));
        return Err(validation(format!("Stack [{}] does not exist", input.stack_name)));
    };
    cx.touch(stack.id.clone());
    let summaries: Vec<ChangeSetSummary> = world
        .cloudformation
        .change_set_order
        .iter()
        .filter_map(|id| world.cloudformation.change_sets.get(id))
        .filter(|c| c.stack_id == stack.id)
        .map(|c| ChangeSetSummary {
            stack_id: c.stack_id.clone(),
            stack_name: c.stack_name.clone(),
            change_set_id: c.id.clone(),
            change_set_name: c.name.clone(),
            execution_status: c.execution_status.clone(),
            status: c.status.clone(),
            status_reason: c.status_reason.clone(),
            creation_time: c.creation_time,
            description: c.description.clone(),
        })
        .collect();
    cx.why(format!("{} change set(s) for stack '{}'", summaries.len(), stack.name));
    Ok(ListChangeSetsOutput { summaries, next_token: None })
}

// ---------------------------------------------------------------- ExecuteChangeSet

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ExecuteChangeSetRequest {
    pub change_set_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stack_name: Option<String>,
}

pub fn execute_change_set(
    world: &mut World,
    cx: &mut CallContext,
    input: ExecuteChangeSetRequest,
) -> Result<EmptyOutput, ApiError> {
    let id = change_set_id(world, cx, &input.change_set_name, input.stack_name.as_deref())?;
    let cs = world.cloudformation.change_sets[&id].clone();
    if cs.status != "CREATE_COMPLETE" || cs.execution_status != "AVAILABLE" {
        cx.why(format!(
            "only a CREATE_COMPLETE change set with execution status AVAILABLE can run; this one is {} / {}",
            cs.status, cs.execution_status
        ));
        return Err(invalid_status(format!(
            "ChangeSet [{}] cannot be executed in its current execution status of [{}]",
            cs.id, cs.execution_status
        )));
    }
    let Some(stack) = world.cloudformation.stacks.get(&cs.stack_id).cloned() else {
        return Err(not_found(&input.change_set_name));
    };
    let creating = cs.change_set_type == "CREATE";
    let allowed =
        if creating { stack.status == StackStatus::ReviewInProgress } else { UPDATABLE.contains(&stack.status) };
    if !allowed {
        cx.why(format!("the stack is {}; the change set cannot run now", stack.status.as_str()));
        return Err(invalid_status(format!(
            "ChangeSet [{}] cannot be executed in its current status of [{}]",
            cs.id,
            stack.status.as_str()
        )));
    }
    let given: Vec<Parameter> = cs.parameters.iter().map(|(k, v)| Parameter::new(k, v)).collect();
    let pseudo = jobs::pseudo(&stack);
    let prepared = prepare(world, cx, &cs.template_body, &given, &cs.capabilities, &pseudo)?;
    if let Some(c) = world.cloudformation.change_sets.get_mut(&id) {
        c.execution_status = "EXECUTE_IN_PROGRESS".into();
    }
    if creating {
        let now = world.now();
        let t = prepared.template.clone();
        let parameters = param_texts(&prepared);
        let s = world.cloudformation.stacks.get_mut(&cs.stack_id).expect("found above");
        s.resources = prepared.plan.resources.iter().map(|p| new_resource(&t, p, now)).collect();
        s.template_body = cs.template_body.clone();
        s.description = t.description.clone();
        s.parameters = parameters;
        s.resolved = prepared.ssm.iter().map(|(k, _, v)| (k.clone(), v.clone())).collect();
        s.no_echo = t.parameters.iter().filter(|p| p.no_echo).map(|p| p.name.clone()).collect();
        s.capabilities = cs.capabilities.clone();
        s.tags = cs.tags.clone();
        s.conditions = prepared.conditions;
        s.imports = prepared.imports;
        s.cache = TemplateCache(Some(t));
        s.phase = Phase::Creating;
        s.executing = Some(id.clone());
        // AWS deletes a stack's other change sets once one is executed: they no longer apply.
        world.cloudformation.change_sets.retain(|_, other| other.stack_id != cs.stack_id || other.id == id);
        set_stack_status(world, &cs.stack_id, StackStatus::CreateInProgress, Some("User Initiated".into()));
        jobs::drive(world, &cs.stack_id);
        cx.why("the stack is being created from the change set; advance the clock to see it");
        return Ok(EmptyOutput {});
    }
    let changes = diff(world, &stack, &prepared).map_err(validation)?;
    let summary = summarize(&changes);
    if !cs.tags.is_empty() {
        // New stack tags reach the resources this update changes.
        if let Some(s) = world.cloudformation.stacks.get_mut(&cs.stack_id) {
            s.tags = cs.tags.clone();
        }
    }
    begin_update(world, &cs.stack_id, cs.template_body.clone(), prepared, &changes, cs.capabilities.clone(), Some(id));
    cx.why(format!("the stack is being updated from the change set ({summary}); its other change sets are deleted, as they no longer apply"));
    Ok(EmptyOutput {})
}

// ---------------------------------------------------------------- DeleteChangeSet

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteChangeSetRequest {
    pub change_set_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stack_name: Option<String>,
}

pub fn delete_change_set(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteChangeSetRequest,
) -> Result<EmptyOutput, ApiError> {
    let id = change_set_id(world, cx, &input.change_set_name, input.stack_name.as_deref())?;
    let cs = &world.cloudformation.change_sets[&id];
    if cs.execution_status == "EXECUTE_IN_PROGRESS" {
        cx.why("a change set cannot be deleted while it runs");
        return Err(invalid_status(format!(
            "Cannot delete ChangeSet [{}] while its execution status is EXECUTE_IN_PROGRESS",
            cs.id
        )));
    }
    world.cloudformation.change_sets.remove(&id);
    world.cloudformation.change_set_order.retain(|c| c != &id);
    cx.why("the change set is deleted; the stack is unchanged");
    Ok(EmptyOutput {})
}
