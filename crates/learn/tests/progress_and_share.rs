//! Progress saves and share links round-trip; damaged input gives errors, never panics.

mod common;

use common::{bank, pick};
use nimbus_learn::quiz::exam::ExamConfig;
use nimbus_learn::quiz::leitner::DAY_MS;
use nimbus_learn::quiz::Exam;
use nimbus_learn::share::{self, ShareError, SharePayload};
use nimbus_learn::Progress;
use nimbus_sim::services::s3::{CreateBucketRequest, PutObjectRequest, S3Request};
use nimbus_sim::{Bytes, Request, World};
use proptest::prelude::*;

fn busy_progress() -> Progress {
    let bank = bank(8);
    let mut p = Progress::default();
    p.record_answer("q0", &pick("a"), true, 0);
    p.record_answer("q0", &pick("a"), true, 2 * DAY_MS);
    p.record_answer("q1", &pick("b"), false, DAY_MS);
    let mut exam = Exam::start(&bank.questions, ExamConfig::certification_like(8, 5), 0).unwrap();
    exam.answer(0, pick("a"), 10).unwrap();
    p.record_exam(exam.submit(1_000));
    p.record_lab("s3-static-website", 9, 7, 5_000);
    p
}

#[test]
fn progress_round_trips_through_json() {
    let p = busy_progress();
    assert_eq!(p.exams.len(), 1);
    assert_eq!(p.questions.len(), 8, "the exam's answers are recorded too");
    let back = Progress::from_json(&p.to_json()).unwrap();
    assert_eq!(back, p);
    assert!(p.to_json().contains("\"version\": 1"));
}

#[test]
fn readiness_grows_with_right_answers() {
    let bank = bank(4);
    let mut p = Progress::default();
    assert_eq!(p.readiness_by_service(&bank)[0].1.percent, 0);
    p.record_answer("q0", &pick("a"), true, 0); // box 2 of 5 -> 0.4
    p.record_answer("q1", &pick("b"), false, 0); // 0
    let s3 = &p.readiness_by_service(&bank)[0];
    assert_eq!((s3.0.as_str(), s3.1.questions, s3.1.seen, s3.1.percent), ("s3", 4, 2, 10));
    let by_domain = p.readiness_by_domain(&bank);
    assert_eq!(by_domain.len(), 4);
    let secure = by_domain.iter().find(|(d, _)| *d == nimbus_learn::Domain::SaaC03Secure).unwrap();
    assert_eq!(secure.1.percent, 40);
    assert_eq!(p.missed().collect::<Vec<_>>(), vec!["q1"]);
}

#[test]
fn labs_keep_the_best_attempt() {
    let mut p = Progress::default();
    p.record_lab("lab", 12, 7, 1);
    p.record_lab("lab", 9, 7, 2);
    p.record_lab("lab", 15, 7, 3);
    assert_eq!(p.labs["lab"].best_calls, 9);
    assert_eq!(p.labs["lab"].completed_ms, 2);
}

#[test]
fn bad_progress_files_are_refused_clearly() {
    assert!(Progress::from_json("{").unwrap_err().contains("not valid JSON"));
    assert!(Progress::from_json("{}").unwrap_err().contains("no \"version\""));
    assert!(Progress::from_json(r#"{"version": 2}"#).unwrap_err().contains("newer Nimbus Lab"));
    assert!(Progress::from_json(r#"{"version": 0}"#).unwrap_err().contains("not one Nimbus Lab ever wrote"));
    assert!(Progress::from_json(r#"{"version": 1, "questions": 5}"#).unwrap_err().contains("damaged"));
    assert_eq!(Progress::from_json(r#"{"version": 1}"#).unwrap(), Progress::default());
}

fn sample_world() -> World {
    let mut w = World::new(42);
    w.call(Request::S3(S3Request::CreateBucket(CreateBucketRequest {
        bucket: "shared-site".into(),
        ..Default::default()
    })))
    .unwrap();
    w.call(Request::S3(S3Request::PutObject(PutObjectRequest {
        bucket: "shared-site".into(),
        key: "index.html".into(),
        body: Bytes::from("<h1>hello</h1>"),
        ..Default::default()
    })))
    .unwrap();
    w
}

#[test]
fn a_world_survives_a_share_link() {
    let world = sample_world();
    let link = share::encode(&SharePayload::World { world: world.clone() });
    assert!(link.len() < world.to_json().len(), "deflate makes the link shorter than the JSON");
    match share::decode(&link).unwrap() {
        SharePayload::World { world: back } => assert_eq!(back, world),
        other => panic!("{other:?}"),
    }
    let lab = SharePayload::Lab { lab: "s3-recover-deleted-file".into(), world: Some(world) };
    assert_eq!(share::decode(&share::encode(&lab)).unwrap(), lab);
}

proptest! {
    #[test]
    fn demo_and_lab_links_round_trip(demo in "[a-z0-9-]{1,40}", step in 0usize..10_000, with_world in any::<bool>()) {
        let p = SharePayload::DemoStep { demo: demo.clone(), step };
        prop_assert_eq!(share::decode(&share::encode(&p)).unwrap(), p);
        let lab = SharePayload::Lab { lab: demo, world: with_world.then(|| World::new(step as u64)) };
        prop_assert_eq!(share::decode(&share::encode(&lab)).unwrap(), lab);
    }

    #[test]
    fn random_links_never_panic(s in ".{0,200}") {
        let _ = share::decode(&s);
        let _ = share::decode(&format!("#/share/{s}"));
        let _ = share::decode(&format!("#/share/1{s}"));
    }

    #[test]
    fn flipping_a_character_gives_an_error_or_a_valid_payload(pos in 0usize..60, c in "[A-Za-z0-9_\\-!]") {
        let link = share::encode(&SharePayload::DemoStep { demo: "s3-versioning-keeps-every-write".into(), step: 2 });
        let at = "#/share/1".len() + pos % (link.len() - "#/share/1".len());
        let damaged = format!("{}{}{}", &link[..at], c, &link[at + 1..]);
        match share::decode(&damaged) {
            Ok(SharePayload::DemoStep { .. }) | Err(_) => {}
            Ok(other) => prop_assert!(false, "a damaged demo link decoded as {:?}", other),
        }
    }

    #[test]
    fn progress_import_never_panics(s in ".{0,200}") {
        let _ = Progress::from_json(&s);
        let _ = Progress::from_json(&format!("{{\"version\":1,{s}}}"));
    }
}

#[test]
fn share_errors_read_well() {
    assert!(ShareError::NotAShareLink.to_string().contains("not a Nimbus Lab share link"));
}
