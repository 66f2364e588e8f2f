//! AWS CloudFormation: templates (YAML and JSON, with every intrinsic function and pseudo
//! parameter), a dependency graph run on the simulated clock with independent resources created
//! in parallel, the stack and resource state machines with rollback, and resource providers that
//! create real resources in the other simulated services.
//!
//! `template/` reads and checks templates; `providers/` creates and deletes each resource type;
//! `jobs.rs` moves stacks forward as time passes, and `update.rs` runs updates (with their
//! cleanup and rollback) for it; `drift.rs` compares a stack's resources with their template;
//! `cost.rs` estimates what a stack's resources cost a month; `signals.rs` holds resources that
//! wait for `cfn-signal` (CreationPolicy, wait conditions), and `bootstrap.rs` sends the
//! signals a simulated instance's user data names; `ops/` has one function per
//! operation.
//!
//! A learner can make a resource fail on purpose with `Metadata: {Nimbus: {Fail: true}}` (and an
//! optional `Reason`), to watch a rollback.

pub mod bootstrap;
pub mod cost;
pub mod drift;
pub mod jobs;
pub mod model;
pub mod ops;
pub mod providers;
pub(crate) mod rolling;
pub mod signals;
pub mod template;
#[cfg(test)]
mod tests;
pub(crate) mod update;

pub use jobs::Job;
pub use model::CfnState;
pub use ops::*;

pub(crate) use jobs::run as run_job;

service_api! {
    request CloudFormationRequest, response CloudFormationResponse;
    ValidateTemplate(ValidateTemplateRequest) -> ValidateTemplateOutput = ops::validate_template;
    CreateStack(CreateStackRequest) -> CreateStackOutput = ops::create_stack;
    DeleteStack(DeleteStackRequest) -> EmptyOutput = ops::delete_stack;
    UpdateStack(UpdateStackRequest) -> UpdateStackOutput = ops::update_stack;
    DescribeStacks(DescribeStacksRequest) -> DescribeStacksOutput = ops::describe_stacks;
    ListStacks(ListStacksRequest) -> ListStacksOutput = ops::list_stacks;
    DescribeStackEvents(DescribeStackEventsRequest) -> DescribeStackEventsOutput = ops::describe_stack_events;
    DescribeStackResources(DescribeStackResourcesRequest) -> DescribeStackResourcesOutput = ops::describe_stack_resources;
    ListStackResources(ListStackResourcesRequest) -> ListStackResourcesOutput = ops::list_stack_resources;
    GetTemplate(GetTemplateRequest) -> GetTemplateOutput = ops::get_template;
    ListExports(ListExportsRequest) -> ListExportsOutput = ops::list_exports;
    ListImports(ListImportsRequest) -> ListImportsOutput = ops::list_imports;
    DescribeStackResource(DescribeStackResourceRequest) -> DescribeStackResourceOutput = ops::describe_stack_resource;
    CreateChangeSet(CreateChangeSetRequest) -> CreateChangeSetOutput = ops::create_change_set;
    DescribeChangeSet(DescribeChangeSetRequest) -> DescribeChangeSetOutput = ops::describe_change_set;
    ListChangeSets(ListChangeSetsRequest) -> ListChangeSetsOutput = ops::list_change_sets;
    ExecuteChangeSet(ExecuteChangeSetRequest) -> EmptyOutput = ops::execute_change_set;
    DeleteChangeSet(DeleteChangeSetRequest) -> EmptyOutput = ops::delete_change_set;
    DetectStackDrift(DetectStackDriftRequest) -> DetectStackDriftOutput = ops::detect_stack_drift;
    DescribeStackDriftDetectionStatus(DescribeStackDriftDetectionStatusRequest) -> DescribeStackDriftDetectionStatusOutput = ops::describe_stack_drift_detection_status;
    DescribeStackResourceDrifts(DescribeStackResourceDriftsRequest) -> DescribeStackResourceDriftsOutput = ops::describe_stack_resource_drifts;
    DetectStackResourceDrift(DetectStackResourceDriftRequest) -> DetectStackResourceDriftOutput = ops::detect_stack_resource_drift;
    SignalResource(SignalResourceRequest) -> EmptyOutput = ops::signal_resource;
    CancelUpdateStack(CancelUpdateStackRequest) -> EmptyOutput = ops::cancel_update_stack;
    ContinueUpdateRollback(ContinueUpdateRollbackRequest) -> EmptyOutput = ops::continue_update_rollback;
}
