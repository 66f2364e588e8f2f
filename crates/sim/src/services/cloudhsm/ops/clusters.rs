//! CreateCluster, DescribeClusters, InitializeCluster, DeleteCluster, and the simulated
//! certificate authority that signs a cluster's CSR.

use super::*;
use crate::services::cloudhsm::jobs::{self, Job};
use crate::services::vpc;
use crate::time::SimDuration;
use std::collections::BTreeMap;

// ---------------------------------------------------------------------------- CreateCluster

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateClusterRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_retention_policy: Option<BackupRetentionPolicy>,
    pub hsm_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_backup_id: Option<String>,
    pub subnet_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_type: Option<NetworkType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_list: Option<Vec<TagOut>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<ClusterMode>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateClusterResponse {
    pub cluster: ClusterOut,
}

fn retention_days(cx: &mut CallContext, policy: Option<&BackupRetentionPolicy>) -> Result<i64, ApiError> {
    let Some(p) = policy else { return Ok(90) };
    if p.r#type.as_deref().is_some_and(|t| t != "DAYS") {
        return Err(invalid(cx, "BackupRetentionPolicy Type must be DAYS.", "the only backup retention type is DAYS"));
    }
    match p.value.as_deref().map(str::parse::<i64>) {
        None => Ok(90),
        Some(Ok(d)) if (7..=379).contains(&d) => Ok(d),
        _ => Err(invalid(
            cx,
            "BackupRetentionPolicy Value must be a number of days between 7 and 379.",
            "backups are kept 7 to 379 days",
        )),
    }
}

pub fn create_cluster(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateClusterRequest,
) -> Result<CreateClusterResponse, ApiError> {
    let hsm_type = match HsmType::ALL.iter().find(|t| t.as_str() == input.hsm_type) {
        Some(t) => *t,
        None => {
            return Err(invalid(
                cx,
                format!(
                    "HsmType {} is not supported. Supported values are hsm1.medium and hsm2m.medium.",
                    input.hsm_type
                ),
                "CreateCluster takes HsmType hsm1.medium (FIPS 140-2 Level 3) or hsm2m.medium (FIPS 140-3 Level 3)",
            ))
        }
    };
    let mode = input.mode.unwrap_or(ClusterMode::Fips);
    if !hsm_type.allows(mode) {
        return Err(invalid(
            cx,
            format!("Mode {mode} is not supported for HsmType {hsm_type}."),
            "NON_FIPS mode needs hsm2m.medium; hsm1.medium clusters are always FIPS",
        ));
    }
    if input.subnet_ids.is_empty() || input.subnet_ids.len() > 10 {
        return Err(invalid(
            cx,
            "1 validation error detected: Value at 'subnetIds' failed to satisfy constraint: Member must have length between 1 and 10",
            "CreateCluster takes 1 to 10 subnets, at most one per Availability Zone",
        ));
    }
    let retention = retention_days(cx, input.backup_retention_policy.as_ref())?;
    let tags: Vec<Tag> =
        input.tag_list.unwrap_or_default().into_iter().map(|t| Tag { key: t.key, value: t.value }).collect();
    super::tags::check_tags(cx, &tags)?;
    let region = cx.region.clone();
    let Some(vpc) = vpc::default_vpc(world, &region) else {
        return Err(invalid(cx, "The Region has no default VPC.", "no default VPC in this Region"));
    };
    let mut mapping = BTreeMap::new();
    for id in &input.subnet_ids {
        let Some(subnet) = vpc.subnet(id) else {
            return Err(invalid(
                cx,
                format!("The subnet {id} does not exist."),
                format!(
                    "{id} is not a subnet of the default VPC {} (its subnets: {})",
                    vpc.vpc_id,
                    vpc.subnets.iter().map(|s| s.subnet_id.as_str()).collect::<Vec<_>>().join(", ")
                ),
            ));
        };
        if mapping.insert(subnet.availability_zone.clone(), id.clone()).is_some() {
            return Err(invalid(
                cx,
                "You can specify only one subnet per Availability Zone.",
                format!(
                    "two of the subnets are in {}: a cluster takes one subnet per Availability Zone",
                    subnet.availability_zone
                ),
            ));
        }
    }
    let restore_from = match &input.source_backup_id {
        None => None,
        Some(id) => {
            let backup =
                world.cloudhsm.backups.get(id).filter(|b| b.region == region && b.state != BackupState::Deleted);
            let Some(b) = backup else {
                return Err(not_found(
                    cx,
                    format!("The backup {id} does not exist."),
                    format!("no backup {id} in {region}"),
                ));
            };
            if b.mode != mode || !hsm_type.allows(b.mode) {
                return Err(invalid(
                    cx,
                    format!("The backup {id} has mode {} and cannot be restored into a {mode} cluster.", b.mode),
                    "a backup restores only into a cluster of the same mode",
                ));
            }
            if b.state != BackupState::Ready {
                return Err(invalid(
                    cx,
                    format!("The backup {id} is not READY."),
                    format!("backup {id} is {}", b.state),
                ));
            }
            Some(b.contents.clone())
        }
    };
    let live =
        world.cloudhsm.clusters.values().filter(|c| c.region == region && c.state != ClusterState::Deleted).count();
    if live >= MAX_CLUSTERS_PER_REGION {
        return Err(invalid(
            cx,
            format!("You have reached the maximum number of clusters ({MAX_CLUSTERS_PER_REGION}) in this Region."),
            format!("the quota is {MAX_CLUSTERS_PER_REGION} clusters per Region"),
        ));
    }
    let id = new_id(world, "cluster-");
    let sg = format!("sg-{}", ids::hex(world.rng(), 17));
    let c = Cluster {
        cluster_id: id.clone(),
        region: region.clone(),
        hsm_type,
        mode,
        network_type: input.network_type.unwrap_or(NetworkType::Ipv4),
        state: ClusterState::CreateInProgress,
        state_message: String::new(),
        create_timestamp: world.now(),
        vpc_id: vpc.vpc_id.clone(),
        security_group: sg,
        subnet_mapping: mapping,
        hsms: Vec::new(),
        certificates: ClusterCertificates::default(),
        trust_anchor: None,
        backup_retention_days: retention,
        source_backup_id: input.source_backup_id.clone(),
        tags,
        restore_from,
        addresses_used: 0,
    };
    let out = cluster_out(&c);
    world.cloudhsm.clusters.insert(id.clone(), c);
    jobs::schedule(world, SimDuration::minutes(CLUSTER_CREATE_MINUTES), Job::ClusterCreated { cluster_id: id.clone() });
    cx.touch(cluster_arn(&region, &id));
    cx.why(format!(
        "cluster {id} ({hsm_type}, {mode}, {}) is being created in {} subnet(s) of the default VPC; it has no HSMs yet",
        hsm_type.fips_validation(),
        input.subnet_ids.len()
    ));
    Ok(CreateClusterResponse { cluster: out })
}

// ------------------------------------------------------------------------- DescribeClusters

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeClustersRequest {
    /// `clusterIds`, `vpcIds`, `states`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filters: Option<BTreeMap<String, Vec<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeClustersResponse {
    pub clusters: Vec<ClusterOut>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

pub(crate) fn check_filters(
    cx: &mut CallContext,
    filters: &BTreeMap<String, Vec<String>>,
    known: &[&str],
) -> Result<(), ApiError> {
    for name in filters.keys() {
        if !known.contains(&name.as_str()) {
            return Err(invalid(
                cx,
                format!("Invalid filter: {name}. Valid filters are {}.", known.join(", ")),
                format!("the filters of this call are {}", known.join(", ")),
            ));
        }
    }
    Ok(())
}

pub fn describe_clusters(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeClustersRequest,
) -> Result<DescribeClustersResponse, ApiError> {
    let filters = input.filters.unwrap_or_default();
    check_filters(cx, &filters, &["clusterIds", "vpcIds", "states"])?;
    let pass = |name: &str, value: &str| filters.get(name).is_none_or(|vs| vs.iter().any(|v| v == value));
    let region = cx.region.clone();
    let all: Vec<ClusterOut> = world
        .cloudhsm
        .clusters
        .values()
        .filter(|c| c.region == region)
        .filter(|c| pass("clusterIds", &c.cluster_id) && pass("vpcIds", &c.vpc_id) && pass("states", c.state.as_str()))
        .map(cluster_out)
        .collect();
    let (clusters, next_token) = page(cx, &all, input.max_results, 25, input.next_token.as_deref())?;
    cx.why(format!("{} cluster(s) in {region} match", all.len()));
    Ok(DescribeClustersResponse { clusters, next_token })
}

// ------------------------------------------------------------------------ InitializeCluster

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InitializeClusterRequest {
    pub cluster_id: String,
    pub signed_cert: String,
    pub trust_anchor: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InitializeClusterResponse {
    pub state: ClusterState,
    pub state_message: String,
}

/// A cluster certificate and its issuing CA's certificate, as your own CA would make them from
/// the cluster's CSR (Nimbus Lab's certificates are readable simulated text inside PEM blocks).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SignedCsr {
    pub signed_cert: String,
    pub trust_anchor: String,
}

fn csr_subject(csr_text: &str) -> Option<&str> {
    csr_text.lines().find_map(|l| l.strip_prefix("subject="))
}

/// Signs a cluster CSR with a simulated CA named `ca_name` (what `openssl x509 -req` does with
/// your CA's key). `None` when `csr` is not a cluster CSR.
pub fn sign_cluster_csr(csr: &str, ca_name: &str) -> Option<SignedCsr> {
    let text = read_pem("CERTIFICATE REQUEST", csr)?;
    let subject = csr_subject(&text)?;
    let fingerprint = crate::services::kms::cipher::hex(&crate::services::kms::cipher::sha256(text.as_bytes()));
    let cert = format!(
        "Nimbus Lab simulated X.509 certificate\nsubject={subject}\nissuer={ca_name}\ncsr-sha256={fingerprint}\n"
    );
    let anchor = format!("Nimbus Lab simulated X.509 certificate\nsubject={ca_name}\nissuer={ca_name}\n");
    Some(SignedCsr { signed_cert: pem("CERTIFICATE", &cert), trust_anchor: pem("CERTIFICATE", &anchor) })
}

fn field<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    text.lines().find_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix('=')))
}

pub fn initialize_cluster(
    world: &mut World,
    cx: &mut CallContext,
    input: InitializeClusterRequest,
) -> Result<InitializeClusterResponse, ApiError> {
    let c = cluster(world, cx, &input.cluster_id)?;
    if c.state != ClusterState::Uninitialized {
        let (state, id) = (c.state, c.cluster_id.clone());
        return Err(invalid(
            cx,
            format!("The cluster {id} is in state {state}. It must be UNINITIALIZED to be initialized."),
            format!("InitializeCluster needs an UNINITIALIZED cluster; {id} is {state}"),
        ));
    }
    let Some(csr) = c.certificates.cluster_csr.clone() else {
        return Err(invalid(
            cx,
            "The cluster has no certificate signing request. Create an HSM in the cluster first.",
            "the cluster CSR appears once the first HSM is ACTIVE: CreateHsm, wait, then sign the CSR",
        ));
    };
    let csr_text = read_pem("CERTIFICATE REQUEST", &csr).unwrap_or_default();
    let fingerprint = crate::services::kms::cipher::hex(&crate::services::kms::cipher::sha256(csr_text.as_bytes()));
    let Some(cert) = read_pem("CERTIFICATE", &input.signed_cert) else {
        return Err(invalid(
            cx,
            "The SignedCert is not a valid PEM-encoded certificate.",
            "SignedCert must be a PEM certificate",
        ));
    };
    let Some(anchor) = read_pem("CERTIFICATE", &input.trust_anchor) else {
        return Err(invalid(
            cx,
            "The TrustAnchor is not a valid PEM-encoded certificate.",
            "TrustAnchor must be a PEM certificate",
        ));
    };
    if field(&cert, "csr-sha256") != Some(fingerprint.as_str()) {
        return Err(invalid(
            cx,
            "The certificate was not issued for this cluster's certificate signing request.",
            "SignedCert must be made from this cluster's ClusterCsr (get it with DescribeClusters and sign it)",
        ));
    }
    let (issuer, anchor_subject) = (field(&cert, "issuer"), field(&anchor, "subject"));
    if issuer.is_none() || issuer != anchor_subject || field(&anchor, "issuer") != anchor_subject {
        return Err(invalid(
            cx,
            "The certificate chain is not valid: the TrustAnchor did not issue the SignedCert.",
            "TrustAnchor must be the self-signed certificate of the CA that signed SignedCert",
        ));
    }
    let id = input.cluster_id.clone();
    let c = cluster_mut(world, &id);
    c.state = ClusterState::InitializeInProgress;
    c.certificates.cluster_certificate = Some(input.signed_cert);
    c.trust_anchor = Some(input.trust_anchor);
    c.state_message = String::new();
    jobs::schedule(world, SimDuration::minutes(INITIALIZE_MINUTES), Job::ClusterInitialized { cluster_id: id.clone() });
    cx.why(format!("the signed certificate matches {id}'s CSR and chains to the trust anchor; initializing"));
    Ok(InitializeClusterResponse { state: ClusterState::InitializeInProgress, state_message: String::new() })
}

// ----------------------------------------------------------------------------- DeleteCluster

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteClusterRequest {
    pub cluster_id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteClusterResponse {
    pub cluster: ClusterOut,
}

pub fn delete_cluster(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteClusterRequest,
) -> Result<DeleteClusterResponse, ApiError> {
    let c = cluster(world, cx, &input.cluster_id)?;
    if !c.hsms.is_empty() {
        let n = c.hsms.len();
        return Err(invalid(
            cx,
            format!("The cluster {} cannot be deleted because it contains HSMs. Delete all HSMs first.", c.cluster_id),
            format!(
                "a cluster can only be deleted without HSMs, and {} still has {n}: DeleteHsm each one first",
                c.cluster_id
            ),
        ));
    }
    if matches!(
        c.state,
        ClusterState::CreateInProgress | ClusterState::InitializeInProgress | ClusterState::DeleteInProgress
    ) {
        let state = c.state;
        return Err(invalid(
            cx,
            format!("The cluster {} is in state {state} and cannot be deleted.", c.cluster_id),
            format!("the cluster is {state}; wait for it to finish"),
        ));
    }
    crate::services::kms::ops::custom_key_stores::check_cluster_unused(world, cx, &input.cluster_id)?;
    let id = input.cluster_id.clone();
    let c = cluster_mut(world, &id);
    c.state = ClusterState::DeleteInProgress;
    let out = cluster_out(c);
    jobs::schedule(world, SimDuration::minutes(CLUSTER_DELETE_MINUTES), Job::ClusterDeleted { cluster_id: id.clone() });
    cx.why(format!("cluster {id} has no HSMs, so it is being deleted; its backups stay for their retention period"));
    Ok(DeleteClusterResponse { cluster: out })
}
