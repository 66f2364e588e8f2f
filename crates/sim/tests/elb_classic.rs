//! Classic Load Balancers: creation in subnets or the default VPC's zones, instances that go
//! InService after the healthy threshold and OutOfService with AWS's reason codes when they
//! fail or stop, the health check target parser, and AWS's errors.

mod common;

use common::ec2::Term;
use common::elb::{classic, instance, network};
use nimbus_sim::services::elb::*;
use proptest::prelude::*;

const LISTENER: &str = "Protocol=HTTP,LoadBalancerPort=80,InstanceProtocol=HTTP,InstancePort=80";

#[test]
fn a_classic_load_balancer_in_two_subnets_describes_itself_as_aws_does() {
    let mut t = Term::new(51);
    let net = network(&mut t);
    let out = t.json(&format!(
        "aws elb create-load-balancer --load-balancer-name web --listeners {LISTENER} --subnets {} {} --security-groups {}",
        net.subnets[0], net.subnets[1], net.group
    ));
    let dns = out["DNSName"].as_str().unwrap().to_string();
    assert!(dns.starts_with("web-") && dns.ends_with(".us-east-1.elb.amazonaws.com"), "{dns}");
    let d = t.json("aws elb describe-load-balancers --load-balancer-names web")["LoadBalancerDescriptions"][0].clone();
    assert_eq!(d["DNSName"], dns.as_str());
    assert_eq!(d["CanonicalHostedZoneName"], dns.as_str());
    assert_eq!(d["CanonicalHostedZoneNameID"], "Z35SXDOTRQ7X7K");
    assert_eq!(d["VPCId"], net.vpc.as_str());
    assert_eq!(d["Scheme"], "internet-facing");
    assert_eq!(d["AvailabilityZones"], serde_json::json!(["us-east-1a", "us-east-1b"]));
    assert_eq!(d["ListenerDescriptions"][0]["Listener"]["InstancePort"], 80);
    assert_eq!(d["SourceSecurityGroup"]["GroupName"], "web");
    assert_eq!(d["SourceSecurityGroup"]["OwnerAlias"], "123456789012");
    assert_eq!(d["HealthCheck"]["Target"], "TCP:80");
    assert_eq!(d["HealthCheck"]["HealthyThreshold"], 10);
    assert_eq!(d["HealthCheck"]["UnhealthyThreshold"], 2);
    assert_eq!(d["HealthCheck"]["Interval"], 30);
    assert_eq!(d["HealthCheck"]["Timeout"], 5);

    // AWS's wire code for an unknown name is LoadBalancerNotFound.
    let err = t.fails("aws elb describe-load-balancers --load-balancer-names nope");
    assert!(err.contains("(LoadBalancerNotFound)"), "{err}");
    assert!(err.contains("There is no ACTIVE Load Balancer named 'nope'"), "{err}");
    let err = t.fails(&format!(
        "aws elb create-load-balancer --load-balancer-name web --listeners Protocol=TCP,LoadBalancerPort=22,InstancePort=22 --subnets {}",
        net.subnets[0]
    ));
    assert!(err.contains("(DuplicateLoadBalancerName)"), "{err}");
    let err = t.fails("aws elb create-load-balancer --load-balancer-name x --listeners Protocol=HTTPS,LoadBalancerPort=443,InstancePort=80 --availability-zones us-east-1a");
    assert!(err.contains("SSLCertificateId"), "{err}");

    t.ok("aws elb delete-load-balancer --load-balancer-name web");
    t.ok("aws elb delete-load-balancer --load-balancer-name web");
    assert_eq!(t.text("aws elb describe-load-balancers --query length(LoadBalancerDescriptions)"), "0");
}

#[test]
fn availability_zones_alone_put_the_load_balancer_in_the_default_vpc() {
    let mut t = Term::new(52);
    t.ok(&format!("aws elb create-load-balancer --load-balancer-name zones --listeners {LISTENER} --availability-zones us-east-1a us-east-1c --scheme internal"));
    let d = t.json("aws elb describe-load-balancers")["LoadBalancerDescriptions"][0].clone();
    let default_vpc = t.text("aws ec2 describe-vpcs --filters Name=is-default,Values=true --query Vpcs[0].VpcId");
    assert_eq!(d["VPCId"], default_vpc.as_str());
    assert_eq!(d["Subnets"].as_array().unwrap().len(), 2);
    assert!(d["DNSName"].as_str().unwrap().starts_with("internal-zones-"));
    assert_eq!(d["SourceSecurityGroup"]["GroupName"], "default");
}

fn health(t: &mut Term, id: &str) -> serde_json::Value {
    t.json(&format!("aws elb describe-instance-health --load-balancer-name web --instances InstanceId={id}"))
        ["InstanceStates"][0]
        .clone()
}

#[test]
fn instances_go_in_service_after_the_healthy_threshold_and_out_when_stopped() {
    let mut t = Term::new(53);
    let net = network(&mut t);
    let i1 = instance(&mut t, &net.subnets[0]);
    t.ok(&format!(
        "aws elb create-load-balancer --load-balancer-name web --listeners {LISTENER} --subnets {} {}",
        net.subnets[0], net.subnets[1]
    ));
    let out = t.json(
        "aws elb configure-health-check --load-balancer-name web --health-check Target=http:80/health,Interval=10,Timeout=5,UnhealthyThreshold=2,HealthyThreshold=3",
    );
    assert_eq!(out["HealthCheck"]["Target"], "HTTP:80/health");
    let err = t.fails("aws elb configure-health-check --load-balancer-name web --health-check Target=HTTP:80,Interval=10,Timeout=5,UnhealthyThreshold=2,HealthyThreshold=3");
    assert!(err.contains("(ValidationError)") && err.contains("path"), "{err}");
    let err = t.fails("aws elb configure-health-check --load-balancer-name web --health-check Target=TCP:80,Interval=5,Timeout=5,UnhealthyThreshold=2,HealthyThreshold=3");
    assert!(err.contains("Timeout must be less than Interval"), "{err}");

    let other =
        t.text(&format!("aws ec2 run-instances --image-id {} --query Instances[0].InstanceId", common::elb::AMI));
    let err = t.fails(&format!(
        "aws elb register-instances-with-load-balancer --load-balancer-name web --instances InstanceId={other}"
    ));
    assert!(err.contains("(InvalidInstance)") && err.contains("is not in VPC"), "{err}");

    // A booting (pending) instance would fail its checks: wait for it to run.
    t.ok("nimbus advance 30s");
    let out = t.json(&format!(
        "aws elb register-instances-with-load-balancer --load-balancer-name web --instances InstanceId={i1}"
    ));
    assert_eq!(out["Instances"][0]["InstanceId"], i1.as_str());
    let h = health(&mut t, &i1);
    assert_eq!(h["State"], "OutOfService");
    assert_eq!(h["ReasonCode"], "ELB");
    assert_eq!(h["Description"], "Instance registration is still in progress.");
    t.ok("nimbus advance 20s");
    let h = health(&mut t, &i1);
    assert_eq!(h["State"], "OutOfService", "two of three checks passed");
    assert_eq!(h["ReasonCode"], "Instance");
    t.ok("nimbus advance 10s");
    let h = health(&mut t, &i1);
    assert_eq!(h["State"], "InService");
    assert_eq!(h["ReasonCode"], "N/A");
    assert_eq!(h["Description"], "N/A");

    t.ok(&format!("aws ec2 stop-instances --instance-ids {i1}"));
    t.ok("nimbus advance 25s");
    let h = health(&mut t, &i1);
    assert_eq!(h["State"], "OutOfService");
    assert_eq!(
        h["Description"],
        "Instance has failed at least the UnhealthyThreshold number of health checks consecutively."
    );
    t.ok("nimbus advance 1m");
    let h = health(&mut t, &i1);
    assert_eq!(h["ReasonCode"], "Instance");
    assert_eq!(h["Description"], "Instance is in stopped state.");

    let out = t.json(&format!(
        "aws elb deregister-instances-from-load-balancer --load-balancer-name web --instances InstanceId={i1}"
    ));
    assert_eq!(out["Instances"].as_array().unwrap().len(), 0);
    let err =
        t.fails(&format!("aws elb describe-instance-health --load-balancer-name web --instances InstanceId={i1}"));
    assert!(err.contains("(InvalidInstance)"), "{err}");
}

#[test]
fn world_call_reaches_the_same_operations() {
    let mut t = Term::new(54);
    let err = classic(
        &mut t.world,
        ElbRequest::RegisterInstancesWithLoadBalancer(InstancesRequest {
            load_balancer_name: "ghost".into(),
            instances: vec![Instance { instance_id: "i-0123456789abcdef0".into() }],
        }),
    )
    .unwrap_err();
    assert_eq!((err.code.as_str(), err.status), ("LoadBalancerNotFound", 400));
    let err = classic(
        &mut t.world,
        ElbRequest::CreateLoadBalancer(CreateLoadBalancerRequest {
            load_balancer_name: "no-listeners".into(),
            availability_zones: vec!["us-east-1a".into()],
            ..Default::default()
        }),
    )
    .unwrap_err();
    assert_eq!(err.code, "ValidationError");
}

#[test]
fn health_check_targets_parse_as_configure_health_check_takes_them() {
    assert_eq!(parse_target("HTTP:80/index.html").unwrap().path.as_deref(), Some("/index.html"));
    assert_eq!(parse_target("ssl:443").unwrap().protocol, "SSL");
    for bad in ["HTTP:80", "TCP:80/x", "UDP:53", "TCP:0", "TCP:65536", "TCP", "", ":"] {
        assert!(parse_target(bad).is_err(), "{bad}");
    }
}

proptest! {
    #[test]
    fn any_health_check_target_text_parses_or_is_refused_without_panic(text in "\\PC{0,40}") {
        let _ = parse_target(&text);
    }

    #[test]
    fn well_formed_targets_round_trip(
        proto in prop::sample::select(vec!["HTTP", "HTTPS", "TCP", "SSL"]),
        port in 1u16..=65535,
        path in "/[a-z0-9/._-]{0,20}",
    ) {
        let text = if proto.starts_with("HTTP") { format!("{proto}:{port}{path}") } else { format!("{proto}:{port}") };
        let t = parse_target(&text).unwrap();
        prop_assert_eq!(t.protocol, proto);
        prop_assert_eq!(t.port, port);
        prop_assert_eq!(t.path.is_some(), proto.starts_with("HTTP"));
    }
}
