//! `AWS::CloudWatch::Alarm`, made with PutMetricAlarm (an update puts the alarm again, as
//! CloudFormation does: the configuration is replaced, the state kept).

use super::ec2::{list, optional, required};
use super::{
    check_properties, flag, generated_name, handler_reason, kind, observed, text, Created, Observed, Provider,
    ProvisionCx,
};
use crate::services::cloudwatch::{self, CloudWatchRequest};
use crate::services::{Request, Response};
use crate::time::SimDuration;
use crate::world::World;
use serde_json::{json, Map, Value as Json};
use std::collections::BTreeMap;

pub struct Alarm;

fn call(world: &mut World, region: &str, r: CloudWatchRequest) -> Result<(), String> {
    #[allow(unreachable_patterns)]
    match world.call_in(region, Request::CloudWatch(r)) {
        Ok(Response::CloudWatch(_)) => Ok(()),
        Ok(_) => Err("unexpected response".into()),
        Err(e) => Err(handler_reason("CloudWatch", &e)),
    }
}

fn number(id: &str, props: &Map<String, Json>, key: &str) -> Result<Option<f64>, String> {
    match props.get(key) {
        None => Ok(None),
        Some(v) => text(v).and_then(|t| t.parse::<f64>().ok()).map(Some).ok_or_else(|| {
            format!(
                "Properties validation failed for resource {id} with message: #/{key}: expected type: Number, found: {}",
                kind(v)
            )
        }),
    }
}

fn dimensions(id: &str, props: &Map<String, Json>) -> Result<Vec<cloudwatch::Dimension>, String> {
    let Some(v) = props.get("Dimensions") else { return Ok(Vec::new()) };
    let Some(items) = v.as_array() else {
        return Err(format!(
            "Properties validation failed for resource {id} with message: #/Dimensions: expected type: JSONArray, found: {}",
            kind(v)
        ));
    };
    items
        .iter()
        .map(|d| match (d.get("Name").and_then(text), d.get("Value").and_then(text)) {
            (Some(name), Some(value)) => Ok(cloudwatch::Dimension { name, value }),
            _ => Err(format!(
                "Properties validation failed for resource {id} with message: #/Dimensions: required key [Name] or [Value] not found"
            )),
        })
        .collect()
}

fn put(world: &mut World, cx: &ProvisionCx<'_>, name: &str, props: &Map<String, Json>) -> Result<(), String> {
    let id = cx.logical_id;
    let request = cloudwatch::PutMetricAlarmRequest {
        alarm_name: name.into(),
        alarm_description: optional(props, "AlarmDescription"),
        actions_enabled: flag(props.get("ActionsEnabled")),
        ok_actions: list(id, props, "OKActions")?,
        alarm_actions: list(id, props, "AlarmActions")?,
        insufficient_data_actions: list(id, props, "InsufficientDataActions")?,
        metric_name: optional(props, "MetricName"),
        namespace: optional(props, "Namespace"),
        statistic: optional(props, "Statistic"),
        extended_statistic: optional(props, "ExtendedStatistic"),
        dimensions: dimensions(id, props)?,
        period: number(id, props, "Period")?.map(|p| p as i64),
        unit: optional(props, "Unit"),
        evaluation_periods: number(id, props, "EvaluationPeriods")?.map(|p| p as i64).ok_or_else(|| {
            format!("Properties validation failed for resource {id} with message: #: required key [EvaluationPeriods] not found")
        })?,
        datapoints_to_alarm: number(id, props, "DatapointsToAlarm")?.map(|p| p as i64),
        threshold: number(id, props, "Threshold")?,
        comparison_operator: required(id, props, "ComparisonOperator")?,
        treat_missing_data: optional(props, "TreatMissingData"),
        tags: Vec::new(),
    };
    call(world, cx.region, CloudWatchRequest::PutMetricAlarm(Box::new(request)))
}

fn alarm_created(region: &str, name: &str) -> Created {
    let mut attributes = BTreeMap::new();
    attributes.insert("Arn".into(), format!("arn:aws:cloudwatch:{region}:{}:alarm:{name}", crate::world::ACCOUNT_ID));
    Created { physical_id: name.into(), ref_value: name.into(), attributes }
}

impl Provider for Alarm {
    fn type_name(&self) -> &'static str {
        "AWS::CloudWatch::Alarm"
    }
    fn properties(&self) -> &'static [&'static str] {
        &[
            "ActionsEnabled",
            "AlarmActions",
            "AlarmDescription",
            "AlarmName",
            "ComparisonOperator",
            "DatapointsToAlarm",
            "Dimensions",
            "EvaluationPeriods",
            "ExtendedStatistic",
            "InsufficientDataActions",
            "MetricName",
            "Namespace",
            "OKActions",
            "Period",
            "Statistic",
            "Threshold",
            "TreatMissingData",
            "Unit",
        ]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["Arn"]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(3)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(2)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["AlarmName"]
    }
    fn name_property(&self) -> Option<&'static str> {
        Some("AlarmName")
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        check_properties(cx.logical_id, self.properties(), props)?;
        let name = match optional(props, "AlarmName") {
            Some(n) => n,
            None => generated_name(world, cx.stack_name, cx.logical_id, 255, false),
        };
        if world.cloudwatch.alarms.contains_key(&cloudwatch::alarm_key(cx.region, &name)) {
            return Err(format!("Resource of type 'AWS::CloudWatch::Alarm' with identifier '{name}' already exists."));
        }
        put(world, cx, &name, props)?;
        Ok(alarm_created(cx.region, &name))
    }
    fn update(
        &self,
        world: &mut World,
        cx: &ProvisionCx<'_>,
        physical_id: &str,
        props: &Map<String, Json>,
    ) -> Result<Created, String> {
        check_properties(cx.logical_id, self.properties(), props)?;
        put(world, cx, physical_id, props)?;
        Ok(alarm_created(cx.region, physical_id))
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        let request = cloudwatch::DeleteAlarmsRequest { alarm_names: vec![physical_id.into()] };
        match call(world, cx.region, CloudWatchRequest::DeleteAlarms(request)) {
            Err(r) if !r.contains("ResourceNotFound") => Err(r),
            _ => Ok(()),
        }
    }
    fn observe(&self, world: &World, physical_id: &str) -> Observed {
        let Some(a) = world.cloudwatch.alarms.values().find(|a| a.name == physical_id) else {
            return Observed::Deleted;
        };
        let dims: Vec<Json> = a.dimensions.iter().map(|(n, v)| json!({"Name": n, "Value": v})).collect();
        Observed::Properties(observed(&[
            ("MetricName", json!(a.metric_name)),
            ("Namespace", json!(a.namespace)),
            ("Statistic", json!(a.statistic.as_str())),
            ("Period", json!(a.period.to_string())),
            ("EvaluationPeriods", json!(a.evaluation_periods.to_string())),
            ("Threshold", json!(a.threshold.to_string())),
            ("ComparisonOperator", json!(a.comparison_operator.as_str())),
            ("TreatMissingData", json!(a.treat_missing_data.as_str())),
            ("Dimensions", Json::Array(dims)),
            ("AlarmActions", json!(a.alarm_actions)),
        ]))
    }
}
