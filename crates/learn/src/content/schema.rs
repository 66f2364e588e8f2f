//! The shape of the content files: questions, labs and demos, exactly as they are written in
//! `content/<service>.toml`. Unknown keys are errors, so a typo never passes silently.

use super::source::Origin;
use crate::domain::Domain;
use crate::predicate::Predicate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How many answers a question wants: `kind = "single"` or `kind = { choose = 2 }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Single,
    Choose(usize),
}

impl Kind {
    /// How many choices a complete answer selects.
    pub fn answer_count(self) -> usize {
        match self {
            Kind::Single => 1,
            Kind::Choose(n) => n,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// A short id the answer refers to (`"a"`, `"b"`, …).
    pub id: String,
    pub text: String,
    /// Why this choice is right, or why it is wrong.
    pub why: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    /// The simulator service it is about (`"s3"`), matching the page route `#/s3`.
    pub service: String,
    /// The exam domains it prepares for (at least one).
    pub domains: Vec<Domain>,
    pub kind: Kind,
    pub prompt: String,
    pub choices: Vec<Choice>,
    /// The ids of the correct choices.
    pub answer: Vec<String>,
    /// Why the correct answer is correct.
    pub explanation: String,
    /// The AWS documentation page that states the fact.
    pub doc: String,
    /// A route into the simulator where the learner can see it happen (`#/s3`, `#/learn/lab/<id>`).
    pub try_it: String,
    #[serde(skip)]
    pub origin: Origin,
}

impl Question {
    pub fn choice(&self, id: &str) -> Option<&Choice> {
        self.choices.iter().find(|c| c.id == id)
    }

    /// True when `chosen` selects exactly the correct choices (order and repeats do not matter).
    /// Multiple-response questions earn no partial credit, as on the real exams.
    pub fn is_correct(&self, chosen: &[String]) -> bool {
        let mut picked: Vec<&str> = chosen.iter().map(String::as_str).collect();
        picked.sort_unstable();
        picked.dedup();
        let mut answer: Vec<&str> = self.answer.iter().map(String::as_str).collect();
        answer.sort_unstable();
        answer.dedup();
        picked == answer
    }

    /// The question as shown before it is answered: no answer, no explanations.
    pub fn view(&self) -> QuestionView<'_> {
        QuestionView {
            id: &self.id,
            prompt: &self.prompt,
            kind: self.kind,
            choices: self.choices.iter().map(|c| (c.id.as_str(), c.text.as_str())).collect(),
        }
    }
}

/// What a learner may see of a question before answering it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuestionView<'a> {
    pub id: &'a str,
    pub prompt: &'a str,
    pub kind: Kind,
    /// (choice id, text), in the order written.
    pub choices: Vec<(&'a str, &'a str)>,
}

/// One thing a lab asks for, checked by a predicate over the World.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    pub description: String,
    pub check: Predicate,
}

impl Goal {
    /// Whether the goal holds in `world` right now.
    pub fn check(&self, world: &nimbus_sim::World) -> bool {
        self.check.holds(world, 0)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lab {
    pub id: String,
    pub service: String,
    pub title: String,
    /// The situation the learner walks into.
    pub story: String,
    /// Files in the learner's working folder (name → text), for `--body` and friends.
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    /// CLI lines that build the starting World.
    #[serde(default)]
    pub setup: Vec<String>,
    #[serde(rename = "goal")]
    pub goals: Vec<Goal>,
    /// Revealed one at a time, vaguest first.
    pub hints: Vec<String>,
    /// CLI lines that reach every goal from the setup. `{delete_marker:BUCKET/KEY}` and
    /// `{version:BUCKET/KEY:N}` (N-th oldest) stand for version ids the World makes up.
    pub solution: Vec<String>,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoStep {
    pub narration: String,
    /// The CLI line this step runs, if any (a step may only talk).
    #[serde(default)]
    pub cli: Option<String>,
    /// Diagram node ids or resource names to highlight while the step is shown.
    #[serde(default)]
    pub highlight: Vec<String>,
    /// The error code the step's line is meant to fail with (a demo may show a refusal).
    #[serde(default)]
    pub expect_error: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Demo {
    pub id: String,
    pub service: String,
    pub title: String,
    /// Files in the presenter's working folder (name → text).
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    #[serde(rename = "step")]
    pub steps: Vec<DemoStep>,
    #[serde(skip)]
    pub origin: Origin,
}
