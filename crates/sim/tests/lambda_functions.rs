//! Lambda functions through the terminal: an IAM role is required, a new function is Pending
//! for a few simulated seconds (Invoke is refused meanwhile), invocations are recorded rather than
//! run, and an SQS event source mapping drains its queue in batches on the clock.

mod common;

use common::ec2::Term;
use nimbus_sim::cli::FileSystem;
use nimbus_sim::{EventSource, SimDuration};

const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
const ROLE: &str = "arn:aws:iam::123456789012:role/fn-role";

fn with_role(seed: u64) -> Term {
    let mut t = Term::new(seed);
    t.fs.write("trust.json", TRUST.as_bytes()).unwrap();
    t.fs.write("f.zip", b"PK\x03\x04 simulated package").unwrap();
    t.ok("aws iam create-role --role-name fn-role --assume-role-policy-document file://trust.json");
    t
}

fn create(t: &mut Term, name: &str, extra: &str) -> serde_json::Value {
    t.json(&format!(
        "aws lambda create-function --function-name {name} --runtime python3.12 --handler app.handler --role {ROLE} --zip-file fileb://f.zip {extra}"
    ))
}

#[test]
fn a_function_needs_an_existing_role_and_valid_sizes() {
    let mut t = with_role(1);
    let e = t.fails(
        "aws lambda create-function --function-name f --runtime python3.12 --handler a.b --role arn:aws:iam::123456789012:role/missing --zip-file fileb://f.zip",
    );
    assert!(e.contains("(InvalidParameterValueException)") && e.contains("cannot be assumed by Lambda"), "{e}");
    let e = t.fails(&format!("aws lambda create-function --function-name f --runtime python3.12 --handler a.b --role {ROLE} --zip-file fileb://f.zip --memory-size 64"));
    assert!(e.contains("(ValidationException)") && e.contains("greater than or equal to 128"), "{e}");
    let e = t.fails(&format!("aws lambda create-function --function-name f --runtime python3.12 --handler a.b --role {ROLE} --zip-file fileb://f.zip --timeout 901"));
    assert!(e.contains("less than or equal to 900"), "{e}");
    let e = t.fails(&format!("aws lambda create-function --function-name f --runtime cobol --handler a.b --role {ROLE} --zip-file fileb://f.zip"));
    assert!(e.contains("'runtime'"), "{e}");
    let e = t.fails(&format!("aws lambda create-function --function-name f --role {ROLE} --zip-file fileb://f.zip"));
    assert!(e.contains("Runtime and Handler are mandatory"), "{e}");
    let e = t.fails(&format!("aws lambda create-function --function-name f --runtime python3.12 --handler a.b --role {ROLE} --code S3Bucket=nope,S3Key=f.zip"));
    assert!(e.contains("NoSuchBucket"), "{e}");
    create(&mut t, "f", "");
    let e = t.fails(&format!("aws lambda create-function --function-name f --runtime python3.12 --handler a.b --role {ROLE} --zip-file fileb://f.zip"));
    assert!(e.contains("(ResourceConflictException)") && e.contains("Function already exist: f"), "{e}");
}

#[test]
fn a_new_function_is_pending_then_active_and_invocations_are_recorded() {
    let mut t = with_role(2);
    let made = create(&mut t, "greeter", "--memory-size 256 --timeout 10 --environment Variables={GREETING=hi}");
    assert_eq!(made["State"], "Pending");
    assert_eq!(made["StateReasonCode"], "Creating");
    assert_eq!(made["FunctionArn"], "arn:aws:lambda:us-east-1:123456789012:function:greeter");
    assert_eq!(made["MemorySize"], 256);
    assert_eq!(made["Environment"]["Variables"]["GREETING"], "hi");
    assert_eq!(made["CodeSize"], 22, "the bytes of f.zip");
    let e = t.fails("aws lambda invoke --function-name greeter");
    assert!(
        e.contains("(ResourceConflictException)") && e.contains("currently in the following state: Pending"),
        "{e}"
    );
    t.world.advance(SimDuration::seconds(5));
    let conf = t.json("aws lambda get-function-configuration --function-name greeter");
    assert_eq!((conf["State"].as_str(), conf["LastUpdateStatus"].as_str()), (Some("Active"), Some("Successful")));
    let out = t.json(r#"aws lambda invoke --function-name greeter --payload '{"name":"Ada"}'"#);
    assert_eq!(out["StatusCode"], 200);
    let payload: serde_json::Value = serde_json::from_str(out["Payload"].as_str().unwrap()).unwrap();
    assert_eq!(payload["simulated"], true);
    assert_eq!(t.json("aws lambda invoke --function-name greeter --invocation-type Event")["StatusCode"], 202);
    let f = t.world.lambda.functions.values().next().unwrap();
    assert_eq!(f.invocation_count, 2);
    assert_eq!(f.invocations[0].payload, r#"{"name":"Ada"}"#);
    let e = t.fails("aws lambda invoke --function-name nobody");
    assert!(
        e.contains("(ResourceNotFoundException)")
            && e.contains("Function not found: arn:aws:lambda:us-east-1:123456789012:function:nobody"),
        "{e}"
    );

    // An update is InProgress for a moment; a second one meanwhile is refused.
    let up = t.json("aws lambda update-function-configuration --function-name greeter --timeout 20");
    assert_eq!((up["LastUpdateStatus"].as_str(), up["Timeout"].as_i64()), (Some("InProgress"), Some(20)));
    let e = t.fails("aws lambda update-function-configuration --function-name greeter --timeout 30");
    assert!(e.contains("An update is in progress"), "{e}");
    t.world.advance(SimDuration::seconds(3));
    assert_eq!(
        t.json("aws lambda get-function --function-name greeter")["Configuration"]["LastUpdateStatus"],
        "Successful"
    );
    assert_eq!(t.json("aws lambda list-functions")["Functions"].as_array().unwrap().len(), 1);
    t.ok("aws lambda delete-function --function-name greeter");
    assert_eq!(t.json("aws lambda list-functions")["Functions"], serde_json::json!([]));
}

#[test]
fn an_event_source_mapping_drains_its_queue_in_batches() {
    let mut t = with_role(3);
    create(&mut t, "worker", "--timeout 20");
    let url = t.json("aws sqs create-queue --queue-name tasks --attributes VisibilityTimeout=10")["QueueUrl"]
        .as_str()
        .unwrap()
        .to_string();
    let arn = "arn:aws:sqs:us-east-1:123456789012:tasks";
    // The queue's visibility timeout must cover the function's timeout.
    let e = t.fails(&format!("aws lambda create-event-source-mapping --function-name worker --event-source-arn {arn}"));
    assert!(e.contains("Queue visibility timeout: 10 seconds is less than Function timeout: 20 seconds"), "{e}");
    t.ok(&format!("aws sqs set-queue-attributes --queue-url {url} --attributes VisibilityTimeout=120"));
    let e = t.fails(&format!(
        "aws lambda create-event-source-mapping --function-name worker --event-source-arn {arn} --batch-size 50"
    ));
    assert!(e.contains("Maximum batch window"), "{e}");
    let m = t.json(&format!(
        "aws lambda create-event-source-mapping --function-name worker --event-source-arn {arn} --batch-size 4"
    ));
    assert_eq!(m["State"], "Creating");
    let uuid = m["UUID"].as_str().unwrap().to_string();
    for i in 0..10 {
        t.ok(&format!("aws sqs send-message --queue-url {url} --message-body task-{i}"));
    }
    t.world.advance(SimDuration::seconds(60));
    let f = t.world.lambda.functions.values().next().unwrap();
    assert_eq!(f.invocation_count, 3, "batches of 4, 4 and 2");
    let first: serde_json::Value = serde_json::from_str(&f.invocations[0].payload).unwrap();
    assert_eq!(first["Records"].as_array().unwrap().len(), 4);
    assert_eq!(first["Records"][0]["body"], "task-0");
    assert_eq!(first["Records"][0]["eventSource"], "aws:sqs");
    let left =
        t.json(&format!("aws sqs get-queue-attributes --queue-url {url} --attribute-names All"))["Attributes"].clone();
    assert_eq!(
        (left["ApproximateNumberOfMessages"].as_str(), left["ApproximateNumberOfMessagesNotVisible"].as_str()),
        (Some("0"), Some("0"))
    );
    let polls = t
        .world
        .trail()
        .events()
        .iter()
        .filter(|e| {
            e.source == EventSource::Job
                && e.operation == "EventSourceMappingPoll"
                && e.why.contains("invoked with a batch")
        })
        .count();
    assert_eq!(polls, 3, "each invocation is a trail event");
    let got = t.json(&format!("aws lambda get-event-source-mapping --uuid {uuid}"));
    assert_eq!((got["State"].as_str(), got["LastProcessingResult"].as_str()), (Some("Enabled"), Some("OK")));
    assert_eq!(
        t.json("aws lambda list-event-source-mappings --function-name worker")["EventSourceMappings"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Nothing is left scheduled once the queue is empty.
    assert!(t.world.next_deadline().is_none());
    assert_eq!(t.json(&format!("aws lambda delete-event-source-mapping --uuid {uuid}"))["State"], "Deleting");
    t.ok(&format!("aws sqs send-message --queue-url {url} --message-body after"));
    t.world.advance(SimDuration::seconds(60));
    assert_eq!(t.world.lambda.functions.values().next().unwrap().invocation_count, 3, "no mapping, no invocation");
}

#[test]
fn an_sns_lambda_subscription_records_an_invocation() {
    let mut t = with_role(4);
    create(&mut t, "notify", "");
    t.world.advance(SimDuration::seconds(5));
    let topic = t.json("aws sns create-topic --name news")["TopicArn"].as_str().unwrap().to_string();
    t.ok(&format!("aws sns subscribe --topic-arn {topic} --protocol lambda --notification-endpoint arn:aws:lambda:us-east-1:123456789012:function:notify"));
    t.ok(&format!("aws sns publish --topic-arn {topic} --message extra"));
    let f = t.world.lambda.functions.values().next().unwrap();
    assert_eq!((f.invocation_count, f.invocations[0].source.as_str()), (1, "sns"));
    assert!(f.invocations[0].payload.contains("aws:sns"));
}
