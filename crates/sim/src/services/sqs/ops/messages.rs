//! SendMessage, ReceiveMessage, DeleteMessage and ChangeMessageVisibility; `enqueue`,
//! `receive_batch` and `remove` are what SNS deliveries and Lambda's event source mappings use.

use super::queues::{invalid_value, no_queue, parameter, queue_mut, EmptyOutput};
use crate::bytes::Bytes;
use crate::error::ApiError;
use crate::services::sqs::model::*;
use crate::time::{SimDuration, SimTime};
use crate::world::{CallContext, World, ACCOUNT_ID};
use md5::{Digest, Md5};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

fn md5_hex(text: &str) -> String {
    Md5::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// What a delivered message got.
#[derive(Clone, Debug, PartialEq)]
pub struct Enqueued {
    pub message_id: String,
    pub md5: String,
    pub sequence_number: Option<String>,
}

/// Puts a message on the queue at `url` (SendMessage, and SNS deliveries). `delay` is the
/// message's own DelaySeconds, if any.
pub(crate) fn enqueue(
    world: &mut World,
    url: &str,
    body: &str,
    delay: Option<i64>,
    group_id: Option<String>,
    dedup_id: Option<String>,
) -> Result<Enqueued, ApiError> {
    let now = world.now();
    let message_id = crate::ids::uuid(world.rng());
    let Some(q) = world.sqs.queues.get_mut(url) else { return Err(no_queue()) };
    q.settle(now);
    if body.is_empty() {
        return Err(ApiError::bad_request("MissingParameter", "The request must contain the parameter MessageBody."));
    }
    let max = q.attr_i64("MaximumMessageSize");
    if body.len() as i64 > max {
        return Err(ApiError::bad_request(
            "InvalidParameterValue",
            format!("One or more parameters are invalid. Reason: Message must be shorter than {max} bytes."),
        ));
    }
    if let Some(d) = delay {
        if q.fifo {
            return Err(parameter(
                &d.to_string(),
                "DelaySeconds",
                "The request include parameter that is not valid for this queue type.",
            ));
        }
        if !(0..=900).contains(&d) {
            return Err(parameter(&d.to_string(), "DelaySeconds", "Must be >= 0 and <= 900, if provided."));
        }
    }
    let mut sequence_number = None;
    let mut dedup = None;
    if q.fifo {
        if group_id.as_deref().is_none_or(str::is_empty) {
            return Err(ApiError::bad_request(
                "MissingParameter",
                "The request must contain the parameter MessageGroupId.",
            ));
        }
        let id = match dedup_id.clone() {
            Some(id) => id,
            None if q.attributes.get("ContentBasedDeduplication").is_some_and(|v| v == "true") => md5_hex(body),
            None => return Err(ApiError::bad_request(
                "InvalidParameterValue",
                "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided \
                     explicitly",
            )),
        };
        dedup = Some(id);
        world.sqs.next_sequence += 1;
        sequence_number = Some(format!("{:020}", 18_000_000_000_000_000_000u128 + world.sqs.next_sequence as u128));
    } else if group_id.is_some() || dedup_id.is_some() {
        return Err(parameter(
            group_id.as_deref().or(dedup_id.as_deref()).unwrap_or(""),
            if group_id.is_some() { "MessageGroupId" } else { "MessageDeduplicationId" },
            "The request include parameter that is not valid for this queue type.",
        ));
    }
    let Some(q) = world.sqs.queues.get_mut(url) else { return Err(no_queue()) };
    let md5 = md5_hex(body);
    if let Some(id) = &dedup {
        if q.dedup.contains_key(id) {
            // Accepted and answered, but not delivered a second time within five minutes.
            return Ok(Enqueued { message_id, md5, sequence_number });
        }
        q.dedup.insert(id.clone(), now);
    }
    let delay = if q.fifo { q.attr_i64("DelaySeconds") } else { delay.unwrap_or_else(|| q.attr_i64("DelaySeconds")) };
    q.messages.push(Message {
        message_id: message_id.clone(),
        body: body.to_string(),
        md5: md5.clone(),
        sent: now,
        visible_at: now + SimDuration::seconds(delay),
        receive_count: 0,
        first_received: None,
        receipt_handle: None,
        group_id,
        dedup_id: dedup,
        sequence_number: sequence_number.clone(),
        dead_letter_source: None,
    });
    Ok(Enqueued { message_id, md5, sequence_number })
}

/// Takes up to `max` receivable messages from the queue at `url`, makes them invisible for
/// `visibility` (the queue's VisibilityTimeout if `None`) and gives each a new receipt handle.
/// Messages already received maxReceiveCount times move to the dead-letter queue instead; their
/// ids come back in the second list.
pub(crate) fn receive_batch(
    world: &mut World,
    url: &str,
    max: usize,
    visibility: Option<i64>,
) -> Result<(Vec<Message>, Vec<String>), ApiError> {
    let now = world.now();
    let redrive = world.sqs.queues.get(url).ok_or_else(no_queue)?.redrive();
    let dlq_url = redrive.as_ref().and_then(|(arn, _)| world.sqs.by_arn(arn).map(|d| d.url.clone()));
    let Some(q) = world.sqs.queues.get_mut(url) else { return Err(no_queue()) };
    q.settle(now);
    let vt = visibility.unwrap_or_else(|| q.attr_i64("VisibilityTimeout"));
    let mut blocked_groups: Vec<String> = if q.fifo {
        q.messages
            .iter()
            .filter(|m| m.visible_at > now && m.receive_count > 0)
            .filter_map(|m| m.group_id.clone())
            .collect()
    } else {
        Vec::new()
    };
    let mut chosen = Vec::new();
    let mut moved = Vec::new();
    for (i, m) in q.messages.iter().enumerate() {
        if chosen.len() >= max {
            break;
        }
        if m.visible_at > now {
            continue;
        }
        if let Some(g) = &m.group_id {
            if blocked_groups.contains(g) {
                continue;
            }
        }
        if let (Some((_, limit)), Some(_)) = (&redrive, &dlq_url) {
            if m.receive_count >= *limit {
                moved.push(i);
                if let Some(g) = &m.group_id {
                    blocked_groups.push(g.clone());
                }
                continue;
            }
        }
        chosen.push(i);
    }
    let mut out = Vec::new();
    for &i in &chosen {
        let nonce = crate::ids::lower_alnum(&mut world.rng, 24);
        let Some(q) = world.sqs.queues.get_mut(url) else { break };
        let m = &mut q.messages[i];
        m.receive_count += 1;
        m.first_received.get_or_insert(now);
        m.visible_at = now + SimDuration::seconds(vt);
        m.receipt_handle = Some(Bytes(format!("{url}|{}|{nonce}", m.message_id).into_bytes()).to_base64());
        out.push(m.clone());
    }
    let mut moved_ids = Vec::new();
    if let (Some(dlq), false) = (dlq_url, moved.is_empty()) {
        let Some(q) = world.sqs.queues.get_mut(url) else { return Ok((out, moved_ids)) };
        let source_arn = q.arn.clone();
        let mut taken = Vec::new();
        for i in moved.into_iter().rev() {
            taken.push(q.messages.remove(i));
        }
        taken.reverse();
        if let Some(d) = world.sqs.queues.get_mut(&dlq) {
            for mut m in taken {
                moved_ids.push(m.message_id.clone());
                m.visible_at = now;
                m.receipt_handle = None;
                m.dead_letter_source = Some(source_arn.clone());
                d.messages.push(m);
            }
        }
    }
    Ok((out, moved_ids))
}

/// Deletes the message with this id from the queue at `url` (true if it was there).
pub(crate) fn remove(world: &mut World, url: &str, message_id: &str) -> bool {
    let Some(q) = world.sqs.queues.get_mut(url) else { return false };
    let before = q.messages.len();
    q.messages.retain(|m| m.message_id != message_id);
    before != q.messages.len()
}

/// (queue URL, message id) of a receipt handle this queue gave.
fn read_handle(handle: &str, url: &str) -> Result<String, ApiError> {
    let bad = || {
        ApiError::bad_request(
            "ReceiptHandleIsInvalid",
            format!("The input receipt handle \"{handle}\" is not a valid receipt handle."),
        )
    };
    let text = Bytes::from_base64(handle).ok().and_then(|b| b.as_text().map(str::to_string)).ok_or_else(bad)?;
    let mut parts = text.split('|');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(u), Some(id), Some(_), None) if u == url => Ok(id.to_string()),
        _ => Err(bad()),
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SendMessageRequest {
    pub queue_url: String,
    pub message_body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_deduplication_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_group_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SendMessageOutput {
    #[serde(rename = "MD5OfMessageBody")]
    pub md5_of_message_body: String,
    pub message_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<String>,
}

pub fn send_message(
    world: &mut World,
    cx: &mut CallContext,
    input: SendMessageRequest,
) -> Result<SendMessageOutput, ApiError> {
    let name = queue_mut(world, cx, &input.queue_url)?.name.clone();
    let sent = enqueue(
        world,
        &input.queue_url,
        &input.message_body,
        input.delay_seconds,
        input.message_group_id.clone(),
        input.message_deduplication_id,
    )
    .inspect_err(|e| cx.why(e.message.clone()))?;
    let q = &world.sqs.queues[&input.queue_url];
    let delay = q.messages.iter().find(|m| m.message_id == sent.message_id).map(|m| m.visible_at - m.sent);
    cx.why(match delay {
        None => format!("{name} saw this deduplication id in the last 5 minutes; the message is not added again"),
        Some(d) if d.as_seconds() > 0 => {
            format!("{name} holds the message, invisible for its {}s delay", d.as_seconds())
        }
        Some(_) => format!("{name} holds the message; it can be received now"),
    });
    lambda_poke(world, &input.queue_url);
    Ok(SendMessageOutput {
        md5_of_message_body: sent.md5,
        message_id: sent.message_id,
        sequence_number: sent.sequence_number,
    })
}

/// Wakes the Lambda event source mappings that read this queue.
pub(crate) fn lambda_poke(world: &mut World, url: &str) {
    #[cfg(feature = "lambda")]
    crate::services::lambda::jobs::poke(world, url);
    #[cfg(not(feature = "lambda"))]
    let _ = (world, url);
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReceiveMessageRequest {
    pub queue_url: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attribute_names: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub message_system_attribute_names: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_number_of_messages: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility_timeout: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_time_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receive_request_attempt_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReceivedMessage {
    pub message_id: String,
    pub receipt_handle: String,
    #[serde(rename = "MD5OfBody")]
    pub md5_of_body: String,
    pub body: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReceiveMessageOutput {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<ReceivedMessage>,
}

/// A message's system attributes, as ReceiveMessage names them.
pub fn system_attributes(m: &Message) -> BTreeMap<String, String> {
    let ms = |t: SimTime| t.0.to_string();
    let mut a = BTreeMap::new();
    a.insert("ApproximateReceiveCount".into(), m.receive_count.to_string());
    a.insert("SentTimestamp".into(), ms(m.sent));
    a.insert("SenderId".into(), format!("AIDA{ACCOUNT_ID}"));
    if let Some(t) = m.first_received {
        a.insert("ApproximateFirstReceiveTimestamp".into(), ms(t));
    }
    if let Some(g) = &m.group_id {
        a.insert("MessageGroupId".into(), g.clone());
    }
    if let Some(d) = &m.dedup_id {
        a.insert("MessageDeduplicationId".into(), d.clone());
    }
    if let Some(s) = &m.sequence_number {
        a.insert("SequenceNumber".into(), s.clone());
    }
    if let Some(s) = &m.dead_letter_source {
        a.insert("DeadLetterQueueSourceArn".into(), s.clone());
    }
    a
}

pub fn receive_message(
    world: &mut World,
    cx: &mut CallContext,
    input: ReceiveMessageRequest,
) -> Result<ReceiveMessageOutput, ApiError> {
    let name = queue_mut(world, cx, &input.queue_url)?.name.clone();
    let max = input.max_number_of_messages.unwrap_or(1);
    if !(1..=10).contains(&max) {
        cx.why("a receive takes 1 to 10 messages");
        return Err(parameter(&max.to_string(), "MaxNumberOfMessages", "Must be between 1 and 10, if provided."));
    }
    if let Some(v) = input.visibility_timeout {
        if !(0..=43_200).contains(&v) {
            return Err(invalid_value("VisibilityTimeout"));
        }
    }
    if let Some(w) = input.wait_time_seconds {
        if !(0..=20).contains(&w) {
            return Err(parameter(&w.to_string(), "WaitTimeSeconds", "Must be >= 0 and <= 20, if provided."));
        }
    }
    let (got, moved) = receive_batch(world, &input.queue_url, max as usize, input.visibility_timeout)?;
    let wanted: Vec<&String> = input.attribute_names.iter().chain(&input.message_system_attribute_names).collect();
    let all = wanted.iter().any(|w| *w == "All");
    let messages: Vec<ReceivedMessage> = got
        .iter()
        .map(|m| ReceivedMessage {
            message_id: m.message_id.clone(),
            receipt_handle: m.receipt_handle.clone().unwrap_or_default(),
            md5_of_body: m.md5.clone(),
            body: m.body.clone(),
            attributes: system_attributes(m).into_iter().filter(|(k, _)| all || wanted.contains(&k)).collect(),
        })
        .collect();
    let vt =
        input.visibility_timeout.unwrap_or_else(|| world.sqs.queues[&input.queue_url].attr_i64("VisibilityTimeout"));
    let mut why = if messages.is_empty() {
        format!("{name} has no message to receive now (delayed or in-flight messages are invisible)")
    } else {
        format!("{} message(s) from {name}, invisible to other receivers for {vt}s unless deleted", messages.len())
    };
    if !moved.is_empty() {
        why.push_str(&format!(
            "; {} message(s) passed maxReceiveCount and moved to the dead-letter queue",
            moved.len()
        ));
    }
    cx.why(why);
    Ok(ReceiveMessageOutput { messages })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteMessageRequest {
    pub queue_url: String,
    pub receipt_handle: String,
}

pub fn delete_message(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteMessageRequest,
) -> Result<EmptyOutput, ApiError> {
    let name = queue_mut(world, cx, &input.queue_url)?.name.clone();
    let id = read_handle(&input.receipt_handle, &input.queue_url).inspect_err(|e| cx.why(e.message.clone()))?;
    if remove(world, &input.queue_url, &id) {
        cx.why(format!("message {id} deleted from {name}"));
    } else {
        cx.why(format!("message {id} is no longer in {name}; SQS answers success"));
    }
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChangeMessageVisibilityRequest {
    pub queue_url: String,
    pub receipt_handle: String,
    pub visibility_timeout: i64,
}

pub fn change_message_visibility(
    world: &mut World,
    cx: &mut CallContext,
    input: ChangeMessageVisibilityRequest,
) -> Result<EmptyOutput, ApiError> {
    let now = world.now();
    let q = queue_mut(world, cx, &input.queue_url)?;
    let id = read_handle(&input.receipt_handle, &input.queue_url)?;
    if !(0..=43_200).contains(&input.visibility_timeout) {
        return Err(invalid_value("VisibilityTimeout"));
    }
    let name = q.name.clone();
    let Some(m) = q.messages.iter_mut().find(|m| m.message_id == id && m.visible_at > now && m.receive_count > 0)
    else {
        cx.why(format!("message {id} is not in flight in {name}"));
        return Err(ApiError::bad_request(
            "AWS.SimpleQueueService.MessageNotInflight",
            format!(
                "Value {} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available \
                 for visibility timeout change.",
                input.receipt_handle
            ),
        ));
    };
    m.visible_at = now + SimDuration::seconds(input.visibility_timeout);
    cx.why(format!("message {id} in {name} is invisible for {}s from now", input.visibility_timeout));
    Ok(EmptyOutput {})
}
