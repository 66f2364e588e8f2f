//! What a stack shows: DescribeStackEvents, DescribeStackResources, DescribeStackResource,
//! ListStackResources, GetTemplate, ListExports, ListImports.

use super::*;
use crate::services::cloudformation::jobs::exports;
use crate::world::{CallContext, World};

// ---------------------------------------------------------------- DescribeStackEvents

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeStackEventsRequest {
    pub stack_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StackEvent {
    pub stack_id: String,
    pub event_id: String,
    pub stack_name: String,
    pub logical_resource_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub physical_resource_id: Option<String>,
    pub resource_type: String,
    pub timestamp: SimTime,
    pub resource_status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_status_reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeStackEventsOutput {
    pub stack_events: Vec<StackEvent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

pub fn describe_stack_events(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeStackEventsRequest,
) -> Result<DescribeStackEventsOutput, ApiError> {
    let s = find_stack(&world.cloudformation, &input.stack_name, &cx.region.clone())
        .inspect_err(|e| cx.why(e.message.clone()))?;
    cx.touch(s.id.clone());
    let events: Vec<StackEvent> = s
        .events
        .iter()
        .rev()
        .map(|e| StackEvent {
            stack_id: s.id.clone(),
            event_id: e.event_id.clone(),
            stack_name: s.name.clone(),
            logical_resource_id: e.logical_id.clone(),
            physical_resource_id: e.physical_id.clone(),
            resource_type: e.resource_type.clone(),
            timestamp: e.timestamp,
            resource_status: e.status.clone(),
            resource_status_reason: e.reason.clone(),
        })
        .collect();
    cx.why(format!("stack '{}' has {} event(s), newest first", s.name, events.len()));
    Ok(DescribeStackEventsOutput { stack_events: events, next_token: None })
}

// ---------------------------------------------------------------- DescribeStackResources

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeStackResourcesRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stack_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logical_resource_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub physical_resource_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StackResourceDescription {
    pub stack_name: String,
    pub stack_id: String,
    pub logical_resource_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub physical_resource_id: Option<String>,
    pub resource_type: String,
    pub timestamp: SimTime,
    pub resource_status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_status_reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeStackResourcesOutput {
    pub stack_resources: Vec<StackResourceDescription>,
}

pub fn describe_stack_resources(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeStackResourcesRequest,
) -> Result<DescribeStackResourcesOutput, ApiError> {
    let region = cx.region.clone();
    let state = &world.cloudformation;
    let stack = match (&input.stack_name, &input.physical_resource_id) {
        (Some(name), _) => find_stack(state, name, &region).inspect_err(|e| cx.why(e.message.clone()))?,
        (None, Some(physical)) => state
            .in_region(&region)
            .rev()
            .find(|s| s.resources.iter().any(|r| r.physical_id.as_deref() == Some(physical.as_str())))
            .ok_or_else(|| {
                cx.why(format!("no stack has a resource with physical id {physical}"));
                validation(format!("Stack for {physical} does not exist"))
            })?,
        (None, None) => {
            cx.why("DescribeStackResources needs StackName or PhysicalResourceId");
            return Err(validation("Either StackName or PhysicalResourceId must be specified."));
        }
    };
    cx.touch(stack.id.clone());
    let list: Vec<StackResourceDescription> = stack
        .resources
        .iter()
        .filter(|r| r.status.is_some())
        .filter(|r| input.logical_resource_id.as_ref().is_none_or(|l| &r.logical_id == l))
        .filter(|r| input.physical_resource_id.as_ref().is_none_or(|p| r.physical_id.as_ref() == Some(p)))
        .map(|r| StackResourceDescription {
            stack_name: stack.name.clone(),
            stack_id: stack.id.clone(),
            logical_resource_id: r.logical_id.clone(),
            physical_resource_id: r.physical_id.clone(),
            resource_type: r.resource_type.clone(),
            timestamp: r.updated,
            resource_status: r.status.map(|s| s.as_str()).unwrap_or_default(),
            resource_status_reason: r.reason.clone(),
        })
        .collect();
    cx.why(format!("stack '{}' has {} started resource(s)", stack.name, list.len()));
    Ok(DescribeStackResourcesOutput { stack_resources: list })
}

// ---------------------------------------------------------------- ListStackResources

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListStackResourcesRequest {
    pub stack_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StackResourceSummary {
    pub logical_resource_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub physical_resource_id: Option<String>,
    pub resource_type: String,
    pub last_updated_timestamp: SimTime,
    pub resource_status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_status_reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListStackResourcesOutput {
    pub stack_resource_summaries: Vec<StackResourceSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

pub fn list_stack_resources(
    world: &mut World,
    cx: &mut CallContext,
    input: ListStackResourcesRequest,
) -> Result<ListStackResourcesOutput, ApiError> {
    let s = find_stack(&world.cloudformation, &input.stack_name, &cx.region.clone())
        .inspect_err(|e| cx.why(e.message.clone()))?;
    cx.touch(s.id.clone());
    let list: Vec<StackResourceSummary> = s
        .resources
        .iter()
        .filter(|r| r.status.is_some())
        .map(|r| StackResourceSummary {
            logical_resource_id: r.logical_id.clone(),
            physical_resource_id: r.physical_id.clone(),
            resource_type: r.resource_type.clone(),
            last_updated_timestamp: r.updated,
            resource_status: r.status.map(|s| s.as_str()).unwrap_or_default(),
            resource_status_reason: r.reason.clone(),
        })
        .collect();
    cx.why(format!("stack '{}' has {} started resource(s)", s.name, list.len()));
    Ok(ListStackResourcesOutput { stack_resource_summaries: list, next_token: None })
}

// ---------------------------------------------------------------- GetTemplate

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetTemplateRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stack_name: Option<String>,
    /// `Original` (the default) or `Processed`; without transforms they are the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_stage: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetTemplateOutput {
    pub template_body: String,
    pub stages_available: Vec<String>,
}

pub fn get_template(
    world: &mut World,
    cx: &mut CallContext,
    input: GetTemplateRequest,
) -> Result<GetTemplateOutput, ApiError> {
    let Some(name) = input.stack_name.as_deref() else {
        cx.why("GetTemplate needs a StackName");
        return Err(validation("StackName must be specified."));
    };
    if let Some(stage) = input.template_stage.as_deref() {
        if stage != "Original" && stage != "Processed" {
            cx.why("TemplateStage is Original or Processed");
            return Err(validation(format!(
                "1 validation error detected: Value '{stage}' at 'templateStage' failed to satisfy constraint: Member \
                 must satisfy enum value set: [Original, Processed]"
            )));
        }
    }
    let s = find_stack(&world.cloudformation, name, &cx.region.clone()).inspect_err(|e| cx.why(e.message.clone()))?;
    cx.touch(s.id.clone());
    cx.why(format!("the template stack '{}' was created from, as submitted", s.name));
    Ok(GetTemplateOutput {
        template_body: s.template_body.clone(),
        stages_available: vec!["Original".into(), "Processed".into()],
    })
}

// ---------------------------------------------------------------- ListExports

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListExportsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Export {
    pub exporting_stack_id: String,
    pub name: String,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListExportsOutput {
    pub exports: Vec<Export>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

pub fn list_exports(
    world: &mut World,
    cx: &mut CallContext,
    input: ListExportsRequest,
) -> Result<ListExportsOutput, ApiError> {
    let _ = input;
    let list: Vec<Export> = exports(&world.cloudformation, &cx.region)
        .into_iter()
        .map(|(name, value, exporting_stack_id)| Export { exporting_stack_id, name, value })
        .collect();
    cx.why(format!("{} export(s) in {}; names are unique per account and region", list.len(), cx.region));
    Ok(ListExportsOutput { exports: list, next_token: None })
}

// ---------------------------------------------------------------- ListImports

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListImportsRequest {
    pub export_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListImportsOutput {
    /// Names of the stacks that import the export.
    pub imports: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

pub fn list_imports(
    world: &mut World,
    cx: &mut CallContext,
    input: ListImportsRequest,
) -> Result<ListImportsOutput, ApiError> {
    let name = input.export_name;
    let imports: Vec<String> = world
        .cloudformation
        .in_region(&cx.region)
        .filter(|s| s.status != StackStatus::DeleteComplete && s.imports.contains(&name))
        .map(|s| s.name.clone())
        .collect();
    if imports.is_empty() {
        cx.why(format!("no live stack in {} imports '{name}' with Fn::ImportValue", cx.region));
        return Err(validation(format!("Export '{name}' is not imported by any stack.")));
    }
    cx.why(format!("{} stack(s) import '{name}': its stack cannot delete or change it while they do", imports.len()));
    Ok(ListImportsOutput { imports, next_token: None })
}

// ---------------------------------------------------------------- DescribeStackResource

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeStackResourceRequest {
    pub stack_name: String,
    pub logical_resource_id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StackResourceDetail {
    pub stack_name: String,
    pub stack_id: String,
    pub logical_resource_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub physical_resource_id: Option<String>,
    pub resource_type: String,
    pub last_updated_timestamp: SimTime,
    pub resource_status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_status_reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeStackResourceOutput {
    pub stack_resource_detail: StackResourceDetail,
}

pub fn describe_stack_resource(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeStackResourceRequest,
) -> Result<DescribeStackResourceOutput, ApiError> {
    let s = find_stack(&world.cloudformation, &input.stack_name, &cx.region.clone())
        .inspect_err(|e| cx.why(e.message.clone()))?;
    cx.touch(s.id.clone());
    let Some(r) = s.resources.iter().find(|r| r.logical_id == input.logical_resource_id && r.status.is_some()) else {
        cx.why(format!("stack '{}' has no started resource {}", s.name, input.logical_resource_id));
        return Err(validation(format!("Resource {} does not exist for stack {}", input.logical_resource_id, s.name)));
    };
    cx.why(format!("{} is {}", r.logical_id, r.status.map(|s| s.as_str()).unwrap_or_default()));
    Ok(DescribeStackResourceOutput {
        stack_resource_detail: StackResourceDetail {
            stack_name: s.name.clone(),
            stack_id: s.id.clone(),
            logical_resource_id: r.logical_id.clone(),
            physical_resource_id: r.physical_id.clone(),
            resource_type: r.resource_type.clone(),
            last_updated_timestamp: r.updated,
            resource_status: r.status.map(|s| s.as_str()).unwrap_or_default(),
            resource_status_reason: r.reason.clone(),
        },
    })
}
