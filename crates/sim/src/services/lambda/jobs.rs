//! What happens to Lambda as time passes: a new function becomes Active (and an update
//! Successful) a few seconds after the call; a new event source mapping becomes Enabled; an
//! enabled mapping polls its queue whenever messages arrive and hands them to the function in
//! batches of BatchSize, deleting each batch (the function always succeeds, as no code runs).

use crate::error::ApiError;
use crate::services::Job;
use crate::time::SimDuration;
use crate::world::{CallContext, World};
use serde::{Deserialize, Serialize};

/// How soon a mapping polls after a message arrives, and between batches.
pub const POLL_INTERVAL: SimDuration = SimDuration::seconds(1);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum LambdaJob {
    /// A function's Pending state or InProgress update has ended.
    FunctionSettled { function_arn: String, epoch: u32 },
    /// A mapping has finished Creating.
    MappingSettled { uuid: String },
    /// A mapping reads its queue.
    Poll { uuid: String },
}

impl LambdaJob {
    pub fn describe(&self) -> (&'static str, &'static str) {
        match self {
            LambdaJob::FunctionSettled { .. } => ("lambda", "FunctionStateChange"),
            LambdaJob::MappingSettled { .. } => ("lambda", "EventSourceMappingStateChange"),
            LambdaJob::Poll { .. } => ("lambda", "EventSourceMappingPoll"),
        }
    }
}

/// Schedules a poll for every enabled mapping reading the queue at `url` (none is due yet).
pub(crate) fn poke(world: &mut World, url: &str) {
    let Some(arn) = world.sqs.queues.get(url).map(|q| q.arn.clone()) else { return };
    let due: Vec<String> = world
        .lambda
        .mappings
        .values_mut()
        .filter(|m| m.event_source_arn == arn && m.state == "Enabled" && !m.poll_scheduled)
        .map(|m| {
            m.poll_scheduled = true;
            m.uuid.clone()
        })
        .collect();
    for uuid in due {
        world.schedule(POLL_INTERVAL, Job::Lambda(LambdaJob::Poll { uuid }));
    }
}

pub(crate) fn run(world: &mut World, cx: &mut CallContext, job: LambdaJob) -> Result<(), ApiError> {
    match job {
        LambdaJob::FunctionSettled { function_arn, epoch } => {
            cx.touch(function_arn.clone());
            let Some(f) = world.lambda.functions.get_mut(&function_arn) else {
                cx.why("the function was deleted before it settled");
                return Ok(());
            };
            cx.region = f.region.clone();
            if f.epoch != epoch {
                cx.why("the function changed again before this was due; nothing to do");
                return Ok(());
            }
            let was_pending = f.state == "Pending";
            f.state = "Active".into();
            f.last_update_status = Some("Successful".into());
            cx.why(if was_pending {
                format!("{} is Active and can be invoked", f.name)
            } else {
                format!("{}'s update is Successful", f.name)
            });
            // Mappings that waited for the function read their queues now.
            let queues: Vec<String> = world
                .lambda
                .mappings
                .values()
                .filter(|m| m.function_arn == function_arn)
                .filter_map(|m| world.sqs.by_arn(&m.event_source_arn).map(|q| q.url.clone()))
                .collect();
            for url in queues {
                poke(world, &url);
            }
            Ok(())
        }
        LambdaJob::MappingSettled { uuid } => {
            cx.touch(uuid.clone());
            let Some(m) = world.lambda.mappings.get_mut(&uuid) else {
                cx.why("the mapping was deleted before it was created");
                return Ok(());
            };
            m.state = if m.enabled { "Enabled" } else { "Disabled" }.into();
            cx.why(format!("the mapping is {}", m.state));
            let source = m.event_source_arn.clone();
            if let Some(url) = world.sqs.by_arn(&source).map(|q| q.url.clone()) {
                poke(world, &url);
            }
            Ok(())
        }
        LambdaJob::Poll { uuid } => poll(world, cx, &uuid),
    }
}

/// One poll: receive a batch, hand it to the function, delete it; poll again while messages
/// remain (at once for visible ones, when the next one becomes visible otherwise).
fn poll(world: &mut World, cx: &mut CallContext, uuid: &str) -> Result<(), ApiError> {
    cx.touch(uuid.to_string());
    let Some(m) = world.lambda.mappings.get_mut(uuid) else {
        cx.why("the mapping was deleted; nothing to poll");
        return Ok(());
    };
    m.poll_scheduled = false;
    let (source, function_arn, batch) = (m.event_source_arn.clone(), m.function_arn.clone(), m.batch_size);
    if m.state != "Enabled" {
        cx.why(format!("the mapping is {}; it does not poll", m.state));
        return Ok(());
    }
    cx.touch(source.clone());
    cx.touch(function_arn.clone());
    let Some(url) = world.sqs.by_arn(&source).map(|q| q.url.clone()) else {
        if let Some(m) = world.lambda.mappings.get_mut(uuid) {
            m.last_processing_result = "PROBLEM: Queue does not exist".into();
        }
        cx.why("the mapping's queue no longer exists");
        return Ok(());
    };
    cx.region = world.sqs.queues[&url].region.clone();
    let state = world.lambda.functions.get(&function_arn).map(|f| f.state.clone());
    match state.as_deref() {
        None => {
            if let Some(m) = world.lambda.mappings.get_mut(uuid) {
                m.last_processing_result = "PROBLEM: Function not found".into();
            }
            cx.why("the mapping's function no longer exists; messages stay in the queue");
            return Ok(());
        }
        Some("Pending") => {
            cx.why("the function is still Pending; the mapping polls once it is Active");
            return Ok(());
        }
        _ => {}
    }
    let (messages, moved) = crate::services::sqs::ops::receive_batch(world, &url, batch.min(10_000) as usize, None)?;
    if messages.is_empty() {
        reschedule(world, uuid, &url);
        cx.why(if moved.is_empty() {
            "no message to hand to the function".to_string()
        } else {
            format!("{} message(s) passed maxReceiveCount and moved to the dead-letter queue", moved.len())
        });
        return Ok(());
    }
    let region = cx.region.clone();
    let records: Vec<serde_json::Value> = messages
        .iter()
        .map(|msg| {
            serde_json::json!({
                "messageId": msg.message_id,
                "receiptHandle": msg.receipt_handle,
                "body": msg.body,
                "attributes": crate::services::sqs::ops::system_attributes(msg),
                "messageAttributes": {},
                "md5OfBody": msg.md5,
                "eventSource": "aws:sqs",
                "eventSourceARN": source,
                "awsRegion": region,
            })
        })
        .collect();
    let event = serde_json::json!({ "Records": records }).to_string();
    let request_id = crate::services::lambda::ops::record_invocation(world, &function_arn, "Event", &event, "sqs")?;
    for msg in &messages {
        crate::services::sqs::ops::remove(world, &url, &msg.message_id);
    }
    if let Some(m) = world.lambda.mappings.get_mut(uuid) {
        m.processed += messages.len() as u64;
        m.last_processing_result = "OK".into();
    }
    let name = function_arn.rsplit(':').next().unwrap_or_default().to_string();
    cx.why(format!(
        "{name} invoked with a batch of {} message(s) (request {request_id}); the batch succeeded, so the mapping deleted them",
        messages.len()
    ));
    reschedule(world, uuid, &url);
    Ok(())
}

/// Polls again if the queue still holds messages: in a second if one is visible, else when the
/// next becomes visible.
fn reschedule(world: &mut World, uuid: &str, url: &str) {
    let now = world.now();
    let Some(q) = world.sqs.queues.get(url) else { return };
    let next = q.messages.iter().map(|m| m.visible_at).min();
    let Some(next) = next else { return };
    let after = if next <= now { POLL_INTERVAL } else { (next - now).max(POLL_INTERVAL) };
    if let Some(m) = world.lambda.mappings.get_mut(uuid) {
        if !m.poll_scheduled {
            m.poll_scheduled = true;
            world.schedule(after, Job::Lambda(LambdaJob::Poll { uuid: uuid.to_string() }));
        }
    }
}
