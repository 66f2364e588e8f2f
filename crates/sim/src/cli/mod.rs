//! The AWS-CLI-style terminal: command lines in, AWS CLI output out.
//!
//! [`run_line`] runs one line against a World and a [`FileSystem`]: `aws <service> <operation>
//! --param value` (any simulated operation, with no per-operation code: parameters are found in
//! the operation's serde types by [`shape`] and read by [`coerce`]), the high-level `aws s3`
//! commands, `curl` over the simulated network, small file commands (`echo > f`, `cat`, `ls`,
//! `rm`) and the simulator's `nimbus` commands. `clear` is the app's job: it clears its screen
//! before calling `run_line` (here `clear` prints nothing).
//!
//! Modules: `tokenize` (shell words and `>`), `args` (`--param` words -> JSON), `shorthand`
//! (`K=V,K2={a=b}`), `coerce` (JSON -> typed input, CLI-style), `shape` (what a type looks like),
//! `output` and `query` (printing and `--query`), `aws` (service calls), `s3_commands`, `curl`,
//! `dig` (Route 53 builds only), `files`, `nimbus`, `cloudhsm_cli` (the CloudHSM client, with the
//! `cloudhsm` feature), `help`, `complete`, `cli_line`, `fs`, `json`, `names`.

pub mod args;
pub mod aws;
pub mod cli_line;
#[cfg(feature = "cloudhsm")]
pub mod cloudhsm_cli;
pub mod coerce;
pub mod complete;
pub mod curl;
#[cfg(feature = "route53")]
pub mod dig;
pub mod files;
pub mod fs;
pub mod help;
pub mod json;
pub mod names;
pub mod nimbus;
pub mod output;
pub mod query;
mod reader;
#[cfg(feature = "route53")]
pub mod resolvers;
pub mod s3_commands;
pub mod shape;
pub mod shorthand;
pub mod tokenize;
pub mod wait;

pub use aws::parse_aws_line;
pub use cli_line::cli_line_for;
pub use complete::complete;
pub use fs::{FileSystem, MemoryFs};

use crate::world::World;
use serde::{Deserialize, Serialize};

/// What a command printed and how it ended, as a terminal shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandOutput {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}

impl CommandOutput {
    pub fn ok(stdout: String) -> Self {
        CommandOutput { stdout, stderr: String::new(), exit_code: 0 }
    }
    pub fn failed(stderr: String, exit_code: i32) -> Self {
        CommandOutput { stdout: String::new(), stderr, exit_code }
    }
}

/// Runs one command line. Never panics; whatever the line, the World stays usable.
pub fn run_line(world: &mut World, fs: &mut dyn FileSystem, line: &str) -> CommandOutput {
    let command = match tokenize::parse_command(line) {
        Ok(c) => c,
        Err(e) => return CommandOutput::failed(format!("nimbus: {e}\n"), 2),
    };
    let Some((name, args)) = command.words.split_first() else {
        return CommandOutput::default();
    };
    let mut out = match name.as_str() {
        "aws" => aws::run(world, fs, args),
        "curl" => curl::run(world, args),
        #[cfg(feature = "route53")]
        "dig" => dig::run(world, args),
        "echo" => files::echo(args),
        "cat" => files::cat(&*fs, args),
        "ls" => files::ls(&*fs, args),
        "rm" => files::rm(fs, args),
        "touch" => files::touch(fs, args),
        "nimbus" => nimbus::run(world, args),
        #[cfg(feature = "cloudhsm")]
        "cloudhsm-cli" => cloudhsm_cli::run(world, args),
        "help" => CommandOutput::ok(help::terminal()),
        "clear" => CommandOutput::default(),
        other => CommandOutput::failed(format!("{other}: command not found (try `help`)\n"), 127),
    };
    if let Some(redirect) = command.redirect {
        let mut data = if redirect.append { fs.read(&redirect.path).unwrap_or_default() } else { Vec::new() };
        data.extend_from_slice(out.stdout.as_bytes());
        out.stdout.clear();
        if let Err(e) = fs.write(&redirect.path, &data) {
            out.stderr.push_str(&format!("nimbus: {e}\n"));
            out.exit_code = 1;
        }
    }
    out
}
