//! The learning pages: practice, exam, review, readiness, labs, guided demos and share links.
//! Content and engines come from `nimbus-learn`; progress lives in the app's learn context.

pub mod demo;
pub mod exam;
pub mod hub;
pub mod lab;
pub mod labs;
pub mod practice;
pub mod question;
pub mod readiness;
pub mod review;
pub mod share;

use nimbus_learn::quiz::{Practice, QueueKind};
use nimbus_learn::{Bank, Progress};

/// The question ids of a queue, in the order it asks them.
pub fn queue_ids(bank: &Bank, progress: &Progress, kind: QueueKind, now_ms: u64, seed: u64) -> Vec<String> {
    let mut practice = Practice::new(bank, progress, kind, now_ms, seed);
    let mut ids = Vec::with_capacity(practice.len());
    while let Some(q) = practice.current(bank) {
        ids.push(q.id.clone());
        practice.skip();
    }
    ids
}

/// A service's display name (`s3` → `Amazon S3`).
pub fn service_name(slug: &str) -> &str {
    crate::catalog::find(slug).map(|s| s.name).unwrap_or(slug)
}
