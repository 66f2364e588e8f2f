//! CreateQueue, GetQueueUrl, ListQueues, GetQueueAttributes, SetQueueAttributes, DeleteQueue,
//! PurgeQueue and the tag operations.

use crate::error::ApiError;
use crate::services::sqs::model::*;
use crate::time::SimDuration;
use crate::world::{CallContext, World};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The output of calls that answer nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EmptyOutput {}

pub(crate) fn no_queue() -> ApiError {
    ApiError::bad_request("AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist.")
}

pub(crate) fn invalid_value(name: &str) -> ApiError {
    ApiError::bad_request("InvalidAttributeValue", format!("Invalid value for the parameter {name}."))
}

fn unknown_attribute(name: &str) -> ApiError {
    ApiError::bad_request("InvalidAttributeName", format!("Unknown Attribute {name}."))
}

pub(crate) fn parameter(value: &str, name: &str, reason: &str) -> ApiError {
    ApiError::bad_request(
        "InvalidParameterValue",
        format!("Value {value} for parameter {name} is invalid. Reason: {reason}"),
    )
}

/// The queue at `url`, settled to the clock; touches it and says which it is.
pub(crate) fn queue_mut<'a>(world: &'a mut World, cx: &mut CallContext, url: &str) -> Result<&'a mut Queue, ApiError> {
    migrate(world);
    let now = world.now();
    match world.sqs.queues.get_mut(url) {
        Some(q) => {
            cx.touch(q.arn.clone());
            q.settle(now);
            Ok(q)
        }
        None => {
            cx.why(format!("no queue has the URL {url}"));
            Err(no_queue())
        }
    }
}

/// Queues CloudFormation kept on its own before SQS was simulated (old saves) move into SQS.
pub(crate) fn migrate(world: &mut World) {
    #[cfg(feature = "cloudformation")]
    if !world.cloudformation.queues.is_empty() {
        let old = std::mem::take(&mut world.cloudformation.queues);
        for (url, q) in old {
            let mut attributes: BTreeMap<String, String> =
                DEFAULT_ATTRIBUTES.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
            attributes.insert("SqsManagedSseEnabled".into(), "true".into());
            if q.fifo {
                attributes.insert("FifoQueue".into(), "true".into());
                attributes.insert("ContentBasedDeduplication".into(), "false".into());
            }
            attributes.extend(q.attributes);
            world.sqs.queues.entry(url.clone()).or_insert(Queue {
                name: q.name,
                url,
                arn: q.arn,
                region: q.region,
                fifo: q.fifo,
                attributes,
                tags: q.tags.into_iter().collect(),
                created: q.created,
                last_modified: q.created,
                messages: Vec::new(),
                dedup: BTreeMap::new(),
                last_purge: None,
            });
        }
    }
    #[cfg(not(feature = "cloudformation"))]
    let _ = world;
}

/// Checks `given` attributes for a queue of this type and returns them normalized.
fn check_attributes(
    world: &World,
    fifo: bool,
    creating: bool,
    given: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, ApiError> {
    let mut out = BTreeMap::new();
    for (key, value) in given {
        let key = key.as_str();
        let fifo_only = FIFO_ONLY.contains(&key);
        if COMPUTED.contains(&key) || (!SETTABLE.contains(&key) && !fifo_only) || (fifo_only && !fifo) {
            return Err(unknown_attribute(key));
        }
        if let Some((_, min, max)) = NUMERIC_ATTRIBUTES.iter().find(|(k, _, _)| *k == key) {
            match value.trim().parse::<i64>() {
                Ok(n) if (*min..=*max).contains(&n) => {
                    out.insert(key.to_string(), n.to_string());
                }
                _ => return Err(invalid_value(key)),
            }
            continue;
        }
        match key {
            "FifoQueue" => {
                if !creating || !value.eq_ignore_ascii_case("true") {
                    return Err(invalid_value(key));
                }
                out.insert(key.into(), "true".into());
            }
            "ContentBasedDeduplication" | "SqsManagedSseEnabled" => {
                let v = value.to_ascii_lowercase();
                if v != "true" && v != "false" {
                    return Err(invalid_value(key));
                }
                out.insert(key.into(), v);
            }
            "DeduplicationScope" => {
                if value != "queue" && value != "messageGroup" {
                    return Err(invalid_value(key));
                }
                out.insert(key.into(), value.clone());
            }
            "FifoThroughputLimit" => {
                if value != "perQueue" && value != "perMessageGroupId" {
                    return Err(invalid_value(key));
                }
                out.insert(key.into(), value.clone());
            }
            "Policy" | "RedriveAllowPolicy" => {
                if !value.is_empty()
                    && serde_json::from_str::<serde_json::Value>(value).map_or(true, |v| !v.is_object())
                {
                    return Err(invalid_value(key));
                }
                out.insert(key.into(), value.clone());
            }
            "RedrivePolicy" => {
                if value.is_empty() || value.trim() == "{}" {
                    out.insert(key.into(), String::new());
                    continue;
                }
                let v: serde_json::Value =
                    serde_json::from_str(value).map_err(|_| parameter(value, key, "Invalid JSON"))?;
                let target = v.get("deadLetterTargetArn").and_then(|a| a.as_str()).ok_or_else(|| {
                    parameter(value, key, "Redrive policy does not contain mandatory attribute: deadLetterTargetArn.")
                })?;
                let count = match v.get("maxReceiveCount") {
                    Some(serde_json::Value::Number(n)) => n.as_i64(),
                    Some(serde_json::Value::String(s)) => s.parse().ok(),
                    _ => {
                        return Err(parameter(
                            value,
                            key,
                            "Redrive policy does not contain mandatory attribute: maxReceiveCount.",
                        ))
                    }
                };
                if !count.is_some_and(|c| (1..=1000).contains(&c)) {
                    return Err(parameter(
                        value,
                        key,
                        "Invalid value for maxReceiveCount: must be between 1 and 1000.",
                    ));
                }
                let Some(dlq) = world.sqs.by_arn(target) else {
                    return Err(parameter(value, key, "Dead letter target does not exist."));
                };
                if dlq.fifo != fifo {
                    return Err(parameter(value, key, "Dead-letter queue must be same type of queue as the source."));
                }
                let normalized =
                    serde_json::json!({"deadLetterTargetArn": target, "maxReceiveCount": count.unwrap_or(1)});
                out.insert(key.into(), normalized.to_string());
            }
            "KmsMasterKeyId" => {
                out.insert(key.into(), value.clone());
            }
            _ => return Err(unknown_attribute(key)),
        }
    }
    Ok(out)
}

/// Applies checked attributes to a queue's attribute map (empty values clear optional ones).
fn apply(attributes: &mut BTreeMap<String, String>, changes: BTreeMap<String, String>) {
    for (k, v) in changes {
        if k == "KmsMasterKeyId" && !v.is_empty() {
            attributes.insert("SqsManagedSseEnabled".into(), "false".into());
        }
        if k == "SqsManagedSseEnabled" && v == "true" {
            attributes.remove("KmsMasterKeyId");
            attributes.remove("KmsDataKeyReusePeriodSeconds");
        }
        if v.is_empty() && ["RedrivePolicy", "Policy", "RedriveAllowPolicy", "KmsMasterKeyId"].contains(&k.as_str()) {
            attributes.remove(&k);
        } else {
            attributes.insert(k, v);
        }
    }
    if attributes.contains_key("KmsMasterKeyId") && !attributes.contains_key("KmsDataKeyReusePeriodSeconds") {
        attributes.insert("KmsDataKeyReusePeriodSeconds".into(), "300".into());
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateQueueRequest {
    pub queue_name: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// SQS spells this member in lower case.
    #[serde(default, rename = "tags", skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateQueueOutput {
    pub queue_url: String,
}

pub fn create_queue(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateQueueRequest,
) -> Result<CreateQueueOutput, ApiError> {
    migrate(world);
    let region = cx.region.clone();
    let name = input.queue_name.clone();
    let wants_fifo = input.attributes.get("FifoQueue").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let base = name.strip_suffix(".fifo").filter(|_| wants_fifo).unwrap_or(&name);
    let good_chars = !base.is_empty() && base.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if name.len() > 80 || !good_chars {
        cx.why("a queue name is 1 to 80 letters, digits, hyphens and underscores (a FIFO queue's ends in .fifo)");
        return Err(ApiError::bad_request(
            "InvalidParameterValue",
            if wants_fifo {
                "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end \
                 with .fifo suffix and be 1 to 80 in length."
            } else {
                "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length"
            },
        ));
    }
    if wants_fifo != name.ends_with(".fifo") {
        cx.why("a FIFO queue's name ends in .fifo, and only a FIFO queue's does");
        return Err(ApiError::bad_request(
            "InvalidParameterValue",
            "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with \
             .fifo suffix and be 1 to 80 in length.",
        ));
    }
    if input.tags.len() > 50 {
        return Err(ApiError::bad_request("InvalidParameterValue", "Too many tags added for queue"));
    }
    let url = queue_url(&region, &name);
    let arn = queue_arn(&region, &name);
    cx.touch(arn.clone());
    let given =
        check_attributes(world, wants_fifo, true, &input.attributes).inspect_err(|e| cx.why(e.message.clone()))?;
    if let Some(existing) = world.sqs.queues.get(&url) {
        let differ: Vec<&str> = given
            .iter()
            .filter(|(k, v)| existing.attributes.get(*k).map(String::as_str).unwrap_or("") != v.as_str())
            .map(|(k, _)| k.as_str())
            .collect();
        if !differ.is_empty() {
            cx.why(format!("{name} exists with other values of {}", differ.join(", ")));
            return Err(ApiError::bad_request(
                "QueueAlreadyExists",
                format!(
                    "A queue already exists with the same name and a different value for attribute(s) {}",
                    differ.join(", ")
                ),
            ));
        }
        cx.why(format!("{name} exists with the same attributes; CreateQueue answers its URL"));
        return Ok(CreateQueueOutput { queue_url: url });
    }
    let mut attributes: BTreeMap<String, String> =
        DEFAULT_ATTRIBUTES.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    attributes.insert("SqsManagedSseEnabled".into(), "true".into());
    if wants_fifo {
        attributes.insert("ContentBasedDeduplication".into(), "false".into());
        attributes.insert("DeduplicationScope".into(), "queue".into());
        attributes.insert("FifoThroughputLimit".into(), "perQueue".into());
    }
    apply(&mut attributes, given);
    let now = world.now();
    world.sqs.queues.insert(
        url.clone(),
        Queue {
            name: name.clone(),
            url: url.clone(),
            arn,
            region,
            fifo: wants_fifo,
            attributes,
            tags: input.tags,
            created: now,
            last_modified: now,
            messages: Vec::new(),
            dedup: BTreeMap::new(),
            last_purge: None,
        },
    );
    cx.why(format!("{} queue {name} created", if wants_fifo { "FIFO" } else { "standard" }));
    Ok(CreateQueueOutput { queue_url: url })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetQueueUrlRequest {
    pub queue_name: String,
    #[serde(default, rename = "QueueOwnerAWSAccountId", skip_serializing_if = "Option::is_none")]
    pub queue_owner_aws_account_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetQueueUrlOutput {
    pub queue_url: String,
}

pub fn get_queue_url(
    world: &mut World,
    cx: &mut CallContext,
    input: GetQueueUrlRequest,
) -> Result<GetQueueUrlOutput, ApiError> {
    migrate(world);
    let url = queue_url(&cx.region, &input.queue_name);
    let owner_ok = input.queue_owner_aws_account_id.as_deref().is_none_or(|a| a == crate::world::ACCOUNT_ID);
    match world.sqs.queues.get(&url).filter(|_| owner_ok) {
        Some(q) => {
            cx.touch(q.arn.clone());
            cx.why(format!("{} is in {}", q.name, q.region));
            Ok(GetQueueUrlOutput { queue_url: url })
        }
        None => {
            cx.why(format!("no queue named {} in {} (queue names are per Region)", input.queue_name, cx.region));
            Err(no_queue())
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListQueuesRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue_name_prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListQueuesOutput {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub queue_urls: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

pub fn list_queues(
    world: &mut World,
    cx: &mut CallContext,
    input: ListQueuesRequest,
) -> Result<ListQueuesOutput, ApiError> {
    migrate(world);
    if let Some(m) = input.max_results {
        if !(1..=1000).contains(&m) {
            return Err(parameter(&m.to_string(), "MaxResults", "Must be between 1 and 1000, if provided."));
        }
    }
    let prefix = input.queue_name_prefix.clone().unwrap_or_default();
    let region = cx.region.clone();
    let all: Vec<&Queue> =
        world.sqs.queues.values().filter(|q| q.region == region && q.name.starts_with(&prefix)).collect();
    let start = match &input.next_token {
        Some(t) => t
            .parse::<usize>()
            .map_err(|_| ApiError::bad_request("InvalidParameterValue", "Invalid NextToken value."))?,
        None => 0,
    };
    let page = input.max_results.unwrap_or(1000) as usize;
    let queue_urls: Vec<String> = all.iter().skip(start).take(page).map(|q| q.url.clone()).collect();
    let next_token = (input.max_results.is_some() && start + page < all.len()).then(|| (start + page).to_string());
    cx.why(format!(
        "{} queue(s) in {region}{}",
        all.len(),
        if prefix.is_empty() { String::new() } else { format!(" named {prefix}*") }
    ));
    Ok(ListQueuesOutput { queue_urls, next_token })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetQueueAttributesRequest {
    pub queue_url: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attribute_names: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetQueueAttributesOutput {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
}

/// Every attribute of a queue at `now`, stored and computed.
pub fn all_attributes(q: &Queue, now: crate::time::SimTime) -> BTreeMap<String, String> {
    let mut a = q.attributes.clone();
    if q.fifo {
        a.insert("FifoQueue".into(), "true".into());
    }
    let (visible, in_flight, delayed) = q.counts(now);
    a.insert("ApproximateNumberOfMessages".into(), visible.to_string());
    a.insert("ApproximateNumberOfMessagesNotVisible".into(), in_flight.to_string());
    a.insert("ApproximateNumberOfMessagesDelayed".into(), delayed.to_string());
    a.insert("CreatedTimestamp".into(), (q.created.0 / 1000).to_string());
    a.insert("LastModifiedTimestamp".into(), (q.last_modified.0 / 1000).to_string());
    a.insert("QueueArn".into(), q.arn.clone());
    a
}

pub fn get_queue_attributes(
    world: &mut World,
    cx: &mut CallContext,
    input: GetQueueAttributesRequest,
) -> Result<GetQueueAttributesOutput, ApiError> {
    let now = world.now();
    let q = queue_mut(world, cx, &input.queue_url)?;
    let all = all_attributes(q, now);
    let known = |n: &str| SETTABLE.contains(&n) || FIFO_ONLY.contains(&n) || COMPUTED.contains(&n) || n == "All";
    if let Some(bad) = input.attribute_names.iter().find(|n| !known(n)) {
        return Err(unknown_attribute(bad));
    }
    let attributes: BTreeMap<String, String> = if input.attribute_names.iter().any(|n| n == "All") {
        all
    } else {
        all.into_iter().filter(|(k, _)| input.attribute_names.contains(k)).collect()
    };
    let (visible, in_flight, _) = q.counts(now);
    cx.why(format!("{}: {visible} message(s) available, {in_flight} in flight", q.name));
    Ok(GetQueueAttributesOutput { attributes })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetQueueAttributesRequest {
    pub queue_url: String,
    pub attributes: BTreeMap<String, String>,
}

pub fn set_queue_attributes(
    world: &mut World,
    cx: &mut CallContext,
    input: SetQueueAttributesRequest,
) -> Result<EmptyOutput, ApiError> {
    let fifo = queue_mut(world, cx, &input.queue_url)?.fifo;
    let changes = check_attributes(world, fifo, false, &input.attributes).inspect_err(|e| cx.why(e.message.clone()))?;
    let now = world.now();
    let q = queue_mut(world, cx, &input.queue_url)?;
    let names: Vec<String> = changes.keys().cloned().collect();
    apply(&mut q.attributes, changes);
    q.last_modified = now;
    cx.why(format!("{} now has {}", q.name, names.join(", ")));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct QueueUrlRequest {
    pub queue_url: String,
}

pub fn delete_queue(world: &mut World, cx: &mut CallContext, input: QueueUrlRequest) -> Result<EmptyOutput, ApiError> {
    let q = queue_mut(world, cx, &input.queue_url)?;
    let (name, lost) = (q.name.clone(), q.messages.len());
    world.sqs.queues.remove(&input.queue_url);
    cx.why(format!("{name} deleted with its {lost} message(s)"));
    Ok(EmptyOutput {})
}

pub fn purge_queue(world: &mut World, cx: &mut CallContext, input: QueueUrlRequest) -> Result<EmptyOutput, ApiError> {
    let now = world.now();
    let q = queue_mut(world, cx, &input.queue_url)?;
    if let Some(at) = q.last_purge.filter(|at| *at + SimDuration::seconds(60) > now) {
        cx.why(format!("{} was purged at {}; one purge per 60 seconds", q.name, at.iso8601()));
        return Err(ApiError::bad_request(
            "AWS.SimpleQueueService.PurgeQueueInProgress",
            format!("Only one PurgeQueue operation on {} is allowed every 60 seconds.", q.name),
        ));
    }
    let n = q.messages.len();
    q.messages.clear();
    q.last_purge = Some(now);
    cx.why(format!("{}: {n} message(s) deleted", q.name));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagQueueRequest {
    pub queue_url: String,
    pub tags: BTreeMap<String, String>,
}

pub fn tag_queue(world: &mut World, cx: &mut CallContext, input: TagQueueRequest) -> Result<EmptyOutput, ApiError> {
    let q = queue_mut(world, cx, &input.queue_url)?;
    let mut tags = q.tags.clone();
    tags.extend(input.tags);
    if tags.len() > 50 {
        return Err(ApiError::bad_request("InvalidParameterValue", "Too many tags added for queue"));
    }
    q.tags = tags;
    cx.why(format!("{} has {} tag(s)", q.name, q.tags.len()));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UntagQueueRequest {
    pub queue_url: String,
    pub tag_keys: Vec<String>,
}

pub fn untag_queue(world: &mut World, cx: &mut CallContext, input: UntagQueueRequest) -> Result<EmptyOutput, ApiError> {
    let q = queue_mut(world, cx, &input.queue_url)?;
    for k in &input.tag_keys {
        q.tags.remove(k);
    }
    cx.why(format!("{} has {} tag(s)", q.name, q.tags.len()));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListQueueTagsOutput {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
}

pub fn list_queue_tags(
    world: &mut World,
    cx: &mut CallContext,
    input: QueueUrlRequest,
) -> Result<ListQueueTagsOutput, ApiError> {
    let q = queue_mut(world, cx, &input.queue_url)?;
    cx.why(format!("{} has {} tag(s)", q.name, q.tags.len()));
    Ok(ListQueueTagsOutput { tags: q.tags.clone() })
}
