//! The `AWS::EC2::*` types of a VPC's private side: NAT gateways, network ACLs with their
//! entries and subnet associations, and Elastic IP associations, made with EC2's own calls.

use super::ec2::{call, created, gone, optional, required, tag_list, tag_specs};
use super::{check_properties, flag, kind, observed, text, Created, Observed, Provider, ProvisionCx};
use crate::services::ec2::{self, Ec2Request, Ec2Response, NatGatewayState};
use crate::time::SimDuration;
use crate::world::World;
use serde_json::{json, Map, Value as Json};

pub struct NatGateway;
pub struct NetworkAcl;
pub struct NetworkAclEntry;
pub struct SubnetNetworkAclAssociation;
pub struct EipAssociation;

fn invalid(id: &str, key: &str, v: &Json, want: &str) -> String {
    format!(
        "Properties validation failed for resource {id} with message: #/{key}: expected type: {want}, found: {}",
        kind(v)
    )
}

// ------------------------------------------------------------------ NAT gateways

impl Provider for NatGateway {
    fn type_name(&self) -> &'static str {
        "AWS::EC2::NatGateway"
    }
    fn properties(&self) -> &'static [&'static str] {
        &["AllocationId", "ConnectivityType", "SubnetId", "Tags"]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["NatGatewayId"]
    }
    /// CloudFormation waits for `available`, which EC2 reaches after its pending time.
    fn create_time(&self) -> SimDuration {
        ec2::NAT_PENDING_TIME
    }
    /// DeleteNatGateway, then waiting for `deleted` (so the Elastic IP is free to release).
    fn delete_time(&self) -> SimDuration {
        ec2::NAT_DELETING_TIME
    }
    fn update_time(&self) -> SimDuration {
        SimDuration::seconds(5)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["AllocationId", "ConnectivityType", "SubnetId"]
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let out = call(
            world,
            cx.region,
            Ec2Request::CreateNatGateway(ec2::CreateNatGatewayRequest {
                subnet_id: required(id, props, "SubnetId")?,
                allocation_id: optional(props, "AllocationId"),
                connectivity_type: optional(props, "ConnectivityType"),
                client_token: None,
                tag_specifications: tag_specs(cx, props, "natgateway")?,
            }),
        )?;
        let Ec2Response::CreateNatGateway(out) = out else { return Err("unexpected response".into()) };
        let nat_id = out.nat_gateway.nat_gateway_id;
        // EC2 accepted the gateway but will fail it (an address already in use, no internet
        // gateway): CloudFormation's wait for `available` ends in that failure.
        if let Some((code, message)) = world.ec2.nat_gateways.get(&nat_id).and_then(|n| n.failure.clone()) {
            return Err(format!(
                "Resource handler returned message: \"NAT gateway {nat_id} went to failed: {message} ({code})\" \
                 (HandlerErrorCode: NotStabilized)"
            ));
        }
        Ok(created(&nat_id, &[("NatGatewayId", nat_id.clone())]))
    }
    fn update(
        &self,
        world: &mut World,
        cx: &ProvisionCx<'_>,
        physical_id: &str,
        props: &Map<String, Json>,
    ) -> Result<Created, String> {
        check_properties(cx.logical_id, self.properties(), props)?;
        let tags = tag_list(cx, props, "natgateway")?;
        if let Some(n) = world.ec2.nat_gateways.get_mut(physical_id) {
            n.tags = tags;
        }
        Ok(created(physical_id, &[("NatGatewayId", physical_id.to_string())]))
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        let request = ec2::DeleteNatGatewayRequest { nat_gateway_id: physical_id.into() };
        match call(world, cx.region, Ec2Request::DeleteNatGateway(request)) {
            Err(r) if !r.contains("NatGatewayNotFound") => Err(r),
            _ => Ok(()),
        }
    }
    fn observe(&self, world: &World, physical_id: &str) -> Observed {
        let Some(n) = world.ec2.nat_gateways.get(physical_id) else { return Observed::Deleted };
        if matches!(n.state, NatGatewayState::Deleting | NatGatewayState::Deleted | NatGatewayState::Failed) {
            return Observed::Deleted;
        }
        let mut pairs = vec![("SubnetId", json!(n.subnet_id)), ("ConnectivityType", json!(n.connectivity_type))];
        if let Some(a) = &n.allocation_id {
            pairs.push(("AllocationId", json!(a)));
        }
        Observed::Properties(observed(&pairs))
    }
}

// ------------------------------------------------------------------ network ACLs

impl Provider for NetworkAcl {
    fn type_name(&self) -> &'static str {
        "AWS::EC2::NetworkAcl"
    }
    fn properties(&self) -> &'static [&'static str] {
        &["VpcId", "Tags"]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["Id"]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(5)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(3)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["VpcId"]
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let out = call(
            world,
            cx.region,
            Ec2Request::CreateNetworkAcl(ec2::CreateNetworkAclRequest {
                vpc_id: required(id, props, "VpcId")?,
                tag_specifications: tag_specs(cx, props, "network-acl")?,
            }),
        )?;
        let Ec2Response::CreateNetworkAcl(out) = out else { return Err("unexpected response".into()) };
        let acl = out.network_acl.network_acl_id;
        Ok(created(&acl, &[("Id", acl.clone())]))
    }
    fn update(
        &self,
        world: &mut World,
        cx: &ProvisionCx<'_>,
        physical_id: &str,
        props: &Map<String, Json>,
    ) -> Result<Created, String> {
        check_properties(cx.logical_id, self.properties(), props)?;
        let tags = tag_list(cx, props, "network-acl")?;
        if let Some(a) = world.ec2.network_acls.get_mut(physical_id) {
            a.tags = tags;
        }
        Ok(created(physical_id, &[("Id", physical_id.to_string())]))
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        let request = ec2::DeleteNetworkAclRequest { network_acl_id: physical_id.into() };
        gone(call(world, cx.region, Ec2Request::DeleteNetworkAcl(request)))
    }
    fn observe(&self, world: &World, physical_id: &str) -> Observed {
        match world.ec2.network_acls.get(physical_id) {
            Some(a) => Observed::Properties(observed(&[("VpcId", json!(a.vpc_id))])),
            None => Observed::Deleted,
        }
    }
}

fn number(id: &str, props: &Map<String, Json>, key: &str) -> Result<i64, String> {
    let v = props.get(key).ok_or_else(|| {
        format!("Properties validation failed for resource {id} with message: #: required key [{key}] not found")
    })?;
    text(v).and_then(|t| t.parse().ok()).ok_or_else(|| invalid(id, key, v, "Integer"))
}

/// `{From, To}` or `{Code, Type}`: two whole numbers of an object property.
fn pair(id: &str, props: &Map<String, Json>, key: &str, a: &str, b: &str) -> Result<Option<(i64, i64)>, String> {
    let Some(v) = props.get(key) else { return Ok(None) };
    let read = |k: &str| v.get(k).and_then(text).and_then(|t| t.parse::<i64>().ok());
    match (v.is_object(), read(a), read(b)) {
        (true, Some(x), Some(y)) => Ok(Some((x, y))),
        (true, _, _) => Err(format!(
            "Properties validation failed for resource {id} with message: #/{key}: required key [{a}] or [{b}] not found"
        )),
        _ => Err(invalid(id, key, v, "JSONObject")),
    }
}

fn entry_request(id: &str, props: &Map<String, Json>) -> Result<ec2::NetworkAclEntryRequest, String> {
    Ok(ec2::NetworkAclEntryRequest {
        network_acl_id: required(id, props, "NetworkAclId")?,
        rule_number: number(id, props, "RuleNumber")?,
        protocol: Some(number(id, props, "Protocol")?.to_string()),
        rule_action: Some(required(id, props, "RuleAction")?),
        egress: flag(props.get("Egress")).unwrap_or(false),
        cidr_block: optional(props, "CidrBlock"),
        ipv6_cidr_block: optional(props, "Ipv6CidrBlock"),
        icmp_type_code: pair(id, props, "Icmp", "Type", "Code")?
            .map(|(icmp_type, code)| ec2::IcmpTypeCode { code, icmp_type }),
        port_range: pair(id, props, "PortRange", "From", "To")?.map(|(from, to)| ec2::PortRange { from, to }),
    })
}

/// Nimbus Lab's id for an entry, which names what finds it again: `acl-…|ingress|100`.
fn entry_id(r: &ec2::NetworkAclEntryRequest) -> String {
    format!("{}|{}|{}", r.network_acl_id, if r.egress { "egress" } else { "ingress" }, r.rule_number)
}

fn parse_entry_id(physical_id: &str) -> Option<(String, bool, i64)> {
    let mut parts = physical_id.split('|');
    let (acl, dir, rule) = (parts.next()?, parts.next()?, parts.next()?);
    Some((acl.to_string(), dir == "egress", rule.parse().ok()?))
}

impl Provider for NetworkAclEntry {
    fn type_name(&self) -> &'static str {
        "AWS::EC2::NetworkAclEntry"
    }
    fn properties(&self) -> &'static [&'static str] {
        &[
            "NetworkAclId",
            "RuleNumber",
            "Protocol",
            "RuleAction",
            "Egress",
            "CidrBlock",
            "Ipv6CidrBlock",
            "PortRange",
            "Icmp",
        ]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["Id"]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(5)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(3)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["NetworkAclId", "RuleNumber", "Egress"]
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        check_properties(cx.logical_id, self.properties(), props)?;
        let request = entry_request(cx.logical_id, props)?;
        let physical = entry_id(&request);
        call(world, cx.region, Ec2Request::CreateNetworkAclEntry(request))?;
        Ok(created(&physical, &[("Id", physical.clone())]))
    }
    fn update(
        &self,
        world: &mut World,
        cx: &ProvisionCx<'_>,
        physical_id: &str,
        props: &Map<String, Json>,
    ) -> Result<Created, String> {
        check_properties(cx.logical_id, self.properties(), props)?;
        let request = entry_request(cx.logical_id, props)?;
        call(world, cx.region, Ec2Request::ReplaceNetworkAclEntry(request))?;
        Ok(created(physical_id, &[("Id", physical_id.to_string())]))
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        let Some((network_acl_id, egress, rule_number)) = parse_entry_id(physical_id) else { return Ok(()) };
        let request = ec2::DeleteNetworkAclEntryRequest { network_acl_id, rule_number, egress };
        gone(call(world, cx.region, Ec2Request::DeleteNetworkAclEntry(request)))
    }
    fn observe(&self, world: &World, physical_id: &str) -> Observed {
        let Some((acl, egress, rule)) = parse_entry_id(physical_id) else { return Observed::Deleted };
        let found = world
            .ec2
            .network_acls
            .get(&acl)
            .and_then(|a| a.entries.iter().find(|e| e.rule_number == rule && e.egress == egress).cloned());
        let Some(e) = found else { return Observed::Deleted };
        let mut pairs = vec![
            ("NetworkAclId", json!(acl)),
            ("RuleNumber", json!(e.rule_number)),
            ("Protocol", json!(e.protocol)),
            ("RuleAction", json!(e.rule_action)),
            ("Egress", json!(e.egress)),
        ];
        if let Some(c) = &e.cidr_block {
            pairs.push(("CidrBlock", json!(c)));
        }
        if let Some(c) = &e.ipv6_cidr_block {
            pairs.push(("Ipv6CidrBlock", json!(c)));
        }
        if let Some((from, to)) = e.port_range {
            pairs.push(("PortRange", json!({"From": from, "To": to})));
        }
        if let Some((t, c)) = e.icmp {
            pairs.push(("Icmp", json!({"Type": t, "Code": c})));
        }
        Observed::Properties(observed(&pairs))
    }
}

/// The network ACLs that pass one filter, through DescribeNetworkAcls.
fn acls_where(world: &mut World, region: &str, filters: &[(&str, &str)]) -> Result<Vec<ec2::NetworkAclView>, String> {
    let filters =
        filters.iter().map(|(n, v)| ec2::Filter { name: n.to_string(), values: vec![v.to_string()] }).collect();
    let request = ec2::DescribeNetworkAclsRequest { filters, network_acl_ids: Vec::new() };
    match call(world, region, Ec2Request::DescribeNetworkAcls(request))? {
        Ec2Response::DescribeNetworkAcls(d) => Ok(d.network_acls),
        _ => Err("unexpected response".into()),
    }
}

fn replace_association(world: &mut World, region: &str, association_id: &str, acl: &str) -> Result<String, String> {
    let request =
        ec2::ReplaceNetworkAclAssociationRequest { association_id: association_id.into(), network_acl_id: acl.into() };
    match call(world, region, Ec2Request::ReplaceNetworkAclAssociation(request))? {
        Ec2Response::ReplaceNetworkAclAssociation(r) => Ok(r.new_association_id),
        _ => Err("unexpected response".into()),
    }
}

impl Provider for SubnetNetworkAclAssociation {
    fn type_name(&self) -> &'static str {
        "AWS::EC2::SubnetNetworkAclAssociation"
    }
    fn properties(&self) -> &'static [&'static str] {
        &["NetworkAclId", "SubnetId"]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["AssociationId"]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(5)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(3)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["NetworkAclId", "SubnetId"]
    }
    /// A subnet always has an ACL, so "associating" replaces its current association.
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let acl = required(id, props, "NetworkAclId")?;
        let subnet = required(id, props, "SubnetId")?;
        let current = acls_where(world, cx.region, &[("association.subnet-id", &subnet)])?
            .into_iter()
            .flat_map(|a| a.associations)
            .find(|a| a.subnet_id == subnet);
        let Some(current) = current else {
            return Err(format!(
                "Resource handler returned message: \"The subnet ID '{subnet}' does not exist (Service: Ec2, Status Code: 400, Error Code: InvalidSubnetID.NotFound)\""
            ));
        };
        let new_id = replace_association(world, cx.region, &current.network_acl_association_id, &acl)?;
        Ok(created(&new_id, &[("AssociationId", new_id.clone())]))
    }
    /// As AWS does, the subnet goes back to its VPC's default ACL.
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        let Some(acl) = acls_where(world, cx.region, &[("association.association-id", physical_id)])?.pop() else {
            return Ok(());
        };
        let default = acls_where(world, cx.region, &[("vpc-id", &acl.vpc_id), ("default", "true")])?;
        let Some(default) = default.first() else { return Ok(()) };
        replace_association(world, cx.region, physical_id, &default.network_acl_id).map(|_| ())
    }
    fn observe(&self, world: &World, physical_id: &str) -> Observed {
        let found = world
            .ec2
            .network_acls
            .values()
            .find_map(|a| a.associations.iter().find(|s| s.association_id == physical_id).map(|s| (a, s)));
        match found {
            Some((a, s)) => Observed::Properties(observed(&[
                ("NetworkAclId", json!(a.network_acl_id)),
                ("SubnetId", json!(s.subnet_id)),
            ])),
            None => Observed::Deleted,
        }
    }
}

// ------------------------------------------------------------------ Elastic IP associations

impl Provider for EipAssociation {
    fn type_name(&self) -> &'static str {
        "AWS::EC2::EIPAssociation"
    }
    fn properties(&self) -> &'static [&'static str] {
        &["AllocationId", "EIP", "InstanceId", "NetworkInterfaceId", "PrivateIpAddress"]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["Id"]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(10)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(5)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["AllocationId", "EIP", "InstanceId", "NetworkInterfaceId", "PrivateIpAddress"]
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        // Nimbus Lab has no network interfaces of their own: an address goes to an instance.
        if props.contains_key("NetworkInterfaceId") || props.contains_key("PrivateIpAddress") {
            return Err(format!(
                "Properties validation failed for resource {id} with message: NetworkInterfaceId and \
                 PrivateIpAddress are not simulated by Nimbus Lab; associate the address with an InstanceId"
            ));
        }
        let out = call(
            world,
            cx.region,
            Ec2Request::AssociateAddress(ec2::AssociateAddressRequest {
                allocation_id: optional(props, "AllocationId"),
                public_ip: optional(props, "EIP"),
                instance_id: Some(required(id, props, "InstanceId")?),
            }),
        )?;
        let Ec2Response::AssociateAddress(out) = out else { return Err("unexpected response".into()) };
        Ok(created(&out.association_id, &[("Id", out.association_id.clone())]))
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        let request = ec2::DisassociateAddressRequest { association_id: Some(physical_id.into()) };
        gone(call(world, cx.region, Ec2Request::DisassociateAddress(request)))
    }
}
