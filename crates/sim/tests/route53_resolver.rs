//! Recursive resolvers with caches: answers kept for their TTL on the simulated clock, negative
//! caching, CNAME chains, resolvers placed by region, coordinates and address, failover seen
//! through caches, trail events, and caches saved with the World.

mod common;

use common::route53::{call, rr, zone};
use nimbus_sim::services::route53::resolver::{self, Place};
use nimbus_sim::services::route53::*;
use nimbus_sim::trail::EventSource;
use nimbus_sim::{SimDuration, World};

fn change(w: &mut World, zone: &str, action: &str, sets: Vec<ResourceRecordSet>) {
    let changes = sets.into_iter().map(|s| Change { action: action.into(), resource_record_set: s }).collect();
    let req = ChangeResourceRecordSetsRequest {
        hosted_zone_id: zone.into(),
        change_batch: ChangeBatch { comment: None, changes },
    };
    call(w, Route53Request::ChangeResourceRecordSets(req)).unwrap();
}

fn seconds(s: i64) -> SimDuration {
    SimDuration::seconds(s)
}

fn region(code: &str) -> Place {
    Place::Region(code.into())
}

#[test]
fn answers_are_kept_until_their_ttl_runs_out_on_the_clock() {
    let mut w = World::new(3);
    let z = zone(&mut w, "example.com");
    change(&mut w, &z, "CREATE", vec![rr("www.example.com", "A", 60, &["192.0.2.1"])]);
    let r = resolver::ensure(&mut w, &region("us-east-1")).unwrap();
    assert_eq!(r, "resolver-us-east-1");

    let first = resolver::query(&mut w, &r, "www.example.com", "A").unwrap();
    assert!(!first.from_cache);
    assert_eq!(first.ttl_remaining, Some(60));
    assert_eq!(first.records[0].value, "192.0.2.1");
    assert!(first.trace[0].contains("asked Route 53 (NOERROR)"), "{:?}", first.trace);
    assert!(first.trace[0].contains("cached for 60 s"));

    // The record changes, but the resolver keeps the old answer for the rest of its TTL.
    change(&mut w, &z, "UPSERT", vec![rr("www.example.com", "A", 60, &["192.0.2.2"])]);
    w.advance(seconds(18));
    let cached = resolver::query(&mut w, &r, "WWW.example.com.", "A").unwrap();
    assert!(cached.from_cache);
    assert_eq!(cached.ttl_remaining, Some(42));
    assert_eq!(cached.records[0].ttl, 42);
    assert_eq!(cached.records[0].value, "192.0.2.1");
    assert!(cached.trace[0].starts_with("answered from the resolver cache, 42 s of TTL left"), "{:?}", cached.trace);
    let event = w.trail().last().unwrap();
    assert_eq!(event.source, EventSource::Http);
    assert_eq!((event.service.as_str(), event.operation.as_str()), ("route53", "DNSQuery"));
    assert!(event.why.starts_with("answered from the resolver cache, 42 s of TTL left"), "{}", event.why);
    assert_eq!(event.request, "www.example.com. A @resolver-us-east-1");

    w.advance(seconds(42));
    let fresh = resolver::query(&mut w, &r, "www.example.com", "A").unwrap();
    assert!(!fresh.from_cache);
    assert_eq!(fresh.records[0].value, "192.0.2.2");
    assert!(fresh.trace[0].contains("expired 0 s ago"), "{:?}", fresh.trace);

    // Another resolver has its own cache; a flushed cache asks again.
    let eu = resolver::ensure(&mut w, &region("eu-west-1")).unwrap();
    assert!(!resolver::query(&mut w, &eu, "www.example.com", "A").unwrap().from_cache);
    assert!(resolver::query(&mut w, &eu, "www.example.com", "A").unwrap().from_cache);
    resolver::flush(&mut w, Some(&eu));
    assert!(!resolver::query(&mut w, &eu, "www.example.com", "A").unwrap().from_cache);
}

#[test]
fn after_a_failover_each_resolver_keeps_the_dead_answer_until_it_expires() {
    let mut w = World::new(11);
    let z = zone(&mut w, "example.com");
    let req = CreateHealthCheckRequest {
        caller_reference: "primary".into(),
        health_check_config: HealthCheckConfig {
            check_type: "HTTP".into(),
            fully_qualified_domain_name: Some("primary.example.net".into()),
            ..Default::default()
        },
    };
    let Route53Response::CreateHealthCheck(hc) = call(&mut w, Route53Request::CreateHealthCheck(req)).unwrap() else {
        panic!()
    };
    let hc = hc.health_check.id;
    let failover = |id: &str, role: &str, value: &str, check: Option<String>| ResourceRecordSet {
        set_identifier: Some(id.into()),
        failover: Some(role.into()),
        health_check_id: check,
        ..rr("app.example.com", "A", 60, &[value])
    };
    change(
        &mut w,
        &z,
        "CREATE",
        vec![
            failover("primary", "PRIMARY", "192.0.2.1", Some(hc.clone())),
            failover("secondary", "SECONDARY", "192.0.2.2", None),
        ],
    );
    let early = resolver::ensure(&mut w, &region("us-east-1")).unwrap();
    let late = resolver::ensure(&mut w, &region("eu-west-1")).unwrap();
    assert_eq!(resolver::query(&mut w, &early, "app.example.com", "A").unwrap().chosen, ["primary"]);
    w.advance(seconds(40));
    assert_eq!(resolver::query(&mut w, &late, "app.example.com", "A").unwrap().chosen, ["primary"]);

    // The primary fails now (as if its checkers had decided).
    let check = w.route53.health_checks.get_mut(&hc).unwrap();
    check.endpoint_healthy = false;
    for c in &mut check.checkers {
        c.healthy = false;
    }
    let fresh = resolver::ensure(&mut w, &region("ap-south-1")).unwrap();
    assert_eq!(resolver::query(&mut w, &fresh, "app.example.com", "A").unwrap().chosen, ["secondary"]);
    let mut switched = std::collections::BTreeMap::new();
    for t in 0..=70 {
        for r in [&early, &late] {
            let a = resolver::query_quiet(&mut w, r, "app.example.com", "A").unwrap();
            if a.chosen == ["secondary"] {
                switched.entry(r.clone()).or_insert(t);
            } else {
                assert!(a.from_cache, "{r} at +{t}s still answers the primary only from its cache");
            }
        }
        w.advance(seconds(1));
    }
    // `early` cached at 0 (expires at 60 = now + 20); `late` cached at 40 (expires at 100).
    assert_eq!(switched[&early], 20);
    assert_eq!(switched[&late], 60);
}

#[test]
fn negative_answers_are_cached_for_the_soa_negative_ttl() {
    let mut w = World::new(1);
    let z = zone(&mut w, "example.com");
    let r = resolver::ensure(&mut w, &region("us-east-1")).unwrap();
    let a = resolver::query(&mut w, &r, "new.example.com", "A").unwrap();
    assert_eq!(a.response_code, "NXDOMAIN");
    assert_eq!(a.ttl_remaining, Some(900), "min(SOA TTL 900, SOA minimum 86400)");
    change(&mut w, &z, "CREATE", vec![rr("new.example.com", "A", 300, &["192.0.2.5"])]);
    w.advance(seconds(899));
    let a = resolver::query(&mut w, &r, "new.example.com", "A").unwrap();
    assert_eq!(a.response_code, "NXDOMAIN");
    assert!(a.from_cache);
    assert_eq!(a.ttl_remaining, Some(1));
    w.advance(seconds(1));
    let a = resolver::query(&mut w, &r, "new.example.com", "A").unwrap();
    assert_eq!(a.response_code, "NOERROR");
    assert_eq!(a.values().collect::<Vec<_>>(), ["192.0.2.5"]);

    // A name outside every hosted zone: SERVFAIL, not cached.
    let a = resolver::query(&mut w, &r, "example.org", "A").unwrap();
    assert_eq!(a.response_code, "SERVFAIL");
    assert_eq!(a.ttl_remaining, None);
    assert!(!w.trail().last().unwrap().outcome.is_ok());
    // TTL 0 is never cached.
    change(&mut w, &z, "CREATE", vec![rr("zero.example.com", "A", 0, &["192.0.2.6"])]);
    resolver::query(&mut w, &r, "zero.example.com", "A").unwrap();
    assert!(!resolver::query(&mut w, &r, "zero.example.com", "A").unwrap().from_cache);
}

#[test]
fn cname_chains_are_followed_and_each_step_is_cached() {
    let mut w = World::new(1);
    let z = zone(&mut w, "example.com");
    let other = zone(&mut w, "example.net");
    change(&mut w, &z, "CREATE", vec![rr("www.example.com", "CNAME", 300, &["app.example.net"])]);
    change(&mut w, &other, "CREATE", vec![rr("app.example.net", "A", 30, &["192.0.2.7"])]);
    let r = resolver::ensure(&mut w, &region("us-east-1")).unwrap();
    let a = resolver::query(&mut w, &r, "www.example.com", "A").unwrap();
    let got: Vec<(&str, &str, &str)> =
        a.records.iter().map(|r| (r.name.as_str(), r.record_type.as_str(), r.value.as_str())).collect();
    assert_eq!(got, [("www.example.com.", "CNAME", "app.example.net"), ("app.example.net.", "A", "192.0.2.7")]);
    assert_eq!(a.ttl_remaining, Some(30), "the shortest TTL on the chain");
    w.advance(seconds(31));
    let a = resolver::query(&mut w, &r, "www.example.com", "A").unwrap();
    assert!(!a.from_cache, "the A step expired");
    assert!(
        a.trace[0].starts_with("answered from the resolver cache"),
        "the CNAME step is still cached: {:?}",
        a.trace
    );
    assert_eq!(a.records[0].ttl, 269);
}

#[test]
fn resolvers_are_routed_by_their_place_and_address() {
    let mut w = World::new(1);
    let z = zone(&mut w, "example.com");
    let coll = match call(
        &mut w,
        Route53Request::CreateCidrCollection(CreateCidrCollectionRequest {
            name: "isp".into(),
            caller_reference: "r".into(),
        }),
    )
    .unwrap()
    {
        Route53Response::CreateCidrCollection(out) => out.collection.id,
        other => panic!("{other:?}"),
    };
    call(
        &mut w,
        Route53Request::ChangeCidrCollection(ChangeCidrCollectionRequest {
            id: coll.clone(),
            collection_version: None,
            changes: vec![CidrCollectionChange {
                location_name: "isp".into(),
                action: "PUT".into(),
                cidr_list: vec!["203.0.113.0/24".into()],
            }],
        }),
    )
    .unwrap();
    let by_cidr = |id: &str, value: &str, location: &str| ResourceRecordSet {
        set_identifier: Some(id.into()),
        cidr_routing_config: Some(CidrRoutingConfig { collection_id: coll.clone(), location_name: location.into() }),
        ..rr("ip.example.com", "A", 60, &[value])
    };
    let by_geo = |id: &str, value: &str, code: &str| ResourceRecordSet {
        set_identifier: Some(id.into()),
        geo_proximity_location: Some(GeoProximityLocation { aws_region: Some(code.into()), ..Default::default() }),
        ..rr("near.example.com", "A", 60, &[value])
    };
    change(
        &mut w,
        &z,
        "CREATE",
        vec![
            by_cidr("isp", "192.0.2.1", "isp"),
            by_cidr("other", "192.0.2.2", "*"),
            by_geo("paris", "192.0.2.3", "eu-west-3"),
            by_geo("virginia", "192.0.2.4", "us-east-1"),
        ],
    );
    resolver::add(&mut w, "home", Place::parse("48.86,2.29").unwrap(), Some("203.0.113.53")).unwrap();
    let a = resolver::query(&mut w, "home", "ip.example.com", "A").unwrap();
    assert_eq!(a.chosen, ["isp"]);
    let a = resolver::query(&mut w, "home", "near.example.com", "A").unwrap();
    assert_eq!(a.chosen, ["paris"]);
    let office = resolver::ensure(&mut w, &region("us-east-2")).unwrap();
    assert_eq!(resolver::query(&mut w, &office, "ip.example.com", "A").unwrap().chosen, ["other"]);
    assert_eq!(resolver::query(&mut w, &office, "near.example.com", "A").unwrap().chosen, ["virginia"]);

    // Bad input is an error, never a panic.
    assert!(resolver::query(&mut w, "nobody", "ip.example.com", "A").is_err());
    assert!(resolver::add(&mut w, "x", region("us-east-1"), Some("not-an-ip")).is_err());
    assert!(resolver::add(&mut w, "has space", region("us-east-1"), None).is_err());
    for bad in ["mars-1", "91,0", "1,2,3", ""] {
        assert!(Place::parse(bad).is_err(), "{bad}");
    }
    assert_eq!(resolver::query(&mut w, "home", "bad..name", "A").unwrap().response_code, "FORMERR");
}

#[test]
fn caches_are_saved_with_the_world() {
    let mut w = World::new(1);
    let z = zone(&mut w, "example.com");
    change(&mut w, &z, "CREATE", vec![rr("www.example.com", "A", 120, &["192.0.2.1"])]);
    let r = resolver::ensure(&mut w, &Place::parse("-33.87,151.21").unwrap()).unwrap();
    resolver::query(&mut w, &r, "www.example.com", "A").unwrap();
    w.advance(seconds(20));
    let mut back = World::from_json(&w.to_json()).unwrap();
    assert_eq!(back, w);
    let a = resolver::query(&mut back, &r, "www.example.com", "A").unwrap();
    assert!(a.from_cache);
    assert_eq!(a.ttl_remaining, Some(100));
}
