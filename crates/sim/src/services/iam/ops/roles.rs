//! Roles, their inline policies and attached managed policies, and customer managed policies.

use super::*;
use crate::ids;
use crate::services::iam::model::*;
use crate::time::SimTime;
use crate::world::{CallContext, World};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateRoleRequest {
    pub role_name: String,
    pub assume_role_policy_document: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_session_duration: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RoleView {
    pub path: String,
    pub role_name: String,
    pub role_id: String,
    pub arn: String,
    pub create_date: SimTime,
    pub assume_role_policy_document: serde_json::Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub max_session_duration: i64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RoleOutput {
    pub role: RoleView,
}

pub(crate) fn role_view(r: &Role) -> RoleView {
    RoleView {
        path: r.path.clone(),
        role_name: r.role_name.clone(),
        role_id: r.role_id.clone(),
        arn: r.arn.clone(),
        create_date: r.create_date,
        assume_role_policy_document: serde_json::from_str(&r.assume_role_policy_document).unwrap_or_default(),
        description: r.description.clone(),
        max_session_duration: r.max_session_duration,
        tags: r.tags.iter().map(|(k, v)| Tag { key: k.clone(), value: v.clone() }).collect(),
    }
}

pub(crate) fn role<'w>(world: &'w World, cx: &mut CallContext, name: &str) -> Result<&'w Role, ApiError> {
    match world.iam.roles.get(name) {
        Some(r) => {
            cx.touch(r.arn.clone());
            Ok(r)
        }
        None => {
            cx.why(format!("no role named '{name}' in the account"));
            Err(no_such_entity(format!("The role with name {name} cannot be found.")))
        }
    }
}

pub fn create_role(world: &mut World, cx: &mut CallContext, input: CreateRoleRequest) -> Result<RoleOutput, ApiError> {
    let name = input.role_name.clone();
    check_name(&name, "roleName", 64)?;
    let path = check_path(input.path.as_deref())?;
    policy_document(&input.assume_role_policy_document).inspect_err(|_| {
        cx.why("the trust policy (AssumeRolePolicyDocument) must be a JSON policy with a Statement")
    })?;
    let duration = input.max_session_duration.unwrap_or(3600);
    if !(3600..=43_200).contains(&duration) {
        cx.why("MaxSessionDuration is 3,600 to 43,200 seconds (1 to 12 hours)");
        return Err(ApiError::bad_request(
            "ValidationError",
            format!(
                "1 validation error detected: Value '{duration}' at 'maxSessionDuration' failed to satisfy constraint: \
                 Member must have value less than or equal to 43200"
            ),
        ));
    }
    // Role names are unique case-insensitively.
    if let Some(existing) = world.iam.roles.keys().find(|k| k.eq_ignore_ascii_case(&name)) {
        cx.why(format!("role names are unique in the account (ignoring case); '{existing}' exists"));
        return Err(conflict("EntityAlreadyExists", format!("Role with name {name} already exists.")));
    }
    let arn = iam_arn("role", &path, &name);
    let role = Role {
        role_name: name.clone(),
        role_id: format!("AROA{}", ids::upper_alnum(world.rng(), 17)),
        path,
        arn: arn.clone(),
        create_date: world.now(),
        assume_role_policy_document: input.assume_role_policy_document.clone(),
        description: input.description.clone(),
        max_session_duration: duration,
        inline_policies: Default::default(),
        attached_policies: Vec::new(),
        tags: input.tags.iter().map(|t| (t.key.clone(), t.value.clone())).collect(),
    };
    let view = role_view(&role);
    world.iam.roles.insert(name.clone(), role);
    cx.touch(arn);
    cx.why(format!(
        "role {name} created; its trust policy says who may assume it, and it has no permissions until a policy is \
         added"
    ));
    Ok(RoleOutput { role: view })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RoleNameRequest {
    pub role_name: String,
}

pub fn get_role(world: &mut World, cx: &mut CallContext, input: RoleNameRequest) -> Result<RoleOutput, ApiError> {
    let r = role(world, cx, &input.role_name)?;
    Ok(RoleOutput { role: role_view(r) })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListRolesRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_prefix: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListRolesOutput {
    pub roles: Vec<RoleView>,
    pub is_truncated: bool,
}

pub fn list_roles(
    world: &mut World,
    cx: &mut CallContext,
    input: ListRolesRequest,
) -> Result<ListRolesOutput, ApiError> {
    let prefix = input.path_prefix.unwrap_or_else(|| "/".into());
    let roles: Vec<RoleView> =
        world.iam.roles.values().filter(|r| r.path.starts_with(&prefix)).map(role_view).collect();
    cx.why(format!("{} role(s) under path {prefix}", roles.len()));
    Ok(ListRolesOutput { roles, is_truncated: false })
}

pub fn delete_role(world: &mut World, cx: &mut CallContext, input: RoleNameRequest) -> Result<EmptyOutput, ApiError> {
    let r = role(world, cx, &input.role_name)?.clone();
    if !r.inline_policies.is_empty() {
        cx.why(format!(
            "the role still has inline policies ({}); DeleteRolePolicy them first",
            r.inline_policies.len()
        ));
        return Err(conflict("DeleteConflict", "Cannot delete entity, must delete policies first."));
    }
    if !r.attached_policies.is_empty() {
        cx.why(format!(
            "the role still has attached policies ({}); DetachRolePolicy them first",
            r.attached_policies.len()
        ));
        return Err(conflict("DeleteConflict", "Cannot delete entity, must detach all policies first."));
    }
    if let Some(p) = world.iam.instance_profiles.values().find(|p| p.roles.contains(&r.role_name)) {
        cx.why(format!("instance profile {} still holds the role", p.instance_profile_name));
        return Err(conflict("DeleteConflict", "Cannot delete entity, must remove roles from instance profile first."));
    }
    world.iam.roles.remove(&r.role_name);
    cx.why(format!("role {} deleted", r.role_name));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateAssumeRolePolicyRequest {
    pub role_name: String,
    pub policy_document: String,
}

pub fn update_assume_role_policy(
    world: &mut World,
    cx: &mut CallContext,
    input: UpdateAssumeRolePolicyRequest,
) -> Result<EmptyOutput, ApiError> {
    role(world, cx, &input.role_name)?;
    policy_document(&input.policy_document)?;
    if let Some(r) = world.iam.roles.get_mut(&input.role_name) {
        r.assume_role_policy_document = input.policy_document;
    }
    cx.why(format!("the trust policy of {} was replaced", input.role_name));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutRolePolicyRequest {
    pub role_name: String,
    pub policy_name: String,
    pub policy_document: String,
}

pub fn put_role_policy(
    world: &mut World,
    cx: &mut CallContext,
    input: PutRolePolicyRequest,
) -> Result<EmptyOutput, ApiError> {
    role(world, cx, &input.role_name)?;
    check_name(&input.policy_name, "policyName", 128)?;
    policy_document(&input.policy_document).inspect_err(|e| cx.why(e.message.clone()))?;
    let replaced = world
        .iam
        .roles
        .get_mut(&input.role_name)
        .and_then(|r| r.inline_policies.insert(input.policy_name.clone(), input.policy_document))
        .is_some();
    cx.why(format!(
        "inline policy {} {} on role {}",
        input.policy_name,
        if replaced { "replaced" } else { "added" },
        input.role_name
    ));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RolePolicyRequest {
    pub role_name: String,
    pub policy_name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetRolePolicyOutput {
    pub role_name: String,
    pub policy_name: String,
    pub policy_document: serde_json::Value,
}

fn inline<'w>(world: &'w World, cx: &mut CallContext, input: &RolePolicyRequest) -> Result<&'w String, ApiError> {
    let r = role(world, cx, &input.role_name)?;
    r.inline_policies.get(&input.policy_name).ok_or_else(|| {
        cx.why(format!("role {} has no inline policy {}", input.role_name, input.policy_name));
        no_such_entity(format!("The role policy with name {} cannot be found.", input.policy_name))
    })
}

pub fn get_role_policy(
    world: &mut World,
    cx: &mut CallContext,
    input: RolePolicyRequest,
) -> Result<GetRolePolicyOutput, ApiError> {
    let doc = inline(world, cx, &input)?;
    Ok(GetRolePolicyOutput {
        role_name: input.role_name.clone(),
        policy_name: input.policy_name.clone(),
        policy_document: serde_json::from_str(doc).unwrap_or_default(),
    })
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListRolePoliciesOutput {
    pub policy_names: Vec<String>,
    pub is_truncated: bool,
}

pub fn list_role_policies(
    world: &mut World,
    cx: &mut CallContext,
    input: RoleNameRequest,
) -> Result<ListRolePoliciesOutput, ApiError> {
    let r = role(world, cx, &input.role_name)?;
    Ok(ListRolePoliciesOutput { policy_names: r.inline_policies.keys().cloned().collect(), is_truncated: false })
}

pub fn delete_role_policy(
    world: &mut World,
    cx: &mut CallContext,
    input: RolePolicyRequest,
) -> Result<EmptyOutput, ApiError> {
    inline(world, cx, &input)?;
    if let Some(r) = world.iam.roles.get_mut(&input.role_name) {
        r.inline_policies.remove(&input.policy_name);
    }
    cx.why(format!("inline policy {} removed from {}", input.policy_name, input.role_name));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreatePolicyRequest {
    pub policy_name: String,
    pub policy_document: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyView {
    pub policy_name: String,
    pub policy_id: String,
    pub arn: String,
    pub path: String,
    pub default_version_id: String,
    pub attachment_count: i64,
    pub is_attachable: bool,
    pub create_date: SimTime,
    pub update_date: SimTime,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreatePolicyOutput {
    pub policy: PolicyView,
}

pub fn create_policy(
    world: &mut World,
    cx: &mut CallContext,
    input: CreatePolicyRequest,
) -> Result<CreatePolicyOutput, ApiError> {
    check_name(&input.policy_name, "policyName", 128)?;
    let path = check_path(input.path.as_deref())?;
    policy_document(&input.policy_document)?;
    let arn = iam_arn("policy", &path, &input.policy_name);
    if world.iam.policies.contains_key(&arn) {
        cx.why(format!("a policy named {} exists at path {path}", input.policy_name));
        return Err(conflict(
            "EntityAlreadyExists",
            format!("A policy called {} already exists. Duplicate names are not allowed.", input.policy_name),
        ));
    }
    let p = ManagedPolicy {
        policy_name: input.policy_name.clone(),
        policy_id: format!("ANPA{}", ids::upper_alnum(world.rng(), 17)),
        arn: arn.clone(),
        path,
        document: input.policy_document,
        description: input.description,
        create_date: world.now(),
    };
    let view = PolicyView {
        policy_name: p.policy_name.clone(),
        policy_id: p.policy_id.clone(),
        arn: arn.clone(),
        path: p.path.clone(),
        default_version_id: "v1".into(),
        attachment_count: 0,
        is_attachable: true,
        create_date: p.create_date,
        update_date: p.create_date,
    };
    world.iam.policies.insert(arn.clone(), p);
    cx.touch(arn);
    cx.why(format!("customer managed policy {} created (version v1); attach it to roles", input.policy_name));
    Ok(CreatePolicyOutput { policy: view })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyArnRequest {
    pub policy_arn: String,
}

pub fn delete_policy(
    world: &mut World,
    cx: &mut CallContext,
    input: PolicyArnRequest,
) -> Result<EmptyOutput, ApiError> {
    cx.touch(input.policy_arn.clone());
    if !world.iam.policies.contains_key(&input.policy_arn) {
        return Err(no_such_entity(format!("Policy {} does not exist or is not attachable.", input.policy_arn)));
    }
    let n = world.iam.attachments(&input.policy_arn);
    if n > 0 {
        cx.why(format!("{n} role(s) still have the policy attached"));
        return Err(conflict("DeleteConflict", "Cannot delete a policy attached to entities."));
    }
    world.iam.policies.remove(&input.policy_arn);
    cx.why(format!("policy {} deleted", input.policy_arn));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RolePolicyArnRequest {
    pub role_name: String,
    pub policy_arn: String,
}

/// The name of a managed policy the account can attach: an AWS managed one Nimbus Lab knows,
/// or a customer managed one.
pub(crate) fn attachable(world: &World, arn: &str) -> Option<String> {
    if let Some(name) = arn.strip_prefix("arn:aws:iam::aws:policy/") {
        let name = name.rsplit('/').next().unwrap_or(name);
        return AWS_MANAGED_POLICIES.contains(&name).then(|| name.to_string());
    }
    world.iam.policies.get(arn).map(|p| p.policy_name.clone())
}

pub fn attach_role_policy(
    world: &mut World,
    cx: &mut CallContext,
    input: RolePolicyArnRequest,
) -> Result<EmptyOutput, ApiError> {
    role(world, cx, &input.role_name)?;
    cx.touch(input.policy_arn.clone());
    if attachable(world, &input.policy_arn).is_none() {
        cx.why(format!("no such policy; AWS managed policies Nimbus Lab knows: {}", AWS_MANAGED_POLICIES.join(", ")));
        return Err(no_such_entity(format!("Policy {} does not exist or is not attachable.", input.policy_arn)));
    }
    if let Some(r) = world.iam.roles.get_mut(&input.role_name) {
        if !r.attached_policies.contains(&input.policy_arn) {
            r.attached_policies.push(input.policy_arn.clone());
        }
    }
    cx.why(format!("{} attached to role {}", input.policy_arn, input.role_name));
    Ok(EmptyOutput {})
}

pub fn detach_role_policy(
    world: &mut World,
    cx: &mut CallContext,
    input: RolePolicyArnRequest,
) -> Result<EmptyOutput, ApiError> {
    let r = role(world, cx, &input.role_name)?;
    if !r.attached_policies.contains(&input.policy_arn) {
        cx.why(format!("{} is not attached to {}", input.policy_arn, input.role_name));
        return Err(no_such_entity(format!("Policy {} was not found.", input.policy_arn)));
    }
    if let Some(r) = world.iam.roles.get_mut(&input.role_name) {
        r.attached_policies.retain(|a| a != &input.policy_arn);
    }
    cx.why(format!("{} detached from role {}", input.policy_arn, input.role_name));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttachedPolicy {
    pub policy_name: String,
    pub policy_arn: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListAttachedRolePoliciesOutput {
    pub attached_policies: Vec<AttachedPolicy>,
    pub is_truncated: bool,
}

pub fn list_attached_role_policies(
    world: &mut World,
    cx: &mut CallContext,
    input: RoleNameRequest,
) -> Result<ListAttachedRolePoliciesOutput, ApiError> {
    let r = role(world, cx, &input.role_name)?;
    let attached_policies = r
        .attached_policies
        .iter()
        .map(|arn| AttachedPolicy {
            policy_name: attachable(world, arn)
                .unwrap_or_else(|| arn.rsplit('/').next().unwrap_or_default().to_string()),
            policy_arn: arn.clone(),
        })
        .collect();
    Ok(ListAttachedRolePoliciesOutput { attached_policies, is_truncated: false })
}
