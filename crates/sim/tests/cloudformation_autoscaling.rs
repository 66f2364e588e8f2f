//! Auto Scaling in CloudFormation: launch configurations, groups that complete once their
//! instances run (or once they signal, with a CreationPolicy), scaling policies, and rolling
//! updates that replace a group's instances in batches.

mod common;

use common::ec2::Term;
use nimbus_sim::cli::FileSystem;
use nimbus_sim::time::SimDuration;
use serde_json::Value;

const AMI: &str = "ami-0abcdef1234567890";
const AMI2: &str = "ami-0fedcba9876543210";

struct Lab {
    t: Term,
}

impl Lab {
    fn new(seed: u64) -> Self {
        Lab { t: Term::new(seed) }
    }
    fn create(&mut self, template: &str, extra: &str) {
        self.t.fs.write("t.yaml", template.as_bytes()).unwrap();
        self.t.ok(&format!("aws cloudformation create-stack --stack-name web --template-body file://t.yaml {extra}"));
    }
    fn update(&mut self, template: &str) {
        self.t.fs.write("t.yaml", template.as_bytes()).unwrap();
        self.t.ok("aws cloudformation update-stack --stack-name web --template-body file://t.yaml");
    }
    fn advance(&mut self, d: SimDuration) {
        self.t.world.advance(d);
    }
    fn status(&mut self) -> String {
        self.t.json("aws cloudformation describe-stacks --stack-name web")["Stacks"][0]["StackStatus"]
            .as_str()
            .unwrap()
            .to_string()
    }
    fn resource_status(&mut self, id: &str) -> String {
        let r = self
            .t
            .json(&format!("aws cloudformation describe-stack-resources --stack-name web --logical-resource-id {id}"));
        r["StackResources"][0]["ResourceStatus"].as_str().unwrap().to_string()
    }
    fn physical(&mut self, id: &str) -> String {
        let r = self
            .t
            .json(&format!("aws cloudformation describe-stack-resources --stack-name web --logical-resource-id {id}"));
        r["StackResources"][0]["PhysicalResourceId"].as_str().unwrap().to_string()
    }
    fn group(&mut self) -> Value {
        let name = self.physical("Group");
        self.t.json(&format!("aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names {name}"))
            ["AutoScalingGroups"][0]
            .clone()
    }
    fn instances(&mut self) -> Vec<String> {
        self.group()["Instances"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["InstanceId"].as_str().unwrap().to_string())
            .collect()
    }
    /// The group's event reasons, oldest first.
    fn group_reasons(&mut self) -> Vec<String> {
        let e = self.t.json("aws cloudformation describe-stack-events --stack-name web");
        let mut out: Vec<String> = e["StackEvents"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["LogicalResourceId"] == "Group")
            .filter_map(|e| e["ResourceStatusReason"].as_str().map(str::to_string))
            .collect();
        out.reverse();
        out
    }
    fn tag(&mut self, instance: &str, key: &str) -> String {
        let tags = self.t.json(&format!(
            "aws ec2 describe-instances --instance-ids {instance} --query Reservations[0].Instances[0].Tags"
        ));
        tags.as_array()
            .unwrap()
            .iter()
            .find(|t| t["Key"] == key)
            .map_or(String::new(), |t| t["Value"].as_str().unwrap().to_string())
    }
}

fn template(ami: &str, signal: bool, update_policy: &str, creation: &str) -> String {
    let user_data = if signal {
        "      UserData:\n        Fn::Base64: !Sub |\n          #!/bin/bash\n          yum install -y httpd\n          /opt/aws/bin/cfn-signal -e $? --stack ${AWS::StackName} --resource Group --region ${AWS::Region}\n"
    } else {
        ""
    };
    format!(
        "Resources:
  Config:
    Type: AWS::AutoScaling::LaunchConfiguration
    Properties:
      ImageId: {ami}
      InstanceType: t3.micro
{user_data}  Group:
    Type: AWS::AutoScaling::AutoScalingGroup
{creation}{update_policy}    Properties:
      LaunchConfigurationName: !Ref Config
      MinSize: '1'
      MaxSize: '4'
      DesiredCapacity: '2'
      AvailabilityZones: [us-east-1a, us-east-1b]
      Tags:
        - Key: Name
          Value: web
          PropagateAtLaunch: true
        - Key: only-group
          Value: x
          PropagateAtLaunch: false
  ScaleUp:
    Type: AWS::AutoScaling::ScalingPolicy
    Properties:
      AutoScalingGroupName: !Ref Group
      AdjustmentType: ChangeInCapacity
      ScalingAdjustment: '1'
Outputs:
  PolicyArn:
    Value: !Ref ScaleUp
  PolicyName:
    Value: !GetAtt ScaleUp.PolicyName
"
    )
}

#[test]
fn a_group_with_a_launch_configuration_completes_with_running_tagged_priced_instances() {
    use nimbus_sim::services::cloudformation::cost;
    let mut lab = Lab::new(1);
    lab.create(&template(AMI, false, "", ""), "--tags Key=team,Value=shop");
    lab.advance(SimDuration::seconds(5));
    assert_eq!(lab.resource_status("Group"), "CREATE_IN_PROGRESS");
    lab.advance(SimDuration::seconds(60));
    assert_eq!(lab.status(), "CREATE_COMPLETE");
    let g = lab.group();
    assert_eq!(g["LaunchConfigurationName"], lab.physical("Config"));
    let states: Vec<&str> =
        g["Instances"].as_array().unwrap().iter().map(|i| i["LifecycleState"].as_str().unwrap()).collect();
    assert_eq!(states, ["InService", "InService"]);
    let ids = lab.instances();
    assert_eq!(lab.tag(&ids[0], "team"), "shop", "stack tags propagate to the group's instances");
    assert_eq!(lab.tag(&ids[0], "Name"), "web");
    assert_eq!(lab.tag(&ids[0], "only-group"), "");
    assert_eq!(lab.tag(&ids[0], "aws:cloudformation:logical-id"), "Group");
    let outputs = lab.t.json("aws cloudformation describe-stacks --stack-name web")["Stacks"][0]["Outputs"].clone();
    let out = |k: &str| {
        outputs.as_array().unwrap().iter().find(|o| o["OutputKey"] == k).unwrap()["OutputValue"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(out("PolicyArn").starts_with("arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:"));
    assert!(out("PolicyName").starts_with("web-ScaleUp-"));
    assert!(out("PolicyArn").ends_with(&format!("policyName/{}", out("PolicyName"))));
    let stack = lab.t.world.cloudformation.find("web", "us-east-1").unwrap().clone();
    let c = cost::estimate(&lab.t.world, &stack);
    let group = c.lines.iter().find(|l| l.logical_id == "Group").unwrap();
    // Each: t3.micro for 730 h, its 8 GB root volume, and the public IPv4 address the default
    // subnets give.
    assert!((group.monthly - 2.0 * (0.0104 * 730.0 + 0.64 + 0.005 * 730.0)).abs() < 1e-9, "{c:?}");
    lab.t.ok("aws cloudformation delete-stack --stack-name web");
    lab.t.ok("aws cloudformation wait stack-delete-complete --stack-name web");
    let state = lab.t.text(&format!(
        "aws ec2 describe-instances --instance-ids {} --query Reservations[0].Instances[0].State.Name",
        ids[0]
    ));
    assert_eq!(state, "terminated");
    assert_eq!(lab.t.json("aws autoscaling describe-auto-scaling-groups")["AutoScalingGroups"], serde_json::json!([]));
    assert_eq!(
        lab.t.json("aws autoscaling describe-launch-configurations")["LaunchConfigurations"],
        serde_json::json!([])
    );
}

#[test]
fn without_an_update_policy_a_new_launch_configuration_leaves_running_instances_alone() {
    let mut lab = Lab::new(2);
    lab.create(&template(AMI, false, "", ""), "");
    lab.t.ok("aws cloudformation wait stack-create-complete --stack-name web");
    let (old_lc, before) = (lab.physical("Config"), lab.instances());
    lab.update(&template(AMI2, false, "", ""));
    lab.t.ok("aws cloudformation wait stack-update-complete --stack-name web");
    let g = lab.group();
    assert_ne!(g["LaunchConfigurationName"], old_lc.as_str());
    assert_eq!(lab.instances(), before, "the instances keep running from the old configuration");
    assert_eq!(g["Instances"][0]["LaunchConfigurationName"], old_lc.as_str());
    // The old configuration is deleted in the cleanup even though instances came from it.
    let lcs = lab.t.text("aws autoscaling describe-launch-configurations --query LaunchConfigurations[].ImageId");
    assert_eq!(lcs, AMI2);
}

#[test]
fn a_creation_policy_waits_for_the_instances_signals() {
    let creation = "    CreationPolicy:\n      AutoScalingCreationPolicy:\n        MinSuccessfulInstancesPercent: 100\n      ResourceSignal:\n        Count: 2\n        Timeout: PT10M\n";
    let mut lab = Lab::new(3);
    lab.create(&template(AMI, true, "", creation), "");
    lab.advance(SimDuration::seconds(90));
    assert_eq!(lab.resource_status("Group"), "CREATE_IN_PROGRESS", "running, but the user data has not signalled yet");
    lab.advance(SimDuration::seconds(60));
    assert_eq!(lab.status(), "CREATE_COMPLETE");
    let ids = lab.instances();
    let reasons = lab.group_reasons();
    for id in &ids {
        assert!(reasons.contains(&format!("Received SUCCESS signal with UniqueId {id}")), "{reasons:?}");
    }
}

#[test]
fn a_group_whose_instances_never_signal_fails_and_rolls_back() {
    let creation = "    CreationPolicy:\n      ResourceSignal:\n        Count: 2\n        Timeout: PT5M\n";
    let mut lab = Lab::new(4);
    lab.create(&template(AMI, false, "", creation), "");
    lab.advance(SimDuration::minutes(6));
    let e = lab.t.json("aws cloudformation describe-stack-events --stack-name web");
    let failed = e["StackEvents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["LogicalResourceId"] == "Group" && e["ResourceStatus"] == "CREATE_FAILED")
        .unwrap()
        .clone();
    assert_eq!(failed["ResourceStatusReason"], "Failed to receive 2 resource signal(s) within the specified duration");
    lab.advance(SimDuration::minutes(5));
    assert_eq!(lab.status(), "ROLLBACK_COMPLETE");
    assert_eq!(lab.t.json("aws autoscaling describe-auto-scaling-groups")["AutoScalingGroups"], serde_json::json!([]));
}

const ROLLING: &str = "    UpdatePolicy:\n      AutoScalingRollingUpdate:\n        MaxBatchSize: 1\n        MinInstancesInService: 1\n        WaitOnResourceSignals: true\n        PauseTime: PT5M\n";
const SIGNALS: &str = "    CreationPolicy:\n      ResourceSignal:\n        Count: 2\n        Timeout: PT10M\n";

fn launch_configuration_of(lab: &mut Lab, id: &str) -> String {
    let g = lab.group();
    let i = g["Instances"].as_array().unwrap().iter().find(|i| i["InstanceId"] == id).unwrap().clone();
    i["LaunchConfigurationName"].as_str().unwrap().to_string()
}

#[test]
fn a_rolling_update_replaces_the_instances_in_batches_waiting_for_their_signals() {
    let mut lab = Lab::new(5);
    lab.create(&template(AMI, true, ROLLING, SIGNALS), "");
    lab.advance(SimDuration::minutes(4));
    assert_eq!(lab.status(), "CREATE_COMPLETE");
    let old = lab.instances();
    let created_events = lab.group_reasons().len();
    lab.update(&template(AMI2, true, ROLLING, SIGNALS));
    lab.advance(SimDuration::seconds(10));
    assert_eq!(lab.resource_status("Group"), "UPDATE_IN_PROGRESS");
    assert_eq!(lab.group()["DesiredCapacity"], 3, "the group grows by a batch while it rolls");
    lab.advance(SimDuration::minutes(10));
    assert_eq!(lab.status(), "UPDATE_COMPLETE");
    let new = lab.instances();
    assert_eq!(new.len(), 2);
    assert!(new.iter().all(|i| !old.contains(i)), "every old instance was replaced");
    let lc = lab.physical("Config");
    for id in &new {
        assert_eq!(launch_configuration_of(&mut lab, id), lc);
    }
    let g = lab.group();
    assert_eq!((g["MinSize"].as_i64(), g["DesiredCapacity"].as_i64()), (Some(1), Some(2)));
    // The instances launched during the update, in order.
    let acts = lab.t.json(&format!(
        "aws autoscaling describe-scaling-activities --auto-scaling-group-name {}",
        g["AutoScalingGroupName"].as_str().unwrap()
    ));
    let mut launched: Vec<String> = acts["Activities"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| {
            a["Description"].as_str().unwrap().strip_prefix("Launching a new EC2 instance: ").map(str::to_string)
        })
        .filter(|id| !old.contains(id))
        .collect();
    launched.reverse();
    assert_eq!(launched.len(), 2);
    let reasons: Vec<String> = lab.group_reasons().into_iter().skip(created_events).collect();
    let want = vec![
        "Rolling update initiated. Terminating 2 obsolete instance(s) in batches of 1, while keeping at least 1 instance(s) in service. Waiting on resource signals with a timeout of PT5M when new instances are added to the autoscaling group.".to_string(),
        "Temporarily setting autoscaling group MinSize and DesiredCapacity to 3.".to_string(),
        "New instance(s) added to autoscaling group - Waiting on 1 resource signal(s) with a timeout of PT5M.".to_string(),
        format!("Received SUCCESS signal with UniqueId {}", launched[0]),
        format!("Successfully terminated instance(s) [{}] (Progress 50%).", old[0]),
        "New instance(s) added to autoscaling group - Waiting on 1 resource signal(s) with a timeout of PT5M.".to_string(),
        format!("Received SUCCESS signal with UniqueId {}", launched[1]),
        format!("Successfully terminated instance(s) [{}] (Progress 100%).", old[1]),
    ];
    assert_eq!(reasons, want);
}

#[test]
fn a_rolling_update_whose_new_instances_never_signal_rolls_back() {
    let mut lab = Lab::new(6);
    lab.create(&template(AMI, true, ROLLING, SIGNALS), "");
    lab.advance(SimDuration::minutes(4));
    assert_eq!(lab.status(), "CREATE_COMPLETE");
    let old_lc = lab.physical("Config");
    lab.update(&template(AMI2, false, ROLLING, SIGNALS));
    lab.advance(SimDuration::minutes(6));
    let e = lab.t.json("aws cloudformation describe-stack-events --stack-name web");
    let failed = e["StackEvents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["LogicalResourceId"] == "Group" && e["ResourceStatus"] == "UPDATE_FAILED")
        .unwrap()
        .clone();
    assert_eq!(
        failed["ResourceStatusReason"],
        "Received 0 SUCCESS signal(s) out of 1. Unable to satisfy 100% MinSuccessfulInstancesPercent requirement"
    );
    lab.advance(SimDuration::minutes(10));
    assert_eq!(lab.status(), "UPDATE_ROLLBACK_COMPLETE");
    assert_eq!(lab.physical("Config"), old_lc);
    let g = lab.group();
    assert_eq!(g["LaunchConfigurationName"], old_lc.as_str());
    assert_eq!((g["MinSize"].as_i64(), g["DesiredCapacity"].as_i64()), (Some(1), Some(2)));
    let ids = lab.instances();
    assert_eq!(ids.len(), 2);
    for id in &ids {
        assert_eq!(
            launch_configuration_of(&mut lab, id),
            old_lc,
            "the rollback put the old configuration's instances back"
        );
    }
    let lcs = lab.t.text("aws autoscaling describe-launch-configurations --query LaunchConfigurations[].ImageId");
    assert_eq!(lcs, AMI);
}

#[test]
fn a_replacing_update_is_refused_by_name() {
    let replacing = "    UpdatePolicy:\n      AutoScalingReplacingUpdate:\n        WillReplace: true\n";
    let mut lab = Lab::new(7);
    lab.create(&template(AMI, false, replacing, ""), "");
    lab.t.ok("aws cloudformation wait stack-create-complete --stack-name web");
    lab.update(&template(AMI2, false, replacing, ""));
    lab.advance(SimDuration::minutes(5));
    assert_eq!(lab.status(), "UPDATE_ROLLBACK_COMPLETE");
    let e = lab.t.json("aws cloudformation describe-stack-events --stack-name web");
    let failed = e["StackEvents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["LogicalResourceId"] == "Group" && e["ResourceStatus"] == "UPDATE_FAILED")
        .unwrap()
        .clone();
    assert!(failed["ResourceStatusReason"].as_str().unwrap().contains("AutoScalingReplacingUpdate"));
}
