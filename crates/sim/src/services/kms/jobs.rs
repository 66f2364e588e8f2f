//! What happens to keys when simulated time passes: the end of a deletion waiting period,
//! automatic rotation, the expiry of imported key material and of import parameters. Each job
//! re-checks the key when it runs, so a job made stale by a later call (CancelKeyDeletion,
//! DisableKeyRotation, a reimport) does nothing and says why. The operation names are the ones
//! CloudTrail logs for these events.

use super::model::*;
use super::ops::rotate_now;
use crate::error::ApiError;
use crate::services;
use crate::time::SimDuration;
use crate::world::{CallContext, World};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Job {
    /// The waiting period of ScheduleKeyDeletion ends.
    DeleteKey { key_id: String },
    /// An automatic rotation falls due.
    RotateKey { key_id: String },
    /// Imported key material reaches its ValidTo.
    DeleteExpiredKeyMaterial { key_id: String },
    /// A public key and import token from GetParametersForImport reach their 24-hour limit.
    ImportParametersExpired { key_id: String },
    /// The end of ConnectCustomKeyStore's CONNECTING (the field names the store, not a key).
    #[cfg(feature = "cloudhsm")]
    CustomKeyStoreConnecting { custom_key_store_id: String },
    /// The end of DisconnectCustomKeyStore's DISCONNECTING.
    #[cfg(feature = "cloudhsm")]
    CustomKeyStoreDisconnecting { custom_key_store_id: String },
}

impl Job {
    pub fn describe(&self) -> (&'static str, &'static str) {
        match self {
            Job::DeleteKey { .. } => ("kms", "DeleteKey"),
            Job::RotateKey { .. } => ("kms", "RotateKey"),
            Job::DeleteExpiredKeyMaterial { .. } => ("kms", "DeleteExpiredKeyMaterial"),
            Job::ImportParametersExpired { .. } => ("kms", "ImportParametersExpired"),
            #[cfg(feature = "cloudhsm")]
            Job::CustomKeyStoreConnecting { .. } => ("kms", "ConnectCustomKeyStore"),
            #[cfg(feature = "cloudhsm")]
            Job::CustomKeyStoreDisconnecting { .. } => ("kms", "DisconnectCustomKeyStore"),
        }
    }

    pub fn key_id(&self) -> &str {
        match self {
            Job::DeleteKey { key_id }
            | Job::RotateKey { key_id }
            | Job::DeleteExpiredKeyMaterial { key_id }
            | Job::ImportParametersExpired { key_id } => key_id,
            #[cfg(feature = "cloudhsm")]
            Job::CustomKeyStoreConnecting { custom_key_store_id }
            | Job::CustomKeyStoreDisconnecting { custom_key_store_id } => custom_key_store_id,
        }
    }
}

pub(crate) fn schedule(world: &mut World, after: SimDuration, job: Job) {
    world.schedule(after, services::Job::Kms(job));
}

/// Removes pending jobs of one kind for one key (e.g. the deletion of a key whose deletion was
/// cancelled).
pub(crate) fn cancel(world: &mut World, key_id: &str, kind: fn(&Job) -> bool) {
    world.scheduler.cancel_where(|j| matches!(j, services::Job::Kms(k) if k.key_id() == key_id && kind(k)));
}

pub(crate) fn run(world: &mut World, cx: &mut CallContext, job: Job) -> Result<(), ApiError> {
    #[cfg(feature = "cloudhsm")]
    match &job {
        Job::CustomKeyStoreConnecting { custom_key_store_id } => {
            super::ops::custom_key_stores::finish_connecting(world, cx, custom_key_store_id);
            return Ok(());
        }
        Job::CustomKeyStoreDisconnecting { custom_key_store_id } => {
            super::ops::custom_key_stores::finish_disconnecting(world, cx, custom_key_store_id);
            return Ok(());
        }
        _ => {}
    }
    let now = world.now();
    let Some(key) = world.kms.keys.get(job.key_id()) else {
        cx.why(format!("key {} no longer exists, so there is nothing to do", job.key_id()));
        return Ok(());
    };
    cx.region = key.region.clone();
    cx.touch(key.arn.clone());
    let key_id = key.key_id.clone();
    match job {
        Job::DeleteKey { .. } => {
            if key.state != KeyState::PendingDeletion || key.deletion_date.is_none_or(|d| d > now) {
                cx.why("the key is no longer pending deletion (the deletion was cancelled), so it stays");
                return Ok(());
            }
            let versions = key.materials.len();
            let removed = world.kms.keys.remove(&key_id).expect("checked above");
            let aliases: Vec<String> =
                world.kms.aliases.values().filter(|a| a.target_key_id == key_id).map(|a| a.name.clone()).collect();
            world.kms.aliases.retain(|_, a| a.target_key_id != key_id);
            cancel(world, &key_id, |_| true);
            #[cfg(feature = "cloudhsm")]
            if let Some(link) = &removed.custom_key_store {
                super::ops::custom_key_stores::delete_material(world, link);
            }
            cx.why(format!(
                "the waiting period ended: key {} is deleted with its {versions} material version(s){}; data \
                 encrypted under it can never be decrypted again",
                removed.arn,
                if aliases.is_empty() { String::new() } else { format!(" and its aliases {}", aliases.join(", ")) }
            ));
        }
        Job::RotateKey { .. } => {
            let Some(plan) = key.rotation.clone() else {
                cx.why("automatic rotation was disabled before this date came, so no rotation");
                return Ok(());
            };
            if plan.next_rotation > now {
                cx.why("the rotation date moved (rotation was re-enabled), so this older due date does nothing");
                return Ok(());
            }
            if key.state != KeyState::Enabled {
                cx.why(format!(
                    "rotation was due but the key is {}: KMS does not rotate a key in that state; it rotates it when \
                     the key is enabled again",
                    key.state
                ));
                return Ok(());
            }
            let material = rotate_now(world, &key_id, RotationType::Automatic);
            let key = world.kms.keys.get_mut(&key_id).expect("rotated above");
            let next = now + SimDuration::days(plan.period_days);
            key.rotation = Some(RotationSchedule { period_days: plan.period_days, next_rotation: next });
            let version = key.materials.len();
            schedule_rotation(world, &key_id, next - now);
            cx.why(format!(
                "automatic rotation every {} days: new key material version {version} ({material}) encrypts from now \
                 on; older versions still decrypt; next rotation {next}",
                plan.period_days
            ));
        }
        Job::DeleteExpiredKeyMaterial { .. } => {
            let expired = key.expiration_model() == Some(ExpirationModel::KeyMaterialExpires)
                && key.valid_to().is_some_and(|t| t <= now)
                && key.materials.iter().any(|m| m.secret.is_some());
            if !expired {
                cx.why("the imported material was reimported with a later ValidTo or deleted already, so nothing expires now");
                return Ok(());
            }
            let key = world.kms.keys.get_mut(&key_id).expect("checked above");
            for m in &mut key.materials {
                m.secret = None;
            }
            let stays = key.state == KeyState::PendingDeletion;
            if !stays {
                key.state = KeyState::PendingImport;
            }
            cx.why(format!(
                "the imported key material reached its ValidTo and KMS deleted it; the key is {} until the same \
                 material is imported again",
                key.state
            ));
        }
        Job::ImportParametersExpired { .. } => {
            let expired = key.import_parameters.iter().filter(|p| p.valid_to <= now).count();
            cx.why(format!(
                "import parameters are valid for {IMPORT_PARAMETERS_HOURS} hours: {expired} set(s) of this key's \
                 public key and import token have expired; ImportKeyMaterial with them now gives \
                 ExpiredImportTokenException"
            ));
        }
        #[cfg(feature = "cloudhsm")]
        Job::CustomKeyStoreConnecting { .. } | Job::CustomKeyStoreDisconnecting { .. } => {}
    }
    Ok(())
}

pub(crate) fn schedule_rotation(world: &mut World, key_id: &str, after: SimDuration) {
    cancel(world, key_id, |j| matches!(j, Job::RotateKey { .. }));
    schedule(world, after, Job::RotateKey { key_id: key_id.to_string() });
}
