//! A VPC template's private side made by CloudFormation through EC2's own calls: a NAT gateway on
//! an Elastic IP that a private route table sends 0.0.0.0/0 to, a custom network ACL with entries
//! that a subnet moves to, and a launch template; deleting the stack undoes each in AWS's way.

use nimbus_sim::cli::{run_line, CommandOutput, FileSystem, MemoryFs};
use nimbus_sim::World;
use serde_json::Value as Json;

const NETWORK: &str = "\
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  Gateway:
    Type: AWS::EC2::InternetGateway
  Attachment:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties:
      VpcId: !Ref Vpc
      InternetGatewayId: !Ref Gateway
  PublicSubnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.0.0/24
  PrivateSubnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.1.0/24
  NatAddress:
    Type: AWS::EC2::EIP
    DependsOn: Attachment
    Properties:
      Domain: vpc
  Nat:
    Type: AWS::EC2::NatGateway
    DependsOn: Attachment
    Properties:
      AllocationId: !GetAtt NatAddress.AllocationId
      SubnetId: !Ref PublicSubnet
  PrivateRoutes:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref Vpc
  PrivateDefaultRoute:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref PrivateRoutes
      DestinationCidrBlock: 0.0.0.0/0
      NatGatewayId: !Ref Nat
  PrivateRoutesAssociation:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties:
      RouteTableId: !Ref PrivateRoutes
      SubnetId: !Ref PrivateSubnet
  PrivateAcl:
    Type: AWS::EC2::NetworkAcl
    Properties:
      VpcId: !Ref Vpc
  HttpsIn:
    Type: AWS::EC2::NetworkAclEntry
    Properties:
      NetworkAclId: !Ref PrivateAcl
      RuleNumber: 100
      Protocol: 6
      RuleAction: allow
      CidrBlock: 10.0.0.0/16
      PortRange:
        From: 443
        To: 443
  AllOut:
    Type: AWS::EC2::NetworkAclEntry
    Properties:
      NetworkAclId: !Ref PrivateAcl
      RuleNumber: 100
      Protocol: -1
      Egress: true
      RuleAction: allow
      CidrBlock: 0.0.0.0/0
  PrivateAclAssociation:
    Type: AWS::EC2::SubnetNetworkAclAssociation
    Properties:
      SubnetId: !Ref PrivateSubnet
      NetworkAclId: !Ref PrivateAcl
  WebTemplate:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateName: web
      LaunchTemplateData:
        ImageId: ami-0abcdef1234567890
        InstanceType: t3.micro
Outputs:
  TemplateVersion:
    Value: !GetAtt WebTemplate.LatestVersionNumber
";

struct Lab {
    world: World,
    fs: MemoryFs,
}

impl Lab {
    fn new() -> Self {
        Lab { world: World::new(21), fs: MemoryFs::new() }
    }

    fn create(&mut self, stack: &str, template: &str, extra: &str) {
        self.fs.write(&format!("{stack}.yaml"), template.as_bytes()).unwrap();
        self.ok(&format!(
            "aws cloudformation create-stack --stack-name {stack} --template-body file://{stack}.yaml{extra}"
        ));
        self.ok(&format!("aws cloudformation wait stack-create-complete --stack-name {stack}"));
    }

    fn run(&mut self, line: &str) -> CommandOutput {
        run_line(&mut self.world, &mut self.fs, line)
    }

    fn ok(&mut self, line: &str) -> Json {
        let out = self.run(line);
        assert_eq!(out.exit_code, 0, "{line}: {}", out.stderr);
        serde_json::from_str(&out.stdout).unwrap_or(Json::Null)
    }

    fn physical(&mut self, stack: &str, logical: &str) -> String {
        let r = self.ok(&format!(
            "aws cloudformation describe-stack-resources --stack-name {stack} --logical-resource-id {logical}"
        ));
        r["StackResources"][0]["PhysicalResourceId"].as_str().unwrap().to_string()
    }

    /// The network ACL a subnet is associated with.
    fn acl_of(&mut self, subnet: &str) -> Json {
        let r = self.ok(&format!("aws ec2 describe-network-acls --filters Name=association.subnet-id,Values={subnet}"));
        let acls = r["NetworkAcls"].as_array().unwrap().clone();
        assert_eq!(acls.len(), 1, "a subnet has exactly one network ACL");
        acls[0].clone()
    }
}

#[test]
fn a_private_network_stack_is_real_ec2_and_its_deletion_undoes_it() {
    let mut lab = Lab::new();
    lab.create("net", NETWORK, "");
    let stack = lab.ok("aws cloudformation describe-stacks --stack-name net");
    assert_eq!(stack["Stacks"][0]["StackStatus"], "CREATE_COMPLETE");
    assert_eq!(stack["Stacks"][0]["Outputs"][0]["OutputValue"], "1");

    // The NAT gateway is available on the stack's Elastic IP, in the public subnet.
    let nat = lab.physical("net", "Nat");
    let public = lab.physical("net", "PublicSubnet");
    let alloc = lab.ok("aws ec2 describe-addresses")["Addresses"][0]["AllocationId"].as_str().unwrap().to_string();
    let described = lab.ok(&format!("aws ec2 describe-nat-gateways --nat-gateway-ids {nat}"));
    let g = &described["NatGateways"][0];
    assert_eq!(g["State"], "available");
    assert_eq!(g["SubnetId"], public.as_str());
    assert_eq!(g["NatGatewayAddresses"][0]["AllocationId"], alloc.as_str());
    let eni = g["NatGatewayAddresses"][0]["NetworkInterfaceId"].as_str().unwrap().to_string();
    let address = lab.ok(&format!("aws ec2 describe-addresses --allocation-ids {alloc}"));
    assert_eq!(address["Addresses"][0]["NetworkInterfaceId"], eni.as_str());

    // The private route table sends the internet to it.
    let rtb = lab.physical("net", "PrivateRoutes");
    let routes = lab.ok(&format!("aws ec2 describe-route-tables --route-table-ids {rtb}"));
    let to_nat = routes["RouteTables"][0]["Routes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["NatGatewayId"] == nat.as_str())
        .cloned();
    let to_nat = to_nat.expect("a route to the NAT gateway");
    assert_eq!(
        (to_nat["DestinationCidrBlock"].as_str(), to_nat["State"].as_str()),
        (Some("0.0.0.0/0"), Some("active"))
    );

    // The private subnet is on the custom ACL, with its entries after the `*` rules.
    let private = lab.physical("net", "PrivateSubnet");
    let custom = lab.physical("net", "PrivateAcl");
    let acl = lab.acl_of(&private);
    assert_eq!(acl["NetworkAclId"], custom.as_str());
    assert_eq!(acl["IsDefault"], false);
    let https =
        acl["Entries"].as_array().unwrap().iter().find(|e| e["Egress"] == false && e["RuleNumber"] == 100).cloned();
    let https = https.expect("the HTTPS rule");
    assert_eq!((https["Protocol"].as_str(), https["PortRange"]["From"].as_i64()), (Some("6"), Some(443)));
    assert_eq!(acl["Entries"].as_array().unwrap().len(), 4);
    let association = lab.physical("net", "PrivateAclAssociation");
    assert_eq!(acl["Associations"][0]["NetworkAclAssociationId"], association.as_str());
    // The public subnet stays on the VPC's default ACL.
    assert_eq!(lab.acl_of(&public)["IsDefault"], true);

    let templates = lab.ok("aws ec2 describe-launch-templates --launch-template-names web");
    assert_eq!(templates["LaunchTemplates"][0]["LaunchTemplateId"], lab.physical("net", "WebTemplate").as_str());

    // Nothing drifted: the entries and the gateway read back as the template set them.
    lab.ok("aws cloudformation detect-stack-drift --stack-name net");
    lab.ok("nimbus advance 5m");
    let drifts = lab.ok("aws cloudformation describe-stack-resource-drifts --stack-name net");
    for d in drifts["StackResourceDrifts"].as_array().unwrap() {
        let status = d["StackResourceDriftStatus"].as_str().unwrap();
        let read_back = ["Nat", "PrivateAcl", "HttpsIn", "AllOut", "PrivateAclAssociation"];
        let expected = if read_back.contains(&d["LogicalResourceId"].as_str().unwrap()) { "IN_SYNC" } else { status };
        assert!(status == expected && (status == "IN_SYNC" || status == "NOT_CHECKED"), "{d}");
    }

    lab.ok("aws cloudformation delete-stack --stack-name net");
    lab.ok("aws cloudformation wait stack-delete-complete --stack-name net");
    let gone = lab.ok(&format!("aws ec2 describe-nat-gateways --nat-gateway-ids {nat}"));
    assert_eq!(gone["NatGateways"][0]["State"], "deleted", "a deleted NAT gateway stays listed for a while");
    assert_eq!(lab.ok("aws ec2 describe-addresses")["Addresses"].as_array().unwrap().len(), 0, "the EIP is released");
    assert_eq!(lab.ok("aws ec2 describe-launch-templates")["LaunchTemplates"].as_array().unwrap().len(), 0);
    let acls = lab.ok(&format!("aws ec2 describe-network-acls --filters Name=network-acl-id,Values={custom}"));
    assert_eq!(acls["NetworkAcls"].as_array().unwrap().len(), 0);
}

const ACL_ONLY: &str = "\
Parameters:
  VpcId:
    Type: AWS::EC2::VPC::Id
  SubnetId:
    Type: AWS::EC2::Subnet::Id
  ImageId:
    Type: String
    Default: ami-0abcdef1234567890
Resources:
  Acl:
    Type: AWS::EC2::NetworkAcl
    Properties:
      VpcId: !Ref VpcId
  Association:
    Type: AWS::EC2::SubnetNetworkAclAssociation
    Properties:
      SubnetId: !Ref SubnetId
      NetworkAclId: !Ref Acl
  Template:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        ImageId: !Ref ImageId
Outputs:
  Latest:
    Value: !GetAtt Template.LatestVersionNumber
  Default:
    Value: !GetAtt Template.DefaultVersionNumber
";

#[test]
fn a_subnet_goes_back_to_the_default_acl_and_new_launch_data_is_a_new_version() {
    let mut lab = Lab::new();
    let vpc = lab.ok("aws ec2 create-vpc --cidr-block 10.9.0.0/16")["Vpc"]["VpcId"].as_str().unwrap().to_string();
    let subnet = lab.ok(&format!("aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.9.0.0/24"))["Subnet"]
        ["SubnetId"]
        .as_str()
        .unwrap()
        .to_string();
    let default_acl = lab.acl_of(&subnet)["NetworkAclId"].as_str().unwrap().to_string();
    lab.create(
        "acl",
        ACL_ONLY,
        &format!(" --parameters ParameterKey=VpcId,ParameterValue={vpc} ParameterKey=SubnetId,ParameterValue={subnet}"),
    );
    let custom = lab.physical("acl", "Acl");
    assert_eq!(lab.acl_of(&subnet)["NetworkAclId"], custom.as_str());

    // New launch data: the same template, version 2, the default still 1.
    let template = lab.physical("acl", "Template");
    lab.ok("aws cloudformation update-stack --stack-name acl --use-previous-template --parameters \
         ParameterKey=VpcId,UsePreviousValue=true ParameterKey=SubnetId,UsePreviousValue=true \
         ParameterKey=ImageId,ParameterValue=ami-0fedcba9876543210");
    lab.ok("aws cloudformation wait stack-update-complete --stack-name acl");
    assert_eq!(lab.physical("acl", "Template"), template, "not replaced");
    let outputs = lab.ok("aws cloudformation describe-stacks --stack-name acl")["Stacks"][0]["Outputs"].clone();
    let output =
        |key: &str| outputs.as_array().unwrap().iter().find(|o| o["OutputKey"] == key).unwrap()["OutputValue"].clone();
    assert_eq!((output("Latest"), output("Default")), (Json::from("2"), Json::from("1")));
    let latest = lab
        .ok(&format!("aws ec2 describe-launch-template-versions --launch-template-id {template} --versions $Latest"));
    assert_eq!(latest["LaunchTemplateVersions"][0]["LaunchTemplateData"]["ImageId"], "ami-0fedcba9876543210");

    lab.ok("aws cloudformation delete-stack --stack-name acl");
    lab.ok("aws cloudformation wait stack-delete-complete --stack-name acl");
    assert_eq!(lab.acl_of(&subnet)["NetworkAclId"], default_acl.as_str(), "back on the VPC's default ACL");
}
