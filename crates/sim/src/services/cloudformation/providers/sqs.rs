//! `AWS::SQS::Queue` and `AWS::SQS::QueuePolicy`, made with SQS's own operations: the queue's
//! `Ref` is its URL; `Fn::GetAtt` gives Arn, QueueName and QueueUrl. A queue policy sets the
//! `Policy` attribute of each queue it lists.

use super::{
    check_properties, flag, generated_name, handler_reason, kind, observed, tags, text, Created, Observed, Provider,
    ProvisionCx,
};
use crate::services::sqs::{self, SqsRequest, SqsResponse};
use crate::services::{Request, Response};
use crate::time::SimDuration;
use crate::world::World;
use serde_json::{json, Map, Value as Json};
use std::collections::BTreeMap;

pub struct Queue;
pub struct QueuePolicy;

/// Template properties that are queue attributes of the same name, with the value a queue has
/// when the template leaves them out (`None`: cleared).
const ATTRIBUTE_PROPERTIES: &[(&str, Option<&str>)] = &[
    ("DelaySeconds", Some("0")),
    ("MaximumMessageSize", Some("262144")),
    ("MessageRetentionPeriod", Some("345600")),
    ("ReceiveMessageWaitTimeSeconds", Some("0")),
    ("VisibilityTimeout", Some("30")),
    ("RedrivePolicy", None),
    ("RedriveAllowPolicy", None),
    ("KmsMasterKeyId", None),
    ("KmsDataKeyReusePeriodSeconds", None),
    ("SqsManagedSseEnabled", None),
    ("ContentBasedDeduplication", None),
    ("DeduplicationScope", None),
    ("FifoThroughputLimit", None),
];

/// Attributes whose values are numbers in templates.
const NUMBERS: &[&str] = &[
    "DelaySeconds",
    "MaximumMessageSize",
    "MessageRetentionPeriod",
    "ReceiveMessageWaitTimeSeconds",
    "VisibilityTimeout",
    "KmsDataKeyReusePeriodSeconds",
];

pub(crate) fn call(world: &mut World, region: &str, r: SqsRequest) -> Result<SqsResponse, String> {
    #[allow(unreachable_patterns)]
    match world.call_in(region, Request::Sqs(r)) {
        Ok(Response::Sqs(out)) => Ok(out),
        Ok(_) => Err("unexpected response".into()),
        Err(e) => Err(handler_reason("Sqs", &e)),
    }
}

/// A JSON property given as an object or as JSON text, as text.
fn json_text(v: &Json) -> Option<String> {
    match v {
        Json::Object(_) => Some(v.to_string()),
        other => text(other),
    }
}

/// The queue attributes the template's properties set (the defaults for what it leaves out
/// when `full`).
fn attributes(props: &Map<String, Json>, fifo: bool, full: bool) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (key, default) in ATTRIBUTE_PROPERTIES {
        let fifo_only = ["ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit"].contains(key);
        match props.get(*key).and_then(json_text) {
            Some(v) => {
                out.insert(key.to_string(), v);
            }
            None if full && (!fifo_only || fifo) => {
                if let Some(d) = default {
                    out.insert(key.to_string(), d.to_string());
                } else if !fifo_only && *key != "SqsManagedSseEnabled" && *key != "KmsDataKeyReusePeriodSeconds" {
                    out.insert(key.to_string(), String::new());
                }
            }
            None => {}
        }
    }
    if fifo && !full {
        out.insert("FifoQueue".into(), "true".into());
    }
    out
}

fn created(world: &World, url: &str) -> Created {
    let q = world.sqs.queues.get(url);
    let mut out = BTreeMap::new();
    out.insert("Arn".into(), q.map(|q| q.arn.clone()).unwrap_or_default());
    out.insert("QueueName".into(), q.map(|q| q.name.clone()).unwrap_or_default());
    out.insert("QueueUrl".into(), url.to_string());
    Created { physical_id: url.to_string(), ref_value: url.to_string(), attributes: out }
}

impl Provider for Queue {
    fn type_name(&self) -> &'static str {
        "AWS::SQS::Queue"
    }
    fn properties(&self) -> &'static [&'static str] {
        &[
            "QueueName",
            "FifoQueue",
            "ContentBasedDeduplication",
            "DeduplicationScope",
            "FifoThroughputLimit",
            "DelaySeconds",
            "MaximumMessageSize",
            "MessageRetentionPeriod",
            "ReceiveMessageWaitTimeSeconds",
            "VisibilityTimeout",
            "RedrivePolicy",
            "RedriveAllowPolicy",
            "KmsMasterKeyId",
            "KmsDataKeyReusePeriodSeconds",
            "SqsManagedSseEnabled",
            "Tags",
        ]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["Arn", "QueueName", "QueueUrl"]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(1)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(1)
    }

    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let fifo = flag(props.get("FifoQueue")).unwrap_or(false);
        let name = match props.get("QueueName").and_then(text) {
            Some(n) => n,
            None if fifo => format!("{}.fifo", generated_name(world, cx.stack_name, id, 75, false)),
            None => generated_name(world, cx.stack_name, id, 80, false),
        };
        let url = sqs::queue_url(cx.region, &name);
        if world.sqs.queues.contains_key(&url) {
            return Err(format!("{name} already exists"));
        }
        let tags: BTreeMap<String, String> = tags(id, props.get("Tags"), cx.stack_tags)?.into_iter().collect();
        let SqsResponse::CreateQueue(out) = call(
            world,
            cx.region,
            SqsRequest::CreateQueue(sqs::CreateQueueRequest {
                queue_name: name,
                attributes: attributes(props, fifo, false),
                tags,
            }),
        )?
        else {
            return Err("unexpected response".into());
        };
        Ok(created(world, &out.queue_url))
    }

    fn replacement_properties(&self) -> &'static [&'static str] {
        &["QueueName", "FifoQueue"]
    }
    fn name_property(&self) -> Option<&'static str> {
        Some("QueueName")
    }

    fn update(
        &self,
        world: &mut World,
        cx: &ProvisionCx<'_>,
        physical_id: &str,
        props: &Map<String, Json>,
    ) -> Result<Created, String> {
        check_properties(cx.logical_id, self.properties(), props)?;
        let fifo = world.sqs.queues.get(physical_id).is_some_and(|q| q.fifo);
        let tags: BTreeMap<String, String> =
            tags(cx.logical_id, props.get("Tags"), cx.stack_tags)?.into_iter().collect();
        call(
            world,
            cx.region,
            SqsRequest::SetQueueAttributes(sqs::SetQueueAttributesRequest {
                queue_url: physical_id.into(),
                attributes: attributes(props, fifo, true),
            }),
        )?;
        let old: Vec<String> =
            world.sqs.queues.get(physical_id).map(|q| q.tags.keys().cloned().collect()).unwrap_or_default();
        let gone: Vec<String> = old.into_iter().filter(|k| !tags.contains_key(k)).collect();
        if !gone.is_empty() {
            call(
                world,
                cx.region,
                SqsRequest::UntagQueue(sqs::UntagQueueRequest { queue_url: physical_id.into(), tag_keys: gone }),
            )?;
        }
        if !tags.is_empty() {
            call(world, cx.region, SqsRequest::TagQueue(sqs::TagQueueRequest { queue_url: physical_id.into(), tags }))?;
        }
        Ok(created(world, physical_id))
    }

    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        match call(world, cx.region, SqsRequest::DeleteQueue(sqs::QueueUrlRequest { queue_url: physical_id.into() })) {
            Ok(_) => Ok(()),
            Err(r) if r.contains("NonExistentQueue") => Ok(()),
            Err(r) => Err(r),
        }
    }

    fn observe(&self, world: &World, physical_id: &str) -> Observed {
        let Some(q) = world.sqs.queues.get(physical_id) else { return Observed::Deleted };
        let mut pairs: Vec<(&str, Json)> = Vec::new();
        for (key, _) in ATTRIBUTE_PROPERTIES {
            let value = match q.attributes.get(*key) {
                None => Json::Null,
                Some(v) if NUMBERS.contains(key) => v.parse::<i64>().map(Json::from).unwrap_or(Json::Null),
                Some(v) if *key == "RedrivePolicy" || *key == "RedriveAllowPolicy" => {
                    serde_json::from_str(v).unwrap_or(Json::Null)
                }
                Some(v) if v == "true" || v == "false" => json!(v == "true"),
                Some(v) => json!(v),
            };
            pairs.push((key, value));
        }
        pairs.push(("QueueName", json!(q.name)));
        Observed::Properties(observed(&pairs))
    }
}

impl Provider for QueuePolicy {
    fn type_name(&self) -> &'static str {
        "AWS::SQS::QueuePolicy"
    }
    fn properties(&self) -> &'static [&'static str] {
        &["PolicyDocument", "Queues"]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["Id"]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(1)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(1)
    }

    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        apply_policy(world, cx, props)?;
        let physical_id = format!("{}-{}-{}", cx.stack_name, cx.logical_id, crate::ids::upper_alnum(world.rng(), 13));
        let mut attributes = BTreeMap::new();
        attributes.insert("Id".into(), physical_id.clone());
        Ok(Created { physical_id: physical_id.clone(), ref_value: physical_id, attributes })
    }

    fn update(
        &self,
        world: &mut World,
        cx: &ProvisionCx<'_>,
        physical_id: &str,
        props: &Map<String, Json>,
    ) -> Result<Created, String> {
        let new: Vec<String> = props
            .get("Queues")
            .and_then(Json::as_array)
            .map(|a| a.iter().filter_map(text).collect())
            .unwrap_or_default();
        if let Some(old) = cx.properties.and_then(|p| p.get("Queues")).and_then(Json::as_array) {
            for url in old.iter().filter_map(text).filter(|u| !new.contains(u)) {
                let _ = set_policy(world, cx.region, &url, "");
            }
        }
        apply_policy(world, cx, props)?;
        let mut attributes = BTreeMap::new();
        attributes.insert("Id".into(), physical_id.to_string());
        Ok(Created { physical_id: physical_id.into(), ref_value: physical_id.into(), attributes })
    }

    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, _physical_id: &str) -> Result<(), String> {
        let queues: Vec<String> = cx
            .properties
            .and_then(|p| p.get("Queues"))
            .and_then(Json::as_array)
            .map(|a| a.iter().filter_map(text).collect())
            .unwrap_or_default();
        for url in queues {
            match set_policy(world, cx.region, &url, "") {
                Ok(()) => {}
                Err(r) if r.contains("NonExistentQueue") => {}
                Err(r) => return Err(r),
            }
        }
        Ok(())
    }
}

/// Sets the template's policy on each queue it lists.
fn apply_policy(world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<(), String> {
    let id = cx.logical_id;
    check_properties(id, QueuePolicy.properties(), props)?;
    let policy = match props.get("PolicyDocument") {
        Some(doc @ Json::Object(_)) => doc.to_string(),
        Some(Json::String(s)) => s.clone(),
        Some(other) => {
            return Err(format!(
                "Properties validation failed for resource {id} with message: #/PolicyDocument: expected type: JSONObject, found: {}",
                kind(other)
            ))
        }
        None => {
            return Err(format!(
                "Properties validation failed for resource {id} with message: #: required key [PolicyDocument] not found"
            ))
        }
    };
    let Some(Json::Array(items)) = props.get("Queues") else {
        return Err(format!(
            "Properties validation failed for resource {id} with message: #: required key [Queues] not found"
        ));
    };
    for url in items.iter().filter_map(text) {
        set_policy(world, cx.region, &url, &policy)?;
    }
    Ok(())
}

fn set_policy(world: &mut World, region: &str, url: &str, policy: &str) -> Result<(), String> {
    let mut attributes = BTreeMap::new();
    attributes.insert("Policy".to_string(), policy.to_string());
    call(
        world,
        region,
        SqsRequest::SetQueueAttributes(sqs::SetQueueAttributesRequest { queue_url: url.into(), attributes }),
    )
    .map(|_| ())
}
