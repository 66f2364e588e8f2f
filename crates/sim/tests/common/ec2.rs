//! EC2 test helpers: one call, and a terminal whose lines must succeed.
// Each test file uses only some of these.
#![allow(dead_code)]

use nimbus_sim::cli::{run_line, CommandOutput, MemoryFs};
use nimbus_sim::services::ec2::*;
use nimbus_sim::{ApiError, Request, Response, World};

#[allow(unreachable_patterns)]
pub fn call(w: &mut World, r: Ec2Request) -> Result<Ec2Response, ApiError> {
    w.call(Request::Ec2(r)).map(|resp| match resp {
        Response::Ec2(r) => r,
        other => panic!("not an EC2 response: {other:?}"),
    })
}

pub fn err(w: &mut World, r: Ec2Request) -> ApiError {
    call(w, r).expect_err("the call should fail")
}

pub struct Term {
    pub world: World,
    pub fs: MemoryFs,
}

impl Term {
    pub fn new(seed: u64) -> Self {
        Term { world: World::new(seed), fs: MemoryFs::new() }
    }
    pub fn run(&mut self, line: &str) -> CommandOutput {
        run_line(&mut self.world, &mut self.fs, line)
    }
    pub fn ok(&mut self, line: &str) -> String {
        let out = self.run(line);
        assert_eq!(out.exit_code, 0, "{line}\n{out:?}");
        out.stdout
    }
    pub fn json(&mut self, line: &str) -> serde_json::Value {
        serde_json::from_str(&self.ok(line)).unwrap_or_else(|e| panic!("{line}: {e}"))
    }
    /// The text of a `--output text` line, trimmed.
    pub fn text(&mut self, line: &str) -> String {
        self.ok(&format!("{line} --output text")).trim().to_string()
    }
    /// The error line of a failing service call (exit 254).
    pub fn fails(&mut self, line: &str) -> String {
        let out = self.run(line);
        assert_eq!(out.exit_code, 254, "{line}\n{out:?}");
        out.stderr.trim().to_string()
    }
}
