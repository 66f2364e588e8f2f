//! SQS unit tests: settling a queue to the clock.

use super::model::*;
use crate::time::{SimDuration, SimTime};
use std::collections::BTreeMap;

fn queue(retention: &str) -> Queue {
    let mut attributes = BTreeMap::new();
    attributes.insert("MessageRetentionPeriod".to_string(), retention.to_string());
    Queue {
        name: "q".into(),
        url: queue_url("us-east-1", "q"),
        arn: queue_arn("us-east-1", "q"),
        region: "us-east-1".into(),
        fifo: false,
        attributes,
        tags: BTreeMap::new(),
        created: SimTime(0),
        last_modified: SimTime(0),
        messages: Vec::new(),
        dedup: BTreeMap::new(),
        last_purge: None,
    }
}

fn message(sent: i64, visible_at: i64, receive_count: u32) -> Message {
    Message {
        message_id: format!("m{sent}"),
        body: "b".into(),
        md5: String::new(),
        sent: SimTime(sent),
        visible_at: SimTime(visible_at),
        receive_count,
        first_received: None,
        receipt_handle: None,
        group_id: None,
        dedup_id: None,
        sequence_number: None,
        dead_letter_source: None,
    }
}

#[test]
fn counts_split_visible_in_flight_and_delayed() {
    let mut q = queue("60");
    q.messages = vec![message(0, 0, 0), message(0, 5_000, 1), message(0, 5_000, 0)];
    assert_eq!(q.counts(SimTime(1_000)), (1, 1, 1));
    assert_eq!(q.counts(SimTime(5_000)), (3, 0, 0));
}

#[test]
fn settle_drops_messages_past_retention() {
    let mut q = queue("60");
    q.messages = vec![message(0, 0, 0), message(30_000, 30_000, 0)];
    q.settle(SimTime(0) + SimDuration::seconds(60));
    assert_eq!(q.messages.len(), 1);
    assert_eq!(q.messages[0].message_id, "m30000");
}

#[test]
fn redrive_reads_both_number_and_text_counts() {
    let mut q = queue("60");
    q.attributes.insert(
        "RedrivePolicy".into(),
        r#"{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:d","maxReceiveCount":"3"}"#.into(),
    );
    assert_eq!(q.redrive(), Some(("arn:aws:sqs:us-east-1:123456789012:d".into(), 3)));
}
