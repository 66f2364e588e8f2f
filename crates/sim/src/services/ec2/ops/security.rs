//! Security groups (with their ingress and egress rules) and key pairs.

use super::network::vpc_in;
use super::*;
use crate::bytes::Bytes;
use crate::services::ec2::cidr::Cidr;
use crate::world::CallContext;

// ------------------------------------------------------------------ security groups

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IpRange {
    pub cidr_ip: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserIdGroupPair {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IpPermission {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i64>,
    pub ip_protocol: String,
    #[serde(default)]
    pub ip_ranges: Vec<IpRange>,
    #[serde(default)]
    pub ipv6_ranges: Vec<serde_json::Value>,
    #[serde(default)]
    pub prefix_list_ids: Vec<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i64>,
    #[serde(default)]
    pub user_id_group_pairs: Vec<UserIdGroupPair>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroupView {
    pub description: String,
    pub group_name: String,
    pub ip_permissions: Vec<IpPermission>,
    pub owner_id: String,
    pub group_id: String,
    pub ip_permissions_egress: Vec<IpPermission>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    pub vpc_id: String,
    pub security_group_arn: String,
}

/// Rules as EC2 shows them: one permission per (protocol, ports), with its ranges and groups.
fn permissions(rules: &[Rule]) -> Vec<IpPermission> {
    let mut out: Vec<IpPermission> = Vec::new();
    for r in rules {
        let i = match out
            .iter()
            .position(|p| p.ip_protocol == r.ip_protocol && p.from_port == r.from_port && p.to_port == r.to_port)
        {
            Some(i) => i,
            None => {
                out.push(IpPermission {
                    from_port: r.from_port,
                    ip_protocol: r.ip_protocol.clone(),
                    to_port: r.to_port,
                    ..Default::default()
                });
                out.len() - 1
            }
        };
        if let Some(c) = &r.cidr_ip {
            out[i].ip_ranges.push(IpRange { cidr_ip: c.clone(), description: r.description.clone() });
        }
        if let Some(g) = &r.group_id {
            out[i].user_id_group_pairs.push(UserIdGroupPair {
                group_id: Some(g.clone()),
                user_id: Some(ACCOUNT_ID.into()),
                description: r.description.clone(),
            });
        }
    }
    out
}

fn sg_view(g: &SecurityGroup) -> SecurityGroupView {
    SecurityGroupView {
        description: g.description.clone(),
        group_name: g.group_name.clone(),
        ip_permissions: permissions(&g.ingress),
        owner_id: ACCOUNT_ID.into(),
        group_id: g.group_id.clone(),
        ip_permissions_egress: permissions(&g.egress),
        tags: tags_out(&g.tags),
        vpc_id: g.vpc_id.clone(),
        security_group_arn: arn(&g.region, &format!("security-group/{}", g.group_id)),
    }
}

/// The group a call names by id, or by name in the default VPC.
pub(crate) fn group_in<'w>(
    world: &'w World,
    cx: &mut CallContext,
    id: Option<&str>,
    name: Option<&str>,
) -> Result<&'w SecurityGroup, ApiError> {
    let region = cx.region.clone();
    match (id, name) {
        (Some(id), _) => {
            cx.touch(id.to_string());
            world.ec2.security_groups.get(id).filter(|g| g.region == region).ok_or_else(|| {
                cx.why(format!("no security group '{id}' in {region}"));
                ApiError::bad_request("InvalidGroup.NotFound", format!("The security group '{id}' does not exist"))
            })
        }
        (None, Some(name)) => {
            let default = world.ec2.default_vpc(&region).map(|v| v.vpc_id.clone()).unwrap_or_default();
            world
                .ec2
                .security_groups
                .values()
                .find(|g| g.region == region && g.vpc_id == default && g.group_name == name)
                .ok_or_else(|| {
                    cx.why(format!(
                        "a group named by name is looked up in the default VPC ({default}); use its id for other VPCs"
                    ));
                    ApiError::bad_request(
                        "InvalidGroup.NotFound",
                        format!("The security group '{name}' does not exist in default VPC '{default}'"),
                    )
                })
        }
        (None, None) => Err(missing("GroupId")),
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateSecurityGroupRequest {
    pub description: String,
    pub group_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tag_specifications: Vec<TagSpecification>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateSecurityGroupOutput {
    pub group_id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    pub security_group_arn: String,
}

pub fn create_security_group(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateSecurityGroupRequest,
) -> Result<CreateSecurityGroupOutput, ApiError> {
    let region = cx.region.clone();
    let vpc_id = match &input.vpc_id {
        Some(v) => vpc_in(world, cx, v)?.vpc_id.clone(),
        None => match world.ec2.default_vpc(&region) {
            Some(v) => v.vpc_id.clone(),
            None => {
                cx.why("no VpcId was given and the Region has no default VPC");
                return Err(ApiError::bad_request("VPCIdNotSpecified", "No default VPC for this user"));
            }
        },
    };
    let name = input.group_name.trim().to_string();
    if name.is_empty() || name.len() > 255 || input.description.is_empty() || input.description.len() > 255 {
        cx.why("a group name and a description are each 1 to 255 characters");
        return Err(invalid_parameter(format!(
            "Value ({}) for parameter GroupName is invalid. Length must be between 1 and 255 characters.",
            input.group_name
        )));
    }
    if name.to_ascii_lowercase().starts_with("sg-") {
        return Err(invalid_parameter(format!(
            "Value ({name}) for parameter GroupName is invalid. Group names may not be in the format sg-*."
        )));
    }
    if world.ec2.security_groups.values().any(|g| g.vpc_id == vpc_id && g.group_name == name) {
        cx.why(format!("group names are unique within a VPC; '{name}' is taken in {vpc_id}"));
        return Err(ApiError::bad_request(
            "InvalidGroup.Duplicate",
            format!("The security group '{name}' already exists for VPC '{vpc_id}'"),
        ));
    }
    let id = new_id(world, "sg");
    let egress = Rule {
        rule_id: new_id(world, "sgr"),
        ip_protocol: "-1".into(),
        from_port: None,
        to_port: None,
        cidr_ip: Some("0.0.0.0/0".into()),
        group_id: None,
        description: None,
    };
    let tags = tags_for(&input.tag_specifications, "security-group");
    world.ec2.security_groups.insert(
        id.clone(),
        SecurityGroup {
            group_id: id.clone(),
            region: region.clone(),
            vpc_id: vpc_id.clone(),
            group_name: name.clone(),
            description: input.description.clone(),
            ingress: Vec::new(),
            egress: vec![egress],
            tags: tags.clone(),
        },
    );
    cx.touch(id.clone());
    cx.why(format!(
        "security group {id} ('{name}') in {vpc_id}: no inbound rules (everything in is denied) and all outbound allowed"
    ));
    Ok(CreateSecurityGroupOutput {
        group_id: id.clone(),
        tags: tags_out(&tags),
        security_group_arn: arn(&region, &format!("security-group/{id}")),
    })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSecurityGroupsRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<Filter>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub group_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub group_names: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSecurityGroupsOutput {
    pub security_groups: Vec<SecurityGroupView>,
}

pub fn describe_security_groups(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeSecurityGroupsRequest,
) -> Result<DescribeSecurityGroupsOutput, ApiError> {
    let mut wanted: Vec<String> = Vec::new();
    for id in &input.group_ids {
        wanted.push(group_in(world, cx, Some(id), None)?.group_id.clone());
    }
    for name in &input.group_names {
        wanted.push(group_in(world, cx, None, Some(name))?.group_id.clone());
    }
    let mut out = Vec::new();
    for g in world.ec2.security_groups.values().filter(|g| g.region == cx.region) {
        if !wanted.is_empty() && !wanted.contains(&g.group_id) {
            continue;
        }
        let ok = passes(&input.filters, &g.tags, |name| match name {
            "vpc-id" => one(&g.vpc_id),
            "group-id" => one(&g.group_id),
            "group-name" => one(&g.group_name),
            "description" => one(&g.description),
            "owner-id" => one(ACCOUNT_ID),
            "ip-permission.cidr" => Some(g.ingress.iter().filter_map(|r| r.cidr_ip.clone()).collect()),
            "ip-permission.from-port" => {
                Some(g.ingress.iter().filter_map(|r| r.from_port.map(|p| p.to_string())).collect())
            }
            "ip-permission.to-port" => {
                Some(g.ingress.iter().filter_map(|r| r.to_port.map(|p| p.to_string())).collect())
            }
            "ip-permission.protocol" => Some(g.ingress.iter().map(|r| r.ip_protocol.clone()).collect()),
            _ => None,
        })?;
        if ok {
            out.push(sg_view(g));
        }
    }
    cx.why(format!("{} security group(s) in {}", out.len(), cx.region));
    Ok(DescribeSecurityGroupsOutput { security_groups: out })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteSecurityGroupRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteSecurityGroupOutput {
    #[serde(rename = "Return")]
    pub return_value: bool,
    pub group_id: String,
}

pub fn delete_security_group(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteSecurityGroupRequest,
) -> Result<DeleteSecurityGroupOutput, ApiError> {
    let g = group_in(world, cx, input.group_id.as_deref(), input.group_name.as_deref())?.clone();
    if g.group_name == "default" {
        cx.why("a VPC's default security group goes only with its VPC");
        return Err(ApiError::bad_request(
            "CannotDelete",
            format!("the specified group: \"{}\" name: \"default\" cannot be deleted by a user", g.group_id),
        ));
    }
    let used =
        world.ec2.live_instances().find(|i| i.security_group_ids.contains(&g.group_id)).map(|i| i.instance_id.clone());
    let referenced = world
        .ec2
        .security_groups
        .values()
        .find(|o| {
            o.group_id != g.group_id
                && o.ingress.iter().chain(&o.egress).any(|r| r.group_id.as_ref() == Some(&g.group_id))
        })
        .map(|o| o.group_id.clone());
    if let Some(by) = used.or(referenced) {
        cx.why(format!("{by} still uses or refers to the group"));
        return Err(ApiError::bad_request(
            "DependencyViolation",
            format!("resource {} has a dependent object", g.group_id),
        ));
    }
    world.ec2.security_groups.remove(&g.group_id);
    cx.why(format!("security group {} deleted", g.group_id));
    Ok(DeleteSecurityGroupOutput { return_value: true, group_id: g.group_id })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthorizeSecurityGroupRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ip_permissions: Vec<IpPermission>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_ip: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_security_group_name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroupRule {
    pub security_group_rule_id: String,
    pub group_id: String,
    pub group_owner_id: String,
    pub is_egress: bool,
    pub ip_protocol: String,
    pub from_port: i64,
    pub to_port: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_ipv4: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referenced_group_info: Option<UserIdGroupPair>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthorizeSecurityGroupOutput {
    #[serde(rename = "Return")]
    pub return_value: bool,
    pub security_group_rules: Vec<SecurityGroupRule>,
}

/// `tcp`/`6`, `udp`/`17`, `icmp`/`1`, `-1`/`all`, as EC2 names them back.
fn protocol(p: &str) -> Option<String> {
    Some(
        match p.to_ascii_lowercase().as_str() {
            "tcp" | "6" => "tcp",
            "udp" | "17" => "udp",
            "icmp" | "1" => "icmp",
            "-1" | "all" => "-1",
            _ => return None,
        }
        .to_string(),
    )
}

fn rule_text(r: &Rule) -> String {
    let peer = r.cidr_ip.clone().or(r.group_id.clone()).unwrap_or_default();
    let proto = if r.ip_protocol == "-1" { "ALL".to_string() } else { r.ip_protocol.to_ascii_uppercase() };
    match (r.from_port, r.to_port) {
        (Some(f), Some(t)) => format!("peer: {peer}, {proto}, from port: {f}, to port: {t}, ALLOW"),
        _ => format!("peer: {peer}, {proto}, ALLOW"),
    }
}

fn authorize(
    world: &mut World,
    cx: &mut CallContext,
    input: AuthorizeSecurityGroupRequest,
    egress: bool,
) -> Result<AuthorizeSecurityGroupOutput, ApiError> {
    let g = group_in(world, cx, input.group_id.as_deref(), input.group_name.as_deref())?.clone();
    let mut perms = input.ip_permissions.clone();
    if let Some(p) = &input.ip_protocol {
        perms.push(IpPermission {
            ip_protocol: p.clone(),
            from_port: input.from_port,
            to_port: input.to_port,
            ip_ranges: input.cidr_ip.iter().map(|c| IpRange { cidr_ip: c.clone(), description: None }).collect(),
            user_id_group_pairs: match &input.source_security_group_name {
                Some(n) => vec![UserIdGroupPair {
                    group_id: Some(group_in(world, cx, None, Some(n))?.group_id.clone()),
                    ..Default::default()
                }],
                None => Vec::new(),
            },
            ..Default::default()
        });
    }
    if perms.is_empty() {
        cx.why("give --ip-permissions, or --protocol with --port and --cidr");
        return Err(missing("IpPermissions"));
    }
    let mut rules = Vec::new();
    for p in &perms {
        let Some(proto) = protocol(&p.ip_protocol) else {
            return Err(invalid_parameter(format!(
                "Invalid value '{}' for IP protocol. Unknown protocol.",
                p.ip_protocol
            )));
        };
        let (from, to) = if proto == "-1" { (None, None) } else { (p.from_port, p.to_port) };
        if proto == "tcp" || proto == "udp" {
            match (from, to) {
                (Some(f), Some(t)) if (0..=65535).contains(&f) && (0..=65535).contains(&t) && f <= t => {}
                _ => {
                    cx.why("TCP and UDP rules need FromPort and ToPort between 0 and 65535, FromPort not above ToPort");
                    return Err(invalid_parameter(format!(
                        "Invalid value for portRange. Must specify both from and to ports with TCP/UDP. ({:?}-{:?})",
                        from, to
                    )));
                }
            }
        }
        let peers = p.ip_ranges.len() + p.user_id_group_pairs.len();
        if peers == 0 {
            return Err(missing("IpRanges or UserIdGroupPairs"));
        }
        for r in &p.ip_ranges {
            if Cidr::parse(&r.cidr_ip).is_none() {
                cx.why(format!("'{}' is not a CIDR block", r.cidr_ip));
                return Err(invalid_parameter(format!("CIDR block {} is malformed", r.cidr_ip)));
            }
            rules.push(Rule {
                rule_id: String::new(),
                ip_protocol: proto.clone(),
                from_port: from,
                to_port: to,
                cidr_ip: Some(r.cidr_ip.clone()),
                group_id: None,
                description: r.description.clone(),
            });
        }
        for pair in &p.user_id_group_pairs {
            let other = group_in(world, cx, pair.group_id.as_deref(), None)?.group_id.clone();
            rules.push(Rule {
                rule_id: String::new(),
                ip_protocol: proto.clone(),
                from_port: from,
                to_port: to,
                cidr_ip: None,
                group_id: Some(other),
                description: pair.description.clone(),
            });
        }
    }
    let existing = if egress { &g.egress } else { &g.ingress };
    let same = |a: &Rule, b: &Rule| {
        a.ip_protocol == b.ip_protocol
            && a.from_port == b.from_port
            && a.to_port == b.to_port
            && a.cidr_ip == b.cidr_ip
            && a.group_id == b.group_id
    };
    if let Some(dup) = rules.iter().find(|r| existing.iter().any(|e| same(e, r))) {
        cx.why("the group already has this rule");
        return Err(ApiError::bad_request(
            "InvalidPermission.Duplicate",
            format!("the specified rule \"{}\" already exists", rule_text(dup)),
        ));
    }
    for r in &mut rules {
        r.rule_id = new_id(world, "sgr");
    }
    let out: Vec<SecurityGroupRule> = rules
        .iter()
        .map(|r| SecurityGroupRule {
            security_group_rule_id: r.rule_id.clone(),
            group_id: g.group_id.clone(),
            group_owner_id: ACCOUNT_ID.into(),
            is_egress: egress,
            ip_protocol: r.ip_protocol.clone(),
            from_port: r.from_port.unwrap_or(-1),
            to_port: r.to_port.unwrap_or(-1),
            cidr_ipv4: r.cidr_ip.clone(),
            referenced_group_info: r.group_id.as_ref().map(|gid| UserIdGroupPair {
                group_id: Some(gid.clone()),
                user_id: Some(ACCOUNT_ID.into()),
                description: None,
            }),
        })
        .collect();
    let summary: Vec<String> = rules.iter().map(rule_text).collect();
    if let Some(sg) = world.ec2.security_groups.get_mut(&g.group_id) {
        if egress {
            sg.egress.extend(rules);
        } else {
            sg.ingress.extend(rules);
        }
    }
    cx.why(format!("{} {} now allows {}", g.group_id, if egress { "outbound" } else { "inbound" }, summary.join("; ")));
    Ok(AuthorizeSecurityGroupOutput { return_value: true, security_group_rules: out })
}

pub fn authorize_security_group_ingress(
    world: &mut World,
    cx: &mut CallContext,
    input: AuthorizeSecurityGroupRequest,
) -> Result<AuthorizeSecurityGroupOutput, ApiError> {
    authorize(world, cx, input, false)
}

pub fn authorize_security_group_egress(
    world: &mut World,
    cx: &mut CallContext,
    input: AuthorizeSecurityGroupRequest,
) -> Result<AuthorizeSecurityGroupOutput, ApiError> {
    if input.group_id.is_none() {
        return Err(missing("GroupId"));
    }
    authorize(world, cx, input, true)
}

// ------------------------------------------------------------------ key pairs

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateKeyPairRequest {
    pub key_name: String,
    /// `rsa` (the default) or `ed25519`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_type: Option<String>,
    /// `pem` (the default) or `ppk`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_format: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tag_specifications: Vec<TagSpecification>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateKeyPairOutput {
    pub key_fingerprint: String,
    pub key_material: String,
    pub key_name: String,
    pub key_pair_id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

/// 64-character base64 lines between PEM armour. The bytes are random: Nimbus Lab makes no real
/// keys, and nothing ever connects with them.
fn pem(label: &str, bytes: &[u8]) -> String {
    let b64 = Bytes(bytes.to_vec()).to_base64();
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----"));
    out
}

fn random_bytes(world: &mut World, n: usize) -> Vec<u8> {
    use rand::Rng;
    let mut v = vec![0u8; n];
    world.rng().fill_bytes(&mut v);
    v
}

/// Creates a key pair for CreateKeyPair and for CloudFormation's `AWS::EC2::KeyPair`.
pub(crate) fn make_key_pair(
    world: &mut World,
    cx: &mut CallContext,
    name: &str,
    key_type: &str,
    key_format: &str,
    tags: Tags,
) -> Result<(KeyPair, String), ApiError> {
    let region = cx.region.clone();
    if name.is_empty() || name.len() > 255 || !name.is_ascii() {
        cx.why("a key name is 1 to 255 ASCII characters");
        return Err(invalid_parameter(format!(
            "Value ({name}) for parameter keyName is invalid. Length exceeds maximum of 255."
        )));
    }
    if !["rsa", "ed25519"].contains(&key_type) {
        return Err(invalid_parameter(format!("Value ({key_type}) for parameter keyType is invalid.")));
    }
    if !["pem", "ppk"].contains(&key_format) {
        return Err(invalid_parameter(format!("Value ({key_format}) for parameter keyFormat is invalid.")));
    }
    if world.ec2.key_pair_named(&region, name).is_some() {
        cx.why(format!("key names are unique in a Region; '{name}' exists in {region}"));
        return Err(ApiError::bad_request("InvalidKeyPair.Duplicate", format!("The keypair '{name}' already exists.")));
    }
    let id = new_id(world, "key");
    let (fingerprint, material) = if key_type == "rsa" {
        let fp = random_bytes(world, 20).iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":");
        let body = random_bytes(world, 1190);
        (fp, pem("RSA PRIVATE KEY", &body))
    } else {
        let fp = Bytes(random_bytes(world, 32)).to_base64();
        let body = random_bytes(world, 300);
        (fp, pem("OPENSSH PRIVATE KEY", &body))
    };
    let material = if key_format == "ppk" {
        format!("PuTTY-User-Key-File-3: ssh-{key_type}\nEncryption: none\nComment: {name}\n{material}")
    } else {
        material
    };
    let kp = KeyPair {
        key_pair_id: id.clone(),
        region,
        key_name: name.to_string(),
        key_type: key_type.to_string(),
        fingerprint,
        create_time: world.now(),
        tags,
    };
    world.ec2.key_pairs.insert(id.clone(), kp.clone());
    cx.touch(id);
    Ok((kp, material))
}

pub fn create_key_pair(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateKeyPairRequest,
) -> Result<CreateKeyPairOutput, ApiError> {
    let key_type = input.key_type.clone().unwrap_or_else(|| "rsa".into());
    let key_format = input.key_format.clone().unwrap_or_else(|| "pem".into());
    let tags = tags_for(&input.tag_specifications, "key-pair");
    let (kp, material) = make_key_pair(world, cx, &input.key_name, &key_type, &key_format, tags)?;
    cx.why(format!(
        "key pair '{}' ({key_type}) created: EC2 keeps the public key; the private key is in KeyMaterial and is shown \
         only this once",
        kp.key_name
    ));
    Ok(CreateKeyPairOutput {
        key_fingerprint: kp.fingerprint,
        key_material: material,
        key_name: kp.key_name,
        key_pair_id: kp.key_pair_id,
        tags: tags_out(&kp.tags),
    })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeKeyPairsRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<Filter>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_names: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_pair_ids: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeyPairInfo {
    pub key_pair_id: String,
    pub key_fingerprint: String,
    pub key_name: String,
    pub key_type: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    pub create_time: crate::time::SimTime,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeKeyPairsOutput {
    pub key_pairs: Vec<KeyPairInfo>,
}

pub fn describe_key_pairs(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeKeyPairsRequest,
) -> Result<DescribeKeyPairsOutput, ApiError> {
    let region = cx.region.clone();
    for name in &input.key_names {
        if world.ec2.key_pair_named(&region, name).is_none() {
            cx.why(format!("no key pair named '{name}' in {region} (key pairs belong to one Region)"));
            return Err(ApiError::bad_request(
                "InvalidKeyPair.NotFound",
                format!("The key pair '{name}' does not exist"),
            ));
        }
    }
    for id in &input.key_pair_ids {
        if world.ec2.key_pairs.get(id).is_none_or(|k| k.region != region) {
            cx.why(format!("no key pair with id '{id}' in {region}"));
            return Err(ApiError::bad_request(
                "InvalidKeyPair.NotFound",
                format!("The key pair '{id}' does not exist"),
            ));
        }
    }
    let mut out = Vec::new();
    for k in world.ec2.key_pairs.values().filter(|k| k.region == region) {
        if !input.key_names.is_empty() && !input.key_names.contains(&k.key_name) {
            continue;
        }
        if !input.key_pair_ids.is_empty() && !input.key_pair_ids.contains(&k.key_pair_id) {
            continue;
        }
        let ok = passes(&input.filters, &k.tags, |name| match name {
            "key-name" => one(&k.key_name),
            "key-pair-id" => one(&k.key_pair_id),
            "fingerprint" => one(&k.fingerprint),
            "key-type" => one(&k.key_type),
            _ => None,
        })?;
        if ok {
            out.push(KeyPairInfo {
                key_pair_id: k.key_pair_id.clone(),
                key_fingerprint: k.fingerprint.clone(),
                key_name: k.key_name.clone(),
                key_type: k.key_type.clone(),
                tags: tags_out(&k.tags),
                create_time: k.create_time,
            });
        }
    }
    crate::sort::sort_by(&mut out, |a, b| a.key_name.cmp(&b.key_name));
    cx.why(format!("{} key pair(s) in {region}; the private keys are not kept", out.len()));
    Ok(DescribeKeyPairsOutput { key_pairs: out })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteKeyPairRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_pair_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteKeyPairOutput {
    #[serde(rename = "Return")]
    pub return_value: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_pair_id: Option<String>,
}

pub fn delete_key_pair(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteKeyPairRequest,
) -> Result<DeleteKeyPairOutput, ApiError> {
    let region = cx.region.clone();
    let found = match (&input.key_pair_id, &input.key_name) {
        (Some(id), _) => world.ec2.key_pairs.get(id).filter(|k| k.region == region).map(|k| k.key_pair_id.clone()),
        (None, Some(name)) => world.ec2.key_pair_named(&region, name).map(|k| k.key_pair_id.clone()),
        (None, None) => return Err(missing("KeyName")),
    };
    match found {
        Some(id) => {
            world.ec2.key_pairs.remove(&id);
            cx.touch(id.clone());
            cx.why(format!("key pair {id} deleted; instances launched with it keep the public key they were given"));
            Ok(DeleteKeyPairOutput { return_value: true, key_pair_id: Some(id) })
        }
        None => {
            cx.why("no such key pair: DeleteKeyPair succeeds and does nothing");
            Ok(DeleteKeyPairOutput { return_value: true, key_pair_id: None })
        }
    }
}
