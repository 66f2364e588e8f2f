//! One function per KMS operation: validate, authorize (key policy and grants), check the key
//! state table, change the World, answer or fail as KMS does. Input and output structs carry the
//! field names of the KMS API model (`shared/reference/aws-api/kms.json`).
//!
//! `keys.rs`: key lifecycle and deletion; `crypto.rs`: Encrypt, Decrypt, data keys, Sign, MACs;
//! `aliases.rs`; `rotation.rs`; `import.rs`: bring your own key material; `policy.rs`: key
//! policies; `grants.rs`; `tags.rs`.

mod aliases;
mod crypto;
#[cfg(feature = "cloudhsm")]
pub(crate) mod custom_key_stores;
mod grants;
mod import;
mod keys;
mod policy;
mod rotation;
mod tags;

pub use aliases::*;
pub use crypto::*;
#[cfg(feature = "cloudhsm")]
pub use custom_key_stores::*;
pub use grants::*;
pub use import::*;
pub use keys::*;
pub use policy::*;
pub use rotation::*;
pub use tags::*;

use super::access::{self, Decision};
use super::cipher;
use super::model::*;
use crate::error::ApiError;
use crate::ids;
use crate::time::SimTime;
use crate::world::{CallContext, World, ACCOUNT_ID};
use rand::Rng;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub type EncryptionContext = BTreeMap<String, String>;

/// The output of operations that return nothing (`{}`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EmptyResponse {}

// ------------------------------------------------------------------------------ errors

/// `1 validation error detected: Value '…' at '…' failed to satisfy constraint: …`, as AWS words
/// model constraint failures.
pub(crate) fn constraint(cx: &mut CallContext, value: impl std::fmt::Display, field: &str, rule: &str) -> ApiError {
    cx.why(format!("{field} must {rule}; {value} does not"));
    ApiError::validation(format!(
        "1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: Member must {rule}"
    ))
}

pub(crate) fn validation(cx: &mut CallContext, message: impl Into<String>, why: impl Into<String>) -> ApiError {
    cx.why(why);
    ApiError::validation(message)
}

pub(crate) fn key_not_found(arn: &str) -> ApiError {
    ApiError::bad_request("NotFoundException", format!("Key '{arn}' does not exist"))
}

pub(crate) fn unsupported(cx: &mut CallContext, message: impl Into<String>, why: impl Into<String>) -> ApiError {
    cx.why(why);
    ApiError::bad_request("UnsupportedOperationException", message)
}

pub(crate) fn invalid_ciphertext() -> ApiError {
    ApiError::bad_request(
        "InvalidCiphertextException",
        "The request was rejected because the specified ciphertext, or additional authenticated data incorporated \
         into the ciphertext, such as the encryption context, is corrupted, missing, or otherwise invalid.",
    )
}

pub(crate) fn invalid_key_usage(cx: &mut CallContext, key: &Key, operation: &str) -> ApiError {
    cx.why(format!("{operation} needs a key whose KeyUsage allows it; this key's KeyUsage is {}", key.key_usage));
    ApiError::bad_request(
        "InvalidKeyUsageException",
        format!("{} key usage is {} which is not valid for {operation}.", key.arn, key.key_usage),
    )
}

pub(crate) fn dry_run(cx: &mut CallContext, flag: Option<bool>, operation: &str) -> Result<(), ApiError> {
    if flag == Some(true) {
        cx.why(format!("DryRun: every check of {operation} passed, so nothing was done"));
        return Err(ApiError::bad_request(
            "DryRunOperationException",
            "The request would have succeeded, but the DryRun option is set.",
        ));
    }
    Ok(())
}

// --------------------------------------------------------------------------- validation

pub(crate) fn check_grant_tokens(world: &World, cx: &mut CallContext, tokens: &[String]) -> Result<(), ApiError> {
    if tokens.len() > 10 {
        return Err(constraint(
            cx,
            format!("{} tokens", tokens.len()),
            "grantTokens",
            "have length less than or equal to 10",
        ));
    }
    for t in tokens {
        let known = world.kms.keys.values().flat_map(|k| &k.grants).any(|g| &g.grant_token == t);
        if !known {
            cx.why("a grant token in the request matches no grant (it was never issued, or the grant is gone)");
            return Err(ApiError::bad_request("InvalidGrantTokenException", "The grant token is not valid."));
        }
    }
    Ok(())
}

pub(crate) fn check_context(cx: &mut CallContext, context: Option<&EncryptionContext>) -> Result<(), ApiError> {
    for k in context.into_iter().flat_map(|c| c.keys()) {
        if k.is_empty() {
            return Err(validation(
                cx,
                "Encryption context keys must not be empty.",
                "encryption context keys are non-empty strings",
            ));
        }
    }
    Ok(())
}

pub(crate) fn check_length(
    cx: &mut CallContext,
    field: &str,
    len: usize,
    min: usize,
    max: usize,
    shown: impl std::fmt::Display,
) -> Result<(), ApiError> {
    if len < min {
        return Err(constraint(cx, shown, field, &format!("have length greater than or equal to {min}")));
    }
    if len > max {
        return Err(constraint(cx, shown, field, &format!("have length less than or equal to {max}")));
    }
    Ok(())
}

// ------------------------------------------------------------------------------ randomness

pub(crate) fn random_bytes(world: &mut World, n: usize) -> Vec<u8> {
    let mut out = vec![0u8; n];
    world.rng().fill_bytes(&mut out);
    out
}

pub(crate) fn random_iv(world: &mut World) -> [u8; cipher::IV_LEN] {
    let mut iv = [0u8; cipher::IV_LEN];
    world.rng().fill_bytes(&mut iv);
    iv
}

/// New key material for `spec`, from the seeded generator.
pub(crate) fn new_secret(world: &mut World, spec: KeySpec) -> Vec<u8> {
    loop {
        let s = random_bytes(world, 32);
        if spec != KeySpec::EccNistP256 || cipher::valid_p256_secret(&s) {
            return s;
        }
    }
}

pub(crate) fn new_material(key_id: &str, secret: Vec<u8>, now: SimTime, rotation: Option<RotationType>) -> Material {
    Material {
        id: cipher::material_id(key_id, &secret),
        secret: Some(secret.into()),
        created: now,
        rotation,
        expiration_model: None,
        valid_to: None,
    }
}

// ------------------------------------------------------------------------- key resolution

/// Which identifiers an operation takes for its key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyRef {
    /// Key id or key ARN (management operations).
    IdOrArn,
    /// Key id, key ARN, alias name or alias ARN (cryptographic operations and DescribeKey).
    AnyIdentifier,
}

fn looks_like_key_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Finds the key `identifier` names in the call's Region and returns its id.
pub(crate) fn resolve(world: &World, cx: &mut CallContext, identifier: &str, kind: KeyRef) -> Result<String, ApiError> {
    let region = cx.region.clone();
    if identifier.is_empty() || identifier.len() > 2048 {
        return Err(constraint(cx, identifier, "keyId", "have length between 1 and 2048"));
    }
    let is_alias =
        identifier.starts_with("alias/") || (identifier.starts_with("arn:") && identifier.contains(":alias/"));
    if is_alias && kind == KeyRef::IdOrArn {
        cx.why("this operation takes a key id or key ARN; aliases are for cryptographic operations and DescribeKey");
        return Err(ApiError::bad_request("NotFoundException", format!("Invalid keyId {identifier}")));
    }
    if let Some(rest) = identifier.strip_prefix("arn:") {
        let parts: Vec<&str> = rest.splitn(5, ':').collect();
        let well_formed = parts.len() == 5
            && parts[0].starts_with("aws")
            && parts[1] == "kms"
            && !parts[2].is_empty()
            && parts[3].len() == 12
            && (parts[4].starts_with("key/") || parts[4].starts_with("alias/"));
        if !well_formed {
            cx.why(format!("'{identifier}' is not a well-formed KMS key or alias ARN"));
            return Err(ApiError::bad_request("InvalidArnException", format!("ARN {identifier} is not valid.")));
        }
        if parts[2] != region || parts[3] != ACCOUNT_ID {
            cx.why(format!(
                "the ARN names Region {} / account {}, but the call runs in {region} / {ACCOUNT_ID}: keys are regional",
                parts[2], parts[3]
            ));
            return Err(if parts[4].starts_with("alias/") {
                ApiError::bad_request("NotFoundException", format!("Alias {identifier} is not found."))
            } else {
                key_not_found(identifier)
            });
        }
        if let Some(id) = parts[4].strip_prefix("key/") {
            return lookup_key_id(world, cx, id, &region);
        }
        return lookup_alias(world, cx, parts[4], &region);
    }
    if identifier.starts_with("alias/") {
        return lookup_alias(world, cx, identifier, &region);
    }
    if !looks_like_key_id(identifier) {
        cx.why(format!("'{identifier}' is not a key id, key ARN, alias name or alias ARN"));
        return Err(ApiError::bad_request("NotFoundException", format!("Invalid keyId {identifier}")));
    }
    lookup_key_id(world, cx, identifier, &region)
}

fn lookup_key_id(world: &World, cx: &mut CallContext, id: &str, region: &str) -> Result<String, ApiError> {
    match world.kms.keys.get(id) {
        Some(k) if k.region == region => Ok(k.key_id.clone()),
        _ => {
            let arn = key_arn(region, id);
            cx.touch(arn.clone());
            cx.why(format!(
                "no key with id {id} exists in {region} (never created, or deleted after its waiting period)"
            ));
            Err(key_not_found(&arn))
        }
    }
}

fn lookup_alias(world: &World, cx: &mut CallContext, name: &str, region: &str) -> Result<String, ApiError> {
    let arn = alias_arn(region, name);
    match world.kms.aliases.get(&arn) {
        Some(a) => Ok(a.target_key_id.clone()),
        None => {
            cx.why(format!("no alias named {name} exists in {region}"));
            Err(ApiError::bad_request("NotFoundException", format!("Alias {arn} is not found.")))
        }
    }
}

// ----------------------------------------------------------------------------- authorization

/// What an authorization check needs besides the key and action.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct AuthContext<'a> {
    pub via_service: Option<&'a str>,
    pub encryption_context: Option<&'a EncryptionContext>,
}

/// Evaluates the key policy and the key's grants for the caller; explicit Deny wins, then Allow
/// from the policy or a grant, else AccessDeniedException.
pub(crate) fn authorize(
    world: &World,
    cx: &mut CallContext,
    key_id: &str,
    operation: &str,
    auth: AuthContext,
) -> Result<(), ApiError> {
    let Some(key) = world.kms.keys.get(key_id) else { return Err(key_not_found(key_id)) };
    let caller = world.kms.caller.as_str();
    let action = format!("kms:{operation}");
    let request = access::Request {
        caller,
        action: &action,
        key_arn: &key.arn,
        via_service: auth.via_service,
        encryption_context: auth.encryption_context,
    };
    // Stored policies were validated when set; a policy that no longer parses allows nothing.
    let decision = access::parse_cached(&key.policy).map(|p| p.evaluate(&request)).unwrap_or(Decision::ImplicitDeny);
    let denied = |cx: &mut CallContext, tail: &str, why: String| {
        cx.why(why);
        ApiError::bad_request(
            "AccessDeniedException",
            format!("User: {caller} is not authorized to perform: {action} on resource: {} {tail}", key.arn),
        )
    };
    match decision {
        Decision::ExplicitDeny(sid) => Err(denied(
            cx,
            "with an explicit deny in a resource-based policy",
            format!("the key policy statement '{sid}' explicitly denies {action} to {caller}; a Deny beats any Allow"),
        )),
        Decision::Allow(_) => Ok(()),
        Decision::ImplicitDeny => {
            let grant = key.grants.iter().find(|g| {
                g.grantee_principal == caller
                    && g.operations.iter().any(|op| op.as_str() == operation)
                    && g.constraints.as_ref().is_none_or(|c| c.allow(auth.encryption_context))
            });
            match grant {
                Some(_) => Ok(()),
                None => Err(denied(
                    cx,
                    "because no resource-based policy allows the action",
                    format!("no statement of the key policy and no grant allows {action} to {caller}"),
                )),
            }
        }
    }
}

/// Resolves, authorizes and state-checks the key an operation acts on; returns its id.
pub(crate) fn key_for(
    world: &World,
    cx: &mut CallContext,
    identifier: &str,
    kind: KeyRef,
    operation: &str,
    class: OpClass,
    auth: AuthContext,
) -> Result<String, ApiError> {
    let id = resolve(world, cx, identifier, kind)?;
    let key = &world.kms.keys[&id];
    cx.touch(key.arn.clone());
    authorize(world, cx, &id, operation, auth)?;
    check_state(key, class, operation).map_err(|(e, why)| {
        cx.why(why);
        e
    })?;
    #[cfg(feature = "cloudhsm")]
    if class == OpClass::Crypto {
        custom_key_stores::check_material_reachable(world, cx, key)?;
    }
    Ok(id)
}

pub(crate) fn key<'w>(world: &'w World, id: &str) -> &'w Key {
    &world.kms.keys[id]
}

pub(crate) fn key_mut<'w>(world: &'w mut World, id: &str) -> &'w mut Key {
    world.kms.keys.get_mut(id).expect("the key was resolved by this call")
}

// ----------------------------------------------------------------------------- pagination

/// A page of `items` after `marker` (an index the previous page returned).
pub(crate) fn paginate<T: Clone>(
    cx: &mut CallContext,
    items: &[T],
    limit: Option<i64>,
    marker: Option<&str>,
) -> Result<(Vec<T>, Option<String>, bool), ApiError> {
    let limit = match limit {
        None => 100,
        Some(l) if (1..=1000).contains(&l) => l as usize,
        Some(l) => return Err(constraint(cx, l, "limit", "have value between 1 and 1000")),
    };
    let start = match marker {
        None => 0,
        Some(m) => match m.parse::<usize>() {
            Ok(i) if i <= items.len() => i,
            _ => {
                cx.why("the Marker is not one a previous page of this list returned");
                return Err(ApiError::bad_request(
                    "InvalidMarkerException",
                    "The marker that specifies where to start is not valid.",
                ));
            }
        },
    };
    let end = (start + limit).min(items.len());
    let truncated = end < items.len();
    Ok((items[start..end].to_vec(), truncated.then(|| end.to_string()), truncated))
}

/// The key's grants evaluated for the caller also see grant ids and tokens; they come from the
/// generator like everything else.
pub(crate) fn new_grant_ids(world: &mut World) -> (String, String) {
    let id = ids::hex(world.rng(), 64);
    let token = cipher::hex(&random_bytes(world, 48));
    (id, token)
}
