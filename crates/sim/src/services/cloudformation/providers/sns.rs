//! `AWS::SNS::Topic` (with its inline `Subscription` list), `AWS::SNS::Subscription` and
//! `AWS::SNS::TopicPolicy`, made with SNS's own operations. A topic's `Ref` is its ARN;
//! `Fn::GetAtt` gives TopicArn and TopicName. A subscription's `Ref` is its ARN.

use super::{
    check_properties, flag, generated_name, handler_reason, kind, observed, tags, text, Created, Observed, Provider,
    ProvisionCx,
};
use crate::services::sns::{self, SnsRequest, SnsResponse};
use crate::services::{Request, Response};
use crate::time::SimDuration;
use crate::world::World;
use serde_json::{json, Map, Value as Json};
use std::collections::BTreeMap;

pub struct Topic;
pub struct Subscription;
pub struct TopicPolicy;

fn call(world: &mut World, region: &str, r: SnsRequest) -> Result<SnsResponse, String> {
    #[allow(unreachable_patterns)]
    match world.call_in(region, Request::Sns(r)) {
        Ok(Response::Sns(out)) => Ok(out),
        Ok(_) => Err("unexpected response".into()),
        Err(e) => Err(handler_reason("Sns", &e)),
    }
}

fn missing(id: &str, key: &str) -> String {
    format!("Properties validation failed for resource {id} with message: #: required key [{key}] not found")
}

/// The inline subscriptions of a topic: (protocol, endpoint).
fn inline_subscriptions(id: &str, props: &Map<String, Json>) -> Result<Vec<(String, String)>, String> {
    let Some(v) = props.get("Subscription") else { return Ok(Vec::new()) };
    let Some(items) = v.as_array() else {
        return Err(format!(
            "Properties validation failed for resource {id} with message: #/Subscription: expected type: JSONArray, found: {}",
            kind(v)
        ));
    };
    items
        .iter()
        .map(|s| {
            let protocol = s.get("Protocol").and_then(text).ok_or_else(|| missing(id, "Protocol"))?;
            let endpoint = s.get("Endpoint").and_then(text).ok_or_else(|| missing(id, "Endpoint"))?;
            Ok((protocol, endpoint))
        })
        .collect()
}

fn subscribe(
    world: &mut World,
    region: &str,
    topic_arn: &str,
    protocol: &str,
    endpoint: &str,
    attributes: BTreeMap<String, String>,
) -> Result<String, String> {
    match call(
        world,
        region,
        SnsRequest::Subscribe(sns::SubscribeRequest {
            topic_arn: topic_arn.into(),
            protocol: protocol.into(),
            endpoint: Some(endpoint.into()),
            attributes,
            return_subscription_arn: Some(true),
        }),
    )? {
        SnsResponse::Subscribe(out) => Ok(out.subscription_arn),
        _ => Err("unexpected response".into()),
    }
}

fn set_topic_attribute(
    world: &mut World,
    region: &str,
    arn: &str,
    name: &str,
    value: Option<String>,
) -> Result<(), String> {
    call(
        world,
        region,
        SnsRequest::SetTopicAttributes(sns::SetTopicAttributesRequest {
            topic_arn: arn.into(),
            attribute_name: name.into(),
            attribute_value: value,
        }),
    )
    .map(|_| ())
}

fn topic_created(world: &World, arn: &str) -> Created {
    let name = world.sns.topics.get(arn).map(|t| t.name.clone()).unwrap_or_default();
    let mut attributes = BTreeMap::new();
    attributes.insert("TopicArn".into(), arn.to_string());
    attributes.insert("TopicName".into(), name);
    Created { physical_id: arn.into(), ref_value: arn.into(), attributes }
}

const TOPIC_ATTRIBUTES: &[&str] = &["DisplayName", "KmsMasterKeyId", "SignatureVersion", "ContentBasedDeduplication"];

impl Provider for Topic {
    fn type_name(&self) -> &'static str {
        "AWS::SNS::Topic"
    }
    fn properties(&self) -> &'static [&'static str] {
        &[
            "TopicName",
            "DisplayName",
            "FifoTopic",
            "ContentBasedDeduplication",
            "KmsMasterKeyId",
            "SignatureVersion",
            "Subscription",
            "Tags",
        ]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["TopicArn", "TopicName"]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(2)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(2)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["TopicName", "FifoTopic"]
    }
    fn name_property(&self) -> Option<&'static str> {
        Some("TopicName")
    }

    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let fifo = flag(props.get("FifoTopic")).unwrap_or(false);
        let name = match props.get("TopicName").and_then(text) {
            Some(n) => n,
            None if fifo => format!("{}.fifo", generated_name(world, cx.stack_name, id, 251, false)),
            None => generated_name(world, cx.stack_name, id, 256, false),
        };
        let subscriptions = inline_subscriptions(id, props)?;
        let mut attributes = BTreeMap::new();
        if fifo {
            attributes.insert("FifoTopic".to_string(), "true".to_string());
        }
        for key in TOPIC_ATTRIBUTES {
            if let Some(v) = props.get(*key).and_then(text) {
                attributes.insert(key.to_string(), v);
            }
        }
        let tags: Vec<sns::Tag> = tags(id, props.get("Tags"), cx.stack_tags)?
            .into_iter()
            .map(|(key, value)| sns::Tag { key, value })
            .collect();
        let SnsResponse::CreateTopic(out) =
            call(world, cx.region, SnsRequest::CreateTopic(sns::CreateTopicRequest { name, attributes, tags }))?
        else {
            return Err("unexpected response".into());
        };
        for (protocol, endpoint) in subscriptions {
            subscribe(world, cx.region, &out.topic_arn, &protocol, &endpoint, BTreeMap::new())?;
        }
        Ok(topic_created(world, &out.topic_arn))
    }

    fn update(
        &self,
        world: &mut World,
        cx: &ProvisionCx<'_>,
        physical_id: &str,
        props: &Map<String, Json>,
    ) -> Result<Created, String> {
        check_properties(cx.logical_id, self.properties(), props)?;
        let fifo = world.sns.topics.get(physical_id).is_some_and(|t| t.fifo);
        for key in TOPIC_ATTRIBUTES {
            if *key == "ContentBasedDeduplication" && !fifo {
                continue;
            }
            set_topic_attribute(world, cx.region, physical_id, key, props.get(*key).and_then(text))?;
        }
        let wanted = inline_subscriptions(cx.logical_id, props)?;
        let existing: Vec<(String, String, String)> = world
            .sns
            .subscriptions
            .values()
            .filter(|s| s.topic_arn == physical_id)
            .map(|s| (s.arn.clone(), s.protocol.clone(), s.endpoint.clone()))
            .collect();
        for (arn, protocol, endpoint) in &existing {
            if !wanted.iter().any(|(p, e)| p == protocol && e == endpoint) {
                call(
                    world,
                    cx.region,
                    SnsRequest::Unsubscribe(sns::SubscriptionArnRequest { subscription_arn: arn.clone() }),
                )?;
            }
        }
        for (protocol, endpoint) in wanted {
            if !existing.iter().any(|(_, p, e)| *p == protocol && *e == endpoint) {
                subscribe(world, cx.region, physical_id, &protocol, &endpoint, BTreeMap::new())?;
            }
        }
        Ok(topic_created(world, physical_id))
    }

    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        call(world, cx.region, SnsRequest::DeleteTopic(sns::TopicArnRequest { topic_arn: physical_id.into() }))
            .map(|_| ())
    }

    fn observe(&self, world: &World, physical_id: &str) -> Observed {
        let Some(t) = world.sns.topics.get(physical_id) else { return Observed::Deleted };
        let get = |k: &str| t.attributes.get(k).map_or(Json::Null, |v| json!(v));
        Observed::Properties(observed(&[
            ("TopicName", json!(t.name)),
            ("DisplayName", get("DisplayName")),
            ("KmsMasterKeyId", get("KmsMasterKeyId")),
        ]))
    }
}

impl Provider for Subscription {
    fn type_name(&self) -> &'static str {
        "AWS::SNS::Subscription"
    }
    fn properties(&self) -> &'static [&'static str] {
        &[
            "TopicArn",
            "Protocol",
            "Endpoint",
            "RawMessageDelivery",
            "FilterPolicy",
            "FilterPolicyScope",
            "DeliveryPolicy",
            "RedrivePolicy",
            "Region",
        ]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["Arn"]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(2)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(2)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["TopicArn", "Protocol", "Endpoint", "Region"]
    }

    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let topic = props.get("TopicArn").and_then(text).ok_or_else(|| missing(id, "TopicArn"))?;
        let protocol = props.get("Protocol").and_then(text).ok_or_else(|| missing(id, "Protocol"))?;
        let endpoint = props.get("Endpoint").and_then(text).unwrap_or_default();
        let mut attributes = BTreeMap::new();
        for key in ["RawMessageDelivery", "FilterPolicy", "FilterPolicyScope", "DeliveryPolicy", "RedrivePolicy"] {
            if let Some(v) = props.get(key) {
                let value = if v.is_object() { v.to_string() } else { text(v).unwrap_or_default() };
                attributes.insert(key.to_string(), value);
            }
        }
        let arn = subscribe(world, cx.region, &topic, &protocol, &endpoint, attributes)?;
        let mut out = BTreeMap::new();
        out.insert("Arn".into(), arn.clone());
        Ok(Created { physical_id: arn.clone(), ref_value: arn, attributes: out })
    }

    fn update(
        &self,
        world: &mut World,
        cx: &ProvisionCx<'_>,
        physical_id: &str,
        props: &Map<String, Json>,
    ) -> Result<Created, String> {
        check_properties(cx.logical_id, self.properties(), props)?;
        let value = flag(props.get("RawMessageDelivery")).unwrap_or(false).to_string();
        call(
            world,
            cx.region,
            SnsRequest::SetSubscriptionAttributes(sns::SetSubscriptionAttributesRequest {
                subscription_arn: physical_id.into(),
                attribute_name: "RawMessageDelivery".into(),
                attribute_value: Some(value),
            }),
        )?;
        let mut out = BTreeMap::new();
        out.insert("Arn".into(), physical_id.to_string());
        Ok(Created { physical_id: physical_id.into(), ref_value: physical_id.into(), attributes: out })
    }

    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        match call(
            world,
            cx.region,
            SnsRequest::Unsubscribe(sns::SubscriptionArnRequest { subscription_arn: physical_id.into() }),
        ) {
            Ok(_) => Ok(()),
            Err(r) if r.contains("NotFound") => Ok(()),
            Err(r) => Err(r),
        }
    }

    fn observe(&self, world: &World, physical_id: &str) -> Observed {
        let Some(s) = world.sns.subscriptions.get(physical_id) else { return Observed::Deleted };
        Observed::Properties(observed(&[
            ("TopicArn", json!(s.topic_arn)),
            ("Protocol", json!(s.protocol)),
            ("Endpoint", json!(s.endpoint)),
        ]))
    }
}

impl Provider for TopicPolicy {
    fn type_name(&self) -> &'static str {
        "AWS::SNS::TopicPolicy"
    }
    fn properties(&self) -> &'static [&'static str] {
        &["PolicyDocument", "Topics"]
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
        apply_topic_policy(world, cx, props)?;
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
        apply_topic_policy(world, cx, props)?;
        let mut attributes = BTreeMap::new();
        attributes.insert("Id".into(), physical_id.to_string());
        Ok(Created { physical_id: physical_id.into(), ref_value: physical_id.into(), attributes })
    }

    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, _physical_id: &str) -> Result<(), String> {
        let topics: Vec<String> = cx
            .properties
            .and_then(|p| p.get("Topics"))
            .and_then(Json::as_array)
            .map(|a| a.iter().filter_map(text).collect())
            .unwrap_or_default();
        for arn in topics {
            if world.sns.topics.contains_key(&arn) {
                set_topic_attribute(world, cx.region, &arn, "Policy", Some(sns::default_policy(&arn)))?;
            }
        }
        Ok(())
    }
}

fn apply_topic_policy(world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<(), String> {
    let id = cx.logical_id;
    check_properties(id, TopicPolicy.properties(), props)?;
    let policy = match props.get("PolicyDocument") {
        Some(doc @ Json::Object(_)) => doc.to_string(),
        Some(Json::String(s)) => s.clone(),
        _ => return Err(missing(id, "PolicyDocument")),
    };
    let Some(Json::Array(items)) = props.get("Topics") else { return Err(missing(id, "Topics")) };
    for arn in items.iter().filter_map(text) {
        set_topic_attribute(world, cx.region, &arn, "Policy", Some(policy.clone()))?;
    }
    Ok(())
}
