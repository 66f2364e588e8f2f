//! Traffic simulation: many queries from chosen client locations, through their resolvers'
//! caches (or straight to Route 53), optionally spread over a span of simulated time, counted
//! per record and per client location, so the app can chart a weighted split, latency by
//! region, geolocation, or a failover as caches expire.

use super::names;
use super::resolve::{resolve_unexplained, Client};
use super::resolver::{self, Place};
use crate::time::{SimDuration, SimTime};
use crate::trail::{EventSource, Outcome, TrailEvent};
use crate::world::World;
use std::collections::BTreeMap;

/// Queries one simulation may send.
pub const MAX_QUERIES: usize = 1_000_000;

/// Clients at one place, with their share of the queries.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientGroup {
    /// How the report names the group (`Paris`, `eu-west-1`).
    pub label: String,
    pub place: Place,
    /// The resolver's address Route 53 sees (IP-based routing); the place's default otherwise.
    pub ip: Option<String>,
    /// Relative share of the queries (weights, like 3 and 1 for 75 % and 25 %).
    pub share: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Caching {
    /// Each group asks its place's resolver, which caches answers for their TTL.
    Resolvers,
    /// Every query reaches Route 53 (as if each client had its own resolver with an empty
    /// cache): the split the routing policy itself makes.
    Off,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TrafficSpec {
    pub name: String,
    pub record_type: String,
    pub clients: Vec<ClientGroup>,
    pub queries: usize,
    /// Queries are spread evenly over this span, and the World's clock moves through it (so
    /// health checks run and caches expire); zero sends them all at the current time.
    pub span: SimDuration,
    pub caching: Caching,
    /// Time slices in the report's timeline (0 for none).
    pub slices: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TimeSlice {
    pub start: SimTime,
    pub by_record: BTreeMap<String, u64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrafficReport {
    pub total: u64,
    /// Answered from a resolver cache without asking Route 53.
    pub from_cache: u64,
    /// NXDOMAIN, no data or a failure.
    pub no_answer: u64,
    /// Queries per record set chosen: its set identifier (joined with `+` when several, as for
    /// multivalue answers), or the value for records without one; `(no answer)` otherwise.
    pub by_record: BTreeMap<String, u64>,
    /// Per client group label, queries per record.
    pub by_client: BTreeMap<String, BTreeMap<String, u64>>,
    /// Where requests land: queries per first answer value (the address a client connects to).
    pub by_value: BTreeMap<String, u64>,
    pub timeline: Vec<TimeSlice>,
    pub started: SimTime,
    pub ended: SimTime,
}

impl TrafficReport {
    /// The share of queries (0..=1) a record received.
    pub fn share(&self, record: &str) -> f64 {
        if self.total == 0 {
            return 0.0;
        }
        *self.by_record.get(record).unwrap_or(&0) as f64 / self.total as f64
    }
}

pub const NO_ANSWER: &str = "(no answer)";

/// Sends `spec.queries` queries and counts where they went. Moves the World's clock by
/// `spec.span`. Leaves one trail event for the whole run.
pub fn simulate(world: &mut World, spec: &TrafficSpec) -> Result<TrafficReport, String> {
    if spec.clients.is_empty() || spec.clients.iter().all(|c| c.share == 0) {
        return Err("name at least one client location with a share above 0".into());
    }
    if spec.queries > MAX_QUERIES {
        return Err(format!("at most {MAX_QUERIES} queries per simulation"));
    }
    let qname = names::canonical_name(&spec.name).map_err(|why| format!("'{}' is not a DNS name: {why}", spec.name))?;
    let shares: Vec<i64> = spec.clients.iter().map(|c| c.share as i64).collect();
    let total_share: i64 = shares.iter().sum();
    // Per group: the resolver name (cached mode) or the client (uncached mode).
    let mut resolvers = Vec::with_capacity(spec.clients.len());
    let mut clients = Vec::with_capacity(spec.clients.len());
    for group in &spec.clients {
        if spec.caching == Caching::Resolvers {
            resolvers.push(resolver::ensure_for(world, &group.place, group.ip.as_deref())?);
        }
        let client = match &group.place {
            Place::Region(r) => Client::in_region(r),
            Place::Coordinates { latitude, longitude } => Client::at(*latitude, *longitude),
        };
        clients.push(match &group.ip {
            Some(ip) => client.with_ip(ip),
            None => client,
        });
    }
    let start = world.now();
    let mut report = TrafficReport { started: start, ..Default::default() };
    let slices = if spec.span.as_millis() > 0 { spec.slices.min(1000) } else { 0 };
    report.timeline = (0..slices)
        .map(|i| TimeSlice {
            start: start + SimDuration(spec.span.as_millis() * i as i64 / slices as i64),
            by_record: BTreeMap::new(),
        })
        .collect();
    // Smooth weighted round robin: each group gets its share, interleaved evenly.
    let mut credit = vec![0i64; shares.len()];
    let mut label = String::new();
    for k in 0..spec.queries {
        let due = start + SimDuration(spec.span.as_millis().saturating_mul(k as i64) / spec.queries.max(1) as i64);
        if due > world.now() {
            world.advance(due - world.now());
        }
        let mut g = 0;
        for (i, share) in shares.iter().enumerate() {
            credit[i] += share;
            if credit[i] > credit[g] {
                g = i;
            }
        }
        credit[g] -= total_share;
        let (chosen, first_value, answered, cached) = match spec.caching {
            Caching::Resolvers => {
                let a = resolver::query_with(world, &resolvers[g], &qname, &spec.record_type, false)?;
                let answered = a.response_code == "NOERROR" && a.values().next().is_some();
                let first = a.values().next().map(str::to_string);
                (a.chosen, first, answered, a.from_cache)
            }
            Caching::Off => {
                let a = resolve_unexplained(world, &qname, &spec.record_type, &clients[g]);
                let answered = a.response_code == "NOERROR" && !a.records.is_empty();
                let first = a.records.into_iter().next();
                (a.chosen, first, answered, false)
            }
        };
        label.clear();
        if !answered {
            label.push_str(NO_ANSWER);
            report.no_answer += 1;
        } else if chosen.is_empty() {
            label.push_str(first_value.as_deref().unwrap_or(NO_ANSWER));
        } else {
            for (i, c) in chosen.iter().enumerate() {
                if i > 0 {
                    label.push('+');
                }
                label.push_str(c);
            }
        }
        report.total += 1;
        report.from_cache += cached as u64;
        bump(&mut report.by_record, &label);
        let per_client = match report.by_client.get_mut(&spec.clients[g].label) {
            Some(m) => m,
            None => report.by_client.entry(spec.clients[g].label.clone()).or_default(),
        };
        bump(per_client, &label);
        if let Some(v) = &first_value {
            bump(&mut report.by_value, v);
        }
        if slices > 0 {
            let slice = (k * slices / spec.queries.max(1)).min(slices - 1);
            bump(&mut report.timeline[slice].by_record, &label);
        }
    }
    let end = start + spec.span;
    if end > world.now() {
        world.advance(end - world.now());
    }
    report.ended = world.now();
    let mut split: Vec<(u64, &String)> = report.by_record.iter().map(|(k, v)| (*v, k)).collect();
    crate::sort::sort_by(&mut split, |a, b| b.0.cmp(&a.0));
    let summary: Vec<String> = split
        .iter()
        .take(4)
        .map(|(n, k)| format!("{k} {} %", crate::numfmt::decimal(*n as f64 * 100.0 / report.total.max(1) as f64, 1)))
        .collect();
    world.record_event(TrailEvent {
        seq: 0,
        time: world.now(),
        source: EventSource::Http,
        service: "route53".into(),
        operation: "TrafficSimulation".into(),
        region: world.default_region.clone(),
        request: format!(
            "{} queries for {} {} from {} location(s)",
            spec.queries,
            names::display_name(&qname),
            spec.record_type,
            spec.clients.len()
        ),
        outcome: Outcome::Ok,
        resources: world.route53.authoritative_zone(&qname).map(|z| vec![z.arn()]).unwrap_or_default(),
        why: format!(
            "{} queries over {}: {}; {} answered from resolver caches",
            report.total,
            spec.span,
            summary.join(", "),
            report.from_cache
        ),
    });
    Ok(report)
}

fn bump(map: &mut BTreeMap<String, u64>, key: &str) {
    match map.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            map.insert(key.to_string(), 1);
        }
    }
}
