//! The KMS key timeline: one lane per key, its events placed left to right by date. Created,
//! each rotation with the material version it made, disabled and enabled, deletion scheduled
//! (with the date it will happen) or cancelled, and deleted. Future events (the deletion date,
//! the next automatic rotation) are drawn dashed.
//!
//! Rotations come from the key's own material list, so they are exact however long ago they
//! happened; the state changes come from the trail (the key does not keep its history), and a
//! key that is gone is found there too, by the job that deleted it.

use crate::diagram::spec::{width_for_label, NODE_HEIGHT};
use crate::diagram::{Diagram, Edge, EdgeStyle, Group, Node};
use crate::services::kms::model::{Key, KeyManager, KeyState, RotationType};
use crate::time::{SimDuration, SimTime};
use crate::trail::{EventSource, TrailEvent};
use crate::World;

/// Lanes shown at most (the newest keys); older ones are summed up in the title.
pub const MAX_LANES: usize = 12;
/// The width the whole time span aims for, before nodes push each other right.
const SPAN_WIDTH: f32 = 760.0;
/// Pixels per day at most (events hours apart) and at least (years of history).
const MAX_PX_PER_DAY: f32 = 40.0;
const MIN_PX_PER_DAY: f32 = 0.2;
const MARGIN: f32 = 16.0;
const LANE_PADDING: f32 = 14.0;
const LANE_BAND: f32 = 24.0;
const LANE_GAP: f32 = 12.0;
/// Room between two events of a lane, so the line between them shows.
const EVENT_GAP: f32 = 28.0;

/// What happened to a key, in the order the lane shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyEvent {
    pub time: SimTime,
    pub what: EventKind,
    /// Still to come (the deletion date, the next rotation).
    pub planned: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum EventKind {
    Created { version: usize, manager: KeyManager },
    Rotated { version: usize, how: RotationType, material_id: String },
    Disabled,
    Enabled,
    DeletionScheduled { deletion_date: SimTime },
    DeletionCancelled,
    Deleted,
    NextRotation { period_days: i64 },
}

impl EventKind {
    /// The node kind (it names the CSS class and is read out first).
    pub fn kind(&self) -> &'static str {
        match self {
            EventKind::Created { .. } => "created",
            EventKind::Rotated { .. } => "rotation",
            EventKind::Disabled => "disabled",
            EventKind::Enabled => "enabled",
            EventKind::DeletionScheduled { .. } => "deletion scheduled",
            EventKind::DeletionCancelled => "deletion cancelled",
            EventKind::Deleted => "deleted",
            EventKind::NextRotation { .. } => "next rotation",
        }
    }

    pub fn label(&self, planned: bool) -> String {
        match self {
            EventKind::Created { version, .. } => format!("Created · v{version}"),
            EventKind::Rotated { version, .. } => format!("Rotated · v{version}"),
            EventKind::Disabled => "Disabled".into(),
            EventKind::Enabled => "Enabled".into(),
            EventKind::DeletionScheduled { .. } => "Deletion scheduled".into(),
            EventKind::DeletionCancelled => "Deletion cancelled".into(),
            EventKind::Deleted if planned => "Deleted on".into(),
            EventKind::Deleted => "Deleted".into(),
            EventKind::NextRotation { .. } => "Next rotation".into(),
        }
    }

    /// The state the key is in after this event, for the line to the next one.
    fn state_after(&self) -> Option<&'static str> {
        match self {
            EventKind::Created { .. } | EventKind::Enabled => Some("Enabled"),
            EventKind::Disabled | EventKind::DeletionCancelled => Some("Disabled"),
            EventKind::DeletionScheduled { .. } => Some("PendingDeletion"),
            EventKind::Rotated { .. } | EventKind::Deleted | EventKind::NextRotation { .. } => None,
        }
    }
}

/// One key's lane.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    pub key_id: String,
    pub arn: String,
    /// The first alias, or the key id.
    pub name: String,
    pub manager: KeyManager,
    /// The key's state now, or `None` once it is deleted.
    pub state: Option<KeyState>,
    pub events: Vec<KeyEvent>,
}

pub fn diagram(world: &World) -> Diagram {
    let lanes = lanes(world);
    draw(&lanes, world.now(), world.kms.keys.len())
}

/// Every key's lane, oldest key first, the newest [`MAX_LANES`] at most.
pub fn lanes(world: &World) -> Vec<Lane> {
    let events = world.trail().events();
    let mut lanes: Vec<(SimTime, Lane)> =
        world.kms.keys.values().map(|k| (k.creation_date, live_lane(world, k, events))).collect();
    lanes.extend(deleted_lanes(world, events));
    crate::sort::sort_by(&mut lanes, |a, b| a.0.cmp(&b.0).then_with(|| a.1.key_id.cmp(&b.1.key_id)));
    let skip = lanes.len().saturating_sub(MAX_LANES);
    lanes.into_iter().skip(skip).map(|(_, lane)| lane).collect()
}

fn key_name(world: &World, key_id: &str) -> String {
    world.kms.aliases.values().find(|a| a.target_key_id == key_id).map(|a| a.name.clone()).unwrap_or(key_id.into())
}

fn live_lane(world: &World, key: &Key, trail: &[TrailEvent]) -> Lane {
    let mut events = vec![KeyEvent {
        time: key.creation_date,
        what: EventKind::Created { version: 1, manager: key.key_manager },
        planned: false,
    }];
    for (i, m) in key.materials.iter().enumerate().skip(1) {
        events.push(KeyEvent {
            time: m.created,
            what: EventKind::Rotated {
                version: i + 1,
                how: m.rotation.unwrap_or(RotationType::OnDemand),
                material_id: m.id.clone(),
            },
            planned: false,
        });
    }
    events.extend(state_changes(&key.arn, trail));
    match (key.state, key.deletion_date) {
        (KeyState::PendingDeletion, Some(date)) => {
            events.push(KeyEvent { time: date, what: EventKind::Deleted, planned: true });
        }
        _ => {
            if let Some(plan) = key.rotation.as_ref().filter(|r| r.next_rotation > world.now()) {
                let what = EventKind::NextRotation { period_days: plan.period_days };
                events.push(KeyEvent { time: plan.next_rotation, what, planned: true });
            }
        }
    }
    crate::sort::sort_by(&mut events, |a, b| a.time.cmp(&b.time));
    Lane {
        key_id: key.key_id.clone(),
        arn: key.arn.clone(),
        name: key_name(world, &key.key_id),
        manager: key.key_manager,
        state: Some(key.state),
        events,
    }
}

/// Disable, enable, schedule and cancel deletion, from the successful calls that touched `arn`.
/// An EnableKey on a key that was already enabled changed nothing and is left out.
fn state_changes(arn: &str, trail: &[TrailEvent]) -> Vec<KeyEvent> {
    let mut out = Vec::new();
    let mut enabled = true;
    for e in trail.iter().filter(|e| e.service == "kms" && e.outcome.is_ok() && e.resources.iter().any(|r| r == arn)) {
        let what = match (e.source.clone(), e.operation.as_str()) {
            (EventSource::Call, "DisableKey") if enabled => EventKind::Disabled,
            (EventSource::Call, "EnableKey") if !enabled => EventKind::Enabled,
            (EventSource::Call, "ScheduleKeyDeletion") => {
                EventKind::DeletionScheduled { deletion_date: e.time + SimDuration::days(pending_window(&e.request)) }
            }
            (EventSource::Call, "CancelKeyDeletion") => EventKind::DeletionCancelled,
            _ => continue,
        };
        // Only EnableKey leaves the key enabled; disabling, scheduling or cancelling deletion do not.
        enabled = matches!(what, EventKind::Enabled);
        out.push(KeyEvent { time: e.time, what, planned: false });
    }
    out
}

/// The waiting period a ScheduleKeyDeletion request asked for (30 days when it named none).
fn pending_window(request: &str) -> i64 {
    serde_json::from_str::<serde_json::Value>(request)
        .ok()
        .and_then(|v| v.get("PendingWindowInDays").and_then(|d| d.as_i64()))
        .unwrap_or(30)
}

/// Keys a DeleteKey job removed: not in the World any more, known from the trail.
fn deleted_lanes(world: &World, trail: &[TrailEvent]) -> Vec<(SimTime, Lane)> {
    let mut out = Vec::new();
    for job in trail.iter().filter(|e| e.source == EventSource::Job && e.operation == "DeleteKey") {
        let Some(arn) = job.resources.first() else { continue };
        let key_id = arn.rsplit('/').next().unwrap_or(arn).to_string();
        if world.kms.keys.contains_key(&key_id) || out.iter().any(|(_, l): &(SimTime, Lane)| l.arn == *arn) {
            continue;
        }
        let created = trail
            .iter()
            .find(|e| e.operation == "CreateKey" && e.outcome.is_ok() && e.resources.iter().any(|r| r == arn))
            .map(|e| e.time);
        let mut events: Vec<KeyEvent> = Vec::new();
        if let Some(time) = created {
            events.push(KeyEvent {
                time,
                what: EventKind::Created { version: 1, manager: KeyManager::Customer },
                planned: false,
            });
        }
        events.extend(state_changes(arn, trail));
        events.push(KeyEvent { time: job.time, what: EventKind::Deleted, planned: false });
        crate::sort::sort_by(&mut events, |a, b| a.time.cmp(&b.time));
        let since = events.first().map(|e| e.time).unwrap_or(job.time);
        // Its aliases went with it, so the lane is named by the key id.
        let name = key_id.clone();
        out.push((since, Lane { key_id, arn: arn.clone(), name, manager: KeyManager::Customer, state: None, events }));
    }
    out
}

// ---------------------------------------------------------------------------------- drawing

pub fn lane_id(key_id: &str) -> String {
    format!("lane:{key_id}")
}

pub fn event_id(key_id: &str, index: usize) -> String {
    format!("event:{key_id}#{index}")
}

fn day_of(t: SimTime) -> f32 {
    (t.0 as f64 / 86_400_000.0) as f32
}

fn date(t: SimTime) -> String {
    let c = t.civil();
    format!("{:04}-{:02}-{:02}", c.year, c.month, c.day)
}

fn lane_label(lane: &Lane) -> String {
    let manager = match lane.manager {
        KeyManager::Aws => "AWS managed",
        KeyManager::Customer => "customer managed",
    };
    let state = lane.state.map(|s| s.as_str()).unwrap_or("deleted");
    format!("{} · {manager} · {state}", lane.name)
}

fn event_details(lane: &Lane, event: &KeyEvent) -> Vec<(String, String)> {
    let mut d = vec![("Key".to_string(), lane.key_id.clone()), ("Date".into(), event.time.iso8601())];
    match &event.what {
        EventKind::Created { manager, .. } => {
            d.push(("Key manager".into(), manager.as_str().into()));
            d.push(("Material".into(), "version 1".into()));
        }
        EventKind::Rotated { version, how, material_id } => {
            d.push(("Rotation".into(), how.as_str().into()));
            d.push(("Material".into(), format!("version {version}, {material_id}")));
            d.push(("Note".into(), "new encryptions use this version; older versions still decrypt".into()));
        }
        EventKind::DeletionScheduled { deletion_date } => {
            d.push(("Deletion date".into(), deletion_date.iso8601()));
        }
        EventKind::DeletionCancelled => {
            d.push(("Note".into(), "CancelKeyDeletion leaves the key Disabled, not Enabled".into()));
        }
        EventKind::Deleted if event.planned => {
            d.push((
                "Note".into(),
                "the key and all its material are deleted then, unless the deletion is cancelled".into(),
            ));
        }
        EventKind::Deleted => {
            d.push(("Note".into(), "data encrypted under the key can never be decrypted again".into()));
        }
        EventKind::NextRotation { period_days } => {
            d.push(("Rotation period".into(), format!("{period_days} days")));
        }
        EventKind::Disabled | EventKind::Enabled => {}
    }
    d
}

/// Lays the lanes out: x from the date (pushed right when events crowd), one row per lane.
pub fn draw(lanes: &[Lane], now: SimTime, keys_in_world: usize) -> Diagram {
    let shown = lanes.len();
    let mut title = "KMS key timeline".to_string();
    if keys_in_world + lanes.iter().filter(|l| l.state.is_none()).count() > shown {
        title.push_str(&format!(" (newest {shown} keys)"));
    }
    let mut diagram = Diagram { title, ..Default::default() };
    let times = lanes.iter().flat_map(|l| l.events.iter().map(|e| e.time));
    let start = times.clone().min().unwrap_or(now);
    let end = times.max().unwrap_or(now).max(now);
    let span_days = (day_of(end) - day_of(start)).max(1.0 / 24.0);
    let px_per_day = (SPAN_WIDTH / span_days).clamp(MIN_PX_PER_DAY, MAX_PX_PER_DAY);
    let left = MARGIN + LANE_PADDING;
    let mut y = MARGIN;
    let mut right_edge: f32 = 0.0;
    for lane in lanes {
        let group = lane_id(&lane.key_id);
        let node_y = y + LANE_BAND + LANE_PADDING;
        let mut next_free = left;
        let first = diagram.nodes.len();
        for (i, event) in lane.events.iter().enumerate() {
            let label = event.what.label(event.planned);
            let w = width_for_label(&label);
            let ideal = left + (day_of(event.time) - day_of(start)) * px_per_day;
            let x = ideal.max(next_free);
            next_free = x + w + EVENT_GAP;
            let kind = if event.planned && !matches!(event.what, EventKind::NextRotation { .. }) {
                "planned deletion".to_string()
            } else {
                event.what.kind().to_string()
            };
            diagram.nodes.push(Node {
                id: event_id(&lane.key_id, i),
                label,
                kind,
                state: Some(date(event.time)),
                details: event_details(lane, event),
                group: Some(group.clone()),
                x,
                y: node_y,
                w,
                h: NODE_HEIGHT,
            });
        }
        let lane_nodes = &diagram.nodes[first..];
        for (i, pair) in lane_nodes.windows(2).enumerate() {
            let (a, b) = (&pair[0], &pair[1]);
            let mid = a.y + a.h / 2.0;
            let planned = lane.events[i + 1].planned;
            let room = b.x - (a.x + a.w);
            // The state between two events, when there is room to write it on the line.
            let label = lane.events[..=i]
                .iter()
                .rev()
                .find_map(|e| e.what.state_after())
                .filter(|s| room >= s.len() as f32 * 6.5 + 16.0)
                .map(str::to_string);
            diagram.edges.push(Edge {
                from: a.id.clone(),
                to: b.id.clone(),
                label,
                style: if planned { EdgeStyle::Dashed } else { EdgeStyle::Solid },
                points: vec![(a.x + a.w, mid), (b.x, mid)],
            });
        }
        let label = lane_label(lane);
        let content_right = lane_nodes.last().map(|n| n.x + n.w).unwrap_or(left);
        let w = (content_right + LANE_PADDING - MARGIN).max(crate::diagram::spec::text_width(&label) + 24.0);
        let h = LANE_BAND + LANE_PADDING * 2.0 + NODE_HEIGHT;
        let mut details = vec![("Key ARN".to_string(), lane.arn.clone())];
        details.push(("State".into(), lane.state.map(|s| s.as_str()).unwrap_or("deleted").into()));
        let versions = lane.events.iter().filter(|e| !e.planned && matches!(e.what, EventKind::Rotated { .. })).count();
        details.push(("Material versions".into(), (versions + 1).to_string()));
        diagram.groups.push(Group { id: group, label, kind: "key".into(), parent: None, details, x: MARGIN, y, w, h });
        right_edge = right_edge.max(MARGIN + w);
        y += h + LANE_GAP;
    }
    // Lanes share one width, so dates line up down the page.
    for g in &mut diagram.groups {
        g.w = right_edge - MARGIN;
    }
    diagram.width = right_edge + MARGIN;
    diagram.height = if lanes.is_empty() { 0.0 } else { y - LANE_GAP + MARGIN };
    diagram
}

#[cfg(test)]
mod tests;
