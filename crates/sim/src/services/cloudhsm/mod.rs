//! AWS CloudHSM (API `cloudhsmv2`): clusters in subnets of the default VPC, HSMs created in
//! chosen Availability Zones on the simulated clock, cluster initialization with a (simulated)
//! signed certificate, backups every 24 hours and when HSMs come and go, new HSMs restored from
//! the latest backup, tags. `client.rs` models what lives inside the HSMs (users, key handles),
//! which the `cloudhsm-cli` terminal command manages; KMS custom key stores use it.
//!
//! `model.rs` holds the resources; `ops/` one function per operation; `jobs.rs` what time does.

pub mod client;
pub mod jobs;
pub mod model;
pub mod ops;
#[cfg(test)]
mod tests;

pub use jobs::Job;
pub use model::CloudHsmState;
pub use ops::*;

pub(crate) use jobs::run as run_job;

service_api! {
    request CloudHsmRequest, response CloudHsmResponse;
    CreateCluster(CreateClusterRequest) -> CreateClusterResponse = ops::create_cluster;
    DescribeClusters(DescribeClustersRequest) -> DescribeClustersResponse = ops::describe_clusters;
    InitializeCluster(InitializeClusterRequest) -> InitializeClusterResponse = ops::initialize_cluster;
    DeleteCluster(DeleteClusterRequest) -> DeleteClusterResponse = ops::delete_cluster;
    CreateHsm(CreateHsmRequest) -> CreateHsmResponse = ops::create_hsm;
    DeleteHsm(DeleteHsmRequest) -> DeleteHsmResponse = ops::delete_hsm;
    DescribeBackups(DescribeBackupsRequest) -> DescribeBackupsResponse = ops::describe_backups;
    TagResource(TagResourceRequest) -> EmptyResponse = ops::tag_resource;
    UntagResource(UntagResourceRequest) -> EmptyResponse = ops::untag_resource;
    ListTags(ListTagsRequest) -> ListTagsResponse = ops::list_tags;
}
