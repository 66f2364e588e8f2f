//! A lab in progress: the World starts from the lab's setup, goals are checked against the
//! learner's World, hints are revealed one at a time, and the score compares the calls the
//! learner made with the calls of the reference solution.

use crate::content::{Goal, Lab};
use nimbus_sim::trail::EventSource;
use nimbus_sim::World;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A CLI line that did not exit 0.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineFailure {
    /// 0-based position of the line in its list.
    pub index: usize,
    pub line: String,
    pub exit_code: i32,
    pub stderr: String,
}

impl std::fmt::Display for LineFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {} `{}` exited {}: {}", self.index + 1, self.line, self.exit_code, self.stderr.trim())
    }
}

/// Runs CLI lines against a World, with a working folder of files. The terminal's CLI is one;
/// tests may bring their own.
pub trait LineRunner {
    /// Runs one line; `Err((exit code, stderr))` when it does not exit 0.
    fn run(&mut self, world: &mut World, files: &BTreeMap<String, String>, line: &str) -> Result<(), (i32, String)>;
}

/// Runs `lines` in order, stopping at the first failure. Placeholders such as
/// `{delete_marker:bucket/key}` are filled from the World just before each line runs.
pub fn run_lines(
    runner: &mut dyn LineRunner,
    world: &mut World,
    files: &BTreeMap<String, String>,
    lines: &[String],
) -> Result<(), LineFailure> {
    for (index, line) in lines.iter().enumerate() {
        let fail = |exit_code, stderr| LineFailure { index, line: line.clone(), exit_code, stderr };
        let resolved = fill_placeholders(world, line).map_err(|e| fail(2, e))?;
        runner.run(world, files, &resolved).map_err(|(code, stderr)| fail(code, stderr))?;
    }
    Ok(())
}

/// Replaces `{delete_marker:BUCKET/KEY}` with the id of the key's newest delete marker,
/// `{version:BUCKET/KEY:N}` with the id of its N-th oldest version (0-based),
/// `{zone:NAME}` with the id of the public hosted zone NAME, `{health_check:CALLER_REF}` with
/// the id of the health check created with that caller reference, and `{key:ALIAS}` with the
/// id of the KMS key the alias names (`{key:newest}`: the key created last).
pub fn fill_placeholders(world: &World, line: &str) -> Result<String, String> {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        let inner = &rest[start + 1..start + len];
        let value = match inner.split_once(':') {
            Some(("delete_marker", path)) => version_id(world, path, None)?,
            #[cfg(feature = "route53")]
            Some(("zone", name)) => zone_id(world, name)?,
            #[cfg(feature = "route53")]
            Some(("health_check", reference)) => world
                .route53
                .health_checks
                .values()
                .find(|c| c.caller_reference == reference)
                .map(|c| c.id.clone())
                .ok_or(format!("no health check was created with caller reference '{reference}'"))?,
            #[cfg(feature = "kms")]
            Some(("key", alias)) => kms_key_id(world, alias)?,
            Some(("version", spec)) => {
                let (path, n) = spec.rsplit_once(':').ok_or(format!("'{{{inner}}}' needs :N at the end"))?;
                let n: usize = n.parse().map_err(|_| format!("'{{{inner}}}': '{n}' is not a number"))?;
                version_id(world, path, Some(n))?
            }
            _ => {
                // Not a placeholder (JSON, for instance): keep it as written.
                out.push_str(&rest[..start + 1]);
                rest = &rest[start + 1..];
                continue;
            }
        };
        out.push_str(&rest[..start]);
        out.push_str(&value);
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(feature = "route53")]
fn zone_id(world: &World, name: &str) -> Result<String, String> {
    let canonical = format!("{}.", name.trim_end_matches('.').to_ascii_lowercase());
    world
        .route53
        .zones
        .values()
        .filter(|z| z.name == canonical && !z.private_zone)
        .min_by_key(|z| z.seq)
        .map(|z| z.id.clone())
        .ok_or(format!("no public hosted zone named {name}"))
}

#[cfg(feature = "kms")]
fn kms_key_id(world: &World, alias: &str) -> Result<String, String> {
    let found = if alias == "newest" {
        world.kms.keys.values().filter(|k| !k.is_aws_managed()).max_by_key(|k| k.creation_date).map(|k| &k.key_id)
    } else {
        world.kms.aliases.values().find(|a| a.name == alias).map(|a| &a.target_key_id)
    };
    found.cloned().ok_or(format!("no KMS key for '{alias}'"))
}

fn version_id(world: &World, path: &str, nth: Option<usize>) -> Result<String, String> {
    let (bucket, key) = path.split_once('/').ok_or(format!("'{path}' is not BUCKET/KEY"))?;
    let history =
        world.s3.buckets.get(bucket).and_then(|b| b.objects.get(key)).ok_or(format!("'{path}' has no versions"))?;
    let version = match nth {
        Some(n) => history.versions.get(n),
        None => history.versions.iter().rev().find(|v| v.is_delete_marker),
    };
    version.map(|v| v.version_id.clone()).ok_or(format!("'{path}' has no such version"))
}

/// How a finished (or unfinished) lab scores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabScore {
    pub complete: bool,
    /// Calls the learner made since the lab started (ok or failed).
    pub calls_used: usize,
    /// Calls the reference solution makes.
    pub reference_calls: usize,
}

impl LabScore {
    /// True when the learner needed no more calls than the reference solution.
    pub fn matches_reference(&self) -> bool {
        self.complete && self.calls_used <= self.reference_calls
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabSession {
    pub lab: Lab,
    /// The trail position where the learner took over.
    pub start_seq: u64,
    pub hints_shown: usize,
    pub reference_calls: usize,
}

/// Calls (not jobs or HTTP requests) in the trail from `since` on.
pub fn calls_since(world: &World, since: u64) -> usize {
    world.trail().since(since).iter().filter(|e| e.source == EventSource::Call).count()
}

impl LabSession {
    /// Builds the lab's starting World with `seed` and measures the reference solution on a copy.
    pub fn start(lab: &Lab, seed: u64, runner: &mut dyn LineRunner) -> Result<(LabSession, World), LineFailure> {
        let mut world = World::new(seed);
        run_lines(runner, &mut world, &lab.files, &lab.setup)?;
        let start_seq = world.trail().next_seq();
        let mut reference = world.clone();
        run_lines(runner, &mut reference, &lab.files, &lab.solution)?;
        let reference_calls = calls_since(&reference, start_seq);
        Ok((LabSession { lab: lab.clone(), start_seq, hints_shown: 0, reference_calls }, world))
    }

    /// Each goal and whether it holds in `world`.
    pub fn check<'s>(&'s self, world: &World) -> Vec<(&'s Goal, bool)> {
        self.lab.goals.iter().map(|g| (g, g.check.holds(world, self.start_seq))).collect()
    }

    pub fn is_complete(&self, world: &World) -> bool {
        self.check(world).iter().all(|(_, ok)| *ok)
    }

    /// Reveals the next hint and returns it, or `None` when all are shown.
    pub fn reveal_hint(&mut self) -> Option<&str> {
        let hint = self.lab.hints.get(self.hints_shown)?;
        self.hints_shown += 1;
        Some(hint)
    }

    /// The hints revealed so far, vaguest first.
    pub fn hints(&self) -> &[String] {
        &self.lab.hints[..self.hints_shown.min(self.lab.hints.len())]
    }

    pub fn score(&self, world: &World) -> LabScore {
        LabScore {
            complete: self.is_complete(world),
            calls_used: calls_since(world, self.start_seq),
            reference_calls: self.reference_calls,
        }
    }
}
