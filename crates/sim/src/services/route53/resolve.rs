//! The Route 53 resolver: one function answers a DNS query the way Route 53's authoritative
//! servers would, applying the record's routing policy and health, and explains in `trace`
//! which rule picked the answer.

use super::cidr::{longest_match, Address};
use super::model::*;
use super::names;
use crate::numfmt;
use crate::regions;
use crate::services::s3::S3State;
use crate::world::{SimRng, World};
use rand::RngExt;

/// Where a query comes from. Latency routing uses the region, geolocation the continent,
/// country and subdivision, geoproximity the position, IP-based routing the address.
#[derive(Clone, Debug, PartialEq)]
pub struct Client {
    pub region: &'static str,
    pub continent: &'static str,
    pub country: &'static str,
    pub subdivision: Option<&'static str>,
    /// The address the location came from, when it came from one.
    pub ip: Option<String>,
    /// Latitude and longitude, when the client was placed by coordinates (otherwise the
    /// region's position is used).
    pub position: Option<(f32, f32)>,
}

/// Where Nimbus Lab places a client in each simulated region: (region, continent, country,
/// subdivision).
const REGION_PLACES: &[(&str, &str, &str, Option<&str>)] = &[
    ("us-east-1", "NA", "US", Some("VA")),
    ("us-east-2", "NA", "US", Some("OH")),
    ("us-west-1", "NA", "US", Some("CA")),
    ("us-west-2", "NA", "US", Some("OR")),
    ("ca-central-1", "NA", "CA", None),
    ("sa-east-1", "SA", "BR", None),
    ("eu-west-1", "EU", "IE", None),
    ("eu-west-2", "EU", "GB", None),
    ("eu-west-3", "EU", "FR", None),
    ("eu-central-1", "EU", "DE", None),
    ("eu-north-1", "EU", "SE", None),
    ("ap-south-1", "AS", "IN", None),
    ("ap-northeast-1", "AS", "JP", None),
    ("ap-northeast-2", "AS", "KR", None),
    ("ap-southeast-1", "AS", "SG", None),
    ("ap-southeast-2", "OC", "AU", None),
];

impl Client {
    /// A client near a region (the default region when the code is unknown).
    pub fn in_region(code: &str) -> Client {
        let place = REGION_PLACES.iter().find(|p| p.0 == code).unwrap_or(&REGION_PLACES[0]);
        Client { region: place.0, continent: place.1, country: place.2, subdivision: place.3, ip: None, position: None }
    }

    /// A client at coordinates; for latency and geolocation it counts as near the closest
    /// simulated region.
    pub fn at(latitude: f32, longitude: f32) -> Client {
        let nearest = regions::REGIONS
            .iter()
            .map(|r| (r.code, great_circle_km(latitude, longitude, r.latitude, r.longitude)))
            .fold(("us-east-1", f64::MAX), |best, c| if c.1 < best.1 { c } else { best });
        Client { position: Some((latitude, longitude)), ..Client::in_region(nearest.0) }
    }

    /// The same client with an address (IP-based routing reads it).
    pub fn with_ip(mut self, ip: &str) -> Client {
        self.ip = Some(ip.to_string());
        self
    }

    /// Latitude and longitude: the client's own, or its region's.
    pub fn point(&self) -> (f32, f32) {
        self.position.or_else(|| regions::find(self.region).map(|r| (r.latitude, r.longitude))).unwrap_or((0.0, 0.0))
    }

    /// A client at an address. Nimbus Lab has no GeoIP database, so it places addresses by its
    /// own rule: the first byte of the address, modulo the 16 simulated regions, picks the
    /// region the client is near (the trace says so).
    pub fn from_ip(ip: &str) -> Option<Client> {
        let first =
            if let Some(v4) = names::parse_ipv4(ip) { v4.octets()[0] } else { names::parse_ipv6(ip)?.octets()[0] };
        let place = REGION_PLACES[first as usize % REGION_PLACES.len()];
        Some(Client { ip: Some(ip.to_string()), ..Client::in_region(place.0) })
    }

    fn describe(&self) -> String {
        let sub = self.subdivision.map(|s| format!("-{s}")).unwrap_or_default();
        if let Some((lat, lon)) = self.position {
            return format!(
                "client at {}, {} (nearest region {}: {}, {}{sub})",
                numfmt::coordinate(lat),
                numfmt::coordinate(lon),
                self.region,
                self.continent,
                self.country
            );
        }
        match &self.ip {
            Some(ip) => format!(
                "client {ip} is placed near {} ({}, {}{sub}) by Nimbus Lab's rule: first address byte modulo 16 regions",
                self.region, self.continent, self.country
            ),
            None => format!("client near {} ({}, {}{sub})", self.region, self.continent, self.country),
        }
    }
}

/// What Route 53 answers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Answer {
    /// `NOERROR`, `NXDOMAIN`, `REFUSED` (not authoritative) or `FORMERR` (bad name).
    pub response_code: &'static str,
    /// The type of the answer records (`CNAME` when a CNAME answered another type).
    pub record_type: String,
    pub records: Vec<String>,
    pub ttl: Option<i64>,
    /// For an alias to an AWS endpoint (S3 website, CloudFront, load balancer): the host that
    /// traffic reaches.
    pub target: Option<String>,
    /// The zone that answered.
    pub zone_id: Option<String>,
    /// The record set(s) chosen, by set identifier when they have one.
    pub chosen: Vec<String>,
    /// Which rule decided, one step per line.
    pub trace: Vec<String>,
}

impl Answer {
    fn new(code: &'static str, rtype: &str) -> Self {
        Answer {
            response_code: code,
            record_type: rtype.to_string(),
            // Empty until a line is written: bulk queries write none.
            trace: Vec::new(),
            ..Default::default()
        }
    }
}

/// Resolves `name`/`record_type` for `client` in the public zone authoritative for the name.
pub fn resolve(world: &mut World, name: &str, record_type: &str, client: &Client) -> Answer {
    resolve_with(world, name, record_type, client, true)
}

/// [`resolve`] without the trace: the same answer, the same draws from the World's generator.
pub fn resolve_unexplained(world: &mut World, name: &str, record_type: &str, client: &Client) -> Answer {
    resolve_with(world, name, record_type, client, false)
}

pub(crate) fn resolve_with(world: &mut World, name: &str, record_type: &str, client: &Client, explain: bool) -> Answer {
    let Ok(qname) = names::canonical_name(name) else {
        let mut a = Answer::new("FORMERR", record_type);
        a.trace.push(format!("'{name}' is not a valid DNS name"));
        return a;
    };
    let mut r = Resolver { r53: &world.route53, s3: &world.s3, rng: &mut world.rng, explain };
    match r.r53.authoritative_zone(&qname) {
        Some(zone) => r.zone_answer(zone, &qname, record_type, client),
        None => {
            let mut a = Answer::new("REFUSED", record_type);
            a.trace
                .push(format!("no public hosted zone in this account holds {qname}, so Route 53 is not authoritative"));
            a
        }
    }
}

/// Resolves a canonical name in one zone (TestDNSAnswer names the zone).
pub fn resolve_in_zone(world: &mut World, zone_id: &str, qname: &str, record_type: &str, client: &Client) -> Answer {
    let mut r = Resolver { r53: &world.route53, s3: &world.s3, rng: &mut world.rng, explain: true };
    let Some(zone) = r.r53.zones.get(zone_id) else {
        let mut a = Answer::new("REFUSED", record_type);
        a.trace.push(format!("no hosted zone {zone_id}"));
        return a;
    };
    r.zone_answer(zone, qname, record_type, client)
}

struct Resolver<'a> {
    r53: &'a Route53State,
    s3: &'a S3State,
    rng: &'a mut SimRng,
    /// Write the trace; off for bulk queries (traffic, caches filled by them), which need only
    /// the answer and run thousands of times.
    explain: bool,
}

/// Aliases and CNAMEs inside a zone are followed at most this deep.
const MAX_DEPTH: usize = 8;

impl Resolver<'_> {
    fn zone_answer(&mut self, zone: &Zone, qname: &str, record_type: &str, client: &Client) -> Answer {
        let mut answer = Answer::new("NOERROR", record_type);
        answer.zone_id = Some(zone.id.clone());
        if !names::is_within(qname, &zone.name) {
            answer.response_code = "REFUSED";
            answer.trace.push(format!("{qname} is not in zone {}", zone.name));
            return answer;
        }
        if !self.explain {
            self.answer(zone, qname, record_type, client, &mut answer, 0);
            return answer;
        }
        // Built by hand: this runs for every query, and `format!` costs more than the lookup.
        let mut line = String::with_capacity(40 + zone.name.len() + qname.len());
        for part in ["zone ", zone.name.as_str(), " (", zone.id.as_str(), ") is authoritative for ", qname] {
            line.push_str(part);
        }
        answer.trace.push(line);
        self.answer(zone, qname, record_type, client, &mut answer, 0);
        answer
    }

    fn answer(&mut self, zone: &Zone, qname: &str, qtype: &str, client: &Client, out: &mut Answer, depth: usize) {
        if depth > MAX_DEPTH {
            out.response_code = "SERVFAIL";
            if self.explain {
                out.trace.push("alias chain is too long".into());
            }
            return;
        }
        // The name itself, or the closest wildcard when the name holds nothing.
        let mut sets: Vec<&ResourceRecordSet> = zone.sets_named(qname).collect();
        if sets.is_empty() {
            if zone.has_descendants(qname) {
                if self.explain {
                    out.trace.push(format!("{qname} holds no records but names below it do: NOERROR with no answer"));
                }
                return;
            }
            let mut ancestor = names::parent(qname);
            while let Some(a) = ancestor.filter(|a| names::is_within(a, &zone.name)) {
                let wildcard = format!("*.{a}");
                let found: Vec<&ResourceRecordSet> = zone.sets_named(&wildcard).collect();
                if !found.is_empty() {
                    if self.explain {
                        out.trace.push(format!(
                            "{qname} has no records; the wildcard {} answers",
                            names::display_name(&wildcard)
                        ));
                    }
                    sets = found;
                    break;
                }
                if zone.sets_named(a).next().is_some() || zone.name == a {
                    break;
                }
                ancestor = names::parent(a);
            }
            if sets.is_empty() {
                out.response_code = "NXDOMAIN";
                if self.explain {
                    out.trace.push(format!(
                    "{qname} does not exist in {}: NXDOMAIN (resolvers cache this for the SOA minimum, at most the SOA TTL)",
                    zone.name
                ));
                }
                return;
            }
        }
        let group: Vec<&ResourceRecordSet> = if sets.iter().all(|s| s.record_type == qtype) {
            std::mem::take(&mut sets)
        } else {
            sets.iter().copied().filter(|s| s.record_type == qtype).collect()
        };
        let group = if group.is_empty() && qtype != "CNAME" {
            let cname: Vec<&ResourceRecordSet> = sets.iter().copied().filter(|s| s.record_type == "CNAME").collect();
            if cname.is_empty() {
                if self.explain {
                    out.trace.push(format!("{qname} has records, but none of type {qtype}: NOERROR with no answer"));
                }
                return;
            }
            if self.explain {
                out.trace.push(format!("{qname} is a CNAME, which answers every query type"));
            }
            out.record_type = "CNAME".into();
            cname
        } else if group.is_empty() {
            if self.explain {
                out.trace.push(format!("{qname} has no CNAME record: NOERROR with no answer"));
            }
            return;
        } else {
            group
        };
        let answer_type = group[0].record_type.as_str();
        let policy = group[0].policy();
        let picked = match policy {
            Policy::Simple => {
                if self.explain {
                    out.trace
                        .push(format!("simple routing: one {answer_type} record set; its values, in random order"));
                }
                vec![group[0]]
            }
            Policy::Weighted => self.weighted(zone, &group, out, depth),
            Policy::Latency => self.latency(zone, &group, client, out, depth),
            Policy::Failover => self.failover(zone, &group, out, depth),
            Policy::Geolocation => self.geolocation(zone, &group, client, out, depth),
            Policy::Geoproximity => self.geoproximity(zone, &group, client, out, depth),
            Policy::IpBased => self.ip_based(zone, &group, client, out, depth),
            Policy::MultiValue => self.multivalue(zone, &group, out, depth),
        };
        if picked.is_empty() {
            return;
        }
        for set in &picked {
            if let Some(id) = &set.set_identifier {
                out.chosen.push(id.clone());
            }
        }
        // Values of the chosen sets (an alias is expanded).
        let mut values: Vec<String> = Vec::new();
        for set in &picked {
            if let Some(alias) = &set.alias_target {
                self.follow_alias(zone, set, alias, answer_type, client, out, depth);
                return;
            }
            out.ttl = set.ttl;
            values.extend(set.values().map(str::to_string));
        }
        if policy == Policy::Simple && values.len() > 1 {
            shuffle(self.rng, &mut values);
        }
        if policy == Policy::MultiValue {
            values.truncate(8);
        }
        out.records = values;
    }

    #[allow(clippy::too_many_arguments)]
    fn follow_alias(
        &mut self,
        zone: &Zone,
        set: &ResourceRecordSet,
        alias: &AliasTarget,
        qtype: &str,
        client: &Client,
        out: &mut Answer,
        depth: usize,
    ) {
        match alias_kind(zone, set, alias) {
            AliasKind::Record(target) => {
                if self.explain {
                    out.trace.push(format!(
                        "alias to {} in the same zone: its answer, with its TTL",
                        names::display_name(&target)
                    ));
                }
                self.answer(zone, &target, qtype, client, out, depth + 1);
            }
            AliasKind::Endpoint { host, what } => {
                if self.explain {
                    out.trace.push(format!(
                        "alias to {what} {host}: Route 53 answers with the target's addresses (no TTL of its own)"
                    ));
                }
                out.ttl = Some(60);
                out.target = Some(host.clone());
                out.records = vec![host];
            }
        }
    }

    /// Healthy per the record's health check and, for an alias with EvaluateTargetHealth, its
    /// target. Records without either are always healthy.
    fn healthy(&self, zone: &Zone, set: &ResourceRecordSet, depth: usize) -> (bool, Option<String>) {
        if let Some(id) = &set.health_check_id {
            match health_status(self.r53, id, 0) {
                Some(false) => return (false, Some(format!("health check {id} is unhealthy"))),
                Some(true) => {}
                None => return (true, Some(format!("health check {id} was deleted; Nimbus Lab treats it as healthy"))),
            }
        }
        if let Some(alias) = set.alias_target.as_ref().filter(|a| a.evaluate_target_health) {
            match alias_kind(zone, set, alias) {
                AliasKind::Record(target) if depth < MAX_DEPTH => {
                    let group: Vec<&ResourceRecordSet> =
                        zone.sets_named(&target).filter(|s| s.record_type == set.record_type).collect();
                    let any = group.iter().any(|s| self.healthy(zone, s, depth + 1).0);
                    if !any {
                        return (false, Some(format!("alias target {target} has no healthy record")));
                    }
                }
                AliasKind::Endpoint { host, what: "S3 website endpoint" } => {
                    let bucket = host.split(".s3-website").next().unwrap_or_default();
                    let ok = self.s3.buckets.get(bucket).is_some_and(|b| b.website.is_some());
                    if !ok {
                        return (false, Some(format!("target {host} has no bucket with a website configuration")));
                    }
                }
                _ => {}
            }
        }
        (true, None)
    }

    /// The records of a group that count: the healthy ones, or all when none is healthy.
    fn usable<'z>(
        &self,
        zone: &Zone,
        group: &[&'z ResourceRecordSet],
        out: &mut Answer,
        depth: usize,
    ) -> Vec<&'z ResourceRecordSet> {
        let mut healthy = Vec::with_capacity(group.len());
        let mut reasons = Vec::new();
        for s in group {
            let (ok, why) = self.healthy(zone, s, depth);
            if ok {
                healthy.push(*s);
            }
            if let Some(w) = why {
                reasons.push(format!("{}: {w}", s.set_identifier.as_deref().unwrap_or("record")));
            }
        }
        if !reasons.is_empty() && self.explain {
            out.trace.push(reasons.join("; "));
        }
        if healthy.is_empty() {
            if self.explain {
                out.trace.push("no record is healthy, so Route 53 treats them all as healthy".into());
            }
            return group.to_vec();
        }
        healthy
    }

    fn weighted<'z>(
        &mut self,
        zone: &Zone,
        group: &[&'z ResourceRecordSet],
        out: &mut Answer,
        depth: usize,
    ) -> Vec<&'z ResourceRecordSet> {
        let all_plain = group.iter().all(|s| s.health_check_id.is_none() && s.alias_target.is_none());
        let checked;
        let usable: &[&'z ResourceRecordSet] = if all_plain {
            group
        } else {
            checked = self.usable(zone, group, out, depth);
            &checked
        };
        let total: u64 = usable.iter().map(|s| s.weight.unwrap_or(0) as u64).sum();
        if total == 0 {
            let i = self.rng.random_range(0..usable.len());
            if self.explain {
                out.trace.push(format!(
                    "weighted routing: every candidate has weight 0, so each of the {} is equally likely; picked {}",
                    usable.len(),
                    usable[i].set_identifier.as_deref().unwrap_or("")
                ));
            }
            return vec![usable[i]];
        }
        let mut r = self.rng.random_range(0..total);
        for s in usable {
            let w = s.weight.unwrap_or(0) as u64;
            if r < w {
                if self.explain {
                    let permille = w * 1000 / total;
                    let mut line = String::with_capacity(160);
                    line.push_str("weighted routing: picked ");
                    line.push_str(s.set_identifier.as_deref().unwrap_or(""));
                    line.push_str(" (weight ");
                    push_number(&mut line, w);
                    line.push_str(" of ");
                    push_number(&mut line, total);
                    line.push_str(", ");
                    push_number(&mut line, permille / 10);
                    line.push('.');
                    push_number(&mut line, permille % 10);
                    line.push_str(" % of answers); weight-0 records are skipped while others have weight");
                    out.trace.push(line);
                }
                return vec![*s];
            }
            r -= w;
        }
        vec![usable[usable.len() - 1]]
    }

    fn latency<'z>(
        &mut self,
        zone: &Zone,
        group: &[&'z ResourceRecordSet],
        client: &Client,
        out: &mut Answer,
        depth: usize,
    ) -> Vec<&'z ResourceRecordSet> {
        let usable = self.usable(zone, group, out, depth);
        let from = regions::find(client.region);
        let mut best: Option<(&'z ResourceRecordSet, f64)> = None;
        for s in usable.iter().copied() {
            let to = s.region.as_deref().and_then(regions::find);
            let d = match (from, to) {
                (Some(a), Some(b)) => great_circle_km(a.latitude, a.longitude, b.latitude, b.longitude),
                _ => f64::MAX,
            };
            if best.is_none_or(|(_, bd)| d < bd) {
                best = Some((s, d));
            }
        }
        let Some((s, d)) = best else { return Vec::new() };
        if self.explain {
            out.trace.push(format!(
            "latency routing: {}; Nimbus Lab models latency as the great-circle distance between region coordinates; \
             the nearest record region is {} ({} km), set {}",
            client.describe(),
            s.region.as_deref().unwrap_or(""),
            crate::numfmt::decimal(d, 0),
            s.set_identifier.as_deref().unwrap_or("")
        ));
        }
        vec![s]
    }

    fn failover<'z>(
        &mut self,
        zone: &Zone,
        group: &[&'z ResourceRecordSet],
        out: &mut Answer,
        depth: usize,
    ) -> Vec<&'z ResourceRecordSet> {
        let primary = group.iter().find(|s| s.failover.as_deref() == Some("PRIMARY")).copied();
        let secondary = group.iter().find(|s| s.failover.as_deref() == Some("SECONDARY")).copied();
        if let Some(p) = primary {
            let (ok, why) = self.healthy(zone, p, depth);
            if ok {
                if self.explain {
                    out.trace.push("failover routing: the primary is healthy, so it answers".into());
                }
                return vec![p];
            }
            let why = why.unwrap_or_default();
            if let Some(s) = secondary {
                let (sok, swhy) = self.healthy(zone, s, depth);
                if sok {
                    out.trace
                        .push(format!("failover routing: the primary is unhealthy ({why}); the secondary answers"));
                    return vec![s];
                }
                if self.explain {
                    out.trace.push(format!(
                    "failover routing: primary ({why}) and secondary ({}) are both unhealthy, so Route 53 answers with the primary",
                    swhy.unwrap_or_default()
                ));
                }
                return vec![p];
            }
            if self.explain {
                out.trace.push(format!("failover routing: the primary is unhealthy ({why}) and there is no secondary"));
            }
            return vec![p];
        }
        match secondary {
            Some(s) => {
                if self.explain {
                    out.trace.push("failover routing: there is no primary record, so the secondary answers".into());
                }
                vec![s]
            }
            None => Vec::new(),
        }
    }

    fn geolocation<'z>(
        &mut self,
        zone: &Zone,
        group: &[&'z ResourceRecordSet],
        client: &Client,
        out: &mut Answer,
        depth: usize,
    ) -> Vec<&'z ResourceRecordSet> {
        // Most specific first: subdivision, country, continent, default.
        let rank = |s: &ResourceRecordSet| -> Option<u8> {
            let g = s.geo_location.as_ref()?;
            match (&g.continent_code, &g.country_code, &g.subdivision_code) {
                (None, Some(c), Some(sub)) if c == client.country && Some(sub.as_str()) == client.subdivision => {
                    Some(0)
                }
                (None, Some(c), None) if c == client.country => Some(1),
                (Some(c), None, None) if c == client.continent => Some(2),
                (None, Some(c), None) if c == "*" => Some(3),
                _ => None,
            }
        };
        let mut matches: Vec<(u8, &ResourceRecordSet)> =
            group.iter().filter_map(|s| rank(s).map(|r| (r, *s))).collect();
        crate::sort::sort_by_key(&mut matches, |(r, _)| *r);
        const LEVEL: [&str; 4] = ["subdivision", "country", "continent", "default (*)"];
        for (r, s) in &matches {
            let (ok, why) = self.healthy(zone, s, depth);
            if ok {
                if self.explain {
                    out.trace.push(format!(
                        "geolocation routing: {}; the most specific healthy match is the {} record {}",
                        client.describe(),
                        LEVEL[*r as usize],
                        s.set_identifier.as_deref().unwrap_or("")
                    ));
                }
                return vec![*s];
            }
            if self.explain {
                out.trace.push(format!(
                    "{} is unhealthy ({}); trying a less specific location",
                    s.set_identifier.as_deref().unwrap_or(""),
                    why.unwrap_or_default()
                ));
            }
        }
        if let Some((r, s)) = matches.first() {
            if self.explain {
                out.trace
                    .push(format!("no matching record is healthy; answering with the {} record", LEVEL[*r as usize]));
            }
            return vec![*s];
        }
        if self.explain {
            out.trace.push(format!(
            "geolocation routing: {} matches no location and there is no default (*) record: NOERROR with no answer",
            client.describe()
        ));
        }
        Vec::new()
    }

    fn geoproximity<'z>(
        &mut self,
        zone: &Zone,
        group: &[&'z ResourceRecordSet],
        client: &Client,
        out: &mut Answer,
        depth: usize,
    ) -> Vec<&'z ResourceRecordSet> {
        let usable = self.usable(zone, group, out, depth);
        let (lat, lon) = client.point();
        let mut best: Option<(&'z ResourceRecordSet, f64)> = None;
        let mut lines = Vec::with_capacity(usable.len());
        for s in usable.iter().copied() {
            let Some((place, (plat, plon))) = s.geo_proximity_location.as_ref().and_then(geoproximity_point) else {
                continue;
            };
            let bias = s.geo_proximity_location.as_ref().and_then(|g| g.bias).unwrap_or(0);
            let distance = great_circle_km(lat, lon, plat, plon);
            let biased = biased_distance(distance, bias);
            lines.push(format!(
                "{} at {place}: {} km, bias {bias:+} → {} km",
                s.set_identifier.as_deref().unwrap_or(""),
                numfmt::decimal(distance, 0),
                numfmt::decimal(biased, 0)
            ));
            if best.is_none_or(|(_, b)| biased < b) {
                best = Some((s, biased));
            }
        }
        let Some((s, _)) = best else { return Vec::new() };
        if self.explain {
            out.trace.push(format!(
                "geoproximity routing: {}; biased distance = distance × (1 − bias/100) for a positive bias, \
             distance ÷ (1 + bias/100) for a negative one; {}; the smallest biased distance is {}",
                client.describe(),
                lines.join("; "),
                s.set_identifier.as_deref().unwrap_or("")
            ));
        }
        vec![s]
    }

    fn ip_based<'z>(
        &mut self,
        zone: &Zone,
        group: &[&'z ResourceRecordSet],
        client: &Client,
        out: &mut Answer,
        depth: usize,
    ) -> Vec<&'z ResourceRecordSet> {
        let address = client.ip.as_deref().and_then(Address::parse);
        // Candidates: records whose location holds the address, longest prefix first; then the
        // default (*) record.
        let mut matches: Vec<(u8, &'z ResourceRecordSet, String)> = Vec::new();
        let mut default: Option<&'z ResourceRecordSet> = None;
        for s in group.iter().copied() {
            let Some(config) = &s.cidr_routing_config else { continue };
            if config.location_name == "*" {
                default = Some(s);
                continue;
            }
            let blocks = self
                .r53
                .cidr_collections
                .get(&config.collection_id)
                .and_then(|c| c.locations.get(&config.location_name));
            if let (Some(blocks), Some(address)) = (blocks, address) {
                if let Some((prefix, block)) = longest_match(blocks, address) {
                    matches.push((prefix, s, block.to_string()));
                }
            }
        }
        crate::sort::sort_by(&mut matches, |a, b| b.0.cmp(&a.0));
        let who = match (&client.ip, address) {
            (Some(ip), Some(_)) => format!("client address {ip}"),
            _ => "the query carries no client address (only the default record can match)".to_string(),
        };
        for (_, s, block) in &matches {
            let config = s.cidr_routing_config.as_ref().expect("matched above");
            let (ok, why) = self.healthy(zone, s, depth);
            if ok {
                if self.explain {
                    out.trace.push(format!(
                    "IP-based routing: {who} falls in {block} of location {} (the longest matching prefix), so {} answers",
                    config.location_name,
                    s.set_identifier.as_deref().unwrap_or("")
                ));
                }
                return vec![*s];
            }
            if self.explain {
                out.trace.push(format!(
                    "{} matches {block} but is unhealthy ({}); trying a shorter prefix or the default",
                    s.set_identifier.as_deref().unwrap_or(""),
                    why.unwrap_or_default()
                ));
            }
        }
        if let Some(d) = default {
            let (ok, why) = self.healthy(zone, d, depth);
            if ok || matches.is_empty() {
                let reason = if matches.is_empty() { "no location holds it" } else { "no matching record is healthy" };
                let health =
                    if ok { String::new() } else { format!(" (it is unhealthy too: {})", why.unwrap_or_default()) };
                if self.explain {
                    out.trace.push(format!(
                        "IP-based routing: {who}; {reason}, so the default (*) record {} answers{health}",
                        d.set_identifier.as_deref().unwrap_or("")
                    ));
                }
                return vec![d];
            }
        }
        if let Some((_, s, block)) = matches.first() {
            if self.explain {
                out.trace.push(format!(
                    "IP-based routing: no matching record is healthy; answering with the longest match ({block}), {}",
                    s.set_identifier.as_deref().unwrap_or("")
                ));
            }
            return vec![*s];
        }
        if self.explain {
            out.trace.push(format!(
            "IP-based routing: {who} is in no location of the collection and there is no default (*) record: NOERROR with no answer"
        ));
        }
        Vec::new()
    }

    fn multivalue<'z>(
        &mut self,
        zone: &Zone,
        group: &[&'z ResourceRecordSet],
        out: &mut Answer,
        depth: usize,
    ) -> Vec<&'z ResourceRecordSet> {
        let mut usable = self.usable(zone, group, out, depth);
        shuffle(self.rng, &mut usable);
        usable.truncate(8);
        if self.explain {
            out.trace.push(format!(
                "multivalue answer routing: {} of {} records (up to 8 healthy ones, in random order)",
                usable.len(),
                group.len()
            ));
        }
        usable
    }
}

/// Appends a number in decimal without the formatting machinery.
fn push_number(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for d in &digits[i..] {
        out.push(*d as char);
    }
}

fn shuffle<T>(rng: &mut SimRng, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        let j = rng.random_range(0..=i);
        items.swap(i, j);
    }
}

/// The distance Route 53 compares for geoproximity routing: a positive bias shrinks the
/// distance (the record's area grows), a negative bias stretches it (the area shrinks).
pub fn biased_distance(distance_km: f64, bias: i64) -> f64 {
    let bias = bias.clamp(-99, 99) as f64 / 100.0;
    if bias >= 0.0 {
        distance_km * (1.0 - bias)
    } else {
        distance_km / (1.0 + bias)
    }
}

/// Where a geoproximity record's resource is, with how the trace names it.
pub fn geoproximity_point(g: &GeoProximityLocation) -> Option<(String, (f32, f32))> {
    if let Some(r) = g.aws_region.as_deref().and_then(regions::find) {
        return Some((r.code.to_string(), (r.latitude, r.longitude)));
    }
    if let Some(group) = &g.local_zone_group {
        let r = names::local_zone_region(group)?;
        return Some((format!("{group} (placed at {})", r.code), (r.latitude, r.longitude)));
    }
    let c = g.coordinates.as_ref()?;
    let lat = names::parse_coordinate(&c.latitude, 2, 90)?;
    let lon = names::parse_coordinate(&c.longitude, 3, 180)?;
    Some((format!("{}, {}", c.latitude, c.longitude), (lat, lon)))
}

/// Great-circle distance in kilometres (haversine).
pub fn great_circle_km(lat1: f32, lon1: f32, lat2: f32, lon2: f32) -> f64 {
    let (p1, p2) = ((lat1 as f64).to_radians(), (lat2 as f64).to_radians());
    let dp = p2 - p1;
    let dl = (lon2 as f64 - lon1 as f64).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().min(1.0).asin()
}

/// What an alias points at.
pub enum AliasKind {
    /// Another record in the same zone (canonical name).
    Record(String),
    /// An AWS endpoint, by host name.
    Endpoint { host: String, what: &'static str },
}

pub fn alias_kind(zone: &Zone, set: &ResourceRecordSet, alias: &AliasTarget) -> AliasKind {
    let target = alias.dns_name.trim_end_matches('.').to_ascii_lowercase();
    let target = target.strip_prefix("dualstack.").unwrap_or(&target).to_string();
    if alias.hosted_zone_id == zone.id {
        return AliasKind::Record(names::canonical_name(&alias.dns_name).unwrap_or_default());
    }
    if alias.hosted_zone_id == CLOUDFRONT_HOSTED_ZONE_ID {
        return AliasKind::Endpoint { host: target, what: "CloudFront distribution" };
    }
    if target.starts_with("s3-website") || target.contains(".s3-website") {
        // The console form `s3-website-us-east-1.amazonaws.com` means the bucket named like the record.
        let host = if target.starts_with("s3-website") {
            format!("{}.{target}", set.name.trim_end_matches('.'))
        } else {
            target
        };
        return AliasKind::Endpoint { host, what: "S3 website endpoint" };
    }
    AliasKind::Endpoint { host: target, what: "load balancer" }
}

/// The status of a health check: Some(healthy), None when it does not exist. Disabled checks
/// are healthy; Inverted flips; calculated checks count their children.
pub fn health_status(r53: &Route53State, id: &str, depth: usize) -> Option<bool> {
    let check = r53.health_checks.get(id)?;
    let config = &check.config;
    if config.disabled == Some(true) {
        return Some(true);
    }
    let raw = if config.check_type == "CALCULATED" {
        let children = config.child_health_checks.as_deref().unwrap_or(&[]);
        let healthy = if depth > 4 {
            0
        } else {
            children.iter().filter(|c| health_status(r53, c, depth + 1).unwrap_or(true)).count()
        };
        healthy as i64 >= config.health_threshold.unwrap_or(children.len() as i64)
    } else {
        check.endpoint_healthy
    };
    Some(raw != (config.inverted == Some(true)))
}
