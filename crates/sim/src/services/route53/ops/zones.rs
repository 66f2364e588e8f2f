//! Hosted zones: CreateHostedZone, GetHostedZone, ListHostedZones, DeleteHostedZone,
//! GetHostedZoneCount, and GetChange.

use super::*;
use crate::services::route53::names;
use rand::RngExt;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HostedZoneConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_zone: Option<bool>,
}

/// `HostedZone` as the API shapes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HostedZone {
    pub id: String,
    pub name: String,
    pub caller_reference: String,
    pub config: HostedZoneConfig,
    pub resource_record_set_count: i64,
}

impl HostedZone {
    pub fn of(zone: &Zone) -> Self {
        HostedZone {
            id: format!("/hostedzone/{}", zone.id),
            name: names::display_name(&zone.name),
            caller_reference: zone.caller_reference.clone(),
            config: HostedZoneConfig { comment: zone.comment.clone(), private_zone: Some(zone.private_zone) },
            resource_record_set_count: zone.records.len() as i64,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DelegationSet {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_reference: Option<String>,
    pub name_servers: Vec<String>,
}

// ---------------------------------------------------------------- CreateHostedZone

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateHostedZoneRequest {
    pub name: String,
    #[serde(rename = "VPC", default, skip_serializing_if = "Option::is_none")]
    pub vpc: Option<Vpc>,
    pub caller_reference: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hosted_zone_config: Option<HostedZoneConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delegation_set_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateHostedZoneOutput {
    pub hosted_zone: HostedZone,
    pub change_info: ChangeInfo,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delegation_set: Option<DelegationSet>,
    #[serde(rename = "VPC", default, skip_serializing_if = "Option::is_none")]
    pub vpc: Option<Vpc>,
    pub location: String,
}

fn check_vpc(vpc: &Vpc) -> Result<(), ApiError> {
    let (Some(id), Some(region)) = (&vpc.vpc_id, &vpc.vpc_region) else {
        return Err(invalid_input("A VPC needs both VPCId and VPCRegion"));
    };
    let hex = id.strip_prefix("vpc-").unwrap_or("");
    if !(hex.len() == 8 || hex.len() == 17) || !hex.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()) {
        return Err(ApiError::bad_request(
            "InvalidVPCId",
            format!("The VPC ID '{id}' is not valid (expected vpc- and 8 or 17 lower-case hex digits)"),
        ));
    }
    if crate::regions::find(region).is_none() {
        return Err(invalid_input(format!("VPCRegion '{region}' is not a region Nimbus Lab simulates")));
    }
    Ok(())
}

/// Four name servers, one per top-level domain, as Route 53 assigns a delegation set.
fn name_servers(world: &mut World) -> Vec<String> {
    ["com", "net", "org", "co.uk"]
        .iter()
        .enumerate()
        .map(|(i, tld)| {
            let n = 512 * i as u32 + world.rng().random_range(0..512u32);
            let m = world.rng().random_range(0..64u32);
            format!("ns-{n}.awsdns-{m:02}.{tld}")
        })
        .collect()
}

pub fn create_hosted_zone(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateHostedZoneRequest,
) -> Result<CreateHostedZoneOutput, ApiError> {
    if input.caller_reference.is_empty() || input.caller_reference.len() > 128 {
        cx.why("CallerReference is 1 to 128 characters");
        return Err(invalid_input("CallerReference must be 1 to 128 characters long"));
    }
    let name = names::canonical_name(&input.name).map_err(|reason| {
        cx.why(format!("'{}' is not a valid domain name: {reason}", input.name));
        ApiError::bad_request("InvalidDomainName", format!("{} is not a valid domain name: {reason}", input.name))
    })?;
    if name.starts_with("*.") {
        cx.why("a hosted zone name cannot be a wildcard");
        return Err(ApiError::bad_request("InvalidDomainName", format!("{} is not a valid zone name", input.name)));
    }
    if let Some(comment) = input.hosted_zone_config.as_ref().and_then(|c| c.comment.as_ref()) {
        if comment.len() > 256 {
            return Err(invalid_input("Comment must be at most 256 characters long"));
        }
    }
    if input.delegation_set_id.is_some() {
        cx.why("reusable delegation sets are not simulated");
        return Err(ApiError::bad_request(
            "NoSuchDelegationSet",
            "Nimbus Lab does not simulate reusable delegation sets",
        ));
    }
    if world.route53.zones.values().any(|z| z.caller_reference == input.caller_reference) {
        cx.why(format!(
            "a hosted zone was already created with CallerReference '{}'; each request needs a new one",
            input.caller_reference
        ));
        return Err(ApiError::conflict(
            "HostedZoneAlreadyExists",
            "A hosted zone has already been created with the specified caller reference.",
        ));
    }
    let wants_private = input.hosted_zone_config.as_ref().and_then(|c| c.private_zone).unwrap_or(false);
    let private = match &input.vpc {
        Some(vpc) => {
            check_vpc(vpc).inspect_err(|e| cx.why(e.message.clone()))?;
            true
        }
        None if wants_private => {
            cx.why("a private hosted zone is created by naming a VPC (VPCId and VPCRegion)");
            return Err(invalid_input("When you create a private hosted zone, you must specify a VPC"));
        }
        None => false,
    };
    if private {
        let vpc = input.vpc.clone().unwrap_or_default();
        if world.route53.zones.values().any(|z| z.private_zone && z.name == name && z.vpcs.contains(&vpc)) {
            cx.why(format!(
                "a private zone named {name} is already associated with {}",
                vpc.vpc_id.unwrap_or_default()
            ));
            return Err(ApiError::bad_request(
                "ConflictingDomainExists",
                format!("A private hosted zone named {name} is already associated with this VPC"),
            ));
        }
    }
    if world.route53.zones.len() >= MAX_HOSTED_ZONES {
        cx.why(format!("an account may have at most {MAX_HOSTED_ZONES} hosted zones"));
        return Err(ApiError::bad_request("TooManyHostedZones", "Limits Exceeded: MAX_HOSTED_ZONES_BY_OWNER"));
    }
    let id = format!("Z{}", ids::upper_alnum(world.rng(), 13));
    // Private zones answer with fixed placeholder name servers; public ones get a delegation set.
    let servers = if private {
        vec![
            "ns-0.awsdns-00.com".to_string(),
            "ns-512.awsdns-00.net".into(),
            "ns-1024.awsdns-00.org".into(),
            "ns-1536.awsdns-00.co.uk".into(),
        ]
    } else {
        name_servers(world)
    };
    let mut records = std::collections::BTreeMap::new();
    let ns = ResourceRecordSet {
        name: name.clone(),
        record_type: "NS".into(),
        ttl: Some(NS_TTL),
        resource_records: Some(servers.iter().map(|s| ResourceRecord { value: format!("{s}.") }).collect()),
        ..Default::default()
    };
    let soa = ResourceRecordSet {
        name: name.clone(),
        record_type: "SOA".into(),
        ttl: Some(SOA_TTL),
        resource_records: Some(vec![ResourceRecord {
            value: format!("{}. {SOA_HOSTMASTER} {SOA_TIMERS}", servers[0]),
        }]),
        ..Default::default()
    };
    records.insert(ns.key(), ns);
    records.insert(soa.key(), soa);
    let comment = input.hosted_zone_config.as_ref().and_then(|c| c.comment.clone());
    world.route53.zone_seq += 1;
    let zone = Zone {
        id: id.clone(),
        name: name.clone(),
        caller_reference: input.caller_reference.clone(),
        comment,
        private_zone: private,
        vpcs: input.vpc.clone().into_iter().collect(),
        name_servers: servers.clone(),
        created: world.now(),
        seq: world.route53.zone_seq,
        records,
    };
    cx.touch(zone.arn());
    let hosted_zone = HostedZone::of(&zone);
    world.route53.zones.insert(id.clone(), zone);
    let change = new_change(world, None);
    cx.why(format!(
        "created {} zone {name} with an NS record (4 name servers, TTL {NS_TTL}) and an SOA record (TTL {SOA_TTL}); the change is PENDING until it reaches every Route 53 server",
        if private { "private" } else { "public" }
    ));
    Ok(CreateHostedZoneOutput {
        hosted_zone,
        change_info: ChangeInfo::of(&change),
        delegation_set: (!private).then_some(DelegationSet { id: None, caller_reference: None, name_servers: servers }),
        vpc: input.vpc,
        location: format!("https://route53.amazonaws.com/2013-04-01/hostedzone/{id}"),
    })
}

// ---------------------------------------------------------------- GetHostedZone

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetHostedZoneRequest {
    pub id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetHostedZoneOutput {
    pub hosted_zone: HostedZone,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delegation_set: Option<DelegationSet>,
    #[serde(rename = "VPCs", default, skip_serializing_if = "Option::is_none")]
    pub vpcs: Option<Vec<Vpc>>,
}

pub fn get_hosted_zone(
    world: &mut World,
    cx: &mut CallContext,
    input: GetHostedZoneRequest,
) -> Result<GetHostedZoneOutput, ApiError> {
    let zone = zone(world, cx, &input.id)?;
    Ok(GetHostedZoneOutput {
        hosted_zone: HostedZone::of(zone),
        delegation_set: (!zone.private_zone).then(|| DelegationSet {
            id: None,
            caller_reference: None,
            name_servers: zone.name_servers.clone(),
        }),
        vpcs: zone.private_zone.then(|| zone.vpcs.clone()),
    })
}

// ---------------------------------------------------------------- ListHostedZones

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListHostedZonesRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delegation_set_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hosted_zone_type: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListHostedZonesOutput {
    pub hosted_zones: Vec<HostedZone>,
    pub marker: String,
    pub is_truncated: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
    pub max_items: String,
}

pub fn list_hosted_zones(
    world: &mut World,
    cx: &mut CallContext,
    input: ListHostedZonesRequest,
) -> Result<ListHostedZonesOutput, ApiError> {
    let max = max_items(input.max_items.as_deref(), 100, 100)?;
    let private_only = match input.hosted_zone_type.as_deref() {
        None => false,
        Some("PrivateHostedZone") => true,
        Some(other) => return Err(invalid_input(format!("Invalid HostedZoneType '{other}'"))),
    };
    let start = input.marker.as_deref().map(zone_id_of).unwrap_or("").to_string();
    let mut zones =
        world.route53.zones.range(start.clone()..).map(|(_, z)| z).filter(|z| !private_only || z.private_zone);
    let page: Vec<HostedZone> = zones.by_ref().take(max).map(HostedZone::of).collect();
    let next = zones.next().map(|z| z.id.clone());
    cx.why(format!("{} hosted zone(s) in this page, in id order", page.len()));
    Ok(ListHostedZonesOutput {
        hosted_zones: page,
        marker: input.marker.unwrap_or_default(),
        is_truncated: next.is_some(),
        next_marker: next,
        max_items: max.to_string(),
    })
}

// ---------------------------------------------------------------- GetHostedZoneCount

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GetHostedZoneCountRequest {}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetHostedZoneCountOutput {
    pub hosted_zone_count: i64,
}

pub fn get_hosted_zone_count(
    world: &mut World,
    _cx: &mut CallContext,
    _input: GetHostedZoneCountRequest,
) -> Result<GetHostedZoneCountOutput, ApiError> {
    Ok(GetHostedZoneCountOutput { hosted_zone_count: world.route53.zones.len() as i64 })
}

// ---------------------------------------------------------------- DeleteHostedZone

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteHostedZoneRequest {
    pub id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteHostedZoneOutput {
    pub change_info: ChangeInfo,
}

pub fn delete_hosted_zone(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteHostedZoneRequest,
) -> Result<DeleteHostedZoneOutput, ApiError> {
    let zone = zone(world, cx, &input.id)?;
    let others = zone.user_record_count();
    if others > 0 {
        cx.why(format!(
            "zone {} still holds {others} record set(s) besides its NS and SOA; delete them first",
            zone.name
        ));
        return Err(ApiError::bad_request(
            "HostedZoneNotEmpty",
            "The hosted zone contains resource records that are not SOA or NS records.",
        ));
    }
    let (id, name) = (zone.id.clone(), zone.name.clone());
    world.route53.zones.remove(&id);
    let change = new_change(world, None);
    cx.why(format!("zone {name} held only its NS and SOA records, so it was deleted"));
    Ok(DeleteHostedZoneOutput { change_info: ChangeInfo::of(&change) })
}

// ---------------------------------------------------------------- GetChange

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetChangeRequest {
    pub id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetChangeOutput {
    pub change_info: ChangeInfo,
}

pub fn get_change(
    world: &mut World,
    cx: &mut CallContext,
    input: GetChangeRequest,
) -> Result<GetChangeOutput, ApiError> {
    let id = input.id.trim().trim_start_matches("/change/");
    match world.route53.change(id) {
        Some(change) => {
            cx.why(match change.status {
                ChangeStatus::Pending => format!(
                    "change {id} is PENDING: it becomes INSYNC {} after submission (Nimbus Lab's propagation time)",
                    CHANGE_PROPAGATION
                ),
                ChangeStatus::Insync => format!("change {id} has reached every Route 53 server (INSYNC)"),
            });
            Ok(GetChangeOutput { change_info: ChangeInfo::of(change) })
        }
        None => {
            cx.why(format!("no change has the id '{id}'"));
            Err(ApiError::not_found(
                "NoSuchChange",
                format!("A change with the specified change ID does not exist: {id}"),
            ))
        }
    }
}
