use super::ops::adjusted;
use super::*;

#[test]
fn adjustments_stay_within_the_group_bounds() {
    assert_eq!(adjusted("ChangeInCapacity", 2, None, 2, 1, 3), 3);
    assert_eq!(adjusted("ChangeInCapacity", -5, None, 2, 1, 3), 1);
    assert_eq!(adjusted("ExactCapacity", 2, None, 3, 0, 4), 2);
    // 10% of 4 rounds to 0 but a non-zero percentage moves by at least one instance.
    assert_eq!(adjusted("PercentChangeInCapacity", 10, None, 4, 0, 10), 5);
    assert_eq!(adjusted("PercentChangeInCapacity", 50, Some(3), 4, 0, 10), 7);
}

#[test]
fn cause_times_are_written_in_utc_with_a_z() {
    assert_eq!(cause_time(crate::time::SimTime::DEFAULT_START), "2026-01-01T00:00:00Z");
}
