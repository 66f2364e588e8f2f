//! Instance profiles: the container that hands one role to EC2 instances.

use super::roles::{role, role_view, RoleView};
use super::*;
use crate::ids;
use crate::services::iam::model::*;
use crate::time::SimTime;
use crate::world::{CallContext, World};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateInstanceProfileRequest {
    pub instance_profile_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceProfileView {
    pub path: String,
    pub instance_profile_name: String,
    pub instance_profile_id: String,
    pub arn: String,
    pub create_date: SimTime,
    pub roles: Vec<RoleView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceProfileOutput {
    pub instance_profile: InstanceProfileView,
}

fn view(world: &World, p: &InstanceProfile) -> InstanceProfileView {
    InstanceProfileView {
        path: p.path.clone(),
        instance_profile_name: p.instance_profile_name.clone(),
        instance_profile_id: p.instance_profile_id.clone(),
        arn: p.arn.clone(),
        create_date: p.create_date,
        roles: p.roles.iter().filter_map(|r| world.iam.roles.get(r)).map(role_view).collect(),
    }
}

fn profile<'w>(world: &'w World, cx: &mut CallContext, name: &str) -> Result<&'w InstanceProfile, ApiError> {
    match world.iam.instance_profiles.get(name) {
        Some(p) => {
            cx.touch(p.arn.clone());
            Ok(p)
        }
        None => {
            cx.why(format!("no instance profile named '{name}'"));
            Err(no_such_entity(format!("Instance Profile {name} cannot be found.")))
        }
    }
}

pub fn create_instance_profile(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateInstanceProfileRequest,
) -> Result<InstanceProfileOutput, ApiError> {
    let name = input.instance_profile_name.clone();
    check_name(&name, "instanceProfileName", 128)?;
    let path = check_path(input.path.as_deref())?;
    if world.iam.instance_profiles.contains_key(&name) {
        cx.why(format!("an instance profile named {name} exists"));
        return Err(conflict("EntityAlreadyExists", format!("Instance Profile {name} already exists.")));
    }
    let p = InstanceProfile {
        instance_profile_name: name.clone(),
        instance_profile_id: format!("AIPA{}", ids::upper_alnum(world.rng(), 17)),
        arn: iam_arn("instance-profile", &path, &name),
        path,
        create_date: world.now(),
        roles: Vec::new(),
    };
    cx.touch(p.arn.clone());
    let out = view(world, &p);
    world.iam.instance_profiles.insert(name.clone(), p);
    cx.why(format!("instance profile {name} created, empty; add a role for instances to use"));
    Ok(InstanceProfileOutput { instance_profile: out })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceProfileNameRequest {
    pub instance_profile_name: String,
}

pub fn get_instance_profile(
    world: &mut World,
    cx: &mut CallContext,
    input: InstanceProfileNameRequest,
) -> Result<InstanceProfileOutput, ApiError> {
    let p = profile(world, cx, &input.instance_profile_name)?;
    Ok(InstanceProfileOutput { instance_profile: view(world, p) })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListInstanceProfilesRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_prefix: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListInstanceProfilesOutput {
    pub instance_profiles: Vec<InstanceProfileView>,
    pub is_truncated: bool,
}

pub fn list_instance_profiles(
    world: &mut World,
    cx: &mut CallContext,
    input: ListInstanceProfilesRequest,
) -> Result<ListInstanceProfilesOutput, ApiError> {
    let prefix = input.path_prefix.unwrap_or_else(|| "/".into());
    let list: Vec<InstanceProfileView> =
        world.iam.instance_profiles.values().filter(|p| p.path.starts_with(&prefix)).map(|p| view(world, p)).collect();
    cx.why(format!("{} instance profile(s)", list.len()));
    Ok(ListInstanceProfilesOutput { instance_profiles: list, is_truncated: false })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceProfileRoleRequest {
    pub instance_profile_name: String,
    pub role_name: String,
}

pub fn add_role_to_instance_profile(
    world: &mut World,
    cx: &mut CallContext,
    input: InstanceProfileRoleRequest,
) -> Result<EmptyOutput, ApiError> {
    let p = profile(world, cx, &input.instance_profile_name)?.clone();
    role(world, cx, &input.role_name)?;
    if p.roles.len() >= ROLES_PER_INSTANCE_PROFILE {
        cx.why(format!(
            "{} already holds role {}; an instance profile holds one role",
            p.instance_profile_name,
            p.roles.join(", ")
        ));
        return Err(conflict(
            "LimitExceeded",
            format!("Cannot exceed quota for InstanceSessionsPerInstanceProfile: {ROLES_PER_INSTANCE_PROFILE}"),
        ));
    }
    if let Some(p) = world.iam.instance_profiles.get_mut(&input.instance_profile_name) {
        p.roles.push(input.role_name.clone());
    }
    cx.why(format!(
        "{} now carries role {}: instances launched with the profile get the role's temporary credentials",
        input.instance_profile_name, input.role_name
    ));
    Ok(EmptyOutput {})
}

pub fn remove_role_from_instance_profile(
    world: &mut World,
    cx: &mut CallContext,
    input: InstanceProfileRoleRequest,
) -> Result<EmptyOutput, ApiError> {
    let p = profile(world, cx, &input.instance_profile_name)?.clone();
    if !p.roles.contains(&input.role_name) {
        cx.why(format!("{} does not hold role {}", p.instance_profile_name, input.role_name));
        return Err(no_such_entity(format!("The role with name {} cannot be found.", input.role_name)));
    }
    if let Some(p) = world.iam.instance_profiles.get_mut(&input.instance_profile_name) {
        p.roles.retain(|r| r != &input.role_name);
    }
    cx.why(format!("role {} removed from {}", input.role_name, input.instance_profile_name));
    Ok(EmptyOutput {})
}

pub fn delete_instance_profile(
    world: &mut World,
    cx: &mut CallContext,
    input: InstanceProfileNameRequest,
) -> Result<EmptyOutput, ApiError> {
    let p = profile(world, cx, &input.instance_profile_name)?.clone();
    if !p.roles.is_empty() {
        cx.why(format!("the profile still holds role {}; remove it first", p.roles.join(", ")));
        return Err(conflict("DeleteConflict", "Cannot delete entity, must remove roles from instance profile first."));
    }
    world.iam.instance_profiles.remove(&p.instance_profile_name);
    cx.why(format!("instance profile {} deleted", p.instance_profile_name));
    Ok(EmptyOutput {})
}
