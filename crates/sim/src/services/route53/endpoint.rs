//! Route 53 on the simulated network: a host name in a public hosted zone resolves by its
//! records. An alias or CNAME to another name (an S3 website endpoint, a CloudFront
//! distribution) passes the request on to that name; addresses reach nothing, since no
//! simulated endpoint listens on an IP address yet (curl reports connection refused).

use super::resolve::{resolve, Client};
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
