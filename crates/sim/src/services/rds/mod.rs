//! Amazon RDS DB instances (MySQL, PostgreSQL, MariaDB) in DB subnet groups of EC2 subnets, on
//! the simulated clock, with manual DB snapshots and tags. The instances hold no data and answer
//! no SQL: what is simulated is the control plane a learner drives (statuses, endpoints,
//! pending modifications, snapshots, the errors AWS gives).
//!
//! `ops/` has one function per operation; `jobs.rs` moves instances and snapshots through their
//! statuses as time passes.

pub mod jobs;
pub mod model;
pub mod ops;
#[cfg(test)]
mod tests;

pub use jobs::RdsJob;
pub use model::*;
pub use ops::*;

pub(crate) use jobs::run as run_job;

service_api! {
    request RdsRequest, response RdsResponse;
    CreateDBSubnetGroup(CreateDBSubnetGroupRequest) -> CreateDBSubnetGroupOutput = ops::create_db_subnet_group;
    DescribeDBSubnetGroups(DescribeDBSubnetGroupsRequest) -> DescribeDBSubnetGroupsOutput = ops::describe_db_subnet_groups;
    DeleteDBSubnetGroup(DeleteDBSubnetGroupRequest) -> EmptyOutput = ops::delete_db_subnet_group;
    CreateDBInstance(CreateDBInstanceRequest) -> DBInstanceOutput = ops::create_db_instance;
    DescribeDBInstances(DescribeDBInstancesRequest) -> DescribeDBInstancesOutput = ops::describe_db_instances;
    ModifyDBInstance(ModifyDBInstanceRequest) -> DBInstanceOutput = ops::modify_db_instance;
    StopDBInstance(DBInstanceIdentifierRequest) -> DBInstanceOutput = ops::stop_db_instance;
    StartDBInstance(DBInstanceIdentifierRequest) -> DBInstanceOutput = ops::start_db_instance;
    RebootDBInstance(DBInstanceIdentifierRequest) -> DBInstanceOutput = ops::reboot_db_instance;
    DeleteDBInstance(DeleteDBInstanceRequest) -> DBInstanceOutput = ops::delete_db_instance;
    CreateDBSnapshot(CreateDBSnapshotRequest) -> DBSnapshotOutput = ops::create_db_snapshot;
    DescribeDBSnapshots(DescribeDBSnapshotsRequest) -> DescribeDBSnapshotsOutput = ops::describe_db_snapshots;
    DeleteDBSnapshot(DeleteDBSnapshotRequest) -> DBSnapshotOutput = ops::delete_db_snapshot;
    AddTagsToResource(AddTagsToResourceRequest) -> EmptyOutput = ops::add_tags_to_resource;
    ListTagsForResource(ListTagsForResourceRequest) -> TagListOutput = ops::list_tags_for_resource;
    RemoveTagsFromResource(RemoveTagsFromResourceRequest) -> EmptyOutput = ops::remove_tags_from_resource;
}
