//! ELBv2 unit tests: the functions Auto Scaling uses go through `World::call` (they leave
//! trail events) and see what DescribeTargetHealth sees.

use super::*;
use crate::cli::{run_line, MemoryFs};
use crate::time::SimDuration;

/// Runs terminal lines; the last line's stdout, trimmed.
pub(crate) fn sh(world: &mut World, lines: &[String]) -> String {
    let mut fs = MemoryFs::new();
    let mut last = String::new();
    for line in lines {
        let out = run_line(world, &mut fs, line);
        assert_eq!(out.exit_code, 0, "{line}: {out:?}");
        last = out.stdout.trim().to_string();
    }
    last
}

/// A VPC with two subnets, a running instance, an active ALB whose listener forwards to a
/// target group: (target group ARN, instance id).
fn setup(world: &mut World) -> (String, String) {
    let vpc = sh(world, &["aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId --output text".into()]);
    let a = sh(world, &[format!("aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.1.0/24 --availability-zone us-east-1a --query Subnet.SubnetId --output text")]);
    let b = sh(world, &[format!("aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.2.0/24 --availability-zone us-east-1b --query Subnet.SubnetId --output text")]);
    let i = sh(world, &[format!("aws ec2 run-instances --image-id ami-0abcdef1234567890 --subnet-id {a} --query Instances[0].InstanceId --output text")]);
    let lb = sh(world, &[format!("aws elbv2 create-load-balancer --name web --subnets {a} {b} --query LoadBalancers[0].LoadBalancerArn --output text")]);
    let tg = sh(world, &[format!("aws elbv2 create-target-group --name web --protocol HTTP --port 80 --vpc-id {vpc} --query TargetGroups[0].TargetGroupArn --output text")]);
    sh(world, &[format!("aws elbv2 create-listener --load-balancer-arn {lb} --port 80 --default-actions Type=forward,TargetGroupArn={tg}")]);
    (tg, i)
}

#[test]
fn auto_scaling_helpers_register_through_calls_and_read_health() {
    let mut world = World::new(7);
    let (tg, i) = setup(&mut world);
    assert!(target_group_known(&world, "us-east-1", &tg));
    assert!(!target_group_known(&world, "eu-west-1", &tg));
    assert!(!target_group_known(
        &world,
        "us-east-1",
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/0"
    ));
    assert_eq!(instance_health(&world, &tg, &i), None);

    let before = world.trail().next_seq();
    register_instance(&mut world, "us-east-1", &tg, &i).unwrap();
    let event = world.trail().since(before).last().unwrap().clone();
    assert_eq!((event.service.as_str(), event.operation.as_str()), ("elbv2", "RegisterTargets"));
    assert_eq!(instance_health(&world, &tg, &i), Some(TargetHealthStateEnum::Initial));
    world.advance(SimDuration::minutes(6));
    assert_eq!(instance_health(&world, &tg, &i), Some(TargetHealthStateEnum::Healthy));

    deregister_instance(&mut world, "us-east-1", &tg, &i).unwrap();
    assert_eq!(instance_health(&world, &tg, &i), Some(TargetHealthStateEnum::Draining));
    let err = register_instance(&mut world, "us-east-1", &tg, "i-0123456789abcdef0").unwrap_err();
    assert_eq!(err.code, "InvalidTarget");
    let err = register_instance(&mut world, "us-east-1", "arn:nope", &i).unwrap_err();
    assert_eq!(err.code, "TargetGroupNotFound");
}

#[test]
fn health_rounds_pause_when_a_group_has_no_targets() {
    let mut world = World::new(8);
    let (tg, i) = setup(&mut world);
    register_instance(&mut world, "us-east-1", &tg, &i).unwrap();
    world.advance(SimDuration::minutes(10));
    deregister_instance(&mut world, "us-east-1", &tg, &i).unwrap();
    world.advance(SimDuration::minutes(10));
    assert!(world.elbv2.target_groups[&tg].targets.is_empty());
    assert!(!world.elbv2.target_groups[&tg].round_pending, "no round is left on the scheduler");
    assert!(!world.pending_jobs().iter().any(|j| matches!(j.job, crate::services::Job::Elbv2(_))));
}

#[test]
fn a_group_no_active_load_balancer_uses_schedules_no_checks() {
    let mut world = World::new(10);
    let (tg, i) = setup(&mut world);
    let elbv2_jobs = |w: &World| {
        w.pending_jobs()
            .iter()
            .filter(|j| matches!(j.job, crate::services::Job::Elbv2(Elbv2Job::HealthCheckRound { .. })))
            .count()
    };
    register_instance(&mut world, "us-east-1", &tg, &i).unwrap();
    assert_eq!(elbv2_jobs(&world), 0, "the load balancer is still provisioning");
    world.advance(SimDuration::minutes(3));
    assert_eq!(elbv2_jobs(&world), 1, "active: rounds start");
    let listener = world.elbv2.listeners.keys().next().unwrap().clone();
    sh(&mut world, &[format!("aws elbv2 delete-listener --listener-arn {listener}")]);
    world.advance(SimDuration::minutes(1));
    assert_eq!(elbv2_jobs(&world), 0, "no listener forwards to the group: rounds pause");
    assert_eq!(instance_health(&world, &tg, &i), Some(TargetHealthStateEnum::Unused));
}
