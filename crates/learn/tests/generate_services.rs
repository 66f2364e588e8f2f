//! Generated questions for KMS, Route 53 and CloudFormation: each answer is what a fresh run of
//! the simulator answers, and each generator's cases all come up across seeds.

use nimbus_learn::generate::{cloudformation, kms, route53, GeneratedQuestion};
use std::collections::BTreeSet;

type Generator = fn(u64) -> Result<GeneratedQuestion, String>;

fn answer_text(g: &GeneratedQuestion) -> String {
    let q = &g.question;
    q.choice(&q.answer[0]).expect("the answer is a choice").text.clone()
}

fn all() -> Vec<(&'static str, Generator)> {
    kms::GENERATORS.iter().chain(route53::GENERATORS).chain(cloudformation::GENERATORS).copied().collect()
}

#[test]
fn every_generator_answers_what_a_fresh_run_answers() {
    for (name, generate) in all() {
        for seed in 0..30 {
            let g = generate(seed).unwrap_or_else(|e| panic!("{name} seed {seed}: {e}"));
            let q = &g.question;
            assert_eq!(q.choices.len(), 4, "{name} {seed}: {:?}", q.choices);
            let texts: BTreeSet<&str> = q.choices.iter().map(|c| c.text.as_str()).collect();
            assert_eq!(texts.len(), 4, "choices are distinct: {name} {seed}");
            assert_eq!(answer_text(&g), g.scenario.fresh_outcome().unwrap(), "{name} seed {seed}\n{}", q.prompt);
            assert!(q.prompt.contains(&g.scenario.probe.cli));
            assert_eq!(generate(seed).unwrap(), g, "{name} is deterministic");
        }
    }
}

fn answers(generate: Generator, seeds: u64) -> BTreeSet<String> {
    (0..seeds).map(|s| answer_text(&generate(s).unwrap())).collect()
}

#[test]
fn key_states_teach_disabled_pending_deletion_and_cancelled_deletion() {
    let seen = answers(kms::key_state, 80);
    for expected in ["Succeeds", "Fails with DisabledException", "Fails with KMSInvalidStateException"] {
        assert!(seen.contains(expected), "{expected} never came up: {seen:?}");
    }
    // A cancelled deletion leaves the key Disabled, not Enabled.
    for seed in 0..80 {
        let g = kms::key_state(seed).unwrap();
        if g.scenario.setup.iter().any(|s| s.cli.contains("cancel-key-deletion")) {
            assert_eq!(answer_text(&g), "Fails with DisabledException");
        }
    }
}

#[test]
fn deletion_windows_outside_7_to_30_days_are_refused() {
    for seed in 0..40 {
        let g = kms::deletion_window(seed).unwrap();
        let days: u32 = g.scenario.probe.cli.rsplit(' ').next().unwrap().parse().unwrap();
        let expected = if (7..=30).contains(&days) { "Succeeds" } else { "Fails with ValidationException" };
        assert_eq!(answer_text(&g), expected, "{days} days");
    }
}

#[test]
fn change_batches_and_zone_deletion_cover_each_case() {
    assert_eq!(answers(route53::change_batch, 80).len(), 2, "both accepted and refused batches come up");
    assert_eq!(
        answers(route53::delete_zone, 40),
        BTreeSet::from(["Succeeds".to_string(), "Fails with HostedZoneNotEmpty".to_string()])
    );
}

#[test]
fn create_stack_checks_names_and_references_before_it_starts() {
    assert_eq!(
        answers(cloudformation::create_stack, 80),
        BTreeSet::from([
            "Succeeds".to_string(),
            "Fails with AlreadyExistsException".to_string(),
            "Fails with ValidationError".to_string()
        ])
    );
}

#[test]
#[ignore = "prints examples for a reader"]
fn print_examples() {
    for (name, generate) in all() {
        for seed in [3u64, 4] {
            let g = generate(seed).unwrap();
            println!("== {name} {seed}\n{}\n", g.question.prompt);
            for c in &g.question.choices {
                println!("  {} {} — {}", c.id, c.text, c.why);
            }
            println!("  answer {:?}\n", g.question.answer);
        }
    }
}
