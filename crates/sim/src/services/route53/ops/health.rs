//! Health checks: CreateHealthCheck, GetHealthCheck, GetHealthCheckStatus, ListHealthChecks,
//! UpdateHealthCheck, DeleteHealthCheck, GetHealthCheckCount. The checks themselves run as
//! jobs (see `jobs.rs`).

use super::*;
use crate::services::route53::jobs::Route53Job;
use crate::services::route53::names;
use crate::services::Job;

/// `HealthCheck` as the API shapes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HealthCheck {
    pub id: String,
    pub caller_reference: String,
    pub health_check_config: HealthCheckConfig,
    pub health_check_version: i64,
}

impl HealthCheck {
    pub fn of(check: &HealthCheckState) -> Self {
        HealthCheck {
            id: check.id.clone(),
            caller_reference: check.caller_reference.clone(),
            health_check_config: check.config.clone(),
            health_check_version: check.version,
        }
    }
}

const ENDPOINT_TYPES: &[&str] = &["HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH", "TCP"];

/// Validates a configuration and fills in Route 53's defaults (port, interval, threshold).
fn check_config(world: &World, config: &mut HealthCheckConfig, own_id: Option<&str>) -> Result<(), ApiError> {
    let t = config.check_type.as_str();
    match t {
        "CLOUDWATCH_METRIC" | "RECOVERY_CONTROL" => {
            return Err(invalid_input(format!("Nimbus Lab does not simulate {t} health checks")))
        }
        "CALCULATED" => {}
        _ if ENDPOINT_TYPES.contains(&t) => {}
        _ => {
            return Err(invalid_input(format!(
                "1 validation error detected: Value '{t}' at 'healthCheckConfig.type' failed to satisfy constraint: Member must satisfy enum value set: [HTTP, HTTPS, HTTP_STR_MATCH, HTTPS_STR_MATCH, TCP, CALCULATED, CLOUDWATCH_METRIC, RECOVERY_CONTROL]"
            )))
        }
    }
    if let Some(i) = config.request_interval {
        if i != 10 && i != 30 {
            return Err(invalid_input(format!(
                "Invalid RequestInterval {i}: it must be 10 (fast) or 30 (standard) seconds"
            )));
        }
    }
    if let Some(e) = config.failure_threshold.and_then(|f| out_of_range("healthCheckConfig.failureThreshold", f, 1, 10))
    {
        return Err(e);
    }
    if let Some(e) = config.port.and_then(|p| out_of_range("healthCheckConfig.port", p, 1, 65_535)) {
        return Err(e);
    }
    if let Some(s) = &config.search_string {
        if s.len() > 255 {
            return Err(invalid_input("SearchString must be at most 255 characters long"));
        }
    }
    if let Some(p) = &config.resource_path {
        if p.len() > 255 {
            return Err(invalid_input("ResourcePath must be at most 255 characters long"));
        }
    }
    if let Some(regions) = &config.regions {
        if regions.len() < 3 {
            return Err(invalid_input("A health check needs at least 3 checker regions"));
        }
        for (i, r) in regions.iter().enumerate() {
            if !CHECKER_REGIONS.contains(&r.as_str()) {
                return Err(invalid_input(format!(
                    "'{r}' is not a health checker region (choose from {})",
                    CHECKER_REGIONS.join(", ")
                )));
            }
            if regions[..i].contains(r) {
                return Err(invalid_input(format!("The checker region '{r}' is listed twice")));
            }
        }
    }
    if t == "CALCULATED" {
        if config.ip_address.is_some() || config.fully_qualified_domain_name.is_some() || config.port.is_some() {
            return Err(invalid_input("A CALCULATED health check takes ChildHealthChecks, not an endpoint"));
        }
        let children = config.child_health_checks.clone().unwrap_or_default();
        if children.len() > MAX_CHILD_HEALTH_CHECKS {
            return Err(invalid_input(format!(
                "A calculated health check has at most {MAX_CHILD_HEALTH_CHECKS} children"
            )));
        }
        for c in &children {
            if Some(c.as_str()) == own_id {
                return Err(invalid_input("A calculated health check cannot be its own child"));
            }
            match world.route53.health_checks.get(c) {
                None => return Err(invalid_input(format!("The child health check {c} does not exist"))),
                Some(child) if child.config.check_type == "CALCULATED" => {
                    return Err(invalid_input(format!(
                        "The child health check {c} is itself a calculated health check"
                    )))
                }
                Some(_) => {}
            }
        }
        if let Some(e) =
            config.health_threshold.and_then(|h| out_of_range("healthCheckConfig.healthThreshold", h, 0, 256))
        {
            return Err(e);
        }
        if config.health_threshold.is_none() {
            return Err(invalid_input("A CALCULATED health check needs a HealthThreshold"));
        }
        return Ok(());
    }
    if config.child_health_checks.as_ref().is_some_and(|c| !c.is_empty()) || config.health_threshold.is_some() {
        return Err(invalid_input("ChildHealthChecks and HealthThreshold apply only to CALCULATED health checks"));
    }
    match (&config.ip_address, &config.fully_qualified_domain_name) {
        (None, None) => {
            return Err(invalid_input("An endpoint health check needs an IPAddress or a FullyQualifiedDomainName"))
        }
        (Some(ip), _) => {
            if let Some(v4) = names::parse_ipv4(ip) {
                if !names::is_public_ipv4(v4) {
                    return Err(invalid_input(format!(
                        "IP address {ip} is not a public address; Route 53 health checkers can reach only public endpoints"
                    )));
                }
            } else if names::parse_ipv6(ip).is_none() {
                return Err(invalid_input(format!("Invalid IPAddress '{ip}'")));
            }
        }
        (None, Some(_)) => {}
    }
    if let Some(fqdn) = &config.fully_qualified_domain_name {
        if fqdn.len() > 255 || names::check_host(fqdn).is_err() {
            return Err(invalid_input(format!("Invalid FullyQualifiedDomainName '{fqdn}'")));
        }
    }
    let string_match = t.ends_with("_STR_MATCH");
    match (&config.search_string, string_match) {
        (None, true) => return Err(invalid_input(format!("A {t} health check needs a SearchString"))),
        (Some(_), false) => {
            return Err(invalid_input(format!("SearchString applies only to string-matching checks, not {t}")))
        }
        _ => {}
    }
    if t == "TCP" {
        if config.port.is_none() {
            return Err(invalid_input("A TCP health check needs a Port"));
        }
        if config.resource_path.is_some() {
            return Err(invalid_input("ResourcePath does not apply to TCP health checks"));
        }
    }
    if config.port.is_none() {
        config.port = Some(if t.starts_with("HTTPS") { 443 } else { 80 });
    }
    config.request_interval.get_or_insert(30);
    config.failure_threshold.get_or_insert(3);
    config.measure_latency.get_or_insert(false);
    config.inverted.get_or_insert(false);
    config.disabled.get_or_insert(false);
    if t.starts_with("HTTPS") {
        config.enable_sni.get_or_insert(true);
    }
    Ok(())
}

fn no_such_health_check(id: &str) -> ApiError {
    ApiError::not_found("NoSuchHealthCheck", format!("A health check with id {id} does not exist."))
}

fn health_check_arn(id: &str) -> String {
    format!("arn:aws:route53:::healthcheck/{id}")
}

// ---------------------------------------------------------------- CreateHealthCheck

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateHealthCheckRequest {
    pub caller_reference: String,
    pub health_check_config: HealthCheckConfig,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateHealthCheckOutput {
    pub health_check: HealthCheck,
    pub location: String,
}

pub fn create_health_check(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateHealthCheckRequest,
) -> Result<CreateHealthCheckOutput, ApiError> {
    if input.caller_reference.is_empty() || input.caller_reference.len() > 64 {
        cx.why("CallerReference is 1 to 64 characters");
        return Err(invalid_input("CallerReference must be 1 to 64 characters long"));
    }
    let mut config = input.health_check_config.clone();
    check_config(world, &mut config, None).inspect_err(|e| cx.why(e.message.clone()))?;
    if let Some(existing) = world.route53.health_checks.values().find(|h| h.caller_reference == input.caller_reference)
    {
        cx.touch(health_check_arn(&existing.id));
        if existing.config == config {
            cx.why("a health check with this CallerReference and the same settings exists; Route 53 returns it");
            return Ok(CreateHealthCheckOutput {
                health_check: HealthCheck::of(existing),
                location: format!("https://route53.amazonaws.com/2013-04-01/healthcheck/{}", existing.id),
            });
        }
        cx.why("the CallerReference was already used for a health check with different settings");
        return Err(ApiError::conflict(
            "HealthCheckAlreadyExists",
            "A health check with the specified CallerReference already exists and has different settings.",
        ));
    }
    if world.route53.health_checks.len() >= MAX_HEALTH_CHECKS {
        cx.why(format!("an account may have at most {MAX_HEALTH_CHECKS} health checks"));
        return Err(ApiError::bad_request("TooManyHealthChecks", "Limits Exceeded: MAX_HEALTH_CHECKS_BY_OWNER"));
    }
    let id = ids::uuid(world.rng());
    cx.touch(health_check_arn(&id));
    let check = HealthCheckState::new(id.clone(), input.caller_reference, config, world.now());
    let calculated = check.config.check_type == "CALCULATED";
    let interval = check.config.interval();
    let output = HealthCheck::of(&check);
    world.route53.health_checks.insert(id.clone(), check);
    if calculated {
        cx.why("a calculated health check is healthy while at least HealthThreshold of its children are healthy");
    } else {
        world.schedule(interval, Job::Route53(Route53Job::RunHealthCheck { health_check_id: id.clone() }));
        cx.why(format!(
            "checkers will probe the endpoint every {interval}; a new check counts as healthy until enough results arrive"
        ));
    }
    Ok(CreateHealthCheckOutput {
        health_check: output,
        location: format!("https://route53.amazonaws.com/2013-04-01/healthcheck/{id}"),
    })
}

// ---------------------------------------------------------------- GetHealthCheck

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetHealthCheckRequest {
    pub health_check_id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetHealthCheckOutput {
    pub health_check: HealthCheck,
}

fn health_check<'w>(world: &'w World, cx: &mut CallContext, id: &str) -> Result<&'w HealthCheckState, ApiError> {
    cx.touch(health_check_arn(id));
    world.route53.health_checks.get(id).ok_or_else(|| {
        cx.why(format!("no health check has the id '{id}'"));
        no_such_health_check(id)
    })
}

pub fn get_health_check(
    world: &mut World,
    cx: &mut CallContext,
    input: GetHealthCheckRequest,
) -> Result<GetHealthCheckOutput, ApiError> {
    let check = health_check(world, cx, &input.health_check_id)?;
    Ok(GetHealthCheckOutput { health_check: HealthCheck::of(check) })
}

// ---------------------------------------------------------------- GetHealthCheckStatus

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetHealthCheckStatusRequest {
    pub health_check_id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StatusReport {
    pub status: String,
    pub checked_time: SimTime,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HealthCheckObservation {
    pub region: String,
    #[serde(rename = "IPAddress")]
    pub ip_address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_report: Option<StatusReport>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetHealthCheckStatusOutput {
    pub health_check_observations: Vec<HealthCheckObservation>,
}

pub fn get_health_check_status(
    world: &mut World,
    cx: &mut CallContext,
    input: GetHealthCheckStatusRequest,
) -> Result<GetHealthCheckStatusOutput, ApiError> {
    let check = health_check(world, cx, &input.health_check_id)?;
    if check.config.check_type == "CALCULATED" {
        cx.why("a calculated health check has no checkers of its own; GetHealthCheckStatus lists none");
        return Ok(GetHealthCheckStatusOutput { health_check_observations: Vec::new() });
    }
    let observations: Vec<HealthCheckObservation> = check
        .checkers
        .iter()
        .map(|c| HealthCheckObservation {
            region: c.region.clone(),
            ip_address: c.ip_address.clone(),
            status_report: match (&c.last_report, c.last_checked) {
                (Some(status), Some(time)) => Some(StatusReport { status: status.clone(), checked_time: time }),
                _ => None,
            },
        })
        .collect();
    let healthy = check.checkers.iter().filter(|c| c.healthy).count();
    cx.why(format!(
        "{healthy} of {} checkers consider the endpoint healthy; Route 53 needs more than 18 %",
        check.checkers.len()
    ));
    Ok(GetHealthCheckStatusOutput { health_check_observations: observations })
}

// ---------------------------------------------------------------- ListHealthChecks

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListHealthChecksRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListHealthChecksOutput {
    pub health_checks: Vec<HealthCheck>,
    pub marker: String,
    pub is_truncated: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
    pub max_items: String,
}

pub fn list_health_checks(
    world: &mut World,
    _cx: &mut CallContext,
    input: ListHealthChecksRequest,
) -> Result<ListHealthChecksOutput, ApiError> {
    let max = max_items(input.max_items.as_deref(), 100, 1000)?;
    let start = input.marker.clone().unwrap_or_default();
    let mut iter = world.route53.health_checks.range(start..).map(|(_, h)| h);
    let page: Vec<HealthCheck> = iter.by_ref().take(max).map(HealthCheck::of).collect();
    let next = iter.next().map(|h| h.id.clone());
    Ok(ListHealthChecksOutput {
        health_checks: page,
        marker: input.marker.unwrap_or_default(),
        is_truncated: next.is_some(),
        next_marker: next,
        max_items: max.to_string(),
    })
}

// ---------------------------------------------------------------- GetHealthCheckCount

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GetHealthCheckCountRequest {}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetHealthCheckCountOutput {
    pub health_check_count: i64,
}

pub fn get_health_check_count(
    world: &mut World,
    _cx: &mut CallContext,
    _input: GetHealthCheckCountRequest,
) -> Result<GetHealthCheckCountOutput, ApiError> {
    Ok(GetHealthCheckCountOutput { health_check_count: world.route53.health_checks.len() as i64 })
}

// ---------------------------------------------------------------- UpdateHealthCheck

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateHealthCheckRequest {
    pub health_check_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_version: Option<i64>,
    #[serde(rename = "IPAddress", default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fully_qualified_domain_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_string: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_threshold: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inverted: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_threshold: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child_health_checks: Option<Vec<String>>,
    #[serde(rename = "EnableSNI", default, skip_serializing_if = "Option::is_none")]
    pub enable_sni: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reset_elements: Option<Vec<String>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateHealthCheckOutput {
    pub health_check: HealthCheck,
}

pub fn update_health_check(
    world: &mut World,
    cx: &mut CallContext,
    input: UpdateHealthCheckRequest,
) -> Result<UpdateHealthCheckOutput, ApiError> {
    let check = health_check(world, cx, &input.health_check_id)?;
    if let Some(v) = input.health_check_version {
        if v != check.version {
            cx.why(format!("HealthCheckVersion {v} does not match the current version {}", check.version));
            return Err(ApiError::conflict(
                "HealthCheckVersionMismatch",
                "The value of HealthCheckVersion in the request doesn't match the value of HealthCheckVersion in the health check.",
            ));
        }
    }
    let mut config = check.config.clone();
    for element in input.reset_elements.iter().flatten() {
        match element.as_str() {
            "FullyQualifiedDomainName" => config.fully_qualified_domain_name = None,
            "Regions" => config.regions = None,
            "ResourcePath" => config.resource_path = None,
            "ChildHealthChecks" => config.child_health_checks = None,
            other => {
                return Err(invalid_input(format!(
                    "Invalid ResetElements value '{other}' (FullyQualifiedDomainName, Regions, ResourcePath or ChildHealthChecks)"
                )))
            }
        }
    }
    macro_rules! set {
        ($($field:ident),*) => { $( if input.$field.is_some() { config.$field = input.$field.clone(); } )* };
    }
    set!(
        ip_address,
        port,
        resource_path,
        fully_qualified_domain_name,
        search_string,
        failure_threshold,
        inverted,
        disabled,
        health_threshold,
        child_health_checks,
        enable_sni,
        regions
    );
    let id = input.health_check_id.clone();
    check_config(world, &mut config, Some(&id)).inspect_err(|e| cx.why(e.message.clone()))?;
    let now = world.now();
    let check = world.route53.health_checks.get_mut(&id).expect("looked up above");
    let regions_changed = check.config.checker_regions() != config.checker_regions();
    check.config = config;
    check.version += 1;
    if regions_changed {
        let fresh = HealthCheckState::new(id.clone(), check.caller_reference.clone(), check.config.clone(), now);
        check.checkers = fresh.checkers;
    }
    cx.why(format!("health check updated to version {}; RequestInterval and Type cannot change", check.version));
    Ok(UpdateHealthCheckOutput { health_check: HealthCheck::of(check) })
}

// ---------------------------------------------------------------- DeleteHealthCheck

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteHealthCheckRequest {
    pub health_check_id: String,
}

pub fn delete_health_check(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteHealthCheckRequest,
) -> Result<EmptyOutput, ApiError> {
    health_check(world, cx, &input.health_check_id)?;
    let id = input.health_check_id;
    world.route53.health_checks.remove(&id);
    world.scheduler.cancel_where(
        |job| matches!(job, Job::Route53(Route53Job::RunHealthCheck { health_check_id }) if *health_check_id == id),
    );
    let in_use = world
        .route53
        .zones
        .values()
        .flat_map(|z| z.records.values())
        .filter(|r| r.health_check_id.as_deref() == Some(id.as_str()))
        .count();
    cx.why(if in_use > 0 {
        format!(
            "deleted; {in_use} record(s) still name it — Route 53 does not prevent this, and their health can no longer be predicted (Nimbus Lab treats them as healthy)"
        )
    } else {
        "deleted; no record used it".to_string()
    });
    Ok(EmptyOutput {})
}
