//! CloudFormation updates through `World::call`: UpdateStack adding, removing, changing in place
//! and replacing resources on the clock, the cleanup phase, the refusal to replace a
//! custom-named resource, rollback; and change sets.

use nimbus_sim::services::cloudformation::*;
use nimbus_sim::{ApiError, Request, Response, World};

fn cfn(world: &mut World, r: CloudFormationRequest) -> Result<CloudFormationResponse, ApiError> {
    match world.call(Request::CloudFormation(r)) {
        Ok(Response::CloudFormation(out)) => Ok(out),
        Ok(other) => panic!("unexpected response {other:?}"),
        Err(e) => Err(e),
    }
}

fn create(world: &mut World, name: &str, body: &str) -> String {
    let r = cfn(
        world,
        CloudFormationRequest::CreateStack(CreateStackRequest {
            stack_name: name.into(),
            template_body: Some(body.into()),
            ..Default::default()
        }),
    )
    .unwrap();
    let CloudFormationResponse::CreateStack(out) = r else { panic!() };
    run_out(world);
    out.stack_id
}

fn update(world: &mut World, name: &str, body: &str) -> Result<String, ApiError> {
    let r = cfn(
        world,
        CloudFormationRequest::UpdateStack(UpdateStackRequest {
            stack_name: name.into(),
            template_body: Some(body.into()),
            ..Default::default()
        }),
    )?;
    let CloudFormationResponse::UpdateStack(out) = r else { panic!() };
    Ok(out.stack_id)
}

fn run_out(world: &mut World) {
    while world.next_deadline().is_some() {
        world.advance_to_next_deadline();
    }
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

fn reason(world: &mut World, name: &str) -> Option<String> {
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
    d.stacks[0].stack_status_reason.clone()
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

/// (logical id, status, reason), oldest first.
fn history(world: &mut World, name: &str) -> Vec<(String, String, Option<String>)> {
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
        .into_iter()
        .rev()
        .map(|e| (e.logical_resource_id, e.resource_status, e.resource_status_reason))
        .collect()
}

/// The statuses of one logical id (or of the stack), oldest first, from `from` on.
fn statuses_of(h: &[(String, String, Option<String>)], id: &str, from: usize) -> Vec<String> {
    h[from..].iter().filter(|(l, _, _)| l == id).map(|(_, s, _)| s.clone()).collect()
}

/// (logical id, physical id, status) of the stack's resources.
fn resources(world: &mut World, name: &str) -> Vec<(String, String, String)> {
    let CloudFormationResponse::DescribeStackResources(r) = cfn(
        world,
        CloudFormationRequest::DescribeStackResources(DescribeStackResourcesRequest {
            stack_name: Some(name.into()),
            ..Default::default()
        }),
    )
    .unwrap() else {
        panic!()
    };
    r.stack_resources
        .into_iter()
        .map(|r| (r.logical_resource_id, r.physical_resource_id.unwrap_or_default(), r.resource_status))
        .collect()
}

fn queue_names(world: &World) -> Vec<String> {
    world.sqs.queues.values().map(|q| q.name.clone()).collect()
}

fn buckets(world: &mut World) -> Vec<String> {
    use nimbus_sim::services::s3::{S3Request, S3Response};
    let Ok(Response::S3(S3Response::ListBuckets(l))) =
        world.call(Request::S3(S3Request::ListBuckets(Default::default())))
    else {
        panic!()
    };
    l.buckets.into_iter().map(|b| b.name).collect()
}

const ONE: &str = "Resources:\n  A: {Type: AWS::SQS::Queue, Properties: {QueueName: qa, VisibilityTimeout: 30}}\n";
const TWO: &str = "Resources:
  A: {Type: AWS::SQS::Queue, Properties: {QueueName: qa, VisibilityTimeout: 30}}
  B: {Type: AWS::SQS::Queue, Properties: {QueueName: !Sub '${A.QueueName}-b'}}
Outputs:
  BName: {Value: !GetAtt B.QueueName}
";

#[test]
fn update_adds_resources_in_dependency_order_and_recomputes_outputs() {
    let mut w = World::new(1);
    create(&mut w, "s", ONE);
    let before = history(&mut w, "s").len();
    update(&mut w, "s", TWO).unwrap();
    assert_eq!(status(&mut w, "s"), "UPDATE_IN_PROGRESS");
    assert!(outputs(&mut w, "s").is_empty(), "no outputs while in progress");
    run_out(&mut w);
    assert_eq!(status(&mut w, "s"), "UPDATE_COMPLETE");
    let h = history(&mut w, "s");
    assert_eq!(
        statuses_of(&h, "s", before),
        ["UPDATE_IN_PROGRESS", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_COMPLETE"]
    );
    assert_eq!(statuses_of(&h, "B", before), ["CREATE_IN_PROGRESS", "CREATE_IN_PROGRESS", "CREATE_COMPLETE"]);
    assert!(statuses_of(&h, "A", before).is_empty(), "A is unchanged");
    assert_eq!(outputs(&mut w, "s"), [("BName".to_string(), "qa-b".to_string())]);
    assert_eq!(resources(&mut w, "s").len(), 2);
    assert_eq!(update(&mut w, "s", TWO).unwrap_err().message, "No updates are to be performed.");
}

#[test]
fn update_removes_resources_in_the_cleanup_phase() {
    let mut w = World::new(2);
    create(&mut w, "s", TWO);
    assert_eq!(queue_names(&w).len(), 2);
    let before = history(&mut w, "s").len();
    update(&mut w, "s", ONE).unwrap();
    run_out(&mut w);
    assert_eq!(status(&mut w, "s"), "UPDATE_COMPLETE");
    let h = history(&mut w, "s");
    let stack_at = |s: &str| h.iter().position(|(l, st, _)| l == "s" && st == s).unwrap();
    let b_delete = h.iter().position(|(l, st, _)| l == "B" && st == "DELETE_IN_PROGRESS").unwrap();
    assert!(stack_at("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS") < b_delete);
    assert_eq!(statuses_of(&h, "B", before), ["DELETE_IN_PROGRESS", "DELETE_COMPLETE"]);
    assert_eq!(queue_names(&w), ["qa"]);
    assert_eq!(resources(&mut w, "s").iter().map(|r| r.0.as_str()).collect::<Vec<_>>(), ["A"]);
    assert!(outputs(&mut w, "s").is_empty());
}

#[test]
fn update_changes_a_resource_in_place() {
    let mut w = World::new(3);
    create(&mut w, "s", ONE);
    let physical = resources(&mut w, "s")[0].1.clone();
    let before = history(&mut w, "s").len();
    update(&mut w, "s", &ONE.replace("VisibilityTimeout: 30", "VisibilityTimeout: 60")).unwrap();
    run_out(&mut w);
    assert_eq!(status(&mut w, "s"), "UPDATE_COMPLETE");
    let h = history(&mut w, "s");
    assert_eq!(statuses_of(&h, "A", before), ["UPDATE_IN_PROGRESS", "UPDATE_COMPLETE"]);
    let r = resources(&mut w, "s");
    assert_eq!((r[0].1.as_str(), r[0].2.as_str()), (physical.as_str(), "UPDATE_COMPLETE"));
    assert_eq!(w.sqs.queues[&physical].attributes["VisibilityTimeout"], "60");
}

const BUCKET: &str = "Resources:
  B: {Type: AWS::S3::Bucket, Properties: {BucketName: nimbus-upd-one}}
  P:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref B
      PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Deny, Principal: '*', Action: 's3:*', Resource: !Sub 'arn:aws:s3:::${B}/*', Condition: {Bool: {'aws:SecureTransport': 'false'}}}]}
Outputs:
  Name: {Value: !Ref B}
";

#[test]
fn a_replacement_creates_the_new_resource_first_and_deletes_the_old_in_cleanup() {
    let mut w = World::new(4);
    create(&mut w, "s", BUCKET);
    assert_eq!(buckets(&mut w), ["nimbus-upd-one"]);
    let before = history(&mut w, "s").len();
    update(&mut w, "s", &BUCKET.replace("nimbus-upd-one", "nimbus-upd-two")).unwrap();
    run_out(&mut w);
    assert_eq!(status(&mut w, "s"), "UPDATE_COMPLETE");
    assert_eq!(buckets(&mut w), ["nimbus-upd-two"]);
    let h = history(&mut w, "s");
    assert_eq!(
        statuses_of(&h, "B", before),
        ["UPDATE_IN_PROGRESS", "UPDATE_IN_PROGRESS", "UPDATE_COMPLETE", "DELETE_IN_PROGRESS", "DELETE_COMPLETE"]
    );
    let first = h[before..].iter().find(|(l, _, _)| l == "B").unwrap();
    assert_eq!(
        first.2.as_deref(),
        Some("Requested update requires the creation of a new physical resource; hence creating one.")
    );
    // The policy names the bucket, which requires replacement: it is replaced as well.
    assert_eq!(statuses_of(&h, "P", before)[..3], ["UPDATE_IN_PROGRESS", "UPDATE_IN_PROGRESS", "UPDATE_COMPLETE"]);
    assert_eq!(outputs(&mut w, "s"), [("Name".to_string(), "nimbus-upd-two".to_string())]);
    let r = resources(&mut w, "s");
    assert_eq!(r[0].1, "nimbus-upd-two");
}

#[test]
fn a_custom_named_resource_that_must_be_replaced_fails_the_update() {
    let mut w = World::new(5);
    create(&mut w, "s", ONE);
    update(&mut w, "s", &ONE.replace("VisibilityTimeout: 30", "VisibilityTimeout: 30, FifoQueue: false")).unwrap();
    run_out(&mut w);
    assert_eq!(status(&mut w, "s"), "UPDATE_ROLLBACK_COMPLETE");
    let h = history(&mut w, "s");
    let failed = h.iter().find(|(l, s, _)| l == "A" && s == "UPDATE_FAILED").unwrap();
    assert_eq!(
        failed.2.as_deref(),
        Some(
            "CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename qa and update \
             the stack again."
        )
    );
    assert_eq!(queue_names(&w), ["qa"]);
}

#[test]
fn a_failed_update_rolls_back_to_the_old_template() {
    let mut w = World::new(6);
    create(&mut w, "s", ONE);
    let physical = resources(&mut w, "s")[0].1.clone();
    let before = history(&mut w, "s").len();
    let body = "Resources:
  A: {Type: AWS::SQS::Queue, Properties: {QueueName: qa, VisibilityTimeout: 60}}
  N: {Type: AWS::SQS::Queue}
  F: {Type: AWS::SQS::Queue, DependsOn: N, Metadata: {Nimbus: {Fail: true}}}
";
    update(&mut w, "s", body).unwrap();
    run_out(&mut w);
    assert_eq!(status(&mut w, "s"), "UPDATE_ROLLBACK_COMPLETE");
    let h = history(&mut w, "s");
    assert_eq!(
        statuses_of(&h, "s", before),
        [
            "UPDATE_IN_PROGRESS",
            "UPDATE_ROLLBACK_IN_PROGRESS",
            "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
            "UPDATE_ROLLBACK_COMPLETE"
        ]
    );
    let rb = h.iter().find(|(l, s, _)| l == "s" && s == "UPDATE_ROLLBACK_IN_PROGRESS").unwrap();
    assert_eq!(rb.2.as_deref(), Some("The following resource(s) failed to create: [F]. "));
    assert_eq!(
        statuses_of(&h, "A", before),
        ["UPDATE_IN_PROGRESS", "UPDATE_COMPLETE", "UPDATE_IN_PROGRESS", "UPDATE_COMPLETE"]
    );
    assert_eq!(
        statuses_of(&h, "N", before),
        ["CREATE_IN_PROGRESS", "CREATE_IN_PROGRESS", "CREATE_COMPLETE", "DELETE_IN_PROGRESS", "DELETE_COMPLETE"]
    );
    assert_eq!(w.sqs.queues[&physical].attributes["VisibilityTimeout"], "30");
    assert_eq!(queue_names(&w), ["qa"]);
    assert_eq!(resources(&mut w, "s").iter().map(|r| r.0.as_str()).collect::<Vec<_>>(), ["A"]);
    let CloudFormationResponse::GetTemplate(t) = cfn(
        &mut w,
        CloudFormationRequest::GetTemplate(GetTemplateRequest { stack_name: Some("s".into()), ..Default::default() }),
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(t.template_body, ONE);
    assert_eq!(reason(&mut w, "s"), None);
    // The stack can be updated again after a rollback.
    update(&mut w, "s", TWO).unwrap();
    run_out(&mut w);
    assert_eq!(status(&mut w, "s"), "UPDATE_COMPLETE");
}

// --------------------------------------------------------------------------- change sets

fn change_set(world: &mut World, stack: &str, name: &str, body: &str, kind: Option<&str>) -> Result<String, ApiError> {
    let r = cfn(
        world,
        CloudFormationRequest::CreateChangeSet(CreateChangeSetRequest {
            stack_name: stack.into(),
            change_set_name: name.into(),
            template_body: Some(body.into()),
            change_set_type: kind.map(str::to_string),
            ..Default::default()
        }),
    )?;
    let CloudFormationResponse::CreateChangeSet(out) = r else { panic!() };
    Ok(out.id)
}

fn describe_cs(world: &mut World, stack: &str, name: &str) -> Result<DescribeChangeSetOutput, ApiError> {
    let r = cfn(
        world,
        CloudFormationRequest::DescribeChangeSet(DescribeChangeSetRequest {
            change_set_name: name.into(),
            stack_name: Some(stack.into()),
            next_token: None,
        }),
    )?;
    let CloudFormationResponse::DescribeChangeSet(out) = r else { panic!() };
    Ok(out)
}

fn execute(world: &mut World, stack: &str, name: &str) -> Result<(), ApiError> {
    cfn(
        world,
        CloudFormationRequest::ExecuteChangeSet(ExecuteChangeSetRequest {
            change_set_name: name.into(),
            stack_name: Some(stack.into()),
        }),
    )
    .map(|_| ())
}

#[test]
fn a_change_set_shows_the_changes_and_executing_it_runs_the_update() {
    let mut w = World::new(7);
    create(&mut w, "s", ONE);
    let body = TWO.replace("VisibilityTimeout: 30", "VisibilityTimeout: 60");
    let id = change_set(&mut w, "s", "more", &body, None).unwrap();
    assert!(id.contains(":changeSet/more/"), "{id}");
    let d = describe_cs(&mut w, "s", "more").unwrap();
    assert_eq!((d.status.as_str(), d.execution_status.as_str()), ("CREATE_PENDING", "UNAVAILABLE"));
    assert!(d.changes.is_empty());
    run_out(&mut w);
    let d = describe_cs(&mut w, "s", &id).unwrap();
    assert_eq!((d.status.as_str(), d.execution_status.as_str()), ("CREATE_COMPLETE", "AVAILABLE"));
    let changes: Vec<&ResourceChange> = d.changes.iter().map(|c| &c.resource_change).collect();
    assert_eq!(changes.len(), 2);
    assert_eq!(
        (changes[0].action.as_str(), changes[0].logical_resource_id.as_str(), changes[0].replacement.as_deref()),
        ("Modify", "A", Some("False"))
    );
    assert_eq!(changes[0].scope, ["Properties"]);
    let detail = &changes[0].details[0];
    assert_eq!(
        (detail.target.name.as_deref(), detail.target.requires_recreation.as_str(), detail.change_source.as_str()),
        (Some("VisibilityTimeout"), "Never", "DirectModification")
    );
    assert_eq!((changes[1].action.as_str(), changes[1].logical_resource_id.as_str()), ("Add", "B"));
    assert_eq!(changes[1].physical_resource_id, None);
    assert_eq!(status(&mut w, "s"), "CREATE_COMPLETE", "a change set changes nothing by itself");
    execute(&mut w, "s", "more").unwrap();
    assert_eq!(status(&mut w, "s"), "UPDATE_IN_PROGRESS");
    assert_eq!(describe_cs(&mut w, "s", "more").unwrap().execution_status, "EXECUTE_IN_PROGRESS");
    let e = cfn(
        &mut w,
        CloudFormationRequest::DeleteChangeSet(DeleteChangeSetRequest {
            change_set_name: "more".into(),
            stack_name: Some("s".into()),
        }),
    )
    .unwrap_err();
    assert_eq!(e.code, "InvalidChangeSetStatus");
    run_out(&mut w);
    assert_eq!(status(&mut w, "s"), "UPDATE_COMPLETE");
    assert_eq!(describe_cs(&mut w, "s", "more").unwrap().execution_status, "EXECUTE_COMPLETE");
    assert_eq!(queue_names(&w).len(), 2);
}

#[test]
fn a_change_set_marks_replacements_and_what_they_cause() {
    let mut w = World::new(8);
    create(&mut w, "s", BUCKET);
    change_set(&mut w, "s", "rename", &BUCKET.replace("nimbus-upd-one", "nimbus-upd-three"), None).unwrap();
    run_out(&mut w);
    let d = describe_cs(&mut w, "s", "rename").unwrap();
    let b = &d.changes[0].resource_change;
    assert_eq!((b.logical_resource_id.as_str(), b.replacement.as_deref()), ("B", Some("True")));
    assert_eq!(b.physical_resource_id.as_deref(), Some("nimbus-upd-one"));
    assert_eq!(b.details[0].target.requires_recreation, "Always");
    let p = &d.changes[1].resource_change;
    assert_eq!((p.logical_resource_id.as_str(), p.replacement.as_deref()), ("P", Some("True")));
    let bucket = p.details.iter().find(|x| x.target.name.as_deref() == Some("Bucket")).unwrap();
    assert_eq!((bucket.change_source.as_str(), bucket.causing_entity.as_deref()), ("ResourceReference", Some("B")));
}

#[test]
fn an_empty_change_set_fails_and_cannot_run() {
    let mut w = World::new(9);
    create(&mut w, "s", ONE);
    change_set(&mut w, "s", "same", ONE, None).unwrap();
    run_out(&mut w);
    let d = describe_cs(&mut w, "s", "same").unwrap();
    assert_eq!(d.status, "FAILED");
    assert_eq!(
        d.status_reason.as_deref(),
        Some("The submitted information didn't contain changes. Submit different information to create a change set.")
    );
    assert_eq!(d.execution_status, "UNAVAILABLE");
    let e = execute(&mut w, "s", "same").unwrap_err();
    assert_eq!((e.code.as_str(), e.status), ("InvalidChangeSetStatus", 400));
}

#[test]
fn executing_one_change_set_deletes_the_others() {
    let mut w = World::new(10);
    create(&mut w, "s", ONE);
    change_set(&mut w, "s", "first", TWO, None).unwrap();
    change_set(&mut w, "s", "second", &ONE.replace("30", "45"), None).unwrap();
    let e = change_set(&mut w, "s", "first", TWO, None).unwrap_err();
    assert_eq!((e.code.as_str(), e.message.as_str()), ("AlreadyExistsException", "ChangeSet [first] already exists"));
    run_out(&mut w);
    execute(&mut w, "s", "first").unwrap();
    run_out(&mut w);
    let CloudFormationResponse::ListChangeSets(l) = cfn(
        &mut w,
        CloudFormationRequest::ListChangeSets(ListChangeSetsRequest { stack_name: "s".into(), next_token: None }),
    )
    .unwrap() else {
        panic!()
    };
    let seen: Vec<(&str, &str)> =
        l.summaries.iter().map(|c| (c.change_set_name.as_str(), c.execution_status.as_str())).collect();
    assert_eq!(seen, [("first", "EXECUTE_COMPLETE")]);
    let e = execute(&mut w, "s", "second").unwrap_err();
    assert_eq!((e.code.as_str(), e.message.as_str()), ("ChangeSetNotFound", "ChangeSet [second] does not exist"));
}

#[test]
fn deleting_a_change_set_leaves_the_stack_alone() {
    let mut w = World::new(11);
    create(&mut w, "s", ONE);
    change_set(&mut w, "s", "gone", TWO, None).unwrap();
    run_out(&mut w);
    cfn(
        &mut w,
        CloudFormationRequest::DeleteChangeSet(DeleteChangeSetRequest {
            change_set_name: "gone".into(),
            stack_name: Some("s".into()),
        }),
    )
    .unwrap();
    let e = describe_cs(&mut w, "s", "gone").unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.status, e.message.as_str()),
        ("ChangeSetNotFound", 404, "ChangeSet [gone] does not exist")
    );
    assert_eq!(execute(&mut w, "s", "gone").unwrap_err().code, "ChangeSetNotFound");
    assert_eq!(status(&mut w, "s"), "CREATE_COMPLETE");
    assert_eq!(queue_names(&w), ["qa"]);
}

#[test]
fn a_create_change_set_makes_a_stack_in_review_until_executed() {
    let mut w = World::new(12);
    let e = change_set(&mut w, "new", "c", ONE, None).unwrap_err();
    assert_eq!(e.message, "Stack [new] does not exist");
    change_set(&mut w, "new", "c", TWO, Some("CREATE")).unwrap();
    assert_eq!(status(&mut w, "new"), "REVIEW_IN_PROGRESS");
    run_out(&mut w);
    let d = describe_cs(&mut w, "new", "c").unwrap();
    assert_eq!(d.status, "CREATE_COMPLETE");
    assert!(d.changes.iter().all(|c| c.resource_change.action == "Add"));
    assert_eq!(d.changes.len(), 2);
    assert!(queue_names(&w).is_empty());
    execute(&mut w, "new", "c").unwrap();
    assert_eq!(status(&mut w, "new"), "CREATE_IN_PROGRESS");
    run_out(&mut w);
    assert_eq!(status(&mut w, "new"), "CREATE_COMPLETE");
    assert_eq!(describe_cs(&mut w, "new", "c").unwrap().execution_status, "EXECUTE_COMPLETE");
    assert_eq!(outputs(&mut w, "new"), [("BName".to_string(), "qa-b".to_string())]);
    let e = change_set(&mut w, "new", "again", TWO, Some("CREATE")).unwrap_err();
    assert_eq!(e.message, "Stack [new] already exists and cannot be created again with the changeSet [again].");
}

#[test]
fn a_parameter_change_modifies_what_refers_to_it() {
    let mut w = World::new(13);
    let body = "Parameters:
  Wait: {Type: Number, Default: 30}
Resources:
  A: {Type: AWS::SQS::Queue, Properties: {VisibilityTimeout: !Ref Wait}}
  B: {Type: AWS::SQS::Queue}
";
    create(&mut w, "s", body);
    let r = cfn(
        &mut w,
        CloudFormationRequest::CreateChangeSet(CreateChangeSetRequest {
            stack_name: "s".into(),
            change_set_name: "longer".into(),
            use_previous_template: Some(true),
            parameters: vec![Parameter::new("Wait", "90")],
            ..Default::default()
        }),
    );
    assert!(r.is_ok(), "{r:?}");
    run_out(&mut w);
    let d = describe_cs(&mut w, "s", "longer").unwrap();
    assert_eq!(d.changes.len(), 1, "B does not use the parameter");
    let a = &d.changes[0].resource_change;
    assert_eq!((a.logical_resource_id.as_str(), a.replacement.as_deref()), ("A", Some("False")));
    assert_eq!(a.details[0].change_source, "ParameterReference");
    execute(&mut w, "s", "longer").unwrap();
    run_out(&mut w);
    assert_eq!(status(&mut w, "s"), "UPDATE_COMPLETE");
    let url = resources(&mut w, "s")[0].1.clone();
    assert_eq!(w.sqs.queues[&url].attributes["VisibilityTimeout"], "90");
}

#[test]
fn update_replace_policy_retain_keeps_the_replaced_resource() {
    let mut w = World::new(14);
    let body = "Resources:\n  B: {Type: AWS::S3::Bucket, UpdateReplacePolicy: Retain, Properties: {BucketName: nimbus-keep-one}}\n";
    create(&mut w, "s", body);
    update(&mut w, "s", &body.replace("nimbus-keep-one", "nimbus-keep-two")).unwrap();
    run_out(&mut w);
    assert_eq!(status(&mut w, "s"), "UPDATE_COMPLETE");
    assert_eq!(buckets(&mut w), ["nimbus-keep-one", "nimbus-keep-two"]);
    assert_eq!(resources(&mut w, "s")[0].1, "nimbus-keep-two");
}

#[test]
fn an_update_saved_halfway_finishes_the_same_after_a_restore() {
    let mut w = World::new(15);
    create(&mut w, "s", ONE);
    update(&mut w, "s", &TWO.replace("VisibilityTimeout: 30", "VisibilityTimeout: 60")).unwrap();
    w.advance_to_next_deadline();
    let mut restored = World::from_json(&w.to_json()).unwrap();
    run_out(&mut w);
    run_out(&mut restored);
    assert_eq!(w.to_json(), restored.to_json());
    assert_eq!(status(&mut restored, "s"), "UPDATE_COMPLETE");
}

#[test]
fn a_bucket_changes_in_place_when_no_replacement_property_changes() {
    use nimbus_sim::services::s3::{GetBucketVersioningRequest, S3Request, S3Response};
    let mut w = World::new(16);
    create(&mut w, "s", BUCKET);
    let body = BUCKET.replace(
        "Properties: {BucketName: nimbus-upd-one}",
        "Properties: {BucketName: nimbus-upd-one, VersioningConfiguration: {Status: Enabled}}",
    );
    update(&mut w, "s", &body).unwrap();
    run_out(&mut w);
    assert_eq!(status(&mut w, "s"), "UPDATE_COMPLETE");
    assert_eq!(buckets(&mut w), ["nimbus-upd-one"]);
    let Ok(Response::S3(S3Response::GetBucketVersioning(v))) =
        w.call(Request::S3(S3Request::GetBucketVersioning(GetBucketVersioningRequest {
            bucket: "nimbus-upd-one".into(),
        })))
    else {
        panic!()
    };
    assert_eq!(v.status.as_deref(), Some("Enabled"));
}

#[test]
fn a_direct_update_deletes_the_stacks_change_sets() {
    let mut w = World::new(12);
    create(&mut w, "s", ONE);
    run_out(&mut w);
    change_set(&mut w, "s", "pending", TWO, None).unwrap();
    run_out(&mut w);
    assert!(describe_cs(&mut w, "s", "pending").is_ok());
    update(&mut w, "s", &ONE.replace("30", "45")).unwrap();
    let e = describe_cs(&mut w, "s", "pending").unwrap_err();
    assert_eq!(e.code, "ChangeSetNotFound");
}
