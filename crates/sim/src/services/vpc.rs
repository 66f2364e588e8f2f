//! The account's default VPC in each Region: every AWS account starts with one, with a default
//! subnet in every Availability Zone (172.31.0.0/16, /20 subnets). Services that place things in
//! subnets (CloudHSM today, EC2 later) take it from here; it is made on first use, from the
//! World's seeded generator, so the same seed always gives the same ids.

use crate::ids;
use crate::regions;
use crate::world::World;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Subnet {
    /// `subnet-` and 17 hex digits.
    pub subnet_id: String,
    pub availability_zone: String,
    pub cidr_block: String,
    pub default_for_az: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Vpc {
    /// `vpc-` and 17 hex digits.
    pub vpc_id: String,
    pub region: String,
    pub cidr_block: String,
    pub is_default: bool,
    /// One default subnet per Availability Zone, in AZ order.
    pub subnets: Vec<Subnet>,
}

impl Vpc {
    pub fn subnet(&self, subnet_id: &str) -> Option<&Subnet> {
        self.subnets.iter().find(|s| s.subnet_id == subnet_id)
    }

    pub fn subnet_in(&self, az: &str) -> Option<&Subnet> {
        self.subnets.iter().find(|s| s.availability_zone == az)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct VpcState {
    /// Default VPCs by Region.
    pub default_vpcs: BTreeMap<String, Vpc>,
}

/// The default VPC of `region`, created with its subnets the first time anything asks. `None`
/// for a Region Nimbus Lab does not simulate.
pub fn default_vpc(world: &mut World, region: &str) -> Option<Vpc> {
    if let Some(v) = world.vpc.default_vpcs.get(region) {
        return Some(v.clone());
    }
    let r = regions::find(region)?;
    let vpc_id = format!("vpc-{}", ids::hex(world.rng(), 17));
    let subnets = r
        .availability_zones()
        .into_iter()
        .enumerate()
        .map(|(i, az)| Subnet {
            subnet_id: format!("subnet-{}", ids::hex(world.rng(), 17)),
            availability_zone: az,
            cidr_block: format!("172.31.{}.0/20", i * 16),
            default_for_az: true,
        })
        .collect();
    let vpc = Vpc { vpc_id, region: region.to_string(), cidr_block: "172.31.0.0/16".into(), is_default: true, subnets };
    world.vpc.default_vpcs.insert(region.to_string(), vpc.clone());
    Some(vpc)
}

/// The `n`th address a service hands out in a default subnet (`172.31.16.5` …), skipping the
/// four addresses AWS reserves at the start of every subnet.
pub fn address_in(subnet: &Subnet, n: usize) -> String {
    let third: usize = subnet.cidr_block.split('.').nth(2).and_then(|t| t.parse().ok()).unwrap_or(0);
    let host = 4 + n;
    format!("172.31.{}.{}", third + host / 256, host % 256)
}
