use super::*;
use crate::diagram::tests::assert_well_formed;
use crate::services::kms::{
    CreateAliasRequest, CreateKeyRequest, EnableKeyRotationRequest, KeyIdRequest, KmsRequest, KmsResponse,
    ScheduleKeyDeletionRequest,
};
use crate::{Request, Response};

fn call(world: &mut World, request: KmsRequest) -> KmsResponse {
    match world.call(Request::Kms(request)) {
        Ok(Response::Kms(out)) => out,
        other => panic!("the setup call succeeds: {other:?}"),
    }
}

fn create_key(world: &mut World) -> String {
    match call(world, KmsRequest::CreateKey(CreateKeyRequest::default())) {
        KmsResponse::CreateKey(out) => out.key_metadata.key_id,
        other => panic!("{other:?}"),
    }
}

fn key_request(id: &str) -> KeyIdRequest {
    KeyIdRequest { key_id: id.into() }
}

fn lane<'l>(lanes: &'l [Lane], key_id: &str) -> &'l Lane {
    lanes.iter().find(|l| l.key_id == key_id).unwrap_or_else(|| panic!("no lane for {key_id}"))
}

fn kinds(lane: &Lane) -> Vec<(&'static str, bool)> {
    lane.events.iter().map(|e| (e.what.kind(), e.planned)).collect()
}

#[test]
fn a_new_key_is_one_created_event_with_material_version_one() {
    let mut w = World::new(1);
    let id = create_key(&mut w);
    let lanes = lanes(&w);
    assert_eq!(kinds(lane(&lanes, &id)), vec![("created", false)]);
    let d = diagram(&w);
    assert_well_formed(&d);
    assert_eq!(d.nodes[0].label, "Created · v1");
    assert_eq!(d.nodes[0].state.as_deref(), Some("2026-01-01"));
}

#[test]
fn a_year_of_automatic_rotation_adds_material_version_two_and_plans_the_next() {
    let mut w = World::new(1);
    let id = create_key(&mut w);
    call(
        &mut w,
        KmsRequest::EnableKeyRotation(EnableKeyRotationRequest { key_id: id.clone(), rotation_period_in_days: None }),
    );
    let before = lanes(&w);
    assert_eq!(kinds(lane(&before, &id)), vec![("created", false), ("next rotation", true)]);

    w.advance(SimDuration::days(365));
    let after = lanes(&w);
    let l = lane(&after, &id);
    assert_eq!(kinds(l), vec![("created", false), ("rotation", false), ("next rotation", true)]);
    match &l.events[1].what {
        EventKind::Rotated { version, how, material_id } => {
            assert_eq!((*version, *how), (2, RotationType::Automatic));
            assert_eq!(material_id.len(), 64);
        }
        other => panic!("{other:?}"),
    }
    let d = diagram(&w);
    assert_well_formed(&d);
    let rotation = d.nodes.iter().find(|n| n.kind == "rotation").expect("a rotation node");
    assert_eq!(rotation.label, "Rotated · v2");
    assert_eq!(rotation.state.as_deref(), Some("2027-01-01"));
    let created = d.nodes.iter().find(|n| n.kind == "created").unwrap();
    assert!(rotation.x > created.x + created.w, "a year later is further right");
}

#[test]
fn disable_and_enable_come_from_the_trail_and_a_repeated_enable_is_left_out() {
    let mut w = World::new(2);
    let id = create_key(&mut w);
    w.advance(SimDuration::days(3));
    call(&mut w, KmsRequest::EnableKey(key_request(&id)));
    call(&mut w, KmsRequest::DisableKey(key_request(&id)));
    w.advance(SimDuration::days(10));
    call(&mut w, KmsRequest::EnableKey(key_request(&id)));
    let lanes = lanes(&w);
    assert_eq!(kinds(lane(&lanes, &id)), vec![("created", false), ("disabled", false), ("enabled", false)]);
    let d = diagram(&w);
    assert_well_formed(&d);
    let line = d.edges.iter().find(|e| e.from == event_id(&id, 1)).expect("disabled → enabled");
    assert_eq!(line.label.as_deref(), Some("Disabled"), "the line between says the state in between");
}

#[test]
fn scheduled_deletion_shows_its_date_and_then_the_deleted_key_keeps_its_lane() {
    let mut w = World::new(3);
    let id = create_key(&mut w);
    call(
        &mut w,
        KmsRequest::ScheduleKeyDeletion(ScheduleKeyDeletionRequest {
            key_id: id.clone(),
            pending_window_in_days: Some(7),
        }),
    );
    let pending = lanes(&w);
    let l = lane(&pending, &id);
    assert_eq!(kinds(l), vec![("created", false), ("deletion scheduled", false), ("deleted", true)]);
    assert_eq!(l.events[2].time, SimTime::DEFAULT_START + SimDuration::days(7));
    let d = diagram(&w);
    assert_well_formed(&d);
    let planned = d.nodes.iter().find(|n| n.kind == "planned deletion").unwrap();
    assert_eq!((planned.label.as_str(), planned.state.as_deref()), ("Deleted on", Some("2026-01-08")));
    assert!(d.edges.iter().any(|e| e.to == planned.id && e.style == EdgeStyle::Dashed));

    w.advance(SimDuration::days(8));
    let gone = lanes(&w);
    let l = lane(&gone, &id);
    assert_eq!(l.state, None);
    assert_eq!(kinds(l), vec![("created", false), ("deletion scheduled", false), ("deleted", false)]);
    assert!(diagram(&w).groups[0].label.ends_with("deleted"));
}

#[test]
fn cancelling_deletion_removes_the_planned_date() {
    let mut w = World::new(4);
    let id = create_key(&mut w);
    call(
        &mut w,
        KmsRequest::ScheduleKeyDeletion(ScheduleKeyDeletionRequest {
            key_id: id.clone(),
            pending_window_in_days: None,
        }),
    );
    w.advance(SimDuration::days(2));
    call(&mut w, KmsRequest::CancelKeyDeletion(key_request(&id)));
    let lanes = lanes(&w);
    let l = lane(&lanes, &id);
    assert_eq!(kinds(l), vec![("created", false), ("deletion scheduled", false), ("deletion cancelled", false)]);
    match l.events[1].what {
        EventKind::DeletionScheduled { deletion_date } => {
            assert_eq!(deletion_date, SimTime::DEFAULT_START + SimDuration::days(30), "30 days by default")
        }
        ref other => panic!("{other:?}"),
    }
    assert_eq!(l.state, Some(KeyState::Disabled));
}

#[test]
fn lanes_are_named_by_alias_and_aws_managed_keys_say_so() {
    let mut w = World::new(5);
    let id = create_key(&mut w);
    call(
        &mut w,
        KmsRequest::CreateAlias(CreateAliasRequest { alias_name: "alias/app".into(), target_key_id: id.clone() }),
    );
    crate::services::kms::ops::aws_managed_key_in(&mut w, "us-east-1", "s3").unwrap();
    let d = diagram(&w);
    assert_well_formed(&d);
    let labels: Vec<&str> = d.groups.iter().map(|g| g.label.as_str()).collect();
    assert_eq!(labels, vec!["alias/app · customer managed · Enabled", "alias/aws/s3 · AWS managed · Enabled"]);
    // AWS managed keys rotate every year on their own.
    let managed = &d.groups[1].id;
    assert!(d.nodes.iter().any(|n| n.group.as_ref() == Some(managed) && n.kind == "next rotation"));
}

#[test]
fn crowded_events_push_each_other_right_and_never_overlap() {
    let mut w = World::new(6);
    let id = create_key(&mut w);
    for _ in 0..3 {
        call(&mut w, KmsRequest::DisableKey(key_request(&id)));
        call(&mut w, KmsRequest::EnableKey(key_request(&id)));
    }
    let d = diagram(&w);
    assert_eq!(d.nodes.len(), 7);
    assert_well_formed(&d);
    assert!(d.nodes.windows(2).all(|p| p[1].x > p[0].x + p[0].w));
}

#[test]
fn only_the_newest_lanes_are_drawn_and_the_title_says_so() {
    let mut w = World::new(7);
    for _ in 0..MAX_LANES + 2 {
        create_key(&mut w);
        w.advance(SimDuration::hours(1));
    }
    let d = diagram(&w);
    assert_eq!(d.groups.len(), MAX_LANES);
    assert_eq!(d.title, format!("KMS key timeline (newest {MAX_LANES} keys)"));
    assert_well_formed(&d);
}

#[test]
fn no_keys_draws_nothing() {
    let d = diagram(&World::new(8));
    assert!(d.nodes.is_empty() && d.groups.is_empty());
    assert_eq!(d.height, 0.0);
}
