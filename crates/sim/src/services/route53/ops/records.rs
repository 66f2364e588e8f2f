//! Record sets: ChangeResourceRecordSets (an atomic batch of CREATE, DELETE and UPSERT) and
//! ListResourceRecordSets (Route 53's order: name with labels reversed, then type).

use super::*;
use crate::services::route53::names::{self, GeoError};
use crate::services::route53::resolve::{alias_kind, AliasKind};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Change {
    pub action: String,
    pub resource_record_set: ResourceRecordSet,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChangeBatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    pub changes: Vec<Change>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChangeResourceRecordSetsRequest {
    pub hosted_zone_id: String,
    pub change_batch: ChangeBatch,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChangeResourceRecordSetsOutput {
    pub change_info: ChangeInfo,
}

/// `Change with [Action=CREATE, Name=www.example.com., Type=A, SetIdentifier=null]`.
fn change_label(action: &str, set: &ResourceRecordSet) -> String {
    format!(
        "Change with [Action={action}, Name={}, Type={}, SetIdentifier={}]",
        set.name,
        set.record_type,
        set.set_identifier.as_deref().unwrap_or("null")
    )
}

/// Checks one change on its own (shape, ranges, values); returns the set in canonical form.
/// InvalidInput-class problems are returned as Err; value problems are pushed to `batch_errors`
/// (they are InvalidChangeBatch messages, reported together).
fn check_change(
    world: &World,
    zone: &Zone,
    index: usize,
    change: &Change,
    batch_errors: &mut Vec<String>,
) -> Result<ResourceRecordSet, ApiError> {
    let field = |f: &str| format!("changeBatch.changes.{}.member.resourceRecordSet.{f}", index + 1);
    let action = change.action.as_str();
    if !["CREATE", "DELETE", "UPSERT"].contains(&action) {
        return Err(invalid_input(format!(
            "1 validation error detected: Value '{action}' at 'changeBatch.changes.{}.member.action' failed to satisfy constraint: Member must satisfy enum value set: [CREATE, DELETE, UPSERT]",
            index + 1
        )));
    }
    let mut set = change.resource_record_set.clone();
    set.name = names::canonical_name(&set.name).map_err(|reason| {
        invalid_input(format!("Invalid request: '{}' is not a valid DNS name: {reason}", set.name))
    })?;
    let label = change_label(action, &set);
    if !RR_TYPES.contains(&set.record_type.as_str()) {
        return Err(invalid_input(format!(
            "1 validation error detected: Value '{}' at '{}' failed to satisfy constraint: Member must satisfy enum value set: [{}]",
            set.record_type,
            field("type"),
            RR_TYPES.join(", ")
        )));
    }
    if !SIMULATED_RR_TYPES.contains(&set.record_type.as_str()) {
        return Err(invalid_input(format!("Nimbus Lab does not simulate {} records ({label})", set.record_type)));
    }
    if set.traffic_policy_instance_id.is_some() {
        return Err(invalid_input(format!("Nimbus Lab does not simulate traffic policies ({label})")));
    }
    if let Some(c) = &set.cidr_routing_config {
        if let Some(e) =
            super::cidr::check_location_name(&c.location_name, &field("cidrRoutingConfig.locationName"), true)
        {
            return Err(e);
        }
        if action != "DELETE" {
            match world.route53.cidr_collections.get(&c.collection_id) {
                None => batch_errors.push(format!(
                    "CIDR collection {} referenced by {} does not exist",
                    c.collection_id,
                    set.describe()
                )),
                Some(col) if c.location_name != "*" && !col.locations.contains_key(&c.location_name) => batch_errors
                    .push(format!(
                        "CIDR location {} does not exist in collection {} ({}); use a location of the collection or * for the default",
                        c.location_name,
                        col.name,
                        set.describe()
                    )),
                _ => {}
            }
        }
    }
    if let Some(ttl) = set.ttl {
        if let Some(e) = out_of_range(&field("tTL"), ttl, 0, 2_147_483_647) {
            return Err(e);
        }
    }
    if let Some(w) = set.weight {
        if let Some(e) = out_of_range(&field("weight"), w, 0, 255) {
            return Err(e);
        }
    }
    if let Some(id) = &set.set_identifier {
        if id.is_empty() || id.len() > 128 {
            return Err(invalid_input(format!("SetIdentifier must be 1 to 128 characters long in {label}")));
        }
    }
    if set.multi_value_answer == Some(false) {
        set.multi_value_answer = None;
    }
    // Exactly one of AliasTarget, or TTL with ResourceRecords.
    let has_records = set.resource_records.as_ref().is_some_and(|r| !r.is_empty());
    let expected =
        "Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId]";
    match (&set.alias_target, has_records, set.ttl) {
        (Some(_), false, None) => {}
        (None, true, Some(_)) => {}
        (None, false, None) => {
            return Err(invalid_input(format!("Invalid request: {expected}, but found none in {label}")))
        }
        (Some(_), _, _) => {
            return Err(invalid_input(format!("Invalid request: {expected}, but found more than one in {label}")))
        }
        (None, true, None) => return Err(invalid_input(format!("Invalid request: Missing field 'TTL' in {label}"))),
        (None, false, Some(_)) => {
            return Err(invalid_input(format!("Invalid request: Missing field 'ResourceRecords' in {label}")))
        }
    }
    // At most one routing policy; a SetIdentifier exactly when there is one.
    let policies = [
        set.weight.is_some(),
        set.region.is_some(),
        set.failover.is_some(),
        set.geo_location.is_some(),
        set.geo_proximity_location.is_some(),
        set.cidr_routing_config.is_some(),
        set.multi_value_answer == Some(true),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    const POLICY_FIELDS: &str =
        "Weight, Region, Failover, GeoLocation, GeoProximityLocation, CidrRoutingConfig or MultiValueAnswer";
    if policies > 1 {
        return Err(invalid_input(format!(
            "Invalid request: a record set takes one routing policy ({POLICY_FIELDS}), found {policies} in {label}"
        )));
    }
    match (policies, &set.set_identifier) {
        (1, None) => return Err(invalid_input(format!("Invalid request: Missing field 'SetIdentifier' in {label}"))),
        (0, Some(_)) => {
            return Err(invalid_input(format!(
                "Invalid request: Unexpected SetIdentifier: a SetIdentifier needs {POLICY_FIELDS} in {label}"
            )))
        }
        _ => {}
    }
    if let Some(g) = &set.geo_proximity_location {
        if let Some(bias) = g.bias {
            if let Some(e) = out_of_range(&field("geoProximityLocation.bias"), bias, -99, 99) {
                return Err(e);
            }
        }
        check_geoproximity(g).map_err(|why| invalid_input(format!("Invalid request: {why} in {label}")))?;
        if zone.private_zone {
            return Err(invalid_input(format!(
                "Invalid request: geoproximity routing is not available in private hosted zones ({label})"
            )));
        }
    }
    if let Some(region) = &set.region {
        if crate::regions::find(region).is_none() {
            return Err(invalid_input(format!(
                "Region '{region}' is not one Nimbus Lab simulates (latency routing needs its map position) in {label}"
            )));
        }
    }
    if let Some(f) = &set.failover {
        if f != "PRIMARY" && f != "SECONDARY" {
            return Err(invalid_input(format!(
                "1 validation error detected: Value '{f}' at '{}' failed to satisfy constraint: Member must satisfy enum value set: [PRIMARY, SECONDARY]",
                field("failover")
            )));
        }
    }
    if let Some(g) = &set.geo_location {
        names::check_geolocation(g.continent_code.as_deref(), g.country_code.as_deref(), g.subdivision_code.as_deref())
            .map_err(|e| match e {
                GeoError::Unsupported(what) => ApiError::not_found(
                    "NoSuchGeoLocation",
                    format!("Amazon Route 53 doesn't support the specified geographic location: {what}"),
                ),
                GeoError::Invalid(why) => invalid_input(format!("Invalid request: {why} in {label}")),
            })?;
    }
    if set.multi_value_answer == Some(true) && set.alias_target.is_some() {
        return Err(invalid_input(format!("Invalid request: multivalue answer records cannot be aliases ({label})")));
    }
    if let Some(hc) = &set.health_check_id {
        if action != "DELETE" && !world.route53.health_checks.contains_key(hc) {
            return Err(ApiError::not_found(
                "NoSuchHealthCheck",
                format!("A health check with id {hc} does not exist."),
            ));
        }
    }
    if !names::is_within(&set.name, &zone.name) {
        batch_errors.push(format!("RRSet with DNS name {} is not permitted in zone {}", set.name, zone.name));
        return Ok(set);
    }
    // Values.
    if let Some(records) = &set.resource_records {
        if records.len() > MAX_VALUES_PER_RECORD {
            batch_errors.push(format!(
                "Too many values in {}: a record set holds at most {MAX_VALUES_PER_RECORD}",
                set.describe()
            ));
        }
        if set.record_type == "CNAME" && records.len() > 1 {
            batch_errors.push(format!(
                "RRSet of type CNAME with DNS name {} may hold only one value (it has {})",
                set.name,
                records.len()
            ));
        }
        let mut seen = BTreeSet::new();
        for r in records {
            if let Err(reason) = names::check_value(&set.record_type, &r.value) {
                batch_errors
                    .push(format!("Invalid Resource Record: 'FATAL problem: {reason} encountered with '{}''", r.value));
            } else if !seen.insert(r.value.to_ascii_lowercase()) {
                batch_errors.push(format!("Duplicate Resource Record: '{}'", r.value));
            }
        }
    }
    if set.record_type == "SOA" && set.name != zone.name {
        batch_errors.push(format!(
            "RRSet of type SOA with DNS name {} is not permitted: only the zone apex holds the SOA",
            set.name
        ));
    }
    if let Some(alias) = &set.alias_target {
        check_alias(zone, &set, alias, batch_errors);
    }
    Ok(set)
}

/// A GeoProximityLocation names exactly one of an AWS Region, a Local Zone group or coordinates,
/// and Nimbus Lab must know where it is on the map.
fn check_geoproximity(g: &GeoProximityLocation) -> Result<(), String> {
    let given = [g.aws_region.is_some(), g.local_zone_group.is_some(), g.coordinates.is_some()];
    match given.iter().filter(|b| **b).count() {
        0 => return Err("GeoProximityLocation needs one of AWSRegion, LocalZoneGroup or Coordinates".into()),
        1 => {}
        _ => return Err("GeoProximityLocation takes only one of AWSRegion, LocalZoneGroup or Coordinates".into()),
    }
    if let Some(region) = &g.aws_region {
        if crate::regions::find(region).is_none() {
            return Err(format!(
                "AWSRegion '{region}' is not one Nimbus Lab simulates (geoproximity needs its map position)"
            ));
        }
    }
    if let Some(group) = &g.local_zone_group {
        if names::local_zone_region(group).is_none() {
            return Err(format!(
                "LocalZoneGroup '{group}' is not a Local Zone group of a region Nimbus Lab simulates (for example us-east-1-bos-1)"
            ));
        }
    }
    if let Some(c) = &g.coordinates {
        if names::parse_coordinate(&c.latitude, 2, 90).is_none() {
            return Err(format!("Latitude '{}' must be a number from -90 to 90 with at most two decimals", c.latitude));
        }
        if names::parse_coordinate(&c.longitude, 3, 180).is_none() {
            return Err(format!(
                "Longitude '{}' must be a number from -180 to 180 with at most two decimals",
                c.longitude
            ));
        }
    }
    Ok(())
}

/// An alias must name a target Route 53 knows: an S3 website endpoint with its region's zone
/// id, a CloudFront distribution (Z2FDTNDATAQYW2), a load balancer with its region's zone id,
/// or a record of the same type in the same zone.
fn check_alias(zone: &Zone, set: &ResourceRecordSet, alias: &AliasTarget, errors: &mut Vec<String>) {
    let target_display = format!("{}.", alias.dns_name.trim_end_matches('.'));
    let not_in_zone = || {
        format!(
            "Tried to create an alias that targets {target_display}, type {} in zone {}, but the alias target name does not lie within the target zone",
            set.record_type, alias.hosted_zone_id
        )
    };
    if matches!(set.record_type.as_str(), "NS" | "SOA") {
        errors.push(format!("RRSet of type {} with DNS name {} cannot be an alias", set.record_type, set.name));
        return;
    }
    if names::canonical_name(&alias.dns_name).is_err() {
        errors.push(format!("Invalid alias target DNS name '{}'", alias.dns_name));
        return;
    }
    match alias_kind(zone, set, alias) {
        AliasKind::Record(target) => {
            if target == set.name {
                errors.push(format!("RRSet with DNS name {} cannot be an alias to itself", set.name));
            }
            // The target's existence is checked against the batch's result, after sequencing.
        }
        AliasKind::Endpoint { host, what } => {
            if !matches!(set.record_type.as_str(), "A" | "AAAA") {
                errors.push(format!(
                    "An alias to a {what} must be of type A or AAAA, not {} ({})",
                    set.record_type,
                    set.describe()
                ));
                return;
            }
            match what {
                "CloudFront distribution" => {
                    if !host.ends_with(".cloudfront.net") {
                        errors.push(not_in_zone());
                    }
                    if alias.evaluate_target_health {
                        errors.push(format!(
                            "EvaluateTargetHealth cannot be true for an alias to a CloudFront distribution ({})",
                            set.describe()
                        ));
                    }
                    if zone.private_zone {
                        errors.push(
                            "Alias resource record sets for CloudFront can't be created in a private zone".into(),
                        );
                    }
                }
                "S3 website endpoint" => {
                    let region = host.split(".s3-website").nth(1).unwrap_or("");
                    let region = region.trim_start_matches(['-', '.']).trim_end_matches(".amazonaws.com");
                    if s3_website_zone_id(region) != Some(alias.hosted_zone_id.as_str()) || set.record_type != "A" {
                        errors.push(not_in_zone());
                    }
                }
                _ => {
                    let ok = host.ends_with(".elb.amazonaws.com")
                        && ELB_ZONE_IDS
                            .iter()
                            .any(|(r, z)| *z == alias.hosted_zone_id && host.contains(&format!(".{r}.")));
                    if !ok {
                        errors.push(not_in_zone());
                    }
                }
            }
        }
    }
}

/// Two record sets are the same for DELETE when every field matches (values in any order).
fn same_set(a: &ResourceRecordSet, b: &ResourceRecordSet) -> bool {
    let values = |s: &ResourceRecordSet| {
        let mut v: Vec<String> = s.values().map(str::to_string).collect();
        crate::sort::sort(&mut v);
        v
    };
    let alias = |s: &ResourceRecordSet| {
        s.alias_target.as_ref().map(|t| {
            (t.hosted_zone_id.clone(), t.dns_name.trim_end_matches('.').to_ascii_lowercase(), t.evaluate_target_health)
        })
    };
    a.ttl == b.ttl
        && values(a) == values(b)
        && alias(a) == alias(b)
        && a.weight == b.weight
        && a.region == b.region
        && a.geo_location == b.geo_location
        && a.failover == b.failover
        && a.multi_value_answer == b.multi_value_answer
        && a.geo_proximity_location == b.geo_proximity_location
        && a.cidr_routing_config == b.cidr_routing_config
        && a.health_check_id == b.health_check_id
}

pub fn change_resource_record_sets(
    world: &mut World,
    cx: &mut CallContext,
    input: ChangeResourceRecordSetsRequest,
) -> Result<ChangeResourceRecordSetsOutput, ApiError> {
    let zone = zone(world, cx, &input.hosted_zone_id)?;
    let batch = &input.change_batch;
    if batch.changes.is_empty() {
        cx.why("a change batch needs at least one change");
        return Err(invalid_input(
            "1 validation error detected: Value '[]' at 'changeBatch.changes' failed to satisfy constraint: Member must have length greater than or equal to 1",
        ));
    }
    if batch.comment.as_ref().is_some_and(|c| c.len() > 256) {
        return Err(invalid_input("Comment must be at most 256 characters long"));
    }
    let elements: usize = batch
        .changes
        .iter()
        .map(|c| {
            let n = c.resource_record_set.resource_records.as_ref().map_or(1, |r| r.len().max(1));
            if c.action == "UPSERT" {
                2 * n
            } else {
                n
            }
        })
        .sum();
    if elements > MAX_RECORD_ELEMENTS_PER_REQUEST {
        cx.why(format!(
            "the batch holds {elements} ResourceRecord elements (UPSERT counts twice); the limit is {MAX_RECORD_ELEMENTS_PER_REQUEST}"
        ));
        return Err(ApiError::bad_request(
            "InvalidChangeBatch",
            format!("[Number of records limit of {MAX_RECORD_ELEMENTS_PER_REQUEST} exceeded.]"),
        ));
    }
    // 1. Each change on its own.
    let mut errors: Vec<String> = Vec::new();
    let mut sets = Vec::with_capacity(batch.changes.len());
    for (i, change) in batch.changes.iter().enumerate() {
        match check_change(world, zone, i, change, &mut errors) {
            Ok(set) => sets.push((change.action.as_str(), set)),
            Err(e) => {
                cx.why(format!("change {} is refused: {}", i + 1, e.message));
                return Err(e);
            }
        }
    }
    // 2. The changes in order, against a working copy of the names they touch.
    let mut work: BTreeMap<String, ResourceRecordSet> = BTreeMap::new();
    let mut touched: BTreeSet<String> = BTreeSet::new();
    for (_, set) in &sets {
        let prefix = name_prefix(&set.name);
        if touched.insert(prefix.clone()) {
            for (k, v) in zone.records.range(prefix.clone()..).take_while(|(k, _)| k.starts_with(&prefix)) {
                work.insert(k.clone(), v.clone());
            }
        }
    }
    let mut actions: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (action, set) in &sets {
        let key = set.key();
        let history = actions.entry(key.clone()).or_default();
        history.push(action);
        let valid_sequence =
            history.len() == 1 || (history.len() == 2 && history[0] == "DELETE" && history[1] == "CREATE");
        if !valid_sequence {
            errors.push(format!(
                "The request contains an invalid set of changes for a resource record set '{} {}'",
                set.record_type,
                names::display_name(&set.name)
            ));
            continue;
        }
        let is_apex = set.name == zone.name;
        match *action {
            "DELETE" => match work.get(&key) {
                None => {
                    errors.push(format!("Tried to delete resource record set {} but it was not found", set.describe()))
                }
                Some(existing) if !same_set(existing, set) => errors.push(format!(
                    "Tried to delete resource record set {} but the values provided do not match the current values",
                    set.describe()
                )),
                Some(_) if is_apex && set.record_type == "SOA" => {
                    errors.push("A HostedZone must contain exactly one SOA record.".into())
                }
                Some(_) if is_apex && set.record_type == "NS" => {
                    errors.push("A HostedZone must contain at least one NS record for the zone itself.".into())
                }
                Some(_) => {
                    work.remove(&key);
                }
            },
            _ => {
                if *action == "CREATE" && work.contains_key(&key) {
                    errors
                        .push(format!("Tried to create resource record set {} but it already exists", set.describe()));
                    continue;
                }
                let at_name = work.values().filter(|s| s.name == set.name);
                if set.record_type == "CNAME" {
                    if is_apex {
                        errors.push(format!(
                            "RRSet of type CNAME with DNS name {} is not permitted at apex in zone {}",
                            set.name, zone.name
                        ));
                        continue;
                    }
                    if at_name.clone().any(|s| s.record_type != "CNAME") {
                        errors.push(format!(
                            "RRSet of type CNAME with DNS name {} is not permitted as it conflicts with other records with the same DNS name in zone {}",
                            set.name, zone.name
                        ));
                        continue;
                    }
                } else if at_name.clone().any(|s| s.record_type == "CNAME") {
                    errors.push(format!(
                        "RRSet of type {} with DNS name {} is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists in zone {}",
                        set.record_type, set.name, zone.name
                    ));
                    continue;
                }
                work.insert(key, set.clone());
            }
        }
    }
    // 3. Groups (name + type) after the batch: one policy, unique failover roles, regions and
    // locations, at most 100 records; weighted sets share the TTL last set.
    let mut groups: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for (k, s) in &work {
        groups.entry((s.name.clone(), s.record_type.clone())).or_default().push(k.clone());
    }
    for (action, set) in &sets {
        if *action == "DELETE" {
            continue;
        }
        let Some(keys) = groups.get(&(set.name.clone(), set.record_type.clone())) else { continue };
        let members: Vec<&ResourceRecordSet> = keys.iter().filter_map(|k| work.get(k)).collect();
        let policy = set.policy();
        let kind = policy.name();
        if let Some(other) = members.iter().find(|m| m.policy() != policy) {
            errors.push(if policy == Policy::Simple || other.policy() == Policy::Simple {
                format!(
                    "RRSet with DNS name {}, type {} cannot be created because a {} rrset exists with the same name and type",
                    set.name,
                    set.record_type,
                    if policy == Policy::Simple { "routing-policy (non-simple)" } else { "simple (non-routing-policy)" }
                )
            } else {
                format!(
                    "RRSet with DNS name {}, type {}, SetIdentifier {} cannot be created because a non {kind} rrset exists with the same name and type",
                    set.name,
                    set.record_type,
                    set.set_identifier.as_deref().unwrap_or("")
                )
            });
            continue;
        }
        if policy == Policy::Simple {
            continue;
        }
        let limit = if policy == Policy::Geoproximity {
            MAX_GEOPROXIMITY_RECORDS_PER_NAME
        } else {
            MAX_POLICY_RECORDS_PER_NAME
        };
        if members.len() > limit {
            errors.push(format!(
                "Cannot have more than {limit} {kind} records with DNS name {} and type {}",
                set.name, set.record_type
            ));
        }
        let clash = members.iter().any(|m| {
            m.set_identifier != set.set_identifier
                && match policy {
                    Policy::Failover => m.failover == set.failover,
                    Policy::Latency => m.region == set.region,
                    Policy::Geolocation => m.geo_location == set.geo_location,
                    Policy::IpBased => {
                        let (a, b) = (m.cidr_routing_config.as_ref(), set.cidr_routing_config.as_ref());
                        a.map(|c| &c.collection_id) != b.map(|c| &c.collection_id) || a == b
                    }
                    _ => false,
                }
        });
        if clash {
            errors.push(format!(
                "RRSet with DNS name {}, type {}, SetIdentifier {} cannot be created because another {kind} record with the same name and type already uses {}",
                set.name,
                set.record_type,
                set.set_identifier.as_deref().unwrap_or(""),
                match policy {
                    Policy::Failover => format!("failover role {}", set.failover.as_deref().unwrap_or("")),
                    Policy::Latency => format!("region {}", set.region.as_deref().unwrap_or("")),
                    Policy::IpBased => {
                        let c = set.cidr_routing_config.clone().unwrap_or_default();
                        format!(
                            "CIDR location {} of collection {}, or another collection (one name and type routes by one collection)",
                            c.location_name, c.collection_id
                        )
                    }
                    _ => "the same location".to_string(),
                }
            ));
        }
    }
    // Aliases to records in the zone need their target (of the same type) after the batch.
    for (action, set) in &sets {
        let Some(alias) = set.alias_target.as_ref().filter(|_| *action != "DELETE") else { continue };
        if let AliasKind::Record(target) = alias_kind(zone, set, alias) {
            let prefix = name_prefix(&target);
            let in_work = work.values().any(|s| s.name == target && s.record_type == set.record_type);
            let in_zone =
                !touched.contains(&prefix) && zone.sets_named(&target).any(|s| s.record_type == set.record_type);
            if !in_work && !in_zone {
                errors.push(format!(
                    "Tried to create an alias that targets {}, type {} in zone {}, but that target was not found",
                    names::display_name(&target),
                    set.record_type,
                    zone.id
                ));
            }
        }
    }
    let old_count: usize = touched
        .iter()
        .map(|p| zone.records.range(p.clone()..).take_while(|(k, _)| k.starts_with(p.as_str())).count())
        .sum();
    let new_total = zone.records.len() - old_count + work.len();
    if new_total > MAX_RECORDS_PER_ZONE {
        errors.push(format!(
            "The hosted zone {} would hold {new_total} records; the limit is {MAX_RECORDS_PER_ZONE} per zone",
            zone.name
        ));
    }
    if !errors.is_empty() {
        cx.why(format!(
            "the batch is all or nothing, and {} problem(s) were found, so no change was applied: {}",
            errors.len(),
            errors[0]
        ));
        return Err(ApiError::bad_request("InvalidChangeBatch", format!("[{}]", errors.join(", "))));
    }
    // Weighted sets with the same name and type share the TTL set last.
    for (action, set) in &sets {
        if *action == "DELETE" || set.policy() != Policy::Weighted || set.ttl.is_none() {
            continue;
        }
        for s in work.values_mut() {
            if s.name == set.name && s.record_type == set.record_type && s.ttl.is_some() {
                s.ttl = set.ttl;
            }
        }
    }
    // 4. Apply: replace the touched names with the working copy.
    let zone_name = zone.name.clone();
    let zone_id = zone.id.clone();
    let zone = world.route53.zones.get_mut(&zone_id).expect("zone looked up above");
    for prefix in &touched {
        let stale: Vec<String> = zone
            .records
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(prefix.as_str()))
            .map(|(k, _)| k.clone())
            .collect();
        for k in stale {
            zone.records.remove(&k);
        }
    }
    zone.records.extend(work);
    let change = new_change(world, batch.comment.clone());
    cx.why(format!(
        "applied {} change(s) to zone {zone_name} as one batch; change {} is PENDING until Route 53's servers are in sync",
        sets.len(),
        change.id
    ));
    Ok(ChangeResourceRecordSetsOutput { change_info: ChangeInfo::of(&change) })
}

// ---------------------------------------------------------------- ListResourceRecordSets

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListResourceRecordSetsRequest {
    pub hosted_zone_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_record_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_record_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_record_identifier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListResourceRecordSetsOutput {
    pub resource_record_sets: Vec<ResourceRecordSet>,
    pub is_truncated: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_record_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_record_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_record_identifier: Option<String>,
    pub max_items: String,
}

/// A stored set as ListResourceRecordSets shows it (`*` as `\052`).
pub fn listed(set: &ResourceRecordSet) -> ResourceRecordSet {
    let mut out = set.clone();
    out.name = names::display_name(&set.name);
    out
}

pub fn list_resource_record_sets(
    world: &mut World,
    cx: &mut CallContext,
    input: ListResourceRecordSetsRequest,
) -> Result<ListResourceRecordSetsOutput, ApiError> {
    let zone = zone(world, cx, &input.hosted_zone_id)?;
    let max = max_items(input.max_items.as_deref(), 300, 300)?;
    if input.start_record_type.is_some() && input.start_record_name.is_none() {
        cx.why("StartRecordType needs StartRecordName");
        return Err(invalid_input("The input is not valid: StartRecordType requires StartRecordName"));
    }
    if input.start_record_identifier.is_some() && input.start_record_type.is_none() {
        cx.why("StartRecordIdentifier needs StartRecordName and StartRecordType");
        return Err(invalid_input(
            "The input is not valid: StartRecordIdentifier requires StartRecordName and StartRecordType",
        ));
    }
    if let Some(t) = &input.start_record_type {
        if !RR_TYPES.contains(&t.as_str()) {
            return Err(invalid_input(format!("Invalid StartRecordType '{t}'")));
        }
    }
    let start = match &input.start_record_name {
        Some(n) => {
            let canonical = names::canonical_name(n)
                .map_err(|reason| invalid_input(format!("Invalid StartRecordName '{n}': {reason}")))?;
            let mut key = reversed_name(&canonical);
            if let Some(t) = &input.start_record_type {
                key.push(' ');
                key.push_str(t);
                if let Some(id) = &input.start_record_identifier {
                    key.push(' ');
                    key.push_str(id);
                }
            }
            key
        }
        None => String::new(),
    };
    let mut iter = zone.records.range(start..).map(|(_, s)| s);
    let page: Vec<ResourceRecordSet> = iter.by_ref().take(max).map(listed).collect();
    let next = iter.next();
    cx.why(format!(
        "{} record set(s), ordered by name with labels reversed, then type{}",
        page.len(),
        if next.is_some() { "; more remain (IsTruncated)" } else { "" }
    ));
    Ok(ListResourceRecordSetsOutput {
        resource_record_sets: page,
        is_truncated: next.is_some(),
        next_record_name: next.map(|s| names::display_name(&s.name)),
        next_record_type: next.map(|s| s.record_type.clone()),
        next_record_identifier: next.and_then(|s| s.set_identifier.clone()),
        max_items: max.to_string(),
    })
}
