//! PutMetricData and GetMetricStatistics: custom metrics' datapoints on the simulated clock.
//! New data wakes the alarms that watch the metric.

use super::evaluate::arm;
use super::*;
use crate::time::{SimDuration, SimTime};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricDatum {
    pub metric_name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dimensions: Vec<Dimension>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<SimTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutMetricDataRequest {
    pub namespace: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metric_data: Vec<MetricDatum>,
    /// The AWS CLI's shorthand for one datum (`--metric-name`, `--value`, `--unit`,
    /// `--timestamp`, `--dimensions`), as `aws cloudwatch put-metric-data` offers it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<SimTime>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dimensions: Vec<Dimension>,
}

pub fn put_metric_data(
    world: &mut World,
    cx: &mut CallContext,
    mut input: PutMetricDataRequest,
) -> Result<EmptyOutput, ApiError> {
    let region = cx.region.clone();
    if let Some(metric_name) = input.metric_name.take() {
        if !input.metric_data.is_empty() {
            return Err(invalid_value("--metric-name and --metric-data cannot be used together."));
        }
        input.metric_data.push(MetricDatum {
            metric_name,
            dimensions: std::mem::take(&mut input.dimensions),
            timestamp: input.timestamp.take(),
            value: input.value.take(),
            values: Vec::new(),
            unit: input.unit.take(),
        });
    }
    let ns = input.namespace.clone();
    if ns.is_empty() || ns.len() > 255 {
        return Err(validation(
            "1 validation error detected: Value at 'namespace' failed to satisfy constraint: Member must have length \
             between 1 and 255",
        ));
    }
    if ns.starts_with("AWS/") {
        cx.why("namespaces starting with AWS/ belong to AWS services");
        return Err(invalid_value(format!("The value {ns} for parameter Namespace is invalid.")));
    }
    if input.metric_data.is_empty() || input.metric_data.len() > 1000 {
        return Err(validation("The parameter MetricData must contain between 1 and 1000 items."));
    }
    let now = world.now();
    let mut added = 0;
    let mut touched = Vec::new();
    for d in &input.metric_data {
        let t = d.timestamp.unwrap_or(now);
        let earliest = now.0 - SimDuration::days(14).as_millis();
        let latest = now.0 + SimDuration::hours(2).as_millis();
        if !(earliest..=latest).contains(&t.0) {
            cx.why("a datapoint's timestamp is within the last two weeks and at most two hours ahead");
            return Err(invalid_value(format!(
                "The parameter MetricData.member.Timestamp must specify a time no more than two weeks in the past \
                 and no more than two hours in the future: {}",
                t.iso8601()
            )));
        }
        let mut values = d.values.clone();
        if let Some(v) = d.value {
            if !d.values.is_empty() {
                return Err(invalid_value(
                    "The parameters MetricData.member.Value and MetricData.member.Values are mutually exclusive.",
                ));
            }
            values.push(v);
        }
        if values.is_empty() {
            return Err(invalid_value("The parameter MetricData.member.Value or Values must be specified."));
        }
        let k = metric_key(&region, &ns, &d.metric_name, &dims_in(&d.dimensions));
        let series = world.cloudwatch.metrics.entry(k.clone()).or_default();
        for v in values {
            series.push(Datapoint { time: t, value: v, unit: d.unit.clone() });
            added += 1;
        }
        touched.push(k);
    }
    // Alarms on these metrics that rest wake up.
    let wake: Vec<String> = world
        .cloudwatch
        .alarms
        .iter()
        .filter(|(_, a)| {
            !a.armed && touched.contains(&metric_key(&a.region, &a.namespace, &a.metric_name, &a.dimensions))
        })
        .map(|(k, _)| k.clone())
        .collect();
    for k in &wake {
        arm(world, k);
    }
    cx.why(format!(
        "{added} datapoint(s) stored in {ns}{}",
        if wake.is_empty() { String::new() } else { format!("; {} alarm(s) will evaluate them", wake.len()) }
    ));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetMetricStatisticsRequest {
    pub namespace: String,
    pub metric_name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dimensions: Vec<Dimension>,
    pub start_time: SimTime,
    pub end_time: SimTime,
    pub period: i64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statistics: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StatisticsDatapoint {
    pub timestamp: SimTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample_count: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub average: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sum: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    pub unit: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetMetricStatisticsOutput {
    pub label: String,
    pub datapoints: Vec<StatisticsDatapoint>,
}

pub fn get_metric_statistics(
    world: &mut World,
    cx: &mut CallContext,
    input: GetMetricStatisticsRequest,
) -> Result<GetMetricStatisticsOutput, ApiError> {
    let region = cx.region.clone();
    if input.statistics.is_empty() {
        return Err(invalid_value("Must specify either Statistics or ExtendedStatistics."));
    }
    let mut stats = Vec::new();
    for s in &input.statistics {
        match Statistic::ALL.iter().copied().find(|v| v.as_str() == s) {
            Some(v) => stats.push(v),
            None => {
                return Err(validation(format!(
                    "1 validation error detected: Value '[{s}]' at 'statistics' failed to satisfy constraint: Member \
                     must satisfy constraint: [Member must satisfy enum value set: [Maximum, SampleCount, Sum, \
                     Minimum, Average]]"
                )))
            }
        }
    }
    if input.period < 1 || !(input.period < 60 || input.period % 60 == 0) {
        return Err(invalid_value("The parameter Period must be a multiple of 60."));
    }
    if input.end_time <= input.start_time {
        return Err(invalid_value("The parameter StartTime must be less than the parameter EndTime."));
    }
    let p = input.period * 1000;
    let k = metric_key(&region, &input.namespace, &input.metric_name, &dims_in(&input.dimensions));
    let mut buckets: std::collections::BTreeMap<i64, (Vec<f64>, Option<String>)> = Default::default();
    for d in world.cloudwatch.metrics.get(&k).map(Vec::as_slice).unwrap_or_default() {
        if d.time < input.start_time || d.time >= input.end_time || (input.unit.is_some() && d.unit != input.unit) {
            continue;
        }
        let start = input.start_time.0 + (d.time.0 - input.start_time.0) / p * p;
        let b = buckets.entry(start).or_default();
        b.0.push(d.value);
        b.1 = d.unit.clone();
    }
    let datapoints: Vec<StatisticsDatapoint> = buckets
        .into_iter()
        .map(|(start, (values, unit))| {
            let get = |s: Statistic| stats.contains(&s).then(|| s.of(&values)).flatten();
            StatisticsDatapoint {
                timestamp: SimTime(start),
                sample_count: get(Statistic::SampleCount),
                average: get(Statistic::Average),
                sum: get(Statistic::Sum),
                minimum: get(Statistic::Minimum),
                maximum: get(Statistic::Maximum),
                unit: unit.unwrap_or_else(|| "None".into()),
            }
        })
        .collect();
    cx.why(format!("{} period(s) with data for {}/{}", datapoints.len(), input.namespace, input.metric_name));
    Ok(GetMetricStatisticsOutput { label: input.metric_name, datapoints })
}
