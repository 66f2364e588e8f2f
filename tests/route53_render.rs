//! What a user sees on the Route 53 page, rendered natively (yew SSR) from a given lab: the zone
//! and health check tables, the diagram's text twin, refused calls and the CLI line.

use nimbus_lab::app::{StaticApp, StaticAppProps};
use nimbus_lab::pages::route53::draft::{RecordDraft, Routing, Target};
use nimbus_lab::pages::route53::{create_health_check_request, create_zone_request, r53};
use nimbus_lab::store::{Action, Lab, Store};
use nimbus_sim::services::route53::{Route53Request, Route53Response};
use nimbus_sim::{Response, SimDuration, World};
use std::rc::Rc;
use yew::LocalServerRenderer;

fn render(store: Store, path: &str) -> String {
    let props = StaticAppProps { store: Rc::new(store), path: path.to_string().into(), learn: Default::default() };
    let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, LocalServerRenderer::<StaticApp>::with_props(props).render())
}

/// Creates a zone through the console's own request builder; its id.
fn zone(world: &mut World, name: &str) -> String {
    match world.call(r53(create_zone_request(name, "", format!("test-{name}")))) {
        Ok(Response::Route53(Route53Response::CreateHostedZone(out))) => {
            out.hosted_zone.id.trim_start_matches("/hostedzone/").to_string()
        }
        other => panic!("{other:?}"),
    }
}

fn weighted(id: &str, weight: &str, ip: &str) -> RecordDraft {
    RecordDraft {
        name: "www".into(),
        target: Target::Values { values: ip.into(), ttl: "60".into() },
        routing: Routing::Weighted,
        set_identifier: id.into(),
        weight: weight.into(),
        ..Default::default()
    }
}

/// `example.com` with weighted `www` (blue 70, green 30) and a health check on a host nobody
/// serves.
fn store_with_zone() -> Store {
    let mut world = World::new(7);
    let id = zone(&mut world, "example.com");
    for draft in [weighted("blue", "70", "192.0.2.10"), weighted("green", "30", "192.0.2.20")] {
        let request = draft.request("example.com.", &id).unwrap();
        world.call(r53(Route53Request::ChangeResourceRecordSets(request))).unwrap();
    }
    let check = create_health_check_request("HTTP", "app.example.net", "/health", 30, "test-check".into());
    world.call(r53(check)).unwrap();
    Store::new(Lab { world, ..Lab::default() })
}

#[test]
fn route53_page_lists_zones_and_health_checks_and_describes_the_diagram() {
    let html = render(store_with_zone(), "/route53");
    assert!(html.contains(">Amazon Route 53</h1>"), "{html}");
    for part in ["Console", "Diagram", "Terminal", "Trail"] {
        assert!(html.contains(&format!(">{part}</h2>")), "Route 53 page misses the {part} section");
    }
    assert!(html.contains(">example.com.</button>"), "zone table row: {html}");
    assert!(html.contains(">Public<") && html.contains(">4<"), "type and record count (NS, SOA, two A)");
    assert!(html.contains("http://app.example.net:80/health"), "health check endpoint with its port: {html}");
    assert!(html.contains(">Healthy<") && html.contains("8 of 8"), "a new check is healthy: {html}");
    assert!(html.contains("hosted zone \"example.com. (public)\""), "text twin names the zone: {html}");
    assert!(html.contains("record \"www A · blue\" [weighted 70]"), "text twin names the record: {html}");
    assert!(html.contains("<svg"), "the diagram is drawn");
    assert!(html.contains("ChangeResourceRecordSets") && html.contains("CreateHealthCheck"), "trail lists calls");
}

#[test]
fn a_health_check_on_a_silent_endpoint_turns_unhealthy_as_the_clock_moves() {
    let mut store = store_with_zone();
    store.apply(Action::Advance(SimDuration::minutes(5)));
    let html = render(store, "/route53");
    assert!(html.contains(">Unhealthy<") && html.contains("0 of 8"), "{html}");
    assert!(html.contains("[Unhealthy]"), "the diagram says so too: {html}");
    assert!(html.contains("HealthCheck (scheduled)"), "the checks are in the trail: {html}");
    assert!(html.contains("DNS resolution failed for app.example.net"), "and say why: {html}");
}

#[test]
fn an_empty_lab_shows_the_forms_and_empty_tables() {
    let html = render(Store::default(), "/route53");
    assert!(html.contains("No hosted zones yet.") && html.contains("No health checks yet."), "{html}");
    assert!(html.contains("Create hosted zone") && html.contains("Create health check"));
    assert!(html.contains("No hosted zones or health checks yet."), "the diagram is empty");
}

#[test]
fn a_refused_zone_is_marked_in_the_trail_and_the_cli_line_shows_the_call() {
    let mut store = Store::default();
    store.apply(Action::Call(r53(create_zone_request("bad..name", "", "ref-1".into()))));
    let html = render(store, "/route53");
    assert!(html.contains("Error: <strong>InvalidDomainName</strong>"), "{html}");
    assert!(html.contains("role=\"alert\""));
    assert!(html.contains("Same with the AWS CLI:") && html.contains("aws route53 create-hosted-zone"), "{html}");
    assert!(html.contains("No hosted zones yet."));
}

#[test]
fn route53_is_in_the_navigation_and_simulated_on_the_home_map() {
    let html = render(Store::default(), "/");
    assert!(html.contains("href=\"#/route53\""), "{html}");
    let card = html.split("Amazon Route 53").nth(1).unwrap_or_default();
    let status = card.split("</li>").next().unwrap_or_default();
    assert!(status.contains(">Simulated<"), "Route 53's card: {status}");
}
