//! What a learner sees after answering: right or wrong, why, and where to read and try more.

use crate::content::Question;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceFeedback {
    pub id: String,
    pub text: String,
    /// Why this choice is right or wrong.
    pub why: String,
    pub is_answer: bool,
    pub was_chosen: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feedback {
    pub question_id: String,
    pub correct: bool,
    pub chosen: Vec<String>,
    pub answer: Vec<String>,
    pub explanation: String,
    /// Every choice with its reason, in the order written.
    pub choices: Vec<ChoiceFeedback>,
    pub doc: String,
    pub try_it: String,
}

impl Feedback {
    pub fn new(question: &Question, chosen: &[String]) -> Feedback {
        Feedback {
            question_id: question.id.clone(),
            correct: question.is_correct(chosen),
            chosen: chosen.to_vec(),
            answer: question.answer.clone(),
            explanation: question.explanation.clone(),
            choices: question
                .choices
                .iter()
                .map(|c| ChoiceFeedback {
                    id: c.id.clone(),
                    text: c.text.clone(),
                    why: c.why.clone(),
                    is_answer: question.answer.contains(&c.id),
                    was_chosen: chosen.contains(&c.id),
                })
                .collect(),
            doc: question.doc.clone(),
            try_it: question.try_it.clone(),
        }
    }
}
