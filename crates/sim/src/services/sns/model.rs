//! Topics and subscriptions of every Region, keyed by ARN (the ARN names the Region).

use crate::time::SimTime;
use crate::world::ACCOUNT_ID;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Topic attributes a caller may set.
pub const TOPIC_SETTABLE: &[&str] = &[
    "DisplayName",
    "Policy",
    "DeliveryPolicy",
    "KmsMasterKeyId",
    "SignatureVersion",
    "TracingConfig",
    "ContentBasedDeduplication",
    "ArchivePolicy",
    "FifoThroughputScope",
];

/// Subscription attributes a caller may set.
pub const SUBSCRIPTION_SETTABLE: &[&str] =
    &["DeliveryPolicy", "FilterPolicy", "FilterPolicyScope", "RawMessageDelivery", "RedrivePolicy"];

/// Protocols Subscribe accepts.
pub const PROTOCOLS: &[&str] =
    &["http", "https", "email", "email-json", "sms", "sqs", "application", "lambda", "firehose"];

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SnsState {
    pub topics: BTreeMap<String, Topic>,
    pub subscriptions: BTreeMap<String, Subscription>,
    /// FIFO topics' sequence numbers are taken from here.
    pub next_sequence: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    pub arn: String,
    pub name: String,
    pub region: String,
    pub fifo: bool,
    /// Attributes set by CreateTopic and SetTopicAttributes.
    pub attributes: BTreeMap<String, String>,
    pub tags: Vec<(String, String)>,
    pub created: SimTime,
    /// How many messages Publish accepted.
    pub published: u64,
    /// Subscriptions removed from this topic.
    pub deleted_subscriptions: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Subscription {
    pub arn: String,
    pub topic_arn: String,
    pub protocol: String,
    pub endpoint: String,
    /// SQS and Lambda subscriptions are confirmed at once; others wait for a confirmation.
    pub confirmed: bool,
    pub attributes: BTreeMap<String, String>,
    /// Deliveries made to this subscription.
    #[serde(default)]
    pub delivered: u64,
}

impl Subscription {
    pub fn raw(&self) -> bool {
        self.attributes.get("RawMessageDelivery").is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }
}

pub fn topic_arn(region: &str, name: &str) -> String {
    format!("arn:aws:sns:{region}:{ACCOUNT_ID}:{name}")
}

/// The policy SNS gives a new topic: the owner may do everything.
pub fn default_policy(arn: &str) -> String {
    serde_json::json!({
        "Version": "2008-10-17",
        "Id": "__default_policy_ID",
        "Statement": [{
            "Sid": "__default_statement_ID",
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Action": [
                "SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission",
                "SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe",
                "SNS:ListSubscriptionsByTopic", "SNS:Publish"
            ],
            "Resource": arn,
            "Condition": {"StringEquals": {"AWS:SourceOwner": ACCOUNT_ID}}
        }]
    })
    .to_string()
}
