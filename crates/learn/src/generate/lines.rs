//! Scenarios written as AWS CLI lines: each line is parsed by the simulator's own CLI parser and
//! run as it is added, so a later line can use an id an earlier one returned (a key id, a zone
//! id). The lines shown to the learner are exactly the requests the World receives.

use super::{Scenario, Step};
use nimbus_sim::cli::{parse_aws_line, FileSystem, MemoryFs};
use nimbus_sim::World;
use serde_json::Value;

const DEFAULT_REGION: &str = "us-east-1";

pub(crate) struct LineBuilder {
    world: World,
    fs: MemoryFs,
    files: std::collections::BTreeMap<String, String>,
    steps: Vec<Step>,
    seed: u64,
}

impl LineBuilder {
    pub fn new(seed: u64) -> Self {
        LineBuilder { world: World::new(seed), fs: MemoryFs::new(), files: Default::default(), steps: Vec::new(), seed }
    }

    /// A file the lines can name (`fileb://secret.txt`).
    pub fn file(&mut self, name: &str, text: &str) -> Result<(), String> {
        self.fs.write(name, text.as_bytes())?;
        self.files.insert(name.to_string(), text.to_string());
        Ok(())
    }

    fn step(&self, cli: &str) -> Result<Step, String> {
        let (request, region) = parse_aws_line(cli, &self.fs).map_err(|e| format!("'{cli}' does not parse: {e}"))?;
        Ok(Step { cli: cli.to_string(), region: region.unwrap_or_else(|| DEFAULT_REGION.into()), request })
    }

    /// Runs one setup line; its output as the CLI prints it.
    pub fn run(&mut self, cli: &str) -> Result<Value, String> {
        let step = self.step(cli)?;
        let out = self
            .world
            .call_in(&step.region, step.request.clone())
            .map_err(|e| format!("setup step '{cli}' failed: {e}"))?;
        self.steps.push(step);
        Ok(out.output_json())
    }

    /// The scenario whose question is what `probe` does next.
    pub fn finish(self, probe: &str, candidates: &[&str]) -> Result<Scenario, String> {
        let probe = self.step(probe)?;
        Ok(Scenario {
            world_seed: self.seed,
            files: self.files,
            setup: self.steps,
            probe,
            candidates: candidates.iter().map(|c| c.to_string()).collect(),
        })
    }
}

/// A string field of a CLI output, by path (`KeyMetadata.KeyId`).
pub(crate) fn field(out: &Value, path: &str) -> Result<String, String> {
    path.split('.')
        .try_fold(out, |v, k| v.get(k))
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| format!("the output has no {path}"))
}
