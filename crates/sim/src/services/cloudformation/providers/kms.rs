//! `AWS::KMS::Key` and `AWS::KMS::Alias`, made with KMS's own operations: a stack's key is a
//! real key on the KMS page, with its rotation schedule and policy. Deleting the resource
//! schedules the key's deletion (PendingWindowInDays, 7–30, default 30), as CloudFormation does:
//! the key is not gone at once.

use super::{check_properties, flag, handler_reason, observed, tags, text, Created, Observed, Provider, ProvisionCx};
use crate::services::kms::{self, KmsRequest, KmsResponse};
use crate::services::{Request, Response};
use crate::time::SimDuration;
use crate::world::World;
use serde_json::{json, Map, Value as Json};
use std::collections::BTreeMap;

pub struct Key;
pub struct Alias;

fn call(world: &mut World, region: &str, r: KmsRequest) -> Result<KmsResponse, String> {
    match world.call_in(region, Request::Kms(r)) {
        Ok(Response::Kms(out)) => Ok(out),
        Ok(_) => Err("unexpected response".into()),
        Err(e) => Err(handler_reason("Kms", &e)),
    }
}

fn invalid(logical_id: &str, message: String) -> String {
    format!("Properties validation failed for resource {logical_id} with message: {message}")
}

/// A template enum value (`KeySpec: HMAC_256`) as KMS's type, or the schema's refusal.
fn enum_value<T: serde::de::DeserializeOwned>(
    logical_id: &str,
    props: &Map<String, Json>,
    name: &str,
) -> Result<Option<T>, String> {
    let Some(v) = props.get(name) else { return Ok(None) };
    let t = text(v).unwrap_or_default();
    serde_json::from_value(json!(t))
        .map(Some)
        .map_err(|_| invalid(logical_id, format!("#/{name}: {t} is not a valid enum value")))
}

/// `PendingWindowInDays` or `RotationPeriodInDays` checked against its range.
fn days(logical_id: &str, props: &Map<String, Json>, name: &str, min: i64, max: i64) -> Result<Option<i64>, String> {
    let Some(v) = props.get(name) else { return Ok(None) };
    match text(v).and_then(|t| t.parse::<i64>().ok()) {
        Some(d) if (min..=max).contains(&d) => Ok(Some(d)),
        Some(d) if d < min => Err(invalid(logical_id, format!("#/{name}: {d} is not greater or equal to {min}"))),
        Some(d) => Err(invalid(logical_id, format!("#/{name}: {d} is not less or equal to {max}"))),
        None => Err(invalid(logical_id, format!("#/{name}: expected type: Integer, found: {}", super::kind(v)))),
    }
}

/// The key policy as text: templates usually write it as an object.
fn policy_text(v: &Json) -> String {
    text(v).unwrap_or_else(|| v.to_string())
}

fn key_created(world: &World, key_id: &str) -> Created {
    let arn = world.kms.keys.get(key_id).map(|k| k.arn.clone()).unwrap_or_default();
    Created {
        physical_id: key_id.to_string(),
        ref_value: key_id.to_string(),
        attributes: BTreeMap::from([("Arn".to_string(), arn), ("KeyId".to_string(), key_id.to_string())]),
    }
}

/// Rotation and the enabled flag, as CloudFormation applies them after CreateKey (and on update).
fn apply_state(world: &mut World, cx: &ProvisionCx<'_>, key_id: &str, props: &Map<String, Json>) -> Result<(), String> {
    let id = cx.logical_id;
    let period = days(id, props, "RotationPeriodInDays", 90, 2560)?;
    let rotate = flag(props.get("EnableKeyRotation")).unwrap_or(false);
    let rotating = world.kms.keys.get(key_id).is_some_and(|k| k.rotation.is_some());
    if rotate {
        let r = kms::EnableKeyRotationRequest { key_id: key_id.into(), rotation_period_in_days: period };
        call(world, cx.region, KmsRequest::EnableKeyRotation(r))?;
    } else if rotating {
        call(world, cx.region, KmsRequest::DisableKeyRotation(kms::KeyIdRequest { key_id: key_id.into() }))?;
    }
    let enabled = flag(props.get("Enabled")).unwrap_or(true);
    let is_enabled = world.kms.keys.get(key_id).is_some_and(|k| k.enabled());
    let r = kms::KeyIdRequest { key_id: key_id.into() };
    if enabled && !is_enabled {
        call(world, cx.region, KmsRequest::EnableKey(r))?;
    } else if !enabled && is_enabled {
        call(world, cx.region, KmsRequest::DisableKey(r))?;
    }
    Ok(())
}

impl Provider for Key {
    fn type_name(&self) -> &'static str {
        "AWS::KMS::Key"
    }
    fn properties(&self) -> &'static [&'static str] {
        &[
            "Description",
            "Enabled",
            "EnableKeyRotation",
            "KeyPolicy",
            "KeySpec",
            "KeyUsage",
            "MultiRegion",
            "Origin",
            "PendingWindowInDays",
            "RotationPeriodInDays",
            "BypassPolicyLockoutSafetyCheck",
            "Tags",
        ]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["Arn", "KeyId"]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(20)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(5)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["KeySpec", "KeyUsage", "Origin", "MultiRegion"]
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        days(id, props, "PendingWindowInDays", 7, 30)?;
        let tag_list = tags(id, props.get("Tags"), cx.stack_tags)?;
        let request = kms::CreateKeyRequest {
            policy: props.get("KeyPolicy").map(policy_text),
            description: props.get("Description").and_then(text),
            key_usage: enum_value(id, props, "KeyUsage")?,
            key_spec: enum_value(id, props, "KeySpec")?,
            origin: enum_value(id, props, "Origin")?,
            bypass_policy_lockout_safety_check: flag(props.get("BypassPolicyLockoutSafetyCheck")),
            tags: (!tag_list.is_empty())
                .then(|| tag_list.into_iter().map(|(k, v)| kms::model::Tag { tag_key: k, tag_value: v }).collect()),
            multi_region: flag(props.get("MultiRegion")),
            ..Default::default()
        };
        let KmsResponse::CreateKey(out) = call(world, cx.region, KmsRequest::CreateKey(request))? else {
            return Err("unexpected response".into());
        };
        let key_id = out.key_metadata.key_id;
        if let Err(e) = apply_state(world, cx, &key_id, props) {
            // The handler cleans up the key it made.
            let r = kms::ScheduleKeyDeletionRequest { key_id: key_id.clone(), pending_window_in_days: Some(7) };
            let _ = call(world, cx.region, KmsRequest::ScheduleKeyDeletion(r));
            return Err(e);
        }
        Ok(key_created(world, &key_id))
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
        days(id, props, "PendingWindowInDays", 7, 30)?;
        let description = props.get("Description").and_then(text).unwrap_or_default();
        let r = kms::UpdateKeyDescriptionRequest { key_id: physical_id.into(), description };
        call(world, cx.region, KmsRequest::UpdateKeyDescription(r))?;
        if let Some(policy) = props.get("KeyPolicy") {
            let r = kms::PutKeyPolicyRequest {
                key_id: physical_id.into(),
                policy_name: None,
                policy: policy_text(policy),
                bypass_policy_lockout_safety_check: flag(props.get("BypassPolicyLockoutSafetyCheck")),
            };
            call(world, cx.region, KmsRequest::PutKeyPolicy(r))?;
        }
        apply_state(world, cx, physical_id, props)?;
        Ok(key_created(world, physical_id))
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        let window = cx
            .properties
            .and_then(|p| p.get("PendingWindowInDays"))
            .and_then(text)
            .and_then(|t| t.parse().ok())
            .unwrap_or(30);
        let pending = world.kms.keys.get(physical_id).is_none_or(|k| k.deletion_date.is_some());
        if pending {
            return Ok(());
        }
        let r = kms::ScheduleKeyDeletionRequest { key_id: physical_id.into(), pending_window_in_days: Some(window) };
        call(world, cx.region, KmsRequest::ScheduleKeyDeletion(r)).map(|_| ())
    }
    fn observe(&self, world: &World, physical_id: &str) -> Observed {
        let Some(k) = world.kms.keys.get(physical_id) else { return Observed::Deleted };
        if k.deletion_date.is_some() {
            return Observed::Deleted;
        }
        let policy: Json = serde_json::from_str(&k.policy).unwrap_or(Json::String(k.policy.clone()));
        Observed::Properties(observed(&[
            ("Description", json!(k.description)),
            ("Enabled", json!(k.enabled())),
            ("EnableKeyRotation", json!(k.rotation.is_some())),
            ("RotationPeriodInDays", k.rotation.as_ref().map_or(Json::Null, |r| json!(r.period_days))),
            ("KeySpec", json!(k.key_spec.as_str())),
            ("KeyUsage", json!(k.key_usage.as_str())),
            ("Origin", json!(k.origin.as_str())),
            ("KeyPolicy", policy),
        ]))
    }
}

impl Provider for Alias {
    fn type_name(&self) -> &'static str {
        "AWS::KMS::Alias"
    }
    fn properties(&self) -> &'static [&'static str] {
        &["AliasName", "TargetKeyId"]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &[]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(2)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(2)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["AliasName"]
    }
    fn name_property(&self) -> Option<&'static str> {
        Some("AliasName")
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let required = |name: &str| {
            props.get(name).and_then(text).ok_or_else(|| invalid(id, format!("#: required key [{name}] not found")))
        };
        let (alias_name, target_key_id) = (required("AliasName")?, required("TargetKeyId")?);
        let r = kms::CreateAliasRequest { alias_name: alias_name.clone(), target_key_id };
        call(world, cx.region, KmsRequest::CreateAlias(r))?;
        Ok(Created { physical_id: alias_name.clone(), ref_value: alias_name, attributes: BTreeMap::new() })
    }
    fn update(
        &self,
        world: &mut World,
        cx: &ProvisionCx<'_>,
        physical_id: &str,
        props: &Map<String, Json>,
    ) -> Result<Created, String> {
        check_properties(cx.logical_id, self.properties(), props)?;
        let target_key_id = props.get("TargetKeyId").and_then(text).unwrap_or_default();
        let r = kms::UpdateAliasRequest { alias_name: physical_id.into(), target_key_id };
        call(world, cx.region, KmsRequest::UpdateAlias(r))?;
        Ok(Created { physical_id: physical_id.into(), ref_value: physical_id.into(), attributes: BTreeMap::new() })
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        match call(
            world,
            cx.region,
            KmsRequest::DeleteAlias(kms::DeleteAliasRequest { alias_name: physical_id.into() }),
        ) {
            Err(e) if e.contains("NotFoundException") => Ok(()),
            other => other.map(|_| ()),
        }
    }
    fn observe(&self, world: &World, physical_id: &str) -> Observed {
        let found = world.kms.aliases.values().find(|a| a.name == physical_id);
        let Some(a) = found else { return Observed::Deleted };
        Observed::Properties(observed(&[("AliasName", json!(a.name)), ("TargetKeyId", json!(a.target_key_id))]))
    }
}
