//! Elastic IP addresses, and the Region's Availability Zones.

use super::instances::public_ip;
use super::*;
use crate::regions;
use crate::services::ec2::model::zone_id;
use crate::world::CallContext;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AllocateAddressRequest {
    /// `vpc` (the only domain today).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tag_specifications: Vec<TagSpecification>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AllocateAddressOutput {
    pub public_ip: String,
    pub allocation_id: String,
    pub public_ipv4_pool: String,
    pub network_border_group: String,
    pub domain: String,
}

pub fn allocate_address(
    world: &mut World,
    cx: &mut CallContext,
    input: AllocateAddressRequest,
) -> Result<AllocateAddressOutput, ApiError> {
    if input.domain.as_deref().is_some_and(|d| d != "vpc" && d != "standard") {
        return Err(invalid_parameter(format!("Invalid value '{}' for domain.", input.domain.unwrap_or_default())));
    }
    let ip = public_ip(world);
    let id = new_id(world, "eipalloc");
    world.ec2.addresses.insert(
        id.clone(),
        Address {
            allocation_id: id.clone(),
            region: cx.region.clone(),
            public_ip: ip.clone(),
            association_id: None,
            instance_id: None,
            network_interface_id: None,
            tags: tags_for(&input.tag_specifications, "elastic-ip"),
        },
    );
    cx.touch(id.clone());
    cx.why(format!("Elastic IP {ip} allocated ({id}); it is yours until released, and is billed while not in use"));
    Ok(AllocateAddressOutput {
        public_ip: ip,
        allocation_id: id,
        public_ipv4_pool: "amazon".into(),
        network_border_group: cx.region.clone(),
        domain: "vpc".into(),
    })
}

pub(crate) fn address_in<'w>(world: &'w World, cx: &mut CallContext, id: &str) -> Result<&'w Address, ApiError> {
    cx.touch(id.to_string());
    world.ec2.addresses.get(id).filter(|a| a.region == cx.region).ok_or_else(|| {
        cx.why(format!("no Elastic IP allocation '{id}' in {}", cx.region));
        ApiError::bad_request("InvalidAllocationID.NotFound", format!("The allocation ID '{id}' does not exist"))
    })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateAddressRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocation_id: Option<String>,
    /// The address itself, instead of its allocation id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateAddressOutput {
    pub association_id: String,
}

pub fn associate_address(
    world: &mut World,
    cx: &mut CallContext,
    input: AssociateAddressRequest,
) -> Result<AssociateAddressOutput, ApiError> {
    let by_ip = input.public_ip.as_ref().and_then(|ip| {
        world
            .ec2
            .addresses
            .values()
            .find(|a| a.region == cx.region && &a.public_ip == ip)
            .map(|a| a.allocation_id.clone())
    });
    let alloc = match (input.allocation_id.clone(), &input.public_ip) {
        (Some(a), _) => a,
        (None, Some(ip)) => by_ip.ok_or_else(|| {
            cx.why(format!("{ip} is not an Elastic IP of this account in {}", cx.region));
            invalid_parameter(format!("The address '{ip}' does not belong to you."))
        })?,
        (None, None) => return Err(missing("AllocationId")),
    };
    let a = address_in(world, cx, &alloc)?.clone();
    if a.network_interface_id.is_some() && a.instance_id.is_none() && a.association_id.is_some() {
        cx.why(format!("{} serves a NAT gateway; delete the NAT gateway first", a.public_ip));
        return Err(ApiError::bad_request(
            "Resource.AlreadyAssociated",
            format!("Elastic IP address [{alloc}] is already associated"),
        ));
    }
    let instance_id = input.instance_id.clone().ok_or_else(|| missing("InstanceId"))?;
    cx.touch(instance_id.clone());
    let Some(inst) = world.ec2.instances.get(&instance_id).filter(|i| i.region == cx.region) else {
        return Err(ApiError::bad_request(
            "InvalidInstanceID.NotFound",
            format!("The instance ID '{instance_id}' does not exist"),
        ));
    };
    if !matches!(inst.state, InstanceStateName::Running | InstanceStateName::Stopped | InstanceStateName::Pending) {
        cx.why(format!("{instance_id} is {}", inst.state));
        return Err(ApiError::bad_request(
            "IncorrectInstanceState",
            format!("The instance '{instance_id}' is not in a valid state for this operation."),
        ));
    }
    let igw = world.ec2.internet_gateways.values().any(|g| g.vpc_id.as_deref() == Some(inst.vpc_id.as_str()));
    if !igw {
        cx.why(format!("{} has no internet gateway attached; an Elastic IP needs one", inst.vpc_id));
        return Err(ApiError::bad_request(
            "Gateway.NotAttached",
            format!("Network {} is not attached to any internet gateway", inst.vpc_id),
        ));
    }
    // Moving the address: the old instance loses it.
    if let Some(old) = a.instance_id.clone() {
        if let Some(o) = world.ec2.instances.get_mut(&old) {
            o.public_ip = None;
        }
    }
    let assoc = new_id(world, "eipassoc");
    if let Some(addr) = world.ec2.addresses.get_mut(&alloc) {
        addr.instance_id = Some(instance_id.clone());
        addr.association_id = Some(assoc.clone());
    }
    if let Some(i) = world.ec2.instances.get_mut(&instance_id) {
        i.public_ip = Some(a.public_ip.clone());
    }
    cx.why(format!("{} now points at {instance_id} (its previous public address, if any, is released)", a.public_ip));
    Ok(AssociateAddressOutput { association_id: assoc })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DisassociateAddressRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub association_id: Option<String>,
}

pub fn disassociate_address(
    world: &mut World,
    cx: &mut CallContext,
    input: DisassociateAddressRequest,
) -> Result<EmptyOutput, ApiError> {
    let assoc = input.association_id.clone().ok_or_else(|| missing("AssociationId"))?;
    let region = cx.region.clone();
    let Some(a) =
        world.ec2.addresses.values_mut().find(|a| a.region == region && a.association_id.as_ref() == Some(&assoc))
    else {
        cx.why(format!("no Elastic IP association '{assoc}'"));
        return Err(ApiError::bad_request(
            "InvalidAssociationID.NotFound",
            format!("The association ID '{assoc}' does not exist"),
        ));
    };
    let instance = a.instance_id.take();
    a.association_id = None;
    if let Some(i) = instance.and_then(|i| world.ec2.instances.get_mut(&i)) {
        i.public_ip = None;
    }
    cx.why(format!("association {assoc} removed"));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReleaseAddressRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocation_id: Option<String>,
}

pub fn release_address(
    world: &mut World,
    cx: &mut CallContext,
    input: ReleaseAddressRequest,
) -> Result<EmptyOutput, ApiError> {
    let alloc = input.allocation_id.clone().ok_or_else(|| missing("AllocationId"))?;
    let a = address_in(world, cx, &alloc)?.clone();
    if a.association_id.is_some() {
        cx.why(format!(
            "{} is associated with {}; disassociate it first",
            a.public_ip,
            a.instance_id.unwrap_or_default()
        ));
        return Err(ApiError::bad_request(
            "InvalidIPAddress.InUse",
            format!("The address with allocation id [{alloc}] is in use"),
        ));
    }
    world.ec2.addresses.remove(&alloc);
    cx.why(format!("{} released back to Amazon", a.public_ip));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAddressesRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<Filter>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allocation_ids: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddressView {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    pub public_ip: String,
    pub allocation_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub association_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_interface_id: Option<String>,
    pub domain: String,
    pub public_ipv4_pool: String,
    pub network_border_group: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAddressesOutput {
    pub addresses: Vec<AddressView>,
}

pub fn describe_addresses(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeAddressesRequest,
) -> Result<DescribeAddressesOutput, ApiError> {
    for id in &input.allocation_ids {
        address_in(world, cx, id)?;
    }
    let mut out = Vec::new();
    for a in world.ec2.addresses.values().filter(|a| a.region == cx.region) {
        if !input.allocation_ids.is_empty() && !input.allocation_ids.contains(&a.allocation_id) {
            continue;
        }
        let ok = passes(&input.filters, &a.tags, |name| match name {
            "allocation-id" => one(&a.allocation_id),
            "public-ip" => one(&a.public_ip),
            "instance-id" => Some(a.instance_id.iter().cloned().collect()),
            "association-id" => Some(a.association_id.iter().cloned().collect()),
            "domain" => one("vpc"),
            _ => None,
        })?;
        if ok {
            out.push(AddressView {
                instance_id: a.instance_id.clone(),
                public_ip: a.public_ip.clone(),
                allocation_id: a.allocation_id.clone(),
                association_id: a.association_id.clone(),
                network_interface_id: a.network_interface_id.clone(),
                domain: "vpc".into(),
                public_ipv4_pool: "amazon".into(),
                network_border_group: a.region.clone(),
                tags: tags_out(&a.tags),
            });
        }
    }
    cx.why(format!("{} Elastic IP(s) in {}", out.len(), cx.region));
    Ok(DescribeAddressesOutput { addresses: out })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAvailabilityZonesRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<Filter>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub zone_names: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AvailabilityZone {
    pub state: String,
    pub opt_in_status: String,
    pub messages: Vec<serde_json::Value>,
    pub region_name: String,
    pub zone_name: String,
    pub zone_id: String,
    pub group_name: String,
    pub network_border_group: String,
    pub zone_type: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAvailabilityZonesOutput {
    pub availability_zones: Vec<AvailabilityZone>,
}

pub fn describe_availability_zones(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeAvailabilityZonesRequest,
) -> Result<DescribeAvailabilityZonesOutput, ApiError> {
    let _ = world;
    let zones = regions::find(&cx.region).map(|r| r.availability_zones()).unwrap_or_default();
    if let Some(bad) = input.zone_names.iter().find(|z| !zones.contains(z)) {
        return Err(invalid_parameter(format!("The zone '{bad}' does not exist.")));
    }
    let mut out = Vec::new();
    for z in zones {
        if !input.zone_names.is_empty() && !input.zone_names.contains(&z) {
            continue;
        }
        let ok = passes(&input.filters, &Vec::new(), |name| match name {
            "zone-name" => one(&z),
            "zone-id" => one(zone_id(&z)),
            "state" => one("available"),
            "region-name" => one(&cx.region),
            _ => None,
        })?;
        if ok {
            out.push(AvailabilityZone {
                state: "available".into(),
                opt_in_status: "opt-in-not-required".into(),
                messages: Vec::new(),
                region_name: cx.region.clone(),
                zone_id: zone_id(&z),
                zone_name: z,
                group_name: cx.region.clone(),
                network_border_group: cx.region.clone(),
                zone_type: "availability-zone".into(),
            });
        }
    }
    cx.why(format!("{} Availability Zone(s) in {}", out.len(), cx.region));
    Ok(DescribeAvailabilityZonesOutput { availability_zones: out })
}
