//! Load balancers made by CloudFormation through ELB's own calls: a VPC with two subnets, two
//! instances behind an Application Load Balancer's target group and listener. The stack is
//! complete once ELB says the load balancer is active; its targets turn healthy on the clock
//! and a stopped instance stops being healthy. A Classic Load Balancer stack registers its
//! instances and health check; drift sees what a learner changes by hand; the cost view
//! prices both.

mod common;

use common::ec2::Term;
use nimbus_sim::cli::FileSystem;
use nimbus_sim::services::cloudformation::cost;
use serde_json::Value as Json;

const WEB: &str = "\
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  SubnetA:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.1.0/24
      AvailabilityZone: !Select [0, !GetAZs '']
  SubnetB:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.2.0/24
      AvailabilityZone: !Select [1, !GetAZs '']
  WebGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: HTTP from anywhere
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 80
          ToPort: 80
          CidrIp: 0.0.0.0/0
  WebA:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0abcdef1234567890
      InstanceType: t3.micro
      SubnetId: !Ref SubnetA
      SecurityGroupIds: [!Ref WebGroup]
  WebB:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0abcdef1234567890
      InstanceType: t3.micro
      SubnetId: !Ref SubnetB
      SecurityGroupIds: [!Ref WebGroup]
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Subnets: [!Ref SubnetA, !Ref SubnetB]
      SecurityGroups: [!Ref WebGroup]
  Targets:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      Name: web-targets
      Protocol: HTTP
      Port: 80
      VpcId: !Ref Vpc
      HealthCheckPath: /health
      HealthCheckIntervalSeconds: 10
      HealthyThresholdCount: 3
      Targets:
        - Id: !Ref WebA
        - Id: !Ref WebB
  Http:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 80
      Protocol: HTTP
      DefaultActions:
        - Type: forward
          TargetGroupArn: !Ref Targets
Outputs:
  Url:
    Value: !Join ['', ['http://', !GetAtt Alb.DNSName]]
  Zone:
    Value: !GetAtt Alb.CanonicalHostedZoneID
  FullName:
    Value: !GetAtt Alb.LoadBalancerFullName
  Name:
    Value: !GetAtt Alb.LoadBalancerName
  Groups:
    Value: !GetAtt Alb.SecurityGroups
  TargetGroupName:
    Value: !GetAtt Targets.TargetGroupName
  TargetGroupFullName:
    Value: !GetAtt Targets.TargetGroupFullName
  ListenerArn:
    Value: !GetAtt Http.ListenerArn
";

fn create(t: &mut Term, stack: &str, template: &str) {
    t.fs.write(&format!("{stack}.yaml"), template.as_bytes()).unwrap();
    t.ok(&format!("aws cloudformation create-stack --stack-name {stack} --template-body file://{stack}.yaml"));
}

fn status(t: &mut Term, stack: &str) -> String {
    t.text(&format!("aws cloudformation describe-stacks --stack-name {stack} --query Stacks[0].StackStatus"))
}

fn physical(t: &mut Term, stack: &str, logical: &str) -> String {
    t.text(&format!(
        "aws cloudformation describe-stack-resources --stack-name {stack} --logical-resource-id {logical} --query StackResources[0].PhysicalResourceId"
    ))
}

fn outputs(t: &mut Term, stack: &str) -> Json {
    let out = t.json(&format!("aws cloudformation describe-stacks --stack-name {stack}"));
    let mut map = serde_json::Map::new();
    for o in out["Stacks"][0]["Outputs"].as_array().unwrap() {
        map.insert(o["OutputKey"].as_str().unwrap().to_string(), o["OutputValue"].clone());
    }
    Json::Object(map)
}

fn health(t: &mut Term, tg: &str, instance: &str) -> Json {
    t.json(&format!("aws elbv2 describe-target-health --target-group-arn {tg} --targets Id={instance}"))
        ["TargetHealthDescriptions"][0]["TargetHealth"]
        .clone()
}

#[test]
fn an_alb_stack_completes_when_active_and_its_targets_follow_their_instances() {
    let mut t = Term::new(61);
    create(&mut t, "web", WEB);
    // The load balancer provisions for about three minutes; the stack waits for `active`.
    t.ok("nimbus advance 2m");
    assert_eq!(status(&mut t, "web"), "CREATE_IN_PROGRESS");
    let alb = physical(&mut t, "web", "Alb");
    assert_eq!(
        t.text(&format!(
            "aws elbv2 describe-load-balancers --load-balancer-arns {alb} --query LoadBalancers[0].State.Code"
        )),
        "provisioning"
    );
    t.ok("aws cloudformation wait stack-create-complete --stack-name web");
    assert_eq!(status(&mut t, "web"), "CREATE_COMPLETE");
    assert_eq!(
        t.text(&format!(
            "aws elbv2 describe-load-balancers --load-balancer-arns {alb} --query LoadBalancers[0].State.Code"
        )),
        "active"
    );

    // Ref and GetAtt as the resource reference documents them.
    let lb =
        t.json(&format!("aws elbv2 describe-load-balancers --load-balancer-arns {alb}"))["LoadBalancers"][0].clone();
    let out = outputs(&mut t, "web");
    assert_eq!(out["Url"], format!("http://{}", lb["DNSName"].as_str().unwrap()).as_str());
    assert_eq!(out["Zone"], "Z35SXDOTRQ7X7K");
    let name = lb["LoadBalancerName"].as_str().unwrap();
    assert!(name.starts_with("web-Alb-") && name.len() <= 32, "{name}");
    assert_eq!(out["Name"], name);
    assert_eq!(out["FullName"], alb.split_once(":loadbalancer/").unwrap().1);
    let group = physical(&mut t, "web", "WebGroup");
    assert_eq!(out["Groups"], group.as_str());
    assert_eq!(out["TargetGroupName"], "web-targets");
    let tg = physical(&mut t, "web", "Targets");
    assert_eq!(out["TargetGroupFullName"], tg.rsplit_once(':').unwrap().1);
    assert!(out["TargetGroupFullName"].as_str().unwrap().starts_with("targetgroup/web-targets/"));
    assert_eq!(out["ListenerArn"], physical(&mut t, "web", "Http").as_str());

    // The targets pass three checks 10 s apart once the load balancer is active.
    let (a, b) = (physical(&mut t, "web", "WebA"), physical(&mut t, "web", "WebB"));
    t.ok("nimbus advance 40s");
    for i in [&a, &b] {
        assert_eq!(health(&mut t, &tg, i)["State"], "healthy", "{i}");
    }

    // A learner stops one instance: its checks fail, then it is unused in the stopped state.
    t.ok(&format!("aws ec2 stop-instances --instance-ids {a}"));
    t.ok("nimbus advance 25s");
    let h = health(&mut t, &tg, &a);
    assert_eq!(h["State"], "unhealthy");
    assert_eq!(h["Reason"], "Target.FailedHealthChecks");
    t.ok("nimbus advance 1m");
    let h = health(&mut t, &tg, &a);
    assert_eq!((h["State"].as_str(), h["Reason"].as_str()), (Some("unused"), Some("Target.InvalidState")));
    assert_eq!(health(&mut t, &tg, &b)["State"], "healthy");

    // The cost view prices the ALB by the hour (LCUs are not modelled).
    let stack = t.world.cloudformation.stacks.values().find(|s| s.name == "web").unwrap().clone();
    let estimate = cost::estimate(&t.world, &stack);
    let alb_line = estimate.lines.iter().find(|l| l.logical_id == "Alb").unwrap();
    assert!((alb_line.monthly - 0.0225 * 730.0).abs() < 1e-9, "{alb_line:?}");
    assert!(alb_line.basis.contains("LCUs not counted"), "{}", alb_line.basis);

    // Deleting the stack removes the listener, the target group and the load balancer.
    t.ok("aws cloudformation delete-stack --stack-name web");
    t.ok("aws cloudformation wait stack-delete-complete --stack-name web");
    assert_eq!(t.text("aws elbv2 describe-load-balancers --query length(LoadBalancers)"), "0");
    assert_eq!(t.text("aws elbv2 describe-target-groups --query length(TargetGroups)"), "0");
}

#[test]
fn drift_sees_targets_and_health_checks_changed_by_hand() {
    let mut t = Term::new(62);
    create(&mut t, "web", WEB);
    t.ok("aws cloudformation wait stack-create-complete --stack-name web");
    let tg = physical(&mut t, "web", "Targets");
    let a = physical(&mut t, "web", "WebA");
    let detect = |t: &mut Term| {
        let id = t.text("aws cloudformation detect-stack-drift --stack-name web --query StackDriftDetectionId");
        t.ok("nimbus advance 1m");
        t.text(&format!(
            "aws cloudformation describe-stack-drift-detection-status --stack-drift-detection-id {id} --query StackDriftStatus"
        ))
    };
    assert_eq!(detect(&mut t), "IN_SYNC");
    t.ok(&format!("aws elbv2 deregister-targets --target-group-arn {tg} --targets Id={a}"));
    t.ok(&format!("aws elbv2 modify-target-group --target-group-arn {tg} --health-check-path /"));
    t.ok("nimbus advance 10m");
    assert_eq!(detect(&mut t), "DRIFTED");
    let drifts = t.json(
        "aws cloudformation describe-stack-resource-drifts --stack-name web --stack-resource-drift-status-filters MODIFIED",
    );
    let d = &drifts["StackResourceDrifts"][0];
    assert_eq!(d["LogicalResourceId"], "Targets");
    let paths: Vec<&str> =
        d["PropertyDifferences"].as_array().unwrap().iter().map(|p| p["PropertyPath"].as_str().unwrap()).collect();
    assert!(paths.contains(&"/HealthCheckPath"), "{paths:?}");
    assert!(paths.iter().any(|p| p.starts_with("/Targets/")), "{paths:?}");
}

const CLASSIC: &str = "\
Resources:
  Web:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0abcdef1234567890
      InstanceType: t3.micro
  Classic:
    Type: AWS::ElasticLoadBalancing::LoadBalancer
    Properties:
      LoadBalancerName: classic-web
      AvailabilityZones: !GetAZs ''
      Instances: [!Ref Web]
      Listeners:
        - LoadBalancerPort: '80'
          InstancePort: '80'
          Protocol: HTTP
      HealthCheck:
        Target: HTTP:80/
        HealthyThreshold: '3'
        UnhealthyThreshold: '5'
        Interval: '30'
        Timeout: '5'
Outputs:
  Name:
    Value: !Ref Classic
  Dns:
    Value: !GetAtt Classic.DNSName
  ZoneName:
    Value: !GetAtt Classic.CanonicalHostedZoneName
  ZoneId:
    Value: !GetAtt Classic.CanonicalHostedZoneNameID
  Group:
    Value: !GetAtt Classic.SourceSecurityGroup.GroupName
  Owner:
    Value: !GetAtt Classic.SourceSecurityGroup.OwnerAlias
";

#[test]
fn a_classic_load_balancer_stack_registers_its_instance_and_health_check() {
    let mut t = Term::new(63);
    create(&mut t, "classic", CLASSIC);
    t.ok("aws cloudformation wait stack-create-complete --stack-name classic");
    assert_eq!(status(&mut t, "classic"), "CREATE_COMPLETE");
    let out = outputs(&mut t, "classic");
    assert_eq!(out["Name"], "classic-web");
    let d = t.json("aws elb describe-load-balancers --load-balancer-names classic-web")["LoadBalancerDescriptions"][0]
        .clone();
    assert_eq!(out["Dns"], d["DNSName"]);
    assert_eq!(out["ZoneName"], d["DNSName"]);
    assert_eq!(out["ZoneId"], "Z35SXDOTRQ7X7K");
    assert_eq!(out["Group"], "default");
    assert_eq!(out["Owner"], "123456789012");
    assert_eq!(d["HealthCheck"]["Target"], "HTTP:80/");
    assert_eq!(d["HealthCheck"]["HealthyThreshold"], 3);
    let web = physical(&mut t, "classic", "Web");
    assert_eq!(d["Instances"][0]["InstanceId"], web.as_str());
    t.ok("nimbus advance 2m");
    let h = t.json(&format!(
        "aws elb describe-instance-health --load-balancer-name classic-web --instances InstanceId={web}"
    ));
    assert_eq!(h["InstanceStates"][0]["State"], "InService");

    let stack = t.world.cloudformation.stacks.values().find(|s| s.name == "classic").unwrap().clone();
    let line = cost::estimate(&t.world, &stack).lines.into_iter().find(|l| l.logical_id == "Classic").unwrap();
    assert!((line.monthly - 0.025 * 730.0).abs() < 1e-9, "{line:?}");

    t.ok("aws cloudformation delete-stack --stack-name classic");
    t.ok("aws cloudformation wait stack-delete-complete --stack-name classic");
    assert!(t
        .fails("aws elb describe-load-balancers --load-balancer-names classic-web")
        .contains("(LoadBalancerNotFound)"));
}

#[test]
fn a_one_subnet_alb_fails_the_stack_with_elbs_message() {
    let mut t = Term::new(64);
    let template = WEB.replace("Subnets: [!Ref SubnetA, !Ref SubnetB]", "Subnets: [!Ref SubnetA]");
    create(&mut t, "bad", &template);
    t.ok("nimbus advance 10m");
    let status = status(&mut t, "bad");
    assert!(status == "ROLLBACK_COMPLETE" || status == "ROLLBACK_IN_PROGRESS", "{status}");
    let events = t.json("aws cloudformation describe-stack-events --stack-name bad");
    let failed = events["StackEvents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["LogicalResourceId"] == "Alb" && e["ResourceStatus"] == "CREATE_FAILED")
        .cloned()
        .expect("the load balancer failed");
    let reason = failed["ResourceStatusReason"].as_str().unwrap();
    assert!(reason.contains("At least two subnets in two different Availability Zones must be specified"), "{reason}");
    assert!(
        reason.contains("Service: ElasticLoadBalancingV2") && reason.contains("Error Code: ValidationError"),
        "{reason}"
    );
}

#[test]
fn an_update_changes_the_health_check_and_targets_in_place_and_a_new_port_replaces_the_group() {
    let mut t = Term::new(65);
    let template = WEB.replace("      Name: web-targets\n", "");
    create(&mut t, "web", &template);
    t.ok("aws cloudformation wait stack-create-complete --stack-name web");
    let tg = physical(&mut t, "web", "Targets");
    let b = physical(&mut t, "web", "WebB");

    let changed = template
        .replace("HealthCheckPath: /health", "HealthCheckPath: /ready")
        .replace("        - Id: !Ref WebB\n", "");
    t.fs.write("web2.yaml", changed.as_bytes()).unwrap();
    t.ok("aws cloudformation update-stack --stack-name web --template-body file://web2.yaml");
    t.ok("aws cloudformation wait stack-update-complete --stack-name web");
    assert_eq!(physical(&mut t, "web", "Targets"), tg, "an in-place update keeps the group");
    let g = t.json(&format!("aws elbv2 describe-target-groups --target-group-arns {tg}"))["TargetGroups"][0].clone();
    assert_eq!(g["HealthCheckPath"], "/ready");
    assert_eq!(health(&mut t, &tg, &b)["State"], "draining", "the target the template dropped drains");

    // A new port needs a new target group; the listener follows it to the new ARN.
    let moved = changed.replace("      Port: 80\n      VpcId", "      Port: 8080\n      VpcId");
    t.fs.write("web3.yaml", moved.as_bytes()).unwrap();
    t.ok("aws cloudformation update-stack --stack-name web --template-body file://web3.yaml");
    t.ok("aws cloudformation wait stack-update-complete --stack-name web");
    let new_tg = physical(&mut t, "web", "Targets");
    assert_ne!(new_tg, tg);
    let listener = physical(&mut t, "web", "Http");
    let l = t.json(&format!("aws elbv2 describe-listeners --listener-arns {listener}"))["Listeners"][0].clone();
    assert_eq!(l["DefaultActions"][0]["TargetGroupArn"], new_tg.as_str());
    assert!(t
        .fails(&format!("aws elbv2 describe-target-groups --target-group-arns {tg}"))
        .contains("(TargetGroupNotFound)"));
}
