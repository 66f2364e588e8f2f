//! Queues of every Region (keyed by queue URL, which names the Region), their attributes and
//! messages. A message's visibility is a time: it can be received once the clock reaches it.

use crate::time::{SimDuration, SimTime};
use crate::world::ACCOUNT_ID;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Attributes a queue has unless CreateQueue sets them, with SQS's defaults.
pub const DEFAULT_ATTRIBUTES: &[(&str, &str)] = &[
    ("DelaySeconds", "0"),
    ("MaximumMessageSize", "262144"),
    ("MessageRetentionPeriod", "345600"),
    ("ReceiveMessageWaitTimeSeconds", "0"),
    ("VisibilityTimeout", "30"),
];

/// Numeric attributes and their allowed ranges.
pub const NUMERIC_ATTRIBUTES: &[(&str, i64, i64)] = &[
    ("DelaySeconds", 0, 900),
    ("MaximumMessageSize", 1024, 262_144),
    ("MessageRetentionPeriod", 60, 1_209_600),
    ("ReceiveMessageWaitTimeSeconds", 0, 20),
    ("VisibilityTimeout", 0, 43_200),
    ("KmsDataKeyReusePeriodSeconds", 60, 86_400),
];

/// Attributes a caller may set on any queue.
pub const SETTABLE: &[&str] = &[
    "DelaySeconds",
    "MaximumMessageSize",
    "MessageRetentionPeriod",
    "Policy",
    "ReceiveMessageWaitTimeSeconds",
    "RedrivePolicy",
    "RedriveAllowPolicy",
    "VisibilityTimeout",
    "KmsMasterKeyId",
    "KmsDataKeyReusePeriodSeconds",
    "SqsManagedSseEnabled",
];

/// Attributes only FIFO queues have.
pub const FIFO_ONLY: &[&str] = &["FifoQueue", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit"];

/// Attributes SQS computes (GetQueueAttributes answers them; SetQueueAttributes refuses them).
pub const COMPUTED: &[&str] = &[
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesNotVisible",
    "ApproximateNumberOfMessagesDelayed",
    "CreatedTimestamp",
    "LastModifiedTimestamp",
    "QueueArn",
];

/// How long a FIFO queue remembers a deduplication id.
pub const DEDUP_WINDOW: SimDuration = SimDuration::minutes(5);

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SqsState {
    /// Queue URL -> queue.
    pub queues: BTreeMap<String, Queue>,
    /// FIFO sequence numbers are taken from here.
    pub next_sequence: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Queue {
    pub name: String,
    pub url: String,
    pub arn: String,
    pub region: String,
    pub fifo: bool,
    /// The queue's settable attributes, defaults filled in, as SQS answers them.
    pub attributes: BTreeMap<String, String>,
    pub tags: BTreeMap<String, String>,
    pub created: SimTime,
    #[serde(default)]
    pub last_modified: SimTime,
    /// Messages in the order they were sent.
    #[serde(default)]
    pub messages: Vec<Message>,
    /// FIFO deduplication ids seen in the last five minutes, with when.
    #[serde(default)]
    pub dedup: BTreeMap<String, SimTime>,
    /// When the last PurgeQueue ran (one purge per 60 seconds).
    #[serde(default)]
    pub last_purge: Option<SimTime>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub message_id: String,
    pub body: String,
    pub md5: String,
    pub sent: SimTime,
    /// The message can be received from this time on (after its delay or visibility timeout).
    pub visible_at: SimTime,
    pub receive_count: u32,
    pub first_received: Option<SimTime>,
    /// The handle of the latest receive; older handles no longer change the message.
    pub receipt_handle: Option<String>,
    pub group_id: Option<String>,
    pub dedup_id: Option<String>,
    pub sequence_number: Option<String>,
    /// Set when SQS moved the message here from a source queue's redrive.
    #[serde(default)]
    pub dead_letter_source: Option<String>,
}

impl Queue {
    pub fn attr_i64(&self, key: &str) -> i64 {
        self.attributes.get(key).and_then(|v| v.parse().ok()).unwrap_or(0)
    }

    /// Drops messages whose retention period has run out.
    pub fn settle(&mut self, now: SimTime) {
        let keep = SimDuration::seconds(self.attr_i64("MessageRetentionPeriod").max(60));
        self.messages.retain(|m| m.sent + keep > now);
        self.dedup.retain(|_, at| *at + DEDUP_WINDOW > now);
    }

    /// (visible, in flight, delayed) message counts at `now`.
    pub fn counts(&self, now: SimTime) -> (usize, usize, usize) {
        let mut c = (0, 0, 0);
        for m in &self.messages {
            if m.visible_at <= now {
                c.0 += 1;
            } else if m.receive_count > 0 {
                c.1 += 1;
            } else {
                c.2 += 1;
            }
        }
        c
    }

    /// The redrive policy's (dead-letter queue ARN, maxReceiveCount), if set.
    pub fn redrive(&self) -> Option<(String, u32)> {
        let v: serde_json::Value = serde_json::from_str(self.attributes.get("RedrivePolicy")?).ok()?;
        let arn = v.get("deadLetterTargetArn")?.as_str()?.to_string();
        let max = match v.get("maxReceiveCount")? {
            serde_json::Value::Number(n) => n.as_u64()? as u32,
            serde_json::Value::String(s) => s.parse().ok()?,
            _ => return None,
        };
        Some((arn, max))
    }
}

pub fn queue_url(region: &str, name: &str) -> String {
    format!("https://sqs.{region}.amazonaws.com/{ACCOUNT_ID}/{name}")
}

pub fn queue_arn(region: &str, name: &str) -> String {
    format!("arn:aws:sqs:{region}:{ACCOUNT_ID}:{name}")
}

impl SqsState {
    /// The queue with this ARN.
    pub fn by_arn(&self, arn: &str) -> Option<&Queue> {
        let mut parts = arn.splitn(6, ':');
        let (_, _, _, region, _, name) =
            (parts.next(), parts.next(), parts.next(), parts.next()?, parts.next(), parts.next()?);
        self.queues.get(&queue_url(region, name)).filter(|q| q.arn == arn)
    }
}
