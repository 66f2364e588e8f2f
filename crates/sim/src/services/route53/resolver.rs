//! Recursive resolvers with caches, the part of DNS between a client and Route 53.
//!
//! A resolver sits at a place (a region, or coordinates) with an address; Route 53 routes its
//! queries by that place and address (latency, geolocation, geoproximity, IP-based). It keeps
//! each answer, keyed by (name, type), until the answer's TTL runs out on the simulated clock,
//! so after a failover a client whose resolver holds the old answer keeps reaching the old
//! endpoint until it expires. Negative answers (NXDOMAIN, no data) are kept for the zone's
//! negative-caching time, min(SOA TTL, SOA minimum). The caches live in the World and are saved
//! with it. Queries are not AWS API calls; each still leaves a trail event with its why.

use super::model::*;
use super::names;
use super::resolve::{resolve_with, Answer, Client};
use crate::regions;
use crate::time::{SimDuration, SimTime};
use crate::trail::{EventSource, Outcome, TrailEvent};
use crate::world::World;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// CNAMEs a resolver follows for one query.
const MAX_CNAME_STEPS: usize = 8;
/// Resolvers one World keeps.
pub const MAX_RESOLVERS: usize = 64;
/// Cached answers one resolver keeps; the entry expiring first is dropped to make room.
pub const MAX_CACHE_ENTRIES: usize = 512;

/// Where a resolver (and so its clients) is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Place {
    Region(String),
    Coordinates { latitude: f32, longitude: f32 },
}

impl Place {
    /// `us-east-1`, or `48.85,2.35` (latitude,longitude).
    pub fn parse(text: &str) -> Result<Place, String> {
        if regions::find(text).is_some() {
            return Ok(Place::Region(text.to_string()));
        }
        if let Some((lat, lon)) = text.split_once(',') {
            let latitude = names::parse_coordinate(lat.trim(), 2, 90);
            let longitude = names::parse_coordinate(lon.trim(), 3, 180);
            if let (Some(latitude), Some(longitude)) = (latitude, longitude) {
                return Ok(Place::Coordinates { latitude, longitude });
            }
        }
        Err(format!("'{text}' is neither a region Nimbus Lab simulates nor coordinates like 48.85,2.35"))
    }

    pub fn label(&self) -> String {
        match self {
            Place::Region(r) => r.clone(),
            Place::Coordinates { latitude, longitude } => {
                format!(
                    "{},{}",
                    crate::numfmt::decimal(*latitude as f64, 2),
                    crate::numfmt::decimal(*longitude as f64, 2)
                )
            }
        }
    }

    /// The region code this place counts as (its nearest region for coordinates).
    pub fn region(&self) -> &'static str {
        self.client().region
    }

    fn client(&self) -> Client {
        match self {
            Place::Region(r) => Client::in_region(r),
            Place::Coordinates { latitude, longitude } => Client::at(*latitude, *longitude),
        }
    }
}

/// One record of an answer as dig prints it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DnsRecord {
    /// Canonical, with the trailing dot.
    pub name: String,
    pub record_type: String,
    /// Seconds: the record's TTL when fresh from Route 53, what is left when from a cache.
    pub ttl: i64,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CacheEntry {
    pub response_code: String,
    /// Records with their TTL as Route 53 gave it.
    pub records: Vec<DnsRecord>,
    /// The record sets Route 53 chose (set identifiers), kept so cached answers are attributed.
    pub chosen: Vec<String>,
    /// The rule that picked the answer when Route 53 was asked.
    pub rule: String,
    pub stored: SimTime,
    pub expires: SimTime,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecursiveResolver {
    pub name: String,
    pub place: Place,
    /// The address Route 53 sees (IP-based routing uses it).
    pub ip: String,
    /// Answers by `name type` (canonical name).
    pub cache: BTreeMap<String, CacheEntry>,
}

impl RecursiveResolver {
    fn client(&self) -> Client {
        self.place.client().with_ip(&self.ip)
    }
}

/// What a resolver answered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResolverAnswer {
    pub resolver: String,
    /// The question, canonical.
    pub name: String,
    pub record_type: String,
    /// `NOERROR`, `NXDOMAIN`, `SERVFAIL` (Route 53 holds no zone for the name) or `FORMERR`.
    pub response_code: String,
    /// CNAMEs first, then the records of the final name; TTLs are what is left.
    pub records: Vec<DnsRecord>,
    /// Seconds until the answer leaves the cache (the smallest TTL left); `None` when it was
    /// not cached.
    pub ttl_remaining: Option<i64>,
    /// True when no step of the answer went to Route 53.
    pub from_cache: bool,
    /// The record sets chosen (set identifiers) along the chain.
    pub chosen: Vec<String>,
    /// One line per step: cache hit or miss, Route 53's rule, what was cached.
    pub trace: Vec<String>,
}

impl ResolverAnswer {
    /// The addresses (or final values) the client would use.
    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.records.iter().filter(|r| r.record_type == self.record_type).map(|r| r.value.as_str())
    }
}

/// The default address of a resolver: 198.51.100.x (documentation range), one per region.
fn default_ip(place: &Place) -> String {
    let i = regions::REGIONS.iter().position(|r| r.code == place.region()).unwrap_or(0);
    match place {
        Place::Region(_) => format!("198.51.100.{}", 10 + i),
        Place::Coordinates { .. } => format!("198.51.100.{}", 100 + i),
    }
}

/// The name a place's implicit resolver has: `resolver-us-east-1`, `resolver-48.85,2.35`.
pub fn name_for(place: &Place) -> String {
    format!("resolver-{}", place.label())
}

/// Adds (or replaces the place and address of) a named resolver; its cache starts empty.
pub fn add(world: &mut World, name: &str, place: Place, ip: Option<&str>) -> Result<(), String> {
    if name.is_empty() || name.len() > 64 || name.contains(char::is_whitespace) {
        return Err(format!("'{name}' is not a resolver name (1 to 64 characters, no spaces)"));
    }
    let ip = match ip {
        Some(ip) if names::is_ip(ip) => ip.to_string(),
        Some(ip) => return Err(format!("'{ip}' is not an IPv4 or IPv6 address")),
        None => default_ip(&place),
    };
    let resolvers = &mut world.route53.resolvers;
    if !resolvers.contains_key(name) && resolvers.len() >= MAX_RESOLVERS {
        return Err(format!("Nimbus Lab keeps at most {MAX_RESOLVERS} resolvers; remove one first"));
    }
    resolvers.insert(name.to_string(), RecursiveResolver { name: name.to_string(), place, ip, cache: BTreeMap::new() });
    Ok(())
}

/// The implicit resolver of a place (created on first use); returns its name.
pub fn ensure(world: &mut World, place: &Place) -> Result<String, String> {
    let name = name_for(place);
    if !world.route53.resolvers.contains_key(&name) {
        add(world, &name, place.clone(), None)?;
    }
    Ok(name)
}

/// The resolver of a place, or of an address at a place (`resolver-203.0.113.9`); created on
/// first use.
pub fn ensure_for(world: &mut World, place: &Place, ip: Option<&str>) -> Result<String, String> {
    let Some(ip) = ip else { return ensure(world, place) };
    let name = format!("resolver-{ip}");
    if !world.route53.resolvers.contains_key(&name) {
        add(world, &name, place.clone(), Some(ip))?;
    }
    Ok(name)
}

pub fn remove(world: &mut World, name: &str) -> bool {
    world.route53.resolvers.remove(name).is_some()
}

/// Empties one resolver's cache (every resolver's when `name` is None).
pub fn flush(world: &mut World, name: Option<&str>) {
    for (n, r) in world.route53.resolvers.iter_mut() {
        if name.is_none_or(|want| want == n) {
            r.cache.clear();
        }
    }
}

/// Asks `resolver` for `name`/`record_type`, through its cache, and leaves a trail event.
pub fn query(world: &mut World, resolver: &str, name: &str, record_type: &str) -> Result<ResolverAnswer, String> {
    let answer = query_quiet(world, resolver, name, record_type)?;
    let why = answer.trace.first().cloned().unwrap_or_default();
    let why = match answer.trace.last() {
        Some(last) if answer.trace.len() > 1 && !answer.from_cache => format!("{why}; {last}"),
        _ => why,
    };
    let region = world.route53.resolvers.get(resolver).map(|r| r.place.region()).unwrap_or("us-east-1");
    let resources = world.route53.authoritative_zone(&answer.name).map(|z| vec![z.arn()]).unwrap_or_default();
    let outcome = match answer.response_code.as_str() {
        "NOERROR" | "NXDOMAIN" => Outcome::Ok,
        code => Outcome::Error { code: code.to_string(), message: why.clone() },
    };
    world.record_event(TrailEvent {
        seq: 0,
        time: world.now(),
        source: EventSource::Http,
        service: "route53".into(),
        operation: "DNSQuery".into(),
        region: region.to_string(),
        request: format!("{} {} @{resolver}", names::display_name(&answer.name), answer.record_type),
        outcome,
        resources,
        why,
    });
    Ok(answer)
}

/// [`query`] without the trail event (the traffic simulation sends thousands).
pub fn query_quiet(world: &mut World, resolver: &str, name: &str, record_type: &str) -> Result<ResolverAnswer, String> {
    query_with(world, resolver, name, record_type, true)
}

/// The query itself; with `explain` false no trace lines are written (the traffic simulation
/// needs only the records and the chosen sets, thousands of times).
pub(crate) fn query_with(
    world: &mut World,
    resolver: &str,
    name: &str,
    record_type: &str,
    explain: bool,
) -> Result<ResolverAnswer, String> {
    if !world.route53.resolvers.contains_key(resolver) {
        return Err(format!("there is no resolver named '{resolver}'"));
    }
    let mut out = ResolverAnswer {
        resolver: resolver.to_string(),
        name: name.to_string(),
        record_type: record_type.to_string(),
        response_code: "NOERROR".into(),
        from_cache: true,
        ..Default::default()
    };
    let Ok(qname) = names::canonical_name(name) else {
        out.response_code = "FORMERR".into();
        out.from_cache = false;
        out.trace.push(format!("'{name}' is not a valid DNS name"));
        return Ok(out);
    };
    out.name = qname.clone();
    let mut current = qname;
    for step in 0..=MAX_CNAME_STEPS {
        if step == MAX_CNAME_STEPS {
            out.response_code = "SERVFAIL".into();
            out.trace.push(format!("more than {MAX_CNAME_STEPS} CNAME steps: the resolver gives up"));
            break;
        }
        // A CNAME out of Route 53's zones ends the part of the answer Route 53 (and so the cache)
        // gives; whether the answer came from the cache is decided by the steps before it.
        let outside = step > 0 && world.route53.authoritative_zone(&current).is_none();
        let (code, records, cached) = lookup(world, resolver, &current, record_type, &mut out, explain);
        out.from_cache &= cached || outside;
        out.response_code = code;
        let cname = records
            .iter()
            .find(|r| r.record_type == "CNAME" && record_type != "CNAME" && r.name == current)
            .map(|r| r.value.clone());
        out.records.extend(records);
        match cname {
            Some(target) if out.response_code == "NOERROR" => {
                let Ok(next) = names::canonical_name(&target) else { break };
                out.trace.push(format!(
                    "{} is a CNAME for {next}: the resolver asks for that name",
                    names::display_name(&current)
                ));
                current = next;
            }
            _ => break,
        }
    }
    Ok(out)
}

/// One (name, type) through the cache: (rcode, records with TTL left, came from the cache).
fn lookup(
    world: &mut World,
    resolver: &str,
    qname: &str,
    qtype: &str,
    out: &mut ResolverAnswer,
    explain: bool,
) -> (String, Vec<DnsRecord>, bool) {
    let now = world.now();
    let key = format!("{qname} {qtype}");
    let r = world.route53.resolvers.get_mut(resolver).expect("checked by the caller");
    let mut expired_note = None;
    if let Some(entry) = r.cache.get(&key) {
        if entry.expires > now {
            // Whole seconds left, rounded up: an entry with 0.5 s to live still shows 1.
            let shown = (entry.expires - now).as_millis().saturating_add(999) / 1000;
            out.ttl_remaining = Some(out.ttl_remaining.map_or(shown, |t| t.min(shown)));
            out.chosen.extend(entry.chosen.iter().cloned());
            if explain {
                // Answers cached by a traffic simulation were stored without Route 53's reasoning.
                let rule = if entry.rule.is_empty() { String::new() } else { format!(": {}", entry.rule) };
                out.trace.push(format!(
                    "answered from the resolver cache, {shown} s of TTL left (Route 53 was asked at {}{rule})",
                    entry.stored.iso8601(),
                ));
            }
            let records =
                entry.records.iter().map(|rec| DnsRecord { ttl: rec.ttl.min(shown), ..rec.clone() }).collect();
            return (entry.response_code.clone(), records, true);
        }
        if explain {
            expired_note = Some(format!(
                "the cached answer for {} {qtype} expired {} s ago; the resolver asks Route 53 again",
                names::display_name(qname),
                (now - entry.expires).as_seconds()
            ));
        }
        r.cache.remove(&key);
    }
    let client = r.client();
    if let Some(note) = expired_note {
        out.trace.push(note);
    }
    let answer = resolve_with(world, qname, qtype, &client, explain);
    let rule = answer.trace.last().cloned().unwrap_or_default();
    out.chosen.extend(answer.chosen.iter().cloned());
    let explain_line = |out: &mut ResolverAnswer, line: String| {
        if explain {
            out.trace.push(line);
        }
    };
    let (code, records, ttl) = convert(world, qname, &answer);
    let Some(ttl) = ttl else {
        explain_line(out, format!("asked Route 53: {code} ({rule}); not cached"));
        return (code, records, false);
    };
    if ttl == 0 {
        explain_line(out, format!("asked Route 53: {rule}; TTL 0, so the resolver does not cache it"));
        return (code, records, false);
    }
    out.ttl_remaining = Some(out.ttl_remaining.map_or(ttl, |t| t.min(ttl)));
    explain_line(out, format!("asked Route 53 ({code}): {rule}; cached for {ttl} s"));
    let entry = CacheEntry {
        response_code: code.clone(),
        records: records.clone(),
        chosen: answer.chosen.clone(),
        rule,
        stored: now,
        expires: now + SimDuration::seconds(ttl),
    };
    let r = world.route53.resolvers.get_mut(resolver).expect("checked by the caller");
    if r.cache.len() >= MAX_CACHE_ENTRIES {
        let oldest = r.cache.iter().min_by_key(|(_, e)| e.expires).map(|(k, _)| k.clone());
        if let Some(k) = oldest {
            r.cache.remove(&k);
        }
    }
    r.cache.insert(key, entry);
    (code, records, false)
}

/// Route 53's answer as records, and how long a resolver may keep it (None: not at all).
fn convert(world: &World, qname: &str, answer: &Answer) -> (String, Vec<DnsRecord>, Option<i64>) {
    match answer.response_code {
        "NOERROR" if !answer.records.is_empty() => {
            let ttl = answer.ttl.unwrap_or(0).max(0);
            let records = answer
                .records
                .iter()
                .map(|v| DnsRecord {
                    name: qname.to_string(),
                    record_type: answer.record_type.clone(),
                    ttl,
                    value: v.clone(),
                })
                .collect();
            ("NOERROR".into(), records, Some(ttl))
        }
        "NOERROR" | "NXDOMAIN" => {
            // Negative caching: min(SOA TTL, SOA minimum) of the zone that answered.
            let soa = answer.zone_id.as_ref().and_then(|z| world.route53.zones.get(z)).and_then(|z| {
                z.sets_named(&z.name).find(|s| s.record_type == "SOA").and_then(|s| {
                    let minimum = s.values().next()?.split_whitespace().last()?.parse::<i64>().ok()?;
                    Some(minimum.min(s.ttl.unwrap_or(SOA_TTL)))
                })
            });
            (answer.response_code.to_string(), Vec::new(), Some(soa.unwrap_or(SOA_TTL)))
        }
        "REFUSED" => ("SERVFAIL".into(), Vec::new(), None),
        other => (other.to_string(), Vec::new(), None),
    }
}
