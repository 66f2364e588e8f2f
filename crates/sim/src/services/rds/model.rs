//! DB subnet groups, DB instances and DB snapshots of each Region, and the times their states
//! take on the simulated clock.

use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A single-AZ instance is `creating` this long, then `backing-up` (its first automated backup).
pub const CREATE_TIME: SimDuration = SimDuration::minutes(8);
/// A Multi-AZ instance also builds its standby in a second Availability Zone.
pub const CREATE_TIME_MULTI_AZ: SimDuration = SimDuration::minutes(15);
pub const BACKUP_TIME: SimDuration = SimDuration::minutes(2);
/// `modifying` → `available` for changes applied immediately (class, storage, Multi-AZ).
pub const MODIFY_TIME: SimDuration = SimDuration::minutes(6);
pub const STOP_TIME: SimDuration = SimDuration::minutes(3);
pub const START_TIME: SimDuration = SimDuration::minutes(5);
pub const REBOOT_TIME: SimDuration = SimDuration::minutes(1);
pub const DELETE_TIME: SimDuration = SimDuration::minutes(5);
pub const SNAPSHOT_TIME: SimDuration = SimDuration::minutes(3);
/// AWS starts a stopped DB instance again after seven days.
pub const AUTO_START_AFTER: SimDuration = SimDuration::days(7);
/// The account's quota of allocated storage across all DB instances (GiB).
pub const STORAGE_QUOTA_GIB: i64 = 100_000;

aws_enum! {
    /// The DBInstanceStatus values Nimbus Lab moves an instance through.
    DbInstanceStatus {
        Creating = "creating",
        BackingUp = "backing-up",
        Available = "available",
        Modifying = "modifying",
        Stopping = "stopping",
        Stopped = "stopped",
        Starting = "starting",
        Rebooting = "rebooting",
        Deleting = "deleting",
    }
}

pub type Tags = Vec<(String, String)>;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RdsState {
    /// `region/name` (names are kept in lower case, as RDS stores them) -> group.
    pub subnet_groups: BTreeMap<String, DbSubnetGroup>,
    pub instances: BTreeMap<String, DbInstance>,
    pub snapshots: BTreeMap<String, DbSnapshot>,
    /// The per-Region part of endpoint names (`<id>.<this>.<region>.rds.amazonaws.com`).
    pub endpoint_ids: BTreeMap<String, String>,
}

/// The key of a resource in its map: Region and lower-case identifier.
pub fn key(region: &str, id: &str) -> String {
    format!("{region}/{}", id.to_ascii_lowercase())
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DbSubnetGroup {
    pub name: String,
    pub region: String,
    pub description: String,
    pub vpc_id: String,
    /// (subnet id, Availability Zone).
    pub subnets: Vec<(String, String)>,
    pub tags: Tags,
}

/// Values a ModifyDBInstance without ApplyImmediately leaves for the maintenance window.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub instance_class: Option<String>,
    pub allocated_storage: Option<i64>,
    pub multi_az: Option<bool>,
    pub backup_retention_period: Option<i64>,
    pub engine_version: Option<String>,
}

impl Pending {
    pub fn is_empty(&self) -> bool {
        *self == Pending::default()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DbInstance {
    pub id: String,
    pub region: String,
    pub engine: String,
    pub engine_version: String,
    pub instance_class: String,
    pub allocated_storage: i64,
    pub storage_type: String,
    pub master_username: String,
    /// The password itself is never shown by RDS; kept so a learner's change is visible in the trail.
    pub manage_master_user_password: bool,
    pub db_name: Option<String>,
    pub multi_az: bool,
    pub publicly_accessible: bool,
    pub security_groups: Vec<String>,
    pub subnet_group: String,
    pub vpc_id: String,
    pub availability_zone: String,
    pub secondary_availability_zone: Option<String>,
    pub backup_retention_period: i64,
    pub deletion_protection: bool,
    pub storage_encrypted: bool,
    pub kms_key_id: Option<String>,
    pub status: DbInstanceStatus,
    pub address: String,
    pub port: u16,
    pub dbi_resource_id: String,
    pub created: SimTime,
    pub pending: Pending,
    pub tags: Tags,
    /// Bumped on every state change; a scheduled step carrying an older epoch does nothing.
    pub epoch: u32,
    /// Taken when the instance finishes deleting (DeleteDBInstance's FinalDBSnapshotIdentifier).
    pub final_snapshot: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DbSnapshot {
    pub id: String,
    pub region: String,
    pub instance_id: String,
    pub dbi_resource_id: String,
    pub engine: String,
    pub engine_version: String,
    pub allocated_storage: i64,
    pub port: u16,
    pub availability_zone: String,
    pub vpc_id: String,
    pub master_username: String,
    pub instance_created: SimTime,
    pub created: SimTime,
    /// `creating` or `available`.
    pub status: String,
    /// `manual` (CreateDBSnapshot and final snapshots) — automated backups are not listed.
    pub snapshot_type: String,
    pub encrypted: bool,
    pub kms_key_id: Option<String>,
    pub tags: Tags,
}

/// (engine, default version, accepted version prefixes, default port, username max, password max).
pub struct Engine {
    pub name: &'static str,
    pub default_version: &'static str,
    pub versions: &'static [&'static str],
    pub port: u16,
    pub username_max: usize,
    pub password_max: usize,
}

pub const ENGINES: &[Engine] = &[
    Engine {
        name: "mysql",
        default_version: "8.0.40",
        versions: &["8.0.", "8.4."],
        port: 3306,
        username_max: 16,
        password_max: 41,
    },
    Engine {
        name: "postgres",
        default_version: "16.6",
        versions: &["13.", "14.", "15.", "16.", "17."],
        port: 5432,
        username_max: 63,
        password_max: 128,
    },
    Engine {
        name: "mariadb",
        default_version: "10.11.10",
        versions: &["10.5.", "10.6.", "10.11.", "11.4."],
        port: 3306,
        username_max: 16,
        password_max: 41,
    },
];

pub fn engine(name: &str) -> Option<&'static Engine> {
    ENGINES.iter().find(|e| e.name == name)
}

/// The DB instance classes Nimbus Lab offers (all of them run every simulated engine).
pub const INSTANCE_CLASSES: &[&str] = &[
    "db.t3.micro",
    "db.t3.small",
    "db.t3.medium",
    "db.t3.large",
    "db.t4g.micro",
    "db.t4g.small",
    "db.t4g.medium",
    "db.m5.large",
    "db.m5.xlarge",
    "db.m6g.large",
    "db.m6i.large",
    "db.r5.large",
    "db.r6g.large",
];

/// gp2 storage limits for MySQL, PostgreSQL and MariaDB (GiB).
pub const MIN_STORAGE: i64 = 20;
pub const MAX_STORAGE: i64 = 65_536;

/// Engines AWS runs that Nimbus Lab does not simulate (refused by name).
pub const UNSIMULATED_ENGINES: &[&str] = &[
    "aurora-mysql",
    "aurora-postgresql",
    "oracle-ee",
    "oracle-se2",
    "sqlserver-ee",
    "sqlserver-se",
    "sqlserver-ex",
    "sqlserver-web",
    "db2-se",
    "db2-ae",
];

/// RDS identifiers: 1 to 63 letters, digits and hyphens, starting with a letter, not ending with
/// a hyphen and without two consecutive hyphens.
pub fn valid_identifier(id: &str) -> bool {
    (1..=63).contains(&id.len())
        && id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !id.ends_with('-')
        && !id.contains("--")
}

/// Characters a master password may not contain.
pub const PASSWORD_FORBIDDEN: &[char] = &['/', '@', '"', ' '];

/// Words the engines reserve for themselves as user names.
pub const RESERVED_USERNAMES: &[&str] = &["rdsadmin", "rdsrepladmin", "rds_superuser", "mysql.sys"];
