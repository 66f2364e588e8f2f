//! CreateDBInstance, DescribeDBInstances, ModifyDBInstance, StopDBInstance, StartDBInstance,
//! RebootDBInstance and DeleteDBInstance. Every transitional status ends on the clock
//! (`jobs.rs`): creating → backing-up → available, modifying, stopping → stopped (and back to
//! starting seven days later), starting, rebooting, deleting → gone.

use super::snapshots::take_snapshot;
use super::subnet_groups::{group_not_found, group_view, DBSubnetGroupView};
use super::*;
use crate::services::rds::jobs::RdsJob;
use crate::services::Job;
use crate::time::SimDuration;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EndpointView {
    pub address: String,
    pub port: u16,
    pub hosted_zone_id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcSecurityGroupMembership {
    pub vpc_security_group_id: String,
    pub status: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PendingModifiedValues {
    #[serde(rename = "DBInstanceClass", default, skip_serializing_if = "Option::is_none")]
    pub db_instance_class: Option<String>,
    #[serde(rename = "AllocatedStorage", default, skip_serializing_if = "Option::is_none")]
    pub allocated_storage: Option<i64>,
    #[serde(rename = "MultiAZ", default, skip_serializing_if = "Option::is_none")]
    pub multi_az: Option<bool>,
    #[serde(rename = "BackupRetentionPeriod", default, skip_serializing_if = "Option::is_none")]
    pub backup_retention_period: Option<i64>,
    #[serde(rename = "EngineVersion", default, skip_serializing_if = "Option::is_none")]
    pub engine_version: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MasterUserSecret {
    pub secret_arn: String,
    pub secret_status: String,
    pub kms_key_id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DBInstanceView {
    #[serde(rename = "DBInstanceIdentifier")]
    pub db_instance_identifier: String,
    #[serde(rename = "DBInstanceClass")]
    pub db_instance_class: String,
    #[serde(rename = "Engine")]
    pub engine: String,
    #[serde(rename = "DBInstanceStatus")]
    pub db_instance_status: DbInstanceStatus,
    #[serde(rename = "MasterUsername")]
    pub master_username: String,
    #[serde(rename = "DBName", default, skip_serializing_if = "Option::is_none")]
    pub db_name: Option<String>,
    /// RDS shows the endpoint once the instance is reachable (not while it is being created).
    #[serde(rename = "Endpoint", default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<EndpointView>,
    #[serde(rename = "AllocatedStorage")]
    pub allocated_storage: i64,
    #[serde(rename = "InstanceCreateTime", default, skip_serializing_if = "Option::is_none")]
    pub instance_create_time: Option<crate::time::SimTime>,
    #[serde(rename = "PreferredBackupWindow")]
    pub preferred_backup_window: String,
    #[serde(rename = "BackupRetentionPeriod")]
    pub backup_retention_period: i64,
    #[serde(rename = "VpcSecurityGroups")]
    pub vpc_security_groups: Vec<VpcSecurityGroupMembership>,
    #[serde(rename = "AvailabilityZone")]
    pub availability_zone: String,
    #[serde(rename = "DBSubnetGroup")]
    pub db_subnet_group: Option<DBSubnetGroupView>,
    #[serde(rename = "PreferredMaintenanceWindow")]
    pub preferred_maintenance_window: String,
    #[serde(rename = "PendingModifiedValues")]
    pub pending_modified_values: PendingModifiedValues,
    #[serde(rename = "MultiAZ")]
    pub multi_az: bool,
    #[serde(rename = "EngineVersion")]
    pub engine_version: String,
    #[serde(rename = "PubliclyAccessible")]
    pub publicly_accessible: bool,
    #[serde(rename = "StorageType")]
    pub storage_type: String,
    #[serde(rename = "DbInstancePort")]
    pub db_instance_port: u16,
    #[serde(rename = "StorageEncrypted")]
    pub storage_encrypted: bool,
    #[serde(rename = "KmsKeyId", default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    #[serde(rename = "DbiResourceId")]
    pub dbi_resource_id: String,
    #[serde(rename = "DBInstanceArn")]
    pub db_instance_arn: String,
    #[serde(rename = "DeletionProtection")]
    pub deletion_protection: bool,
    #[serde(rename = "SecondaryAvailabilityZone", default, skip_serializing_if = "Option::is_none")]
    pub secondary_availability_zone: Option<String>,
    #[serde(rename = "MasterUserSecret", default, skip_serializing_if = "Option::is_none")]
    pub master_user_secret: Option<MasterUserSecret>,
    #[serde(rename = "TagList")]
    pub tag_list: Vec<Tag>,
}

pub(crate) fn instance_view(world: &World, i: &DbInstance) -> DBInstanceView {
    let reachable = !matches!(i.status, DbInstanceStatus::Creating);
    DBInstanceView {
        db_instance_identifier: i.id.clone(),
        db_instance_class: i.instance_class.clone(),
        engine: i.engine.clone(),
        db_instance_status: i.status,
        master_username: i.master_username.clone(),
        db_name: i.db_name.clone(),
        endpoint: reachable.then(|| EndpointView {
            address: i.address.clone(),
            port: i.port,
            hosted_zone_id: "Z2R2ITUGPM61AM".into(),
        }),
        allocated_storage: i.allocated_storage,
        instance_create_time: reachable.then_some(i.created),
        preferred_backup_window: "03:00-03:30".into(),
        backup_retention_period: i.backup_retention_period,
        vpc_security_groups: i
            .security_groups
            .iter()
            .map(|g| VpcSecurityGroupMembership { vpc_security_group_id: g.clone(), status: "active".into() })
            .collect(),
        availability_zone: i.availability_zone.clone(),
        db_subnet_group: world.rds.subnet_groups.get(&key(&i.region, &i.subnet_group)).map(group_view),
        preferred_maintenance_window: "sun:05:00-sun:05:30".into(),
        pending_modified_values: PendingModifiedValues {
            db_instance_class: i.pending.instance_class.clone(),
            allocated_storage: i.pending.allocated_storage,
            multi_az: i.pending.multi_az,
            backup_retention_period: i.pending.backup_retention_period,
            engine_version: i.pending.engine_version.clone(),
        },
        multi_az: i.multi_az,
        engine_version: i.engine_version.clone(),
        publicly_accessible: i.publicly_accessible,
        storage_type: i.storage_type.clone(),
        db_instance_port: 0,
        storage_encrypted: i.storage_encrypted,
        kms_key_id: i.kms_key_id.clone(),
        dbi_resource_id: i.dbi_resource_id.clone(),
        db_instance_arn: arn(&i.region, "db", &i.id),
        deletion_protection: i.deletion_protection,
        secondary_availability_zone: i.secondary_availability_zone.clone(),
        master_user_secret: i.manage_master_user_password.then(|| MasterUserSecret {
            secret_arn: format!("arn:aws:secretsmanager:{}:{ACCOUNT_ID}:secret:rds!db-{}", i.region, i.dbi_resource_id),
            secret_status: "active".into(),
            kms_key_id: "alias/aws/secretsmanager".into(),
        }),
        tag_list: tags_out(&i.tags),
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DBInstanceOutput {
    #[serde(rename = "DBInstance")]
    pub db_instance: Box<DBInstanceView>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateDBInstanceRequest {
    #[serde(rename = "DBInstanceIdentifier")]
    pub db_instance_identifier: String,
    #[serde(rename = "DBInstanceClass")]
    pub db_instance_class: String,
    #[serde(rename = "Engine")]
    pub engine: String,
    #[serde(rename = "EngineVersion", default, skip_serializing_if = "Option::is_none")]
    pub engine_version: Option<String>,
    #[serde(rename = "AllocatedStorage", default, skip_serializing_if = "Option::is_none")]
    pub allocated_storage: Option<i64>,
    #[serde(rename = "StorageType", default, skip_serializing_if = "Option::is_none")]
    pub storage_type: Option<String>,
    #[serde(rename = "DBName", default, skip_serializing_if = "Option::is_none")]
    pub db_name: Option<String>,
    #[serde(rename = "MasterUsername", default, skip_serializing_if = "Option::is_none")]
    pub master_username: Option<String>,
    #[serde(rename = "MasterUserPassword", default, skip_serializing_if = "Option::is_none")]
    pub master_user_password: Option<String>,
    #[serde(rename = "ManageMasterUserPassword", default, skip_serializing_if = "Option::is_none")]
    pub manage_master_user_password: Option<bool>,
    #[serde(rename = "MultiAZ", default, skip_serializing_if = "Option::is_none")]
    pub multi_az: Option<bool>,
    #[serde(rename = "AvailabilityZone", default, skip_serializing_if = "Option::is_none")]
    pub availability_zone: Option<String>,
    #[serde(rename = "PubliclyAccessible", default, skip_serializing_if = "Option::is_none")]
    pub publicly_accessible: Option<bool>,
    #[serde(rename = "VpcSecurityGroupIds", default, skip_serializing_if = "Vec::is_empty")]
    pub vpc_security_group_ids: Vec<String>,
    #[serde(rename = "DBSubnetGroupName", default, skip_serializing_if = "Option::is_none")]
    pub db_subnet_group_name: Option<String>,
    #[serde(rename = "BackupRetentionPeriod", default, skip_serializing_if = "Option::is_none")]
    pub backup_retention_period: Option<i64>,
    #[serde(rename = "DeletionProtection", default, skip_serializing_if = "Option::is_none")]
    pub deletion_protection: Option<bool>,
    #[serde(rename = "StorageEncrypted", default, skip_serializing_if = "Option::is_none")]
    pub storage_encrypted: Option<bool>,
    #[serde(rename = "KmsKeyId", default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    #[serde(rename = "Port", default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(rename = "Tags", default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

fn check_password(cx: &mut CallContext, engine: &Engine, password: &str) -> Result<(), ApiError> {
    if password.chars().any(|c| PASSWORD_FORBIDDEN.contains(&c) || !(c.is_ascii_graphic() || c == ' ')) {
        cx.why("a master password is printable ASCII without '/', '@', '\"' or spaces");
        return Err(invalid_value(
            "The parameter MasterUserPassword is not a valid password. Only printable ASCII characters besides '/', \
             '@', '\"', ' ' may be used.",
        ));
    }
    if password.len() < 8 {
        cx.why(format!("a {} master password has 8 to {} characters", engine.name, engine.password_max));
        return Err(invalid_value(
            "The parameter MasterUserPassword is not a valid password because it is shorter than 8 characters.",
        ));
    }
    if password.len() > engine.password_max {
        cx.why(format!("a {} master password has 8 to {} characters", engine.name, engine.password_max));
        return Err(invalid_value(format!(
            "The parameter MasterUserPassword is not a valid password because it is longer than {} characters.",
            engine.password_max
        )));
    }
    Ok(())
}

fn check_username(cx: &mut CallContext, engine: &Engine, name: &str) -> Result<(), ApiError> {
    let ok = (1..=engine.username_max).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !ok {
        cx.why(format!(
            "a {} master user name has 1 to {} letters, digits and underscores and starts with a letter",
            engine.name, engine.username_max
        ));
        return Err(invalid_value(format!(
            "The parameter MasterUsername is not a valid identifier. It must be 1 to {} alphanumeric characters \
             (or underscores), beginning with a letter.",
            engine.username_max
        )));
    }
    if RESERVED_USERNAMES.contains(&name.to_ascii_lowercase().as_str()) {
        cx.why(format!("{name} is reserved by the engine"));
        return Err(invalid_value(format!(
            "MasterUsername {name} cannot be used as it is a reserved word used by the engine"
        )));
    }
    Ok(())
}

fn check_storage(cx: &mut CallContext, engine: &str, storage: i64) -> Result<(), ApiError> {
    if (MIN_STORAGE..=MAX_STORAGE).contains(&storage) {
        return Ok(());
    }
    cx.why(format!("{engine} on gp2 takes {MIN_STORAGE} to {MAX_STORAGE} GiB"));
    Err(invalid_combination(format!("Invalid storage size for engine name {engine} and storage type gp2: {storage}")))
}

fn check_class(cx: &mut CallContext, class: &str, engine: &str, version: &str) -> Result<(), ApiError> {
    if INSTANCE_CLASSES.contains(&class) {
        return Ok(());
    }
    cx.why(format!("Nimbus Lab offers the classes {}", INSTANCE_CLASSES.join(", ")));
    let license = if engine == "postgres" { "postgresql-license" } else { "general-public-license" };
    Err(invalid_combination(format!(
        "RDS does not support creating a DB instance with the following combination: DBInstanceClass={class}, \
         Engine={engine}, EngineVersion={version}, LicenseModel={license}. For supported combinations of instance \
         class and database engine version, see the documentation."
    )))
}

fn check_retention(cx: &mut CallContext, days: i64) -> Result<(), ApiError> {
    if (0..=35).contains(&days) {
        return Ok(());
    }
    cx.why("automated backups are kept 0 (off) to 35 days");
    Err(invalid_value("The parameter BackupRetentionPeriod must be between 0 and 35."))
}

/// The account's storage in use in a Region, without instance `except`.
fn storage_in_use(world: &World, region: &str, except: &str) -> i64 {
    world.rds.instances.values().filter(|i| i.region == region && i.id != except).map(|i| i.allocated_storage).sum()
}

/// The KMS key an encrypted instance uses, checked as RDS checks it (with the `kms` feature).
#[cfg(feature = "kms")]
fn encryption_key(world: &mut World, cx: &mut CallContext, key: Option<&str>) -> Result<Option<String>, ApiError> {
    use crate::services::kms::ops as kms;
    let named = key.unwrap_or("alias/aws/rds").to_string();
    kms::encrypt_for_service(world, cx, "rds", key, b"rds-storage-key", None).map(|(arn, _)| Some(arn)).map_err(|e| {
        let reason = cx.why.take().unwrap_or_else(|| e.message.clone());
        cx.why(format!("RDS asked KMS for the storage key {named}, and KMS refused with {}: {reason}", e.code));
        ApiError::bad_request("KMSKeyNotAccessibleFault", "An error occurred accessing an Amazon Web Services KMS key.")
    })
}

#[cfg(not(feature = "kms"))]
fn encryption_key(world: &mut World, cx: &mut CallContext, key: Option<&str>) -> Result<Option<String>, ApiError> {
    let _ = (world, cx);
    Ok(Some(key.map_or_else(|| "alias/aws/rds".to_string(), str::to_string)))
}

/// The Region's default DB subnet group (the default VPC's subnets), made on first use.
fn default_group(world: &mut World, region: &str) -> String {
    let k = key(region, "default");
    if !world.rds.subnet_groups.contains_key(&k) {
        crate::services::ec2::ensure_defaults(world, region);
        let vpc = world.ec2.vpcs.values().find(|v| v.region == region && v.is_default).map(|v| v.vpc_id.clone());
        let vpc = vpc.unwrap_or_default();
        let subnets = world
            .ec2
            .subnets
            .values()
            .filter(|s| s.region == region && s.vpc_id == vpc)
            .map(|s| (s.subnet_id.clone(), s.availability_zone.clone()))
            .collect();
        let group = DbSubnetGroup {
            name: "default".into(),
            region: region.into(),
            description: "default".into(),
            vpc_id: vpc,
            subnets,
            tags: Vec::new(),
        };
        world.rds.subnet_groups.insert(k, group);
    }
    "default".into()
}

fn endpoint_part(world: &mut World, region: &str) -> String {
    if let Some(p) = world.rds.endpoint_ids.get(region) {
        return p.clone();
    }
    let p = crate::ids::lower_alnum(world.rng(), 12);
    world.rds.endpoint_ids.insert(region.into(), p.clone());
    p
}

pub(crate) fn step(world: &mut World, i: &mut DbInstance, status: DbInstanceStatus, after: SimDuration) {
    i.status = status;
    i.epoch += 1;
    let job = RdsJob::InstanceStep { key: key(&i.region, &i.id), epoch: i.epoch };
    world.schedule(after, Job::Rds(job));
}

pub fn create_db_instance(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateDBInstanceRequest,
) -> Result<DBInstanceOutput, ApiError> {
    let region = cx.region.clone();
    let id = input.db_instance_identifier.to_ascii_lowercase();
    cx.touch(arn(&region, "db", &id));
    check_identifier(cx, "DBInstanceIdentifier", &id)?;
    if world.rds.instances.contains_key(&key(&region, &id)) {
        cx.why(format!("'{id}' is taken in {region}"));
        return Err(ApiError::bad_request("DBInstanceAlreadyExists", "DB instance already exists"));
    }
    let engine_name = input.engine.to_ascii_lowercase();
    let Some(engine) = engine(&engine_name) else {
        if UNSIMULATED_ENGINES.contains(&engine_name.as_str()) {
            cx.why(format!(
                "{engine_name} is an RDS engine Nimbus Lab does not simulate (mysql, postgres and mariadb are)"
            ));
            return Err(invalid_value(format!(
                "Nimbus Lab simulates the engines mysql, postgres and mariadb; {engine_name} is not simulated."
            )));
        }
        cx.why(format!("'{engine_name}' is not an RDS engine"));
        return Err(invalid_value(format!("Invalid DB engine: {}", input.engine)));
    };
    let version = input.engine_version.clone().unwrap_or_else(|| engine.default_version.to_string());
    let version_ok = version == engine.default_version
        || engine.versions.iter().any(|p| version.starts_with(p) || format!("{version}.") == *p);
    if !version_ok {
        cx.why(format!("{} versions Nimbus Lab knows start with {}", engine.name, engine.versions.join(", ")));
        return Err(invalid_combination(format!("Cannot find version {version} for {}", engine.name)));
    }
    check_class(cx, &input.db_instance_class, engine.name, &version)?;
    let storage_type = input.storage_type.clone().unwrap_or_else(|| "gp2".into());
    if storage_type != "gp2" {
        cx.why("Nimbus Lab simulates gp2 storage only");
        return Err(invalid_value(format!(
            "Nimbus Lab simulates StorageType gp2 only; {storage_type} is not simulated."
        )));
    }
    let Some(storage) = input.allocated_storage else {
        cx.why("gp2 storage needs a size");
        return Err(invalid_value("The parameter AllocatedStorage must be provided and must not be null."));
    };
    check_storage(cx, engine.name, storage)?;
    if storage_in_use(world, &region, &id) + storage > STORAGE_QUOTA_GIB {
        cx.why(format!("the account's DB instances may allocate {STORAGE_QUOTA_GIB} GiB in all"));
        return Err(ApiError::bad_request(
            "StorageQuotaExceeded",
            "The request would result in the user exceeding the allowed amount of storage available across all DB \
             instances.",
        ));
    }
    let Some(username) = input.master_username.clone() else {
        cx.why("a new instance needs a master user");
        return Err(invalid_value("The parameter MasterUsername must be provided and must not be blank."));
    };
    check_username(cx, engine, &username)?;
    let managed = input.manage_master_user_password.unwrap_or(false);
    match (&input.master_user_password, managed) {
        (Some(_), true) => {
            cx.why("either RDS manages the password in Secrets Manager or you give one, not both");
            return Err(invalid_combination(
                "You can't specify MasterUserPassword for an instance when ManageMasterUserPassword is turned on.",
            ));
        }
        (None, false) => {
            cx.why("give MasterUserPassword, or ManageMasterUserPassword to let RDS keep it in Secrets Manager");
            return Err(invalid_value("The parameter MasterUserPassword must be provided and must not be blank."));
        }
        (Some(p), false) => check_password(cx, engine, p)?,
        (None, true) => {}
    }
    if let Some(days) = input.backup_retention_period {
        check_retention(cx, days)?;
    }
    let group_name = match &input.db_subnet_group_name {
        Some(n) => {
            let n = n.to_ascii_lowercase();
            if !world.rds.subnet_groups.contains_key(&key(&region, &n)) {
                return Err(group_not_found(cx, &n));
            }
            n
        }
        None => default_group(world, &region),
    };
    let group = world.rds.subnet_groups[&key(&region, &group_name)].clone();
    let mut security_groups = Vec::new();
    for sg in &input.vpc_security_group_ids {
        let Some(g) = world.ec2.security_groups.get(sg).filter(|g| g.region == region) else {
            cx.why(format!("no security group '{sg}' in {region}"));
            return Err(invalid_value(format!("Invalid security group , groupId= {sg}, groupName=.")));
        };
        if g.vpc_id != group.vpc_id {
            cx.why(format!("{sg} is in {} but the DB subnet group is in {}", g.vpc_id, group.vpc_id));
            return Err(invalid_combination("The DB instance and EC2 security group are in different VPCs."));
        }
        security_groups.push(sg.clone());
    }
    if security_groups.is_empty() {
        if let Some(g) =
            world.ec2.security_groups.values().find(|g| g.vpc_id == group.vpc_id && g.group_name == "default")
        {
            security_groups.push(g.group_id.clone());
        }
    }
    let multi_az = input.multi_az.unwrap_or(false);
    if multi_az && input.availability_zone.is_some() {
        cx.why("a Multi-AZ instance's zones are chosen by RDS");
        return Err(invalid_combination(
            "Requesting a specific availability zone is not valid for Multi-AZ instances.",
        ));
    }
    let mut zones: Vec<String> = group.subnets.iter().map(|(_, az)| az.clone()).collect();
    zones.sort();
    zones.dedup();
    let zone = match &input.availability_zone {
        Some(az) if !zones.contains(az) => {
            cx.why(format!("the DB subnet group covers {}", zones.join(", ")));
            return Err(invalid_combination(format!(
                "No default subnet was detected in VPC. Please contact AWS Support to recreate default Subnets. \
                 ({az} is not covered by DB subnet group {group_name})"
            )));
        }
        Some(az) => az.clone(),
        None => {
            let n = zones.len().max(1);
            let pick = crate::ids::hex(world.rng(), 4).bytes().map(usize::from).sum::<usize>() % n;
            zones.get(pick).cloned().unwrap_or_default()
        }
    };
    let secondary = multi_az.then(|| zones.iter().find(|z| **z != zone).cloned()).flatten();
    let storage_encrypted = input.storage_encrypted.unwrap_or(false);
    if input.kms_key_id.is_some() && !storage_encrypted {
        cx.why("a KMS key is only for an encrypted instance (StorageEncrypted true)");
        return Err(invalid_combination("Encryption key was provided for a non-encrypted instance."));
    }
    let kms_key_id = if storage_encrypted { encryption_key(world, cx, input.kms_key_id.as_deref())? } else { None };
    let part = endpoint_part(world, &region);
    let dbi = format!("db-{}", crate::ids::upper_alnum(world.rng(), 26));
    let mut i = DbInstance {
        id: id.clone(),
        region: region.clone(),
        engine: engine.name.into(),
        engine_version: version,
        instance_class: input.db_instance_class.clone(),
        allocated_storage: storage,
        storage_type,
        master_username: username,
        manage_master_user_password: managed,
        db_name: input.db_name.clone(),
        multi_az,
        publicly_accessible: input.publicly_accessible.unwrap_or(false),
        security_groups,
        subnet_group: group_name.clone(),
        vpc_id: group.vpc_id.clone(),
        availability_zone: zone.clone(),
        secondary_availability_zone: secondary,
        backup_retention_period: input.backup_retention_period.unwrap_or(1),
        deletion_protection: input.deletion_protection.unwrap_or(false),
        storage_encrypted,
        kms_key_id,
        status: DbInstanceStatus::Creating,
        address: format!("{id}.{part}.{region}.rds.amazonaws.com"),
        port: input.port.unwrap_or(engine.port),
        dbi_resource_id: dbi,
        created: world.now(),
        pending: Pending::default(),
        tags: tags_in(&input.tags),
        epoch: 0,
        final_snapshot: None,
    };
    let time = create_time(multi_az);
    step(world, &mut i, DbInstanceStatus::Creating, SimDuration(time.0 - BACKUP_TIME.0));
    let view = instance_view(world, &i);
    world.rds.instances.insert(key(&region, &id), i);
    cx.why(format!(
        "{id} ({}, {}) is creating in {zone}{}; it is available in about {} minutes",
        engine.name,
        input.db_instance_class,
        if multi_az { " with a standby in a second zone" } else { "" },
        time.as_seconds() / 60
    ));
    Ok(DBInstanceOutput { db_instance: Box::new(view) })
}

/// How long a new instance takes to become available (creating, then its first backup).
pub fn create_time(multi_az: bool) -> SimDuration {
    SimDuration((if multi_az { CREATE_TIME_MULTI_AZ } else { CREATE_TIME }).0 + BACKUP_TIME.0)
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DescribeDBInstancesRequest {
    #[serde(rename = "DBInstanceIdentifier", default, skip_serializing_if = "Option::is_none")]
    pub db_instance_identifier: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DescribeDBInstancesOutput {
    #[serde(rename = "DBInstances")]
    pub db_instances: Vec<DBInstanceView>,
}

pub fn describe_db_instances(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeDBInstancesRequest,
) -> Result<DescribeDBInstancesOutput, ApiError> {
    let region = cx.region.clone();
    if let Some(id) = &input.db_instance_identifier {
        let i = instance_mut(world, cx, id)?.clone();
        cx.why(format!("{} is {}", i.id, i.status));
        return Ok(DescribeDBInstancesOutput { db_instances: vec![instance_view(world, &i)] });
    }
    let out: Vec<DBInstanceView> =
        world.rds.instances.values().filter(|i| i.region == region).map(|i| instance_view(world, i)).collect();
    cx.why(format!("{} DB instance(s) in {region}", out.len()));
    Ok(DescribeDBInstancesOutput { db_instances: out })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ModifyDBInstanceRequest {
    #[serde(rename = "DBInstanceIdentifier")]
    pub db_instance_identifier: String,
    #[serde(rename = "DBInstanceClass", default, skip_serializing_if = "Option::is_none")]
    pub db_instance_class: Option<String>,
    #[serde(rename = "AllocatedStorage", default, skip_serializing_if = "Option::is_none")]
    pub allocated_storage: Option<i64>,
    #[serde(rename = "MultiAZ", default, skip_serializing_if = "Option::is_none")]
    pub multi_az: Option<bool>,
    #[serde(rename = "BackupRetentionPeriod", default, skip_serializing_if = "Option::is_none")]
    pub backup_retention_period: Option<i64>,
    #[serde(rename = "EngineVersion", default, skip_serializing_if = "Option::is_none")]
    pub engine_version: Option<String>,
    #[serde(rename = "MasterUserPassword", default, skip_serializing_if = "Option::is_none")]
    pub master_user_password: Option<String>,
    #[serde(rename = "PubliclyAccessible", default, skip_serializing_if = "Option::is_none")]
    pub publicly_accessible: Option<bool>,
    #[serde(rename = "VpcSecurityGroupIds", default, skip_serializing_if = "Vec::is_empty")]
    pub vpc_security_group_ids: Vec<String>,
    #[serde(rename = "DeletionProtection", default, skip_serializing_if = "Option::is_none")]
    pub deletion_protection: Option<bool>,
    #[serde(rename = "ApplyImmediately", default, skip_serializing_if = "Option::is_none")]
    pub apply_immediately: Option<bool>,
}

pub fn modify_db_instance(
    world: &mut World,
    cx: &mut CallContext,
    input: ModifyDBInstanceRequest,
) -> Result<DBInstanceOutput, ApiError> {
    let region = cx.region.clone();
    let mut i = instance_mut(world, cx, &input.db_instance_identifier)?.clone();
    require_available(cx, &i, "ModifyDBInstance")?;
    let engine = engine(&i.engine).expect("instances have a simulated engine");
    if let Some(c) = &input.db_instance_class {
        check_class(cx, c, &i.engine, &i.engine_version)?;
    }
    if let Some(s) = input.allocated_storage {
        check_storage(cx, &i.engine, s)?;
        if s < i.allocated_storage {
            cx.why("RDS storage can grow but never shrink");
            return Err(invalid_value(format!(
                "Invalid storage size for engine name {} and storage type gp2: {s}. Allocated storage cannot be decreased.",
                i.engine
            )));
        }
        if s > i.allocated_storage && s * 10 < i.allocated_storage * 11 {
            cx.why("a storage increase is at least 10% of the current size");
            return Err(invalid_value(
                "Invalid storage size: the allocated storage must be increased by at least 10%.",
            ));
        }
        if storage_in_use(world, &region, &i.id) + s > STORAGE_QUOTA_GIB {
            cx.why(format!("the account's DB instances may allocate {STORAGE_QUOTA_GIB} GiB in all"));
            return Err(ApiError::bad_request(
                "StorageQuotaExceeded",
                "The request would result in the user exceeding the allowed amount of storage available across all \
                 DB instances.",
            ));
        }
    }
    if let Some(v) = &input.engine_version {
        if !engine.versions.iter().any(|p| v.starts_with(p)) {
            return Err(invalid_combination(format!("Cannot find version {v} for {}", i.engine)));
        }
    }
    if let Some(days) = input.backup_retention_period {
        check_retention(cx, days)?;
    }
    if let Some(p) = &input.master_user_password {
        if i.manage_master_user_password {
            return Err(invalid_combination(
                "You can't specify MasterUserPassword for an instance when ManageMasterUserPassword is turned on.",
            ));
        }
        check_password(cx, engine, p)?;
    }
    for sg in &input.vpc_security_group_ids {
        let Some(g) = world.ec2.security_groups.get(sg).filter(|g| g.region == region) else {
            return Err(invalid_value(format!("Invalid security group , groupId= {sg}, groupName=.")));
        };
        if g.vpc_id != i.vpc_id {
            return Err(invalid_combination("The DB instance and EC2 security group are in different VPCs."));
        }
    }
    // Applied at once whatever ApplyImmediately says.
    if let Some(d) = input.deletion_protection {
        i.deletion_protection = d;
    }
    if let Some(p) = input.publicly_accessible {
        i.publicly_accessible = p;
    }
    if !input.vpc_security_group_ids.is_empty() {
        i.security_groups = input.vpc_security_group_ids.clone();
    }
    let mut wanted = Pending {
        instance_class: input.db_instance_class.clone().filter(|c| *c != i.instance_class),
        allocated_storage: input.allocated_storage.filter(|s| *s != i.allocated_storage),
        multi_az: input.multi_az.filter(|m| *m != i.multi_az),
        backup_retention_period: input.backup_retention_period.filter(|d| *d != i.backup_retention_period),
        engine_version: input.engine_version.clone().filter(|v| *v != i.engine_version),
    };
    let immediate = input.apply_immediately.unwrap_or(false);
    let why;
    if immediate {
        // Values left for the maintenance window go in with these.
        let old = std::mem::take(&mut i.pending);
        wanted.instance_class = wanted.instance_class.or(old.instance_class);
        wanted.allocated_storage = wanted.allocated_storage.or(old.allocated_storage);
        wanted.multi_az = wanted.multi_az.or(old.multi_az);
        wanted.backup_retention_period = wanted.backup_retention_period.or(old.backup_retention_period);
        wanted.engine_version = wanted.engine_version.or(old.engine_version);
        if wanted.is_empty() {
            why = format!("{} changed at once (no change needs the instance to restart)", i.id);
        } else {
            i.pending = wanted;
            step(world, &mut i, DbInstanceStatus::Modifying, MODIFY_TIME);
            why = format!(
                "{} is modifying; the new values apply in about {} minutes",
                i.id,
                MODIFY_TIME.as_seconds() / 60
            );
        }
    } else {
        let p = &mut i.pending;
        p.instance_class = wanted.instance_class.or(p.instance_class.take());
        p.allocated_storage = wanted.allocated_storage.or(p.allocated_storage.take());
        p.multi_az = wanted.multi_az.or(p.multi_az.take());
        p.backup_retention_period = wanted.backup_retention_period.or(p.backup_retention_period.take());
        p.engine_version = wanted.engine_version.or(p.engine_version.take());
        why = if i.pending.is_empty() {
            format!("{} changed", i.id)
        } else {
            format!(
                "{} keeps the changes in PendingModifiedValues for its maintenance window (sun:05:00-sun:05:30); \
                 ApplyImmediately applies them now",
                i.id
            )
        };
    }
    cx.why(why);
    let view = instance_view(world, &i);
    world.rds.instances.insert(key(&region, &i.id), i);
    Ok(DBInstanceOutput { db_instance: Box::new(view) })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DBInstanceIdentifierRequest {
    #[serde(rename = "DBInstanceIdentifier")]
    pub db_instance_identifier: String,
}

pub fn stop_db_instance(
    world: &mut World,
    cx: &mut CallContext,
    input: DBInstanceIdentifierRequest,
) -> Result<DBInstanceOutput, ApiError> {
    let region = cx.region.clone();
    let mut i = instance_mut(world, cx, &input.db_instance_identifier)?.clone();
    require_available(cx, &i, "StopDBInstance")?;
    step(world, &mut i, DbInstanceStatus::Stopping, STOP_TIME);
    cx.why(format!(
        "{} is stopping: instance hours stop, storage is still billed, and AWS starts it again after 7 days",
        i.id
    ));
    let view = instance_view(world, &i);
    world.rds.instances.insert(key(&region, &i.id), i);
    Ok(DBInstanceOutput { db_instance: Box::new(view) })
}

pub fn start_db_instance(
    world: &mut World,
    cx: &mut CallContext,
    input: DBInstanceIdentifierRequest,
) -> Result<DBInstanceOutput, ApiError> {
    let region = cx.region.clone();
    let mut i = instance_mut(world, cx, &input.db_instance_identifier)?.clone();
    if i.status != DbInstanceStatus::Stopped {
        cx.why(format!("{} is {}; only a stopped instance starts", i.id, i.status));
        return Err(ApiError::bad_request("InvalidDBInstanceState", format!("Instance {} is not stopped.", i.id)));
    }
    step(world, &mut i, DbInstanceStatus::Starting, START_TIME);
    cx.why(format!("{} is starting", i.id));
    let view = instance_view(world, &i);
    world.rds.instances.insert(key(&region, &i.id), i);
    Ok(DBInstanceOutput { db_instance: Box::new(view) })
}

pub fn reboot_db_instance(
    world: &mut World,
    cx: &mut CallContext,
    input: DBInstanceIdentifierRequest,
) -> Result<DBInstanceOutput, ApiError> {
    let region = cx.region.clone();
    let mut i = instance_mut(world, cx, &input.db_instance_identifier)?.clone();
    require_available(cx, &i, "RebootDBInstance")?;
    step(world, &mut i, DbInstanceStatus::Rebooting, REBOOT_TIME);
    cx.why(format!("{} is rebooting (pending modifications still wait for the maintenance window)", i.id));
    let view = instance_view(world, &i);
    world.rds.instances.insert(key(&region, &i.id), i);
    Ok(DBInstanceOutput { db_instance: Box::new(view) })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteDBInstanceRequest {
    #[serde(rename = "DBInstanceIdentifier")]
    pub db_instance_identifier: String,
    #[serde(rename = "SkipFinalSnapshot", default, skip_serializing_if = "Option::is_none")]
    pub skip_final_snapshot: Option<bool>,
    #[serde(rename = "FinalDBSnapshotIdentifier", default, skip_serializing_if = "Option::is_none")]
    pub final_db_snapshot_identifier: Option<String>,
}

pub fn delete_db_instance(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteDBInstanceRequest,
) -> Result<DBInstanceOutput, ApiError> {
    let region = cx.region.clone();
    let mut i = instance_mut(world, cx, &input.db_instance_identifier)?.clone();
    if i.deletion_protection {
        cx.why(format!("{} has deletion protection; turn it off with ModifyDBInstance first", i.id));
        return Err(invalid_combination(
            "Cannot delete protected DB Instance, please disable deletion protection and try again.",
        ));
    }
    if i.status == DbInstanceStatus::Deleting {
        cx.why(format!("{} is already deleting", i.id));
        return Err(ApiError::bad_request(
            "InvalidDBInstanceState",
            format!("Instance {} is already being deleted.", i.id),
        ));
    }
    let skip = input.skip_final_snapshot.unwrap_or(false);
    let final_id = match (&input.final_db_snapshot_identifier, skip) {
        (Some(_), true) => {
            cx.why("SkipFinalSnapshot and FinalDBSnapshotIdentifier contradict each other");
            return Err(invalid_combination("Cannot specify both SkipFinalSnapshot and FinalDBSnapshotIdentifier."));
        }
        (None, false) => {
            cx.why("deleting without a final snapshot needs SkipFinalSnapshot, so data is not lost by accident");
            return Err(invalid_combination(
                "FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.",
            ));
        }
        (Some(s), false) => Some(s.to_ascii_lowercase()),
        (None, true) => None,
    };
    let deletable =
        matches!(i.status, DbInstanceStatus::Available | DbInstanceStatus::Stopped | DbInstanceStatus::BackingUp)
            || (final_id.is_none() && i.status == DbInstanceStatus::Creating);
    if !deletable {
        cx.why(format!("{} is {}; it can be deleted once that ends", i.id, i.status));
        return Err(ApiError::bad_request(
            "InvalidDBInstanceState",
            format!("Instance {} is currently {}.", i.id, i.status),
        ));
    }
    if let Some(s) = &final_id {
        check_identifier(cx, "FinalDBSnapshotIdentifier", s)?;
        take_snapshot(world, cx, &i, s, Vec::new())?;
    }
    i.final_snapshot = final_id.clone();
    step(world, &mut i, DbInstanceStatus::Deleting, DELETE_TIME);
    cx.why(match &final_id {
        Some(s) => format!("{} is deleting; final snapshot {s} keeps its data", i.id),
        None => format!("{} is deleting without a final snapshot: its data is gone", i.id),
    });
    let view = instance_view(world, &i);
    world.rds.instances.insert(key(&region, &i.id), i);
    Ok(DBInstanceOutput { db_instance: Box::new(view) })
}
