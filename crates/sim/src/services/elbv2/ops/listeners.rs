//! Listeners: a port and protocol on a load balancer and the default actions (forward to
//! target groups, a fixed response, or a redirect) for the requests it takes.

use super::load_balancers::lb_in;
use super::*;
use crate::world::CallContext;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateListenerRequest {
    pub load_balancer_arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssl_policy: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certificates: Vec<Certificate>,
    pub default_actions: Vec<Action>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListenerView {
    pub listener_arn: String,
    pub load_balancer_arn: String,
    pub port: i64,
    pub protocol: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certificates: Vec<Certificate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssl_policy: Option<String>,
    pub default_actions: Vec<Action>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListenersOutput {
    pub listeners: Vec<ListenerView>,
}

pub(crate) fn listener_view(l: &Listener) -> ListenerView {
    ListenerView {
        listener_arn: l.arn.clone(),
        load_balancer_arn: l.load_balancer_arn.clone(),
        port: l.port,
        protocol: l.protocol.clone(),
        certificates: l.certificates.clone(),
        ssl_policy: l.ssl_policy.clone(),
        default_actions: l.default_actions.clone(),
    }
}

/// The default SSL policy AWS gives HTTPS and TLS listeners created without one.
const DEFAULT_SSL_POLICY: &str = "ELBSecurityPolicy-2016-08";

/// Checks the protocol against the load balancer type and the actions against the target
/// groups; returns the actions as AWS stores them (a `forward` with `TargetGroupArn` also shows
/// its `ForwardConfig`).
fn checked_listener(
    world: &World,
    cx: &mut CallContext,
    lb: &LoadBalancer,
    (protocol, port): (&str, i64),
    certificates: &[Certificate],
    actions: &[Action],
    skip: Option<&str>,
) -> Result<Vec<Action>, ApiError> {
    let allowed: &[&str] =
        if lb.lb_type == "application" { &["HTTP", "HTTPS"] } else { &["TCP", "TLS", "UDP", "TCP_UDP"] };
    if !allowed.contains(&protocol) {
        cx.why(format!("a {} load balancer takes {} listeners", lb.lb_type, allowed.join("/")));
        return Err(ApiError::bad_request(
            "UnsupportedProtocol",
            format!("Protocol '{protocol}' is not supported for load balancers of type '{}'", lb.lb_type),
        ));
    }
    if !(1..=65535).contains(&port) {
        return Err(validation(format!("Port '{port}' must be between 1 and 65535")));
    }
    if (protocol == "HTTPS" || protocol == "TLS") && certificates.iter().all(|c| c.certificate_arn.is_none()) {
        cx.why(format!("a {protocol} listener needs a server certificate (--certificates CertificateArn=...)"));
        return Err(validation(format!("A certificate must be specified for {protocol} listeners")));
    }
    if let Some(other) = world
        .elbv2
        .listeners
        .values()
        .find(|l| l.load_balancer_arn == lb.arn && l.port == port && Some(l.arn.as_str()) != skip)
    {
        cx.touch(other.arn.clone());
        cx.why(format!("{} already has a listener on port {port}", lb.name));
        return Err(ApiError::bad_request(
            "DuplicateListener",
            format!("A listener already exists on this port for this load balancer '{}'", lb.arn),
        ));
    }
    if actions.is_empty() {
        return Err(validation("At least one default action must be specified"));
    }
    let mut out = Vec::new();
    for (n, a) in actions.iter().enumerate() {
        let mut a = a.clone();
        match a.action_type.as_str() {
            "forward" => {
                let mut arns: Vec<String> = a.target_group_arn.iter().cloned().collect();
                arns.extend(
                    a.forward_config
                        .iter()
                        .flat_map(|f| f.target_groups.iter().filter_map(|t| t.target_group_arn.clone())),
                );
                if arns.is_empty() {
                    return Err(validation("A target group ARN must be specified for a 'forward' action"));
                }
                for arn in &arns {
                    cx.touch(arn.clone());
                    let Some(tg) = world.elbv2.target_groups.get(arn).filter(|t| t.region == lb.region) else {
                        cx.why(format!("target group {arn} does not exist"));
                        return Err(tg_not_found());
                    };
                    if tg.vpc_id.as_deref() != Some(lb.vpc_id.as_str()) {
                        return Err(ApiError::bad_request(
                            "InvalidConfigurationRequest",
                            format!("The target group '{arn}' is not in the load balancer's VPC '{}'", lb.vpc_id),
                        ));
                    }
                    let others: Vec<String> =
                        world.elbv2.load_balancers_of(arn).into_iter().filter(|l| l != &lb.arn).collect();
                    if !others.is_empty() {
                        cx.why(format!("{} already serves load balancer {}", tg.name, others[0]));
                        return Err(ApiError::bad_request(
                            "TargetGroupAssociationLimit",
                            format!("The following target groups cannot be associated with more than one load balancer: '{arn}'"),
                        ));
                    }
                    let tg_protocol = tg.protocol.clone().unwrap_or_default();
                    let http = |p: &str| p == "HTTP" || p == "HTTPS";
                    if http(protocol) != http(&tg_protocol) {
                        return Err(ApiError::bad_request(
                            "IncompatibleProtocols",
                            format!("Listener protocol '{protocol}' is not compatible with target group protocol '{tg_protocol}'"),
                        ));
                    }
                }
                if a.forward_config.is_none() {
                    a.forward_config = Some(ForwardActionConfig {
                        target_groups: arns
                            .iter()
                            .map(|t| TargetGroupTuple { target_group_arn: Some(t.clone()), weight: Some(1) })
                            .collect(),
                        target_group_stickiness_config: Some(TargetGroupStickinessConfig {
                            enabled: Some(false),
                            duration_seconds: None,
                        }),
                    });
                }
                if a.target_group_arn.is_none() && arns.len() == 1 {
                    a.target_group_arn = Some(arns[0].clone());
                }
            }
            "fixed-response" => {
                let Some(c) = &a.fixed_response_config else {
                    return Err(validation("A fixed response config must be specified for a 'fixed-response' action"));
                };
                let code_ok = c.status_code.len() == 3
                    && c.status_code.chars().all(|ch| ch.is_ascii_digit())
                    && matches!(c.status_code.as_bytes()[0], b'2' | b'4' | b'5');
                if !code_ok {
                    return Err(validation(format!(
                        "Fixed response status code '{}' must be 2XX, 4XX or 5XX",
                        c.status_code
                    )));
                }
                if lb.lb_type != "application" {
                    return Err(ApiError::bad_request(
                        "InvalidLoadBalancerAction",
                        "Fixed-response actions are supported only by Application Load Balancers",
                    ));
                }
            }
            "redirect" => {
                let Some(c) = &a.redirect_config else {
                    return Err(validation("A redirect config must be specified for a 'redirect' action"));
                };
                if c.status_code != "HTTP_301" && c.status_code != "HTTP_302" {
                    return Err(validation(format!(
                        "Redirect status code '{}' must be HTTP_301 or HTTP_302",
                        c.status_code
                    )));
                }
                if lb.lb_type != "application" {
                    return Err(ApiError::bad_request(
                        "InvalidLoadBalancerAction",
                        "Redirect actions are supported only by Application Load Balancers",
                    ));
                }
                let mut c = c.clone();
                c.protocol.get_or_insert_with(|| "#{protocol}".into());
                c.port.get_or_insert_with(|| "#{port}".into());
                c.host.get_or_insert_with(|| "#{host}".into());
                c.path.get_or_insert_with(|| "/#{path}".into());
                c.query.get_or_insert_with(|| "#{query}".into());
                a.redirect_config = Some(c);
            }
            other => {
                cx.why(format!("the {other} action needs a service Nimbus Lab does not simulate"));
                return Err(ApiError::bad_request(
                    "InvalidLoadBalancerAction",
                    format!("Action type '{other}' is not supported by Nimbus Lab (forward, fixed-response and redirect are)"),
                ));
            }
        }
        if a.order.is_none() && actions.len() > 1 {
            a.order = Some(n as i64 + 1);
        }
        out.push(a);
    }
    Ok(out)
}

pub fn create_listener(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateListenerRequest,
) -> Result<ListenersOutput, ApiError> {
    let lb = lb_in(world, cx, &input.load_balancer_arn)?.clone();
    let default_protocol = if lb.lb_type == "application" { "HTTP" } else { "TCP" };
    let protocol = input.protocol.clone().unwrap_or_else(|| default_protocol.into());
    let port = input.port.unwrap_or(if protocol == "HTTPS" { 443 } else { 80 });
    let actions =
        checked_listener(world, cx, &lb, (&protocol, port), &input.certificates, &input.default_actions, None)?;
    let tags = tags_in(&input.tags)?;
    let id = arn_id(world);
    let arn = elb_arn(&cx.region, &format!("listener/{}/{id}", lb.full_name()));
    let secure = protocol == "HTTPS" || protocol == "TLS";
    let listener = Listener {
        arn: arn.clone(),
        load_balancer_arn: lb.arn.clone(),
        region: cx.region.clone(),
        port,
        protocol: protocol.clone(),
        ssl_policy: if secure {
            Some(input.ssl_policy.clone().unwrap_or_else(|| DEFAULT_SSL_POLICY.into()))
        } else {
            None
        },
        certificates: input.certificates.clone(),
        default_actions: actions,
        tags,
    };
    let view = listener_view(&listener);
    let forwards = listener.target_group_arns();
    world.elbv2.listeners.insert(arn.clone(), listener);
    for tg in &forwards {
        super::target_groups::ensure_rounds(world, tg);
    }
    cx.touch(arn);
    cx.why(format!(
        "{} now listens on {protocol}:{port}{}",
        lb.name,
        if forwards.is_empty() {
            String::new()
        } else {
            format!(" and forwards to {} target group(s), whose targets get health checks", forwards.len())
        }
    ));
    Ok(ListenersOutput { listeners: vec![view] })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeListenersRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_balancer_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub listener_arns: Vec<String>,
}

fn listener_in<'w>(world: &'w World, cx: &mut CallContext, arn: &str) -> Result<&'w Listener, ApiError> {
    cx.touch(arn.to_string());
    world.elbv2.listeners.get(arn).filter(|l| l.region == cx.region).ok_or_else(|| {
        cx.why(format!("no listener {arn} in {}", cx.region));
        listener_not_found()
    })
}

pub fn describe_listeners(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeListenersRequest,
) -> Result<ListenersOutput, ApiError> {
    let mut out = Vec::new();
    if !input.listener_arns.is_empty() {
        for arn in &input.listener_arns {
            out.push(listener_view(listener_in(world, cx, arn)?));
        }
    } else if let Some(lb) = &input.load_balancer_arn {
        lb_in(world, cx, lb)?;
        let mut ls: Vec<&Listener> = world.elbv2.listeners.values().filter(|l| &l.load_balancer_arn == lb).collect();
        ls.sort_by_key(|l| l.port);
        out = ls.into_iter().map(listener_view).collect();
    } else {
        return Err(validation("You must specify either listener ARNs or a load balancer ARN"));
    }
    cx.why(format!("{} listener(s)", out.len()));
    Ok(ListenersOutput { listeners: out })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModifyListenerRequest {
    pub listener_arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssl_policy: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certificates: Vec<Certificate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub default_actions: Vec<Action>,
}

pub fn modify_listener(
    world: &mut World,
    cx: &mut CallContext,
    input: ModifyListenerRequest,
) -> Result<ListenersOutput, ApiError> {
    let l = listener_in(world, cx, &input.listener_arn)?.clone();
    let lb = lb_in(world, cx, &l.load_balancer_arn)?.clone();
    let protocol = input.protocol.clone().unwrap_or_else(|| l.protocol.clone());
    let port = input.port.unwrap_or(l.port);
    let certificates = if input.certificates.is_empty() { l.certificates.clone() } else { input.certificates.clone() };
    let actions =
        if input.default_actions.is_empty() { l.default_actions.clone() } else { input.default_actions.clone() };
    let actions = checked_listener(world, cx, &lb, (&protocol, port), &certificates, &actions, Some(&l.arn))?;
    let secure = protocol == "HTTPS" || protocol == "TLS";
    let entry = world.elbv2.listeners.get_mut(&l.arn).expect("checked above");
    entry.protocol = protocol.clone();
    entry.port = port;
    entry.certificates = if secure { certificates } else { Vec::new() };
    entry.ssl_policy = if secure {
        Some(input.ssl_policy.or(l.ssl_policy).unwrap_or_else(|| DEFAULT_SSL_POLICY.into()))
    } else {
        None
    };
    entry.default_actions = actions;
    let view = listener_view(entry);
    for tg in entry.target_group_arns() {
        super::target_groups::ensure_rounds(world, &tg);
    }
    cx.why(format!("listener of {} now on {protocol}:{port}", lb.name));
    Ok(ListenersOutput { listeners: vec![view] })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteListenerRequest {
    pub listener_arn: String,
}

pub fn delete_listener(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteListenerRequest,
) -> Result<EmptyOutput, ApiError> {
    listener_in(world, cx, &input.listener_arn)?;
    let l = world.elbv2.listeners.remove(&input.listener_arn).expect("checked above");
    cx.why(format!("listener on port {} deleted; its target groups no longer get traffic from it", l.port));
    Ok(EmptyOutput {})
}
