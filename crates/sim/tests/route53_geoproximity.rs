//! Geoproximity routing: records placed by AWS Region, Local Zone group or coordinates, the bias
//! formula (a positive bias grows a record's area, a negative one shrinks it), health, the
//! trace, and the validation Route 53 applies to GeoProximityLocation.

mod common;

use common::route53::{call, zone};
use nimbus_sim::services::route53::*;
use nimbus_sim::{ApiError, Request, Response, World};

fn change(w: &mut World, zone: &str, action: &str, sets: Vec<ResourceRecordSet>) -> Result<(), ApiError> {
    let changes = sets.into_iter().map(|s| Change { action: action.into(), resource_record_set: s }).collect();
    let req = ChangeResourceRecordSetsRequest {
        hosted_zone_id: zone.into(),
        change_batch: ChangeBatch { comment: None, changes },
    };
    call(w, Route53Request::ChangeResourceRecordSets(req)).map(|_| ())
}

fn geo(id: &str, value: &str, location: GeoProximityLocation) -> ResourceRecordSet {
    ResourceRecordSet {
        name: "app.example.com".into(),
        record_type: "A".into(),
        set_identifier: Some(id.into()),
        ttl: Some(60),
        resource_records: Some(vec![ResourceRecord { value: value.into() }]),
        geo_proximity_location: Some(location),
        ..Default::default()
    }
}

fn region(code: &str, bias: Option<i64>) -> GeoProximityLocation {
    GeoProximityLocation { aws_region: Some(code.into()), bias, ..Default::default() }
}

fn coords(lat: &str, lon: &str, bias: Option<i64>) -> GeoProximityLocation {
    GeoProximityLocation {
        coordinates: Some(Coordinates { latitude: lat.into(), longitude: lon.into() }),
        bias,
        ..Default::default()
    }
}

/// A zone with a us-east-1 and an eu-west-1 record, the second with `eu_bias`.
fn atlantic(eu_bias: Option<i64>) -> World {
    let mut w = World::new(7);
    let z = zone(&mut w, "example.com");
    change(
        &mut w,
        &z,
        "CREATE",
        vec![geo("us", "192.0.2.1", region("us-east-1", None)), geo("eu", "192.0.2.2", region("eu-west-1", eu_bias))],
    )
    .unwrap();
    w
}

#[test]
fn the_formula_matches_the_developer_guide() {
    assert_eq!(biased_distance(1000.0, 0), 1000.0);
    assert!((biased_distance(1000.0, 25) - 750.0).abs() < 1e-9, "positive: distance × (1 − bias/100)");
    assert!((biased_distance(1000.0, -50) - 2000.0).abs() < 1e-9, "negative: distance ÷ (1 + bias/100)");
    assert!((biased_distance(1000.0, 99) - 10.0).abs() < 1e-9);
    assert!((biased_distance(1000.0, -99) - 100_000.0).abs() < 1e-6);
}

#[test]
fn without_bias_the_nearest_record_answers_and_bias_moves_the_border() {
    // A ship in the mid-Atlantic, a little nearer Ireland than Virginia.
    let ship = Client::at(50.0, -35.0);
    let d_us = great_circle_km(50.0, -35.0, 38.9, -77.4);
    let d_eu = great_circle_km(50.0, -35.0, 53.3, -6.3);
    assert!(d_eu < d_us, "{d_eu} {d_us}");

    let mut w = atlantic(None);
    let a = resolve(&mut w, "app.example.com", "A", &ship);
    assert_eq!(a.records, ["192.0.2.2"]);
    assert_eq!(a.chosen, ["eu"]);
    let trace = a.trace.join("\n");
    assert!(trace.contains("geoproximity routing"), "{trace}");
    assert!(trace.contains("client at 50, -35"), "{trace}");
    assert!(trace.contains("bias +0"), "{trace}");
    assert!(trace.contains("the smallest biased distance is eu"), "{trace}");

    // A negative bias on eu stretches its distance past us-east-1's.
    let needed = -((1.0f64 - d_eu / d_us) * 100.0).ceil() as i64 - 1;
    let mut w = atlantic(Some(needed));
    let a = resolve(&mut w, "app.example.com", "A", &ship);
    assert_eq!(a.chosen, ["us"], "bias {needed}: {:?}", a.trace);
    assert!(a.trace.join(" ").contains(&format!("bias {needed}")), "{:?}", a.trace);

    // A client in Ireland stays with Ireland whatever the bias: its distance is 0.
    let a = resolve(&mut w, "app.example.com", "A", &Client::in_region("eu-west-1"));
    assert_eq!(a.chosen, ["eu"]);
}

#[test]
fn positive_bias_widens_the_area_a_record_serves_on_a_grid_of_clients() {
    // Clients on a grid across the northern hemisphere's Atlantic side; the share routed to
    // eu-west-1 grows with its bias.
    let mut shares = Vec::new();
    for bias in [-60, -20, 0, 20, 60] {
        let mut w = atlantic(Some(bias));
        let mut eu = 0;
        let mut total = 0;
        for lat in (0..70).step_by(5) {
            for lon in (-120..40).step_by(5) {
                let a = resolve(&mut w, "app.example.com", "A", &Client::at(lat as f32, lon as f32));
                total += 1;
                if a.chosen == ["eu"] {
                    eu += 1;
                }
            }
        }
        shares.push((bias, eu * 1000 / total));
    }
    for pair in shares.windows(2) {
        assert!(pair[0].1 < pair[1].1, "the eu share grows with its bias: {shares:?}");
    }
    // The seeded World gives the same shares every run (no randomness in geoproximity).
    assert_eq!(shares[2].0, 0);
}

#[test]
fn coordinates_and_local_zone_groups_place_records() {
    let mut w = World::new(1);
    let z = zone(&mut w, "example.com");
    change(
        &mut w,
        &z,
        "CREATE",
        vec![
            geo("paris-dc", "192.0.2.10", coords("48.85", "2.35", None)),
            geo(
                "boston-lz",
                "192.0.2.11",
                GeoProximityLocation { local_zone_group: Some("us-east-1-bos-1".into()), ..Default::default() },
            ),
            geo("tokyo", "192.0.2.12", region("ap-northeast-1", Some(-10))),
        ],
    )
    .unwrap();
    let a = resolve(&mut w, "app.example.com", "A", &Client::in_region("eu-central-1"));
    assert_eq!(a.chosen, ["paris-dc"]);
    assert!(a.trace.join(" ").contains("paris-dc at 48.85, 2.35"), "{:?}", a.trace);
    let a = resolve(&mut w, "app.example.com", "A", &Client::in_region("us-east-2"));
    assert_eq!(a.chosen, ["boston-lz"]);
    assert!(a.trace.join(" ").contains("us-east-1-bos-1 (placed at us-east-1)"), "{:?}", a.trace);
    let a = resolve(&mut w, "app.example.com", "A", &Client::in_region("ap-northeast-2"));
    assert_eq!(a.chosen, ["tokyo"]);
    // Listing gives the location back as it was written.
    let req = ListResourceRecordSetsRequest { hosted_zone_id: z.clone(), ..Default::default() };
    let Route53Response::ListResourceRecordSets(list) =
        call(&mut w, Route53Request::ListResourceRecordSets(req)).unwrap()
    else {
        panic!()
    };
    let paris = list.resource_record_sets.iter().find(|s| s.set_identifier.as_deref() == Some("paris-dc")).unwrap();
    assert_eq!(paris.geo_proximity_location, Some(coords("48.85", "2.35", None)));
}

#[test]
fn unhealthy_records_are_skipped() {
    let mut w = atlantic(None);
    let req = CreateHealthCheckRequest {
        caller_reference: "eu".into(),
        health_check_config: HealthCheckConfig {
            check_type: "HTTP".into(),
            fully_qualified_domain_name: Some("eu.example.net".into()),
            ..Default::default()
        },
    };
    let Route53Response::CreateHealthCheck(hc) = call(&mut w, Route53Request::CreateHealthCheck(req)).unwrap() else {
        panic!()
    };
    let id = hc.health_check.id;
    let z = w.route53.zones.keys().next().unwrap().clone();
    let mut eu = geo("eu", "192.0.2.2", region("eu-west-1", None));
    eu.health_check_id = Some(id.clone());
    change(&mut w, &z, "UPSERT", vec![eu]).unwrap();
    let check = w.route53.health_checks.get_mut(&id).unwrap();
    check.endpoint_healthy = false;
    let a = resolve(&mut w, "app.example.com", "A", &Client::in_region("eu-west-2"));
    assert_eq!(a.chosen, ["us"], "{:?}", a.trace);
    assert!(a.trace.join(" ").contains("is unhealthy"), "{:?}", a.trace);
}

#[test]
fn test_dns_answer_applies_geoproximity() {
    let mut w = atlantic(None);
    let z = w.route53.zones.keys().next().unwrap().clone();
    let req = TestDNSAnswerRequest {
        hosted_zone_id: z,
        record_name: "app.example.com".into(),
        record_type: "A".into(),
        ..Default::default()
    };
    let Route53Response::TestDNSAnswer(a) = w
        .call_in("eu-west-2", Request::Route53(Route53Request::TestDNSAnswer(req)))
        .map(|r| match r {
            Response::Route53(r) => r,
            _ => panic!(),
        })
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(a.record_data, ["192.0.2.2"]);
    assert!(w.trail().last().unwrap().why.contains("geoproximity routing"));
}

#[test]
fn geoproximity_locations_are_validated() {
    let mut w = World::new(1);
    let z = zone(&mut w, "example.com");
    let refused = |w: &mut World, set: ResourceRecordSet| change(w, &z, "CREATE", vec![set]).unwrap_err();

    let e = refused(&mut w, geo("a", "192.0.2.1", region("us-east-1", Some(100))));
    assert_eq!(e.code, "InvalidInput");
    assert!(
        e.message.contains(
            "geoProximityLocation.bias' failed to satisfy constraint: Member must have value less than or equal to 99"
        ),
        "{}",
        e.message
    );
    let e = refused(&mut w, geo("a", "192.0.2.1", region("us-east-1", Some(-100))));
    assert!(e.message.contains("greater than or equal to -99"), "{}", e.message);

    let two = GeoProximityLocation {
        aws_region: Some("us-east-1".into()),
        coordinates: Some(Coordinates { latitude: "1".into(), longitude: "2".into() }),
        ..Default::default()
    };
    let e = refused(&mut w, geo("a", "192.0.2.1", two));
    assert!(e.message.contains("takes only one of AWSRegion, LocalZoneGroup or Coordinates"), "{}", e.message);
    let e = refused(&mut w, geo("a", "192.0.2.1", GeoProximityLocation { bias: Some(5), ..Default::default() }));
    assert!(e.message.contains("needs one of AWSRegion"), "{}", e.message);

    for (lat, lon) in [("91", "0"), ("45.123", "0"), ("x", "0"), ("0", "181"), ("0", "1000"), ("", "0")] {
        let e = refused(&mut w, geo("a", "192.0.2.1", coords(lat, lon, None)));
        assert_eq!(e.code, "InvalidInput", "{lat} {lon}");
    }
    assert!(names::parse_coordinate("-90", 2, 90).is_some());
    assert!(names::parse_coordinate("+12.5", 2, 90).is_some());

    let e = refused(&mut w, geo("a", "192.0.2.1", region("mars-north-1", None)));
    assert!(e.message.contains("not one Nimbus Lab simulates"), "{}", e.message);
    let bad_lz = GeoProximityLocation { local_zone_group: Some("us-east-1".into()), ..Default::default() };
    let e = refused(&mut w, geo("a", "192.0.2.1", bad_lz));
    assert!(e.message.contains("LocalZoneGroup"), "{}", e.message);

    let mut no_id = geo("a", "192.0.2.1", region("us-east-1", None));
    no_id.set_identifier = None;
    let e = refused(&mut w, no_id);
    assert!(e.message.contains("Missing field 'SetIdentifier'"), "{}", e.message);

    let mut both = geo("a", "192.0.2.1", region("us-east-1", None));
    both.weight = Some(1);
    let e = refused(&mut w, both);
    assert!(e.message.contains("one routing policy"), "{}", e.message);

    // At most 30 geoproximity records per name and type.
    let many: Vec<ResourceRecordSet> =
        (0..31).map(|i| geo(&format!("g{i}"), "192.0.2.1", coords(&format!("{}", i), "10", None))).collect();
    let e = change(&mut w, &z, "CREATE", many).unwrap_err();
    assert_eq!(e.code, "InvalidChangeBatch");
    assert!(e.message.contains("Cannot have more than 30 geoproximity records"), "{}", e.message);

    // A geoproximity record beside a weighted one with the same name and type is refused.
    change(&mut w, &z, "CREATE", vec![geo("g", "192.0.2.1", region("us-east-1", None))]).unwrap();
    let mut weighted = geo("w", "192.0.2.1", region("us-east-1", None));
    weighted.geo_proximity_location = None;
    weighted.weight = Some(1);
    let e = change(&mut w, &z, "CREATE", vec![weighted]).unwrap_err();
    assert_eq!(e.code, "InvalidChangeBatch");
}

#[test]
fn private_zones_refuse_geoproximity() {
    let mut w = World::new(1);
    let req = CreateHostedZoneRequest {
        name: "internal.example".into(),
        caller_reference: "p".into(),
        vpc: Some(Vpc { vpc_region: Some("us-east-1".into()), vpc_id: Some("vpc-0123abcd".into()) }),
        ..Default::default()
    };
    let Route53Response::CreateHostedZone(out) = call(&mut w, Route53Request::CreateHostedZone(req)).unwrap() else {
        panic!()
    };
    let mut set = geo("a", "10.0.0.1", region("us-east-1", None));
    set.name = "app.internal.example".into();
    let e = change(&mut w, &out.hosted_zone.id, "CREATE", vec![set]).unwrap_err();
    assert!(e.message.contains("not available in private hosted zones"), "{}", e.message);
}
