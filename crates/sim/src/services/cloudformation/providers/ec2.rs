//! The `AWS::EC2::*` types, made with EC2's own operations: a stack's VPC is a real VPC in
//! `aws ec2 describe-vpcs`, its instance a real instance on the clock. Ref and GetAtt give what
//! the CloudFormation reference documents for each type; EC2 resources carry the
//! `aws:cloudformation:*` tags CloudFormation adds.
//!
//! What needs an attached internet gateway (a route to it, an Elastic IP) fails as in AWS when
//! the template does not make it wait for the `VPCGatewayAttachment` (DependsOn).

use super::{
    check_properties, flag, generated_name, handler_reason, kind, observed, tags, text, Created, Observed, Provider,
    ProvisionCx,
};
use crate::services::ec2::{self, Ec2Request, Ec2Response};
use crate::services::{Request, Response};
use crate::time::SimDuration;
use crate::world::World;
use serde_json::{json, Map, Value as Json};

pub struct Vpc;
pub struct Subnet;
pub struct InternetGateway;
pub struct VpcGatewayAttachment;
pub struct RouteTable;
pub struct Route;
pub struct SubnetRouteTableAssociation;
pub struct SecurityGroup;
pub struct Instance;
pub struct Eip;
pub struct KeyPair;

pub(super) fn call(world: &mut World, region: &str, r: Ec2Request) -> Result<Ec2Response, String> {
    #[allow(unreachable_patterns)]
    match world.call_in(region, Request::Ec2(r)) {
        Ok(Response::Ec2(out)) => Ok(out),
        Ok(_) => Err("unexpected response".into()),
        Err(e) => Err(handler_reason("Ec2", &e)),
    }
}

/// Deleting something already gone counts as deleted.
pub(super) fn gone(result: Result<Ec2Response, String>) -> Result<(), String> {
    match result {
        Ok(_) => Ok(()),
        Err(r) if r.contains(".NotFound") => Ok(()),
        Err(r) => Err(r),
    }
}

pub(super) fn required(id: &str, props: &Map<String, Json>, key: &str) -> Result<String, String> {
    match props.get(key) {
        None => Err(format!("Properties validation failed for resource {id} with message: #: required key [{key}] not found")),
        Some(v) => text(v).ok_or_else(|| {
            format!("Properties validation failed for resource {id} with message: #/{key}: expected type: String, found: {}", kind(v))
        }),
    }
}

pub(super) fn optional(props: &Map<String, Json>, key: &str) -> Option<String> {
    props.get(key).and_then(text)
}

pub(super) fn list(id: &str, props: &Map<String, Json>, key: &str) -> Result<Vec<String>, String> {
    match props.get(key) {
        None => Ok(Vec::new()),
        Some(Json::Array(items)) => Ok(items.iter().filter_map(text).collect()),
        Some(v) => Err(format!(
            "Properties validation failed for resource {id} with message: #/{key}: expected type: JSONArray, found: {}",
            kind(v)
        )),
    }
}

/// The resource's Tags, the stack's tags, and the tags CloudFormation adds to EC2 resources.
pub(super) fn tag_specs(
    cx: &ProvisionCx<'_>,
    props: &Map<String, Json>,
    resource_type: &str,
) -> Result<Vec<ec2::TagSpecification>, String> {
    tag_specs_of(cx, props.get("Tags"), resource_type)
}

/// The same for a `[{Key, Value}]` list found elsewhere than `Tags`.
pub(super) fn tag_specs_of(
    cx: &ProvisionCx<'_>,
    own: Option<&Json>,
    resource_type: &str,
) -> Result<Vec<ec2::TagSpecification>, String> {
    let mut list = tags(cx.logical_id, own, cx.stack_tags)?;
    list.push(("aws:cloudformation:logical-id".into(), cx.logical_id.into()));
    list.push(("aws:cloudformation:stack-id".into(), cx.stack_id.into()));
    list.push(("aws:cloudformation:stack-name".into(), cx.stack_name.into()));
    Ok(vec![ec2::TagSpecification {
        resource_type: Some(resource_type.into()),
        tags: list.into_iter().map(|(key, value)| ec2::Tag { key, value }).collect(),
    }])
}

/// What an in-place update sets as the resource's tags.
pub(super) fn tag_list(
    cx: &ProvisionCx<'_>,
    props: &Map<String, Json>,
    resource_type: &str,
) -> Result<ec2::Tags, String> {
    let specs = tag_specs(cx, props, resource_type)?;
    Ok(specs[0].tags.iter().map(|t| (t.key.clone(), t.value.clone())).collect())
}

pub(super) fn created(physical_id: &str, attributes: &[(&str, String)]) -> Created {
    Created {
        physical_id: physical_id.to_string(),
        ref_value: physical_id.to_string(),
        attributes: crate::sort::btree_map(attributes.iter().map(|(k, v)| (k.to_string(), v.clone()))),
    }
}

// ------------------------------------------------------------------ VPC

fn vpc_created(world: &World, vpc_id: &str) -> Created {
    let v = world.ec2.vpcs.get(vpc_id);
    let cidr = v.map(|v| v.cidr.to_string()).unwrap_or_default();
    let assoc = v.map(|v| v.cidr_association_id.clone()).unwrap_or_default();
    let sg = world
        .ec2
        .security_groups
        .values()
        .find(|g| g.vpc_id == vpc_id && g.group_name == "default")
        .map(|g| g.group_id.clone())
        .unwrap_or_default();
    created(
        vpc_id,
        &[
            ("CidrBlock", cidr),
            ("CidrBlockAssociations", assoc),
            ("DefaultSecurityGroup", sg),
            ("Ipv6CidrBlocks", String::new()),
            ("VpcId", vpc_id.to_string()),
        ],
    )
}

impl Provider for Vpc {
    fn type_name(&self) -> &'static str {
        "AWS::EC2::VPC"
    }
    fn properties(&self) -> &'static [&'static str] {
        &["CidrBlock", "EnableDnsHostnames", "EnableDnsSupport", "InstanceTenancy", "Tags"]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["CidrBlock", "CidrBlockAssociations", "DefaultSecurityGroup", "Ipv6CidrBlocks", "VpcId"]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(10)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(3)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["CidrBlock", "InstanceTenancy"]
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let cidr = required(id, props, "CidrBlock")?;
        let out = call(
            world,
            cx.region,
            Ec2Request::CreateVpc(ec2::CreateVpcRequest {
                cidr_block: Some(cidr),
                instance_tenancy: optional(props, "InstanceTenancy"),
                tag_specifications: tag_specs(cx, props, "vpc")?,
            }),
        )?;
        let Ec2Response::CreateVpc(out) = out else { return Err("unexpected response".into()) };
        let vpc_id = out.vpc.vpc_id;
        set_dns(world, &vpc_id, props);
        Ok(vpc_created(world, &vpc_id))
    }
    fn update(
        &self,
        world: &mut World,
        cx: &ProvisionCx<'_>,
        physical_id: &str,
        props: &Map<String, Json>,
    ) -> Result<Created, String> {
        check_properties(cx.logical_id, self.properties(), props)?;
        set_dns(world, physical_id, props);
        retag_vpc(world, cx, physical_id, props)?;
        Ok(vpc_created(world, physical_id))
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        gone(call(world, cx.region, Ec2Request::DeleteVpc(ec2::DeleteVpcRequest { vpc_id: physical_id.into() })))
    }
    fn observe(&self, world: &World, physical_id: &str) -> Observed {
        let Some(v) = world.ec2.vpcs.get(physical_id) else { return Observed::Deleted };
        Observed::Properties(observed(&[
            ("CidrBlock", json!(v.cidr.to_string())),
            ("EnableDnsHostnames", json!(v.enable_dns_hostnames)),
            ("EnableDnsSupport", json!(v.enable_dns_support)),
            ("InstanceTenancy", json!(v.instance_tenancy)),
        ]))
    }
}

/// EnableDnsHostnames and EnableDnsSupport (ModifyVpcAttribute in AWS).
fn set_dns(world: &mut World, vpc_id: &str, props: &Map<String, Json>) {
    if let Some(v) = world.ec2.vpcs.get_mut(vpc_id) {
        v.enable_dns_hostnames = flag(props.get("EnableDnsHostnames")).unwrap_or(false);
        v.enable_dns_support = flag(props.get("EnableDnsSupport")).unwrap_or(true);
    }
}

fn retag_vpc(world: &mut World, cx: &ProvisionCx<'_>, vpc_id: &str, props: &Map<String, Json>) -> Result<(), String> {
    let tags = tag_list(cx, props, "vpc")?;
    if let Some(v) = world.ec2.vpcs.get_mut(vpc_id) {
        v.tags = tags;
    }
    Ok(())
}

// ------------------------------------------------------------------ Subnet

fn subnet_created(world: &World, subnet_id: &str) -> Created {
    let s = world.ec2.subnets.get(subnet_id);
    let az = s.map(|s| s.availability_zone.clone()).unwrap_or_default();
    created(
        subnet_id,
        &[
            ("AvailabilityZone", az.clone()),
            ("AvailabilityZoneId", ec2::zone_id(&az)),
            ("CidrBlock", s.map(|s| s.cidr.to_string()).unwrap_or_default()),
            ("SubnetId", subnet_id.to_string()),
            ("VpcId", s.map(|s| s.vpc_id.clone()).unwrap_or_default()),
        ],
    )
}

impl Provider for Subnet {
    fn type_name(&self) -> &'static str {
        "AWS::EC2::Subnet"
    }
    fn properties(&self) -> &'static [&'static str] {
        &["VpcId", "CidrBlock", "AvailabilityZone", "MapPublicIpOnLaunch", "Tags"]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["AvailabilityZone", "AvailabilityZoneId", "CidrBlock", "SubnetId", "VpcId"]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(5)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(3)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["VpcId", "CidrBlock", "AvailabilityZone"]
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let out = call(
            world,
            cx.region,
            Ec2Request::CreateSubnet(ec2::CreateSubnetRequest {
                vpc_id: required(id, props, "VpcId")?,
                cidr_block: Some(required(id, props, "CidrBlock")?),
                availability_zone: optional(props, "AvailabilityZone"),
                tag_specifications: tag_specs(cx, props, "subnet")?,
            }),
        )?;
        let Ec2Response::CreateSubnet(out) = out else { return Err("unexpected response".into()) };
        let subnet_id = out.subnet.subnet_id;
        self.update(world, cx, &subnet_id, props)
    }
    fn update(
        &self,
        world: &mut World,
        cx: &ProvisionCx<'_>,
        physical_id: &str,
        props: &Map<String, Json>,
    ) -> Result<Created, String> {
        check_properties(cx.logical_id, self.properties(), props)?;
        let public = flag(props.get("MapPublicIpOnLaunch")).unwrap_or(false);
        call(
            world,
            cx.region,
            Ec2Request::ModifySubnetAttribute(ec2::ModifySubnetAttributeRequest {
                subnet_id: physical_id.into(),
                map_public_ip_on_launch: Some(ec2::AttributeBooleanValue { value: public }),
            }),
        )?;
        let tags = tag_list(cx, props, "subnet")?;
        if let Some(s) = world.ec2.subnets.get_mut(physical_id) {
            s.tags = tags;
        }
        Ok(subnet_created(world, physical_id))
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        gone(call(
            world,
            cx.region,
            Ec2Request::DeleteSubnet(ec2::DeleteSubnetRequest { subnet_id: physical_id.into() }),
        ))
    }
    fn observe(&self, world: &World, physical_id: &str) -> Observed {
        let Some(s) = world.ec2.subnets.get(physical_id) else { return Observed::Deleted };
        Observed::Properties(observed(&[
            ("AvailabilityZone", json!(s.availability_zone)),
            ("CidrBlock", json!(s.cidr.to_string())),
            ("MapPublicIpOnLaunch", json!(s.map_public_ip_on_launch)),
            ("VpcId", json!(s.vpc_id)),
        ]))
    }
}

// ------------------------------------------------------------------ Internet gateway

impl Provider for InternetGateway {
    fn type_name(&self) -> &'static str {
        "AWS::EC2::InternetGateway"
    }
    fn properties(&self) -> &'static [&'static str] {
        &["Tags"]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["InternetGatewayId"]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(15)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(3)
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        check_properties(cx.logical_id, self.properties(), props)?;
        let out = call(
            world,
            cx.region,
            Ec2Request::CreateInternetGateway(ec2::CreateInternetGatewayRequest {
                tag_specifications: tag_specs(cx, props, "internet-gateway")?,
            }),
        )?;
        let Ec2Response::CreateInternetGateway(out) = out else { return Err("unexpected response".into()) };
        let igw = out.internet_gateway.internet_gateway_id;
        Ok(created(&igw, &[("InternetGatewayId", igw.clone())]))
    }
    fn update(
        &self,
        world: &mut World,
        cx: &ProvisionCx<'_>,
        physical_id: &str,
        props: &Map<String, Json>,
    ) -> Result<Created, String> {
        check_properties(cx.logical_id, self.properties(), props)?;
        let tags = tag_list(cx, props, "internet-gateway")?;
        if let Some(g) = world.ec2.internet_gateways.get_mut(physical_id) {
            g.tags = tags;
        }
        Ok(created(physical_id, &[("InternetGatewayId", physical_id.to_string())]))
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        gone(call(
            world,
            cx.region,
            Ec2Request::DeleteInternetGateway(ec2::DeleteInternetGatewayRequest {
                internet_gateway_id: physical_id.into(),
            }),
        ))
    }
}

impl Provider for VpcGatewayAttachment {
    fn type_name(&self) -> &'static str {
        "AWS::EC2::VPCGatewayAttachment"
    }
    fn properties(&self) -> &'static [&'static str] {
        &["VpcId", "InternetGatewayId", "VpnGatewayId"]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["AttachmentType", "VpcId"]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(15)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(15)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["VpcId", "InternetGatewayId"]
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        if props.contains_key("VpnGatewayId") {
            return Err("VPN gateways are not simulated by Nimbus Lab; attach an InternetGatewayId".into());
        }
        let vpc = required(id, props, "VpcId")?;
        let igw = required(id, props, "InternetGatewayId")?;
        call(
            world,
            cx.region,
            Ec2Request::AttachInternetGateway(ec2::AttachInternetGatewayRequest {
                internet_gateway_id: igw.clone(),
                vpc_id: vpc.clone(),
            }),
        )?;
        // The physical id CloudFormation shows: `IGW|vpc-…`.
        let physical = format!("IGW|{vpc}");
        let mut c = created(&physical, &[("AttachmentType", "igw".into()), ("VpcId", vpc.clone())]);
        c.attributes.insert("InternetGatewayId".into(), igw);
        Ok(c)
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        let vpc = physical_id.strip_prefix("IGW|").unwrap_or(physical_id).to_string();
        let Some(igw) = world
            .ec2
            .internet_gateways
            .values()
            .find(|g| g.vpc_id.as_deref() == Some(vpc.as_str()))
            .map(|g| g.internet_gateway_id.clone())
        else {
            return Ok(());
        };
        gone(call(
            world,
            cx.region,
            Ec2Request::DetachInternetGateway(ec2::DetachInternetGatewayRequest {
                internet_gateway_id: igw,
                vpc_id: vpc,
            }),
        ))
    }
}

// ------------------------------------------------------------------ Route tables

impl Provider for RouteTable {
    fn type_name(&self) -> &'static str {
        "AWS::EC2::RouteTable"
    }
    fn properties(&self) -> &'static [&'static str] {
        &["VpcId", "Tags"]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["RouteTableId"]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(10)
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
            Ec2Request::CreateRouteTable(ec2::CreateRouteTableRequest {
                vpc_id: required(id, props, "VpcId")?,
                tag_specifications: tag_specs(cx, props, "route-table")?,
            }),
        )?;
        let Ec2Response::CreateRouteTable(out) = out else { return Err("unexpected response".into()) };
        let rtb = out.route_table.route_table_id;
        Ok(created(&rtb, &[("RouteTableId", rtb.clone())]))
    }
    fn update(
        &self,
        world: &mut World,
        cx: &ProvisionCx<'_>,
        physical_id: &str,
        props: &Map<String, Json>,
    ) -> Result<Created, String> {
        check_properties(cx.logical_id, self.properties(), props)?;
        let tags = tag_list(cx, props, "route-table")?;
        if let Some(t) = world.ec2.route_tables.get_mut(physical_id) {
            t.tags = tags;
        }
        Ok(created(physical_id, &[("RouteTableId", physical_id.to_string())]))
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        gone(call(
            world,
            cx.region,
            Ec2Request::DeleteRouteTable(ec2::DeleteRouteTableRequest { route_table_id: physical_id.into() }),
        ))
    }
}

impl Provider for Route {
    fn type_name(&self) -> &'static str {
        "AWS::EC2::Route"
    }
    fn properties(&self) -> &'static [&'static str] {
        &["RouteTableId", "DestinationCidrBlock", "GatewayId", "InstanceId", "NatGatewayId"]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["CidrBlock"]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(15)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(3)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["RouteTableId", "DestinationCidrBlock"]
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let rtb = required(id, props, "RouteTableId")?;
        let dest = required(id, props, "DestinationCidrBlock")?;
        call(
            world,
            cx.region,
            Ec2Request::CreateRoute(ec2::CreateRouteRequest {
                route_table_id: rtb.clone(),
                destination_cidr_block: Some(dest.clone()),
                gateway_id: optional(props, "GatewayId"),
                instance_id: optional(props, "InstanceId"),
                nat_gateway_id: optional(props, "NatGatewayId"),
            }),
        )?;
        // The physical id CloudFormation shows: `rtb-…|0.0.0.0/0`.
        Ok(created(&format!("{rtb}|{dest}"), &[("CidrBlock", dest)]))
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        let Some((rtb, dest)) = physical_id.split_once('|') else { return Ok(()) };
        match call(
            world,
            cx.region,
            Ec2Request::DeleteRoute(ec2::DeleteRouteRequest {
                route_table_id: rtb.into(),
                destination_cidr_block: Some(dest.into()),
            }),
        ) {
            Ok(_) => Ok(()),
            Err(r) if r.contains("NotFound") => Ok(()),
            Err(r) => Err(r),
        }
    }
}

impl Provider for SubnetRouteTableAssociation {
    fn type_name(&self) -> &'static str {
        "AWS::EC2::SubnetRouteTableAssociation"
    }
    fn properties(&self) -> &'static [&'static str] {
        &["RouteTableId", "SubnetId"]
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
        &["RouteTableId", "SubnetId"]
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let out = call(
            world,
            cx.region,
            Ec2Request::AssociateRouteTable(ec2::AssociateRouteTableRequest {
                route_table_id: required(id, props, "RouteTableId")?,
                subnet_id: Some(required(id, props, "SubnetId")?),
            }),
        )?;
        let Ec2Response::AssociateRouteTable(out) = out else { return Err("unexpected response".into()) };
        Ok(created(&out.association_id, &[("Id", out.association_id.clone())]))
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        gone(call(
            world,
            cx.region,
            Ec2Request::DisassociateRouteTable(ec2::DisassociateRouteTableRequest {
                association_id: physical_id.into(),
            }),
        ))
    }
}

// ------------------------------------------------------------------ Security groups

/// `[{IpProtocol, FromPort, ToPort, CidrIp | SourceSecurityGroupId | DestinationSecurityGroupId, Description}]`.
fn rules(id: &str, props: &Map<String, Json>, key: &str) -> Result<Vec<ec2::IpPermission>, String> {
    let Some(v) = props.get(key) else { return Ok(Vec::new()) };
    let Some(items) = v.as_array() else {
        return Err(format!(
            "Properties validation failed for resource {id} with message: #/{key}: expected type: JSONArray, found: {}",
            kind(v)
        ));
    };
    let mut out = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let field = |k: &str| item.get(k).and_then(text);
        let port = |k: &str| field(k).and_then(|p| p.trim().parse::<i64>().ok());
        let Some(protocol) = field("IpProtocol") else {
            return Err(format!(
                "Properties validation failed for resource {id} with message: #/{key}/{n}: required key [IpProtocol] not found"
            ));
        };
        let description = field("Description");
        let peer_group = field("SourceSecurityGroupId").or(field("DestinationSecurityGroupId"));
        out.push(ec2::IpPermission {
            from_port: port("FromPort"),
            ip_protocol: protocol,
            to_port: port("ToPort"),
            ip_ranges: field("CidrIp")
                .map(|c| vec![ec2::IpRange { cidr_ip: c, description: description.clone() }])
                .unwrap_or_default(),
            user_id_group_pairs: peer_group
                .map(|g| vec![ec2::UserIdGroupPair { group_id: Some(g), user_id: None, description }])
                .unwrap_or_default(),
            ..Default::default()
        });
    }
    Ok(out)
}

fn authorize(
    world: &mut World,
    region: &str,
    group: &str,
    perms: Vec<ec2::IpPermission>,
    egress: bool,
) -> Result<(), String> {
    if perms.is_empty() {
        return Ok(());
    }
    let input = ec2::AuthorizeSecurityGroupRequest {
        group_id: Some(group.into()),
        ip_permissions: perms,
        ..Default::default()
    };
    let r = if egress {
        Ec2Request::AuthorizeSecurityGroupEgress(input)
    } else {
        Ec2Request::AuthorizeSecurityGroupIngress(input)
    };
    call(world, region, r).map(|_| ())
}

fn group_created(world: &World, group_id: &str, by_name: bool) -> Created {
    let g = world.ec2.security_groups.get(group_id);
    let name = g.map(|g| g.group_name.clone()).unwrap_or_default();
    let mut c = created(
        group_id,
        &[("GroupId", group_id.to_string()), ("VpcId", g.map(|g| g.vpc_id.clone()).unwrap_or_default())],
    );
    // Ref is the group id when VpcId was given, the group name otherwise.
    if by_name {
        c.ref_value = name;
    }
    c
}

impl Provider for SecurityGroup {
    fn type_name(&self) -> &'static str {
        "AWS::EC2::SecurityGroup"
    }
    fn properties(&self) -> &'static [&'static str] {
        &["GroupDescription", "GroupName", "VpcId", "SecurityGroupIngress", "SecurityGroupEgress", "Tags"]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["GroupId", "VpcId"]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(5)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(3)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["GroupDescription", "GroupName", "VpcId"]
    }
    fn name_property(&self) -> Option<&'static str> {
        Some("GroupName")
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let description = required(id, props, "GroupDescription")?;
        let ingress = rules(id, props, "SecurityGroupIngress")?;
        let egress = rules(id, props, "SecurityGroupEgress")?;
        let name = match optional(props, "GroupName") {
            Some(n) => n,
            None => generated_name(world, cx.stack_name, id, 255, false),
        };
        let vpc = optional(props, "VpcId");
        let out = call(
            world,
            cx.region,
            Ec2Request::CreateSecurityGroup(ec2::CreateSecurityGroupRequest {
                description,
                group_name: name,
                vpc_id: vpc.clone(),
                tag_specifications: tag_specs(cx, props, "security-group")?,
            }),
        )?;
        let Ec2Response::CreateSecurityGroup(out) = out else { return Err("unexpected response".into()) };
        let group = out.group_id;
        let applied = authorize(world, cx.region, &group, ingress, false).and_then(|_| {
            if egress.is_empty() {
                return Ok(());
            }
            // Egress rules in the template replace the default allow-all rule.
            if let Some(g) = world.ec2.security_groups.get_mut(&group) {
                g.egress.clear();
            }
            authorize(world, cx.region, &group, egress, true)
        });
        if let Err(e) = applied {
            let _ = call(
                world,
                cx.region,
                Ec2Request::DeleteSecurityGroup(ec2::DeleteSecurityGroupRequest {
                    group_id: Some(group),
                    group_name: None,
                }),
            );
            return Err(e);
        }
        Ok(group_created(world, &group, vpc.is_none()))
    }
    fn update(
        &self,
        world: &mut World,
        cx: &ProvisionCx<'_>,
        physical_id: &str,
        props: &Map<String, Json>,
    ) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let ingress = rules(id, props, "SecurityGroupIngress")?;
        let egress = rules(id, props, "SecurityGroupEgress")?;
        // The rules become the template's: the old ones go, the new ones are authorized.
        if let Some(g) = world.ec2.security_groups.get_mut(physical_id) {
            g.ingress.clear();
            g.egress.clear();
        }
        authorize(world, cx.region, physical_id, ingress, false)?;
        if egress.is_empty() {
            let all = ec2::IpPermission {
                ip_protocol: "-1".into(),
                ip_ranges: vec![ec2::IpRange { cidr_ip: "0.0.0.0/0".into(), description: None }],
                ..Default::default()
            };
            authorize(world, cx.region, physical_id, vec![all], true)?;
        } else {
            authorize(world, cx.region, physical_id, egress, true)?;
        }
        let tags = tag_list(cx, props, "security-group")?;
        if let Some(g) = world.ec2.security_groups.get_mut(physical_id) {
            g.tags = tags;
        }
        Ok(group_created(world, physical_id, !props.contains_key("VpcId")))
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        gone(call(
            world,
            cx.region,
            Ec2Request::DeleteSecurityGroup(ec2::DeleteSecurityGroupRequest {
                group_id: Some(physical_id.into()),
                group_name: None,
            }),
        ))
    }
    fn observe(&self, world: &World, physical_id: &str) -> Observed {
        let Some(g) = world.ec2.security_groups.get(physical_id) else { return Observed::Deleted };
        Observed::Properties(observed(&[
            ("GroupDescription", json!(g.description)),
            ("GroupName", json!(g.group_name)),
            ("VpcId", json!(g.vpc_id)),
            ("SecurityGroupIngress", rules_as_template(&g.ingress, "SourceSecurityGroupId")),
            ("SecurityGroupEgress", rules_as_template(&g.egress, "DestinationSecurityGroupId")),
        ]))
    }
}

/// A group's rules as a template writes them, one object per rule, so drift can compare them.
fn rules_as_template(rules: &[ec2::Rule], group_key: &str) -> Json {
    let list = rules
        .iter()
        .map(|r| {
            let mut m = Map::new();
            m.insert("IpProtocol".into(), json!(r.ip_protocol));
            // "-1" (all traffic) has no ports in EC2; templates usually write -1 for both.
            let all = r.ip_protocol == "-1";
            let from = r.from_port.or(all.then_some(-1));
            let to = r.to_port.or(all.then_some(-1));
            if let Some(p) = from {
                m.insert("FromPort".into(), json!(p));
            }
            if let Some(p) = to {
                m.insert("ToPort".into(), json!(p));
            }
            if let Some(c) = &r.cidr_ip {
                m.insert("CidrIp".into(), json!(c));
            }
            if let Some(g) = &r.group_id {
                m.insert(group_key.into(), json!(g));
            }
            if let Some(d) = &r.description {
                m.insert("Description".into(), json!(d));
            }
            Json::Object(m)
        })
        .collect();
    Json::Array(list)
}

// ------------------------------------------------------------------ Instances

fn instance_created(world: &World, instance_id: &str) -> Created {
    let Some(i) = world.ec2.instances.get(instance_id) else { return created(instance_id, &[]) };
    let view = ec2::ops::instance_view(world, i);
    created(
        instance_id,
        &[
            ("AvailabilityZone", view.placement.availability_zone),
            ("InstanceId", instance_id.to_string()),
            ("PrivateDnsName", view.private_dns_name),
            ("PrivateIp", view.private_ip_address),
            ("PublicDnsName", view.public_dns_name),
            ("PublicIp", view.public_ip_address.unwrap_or_default()),
            ("VpcId", view.vpc_id),
        ],
    )
}

impl Provider for Instance {
    fn type_name(&self) -> &'static str {
        "AWS::EC2::Instance"
    }
    fn properties(&self) -> &'static [&'static str] {
        &[
            "ImageId",
            "InstanceType",
            "KeyName",
            "SubnetId",
            "SecurityGroupIds",
            "SecurityGroups",
            "IamInstanceProfile",
            "UserData",
            "AvailabilityZone",
            "PrivateIpAddress",
            "Tags",
        ]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["AvailabilityZone", "InstanceId", "PrivateDnsName", "PrivateIp", "PublicDnsName", "PublicIp", "VpcId"]
    }
    /// CloudFormation reports the instance complete once EC2 says it is running and it has
    /// settled: about a minute.
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(60)
    }
    /// TerminateInstances, then waiting for `terminated`.
    fn delete_time(&self) -> SimDuration {
        ec2::SHUTTING_DOWN_TIME
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &[
            "ImageId",
            "KeyName",
            "SubnetId",
            "SecurityGroups",
            "AvailabilityZone",
            "PrivateIpAddress",
            "IamInstanceProfile",
        ]
    }
    /// Security groups change with no interruption; a type or user data change stops and
    /// starts the instance (see `instance_update`).
    fn update_time_for(&self, world: &World, physical_id: &str, props: &Map<String, Json>) -> SimDuration {
        match super::instance_update::plan(world, "", physical_id, props) {
            Ok(plan) => super::instance_update::duration(world, physical_id, &plan),
            Err(_) => SimDuration::seconds(10),
        }
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let mut subnet = optional(props, "SubnetId");
        if let (None, Some(az)) = (&subnet, optional(props, "AvailabilityZone")) {
            subnet = world
                .ec2
                .subnets
                .values()
                .find(|s| s.region == cx.region && s.default_for_az && s.availability_zone == az)
                .map(|s| s.subnet_id.clone());
        }
        let out = call(
            world,
            cx.region,
            Ec2Request::RunInstances(ec2::RunInstancesRequest {
                image_id: optional(props, "ImageId"),
                instance_type: optional(props, "InstanceType"),
                min_count: Some(1),
                max_count: Some(1),
                key_name: optional(props, "KeyName"),
                security_group_ids: list(id, props, "SecurityGroupIds")?,
                security_groups: list(id, props, "SecurityGroups")?,
                subnet_id: subnet,
                private_ip_address: optional(props, "PrivateIpAddress"),
                user_data: optional(props, "UserData"),
                iam_instance_profile: optional(props, "IamInstanceProfile")
                    .map(|name| ec2::IamInstanceProfileSpecification { arn: None, name: Some(name) }),
                tag_specifications: tag_specs(cx, props, "instance")?,
                dry_run: None,
            }),
        )?;
        let Ec2Response::RunInstances(r) = out else { return Err("unexpected response".into()) };
        let instance = r.instances.first().map(|i| i.instance_id.clone()).unwrap_or_default();
        Ok(instance_created(world, &instance))
    }
    fn update(
        &self,
        world: &mut World,
        cx: &ProvisionCx<'_>,
        physical_id: &str,
        props: &Map<String, Json>,
    ) -> Result<Created, String> {
        check_properties(cx.logical_id, self.properties(), props)?;
        let tags = tag_list(cx, props, "instance")?;
        let plan = super::instance_update::plan(world, cx.logical_id, physical_id, props)?;
        super::instance_update::apply(world, cx.region, physical_id, plan)?;
        if let Some(i) = world.ec2.instances.get_mut(physical_id) {
            i.tags = tags;
        }
        Ok(instance_created(world, physical_id))
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        gone(call(
            world,
            cx.region,
            Ec2Request::TerminateInstances(ec2::InstanceIdsRequest {
                instance_ids: vec![physical_id.into()],
                force: None,
            }),
        ))
    }
    /// A terminated (or terminating) instance is DELETED; a stopped one is still the stack's.
    fn observe(&self, world: &World, physical_id: &str) -> Observed {
        let Some(i) = world.ec2.instances.get(physical_id) else { return Observed::Deleted };
        if matches!(i.state, ec2::InstanceStateName::ShuttingDown | ec2::InstanceStateName::Terminated) {
            return Observed::Deleted;
        }
        Observed::Properties(observed(&[
            ("ImageId", json!(i.image_id)),
            ("InstanceType", json!(i.instance_type)),
            ("KeyName", i.key_name.as_ref().map_or(Json::Null, |k| json!(k))),
            ("SubnetId", json!(i.subnet_id)),
            ("SecurityGroupIds", json!(i.security_group_ids)),
            ("AvailabilityZone", json!(i.availability_zone)),
            ("PrivateIpAddress", json!(i.private_ip)),
        ]))
    }
}

// ------------------------------------------------------------------ Elastic IP

impl Provider for Eip {
    fn type_name(&self) -> &'static str {
        "AWS::EC2::EIP"
    }
    fn properties(&self) -> &'static [&'static str] {
        &["Domain", "InstanceId", "Tags"]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["AllocationId", "PublicIp"]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(10)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(5)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["Domain"]
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        check_properties(cx.logical_id, self.properties(), props)?;
        let out = call(
            world,
            cx.region,
            Ec2Request::AllocateAddress(ec2::AllocateAddressRequest {
                domain: optional(props, "Domain"),
                tag_specifications: tag_specs(cx, props, "elastic-ip")?,
            }),
        )?;
        let Ec2Response::AllocateAddress(a) = out else { return Err("unexpected response".into()) };
        if let Some(instance) = optional(props, "InstanceId") {
            let assoc = Ec2Request::AssociateAddress(ec2::AssociateAddressRequest {
                allocation_id: Some(a.allocation_id.clone()),
                public_ip: None,
                instance_id: Some(instance),
            });
            if let Err(e) = call(world, cx.region, assoc) {
                let _ = call(
                    world,
                    cx.region,
                    Ec2Request::ReleaseAddress(ec2::ReleaseAddressRequest {
                        allocation_id: Some(a.allocation_id.clone()),
                    }),
                );
                return Err(e);
            }
        }
        let mut c =
            created(&a.public_ip, &[("AllocationId", a.allocation_id.clone()), ("PublicIp", a.public_ip.clone())]);
        c.physical_id = a.allocation_id;
        Ok(c)
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        let assoc = world.ec2.addresses.get(physical_id).and_then(|a| a.association_id.clone());
        if let Some(assoc) = assoc {
            gone(call(
                world,
                cx.region,
                Ec2Request::DisassociateAddress(ec2::DisassociateAddressRequest { association_id: Some(assoc) }),
            ))?;
        }
        gone(call(
            world,
            cx.region,
            Ec2Request::ReleaseAddress(ec2::ReleaseAddressRequest { allocation_id: Some(physical_id.into()) }),
        ))
    }
}

// ------------------------------------------------------------------ Key pairs

impl Provider for KeyPair {
    fn type_name(&self) -> &'static str {
        "AWS::EC2::KeyPair"
    }
    fn properties(&self) -> &'static [&'static str] {
        &["KeyName", "KeyType", "KeyFormat", "Tags"]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["KeyFingerprint", "KeyPairId"]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(2)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(2)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["KeyName", "KeyType", "KeyFormat"]
    }
    fn name_property(&self) -> Option<&'static str> {
        Some("KeyName")
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let name = required(id, props, "KeyName")?;
        let out = call(
            world,
            cx.region,
            Ec2Request::CreateKeyPair(ec2::CreateKeyPairRequest {
                key_name: name.clone(),
                key_type: optional(props, "KeyType"),
                key_format: optional(props, "KeyFormat"),
                tag_specifications: tag_specs(cx, props, "key-pair")?,
            }),
        )?;
        let Ec2Response::CreateKeyPair(k) = out else { return Err("unexpected response".into()) };
        let mut c = created(&name, &[("KeyFingerprint", k.key_fingerprint), ("KeyPairId", k.key_pair_id)]);
        c.physical_id = name;
        Ok(c)
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        gone(call(
            world,
            cx.region,
            Ec2Request::DeleteKeyPair(ec2::DeleteKeyPairRequest {
                key_name: Some(physical_id.into()),
                key_pair_id: None,
            }),
        ))
    }
}

/// Whether a value of an AWS-specific parameter type names something that exists
/// (`AWS::EC2::KeyPair::KeyName`, `AWS::EC2::VPC::Id`, …); `None` for a type this does not
/// check.
pub fn parameter_exists(world: &World, region: &str, aws_type: &str, value: &str) -> Option<bool> {
    let e = &world.ec2;
    Some(match aws_type {
        "AWS::EC2::KeyPair::KeyName" => e.key_pair_named(region, value).is_some(),
        "AWS::EC2::VPC::Id" => e.vpcs.get(value).is_some_and(|v| v.region == region),
        "AWS::EC2::Subnet::Id" => e.subnets.get(value).is_some_and(|s| s.region == region),
        "AWS::EC2::SecurityGroup::Id" => e.security_groups.get(value).is_some_and(|g| g.region == region),
        "AWS::EC2::SecurityGroup::GroupName" => {
            e.security_groups.values().any(|g| g.region == region && g.group_name == value)
        }
        "AWS::EC2::Instance::Id" => e.instances.get(value).is_some_and(|i| i.region == region),
        "AWS::EC2::AvailabilityZone::Name" => {
            crate::regions::find(region).is_some_and(|r| r.availability_zones().iter().any(|z| z == value))
        }
        // Nimbus Lab has no AMI catalogue: any well-formed AMI id is taken to exist.
        "AWS::EC2::Image::Id" => ec2::ops::well_formed(value, "ami"),
        // No EBS volumes are simulated, so none exists.
        "AWS::EC2::Volume::Id" => false,
        #[cfg(feature = "route53")]
        "AWS::Route53::HostedZone::Id" => world.route53.zones.contains_key(value.trim_start_matches("/hostedzone/")),
        _ => return None,
    })
}
