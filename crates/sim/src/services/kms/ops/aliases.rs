//! Aliases: CreateAlias, UpdateAlias, DeleteAlias, ListAliases. An alias is a friendly name
//! (`alias/…`) for one key in one Region; a key can have many (50 at most).

use super::*;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateAliasRequest {
    pub alias_name: String,
    pub target_key_id: String,
}

pub type UpdateAliasRequest = CreateAliasRequest;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteAliasRequest {
    pub alias_name: String,
}

/// Checks an alias name: 1–256 characters of `[a-zA-Z0-9:/_-]`, beginning `alias/`, not in the
/// reserved `alias/aws/` namespace.
pub(crate) fn check_alias_name(cx: &mut CallContext, name: &str) -> Result<(), ApiError> {
    check_length(cx, "aliasName", name.len(), 1, 256, name)?;
    if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b":/_-".contains(&b)) {
        return Err(constraint(cx, name, "aliasName", "satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$"));
    }
    if !name.starts_with("alias/") || name.len() == "alias/".len() {
        cx.why("alias names begin with alias/ followed by a name, like alias/my-app-key");
        return Err(ApiError::bad_request(
            "InvalidAliasNameException",
            "Alias must start with the prefix \"alias/\". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html",
        ));
    }
    if name.starts_with("alias/aws/") {
        // The model lists InvalidAliasNameException; moto answers NotAuthorizedException. Nimbus
        // Lab follows the model.
        cx.why("the alias/aws/ prefix is reserved for AWS managed keys, which AWS services create");
        return Err(ApiError::bad_request(
            "InvalidAliasNameException",
            format!("{name} is reserved: alias names that begin with alias/aws/ are reserved for AWS managed keys."),
        ));
    }
    Ok(())
}

fn target_key(world: &World, cx: &mut CallContext, target: &str, operation: &str) -> Result<String, ApiError> {
    if target.starts_with("alias/") || target.contains(":alias/") {
        return Err(validation(
            cx,
            "Aliases must refer to keys. Not aliases",
            "an alias points at a key id or key ARN, never at another alias",
        ));
    }
    key_for(world, cx, target, KeyRef::IdOrArn, operation, OpClass::AliasTarget, AuthContext::default())
}

pub fn create_alias(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateAliasRequest,
) -> Result<EmptyResponse, ApiError> {
    check_alias_name(cx, &input.alias_name)?;
    let region = cx.region.clone();
    let arn = alias_arn(&region, &input.alias_name);
    cx.touch(arn.clone());
    if world.kms.aliases.contains_key(&arn) {
        cx.why(format!("{} already names a key in {region}: use UpdateAlias to point it elsewhere", input.alias_name));
        return Err(ApiError::bad_request(
            "AlreadyExistsException",
            format!("An alias with the name {arn} already exists"),
        ));
    }
    if input.target_key_id.starts_with("alias/") || input.target_key_id.contains(":alias/") {
        return Err(validation(
            cx,
            "Aliases must refer to keys. Not aliases",
            "an alias points at a key id or key ARN, never at another alias",
        ));
    }
    let id = key_for(
        world,
        cx,
        &input.target_key_id,
        KeyRef::IdOrArn,
        "CreateAlias",
        OpClass::Manage,
        AuthContext::default(),
    )?;
    let count = world.kms.aliases.values().filter(|a| a.target_key_id == id).count();
    if count >= MAX_ALIASES_PER_KEY {
        cx.why(format!("key {id} already has {MAX_ALIASES_PER_KEY} aliases, the quota"));
        return Err(ApiError::bad_request(
            "LimitExceededException",
            "The request was rejected because a quota was exceeded.",
        ));
    }
    let now = world.now();
    world.kms.aliases.insert(
        arn.clone(),
        Alias {
            name: input.alias_name.clone(),
            arn,
            region,
            target_key_id: id.clone(),
            creation_date: now,
            last_updated_date: now,
        },
    );
    cx.why(format!("{} now names key {id}: cryptographic operations and DescribeKey accept it", input.alias_name));
    Ok(EmptyResponse {})
}

pub fn update_alias(
    world: &mut World,
    cx: &mut CallContext,
    input: UpdateAliasRequest,
) -> Result<EmptyResponse, ApiError> {
    check_length(cx, "aliasName", input.alias_name.len(), 1, 256, &input.alias_name)?;
    let region = cx.region.clone();
    let arn = alias_arn(&region, &input.alias_name);
    cx.touch(arn.clone());
    let Some(current) = world.kms.aliases.get(&arn).map(|a| a.target_key_id.clone()) else {
        cx.why(format!("no alias named {} exists in {region}", input.alias_name));
        return Err(ApiError::bad_request("NotFoundException", format!("Alias {arn} is not found.")));
    };
    // UpdateAlias needs permission on the key the alias leaves and the key it moves to.
    authorize(world, cx, &current, "UpdateAlias", AuthContext::default())?;
    let new = target_key(world, cx, &input.target_key_id, "UpdateAlias")?;
    let (old_key, new_key) = (key(world, &current), key(world, &new));
    if old_key.key_spec != new_key.key_spec || old_key.key_usage != new_key.key_usage {
        return Err(validation(
            cx,
            format!(
                "Alias {} currently points to a {} {} key; the new key must have the same key type and key usage.",
                input.alias_name, old_key.key_spec, old_key.key_usage
            ),
            "UpdateAlias keeps an alias on the same kind of key, so code using the alias keeps working",
        ));
    }
    let now = world.now();
    let alias = world.kms.aliases.get_mut(&arn).expect("found above");
    alias.target_key_id = new.clone();
    alias.last_updated_date = now;
    cx.why(format!(
        "{} moved from key {current} to key {new}: new calls through the alias use the new key; data encrypted \
         under the old key still needs it enabled to decrypt",
        input.alias_name
    ));
    Ok(EmptyResponse {})
}

pub fn delete_alias(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteAliasRequest,
) -> Result<EmptyResponse, ApiError> {
    check_length(cx, "aliasName", input.alias_name.len(), 1, 256, &input.alias_name)?;
    let region = cx.region.clone();
    let arn = alias_arn(&region, &input.alias_name);
    cx.touch(arn.clone());
    let Some(target) = world.kms.aliases.get(&arn).map(|a| a.target_key_id.clone()) else {
        cx.why(format!("no alias named {} exists in {region}", input.alias_name));
        return Err(ApiError::bad_request("NotFoundException", format!("Alias {arn} is not found.")));
    };
    cx.touch(key(world, &target).arn.clone());
    authorize(world, cx, &target, "DeleteAlias", AuthContext::default())?;
    world.kms.aliases.remove(&arn);
    cx.why(format!("{} is deleted; key {target} itself is unchanged", input.alias_name));
    Ok(EmptyResponse {})
}

// ------------------------------------------------------------------------------ ListAliases

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListAliasesRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AliasListEntry {
    pub alias_name: String,
    pub alias_arn: String,
    pub target_key_id: String,
    pub creation_date: SimTime,
    pub last_updated_date: SimTime,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListAliasesResponse {
    pub aliases: Vec<AliasListEntry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
    pub truncated: bool,
}

pub fn list_aliases(
    world: &mut World,
    cx: &mut CallContext,
    input: ListAliasesRequest,
) -> Result<ListAliasesResponse, ApiError> {
    let region = cx.region.clone();
    let filter = match &input.key_id {
        Some(k) => Some(resolve(world, cx, k, KeyRef::IdOrArn)?),
        None => None,
    };
    let all: Vec<AliasListEntry> = world
        .kms
        .aliases
        .values()
        .filter(|a| a.region == region && filter.as_ref().is_none_or(|id| &a.target_key_id == id))
        .map(|a| AliasListEntry {
            alias_name: a.name.clone(),
            alias_arn: a.arn.clone(),
            target_key_id: a.target_key_id.clone(),
            creation_date: a.creation_date,
            last_updated_date: a.last_updated_date,
        })
        .collect();
    let (aliases, next_marker, truncated) = paginate(cx, &all, input.limit, input.marker.as_deref())?;
    cx.why(match &filter {
        Some(id) => format!("{} alias(es) name key {id}", all.len()),
        None => format!("{} alias(es) in {region}", all.len()),
    });
    Ok(ListAliasesResponse { aliases, next_marker, truncated })
}
