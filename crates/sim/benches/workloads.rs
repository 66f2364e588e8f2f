//! The engine workloads of shared/bench/WORKLOADS.md (those whose service is simulated so far),
//! plus Nimbus Lab's own S3 workload. Prints `name<TAB>ops<TAB>seconds<TAB>ops_per_second`.
//! Run: `cargo bench -p nimbus-sim --bench workloads` (optionally a name filter after `--`).

use nimbus_sim::services::kms::{CreateKeyRequest, DecryptRequest, EncryptRequest, KmsRequest, KmsResponse};
use nimbus_sim::services::route53::{self as r53, Route53Request, Route53Response};
use nimbus_sim::services::s3::*;
use nimbus_sim::{Bytes, Request, Response, World};
use std::time::Instant;

struct Workload {
    name: &'static str,
    /// Runs the workload on a fresh World and returns how many operations it made.
    run: fn() -> usize,
}

fn s3(world: &mut World, r: S3Request) -> S3Response {
    match world.call(Request::S3(r)) {
        Ok(Response::S3(out)) => out,
        Ok(other) => panic!("not an S3 response: {other:?}"),
        Err(e) => panic!("workload call failed: {e}"),
    }
}

fn kms(world: &mut World, r: KmsRequest) -> KmsResponse {
    match world.call(Request::Kms(r)) {
        Ok(Response::Kms(out)) => out,
        Ok(other) => panic!("not a KMS response: {other:?}"),
        Err(e) => panic!("workload call failed: {e}"),
    }
}

/// Create a bucket; 1,000 times PutObject `k{i}` with a 1 KiB body, GetObject it, check it matches.
fn s3_put_get_1k() -> usize {
    let mut w = World::new(1);
    s3(&mut w, S3Request::CreateBucket(CreateBucketRequest { bucket: "bench".into(), ..Default::default() }));
    let body = Bytes(vec![7u8; 1024]);
    for i in 0..1000 {
        let key = format!("k{}", i % 100);
        s3(
            &mut w,
            S3Request::PutObject(PutObjectRequest {
                bucket: "bench".into(),
                key: key.clone(),
                body: body.clone(),
                ..Default::default()
            }),
        );
        let S3Response::GetObject(got) =
            s3(&mut w, S3Request::GetObject(GetObjectRequest { bucket: "bench".into(), key, version_id: None }))
        else {
            unreachable!()
        };
        assert_eq!(got.body, body);
    }
    2001
}

/// Create one symmetric key; 2,000 times Encrypt a 1,024-byte plaintext, Decrypt it, check it matches.
fn kms_encrypt_decrypt_1k() -> usize {
    let mut w = World::new(1);
    let KmsResponse::CreateKey(key) = kms(&mut w, KmsRequest::CreateKey(CreateKeyRequest::default())) else {
        unreachable!()
    };
    let key_id = key.key_metadata.key_id;
    let plaintext = Bytes(vec![7u8; 1024]);
    for _ in 0..2000 {
        let KmsResponse::Encrypt(enc) = kms(
            &mut w,
            KmsRequest::Encrypt(EncryptRequest {
                key_id: key_id.clone(),
                plaintext: plaintext.clone(),
                ..Default::default()
            }),
        ) else {
            unreachable!()
        };
        let KmsResponse::Decrypt(dec) = kms(
            &mut w,
            KmsRequest::Decrypt(DecryptRequest { ciphertext_blob: enc.ciphertext_blob, ..Default::default() }),
        ) else {
            unreachable!()
        };
        assert_eq!(dec.plaintext, plaintext);
    }
    4001
}

fn route53(world: &mut World, r: Route53Request) -> Route53Response {
    match world.call(Request::Route53(r)) {
        Ok(Response::Route53(out)) => out,
        Ok(other) => panic!("not a Route 53 response: {other:?}"),
        Err(e) => panic!("workload call failed: {e}"),
    }
}

fn weighted_a(name: String, id: String) -> r53::ResourceRecordSet {
    r53::ResourceRecordSet {
        name,
        record_type: "A".into(),
        set_identifier: Some(id),
        weight: Some(10),
        ttl: Some(60),
        resource_records: Some(vec![r53::ResourceRecord { value: "192.0.2.10".into() }]),
        ..Default::default()
    }
}

/// A hosted zone and its id.
fn hosted_zone(w: &mut World) -> String {
    let req = r53::CreateHostedZoneRequest {
        name: "example.com".into(),
        caller_reference: "bench".into(),
        ..Default::default()
    };
    let Route53Response::CreateHostedZone(out) = route53(w, Route53Request::CreateHostedZone(req)) else {
        unreachable!()
    };
    out.hosted_zone.id
}

/// Create a hosted zone; 1,000 ChangeResourceRecordSets, each an UPSERT of one weighted A record
/// `h{i}.example.com` (SetIdentifier `s{i}`, Weight 10, TTL 60).
fn route53_upsert_weighted_1k() -> usize {
    let mut w = World::new(1);
    let zone = hosted_zone(&mut w);
    for i in 0..1000 {
        let change = r53::Change {
            action: "UPSERT".into(),
            resource_record_set: weighted_a(format!("h{i}.example.com"), format!("s{i}")),
        };
        let req = r53::ChangeResourceRecordSetsRequest {
            hosted_zone_id: zone.clone(),
            change_batch: r53::ChangeBatch { comment: None, changes: vec![change] },
        };
        route53(&mut w, Route53Request::ChangeResourceRecordSets(req));
    }
    1001
}

/// Nimbus Lab's own: one name with 4 weighted A records (weights 10, 20, 30, 40) in a zone of
/// 1,000 records; 1,000,000 queries to Route 53 as resolvers and the traffic simulation ask
/// (the answer only), checking each answer has one value.
fn route53_resolve_weighted_1m() -> usize {
    resolve_weighted_1m(r53::resolve_unexplained)
}

/// The same queries with the trace a learner reads (`test-dns-answer`, `dig`).
fn route53_resolve_weighted_explained_1m() -> usize {
    resolve_weighted_1m(r53::resolve)
}

fn resolve_weighted_1m(resolve: fn(&mut World, &str, &str, &r53::Client) -> r53::Answer) -> usize {
    let mut w = World::new(1);
    let zone = hosted_zone(&mut w);
    let mut changes: Vec<r53::Change> = (0..4)
        .map(|i| {
            let mut set = weighted_a("app.example.com".into(), format!("w{i}"));
            set.weight = Some(10 * (i + 1));
            set.resource_records = Some(vec![r53::ResourceRecord { value: format!("192.0.2.{i}") }]);
            r53::Change { action: "CREATE".into(), resource_record_set: set }
        })
        .collect();
    changes.extend((0..996).map(|i| r53::Change {
        action: "CREATE".into(),
        resource_record_set: weighted_a(format!("h{i}.example.com"), format!("s{i}")),
    }));
    let req = r53::ChangeResourceRecordSetsRequest {
        hosted_zone_id: zone,
        change_batch: r53::ChangeBatch { comment: None, changes },
    };
    route53(&mut w, Route53Request::ChangeResourceRecordSets(req));
    let client = r53::Client::in_region("us-east-1");
    let n = 1_000_000;
    for _ in 0..n {
        let answer = resolve(&mut w, "app.example.com", "A", &client);
        assert_eq!(answer.records.len(), 1);
    }
    n
}

/// Nimbus Lab's own: the 90/10 weighted name of `route53_resolve_weighted_1m`'s kind; a
/// 10,000-query traffic simulation from four client locations, every query reaching Route 53
/// (no caches), then the same through the locations' resolvers over ten simulated minutes.
fn route53_traffic_10k() -> usize {
    use r53::resolver::Place;
    use r53::traffic::{simulate, Caching, ClientGroup, TrafficSpec};
    let mut w = World::new(1);
    let zone = hosted_zone(&mut w);
    let changes = [("stable", 90), ("canary", 10)]
        .iter()
        .enumerate()
        .map(|(i, (id, weight))| {
            let mut set = weighted_a("app.example.com".into(), id.to_string());
            set.weight = Some(*weight);
            set.resource_records = Some(vec![r53::ResourceRecord { value: format!("192.0.2.{i}") }]);
            r53::Change { action: "CREATE".into(), resource_record_set: set }
        })
        .collect();
    let req = r53::ChangeResourceRecordSetsRequest {
        hosted_zone_id: zone,
        change_batch: r53::ChangeBatch { comment: None, changes },
    };
    route53(&mut w, Route53Request::ChangeResourceRecordSets(req));
    let clients: Vec<ClientGroup> = ["us-east-1", "eu-west-1", "ap-northeast-1", "48.85,2.35"]
        .iter()
        .map(|p| ClientGroup { label: p.to_string(), place: Place::parse(p).unwrap(), ip: None, share: 1 })
        .collect();
    let mut spec = TrafficSpec {
        name: "app.example.com".into(),
        record_type: "A".into(),
        clients,
        queries: 10_000,
        span: nimbus_sim::SimDuration(0),
        caching: Caching::Off,
        slices: 20,
    };
    let report = simulate(&mut w, &spec).unwrap();
    assert_eq!(report.total, 10_000);
    spec.caching = Caching::Resolvers;
    spec.span = nimbus_sim::SimDuration::minutes(10);
    let report = simulate(&mut w, &spec).unwrap();
    assert_eq!(report.total, 10_000);
    20_000
}

/// One template of 200 `AWS::SQS::Queue` resources, each `DependsOn` the previous one; CreateStack,
/// then advance the clock and DescribeStacks until CREATE_COMPLETE; DeleteStack, then the same
/// until DELETE_COMPLETE. Every API call counts as an operation (the clock's jobs do not).
fn cfn_create_delete_chain_200() -> usize {
    use nimbus_sim::services::cloudformation::{
        CloudFormationRequest as Cfn, CloudFormationResponse as CfnOut, CreateStackRequest, DeleteStackRequest,
        DescribeStacksRequest,
    };
    fn call(w: &mut World, r: Cfn) -> CfnOut {
        match w.call(Request::CloudFormation(r)) {
            Ok(Response::CloudFormation(out)) => out,
            Ok(other) => panic!("not a CloudFormation response: {other:?}"),
            Err(e) => panic!("workload call failed: {e}"),
        }
    }
    fn wait(w: &mut World, stack_id: &str, ops: &mut usize, done: &str) {
        loop {
            w.advance_to_next_deadline();
            *ops += 1;
            let describe = DescribeStacksRequest { stack_name: Some(stack_id.into()), next_token: None };
            let CfnOut::DescribeStacks(d) = call(w, Cfn::DescribeStacks(describe)) else { unreachable!() };
            let status = &d.stacks[0].stack_status;
            if status == done {
                return;
            }
            assert!(status.ends_with("_IN_PROGRESS"), "the stack ended {status}");
        }
    }
    let mut body = String::from("Resources:\n  Q0: {Type: AWS::SQS::Queue}\n");
    for i in 1..200 {
        body.push_str(&format!("  Q{i}: {{Type: AWS::SQS::Queue, DependsOn: Q{}}}\n", i - 1));
    }
    let mut w = World::new(1);
    let create = CreateStackRequest { stack_name: "chain".into(), template_body: Some(body), ..Default::default() };
    let CfnOut::CreateStack(c) = call(&mut w, Cfn::CreateStack(create)) else { unreachable!() };
    let mut ops = 1;
    wait(&mut w, &c.stack_id, &mut ops, "CREATE_COMPLETE");
    call(&mut w, Cfn::DeleteStack(DeleteStackRequest { stack_name: "chain".into(), ..Default::default() }));
    ops += 1;
    wait(&mut w, &c.stack_id, &mut ops, "DELETE_COMPLETE");
    ops
}

/// 500 RunInstances in the default VPC, DescribeInstances of each by id, TerminateInstances of
/// each: 1,500 calls, with the instances' state jobs running on the clock in between.
fn ec2_run_describe_terminate_500() -> usize {
    use nimbus_sim::services::ec2::{
        DescribeInstancesRequest, Ec2Request, Ec2Response, InstanceIdsRequest, RunInstancesRequest,
    };
    fn call(w: &mut World, r: Ec2Request) -> Ec2Response {
        match w.call(Request::Ec2(r)) {
            Ok(Response::Ec2(out)) => out,
            Ok(other) => panic!("not an EC2 response: {other:?}"),
            Err(e) => panic!("workload call failed: {e}"),
        }
    }
    let mut w = World::new(1);
    let mut ids = Vec::new();
    for _ in 0..500 {
        let run = RunInstancesRequest { image_id: Some("ami-0abcdef1234567890".into()), ..Default::default() };
        let Ec2Response::RunInstances(r) = call(&mut w, Ec2Request::RunInstances(run)) else { unreachable!() };
        ids.push(r.instances[0].instance_id.clone());
    }
    w.advance(nimbus_sim::SimDuration::minutes(1));
    for id in &ids {
        let d = DescribeInstancesRequest { instance_ids: vec![id.clone()], ..Default::default() };
        call(&mut w, Ec2Request::DescribeInstances(d));
    }
    for id in &ids {
        call(
            &mut w,
            Ec2Request::TerminateInstances(InstanceIdsRequest { instance_ids: vec![id.clone()], force: None }),
        );
    }
    w.advance(nimbus_sim::SimDuration::hours(2));
    1500
}

/// A 500-resource template (100 groups of VPC, subnet, security group, bucket and queue, wired
/// with Ref, GetAtt, Sub and DependsOn) read, checked and planned by ValidateTemplate: the parse
/// and dependency graph a CreateStack starts with. One call a run.
fn cfn_validate_plan_500() -> usize {
    use nimbus_sim::services::cloudformation::{CloudFormationRequest as Cfn, ValidateTemplateRequest};
    let mut body = String::from("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n");
    // Flow style keeps the body under the 51,200-byte limit.
    for i in 0..100 {
        body.push_str(&format!(
            "  V{i}: {{Type: AWS::EC2::VPC, Properties: {{CidrBlock: 10.{i}.0.0/16}}}}\n\
             \x20 S{i}: {{Type: AWS::EC2::Subnet, Properties: {{VpcId: !Ref V{i}, CidrBlock: !Select [0, !Cidr [!GetAtt V{i}.CidrBlock, 2, 8]]}}}}\n\
             \x20 G{i}: {{Type: AWS::EC2::SecurityGroup, Properties: {{GroupDescription: !Sub 'web ${{V{i}}}', VpcId: !Ref V{i}}}}}\n\
             \x20 B{i}: {{Type: AWS::S3::Bucket, DependsOn: G{i}}}\n\
             \x20 Q{i}: {{Type: AWS::SQS::Queue, Properties: {{QueueName: !Sub '${{AWS::StackName}}-${{B{i}}}'}}}}\n"
        ));
    }
    assert!(body.len() <= 51_200, "{} bytes", body.len());
    let mut w = World::new(1);
    let r = Cfn::ValidateTemplate(ValidateTemplateRequest { template_body: Some(body), template_url: None });
    if let Err(e) = w.call(Request::CloudFormation(r)) {
        panic!("workload call failed: {e}");
    }
    1
}

const WORKLOADS: &[Workload] = &[
    Workload { name: "s3_put_get_1k", run: s3_put_get_1k },
    Workload { name: "kms_encrypt_decrypt_1k", run: kms_encrypt_decrypt_1k },
    Workload { name: "route53_upsert_weighted_1k", run: route53_upsert_weighted_1k },
    Workload { name: "route53_resolve_weighted_1m", run: route53_resolve_weighted_1m },
    Workload { name: "route53_resolve_weighted_explained_1m", run: route53_resolve_weighted_explained_1m },
    Workload { name: "route53_traffic_10k", run: route53_traffic_10k },
    Workload { name: "cfn_create_delete_chain_200", run: cfn_create_delete_chain_200 },
    Workload { name: "cfn_validate_plan_500", run: cfn_validate_plan_500 },
    Workload { name: "ec2_run_describe_terminate_500", run: ec2_run_describe_terminate_500 },
];

fn main() {
    let filter: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    for w in WORKLOADS {
        if !filter.is_empty() && !filter.iter().any(|f| w.name.contains(f.as_str())) {
            continue;
        }
        (w.run)(); // warm-up
        let runs = 5;
        let start = Instant::now();
        let mut ops = 0;
        for _ in 0..runs {
            ops += (w.run)();
        }
        let secs = start.elapsed().as_secs_f64();
        println!("{}\t{}\t{:.4}\t{:.0}", w.name, ops, secs, ops as f64 / secs);
    }
}
