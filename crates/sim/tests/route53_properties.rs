//! Property tests: random record sets (every routing policy, geoproximity and IP-based
//! included) and random queries, straight to Route 53 and through caching resolvers as the
//! clock moves. Nothing panics, answers hold only values of the queried name and type, and
//! weighted answers never pick a zero-weight record while another candidate has weight.

use nimbus_sim::services::route53::resolver;
use nimbus_sim::services::route53::*;
use nimbus_sim::{Request, Response, World};
use proptest::prelude::*;

const NAMES: &[&str] = &["example.com", "a.example.com", "b.example.com", "*.example.com", "x.a.example.com"];
const TYPES: &[&str] = &["A", "AAAA", "TXT", "CNAME", "MX"];

fn value(t: &str, n: u8) -> String {
    match t {
        "A" => format!("192.0.2.{n}"),
        "AAAA" => format!("2001:db8::{n:x}"),
        "TXT" => format!("\"v{n}\""),
        "CNAME" => format!("t{n}.example.net"),
        _ => format!("{n} mx{n}.example.net"),
    }
}

#[derive(Clone, Debug)]
enum Shape {
    Simple(Vec<u8>),
    Weighted(Vec<u8>),
    Failover,
    Latency(Vec<usize>),
    Multi(u8),
    GeoProximity(Vec<(usize, i8)>),
    Cidr(Vec<u8>, bool),
}

fn shape() -> impl Strategy<Value = Shape> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 1..4).prop_map(Shape::Simple),
        prop::collection::vec(prop_oneof![Just(0u8), any::<u8>()], 1..6).prop_map(Shape::Weighted),
        Just(Shape::Failover),
        prop::collection::vec(0usize..16, 1..4).prop_map(Shape::Latency),
        (1u8..12).prop_map(Shape::Multi),
        prop::collection::vec((0usize..16, -99i8..=99), 1..5).prop_map(Shape::GeoProximity),
        (prop::collection::vec(0u8..4, 1..4), any::<bool>()).prop_map(|(l, d)| Shape::Cidr(l, d)),
    ]
}

fn sets_for(name: &str, t: &str, shape: &Shape, collection: &str) -> Vec<ResourceRecordSet> {
    let base = |vals: Vec<String>| ResourceRecordSet {
        name: name.into(),
        record_type: t.into(),
        ttl: Some(60),
        resource_records: Some(vals.into_iter().map(|value| ResourceRecord { value }).collect()),
        ..Default::default()
    };
    let regions = nimbus_sim::regions::REGIONS;
    match shape {
        Shape::Simple(v) => {
            let mut vals: Vec<String> = v.iter().map(|n| value(t, *n)).collect();
            vals.sort();
            vals.dedup();
            if t == "CNAME" {
                vals.truncate(1);
            }
            vec![base(vals)]
        }
        Shape::Weighted(ws) => ws
            .iter()
            .enumerate()
            .map(|(i, w)| ResourceRecordSet {
                set_identifier: Some(format!("w{i}")),
                weight: Some(*w as i64),
                ..base(vec![value(t, i as u8)])
            })
            .collect(),
        Shape::Failover => ["PRIMARY", "SECONDARY"]
            .iter()
            .enumerate()
            .map(|(i, role)| ResourceRecordSet {
                set_identifier: Some(role.to_lowercase()),
                failover: Some(role.to_string()),
                ..base(vec![value(t, i as u8)])
            })
            .collect(),
        Shape::Latency(rs) => {
            let mut rs = rs.clone();
            rs.sort();
            rs.dedup();
            rs.iter()
                .map(|r| ResourceRecordSet {
                    set_identifier: Some(format!("l{r}")),
                    region: Some(regions[*r].code.to_string()),
                    ..base(vec![value(t, *r as u8)])
                })
                .collect()
        }
        Shape::Multi(n) => (0..*n)
            .map(|i| ResourceRecordSet {
                set_identifier: Some(format!("m{i}")),
                multi_value_answer: Some(true),
                ..base(vec![value(t, i)])
            })
            .collect(),
        Shape::GeoProximity(places) => places
            .iter()
            .enumerate()
            .map(|(i, (r, bias))| ResourceRecordSet {
                set_identifier: Some(format!("g{i}")),
                geo_proximity_location: Some(GeoProximityLocation {
                    aws_region: Some(regions[*r].code.to_string()),
                    bias: Some(*bias as i64),
                    ..Default::default()
                }),
                ..base(vec![value(t, i as u8)])
            })
            .collect(),
        Shape::Cidr(locations, default) => {
            let mut names: Vec<String> = locations.iter().map(|l| format!("l{l}")).collect();
            names.sort();
            names.dedup();
            if *default {
                names.push("*".into());
            }
            names
                .iter()
                .enumerate()
                .map(|(i, l)| ResourceRecordSet {
                    set_identifier: Some(format!("c{i}")),
                    cidr_routing_config: Some(CidrRoutingConfig {
                        collection_id: collection.to_string(),
                        location_name: l.clone(),
                    }),
                    ..base(vec![value(t, i as u8)])
                })
                .collect()
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_zones_answer_only_with_their_own_records(
        groups in prop::collection::vec((0..NAMES.len(), 0..TYPES.len(), shape()), 1..8),
        queries in prop::collection::vec((0..NAMES.len() + 2, 0..TYPES.len(), 0usize..16), 1..30),
        seed in any::<u64>(),
    ) {
        let mut w = World::new(seed);
        let req = CreateHostedZoneRequest { name: "example.com".into(), caller_reference: "r".into(), ..Default::default() };
        let Ok(Response::Route53(Route53Response::CreateHostedZone(out))) = w.call(Request::Route53(Route53Request::CreateHostedZone(req))) else {
            panic!("zone")
        };
        let zone = out.hosted_zone.id;
        let req = CreateCidrCollectionRequest { name: "c".into(), caller_reference: "c".into() };
        let Ok(Response::Route53(Route53Response::CreateCidrCollection(c))) = w.call(Request::Route53(Route53Request::CreateCidrCollection(req))) else {
            panic!("collection")
        };
        let collection = c.collection.id;
        let changes = (0..4)
            .map(|l| CidrCollectionChange { location_name: format!("l{l}"), action: "PUT".into(), cidr_list: vec![format!("10.{l}.0.0/16")] })
            .collect();
        let req = ChangeCidrCollectionRequest { id: collection.clone(), collection_version: None, changes };
        w.call(Request::Route53(Route53Request::ChangeCidrCollection(req))).unwrap();
        // Each group in its own batch; some are refused (CNAME conflicts, apex CNAME, duplicates).
        for (n, t, s) in &groups {
            let changes = sets_for(NAMES[*n], TYPES[*t], s, &collection)
                .into_iter()
                .map(|set| Change { action: "UPSERT".into(), resource_record_set: set })
                .collect();
            let req = ChangeResourceRecordSetsRequest { hosted_zone_id: zone.clone(), change_batch: ChangeBatch { comment: None, changes } };
            let _ = w.call(Request::Route53(Route53Request::ChangeResourceRecordSets(req)));
        }
        let stored: Vec<ResourceRecordSet> = w.route53.zones.values().next().unwrap().records.values().cloned().collect();
        let extra = ["nothing.example.com", "deep.x.a.example.com"];
        for (n, t, r) in &queries {
            let qname = if *n < NAMES.len() { NAMES[*n] } else { extra[*n - NAMES.len()] };
            let qtype = TYPES[*t];
            let client = match r % 3 {
                0 => Client::in_region(nimbus_sim::regions::REGIONS[*r].code),
                1 => Client::in_region(nimbus_sim::regions::REGIONS[*r].code).with_ip(&format!("10.{}.7.7", r % 6)),
                _ => Client::at((*r as f32) * 11.0 - 80.0, (*r as f32) * 23.0 - 179.0),
            };
            // The same question through a caching resolver, as the clock moves.
            let place = resolver::Place::Region(client.region.to_string());
            let via = resolver::ensure_for(&mut w, &place, client.ip.as_deref()).unwrap();
            let cached = resolver::query_quiet(&mut w, &via, qname, qtype).unwrap();
            prop_assert!(["NOERROR", "NXDOMAIN", "SERVFAIL"].contains(&cached.response_code.as_str()), "{:?}", cached);
            prop_assert!(cached.ttl_remaining.unwrap_or(0) <= 900);
            w.advance(nimbus_sim::SimDuration::seconds(*r as i64 * 7));
            // The bulk path (traffic, resolvers it fills) answers exactly the same, without the trace.
            let mut twin = w.clone();
            let answer = resolve(&mut w, qname, qtype, &client);
            let quiet = resolve_unexplained(&mut twin, qname, qtype, &client);
            prop_assert_eq!(
                (quiet.response_code, &quiet.records, &quiet.chosen, quiet.ttl, &quiet.record_type),
                (answer.response_code, &answer.records, &answer.chosen, answer.ttl, &answer.record_type)
            );
            prop_assert!(quiet.trace.is_empty(), "{:?}", quiet.trace);
            prop_assert!(["NOERROR", "NXDOMAIN"].contains(&answer.response_code), "{:?}", answer);
            prop_assert!(!answer.trace.is_empty());
            if answer.records.is_empty() {
                continue;
            }
            // The owner is the name itself or the wildcard that covers it.
            let canonical = format!("{qname}.");
            let owner_sets: Vec<&ResourceRecordSet> = stored
                .iter()
                .filter(|s| s.record_type == answer.record_type)
                .filter(|s| s.name == canonical || (s.name == "*.example.com." && !stored.iter().any(|o| o.name == canonical)))
                .collect();
            prop_assert!(!owner_sets.is_empty(), "{qname} {qtype}: {:?}", answer);
            prop_assert!(answer.record_type == qtype || answer.record_type == "CNAME");
            for v in &answer.records {
                prop_assert!(owner_sets.iter().any(|s| s.values().any(|x| x == v)), "{v} is not a value of {qname} {qtype}");
            }
            let weighted: Vec<&&ResourceRecordSet> = owner_sets.iter().filter(|s| s.weight.is_some()).collect();
            if weighted.iter().any(|s| s.weight != Some(0)) {
                let picked = weighted.iter().find(|s| s.values().any(|x| x == answer.records[0])).unwrap();
                prop_assert_ne!(picked.weight, Some(0), "a zero-weight record was picked beside weighted ones");
            }
            prop_assert!(answer.records.len() <= 8 || owner_sets.iter().all(|s| s.multi_value_answer.is_none()));
        }
    }

    #[test]
    fn change_batches_of_random_text_never_panic(
        name in ".{0,40}", t in "[A-Z]{1,6}", v in ".{0,40}", ttl in any::<i64>(), weight in proptest::option::of(any::<i64>()),
    ) {
        let mut w = World::new(1);
        let req = CreateHostedZoneRequest { name: "example.com".into(), caller_reference: "r".into(), ..Default::default() };
        let Ok(Response::Route53(Route53Response::CreateHostedZone(out))) = w.call(Request::Route53(Route53Request::CreateHostedZone(req))) else {
            panic!("zone")
        };
        let set = ResourceRecordSet {
            name,
            record_type: t,
            ttl: Some(ttl),
            weight,
            set_identifier: weight.map(|_| "s".to_string()),
            resource_records: Some(vec![ResourceRecord { value: v }]),
            ..Default::default()
        };
        let before = w.route53.clone();
        let req = ChangeResourceRecordSetsRequest {
            hosted_zone_id: out.hosted_zone.id,
            change_batch: ChangeBatch { comment: None, changes: vec![Change { action: "CREATE".into(), resource_record_set: set }] },
        };
        if w.call(Request::Route53(Route53Request::ChangeResourceRecordSets(req))).is_err() {
            prop_assert_eq!(&w.route53, &before);
        }
    }

    #[test]
    fn dig_lines_and_geoproximity_text_never_panic(
        words in prop::collection::vec("[@+a-zA-Z0-9.,=:*-]{0,20}", 0..5),
        lat in ".{0,8}", lon in ".{0,8}", bias in any::<i64>(),
    ) {
        let mut w = World::new(1);
        let mut fs = nimbus_sim::cli::MemoryFs::new();
        let line = format!("dig {}", words.join(" "));
        let out = nimbus_sim::cli::run_line(&mut w, &mut fs, &line);
        prop_assert!([0, 1, 10].contains(&out.exit_code), "{line}: {out:?}");
        let req = CreateHostedZoneRequest { name: "example.com".into(), caller_reference: "r".into(), ..Default::default() };
        let Ok(Response::Route53(Route53Response::CreateHostedZone(z))) = w.call(Request::Route53(Route53Request::CreateHostedZone(req))) else {
            panic!("zone")
        };
        let set = ResourceRecordSet {
            name: "g.example.com".into(),
            record_type: "A".into(),
            set_identifier: Some("g".into()),
            ttl: Some(60),
            resource_records: Some(vec![ResourceRecord { value: "192.0.2.1".into() }]),
            geo_proximity_location: Some(GeoProximityLocation {
                coordinates: Some(Coordinates { latitude: lat, longitude: lon }),
                bias: Some(bias),
                ..Default::default()
            }),
            ..Default::default()
        };
        let req = ChangeResourceRecordSetsRequest {
            hosted_zone_id: z.hosted_zone.id,
            change_batch: ChangeBatch { comment: None, changes: vec![Change { action: "CREATE".into(), resource_record_set: set }] },
        };
        if w.call(Request::Route53(Route53Request::ChangeResourceRecordSets(req))).is_ok() {
            let a = resolve(&mut w, "g.example.com", "A", &Client::in_region("eu-west-1"));
            prop_assert_eq!(a.records, vec!["192.0.2.1".to_string()]);
        }
    }
}
