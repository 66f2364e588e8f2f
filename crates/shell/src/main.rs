//! nimbus-shell: Nimbus Lab's terminal on stdin/stdout. Each input line runs against one
//! simulated World, exactly as in the browser's terminal, with files on the real file system
//! (relative to the current directory).
//!
//! ```text
//! nimbus-shell [--seed N] [--jsonl]
//! ```
//! `--jsonl` prints one JSON object per input line: `{"stdout": …, "stderr": …, "exit_code": …}`.
//! The process exits 0 unless reading stdin fails.

mod disk;

use nimbus_sim::cli::{run_line, CommandOutput};
use nimbus_sim::World;
use std::io::{BufRead, Write};

struct Options {
    seed: u64,
    jsonl: bool,
}

const USAGE: &str = "usage: nimbus-shell [--seed N] [--jsonl]";

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut options = Options { seed: 1, jsonl: false };
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--jsonl" => options.jsonl = true,
            "--seed" => {
                let value = args.get(i + 1).ok_or("--seed needs a number")?;
                options.seed = value.parse().map_err(|_| format!("--seed needs a number, not '{value}'"))?;
                i += 1;
            }
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown option '{other}'\n{USAGE}")),
        }
        i += 1;
    }
    Ok(options)
}

fn print(output: &CommandOutput, jsonl: bool, out: &mut impl Write, err: &mut impl Write) -> std::io::Result<()> {
    if jsonl {
        let line = serde_json::json!({
            "stdout": output.stdout,
            "stderr": output.stderr,
            "exit_code": output.exit_code,
        });
        writeln!(out, "{line}")?;
    } else {
        out.write_all(output.stdout.as_bytes())?;
        out.flush()?;
        err.write_all(output.stderr.as_bytes())?;
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match parse_options(&args) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let mut world = World::new(options.seed);
    let mut fs = disk::DiskFs::current_dir();
    let stdin = std::io::stdin();
    let (mut out, mut err) = (std::io::stdout().lock(), std::io::stderr().lock());
    for line in stdin.lock().lines() {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                eprintln!("nimbus-shell: cannot read stdin: {e}");
                std::process::exit(1);
            }
        };
        let output = run_line(&mut world, &mut fs, &line);
        // A closed stdout (e.g. piped into `head`) ends the session quietly.
        if print(&output, options.jsonl, &mut out, &mut err).is_err() {
            return;
        }
    }
}
