//! Classic ELB unit tests: the functions Auto Scaling uses go through `World::call`.

use super::*;
use crate::services::elbv2::tests::sh;
use crate::time::SimDuration;

#[test]
fn auto_scaling_helpers_register_by_name_and_read_in_service() {
    let mut world = World::new(9);
    let i = sh(
        &mut world,
        &["aws ec2 run-instances --image-id ami-0abcdef1234567890 --query Instances[0].InstanceId --output text"
            .into()],
    );
    sh(&mut world, &["aws elb create-load-balancer --load-balancer-name web --listeners Protocol=HTTP,LoadBalancerPort=80,InstancePort=80 --availability-zones us-east-1a us-east-1b".into()]);
    assert!(load_balancer_known(&world, "us-east-1", "web"));
    assert!(!load_balancer_known(&world, "us-east-1", "other"));
    assert_eq!(instance_in_service(&world, "us-east-1", "web", &i), None);
    world.advance(SimDuration::seconds(30));

    let before = world.trail().next_seq();
    register_instance(&mut world, "us-east-1", "web", &i).unwrap();
    let event = world.trail().since(before).last().unwrap().clone();
    assert_eq!((event.service.as_str(), event.operation.as_str()), ("elb", "RegisterInstancesWithLoadBalancer"));
    assert_eq!(instance_in_service(&world, "us-east-1", "web", &i), Some(false));
    world.advance(SimDuration::minutes(5));
    assert_eq!(instance_in_service(&world, "us-east-1", "web", &i), Some(true));
    deregister_instance(&mut world, "us-east-1", "web", &i).unwrap();
    assert_eq!(instance_in_service(&world, "us-east-1", "web", &i), None);
    let err = register_instance(&mut world, "us-east-1", "ghost", &i).unwrap_err();
    assert_eq!(err.code, "LoadBalancerNotFound");
}
