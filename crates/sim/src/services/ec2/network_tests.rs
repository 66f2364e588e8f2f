//! Unit tests of NAT gateways, network ACLs and launch templates: each state machine on the
//! clock and each error EC2 gives.

use super::*;
use crate::error::ApiError;
use crate::services::{Request, Response};
use crate::time::SimDuration;
use crate::world::World;

fn call(w: &mut World, r: Ec2Request) -> Result<Ec2Response, ApiError> {
    #[allow(unreachable_patterns)]
    w.call(Request::Ec2(r)).map(|resp| match resp {
        Response::Ec2(r) => r,
        other => panic!("not an EC2 response: {other:?}"),
    })
}

fn code(w: &mut World, r: Ec2Request) -> String {
    call(w, r).expect_err("the call should fail").code
}

/// A VPC with an attached internet gateway and one subnet: (vpc, subnet).
fn vpc_with_subnet(w: &mut World) -> (String, String) {
    let Ok(Ec2Response::CreateVpc(v)) = call(
        w,
        Ec2Request::CreateVpc(CreateVpcRequest { cidr_block: Some("10.0.0.0/16".into()), ..Default::default() }),
    ) else {
        panic!("vpc")
    };
    let vpc = v.vpc.vpc_id;
    let Ok(Ec2Response::CreateInternetGateway(g)) =
        call(w, Ec2Request::CreateInternetGateway(CreateInternetGatewayRequest::default()))
    else {
        panic!("igw")
    };
    call(
        w,
        Ec2Request::AttachInternetGateway(AttachInternetGatewayRequest {
            internet_gateway_id: g.internet_gateway.internet_gateway_id,
            vpc_id: vpc.clone(),
        }),
    )
    .unwrap();
    (vpc.clone(), subnet(w, &vpc, "10.0.1.0/24"))
}

fn subnet(w: &mut World, vpc: &str, cidr: &str) -> String {
    let Ok(Ec2Response::CreateSubnet(s)) = call(
        w,
        Ec2Request::CreateSubnet(CreateSubnetRequest {
            vpc_id: vpc.into(),
            cidr_block: Some(cidr.into()),
            ..Default::default()
        }),
    ) else {
        panic!("subnet")
    };
    s.subnet.subnet_id
}

fn allocate(w: &mut World) -> String {
    let Ok(Ec2Response::AllocateAddress(a)) = call(w, Ec2Request::AllocateAddress(AllocateAddressRequest::default()))
    else {
        panic!("eip")
    };
    a.allocation_id
}

fn create_nat(w: &mut World, subnet: &str, alloc: Option<&str>) -> Result<NatGatewayView, ApiError> {
    call(
        w,
        Ec2Request::CreateNatGateway(CreateNatGatewayRequest {
            subnet_id: subnet.into(),
            allocation_id: alloc.map(String::from),
            ..Default::default()
        }),
    )
    .map(|r| match r {
        Ec2Response::CreateNatGateway(o) => o.nat_gateway,
        other => panic!("{other:?}"),
    })
}

fn nat(w: &mut World, id: &str) -> NatGatewayView {
    let Ok(Ec2Response::DescribeNatGateways(d)) = call(
        w,
        Ec2Request::DescribeNatGateways(DescribeNatGatewaysRequest {
            nat_gateway_ids: vec![id.into()],
            ..Default::default()
        }),
    ) else {
        panic!("describe")
    };
    d.nat_gateways[0].clone()
}

fn address(w: &World, alloc: &str) -> Address {
    w.ec2.addresses[alloc].clone()
}

#[test]
fn a_nat_gateway_is_pending_then_available_then_deleting_then_deleted_then_gone() {
    let mut w = World::new(1);
    let (_, subnet) = vpc_with_subnet(&mut w);
    let alloc = allocate(&mut w);
    let n = create_nat(&mut w, &subnet, Some(&alloc)).unwrap();
    assert_eq!(n.state, NatGatewayState::Pending);
    assert_eq!(n.connectivity_type, "public");
    assert!(n.nat_gateway_id.starts_with("nat-"));
    let eni = n.nat_gateway_addresses[0].network_interface_id.clone();
    assert_eq!(address(&w, &alloc).network_interface_id.as_deref(), Some(eni.as_str()));
    w.advance(SimDuration::seconds(NAT_PENDING_TIME.as_seconds() - 1));
    assert_eq!(nat(&mut w, &n.nat_gateway_id).state, NatGatewayState::Pending);
    w.advance(SimDuration::seconds(1));
    let available = nat(&mut w, &n.nat_gateway_id);
    assert_eq!(available.state, NatGatewayState::Available);
    assert_eq!(available.nat_gateway_addresses[0].public_ip.as_deref(), Some(address(&w, &alloc).public_ip.as_str()));
    // The subnet cannot go while the gateway lives, nor the address.
    assert_eq!(
        code(&mut w, Ec2Request::DeleteSubnet(DeleteSubnetRequest { subnet_id: subnet.clone() })),
        "DependencyViolation"
    );
    assert_eq!(
        code(&mut w, Ec2Request::ReleaseAddress(ReleaseAddressRequest { allocation_id: Some(alloc.clone()) })),
        "InvalidIPAddress.InUse"
    );
    let del = DeleteNatGatewayRequest { nat_gateway_id: n.nat_gateway_id.clone() };
    call(&mut w, Ec2Request::DeleteNatGateway(del)).unwrap();
    assert_eq!(nat(&mut w, &n.nat_gateway_id).state, NatGatewayState::Deleting);
    w.advance(NAT_DELETING_TIME);
    let deleted = nat(&mut w, &n.nat_gateway_id);
    assert_eq!(deleted.state, NatGatewayState::Deleted);
    assert!(deleted.delete_time.is_some());
    assert_eq!(address(&w, &alloc).association_id, None, "the Elastic IP is free again");
    call(&mut w, Ec2Request::ReleaseAddress(ReleaseAddressRequest { allocation_id: Some(alloc) })).unwrap();
    call(&mut w, Ec2Request::DeleteSubnet(DeleteSubnetRequest { subnet_id: subnet })).unwrap();
    w.advance(NAT_DELETED_VISIBLE);
    let gone = DescribeNatGatewaysRequest { nat_gateway_ids: vec![n.nat_gateway_id], ..Default::default() };
    assert_eq!(code(&mut w, Ec2Request::DescribeNatGateways(gone)), "NatGatewayNotFound");
}

#[test]
fn a_nat_gateway_needs_a_subnet_and_a_free_elastic_ip() {
    let mut w = World::new(2);
    let (_, subnet) = vpc_with_subnet(&mut w);
    let alloc = allocate(&mut w);
    assert_eq!(
        create_nat(&mut w, "subnet-0123456789abcdef0", Some(&alloc)).unwrap_err().code,
        "InvalidSubnetID.NotFound"
    );
    assert_eq!(
        create_nat(&mut w, &subnet, Some("eipalloc-0123456789abcdef0")).unwrap_err().code,
        "InvalidAllocationID.NotFound"
    );
    assert_eq!(create_nat(&mut w, &subnet, None).unwrap_err().code, "MissingParameter");
    let first = create_nat(&mut w, &subnet, Some(&alloc)).unwrap();
    // EC2 accepts the second gateway and fails it once it is due, as AWS does.
    let second = create_nat(&mut w, &subnet, Some(&alloc)).unwrap();
    assert_eq!(second.state, NatGatewayState::Pending);
    w.advance(NAT_PENDING_TIME);
    let failed = nat(&mut w, &second.nat_gateway_id);
    assert_eq!(failed.state, NatGatewayState::Failed);
    assert_eq!(failed.failure_code.as_deref(), Some("Resource.AlreadyAssociated"));
    assert_eq!(nat(&mut w, &first.nat_gateway_id).state, NatGatewayState::Available);
    let missing = DeleteNatGatewayRequest { nat_gateway_id: "nat-0123456789abcdef0".into() };
    assert_eq!(code(&mut w, Ec2Request::DeleteNatGateway(missing)), "NatGatewayNotFound");
}

#[test]
fn a_public_nat_gateway_fails_without_an_internet_gateway_and_a_private_one_needs_none() {
    let mut w = World::new(3);
    let Ok(Ec2Response::CreateVpc(v)) = call(
        &mut w,
        Ec2Request::CreateVpc(CreateVpcRequest { cidr_block: Some("10.1.0.0/16".into()), ..Default::default() }),
    ) else {
        panic!()
    };
    let s = subnet(&mut w, &v.vpc.vpc_id, "10.1.0.0/24");
    let alloc = allocate(&mut w);
    let public = create_nat(&mut w, &s, Some(&alloc)).unwrap();
    let private = call(
        &mut w,
        Ec2Request::CreateNatGateway(CreateNatGatewayRequest {
            subnet_id: s.clone(),
            connectivity_type: Some("private".into()),
            ..Default::default()
        }),
    )
    .unwrap();
    let Ec2Response::CreateNatGateway(private) = private else { panic!() };
    w.advance(NAT_PENDING_TIME);
    let failed = nat(&mut w, &public.nat_gateway_id);
    assert_eq!(failed.failure_code.as_deref(), Some("Gateway.NotAttached"));
    assert_eq!(address(&w, &alloc).association_id, None);
    let private = nat(&mut w, &private.nat_gateway.nat_gateway_id);
    assert_eq!(private.state, NatGatewayState::Available);
    assert_eq!(private.nat_gateway_addresses[0].public_ip, None);
}

#[test]
fn routes_take_a_nat_gateway_and_turn_blackhole_when_it_goes() {
    let mut w = World::new(4);
    let (vpc, subnet) = vpc_with_subnet(&mut w);
    let alloc = allocate(&mut w);
    let n = create_nat(&mut w, &subnet, Some(&alloc)).unwrap();
    let Ok(Ec2Response::CreateRouteTable(rt)) =
        call(&mut w, Ec2Request::CreateRouteTable(CreateRouteTableRequest { vpc_id: vpc, ..Default::default() }))
    else {
        panic!()
    };
    let rtb = rt.route_table.route_table_id;
    let route = |nat: &str| CreateRouteRequest {
        route_table_id: rtb.clone(),
        destination_cidr_block: Some("0.0.0.0/0".into()),
        nat_gateway_id: Some(nat.into()),
        ..Default::default()
    };
    assert_eq!(code(&mut w, Ec2Request::CreateRoute(route("nat-0123456789abcdef0"))), "InvalidNatGatewayID.NotFound");
    call(&mut w, Ec2Request::CreateRoute(route(&n.nat_gateway_id))).unwrap();
    let state = |w: &mut World| {
        let Ok(Ec2Response::DescribeRouteTables(d)) = call(
            w,
            Ec2Request::DescribeRouteTables(DescribeRouteTablesRequest {
                route_table_ids: vec![rtb.clone()],
                ..Default::default()
            }),
        ) else {
            panic!()
        };
        let r = d.route_tables[0].routes.iter().find(|r| r.nat_gateway_id.is_some()).cloned().unwrap();
        r.state
    };
    assert_eq!(state(&mut w), "active");
    call(&mut w, Ec2Request::DeleteNatGateway(DeleteNatGatewayRequest { nat_gateway_id: n.nat_gateway_id })).unwrap();
    assert_eq!(state(&mut w), "blackhole");
}

fn acls(w: &mut World, vpc: &str) -> Vec<NetworkAclView> {
    let Ok(Ec2Response::DescribeNetworkAcls(d)) = call(
        w,
        Ec2Request::DescribeNetworkAcls(DescribeNetworkAclsRequest {
            filters: vec![Filter { name: "vpc-id".into(), values: vec![vpc.into()] }],
            ..Default::default()
        }),
    ) else {
        panic!()
    };
    d.network_acls
}

fn entry(acl: &str, rule: i64, egress: bool) -> NetworkAclEntryRequest {
    NetworkAclEntryRequest {
        network_acl_id: acl.into(),
        rule_number: rule,
        protocol: Some("tcp".into()),
        rule_action: Some("allow".into()),
        egress,
        cidr_block: Some("0.0.0.0/0".into()),
        port_range: Some(PortRange { from: 443, to: 443 }),
        ..Default::default()
    }
}

#[test]
fn every_vpc_has_a_default_acl_that_allows_all_and_holds_every_subnet() {
    let mut w = World::new(5);
    let default_vpc = w.ec2.default_vpc("us-east-1").map(|v| v.vpc_id.clone());
    let (vpc, subnet) = vpc_with_subnet(&mut w);
    let default_vpc = default_vpc.or_else(|| w.ec2.default_vpc("us-east-1").map(|v| v.vpc_id.clone())).unwrap();
    let d = acls(&mut w, &default_vpc);
    assert_eq!(d.len(), 1);
    assert!(d[0].is_default);
    assert_eq!(d[0].associations.len(), 6, "one per default subnet");
    let mine = acls(&mut w, &vpc);
    assert_eq!(mine.len(), 1);
    let rules: Vec<(bool, i64, &str)> =
        mine[0].entries.iter().map(|e| (e.egress, e.rule_number, e.rule_action.as_str())).collect();
    assert_eq!(rules, [(true, 100, "allow"), (true, 32767, "deny"), (false, 100, "allow"), (false, 32767, "deny")]);
    assert_eq!(mine[0].associations[0].subnet_id, subnet);
    let acl = mine[0].network_acl_id.clone();
    let del = DeleteNetworkAclRequest { network_acl_id: acl };
    assert_eq!(code(&mut w, Ec2Request::DeleteNetworkAcl(del)), "InvalidParameterValue");
}

#[test]
fn a_custom_acl_starts_with_deny_all_and_takes_entries_and_subnets() {
    let mut w = World::new(6);
    let (vpc, subnet) = vpc_with_subnet(&mut w);
    let Ok(Ec2Response::CreateNetworkAcl(c)) = call(
        &mut w,
        Ec2Request::CreateNetworkAcl(CreateNetworkAclRequest { vpc_id: vpc.clone(), ..Default::default() }),
    ) else {
        panic!()
    };
    let acl = c.network_acl.network_acl_id.clone();
    assert!(!c.network_acl.is_default);
    assert!(c.network_acl.entries.iter().all(|e| e.rule_number == 32767 && e.rule_action == "deny"));
    call(&mut w, Ec2Request::CreateNetworkAclEntry(entry(&acl, 100, false))).unwrap();
    call(&mut w, Ec2Request::CreateNetworkAclEntry(entry(&acl, 100, true))).unwrap();
    assert_eq!(
        code(&mut w, Ec2Request::CreateNetworkAclEntry(entry(&acl, 100, false))),
        "NetworkAclEntryAlreadyExists"
    );
    assert_eq!(code(&mut w, Ec2Request::CreateNetworkAclEntry(entry(&acl, 32767, false))), "InvalidParameterValue");
    assert_eq!(code(&mut w, Ec2Request::CreateNetworkAclEntry(entry(&acl, 0, false))), "InvalidParameterValue");
    let no_ports = NetworkAclEntryRequest { port_range: None, ..entry(&acl, 110, false) };
    assert_eq!(code(&mut w, Ec2Request::CreateNetworkAclEntry(no_ports)), "MissingParameter");
    assert_eq!(
        code(&mut w, Ec2Request::CreateNetworkAclEntry(entry("acl-0123456789abcdef0", 100, false))),
        "InvalidNetworkAclID.NotFound"
    );
    let deny = NetworkAclEntryRequest { rule_action: Some("deny".into()), ..entry(&acl, 100, false) };
    call(&mut w, Ec2Request::ReplaceNetworkAclEntry(deny)).unwrap();
    assert_eq!(
        code(&mut w, Ec2Request::ReplaceNetworkAclEntry(entry(&acl, 120, false))),
        "InvalidNetworkAclEntry.NotFound"
    );
    let stored = &w.ec2.network_acls[&acl];
    let inbound = stored.entries.iter().find(|e| e.rule_number == 100 && !e.egress).unwrap();
    assert_eq!(
        (inbound.protocol.as_str(), inbound.rule_action.as_str(), inbound.port_range),
        ("6", "deny", Some((443, 443)))
    );

    // Move the subnet: its association id changes, and the ACL can no longer be deleted.
    let current = acls(&mut w, &vpc).into_iter().find(|a| a.is_default).unwrap().associations[0].clone();
    let Ok(Ec2Response::ReplaceNetworkAclAssociation(r)) = call(
        &mut w,
        Ec2Request::ReplaceNetworkAclAssociation(ReplaceNetworkAclAssociationRequest {
            association_id: current.network_acl_association_id.clone(),
            network_acl_id: acl.clone(),
        }),
    ) else {
        panic!()
    };
    assert_ne!(r.new_association_id, current.network_acl_association_id);
    assert_eq!(w.ec2.network_acls[&acl].associations[0].subnet_id, subnet);
    let del = || DeleteNetworkAclRequest { network_acl_id: acl.clone() };
    assert_eq!(code(&mut w, Ec2Request::DeleteNetworkAcl(del())), "DependencyViolation");
    let stale = ReplaceNetworkAclAssociationRequest {
        association_id: current.network_acl_association_id,
        network_acl_id: acl.clone(),
    };
    assert_eq!(code(&mut w, Ec2Request::ReplaceNetworkAclAssociation(stale)), "InvalidAssociationID.NotFound");
    assert_eq!(code(&mut w, Ec2Request::DeleteVpc(DeleteVpcRequest { vpc_id: vpc.clone() })), "DependencyViolation");
    let back = ReplaceNetworkAclAssociationRequest {
        association_id: r.new_association_id,
        network_acl_id: acls(&mut w, &vpc).into_iter().find(|a| a.is_default).unwrap().network_acl_id,
    };
    call(&mut w, Ec2Request::ReplaceNetworkAclAssociation(back)).unwrap();
    let gone = DeleteNetworkAclEntryRequest { network_acl_id: acl.clone(), rule_number: 100, egress: true };
    call(&mut w, Ec2Request::DeleteNetworkAclEntry(gone.clone())).unwrap();
    assert_eq!(code(&mut w, Ec2Request::DeleteNetworkAclEntry(gone)), "InvalidNetworkAclEntry.NotFound");
    call(&mut w, Ec2Request::DeleteNetworkAcl(del())).unwrap();
}

fn data(image: &str, instance_type: &str) -> LaunchTemplateData {
    LaunchTemplateData { image_id: Some(image.into()), instance_type: Some(instance_type.into()), ..Default::default() }
}

#[test]
fn launch_templates_keep_numbered_versions_and_unique_names() {
    let mut w = World::new(7);
    let create = |name: &str| {
        Ec2Request::CreateLaunchTemplate(CreateLaunchTemplateRequest {
            launch_template_name: name.into(),
            launch_template_data: data("ami-0abcdef1234567890", "t3.micro"),
            ..Default::default()
        })
    };
    let Ok(Ec2Response::CreateLaunchTemplate(c)) = call(&mut w, create("web")) else { panic!() };
    let id = c.launch_template.launch_template_id.clone();
    assert!(id.starts_with("lt-"));
    assert_eq!((c.launch_template.default_version_number, c.launch_template.latest_version_number), (1, 1));
    assert_eq!(code(&mut w, create("web")), "InvalidLaunchTemplateName.AlreadyExistsException");
    assert_eq!(code(&mut w, create("x")), "InvalidParameterValue");
    // A version from version 1 keeps its image and changes the type.
    let Ok(Ec2Response::CreateLaunchTemplateVersion(v)) = call(
        &mut w,
        Ec2Request::CreateLaunchTemplateVersion(CreateLaunchTemplateVersionRequest {
            launch_template_name: Some("web".into()),
            source_version: Some("1".into()),
            launch_template_data: LaunchTemplateData { instance_type: Some("t3.small".into()), ..Default::default() },
            ..Default::default()
        }),
    ) else {
        panic!()
    };
    assert_eq!(v.launch_template_version.version_number, 2);
    assert!(!v.launch_template_version.default_version);
    assert_eq!(v.launch_template_version.launch_template_data, data("ami-0abcdef1234567890", "t3.small"));
    let versions = |w: &mut World, which: &[&str]| {
        call(
            w,
            Ec2Request::DescribeLaunchTemplateVersions(DescribeLaunchTemplateVersionsRequest {
                launch_template_id: Some(id.clone()),
                versions: which.iter().map(|s| s.to_string()).collect(),
                ..Default::default()
            }),
        )
    };
    let Ok(Ec2Response::DescribeLaunchTemplateVersions(all)) = versions(&mut w, &[]) else { panic!() };
    assert_eq!(all.launch_template_versions.iter().map(|v| v.version_number).collect::<Vec<_>>(), [2, 1]);
    let Ok(Ec2Response::DescribeLaunchTemplateVersions(d)) = versions(&mut w, &["$Default"]) else { panic!() };
    assert_eq!(d.launch_template_versions[0].version_number, 1);
    assert_eq!(versions(&mut w, &["9"]).unwrap_err().code, "InvalidLaunchTemplateId.VersionNotFound");
    let Ok(Ec2Response::DescribeLaunchTemplates(t)) =
        call(&mut w, Ec2Request::DescribeLaunchTemplates(DescribeLaunchTemplatesRequest::default()))
    else {
        panic!()
    };
    assert_eq!(t.launch_templates[0].latest_version_number, 2);
    let by_id = |id: &str| LaunchTemplateRef { launch_template_id: Some(id.into()), launch_template_name: None };
    call(&mut w, Ec2Request::DeleteLaunchTemplate(by_id(&id))).unwrap();
    assert_eq!(code(&mut w, Ec2Request::DeleteLaunchTemplate(by_id(&id))), "InvalidLaunchTemplateId.NotFound");
    let by_name = LaunchTemplateRef { launch_template_id: None, launch_template_name: Some("web".into()) };
    assert_eq!(code(&mut w, Ec2Request::DeleteLaunchTemplate(by_name)), "InvalidLaunchTemplateName.NotFoundException");
}
