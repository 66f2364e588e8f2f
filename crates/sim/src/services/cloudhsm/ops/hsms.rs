//! CreateHsm and DeleteHsm.

use super::*;
use crate::services::cloudhsm::jobs::{self, Job};
use crate::services::vpc;
use crate::time::SimDuration;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateHsmRequest {
    pub cluster_id: String,
    pub availability_zone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateHsmResponse {
    pub hsm: HsmOut,
}

pub fn create_hsm(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateHsmRequest,
) -> Result<CreateHsmResponse, ApiError> {
    let c = cluster(world, cx, &input.cluster_id)?;
    let id = c.cluster_id.clone();
    match c.state {
        ClusterState::Uninitialized if !c.hsms.is_empty() => {
            return Err(invalid(
                cx,
                format!("The cluster {id} is uninitialized. You can create only one HSM in an uninitialized cluster."),
                "an uninitialized cluster takes one HSM: initialize the cluster before adding more",
            ))
        }
        ClusterState::Uninitialized | ClusterState::Initialized | ClusterState::Active | ClusterState::Degraded => {}
        state => {
            return Err(invalid(
                cx,
                format!("The cluster {id} is in state {state}. HSMs cannot be created now."),
                format!("CreateHsm needs the cluster UNINITIALIZED, INITIALIZED, ACTIVE or DEGRADED; it is {state}"),
            ))
        }
    }
    let Some(subnet_id) = c.subnet_mapping.get(&input.availability_zone).cloned() else {
        let azs: Vec<&str> = c.subnet_mapping.keys().map(String::as_str).collect();
        return Err(invalid(
            cx,
            format!("The cluster {id} has no subnet in Availability Zone {}.", input.availability_zone),
            format!("an HSM goes in one of the cluster's Availability Zones: {}", azs.join(", ")),
        ));
    };
    if c.hsms.len() >= MAX_HSMS_PER_CLUSTER {
        return Err(invalid(
            cx,
            "The cluster has the maximum number of HSMs.",
            format!("at most {MAX_HSMS_PER_CLUSTER} HSMs per cluster"),
        ));
    }
    let region = c.region.clone();
    let in_region: usize = world.cloudhsm.clusters.values().filter(|c| c.region == region).map(|c| c.hsms.len()).sum();
    if in_region >= MAX_HSMS_PER_REGION {
        return Err(invalid(
            cx,
            format!("You have reached the maximum number of HSMs ({MAX_HSMS_PER_REGION}) in this Region."),
            format!("the quota is {MAX_HSMS_PER_REGION} HSMs per account per Region"),
        ));
    }
    let hsm_type = c.hsm_type;
    let subnet = vpc::default_vpc(world, &region).and_then(|v| v.subnet(&subnet_id).cloned());
    let used = world.cloudhsm.clusters[&id].addresses_used;
    let eni_ip = match (input.ip_address, subnet) {
        (Some(ip), _) => ip,
        (None, Some(s)) => vpc::address_in(&s, used),
        (None, None) => "172.31.0.4".into(),
    };
    let hsm_id = new_id(world, "hsm-");
    let eni_id = format!("eni-{}", ids::hex(world.rng(), 17));
    let hsm = Hsm {
        hsm_id: hsm_id.clone(),
        availability_zone: input.availability_zone.clone(),
        subnet_id,
        eni_id,
        eni_ip,
        hsm_type,
        state: HsmState::CreateInProgress,
        state_message: String::new(),
        created: world.now(),
        contents: None,
    };
    let out = hsm_out(&id, &hsm);
    let c = cluster_mut(world, &id);
    c.hsms.push(hsm);
    c.addresses_used += 1;
    jobs::schedule(
        world,
        SimDuration::minutes(HSM_CREATE_MINUTES),
        Job::HsmCreated { cluster_id: id.clone(), hsm_id: hsm_id.clone() },
    );
    cx.why(format!(
        "HSM {hsm_id} is being created in {} (it takes about {HSM_CREATE_MINUTES} minutes){}",
        input.availability_zone,
        if world.cloudhsm.clusters[&id].initialized() {
            "; when ready it is restored from the cluster's latest backup and synchronised with the other HSMs"
        } else {
            ""
        }
    ));
    Ok(CreateHsmResponse { hsm: out })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteHsmRequest {
    pub cluster_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hsm_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eni_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eni_ip: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteHsmResponse {
    pub hsm_id: String,
}

pub fn delete_hsm(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteHsmRequest,
) -> Result<DeleteHsmResponse, ApiError> {
    let c = cluster(world, cx, &input.cluster_id)?;
    let id = c.cluster_id.clone();
    let named = [&input.hsm_id, &input.eni_id, &input.eni_ip].iter().filter(|x| x.is_some()).count();
    if named != 1 {
        return Err(invalid(
            cx,
            "You must specify exactly one of HsmId, EniId, or EniIp.",
            "DeleteHsm names the HSM by exactly one of HsmId, EniId or EniIp",
        ));
    }
    let found = c.hsms.iter().find(|h| {
        input.hsm_id.as_deref() == Some(&h.hsm_id)
            || input.eni_id.as_deref() == Some(&h.eni_id)
            || input.eni_ip.as_deref() == Some(&h.eni_ip)
    });
    let Some(h) = found else {
        return Err(not_found(
            cx,
            format!("The HSM does not exist in cluster {id}."),
            format!("cluster {id} has no such HSM"),
        ));
    };
    if h.state == HsmState::DeleteInProgress {
        let hsm_id = h.hsm_id.clone();
        return Err(invalid(
            cx,
            format!("The HSM {hsm_id} is already being deleted."),
            format!("{hsm_id} is DELETE_IN_PROGRESS"),
        ));
    }
    let hsm_id = h.hsm_id.clone();
    let was_active = h.state == HsmState::Active;
    let initialized = c.initialized();
    // Removing an HSM from an initialized cluster takes a backup, so nothing it held is lost.
    if was_active && initialized {
        super::backups::take_backup(world, &id, "an HSM was removed");
    }
    let c = cluster_mut(world, &id);
    if let Some(h) = c.hsms.iter_mut().find(|h| h.hsm_id == hsm_id) {
        h.state = HsmState::DeleteInProgress;
        h.contents = None;
    }
    jobs::schedule(
        world,
        SimDuration::minutes(HSM_DELETE_MINUTES),
        Job::HsmDeleted { cluster_id: id.clone(), hsm_id: hsm_id.clone() },
    );
    cx.touch(format!("{}/{hsm_id}", cluster_arn(&cx.region.clone(), &id)));
    cx.why(if was_active && initialized {
        format!("HSM {hsm_id} is being deleted; a backup of the cluster was taken first, so a new HSM can be restored from it")
    } else {
        format!("HSM {hsm_id} is being deleted")
    });
    Ok(DeleteHsmResponse { hsm_id })
}
