//! nimbus-learn: Nimbus Lab's learning layer, as pure Rust over the simulator.
//!
//! - [`content`]: question banks, labs and demos as TOML data, embedded in the binary, with a
//!   validator that names the file and line of every mistake.
//! - [`predicate`]: lab goals as data, evaluated against a [`nimbus_sim::World`].
//! - [`quiz`]: practice by service, timed exams, review of wrong answers, spaced repetition.
//! - [`generate`]: "predict the outcome" questions whose answers come from running the simulator.
//! - [`progress`]: what a learner has done, versioned JSON with import/export.
//! - [`lab`]: a lab in progress: goals, hints, score.
//! - [`share`]: share links in the URL fragment.
//!
//! Nothing here reads the real clock or an unseeded random source: times arrive as millisecond
//! arguments and every shuffle takes a seed.

pub mod cli_lines;
pub mod content;
pub mod domain;
pub mod generate;
pub mod lab;
pub mod predicate;
pub mod progress;
pub mod quiz;
pub mod routes;
pub mod seeded;
pub mod share;

pub use content::{Bank, ContentError, Demo, Goal, Lab, Question};
pub use domain::{Certification, Domain};
pub use predicate::Predicate;
pub use progress::Progress;
