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

// ---------------------------------------------------------------- the resolver and traffic

use nimbus_lab::pages::route53::places::{default_question, place_label, questions};
use nimbus_lab::pages::route53::query_flow::{follow, QueryFlowView, QueryFlowViewProps};
use nimbus_lab::pages::route53::traffic::{run_on_copy, TrafficRun};
use nimbus_lab::pages::route53::traffic_chart::{percent, TrafficResult, TrafficResultProps};
use nimbus_lab::pages::route53::world_map::{map_model, WorldMap, WorldMapProps};

fn render_with<C: yew::BaseComponent>(props: C::Properties) -> String {
    let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, LocalServerRenderer::<C>::with_props(props).render())
}

fn clients(codes: &[&str]) -> Vec<(String, String, u32)> {
    codes.iter().map(|c| (place_label(c), c.to_string(), 1)).collect()
}

/// `geo.example` with latency `api` records in us-east-1 and eu-west-1.
fn latency_world() -> World {
    let mut world = World::new(11);
    let id = zone(&mut world, "geo.example");
    for (set, region, ip) in [("virginia", "us-east-1", "192.0.2.1"), ("ireland", "eu-west-1", "192.0.2.2")] {
        let draft = RecordDraft {
            name: "api".into(),
            target: Target::Values { values: ip.into(), ttl: "60".into() },
            routing: Routing::Latency,
            set_identifier: set.into(),
            region: region.into(),
            ..Default::default()
        };
        let request = draft.request("geo.example.", &id).unwrap();
        world.call(r53(Route53Request::ChangeResourceRecordSets(request))).unwrap();
    }
    world
}

#[test]
fn the_route53_page_offers_the_traffic_simulation_map_and_query_follower() {
    let html = render(store_with_zone(), "/route53");
    assert!(html.contains(">The resolver and traffic</h3>"), "{html}");
    assert!(html.contains(">Traffic simulation</h4>") && html.contains(">Follow one query</h4>"), "{html}");
    // The first record with a routing policy is chosen, and the panel says it works on a copy.
    assert!(html.contains("selected") && html.contains("www.example.com. A · weighted (2 records)"), "{html}");
    assert!(html.contains("runs on a copy of your lab"), "{html}");
    assert!(html.contains("10,000") && html.contains("Share of Tokyo (ap-northeast-1)"), "{html}");
    // Before any run the map shows one query per default location; bare addresses are listed.
    assert!(html.contains("one query from each location"), "{html}");
    assert!(html.contains("Not on the map (no region)") && html.contains("192.0.2.10"), "{html}");
}

#[test]
fn the_traffic_panel_shows_the_weighted_split_and_leaves_the_lab_alone() {
    let store = store_with_zone();
    let before = (store.world().now(), store.world().trail().events().len());
    let q = default_question(&questions(store.world())).unwrap().clone();
    let places = clients(&["us-east-1", "eu-west-1", "ap-northeast-1", "ap-southeast-2"]);
    let report = run_on_copy(store.world(), &q, &places, 10_000, SimDuration::seconds(0), false).unwrap();
    assert_eq!((store.world().now(), store.world().trail().events().len()), before, "the lab is untouched");
    let blue = report.by_record["blue"];
    let green = report.by_record["green"];
    assert_eq!(blue + green, 10_000);
    assert!((6_700..7_300).contains(&blue), "weights 70/30 give about 70 % blue: {blue}");
    let run = TrafficRun {
        id: 1,
        question: q,
        queries: 10_000,
        span: SimDuration::seconds(0),
        caching: false,
        clients: places,
        report,
        started_ms: 0.0,
        copied_ms: 0.0,
        simulated_ms: 0.0,
    };
    let html = render_with::<TrafficResult>(TrafficResultProps { run: Rc::new(run) });
    assert!(html.contains("Where 10,000 queries for www.example.com. A went"), "{html}");
    // The chart and its table twin carry the same numbers.
    let blue_share = percent(blue, 10_000);
    assert!(html.contains(&format!("blue {blue_share}")), "chart label: {html}");
    assert!(html.contains(&format!(">{blue_share}</td>")), "table: {html}");
    assert!(html.contains(&format!(">{}</td>", percent(green, 10_000))), "{html}");
    assert_eq!(html.matches("<th scope=\"row\">Tokyo (ap-northeast-1)</th>").count(), 1, "a row per location: {html}");
}

/// `fail.example` with failover `app`: the primary carries a health check on a host nobody
/// serves (it turns unhealthy after a minute or two), the secondary has none.
fn failover_world() -> World {
    let mut world = World::new(5);
    let id = zone(&mut world, "fail.example");
    let check = create_health_check_request("HTTP", "app.example.net", "/health", 30, "fo-check".into());
    let check_id = match world.call(r53(check)) {
        Ok(Response::Route53(Route53Response::CreateHealthCheck(out))) => out.health_check.id,
        other => panic!("{other:?}"),
    };
    for (set, role, ip, check) in
        [("primary", "PRIMARY", "192.0.2.1", check_id.as_str()), ("secondary", "SECONDARY", "192.0.2.2", "")]
    {
        let draft = RecordDraft {
            name: "app".into(),
            target: Target::Values { values: ip.into(), ttl: "30".into() },
            routing: Routing::Failover,
            set_identifier: set.into(),
            failover: role.into(),
            health_check_id: check.into(),
            ..Default::default()
        };
        let request = draft.request("fail.example.", &id).unwrap();
        world.call(r53(Route53Request::ChangeResourceRecordSets(request))).unwrap();
    }
    world
}

#[test]
fn a_failover_shows_in_the_timeline_as_cached_answers_expire() {
    let world = failover_world();
    let q = default_question(&questions(&world)).unwrap().clone();
    let places = clients(&["us-east-1", "eu-west-1"]);
    let report = run_on_copy(&world, &q, &places, 1_200, SimDuration::minutes(5), true).unwrap();
    let (first, last) = (&report.timeline[0].by_record, &report.timeline[11].by_record);
    assert_eq!((first.get("primary"), first.get("secondary")), (Some(&100), None), "{first:?}");
    assert_eq!((last.get("primary"), last.get("secondary")), (None, Some(&100)), "{last:?}");
    let run = TrafficRun {
        id: 1,
        question: q,
        queries: 1_200,
        span: SimDuration::minutes(5),
        caching: true,
        clients: places,
        report,
        started_ms: 0.0,
        copied_ms: 0.0,
        simulated_ms: 0.0,
    };
    let html = render_with::<TrafficResult>(TrafficResultProps { run: Rc::new(run) });
    assert!(html.contains("Answers over 5m of simulated time"), "{html}");
    // The table twin: the first slice all primary, the last all secondary.
    assert!(
        html.contains("<th scope=\"row\">+0 s</th><td class=\"num\">0</td><td class=\"num\">100</td>")
            || html.contains("<th scope=\"row\">+0 s</th><td class=\"num\">100</td><td class=\"num\">0</td>"),
        "{html}"
    );
    assert!(html.contains(">+275 s</th>"), "{html}");
}

#[test]
fn the_map_draws_a_line_per_client_group_to_the_region_it_lands_in() {
    let world = latency_world();
    let q = default_question(&questions(&world)).unwrap().clone();
    let places = clients(&["us-west-2", "eu-central-1", "sa-east-1", "ap-northeast-1"]);
    let report = run_on_copy(&world, &q, &places, 1_000, SimDuration::seconds(0), true).unwrap();
    let groups: Vec<(String, String)> = places.iter().map(|(l, c, _)| (l.clone(), c.clone())).collect();
    let model = map_model(&world, &q, &groups, &report.by_client, "last traffic run");
    let html = render_with::<WorldMap>(WorldMapProps { model: Rc::new(model) });
    assert_eq!(html.matches("class=\"r53-route\"").count(), 4, "one line per client group: {html}");
    assert!(html.contains("Frankfurt (eu-central-1) → ireland in eu-west-1: 250 (25.0 %)"), "{html}");
    assert!(html.contains("São Paulo (sa-east-1) → virginia in us-east-1"), "{html}");
    assert!(html.contains("4 client location(s), 2 region(s) named by records, 4 route(s) drawn"), "{html}");
    assert!(!html.contains("Not on the map"), "every record names a region: {html}");
}

#[test]
fn following_a_query_twice_shows_a_cache_miss_then_a_hit() {
    let store = store_with_zone();
    let q = default_question(&questions(store.world())).unwrap().clone();
    let mut copy = store.world().clone();
    let now = store.world().now();
    let first = follow(&mut copy, "eu-west-1", &q, 1, now).unwrap();
    copy.advance(SimDuration::seconds(20));
    let second = follow(&mut copy, "eu-west-1", &q, 2, now).unwrap();
    assert!(store.world().route53.resolvers.is_empty(), "the lab's resolvers are untouched");

    let html = render_with::<QueryFlowView>(QueryFlowViewProps { flow: Rc::new(first) });
    assert!(html.contains("Query #1: www.example.com. A from Ireland (eu-west-1)"), "{html}");
    assert!(html.contains("Cache miss: the resolver asks Route 53, then keeps the answer for 60 s."), "{html}");
    assert!(html.contains("Routing policy: weighted"), "{html}");
    assert!(html.contains("weight 70 of 100 (70.0 %); no health check"), "candidates: {html}");
    assert!(html.contains(">chosen</span>"), "the chosen record is marked: {html}");
    assert!(html.contains("weighted routing: picked"), "the engine's explanation: {html}");

    let html = render_with::<QueryFlowView>(QueryFlowViewProps { flow: Rc::new(second) });
    assert!(html.contains("Cache hit: 40 s of TTL left. Route 53 is not asked."), "{html}");
    assert!(html.contains("answered from the resolver cache"), "{html}");
}
