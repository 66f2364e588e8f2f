//! `dig [@resolver] <name> [type] [+client=<region|lat,lon|ip>] [+short]`: a DNS query through
//! one of the World's recursive resolvers (with its cache), printed the way dig prints it.
//!
//! The resolver is `@name` (a named resolver, or a region or coordinates, whose own resolver is
//! used), else the one at `+client=`, else the one in the default region. Cached answers show the
//! TTL left, and the `;;` comments say whether the cache or Route 53 answered and why.

use super::CommandOutput;
use crate::services::route53::model::RR_TYPES;
use crate::services::route53::names;
use crate::services::route53::resolve::Client;
use crate::services::route53::resolver::{self, Place};
use crate::world::World;

pub const USAGE: &str = "usage: dig [@resolver] <name> [type] [+client=<region|lat,lon|ip>] [+short]\n";

/// What completion offers after `dig <name>`.
pub const OPTIONS: &[&str] = &["+client=", "+short", "A", "AAAA", "CNAME", "MX", "TXT", "NS", "SOA", "SRV", "CAA"];

struct DigArgs {
    name: Option<String>,
    record_type: Option<String>,
    server: Option<String>,
    client: Option<String>,
    short: bool,
}

fn usage(message: &str) -> CommandOutput {
    CommandOutput::failed(format!("{message}\n{USAGE}"), 1)
}

fn parse(words: &[String]) -> Result<DigArgs, CommandOutput> {
    let mut a = DigArgs { name: None, record_type: None, server: None, client: None, short: false };
    for w in words {
        if let Some(server) = w.strip_prefix('@') {
            a.server = Some(server.to_string());
        } else if let Some(option) = w.strip_prefix('+') {
            match option.split_once('=') {
                Some(("client", value)) if !value.is_empty() => a.client = Some(value.to_string()),
                None if option == "short" => a.short = true,
                None if option == "noshort" => a.short = false,
                _ => return Err(usage(&format!("Invalid option: {w}"))),
            }
        } else if w.starts_with('-') {
            return Err(usage(&format!("Invalid option: {w}")));
        } else if a.name.is_some() && a.record_type.is_none() && RR_TYPES.contains(&w.to_ascii_uppercase().as_str()) {
            a.record_type = Some(w.to_ascii_uppercase());
        } else if a.name.is_none() {
            a.name = Some(w.clone());
        } else if a.record_type.is_none() && RR_TYPES.contains(&w.to_ascii_uppercase().as_str()) {
            a.record_type = Some(w.to_ascii_uppercase());
        } else {
            return Err(usage(&format!("dig: unexpected argument '{w}' (one name and one type)")));
        }
    }
    Ok(a)
}

/// The resolver a query goes through, created for a place when needed.
fn pick_resolver(world: &mut World, args: &DigArgs) -> Result<String, CommandOutput> {
    let not_found =
        |what: &str, why: String| CommandOutput::failed(format!("dig: couldn't get address for '{what}': {why}\n"), 10);
    if let Some(server) = &args.server {
        if world.route53.resolvers.contains_key(server) {
            return Ok(server.clone());
        }
        let place = Place::parse(server).map_err(|_| {
            not_found(server, "not found (name a resolver, a region or coordinates like @48.85,2.35)".into())
        })?;
        return resolver::ensure(world, &place).map_err(|e| not_found(server, e));
    }
    let place_text = args.client.clone().unwrap_or_else(|| world.default_region.clone());
    if names::is_ip(&place_text) {
        let client = Client::from_ip(&place_text).expect("checked to be an address");
        let name = format!("resolver-{place_text}");
        if !world.route53.resolvers.contains_key(&name) {
            resolver::add(world, &name, Place::Region(client.region.to_string()), Some(&place_text))
                .map_err(|e| usage(&format!("dig: {e}")))?;
        }
        return Ok(name);
    }
    let place = Place::parse(&place_text).map_err(|e| usage(&format!("dig: +client: {e}")))?;
    resolver::ensure(world, &place).map_err(|e| usage(&format!("dig: {e}")))
}

pub fn run(world: &mut World, words: &[String]) -> CommandOutput {
    let args = match parse(words) {
        Ok(a) => a,
        Err(out) => return out,
    };
    let Some(name) = args.name.clone() else { return usage("dig: no name given") };
    let record_type = args.record_type.clone().unwrap_or_else(|| "A".into());
    let resolver_name = match pick_resolver(world, &args) {
        Ok(r) => r,
        Err(out) => return out,
    };
    let answer = match resolver::query(world, &resolver_name, &name, &record_type) {
        Ok(a) => a,
        Err(e) => return CommandOutput::failed(format!("dig: {e}\n"), 10),
    };
    if args.short {
        let mut out = String::new();
        for r in &answer.records {
            out.push_str(&r.value);
            out.push('\n');
        }
        return CommandOutput::ok(out);
    }
    let question = names::display_name(&answer.name);
    let mut out = format!("; <<>> DiG (Nimbus Lab) <<>> {question} {record_type} @{resolver_name}\n");
    out.push_str(";; global options: +cmd\n;; Got answer:\n");
    out.push_str(&format!(";; ->>HEADER<<- opcode: QUERY, status: {}\n", answer.response_code));
    out.push_str(&format!(
        ";; flags: qr rd ra; QUERY: 1, ANSWER: {}, AUTHORITY: 0, ADDITIONAL: 0\n\n",
        answer.records.len()
    ));
    out.push_str(&format!(";; QUESTION SECTION:\n;{question}\t\tIN\t{record_type}\n"));
    if !answer.records.is_empty() {
        out.push_str("\n;; ANSWER SECTION:\n");
        for r in &answer.records {
            out.push_str(&format!("{}\t{}\tIN\t{}\t{}\n", names::display_name(&r.name), r.ttl, r.record_type, r.value));
        }
    }
    out.push('\n');
    if answer.from_cache {
        out.push_str(";; from cache\n");
    }
    for line in &answer.trace {
        out.push_str(&format!(";; {line}\n"));
    }
    let (ip, place) =
        world.route53.resolvers.get(&resolver_name).map(|r| (r.ip.clone(), r.place.label())).unwrap_or_default();
    out.push_str(&format!(";; SERVER: {ip}#53({resolver_name}) at {place}\n"));
    out.push_str(&format!(";; WHEN: {}\n", world.now().iso8601()));
    CommandOutput::ok(out)
}
