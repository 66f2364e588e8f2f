//! `curl` to an instance's public address walks the packet's path: a security group that does
//! not allow the port, a network ACL rule that denies it (in, or the reply out), or a subnet
//! with no route to an internet gateway drop the packet (curl times out, exit 28); an instance
//! whose user data starts no web server refuses (exit 7); otherwise its page answers.

mod common;

use common::ec2::Term;
use nimbus_sim::cli::FileSystem;
use nimbus_sim::time::SimDuration;

const WEB: &str = "#!/bin/bash\nyum install -y httpd\nsystemctl start httpd\necho \"<h1>Hello from $(hostname -f)</h1>\" > /var/www/html/index.html\n";

/// A web server in the default VPC; returns (instance id, public IP, default group id).
fn web_server(t: &mut Term, script: &str) -> (String, String, String) {
    t.fs.write("web.sh", script.as_bytes()).unwrap();
    let id = t.text(
        "aws ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.micro \
         --user-data file://web.sh --query Instances[0].InstanceId",
    );
    t.world.advance(SimDuration::minutes(1));
    let q =
        |f: &str| format!("aws ec2 describe-instances --instance-ids {id} --query Reservations[0].Instances[0].{f}");
    let ip = t.text(&q("PublicIpAddress"));
    let sg = t.text(&q("SecurityGroups[0].GroupId"));
    (id, ip, sg)
}

/// A new Elastic IP: (address, allocation id).
fn address(t: &mut Term) -> (String, String) {
    let a = t.json("aws ec2 allocate-address");
    (a["PublicIp"].as_str().unwrap().to_string(), a["AllocationId"].as_str().unwrap().to_string())
}

fn curl(t: &mut Term, url: &str) -> (i32, String) {
    let out = t.run(&format!("curl -s -S {url}"));
    (out.exit_code, format!("{}{}", out.stdout, out.stderr))
}

fn last_why(t: &Term) -> String {
    t.world.trail().last().unwrap().why.clone()
}

#[test]
fn the_security_group_decides_then_the_user_data_serves_the_page() {
    let mut t = Term::new(31);
    let (id, ip, sg) = web_server(&mut t, WEB);
    // The default group allows only its own members: dropped, so curl times out.
    let (code, out) = curl(&mut t, &format!("http://{ip}/"));
    assert_eq!(code, 28, "{out}");
    assert!(out.contains(&format!("Failed to connect to {ip} port 80 after")), "{out}");
    assert!(last_why(&t).contains(&format!("no inbound rule of {sg} allows tcp/80")), "{}", last_why(&t));

    t.ok(&format!(
        "aws ec2 authorize-security-group-ingress --group-id {sg} --ip-protocol tcp --from-port 80 --to-port 80 --cidr-ip 0.0.0.0/0"
    ));
    // The user data has not finished yet: nothing listens.
    let (code, out) = curl(&mut t, &format!("http://{ip}/"));
    assert_eq!(code, 7, "{out}");
    t.world.advance(SimDuration::minutes(2));
    let (code, out) = curl(&mut t, &format!("http://{ip}/"));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("<h1>Hello from ip-"), "{out}");
    assert!(last_why(&t).contains(&id));
    // The public DNS name reaches the same instance; another port has nothing listening.
    let dns = t.text(&format!(
        "aws ec2 describe-instances --instance-ids {id} --query Reservations[0].Instances[0].PublicDnsName"
    ));
    assert_eq!(curl(&mut t, &format!("http://{dns}/")).0, 0);
    t.ok(&format!(
        "aws ec2 authorize-security-group-ingress --group-id {sg} --ip-protocol tcp --from-port 8080 --to-port 8080 --cidr-ip 0.0.0.0/0"
    ));
    assert_eq!(curl(&mut t, &format!("http://{ip}:8080/")).0, 7);
}

#[test]
fn network_acls_are_stateless_and_rules_apply_in_number_order() {
    let mut t = Term::new(32);
    let (id, ip, sg) = web_server(&mut t, WEB);
    t.ok(&format!(
        "aws ec2 authorize-security-group-ingress --group-id {sg} --ip-protocol tcp --from-port 80 --to-port 80 --cidr-ip 0.0.0.0/0"
    ));
    t.world.advance(SimDuration::minutes(2));
    assert_eq!(curl(&mut t, &format!("http://{ip}/")).0, 0);
    let subnet = t
        .text(&format!("aws ec2 describe-instances --instance-ids {id} --query Reservations[0].Instances[0].SubnetId"));
    let acl = t.text(&format!(
        "aws ec2 describe-network-acls --filters Name=association.subnet-id,Values={subnet} --query NetworkAcls[0].NetworkAclId"
    ));
    // A deny numbered before the default ACL's allow-all rule 100 wins.
    t.ok(&format!(
        "aws ec2 create-network-acl-entry --network-acl-id {acl} --ingress --rule-number 90 --protocol tcp \
         --port-range From=80,To=80 --cidr-block 0.0.0.0/0 --rule-action deny"
    ));
    assert_eq!(curl(&mut t, &format!("http://{ip}/")).0, 28);
    assert!(last_why(&t).contains(&format!("network ACL {acl} inbound rule 90 denies tcp/80")), "{}", last_why(&t));
    t.ok(&format!("aws ec2 delete-network-acl-entry --network-acl-id {acl} --ingress --rule-number 90"));
    // Denying the reply's ephemeral ports outbound drops it too.
    t.ok(&format!(
        "aws ec2 create-network-acl-entry --network-acl-id {acl} --egress --rule-number 90 --protocol tcp \
         --port-range From=1024,To=65535 --cidr-block 0.0.0.0/0 --rule-action deny"
    ));
    assert_eq!(curl(&mut t, &format!("http://{ip}/")).0, 28);
    assert!(last_why(&t).contains("stateless"), "{}", last_why(&t));
}

#[test]
fn a_subnet_without_an_internet_gateway_route_drops_the_reply() {
    let mut t = Term::new(33);
    let vpc = t.text("aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId");
    let subnet =
        t.text(&format!("aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.1.0/24 --query Subnet.SubnetId"));
    // The gateway is attached (an Elastic IP needs that), but no route sends traffic to it.
    let igw = t.text("aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId");
    t.ok(&format!("aws ec2 attach-internet-gateway --internet-gateway-id {igw} --vpc-id {vpc}"));
    t.fs.write("web.sh", WEB.as_bytes()).unwrap();
    let id = t.text(&format!(
        "aws ec2 run-instances --image-id ami-0abcdef1234567890 --subnet-id {subnet} --user-data file://web.sh \
         --query Instances[0].InstanceId"
    ));
    let (eip, alloc) = address(&mut t);
    t.world.advance(SimDuration::minutes(3));
    t.ok(&format!("aws ec2 associate-address --allocation-id {alloc} --instance-id {id}"));
    let (code, out) = curl(&mut t, &format!("http://{eip}/"));
    assert_eq!(code, 28, "{out}");
    assert!(last_why(&t).contains("no route"), "{}", last_why(&t));
}

#[test]
fn a_server_started_but_not_enabled_is_gone_after_a_restart() {
    let mut t = Term::new(34);
    let script = "#!/bin/bash\nyum install -y httpd\nsystemctl start httpd\n";
    let (id, _, sg) = web_server(&mut t, script);
    t.ok(&format!(
        "aws ec2 authorize-security-group-ingress --group-id {sg} --ip-protocol tcp --from-port 80 --to-port 80 --cidr-ip 0.0.0.0/0"
    ));
    t.world.advance(SimDuration::minutes(2));
    let (eip, alloc) = address(&mut t);
    t.ok(&format!("aws ec2 associate-address --allocation-id {alloc} --instance-id {id}"));
    let (code, out) = curl(&mut t, &format!("http://{eip}/"));
    assert_eq!((code, out.contains("It works!")), (0, true), "{out}");
    t.ok(&format!("aws ec2 stop-instances --instance-ids {id}"));
    t.world.advance(SimDuration::minutes(1));
    assert_eq!(curl(&mut t, &format!("http://{eip}/")).0, 28, "a stopped instance answers nothing");
    t.ok(&format!("aws ec2 start-instances --instance-ids {id}"));
    t.world.advance(SimDuration::minutes(3));
    assert_eq!(curl(&mut t, &format!("http://{eip}/")).0, 7);
    assert!(last_why(&t).contains("never enabled"), "{}", last_why(&t));
}
