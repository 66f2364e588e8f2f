//! ChangeResourceRecordSets and ListResourceRecordSets: every InvalidChangeBatch case, input
//! validation, atomic batches, value checks per type, aliases, and Route 53's listing order.

mod common;

use common::route53::{call, rr, zone};
use nimbus_sim::services::route53::*;
use nimbus_sim::{ApiError, World};

fn change(action: &str, set: ResourceRecordSet) -> Change {
    Change { action: action.into(), resource_record_set: set }
}

fn apply(w: &mut World, zone: &str, changes: Vec<Change>) -> Result<ChangeResourceRecordSetsOutput, ApiError> {
    let req = ChangeResourceRecordSetsRequest {
        hosted_zone_id: zone.into(),
        change_batch: ChangeBatch { comment: None, changes },
    };
    match call(w, Route53Request::ChangeResourceRecordSets(req))? {
        Route53Response::ChangeResourceRecordSets(out) => Ok(out),
        other => panic!("{other:?}"),
    }
}

fn list(w: &mut World, zone: &str) -> Vec<(String, String, Option<String>)> {
    let req = ListResourceRecordSetsRequest { hosted_zone_id: zone.into(), ..Default::default() };
    match call(w, Route53Request::ListResourceRecordSets(req)).unwrap() {
        Route53Response::ListResourceRecordSets(out) => {
            out.resource_record_sets.into_iter().map(|s| (s.name, s.record_type, s.set_identifier)).collect()
        }
        other => panic!("{other:?}"),
    }
}

fn batch_error(w: &mut World, zone: &str, changes: Vec<Change>) -> String {
    let e = apply(w, zone, changes).unwrap_err();
    assert_eq!((e.code.as_str(), e.status), ("InvalidChangeBatch", 400), "{}", e.message);
    e.message
}

fn weighted(name: &str, id: &str, weight: i64, value: &str) -> ResourceRecordSet {
    ResourceRecordSet { set_identifier: Some(id.into()), weight: Some(weight), ..rr(name, "A", 60, &[value]) }
}

#[test]
fn create_upsert_delete_round_trip() {
    let mut w = World::new(1);
    let z = zone(&mut w, "example.com");
    let out = apply(&mut w, &z, vec![change("CREATE", rr("WWW.example.com", "A", 300, &["192.0.2.1"]))]).unwrap();
    assert_eq!(out.change_info.status, "PENDING");
    assert!(list(&mut w, &z).contains(&("www.example.com.".into(), "A".into(), None)));
    apply(&mut w, &z, vec![change("UPSERT", rr("www.example.com.", "A", 60, &["192.0.2.2", "192.0.2.3"]))]).unwrap();
    let zone_state = &w.route53.zones[z.trim_start_matches("/hostedzone/")];
    let set = zone_state.records.values().find(|s| s.record_type == "A").unwrap();
    assert_eq!(set.ttl, Some(60));
    assert_eq!(set.values().collect::<Vec<_>>(), vec!["192.0.2.2", "192.0.2.3"]);
    // DELETE must match exactly: values in any order are fine, another TTL is not.
    let msg =
        batch_error(&mut w, &z, vec![change("DELETE", rr("www.example.com", "A", 300, &["192.0.2.2", "192.0.2.3"]))]);
    assert_eq!(
        msg,
        "[Tried to delete resource record set [name='www.example.com.', type='A'] but the values provided do not match the current values]"
    );
    apply(&mut w, &z, vec![change("DELETE", rr("www.example.com", "A", 60, &["192.0.2.3", "192.0.2.2"]))]).unwrap();
    assert_eq!(list(&mut w, &z).len(), 2);
}

#[test]
fn every_invalid_change_batch_message() {
    let mut w = World::new(1);
    let z = zone(&mut w, "example.com");
    apply(&mut w, &z, vec![change("CREATE", rr("x.example.com", "A", 300, &["192.0.2.1"]))]).unwrap();
    // Already exists.
    assert_eq!(
        batch_error(&mut w, &z, vec![change("CREATE", rr("x.example.com", "A", 300, &["192.0.2.9"]))]),
        "[Tried to create resource record set [name='x.example.com.', type='A'] but it already exists]"
    );
    // Not found.
    assert_eq!(
        batch_error(&mut w, &z, vec![change("DELETE", rr("y.example.com", "A", 300, &["192.0.2.1"]))]),
        "[Tried to delete resource record set [name='y.example.com.', type='A'] but it was not found]"
    );
    // CNAME at the apex.
    assert_eq!(
        batch_error(&mut w, &z, vec![change("CREATE", rr("example.com", "CNAME", 300, &["other.net"]))]),
        "[RRSet of type CNAME with DNS name example.com. is not permitted at apex in zone example.com.]"
    );
    // CNAME beside other records, both ways round.
    assert_eq!(
        batch_error(&mut w, &z, vec![change("CREATE", rr("x.example.com", "CNAME", 300, &["other.net"]))]),
        "[RRSet of type CNAME with DNS name x.example.com. is not permitted as it conflicts with other records with the same DNS name in zone example.com.]"
    );
    apply(&mut w, &z, vec![change("CREATE", rr("www.example.com", "CNAME", 300, &["x.example.com"]))]).unwrap();
    assert_eq!(
        batch_error(&mut w, &z, vec![change("CREATE", rr("www.example.com", "CAA", 300, &["0 issue \"amazon.com\""]))]),
        "[RRSet of type CAA with DNS name www.example.com. is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists in zone example.com.]"
    );
    // Duplicate in one batch.
    let msg = batch_error(
        &mut w,
        &z,
        vec![
            change("UPSERT", rr("d.example.com", "A", 300, &["192.0.2.1"])),
            change("UPSERT", rr("d.example.com", "A", 300, &["192.0.2.2"])),
        ],
    );
    assert_eq!(msg, "[The request contains an invalid set of changes for a resource record set 'A d.example.com.']");
    // Outside the zone.
    assert_eq!(
        batch_error(&mut w, &z, vec![change("CREATE", rr("www.example.org", "A", 300, &["192.0.2.1"]))]),
        "[RRSet with DNS name www.example.org. is not permitted in zone example.com.]"
    );
    // The apex SOA and NS cannot be deleted.
    let soa = w.route53.zones[z.trim_start_matches("/hostedzone/")]
        .records
        .values()
        .find(|s| s.record_type == "SOA")
        .unwrap()
        .clone();
    assert_eq!(
        batch_error(&mut w, &z, vec![change("DELETE", soa)]),
        "[A HostedZone must contain exactly one SOA record.]"
    );
    let ns = w.route53.zones[z.trim_start_matches("/hostedzone/")]
        .records
        .values()
        .find(|s| s.record_type == "NS")
        .unwrap()
        .clone();
    assert_eq!(
        batch_error(&mut w, &z, vec![change("DELETE", ns)]),
        "[A HostedZone must contain at least one NS record for the zone itself.]"
    );
    // Bad values, all reported together.
    let msg = batch_error(
        &mut w,
        &z,
        vec![
            change("CREATE", rr("v4.example.com", "A", 300, &["300.1.1.1"])),
            change("CREATE", rr("txt.example.com", "TXT", 300, &["hello"])),
        ],
    );
    assert!(msg.contains("ARRDATAIllegalIPv4Address") && msg.contains("encountered with '300.1.1.1'"), "{msg}");
    assert!(msg.contains("InvalidCharacterString (Value should be enclosed in quotation marks)"), "{msg}");
    assert_eq!(
        batch_error(&mut w, &z, vec![change("CREATE", rr("dup.example.com", "A", 300, &["192.0.2.1", "192.0.2.1"]))]),
        "[Duplicate Resource Record: '192.0.2.1']"
    );
}

#[test]
fn delete_then_create_in_one_batch_replaces_a_record() {
    let mut w = World::new(1);
    let z = zone(&mut w, "example.com");
    apply(&mut w, &z, vec![change("CREATE", rr("a.example.com", "A", 300, &["192.0.2.1"]))]).unwrap();
    apply(
        &mut w,
        &z,
        vec![
            change("DELETE", rr("a.example.com", "A", 300, &["192.0.2.1"])),
            change("CREATE", rr("a.example.com", "A", 300, &["192.0.2.7"])),
        ],
    )
    .unwrap();
    let set =
        w.route53.zones[z.trim_start_matches("/hostedzone/")].records.values().find(|s| s.record_type == "A").unwrap();
    assert_eq!(set.values().collect::<Vec<_>>(), vec!["192.0.2.7"]);
    // Deleting a CNAME and creating an A at the same name in one batch is fine too.
    apply(&mut w, &z, vec![change("CREATE", rr("c.example.com", "CNAME", 300, &["a.example.com"]))]).unwrap();
    apply(
        &mut w,
        &z,
        vec![
            change("DELETE", rr("c.example.com", "CNAME", 300, &["a.example.com"])),
            change("CREATE", rr("c.example.com", "A", 300, &["192.0.2.8"])),
        ],
    )
    .unwrap();
}

#[test]
fn a_failing_change_leaves_nothing_applied() {
    let mut w = World::new(1);
    let z = zone(&mut w, "example.com");
    apply(&mut w, &z, vec![change("CREATE", rr("keep.example.com", "A", 300, &["192.0.2.1"]))]).unwrap();
    let before = w.route53.clone();
    let changes_before = w.route53.changes.len();
    let msg = batch_error(
        &mut w,
        &z,
        vec![
            change("CREATE", rr("new1.example.com", "A", 300, &["192.0.2.1"])),
            change("UPSERT", rr("keep.example.com", "A", 60, &["192.0.2.99"])),
            change("DELETE", rr("missing.example.com", "A", 300, &["192.0.2.1"])),
            change("CREATE", rr("new2.example.com", "TXT", 300, &["\"ok\""])),
        ],
    );
    assert!(msg.contains("missing.example.com"), "{msg}");
    assert_eq!(w.route53, before, "nothing from the failed batch was applied");
    assert_eq!(w.route53.changes.len(), changes_before, "no change id was issued");
    let why = &w.trail().last().unwrap().why;
    assert!(why.contains("all or nothing"), "{why}");
}

#[test]
fn input_errors_are_invalid_input() {
    let mut w = World::new(1);
    let z = zone(&mut w, "example.com");
    let cases: Vec<(ResourceRecordSet, &str)> = vec![
        (rr("bad..example.com", "A", 300, &["192.0.2.1"]), "not a valid DNS name"),
        (rr("bad name.example.com", "A", 300, &["192.0.2.1"]), "not a valid DNS name"),
        (rr(&format!("{}.example.com", "a".repeat(64)), "A", 300, &["192.0.2.1"]), "longer than 63"),
        (rr("t.example.com", "A", -1, &["192.0.2.1"]), "greater than or equal to 0"),
        (rr("t.example.com", "A", 2_147_483_648, &["192.0.2.1"]), "less than or equal to 2147483647"),
        (weighted("t.example.com", "s1", 256, "192.0.2.1"), "Member must have value less than or equal to 255"),
        (weighted("t.example.com", "s1", -1, "192.0.2.1"), "greater than or equal to 0"),
        (rr("t.example.com", "BOGUS", 300, &["x"]), "enum value set"),
        (rr("t.example.com", "NAPTR", 300, &["x"]), "does not simulate NAPTR"),
        (ResourceRecordSet { ttl: None, ..rr("t.example.com", "A", 0, &["192.0.2.1"]) }, "Missing field 'TTL'"),
        (
            ResourceRecordSet { resource_records: None, ..rr("t.example.com", "A", 60, &[]) },
            "Missing field 'ResourceRecords'",
        ),
        (ResourceRecordSet { ttl: None, resource_records: None, ..rr("t.example.com", "A", 0, &[]) }, "but found none"),
        (
            ResourceRecordSet {
                alias_target: Some(AliasTarget {
                    hosted_zone_id: "Z2FDTNDATAQYW2".into(),
                    dns_name: "d111111abcdef8.cloudfront.net".into(),
                    evaluate_target_health: false,
                }),
                ..rr("t.example.com", "A", 60, &["192.0.2.1"])
            },
            "found more than one",
        ),
        (
            ResourceRecordSet { weight: Some(1), ..rr("t.example.com", "A", 60, &["192.0.2.1"]) },
            "Missing field 'SetIdentifier'",
        ),
        (
            ResourceRecordSet { set_identifier: Some("x".into()), ..rr("t.example.com", "A", 60, &["192.0.2.1"]) },
            "Unexpected SetIdentifier",
        ),
        (
            ResourceRecordSet { region: Some("us-east-1".into()), ..weighted("t.example.com", "s", 1, "192.0.2.1") },
            "one routing policy",
        ),
        (
            ResourceRecordSet {
                failover: Some("TERTIARY".into()),
                set_identifier: Some("f".into()),
                ..rr("t.example.com", "A", 60, &["192.0.2.1"])
            },
            "PRIMARY, SECONDARY",
        ),
        (
            ResourceRecordSet {
                region: Some("mars-1".into()),
                set_identifier: Some("f".into()),
                ..rr("t.example.com", "A", 60, &["192.0.2.1"])
            },
            "not one Nimbus Lab simulates",
        ),
    ];
    for (set, needle) in cases {
        let e = apply(&mut w, &z, vec![change("CREATE", set.clone())]).unwrap_err();
        assert_eq!(e.code, "InvalidInput", "{set:?}: {}", e.message);
        assert!(e.message.contains(needle), "{needle}: {}", e.message);
    }
    let e = apply(&mut w, &z, vec![change("MERGE", rr("t.example.com", "A", 60, &["192.0.2.1"]))]).unwrap_err();
    assert_eq!(e.code, "InvalidInput");
    let e = apply(&mut w, &z, vec![]).unwrap_err();
    assert_eq!(e.code, "InvalidInput");
    // Unknown geolocations and health checks have their own errors.
    let geo = |c: Option<&str>, k: Option<&str>, s: Option<&str>| ResourceRecordSet {
        set_identifier: Some("g".into()),
        geo_location: Some(GeoLocation {
            continent_code: c.map(Into::into),
            country_code: k.map(Into::into),
            subdivision_code: s.map(Into::into),
        }),
        ..rr("geo.example.com", "A", 60, &["192.0.2.1"])
    };
    for bad in [geo(Some("XX"), None, None), geo(None, Some("QQ"), None), geo(None, Some("FR"), Some("CA"))] {
        let e = apply(&mut w, &z, vec![change("CREATE", bad)]).unwrap_err();
        assert_eq!((e.code.as_str(), e.status), ("NoSuchGeoLocation", 404), "{}", e.message);
    }
    let e = apply(&mut w, &z, vec![change("CREATE", geo(Some("EU"), Some("FR"), None))]).unwrap_err();
    assert_eq!(e.code, "InvalidInput");
    let with_check =
        ResourceRecordSet { health_check_id: Some("nope".into()), ..weighted("h.example.com", "s", 1, "192.0.2.1") };
    assert_eq!(apply(&mut w, &z, vec![change("CREATE", with_check)]).unwrap_err().code, "NoSuchHealthCheck");
    assert_eq!(list(&mut w, &z).len(), 2, "nothing was created by any refused call");
}

#[test]
fn values_are_checked_per_type() {
    let mut w = World::new(1);
    let z = zone(&mut w, "example.com");
    let good: &[(&str, &str)] = &[
        ("A", "192.0.2.1"),
        ("AAAA", "2001:db8::1"),
        ("CNAME", "target.example.net."),
        ("MX", "10 mail.example.com"),
        ("TXT", "\"v=spf1 -all\" \"second\""),
        ("SPF", "\"v=spf1 -all\""),
        ("NS", "ns1.example.net"),
        ("SRV", "10 5 5060 sip.example.com"),
        ("CAA", "0 issue \"amazon.com\""),
        ("PTR", "host.example.com"),
    ];
    for (i, (t, v)) in good.iter().enumerate() {
        apply(&mut w, &z, vec![change("CREATE", rr(&format!("g{i}.example.com"), t, 300, &[v]))])
            .unwrap_or_else(|e| panic!("{t} {v}: {e}"));
    }
    let bad: &[(&str, &str)] = &[
        ("A", "1.2.3"),
        ("A", "::1"),
        ("AAAA", "192.0.2.1"),
        ("CNAME", "not a host"),
        ("MX", "mail.example.com"),
        ("MX", "70000 mail.example.com"),
        ("TXT", "\"unterminated"),
        ("TXT", &format!("\"{}\"", "x".repeat(256))),
        ("SRV", "10 5 sip.example.com"),
        ("CAA", "0 bogus \"x\""),
        ("CAA", "256 issue \"x\""),
        ("PTR", "host name.example.com"),
    ];
    for (i, (t, v)) in bad.iter().enumerate() {
        let msg = batch_error(&mut w, &z, vec![change("CREATE", rr(&format!("b{i}.example.com"), t, 300, &[v]))]);
        assert!(msg.starts_with("[Invalid Resource Record: 'FATAL problem: "), "{t} {v}: {msg}");
    }
    let msg = batch_error(&mut w, &z, vec![change("CREATE", rr("two.example.com", "CNAME", 300, &["a.net", "b.net"]))]);
    assert!(msg.contains("only one value"), "{msg}");
}

#[test]
fn routing_policy_groups_stay_consistent() {
    let mut w = World::new(1);
    let z = zone(&mut w, "example.com");
    apply(&mut w, &z, vec![change("CREATE", weighted("w.example.com", "a", 10, "192.0.2.1"))]).unwrap();
    // A simple record beside weighted ones, or a latency record, is refused.
    let msg = batch_error(&mut w, &z, vec![change("CREATE", rr("w.example.com", "A", 60, &["192.0.2.2"]))]);
    assert!(msg.contains("cannot be created because a"), "{msg}");
    let latency = ResourceRecordSet {
        set_identifier: Some("l".into()),
        region: Some("eu-west-1".into()),
        ..rr("w.example.com", "A", 60, &["192.0.2.3"])
    };
    let msg = batch_error(&mut w, &z, vec![change("CREATE", latency)]);
    assert!(msg.contains("because a non latency rrset exists with the same name and type"), "{msg}");
    // Two primaries, or two records for one region, are refused.
    let fo = |id: &str, role: &str| ResourceRecordSet {
        set_identifier: Some(id.into()),
        failover: Some(role.into()),
        ..rr("f.example.com", "A", 60, &["192.0.2.1"])
    };
    apply(&mut w, &z, vec![change("CREATE", fo("p", "PRIMARY"))]).unwrap();
    let msg = batch_error(&mut w, &z, vec![change("CREATE", fo("p2", "PRIMARY"))]);
    assert!(msg.contains("failover role PRIMARY"), "{msg}");
    apply(&mut w, &z, vec![change("CREATE", fo("s", "SECONDARY"))]).unwrap();
    // Weighted records share the TTL set last.
    let later = ResourceRecordSet { ttl: Some(30), ..weighted("w.example.com", "b", 20, "192.0.2.2") };
    apply(&mut w, &z, vec![change("CREATE", later)]).unwrap();
    let ttls: Vec<Option<i64>> = w.route53.zones[z.trim_start_matches("/hostedzone/")]
        .records
        .values()
        .filter(|s| s.name == "w.example.com.")
        .map(|s| s.ttl)
        .collect();
    assert_eq!(ttls, vec![Some(30), Some(30)]);
    // At most 100 weighted records per name and type.
    let many: Vec<Change> =
        (0..99).map(|i| change("CREATE", weighted("w.example.com", &format!("m{i}"), 1, "192.0.2.9"))).collect();
    let msg = batch_error(&mut w, &z, many);
    assert!(msg.contains("more than 100 weighted records"), "{msg}");
}

#[test]
fn aliases_are_checked_against_their_targets() {
    let mut w = World::new(1);
    let z = zone(&mut w, "example.com");
    let bare = z.trim_start_matches("/hostedzone/").to_string();
    let alias = |name: &str, rtype: &str, zone: &str, dns: &str, eth: bool| ResourceRecordSet {
        name: name.into(),
        record_type: rtype.into(),
        alias_target: Some(AliasTarget {
            hosted_zone_id: zone.into(),
            dns_name: dns.into(),
            evaluate_target_health: eth,
        }),
        ..Default::default()
    };
    // The apex may be an alias (to S3 website, CloudFront, a load balancer); no TTL.
    apply(
        &mut w,
        &z,
        vec![change(
            "CREATE",
            alias("example.com", "A", "Z3AQBSTGFYJSTF", "s3-website-us-east-1.amazonaws.com.", false),
        )],
    )
    .unwrap();
    apply(
        &mut w,
        &z,
        vec![change("CREATE", alias("cdn.example.com", "A", "Z2FDTNDATAQYW2", "d111111abcdef8.cloudfront.net", false))],
    )
    .unwrap();
    apply(
        &mut w,
        &z,
        vec![change(
            "CREATE",
            alias("lb.example.com", "A", "Z35SXDOTRQ7X7K", "my-lb-1234.us-east-1.elb.amazonaws.com", true),
        )],
    )
    .unwrap();
    apply(&mut w, &z, vec![change("CREATE", alias("www.example.com", "A", &bare, "example.com", true))]).unwrap();
    // Wrong zone id for the region, EvaluateTargetHealth on CloudFront, missing in-zone target.
    let msg = batch_error(
        &mut w,
        &z,
        vec![change(
            "CREATE",
            alias("eu.example.com", "A", "Z3AQBSTGFYJSTF", "s3-website-eu-west-1.amazonaws.com", false),
        )],
    );
    assert_eq!(msg, "[Tried to create an alias that targets s3-website-eu-west-1.amazonaws.com., type A in zone Z3AQBSTGFYJSTF, but the alias target name does not lie within the target zone]");
    let msg = batch_error(
        &mut w,
        &z,
        vec![change("CREATE", alias("cf.example.com", "A", "Z2FDTNDATAQYW2", "d2.cloudfront.net", true))],
    );
    assert!(msg.contains("EvaluateTargetHealth"), "{msg}");
    let msg = batch_error(
        &mut w,
        &z,
        vec![change("CREATE", alias("x.example.com", "A", &bare, "nothing.example.com", false))],
    );
    assert_eq!(msg, format!("[Tried to create an alias that targets nothing.example.com., type A in zone {bare}, but that target was not found]"));
    // A target created in the same batch counts.
    apply(
        &mut w,
        &z,
        vec![
            change("CREATE", alias("y.example.com", "TXT", &bare, "t.example.com", false)),
            change("CREATE", rr("t.example.com", "TXT", 60, &["\"hi\""])),
        ],
    )
    .unwrap();
}

#[test]
fn listing_follows_route53_order_and_pages() {
    let mut w = World::new(1);
    let z = zone(&mut w, "example.com");
    let names =
        ["b.example.com", "a.example.com", "a-b.example.com", "*.example.com", "z.a.example.com", "example.com"];
    let mut changes = Vec::new();
    for n in names {
        changes.push(change("CREATE", rr(n, "TXT", 60, &["\"x\""])));
    }
    changes.push(change("CREATE", rr("a.example.com", "MX", 60, &["10 mail.example.com"])));
    changes.push(change("CREATE", rr("a.example.com", "AAAA", 60, &["2001:db8::1"])));
    changes.push(change("CREATE", weighted("b.example.com", "two", 1, "192.0.2.2")));
    changes.push(change("CREATE", weighted("b.example.com", "one", 1, "192.0.2.1")));
    apply(&mut w, &z, changes).unwrap();
    let got: Vec<String> = list(&mut w, &z)
        .into_iter()
        .map(|(n, t, id)| format!("{n} {t}{}", id.map(|i| format!(" {i}")).unwrap_or_default()))
        .collect();
    // Labels reversed (com.example.a-b. sorts before com.example.a. because '-' < '.'), then type.
    assert_eq!(
        got,
        vec![
            "example.com. NS",
            "example.com. SOA",
            "example.com. TXT",
            "\\052.example.com. TXT",
            "a-b.example.com. TXT",
            "a.example.com. AAAA",
            "a.example.com. MX",
            "a.example.com. TXT",
            "z.a.example.com. TXT",
            "b.example.com. A one",
            "b.example.com. A two",
            "b.example.com. TXT",
        ]
    );
    // Pages of 5 with StartRecordName/Type/Identifier.
    let mut all = Vec::new();
    let mut req =
        ListResourceRecordSetsRequest { hosted_zone_id: z.clone(), max_items: Some("5".into()), ..Default::default() };
    loop {
        let Route53Response::ListResourceRecordSets(page) =
            call(&mut w, Route53Request::ListResourceRecordSets(req.clone())).unwrap()
        else {
            panic!()
        };
        all.extend(page.resource_record_sets.iter().map(|s| (s.name.clone(), s.record_type.clone())));
        if !page.is_truncated {
            break;
        }
        req.start_record_name = page.next_record_name;
        req.start_record_type = page.next_record_type;
        req.start_record_identifier = page.next_record_identifier;
    }
    assert_eq!(all.len(), got.len());
    // Starting at a name skips what sorts before it.
    let from_a = ListResourceRecordSetsRequest {
        hosted_zone_id: z.clone(),
        start_record_name: Some("a.example.com".into()),
        start_record_type: Some("MX".into()),
        ..Default::default()
    };
    let Route53Response::ListResourceRecordSets(page) =
        call(&mut w, Route53Request::ListResourceRecordSets(from_a)).unwrap()
    else {
        panic!()
    };
    assert_eq!(
        (page.resource_record_sets[0].name.as_str(), page.resource_record_sets[0].record_type.as_str()),
        ("a.example.com.", "MX")
    );
    let bad =
        ListResourceRecordSetsRequest { hosted_zone_id: z, start_record_type: Some("A".into()), ..Default::default() };
    assert_eq!(call(&mut w, Route53Request::ListResourceRecordSets(bad)).unwrap_err().code, "InvalidInput");
}

#[test]
fn request_and_zone_limits() {
    let mut w = World::new(1);
    let z = zone(&mut w, "example.com");
    // 1,000 ResourceRecord elements per request, UPSERT counting twice.
    let upserts: Vec<Change> =
        (0..501).map(|i| change("UPSERT", rr(&format!("h{i}.example.com"), "A", 60, &["192.0.2.1"]))).collect();
    let msg = batch_error(&mut w, &z, upserts);
    assert_eq!(msg, "[Number of records limit of 1000 exceeded.]");
    let creates: Vec<Change> =
        (0..1000).map(|i| change("CREATE", rr(&format!("h{i}.example.com"), "A", 60, &["192.0.2.1"]))).collect();
    apply(&mut w, &z, creates).unwrap();
    // 10,000 records per zone (NS and SOA count).
    for batch in 1..10 {
        let creates: Vec<Change> = (0..1000)
            .map(|i| change("CREATE", rr(&format!("h{}.example.com", batch * 1000 + i), "A", 60, &["192.0.2.1"])))
            .collect();
        let result = apply(&mut w, &z, creates);
        if batch < 9 {
            result.unwrap();
        } else {
            let e = result.unwrap_err();
            assert!(e.message.contains("limit is 10000"), "{}", e.message);
        }
    }
    assert_eq!(w.route53.zones[z.trim_start_matches("/hostedzone/")].records.len(), 9002);
}
