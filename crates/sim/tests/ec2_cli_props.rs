//! Property tests for the EC2 command lines: `--count`, filters and CIDR blocks in any form never
//! panic, and a well-formed `--count N:M` launches M instances.

mod common;

use common::ec2::Term;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_count_or_filter_or_cidr_is_answered(
        count in "[0-9:a-z-]{0,6}",
        filter in "[A-Za-z=,:.*?-]{0,24}",
        cidr in "[0-9./]{0,20}",
    ) {
        let mut t = Term::new(1);
        let _ = t.run(&format!("aws ec2 run-instances --image-id ami-0abcdef1234567890 --count '{count}'"));
        let _ = t.run(&format!("aws ec2 describe-instances --filters '{filter}'"));
        let _ = t.run(&format!("aws ec2 create-vpc --cidr-block '{cidr}'"));
        let out = t.run(&format!("aws ec2 create-subnet --vpc-id vpc-00000000 --cidr-block '{cidr}'"));
        prop_assert!(out.exit_code != 0);
    }

    #[test]
    fn a_count_range_launches_its_maximum(min in 1u32..4, extra in 0u32..3) {
        let mut t = Term::new(2);
        let max = min + extra;
        let r = t.json(&format!("aws ec2 run-instances --image-id ami-0abcdef1234567890 --count {min}:{max}"));
        prop_assert_eq!(r["Instances"].as_array().unwrap().len(), max as usize);
    }
}
