//! Lab sessions: setup, goals, hints, placeholders and scoring. Lines here are requests written
//! as JSON (the engine's own request format), so these tests do not depend on the terminal.

use nimbus_learn::content::Bank;
use nimbus_learn::lab::{fill_placeholders, run_lines, LabSession, LineRunner};
use nimbus_sim::{Request, World};
use std::collections::BTreeMap;

struct JsonRequests;

impl LineRunner for JsonRequests {
    fn run(&mut self, world: &mut World, _files: &BTreeMap<String, String>, line: &str) -> Result<(), (i32, String)> {
        let request: Request = serde_json::from_str(line).map_err(|e| (2, e.to_string()))?;
        world.call(request).map(|_| ()).map_err(|e| (254, e.to_string()))
    }
}

const LAB: &str = r##"
[[lab]]
id = "json-lab"
service = "s3"
title = "Make a bucket and a note"
story = "Create notes-bucket and write hello.txt."
setup = ['{"S3":{"CreateBucket":{"Bucket":"old-bucket"}}}']
hints = ["Create the bucket.", "Then put the object."]
solution = [
  '{"S3":{"CreateBucket":{"Bucket":"notes-bucket"}}}',
  '{"S3":{"PutObject":{"Bucket":"notes-bucket","Key":"hello.txt","Body":"aGVsbG8="}}}',
]

[[lab.goal]]
description = "notes-bucket exists"
check = { bucket_exists = "notes-bucket" }

[[lab.goal]]
description = "hello.txt says hello"
check = { object_body_contains = { bucket = "notes-bucket", key = "hello.txt", text = "hello" } }
"##;

fn lab() -> nimbus_learn::Lab {
    Bank::load(&[("lab.toml", LAB)]).unwrap().labs.remove(0)
}

#[test]
fn a_session_tracks_goals_hints_and_calls() {
    let lab = lab();
    let (mut session, mut world) = LabSession::start(&lab, 1, &mut JsonRequests).unwrap();
    assert_eq!(session.reference_calls, 2);
    assert!(world.s3.buckets.contains_key("old-bucket"), "setup ran");
    assert!(session.check(&world).iter().all(|(_, ok)| !ok), "no goal is met at the start");
    assert_eq!(session.score(&world).calls_used, 0, "setup calls do not count");

    assert_eq!(session.reveal_hint(), Some("Create the bucket."));
    assert_eq!(session.hints().len(), 1);
    assert_eq!(session.reveal_hint(), Some("Then put the object."));
    assert_eq!(session.reveal_hint(), None);

    let mut learner = |line: &str| JsonRequests.run(&mut world, &BTreeMap::new(), line);
    learner(r#"{"S3":{"GetObject":{"Bucket":"notes-bucket","Key":"x"}}}"#).unwrap_err();
    learner(&lab.solution[0]).unwrap();
    let goals = session.check(&world);
    assert_eq!(goals.iter().map(|(_, ok)| *ok).collect::<Vec<_>>(), vec![true, false]);
    JsonRequests.run(&mut world, &BTreeMap::new(), &lab.solution[1]).unwrap();
    let score = session.score(&world);
    assert!(score.complete);
    assert_eq!(score.calls_used, 3, "a failed call counts too");
    assert!(!score.matches_reference());
}

#[test]
fn a_failing_setup_line_is_reported_with_its_position() {
    let mut broken = lab();
    broken.setup.push(r#"{"S3":{"PutObject":{"Bucket":"missing","Key":"k"}}}"#.into());
    let err = LabSession::start(&broken, 1, &mut JsonRequests).unwrap_err();
    assert_eq!(err.index, 1);
    assert!(err.stderr.contains("NoSuchBucket"), "{err}");
}

#[test]
fn placeholders_name_real_version_ids() {
    let mut world = World::new(5);
    let lines: Vec<String> = [
        r#"{"S3":{"CreateBucket":{"Bucket":"vbk"}}}"#,
        r#"{"S3":{"PutBucketVersioning":{"Bucket":"vbk","VersioningConfiguration":{"Status":"Enabled"}}}}"#,
        r#"{"S3":{"PutObject":{"Bucket":"vbk","Key":"a/b.txt","Body":"djE="}}}"#,
        r#"{"S3":{"DeleteObject":{"Bucket":"vbk","Key":"a/b.txt"}}}"#,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    run_lines(&mut JsonRequests, &mut world, &BTreeMap::new(), &lines).unwrap();
    let versions = &world.s3.buckets["vbk"].objects["a/b.txt"].versions;
    let marker = &versions[1];
    assert!(marker.is_delete_marker);
    let filled =
        fill_placeholders(&world, "x {delete_marker:vbk/a/b.txt} y {version:vbk/a/b.txt:0} {\"Json\":1}").unwrap();
    assert_eq!(filled, format!("x {} y {} {{\"Json\":1}}", marker.version_id, versions[0].version_id));
    assert!(fill_placeholders(&world, "{version:vbk/a/b.txt:9}").is_err());
    assert!(fill_placeholders(&world, "{delete_marker:nope/k}").is_err());
    let restore =
        r#"{"S3":{"DeleteObject":{"Bucket":"vbk","Key":"a/b.txt","VersionId":"{delete_marker:vbk/a/b.txt}"}}}"#
            .to_string();
    run_lines(&mut JsonRequests, &mut world, &BTreeMap::new(), &[restore]).unwrap();
    assert!(world.s3.buckets["vbk"].current("a/b.txt").is_some(), "deleting the marker restores the object");
}
