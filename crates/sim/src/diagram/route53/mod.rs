//! The Route 53 diagram: each hosted zone a box with its record sets inside (routing policy and
//! weight, role or region as the state), alias records pointing at what they alias (another
//! record of the zone, or an AWS endpoint outside it), and the health checks records use, with
//! their current status.

use crate::diagram::{layout, Diagram, EdgeSpec, GraphSpec, GroupSpec, NodeSpec};
use crate::services::route53::names::display_name;
use crate::services::route53::resolve::{alias_kind, health_status, AliasKind};
use crate::services::route53::{HealthCheckState, Policy, ResourceRecordSet, Route53State, Zone};
use crate::World;

/// Record sets shown in one zone; the rest become "+N more records".
pub const MAX_RECORDS_SHOWN: usize = 40;

pub fn diagram(world: &World) -> Diagram {
    layout(&spec(world))
}

/// The graph the Route 53 diagram is laid out from.
pub fn spec(world: &World) -> GraphSpec {
    let r53 = &world.route53;
    let mut spec = GraphSpec { title: "Amazon Route 53".into(), ..Default::default() };
    for zone in r53.zones.values() {
        add_zone(&mut spec, zone);
    }
    for check in r53.health_checks.values() {
        add_health_check(&mut spec, r53, check);
    }
    for zone in r53.zones.values() {
        add_links(&mut spec, r53, zone);
    }
    spec
}

pub fn zone_id(zone: &str) -> String {
    format!("zone:{zone}")
}

/// Record sets are named by zone and listing key (name, type, set identifier), as Route 53
/// tells them apart.
pub fn record_id(zone: &str, set: &ResourceRecordSet) -> String {
    format!("record:{zone}/{}", set.key())
}

pub fn health_check_id(id: &str) -> String {
    format!("health-check:{id}")
}

pub fn endpoint_id(host: &str) -> String {
    format!("endpoint:{host}")
}

fn add_zone(spec: &mut GraphSpec, zone: &Zone) {
    let group = zone_id(&zone.id);
    let kind = if zone.private_zone { "private" } else { "public" };
    spec.groups.push(
        GroupSpec::new(&group, format!("{} ({kind})", display_name(&zone.name)), "hosted zone")
            .detail("Hosted zone ID", &zone.id)
            .detail("Type", if zone.private_zone { "Private hosted zone" } else { "Public hosted zone" })
            .detail("Record sets", zone.records.len().to_string())
            .detail("Name servers", zone.name_servers.join(", ")),
    );
    for set in zone.records.values().take(MAX_RECORDS_SHOWN) {
        spec.nodes.push(record_node(zone, set).in_group(&group));
    }
    let hidden = zone.records.len().saturating_sub(MAX_RECORDS_SHOWN);
    if hidden > 0 {
        spec.nodes.push(
            NodeSpec::new(format!("more-records:{}", zone.id), format!("+{hidden} more records"), "more")
                .detail("Record sets not shown", hidden.to_string())
                .in_group(&group),
        );
    }
}

/// The name relative to the zone (`www`, `@` for the apex), so labels stay short.
pub fn short_name(zone: &Zone, canonical: &str) -> String {
    if canonical == zone.name {
        return "@".into();
    }
    let relative = canonical.strip_suffix(zone.name.as_str()).and_then(|r| r.strip_suffix('.'));
    display_name(relative.unwrap_or(canonical))
}

/// What decides between record sets of the same name: `weighted 70`, `failover PRIMARY`,
/// `latency eu-west-1`; plain `simple` otherwise.
pub fn routing_label(set: &ResourceRecordSet) -> String {
    let policy = set.policy();
    match policy {
        Policy::Weighted => format!("weighted {}", set.weight.unwrap_or(0)),
        Policy::Failover => format!("failover {}", set.failover.as_deref().unwrap_or("")),
        Policy::Latency => format!("latency {}", set.region.as_deref().unwrap_or("")),
        Policy::Geolocation => {
            let g = set.geo_location.clone().unwrap_or_default();
            let place = [g.continent_code, g.country_code, g.subdivision_code].into_iter().flatten();
            format!("geolocation {}", place.collect::<Vec<_>>().join("-"))
        }
        _ => policy.name().to_string(),
    }
}

fn record_node(zone: &Zone, set: &ResourceRecordSet) -> NodeSpec {
    let name = short_name(zone, &set.name);
    let label = match &set.set_identifier {
        Some(id) => format!("{name} {} · {id}", set.record_type),
        None => format!("{name} {}", set.record_type),
    };
    let mut node = NodeSpec::new(record_id(&zone.id, set), label, "record")
        .state(routing_label(set))
        .detail("Name", display_name(&set.name))
        .detail("Type", &set.record_type)
        .detail("Routing policy", set.policy().name());
    if let Some(id) = &set.set_identifier {
        node = node.detail("Record ID", id);
    }
    match &set.alias_target {
        Some(alias) => {
            node = node
                .detail("Alias to", &alias.dns_name)
                .detail("Evaluate target health", if alias.evaluate_target_health { "Yes" } else { "No" })
        }
        None => {
            let values: Vec<&str> = set.values().collect();
            node = node.detail("TTL", format!("{} s", set.ttl.unwrap_or(0))).detail("Values", values.join(", "));
        }
    }
    if let Some(check) = &set.health_check_id {
        node = node.detail("Health check", check);
    }
    node
}

fn add_health_check(spec: &mut GraphSpec, r53: &Route53State, check: &HealthCheckState) {
    let config = &check.config;
    let target = if config.check_type == "CALCULATED" {
        "calculated".to_string()
    } else {
        let host = config.fully_qualified_domain_name.as_deref().or(config.ip_address.as_deref()).unwrap_or("");
        format!("{host}{}", config.resource_path.as_deref().unwrap_or(""))
    };
    let healthy = health_status(r53, &check.id, 0).unwrap_or(true);
    let checkers_healthy = check.checkers.iter().filter(|c| c.healthy).count();
    let mut node = NodeSpec::new(health_check_id(&check.id), target, "health check")
        .state(if healthy { "Healthy" } else { "Unhealthy" })
        .detail("Health check ID", &check.id)
        .detail("Type", &config.check_type);
    if config.check_type != "CALCULATED" {
        node = node
            .detail("Checkers reporting healthy", format!("{checkers_healthy} of {}", check.checkers.len()))
            .detail("Request interval", format!("{} s", config.request_interval.unwrap_or(30)))
            .detail("Failure threshold", config.threshold().to_string());
    }
    if config.inverted == Some(true) {
        node = node.detail("Inverted", "Yes");
    }
    if config.disabled == Some(true) {
        node = node.detail("Disabled", "Yes (Route 53 treats it as healthy)");
    }
    spec.nodes.push(node);
    for child in config.child_health_checks.iter().flatten() {
        if r53.health_checks.contains_key(child) {
            spec.edges.push(EdgeSpec::new(health_check_id(&check.id), health_check_id(child)).label("child"));
        }
    }
}

/// Edges from records to what they depend on: alias targets and health checks.
fn add_links(spec: &mut GraphSpec, r53: &Route53State, zone: &Zone) {
    for set in zone.records.values().take(MAX_RECORDS_SHOWN) {
        let from = record_id(&zone.id, set);
        if let Some(check) = set.health_check_id.as_deref().filter(|c| r53.health_checks.contains_key(*c)) {
            spec.edges.push(EdgeSpec::new(&from, health_check_id(check)).label("health check").dashed());
        }
        let Some(alias) = &set.alias_target else { continue };
        match alias_kind(zone, set, alias) {
            AliasKind::Record(name) => {
                let targets: Vec<String> = zone
                    .sets_named(&name)
                    .take(MAX_RECORDS_SHOWN)
                    .filter(|t| t.record_type == set.record_type)
                    .map(|t| record_id(&zone.id, t))
                    .collect();
                for to in targets.iter().filter(|to| spec.nodes.iter().any(|n| &n.id == *to) && **to != from) {
                    spec.edges.push(EdgeSpec::new(&from, to).label("alias"));
                }
            }
            AliasKind::Endpoint { host, what } => {
                let id = endpoint_id(&host);
                if !spec.nodes.iter().any(|n| n.id == id) {
                    spec.nodes.push(NodeSpec::new(&id, &host, "endpoint").state(what).detail("Host", &host));
                }
                spec.edges.push(EdgeSpec::new(&from, &id).label("alias"));
            }
        }
    }
}

#[cfg(test)]
mod tests;
