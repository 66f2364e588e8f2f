//! Elastic Load Balancing v2: Application and Network Load Balancers (`provisioning` →
//! `active` on the clock), target groups with instance or IP targets whose health checks run
//! as scheduler jobs, listeners with forward, fixed-response and redirect default actions, and
//! tags. Instance targets are EC2 instances of the World; an instance passes its checks while
//! it is running.
//!
//! `ops/` has one function per operation; `jobs.rs` moves load balancers and targets on.
//! Auto Scaling uses the crate-level functions at the bottom of this file.

pub mod jobs;
pub mod model;
pub mod ops;
#[cfg(test)]
pub(crate) mod tests;

pub use jobs::Elbv2Job;
pub use model::*;
pub use ops::*;

pub(crate) use jobs::run as run_job;

use crate::error::ApiError;
use crate::services::{Request, Response};
use crate::world::World;

service_api! {
    request Elbv2Request, response Elbv2Response;
    CreateLoadBalancer(CreateLoadBalancerRequest) -> LoadBalancersOutput = ops::create_load_balancer;
    DescribeLoadBalancers(DescribeLoadBalancersRequest) -> LoadBalancersOutput = ops::describe_load_balancers;
    DeleteLoadBalancer(DeleteLoadBalancerRequest) -> EmptyOutput = ops::delete_load_balancer;
    ModifyLoadBalancerAttributes(ModifyLoadBalancerAttributesRequest) -> LoadBalancerAttributesOutput = ops::modify_load_balancer_attributes;
    DescribeLoadBalancerAttributes(DescribeLoadBalancerAttributesRequest) -> LoadBalancerAttributesOutput = ops::describe_load_balancer_attributes;
    CreateTargetGroup(CreateTargetGroupRequest) -> TargetGroupsOutput = ops::create_target_group;
    DescribeTargetGroups(DescribeTargetGroupsRequest) -> TargetGroupsOutput = ops::describe_target_groups;
    ModifyTargetGroup(ModifyTargetGroupRequest) -> TargetGroupsOutput = ops::modify_target_group;
    DeleteTargetGroup(DeleteTargetGroupRequest) -> EmptyOutput = ops::delete_target_group;
    RegisterTargets(TargetsRequest) -> EmptyOutput = ops::register_targets;
    DeregisterTargets(TargetsRequest) -> EmptyOutput = ops::deregister_targets;
    DescribeTargetHealth(DescribeTargetHealthRequest) -> DescribeTargetHealthOutput = ops::describe_target_health;
    CreateListener(CreateListenerRequest) -> ListenersOutput = ops::create_listener;
    DescribeListeners(DescribeListenersRequest) -> ListenersOutput = ops::describe_listeners;
    ModifyListener(ModifyListenerRequest) -> ListenersOutput = ops::modify_listener;
    DeleteListener(DeleteListenerRequest) -> EmptyOutput = ops::delete_listener;
    AddTags(AddTagsRequest) -> EmptyOutput = ops::add_tags;
    DescribeTags(DescribeTagsRequest) -> DescribeTagsOutput = ops::describe_tags;
}

// ------------------------------------------------------------ for Auto Scaling

fn targets_call(world: &mut World, region: &str, request: Elbv2Request) -> Result<(), ApiError> {
    match world.call_in(region, Request::Elbv2(request))? {
        Response::Elbv2(_) => Ok(()),
        #[allow(unreachable_patterns)]
        _ => Err(ApiError::bad_request("InternalFailure", "unexpected response")),
    }
}

/// Registers an instance (on the target group's port) in a target group by ARN, through
/// `World::call_in` as Auto Scaling does when it attaches an instance (so it lands in the trail).
pub(crate) fn register_instance(
    world: &mut World,
    region: &str,
    target_group_arn: &str,
    instance_id: &str,
) -> Result<(), ApiError> {
    let request = TargetsRequest {
        target_group_arn: target_group_arn.into(),
        targets: vec![TargetDescription { id: instance_id.into(), ..Default::default() }],
    };
    targets_call(world, region, Elbv2Request::RegisterTargets(request))
}

/// Deregisters an instance from a target group by ARN (it drains for the group's
/// deregistration delay), through `World::call_in`.
pub(crate) fn deregister_instance(
    world: &mut World,
    region: &str,
    target_group_arn: &str,
    instance_id: &str,
) -> Result<(), ApiError> {
    let request = TargetsRequest {
        target_group_arn: target_group_arn.into(),
        targets: vec![TargetDescription { id: instance_id.into(), ..Default::default() }],
    };
    targets_call(world, region, Elbv2Request::DeregisterTargets(request))
}

/// Whether a target group with this ARN exists in `region` (a read: no call, no trail event).
pub(crate) fn target_group_known(world: &World, region: &str, target_group_arn: &str) -> bool {
    world.elbv2.target_groups.get(target_group_arn).is_some_and(|t| t.region == region)
}

/// The health state DescribeTargetHealth gives an instance in a target group, if registered
/// (Auto Scaling's ELB health check type reads it).
// Auto Scaling's ELB health check type will read it; tests use it today.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn instance_health(
    world: &World,
    target_group_arn: &str,
    instance_id: &str,
) -> Option<TargetHealthStateEnum> {
    let tg = world.elbv2.target_groups.get(target_group_arn)?;
    let t = tg.targets.iter().find(|t| t.id == instance_id)?;
    Some(ops::target_groups::target_health(world, tg, t).state)
}
