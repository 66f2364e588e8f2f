//! Exam mode: a seeded set of questions mixed across domains, a time limit on a clock the caller
//! passes in, flags for review and a question map; no feedback until the exam is submitted or
//! the time runs out, then a score overall and per domain and a review of every answer.

use super::feedback::Feedback;
use crate::content::{Question, QuestionView};
use crate::domain::Domain;
use crate::seeded::SeededRng;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The real associate exams: 65 questions in 130 minutes.
pub const CERTIFICATION_QUESTIONS: usize = 65;
pub const CERTIFICATION_MINUTES: u64 = 130;
const MINUTE_MS: u64 = 60_000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExamConfig {
    pub question_count: usize,
    pub duration_ms: u64,
    pub seed: u64,
    /// Only questions of these services (all when empty).
    #[serde(default)]
    pub services: Vec<String>,
}

impl ExamConfig {
    /// Like the certification: 65 questions in 130 minutes, scaled down to the bank (two minutes
    /// a question) when the bank has fewer.
    pub fn certification_like(bank_size: usize, seed: u64) -> ExamConfig {
        let question_count = bank_size.min(CERTIFICATION_QUESTIONS);
        let duration_ms = CERTIFICATION_MINUTES * MINUTE_MS * question_count as u64 / CERTIFICATION_QUESTIONS as u64;
        ExamConfig { question_count, duration_ms, seed, services: Vec::new() }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExamError {
    /// The time ran out; the exam was submitted as it stood.
    TimeUp,
    AlreadySubmitted,
    NoSuchQuestion(usize),
    NotAChoice(String),
    NoQuestions,
}

impl std::fmt::Display for ExamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExamError::TimeUp => write!(f, "time is up: the exam was submitted with the answers given so far"),
            ExamError::AlreadySubmitted => write!(f, "the exam has already been submitted"),
            ExamError::NoSuchQuestion(i) => write!(f, "the exam has no question {}", i + 1),
            ExamError::NotAChoice(c) => write!(f, "'{c}' is not a choice of this question"),
            ExamError::NoQuestions => write!(f, "no questions match this exam's services"),
        }
    }
}

impl std::error::Error for ExamError {}

/// One square of the question map.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapCell {
    pub answered: bool,
    pub flagged: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainScore {
    pub domain: Domain,
    pub correct: usize,
    pub total: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewItem {
    pub question_id: String,
    pub chosen: Vec<String>,
    pub correct: bool,
    pub flagged: bool,
    pub feedback: Feedback,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExamResult {
    pub seed: u64,
    pub started_ms: u64,
    pub finished_ms: u64,
    pub timed_out: bool,
    pub correct: usize,
    pub total: usize,
    /// 0–100, rounded down.
    pub percent: u8,
    /// Every domain the exam's questions cover; a question counts in each of its domains.
    pub per_domain: Vec<DomainScore>,
    /// Every question in exam order, with the answer given and the full feedback.
    pub review: Vec<ReviewItem>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Exam {
    pub config: ExamConfig,
    questions: Vec<Question>,
    answers: Vec<Option<Vec<String>>>,
    flagged: Vec<bool>,
    started_ms: u64,
    result: Option<ExamResult>,
}

/// Picks `count` questions round-robin across domains (each domain's questions shuffled), so a
/// short exam still spans the domains, then shuffles the exam order.
fn pick_mixed(pool: &[Question], count: usize, seed: u64) -> Vec<Question> {
    let mut rng = SeededRng::new(seed);
    let mut by_domain: BTreeMap<Domain, Vec<&Question>> = BTreeMap::new();
    for q in pool {
        if let Some(d) = q.domains.first() {
            by_domain.entry(*d).or_default().push(q);
        }
    }
    let mut groups: Vec<Vec<&Question>> = by_domain.into_values().collect();
    for g in &mut groups {
        rng.shuffle(g);
    }
    rng.shuffle(&mut groups);
    let mut picked: Vec<Question> = Vec::with_capacity(count);
    let mut round = 0;
    while picked.len() < count && groups.iter().any(|g| g.len() > round) {
        for g in &groups {
            if let Some(q) = g.get(round) {
                if picked.len() < count {
                    picked.push((*q).clone());
                }
            }
        }
        round += 1;
    }
    rng.shuffle(&mut picked);
    picked
}

impl Exam {
    /// Starts an exam at `now_ms` over `pool` (the bank's questions, plus any generated ones).
    pub fn start(pool: &[Question], config: ExamConfig, now_ms: u64) -> Result<Exam, ExamError> {
        let eligible: Vec<Question> = pool
            .iter()
            .filter(|q| config.services.is_empty() || config.services.contains(&q.service))
            .cloned()
            .collect();
        let questions = pick_mixed(&eligible, config.question_count, config.seed);
        if questions.is_empty() {
            return Err(ExamError::NoQuestions);
        }
        let n = questions.len();
        Ok(Exam {
            config,
            questions,
            answers: vec![None; n],
            flagged: vec![false; n],
            started_ms: now_ms,
            result: None,
        })
    }

    pub fn len(&self) -> usize {
        self.questions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.questions.is_empty()
    }

    pub fn deadline_ms(&self) -> u64 {
        self.started_ms.saturating_add(self.config.duration_ms)
    }

    pub fn remaining_ms(&self, now_ms: u64) -> u64 {
        self.deadline_ms().saturating_sub(now_ms)
    }

    /// Question `index` as the learner sees it during the exam: no answer, no explanation.
    pub fn question(&self, index: usize) -> Option<QuestionView<'_>> {
        self.questions.get(index).map(Question::view)
    }

    /// The answer given so far to question `index`.
    pub fn given(&self, index: usize) -> Option<&[String]> {
        self.answers.get(index).and_then(|a| a.as_deref())
    }

    pub fn question_map(&self) -> Vec<MapCell> {
        self.answers.iter().zip(&self.flagged).map(|(a, f)| MapCell { answered: a.is_some(), flagged: *f }).collect()
    }

    /// The result once submitted (by the learner or by the clock).
    pub fn result(&self) -> Option<&ExamResult> {
        self.result.as_ref()
    }

    /// Checks the clock: submits the exam if its time is up. Call it on every clock tick.
    pub fn tick(&mut self, now_ms: u64) -> Option<&ExamResult> {
        if self.result.is_none() && now_ms >= self.deadline_ms() {
            self.finish(self.deadline_ms(), true);
        }
        self.result.as_ref()
    }

    fn writable(&mut self, index: usize, now_ms: u64) -> Result<(), ExamError> {
        if self.result.is_some() {
            return Err(ExamError::AlreadySubmitted);
        }
        if self.tick(now_ms).is_some() {
            return Err(ExamError::TimeUp);
        }
        if index >= self.questions.len() {
            return Err(ExamError::NoSuchQuestion(index));
        }
        Ok(())
    }

    /// Records (or replaces) the answer to question `index`. No feedback is given.
    pub fn answer(&mut self, index: usize, chosen: Vec<String>, now_ms: u64) -> Result<(), ExamError> {
        self.writable(index, now_ms)?;
        if let Some(bad) = chosen.iter().find(|c| self.questions[index].choice(c).is_none()) {
            return Err(ExamError::NotAChoice(bad.clone()));
        }
        self.answers[index] = if chosen.is_empty() { None } else { Some(chosen) };
        Ok(())
    }

    /// Marks or unmarks question `index` for review.
    pub fn flag(&mut self, index: usize, flagged: bool, now_ms: u64) -> Result<(), ExamError> {
        self.writable(index, now_ms)?;
        self.flagged[index] = flagged;
        Ok(())
    }

    /// Submits the exam. After the deadline it counts as a time-out at the deadline.
    pub fn submit(&mut self, now_ms: u64) -> &ExamResult {
        if self.result.is_none() {
            let timed_out = now_ms >= self.deadline_ms();
            self.finish(now_ms.min(self.deadline_ms()), timed_out);
        }
        self.result.as_ref().expect("finish always stores a result")
    }

    fn finish(&mut self, finished_ms: u64, timed_out: bool) {
        let mut per_domain: BTreeMap<Domain, (usize, usize)> = BTreeMap::new();
        let mut review = Vec::with_capacity(self.questions.len());
        for (i, q) in self.questions.iter().enumerate() {
            let chosen = self.answers[i].clone().unwrap_or_default();
            let correct = q.is_correct(&chosen);
            for d in &q.domains {
                let entry = per_domain.entry(*d).or_default();
                entry.0 += correct as usize;
                entry.1 += 1;
            }
            review.push(ReviewItem {
                question_id: q.id.clone(),
                feedback: Feedback::new(q, &chosen),
                chosen,
                correct,
                flagged: self.flagged[i],
            });
        }
        let correct = review.iter().filter(|r| r.correct).count();
        let total = review.len();
        self.result = Some(ExamResult {
            seed: self.config.seed,
            started_ms: self.started_ms,
            finished_ms,
            timed_out,
            correct,
            total,
            percent: (correct * 100 / total.max(1)) as u8,
            per_domain: per_domain
                .into_iter()
                .map(|(domain, (correct, total))| DomainScore { domain, correct, total })
                .collect(),
            review,
        });
    }
}
