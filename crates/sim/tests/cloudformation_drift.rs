//! Drift detection end to end, as a learner does it in the terminal: create a stack, change one
//! of its resources through its own service, detect drift, read the property differences.

use nimbus_sim::cli::{run_line, FileSystem, MemoryFs};
use nimbus_sim::World;
use serde_json::Value as Json;

const TEMPLATE: &str = "\
Resources:
  Site:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: drift-demo-site
      VersioningConfiguration:
        Status: Enabled
  Network:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.20.0.0/16
      EnableDnsHostnames: true
  Web:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web servers
      VpcId: !Ref Network
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 443
          ToPort: 443
          CidrIp: 0.0.0.0/0
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Service: ec2.amazonaws.com}
            Action: sts:AssumeRole
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 60
  Handle:
    Type: AWS::CloudFormation::WaitConditionHandle
";

struct Lab {
    world: World,
    fs: MemoryFs,
}

impl Lab {
    fn new() -> Self {
        let mut fs = MemoryFs::new();
        fs.write("stack.yaml", TEMPLATE.as_bytes()).unwrap();
        let mut lab = Lab { world: World::new(7), fs };
        lab.ok("aws cloudformation create-stack --stack-name app --template-body file://stack.yaml --capabilities CAPABILITY_IAM");
        lab.ok("aws cloudformation wait stack-create-complete --stack-name app");
        lab
    }

    fn run(&mut self, line: &str) -> nimbus_sim::cli::CommandOutput {
        run_line(&mut self.world, &mut self.fs, line)
    }

    fn ok(&mut self, line: &str) -> Json {
        let out = self.run(line);
        assert_eq!(out.exit_code, 0, "{line}: {}", out.stderr);
        if out.stdout.trim().is_empty() {
            Json::Null
        } else {
            serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{line}: {e}: {}", out.stdout))
        }
    }

    fn physical(&mut self, logical: &str) -> String {
        let r = self.ok(&format!(
            "aws cloudformation describe-stack-resources --stack-name app --logical-resource-id {logical}"
        ));
        r["StackResources"][0]["PhysicalResourceId"].as_str().unwrap().to_string()
    }

    /// Starts a detection, checks it is in progress, lets the clock run and returns the drifts.
    fn detect(&mut self) -> Vec<Json> {
        let id = self.ok("aws cloudformation detect-stack-drift --stack-name app")["StackDriftDetectionId"]
            .as_str()
            .unwrap()
            .to_string();
        let status =
            format!("aws cloudformation describe-stack-drift-detection-status --stack-drift-detection-id {id}");
        assert_eq!(self.ok(&status)["DetectionStatus"], "DETECTION_IN_PROGRESS");
        assert_eq!(self.run("nimbus advance 1m").exit_code, 0);
        assert_eq!(self.ok(&status)["DetectionStatus"], "DETECTION_COMPLETE");
        let drifts = self.ok("aws cloudformation describe-stack-resource-drifts --stack-name app");
        drifts["StackResourceDrifts"].as_array().unwrap().clone()
    }
}

fn drift_of<'a>(drifts: &'a [Json], logical: &str) -> &'a Json {
    drifts.iter().find(|d| d["LogicalResourceId"] == logical).unwrap_or_else(|| panic!("no drift for {logical}"))
}

#[test]
fn an_untouched_stack_is_in_sync_and_unreadable_types_are_not_checked() {
    let mut lab = Lab::new();
    let before = lab.ok("aws cloudformation describe-stacks --stack-name app");
    assert_eq!(before["Stacks"][0]["DriftInformation"]["StackDriftStatus"], "NOT_CHECKED");
    let drifts = lab.detect();
    for logical in ["Site", "Network", "Web", "Role", "Jobs"] {
        assert_eq!(drift_of(&drifts, logical)["StackResourceDriftStatus"], "IN_SYNC", "{logical}");
    }
    assert_eq!(drift_of(&drifts, "Handle")["StackResourceDriftStatus"], "NOT_CHECKED");
    let after = lab.ok("aws cloudformation describe-stacks --stack-name app");
    assert_eq!(after["Stacks"][0]["DriftInformation"]["StackDriftStatus"], "IN_SYNC");
    assert!(after["Stacks"][0]["DriftInformation"]["LastCheckTimestamp"].is_string());
}

#[test]
fn changes_made_through_each_service_show_as_property_differences() {
    let mut lab = Lab::new();
    let group = lab.physical("Web");
    lab.ok("aws s3api put-bucket-versioning --bucket drift-demo-site --versioning-configuration Status=Suspended");
    lab.ok(&format!(
        "aws ec2 authorize-security-group-ingress --group-id {group} --ip-permissions IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{{CidrIp=0.0.0.0/0}}]"
    ));
    let role = lab.physical("Role");
    lab.ok(&format!(
        r#"aws iam update-assume-role-policy --role-name {role} --policy-document '{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Service":"lambda.amazonaws.com"}},"Action":"sts:AssumeRole"}}]}}'"#
    ));
    let drifts = lab.detect();

    // Statements are a list, compared as a set: the changed one is removed and another added.
    let trust = &drift_of(&drifts, "Role")["PropertyDifferences"];
    let kinds: Vec<(&str, &str)> = trust
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["PropertyPath"].as_str().unwrap(), d["DifferenceType"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [("/AssumeRolePolicyDocument/Statement/0", "REMOVE"), ("/AssumeRolePolicyDocument/Statement/0", "ADD")]
    );
    assert!(trust[1]["ActualValue"].as_str().unwrap().contains("lambda.amazonaws.com"), "{trust}");

    let site = drift_of(&drifts, "Site");
    assert_eq!(site["StackResourceDriftStatus"], "MODIFIED");
    let diff = &site["PropertyDifferences"][0];
    assert_eq!(diff["PropertyPath"], "/VersioningConfiguration/Status");
    assert_eq!((diff["ExpectedValue"].as_str(), diff["ActualValue"].as_str()), (Some("Enabled"), Some("Suspended")));
    assert_eq!(diff["DifferenceType"], "NOT_EQUAL");

    let web = drift_of(&drifts, "Web");
    assert_eq!(web["StackResourceDriftStatus"], "MODIFIED");
    let diffs = web["PropertyDifferences"].as_array().unwrap();
    assert_eq!(diffs.len(), 1, "{diffs:?}");
    assert_eq!(diffs[0]["DifferenceType"], "ADD");
    assert!(diffs[0]["ActualValue"].as_str().unwrap().contains("\"FromPort\":22"), "{diffs:?}");
    // The JSON twins a learner compares side by side.
    let expected: Json = serde_json::from_str(web["ExpectedProperties"].as_str().unwrap()).unwrap();
    let actual: Json = serde_json::from_str(web["ActualProperties"].as_str().unwrap()).unwrap();
    assert_eq!(expected["SecurityGroupIngress"].as_array().unwrap().len(), 1);
    assert_eq!(actual["SecurityGroupIngress"].as_array().unwrap().len(), 2);

    assert_eq!(drift_of(&drifts, "Network")["StackResourceDriftStatus"], "IN_SYNC");
    let stack = lab.ok("aws cloudformation describe-stacks --stack-name app");
    assert_eq!(stack["Stacks"][0]["DriftInformation"]["StackDriftStatus"], "DRIFTED");

    let only_modified =
        lab.ok("aws cloudformation describe-stack-resource-drifts --stack-name app --stack-resource-drift-status-filters MODIFIED");
    let names: Vec<&str> = only_modified["StackResourceDrifts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["LogicalResourceId"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Site", "Web", "Role"]);
}

#[test]
fn a_resource_deleted_behind_the_stack_is_deleted_and_one_resource_can_be_checked_alone() {
    let mut lab = Lab::new();
    let group = lab.physical("Web");
    lab.ok(&format!("aws ec2 delete-security-group --group-id {group}"));
    let one = lab.ok("aws cloudformation detect-stack-resource-drift --stack-name app --logical-resource-id Web");
    assert_eq!(one["StackResourceDrift"]["StackResourceDriftStatus"], "DELETED");
    assert_eq!(one["StackResourceDrift"]["PhysicalResourceId"], group.as_str());
    let drifts = lab.detect();
    assert_eq!(drift_of(&drifts, "Web")["StackResourceDriftStatus"], "DELETED");
    assert_eq!(drift_of(&drifts, "Site")["StackResourceDriftStatus"], "IN_SYNC");
}

#[test]
fn drift_calls_refuse_what_aws_refuses() {
    let mut lab = Lab::new();
    let missing = lab.run("aws cloudformation detect-stack-resource-drift --stack-name app --logical-resource-id Nope");
    assert_ne!(missing.exit_code, 0);
    assert!(missing.stderr.contains("Resource [Nope] does not exist in stack [app]"), "{}", missing.stderr);
    let no_stack = lab.run("aws cloudformation detect-stack-drift --stack-name ghost");
    assert!(no_stack.stderr.contains("Stack with id ghost does not exist"), "{}", no_stack.stderr);
    let bad_id = lab.run("aws cloudformation describe-stack-drift-detection-status --stack-drift-detection-id x");
    assert!(bad_id.stderr.contains("ValidationError"), "{}", bad_id.stderr);
    let bad_filter = lab.run(
        "aws cloudformation describe-stack-resource-drifts --stack-name app --stack-resource-drift-status-filters DRIFTY",
    );
    assert!(bad_filter.stderr.contains("enum value set"), "{}", bad_filter.stderr);
    // A stack that is being deleted cannot be checked.
    lab.ok("aws cloudformation delete-stack --stack-name app");
    let deleting = lab.run("aws cloudformation detect-stack-drift --stack-name app");
    assert!(
        deleting.stderr.contains("DELETE_IN_PROGRESS state and can not be detected for drift"),
        "{}",
        deleting.stderr
    );
}

#[test]
fn an_instance_terminated_behind_the_stack_is_deleted_and_a_stopped_one_is_in_sync() {
    let mut fs = MemoryFs::new();
    let template = "Resources:\n  Web:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-0abcdef1234567890\n      InstanceType: t3.micro\n";
    fs.write("web.yaml", template.as_bytes()).unwrap();
    let mut lab = Lab { world: World::new(9), fs };
    lab.ok("aws cloudformation create-stack --stack-name app --template-body file://web.yaml");
    lab.ok("aws cloudformation wait stack-create-complete --stack-name app");
    let id = lab.physical("Web");
    lab.ok(&format!("aws ec2 stop-instances --instance-ids {id}"));
    assert_eq!(drift_of(&lab.detect(), "Web")["StackResourceDriftStatus"], "IN_SYNC");
    lab.ok(&format!("aws ec2 terminate-instances --instance-ids {id}"));
    assert_eq!(drift_of(&lab.detect(), "Web")["StackResourceDriftStatus"], "DELETED");
}
