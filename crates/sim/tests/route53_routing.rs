//! Route 53 routing policies through the one resolver (`resolve`) and TestDNSAnswer: simple,
//! weighted (checked statistically with a fixed seed), latency, failover, geolocation,
//! multivalue answer, wildcards, CNAMEs and NXDOMAIN.

mod common;

use common::route53::{call, zone};
use nimbus_sim::services::route53::*;
use nimbus_sim::World;
use std::collections::BTreeMap;

fn rr(name: &str, rtype: &str, values: &[&str]) -> ResourceRecordSet {
    ResourceRecordSet {
        name: name.into(),
        record_type: rtype.into(),
        ttl: Some(60),
        resource_records: Some(values.iter().map(|v| ResourceRecord { value: v.to_string() }).collect()),
        ..Default::default()
    }
}

fn with_id(set: ResourceRecordSet, id: &str) -> ResourceRecordSet {
    ResourceRecordSet { set_identifier: Some(id.into()), ..set }
}

fn create(w: &mut World, zone: &str, sets: Vec<ResourceRecordSet>) {
    let changes = sets.into_iter().map(|s| Change { action: "CREATE".into(), resource_record_set: s }).collect();
    let req = ChangeResourceRecordSetsRequest {
        hosted_zone_id: zone.into(),
        change_batch: ChangeBatch { comment: None, changes },
    };
    call(w, Route53Request::ChangeResourceRecordSets(req)).unwrap();
}

fn health_check(w: &mut World, reference: &str, fqdn: &str) -> String {
    let req = CreateHealthCheckRequest {
        caller_reference: reference.into(),
        health_check_config: HealthCheckConfig {
            check_type: "HTTP".into(),
            fully_qualified_domain_name: Some(fqdn.into()),
            ..Default::default()
        },
    };
    match call(w, Route53Request::CreateHealthCheck(req)).unwrap() {
        Route53Response::CreateHealthCheck(out) => out.health_check.id,
        other => panic!("{other:?}"),
    }
}

/// Marks a health check healthy or not, as if its checkers had decided.
fn set_health(w: &mut World, id: &str, healthy: bool) {
    let check = w.route53.health_checks.get_mut(id).unwrap();
    check.endpoint_healthy = healthy;
    for c in &mut check.checkers {
        c.healthy = healthy;
    }
}

fn us() -> Client {
    Client::in_region("us-east-1")
}

#[test]
fn simple_routing_returns_every_value_in_seeded_random_order() {
    let mut w = World::new(5);
    let z = zone(&mut w, "example.com");
    create(&mut w, &z, vec![rr("www.example.com", "A", &["192.0.2.1", "192.0.2.2", "192.0.2.3"])]);
    let mut orders = BTreeMap::new();
    for _ in 0..200 {
        let a = resolve(&mut w, "www.example.com", "A", &us());
        assert_eq!(a.response_code, "NOERROR");
        assert_eq!(a.ttl, Some(60));
        let mut sorted = a.records.clone();
        sorted.sort();
        assert_eq!(sorted, vec!["192.0.2.1", "192.0.2.2", "192.0.2.3"]);
        *orders.entry(a.records.join(",")).or_insert(0) += 1;
        assert!(a.trace.iter().any(|t| t.contains("simple routing")), "{:?}", a.trace);
    }
    assert_eq!(orders.len(), 6, "all six orders appear: {orders:?}");
    // The same seed gives the same sequence of answers.
    let mut a = World::new(5);
    let mut b = World::new(5);
    for w in [&mut a, &mut b] {
        let z = zone(w, "example.com");
        create(w, &z, vec![rr("www.example.com", "A", &["192.0.2.1", "192.0.2.2", "192.0.2.3"])]);
    }
    for _ in 0..20 {
        assert_eq!(resolve(&mut a, "www.example.com", "A", &us()), resolve(&mut b, "www.example.com", "A", &us()));
    }
}

fn weighted(name: &str, id: &str, weight: i64, value: &str) -> ResourceRecordSet {
    ResourceRecordSet { weight: Some(weight), ..with_id(rr(name, "A", &[value]), id) }
}

#[test]
fn weighted_answers_follow_the_weights_within_three_percent() {
    let mut w = World::new(2026);
    let z = zone(&mut w, "example.com");
    create(
        &mut w,
        &z,
        vec![
            weighted("app.example.com", "blue", 70, "192.0.2.1"),
            weighted("app.example.com", "green", 20, "192.0.2.2"),
            weighted("app.example.com", "canary", 10, "192.0.2.3"),
            weighted("app.example.com", "off", 0, "192.0.2.4"),
        ],
    );
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let n = 10_000;
    for _ in 0..n {
        let a = resolve(&mut w, "app.example.com", "A", &us());
        assert_eq!(a.records.len(), 1);
        *counts.entry(a.records[0].clone()).or_insert(0) += 1;
    }
    for (value, share) in [("192.0.2.1", 0.70), ("192.0.2.2", 0.20), ("192.0.2.3", 0.10)] {
        let got = counts[value] as f64 / n as f64;
        assert!((got - share).abs() <= 0.03, "{value}: {got} vs {share}");
    }
    assert!(!counts.contains_key("192.0.2.4"), "a zero-weight record is never picked while others have weight");
    let a = resolve(&mut w, "app.example.com", "A", &us());
    assert!(a.trace.iter().any(|t| t.contains("weighted routing: picked")), "{:?}", a.trace);
}

#[test]
fn all_zero_weights_split_equally_and_health_decides_who_counts() {
    let mut w = World::new(7);
    let z = zone(&mut w, "example.com");
    create(
        &mut w,
        &z,
        vec![weighted("zero.example.com", "a", 0, "192.0.2.1"), weighted("zero.example.com", "b", 0, "192.0.2.2")],
    );
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for _ in 0..4000 {
        *counts.entry(resolve(&mut w, "zero.example.com", "A", &us()).records[0].clone()).or_insert(0) += 1;
    }
    for v in ["192.0.2.1", "192.0.2.2"] {
        assert!((counts[v] as f64 / 4000.0 - 0.5).abs() < 0.03, "{counts:?}");
    }
    // Non-zero records that are unhealthy give way to the zero-weight ones.
    let hc = health_check(&mut w, "hc", "origin.example.net");
    create(
        &mut w,
        &z,
        vec![
            ResourceRecordSet {
                health_check_id: Some(hc.clone()),
                ..weighted("mix.example.com", "main", 50, "192.0.2.10")
            },
            weighted("mix.example.com", "standby", 0, "192.0.2.20"),
        ],
    );
    for _ in 0..100 {
        assert_eq!(resolve(&mut w, "mix.example.com", "A", &us()).records, vec!["192.0.2.10"]);
    }
    set_health(&mut w, &hc, false);
    for _ in 0..100 {
        assert_eq!(resolve(&mut w, "mix.example.com", "A", &us()).records, vec!["192.0.2.20"]);
    }
}

#[test]
fn latency_routing_picks_the_nearest_region_by_great_circle_distance() {
    let mut w = World::new(1);
    let z = zone(&mut w, "example.com");
    let lat = |id: &str, region: &str, v: &str| ResourceRecordSet {
        region: Some(region.into()),
        ..with_id(rr("api.example.com", "A", &[v]), id)
    };
    create(
        &mut w,
        &z,
        vec![
            lat("va", "us-east-1", "192.0.2.1"),
            lat("ie", "eu-west-1", "192.0.2.2"),
            lat("sg", "ap-southeast-1", "192.0.2.3"),
        ],
    );
    for (client, want) in [
        ("us-east-2", "192.0.2.1"),
        ("ca-central-1", "192.0.2.1"),
        ("eu-central-1", "192.0.2.2"),
        ("eu-west-2", "192.0.2.2"),
        ("ap-south-1", "192.0.2.3"),
        ("ap-southeast-2", "192.0.2.3"),
    ] {
        let a = resolve(&mut w, "api.example.com", "A", &Client::in_region(client));
        assert_eq!(a.records, vec![want], "{client}: {:?}", a.trace);
        assert!(a.trace.iter().any(|t| t.contains("great-circle distance")), "{:?}", a.trace);
    }
    // An unhealthy nearest region gives way to the next nearest.
    let hc = health_check(&mut w, "ie", "ie.example.net");
    create(
        &mut w,
        &z,
        vec![ResourceRecordSet { health_check_id: Some(hc.clone()), ..lat("ie", "eu-west-1", "192.0.2.2") }.clone()]
            .into_iter()
            .map(|s| ResourceRecordSet { name: "api2.example.com".into(), ..s })
            .chain([ResourceRecordSet { name: "api2.example.com".into(), ..lat("va", "us-east-1", "192.0.2.1") }])
            .collect(),
    );
    assert_eq!(resolve(&mut w, "api2.example.com", "A", &Client::in_region("eu-west-2")).records, vec!["192.0.2.2"]);
    set_health(&mut w, &hc, false);
    assert_eq!(resolve(&mut w, "api2.example.com", "A", &Client::in_region("eu-west-2")).records, vec!["192.0.2.1"]);
}

#[test]
fn failover_uses_the_secondary_only_while_the_primary_is_unhealthy() {
    let mut w = World::new(1);
    let z = zone(&mut w, "example.com");
    let p_check = health_check(&mut w, "p", "primary.example.net");
    let s_check = health_check(&mut w, "s", "secondary.example.net");
    let fo = |id: &str, role: &str, v: &str, hc: &str| ResourceRecordSet {
        failover: Some(role.into()),
        health_check_id: Some(hc.into()),
        ..with_id(rr("site.example.com", "A", &[v]), id)
    };
    create(
        &mut w,
        &z,
        vec![fo("primary", "PRIMARY", "192.0.2.1", &p_check), fo("secondary", "SECONDARY", "192.0.2.2", &s_check)],
    );
    let answer = |w: &mut World| resolve(w, "site.example.com", "A", &us());
    assert_eq!(answer(&mut w).records, vec!["192.0.2.1"]);
    set_health(&mut w, &p_check, false);
    let a = answer(&mut w);
    assert_eq!(a.records, vec!["192.0.2.2"]);
    assert!(a.trace.iter().any(|t| t.contains("the secondary answers")), "{:?}", a.trace);
    set_health(&mut w, &s_check, false);
    let a = answer(&mut w);
    assert_eq!(a.records, vec!["192.0.2.1"], "both unhealthy: the primary answers");
    assert!(a.trace.iter().any(|t| t.contains("both unhealthy")), "{:?}", a.trace);
    set_health(&mut w, &p_check, true);
    assert_eq!(answer(&mut w).records, vec!["192.0.2.1"]);
}

#[test]
fn geolocation_picks_the_most_specific_location_and_needs_a_default() {
    let mut w = World::new(1);
    let z = zone(&mut w, "example.com");
    let geo =
        |id: &str, continent: Option<&str>, country: Option<&str>, sub: Option<&str>, v: &str| ResourceRecordSet {
            geo_location: Some(GeoLocation {
                continent_code: continent.map(Into::into),
                country_code: country.map(Into::into),
                subdivision_code: sub.map(Into::into),
            }),
            ..with_id(rr("geo.example.com", "A", &[v]), id)
        };
    create(
        &mut w,
        &z,
        vec![
            geo("eu", Some("EU"), None, None, "192.0.2.1"),
            geo("de", None, Some("DE"), None, "192.0.2.2"),
            geo("us-or", None, Some("US"), Some("OR"), "192.0.2.3"),
            geo("us", None, Some("US"), None, "192.0.2.4"),
        ],
    );
    let q = |w: &mut World, region: &str| resolve(w, "geo.example.com", "A", &Client::in_region(region));
    assert_eq!(q(&mut w, "eu-central-1").records, vec!["192.0.2.2"], "Germany: country beats continent");
    assert_eq!(q(&mut w, "eu-west-3").records, vec!["192.0.2.1"], "France: the Europe record");
    assert_eq!(q(&mut w, "us-west-2").records, vec!["192.0.2.3"], "Oregon: the subdivision record");
    assert_eq!(q(&mut w, "us-east-1").records, vec!["192.0.2.4"], "Virginia: the US record");
    // No match and no default: NOERROR with no answer.
    let a = q(&mut w, "ap-northeast-1");
    assert_eq!(a.response_code, "NOERROR");
    assert!(a.records.is_empty());
    assert!(a.trace.iter().any(|t| t.contains("no default (*) record")), "{:?}", a.trace);
    create(&mut w, &z, vec![geo("default", None, Some("*"), None, "192.0.2.9")]);
    let a = q(&mut w, "ap-northeast-1");
    assert_eq!(a.records, vec!["192.0.2.9"]);
    assert!(a.trace.iter().any(|t| t.contains("default (*)")), "{:?}", a.trace);
}

#[test]
fn multivalue_returns_up_to_eight_healthy_records() {
    let mut w = World::new(3);
    let z = zone(&mut w, "example.com");
    let mut checks = Vec::new();
    let mut sets = Vec::new();
    for i in 0..10 {
        let hc = health_check(&mut w, &format!("mv{i}"), &format!("n{i}.example.net"));
        sets.push(ResourceRecordSet {
            multi_value_answer: Some(true),
            health_check_id: Some(hc.clone()),
            ..with_id(rr("mv.example.com", "A", &[&format!("192.0.2.{i}")]), &format!("n{i}"))
        });
        checks.push(hc);
    }
    create(&mut w, &z, sets);
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..50 {
        let a = resolve(&mut w, "mv.example.com", "A", &us());
        assert_eq!(a.records.len(), 8);
        seen.extend(a.records);
    }
    assert_eq!(seen.len(), 10, "different answers pick different records");
    for hc in &checks[3..] {
        set_health(&mut w, hc, false);
    }
    for _ in 0..20 {
        let mut a = resolve(&mut w, "mv.example.com", "A", &us()).records;
        a.sort();
        assert_eq!(a, vec!["192.0.2.0", "192.0.2.1", "192.0.2.2"]);
    }
    for hc in &checks {
        set_health(&mut w, hc, false);
    }
    assert_eq!(resolve(&mut w, "mv.example.com", "A", &us()).records.len(), 8, "all unhealthy: up to 8 of them");
}

#[test]
fn names_without_records_cnames_and_wildcards() {
    let mut w = World::new(1);
    let z = zone(&mut w, "example.com");
    create(
        &mut w,
        &z,
        vec![
            rr("*.example.com", "A", &["192.0.2.50"]),
            rr("www.example.com", "CNAME", &["web.example.net"]),
            rr("deep.sub.example.com", "TXT", &["\"x\""]),
        ],
    );
    let a = resolve(&mut w, "anything.example.com", "A", &us());
    assert_eq!(a.records, vec!["192.0.2.50"]);
    assert!(a.trace.iter().any(|t| t.contains("wildcard")), "{:?}", a.trace);
    let a = resolve(&mut w, "www.example.com", "A", &us());
    assert_eq!((a.record_type.as_str(), a.records.clone()), ("CNAME", vec!["web.example.net".to_string()]));
    // An empty non-terminal is NOERROR with no data; a name with other types too.
    let a = resolve(&mut w, "sub.example.com", "A", &us());
    assert_eq!((a.response_code, a.records.len()), ("NOERROR", 0));
    let a = resolve(&mut w, "deep.sub.example.com", "A", &us());
    assert_eq!((a.response_code, a.records.len()), ("NOERROR", 0));
    let a = resolve(&mut w, "example.com", "MX", &us());
    assert_eq!((a.response_code, a.records.len()), ("NOERROR", 0));
    // Outside every zone Route 53 is not authoritative.
    assert_eq!(resolve(&mut w, "example.org", "A", &us()).response_code, "REFUSED");
    // Without the wildcard, an unknown name is NXDOMAIN.
    let mut w2 = World::new(1);
    zone(&mut w2, "example.com");
    assert_eq!(resolve(&mut w2, "nope.example.com", "A", &us()).response_code, "NXDOMAIN");
}

#[test]
fn test_dns_answer_applies_routing_for_the_given_addresses() {
    let mut w = World::new(1);
    let z = zone(&mut w, "example.com");
    let lat = |id: &str, region: &str, v: &str| ResourceRecordSet {
        region: Some(region.into()),
        ..with_id(rr("api.example.com", "A", &[v]), id)
    };
    create(&mut w, &z, vec![lat("va", "us-east-1", "192.0.2.1"), lat("sg", "ap-southeast-1", "192.0.2.3")]);
    let ask = |w: &mut World, name: &str, t: &str, ip: Option<&str>| {
        let req = TestDNSAnswerRequest {
            hosted_zone_id: z.clone(),
            record_name: name.into(),
            record_type: t.into(),
            edns0_client_subnet_ip: ip.map(Into::into),
            ..Default::default()
        };
        call(w, Route53Request::TestDNSAnswer(req))
    };
    // Nimbus Lab places an address by its first byte modulo the 16 regions: 0 → us-east-1,
    // 14 → ap-southeast-1.
    let Route53Response::TestDNSAnswer(a) = ask(&mut w, "api.example.com", "A", Some("14.0.0.1")).unwrap() else {
        panic!()
    };
    assert_eq!(
        (a.response_code.as_str(), a.record_data.clone(), a.protocol.as_str()),
        ("NOERROR", vec!["192.0.2.3".to_string()], "UDP")
    );
    assert!(a.nameserver.contains("awsdns"));
    let Route53Response::TestDNSAnswer(a) = ask(&mut w, "api.example.com", "A", Some("16.0.0.1")).unwrap() else {
        panic!()
    };
    assert_eq!(a.record_data, vec!["192.0.2.1"]);
    let why = &w.trail().last().unwrap().why;
    assert!(why.contains("first address byte"), "{why}");
    let Route53Response::TestDNSAnswer(a) = ask(&mut w, "missing.example.com", "A", None).unwrap() else { panic!() };
    assert_eq!((a.response_code.as_str(), a.record_data.len()), ("NXDOMAIN", 0));
    let Route53Response::TestDNSAnswer(a) = ask(&mut w, "example.com", "SOA", None).unwrap() else { panic!() };
    assert!(a.record_data[0].ends_with("1 7200 900 1209600 86400"));
    assert_eq!(ask(&mut w, "api.example.com", "A", Some("999.1.1.1")).unwrap_err().code, "InvalidInput");
    assert_eq!(ask(&mut w, "bad..name", "A", None).unwrap_err().code, "InvalidInput");
}

#[test]
fn aliases_answer_with_their_targets() {
    let mut w = World::new(1);
    let z = zone(&mut w, "example.com");
    let bare = z.trim_start_matches("/hostedzone/").to_string();
    let alias = |name: &str, zone: &str, dns: &str| ResourceRecordSet {
        name: name.into(),
        record_type: "A".into(),
        alias_target: Some(AliasTarget {
            hosted_zone_id: zone.into(),
            dns_name: dns.into(),
            evaluate_target_health: false,
        }),
        ..Default::default()
    };
    create(
        &mut w,
        &z,
        vec![
            alias("example.com", "Z3AQBSTGFYJSTF", "s3-website-us-east-1.amazonaws.com"),
            alias("cdn.example.com", "Z2FDTNDATAQYW2", "d111111abcdef8.cloudfront.net."),
            rr("origin.example.com", "A", &["192.0.2.7"]),
            alias("www.example.com", &bare, "origin.example.com"),
        ],
    );
    let a = resolve(&mut w, "example.com", "A", &us());
    assert_eq!(a.target.as_deref(), Some("example.com.s3-website-us-east-1.amazonaws.com"));
    let a = resolve(&mut w, "cdn.example.com", "A", &us());
    assert_eq!(a.target.as_deref(), Some("d111111abcdef8.cloudfront.net"));
    let a = resolve(&mut w, "www.example.com", "A", &us());
    assert_eq!((a.records.clone(), a.ttl), (vec!["192.0.2.7".to_string()], Some(60)));
    assert!(a.trace.iter().any(|t| t.contains("alias to origin.example.com.")), "{:?}", a.trace);
    // The alias type must match the query type.
    assert!(resolve(&mut w, "www.example.com", "AAAA", &us()).records.is_empty());
}
