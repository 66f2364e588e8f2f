//! PutMetricAlarm, DescribeAlarms, DeleteAlarms, SetAlarmState and DescribeAlarmHistory.

use super::evaluate::{arm, record, transition};
use super::*;
use crate::time::SimTime;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutMetricAlarmRequest {
    pub alarm_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarm_description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actions_enabled: Option<bool>,
    #[serde(rename = "OKActions", default, skip_serializing_if = "Vec::is_empty")]
    pub ok_actions: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alarm_actions: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub insufficient_data_actions: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statistic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extended_statistic: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dimensions: Vec<Dimension>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    pub evaluation_periods: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datapoints_to_alarm: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    pub comparison_operator: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub treat_missing_data: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

fn enum_error(value: &str, member: &str, all: &[&str]) -> ApiError {
    validation(format!(
        "1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must satisfy \
         enum value set: [{}]",
        all.join(", ")
    ))
}

fn parse_enum<T: Copy + std::fmt::Display>(all: &[T], value: &str, member: &str) -> Result<T, ApiError> {
    all.iter().copied().find(|v| v.to_string() == value).ok_or_else(|| {
        let names: Vec<String> = all.iter().map(|v| v.to_string()).collect();
        enum_error(value, member, &names.iter().map(String::as_str).collect::<Vec<_>>())
    })
}

/// Action ARNs CloudWatch accepts: SNS topics, EC2 actions, Auto Scaling policies, Lambda
/// functions and Systems Manager OpsItems/incidents.
fn check_action(cx: &mut CallContext, arn: &str) -> Result<(), ApiError> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let service_ok = parts.len() == 6
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && ["sns", "automate", "autoscaling", "lambda", "ssm", "ssm-incidents"].contains(&parts[2])
        && !parts[5].is_empty();
    if !service_ok {
        cx.why(
            "an alarm action is the ARN of an SNS topic, an EC2 action, an Auto Scaling policy or a Lambda function",
        );
        return Err(validation(format!("Invalid arn syntax: {arn}")));
    }
    if parts[3] != cx.region {
        cx.why(format!("an alarm's actions are in its own Region ({})", cx.region));
        return Err(validation(format!("Invalid region {} specified. Only {} is supported.", parts[3], cx.region)));
    }
    Ok(())
}

pub fn put_metric_alarm(
    world: &mut World,
    cx: &mut CallContext,
    input: Box<PutMetricAlarmRequest>,
) -> Result<EmptyOutput, ApiError> {
    let region = cx.region.clone();
    let name = input.alarm_name.clone();
    cx.touch(alarm_arn(&region, &name));
    if name.is_empty() || name.len() > 255 {
        return Err(validation(
            "1 validation error detected: Value at 'alarmName' failed to satisfy constraint: Member must have length \
             between 1 and 255",
        ));
    }
    let (Some(metric_name), Some(namespace)) = (input.metric_name.clone(), input.namespace.clone()) else {
        cx.why("an alarm watches one metric: MetricName and Namespace (metric math alarms are not simulated)");
        return Err(validation("MetricName and Namespace must be specified (metric math alarms are not simulated)."));
    };
    if input.extended_statistic.is_some() {
        cx.why("percentile statistics (ExtendedStatistic) are not simulated");
        return Err(validation("Nimbus Lab simulates Statistic only; ExtendedStatistic is not simulated."));
    }
    let Some(stat) = input.statistic.as_deref() else {
        return Err(invalid_value("The parameter Statistic or ExtendedStatistic must be specified."));
    };
    let statistic = parse_enum(Statistic::ALL, stat, "statistic")?;
    let operator = parse_enum(ComparisonOperator::ALL, &input.comparison_operator, "comparisonOperator")?;
    let treat = match &input.treat_missing_data {
        None => TreatMissingData::Missing,
        Some(t) => match TreatMissingData::ALL.iter().copied().find(|v| v.as_str() == t) {
            Some(v) => v,
            None => {
                cx.why("TreatMissingData is breaching, notBreaching, ignore or missing");
                return Err(validation(format!(
                    "Invalid value for TreatMissingData: {t}. Valid values are: breaching, notBreaching, ignore, missing"
                )));
            }
        },
    };
    let Some(period) = input.period else {
        return Err(validation("Period must be specified."));
    };
    if !(period == 10 || period == 20 || period == 30 || (period >= 60 && period % 60 == 0)) {
        cx.why("a period is 10, 20 or 30 seconds (high resolution) or a multiple of 60");
        return Err(validation("The parameter Period must be 10, 20, 30, or a multiple of 60."));
    }
    if input.evaluation_periods < 1 {
        return Err(validation("The parameter EvaluationPeriods must be greater than or equal to 1."));
    }
    if period * input.evaluation_periods > 86_400 {
        cx.why("an alarm looks back at most one day (Period × EvaluationPeriods)");
        return Err(validation(
            "Metrics cannot be checked across more than a day (EvaluationPeriods * Period must be <= 86400).",
        ));
    }
    let datapoints = input.datapoints_to_alarm.unwrap_or(input.evaluation_periods);
    if !(1..=input.evaluation_periods).contains(&datapoints) {
        cx.why("DatapointsToAlarm is between 1 and EvaluationPeriods (M out of N)");
        return Err(validation(
            "DatapointsToAlarm must be greater than 0 and less than or equal to EvaluationPeriods.",
        ));
    }
    let Some(threshold) = input.threshold else {
        return Err(validation("Threshold must be specified."));
    };
    for list in [&input.alarm_actions, &input.ok_actions, &input.insufficient_data_actions] {
        if list.len() > 5 {
            cx.why("an alarm has at most 5 actions per state");
            return Err(validation("The maximum number of actions for each state is 5."));
        }
        for a in list {
            check_action(cx, a)?;
        }
    }
    let now = world.now();
    let k = alarm_key(&region, &name);
    let existing = world.cloudwatch.alarms.get(&k).cloned();
    let alarm = MetricAlarm {
        name: name.clone(),
        region: region.clone(),
        description: input.alarm_description.clone(),
        actions_enabled: input.actions_enabled.unwrap_or(true),
        ok_actions: input.ok_actions.clone(),
        alarm_actions: input.alarm_actions.clone(),
        insufficient_data_actions: input.insufficient_data_actions.clone(),
        metric_name,
        namespace,
        statistic,
        dimensions: dims_in(&input.dimensions),
        period,
        unit: input.unit.clone(),
        evaluation_periods: input.evaluation_periods,
        datapoints_to_alarm: datapoints,
        threshold,
        comparison_operator: operator,
        treat_missing_data: treat,
        // An update keeps the state; a new alarm starts with no data.
        state: existing.as_ref().map_or(StateValue::InsufficientData, |e| e.state),
        state_reason: existing.as_ref().map_or("Unchecked: Initial alarm creation".into(), |e| e.state_reason.clone()),
        state_reason_data: existing.as_ref().and_then(|e| e.state_reason_data.clone()),
        state_updated: existing.as_ref().map_or(now, |e| e.state_updated),
        configuration_updated: now,
        tags: input.tags.iter().map(|t| (t.key.clone(), t.value.clone())).collect(),
        generation: existing.as_ref().map_or(0, |e| e.generation),
        armed: false,
    };
    world.cloudwatch.alarms.insert(k.clone(), alarm);
    let summary =
        if existing.is_some() { format!("Alarm \"{name}\" updated") } else { format!("Alarm \"{name}\" created") };
    record(world, &region, &name, "ConfigurationUpdate", summary, "{\"version\":\"1.0\",\"type\":\"Update\"}".into());
    arm(world, &k);
    cx.why(format!(
        "{name} watches {} {} of {} every {period}s: {} of the last {} periods {} {threshold:?} means ALARM",
        stat,
        input.metric_name.as_deref().unwrap_or_default(),
        input.namespace.as_deref().unwrap_or_default(),
        datapoints,
        input.evaluation_periods,
        operator.words()
    ));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MetricAlarmView {
    #[serde(rename = "AlarmName")]
    pub alarm_name: String,
    #[serde(rename = "AlarmArn")]
    pub alarm_arn: String,
    #[serde(rename = "AlarmDescription", default, skip_serializing_if = "Option::is_none")]
    pub alarm_description: Option<String>,
    #[serde(rename = "AlarmConfigurationUpdatedTimestamp")]
    pub alarm_configuration_updated_timestamp: SimTime,
    #[serde(rename = "ActionsEnabled")]
    pub actions_enabled: bool,
    #[serde(rename = "OKActions")]
    pub ok_actions: Vec<String>,
    #[serde(rename = "AlarmActions")]
    pub alarm_actions: Vec<String>,
    #[serde(rename = "InsufficientDataActions")]
    pub insufficient_data_actions: Vec<String>,
    #[serde(rename = "StateValue")]
    pub state_value: StateValue,
    #[serde(rename = "StateReason")]
    pub state_reason: String,
    #[serde(rename = "StateReasonData", default, skip_serializing_if = "Option::is_none")]
    pub state_reason_data: Option<String>,
    #[serde(rename = "StateUpdatedTimestamp")]
    pub state_updated_timestamp: SimTime,
    #[serde(rename = "MetricName")]
    pub metric_name: String,
    #[serde(rename = "Namespace")]
    pub namespace: String,
    #[serde(rename = "Statistic")]
    pub statistic: Statistic,
    #[serde(rename = "Dimensions")]
    pub dimensions: Vec<Dimension>,
    #[serde(rename = "Period")]
    pub period: i64,
    #[serde(rename = "Unit", default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(rename = "EvaluationPeriods")]
    pub evaluation_periods: i64,
    #[serde(rename = "DatapointsToAlarm")]
    pub datapoints_to_alarm: i64,
    #[serde(rename = "Threshold")]
    pub threshold: f64,
    #[serde(rename = "ComparisonOperator")]
    pub comparison_operator: ComparisonOperator,
    #[serde(rename = "TreatMissingData")]
    pub treat_missing_data: TreatMissingData,
}

pub(crate) fn alarm_view(a: &MetricAlarm) -> MetricAlarmView {
    MetricAlarmView {
        alarm_name: a.name.clone(),
        alarm_arn: alarm_arn(&a.region, &a.name),
        alarm_description: a.description.clone(),
        alarm_configuration_updated_timestamp: a.configuration_updated,
        actions_enabled: a.actions_enabled,
        ok_actions: a.ok_actions.clone(),
        alarm_actions: a.alarm_actions.clone(),
        insufficient_data_actions: a.insufficient_data_actions.clone(),
        state_value: a.state,
        state_reason: a.state_reason.clone(),
        state_reason_data: a.state_reason_data.clone(),
        state_updated_timestamp: a.state_updated,
        metric_name: a.metric_name.clone(),
        namespace: a.namespace.clone(),
        statistic: a.statistic,
        dimensions: dims_out(&a.dimensions),
        period: a.period,
        unit: a.unit.clone(),
        evaluation_periods: a.evaluation_periods,
        datapoints_to_alarm: a.datapoints_to_alarm,
        threshold: a.threshold,
        comparison_operator: a.comparison_operator,
        treat_missing_data: a.treat_missing_data,
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAlarmsRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alarm_names: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarm_name_prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_prefix: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAlarmsOutput {
    pub metric_alarms: Vec<MetricAlarmView>,
    pub composite_alarms: Vec<serde_json::Value>,
}

pub fn describe_alarms(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeAlarmsRequest,
) -> Result<DescribeAlarmsOutput, ApiError> {
    let region = cx.region.clone();
    if !input.alarm_names.is_empty() && input.alarm_name_prefix.is_some() {
        cx.why("AlarmNames and AlarmNamePrefix are alternatives");
        return Err(invalid_value("AlarmNames and AlarmNamePrefix cannot be specified together."));
    }
    let state = match &input.state_value {
        None => None,
        Some(s) => Some(parse_enum(StateValue::ALL, s, "stateValue")?),
    };
    let out: Vec<MetricAlarmView> = world
        .cloudwatch
        .alarms
        .values()
        .filter(|a| a.region == region)
        .filter(|a| input.alarm_names.is_empty() || input.alarm_names.contains(&a.name))
        .filter(|a| input.alarm_name_prefix.as_ref().is_none_or(|p| a.name.starts_with(p.as_str())))
        .filter(|a| state.is_none_or(|s| a.state == s))
        .filter(|a| {
            input.action_prefix.as_ref().is_none_or(|p| {
                a.alarm_actions
                    .iter()
                    .chain(&a.ok_actions)
                    .chain(&a.insufficient_data_actions)
                    .any(|x| x.starts_with(p.as_str()))
            })
        })
        .map(alarm_view)
        .collect();
    cx.why(format!("{} alarm(s) in {region}", out.len()));
    Ok(DescribeAlarmsOutput { metric_alarms: out, composite_alarms: Vec::new() })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteAlarmsRequest {
    pub alarm_names: Vec<String>,
}

pub fn delete_alarms(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteAlarmsRequest,
) -> Result<EmptyOutput, ApiError> {
    let region = cx.region.clone();
    let missing: Vec<&String> =
        input.alarm_names.iter().filter(|n| !world.cloudwatch.alarms.contains_key(&alarm_key(&region, n))).collect();
    if !missing.is_empty() {
        let list: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
        cx.why(format!("no alarm {} in {region}; nothing was deleted", list.join(", ")));
        return Err(ApiError::not_found(
            "ResourceNotFound",
            format!("The following alarms were not found: [{}]", list.join(", ")),
        ));
    }
    for n in &input.alarm_names {
        cx.touch(alarm_arn(&region, n));
        world.cloudwatch.alarms.remove(&alarm_key(&region, n));
    }
    cx.why(format!("{} alarm(s) deleted (their history stays for two weeks)", input.alarm_names.len()));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetAlarmStateRequest {
    pub alarm_name: String,
    pub state_value: String,
    pub state_reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_reason_data: Option<String>,
}

pub fn set_alarm_state(
    world: &mut World,
    cx: &mut CallContext,
    input: SetAlarmStateRequest,
) -> Result<EmptyOutput, ApiError> {
    let region = cx.region.clone();
    let k = alarm_key(&region, &input.alarm_name);
    cx.touch(alarm_arn(&region, &input.alarm_name));
    let state = parse_enum(StateValue::ALL, &input.state_value, "stateValue")?;
    if !world.cloudwatch.alarms.contains_key(&k) {
        return Err(alarm_not_found(cx, &input.alarm_name));
    }
    if let Some(d) = &input.state_reason_data {
        if serde_json::from_str::<serde_json::Value>(d).is_err() {
            return Err(invalid_value("StateReasonData is not valid JSON."));
        }
    }
    let changed = transition(world, &k, state, input.state_reason.clone(), input.state_reason_data.clone());
    // The alarm's next evaluation sets the state its data calls for.
    arm(world, &k);
    cx.why(if changed.is_empty() {
        format!("{} is already {state}; the next evaluation decides from the data", input.alarm_name)
    } else {
        format!(
            "{} set to {state} by hand ({changed}); the next evaluation decides from the data again",
            input.alarm_name
        )
    });
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAlarmHistoryRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarm_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history_item_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<SimTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<SimTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_records: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scan_by: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AlarmHistoryItem {
    pub alarm_name: String,
    pub alarm_type: String,
    pub timestamp: SimTime,
    pub history_item_type: String,
    pub history_summary: String,
    pub history_data: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAlarmHistoryOutput {
    pub alarm_history_items: Vec<AlarmHistoryItem>,
}

pub fn describe_alarm_history(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeAlarmHistoryRequest,
) -> Result<DescribeAlarmHistoryOutput, ApiError> {
    let region = cx.region.clone();
    if let Some(t) = &input.history_item_type {
        let all = ["ConfigurationUpdate", "StateUpdate", "Action"];
        if !all.contains(&t.as_str()) {
            return Err(enum_error(t, "historyItemType", &all));
        }
    }
    let mut out: Vec<AlarmHistoryItem> = world
        .cloudwatch
        .history
        .iter()
        .filter(|h| h.region == region)
        .filter(|h| input.alarm_name.as_ref().is_none_or(|n| *n == h.alarm_name))
        .filter(|h| input.history_item_type.as_ref().is_none_or(|t| *t == h.item_type))
        .filter(|h| input.start_date.is_none_or(|s| h.time >= s) && input.end_date.is_none_or(|e| h.time <= e))
        .map(|h| AlarmHistoryItem {
            alarm_name: h.alarm_name.clone(),
            alarm_type: "MetricAlarm".into(),
            timestamp: h.time,
            history_item_type: h.item_type.clone(),
            history_summary: h.summary.clone(),
            history_data: h.data.clone(),
        })
        .collect();
    if input.scan_by.as_deref() != Some("TimestampAscending") {
        out.reverse();
    }
    out.truncate(input.max_records.unwrap_or(100).clamp(1, 100));
    cx.why(format!("{} history item(s)", out.len()));
    Ok(DescribeAlarmHistoryOutput { alarm_history_items: out })
}
