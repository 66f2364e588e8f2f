//! CreateDBSnapshot, DescribeDBSnapshots and DeleteDBSnapshot: manual snapshots, `creating` →
//! `available` on the clock. DeleteDBInstance's final snapshot is made here too.

use super::*;
use crate::services::rds::jobs::RdsJob;
use crate::services::Job;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DBSnapshotView {
    #[serde(rename = "DBSnapshotIdentifier")]
    pub db_snapshot_identifier: String,
    #[serde(rename = "DBInstanceIdentifier")]
    pub db_instance_identifier: String,
    #[serde(rename = "SnapshotCreateTime")]
    pub snapshot_create_time: crate::time::SimTime,
    #[serde(rename = "Engine")]
    pub engine: String,
    #[serde(rename = "AllocatedStorage")]
    pub allocated_storage: i64,
    #[serde(rename = "Status")]
    pub status: String,
    #[serde(rename = "Port")]
    pub port: u16,
    #[serde(rename = "AvailabilityZone")]
    pub availability_zone: String,
    #[serde(rename = "VpcId")]
    pub vpc_id: String,
    #[serde(rename = "InstanceCreateTime")]
    pub instance_create_time: crate::time::SimTime,
    #[serde(rename = "MasterUsername")]
    pub master_username: String,
    #[serde(rename = "EngineVersion")]
    pub engine_version: String,
    #[serde(rename = "SnapshotType")]
    pub snapshot_type: String,
    #[serde(rename = "PercentProgress")]
    pub percent_progress: i64,
    #[serde(rename = "StorageType")]
    pub storage_type: String,
    #[serde(rename = "Encrypted")]
    pub encrypted: bool,
    #[serde(rename = "KmsKeyId", default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    #[serde(rename = "DBSnapshotArn")]
    pub db_snapshot_arn: String,
    #[serde(rename = "DbiResourceId")]
    pub dbi_resource_id: String,
    #[serde(rename = "TagList")]
    pub tag_list: Vec<Tag>,
}

pub(crate) fn snapshot_view(s: &DbSnapshot) -> DBSnapshotView {
    DBSnapshotView {
        db_snapshot_identifier: s.id.clone(),
        db_instance_identifier: s.instance_id.clone(),
        snapshot_create_time: s.created,
        engine: s.engine.clone(),
        allocated_storage: s.allocated_storage,
        status: s.status.clone(),
        port: s.port,
        availability_zone: s.availability_zone.clone(),
        vpc_id: s.vpc_id.clone(),
        instance_create_time: s.instance_created,
        master_username: s.master_username.clone(),
        engine_version: s.engine_version.clone(),
        snapshot_type: s.snapshot_type.clone(),
        percent_progress: if s.status == "available" { 100 } else { 0 },
        storage_type: "gp2".into(),
        encrypted: s.encrypted,
        kms_key_id: s.kms_key_id.clone(),
        db_snapshot_arn: arn(&s.region, "snapshot", &s.id),
        dbi_resource_id: s.dbi_resource_id.clone(),
        tag_list: tags_out(&s.tags),
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DBSnapshotOutput {
    #[serde(rename = "DBSnapshot")]
    pub db_snapshot: Box<DBSnapshotView>,
}

/// Starts a manual snapshot of `i` (creating, available after SNAPSHOT_TIME).
pub(crate) fn take_snapshot(
    world: &mut World,
    cx: &mut CallContext,
    i: &DbInstance,
    id: &str,
    tags: Tags,
) -> Result<DbSnapshot, ApiError> {
    let k = key(&i.region, id);
    cx.touch(arn(&i.region, "snapshot", id));
    if world.rds.snapshots.contains_key(&k) {
        cx.why(format!("a snapshot named {id} already exists in {}", i.region));
        return Err(ApiError::bad_request(
            "DBSnapshotAlreadyExists",
            format!("Cannot create the snapshot because a snapshot with the identifier {id} already exists."),
        ));
    }
    let s = DbSnapshot {
        id: id.to_string(),
        region: i.region.clone(),
        instance_id: i.id.clone(),
        dbi_resource_id: i.dbi_resource_id.clone(),
        engine: i.engine.clone(),
        engine_version: i.engine_version.clone(),
        allocated_storage: i.allocated_storage,
        port: i.port,
        availability_zone: i.availability_zone.clone(),
        vpc_id: i.vpc_id.clone(),
        master_username: i.master_username.clone(),
        instance_created: i.created,
        created: world.now(),
        status: "creating".into(),
        snapshot_type: "manual".into(),
        encrypted: i.storage_encrypted,
        kms_key_id: i.kms_key_id.clone(),
        tags,
    };
    world.rds.snapshots.insert(k.clone(), s.clone());
    world.schedule(SNAPSHOT_TIME, Job::Rds(RdsJob::SnapshotReady { key: k }));
    Ok(s)
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateDBSnapshotRequest {
    #[serde(rename = "DBSnapshotIdentifier")]
    pub db_snapshot_identifier: String,
    #[serde(rename = "DBInstanceIdentifier")]
    pub db_instance_identifier: String,
    #[serde(rename = "Tags", default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

pub fn create_db_snapshot(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateDBSnapshotRequest,
) -> Result<DBSnapshotOutput, ApiError> {
    let id = input.db_snapshot_identifier.to_ascii_lowercase();
    check_identifier(cx, "DBSnapshotIdentifier", &id)?;
    let i = instance_mut(world, cx, &input.db_instance_identifier)?.clone();
    require_available(cx, &i, "CreateDBSnapshot")?;
    let s = take_snapshot(world, cx, &i, &id, tags_in(&input.tags))?;
    cx.why(format!("snapshot {id} of {} is creating; it is kept until you delete it", i.id));
    Ok(DBSnapshotOutput { db_snapshot: Box::new(snapshot_view(&s)) })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DescribeDBSnapshotsRequest {
    #[serde(rename = "DBInstanceIdentifier", default, skip_serializing_if = "Option::is_none")]
    pub db_instance_identifier: Option<String>,
    #[serde(rename = "DBSnapshotIdentifier", default, skip_serializing_if = "Option::is_none")]
    pub db_snapshot_identifier: Option<String>,
    #[serde(rename = "SnapshotType", default, skip_serializing_if = "Option::is_none")]
    pub snapshot_type: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DescribeDBSnapshotsOutput {
    #[serde(rename = "DBSnapshots")]
    pub db_snapshots: Vec<DBSnapshotView>,
}

fn snapshot_not_found(cx: &mut CallContext, id: &str) -> ApiError {
    cx.why(format!("no DB snapshot '{id}' in {}", cx.region));
    ApiError::not_found("DBSnapshotNotFound", format!("DBSnapshot {id} not found."))
}

pub fn describe_db_snapshots(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeDBSnapshotsRequest,
) -> Result<DescribeDBSnapshotsOutput, ApiError> {
    let region = cx.region.clone();
    let out: Vec<DBSnapshotView> = world
        .rds
        .snapshots
        .values()
        .filter(|s| s.region == region)
        .filter(|s| input.db_instance_identifier.as_ref().is_none_or(|i| i.eq_ignore_ascii_case(&s.instance_id)))
        .filter(|s| input.db_snapshot_identifier.as_ref().is_none_or(|i| i.eq_ignore_ascii_case(&s.id)))
        .filter(|s| input.snapshot_type.as_ref().is_none_or(|t| *t == s.snapshot_type))
        .map(snapshot_view)
        .collect();
    if let (Some(id), true) = (&input.db_snapshot_identifier, out.is_empty()) {
        return Err(snapshot_not_found(cx, id));
    }
    cx.why(format!("{} DB snapshot(s) in {region}", out.len()));
    Ok(DescribeDBSnapshotsOutput { db_snapshots: out })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteDBSnapshotRequest {
    #[serde(rename = "DBSnapshotIdentifier")]
    pub db_snapshot_identifier: String,
}

pub fn delete_db_snapshot(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteDBSnapshotRequest,
) -> Result<DBSnapshotOutput, ApiError> {
    let region = cx.region.clone();
    let id = input.db_snapshot_identifier.to_ascii_lowercase();
    cx.touch(arn(&region, "snapshot", &id));
    let Some(s) = world.rds.snapshots.get(&key(&region, &id)).cloned() else {
        return Err(snapshot_not_found(cx, &id));
    };
    if s.status != "available" {
        cx.why(format!("{id} is {}; a snapshot is deleted once it is available", s.status));
        return Err(ApiError::bad_request(
            "InvalidDBSnapshotState",
            format!("Cannot delete the snapshot because it is not in available state: {id}"),
        ));
    }
    world.rds.snapshots.remove(&key(&region, &id));
    let mut view = snapshot_view(&s);
    view.status = "deleted".into();
    cx.why(format!("snapshot {id} deleted"));
    Ok(DBSnapshotOutput { db_snapshot: Box::new(view) })
}
