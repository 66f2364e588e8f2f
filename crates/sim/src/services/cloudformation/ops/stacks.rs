//! The stack lifecycle: CreateStack, UpdateStack, DeleteStack, DescribeStacks, ListStacks.

use super::diff::diff;
use super::validate::{body_of, prepare, Prepared};
use super::*;
use crate::ids;
use crate::services::cloudformation::jobs::{self, set_stack_status};
use crate::services::cloudformation::template::intrinsics::Pseudo;
use crate::services::cloudformation::template::ParamValue;
use crate::world::{CallContext, World, ACCOUNT_ID};
use std::collections::BTreeMap;

// ---------------------------------------------------------------- CreateStack

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateStackRequest {
    pub stack_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_body: Option<String>,
    #[serde(default, rename = "TemplateURL", skip_serializing_if = "Option::is_none")]
    pub template_url: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_rollback: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_in_minutes: Option<i64>,
    #[serde(default, rename = "NotificationARNs", skip_serializing_if = "Vec::is_empty")]
    pub notification_arns: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capabilities: Vec<String>,
    /// `ROLLBACK` (the default), `DO_NOTHING` or `DELETE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_failure: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_termination_protection: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateStackOutput {
    pub stack_id: String,
}

const CAPABILITIES: &[&str] = &["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"];

pub(crate) fn check_stack_name(cx: &mut CallContext, name: &str) -> Result<(), ApiError> {
    let ok = name.len() <= MAX_STACK_NAME
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if ok {
        return Ok(());
    }
    cx.why("a stack name starts with a letter, has only letters, digits and hyphens, and is at most 128 characters");
    Err(validation(format!(
        "1 validation error detected: Value '{name}' at 'stackName' failed to satisfy constraint: Member must satisfy \
         regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*"
    )))
}

/// `Metadata: {Nimbus: {Fail: true, Reason: "…"}}` marks a resource to fail when created.
pub(crate) fn injected_failure(metadata: Option<&crate::services::cloudformation::template::Node>) -> Option<String> {
    let nimbus = metadata?.get("Nimbus")?;
    let fail = nimbus.get("Fail")?.as_str()?;
    if !fail.eq_ignore_ascii_case("true") {
        return None;
    }
    Some(nimbus.get("Reason").and_then(|r| r.as_str()).map(str::to_string).unwrap_or_else(|| {
        "Resource handler returned message: \"Failure injected by Nimbus Lab (Metadata Nimbus.Fail)\"".into()
    }))
}

/// A resource of the template, not yet started.
pub(crate) fn new_resource(
    t: &crate::services::cloudformation::template::Template,
    p: &crate::services::cloudformation::template::PlannedResource,
    now: SimTime,
) -> StackResource {
    let def = t.resource(&p.logical_id);
    StackResource {
        logical_id: p.logical_id.clone(),
        resource_type: p.resource_type.clone(),
        status: None,
        reason: None,
        physical_id: None,
        ref_value: None,
        attributes: BTreeMap::new(),
        properties: serde_json::Value::Null,
        deps: p.deps.clone(),
        wave: p.wave,
        deletion_policy: def.map_or(DeletionPolicy::Delete, |d| d.deletion_policy),
        updated: now,
        inject_failure: injected_failure(def.and_then(|d| d.metadata.as_ref())),
        epoch: 0,
        change: None,
        wait: None,
        signals: Vec::new(),
        rolling: None,
    }
}

/// Parameter values as the stack keeps them (lists joined with commas).
pub(crate) fn param_texts(prepared: &Prepared) -> Vec<(String, String)> {
    prepared
        .params
        .iter()
        .map(|(k, v)| {
            // SSM parameter types keep the parameter's name; its value is in `resolved`.
            if let Some((_, name, _)) = prepared.ssm.iter().find(|(key, _, _)| key == k) {
                return (k.clone(), name.clone());
            }
            let text = match v {
                ParamValue::Str(s) => s.clone(),
                ParamValue::List(l) => l.join(","),
            };
            (k.clone(), text)
        })
        .collect()
}

pub fn create_stack(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateStackRequest,
) -> Result<CreateStackOutput, ApiError> {
    let region = cx.region.clone();
    let name = input.stack_name.clone();
    check_stack_name(cx, &name)?;
    let body = body_of(cx, input.template_body.as_deref(), input.template_url.as_deref())?.to_string();
    if let Some(existing) = world.cloudformation.find(&name, &region) {
        cx.touch(existing.id.clone());
        cx.why(format!(
            "a stack named '{name}' already exists in {region} ({}); delete it first, or pick another name",
            existing.status.as_str()
        ));
        return Err(ApiError::bad_request("AlreadyExistsException", format!("Stack [{name}] already exists")));
    }
    let on_failure = match (input.on_failure.as_deref(), input.disable_rollback) {
        (Some(_), Some(_)) => {
            cx.why("OnFailure and DisableRollback say the same thing two ways; give one");
            return Err(validation("You cannot specify both DisableRollback and OnFailure."));
        }
        (None | Some("ROLLBACK"), _) => OnFailure::Rollback,
        (Some("DO_NOTHING"), _) => OnFailure::DoNothing,
        (Some("DELETE"), _) => OnFailure::Delete,
        (Some(other), _) => {
            cx.why("OnFailure is ROLLBACK, DO_NOTHING or DELETE");
            return Err(validation(format!(
                "1 validation error detected: Value '{other}' at 'onFailure' failed to satisfy constraint: Member must \
                 satisfy enum value set: [DO_NOTHING, ROLLBACK, DELETE]"
            )));
        }
    };
    if let Some(bad) = input.capabilities.iter().find(|c| !CAPABILITIES.contains(&c.as_str())) {
        cx.why("capabilities are CAPABILITY_IAM, CAPABILITY_NAMED_IAM and CAPABILITY_AUTO_EXPAND");
        return Err(validation(format!(
            "1 validation error detected: Value '[{bad}]' at 'capabilities' failed to satisfy constraint: Member must \
             satisfy constraint: [Member must satisfy enum value set: [CAPABILITY_AUTO_EXPAND, CAPABILITY_NAMED_IAM, \
             CAPABILITY_IAM]]"
        )));
    }
    check_tag_count(cx, &input.tags)?;
    if input.timeout_in_minutes.is_some_and(|t| t < 1) {
        cx.why("TimeoutInMinutes is at least 1");
        return Err(validation(
            "1 validation error detected: Value at 'timeoutInMinutes' failed to satisfy constraint: Member must have value \
             greater than or equal to 1",
        ));
    }
    let live = world.cloudformation.in_region(&region).filter(|s| s.status != StackStatus::DeleteComplete).count();
    if live >= MAX_STACKS {
        cx.why(format!("an account may have {MAX_STACKS} stacks per region"));
        return Err(ApiError::bad_request(
            "LimitExceededException",
            format!("Limit on the number of stacks ({MAX_STACKS}) has been exceeded"),
        ));
    }
    let stack_id = format!("arn:aws:cloudformation:{region}:{ACCOUNT_ID}:stack/{name}/{}", ids::uuid(world.rng()));
    cx.touch(stack_id.clone());
    let pseudo = Pseudo {
        account_id: ACCOUNT_ID.into(),
        region: region.clone(),
        stack_id: stack_id.clone(),
        stack_name: name.clone(),
        notification_arns: input.notification_arns.clone(),
    };
    let prepared = prepare(world, cx, &body, &input.parameters, &input.capabilities, &pseudo)?;
    let t = &prepared.template;
    let now = world.now();
    let resources: Vec<StackResource> = prepared.plan.resources.iter().map(|p| new_resource(t, p, now)).collect();
    let no_echo: Vec<String> = t.parameters.iter().filter(|p| p.no_echo).map(|p| p.name.clone()).collect();
    let parameters = param_texts(&prepared);
    let values = prepared.params.clone();
    let waves = prepared.plan.waves.len();
    let count = resources.len();
    let stack = Stack {
        id: stack_id.clone(),
        name: name.clone(),
        region: region.clone(),
        description: t.description.clone(),
        template_body: body,
        parameters,
        no_echo,
        capabilities: input.capabilities.clone(),
        tags: input.tags.iter().map(|t| (t.key.clone(), t.value.clone())).collect(),
        status: StackStatus::CreateInProgress,
        status_reason: None,
        phase: Phase::Creating,
        on_failure,
        disable_rollback: input.disable_rollback.unwrap_or(false),
        creation_time: world.now(),
        last_updated: None,
        deletion_time: None,
        resources,
        events: Vec::new(),
        outputs: Vec::new(),
        retain: Vec::new(),
        failed: Vec::new(),
        notification_arns: input.notification_arns,
        termination_protection: input.enable_termination_protection.unwrap_or(false),
        conditions: prepared.conditions,
        imports: prepared.imports,
        resolved: prepared.ssm.iter().map(|(k, _, v)| (k.clone(), v.clone())).collect(),
        before: None,
        executing: None,
        drift_detections: Vec::new(),
        cache: TemplateCache(Some(prepared.template.clone())),
    };
    world.cloudformation.order.push(stack_id.clone());
    world.cloudformation.stacks.insert(stack_id.clone(), stack);
    set_stack_status(world, &stack_id, StackStatus::CreateInProgress, Some("User Initiated".into()));
    // AWS-specific parameter values are looked up once the stack exists; one that names
    // nothing rolls the stack back before any resource starts.
    let template = world.cloudformation.stacks[&stack_id].cache.0.clone();
    if let Some(reason) = template.and_then(|t| super::validate::missing_parameter_value(world, &region, &t, &values)) {
        if let Some(s) = world.cloudformation.stacks.get_mut(&stack_id) {
            s.phase = Phase::RollingBack;
        }
        set_stack_status(
            world,
            &stack_id,
            StackStatus::RollbackInProgress,
            Some(format!("{reason}. Rollback requested by user.")),
        );
        jobs::drive(world, &stack_id);
        cx.why(format!(
            "{reason}: the stack was created and rolled back at once (ROLLBACK_COMPLETE); delete it to try again"
        ));
        return Ok(CreateStackOutput { stack_id });
    }
    jobs::drive(world, &stack_id);
    cx.why(format!(
        "the template is valid: {count} resource(s) in {waves} wave(s) of parallel creation; advance the clock to see them created"
    ));
    Ok(CreateStackOutput { stack_id })
}

// ---------------------------------------------------------------- DeleteStack

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteStackRequest {
    pub stack_name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retain_resources: Vec<String>,
}

pub fn delete_stack(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteStackRequest,
) -> Result<EmptyOutput, ApiError> {
    let region = cx.region.clone();
    let Some(stack) = world.cloudformation.find(&input.stack_name, &region) else {
        cx.why(format!("no stack named '{}' exists; DeleteStack succeeds and does nothing", input.stack_name));
        return Ok(EmptyOutput {});
    };
    let id = stack.id.clone();
    cx.touch(id.clone());
    match stack.status {
        StackStatus::DeleteComplete | StackStatus::DeleteInProgress => {
            cx.why(format!("the stack is already {}; nothing more to do", stack.status.as_str()));
            return Ok(EmptyOutput {});
        }
        s if s.in_progress() && s != StackStatus::CreateInProgress && s != StackStatus::ReviewInProgress => {
            cx.why(format!("the stack is {}; wait until it finishes", s.as_str()));
            return Err(validation(format!("Stack [{}] cannot be deleted while in status {}", stack.name, s.as_str())));
        }
        _ => {}
    }
    if stack.termination_protection {
        cx.why("termination protection is on: DeleteStack fails and the stack stays as it is");
        return Err(validation(format!(
            "Stack [{}] cannot be deleted while TerminationProtection is enabled",
            stack.name
        )));
    }
    if !input.retain_resources.is_empty() {
        if stack.status != StackStatus::DeleteFailed {
            cx.why("RetainResources is for stacks whose deletion failed (DELETE_FAILED)");
            return Err(validation(format!(
                "Invalid operation on stack {}: RetainResources can only be specified when the stack is in the DELETE_FAILED state",
                stack.id
            )));
        }
        if let Some(bad) = input.retain_resources.iter().find(|r| stack.resource(r).is_none()) {
            cx.why(format!("the stack has no resource {bad}"));
            return Err(validation(format!("Resource {bad} does not exist in stack {}", stack.name)));
        }
    }
    // An export another stack imports keeps its stack alive.
    let importer = stack.outputs.iter().filter_map(|o| o.export_name.as_ref()).find_map(|export| {
        world
            .cloudformation
            .in_region(&region)
            .filter(|s| s.id != id && s.status != StackStatus::DeleteComplete)
            .find(|s| s.imports.contains(export))
            .map(|s| (export.clone(), s.name.clone()))
    });
    let now = world.now();
    let stack = world.cloudformation.stacks.get_mut(&id).expect("found above");
    stack.retain.extend(input.retain_resources.iter().cloned());
    stack.failed.clear();
    stack.phase = Phase::Deleting;
    stack.last_updated = Some(now);
    set_stack_status(world, &id, StackStatus::DeleteInProgress, Some("User Initiated".into()));
    if let Some((export, by)) = importer {
        let stack = world.cloudformation.stacks.get_mut(&id).expect("found above");
        stack.phase = Phase::Idle;
        let reason = format!("Export {export} cannot be deleted as it is in use by {by}");
        set_stack_status(world, &id, StackStatus::DeleteFailed, Some(reason.clone()));
        cx.why(reason);
        return Ok(EmptyOutput {});
    }
    jobs::drive(world, &id);
    cx.why("deletion started: resources go in reverse dependency order as the clock advances");
    Ok(EmptyOutput {})
}

// ---------------------------------------------------------------- DescribeStacks

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeStacksRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stack_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Output {
    pub output_key: String,
    pub output_value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub export_name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StackDescription {
    pub stack_id: String,
    pub stack_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub parameters: Vec<Parameter>,
    pub creation_time: SimTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_time: Option<SimTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated_time: Option<SimTime>,
    pub stack_status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stack_status_reason: Option<String>,
    pub disable_rollback: bool,
    #[serde(rename = "NotificationARNs")]
    pub notification_arns: Vec<String>,
    pub capabilities: Vec<String>,
    pub outputs: Vec<Output>,
    pub tags: Vec<Tag>,
    pub enable_termination_protection: bool,
    pub drift_information: StackDriftInformation,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeStacksOutput {
    pub stacks: Vec<StackDescription>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

pub(crate) fn describe(s: &Stack, now: SimTime) -> StackDescription {
    StackDescription {
        stack_id: s.id.clone(),
        stack_name: s.name.clone(),
        description: s.description.clone(),
        parameters: s
            .parameters
            .iter()
            .map(|(k, v)| {
                let shown = if s.no_echo.contains(k) { "****".to_string() } else { v.clone() };
                let mut p = Parameter::new(k, &shown);
                p.resolved_value = s.resolved.iter().find(|(rk, _)| rk == k).map(|(_, rv)| rv.clone());
                p
            })
            .collect(),
        creation_time: s.creation_time,
        deletion_time: s.deletion_time,
        last_updated_time: s.last_updated,
        stack_status: s.status.as_str(),
        stack_status_reason: s.status_reason.clone(),
        disable_rollback: s.disable_rollback || s.on_failure == OnFailure::DoNothing,
        notification_arns: s.notification_arns.clone(),
        capabilities: s.capabilities.clone(),
        // Outputs are not available while the stack is in progress.
        outputs: if s.status.in_progress() {
            Vec::new()
        } else {
            s.outputs
                .iter()
                .map(|o| Output {
                    output_key: o.key.clone(),
                    output_value: o.value.clone(),
                    description: o.description.clone(),
                    export_name: o.export_name.clone(),
                })
                .collect()
        },
        tags: s.tags.iter().map(|(k, v)| Tag { key: k.clone(), value: v.clone() }).collect(),
        enable_termination_protection: s.termination_protection,
        drift_information: drift_information(s, now),
    }
}

pub fn describe_stacks(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeStacksRequest,
) -> Result<DescribeStacksOutput, ApiError> {
    let region = cx.region.clone();
    let stacks: Vec<StackDescription> = match &input.stack_name {
        Some(name) => {
            let s = find_stack(&world.cloudformation, name, &region).inspect_err(|_| {
                cx.why(format!("no live stack named '{name}' in {region} (deleted stacks are found by stack id only)"))
            })?;
            cx.touch(s.id.clone());
            cx.why(format!("stack '{}' is {}", s.name, s.status.as_str()));
            vec![describe(s, world.now())]
        }
        None => {
            let list: Vec<StackDescription> = world
                .cloudformation
                .in_region(&region)
                .filter(|s| s.status != StackStatus::DeleteComplete)
                .map(|s| describe(s, world.now()))
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            cx.why(format!("{} live stack(s) in {region}, newest first", list.len()));
            list
        }
    };
    Ok(DescribeStacksOutput { stacks, next_token: None })
}

// ---------------------------------------------------------------- ListStacks

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListStacksRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stack_status_filter: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StackSummary {
    pub stack_id: String,
    pub stack_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_description: Option<String>,
    pub creation_time: SimTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated_time: Option<SimTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_time: Option<SimTime>,
    pub stack_status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stack_status_reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListStacksOutput {
    pub stack_summaries: Vec<StackSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

pub fn list_stacks(
    world: &mut World,
    cx: &mut CallContext,
    input: ListStacksRequest,
) -> Result<ListStacksOutput, ApiError> {
    let mut filter = Vec::new();
    for f in &input.stack_status_filter {
        match StackStatus::parse(f) {
            Some(s) => filter.push(s),
            None => {
                cx.why(format!("'{f}' is not a stack status"));
                return Err(validation(format!(
                    "1 validation error detected: Value '[{f}]' at 'stackStatusFilter' failed to satisfy constraint: \
                     Member must satisfy constraint: [Member must satisfy enum value set: [{}]]",
                    StackStatus::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                )));
            }
        }
    }
    let region = cx.region.clone();
    let summaries: Vec<StackSummary> = world
        .cloudformation
        .in_region(&region)
        .filter(|s| filter.is_empty() || filter.contains(&s.status))
        .map(|s| StackSummary {
            stack_id: s.id.clone(),
            stack_name: s.name.clone(),
            template_description: s.description.clone(),
            creation_time: s.creation_time,
            last_updated_time: s.last_updated,
            deletion_time: s.deletion_time,
            stack_status: s.status.as_str(),
            stack_status_reason: s.status_reason.clone(),
        })
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    cx.why(format!(
        "{} stack(s) in {region}{}, deleted ones included (AWS lists them for 90 days)",
        summaries.len(),
        if filter.is_empty() { String::new() } else { " matching the status filter".to_string() }
    ));
    Ok(ListStacksOutput { stack_summaries: summaries, next_token: None })
}

// ---------------------------------------------------------------- UpdateStack

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateStackRequest {
    pub stack_name: String,
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
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateStackOutput {
    pub stack_id: String,
}

/// Statuses an update may start from.
pub(crate) const UPDATABLE: &[StackStatus] = &[
    StackStatus::CreateComplete,
    StackStatus::UpdateComplete,
    StackStatus::UpdateRollbackComplete,
    StackStatus::ImportComplete,
    StackStatus::ImportRollbackComplete,
];

/// UpdateStack: the stack must exist and be in a state that can be updated, and something must
/// change. Then the update runs on the clock (see `update.rs`).
pub fn update_stack(
    world: &mut World,
    cx: &mut CallContext,
    input: UpdateStackRequest,
) -> Result<UpdateStackOutput, ApiError> {
    let region = cx.region.clone();
    let Some(stack) = world.cloudformation.find(&input.stack_name, &region) else {
        cx.why(format!("no live stack named '{}' in {region}", input.stack_name));
        return Err(validation(format!("Stack [{}] does not exist", input.stack_name)));
    };
    cx.touch(stack.id.clone());
    if !UPDATABLE.contains(&stack.status) {
        cx.why(match stack.status {
            StackStatus::RollbackComplete => {
                "ROLLBACK_COMPLETE exists only after a failed creation; the only way on is DeleteStack, then CreateStack"
                    .to_string()
            }
            s => format!("a stack in {} cannot be updated", s.as_str()),
        });
        return Err(validation(format!(
            "Stack:{} is in {} state and can not be updated.",
            stack.id,
            stack.status.as_str()
        )));
    }
    let previous = input.use_previous_template.unwrap_or(false);
    if previous && (input.template_body.is_some() || input.template_url.is_some()) {
        cx.why("UsePreviousTemplate reuses the stack's template; a new one cannot be given as well");
        return Err(validation("You cannot specify both usePreviousTemplate and Template Body/Template URL."));
    }
    let body = if previous {
        stack.template_body.clone()
    } else {
        body_of(cx, input.template_body.as_deref(), input.template_url.as_deref())?.to_string()
    };
    // Parameters not given keep their previous values when UsePreviousValue says so.
    let mut given = Vec::new();
    for p in &input.parameters {
        if p.use_previous_value == Some(true) && p.parameter_value.as_deref().is_none_or(str::is_empty) {
            let old = stack.parameters.iter().find(|(k, _)| k == &p.parameter_key).map(|(_, v)| v.clone());
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
    let pseudo = Pseudo {
        account_id: ACCOUNT_ID.into(),
        region: region.clone(),
        stack_id: stack.id.clone(),
        stack_name: stack.name.clone(),
        notification_arns: stack.notification_arns.clone(),
    };
    let (old_body, old_params, id) = (stack.template_body.clone(), stack.parameters.clone(), stack.id.clone());
    let prepared = prepare(world, cx, &body, &given, &input.capabilities, &pseudo)?;
    let new_params = param_texts(&prepared);
    if let Some(reason) = super::validate::missing_parameter_value(world, &region, &prepared.template, &prepared.params)
    {
        cx.why(reason.clone());
        return Err(validation(reason));
    }
    if body == old_body && new_params == old_params {
        cx.why("the template and parameter values are the same as the stack's");
        return Err(validation("No updates are to be performed."));
    }
    let stack = &world.cloudformation.stacks[&id];
    let changes = diff(world, stack, &prepared).map_err(|m| {
        cx.why("a resource cannot change its type; give the new resource another logical id");
        validation(m)
    })?;
    let summary = summarize(&changes);
    begin_update(world, &id, body, prepared, &changes, input.capabilities, None);
    cx.why(format!("update started: {summary}; advance the clock to watch it"));
    Ok(UpdateStackOutput { stack_id: id })
}

/// "1 to add, 1 to modify (1 replaced), 0 to remove".
pub(crate) fn summarize(changes: &[(ChangeAction, ResourceChangeRecord)]) -> String {
    let count = |a: &[ChangeAction]| changes.iter().filter(|(c, _)| a.contains(c)).count();
    format!(
        "{} to add, {} to modify ({} replaced), {} to remove",
        count(&[ChangeAction::Add]),
        count(&[ChangeAction::Modify, ChangeAction::Replace]),
        count(&[ChangeAction::Replace]),
        count(&[ChangeAction::Remove])
    )
}

/// Starts an update of a stack (from UpdateStack or ExecuteChangeSet): the stack takes the new
/// template and parameters, remembers the old ones for a rollback, and `jobs::drive` runs the
/// changes on the clock. The stack's other change sets are deleted.
pub(crate) fn begin_update(
    world: &mut World,
    stack_id: &str,
    body: String,
    prepared: Prepared,
    changes: &[(ChangeAction, ResourceChangeRecord)],
    capabilities: Vec<String>,
    executing: Option<String>,
) {
    let now = world.now();
    let parameters = param_texts(&prepared);
    let resolved: Vec<(String, String)> = prepared.ssm.iter().map(|(k, _, v)| (k.clone(), v.clone())).collect();
    let t = prepared.template.clone();
    let Some(stack) = world.cloudformation.stacks.get_mut(stack_id) else { return };
    let action_of = |id: &str| changes.iter().find(|(_, c)| c.logical_id == id).map(|(a, _)| *a);
    let mut resources = Vec::new();
    for p in &prepared.plan.resources {
        let def = t.resource(&p.logical_id);
        let fresh = new_resource(&t, p, now);
        let Some(old) = stack.resource(&p.logical_id) else {
            let mut r = fresh;
            r.change = Some(Box::new(Change {
                action: ChangeAction::Add,
                old: None,
                started: false,
                rolled_back: false,
                leftover: None,
                retain_old: false,
            }));
            resources.push(r);
            continue;
        };
        let mut r = old.clone();
        r.deps = fresh.deps;
        r.wave = fresh.wave;
        r.deletion_policy = fresh.deletion_policy;
        r.inject_failure = fresh.inject_failure;
        r.change = action_of(&p.logical_id).map(|action| {
            Box::new(Change {
                action,
                old: Some(old.clone()),
                started: false,
                rolled_back: false,
                leftover: None,
                retain_old: def.and_then(|d| d.update_replace_policy.as_deref()) == Some("Retain"),
            })
        });
        resources.push(r);
    }
    for old in &stack.resources {
        if prepared.plan.resources.iter().all(|p| p.logical_id != old.logical_id) {
            let mut r = old.clone();
            r.change = Some(Box::new(Change {
                action: ChangeAction::Remove,
                old: None,
                started: false,
                rolled_back: false,
                leftover: None,
                retain_old: false,
            }));
            resources.push(r);
        }
    }
    let before = Before {
        template_body: std::mem::replace(&mut stack.template_body, body),
        description: std::mem::replace(&mut stack.description, t.description.clone()),
        parameters: std::mem::replace(&mut stack.parameters, parameters),
        no_echo: std::mem::replace(
            &mut stack.no_echo,
            t.parameters.iter().filter(|p| p.no_echo).map(|p| p.name.clone()).collect(),
        ),
        conditions: std::mem::replace(&mut stack.conditions, prepared.conditions),
        imports: std::mem::replace(&mut stack.imports, prepared.imports),
        outputs: stack.outputs.clone(),
        order: stack.resources.iter().map(|r| r.logical_id.clone()).collect(),
        resolved: stack.resolved.clone(),
    };
    stack.before = Some(Box::new(before));
    stack.resolved = resolved;
    stack.resources = resources;
    stack.capabilities = capabilities;
    stack.cache = TemplateCache(Some(t));
    stack.last_updated = Some(now);
    stack.failed.clear();
    stack.phase = Phase::Updating;
    stack.executing = executing.clone();
    // An update, direct or from a change set, deletes the stack's other change sets: they were
    // computed against the stack as it was.
    world.cloudformation.change_sets.retain(|_, cs| cs.stack_id != stack_id || Some(&cs.id) == executing.as_ref());
    set_stack_status(world, stack_id, StackStatus::UpdateInProgress, Some("User Initiated".into()));
    jobs::drive(world, stack_id);
}

/// A stack takes at most 50 tags (CreateStack, CreateChangeSet).
pub(crate) fn check_tag_count(cx: &mut CallContext, tags: &[Tag]) -> Result<(), ApiError> {
    if tags.len() > MAX_STACK_TAGS {
        cx.why(format!("a stack takes at most {MAX_STACK_TAGS} tags"));
        return Err(validation(format!(
            "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less \
             than or equal to {MAX_STACK_TAGS}"
        )));
    }
    Ok(())
}
