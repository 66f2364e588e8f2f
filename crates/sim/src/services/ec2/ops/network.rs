//! VPCs, subnets, internet gateways and route tables.

use super::*;
use crate::regions;
use crate::services::ec2::cidr::Cidr;
use crate::services::vpc;
use crate::world::CallContext;

// ------------------------------------------------------------------ the default VPC

/// Mirrors the Region's default VPC (shared with CloudHSM through `services::vpc`) into EC2
/// the first time EC2 is used there: the VPC, a default subnet per AZ that maps public IPs, the
/// default security group, the main route table with a route to the internet gateway, and that
/// gateway attached.
pub(crate) fn ensure_defaults(world: &mut World, region: &str) {
    if world.ec2.defaults_made.contains(region) {
        return;
    }
    let Some(shared) = vpc::default_vpc(world, region) else { return };
    world.ec2.defaults_made.insert(region.to_string());
    dhcp_options(world, region);
    let cidr = Cidr::parse(&shared.cidr_block).unwrap_or(Cidr { network: 0xAC1F_0000, prefix: 16 });
    make_vpc(world, region, &shared.vpc_id, cidr, true, Vec::new());
    for s in &shared.subnets {
        let Some(c) = Cidr::parse(&s.cidr_block) else { continue };
        world.ec2.subnets.insert(
            s.subnet_id.clone(),
            Subnet {
                subnet_id: s.subnet_id.clone(),
                region: region.to_string(),
                vpc_id: shared.vpc_id.clone(),
                cidr: c,
                availability_zone: s.availability_zone.clone(),
                default_for_az: true,
                map_public_ip_on_launch: true,
                // CloudHSM places its HSMs from the first hosts; EC2 starts further on.
                next_host: 64,
                tags: Vec::new(),
            },
        );
        super::acls::associate_default_acl(world, &shared.vpc_id, &s.subnet_id);
    }
    let igw = new_id(world, "igw");
    world.ec2.internet_gateways.insert(
        igw.clone(),
        InternetGateway {
            internet_gateway_id: igw.clone(),
            region: region.to_string(),
            vpc_id: Some(shared.vpc_id.clone()),
            tags: Vec::new(),
        },
    );
    if let Some(rt) = world.ec2.route_tables.values_mut().find(|r| r.vpc_id == shared.vpc_id && r.main) {
        rt.routes.push(Route {
            destination_cidr_block: "0.0.0.0/0".into(),
            gateway_id: Some(igw),
            instance_id: None,
            nat_gateway_id: None,
            origin: "CreateRoute".into(),
        });
    }
}

fn dhcp_options(world: &mut World, region: &str) -> String {
    if let Some(d) = world.ec2.dhcp_options.get(region) {
        return d.clone();
    }
    let id = new_id(world, "dopt");
    world.ec2.dhcp_options.insert(region.to_string(), id.clone());
    id
}

/// A VPC with its main route table (the `local` route) and its default security group.
fn make_vpc(world: &mut World, region: &str, vpc_id: &str, cidr: Cidr, is_default: bool, tags: Tags) {
    let assoc = new_id(world, "vpc-cidr-assoc");
    world.ec2.vpcs.insert(
        vpc_id.to_string(),
        Vpc {
            vpc_id: vpc_id.to_string(),
            region: region.to_string(),
            cidr,
            cidr_association_id: assoc,
            is_default,
            instance_tenancy: "default".into(),
            enable_dns_hostnames: is_default,
            enable_dns_support: true,
            tags,
        },
    );
    let rtb = new_id(world, "rtb");
    let main_assoc = new_id(world, "rtbassoc");
    world.ec2.route_tables.insert(
        rtb.clone(),
        RouteTable {
            route_table_id: rtb.clone(),
            region: region.to_string(),
            vpc_id: vpc_id.to_string(),
            main: true,
            routes: vec![Route {
                destination_cidr_block: cidr.to_string(),
                gateway_id: Some("local".into()),
                instance_id: None,
                nat_gateway_id: None,
                origin: "CreateRouteTableInitialization".into(),
            }],
            associations: vec![RouteAssociation { association_id: main_assoc, subnet_id: None }],
            tags: Vec::new(),
        },
    );
    let sg = new_id(world, "sg");
    let self_rule = Rule {
        rule_id: new_id(world, "sgr"),
        ip_protocol: "-1".into(),
        from_port: None,
        to_port: None,
        cidr_ip: None,
        group_id: Some(sg.clone()),
        description: None,
    };
    let egress = Rule {
        rule_id: new_id(world, "sgr"),
        ip_protocol: "-1".into(),
        from_port: None,
        to_port: None,
        cidr_ip: Some("0.0.0.0/0".into()),
        group_id: None,
        description: None,
    };
    world.ec2.security_groups.insert(
        sg.clone(),
        SecurityGroup {
            group_id: sg,
            region: region.to_string(),
            vpc_id: vpc_id.to_string(),
            group_name: "default".into(),
            description: "default VPC security group".into(),
            ingress: vec![self_rule],
            egress: vec![egress],
            tags: Vec::new(),
        },
    );
    super::acls::make_network_acl(world, region, vpc_id, true, Vec::new());
}

pub(crate) fn vpc_in<'w>(world: &'w World, cx: &mut CallContext, id: &str) -> Result<&'w Vpc, ApiError> {
    cx.touch(id.to_string());
    match world.ec2.vpcs.get(id).filter(|v| v.region == cx.region) {
        Some(v) => Ok(v),
        None => {
            cx.why(format!("no VPC '{id}' in {}", cx.region));
            Err(not_found("InvalidVpcID.NotFound", "vpc", id))
        }
    }
}

pub(crate) fn subnet_in<'w>(world: &'w World, cx: &mut CallContext, id: &str) -> Result<&'w Subnet, ApiError> {
    cx.touch(id.to_string());
    match world.ec2.subnets.get(id).filter(|v| v.region == cx.region) {
        Some(v) => Ok(v),
        None => {
            cx.why(format!("no subnet '{id}' in {}", cx.region));
            Err(not_found("InvalidSubnetID.NotFound", "subnet", id))
        }
    }
}

fn bad_cidr(value: &str, parameter: &str) -> ApiError {
    invalid_parameter(format!("Value ({value}) for parameter {parameter} is invalid. This is not a valid CIDR block."))
}

// ------------------------------------------------------------------ VPCs

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CidrBlockState {
    pub state: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CidrBlockAssociation {
    pub association_id: String,
    pub cidr_block: String,
    pub cidr_block_state: CidrBlockState,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcView {
    pub cidr_block: String,
    pub dhcp_options_id: String,
    pub state: String,
    pub vpc_id: String,
    pub owner_id: String,
    pub instance_tenancy: String,
    pub cidr_block_association_set: Vec<CidrBlockAssociation>,
    pub is_default: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

fn vpc_view(world: &World, v: &Vpc, state: &str) -> VpcView {
    VpcView {
        cidr_block: v.cidr.to_string(),
        dhcp_options_id: world.ec2.dhcp_options.get(&v.region).cloned().unwrap_or_default(),
        state: state.into(),
        vpc_id: v.vpc_id.clone(),
        owner_id: ACCOUNT_ID.into(),
        instance_tenancy: v.instance_tenancy.clone(),
        cidr_block_association_set: vec![CidrBlockAssociation {
            association_id: v.cidr_association_id.clone(),
            cidr_block: v.cidr.to_string(),
            cidr_block_state: CidrBlockState { state: "associated".into() },
        }],
        is_default: v.is_default,
        tags: tags_out(&v.tags),
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateVpcRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_block: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_tenancy: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tag_specifications: Vec<TagSpecification>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateVpcOutput {
    pub vpc: VpcView,
}

pub fn create_vpc(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateVpcRequest,
) -> Result<CreateVpcOutput, ApiError> {
    let Some(text) = input.cidr_block.as_deref() else {
        cx.why("a VPC needs an IPv4 CIDR block (Nimbus Lab does not simulate IPAM pools)");
        return Err(missing("CidrBlock"));
    };
    let cidr = Cidr::parse(text).ok_or_else(|| {
        cx.why(format!("'{text}' is not a CIDR block a.b.c.d/n with the host bits zero"));
        bad_cidr(text, "cidrBlock")
    })?;
    if !(16..=28).contains(&cidr.prefix) {
        cx.why(format!("a VPC's block is between /16 (65,536 addresses) and /28 (16); /{} is outside", cidr.prefix));
        return Err(ApiError::bad_request("InvalidVpc.Range", format!("The CIDR '{text}' is invalid.")));
    }
    let tenancy = input.instance_tenancy.clone().unwrap_or_else(|| "default".into());
    if !["default", "dedicated"].contains(&tenancy.as_str()) {
        return Err(invalid_parameter(format!("Value ({tenancy}) for parameter instanceTenancy is invalid.")));
    }
    let region = cx.region.clone();
    dhcp_options(world, &region);
    let id = new_id(world, "vpc");
    make_vpc(world, &region, &id, cidr, false, tags_for(&input.tag_specifications, "vpc"));
    if let Some(v) = world.ec2.vpcs.get_mut(&id) {
        v.instance_tenancy = tenancy;
    }
    cx.touch(id.clone());
    cx.why(format!(
        "VPC {id} ({cidr}) created with its main route table (local route only) and its default security group; \
         add subnets, and an internet gateway for internet access"
    ));
    let v = &world.ec2.vpcs[&id];
    Ok(CreateVpcOutput { vpc: vpc_view(world, v, "pending") })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeVpcsRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<Filter>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vpc_ids: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeVpcsOutput {
    pub vpcs: Vec<VpcView>,
}

pub fn describe_vpcs(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeVpcsRequest,
) -> Result<DescribeVpcsOutput, ApiError> {
    for id in &input.vpc_ids {
        vpc_in(world, cx, id)?;
    }
    let mut out = Vec::new();
    for v in world.ec2.vpcs_in(&cx.region) {
        if !input.vpc_ids.is_empty() && !input.vpc_ids.contains(&v.vpc_id) {
            continue;
        }
        let ok = passes(&input.filters, &v.tags, |name| match name {
            "vpc-id" => one(&v.vpc_id),
            "cidr" | "cidr-block-association.cidr-block" => one(v.cidr.to_string()),
            "is-default" | "isDefault" => flag(v.is_default),
            "state" => one("available"),
            "owner-id" => one(ACCOUNT_ID),
            "dhcp-options-id" => one(world.ec2.dhcp_options.get(&v.region).cloned().unwrap_or_default()),
            _ => None,
        })?;
        if ok {
            out.push(vpc_view(world, v, "available"));
        }
    }
    cx.why(format!("{} VPC(s) in {}", out.len(), cx.region));
    Ok(DescribeVpcsOutput { vpcs: out })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteVpcRequest {
    pub vpc_id: String,
}

pub fn delete_vpc(world: &mut World, cx: &mut CallContext, input: DeleteVpcRequest) -> Result<EmptyOutput, ApiError> {
    let id = input.vpc_id.clone();
    vpc_in(world, cx, &id)?;
    let e = &world.ec2;
    let subnets = e.subnets.values().filter(|s| s.vpc_id == id).count();
    let igw =
        e.internet_gateways.values().find(|g| g.vpc_id.as_deref() == Some(&id)).map(|g| g.internet_gateway_id.clone());
    let tables = e.route_tables.values().filter(|r| r.vpc_id == id && !r.main).count();
    let groups = e.security_groups.values().filter(|g| g.vpc_id == id && g.group_name != "default").count();
    let acls = e.network_acls.values().filter(|a| a.vpc_id == id && !a.is_default).count();
    let blocker = if subnets > 0 {
        Some(format!("{subnets} subnet(s)"))
    } else if let Some(g) = igw {
        Some(format!("internet gateway {g} attached"))
    } else if tables > 0 {
        Some(format!("{tables} route table(s) besides the main one"))
    } else if groups > 0 {
        Some(format!("{groups} security group(s) besides the default one"))
    } else if acls > 0 {
        Some(format!("{acls} network ACL(s) besides the default one"))
    } else {
        None
    };
    if let Some(b) = blocker {
        cx.why(format!("the VPC still has {b}; delete or detach them first"));
        return Err(dependency("vpc", &id));
    }
    world.ec2.vpcs.remove(&id);
    world.ec2.route_tables.retain(|_, r| r.vpc_id != id);
    world.ec2.security_groups.retain(|_, g| g.vpc_id != id);
    world.ec2.network_acls.retain(|_, a| a.vpc_id != id);
    cx.why(format!("VPC {id} deleted with its main route table, default security group and default network ACL"));
    Ok(EmptyOutput {})
}

// ------------------------------------------------------------------ subnets

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubnetView {
    pub availability_zone: String,
    pub availability_zone_id: String,
    pub available_ip_address_count: i64,
    pub cidr_block: String,
    pub default_for_az: bool,
    pub map_public_ip_on_launch: bool,
    pub state: String,
    pub subnet_id: String,
    pub vpc_id: String,
    pub owner_id: String,
    pub assign_ipv6_address_on_creation: bool,
    pub subnet_arn: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

fn subnet_view(world: &World, s: &Subnet) -> SubnetView {
    let used = world.ec2.live_instances().filter(|i| i.subnet_id == s.subnet_id).count() as i64;
    SubnetView {
        availability_zone: s.availability_zone.clone(),
        availability_zone_id: zone_id(&s.availability_zone),
        available_ip_address_count: s.cidr.usable() as i64 - used,
        cidr_block: s.cidr.to_string(),
        default_for_az: s.default_for_az,
        map_public_ip_on_launch: s.map_public_ip_on_launch,
        state: "available".into(),
        subnet_id: s.subnet_id.clone(),
        vpc_id: s.vpc_id.clone(),
        owner_id: ACCOUNT_ID.into(),
        assign_ipv6_address_on_creation: false,
        subnet_arn: arn(&s.region, &format!("subnet/{}", s.subnet_id)),
        tags: tags_out(&s.tags),
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateSubnetRequest {
    pub vpc_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_block: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_zone: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tag_specifications: Vec<TagSpecification>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateSubnetOutput {
    pub subnet: SubnetView,
}

pub fn create_subnet(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateSubnetRequest,
) -> Result<CreateSubnetOutput, ApiError> {
    let vpc = vpc_in(world, cx, &input.vpc_id)?.clone();
    let Some(text) = input.cidr_block.as_deref() else {
        return Err(missing("CidrBlock"));
    };
    let cidr = Cidr::parse(text).ok_or_else(|| {
        cx.why(format!("'{text}' is not a CIDR block a.b.c.d/n with the host bits zero"));
        bad_cidr(text, "cidrBlock")
    })?;
    if !(16..=28).contains(&cidr.prefix) || !vpc.cidr.contains_block(cidr) {
        cx.why(format!("a subnet's block must lie inside its VPC's ({}) and be between /16 and /28", vpc.cidr));
        return Err(ApiError::bad_request("InvalidSubnet.Range", format!("The CIDR '{text}' is invalid.")));
    }
    if let Some(other) = world.ec2.subnets.values().find(|s| s.vpc_id == vpc.vpc_id && s.cidr.overlaps(cidr)) {
        cx.why(format!("{cidr} overlaps subnet {} ({}) in the same VPC", other.subnet_id, other.cidr));
        return Err(ApiError::bad_request(
            "InvalidSubnet.Conflict",
            format!("The CIDR '{text}' conflicts with another subnet"),
        ));
    }
    let zones = regions::find(&cx.region).map(|r| r.availability_zones()).unwrap_or_default();
    let az = match input.availability_zone.clone() {
        Some(az) if zones.contains(&az) => az,
        Some(az) => {
            cx.why(format!("{az} is not an Availability Zone of {}", cx.region));
            return Err(invalid_parameter(format!(
                "Value ({az}) for parameter availabilityZone is invalid. Subnets can currently only be created in the \
                 following availability zones: {}.",
                zones.join(", ")
            )));
        }
        // EC2 picks a zone; Nimbus Lab takes them in turn.
        None => {
            let n = world.ec2.subnets.values().filter(|s| s.vpc_id == vpc.vpc_id).count();
            zones.get(n % zones.len().max(1)).cloned().unwrap_or_default()
        }
    };
    let id = new_id(world, "subnet");
    let subnet = Subnet {
        subnet_id: id.clone(),
        region: cx.region.clone(),
        vpc_id: vpc.vpc_id.clone(),
        cidr,
        availability_zone: az.clone(),
        default_for_az: false,
        map_public_ip_on_launch: false,
        next_host: 0,
        tags: tags_for(&input.tag_specifications, "subnet"),
    };
    world.ec2.subnets.insert(id.clone(), subnet);
    super::acls::associate_default_acl(world, &vpc.vpc_id, &id);
    cx.touch(id.clone());
    cx.why(format!(
        "subnet {id} ({cidr}, {} usable addresses: AWS reserves 5) in {az}; it uses the main route table until \
         associated with another",
        cidr.usable()
    ));
    Ok(CreateSubnetOutput { subnet: subnet_view(world, &world.ec2.subnets[&id]) })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSubnetsRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<Filter>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subnet_ids: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSubnetsOutput {
    pub subnets: Vec<SubnetView>,
}

pub fn describe_subnets(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeSubnetsRequest,
) -> Result<DescribeSubnetsOutput, ApiError> {
    for id in &input.subnet_ids {
        subnet_in(world, cx, id)?;
    }
    let mut out = Vec::new();
    for s in world.ec2.subnets.values().filter(|s| s.region == cx.region) {
        if !input.subnet_ids.is_empty() && !input.subnet_ids.contains(&s.subnet_id) {
            continue;
        }
        let ok = passes(&input.filters, &s.tags, |name| match name {
            "vpc-id" => one(&s.vpc_id),
            "subnet-id" => one(&s.subnet_id),
            "availability-zone" | "availabilityZone" => one(&s.availability_zone),
            "availability-zone-id" => one(zone_id(&s.availability_zone)),
            "cidr-block" | "cidr" | "cidrBlock" => one(s.cidr.to_string()),
            "default-for-az" | "defaultForAz" => flag(s.default_for_az),
            "map-public-ip-on-launch" => flag(s.map_public_ip_on_launch),
            "state" => one("available"),
            "owner-id" => one(ACCOUNT_ID),
            _ => None,
        })?;
        if ok {
            out.push(subnet_view(world, s));
        }
    }
    crate::sort::sort_by(&mut out, |a, b| (&a.vpc_id, &a.availability_zone).cmp(&(&b.vpc_id, &b.availability_zone)));
    cx.why(format!("{} subnet(s) in {}", out.len(), cx.region));
    Ok(DescribeSubnetsOutput { subnets: out })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteSubnetRequest {
    pub subnet_id: String,
}

pub fn delete_subnet(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteSubnetRequest,
) -> Result<EmptyOutput, ApiError> {
    let id = input.subnet_id.clone();
    subnet_in(world, cx, &id)?;
    if let Some(i) = world.ec2.live_instances().find(|i| i.subnet_id == id) {
        cx.why(format!("instance {} ({}) is in the subnet; terminate it first", i.instance_id, i.state));
        return Err(dependency("subnet", &id));
    }
    if let Some(n) = world.ec2.nat_gateways.values().find(|n| n.subnet_id == id && n.is_live()) {
        cx.why(format!("NAT gateway {} ({}) is in the subnet; delete it first", n.nat_gateway_id, n.state));
        return Err(dependency("subnet", &id));
    }
    world.ec2.subnets.remove(&id);
    for rt in world.ec2.route_tables.values_mut() {
        rt.associations.retain(|a| a.subnet_id.as_deref() != Some(&id));
    }
    for acl in world.ec2.network_acls.values_mut() {
        acl.associations.retain(|a| a.subnet_id != id);
    }
    cx.why(format!("subnet {id} deleted (and its route table and network ACL associations)"));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeBooleanValue {
    pub value: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModifySubnetAttributeRequest {
    pub subnet_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub map_public_ip_on_launch: Option<AttributeBooleanValue>,
}

pub fn modify_subnet_attribute(
    world: &mut World,
    cx: &mut CallContext,
    input: ModifySubnetAttributeRequest,
) -> Result<EmptyOutput, ApiError> {
    subnet_in(world, cx, &input.subnet_id)?;
    let Some(v) = input.map_public_ip_on_launch else {
        return Err(missing("MapPublicIpOnLaunch"));
    };
    if let Some(s) = world.ec2.subnets.get_mut(&input.subnet_id) {
        s.map_public_ip_on_launch = v.value;
    }
    cx.why(format!(
        "instances launched in {} from now on {} a public IPv4 address",
        input.subnet_id,
        if v.value { "get" } else { "do not get" }
    ));
    Ok(EmptyOutput {})
}

// ------------------------------------------------------------------ internet gateways

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InternetGatewayAttachment {
    pub state: String,
    pub vpc_id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InternetGatewayView {
    pub attachments: Vec<InternetGatewayAttachment>,
    pub internet_gateway_id: String,
    pub owner_id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

fn igw_view(g: &InternetGateway) -> InternetGatewayView {
    InternetGatewayView {
        attachments: g
            .vpc_id
            .iter()
            .map(|v| InternetGatewayAttachment { state: "available".into(), vpc_id: v.clone() })
            .collect(),
        internet_gateway_id: g.internet_gateway_id.clone(),
        owner_id: ACCOUNT_ID.into(),
        tags: tags_out(&g.tags),
    }
}

fn igw_in<'w>(world: &'w World, cx: &mut CallContext, id: &str) -> Result<&'w InternetGateway, ApiError> {
    cx.touch(id.to_string());
    world.ec2.internet_gateways.get(id).filter(|g| g.region == cx.region).ok_or_else(|| {
        cx.why(format!("no internet gateway '{id}' in {}", cx.region));
        not_found("InvalidInternetGatewayID.NotFound", "internetGateway", id)
    })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateInternetGatewayRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tag_specifications: Vec<TagSpecification>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateInternetGatewayOutput {
    pub internet_gateway: InternetGatewayView,
}

pub fn create_internet_gateway(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateInternetGatewayRequest,
) -> Result<CreateInternetGatewayOutput, ApiError> {
    let id = new_id(world, "igw");
    let g = InternetGateway {
        internet_gateway_id: id.clone(),
        region: cx.region.clone(),
        vpc_id: None,
        tags: tags_for(&input.tag_specifications, "internet-gateway"),
    };
    let view = igw_view(&g);
    world.ec2.internet_gateways.insert(id.clone(), g);
    cx.touch(id.clone());
    cx.why(format!("internet gateway {id} created, detached; attach it to a VPC and add a 0.0.0.0/0 route to it"));
    Ok(CreateInternetGatewayOutput { internet_gateway: view })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInternetGatewaysRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<Filter>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub internet_gateway_ids: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInternetGatewaysOutput {
    pub internet_gateways: Vec<InternetGatewayView>,
}

pub fn describe_internet_gateways(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeInternetGatewaysRequest,
) -> Result<DescribeInternetGatewaysOutput, ApiError> {
    for id in &input.internet_gateway_ids {
        igw_in(world, cx, id)?;
    }
    let mut out = Vec::new();
    for g in world.ec2.internet_gateways.values().filter(|g| g.region == cx.region) {
        if !input.internet_gateway_ids.is_empty() && !input.internet_gateway_ids.contains(&g.internet_gateway_id) {
            continue;
        }
        let ok = passes(&input.filters, &g.tags, |name| match name {
            "internet-gateway-id" => one(&g.internet_gateway_id),
            "attachment.vpc-id" => Some(g.vpc_id.iter().cloned().collect()),
            "attachment.state" => Some(g.vpc_id.iter().map(|_| "available".to_string()).collect()),
            "owner-id" => one(ACCOUNT_ID),
            _ => None,
        })?;
        if ok {
            out.push(igw_view(g));
        }
    }
    cx.why(format!("{} internet gateway(s) in {}", out.len(), cx.region));
    Ok(DescribeInternetGatewaysOutput { internet_gateways: out })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttachInternetGatewayRequest {
    pub internet_gateway_id: String,
    pub vpc_id: String,
}

pub fn attach_internet_gateway(
    world: &mut World,
    cx: &mut CallContext,
    input: AttachInternetGatewayRequest,
) -> Result<EmptyOutput, ApiError> {
    let g = igw_in(world, cx, &input.internet_gateway_id)?.clone();
    vpc_in(world, cx, &input.vpc_id)?;
    if let Some(v) = &g.vpc_id {
        cx.why(format!("{} is already attached to {v}; a gateway attaches to one VPC", g.internet_gateway_id));
        return Err(ApiError::bad_request(
            "Resource.AlreadyAssociated",
            format!("resource {} is already attached to network {v}", g.internet_gateway_id),
        ));
    }
    if let Some(other) = world.ec2.internet_gateways.values().find(|o| o.vpc_id.as_deref() == Some(&input.vpc_id)) {
        cx.why(format!(
            "{} already has internet gateway {}; a VPC has at most one",
            input.vpc_id, other.internet_gateway_id
        ));
        return Err(ApiError::bad_request(
            "Resource.AlreadyAssociated",
            format!("Network {} already has an internet gateway attached", input.vpc_id),
        ));
    }
    if let Some(g) = world.ec2.internet_gateways.get_mut(&input.internet_gateway_id) {
        g.vpc_id = Some(input.vpc_id.clone());
    }
    cx.why(format!(
        "{} attached to {}; subnets whose route table sends 0.0.0.0/0 to it are public",
        input.internet_gateway_id, input.vpc_id
    ));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DetachInternetGatewayRequest {
    pub internet_gateway_id: String,
    pub vpc_id: String,
}

pub fn detach_internet_gateway(
    world: &mut World,
    cx: &mut CallContext,
    input: DetachInternetGatewayRequest,
) -> Result<EmptyOutput, ApiError> {
    let g = igw_in(world, cx, &input.internet_gateway_id)?.clone();
    vpc_in(world, cx, &input.vpc_id)?;
    if g.vpc_id.as_deref() != Some(input.vpc_id.as_str()) {
        cx.why(format!("{} is not attached to {}", g.internet_gateway_id, input.vpc_id));
        return Err(ApiError::bad_request(
            "Gateway.NotAttached",
            format!("resource {} is not attached to network {}", g.internet_gateway_id, input.vpc_id),
        ));
    }
    let mapped = world.ec2.live_instances().any(|i| i.vpc_id == input.vpc_id && i.public_ip.is_some())
        || world.ec2.addresses.values().any(|a| {
            a.instance_id.as_ref().and_then(|i| world.ec2.instances.get(i)).is_some_and(|i| i.vpc_id == input.vpc_id)
        })
        || world.ec2.nat_gateways.values().any(|n| n.vpc_id == input.vpc_id && n.is_live() && n.public_ip.is_some());
    if mapped {
        cx.why(
            "instances or public NAT gateways in the VPC still have public addresses; stop or terminate them (or \
             release the Elastic IPs, delete the NAT gateways) first",
        );
        return Err(ApiError::bad_request(
            "DependencyViolation",
            format!(
                "Network {} has some mapped public address(es). Please unmap those public address(es) before detaching \
                 the gateway.",
                input.vpc_id
            ),
        ));
    }
    if let Some(g) = world.ec2.internet_gateways.get_mut(&input.internet_gateway_id) {
        g.vpc_id = None;
    }
    cx.why(format!("{} detached; routes to it become blackholes", input.internet_gateway_id));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteInternetGatewayRequest {
    pub internet_gateway_id: String,
}

pub fn delete_internet_gateway(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteInternetGatewayRequest,
) -> Result<EmptyOutput, ApiError> {
    let g = igw_in(world, cx, &input.internet_gateway_id)?.clone();
    if let Some(v) = &g.vpc_id {
        cx.why(format!("the gateway is attached to {v}; detach it first"));
        return Err(dependency("internetGateway", &g.internet_gateway_id));
    }
    world.ec2.internet_gateways.remove(&g.internet_gateway_id);
    cx.why(format!("internet gateway {} deleted", g.internet_gateway_id));
    Ok(EmptyOutput {})
}

// ------------------------------------------------------------------ route tables

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociationState {
    pub state: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteTableAssociationView {
    pub main: bool,
    pub route_table_association_id: String,
    pub route_table_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    pub association_state: AssociationState,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteView {
    pub destination_cidr_block: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gateway_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nat_gateway_id: Option<String>,
    pub origin: String,
    /// `active`, or `blackhole` when the target is gone.
    pub state: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteTableView {
    pub associations: Vec<RouteTableAssociationView>,
    pub propagating_vgws: Vec<String>,
    pub route_table_id: String,
    pub routes: Vec<RouteView>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    pub vpc_id: String,
    pub owner_id: String,
}

fn route_state(world: &World, rt: &RouteTable, r: &Route) -> &'static str {
    if let Some(n) = &r.nat_gateway_id {
        let alive = world.ec2.nat_gateways.get(n).is_some_and(|n| n.is_live() && n.state != NatGatewayState::Deleting);
        return if alive { "active" } else { "blackhole" };
    }
    let alive = match (&r.gateway_id, &r.instance_id) {
        (Some(g), _) if g == "local" => true,
        (Some(g), _) => world.ec2.internet_gateways.get(g).is_some_and(|g| g.vpc_id.as_deref() == Some(&rt.vpc_id)),
        (None, Some(i)) => world.ec2.instances.get(i).is_some_and(|i| i.state == InstanceStateName::Running),
        (None, None) => false,
    };
    if alive {
        "active"
    } else {
        "blackhole"
    }
}

fn route_table_view(world: &World, rt: &RouteTable) -> RouteTableView {
    RouteTableView {
        associations: rt
            .associations
            .iter()
            .map(|a| RouteTableAssociationView {
                main: a.subnet_id.is_none(),
                route_table_association_id: a.association_id.clone(),
                route_table_id: rt.route_table_id.clone(),
                subnet_id: a.subnet_id.clone(),
                association_state: AssociationState { state: "associated".into() },
            })
            .collect(),
        propagating_vgws: Vec::new(),
        route_table_id: rt.route_table_id.clone(),
        routes: rt
            .routes
            .iter()
            .map(|r| RouteView {
                destination_cidr_block: r.destination_cidr_block.clone(),
                gateway_id: r.gateway_id.clone(),
                instance_id: r.instance_id.clone(),
                nat_gateway_id: r.nat_gateway_id.clone(),
                origin: r.origin.clone(),
                state: route_state(world, rt, r).into(),
            })
            .collect(),
        tags: tags_out(&rt.tags),
        vpc_id: rt.vpc_id.clone(),
        owner_id: ACCOUNT_ID.into(),
    }
}

fn route_table_in<'w>(world: &'w World, cx: &mut CallContext, id: &str) -> Result<&'w RouteTable, ApiError> {
    cx.touch(id.to_string());
    world.ec2.route_tables.get(id).filter(|r| r.region == cx.region).ok_or_else(|| {
        cx.why(format!("no route table '{id}' in {}", cx.region));
        not_found("InvalidRouteTableID.NotFound", "routeTable", id)
    })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateRouteTableRequest {
    pub vpc_id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tag_specifications: Vec<TagSpecification>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateRouteTableOutput {
    pub route_table: RouteTableView,
}

pub fn create_route_table(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateRouteTableRequest,
) -> Result<CreateRouteTableOutput, ApiError> {
    let vpc = vpc_in(world, cx, &input.vpc_id)?.clone();
    let id = new_id(world, "rtb");
    let rt = RouteTable {
        route_table_id: id.clone(),
        region: cx.region.clone(),
        vpc_id: vpc.vpc_id.clone(),
        main: false,
        routes: vec![Route {
            destination_cidr_block: vpc.cidr.to_string(),
            gateway_id: Some("local".into()),
            instance_id: None,
            nat_gateway_id: None,
            origin: "CreateRouteTableInitialization".into(),
        }],
        associations: Vec::new(),
        tags: tags_for(&input.tag_specifications, "route-table"),
    };
    world.ec2.route_tables.insert(id.clone(), rt);
    cx.touch(id.clone());
    cx.why(format!("route table {id} created in {} with the local route; associate subnets with it", vpc.vpc_id));
    Ok(CreateRouteTableOutput { route_table: route_table_view(world, &world.ec2.route_tables[&id]) })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeRouteTablesRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<Filter>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub route_table_ids: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeRouteTablesOutput {
    pub route_tables: Vec<RouteTableView>,
}

pub fn describe_route_tables(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeRouteTablesRequest,
) -> Result<DescribeRouteTablesOutput, ApiError> {
    for id in &input.route_table_ids {
        route_table_in(world, cx, id)?;
    }
    let mut out = Vec::new();
    for rt in world.ec2.route_tables.values().filter(|r| r.region == cx.region) {
        if !input.route_table_ids.is_empty() && !input.route_table_ids.contains(&rt.route_table_id) {
            continue;
        }
        let ok = passes(&input.filters, &rt.tags, |name| match name {
            "vpc-id" => one(&rt.vpc_id),
            "route-table-id" => one(&rt.route_table_id),
            "association.main" => flag(rt.main),
            "association.subnet-id" => Some(rt.associations.iter().filter_map(|a| a.subnet_id.clone()).collect()),
            "association.route-table-association-id" => {
                Some(rt.associations.iter().map(|a| a.association_id.clone()).collect())
            }
            "route.gateway-id" => Some(rt.routes.iter().filter_map(|r| r.gateway_id.clone()).collect()),
            "route.nat-gateway-id" => Some(rt.routes.iter().filter_map(|r| r.nat_gateway_id.clone()).collect()),
            "route.destination-cidr-block" => {
                Some(rt.routes.iter().map(|r| r.destination_cidr_block.clone()).collect())
            }
            "owner-id" => one(ACCOUNT_ID),
            _ => None,
        })?;
        if ok {
            out.push(route_table_view(world, rt));
        }
    }
    cx.why(format!("{} route table(s) in {}", out.len(), cx.region));
    Ok(DescribeRouteTablesOutput { route_tables: out })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteRouteTableRequest {
    pub route_table_id: String,
}

pub fn delete_route_table(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteRouteTableRequest,
) -> Result<EmptyOutput, ApiError> {
    let rt = route_table_in(world, cx, &input.route_table_id)?.clone();
    if rt.main || !rt.associations.is_empty() {
        cx.why(if rt.main {
            "the main route table of a VPC goes only with its VPC".to_string()
        } else {
            format!("{} subnet(s) are associated with the table; disassociate them first", rt.associations.len())
        });
        return Err(dependency("routeTable", &rt.route_table_id));
    }
    world.ec2.route_tables.remove(&rt.route_table_id);
    cx.why(format!("route table {} deleted", rt.route_table_id));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateRouteRequest {
    pub route_table_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_cidr_block: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gateway_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nat_gateway_id: Option<String>,
}

pub fn create_route(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateRouteRequest,
) -> Result<ReturnOutput, ApiError> {
    let rt = route_table_in(world, cx, &input.route_table_id)?.clone();
    let Some(dest) = input.destination_cidr_block.clone() else {
        return Err(missing("DestinationCidrBlock"));
    };
    let dest_cidr = Cidr::parse(&dest).ok_or_else(|| bad_cidr(&dest, "destinationCidrBlock"))?;
    match (&input.gateway_id, &input.instance_id, &input.nat_gateway_id) {
        (None, None, Some(n)) => {
            cx.touch(n.clone());
            let Some(nat) = world.ec2.nat_gateways.get(n).filter(|x| x.region == cx.region && x.is_live()) else {
                cx.why(format!("no NAT gateway '{n}' that is pending or available"));
                return Err(not_found("InvalidNatGatewayID.NotFound", "natGateway", n));
            };
            if nat.vpc_id != rt.vpc_id {
                cx.why(format!("{n} is in {}, the table in {}", nat.vpc_id, rt.vpc_id));
                return Err(invalid_parameter(format!(
                    "route table {} and network gateway {n} belong to different networks",
                    rt.route_table_id
                )));
            }
        }
        (Some(g), None, None) => {
            cx.touch(g.clone());
            let Some(gw) = world.ec2.internet_gateways.get(g).filter(|x| x.region == cx.region) else {
                cx.why(format!("no internet gateway '{g}'"));
                return Err(ApiError::bad_request(
                    "InvalidGatewayID.NotFound",
                    format!("The gateway ID '{g}' does not exist"),
                ));
            };
            if gw.vpc_id.as_deref() != Some(rt.vpc_id.as_str()) {
                cx.why(format!("{g} is not attached to {}; attach it first", rt.vpc_id));
                return Err(invalid_parameter(format!(
                    "route table {} and network gateway {g} belong to different networks",
                    rt.route_table_id
                )));
            }
        }
        (None, Some(i), None) => {
            if !world.ec2.instances.get(i).is_some_and(|x| x.region == cx.region && x.vpc_id == rt.vpc_id) {
                return Err(not_found("InvalidInstanceID.NotFound", "instance", i));
            }
        }
        _ => {
            cx.why("a route names one target: --gateway-id, --instance-id or --nat-gateway-id");
            return Err(invalid_parameter(
                "The request must contain exactly one of gatewayId, natGatewayId, instanceId",
            ));
        }
    }
    if rt.routes.iter().any(|r| Cidr::parse(&r.destination_cidr_block) == Some(dest_cidr)) {
        cx.why(format!("{} already has a route for {dest}", rt.route_table_id));
        return Err(ApiError::bad_request(
            "RouteAlreadyExists",
            format!("The route identified by {dest} already exists."),
        ));
    }
    if let Some(t) = world.ec2.route_tables.get_mut(&rt.route_table_id) {
        t.routes.push(Route {
            destination_cidr_block: dest_cidr.to_string(),
            gateway_id: input.gateway_id.clone(),
            instance_id: input.instance_id.clone(),
            nat_gateway_id: input.nat_gateway_id.clone(),
            origin: "CreateRoute".into(),
        });
    }
    cx.why(format!(
        "{} now sends {dest} to {}",
        rt.route_table_id,
        input.gateway_id.or(input.instance_id).or(input.nat_gateway_id).unwrap_or_default()
    ));
    Ok(ReturnOutput { return_value: true })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteRouteRequest {
    pub route_table_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_cidr_block: Option<String>,
}

pub fn delete_route(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteRouteRequest,
) -> Result<EmptyOutput, ApiError> {
    let rt = route_table_in(world, cx, &input.route_table_id)?.clone();
    let dest = input.destination_cidr_block.clone().ok_or_else(|| missing("DestinationCidrBlock"))?;
    let Some(i) = rt.routes.iter().position(|r| r.destination_cidr_block == dest && r.origin == "CreateRoute") else {
        cx.why(format!("{} has no route for {dest} that can be deleted", rt.route_table_id));
        return Err(ApiError::bad_request(
            "InvalidRoute.NotFound",
            format!("no route with destination-cidr-block {dest} in route table {}", rt.route_table_id),
        ));
    };
    if let Some(t) = world.ec2.route_tables.get_mut(&rt.route_table_id) {
        t.routes.remove(i);
    }
    cx.why(format!("route to {dest} removed from {}", rt.route_table_id));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateRouteTableRequest {
    pub route_table_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateRouteTableOutput {
    pub association_id: String,
    pub association_state: AssociationState,
}

pub fn associate_route_table(
    world: &mut World,
    cx: &mut CallContext,
    input: AssociateRouteTableRequest,
) -> Result<AssociateRouteTableOutput, ApiError> {
    let rt = route_table_in(world, cx, &input.route_table_id)?.clone();
    let subnet_id = input.subnet_id.clone().ok_or_else(|| missing("SubnetId"))?;
    let subnet = subnet_in(world, cx, &subnet_id)?.clone();
    if subnet.vpc_id != rt.vpc_id {
        cx.why(format!("{subnet_id} is in {}, the table in {}", subnet.vpc_id, rt.vpc_id));
        return Err(invalid_parameter(format!(
            "Route table {} and subnet {subnet_id} belong to different networks",
            rt.route_table_id
        )));
    }
    if let Some(other) = world
        .ec2
        .route_tables
        .values()
        .find(|t| t.associations.iter().any(|a| a.subnet_id.as_deref() == Some(&subnet_id)))
    {
        cx.why(format!(
            "{subnet_id} is already associated with {}; a subnet has one route table",
            other.route_table_id
        ));
        return Err(ApiError::bad_request(
            "Resource.AlreadyAssociated",
            format!(
                "the specified association for route table {} conflicts with an existing association",
                rt.route_table_id
            ),
        ));
    }
    let id = new_id(world, "rtbassoc");
    if let Some(t) = world.ec2.route_tables.get_mut(&rt.route_table_id) {
        t.associations.push(RouteAssociation { association_id: id.clone(), subnet_id: Some(subnet_id.clone()) });
    }
    cx.touch(id.clone());
    cx.why(format!("{subnet_id} now routes by {} instead of the main route table", rt.route_table_id));
    Ok(AssociateRouteTableOutput {
        association_id: id,
        association_state: AssociationState { state: "associated".into() },
    })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DisassociateRouteTableRequest {
    pub association_id: String,
}

pub fn disassociate_route_table(
    world: &mut World,
    cx: &mut CallContext,
    input: DisassociateRouteTableRequest,
) -> Result<EmptyOutput, ApiError> {
    let id = input.association_id.clone();
    cx.touch(id.clone());
    let region = cx.region.clone();
    let found = world.ec2.route_tables.values_mut().filter(|t| t.region == region).find_map(|t| {
        let i = t.associations.iter().position(|a| a.association_id == id && a.subnet_id.is_some())?;
        Some(t.associations.remove(i))
    });
    match found {
        Some(a) => {
            cx.why(format!("{} goes back to the main route table", a.subnet_id.unwrap_or_default()));
            Ok(EmptyOutput {})
        }
        None => {
            cx.why(format!("no subnet association '{id}'"));
            Err(ApiError::bad_request(
                "InvalidAssociationID.NotFound",
                format!("The association ID '{id}' does not exist"),
            ))
        }
    }
}
