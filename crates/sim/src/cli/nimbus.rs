//! The simulator's own commands: `nimbus time`, `advance`, `trail`, `seed`, `reset`, and with
//! Route 53 `resolvers`.

use super::CommandOutput;
use crate::time::SimDuration;
use crate::trail::{EventSource, Outcome, TrailEvent};
use crate::world::World;

const USAGE: &str =
    "usage: nimbus time | advance <30d|1h|...> | trail [-n 10] | seed | reset [--seed N] | resolvers [...]\n";

pub fn run(world: &mut World, words: &[String]) -> CommandOutput {
    match words.first().map(String::as_str) {
        Some("time") => time(world),
        Some("advance") => advance(world, words.get(1)),
        Some("trail") => trail(world, &words[1..]),
        Some("seed") => CommandOutput::ok(format!("{}\n", world.seed())),
        Some("reset") => reset(world, &words[1..]),
        #[cfg(feature = "route53")]
        Some("resolvers") => super::resolvers::run(world, &words[1..]),
        Some("help") | None => CommandOutput::ok(USAGE.into()),
        Some(other) => CommandOutput::failed(format!("nimbus: unknown command '{other}'\n{USAGE}"), 2),
    }
}

fn time(world: &World) -> CommandOutput {
    let mut text = format!("now: {}\n", world.now());
    match world.pending_jobs().iter().min_by_key(|s| s.due) {
        Some(next) => {
            let (service, op) = next.job.describe();
            text.push_str(&format!("next: {} ({service} {op}, in {})\n", next.due, next.due - world.now()));
        }
        None => text.push_str("next: nothing scheduled\n"),
    }
    CommandOutput::ok(text)
}

/// One trail event as a line: time, source, what, outcome, why.
pub fn event_line(e: &TrailEvent) -> String {
    let source = match e.source {
        EventSource::Call => "call",
        EventSource::Job => "job",
        EventSource::Http => "http",
    };
    let outcome = match &e.outcome {
        Outcome::Ok => "OK".to_string(),
        Outcome::Error { code, .. } => code.clone(),
    };
    format!("{}  {source:<4} {}:{}  {outcome}  {}\n", e.time, e.service, e.operation, e.why)
}

fn advance(world: &mut World, amount: Option<&String>) -> CommandOutput {
    let Some(amount) = amount else {
        return CommandOutput::failed(format!("nimbus advance: how far? (30s, 15m, 1h, 30d, 1y)\n{USAGE}"), 2);
    };
    let by = match SimDuration::parse(amount) {
        Ok(d) => d,
        Err(e) => return CommandOutput::failed(format!("nimbus advance: {e}\n"), 2),
    };
    let since = world.trail().next_seq();
    let ran = world.advance(by);
    let mut text = format!("advanced {by} to {}; {ran} scheduled job(s) ran\n", world.now());
    for e in world.trail().since(since).iter().filter(|e| e.source == EventSource::Job) {
        text.push_str(&event_line(e));
    }
    CommandOutput::ok(text)
}

fn trail(world: &World, args: &[String]) -> CommandOutput {
    let mut n = 10usize;
    let mut i = 0;
    while i < args.len() {
        match (args[i].as_str(), args.get(i + 1)) {
            ("-n", Some(v)) => match v.parse() {
                Ok(v) => {
                    n = v;
                    i += 1;
                }
                Err(_) => return CommandOutput::failed(format!("nimbus trail: -n takes a number, not '{v}'\n"), 2),
            },
            (other, _) => return CommandOutput::failed(format!("nimbus trail: unknown option '{other}'\n"), 2),
        }
        i += 1;
    }
    let events = world.trail().events();
    let start = events.len().saturating_sub(n);
    CommandOutput::ok(events[start..].iter().map(event_line).collect())
}

fn reset(world: &mut World, args: &[String]) -> CommandOutput {
    let seed = match args {
        [] => world.seed(),
        [flag, n] if flag == "--seed" => match n.parse() {
            Ok(n) => n,
            Err(_) => return CommandOutput::failed(format!("nimbus reset: --seed takes a number, not '{n}'\n"), 2),
        },
        _ => return CommandOutput::failed(format!("nimbus reset: unexpected arguments\n{USAGE}"), 2),
    };
    *world = World::new(seed);
    CommandOutput::ok(format!("a fresh world with seed {seed}, at {}\n", world.now()))
}
