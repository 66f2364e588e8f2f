//! Resources that wait for signals: an instance with a CreationPolicy stays CREATE_IN_PROGRESS
//! until its user data's `cfn-signal` arrives, fails on a FAILURE signal or the timeout; a wait
//! condition waits for PUTs to its handle; SignalResource refuses what cannot be signalled.

mod common;

use common::ec2::Term;
use nimbus_sim::cli::FileSystem;
use nimbus_sim::time::SimDuration;
use serde_json::Value as Json;

/// A web server whose user data runs cfn-init and then signals its own result. `{before}` is a
/// line run before the signal, `{timeout}` the CreationPolicy timeout.
fn instance_template(before: &str, timeout: &str) -> String {
    format!(
        r#"Resources:
  Web:
    Type: AWS::EC2::Instance
    CreationPolicy:
      ResourceSignal:
        Count: 1
        Timeout: {timeout}
    Properties:
      ImageId: ami-0abcdef1234567890
      InstanceType: t3.micro
      UserData:
        Fn::Base64: !Sub |
          #!/bin/bash -xe
          yum install -y httpd
          {before}
          /opt/aws/bin/cfn-signal -e $? --stack ${{AWS::StackName}} --resource Web --region ${{AWS::Region}}
  Logs:
    Type: AWS::SQS::Queue
    DependsOn: Web
"#
    )
}

/// The shared terminal, with what these tests read from a stack.
struct Lab {
    t: Term,
}

impl Lab {
    fn with(template: &str) -> Self {
        let mut t = Term::new(21);
        t.fs.write("t.yaml", template.as_bytes()).unwrap();
        t.ok("aws cloudformation create-stack --stack-name web --template-body file://t.yaml");
        Lab { t }
    }

    fn advance(&mut self, d: SimDuration) {
        self.t.world.advance(d);
    }

    fn stack_status(&mut self) -> String {
        self.t.json("aws cloudformation describe-stacks --stack-name web")["Stacks"][0]["StackStatus"]
            .as_str()
            .unwrap()
            .to_string()
    }

    fn resource(&mut self, logical_id: &str) -> (String, String) {
        let r = self.t.json(&format!(
            "aws cloudformation describe-stack-resources --stack-name web --logical-resource-id {logical_id}"
        ));
        let r = &r["StackResources"][0];
        (
            r["ResourceStatus"].as_str().unwrap().to_string(),
            r["ResourceStatusReason"].as_str().unwrap_or_default().to_string(),
        )
    }

    /// The reason of the resource's CREATE_FAILED event (its status moves on as the rollback
    /// deletes it).
    fn create_failed(&mut self, logical_id: &str) -> Option<String> {
        let e = self.t.json("aws cloudformation describe-stack-events --stack-name web");
        e["StackEvents"].as_array().unwrap().iter().find_map(|e| {
            (e["LogicalResourceId"] == logical_id && e["ResourceStatus"] == "CREATE_FAILED")
                .then(|| e["ResourceStatusReason"].as_str().unwrap_or_default().to_string())
        })
    }

    fn event_reasons(&mut self) -> Vec<String> {
        let e = self.t.json("aws cloudformation describe-stack-events --stack-name web");
        e["StackEvents"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["ResourceStatusReason"].as_str().map(str::to_string))
            .collect()
    }
}

#[test]
fn an_instance_waits_for_its_own_signal_before_the_stack_moves_on() {
    let mut lab = Lab::with(&instance_template("echo ready", "PT10M"));
    // EC2 has the instance running after 30 s and CloudFormation sees it created after 60 s,
    // but the user data needs 90 s more: the instance is still waiting and Logs has not started.
    lab.advance(SimDuration::seconds(61));
    assert_eq!(lab.resource("Web").0, "CREATE_IN_PROGRESS");
    assert_eq!(lab.stack_status(), "CREATE_IN_PROGRESS");
    let logs = lab.t.json("aws cloudformation describe-stack-resources --stack-name web");
    assert!(logs["StackResources"].as_array().unwrap().iter().all(|r| r["LogicalResourceId"] != "Logs"
        || r["ResourceStatus"].is_null()
        || r["ResourceStatus"] == "NOT_STARTED"));
    lab.advance(SimDuration::seconds(60));
    assert_eq!(lab.resource("Web").0, "CREATE_COMPLETE");
    let reasons = lab.event_reasons();
    assert!(reasons.iter().any(|r| r.starts_with("Received SUCCESS signal with UniqueId i-")), "{reasons:?}");
    lab.advance(SimDuration::seconds(5));
    assert_eq!(lab.stack_status(), "CREATE_COMPLETE");
}

#[test]
fn a_failing_bootstrap_sends_failure_and_the_stack_rolls_back() {
    let mut lab = Lab::with(&instance_template("false", "PT10M"));
    lab.advance(SimDuration::seconds(119));
    assert_eq!(lab.resource("Web").0, "CREATE_IN_PROGRESS");
    lab.advance(SimDuration::seconds(2));
    let reason = lab.create_failed("Web").expect("Web failed");
    assert!(reason.starts_with("Received FAILURE signal with UniqueId i-"), "{reason}");
    lab.advance(SimDuration::minutes(5));
    assert_eq!(lab.stack_status(), "ROLLBACK_COMPLETE");
    // The rollback terminated the instance.
    let d = lab.t.json("aws ec2 describe-instances");
    let states: Vec<&str> = d["Reservations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["Instances"].as_array().unwrap())
        .map(|i| i["State"]["Name"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["terminated"]);
}

#[test]
fn no_signal_within_the_timeout_fails_with_aws_message() {
    // The user data exits before it signals.
    let mut lab = Lab::with(&instance_template("exit 1", "PT3M"));
    lab.advance(SimDuration::seconds(179));
    assert_eq!(lab.resource("Web").0, "CREATE_IN_PROGRESS");
    lab.advance(SimDuration::seconds(2));
    assert_eq!(
        lab.create_failed("Web").as_deref(),
        Some("Failed to receive 1 resource signal(s) within the specified duration")
    );
}

#[test]
fn signal_resource_from_the_terminal_counts_and_refuses_what_cannot_be_signalled() {
    let template = r#"Resources:
  Web:
    Type: AWS::EC2::Instance
    CreationPolicy:
      ResourceSignal: {Count: 2, Timeout: PT15M}
    Properties: {ImageId: ami-0abcdef1234567890}
  Bucket:
    Type: AWS::S3::Bucket
"#;
    let mut lab = Lab::with(template);
    lab.advance(SimDuration::seconds(61));
    lab.t.ok(
        "aws cloudformation signal-resource --stack-name web --logical-resource-id Web --unique-id a --status SUCCESS",
    );
    // A retransmission of the same id does not count twice.
    lab.t.ok(
        "aws cloudformation signal-resource --stack-name web --logical-resource-id Web --unique-id a --status SUCCESS",
    );
    assert_eq!(lab.resource("Web").0, "CREATE_IN_PROGRESS");
    let bucket = lab.t.run(
        "aws cloudformation signal-resource --stack-name web --logical-resource-id Bucket --unique-id a --status SUCCESS",
    );
    assert!(bucket.stderr.contains("(ValidationError)"), "{}", bucket.stderr);
    assert!(bucket.stderr.contains("Resource Bucket is in CREATE_COMPLETE state and cannot be signaled"));
    let missing = lab.t.run(
        "aws cloudformation signal-resource --stack-name web --logical-resource-id Nope --unique-id a --status SUCCESS",
    );
    assert!(missing.stderr.contains("Resource Nope does not exist for stack web"), "{}", missing.stderr);
    let bad = lab.t.run(
        "aws cloudformation signal-resource --stack-name web --logical-resource-id Web --unique-id a --status MAYBE",
    );
    assert_ne!(bad.exit_code, 0);
    lab.t.ok(
        "aws cloudformation signal-resource --stack-name web --logical-resource-id Web --unique-id b --status SUCCESS",
    );
    assert_eq!(lab.resource("Web").0, "CREATE_COMPLETE");
    lab.advance(SimDuration::seconds(5));
    assert_eq!(lab.stack_status(), "CREATE_COMPLETE");
    let late = lab.t.run(
        "aws cloudformation signal-resource --stack-name web --logical-resource-id Web --unique-id c --status SUCCESS",
    );
    assert!(late.stderr.contains("is in CREATE_COMPLETE state and cannot be signaled"), "{}", late.stderr);
}

const WAIT_CONDITION: &str = r#"Parameters:
  Nodes: {Type: Number, Default: 2}
Resources:
  Handle:
    Type: AWS::CloudFormation::WaitConditionHandle
  Node1:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0abcdef1234567890
      UserData:
        Fn::Base64: !Sub |
          #!/bin/bash
          /opt/aws/bin/cfn-signal -e 0 -d "node1 ready" -i node1 '${Handle}'
  Node2:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0abcdef1234567890
      UserData:
        Fn::Base64: !Sub |
          #!/bin/bash
          /opt/aws/bin/cfn-signal -e ${Code} -r 'Configuration failed.' -i node2 '${Handle}'
  Ready:
    Type: AWS::CloudFormation::WaitCondition
    Properties:
      Handle: !Ref Handle
      Timeout: '600'
      Count: !Ref Nodes
Outputs:
  Data: {Value: !GetAtt Ready.Data}
"#;

fn wait_condition_lab(code: &str) -> Lab {
    Lab::with(&WAIT_CONDITION.replace("${Code}", code))
}

#[test]
fn a_wait_condition_completes_when_every_node_signals_its_handle() {
    let mut lab = wait_condition_lab("0");
    lab.advance(SimDuration::seconds(30));
    assert_eq!(lab.resource("Ready").0, "CREATE_IN_PROGRESS");
    lab.advance(SimDuration::minutes(3));
    assert_eq!(lab.resource("Ready").0, "CREATE_COMPLETE");
    lab.advance(SimDuration::minutes(2));
    assert_eq!(lab.stack_status(), "CREATE_COMPLETE");
    let outputs = lab.t.json("aws cloudformation describe-stacks --stack-name web")["Stacks"][0]["Outputs"].clone();
    let data: Json = serde_json::from_str(outputs[0]["OutputValue"].as_str().unwrap()).unwrap();
    assert_eq!(data["node1"], "node1 ready");
    assert_eq!(data["node2"], "");
}

#[test]
fn a_failed_node_fails_the_wait_condition_with_its_reason() {
    let mut lab = wait_condition_lab("1");
    lab.advance(SimDuration::minutes(3));
    assert_eq!(
        lab.create_failed("Ready").as_deref(),
        Some("WaitCondition received failed message: 'Configuration failed.' for uniqueId: node2")
    );
}

#[test]
fn a_wait_condition_without_enough_signals_times_out() {
    let template = WAIT_CONDITION.replace("Default: 2", "Default: 3").replace("${Code}", "0");
    let mut lab = Lab::with(&template);
    lab.advance(SimDuration::seconds(599));
    assert_eq!(lab.create_failed("Ready"), None);
    lab.advance(SimDuration::seconds(2));
    assert_eq!(
        lab.create_failed("Ready").as_deref(),
        Some("WaitCondition timed out. Received 2 conditions when expecting 3")
    );
}

#[test]
fn creation_policy_values_are_checked() {
    let mut lab = Lab::with(
        "Resources:\n  Web:\n    Type: AWS::EC2::Instance\n    CreationPolicy:\n      ResourceSignal: {Timeout: 15m}\n    Properties: {ImageId: ami-0abcdef1234567890}\n",
    );
    let reason = lab.create_failed("Web").expect("Web failed");
    assert!(reason.contains("ISO 8601 duration"), "{reason}");
}

/// Replaces Web with a new image; `resource` is the name its user data signals.
fn replace_web(lab: &mut Lab, resource: &str) -> String {
    lab.advance(SimDuration::minutes(3));
    assert_eq!(lab.stack_status(), "CREATE_COMPLETE");
    let old = lab.t.text("aws cloudformation describe-stack-resource --stack-name web --logical-resource-id Web --query StackResourceDetail.PhysicalResourceId");
    let body = instance_template("echo ready", "PT5M")
        .replace("ami-0abcdef1234567890", "ami-0123456789abcdef0")
        .replace("--resource Web", &format!("--resource {resource}"));
    lab.t.fs.write("u.yaml", body.as_bytes()).unwrap();
    lab.t.ok("aws cloudformation update-stack --stack-name web --template-body file://u.yaml");
    old
}

#[test]
fn a_replacement_waits_for_the_new_instance_signal() {
    let mut lab = Lab::with(&instance_template("echo ready", "PT10M"));
    let old = replace_web(&mut lab, "Web");
    // Made after a minute, but its user data signals only after boot + 90 s.
    lab.advance(SimDuration::seconds(70));
    assert_eq!(lab.resource("Web").0, "UPDATE_IN_PROGRESS");
    lab.advance(SimDuration::minutes(2));
    assert_eq!(lab.resource("Web").0, "UPDATE_COMPLETE");
    let new = lab.t.text("aws cloudformation describe-stack-resource --stack-name web --logical-resource-id Web --query StackResourceDetail.PhysicalResourceId");
    assert_ne!(new, old);
    assert!(lab.event_reasons().contains(&format!("Received SUCCESS signal with UniqueId {new}")));
    lab.advance(SimDuration::minutes(3));
    assert_eq!(lab.stack_status(), "UPDATE_COMPLETE");
}

#[test]
fn a_replacement_that_never_signals_rolls_the_update_back() {
    let mut lab = Lab::with(&instance_template("echo ready", "PT10M"));
    let old = replace_web(&mut lab, "Nope");
    lab.advance(SimDuration::minutes(15));
    let reasons = lab.event_reasons();
    assert!(
        reasons.iter().any(|r| r == "Failed to receive 1 resource signal(s) within the specified duration"),
        "{reasons:?}"
    );
    assert_eq!(lab.stack_status(), "UPDATE_ROLLBACK_COMPLETE");
    let now = lab.t.text("aws cloudformation describe-stack-resource --stack-name web --logical-resource-id Web --query StackResourceDetail.PhysicalResourceId");
    assert_eq!(now, old, "the old instance is the stack's again");
    let state = lab.t.text(&format!(
        "aws ec2 describe-instances --instance-ids {old} --query Reservations[0].Instances[0].State.Name"
    ));
    assert_eq!(state, "running");
}
