//! CreateEventSourceMapping, GetEventSourceMapping, ListEventSourceMappings and
//! DeleteEventSourceMapping, for SQS queues. The polling itself is in `jobs.rs`.

use super::super::jobs::LambdaJob;
use super::functions::{invalid, not_found, resolve};
use crate::error::ApiError;
use crate::services::lambda::model::*;
use crate::services::Job;
use crate::time::SimTime;
use crate::world::{CallContext, World};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateEventSourceMappingRequest {
    pub event_source_arn: String,
    pub function_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_size: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_batching_window_in_seconds: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventSourceMappingConfiguration {
    #[serde(rename = "UUID")]
    pub uuid: String,
    pub batch_size: i64,
    pub maximum_batching_window_in_seconds: i64,
    pub event_source_arn: String,
    pub function_arn: String,
    /// Seconds since the epoch.
    pub last_modified: f64,
    pub last_processing_result: String,
    pub state: String,
    pub state_transition_reason: String,
}

fn secs(t: SimTime) -> f64 {
    t.0 as f64 / 1000.0
}

pub fn mapping_view(m: &EventSourceMapping) -> EventSourceMappingConfiguration {
    EventSourceMappingConfiguration {
        uuid: m.uuid.clone(),
        batch_size: m.batch_size,
        maximum_batching_window_in_seconds: m.maximum_batching_window,
        event_source_arn: m.event_source_arn.clone(),
        function_arn: m.function_arn.clone(),
        last_modified: secs(m.last_modified),
        last_processing_result: m.last_processing_result.clone(),
        state: m.state.clone(),
        state_transition_reason: "USER_INITIATED".into(),
    }
}

pub fn create_event_source_mapping(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateEventSourceMappingRequest,
) -> Result<EventSourceMappingConfiguration, ApiError> {
    let function_arn = resolve(&cx.region, &input.function_name);
    cx.touch(function_arn.clone());
    cx.touch(input.event_source_arn.clone());
    if !input.event_source_arn.starts_with("arn:aws:sqs:") {
        cx.why("Nimbus Lab simulates event source mappings for SQS queues only");
        return Err(invalid(format!(
            "Nimbus Lab simulates event source mappings for SQS queues only, not {}",
            input.event_source_arn
        )));
    }
    let Some(f) = world.lambda.functions.get(&function_arn).cloned() else {
        cx.why(format!("no function {}", input.function_name));
        return Err(not_found(&function_arn));
    };
    let Some(queue) = world.sqs.by_arn(&input.event_source_arn).cloned() else {
        cx.why(format!("no queue {}", input.event_source_arn));
        return Err(invalid(
            "Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error \
             Message: The specified queue does not exist.",
        ));
    };
    let window = input.maximum_batching_window_in_seconds.unwrap_or(0);
    if !(0..=300).contains(&window) {
        return Err(invalid("MaximumBatchingWindowInSeconds must be between 0 and 300."));
    }
    let batch = input.batch_size.unwrap_or(10);
    let max_batch = if queue.fifo { 10 } else { 10_000 };
    if !(1..=max_batch).contains(&batch) {
        cx.why(format!("an SQS mapping's batch size is 1 to {max_batch}"));
        return Err(invalid(format!("BatchSize must be between 1 and {max_batch}.")));
    }
    if batch > 10 && window == 0 {
        cx.why("a batch above 10 messages needs a batching window");
        return Err(invalid(
            "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10",
        ));
    }
    let vt = queue.attr_i64("VisibilityTimeout");
    if vt < f.timeout {
        cx.why("a queue's visibility timeout must cover the function's timeout, or a message reappears while it is processed");
        return Err(invalid(format!(
            "Queue visibility timeout: {vt} seconds is less than Function timeout: {} seconds",
            f.timeout
        )));
    }
    let uuid = crate::ids::uuid(world.rng());
    let enabled = input.enabled.unwrap_or(true);
    let m = EventSourceMapping {
        uuid: uuid.clone(),
        event_source_arn: input.event_source_arn.clone(),
        function_arn,
        batch_size: batch,
        maximum_batching_window: window,
        enabled,
        state: "Creating".into(),
        last_modified: world.now(),
        last_processing_result: "No records processed".into(),
        poll_scheduled: false,
        processed: 0,
    };
    let out = mapping_view(&m);
    world.lambda.mappings.insert(uuid.clone(), m);
    world.schedule(MAPPING_CREATE_TIME, Job::Lambda(LambdaJob::MappingSettled { uuid: uuid.clone() }));
    cx.touch(uuid);
    cx.why(format!(
        "the mapping is Creating; once {} it polls {} and hands the function up to {batch} message(s) at a time",
        if enabled { "Enabled" } else { "enabled" },
        queue.name
    ));
    Ok(out)
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UuidRequest {
    #[serde(rename = "UUID")]
    pub uuid: String,
}

fn missing_mapping(uuid: &str) -> ApiError {
    ApiError::not_found(
        "ResourceNotFoundException",
        format!("The resource you requested does not exist. (Service: Lambda, UUID: {uuid})"),
    )
}

pub fn get_event_source_mapping(
    world: &mut World,
    cx: &mut CallContext,
    input: UuidRequest,
) -> Result<EventSourceMappingConfiguration, ApiError> {
    cx.touch(input.uuid.clone());
    let m = world.lambda.mappings.get(&input.uuid).ok_or_else(|| missing_mapping(&input.uuid))?;
    cx.why(format!("the mapping is {}; {} message(s) handed to the function so far", m.state, m.processed));
    Ok(mapping_view(m))
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListEventSourceMappingsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_source_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function_name: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListEventSourceMappingsOutput {
    pub event_source_mappings: Vec<EventSourceMappingConfiguration>,
}

pub fn list_event_source_mappings(
    world: &mut World,
    cx: &mut CallContext,
    input: ListEventSourceMappingsRequest,
) -> Result<ListEventSourceMappingsOutput, ApiError> {
    let function_arn = input.function_name.as_deref().map(|n| resolve(&cx.region, n));
    let prefix = format!("arn:aws:lambda:{}:", cx.region);
    let event_source_mappings: Vec<EventSourceMappingConfiguration> = world
        .lambda
        .mappings
        .values()
        .filter(|m| m.function_arn.starts_with(&prefix))
        .filter(|m| function_arn.as_ref().is_none_or(|a| *a == m.function_arn))
        .filter(|m| input.event_source_arn.as_ref().is_none_or(|a| *a == m.event_source_arn))
        .map(mapping_view)
        .collect();
    cx.why(format!("{} mapping(s)", event_source_mappings.len()));
    Ok(ListEventSourceMappingsOutput { event_source_mappings })
}

pub fn delete_event_source_mapping(
    world: &mut World,
    cx: &mut CallContext,
    input: UuidRequest,
) -> Result<EventSourceMappingConfiguration, ApiError> {
    cx.touch(input.uuid.clone());
    let Some(mut m) = world.lambda.mappings.remove(&input.uuid) else {
        cx.why(format!("no mapping {}", input.uuid));
        return Err(missing_mapping(&input.uuid));
    };
    m.state = "Deleting".into();
    cx.why("the mapping stops polling its queue; messages stay in the queue");
    Ok(mapping_view(&m))
}
