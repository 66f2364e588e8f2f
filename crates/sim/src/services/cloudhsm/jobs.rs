//! What time does to CloudHSM: clusters and HSMs finishing creation, initialization and deletion,
//! backups becoming READY, the daily backup and the expiry of old backups. Each job re-checks
//! the resource when it runs; a stale job does nothing and says why.

use super::model::*;
use super::ops::{self, pem, take_backup};
use crate::error::ApiError;
use crate::services;
use crate::time::SimDuration;
use crate::world::{CallContext, World};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Job {
    ClusterCreated {
        cluster_id: String,
    },
    HsmCreated {
        cluster_id: String,
        hsm_id: String,
    },
    HsmDeleted {
        cluster_id: String,
        hsm_id: String,
    },
    ClusterInitialized {
        cluster_id: String,
    },
    ClusterDeleted {
        cluster_id: String,
    },
    BackupReady {
        backup_id: String,
    },
    /// The backup CloudHSM takes at least once every 24 hours; it also deletes expired backups.
    DailyBackup {
        cluster_id: String,
    },
}

impl Job {
    pub fn describe(&self) -> (&'static str, &'static str) {
        let op = match self {
            Job::ClusterCreated { .. } => "ClusterCreated",
            Job::HsmCreated { .. } => "HsmCreated",
            Job::HsmDeleted { .. } => "HsmDeleted",
            Job::ClusterInitialized { .. } => "ClusterInitialized",
            Job::ClusterDeleted { .. } => "ClusterDeleted",
            Job::BackupReady { .. } => "BackupReady",
            Job::DailyBackup { .. } => "DailyBackup",
        };
        ("cloudhsm", op)
    }
}

pub(crate) fn schedule(world: &mut World, after: SimDuration, job: Job) {
    world.schedule(after, services::Job::CloudHsm(job));
}

fn simulated_cert(world: &mut World, subject: &str, issuer: &str) -> String {
    let serial = crate::ids::hex(world.rng(), 16);
    pem(
        "CERTIFICATE",
        &format!("Nimbus Lab simulated X.509 certificate\nsubject={subject}\nissuer={issuer}\nserial={serial}\n"),
    )
}

/// The users a newly initialized cluster has: the precrypto officer `admin` (default password
/// `password`, to be changed by `cluster activate`) and the appliance user AWS uses for sync.
fn initial_contents() -> HsmContents {
    HsmContents {
        users: vec![
            super::client::new_user("admin", HsmRole::UnactivatedAdmin, DEFAULT_ADMIN_PASSWORD),
            HsmUser {
                username: "app_user".into(),
                role: HsmRole::Appliance,
                password_sha256: String::new(),
                locked: false,
            },
        ],
        keys: Vec::new(),
        next_handle: 1,
    }
}

pub(crate) fn run(world: &mut World, cx: &mut CallContext, job: Job) -> Result<(), ApiError> {
    match job {
        Job::ClusterCreated { cluster_id } => {
            let Some(c) = world.cloudhsm.clusters.get_mut(&cluster_id) else {
                cx.why(format!("cluster {cluster_id} no longer exists"));
                return Ok(());
            };
            cx.region = c.region.clone();
            cx.touch(ops::cluster_arn(&c.region, &cluster_id));
            if c.state != ClusterState::CreateInProgress {
                cx.why(format!("cluster {cluster_id} is {} already", c.state));
                return Ok(());
            }
            match &c.restore_from {
                None => {
                    c.state = ClusterState::Uninitialized;
                    cx.why(format!(
                        "cluster {cluster_id} is UNINITIALIZED: create an HSM, then sign its CSR and InitializeCluster"
                    ));
                }
                Some(contents) => {
                    c.state = if contents.activated() { ClusterState::Active } else { ClusterState::Initialized };
                    cx.why(format!(
                        "cluster {cluster_id} was created from backup {}: it is {} and its first HSM will be restored from the backup",
                        c.source_backup_id.clone().unwrap_or_default(),
                        c.state
                    ));
                    schedule(world, SimDuration::hours(BACKUP_INTERVAL_HOURS), Job::DailyBackup { cluster_id });
                }
            }
            Ok(())
        }
        Job::HsmCreated { cluster_id, hsm_id } => hsm_created(world, cx, &cluster_id, &hsm_id),
        Job::HsmDeleted { cluster_id, hsm_id } => {
            if let Some(c) = world.cloudhsm.clusters.get_mut(&cluster_id) {
                cx.region = c.region.clone();
                cx.touch(ops::cluster_arn(&c.region, &cluster_id));
                c.hsms.retain(|h| h.hsm_id != hsm_id);
                let left = c.hsms.len();
                cx.why(format!("HSM {hsm_id} is deleted; cluster {cluster_id} has {left} HSM(s) left"));
            }
            Ok(())
        }
        Job::ClusterInitialized { cluster_id } => {
            let Some(c) = world.cloudhsm.clusters.get_mut(&cluster_id) else { return Ok(()) };
            cx.region = c.region.clone();
            cx.touch(ops::cluster_arn(&c.region, &cluster_id));
            if c.state != ClusterState::InitializeInProgress {
                cx.why(format!("cluster {cluster_id} is {}", c.state));
                return Ok(());
            }
            c.state = ClusterState::Initialized;
            c.certificates.cluster_csr = None;
            c.sync(initial_contents());
            take_backup(world, &cluster_id, "the cluster was initialized");
            schedule(
                world,
                SimDuration::hours(BACKUP_INTERVAL_HOURS),
                Job::DailyBackup { cluster_id: cluster_id.clone() },
            );
            cx.why(format!(
                "cluster {cluster_id} is INITIALIZED: activate it with `cloudhsm-cli cluster activate` (the admin's \
                 default password is '{DEFAULT_ADMIN_PASSWORD}'); a backup was taken"
            ));
            Ok(())
        }
        Job::ClusterDeleted { cluster_id } => {
            if let Some(c) = world.cloudhsm.clusters.get_mut(&cluster_id) {
                cx.region = c.region.clone();
                cx.touch(ops::cluster_arn(&c.region, &cluster_id));
                c.state = ClusterState::Deleted;
                cx.why(format!("cluster {cluster_id} is DELETED"));
            }
            Ok(())
        }
        Job::BackupReady { backup_id } => {
            if let Some(b) = world.cloudhsm.backups.get_mut(&backup_id) {
                cx.region = b.region.clone();
                cx.touch(b.arn());
                if b.state == BackupState::CreateInProgress {
                    b.state = BackupState::Ready;
                }
                cx.why(format!("backup {backup_id} of {} ({}) is READY", b.cluster_id, b.trigger));
            }
            Ok(())
        }
        Job::DailyBackup { cluster_id } => {
            let Some(c) = world.cloudhsm.clusters.get(&cluster_id) else { return Ok(()) };
            cx.region = c.region.clone();
            cx.touch(ops::cluster_arn(&c.region, &cluster_id));
            if c.state == ClusterState::Deleted {
                cx.why(format!("cluster {cluster_id} is deleted, so daily backups stop"));
                return Ok(());
            }
            let retention = SimDuration::days(c.backup_retention_days);
            let taken = take_backup(world, &cluster_id, "daily backup");
            let now = world.now();
            let expired: Vec<String> = world
                .cloudhsm
                .backups
                .values()
                .filter(|b| b.cluster_id == cluster_id && !b.never_expires && b.create_timestamp + retention <= now)
                .map(|b| b.backup_id.clone())
                .collect();
            for id in &expired {
                world.cloudhsm.backups.remove(id);
            }
            schedule(
                world,
                SimDuration::hours(BACKUP_INTERVAL_HOURS),
                Job::DailyBackup { cluster_id: cluster_id.clone() },
            );
            cx.why(match taken {
                Some(id) => format!(
                    "the daily backup {id} of {cluster_id} was taken; {} expired backup(s) deleted",
                    expired.len()
                ),
                None => format!("cluster {cluster_id} has no active HSM, so there was nothing to back up today"),
            });
            Ok(())
        }
    }
}

fn hsm_created(world: &mut World, cx: &mut CallContext, cluster_id: &str, hsm_id: &str) -> Result<(), ApiError> {
    let Some(c) = world.cloudhsm.clusters.get(cluster_id) else { return Ok(()) };
    cx.region = c.region.clone();
    cx.touch(format!("{}/{hsm_id}", ops::cluster_arn(&c.region, cluster_id)));
    if !c.hsms.iter().any(|h| h.hsm_id == hsm_id && h.state == HsmState::CreateInProgress) {
        cx.why(format!("HSM {hsm_id} is no longer being created"));
        return Ok(());
    }
    // What the new HSM starts with: its peers' contents (synchronisation), else the latest
    // backup's (a cluster whose HSMs were all deleted gets its keys back), else the backup the
    // cluster was created from.
    let (source, contents) = if let Some(peer) = c.contents() {
        ("synchronised from the other HSMs".to_string(), Some(peer.clone()))
    } else if let Some(b) = ops::latest_backup(world, cluster_id).filter(|_| c.initialized()) {
        (format!("restored from backup {}", b.backup_id), Some(b.contents.clone()))
    } else if let Some(r) = c.restore_from.clone() {
        (format!("restored from backup {}", c.source_backup_id.clone().unwrap_or_default()), Some(r))
    } else {
        (String::new(), None)
    };
    let uninitialized = c.state == ClusterState::Uninitialized;
    let initialized = c.initialized();
    let hsm_cert = simulated_cert(world, hsm_id, hsm_id);
    let aws_cert = simulated_cert(world, hsm_id, "AWS CloudHSM");
    let maker_cert = simulated_cert(world, hsm_id, "HSM manufacturer");
    let nonce = crate::ids::hex(world.rng(), 32);
    let c = ops::cluster_mut(world, cluster_id);
    let csr_needed = uninitialized && c.certificates.cluster_csr.is_none();
    if csr_needed {
        c.certificates.cluster_csr = Some(pem(
            "CERTIFICATE REQUEST",
            &format!("Nimbus Lab simulated CSR\nsubject={cluster_id}\nhsm={hsm_id}\nnonce={nonce}\n"),
        ));
        c.certificates.hsm_certificate = Some(hsm_cert);
        c.certificates.aws_hardware_certificate = Some(aws_cert);
        c.certificates.manufacturer_hardware_certificate = Some(maker_cert);
    }
    if let Some(h) = c.hsms.iter_mut().find(|h| h.hsm_id == hsm_id) {
        h.state = HsmState::Active;
        h.contents =
            if initialized { Some(contents.clone().unwrap_or_default()) } else { Some(HsmContents::default()) };
    }
    if initialized {
        take_backup(world, cluster_id, "an HSM was added");
        cx.why(format!(
            "HSM {hsm_id} is ACTIVE{}; a backup of the cluster was taken",
            if source.is_empty() { String::new() } else { format!(", {source}") }
        ));
    } else if csr_needed {
        cx.why(format!(
            "HSM {hsm_id} is ACTIVE and cluster {cluster_id} now has a CSR: sign it with your CA and call InitializeCluster"
        ));
    } else {
        cx.why(format!("HSM {hsm_id} is ACTIVE"));
    }
    Ok(())
}
