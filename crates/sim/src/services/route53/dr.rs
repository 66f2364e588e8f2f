//! The disaster-recovery scenario: active-passive failover between two regions.
//!
//! A primary endpoint in one region and a standby in another, a health check on the primary
//! and two failover records. When the primary fails, clients are cut off until (1) the health
//! checkers notice — FailureThreshold failed probes, RequestInterval apart — and (2) their
//! resolver's cached answer for the name expires (the record's TTL). [`outage`] gives the
//! range from those three numbers; [`drill`] fails the primary on the simulated clock and
//! measures it.

use super::model::*;
use super::ops::*;
use super::resolver;
use crate::error::ApiError;
use crate::services::s3::{
    CreateBucketConfiguration, CreateBucketRequest, DeleteBucketWebsiteRequest, PutBucketWebsiteRequest,
    RedirectAllRequestsTo, S3Request, WebsiteConfiguration,
};
use crate::services::{Request, Response};
use crate::time::{SimDuration, SimTime};
use crate::world::World;

/// How long clients can be cut off, in seconds, for a health check's interval and failure
/// threshold and the record's TTL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutageEstimate {
    /// Failure to unhealthy: at least (threshold − 1) intervals (the failure came just before
    /// a probe), less than threshold intervals (just after one).
    pub detection_min: i64,
    pub detection_max: i64,
    /// A client whose cached answer expires just as the check turns unhealthy.
    pub best: i64,
    /// A client that refreshed its cache just before: detection plus a whole TTL.
    pub worst: i64,
    /// Averaged over when the failure falls between probes and how much TTL is left:
    /// (threshold − ½) × interval + TTL ÷ 2.
    pub expected: i64,
}

pub fn outage(interval_seconds: i64, failure_threshold: u32, ttl_seconds: i64) -> OutageEstimate {
    let i = interval_seconds.max(0);
    let n = failure_threshold.clamp(1, 10) as i64;
    let ttl = ttl_seconds.max(0);
    OutageEstimate {
        detection_min: (n - 1) * i,
        detection_max: n * i,
        best: (n - 1) * i,
        worst: n * i + ttl,
        expected: ((2 * n - 1) * i + ttl) / 2,
    }
}

/// What [`active_passive`] built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActivePassive {
    pub zone_id: String,
    /// The name clients use (canonical).
    pub record_name: String,
    pub health_check_id: String,
    pub primary_bucket: String,
    pub primary_host: String,
    pub secondary_host: String,
}

fn call(world: &mut World, region: &str, request: Request) -> Result<Response, ApiError> {
    world.call_in(region, request)
}

/// Builds the scenario: in each region an S3 website (redirecting to the app, so it answers
/// 301, which a health check counts as healthy), a zone `domain`, an HTTP health check on the
/// primary, and PRIMARY/SECONDARY CNAME records `app.<domain>` with `ttl`.
pub fn active_passive(
    world: &mut World,
    domain: &str,
    regions: (&str, &str),
    interval_seconds: i64,
    failure_threshold: i64,
    ttl: i64,
) -> Result<ActivePassive, ApiError> {
    let prefix = domain.trim_end_matches('.').replace('.', "-");
    let mut hosts = Vec::new();
    for (role, region) in [("primary", regions.0), ("secondary", regions.1)] {
        let bucket = format!("{prefix}-{role}");
        let config = (region != "us-east-1")
            .then(|| CreateBucketConfiguration { location_constraint: Some(region.to_string()) });
        call(
            world,
            region,
            Request::S3(S3Request::CreateBucket(CreateBucketRequest {
                bucket: bucket.clone(),
                create_bucket_configuration: config,
            })),
        )?;
        call(
            world,
            region,
            Request::S3(S3Request::PutBucketWebsite(PutBucketWebsiteRequest {
                bucket: bucket.clone(),
                website_configuration: WebsiteConfiguration {
                    redirect_all_requests_to: Some(RedirectAllRequestsTo {
                        host_name: format!("{role}.{domain}"),
                        protocol: None,
                    }),
                    ..Default::default()
                },
            })),
        )?;
        hosts.push(crate::services::s3::model::website_endpoint(&bucket, region));
    }
    let Response::Route53(super::Route53Response::CreateHostedZone(zone)) = call(
        world,
        regions.0,
        Request::Route53(super::Route53Request::CreateHostedZone(CreateHostedZoneRequest {
            name: domain.into(),
            caller_reference: format!("dr-{domain}"),
            ..Default::default()
        })),
    )?
    else {
        unreachable!("CreateHostedZone answers CreateHostedZone")
    };
    let zone_id = zone.hosted_zone.id.trim_start_matches("/hostedzone/").to_string();
    let Response::Route53(super::Route53Response::CreateHealthCheck(check)) = call(
        world,
        regions.0,
        Request::Route53(super::Route53Request::CreateHealthCheck(CreateHealthCheckRequest {
            caller_reference: format!("dr-{domain}-primary"),
            health_check_config: HealthCheckConfig {
                check_type: "HTTP".into(),
                fully_qualified_domain_name: Some(hosts[0].clone()),
                request_interval: Some(interval_seconds),
                failure_threshold: Some(failure_threshold),
                ..Default::default()
            },
        })),
    )?
    else {
        unreachable!("CreateHealthCheck answers CreateHealthCheck")
    };
    let record_name = format!("app.{}.", domain.trim_end_matches('.'));
    let record = |role: &str, host: &str, check: Option<String>| Change {
        action: "CREATE".into(),
        resource_record_set: ResourceRecordSet {
            name: record_name.clone(),
            record_type: "CNAME".into(),
            set_identifier: Some(role.to_ascii_lowercase()),
            failover: Some(role.into()),
            ttl: Some(ttl),
            resource_records: Some(vec![ResourceRecord { value: host.to_string() }]),
            health_check_id: check,
            ..Default::default()
        },
    };
    let health_check_id = check.health_check.id;
    call(
        world,
        regions.0,
        Request::Route53(super::Route53Request::ChangeResourceRecordSets(ChangeResourceRecordSetsRequest {
            hosted_zone_id: zone_id.clone(),
            change_batch: ChangeBatch {
                comment: Some("active-passive failover".into()),
                changes: vec![
                    record("PRIMARY", &hosts[0], Some(health_check_id.clone())),
                    record("SECONDARY", &hosts[1], None),
                ],
            },
        })),
    )?;
    Ok(ActivePassive {
        zone_id,
        record_name,
        health_check_id,
        primary_bucket: format!("{prefix}-primary"),
        primary_host: hosts[0].clone(),
        secondary_host: hosts[1].clone(),
    })
}

/// Breaks the primary: its website configuration is deleted, so it answers 404.
pub fn fail_primary(world: &mut World, scenario: &ActivePassive) -> Result<(), ApiError> {
    let request = DeleteBucketWebsiteRequest { bucket: scenario.primary_bucket.clone() };
    world.call(Request::S3(S3Request::DeleteBucketWebsite(request))).map(|_| ())
}

/// The result of a drill.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DrillResult {
    pub failed_at: SimTime,
    /// When Route 53 itself started answering with the secondary.
    pub route53_switched_at: SimTime,
    /// When the client's resolver first answered with the secondary.
    pub client_switched_at: SimTime,
}

impl DrillResult {
    pub fn outage(&self) -> SimDuration {
        self.client_switched_at - self.failed_at
    }
}

/// Fails the primary now and queries through `resolver_name` every `step` until its answer is
/// the secondary (at most `limit`). The resolver should have been used before, as real clients'
/// would, so its cache holds the primary.
pub fn drill(
    world: &mut World,
    scenario: &ActivePassive,
    resolver_name: &str,
    step: SimDuration,
    limit: SimDuration,
) -> Result<DrillResult, String> {
    let step = SimDuration(step.as_millis().max(1));
    let failed_at = world.now();
    fail_primary(world, scenario).map_err(|e| e.to_string())?;
    let mut route53_switched_at = None;
    while world.now() - failed_at <= limit {
        if route53_switched_at.is_none() {
            let healthy = super::resolve::health_status(&world.route53, &scenario.health_check_id, 0);
            if healthy == Some(false) {
                route53_switched_at = Some(world.now());
            }
        }
        let answer = resolver::query_with(world, resolver_name, &scenario.record_name, "A", false)?;
        if answer.chosen.first().map(String::as_str) == Some("secondary") {
            return Ok(DrillResult {
                failed_at,
                route53_switched_at: route53_switched_at.unwrap_or(world.now()),
                client_switched_at: world.now(),
            });
        }
        world.advance(step);
    }
    Err(format!("the client still reached the primary after {limit}"))
}
