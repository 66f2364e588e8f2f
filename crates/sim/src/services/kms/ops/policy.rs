//! Key policies: GetKeyPolicy, PutKeyPolicy, ListKeyPolicies. Every key has exactly one policy,
//! named `default`; the evaluation itself is in `access.rs` and runs on every call.

use super::*;

/// The policy lockout safety check: a new policy must still let the caller call PutKeyPolicy.
pub(crate) fn lockout_check(
    world: &World,
    cx: &mut CallContext,
    policy: &access::KeyPolicy,
    arn: &str,
) -> Result<(), ApiError> {
    let request = access::Request {
        caller: &world.kms.caller,
        action: "kms:PutKeyPolicy",
        key_arn: arn,
        via_service: None,
        encryption_context: None,
    };
    if !matches!(policy.evaluate(&request), Decision::Allow(_)) {
        cx.why(format!(
            "the new policy would not let {} call PutKeyPolicy again, which could make the key unmanageable; pass \
             BypassPolicyLockoutSafetyCheck only if that is intended",
            world.kms.caller
        ));
        return Err(ApiError::bad_request(
            "MalformedPolicyDocumentException",
            "The new key policy will not allow you to update the key policy in the future.",
        ));
    }
    Ok(())
}

fn check_policy_name(cx: &mut CallContext, name: Option<&str>) -> Result<(), ApiError> {
    match name {
        None | Some("default") => Ok(()),
        Some(other) => {
            cx.why("a key has one policy and its name is always 'default'");
            Err(ApiError::bad_request("NotFoundException", format!("No such policy exists: {other}")))
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetKeyPolicyRequest {
    pub key_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetKeyPolicyResponse {
    pub policy: String,
    pub policy_name: String,
}

pub fn get_key_policy(
    world: &mut World,
    cx: &mut CallContext,
    input: GetKeyPolicyRequest,
) -> Result<GetKeyPolicyResponse, ApiError> {
    check_policy_name(cx, input.policy_name.as_deref())?;
    let id = key_for(world, cx, &input.key_id, KeyRef::IdOrArn, "GetKeyPolicy", OpClass::Any, AuthContext::default())?;
    cx.why(format!("the key policy of key {id}: it decides who may use and manage the key"));
    Ok(GetKeyPolicyResponse { policy: key(world, &id).policy.clone(), policy_name: "default".into() })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutKeyPolicyRequest {
    pub key_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_name: Option<String>,
    pub policy: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bypass_policy_lockout_safety_check: Option<bool>,
}

pub fn put_key_policy(
    world: &mut World,
    cx: &mut CallContext,
    input: PutKeyPolicyRequest,
) -> Result<EmptyResponse, ApiError> {
    check_policy_name(cx, input.policy_name.as_deref())?;
    check_length(cx, "policy", input.policy.len(), 1, 131_072, format!("{} bytes", input.policy.len()))?;
    let id = key_for(world, cx, &input.key_id, KeyRef::IdOrArn, "PutKeyPolicy", OpClass::Any, AuthContext::default())?;
    let parsed =
        access::parse(&input.policy).inspect_err(|e| cx.why(format!("the key policy was rejected: {}", e.message)))?;
    let arn = key(world, &id).arn.clone();
    if input.bypass_policy_lockout_safety_check != Some(true) {
        lockout_check(world, cx, &parsed, &arn)?;
    }
    key_mut(world, &id).policy = input.policy;
    cx.why(format!(
        "key {id} has a new policy with {} statement(s); it applies from the next call",
        parsed.statements.len()
    ));
    Ok(EmptyResponse {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListKeyPoliciesRequest {
    pub key_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListKeyPoliciesResponse {
    pub policy_names: Vec<String>,
    pub truncated: bool,
}

pub fn list_key_policies(
    world: &mut World,
    cx: &mut CallContext,
    input: ListKeyPoliciesRequest,
) -> Result<ListKeyPoliciesResponse, ApiError> {
    let id =
        key_for(world, cx, &input.key_id, KeyRef::IdOrArn, "ListKeyPolicies", OpClass::Any, AuthContext::default())?;
    let (policy_names, _, truncated) = paginate(cx, &["default".to_string()], input.limit, input.marker.as_deref())?;
    cx.why(format!("key {id} has exactly one key policy, named 'default'"));
    Ok(ListKeyPoliciesResponse { policy_names, truncated })
}
