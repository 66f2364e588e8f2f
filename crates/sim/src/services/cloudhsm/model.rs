//! CloudHSM resources: clusters with their HSMs, backups, and what lives inside the HSMs (users
//! and key handles), which the AWS API never shows but the cluster's client tools do.
//!
//! Inside the HSMs: every ACTIVE HSM of a cluster holds the same [`HsmContents`] (CloudHSM keeps
//! them synchronised); a new HSM is restored from the cluster's latest backup, then synchronised
//! from its peers. Key material is real (32 random bytes from the seeded generator) so keys of a
//! KMS custom key store really encrypt.

use crate::bytes::Bytes;
use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Clusters per Region (the default quota).
pub const MAX_CLUSTERS_PER_REGION: usize = 4;
/// HSMs per account per Region (the default quota).
pub const MAX_HSMS_PER_REGION: usize = 6;
/// HSMs per cluster.
pub const MAX_HSMS_PER_CLUSTER: usize = 28;
/// Users per cluster.
pub const MAX_USERS: usize = 1024;
/// Keys per cluster on hsm1.medium (Nimbus Lab uses it for both types).
pub const MAX_KEYS: usize = 3300;
/// Simulated durations.
pub const CLUSTER_CREATE_MINUTES: i64 = 2;
pub const HSM_CREATE_MINUTES: i64 = 10;
pub const HSM_DELETE_MINUTES: i64 = 3;
pub const INITIALIZE_MINUTES: i64 = 5;
pub const CLUSTER_DELETE_MINUTES: i64 = 3;
pub const BACKUP_MINUTES: i64 = 5;
pub const BACKUP_INTERVAL_HOURS: i64 = 24;
/// The password of the first admin (PRECO) of a new cluster.
pub const DEFAULT_ADMIN_PASSWORD: &str = "password";

aws_enum!(ClusterState {
    CreateInProgress = "CREATE_IN_PROGRESS", Uninitialized = "UNINITIALIZED",
    InitializeInProgress = "INITIALIZE_IN_PROGRESS", Initialized = "INITIALIZED", Active = "ACTIVE",
    UpdateInProgress = "UPDATE_IN_PROGRESS", ModifyInProgress = "MODIFY_IN_PROGRESS",
    RollbackInProgress = "ROLLBACK_IN_PROGRESS", DeleteInProgress = "DELETE_IN_PROGRESS", Deleted = "DELETED",
    Degraded = "DEGRADED",
});

aws_enum!(HsmState {
    CreateInProgress = "CREATE_IN_PROGRESS", Active = "ACTIVE", Degraded = "DEGRADED",
    DeleteInProgress = "DELETE_IN_PROGRESS", Deleted = "DELETED",
});

aws_enum!(BackupState { CreateInProgress = "CREATE_IN_PROGRESS", Ready = "READY", Deleted = "DELETED", PendingDeletion = "PENDING_DELETION" });

aws_enum!(ClusterMode { Fips = "FIPS", NonFips = "NON_FIPS" });

aws_enum!(NetworkType { Ipv4 = "IPV4", Dualstack = "DUALSTACK" });

aws_enum!(
    /// The HSM types CreateCluster accepts.
    HsmType { Hsm1Medium = "hsm1.medium", Hsm2mMedium = "hsm2m.medium" }
);

impl HsmType {
    /// The FIPS validation of the hardware.
    pub fn fips_validation(self) -> &'static str {
        match self {
            HsmType::Hsm1Medium => "FIPS 140-2 Level 3",
            HsmType::Hsm2mMedium => "FIPS 140-3 Level 3",
        }
    }
    /// The modes a cluster of this type may have: hsm1.medium is FIPS only.
    pub fn allows(self, mode: ClusterMode) -> bool {
        mode == ClusterMode::Fips || self == HsmType::Hsm2mMedium
    }
}

aws_enum!(
    /// Roles of users inside the HSMs, as CloudHSM CLI names them (`unactivated-admin` is the
    /// precrypto officer, PRECO; `admin` the crypto officer, CO; `crypto-user` the CU; `appliance`
    /// the AU that AWS uses to clone and synchronise HSMs).
    HsmRole { UnactivatedAdmin = "unactivated-admin", Admin = "admin", CryptoUser = "crypto-user", Appliance = "appliance" }
);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HsmUser {
    pub username: String,
    pub role: HsmRole,
    /// SHA-256 of the password, hex (the HSM never stores a password).
    pub password_sha256: String,
    pub locked: bool,
}

/// A key inside the HSMs, known to its users by its handle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeyHandle {
    /// The handle (an HSM object number; the same on every HSM of the cluster).
    pub handle: u64,
    pub label: String,
    /// `aes` (Nimbus Lab generates AES-256 keys).
    pub key_type: String,
    pub key_length_bytes: usize,
    /// The crypto user that owns the key.
    pub owner: String,
    /// Crypto users the key is shared with.
    pub shared_with: Vec<String>,
    pub material: Bytes,
    pub created: SimTime,
}

/// What an HSM holds: its users and keys. Every ACTIVE HSM of a cluster holds the same.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HsmContents {
    pub users: Vec<HsmUser>,
    pub keys: Vec<KeyHandle>,
    pub next_handle: u64,
}

impl HsmContents {
    pub fn user(&self, name: &str) -> Option<&HsmUser> {
        self.users.iter().find(|u| u.username == name)
    }
    pub fn key(&self, handle: u64) -> Option<&KeyHandle> {
        self.keys.iter().find(|k| k.handle == handle)
    }
    /// Whether the precrypto officer has become an admin (the cluster is activated).
    pub fn activated(&self) -> bool {
        self.users.iter().any(|u| u.role == HsmRole::Admin)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hsm {
    pub hsm_id: String,
    pub availability_zone: String,
    pub subnet_id: String,
    pub eni_id: String,
    pub eni_ip: String,
    pub hsm_type: HsmType,
    pub state: HsmState,
    pub state_message: String,
    pub created: SimTime,
    /// What this HSM holds; `None` until it is ACTIVE.
    pub contents: Option<HsmContents>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ClusterCertificates {
    pub cluster_csr: Option<String>,
    pub hsm_certificate: Option<String>,
    pub aws_hardware_certificate: Option<String>,
    pub manufacturer_hardware_certificate: Option<String>,
    pub cluster_certificate: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    pub cluster_id: String,
    pub region: String,
    pub hsm_type: HsmType,
    pub mode: ClusterMode,
    pub network_type: NetworkType,
    pub state: ClusterState,
    pub state_message: String,
    pub create_timestamp: SimTime,
    pub vpc_id: String,
    /// `sg-…`, named `cloudhsm-cluster-<id>-sg` in EC2.
    pub security_group: String,
    /// Availability Zone → subnet id.
    pub subnet_mapping: BTreeMap<String, String>,
    pub hsms: Vec<Hsm>,
    pub certificates: ClusterCertificates,
    /// The CA certificate InitializeCluster was given.
    pub trust_anchor: Option<String>,
    pub backup_retention_days: i64,
    pub source_backup_id: Option<String>,
    pub tags: Vec<Tag>,
    /// Contents kept for a cluster whose HSMs are all gone (restored into the next HSM from the
    /// latest backup, not from here): set from a backup when a cluster is created from one.
    pub restore_from: Option<HsmContents>,
    /// How many addresses its subnets have handed out (for ENI IPs).
    pub addresses_used: usize,
}

impl Cluster {
    pub fn active_hsms(&self) -> impl Iterator<Item = &Hsm> {
        self.hsms.iter().filter(|h| h.state == HsmState::Active)
    }

    /// The contents of the cluster as its active HSMs hold them (they are kept the same).
    pub fn contents(&self) -> Option<&HsmContents> {
        self.active_hsms().find_map(|h| h.contents.as_ref())
    }

    /// Applies a change to every active HSM: the synchronisation CloudHSM does for you.
    pub fn sync(&mut self, contents: HsmContents) {
        for h in self.hsms.iter_mut().filter(|h| h.state == HsmState::Active) {
            h.contents = Some(contents.clone());
        }
    }

    pub fn initialized(&self) -> bool {
        matches!(self.state, ClusterState::Initialized | ClusterState::Active | ClusterState::Degraded)
    }

    /// Distinct Availability Zones with an ACTIVE HSM.
    pub fn active_azs(&self) -> Vec<String> {
        let mut azs: Vec<String> = Vec::new();
        for h in self.active_hsms() {
            if !azs.contains(&h.availability_zone) {
                azs.push(h.availability_zone.clone());
            }
        }
        azs
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Backup {
    pub backup_id: String,
    pub region: String,
    pub cluster_id: String,
    pub state: BackupState,
    pub create_timestamp: SimTime,
    pub hsm_type: HsmType,
    pub mode: ClusterMode,
    pub never_expires: bool,
    pub tags: Vec<Tag>,
    /// Why it was taken (daily, HSM added, HSM removed, cluster initialized).
    pub trigger: String,
    /// The users and keys at the time (encrypted in a real backup; readable here for the diagram).
    pub contents: HsmContents,
}

impl Backup {
    pub fn arn(&self) -> String {
        format!("arn:aws:cloudhsm:{}:{}:backup/{}", self.region, crate::world::ACCOUNT_ID, self.backup_id)
    }
}

/// A logged-in session of the cluster's client (`cloudhsm-cli`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub cluster_id: String,
    pub username: String,
    pub role: HsmRole,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CloudHsmState {
    pub clusters: BTreeMap<String, Cluster>,
    pub backups: BTreeMap<String, Backup>,
    pub session: Option<Session>,
}
