//! The template reader never panics: random text, garbled valid templates and random
//! intrinsic-function trees all give a result or an AWS-worded error with a place. Plus the
//! chain-200 workload end to end and the 500-resource planning time.

use nimbus_sim::services::cloudformation::providers::attributes_of;
use nimbus_sim::services::cloudformation::template;
use nimbus_sim::services::cloudformation::*;
use nimbus_sim::{Request, Response, World};
use proptest::prelude::*;

const VALID: &str = "AWSTemplateFormatVersion: '2010-09-09'
Description: sample
Parameters:
  Env: {Type: String, Default: dev, AllowedValues: [dev, prod]}
  Ports: {Type: List<Number>, Default: '80,443'}
Mappings:
  M:
    us-east-1: {Ami: ami-1}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      Tags: [{Key: env, Value: !Ref Env}]
  Queue:
    Type: AWS::SQS::Queue
    Condition: IsProd
    Properties:
      QueueName: !Sub '${AWS::StackName}-${Bucket}'
  Policy:
    Type: AWS::S3::BucketPolicy
    DependsOn: [Bucket]
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument: {Statement: [{Effect: Allow, Resource: !GetAtt Bucket.Arn}]}
Outputs:
  A: {Value: !Join ['-', [!Select [0, !GetAZs ''], !FindInMap [M, !Ref 'AWS::Region', Ami]]]}
  B: {Value: !If [IsProd, !GetAtt Queue.Arn, none], Export: {Name: !Sub '${AWS::StackName}-b'}}
";

/// Reads and plans; any outcome is fine as long as nothing panics and errors have text.
fn read_and_plan(body: &str) {
    match template::read(body) {
        Ok(t) => {
            if let Err(e) = template::plan(&t, None, &attributes_of) {
                assert!(!e.message.is_empty());
            }
        }
        Err(e) => assert!(!e.message.is_empty()),
    }
}

fn call(world: &mut World, r: CloudFormationRequest) -> Result<CloudFormationResponse, nimbus_sim::ApiError> {
    match world.call(Request::CloudFormation(r)) {
        Ok(Response::CloudFormation(out)) => Ok(out),
        Ok(_) => unreachable!(),
        Err(e) => Err(e),
    }
}

fn intrinsic() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("x".to_string()),
        Just("''".to_string()),
        Just("!Ref Env".to_string()),
        Just("!Ref Bucket".to_string()),
        Just("!Ref Nope".to_string()),
        Just("!Ref 'AWS::Region'".to_string()),
        Just("!GetAtt Bucket.Arn".to_string()),
        Just("!GetAtt Nope.Arn".to_string()),
        Just("!Sub '${Bucket}-${!x}-${'".to_string()),
        Just("[1, 2]".to_string()),
        Just("!GetAZs ''".to_string()),
        Just("{}".to_string()),
    ];
    leaf.prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("!Join ['-', [{a}, {b}]]")),
            (any::<u8>(), inner.clone()).prop_map(|(i, l)| format!("!Select [{i}, {l}]")),
            inner.clone().prop_map(|a| format!("!Split [',', {a}]")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("!If [IsProd, {a}, {b}]")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("!FindInMap [M, {a}, {b}]")),
            inner.clone().prop_map(|a| format!("!Base64 {a}")),
            inner.clone().prop_map(|a| format!("{{'Fn::ImportValue': {a}}}")),
            (inner.clone(), inner.clone(), inner).prop_map(|(a, b, c)| format!("!Cidr [{a}, {b}, {c}]")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(body in "\\PC{0,300}") {
        read_and_plan(&body);
    }

    #[test]
    fn template_like_text_never_panics(body in "[-:!{}\\[\\]&*' \n\tA-Za-z0-9${}.,\"|>#]{0,400}") {
        read_and_plan(&body);
        read_and_plan(&format!("{{{body}"));
    }

    #[test]
    fn garbled_templates_never_panic(cut in 0usize..1200, insert in "[-:!{}\\[\\]&*'\" \n]{0,6}", json in any::<bool>()) {
        let source = if json {
            let t = template::read(VALID).unwrap();
            let _ = t;
            serde_json::to_string_pretty(&template::parse::parse(VALID).unwrap().to_json()).unwrap()
        } else {
            VALID.to_string()
        };
        let mut at = cut.min(source.len());
        while !source.is_char_boundary(at) {
            at -= 1;
        }
        let garbled = format!("{}{}{}", &source[..at], insert, &source[at..]);
        read_and_plan(&garbled);
        read_and_plan(&source[..at]);
    }

    #[test]
    fn random_intrinsics_never_panic_even_when_run(expr in intrinsic()) {
        let body = VALID.replace("!Ref Env}]", &format!("{expr}}}]"));
        read_and_plan(&body);
        let mut w = World::new(1);
        let _ = call(&mut w, CloudFormationRequest::CreateStack(CreateStackRequest {
            stack_name: "p".into(),
            template_body: Some(body),
            parameters: vec![Parameter::new("Env", "prod")],
            ..Default::default()
        }));
        for _ in 0..20 {
            if w.advance_to_next_deadline() == 0 { break; }
        }
    }
}

#[test]
fn the_valid_sample_plans_in_three_waves() {
    let t = template::read(VALID).unwrap();
    let plan = template::plan(&t, None, &attributes_of).unwrap();
    assert_eq!(plan.waves, vec![vec!["Bucket"], vec!["Queue", "Policy"]]);
    let json = serde_json::to_string(&template::parse::parse(VALID).unwrap().to_json()).unwrap();
    assert_eq!(template::read(&json).unwrap().resources.len(), 3);
}

fn chain(n: usize) -> String {
    let mut body = String::from("Resources:\n  Q0: {Type: AWS::SQS::Queue}\n");
    for i in 1..n {
        body.push_str(&format!("  Q{i}: {{Type: AWS::SQS::Queue, DependsOn: Q{}}}\n", i - 1));
    }
    body
}

#[test]
fn chain_of_200_creates_and_deletes_in_order() {
    let mut w = World::new(1);
    let start = w.now();
    let CloudFormationResponse::CreateStack(c) = call(
        &mut w,
        CloudFormationRequest::CreateStack(CreateStackRequest {
            stack_name: "chain".into(),
            template_body: Some(chain(200)),
            ..Default::default()
        }),
    )
    .unwrap() else {
        panic!()
    };
    let status = |w: &World| w.cloudformation.stacks[&c.stack_id].status.as_str();
    while status(&w) == "CREATE_IN_PROGRESS" {
        assert!(w.advance_to_next_deadline() > 0, "the stack stalled");
    }
    assert_eq!(status(&w), "CREATE_COMPLETE");
    assert_eq!((w.now() - start).as_seconds(), 200, "one queue a second, one after the other");
    assert_eq!(w.sqs.queues.len(), 200);
    call(
        &mut w,
        CloudFormationRequest::DeleteStack(DeleteStackRequest { stack_name: "chain".into(), ..Default::default() }),
    )
    .unwrap();
    while status(&w) == "DELETE_IN_PROGRESS" {
        assert!(w.advance_to_next_deadline() > 0, "the stack stalled");
    }
    assert_eq!(status(&w), "DELETE_COMPLETE");
    assert!(w.sqs.queues.is_empty());
    let deletes: Vec<&str> = w.cloudformation.stacks[&c.stack_id]
        .events
        .iter()
        .filter(|e| e.status == "DELETE_IN_PROGRESS" && e.resource_type == "AWS::SQS::Queue")
        .map(|e| e.logical_id.as_str())
        .collect();
    assert_eq!(deletes.first(), Some(&"Q199"));
    assert_eq!(deletes.last(), Some(&"Q0"));
}

#[test]
fn a_500_resource_template_parses_and_plans_quickly() {
    let mut body = String::from("Resources:\n");
    for i in 0..500 {
        let dep = if i == 0 { String::new() } else { format!(", DependsOn: R{}", i / 2) };
        body.push_str(&format!(
            "  R{i}: {{Type: AWS::SQS::Queue{dep}, Properties: {{QueueName: !Sub '${{AWS::Region}}{i}'}}}}\n"
        ));
    }
    assert!(body.len() < 51_200, "{} bytes", body.len());
    let started = std::time::Instant::now();
    let runs = 5;
    for _ in 0..runs {
        let t = template::read(&body).unwrap();
        let plan = template::plan(&t, None, &attributes_of).unwrap();
        assert_eq!(plan.resources.len(), 500);
        assert_eq!(plan.waves.len(), 10); // R0, then one wave per tree level (R(i) waits for R(i/2))
    }
    let per_run = started.elapsed() / runs;
    println!("parse+plan of 500 resources: {per_run:?}");
    // Generous for unoptimised test builds; release numbers are reported by the bench.
    assert!(per_run.as_millis() < 500, "{per_run:?}");
}
