//! EC2 resources as Nimbus Lab keeps them: VPCs, subnets, internet gateways, route tables,
//! security groups, key pairs, instances and Elastic IPs, each with its Region. The default VPC
//! of a Region (made in `services/vpc.rs`, shared with CloudHSM) is mirrored here with its
//! default security group, main route table and internet gateway the first time EC2 is used
//! there. Instance states and codes are EC2's; the transitions run in `jobs.rs`.

use super::cidr::Cidr;
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// How long an instance stays `pending` before it is `running` (Nimbus Lab's figure; a real
/// instance takes from a few seconds to about a minute).
pub const PENDING_TIME: SimDuration = SimDuration::seconds(30);
/// How long a booted instance's user data takes to run (package installs, cfn-init), after
/// which its `cfn-signal` lines send their signals.
pub const USER_DATA_RUN_TIME: SimDuration = SimDuration::seconds(90);
/// `stopping` to `stopped`.
pub const STOPPING_TIME: SimDuration = SimDuration::seconds(45);
/// `shutting-down` to `terminated`.
pub const SHUTTING_DOWN_TIME: SimDuration = SimDuration::seconds(60);
/// A terminated instance stays visible in DescribeInstances for about an hour.
pub const TERMINATED_VISIBLE: SimDuration = SimDuration::hours(1);
/// A NAT gateway is `pending` this long before it is `available` (or `failed`). AWS takes from
/// about one to five minutes; two is a typical wait.
pub const NAT_PENDING_TIME: SimDuration = SimDuration::minutes(2);
/// `deleting` to `deleted`: AWS takes about a minute.
pub const NAT_DELETING_TIME: SimDuration = SimDuration::minutes(1);
/// A deleted or failed NAT gateway stays in DescribeNatGateways for about an hour.
pub const NAT_DELETED_VISIBLE: SimDuration = SimDuration::hours(1);
/// Network ACL rule numbers a user may set; 32767 is the `*` rule every ACL ends with.
pub const ACL_RULE_NUMBERS: std::ops::RangeInclusive<i64> = 1..=32766;
pub const ACL_DEFAULT_RULE: i64 = 32767;

aws_enum!(
    /// The instance lifecycle states.
    InstanceStateName {
        Pending = "pending",
        Running = "running",
        ShuttingDown = "shutting-down",
        Terminated = "terminated",
        Stopping = "stopping",
        Stopped = "stopped",
    }
);

impl InstanceStateName {
    /// The state code EC2 prints beside the name (the low byte of its 16-bit code).
    pub fn code(self) -> i64 {
        match self {
            InstanceStateName::Pending => 0,
            InstanceStateName::Running => 16,
            InstanceStateName::ShuttingDown => 32,
            InstanceStateName::Terminated => 48,
            InstanceStateName::Stopping => 64,
            InstanceStateName::Stopped => 80,
        }
    }
}

aws_enum!(
    /// The NAT gateway lifecycle states.
    NatGatewayState {
        Pending = "pending",
        Failed = "failed",
        Available = "available",
        Deleting = "deleting",
        Deleted = "deleted",
    }
);

pub type Tags = Vec<(String, String)>;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Ec2State {
    pub vpcs: BTreeMap<String, Vpc>,
    pub subnets: BTreeMap<String, Subnet>,
    pub internet_gateways: BTreeMap<String, InternetGateway>,
    pub route_tables: BTreeMap<String, RouteTable>,
    pub security_groups: BTreeMap<String, SecurityGroup>,
    /// By key pair id.
    pub key_pairs: BTreeMap<String, KeyPair>,
    pub instances: BTreeMap<String, Instance>,
    /// Elastic IPs by allocation id.
    pub addresses: BTreeMap<String, Address>,
    /// The DHCP options set of each Region.
    pub dhcp_options: BTreeMap<String, String>,
    /// Regions whose default VPC has been mirrored into EC2 (once: a deleted default VPC stays
    /// deleted).
    pub defaults_made: BTreeSet<String>,
    /// Creation order of instances (ids are random), for DescribeInstances.
    pub launch_order: Vec<String>,
    pub nat_gateways: BTreeMap<String, NatGateway>,
    pub network_acls: BTreeMap<String, NetworkAcl>,
    pub launch_templates: BTreeMap<String, LaunchTemplate>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Vpc {
    pub vpc_id: String,
    pub region: String,
    pub cidr: Cidr,
    pub cidr_association_id: String,
    pub is_default: bool,
    pub instance_tenancy: String,
    pub enable_dns_hostnames: bool,
    pub enable_dns_support: bool,
    pub tags: Tags,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Subnet {
    pub subnet_id: String,
    pub region: String,
    pub vpc_id: String,
    pub cidr: Cidr,
    pub availability_zone: String,
    pub default_for_az: bool,
    pub map_public_ip_on_launch: bool,
    /// Hosts handed out so far (addresses start after the four AWS reserves).
    pub next_host: u32,
    pub tags: Tags,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InternetGateway {
    pub internet_gateway_id: String,
    pub region: String,
    pub vpc_id: Option<String>,
    pub tags: Tags,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Route {
    pub destination_cidr_block: String,
    /// `local`, or an internet gateway id.
    pub gateway_id: Option<String>,
    pub instance_id: Option<String>,
    #[serde(default)]
    pub nat_gateway_id: Option<String>,
    /// `CreateRouteTableInitialization` or `CreateRoute`.
    pub origin: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RouteAssociation {
    pub association_id: String,
    /// `None` for the main association.
    pub subnet_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RouteTable {
    pub route_table_id: String,
    pub region: String,
    pub vpc_id: String,
    pub main: bool,
    pub routes: Vec<Route>,
    pub associations: Vec<RouteAssociation>,
    pub tags: Tags,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    pub rule_id: String,
    /// `tcp`, `udp`, `icmp` or `-1` (all).
    pub ip_protocol: String,
    pub from_port: Option<i64>,
    pub to_port: Option<i64>,
    pub cidr_ip: Option<String>,
    pub group_id: Option<String>,
    pub description: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SecurityGroup {
    pub group_id: String,
    pub region: String,
    pub vpc_id: String,
    pub group_name: String,
    pub description: String,
    pub ingress: Vec<Rule>,
    pub egress: Vec<Rule>,
    pub tags: Tags,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeyPair {
    pub key_pair_id: String,
    pub region: String,
    pub key_name: String,
    pub key_type: String,
    pub fingerprint: String,
    pub create_time: SimTime,
    pub tags: Tags,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Instance {
    pub instance_id: String,
    pub region: String,
    pub reservation_id: String,
    pub ami_launch_index: i64,
    pub image_id: String,
    pub instance_type: String,
    pub key_name: Option<String>,
    pub subnet_id: String,
    pub vpc_id: String,
    pub availability_zone: String,
    pub private_ip: String,
    pub public_ip: Option<String>,
    pub security_group_ids: Vec<String>,
    pub state: InstanceStateName,
    pub state_transition_reason: String,
    pub launch_time: SimTime,
    pub iam_instance_profile: Option<String>,
    pub user_data: Option<String>,
    pub tags: Tags,
    /// Bumped whenever a state change is scheduled; a job carrying an older value is stale.
    pub epoch: u32,
    /// How many times the instance has reached running (user data runs on the first).
    #[serde(default)]
    pub boots: u32,
    /// The first boot's user data has run (what it started listens until the next reboot).
    #[serde(default)]
    pub user_data_ran: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Address {
    pub allocation_id: String,
    pub region: String,
    pub public_ip: String,
    pub association_id: Option<String>,
    pub instance_id: Option<String>,
    /// The NAT gateway's network interface, when the address serves a NAT gateway.
    #[serde(default)]
    pub network_interface_id: Option<String>,
    pub tags: Tags,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NatGateway {
    pub nat_gateway_id: String,
    pub region: String,
    pub subnet_id: String,
    pub vpc_id: String,
    /// `public` (with an Elastic IP) or `private`.
    pub connectivity_type: String,
    pub allocation_id: Option<String>,
    pub public_ip: Option<String>,
    pub network_interface_id: String,
    pub private_ip: String,
    pub state: NatGatewayState,
    /// (FailureCode, FailureMessage) of a gateway that goes, or went, to `failed`.
    pub failure: Option<(String, String)>,
    pub create_time: SimTime,
    pub delete_time: Option<SimTime>,
    pub tags: Tags,
}

impl NatGateway {
    /// Whether the gateway still holds its subnet and address (not failed or deleted).
    pub fn is_live(&self) -> bool {
        matches!(self.state, NatGatewayState::Pending | NatGatewayState::Available | NatGatewayState::Deleting)
            && self.failure.is_none()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AclEntry {
    pub rule_number: i64,
    pub egress: bool,
    /// `-1` (all) or an IP protocol number as text (`6` TCP, `17` UDP, `1` ICMP).
    pub protocol: String,
    /// `allow` or `deny`.
    pub rule_action: String,
    pub cidr_block: Option<String>,
    pub ipv6_cidr_block: Option<String>,
    /// (From, To).
    pub port_range: Option<(i64, i64)>,
    /// (Type, Code).
    pub icmp: Option<(i64, i64)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AclAssociation {
    pub association_id: String,
    pub subnet_id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetworkAcl {
    pub network_acl_id: String,
    pub region: String,
    pub vpc_id: String,
    pub is_default: bool,
    pub entries: Vec<AclEntry>,
    pub associations: Vec<AclAssociation>,
    pub tags: Tags,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LaunchTemplateVersion {
    pub version_number: i64,
    pub description: Option<String>,
    pub data: super::ops::LaunchTemplateData,
    pub create_time: SimTime,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LaunchTemplate {
    pub launch_template_id: String,
    pub region: String,
    pub launch_template_name: String,
    pub create_time: SimTime,
    pub default_version: i64,
    pub versions: Vec<LaunchTemplateVersion>,
    pub tags: Tags,
}

impl LaunchTemplate {
    pub fn latest_version(&self) -> i64 {
        self.versions.last().map_or(0, |v| v.version_number)
    }
}

impl Ec2State {
    pub fn vpcs_in<'a>(&'a self, region: &'a str) -> impl Iterator<Item = &'a Vpc> + 'a {
        self.vpcs.values().filter(move |v| v.region == region)
    }
    pub fn default_vpc(&self, region: &str) -> Option<&Vpc> {
        self.vpcs.values().find(|v| v.region == region && v.is_default)
    }
    /// The instances that still hold their subnet and groups (not terminated).
    pub fn live_instances(&self) -> impl Iterator<Item = &Instance> {
        self.instances.values().filter(|i| i.state != InstanceStateName::Terminated)
    }
    pub fn key_pair_named(&self, region: &str, name: &str) -> Option<&KeyPair> {
        self.key_pairs.values().find(|k| k.region == region && k.key_name == name)
    }
}

/// `use1-az1` for `us-east-1a`: the zone id AWS shows beside the zone name (Nimbus Lab maps
/// letters to numbers in order; real accounts see a shuffled mapping).
pub fn zone_id(az: &str) -> String {
    let (region, letter) = az.split_at(az.len().saturating_sub(1));
    let mut short = String::new();
    for (i, part) in region.split('-').enumerate() {
        if i == 0 || part.chars().all(|c| c.is_ascii_digit()) {
            short.push_str(part);
        } else {
            let abbrev = match part {
                "northeast" => "ne",
                "southeast" => "se",
                "northwest" => "nw",
                "southwest" => "sw",
                _ => &part[..part.len().min(1)],
            };
            short.push_str(abbrev);
        }
    }
    let n = letter.chars().next().map_or(1, |c| (c as u32).saturating_sub('a' as u32) + 1);
    format!("{short}-az{n}")
}
