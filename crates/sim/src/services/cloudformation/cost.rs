//! A stack's estimated monthly cost, from a small built-in price table: what its live
//! resources would cost on AWS if they ran for a month. An estimate for learning, not a bill:
//! on-demand prices for us-east-1 as AWS listed them in 2025, no free tier, no data transfer,
//! no request charges. Every Region is priced as us-east-1.
//!
//! Deleting a stack outside working hours and recreating it in the morning saves what its
//! resources would cost in the hours it is gone; [`scheduled`] works that out.

use super::model::{Stack, StackStatus};
use crate::world::World;
use std::collections::BTreeMap;

/// When the prices were read and where they apply, shown beside every estimate.
pub const PRICES_AS_OF: &str = "us-east-1 on-demand prices, 2025";
/// AWS prices a month as 730 hours.
pub const HOURS_PER_MONTH: f64 = 730.0;
/// A public IPv4 address (Elastic IP or auto-assigned), per hour, in use or idle (since 2024).
const PUBLIC_IPV4_HOURLY: f64 = 0.005;
/// A NAT gateway, per hour while it exists (its per-GB data processing charge is not modelled).
const NAT_GATEWAY_HOURLY: f64 = 0.045;
/// An Application or Network Load Balancer, per hour while it exists (load balancer capacity
/// units, LCUs, are not modelled: a real bill adds them per hour of traffic).
const ALB_HOURLY: f64 = 0.0225;
/// A Classic Load Balancer, per hour while it exists (its per-GB data charge is not modelled).
const CLASSIC_LB_HOURLY: f64 = 0.025;
/// EBS gp3 storage, per GB-month; an instance's root volume is taken as 8 GB.
const GP3_GB_MONTH: f64 = 0.08;
const ROOT_VOLUME_GB: f64 = 8.0;
/// A customer managed KMS key, per month.
const KMS_KEY_MONTH: f64 = 1.0;
/// S3 Standard storage, per GB-month.
const S3_STANDARD_GB_MONTH: f64 = 0.023;

/// RDS gp2 storage, per GB-month (Multi-AZ stores it twice).
const RDS_GP2_GB_MONTH: f64 = 0.115;
/// A standard-resolution CloudWatch alarm, per month.
const ALARM_MONTH: f64 = 0.10;

/// RDS for MySQL single-AZ on-demand hourly prices (Multi-AZ doubles them).
const DB_INSTANCE_HOURLY: &[(&str, f64)] =
    &[("db.t3.micro", 0.017), ("db.t3.small", 0.034), ("db.t3.medium", 0.068), ("db.m5.large", 0.171)];

/// Linux on-demand hourly prices of the instance types templates use most.
const INSTANCE_HOURLY: &[(&str, f64)] = &[
    ("t2.nano", 0.0058),
    ("t2.micro", 0.0116),
    ("t2.small", 0.023),
    ("t2.medium", 0.0464),
    ("t3.nano", 0.0052),
    ("t3.micro", 0.0104),
    ("t3.small", 0.0208),
    ("t3.medium", 0.0416),
    ("t3.large", 0.0832),
    ("t4g.micro", 0.0084),
    ("m5.large", 0.096),
    ("c5.large", 0.085),
    ("m1.small", 0.044),
];

/// One resource's part of the estimate.
#[derive(Clone, Debug, PartialEq)]
pub struct CostLine {
    pub logical_id: String,
    pub resource_type: String,
    /// US dollars a month.
    pub monthly: f64,
    /// How the figure was reached (`t3.micro 730 h × $0.0104 + 8 GB gp3 …`).
    pub basis: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StackCost {
    pub stack_name: String,
    pub lines: Vec<CostLine>,
}

impl StackCost {
    pub fn monthly(&self) -> f64 {
        self.lines.iter().map(|l| l.monthly).sum()
    }
}

pub fn instance_hourly(instance_type: &str) -> Option<f64> {
    INSTANCE_HOURLY.iter().find(|(t, _)| *t == instance_type).map(|(_, p)| *p)
}

pub fn db_instance_hourly(class: &str) -> Option<f64> {
    DB_INSTANCE_HOURLY.iter().find(|(t, _)| *t == class).map(|(_, p)| *p)
}

/// A DB instance: its hours while it runs (not while stopped) and its storage always.
fn db_instance_cost(world: &World, r: &super::model::StackResource, physical: &str) -> CostLine {
    use crate::services::rds::DbInstanceStatus;
    let Some(i) = world.rds.instances.values().find(|i| i.id == physical) else {
        return line(r, 0.0, "deleted".into());
    };
    let copies = if i.multi_az { 2.0 } else { 1.0 };
    let az = if i.multi_az { " (Multi-AZ ×2)" } else { "" };
    let storage = i.allocated_storage as f64 * RDS_GP2_GB_MONTH * copies;
    let mut basis = format!("{} GB gp2 × ${RDS_GP2_GB_MONTH}{az}", i.allocated_storage);
    let mut monthly = storage;
    if matches!(i.status, DbInstanceStatus::Stopped | DbInstanceStatus::Stopping) {
        basis = format!("stopped: only the {basis}");
    } else {
        match db_instance_hourly(&i.instance_class) {
            Some(p) => {
                monthly += p * HOURS_PER_MONTH * copies;
                basis = format!("{} {HOURS_PER_MONTH} h × ${p}{az} + {basis}", i.instance_class);
            }
            None => basis = format!("{} is not in the price table; {basis}", i.instance_class),
        }
    }
    line(r, monthly, basis)
}

fn line(r: &super::model::StackResource, monthly: f64, basis: String) -> CostLine {
    CostLine { logical_id: r.logical_id.clone(), resource_type: r.resource_type.clone(), monthly, basis }
}

/// What one live resource costs a month.
fn resource_cost(world: &World, r: &super::model::StackResource) -> CostLine {
    let physical = r.physical_id.as_deref().unwrap_or_default();
    match r.resource_type.as_str() {
        "AWS::EC2::Instance" => {
            let Some(i) = world.ec2.instances.get(physical) else { return line(r, 0.0, "terminated".into()) };
            let (monthly, basis) = instance_cost(world, i);
            line(r, monthly, basis)
        }
        // A group's instances are EC2 instances: the ones that carry the stack's tags for it.
        "AWS::AutoScaling::AutoScalingGroup" => {
            let tag = |i: &crate::services::ec2::model::Instance, k: &str| {
                i.tags.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone())
            };
            let tagged = |i: &&crate::services::ec2::model::Instance| {
                tag(i, "aws:autoscaling:groupName").as_deref() == Some(physical)
                    && tag(i, "aws:cloudformation:logical-id").as_ref() == Some(&r.logical_id)
            };
            let costs: Vec<(f64, String)> =
                world.ec2.live_instances().filter(tagged).map(|i| instance_cost(world, i)).collect();
            let monthly = costs.iter().map(|c| c.0).sum();
            let basis = match costs.first() {
                None => "no instances".to_string(),
                Some((_, b)) => format!("{} instance(s), each {b}", costs.len()),
            };
            line(r, monthly, basis)
        }
        "AWS::EC2::EIP" => line(
            r,
            PUBLIC_IPV4_HOURLY * HOURS_PER_MONTH,
            format!("public IPv4 {HOURS_PER_MONTH} h × ${PUBLIC_IPV4_HOURLY}, attached or not"),
        ),
        "AWS::EC2::NatGateway" => {
            use crate::services::ec2::model::NatGatewayState;
            let billed = world
                .ec2
                .nat_gateways
                .get(physical)
                .is_some_and(|n| matches!(n.state, NatGatewayState::Pending | NatGatewayState::Available));
            if billed {
                line(
                    r,
                    NAT_GATEWAY_HOURLY * HOURS_PER_MONTH,
                    format!("NAT gateway {HOURS_PER_MONTH} h × ${NAT_GATEWAY_HOURLY} (data processed not counted)"),
                )
            } else {
                line(r, 0.0, "deleted".into())
            }
        }
        "AWS::ElasticLoadBalancingV2::LoadBalancer" => match world.elbv2.load_balancers.get(physical) {
            Some(lb) => line(
                r,
                ALB_HOURLY * HOURS_PER_MONTH,
                format!("{} load balancer {HOURS_PER_MONTH} h × ${ALB_HOURLY} (LCUs not counted)", lb.lb_type),
            ),
            None => line(r, 0.0, "deleted".into()),
        },
        "AWS::ElasticLoadBalancing::LoadBalancer" => {
            if world.elb.load_balancers.values().any(|l| l.name == physical) {
                line(
                    r,
                    CLASSIC_LB_HOURLY * HOURS_PER_MONTH,
                    format!(
                        "Classic Load Balancer {HOURS_PER_MONTH} h × ${CLASSIC_LB_HOURLY} (data processed not counted)"
                    ),
                )
            } else {
                line(r, 0.0, "deleted".into())
            }
        }
        "AWS::KMS::Key" => line(r, KMS_KEY_MONTH, format!("customer managed key ${KMS_KEY_MONTH} a month")),
        "AWS::S3::Bucket" => {
            let bytes = world.s3.buckets.get(physical).map_or(0, |b| b.total_bytes());
            let gb = bytes as f64 / 1e9;
            line(r, gb * S3_STANDARD_GB_MONTH, format!("{bytes} bytes in S3 Standard × ${S3_STANDARD_GB_MONTH}/GB"))
        }
        "AWS::SQS::Queue" => line(r, 0.0, "charged per request only".into()),
        "AWS::SNS::Topic" => line(r, 0.0, "charged per publish and delivery only".into()),
        "AWS::Lambda::Function" => line(r, 0.0, "charged per request and GB-second of running only".into()),
        "AWS::RDS::DBInstance" => db_instance_cost(world, r, physical),
        "AWS::CloudWatch::Alarm" => line(r, ALARM_MONTH, format!("standard-resolution alarm ${ALARM_MONTH} a month")),
        _ => line(r, 0.0, "no charge for the resource itself".into()),
    }
}

/// What one instance costs a month (its hourly price while it runs, its root volume, and an
/// auto-assigned public address), with how it was worked out.
fn instance_cost(world: &World, i: &crate::services::ec2::model::Instance) -> (f64, String) {
    use crate::services::ec2::model::InstanceStateName;
    let physical = i.instance_id.as_str();
    let disk = ROOT_VOLUME_GB * GP3_GB_MONTH;
    let running = matches!(i.state, InstanceStateName::Pending | InstanceStateName::Running);
    let mut monthly = disk;
    let mut basis = format!("{ROOT_VOLUME_GB} GB gp3 root volume × ${GP3_GB_MONTH}");
    if running {
        match instance_hourly(&i.instance_type) {
            Some(p) => {
                monthly += p * HOURS_PER_MONTH;
                basis = format!("{} {HOURS_PER_MONTH} h × ${p} + {basis}", i.instance_type);
            }
            None => basis = format!("{} is not in the price table; {basis}", i.instance_type),
        }
        // An auto-assigned public address is charged like an Elastic IP; an attached
        // Elastic IP is counted on its own resource.
        let elastic = world.ec2.addresses.values().any(|a| a.instance_id.as_deref() == Some(physical));
        if i.public_ip.is_some() && !elastic {
            monthly += PUBLIC_IPV4_HOURLY * HOURS_PER_MONTH;
            basis.push_str(&format!(" + public IPv4 {HOURS_PER_MONTH} h × ${PUBLIC_IPV4_HOURLY}"));
        }
    } else {
        basis = format!("stopped: only the {basis}");
    }
    (monthly, basis)
}

/// The estimate of one stack's live resources (none once it is deleted).
pub fn estimate(world: &World, stack: &Stack) -> StackCost {
    let live = stack.status != StackStatus::DeleteComplete;
    let lines = stack
        .resources
        .iter()
        .filter(|r| live && r.physical_id.is_some())
        .filter(|r| r.status.is_some_and(|s| !s.as_str().starts_with("DELETE")))
        .map(|r| resource_cost(world, r))
        .collect();
    StackCost { stack_name: stack.name.clone(), lines }
}

/// Every live stack's monthly estimate, grouped by the value of the stack tag `key`
/// (`(untagged)` for stacks without it).
pub fn by_tag(world: &World, key: &str) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    for s in world.cloudformation.stacks.values().filter(|s| s.status != StackStatus::DeleteComplete) {
        let value = s.tags.iter().find(|(k, _)| k == key).map_or("(untagged)".to_string(), |(_, v)| v.clone());
        *out.entry(value).or_insert(0.0) += estimate(world, s).monthly();
    }
    out
}

/// A stack that exists only `hours_per_day` on `days_per_week` days (deleted in the evening,
/// recreated in the morning): what it costs a month, and what that saves against running
/// all the time. A deleted stack costs nothing, its disks and addresses included.
pub fn scheduled(monthly: f64, hours_per_day: f64, days_per_week: f64) -> (f64, f64) {
    let share = (hours_per_day.clamp(0.0, 24.0) * days_per_week.clamp(0.0, 7.0)) / (24.0 * 7.0);
    let cost = monthly * share;
    (cost, monthly - cost)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_hours_on_weekdays_save_almost_three_quarters() {
        let (cost, saving) = scheduled(100.0, 9.0, 5.0);
        assert!((cost - 26.785_714).abs() < 1e-3, "{cost}");
        assert!((saving - 73.214_285).abs() < 1e-3, "{saving}");
        assert_eq!(scheduled(50.0, 24.0, 7.0), (50.0, 0.0));
    }

    #[test]
    fn the_price_table_knows_the_common_types() {
        assert_eq!(instance_hourly("t3.micro"), Some(0.0104));
        assert_eq!(instance_hourly("x9.huge"), None);
        assert_eq!(db_instance_hourly("db.t3.micro"), Some(0.017));
        assert_eq!(db_instance_hourly("db.m5.large"), Some(0.171));
    }
}
