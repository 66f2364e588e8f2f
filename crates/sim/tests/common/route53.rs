//! Route 53 test helpers: one call, and a public hosted zone by name.
// Each test file uses only some of these.
#![allow(dead_code)]

use nimbus_sim::services::route53::*;
use nimbus_sim::{ApiError, Request, Response, World};

#[allow(unreachable_patterns)]
pub fn call(w: &mut World, r: Route53Request) -> Result<Route53Response, ApiError> {
    w.call(Request::Route53(r)).map(|resp| match resp {
        Response::Route53(r) => r,
        other => panic!("not a Route 53 response: {other:?}"),
    })
}

/// Creates the public zone `name`; its id (`/hostedzone/Z…`).
pub fn zone(w: &mut World, name: &str) -> String {
    let req = CreateHostedZoneRequest { name: name.into(), caller_reference: name.into(), ..Default::default() };
    match call(w, Route53Request::CreateHostedZone(req)).unwrap() {
        Route53Response::CreateHostedZone(out) => out.hosted_zone.id,
        other => panic!("{other:?}"),
    }
}

/// A plain record set: name, type, TTL and values.
pub fn rr(name: &str, rtype: &str, ttl: i64, values: &[&str]) -> ResourceRecordSet {
    ResourceRecordSet {
        name: name.into(),
        record_type: rtype.into(),
        ttl: Some(ttl),
        resource_records: Some(values.iter().map(|v| ResourceRecord { value: v.to_string() }).collect()),
        ..Default::default()
    }
}
