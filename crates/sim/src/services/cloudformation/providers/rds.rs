//! `AWS::RDS::DBSubnetGroup` and `AWS::RDS::DBInstance`, made with RDS's own operations. A DB
//! instance is complete when RDS has made it `available` (ten minutes or more); in-place changes
//! go through ModifyDBInstance with ApplyImmediately; DeletionPolicy Snapshot deletes it with a
//! final snapshot.

use super::ec2::{list, optional, required};
use super::{
    check_properties, flag, generated_name, handler_reason, kind, observed, tags, text, Created, Observed, Provider,
    ProvisionCx,
};
use crate::services::rds::{self, RdsRequest, RdsResponse};
use crate::services::{Request, Response};
use crate::time::SimDuration;
use crate::world::World;
use serde_json::{json, Map, Value as Json};
use std::collections::BTreeMap;

pub struct DbSubnetGroup;
pub struct DbInstance;

fn call(world: &mut World, region: &str, r: RdsRequest) -> Result<RdsResponse, String> {
    #[allow(unreachable_patterns)]
    match world.call_in(region, Request::Rds(r)) {
        Ok(Response::Rds(out)) => Ok(out),
        Ok(_) => Err("unexpected response".into()),
        Err(e) => Err(handler_reason("Rds", &e)),
    }
}

fn rds_tags(cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Vec<rds::Tag>, String> {
    let mut out: Vec<rds::Tag> = tags(cx.logical_id, props.get("Tags"), cx.stack_tags)?
        .into_iter()
        .map(|(key, value)| rds::Tag { key, value })
        .collect();
    for (key, value) in [
        ("aws:cloudformation:stack-name", cx.stack_name),
        ("aws:cloudformation:stack-id", cx.stack_id),
        ("aws:cloudformation:logical-id", cx.logical_id),
    ] {
        out.push(rds::Tag { key: key.into(), value: value.into() });
    }
    Ok(out)
}

fn number(id: &str, props: &Map<String, Json>, key: &str) -> Result<Option<i64>, String> {
    match props.get(key) {
        None => Ok(None),
        Some(v) => text(v).and_then(|t| t.parse::<i64>().ok()).map(Some).ok_or_else(|| {
            format!(
                "Properties validation failed for resource {id} with message: #/{key}: expected type: Integer, found: {}",
                kind(v)
            )
        }),
    }
}

// ------------------------------------------------------------------ DB subnet groups

impl Provider for DbSubnetGroup {
    fn type_name(&self) -> &'static str {
        "AWS::RDS::DBSubnetGroup"
    }
    fn properties(&self) -> &'static [&'static str] {
        &["DBSubnetGroupName", "DBSubnetGroupDescription", "SubnetIds", "Tags"]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &[]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(5)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(3)
    }
    /// Nimbus Lab has no ModifyDBSubnetGroup yet, so every change makes a new group.
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["DBSubnetGroupName", "DBSubnetGroupDescription", "SubnetIds"]
    }
    fn name_property(&self) -> Option<&'static str> {
        Some("DBSubnetGroupName")
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let name = match optional(props, "DBSubnetGroupName") {
            Some(n) => n,
            None => generated_name(world, cx.stack_name, id, 255, true),
        };
        let out = call(
            world,
            cx.region,
            RdsRequest::CreateDBSubnetGroup(rds::CreateDBSubnetGroupRequest {
                db_subnet_group_name: name,
                db_subnet_group_description: required(id, props, "DBSubnetGroupDescription")?,
                subnet_ids: list(id, props, "SubnetIds")?,
                tags: rds_tags(cx, props)?,
            }),
        )?;
        let RdsResponse::CreateDBSubnetGroup(out) = out else { return Err("unexpected response".into()) };
        let name = out.db_subnet_group.db_subnet_group_name;
        Ok(Created { physical_id: name.clone(), ref_value: name, attributes: BTreeMap::new() })
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        let request = rds::DeleteDBSubnetGroupRequest { db_subnet_group_name: physical_id.into() };
        match call(world, cx.region, RdsRequest::DeleteDBSubnetGroup(request)) {
            Err(r) if !r.contains("DBSubnetGroupNotFoundFault") => Err(r),
            _ => Ok(()),
        }
    }
    fn observe(&self, world: &World, physical_id: &str) -> Observed {
        let Some(g) = world.rds.subnet_groups.values().find(|g| g.name == physical_id) else {
            return Observed::Deleted;
        };
        let subnets: Vec<Json> = g.subnets.iter().map(|(s, _)| json!(s)).collect();
        Observed::Properties(observed(&[
            ("DBSubnetGroupDescription", json!(g.description)),
            ("SubnetIds", Json::Array(subnets)),
        ]))
    }
}

// ------------------------------------------------------------------ DB instances

fn instance_created(world: &World, region: &str, id: &str) -> Created {
    let i = world.rds.instances.get(&rds::key(region, id));
    let mut attributes = BTreeMap::new();
    if let Some(i) = i {
        attributes.insert("Endpoint.Address".into(), i.address.clone());
        attributes.insert("Endpoint.Port".into(), i.port.to_string());
        attributes.insert("DBInstanceArn".into(), format!("arn:aws:rds:{region}:{}:db:{id}", crate::world::ACCOUNT_ID));
        attributes.insert("DbiResourceId".into(), i.dbi_resource_id.clone());
    }
    Created { physical_id: id.to_string(), ref_value: id.to_string(), attributes }
}

impl Provider for DbInstance {
    fn type_name(&self) -> &'static str {
        "AWS::RDS::DBInstance"
    }
    fn properties(&self) -> &'static [&'static str] {
        &[
            "AllocatedStorage",
            "AvailabilityZone",
            "BackupRetentionPeriod",
            "DBInstanceClass",
            "DBInstanceIdentifier",
            "DBName",
            "DBSubnetGroupName",
            "DeletionProtection",
            "Engine",
            "EngineVersion",
            "KmsKeyId",
            "ManageMasterUserPassword",
            "MasterUserPassword",
            "MasterUsername",
            "MultiAZ",
            "Port",
            "PubliclyAccessible",
            "StorageEncrypted",
            "StorageType",
            "Tags",
            "VPCSecurityGroups",
        ]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["Endpoint.Address", "Endpoint.Port", "DBInstanceArn", "DbiResourceId"]
    }
    /// A single-AZ instance's creating and first backup; see `create_time_of` for Multi-AZ.
    fn create_time(&self) -> SimDuration {
        rds::create_time(false)
    }
    fn create_time_of(&self, props: &Map<String, Json>) -> SimDuration {
        rds::create_time(flag(props.get("MultiAZ")).unwrap_or(false))
    }
    fn ready(&self, world: &World, physical_id: &str) -> bool {
        world
            .rds
            .instances
            .values()
            .find(|i| i.id == physical_id)
            .is_none_or(|i| i.status == rds::DbInstanceStatus::Available)
    }
    fn delete_time(&self) -> SimDuration {
        rds::DELETE_TIME
    }
    /// ModifyDBInstance with ApplyImmediately: the instance is `modifying` this long.
    fn update_time(&self) -> SimDuration {
        rds::MODIFY_TIME
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &[
            "AvailabilityZone",
            "DBInstanceIdentifier",
            "DBName",
            "DBSubnetGroupName",
            "Engine",
            "KmsKeyId",
            "MasterUsername",
            "StorageEncrypted",
        ]
    }
    fn name_property(&self) -> Option<&'static str> {
        Some("DBInstanceIdentifier")
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let identifier = match optional(props, "DBInstanceIdentifier") {
            Some(n) => n.to_ascii_lowercase(),
            None => {
                let name = generated_name(world, cx.stack_name, id, 63, true);
                // An identifier starts with a letter and has no double hyphen.
                let name = name.replace("--", "-");
                if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    name
                } else {
                    format!("db{name}")
                }
            }
        };
        let request = rds::CreateDBInstanceRequest {
            db_instance_identifier: identifier.clone(),
            db_instance_class: required(id, props, "DBInstanceClass")?,
            engine: required(id, props, "Engine")?,
            engine_version: optional(props, "EngineVersion"),
            allocated_storage: number(id, props, "AllocatedStorage")?,
            storage_type: optional(props, "StorageType"),
            db_name: optional(props, "DBName"),
            master_username: optional(props, "MasterUsername"),
            master_user_password: optional(props, "MasterUserPassword"),
            manage_master_user_password: flag(props.get("ManageMasterUserPassword")),
            multi_az: flag(props.get("MultiAZ")),
            availability_zone: optional(props, "AvailabilityZone"),
            publicly_accessible: flag(props.get("PubliclyAccessible")),
            vpc_security_group_ids: list(id, props, "VPCSecurityGroups")?,
            db_subnet_group_name: optional(props, "DBSubnetGroupName"),
            backup_retention_period: number(id, props, "BackupRetentionPeriod")?,
            deletion_protection: flag(props.get("DeletionProtection")),
            storage_encrypted: flag(props.get("StorageEncrypted")),
            kms_key_id: optional(props, "KmsKeyId"),
            port: number(id, props, "Port")?.map(|p| p as u16),
            tags: rds_tags(cx, props)?,
        };
        call(world, cx.region, RdsRequest::CreateDBInstance(request))?;
        Ok(instance_created(world, cx.region, &identifier))
    }
    fn update(
        &self,
        world: &mut World,
        cx: &ProvisionCx<'_>,
        physical_id: &str,
        props: &Map<String, Json>,
    ) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let request = rds::ModifyDBInstanceRequest {
            db_instance_identifier: physical_id.into(),
            db_instance_class: optional(props, "DBInstanceClass"),
            allocated_storage: number(id, props, "AllocatedStorage")?,
            multi_az: Some(flag(props.get("MultiAZ")).unwrap_or(false)),
            backup_retention_period: Some(number(id, props, "BackupRetentionPeriod")?.unwrap_or(1)),
            engine_version: optional(props, "EngineVersion"),
            master_user_password: optional(props, "MasterUserPassword"),
            publicly_accessible: flag(props.get("PubliclyAccessible")),
            vpc_security_group_ids: list(id, props, "VPCSecurityGroups")?,
            deletion_protection: Some(flag(props.get("DeletionProtection")).unwrap_or(false)),
            apply_immediately: Some(true),
        };
        call(world, cx.region, RdsRequest::ModifyDBInstance(request))?;
        Ok(instance_created(world, cx.region, physical_id))
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        let final_snapshot = cx.snapshot.then(|| {
            let suffix = crate::ids::lower_alnum(world.rng(), 12);
            let base: String = format!("{}-{}", cx.stack_name, cx.logical_id).to_ascii_lowercase().replace("--", "-");
            let base: String = base.chars().take(36).collect::<String>().trim_end_matches('-').to_string();
            format!("{base}-snapshot-{suffix}")
        });
        let request = rds::DeleteDBInstanceRequest {
            db_instance_identifier: physical_id.into(),
            skip_final_snapshot: Some(final_snapshot.is_none()),
            final_db_snapshot_identifier: final_snapshot,
        };
        match call(world, cx.region, RdsRequest::DeleteDBInstance(request)) {
            Err(r) if !r.contains("DBInstanceNotFound") => Err(r),
            _ => Ok(()),
        }
    }
    fn observe(&self, world: &World, physical_id: &str) -> Observed {
        let Some(i) = world.rds.instances.values().find(|i| i.id == physical_id) else { return Observed::Deleted };
        if i.status == rds::DbInstanceStatus::Deleting {
            return Observed::Deleted;
        }
        let groups: Vec<Json> = i.security_groups.iter().map(|g| json!(g)).collect();
        Observed::Properties(observed(&[
            ("DBInstanceClass", json!(i.instance_class)),
            ("AllocatedStorage", json!(i.allocated_storage.to_string())),
            ("Engine", json!(i.engine)),
            ("EngineVersion", json!(i.engine_version)),
            ("MasterUsername", json!(i.master_username)),
            ("MultiAZ", json!(i.multi_az)),
            ("PubliclyAccessible", json!(i.publicly_accessible)),
            ("BackupRetentionPeriod", json!(i.backup_retention_period.to_string())),
            ("DeletionProtection", json!(i.deletion_protection)),
            ("StorageEncrypted", json!(i.storage_encrypted)),
            ("DBSubnetGroupName", json!(i.subnet_group)),
            ("VPCSecurityGroups", Json::Array(groups)),
        ]))
    }
}
