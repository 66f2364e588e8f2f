//! NAT gateways: pending → available (or failed) and deleting → deleted on the clock, with the
//! Elastic IP of a public gateway associated to the gateway's network interface.

use super::addresses::address_in;
use super::instances::next_private_ip;
use super::network::subnet_in;
use super::*;
use crate::services::ec2::jobs::Ec2Job;
use crate::services::Job;
use crate::world::CallContext;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NatGatewayAddress {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocation_id: Option<String>,
    pub network_interface_id: String,
    pub private_ip: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub association_id: Option<String>,
    pub is_primary: bool,
    pub status: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NatGatewayView {
    pub create_time: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_message: Option<String>,
    pub nat_gateway_addresses: Vec<NatGatewayAddress>,
    pub nat_gateway_id: String,
    pub state: NatGatewayState,
    pub subnet_id: String,
    pub vpc_id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    pub connectivity_type: String,
}

fn nat_view(world: &World, n: &NatGateway) -> NatGatewayView {
    let association_id = n
        .allocation_id
        .as_ref()
        .and_then(|a| world.ec2.addresses.get(a))
        .filter(|a| a.network_interface_id.as_ref() == Some(&n.network_interface_id))
        .and_then(|a| a.association_id.clone());
    let status = match n.state {
        NatGatewayState::Pending => "associating",
        NatGatewayState::Available => "succeeded",
        NatGatewayState::Deleting => "disassociating",
        NatGatewayState::Failed => "failed",
        NatGatewayState::Deleted => "succeeded",
    };
    let (failure_code, failure_message) = match (&n.failure, n.state) {
        (Some((c, m)), NatGatewayState::Failed | NatGatewayState::Deleted) => (Some(c.clone()), Some(m.clone())),
        _ => (None, None),
    };
    NatGatewayView {
        create_time: n.create_time.iso8601(),
        delete_time: n.delete_time.map(|t| t.iso8601()),
        failure_code,
        failure_message,
        nat_gateway_addresses: vec![NatGatewayAddress {
            allocation_id: n.allocation_id.clone(),
            network_interface_id: n.network_interface_id.clone(),
            private_ip: n.private_ip.clone(),
            public_ip: n.public_ip.clone(),
            association_id,
            is_primary: true,
            status: status.into(),
        }],
        nat_gateway_id: n.nat_gateway_id.clone(),
        state: n.state,
        subnet_id: n.subnet_id.clone(),
        vpc_id: n.vpc_id.clone(),
        tags: tags_out(&n.tags),
        connectivity_type: n.connectivity_type.clone(),
    }
}

fn nat_not_found(cx: &mut CallContext, id: &str) -> ApiError {
    cx.why(format!("no NAT gateway '{id}' in {}", cx.region));
    ApiError::bad_request("NatGatewayNotFound", format!("NAT gateway {id} was not found"))
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateNatGatewayRequest {
    pub subnet_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocation_id: Option<String>,
    /// `public` (the default) or `private`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connectivity_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tag_specifications: Vec<TagSpecification>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateNatGatewayOutput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
    pub nat_gateway: NatGatewayView,
}

pub fn create_nat_gateway(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateNatGatewayRequest,
) -> Result<CreateNatGatewayOutput, ApiError> {
    let subnet = subnet_in(world, cx, &input.subnet_id)?.clone();
    let connectivity = input.connectivity_type.clone().unwrap_or_else(|| "public".into());
    let address = match (connectivity.as_str(), &input.allocation_id) {
        ("public", None) => {
            cx.why("a public NAT gateway needs an Elastic IP allocation (--allocation-id)");
            return Err(missing("AllocationId"));
        }
        ("public", Some(alloc)) => Some(address_in(world, cx, alloc)?.clone()),
        ("private", None) => None,
        ("private", Some(_)) => {
            cx.why("a private NAT gateway has no public address");
            return Err(invalid_parameter("AllocationId cannot be specified for a private NAT gateway."));
        }
        (other, _) => {
            return Err(invalid_parameter(format!("Value ({other}) for parameter connectivityType is invalid.")));
        }
    };
    // What makes AWS fail the gateway after it was accepted: it is created `pending` and turns
    // `failed` with this code when its time comes.
    let failure = match &address {
        Some(a) if a.association_id.is_some() => Some((
            "Resource.AlreadyAssociated".to_string(),
            format!("Elastic IP address [{}] is already associated", a.allocation_id),
        )),
        Some(_) if !world.ec2.internet_gateways.values().any(|g| g.vpc_id.as_ref() == Some(&subnet.vpc_id)) => Some((
            "Gateway.NotAttached".to_string(),
            format!("Network {} has no Internet gateway attached", subnet.vpc_id),
        )),
        _ => None,
    };
    let id = new_id(world, "nat");
    let eni = new_id(world, "eni");
    let private_ip = next_private_ip(world, &subnet.subnet_id);
    if let (Some(a), None) = (&address, &failure) {
        let assoc = new_id(world, "eipassoc");
        if let Some(addr) = world.ec2.addresses.get_mut(&a.allocation_id) {
            addr.association_id = Some(assoc);
            addr.network_interface_id = Some(eni.clone());
        }
    }
    let nat = NatGateway {
        nat_gateway_id: id.clone(),
        region: cx.region.clone(),
        subnet_id: subnet.subnet_id.clone(),
        vpc_id: subnet.vpc_id.clone(),
        connectivity_type: connectivity.clone(),
        allocation_id: address.as_ref().map(|a| a.allocation_id.clone()),
        public_ip: address.as_ref().map(|a| a.public_ip.clone()),
        network_interface_id: eni,
        private_ip,
        state: NatGatewayState::Pending,
        failure: failure.clone(),
        create_time: world.now(),
        delete_time: None,
        tags: tags_for(&input.tag_specifications, "natgateway"),
    };
    let view = nat_view(world, &nat);
    world.ec2.nat_gateways.insert(id.clone(), nat);
    world.schedule(NAT_PENDING_TIME, Job::Ec2(Ec2Job::NatGatewaySettled { nat_gateway_id: id.clone() }));
    cx.touch(id.clone());
    cx.why(match (&failure, &address) {
        (Some((code, _)), _) => format!("NAT gateway {id} accepted as pending; it will fail with {code}"),
        (None, Some(a)) => format!(
            "NAT gateway {id} pending in {} with {} as its public address; route private subnets' 0.0.0.0/0 to it",
            subnet.subnet_id, a.public_ip
        ),
        (None, None) => format!("private NAT gateway {id} pending in {}", subnet.subnet_id),
    });
    Ok(CreateNatGatewayOutput { client_token: input.client_token, nat_gateway: view })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeNatGatewaysRequest {
    /// EC2 names this member `Filter`, not `Filters` (the CLI's `--filter`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filter: Vec<Filter>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nat_gateway_ids: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeNatGatewaysOutput {
    pub nat_gateways: Vec<NatGatewayView>,
}

pub fn describe_nat_gateways(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeNatGatewaysRequest,
) -> Result<DescribeNatGatewaysOutput, ApiError> {
    for id in &input.nat_gateway_ids {
        cx.touch(id.clone());
        if world.ec2.nat_gateways.get(id).is_none_or(|n| n.region != cx.region) {
            return Err(nat_not_found(cx, id));
        }
    }
    let mut out = Vec::new();
    for n in world.ec2.nat_gateways.values().filter(|n| n.region == cx.region) {
        if !input.nat_gateway_ids.is_empty() && !input.nat_gateway_ids.contains(&n.nat_gateway_id) {
            continue;
        }
        let ok = passes(&input.filter, &n.tags, |name| match name {
            "nat-gateway-id" => one(&n.nat_gateway_id),
            "state" => one(n.state.as_str()),
            "subnet-id" => one(&n.subnet_id),
            "vpc-id" => one(&n.vpc_id),
            _ => None,
        })?;
        if ok {
            out.push(nat_view(world, n));
        }
    }
    cx.why(format!("{} NAT gateway(s) in {}", out.len(), cx.region));
    Ok(DescribeNatGatewaysOutput { nat_gateways: out })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteNatGatewayRequest {
    pub nat_gateway_id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteNatGatewayOutput {
    pub nat_gateway_id: String,
}

pub fn delete_nat_gateway(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteNatGatewayRequest,
) -> Result<DeleteNatGatewayOutput, ApiError> {
    let id = input.nat_gateway_id.clone();
    cx.touch(id.clone());
    let region = cx.region.clone();
    let Some(n) = world.ec2.nat_gateways.get_mut(&id).filter(|n| n.region == region) else {
        return Err(nat_not_found(cx, &id));
    };
    if matches!(n.state, NatGatewayState::Deleting | NatGatewayState::Deleted) {
        cx.why(format!("{id} is already {}", n.state));
        return Ok(DeleteNatGatewayOutput { nat_gateway_id: id });
    }
    n.state = NatGatewayState::Deleting;
    world.schedule(NAT_DELETING_TIME, Job::Ec2(Ec2Job::NatGatewaySettled { nat_gateway_id: id.clone() }));
    cx.why(format!(
        "{id} is deleting; its Elastic IP is disassociated once it is deleted (routes to it are blackholes)"
    ));
    Ok(DeleteNatGatewayOutput { nat_gateway_id: id })
}

/// The end of a NAT gateway's transitional state: pending → available or failed, deleting →
/// deleted (the address goes back to the account, unassociated).
pub(crate) fn settle(world: &mut World, cx: &mut CallContext, id: &str) {
    cx.touch(id.to_string());
    let now = world.now();
    let Some(n) = world.ec2.nat_gateways.get_mut(id) else {
        cx.why(format!("{id} no longer exists"));
        return;
    };
    cx.region = n.region.clone();
    match n.state {
        NatGatewayState::Pending => match n.failure.clone() {
            Some((code, message)) => {
                n.state = NatGatewayState::Failed;
                n.delete_time = Some(now);
                world.schedule(NAT_DELETED_VISIBLE, Job::Ec2(Ec2Job::NatGatewayForget { nat_gateway_id: id.into() }));
                cx.why(format!("{id} failed: {code}: {message}"));
            }
            None => {
                n.state = NatGatewayState::Available;
                cx.why(format!("{id} is available (billed per hour and per GB processed from now)"));
            }
        },
        NatGatewayState::Deleting => {
            n.state = NatGatewayState::Deleted;
            n.delete_time = Some(now);
            let eni = n.network_interface_id.clone();
            for a in world.ec2.addresses.values_mut().filter(|a| a.network_interface_id.as_ref() == Some(&eni)) {
                a.network_interface_id = None;
                a.association_id = None;
            }
            world.schedule(NAT_DELETED_VISIBLE, Job::Ec2(Ec2Job::NatGatewayForget { nat_gateway_id: id.into() }));
            cx.why(format!("{id} is deleted; it stays listed for about an hour and its Elastic IP can be released"));
        }
        other => cx.why(format!("{id} is {other}; nothing to do")),
    }
}

/// A deleted or failed NAT gateway leaves DescribeNatGateways.
pub(crate) fn forget(world: &mut World, cx: &mut CallContext, id: &str) {
    cx.touch(id.to_string());
    if world
        .ec2
        .nat_gateways
        .get(id)
        .is_some_and(|n| matches!(n.state, NatGatewayState::Deleted | NatGatewayState::Failed))
    {
        world.ec2.nat_gateways.remove(id);
        cx.why(format!("{id} is no longer listed"));
    } else {
        cx.why(format!("{id} is not deleted; nothing to do"));
    }
}
