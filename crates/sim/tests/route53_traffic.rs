//! The traffic simulation (distributions per record and per client location with a fixed seed,
//! with and without resolver caches, over simulated time) and the disaster-recovery scenario:
//! the outage arithmetic checked against drills on the simulated clock.

mod common;

use common::route53::{call, zone};
use nimbus_sim::services::route53::dr;
use nimbus_sim::services::route53::resolver::{self, Place};
use nimbus_sim::services::route53::traffic::{self, Caching, ClientGroup, TrafficSpec, NO_ANSWER};
use nimbus_sim::services::route53::*;
use nimbus_sim::{SimDuration, World};

fn set(id: &str, value: &str, ttl: i64) -> ResourceRecordSet {
    ResourceRecordSet {
        name: "app.example.com".into(),
        record_type: "A".into(),
        set_identifier: Some(id.into()),
        ttl: Some(ttl),
        resource_records: Some(vec![ResourceRecord { value: value.into() }]),
        ..Default::default()
    }
}

fn create(w: &mut World, zone: &str, sets: Vec<ResourceRecordSet>) {
    let changes = sets.into_iter().map(|s| Change { action: "CREATE".into(), resource_record_set: s }).collect();
    let req = ChangeResourceRecordSetsRequest {
        hosted_zone_id: zone.into(),
        change_batch: ChangeBatch { comment: None, changes },
    };
    call(w, Route53Request::ChangeResourceRecordSets(req)).unwrap();
}

fn group(label: &str, place: &str, share: u32) -> ClientGroup {
    ClientGroup { label: label.into(), place: Place::parse(place).unwrap(), ip: None, share }
}

fn spec(clients: Vec<ClientGroup>, queries: usize, caching: Caching) -> TrafficSpec {
    TrafficSpec {
        name: "app.example.com".into(),
        record_type: "A".into(),
        clients,
        queries,
        span: SimDuration(0),
        caching,
        slices: 0,
    }
}

fn weighted_world(seed: u64) -> World {
    let mut w = World::new(seed);
    let z = zone(&mut w, "example.com");
    create(
        &mut w,
        &z,
        vec![
            ResourceRecordSet { weight: Some(90), ..set("stable", "192.0.2.1", 60) },
            ResourceRecordSet { weight: Some(10), ..set("canary", "192.0.2.2", 60) },
        ],
    );
    w
}

#[test]
fn a_weighted_split_without_caches_follows_the_weights() {
    let mut w = weighted_world(2026);
    let clients = vec![group("virginia", "us-east-1", 3), group("ireland", "eu-west-1", 1)];
    let report = traffic::simulate(&mut w, &spec(clients.clone(), 10_000, Caching::Off)).unwrap();
    assert_eq!(report.total, 10_000);
    assert_eq!(report.from_cache, 0);
    assert!((report.share("canary") - 0.10).abs() < 0.01, "{:?}", report.by_record);
    assert_eq!(report.by_client["virginia"].values().sum::<u64>(), 7500);
    assert_eq!(report.by_client["ireland"].values().sum::<u64>(), 2500);
    assert_eq!(report.by_value.values().sum::<u64>(), 10_000);
    let event = w.trail().last().unwrap();
    assert_eq!(event.operation, "TrafficSimulation");
    assert!(event.why.starts_with("10000 queries over 0s: stable 9"), "{}", event.why);
    // The same seed gives the same report.
    let again = traffic::simulate(&mut weighted_world(2026), &spec(clients, 10_000, Caching::Off)).unwrap();
    assert_eq!(again, report);
}

#[test]
fn resolver_caches_pin_each_location_to_one_answer_until_the_ttl_runs_out() {
    let mut w = weighted_world(7);
    let clients =
        vec![group("virginia", "us-east-1", 1), group("ireland", "eu-west-1", 1), group("tokyo", "ap-northeast-1", 1)];
    let report = traffic::simulate(&mut w, &spec(clients.clone(), 3000, Caching::Resolvers)).unwrap();
    assert_eq!(report.from_cache, 2997, "one miss per resolver, then the cache answers");
    for per_client in report.by_client.values() {
        assert_eq!(per_client.len(), 1, "each location sticks to one record: {per_client:?}");
    }
    // Spread over an hour, each resolver asks again every 60 s or so, and the split reappears.
    let mut spread = spec(clients, 6000, Caching::Resolvers);
    spread.span = SimDuration::minutes(60);
    spread.slices = 10;
    let start = w.now();
    let report = traffic::simulate(&mut w, &spread).unwrap();
    assert_eq!(w.now(), start + SimDuration::minutes(60));
    assert_eq!(report.ended, w.now());
    assert_eq!(report.timeline.len(), 10);
    assert_eq!(report.timeline.iter().map(|s| s.by_record.values().sum::<u64>()).sum::<u64>(), 6000);
    assert!(
        report.by_record.contains_key("canary") && report.by_record.contains_key("stable"),
        "{:?}",
        report.by_record
    );
    let misses = report.total - report.from_cache;
    assert!((3 * 58..=3 * 61).contains(&misses), "about one miss per resolver per minute: {misses}");
}

#[test]
fn latency_and_geolocation_split_by_client_location() {
    let mut w = World::new(1);
    let z = zone(&mut w, "example.com");
    create(
        &mut w,
        &z,
        vec![
            ResourceRecordSet { region: Some("us-east-1".into()), ..set("use1", "192.0.2.1", 60) },
            ResourceRecordSet { region: Some("eu-west-1".into()), ..set("euw1", "192.0.2.2", 60) },
        ],
    );
    let geo = |id: &str, value: &str, g: GeoLocation| ResourceRecordSet {
        name: "geo.example.com".into(),
        geo_location: Some(g),
        ..set(id, value, 60)
    };
    create(
        &mut w,
        &z,
        vec![
            geo("europe", "192.0.2.10", GeoLocation { continent_code: Some("EU".into()), ..Default::default() }),
            geo("default", "192.0.2.11", GeoLocation { country_code: Some("*".into()), ..Default::default() }),
        ],
    );
    let clients = vec![
        group("ohio", "us-east-2", 1),
        group("frankfurt", "eu-central-1", 1),
        group("sao-paulo", "sa-east-1", 1),
        group("paris", "48.85,2.35", 1),
    ];
    let report = traffic::simulate(&mut w, &spec(clients.clone(), 400, Caching::Resolvers)).unwrap();
    assert_eq!(report.by_client["ohio"].keys().collect::<Vec<_>>(), ["use1"]);
    assert_eq!(report.by_client["frankfurt"].keys().collect::<Vec<_>>(), ["euw1"]);
    assert_eq!(report.by_client["sao-paulo"].keys().collect::<Vec<_>>(), ["use1"]);
    assert_eq!(report.by_client["paris"].keys().collect::<Vec<_>>(), ["euw1"]);
    let mut geo_spec = spec(clients, 400, Caching::Off);
    geo_spec.name = "geo.example.com".into();
    let report = traffic::simulate(&mut w, &geo_spec).unwrap();
    assert_eq!(report.by_record["europe"], 200);
    assert_eq!(report.by_record["default"], 200);

    // Names without an answer are counted as such; bad specs are errors.
    let mut missing = spec(vec![group("ohio", "us-east-2", 1)], 10, Caching::Resolvers);
    missing.name = "missing.example.com".into();
    let report = traffic::simulate(&mut w, &missing).unwrap();
    assert_eq!(report.by_record[NO_ANSWER], 10);
    assert_eq!(report.no_answer, 10);
    assert!(traffic::simulate(&mut w, &spec(vec![], 10, Caching::Off)).is_err());
    let mut bad = spec(vec![group("ohio", "us-east-2", 1)], 10, Caching::Off);
    bad.name = "bad..name".into();
    assert!(traffic::simulate(&mut w, &bad).is_err());
}

#[test]
fn the_outage_arithmetic() {
    let e = dr::outage(30, 3, 60);
    assert_eq!((e.detection_min, e.detection_max), (60, 90));
    assert_eq!((e.best, e.worst, e.expected), (60, 150, 105));
    let fast = dr::outage(10, 1, 0);
    assert_eq!((fast.best, fast.worst), (0, 10));
    assert!(dr::outage(10, 2, 60).worst < dr::outage(30, 2, 60).worst, "a faster interval shortens it");
    assert!(dr::outage(30, 2, 60).worst < dr::outage(30, 5, 60).worst, "a higher threshold lengthens it");
    assert!(dr::outage(30, 2, 60).worst < dr::outage(30, 2, 300).worst, "a longer TTL lengthens it");
}

#[test]
fn drills_on_the_simulated_clock_stay_within_the_estimate() {
    for (interval, threshold, ttl, offset) in
        [(30, 3, 60, 0), (30, 3, 60, 17), (10, 2, 30, 5), (10, 1, 300, 9), (30, 5, 0, 29)]
    {
        let mut w = World::new(interval as u64 * 100 + ttl as u64);
        let scenario =
            dr::active_passive(&mut w, "example.com", ("us-east-1", "us-west-2"), interval, threshold, ttl).unwrap();
        let client = resolver::ensure(&mut w, &Place::parse("us-east-2").unwrap()).unwrap();
        // Healthy: the client reaches the primary through the CNAME.
        w.advance(SimDuration::seconds(interval * 4));
        let a = resolver::query(&mut w, &client, "app.example.com", "A").unwrap();
        assert_eq!(a.chosen, ["primary"], "{:?}", a.trace);
        assert_eq!(a.records[0].value, scenario.primary_host);
        // Fail partway between probes, then watch the client.
        w.advance(SimDuration::seconds(offset));
        let result = dr::drill(&mut w, &scenario, &client, SimDuration::seconds(1), SimDuration::minutes(30)).unwrap();
        let estimate = dr::outage(interval, threshold as u32, ttl);
        let measured = result.outage().as_seconds();
        let detected = (result.route53_switched_at - result.failed_at).as_seconds();
        assert!(
            (estimate.detection_min..=estimate.detection_max).contains(&detected),
            "detection {detected} s for {interval}/{threshold}: {estimate:?}"
        );
        assert!(
            (estimate.best..=estimate.worst).contains(&measured),
            "outage {measured} s for interval {interval}, threshold {threshold}, TTL {ttl}: {estimate:?}"
        );
        let a = resolver::query(&mut w, &client, "app.example.com", "A").unwrap();
        assert_eq!(a.records[0].value, scenario.secondary_host);
    }
}
