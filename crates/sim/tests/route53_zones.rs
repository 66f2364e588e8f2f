//! Route 53 hosted zones: creation with NS and SOA as AWS makes them, CallerReference rules,
//! private zones, listing, deletion only when empty, and changes going PENDING → INSYNC.

mod common;

use common::route53::call;
use nimbus_sim::services::route53::*;
use nimbus_sim::{ApiError, SimDuration, World};

fn create(w: &mut World, name: &str, reference: &str) -> Result<CreateHostedZoneOutput, ApiError> {
    let req = CreateHostedZoneRequest { name: name.into(), caller_reference: reference.into(), ..Default::default() };
    match call(w, Route53Request::CreateHostedZone(req))? {
        Route53Response::CreateHostedZone(out) => Ok(out),
        other => panic!("{other:?}"),
    }
}

fn records(w: &mut World, zone: &str) -> Vec<ResourceRecordSet> {
    let req = ListResourceRecordSetsRequest { hosted_zone_id: zone.into(), ..Default::default() };
    match call(w, Route53Request::ListResourceRecordSets(req)).unwrap() {
        Route53Response::ListResourceRecordSets(out) => out.resource_record_sets,
        other => panic!("{other:?}"),
    }
}

fn upsert_a(w: &mut World, zone: &str, name: &str) {
    let set = ResourceRecordSet {
        name: name.into(),
        record_type: "A".into(),
        ttl: Some(300),
        resource_records: Some(vec![ResourceRecord { value: "192.0.2.1".into() }]),
        ..Default::default()
    };
    let batch =
        ChangeBatch { comment: None, changes: vec![Change { action: "UPSERT".into(), resource_record_set: set }] };
    call(
        w,
        Route53Request::ChangeResourceRecordSets(ChangeResourceRecordSetsRequest {
            hosted_zone_id: zone.into(),
            change_batch: batch,
        }),
    )
    .unwrap();
}

#[test]
fn a_new_public_zone_has_four_name_servers_an_ns_and_an_soa() {
    let mut w = World::new(1);
    let out = create(&mut w, "Example.COM", "ref-1").unwrap();
    let id = out.hosted_zone.id.clone();
    assert!(id.starts_with("/hostedzone/Z"), "{id}");
    let bare = id.trim_start_matches("/hostedzone/");
    assert_eq!(bare.len(), 14);
    assert!(bare.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
    assert_eq!(out.hosted_zone.name, "example.com.");
    assert_eq!(out.hosted_zone.resource_record_set_count, 2);
    assert_eq!(out.change_info.status, "PENDING");
    assert!(out.location.ends_with(bare));
    let servers = out.delegation_set.unwrap().name_servers;
    assert_eq!(servers.len(), 4);
    for (server, tld) in servers.iter().zip(["com", "net", "org", "co.uk"]) {
        assert!(
            server.starts_with("ns-") && server.contains(".awsdns-") && server.ends_with(&format!(".{tld}")),
            "{server}"
        );
    }
    let sets = records(&mut w, &id);
    assert_eq!(sets.len(), 2);
    assert_eq!((sets[0].record_type.as_str(), sets[0].ttl), ("NS", Some(172_800)));
    let ns: Vec<&str> = sets[0].resource_records.as_ref().unwrap().iter().map(|r| r.value.as_str()).collect();
    assert_eq!(ns, servers.iter().map(|s| format!("{s}.")).collect::<Vec<_>>());
    assert_eq!((sets[1].record_type.as_str(), sets[1].ttl), ("SOA", Some(900)));
    let soa = &sets[1].resource_records.as_ref().unwrap()[0].value;
    assert_eq!(soa, &format!("{}. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400", servers[0]));
}

#[test]
fn the_same_seed_gives_the_same_ids_and_name_servers() {
    let mut a = World::new(42);
    let mut b = World::new(42);
    let x = create(&mut a, "example.com", "r").unwrap();
    let y = create(&mut b, "example.com", "r").unwrap();
    assert_eq!(x, y);
    let mut c = World::new(43);
    assert_ne!(create(&mut c, "example.com", "r").unwrap().hosted_zone.id, x.hosted_zone.id);
}

#[test]
fn a_caller_reference_is_used_once() {
    let mut w = World::new(1);
    create(&mut w, "example.com", "same").unwrap();
    let e = create(&mut w, "other.com", "same").unwrap_err();
    assert_eq!((e.code.as_str(), e.status), ("HostedZoneAlreadyExists", 409));
    // Two public zones may share a name (each gets its own delegation set).
    create(&mut w, "example.com", "another").unwrap();
    assert_eq!(w.route53.zones.len(), 2);
    assert_eq!(create(&mut w, "example.com", "").unwrap_err().code, "InvalidInput");
}

#[test]
fn bad_zone_names_are_invalid_domain_names() {
    let mut w = World::new(1);
    for (i, bad) in
        ["", "a..b.com", "bad name.com", "*.example.com", &"x".repeat(64), "ex*ample.com"].iter().enumerate()
    {
        let e = create(&mut w, bad, &format!("r{i}")).unwrap_err();
        assert_eq!(e.code, "InvalidDomainName", "{bad}");
    }
    assert!(w.route53.zones.is_empty());
}

#[test]
fn private_zones_need_a_vpc_and_conflict_per_vpc() {
    let mut w = World::new(1);
    let vpc = Vpc { vpc_region: Some("us-east-1".into()), vpc_id: Some("vpc-0123abcd".into()) };
    let req = |r: &str, vpc: Option<Vpc>, private: Option<bool>| CreateHostedZoneRequest {
        name: "corp.internal".into(),
        caller_reference: r.into(),
        vpc,
        hosted_zone_config: Some(HostedZoneConfig { comment: Some("intranet".into()), private_zone: private }),
        ..Default::default()
    };
    let e = call(&mut w, Route53Request::CreateHostedZone(req("a", None, Some(true)))).unwrap_err();
    assert_eq!(e.code, "InvalidInput");
    let bad = Vpc { vpc_region: Some("us-east-1".into()), vpc_id: Some("vpc-XYZ".into()) };
    let e = call(&mut w, Route53Request::CreateHostedZone(req("b", Some(bad), None))).unwrap_err();
    assert_eq!(e.code, "InvalidVPCId");
    let Route53Response::CreateHostedZone(out) =
        call(&mut w, Route53Request::CreateHostedZone(req("c", Some(vpc.clone()), None))).unwrap()
    else {
        panic!()
    };
    assert_eq!(out.hosted_zone.config.private_zone, Some(true));
    assert!(out.delegation_set.is_none());
    assert_eq!(out.vpc, Some(vpc.clone()));
    let e = call(&mut w, Route53Request::CreateHostedZone(req("d", Some(vpc), None))).unwrap_err();
    assert_eq!(e.code, "ConflictingDomainExists");
    let Route53Response::GetHostedZone(got) =
        call(&mut w, Route53Request::GetHostedZone(GetHostedZoneRequest { id: out.hosted_zone.id.clone() })).unwrap()
    else {
        panic!()
    };
    assert_eq!(got.vpcs.unwrap().len(), 1);
    assert_eq!(got.hosted_zone.config.comment.as_deref(), Some("intranet"));
    // Private zones are not answered on the internet, and TestDNSAnswer refuses them.
    let e = call(
        &mut w,
        Route53Request::TestDNSAnswer(TestDNSAnswerRequest {
            hosted_zone_id: out.hosted_zone.id,
            record_name: "corp.internal".into(),
            record_type: "SOA".into(),
            ..Default::default()
        }),
    )
    .unwrap_err();
    assert_eq!(e.code, "InvalidInput");
}

#[test]
fn list_hosted_zones_pages_with_markers() {
    let mut w = World::new(1);
    for i in 0..5 {
        create(&mut w, &format!("site{i}.com"), &format!("r{i}")).unwrap();
    }
    let mut seen = Vec::new();
    let mut marker = None;
    loop {
        let req = ListHostedZonesRequest { marker: marker.clone(), max_items: Some("2".into()), ..Default::default() };
        let Route53Response::ListHostedZones(page) = call(&mut w, Route53Request::ListHostedZones(req)).unwrap() else {
            panic!()
        };
        assert!(page.hosted_zones.len() <= 2);
        assert_eq!(page.max_items, "2");
        seen.extend(page.hosted_zones.into_iter().map(|z| z.id));
        if !page.is_truncated {
            assert!(page.next_marker.is_none());
            break;
        }
        marker = page.next_marker;
    }
    assert_eq!(seen.len(), 5);
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(seen, sorted, "zones are listed in id order");
    let bad = ListHostedZonesRequest { max_items: Some("zero".into()), ..Default::default() };
    assert_eq!(call(&mut w, Route53Request::ListHostedZones(bad)).unwrap_err().code, "InvalidInput");
    let Route53Response::GetHostedZoneCount(n) =
        call(&mut w, Route53Request::GetHostedZoneCount(GetHostedZoneCountRequest {})).unwrap()
    else {
        panic!()
    };
    assert_eq!(n.hosted_zone_count, 5);
}

#[test]
fn a_zone_is_deleted_only_when_it_holds_just_ns_and_soa() {
    let mut w = World::new(1);
    let id = create(&mut w, "example.com", "r").unwrap().hosted_zone.id;
    upsert_a(&mut w, &id, "www.example.com");
    let e = call(&mut w, Route53Request::DeleteHostedZone(DeleteHostedZoneRequest { id: id.clone() })).unwrap_err();
    assert_eq!((e.code.as_str(), e.status), ("HostedZoneNotEmpty", 400));
    assert_eq!(e.message, "The hosted zone contains resource records that are not SOA or NS records.");
    assert!(w.trail().last().unwrap().why.contains("1 record set"), "{}", w.trail().last().unwrap().why);
    // Delete the A record, then the zone goes.
    let set = ResourceRecordSet {
        name: "www.example.com.".into(),
        record_type: "A".into(),
        ttl: Some(300),
        resource_records: Some(vec![ResourceRecord { value: "192.0.2.1".into() }]),
        ..Default::default()
    };
    call(
        &mut w,
        Route53Request::ChangeResourceRecordSets(ChangeResourceRecordSetsRequest {
            hosted_zone_id: id.clone(),
            change_batch: ChangeBatch {
                comment: None,
                changes: vec![Change { action: "DELETE".into(), resource_record_set: set }],
            },
        }),
    )
    .unwrap();
    call(&mut w, Route53Request::DeleteHostedZone(DeleteHostedZoneRequest { id: id.clone() })).unwrap();
    let e = call(&mut w, Route53Request::GetHostedZone(GetHostedZoneRequest { id })).unwrap_err();
    assert_eq!((e.code.as_str(), e.status), ("NoSuchHostedZone", 404));
}

#[test]
fn changes_are_pending_for_sixty_seconds_then_insync() {
    let mut w = World::new(1);
    let out = create(&mut w, "example.com", "r").unwrap();
    let change_id = out.change_info.id.clone();
    assert!(change_id.starts_with("/change/C"));
    let status = |w: &mut World, id: &str| match call(w, Route53Request::GetChange(GetChangeRequest { id: id.into() }))
    {
        Ok(Route53Response::GetChange(c)) => c.change_info.status,
        other => panic!("{other:?}"),
    };
    assert_eq!(status(&mut w, &change_id), "PENDING");
    w.advance(SimDuration::seconds(59));
    assert_eq!(status(&mut w, &change_id), "PENDING");
    w.advance(SimDuration::seconds(1));
    assert_eq!(status(&mut w, &change_id), "INSYNC");
    // The bare id works too; unknown ids are NoSuchChange.
    assert_eq!(status(&mut w, change_id.trim_start_matches("/change/")), "INSYNC");
    let e = call(&mut w, Route53Request::GetChange(GetChangeRequest { id: "CNOPE".into() })).unwrap_err();
    assert_eq!((e.code.as_str(), e.status), ("NoSuchChange", 404));
    // A record change submitted later has its own clock.
    let zone = out.hosted_zone.id;
    upsert_a(&mut w, &zone, "a.example.com");
    let later = w.route53.changes.back().unwrap().id.clone();
    assert_eq!(status(&mut w, &later), "PENDING");
    w.advance(SimDuration::seconds(60));
    assert_eq!(status(&mut w, &later), "INSYNC");
    let job = w.trail().events().iter().rev().find(|e| e.operation == "ChangeInsync").unwrap();
    assert!(job.why.contains("INSYNC"), "{}", job.why);
}

#[test]
fn unknown_zones_are_no_such_hosted_zone_everywhere() {
    let mut w = World::new(1);
    let calls = vec![
        Route53Request::GetHostedZone(GetHostedZoneRequest { id: "ZNOPE".into() }),
        Route53Request::DeleteHostedZone(DeleteHostedZoneRequest { id: "ZNOPE".into() }),
        Route53Request::ListResourceRecordSets(ListResourceRecordSetsRequest {
            hosted_zone_id: "ZNOPE".into(),
            ..Default::default()
        }),
        Route53Request::ChangeResourceRecordSets(ChangeResourceRecordSetsRequest {
            hosted_zone_id: "/hostedzone/ZNOPE".into(),
            change_batch: ChangeBatch::default(),
        }),
    ];
    for c in calls {
        assert_eq!(call(&mut w, c).unwrap_err().code, "NoSuchHostedZone");
    }
}

#[test]
fn the_world_saves_and_restores_route53() {
    let mut w = World::new(9);
    let id = create(&mut w, "example.com", "r").unwrap().hosted_zone.id;
    upsert_a(&mut w, &id, "*.example.com");
    let restored = World::from_json(&w.to_json()).unwrap();
    assert_eq!(restored, w);
    // An older save without Route 53 still loads.
    let mut json: serde_json::Value = serde_json::from_str(&World::new(1).to_json()).unwrap();
    json.as_object_mut().unwrap().remove("route53");
    let old = World::from_json(&json.to_string()).unwrap();
    assert!(old.route53.zones.is_empty());
}
