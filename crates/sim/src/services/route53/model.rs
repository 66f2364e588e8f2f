//! Route 53 resources: hosted zones with their record sets, changes and health checks, plus the
//! fixed facts the service relies on (limits, SOA defaults, the hosted zone ids of AWS endpoints).

use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};
use std::ops::Bound;

/// Hosted zones per account.
pub const MAX_HOSTED_ZONES: usize = 500;
/// Records (record sets) per hosted zone, including NS and SOA.
pub const MAX_RECORDS_PER_ZONE: usize = 10_000;
/// Values (ResourceRecord elements) in one record set.
pub const MAX_VALUES_PER_RECORD: usize = 400;
/// Weighted, latency, geolocation, multivalue or IP-based records with the same name and type.
pub const MAX_POLICY_RECORDS_PER_NAME: usize = 100;
/// Geoproximity records with the same name and type.
pub const MAX_GEOPROXIMITY_RECORDS_PER_NAME: usize = 30;
/// ResourceRecord elements in one ChangeResourceRecordSets request (an UPSERT counts twice).
pub const MAX_RECORD_ELEMENTS_PER_REQUEST: usize = 1000;
/// Active health checks per account.
pub const MAX_HEALTH_CHECKS: usize = 200;
/// Child checks of one calculated health check.
pub const MAX_CHILD_HEALTH_CHECKS: usize = 255;
/// How long a change stays PENDING before it is INSYNC. AWS documents no figure; about 60 s is
/// what people observe, so Nimbus Lab uses it (its own rule, said so in the trail).
pub const CHANGE_PROPAGATION: SimDuration = SimDuration::seconds(60);
/// Changes GetChange can still find; older INSYNC changes are forgotten first.
pub const MAX_KEPT_CHANGES: usize = 2000;
/// Observations kept per health check.
pub const HEALTH_HISTORY: usize = 50;
/// The bytes of a response body a string-matching health check searches.
pub const STRING_MATCH_BYTES: usize = 5120;
/// TTLs of the records Route 53 creates with a zone.
pub const NS_TTL: i64 = 172_800;
pub const SOA_TTL: i64 = 900;
/// SOA fields after the two names: serial, refresh, retry, expire, minimum (negative-caching TTL).
pub const SOA_TIMERS: &str = "1 7200 900 1209600 86400";
/// The mailbox Route 53 writes into the SOA of every zone it creates.
pub const SOA_HOSTMASTER: &str = "awsdns-hostmaster.amazon.com.";
/// The hosted zone id every CloudFront distribution alias uses.
pub const CLOUDFRONT_HOSTED_ZONE_ID: &str = "Z2FDTNDATAQYW2";

/// The hosted zone ids of the S3 website endpoints, per region (AWS General Reference, "Amazon
/// S3 website endpoints").
pub const S3_WEBSITE_ZONE_IDS: &[(&str, &str)] = &[
    ("us-east-1", "Z3AQBSTGFYJSTF"),
    ("us-east-2", "Z2O1EMRO9K5GLX"),
    ("us-west-1", "Z2F56UZL2M1ACD"),
    ("us-west-2", "Z3BJ6K6RIION7M"),
    ("ca-central-1", "Z1QDHH18159H29"),
    ("sa-east-1", "Z7KQH4QJS55SO"),
    ("eu-west-1", "Z1BKCTXD74EZPE"),
    ("eu-west-2", "Z3GKZC51ZF0DB4"),
    ("eu-west-3", "Z3R1K369G5AVDG"),
    ("eu-central-1", "Z21DNDUVLTQW6Q"),
    ("eu-north-1", "Z3BAZG2TWCNX0D"),
    ("ap-south-1", "Z11RGJOFQNVJUP"),
    ("ap-northeast-1", "Z2M4EHUR26P7ZW"),
    ("ap-northeast-2", "Z3W03O7B5YMIYP"),
    ("ap-southeast-1", "Z3O0J2DXBE1FTB"),
    ("ap-southeast-2", "Z1WCIGYICN2BYD"),
];

/// The hosted zone ids of Application and Classic Load Balancers, per region (AWS General
/// Reference, "Elastic Load Balancing endpoints").
pub const ELB_ZONE_IDS: &[(&str, &str)] = &[
    ("us-east-1", "Z35SXDOTRQ7X7K"),
    ("us-east-2", "Z3AADJGX6KTTL2"),
    ("us-west-1", "Z368ELLRRE2KJ0"),
    ("us-west-2", "Z1H1FL5HABSF5"),
    ("ca-central-1", "ZQSVJUPU6J1EY"),
    ("sa-east-1", "Z2P70J7HTTTPLU"),
    ("eu-west-1", "Z32O12XQLNTSW2"),
    ("eu-west-2", "ZHURV8PSTC4K8"),
    ("eu-west-3", "Z3Q77PNBQS71R4"),
    ("eu-central-1", "Z215JYRZR1TBD5"),
    ("eu-north-1", "Z23TAZ7KFP34LI"),
    ("ap-south-1", "ZP97RAFLXTNZK"),
    ("ap-northeast-1", "Z14GRHDCWA56QT"),
    ("ap-northeast-2", "ZWKZPGTI48KDX"),
    ("ap-southeast-1", "Z1LMS91P8CMLE5"),
    ("ap-southeast-2", "Z1GM3OXH4ZPM65"),
];

/// The regions Route 53 health checkers run in (all are used unless a check names some).
pub const CHECKER_REGIONS: &[&str] = &[
    "us-east-1",
    "us-west-1",
    "us-west-2",
    "eu-west-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
    "sa-east-1",
];

/// Record types of the API; the first nine are simulated with value checks (plus SPF as TXT).
pub const RR_TYPES: &[&str] = &[
    "SOA", "A", "TXT", "NS", "CNAME", "MX", "NAPTR", "PTR", "SRV", "SPF", "AAAA", "CAA", "DS", "TLSA", "SSHFP", "SVCB",
    "HTTPS",
];
pub const SIMULATED_RR_TYPES: &[&str] = &["SOA", "A", "AAAA", "CNAME", "MX", "TXT", "SPF", "NS", "SRV", "CAA", "PTR"];

pub fn s3_website_zone_id(region: &str) -> Option<&'static str> {
    S3_WEBSITE_ZONE_IDS.iter().find(|(r, _)| *r == region).map(|(_, z)| *z)
}

pub fn elb_zone_id(region: &str) -> Option<&'static str> {
    ELB_ZONE_IDS.iter().find(|(r, _)| *r == region).map(|(_, z)| *z)
}

// ---------------------------------------------------------------- API shapes kept in the state

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceRecord {
    pub value: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AliasTarget {
    pub hosted_zone_id: String,
    #[serde(rename = "DNSName")]
    pub dns_name: String,
    pub evaluate_target_health: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GeoLocation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continent_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subdivision_code: Option<String>,
}

/// A record set as the API shapes it (`ResourceRecordSet`). Stored with the name in canonical
/// form (lower case, trailing dot); listed with `*` shown as `\052`, as Route 53 does.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceRecordSet {
    pub name: String,
    #[serde(rename = "Type")]
    pub record_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_identifier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo_location: Option<GeoLocation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failover: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_value_answer: Option<bool>,
    #[serde(rename = "TTL", default, skip_serializing_if = "Option::is_none")]
    pub ttl: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_records: Option<Vec<ResourceRecord>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias_target: Option<AliasTarget>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_id: Option<String>,
    /// Traffic policies are not simulated; the field is read only so that a request using one
    /// is refused instead of silently ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traffic_policy_instance_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_routing_config: Option<CidrRoutingConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo_proximity_location: Option<GeoProximityLocation>,
}

/// `CidrRoutingConfig`: IP-based routing by a location of a CIDR collection (`*` is the default
/// record, for addresses no location holds).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CidrRoutingConfig {
    pub collection_id: String,
    pub location_name: String,
}

/// `Coordinates` as the API shapes them: decimal strings, at most two decimals.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Coordinates {
    pub latitude: String,
    pub longitude: String,
}

/// `GeoProximityLocation`: where a geoproximity record's resource is (one of an AWS Region, a
/// Local Zone group or coordinates) and its bias (-99..99).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GeoProximityLocation {
    #[serde(rename = "AWSRegion", default, skip_serializing_if = "Option::is_none")]
    pub aws_region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_zone_group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinates: Option<Coordinates>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bias: Option<i64>,
}

/// The routing policy a record set uses, from the fields it sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    Simple,
    Weighted,
    Latency,
    Failover,
    Geolocation,
    Geoproximity,
    IpBased,
    MultiValue,
}

impl Policy {
    pub fn name(self) -> &'static str {
        match self {
            Policy::Simple => "simple",
            Policy::Weighted => "weighted",
            Policy::Latency => "latency",
            Policy::Failover => "failover",
            Policy::Geolocation => "geolocation",
            Policy::Geoproximity => "geoproximity",
            Policy::IpBased => "IP-based",
            Policy::MultiValue => "multivalue answer",
        }
    }
}

impl ResourceRecordSet {
    pub fn policy(&self) -> Policy {
        if self.weight.is_some() {
            Policy::Weighted
        } else if self.region.is_some() {
            Policy::Latency
        } else if self.failover.is_some() {
            Policy::Failover
        } else if self.geo_location.is_some() {
            Policy::Geolocation
        } else if self.geo_proximity_location.is_some() {
            Policy::Geoproximity
        } else if self.cidr_routing_config.is_some() {
            Policy::IpBased
        } else if self.multi_value_answer == Some(true) {
            Policy::MultiValue
        } else {
            Policy::Simple
        }
    }

    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.resource_records.iter().flatten().map(|r| r.value.as_str())
    }

    /// The key the zone stores this set under (see [`record_key`]).
    pub fn key(&self) -> String {
        record_key(&self.name, &self.record_type, self.set_identifier.as_deref())
    }

    /// `[name='www.example.com.', type='A', set-identifier='s1']`, as InvalidChangeBatch names a set.
    pub fn describe(&self) -> String {
        let mut s = format!("[name='{}', type='{}'", super::names::display_name(&self.name), self.record_type);
        if let Some(id) = &self.set_identifier {
            s.push_str(&format!(", set-identifier='{id}'"));
        }
        s.push(']');
        s
    }
}

/// The labels of a canonical name in reverse order, with the trailing dot:
/// `www.example.com.` → `com.example.www.` (Route 53's listing order).
pub fn reversed_name(canonical: &str) -> String {
    let trimmed = canonical.trim_end_matches('.').as_bytes();
    let mut out = String::with_capacity(trimmed.len() + 8);
    let mut end = trimmed.len();
    // Walk labels from the right; names are ASCII, so byte slicing is safe on '.' boundaries.
    while let Some(dot) = trimmed[..end].iter().rposition(|b| *b == b'.') {
        out.push_str(&canonical[dot + 1..end]);
        out.push('.');
        end = dot;
    }
    out.push_str(&canonical[..end]);
    out.push('.');
    out
}

/// The sort key of a record set: reversed name, then type, then set identifier, separated by a
/// space (which sorts before every character a name may hold), so a zone's BTreeMap iterates
/// in ListResourceRecordSets order.
pub fn record_key(canonical_name: &str, record_type: &str, set_identifier: Option<&str>) -> String {
    let mut key = reversed_name(canonical_name);
    key.push(' ');
    key.push_str(record_type);
    key.push(' ');
    key.push_str(set_identifier.unwrap_or(""));
    key
}

/// The key prefix every record set of one name shares.
pub fn name_prefix(canonical_name: &str) -> String {
    let mut key = reversed_name(canonical_name);
    key.push(' ');
    key
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Vpc {
    #[serde(rename = "VPCRegion", default, skip_serializing_if = "Option::is_none")]
    pub vpc_region: Option<String>,
    #[serde(rename = "VPCId", default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
}

// ---------------------------------------------------------------- state

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Route53State {
    /// Hosted zones by id (without the `/hostedzone/` prefix).
    pub zones: BTreeMap<String, Zone>,
    /// Recent changes, oldest first.
    pub changes: VecDeque<ChangeRecord>,
    /// Health checks by id.
    pub health_checks: BTreeMap<String, HealthCheckState>,
    /// Creation counter: among public zones with the same name, the oldest answers.
    pub zone_seq: u64,
    /// CIDR collections for IP-based routing, by id.
    #[serde(default)]
    pub cidr_collections: BTreeMap<String, CidrCollectionState>,
    /// Recursive resolvers with their caches, by name (not part of Route 53 itself: the
    /// resolvers clients use, simulated so TTLs and caching can be seen).
    #[serde(default)]
    pub resolvers: BTreeMap<String, super::resolver::RecursiveResolver>,
}

impl Route53State {
    /// The public zone authoritative for `canonical` (the longest zone name it lies within; among
    /// zones with the same name, the one created first).
    pub fn authoritative_zone(&self, canonical: &str) -> Option<&Zone> {
        let mut best: Option<&Zone> = None;
        for zone in self.zones.values() {
            if zone.private_zone || !super::names::is_within(canonical, &zone.name) {
                continue;
            }
            best = match best {
                Some(b) if b.name.len() > zone.name.len() => Some(b),
                Some(b) if b.name.len() == zone.name.len() && b.seq < zone.seq => Some(b),
                _ => Some(zone),
            };
        }
        best
    }

    pub fn change(&self, id: &str) -> Option<&ChangeRecord> {
        self.changes.iter().find(|c| c.id == id)
    }
}

/// CIDR collections per account.
pub const MAX_CIDR_COLLECTIONS: usize = 5;
/// CIDR blocks per collection.
pub const MAX_CIDR_BLOCKS_PER_COLLECTION: usize = 1000;

/// A CIDR collection: named locations, each a list of CIDR blocks (kept as written, canonical).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CidrCollectionState {
    /// A UUID.
    pub id: String,
    pub name: String,
    pub caller_reference: String,
    /// 1 at creation, +1 for every ChangeCidrCollection.
    pub version: i64,
    pub locations: BTreeMap<String, Vec<String>>,
}

impl CidrCollectionState {
    pub fn arn(&self) -> String {
        format!("arn:aws:route53:::cidrcollection/{}", self.id)
    }
    pub fn block_count(&self) -> usize {
        self.locations.values().map(Vec::len).sum()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Zone {
    pub id: String,
    /// Canonical: lower case with the trailing dot.
    pub name: String,
    pub caller_reference: String,
    pub comment: Option<String>,
    pub private_zone: bool,
    pub vpcs: Vec<Vpc>,
    pub name_servers: Vec<String>,
    pub created: SimTime,
    pub seq: u64,
    /// Record sets by [`record_key`], so iteration is Route 53's listing order.
    pub records: BTreeMap<String, ResourceRecordSet>,
}

impl Zone {
    pub fn arn(&self) -> String {
        format!("arn:aws:route53:::hostedzone/{}", self.id)
    }

    /// Record sets other than the apex NS and SOA (DeleteHostedZone refuses while any remain).
    pub fn user_record_count(&self) -> usize {
        self.records
            .values()
            .filter(|r| !(r.name == self.name && (r.record_type == "NS" || r.record_type == "SOA")))
            .count()
    }

    /// Every record set of one name (all types), in listing order.
    pub fn sets_named<'z>(&'z self, canonical: &str) -> impl Iterator<Item = &'z ResourceRecordSet> + 'z {
        let prefix = name_prefix(canonical);
        let start: (Bound<&str>, Bound<&str>) = (Bound::Included(prefix.as_str()), Bound::Unbounded);
        let range = self.records.range::<str, _>(start);
        // The bound is used only to find the start, so the filter can take `prefix` itself.
        range.take_while(move |(k, _)| k.starts_with(prefix.as_str())).map(|(_, v)| v)
    }

    /// True when some record lies strictly below `canonical` (an empty non-terminal answers
    /// NOERROR with no data rather than NXDOMAIN).
    pub fn has_descendants(&self, canonical: &str) -> bool {
        let rev = reversed_name(canonical);
        // Descendant keys continue the reversed name with a label character, never a space.
        let start = format!("{rev}!");
        self.records.range(start..).next().is_some_and(|(k, _)| k.starts_with(&rev))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeStatus {
    #[serde(rename = "PENDING")]
    Pending,
    #[serde(rename = "INSYNC")]
    Insync,
}

impl ChangeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeStatus::Pending => "PENDING",
            ChangeStatus::Insync => "INSYNC",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangeRecord {
    /// Without the `/change/` prefix.
    pub id: String,
    pub status: ChangeStatus,
    pub submitted_at: SimTime,
    pub comment: Option<String>,
}

// ---------------------------------------------------------------- health checks

/// `HealthCheckConfig` as the API shapes it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HealthCheckConfig {
    #[serde(rename = "IPAddress", default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i64>,
    #[serde(rename = "Type")]
    pub check_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fully_qualified_domain_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_string: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_interval: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_threshold: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure_latency: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inverted: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_threshold: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child_health_checks: Option<Vec<String>>,
    #[serde(rename = "EnableSNI", default, skip_serializing_if = "Option::is_none")]
    pub enable_sni: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<String>>,
    /// CloudWatch-alarm and recovery-control checks are not simulated; read so they are refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarm_identifier: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insufficient_data_health_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routing_control_arn: Option<String>,
}

impl HealthCheckConfig {
    pub fn interval(&self) -> SimDuration {
        SimDuration::seconds(self.request_interval.unwrap_or(30))
    }
    pub fn threshold(&self) -> u32 {
        self.failure_threshold.unwrap_or(3).clamp(1, 10) as u32
    }
    pub fn checker_regions(&self) -> Vec<String> {
        match &self.regions {
            Some(r) if !r.is_empty() => r.clone(),
            _ => CHECKER_REGIONS.iter().map(|r| r.to_string()).collect(),
        }
    }
}

/// What one checker region last saw and how it currently judges the endpoint.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckerState {
    pub region: String,
    /// The checker's source address (Route 53 checkers use 15.177.0.0/18 and others).
    pub ip_address: String,
    pub healthy: bool,
    /// Consecutive results that disagree with `healthy`; the status flips at FailureThreshold.
    pub streak: u32,
    pub last_checked: Option<SimTime>,
    pub last_report: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HealthObservation {
    pub time: SimTime,
    /// The check's status after this observation (after Inverted).
    pub healthy: bool,
    pub report: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HealthCheckState {
    pub id: String,
    pub caller_reference: String,
    pub config: HealthCheckConfig,
    pub version: i64,
    pub created: SimTime,
    pub checkers: Vec<CheckerState>,
    /// The aggregated status (more than 18 % of checkers healthy), before Inverted/Disabled.
    pub endpoint_healthy: bool,
    /// Bounded, newest last.
    pub history: VecDeque<HealthObservation>,
}

impl HealthCheckState {
    /// A new check is healthy until there is enough data (unhealthy if inverted).
    pub fn new(id: String, caller_reference: String, config: HealthCheckConfig, now: SimTime) -> Self {
        let checkers = config
            .checker_regions()
            .into_iter()
            .map(|region| {
                let n = CHECKER_REGIONS.iter().position(|r| *r == region).unwrap_or(0);
                CheckerState {
                    ip_address: format!("15.177.{}.{}", n * 8, 10 + n),
                    region,
                    healthy: true,
                    streak: 0,
                    last_checked: None,
                    last_report: None,
                }
            })
            .collect();
        HealthCheckState {
            id,
            caller_reference,
            config,
            version: 1,
            created: now,
            checkers,
            endpoint_healthy: true,
            history: VecDeque::new(),
        }
    }

    /// Healthy when more than 18 % of the checkers report healthy.
    pub fn aggregate(checkers: &[CheckerState]) -> bool {
        if checkers.is_empty() {
            return true;
        }
        let healthy = checkers.iter().filter(|c| c.healthy).count();
        healthy * 100 > checkers.len() * 18
    }

    pub fn push_history(&mut self, observation: HealthObservation) {
        if self.history.len() >= HEALTH_HISTORY {
            self.history.pop_front();
        }
        self.history.push_back(observation);
    }
}
