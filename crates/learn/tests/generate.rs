//! Generated "predict the outcome" questions: deterministic per seed, and their answers match a
//! fresh run of the simulator.

use nimbus_learn::generate::s3::{self, GENERATORS};
use nimbus_learn::generate::GeneratedQuestion;
use std::collections::BTreeSet;

fn answer_text(g: &GeneratedQuestion) -> &str {
    let q = &g.question;
    &q.choice(&q.answer[0]).expect("the answer is a choice").text
}

#[test]
fn every_generator_answers_what_a_fresh_run_answers() {
    for (name, generate) in GENERATORS {
        for seed in 0..40 {
            let g = generate(seed).unwrap_or_else(|e| panic!("{name} seed {seed}: {e}"));
            let q = &g.question;
            assert_eq!(q.answer.len(), 1, "{name} {seed}");
            assert_eq!(q.choices.len(), 4, "{name} {seed}: {:?}", q.choices);
            let texts: BTreeSet<&str> = q.choices.iter().map(|c| c.text.as_str()).collect();
            assert_eq!(texts.len(), 4, "choices are distinct: {name} {seed}");
            let fresh = g.scenario.fresh_outcome().unwrap();
            assert_eq!(answer_text(&g), fresh, "{name} seed {seed}\n{}", q.prompt);
            assert!(q.choices.iter().all(|c| !c.why.is_empty()));
            assert!(q.prompt.contains(&g.scenario.probe.cli));
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_question() {
    for (_, generate) in GENERATORS {
        assert_eq!(generate(7).unwrap(), generate(7).unwrap());
    }
    let distinct: BTreeSet<String> = (0..30).map(|s| s3::any(s).unwrap().question.prompt).collect();
    assert!(distinct.len() > 10, "seeds give varied questions");
}

#[test]
fn recreating_a_bucket_depends_on_the_region() {
    let mut seen = BTreeSet::new();
    for seed in 0..60 {
        let g = s3::recreate_bucket(seed).unwrap();
        let region = &g.scenario.probe.region;
        let expected = if region == "us-east-1" { "Succeeds" } else { "Fails with BucketAlreadyOwnedByYou" };
        assert_eq!(answer_text(&g), expected, "{region}");
        seen.insert(expected);
    }
    assert_eq!(seen.len(), 2, "both cases come up");
}

#[test]
fn reading_after_a_delete_covers_markers_old_versions_and_unversioned_buckets() {
    let answers: BTreeSet<String> =
        (0..80).map(|s| answer_text(&s3::get_after_delete(s).unwrap()).to_string()).collect();
    for expected in ["Fails with NoSuchKey", "Succeeds and returns \"version 1\"", "Fails with MethodNotAllowed"] {
        assert!(answers.contains(expected), "{expected} never came up: {answers:?}");
    }
    let deletes: BTreeSet<String> = (0..80).map(|s| answer_text(&s3::delete_bucket(s).unwrap()).to_string()).collect();
    assert_eq!(deletes, ["Fails with BucketNotEmpty".to_string(), "Succeeds".to_string()].into());
}

#[test]
fn generated_questions_can_join_an_exam() {
    use nimbus_learn::quiz::{exam::ExamConfig, Exam};
    let pool: Vec<_> = (0..10).map(|s| s3::any(s).unwrap().question).collect();
    let mut exam = Exam::start(&pool, ExamConfig::certification_like(pool.len(), 1), 0).unwrap();
    let result = exam.submit(1);
    assert_eq!(result.total, 10);
}

#[test]
fn the_cli_lines_shown_are_the_calls_that_ran() {
    use nimbus_sim::cli::{parse_aws_line, FileSystem, MemoryFs};
    for (name, generate) in GENERATORS {
        for seed in 0..15 {
            let g = generate(seed).unwrap();
            let mut fs = MemoryFs::default();
            for (file, text) in &g.scenario.files {
                fs.write(file, text.as_bytes()).unwrap();
            }
            for step in g.scenario.setup.iter().chain([&g.scenario.probe]) {
                let (request, region) =
                    parse_aws_line(&step.cli, &fs).unwrap_or_else(|e| panic!("{name} {seed}: `{}`: {e}", step.cli));
                assert_eq!(request, step.request, "{name} {seed}: `{}`", step.cli);
                assert_eq!(region.as_deref().unwrap_or("us-east-1"), step.region, "{name} {seed}: `{}`", step.cli);
            }
        }
    }
}
