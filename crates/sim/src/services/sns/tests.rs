//! SNS unit tests: the envelope an SQS subscriber receives.

use super::ops::envelope;

#[test]
fn envelope_carries_the_message_and_topic() {
    let e = envelope(
        "m-1",
        "arn:aws:sns:eu-west-1:123456789012:t",
        Some("Hi"),
        "body \"quoted\"",
        "2026-01-01T00:00:00.000Z",
        "arn:aws:sns:eu-west-1:123456789012:t:s",
    );
    let v: serde_json::Value = serde_json::from_str(&e).unwrap();
    assert_eq!(v["Type"], "Notification");
    assert_eq!(v["Message"], "body \"quoted\"");
    assert_eq!(v["Subject"], "Hi");
    assert_eq!(v["TopicArn"], "arn:aws:sns:eu-west-1:123456789012:t");
    assert!(v["UnsubscribeURL"].as_str().unwrap().starts_with("https://sns.eu-west-1.amazonaws.com/"));
    let bare = envelope("m-1", "arn:aws:sns:eu-west-1:123456789012:t", None, "x", "t", "s");
    assert!(!bare.contains("Subject"));
}
