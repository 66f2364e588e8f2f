//! The terminal's CLI as a [`LineRunner`]: lab setups, reference solutions and demo steps are
//! AWS CLI lines run through `nimbus_sim::cli::run_line`, with the lab's files in a memory
//! working folder.

use crate::content::{Bank, ContentError, Demo, Lab};
use crate::lab::{fill_placeholders, run_lines, LabSession, LineRunner};
use nimbus_sim::cli::{self, FileSystem, MemoryFs};
use nimbus_sim::World;
use std::collections::BTreeMap;

/// Runs lines through the simulator's CLI.
#[derive(Default)]
pub struct CliRunner {
    /// The working folder: the lab's files, then whatever lines write (`> file`), kept from
    /// line to line as the terminal keeps them.
    fs: Option<MemoryFs>,
}

impl LineRunner for CliRunner {
    fn run(&mut self, world: &mut World, files: &BTreeMap<String, String>, line: &str) -> Result<(), (i32, String)> {
        if self.fs.is_none() {
            let mut fs = MemoryFs::default();
            for (name, text) in files {
                fs.write(name, text.as_bytes()).map_err(|e| (2, format!("cannot write {name}: {e}")))?;
            }
            self.fs = Some(fs);
        }
        let fs = self.fs.as_mut().expect("set above");
        let out = cli::run_line(world, fs, line);
        if out.exit_code == 0 {
            Ok(())
        } else {
            Err((out.exit_code, out.stderr))
        }
    }
}

/// Runs every lab's reference solution from its setup in a fresh World and every demo's lines,
/// and reports, at the lab's or demo's line: a line that fails, goals already met after setup,
/// and goals the solution does not reach.
pub fn check_runnable(bank: &Bank) -> Vec<ContentError> {
    let mut errors = Vec::new();
    for lab in &bank.labs {
        errors.extend(check_lab(lab));
    }
    for demo in &bank.demos {
        errors.extend(check_demo(demo));
    }
    errors
}

fn check_lab(lab: &Lab) -> Vec<ContentError> {
    let o = &lab.origin;
    let what = format!("lab '{}'", lab.id);
    let (session, world) = match LabSession::start(lab, 1, &mut CliRunner::default()) {
        Ok(started) => started,
        Err(failure) => {
            let key = if lab.setup.get(failure.index) == Some(&failure.line) { "setup" } else { "solution" };
            return vec![o.error_at(key, format!("{what}: {key} {failure}"))];
        }
    };
    let mut errors = Vec::new();
    if session.is_complete(&world) {
        errors.push(o.error_at("setup", format!("{what}: every goal is already met after the setup alone")));
    }
    let mut solved = world.clone();
    if let Err(failure) = run_lines(&mut CliRunner::default(), &mut solved, &lab.files, &lab.solution) {
        errors.push(o.error_at("solution", format!("{what}: solution {failure}")));
        return errors;
    }
    for (goal, ok) in session.check(&solved) {
        if !ok {
            errors.push(
                o.error_at("description", format!("{what}: the solution does not reach goal '{}'", goal.description)),
            );
        }
    }
    errors
}

fn check_demo(demo: &Demo) -> Vec<ContentError> {
    let mut world = World::new(1);
    let mut runner = CliRunner::default();
    let fail = |m: String| vec![demo.origin.error_at("step", format!("demo '{}': {m}", demo.id))];
    for (i, step) in demo.steps.iter().enumerate() {
        let Some(line) = &step.cli else { continue };
        let line = match fill_placeholders(&world, line) {
            Ok(line) => line,
            Err(e) => return fail(format!("step {}: {e}", i + 1)),
        };
        match (runner.run(&mut world, &demo.files, &line), &step.expect_error) {
            (Ok(()), None) => {}
            (Err((_, stderr)), Some(code)) if stderr.contains(code.as_str()) => {}
            (Ok(()), Some(code)) => {
                return fail(format!("step {} `{line}` should fail with {code} but succeeded", i + 1))
            }
            (Err((exit, stderr)), _) => {
                return fail(format!("step {} `{line}` exited {exit}: {}", i + 1, stderr.trim()));
            }
        }
    }
    Vec::new()
}
