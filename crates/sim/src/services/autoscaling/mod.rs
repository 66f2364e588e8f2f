//! Amazon EC2 Auto Scaling: launch configurations, groups that keep a desired number of EC2
//! instances running (launched and terminated through EC2's own calls, balanced across the
//! group's Availability Zones, replaced when they fail the EC2 health check), scaling policies
//! and the activity history.
//!
//! `ops/` has a file per area; `jobs.rs` runs the health check on the simulated clock.

pub mod jobs;
pub mod model;
pub mod ops;
#[cfg(test)]
mod tests;

pub use jobs::AutoScalingJob;
pub use model::*;
pub use ops::*;

pub(crate) use jobs::run as run_job;

service_api! {
    request AutoScalingRequest, response AutoScalingResponse;
    CreateLaunchConfiguration(CreateLaunchConfigurationRequest) -> EmptyOutput = ops::create_launch_configuration;
    DescribeLaunchConfigurations(DescribeLaunchConfigurationsRequest) -> DescribeLaunchConfigurationsOutput = ops::describe_launch_configurations;
    DeleteLaunchConfiguration(LaunchConfigurationNameRequest) -> EmptyOutput = ops::delete_launch_configuration;
    CreateAutoScalingGroup(CreateAutoScalingGroupRequest) -> EmptyOutput = ops::create_auto_scaling_group;
    DescribeAutoScalingGroups(DescribeAutoScalingGroupsRequest) -> DescribeAutoScalingGroupsOutput = ops::describe_auto_scaling_groups;
    UpdateAutoScalingGroup(UpdateAutoScalingGroupRequest) -> EmptyOutput = ops::update_auto_scaling_group;
    SetDesiredCapacity(SetDesiredCapacityRequest) -> EmptyOutput = ops::set_desired_capacity;
    TerminateInstanceInAutoScalingGroup(TerminateInstanceInAutoScalingGroupRequest) -> ActivityOutput = ops::terminate_instance_in_auto_scaling_group;
    DeleteAutoScalingGroup(DeleteAutoScalingGroupRequest) -> EmptyOutput = ops::delete_auto_scaling_group;
    DescribeScalingActivities(DescribeScalingActivitiesRequest) -> DescribeScalingActivitiesOutput = ops::describe_scaling_activities;
    PutScalingPolicy(PutScalingPolicyRequest) -> PutScalingPolicyOutput = ops::put_scaling_policy;
    DescribePolicies(DescribePoliciesRequest) -> DescribePoliciesOutput = ops::describe_policies;
    DeletePolicy(DeletePolicyRequest) -> EmptyOutput = ops::delete_policy;
    ExecutePolicy(ExecutePolicyRequest) -> EmptyOutput = ops::execute_policy;
}
