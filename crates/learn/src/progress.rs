//! What a learner has done: every question's record and Leitner card, exam history and finished
//! labs, with readiness per service and per exam domain. Saved as versioned JSON; an old save is
//! migrated on import, a damaged or newer one is refused with a clear message.

use crate::content::Bank;
use crate::domain::Domain;
use crate::quiz::exam::ExamResult;
use crate::quiz::leitner::{Card, TOP_BOX};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The format version this build writes.
pub const PROGRESS_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionRecord {
    pub attempts: u32,
    pub correct: u32,
    pub last_correct: bool,
    pub last_chosen: Vec<String>,
    pub card: Card,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExamRecord {
    pub seed: u64,
    pub started_ms: u64,
    pub finished_ms: u64,
    pub timed_out: bool,
    pub correct: usize,
    pub total: usize,
    /// (domain, correct, total)
    pub per_domain: Vec<(Domain, usize, usize)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabRecord {
    pub completed_ms: u64,
    /// Fewest calls the learner needed (best attempt).
    pub best_calls: usize,
    pub reference_calls: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub version: u32,
    #[serde(default)]
    pub questions: BTreeMap<String, QuestionRecord>,
    #[serde(default)]
    pub exams: Vec<ExamRecord>,
    #[serde(default)]
    pub labs: BTreeMap<String, LabRecord>,
}

impl Default for Progress {
    fn default() -> Self {
        Progress { version: PROGRESS_VERSION, questions: BTreeMap::new(), exams: Vec::new(), labs: BTreeMap::new() }
    }
}

/// How ready a learner is for one slice of the bank.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Readiness {
    /// Questions in the slice.
    pub questions: usize,
    /// Of those, how many were answered at least once.
    pub seen: usize,
    /// 0–100: the mean over the slice of (Leitner box / 5) for questions last answered right,
    /// 0 for questions unseen or last answered wrong.
    pub percent: u8,
}

impl Progress {
    /// Records one answer and moves the question's Leitner card.
    pub fn record_answer(&mut self, question_id: &str, chosen: &[String], correct: bool, now_ms: u64) {
        match self.questions.get_mut(question_id) {
            Some(r) => {
                r.attempts += 1;
                r.correct += correct as u32;
                r.last_correct = correct;
                r.last_chosen = chosen.to_vec();
                r.card = r.card.answered(correct, now_ms);
            }
            None => {
                self.questions.insert(
                    question_id.to_string(),
                    QuestionRecord {
                        attempts: 1,
                        correct: correct as u32,
                        last_correct: correct,
                        last_chosen: chosen.to_vec(),
                        card: Card::first(correct, now_ms),
                    },
                );
            }
        }
    }

    /// Records a submitted exam: its summary, and each answer given in it (unanswered questions
    /// count as wrong).
    pub fn record_exam(&mut self, result: &ExamResult) {
        for item in &result.review {
            self.record_answer(&item.question_id, &item.chosen, item.correct, result.finished_ms);
        }
        self.exams.push(ExamRecord {
            seed: result.seed,
            started_ms: result.started_ms,
            finished_ms: result.finished_ms,
            timed_out: result.timed_out,
            correct: result.correct,
            total: result.total,
            per_domain: result.per_domain.iter().map(|d| (d.domain, d.correct, d.total)).collect(),
        });
    }

    /// Records a finished lab, keeping the best (fewest calls) attempt.
    pub fn record_lab(&mut self, lab_id: &str, calls: usize, reference_calls: usize, now_ms: u64) {
        let record = self.labs.entry(lab_id.to_string()).or_insert(LabRecord {
            completed_ms: now_ms,
            best_calls: calls,
            reference_calls,
        });
        if calls < record.best_calls {
            *record = LabRecord { completed_ms: now_ms, best_calls: calls, reference_calls };
        }
    }

    fn mastery(&self, question_id: &str) -> Option<f64> {
        self.questions.get(question_id).map(|r| {
            if r.last_correct {
                r.card.leitner_box as f64 / TOP_BOX as f64
            } else {
                0.0
            }
        })
    }

    fn readiness_of<'a>(&self, ids: impl Iterator<Item = &'a str>) -> Readiness {
        let (mut questions, mut seen, mut sum) = (0, 0, 0.0);
        for id in ids {
            questions += 1;
            if let Some(m) = self.mastery(id) {
                seen += 1;
                sum += m;
            }
        }
        let percent = if questions == 0 { 0 } else { (sum / questions as f64 * 100.0).round() as u8 };
        Readiness { questions, seen, percent }
    }

    /// Readiness per service, in the bank's service order.
    pub fn readiness_by_service(&self, bank: &Bank) -> Vec<(String, Readiness)> {
        bank.services()
            .into_iter()
            .map(|s| {
                let ids = bank.questions.iter().filter(|q| q.service == s).map(|q| q.id.as_str());
                (s.to_string(), self.readiness_of(ids))
            })
            .collect()
    }

    /// Readiness per exam domain that has questions.
    pub fn readiness_by_domain(&self, bank: &Bank) -> Vec<(Domain, Readiness)> {
        Domain::ALL
            .iter()
            .filter_map(|d| {
                let ids = bank.questions.iter().filter(|q| q.domains.contains(d)).map(|q| q.id.as_str());
                let r = self.readiness_of(ids);
                (r.questions > 0).then_some((*d, r))
            })
            .collect()
    }

    /// Ids of questions whose latest answer was wrong.
    pub fn missed(&self) -> impl Iterator<Item = &str> {
        self.questions.iter().filter(|(_, r)| !r.last_correct).map(|(id, _)| id.as_str())
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a save from any version this build knows, migrating it to the current one.
    pub fn from_json(json: &str) -> Result<Progress, String> {
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| format!("this progress file is not valid JSON: {e}"))?;
        let version = value
            .get("version")
            .and_then(serde_json::Value::as_u64)
            .ok_or("this is not a Nimbus Lab progress file: it has no \"version\" number")?;
        let current = migrate(value, version)?;
        serde_json::from_value(current).map_err(|e| format!("this progress file is damaged: {e}"))
    }
}

/// Brings a save of `version` up to [`PROGRESS_VERSION`], one step at a time. Each future format
/// change adds a step here (`1 => upgrade_1_to_2(value)`, …).
fn migrate(value: serde_json::Value, version: u64) -> Result<serde_json::Value, String> {
    match version {
        v if v == PROGRESS_VERSION as u64 => Ok(value),
        v if v > PROGRESS_VERSION as u64 => Err(format!(
            "this progress file was saved by a newer Nimbus Lab (format {v}; this one reads up to {PROGRESS_VERSION})"
        )),
        v => Err(format!("progress format {v} is not one Nimbus Lab ever wrote")),
    }
}
