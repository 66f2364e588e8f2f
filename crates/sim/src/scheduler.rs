//! Jobs due at simulated times (key rotation, deletion windows, deployments that take minutes).
//! Kept sorted by (due, seq) so that jobs due at the same instant run in the order scheduled.

use crate::services::Job;
use crate::time::SimTime;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Scheduled {
    pub due: SimTime,
    pub seq: u64,
    pub job: Job,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Scheduler {
    queue: Vec<Scheduled>,
    next_seq: u64,
}

impl Scheduler {
    /// Schedules `job` at `due` and returns its sequence number (usable to cancel it).
    pub fn schedule(&mut self, due: SimTime, job: Job) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        let at = self.queue.partition_point(|s| (s.due, s.seq) <= (due, seq));
        self.queue.insert(at, Scheduled { due, seq, job });
        seq
    }

    /// Removes every job for which `matches` holds (e.g. a cancelled key deletion).
    pub fn cancel_where(&mut self, matches: impl Fn(&Job) -> bool) -> usize {
        let before = self.queue.len();
        self.queue.retain(|s| !matches(&s.job));
        before - self.queue.len()
    }

    pub fn next_deadline(&self) -> Option<SimTime> {
        self.queue.first().map(|s| s.due)
    }

    /// Takes the earliest job if it is due at or before `limit`.
    pub fn pop_due(&mut self, limit: SimTime) -> Option<Scheduled> {
        if self.queue.first().is_some_and(|s| s.due <= limit) {
            Some(self.queue.remove(0))
        } else {
            None
        }
    }

    pub fn pending(&self) -> &[Scheduled] {
        &self.queue
    }
}
