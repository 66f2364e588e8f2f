//! The trail: every call (ok or error), every scheduled job and every simulated HTTP request,
//! like CloudTrail, each with a one-line *why* naming the state, rule or policy that decided it.

use crate::time::SimTime;
use serde::{Deserialize, Serialize};

/// How many events the World keeps; older ones are dropped first (saves stay small).
pub const TRAIL_CAPACITY: usize = 2000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventSource {
    /// A call through `World::call` (console, terminal, lab setup).
    Call,
    /// Something the clock made happen (a scheduled job).
    Job,
    /// A request over the simulated network (`curl`, health checks, origins).
    Http,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Ok,
    Error { code: String, message: String },
}

impl Outcome {
    pub fn is_ok(&self) -> bool {
        matches!(self, Outcome::Ok)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrailEvent {
    pub seq: u64,
    pub time: SimTime,
    pub source: EventSource,
    pub service: String,
    pub operation: String,
    pub region: String,
    /// The request as compact JSON, cut short when long.
    pub request: String,
    pub outcome: Outcome,
    /// ARNs or names of the resources the event read or changed.
    pub resources: Vec<String>,
    pub why: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trail {
    events: Vec<TrailEvent>,
    next_seq: u64,
}

impl Trail {
    pub fn push(&mut self, mut event: TrailEvent) -> u64 {
        event.seq = self.next_seq;
        self.next_seq += 1;
        // Trim in batches: dropping the oldest event on every push moved the whole trail each
        // call once it was full. The extra quarter is never shown (see `events`).
        if self.events.len() >= TRAIL_CAPACITY + TRAIL_CAPACITY / 4 {
            let excess = self.events.len() + 1 - TRAIL_CAPACITY;
            self.events.drain(..excess);
        }
        self.events.push(event);
        self.next_seq - 1
    }

    /// The newest `TRAIL_CAPACITY` events, oldest first.
    pub fn events(&self) -> &[TrailEvent] {
        &self.events[self.events.len().saturating_sub(TRAIL_CAPACITY)..]
    }

    pub fn last(&self) -> Option<&TrailEvent> {
        self.events.last()
    }

    /// Events with a sequence number at or after `seq` (what happened since a moment).
    pub fn since(&self, seq: u64) -> &[TrailEvent] {
        let events = self.events();
        let start = events.partition_point(|e| e.seq < seq);
        &events[start..]
    }

    /// The sequence number the next event will get.
    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }
}

/// The request as the trail shows it: long strings (object bodies, ciphertext blobs, policies)
/// shortened to their first characters and length, so events stay small.
pub fn summarize_value(v: &serde_json::Value) -> String {
    fn shorten(v: &serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::String(s) if s.len() > 80 => {
                let mut end = 60;
                while !s.is_char_boundary(end) {
                    end -= 1;
                }
                serde_json::Value::String(format!("{}… ({} chars)", &s[..end], s.len()))
            }
            serde_json::Value::Array(a) => serde_json::Value::Array(a.iter().map(shorten).collect()),
            serde_json::Value::Object(m) => {
                // Inserts rather than `collect`: collecting into a map carries a sort of its own.
                let mut out = serde_json::Map::new();
                for (k, x) in m {
                    out.insert(k.clone(), shorten(x));
                }
                serde_json::Value::Object(out)
            }
            other => other.clone(),
        }
    }
    summarize(&shorten(v).to_string(), 400)
}

/// Cuts a request summary to a readable length on a character boundary.
pub fn summarize(json: &str, max: usize) -> String {
    if json.len() <= max {
        return json.to_string();
    }
    let mut end = max;
    while !json.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &json[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> TrailEvent {
        TrailEvent {
            seq: 0,
            time: SimTime::DEFAULT_START,
            source: EventSource::Call,
            service: "s3".into(),
            operation: "ListBuckets".into(),
            region: "us-east-1".into(),
            request: "{}".into(),
            outcome: Outcome::Ok,
            resources: Vec::new(),
            why: String::new(),
        }
    }

    #[test]
    fn a_full_trail_shows_the_newest_events_only() {
        let mut trail = Trail::default();
        for _ in 0..3 * TRAIL_CAPACITY + 7 {
            trail.push(event());
        }
        let events = trail.events();
        assert_eq!(events.len(), TRAIL_CAPACITY);
        assert_eq!(events.last().unwrap().seq, 3 * TRAIL_CAPACITY as u64 + 6);
        assert_eq!(events[0].seq, 2 * TRAIL_CAPACITY as u64 + 7);
        assert_eq!(trail.since(0).len(), TRAIL_CAPACITY, "since() never reaches past what events() shows");
        assert_eq!(trail.since(trail.next_seq() - 3).len(), 3);
    }
}
