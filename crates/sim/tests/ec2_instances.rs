//! EC2 instances on the simulated clock, key pairs and Elastic IPs: states and codes as EC2
//! shows them, the errors of each transition, and what an instance holds on to.

mod common;

use common::ec2::{call, err, Term};
use nimbus_sim::services::ec2::*;
use nimbus_sim::{SimDuration, World};
use serde_json::json;

const AMI: &str = "ami-0abcdef1234567890";

fn state(t: &mut Term, id: &str) -> String {
    t.text(&format!("aws ec2 describe-instances --instance-ids {id} --query Reservations[0].Instances[0].State.Name"))
}

#[test]
fn key_pairs_are_created_once_per_name_and_region() {
    let mut t = Term::new(1);
    let kp = t.json("aws ec2 create-key-pair --key-name lab");
    let material = kp["KeyMaterial"].as_str().unwrap();
    assert!(
        material.starts_with("-----BEGIN RSA PRIVATE KEY-----\n")
            && material.ends_with("-----END RSA PRIVATE KEY-----")
    );
    assert_eq!(kp["KeyFingerprint"].as_str().unwrap().split(':').count(), 20);
    assert!(kp["KeyPairId"].as_str().unwrap().starts_with("key-"));
    assert_eq!(
        t.fails("aws ec2 create-key-pair --key-name lab"),
        "An error occurred (InvalidKeyPair.Duplicate) when calling the CreateKeyPair operation: The keypair 'lab' already exists."
    );
    t.ok("aws ec2 create-key-pair --key-name lab --region eu-west-1");
    let ed = t.json("aws ec2 create-key-pair --key-name ed --key-type ed25519");
    assert!(ed["KeyMaterial"].as_str().unwrap().starts_with("-----BEGIN OPENSSH PRIVATE KEY-----"));
    let listed = t.json("aws ec2 describe-key-pairs");
    let names: Vec<&str> =
        listed["KeyPairs"].as_array().unwrap().iter().map(|k| k["KeyName"].as_str().unwrap()).collect();
    assert_eq!(names, ["ed", "lab"]);
    assert!(listed["KeyPairs"][0].get("KeyMaterial").is_none(), "the private key is shown only at creation");
    assert_eq!(
        t.fails("aws ec2 describe-key-pairs --key-names nope"),
        "An error occurred (InvalidKeyPair.NotFound) when calling the DescribeKeyPairs operation: The key pair 'nope' does not exist"
    );
    assert_eq!(t.json("aws ec2 delete-key-pair --key-name lab")["Return"], true);
    assert_eq!(
        t.json("aws ec2 delete-key-pair --key-name lab"),
        json!({"Return": true}),
        "deleting a missing key succeeds"
    );
    assert_eq!(t.text("aws ec2 describe-key-pairs --query KeyPairs[].KeyName"), "ed");
}

#[test]
fn an_instance_goes_pending_running_stopping_stopped_and_terminated_on_the_clock() {
    let mut t = Term::new(2);
    t.ok("aws ec2 create-key-pair --key-name lab");
    let r = t.json(&format!("aws ec2 run-instances --image-id {AMI} --instance-type t3.micro --key-name lab --tag-specifications ResourceType=instance,Tags=[{{Key=Name,Value=web}}]"));
    assert!(r["ReservationId"].as_str().unwrap().starts_with("r-"));
    let i = &r["Instances"][0];
    assert_eq!(i["State"], json!({"Code": 0, "Name": "pending"}));
    assert_eq!(i["Placement"]["AvailabilityZone"], "us-east-1a");
    assert!(i["PublicIpAddress"].is_string(), "default subnets map public IPs");
    assert!(i["PublicDnsName"].as_str().unwrap().ends_with(".compute-1.amazonaws.com"));
    assert!(i["PrivateDnsName"].as_str().unwrap().ends_with(".ec2.internal"));
    assert_eq!(i["SecurityGroups"][0]["GroupName"], "default");
    let id = i["InstanceId"].as_str().unwrap().to_string();
    assert!(id.starts_with("i-") && id.len() == 19);
    let first_ip = i["PublicIpAddress"].as_str().unwrap().to_string();

    t.world.advance(SimDuration::seconds(29));
    assert_eq!(state(&mut t, &id), "pending");
    t.world.advance(SimDuration::seconds(1));
    assert_eq!(state(&mut t, &id), "running");
    assert_eq!(t.text("aws ec2 describe-instances --filters Name=tag:Name,Values=web --query Reservations[].Instances[].InstanceId"), id);
    assert_eq!(
        t.text("aws ec2 describe-instances --filters Name=instance-state-name,Values=stopped --query Reservations"),
        ""
    );

    let stop = t.json(&format!("aws ec2 stop-instances --instance-ids {id}"));
    assert_eq!(
        stop["StoppingInstances"][0],
        json!({"CurrentState": {"Code": 64, "Name": "stopping"}, "InstanceId": id, "PreviousState": {"Code": 16, "Name": "running"}})
    );
    assert!(t.fails(&format!("aws ec2 start-instances --instance-ids {id}")).contains(&format!(
        "(IncorrectInstanceState) when calling the StartInstances operation: The instance '{id}' is not in a state from which it can be started."
    )));
    t.world.advance(SimDuration::seconds(45));
    assert_eq!(state(&mut t, &id), "stopped");
    let stopped = t.json(&format!("aws ec2 describe-instances --instance-ids {id}"));
    assert!(
        stopped["Reservations"][0]["Instances"][0].get("PublicIpAddress").is_none(),
        "a stopped instance gives its public IP back"
    );
    assert!(stopped["Reservations"][0]["Instances"][0]["StateTransitionReason"]
        .as_str()
        .unwrap()
        .starts_with("User initiated ("));

    let start = t.json(&format!("aws ec2 start-instances --instance-ids {id}"));
    assert_eq!(start["StartingInstances"][0]["CurrentState"]["Name"], "pending");
    t.world.advance(SimDuration::seconds(30));
    let again = t.text(&format!(
        "aws ec2 describe-instances --instance-ids {id} --query Reservations[0].Instances[0].PublicIpAddress"
    ));
    assert_ne!(again, first_ip, "a start brings a new public IP");

    let term = t.json(&format!("aws ec2 terminate-instances --instance-ids {id}"));
    assert_eq!(term["TerminatingInstances"][0]["CurrentState"], json!({"Code": 32, "Name": "shutting-down"}));
    t.world.advance(SimDuration::seconds(60));
    assert_eq!(state(&mut t, &id), "terminated");
    assert!(t.fails(&format!("aws ec2 stop-instances --instance-ids {id}")).contains("IncorrectInstanceState"));
    let twice = t.json(&format!("aws ec2 terminate-instances --instance-ids {id}"));
    assert_eq!(twice["TerminatingInstances"][0]["PreviousState"]["Name"], "terminated");
    t.world.advance(SimDuration::minutes(61));
    assert_eq!(
        t.fails(&format!("aws ec2 describe-instances --instance-ids {id}")),
        format!("An error occurred (InvalidInstanceID.NotFound) when calling the DescribeInstances operation: The instance ID '{id}' does not exist")
    );
}

#[test]
fn run_instances_checks_its_inputs() {
    let mut t = Term::new(3);
    assert!(t.fails(&format!("aws ec2 run-instances --image-id {AMI} --key-name nope")).contains(
        "(InvalidKeyPair.NotFound) when calling the RunInstances operation: The key pair 'nope' does not exist"
    ));
    assert!(t.fails("aws ec2 run-instances --image-id ami-xyz").contains("(InvalidAMIID.Malformed)"));
    assert!(t.fails("aws ec2 run-instances --instance-type t3.micro").contains("(MissingParameter)"));
    assert!(t
        .fails(&format!("aws ec2 run-instances --image-id {AMI} --instance-type huge"))
        .contains("Invalid value 'huge' for InstanceType."));
    assert!(t.fails("aws ec2 describe-instances --instance-ids i-123").contains("(InvalidInstanceID.Malformed)"));
    let dry = t.run(&format!("aws ec2 run-instances --image-id {AMI} --dry-run"));
    assert!(dry.stderr.contains("(DryRunOperation) when calling the RunInstances operation: Request would have succeeded, but DryRun flag is set."), "{dry:?}");
    assert_eq!(t.json("aws ec2 describe-instances"), json!({"Reservations": []}));
    let two = t.json(&format!("aws ec2 run-instances --image-id {AMI} --count 2"));
    let insts = two["Instances"].as_array().unwrap();
    assert_eq!(insts.len(), 2);
    assert_eq!(insts[1]["AmiLaunchIndex"], 1);
    assert_ne!(insts[0]["PrivateIpAddress"], insts[1]["PrivateIpAddress"]);
    assert!(t.run(&format!("aws ec2 run-instances --image-id {AMI} --count 0")).stderr.contains("argument --count"));
}

#[test]
fn a_private_subnet_gives_no_public_address_and_an_elastic_ip_needs_a_gateway() {
    let mut w = World::new(4);
    let vpc = match call(
        &mut w,
        Ec2Request::CreateVpc(CreateVpcRequest { cidr_block: Some("10.0.0.0/16".into()), ..Default::default() }),
    )
    .unwrap()
    {
        Ec2Response::CreateVpc(o) => o.vpc.vpc_id,
        other => panic!("{other:?}"),
    };
    let subnet = match call(
        &mut w,
        Ec2Request::CreateSubnet(CreateSubnetRequest {
            vpc_id: vpc.clone(),
            cidr_block: Some("10.0.1.0/24".into()),
            ..Default::default()
        }),
    )
    .unwrap()
    {
        Ec2Response::CreateSubnet(o) => o.subnet.subnet_id,
        other => panic!("{other:?}"),
    };
    let run = RunInstancesRequest { image_id: Some(AMI.into()), subnet_id: Some(subnet.clone()), ..Default::default() };
    let inst = match call(&mut w, Ec2Request::RunInstances(run)).unwrap() {
        Ec2Response::RunInstances(r) => r.instances[0].clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(inst.private_ip_address, "10.0.1.4", "the first address after the four AWS reserves");
    assert_eq!(inst.public_ip_address, None);
    assert_eq!(inst.public_dns_name, "");
    assert_eq!(inst.private_dns_name, "ip-10-0-1-4.ec2.internal");

    // The subnet and the VPC's default group are in use while the instance lives.
    let e = err(&mut w, Ec2Request::DeleteSubnet(DeleteSubnetRequest { subnet_id: subnet.clone() }));
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("DependencyViolation", format!("The subnet '{subnet}' has dependencies and cannot be deleted.").as_str())
    );

    let alloc = match call(&mut w, Ec2Request::AllocateAddress(AllocateAddressRequest::default())).unwrap() {
        Ec2Response::AllocateAddress(a) => a,
        other => panic!("{other:?}"),
    };
    assert!(alloc.allocation_id.starts_with("eipalloc-"));
    let assoc = AssociateAddressRequest {
        allocation_id: Some(alloc.allocation_id.clone()),
        instance_id: Some(inst.instance_id.clone()),
        ..Default::default()
    };
    assert_eq!(err(&mut w, Ec2Request::AssociateAddress(assoc.clone())).code, "Gateway.NotAttached");
    let igw = match call(&mut w, Ec2Request::CreateInternetGateway(Default::default())).unwrap() {
        Ec2Response::CreateInternetGateway(o) => o.internet_gateway.internet_gateway_id,
        other => panic!("{other:?}"),
    };
    call(
        &mut w,
        Ec2Request::AttachInternetGateway(AttachInternetGatewayRequest {
            internet_gateway_id: igw.clone(),
            vpc_id: vpc.clone(),
        }),
    )
    .unwrap();
    let association = match call(&mut w, Ec2Request::AssociateAddress(assoc)).unwrap() {
        Ec2Response::AssociateAddress(a) => a.association_id,
        other => panic!("{other:?}"),
    };
    assert!(association.starts_with("eipassoc-"));
    let ip = match call(&mut w, Ec2Request::DescribeInstances(Default::default())).unwrap() {
        Ec2Response::DescribeInstances(d) => d.reservations[0].instances[0].public_ip_address.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(ip.as_deref(), Some(alloc.public_ip.as_str()));
    let e = err(
        &mut w,
        Ec2Request::ReleaseAddress(ReleaseAddressRequest { allocation_id: Some(alloc.allocation_id.clone()) }),
    );
    assert_eq!(e.code, "InvalidIPAddress.InUse");
    let e = err(
        &mut w,
        Ec2Request::DetachInternetGateway(DetachInternetGatewayRequest { internet_gateway_id: igw, vpc_id: vpc }),
    );
    assert_eq!(e.code, "DependencyViolation", "{e}");

    // Terminating frees the subnet and the address.
    call(
        &mut w,
        Ec2Request::TerminateInstances(InstanceIdsRequest {
            instance_ids: vec![inst.instance_id.clone()],
            force: None,
        }),
    )
    .unwrap();
    w.advance(SimDuration::seconds(60));
    call(&mut w, Ec2Request::ReleaseAddress(ReleaseAddressRequest { allocation_id: Some(alloc.allocation_id) }))
        .unwrap();
    call(&mut w, Ec2Request::DeleteSubnet(DeleteSubnetRequest { subnet_id: subnet })).unwrap();
}

#[test]
fn a_group_in_use_by_an_instance_cannot_be_deleted() {
    let mut t = Term::new(5);
    let sg = t.text("aws ec2 create-security-group --group-name app --description app --query GroupId");
    let id = t.text(&format!(
        "aws ec2 run-instances --image-id {AMI} --security-group-ids {sg} --query Instances[0].InstanceId"
    ));
    assert_eq!(
        t.fails(&format!("aws ec2 delete-security-group --group-id {sg}")),
        format!("An error occurred (DependencyViolation) when calling the DeleteSecurityGroup operation: resource {sg} has a dependent object")
    );
    t.ok(&format!("aws ec2 terminate-instances --instance-ids {id}"));
    t.world.advance(SimDuration::minutes(1));
    t.ok(&format!("aws ec2 delete-security-group --group-id {sg}"));
}

#[test]
fn instances_leave_a_trail_and_the_world_round_trips() {
    let mut t = Term::new(6);
    t.ok(&format!("aws ec2 run-instances --image-id {AMI}"));
    t.world.advance(SimDuration::minutes(1));
    let last = t.world.trail().last().unwrap();
    assert_eq!((last.service.as_str(), last.operation.as_str()), ("ec2", "InstanceStateChange"));
    assert!(last.why.contains("is running"), "{}", last.why);
    let saved = t.world.to_json();
    let back = World::from_json(&saved).unwrap();
    assert_eq!(back, t.world);
}
