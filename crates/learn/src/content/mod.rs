//! Content as data: question banks, labs and demos in `content/<service>.toml`, embedded in the
//! binary so the browser needs no fetch. [`Bank::load`] parses and checks the TOML; every problem
//! names its file and line. [`Bank::builtin`] reads the JSON twin that build.rs makes of each
//! file, so the app ships serde_json only (no TOML parser).

pub mod schema;
pub mod source;
pub mod validate;

pub use schema::{Choice, Demo, DemoStep, Goal, Kind, Lab, Question, QuestionView};
pub use source::{ContentError, Origin};

use serde::Deserialize;
#[cfg(feature = "toml-source")]
use toml::Spanned;

// CONTENT_JSON (always) and CONTENT_FILES (with `toml-source`), one entry per content file.
include!(concat!(env!("OUT_DIR"), "/content_files.rs"));

/// Every question, lab and demo, in file order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bank {
    pub questions: Vec<Question>,
    pub labs: Vec<Lab>,
    pub demos: Vec<Demo>,
}

#[cfg(feature = "toml-source")]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContentFile {
    #[serde(default)]
    question: Vec<Spanned<Question>>,
    #[serde(default)]
    lab: Vec<Spanned<Lab>>,
    #[serde(default)]
    demo: Vec<Spanned<Demo>>,
}

/// A content file as JSON (the TOML converted key for key by build.rs).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonFile {
    #[serde(default)]
    question: Vec<Question>,
    #[serde(default)]
    lab: Vec<Lab>,
    #[serde(default)]
    demo: Vec<Demo>,
}

impl Bank {
    /// The built-in content from its JSON twin. With `toml-source` it is also checked; the app
    /// (without it) trusts content the test suite keeps valid and equal to the TOML. Errors name
    /// the file but not the line; [`Bank::load`] on `CONTENT_FILES` gives lines.
    pub fn builtin() -> Result<Bank, Vec<ContentError>> {
        let mut bank = Bank::default();
        let mut errors = Vec::new();
        for (file, json) in CONTENT_JSON {
            // Through serde_json::Value, like the app's other reads, so the wasm carries one set
            // of deserializers.
            let parsed = serde_json::from_str::<serde_json::Value>(json).and_then(serde_json::from_value::<JsonFile>);
            match parsed {
                Ok(part) => {
                    let origin = Origin::of_span(file, "", 0..0);
                    bank.extend(Bank {
                        questions: part
                            .question
                            .into_iter()
                            .map(|q| Question { origin: origin.clone(), ..q })
                            .collect(),
                        labs: part.lab.into_iter().map(|l| Lab { origin: origin.clone(), ..l }).collect(),
                        demos: part.demo.into_iter().map(|d| Demo { origin: origin.clone(), ..d }).collect(),
                    })
                }
                Err(e) => errors.push(ContentError { file: file.to_string(), line: 1, message: e.to_string() }),
            }
        }
        // The checks run natively (tests, tools); the app trusts content the tests have checked.
        #[cfg(feature = "toml-source")]
        errors.extend(validate::check_bank(&bank));
        bank_or_errors(bank, errors)
    }

    /// Parses every file and checks the whole bank; returns every problem found.
    #[cfg(feature = "toml-source")]
    pub fn load(files: &[(&str, &str)]) -> Result<Bank, Vec<ContentError>> {
        let mut bank = Bank::default();
        let mut errors = Vec::new();
        for (file, text) in files {
            match Bank::parse(file, text) {
                Ok(part) => bank.extend(part),
                Err(e) => errors.push(e),
            }
        }
        errors.extend(validate::check_bank(&bank));
        bank_or_errors(bank, errors)
    }

    /// Parses one file without checking it against the rest of the bank.
    #[cfg(feature = "toml-source")]
    pub fn parse(file: &str, text: &str) -> Result<Bank, ContentError> {
        let parsed: ContentFile = toml::from_str(text).map_err(|e| ContentError {
            file: file.to_string(),
            line: e.span().map_or(1, |s| source::line_of_offset(text, s.start)),
            message: e.message().trim().to_string(),
        })?;
        // toml gives the span of an `[[item]]` header only; an item's text runs to the next
        // top-level item (nested tables such as `[[lab.goal]]` stay inside their lab).
        let mut starts: Vec<usize> = parsed
            .question
            .iter()
            .map(|s| s.span().start)
            .chain(parsed.lab.iter().map(|s| s.span().start))
            .chain(parsed.demo.iter().map(|s| s.span().start))
            .collect();
        starts.sort_unstable();
        let located = |span: std::ops::Range<usize>| {
            let end = starts.iter().copied().find(|s| *s > span.start).unwrap_or(text.len());
            Origin::of_span(file, text, span.start..end)
        };
        Ok(Bank {
            questions: parsed
                .question
                .into_iter()
                .map(|s| {
                    let origin = located(s.span());
                    Question { origin, ..s.into_inner() }
                })
                .collect(),
            labs: parsed
                .lab
                .into_iter()
                .map(|s| {
                    let origin = located(s.span());
                    Lab { origin, ..s.into_inner() }
                })
                .collect(),
            demos: parsed
                .demo
                .into_iter()
                .map(|s| {
                    let origin = located(s.span());
                    Demo { origin, ..s.into_inner() }
                })
                .collect(),
        })
    }

    pub fn extend(&mut self, other: Bank) {
        self.questions.extend(other.questions);
        self.labs.extend(other.labs);
        self.demos.extend(other.demos);
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }
    pub fn lab(&self, id: &str) -> Option<&Lab> {
        self.labs.iter().find(|l| l.id == id)
    }
    pub fn demo(&self, id: &str) -> Option<&Demo> {
        self.demos.iter().find(|d| d.id == id)
    }

    /// The services that have at least one question, in first-seen order.
    pub fn services(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for q in &self.questions {
            if !out.contains(&q.service.as_str()) {
                out.push(&q.service);
            }
        }
        out
    }
}

fn bank_or_errors(bank: Bank, errors: Vec<ContentError>) -> Result<Bank, Vec<ContentError>> {
    if errors.is_empty() {
        Ok(bank)
    } else {
        Err(errors)
    }
}
