//! One function per Classic Load Balancer operation. Input and output structs carry the API's
//! member names (`DNSName`, `VPCId`, `SSLCertificateId` as AWS spells them). Errors use the
//! codes AWS sends on the wire: an unknown load balancer is `LoadBalancerNotFound` (the SDKs
//! call that exception AccessPointNotFoundException).

use super::jobs::ElbJob;
use super::model::*;
use crate::error::ApiError;
use crate::services::ec2::InstanceStateName;
use crate::services::Job;
use crate::time::SimDuration;
use crate::world::{CallContext, World, ACCOUNT_ID};
use rand::RngExt;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Instance {
    pub instance_id: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EmptyOutput {}

fn not_found(cx: &mut CallContext, name: &str) -> ApiError {
    cx.why(format!("no Classic Load Balancer named {name} in {}", cx.region));
    ApiError::bad_request("LoadBalancerNotFound", format!("There is no ACTIVE Load Balancer named '{name}'"))
}

fn validation(message: impl Into<String>) -> ApiError {
    ApiError::bad_request("ValidationError", message)
}

pub(crate) fn lb_in<'w>(
    world: &'w World,
    cx: &mut CallContext,
    name: &str,
) -> Result<&'w ClassicLoadBalancer, ApiError> {
    cx.touch(name.to_string());
    match world.elb.load_balancers.get(&key(&cx.region, name)) {
        Some(lb) => Ok(lb),
        None => Err(not_found(cx, name)),
    }
}

// ------------------------------------------------------------------ CreateLoadBalancer

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateLoadBalancerRequest {
    pub load_balancer_name: String,
    pub listeners: Vec<Listener>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub availability_zones: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subnets: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_groups: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreateLoadBalancerOutput {
    #[serde(rename = "DNSName")]
    pub dns_name: String,
}

fn check_listeners(listeners: &[Listener]) -> Result<Vec<Listener>, ApiError> {
    if listeners.is_empty() {
        return Err(validation("At least one listener must be specified"));
    }
    let mut out: Vec<Listener> = Vec::new();
    for l in listeners {
        let mut l = l.clone();
        l.protocol = l.protocol.to_ascii_uppercase();
        if !["HTTP", "HTTPS", "TCP", "SSL"].contains(&l.protocol.as_str()) {
            return Err(validation(format!("Invalid protocol '{}' (HTTP, HTTPS, TCP or SSL)", l.protocol)));
        }
        let instance_protocol =
            l.instance_protocol.clone().map(|p| p.to_ascii_uppercase()).unwrap_or_else(|| match l.protocol.as_str() {
                "HTTPS" => "HTTP".to_string(),
                "SSL" => "TCP".to_string(),
                p => p.to_string(),
            });
        let layer7 = |p: &str| p == "HTTP" || p == "HTTPS";
        if layer7(&l.protocol) != layer7(&instance_protocol) {
            return Err(validation(format!(
                "Instance protocol '{instance_protocol}' is not compatible with listener protocol '{}'",
                l.protocol
            )));
        }
        l.instance_protocol = Some(instance_protocol);
        for port in [l.load_balancer_port, l.instance_port] {
            if !(1..=65535).contains(&port) {
                return Err(validation(format!("Port '{port}' must be between 1 and 65535")));
            }
        }
        if (l.protocol == "HTTPS" || l.protocol == "SSL") && l.ssl_certificate_id.is_none() {
            return Err(validation(format!("SSLCertificateId is required for a {} listener", l.protocol)));
        }
        if out.iter().any(|o| o.load_balancer_port == l.load_balancer_port) {
            return Err(ApiError::bad_request(
                "DuplicateListener",
                format!("A listener already exists for port {}", l.load_balancer_port),
            ));
        }
        out.push(l);
    }
    Ok(out)
}

pub fn create_load_balancer(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateLoadBalancerRequest,
) -> Result<CreateLoadBalancerOutput, ApiError> {
    let name = input.load_balancer_name.clone();
    let name_ok = !name.is_empty()
        && name.len() <= 32
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    if !name_ok {
        return Err(validation(format!(
            "LoadBalancerName '{name}' must have at most 32 characters, only alphanumeric characters or hyphens, and not begin or end with a hyphen"
        )));
    }
    let listeners = check_listeners(&input.listeners)?;
    let scheme = input.scheme.clone().unwrap_or_else(|| "internet-facing".into());
    if scheme != "internet-facing" && scheme != "internal" {
        return Err(ApiError::bad_request("InvalidScheme", format!("Invalid scheme '{scheme}'")));
    }
    let region = cx.region.clone();
    // Subnets name the VPC; Availability Zones alone mean the default VPC's default subnets.
    let subnet_ids: Vec<String> = if !input.subnets.is_empty() {
        input.subnets.clone()
    } else if !input.availability_zones.is_empty() {
        let mut ids = Vec::new();
        for az in &input.availability_zones {
            let Some(s) = world
                .ec2
                .subnets
                .values()
                .find(|s| s.region == region && s.default_for_az && &s.availability_zone == az)
            else {
                cx.why(format!("{az} has no default subnet in {region}; name subnets instead"));
                return Err(validation(format!("Invalid Availability Zone: {az}")));
            };
            ids.push(s.subnet_id.clone());
        }
        ids
    } else {
        return Err(validation("Either AvailabilityZones or Subnets must be specified"));
    };
    let mut vpc_id: Option<String> = None;
    let mut zones: Vec<String> = Vec::new();
    for id in &subnet_ids {
        cx.touch(id.clone());
        let Some(s) = world.ec2.subnets.get(id).filter(|s| s.region == region) else {
            cx.why(format!("subnet {id} does not exist in {region}"));
            return Err(ApiError::bad_request("SubnetNotFound", format!("One or more subnets were not found: {id}")));
        };
        if vpc_id.as_ref().is_some_and(|v| v != &s.vpc_id) {
            return Err(ApiError::bad_request("InvalidSubnet", "All subnets must belong to the same VPC"));
        }
        if zones.contains(&s.availability_zone) {
            return Err(ApiError::bad_request(
                "InvalidConfigurationRequest",
                format!("Only one subnet per Availability Zone may be attached ({})", s.availability_zone),
            ));
        }
        vpc_id = Some(s.vpc_id.clone());
        zones.push(s.availability_zone.clone());
    }
    let vpc_id = vpc_id.unwrap_or_default();
    let mut groups = input.security_groups.clone();
    for g in &groups {
        cx.touch(g.clone());
        if !world.ec2.security_groups.get(g).is_some_and(|sg| sg.region == region && sg.vpc_id == vpc_id) {
            cx.why(format!("security group {g} is not in the load balancer's VPC {vpc_id}"));
            return Err(ApiError::bad_request(
                "InvalidSecurityGroup",
                format!("One or more security groups are invalid: {g}"),
            ));
        }
    }
    if groups.is_empty() {
        if let Some(g) = world.ec2.security_groups.values().find(|g| g.vpc_id == vpc_id && g.group_name == "default") {
            groups.push(g.group_id.clone());
        }
    }
    let k = key(&region, &name);
    if let Some(existing) = world.elb.load_balancers.get(&k) {
        if existing.listeners == listeners && existing.subnets == subnet_ids && existing.scheme == scheme {
            cx.why(format!("{name} already exists with these settings; the call answers it"));
            return Ok(CreateLoadBalancerOutput { dns_name: existing.dns_name.clone() });
        }
        cx.why(format!("a Classic Load Balancer named {name} already exists in {region}"));
        return Err(ApiError::bad_request(
            "DuplicateLoadBalancerName",
            format!("Load Balancer named '{name}' already exists and it is configured with different parameters."),
        ));
    }
    let number: u64 = world.rng().random_range(1_000_000_000..10_000_000_000);
    let prefix = if scheme == "internal" { "internal-" } else { "" };
    let dns_name = format!("{prefix}{name}-{number}.{region}.elb.amazonaws.com");
    let first_port = listeners[0].instance_port;
    let lb = ClassicLoadBalancer {
        name: name.clone(),
        region: region.clone(),
        dns_name: dns_name.clone(),
        hosted_zone_id: crate::regions::elb_hosted_zone_id(&region, false).to_string(),
        scheme,
        vpc_id,
        subnets: subnet_ids,
        availability_zones: zones,
        security_groups: groups,
        listeners,
        health_check: HealthCheck {
            target: format!("TCP:{first_port}"),
            interval: 30,
            timeout: 5,
            unhealthy_threshold: 2,
            healthy_threshold: 10,
        },
        instances: Vec::new(),
        created: world.now(),
        round_pending: false,
        tags: input.tags.iter().map(|t| (t.key.clone(), t.value.clone().unwrap_or_default())).collect(),
    };
    world.elb.load_balancers.insert(k, lb);
    cx.why(format!("Classic Load Balancer {name} created at {dns_name}; register instances behind it"));
    Ok(CreateLoadBalancerOutput { dns_name })
}

// ------------------------------------------------------------------ DescribeLoadBalancers

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeLoadBalancersRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub load_balancer_names: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListenerDescription {
    pub listener: Listener,
    pub policy_names: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SourceSecurityGroup {
    pub owner_alias: String,
    pub group_name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancerDescription {
    pub load_balancer_name: String,
    #[serde(rename = "DNSName")]
    pub dns_name: String,
    pub canonical_hosted_zone_name: String,
    #[serde(rename = "CanonicalHostedZoneNameID")]
    pub canonical_hosted_zone_name_id: String,
    pub listener_descriptions: Vec<ListenerDescription>,
    pub availability_zones: Vec<String>,
    pub subnets: Vec<String>,
    #[serde(rename = "VPCId")]
    pub vpc_id: String,
    pub instances: Vec<Instance>,
    pub health_check: HealthCheck,
    pub source_security_group: SourceSecurityGroup,
    pub security_groups: Vec<String>,
    pub created_time: String,
    pub scheme: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeLoadBalancersOutput {
    pub load_balancer_descriptions: Vec<LoadBalancerDescription>,
}

/// The group a VPC load balancer's back-end instances should allow traffic from: its first
/// security group, owned by the account.
pub(crate) fn source_security_group(world: &World, lb: &ClassicLoadBalancer) -> SourceSecurityGroup {
    let group_name = lb
        .security_groups
        .first()
        .and_then(|g| world.ec2.security_groups.get(g))
        .map(|g| g.group_name.clone())
        .unwrap_or_else(|| "default".into());
    SourceSecurityGroup { owner_alias: ACCOUNT_ID.into(), group_name }
}

pub(crate) fn description(world: &World, lb: &ClassicLoadBalancer) -> LoadBalancerDescription {
    LoadBalancerDescription {
        load_balancer_name: lb.name.clone(),
        dns_name: lb.dns_name.clone(),
        canonical_hosted_zone_name: lb.dns_name.clone(),
        canonical_hosted_zone_name_id: lb.hosted_zone_id.clone(),
        listener_descriptions: lb
            .listeners
            .iter()
            .map(|l| ListenerDescription { listener: l.clone(), policy_names: Vec::new() })
            .collect(),
        availability_zones: lb.availability_zones.clone(),
        subnets: lb.subnets.clone(),
        vpc_id: lb.vpc_id.clone(),
        instances: lb.instances.iter().map(|i| Instance { instance_id: i.instance_id.clone() }).collect(),
        health_check: lb.health_check.clone(),
        source_security_group: source_security_group(world, lb),
        security_groups: lb.security_groups.clone(),
        created_time: lb.created.iso8601(),
        scheme: lb.scheme.clone(),
    }
}

pub fn describe_load_balancers(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeLoadBalancersRequest,
) -> Result<DescribeLoadBalancersOutput, ApiError> {
    let mut out = Vec::new();
    if input.load_balancer_names.is_empty() {
        for lb in world.elb.load_balancers.values().filter(|l| l.region == cx.region) {
            out.push(description(world, lb));
        }
    } else {
        for name in &input.load_balancer_names {
            let lb = lb_in(world, cx, name)?;
            out.push(description(world, lb));
        }
    }
    cx.why(format!("{} Classic Load Balancer(s)", out.len()));
    Ok(DescribeLoadBalancersOutput { load_balancer_descriptions: out })
}

// ------------------------------------------------------------------ DeleteLoadBalancer

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancerNameRequest {
    pub load_balancer_name: String,
}

pub fn delete_load_balancer(
    world: &mut World,
    cx: &mut CallContext,
    input: LoadBalancerNameRequest,
) -> Result<EmptyOutput, ApiError> {
    let name = input.load_balancer_name;
    cx.touch(name.clone());
    // Deleting a load balancer that does not exist succeeds, as in AWS.
    match world.elb.load_balancers.remove(&key(&cx.region, &name)) {
        Some(lb) => cx.why(format!(
            "{name} deleted; its {} instance(s) keep running but get no traffic from it",
            lb.instances.len()
        )),
        None => cx.why(format!("{name} does not exist; nothing to delete")),
    }
    Ok(EmptyOutput {})
}

// ------------------------------------------------------------------ instances

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstancesRequest {
    pub load_balancer_name: String,
    pub instances: Vec<Instance>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstancesOutput {
    pub instances: Vec<Instance>,
}

pub fn register_instances_with_load_balancer(
    world: &mut World,
    cx: &mut CallContext,
    input: InstancesRequest,
) -> Result<InstancesOutput, ApiError> {
    let lb = lb_in(world, cx, &input.load_balancer_name)?.clone();
    for i in &input.instances {
        cx.touch(i.instance_id.clone());
        let Some(inst) = world.ec2.instances.get(&i.instance_id).filter(|x| x.region == cx.region) else {
            cx.why(format!("{} is not an instance in {}", i.instance_id, cx.region));
            return Err(ApiError::bad_request(
                "InvalidInstance",
                format!("The requested instance ID is not valid: {}", i.instance_id),
            ));
        };
        if inst.vpc_id != lb.vpc_id {
            cx.why(format!("{} is in {}, the load balancer in {}", i.instance_id, inst.vpc_id, lb.vpc_id));
            return Err(ApiError::bad_request(
                "InvalidInstance",
                format!("EC2 instance {} is not in VPC", i.instance_id),
            ));
        }
        if inst.state == InstanceStateName::Terminated {
            return Err(ApiError::bad_request(
                "InvalidInstance",
                format!("The requested instance ID is not valid: {}", i.instance_id),
            ));
        }
    }
    let entry = world.elb.load_balancers.get_mut(&key(&cx.region, &lb.name)).expect("checked above");
    for i in &input.instances {
        if !entry.instances.iter().any(|r| r.instance_id == i.instance_id) {
            entry.instances.push(RegisteredInstance {
                instance_id: i.instance_id.clone(),
                checked: Checked::Initial,
                ok_streak: 0,
                fail_streak: 0,
                checks_run: 0,
            });
        }
    }
    let out: Vec<Instance> = entry.instances.iter().map(|r| Instance { instance_id: r.instance_id.clone() }).collect();
    let (interval, threshold) = (entry.health_check.interval, entry.health_check.healthy_threshold);
    if !entry.round_pending {
        entry.round_pending = true;
        let job = ElbJob::HealthCheckRound { region: cx.region.clone(), load_balancer_name: lb.name.clone() };
        world.schedule(SimDuration::seconds(interval), Job::Elb(job));
    }
    cx.why(format!(
        "{} instance(s) behind {}: OutOfService until {threshold} health checks pass, one every {interval} s",
        out.len(),
        lb.name
    ));
    Ok(InstancesOutput { instances: out })
}

pub fn deregister_instances_from_load_balancer(
    world: &mut World,
    cx: &mut CallContext,
    input: InstancesRequest,
) -> Result<InstancesOutput, ApiError> {
    let lb = lb_in(world, cx, &input.load_balancer_name)?.clone();
    for i in &input.instances {
        cx.touch(i.instance_id.clone());
        if !lb.instances.iter().any(|r| r.instance_id == i.instance_id) {
            cx.why(format!("{} is not registered with {}", i.instance_id, lb.name));
            return Err(ApiError::bad_request(
                "InvalidInstance",
                format!("The requested instance ID is not valid: {}", i.instance_id),
            ));
        }
    }
    let entry = world.elb.load_balancers.get_mut(&key(&cx.region, &lb.name)).expect("checked above");
    entry.instances.retain(|r| !input.instances.iter().any(|i| i.instance_id == r.instance_id));
    let out: Vec<Instance> = entry.instances.iter().map(|r| Instance { instance_id: r.instance_id.clone() }).collect();
    cx.why(format!("{} instance(s) left behind {}", out.len(), lb.name));
    Ok(InstancesOutput { instances: out })
}

// ------------------------------------------------------------------ health

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfigureHealthCheckRequest {
    pub load_balancer_name: String,
    pub health_check: HealthCheck,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfigureHealthCheckOutput {
    pub health_check: HealthCheck,
}

pub(crate) fn check_health_check(h: &HealthCheck) -> Result<HealthCheck, ApiError> {
    let target = parse_target(&h.target).map_err(validation)?;
    let range = |v: i64, lo: i64, hi: i64, what: &str| {
        if (lo..=hi).contains(&v) {
            Ok(())
        } else {
            Err(validation(format!("{what} must be between {lo} and {hi} (got {v})")))
        }
    };
    range(h.interval, 5, 300, "Interval")?;
    range(h.timeout, 2, 60, "Timeout")?;
    range(h.unhealthy_threshold, 2, 10, "UnhealthyThreshold")?;
    range(h.healthy_threshold, 2, 10, "HealthyThreshold")?;
    if h.timeout >= h.interval {
        return Err(validation("HealthCheck Timeout must be less than Interval"));
    }
    let mut h = h.clone();
    h.target = format!("{}:{}{}", target.protocol, target.port, target.path.unwrap_or_default());
    Ok(h)
}

pub fn configure_health_check(
    world: &mut World,
    cx: &mut CallContext,
    input: ConfigureHealthCheckRequest,
) -> Result<ConfigureHealthCheckOutput, ApiError> {
    lb_in(world, cx, &input.load_balancer_name)?;
    let h = check_health_check(&input.health_check)?;
    let entry = world.elb.load_balancers.get_mut(&key(&cx.region, &input.load_balancer_name)).expect("checked above");
    entry.health_check = h.clone();
    cx.why(format!(
        "{} checks {} every {} s: InService after {} passes, OutOfService after {} failures",
        entry.name, h.target, h.interval, h.healthy_threshold, h.unhealthy_threshold
    ));
    Ok(ConfigureHealthCheckOutput { health_check: h })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInstanceHealthRequest {
    pub load_balancer_name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instances: Vec<Instance>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceState {
    pub instance_id: String,
    /// `InService`, `OutOfService` or `Unknown`.
    pub state: String,
    /// `ELB`, `Instance` or `N/A`.
    pub reason_code: String,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInstanceHealthOutput {
    pub instance_states: Vec<InstanceState>,
}

/// What DescribeInstanceHealth says about a registered instance now.
pub(crate) fn instance_state(world: &World, r: &RegisteredInstance) -> InstanceState {
    let state = |s: &str, code: &str, d: &str| InstanceState {
        instance_id: r.instance_id.clone(),
        state: s.into(),
        reason_code: code.into(),
        description: d.into(),
    };
    match world.ec2.instances.get(&r.instance_id).map(|i| i.state) {
        Some(s @ (InstanceStateName::Stopped | InstanceStateName::Terminated)) => {
            return state("OutOfService", "Instance", &format!("Instance is in {s} state."));
        }
        None => return state("OutOfService", "Instance", "Instance is in terminated state."),
        _ => {}
    }
    match r.checked {
        Checked::InService => state("InService", "N/A", "N/A"),
        Checked::Failed => state(
            "OutOfService",
            "Instance",
            "Instance has failed at least the UnhealthyThreshold number of health checks consecutively.",
        ),
        Checked::Initial if r.checks_run == 0 => {
            state("OutOfService", "ELB", "Instance registration is still in progress.")
        }
        Checked::Initial => state(
            "OutOfService",
            "Instance",
            "Instance has not passed the configured HealthyThreshold number of health checks consecutively.",
        ),
    }
}

pub fn describe_instance_health(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeInstanceHealthRequest,
) -> Result<DescribeInstanceHealthOutput, ApiError> {
    let lb = lb_in(world, cx, &input.load_balancer_name)?;
    let mut out = Vec::new();
    if input.instances.is_empty() {
        out = lb.instances.iter().map(|r| instance_state(world, r)).collect();
    } else {
        for i in &input.instances {
            let Some(r) = lb.instances.iter().find(|r| r.instance_id == i.instance_id) else {
                cx.why(format!("{} is not registered with {}", i.instance_id, lb.name));
                return Err(ApiError::bad_request(
                    "InvalidInstance",
                    format!("Could not find EC2 instance {}.", i.instance_id),
                ));
            };
            out.push(instance_state(world, r));
        }
    }
    let n = out.iter().filter(|s| s.state == "InService").count();
    cx.why(format!("{n} of {} instance(s) InService behind {}", out.len(), lb.name));
    Ok(DescribeInstanceHealthOutput { instance_states: out })
}

/// One round of health checks over a load balancer's instances, then the next round.
pub(crate) fn health_round(world: &mut World, cx: &mut CallContext, region: &str, name: &str) {
    cx.region = region.to_string();
    cx.touch(name.to_string());
    let k = key(region, name);
    let Some(lb) = world.elb.load_balancers.get(&k) else {
        cx.why(format!("{name} was deleted; its health checks stopped"));
        return;
    };
    if lb.instances.is_empty() {
        if let Some(lb) = world.elb.load_balancers.get_mut(&k) {
            lb.round_pending = false;
        }
        cx.why(format!("{name} has no instances; health checks pause until one is registered"));
        return;
    }
    let results: Vec<Option<bool>> = lb
        .instances
        .iter()
        .map(|r| match world.ec2.instances.get(&r.instance_id).map(|i| i.state) {
            Some(InstanceStateName::Running) => Some(true),
            Some(InstanceStateName::Stopped | InstanceStateName::Terminated) | None => None,
            Some(_) => Some(false),
        })
        .collect();
    let lb = world.elb.load_balancers.get_mut(&k).expect("checked above");
    let (healthy_at, unhealthy_at, interval) =
        (lb.health_check.healthy_threshold, lb.health_check.unhealthy_threshold, lb.health_check.interval);
    let mut changes = Vec::new();
    for (r, result) in lb.instances.iter_mut().zip(results) {
        let Some(passed) = result else {
            r.checked = Checked::Initial;
            r.ok_streak = 0;
            r.fail_streak = 0;
            r.checks_run = 0;
            continue;
        };
        let before = r.checked;
        r.checks_run += 1;
        if passed {
            r.ok_streak += 1;
            r.fail_streak = 0;
            if r.ok_streak >= healthy_at {
                r.checked = Checked::InService;
            }
        } else {
            r.fail_streak += 1;
            r.ok_streak = 0;
            if r.fail_streak >= unhealthy_at {
                r.checked = Checked::Failed;
            }
        }
        if before != r.checked {
            changes.push(format!(
                "{} is {}",
                r.instance_id,
                if r.checked == Checked::InService { "InService" } else { "OutOfService" }
            ));
        }
    }
    world.schedule(
        SimDuration::seconds(interval),
        Job::Elb(ElbJob::HealthCheckRound { region: region.into(), load_balancer_name: name.into() }),
    );
    cx.why(if changes.is_empty() {
        format!("{name}: health checks ran; no instance changed state")
    } else {
        format!("{name}: {}", changes.join(", "))
    });
}
