//! Route 53 health checks on the simulated clock and network, failover flipping when an S3
//! website breaks, and `World::http` reaching an S3 website through Route 53 records.

use nimbus_sim::services::route53::*;
use nimbus_sim::services::s3::*;
use nimbus_sim::{ApiError, Bytes, HttpRequest, Request, Response, SimDuration, World};

#[allow(unreachable_patterns)]
fn r53(w: &mut World, r: Route53Request) -> Result<Route53Response, ApiError> {
    w.call(Request::Route53(r)).map(|resp| match resp {
        Response::Route53(r) => r,
        other => panic!("not a Route 53 response: {other:?}"),
    })
}

#[allow(unreachable_patterns)]
fn s3(w: &mut World, r: S3Request) -> S3Response {
    match w.call(Request::S3(r)) {
        Ok(Response::S3(r)) => r,
        other => panic!("{other:?}"),
    }
}

/// A public website bucket named `name` in us-east-1 with `index.html`.
fn website(w: &mut World, name: &str, body: &str) {
    s3(w, S3Request::CreateBucket(CreateBucketRequest { bucket: name.into(), ..Default::default() }));
    s3(
        w,
        S3Request::PutObject(PutObjectRequest {
            bucket: name.into(),
            key: "index.html".into(),
            body: Bytes::from(body),
            content_type: Some("text/html".into()),
            ..Default::default()
        }),
    );
    s3(
        w,
        S3Request::PutBucketWebsite(PutBucketWebsiteRequest {
            bucket: name.into(),
            website_configuration: WebsiteConfiguration {
                index_document: Some(IndexDocument { suffix: "index.html".into() }),
                error_document: None,
                redirect_all_requests_to: None,
            },
        }),
    );
    s3(w, S3Request::PutPublicAccessBlock(PutPublicAccessBlockRequest { bucket: name.into(), ..Default::default() }));
    let policy = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{name}/*"}}]}}"#
    );
    s3(w, S3Request::PutBucketPolicy(PutBucketPolicyRequest { bucket: name.into(), policy }));
}

fn zone(w: &mut World, name: &str) -> String {
    let req = CreateHostedZoneRequest { name: name.into(), caller_reference: name.into(), ..Default::default() };
    match r53(w, Route53Request::CreateHostedZone(req)).unwrap() {
        Route53Response::CreateHostedZone(out) => out.hosted_zone.id.trim_start_matches("/hostedzone/").to_string(),
        other => panic!("{other:?}"),
    }
}

fn create(w: &mut World, zone: &str, sets: Vec<ResourceRecordSet>) {
    let changes = sets.into_iter().map(|s| Change { action: "CREATE".into(), resource_record_set: s }).collect();
    let req = ChangeResourceRecordSetsRequest {
        hosted_zone_id: zone.into(),
        change_batch: ChangeBatch { comment: None, changes },
    };
    r53(w, Route53Request::ChangeResourceRecordSets(req)).unwrap();
}

fn s3_alias(name: &str) -> ResourceRecordSet {
    ResourceRecordSet {
        name: name.into(),
        record_type: "A".into(),
        alias_target: Some(AliasTarget {
            hosted_zone_id: "Z3AQBSTGFYJSTF".into(),
            dns_name: "s3-website-us-east-1.amazonaws.com".into(),
            evaluate_target_health: false,
        }),
        ..Default::default()
    }
}

fn http_check(w: &mut World, reference: &str, fqdn: &str, interval: i64, threshold: i64) -> String {
    let req = CreateHealthCheckRequest {
        caller_reference: reference.into(),
        health_check_config: HealthCheckConfig {
            check_type: "HTTP".into(),
            fully_qualified_domain_name: Some(fqdn.into()),
            request_interval: Some(interval),
            failure_threshold: Some(threshold),
            ..Default::default()
        },
    };
    match r53(w, Route53Request::CreateHealthCheck(req)).unwrap() {
        Route53Response::CreateHealthCheck(out) => out.health_check.id,
        other => panic!("{other:?}"),
    }
}

fn healthy(w: &World, id: &str) -> bool {
    resolve::health_status(&w.route53, id, 0).unwrap()
}

#[test]
fn http_reaches_an_s3_website_through_an_alias_at_the_apex() {
    let mut w = World::new(1);
    website(&mut w, "example.com", "<h1>Apex</h1>");
    let z = zone(&mut w, "example.com");
    create(&mut w, &z, vec![s3_alias("example.com")]);
    let r = w.http(&HttpRequest::get("http://example.com/")).unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.body.as_text(), Some("<h1>Apex</h1>"));
    assert!(
        r.hops[0].starts_with("DNS example.com → alias example.com.s3-website-us-east-1.amazonaws.com"),
        "{:?}",
        r.hops
    );
    assert!(r.hops[1].contains("S3 website endpoint"), "{:?}", r.hops);
    let event = w.trail().last().unwrap();
    assert!(event.resources.iter().any(|r| r.contains("hostedzone/")), "{:?}", event.resources);
}

#[test]
fn http_follows_a_cname_to_a_website_and_fails_for_addresses_and_missing_names() {
    let mut w = World::new(1);
    website(&mut w, "blog-bucket", "<p>blog</p>");
    let z = zone(&mut w, "example.com");
    let rr = |name: &str, t: &str, v: &str| ResourceRecordSet {
        name: name.into(),
        record_type: t.into(),
        ttl: Some(300),
        resource_records: Some(vec![ResourceRecord { value: v.into() }]),
        ..Default::default()
    };
    create(
        &mut w,
        &z,
        vec![
            rr("blog.example.com", "CNAME", "blog-bucket.s3-website-us-east-1.amazonaws.com"),
            rr("www.example.com", "CNAME", "blog.example.com"),
            rr("ip.example.com", "A", "192.0.2.10"),
            rr("loop1.example.com", "CNAME", "loop2.example.com"),
            rr("loop2.example.com", "CNAME", "loop1.example.com"),
        ],
    );
    let r = w.http(&HttpRequest::get("http://www.example.com/")).unwrap();
    assert_eq!((r.status, r.body.as_text()), (200, Some("<p>blog</p>")));
    assert_eq!(r.hops.len(), 3, "{:?}", r.hops);
    assert!(r.hops[0].contains("CNAME blog.example.com") && r.hops[1].contains("CNAME blog-bucket"), "{:?}", r.hops);
    // An address where nothing listens, a missing name and a CNAME loop reach nothing.
    assert!(w.http(&HttpRequest::get("http://ip.example.com/")).is_err());
    assert!(w.http(&HttpRequest::get("http://nope.example.com/")).is_err());
    assert!(w.http(&HttpRequest::get("http://loop1.example.com/")).is_err());
    // Names in no zone still reach S3 directly.
    assert_eq!(
        w.http(&HttpRequest::get("http://blog-bucket.s3-website-us-east-1.amazonaws.com/")).unwrap().status,
        200
    );
}

#[test]
fn a_check_turns_unhealthy_after_interval_times_threshold_when_the_site_answers_404() {
    let mut w = World::new(1);
    website(&mut w, "site-a", "<h1>up</h1>");
    let hc = http_check(&mut w, "a", "site-a.s3-website-us-east-1.amazonaws.com", 10, 3);
    assert!(healthy(&w, &hc), "new checks start healthy");
    w.advance(SimDuration::seconds(60));
    assert!(healthy(&w, &hc));
    let Route53Response::GetHealthCheckStatus(st) =
        r53(&mut w, Route53Request::GetHealthCheckStatus(GetHealthCheckStatusRequest { health_check_id: hc.clone() }))
            .unwrap()
    else {
        panic!()
    };
    assert_eq!(st.health_check_observations.len(), 8);
    let report = st.health_check_observations[0].status_report.as_ref().unwrap();
    assert_eq!(report.status, "Success: HTTP Status Code 200, OK");
    // The index document disappears: the site answers 404.
    s3(
        &mut w,
        S3Request::DeleteObject(DeleteObjectRequest {
            bucket: "site-a".into(),
            key: "index.html".into(),
            ..Default::default()
        }),
    );
    let broke = w.now();
    // Checks run at 70 s, 80 s and 90 s after creation; the third failure flips the status.
    w.advance(SimDuration::seconds(20));
    assert!(healthy(&w, &hc), "two failures are not enough with FailureThreshold 3");
    w.advance(SimDuration::seconds(10));
    assert!(!healthy(&w, &hc), "unhealthy by interval × threshold after the break");
    assert!(w.now() - broke <= SimDuration::seconds(30));
    let Route53Response::GetHealthCheckStatus(st) =
        r53(&mut w, Route53Request::GetHealthCheckStatus(GetHealthCheckStatusRequest { health_check_id: hc.clone() }))
            .unwrap()
    else {
        panic!()
    };
    assert_eq!(
        st.health_check_observations[3].status_report.as_ref().unwrap().status,
        "Failure: HTTP Status Code 404, Not Found"
    );
    let job = w.trail().events().iter().rev().find(|e| e.operation == "HealthCheck").unwrap();
    assert!(job.why.contains("0 of 8 checkers") && job.why.contains("18 %"), "{}", job.why);
    // Restored: healthy again after three successes.
    s3(
        &mut w,
        S3Request::PutObject(PutObjectRequest {
            bucket: "site-a".into(),
            key: "index.html".into(),
            body: Bytes::from("back"),
            ..Default::default()
        }),
    );
    w.advance(SimDuration::seconds(20));
    assert!(!healthy(&w, &hc));
    w.advance(SimDuration::seconds(10));
    assert!(healthy(&w, &hc));
    let history = &w.route53.health_checks[&hc].history;
    assert!(history.len() <= HEALTH_HISTORY);
    assert!(history.iter().any(|o| !o.healthy) && history.back().unwrap().healthy);
}

#[test]
fn a_deleted_bucket_fails_the_check_at_the_standard_interval() {
    let mut w = World::new(1);
    website(&mut w, "site-b", "ok");
    let hc = http_check(&mut w, "b", "site-b.s3-website-us-east-1.amazonaws.com", 30, 2);
    w.advance(SimDuration::seconds(30));
    assert!(healthy(&w, &hc));
    s3(
        &mut w,
        S3Request::DeleteObject(DeleteObjectRequest {
            bucket: "site-b".into(),
            key: "index.html".into(),
            ..Default::default()
        }),
    );
    s3(&mut w, S3Request::DeleteBucket(DeleteBucketRequest { bucket: "site-b".into() }));
    w.advance(SimDuration::seconds(30));
    assert!(healthy(&w, &hc));
    w.advance(SimDuration::seconds(30));
    assert!(!healthy(&w, &hc), "2 × 30 s after the bucket went away");
}

#[test]
fn failover_flips_to_the_backup_site_and_back() {
    let mut w = World::new(1);
    website(&mut w, "primary-site", "primary");
    website(&mut w, "www.example.com", "backup");
    let z = zone(&mut w, "example.com");
    let hc = http_check(&mut w, "p", "primary-site.s3-website-us-east-1.amazonaws.com", 10, 3);
    create(
        &mut w,
        &z,
        vec![
            ResourceRecordSet {
                name: "www.example.com".into(),
                record_type: "CNAME".into(),
                set_identifier: Some("primary".into()),
                failover: Some("PRIMARY".into()),
                health_check_id: Some(hc.clone()),
                ttl: Some(60),
                resource_records: Some(vec![ResourceRecord {
                    value: "primary-site.s3-website-us-east-1.amazonaws.com".into(),
                }]),
                ..Default::default()
            },
            ResourceRecordSet {
                name: "www.example.com".into(),
                record_type: "CNAME".into(),
                set_identifier: Some("backup".into()),
                failover: Some("SECONDARY".into()),
                ttl: Some(60),
                resource_records: Some(vec![ResourceRecord {
                    value: "www.example.com.s3-website-us-east-1.amazonaws.com".into(),
                }]),
                ..Default::default()
            },
        ],
    );
    let page = |w: &mut World| {
        w.http(&HttpRequest::get("http://www.example.com/")).unwrap().body.as_text().unwrap().to_string()
    };
    assert_eq!(page(&mut w), "primary");
    s3(&mut w, S3Request::DeleteBucketWebsite(DeleteBucketWebsiteRequest { bucket: "primary-site".into() }));
    w.advance(SimDuration::seconds(20));
    assert!(page(&mut w).contains("NoSuchWebsiteConfiguration"), "not yet: two failures are not enough");
    w.advance(SimDuration::seconds(10));
    assert_eq!(page(&mut w), "backup");
    let answer = resolve(&mut w, "www.example.com", "A", &Client::in_region("us-east-1"));
    assert!(answer.trace.iter().any(|t| t.contains("primary is unhealthy")), "{:?}", answer.trace);
}

#[test]
fn string_matching_tcp_calculated_inverted_and_disabled_checks() {
    let mut w = World::new(1);
    website(&mut w, "shop", "<html>status: READY</html>");
    let host = "shop.s3-website-us-east-1.amazonaws.com";
    let create = |w: &mut World, r: &str, config: HealthCheckConfig| match r53(
        w,
        Route53Request::CreateHealthCheck(CreateHealthCheckRequest {
            caller_reference: r.into(),
            health_check_config: config,
        }),
    ) {
        Ok(Route53Response::CreateHealthCheck(out)) => Ok(out.health_check.id),
        Ok(other) => panic!("{other:?}"),
        Err(e) => Err(e),
    };
    let base = HealthCheckConfig {
        fully_qualified_domain_name: Some(host.into()),
        request_interval: Some(10),
        failure_threshold: Some(1),
        ..Default::default()
    };
    let found = create(
        &mut w,
        "m1",
        HealthCheckConfig { check_type: "HTTP_STR_MATCH".into(), search_string: Some("READY".into()), ..base.clone() },
    )
    .unwrap();
    let missing = create(
        &mut w,
        "m2",
        HealthCheckConfig { check_type: "HTTP_STR_MATCH".into(), search_string: Some("ready".into()), ..base.clone() },
    )
    .unwrap();
    let tcp =
        create(&mut w, "t", HealthCheckConfig { check_type: "TCP".into(), port: Some(80), ..base.clone() }).unwrap();
    let inverted =
        create(&mut w, "i", HealthCheckConfig { check_type: "HTTP".into(), inverted: Some(true), ..base.clone() })
            .unwrap();
    let nowhere = create(
        &mut w,
        "n",
        HealthCheckConfig {
            check_type: "HTTP".into(),
            ip_address: Some("198.51.100.7".into()),
            fully_qualified_domain_name: None,
            ..base.clone()
        },
    )
    .unwrap();
    let calc = create(
        &mut w,
        "c",
        HealthCheckConfig {
            check_type: "CALCULATED".into(),
            child_health_checks: Some(vec![found.clone(), missing.clone(), tcp.clone()]),
            health_threshold: Some(2),
            ..Default::default()
        },
    )
    .unwrap();
    w.advance(SimDuration::seconds(10));
    assert!(healthy(&w, &found));
    assert!(!healthy(&w, &missing), "string match is case sensitive");
    assert!(healthy(&w, &tcp));
    assert!(!healthy(&w, &inverted), "inverted flips a healthy endpoint");
    assert!(!healthy(&w, &nowhere));
    assert!(healthy(&w, &calc), "2 of 3 children healthy meets HealthThreshold 2");
    let report = w.route53.health_checks[&nowhere].checkers[0].last_report.clone().unwrap();
    assert!(report.contains("Connection refused"), "{report}");
    // Disabling a check makes it healthy; the update bumps the version, and a stale version fails.
    let update = |w: &mut World, version: i64| {
        r53(
            w,
            Route53Request::UpdateHealthCheck(UpdateHealthCheckRequest {
                health_check_id: missing.clone(),
                health_check_version: Some(version),
                disabled: Some(true),
                ..Default::default()
            }),
        )
    };
    let Route53Response::UpdateHealthCheck(out) = update(&mut w, 1).unwrap() else { panic!() };
    assert_eq!(out.health_check.health_check_version, 2);
    assert!(healthy(&w, &missing));
    assert_eq!(update(&mut w, 1).unwrap_err().code, "HealthCheckVersionMismatch");
    // Bad configurations are InvalidInput.
    for bad in [
        HealthCheckConfig { check_type: "HTTP".into(), ..Default::default() },
        HealthCheckConfig { check_type: "HTTP".into(), request_interval: Some(20), ..base.clone() },
        HealthCheckConfig { check_type: "HTTP".into(), failure_threshold: Some(11), ..base.clone() },
        HealthCheckConfig { check_type: "HTTP_STR_MATCH".into(), ..base.clone() },
        HealthCheckConfig { check_type: "TCP".into(), ..base.clone() },
        HealthCheckConfig { check_type: "HTTP".into(), ip_address: Some("10.0.0.1".into()), ..Default::default() },
        HealthCheckConfig {
            check_type: "HTTP".into(),
            regions: Some(vec!["us-east-1".into(), "eu-west-1".into()]),
            ..base.clone()
        },
        HealthCheckConfig {
            check_type: "CALCULATED".into(),
            child_health_checks: Some(vec!["nope".into()]),
            health_threshold: Some(1),
            ..Default::default()
        },
        HealthCheckConfig { check_type: "PING".into(), ..base.clone() },
    ] {
        let e = create(&mut w, "bad", bad.clone()).unwrap_err();
        assert_eq!(e.code, "InvalidInput", "{bad:?}");
    }
}

#[test]
fn caller_references_listing_and_deletion_of_health_checks() {
    let mut w = World::new(1);
    let config = HealthCheckConfig {
        check_type: "HTTPS".into(),
        fully_qualified_domain_name: Some("example.net".into()),
        ..Default::default()
    };
    let mk = |w: &mut World, c: HealthCheckConfig| {
        r53(
            w,
            Route53Request::CreateHealthCheck(CreateHealthCheckRequest {
                caller_reference: "same".into(),
                health_check_config: c,
            }),
        )
    };
    let Route53Response::CreateHealthCheck(first) = mk(&mut w, config.clone()).unwrap() else { panic!() };
    let defaults = &first.health_check.health_check_config;
    assert_eq!((defaults.port, defaults.request_interval, defaults.failure_threshold), (Some(443), Some(30), Some(3)));
    let Route53Response::CreateHealthCheck(again) = mk(&mut w, config.clone()).unwrap() else { panic!() };
    assert_eq!(again.health_check.id, first.health_check.id, "same reference, same settings: the same check");
    let e = mk(&mut w, HealthCheckConfig { resource_path: Some("/health".into()), ..config }).unwrap_err();
    assert_eq!((e.code.as_str(), e.status), ("HealthCheckAlreadyExists", 409));
    let Route53Response::ListHealthChecks(list) =
        r53(&mut w, Route53Request::ListHealthChecks(Default::default())).unwrap()
    else {
        panic!()
    };
    assert_eq!(list.health_checks.len(), 1);
    let id = first.health_check.id;
    let jobs_before = w.pending_jobs().len();
    r53(&mut w, Route53Request::DeleteHealthCheck(DeleteHealthCheckRequest { health_check_id: id.clone() })).unwrap();
    assert_eq!(w.pending_jobs().len(), jobs_before - 1, "its checkers stop");
    let e = r53(&mut w, Route53Request::GetHealthCheck(GetHealthCheckRequest { health_check_id: id })).unwrap_err();
    assert_eq!((e.code.as_str(), e.status), ("NoSuchHealthCheck", 404));
}
