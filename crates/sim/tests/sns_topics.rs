//! SNS topics and subscriptions through the terminal: idempotent CreateTopic, FIFO topics,
//! SQS subscriptions confirmed at once and fed by Publish (envelope or raw), email subscriptions
//! left pending, and SNS's errors.

mod common;

use common::ec2::Term;
use nimbus_sim::SimDuration;
use serde_json::Value as Json;

fn queue(t: &mut Term, name: &str) -> (String, String) {
    let url = t.json(&format!("aws sqs create-queue --queue-name {name}"))["QueueUrl"].as_str().unwrap().to_string();
    let arn = t.json(&format!("aws sqs get-queue-attributes --queue-url {url} --attribute-names QueueArn"))
        ["Attributes"]["QueueArn"]
        .as_str()
        .unwrap()
        .to_string();
    (url, arn)
}

fn bodies(t: &mut Term, url: &str) -> Vec<String> {
    let out = t.ok(&format!("aws sqs receive-message --queue-url {url} --max-number-of-messages 10"));
    if out.trim().is_empty() {
        return Vec::new();
    }
    let v: Json = serde_json::from_str(&out).unwrap();
    v["Messages"].as_array().unwrap().iter().map(|m| m["Body"].as_str().unwrap().to_string()).collect()
}

#[test]
fn topics_are_idempotent_by_name_and_listed_per_region() {
    let mut t = Term::new(1);
    let arn = t.json("aws sns create-topic --name alerts")["TopicArn"].as_str().unwrap().to_string();
    assert_eq!(arn, "arn:aws:sns:us-east-1:123456789012:alerts");
    assert_eq!(t.json("aws sns create-topic --name alerts")["TopicArn"], arn.as_str());
    t.ok("aws sns create-topic --name other --region eu-west-1");
    let list = t.json("aws sns list-topics");
    assert_eq!(list["Topics"], serde_json::json!([{"TopicArn": arn}]));
    t.ok(&format!(
        "aws sns set-topic-attributes --topic-arn {arn} --attribute-name DisplayName --attribute-value Alerts"
    ));
    let a = t.json(&format!("aws sns get-topic-attributes --topic-arn {arn}"))["Attributes"].clone();
    assert_eq!(a["DisplayName"], "Alerts");
    assert_eq!(a["Owner"], "123456789012");
    assert_eq!(a["SubscriptionsConfirmed"], "0");
    // A different attribute on an existing name is refused.
    let e = t.fails("aws sns create-topic --name alerts --attributes DisplayName=Other");
    assert!(e.contains("InvalidParameter") && e.contains("already exists with different attributes"), "{e}");
    let e = t.fails("aws sns create-topic --name bad.name");
    assert!(e.contains("(InvalidParameter)"), "{e}");
    let fifo = t.json("aws sns create-topic --name events.fifo --attributes FifoTopic=true")["TopicArn"].clone();
    assert_eq!(fifo, "arn:aws:sns:us-east-1:123456789012:events.fifo");
    t.ok(&format!("aws sns delete-topic --topic-arn {arn}"));
    let e = t.fails(&format!("aws sns get-topic-attributes --topic-arn {arn}"));
    assert!(e.contains("(NotFound)") && e.contains("Topic does not exist"), "{e}");
    // Deleting a topic that does not exist succeeds, as in AWS.
    t.ok(&format!("aws sns delete-topic --topic-arn {arn}"));
}

#[test]
fn publish_fans_out_to_confirmed_sqs_subscriptions() {
    let mut t = Term::new(2);
    let topic = t.json("aws sns create-topic --name orders")["TopicArn"].as_str().unwrap().to_string();
    let (wrapped_url, wrapped_arn) = queue(&mut t, "wrapped");
    let (raw_url, raw_arn) = queue(&mut t, "raw");
    let sub =
        t.json(&format!("aws sns subscribe --topic-arn {topic} --protocol sqs --notification-endpoint {wrapped_arn}"));
    assert!(sub["SubscriptionArn"].as_str().unwrap().starts_with(&format!("{topic}:")), "{sub}");
    t.ok(&format!(
        "aws sns subscribe --topic-arn {topic} --protocol sqs --notification-endpoint {raw_arn} --attributes RawMessageDelivery=true"
    ));
    let pending = t.json(&format!(
        "aws sns subscribe --topic-arn {topic} --protocol email --notification-endpoint ops@example.com"
    ));
    assert_eq!(pending["SubscriptionArn"], "pending confirmation");
    let subs = t.json(&format!("aws sns list-subscriptions-by-topic --topic-arn {topic}"))["Subscriptions"].clone();
    assert_eq!(subs.as_array().unwrap().len(), 3);
    assert!(subs
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["SubscriptionArn"] == "PendingConfirmation" && s["Protocol"] == "email"));
    let a = t.json(&format!("aws sns get-topic-attributes --topic-arn {topic}"))["Attributes"].clone();
    assert_eq!((a["SubscriptionsConfirmed"].as_str(), a["SubscriptionsPending"].as_str()), (Some("2"), Some("1")));

    let id = t.json(&format!("aws sns publish --topic-arn {topic} --message order-42 --subject New"))["MessageId"]
        .as_str()
        .unwrap()
        .to_string();
    let wrapped = bodies(&mut t, &wrapped_url);
    assert_eq!(wrapped.len(), 1);
    let envelope: Json = serde_json::from_str(&wrapped[0]).unwrap();
    assert_eq!(envelope["Type"], "Notification");
    assert_eq!(envelope["MessageId"], id.as_str());
    assert_eq!(envelope["TopicArn"], topic.as_str());
    assert_eq!(envelope["Subject"], "New");
    assert_eq!(envelope["Message"], "order-42");
    assert_eq!(bodies(&mut t, &raw_url), ["order-42"]);
    let last = t.world.trail().events().iter().rev().find(|e| e.operation == "Publish").unwrap().clone();
    assert!(last.why.contains("delivered to 2 queue(s)") && last.why.contains("PendingConfirmation"), "{}", last.why);

    // Unsubscribed queues get nothing more.
    let sub_arn = sub["SubscriptionArn"].as_str().unwrap();
    t.ok(&format!("aws sns unsubscribe --subscription-arn {sub_arn}"));
    t.world.advance(SimDuration::seconds(60));
    t.ok(&format!("aws sns publish --topic-arn {topic} --message second"));
    // The first message came back after its visibility timeout; the second never arrived.
    let again = bodies(&mut t, &wrapped_url);
    assert_eq!(again.len(), 1);
    assert!(again[0].contains("order-42"), "{again:?}");
    assert_eq!(bodies(&mut t, &raw_url), ["order-42", "second"]);
    let e = t.fails(&format!("aws sns unsubscribe --subscription-arn {sub_arn}"));
    assert!(e.contains("(NotFound)"), "{e}");
}

#[test]
fn sns_refuses_bad_subscriptions_and_publishes() {
    let mut t = Term::new(3);
    let topic = t.json("aws sns create-topic --name t")["TopicArn"].as_str().unwrap().to_string();
    let e =
        t.fails(&format!("aws sns subscribe --topic-arn {topic} --protocol carrier-pigeon --notification-endpoint x"));
    assert!(e.contains("(InvalidParameter)") && e.contains("does not support this protocol string"), "{e}");
    let e =
        t.fails(&format!("aws sns subscribe --topic-arn {topic} --protocol sqs --notification-endpoint not-an-arn"));
    assert!(e.contains("Invalid parameter: SQS endpoint ARN"), "{e}");
    let e = t.fails("aws sns publish --topic-arn arn:aws:sns:us-east-1:123456789012:missing --message hi");
    assert!(e.contains("(NotFound)"), "{e}");
    let e = t.fails(&format!("aws sns publish --topic-arn {topic} --message ''"));
    assert!(e.contains("Empty message"), "{e}");
    let fifo = t.json("aws sns create-topic --name f.fifo --attributes FifoTopic=true")["TopicArn"]
        .as_str()
        .unwrap()
        .to_string();
    let e = t.fails(&format!("aws sns publish --topic-arn {fifo} --message hi"));
    assert!(e.contains("MessageGroupId"), "{e}");
    let e = t.fails(&format!("aws sns subscribe --topic-arn {fifo} --protocol email --notification-endpoint a@b.c"));
    assert!(e.contains("(InvalidParameter)"), "{e}");
    t.ok(&format!("aws sns tag-resource --resource-arn {topic} --tags Key=team,Value=ops"));
    assert_eq!(
        t.json(&format!("aws sns list-tags-for-resource --resource-arn {topic}"))["Tags"],
        serde_json::json!([{"Key": "team", "Value": "ops"}])
    );
}

#[test]
fn fifo_topics_deliver_into_fifo_queues_in_their_group() {
    let mut t = Term::new(4);
    let topic = t.json("aws sns create-topic --name o.fifo --attributes FifoTopic=true,ContentBasedDeduplication=true")
        ["TopicArn"]
        .as_str()
        .unwrap()
        .to_string();
    let url = t.json("aws sqs create-queue --queue-name o.fifo --attributes FifoQueue=true")["QueueUrl"]
        .as_str()
        .unwrap()
        .to_string();
    let arn = "arn:aws:sqs:us-east-1:123456789012:o.fifo";
    t.ok(&format!("aws sns subscribe --topic-arn {topic} --protocol sqs --notification-endpoint {arn} --attributes RawMessageDelivery=true"));
    let out = t.json(&format!("aws sns publish --topic-arn {topic} --message first --message-group-id g1"));
    assert_eq!(out["SequenceNumber"].as_str().map(str::len), Some(20));
    let got =
        t.json(&format!("aws sqs receive-message --queue-url {url} --message-system-attribute-names MessageGroupId"));
    assert_eq!(got["Messages"][0]["Body"], "first");
    assert_eq!(got["Messages"][0]["Attributes"]["MessageGroupId"], "g1");
}
