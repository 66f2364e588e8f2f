//! `nimbus resolvers [list | flush [NAME] | add NAME PLACE [IP] | remove NAME]`: the recursive
//! resolvers that `dig` and `curl` go through, what each holds in its cache and for how long,
//! and a way to empty a cache (what "flush your DNS" does) to see a client pick up a change now.

use super::CommandOutput;
use crate::services::route53::names;
use crate::services::route53::resolver::{self, Place};
use crate::world::World;

pub const USAGE: &str = "usage: nimbus resolvers [list | flush [NAME] | add NAME PLACE [IP] | remove NAME]\n";

pub fn run(world: &mut World, words: &[String]) -> CommandOutput {
    let word = |i: usize| words.get(i).map(String::as_str);
    match (word(0), word(1), word(2), word(3), words.len()) {
        (None | Some("list"), _, _, _, 0 | 1) => CommandOutput::ok(list(world)),
        (Some("flush"), name, _, _, 1 | 2) => flush(world, name),
        (Some("add"), Some(name), Some(place), ip, 3 | 4) => add(world, name, place, ip),
        (Some("remove"), Some(name), _, _, 2) => {
            if resolver::remove(world, name) {
                CommandOutput::ok(format!("removed {name}\n"))
            } else {
                unknown(name)
            }
        }
        _ => CommandOutput::failed(format!("nimbus resolvers: unexpected arguments\n{USAGE}"), 2),
    }
}

fn unknown(name: &str) -> CommandOutput {
    CommandOutput::failed(format!("nimbus resolvers: no resolver named '{name}' (see 'nimbus resolvers')\n"), 1)
}

/// Each resolver with its place and address, then its cached answers and the TTL left.
fn list(world: &World) -> String {
    let resolvers = &world.route53.resolvers;
    if resolvers.is_empty() {
        return "no resolvers yet: dig and curl create one for their region on first use\n".into();
    }
    let now = world.now();
    let mut out = String::new();
    for r in resolvers.values() {
        out.push_str(&format!("{}  {}  at {}  ({} cached)\n", r.name, r.ip, r.place.label(), r.cache.len()));
        for (key, entry) in &r.cache {
            let (name, qtype) = key.split_once(' ').unwrap_or((key.as_str(), ""));
            let values: Vec<String> =
                entry.records.iter().map(|rec| format!("{} {}", rec.record_type, rec.value)).collect();
            let answer = if values.is_empty() { entry.response_code.clone() } else { values.join(", ") };
            let left = if entry.expires > now {
                format!("{} s left", (entry.expires - now).as_millis().saturating_add(999) / 1000)
            } else {
                "expired".to_string()
            };
            out.push_str(&format!("  {} {qtype} → {answer}  ({left})\n", names::display_name(name)));
        }
    }
    out
}

fn flush(world: &mut World, name: Option<&str>) -> CommandOutput {
    match name {
        Some(name) if !world.route53.resolvers.contains_key(name) => unknown(name),
        Some(name) => {
            resolver::flush(world, Some(name));
            CommandOutput::ok(format!("flushed the cache of {name}\n"))
        }
        None => {
            resolver::flush(world, None);
            CommandOutput::ok(format!("flushed the caches of {} resolver(s)\n", world.route53.resolvers.len()))
        }
    }
}

fn add(world: &mut World, name: &str, place: &str, ip: Option<&str>) -> CommandOutput {
    let fail = |m: String| CommandOutput::failed(format!("nimbus resolvers: {m}\n"), 2);
    let place = match Place::parse(place) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    match resolver::add(world, name, place, ip) {
        Ok(()) => {
            let r = &world.route53.resolvers[name];
            CommandOutput::ok(format!("added {name} at {} with address {}\n", r.place.label(), r.ip))
        }
        Err(e) => fail(e),
    }
}
