//! What the resolver panels share: the client locations a learner can pick (one per simulated
//! region, as the engine's resolvers place them), the names that can be asked for, and where a
//! record sends traffic on the map. Plain functions over the World, so they are tested natively.

use nimbus_sim::regions::{self, Region, REGIONS};
use nimbus_sim::services::route53::names::display_name;
use nimbus_sim::services::route53::resolve::{alias_kind, AliasKind};
use nimbus_sim::services::route53::resolver::Place;
use nimbus_sim::services::route53::{Policy, ResourceRecordSet, Zone};
use nimbus_sim::World;

/// Client locations ticked when the page opens: four continents, so a latency or geolocation
/// record shows a different answer per location.
pub const DEFAULT_PLACES: [&str; 4] = ["us-east-1", "eu-west-1", "ap-northeast-1", "ap-southeast-2"];

/// `N. Virginia (us-east-1)`: the city a learner knows, then the code the engine uses.
pub fn place_label(code: &str) -> String {
    let Some(region) = regions::find(code) else { return code.to_string() };
    let city = region.name.split_once('(').map(|(_, c)| c.trim_end_matches(')')).unwrap_or(region.name);
    format!("{city} ({code})")
}

/// Every simulated region, as a place clients can be in.
pub fn places() -> impl Iterator<Item = &'static Region> {
    REGIONS.iter()
}

pub fn place(code: &str) -> Place {
    Place::Region(code.to_string())
}

/// A name and type Route 53 answers for, from the public zones.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    /// Canonical, with the trailing dot.
    pub name: String,
    pub record_type: String,
    pub policy: Policy,
    /// Record sets answering for it.
    pub sets: usize,
}

impl Question {
    /// The `<select>` value and the map's key: `www.example.com. A`.
    pub fn key(&self) -> String {
        format!("{} {}", self.name, self.record_type)
    }

    pub fn label(&self) -> String {
        let policy = if self.sets > 1 || self.policy != Policy::Simple {
            format!(" · {} ({} records)", self.policy.name(), self.sets)
        } else {
            String::new()
        };
        format!("{} {}{policy}", display_name(&self.name), self.record_type)
    }
}

/// Route 53 keeps a zone's apex NS and SOA; asking for them teaches nothing about routing.
fn is_zone_own(zone: &Zone, set: &ResourceRecordSet) -> bool {
    set.name == zone.name && (set.record_type == "NS" || set.record_type == "SOA")
}

/// Every (name, type) of the public zones, in the zones' order. Private zones answer only inside
/// their VPCs, which these clients are not in.
pub fn questions(world: &World) -> Vec<Question> {
    let mut out: Vec<Question> = Vec::new();
    for zone in world.route53.zones.values().filter(|z| !z.private_zone) {
        for set in zone.records.values().filter(|s| !is_zone_own(zone, s)) {
            match out.iter_mut().find(|q| q.name == set.name && q.record_type == set.record_type) {
                Some(q) => q.sets += 1,
                None => out.push(Question {
                    name: set.name.clone(),
                    record_type: set.record_type.clone(),
                    policy: set.policy(),
                    sets: 1,
                }),
            }
        }
    }
    out
}

/// The question the panels start with: the first record with a routing policy, else the first.
pub fn default_question(questions: &[Question]) -> Option<&Question> {
    questions.iter().find(|q| q.policy != Policy::Simple).or(questions.first())
}

/// The record sets that answer for a question.
pub fn sets_for<'w>(world: &'w World, q: &Question) -> Vec<(&'w Zone, &'w ResourceRecordSet)> {
    world
        .route53
        .authoritative_zone(&q.name)
        .map(|zone| zone.sets_named(&q.name).filter(|s| s.record_type == q.record_type).map(|s| (zone, s)).collect())
        .unwrap_or_default()
}

/// How the traffic report names a record set: its set identifier, else its first value.
pub fn report_label(set: &ResourceRecordSet) -> String {
    match &set.set_identifier {
        Some(id) => id.clone(),
        None => set.values().next().map(str::to_string).unwrap_or_default(),
    }
}

/// Where a record set's traffic goes on the map: the region it names (latency, geoproximity),
/// or the region in an AWS endpoint's host name (an S3 website, a load balancer). Bare IP
/// addresses have no place.
pub fn record_region(zone: &Zone, set: &ResourceRecordSet) -> Option<&'static Region> {
    if let Some(r) = set.region.as_deref().and_then(regions::find) {
        return Some(r);
    }
    if let Some(r) = set.geo_proximity_location.as_ref().and_then(|g| g.aws_region.as_deref()).and_then(regions::find) {
        return Some(r);
    }
    let alias = set.alias_target.as_ref()?;
    let host = match alias_kind(zone, set, alias) {
        AliasKind::Endpoint { host, .. } => host,
        AliasKind::Record(_) => return None,
    };
    // The longest code that appears wins, so `us-east-1` is not read as a prefix of another.
    REGIONS.iter().filter(|r| host.contains(r.code)).max_by_key(|r| r.code.len())
}
