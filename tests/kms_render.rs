//! What a user sees on the KMS, CloudHSM and encryption pages, rendered natively (yew SSR).

use nimbus_lab::app::{StaticApp, StaticAppProps};
use nimbus_lab::store::{Action, Lab, Store};
use nimbus_sim::services::kms::{CreateAliasRequest, CreateKeyRequest, KmsRequest};
use nimbus_sim::services::s3::{CreateBucketRequest, PutObjectRequest, S3Request};
use nimbus_sim::{Request, SimDuration, World};
use std::rc::Rc;
use yew::LocalServerRenderer;

fn render(store: Store, path: &str) -> String {
    let props = StaticAppProps { store: Rc::new(store), path: path.to_string().into(), learn: Default::default() };
    let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, LocalServerRenderer::<StaticApp>::with_props(props).render())
}

fn kms(store: &mut Store, request: KmsRequest) {
    store.apply(Action::Call(Request::Kms(request)));
}

#[test]
fn kms_page_lists_customer_keys_and_draws_their_timeline() {
    let mut store = Store::new(Lab { world: World::new(3), ..Lab::default() });
    kms(&mut store, KmsRequest::CreateKey(CreateKeyRequest::default()));
    let id = store.world().kms.keys.keys().next().unwrap().clone();
    kms(
        &mut store,
        KmsRequest::CreateAlias(CreateAliasRequest { alias_name: "alias/orders".into(), target_key_id: id.clone() }),
    );
    let html = render(store, "/kms");
    assert!(html.contains(">AWS KMS</h1>"));
    assert!(html.contains("<caption>Customer managed keys</caption>") && html.contains(&id));
    assert!(html.contains("alias/orders"));
    assert!(html.contains("No AWS managed keys yet"), "no service has made one");
    assert!(html.contains("Diagram: KMS key timeline"));
    assert!(html.contains("created \"Created · v1\" [2026-01-01]"), "the text twin names the event");
    assert!(html.contains("KMS or CloudHSM?") && html.contains("FIPS 140-3 Level 3"));
}

#[test]
fn an_aws_managed_key_appears_once_s3_uses_sse_kms() {
    let mut world = World::new(4);
    world
        .call(Request::S3(S3Request::CreateBucket(CreateBucketRequest {
            bucket: "vault".into(),
            ..Default::default()
        })))
        .unwrap();
    let put = PutObjectRequest {
        bucket: "vault".into(),
        key: "secret.txt".into(),
        body: "hi".into(),
        server_side_encryption: Some("aws:kms".into()),
        ..Default::default()
    };
    world.call(Request::S3(S3Request::PutObject(put))).unwrap();
    let html = render(Store::new(Lab { world, ..Lab::default() }), "/kms");
    assert!(html.contains("<caption>AWS managed keys</caption>"));
    assert!(html.contains("alias/aws/s3"));
    assert!(html.contains("No customer managed keys yet."));
}

#[test]
fn a_year_later_the_timeline_shows_the_rotation() {
    let mut store = Store::new(Lab { world: World::new(5), ..Lab::default() });
    kms(&mut store, KmsRequest::CreateKey(CreateKeyRequest::default()));
    let id = store.world().kms.keys.keys().next().unwrap().clone();
    kms(
        &mut store,
        KmsRequest::EnableKeyRotation(nimbus_sim::services::kms::EnableKeyRotationRequest {
            key_id: id,
            rotation_period_in_days: None,
        }),
    );
    store.apply(Action::Advance(SimDuration::days(365)));
    let html = render(store, "/kms");
    assert!(html.contains("rotation \"Rotated · v2\" [2027-01-01]"), "{html}");
}

#[test]
fn cloudhsm_page_offers_both_hsm_types_and_empty_tables() {
    let html = render(Store::default(), "/cloudhsm");
    assert!(html.contains(">AWS CloudHSM</h1>"));
    assert!(html.contains("hsm1.medium — FIPS 140-2 Level 3") && html.contains("hsm2m.medium — FIPS 140-3 Level 3"));
    assert!(html.contains("No clusters yet."));
    assert!(html.contains("No initialized cluster yet."), "a key store needs an initialized cluster");
}

#[test]
fn encryption_page_starts_with_everything_in_plain_text() {
    let html = render(Store::default(), "/learn/encryption");
    assert!(html.contains(">Encryption at rest and in transit</h1>"));
    assert!(html.contains("Encryption in transit (TLS)") && html.contains("Encryption at rest (KMS)"));
    assert!(html.contains("An eavesdropper on the wire sees") && html.contains("A thief with the disk sees"));
    assert!(html.contains("card=4111 1111 1111 1111"), "both panes show the plain record at first");
    assert!(html.contains("the record travels as plain text"));
    assert!(html.contains("<caption>Encryption at rest by service</caption>"));
    for service in ["Amazon EBS volumes", "Amazon S3 buckets", "Amazon Redshift", "Amazon RDS", "Amazon EFS"] {
        assert!(html.contains(service), "{service}");
    }
    assert!(
        html.contains("AWS CloudTrail logs")
            && html.contains("Amazon S3 Glacier")
            && html.contains("AWS Storage Gateway")
    );
}
