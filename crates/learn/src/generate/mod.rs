//! "Predict the outcome" questions made by running the simulator: a generator builds a World
//! with real calls, then asks what one more call does. The right answer is what that call
//! actually returns, run on a copy of the World; the other choices are other real outcomes.

#[cfg(feature = "cloudformation")]
pub mod cloudformation;
#[cfg(feature = "kms")]
pub mod kms;
#[cfg(any(feature = "kms", feature = "route53", feature = "cloudformation"))]
mod lines;
pub mod outcomes;
#[cfg(feature = "route53")]
pub mod route53;
pub mod s3;

use crate::content::{Choice, Kind, Origin, Question};
use crate::domain::Domain;
use crate::seeded::SeededRng;
use nimbus_sim::{ApiError, Request, Response, World};
use serde::{Deserialize, Serialize};

/// One call of a scenario, with the CLI line a learner would type for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub cli: String,
    pub region: String,
    pub request: Request,
}

/// The calls that build the World, and the call the question asks about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    pub world_seed: u64,
    /// Files the steps read (`--body v1.txt`), name → text.
    #[serde(default)]
    pub files: std::collections::BTreeMap<String, String>,
    pub setup: Vec<Step>,
    pub probe: Step,
    /// Outcome labels the question may offer; the real outcome is always offered too.
    pub candidates: Vec<String>,
}

/// The label of a call's result: `Succeeds`, `Succeeds and returns "…"`, or `Fails with <Code>`.
pub fn outcome_label(result: &Result<Response, ApiError>) -> String {
    match result {
        Err(e) => format!("Fails with {}", e.code),
        Ok(resp) => match resp.output_json().get("Body").and_then(|b| b.as_str()) {
            Some(b64) => match nimbus_sim::Bytes::from_base64(b64).ok().and_then(|b| b.as_text().map(String::from)) {
                Some(text) => format!("Succeeds and returns \"{text}\""),
                None => "Succeeds and returns binary data".into(),
            },
            None => "Succeeds".into(),
        },
    }
}

impl Scenario {
    /// A fresh World with every setup step applied; a failing setup step is an error.
    pub fn build_world(&self) -> Result<World, String> {
        let mut world = World::new(self.world_seed);
        for step in &self.setup {
            world
                .call_in(&step.region, step.request.clone())
                .map_err(|e| format!("setup step '{}' failed: {e}", step.cli))?;
        }
        Ok(world)
    }

    /// Runs the probe on a copy of `world`: (outcome label, the simulator's reason).
    pub fn run_probe(&self, world: &World) -> (String, String) {
        let mut copy = world.clone();
        let result = copy.call_in(&self.probe.region, self.probe.request.clone());
        let why = copy.trail().last().map(|e| e.why.clone()).unwrap_or_default();
        (outcome_label(&result), why)
    }

    /// The outcome of the probe in a fresh run of the whole scenario.
    pub fn fresh_outcome(&self) -> Result<String, String> {
        Ok(self.run_probe(&self.build_world()?).0)
    }
}

/// What a generator hands back: the question and the scenario it came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GeneratedQuestion {
    pub question: Question,
    pub scenario: Scenario,
}

pub(crate) struct Template<'a> {
    pub id: String,
    pub service: &'a str,
    pub domains: Vec<Domain>,
    pub intro: String,
    pub doc: &'a str,
}

/// Runs the scenario and writes the question: the real outcome plus three other candidates,
/// shuffled with `seed`.
pub(crate) fn build_question(
    template: Template<'_>,
    scenario: Scenario,
    seed: u64,
) -> Result<GeneratedQuestion, String> {
    let world = scenario.build_world()?;
    let (correct, why) = scenario.run_probe(&world);
    let mut rng = SeededRng::new(seed ^ 0x5eed);
    let mut others: Vec<&String> = scenario.candidates.iter().filter(|c| **c != correct).collect();
    others.dedup();
    rng.shuffle(&mut others);
    let mut labels: Vec<String> = others.into_iter().take(3).cloned().collect();
    labels.push(correct.clone());
    rng.shuffle(&mut labels);
    let ids = ["a", "b", "c", "d"];
    let choices: Vec<Choice> = labels
        .iter()
        .zip(ids)
        .map(|(label, id)| Choice {
            id: id.to_string(),
            text: label.clone(),
            why: if *label == correct {
                format!("This is what the simulator answered: {why}.")
            } else {
                format!("Not here. {}", outcomes::meaning(label))
            },
        })
        .collect();
    let answer = choices.iter().find(|c| c.text == correct).map(|c| c.id.clone()).into_iter().collect();
    let setup: Vec<String> = scenario.setup.iter().map(|s| format!("$ {}", s.cli)).collect();
    let prompt = format!(
        "{}\n\n{}\n\nWhat happens when this command runs next?\n\n$ {}",
        template.intro,
        setup.join("\n"),
        scenario.probe.cli
    );
    let question = Question {
        id: template.id,
        service: template.service.to_string(),
        domains: template.domains,
        kind: Kind::Single,
        prompt,
        choices,
        answer,
        explanation: format!("Running it in the simulator gives \"{correct}\": {why}."),
        doc: template.doc.to_string(),
        try_it: format!("#/{}", template.service),
        origin: Origin::default(),
    };
    Ok(GeneratedQuestion { question, scenario })
}
