//! `AWS::SQS::Queue`, kept engine-side: SQS is not simulated yet, so the queue record lives in
//! CloudFormation's state (`CfnState::queues`) with the name, URL and ARN SQS would give. When an
//! SQS service arrives, this provider should call its CreateQueue/DeleteQueue instead.

use super::{check_properties, flag, generated_name, tags, text, Created, Provider, ProvisionCx};
use crate::services::cloudformation::model;
use crate::time::SimDuration;
use crate::world::{World, ACCOUNT_ID};
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;

pub struct Queue;

const NUMERIC: &[(&str, i64, i64)] = &[
    ("DelaySeconds", 0, 900),
    ("MaximumMessageSize", 1024, 262_144),
    ("MessageRetentionPeriod", 60, 1_209_600),
    ("ReceiveMessageWaitTimeSeconds", 0, 20),
    ("VisibilityTimeout", 0, 43_200),
];

impl Provider for Queue {
    fn type_name(&self) -> &'static str {
        "AWS::SQS::Queue"
    }
    fn properties(&self) -> &'static [&'static str] {
        &[
            "QueueName",
            "FifoQueue",
            "ContentBasedDeduplication",
            "DelaySeconds",
            "MaximumMessageSize",
            "MessageRetentionPeriod",
            "ReceiveMessageWaitTimeSeconds",
            "VisibilityTimeout",
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
        let base = name.strip_suffix(".fifo").unwrap_or(&name);
        if name.is_empty()
            || name.len() > 80
            || !base.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(format!(
                "Resource handler returned message: \"Can only include alphanumeric characters, hyphens, or underscores. \
                 1 to 80 in length\" (Service: Sqs, Status Code: 400, Error Code: InvalidParameterValue) ({name})"
            ));
        }
        if fifo != name.ends_with(".fifo") {
            return Err(
                "Resource handler returned message: \"The name of a FIFO queue can only include alphanumeric characters, \
                 hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length\""
                    .into(),
            );
        }
        let attributes = queue_attributes(props)?;
        let url = format!("https://sqs.{}.amazonaws.com/{ACCOUNT_ID}/{name}", cx.region);
        if world.cloudformation.queues.contains_key(&url) {
            return Err(format!("{name} already exists"));
        }
        let arn = format!("arn:aws:sqs:{}:{ACCOUNT_ID}:{name}", cx.region);
        let queue = model::Queue {
            name: name.clone(),
            url: url.clone(),
            arn: arn.clone(),
            region: cx.region.to_string(),
            fifo,
            attributes,
            tags: tags(id, props.get("Tags"), cx.stack_tags)?,
            created: world.now(),
        };
        world.cloudformation.queues.insert(url.clone(), queue);
        let mut out = BTreeMap::new();
        out.insert("Arn".into(), arn);
        out.insert("QueueName".into(), name);
        out.insert("QueueUrl".into(), url.clone());
        Ok(Created { physical_id: url.clone(), ref_value: url, attributes: out })
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
        let attributes = queue_attributes(props)?;
        let tags = tags(cx.logical_id, props.get("Tags"), cx.stack_tags)?;
        let Some(queue) = world.cloudformation.queues.get_mut(physical_id) else {
            return Err(format!(
                "Resource handler returned message: \"The specified queue does not exist.\" (Service: Sqs, Status Code: \
                 400, Error Code: AWS.SimpleQueueService.NonExistentQueue) ({physical_id})"
            ));
        };
        queue.attributes = attributes;
        queue.tags = tags;
        let mut out = BTreeMap::new();
        out.insert("Arn".into(), queue.arn.clone());
        out.insert("QueueName".into(), queue.name.clone());
        out.insert("QueueUrl".into(), queue.url.clone());
        Ok(Created { physical_id: queue.url.clone(), ref_value: queue.url.clone(), attributes: out })
    }

    fn delete(&self, world: &mut World, _cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        world.cloudformation.queues.remove(physical_id);
        Ok(())
    }
}

/// The queue attributes the properties set, checked against SQS's ranges.
fn queue_attributes(props: &Map<String, Json>) -> Result<BTreeMap<String, String>, String> {
    let mut attributes = BTreeMap::new();
    for (key, min, max) in NUMERIC {
        if let Some(v) = props.get(*key) {
            let n = text(v).and_then(|t| t.trim().parse::<i64>().ok());
            match n {
                Some(n) if (*min..=*max).contains(&n) => {
                    attributes.insert(key.to_string(), n.to_string());
                }
                _ => {
                    return Err(format!(
                        "Resource handler returned message: \"Invalid value for the parameter {key}.\" (Service: Sqs, \
                             Status Code: 400, Error Code: InvalidAttributeValue)"
                    ))
                }
            }
        }
    }
    if let Some(v) = flag(props.get("ContentBasedDeduplication")) {
        attributes.insert("ContentBasedDeduplication".into(), v.to_string());
    }
    Ok(attributes)
}
