//! Route 53 on the simulated network: a host name in a public hosted zone resolves by its
//! records. An alias or CNAME to another name (an S3 website endpoint, a CloudFront
//! distribution) passes the request on to that name; addresses reach nothing, since no
//! simulated endpoint listens on an IP address yet (curl reports connection refused).

use super::resolve::{resolve, Client};
use super::{names, resolver};
use crate::network::{HttpRequest, HttpResponse, ParsedUrl};
use crate::world::{CallContext, World};

/// CNAMEs and aliases followed for one request.
const MAX_HOPS: usize = 8;

/// `None` when Route 53 holds no zone for the host (another endpoint may own it);
/// `Some(None)` when Route 53 answers but the request reaches nothing (no record, NXDOMAIN, an
/// address where nothing listens); `Some(Some(response))` otherwise.
pub fn serve_http(
    world: &mut World,
    cx: &mut CallContext,
    request: &HttpRequest,
    url: &ParsedUrl,
) -> Option<Option<HttpResponse>> {
    if let Some(name) = request.resolver.as_deref() {
        return serve_via_resolver(world, cx, request, url, name);
    }
    let client = Client::in_region(&world.default_region);
    let mut host = url.host.clone();
    let mut hops: Vec<String> = Vec::new();
    for _ in 0..MAX_HOPS {
        let answer = resolve(world, &host, "A", &client);
        if answer.response_code == "REFUSED" || answer.response_code == "FORMERR" {
            if hops.is_empty() {
                return None;
            }
            break;
        }
        if let Some(zone) = answer.zone_id.as_ref().and_then(|z| world.route53.zones.get(z)) {
            cx.touch(zone.arn());
        }
        let rule = answer.trace.last().cloned().unwrap_or_default();
        if answer.response_code != "NOERROR" || answer.records.is_empty() {
            cx.why(format!("DNS: {host} → {} ({rule})", answer.response_code));
            return Some(None);
        }
        if let Some(target) = answer.target.clone() {
            hops.push(format!("DNS {host} → alias {target} (Route 53: {rule})"));
            host = target;
            break;
        }
        if answer.record_type == "CNAME" {
            let target = answer.records[0].trim_end_matches('.').to_ascii_lowercase();
            hops.push(format!("DNS {host} → CNAME {target} (Route 53: {rule})"));
            host = target;
            continue;
        }
        let address = answer.records[0].clone();
        cx.refused = Some(url.host.clone());
        cx.why(format!(
            "DNS: {host} → A {address} ({rule}); nothing in the simulated network listens at {address}: connection refused"
        ));
        return Some(None);
    }
    if world.route53.authoritative_zone(&format!("{host}.")).is_some() {
        cx.why(format!("DNS: more than {MAX_HOPS} CNAME or alias steps; the resolver gave up"));
        return Some(None);
    }
    let next = ParsedUrl { host: host.clone(), ..url.clone() };
    match crate::services::serve_http(world, cx, request, &next) {
        Some(mut response) => {
            for (i, hop) in hops.into_iter().enumerate() {
                response.hops.insert(i, hop);
            }
            Some(Some(response))
        }
        None => {
            cx.why(format!("DNS sent the request to {host}, but nothing in the simulated network answers there"));
            Some(None)
        }
    }
}

/// A client's request: the host is looked up through the client's recursive resolver, so a
/// cached answer is used until its TTL runs out, even after Route 53 itself has failed over.
fn serve_via_resolver(
    world: &mut World,
    cx: &mut CallContext,
    request: &HttpRequest,
    url: &ParsedUrl,
    resolver_name: &str,
) -> Option<Option<HttpResponse>> {
    // A host Route 53 holds no zone for belongs to another endpoint (an S3 website, say).
    world.route53.authoritative_zone(&format!("{}.", url.host))?;
    let answer = match resolver::query(world, resolver_name, &url.host, "A") {
        Ok(answer) => answer,
        Err(e) => {
            cx.why(format!("DNS: {e}"));
            return Some(None);
        }
    };
    if let Some(zone) = world.route53.authoritative_zone(&answer.name) {
        cx.touch(zone.arn());
    }
    let source = match answer.ttl_remaining {
        Some(left) if answer.from_cache => format!("{resolver_name} answered from its cache, {left} s of TTL left"),
        _ => format!("{resolver_name} asked Route 53"),
    };
    let last_cname = answer.records.iter().rev().find(|r| r.record_type == "CNAME").map(|r| r.value.clone());
    let next_host = match answer.values().next() {
        Some(value) if names::is_ip(value) => {
            // An address the simulated network knows (an instance's public IP) answers.
            let at_ip = ParsedUrl { host: value.to_string(), ..url.clone() };
            let direct = HttpRequest { resolver: None, ..request.clone() };
            let hop = format!("DNS {} → A {value} ({source})", url.host);
            if let Some(mut response) = crate::services::serve_http(world, cx, &direct, &at_ip) {
                response.hops.insert(0, hop);
                return Some(Some(response));
            }
            // The failure is the client's, named by the host it asked for.
            match cx.timed_out.take() {
                Some((_, port)) => cx.timed_out = Some((url.host.clone(), port)),
                None => cx.refused = Some(url.host.clone()),
            }
            let why = cx
                .why
                .take()
                .unwrap_or_else(|| format!("nothing in the simulated network listens at {value}: connection refused"));
            cx.why(format!("{hop}; {why}"));
            return Some(None);
        }
        // An alias to an endpoint outside Route 53 answers with the endpoint's name.
        Some(value) => value.to_string(),
        // A CNAME out of Route 53's zones: the client's resolver asks that name's own DNS.
        None if answer.response_code == "SERVFAIL" && last_cname.is_some() => last_cname.unwrap_or_default(),
        None => {
            cx.why(format!("DNS: {} → {} ({source})", url.host, answer.response_code));
            return Some(None);
        }
    };
    let next_host = next_host.trim_end_matches('.').to_ascii_lowercase();
    let next = ParsedUrl { host: next_host.clone(), ..url.clone() };
    let direct = HttpRequest { resolver: None, ..request.clone() };
    let hop = format!("DNS {} → {next_host} ({source})", url.host);
    match crate::services::serve_http(world, cx, &direct, &next) {
        Some(mut response) => {
            response.hops.insert(0, hop);
            Some(Some(response))
        }
        None => {
            cx.why(format!("{hop}, but nothing in the simulated network answers at {next_host}"));
            Some(None)
        }
    }
}
