//! Network ACLs: every VPC has a default ACL that allows everything and holds each subnet until
//! the subnet is moved to another ACL; every ACL ends with the `*` rule (32767) that denies.

use super::network::vpc_in;
use super::*;
use crate::services::ec2::cidr::Cidr;
use crate::world::CallContext;

fn rule(rule_number: i64, egress: bool, action: &str) -> AclEntry {
    AclEntry {
        rule_number,
        egress,
        protocol: "-1".into(),
        rule_action: action.into(),
        cidr_block: Some("0.0.0.0/0".into()),
        ipv6_cidr_block: None,
        port_range: None,
        icmp: None,
    }
}

/// An ACL with the `*` deny rules; a default ACL also allows everything with rule 100.
pub(crate) fn make_network_acl(world: &mut World, region: &str, vpc_id: &str, is_default: bool, tags: Tags) -> String {
    let id = new_id(world, "acl");
    let mut entries = vec![rule(ACL_DEFAULT_RULE, true, "deny"), rule(ACL_DEFAULT_RULE, false, "deny")];
    if is_default {
        entries.extend([rule(100, true, "allow"), rule(100, false, "allow")]);
    }
    let acl = NetworkAcl {
        network_acl_id: id.clone(),
        region: region.into(),
        vpc_id: vpc_id.into(),
        is_default,
        entries,
        associations: Vec::new(),
        tags,
    };
    world.ec2.network_acls.insert(id.clone(), acl);
    id
}

/// A new subnet starts with its VPC's default ACL.
pub(crate) fn associate_default_acl(world: &mut World, vpc_id: &str, subnet_id: &str) {
    let association_id = new_id(world, "aclassoc");
    if let Some(acl) = world.ec2.network_acls.values_mut().find(|a| a.vpc_id == vpc_id && a.is_default) {
        acl.associations.push(AclAssociation { association_id, subnet_id: subnet_id.into() });
    }
}

fn acl_in<'w>(world: &'w World, cx: &mut CallContext, id: &str) -> Result<&'w NetworkAcl, ApiError> {
    cx.touch(id.to_string());
    world.ec2.network_acls.get(id).filter(|a| a.region == cx.region).ok_or_else(|| {
        cx.why(format!("no network ACL '{id}' in {}", cx.region));
        not_found("InvalidNetworkAclID.NotFound", "networkAcl", id)
    })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PortRange {
    pub from: i64,
    pub to: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IcmpTypeCode {
    pub code: i64,
    #[serde(rename = "Type")]
    pub icmp_type: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkAclEntryView {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_block: Option<String>,
    pub egress: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icmp_type_code: Option<IcmpTypeCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6_cidr_block: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port_range: Option<PortRange>,
    pub protocol: String,
    pub rule_action: String,
    pub rule_number: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkAclAssociationView {
    pub network_acl_association_id: String,
    pub network_acl_id: String,
    pub subnet_id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkAclView {
    pub associations: Vec<NetworkAclAssociationView>,
    pub entries: Vec<NetworkAclEntryView>,
    pub is_default: bool,
    pub network_acl_id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    pub vpc_id: String,
    pub owner_id: String,
}

pub fn entry_view(e: &AclEntry) -> NetworkAclEntryView {
    NetworkAclEntryView {
        cidr_block: e.cidr_block.clone(),
        egress: e.egress,
        icmp_type_code: e.icmp.map(|(t, c)| IcmpTypeCode { code: c, icmp_type: t }),
        ipv6_cidr_block: e.ipv6_cidr_block.clone(),
        port_range: e.port_range.map(|(from, to)| PortRange { from, to }),
        protocol: e.protocol.clone(),
        rule_action: e.rule_action.clone(),
        rule_number: e.rule_number,
    }
}

fn acl_view(a: &NetworkAcl) -> NetworkAclView {
    // EC2 lists egress rules first, each direction in rule order.
    let mut entries: Vec<&AclEntry> = a.entries.iter().collect();
    entries.sort_by_key(|e| (!e.egress, e.rule_number));
    NetworkAclView {
        associations: a
            .associations
            .iter()
            .map(|s| NetworkAclAssociationView {
                network_acl_association_id: s.association_id.clone(),
                network_acl_id: a.network_acl_id.clone(),
                subnet_id: s.subnet_id.clone(),
            })
            .collect(),
        entries: entries.into_iter().map(entry_view).collect(),
        is_default: a.is_default,
        network_acl_id: a.network_acl_id.clone(),
        tags: tags_out(&a.tags),
        vpc_id: a.vpc_id.clone(),
        owner_id: ACCOUNT_ID.into(),
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateNetworkAclRequest {
    pub vpc_id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tag_specifications: Vec<TagSpecification>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateNetworkAclOutput {
    pub network_acl: NetworkAclView,
}

pub fn create_network_acl(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateNetworkAclRequest,
) -> Result<CreateNetworkAclOutput, ApiError> {
    vpc_in(world, cx, &input.vpc_id)?;
    let region = cx.region.clone();
    let id = make_network_acl(world, &region, &input.vpc_id, false, tags_for(&input.tag_specifications, "network-acl"));
    cx.touch(id.clone());
    cx.why(format!(
        "network ACL {id} created in {} with only the deny-all `*` rules; add entries, then move subnets to it",
        input.vpc_id
    ));
    Ok(CreateNetworkAclOutput { network_acl: acl_view(&world.ec2.network_acls[&id]) })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeNetworkAclsRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<Filter>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub network_acl_ids: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeNetworkAclsOutput {
    pub network_acls: Vec<NetworkAclView>,
}

pub fn describe_network_acls(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeNetworkAclsRequest,
) -> Result<DescribeNetworkAclsOutput, ApiError> {
    for id in &input.network_acl_ids {
        acl_in(world, cx, id)?;
    }
    let mut out = Vec::new();
    for a in world.ec2.network_acls.values().filter(|a| a.region == cx.region) {
        if !input.network_acl_ids.is_empty() && !input.network_acl_ids.contains(&a.network_acl_id) {
            continue;
        }
        let ok = passes(&input.filters, &a.tags, |name| match name {
            "network-acl-id" | "association.network-acl-id" => one(&a.network_acl_id),
            "vpc-id" => one(&a.vpc_id),
            "default" => flag(a.is_default),
            "association.subnet-id" => Some(a.associations.iter().map(|s| s.subnet_id.clone()).collect()),
            "association.association-id" => Some(a.associations.iter().map(|s| s.association_id.clone()).collect()),
            "entry.rule-number" => Some(a.entries.iter().map(|e| e.rule_number.to_string()).collect()),
            "entry.rule-action" => Some(a.entries.iter().map(|e| e.rule_action.clone()).collect()),
            "entry.cidr" => Some(a.entries.iter().filter_map(|e| e.cidr_block.clone()).collect()),
            "owner-id" => one(ACCOUNT_ID),
            _ => None,
        })?;
        if ok {
            out.push(acl_view(a));
        }
    }
    cx.why(format!("{} network ACL(s) in {}", out.len(), cx.region));
    Ok(DescribeNetworkAclsOutput { network_acls: out })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteNetworkAclRequest {
    pub network_acl_id: String,
}

pub fn delete_network_acl(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteNetworkAclRequest,
) -> Result<EmptyOutput, ApiError> {
    let a = acl_in(world, cx, &input.network_acl_id)?.clone();
    if a.is_default {
        cx.why("a VPC's default network ACL goes only with its VPC");
        return Err(invalid_parameter(format!("cannot delete default network ACL {}", a.network_acl_id)));
    }
    if !a.associations.is_empty() {
        cx.why(format!(
            "{} subnet(s) use the ACL; move them to another ACL (ReplaceNetworkAclAssociation) first",
            a.associations.len()
        ));
        return Err(dependency("networkAcl", &a.network_acl_id));
    }
    world.ec2.network_acls.remove(&a.network_acl_id);
    cx.why(format!("network ACL {} deleted", a.network_acl_id));
    Ok(EmptyOutput {})
}

/// CreateNetworkAclEntry and ReplaceNetworkAclEntry take the same members.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkAclEntryRequest {
    pub network_acl_id: String,
    pub rule_number: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_action: Option<String>,
    #[serde(default)]
    pub egress: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_block: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6_cidr_block: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icmp_type_code: Option<IcmpTypeCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port_range: Option<PortRange>,
}

/// `tcp`, `udp`, `icmp`, `all` as the numbers EC2 stores (`6`, `17`, `1`, `-1`).
fn protocol_number(text: &str) -> Option<String> {
    let n = match text.to_ascii_lowercase().as_str() {
        "-1" | "all" => return Some("-1".into()),
        "tcp" => 6,
        "udp" => 17,
        "icmp" => 1,
        "icmpv6" => 58,
        other => other.parse::<i64>().ok().filter(|n| (0..=255).contains(n))?,
    };
    Some(n.to_string())
}

fn entry_from(cx: &mut CallContext, input: &NetworkAclEntryRequest) -> Result<AclEntry, ApiError> {
    if !ACL_RULE_NUMBERS.contains(&input.rule_number) {
        cx.why(format!("rule numbers run from 1 to 32766; {} is outside", input.rule_number));
        return Err(invalid_parameter(format!(
            "Value ({}) for parameter ruleNumber is invalid. Rule number must be between 1 and 32766.",
            input.rule_number
        )));
    }
    let text = input.protocol.clone().ok_or_else(|| missing("protocol"))?;
    let protocol = protocol_number(&text)
        .ok_or_else(|| invalid_parameter(format!("Value ({text}) for parameter protocol is invalid.")))?;
    let action = input.rule_action.clone().ok_or_else(|| missing("ruleAction"))?;
    if action != "allow" && action != "deny" {
        return Err(invalid_parameter(format!("Value ({action}) for parameter ruleAction is invalid.")));
    }
    match (&input.cidr_block, &input.ipv6_cidr_block) {
        (None, None) => return Err(missing("cidrBlock")),
        (Some(c), _) if Cidr::parse(c).is_none() => {
            return Err(invalid_parameter(format!(
                "Value ({c}) for parameter cidrBlock is invalid. This is not a valid CIDR block."
            )))
        }
        _ => {}
    }
    let port_range = input.port_range.as_ref().map(|p| (p.from, p.to));
    if (protocol == "6" || protocol == "17") && port_range.is_none() {
        cx.why("a TCP or UDP rule names its ports (--port-range From=…,To=…)");
        return Err(missing("portRange"));
    }
    if let Some((from, to)) = port_range.filter(|_| protocol == "6" || protocol == "17") {
        if !(0..=65535).contains(&from) || !(0..=65535).contains(&to) || from > to {
            return Err(invalid_parameter(format!("Invalid port range {from}-{to}")));
        }
    }
    let icmp = input.icmp_type_code.as_ref().map(|i| (i.icmp_type, i.code));
    if protocol == "1" && icmp.is_none() {
        return Err(missing("icmpTypeCode"));
    }
    // Ports mean something only to TCP and UDP, ICMP codes only to ICMP: EC2 drops the others.
    Ok(AclEntry {
        rule_number: input.rule_number,
        egress: input.egress,
        rule_action: action,
        cidr_block: input.cidr_block.as_deref().and_then(Cidr::parse).map(|c| c.to_string()),
        ipv6_cidr_block: input.ipv6_cidr_block.clone(),
        port_range: port_range.filter(|_| protocol == "6" || protocol == "17"),
        icmp: icmp.filter(|_| protocol == "1" || protocol == "58"),
        protocol,
    })
}

fn direction(egress: bool) -> &'static str {
    if egress {
        "egress"
    } else {
        "ingress"
    }
}

pub fn create_network_acl_entry(
    world: &mut World,
    cx: &mut CallContext,
    input: NetworkAclEntryRequest,
) -> Result<EmptyOutput, ApiError> {
    let a = acl_in(world, cx, &input.network_acl_id)?.clone();
    let entry = entry_from(cx, &input)?;
    if a.entries.iter().any(|e| e.rule_number == entry.rule_number && e.egress == entry.egress) {
        cx.why(format!("{} already has {} rule {}", a.network_acl_id, direction(entry.egress), entry.rule_number));
        return Err(ApiError::bad_request(
            "NetworkAclEntryAlreadyExists",
            format!("The network acl entry identified by {} already exists.", entry.rule_number),
        ));
    }
    cx.why(format!(
        "{} {} rule {} {}s protocol {} from {}; rules are checked in number order and the first match decides",
        a.network_acl_id,
        direction(entry.egress),
        entry.rule_number,
        entry.rule_action,
        entry.protocol,
        entry.cidr_block.clone().or(entry.ipv6_cidr_block.clone()).unwrap_or_default()
    ));
    if let Some(acl) = world.ec2.network_acls.get_mut(&a.network_acl_id) {
        acl.entries.push(entry);
    }
    Ok(EmptyOutput {})
}

fn entry_not_found(cx: &mut CallContext, acl: &str, rule_number: i64, egress: bool) -> ApiError {
    cx.why(format!("{acl} has no {} rule {rule_number}", direction(egress)));
    ApiError::bad_request(
        "InvalidNetworkAclEntry.NotFound",
        format!("The network acl entry identified by {rule_number} does not exist."),
    )
}

pub fn replace_network_acl_entry(
    world: &mut World,
    cx: &mut CallContext,
    input: NetworkAclEntryRequest,
) -> Result<EmptyOutput, ApiError> {
    let a = acl_in(world, cx, &input.network_acl_id)?.clone();
    let entry = entry_from(cx, &input)?;
    let Some(i) = a.entries.iter().position(|e| e.rule_number == entry.rule_number && e.egress == entry.egress) else {
        return Err(entry_not_found(cx, &a.network_acl_id, entry.rule_number, entry.egress));
    };
    cx.why(format!("{} {} rule {} replaced", a.network_acl_id, direction(entry.egress), entry.rule_number));
    if let Some(acl) = world.ec2.network_acls.get_mut(&a.network_acl_id) {
        acl.entries[i] = entry;
    }
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteNetworkAclEntryRequest {
    pub network_acl_id: String,
    pub rule_number: i64,
    #[serde(default)]
    pub egress: bool,
}

pub fn delete_network_acl_entry(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteNetworkAclEntryRequest,
) -> Result<EmptyOutput, ApiError> {
    let a = acl_in(world, cx, &input.network_acl_id)?.clone();
    let found = a.entries.iter().position(|e| e.rule_number == input.rule_number && e.egress == input.egress);
    let Some(i) = found.filter(|_| ACL_RULE_NUMBERS.contains(&input.rule_number)) else {
        return Err(entry_not_found(cx, &a.network_acl_id, input.rule_number, input.egress));
    };
    if let Some(acl) = world.ec2.network_acls.get_mut(&a.network_acl_id) {
        acl.entries.remove(i);
    }
    cx.why(format!("{} {} rule {} deleted", a.network_acl_id, direction(input.egress), input.rule_number));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReplaceNetworkAclAssociationRequest {
    pub association_id: String,
    pub network_acl_id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReplaceNetworkAclAssociationOutput {
    pub new_association_id: String,
}

pub fn replace_network_acl_association(
    world: &mut World,
    cx: &mut CallContext,
    input: ReplaceNetworkAclAssociationRequest,
) -> Result<ReplaceNetworkAclAssociationOutput, ApiError> {
    let target = acl_in(world, cx, &input.network_acl_id)?.clone();
    cx.touch(input.association_id.clone());
    let current = world.ec2.network_acls.values().filter(|a| a.region == cx.region).find_map(|a| {
        a.associations.iter().find(|s| s.association_id == input.association_id).map(|s| (a, s.subnet_id.clone()))
    });
    let Some((from, subnet_id)) = current.map(|(a, s)| (a.network_acl_id.clone(), s)) else {
        cx.why(format!("no network ACL association '{}'", input.association_id));
        return Err(ApiError::bad_request(
            "InvalidAssociationID.NotFound",
            format!("The association ID '{}' does not exist", input.association_id),
        ));
    };
    if world.ec2.subnets.get(&subnet_id).is_some_and(|s| s.vpc_id != target.vpc_id) {
        cx.why(format!("{subnet_id} is not in {}", target.vpc_id));
        return Err(invalid_parameter(format!(
            "Network ACL {} and subnet {subnet_id} belong to different networks",
            target.network_acl_id
        )));
    }
    let new_id = new_id(world, "aclassoc");
    if let Some(a) = world.ec2.network_acls.get_mut(&from) {
        a.associations.retain(|s| s.association_id != input.association_id);
    }
    if let Some(a) = world.ec2.network_acls.get_mut(&target.network_acl_id) {
        a.associations.push(AclAssociation { association_id: new_id.clone(), subnet_id: subnet_id.clone() });
    }
    cx.touch(new_id.clone());
    cx.why(format!(
        "{subnet_id} moved from {from} to {} (a subnet has exactly one network ACL)",
        target.network_acl_id
    ));
    Ok(ReplaceNetworkAclAssociationOutput { new_association_id: new_id })
}
