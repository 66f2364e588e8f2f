//! CloudFormation end to end through `World::call`: templates, intrinsic functions and their
//! error texts, parameters, conditions, parallel waves on the clock, rollback, deletion order,
//! Retain, exports, and the S3 provider making real buckets.

use nimbus_sim::services::cloudformation::model::{ResourceStatus, StackStatus};
use nimbus_sim::services::cloudformation::template::intrinsics::{cidr, sub_parts, SubPart};
use nimbus_sim::services::cloudformation::template::{self, parse};
use nimbus_sim::services::cloudformation::*;
use nimbus_sim::services::s3::{self, S3Request, S3Response};
use nimbus_sim::{ApiError, Request, Response, SimDuration, World};

fn cfn(world: &mut World, r: CloudFormationRequest) -> Result<CloudFormationResponse, ApiError> {
    match world.call(Request::CloudFormation(r)) {
        Ok(Response::CloudFormation(out)) => Ok(out),
        Ok(other) => panic!("unexpected response {other:?}"),
        Err(e) => Err(e),
    }
}

fn create(world: &mut World, name: &str, body: &str, params: &[(&str, &str)]) -> Result<String, ApiError> {
    let r = cfn(
        world,
        CloudFormationRequest::CreateStack(CreateStackRequest {
            stack_name: name.into(),
            template_body: Some(body.into()),
            parameters: params.iter().map(|(k, v)| Parameter::new(k, v)).collect(),
            ..Default::default()
        }),
    )?;
    let CloudFormationResponse::CreateStack(out) = r else { panic!() };
    Ok(out.stack_id)
}

fn validate(body: &str) -> Result<ValidateTemplateOutput, ApiError> {
    let mut w = World::new(1);
    match cfn(
        &mut w,
        CloudFormationRequest::ValidateTemplate(ValidateTemplateRequest {
            template_body: Some(body.into()),
            template_url: None,
        }),
    )? {
        CloudFormationResponse::ValidateTemplate(o) => Ok(o),
        _ => panic!(),
    }
}

fn err_of(body: &str) -> String {
    let mut w = World::new(1);
    create(&mut w, "s", body, &[]).expect_err("the template should be refused").message
}

fn status(world: &mut World, name: &str) -> String {
    let CloudFormationResponse::DescribeStacks(d) = cfn(
        world,
        CloudFormationRequest::DescribeStacks(DescribeStacksRequest {
            stack_name: Some(name.into()),
            next_token: None,
        }),
    )
    .unwrap() else {
        panic!()
    };
    d.stacks[0].stack_status.clone()
}

fn events(world: &mut World, name: &str) -> Vec<StackEvent> {
    let CloudFormationResponse::DescribeStackEvents(e) = cfn(
        world,
        CloudFormationRequest::DescribeStackEvents(DescribeStackEventsRequest {
            stack_name: name.into(),
            next_token: None,
        }),
    )
    .unwrap() else {
        panic!()
    };
    e.stack_events
}

/// (logical id, status, reason) oldest first.
fn history(world: &mut World, name: &str) -> Vec<(String, String, Option<String>)> {
    events(world, name)
        .into_iter()
        .rev()
        .map(|e| (e.logical_resource_id, e.resource_status, e.resource_status_reason))
        .collect()
}

fn run_out(world: &mut World) {
    while world.next_deadline().is_some() {
        world.advance_to_next_deadline();
    }
}

fn outputs(world: &mut World, name: &str) -> Vec<(String, String)> {
    let CloudFormationResponse::DescribeStacks(d) = cfn(
        world,
        CloudFormationRequest::DescribeStacks(DescribeStacksRequest {
            stack_name: Some(name.into()),
            next_token: None,
        }),
    )
    .unwrap() else {
        panic!()
    };
    d.stacks[0].outputs.iter().map(|o| (o.output_key.clone(), o.output_value.clone())).collect()
}

fn bucket_names(world: &mut World) -> Vec<String> {
    let Ok(Response::S3(S3Response::ListBuckets(l))) =
        world.call(Request::S3(S3Request::ListBuckets(Default::default())))
    else {
        panic!()
    };
    l.buckets.into_iter().map(|b| b.name).collect()
}

/// A stack with one queue whose outputs show the value of `expr`, evaluated.
fn output_of(expr: &str, extra: &str) -> Result<String, ApiError> {
    let body = format!(
        "{extra}\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: q1\nOutputs:\n  Out:\n    Value: {expr}\n"
    );
    let mut w = World::new(3);
    create(&mut w, "st", &body, &[])?;
    run_out(&mut w);
    let s = status(&mut w, "st");
    if s != "CREATE_COMPLETE" {
        let reason = history(&mut w, "st")
            .into_iter()
            .find_map(|(_, st, r)| (st == "ROLLBACK_IN_PROGRESS").then_some(r))
            .flatten();
        // Evaluation errors of outputs fail the stack; the stack's reason carries the text.
        let reason = reason.map(|r| r.trim_end_matches(" Rollback requested by user.").to_string());
        return Err(ApiError::bad_request("StackFailed", reason.unwrap_or(s)));
    }
    Ok(outputs(&mut w, "st")[0].1.clone())
}

// ------------------------------------------------------------------------------- parsing

#[test]
fn yaml_short_tags_become_long_form_with_positions() {
    let n = parse::parse("A: !Ref B\nC: !GetAtt D.Arn\nE: !Sub 'x-${F}'\nG: !If [Cond, 1, 2]\n").unwrap();
    assert_eq!(n.get("A").unwrap().get("Ref").unwrap().as_str(), Some("B"));
    let ga = n.get("C").unwrap().get("Fn::GetAtt").unwrap().as_list().unwrap();
    assert_eq!((ga[0].as_str(), ga[1].as_str()), (Some("D"), Some("Arn")));
    assert_eq!(n.get("E").unwrap().get("Fn::Sub").unwrap().as_str(), Some("x-${F}"));
    assert_eq!(n.get("G").unwrap().get("Fn::If").unwrap().as_list().unwrap().len(), 3);
    let c = n.get("C").unwrap();
    assert_eq!((c.pos.line, c.pos.col), (2, 4));
}

#[test]
fn yaml_and_json_errors_point_at_their_place() {
    let e = template::read("Resources:\n  A: [unclosed\n").unwrap_err();
    assert!(e.message.starts_with("Template format error: YAML not well-formed. (line "), "{}", e.message);
    let e = template::read("{\n  \"Resources\": {\n    \"A\": tru\n  }\n}").unwrap_err();
    assert_eq!(e.message, "Template format error: JSON not well-formed. (line 3, column 10)");
    let e =
        template::read("Resources:\n  A:\n    Type: AWS::SQS::Queue\n  A:\n    Type: AWS::SQS::Queue\n").unwrap_err();
    assert_eq!(e.pos.map(|p| p.line), Some(4));
    let e = template::read("Resources:\n  A: !Bogus x\n").unwrap_err();
    assert!(e.message.contains("YAML not well-formed"));
}

#[test]
fn json_and_yaml_give_the_same_tree() {
    let y =
        parse::parse("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      Name: !Join ['-', [a, b]]\n")
            .unwrap();
    let j = parse::parse(
        r#"{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"Name": {"Fn::Join": ["-", ["a", "b"]]}}}}}"#,
    )
    .unwrap();
    assert_eq!(y.to_json(), j.to_json());
}

#[test]
fn sections_are_checked_with_aws_messages() {
    assert_eq!(
        err_of("Foo: 1\nResources: {}\n"),
        "Template format error: Invalid template property or properties [Foo]"
    );
    assert_eq!(err_of("Description: x\n"), "Template format error: At least one Resources member must be defined.");
    assert_eq!(err_of("Resources: {}\n"), "Template format error: At least one Resources member must be defined.");
    assert_eq!(
        err_of("Resources:\n  A:\n    Properties: {}\n"),
        "Template format error: [/Resources/A] Every Resources object must contain a Type member."
    );
    assert_eq!(
        err_of("Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Bogus: 1\n"),
        "Template format error: Invalid template resource property 'Bogus'"
    );
    assert_eq!(
        err_of("Resources:\n  my-q:\n    Type: AWS::SQS::Queue\n"),
        "Template format error: Resource name my-q is non alphanumeric."
    );
    assert_eq!(
        err_of("Resources:\n  A:\n    Type: AWS::Foo::Bar\n  B:\n    Type: AWS::DynamoDB::Table\n  C:\n    Type: AWS::Foo::Bar\n"),
        "Template format error: Unrecognized resource types: [AWS::Foo::Bar, AWS::DynamoDB::Table]"
    );
    assert!(err_of("Transform: AWS::Serverless-2016-10-31\nResources:\n  A:\n    Type: AWS::SQS::Queue\n")
        .starts_with("Transform AWS::Serverless-2016-10-31 is not simulated"));
    assert!(err_of("AWSTemplateFormatVersion: '2012-01-01'\nResources:\n  A:\n    Type: AWS::SQS::Queue\n")
        .contains("AWSTemplateFormatVersion"));
    assert_eq!(err_of("- a\n- b\n"), "Template format error: unsupported structure.");
    assert_eq!(
        err_of("Resources:\n  A:\n    Type: AWS::SQS::Queue\nOutputs:\n  O:\n    Description: x\n"),
        "Template format error: Every Outputs member must contain a Value object, the key O has invalid properties"
    );
}

#[test]
fn limits_on_resources_parameters_outputs_and_body() {
    let mut body = String::from("Resources:\n");
    for i in 0..501 {
        body.push_str(&format!("  Q{i}: {{Type: AWS::SQS::Queue}}\n"));
    }
    assert_eq!(
        template::read(&body).unwrap_err().message,
        "Template format error: Number of resources, 501, is greater than maximum allowed, 500"
    );
    let mut body = String::from("Parameters:\n");
    for i in 0..201 {
        body.push_str(&format!("  P{i}: {{Type: String}}\n"));
    }
    body.push_str("Resources:\n  Q: {Type: AWS::SQS::Queue}\n");
    assert!(template::read(&body).unwrap_err().message.contains("201 is greater than max value 200"));
    let mut body = String::from("Resources:\n  Q: {Type: AWS::SQS::Queue}\nOutputs:\n");
    for i in 0..201 {
        body.push_str(&format!("  O{i}: {{Value: x}}\n"));
    }
    assert_eq!(
        template::read(&body).unwrap_err().message,
        "Template format error: Number of outputs, 201, is greater than maximum allowed, 200"
    );
    let big = format!("Description: {}\nResources:\n  Q: {{Type: AWS::SQS::Queue}}\n", "x".repeat(51_200));
    let e = validate(&big).unwrap_err();
    assert!(e.message.ends_with("Member must have length less than or equal to 51200"), "{}", e.message);
}

// --------------------------------------------------------------------------- intrinsics

#[test]
fn sub_splits_variables_and_escapes() {
    assert_eq!(
        sub_parts("a${B}c${!D}${E.F}"),
        vec![
            SubPart::Text("a".into()),
            SubPart::Var("B".into()),
            SubPart::Text("c${D}".into()),
            SubPart::Var("E.F".into())
        ]
    );
}

#[test]
fn every_intrinsic_evaluates() {
    let maps = "Mappings:\n  M:\n    us-east-1:\n      Ami: ami-123\n      Azs: [x, y]\n";
    assert_eq!(output_of("!Ref Q", "").unwrap(), "https://sqs.us-east-1.amazonaws.com/123456789012/q1");
    assert_eq!(output_of("!GetAtt Q.Arn", "").unwrap(), "arn:aws:sqs:us-east-1:123456789012:q1");
    assert_eq!(output_of("!GetAtt [Q, QueueName]", "").unwrap(), "q1");
    assert_eq!(
        output_of("!Sub '${AWS::Region}/${Q.QueueName}/${AWS::AccountId}/${!Lit}'", "").unwrap(),
        "us-east-1/q1/123456789012/${Lit}"
    );
    assert_eq!(output_of("!Sub ['${X}-${AWS::Partition}', {X: !GetAtt Q.QueueName}]", "").unwrap(), "q1-aws");
    assert_eq!(output_of("!Join ['-', [a, !Ref 'AWS::StackName', c]]", "").unwrap(), "a-st-c");
    assert_eq!(output_of("!Select [1, !Split [',', 'a,b,c']]", "").unwrap(), "b");
    assert_eq!(output_of("!Join ['|', !Split ['||', 'a||||c||']]", "").unwrap(), "a||c|");
    assert_eq!(output_of("!FindInMap [M, !Ref 'AWS::Region', Ami]", maps).unwrap(), "ami-123");
    assert_eq!(output_of("!Select [1, !FindInMap [M, us-east-1, Azs]]", maps).unwrap(), "y");
    assert_eq!(output_of("!Select [0, !GetAZs '']", "").unwrap(), "us-east-1a");
    assert_eq!(output_of("!Join [',', !GetAZs eu-west-1]", "").unwrap(), "eu-west-1a,eu-west-1b,eu-west-1c");
    assert_eq!(output_of("!Base64 hello", "").unwrap(), "aGVsbG8=");
    assert_eq!(
        output_of("!Join [' ', !Cidr ['10.0.0.0/16', 3, 8]]", "").unwrap(),
        "10.0.0.0/24 10.0.1.0/24 10.0.2.0/24"
    );
    assert_eq!(output_of("!Ref 'AWS::URLSuffix'", "").unwrap(), "amazonaws.com");
    assert!(output_of("!Ref 'AWS::StackId'", "")
        .unwrap()
        .starts_with("arn:aws:cloudformation:us-east-1:123456789012:stack/st/"));
    let conds = "Parameters:\n  Env: {Type: String, Default: prod}\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n  NotProd: !Not [!Condition IsProd]\n  Both: !And [!Condition IsProd, !Equals [1, 1]]\n  Either: !Or [!Condition NotProd, !Equals [a, b]]\n";
    assert_eq!(output_of("!If [IsProd, big, small]", conds).unwrap(), "big");
    assert_eq!(output_of("!If [NotProd, big, small]", conds).unwrap(), "small");
    assert_eq!(output_of("!If [Both, yes, no]", conds).unwrap(), "yes");
    assert_eq!(output_of("!If [Either, yes, no]", conds).unwrap(), "no");
}

#[test]
fn intrinsic_errors_have_aws_texts() {
    let e = |expr: &str, extra: &str| output_of(expr, extra).unwrap_err().message;
    assert_eq!(
        e("!Ref Nope", ""),
        "Template format error: Unresolved resource dependencies [Nope] in the Outputs block of the template"
    );
    assert_eq!(e("!GetAtt Nope.Arn", ""), "Template error: instance of Fn::GetAtt references undefined resource Nope");
    assert_eq!(
        e("!GetAtt Q.Nope", ""),
        "Template error: resource Q does not support attribute type Nope in Fn::GetAtt"
    );
    assert_eq!(
        e("!Sub '${Nope}'", ""),
        "Template format error: Unresolved resource dependencies [Nope] in the Outputs block of the template"
    );
    assert!(e("!Join [a]", "").starts_with("Template error: every Fn::Join object requires two parameters"));
    assert!(e("!Split [',']", "").starts_with("Template error: every Fn::Split object requires two parameters"));
    assert!(
        e("!FindInMap [M, a]", "").starts_with("Template error: every Fn::FindInMap object requires three parameters")
    );
    assert_eq!(
        e("!FindInMap [Nope, a, b]", ""),
        "Template error: Mapping named 'Nope' is not present in the 'Mappings' section of template."
    );
    assert_eq!(
        e("!FindInMap [M, a, b]", "Mappings:\n  M:\n    x:\n      y: z\n"),
        "Template error: Unable to get mapping for M::a::b"
    );
    assert_eq!(e("!Select [5, [a, b]]", ""), "Template error: Fn::Select cannot select nonexistent value at index 5");
    assert_eq!(e("!If [Nope, a, b]", ""), "Template error: unresolved condition dependency Nope in Fn::If");
    assert_eq!(e("!ImportValue missing-export", ""), "No export named missing-export found.");
    assert!(e("{'Fn::Bogus': x}", "")
        .starts_with("Template format error: Encountered unsupported function: Fn::Bogus Supported functions are: ["));
    assert!(e("!Sub [a, b, c]", "")
        .starts_with("Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments."));
    assert_eq!(e("{Ref: [a]}", ""), "Template format error: Every Ref object must have a single String value.");
    assert!(e("!Cidr ['10.0.0.0/24', 300, 8]", "").contains("count must be between 1 and 256"));
    assert!(
        e("!GetAtt [Q]", "").starts_with("Template error: every Fn::GetAtt object requires two non-empty parameters")
    );
    assert_eq!(
        e("x", "Conditions:\n  C: !Equals [!Ref Q, a]\n"),
        "Template format error: Unresolved dependencies [Q]. Cannot reference resources in the Conditions block of the template"
    );
    assert!(e("x", "Conditions:\n  A: !Condition B\n  B: !Condition A\n")
        .starts_with("Template format error: Circular dependency between conditions:"));
    assert!(e("x", "Conditions:\n  A: !And [!Equals [a, a]]\n").contains("at least 2 and at most 10"));
}

#[test]
fn cidr_splits_blocks() {
    assert_eq!(
        cidr("192.168.0.0/24", "4", "6").unwrap(),
        vec!["192.168.0.0/26", "192.168.0.64/26", "192.168.0.128/26", "192.168.0.192/26"]
    );
    assert!(cidr("10.0.0.0/24", "5", "6").is_err());
    assert!(cidr("2001:db8::/32", "1", "8").is_err());
}

#[test]
fn no_value_drops_a_property() {
    let body = "Conditions:\n  Never: !Equals [a, b]\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !If [Never, named, !Ref 'AWS::NoValue']\n";
    let mut w = World::new(5);
    create(&mut w, "nv", body, &[]).unwrap();
    run_out(&mut w);
    assert_eq!(status(&mut w, "nv"), "CREATE_COMPLETE");
    let q = w.sqs.queues.values().next().unwrap();
    assert!(q.name.starts_with("nv-Q-"), "generated name {}", q.name);
}

// --------------------------------------------------------------------------- parameters

const PARAMS: &str = "Parameters:
  Env:
    Type: String
    AllowedValues: [dev, prod]
  Code:
    Type: String
    AllowedPattern: '[a-z]+'
    MinLength: 2
    MaxLength: 5
  Count:
    Type: Number
    MinValue: 1
    MaxValue: 10
    Default: 3
  Ports:
    Type: List<Number>
    Default: '80,443'
  Names:
    Type: CommaDelimitedList
    Default: 'a,b'
  Secret:
    Type: String
    NoEcho: true
    Default: hunter2
  Described:
    Type: String
    Default: ok
    AllowedPattern: '[a-z]+'
    ConstraintDescription: must be lower-case letters
Resources:
  Q:
    Type: AWS::SQS::Queue
Outputs:
  Second:
    Value: !Select [1, !Ref Ports]
  Names:
    Value: !Join ['+', !Ref Names]
";

#[test]
fn parameter_values_are_checked_with_aws_messages() {
    let mut w = World::new(1);
    let e = |w: &mut World, p: &[(&str, &str)]| create(w, "p", PARAMS, p).unwrap_err().message;
    assert_eq!(e(&mut w, &[]), "Parameters: [Env, Code] must have values");
    assert_eq!(e(&mut w, &[("Env", "test"), ("Code", "abc")]), "Parameter 'Env' must be one of AllowedValues");
    assert_eq!(
        e(&mut w, &[("Env", "dev"), ("Code", "ab1")]),
        "Malformed input-Parameter Code must match pattern [a-z]+"
    );
    assert_eq!(e(&mut w, &[("Env", "dev"), ("Code", "a")]), "Parameter 'Code' must contain at least 2 characters");
    assert_eq!(e(&mut w, &[("Env", "dev"), ("Code", "abcdef")]), "Parameter 'Code' must contain at most 5 characters");
    assert_eq!(
        e(&mut w, &[("Env", "dev"), ("Code", "ab"), ("Count", "11")]),
        "Parameter 'Count' must be a number not greater than 10"
    );
    assert_eq!(
        e(&mut w, &[("Env", "dev"), ("Code", "ab"), ("Count", "0")]),
        "Parameter 'Count' must be a number not less than 1"
    );
    assert_eq!(e(&mut w, &[("Env", "dev"), ("Code", "ab"), ("Count", "x")]), "Parameter 'Count' must be a number.");
    assert_eq!(e(&mut w, &[("Env", "dev"), ("Code", "ab"), ("Ports", "80,x")]), "Parameter 'Ports' must be a number.");
    assert_eq!(
        e(&mut w, &[("Env", "dev"), ("Code", "ab"), ("Described", "X")]),
        "Malformed input-Parameter Described must be lower-case letters"
    );
    assert_eq!(
        e(&mut w, &[("Env", "dev"), ("Code", "ab"), ("Nope", "x")]),
        "Parameters: [Nope] do not exist in the template"
    );
    let none = "Resources:\n  Q: {Type: AWS::SQS::Queue}\n";
    assert_eq!(
        create(&mut w, "n", none, &[("A", "b")]).unwrap_err().message,
        "Parameter values specified for a template which does not require them."
    );
    create(&mut w, "p", PARAMS, &[("Env", "dev"), ("Code", "ab")]).unwrap();
    run_out(&mut w);
    assert_eq!(
        outputs(&mut w, "p"),
        vec![("Second".to_string(), "443".to_string()), ("Names".to_string(), "a+b".to_string())]
    );
    let CloudFormationResponse::DescribeStacks(d) =
        cfn(&mut w, CloudFormationRequest::DescribeStacks(Default::default())).unwrap()
    else {
        panic!()
    };
    let secret = d.stacks[0].parameters.iter().find(|p| p.parameter_key == "Secret").unwrap();
    assert_eq!(secret.parameter_value.as_deref(), Some("****"));
}

#[test]
fn validate_template_reports_parameters_and_capabilities() {
    let out = validate(PARAMS).unwrap();
    assert_eq!(out.parameters.len(), 7);
    let secret = out.parameters.iter().find(|p| p.parameter_key == "Secret").unwrap();
    assert!(secret.no_echo);
    assert_eq!(secret.default_value.as_deref(), Some("hunter2"));
    let e = validate("Resources:\n  A: {Type: AWS::SQS::Queue, DependsOn: Ghost}\n").unwrap_err();
    assert_eq!(e.code, "ValidationError");
    assert_eq!(
        e.message,
        "Template format error: Unresolved resource dependencies [Ghost] in the Resources block of the template"
    );
}

#[test]
fn iam_resources_need_capabilities() {
    let mut w = World::new(1);
    let role = "Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties: {AssumeRolePolicyDocument: {}}\n";
    let e = create(&mut w, "iam", role, &[]).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("InsufficientCapabilitiesException", "Requires capabilities : [CAPABILITY_IAM]")
    );
    let named = "Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties: {RoleName: admin}\n";
    let e = create(&mut w, "iam", named, &[]).unwrap_err();
    assert_eq!(e.message, "Requires capabilities : [CAPABILITY_NAMED_IAM]");
    // IAM users are not simulated: with the capability, the type itself is refused.
    let user = "Resources:\n  U:\n    Type: AWS::IAM::User\n    Properties: {UserName: admin}\n";
    let e = cfn(
        &mut w,
        CloudFormationRequest::CreateStack(CreateStackRequest {
            stack_name: "iam".into(),
            template_body: Some(user.into()),
            capabilities: vec!["CAPABILITY_NAMED_IAM".into()],
            ..Default::default()
        }),
    )
    .unwrap_err();
    assert_eq!(e.message, "Template format error: Unrecognized resource types: [AWS::IAM::User]");
}

// ------------------------------------------------------------------------ graph and time

#[test]
fn cycles_and_self_references_are_refused() {
    let e = err_of("Resources:\n  A: {Type: AWS::SQS::Queue, DependsOn: B}\n  B: {Type: AWS::SQS::Queue, DependsOn: C}\n  C: {Type: AWS::SQS::Queue, DependsOn: A}\n  D: {Type: AWS::SQS::Queue, DependsOn: A}\n");
    assert_eq!(e, "Circular dependency between resources: [A, B, C]");
    let e = err_of("Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties: {QueueName: !GetAtt A.QueueName}\n");
    assert_eq!(e, "Circular dependency between resources: [A]");
}

#[test]
fn independent_resources_start_together_and_dependents_wait() {
    // A and B are independent (1 s each); C needs both (1 s); D needs C through Sub (1 s);
    // Bucket is independent and takes 3 s.
    let body = "Resources:
  A: {Type: AWS::SQS::Queue}
  B: {Type: AWS::SQS::Queue}
  C:
    Type: AWS::SQS::Queue
    DependsOn: [A, B]
  D:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub '${C.QueueName}-dlq'
  Bucket: {Type: AWS::S3::Bucket}
";
    let t = template::read(body).unwrap();
    let plan = template::plan(&t, None, &providers::attributes_of).unwrap();
    assert_eq!(plan.waves, vec![vec!["A", "B", "Bucket"], vec!["C"], vec!["D"]]);
    let mut w = World::new(9);
    let start = w.now();
    create(&mut w, "par", body, &[]).unwrap();
    run_out(&mut w);
    assert_eq!(status(&mut w, "par"), "CREATE_COMPLETE");
    let evs = events(&mut w, "par");
    let at = |id: &str, st: &str| {
        let e = evs.iter().find(|e| e.logical_resource_id == id && e.resource_status == st).unwrap();
        (e.timestamp - start).as_seconds()
    };
    assert_eq!(
        (at("A", "CREATE_IN_PROGRESS"), at("B", "CREATE_IN_PROGRESS"), at("Bucket", "CREATE_IN_PROGRESS")),
        (0, 0, 0)
    );
    assert_eq!((at("A", "CREATE_COMPLETE"), at("B", "CREATE_COMPLETE")), (1, 1));
    assert_eq!((at("C", "CREATE_IN_PROGRESS"), at("C", "CREATE_COMPLETE")), (1, 2));
    assert_eq!((at("D", "CREATE_IN_PROGRESS"), at("D", "CREATE_COMPLETE")), (2, 3));
    assert_eq!(at("Bucket", "CREATE_COMPLETE"), 3);
    assert_eq!(at("par", "CREATE_COMPLETE"), 3);
    let d = w.sqs.queues.values().find(|q| q.name.ends_with("-dlq")).unwrap();
    assert!(d.name.starts_with("par-C-"));
    // The canonical sequence: user initiated first, "Resource creation Initiated" second.
    let h = history(&mut w, "par");
    assert_eq!(h[0], ("par".into(), "CREATE_IN_PROGRESS".into(), Some("User Initiated".into())));
    assert_eq!(h[1], ("A".into(), "CREATE_IN_PROGRESS".into(), None));
    assert_eq!(h[2], ("A".into(), "CREATE_IN_PROGRESS".into(), Some("Resource creation Initiated".into())));
    assert_eq!(h.last().unwrap().1, "CREATE_COMPLETE");
    let mut ids: Vec<&str> = evs.iter().map(|e| e.event_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), evs.len(), "event ids are unique");
}

#[test]
fn conditions_leave_resources_out() {
    let body = "Parameters:\n  Env: {Type: String, Default: dev}\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\nResources:\n  Always: {Type: AWS::SQS::Queue}\n  ProdOnly:\n    Type: AWS::SQS::Queue\n    Condition: IsProd\nOutputs:\n  P:\n    Condition: IsProd\n    Value: !Ref ProdOnly\n";
    let mut w = World::new(2);
    create(&mut w, "dev", body, &[]).unwrap();
    create(&mut w, "prod", body, &[("Env", "prod")]).unwrap();
    run_out(&mut w);
    let count = |w: &World, n: &str| w.cloudformation.find(n, "us-east-1").unwrap().resources.len();
    assert_eq!((count(&w, "dev"), count(&w, "prod")), (1, 2));
    assert!(outputs(&mut w, "dev").is_empty());
    assert_eq!(outputs(&mut w, "prod").len(), 1);
    // A resource that refers to one left out by its condition cannot be resolved.
    let bad = "Conditions:\n  No: !Equals [a, b]\nResources:\n  A: {Type: AWS::SQS::Queue, Condition: No}\n  B: {Type: AWS::SQS::Queue, DependsOn: A}\n";
    assert_eq!(
        err_of(bad),
        "Template format error: Unresolved resource dependencies [A] in the Resources block of the template"
    );
}

// ---------------------------------------------------------------------------- S3 provider

#[test]
fn a_stack_bucket_is_a_real_bucket() {
    let body = "Resources:
  Site:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: my-site-bucket
      VersioningConfiguration: {Status: Enabled}
      WebsiteConfiguration: {IndexDocument: index.html, ErrorDocument: error.html}
      PublicAccessBlockConfiguration: {BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false}
      Tags: [{Key: team, Value: web}]
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Site
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: s3:GetObject
            Resource: !Sub '${Site.Arn}/*'
  Logs: {Type: AWS::S3::Bucket}
Outputs:
  Url: {Value: !GetAtt Site.WebsiteURL}
";
    let mut w = World::new(4);
    let id = create(&mut w, "Web", body, &[]).unwrap();
    run_out(&mut w);
    assert_eq!(status(&mut w, "Web"), "CREATE_COMPLETE");
    let names = bucket_names(&mut w);
    assert!(names.contains(&"my-site-bucket".to_string()));
    let generated = names.iter().find(|n| n.starts_with("web-logs-")).expect("generated name, lower-case");
    assert_eq!(generated.len(), "web-logs-".len() + 12);
    let b = &w.s3.buckets["my-site-bucket"];
    assert_eq!(b.versioning, Some(s3::model::VersioningStatus::Enabled));
    assert!(b.website.is_some() && b.policy.is_some());
    assert_eq!(b.tags, vec![("team".to_string(), "web".to_string())]);
    assert_eq!(outputs(&mut w, "Web")[0].1, "http://my-site-bucket.s3-website-us-east-1.amazonaws.com");
    // The trail shows CloudFormation's calls into S3.
    assert!(w.trail().events().iter().any(|e| e.service == "s3" && e.operation == "PutBucketPolicy"));
    // Delete: the policy goes before the bucket it names.
    cfn(
        &mut w,
        CloudFormationRequest::DeleteStack(DeleteStackRequest { stack_name: "Web".into(), ..Default::default() }),
    )
    .unwrap();
    run_out(&mut w);
    // Deleted stacks are found by id only.
    let h = history(&mut w, &id);
    let pos = |id: &str, st: &str| h.iter().position(|(l, s, _)| l == id && s == st).unwrap();
    assert!(pos("Policy", "DELETE_COMPLETE") < pos("Site", "DELETE_IN_PROGRESS"));
    assert!(bucket_names(&mut w).is_empty());
    let e = cfn(
        &mut w,
        CloudFormationRequest::DescribeStacks(DescribeStacksRequest {
            stack_name: Some("Web".into()),
            next_token: None,
        }),
    )
    .unwrap_err();
    assert_eq!(e.message, "Stack with id Web does not exist");
}

#[test]
fn a_taken_bucket_name_fails_and_rolls_back_in_reverse_order() {
    let mut w = World::new(6);
    w.call(Request::S3(S3Request::CreateBucket(s3::CreateBucketRequest {
        bucket: "taken".into(),
        ..Default::default()
    })))
    .unwrap();
    let body = "Resources:
  First: {Type: AWS::SQS::Queue}
  Second: {Type: AWS::SQS::Queue, DependsOn: First}
  Slow: {Type: AWS::S3::Bucket}
  Taken:
    Type: AWS::S3::Bucket
    DependsOn: Second
    Properties: {BucketName: taken}
  Never: {Type: AWS::SQS::Queue, DependsOn: Taken}
";
    create(&mut w, "rb", body, &[]).unwrap();
    run_out(&mut w);
    assert_eq!(status(&mut w, "rb"), "ROLLBACK_COMPLETE");
    let h = history(&mut w, "rb");
    let find = |id: &str, st: &str| h.iter().position(|(l, s, _)| l == id && s == st);
    let reason = |id: &str, st: &str| h[find(id, st).unwrap()].2.clone();
    assert_eq!(reason("Taken", "CREATE_FAILED").as_deref(), Some("taken already exists"));
    // Slow (3 s) was still in flight when Taken failed at 2 s: cancelled.
    assert_eq!(reason("Slow", "CREATE_FAILED").as_deref(), Some("Resource creation cancelled"));
    assert_eq!(
        reason("rb", "ROLLBACK_IN_PROGRESS").as_deref(),
        Some("The following resource(s) failed to create: [Taken, Slow]. Rollback requested by user.")
    );
    assert!(find("Never", "CREATE_IN_PROGRESS").is_none());
    // Reverse order: Second goes before First; the cancelled bucket is cleaned up; the other
    // bucket (not the stack's) stays.
    assert!(find("Second", "DELETE_COMPLETE").unwrap() < find("First", "DELETE_IN_PROGRESS").unwrap());
    assert!(find("Slow", "DELETE_COMPLETE").is_some());
    assert_eq!(bucket_names(&mut w), vec!["taken".to_string()]);
    assert!(w.sqs.queues.is_empty());
    // ROLLBACK_COMPLETE: recreation is refused until the stack is deleted.
    let e = create(&mut w, "rb", body, &[]).unwrap_err();
    assert_eq!((e.code.as_str(), e.message.as_str()), ("AlreadyExistsException", "Stack [rb] already exists"));
    cfn(
        &mut w,
        CloudFormationRequest::DeleteStack(DeleteStackRequest { stack_name: "rb".into(), ..Default::default() }),
    )
    .unwrap();
    run_out(&mut w);
    create(&mut w, "rb", "Resources:\n  Q: {Type: AWS::SQS::Queue}\n", &[]).unwrap();
}

fn failing(on_failure: Option<&str>, disable: Option<bool>) -> (World, String) {
    let body = "Resources:
  Keep: {Type: AWS::SQS::Queue, DeletionPolicy: Retain}
  Gone: {Type: AWS::SQS::Queue}
  Bad:
    Type: AWS::SQS::Queue
    DependsOn: [Keep, Gone]
    Metadata: {Nimbus: {Fail: true, Reason: 'quota reached'}}
";
    let mut w = World::new(8);
    cfn(
        &mut w,
        CloudFormationRequest::CreateStack(CreateStackRequest {
            stack_name: "f".into(),
            template_body: Some(body.into()),
            on_failure: on_failure.map(str::to_string),
            disable_rollback: disable,
            ..Default::default()
        }),
    )
    .unwrap();
    run_out(&mut w);
    let s = w.cloudformation.stacks.values().next().unwrap().status.as_str();
    (w, s)
}

#[test]
fn injected_failures_follow_on_failure() {
    let (mut w, s) = failing(None, None);
    assert_eq!(s, "ROLLBACK_COMPLETE");
    let h = history(&mut w, "f");
    assert!(h.contains(&("Bad".into(), "CREATE_FAILED".into(), Some("quota reached".into()))));
    // Retain is honoured on rollback: the queue stays.
    assert!(h.contains(&("Keep".into(), "DELETE_SKIPPED".into(), None)));
    assert_eq!(w.sqs.queues.len(), 1);

    let (_, s) = failing(Some("DO_NOTHING"), None);
    assert_eq!(s, "CREATE_FAILED");
    let (w, s) = failing(None, Some(true));
    assert_eq!(s, "CREATE_FAILED");
    assert_eq!(w.sqs.queues.len(), 2);
    let (w, s) = failing(Some("DELETE"), None);
    assert_eq!(s, "DELETE_COMPLETE");
    assert_eq!(w.sqs.queues.len(), 1);
    let mut w = World::new(1);
    let e = cfn(
        &mut w,
        CloudFormationRequest::CreateStack(CreateStackRequest {
            stack_name: "x".into(),
            template_body: Some("Resources:\n  Q: {Type: AWS::SQS::Queue}\n".into()),
            on_failure: Some("ROLLBACK".into()),
            disable_rollback: Some(true),
            ..Default::default()
        }),
    )
    .unwrap_err();
    assert_eq!(e.message, "You cannot specify both DisableRollback and OnFailure.");
}

#[test]
fn delete_goes_in_reverse_order_and_keeps_retained_resources() {
    let body = "Resources:
  A: {Type: AWS::SQS::Queue}
  B: {Type: AWS::SQS::Queue, DependsOn: A}
  C: {Type: AWS::SQS::Queue, DependsOn: B, DeletionPolicy: Retain}
";
    let mut w = World::new(10);
    let id = create(&mut w, "d", body, &[]).unwrap();
    run_out(&mut w);
    let t0 = w.now();
    cfn(
        &mut w,
        CloudFormationRequest::DeleteStack(DeleteStackRequest { stack_name: "d".into(), ..Default::default() }),
    )
    .unwrap();
    assert_eq!(status(&mut w, "d"), "DELETE_IN_PROGRESS");
    run_out(&mut w);
    let evs = events(&mut w, &id);
    let at = |id: &str, st: &str| {
        (evs.iter().find(|e| e.logical_resource_id == id && e.resource_status == st).unwrap().timestamp - t0)
            .as_seconds()
    };
    assert_eq!(at("C", "DELETE_SKIPPED"), 0);
    assert_eq!((at("B", "DELETE_IN_PROGRESS"), at("B", "DELETE_COMPLETE")), (0, 1));
    assert_eq!((at("A", "DELETE_IN_PROGRESS"), at("A", "DELETE_COMPLETE")), (1, 2));
    assert_eq!(w.sqs.queues.len(), 1);
    let CloudFormationResponse::ListStacks(l) = cfn(
        &mut w,
        CloudFormationRequest::ListStacks(ListStacksRequest {
            stack_status_filter: vec!["DELETE_COMPLETE".into()],
            next_token: None,
        }),
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(l.stack_summaries.len(), 1);
    // DeleteStack of a stack that does not exist succeeds, as on AWS.
    cfn(
        &mut w,
        CloudFormationRequest::DeleteStack(DeleteStackRequest { stack_name: "nothing".into(), ..Default::default() }),
    )
    .unwrap();
    let e = cfn(
        &mut w,
        CloudFormationRequest::ListStacks(ListStacksRequest {
            stack_status_filter: vec!["BOGUS".into()],
            next_token: None,
        }),
    )
    .unwrap_err();
    assert!(e.message.contains("stackStatusFilter"));
}

#[test]
fn a_bucket_with_objects_fails_to_delete_then_can_be_retained() {
    let mut w = World::new(11);
    create(&mut w, "full", "Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {BucketName: full-bucket}}\n", &[])
        .unwrap();
    run_out(&mut w);
    w.call(Request::S3(S3Request::PutObject(s3::PutObjectRequest {
        bucket: "full-bucket".into(),
        key: "k".into(),
        body: "x".into(),
        ..Default::default()
    })))
    .unwrap();
    cfn(
        &mut w,
        CloudFormationRequest::DeleteStack(DeleteStackRequest { stack_name: "full".into(), ..Default::default() }),
    )
    .unwrap();
    run_out(&mut w);
    assert_eq!(status(&mut w, "full"), "DELETE_FAILED");
    let h = history(&mut w, "full");
    assert!(h.iter().any(|(l, s, r)| l == "B"
        && s == "DELETE_FAILED"
        && r.as_deref().is_some_and(|r| r.starts_with("The bucket you tried to delete is not empty"))));
    cfn(
        &mut w,
        CloudFormationRequest::DeleteStack(DeleteStackRequest {
            stack_name: "full".into(),
            retain_resources: vec!["B".into()],
        }),
    )
    .unwrap();
    run_out(&mut w);
    assert!(w.cloudformation.find("full", "us-east-1").is_none());
    assert!(bucket_names(&mut w).contains(&"full-bucket".to_string()));
}

#[test]
fn exports_imports_and_the_export_in_use_rule() {
    let mut w = World::new(12);
    let net = "Resources:\n  Q: {Type: AWS::SQS::Queue, Properties: {QueueName: shared}}\nOutputs:\n  Arn:\n    Value: !GetAtt Q.Arn\n    Export: {Name: !Sub '${AWS::StackName}-QueueArn'}\n";
    create(&mut w, "net", net, &[]).unwrap();
    run_out(&mut w);
    let CloudFormationResponse::ListExports(x) =
        cfn(&mut w, CloudFormationRequest::ListExports(Default::default())).unwrap()
    else {
        panic!()
    };
    assert_eq!(x.exports.len(), 1);
    assert_eq!(x.exports[0].name, "net-QueueArn");
    let app = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Join ['-', [app, !Select [5, !Split [':', !ImportValue net-QueueArn]]]]\n";
    create(&mut w, "app", app, &[]).unwrap();
    run_out(&mut w);
    assert!(w.sqs.queues.values().any(|q| q.name == "app-shared"));
    let list_imports = |w: &mut World, name: &str| {
        cfn(w, CloudFormationRequest::ListImports(ListImportsRequest { export_name: name.into(), next_token: None }))
    };
    let Ok(CloudFormationResponse::ListImports(i)) = list_imports(&mut w, "net-QueueArn") else { panic!() };
    assert_eq!(i.imports, vec!["app".to_string()]);
    let e = list_imports(&mut w, "app-Nothing").unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("ValidationError", "Export 'app-Nothing' is not imported by any stack.")
    );
    cfn(
        &mut w,
        CloudFormationRequest::DeleteStack(DeleteStackRequest { stack_name: "net".into(), ..Default::default() }),
    )
    .unwrap();
    assert_eq!(status(&mut w, "net"), "DELETE_FAILED");
    let h = history(&mut w, "net");
    assert_eq!(h.last().unwrap().2.as_deref(), Some("Export net-QueueArn cannot be deleted as it is in use by app"));
    // A second stack exporting the same name fails.
    let e = create(&mut w, "net2", &net.replace("shared", "other").replace("${AWS::StackName}", "net"), &[]);
    e.unwrap();
    run_out(&mut w);
    assert_eq!(status(&mut w, "net2"), "ROLLBACK_COMPLETE");
}

#[test]
fn delete_during_create_waits_for_in_flight_resources() {
    let mut w = World::new(13);
    create(
        &mut w,
        "busy",
        "Resources:\n  B: {Type: AWS::S3::Bucket}\n  Q: {Type: AWS::SQS::Queue, DependsOn: B}\n",
        &[],
    )
    .unwrap();
    w.advance(SimDuration::seconds(1));
    cfn(
        &mut w,
        CloudFormationRequest::DeleteStack(DeleteStackRequest { stack_name: "busy".into(), ..Default::default() }),
    )
    .unwrap();
    run_out(&mut w);
    let s = w.cloudformation.stacks.values().next().unwrap();
    assert_eq!(s.status, StackStatus::DeleteComplete);
    assert_eq!(s.resource("B").unwrap().status, Some(ResourceStatus::DeleteComplete));
    assert_eq!(s.resource("Q").unwrap().status, None);
    assert!(w.s3.buckets.is_empty());
}

#[test]
fn describe_resources_template_and_names() {
    let body = "Resources:\n  Q: {Type: AWS::SQS::Queue}\n";
    let mut w = World::new(14);
    let id = create(&mut w, "info", body, &[]).unwrap();
    let CloudFormationResponse::GetTemplate(t) = cfn(
        &mut w,
        CloudFormationRequest::GetTemplate(GetTemplateRequest {
            stack_name: Some("info".into()),
            template_stage: None,
        }),
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(t.template_body, body);
    run_out(&mut w);
    let CloudFormationResponse::ListStackResources(l) = cfn(
        &mut w,
        CloudFormationRequest::ListStackResources(ListStackResourcesRequest {
            stack_name: id.clone(),
            next_token: None,
        }),
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(l.stack_resource_summaries[0].resource_status, "CREATE_COMPLETE");
    let url = l.stack_resource_summaries[0].physical_resource_id.clone().unwrap();
    let CloudFormationResponse::DescribeStackResources(d) = cfn(
        &mut w,
        CloudFormationRequest::DescribeStackResources(DescribeStackResourcesRequest {
            physical_resource_id: Some(url),
            ..Default::default()
        }),
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(d.stack_resources[0].stack_name, "info");
    let e = create(&mut w, "1bad", body, &[]).unwrap_err();
    assert!(e.message.contains("at 'stackName' failed to satisfy constraint"));
    let e = create(&mut w, "info", body, &[]).unwrap_err();
    assert_eq!(e.code, "AlreadyExistsException");
    let e = cfn(
        &mut w,
        CloudFormationRequest::DescribeStackEvents(DescribeStackEventsRequest {
            stack_name: "ghost".into(),
            next_token: None,
        }),
    )
    .unwrap_err();
    assert_eq!(e.message, "Stack with id ghost does not exist");
}

#[test]
fn the_same_seed_gives_the_same_stack_and_a_restored_world_continues() {
    let body = "Resources:\n  B: {Type: AWS::S3::Bucket}\n  Q: {Type: AWS::SQS::Queue, DependsOn: B}\n";
    let run = || {
        let mut w = World::new(77);
        create(&mut w, "same", body, &[]).unwrap();
        w.advance(SimDuration::seconds(1));
        w
    };
    let (a, b) = (run(), run());
    assert_eq!(a.to_json(), b.to_json());
    let mut restored = World::from_json(&a.to_json()).unwrap();
    let mut original = a;
    run_out(&mut original);
    run_out(&mut restored);
    assert_eq!(original.to_json(), restored.to_json());
    assert_eq!(status(&mut restored, "same"), "CREATE_COMPLETE");
}

#[test]
fn update_stack_refuses_with_aws_messages() {
    let mut w = World::new(15);
    let body = "Parameters:\n  N: {Type: String, Default: a}\nResources:\n  Q: {Type: AWS::SQS::Queue}\n";
    let update = |w: &mut World, name: &str, body: Option<&str>, params: &[(&str, &str)]| {
        cfn(
            w,
            CloudFormationRequest::UpdateStack(UpdateStackRequest {
                stack_name: name.into(),
                template_body: body.map(str::to_string),
                use_previous_template: body.is_none().then_some(true),
                parameters: params.iter().map(|(k, v)| Parameter::new(k, v)).collect(),
                ..Default::default()
            }),
        )
        .unwrap_err()
        .message
    };
    assert_eq!(update(&mut w, "ghost", Some(body), &[]), "Stack [ghost] does not exist");
    let id = create(&mut w, "u", body, &[]).unwrap();
    assert_eq!(
        update(&mut w, "u", Some(body), &[]),
        format!("Stack:{id} is in CREATE_IN_PROGRESS state and can not be updated.")
    );
    run_out(&mut w);
    assert_eq!(update(&mut w, "u", Some(body), &[]), "No updates are to be performed.");
    assert_eq!(update(&mut w, "u", None, &[("N", "a")]), "No updates are to be performed.");
    let wrong_type = "Parameters:\n  N: {Type: String, Default: a}\nResources:\n  Q: {Type: AWS::S3::Bucket}\n";
    assert_eq!(
        update(&mut w, "u", Some(wrong_type), &[]),
        "Update of resource type is not permitted. The new template modifies resource type of the following resources: [Q]"
    );
    let failing = "Resources:\n  Q: {Type: AWS::SQS::Queue, Metadata: {Nimbus: {Fail: true}}}\n";
    let id = create(&mut w, "rc", failing, &[]).unwrap();
    run_out(&mut w);
    assert_eq!(
        update(&mut w, "rc", Some(body), &[]),
        format!("Stack:{id} is in ROLLBACK_COMPLETE state and can not be updated.")
    );
}
