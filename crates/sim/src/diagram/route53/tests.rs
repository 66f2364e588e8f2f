use super::*;
use crate::diagram::tests::assert_well_formed;
use crate::diagram::Node;
use crate::services::route53::{
    AliasTarget, Change, ChangeBatch, ChangeResourceRecordSetsRequest, CreateHealthCheckRequest,
    CreateHostedZoneRequest, HealthCheckConfig, ResourceRecord, Route53Request, Route53Response,
};
use crate::{Request, Response, SimDuration};

#[allow(unreachable_patterns)]
fn call(world: &mut World, request: Route53Request) -> Route53Response {
    match world.call(Request::Route53(request)) {
        Ok(Response::Route53(r)) => r,
        other => panic!("the setup call succeeds: {other:?}"),
    }
}

/// Creates a public zone; its id without the `/hostedzone/` prefix.
fn zone(world: &mut World, name: &str) -> String {
    let req = CreateHostedZoneRequest { name: name.into(), caller_reference: name.into(), ..Default::default() };
    match call(world, Route53Request::CreateHostedZone(req)) {
        Route53Response::CreateHostedZone(out) => out.hosted_zone.id.trim_start_matches("/hostedzone/").into(),
        other => panic!("{other:?}"),
    }
}

fn create(world: &mut World, zone: &str, sets: Vec<ResourceRecordSet>) {
    let changes = sets.into_iter().map(|s| Change { action: "CREATE".into(), resource_record_set: s }).collect();
    let batch = ChangeBatch { comment: None, changes };
    call(
        world,
        Route53Request::ChangeResourceRecordSets(ChangeResourceRecordSetsRequest {
            hosted_zone_id: zone.into(),
            change_batch: batch,
        }),
    );
}

fn a(name: &str, value: &str) -> ResourceRecordSet {
    ResourceRecordSet {
        name: name.into(),
        record_type: "A".into(),
        ttl: Some(60),
        resource_records: Some(vec![ResourceRecord { value: value.into() }]),
        ..Default::default()
    }
}

fn health_check(world: &mut World, host: &str) -> String {
    let config = HealthCheckConfig {
        check_type: "HTTP".into(),
        fully_qualified_domain_name: Some(host.into()),
        resource_path: Some("/health".into()),
        ..Default::default()
    };
    let req = CreateHealthCheckRequest { caller_reference: host.into(), health_check_config: config };
    match call(world, Route53Request::CreateHealthCheck(req)) {
        Route53Response::CreateHealthCheck(out) => out.health_check.id,
        other => panic!("{other:?}"),
    }
}

/// `example.com`: weighted `www` (blue 70, green 30), failover `app` whose primary has a health
/// check on a host nobody serves, an apex alias to an S3 website endpoint and an alias to `www`.
fn small_world() -> (World, String, String) {
    let mut w = World::new(7);
    let z = zone(&mut w, "example.com");
    let check = health_check(&mut w, "primary.example.net");
    let weighted = |id: &str, weight: i64, ip: &str| ResourceRecordSet {
        set_identifier: Some(id.into()),
        weight: Some(weight),
        ..a("www.example.com", ip)
    };
    let failover = |role: &str, ip: &str, check: Option<&str>| ResourceRecordSet {
        set_identifier: Some(role.to_ascii_lowercase()),
        failover: Some(role.into()),
        health_check_id: check.map(str::to_string),
        ..a("app.example.com", ip)
    };
    let alias = |name: &str, zone_id: &str, dns: &str| ResourceRecordSet {
        name: name.into(),
        record_type: "A".into(),
        alias_target: Some(AliasTarget {
            hosted_zone_id: zone_id.into(),
            dns_name: dns.into(),
            evaluate_target_health: false,
        }),
        ..Default::default()
    };
    create(
        &mut w,
        &z,
        vec![
            weighted("blue", 70, "192.0.2.10"),
            weighted("green", 30, "192.0.2.20"),
            failover("PRIMARY", "198.51.100.1", Some(&check)),
            failover("SECONDARY", "198.51.100.2", None),
            alias("example.com", "Z3AQBSTGFYJSTF", "s3-website-us-east-1.amazonaws.com"),
            alias("shop.example.com", &z, "www.example.com"),
        ],
    );
    (w, z, check)
}

fn node<'d>(d: &'d Diagram, id: &str) -> &'d Node {
    d.nodes.iter().find(|n| n.id == id).unwrap_or_else(|| panic!("no node {id} in {:?}", ids(d)))
}

fn ids(d: &Diagram) -> Vec<&str> {
    d.nodes.iter().map(|n| n.id.as_str()).collect()
}

fn has_edge(d: &Diagram, from: &str, to: &str, label: &str) -> bool {
    d.edges.iter().any(|e| e.from == from && e.to == to && e.label.as_deref() == Some(label))
}

fn rid(zone: &str, name: &str, rtype: &str, set: Option<&str>) -> String {
    format!("record:{zone}/{}", crate::services::route53::record_key(name, rtype, set))
}

#[test]
fn an_empty_account_draws_nothing() {
    let d = diagram(&World::new(1));
    assert!(d.nodes.is_empty() && d.groups.is_empty());
    assert_eq!(d.title, "Amazon Route 53");
}

#[test]
fn a_new_zone_is_a_box_holding_its_ns_and_soa_records() {
    let mut w = World::new(3);
    let z = zone(&mut w, "Example.org");
    let d = diagram(&w);
    assert_eq!(d.groups.len(), 1);
    let g = &d.groups[0];
    assert_eq!((g.label.as_str(), g.kind.as_str()), ("example.org. (public)", "hosted zone"));
    assert!(g.details.contains(&("Hosted zone ID".into(), z.clone())), "{:?}", g.details);
    assert_eq!(ids(&d), vec![rid(&z, "example.org.", "NS", None), rid(&z, "example.org.", "SOA", None)]);
    let ns = node(&d, &rid(&z, "example.org.", "NS", None));
    assert_eq!((ns.label.as_str(), ns.state.as_deref()), ("@ NS", Some("simple")));
    assert_eq!(ns.group.as_deref(), Some(zone_id(&z).as_str()));
    assert!(ns.details.iter().any(|(k, v)| k == "TTL" && v == "172800 s"), "{:?}", ns.details);
    assert_well_formed(&d);
}

#[test]
fn records_show_their_routing_policy_and_set_identifier() {
    let (w, z, _) = small_world();
    let d = diagram(&w);
    let blue = node(&d, &rid(&z, "www.example.com.", "A", Some("blue")));
    assert_eq!((blue.label.as_str(), blue.state.as_deref()), ("www A · blue", Some("weighted 70")));
    assert!(blue.details.contains(&("Values".into(), "192.0.2.10".into())));
    let green = node(&d, &rid(&z, "www.example.com.", "A", Some("green")));
    assert_eq!(green.state.as_deref(), Some("weighted 30"));
    let primary = node(&d, &rid(&z, "app.example.com.", "A", Some("primary")));
    assert_eq!(primary.state.as_deref(), Some("failover PRIMARY"));
    assert_well_formed(&d);
}

#[test]
fn aliases_point_at_their_endpoint_or_record_and_health_checks_hang_below_records() {
    let (w, z, check) = small_world();
    let d = diagram(&w);
    let apex = rid(&z, "example.com.", "A", None);
    let endpoint = endpoint_id("example.com.s3-website-us-east-1.amazonaws.com");
    assert!(has_edge(&d, &apex, &endpoint, "alias"), "{:?}", d.edges);
    assert_eq!(node(&d, &endpoint).state.as_deref(), Some("S3 website endpoint"));
    assert_eq!(node(&d, &endpoint).group, None, "endpoints are outside the zone");
    let shop = rid(&z, "shop.example.com.", "A", None);
    for colour in ["blue", "green"] {
        assert!(has_edge(&d, &shop, &rid(&z, "www.example.com.", "A", Some(colour)), "alias"), "{:?}", d.edges);
    }
    let primary = rid(&z, "app.example.com.", "A", Some("primary"));
    assert!(has_edge(&d, &primary, &health_check_id(&check), "health check"));
    let secondary = rid(&z, "app.example.com.", "A", Some("secondary"));
    assert!(!d.edges.iter().any(|e| e.from == secondary), "the secondary has no health check");
    assert_well_formed(&d);
}

#[test]
fn a_health_check_turns_unhealthy_when_its_endpoint_does_not_answer() {
    let (mut w, _, check) = small_world();
    let before = diagram(&w);
    let hc = node(&before, &health_check_id(&check));
    assert_eq!((hc.label.as_str(), hc.state.as_deref()), ("primary.example.net/health", Some("Healthy")));
    w.advance(SimDuration::minutes(5));
    let after = diagram(&w);
    let hc = node(&after, &health_check_id(&check));
    assert_eq!(hc.state.as_deref(), Some("Unhealthy"), "{:?}", hc.details);
    assert!(hc.details.contains(&("Checkers reporting healthy".into(), "0 of 8".into())), "{:?}", hc.details);
}

#[test]
fn a_big_zone_is_cut_with_a_more_node() {
    let mut w = World::new(5);
    let z = zone(&mut w, "big.example");
    let sets = (0..50).map(|i| a(&format!("h{i:02}.big.example"), "203.0.113.9")).collect();
    create(&mut w, &z, sets);
    let d = diagram(&w);
    let in_zone = d.nodes.iter().filter(|n| n.group.as_deref() == Some(zone_id(&z).as_str())).count();
    assert_eq!(in_zone, MAX_RECORDS_SHOWN + 1);
    assert_eq!(node(&d, &format!("more-records:{z}")).label, "+12 more records");
    assert_well_formed(&d);
}

#[test]
fn the_text_twin_names_zones_records_and_links() {
    let (w, _, _) = small_world();
    let lines = diagram(&w).describe();
    assert!(lines.iter().any(|l| l.starts_with("hosted zone \"example.com. (public)\"")), "{lines:?}");
    assert!(lines.iter().any(|l| l.starts_with("record \"www A · blue\" [weighted 70] in hosted zone")), "{lines:?}");
    assert!(lines.iter().any(|l| l == "shop A → www A · blue (alias)"), "{lines:?}");
}
