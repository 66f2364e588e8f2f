//! CloudHSM key stores (only with the `cloudhsm` feature): CreateCustomKeyStore,
//! ConnectCustomKeyStore, DisconnectCustomKeyStore, DescribeCustomKeyStores,
//! UpdateCustomKeyStore, DeleteCustomKeyStore, and what CreateKey does with Origin AWS_CLOUDHSM:
//! KMS logs in to the cluster as the crypto user `kmsuser` and generates the key material inside
//! its HSMs (a key handle labelled with the KMS key id). While the store is disconnected its keys
//! are Unavailable; when it connects again they return to the state they had.

use super::*;
use crate::services::cloudhsm::client as hsm_client;
use crate::services::cloudhsm::model::{Cluster, ClusterState};
use crate::services::kms::jobs::{self, Job};
use crate::time::SimDuration;

/// Custom key stores per account and Region.
pub const MAX_CUSTOM_KEY_STORES: usize = 10;
/// How long ConnectCustomKeyStore takes (AWS: up to 20 minutes).
pub const CONNECT_MINUTES: i64 = 5;
pub const DISCONNECT_MINUTES: i64 = 1;

fn store_not_found(cx: &mut CallContext, what: &str) -> ApiError {
    cx.why(format!("no custom key store {what} exists in {}", cx.region));
    ApiError::bad_request(
        "CustomKeyStoreNotFoundException",
        "The request was rejected because KMS cannot find a custom key store with the specified key store name or ID.",
    )
}

fn invalid_state(cx: &mut CallContext, message: impl Into<String>, why: impl Into<String>) -> ApiError {
    cx.why(why);
    ApiError::bad_request("CustomKeyStoreInvalidStateException", message)
}

fn find_store<'w>(world: &'w World, cx: &mut CallContext, id: &str) -> Result<&'w CustomKeyStore, ApiError> {
    check_length(cx, "customKeyStoreId", id.len(), 1, 64, id)?;
    match world.kms.custom_key_stores.get(id).filter(|s| s.region == cx.region) {
        Some(s) => Ok(s),
        None => Err(store_not_found(cx, id)),
    }
}

/// The cluster behind a store, checked as CreateCustomKeyStore, UpdateCustomKeyStore and CreateKey
/// need it: found, ACTIVE (initialized and activated), with at least `min_hsms` ACTIVE HSMs in
/// as many Availability Zones.
fn usable_cluster<'w>(
    world: &'w World,
    cx: &mut CallContext,
    cluster_id: &str,
    min_hsms: usize,
) -> Result<&'w Cluster, ApiError> {
    let cluster = world.cloudhsm.clusters.get(cluster_id).filter(|c| {
        c.region == cx.region && !matches!(c.state, ClusterState::Deleted | ClusterState::DeleteInProgress)
    });
    let Some(c) = cluster else {
        cx.why(format!("no CloudHSM cluster {cluster_id} exists in {}", cx.region));
        return Err(ApiError::bad_request(
            "CloudHsmClusterNotFoundException",
            "The request was rejected because KMS cannot find the AWS CloudHSM cluster with the specified cluster ID.",
        ));
    };
    cx.touch(crate::services::cloudhsm::ops::cluster_arn(&c.region, cluster_id));
    if !matches!(c.state, ClusterState::Active | ClusterState::Degraded) {
        cx.why(format!("the cluster is {}: it must be initialized and activated (ACTIVE) first", c.state));
        return Err(ApiError::bad_request(
            "CloudHsmClusterNotActiveException",
            "The request was rejected because the AWS CloudHSM cluster that is associated with the custom key store \
             is not active. Initialize and activate the cluster and try the command again.",
        ));
    }
    let azs = c.active_azs();
    if azs.len() < min_hsms {
        cx.why(format!(
            "the cluster has ACTIVE HSMs in {} Availability Zone(s) ({}); this needs at least {min_hsms} ACTIVE HSM(s) \
             in different Availability Zones",
            azs.len(),
            azs.join(", ")
        ));
        return Err(ApiError::bad_request(
            "CloudHsmClusterInvalidConfigurationException",
            format!(
                "The request was rejected because the associated AWS CloudHSM cluster did not meet the configuration \
                 requirements for a custom key store. The cluster must contain at least {min_hsms} active HSM(s) in \
                 different Availability Zones."
            ),
        ));
    }
    Ok(c)
}

/// Refuses to delete a cluster that a key store uses (CloudHSM's DeleteCluster calls it).
pub(crate) fn check_cluster_unused(world: &World, cx: &mut CallContext, cluster_id: &str) -> Result<(), ApiError> {
    if let Some(s) = world.kms.custom_key_stores.values().find(|s| s.cloud_hsm_cluster_id == cluster_id) {
        let id = s.custom_key_store_id.clone();
        cx.why(format!("KMS custom key store {id} uses this cluster: DeleteCustomKeyStore first"));
        return Err(ApiError::bad_request(
            "CloudHsmInvalidRequestException",
            format!("The cluster {cluster_id} is associated with an AWS KMS custom key store ({id})."),
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------- CreateCustomKeyStore

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateCustomKeyStoreRequest {
    pub custom_key_store_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_hsm_cluster_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust_anchor_certificate: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_store_password: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_key_store_type: Option<CustomKeyStoreType>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateCustomKeyStoreResponse {
    pub custom_key_store_id: String,
}

pub fn create_custom_key_store(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateCustomKeyStoreRequest,
) -> Result<CreateCustomKeyStoreResponse, ApiError> {
    let name = input.custom_key_store_name;
    check_length(cx, "customKeyStoreName", name.chars().count(), 1, 256, &name)?;
    if input.custom_key_store_type == Some(CustomKeyStoreType::ExternalKeyStore) {
        return Err(unsupported(
            cx,
            "External key stores are not supported by Nimbus Lab's KMS.",
            "Nimbus Lab simulates CloudHSM key stores (AWS_CLOUDHSM), not external key stores",
        ));
    }
    let (Some(cluster_id), Some(anchor), Some(password)) =
        (input.cloud_hsm_cluster_id, input.trust_anchor_certificate, input.key_store_password)
    else {
        return Err(validation(
            cx,
            "A CloudHSM key store needs CloudHsmClusterId, TrustAnchorCertificate and KeyStorePassword.",
            "CreateCustomKeyStore for AWS_CLOUDHSM takes the cluster id, its trust anchor and kmsuser's password",
        ));
    };
    check_length(cx, "keyStorePassword", password.chars().count(), 7, 32, "********")?;
    check_length(cx, "trustAnchorCertificate", anchor.len(), 1, 5000, format!("{} characters", anchor.len()))?;
    let region = cx.region.clone();
    // An identical request for a store that exists and is disconnected returns that store.
    if let Some(same) = world.kms.custom_key_stores.values().find(|s| {
        s.region == region
            && s.name == name
            && s.cloud_hsm_cluster_id == cluster_id
            && s.trust_anchor_certificate == anchor
            && s.key_store_password == password
            && s.connection_state == ConnectionState::Disconnected
    }) {
        cx.why("a disconnected store with exactly these properties exists, so KMS returns its id");
        return Ok(CreateCustomKeyStoreResponse { custom_key_store_id: same.custom_key_store_id.clone() });
    }
    if world.kms.custom_key_stores.values().any(|s| s.region == region && s.name == name) {
        cx.why(format!("the account already has a custom key store named '{name}' in {region}"));
        return Err(ApiError::bad_request(
            "CustomKeyStoreNameInUseException",
            "The request was rejected because the specified custom key store name is already assigned to another \
             custom key store in the account.",
        ));
    }
    let c = usable_cluster(world, cx, &cluster_id, 0)?;
    let cluster_anchor = c.trust_anchor.clone();
    let cluster_cert = c.certificates.cluster_certificate.clone();
    let in_use = world.kms.custom_key_stores.values().any(|s| {
        s.cloud_hsm_cluster_id == cluster_id
            || world.cloudhsm.clusters.get(&s.cloud_hsm_cluster_id).is_some_and(|o| {
                o.certificates.cluster_certificate.is_some() && o.certificates.cluster_certificate == cluster_cert
            })
    });
    if in_use {
        cx.why(format!("cluster {cluster_id} (or one sharing its backup history) already backs a key store"));
        return Err(ApiError::bad_request(
            "CloudHsmClusterInUseException",
            "The request was rejected because the specified AWS CloudHSM cluster is already associated with a custom \
             key store or it shares a backup history with a cluster that is associated with a custom key store.",
        ));
    }
    usable_cluster(world, cx, &cluster_id, 2)?;
    if cluster_anchor.as_deref().map(str::trim) != Some(anchor.trim()) {
        cx.why("TrustAnchorCertificate must be the CA certificate given to InitializeCluster (customerCA.crt)");
        return Err(ApiError::bad_request(
            "IncorrectTrustAnchorException",
            "The request was rejected because the trust anchor certificate in the request is not the trust anchor \
             certificate for the specified AWS CloudHSM cluster.",
        ));
    }
    if world.kms.custom_key_stores.values().filter(|s| s.region == region).count() >= MAX_CUSTOM_KEY_STORES {
        cx.why(format!("the quota is {MAX_CUSTOM_KEY_STORES} custom key stores per Region"));
        return Err(ApiError::bad_request(
            "LimitExceededException",
            "The request was rejected because a quota was exceeded.",
        ));
    }
    let id = format!("cks-{}", ids::hex(world.rng(), 17));
    let store = CustomKeyStore {
        custom_key_store_id: id.clone(),
        region,
        name,
        cloud_hsm_cluster_id: cluster_id.clone(),
        trust_anchor_certificate: anchor,
        key_store_password: password,
        connection_state: ConnectionState::Disconnected,
        connection_error_code: None,
        creation_date: world.now(),
    };
    world.kms.custom_key_stores.insert(id.clone(), store);
    cx.why(format!("key store {id} on cluster {cluster_id} created DISCONNECTED: ConnectCustomKeyStore to use it"));
    Ok(CreateCustomKeyStoreResponse { custom_key_store_id: id })
}

// ------------------------------------------------------------- Connect / Disconnect

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CustomKeyStoreIdRequest {
    pub custom_key_store_id: String,
}

pub type ConnectCustomKeyStoreRequest = CustomKeyStoreIdRequest;
pub type DisconnectCustomKeyStoreRequest = CustomKeyStoreIdRequest;
pub type DeleteCustomKeyStoreRequest = CustomKeyStoreIdRequest;

pub fn connect_custom_key_store(
    world: &mut World,
    cx: &mut CallContext,
    input: ConnectCustomKeyStoreRequest,
) -> Result<EmptyResponse, ApiError> {
    let s = find_store(world, cx, &input.custom_key_store_id)?;
    let (id, cluster_id, state) = (s.custom_key_store_id.clone(), s.cloud_hsm_cluster_id.clone(), s.connection_state);
    match state {
        ConnectionState::Disconnecting | ConnectionState::Failed => {
            return Err(invalid_state(
                cx,
                format!("Custom key store {id} is {state}; ConnectCustomKeyStore is not valid in that state."),
                format!(
                    "the store is {state}: wait for DISCONNECTED, or after a failure disconnect it, then connect it"
                ),
            ))
        }
        ConnectionState::Connected | ConnectionState::Connecting => {
            cx.why(format!("store {id} is {state} already"));
            return Ok(EmptyResponse {});
        }
        ConnectionState::Disconnected => {}
    }
    usable_cluster(world, cx, &cluster_id, 1)?;
    let s = world.kms.custom_key_stores.get_mut(&id).expect("found above");
    s.connection_state = ConnectionState::Connecting;
    s.connection_error_code = None;
    jobs::schedule(
        world,
        SimDuration::minutes(CONNECT_MINUTES),
        Job::CustomKeyStoreConnecting { custom_key_store_id: id.clone() },
    );
    cx.why(format!(
        "store {id} is CONNECTING: KMS logs in to cluster {cluster_id} as kmsuser (about {CONNECT_MINUTES} minutes)"
    ));
    Ok(EmptyResponse {})
}

pub fn disconnect_custom_key_store(
    world: &mut World,
    cx: &mut CallContext,
    input: DisconnectCustomKeyStoreRequest,
) -> Result<EmptyResponse, ApiError> {
    let s = find_store(world, cx, &input.custom_key_store_id)?;
    let (id, state) = (s.custom_key_store_id.clone(), s.connection_state);
    if matches!(state, ConnectionState::Disconnected | ConnectionState::Disconnecting) {
        return Err(invalid_state(
            cx,
            format!("Custom key store {id} is {state}; DisconnectCustomKeyStore is not valid in that state."),
            format!("the store is {state} already"),
        ));
    }
    let s = world.kms.custom_key_stores.get_mut(&id).expect("found above");
    s.connection_state = ConnectionState::Disconnecting;
    s.connection_error_code = None;
    let n = set_unavailable(world, &id);
    jobs::schedule(
        world,
        SimDuration::minutes(DISCONNECT_MINUTES),
        Job::CustomKeyStoreDisconnecting { custom_key_store_id: id.clone() },
    );
    cx.why(format!(
        "store {id} is DISCONNECTING; its {n} key(s) are Unavailable: they can be viewed and managed but not used"
    ));
    Ok(EmptyResponse {})
}

/// Makes every key of the store Unavailable, remembering the state each returns to (keys pending
/// deletion stay pending deletion, so the deletion can still be cancelled).
fn set_unavailable(world: &mut World, store_id: &str) -> usize {
    let mut n = 0;
    for k in world.kms.keys.values_mut() {
        let Some(link) = k.custom_key_store.as_mut().filter(|l| l.custom_key_store_id == store_id) else { continue };
        n += 1;
        if !matches!(k.state, KeyState::PendingDeletion | KeyState::Unavailable) {
            link.state_when_connected = Some(k.state);
            k.state = KeyState::Unavailable;
        }
    }
    n
}

/// Gives the store's Unavailable keys back the state they had.
fn set_available(world: &mut World, store_id: &str) -> usize {
    let mut n = 0;
    for k in world.kms.keys.values_mut() {
        let Some(link) = k.custom_key_store.as_mut().filter(|l| l.custom_key_store_id == store_id) else { continue };
        if k.state == KeyState::Unavailable {
            k.state = link.state_when_connected.take().unwrap_or(KeyState::Enabled);
            n += 1;
        }
    }
    n
}

/// The end of CONNECTING: KMS logs in as kmsuser, or the store is FAILED with the reason.
pub(crate) fn finish_connecting(world: &mut World, cx: &mut CallContext, store_id: &str) {
    let Some(s) = world.kms.custom_key_stores.get(store_id) else {
        cx.why(format!("store {store_id} no longer exists"));
        return;
    };
    cx.region = s.region.clone();
    if s.connection_state != ConnectionState::Connecting {
        cx.why(format!("store {store_id} is {}, no longer connecting", s.connection_state));
        return;
    }
    let problem = hsm_client::kmsuser_problem(world, &s.cloud_hsm_cluster_id, &s.key_store_password);
    let cluster_id = s.cloud_hsm_cluster_id.clone();
    let s = world.kms.custom_key_stores.get_mut(store_id).expect("found above");
    match problem {
        Some(code) => {
            s.connection_state = ConnectionState::Failed;
            s.connection_error_code = Some(code.to_string());
            cx.why(format!(
                "store {store_id} FAILED to connect ({code}): {}; disconnect it, fix the cause, connect again",
                match code {
                    "USER_NOT_FOUND" =>
                        "cluster has no crypto user 'kmsuser' (create it with cloudhsm-cli user create)",
                    "INVALID_CREDENTIALS" => "kmsuser's password in the cluster is not the store's KeyStorePassword",
                    "INSUFFICIENT_CLOUDHSM_HSMS" => "the cluster has no ACTIVE HSM",
                    "USER_LOCKED_OUT" => "kmsuser is locked out",
                    _ => "the cluster cannot be found",
                }
            ));
        }
        None => {
            s.connection_state = ConnectionState::Connected;
            let n = set_available(world, store_id);
            cx.why(format!(
                "store {store_id} is CONNECTED to cluster {cluster_id} as kmsuser; {n} key(s) are available again"
            ));
        }
    }
}

pub(crate) fn finish_disconnecting(world: &mut World, cx: &mut CallContext, store_id: &str) {
    if let Some(s) = world.kms.custom_key_stores.get_mut(store_id) {
        cx.region = s.region.clone();
        if s.connection_state == ConnectionState::Disconnecting {
            s.connection_state = ConnectionState::Disconnected;
            cx.why(format!("store {store_id} is DISCONNECTED"));
        }
    }
}

// ----------------------------------------------------------------- DescribeCustomKeyStores

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeCustomKeyStoresRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_key_store_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_key_store_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CustomKeyStoresListEntry {
    pub custom_key_store_id: String,
    pub custom_key_store_name: String,
    pub cloud_hsm_cluster_id: String,
    pub trust_anchor_certificate: String,
    pub connection_state: ConnectionState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_error_code: Option<String>,
    pub creation_date: SimTime,
    pub custom_key_store_type: CustomKeyStoreType,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeCustomKeyStoresResponse {
    pub custom_key_stores: Vec<CustomKeyStoresListEntry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
    pub truncated: bool,
}

fn entry(s: &CustomKeyStore) -> CustomKeyStoresListEntry {
    CustomKeyStoresListEntry {
        custom_key_store_id: s.custom_key_store_id.clone(),
        custom_key_store_name: s.name.clone(),
        cloud_hsm_cluster_id: s.cloud_hsm_cluster_id.clone(),
        trust_anchor_certificate: s.trust_anchor_certificate.clone(),
        connection_state: s.connection_state,
        connection_error_code: s.connection_error_code.clone(),
        creation_date: s.creation_date,
        custom_key_store_type: CustomKeyStoreType::AwsCloudhsm,
    }
}

pub fn describe_custom_key_stores(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeCustomKeyStoresRequest,
) -> Result<DescribeCustomKeyStoresResponse, ApiError> {
    if input.custom_key_store_id.is_some() && input.custom_key_store_name.is_some() {
        return Err(validation(
            cx,
            "You cannot specify both CustomKeyStoreId and CustomKeyStoreName.",
            "name the store by id or by name, not both",
        ));
    }
    let region = cx.region.clone();
    let all: Vec<CustomKeyStoresListEntry> = world
        .kms
        .custom_key_stores
        .values()
        .filter(|s| s.region == region)
        .filter(|s| input.custom_key_store_id.as_ref().is_none_or(|id| *id == s.custom_key_store_id))
        .filter(|s| input.custom_key_store_name.as_ref().is_none_or(|n| *n == s.name))
        .map(entry)
        .collect();
    if all.is_empty() {
        if let Some(what) = input.custom_key_store_id.or(input.custom_key_store_name) {
            return Err(store_not_found(cx, &what));
        }
    }
    let (custom_key_stores, next_marker, truncated) = paginate(cx, &all, input.limit, input.marker.as_deref())?;
    cx.why(format!("{} custom key store(s) in {region}", all.len()));
    Ok(DescribeCustomKeyStoresResponse { custom_key_stores, next_marker, truncated })
}

// ------------------------------------------------------------------ Update / Delete

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateCustomKeyStoreRequest {
    pub custom_key_store_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_custom_key_store_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_store_password: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_hsm_cluster_id: Option<String>,
}

pub fn update_custom_key_store(
    world: &mut World,
    cx: &mut CallContext,
    input: UpdateCustomKeyStoreRequest,
) -> Result<EmptyResponse, ApiError> {
    let s = find_store(world, cx, &input.custom_key_store_id)?;
    let (id, state, region) = (s.custom_key_store_id.clone(), s.connection_state, s.region.clone());
    let only_name = input.key_store_password.is_none() && input.cloud_hsm_cluster_id.is_none();
    if !(state == ConnectionState::Disconnected || (state == ConnectionState::Connected && only_name)) {
        return Err(invalid_state(
            cx,
            format!("Custom key store {id} is {state}. Disconnect it before updating these properties."),
            "only the name can change while CONNECTED; the password and cluster change only while DISCONNECTED",
        ));
    }
    if let Some(name) = &input.new_custom_key_store_name {
        check_length(cx, "newCustomKeyStoreName", name.chars().count(), 1, 256, name)?;
        if world
            .kms
            .custom_key_stores
            .values()
            .any(|o| o.region == region && o.name == *name && o.custom_key_store_id != id)
        {
            cx.why(format!("another store is named '{name}'"));
            return Err(ApiError::bad_request(
                "CustomKeyStoreNameInUseException",
                "The request was rejected because the specified custom key store name is already assigned to another \
                 custom key store in the account.",
            ));
        }
    }
    if let Some(p) = &input.key_store_password {
        check_length(cx, "keyStorePassword", p.chars().count(), 7, 32, "********")?;
    }
    if let Some(cluster_id) = &input.cloud_hsm_cluster_id {
        let old = world.kms.custom_key_stores[&id].cloud_hsm_cluster_id.clone();
        let c = usable_cluster(world, cx, cluster_id, 2)?;
        let related = *cluster_id == old
            || world.cloudhsm.clusters.get(&old).is_some_and(|o| {
                o.certificates.cluster_certificate.is_some()
                    && o.certificates.cluster_certificate == c.certificates.cluster_certificate
            });
        if !related {
            cx.why(format!("cluster {cluster_id} does not share a backup history (cluster certificate) with {old}"));
            return Err(ApiError::bad_request(
                "CloudHsmClusterNotRelatedException",
                "The request was rejected because the specified AWS CloudHSM cluster has a different cluster \
                 certificate than the original cluster.",
            ));
        }
    }
    let s = world.kms.custom_key_stores.get_mut(&id).expect("found above");
    if let Some(n) = input.new_custom_key_store_name {
        s.name = n;
    }
    if let Some(p) = input.key_store_password {
        s.key_store_password = p;
    }
    if let Some(c) = input.cloud_hsm_cluster_id {
        s.cloud_hsm_cluster_id = c;
    }
    cx.why(format!("store {id} updated"));
    Ok(EmptyResponse {})
}

pub fn delete_custom_key_store(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteCustomKeyStoreRequest,
) -> Result<EmptyResponse, ApiError> {
    let s = find_store(world, cx, &input.custom_key_store_id)?;
    let (id, state) = (s.custom_key_store_id.clone(), s.connection_state);
    if state != ConnectionState::Disconnected {
        return Err(invalid_state(
            cx,
            format!("Custom key store {id} is {state}. Disconnect it before deleting it."),
            "a custom key store must be DISCONNECTED to be deleted",
        ));
    }
    let keys = world
        .kms
        .keys
        .values()
        .filter(|k| k.custom_key_store.as_ref().is_some_and(|l| l.custom_key_store_id == id))
        .count();
    if keys > 0 {
        cx.why(format!("store {id} still has {keys} KMS key(s): schedule their deletion and wait for it first"));
        return Err(ApiError::bad_request(
            "CustomKeyStoreHasCMKsException",
            "The request was rejected because the custom key store contains KMS keys. After verifying that you do not \
             need to use the KMS keys, use the ScheduleKeyDeletion operation to delete the KMS keys. After they are \
             deleted, you can delete the custom key store.",
        ));
    }
    world.kms.custom_key_stores.remove(&id);
    cx.why(format!("store {id} deleted; the cluster and its keys are untouched"));
    Ok(EmptyResponse {})
}

// ------------------------------------------------------------------ CreateKey in a store

/// CreateKey with Origin AWS_CLOUDHSM: checks the store and cluster, generates the key material
/// as a key handle in the cluster's HSMs and returns (store link, material).
pub(crate) fn key_material_in_store(
    world: &mut World,
    cx: &mut CallContext,
    store_id: &str,
    key_id: &str,
) -> Result<(StoreLink, Vec<u8>), ApiError> {
    let s = find_store(world, cx, store_id)?;
    let (cluster_id, state) = (s.cloud_hsm_cluster_id.clone(), s.connection_state);
    if state != ConnectionState::Connected {
        return Err(invalid_state(
            cx,
            format!("Custom key store {store_id} is {state}. Keys can be created only in a CONNECTED key store."),
            format!("CreateKey in a custom key store needs it CONNECTED; it is {state}"),
        ));
    }
    usable_cluster(world, cx, &cluster_id, 2)?;
    let (handle, material) = hsm_client::generate_for_kms(world, &cluster_id, key_id)
        .map_err(|e| ApiError::bad_request("KMSInvalidStateException", e.message))?;
    let link = StoreLink {
        custom_key_store_id: store_id.to_string(),
        cloud_hsm_cluster_id: cluster_id,
        key_handle: handle,
        state_when_connected: None,
    };
    Ok((link, material))
}

/// Before a cryptographic operation with a key in a custom key store: the key handle must still
/// be in an ACTIVE HSM of the cluster.
pub(crate) fn check_material_reachable(world: &World, cx: &mut CallContext, key: &Key) -> Result<(), ApiError> {
    let Some(link) = &key.custom_key_store else { return Ok(()) };
    if hsm_client::has_key(world, &link.cloud_hsm_cluster_id, link.key_handle) {
        return Ok(());
    }
    cx.why(format!(
        "the key material of {} is key handle {} in cluster {}, and no ACTIVE HSM of the cluster holds it",
        key.key_id, link.key_handle, link.cloud_hsm_cluster_id
    ));
    Err(ApiError::bad_request(
        "KMSInvalidStateException",
        format!("{} is unavailable: its key material cannot be reached in the AWS CloudHSM cluster.", key.arn),
    ))
}

/// After a custom key store key is deleted: KMS removes its key handle from the cluster.
pub(crate) fn delete_material(world: &mut World, link: &StoreLink) {
    let connected = world
        .kms
        .custom_key_stores
        .get(&link.custom_key_store_id)
        .is_some_and(|s| s.connection_state == ConnectionState::Connected);
    if connected {
        hsm_client::delete_for_kms(world, &link.cloud_hsm_cluster_id, link.key_handle);
    }
}

/// GenerateRandom with a CustomKeyStoreId: the store must be CONNECTED.
pub(crate) fn check_store_connected(world: &World, cx: &mut CallContext, store_id: &str) -> Result<(), ApiError> {
    let s = find_store(world, cx, store_id)?;
    if s.connection_state != ConnectionState::Connected {
        let (id, state) = (s.custom_key_store_id.clone(), s.connection_state);
        return Err(invalid_state(
            cx,
            format!("Custom key store {id} is {state}."),
            format!("GenerateRandom from a CloudHSM key store needs it CONNECTED; it is {state}"),
        ));
    }
    Ok(())
}
