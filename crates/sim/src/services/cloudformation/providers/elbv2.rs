//! `AWS::ElasticLoadBalancingV2::*`: load balancers, target groups and listeners, made with
//! ELBv2's own calls. A load balancer is CREATE_COMPLETE when ELB says it is `active` (its
//! provisioning time); Ref and GetAtt give what the CloudFormation reference documents.

use super::ec2::{created, optional, required};
use super::{
    check_properties, flag, generated_name, handler_reason, kind, observed, tags, text, Created, Observed, Provider,
    ProvisionCx,
};
use crate::services::elbv2::{self, Elbv2Request, Elbv2Response};
use crate::services::{Request, Response};
use crate::time::SimDuration;
use crate::world::World;
use serde_json::{json, Map, Value as Json};

pub struct LoadBalancer;
pub struct TargetGroup;
pub struct Listener;

pub(super) fn call(world: &mut World, region: &str, r: Elbv2Request) -> Result<Elbv2Response, String> {
    #[allow(unreachable_patterns)]
    match world.call_in(region, Request::Elbv2(r)) {
        Ok(Response::Elbv2(out)) => Ok(out),
        Ok(_) => Err("unexpected response".into()),
        Err(e) => Err(handler_reason("ElasticLoadBalancingV2", &e)),
    }
}

fn invalid(id: &str, key: &str, v: &Json, want: &str) -> String {
    format!(
        "Properties validation failed for resource {id} with message: #/{key}: expected type: {want}, found: {}",
        kind(v)
    )
}

/// A list property; a comma-joined text (a list attribute passed through GetAtt) counts too.
fn strings(id: &str, props: &Map<String, Json>, key: &str) -> Result<Vec<String>, String> {
    match props.get(key) {
        None => Ok(Vec::new()),
        Some(Json::Array(items)) => Ok(items.iter().filter_map(text).collect()),
        Some(Json::String(s)) if !s.is_empty() => Ok(s.split(',').map(str::to_string).collect()),
        Some(v) => Err(invalid(id, key, v, "JSONArray")),
    }
}

fn number(id: &str, props: &Map<String, Json>, key: &str) -> Result<Option<i64>, String> {
    match props.get(key) {
        None => Ok(None),
        Some(v) => text(v).and_then(|t| t.parse().ok()).map(Some).ok_or_else(|| invalid(id, key, v, "Integer")),
    }
}

/// A JSON property read into an API shape (actions, certificates).
fn shaped<T: serde::de::DeserializeOwned>(id: &str, key: &str, v: &Json) -> Result<T, String> {
    serde_json::from_value(v.clone())
        .map_err(|e| format!("Properties validation failed for resource {id} with message: #/{key}: {e}"))
}

fn api_tags(cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Vec<elbv2::Tag>, String> {
    let mut out: Vec<elbv2::Tag> = tags(cx.logical_id, props.get("Tags"), cx.stack_tags)?
        .into_iter()
        .map(|(k, v)| elbv2::Tag { key: k, value: Some(v) })
        .collect();
    for (k, v) in [("aws:cloudformation:stack-name", cx.stack_name), ("aws:cloudformation:logical-id", cx.logical_id)] {
        out.push(elbv2::Tag { key: k.into(), value: Some(v.into()) });
    }
    out.push(elbv2::Tag { key: "aws:cloudformation:stack-id".into(), value: Some(cx.stack_id.into()) });
    Ok(out)
}

// ------------------------------------------------------------------ load balancers

fn attributes(id: &str, props: &Map<String, Json>) -> Result<Vec<elbv2::LoadBalancerAttribute>, String> {
    let Some(v) = props.get("LoadBalancerAttributes") else { return Ok(Vec::new()) };
    let Some(list) = v.as_array() else { return Err(invalid(id, "LoadBalancerAttributes", v, "JSONArray")) };
    Ok(list
        .iter()
        .filter_map(|a| {
            Some(elbv2::LoadBalancerAttribute {
                key: a.get("Key").and_then(text)?,
                value: a.get("Value").and_then(text)?,
            })
        })
        .collect())
}

fn set_attributes(world: &mut World, cx: &ProvisionCx<'_>, arn: &str, props: &Map<String, Json>) -> Result<(), String> {
    let attrs = attributes(cx.logical_id, props)?;
    if !attrs.is_empty() {
        let request = elbv2::ModifyLoadBalancerAttributesRequest { load_balancer_arn: arn.into(), attributes: attrs };
        call(world, cx.region, Elbv2Request::ModifyLoadBalancerAttributes(request))?;
    }
    Ok(())
}

fn lb_created(world: &World, arn: &str) -> Created {
    let Some(lb) = world.elbv2.load_balancers.get(arn) else { return created(arn, &[]) };
    created(
        arn,
        &[
            ("CanonicalHostedZoneID", lb.hosted_zone_id.clone()),
            ("DNSName", lb.dns_name.clone()),
            ("LoadBalancerArn", arn.to_string()),
            ("LoadBalancerFullName", lb.full_name()),
            ("LoadBalancerName", lb.name.clone()),
            ("SecurityGroups", lb.security_groups.join(",")),
        ],
    )
}

impl Provider for LoadBalancer {
    fn type_name(&self) -> &'static str {
        "AWS::ElasticLoadBalancingV2::LoadBalancer"
    }
    fn properties(&self) -> &'static [&'static str] {
        &[
            "IpAddressType",
            "LoadBalancerAttributes",
            "Name",
            "Scheme",
            "SecurityGroups",
            "SubnetMappings",
            "Subnets",
            "Tags",
            "Type",
        ]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &[
            "CanonicalHostedZoneID",
            "DNSName",
            "LoadBalancerArn",
            "LoadBalancerFullName",
            "LoadBalancerName",
            "SecurityGroups",
        ]
    }
    /// CloudFormation waits for `active`, which ELB reaches after its provisioning time.
    fn create_time(&self) -> SimDuration {
        elbv2::PROVISIONING_TIME
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(30)
    }
    fn update_time(&self) -> SimDuration {
        SimDuration::seconds(10)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["Name", "Scheme", "Type"]
    }
    fn name_property(&self) -> Option<&'static str> {
        Some("Name")
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let name = match props.get("Name") {
            Some(_) => required(id, props, "Name")?,
            None => generated_name(world, cx.stack_name, id, 32, false),
        };
        let subnet_mappings = match props.get("SubnetMappings") {
            Some(v) => shaped(id, "SubnetMappings", v)?,
            None => Vec::new(),
        };
        let out = call(
            world,
            cx.region,
            Elbv2Request::CreateLoadBalancer(elbv2::CreateLoadBalancerRequest {
                name,
                subnets: strings(id, props, "Subnets")?,
                subnet_mappings,
                security_groups: strings(id, props, "SecurityGroups")?,
                scheme: optional(props, "Scheme"),
                tags: api_tags(cx, props)?,
                lb_type: optional(props, "Type"),
                ip_address_type: optional(props, "IpAddressType"),
            }),
        )?;
        let Elbv2Response::CreateLoadBalancer(out) = out else { return Err("unexpected response".into()) };
        let arn = out.load_balancers[0].load_balancer_arn.clone();
        set_attributes(world, cx, &arn, props)?;
        Ok(lb_created(world, &arn))
    }
    fn update(
        &self,
        world: &mut World,
        cx: &ProvisionCx<'_>,
        physical_id: &str,
        props: &Map<String, Json>,
    ) -> Result<Created, String> {
        check_properties(cx.logical_id, self.properties(), props)?;
        let Some(lb) = world.elbv2.load_balancers.get(physical_id).cloned() else {
            return Err(format!("Load balancer {physical_id} not found"));
        };
        let subnets = strings(cx.logical_id, props, "Subnets")?;
        let groups = strings(cx.logical_id, props, "SecurityGroups")?;
        let same_subnets = subnets.is_empty() || {
            let mut have: Vec<String> = lb.subnets.iter().map(|(s, _)| s.clone()).collect();
            let mut want = subnets.clone();
            have.sort();
            want.sort();
            have == want
        };
        let same_groups = groups.is_empty() || {
            let (mut have, mut want) = (lb.security_groups.clone(), groups.clone());
            have.sort();
            want.sort();
            have == want
        };
        if !same_subnets || !same_groups {
            return Err(format!(
                "Resource {}: changing Subnets or SecurityGroups in place needs SetSubnets or SetSecurityGroups, \
                 which Nimbus Lab does not simulate",
                cx.logical_id
            ));
        }
        set_attributes(world, cx, physical_id, props)?;
        let new_tags: Vec<(String, String)> =
            api_tags(cx, props)?.into_iter().map(|t| (t.key, t.value.unwrap_or_default())).collect();
        if let Some(lb) = world.elbv2.load_balancers.get_mut(physical_id) {
            lb.tags = new_tags;
        }
        Ok(lb_created(world, physical_id))
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        let request = elbv2::DeleteLoadBalancerRequest { load_balancer_arn: physical_id.into() };
        call(world, cx.region, Elbv2Request::DeleteLoadBalancer(request)).map(|_| ())
    }
    fn observe(&self, world: &World, physical_id: &str) -> Observed {
        let Some(lb) = world.elbv2.load_balancers.get(physical_id) else { return Observed::Deleted };
        Observed::Properties(observed(&[
            ("Name", json!(lb.name)),
            ("Scheme", json!(lb.scheme)),
            ("Type", json!(lb.lb_type)),
            ("Subnets", json!(lb.subnets.iter().map(|(s, _)| s.clone()).collect::<Vec<_>>())),
            ("SecurityGroups", json!(lb.security_groups)),
        ]))
    }
}

// ------------------------------------------------------------------ target groups

fn targets(id: &str, props: &Map<String, Json>) -> Result<Vec<elbv2::TargetDescription>, String> {
    let Some(v) = props.get("Targets") else { return Ok(Vec::new()) };
    let Some(list) = v.as_array() else { return Err(invalid(id, "Targets", v, "JSONArray")) };
    let mut out = Vec::new();
    for t in list {
        let Some(target_id) = t.get("Id").and_then(text) else {
            return Err(format!(
                "Properties validation failed for resource {id} with message: #/Targets: required key [Id] not found"
            ));
        };
        let port = match t.get("Port") {
            Some(p) => {
                Some(text(p).and_then(|s| s.parse().ok()).ok_or_else(|| invalid(id, "Targets/Port", p, "Integer"))?)
            }
            None => None,
        };
        out.push(elbv2::TargetDescription {
            id: target_id,
            port,
            availability_zone: t.get("AvailabilityZone").and_then(text),
        });
    }
    Ok(out)
}

fn tg_created(world: &World, arn: &str) -> Created {
    let Some(tg) = world.elbv2.target_groups.get(arn) else { return created(arn, &[]) };
    created(
        arn,
        &[
            ("LoadBalancerArns", world.elbv2.load_balancers_of(arn).join(",")),
            ("TargetGroupArn", arn.to_string()),
            ("TargetGroupFullName", tg.full_name()),
            ("TargetGroupName", tg.name.clone()),
        ],
    )
}

fn matcher(props: &Map<String, Json>) -> Option<elbv2::Matcher> {
    props.get("Matcher").map(|m| elbv2::Matcher {
        http_code: m.get("HttpCode").and_then(text),
        grpc_code: m.get("GrpcCode").and_then(text),
    })
}

/// Registers the template's targets the group lacks and deregisters the ones it no longer lists.
fn sync_targets(
    world: &mut World,
    cx: &ProvisionCx<'_>,
    arn: &str,
    want: Vec<elbv2::TargetDescription>,
) -> Result<(), String> {
    let Some(tg) = world.elbv2.target_groups.get(arn) else { return Ok(()) };
    let default_port = tg.port.unwrap_or(80);
    let have: Vec<(String, i64)> = tg.targets.iter().filter(|t| !t.draining).map(|t| (t.id.clone(), t.port)).collect();
    let wanted: Vec<(String, i64)> = want.iter().map(|t| (t.id.clone(), t.port.unwrap_or(default_port))).collect();
    let add: Vec<elbv2::TargetDescription> =
        want.into_iter().filter(|t| !have.contains(&(t.id.clone(), t.port.unwrap_or(default_port)))).collect();
    let remove: Vec<elbv2::TargetDescription> = have
        .into_iter()
        .filter(|h| !wanted.contains(h))
        .map(|(id, port)| elbv2::TargetDescription { id, port: Some(port), availability_zone: None })
        .collect();
    if !add.is_empty() {
        let request = elbv2::TargetsRequest { target_group_arn: arn.into(), targets: add };
        call(world, cx.region, Elbv2Request::RegisterTargets(request))?;
    }
    if !remove.is_empty() {
        let request = elbv2::TargetsRequest { target_group_arn: arn.into(), targets: remove };
        call(world, cx.region, Elbv2Request::DeregisterTargets(request))?;
    }
    Ok(())
}

impl Provider for TargetGroup {
    fn type_name(&self) -> &'static str {
        "AWS::ElasticLoadBalancingV2::TargetGroup"
    }
    fn properties(&self) -> &'static [&'static str] {
        &[
            "HealthCheckEnabled",
            "HealthCheckIntervalSeconds",
            "HealthCheckPath",
            "HealthCheckPort",
            "HealthCheckProtocol",
            "HealthCheckTimeoutSeconds",
            "HealthyThresholdCount",
            "IpAddressType",
            "Matcher",
            "Name",
            "Port",
            "Protocol",
            "ProtocolVersion",
            "Tags",
            "Targets",
            "TargetType",
            "UnhealthyThresholdCount",
            "VpcId",
        ]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["LoadBalancerArns", "TargetGroupArn", "TargetGroupFullName", "TargetGroupName"]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(10)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(5)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["IpAddressType", "Name", "Port", "Protocol", "ProtocolVersion", "TargetType", "VpcId"]
    }
    fn name_property(&self) -> Option<&'static str> {
        Some("Name")
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let name = match props.get("Name") {
            Some(_) => required(id, props, "Name")?,
            None => generated_name(world, cx.stack_name, id, 32, false),
        };
        let want = targets(id, props)?;
        let out = call(
            world,
            cx.region,
            Elbv2Request::CreateTargetGroup(elbv2::CreateTargetGroupRequest {
                name,
                protocol: optional(props, "Protocol"),
                protocol_version: optional(props, "ProtocolVersion"),
                port: number(id, props, "Port")?,
                vpc_id: optional(props, "VpcId"),
                health_check_protocol: optional(props, "HealthCheckProtocol"),
                health_check_port: optional(props, "HealthCheckPort"),
                health_check_enabled: flag(props.get("HealthCheckEnabled")),
                health_check_path: optional(props, "HealthCheckPath"),
                health_check_interval_seconds: number(id, props, "HealthCheckIntervalSeconds")?,
                health_check_timeout_seconds: number(id, props, "HealthCheckTimeoutSeconds")?,
                healthy_threshold_count: number(id, props, "HealthyThresholdCount")?,
                unhealthy_threshold_count: number(id, props, "UnhealthyThresholdCount")?,
                matcher: matcher(props),
                target_type: optional(props, "TargetType"),
                tags: api_tags(cx, props)?,
                ip_address_type: optional(props, "IpAddressType"),
            }),
        )?;
        let Elbv2Response::CreateTargetGroup(out) = out else { return Err("unexpected response".into()) };
        let arn = out.target_groups[0].target_group_arn.clone();
        sync_targets(world, cx, &arn, want)?;
        Ok(tg_created(world, &arn))
    }
    fn update(
        &self,
        world: &mut World,
        cx: &ProvisionCx<'_>,
        physical_id: &str,
        props: &Map<String, Json>,
    ) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let request = elbv2::ModifyTargetGroupRequest {
            target_group_arn: physical_id.into(),
            health_check_protocol: optional(props, "HealthCheckProtocol"),
            health_check_port: optional(props, "HealthCheckPort"),
            health_check_path: optional(props, "HealthCheckPath"),
            health_check_enabled: flag(props.get("HealthCheckEnabled")),
            health_check_interval_seconds: number(id, props, "HealthCheckIntervalSeconds")?,
            health_check_timeout_seconds: number(id, props, "HealthCheckTimeoutSeconds")?,
            healthy_threshold_count: number(id, props, "HealthyThresholdCount")?,
            unhealthy_threshold_count: number(id, props, "UnhealthyThresholdCount")?,
            matcher: matcher(props),
        };
        call(world, cx.region, Elbv2Request::ModifyTargetGroup(request))?;
        sync_targets(world, cx, physical_id, targets(id, props)?)?;
        let new_tags: Vec<(String, String)> =
            api_tags(cx, props)?.into_iter().map(|t| (t.key, t.value.unwrap_or_default())).collect();
        if let Some(tg) = world.elbv2.target_groups.get_mut(physical_id) {
            tg.tags = new_tags;
        }
        Ok(tg_created(world, physical_id))
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        let request = elbv2::DeleteTargetGroupRequest { target_group_arn: physical_id.into() };
        call(world, cx.region, Elbv2Request::DeleteTargetGroup(request)).map(|_| ())
    }
    fn observe(&self, world: &World, physical_id: &str) -> Observed {
        let Some(tg) = world.elbv2.target_groups.get(physical_id) else { return Observed::Deleted };
        let h = &tg.health_check;
        let targets: Vec<Json> =
            tg.targets.iter().filter(|t| !t.draining).map(|t| json!({"Id": t.id, "Port": t.port})).collect();
        let mut pairs = vec![
            ("Port", json!(tg.port)),
            ("Protocol", json!(tg.protocol)),
            ("VpcId", json!(tg.vpc_id)),
            ("TargetType", json!(tg.target_type)),
            ("HealthCheckEnabled", json!(h.enabled)),
            ("HealthCheckIntervalSeconds", json!(h.interval_seconds)),
            ("HealthCheckPort", json!(h.port)),
            ("HealthCheckProtocol", json!(h.protocol)),
            ("HealthCheckTimeoutSeconds", json!(h.timeout_seconds)),
            ("HealthyThresholdCount", json!(h.healthy_threshold)),
            ("UnhealthyThresholdCount", json!(h.unhealthy_threshold)),
            ("Targets", Json::Array(targets)),
        ];
        if let Some(p) = &h.path {
            pairs.push(("HealthCheckPath", json!(p)));
        }
        if let Some(m) = &h.matcher {
            pairs.push(("Matcher", json!({"HttpCode": m})));
        }
        Observed::Properties(observed(&pairs))
    }
}

// ------------------------------------------------------------------ listeners

fn actions(id: &str, props: &Map<String, Json>) -> Result<Vec<elbv2::Action>, String> {
    match props.get("DefaultActions") {
        Some(v) => shaped(id, "DefaultActions", v),
        None => Err(format!(
            "Properties validation failed for resource {id} with message: #: required key [DefaultActions] not found"
        )),
    }
}

fn certificates(id: &str, props: &Map<String, Json>) -> Result<Vec<elbv2::Certificate>, String> {
    match props.get("Certificates") {
        Some(v) => shaped(id, "Certificates", v),
        None => Ok(Vec::new()),
    }
}

impl Provider for Listener {
    fn type_name(&self) -> &'static str {
        "AWS::ElasticLoadBalancingV2::Listener"
    }
    fn properties(&self) -> &'static [&'static str] {
        &["Certificates", "DefaultActions", "LoadBalancerArn", "Port", "Protocol", "SslPolicy"]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["ListenerArn"]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(5)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(5)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["LoadBalancerArn"]
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let out = call(
            world,
            cx.region,
            Elbv2Request::CreateListener(elbv2::CreateListenerRequest {
                load_balancer_arn: required(id, props, "LoadBalancerArn")?,
                protocol: optional(props, "Protocol"),
                port: number(id, props, "Port")?,
                ssl_policy: optional(props, "SslPolicy"),
                certificates: certificates(id, props)?,
                default_actions: actions(id, props)?,
                tags: Vec::new(),
            }),
        )?;
        let Elbv2Response::CreateListener(out) = out else { return Err("unexpected response".into()) };
        let arn = out.listeners[0].listener_arn.clone();
        Ok(created(&arn, &[("ListenerArn", arn.clone())]))
    }
    fn update(
        &self,
        world: &mut World,
        cx: &ProvisionCx<'_>,
        physical_id: &str,
        props: &Map<String, Json>,
    ) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let request = elbv2::ModifyListenerRequest {
            listener_arn: physical_id.into(),
            port: number(id, props, "Port")?,
            protocol: optional(props, "Protocol"),
            ssl_policy: optional(props, "SslPolicy"),
            certificates: certificates(id, props)?,
            default_actions: actions(id, props)?,
        };
        call(world, cx.region, Elbv2Request::ModifyListener(request))?;
        Ok(created(physical_id, &[("ListenerArn", physical_id.to_string())]))
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        let request = elbv2::DeleteListenerRequest { listener_arn: physical_id.into() };
        match call(world, cx.region, Elbv2Request::DeleteListener(request)) {
            Err(r) if !r.contains("ListenerNotFound") => Err(r),
            _ => Ok(()),
        }
    }
    fn observe(&self, world: &World, physical_id: &str) -> Observed {
        let Some(l) = world.elbv2.listeners.get(physical_id) else { return Observed::Deleted };
        let actions = serde_json::to_value(&l.default_actions).unwrap_or_default();
        Observed::Properties(observed(&[
            ("LoadBalancerArn", json!(l.load_balancer_arn)),
            ("Port", json!(l.port)),
            ("Protocol", json!(l.protocol)),
            ("DefaultActions", actions),
        ]))
    }
}
