//! Grants: CreateGrant, ListGrants, ListRetirableGrants, RetireGrant, RevokeGrant. A grant lets
//! one principal call some operations on one key, optionally only with a given encryption
//! context. In AWS a new grant takes up to about five minutes to apply everywhere; in Nimbus Lab it
//! applies at once (so grant tokens are accepted but never needed).

use super::*;

fn check_principal(cx: &mut CallContext, field: &str, p: &str) -> Result<(), ApiError> {
    check_length(cx, field, p.len(), 1, 256, p)?;
    if !p.bytes().all(|b| b.is_ascii_alphanumeric() || b"_+=,.@:/-".contains(&b)) {
        return Err(constraint(cx, p, field, "satisfy regular expression pattern: ^[\\w+=,.@:/-]+$"));
    }
    Ok(())
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateGrantRequest {
    pub key_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grantee_principal: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retiring_principal: Option<String>,
    pub operations: Vec<GrantOperation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraints: Option<GrantConstraints>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grant_tokens: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateGrantResponse {
    pub grant_token: String,
    pub grant_id: String,
}

pub fn create_grant(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateGrantRequest,
) -> Result<CreateGrantResponse, ApiError> {
    let Some(grantee) = input.grantee_principal.clone() else {
        return Err(validation(cx, "GranteePrincipal is required.", "a grant names the principal it lets in"));
    };
    check_principal(cx, "granteePrincipal", &grantee)?;
    if let Some(r) = &input.retiring_principal {
        check_principal(cx, "retiringPrincipal", r)?;
    }
    if input.operations.is_empty() {
        return Err(validation(cx, "Operations must not be empty.", "a grant allows at least one operation"));
    }
    if let Some(name) = &input.name {
        check_length(cx, "name", name.len(), 1, 256, name)?;
        if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b":/_-".contains(&b)) {
            return Err(constraint(cx, name, "name", "satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$"));
        }
    }
    if let Some(c) = &input.constraints {
        if c.encryption_context_equals.is_some() && c.encryption_context_subset.is_some() {
            return Err(validation(
                cx,
                "A grant constraint can specify EncryptionContextEquals or EncryptionContextSubset, not both.",
                "choose one kind of encryption context constraint",
            ));
        }
    }
    check_grant_tokens(world, cx, &input.grant_tokens)?;
    let id = key_for(
        world,
        cx,
        &input.key_id,
        KeyRef::IdOrArn,
        "CreateGrant",
        OpClass::CreateGrant,
        AuthContext::default(),
    )?;
    let k = key(world, &id);
    if k.grants.len() >= MAX_GRANTS_PER_KEY {
        cx.why(format!("key {id} already has {MAX_GRANTS_PER_KEY} grants, the quota"));
        return Err(ApiError::bad_request(
            "LimitExceededException",
            "The request was rejected because a quota was exceeded.",
        ));
    }
    dry_run(cx, input.dry_run, "CreateGrant")?;
    // Creating a grant with the same name, grantee, operations and constraints returns the existing one.
    if let Some(name) = &input.name {
        if let Some(g) = k.grants.iter().find(|g| {
            g.name.as_deref() == Some(name)
                && g.grantee_principal == grantee
                && g.operations == input.operations
                && g.constraints == input.constraints
        }) {
            cx.why(format!(
                "a grant named {name} with the same settings exists, so KMS returns it instead of a new one"
            ));
            return Ok(CreateGrantResponse { grant_token: g.grant_token.clone(), grant_id: g.grant_id.clone() });
        }
    }
    let (grant_id, grant_token) = new_grant_ids(world);
    let now = world.now();
    let ops: Vec<&str> = input.operations.iter().map(|o| o.as_str()).collect();
    cx.why(format!("{grantee} may now call {} on key {id} (until the grant is retired or revoked)", ops.join(", ")));
    key_mut(world, &id).grants.push(Grant {
        grant_id: grant_id.clone(),
        grant_token: grant_token.clone(),
        name: input.name,
        creation_date: now,
        grantee_principal: grantee,
        retiring_principal: input.retiring_principal,
        operations: input.operations,
        constraints: input.constraints,
    });
    Ok(CreateGrantResponse { grant_token, grant_id })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListGrantsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    pub key_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grantee_principal: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GrantListEntry {
    pub key_id: String,
    pub grant_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub creation_date: SimTime,
    pub grantee_principal: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retiring_principal: Option<String>,
    pub issuing_account: String,
    pub operations: Vec<GrantOperation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraints: Option<GrantConstraints>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListGrantsResponse {
    pub grants: Vec<GrantListEntry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
    pub truncated: bool,
}

fn entry(k: &Key, g: &Grant) -> GrantListEntry {
    GrantListEntry {
        key_id: k.arn.clone(),
        grant_id: g.grant_id.clone(),
        name: g.name.clone(),
        creation_date: g.creation_date,
        grantee_principal: g.grantee_principal.clone(),
        retiring_principal: g.retiring_principal.clone(),
        issuing_account: format!("arn:aws:iam::{ACCOUNT_ID}:root"),
        operations: g.operations.clone(),
        constraints: g.constraints.clone(),
    }
}

pub fn list_grants(
    world: &mut World,
    cx: &mut CallContext,
    input: ListGrantsRequest,
) -> Result<ListGrantsResponse, ApiError> {
    let id = key_for(world, cx, &input.key_id, KeyRef::IdOrArn, "ListGrants", OpClass::Any, AuthContext::default())?;
    let k = key(world, &id);
    if let Some(gid) = &input.grant_id {
        if !k.grants.iter().any(|g| &g.grant_id == gid) {
            cx.why(format!("key {id} has no grant with id {gid}"));
            return Err(ApiError::bad_request("InvalidGrantIdException", "The specified GrantId is not valid."));
        }
    }
    let all: Vec<GrantListEntry> = k
        .grants
        .iter()
        .filter(|g| input.grant_id.as_ref().is_none_or(|x| &g.grant_id == x))
        .filter(|g| input.grantee_principal.as_ref().is_none_or(|x| &g.grantee_principal == x))
        .map(|g| entry(k, g))
        .collect();
    let (grants, next_marker, truncated) = paginate(cx, &all, input.limit, input.marker.as_deref())?;
    cx.why(format!("key {id} has {} matching grant(s)", all.len()));
    Ok(ListGrantsResponse { grants, next_marker, truncated })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListRetirableGrantsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    pub retiring_principal: String,
}

pub fn list_retirable_grants(
    world: &mut World,
    cx: &mut CallContext,
    input: ListRetirableGrantsRequest,
) -> Result<ListGrantsResponse, ApiError> {
    check_principal(cx, "retiringPrincipal", &input.retiring_principal)?;
    let region = cx.region.clone();
    let all: Vec<GrantListEntry> = world
        .kms
        .keys
        .values()
        .filter(|k| k.region == region)
        .flat_map(|k| {
            k.grants
                .iter()
                .filter(|g| g.retiring_principal.as_deref() == Some(&input.retiring_principal))
                .map(move |g| entry(k, g))
        })
        .collect();
    let (grants, next_marker, truncated) = paginate(cx, &all, input.limit, input.marker.as_deref())?;
    cx.why(format!("{} grant(s) name {} as retiring principal", all.len(), input.retiring_principal));
    Ok(ListGrantsResponse { grants, next_marker, truncated })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RetireGrantRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

/// Who may retire a grant: the account that made it, its retiring principal, or its grantee when
/// the grant includes RetireGrant.
pub fn retire_grant(
    world: &mut World,
    cx: &mut CallContext,
    input: RetireGrantRequest,
) -> Result<EmptyResponse, ApiError> {
    let (key_id, grant_id) = match (&input.grant_token, &input.key_id, &input.grant_id) {
        (Some(token), _, _) => {
            let found = world.kms.keys.values().find_map(|k| {
                k.grants.iter().find(|g| &g.grant_token == token).map(|g| (k.key_id.clone(), g.grant_id.clone()))
            });
            match found {
                Some(pair) => pair,
                None => {
                    cx.why("the grant token matches no grant (never issued, or already retired or revoked)");
                    return Err(ApiError::bad_request("InvalidGrantTokenException", "The grant token is not valid."));
                }
            }
        }
        (None, Some(k), Some(g)) => (resolve(world, cx, k, KeyRef::IdOrArn)?, g.clone()),
        _ => {
            return Err(validation(
                cx,
                "Either GrantToken, or both KeyId and GrantId, must be specified.",
                "RetireGrant identifies the grant by its token, or by key and grant id",
            ))
        }
    };
    let k = key(world, &key_id);
    cx.touch(k.arn.clone());
    let Some(grant) = k.grants.iter().find(|g| g.grant_id == grant_id) else {
        cx.why(format!("key {key_id} has no grant with id {grant_id}"));
        return Err(ApiError::bad_request("NotFoundException", format!("Grant ID {grant_id} not found")));
    };
    let caller = world.kms.caller.clone();
    let may = caller == access::root_arn()
        || grant.retiring_principal.as_deref() == Some(caller.as_str())
        || (grant.grantee_principal == caller && grant.operations.contains(&GrantOperation::RetireGrant));
    if !may {
        cx.why(format!(
            "{caller} is neither the account, the retiring principal, nor a grantee allowed to retire this grant"
        ));
        return Err(ApiError::bad_request(
            "AccessDeniedException",
            format!("User: {caller} is not authorized to perform: kms:RetireGrant on resource: {}", k.arn),
        ));
    }
    dry_run(cx, input.dry_run, "RetireGrant")?;
    key_mut(world, &key_id).grants.retain(|g| g.grant_id != grant_id);
    cx.why(format!("grant {grant_id} on key {key_id} is retired: its grantee loses the access it gave"));
    Ok(EmptyResponse {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RevokeGrantRequest {
    pub key_id: String,
    pub grant_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

pub fn revoke_grant(
    world: &mut World,
    cx: &mut CallContext,
    input: RevokeGrantRequest,
) -> Result<EmptyResponse, ApiError> {
    let id = key_for(world, cx, &input.key_id, KeyRef::IdOrArn, "RevokeGrant", OpClass::Any, AuthContext::default())?;
    if !key(world, &id).grants.iter().any(|g| g.grant_id == input.grant_id) {
        cx.why(format!("key {id} has no grant with id {}", input.grant_id));
        return Err(ApiError::bad_request("NotFoundException", format!("Grant ID {} not found", input.grant_id)));
    }
    dry_run(cx, input.dry_run, "RevokeGrant")?;
    key_mut(world, &id).grants.retain(|g| g.grant_id != input.grant_id);
    cx.why(format!("grant {} on key {id} is revoked by the key's administrator", input.grant_id));
    Ok(EmptyResponse {})
}
