//! DescribeBackups, and the backups CloudHSM takes by itself: every 24 hours, when a cluster is
//! initialized, and when an HSM is added to or removed from an initialized cluster.

use super::*;
use crate::services::cloudhsm::jobs::{self, Job};
use crate::time::SimDuration;
use std::collections::BTreeMap;

/// Takes a backup of `cluster_id`'s HSM contents now (CREATE_IN_PROGRESS, READY a few minutes
/// later). Returns its id, or None when no HSM holds anything to back up.
pub(crate) fn take_backup(world: &mut World, cluster_id: &str, trigger: &str) -> Option<String> {
    let c = world.cloudhsm.clusters.get(cluster_id)?;
    let contents = c.contents()?.clone();
    let (region, hsm_type, mode) = (c.region.clone(), c.hsm_type, c.mode);
    let backup_id = new_id(world, "backup-");
    let backup = Backup {
        backup_id: backup_id.clone(),
        region,
        cluster_id: cluster_id.to_string(),
        state: BackupState::CreateInProgress,
        create_timestamp: world.now(),
        hsm_type,
        mode,
        never_expires: false,
        tags: Vec::new(),
        trigger: trigger.to_string(),
        contents,
    };
    world.cloudhsm.backups.insert(backup_id.clone(), backup);
    jobs::schedule(world, SimDuration::minutes(BACKUP_MINUTES), Job::BackupReady { backup_id: backup_id.clone() });
    Some(backup_id)
}

/// The most recent backup of a cluster that can be restored from (not deleted).
pub(crate) fn latest_backup<'w>(world: &'w World, cluster_id: &str) -> Option<&'w Backup> {
    world
        .cloudhsm
        .backups
        .values()
        .filter(|b| b.cluster_id == cluster_id && matches!(b.state, BackupState::Ready | BackupState::CreateInProgress))
        .max_by_key(|b| (b.create_timestamp, b.backup_id.clone()))
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeBackupsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
    /// `backupIds`, `sourceBackupIds`, `clusterIds`, `states`, `neverExpires`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filters: Option<BTreeMap<String, Vec<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_ascending: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BackupOut {
    pub backup_id: String,
    pub backup_arn: String,
    pub backup_state: BackupState,
    pub cluster_id: String,
    pub create_timestamp: SimTime,
    pub never_expires: bool,
    pub hsm_type: HsmType,
    pub mode: ClusterMode,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tag_list: Vec<TagOut>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeBackupsResponse {
    pub backups: Vec<BackupOut>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

pub fn backup_out(b: &Backup) -> BackupOut {
    BackupOut {
        backup_id: b.backup_id.clone(),
        backup_arn: b.arn(),
        backup_state: b.state,
        cluster_id: b.cluster_id.clone(),
        create_timestamp: b.create_timestamp,
        never_expires: b.never_expires,
        hsm_type: b.hsm_type,
        mode: b.mode,
        tag_list: tags_out(&b.tags),
    }
}

pub fn describe_backups(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeBackupsRequest,
) -> Result<DescribeBackupsResponse, ApiError> {
    let filters = input.filters.unwrap_or_default();
    super::clusters::check_filters(
        cx,
        &filters,
        &["backupIds", "sourceBackupIds", "clusterIds", "states", "neverExpires"],
    )?;
    let pass = |name: &str, value: &str| filters.get(name).is_none_or(|vs| vs.iter().any(|v| v == value));
    let region = cx.region.clone();
    let mut all: Vec<&Backup> = world
        .cloudhsm
        .backups
        .values()
        .filter(|b| b.region == region)
        .filter(|b| {
            pass("backupIds", &b.backup_id)
                && pass("clusterIds", &b.cluster_id)
                && pass("states", b.state.as_str())
                && pass("neverExpires", if b.never_expires { "true" } else { "false" })
                && !filters.contains_key("sourceBackupIds")
        })
        .collect();
    crate::sort::sort_by_key(&mut all, |b| (b.create_timestamp, b.backup_id.clone()));
    if input.sort_ascending != Some(true) {
        all.reverse();
    }
    let all: Vec<BackupOut> = all.into_iter().map(backup_out).collect();
    let (backups, next_token) = page(cx, &all, input.max_results, 50, input.next_token.as_deref())?;
    cx.why(format!("{} backup(s) in {region} match", all.len()));
    Ok(DescribeBackupsResponse { backups, next_token })
}
