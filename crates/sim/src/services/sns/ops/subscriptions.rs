//! Subscribe, ListSubscriptions, ListSubscriptionsByTopic, Get/SetSubscriptionAttributes and
//! Unsubscribe.

use super::topics::{invalid, page, topic, AttributesOutput, EmptyOutput};
use crate::error::ApiError;
use crate::services::sns::model::*;
use crate::world::{CallContext, World, ACCOUNT_ID};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

fn check_subscription_attribute(key: &str, value: &str) -> Result<(), ApiError> {
    if !SUBSCRIPTION_SETTABLE.contains(&key) {
        return Err(invalid("AttributeName"));
    }
    if key == "RawMessageDelivery" && !value.eq_ignore_ascii_case("true") && !value.eq_ignore_ascii_case("false") {
        return Err(invalid(format!("RawMessageDelivery: Invalid value [{value}]. Must be true or false.")));
    }
    if ["FilterPolicy", "DeliveryPolicy", "RedrivePolicy"].contains(&key)
        && !value.is_empty()
        && serde_json::from_str::<serde_json::Value>(value).map_or(true, |v| !v.is_object())
    {
        return Err(invalid(format!("{key}: failed to parse JSON.")));
    }
    Ok(())
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubscribeRequest {
    pub topic_arn: String,
    pub protocol: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_subscription_arn: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubscribeOutput {
    pub subscription_arn: String,
}

fn endpoint_ok(protocol: &str, endpoint: &str) -> bool {
    match protocol {
        "sqs" => endpoint.starts_with("arn:aws:sqs:") && endpoint.split(':').count() == 6,
        "lambda" => endpoint.starts_with("arn:aws:lambda:"),
        "http" => endpoint.starts_with("http://"),
        "https" => endpoint.starts_with("https://"),
        "email" | "email-json" => endpoint.contains('@'),
        _ => !endpoint.is_empty(),
    }
}

pub fn subscribe(
    world: &mut World,
    cx: &mut CallContext,
    input: SubscribeRequest,
) -> Result<SubscribeOutput, ApiError> {
    let t = topic(world, cx, &input.topic_arn)?.clone();
    let protocol = input.protocol.to_ascii_lowercase();
    if !PROTOCOLS.contains(&protocol.as_str()) {
        cx.why(format!("SNS delivers over {}", PROTOCOLS.join(", ")));
        return Err(invalid(format!("Amazon SNS does not support this protocol string: {}", input.protocol)));
    }
    let endpoint = input.endpoint.clone().unwrap_or_default();
    if !endpoint_ok(&protocol, &endpoint) {
        cx.why(format!(
            "a {protocol} subscription's endpoint is {}",
            match protocol.as_str() {
                "sqs" => "a queue ARN",
                "lambda" => "a function ARN",
                "email" | "email-json" => "an email address",
                _ => "a URL",
            }
        ));
        return Err(invalid(match protocol.as_str() {
            "sqs" => "SQS endpoint ARN".to_string(),
            "lambda" => "Lambda endpoint ARN".to_string(),
            "email" | "email-json" => "Email address".to_string(),
            _ => "Endpoint".to_string(),
        }));
    }
    if t.fifo && protocol != "sqs" {
        return Err(invalid(format!("Invalid protocol type: {protocol}")));
    }
    for (k, v) in &input.attributes {
        check_subscription_attribute(k, v)?;
    }
    cx.touch(endpoint.clone());
    if let Some(s) = world
        .sns
        .subscriptions
        .values()
        .find(|s| s.topic_arn == t.arn && s.protocol == protocol && s.endpoint == endpoint)
    {
        cx.why("this endpoint is already subscribed to the topic; Subscribe answers the same subscription");
        let arn = if s.confirmed || input.return_subscription_arn == Some(true) {
            s.arn.clone()
        } else {
            "pending confirmation".into()
        };
        return Ok(SubscribeOutput { subscription_arn: arn });
    }
    let arn = format!("{}:{}", t.arn, crate::ids::uuid(world.rng()));
    let confirmed = protocol == "sqs" || protocol == "lambda";
    world.sns.subscriptions.insert(
        arn.clone(),
        Subscription {
            arn: arn.clone(),
            topic_arn: t.arn.clone(),
            protocol: protocol.clone(),
            endpoint: endpoint.clone(),
            confirmed,
            attributes: input.attributes,
            delivered: 0,
        },
    );
    cx.touch(arn.clone());
    if confirmed {
        cx.why(format!("{endpoint} subscribed to {} and confirmed at once ({protocol} endpoints in the account need no confirmation)", t.name));
        Ok(SubscribeOutput { subscription_arn: arn })
    } else {
        cx.why(format!(
            "{endpoint} must confirm the subscription (SNS sends it a confirmation message; Nimbus Lab has no {protocol} \
             receiver, so it stays PendingConfirmation)"
        ));
        let shown = if input.return_subscription_arn == Some(true) { arn } else { "pending confirmation".into() };
        Ok(SubscribeOutput { subscription_arn: shown })
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubscriptionEntry {
    pub subscription_arn: String,
    pub owner: String,
    pub protocol: String,
    pub endpoint: String,
    pub topic_arn: String,
}

fn entry(s: &Subscription) -> SubscriptionEntry {
    SubscriptionEntry {
        subscription_arn: if s.confirmed { s.arn.clone() } else { "PendingConfirmation".into() },
        owner: ACCOUNT_ID.into(),
        protocol: s.protocol.clone(),
        endpoint: s.endpoint.clone(),
        topic_arn: s.topic_arn.clone(),
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListSubscriptionsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListSubscriptionsOutput {
    pub subscriptions: Vec<SubscriptionEntry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

pub fn list_subscriptions(
    world: &mut World,
    cx: &mut CallContext,
    input: ListSubscriptionsRequest,
) -> Result<ListSubscriptionsOutput, ApiError> {
    let prefix = format!("arn:aws:sns:{}:", cx.region);
    let all: Vec<SubscriptionEntry> =
        world.sns.subscriptions.values().filter(|s| s.topic_arn.starts_with(&prefix)).map(entry).collect();
    let (subscriptions, next_token) = page(&all, input.next_token.as_deref())?;
    cx.why(format!("{} subscription(s) in {}", all.len(), cx.region));
    Ok(ListSubscriptionsOutput { subscriptions, next_token })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListSubscriptionsByTopicRequest {
    pub topic_arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

pub fn list_subscriptions_by_topic(
    world: &mut World,
    cx: &mut CallContext,
    input: ListSubscriptionsByTopicRequest,
) -> Result<ListSubscriptionsOutput, ApiError> {
    let name = topic(world, cx, &input.topic_arn)?.name.clone();
    let all: Vec<SubscriptionEntry> =
        world.sns.subscriptions.values().filter(|s| s.topic_arn == input.topic_arn).map(entry).collect();
    let (subscriptions, next_token) = page(&all, input.next_token.as_deref())?;
    cx.why(format!("{name} has {} subscription(s)", all.len()));
    Ok(ListSubscriptionsOutput { subscriptions, next_token })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubscriptionArnRequest {
    pub subscription_arn: String,
}

fn subscription<'a>(world: &'a mut World, cx: &mut CallContext, arn: &str) -> Result<&'a mut Subscription, ApiError> {
    cx.touch(arn.to_string());
    if !arn.starts_with("arn:aws:sns:") || arn.split(':').count() != 7 {
        cx.why(format!("{arn} is not a subscription ARN"));
        return Err(invalid("SubscriptionArn"));
    }
    world.sns.subscriptions.get_mut(arn).ok_or_else(|| {
        cx.why(format!("no subscription has the ARN {arn}"));
        ApiError::not_found("NotFound", "Subscription does not exist")
    })
}

pub fn get_subscription_attributes(
    world: &mut World,
    cx: &mut CallContext,
    input: SubscriptionArnRequest,
) -> Result<AttributesOutput, ApiError> {
    let s = subscription(world, cx, &input.subscription_arn)?;
    let mut a = BTreeMap::new();
    a.insert("SubscriptionArn".to_string(), s.arn.clone());
    a.insert("TopicArn".into(), s.topic_arn.clone());
    a.insert("Protocol".into(), s.protocol.clone());
    a.insert("Endpoint".into(), s.endpoint.clone());
    a.insert("Owner".into(), ACCOUNT_ID.into());
    a.insert("PendingConfirmation".into(), (!s.confirmed).to_string());
    a.insert("ConfirmationWasAuthenticated".into(), s.confirmed.to_string());
    a.insert("RawMessageDelivery".into(), s.raw().to_string());
    a.extend(s.attributes.clone());
    cx.why(format!("{} subscription to {}", s.protocol, s.endpoint));
    Ok(AttributesOutput { attributes: a })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetSubscriptionAttributesRequest {
    pub subscription_arn: String,
    pub attribute_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_value: Option<String>,
}

pub fn set_subscription_attributes(
    world: &mut World,
    cx: &mut CallContext,
    input: SetSubscriptionAttributesRequest,
) -> Result<EmptyOutput, ApiError> {
    let value = input.attribute_value.clone().unwrap_or_default();
    check_subscription_attribute(&input.attribute_name, &value)?;
    let s = subscription(world, cx, &input.subscription_arn)?;
    if input.attribute_name == "RawMessageDelivery"
        && !matches!(s.protocol.as_str(), "sqs" | "http" | "https" | "firehose")
    {
        return Err(invalid(format!("Delivery protocol [{}] does not support raw message delivery.", s.protocol)));
    }
    if value.is_empty() {
        s.attributes.remove(&input.attribute_name);
    } else {
        s.attributes.insert(input.attribute_name.clone(), value.clone());
    }
    cx.why(format!("{} is now {value:?} on the subscription", input.attribute_name));
    Ok(EmptyOutput {})
}

pub fn unsubscribe(
    world: &mut World,
    cx: &mut CallContext,
    input: SubscriptionArnRequest,
) -> Result<EmptyOutput, ApiError> {
    let topic_arn = subscription(world, cx, &input.subscription_arn)?.topic_arn.clone();
    world.sns.subscriptions.remove(&input.subscription_arn);
    if let Some(t) = world.sns.topics.get_mut(&topic_arn) {
        t.deleted_subscriptions += 1;
    }
    cx.why("subscription deleted; the endpoint gets no more messages from the topic");
    Ok(EmptyOutput {})
}
