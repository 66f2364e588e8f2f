//! Application Load Balancers, target groups and listeners: provisioning on the clock, target
//! health from registration to healthy, failing checks when an instance stops, draining, and
//! AWS's errors, through the terminal and `World::call`.

mod common;

use common::ec2::Term;
use common::elb::{instance, network, v2};
use nimbus_sim::services::elbv2::*;
use nimbus_sim::SimDuration;

fn alb(t: &mut Term, name: &str, subnets: &[String], group: &str) -> serde_json::Value {
    t.json(&format!(
        "aws elbv2 create-load-balancer --name {name} --subnets {} --security-groups {group}",
        subnets.join(" ")
    ))
}

#[test]
fn an_application_load_balancer_provisions_for_minutes_and_refuses_one_subnet() {
    let mut t = Term::new(41);
    let net = network(&mut t);
    let err = t.fails(&format!("aws elbv2 create-load-balancer --name web --subnets {}", net.subnets[0]));
    assert!(err.contains("(ValidationError)"), "{err}");
    assert!(err.contains("At least two subnets in two different Availability Zones must be specified"), "{err}");

    let out = alb(&mut t, "web", &net.subnets, &net.group);
    let lb = &out["LoadBalancers"][0];
    assert_eq!(lb["State"]["Code"], "provisioning");
    assert_eq!(lb["Type"], "application");
    assert_eq!(lb["Scheme"], "internet-facing");
    assert_eq!(lb["VpcId"], net.vpc.as_str());
    assert_eq!(lb["CanonicalHostedZoneId"], "Z35SXDOTRQ7X7K");
    assert_eq!(lb["SecurityGroups"][0], net.group.as_str());
    let arn = lb["LoadBalancerArn"].as_str().unwrap().to_string();
    assert!(arn.starts_with("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/"), "{arn}");
    assert_eq!(arn.rsplit('/').next().unwrap().len(), 16);
    let dns = lb["DNSName"].as_str().unwrap();
    assert!(dns.starts_with("web-") && dns.ends_with(".us-east-1.elb.amazonaws.com"), "{dns}");
    let zones: Vec<&str> =
        lb["AvailabilityZones"].as_array().unwrap().iter().map(|z| z["ZoneName"].as_str().unwrap()).collect();
    assert_eq!(zones, ["us-east-1a", "us-east-1b"]);

    t.ok("nimbus advance 2m");
    assert_eq!(
        t.text("aws elbv2 describe-load-balancers --names web --query LoadBalancers[0].State.Code"),
        "provisioning"
    );
    t.ok("nimbus advance 1m");
    assert_eq!(
        t.text(&format!(
            "aws elbv2 describe-load-balancers --load-balancer-arns {arn} --query LoadBalancers[0].State.Code"
        )),
        "active"
    );

    let err = t.fails("aws elbv2 describe-load-balancers --names nope");
    assert!(err.contains("(LoadBalancerNotFound)"), "{err}");
    let err = alb_err(&mut t, &net.subnets);
    assert!(err.contains("(DuplicateLoadBalancerName)"), "{err}");

    // Deletion protection refuses the delete until it is turned off.
    t.ok(&format!(
        "aws elbv2 modify-load-balancer-attributes --load-balancer-arn {arn} --attributes Key=deletion_protection.enabled,Value=true"
    ));
    let err = t.fails(&format!("aws elbv2 delete-load-balancer --load-balancer-arn {arn}"));
    assert!(err.contains("(OperationNotPermitted)") && err.contains("deletion protection is enabled"), "{err}");
    t.ok(&format!(
        "aws elbv2 modify-load-balancer-attributes --load-balancer-arn {arn} --attributes Key=deletion_protection.enabled,Value=false"
    ));
    t.ok(&format!("aws elbv2 delete-load-balancer --load-balancer-arn {arn}"));
    assert_eq!(t.text("aws elbv2 describe-load-balancers --query length(LoadBalancers)"), "0");
}

/// The same name with other settings (an internal scheme).
fn alb_err(t: &mut Term, subnets: &[String]) -> String {
    t.fails(&format!("aws elbv2 create-load-balancer --name web --scheme internal --subnets {}", subnets.join(" ")))
}

#[test]
fn a_network_load_balancer_takes_one_subnet_and_has_its_own_dns_form() {
    let mut t = Term::new(42);
    let net = network(&mut t);
    let out = t.json(&format!(
        "aws elbv2 create-load-balancer --name tcp --type network --scheme internal --subnets {}",
        net.subnets[0]
    ));
    let lb = &out["LoadBalancers"][0];
    assert!(lb["LoadBalancerArn"].as_str().unwrap().contains(":loadbalancer/net/tcp/"));
    let dns = lb["DNSName"].as_str().unwrap();
    assert!(dns.starts_with("internal-tcp-") && dns.ends_with(".elb.us-east-1.amazonaws.com"), "{dns}");
    assert_eq!(lb["CanonicalHostedZoneId"], "Z26RNL4JYFTOTI");
    let err = t.fails(&format!(
        "aws elbv2 create-load-balancer --name bad --scheme public --subnets {}",
        net.subnets.join(" ")
    ));
    assert!(err.contains("(InvalidScheme)"), "{err}");
    let err = t
        .fails("aws elbv2 create-load-balancer --name bad --subnets subnet-0123456789abcdef0 subnet-0123456789abcdef1");
    assert!(err.contains("(SubnetNotFound)"), "{err}");
}

fn target_health(t: &mut Term, tg: &str) -> serde_json::Value {
    t.json(&format!("aws elbv2 describe-target-health --target-group-arn {tg}"))["TargetHealthDescriptions"].clone()
}

#[test]
fn targets_go_from_initial_to_healthy_and_fail_when_their_instance_stops() {
    let mut t = Term::new(43);
    let net = network(&mut t);
    let i1 = instance(&mut t, &net.subnets[0]);
    let i2 = instance(&mut t, &net.subnets[1]);
    let lb = alb(&mut t, "web", &net.subnets, &net.group)["LoadBalancers"][0]["LoadBalancerArn"]
        .as_str()
        .unwrap()
        .to_string();

    // AWS's health check defaults for an HTTP target group.
    let tg =
        t.json(&format!("aws elbv2 create-target-group --name web --protocol HTTP --port 80 --vpc-id {}", net.vpc));
    let g = &tg["TargetGroups"][0];
    assert_eq!(g["HealthCheckProtocol"], "HTTP");
    assert_eq!(g["HealthCheckPort"], "traffic-port");
    assert_eq!(g["HealthCheckPath"], "/");
    assert_eq!(g["HealthCheckIntervalSeconds"], 30);
    assert_eq!(g["HealthCheckTimeoutSeconds"], 5);
    assert_eq!(g["HealthyThresholdCount"], 5);
    assert_eq!(g["UnhealthyThresholdCount"], 2);
    assert_eq!(g["Matcher"]["HttpCode"], "200");
    assert_eq!(g["TargetType"], "instance");
    let tg = g["TargetGroupArn"].as_str().unwrap().to_string();
    assert!(tg.starts_with("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/"), "{tg}");
    // Faster checks for the test: every 10 s, two in a row decide.
    t.ok(&format!(
        "aws elbv2 modify-target-group --target-group-arn {tg} --health-check-interval-seconds 10 --healthy-threshold-count 2"
    ));

    // Not instances of this VPC, or no instance at all.
    let other =
        t.text(&format!("aws ec2 run-instances --image-id {} --query Instances[0].InstanceId", common::elb::AMI));
    let err = t.fails(&format!("aws elbv2 register-targets --target-group-arn {tg} --targets Id={other}"));
    assert!(err.contains("(InvalidTarget)") && err.contains("not in the target group VPC"), "{err}");
    let err = t.fails(&format!("aws elbv2 register-targets --target-group-arn {tg} --targets Id=i-0123456789abcdef0"));
    assert!(err.contains("(InvalidTarget)"), "{err}");

    t.ok(&format!("aws elbv2 register-targets --target-group-arn {tg} --targets Id={i1} Id={i2}"));
    let h = target_health(&mut t, &tg);
    assert_eq!(h.as_array().unwrap().len(), 2);
    assert_eq!(h[0]["TargetHealth"]["State"], "unused", "no listener forwards to the group yet");
    assert_eq!(h[0]["TargetHealth"]["Reason"], "Target.NotInUse");
    assert_eq!(h[0]["Target"]["Port"], 80);

    let listener = t.json(&format!(
        "aws elbv2 create-listener --load-balancer-arn {lb} --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn={tg}"
    ));
    let action = &listener["Listeners"][0]["DefaultActions"][0];
    assert_eq!(action["ForwardConfig"]["TargetGroups"][0]["TargetGroupArn"], tg.as_str());
    let err = t.fails(&format!(
        "aws elbv2 create-listener --load-balancer-arn {lb} --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn={tg}"
    ));
    assert!(err.contains("(DuplicateListener)"), "{err}");
    let err = t.fails(&format!("aws elbv2 delete-target-group --target-group-arn {tg}"));
    assert!(err.contains("(ResourceInUse)"), "{err}");
    assert_eq!(
        t.text(&format!(
            "aws elbv2 describe-target-groups --target-group-arns {tg} --query TargetGroups[0].LoadBalancerArns[0]"
        )),
        lb
    );

    let h = target_health(&mut t, &tg);
    assert_eq!(h[0]["TargetHealth"]["State"], "initial");
    assert_eq!(h[0]["TargetHealth"]["Reason"], "Elb.RegistrationInProgress");
    // The load balancer is active after 3 minutes; two passed checks later the targets are healthy.
    t.ok("nimbus advance 3m25s");
    let h = target_health(&mut t, &tg);
    for d in h.as_array().unwrap() {
        assert_eq!(d["TargetHealth"]["State"], "healthy", "{d}");
        assert!(d["TargetHealth"].get("Reason").is_none());
    }

    // Stopping: the checks fail while the instance stops, then it is unused in stopped state.
    t.ok(&format!("aws ec2 stop-instances --instance-ids {i1}"));
    t.ok("nimbus advance 25s");
    let h = target_health(&mut t, &tg);
    let d1 = h.as_array().unwrap().iter().find(|d| d["Target"]["Id"] == i1.as_str()).unwrap();
    assert_eq!(d1["TargetHealth"]["State"], "unhealthy", "{d1}");
    assert_eq!(d1["TargetHealth"]["Reason"], "Target.FailedHealthChecks");
    assert_eq!(d1["TargetHealth"]["Description"], "Health checks failed");
    t.ok("nimbus advance 1m");
    let h = target_health(&mut t, &tg);
    let d1 = h.as_array().unwrap().iter().find(|d| d["Target"]["Id"] == i1.as_str()).unwrap();
    assert_eq!(d1["TargetHealth"]["State"], "unused");
    assert_eq!(d1["TargetHealth"]["Reason"], "Target.InvalidState");
    assert_eq!(d1["TargetHealth"]["Description"], "Target is in the stopped state");
    let d2 = h.as_array().unwrap().iter().find(|d| d["Target"]["Id"] == i2.as_str()).unwrap();
    assert_eq!(d2["TargetHealth"]["State"], "healthy", "the other target is untouched");

    // Started again, it boots and passes its checks anew.
    t.ok(&format!("aws ec2 start-instances --instance-ids {i1}"));
    t.ok("nimbus advance 1m");
    assert_eq!(
        t.text(&format!("aws elbv2 describe-target-health --target-group-arn {tg} --targets Id={i1} --query TargetHealthDescriptions[0].TargetHealth.State")),
        "healthy"
    );
}

#[test]
fn deregistered_targets_drain_for_the_deregistration_delay() {
    let mut t = Term::new(44);
    let net = network(&mut t);
    let i1 = instance(&mut t, &net.subnets[0]);
    let lb = alb(&mut t, "web", &net.subnets, &net.group)["LoadBalancers"][0]["LoadBalancerArn"]
        .as_str()
        .unwrap()
        .to_string();
    let tg = t.text(&format!("aws elbv2 create-target-group --name web --protocol HTTP --port 8080 --vpc-id {} --query TargetGroups[0].TargetGroupArn", net.vpc));
    t.ok(&format!("aws elbv2 create-listener --load-balancer-arn {lb} --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn={tg}"));
    t.ok(&format!("aws elbv2 register-targets --target-group-arn {tg} --targets Id={i1}"));
    t.ok("nimbus advance 10m");
    assert_eq!(t.text(&format!("aws elbv2 describe-target-health --target-group-arn {tg} --query TargetHealthDescriptions[0].TargetHealth.State")), "healthy");

    t.ok(&format!("aws elbv2 deregister-targets --target-group-arn {tg} --targets Id={i1}"));
    let h = target_health(&mut t, &tg);
    assert_eq!(h[0]["TargetHealth"]["State"], "draining");
    assert_eq!(h[0]["TargetHealth"]["Reason"], "Target.DeregistrationInProgress");
    t.ok("nimbus advance 299s");
    assert_eq!(target_health(&mut t, &tg)[0]["TargetHealth"]["State"], "draining");
    t.ok("nimbus advance 1s");
    assert_eq!(target_health(&mut t, &tg).as_array().unwrap().len(), 0);
    let h = t.json(&format!("aws elbv2 describe-target-health --target-group-arn {tg} --targets Id={i1}"));
    let d = &h["TargetHealthDescriptions"][0];
    assert_eq!(d["TargetHealth"]["State"], "unused");
    assert_eq!(d["TargetHealth"]["Reason"], "Target.NotRegistered");
    assert_eq!(d["Target"]["Port"], 8080);
    let err = t.fails(&format!("aws elbv2 deregister-targets --target-group-arn {tg} --targets Id={i1}"));
    assert!(err.contains("(InvalidTarget)"), "{err}");
}

#[test]
fn listeners_change_and_go_and_tags_follow_the_arn() {
    let mut t = Term::new(45);
    let net = network(&mut t);
    let lb = alb(&mut t, "web", &net.subnets, &net.group)["LoadBalancers"][0]["LoadBalancerArn"]
        .as_str()
        .unwrap()
        .to_string();
    let tg = t.text(&format!("aws elbv2 create-target-group --name web --protocol HTTP --port 80 --vpc-id {} --query TargetGroups[0].TargetGroupArn", net.vpc));
    let l = t.text(&format!(
        "aws elbv2 create-listener --load-balancer-arn {lb} --port 80 --default-actions Type=forward,TargetGroupArn={tg} --query Listeners[0].ListenerArn"
    ));
    assert!(l.contains(":listener/app/web/"), "{l}");
    let err = t.fails(&format!("aws elbv2 create-listener --load-balancer-arn {lb} --protocol TCP --port 81 --default-actions Type=forward,TargetGroupArn={tg}"));
    assert!(err.contains("(UnsupportedProtocol)"), "{err}");
    let err = t.fails(&format!("aws elbv2 create-listener --load-balancer-arn {lb} --protocol HTTPS --port 443 --default-actions Type=forward,TargetGroupArn={tg}"));
    assert!(err.contains("(ValidationError)") && err.contains("certificate"), "{err}");

    let out = t.json(&format!(
        "aws elbv2 modify-listener --listener-arn {l} --default-actions Type=fixed-response,FixedResponseConfig={{StatusCode=503,ContentType=text/plain,MessageBody=down}}"
    ));
    assert_eq!(out["Listeners"][0]["DefaultActions"][0]["FixedResponseConfig"]["StatusCode"], "503");
    // No listener forwards to the group now, so it can go.
    assert_eq!(t.text(&format!("aws elbv2 describe-target-groups --target-group-arns {tg} --query length(TargetGroups[0].LoadBalancerArns)")), "0");

    t.ok(&format!("aws elbv2 add-tags --resource-arns {lb} {tg} --tags Key=team,Value=web"));
    let tags = t.json(&format!("aws elbv2 describe-tags --resource-arns {lb} {tg}"));
    assert_eq!(tags["TagDescriptions"][1]["Tags"][0]["Key"], "team");
    assert_eq!(tags["TagDescriptions"][0]["ResourceArn"], lb.as_str());

    t.ok(&format!("aws elbv2 delete-listener --listener-arn {l}"));
    let err = t.fails(&format!("aws elbv2 describe-listeners --listener-arns {l}"));
    assert!(err.contains("(ListenerNotFound)"), "{err}");
    t.ok(&format!("aws elbv2 delete-target-group --target-group-arn {tg}"));
    let err = t.fails(&format!("aws elbv2 describe-target-groups --target-group-arns {tg}"));
    assert!(err.contains("(TargetGroupNotFound)"), "{err}");
}

#[test]
fn world_call_registers_ip_targets_and_answers_with_aws_shapes() {
    let mut t = Term::new(46);
    let net = network(&mut t);
    let w = &mut t.world;
    let out = v2(
        w,
        Elbv2Request::CreateTargetGroup(CreateTargetGroupRequest {
            name: "ips".into(),
            protocol: Some("TCP".into()),
            port: Some(443),
            vpc_id: Some(net.vpc.clone()),
            target_type: Some("ip".into()),
            ..Default::default()
        }),
    )
    .unwrap();
    let Elbv2Response::CreateTargetGroup(out) = out else { panic!() };
    let g = &out.target_groups[0];
    assert_eq!(g.health_check_protocol, "TCP");
    assert_eq!(g.health_check_timeout_seconds, 10);
    assert!(g.health_check_path.is_none() && g.matcher.is_none());
    let err = v2(
        w,
        Elbv2Request::RegisterTargets(TargetsRequest {
            target_group_arn: g.target_group_arn.clone(),
            targets: vec![TargetDescription { id: "not-an-ip".into(), ..Default::default() }],
        }),
    )
    .unwrap_err();
    assert_eq!(err.code, "InvalidTarget");
    let err = v2(
        w,
        Elbv2Request::CreateTargetGroup(CreateTargetGroupRequest {
            name: "noport".into(),
            protocol: Some("HTTP".into()),
            vpc_id: Some(net.vpc.clone()),
            ..Default::default()
        }),
    )
    .unwrap_err();
    assert_eq!(err.code, "ValidationError");
    let err = v2(
        w,
        Elbv2Request::CreateTargetGroup(CreateTargetGroupRequest {
            name: "ips".into(),
            protocol: Some("HTTP".into()),
            port: Some(80),
            vpc_id: Some(net.vpc.clone()),
            ..Default::default()
        }),
    )
    .unwrap_err();
    assert_eq!(err.code, "DuplicateTargetGroupName");
    w.advance(SimDuration::minutes(1));
    let last = w.trail().events().last().unwrap();
    assert_eq!(last.service, "elbv2");
}
