//! IP-based routing: CIDR collections (create, change with CollectionVersion, list, delete),
//! their errors as the API model names them, records with CidrRoutingConfig, and resolution by
//! the client's address (longest prefix, IPv4 and IPv6, the `*` default, health).

mod common;

use common::route53::{call, zone};
use nimbus_sim::services::route53::*;
use nimbus_sim::{ApiError, World};

fn create_collection(w: &mut World, name: &str, reference: &str) -> Result<CidrCollection, ApiError> {
    let req = CreateCidrCollectionRequest { name: name.into(), caller_reference: reference.into() };
    call(w, Route53Request::CreateCidrCollection(req)).map(|r| match r {
        Route53Response::CreateCidrCollection(out) => {
            assert!(out.location.ends_with(&out.collection.id));
            out.collection
        }
        other => panic!("{other:?}"),
    })
}

fn put(location: &str, cidrs: &[&str]) -> CidrCollectionChange {
    CidrCollectionChange {
        location_name: location.into(),
        action: "PUT".into(),
        cidr_list: cidrs.iter().map(|c| c.to_string()).collect(),
    }
}

fn remove(location: &str, cidrs: &[&str]) -> CidrCollectionChange {
    CidrCollectionChange { action: "DELETE_IF_EXISTS".into(), ..put(location, cidrs) }
}

fn change_collection(
    w: &mut World,
    id: &str,
    version: Option<i64>,
    changes: Vec<CidrCollectionChange>,
) -> Result<String, ApiError> {
    let req = ChangeCidrCollectionRequest { id: id.into(), collection_version: version, changes };
    call(w, Route53Request::ChangeCidrCollection(req)).map(|r| match r {
        Route53Response::ChangeCidrCollection(out) => out.id,
        other => panic!("{other:?}"),
    })
}

fn version(w: &mut World, id: &str) -> i64 {
    let Route53Response::ListCidrCollections(list) =
        call(w, Route53Request::ListCidrCollections(ListCidrCollectionsRequest::default())).unwrap()
    else {
        panic!()
    };
    list.cidr_collections.iter().find(|c| c.id == id).unwrap().version
}

fn cidr_record(id: &str, value: &str, collection: &str, location: &str) -> ResourceRecordSet {
    ResourceRecordSet {
        name: "app.example.com".into(),
        record_type: "A".into(),
        set_identifier: Some(id.into()),
        ttl: Some(60),
        resource_records: Some(vec![ResourceRecord { value: value.into() }]),
        cidr_routing_config: Some(CidrRoutingConfig {
            collection_id: collection.into(),
            location_name: location.into(),
        }),
        ..Default::default()
    }
}

fn change(w: &mut World, zone: &str, action: &str, sets: Vec<ResourceRecordSet>) -> Result<(), ApiError> {
    let changes = sets.into_iter().map(|s| Change { action: action.into(), resource_record_set: s }).collect();
    let req = ChangeResourceRecordSetsRequest {
        hosted_zone_id: zone.into(),
        change_batch: ChangeBatch { comment: None, changes },
    };
    call(w, Route53Request::ChangeResourceRecordSets(req)).map(|_| ())
}

#[test]
fn collections_are_created_once_per_name_and_limited_to_five() {
    let mut w = World::new(1);
    let c = create_collection(&mut w, "offices", "r1").unwrap();
    assert_eq!(c.version, 1);
    assert_eq!(c.arn, format!("arn:aws:route53:::cidrcollection/{}", c.id));
    assert_eq!(c.id.len(), 36, "a UUID: {}", c.id);
    // A retry with the same CallerReference returns the same collection.
    assert_eq!(create_collection(&mut w, "offices", "r1").unwrap(), c);
    let e = create_collection(&mut w, "offices", "r2").unwrap_err();
    assert_eq!(e.code, "CidrCollectionAlreadyExistsException");
    assert_eq!(
        e.message,
        "A CIDR collection with this name and a different caller reference already exists in this account."
    );
    let e = create_collection(&mut w, "bad name", "r3").unwrap_err();
    assert_eq!(e.code, "InvalidInput");
    assert!(e.message.contains("regular expression pattern"), "{}", e.message);
    for i in 0..4 {
        create_collection(&mut w, &format!("c{i}"), &format!("ref{i}")).unwrap();
    }
    let e = create_collection(&mut w, "sixth", "ref6").unwrap_err();
    assert_eq!(e.code, "LimitsExceeded");
    assert!(w.trail().last().unwrap().why.contains("at most 5 CIDR collections"));
}

#[test]
fn changes_are_versioned_atomic_and_checked() {
    let mut w = World::new(1);
    let c = create_collection(&mut w, "offices", "r1").unwrap();
    let change_id = change_collection(
        &mut w,
        &c.id,
        Some(1),
        vec![put("paris", &["198.51.100.0/24"]), put("nyc", &["2001:db8::/32"])],
    )
    .unwrap();
    assert_eq!(version(&mut w, &c.id), 2);
    // The change can be followed with GetChange, PENDING then INSYNC.
    let Route53Response::GetChange(got) =
        call(&mut w, Route53Request::GetChange(GetChangeRequest { id: change_id.clone() })).unwrap()
    else {
        panic!()
    };
    assert_eq!(got.change_info.status, "PENDING");

    // A stale version is refused with 409, and nothing changes.
    let e = change_collection(&mut w, &c.id, Some(1), vec![put("paris", &["198.51.101.0/24"])]).unwrap_err();
    assert_eq!(e.code, "CidrCollectionVersionMismatchException");
    assert_eq!(e.status, 409);
    assert_eq!(
        e.message,
        "The CIDR collection version you provided, doesn't match the one in the ListCidrCollections operation."
    );
    assert_eq!(version(&mut w, &c.id), 2);
    // Without a version the change applies to whatever is current.
    change_collection(
        &mut w,
        &c.id,
        None,
        vec![put("paris", &["198.51.101.0/24"]), remove("nyc", &["2001:db8:ffff::/48"])],
    )
    .unwrap();
    assert_eq!(version(&mut w, &c.id), 3);

    // A block sits in one location only.
    let e = change_collection(&mut w, &c.id, None, vec![put("nyc", &["198.51.100.0/24"])]).unwrap_err();
    assert_eq!(e.code, "CidrBlockInUseException");
    assert!(e.message.starts_with("This CIDR block is already in use."), "{}", e.message);
    // Bad blocks, names and actions are InvalidInput; a failed batch changes nothing.
    for (changes, needle) in [
        (vec![put("paris", &["198.51.102.0/24"]), put("x", &["198.51.100.1/24"])], "bits are set after the /24 prefix"),
        (vec![put("x", &["10.0.0.0/25"])], "from /1 to /24"),
        (vec![put("x", &["2001:db8::/64"])], "from /1 to /48"),
        (vec![put("x", &["nonsense"])], "needs a prefix length"),
        (vec![put("*", &["10.0.0.0/8"])], "regular expression pattern"),
        (vec![put("a-very-long-location-name", &["10.0.0.0/8"])], "length between 1 and 16"),
        (
            vec![CidrCollectionChange { action: "UPSERT".into(), ..put("x", &["10.0.0.0/8"]) }],
            "[PUT, DELETE_IF_EXISTS]",
        ),
        (vec![], "length between 1 and 1000"),
    ] {
        let e = change_collection(&mut w, &c.id, None, changes).unwrap_err();
        assert_eq!(e.code, "InvalidInput", "{needle}");
        assert!(e.message.contains(needle), "{needle}: {}", e.message);
    }
    assert_eq!(version(&mut w, &c.id), 3);
    let e = change_collection(&mut w, "00000000-0000-0000-0000-000000000000", None, vec![put("x", &["10.0.0.0/8"])])
        .unwrap_err();
    assert_eq!(e.code, "NoSuchCidrCollectionException");
    assert_eq!(e.status, 404);

    // At most 1,000 blocks per collection.
    let blocks: Vec<String> = (0..1000).map(|i| format!("10.{}.{}.0/24", i / 256, i % 256)).collect();
    let refs: Vec<&str> = blocks.iter().map(String::as_str).collect();
    let e = change_collection(&mut w, &c.id, None, vec![put("big", &refs)]).unwrap_err();
    assert_eq!(e.code, "LimitsExceeded");
}

#[test]
fn listings_page_through_collections_locations_and_blocks() {
    let mut w = World::new(1);
    let b = create_collection(&mut w, "b-collection", "rb").unwrap();
    create_collection(&mut w, "a-collection", "ra").unwrap();
    change_collection(
        &mut w,
        &b.id,
        None,
        vec![put("paris", &["198.51.100.0/24", "192.0.2.0/24"]), put("nyc", &["203.0.113.0/24"])],
    )
    .unwrap();
    let Route53Response::ListCidrCollections(list) = call(
        &mut w,
        Route53Request::ListCidrCollections(ListCidrCollectionsRequest {
            max_results: Some("1".into()),
            next_token: None,
        }),
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(list.cidr_collections.len(), 1);
    assert_eq!(list.cidr_collections[0].name, "a-collection");
    let Route53Response::ListCidrCollections(rest) = call(
        &mut w,
        Route53Request::ListCidrCollections(ListCidrCollectionsRequest {
            max_results: Some("1".into()),
            next_token: list.next_token,
        }),
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(rest.cidr_collections[0].name, "b-collection");
    assert_eq!(rest.next_token, None);

    let req = ListCidrLocationsRequest { collection_id: b.id.clone(), ..Default::default() };
    let Route53Response::ListCidrLocations(locs) = call(&mut w, Route53Request::ListCidrLocations(req)).unwrap() else {
        panic!()
    };
    let names: Vec<&str> = locs.cidr_locations.iter().map(|l| l.location_name.as_str()).collect();
    assert_eq!(names, ["nyc", "paris"]);

    let req = ListCidrBlocksRequest {
        collection_id: b.id.clone(),
        location_name: Some("paris".into()),
        ..Default::default()
    };
    let Route53Response::ListCidrBlocks(blocks) = call(&mut w, Route53Request::ListCidrBlocks(req)).unwrap() else {
        panic!()
    };
    let got: Vec<(&str, &str)> =
        blocks.cidr_blocks.iter().map(|b| (b.cidr_block.as_str(), b.location_name.as_str())).collect();
    assert_eq!(got, [("192.0.2.0/24", "paris"), ("198.51.100.0/24", "paris")]);
    let req = ListCidrBlocksRequest { collection_id: b.id.clone(), ..Default::default() };
    let Route53Response::ListCidrBlocks(all) = call(&mut w, Route53Request::ListCidrBlocks(req)).unwrap() else {
        panic!()
    };
    assert_eq!(all.cidr_blocks.len(), 3);
    let req = ListCidrBlocksRequest {
        collection_id: b.id.clone(),
        location_name: Some("tokyo".into()),
        ..Default::default()
    };
    let e = call(&mut w, Route53Request::ListCidrBlocks(req)).unwrap_err();
    assert_eq!(e.code, "NoSuchCidrLocationException");
    let req = ListCidrLocationsRequest { collection_id: "nope".into(), ..Default::default() };
    assert_eq!(call(&mut w, Route53Request::ListCidrLocations(req)).unwrap_err().code, "NoSuchCidrCollectionException");
}

/// A zone with records for three locations and a default, over collection `offices`.
fn routed_world(with_default: bool) -> (World, String, String) {
    let mut w = World::new(42);
    let z = zone(&mut w, "example.com");
    let c = create_collection(&mut w, "offices", "r").unwrap();
    change_collection(
        &mut w,
        &c.id,
        None,
        vec![put("office", &["203.0.113.0/24"]), put("isp", &["203.0.0.0/16"]), put("v6net", &["2001:db8::/32"])],
    )
    .unwrap();
    let mut sets = vec![
        cidr_record("office", "192.0.2.1", &c.id, "office"),
        cidr_record("isp", "192.0.2.2", &c.id, "isp"),
        cidr_record("v6", "192.0.2.3", &c.id, "v6net"),
    ];
    if with_default {
        sets.push(cidr_record("everyone-else", "192.0.2.9", &c.id, "*"));
    }
    change(&mut w, &z, "CREATE", sets).unwrap();
    (w, z, c.id)
}

fn from(ip: &str) -> Client {
    Client::in_region("us-east-1").with_ip(ip)
}

#[test]
fn the_longest_matching_prefix_answers_and_the_default_catches_the_rest() {
    let (mut w, _, _) = routed_world(true);
    let a = resolve(&mut w, "app.example.com", "A", &from("203.0.113.50"));
    assert_eq!(a.chosen, ["office"], "{:?}", a.trace);
    let trace = a.trace.join(" ");
    assert!(trace.contains("falls in 203.0.113.0/24 of location office (the longest matching prefix)"), "{trace}");
    let a = resolve(&mut w, "app.example.com", "A", &from("203.0.7.1"));
    assert_eq!(a.chosen, ["isp"]);
    let a = resolve(&mut w, "app.example.com", "A", &from("2001:db8:42::1"));
    assert_eq!(a.chosen, ["v6"]);
    assert_eq!(a.records, ["192.0.2.3"]);
    let a = resolve(&mut w, "app.example.com", "A", &from("8.8.8.8"));
    assert_eq!(a.chosen, ["everyone-else"]);
    assert!(a.trace.join(" ").contains("no location holds it, so the default (*) record everyone-else answers"));
    // Without an address only the default can match.
    let a = resolve(&mut w, "app.example.com", "A", &Client::in_region("eu-west-1"));
    assert_eq!(a.chosen, ["everyone-else"]);
    assert!(a.trace.join(" ").contains("carries no client address"));

    // Without a default, an unmatched address gets NOERROR and no answer.
    let (mut w, _, _) = routed_world(false);
    let a = resolve(&mut w, "app.example.com", "A", &from("8.8.8.8"));
    assert_eq!(a.response_code, "NOERROR");
    assert!(a.records.is_empty());
    assert!(a.trace.join(" ").contains("no default (*) record"), "{:?}", a.trace);
}

#[test]
fn an_unhealthy_match_falls_back_to_a_shorter_prefix() {
    let (mut w, z, c) = routed_world(true);
    let req = CreateHealthCheckRequest {
        caller_reference: "hc".into(),
        health_check_config: HealthCheckConfig {
            check_type: "HTTP".into(),
            fully_qualified_domain_name: Some("office.example.net".into()),
            ..Default::default()
        },
    };
    let Route53Response::CreateHealthCheck(hc) = call(&mut w, Route53Request::CreateHealthCheck(req)).unwrap() else {
        panic!()
    };
    let mut office = cidr_record("office", "192.0.2.1", &c, "office");
    office.health_check_id = Some(hc.health_check.id.clone());
    change(&mut w, &z, "UPSERT", vec![office]).unwrap();
    w.route53.health_checks.get_mut(&hc.health_check.id).unwrap().endpoint_healthy = false;
    let a = resolve(&mut w, "app.example.com", "A", &from("203.0.113.50"));
    assert_eq!(a.chosen, ["isp"], "{:?}", a.trace);
    assert!(a.trace.join(" ").contains("office matches 203.0.113.0/24 but is unhealthy"));
}

#[test]
fn addresses_spread_by_the_share_of_address_space_with_a_fixed_seed() {
    let mut w = World::new(9);
    let z = zone(&mut w, "example.com");
    let c = create_collection(&mut w, "halves", "r").unwrap();
    change_collection(&mut w, &c.id, None, vec![put("half", &["10.0.0.0/9"]), put("quarter", &["10.128.0.0/10"])])
        .unwrap();
    change(
        &mut w,
        &z,
        "CREATE",
        vec![
            cidr_record("half", "192.0.2.1", &c.id, "half"),
            cidr_record("quarter", "192.0.2.2", &c.id, "quarter"),
            cidr_record("rest", "192.0.2.3", &c.id, "*"),
        ],
    )
    .unwrap();
    // A fixed linear congruential sequence of addresses in 10.0.0.0/8.
    let mut x: u64 = 12345;
    let mut counts = std::collections::BTreeMap::new();
    let n = 20_000;
    for _ in 0..n {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let low = ((x >> 33) as u32) & 0x00ff_ffff;
        let ip = std::net::Ipv4Addr::from(0x0a00_0000 | low).to_string();
        let a = resolve(&mut w, "app.example.com", "A", &from(&ip));
        *counts.entry(a.chosen[0].clone()).or_insert(0) += 1;
    }
    let share = |k: &str| counts[k] as f64 / n as f64;
    assert!((share("half") - 0.5).abs() < 0.03, "{counts:?}");
    assert!((share("quarter") - 0.25).abs() < 0.03, "{counts:?}");
    assert!((share("rest") - 0.25).abs() < 0.03, "{counts:?}");
}

#[test]
fn records_need_an_existing_collection_and_location() {
    let (mut w, z, c) = routed_world(true);
    let mut set = cidr_record("x", "192.0.2.7", "11111111-2222-3333-4444-555555555555", "office");
    set.name = "other.example.com".into();
    let e = change(&mut w, &z, "CREATE", vec![set.clone()]).unwrap_err();
    assert_eq!(e.code, "InvalidChangeBatch");
    assert!(e.message.contains("CIDR collection 11111111-2222-3333-4444-555555555555"), "{}", e.message);
    set.cidr_routing_config = Some(CidrRoutingConfig { collection_id: c.clone(), location_name: "tokyo".into() });
    let e = change(&mut w, &z, "CREATE", vec![set.clone()]).unwrap_err();
    assert!(e.message.contains("CIDR location tokyo does not exist"), "{}", e.message);
    set.cidr_routing_config = Some(CidrRoutingConfig { collection_id: c.clone(), location_name: "bad name".into() });
    assert_eq!(change(&mut w, &z, "CREATE", vec![set.clone()]).unwrap_err().code, "InvalidInput");
    // Two records of one name and type may not share a location.
    let dup = cidr_record("office-2", "192.0.2.8", &c, "office");
    let e = change(&mut w, &z, "CREATE", vec![dup]).unwrap_err();
    assert_eq!(e.code, "InvalidChangeBatch");
    assert!(e.message.contains("CIDR location office"), "{}", e.message);
}

#[test]
fn collections_in_use_cannot_be_emptied_or_deleted() {
    let (mut w, z, c) = routed_world(true);
    let e = change_collection(&mut w, &c, None, vec![remove("office", &["203.0.113.0/24"])]).unwrap_err();
    assert_eq!(e.code, "CidrBlockInUseException");
    assert!(w.trail().last().unwrap().why.contains("which record"), "{}", w.trail().last().unwrap().why);
    let delete =
        |w: &mut World| call(w, Route53Request::DeleteCidrCollection(DeleteCidrCollectionRequest { id: c.clone() }));
    let e = delete(&mut w).unwrap_err();
    assert_eq!(e.code, "CidrCollectionInUseException");
    assert_eq!(e.message, "This CIDR collection is in use, and isn't empty.");
    // Delete the records, then the collection still holds blocks.
    let sets = vec![
        cidr_record("office", "192.0.2.1", &c, "office"),
        cidr_record("isp", "192.0.2.2", &c, "isp"),
        cidr_record("v6", "192.0.2.3", &c, "v6net"),
        cidr_record("everyone-else", "192.0.2.9", &c, "*"),
    ];
    change(&mut w, &z, "DELETE", sets).unwrap();
    assert_eq!(delete(&mut w).unwrap_err().code, "CidrCollectionInUseException");
    assert!(w.trail().last().unwrap().why.contains("still holds 3 location(s)"));
    change_collection(
        &mut w,
        &c,
        None,
        vec![
            remove("office", &["203.0.113.0/24"]),
            remove("isp", &["203.0.0.0/16"]),
            remove("v6net", &["2001:db8::/32"]),
        ],
    )
    .unwrap();
    delete(&mut w).unwrap();
    assert_eq!(delete(&mut w).unwrap_err().code, "NoSuchCidrCollectionException");
}

#[test]
fn test_dns_answer_routes_by_the_client_subnet() {
    let (mut w, z, _) = routed_world(true);
    let req = TestDNSAnswerRequest {
        hosted_zone_id: z,
        record_name: "app.example.com".into(),
        record_type: "A".into(),
        resolver_ip: Some("8.8.8.8".into()),
        edns0_client_subnet_ip: Some("203.0.113.9".into()),
        ..Default::default()
    };
    let Route53Response::TestDNSAnswer(a) = call(&mut w, Route53Request::TestDNSAnswer(req)).unwrap() else { panic!() };
    assert_eq!(a.record_data, ["192.0.2.1"]);
}

#[test]
fn collections_survive_a_save() {
    let (w, _, c) = routed_world(true);
    let back = World::from_json(&w.to_json()).unwrap();
    assert_eq!(back, w);
    assert_eq!(back.route53.cidr_collections[&c].locations.len(), 3);
}
