//! `AWS::ElasticLoadBalancing::LoadBalancer`: a Classic Load Balancer made with Classic ELB's
//! own calls, with its instances registered and its health check configured. Ref is the
//! load balancer's name.

use super::ec2::required;
use super::{
    check_properties, generated_name, handler_reason, kind, observed, tags, text, Created, Observed, Provider,
    ProvisionCx,
};
use crate::services::elb::{self, ElbRequest, ElbResponse};
use crate::services::{Request, Response};
use crate::time::SimDuration;
use crate::world::World;
use serde_json::{json, Map, Value as Json};

pub struct LoadBalancer;

fn call(world: &mut World, region: &str, r: ElbRequest) -> Result<ElbResponse, String> {
    #[allow(unreachable_patterns)]
    match world.call_in(region, Request::Elb(r)) {
        Ok(Response::Elb(out)) => Ok(out),
        Ok(_) => Err("unexpected response".into()),
        Err(e) => Err(handler_reason("ElasticLoadBalancing", &e)),
    }
}

fn invalid(id: &str, key: &str, v: &Json, want: &str) -> String {
    format!(
        "Properties validation failed for resource {id} with message: #/{key}: expected type: {want}, found: {}",
        kind(v)
    )
}

fn strings(id: &str, props: &Map<String, Json>, key: &str) -> Result<Vec<String>, String> {
    match props.get(key) {
        None => Ok(Vec::new()),
        Some(Json::Array(items)) => Ok(items.iter().filter_map(text).collect()),
        Some(Json::String(s)) if !s.is_empty() => Ok(s.split(',').map(str::to_string).collect()),
        Some(v) => Err(invalid(id, key, v, "JSONArray")),
    }
}

/// A whole number the template may give as text (the classic type's ports and thresholds are
/// Strings in its schema).
fn whole(id: &str, key: &str, v: Option<&Json>) -> Result<i64, String> {
    let Some(v) = v else {
        return Err(format!(
            "Properties validation failed for resource {id} with message: #/{key}: required key not found"
        ));
    };
    text(v).and_then(|t| t.parse().ok()).ok_or_else(|| invalid(id, key, v, "Integer"))
}

fn listeners(id: &str, props: &Map<String, Json>) -> Result<Vec<elb::Listener>, String> {
    let Some(v) = props.get("Listeners") else {
        return Err(format!(
            "Properties validation failed for resource {id} with message: #: required key [Listeners] not found"
        ));
    };
    let Some(list) = v.as_array() else { return Err(invalid(id, "Listeners", v, "JSONArray")) };
    list.iter()
        .map(|l| {
            Ok(elb::Listener {
                protocol: l.get("Protocol").and_then(text).unwrap_or_default(),
                load_balancer_port: whole(id, "Listeners/LoadBalancerPort", l.get("LoadBalancerPort"))?,
                instance_protocol: l.get("InstanceProtocol").and_then(text),
                instance_port: whole(id, "Listeners/InstancePort", l.get("InstancePort"))?,
                ssl_certificate_id: l.get("SSLCertificateId").and_then(text),
            })
        })
        .collect()
}

fn health_check(id: &str, props: &Map<String, Json>) -> Result<Option<elb::HealthCheck>, String> {
    let Some(h) = props.get("HealthCheck") else { return Ok(None) };
    if !h.is_object() {
        return Err(invalid(id, "HealthCheck", h, "JSONObject"));
    }
    Ok(Some(elb::HealthCheck {
        target: h.get("Target").and_then(text).unwrap_or_default(),
        interval: whole(id, "HealthCheck/Interval", h.get("Interval"))?,
        timeout: whole(id, "HealthCheck/Timeout", h.get("Timeout"))?,
        unhealthy_threshold: whole(id, "HealthCheck/UnhealthyThreshold", h.get("UnhealthyThreshold"))?,
        healthy_threshold: whole(id, "HealthCheck/HealthyThreshold", h.get("HealthyThreshold"))?,
    }))
}

fn configure(world: &mut World, cx: &ProvisionCx<'_>, name: &str, props: &Map<String, Json>) -> Result<(), String> {
    if let Some(h) = health_check(cx.logical_id, props)? {
        let request = elb::ConfigureHealthCheckRequest { load_balancer_name: name.into(), health_check: h };
        call(world, cx.region, ElbRequest::ConfigureHealthCheck(request))?;
    }
    let want = strings(cx.logical_id, props, "Instances")?;
    let have: Vec<String> = world
        .elb
        .load_balancers
        .get(&elb::key(cx.region, name))
        .map(|lb| lb.instances.iter().map(|i| i.instance_id.clone()).collect())
        .unwrap_or_default();
    let add: Vec<elb::Instance> =
        want.iter().filter(|i| !have.contains(i)).map(|i| elb::Instance { instance_id: i.clone() }).collect();
    let remove: Vec<elb::Instance> =
        have.iter().filter(|i| !want.contains(i)).map(|i| elb::Instance { instance_id: i.clone() }).collect();
    if !add.is_empty() {
        let request = elb::InstancesRequest { load_balancer_name: name.into(), instances: add };
        call(world, cx.region, ElbRequest::RegisterInstancesWithLoadBalancer(request))?;
    }
    if !remove.is_empty() {
        let request = elb::InstancesRequest { load_balancer_name: name.into(), instances: remove };
        call(world, cx.region, ElbRequest::DeregisterInstancesFromLoadBalancer(request))?;
    }
    Ok(())
}

fn lb_created(world: &World, region: &str, name: &str) -> Created {
    let Some(lb) = world.elb.load_balancers.get(&elb::key(region, name)) else {
        return Created { physical_id: name.into(), ref_value: name.into(), attributes: Default::default() };
    };
    let source = elb::source_security_group(world, lb);
    let attributes = [
        ("CanonicalHostedZoneName", lb.dns_name.clone()),
        ("CanonicalHostedZoneNameID", lb.hosted_zone_id.clone()),
        ("DNSName", lb.dns_name.clone()),
        ("SourceSecurityGroup.GroupName", source.group_name),
        ("SourceSecurityGroup.OwnerAlias", source.owner_alias),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    Created { physical_id: name.into(), ref_value: name.into(), attributes }
}

impl Provider for LoadBalancer {
    fn type_name(&self) -> &'static str {
        "AWS::ElasticLoadBalancing::LoadBalancer"
    }
    fn properties(&self) -> &'static [&'static str] {
        &[
            "AvailabilityZones",
            "HealthCheck",
            "Instances",
            "Listeners",
            "LoadBalancerName",
            "Scheme",
            "SecurityGroups",
            "Subnets",
            "Tags",
        ]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &[
            "CanonicalHostedZoneName",
            "CanonicalHostedZoneNameID",
            "DNSName",
            "SourceSecurityGroup.GroupName",
            "SourceSecurityGroup.OwnerAlias",
        ]
    }
    /// Nimbus Lab's figure for CloudFormation's wait on a new Classic Load Balancer.
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(90)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(30)
    }
    fn update_time(&self) -> SimDuration {
        SimDuration::seconds(15)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["LoadBalancerName", "Scheme"]
    }
    fn name_property(&self) -> Option<&'static str> {
        Some("LoadBalancerName")
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let name = match props.get("LoadBalancerName") {
            Some(_) => required(id, props, "LoadBalancerName")?,
            None => generated_name(world, cx.stack_name, id, 32, false),
        };
        let mut all_tags: Vec<elb::Tag> = tags(id, props.get("Tags"), cx.stack_tags)?
            .into_iter()
            .map(|(k, v)| elb::Tag { key: k, value: Some(v) })
            .collect();
        all_tags.push(elb::Tag { key: "aws:cloudformation:stack-name".into(), value: Some(cx.stack_name.into()) });
        all_tags.push(elb::Tag { key: "aws:cloudformation:logical-id".into(), value: Some(id.into()) });
        call(
            world,
            cx.region,
            ElbRequest::CreateLoadBalancer(elb::CreateLoadBalancerRequest {
                load_balancer_name: name.clone(),
                listeners: listeners(id, props)?,
                availability_zones: strings(id, props, "AvailabilityZones")?,
                subnets: strings(id, props, "Subnets")?,
                security_groups: strings(id, props, "SecurityGroups")?,
                scheme: props.get("Scheme").and_then(text),
                tags: all_tags,
            }),
        )?;
        configure(world, cx, &name, props)?;
        Ok(lb_created(world, cx.region, &name))
    }
    fn update(
        &self,
        world: &mut World,
        cx: &ProvisionCx<'_>,
        physical_id: &str,
        props: &Map<String, Json>,
    ) -> Result<Created, String> {
        check_properties(cx.logical_id, self.properties(), props)?;
        let Some(lb) = world.elb.load_balancers.get(&elb::key(cx.region, physical_id)).cloned() else {
            return Err(format!("Load balancer {physical_id} not found"));
        };
        let want = listeners(cx.logical_id, props)?;
        let same = want.len() == lb.listeners.len()
            && want.iter().all(|w| {
                lb.listeners
                    .iter()
                    .any(|h| h.load_balancer_port == w.load_balancer_port && h.instance_port == w.instance_port)
            });
        if !same {
            return Err(format!(
                "Resource {}: changing Listeners in place needs CreateLoadBalancerListeners, which Nimbus Lab does not simulate",
                cx.logical_id
            ));
        }
        configure(world, cx, physical_id, props)?;
        Ok(lb_created(world, cx.region, physical_id))
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        let request = elb::LoadBalancerNameRequest { load_balancer_name: physical_id.into() };
        call(world, cx.region, ElbRequest::DeleteLoadBalancer(request)).map(|_| ())
    }
    fn observe(&self, world: &World, physical_id: &str) -> Observed {
        let Some(lb) = world.elb.load_balancers.values().find(|l| l.name == physical_id) else {
            return Observed::Deleted;
        };
        let h = &lb.health_check;
        let listeners: Vec<Json> = lb
            .listeners
            .iter()
            .map(|l| {
                json!({
                    "Protocol": l.protocol,
                    "LoadBalancerPort": l.load_balancer_port,
                    "InstanceProtocol": l.instance_protocol,
                    "InstancePort": l.instance_port,
                })
            })
            .collect();
        Observed::Properties(observed(&[
            ("Instances", json!(lb.instances.iter().map(|i| i.instance_id.clone()).collect::<Vec<_>>())),
            (
                "HealthCheck",
                json!({
                    "Target": h.target,
                    "Interval": h.interval,
                    "Timeout": h.timeout,
                    "HealthyThreshold": h.healthy_threshold,
                    "UnhealthyThreshold": h.unhealthy_threshold,
                }),
            ),
            ("Listeners", Json::Array(listeners)),
            ("Scheme", json!(lb.scheme)),
        ]))
    }
}
