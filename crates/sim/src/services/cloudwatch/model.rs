//! Metric alarms, the datapoints of custom metrics, and alarm history, per Region.

use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

aws_enum! {
    StateValue { Ok = "OK", Alarm = "ALARM", InsufficientData = "INSUFFICIENT_DATA" }
}

aws_enum! {
    ComparisonOperator {
        GreaterThanOrEqualToThreshold = "GreaterThanOrEqualToThreshold",
        GreaterThanThreshold = "GreaterThanThreshold",
        LessThanThreshold = "LessThanThreshold",
        LessThanOrEqualToThreshold = "LessThanOrEqualToThreshold",
    }
}

impl ComparisonOperator {
    pub fn breaches(self, value: f64, threshold: f64) -> bool {
        match self {
            ComparisonOperator::GreaterThanOrEqualToThreshold => value >= threshold,
            ComparisonOperator::GreaterThanThreshold => value > threshold,
            ComparisonOperator::LessThanThreshold => value < threshold,
            ComparisonOperator::LessThanOrEqualToThreshold => value <= threshold,
        }
    }
    /// How CloudWatch's state reasons word the comparison.
    pub fn words(self) -> &'static str {
        match self {
            ComparisonOperator::GreaterThanOrEqualToThreshold => "greater than or equal to",
            ComparisonOperator::GreaterThanThreshold => "greater than",
            ComparisonOperator::LessThanThreshold => "less than",
            ComparisonOperator::LessThanOrEqualToThreshold => "less than or equal to",
        }
    }
}

aws_enum! {
    Statistic { SampleCount = "SampleCount", Average = "Average", Sum = "Sum", Minimum = "Minimum", Maximum = "Maximum" }
}

impl Statistic {
    pub fn of(self, values: &[f64]) -> Option<f64> {
        if values.is_empty() {
            return None;
        }
        Some(match self {
            Statistic::SampleCount => values.len() as f64,
            Statistic::Sum => values.iter().sum(),
            Statistic::Average => values.iter().sum::<f64>() / values.len() as f64,
            Statistic::Minimum => values.iter().copied().fold(f64::INFINITY, f64::min),
            Statistic::Maximum => values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        })
    }
}

aws_enum! {
    TreatMissingData { Breaching = "breaching", NotBreaching = "notBreaching", Ignore = "ignore", Missing = "missing" }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CloudWatchState {
    /// `region/alarm name` -> alarm.
    pub alarms: BTreeMap<String, MetricAlarm>,
    /// `region|namespace|metric|dimensions` -> datapoints (time, value, unit).
    pub metrics: BTreeMap<String, Vec<Datapoint>>,
    pub history: Vec<HistoryRecord>,
}

pub fn alarm_key(region: &str, name: &str) -> String {
    format!("{region}/{name}")
}

/// Dimensions in name order, so the same metric has one key whatever order a caller gives.
pub fn metric_key(region: &str, namespace: &str, metric: &str, dimensions: &[(String, String)]) -> String {
    let mut d: Vec<String> = dimensions.iter().map(|(k, v)| format!("{k}={v}")).collect();
    d.sort();
    format!("{region}|{namespace}|{metric}|{}", d.join(","))
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Datapoint {
    pub time: SimTime,
    pub value: f64,
    pub unit: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MetricAlarm {
    pub name: String,
    pub region: String,
    pub description: Option<String>,
    pub actions_enabled: bool,
    pub ok_actions: Vec<String>,
    pub alarm_actions: Vec<String>,
    pub insufficient_data_actions: Vec<String>,
    pub metric_name: String,
    pub namespace: String,
    pub statistic: Statistic,
    pub dimensions: Vec<(String, String)>,
    pub period: i64,
    pub unit: Option<String>,
    pub evaluation_periods: i64,
    pub datapoints_to_alarm: i64,
    pub threshold: f64,
    pub comparison_operator: ComparisonOperator,
    pub treat_missing_data: TreatMissingData,
    pub state: StateValue,
    pub state_reason: String,
    pub state_reason_data: Option<String>,
    pub state_updated: SimTime,
    pub configuration_updated: SimTime,
    pub tags: Vec<(String, String)>,
    /// Bumped by every PutMetricAlarm and whenever evaluation is re-armed; an evaluation job
    /// carrying an older generation does nothing.
    pub generation: u32,
    /// Whether an evaluation is scheduled (an alarm with nothing left to evaluate rests until
    /// data arrives).
    pub armed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryRecord {
    pub region: String,
    pub alarm_name: String,
    pub time: SimTime,
    /// `ConfigurationUpdate`, `StateUpdate` or `Action`.
    pub item_type: String,
    pub summary: String,
    pub data: String,
}
