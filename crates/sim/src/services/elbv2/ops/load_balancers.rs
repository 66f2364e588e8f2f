//! Load balancers: `provisioning` → `active` on the clock, DNS names and ARNs as AWS forms
//! them, and their attributes (deletion protection refuses DeleteLoadBalancer).

use super::*;
use crate::services::elbv2::jobs::Elbv2Job;
use crate::services::Job;
use crate::world::CallContext;
use rand::RngExt;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubnetMapping {
    pub subnet_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocation_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateLoadBalancerRequest {
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subnets: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subnet_mappings: Vec<SubnetMapping>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_groups: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "Type")]
    pub lb_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address_type: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancerState {
    pub code: LoadBalancerStateEnum,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AvailabilityZone {
    pub zone_name: String,
    pub subnet_id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub load_balancer_addresses: Vec<serde_json::Value>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancerView {
    pub load_balancer_arn: String,
    #[serde(rename = "DNSName")]
    pub dns_name: String,
    pub canonical_hosted_zone_id: String,
    pub created_time: String,
    pub load_balancer_name: String,
    pub scheme: String,
    pub vpc_id: String,
    pub state: LoadBalancerState,
    #[serde(rename = "Type")]
    pub lb_type: String,
    pub availability_zones: Vec<AvailabilityZone>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_groups: Vec<String>,
    pub ip_address_type: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancersOutput {
    pub load_balancers: Vec<LoadBalancerView>,
}

pub(crate) fn lb_view(lb: &LoadBalancer) -> LoadBalancerView {
    LoadBalancerView {
        load_balancer_arn: lb.arn.clone(),
        dns_name: lb.dns_name.clone(),
        canonical_hosted_zone_id: lb.hosted_zone_id.clone(),
        created_time: lb.created.iso8601(),
        load_balancer_name: lb.name.clone(),
        scheme: lb.scheme.clone(),
        vpc_id: lb.vpc_id.clone(),
        state: LoadBalancerState { code: lb.state, reason: None },
        lb_type: lb.lb_type.clone(),
        availability_zones: lb
            .subnets
            .iter()
            .map(|(s, az)| AvailabilityZone {
                zone_name: az.clone(),
                subnet_id: s.clone(),
                load_balancer_addresses: Vec::new(),
            })
            .collect(),
        security_groups: lb.security_groups.clone(),
        ip_address_type: lb.ip_address_type.clone(),
    }
}

/// The load balancer an ARN names in the call's Region.
pub(crate) fn lb_in<'w>(world: &'w World, cx: &mut CallContext, arn: &str) -> Result<&'w LoadBalancer, ApiError> {
    cx.touch(arn.to_string());
    world.elbv2.load_balancers.get(arn).filter(|l| l.region == cx.region).ok_or_else(|| {
        cx.why(format!("no load balancer {arn} in {}", cx.region));
        lb_not_found()
    })
}

pub fn create_load_balancer(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateLoadBalancerRequest,
) -> Result<LoadBalancersOutput, ApiError> {
    check_name(&input.name, "Load balancer")?;
    if input.name.starts_with("internal-") {
        return Err(validation("Load balancer name cannot start with 'internal-'"));
    }
    let lb_type = input.lb_type.clone().unwrap_or_else(|| "application".into());
    let short = match lb_type.as_str() {
        "application" => "app",
        "network" => "net",
        "gateway" => {
            cx.why("Gateway Load Balancers are not simulated in Nimbus Lab");
            return Err(validation("Load balancers of type 'gateway' are not supported by Nimbus Lab"));
        }
        other => return Err(validation(format!("Load balancer type '{other}' is not valid"))),
    };
    let scheme = input.scheme.clone().unwrap_or_else(|| "internet-facing".into());
    if scheme != "internet-facing" && scheme != "internal" {
        return Err(ApiError::bad_request("InvalidScheme", format!("Scheme '{scheme}' is not valid")));
    }
    let ip_address_type = input.ip_address_type.clone().unwrap_or_else(|| "ipv4".into());
    let mut subnet_ids = input.subnets.clone();
    subnet_ids.extend(input.subnet_mappings.iter().map(|m| m.subnet_id.clone()));
    if subnet_ids.is_empty() {
        cx.why("a load balancer in a VPC needs subnets (--subnets or --subnet-mappings)");
        return Err(validation("At least one subnet must be specified"));
    }
    let mut subnets: Vec<(String, String)> = Vec::new();
    let mut vpc: Option<String> = None;
    for id in &subnet_ids {
        cx.touch(id.clone());
        let Some(s) = world.ec2.subnets.get(id).filter(|s| s.region == cx.region) else {
            cx.why(format!("subnet {id} does not exist in {}", cx.region));
            return Err(ApiError::bad_request("SubnetNotFound", format!("The subnet ID '{id}' is not valid")));
        };
        if vpc.as_ref().is_some_and(|v| v != &s.vpc_id) {
            cx.why("every subnet of a load balancer must be in the same VPC");
            return Err(ApiError::bad_request("InvalidSubnet", "All subnets must belong to the same VPC"));
        }
        if subnets.iter().any(|(_, az)| az == &s.availability_zone) {
            cx.why(format!(
                "two subnets in {}: a load balancer takes one subnet per Availability Zone",
                s.availability_zone
            ));
            return Err(ApiError::bad_request(
                "InvalidConfigurationRequest",
                "A load balancer cannot be attached to multiple subnets in the same Availability Zone",
            ));
        }
        vpc = Some(s.vpc_id.clone());
        subnets.push((s.subnet_id.clone(), s.availability_zone.clone()));
    }
    let vpc_id = vpc.unwrap_or_default();
    if lb_type == "application" && subnets.len() < 2 {
        cx.why("an Application Load Balancer needs subnets in at least two Availability Zones");
        return Err(validation("At least two subnets in two different Availability Zones must be specified"));
    }
    let mut security_groups = input.security_groups.clone();
    for g in &security_groups {
        cx.touch(g.clone());
        if !world.ec2.security_groups.get(g).is_some_and(|sg| sg.region == cx.region && sg.vpc_id == vpc_id) {
            cx.why(format!("security group {g} is not in the load balancer's VPC {vpc_id}"));
            return Err(ApiError::bad_request(
                "InvalidSecurityGroup",
                format!("One or more security groups are invalid: '{g}'"),
            ));
        }
    }
    if lb_type == "application" && security_groups.is_empty() {
        // AWS gives an ALB created without groups the VPC's default security group.
        if let Some(g) = world.ec2.security_groups.values().find(|g| g.vpc_id == vpc_id && g.group_name == "default") {
            security_groups.push(g.group_id.clone());
        }
    }
    let tags = tags_in(&input.tags)?;
    if let Some(existing) = world.elbv2.load_balancers.values().find(|l| l.region == cx.region && l.name == input.name)
    {
        // CreateLoadBalancer is idempotent: the same name and settings answer the existing one.
        if existing.lb_type == lb_type && existing.scheme == scheme && existing.subnets == subnets {
            cx.touch(existing.arn.clone());
            cx.why(format!("{} already exists with these settings; the call answers it", input.name));
            return Ok(LoadBalancersOutput { load_balancers: vec![lb_view(existing)] });
        }
        cx.why(format!("a load balancer named {} already exists in {}", input.name, cx.region));
        return Err(ApiError::bad_request(
            "DuplicateLoadBalancerName",
            format!("A load balancer with the same name '{}' exists, but with different settings", input.name),
        ));
    }
    let id = arn_id(world);
    let arn = elb_arn(&cx.region, &format!("loadbalancer/{short}/{}/{id}", input.name));
    let number: u64 = world.rng().random_range(1_000_000_000..10_000_000_000);
    let prefix = if scheme == "internal" { "internal-" } else { "" };
    let dns_name = if lb_type == "network" {
        format!("{prefix}{}-{id}.elb.{}.amazonaws.com", input.name, cx.region)
    } else {
        format!("{prefix}{}-{number}.{}.elb.amazonaws.com", input.name, cx.region)
    };
    let lb = LoadBalancer {
        arn: arn.clone(),
        name: input.name.clone(),
        region: cx.region.clone(),
        lb_type: lb_type.clone(),
        scheme,
        vpc_id,
        subnets,
        security_groups,
        state: LoadBalancerStateEnum::Provisioning,
        dns_name,
        hosted_zone_id: hosted_zone_id(&cx.region, lb_type == "network").to_string(),
        ip_address_type,
        created: world.now(),
        attributes: Default::default(),
        tags,
    };
    let view = lb_view(&lb);
    world.elbv2.load_balancers.insert(arn.clone(), lb);
    world.schedule(PROVISIONING_TIME, Job::Elbv2(Elbv2Job::LoadBalancerActive { load_balancer_arn: arn.clone() }));
    cx.touch(arn);
    cx.why(format!(
        "{lb_type} load balancer {} is provisioning; it is active in about {PROVISIONING_TIME} (billing starts now)",
        input.name
    ));
    Ok(LoadBalancersOutput { load_balancers: vec![view] })
}

/// The end of `provisioning`.
pub(crate) fn settle(world: &mut World, cx: &mut CallContext, arn: &str) {
    cx.touch(arn.to_string());
    let Some(lb) = world.elbv2.load_balancers.get_mut(arn) else {
        cx.why(format!("{arn} was deleted before it was active"));
        return;
    };
    cx.region = lb.region.clone();
    if lb.state == LoadBalancerStateEnum::Provisioning {
        lb.state = LoadBalancerStateEnum::Active;
        cx.why(format!("{} is active: its DNS name {} answers and health checks start", lb.name, lb.dns_name));
        for tg in world.elbv2.target_groups.keys().cloned().collect::<Vec<_>>() {
            if world.elbv2.load_balancers_of(&tg).iter().any(|l| l == arn) {
                super::target_groups::ensure_rounds(world, &tg);
            }
        }
    } else {
        cx.why(format!("{} is {}; nothing to do", lb.name, lb.state));
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeLoadBalancersRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub load_balancer_arns: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
}

pub fn describe_load_balancers(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeLoadBalancersRequest,
) -> Result<LoadBalancersOutput, ApiError> {
    if !input.load_balancer_arns.is_empty() && !input.names.is_empty() {
        return Err(validation("Load balancer names and load balancer ARNs cannot be specified at the same time"));
    }
    let in_region: Vec<&LoadBalancer> = world.elbv2.load_balancers.values().filter(|l| l.region == cx.region).collect();
    let mut out = Vec::new();
    if !input.load_balancer_arns.is_empty() {
        for arn in &input.load_balancer_arns {
            out.push(lb_view(lb_in(world, cx, arn)?));
        }
    } else if !input.names.is_empty() {
        for name in &input.names {
            let Some(lb) = in_region.iter().find(|l| &l.name == name) else {
                cx.why(format!("no load balancer named {name} in {}", cx.region));
                return Err(ApiError::bad_request(
                    "LoadBalancerNotFound",
                    format!("Load balancers '[{name}]' not found"),
                ));
            };
            cx.touch(lb.arn.clone());
            out.push(lb_view(lb));
        }
    } else {
        out = in_region.iter().map(|l| lb_view(l)).collect();
    }
    cx.why(format!("{} load balancer(s)", out.len()));
    Ok(LoadBalancersOutput { load_balancers: out })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteLoadBalancerRequest {
    pub load_balancer_arn: String,
}

pub fn delete_load_balancer(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteLoadBalancerRequest,
) -> Result<EmptyOutput, ApiError> {
    let arn = input.load_balancer_arn;
    cx.touch(arn.clone());
    // Deleting a load balancer that does not exist succeeds, as in AWS.
    let Some(lb) = world.elbv2.load_balancers.get(&arn).filter(|l| l.region == cx.region) else {
        cx.why(format!("{arn} does not exist; nothing to delete"));
        return Ok(EmptyOutput {});
    };
    if lb.deletion_protection() {
        cx.why("deletion_protection.enabled is true on this load balancer; turn it off first");
        return Err(ApiError::bad_request(
            "OperationNotPermitted",
            format!("Load balancer '{arn}' cannot be deleted because deletion protection is enabled"),
        ));
    }
    let name = lb.name.clone();
    let listeners: Vec<String> =
        world.elbv2.listeners.values().filter(|l| l.load_balancer_arn == arn).map(|l| l.arn.clone()).collect();
    for l in &listeners {
        world.elbv2.listeners.remove(l);
    }
    world.elbv2.load_balancers.remove(&arn);
    cx.why(format!(
        "{name} deleted with its {} listener(s); its target groups stay (their targets are no longer checked)",
        listeners.len()
    ));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancerAttribute {
    pub key: String,
    pub value: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModifyLoadBalancerAttributesRequest {
    pub load_balancer_arn: String,
    pub attributes: Vec<LoadBalancerAttribute>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeLoadBalancerAttributesRequest {
    pub load_balancer_arn: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancerAttributesOutput {
    pub attributes: Vec<LoadBalancerAttribute>,
}

/// The attributes Nimbus Lab knows, with AWS's defaults, by load balancer type.
fn default_attributes(lb_type: &str) -> Vec<(&'static str, &'static str)> {
    let mut out = vec![
        ("deletion_protection.enabled", "false"),
        ("load_balancing.cross_zone.enabled", if lb_type == "application" { "true" } else { "false" }),
        ("access_logs.s3.enabled", "false"),
    ];
    if lb_type == "application" {
        out.push(("idle_timeout.timeout_seconds", "60"));
        out.push(("routing.http2.enabled", "true"));
        out.push(("routing.http.drop_invalid_header_fields.enabled", "false"));
    }
    out
}

fn attributes_of(lb: &LoadBalancer) -> Vec<LoadBalancerAttribute> {
    default_attributes(&lb.lb_type)
        .into_iter()
        .map(|(k, v)| LoadBalancerAttribute {
            key: k.to_string(),
            value: lb.attributes.get(k).cloned().unwrap_or_else(|| v.to_string()),
        })
        .collect()
}

pub fn modify_load_balancer_attributes(
    world: &mut World,
    cx: &mut CallContext,
    input: ModifyLoadBalancerAttributesRequest,
) -> Result<LoadBalancerAttributesOutput, ApiError> {
    let lb = lb_in(world, cx, &input.load_balancer_arn)?;
    let known = default_attributes(&lb.lb_type);
    for a in &input.attributes {
        let Some((_, default)) = known.iter().find(|(k, _)| *k == a.key) else {
            cx.why(format!("Nimbus Lab does not simulate the attribute {}", a.key));
            return Err(ApiError::bad_request(
                "InvalidConfigurationRequest",
                format!("Load balancer attribute key '{}' is not recognized", a.key),
            ));
        };
        if (*default == "true" || *default == "false") && a.value != "true" && a.value != "false" {
            return Err(validation(format!("Load balancer attribute value '{}' must be 'true' or 'false'", a.value)));
        }
    }
    let arn = input.load_balancer_arn.clone();
    let lb = world.elbv2.load_balancers.get_mut(&arn).expect("checked above");
    for a in input.attributes {
        lb.attributes.insert(a.key, a.value);
    }
    cx.why(format!(
        "attributes of {} set; deletion protection is {}",
        lb.name,
        if lb.deletion_protection() { "on" } else { "off" }
    ));
    Ok(LoadBalancerAttributesOutput { attributes: attributes_of(lb) })
}

pub fn describe_load_balancer_attributes(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeLoadBalancerAttributesRequest,
) -> Result<LoadBalancerAttributesOutput, ApiError> {
    let lb = lb_in(world, cx, &input.load_balancer_arn)?;
    Ok(LoadBalancerAttributesOutput { attributes: attributes_of(lb) })
}
