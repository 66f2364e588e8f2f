//! NAT gateways, network ACLs and launch templates through the terminal, as the AWS CLI spells
//! them: kebab-case operations, `--filter` on describe-nat-gateways, `--ingress`/`--egress`,
//! `--port-range From=…,To=…` and launch template data as JSON.

mod common;

use common::ec2::Term;

/// A VPC with an attached internet gateway and a subnet: (vpc, subnet).
fn network(t: &mut Term) -> (String, String) {
    let vpc = t.text("aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId");
    let igw = t.text("aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId");
    t.ok(&format!("aws ec2 attach-internet-gateway --internet-gateway-id {igw} --vpc-id {vpc}"));
    let subnet =
        t.text(&format!("aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.0.0/24 --query Subnet.SubnetId"));
    (vpc, subnet)
}

#[test]
fn a_nat_gateway_from_the_terminal_becomes_available_on_the_clock() {
    let mut t = Term::new(31);
    let (_, subnet) = network(&mut t);
    let alloc = t.text("aws ec2 allocate-address --domain vpc --query AllocationId");
    let created = t.json(&format!("aws ec2 create-nat-gateway --subnet-id {subnet} --allocation-id {alloc}"));
    assert_eq!(created["NatGateway"]["State"], "pending");
    let nat = created["NatGateway"]["NatGatewayId"].as_str().unwrap().to_string();
    assert_eq!(
        t.text("aws ec2 describe-nat-gateways --filter Name=state,Values=available --query length(NatGateways)"),
        "0"
    );
    t.ok("nimbus advance 2m");
    assert_eq!(
        t.text(&format!("aws ec2 describe-nat-gateways --nat-gateway-ids {nat} --query NatGateways[0].State")),
        "available"
    );
    let err = t.fails(
        "aws ec2 create-nat-gateway --subnet-id subnet-0123456789abcdef0 --allocation-id eipalloc-0123456789abcdef0",
    );
    assert!(err.contains("InvalidSubnetID.NotFound"), "{err}");
    let err = t.fails("aws ec2 delete-nat-gateway --nat-gateway-id nat-0123456789abcdef0");
    assert!(err.contains("NatGatewayNotFound"), "{err}");
}

#[test]
fn network_acls_and_their_entries_from_the_terminal() {
    let mut t = Term::new(32);
    let defaults = t.json("aws ec2 describe-network-acls");
    assert_eq!(defaults["NetworkAcls"].as_array().unwrap().len(), 1, "the default VPC's ACL");
    assert_eq!(defaults["NetworkAcls"][0]["IsDefault"], true);
    let (vpc, subnet) = network(&mut t);
    let acl = t.text(&format!("aws ec2 create-network-acl --vpc-id {vpc} --query NetworkAcl.NetworkAclId"));
    t.ok(&format!(
        "aws ec2 create-network-acl-entry --network-acl-id {acl} --ingress --rule-number 100 --protocol tcp \
         --port-range From=443,To=443 --cidr-block 0.0.0.0/0 --rule-action allow"
    ));
    t.ok(&format!(
        "aws ec2 create-network-acl-entry --network-acl-id {acl} --egress --rule-number 100 --protocol -1 \
         --cidr-block 0.0.0.0/0 --rule-action allow"
    ));
    let err = t.fails(&format!(
        "aws ec2 create-network-acl-entry --network-acl-id {acl} --ingress --rule-number 100 --protocol -1 \
         --cidr-block 0.0.0.0/0 --rule-action deny"
    ));
    assert!(err.contains("NetworkAclEntryAlreadyExists"), "{err}");
    let entries =
        t.json(&format!("aws ec2 describe-network-acls --network-acl-ids {acl} --query NetworkAcls[0].Entries"));
    let inbound = entries.as_array().unwrap().iter().find(|e| e["Egress"] == false && e["RuleNumber"] == 100).unwrap();
    assert_eq!(inbound["Protocol"], "6");
    assert_eq!(inbound["PortRange"]["To"], 443);
    let assoc = t.text(&format!(
        "aws ec2 describe-network-acls --filters Name=association.subnet-id,Values={subnet} \
         --query NetworkAcls[0].Associations[0].NetworkAclAssociationId"
    ));
    t.ok(&format!("aws ec2 replace-network-acl-association --association-id {assoc} --network-acl-id {acl}"));
    let err = t.fails(&format!("aws ec2 delete-network-acl --network-acl-id {acl}"));
    assert!(err.contains("DependencyViolation"), "{err}");
}

#[test]
fn launch_templates_from_the_terminal() {
    let mut t = Term::new(33);
    let created = t.json(
        "aws ec2 create-launch-template --launch-template-name web \
         --launch-template-data '{\"ImageId\":\"ami-0abcdef1234567890\",\"InstanceType\":\"t3.micro\"}'",
    );
    let id = created["LaunchTemplate"]["LaunchTemplateId"].as_str().unwrap().to_string();
    t.ok(&format!(
        "aws ec2 create-launch-template-version --launch-template-id {id} --source-version 1 \
         --launch-template-data '{{\"InstanceType\":\"t3.small\"}}'"
    ));
    let v = t.json("aws ec2 describe-launch-template-versions --launch-template-name web --versions $Latest");
    let data = &v["LaunchTemplateVersions"][0]["LaunchTemplateData"];
    assert_eq!(
        (data["ImageId"].as_str(), data["InstanceType"].as_str()),
        (Some("ami-0abcdef1234567890"), Some("t3.small"))
    );
    let err = t.fails("aws ec2 create-launch-template --launch-template-name web --launch-template-data '{}'");
    assert!(err.contains("InvalidLaunchTemplateName.AlreadyExistsException"), "{err}");
    t.ok("aws ec2 delete-launch-template --launch-template-name web");
}
