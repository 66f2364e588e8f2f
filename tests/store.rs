//! The store's logic without a browser: undo/redo, saves and what happens to a damaged save.

use nimbus_lab::store::{self, Action, Lab, NoticeKind, Restored, Store, UNDO_LIMIT};
use nimbus_sim::services::s3::{CreateBucketRequest, S3Request};
use nimbus_sim::{Request, SimDuration};

fn create(name: &str) -> Action {
    Action::Call(Request::S3(S3Request::CreateBucket(CreateBucketRequest {
        bucket: name.into(),
        create_bucket_configuration: None,
    })))
}

fn buckets(store: &Store) -> Vec<String> {
    store.world().s3.buckets.keys().cloned().collect()
}

#[test]
fn undo_and_redo_walk_back_and_forth() {
    let mut s = Store::default();
    assert!(!s.can_undo() && !s.can_redo());
    s.apply(create("one"));
    s.apply(create("two"));
    assert_eq!(buckets(&s), ["one", "two"]);
    s.apply(Action::Undo);
    assert_eq!(buckets(&s), ["one"]);
    assert!(s.can_redo());
    s.apply(Action::Undo);
    assert!(buckets(&s).is_empty());
    assert!(!s.can_undo());
    s.apply(Action::Redo);
    s.apply(Action::Redo);
    assert_eq!(buckets(&s), ["one", "two"]);
    assert!(!s.can_redo());
}

#[test]
fn a_new_action_after_undo_drops_the_redo_steps() {
    let mut s = Store::default();
    s.apply(create("one"));
    s.apply(Action::Undo);
    s.apply(create("other"));
    assert!(!s.can_redo());
    assert_eq!(buckets(&s), ["other"]);
}

#[test]
fn undo_keeps_at_least_fifty_steps_and_at_most_the_limit() {
    let mut s = Store::default();
    for i in 0..(UNDO_LIMIT + 10) {
        s.apply(create(&format!("bucket-{i:03}")));
    }
    assert_eq!(s.undo_depth(), UNDO_LIMIT);
    const { assert!(UNDO_LIMIT >= 50) };
    for _ in 0..50 {
        s.apply(Action::Undo);
    }
    assert_eq!(s.world().s3.buckets.len(), UNDO_LIMIT + 10 - 50);
}

#[test]
fn undo_turns_the_clock_back_too() {
    let mut s = Store::default();
    s.apply(Action::Advance(SimDuration::days(1)));
    assert_eq!(s.world().now().iso8601(), "2026-01-02T00:00:00+00:00");
    s.apply(Action::Undo);
    assert_eq!(s.world().now().iso8601(), "2026-01-01T00:00:00+00:00");
}

#[test]
fn the_running_clock_does_not_fill_the_undo_history() {
    let mut s = Store::default();
    for _ in 0..5 {
        s.apply(Action::Tick(SimDuration::seconds(1)));
    }
    assert_eq!(s.world().now().iso8601(), "2026-01-01T00:00:05+00:00");
    assert!(!s.can_undo());
}

#[test]
fn a_failed_call_shows_the_aws_error_code_and_why() {
    let mut s = Store::default();
    s.apply(create("Not_Valid"));
    let notice = s.notices.last().expect("a notice");
    assert_eq!(notice.kind, NoticeKind::Error);
    assert_eq!(notice.title, "InvalidBucketName");
    assert!(notice.text.contains("The specified bucket is not valid."), "{}", notice.text);
    let call = s.last_call.as_ref().unwrap();
    assert_eq!(call.result.as_ref().unwrap_err().code, "InvalidBucketName");
}

#[test]
fn console_calls_outside_the_default_region_name_it_in_the_cli_line() {
    let mut s = Store::default();
    let request = Request::S3(S3Request::CreateBucket(CreateBucketRequest {
        bucket: "eu-bucket".into(),
        create_bucket_configuration: Some(nimbus_sim::services::s3::CreateBucketConfiguration {
            location_constraint: Some("eu-west-1".into()),
        }),
    }));
    s.apply(Action::CallIn { region: "eu-west-1".into(), request });
    assert_eq!(s.world().s3.buckets["eu-bucket"].region, "eu-west-1");
    assert!(s.last_call.as_ref().unwrap().cli_line.ends_with("--region eu-west-1"));
}

#[test]
fn a_save_restores_the_same_lab() {
    let mut s = Store::default();
    s.apply(create("kept"));
    s.apply(Action::Advance(SimDuration::hours(3)));
    let text = store::to_save(&s.lab);
    match store::restore(Some(&text)) {
        Restored::Restored(lab) => assert_eq!(*lab, *s.lab),
        other => panic!("expected the lab back, got {other:?}"),
    }
}

#[test]
fn nothing_saved_starts_fresh() {
    assert_eq!(store::restore(None), Restored::Fresh);
    assert_eq!(store::restore(Some("")), Restored::Fresh);
    assert_eq!(Store::from_restored(Restored::Fresh).lab.world, Lab::default().world);
}

#[test]
fn a_damaged_save_is_kept_and_explained_not_loaded() {
    for damaged in ["{not json", r#"{"format":"nimbus-lab","version":1,"world":{"now":"yesterday"}}"#, "[1,2,3]"] {
        match store::restore(Some(damaged)) {
            Restored::Unreadable { raw, error } => {
                assert_eq!(raw, damaged);
                assert!(!error.is_empty());
            }
            other => panic!("{damaged} should be unreadable, got {other:?}"),
        }
        let s = Store::from_restored(store::restore(Some(damaged)));
        assert!(s.unreadable.is_some());
        assert!(s.world().s3.buckets.is_empty(), "starts fresh");
    }
}

#[test]
fn a_save_from_another_version_says_so() {
    let mut text: serde_json::Value = serde_json::from_str(&store::to_save(&Lab::default())).unwrap();
    text["version"] = 99.into();
    let err = store::from_save(&text.to_string()).unwrap_err();
    assert!(err.contains("version 99"), "{err}");
}

#[test]
fn import_replaces_the_lab_and_can_be_undone_but_a_bad_file_changes_nothing() {
    let mut source = Store::default();
    source.apply(create("imported"));
    let export = store::to_save(&source.lab);

    let mut s = Store::default();
    s.apply(create("mine"));
    s.apply(Action::Import("garbage".into()));
    assert_eq!(buckets(&s), ["mine"]);
    assert_eq!(s.notices.last().unwrap().title, "Import failed");

    s.apply(Action::Import(export));
    assert_eq!(buckets(&s), ["imported"]);
    s.apply(Action::Undo);
    assert_eq!(buckets(&s), ["mine"]);
}

#[test]
fn reset_starts_over_and_undo_brings_the_lab_back() {
    let mut s = Store::default();
    s.apply(create("precious"));
    s.apply(Action::Reset);
    assert!(buckets(&s).is_empty());
    s.apply(Action::Undo);
    assert_eq!(buckets(&s), ["precious"]);
}

#[test]
fn every_change_asks_for_a_save_but_notices_do_not() {
    let mut s = Store::default();
    let before = s.save_rev;
    s.apply(create("x"));
    assert!(s.save_rev > before);
    let before = s.save_rev;
    let id = s.notices[0].id;
    s.apply(Action::Dismiss(id));
    assert_eq!(s.save_rev, before);
    assert!(s.notices.is_empty());
}

#[test]
fn the_terminal_changes_the_same_world_and_undo_takes_it_back() {
    let mut s = Store::default();
    s.apply(Action::RunLine("aws s3api create-bucket --bucket from-terminal".into()));
    assert_eq!(buckets(&s), ["from-terminal"]);
    let entry = s.transcript.last().unwrap();
    assert_eq!(entry.line, "aws s3api create-bucket --bucket from-terminal");
    assert_eq!(entry.exit_code, 0, "stderr: {}", entry.stderr);
    assert!(entry.stdout.contains("Location"), "{}", entry.stdout);
    s.apply(Action::Undo);
    assert!(buckets(&s).is_empty());
    assert_eq!(s.transcript.len(), 1, "the screen keeps what was typed");
    s.apply(Action::ClearTerminal);
    assert!(s.transcript.is_empty());
}

#[test]
fn a_console_call_records_the_cli_line_that_does_the_same() {
    let mut s = Store::default();
    s.apply(create("same-both-ways"));
    let line = &s.last_call.as_ref().unwrap().cli_line;
    assert!(line.starts_with("aws s3api create-bucket"), "{line}");
    assert!(line.contains("same-both-ways"), "{line}");
    let mut replay = Store::default();
    replay.apply(Action::RunLine(line.clone()));
    assert_eq!(buckets(&replay), ["same-both-ways"], "the shown line really does it");
}
