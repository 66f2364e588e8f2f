//! The validator itself: broken content must fail with the file and the line of the mistake.

mod common;

use common::question_toml;
use nimbus_learn::content::source::report;
use nimbus_learn::{Bank, ContentError};
use proptest::prelude::*;

fn errors_of(files: &[(&str, &str)]) -> Vec<ContentError> {
    Bank::load(files).expect_err("this content is broken and must be refused")
}

/// The 1-based line of the first line containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect("needle is in the text") + 1
}

fn assert_error(errors: &[ContentError], file: &str, line: usize, words: &str) {
    assert!(
        errors.iter().any(|e| e.file == file && e.line == line && e.message.contains(words)),
        "expected {file}:{line} containing '{words}', got:\n{}",
        report(errors)
    );
}

#[test]
fn the_builtin_content_is_valid() {
    if let Err(errors) = Bank::load(nimbus_learn::content::CONTENT_FILES) {
        panic!("content errors:\n{}", report(&errors));
    }
}

/// The app reads the JSON that build.rs makes from the TOML; it must say exactly the same.
#[test]
fn the_json_twin_holds_the_same_content_as_the_toml() {
    let from_toml = Bank::load(nimbus_learn::content::CONTENT_FILES).unwrap_or_else(|e| panic!("{}", report(&e)));
    let from_json = Bank::builtin().unwrap_or_else(|e| panic!("{}", report(&e)));
    let as_json = |b: &Bank| serde_json::to_string(&(&b.questions, &b.labs, &b.demos)).expect("content serializes");
    assert!(!from_json.questions.is_empty() && !from_json.labs.is_empty() && !from_json.demos.is_empty());
    assert_eq!(as_json(&from_json), as_json(&from_toml));
    assert_eq!(
        nimbus_learn::content::CONTENT_JSON.iter().map(|f| f.0).collect::<Vec<_>>(),
        nimbus_learn::content::CONTENT_FILES.iter().map(|f| f.0).collect::<Vec<_>>()
    );
}

#[test]
fn an_answer_that_is_not_a_choice_names_its_line() {
    let text =
        format!("{}{}", question_toml("one", "saa-c03-secure", "a"), question_toml("two", "saa-c03-secure", "e"));
    let errors = errors_of(&[("bank.toml", &text)]);
    let answer_line = text.lines().enumerate().filter(|(_, l)| l.starts_with("answer")).nth(1).unwrap().0 + 1;
    assert_error(&errors, "bank.toml", answer_line, "answer 'e' is not one of the choices");
    assert_eq!(errors.len(), 1, "{}", report(&errors));
}

#[test]
fn ids_must_be_unique_across_files() {
    let a = question_toml("same", "saa-c03-secure", "a");
    let b = format!("# another file\n{}", question_toml("same", "saa-c03-secure", "a"));
    let errors = errors_of(&[("a.toml", &a), ("b.toml", &b)]);
    assert_error(&errors, "b.toml", line_of(&b, "id = \"same\""), "already used at a.toml:3");
}

#[test]
fn choose_n_needs_exactly_n_answers() {
    let text = question_toml("multi", "saa-c03-secure", "a").replace("kind = \"single\"", "kind = { choose = 2 }");
    let errors = errors_of(&[("m.toml", &text)]);
    assert_error(&errors, "m.toml", line_of(&text, "answer ="), "needs exactly 2 answers, found 1");
    let single_two = question_toml("s", "saa-c03-secure", "a").replace("answer = [\"a\"]", "answer = [\"a\", \"b\"]");
    let errors = errors_of(&[("s.toml", &single_two)]);
    assert_error(&errors, "s.toml", line_of(&single_two, "answer ="), "exactly 1 answer");
}

#[test]
fn links_must_be_routes_the_app_has() {
    let text =
        question_toml("link", "saa-c03-secure", "a").replace("try_it = \"#/s3\"", "try_it = \"#/learn/lab/nope\"");
    let errors = errors_of(&[("l.toml", &text)]);
    assert_error(&errors, "l.toml", line_of(&text, "try_it"), "lab 'nope', which does not exist");
    let text = question_toml("link2", "saa-c03-secure", "a").replace("try_it = \"#/s3\"", "try_it = \"#/ec7\"");
    assert_error(&errors_of(&[("l.toml", &text)]), "l.toml", line_of(&text, "try_it"), "not a route");
    let text = question_toml("doc", "saa-c03-secure", "a").replace("https://docs.aws.amazon.com", "http://example.com");
    assert_error(&errors_of(&[("d.toml", &text)]), "d.toml", line_of(&text, "doc ="), "must start with");
}

#[test]
fn toml_syntax_and_schema_errors_name_the_line() {
    let broken = "[[question]]\nid = \"x\"\nprompt = \"unterminated\n";
    let errors = errors_of(&[("syntax.toml", broken)]);
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].file.as_str(), errors[0].line), ("syntax.toml", 3), "{}", report(&errors));

    let typo = question_toml("t", "saa-c03-secure", "a").replace("explanation =", "explanaton =");
    let errors = errors_of(&[("typo.toml", &typo)]);
    assert_eq!(errors[0].file, "typo.toml");
    assert!(errors[0].message.contains("explanaton"), "{}", report(&errors));
    assert!(errors[0].line >= 2, "{}", report(&errors));

    let bad_domain = question_toml("d", "saa-c03-sekure", "a");
    let errors = errors_of(&[("dom.toml", &bad_domain)]);
    assert_eq!(errors[0].line, line_of(&bad_domain, "domains"), "{}", report(&errors));
}

#[test]
fn a_lab_without_goals_or_solution_is_refused() {
    let text = "[[lab]]\nid = \"empty-lab\"\nservice = \"s3\"\ntitle = \"T\"\nstory = \"S\"\nhints = []\nsolution = []\ngoal = []\n";
    let errors = errors_of(&[("lab.toml", text)]);
    assert_error(&errors, "lab.toml", 6, "'hints' must not be empty");
    assert_error(&errors, "lab.toml", 7, "'solution' must not be empty");
    assert_error(&errors, "lab.toml", 8, "'goal' must not be empty");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever the text, loading gives a bank or errors with a file and a line inside the text.
    #[test]
    fn loading_random_text_never_panics(text in "(\\[\\[question\\]\\]\n|id = \"x\"\n|kind = \\{ choose = [0-9] \\}\n|answer = \\[\"a\"\\]\n|[ -~\n]{0,12})*") {
        if let Err(errors) = Bank::load(&[("fuzz.toml", &text)]) {
            for e in errors {
                prop_assert_eq!(e.file.as_str(), "fuzz.toml");
                prop_assert!(e.line >= 1 && e.line <= text.lines().count().max(1) + 1, "{}", e);
            }
        }
    }

    /// Cutting a valid file anywhere never panics, and errors point inside it.
    #[test]
    fn truncated_content_never_panics(cut in 0usize..2000) {
        let text = nimbus_learn::content::CONTENT_FILES[0].1;
        let mut end = cut.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let _ = Bank::load(&[("cut.toml", &text[..end])]);
    }
}
