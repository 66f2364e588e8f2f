//! Classic Load Balancers (Elastic Load Balancing, API version 2012-06-01): listeners,
//! subnets (or the default VPC's subnets for Availability Zones), security groups, a health
//! check that runs on the clock, and registered EC2 instances that are InService or
//! OutOfService with AWS's reason codes and descriptions.
//!
//! `ops.rs` has one function per operation; `jobs.rs` runs the health checks. Auto Scaling
//! uses the crate-level functions at the bottom of this file.

pub mod jobs;
pub mod model;
pub mod ops;
#[cfg(test)]
mod tests;

pub use jobs::ElbJob;
pub use model::*;
pub use ops::*;

pub(crate) use jobs::run as run_job;

use crate::error::ApiError;
use crate::services::{Request, Response};
use crate::world::World;

service_api! {
    request ElbRequest, response ElbResponse;
    CreateLoadBalancer(CreateLoadBalancerRequest) -> CreateLoadBalancerOutput = ops::create_load_balancer;
    DescribeLoadBalancers(DescribeLoadBalancersRequest) -> DescribeLoadBalancersOutput = ops::describe_load_balancers;
    DeleteLoadBalancer(LoadBalancerNameRequest) -> EmptyOutput = ops::delete_load_balancer;
    RegisterInstancesWithLoadBalancer(InstancesRequest) -> InstancesOutput = ops::register_instances_with_load_balancer;
    DeregisterInstancesFromLoadBalancer(InstancesRequest) -> InstancesOutput = ops::deregister_instances_from_load_balancer;
    ConfigureHealthCheck(ConfigureHealthCheckRequest) -> ConfigureHealthCheckOutput = ops::configure_health_check;
    DescribeInstanceHealth(DescribeInstanceHealthRequest) -> DescribeInstanceHealthOutput = ops::describe_instance_health;
}

// ------------------------------------------------------------ for Auto Scaling

fn instances_call(world: &mut World, region: &str, request: ElbRequest) -> Result<(), ApiError> {
    match world.call_in(region, Request::Elb(request))? {
        Response::Elb(_) => Ok(()),
        #[allow(unreachable_patterns)]
        _ => Err(ApiError::bad_request("InternalFailure", "unexpected response")),
    }
}

/// Registers an instance with a Classic Load Balancer by name, through `World::call_in`.
pub(crate) fn register_instance(
    world: &mut World,
    region: &str,
    name: &str,
    instance_id: &str,
) -> Result<(), ApiError> {
    let request = InstancesRequest {
        load_balancer_name: name.into(),
        instances: vec![Instance { instance_id: instance_id.into() }],
    };
    instances_call(world, region, ElbRequest::RegisterInstancesWithLoadBalancer(request))
}

/// Deregisters an instance from a Classic Load Balancer by name, through `World::call_in`.
pub(crate) fn deregister_instance(
    world: &mut World,
    region: &str,
    name: &str,
    instance_id: &str,
) -> Result<(), ApiError> {
    let request = InstancesRequest {
        load_balancer_name: name.into(),
        instances: vec![Instance { instance_id: instance_id.into() }],
    };
    instances_call(world, region, ElbRequest::DeregisterInstancesFromLoadBalancer(request))
}

/// Whether a Classic Load Balancer with this name exists in `region` (a read: no trail event).
pub(crate) fn load_balancer_known(world: &World, region: &str, name: &str) -> bool {
    world.elb.load_balancers.contains_key(&key(region, name))
}

/// Whether the instance is InService behind the load balancer (Auto Scaling's ELB health
/// check type reads it); `None` when it is not registered.
// Auto Scaling's ELB health check type will read it; tests use it today.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn instance_in_service(world: &World, region: &str, name: &str, instance_id: &str) -> Option<bool> {
    let lb = world.elb.load_balancers.get(&key(region, name))?;
    let r = lb.instances.iter().find(|r| r.instance_id == instance_id)?;
    Some(ops::instance_state(world, r).state == "InService")
}
