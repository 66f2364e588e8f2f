//! Publish: the message goes to every confirmed subscription of the topic. SQS subscriptions get
//! it in their queue (through SQS, so delays and FIFO rules apply); Lambda subscriptions record
//! an invocation; endpoints outside the simulator (email, HTTP, SMS) are counted, not sent.

use super::topics::{invalid, topic};
use crate::error::ApiError;
use crate::world::{CallContext, World};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PublishRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_arn: Option<String>,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_group_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_deduplication_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PublishOutput {
    pub message_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<String>,
}

/// The JSON document SNS delivers to an SQS queue without RawMessageDelivery.
pub fn envelope(
    message_id: &str,
    topic_arn: &str,
    subject: Option<&str>,
    message: &str,
    timestamp: &str,
    sub_arn: &str,
) -> String {
    let region = topic_arn.split(':').nth(3).unwrap_or("us-east-1");
    let mut v = serde_json::json!({
        "Type": "Notification",
        "MessageId": message_id,
        "TopicArn": topic_arn,
    });
    if let Some(s) = subject {
        v["Subject"] = serde_json::Value::String(s.to_string());
    }
    v["Message"] = serde_json::Value::String(message.to_string());
    v["Timestamp"] = serde_json::Value::String(timestamp.to_string());
    v["SignatureVersion"] = "1".into();
    v["Signature"] = "NIMBUS-LAB-SIMULATED-SIGNATURE".into();
    v["SigningCertURL"] = format!("https://sns.{region}.amazonaws.com/SimpleNotificationService-nimbuslab.pem").into();
    v["UnsubscribeURL"] =
        format!("https://sns.{region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={sub_arn}").into();
    v.to_string()
}

pub fn publish(world: &mut World, cx: &mut CallContext, input: PublishRequest) -> Result<PublishOutput, ApiError> {
    let Some(arn) = input.topic_arn.clone().or(input.target_arn.clone()) else {
        cx.why("Publish needs a TopicArn (or a TargetArn)");
        return Err(invalid("TopicArn or TargetArn Reason: no value for required parameter"));
    };
    let t = topic(world, cx, &arn)?.clone();
    if input.message.is_empty() {
        cx.why("an empty message is refused");
        return Err(invalid("Empty message"));
    }
    if input.message.len() > 262_144 {
        return Err(invalid("Message too long"));
    }
    if input.subject.as_deref().is_some_and(|s| s.is_empty() || s.len() > 100) {
        return Err(invalid("Subject"));
    }
    let mut sequence_number = None;
    if t.fifo {
        if input.message_group_id.as_deref().is_none_or(str::is_empty) {
            return Err(invalid("The MessageGroupId parameter is required for FIFO topics"));
        }
        let cbd = t.attributes.get("ContentBasedDeduplication").is_some_and(|v| v == "true");
        if input.message_deduplication_id.is_none() && !cbd {
            return Err(invalid(
                "The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided \
                 explicitly",
            ));
        }
        world.sns.next_sequence += 1;
        sequence_number = Some(format!("{:020}", 10_000_000_000_000_000_000u128 + world.sns.next_sequence as u128));
    } else if input.message_group_id.is_some() {
        return Err(invalid("MessageGroupId Reason: The request includes MessageGroupId parameter that is not valid for this topic type"));
    }
    let message_id = crate::ids::uuid(world.rng());
    let timestamp = world.now().iso8601();
    let subs: Vec<_> = world.sns.subscriptions.values().filter(|s| s.topic_arn == t.arn).cloned().collect();
    let (mut to_queues, mut to_functions, mut pending, mut outside, mut failed) = (0, 0, 0, 0, 0);
    for s in &subs {
        if !s.confirmed {
            pending += 1;
            continue;
        }
        let delivered = match s.protocol.as_str() {
            "sqs" => {
                let body = if s.raw() {
                    input.message.clone()
                } else {
                    envelope(&message_id, &t.arn, input.subject.as_deref(), &input.message, &timestamp, &s.arn)
                };
                let url = world.sqs.by_arn(&s.endpoint).map(|q| q.url.clone());
                match url {
                    Some(url) => {
                        let dedup =
                            input.message_deduplication_id.clone().or_else(|| t.fifo.then(|| message_id.clone()));
                        let group = if t.fifo { input.message_group_id.clone() } else { None };
                        let ok = crate::services::sqs::ops::enqueue(world, &url, &body, None, group, dedup).is_ok();
                        if ok {
                            crate::services::sqs::ops::lambda_poke(world, &url);
                            to_queues += 1;
                        }
                        ok
                    }
                    None => false,
                }
            }
            #[cfg(feature = "lambda")]
            "lambda" => {
                let event = serde_json::json!({"Records": [{
                    "EventSource": "aws:sns",
                    "EventSubscriptionArn": s.arn,
                    "Sns": serde_json::from_str::<serde_json::Value>(&envelope(&message_id, &t.arn, input.subject.as_deref(), &input.message, &timestamp, &s.arn)).unwrap_or_default(),
                }]});
                let ok = crate::services::lambda::ops::record_invocation(
                    world,
                    &s.endpoint,
                    "Event",
                    &event.to_string(),
                    "sns",
                )
                .is_ok();
                if ok {
                    to_functions += 1;
                }
                ok
            }
            _ => {
                outside += 1;
                true
            }
        };
        if delivered {
            cx.touch(s.endpoint.clone());
            if let Some(sub) = world.sns.subscriptions.get_mut(&s.arn) {
                sub.delivered += 1;
            }
        } else {
            failed += 1;
        }
    }
    if let Some(topic) = world.sns.topics.get_mut(&t.arn) {
        topic.published += 1;
    }
    let _ = &mut to_functions;
    let mut why = format!("{}: delivered to {to_queues} queue(s)", t.name);
    if to_functions > 0 {
        why.push_str(&format!(", {to_functions} function(s)"));
    }
    if outside > 0 {
        why.push_str(&format!(", {outside} endpoint(s) outside the simulator (counted, not sent)"));
    }
    if pending > 0 {
        why.push_str(&format!("; {pending} subscription(s) still PendingConfirmation get nothing"));
    }
    if failed > 0 {
        why.push_str(&format!("; {failed} delivery(ies) failed (the queue or function does not exist)"));
    }
    cx.why(why);
    Ok(PublishOutput { message_id, sequence_number })
}
