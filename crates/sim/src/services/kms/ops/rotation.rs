//! Key rotation: EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand,
//! ListKeyRotations. A rotation adds a material version; the key id, ARN, aliases, policy and
//! grants stay, old versions keep decrypting what they encrypted, new encryptions use the newest.

use super::*;
use crate::services::kms::jobs::{self, Job};
use crate::time::SimDuration;

/// Adds a new material version to a symmetric key now; returns the new material id.
pub(crate) fn rotate_now(world: &mut World, key_id: &str, kind: RotationType) -> String {
    let spec = key(world, key_id).key_spec;
    let secret = new_secret(world, spec);
    let now = world.now();
    let material = new_material(key_id, secret, now, Some(kind));
    let id = material.id.clone();
    key_mut(world, key_id).materials.push(material);
    id
}

/// Only symmetric customer managed keys with KMS-made material rotate; the rest answer
/// UnsupportedOperationException, as AWS does.
fn require_rotatable(cx: &mut CallContext, k: &Key, operation: &str) -> Result<(), ApiError> {
    if k.supports_automatic_rotation() {
        return Ok(());
    }
    let what = if k.origin == Origin::External {
        "keys with imported key material (rotate them manually: new key, then UpdateAlias)".to_string()
    } else {
        format!("{} keys (only symmetric encryption keys rotate)", k.key_spec)
    };
    Err(unsupported(
        cx,
        format!("{} is not supported for {operation}.", k.arn),
        format!("{operation} does not apply to {what}"),
    ))
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EnableKeyRotationRequest {
    pub key_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation_period_in_days: Option<i64>,
}

pub fn enable_key_rotation(
    world: &mut World,
    cx: &mut CallContext,
    input: EnableKeyRotationRequest,
) -> Result<EmptyResponse, ApiError> {
    let days = input.rotation_period_in_days.unwrap_or(365);
    if !(90..=2560).contains(&days) {
        return Err(constraint(cx, days, "rotationPeriodInDays", "have value between 90 and 2560"));
    }
    let id = key_for(
        world,
        cx,
        &input.key_id,
        KeyRef::IdOrArn,
        "EnableKeyRotation",
        OpClass::Rotation,
        AuthContext::default(),
    )?;
    require_rotatable(cx, key(world, &id), "EnableKeyRotation")?;
    let next = world.now() + SimDuration::days(days);
    key_mut(world, &id).rotation = Some(RotationSchedule { period_days: days, next_rotation: next });
    jobs::schedule_rotation(world, &id, SimDuration::days(days));
    cx.why(format!(
        "automatic rotation every {days} days: the first new material comes on {next}; the key id and ARN never change"
    ));
    Ok(EmptyResponse {})
}

pub type DisableKeyRotationRequest = KeyIdRequest;

pub fn disable_key_rotation(
    world: &mut World,
    cx: &mut CallContext,
    input: DisableKeyRotationRequest,
) -> Result<EmptyResponse, ApiError> {
    let id = key_for(
        world,
        cx,
        &input.key_id,
        KeyRef::IdOrArn,
        "DisableKeyRotation",
        OpClass::Rotation,
        AuthContext::default(),
    )?;
    require_rotatable(cx, key(world, &id), "DisableKeyRotation")?;
    key_mut(world, &id).rotation = None;
    jobs::cancel(world, &id, |j| matches!(j, Job::RotateKey { .. }));
    cx.why("automatic rotation is off; every material version made so far stays, so old ciphertext still decrypts");
    Ok(EmptyResponse {})
}

pub type GetKeyRotationStatusRequest = KeyIdRequest;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetKeyRotationStatusResponse {
    pub key_rotation_enabled: bool,
    pub key_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation_period_in_days: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_rotation_date: Option<SimTime>,
}

/// Works in every key state; reads false while the key is pending deletion (cancelling restores
/// the setting). Nimbus Lab's rule for keys that cannot rotate automatically (asymmetric, HMAC,
/// imported): false rather than an error.
pub fn get_key_rotation_status(
    world: &mut World,
    cx: &mut CallContext,
    input: GetKeyRotationStatusRequest,
) -> Result<GetKeyRotationStatusResponse, ApiError> {
    let id = key_for(
        world,
        cx,
        &input.key_id,
        KeyRef::IdOrArn,
        "GetKeyRotationStatus",
        OpClass::Any,
        AuthContext::default(),
    )?;
    let k = key(world, &id);
    let active = k.rotation.as_ref().filter(|_| k.state != KeyState::PendingDeletion);
    cx.why(match (&k.rotation, active) {
        (Some(_), None) => "rotation is configured but reads false while the key is pending deletion".to_string(),
        (_, Some(r)) => format!("rotation every {} days; next on {}", r.period_days, r.next_rotation),
        (None, _) => "automatic rotation is not enabled for this key".to_string(),
    });
    Ok(GetKeyRotationStatusResponse {
        key_rotation_enabled: active.is_some(),
        key_id: k.arn.clone(),
        rotation_period_in_days: active.map(|r| r.period_days),
        next_rotation_date: active.map(|r| r.next_rotation),
    })
}

pub type RotateKeyOnDemandRequest = KeyIdRequest;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RotateKeyOnDemandResponse {
    pub key_id: String,
}

/// Rotates at once (AWS starts the rotation asynchronously; in Nimbus Lab it completes within the
/// call). Doesn't move the automatic schedule.
pub fn rotate_key_on_demand(
    world: &mut World,
    cx: &mut CallContext,
    input: RotateKeyOnDemandRequest,
) -> Result<RotateKeyOnDemandResponse, ApiError> {
    let id = key_for(
        world,
        cx,
        &input.key_id,
        KeyRef::IdOrArn,
        "RotateKeyOnDemand",
        OpClass::Rotation,
        AuthContext::default(),
    )?;
    let k = key(world, &id);
    require_rotatable(cx, k, "RotateKeyOnDemand")?;
    let now = world.now();
    if let Some(r) = k.rotation.as_ref().filter(|r| r.next_rotation - now <= SimDuration::minutes(20)) {
        cx.why(format!("an automatic rotation is due at {} (within 20 minutes); try after it", r.next_rotation));
        return Err(ApiError::bad_request(
            "ConflictException",
            "The request was rejected because an automatic rotation of this key is currently in progress or scheduled \
             to begin within the next 20 minutes.",
        ));
    }
    if k.on_demand_rotations >= MAX_ON_DEMAND_ROTATIONS {
        cx.why(format!("a key can be rotated on demand at most {MAX_ON_DEMAND_ROTATIONS} times (not adjustable)"));
        return Err(ApiError::bad_request(
            "LimitExceededException",
            format!("The request was rejected because the key has reached the maximum of {MAX_ON_DEMAND_ROTATIONS} on-demand rotations."),
        ));
    }
    let arn = k.arn.clone();
    let material = rotate_now(world, &id, RotationType::OnDemand);
    let k = key_mut(world, &id);
    k.on_demand_rotations += 1;
    cx.why(format!(
        "on-demand rotation {} of {MAX_ON_DEMAND_ROTATIONS}: new material {material} encrypts from now on; the \
         automatic schedule is unchanged",
        k.on_demand_rotations
    ));
    Ok(RotateKeyOnDemandResponse { key_id: arn })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListKeyRotationsRequest {
    pub key_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_key_material: Option<IncludeKeyMaterial>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RotationsListEntry {
    pub key_id: String,
    pub key_material_id: String,
    pub key_material_state: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation_date: Option<SimTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation_type: Option<RotationType>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListKeyRotationsResponse {
    pub rotations: Vec<RotationsListEntry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
    pub truncated: bool,
}

pub fn list_key_rotations(
    world: &mut World,
    cx: &mut CallContext,
    input: ListKeyRotationsRequest,
) -> Result<ListKeyRotationsResponse, ApiError> {
    let id =
        key_for(world, cx, &input.key_id, KeyRef::IdOrArn, "ListKeyRotations", OpClass::Any, AuthContext::default())?;
    let k = key(world, &id);
    require_rotatable(cx, k, "ListKeyRotations")?;
    let all_material = input.include_key_material == Some(IncludeKeyMaterial::AllKeyMaterial);
    let last = k.materials.len();
    let all: Vec<RotationsListEntry> = k
        .materials
        .iter()
        .enumerate()
        .filter(|(_, m)| all_material || m.rotation.is_some())
        .map(|(i, m)| RotationsListEntry {
            key_id: k.arn.clone(),
            key_material_id: m.id.clone(),
            key_material_state: if i + 1 == last { "CURRENT" } else { "NON_CURRENT" }.to_string(),
            rotation_date: m.rotation.map(|_| m.created),
            rotation_type: m.rotation,
        })
        .collect();
    let (rotations, next_marker, truncated) = paginate(cx, &all, input.limit, input.marker.as_deref())?;
    cx.why(format!("key {id} has rotated {} time(s); it keeps all {last} material version(s)", last - 1));
    Ok(ListKeyRotationsResponse { rotations, next_marker, truncated })
}
