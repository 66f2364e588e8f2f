//! SQS queues and messages, through `World::call` and the terminal: attributes and AWS's
//! validation, visibility timeouts on the simulated clock, dead-letter queues, FIFO rules.

mod common;

use common::ec2::Term;
use nimbus_sim::services::sqs::*;
use nimbus_sim::{ApiError, Request, Response, SimDuration, World};
use std::collections::BTreeMap;

#[allow(unreachable_patterns)]
fn call(w: &mut World, r: SqsRequest) -> Result<SqsResponse, ApiError> {
    w.call(Request::Sqs(r)).map(|resp| match resp {
        Response::Sqs(r) => r,
        other => panic!("not an SQS response: {other:?}"),
    })
}

fn create(w: &mut World, name: &str, attributes: &[(&str, &str)]) -> Result<String, ApiError> {
    let attributes = attributes.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    match call(
        w,
        SqsRequest::CreateQueue(CreateQueueRequest { queue_name: name.into(), attributes, tags: BTreeMap::new() }),
    )? {
        SqsResponse::CreateQueue(o) => Ok(o.queue_url),
        other => panic!("{other:?}"),
    }
}

fn send(w: &mut World, url: &str, body: &str) -> SendMessageOutput {
    let r = SendMessageRequest { queue_url: url.into(), message_body: body.into(), ..Default::default() };
    match call(w, SqsRequest::SendMessage(r)).unwrap() {
        SqsResponse::SendMessage(o) => o,
        other => panic!("{other:?}"),
    }
}

fn receive(w: &mut World, url: &str, max: i64) -> Vec<ReceivedMessage> {
    let r = ReceiveMessageRequest {
        queue_url: url.into(),
        max_number_of_messages: Some(max),
        message_system_attribute_names: vec!["All".into()],
        ..Default::default()
    };
    match call(w, SqsRequest::ReceiveMessage(r)).unwrap() {
        SqsResponse::ReceiveMessage(o) => o.messages,
        other => panic!("{other:?}"),
    }
}

fn attrs(w: &mut World, url: &str) -> BTreeMap<String, String> {
    let r = GetQueueAttributesRequest { queue_url: url.into(), attribute_names: vec!["All".into()] };
    match call(w, SqsRequest::GetQueueAttributes(r)).unwrap() {
        SqsResponse::GetQueueAttributes(o) => o.attributes,
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_terminal_creates_lists_and_describes_queues() {
    let mut t = Term::new(1);
    let url = t.json("aws sqs create-queue --queue-name orders --attributes VisibilityTimeout=45,DelaySeconds=2")
        ["QueueUrl"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(url, "https://sqs.us-east-1.amazonaws.com/123456789012/orders");
    t.ok("aws sqs create-queue --queue-name invoices");
    assert_eq!(t.json("aws sqs get-queue-url --queue-name orders")["QueueUrl"], url);
    let all = t.json("aws sqs list-queues");
    assert_eq!(all["QueueUrls"].as_array().unwrap().len(), 2);
    let some = t.json("aws sqs list-queues --queue-name-prefix ord");
    assert_eq!(some["QueueUrls"], serde_json::json!([url]));
    let a =
        t.json(&format!("aws sqs get-queue-attributes --queue-url {url} --attribute-names All"))["Attributes"].clone();
    assert_eq!(a["QueueArn"], "arn:aws:sqs:us-east-1:123456789012:orders");
    assert_eq!(a["VisibilityTimeout"], "45");
    assert_eq!(a["DelaySeconds"], "2");
    assert_eq!(a["MessageRetentionPeriod"], "345600");
    assert_eq!(a["ApproximateNumberOfMessages"], "0");
    assert_eq!(a["CreatedTimestamp"], "1767225600");
    let named = t.json(&format!("aws sqs get-queue-attributes --queue-url {url} --attribute-names QueueArn"));
    assert_eq!(named["Attributes"].as_object().unwrap().len(), 1);
    // Queues are per Region.
    assert!(t
        .fails("aws sqs get-queue-url --queue-name orders --region eu-west-1")
        .contains("AWS.SimpleQueueService.NonExistentQueue"));
    t.ok(&format!("aws sqs delete-queue --queue-url {url}"));
    assert!(t.fails("aws sqs get-queue-url --queue-name orders").contains("The specified queue does not exist."));
}

#[test]
fn create_queue_refuses_what_aws_refuses() {
    let mut w = World::new(2);
    let e = create(&mut w, "bad name!", &[]).unwrap_err();
    assert_eq!(e.code, "InvalidParameterValue");
    assert_eq!(create(&mut w, &"q".repeat(81), &[]).unwrap_err().code, "InvalidParameterValue");
    let e = create(&mut w, "q", &[("VisibilityTimeout", "43201")]).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("InvalidAttributeValue", "Invalid value for the parameter VisibilityTimeout.")
    );
    assert_eq!(create(&mut w, "q", &[("Colour", "blue")]).unwrap_err().code, "InvalidAttributeName");
    // FIFO-only attributes on a standard queue, and a .fifo name without FifoQueue.
    assert_eq!(create(&mut w, "q", &[("ContentBasedDeduplication", "true")]).unwrap_err().code, "InvalidAttributeName");
    assert_eq!(create(&mut w, "jobs.fifo", &[]).unwrap_err().code, "InvalidParameterValue");
    assert_eq!(create(&mut w, "jobs", &[("FifoQueue", "true")]).unwrap_err().code, "InvalidParameterValue");
    // Same name, same attributes: the same URL; different attributes: QueueAlreadyExists.
    let url = create(&mut w, "q", &[("VisibilityTimeout", "60")]).unwrap();
    assert_eq!(create(&mut w, "q", &[("VisibilityTimeout", "60")]).unwrap(), url);
    let e = create(&mut w, "q", &[("VisibilityTimeout", "90")]).unwrap_err();
    assert_eq!(e.code, "QueueAlreadyExists");
    assert!(e.message.contains("VisibilityTimeout"), "{}", e.message);
    // A redrive policy must name an existing queue of the same type.
    let policy = r#"{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:nope","maxReceiveCount":3}"#;
    let e = create(&mut w, "r", &[("RedrivePolicy", policy)]).unwrap_err();
    assert_eq!(e.code, "InvalidParameterValue");
    assert!(e.message.ends_with("Reason: Dead letter target does not exist."), "{}", e.message);
    assert_eq!(w.sqs.queues.len(), 1);
}

#[test]
fn a_received_message_is_invisible_until_its_visibility_timeout_passes() {
    let mut w = World::new(3);
    let url = create(&mut w, "work", &[("VisibilityTimeout", "30")]).unwrap();
    let sent = send(&mut w, &url, "hello");
    assert_eq!(sent.md5_of_message_body, "5d41402abc4b2a76b9719d911017c592");
    let first = receive(&mut w, &url, 10);
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].body, "hello");
    assert_eq!(first[0].attributes["ApproximateReceiveCount"], "1");
    let a = attrs(&mut w, &url);
    assert_eq!(
        (a["ApproximateNumberOfMessages"].as_str(), a["ApproximateNumberOfMessagesNotVisible"].as_str()),
        ("0", "1")
    );
    assert!(receive(&mut w, &url, 10).is_empty(), "in flight");
    w.advance(SimDuration::seconds(29));
    assert!(receive(&mut w, &url, 10).is_empty(), "still in flight at 29s");
    w.advance(SimDuration::seconds(1));
    let again = receive(&mut w, &url, 10);
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].attributes["ApproximateReceiveCount"], "2");
    assert_ne!(again[0].receipt_handle, first[0].receipt_handle);
    let del = DeleteMessageRequest { queue_url: url.clone(), receipt_handle: again[0].receipt_handle.clone() };
    call(&mut w, SqsRequest::DeleteMessage(del)).unwrap();
    w.advance(SimDuration::minutes(5));
    assert!(receive(&mut w, &url, 10).is_empty(), "deleted for good");
    let bad = DeleteMessageRequest { queue_url: url.clone(), receipt_handle: "nonsense".into() };
    assert_eq!(call(&mut w, SqsRequest::DeleteMessage(bad)).unwrap_err().code, "ReceiptHandleIsInvalid");
    let trail = w.trail().events();
    assert!(trail
        .iter()
        .any(|e| e.operation == "ReceiveMessage" && e.why.contains("invisible to other receivers for 30s")));
}

#[test]
fn receive_takes_one_to_ten_and_delays_hold_messages_back() {
    let mut t = Term::new(4);
    let url = t.json("aws sqs create-queue --queue-name slow --attributes DelaySeconds=10")["QueueUrl"]
        .as_str()
        .unwrap()
        .to_string();
    for i in 0..12 {
        t.ok(&format!("aws sqs send-message --queue-url {url} --message-body m{i}"));
    }
    let e = t.fails(&format!("aws sqs receive-message --queue-url {url} --max-number-of-messages 11"));
    assert!(e.contains("InvalidParameterValue") && e.contains("MaxNumberOfMessages"), "{e}");
    assert_eq!(t.ok(&format!("aws sqs receive-message --queue-url {url}")).trim(), "", "delayed for 10 seconds");
    let a = t.json(&format!(
        "aws sqs get-queue-attributes --queue-url {url} --attribute-names ApproximateNumberOfMessagesDelayed"
    ));
    assert_eq!(a["Attributes"]["ApproximateNumberOfMessagesDelayed"], "12");
    t.world.advance(SimDuration::seconds(10));
    let got = t.json(&format!("aws sqs receive-message --queue-url {url} --max-number-of-messages 10"));
    assert_eq!(got["Messages"].as_array().unwrap().len(), 10);
    let rest = t.json(&format!("aws sqs receive-message --queue-url {url} --max-number-of-messages 10"));
    assert_eq!(rest["Messages"].as_array().unwrap().len(), 2);
}

#[test]
fn messages_move_to_the_dead_letter_queue_after_max_receive_count() {
    let mut w = World::new(5);
    let dlq = create(&mut w, "work-dlq", &[]).unwrap();
    let dlq_arn = attrs(&mut w, &dlq)["QueueArn"].clone();
    let policy = format!(r#"{{"deadLetterTargetArn":"{dlq_arn}","maxReceiveCount":"2"}}"#);
    let url = create(&mut w, "work", &[("RedrivePolicy", &policy), ("VisibilityTimeout", "5")]).unwrap();
    send(&mut w, &url, "poison");
    for round in 1..=2 {
        let got = receive(&mut w, &url, 1);
        assert_eq!(got[0].attributes["ApproximateReceiveCount"], round.to_string());
        w.advance(SimDuration::seconds(5));
    }
    assert!(receive(&mut w, &url, 1).is_empty(), "the third receive moves it instead");
    let moved = receive(&mut w, &dlq, 1);
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0].body, "poison");
    assert_eq!(moved[0].attributes["DeadLetterQueueSourceArn"], "arn:aws:sqs:us-east-1:123456789012:work");
    assert_eq!(
        attrs(&mut w, &url)["RedrivePolicy"],
        format!(r#"{{"deadLetterTargetArn":"{dlq_arn}","maxReceiveCount":2}}"#)
    );
}

#[test]
fn fifo_queues_need_a_group_and_deduplicate() {
    let mut w = World::new(6);
    let url = create(&mut w, "jobs.fifo", &[("FifoQueue", "true")]).unwrap();
    let plain = SendMessageRequest { queue_url: url.clone(), message_body: "a".into(), ..Default::default() };
    assert_eq!(call(&mut w, SqsRequest::SendMessage(plain.clone())).unwrap_err().code, "MissingParameter");
    let grouped = SendMessageRequest { message_group_id: Some("g".into()), ..plain.clone() };
    let e = call(&mut w, SqsRequest::SendMessage(grouped.clone())).unwrap_err();
    assert!(e.message.contains("ContentBasedDeduplication"), "{}", e.message);
    let with_id = SendMessageRequest { message_deduplication_id: Some("d1".into()), ..grouped };
    let SqsResponse::SendMessage(out) = call(&mut w, SqsRequest::SendMessage(with_id.clone())).unwrap() else {
        panic!()
    };
    assert_eq!(out.sequence_number.as_ref().map(String::len), Some(20));
    call(&mut w, SqsRequest::SendMessage(with_id.clone())).unwrap();
    call(
        &mut w,
        SqsRequest::SendMessage(SendMessageRequest {
            message_deduplication_id: Some("d2".into()),
            message_body: "b".into(),
            ..with_id
        }),
    )
    .unwrap();
    // The duplicate was not added; the group's second message waits while the first is in flight.
    let first = receive(&mut w, &url, 1);
    assert_eq!(first[0].body, "a");
    assert!(receive(&mut w, &url, 10).is_empty(), "group g is blocked while a is in flight");
    let del = DeleteMessageRequest { queue_url: url.clone(), receipt_handle: first[0].receipt_handle.clone() };
    call(&mut w, SqsRequest::DeleteMessage(del)).unwrap();
    let next = receive(&mut w, &url, 10);
    assert_eq!(next.iter().map(|m| m.body.as_str()).collect::<Vec<_>>(), ["b"]);
    // Standard queues refuse FIFO parameters.
    let std_url = create(&mut w, "std", &[]).unwrap();
    let r = SendMessageRequest {
        queue_url: std_url,
        message_body: "x".into(),
        message_group_id: Some("g".into()),
        ..Default::default()
    };
    assert_eq!(call(&mut w, SqsRequest::SendMessage(r)).unwrap_err().code, "InvalidParameterValue");
}

#[test]
fn purge_set_attributes_and_tags() {
    let mut t = Term::new(7);
    let url = t.json("aws sqs create-queue --queue-name p --tags team=ops")["QueueUrl"].as_str().unwrap().to_string();
    t.ok(&format!("aws sqs send-message --queue-url {url} --message-body one"));
    t.ok(&format!("aws sqs purge-queue --queue-url {url}"));
    assert!(t.fails(&format!("aws sqs purge-queue --queue-url {url}")).contains("PurgeQueueInProgress"));
    t.world.advance(SimDuration::seconds(60));
    t.ok(&format!("aws sqs purge-queue --queue-url {url}"));
    t.ok(&format!("aws sqs set-queue-attributes --queue-url {url} --attributes MessageRetentionPeriod=60"));
    let e = t.fails(&format!("aws sqs set-queue-attributes --queue-url {url} --attributes QueueArn=x"));
    assert!(e.contains("InvalidAttributeName"), "{e}");
    t.ok(&format!("aws sqs send-message --queue-url {url} --message-body short-lived"));
    t.world.advance(SimDuration::seconds(61));
    assert_eq!(t.ok(&format!("aws sqs receive-message --queue-url {url}")).trim(), "", "past its retention period");
    t.ok(&format!("aws sqs tag-queue --queue-url {url} --tags env=dev"));
    let tags = t.json(&format!("aws sqs list-queue-tags --queue-url {url}"));
    assert_eq!(tags["Tags"], serde_json::json!({"env": "dev", "team": "ops"}));
    t.ok(&format!("aws sqs untag-queue --queue-url {url} --tag-keys team"));
    assert_eq!(
        t.json(&format!("aws sqs list-queue-tags --queue-url {url}"))["Tags"],
        serde_json::json!({"env": "dev"})
    );
}

#[test]
fn an_old_save_with_cloudformation_queues_loads_them_into_sqs() {
    let w = World::new(8);
    let mut v: serde_json::Value = serde_json::from_str(&w.to_json()).unwrap();
    let url = "https://sqs.us-east-1.amazonaws.com/123456789012/legacy";
    v["cloudformation"]["queues"] = serde_json::json!({ url: {
        "name": "legacy", "url": url, "arn": "arn:aws:sqs:us-east-1:123456789012:legacy", "region": "us-east-1",
        "fifo": false, "attributes": {"VisibilityTimeout": "90"}, "tags": [["team", "ops"]], "created": "2026-01-01T00:00:00Z"
    }});
    let mut loaded = World::from_json(&v.to_string()).unwrap();
    assert!(loaded.cloudformation.queues.is_empty());
    assert_eq!(loaded.sqs.queues[url].attributes["VisibilityTimeout"], "90");
    assert_eq!(loaded.sqs.queues[url].attributes["DelaySeconds"], "0");
    assert_eq!(attrs(&mut loaded, url)["QueueArn"], "arn:aws:sqs:us-east-1:123456789012:legacy");
    // A saved World round-trips without the old field.
    let saved: serde_json::Value = serde_json::from_str(&loaded.to_json()).unwrap();
    assert!(saved["cloudformation"].get("queues").is_none(), "queues now live under sqs only");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any text as a receipt handle or an attribute value is answered with an SQS error or
        /// accepted, never a panic; handles SQS did not give are ReceiptHandleIsInvalid.
        #[test]
        fn user_text_never_panics(handle in ".{0,80}", key in prop::sample::select(vec![
            "VisibilityTimeout", "DelaySeconds", "RedrivePolicy", "Policy", "MaximumMessageSize", "KmsMasterKeyId",
        ]), value in ".{0,60}") {
            let mut w = World::new(9);
            let url = create(&mut w, "p", &[]).unwrap();
            let del = DeleteMessageRequest { queue_url: url.clone(), receipt_handle: handle };
            let e = call(&mut w, SqsRequest::DeleteMessage(del)).unwrap_err();
            prop_assert_eq!(e.code, "ReceiptHandleIsInvalid");
            let mut attributes = BTreeMap::new();
            attributes.insert(key.to_string(), value);
            match call(&mut w, SqsRequest::SetQueueAttributes(SetQueueAttributesRequest { queue_url: url, attributes })) {
                Ok(_) => {}
                Err(e) => prop_assert!(["InvalidAttributeValue", "InvalidParameterValue"].contains(&e.code.as_str()), "{:?}", e),
            }
        }
    }
}
