//! Practice, review and spaced repetition queues, and exams on a caller's clock.

mod common;

use common::{bank, pick};
use nimbus_learn::domain::Domain;
use nimbus_learn::quiz::exam::{ExamConfig, ExamError, CERTIFICATION_QUESTIONS};
use nimbus_learn::quiz::leitner::DAY_MS;
use nimbus_learn::quiz::{Exam, Practice, QueueKind};
use nimbus_learn::Progress;

const MIN: u64 = 60_000;

#[test]
fn practice_gives_immediate_feedback_and_records_it() {
    let bank = bank(4);
    let mut progress = Progress::default();
    let mut practice = Practice::new(&bank, &progress, QueueKind::Service("s3".into()), 0, 1);
    assert_eq!(practice.len(), 4);
    let first = practice.current(&bank).unwrap().id.clone();
    let fb = practice.answer(&bank, &mut progress, &pick("b"), 0).unwrap();
    assert!(!fb.correct);
    assert_eq!(fb.question_id, first);
    assert_eq!(fb.answer, vec!["a".to_string()]);
    assert!(fb.choices.iter().all(|c| !c.why.is_empty()));
    assert!(fb.choices.iter().any(|c| c.id == "b" && c.was_chosen && !c.is_answer));
    let fb = practice.answer(&bank, &mut progress, &pick("a"), 0).unwrap();
    assert!(fb.correct);
    assert_eq!(progress.questions.len(), 2);
    assert_eq!(practice.remaining(), 2);
    assert!(practice.answer(&bank, &mut progress, &pick("zz"), 0).is_err(), "a choice that does not exist");
    assert_eq!(practice.remaining(), 2, "a rejected answer does not move on");
}

#[test]
fn practice_order_is_seeded() {
    let bank = bank(12);
    let progress = Progress::default();
    let order = |seed| {
        let mut p = Practice::new(&bank, &progress, QueueKind::Service("s3".into()), 0, seed);
        let mut ids = Vec::new();
        while let Some(q) = p.current(&bank) {
            ids.push(q.id.clone());
            p.skip();
        }
        ids
    };
    assert_eq!(order(5), order(5));
    assert_ne!(order(5), order(6));
    assert_eq!(order(5).len(), 12);
}

#[test]
fn review_mode_holds_only_questions_last_answered_wrong() {
    let bank = bank(6);
    let mut progress = Progress::default();
    progress.record_answer("q0", &pick("b"), false, 0);
    progress.record_answer("q1", &pick("a"), true, 0);
    progress.record_answer("q2", &pick("c"), false, 0);
    let mut review = Practice::new(&bank, &progress, QueueKind::Review { service: None }, 0, 1);
    assert_eq!(review.len(), 2);
    let id = review.current(&bank).unwrap().id.clone();
    review.answer(&bank, &mut progress, &pick("a"), 0).unwrap();
    let again = Practice::new(&bank, &progress, QueueKind::Review { service: None }, 0, 1);
    assert_eq!(again.len(), 1, "{id} was answered right, so it leaves the review");
}

#[test]
fn spaced_repetition_puts_due_questions_first_and_hides_the_rest() {
    let bank = bank(5);
    let mut progress = Progress::default();
    progress.record_answer("q0", &pick("a"), true, 0); // box 2, due day 2
    progress.record_answer("q1", &pick("b"), false, 0); // box 1, due day 1
    progress.record_answer("q2", &pick("a"), true, 0);
    progress.record_answer("q2", &pick("a"), true, 2 * DAY_MS); // box 3, due day 6
    let kind = QueueKind::Spaced { service: Some("s3".into()) };
    let at_day = |d: u64| {
        let mut p = Practice::new(&bank, &progress, kind.clone(), d * DAY_MS, 9);
        let mut ids = Vec::new();
        while let Some(q) = p.current(&bank) {
            ids.push(q.id.clone());
            p.skip();
        }
        ids
    };
    let day1 = at_day(1);
    assert_eq!(day1[0], "q1", "only q1 is due on day 1: {day1:?}");
    assert_eq!(day1.len(), 3, "q1, then the two new questions: {day1:?}");
    let day3 = at_day(3);
    assert_eq!(&day3[..2], &["q1".to_string(), "q0".to_string()], "most overdue first: {day3:?}");
    assert!(!day3.contains(&"q2".to_string()), "q2 is not due until day 6");
    assert!(at_day(6).contains(&"q2".to_string()));
}

#[test]
fn certification_like_exams_scale_to_the_bank() {
    let full = ExamConfig::certification_like(500, 1);
    assert_eq!((full.question_count, full.duration_ms), (65, 130 * MIN));
    let small = ExamConfig::certification_like(13, 1);
    assert_eq!((small.question_count, small.duration_ms), (13, 26 * MIN));
    assert_eq!(CERTIFICATION_QUESTIONS, 65);
}

#[test]
fn exams_mix_domains_and_are_seeded() {
    let bank = bank(40);
    let config = ExamConfig { question_count: 8, duration_ms: 16 * MIN, seed: 3, services: vec![] };
    let exam = Exam::start(&bank.questions, config.clone(), 0).unwrap();
    let same = Exam::start(&bank.questions, config.clone(), 0).unwrap();
    assert_eq!(exam, same);
    let ids: Vec<&str> = (0..exam.len()).map(|i| exam.question(i).unwrap().id).collect();
    let domains: std::collections::BTreeSet<usize> =
        ids.iter().map(|id| id[1..].parse::<usize>().unwrap() % 4).collect();
    assert_eq!(domains.len(), 4, "8 questions over 4 domains cover them all: {ids:?}");
    let other = Exam::start(&bank.questions, ExamConfig { seed: 4, ..config }, 0).unwrap();
    assert_ne!(exam, other);
    let none = ExamConfig { services: vec!["kms".into()], ..ExamConfig::certification_like(40, 1) };
    assert_eq!(Exam::start(&bank.questions, none, 0), Err(ExamError::NoQuestions));
}

#[test]
fn exams_give_no_feedback_until_submitted_then_score_everything() {
    let bank = bank(8);
    let config = ExamConfig { question_count: 8, duration_ms: 16 * MIN, seed: 1, services: vec![] };
    let mut exam = Exam::start(&bank.questions, config, 1_000).unwrap();
    // Right on the first five, wrong on one, two left blank; flag one.
    for i in 0..5 {
        exam.answer(i, pick("a"), 2_000).unwrap();
    }
    exam.answer(5, pick("c"), 2_000).unwrap();
    exam.flag(6, true, 2_000).unwrap();
    assert_eq!(exam.answer(1, pick("nope"), 2_000), Err(ExamError::NotAChoice("nope".into())));
    assert_eq!(exam.answer(99, pick("a"), 2_000), Err(ExamError::NoSuchQuestion(99)));
    assert!(exam.result().is_none());
    let map = exam.question_map();
    assert_eq!(map.iter().filter(|c| c.answered).count(), 6);
    assert!(map[6].flagged && !map[6].answered);
    assert_eq!(exam.remaining_ms(2_000), 16 * MIN - 1_000);

    let result = exam.submit(5 * MIN).clone();
    assert!(!result.timed_out);
    assert_eq!((result.correct, result.total, result.percent), (5, 8, 62));
    assert_eq!(result.review.len(), 8);
    assert!(result.review[6].flagged && !result.review[6].correct && result.review[6].chosen.is_empty());
    assert_eq!(result.per_domain.iter().map(|d| d.total).sum::<usize>(), 8);
    let resilient = result.per_domain.iter().find(|d| d.domain == Domain::SaaC03Resilient).unwrap();
    assert_eq!(resilient.total, 2);
    assert_eq!(exam.answer(0, pick("b"), 5 * MIN), Err(ExamError::AlreadySubmitted));
    assert_eq!(exam.submit(6 * MIN), &result, "submitting twice changes nothing");
}

#[test]
fn the_clock_submits_the_exam_when_time_is_up() {
    let bank = bank(4);
    let config = ExamConfig { question_count: 4, duration_ms: 10 * MIN, seed: 2, services: vec![] };
    let mut exam = Exam::start(&bank.questions, config, 0).unwrap();
    exam.answer(0, pick("a"), MIN).unwrap();
    assert!(exam.tick(10 * MIN - 1).is_none());
    assert_eq!(exam.answer(1, pick("a"), 10 * MIN), Err(ExamError::TimeUp));
    let result = exam.result().unwrap();
    assert!(result.timed_out);
    assert_eq!(result.finished_ms, 10 * MIN);
    assert_eq!(result.correct, 1, "only the answer given in time counts");

    let mut late = Exam::start(&bank.questions, exam.config.clone(), 0).unwrap();
    let r = late.submit(11 * MIN);
    assert!(r.timed_out && r.finished_ms == 10 * MIN);
}

#[test]
fn choose_n_questions_need_every_right_choice_and_no_other() {
    let text = r##"
[[question]]
id = "multi"
service = "s3"
domains = ["saa-c03-secure"]
kind = { choose = 2 }
prompt = "Pick two."
answer = ["a", "c"]
explanation = "A and C."
doc = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/Welcome.html"
try_it = "#/s3"
choices = [
  { id = "a", text = "A", why = "right" },
  { id = "b", text = "B", why = "wrong" },
  { id = "c", text = "C", why = "right" },
  { id = "d", text = "D", why = "wrong" },
]
"##;
    let bank = nimbus_learn::Bank::load(&[("m.toml", text)]).unwrap();
    let q = &bank.questions[0];
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert!(q.is_correct(&s(&["c", "a"])));
    assert!(!q.is_correct(&s(&["a"])));
    assert!(!q.is_correct(&s(&["a", "c", "d"])));
    assert!(!q.is_correct(&s(&["a", "b"])));
}
