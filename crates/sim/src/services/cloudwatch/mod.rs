//! Amazon CloudWatch metric alarms: alarms on one metric with AWS's validation, custom metrics
//! stored on the simulated clock (PutMetricData, GetMetricStatistics), evaluation every period
//! with TreatMissingData and M-out-of-N datapoints, state reasons worded as CloudWatch words
//! them, history items for configuration changes, state changes and actions. Alarm actions are
//! recorded, not carried out (SNS and EC2 actions are not wired yet). AWS services' own metrics
//! (AWS/EC2, AWS/RDS) are not produced: an alarm on them waits with no data.

pub mod jobs;
pub mod model;
pub mod ops;
#[cfg(test)]
mod tests;

pub use jobs::CloudWatchJob;
pub use model::*;
pub use ops::*;

pub(crate) use jobs::run as run_job;

service_api! {
    request CloudWatchRequest, response CloudWatchResponse;
    PutMetricAlarm(Box<PutMetricAlarmRequest>) -> EmptyOutput = ops::put_metric_alarm;
    DescribeAlarms(DescribeAlarmsRequest) -> DescribeAlarmsOutput = ops::describe_alarms;
    DeleteAlarms(DeleteAlarmsRequest) -> EmptyOutput = ops::delete_alarms;
    SetAlarmState(SetAlarmStateRequest) -> EmptyOutput = ops::set_alarm_state;
    DescribeAlarmHistory(DescribeAlarmHistoryRequest) -> DescribeAlarmHistoryOutput = ops::describe_alarm_history;
    PutMetricData(PutMetricDataRequest) -> EmptyOutput = ops::put_metric_data;
    GetMetricStatistics(GetMetricStatisticsRequest) -> GetMetricStatisticsOutput = ops::get_metric_statistics;
}
