//! The learning layer as the app holds it: the built-in content, the learner's progress and the
//! lab in progress, in a second context next to the World store. Plain Rust over
//! `nimbus-learn`, tested natively; the browser parts (localStorage, the real clock) only call in.
//!
//! Progress is saved under its own key, so undo and redo of the World never undo an answer; the
//! lab export carries it too (an optional `progress` field of the same file).

use crate::store::{self, Lab as Workspace};
use nimbus_learn::cli_lines::CliRunner;
use nimbus_learn::lab::{LabSession, LineFailure};
use nimbus_learn::quiz::ExamResult;
use nimbus_learn::{Bank, Lab, Progress};
use nimbus_sim::cli::{FileSystem, MemoryFs};
use nimbus_sim::World;
use serde::{Deserialize, Serialize};
use std::rc::Rc;
use std::sync::OnceLock;
use yew::Reducible;

/// Where progress and the lab in progress are saved.
pub const LEARN_KEY: &str = "nimbus-lab/learn/v1";
/// Where a learn save that could not be read is kept.
pub const LEARN_UNREADABLE_KEY: &str = "nimbus-lab/learn/v1/unreadable";
/// Whether presenter mode is on ("1" or absent).
pub const PRESENTER_KEY: &str = "nimbus-lab/presenter";
const LEARN_FORMAT: &str = "nimbus-lab-learn";
const LEARN_VERSION: u32 = 1;

static BANK: OnceLock<Result<Bank, String>> = OnceLock::new();

/// The built-in questions, labs and demos (checked once, on first use).
pub fn bank() -> &'static Bank {
    static EMPTY: Bank = Bank { questions: Vec::new(), labs: Vec::new(), demos: Vec::new() };
    bank_result().as_ref().unwrap_or(&EMPTY)
}

/// Why the built-in content could not be read, if it could not (the test suite prevents it).
pub fn bank_error() -> Option<&'static str> {
    bank_result().as_ref().err().map(String::as_str)
}

fn bank_result() -> &'static Result<Bank, String> {
    BANK.get_or_init(|| Bank::builtin().map_err(|errors| nimbus_learn::content::source::report(&errors)))
}

/// The World (and working folder) a lab starts from, and its session.
pub fn start_lab(lab: &Lab) -> Result<(LabSession, Workspace), LineFailure> {
    let (session, world) = LabSession::start(lab, store::SEED, &mut CliRunner::default())?;
    Ok((session, workspace(world, &lab.files)))
}

/// A World with a working folder holding `files`.
pub fn workspace(world: World, files: &std::collections::BTreeMap<String, String>) -> Workspace {
    let mut fs = MemoryFs::default();
    for (name, text) in files {
        let _ = fs.write(name, text.as_bytes());
    }
    Workspace { world, files: fs }
}

/// The lab in progress as saved: its id and where the learner took over; the lab itself comes
/// from the built-in content again.
#[derive(Serialize, Deserialize)]
struct SavedLab {
    id: String,
    start_seq: u64,
    hints_shown: usize,
    reference_calls: usize,
}

#[derive(Serialize)]
struct SaveOut<'a> {
    format: &'a str,
    version: u32,
    progress: &'a Progress,
    #[serde(skip_serializing_if = "Option::is_none")]
    lab: Option<SavedLab>,
}

#[derive(Deserialize)]
struct SaveIn {
    format: String,
    version: u32,
    progress: serde_json::Value,
    #[serde(default)]
    lab: Option<SavedLab>,
}

/// Progress and the lab in progress, as saved in localStorage.
pub fn to_save(state: &LearnState) -> String {
    let out = SaveOut {
        format: LEARN_FORMAT,
        version: LEARN_VERSION,
        progress: &state.progress,
        lab: state.lab.as_deref().map(|s| SavedLab {
            id: s.lab.id.clone(),
            start_seq: s.start_seq,
            hints_shown: s.hints_shown,
            reference_calls: s.reference_calls,
        }),
    };
    serde_json::to_string(&out).unwrap_or_default()
}

/// Reads a learn save; the error says in plain words why it cannot be used.
pub fn from_save(text: &str) -> Result<(Progress, Option<LabSession>), String> {
    let saved: SaveIn = serde_json::from_str::<serde_json::Value>(text)
        .and_then(serde_json::from_value)
        .map_err(|e| format!("the saved progress is damaged ({e})"))?;
    if saved.format != LEARN_FORMAT {
        return Err("the saved progress is not Nimbus Lab's".into());
    }
    if saved.version != LEARN_VERSION {
        return Err(format!("the saved progress is version {}; this Nimbus Lab reads {LEARN_VERSION}", saved.version));
    }
    let progress = Progress::from_json(&saved.progress.to_string())?;
    // A lab the content no longer has is simply not in progress any more.
    let lab = saved.lab.and_then(|s| {
        let lab = bank().lab(&s.id)?.clone();
        Some(LabSession { lab, start_seq: s.start_seq, hints_shown: s.hints_shown, reference_calls: s.reference_calls })
    });
    Ok((progress, lab))
}

/// The lab export with the learner's progress in it: the World store's file plus `progress`.
pub fn to_export(workspace: &Workspace, progress: &Progress) -> String {
    let save = store::to_save(workspace);
    let Ok(serde_json::Value::Object(mut map)) = serde_json::from_str::<serde_json::Value>(&save) else {
        return save;
    };
    if let Ok(p) = serde_json::to_value(progress) {
        map.insert("progress".into(), p);
    }
    serde_json::Value::Object(map).to_string()
}

/// The progress inside an exported file: `None` when the file has none (an older export).
pub fn progress_in_export(text: &str) -> Option<Result<Progress, String>> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let progress = value.get("progress")?;
    Some(Progress::from_json(&progress.to_string()))
}

pub enum LearnAction {
    /// One answer in practice or review (generated questions are not recorded).
    Answer {
        question: String,
        chosen: Vec<String>,
        correct: bool,
        now_ms: u64,
    },
    Exam(Box<ExamResult>),
    /// A lab's goals were all met with this many calls.
    LabDone {
        lab: String,
        calls: usize,
        reference_calls: usize,
        now_ms: u64,
    },
    StartLab(Box<LabSession>),
    LeaveLab,
    RevealHint,
    /// Progress from an imported file replaces the current one.
    ReplaceProgress(Box<Progress>),
    /// Presenter mode on or off (saved under its own key, not with progress).
    Presenter(bool),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LearnState {
    pub progress: Rc<Progress>,
    /// The lab the learner is working on: its goals are checked against the store's World.
    pub lab: Option<Rc<LabSession>>,
    /// Bumps whenever the state should be written to storage.
    pub save_rev: u64,
    /// Why the saved progress could not be read at start-up, if it could not.
    pub unreadable: Option<String>,
    /// Large type, no side panels, high contrast: for a projector.
    pub presenter: bool,
}

impl LearnState {
    /// The state from what localStorage held.
    pub fn restore(saved: Option<&str>) -> LearnState {
        match saved.filter(|s| !s.trim().is_empty()).map(from_save) {
            None => LearnState::default(),
            Some(Ok((progress, lab))) => {
                LearnState { progress: Rc::new(progress), lab: lab.map(Rc::new), ..Default::default() }
            }
            Some(Err(e)) => LearnState { unreadable: Some(e), ..Default::default() },
        }
    }

    pub fn apply(&mut self, action: LearnAction) {
        match action {
            LearnAction::Answer { question, chosen, correct, now_ms } => {
                Rc::make_mut(&mut self.progress).record_answer(&question, &chosen, correct, now_ms)
            }
            LearnAction::Exam(result) => Rc::make_mut(&mut self.progress).record_exam(&result),
            LearnAction::LabDone { lab, calls, reference_calls, now_ms } => {
                Rc::make_mut(&mut self.progress).record_lab(&lab, calls, reference_calls, now_ms)
            }
            LearnAction::StartLab(session) => self.lab = Some(Rc::new(*session)),
            LearnAction::LeaveLab => self.lab = None,
            LearnAction::RevealHint => {
                if let Some(lab) = &mut self.lab {
                    Rc::make_mut(lab).reveal_hint();
                }
            }
            LearnAction::ReplaceProgress(p) => self.progress = Rc::new(*p),
            LearnAction::Presenter(on) => {
                self.presenter = on;
                return;
            }
        }
        self.save_rev += 1;
    }

    /// The lab in progress, if it is `id`.
    pub fn lab_session(&self, id: &str) -> Option<&LabSession> {
        self.lab.as_deref().filter(|s| s.lab.id == id)
    }
}

impl Reducible for LearnState {
    type Action = LearnAction;

    fn reduce(self: Rc<Self>, action: LearnAction) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        next.apply(action);
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_bank_loads_in_the_app() {
        assert!(bank_error().is_none(), "{:?}", bank_error());
        assert!(bank().questions.len() >= 15);
        assert!(bank().labs.len() >= 2 && !bank().demos.is_empty());
    }

    #[test]
    fn progress_and_lab_survive_a_save() {
        let mut state = LearnState::default();
        state.apply(LearnAction::Answer {
            question: "s3-durability".into(),
            chosen: vec!["a".into()],
            correct: false,
            now_ms: 5,
        });
        let (session, _) = start_lab(&bank().labs[0]).unwrap();
        state.apply(LearnAction::StartLab(Box::new(session)));
        state.apply(LearnAction::RevealHint);
        let back = LearnState::restore(Some(&to_save(&state)));
        assert_eq!(back.progress, state.progress);
        assert_eq!(back.lab.as_ref().unwrap().hints_shown, 1);
        let broken = LearnState::restore(Some("{nope"));
        assert!(broken.unreadable.unwrap().contains("damaged"));
        assert_eq!(LearnState::restore(None), LearnState::default());
    }

    #[test]
    fn an_export_carries_progress_and_an_old_export_has_none() {
        let mut progress = Progress::default();
        progress.record_answer("s3-durability", &["d".into()], true, 1);
        let text = to_export(&Workspace::default(), &progress);
        assert!(store::from_save(&text).is_ok(), "the World part still imports");
        assert_eq!(progress_in_export(&text), Some(Ok(progress)));
        assert_eq!(progress_in_export(&store::to_save(&Workspace::default())), None);
    }

    #[test]
    fn a_lab_starts_with_its_files_in_the_working_folder() {
        let lab = bank().lab("s3-static-website").unwrap();
        let (session, ws) = start_lab(lab).unwrap();
        assert!(ws.files.read("index.html").is_ok());
        assert!(!session.is_complete(&ws.world));
        assert!(session.reference_calls > 0);
    }
}
