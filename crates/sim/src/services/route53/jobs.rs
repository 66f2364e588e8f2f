//! What happens in Route 53 as time passes: changes reach INSYNC, and health checkers probe
//! their endpoints every RequestInterval over the simulated network.

use super::model::*;
use crate::error::ApiError;
use crate::network::HttpRequest;
use crate::services::Job;
use crate::world::{CallContext, World};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Route53Job {
    /// A change has propagated to every Route 53 server.
    ChangeInsync { change_id: String },
    /// One round of a health check (every checker region), then the next round is scheduled.
    RunHealthCheck { health_check_id: String },
}

impl Route53Job {
    pub fn operation(&self) -> &'static str {
        match self {
            Route53Job::ChangeInsync { .. } => "ChangeInsync",
            Route53Job::RunHealthCheck { .. } => "HealthCheck",
        }
    }
}

pub fn run(world: &mut World, cx: &mut CallContext, job: Route53Job) -> Result<(), ApiError> {
    match job {
        Route53Job::ChangeInsync { change_id } => {
            match world.route53.changes.iter_mut().find(|c| c.id == change_id) {
                Some(change) => {
                    change.status = ChangeStatus::Insync;
                    cx.why(format!(
                        "change {change_id} reached every Route 53 server: INSYNC (Nimbus Lab uses {} of propagation)",
                        CHANGE_PROPAGATION
                    ));
                }
                None => cx.why(format!("change {change_id} is no longer kept")),
            }
            Ok(())
        }
        Route53Job::RunHealthCheck { health_check_id } => {
            run_health_check(world, cx, &health_check_id);
            Ok(())
        }
    }
}

/// The result of one probe: passed, and the report Route 53 shows (`Success: HTTP Status Code
/// 200, OK`).
fn probe(world: &mut World, config: &HealthCheckConfig) -> (bool, String) {
    let t = config.check_type.as_str();
    let host = config.fully_qualified_domain_name.clone().or(config.ip_address.clone()).unwrap_or_default();
    let port = config.port.unwrap_or(80);
    let scheme = if t.starts_with("HTTPS") { "https" } else { "http" };
    let mut path = config.resource_path.clone().unwrap_or_else(|| "/".into());
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    let url = format!("{scheme}://{host}:{port}{path}");
    match world.http(&HttpRequest::get(url)) {
        Err(e) => {
            let why = match e {
                crate::network::NetError::CouldNotResolve(_) if crate::services::route53::names::is_ip(&host) => {
                    format!("Failure: Connection refused. Nothing listens at {host}:{port}")
                }
                crate::network::NetError::ConnectionRefused(_) => {
                    format!("Failure: Connection refused. Nothing listens at {host}:{port}")
                }
                crate::network::NetError::CouldNotResolve(h) => format!("Failure: DNS resolution failed for {h}"),
                crate::network::NetError::TimedOut(..) => {
                    "Failure: Connection timed out. The endpoint or the internet \
                     connection is down, or requests are being blocked by your firewall."
                        .to_string()
                }
                other => format!("Failure: {other}"),
            };
            (false, why)
        }
        Ok(resp) => {
            if t == "TCP" {
                return (true, format!("Success: TCP connection to {host}:{port} established"));
            }
            let ok_status = (200..400).contains(&resp.status);
            let reason = reason_phrase(resp.status);
            if !ok_status {
                return (false, format!("Failure: HTTP Status Code {}, {reason}", resp.status));
            }
            if let Some(needle) = &config.search_string {
                let body = &resp.body.0[..resp.body.0.len().min(STRING_MATCH_BYTES)];
                let found = !needle.is_empty() && body.windows(needle.len()).any(|w| w == needle.as_bytes());
                if !found {
                    return (
                        false,
                        format!(
                            "Failure: HTTP Status Code {}, {reason}. Search string '{needle}' was not found in the first {STRING_MATCH_BYTES} bytes of the response body",
                            resp.status
                        ),
                    );
                }
            }
            (true, format!("Success: HTTP Status Code {}, {reason}", resp.status))
        }
    }
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "",
    }
}

fn run_health_check(world: &mut World, cx: &mut CallContext, id: &str) {
    cx.touch(format!("arn:aws:route53:::healthcheck/{id}"));
    let Some(check) = world.route53.health_checks.get(id) else {
        cx.why(format!("health check {id} was deleted; its checkers stopped"));
        return;
    };
    let config = check.config.clone();
    let now = world.now();
    let (passed, report) = if config.disabled == Some(true) {
        (true, "Disabled: Route 53 considers a disabled health check healthy".to_string())
    } else {
        probe(world, &config)
    };
    let Some(check) = world.route53.health_checks.get_mut(id) else { return };
    let threshold = config.threshold();
    // Every checker region sees the same simulated network, so each records the same result;
    // a checker's status flips after FailureThreshold consecutive results that disagree with it.
    for checker in &mut check.checkers {
        checker.last_checked = Some(now);
        checker.last_report = Some(report.clone());
        if passed == checker.healthy {
            checker.streak = 0;
        } else {
            checker.streak += 1;
            if checker.streak >= threshold {
                checker.healthy = passed;
                checker.streak = 0;
            }
        }
    }
    let before = check.endpoint_healthy;
    check.endpoint_healthy = HealthCheckState::aggregate(&check.checkers);
    let healthy_checkers = check.checkers.iter().filter(|c| c.healthy).count();
    let total = check.checkers.len();
    let status = check.endpoint_healthy != (config.inverted == Some(true));
    check.push_history(HealthObservation { time: now, healthy: status, report: report.clone() });
    let streak = check.checkers.first().map(|c| c.streak).unwrap_or(0);
    let flip = if before != check.endpoint_healthy {
        format!("; the endpoint is now {}", if check.endpoint_healthy { "healthy" } else { "unhealthy" })
    } else if streak > 0 {
        format!("; {streak} of {threshold} consecutive results needed to change status")
    } else {
        String::new()
    };
    cx.why(format!(
        "{report}; {healthy_checkers} of {total} checkers report healthy (healthy needs more than 18 %){flip}"
    ));
    world.schedule(config.interval(), Job::Route53(Route53Job::RunHealthCheck { health_check_id: id.to_string() }));
}
