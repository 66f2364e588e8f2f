//! AWS IAM, the part EC2 and CloudFormation lean on: roles with their trust policy, inline
//! policies and attached managed policies (AWS managed ones and customer managed ones made with
//! CreatePolicy), and instance profiles that carry a role to EC2 instances. IAM is global: one
//! set of roles whatever the Region of the call.
//!
//! `ops/` has one function per operation; nothing in IAM waits on the clock (`jobs.rs`).

pub mod jobs;
pub mod model;
pub mod ops;
#[cfg(test)]
mod tests;

pub use model::*;
pub use ops::*;

service_api! {
    request IamRequest, response IamResponse;
    CreateRole(CreateRoleRequest) -> RoleOutput = ops::create_role;
    GetRole(RoleNameRequest) -> RoleOutput = ops::get_role;
    ListRoles(ListRolesRequest) -> ListRolesOutput = ops::list_roles;
    DeleteRole(RoleNameRequest) -> EmptyOutput = ops::delete_role;
    UpdateAssumeRolePolicy(UpdateAssumeRolePolicyRequest) -> EmptyOutput = ops::update_assume_role_policy;
    PutRolePolicy(PutRolePolicyRequest) -> EmptyOutput = ops::put_role_policy;
    GetRolePolicy(RolePolicyRequest) -> GetRolePolicyOutput = ops::get_role_policy;
    ListRolePolicies(RoleNameRequest) -> ListRolePoliciesOutput = ops::list_role_policies;
    DeleteRolePolicy(RolePolicyRequest) -> EmptyOutput = ops::delete_role_policy;
    CreatePolicy(CreatePolicyRequest) -> CreatePolicyOutput = ops::create_policy;
    DeletePolicy(PolicyArnRequest) -> EmptyOutput = ops::delete_policy;
    AttachRolePolicy(RolePolicyArnRequest) -> EmptyOutput = ops::attach_role_policy;
    DetachRolePolicy(RolePolicyArnRequest) -> EmptyOutput = ops::detach_role_policy;
    ListAttachedRolePolicies(RoleNameRequest) -> ListAttachedRolePoliciesOutput = ops::list_attached_role_policies;
    CreateInstanceProfile(CreateInstanceProfileRequest) -> InstanceProfileOutput = ops::create_instance_profile;
    GetInstanceProfile(InstanceProfileNameRequest) -> InstanceProfileOutput = ops::get_instance_profile;
    ListInstanceProfiles(ListInstanceProfilesRequest) -> ListInstanceProfilesOutput = ops::list_instance_profiles;
    AddRoleToInstanceProfile(InstanceProfileRoleRequest) -> EmptyOutput = ops::add_role_to_instance_profile;
    RemoveRoleFromInstanceProfile(InstanceProfileRoleRequest) -> EmptyOutput = ops::remove_role_from_instance_profile;
    DeleteInstanceProfile(InstanceProfileNameRequest) -> EmptyOutput = ops::delete_instance_profile;
}
