//! Alarm evaluation: every period the scheduler looks at the alarm's last EvaluationPeriods
//! periods of data and sets the state, with CloudWatch's state reason. A change of state is a
//! `StateUpdate` history item and runs the new state's actions (recorded as `Action` items: the
//! services they call are not simulated yet). An alarm whose window holds no data rests until
//! PutMetricData gives it some (its state could not change before).

use super::*;
use crate::services::cloudwatch::jobs::CloudWatchJob;
use crate::services::Job;
use crate::time::{SimDuration, SimTime};

pub(crate) fn record(world: &mut World, region: &str, alarm: &str, item_type: &str, summary: String, data: String) {
    let now = world.now();
    world.cloudwatch.history.push(HistoryRecord {
        region: region.into(),
        alarm_name: alarm.into(),
        time: now,
        item_type: item_type.into(),
        summary,
        data,
    });
}

/// Schedules the alarm's next evaluation, one period from now.
pub(crate) fn arm(world: &mut World, key: &str) {
    let Some(a) = world.cloudwatch.alarms.get_mut(key) else { return };
    a.generation += 1;
    a.armed = true;
    let (generation, period) = (a.generation, a.period);
    world.schedule(
        SimDuration::seconds(period),
        Job::CloudWatch(CloudWatchJob::Evaluate { key: key.into(), generation }),
    );
}

/// CloudWatch's timestamp in state reasons: `29/11/26 12:00:00`.
fn short_time(t: SimTime) -> String {
    let c = t.civil();
    format!("{:02}/{:02}/{:02} {:02}:{:02}:{:02}", c.day, c.month, c.year % 100, c.hour, c.minute, c.second)
}

fn json_escape(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// Sets the alarm's state; a change is recorded and runs the new state's actions. Returns the
/// change (`OK -> ALARM`), empty when the state stays.
pub(crate) fn transition(
    world: &mut World,
    key: &str,
    state: StateValue,
    reason: String,
    reason_data: Option<String>,
) -> String {
    let now = world.now();
    let Some(a) = world.cloudwatch.alarms.get_mut(key) else { return String::new() };
    let old = a.state;
    let old_reason = std::mem::replace(&mut a.state_reason, reason.clone());
    a.state_reason_data = reason_data;
    if old == state {
        return String::new();
    }
    a.state = state;
    a.state_updated = now;
    let a = a.clone();
    let data = format!(
        "{{\"version\":\"1.0\",\"oldState\":{{\"stateValue\":\"{old}\",\"stateReason\":{}}},\"newState\":{{\"stateValue\":\"{state}\",\"stateReason\":{}}}}}",
        json_escape(&old_reason),
        json_escape(&reason)
    );
    record(world, &a.region, &a.name, "StateUpdate", format!("Alarm updated from {old} to {state}"), data);
    let actions = match state {
        StateValue::Alarm => &a.alarm_actions,
        StateValue::Ok => &a.ok_actions,
        StateValue::InsufficientData => &a.insufficient_data_actions,
    };
    if a.actions_enabled {
        for action in actions {
            let service = action.split(':').nth(2).unwrap_or_default();
            let what = match service {
                "sns" => "Nimbus Lab does not simulate SNS yet, so no notification was delivered",
                "automate" => "Nimbus Lab does not run EC2 alarm actions yet",
                _ => "Nimbus Lab does not simulate this action's service yet",
            };
            let summary = format!("Failed to execute action {action}. Received error: \"{what}\"");
            let data = format!("{{\"actionState\":\"Failed\",\"notificationResource\":{}}}", json_escape(action));
            record(world, &a.region, &a.name, "Action", summary, data);
        }
    }
    format!("{old} -> {state}")
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The state the alarm's data calls for now, and CloudWatch's reason for it; None when the
/// state stays as it is (all data missing and TreatMissingData ignore).
pub(crate) fn decide(world: &World, a: &MetricAlarm) -> Option<(StateValue, String)> {
    let now = world.now().0;
    let p = a.period * 1000;
    let end = now - now.rem_euclid(p);
    let n = a.evaluation_periods as usize;
    let series = world.cloudwatch.metrics.get(&metric_key(&a.region, &a.namespace, &a.metric_name, &a.dimensions));
    // Most recent period first: (period start, statistic value or None when missing).
    let periods: Vec<(SimTime, Option<f64>)> = (0..n as i64)
        .map(|i| {
            let (from, to) = (end - (i + 1) * p, end - i * p);
            let values: Vec<f64> = series
                .map(|s| {
                    s.iter()
                        .filter(|d| d.time.0 >= from && d.time.0 < to)
                        .filter(|d| a.unit.is_none() || d.unit == a.unit)
                        .map(|d| d.value)
                        .collect()
                })
                .unwrap_or_default();
            (SimTime(from), a.statistic.of(&values))
        })
        .collect();
    let present: Vec<(SimTime, f64)> = periods.iter().filter_map(|(t, v)| v.map(|v| (*t, v))).collect();
    let missing = n - present.len();
    let words = a.comparison_operator.words();
    let threshold = a.threshold;
    if present.is_empty() {
        return match a.treat_missing_data {
            TreatMissingData::Missing => {
                let reason = format!(
                    "Insufficient Data: {} {} unknown.",
                    plural(n, "datapoint"),
                    if n == 1 { "was" } else { "were" }
                );
                Some((StateValue::InsufficientData, reason))
            }
            TreatMissingData::Ignore => None,
            TreatMissingData::Breaching | TreatMissingData::NotBreaching => {
                let breaching = a.treat_missing_data == TreatMissingData::Breaching;
                let reason = format!(
                    "Threshold Crossed: no datapoints were received for {} and {} {} treated as [{}].",
                    plural(n, "period"),
                    plural(n, "missing datapoint"),
                    if n == 1 { "was" } else { "were" },
                    if breaching { "Breaching" } else { "NonBreaching" }
                );
                Some((if breaching { StateValue::Alarm } else { StateValue::Ok }, reason))
            }
        };
    }
    let breaching: Vec<&(SimTime, f64)> =
        present.iter().filter(|(_, v)| a.comparison_operator.breaches(*v, threshold)).collect();
    let mut count = breaching.len();
    if a.treat_missing_data == TreatMissingData::Breaching {
        count += missing;
    }
    let alarm = count as i64 >= a.datapoints_to_alarm;
    let shown: Vec<&(SimTime, f64)> = if alarm {
        breaching.clone()
    } else {
        present.iter().filter(|(_, v)| !a.comparison_operator.breaches(*v, threshold)).collect()
    };
    let list: Vec<String> = shown.iter().map(|(t, v)| format!("{v:?} ({})", short_time(*t))).collect();
    let not = if alarm { "" } else { "not " };
    let reason = if n == 1 && a.datapoints_to_alarm == 1 {
        format!("Threshold Crossed: 1 datapoint [{}] was {not}{words} the threshold ({threshold:?}).", list.join(", "))
    } else {
        let (min, direction) = if alarm {
            (a.datapoints_to_alarm as usize, "OK -> ALARM")
        } else {
            (n + 1 - a.datapoints_to_alarm as usize, "ALARM -> OK")
        };
        format!(
            "Threshold Crossed: {} out of the last {n} datapoints [{}] {} {not}{words} the threshold ({threshold:?}) \
             (minimum {} for {direction} transition).",
            shown.len(),
            list.join(", "),
            if shown.len() == 1 { "was" } else { "were" },
            plural(min, "datapoint")
        )
    };
    Some((if alarm { StateValue::Alarm } else { StateValue::Ok }, reason))
}

/// One evaluation of alarm `key`. Returns the trail's reason.
pub(crate) fn evaluate(world: &mut World, key: &str, generation: u32) -> String {
    let Some(a) = world.cloudwatch.alarms.get(key).cloned() else {
        return "the alarm was deleted".into();
    };
    if a.generation != generation {
        return format!("{} was changed since; a newer evaluation is scheduled", a.name);
    }
    let decided = decide(world, &a);
    let changed = match decided {
        Some((state, reason)) => {
            let data =
                format!("{{\"version\":\"1.0\",\"queryDate\":\"{}\",\"period\":{}}}", world.now().iso8601(), a.period);
            transition(world, key, state, reason, Some(data))
        }
        None => String::new(),
    };
    // Keep evaluating while data in the window can still age out; otherwise rest until data comes.
    let window_from = world.now().0 - (a.evaluation_periods + 1) * a.period * 1000;
    let live = world
        .cloudwatch
        .metrics
        .get(&metric_key(&a.region, &a.namespace, &a.metric_name, &a.dimensions))
        .is_some_and(|s| s.iter().any(|d| d.time.0 >= window_from));
    if live {
        let period = a.period;
        world.schedule(
            SimDuration::seconds(period),
            Job::CloudWatch(CloudWatchJob::Evaluate { key: key.into(), generation }),
        );
    } else if let Some(a) = world.cloudwatch.alarms.get_mut(key) {
        a.armed = false;
    }
    let state = world.cloudwatch.alarms.get(key).map_or(StateValue::InsufficientData, |a| a.state);
    match (changed.is_empty(), live) {
        (false, _) => format!("{} went {changed}: {}", a.name, world.cloudwatch.alarms[key].state_reason),
        (true, true) => format!("{} stays {state}", a.name),
        (true, false) => format!("{} stays {state}; no data in its window, so it rests until data arrives", a.name),
    }
}
