//! Question queues with immediate feedback: practice by service, review of missed questions, and
//! spaced repetition. Due questions always come first.

use super::feedback::Feedback;
use crate::content::{Bank, Question};
use crate::progress::Progress;
use crate::seeded::SeededRng;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QueueKind {
    /// Every question of one service: due ones first, then new ones, then the rest.
    Service(String),
    /// Questions whose latest answer was wrong (optionally of one service).
    Review { service: Option<String> },
    /// Spaced repetition: due questions (most overdue first), then new ones; nothing that is not due.
    Spaced { service: Option<String> },
}

/// A run through a queue of questions, one at a time, each answered with immediate feedback.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Practice {
    pub kind: QueueKind,
    order: Vec<String>,
    position: usize,
}

impl Practice {
    /// Builds the queue from the bank and the learner's progress at `now_ms`; new questions are
    /// shuffled with `seed`.
    pub fn new(bank: &Bank, progress: &Progress, kind: QueueKind, now_ms: u64, seed: u64) -> Practice {
        let service = match &kind {
            QueueKind::Service(s) => Some(s.as_str()),
            QueueKind::Review { service } | QueueKind::Spaced { service } => service.as_deref(),
        };
        let in_scope = |q: &&Question| service.is_none_or(|s| q.service == s);
        let mut due: Vec<(u64, &str)> = Vec::new();
        let mut new: Vec<&str> = Vec::new();
        let mut later: Vec<(u64, &str)> = Vec::new();
        for q in bank.questions.iter().filter(in_scope) {
            let record = progress.questions.get(&q.id);
            if matches!(kind, QueueKind::Review { .. }) && record.is_none_or(|r| r.last_correct) {
                continue;
            }
            match record {
                None => new.push(&q.id),
                Some(r) if r.card.is_due(now_ms) => due.push((r.card.due_ms, &q.id)),
                Some(r) => later.push((r.card.due_ms, &q.id)),
            }
        }
        due.sort();
        later.sort();
        SeededRng::new(seed).shuffle(&mut new);
        let mut order: Vec<String> = due.into_iter().map(|(_, id)| id.to_string()).collect();
        order.extend(new.into_iter().map(String::from));
        if !matches!(kind, QueueKind::Spaced { .. }) {
            order.extend(later.into_iter().map(|(_, id)| id.to_string()));
        }
        Practice { kind, order, position: 0 }
    }

    /// The question to answer now, or `None` when the queue is done.
    pub fn current<'b>(&self, bank: &'b Bank) -> Option<&'b Question> {
        self.order.get(self.position).and_then(|id| bank.question(id))
    }

    pub fn remaining(&self) -> usize {
        self.order.len().saturating_sub(self.position)
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Answers the current question: records it in `progress` (moving its Leitner card),
    /// moves on, and returns the feedback.
    pub fn answer(
        &mut self,
        bank: &Bank,
        progress: &mut Progress,
        chosen: &[String],
        now_ms: u64,
    ) -> Result<Feedback, String> {
        let question = self.current(bank).ok_or("there is no question left in this queue")?;
        if let Some(bad) = chosen.iter().find(|c| question.choice(c).is_none()) {
            return Err(format!("'{bad}' is not a choice of question '{}'", question.id));
        }
        let feedback = Feedback::new(question, chosen);
        progress.record_answer(&question.id, chosen, feedback.correct, now_ms);
        self.position += 1;
        Ok(feedback)
    }

    /// Skips the current question without recording anything.
    pub fn skip(&mut self) {
        self.position = (self.position + 1).min(self.order.len());
    }
}
