//! What a user sees, rendered natively (yew SSR) from a given lab: the home page's service map,
//! the S3 page's tables and diagram text twin, the header clock.

use nimbus_lab::app::{StaticApp, StaticAppProps};
use nimbus_lab::store::{Action, Lab, Store};
use nimbus_sim::services::s3::{CreateBucketRequest, PutObjectRequest, S3Request};
use nimbus_sim::{Request, World};
use std::rc::Rc;
use yew::LocalServerRenderer;

fn render(store: Store, path: &str) -> String {
    let props = StaticAppProps { store: Rc::new(store), path: path.to_string().into(), learn: Default::default() };
    let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, LocalServerRenderer::<StaticApp>::with_props(props).render())
}

fn store_with_bucket() -> Store {
    let mut world = World::new(7);
    let create = CreateBucketRequest { bucket: "class-photos".into(), create_bucket_configuration: None };
    world.call(Request::S3(S3Request::CreateBucket(create))).unwrap();
    let put = PutObjectRequest {
        bucket: "class-photos".into(),
        key: "index.html".into(),
        body: "<h1>hi</h1>".into(),
        ..Default::default()
    };
    world.call(Request::S3(S3Request::PutObject(put))).unwrap();
    Store::new(Lab { world, ..Lab::default() })
}

#[test]
fn home_page_maps_every_service_with_its_status() {
    let html = render(Store::default(), "/");
    assert!(html.contains("Learn AWS by doing"), "{html}");
    for name in ["Amazon S3", "AWS KMS", "AWS CloudHSM", "AWS Secrets Manager", "Amazon Cognito", "AWS CloudFormation"]
    {
        assert!(html.contains(name), "home page misses {name}");
    }
    for name in
        ["AWS CodePipeline", "AWS CodeArtifact", "Amazon Route 53", "Amazon CloudFront", "AWS Lambda", "Amazon RDS"]
    {
        assert!(html.contains(name), "home page misses {name}");
    }
    assert!(html.contains("href=\"#/s3\""), "S3 is a link");
    assert!(html.contains("href=\"#/kms\"") && html.contains("href=\"#/cloudhsm\""), "KMS and CloudHSM have pages");
    assert!(html.contains("href=\"#/route53\""), "coming services are links too");
    assert!(html.contains(">Simulated<") && html.contains(">Coming<"));
}

#[test]
fn header_shows_the_simulated_date_and_disabled_undo_on_a_new_lab() {
    let html = render(Store::default(), "/");
    assert!(html.contains("Nimbus Lab"));
    assert!(html.contains("2026-01-01 00:00:00 UTC"), "{html}");
    assert!(html.contains("No scheduled events"));
    for label in ["+1 hour", "+1 day", "+30 days", "+1 year", "Run clock"] {
        assert!(html.contains(label), "missing clock button {label}");
    }
    assert!(html.contains("disabled") && html.contains(">Undo<") && html.contains(">Redo<"));
}

#[test]
fn header_clock_follows_advance() {
    let mut store = Store::default();
    store.apply(Action::Advance(nimbus_sim::SimDuration::days(30)));
    let html = render(store, "/");
    assert!(html.contains("2026-01-31 00:00:00 UTC"), "{html}");
}

#[test]
fn s3_page_lists_the_bucket_and_describes_the_diagram_in_text() {
    let html = render(store_with_bucket(), "/s3");
    assert!(html.contains("Amazon S3"));
    for part in ["Console", "Diagram", "Terminal", "Trail"] {
        assert!(html.contains(&format!(">{part}</h2>")), "S3 page misses the {part} section");
    }
    assert!(html.contains(">class-photos</button>"), "bucket table row: {html}");
    assert!(html.contains("us-east-1"));
    assert!(html.contains("Diagram as text"));
    assert!(html.contains("bucket \"class-photos (us-east-1)\""), "text twin names the bucket: {html}");
    assert!(html.contains("object \"index.html\""), "text twin names the object");
    assert!(html.contains("<svg"), "the diagram is drawn");
    assert!(html.contains("CreateBucket") && html.contains("PutObject"), "the trail lists the calls");
}

#[test]
fn s3_page_shows_an_empty_lab_without_a_table() {
    let html = render(Store::default(), "/s3");
    assert!(html.contains("No buckets yet."));
    assert!(html.contains("Bucket name") && html.contains("Create bucket"));
}

#[test]
fn a_failed_call_is_marked_in_the_trail_and_told_in_a_notice() {
    let mut store = Store::default();
    let bad = CreateBucketRequest { bucket: "Bad_Name".into(), create_bucket_configuration: None };
    store.apply(Action::Call(Request::S3(S3Request::CreateBucket(bad))));
    let html = render(store, "/s3");
    assert!(html.contains("Error: <strong>InvalidBucketName</strong>"), "{html}");
    assert!(html.contains("role=\"alert\""));
    assert!(html.contains("The specified bucket is not valid."));
}

#[test]
fn coming_services_and_unknown_addresses_have_pages() {
    let html = render(Store::default(), "/cloudfront");
    assert!(html.contains("Amazon CloudFront") && html.contains("coming to Nimbus Lab"), "{html}");
    let html = render(Store::default(), "/route53");
    assert!(html.contains(">Amazon Route 53</h1>") && !html.contains("coming to Nimbus Lab"), "{html}");
    let html = render(Store::default(), "/kms");
    assert!(html.contains(">AWS KMS</h1>") && !html.contains("coming to Nimbus Lab"));
    let html = render(Store::default(), "/no/such/page");
    assert!(html.contains("Page not found"));
}

#[test]
fn an_unreadable_save_is_explained_with_a_download() {
    let store = Store::from_restored(nimbus_lab::store::restore(Some("{not json")));
    let html = render(store, "/");
    assert!(html.contains("Your saved lab could not be read"));
    assert!(html.contains("Download the unreadable save"));
    assert!(html.contains("Learn AWS by doing"), "the fresh lab still renders");
}

#[test]
fn the_console_shows_the_cli_line_of_its_last_action() {
    let mut store = Store::default();
    let create = CreateBucketRequest { bucket: "shown-bucket".into(), create_bucket_configuration: None };
    store.apply(Action::Call(Request::S3(S3Request::CreateBucket(create))));
    let html = render(store, "/s3");
    assert!(html.contains("Same with the AWS CLI:"), "{html}");
    assert!(html.contains("aws s3api create-bucket"), "{html}");
}

#[test]
fn diagram_boxes_are_buttons_the_keyboard_can_reach() {
    let html = render(store_with_bucket(), "/s3");
    assert!(html.contains("role=\"button\""), "{html}");
    assert!(html.contains("aria-label=\"object index.html\""), "{html}");
    assert!(html.contains("aria-label=\"bucket class-photos (us-east-1)\""), "{html}");
    assert!(html.contains("tabindex=\"0\""));
    // Each box says which item it is, for the diagram's one click and key listener, and starts
    // unpressed; the drawing is one SVG element with its label.
    assert!(html.contains("aria-pressed=\"false\" data-id=\""), "{html}");
    assert_eq!(html.matches("<svg ").count(), 1, "{html}");
    assert!(html.contains("aria-label=\"Diagram: "), "{html}");
}

#[test]
fn diagram_text_from_the_lab_is_escaped_in_the_drawing_and_the_text_twin() {
    let mut world = World::new(7);
    let create = CreateBucketRequest { bucket: "class-photos".into(), create_bucket_configuration: None };
    world.call(Request::S3(S3Request::CreateBucket(create))).unwrap();
    let put = PutObjectRequest {
        bucket: "class-photos".into(),
        key: "<b>&\"x\".html".into(),
        body: "hi".into(),
        ..Default::default()
    };
    world.call(Request::S3(S3Request::PutObject(put))).unwrap();
    let html = render(Store::new(Lab { world, ..Lab::default() }), "/s3");
    assert!(!html.contains("<b>&"), "no markup from a key reaches the page: {html}");
    assert!(html.contains("aria-label=\"object &lt;b&gt;&amp;&quot;x&quot;.html\""), "{html}");
    assert!(html.contains("object \"&lt;b&gt;&amp;\"x\".html\""), "the text twin names it: {html}");
}

#[test]
fn the_terminal_has_a_labelled_input_and_a_live_output_log() {
    let mut store = Store::default();
    store.apply(Action::RunLine("aws s3api list-buckets".into()));
    let html = render(store, "/s3");
    assert!(html.contains("role=\"log\"") && html.contains("aria-live=\"polite\""), "{html}");
    assert!(html.contains("id=\"terminal-input\""));
    assert!(html.contains("aws s3api list-buckets"));
    assert!(html.contains("\"Buckets\""), "the command's output is on screen: {html}");
}

#[test]
fn each_service_page_suggests_one_of_its_own_commands() {
    for (path, line) in [
        ("/s3", "aws s3api list-buckets"),
        ("/kms", "aws kms list-keys"),
        ("/cloudhsm", "aws cloudhsmv2 describe-clusters"),
        ("/route53", "aws route53 list-hosted-zones"),
    ] {
        let html = render(Store::default(), path);
        assert!(html.contains(&format!("Try: {line} — or type help.")), "{path}: {html}");
    }
}
