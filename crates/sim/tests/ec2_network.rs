//! EC2 networking through the terminal: the default VPC present from the start, custom VPCs,
//! subnets inside them, internet gateways, route tables and the DependencyViolations that
//! keep a VPC until its parts are gone.

mod common;

use common::ec2::Term;
use serde_json::json;

#[test]
fn every_region_starts_with_a_default_vpc_a_subnet_per_zone_and_a_default_group() {
    let mut t = Term::new(1);
    let vpcs = t.json("aws ec2 describe-vpcs");
    let vpcs = vpcs["Vpcs"].as_array().unwrap();
    assert_eq!(vpcs.len(), 1);
    assert_eq!(vpcs[0]["IsDefault"], true);
    assert_eq!(vpcs[0]["CidrBlock"], "172.31.0.0/16");
    assert_eq!(vpcs[0]["State"], "available");
    let vpc = vpcs[0]["VpcId"].as_str().unwrap().to_string();
    assert!(vpc.starts_with("vpc-") && vpc.len() == 21, "{vpc}");

    let subnets = t.json(&format!("aws ec2 describe-subnets --filters Name=vpc-id,Values={vpc}"));
    let subnets = subnets["Subnets"].as_array().unwrap();
    assert_eq!(subnets.len(), 6, "us-east-1 has six zones");
    assert!(subnets.iter().all(|s| s["DefaultForAz"] == true && s["MapPublicIpOnLaunch"] == true));
    assert_eq!(subnets[0]["AvailabilityZone"], "us-east-1a");
    assert_eq!(subnets[0]["AvailabilityZoneId"], "use1-az1");
    assert_eq!(subnets[0]["CidrBlock"], "172.31.0.0/20");
    assert_eq!(subnets[0]["AvailableIpAddressCount"], 4091);

    let groups = t.json("aws ec2 describe-security-groups --group-names default");
    assert_eq!(groups["SecurityGroups"][0]["VpcId"], vpc.as_str());
    assert_eq!(groups["SecurityGroups"][0]["IpPermissionsEgress"][0]["IpRanges"][0]["CidrIp"], "0.0.0.0/0");

    let igw = t.text(&format!("aws ec2 describe-internet-gateways --filters Name=attachment.vpc-id,Values={vpc} --query InternetGateways[0].InternetGatewayId"));
    assert!(igw.starts_with("igw-"), "{igw}");
    let routes = t.json(&format!("aws ec2 describe-route-tables --filters Name=vpc-id,Values={vpc}"));
    let rt = &routes["RouteTables"][0];
    assert_eq!(rt["Associations"][0]["Main"], true);
    assert_eq!(
        rt["Routes"][1],
        json!({"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": igw, "Origin": "CreateRoute", "State": "active"})
    );

    // Other regions have their own, with their own zones.
    let eu = t.json("aws ec2 describe-subnets --region eu-west-1 --filters Name=default-for-az,Values=true");
    assert_eq!(eu["Subnets"].as_array().unwrap().len(), 3);
}

#[test]
fn the_default_vpc_is_the_one_cloudhsm_uses() {
    let mut t = Term::new(2);
    let shared = nimbus_sim::services::vpc::default_vpc(&mut t.world, "us-east-1").unwrap();
    let vpc = t.text("aws ec2 describe-vpcs --filters Name=isDefault,Values=true --query Vpcs[0].VpcId");
    assert_eq!(vpc, shared.vpc_id);
    let ids = t.text("aws ec2 describe-subnets --filters Name=default-for-az,Values=true --query Subnets[].SubnetId");
    for s in &shared.subnets {
        assert!(ids.contains(&s.subnet_id), "{ids}");
    }
}

#[test]
fn a_custom_vpc_with_subnets_gateway_and_routes() {
    let mut t = Term::new(3);
    let out = t.json(
        "aws ec2 create-vpc --cidr-block 10.0.0.0/16 --tag-specifications ResourceType=vpc,Tags=[{Key=Name,Value=lab}]",
    );
    assert_eq!(out["Vpc"]["State"], "pending");
    assert_eq!(out["Vpc"]["IsDefault"], false);
    assert_eq!(out["Vpc"]["Tags"], json!([{"Key": "Name", "Value": "lab"}]));
    let vpc = out["Vpc"]["VpcId"].as_str().unwrap().to_string();
    assert_eq!(t.text(&format!("aws ec2 describe-vpcs --vpc-ids {vpc} --query Vpcs[0].State")), "available");
    assert_eq!(t.text("aws ec2 describe-vpcs --filters Name=tag:Name,Values=lab --query Vpcs[0].VpcId"), vpc);

    let a = t
        .json(&format!("aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.1.0/24 --availability-zone us-east-1a"));
    assert_eq!(a["Subnet"]["AvailableIpAddressCount"], 251, "AWS reserves five addresses");
    assert_eq!(a["Subnet"]["MapPublicIpOnLaunch"], false);
    let a = a["Subnet"]["SubnetId"].as_str().unwrap().to_string();
    t.ok(&format!("aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.2.0/24 --availability-zone us-east-1b"));

    // Overlap, outside the VPC, a bad zone, a bad block.
    assert_eq!(
        t.fails(&format!("aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.1.128/25")),
        "An error occurred (InvalidSubnet.Conflict) when calling the CreateSubnet operation: The CIDR '10.0.1.128/25' conflicts with another subnet"
    );
    assert!(t
        .fails(&format!("aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.1.0.0/24"))
        .contains("(InvalidSubnet.Range)"));
    assert!(t
        .fails(&format!("aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.9.0/24 --availability-zone eu-west-1a"))
        .contains("Subnets can currently only be created in the following availability zones: us-east-1a"));
    assert!(t
        .fails(&format!("aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.3.7/24"))
        .contains("This is not a valid CIDR block"));
    assert!(t
        .fails("aws ec2 create-vpc --cidr-block 10.0.0.0/8")
        .contains("(InvalidVpc.Range) when calling the CreateVpc operation: The CIDR '10.0.0.0/8' is invalid."));
    assert_eq!(
        t.fails("aws ec2 create-subnet --vpc-id vpc-0123456789abcdef0 --cidr-block 10.0.0.0/24"),
        "An error occurred (InvalidVpcID.NotFound) when calling the CreateSubnet operation: The vpc ID 'vpc-0123456789abcdef0' does not exist"
    );

    // Internet gateway, a route table with a default route, an association.
    let igw = t.text("aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId");
    let rtb = t.text(&format!("aws ec2 create-route-table --vpc-id {vpc} --query RouteTable.RouteTableId"));
    assert!(t
        .fails(&format!(
            "aws ec2 create-route --route-table-id {rtb} --destination-cidr-block 0.0.0.0/0 --gateway-id {igw}"
        ))
        .contains("belong to different networks"));
    t.ok(&format!("aws ec2 attach-internet-gateway --internet-gateway-id {igw} --vpc-id {vpc}"));
    assert!(t
        .fails(&format!("aws ec2 attach-internet-gateway --internet-gateway-id {igw} --vpc-id {vpc}"))
        .contains("Resource.AlreadyAssociated"));
    assert_eq!(
        t.json(&format!(
            "aws ec2 create-route --route-table-id {rtb} --destination-cidr-block 0.0.0.0/0 --gateway-id {igw}"
        )),
        json!({"Return": true})
    );
    assert!(t
        .fails(&format!("aws ec2 create-route --route-table-id {rtb} --destination-cidr-block 0.0.0.0/0 --gateway-id {igw}"))
        .contains("(RouteAlreadyExists) when calling the CreateRoute operation: The route identified by 0.0.0.0/0 already exists."));
    let assoc = t.json(&format!("aws ec2 associate-route-table --route-table-id {rtb} --subnet-id {a}"));
    assert_eq!(assoc["AssociationState"]["State"], "associated");
    let assoc = assoc["AssociationId"].as_str().unwrap().to_string();
    assert!(assoc.starts_with("rtbassoc-"));
    assert!(t
        .fails(&format!("aws ec2 associate-route-table --route-table-id {rtb} --subnet-id {a}"))
        .contains("Resource.AlreadyAssociated"));

    // The VPC cannot go while it has parts; each part says why.
    let dv = format!("An error occurred (DependencyViolation) when calling the DeleteVpc operation: The vpc '{vpc}' has dependencies and cannot be deleted.");
    assert_eq!(t.fails(&format!("aws ec2 delete-vpc --vpc-id {vpc}")), dv);
    assert!(t.fails(&format!("aws ec2 delete-route-table --route-table-id {rtb}")).contains("DependencyViolation"));
    assert!(t
        .fails(&format!("aws ec2 delete-internet-gateway --internet-gateway-id {igw}"))
        .contains("DependencyViolation"));
    for s in t
        .text(&format!("aws ec2 describe-subnets --filters Name=vpc-id,Values={vpc} --query Subnets[].SubnetId"))
        .split_whitespace()
    {
        t.ok(&format!("aws ec2 delete-subnet --subnet-id {s}"));
    }
    assert_eq!(t.fails(&format!("aws ec2 delete-vpc --vpc-id {vpc}")), dv, "the gateway is still attached");
    t.ok(&format!("aws ec2 detach-internet-gateway --internet-gateway-id {igw} --vpc-id {vpc}"));
    let state = t
        .text(&format!("aws ec2 describe-route-tables --route-table-ids {rtb} --query RouteTables[0].Routes[1].State"));
    assert_eq!(state, "blackhole", "a route to a detached gateway goes nowhere");
    t.ok(&format!("aws ec2 delete-internet-gateway --internet-gateway-id {igw}"));
    assert_eq!(t.fails(&format!("aws ec2 delete-vpc --vpc-id {vpc}")), dv, "the extra route table is left");
    t.ok(&format!("aws ec2 delete-route-table --route-table-id {rtb}"));
    assert_eq!(t.ok(&format!("aws ec2 delete-vpc --vpc-id {vpc}")), "");
    assert_eq!(t.json("aws ec2 describe-vpcs")["Vpcs"].as_array().unwrap().len(), 1);
    assert_eq!(
        t.json("aws ec2 describe-security-groups")["SecurityGroups"].as_array().unwrap().len(),
        1,
        "the VPC's default group went with it"
    );
}

#[test]
fn security_groups_and_their_rules() {
    let mut t = Term::new(4);
    let vpc = t.text("aws ec2 create-vpc --cidr-block 10.1.0.0/16 --query Vpc.VpcId");
    let sg =
        t.json(&format!("aws ec2 create-security-group --group-name web --description 'web servers' --vpc-id {vpc}"));
    let sg = sg["GroupId"].as_str().unwrap().to_string();
    assert!(sg.starts_with("sg-"));
    assert!(t
        .fails(&format!("aws ec2 create-security-group --group-name web --description again --vpc-id {vpc}"))
        .contains(&format!("(InvalidGroup.Duplicate) when calling the CreateSecurityGroup operation: The security group 'web' already exists for VPC '{vpc}'")));
    // The same name is free in another VPC (here the default one).
    t.ok("aws ec2 create-security-group --group-name web --description 'in the default VPC'");

    let rule = t.json(&format!("aws ec2 authorize-security-group-ingress --group-id {sg} --ip-protocol tcp --from-port 443 --to-port 443 --cidr-ip 0.0.0.0/0"));
    assert_eq!(rule["Return"], true);
    assert_eq!(rule["SecurityGroupRules"][0]["CidrIpv4"], "0.0.0.0/0");
    assert!(rule["SecurityGroupRules"][0]["SecurityGroupRuleId"].as_str().unwrap().starts_with("sgr-"));
    t.ok(&format!(
        "aws ec2 authorize-security-group-ingress --group-id {sg} --ip-permissions IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{{CidrIp=10.0.0.0/8,Description=admin}}]"
    ));
    assert_eq!(
        t.fails(&format!("aws ec2 authorize-security-group-ingress --group-id {sg} --ip-protocol tcp --from-port 443 --to-port 443 --cidr-ip 0.0.0.0/0")),
        "An error occurred (InvalidPermission.Duplicate) when calling the AuthorizeSecurityGroupIngress operation: the specified rule \"peer: 0.0.0.0/0, TCP, from port: 443, to port: 443, ALLOW\" already exists"
    );
    let g = t.json(&format!("aws ec2 describe-security-groups --group-ids {sg}"));
    let perms = &g["SecurityGroups"][0]["IpPermissions"];
    assert_eq!(perms[0]["FromPort"], 443);
    assert_eq!(perms[1]["IpRanges"], json!([{"CidrIp": "10.0.0.0/8", "Description": "admin"}]));
    assert_eq!(
        t.text(&format!("aws ec2 describe-security-groups --filters Name=ip-permission.from-port,Values=22 Name=vpc-id,Values={vpc} --query SecurityGroups[].GroupName")),
        "web"
    );
    assert!(t
        .fails("aws ec2 describe-security-groups --filters Name=bogus,Values=x")
        .contains("The filter 'bogus' is invalid"));

    let default = t.text(&format!("aws ec2 describe-security-groups --filters Name=vpc-id,Values={vpc} Name=group-name,Values=default --query SecurityGroups[0].GroupId"));
    assert!(t.fails(&format!("aws ec2 delete-security-group --group-id {default}")).contains("(CannotDelete)"));
    assert_eq!(t.json(&format!("aws ec2 delete-security-group --group-id {sg}"))["Return"], true);
    assert!(t.fails(&format!("aws ec2 describe-security-groups --group-ids {sg}")).contains("(InvalidGroup.NotFound)"));
}
