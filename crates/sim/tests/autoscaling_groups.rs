//! Auto Scaling groups launch and terminate real EC2 instances, balanced across their zones,
//! replace the ones terminated outside the group, record every change as an activity, and
//! refuse what AWS refuses with AWS's codes.

mod common;

use common::ec2::Term;
use nimbus_sim::SimDuration;
use serde_json::Value;

const AMI: &str = "ami-0abcdef1234567890";

fn group(t: &mut Term, name: &str) -> Value {
    t.json(&format!("aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names {name}"))
        ["AutoScalingGroups"][0]
        .clone()
}

fn members(t: &mut Term, name: &str) -> Vec<(String, String, String)> {
    group(t, name)["Instances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["InstanceId"].as_str().unwrap().to_string(),
                i["AvailabilityZone"].as_str().unwrap().to_string(),
                i["LifecycleState"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn ec2_state(t: &mut Term, id: &str) -> String {
    t.text(&format!("aws ec2 describe-instances --instance-ids {id} --query Reservations[0].Instances[0].State.Name"))
}

fn web_group(t: &mut Term, desired: u32) {
    t.ok(&format!("aws autoscaling create-launch-configuration --launch-configuration-name web-v1 --image-id {AMI} --instance-type t3.micro"));
    t.ok(&format!(
        "aws autoscaling create-auto-scaling-group --auto-scaling-group-name web --launch-configuration-name web-v1 \
         --min-size 1 --max-size 6 --desired-capacity {desired} --availability-zones us-east-1a us-east-1b us-east-1c \
         --tags Key=team,Value=blue,PropagateAtLaunch=true Key=internal,Value=x,PropagateAtLaunch=false"
    ));
}

#[test]
fn a_group_launches_its_desired_capacity_balanced_across_zones_and_tagged() {
    let mut t = Term::new(1);
    web_group(&mut t, 3);
    let m = members(&mut t, "web");
    assert_eq!(m.len(), 3);
    let mut zones: Vec<&str> = m.iter().map(|x| x.1.as_str()).collect();
    zones.sort();
    assert_eq!(zones, ["us-east-1a", "us-east-1b", "us-east-1c"]);
    assert!(m.iter().all(|x| x.2 == "Pending"));
    let id = m[0].0.clone();
    let tags =
        t.json(&format!("aws ec2 describe-instances --instance-ids {id} --query Reservations[0].Instances[0].Tags"));
    let tags: Vec<(String, String)> = tags
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["Key"].as_str().unwrap().into(), t["Value"].as_str().unwrap().into()))
        .collect();
    assert!(tags.contains(&("aws:autoscaling:groupName".into(), "web".into())));
    assert!(tags.contains(&("team".into(), "blue".into())));
    assert!(!tags.iter().any(|(k, _)| k == "internal"), "tags without PropagateAtLaunch stay on the group");
    t.world.advance(SimDuration::seconds(31));
    assert!(members(&mut t, "web").iter().all(|x| x.2 == "InService"));
    assert_eq!(ec2_state(&mut t, &id), "running");
    let acts =
        t.json("aws autoscaling describe-scaling-activities --auto-scaling-group-name web")["Activities"].clone();
    let acts = acts.as_array().unwrap();
    assert_eq!(acts.len(), 3);
    assert!(acts[0]["Description"].as_str().unwrap().starts_with("Launching a new EC2 instance: i-"));
    assert_eq!(
        acts[2]["Cause"],
        "At 2026-01-01T00:00:00Z a user request created an AutoScalingGroup changing the desired capacity from 0 to 3.  \
         At 2026-01-01T00:00:00Z an instance was started in response to a difference between desired and actual \
         capacity, increasing the capacity from 0 to 3."
    );
    assert_eq!(acts[0]["StatusCode"], "Successful");
}

#[test]
fn an_instance_terminated_outside_the_group_is_replaced_by_the_health_check() {
    let mut t = Term::new(2);
    web_group(&mut t, 2);
    t.world.advance(SimDuration::seconds(40));
    let before = members(&mut t, "web");
    let gone = before[0].0.clone();
    t.ok(&format!("aws ec2 terminate-instances --instance-ids {gone}"));
    t.world.advance(SimDuration::seconds(30));
    let after = members(&mut t, "web");
    assert_eq!(after.len(), 2, "{after:?}");
    assert!(!after.iter().any(|m| m.0 == gone));
    let new = after.iter().find(|m| m.0 != before[1].0).unwrap().clone();
    assert_eq!(new.1, before[0].1, "the replacement goes to the zone that lost an instance");
    let acts = t.json("aws autoscaling describe-scaling-activities --auto-scaling-group-name web --max-records 2")
        ["Activities"]
        .clone();
    assert_eq!(acts[1]["Description"], format!("Terminating EC2 instance: {gone}"));
    assert!(acts[1]["Cause"].as_str().unwrap().ends_with(
        "an instance was taken out of service in response to an EC2 health check indicating it has been terminated or stopped."
    ));
    assert_eq!(acts[0]["Description"], format!("Launching a new EC2 instance: {}", new.0));
    // A stopped instance fails the EC2 health check too: the group terminates and replaces it.
    t.world.advance(SimDuration::seconds(60));
    let stopped = new.0.clone();
    t.ok(&format!("aws ec2 stop-instances --instance-ids {stopped}"));
    t.world.advance(SimDuration::seconds(30));
    assert!(!members(&mut t, "web").iter().any(|m| m.0 == stopped));
    assert_eq!(members(&mut t, "web").len(), 2);
    assert_eq!(ec2_state(&mut t, &stopped), "shutting-down");
}

#[test]
fn desired_capacity_changes_launch_and_terminate_and_terminate_instance_can_decrement() {
    let mut t = Term::new(3);
    web_group(&mut t, 2);
    t.ok("aws autoscaling set-desired-capacity --auto-scaling-group-name web --desired-capacity 5");
    assert_eq!(members(&mut t, "web").len(), 5);
    t.ok("aws autoscaling set-desired-capacity --auto-scaling-group-name web --desired-capacity 3");
    let m = members(&mut t, "web");
    let mut zones: Vec<&str> = m.iter().map(|x| x.1.as_str()).collect();
    zones.sort();
    assert_eq!(zones, ["us-east-1a", "us-east-1b", "us-east-1c"], "scale in keeps the zones balanced");
    let victim = m[0].0.clone();
    let out = t.json(&format!(
        "aws autoscaling terminate-instance-in-auto-scaling-group --instance-id {victim} --should-decrement-desired-capacity"
    ));
    assert_eq!(out["Activity"]["Description"], format!("Terminating EC2 instance: {victim}"));
    assert!(out["Activity"]["Cause"].as_str().unwrap().ends_with("shrinking the capacity from 3 to 2."));
    assert_eq!(group(&mut t, "web")["DesiredCapacity"], 2);
    assert_eq!(members(&mut t, "web").len(), 2);
    assert_eq!(ec2_state(&mut t, &victim), "shutting-down");
    let keep = members(&mut t, "web")[0].0.clone();
    t.ok(&format!(
        "aws autoscaling terminate-instance-in-auto-scaling-group --instance-id {keep} --no-should-decrement-desired-capacity"
    ));
    let m = members(&mut t, "web");
    assert_eq!(m.len(), 2, "without decrementing, the group launches a replacement");
    assert!(!m.iter().any(|x| x.0 == keep));
    assert_eq!(
        t.fails(&format!("aws autoscaling terminate-instance-in-auto-scaling-group --instance-id {keep} --should-decrement-desired-capacity")),
        format!("An error occurred (ValidationError) when calling the TerminateInstanceInAutoScalingGroup operation: Instance Id not found - No managed instance found for instance ID: {keep}")
    );
    t.ok("aws autoscaling update-auto-scaling-group --auto-scaling-group-name web --min-size 4");
    assert_eq!(group(&mut t, "web")["DesiredCapacity"], 4, "a higher MinSize pulls the desired capacity up");
    assert_eq!(members(&mut t, "web").len(), 4);
}

#[test]
fn errors_follow_aws() {
    let mut t = Term::new(4);
    web_group(&mut t, 1);
    let e = |op: &str, m: &str| format!("An error occurred ({m}) when calling the {op} operation: ");
    assert_eq!(
        t.fails(&format!("aws autoscaling create-launch-configuration --launch-configuration-name web-v1 --image-id {AMI} --instance-type t3.micro")),
        format!("{}Launch Configuration by this name already exists - A launch configuration already exists with the name web-v1", e("CreateLaunchConfiguration", "AlreadyExists"))
    );
    assert_eq!(
        t.fails("aws autoscaling create-auto-scaling-group --auto-scaling-group-name web --launch-configuration-name web-v1 --min-size 1 --max-size 2 --availability-zones us-east-1a"),
        format!("{}AutoScalingGroup by this name already exists - A group with the name web already exists", e("CreateAutoScalingGroup", "AlreadyExists"))
    );
    assert_eq!(
        t.fails("aws autoscaling create-auto-scaling-group --auto-scaling-group-name g2 --launch-configuration-name web-v1 --min-size 3 --max-size 2 --availability-zones us-east-1a"),
        format!("{}Max bound, 2, must be greater than or equal to min bound, 3", e("CreateAutoScalingGroup", "ValidationError"))
    );
    assert_eq!(
        t.fails("aws autoscaling create-auto-scaling-group --auto-scaling-group-name g2 --launch-configuration-name web-v1 --min-size 1 --max-size 2 --desired-capacity 5 --availability-zones us-east-1a"),
        format!("{}Desired capacity:5 must be between the specified min size:1 and max size:2", e("CreateAutoScalingGroup", "ValidationError"))
    );
    assert_eq!(
        t.fails("aws autoscaling create-auto-scaling-group --auto-scaling-group-name g2 --launch-configuration-name nope --min-size 1 --max-size 2 --availability-zones us-east-1a"),
        format!("{}Launch configuration name not found - Launch configuration nope not found", e("CreateAutoScalingGroup", "ValidationError"))
    );
    assert_eq!(
        t.fails("aws autoscaling create-auto-scaling-group --auto-scaling-group-name g2 --launch-configuration-name web-v1 --min-size 1 --max-size 2"),
        format!("{}At least one Availability Zone or VPC Subnet is required.", e("CreateAutoScalingGroup", "ValidationError"))
    );
    assert_eq!(
        t.fails("aws autoscaling delete-launch-configuration --launch-configuration-name web-v1"),
        format!(
            "{}Cannot delete launch configuration web-v1 because it is attached to AutoScalingGroup web",
            e("DeleteLaunchConfiguration", "ResourceInUse")
        )
    );
    t.world.advance(SimDuration::seconds(31));
    assert_eq!(
        t.fails("aws autoscaling delete-auto-scaling-group --auto-scaling-group-name web"),
        format!("{}You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.", e("DeleteAutoScalingGroup", "ResourceInUse"))
    );
    assert_eq!(
        t.fails("aws autoscaling set-desired-capacity --auto-scaling-group-name web --desired-capacity 9"),
        format!(
            "{}New SetDesiredCapacity value 9 is above max value 6 for the AutoScalingGroup.",
            e("SetDesiredCapacity", "ValidationError")
        )
    );
    assert_eq!(
        t.fails("aws autoscaling set-desired-capacity --auto-scaling-group-name nope --desired-capacity 1"),
        format!(
            "{}AutoScalingGroup name not found - AutoScalingGroup 'nope' not found",
            e("SetDesiredCapacity", "ValidationError")
        )
    );
    let id = members(&mut t, "web")[0].0.clone();
    t.ok("aws autoscaling delete-auto-scaling-group --auto-scaling-group-name web --force-delete");
    assert_eq!(group(&mut t, "web")["Status"], "Delete in progress");
    assert_eq!(ec2_state(&mut t, &id), "shutting-down");
    t.world.advance(SimDuration::seconds(61));
    assert_eq!(t.json("aws autoscaling describe-auto-scaling-groups")["AutoScalingGroups"], serde_json::json!([]));
    t.ok("aws autoscaling delete-launch-configuration --launch-configuration-name web-v1");
    assert_eq!(t.json("aws autoscaling describe-launch-configurations")["LaunchConfigurations"], serde_json::json!([]));
}

#[test]
fn an_empty_group_deletes_without_force() {
    let mut t = Term::new(5);
    web_group(&mut t, 1);
    t.ok("aws autoscaling update-auto-scaling-group --auto-scaling-group-name web --min-size 0 --desired-capacity 0");
    assert!(members(&mut t, "web").is_empty());
    t.ok("aws autoscaling delete-auto-scaling-group --auto-scaling-group-name web");
    assert_eq!(t.json("aws autoscaling describe-auto-scaling-groups")["AutoScalingGroups"], serde_json::json!([]));
}

#[test]
fn groups_launch_from_launch_templates_into_their_subnets() {
    let mut t = Term::new(6);
    let vpc = t.text("aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId");
    let a = t.text(&format!("aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.1.0/24 --availability-zone us-east-1a --query Subnet.SubnetId"));
    let b = t.text(&format!("aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.2.0/24 --availability-zone us-east-1b --query Subnet.SubnetId"));
    t.ok(&format!("aws ec2 create-launch-template --launch-template-name web --launch-template-data ImageId={AMI},InstanceType=t3.small"));
    let missing = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef";
    let create = |tg: &str| {
        format!(
            "aws autoscaling create-auto-scaling-group --auto-scaling-group-name web --launch-template LaunchTemplateName=web,Version=$Latest \
             --min-size 2 --max-size 4 --vpc-zone-identifier {a},{b} --target-group-arns {tg}"
        )
    };
    let refused = t.fails(&create(missing));
    assert!(refused.contains("Provided Target Groups may not be valid."), "{refused}");
    let tg = t.text(&format!(
        "aws elbv2 create-target-group --name web --protocol HTTP --port 80 --vpc-id {vpc} --query TargetGroups[0].TargetGroupArn"
    ));
    t.ok(&create(&tg));
    let g = group(&mut t, "web");
    assert_eq!(g["VPCZoneIdentifier"], format!("{a},{b}"));
    assert_eq!(g["AvailabilityZones"], serde_json::json!(["us-east-1a", "us-east-1b"]));
    assert_eq!(g["LaunchTemplate"]["Version"], "$Latest");
    assert_eq!(g["TargetGroupARNs"].as_array().unwrap().len(), 1);
    let ids: Vec<String> = members(&mut t, "web").into_iter().map(|m| m.0).collect();
    let subnets = t.text(&format!(
        "aws ec2 describe-instances --instance-ids {} --query Reservations[].Instances[].SubnetId",
        ids.join(" ")
    ));
    let mut subnets: Vec<&str> = subnets.split_whitespace().collect();
    subnets.sort();
    let mut want = vec![a.as_str(), b.as_str()];
    want.sort();
    assert_eq!(subnets, want);
    let types = t.text(&format!(
        "aws ec2 describe-instances --instance-ids {} --query Reservations[0].Instances[0].InstanceType",
        ids[0]
    ));
    assert_eq!(types, "t3.small");
    // The group's instances joined its target group.
    let targets = t.text(&format!(
        "aws elbv2 describe-target-health --target-group-arn {tg} --query TargetHealthDescriptions[].Target.Id"
    ));
    let mut targets: Vec<&str> = targets.split_whitespace().collect();
    targets.sort();
    let mut ids = ids.clone();
    ids.sort();
    assert_eq!(targets, ids.iter().map(String::as_str).collect::<Vec<_>>());
}

#[test]
fn scaling_policies_are_validated_stored_and_executed() {
    let mut t = Term::new(7);
    web_group(&mut t, 2);
    let arn = t.text("aws autoscaling put-scaling-policy --auto-scaling-group-name web --policy-name up --adjustment-type ChangeInCapacity --scaling-adjustment 2 --query PolicyARN");
    assert!(
        arn.starts_with("arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:")
            && arn.ends_with(":autoScalingGroupName/web:policyName/up")
    );
    t.ok("aws autoscaling execute-policy --auto-scaling-group-name web --policy-name up");
    assert_eq!(group(&mut t, "web")["DesiredCapacity"], 4);
    assert_eq!(members(&mut t, "web").len(), 4);
    let cause = t.json("aws autoscaling describe-scaling-activities --auto-scaling-group-name web --max-records 1")
        ["Activities"][0]["Cause"]
        .clone();
    assert!(cause
        .as_str()
        .unwrap()
        .contains("a user request executed policy up changing the desired capacity from 2 to 4."));
    let tt = t.json("aws autoscaling put-scaling-policy --auto-scaling-group-name web --policy-name cpu --policy-type TargetTrackingScaling --target-tracking-configuration PredefinedMetricSpecification={PredefinedMetricType=ASGAverageCPUUtilization},TargetValue=50");
    assert_eq!(tt["Alarms"].as_array().unwrap().len(), 2);
    assert!(tt["Alarms"][0]["AlarmName"].as_str().unwrap().starts_with("TargetTracking-web-AlarmHigh-"));
    assert!(t
        .fails("aws autoscaling execute-policy --auto-scaling-group-name web --policy-name cpu")
        .contains("(ValidationError)"));
    assert!(t
        .fails("aws autoscaling put-scaling-policy --auto-scaling-group-name web --policy-name s --policy-type StepScaling --adjustment-type ChangeInCapacity")
        .ends_with("StepAdjustments is required for policy type StepScaling."));
    t.ok("aws autoscaling put-scaling-policy --auto-scaling-group-name web --policy-name step --policy-type StepScaling --adjustment-type ChangeInCapacity --step-adjustments MetricIntervalLowerBound=0,MetricIntervalUpperBound=10,ScalingAdjustment=1 MetricIntervalLowerBound=10,ScalingAdjustment=2");
    t.ok("aws autoscaling execute-policy --auto-scaling-group-name web --policy-name step --metric-value 75 --breach-threshold 60");
    assert_eq!(group(&mut t, "web")["DesiredCapacity"], 6);
    let names =
        t.text("aws autoscaling describe-policies --auto-scaling-group-name web --query ScalingPolicies[].PolicyName");
    assert_eq!(names.split_whitespace().collect::<Vec<_>>(), ["cpu", "step", "up"]);
    t.ok("aws autoscaling delete-policy --auto-scaling-group-name web --policy-name up");
    assert_eq!(t.json("aws autoscaling describe-policies --policy-names up")["ScalingPolicies"], serde_json::json!([]));
}

#[test]
fn the_terminal_documents_every_operation_and_refuses_what_is_not_simulated() {
    let mut t = Term::new(8);
    for op in nimbus_sim::services::autoscaling::AutoScalingRequest::OPERATIONS {
        let line = format!("aws autoscaling {} help", nimbus_sim::cli::names::kebab(op));
        let out = t.run(&line);
        assert_eq!(out.exit_code, 0, "{line}: {out:?}");
    }
    t.ok(&format!("aws autoscaling create-launch-configuration --launch-configuration-name lc --image-id {AMI} --instance-type t3.micro"));
    let refused = t.fails(
        "aws autoscaling create-auto-scaling-group --auto-scaling-group-name g --min-size 1 --max-size 1 --availability-zones us-east-1a \
         --mixed-instances-policy '{\"LaunchTemplate\":{}}'",
    );
    assert!(refused.contains("MixedInstancesPolicy"), "{refused}");
    assert!(t.fails("aws autoscaling put-scaling-policy --auto-scaling-group-name nope --policy-name p --adjustment-type ChangeInCapacity --scaling-adjustment 1").contains("(ValidationError)"));
}
