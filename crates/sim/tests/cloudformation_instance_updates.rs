//! Updating an `AWS::EC2::Instance` in place, as the resource reference sorts its properties:
//! SecurityGroupIds with no interruption, InstanceType and UserData with some interruption
//! (CloudFormation stops the instance, changes it and starts it again, keeping its id), and
//! ImageId by replacement.

mod common;

use common::ec2::Term;
use nimbus_sim::cli::FileSystem;
use nimbus_sim::time::SimDuration;

fn template(instance_type: &str, group: &str, image: &str) -> String {
    format!(
        r#"Resources:
  A:
    Type: AWS::EC2::SecurityGroup
    Properties: {{GroupDescription: a}}
  B:
    Type: AWS::EC2::SecurityGroup
    Properties: {{GroupDescription: b}}
  Web:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: {image}
      InstanceType: {instance_type}
      SecurityGroupIds: [!GetAtt {group}.GroupId]
Outputs:
  Id:
    Value: !Ref Web
"#
    )
}

const AMI: &str = "ami-0abcdef1234567890";

fn stack_with(t: &mut Term, body: &str) {
    t.fs.write("t.yaml", body.as_bytes()).unwrap();
    t.ok("aws cloudformation create-stack --stack-name web --template-body file://t.yaml");
    t.ok("aws cloudformation wait stack-create-complete --stack-name web");
}

fn instance_id(t: &mut Term) -> String {
    t.text("aws cloudformation describe-stacks --stack-name web --query Stacks[0].Outputs[0].OutputValue")
}

/// Creates a change set for `body` and returns (Action, Replacement) of Web.
fn change_for_web(t: &mut Term, name: &str, body: &str) -> (String, String) {
    t.fs.write("u.yaml", body.as_bytes()).unwrap();
    t.ok(&format!(
        "aws cloudformation create-change-set --stack-name web --change-set-name {name} --template-body file://u.yaml"
    ));
    t.world.advance(SimDuration::seconds(30));
    let cs = t.json(&format!("aws cloudformation describe-change-set --stack-name web --change-set-name {name}"));
    let change = cs["Changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["ResourceChange"])
        .find(|c| c["LogicalResourceId"] == "Web")
        .unwrap_or_else(|| panic!("no change for Web: {cs}"))
        .clone();
    (change["Action"].as_str().unwrap().into(), change["Replacement"].as_str().unwrap().into())
}

fn operations_since(t: &Term, seq: u64) -> Vec<String> {
    t.world.trail().events().iter().filter(|e| e.seq > seq && e.service == "ec2").map(|e| e.operation.clone()).collect()
}

#[test]
fn a_new_instance_type_restarts_the_same_instance() {
    let mut t = Term::new(8);
    stack_with(&mut t, &template("t3.micro", "A", AMI));
    let id = instance_id(&mut t);
    assert_eq!(
        change_for_web(&mut t, "bigger", &template("t3.large", "A", AMI)),
        ("Modify".to_string(), "False".to_string())
    );
    let seq = t.world.trail().last().unwrap().seq;
    t.ok("aws cloudformation execute-change-set --stack-name web --change-set-name bigger");
    t.world.advance(SimDuration::seconds(20));
    let state = t.text(&format!(
        "aws ec2 describe-instances --instance-ids {id} --query Reservations[0].Instances[0].State.Name"
    ));
    assert!(state == "stopping" || state == "stopped", "the instance stops first: {state}");
    t.ok("aws cloudformation wait stack-update-complete --stack-name web");
    let i = t.json(&format!("aws ec2 describe-instances --instance-ids {id}"));
    let i = &i["Reservations"][0]["Instances"][0];
    assert_eq!(i["InstanceType"], "t3.large");
    assert_eq!(i["State"]["Name"], "running");
    assert_eq!(instance_id(&mut t), id, "the same instance, not a replacement");
    let ops = operations_since(&t, seq);
    let at = |op: &str| ops.iter().position(|o| o == op).unwrap_or_else(|| panic!("no {op} in {ops:?}"));
    assert!(at("StopInstances") < at("ModifyInstanceAttribute"));
    assert!(at("ModifyInstanceAttribute") < at("StartInstances"));
    assert!(!ops.contains(&"RunInstances".to_string()), "{ops:?}");
    let status = t.text("aws cloudformation describe-stacks --stack-name web --query Stacks[0].StackStatus");
    assert_eq!(status, "UPDATE_COMPLETE");
}

#[test]
fn new_security_groups_do_not_stop_the_instance() {
    let mut t = Term::new(9);
    stack_with(&mut t, &template("t3.micro", "A", AMI));
    let id = instance_id(&mut t);
    let seq = t.world.trail().last().unwrap().seq;
    t.fs.write("u.yaml", template("t3.micro", "B", AMI).as_bytes()).unwrap();
    t.ok("aws cloudformation update-stack --stack-name web --template-body file://u.yaml");
    t.ok("aws cloudformation wait stack-update-complete --stack-name web");
    let b = t.text("aws cloudformation describe-stack-resource --stack-name web --logical-resource-id B --query StackResourceDetail.PhysicalResourceId");
    let groups = t.text(&format!(
        "aws ec2 describe-instances --instance-ids {id} --query Reservations[0].Instances[0].SecurityGroups[].GroupId"
    ));
    assert_eq!(groups, b);
    let ops = operations_since(&t, seq);
    assert!(ops.contains(&"ModifyInstanceAttribute".to_string()), "{ops:?}");
    assert!(!ops.iter().any(|o| o == "StopInstances" || o == "RunInstances"), "{ops:?}");
    let missing = t.fails("aws cloudformation describe-stack-resource --stack-name web --logical-resource-id Nope");
    assert!(
        missing.contains("(ValidationError)") && missing.contains("Resource Nope does not exist for stack web"),
        "{missing}"
    );
}

#[test]
fn a_new_image_replaces_the_instance() {
    let mut t = Term::new(10);
    stack_with(&mut t, &template("t3.micro", "A", AMI));
    let id = instance_id(&mut t);
    let other = "ami-0123456789abcdef0";
    assert_eq!(
        change_for_web(&mut t, "newami", &template("t3.micro", "A", other)),
        ("Modify".to_string(), "True".to_string())
    );
    t.ok("aws cloudformation execute-change-set --stack-name web --change-set-name newami");
    t.ok("aws cloudformation wait stack-update-complete --stack-name web");
    let new_id = instance_id(&mut t);
    assert_ne!(new_id, id);
    let old = t.text(&format!(
        "aws ec2 describe-instances --instance-ids {id} --query Reservations[0].Instances[0].State.Name"
    ));
    assert_eq!(old, "terminated");
}
