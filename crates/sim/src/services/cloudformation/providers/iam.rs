//! `AWS::IAM::Role`, `AWS::IAM::Policy` and `AWS::IAM::InstanceProfile`, made with IAM's own
//! operations. A template with any of them needs `CAPABILITY_IAM` (`CAPABILITY_NAMED_IAM` when
//! it names them); `ops/validate.rs` checks that before anything is created.

use super::{
    check_properties, generated_name, handler_reason, kind, observed, text, Created, Observed, Provider, ProvisionCx,
};
use crate::services::iam::{self, IamRequest, IamResponse};
use crate::services::{Request, Response};
use crate::time::SimDuration;
use crate::world::World;
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;

pub struct Role;
pub struct Policy;
pub struct InstanceProfile;

fn call(world: &mut World, region: &str, r: IamRequest) -> Result<IamResponse, String> {
    #[allow(unreachable_patterns)]
    match world.call_in(region, Request::Iam(r)) {
        Ok(Response::Iam(out)) => Ok(out),
        Ok(_) => Err("unexpected response".into()),
        Err(e) => Err(handler_reason("Iam", &e)),
    }
}

fn gone(result: Result<IamResponse, String>) -> Result<(), String> {
    match result {
        Ok(_) => Ok(()),
        Err(r) if r.contains("NoSuchEntity") => Ok(()),
        Err(r) => Err(r),
    }
}

fn missing(id: &str, key: &str) -> String {
    format!("Properties validation failed for resource {id} with message: #: required key [{key}] not found")
}

/// A policy document given as an object (or as JSON text).
fn document(id: &str, v: Option<&Json>, key: &str) -> Result<String, String> {
    match v {
        None => Err(missing(id, key)),
        Some(Json::String(s)) => Ok(s.clone()),
        Some(doc @ Json::Object(_)) => Ok(doc.to_string()),
        Some(other) => Err(format!(
            "Properties validation failed for resource {id} with message: #/{key}: expected type: JSONObject, found: {}",
            kind(other)
        )),
    }
}

fn names(id: &str, props: &Map<String, Json>, key: &str) -> Result<Vec<String>, String> {
    match props.get(key) {
        None => Ok(Vec::new()),
        Some(Json::Array(items)) => Ok(items.iter().filter_map(text).collect()),
        Some(v) => Err(format!(
            "Properties validation failed for resource {id} with message: #/{key}: expected type: JSONArray, found: {}",
            kind(v)
        )),
    }
}

fn role_created(world: &World, name: &str) -> Created {
    let r = world.iam.roles.get(name);
    let mut attributes = BTreeMap::new();
    attributes.insert("Arn".into(), r.map(|r| r.arn.clone()).unwrap_or_default());
    attributes.insert("RoleId".into(), r.map(|r| r.role_id.clone()).unwrap_or_default());
    Created { physical_id: name.into(), ref_value: name.into(), attributes }
}

/// Inline policies and managed policies of a role, as the template lists them.
fn role_policies(world: &mut World, cx: &ProvisionCx<'_>, name: &str, props: &Map<String, Json>) -> Result<(), String> {
    let id = cx.logical_id;
    if let Some(v) = props.get("Policies") {
        let Some(items) = v.as_array() else {
            return Err(format!(
                "Properties validation failed for resource {id} with message: #/Policies: expected type: JSONArray, found: {}",
                kind(v)
            ));
        };
        for p in items {
            let policy_name = p.get("PolicyName").and_then(text).ok_or_else(|| missing(id, "PolicyName"))?;
            let policy_document = document(id, p.get("PolicyDocument"), "PolicyDocument")?;
            call(
                world,
                cx.region,
                IamRequest::PutRolePolicy(iam::PutRolePolicyRequest {
                    role_name: name.into(),
                    policy_name,
                    policy_document,
                }),
            )?;
        }
    }
    for arn in names(id, props, "ManagedPolicyArns")? {
        call(
            world,
            cx.region,
            IamRequest::AttachRolePolicy(iam::RolePolicyArnRequest { role_name: name.into(), policy_arn: arn }),
        )?;
    }
    Ok(())
}

/// Takes off every inline and managed policy, so the role can be deleted or re-given its
/// template's policies.
fn strip(world: &mut World, region: &str, name: &str) -> Result<(), String> {
    let Some(r) = world.iam.roles.get(name).cloned() else { return Ok(()) };
    for policy_name in r.inline_policies.keys() {
        call(
            world,
            region,
            IamRequest::DeleteRolePolicy(iam::RolePolicyRequest {
                role_name: name.into(),
                policy_name: policy_name.clone(),
            }),
        )?;
    }
    for arn in &r.attached_policies {
        call(
            world,
            region,
            IamRequest::DetachRolePolicy(iam::RolePolicyArnRequest { role_name: name.into(), policy_arn: arn.clone() }),
        )?;
    }
    Ok(())
}

impl Provider for Role {
    fn type_name(&self) -> &'static str {
        "AWS::IAM::Role"
    }
    fn properties(&self) -> &'static [&'static str] {
        &[
            "AssumeRolePolicyDocument",
            "Description",
            "ManagedPolicyArns",
            "MaxSessionDuration",
            "Path",
            "Policies",
            "RoleName",
            "Tags",
        ]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["Arn", "RoleId"]
    }
    /// CloudFormation waits for a new role to be usable everywhere (IAM is eventually consistent).
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(15)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(3)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["RoleName", "Path"]
    }
    fn name_property(&self) -> Option<&'static str> {
        Some("RoleName")
    }
    /// Drift reads what IAM's own calls can change. Inline `Policies` are left out: a separate
    /// AWS::IAM::Policy puts its policy on the role too, and would read as drift.
    fn observe(&self, world: &World, physical_id: &str) -> Observed {
        let Some(r) = world.iam.roles.get(physical_id) else { return Observed::Deleted };
        let trust: Json = serde_json::from_str(&r.assume_role_policy_document)
            .unwrap_or_else(|_| Json::String(r.assume_role_policy_document.clone()));
        Observed::Properties(observed(&[
            ("AssumeRolePolicyDocument", trust),
            ("Description", r.description.clone().map_or(Json::Null, Json::String)),
            ("MaxSessionDuration", Json::from(r.max_session_duration)),
            ("Path", Json::String(r.path.clone())),
            ("ManagedPolicyArns", Json::from(r.attached_policies.clone())),
        ]))
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let trust = document(id, props.get("AssumeRolePolicyDocument"), "AssumeRolePolicyDocument")?;
        let name = match props.get("RoleName").and_then(text) {
            Some(n) => n,
            None => generated_name(world, cx.stack_name, id, 64, false),
        };
        let tags = super::tags(id, props.get("Tags"), cx.stack_tags)?;
        call(
            world,
            cx.region,
            IamRequest::CreateRole(iam::CreateRoleRequest {
                role_name: name.clone(),
                assume_role_policy_document: trust,
                path: props.get("Path").and_then(text),
                description: props.get("Description").and_then(text),
                max_session_duration: props
                    .get("MaxSessionDuration")
                    .and_then(text)
                    .and_then(|t| t.trim().parse().ok()),
                tags: tags.into_iter().map(|(key, value)| iam::Tag { key, value }).collect(),
            }),
        )?;
        if let Err(e) = role_policies(world, cx, &name, props) {
            let _ = strip(world, cx.region, &name);
            let _ = call(world, cx.region, IamRequest::DeleteRole(iam::RoleNameRequest { role_name: name }));
            return Err(e);
        }
        Ok(role_created(world, &name))
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
        let trust = document(id, props.get("AssumeRolePolicyDocument"), "AssumeRolePolicyDocument")?;
        call(
            world,
            cx.region,
            IamRequest::UpdateAssumeRolePolicy(iam::UpdateAssumeRolePolicyRequest {
                role_name: physical_id.into(),
                policy_document: trust,
            }),
        )?;
        // Policies that a separate AWS::IAM::Policy put on the role are not the role's to touch.
        let own: Vec<String> = props
            .get("Policies")
            .and_then(|v| v.as_array())
            .map(|l| l.iter().filter_map(|p| p.get("PolicyName").and_then(text)).collect())
            .unwrap_or_default();
        if let Some(r) = world.iam.roles.get(physical_id).cloned() {
            let before: Vec<String> = world
                .cloudformation
                .stacks
                .get(cx.stack_id)
                .and_then(|s| s.resource(id))
                .and_then(|r| r.properties.get("Policies").and_then(|v| v.as_array()).cloned())
                .map(|l| l.iter().filter_map(|p| p.get("PolicyName").and_then(text)).collect())
                .unwrap_or_default();
            for name in r.inline_policies.keys().filter(|n| before.contains(n) && !own.contains(n)) {
                call(
                    world,
                    cx.region,
                    IamRequest::DeleteRolePolicy(iam::RolePolicyRequest {
                        role_name: physical_id.into(),
                        policy_name: name.clone(),
                    }),
                )?;
            }
            let arns = names(id, props, "ManagedPolicyArns")?;
            for arn in r.attached_policies.iter().filter(|a| !arns.contains(a)) {
                call(
                    world,
                    cx.region,
                    IamRequest::DetachRolePolicy(iam::RolePolicyArnRequest {
                        role_name: physical_id.into(),
                        policy_arn: arn.clone(),
                    }),
                )?;
            }
        }
        role_policies(world, cx, physical_id, props)?;
        if let Some(r) = world.iam.roles.get_mut(physical_id) {
            r.description = props.get("Description").and_then(text);
        }
        Ok(role_created(world, physical_id))
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        strip(world, cx.region, physical_id)?;
        gone(call(world, cx.region, IamRequest::DeleteRole(iam::RoleNameRequest { role_name: physical_id.into() })))
    }
}

/// The policy name and roles an `AWS::IAM::Policy` resource was created with.
fn policy_targets(world: &World, cx: &ProvisionCx<'_>) -> (String, Vec<String>) {
    let props = world
        .cloudformation
        .stacks
        .get(cx.stack_id)
        .and_then(|s| s.resource(cx.logical_id))
        .map(|r| r.properties.clone());
    let name = props.as_ref().and_then(|p| p.get("PolicyName")).and_then(text).unwrap_or_default();
    let roles = props
        .as_ref()
        .and_then(|p| p.get("Roles"))
        .and_then(|v| v.as_array())
        .map(|l| l.iter().filter_map(text).collect())
        .unwrap_or_default();
    (name, roles)
}

impl Provider for Policy {
    fn type_name(&self) -> &'static str {
        "AWS::IAM::Policy"
    }
    fn properties(&self) -> &'static [&'static str] {
        &["PolicyName", "PolicyDocument", "Roles", "Users", "Groups"]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["Id"]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(15)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(3)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["PolicyName", "Roles"]
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let policy_name = props.get("PolicyName").and_then(text).ok_or_else(|| missing(id, "PolicyName"))?;
        let doc = document(id, props.get("PolicyDocument"), "PolicyDocument")?;
        if !names(id, props, "Users")?.is_empty() || !names(id, props, "Groups")?.is_empty() {
            return Err("IAM users and groups are not simulated by Nimbus Lab; attach the policy to Roles".into());
        }
        let roles = names(id, props, "Roles")?;
        if roles.is_empty() {
            return Err("At least one of [Groups,Roles,Users] must be non-empty.".into());
        }
        for role in &roles {
            call(
                world,
                cx.region,
                IamRequest::PutRolePolicy(iam::PutRolePolicyRequest {
                    role_name: role.clone(),
                    policy_name: policy_name.clone(),
                    policy_document: doc.clone(),
                }),
            )?;
        }
        let physical =
            generated_name(world, &cx.stack_name[..cx.stack_name.len().min(5)], &id[..id.len().min(5)], 30, false);
        let mut attributes = BTreeMap::new();
        attributes.insert("Id".into(), physical.clone());
        Ok(Created { physical_id: physical.clone(), ref_value: physical, attributes })
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
        let policy_name = props.get("PolicyName").and_then(text).ok_or_else(|| missing(id, "PolicyName"))?;
        let doc = document(id, props.get("PolicyDocument"), "PolicyDocument")?;
        for role in names(id, props, "Roles")? {
            call(
                world,
                cx.region,
                IamRequest::PutRolePolicy(iam::PutRolePolicyRequest {
                    role_name: role,
                    policy_name: policy_name.clone(),
                    policy_document: doc.clone(),
                }),
            )?;
        }
        let mut attributes = BTreeMap::new();
        attributes.insert("Id".into(), physical_id.to_string());
        Ok(Created { physical_id: physical_id.into(), ref_value: physical_id.into(), attributes })
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, _physical_id: &str) -> Result<(), String> {
        let (policy_name, roles) = policy_targets(world, cx);
        for role in roles {
            gone(call(
                world,
                cx.region,
                IamRequest::DeleteRolePolicy(iam::RolePolicyRequest {
                    role_name: role,
                    policy_name: policy_name.clone(),
                }),
            ))?;
        }
        Ok(())
    }
}

impl Provider for InstanceProfile {
    fn type_name(&self) -> &'static str {
        "AWS::IAM::InstanceProfile"
    }
    fn properties(&self) -> &'static [&'static str] {
        &["InstanceProfileName", "Path", "Roles"]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["Arn"]
    }
    /// CloudFormation waits for a new instance profile to reach EC2: about two minutes.
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(120)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(3)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["InstanceProfileName", "Path"]
    }
    fn name_property(&self) -> Option<&'static str> {
        Some("InstanceProfileName")
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let roles = names(id, props, "Roles")?;
        if roles.len() != 1 {
            return Err(format!(
                "Properties validation failed for resource {id} with message: #/Roles: expected maximum item count: 1, found: {}",
                roles.len()
            ));
        }
        let name = match props.get("InstanceProfileName").and_then(text) {
            Some(n) => n,
            None => generated_name(world, cx.stack_name, id, 128, false),
        };
        let out = call(
            world,
            cx.region,
            IamRequest::CreateInstanceProfile(iam::CreateInstanceProfileRequest {
                instance_profile_name: name.clone(),
                path: props.get("Path").and_then(text),
            }),
        )?;
        let IamResponse::CreateInstanceProfile(out) = out else { return Err("unexpected response".into()) };
        let added = call(
            world,
            cx.region,
            IamRequest::AddRoleToInstanceProfile(iam::InstanceProfileRoleRequest {
                instance_profile_name: name.clone(),
                role_name: roles[0].clone(),
            }),
        );
        if let Err(e) = added {
            let _ = call(
                world,
                cx.region,
                IamRequest::DeleteInstanceProfile(iam::InstanceProfileNameRequest { instance_profile_name: name }),
            );
            return Err(e);
        }
        let mut attributes = BTreeMap::new();
        attributes.insert("Arn".into(), out.instance_profile.arn);
        Ok(Created { physical_id: name.clone(), ref_value: name, attributes })
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        let roles = world.iam.instance_profiles.get(physical_id).map(|p| p.roles.clone()).unwrap_or_default();
        for role in roles {
            gone(call(
                world,
                cx.region,
                IamRequest::RemoveRoleFromInstanceProfile(iam::InstanceProfileRoleRequest {
                    instance_profile_name: physical_id.into(),
                    role_name: role,
                }),
            ))?;
        }
        gone(call(
            world,
            cx.region,
            IamRequest::DeleteInstanceProfile(iam::InstanceProfileNameRequest {
                instance_profile_name: physical_id.into(),
            }),
        ))
    }
}
