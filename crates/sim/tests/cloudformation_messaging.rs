//! A messaging stack made by CloudFormation through SQS, SNS, IAM and Lambda's own calls: a
//! queue with a dead-letter queue and a queue policy, a topic with an inline SQS subscription,
//! a function with an event source mapping. What the stack made answers in the terminal, a
//! message published to the topic reaches the function, and deleting the stack removes it all.

mod common;

use common::ec2::Term;
use nimbus_sim::cli::FileSystem;
use nimbus_sim::SimDuration;
use serde_json::Value as Json;

const STACK: &str = r#"
Resources:
  DeadLetters:
    Type: AWS::SQS::Queue
    Properties:
      MessageRetentionPeriod: 1209600
  Work:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: work-items
      VisibilityTimeout: 60
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt DeadLetters.Arn
        maxReceiveCount: 3
      Tags:
        - {Key: team, Value: ops}
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      DisplayName: Orders
      Subscription:
        - Protocol: sqs
          Endpoint: !GetAtt Work.Arn
  WorkPolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Work]
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Service: sns.amazonaws.com}
            Action: sqs:SendMessage
            Resource: !GetAtt Work.Arn
            Condition: {ArnEquals: {aws:SourceArn: !Ref Topic}}
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
  Handler:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt Role.Arn
      Timeout: 30
      Code:
        ZipFile: |
          def handler(event, context):
              return len(event["Records"])
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      EventSourceArn: !GetAtt Work.Arn
      FunctionName: !Ref Handler
      BatchSize: 5
  Invoke:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !GetAtt Handler.Arn
      Action: lambda:InvokeFunction
      Principal: sns.amazonaws.com
      SourceArn: !Ref Topic
Outputs:
  QueueUrl: {Value: !Ref Work}
  QueueArn: {Value: !GetAtt Work.Arn}
  QueueName: {Value: !GetAtt Work.QueueName}
  TopicArn: {Value: !Ref Topic}
  TopicName: {Value: !GetAtt Topic.TopicName}
  FunctionArn: {Value: !GetAtt Handler.Arn}
  FunctionName: {Value: !Ref Handler}
"#;

fn outputs(t: &mut Term, stack: &str) -> std::collections::BTreeMap<String, String> {
    let v = t.json(&format!("aws cloudformation describe-stacks --stack-name {stack}"));
    v["Stacks"][0]["Outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["OutputKey"].as_str().unwrap().to_string(), o["OutputValue"].as_str().unwrap().to_string()))
        .collect()
}

fn create(t: &mut Term, stack: &str, body: &str) {
    t.fs.write(&format!("{stack}.yaml"), body.as_bytes()).unwrap();
    t.ok(&format!(
        "aws cloudformation create-stack --stack-name {stack} --template-body file://{stack}.yaml --capabilities CAPABILITY_IAM"
    ));
    t.ok(&format!("aws cloudformation wait stack-create-complete --stack-name {stack}"));
}

#[test]
fn a_messaging_stack_is_made_through_the_services_and_carries_a_message_to_the_function() {
    let mut t = Term::new(31);
    create(&mut t, "msg", STACK);
    let out = outputs(&mut t, "msg");
    assert_eq!(out["QueueUrl"], "https://sqs.us-east-1.amazonaws.com/123456789012/work-items");
    assert_eq!(out["QueueArn"], "arn:aws:sqs:us-east-1:123456789012:work-items");
    assert_eq!(out["QueueName"], "work-items");
    assert!(out["TopicArn"].starts_with("arn:aws:sns:us-east-1:123456789012:msg-Topic-"), "{}", out["TopicArn"]);
    assert_eq!(out["TopicArn"].rsplit(':').next().unwrap(), out["TopicName"]);
    assert_eq!(out["FunctionArn"], format!("arn:aws:lambda:us-east-1:123456789012:function:{}", out["FunctionName"]));

    // What the stack made answers through each service.
    let url = out["QueueUrl"].clone();
    let a =
        t.json(&format!("aws sqs get-queue-attributes --queue-url {url} --attribute-names All"))["Attributes"].clone();
    assert_eq!(a["VisibilityTimeout"], "60");
    let redrive: Json = serde_json::from_str(a["RedrivePolicy"].as_str().unwrap()).unwrap();
    assert_eq!(redrive["maxReceiveCount"], 3);
    assert!(a["Policy"].as_str().unwrap().contains("sns.amazonaws.com"));
    let tags = t.json(&format!("aws sqs list-queue-tags --queue-url {url}"))["Tags"].clone();
    assert_eq!(tags["team"], "ops");
    assert_eq!(t.json("aws sqs list-queues")["QueueUrls"].as_array().unwrap().len(), 2);
    let subs = t.json(&format!("aws sns list-subscriptions-by-topic --topic-arn {}", out["TopicArn"]))["Subscriptions"]
        .clone();
    assert_eq!(subs[0]["Endpoint"], out["QueueArn"].as_str());
    assert_eq!(
        t.json(&format!("aws lambda get-function --function-name {}", out["FunctionName"]))["Configuration"]["State"],
        "Active"
    );
    let maps = t.json(&format!("aws lambda list-event-source-mappings --function-name {}", out["FunctionName"]));
    assert_eq!(
        (maps["EventSourceMappings"][0]["State"].as_str(), maps["EventSourceMappings"][0]["BatchSize"].as_i64()),
        (Some("Enabled"), Some(5))
    );

    // A message published to the topic lands in the queue, and the mapping hands it to the function.
    t.ok(&format!("aws sns publish --topic-arn {} --message order-7", out["TopicArn"]));
    t.world.advance(SimDuration::seconds(5));
    let f = t.world.lambda.functions.values().next().unwrap().clone();
    assert_eq!(f.invocation_count, 1);
    assert!(f.invocations[0].payload.contains("order-7"));
    assert_eq!(f.permissions.len(), 1, "the AWS::Lambda::Permission statement");

    t.ok("aws cloudformation delete-stack --stack-name msg");
    t.ok("aws cloudformation wait stack-delete-complete --stack-name msg");
    assert!(t.world.sqs.queues.is_empty());
    assert!(t.world.sns.topics.is_empty() && t.world.sns.subscriptions.is_empty());
    assert!(t.world.lambda.functions.is_empty() && t.world.lambda.mappings.is_empty());
}

#[test]
fn a_queue_changed_by_hand_drifts_and_an_update_sets_it_back() {
    let mut t = Term::new(32);
    let body = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: 45\n";
    create(&mut t, "dq", body);
    let url = t.json("aws cloudformation describe-stack-resources --stack-name dq")["StackResources"][0]
        ["PhysicalResourceId"]
        .as_str()
        .unwrap()
        .to_string();
    t.ok(&format!("aws sqs set-queue-attributes --queue-url {url} --attributes VisibilityTimeout=300"));
    let id = t.json("aws cloudformation detect-stack-drift --stack-name dq")["StackDriftDetectionId"]
        .as_str()
        .unwrap()
        .to_string();
    t.world.advance(SimDuration::seconds(30));
    let status =
        t.json(&format!("aws cloudformation describe-stack-drift-detection-status --stack-drift-detection-id {id}"));
    assert_eq!(status["StackDriftStatus"], "DRIFTED");
    let drifts =
        t.json("aws cloudformation describe-stack-resource-drifts --stack-name dq")["StackResourceDrifts"].clone();
    let diff = &drifts[0]["PropertyDifferences"][0];
    assert_eq!(
        (diff["PropertyPath"].as_str(), diff["ActualValue"].as_str()),
        (Some("/VisibilityTimeout"), Some("300"))
    );
    // An update that changes another property also applies the template's VisibilityTimeout.
    let next = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: 45\n      DelaySeconds: 5\n";
    t.fs.write("next.yaml", next.as_bytes()).unwrap();
    t.ok("aws cloudformation update-stack --stack-name dq --template-body file://next.yaml");
    t.ok("aws cloudformation wait stack-update-complete --stack-name dq");
    let a =
        t.json(&format!("aws sqs get-queue-attributes --queue-url {url} --attribute-names All"))["Attributes"].clone();
    assert_eq!((a["VisibilityTimeout"].as_str(), a["DelaySeconds"].as_str()), (Some("45"), Some("5")));
}

#[test]
fn a_failing_function_rolls_the_stack_back_with_lambdas_reason() {
    let mut t = Term::new(33);
    let body = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      Handler: i.h\n      Role: arn:aws:iam::123456789012:role/none\n      Code: {ZipFile: 'x'}\n";
    t.fs.write("bad.yaml", body.as_bytes()).unwrap();
    t.ok("aws cloudformation create-stack --stack-name bad --template-body file://bad.yaml");
    t.world.advance(SimDuration::minutes(5));
    let ev = t.json("aws cloudformation describe-stack-events --stack-name bad")["StackEvents"].clone();
    let failed = ev
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["LogicalResourceId"] == "F" && e["ResourceStatus"] == "CREATE_FAILED")
        .unwrap();
    let reason = failed["ResourceStatusReason"].as_str().unwrap();
    assert!(reason.contains("cannot be assumed by Lambda") && reason.contains("Service: Lambda"), "{reason}");
    assert_eq!(
        t.json("aws cloudformation describe-stacks --stack-name bad")["Stacks"][0]["StackStatus"],
        "ROLLBACK_COMPLETE"
    );
    assert!(t.world.sqs.queues.is_empty(), "the queue was rolled back");
}
