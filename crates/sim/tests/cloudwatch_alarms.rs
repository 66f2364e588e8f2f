//! CloudWatch alarms through the terminal: AWS's validation, evaluation every period from
//! PutMetricData's datapoints, M out of N, TreatMissingData, state reasons in CloudWatch's words,
//! SetAlarmState, history items for changes and actions, and GetMetricStatistics.

mod common;

use common::ec2::Term;
use nimbus_sim::SimDuration;

const ALARM: &str = "aws cloudwatch put-metric-alarm --alarm-name high-load --namespace App --metric-name Load \
    --statistic Average --period 60 --evaluation-periods 1 --threshold 80 \
    --comparison-operator GreaterThanThreshold";

fn state(t: &mut Term, name: &str) -> String {
    t.text(&format!("aws cloudwatch describe-alarms --alarm-names {name} --query MetricAlarms[0].StateValue"))
}

fn reason(t: &mut Term, name: &str) -> String {
    t.text(&format!("aws cloudwatch describe-alarms --alarm-names {name} --query MetricAlarms[0].StateReason"))
}

#[test]
fn an_alarm_goes_to_alarm_when_a_datapoint_crosses_the_threshold() {
    let mut t = Term::new(1);
    t.ok(ALARM);
    assert_eq!(state(&mut t, "high-load"), "INSUFFICIENT_DATA");
    assert_eq!(reason(&mut t, "high-load"), "Unchecked: Initial alarm creation");
    t.world.advance(SimDuration::seconds(10));
    t.ok("aws cloudwatch put-metric-data --namespace App --metric-name Load --value 85");
    t.world.advance(SimDuration::seconds(50));
    assert_eq!(state(&mut t, "high-load"), "ALARM");
    assert_eq!(
        reason(&mut t, "high-load"),
        "Threshold Crossed: 1 datapoint [85.0 (01/01/26 00:00:00)] was greater than the threshold (80.0)."
    );
    t.ok("aws cloudwatch put-metric-data --namespace App --metric-name Load --value 50");
    t.world.advance(SimDuration::seconds(60));
    assert_eq!(state(&mut t, "high-load"), "OK");
    assert_eq!(
        reason(&mut t, "high-load"),
        "Threshold Crossed: 1 datapoint [50.0 (01/01/26 00:01:00)] was not greater than the threshold (80.0)."
    );
    // No data any more: with TreatMissingData missing the alarm has insufficient data.
    t.world.advance(SimDuration::seconds(60));
    assert_eq!(state(&mut t, "high-load"), "INSUFFICIENT_DATA");
    assert_eq!(reason(&mut t, "high-load"), "Insufficient Data: 1 datapoint was unknown.");
    let n = t.world.pending_jobs().len();
    t.world.advance(SimDuration::hours(1));
    assert_eq!(t.world.pending_jobs().len(), n.saturating_sub(1), "an alarm without data rests");
    let history =
        t.json("aws cloudwatch describe-alarm-history --alarm-name high-load --history-item-type StateUpdate");
    let summaries: Vec<&str> = history["AlarmHistoryItems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["HistorySummary"].as_str().unwrap())
        .collect();
    assert_eq!(
        summaries,
        [
            "Alarm updated from OK to INSUFFICIENT_DATA",
            "Alarm updated from ALARM to OK",
            "Alarm updated from INSUFFICIENT_DATA to ALARM"
        ]
    );
}

#[test]
fn m_out_of_n_and_missing_data_treatment() {
    let mut t = Term::new(2);
    t.ok(&ALARM.replace("--evaluation-periods 1", "--evaluation-periods 3 --datapoints-to-alarm 2"));
    for v in [90, 70, 95] {
        t.ok(&format!("aws cloudwatch put-metric-data --namespace App --metric-name Load --value {v}"));
        t.world.advance(SimDuration::seconds(60));
    }
    assert_eq!(state(&mut t, "high-load"), "ALARM");
    assert_eq!(
        reason(&mut t, "high-load"),
        "Threshold Crossed: 2 out of the last 3 datapoints [95.0 (01/01/26 00:02:00), 90.0 (01/01/26 00:00:00)] were \
         greater than the threshold (80.0) (minimum 2 datapoints for OK -> ALARM transition)."
    );
    // An alarm with breaching missing data goes to ALARM without any data.
    t.ok(
        "aws cloudwatch put-metric-alarm --alarm-name silent --namespace App --metric-name Heartbeat --statistic Sum \
         --period 60 --evaluation-periods 1 --threshold 1 --comparison-operator LessThanThreshold \
         --treat-missing-data breaching",
    );
    t.world.advance(SimDuration::seconds(60));
    assert_eq!(state(&mut t, "silent"), "ALARM");
    assert_eq!(
        reason(&mut t, "silent"),
        "Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [Breaching]."
    );
    let ok = t.json("aws cloudwatch describe-alarms --state-value ALARM --alarm-name-prefix sil");
    assert_eq!(ok["MetricAlarms"].as_array().unwrap().len(), 1);
}

#[test]
fn validation_follows_cloudwatch() {
    let mut t = Term::new(3);
    let cases = [
        (ALARM.replace("--period 60", "--period 45"), "ValidationError", "Period"),
        (ALARM.replace("Average", "Median"), "ValidationError", "Member must satisfy enum value set"),
        (ALARM.replace("GreaterThanThreshold", "Bigger"), "ValidationError", "comparisonOperator"),
        (
            ALARM.replace("--evaluation-periods 1", "--evaluation-periods 2 --datapoints-to-alarm 3"),
            "ValidationError",
            "DatapointsToAlarm",
        ),
        (
            ALARM.replace("--period 60", "--period 3600").replace("--evaluation-periods 1", "--evaluation-periods 25"),
            "ValidationError",
            "more than a day",
        ),
        (format!("{ALARM} --treat-missing-data sometimes"), "ValidationError", "TreatMissingData"),
        (format!("{ALARM} --alarm-actions not-an-arn"), "ValidationError", "Invalid arn syntax: not-an-arn"),
    ];
    for (line, code, text) in &cases {
        let err = t.fails(line);
        assert!(err.contains(code) && err.contains(text), "{line}\n{err}");
    }
    assert_eq!(t.json("aws cloudwatch describe-alarms")["MetricAlarms"].as_array().unwrap().len(), 0);
    let err = t.fails("aws cloudwatch put-metric-data --namespace AWS/EC2 --metric-name CPUUtilization --value 1");
    assert!(err.contains("InvalidParameterValue"), "{err}");
    let err = t.fails("aws cloudwatch set-alarm-state --alarm-name nope --state-value ALARM --state-reason test");
    assert!(err.contains("ResourceNotFound"), "{err}");
    let err = t.fails("aws cloudwatch delete-alarms --alarm-names nope");
    assert!(err.contains("ResourceNotFound"), "{err}");
}

#[test]
fn set_alarm_state_runs_actions_and_evaluation_takes_over() {
    let mut t = Term::new(4);
    let topic = "arn:aws:sns:us-east-1:123456789012:ops";
    t.ok(&format!("{ALARM} --alarm-actions {topic}"));
    t.ok("aws cloudwatch set-alarm-state --alarm-name high-load --state-value ALARM --state-reason testing");
    assert_eq!(state(&mut t, "high-load"), "ALARM");
    assert_eq!(reason(&mut t, "high-load"), "testing");
    let actions = t.json("aws cloudwatch describe-alarm-history --alarm-name high-load --history-item-type Action");
    let items = actions["AlarmHistoryItems"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert!(items[0]["HistorySummary"].as_str().unwrap().contains(topic));
    // The next evaluation finds no data: INSUFFICIENT_DATA again.
    t.world.advance(SimDuration::seconds(60));
    assert_eq!(state(&mut t, "high-load"), "INSUFFICIENT_DATA");
    // Actions disabled: a change records no action.
    t.ok(&format!("{ALARM} --alarm-actions {topic} --no-actions-enabled"));
    t.ok("aws cloudwatch set-alarm-state --alarm-name high-load --state-value ALARM --state-reason again");
    let actions = t.json("aws cloudwatch describe-alarm-history --alarm-name high-load --history-item-type Action");
    assert_eq!(actions["AlarmHistoryItems"].as_array().unwrap().len(), 1);
    t.ok("aws cloudwatch delete-alarms --alarm-names high-load");
    assert_eq!(t.json("aws cloudwatch describe-alarms")["MetricAlarms"].as_array().unwrap().len(), 0);
}

#[test]
fn metric_statistics_per_period() {
    let mut t = Term::new(5);
    for v in [1, 3] {
        t.ok(&format!("aws cloudwatch put-metric-data --namespace App --metric-name Jobs --value {v} --unit Count"));
    }
    t.world.advance(SimDuration::seconds(60));
    t.ok("aws cloudwatch put-metric-data --namespace App --metric-name Jobs --value 10 --unit Count");
    let out = t.json(
        "aws cloudwatch get-metric-statistics --namespace App --metric-name Jobs --start-time 2026-01-01T00:00:00Z \
         --end-time 2026-01-01T01:00:00Z --period 60 --statistics Sum Maximum",
    );
    let points = out["Datapoints"].as_array().unwrap();
    assert_eq!(points.len(), 2);
    assert_eq!(points[0]["Sum"], 4.0);
    assert_eq!(points[0]["Maximum"], 3.0);
    assert_eq!(points[1]["Sum"], 10.0);
    assert_eq!(points[0]["Unit"], "Count");
    assert!(points[0].get("Average").is_none());
}
