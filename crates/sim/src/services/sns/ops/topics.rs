//! CreateTopic, ListTopics, GetTopicAttributes, SetTopicAttributes, DeleteTopic and the tag
//! operations.

use crate::error::ApiError;
use crate::services::sns::model::*;
use crate::world::{CallContext, World, ACCOUNT_ID};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The output of calls that answer nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EmptyOutput {}

pub(crate) fn invalid(message: impl std::fmt::Display) -> ApiError {
    ApiError::bad_request("InvalidParameter", format!("Invalid parameter: {message}"))
}

pub(crate) fn topic_not_found() -> ApiError {
    ApiError::not_found("NotFound", "Topic does not exist")
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    pub key: String,
    pub value: String,
}

/// The topic with this ARN; touches it.
pub(crate) fn topic<'a>(world: &'a mut World, cx: &mut CallContext, arn: &str) -> Result<&'a mut Topic, ApiError> {
    cx.touch(arn.to_string());
    if !arn.starts_with("arn:aws:sns:") || arn.split(':').count() != 6 {
        cx.why(format!("{arn} is not a topic ARN"));
        return Err(invalid("TopicArn"));
    }
    match world.sns.topics.get_mut(arn) {
        Some(t) => Ok(t),
        None => {
            cx.why(format!("no topic has the ARN {arn}"));
            Err(topic_not_found())
        }
    }
}

fn check_topic_attribute(fifo: bool, key: &str, value: &str) -> Result<(), ApiError> {
    let fifo_only = key == "ContentBasedDeduplication" || key == "FifoThroughputScope";
    if !TOPIC_SETTABLE.contains(&key) || (fifo_only && !fifo) {
        return Err(invalid(format!("AttributeName{}", if fifo_only { ": only FIFO topics take it" } else { "" })));
    }
    if (key == "Policy" || key == "DeliveryPolicy")
        && !value.is_empty()
        && serde_json::from_str::<serde_json::Value>(value).map_or(true, |v| !v.is_object())
    {
        return Err(invalid(format!("{key}: Invalid JSON")));
    }
    if key == "ContentBasedDeduplication" && value != "true" && value != "false" {
        return Err(invalid("ContentBasedDeduplication: must be true or false"));
    }
    Ok(())
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateTopicRequest {
    pub name: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateTopicOutput {
    pub topic_arn: String,
}

pub fn create_topic(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateTopicRequest,
) -> Result<CreateTopicOutput, ApiError> {
    let region = cx.region.clone();
    let name = input.name.clone();
    let fifo = input.attributes.get("FifoTopic").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let base = if fifo { name.strip_suffix(".fifo").unwrap_or("") } else { name.as_str() };
    let good = !base.is_empty()
        && name.len() <= 256
        && base.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && (fifo || !name.ends_with(".fifo"));
    if !good {
        cx.why("a topic name is 1 to 256 letters, digits, hyphens and underscores; a FIFO topic's ends in .fifo");
        return Err(invalid(if fifo || name.ends_with(".fifo") {
            "Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, \
             numbers, underscores, and hyphens, and must be between 1 and 256 characters long."
        } else {
            "Topic Name"
        }));
    }
    let mut attributes = BTreeMap::new();
    for (k, v) in &input.attributes {
        if k == "FifoTopic" {
            if !v.eq_ignore_ascii_case("true") && !v.eq_ignore_ascii_case("false") {
                return Err(invalid("FifoTopic: must be true or false"));
            }
            continue;
        }
        check_topic_attribute(fifo, k, v).inspect_err(|e| cx.why(e.message.clone()))?;
        attributes.insert(k.clone(), v.clone());
    }
    let arn = topic_arn(&region, &name);
    cx.touch(arn.clone());
    let tags: Vec<(String, String)> = input.tags.iter().map(|t| (t.key.clone(), t.value.clone())).collect();
    if let Some(existing) = world.sns.topics.get(&arn) {
        let differ = attributes.iter().any(|(k, v)| existing.attributes.get(k) != Some(v));
        if differ {
            cx.why(format!("{name} exists with other attributes"));
            return Err(invalid("Attributes Reason: Topic already exists with different attributes"));
        }
        if !tags.is_empty() && tags.iter().any(|t| !existing.tags.contains(t)) {
            cx.why(format!("{name} exists with other tags"));
            return Err(invalid("Tags Reason: Topic already exists with different tags"));
        }
        cx.why(format!("{name} exists; CreateTopic answers its ARN (it is idempotent by name)"));
        return Ok(CreateTopicOutput { topic_arn: arn });
    }
    world.sns.topics.insert(
        arn.clone(),
        Topic {
            arn: arn.clone(),
            name: name.clone(),
            region,
            fifo,
            attributes,
            tags,
            created: world.now(),
            published: 0,
            deleted_subscriptions: 0,
        },
    );
    cx.why(format!("{} topic {name} created", if fifo { "FIFO" } else { "standard" }));
    Ok(CreateTopicOutput { topic_arn: arn })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTopicsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TopicEntry {
    pub topic_arn: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTopicsOutput {
    pub topics: Vec<TopicEntry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// One page of `items` (100 a page, as SNS's list operations answer).
pub(crate) fn page<T: Clone>(items: &[T], token: Option<&str>) -> Result<(Vec<T>, Option<String>), ApiError> {
    let start = match token {
        Some(t) => t.parse::<usize>().map_err(|_| invalid("NextToken"))?,
        None => 0,
    };
    let out: Vec<T> = items.iter().skip(start).take(100).cloned().collect();
    let next = (start + 100 < items.len()).then(|| (start + 100).to_string());
    Ok((out, next))
}

pub fn list_topics(
    world: &mut World,
    cx: &mut CallContext,
    input: ListTopicsRequest,
) -> Result<ListTopicsOutput, ApiError> {
    let region = cx.region.clone();
    let all: Vec<TopicEntry> = world
        .sns
        .topics
        .values()
        .filter(|t| t.region == region)
        .map(|t| TopicEntry { topic_arn: t.arn.clone() })
        .collect();
    let (topics, next_token) = page(&all, input.next_token.as_deref())?;
    cx.why(format!("{} topic(s) in {region}", all.len()));
    Ok(ListTopicsOutput { topics, next_token })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TopicArnRequest {
    pub topic_arn: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributesOutput {
    pub attributes: BTreeMap<String, String>,
}

pub fn get_topic_attributes(
    world: &mut World,
    cx: &mut CallContext,
    input: TopicArnRequest,
) -> Result<AttributesOutput, ApiError> {
    let t = topic(world, cx, &input.topic_arn)?.clone();
    let subs: Vec<_> = world.sns.subscriptions.values().filter(|s| s.topic_arn == t.arn).collect();
    let confirmed = subs.iter().filter(|s| s.confirmed).count();
    let mut a = BTreeMap::new();
    a.insert("TopicArn".to_string(), t.arn.clone());
    a.insert("Owner".into(), ACCOUNT_ID.into());
    a.insert("DisplayName".into(), String::new());
    a.insert("Policy".into(), default_policy(&t.arn));
    a.insert(
        "EffectiveDeliveryPolicy".into(),
        r#"{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"disableSubscriptionOverrides":false,"defaultRequestPolicy":{"headerContentType":"text/plain; charset=UTF-8"}}}"#.into(),
    );
    a.insert("SubscriptionsConfirmed".into(), confirmed.to_string());
    a.insert("SubscriptionsPending".into(), (subs.len() - confirmed).to_string());
    a.insert("SubscriptionsDeleted".into(), t.deleted_subscriptions.to_string());
    if t.fifo {
        a.insert("FifoTopic".into(), "true".into());
        a.insert("ContentBasedDeduplication".into(), "false".into());
    }
    a.extend(t.attributes.clone());
    cx.why(format!("{}: {confirmed} confirmed subscription(s), {} pending", t.name, subs.len() - confirmed));
    Ok(AttributesOutput { attributes: a })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetTopicAttributesRequest {
    pub topic_arn: String,
    pub attribute_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_value: Option<String>,
}

pub fn set_topic_attributes(
    world: &mut World,
    cx: &mut CallContext,
    input: SetTopicAttributesRequest,
) -> Result<EmptyOutput, ApiError> {
    let t = topic(world, cx, &input.topic_arn)?;
    let value = input.attribute_value.clone().unwrap_or_default();
    check_topic_attribute(t.fifo, &input.attribute_name, &value)?;
    if value.is_empty() {
        t.attributes.remove(&input.attribute_name);
    } else {
        t.attributes.insert(input.attribute_name.clone(), value);
    }
    cx.why(format!("{} now has {}", t.name, input.attribute_name));
    Ok(EmptyOutput {})
}

pub fn delete_topic(world: &mut World, cx: &mut CallContext, input: TopicArnRequest) -> Result<EmptyOutput, ApiError> {
    cx.touch(input.topic_arn.clone());
    if world.sns.topics.remove(&input.topic_arn).is_none() {
        cx.why(format!("no topic {}; DeleteTopic of a topic that does not exist succeeds", input.topic_arn));
        return Ok(EmptyOutput {});
    }
    let before = world.sns.subscriptions.len();
    world.sns.subscriptions.retain(|_, s| s.topic_arn != input.topic_arn);
    cx.why(format!("topic deleted with its {} subscription(s)", before - world.sns.subscriptions.len()));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagResourceRequest {
    pub resource_arn: String,
    pub tags: Vec<Tag>,
}

pub fn tag_resource(
    world: &mut World,
    cx: &mut CallContext,
    input: TagResourceRequest,
) -> Result<EmptyOutput, ApiError> {
    let t = topic(world, cx, &input.resource_arn)
        .map_err(|_| ApiError::not_found("ResourceNotFound", "Resource does not exist"))?;
    for tag in input.tags {
        t.tags.retain(|(k, _)| *k != tag.key);
        t.tags.push((tag.key, tag.value));
    }
    if t.tags.len() > 50 {
        return Err(ApiError::bad_request(
            "TagLimitExceeded",
            "Could not complete request: tag quota of per resource exceeded",
        ));
    }
    cx.why(format!("{} has {} tag(s)", t.name, t.tags.len()));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UntagResourceRequest {
    pub resource_arn: String,
    pub tag_keys: Vec<String>,
}

pub fn untag_resource(
    world: &mut World,
    cx: &mut CallContext,
    input: UntagResourceRequest,
) -> Result<EmptyOutput, ApiError> {
    let t = topic(world, cx, &input.resource_arn)
        .map_err(|_| ApiError::not_found("ResourceNotFound", "Resource does not exist"))?;
    t.tags.retain(|(k, _)| !input.tag_keys.contains(k));
    cx.why(format!("{} has {} tag(s)", t.name, t.tags.len()));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceArnRequest {
    pub resource_arn: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTagsForResourceOutput {
    pub tags: Vec<Tag>,
}

pub fn list_tags_for_resource(
    world: &mut World,
    cx: &mut CallContext,
    input: ResourceArnRequest,
) -> Result<ListTagsForResourceOutput, ApiError> {
    let t = topic(world, cx, &input.resource_arn)
        .map_err(|_| ApiError::not_found("ResourceNotFound", "Resource does not exist"))?;
    cx.why(format!("{} has {} tag(s)", t.name, t.tags.len()));
    Ok(ListTagsForResourceOutput {
        tags: t.tags.iter().map(|(k, v)| Tag { key: k.clone(), value: v.clone() }).collect(),
    })
}
