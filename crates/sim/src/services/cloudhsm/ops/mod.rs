//! One function per CloudHSM (cloudhsmv2) operation. Input and output structs carry the field
//! names of `shared/reference/aws-api/cloudhsmv2.json`.
//!
//! `clusters.rs`: CreateCluster, DescribeClusters, InitializeCluster, DeleteCluster; `hsms.rs`:
//! CreateHsm, DeleteHsm; `backups.rs`: DescribeBackups and the backups the service takes;
//! `tags.rs`: TagResource, UntagResource, ListTags.

mod backups;
mod clusters;
mod hsms;
mod tags;

pub use backups::*;
pub use clusters::*;
pub use hsms::*;
pub use tags::*;

use super::model::*;
use crate::error::ApiError;
use crate::ids;
use crate::time::SimTime;
use crate::world::{CallContext, World};
use serde::{Deserialize, Serialize};

/// The output of operations that return nothing (`{}`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EmptyResponse {}

// ------------------------------------------------------------------------------ errors

pub(crate) fn invalid(cx: &mut CallContext, message: impl Into<String>, why: impl Into<String>) -> ApiError {
    cx.why(why);
    ApiError::bad_request("CloudHsmInvalidRequestException", message)
}

pub(crate) fn not_found(cx: &mut CallContext, message: impl Into<String>, why: impl Into<String>) -> ApiError {
    cx.why(why);
    ApiError::bad_request("CloudHsmResourceNotFoundException", message)
}

pub(crate) fn tag_error(cx: &mut CallContext, message: impl Into<String>, why: impl Into<String>) -> ApiError {
    cx.why(why);
    ApiError::bad_request("CloudHsmTagException", message)
}

pub(crate) fn valid_id(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix).is_some_and(|rest| {
        (11..=16).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_alphabetic() || (b'2'..=b'7').contains(&b))
    })
}

/// The cluster `id` in the call's Region, or CloudHsmResourceNotFoundException.
pub(crate) fn cluster<'w>(world: &'w World, cx: &mut CallContext, id: &str) -> Result<&'w Cluster, ApiError> {
    if !valid_id(id, "cluster-") {
        return Err(invalid(
            cx,
            format!("1 validation error detected: Value '{id}' at 'clusterId' failed to satisfy constraint: Member must satisfy regular expression pattern: cluster-[2-7a-zA-Z]{{11,16}}"),
            "cluster ids look like cluster-abcdefgh2345",
        ));
    }
    match world.cloudhsm.clusters.get(id) {
        Some(c) if c.region == cx.region && c.state != ClusterState::Deleted => {
            cx.touch(cluster_arn(&c.region, id));
            Ok(c)
        }
        _ => Err(not_found(
            cx,
            format!("The cluster with the specified cluster ID {id} does not exist."),
            format!("no cluster {id} exists in {} (never created, or deleted)", cx.region),
        )),
    }
}

pub(crate) fn cluster_mut<'w>(world: &'w mut World, id: &str) -> &'w mut Cluster {
    world.cloudhsm.clusters.get_mut(id).expect("the cluster was checked by this call")
}

pub fn cluster_arn(region: &str, id: &str) -> String {
    format!("arn:aws:cloudhsm:{region}:{}:cluster/{id}", crate::world::ACCOUNT_ID)
}

pub(crate) fn new_id(world: &mut World, prefix: &str) -> String {
    format!("{prefix}{}", ids::base32_lower(world.rng(), 11))
}

/// A page of `items` starting at the index in `token`.
pub(crate) fn page<T: Clone>(
    cx: &mut CallContext,
    items: &[T],
    max: Option<i64>,
    limit: i64,
    token: Option<&str>,
) -> Result<(Vec<T>, Option<String>), ApiError> {
    let size = match max {
        None => limit as usize,
        Some(m) if (1..=limit).contains(&m) => m as usize,
        Some(m) => {
            return Err(invalid(
                cx,
                format!("1 validation error detected: Value '{m}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and {limit}"),
                format!("MaxResults is 1 to {limit}"),
            ))
        }
    };
    let start = match token {
        None => 0,
        Some(t) => match t.parse::<usize>() {
            Ok(i) if i <= items.len() => i,
            _ => {
                return Err(invalid(
                    cx,
                    "The NextToken is not valid.",
                    "the NextToken is not one a previous page returned",
                ))
            }
        },
    };
    let end = (start + size).min(items.len());
    Ok((items[start..end].to_vec(), (end < items.len()).then(|| end.to_string())))
}

// ------------------------------------------------------------------------ output shapes

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagOut {
    pub key: String,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HsmOut {
    pub availability_zone: String,
    pub cluster_id: String,
    pub subnet_id: String,
    pub eni_id: String,
    pub eni_ip: String,
    pub hsm_id: String,
    pub hsm_type: HsmType,
    pub state: HsmState,
    pub state_message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CertificatesOut {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_csr: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hsm_certificate: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_hardware_certificate: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manufacturer_hardware_certificate: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_certificate: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BackupRetentionPolicy {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ClusterOut {
    pub backup_policy: String,
    pub backup_retention_policy: BackupRetentionPolicy,
    pub cluster_id: String,
    pub create_timestamp: SimTime,
    pub hsms: Vec<HsmOut>,
    pub hsm_type: HsmType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre_co_password: Option<String>,
    pub security_group: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_backup_id: Option<String>,
    pub state: ClusterState,
    pub state_message: String,
    pub subnet_mapping: std::collections::BTreeMap<String, String>,
    pub vpc_id: String,
    pub network_type: NetworkType,
    pub certificates: CertificatesOut,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tag_list: Vec<TagOut>,
    pub mode: ClusterMode,
}

pub(crate) fn tags_out(tags: &[Tag]) -> Vec<TagOut> {
    tags.iter().map(|t| TagOut { key: t.key.clone(), value: t.value.clone() }).collect()
}

pub(crate) fn hsm_out(cluster_id: &str, h: &Hsm) -> HsmOut {
    HsmOut {
        availability_zone: h.availability_zone.clone(),
        cluster_id: cluster_id.to_string(),
        subnet_id: h.subnet_id.clone(),
        eni_id: h.eni_id.clone(),
        eni_ip: h.eni_ip.clone(),
        hsm_id: h.hsm_id.clone(),
        hsm_type: h.hsm_type,
        state: h.state,
        state_message: h.state_message.clone(),
    }
}

pub fn cluster_out(c: &Cluster) -> ClusterOut {
    let certs = &c.certificates;
    ClusterOut {
        backup_policy: "DEFAULT".into(),
        backup_retention_policy: BackupRetentionPolicy {
            r#type: Some("DAYS".into()),
            value: Some(c.backup_retention_days.to_string()),
        },
        cluster_id: c.cluster_id.clone(),
        create_timestamp: c.create_timestamp,
        hsms: c.hsms.iter().map(|h| hsm_out(&c.cluster_id, h)).collect(),
        hsm_type: c.hsm_type,
        pre_co_password: None,
        security_group: c.security_group.clone(),
        source_backup_id: c.source_backup_id.clone(),
        state: c.state,
        state_message: c.state_message.clone(),
        subnet_mapping: c.subnet_mapping.clone(),
        vpc_id: c.vpc_id.clone(),
        network_type: c.network_type,
        certificates: CertificatesOut {
            cluster_csr: certs.cluster_csr.clone(),
            hsm_certificate: certs.hsm_certificate.clone(),
            aws_hardware_certificate: certs.aws_hardware_certificate.clone(),
            manufacturer_hardware_certificate: certs.manufacturer_hardware_certificate.clone(),
            cluster_certificate: certs.cluster_certificate.clone(),
        },
        tag_list: tags_out(&c.tags),
        mode: c.mode,
    }
}

/// A PEM block around simulated content (Nimbus Lab's certificates are readable text, not DER).
pub(crate) fn pem(label: &str, text: &str) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(text);
    let lines: Vec<&str> = b64.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap_or_default()).collect();
    format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", lines.join("\n"))
}

/// The text inside a PEM block of `label`, if it is one.
pub fn read_pem(label: &str, pem_text: &str) -> Option<String> {
    use base64::Engine;
    let body = pem_text.trim().strip_prefix(&format!("-----BEGIN {label}-----"))?;
    let body = body.strip_suffix(&format!("-----END {label}-----"))?;
    let joined: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    let raw = base64::engine::general_purpose::STANDARD.decode(joined).ok()?;
    String::from_utf8(raw).ok()
}
