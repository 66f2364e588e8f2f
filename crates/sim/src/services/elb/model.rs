//! Classic Load Balancers as Nimbus Lab keeps them: listeners, subnets, security groups, the
//! health check and the registered instances with what the checks concluded about each.

use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ElbState {
    /// By `<region>/<name>` (names are unique in a Region).
    pub load_balancers: BTreeMap<String, ClassicLoadBalancer>,
}

pub fn key(region: &str, name: &str) -> String {
    format!("{region}/{name}")
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Listener {
    pub protocol: String,
    pub load_balancer_port: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_protocol: Option<String>,
    pub instance_port: i64,
    #[serde(default, rename = "SSLCertificateId", skip_serializing_if = "Option::is_none")]
    pub ssl_certificate_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HealthCheck {
    /// `HTTP:80/index.html`, `TCP:80`.
    pub target: String,
    pub interval: i64,
    pub timeout: i64,
    pub unhealthy_threshold: i64,
    pub healthy_threshold: i64,
}

/// What the health checks have concluded about an instance so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Checked {
    Initial,
    InService,
    Failed,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegisteredInstance {
    pub instance_id: String,
    pub checked: Checked,
    pub ok_streak: i64,
    pub fail_streak: i64,
    pub checks_run: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassicLoadBalancer {
    pub name: String,
    pub region: String,
    pub dns_name: String,
    pub hosted_zone_id: String,
    /// `internet-facing` or `internal`.
    pub scheme: String,
    pub vpc_id: String,
    pub subnets: Vec<String>,
    pub availability_zones: Vec<String>,
    pub security_groups: Vec<String>,
    pub listeners: Vec<Listener>,
    pub health_check: HealthCheck,
    pub instances: Vec<RegisteredInstance>,
    pub created: SimTime,
    /// Whether a health-check round is on the scheduler.
    pub round_pending: bool,
    pub tags: Vec<(String, String)>,
}

/// A health check target read from `PROTOCOL:PORT[/path]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PingTarget {
    pub protocol: String,
    pub port: u16,
    pub path: Option<String>,
}

/// Reads a health check target as ConfigureHealthCheck takes it: `HTTP` and `HTTPS` need a
/// path (`HTTP:80/index.html`), `TCP` and `SSL` take none (`TCP:80`).
pub fn parse_target(text: &str) -> Result<PingTarget, String> {
    let (protocol, rest) =
        text.split_once(':').ok_or_else(|| format!("HealthCheck Target '{text}' must be PROTOCOL:PORT"))?;
    let protocol = protocol.to_ascii_uppercase();
    let (port, path) = match rest.find('/') {
        Some(i) => (&rest[..i], Some(rest[i..].to_string())),
        None => (rest, None),
    };
    let port: u16 = port
        .parse()
        .ok()
        .filter(|p| *p > 0)
        .ok_or_else(|| format!("HealthCheck Target '{text}' has an invalid port '{port}' (1-65535)"))?;
    match (protocol.as_str(), &path) {
        ("HTTP" | "HTTPS", Some(_)) | ("TCP" | "SSL", None) => Ok(PingTarget { protocol, port, path }),
        ("HTTP" | "HTTPS", None) => Err(format!("HealthCheck HTTP Target '{text}' must specify a path")),
        ("TCP" | "SSL", Some(_)) => Err(format!("HealthCheck {protocol} Target '{text}' must not specify a path")),
        _ => Err(format!("HealthCheck Target '{text}' has an invalid protocol (HTTP, HTTPS, TCP or SSL)")),
    }
}
