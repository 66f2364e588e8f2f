//! Target groups, their targets and their health: targets registered in a group used by an
//! active load balancer are checked every HealthCheckIntervalSeconds on the clock (`initial` →
//! `healthy` after HealthyThresholdCount passed checks, `unhealthy` after
//! UnhealthyThresholdCount failed ones); an instance target passes while it is running.
//! Deregistered targets drain for the group's deregistration delay.

use super::*;
use crate::services::ec2::InstanceStateName;
use crate::services::elbv2::jobs::Elbv2Job;
use crate::services::Job;
use crate::time::SimDuration;
use crate::world::CallContext;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Matcher {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grpc_code: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateTargetGroupRequest {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_port: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_interval_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_timeout_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub healthy_threshold_count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unhealthy_threshold_count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matcher: Option<Matcher>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_type: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address_type: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetGroupView {
    pub target_group_arn: String,
    pub target_group_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    pub health_check_protocol: String,
    pub health_check_port: String,
    pub health_check_enabled: bool,
    pub health_check_interval_seconds: i64,
    pub health_check_timeout_seconds: i64,
    pub healthy_threshold_count: i64,
    pub unhealthy_threshold_count: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matcher: Option<Matcher>,
    pub load_balancer_arns: Vec<String>,
    pub target_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol_version: Option<String>,
    pub ip_address_type: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetGroupsOutput {
    pub target_groups: Vec<TargetGroupView>,
}

pub(crate) fn tg_view(world: &World, tg: &TargetGroup) -> TargetGroupView {
    let h = &tg.health_check;
    TargetGroupView {
        target_group_arn: tg.arn.clone(),
        target_group_name: tg.name.clone(),
        protocol: tg.protocol.clone(),
        port: tg.port,
        vpc_id: tg.vpc_id.clone(),
        health_check_protocol: h.protocol.clone(),
        health_check_port: h.port.clone(),
        health_check_enabled: h.enabled,
        health_check_interval_seconds: h.interval_seconds,
        health_check_timeout_seconds: h.timeout_seconds,
        healthy_threshold_count: h.healthy_threshold,
        unhealthy_threshold_count: h.unhealthy_threshold,
        health_check_path: h.path.clone(),
        matcher: h.matcher.as_ref().map(|c| Matcher { http_code: Some(c.clone()), grpc_code: None }),
        load_balancer_arns: world.elbv2.load_balancers_of(&tg.arn),
        target_type: tg.target_type.clone(),
        protocol_version: tg.protocol_version.clone(),
        ip_address_type: tg.ip_address_type.clone(),
    }
}

/// The target group an ARN names in the call's Region.
pub(crate) fn tg_in<'w>(world: &'w World, cx: &mut CallContext, arn: &str) -> Result<&'w TargetGroup, ApiError> {
    cx.touch(arn.to_string());
    world.elbv2.target_groups.get(arn).filter(|t| t.region == cx.region).ok_or_else(|| {
        cx.why(format!("no target group {arn} in {}", cx.region));
        tg_not_found()
    })
}

fn in_range(
    value: Option<i64>,
    default: i64,
    range: std::ops::RangeInclusive<i64>,
    what: &str,
) -> Result<i64, ApiError> {
    let v = value.unwrap_or(default);
    if range.contains(&v) {
        Ok(v)
    } else {
        Err(validation(format!("{what} must be between {} and {} (got {v})", range.start(), range.end())))
    }
}

const PROTOCOLS: &[&str] = &["HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP"];

pub fn create_target_group(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateTargetGroupRequest,
) -> Result<TargetGroupsOutput, ApiError> {
    check_name(&input.name, "Target group")?;
    let target_type = input.target_type.clone().unwrap_or_else(|| "instance".into());
    if !["instance", "ip"].contains(&target_type.as_str()) {
        cx.why(format!("target type {target_type} is not simulated (Lambda and ALB targets need services Nimbus Lab does not have)"));
        return Err(validation(format!("Target type '{target_type}' is not supported by Nimbus Lab")));
    }
    let Some(protocol) = input.protocol.clone() else {
        return Err(validation(format!(
            "A protocol must be specified for target groups with target type '{target_type}'"
        )));
    };
    if !PROTOCOLS.contains(&protocol.as_str()) {
        return Err(validation(format!("Protocol '{protocol}' is not valid")));
    }
    let Some(port) = input.port else {
        return Err(validation(format!("A port must be specified for target groups with target type '{target_type}'")));
    };
    if !(1..=65535).contains(&port) {
        return Err(validation(format!("Port '{port}' must be between 1 and 65535")));
    }
    let Some(vpc_id) = input.vpc_id.clone() else {
        return Err(validation(format!(
            "A VPC ID must be specified for target groups with target type '{target_type}'"
        )));
    };
    cx.touch(vpc_id.clone());
    if world.ec2.vpcs.get(&vpc_id).is_none_or(|v| v.region != cx.region) {
        cx.why(format!("VPC {vpc_id} does not exist in {}", cx.region));
        return Err(validation(format!("The VPC ID '{vpc_id}' is not found")));
    }
    let http = protocol == "HTTP" || protocol == "HTTPS";
    let hc_protocol =
        input.health_check_protocol.clone().unwrap_or_else(|| if http { protocol.clone() } else { "TCP".into() });
    let hc_http = hc_protocol == "HTTP" || hc_protocol == "HTTPS";
    let health_check = HealthCheckSettings {
        protocol: hc_protocol,
        port: input.health_check_port.clone().unwrap_or_else(|| "traffic-port".into()),
        enabled: input.health_check_enabled.unwrap_or(true),
        path: if hc_http { Some(input.health_check_path.clone().unwrap_or_else(|| "/".into())) } else { None },
        interval_seconds: in_range(input.health_check_interval_seconds, 30, 5..=300, "Health check interval")?,
        timeout_seconds: in_range(
            input.health_check_timeout_seconds,
            if http { 5 } else { 10 },
            2..=120,
            "Health check timeout",
        )?,
        healthy_threshold: in_range(input.healthy_threshold_count, 5, 2..=10, "Healthy threshold count")?,
        unhealthy_threshold: in_range(input.unhealthy_threshold_count, 2, 2..=10, "Unhealthy threshold count")?,
        matcher: if hc_http {
            Some(input.matcher.as_ref().and_then(|m| m.http_code.clone()).unwrap_or_else(|| "200".into()))
        } else {
            None
        },
    };
    if health_check.timeout_seconds >= health_check.interval_seconds {
        return Err(validation("Health check interval must be greater than the timeout"));
    }
    let tags = tags_in(&input.tags)?;
    if let Some(existing) = world.elbv2.target_groups.values().find(|t| t.region == cx.region && t.name == input.name) {
        if existing.protocol.as_deref() == Some(protocol.as_str())
            && existing.port == Some(port)
            && existing.vpc_id.as_deref() == Some(vpc_id.as_str())
            && existing.health_check == health_check
        {
            cx.touch(existing.arn.clone());
            cx.why(format!("{} already exists with these settings; the call answers it", input.name));
            return Ok(TargetGroupsOutput { target_groups: vec![tg_view(world, existing)] });
        }
        cx.why(format!("a target group named {} already exists in {}", input.name, cx.region));
        return Err(ApiError::bad_request(
            "DuplicateTargetGroupName",
            format!("A target group with the same name '{}' exists, but with different settings", input.name),
        ));
    }
    let id = arn_id(world);
    let arn = elb_arn(&cx.region, &format!("targetgroup/{}/{id}", input.name));
    let tg = TargetGroup {
        arn: arn.clone(),
        name: input.name.clone(),
        region: cx.region.clone(),
        protocol: Some(protocol.clone()),
        protocol_version: if http {
            Some(input.protocol_version.clone().unwrap_or_else(|| "HTTP1".into()))
        } else {
            None
        },
        port: Some(port),
        vpc_id: Some(vpc_id),
        target_type,
        ip_address_type: input.ip_address_type.clone().unwrap_or_else(|| "ipv4".into()),
        health_check,
        deregistration_delay_seconds: DEFAULT_DEREGISTRATION_DELAY_SECONDS,
        targets: Vec::new(),
        round_pending: false,
        tags,
    };
    let view = tg_view(world, &tg);
    world.elbv2.target_groups.insert(arn.clone(), tg);
    cx.touch(arn);
    cx.why(format!(
        "target group {} ({protocol}:{port}) created; register targets and forward a listener to it",
        input.name
    ));
    Ok(TargetGroupsOutput { target_groups: vec![view] })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModifyTargetGroupRequest {
    pub target_group_arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_port: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_interval_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_timeout_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub healthy_threshold_count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unhealthy_threshold_count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matcher: Option<Matcher>,
}

pub fn modify_target_group(
    world: &mut World,
    cx: &mut CallContext,
    input: ModifyTargetGroupRequest,
) -> Result<TargetGroupsOutput, ApiError> {
    let mut h = tg_in(world, cx, &input.target_group_arn)?.health_check.clone();
    if let Some(p) = input.health_check_protocol {
        h.protocol = p;
    }
    if let Some(p) = input.health_check_port {
        h.port = p;
    }
    if let Some(p) = input.health_check_path {
        h.path = Some(p);
    }
    if let Some(e) = input.health_check_enabled {
        h.enabled = e;
    }
    h.interval_seconds =
        in_range(input.health_check_interval_seconds, h.interval_seconds, 5..=300, "Health check interval")?;
    h.timeout_seconds =
        in_range(input.health_check_timeout_seconds, h.timeout_seconds, 2..=120, "Health check timeout")?;
    h.healthy_threshold =
        in_range(input.healthy_threshold_count, h.healthy_threshold, 2..=10, "Healthy threshold count")?;
    h.unhealthy_threshold =
        in_range(input.unhealthy_threshold_count, h.unhealthy_threshold, 2..=10, "Unhealthy threshold count")?;
    if let Some(code) = input.matcher.and_then(|m| m.http_code) {
        h.matcher = Some(code);
    }
    if h.timeout_seconds >= h.interval_seconds {
        return Err(validation("Health check interval must be greater than the timeout"));
    }
    let tg = world.elbv2.target_groups.get_mut(&input.target_group_arn).expect("checked above");
    tg.health_check = h;
    cx.why(format!("health check of {} changed; the next round uses it", tg.name));
    ensure_rounds(world, &input.target_group_arn);
    let tg = world.elbv2.target_groups[&input.target_group_arn].clone();
    Ok(TargetGroupsOutput { target_groups: vec![tg_view(world, &tg)] })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeTargetGroupsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_balancer_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub target_group_arns: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
}

pub fn describe_target_groups(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeTargetGroupsRequest,
) -> Result<TargetGroupsOutput, ApiError> {
    let mut out = Vec::new();
    if !input.target_group_arns.is_empty() {
        for arn in &input.target_group_arns {
            out.push(tg_view(world, tg_in(world, cx, arn)?));
        }
    } else if !input.names.is_empty() {
        for name in &input.names {
            let Some(tg) = world.elbv2.target_groups.values().find(|t| t.region == cx.region && &t.name == name) else {
                cx.why(format!("no target group named {name} in {}", cx.region));
                return Err(ApiError::bad_request(
                    "TargetGroupNotFound",
                    format!("Target groups '[{name}]' not found"),
                ));
            };
            cx.touch(tg.arn.clone());
            out.push(tg_view(world, tg));
        }
    } else if let Some(lb) = &input.load_balancer_arn {
        super::load_balancers::lb_in(world, cx, lb)?;
        for tg in world.elbv2.target_groups.values().filter(|t| world.elbv2.load_balancers_of(&t.arn).contains(lb)) {
            out.push(tg_view(world, tg));
        }
    } else {
        for tg in world.elbv2.target_groups.values().filter(|t| t.region == cx.region) {
            out.push(tg_view(world, tg));
        }
    }
    cx.why(format!("{} target group(s)", out.len()));
    Ok(TargetGroupsOutput { target_groups: out })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteTargetGroupRequest {
    pub target_group_arn: String,
}

pub fn delete_target_group(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteTargetGroupRequest,
) -> Result<EmptyOutput, ApiError> {
    let arn = input.target_group_arn;
    cx.touch(arn.clone());
    let Some(tg) = world.elbv2.target_groups.get(&arn).filter(|t| t.region == cx.region) else {
        cx.why(format!("{arn} does not exist; nothing to delete"));
        return Ok(EmptyOutput {});
    };
    if let Some(l) = world.elbv2.listeners.values().find(|l| l.target_group_arns().contains(&arn)) {
        cx.touch(l.arn.clone());
        cx.why(format!("listener {} forwards to {}; delete or change the listener first", l.arn, tg.name));
        return Err(ApiError::bad_request(
            "ResourceInUse",
            format!("Target group '{arn}' is currently in use by a listener or a rule"),
        ));
    }
    let name = tg.name.clone();
    world.elbv2.target_groups.remove(&arn);
    cx.why(format!("target group {name} deleted with its registrations"));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetsRequest {
    pub target_group_arn: String,
    pub targets: Vec<TargetDescription>,
}

fn invalid_target(message: impl Into<String>) -> ApiError {
    ApiError::bad_request("InvalidTarget", message)
}

pub fn register_targets(
    world: &mut World,
    cx: &mut CallContext,
    input: TargetsRequest,
) -> Result<EmptyOutput, ApiError> {
    let tg = tg_in(world, cx, &input.target_group_arn)?.clone();
    if input.targets.is_empty() {
        return Err(validation("At least one target must be specified"));
    }
    for t in &input.targets {
        cx.touch(t.id.clone());
        if tg.target_type == "instance" {
            let Some(i) = world.ec2.instances.get(&t.id).filter(|i| i.region == cx.region) else {
                cx.why(format!("{} is not an instance in {}", t.id, cx.region));
                return Err(invalid_target(format!("The following targets are not valid instances: '{}'", t.id)));
            };
            if tg.vpc_id.as_deref() != Some(i.vpc_id.as_str()) {
                cx.why(format!(
                    "{} is in {}, the target group in {}",
                    t.id,
                    i.vpc_id,
                    tg.vpc_id.clone().unwrap_or_default()
                ));
                return Err(invalid_target(format!(
                    "The following targets are not in the target group VPC '{}': '{}'",
                    tg.vpc_id.clone().unwrap_or_default(),
                    t.id
                )));
            }
            if !matches!(i.state, InstanceStateName::Pending | InstanceStateName::Running) {
                cx.why(format!("{} is {}; only pending or running instances can be registered", t.id, i.state));
                return Err(invalid_target(format!(
                    "The following targets are not in a running state and cannot be registered: '{}'",
                    t.id
                )));
            }
        } else if t.id.parse::<std::net::Ipv4Addr>().is_err() {
            return Err(invalid_target(format!("The IP address '{}' is not a valid IPv4 address", t.id)));
        }
        if let Some(p) = t.port {
            if !(1..=65535).contains(&p) {
                return Err(validation(format!("Port '{p}' must be between 1 and 65535")));
            }
        }
    }
    let default_port = tg.port.unwrap_or(80);
    let group = world.elbv2.target_groups.get_mut(&tg.arn).expect("checked above");
    let mut added = 0;
    for t in &input.targets {
        let port = t.port.unwrap_or(default_port);
        match group.targets.iter_mut().find(|x| x.id == t.id && x.port == port) {
            // Registering a draining target again puts it back in service.
            Some(existing) if existing.draining => {
                existing.draining = false;
                existing.epoch += 1;
                existing.checked = Checked::Initial;
                existing.ok_streak = 0;
                existing.fail_streak = 0;
                existing.checks_run = 0;
                added += 1;
            }
            Some(_) => {}
            None => {
                group.targets.push(Target {
                    id: t.id.clone(),
                    port,
                    availability_zone: t.availability_zone.clone(),
                    checked: Checked::Initial,
                    ok_streak: 0,
                    fail_streak: 0,
                    checks_run: 0,
                    draining: false,
                    epoch: 1,
                });
                added += 1;
            }
        }
    }
    let interval = group.health_check.interval_seconds;
    let threshold = group.health_check.healthy_threshold;
    ensure_rounds(world, &tg.arn);
    cx.why(format!(
        "{added} target(s) registered in {}: initial until {threshold} health checks pass, one every {interval} s{}",
        tg.name,
        if world.elbv2.load_balancers_of(&tg.arn).is_empty() {
            " (no listener forwards to the group yet, so they are unused)"
        } else {
            ""
        }
    ));
    Ok(EmptyOutput {})
}

pub fn deregister_targets(
    world: &mut World,
    cx: &mut CallContext,
    input: TargetsRequest,
) -> Result<EmptyOutput, ApiError> {
    let tg = tg_in(world, cx, &input.target_group_arn)?.clone();
    let default_port = tg.port.unwrap_or(80);
    for t in &input.targets {
        cx.touch(t.id.clone());
        let port = t.port.unwrap_or(default_port);
        if !tg.targets.iter().any(|x| x.id == t.id && x.port == port) {
            cx.why(format!("{}:{port} is not registered in {}", t.id, tg.name));
            return Err(invalid_target(format!(
                "The following targets are not registered in target group '{}': 'Id={},Port={port}'",
                tg.arn, t.id
            )));
        }
    }
    let in_use = !world.elbv2.load_balancers_of(&tg.arn).is_empty();
    let delay = tg.deregistration_delay_seconds;
    let group = world.elbv2.target_groups.get_mut(&tg.arn).expect("checked above");
    let mut jobs = Vec::new();
    for t in &input.targets {
        let port = t.port.unwrap_or(default_port);
        if in_use && delay > 0 {
            if let Some(x) = group.targets.iter_mut().find(|x| x.id == t.id && x.port == port && !x.draining) {
                x.draining = true;
                x.epoch += 1;
                jobs.push(Elbv2Job::DrainingDone {
                    target_group_arn: tg.arn.clone(),
                    target_id: t.id.clone(),
                    port,
                    epoch: x.epoch,
                });
            }
        } else {
            group.targets.retain(|x| !(x.id == t.id && x.port == port));
        }
    }
    for job in jobs {
        world.schedule(SimDuration::seconds(delay), Job::Elbv2(job));
    }
    cx.why(if in_use && delay > 0 {
        format!("target(s) draining from {} for the deregistration delay ({delay} s)", tg.name)
    } else {
        format!("target(s) removed from {} (no load balancer sends it traffic, so nothing drains)", tg.name)
    });
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeTargetHealthRequest {
    pub target_group_arn: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<TargetDescription>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetHealth {
    pub state: TargetHealthStateEnum,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetHealthDescription {
    pub target: TargetDescription,
    pub health_check_port: String,
    pub target_health: TargetHealth,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeTargetHealthOutput {
    pub target_health_descriptions: Vec<TargetHealthDescription>,
}

fn health(state: TargetHealthStateEnum, reason: &str, description: &str) -> TargetHealth {
    TargetHealth { state, reason: Some(reason.into()), description: Some(description.into()) }
}

/// What DescribeTargetHealth says about one registered target now.
pub(crate) fn target_health(world: &World, tg: &TargetGroup, t: &Target) -> TargetHealth {
    use TargetHealthStateEnum as S;
    if t.draining {
        return health(S::Draining, "Target.DeregistrationInProgress", "Target deregistration is in progress");
    }
    if tg.target_type == "instance" {
        match world.ec2.instances.get(&t.id).map(|i| i.state) {
            Some(s @ (InstanceStateName::Stopped | InstanceStateName::Terminated)) => {
                return health(S::Unused, "Target.InvalidState", &format!("Target is in the {s} state"));
            }
            None => return health(S::Unused, "Target.InvalidState", "Target is in the terminated state"),
            _ => {}
        }
    }
    let lbs = world.elbv2.load_balancers_of(&tg.arn);
    if lbs.is_empty() {
        return health(
            S::Unused,
            "Target.NotInUse",
            "Target group is not configured to receive traffic from the load balancer",
        );
    }
    if !tg.health_check.enabled {
        return health(S::Unavailable, "Target.HealthCheckDisabled", "Health checks are disabled");
    }
    match t.checked {
        Checked::Healthy => TargetHealth { state: S::Healthy, reason: None, description: None },
        Checked::Unhealthy => health(S::Unhealthy, "Target.FailedHealthChecks", "Health checks failed"),
        Checked::Initial if t.checks_run == 0 => {
            health(S::Initial, "Elb.RegistrationInProgress", "Target registration is in progress")
        }
        Checked::Initial => health(S::Initial, "Elb.InitialHealthChecking", "Initial health checks in progress"),
    }
}

pub fn describe_target_health(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeTargetHealthRequest,
) -> Result<DescribeTargetHealthOutput, ApiError> {
    let tg = tg_in(world, cx, &input.target_group_arn)?;
    let default_port = tg.port.unwrap_or(80);
    let hc_port =
        |p: i64| if tg.health_check.port == "traffic-port" { p.to_string() } else { tg.health_check.port.clone() };
    let mut out = Vec::new();
    if input.targets.is_empty() {
        for t in &tg.targets {
            out.push(TargetHealthDescription {
                target: TargetDescription {
                    id: t.id.clone(),
                    port: Some(t.port),
                    availability_zone: t.availability_zone.clone(),
                },
                health_check_port: hc_port(t.port),
                target_health: target_health(world, tg, t),
            });
        }
    } else {
        for want in &input.targets {
            let port = want.port.unwrap_or(default_port);
            let th = match tg.targets.iter().find(|t| t.id == want.id && t.port == port) {
                Some(t) => target_health(world, tg, t),
                None => {
                    if tg.target_type == "instance" && !world.ec2.instances.contains_key(&want.id) {
                        return Err(invalid_target(format!(
                            "The following targets are not valid instances: '{}'",
                            want.id
                        )));
                    }
                    health(
                        TargetHealthStateEnum::Unused,
                        "Target.NotRegistered",
                        "Target is not registered to the target group",
                    )
                }
            };
            out.push(TargetHealthDescription {
                target: TargetDescription {
                    id: want.id.clone(),
                    port: Some(port),
                    availability_zone: want.availability_zone.clone(),
                },
                health_check_port: hc_port(port),
                target_health: th,
            });
        }
    }
    let healthy = out.iter().filter(|d| d.target_health.state == TargetHealthStateEnum::Healthy).count();
    cx.why(format!("{healthy} of {} target(s) healthy in {}", out.len(), tg.name));
    Ok(DescribeTargetHealthOutput { target_health_descriptions: out })
}

/// Puts a health-check round on the scheduler for a target group that has targets and an
/// active load balancer sending it traffic, unless one is there already. Rounds pause when
/// either goes away, so an idle group leaves no jobs behind.
pub(crate) fn ensure_rounds(world: &mut World, arn: &str) {
    let checking = world.elbv2.checked_by_active(arn);
    let Some(tg) = world.elbv2.target_groups.get_mut(arn) else { return };
    if tg.round_pending || tg.targets.is_empty() || !checking || !tg.health_check.enabled {
        return;
    }
    tg.round_pending = true;
    let interval = tg.health_check.interval_seconds;
    let job = Elbv2Job::HealthCheckRound { target_group_arn: arn.to_string() };
    world.schedule(SimDuration::seconds(interval), Job::Elbv2(job));
}

/// One round of health checks over a target group's targets, then the next round.
pub(crate) fn health_round(world: &mut World, cx: &mut CallContext, arn: &str) {
    cx.touch(arn.to_string());
    let Some(tg) = world.elbv2.target_groups.get(arn) else {
        cx.why(format!("{arn} was deleted; its health checks stopped"));
        return;
    };
    cx.region = tg.region.clone();
    if tg.targets.is_empty() {
        let name = tg.name.clone();
        if let Some(tg) = world.elbv2.target_groups.get_mut(arn) {
            tg.round_pending = false;
        }
        cx.why(format!("{name} has no targets; health checks pause until one is registered"));
        return;
    }
    let checking = world.elbv2.checked_by_active(arn) && tg.health_check.enabled;
    if !checking {
        let name = tg.name.clone();
        if let Some(tg) = world.elbv2.target_groups.get_mut(arn) {
            tg.round_pending = false;
        }
        cx.why(format!("{name}: no active load balancer sends the group traffic; health checks pause"));
        return;
    }
    let instance_targets = tg.target_type == "instance";
    // Whether each target answers: an instance target answers while it is running.
    let results: Vec<Option<bool>> = tg
        .targets
        .iter()
        .map(|t| {
            if t.draining || !checking {
                return None;
            }
            if !instance_targets {
                return Some(true);
            }
            match world.ec2.instances.get(&t.id).map(|i| i.state) {
                Some(InstanceStateName::Running) => Some(true),
                Some(InstanceStateName::Stopped | InstanceStateName::Terminated) | None => None,
                Some(_) => Some(false),
            }
        })
        .collect();
    let interval = tg.health_check.interval_seconds;
    let (healthy_at, unhealthy_at) = (tg.health_check.healthy_threshold, tg.health_check.unhealthy_threshold);
    let tg = world.elbv2.target_groups.get_mut(arn).expect("checked above");
    let mut changes = Vec::new();
    for (t, r) in tg.targets.iter_mut().zip(results) {
        let stopped = checking && !t.draining && r.is_none();
        if stopped {
            // A stopped or terminated instance starts over when it runs again.
            t.checked = Checked::Initial;
            t.ok_streak = 0;
            t.fail_streak = 0;
            t.checks_run = 0;
            continue;
        }
        let Some(passed) = r else { continue };
        t.checks_run += 1;
        let before = t.checked;
        if passed {
            t.ok_streak += 1;
            t.fail_streak = 0;
            if t.ok_streak >= healthy_at {
                t.checked = Checked::Healthy;
            }
        } else {
            t.fail_streak += 1;
            t.ok_streak = 0;
            if t.fail_streak >= unhealthy_at {
                t.checked = Checked::Unhealthy;
            }
        }
        if before != t.checked {
            changes.push(format!("{} is now {:?}", t.id, t.checked).to_lowercase());
        }
    }
    let name = tg.name.clone();
    world.schedule(
        SimDuration::seconds(interval),
        Job::Elbv2(Elbv2Job::HealthCheckRound { target_group_arn: arn.to_string() }),
    );
    cx.why(if changes.is_empty() {
        format!("{name}: health checks ran; no target changed state")
    } else {
        format!("{name}: {}", changes.join(", "))
    });
}

/// The deregistration delay of a draining target has ended: it leaves the group.
pub(crate) fn draining_done(world: &mut World, cx: &mut CallContext, arn: &str, id: &str, port: i64, epoch: u32) {
    cx.touch(arn.to_string());
    cx.touch(id.to_string());
    let Some(tg) = world.elbv2.target_groups.get_mut(arn) else {
        cx.why(format!("{arn} was deleted"));
        return;
    };
    cx.region = tg.region.clone();
    let before = tg.targets.len();
    tg.targets.retain(|t| !(t.id == id && t.port == port && t.draining && t.epoch == epoch));
    cx.why(if tg.targets.len() < before {
        format!("{id} finished draining and is no longer registered in {}", tg.name)
    } else {
        format!("{id} was registered again before draining ended; nothing to do")
    });
}
