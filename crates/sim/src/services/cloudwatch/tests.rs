//! CloudWatch unit tests: statistics, comparisons and metric keys.

use super::model::*;

#[test]
fn statistics_of_a_period() {
    let v = [1.0, 2.0, 6.0];
    assert_eq!(Statistic::Average.of(&v), Some(3.0));
    assert_eq!(Statistic::Maximum.of(&v), Some(6.0));
    assert_eq!(Statistic::Minimum.of(&v), Some(1.0));
    assert_eq!(Statistic::Sum.of(&v), Some(9.0));
    assert_eq!(Statistic::SampleCount.of(&v), Some(3.0));
    assert_eq!(Statistic::Average.of(&[]), None);
}

#[test]
fn comparisons_and_keys() {
    assert!(ComparisonOperator::GreaterThanThreshold.breaches(80.1, 80.0));
    assert!(!ComparisonOperator::GreaterThanThreshold.breaches(80.0, 80.0));
    assert!(ComparisonOperator::GreaterThanOrEqualToThreshold.breaches(80.0, 80.0));
    assert!(ComparisonOperator::LessThanThreshold.breaches(1.0, 2.0));
    let a = metric_key("us-east-1", "App", "Load", &[("B".into(), "2".into()), ("A".into(), "1".into())]);
    let b = metric_key("us-east-1", "App", "Load", &[("A".into(), "1".into()), ("B".into(), "2".into())]);
    assert_eq!(a, b, "dimension order does not matter");
}
