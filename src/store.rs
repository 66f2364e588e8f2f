//! The lab as the app holds it: one World plus the terminal's files, with undo/redo by snapshots,
//! the terminal transcript, the last console call and the notices (toasts).
//!
//! Everything here is plain Rust over [`Store`], so it is tested natively; the browser parts
//! (localStorage, timers) live in `app.rs` and `browser.rs` and only call these functions.

use nimbus_sim::cli::{self, MemoryFs};
use nimbus_sim::{ApiError, Request, Response, SimDuration, World};
use serde::{Deserialize, Serialize};
use std::rc::Rc;
use yew::Reducible;

/// Where the lab is saved in localStorage. The version changes when a save from an older app
/// could not be read by a newer one.
pub const STORAGE_KEY: &str = "nimbus-lab/v1";
/// Where an unreadable save is kept, so starting fresh never destroys the student's work.
pub const UNREADABLE_KEY: &str = "nimbus-lab/v1/unreadable";
/// The `format` field of saves and exports.
pub const SAVE_FORMAT: &str = "nimbus-lab";
pub const SAVE_VERSION: u32 = 1;
/// Steps undo can go back.
pub const UNDO_LIMIT: usize = 100;
/// Terminal commands kept on screen.
pub const TRANSCRIPT_LIMIT: usize = 200;
/// Toasts shown at once; older ones drop off.
pub const NOTICE_LIMIT: usize = 3;
/// Every new lab starts from the same seed, so two students see the same ids.
pub const SEED: u64 = 2026;
/// While the clock runs, the lab is saved every this many ticks rather than every second.
pub const TICKS_PER_SAVE: u32 = 30;

/// What a student builds: the simulated account and the files the terminal reads and writes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lab {
    pub world: World,
    pub files: MemoryFs,
}

impl Default for Lab {
    fn default() -> Self {
        Lab { world: World::new(SEED), files: MemoryFs::default() }
    }
}

#[derive(Serialize)]
struct SaveOut<'a> {
    format: &'a str,
    version: u32,
    world: &'a World,
    files: &'a MemoryFs,
}

#[derive(Deserialize)]
struct SaveIn {
    format: String,
    version: u32,
    world: World,
    #[serde(default)]
    files: MemoryFs,
}

/// The lab as JSON: the localStorage save and the exported file are the same text.
pub fn to_save(lab: &Lab) -> String {
    let out = SaveOut { format: SAVE_FORMAT, version: SAVE_VERSION, world: &lab.world, files: &lab.files };
    serde_json::to_string(&out).expect("a lab always serializes")
}

/// Reads a save or an export; the error says in plain words why it cannot be used.
pub fn from_save(text: &str) -> Result<Lab, String> {
    let head: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("the file is not valid JSON ({e})"))?;
    if head.get("format").and_then(|f| f.as_str()) != Some(SAVE_FORMAT) {
        return Err("the file is not a Nimbus Lab save (no \"format\": \"nimbus-lab\")".into());
    }
    match head.get("version").and_then(|v| v.as_u64()) {
        Some(v) if v == SAVE_VERSION as u64 => {}
        Some(v) => return Err(format!("the save is version {v}; this Nimbus Lab reads version {SAVE_VERSION}")),
        None => return Err("the save has no version number".into()),
    }
    let saved: SaveIn = serde_json::from_value(head).map_err(|e| format!("part of the save is damaged ({e})"))?;
    debug_assert_eq!(saved.format, SAVE_FORMAT);
    debug_assert_eq!(saved.version, SAVE_VERSION);
    Ok(Lab { world: saved.world, files: saved.files })
}

/// What was found in localStorage at start-up.
#[derive(Clone, Debug, PartialEq)]
pub enum Restored {
    /// Nothing saved: a new lab.
    Fresh,
    Restored(Box<Lab>),
    /// Something was saved but cannot be read; the raw text is kept for download.
    Unreadable {
        raw: String,
        error: String,
    },
}

pub fn restore(saved: Option<&str>) -> Restored {
    match saved {
        None => Restored::Fresh,
        Some(text) if text.trim().is_empty() => Restored::Fresh,
        Some(text) => match from_save(text) {
            Ok(lab) => Restored::Restored(Box::new(lab)),
            Err(error) => Restored::Unreadable { raw: text.to_string(), error },
        },
    }
}

/// The last console call: what was asked, the CLI line that does the same, and the answer.
#[derive(Clone, Debug)]
pub struct CallRecord {
    pub id: u64,
    pub operation: &'static str,
    pub request: Request,
    pub cli_line: String,
    pub result: Result<Response, ApiError>,
}

/// One command typed into the terminal and what it printed.
#[derive(Clone, Debug, PartialEq)]
pub struct TranscriptEntry {
    pub id: u64,
    pub line: String,
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    Success,
    Info,
    Error,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub id: u64,
    pub kind: NoticeKind,
    pub title: String,
    pub text: String,
}

/// A save that could not be read at start-up, kept so the student can download it.
#[derive(Clone, Debug, PartialEq)]
pub struct UnreadableSave {
    pub raw: String,
    pub error: String,
}

pub enum Action {
    /// A console action, in the lab's default region.
    Call(Request),
    /// A console action in a named region (creating a bucket elsewhere than us-east-1).
    CallIn {
        region: String,
        request: Request,
    },
    /// A clock button: moves simulated time and runs what falls due. Undoable.
    Advance(SimDuration),
    /// The running clock: moves time without filling the undo history.
    Tick(SimDuration),
    RunLine(String),
    ClearTerminal,
    Undo,
    Redo,
    /// Starts a new lab (undoable).
    Reset,
    /// Replaces the lab with an exported file's content, if it can be read.
    Import(String),
    /// Replaces the lab with a given one (a lab's start, a share link), undoably, and says so.
    Load {
        lab: Box<Lab>,
        title: String,
        text: String,
    },
    Notify {
        kind: NoticeKind,
        title: String,
        text: String,
    },
    Dismiss(u64),
    DismissUnreadable,
}

#[derive(Clone, Debug, Default)]
pub struct Store {
    pub lab: Rc<Lab>,
    undo: Vec<Rc<Lab>>,
    redo: Vec<Rc<Lab>>,
    pub last_call: Option<CallRecord>,
    pub transcript: Vec<TranscriptEntry>,
    pub notices: Vec<Notice>,
    pub unreadable: Option<UnreadableSave>,
    /// Bumps whenever the lab should be written to storage.
    pub save_rev: u64,
    ticks_unsaved: u32,
    next_id: u64,
}

/// Two stores are the same when they hold the same lab snapshot and have seen the same actions:
/// every action that changes what is shown moves `save_rev`, `next_id`, the notices or the clock. This is
/// what component props compare, so it must be cheap (never a deep World comparison).
impl PartialEq for Store {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.lab, &other.lab)
            && self.lab.world.now() == other.lab.world.now()
            && self.save_rev == other.save_rev
            && self.next_id == other.next_id
            && self.notices == other.notices
            && self.transcript.len() == other.transcript.len()
            && self.unreadable == other.unreadable
    }
}

impl Store {
    pub fn new(lab: Lab) -> Self {
        Store { lab: Rc::new(lab), ..Default::default() }
    }

    /// The store the app starts with, from what localStorage held.
    pub fn from_restored(restored: Restored) -> Self {
        match restored {
            Restored::Fresh => Store::default(),
            Restored::Restored(lab) => Store::new(*lab),
            Restored::Unreadable { raw, error } => {
                Store { unreadable: Some(UnreadableSave { raw, error }), ..Default::default() }
            }
        }
    }

    pub fn world(&self) -> &World {
        &self.lab.world
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    pub fn undo_depth(&self) -> usize {
        self.undo.len()
    }

    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Call(request) => {
                let region = self.lab.world.default_region.clone();
                self.call(&region, request)
            }
            Action::CallIn { region, request } => self.call(&region, request),
            Action::Advance(by) => self.advance(by),
            Action::Tick(by) => self.tick(by),
            Action::RunLine(line) => self.run_line(line),
            Action::ClearTerminal => self.transcript.clear(),
            Action::Undo => self.step_back(),
            Action::Redo => self.step_forward(),
            Action::Reset => {
                self.commit(Lab::default());
                self.transcript.clear();
                self.last_call = None;
                self.notify(NoticeKind::Info, "New lab", "Started a fresh lab. Undo brings the old one back.");
            }
            Action::Import(text) => match from_save(&text) {
                Ok(lab) => {
                    self.commit(lab);
                    self.last_call = None;
                    self.notify(NoticeKind::Success, "Lab imported", "The lab from the file is loaded.");
                }
                Err(e) => self.notify(NoticeKind::Error, "Import failed", &format!("Nothing changed: {e}.")),
            },
            Action::Load { lab, title, text } => {
                self.commit(*lab);
                self.transcript.clear();
                self.last_call = None;
                self.notify(NoticeKind::Info, &title, &text);
            }
            Action::Notify { kind, title, text } => self.notify(kind, &title, &text),
            Action::Dismiss(id) => self.notices.retain(|n| n.id != id),
            Action::DismissUnreadable => self.unreadable = None,
        }
    }

    fn fresh_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    fn notify(&mut self, kind: NoticeKind, title: &str, text: &str) {
        let id = self.fresh_id();
        self.notices.push(Notice { id, kind, title: title.to_string(), text: text.to_string() });
        if self.notices.len() > NOTICE_LIMIT {
            let excess = self.notices.len() - NOTICE_LIMIT;
            self.notices.drain(..excess);
        }
    }

    /// Makes `next` the current lab, keeping the old one for undo (unless nothing changed).
    fn commit(&mut self, next: Lab) {
        if next == *self.lab {
            return;
        }
        let before = std::mem::replace(&mut self.lab, Rc::new(next));
        self.undo.push(before);
        if self.undo.len() > UNDO_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.save_rev += 1;
    }

    fn call(&mut self, region: &str, request: Request) {
        let mut lab = (*self.lab).clone();
        let operation = request.operation();
        let cli_line = cli_line_in(&request, region, &lab.world.default_region);
        let result = lab.world.call_in(region, request.clone());
        let why = lab.world.trail().last().map(|e| e.why.clone()).unwrap_or_default();
        match &result {
            Ok(_) => self.notify(NoticeKind::Success, &format!("{operation} succeeded"), &why),
            Err(e) => self.notify(NoticeKind::Error, &e.code, &format!("{} ({why})", e.message)),
        }
        let id = self.fresh_id();
        self.last_call = Some(CallRecord { id, operation, request, cli_line, result });
        self.commit(lab);
    }

    fn advance(&mut self, by: SimDuration) {
        let mut lab = (*self.lab).clone();
        let ran = lab.world.advance(by);
        let now = crate::components::clock::format_time(lab.world.now());
        let jobs = match ran {
            0 => "nothing was scheduled in between".to_string(),
            1 => "1 scheduled event ran".to_string(),
            n => format!("{n} scheduled events ran"),
        };
        self.notify(NoticeKind::Info, &format!("Clock moved forward {by}"), &format!("It is now {now}; {jobs}."));
        self.commit(lab);
    }

    fn tick(&mut self, by: SimDuration) {
        Rc::make_mut(&mut self.lab).world.advance(by);
        self.ticks_unsaved += 1;
        if self.ticks_unsaved >= TICKS_PER_SAVE {
            self.ticks_unsaved = 0;
            self.save_rev += 1;
        }
    }

    fn run_line(&mut self, line: String) {
        let mut lab = (*self.lab).clone();
        let out = cli::run_line(&mut lab.world, &mut lab.files, &line);
        let id = self.fresh_id();
        self.transcript.push(TranscriptEntry {
            id,
            line,
            stdout: out.stdout,
            stderr: out.stderr,
            exit_code: out.exit_code,
        });
        if self.transcript.len() > TRANSCRIPT_LIMIT {
            let excess = self.transcript.len() - TRANSCRIPT_LIMIT;
            self.transcript.drain(..excess);
        }
        self.commit(lab);
    }

    fn step_back(&mut self) {
        if let Some(previous) = self.undo.pop() {
            let current = std::mem::replace(&mut self.lab, previous);
            self.redo.push(current);
            self.save_rev += 1;
        }
    }

    fn step_forward(&mut self) {
        if let Some(next) = self.redo.pop() {
            let current = std::mem::replace(&mut self.lab, next);
            self.undo.push(current);
            self.save_rev += 1;
        }
    }
}

/// The CLI line for a console call; a call outside the default region names its region, as the
/// AWS CLI needs `--region` to reach that endpoint.
pub fn cli_line_in(request: &Request, region: &str, default_region: &str) -> String {
    let line = cli::cli_line_for(request);
    if region != default_region && !line.contains("--region") {
        format!("{line} --region {region}")
    } else {
        line
    }
}

impl Reducible for Store {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // Snapshots are shared Rcs, so this clone copies pointers, not Worlds.
        let mut next = Rc::unwrap_or_clone(self);
        next.apply(action);
        Rc::new(next)
    }
}
