//! CloudFormation building EC2 networks and IAM roles through the terminal: resources created
//! in waves on the clock as real VPCs, subnets and instances, Ref and GetAtt values as AWS
//! documents them, AWS-specific parameter types checked against the account, capabilities,
//! and deletion in reverse dependency order.

mod common;

use common::ec2::Term;
use nimbus_sim::cli::FileSystem;
use nimbus_sim::SimDuration;

const NETWORK: &str = r#"
Parameters:
  KeyName:
    Type: AWS::EC2::KeyPair::KeyName
  ImageId:
    Type: AWS::EC2::Image::Id
    Default: ami-0abcdef1234567890
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.20.0.0/16
      EnableDnsHostnames: true
      Tags: [{Key: Name, Value: lab-vpc}]
  PublicA:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]]
      AvailabilityZone: !Select [0, !GetAZs '']
      MapPublicIpOnLaunch: true
  PublicB:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [1, !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]]
      AvailabilityZone: !Select [1, !GetAZs '']
      MapPublicIpOnLaunch: true
  Gateway:
    Type: AWS::EC2::InternetGateway
  Attach:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties: {VpcId: !Ref Vpc, InternetGatewayId: !Ref Gateway}
  Routes:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref Vpc}
  DefaultRoute:
    Type: AWS::EC2::Route
    DependsOn: Attach
    Properties: {RouteTableId: !Ref Routes, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Gateway}
  AssocA:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {RouteTableId: !Ref Routes, SubnetId: !Ref PublicA}
  AssocB:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {RouteTableId: !Ref Routes, SubnetId: !Ref PublicB}
  WebSg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 0.0.0.0/0}
  Web:
    Type: AWS::EC2::Instance
    DependsOn: Attach
    Properties:
      ImageId: !Ref ImageId
      InstanceType: t3.micro
      KeyName: !Ref KeyName
      SubnetId: !Ref PublicA
      SecurityGroupIds: [!Ref WebSg]
Outputs:
  VpcId: {Value: !Ref Vpc}
  VpcCidr: {Value: !GetAtt Vpc.CidrBlock}
  DefaultSg: {Value: !GetAtt Vpc.DefaultSecurityGroup}
  SubnetAz: {Value: !GetAtt PublicB.AvailabilityZone}
  Group: {Value: !Ref WebSg}
  GroupId: {Value: !GetAtt WebSg.GroupId}
  Instance: {Value: !Ref Web}
  PublicIp: {Value: !GetAtt Web.PublicIp}
  PrivateIp: {Value: !GetAtt Web.PrivateIp}
  WebAz: {Value: !GetAtt Web.AvailabilityZone}
"#;

fn output(t: &mut Term, stack: &str, key: &str) -> String {
    let d = t.json(&format!("aws cloudformation describe-stacks --stack-name {stack}"));
    let outputs = d["Stacks"][0]["Outputs"].as_array().cloned().unwrap_or_default();
    let found = outputs.iter().find(|o| o["OutputKey"] == key);
    found.and_then(|o| o["OutputValue"].as_str()).unwrap_or_else(|| panic!("no output {key}: {d}")).to_string()
}

fn stack_status(t: &mut Term, stack: &str) -> String {
    t.text(&format!("aws cloudformation describe-stacks --stack-name {stack} --query Stacks[0].StackStatus"))
}

fn resource_status(t: &mut Term, stack: &str, id: &str) -> String {
    t.text(&format!(
        "aws cloudformation describe-stack-resources --stack-name {stack} --logical-resource-id {id} --query StackResources[0].ResourceStatus"
    ))
}

#[test]
fn a_network_stack_creates_in_waves_and_its_resources_are_real() {
    let mut t = Term::new(11);
    t.fs.write("net.yaml", NETWORK.as_bytes()).unwrap();
    t.ok("aws ec2 create-key-pair --key-name lab");
    t.ok("aws cloudformation create-stack --stack-name net --template-body file://net.yaml --parameters ParameterKey=KeyName,ParameterValue=lab");
    assert_eq!(stack_status(&mut t, "net"), "CREATE_IN_PROGRESS");
    // First wave: the VPC and the gateway, nothing that needs them.
    assert_eq!(resource_status(&mut t, "net", "Vpc"), "CREATE_IN_PROGRESS");
    assert_eq!(resource_status(&mut t, "net", "Gateway"), "CREATE_IN_PROGRESS");
    assert_eq!(resource_status(&mut t, "net", "PublicA"), "None");
    let vpcs = t.json("aws ec2 describe-vpcs --filters Name=tag:Name,Values=lab-vpc");
    assert_eq!(vpcs["Vpcs"][0]["CidrBlock"], "10.20.0.0/16", "the stack's VPC is a real VPC at once");
    let tags = vpcs["Vpcs"][0]["Tags"].to_string();
    assert!(tags.contains("aws:cloudformation:stack-name") && tags.contains("aws:cloudformation:logical-id"), "{tags}");

    t.world.advance(SimDuration::seconds(10));
    assert_eq!(resource_status(&mut t, "net", "Vpc"), "CREATE_COMPLETE");
    assert_eq!(resource_status(&mut t, "net", "PublicA"), "CREATE_IN_PROGRESS");
    assert_eq!(resource_status(&mut t, "net", "Gateway"), "CREATE_IN_PROGRESS", "a gateway takes longer than a VPC");
    t.world.advance(SimDuration::minutes(3));
    assert_eq!(stack_status(&mut t, "net"), "CREATE_COMPLETE");

    let vpc = output(&mut t, "net", "VpcId");
    assert!(vpc.starts_with("vpc-"));
    assert_eq!(output(&mut t, "net", "VpcCidr"), "10.20.0.0/16");
    let default_sg = output(&mut t, "net", "DefaultSg");
    assert_eq!(
        t.text(&format!("aws ec2 describe-security-groups --filters Name=vpc-id,Values={vpc} Name=group-name,Values=default --query SecurityGroups[0].GroupId")),
        default_sg
    );
    assert_eq!(output(&mut t, "net", "SubnetAz"), "us-east-1b");
    let group = output(&mut t, "net", "Group");
    assert!(group.starts_with("sg-"), "Ref of a VPC security group is its id");
    assert_eq!(output(&mut t, "net", "GroupId"), group);
    let instance = output(&mut t, "net", "Instance");
    assert!(instance.starts_with("i-"));
    assert_eq!(output(&mut t, "net", "PrivateIp"), "10.20.0.4");
    assert_eq!(output(&mut t, "net", "WebAz"), "us-east-1a");
    let public = output(&mut t, "net", "PublicIp");
    assert_eq!(
        t.text(&format!("aws ec2 describe-instances --instance-ids {instance} --query Reservations[0].Instances[0].[State.Name,PublicIpAddress,KeyName]")),
        format!("running\t{public}\tlab")
    );
    let subnets = t.json(&format!("aws ec2 describe-subnets --filters Name=vpc-id,Values={vpc}"));
    assert_eq!(subnets["Subnets"].as_array().unwrap().len(), 2);
    assert_eq!(subnets["Subnets"][0]["CidrBlock"], "10.20.0.0/24");
    let tables = t.json(&format!(
        "aws ec2 describe-route-tables --filters Name=vpc-id,Values={vpc} Name=association.main,Values=false"
    ));
    let rt = &tables["RouteTables"][0];
    assert_eq!(rt["Associations"].as_array().unwrap().len(), 2);
    assert_eq!(rt["Routes"][1]["DestinationCidrBlock"], "0.0.0.0/0");
    assert_eq!(rt["Routes"][1]["State"], "active");
    let physical = t.text("aws cloudformation describe-stack-resources --stack-name net --logical-resource-id Attach --query StackResources[0].PhysicalResourceId");
    assert_eq!(physical, format!("IGW|{vpc}"));
    let route = t.text("aws cloudformation describe-stack-resources --stack-name net --logical-resource-id DefaultRoute --query StackResources[0].PhysicalResourceId");
    assert!(route.starts_with("rtb-") && route.ends_with("|0.0.0.0/0"), "{route}");

    // Deleting goes in reverse: the instance first (it takes a minute to terminate), the VPC last.
    t.ok("aws cloudformation delete-stack --stack-name net");
    assert_eq!(resource_status(&mut t, "net", "Web"), "DELETE_IN_PROGRESS");
    assert_eq!(resource_status(&mut t, "net", "Vpc"), "CREATE_COMPLETE");
    t.world.advance(SimDuration::minutes(5));
    let id = t.text("aws cloudformation list-stacks --query StackSummaries[0].StackId");
    assert_eq!(
        t.text(&format!("aws cloudformation describe-stacks --stack-name {id} --query Stacks[0].StackStatus")),
        "DELETE_COMPLETE"
    );
    assert!(t.fails(&format!("aws ec2 describe-vpcs --vpc-ids {vpc}")).contains("InvalidVpcID.NotFound"));
    assert_eq!(t.json("aws ec2 describe-vpcs")["Vpcs"].as_array().unwrap().len(), 1, "only the default VPC is left");
    assert_eq!(t.json("aws ec2 describe-internet-gateways")["InternetGateways"].as_array().unwrap().len(), 1);
    assert_eq!(
        t.text(&format!(
            "aws ec2 describe-instances --instance-ids {instance} --query Reservations[0].Instances[0].State.Name"
        )),
        "terminated"
    );
    // The events show the order: the VPC is the last resource deleted.
    let events = t.json(&format!("aws cloudformation describe-stack-events --stack-name {id}"));
    let deleted: Vec<&str> = events["StackEvents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["ResourceStatus"] == "DELETE_COMPLETE" && e["ResourceType"] != "AWS::CloudFormation::Stack")
        .map(|e| e["LogicalResourceId"].as_str().unwrap())
        .collect();
    assert!(deleted[..2].contains(&"Vpc") && deleted[..2].contains(&"Gateway"), "newest first: {deleted:?}");
    let at = |id: &str| deleted.iter().position(|d| *d == id).unwrap();
    assert!(at("Web") > at("WebSg") && at("Web") > at("PublicA") && at("Web") > at("Attach"), "{deleted:?}");
    assert_eq!(deleted.len(), 11);
}

#[test]
fn a_missing_key_pair_rolls_the_stack_back_as_aws_does() {
    let mut t = Term::new(12);
    t.fs.write("net.yaml", NETWORK.as_bytes()).unwrap();
    let out = t.json("aws cloudformation create-stack --stack-name net --template-body file://net.yaml --parameters ParameterKey=KeyName,ParameterValue=nope");
    assert!(out["StackId"].as_str().unwrap().contains(":stack/net/"));
    assert_eq!(stack_status(&mut t, "net"), "ROLLBACK_COMPLETE");
    let events = t.json("aws cloudformation describe-stack-events --stack-name net");
    let reason = events["StackEvents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["ResourceStatus"] == "ROLLBACK_IN_PROGRESS")
        .map(|e| e["ResourceStatusReason"].as_str().unwrap().to_string())
        .unwrap();
    assert_eq!(reason, "Parameter validation failed: parameter value nope for parameter name KeyName does not exist. Rollback requested by user.");
    assert_eq!(t.json("aws ec2 describe-vpcs")["Vpcs"].as_array().unwrap().len(), 1, "nothing was created");
}

#[test]
fn vpc_subnet_and_group_parameters_must_exist() {
    let mut t = Term::new(13);
    let body = r#"
Parameters:
  Vpc: {Type: "AWS::EC2::VPC::Id"}
  Subnets: {Type: "List<AWS::EC2::Subnet::Id>"}
  Group: {Type: "AWS::EC2::SecurityGroup::Id"}
Resources:
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: app, VpcId: !Ref Vpc}
Outputs:
  First: {Value: !Select [0, !Ref Subnets]}
"#;
    t.fs.write("p.yaml", body.as_bytes()).unwrap();
    let vpc = t.text("aws ec2 describe-vpcs --query Vpcs[0].VpcId");
    let subnets = t
        .text("aws ec2 describe-subnets --query Subnets[].SubnetId")
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join("\\,");
    let group = t.text("aws ec2 describe-security-groups --query SecurityGroups[0].GroupId");
    t.ok(&format!(
        "aws cloudformation create-stack --stack-name ok --template-body file://p.yaml --parameters ParameterKey=Vpc,ParameterValue={vpc} 'ParameterKey=Subnets,ParameterValue={subnets}' ParameterKey=Group,ParameterValue={group}"
    ));
    t.world.advance(SimDuration::minutes(1));
    assert_eq!(stack_status(&mut t, "ok"), "CREATE_COMPLETE");
    assert!(output(&mut t, "ok", "First").starts_with("subnet-"));

    t.ok(&format!(
        "aws cloudformation create-stack --stack-name bad --template-body file://p.yaml --parameters ParameterKey=Vpc,ParameterValue={vpc} ParameterKey=Subnets,ParameterValue=subnet-0000000000000000a ParameterKey=Group,ParameterValue={group}"
    ));
    assert_eq!(stack_status(&mut t, "bad"), "ROLLBACK_COMPLETE");
    assert_eq!(
        t.text("aws cloudformation describe-stacks --stack-name bad --query Stacks[0].StackStatusReason"),
        "None"
    );
}

#[test]
fn a_conflicting_subnet_fails_and_the_rollback_removes_the_network() {
    let mut t = Term::new(14);
    let body = NETWORK.replace("CidrBlock: !Select [1, !Cidr", "CidrBlock: !Select [0, !Cidr");
    t.fs.write("net.yaml", body.as_bytes()).unwrap();
    t.ok("aws ec2 create-key-pair --key-name lab");
    t.ok("aws cloudformation create-stack --stack-name net --template-body file://net.yaml --parameters ParameterKey=KeyName,ParameterValue=lab");
    t.world.advance(SimDuration::minutes(10));
    assert_eq!(stack_status(&mut t, "net"), "ROLLBACK_COMPLETE");
    let failed = t.json("aws cloudformation describe-stack-resources --stack-name net");
    let reasons: Vec<String> = failed["StackResources"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["ResourceStatusReason"].as_str().map(str::to_string))
        .collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("conflicts with another subnet") && r.contains("Error Code: InvalidSubnet.Conflict")),
        "{reasons:?}"
    );
    assert_eq!(t.json("aws ec2 describe-vpcs")["Vpcs"].as_array().unwrap().len(), 1, "the rollback removed the VPC");
    assert_eq!(t.json("aws ec2 describe-internet-gateways")["InternetGateways"].as_array().unwrap().len(), 1);
}

const ROLE: &str = r#"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: 'sts:AssumeRole'}]
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore]
      Policies:
        - PolicyName: read-bucket
          PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: 's3:GetObject', Resource: '*'}]}
  Extra:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: extra
      PolicyDocument: {Statement: [{Effect: Allow, Action: 'sqs:*', Resource: '*'}]}
      Roles: [!Ref Role]
  Profile:
    Type: AWS::IAM::InstanceProfile
    Properties: {Roles: [!Ref Role]}
  Web:
    Type: AWS::EC2::Instance
    Properties: {ImageId: ami-0abcdef1234567890, IamInstanceProfile: !Ref Profile}
Outputs:
  RoleName: {Value: !Ref Role}
  RoleArn: {Value: !GetAtt Role.Arn}
  ProfileArn: {Value: !GetAtt Profile.Arn}
"#;

#[test]
fn iam_templates_need_capabilities_and_make_real_roles() {
    let mut t = Term::new(15);
    t.fs.write("role.yaml", ROLE.as_bytes()).unwrap();
    assert_eq!(
        t.fails("aws cloudformation create-stack --stack-name app --template-body file://role.yaml"),
        "An error occurred (InsufficientCapabilitiesException) when calling the CreateStack operation: Requires capabilities : [CAPABILITY_IAM]"
    );
    assert!(t
        .fails("aws cloudformation create-change-set --stack-name app --change-set-name c1 --change-set-type CREATE --template-body file://role.yaml")
        .contains("(InsufficientCapabilitiesException) when calling the CreateChangeSet operation: Requires capabilities : [CAPABILITY_IAM]"));
    let named = ROLE.replace(
        "    Properties:\n      AssumeRolePolicyDocument",
        "    Properties:\n      RoleName: app-role\n      AssumeRolePolicyDocument",
    );
    t.fs.write("named.yaml", named.as_bytes()).unwrap();
    assert!(t
        .fails("aws cloudformation create-stack --stack-name app --template-body file://named.yaml --capabilities CAPABILITY_IAM")
        .ends_with("Requires capabilities : [CAPABILITY_NAMED_IAM]"));
    let v = t.json("aws cloudformation validate-template --template-body file://named.yaml");
    assert_eq!(v["Capabilities"], serde_json::json!(["CAPABILITY_NAMED_IAM"]));

    t.ok("aws cloudformation create-stack --stack-name app --template-body file://role.yaml --capabilities CAPABILITY_IAM");
    t.world.advance(SimDuration::seconds(15));
    assert_eq!(resource_status(&mut t, "app", "Role"), "CREATE_COMPLETE");
    assert_eq!(
        resource_status(&mut t, "app", "Profile"),
        "CREATE_IN_PROGRESS",
        "instance profiles take about two minutes"
    );
    t.world.advance(SimDuration::minutes(4));
    assert_eq!(stack_status(&mut t, "app"), "CREATE_COMPLETE");
    let role = output(&mut t, "app", "RoleName");
    assert!(role.starts_with("app-Role-"), "{role}");
    assert_eq!(output(&mut t, "app", "RoleArn"), format!("arn:aws:iam::123456789012:role/{role}"));
    assert_eq!(
        t.text(&format!("aws iam list-role-policies --role-name {role} --query PolicyNames")),
        "extra\tread-bucket"
    );
    assert_eq!(
        t.text(&format!(
            "aws iam list-attached-role-policies --role-name {role} --query AttachedPolicies[0].PolicyName"
        )),
        "AmazonSSMManagedInstanceCore"
    );
    let profile_arn = output(&mut t, "app", "ProfileArn");
    assert_eq!(
        t.text("aws ec2 describe-instances --query Reservations[0].Instances[0].IamInstanceProfile.Arn"),
        profile_arn
    );
    // The role cannot go by hand while it has policies.
    assert_eq!(
        t.fails(&format!("aws iam delete-role --role-name {role}")),
        "An error occurred (DeleteConflict) when calling the DeleteRole operation: Cannot delete entity, must delete policies first."
    );
    t.ok("aws cloudformation delete-stack --stack-name app");
    t.world.advance(SimDuration::minutes(5));
    assert_eq!(t.json("aws iam list-roles")["Roles"], serde_json::json!([]));
    assert_eq!(t.json("aws iam list-instance-profiles")["InstanceProfiles"], serde_json::json!([]));
}

#[test]
fn updating_without_the_capability_fails_too() {
    let mut t = Term::new(16);
    t.fs.write("q.yaml", b"Resources:\n  Q:\n    Type: AWS::SQS::Queue\n").unwrap();
    t.ok("aws cloudformation create-stack --stack-name s --template-body file://q.yaml");
    t.world.advance(SimDuration::minutes(1));
    t.fs.write("role.yaml", ROLE.as_bytes()).unwrap();
    assert!(t
        .fails("aws cloudformation update-stack --stack-name s --template-body file://role.yaml")
        .ends_with("Requires capabilities : [CAPABILITY_IAM]"));
}
