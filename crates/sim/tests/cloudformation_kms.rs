//! A stack's KMS key and alias are real KMS resources: they encrypt, rotate on their schedule,
//! drift when changed through KMS, and go into their deletion window when the stack goes. The
//! cost estimate prices them with the EC2 pieces of a web stack.

use nimbus_sim::cli::{run_line, CommandOutput, FileSystem, MemoryFs};
use nimbus_sim::World;
use serde_json::Value as Json;

const TEMPLATE: &str = "\
Resources:
  DataKey:
    Type: AWS::KMS::Key
    Properties:
      Description: orders data
      EnableKeyRotation: true
      RotationPeriodInDays: 180
      PendingWindowInDays: 7
  DataKeyAlias:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: alias/orders
      TargetKeyId: !Ref DataKey
Outputs:
  KeyArn:
    Value: !GetAtt DataKey.Arn
";

struct Lab {
    world: World,
    fs: MemoryFs,
}

impl Lab {
    fn with(template: &str) -> Self {
        let mut fs = MemoryFs::new();
        fs.write("keys.yaml", template.as_bytes()).unwrap();
        let mut lab = Lab { world: World::new(11), fs };
        lab.run("aws cloudformation create-stack --stack-name keys --template-body file://keys.yaml");
        lab
    }

    fn run(&mut self, line: &str) -> CommandOutput {
        run_line(&mut self.world, &mut self.fs, line)
    }

    fn ok(&mut self, line: &str) -> Json {
        let out = self.run(line);
        assert_eq!(out.exit_code, 0, "{line}: {}", out.stderr);
        serde_json::from_str(&out.stdout).unwrap_or(Json::Null)
    }

    fn key_id(&mut self) -> String {
        let r = self.ok("aws cloudformation describe-stack-resources --stack-name keys --logical-resource-id DataKey");
        r["StackResources"][0]["PhysicalResourceId"].as_str().unwrap().to_string()
    }
}

#[test]
fn a_stack_key_is_a_real_key_with_its_rotation_and_alias() {
    let mut lab = Lab::with(TEMPLATE);
    lab.ok("aws cloudformation wait stack-create-complete --stack-name keys");
    let key = lab.key_id();
    let described = lab.ok(&format!("aws kms describe-key --key-id {key}"));
    assert_eq!(described["KeyMetadata"]["KeyState"], "Enabled");
    assert_eq!(described["KeyMetadata"]["Description"], "orders data");
    let rotation = lab.ok(&format!("aws kms get-key-rotation-status --key-id {key}"));
    assert_eq!(rotation["KeyRotationEnabled"], true);
    assert_eq!(rotation["RotationPeriodInDays"], 180);
    // The alias points at the key, so data can be encrypted through it.
    let sealed = lab.ok("aws kms encrypt --key-id alias/orders --plaintext aGVsbG8=");
    assert_eq!(sealed["KeyId"].as_str().unwrap().rsplit('/').next(), Some(key.as_str()));
    let stack = lab.ok("aws cloudformation describe-stacks --stack-name keys");
    let arn = stack["Stacks"][0]["Outputs"][0]["OutputValue"].as_str().unwrap();
    assert!(arn.starts_with("arn:aws:kms:us-east-1:") && arn.ends_with(&format!(":key/{key}")), "{arn}");
}

#[test]
fn only_what_the_template_sets_can_drift() {
    let mut lab = Lab::with(TEMPLATE);
    lab.ok("aws cloudformation wait stack-create-complete --stack-name keys");
    let key = lab.key_id();
    lab.ok(&format!("aws kms disable-key --key-id {key}"));
    let one = lab.ok("aws cloudformation detect-stack-resource-drift --stack-name keys --logical-resource-id DataKey");
    // The template does not set Enabled, and drift compares only what the template sets:
    // disabling the key alone is not drift. Turning off the rotation the template asked for is.
    assert_eq!(one["StackResourceDrift"]["StackResourceDriftStatus"], "IN_SYNC");
    // KMS refuses rotation changes on a disabled key, so the learner enables it first.
    lab.ok(&format!("aws kms enable-key --key-id {key}"));
    lab.ok(&format!("aws kms disable-key-rotation --key-id {key}"));
    let again =
        lab.ok("aws cloudformation detect-stack-resource-drift --stack-name keys --logical-resource-id DataKey");
    assert_eq!(again["StackResourceDrift"]["StackResourceDriftStatus"], "MODIFIED");
    let diffs = again["StackResourceDrift"]["PropertyDifferences"].as_array().unwrap().clone();
    let found: Vec<(&str, &str)> =
        diffs.iter().map(|d| (d["PropertyPath"].as_str().unwrap(), d["ActualValue"].as_str().unwrap())).collect();
    assert!(found.contains(&("/EnableKeyRotation", "false")), "{found:?}");
}

#[test]
fn deleting_the_stack_schedules_the_key_for_deletion_in_its_window() {
    let mut lab = Lab::with(TEMPLATE);
    lab.ok("aws cloudformation wait stack-create-complete --stack-name keys");
    let key = lab.key_id();
    lab.ok("aws cloudformation delete-stack --stack-name keys");
    lab.ok("aws cloudformation wait stack-delete-complete --stack-name keys");
    let described = lab.ok(&format!("aws kms describe-key --key-id {key}"));
    assert_eq!(described["KeyMetadata"]["KeyState"], "PendingDeletion");
    // The template's 7-day window, from a clock that started on 2026-01-01.
    let when = described["KeyMetadata"]["DeletionDate"].to_string();
    assert!(when.contains("2026-01-08"), "{when}");
    let aliases = lab.ok("aws kms list-aliases");
    assert!(!aliases.to_string().contains("alias/orders"), "{aliases}");
}

#[test]
fn kms_refusals_fail_the_resource_with_kms_words() {
    let mut lab = Lab::with(
        "Resources:\n  K:\n    Type: AWS::KMS::Key\n  A:\n    Type: AWS::KMS::Alias\n    Properties:\n      \
         AliasName: alias/aws/mine\n      TargetKeyId: !Ref K\n",
    );
    let out = lab.run("aws cloudformation wait stack-create-complete --stack-name keys");
    assert_ne!(out.exit_code, 0);
    let events = lab.ok("aws cloudformation describe-stack-events --stack-name keys");
    let failed = events["StackEvents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["LogicalResourceId"] == "A" && e["ResourceStatus"] == "CREATE_FAILED")
        .expect("the alias fails");
    let reason = failed["ResourceStatusReason"].as_str().unwrap();
    assert!(reason.contains("alias/aws/") && reason.contains("Error Code:"), "{reason}");
    let mut window =
        Lab::with("Resources:\n  K:\n    Type: AWS::KMS::Key\n    Properties:\n      PendingWindowInDays: 3\n");
    window.run("aws cloudformation wait stack-create-complete --stack-name keys");
    let events = window.ok("aws cloudformation describe-stack-events --stack-name keys");
    assert!(events.to_string().contains("#/PendingWindowInDays: 3 is not greater or equal to 7"), "{events}");
}

#[test]
fn the_cost_estimate_counts_what_a_stack_runs_and_groups_it_by_tag() {
    use nimbus_sim::services::cloudformation::cost;
    let mut lab = Lab::with(TEMPLATE);
    lab.ok("aws cloudformation wait stack-create-complete --stack-name keys");
    lab.fs.write("web.yaml", WEB.as_bytes()).unwrap();
    lab.ok("aws ec2 create-key-pair --key-name k");
    lab.ok(
        "aws cloudformation create-stack --stack-name web --template-body file://web.yaml --tags Key=team,Value=shop",
    );
    lab.ok("aws cloudformation wait stack-create-complete --stack-name web");
    let stack = |w: &World, name: &str| w.cloudformation.find(name, "us-east-1").unwrap().clone();
    let keys = cost::estimate(&lab.world, &stack(&lab.world, "keys"));
    assert_eq!(keys.monthly(), 1.0, "one customer managed key, the alias is free: {keys:?}");
    let web = cost::estimate(&lab.world, &stack(&lab.world, "web"));
    let by_id = |id: &str| web.lines.iter().find(|l| l.logical_id == id).unwrap().monthly;
    // t3.micro for 730 h plus its 8 GB root volume; the Elastic IP on its own line.
    assert!((by_id("Server") - (0.0104 * 730.0 + 0.64)).abs() < 1e-9, "{web:?}");
    assert!((by_id("Address") - 3.65).abs() < 1e-9, "{web:?}");
    assert_eq!(by_id("Group"), 0.0);
    let groups = cost::by_tag(&lab.world, "team");
    assert!((groups["shop"] - web.monthly()).abs() < 1e-9 && groups["(untagged)"] == 1.0, "{groups:?}");
    // A stopped instance still pays for its disk; a deleted stack costs nothing.
    let id = web_instance(&mut lab);
    lab.ok(&format!("aws ec2 stop-instances --instance-ids {id}"));
    lab.run("nimbus advance 5m");
    let stopped = cost::estimate(&lab.world, &stack(&lab.world, "web"));
    assert!((stopped.lines.iter().find(|l| l.logical_id == "Server").unwrap().monthly - 0.64).abs() < 1e-9);
    lab.ok("aws cloudformation delete-stack --stack-name web");
    lab.ok("aws cloudformation wait stack-delete-complete --stack-name web");
    assert!(!cost::by_tag(&lab.world, "team").contains_key("shop"));
}

const WEB: &str = "\
Resources:
  Group:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: web}
  Server:
    Type: AWS::EC2::Instance
    Properties: {ImageId: ami-0abcdef1234567890, InstanceType: t3.micro, KeyName: k, SecurityGroups: [!Ref Group]}
  Address:
    Type: AWS::EC2::EIP
    Properties: {InstanceId: !Ref Server}
";

fn web_instance(lab: &mut Lab) -> String {
    let r = lab.ok("aws cloudformation describe-stack-resources --stack-name web --logical-resource-id Server");
    r["StackResources"][0]["PhysicalResourceId"].as_str().unwrap().to_string()
}
