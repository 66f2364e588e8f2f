//! Checks that need no simulator: ids, answers, counts, links. (Labs are also run end to end by
//! [`crate::lab::check_lab_solutions`].)

use super::source::{ContentError, Origin};
use super::{Bank, Kind, Question};
use crate::routes::{self, RouteTarget};
use std::collections::BTreeMap;

/// Documentation links must point at AWS's own pages.
pub const DOC_PREFIXES: &[&str] = &["https://docs.aws.amazon.com/", "https://aws.amazon.com/"];

/// Every problem in the bank, in file order.
pub fn check_bank(bank: &Bank) -> Vec<ContentError> {
    let mut errors = Vec::new();
    check_ids(bank, &mut errors);
    for q in &bank.questions {
        check_question(bank, q, &mut errors);
    }
    for lab in &bank.labs {
        let o = &lab.origin;
        let what = format!("lab '{}'", lab.id);
        check_service(o, &what, &lab.service, &mut errors);
        for (key, empty) in [
            ("title", lab.title.trim().is_empty()),
            ("story", lab.story.trim().is_empty()),
            ("goal", lab.goals.is_empty()),
            ("hints", lab.hints.is_empty()),
            ("solution", lab.solution.is_empty()),
        ] {
            if empty {
                errors.push(o.error_at(key, format!("{what}: '{key}' must not be empty")));
            }
        }
    }
    for demo in &bank.demos {
        let o = &demo.origin;
        let what = format!("demo '{}'", demo.id);
        check_service(o, &what, &demo.service, &mut errors);
        if demo.steps.is_empty() {
            errors.push(o.error_at("step", format!("{what}: needs at least one [[demo.step]]")));
        }
        for (i, step) in demo.steps.iter().enumerate() {
            if step.narration.trim().is_empty() {
                errors.push(o.error_at("narration", format!("{what}: step {} has no narration", i + 1)));
            }
        }
    }
    errors.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    errors
}

fn check_ids(bank: &Bank, errors: &mut Vec<ContentError>) {
    let mut seen: BTreeMap<&str, &Origin> = BTreeMap::new();
    let all = bank
        .questions
        .iter()
        .map(|q| (q.id.as_str(), &q.origin))
        .chain(bank.labs.iter().map(|l| (l.id.as_str(), &l.origin)))
        .chain(bank.demos.iter().map(|d| (d.id.as_str(), &d.origin)));
    for (id, origin) in all {
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            errors.push(origin.error_at("id", format!("id '{id}' must be lowercase letters, digits and '-'")));
        }
        if let Some(first) = seen.get(id) {
            errors.push(
                origin.error_at("id", format!("id '{id}' is already used at {}:{}", first.file, first.line_of("id"))),
            );
        } else {
            seen.insert(id, origin);
        }
    }
}

fn check_service(origin: &Origin, what: &str, service: &str, errors: &mut Vec<ContentError>) {
    if routes::service_route(service).is_none() {
        errors.push(origin.error_at("service", format!("{what}: service '{service}' has no page route '#/{service}'")));
    }
}

fn check_question(bank: &Bank, q: &Question, errors: &mut Vec<ContentError>) {
    let o = &q.origin;
    let what = format!("question '{}'", q.id);
    let mut err = |key: &str, message: String| errors.push(o.error_at(key, format!("{what}: {message}")));
    if routes::service_route(&q.service).is_none() {
        err("service", format!("service '{}' has no page route '#/{}'", q.service, q.service));
    }
    if q.domains.is_empty() {
        err("domains", "name at least one exam domain".into());
    }
    for (key, text) in [("prompt", &q.prompt), ("explanation", &q.explanation)] {
        if text.trim().is_empty() {
            err(key, format!("'{key}' must not be empty"));
        }
    }
    if q.choices.len() < 3 {
        err("choices", format!("has {} choices; write at least 3", q.choices.len()));
    }
    let mut choice_ids: Vec<&str> = Vec::new();
    for c in &q.choices {
        if choice_ids.contains(&c.id.as_str()) {
            err("choices", format!("choice id '{}' appears twice", c.id));
        }
        choice_ids.push(&c.id);
        if c.text.trim().is_empty() || c.why.trim().is_empty() {
            err("choices", format!("choice '{}' needs both 'text' and 'why'", c.id));
        }
    }
    let mut answers: Vec<&str> = Vec::new();
    for a in &q.answer {
        if !choice_ids.contains(&a.as_str()) {
            err("answer", format!("answer '{a}' is not one of the choices ({})", choice_ids.join(", ")));
        }
        if answers.contains(&a.as_str()) {
            err("answer", format!("answer '{a}' is listed twice"));
        }
        answers.push(a);
    }
    match q.kind {
        Kind::Single if q.answer.len() != 1 => {
            err("answer", format!("kind \"single\" needs exactly 1 answer, found {}", q.answer.len()))
        }
        Kind::Choose(n) if n < 2 => err("kind", format!("{{ choose = {n} }} must choose at least 2 (use \"single\")")),
        Kind::Choose(n) if n >= q.choices.len() => {
            err("kind", format!("{{ choose = {n} }} needs more than {n} choices, found {}", q.choices.len()))
        }
        Kind::Choose(n) if q.answer.len() != n => {
            err("answer", format!("{{ choose = {n} }} needs exactly {n} answers, found {}", q.answer.len()))
        }
        _ => {}
    }
    if !DOC_PREFIXES.iter().any(|p| q.doc.starts_with(p)) {
        err("doc", format!("doc link '{}' must start with one of {}", q.doc, DOC_PREFIXES.join(", ")));
    }
    if let Err(problem) = check_link(bank, &q.try_it) {
        err("try_it", problem);
    }
}

/// A link is valid when it is a route of the app and any lab or demo it names exists.
pub fn check_link(bank: &Bank, route: &str) -> Result<(), String> {
    match routes::match_route(route)? {
        RouteTarget::Page(_) => Ok(()),
        RouteTarget::Lab(id) if bank.lab(id).is_some() => Ok(()),
        RouteTarget::Demo(id) if bank.demo(id).is_some() => Ok(()),
        RouteTarget::Lab(id) => Err(format!("'{route}' names lab '{id}', which does not exist")),
        RouteTarget::Demo(id) => Err(format!("'{route}' names demo '{id}', which does not exist")),
    }
}
