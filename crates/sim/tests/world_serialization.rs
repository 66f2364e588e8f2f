//! A World with S3 state survives a save and load unchanged, and the seeded generator carries
//! on exactly where it was: the same calls after a restore give the same version ids.

use nimbus_sim::services::s3::*;
use nimbus_sim::{Bytes, Request, Response, SimDuration, World};

fn s3(w: &mut World, r: S3Request) -> Response {
    w.call(Request::S3(r)).unwrap()
}

fn busy_world() -> World {
    let mut w = World::new(2026);
    s3(&mut w, S3Request::CreateBucket(CreateBucketRequest { bucket: "saved".into(), ..Default::default() }));
    s3(
        &mut w,
        S3Request::PutBucketVersioning(PutBucketVersioningRequest {
            bucket: "saved".into(),
            versioning_configuration: VersioningConfiguration { status: Some("Enabled".into()) },
        }),
    );
    for body in ["one", "two"] {
        s3(
            &mut w,
            S3Request::PutObject(PutObjectRequest {
                bucket: "saved".into(),
                key: "k".into(),
                body: Bytes::from(body),
                ..Default::default()
            }),
        );
    }
    s3(
        &mut w,
        S3Request::DeleteObject(DeleteObjectRequest { bucket: "saved".into(), key: "k".into(), version_id: None }),
    );
    s3(
        &mut w,
        S3Request::PutBucketTagging(PutBucketTaggingRequest {
            bucket: "saved".into(),
            tagging: Tagging { tag_set: vec![Tag { key: "env".into(), value: "lab".into() }] },
        }),
    );
    w.advance(SimDuration::minutes(5));
    w
}

fn next_version_id(w: &mut World) -> String {
    let out = s3(
        w,
        S3Request::PutObject(PutObjectRequest { bucket: "saved".into(), key: "next".into(), ..Default::default() }),
    );
    match out {
        Response::S3(S3Response::PutObject(o)) => o.version_id.expect("versioning is enabled"),
        #[allow(unreachable_patterns)]
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_world_round_trips_through_json() {
    let w = busy_world();
    let restored = World::from_json(&w.to_json()).expect("a saved World loads");
    assert_eq!(restored, w);
    assert_eq!(restored.to_json(), w.to_json());
    assert_eq!(restored.s3.buckets["saved"].objects["k"].versions.len(), 3);
}

#[test]
fn a_restored_world_draws_the_same_ids() {
    let mut original = busy_world();
    let mut restored = World::from_json(&original.to_json()).unwrap();
    let a: Vec<String> = (0..3).map(|_| next_version_id(&mut original)).collect();
    let b: Vec<String> = (0..3).map(|_| next_version_id(&mut restored)).collect();
    assert_eq!(a, b);
    assert_eq!(original, restored);
}

#[test]
fn the_same_seed_and_calls_give_the_same_world() {
    assert_eq!(busy_world(), busy_world());
}

#[test]
fn a_damaged_save_gives_a_message_not_a_panic() {
    let json = busy_world().to_json();
    for broken in [&json[..json.len() / 2], "", "{}", "[1,2,3]"] {
        let e = World::from_json(broken).unwrap_err();
        assert!(e.starts_with("this save cannot be read"), "{e}");
    }
}

/// Every service a CloudFormation stack can reach keeps state that must save: a template with
/// a load-balanced Auto Scaling group, queues, a topic, a function, a database and an alarm.
#[test]
fn a_world_with_every_service_round_trips_through_json() {
    use nimbus_sim::cli::{run_line, FileSystem, MemoryFs};
    let mut w = World::new(5);
    let mut fs = MemoryFs::new();
    let template = r#"Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  A: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24, AvailabilityZone: us-east-1a}}
  B: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: us-east-1b}}
  Targets: {Type: AWS::ElasticLoadBalancingV2::TargetGroup, Properties: {VpcId: !Ref Vpc, Protocol: HTTP, Port: 80}}
  Config: {Type: AWS::AutoScaling::LaunchConfiguration, Properties: {ImageId: ami-0abcdef1234567890, InstanceType: t3.micro}}
  Group:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties: {LaunchConfigurationName: !Ref Config, MinSize: 1, MaxSize: 2, VPCZoneIdentifier: [!Ref A, !Ref B], TargetGroupARNs: [!Ref Targets]}
  Jobs: {Type: AWS::SQS::Queue}
  News: {Type: AWS::SNS::Topic, Properties: {Subscription: [{Protocol: sqs, Endpoint: !GetAtt Jobs.Arn}]}}
  Busy:
    Type: AWS::CloudWatch::Alarm
    Properties: {MetricName: CPUUtilization, Namespace: AWS/EC2, Statistic: Average, Period: 60, EvaluationPeriods: 1, Threshold: 80, ComparisonOperator: GreaterThanThreshold}
"#;
    fs.write("t.yaml", template.as_bytes()).unwrap();
    let out =
        run_line(&mut w, &mut fs, "aws cloudformation create-stack --stack-name all --template-body file://t.yaml");
    assert_eq!(out.exit_code, 0, "{out:?}");
    let out = run_line(&mut w, &mut fs, "aws cloudformation wait stack-create-complete --stack-name all");
    assert_eq!(out.exit_code, 0, "{out:?}");
    assert_eq!(w.autoscaling.groups.len(), 1);
    let restored = World::from_json(&w.to_json()).expect("a saved World loads");
    assert_eq!(restored, w);
    assert_eq!(restored.to_json(), w.to_json());
}
