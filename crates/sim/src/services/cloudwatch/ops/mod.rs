//! One function per CloudWatch operation: `alarms.rs` metric alarms and their history,
//! `metrics.rs` PutMetricData and GetMetricStatistics, `evaluate.rs` alarm evaluation (run by
//! the scheduler every period).

mod alarms;
pub(crate) mod evaluate;
mod metrics;

pub use alarms::*;
pub use metrics::*;

use super::model::*;
use crate::error::ApiError;
use crate::world::{CallContext, World, ACCOUNT_ID};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Dimension {
    pub name: String,
    pub value: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    pub key: String,
    #[serde(default)]
    pub value: String,
}

/// The output of calls that answer nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EmptyOutput {}

pub(crate) fn validation(message: impl Into<String>) -> ApiError {
    ApiError::bad_request("ValidationError", message)
}

pub(crate) fn invalid_value(message: impl Into<String>) -> ApiError {
    ApiError::bad_request("InvalidParameterValue", message)
}

pub(crate) fn alarm_arn(region: &str, name: &str) -> String {
    format!("arn:aws:cloudwatch:{region}:{ACCOUNT_ID}:alarm:{name}")
}

pub(crate) fn dims_in(d: &[Dimension]) -> Vec<(String, String)> {
    d.iter().map(|d| (d.name.clone(), d.value.clone())).collect()
}

pub(crate) fn dims_out(d: &[(String, String)]) -> Vec<Dimension> {
    d.iter().map(|(n, v)| Dimension { name: n.clone(), value: v.clone() }).collect()
}

pub(crate) fn alarm_not_found(cx: &mut CallContext, name: &str) -> ApiError {
    cx.why(format!("no alarm '{name}' in {}", cx.region));
    ApiError::not_found("ResourceNotFound", format!("Alarm {name} not found"))
}
