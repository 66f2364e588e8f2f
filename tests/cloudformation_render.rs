//! What a user sees on the CloudFormation page, rendered natively (yew SSR) from a given lab:
//! the editor and its gallery, a refused template's place, a stack's resources and its graph.

use nimbus_lab::app::{StaticApp, StaticAppProps};
use nimbus_lab::pages::cloudformation::{cfn, samples};
use nimbus_lab::store::{Action, Lab, Store};
use nimbus_sim::services::cloudformation::{CloudFormationRequest, CreateStackRequest, ValidateTemplateRequest};
use nimbus_sim::{SimDuration, World};
use std::rc::Rc;
use yew::LocalServerRenderer;

fn render(store: Store, path: &str) -> String {
    let props = StaticAppProps { store: Rc::new(store), path: path.to_string().into(), learn: Default::default() };
    let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, LocalServerRenderer::<StaticApp>::with_props(props).render())
}

fn validate(store: &mut Store, body: &str) {
    let request = ValidateTemplateRequest { template_body: Some(body.into()), template_url: None };
    store.apply(Action::Call(cfn(CloudFormationRequest::ValidateTemplate(request))));
}

fn store_with_stack(sample: &str, advance: SimDuration) -> Store {
    let s = samples::find(sample).unwrap();
    let mut world = World::new(7);
    let request = CreateStackRequest {
        stack_name: s.stack_name.into(),
        template_body: Some(s.body.into()),
        ..Default::default()
    };
    world.call(cfn(CloudFormationRequest::CreateStack(request))).expect("the sample creates");
    world.advance(advance);
    Store::new(Lab { world, ..Lab::default() })
}

#[test]
fn the_page_has_the_service_shape_and_suggests_list_stacks() {
    let html = render(Store::default(), "/cloudformation");
    assert!(html.contains(">AWS CloudFormation</h1>"), "{html}");
    for part in ["Console", "Diagram", "Terminal", "Trail"] {
        assert!(html.contains(&format!(">{part}</h2>")), "the page misses the {part} section");
    }
    assert!(html.contains("aws cloudformation list-stacks"), "the terminal suggests CloudFormation");
    assert!(html.contains("No stacks yet."), "the empty diagram and table say so");
    for step in ["+10 s", "+1 min", "+5 min"] {
        assert!(html.contains(&format!(">{step}</button>")), "clock button {step}");
    }
    assert!(!html.contains("is coming"), "CloudFormation is no longer a coming page");
}

#[test]
fn the_gallery_offers_every_sample_and_the_editor_holds_the_first() {
    let html = render(Store::default(), "/cloudformation");
    for s in samples::SAMPLES {
        assert!(html.contains(&format!("<strong>{}</strong>", s.title)), "gallery misses {}", s.title);
    }
    assert!(html.contains("aria-pressed=\"true\""), "the chosen sample is marked");
    assert!(html.contains("AWS::S3::BucketPolicy"), "the editor holds the first sample");
    assert!(html.contains("Parameter IndexDocument"), "the template's parameters become fields");
    assert!(html.contains("<option value=\"home.html\""), "AllowedValues become a select");
    assert!(html.contains("CAPABILITY_IAM"), "capabilities are offered");
    assert!(html.contains("<option value=\"DO_NOTHING\""), "OnFailure is a select");
}

#[test]
fn a_refused_template_shows_the_engine_error_and_its_line_and_column() {
    let mut store = Store::default();
    validate(&mut store, samples::BROKEN);
    let html = render(store, "/cloudformation");
    assert!(html.contains("ValidationError"), "{html}");
    assert!(html.contains("Template format error"), "the engine's text is shown");
    assert!(html.contains("class=\"cfn-place\">Line 5, column 1: "), "the place is pointed at: {html}");

    let mut store = Store::default();
    validate(
        &mut store,
        "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Ref Nowhere\n",
    );
    let html = render(store, "/cloudformation");
    assert!(html.contains("Unresolved resource dependencies [Nowhere]"), "{html}");
    assert!(html.contains("Line 5, column"), "the trail's place is used when the message has none");
}

#[test]
fn a_valid_template_says_so() {
    let mut store = Store::default();
    validate(&mut store, samples::find("iam-role").unwrap().body);
    let html = render(store, "/cloudformation");
    assert!(html.contains("Template is valid."), "{html}");
    assert!(html.contains("Creating it needs CAPABILITY_IAM."));
}

#[test]
fn a_stack_lists_its_resources_and_draws_them_complete() {
    let html = render(store_with_stack("queue", SimDuration::minutes(5)), "/cloudformation");
    assert!(html.contains("Stack jobs"), "the newest stack opens");
    assert!(html.contains("tone-complete\">CREATE_COMPLETE</span>"), "status badge");
    for id in ["DeadLetterQueue", "WorkQueue"] {
        assert!(html.contains(&format!(">{id}</td>")), "{id} is in the events table");
    }
    // The events tab opens first, newest first: the stack's own CREATE_COMPLETE heads it.
    let first = html.find("Events (newest first)").expect("events table");
    let rest = &html[first..];
    let stack_done = rest.find(">jobs</td>").expect("stack event");
    let queue_started = rest.find(">DeadLetterQueue</td>").expect("resource event");
    assert!(stack_done < queue_started, "newest first");
    // The graph: nodes by logical id and short type, complete, with the GetAtt edge in the text twin.
    assert!(html.contains("resource WorkQueue · Queue, CREATE_COMPLETE"), "{html}");
    assert!(html.contains("DeadLetterQueue · Queue → WorkQueue · Queue (GetAtt)"));
}

#[test]
fn a_stack_in_progress_shows_waiting_resources() {
    let html = render(store_with_stack("vpc", SimDuration::seconds(1)), "/cloudformation");
    assert!(html.contains("tone-in-progress\">CREATE_IN_PROGRESS</span>"), "{html}");
    assert!(html.contains("resource PublicSubnet · Subnet, Not started"));
    assert!(html.contains("vpc &quot;VPC Vpc&quot;") || html.contains("vpc \"VPC Vpc\""), "the VPC box");
    assert!(html.contains("GatewayAttachment · VPCGatewayAttachment → DefaultRoute · Route (DependsOn)"));
}

#[derive(yew::Properties, PartialEq)]
struct CostProps {
    world: Rc<World>,
    stack: String,
}

#[yew::function_component]
fn CostOnly(p: &CostProps) -> yew::Html {
    let s = p.world.cloudformation.find(&p.stack, "us-east-1").expect("the stack");
    nimbus_lab::pages::cloudformation::cost_view(&p.world, s)
}

#[test]
fn the_cost_tab_prices_the_web_server_and_shows_the_office_hours_saving() {
    use nimbus_sim::services::cloudformation::{Parameter, Tag};
    use nimbus_sim::services::ec2::{CreateKeyPairRequest, Ec2Request};
    let s = samples::find("web-server").unwrap();
    let mut world = World::new(7);
    let key = CreateKeyPairRequest { key_name: "lab-key".into(), ..Default::default() };
    world.call(nimbus_sim::Request::Ec2(Ec2Request::CreateKeyPair(key))).unwrap();
    let request = CreateStackRequest {
        stack_name: "web".into(),
        template_body: Some(s.body.into()),
        parameters: vec![Parameter::new("KeyName", "lab-key")],
        tags: vec![Tag { key: "env".into(), value: "dev".into() }],
        ..Default::default()
    };
    world.call(cfn(CloudFormationRequest::CreateStack(request))).expect("the sample creates");
    world.advance(SimDuration::minutes(5));
    let props = CostProps { world: Rc::new(world), stack: "web".into() };
    let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    let local = tokio::task::LocalSet::new();
    let html = local.block_on(&runtime, LocalServerRenderer::<CostOnly>::with_props(props).render());
    assert!(html.contains("us-east-1 on-demand prices, 2025"), "the table is dated: {html}");
    // t3.micro 730 h × $0.0104 = $7.59, + 8 GB gp3 $0.64; the Elastic IP 730 h × $0.005 = $3.65.
    assert!(html.contains("$8.23"), "instance line: {html}");
    assert!(html.contains("$3.65"), "address line");
    assert!(html.contains("Total: $11.88 a month (estimate)"), "{html}");
    assert!(html.contains("env = dev: $11.88 a month"), "cost by tag");
    // 9 h × 5 days of 168 h: $3.18 a month, a 73 % saving.
    assert!(html.contains("$3.18 a month: a saving of $8.70 (73 %)"), "{html}");
}

#[derive(yew::Properties, PartialEq)]
struct DriftProps {
    world: Rc<World>,
}

#[yew::function_component]
fn DriftOnly(p: &DriftProps) -> yew::Html {
    let s = p.world.cloudformation.find("website", "us-east-1").expect("the stack");
    let view = nimbus_lab::pages::cloudformation::drift_view(&p.world, s, yew::Callback::noop());
    // The view's CLI line reads the store, as it does on the page.
    let initial = Rc::new(Store::new(Lab { world: (*p.world).clone(), ..Lab::default() }));
    yew::html! { <nimbus_lab::app::StoreProvider {initial}>{ view }</nimbus_lab::app::StoreProvider> }
}

fn render_drift(world: World) -> String {
    let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    let local = tokio::task::LocalSet::new();
    local
        .block_on(&runtime, LocalServerRenderer::<DriftOnly>::with_props(DriftProps { world: Rc::new(world) }).render())
}

#[test]
fn the_drift_tab_shows_a_suspended_bucket_as_modified_with_its_difference() {
    use nimbus_sim::services::cloudformation::DetectStackDriftRequest;
    use nimbus_sim::services::s3::{PutBucketVersioningRequest, S3Request, VersioningConfiguration};
    let store = store_with_stack("bucket", SimDuration::minutes(5));
    let mut world = store.world().clone();
    assert!(render_drift(world.clone()).contains("Drift has not been checked yet."));
    let bucket = world.cloudformation.find("website", "us-east-1").unwrap().resources[0].physical_id.clone().unwrap();
    let suspend = PutBucketVersioningRequest {
        bucket,
        versioning_configuration: VersioningConfiguration { status: Some("Suspended".into()) },
    };
    world.call(nimbus_sim::Request::S3(S3Request::PutBucketVersioning(suspend))).unwrap();
    let detect = DetectStackDriftRequest { stack_name: "website".into(), logical_resource_ids: vec![] };
    world.call(cfn(CloudFormationRequest::DetectStackDrift(detect))).unwrap();
    assert!(render_drift(world.clone()).contains("DETECTION_IN_PROGRESS"));
    world.advance(SimDuration::minutes(1));
    let html = render_drift(world);
    assert!(html.contains("the stack is DRIFTED, 1 drifted resource(s)"), "{html}");
    assert!(html.contains("drift-modified\">MODIFIED</span>"), "{html}");
    assert!(
        html.contains("/VersioningConfiguration/Status</code> NOT_EQUAL: expected Enabled, actual Suspended"),
        "{html}"
    );
}

/// The bucket sample with a new bucket name (the bucket is replaced) or with versioning
/// suspended (changed in place).
fn bucket_template(rename: bool, versioning: &str) -> String {
    let body = samples::find("bucket").unwrap().body;
    let name = if rename { "      BucketName: renamed-site-bucket\n" } else { "" };
    body.replace(
        "      VersioningConfiguration:\n        Status: Enabled\n",
        &format!("{name}      VersioningConfiguration:\n        Status: {versioning}\n"),
    )
}

/// The changes of a change set made on the `website` stack with `body`, once computed.
fn changes_for(body: String) -> Vec<nimbus_sim::services::cloudformation::ChangeEntry> {
    use nimbus_sim::services::cloudformation::{
        CloudFormationResponse, CreateChangeSetRequest, DescribeChangeSetRequest,
    };
    let mut world = store_with_stack("bucket", SimDuration::minutes(5)).world().clone();
    let create = CreateChangeSetRequest {
        stack_name: "website".into(),
        change_set_name: "next".into(),
        template_body: Some(body),
        ..Default::default()
    };
    world.call(cfn(CloudFormationRequest::CreateChangeSet(create))).expect("the change set is made");
    world.advance(SimDuration::seconds(10));
    let describe = DescribeChangeSetRequest {
        change_set_name: "next".into(),
        stack_name: Some("website".into()),
        next_token: None,
    };
    match world.call(cfn(CloudFormationRequest::DescribeChangeSet(describe))) {
        Ok(nimbus_sim::Response::CloudFormation(CloudFormationResponse::DescribeChangeSet(out))) => {
            assert_eq!(out.status, "CREATE_COMPLETE");
            out.changes
        }
        other => panic!("no change set: {other:?}"),
    }
}

fn render_changes(changes: Vec<nimbus_sim::services::cloudformation::ChangeEntry>) -> String {
    use nimbus_lab::pages::cloudformation::{ChangeTable, ChangeTableProps};
    let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, LocalServerRenderer::<ChangeTable>::with_props(ChangeTableProps { changes }).render())
}

#[test]
fn a_change_set_that_renames_the_bucket_shows_it_replaced() {
    let html = render_changes(changes_for(bucket_template(true, "Enabled")));
    let row = html.find("<tr class=\"replace-true\"").expect("the bucket's row is marked as a replacement");
    let row = &html[row..html[row..].find("</tr>").unwrap() + row];
    for cell in [">Modify</span>", ">SiteBucket</td>", "AWS::S3::Bucket", ">True</td>", "Properties.BucketName"] {
        assert!(row.contains(cell), "the row misses {cell}: {row}");
    }
    assert!(html.contains("SiteBucket (AWS::S3::Bucket) will be replaced"), "the warning names it: {html}");
    assert!(html.contains("recreation Always"), "the detail says the property needs a new resource: {html}");
}

#[test]
fn a_change_set_that_only_suspends_versioning_changes_the_bucket_in_place() {
    let html = render_changes(changes_for(bucket_template(false, "Suspended")));
    assert!(html.contains("<tr class=\"replace-false\""), "{html}");
    assert!(html.contains(">False</td>"), "{html}");
    assert!(!html.contains("will be replaced"), "no replacement warning: {html}");
    assert!(html.contains("Properties.VersioningConfiguration"), "{html}");
}

#[test]
fn a_complete_stack_offers_update_and_lists_change_sets_in_a_tab() {
    let html = render(store_with_stack("bucket", SimDuration::minutes(5)), "/cloudformation");
    assert!(html.contains(">Update stack</button>"), "{html}");
    assert!(html.contains("id=\"cfn-tab-change-sets\""), "the Change sets tab: {html}");
}

#[test]
fn a_big_stack_shows_its_newest_events_and_offers_the_rest() {
    // 60 queues: each makes two events, and the stack two more.
    let mut body = String::from("Resources:\n");
    for i in 0..60 {
        body.push_str(&format!("  Q{i}: {{Type: AWS::SQS::Queue}}\n"));
    }
    let mut world = World::new(7);
    let request = CreateStackRequest { stack_name: "many".into(), template_body: Some(body), ..Default::default() };
    world.call(cfn(CloudFormationRequest::CreateStack(request))).expect("the stack creates");
    world.advance(SimDuration::minutes(5));
    let total = world.cloudformation.find("many", "us-east-1").unwrap().events.len();
    assert!(total > 100, "{total} events");
    let html = render(Store::new(Lab { world, ..Lab::default() }), "/cloudformation");
    let first = html.find("Events (newest first)").expect("events table");
    let table = &html[first..html[first..].find("</table>").map_or(html.len(), |e| first + e)];
    assert_eq!(table.matches("<tr").count() - 1, 100, "a header row and the newest 100");
    assert!(html.contains(&format!("The newest 100 of {total} events.")), "{html}");
    assert!(html.contains(&format!(">Show all {total} events</button>")));
}
