//! EC2 unit tests: the CIDR parser (with property tests), zone ids and filter wildcards.

use super::cidr::*;
use super::model::zone_id;
use super::ops::glob;
use proptest::prelude::*;

#[test]
fn cidr_blocks_parse_and_nest() {
    let vpc = Cidr::parse("10.0.0.0/16").unwrap();
    assert_eq!(vpc.to_string(), "10.0.0.0/16");
    assert_eq!(vpc.size(), 65_536);
    let a = Cidr::parse("10.0.1.0/24").unwrap();
    assert!(vpc.contains_block(a));
    assert!(!a.contains_block(vpc));
    assert!(a.overlaps(Cidr::parse("10.0.0.0/23").unwrap()));
    assert!(!a.overlaps(Cidr::parse("10.0.2.0/24").unwrap()));
    assert_eq!(a.usable(), 251);
    assert_eq!(show_ipv4(a.host(0).unwrap()), "10.0.1.4");
    assert_eq!(show_ipv4(a.host(250).unwrap()), "10.0.1.254");
    assert!(a.host(251).is_none(), "the broadcast address is reserved");
    for bad in ["10.0.0.5/16", "10.0.0.0", "10.0.0.0/33", "256.0.0.0/8", "a.b.c.d/8", "10.0.0/16", "", "/", "10.0.0.0/"]
    {
        assert!(Cidr::parse(bad).is_none(), "{bad}");
    }
}

#[test]
fn zone_ids_follow_aws_abbreviations() {
    assert_eq!(zone_id("us-east-1a"), "use1-az1");
    assert_eq!(zone_id("eu-west-2c"), "euw2-az3");
    assert_eq!(zone_id("ap-southeast-2b"), "apse2-az2");
}

#[test]
fn filter_values_take_wildcards() {
    assert!(glob("vpc-*", "vpc-123"));
    assert!(glob("web?", "web1"));
    assert!(!glob("web?", "web12"));
    assert!(glob("*", ""));
    assert!(!glob("a*b", "acd"));
}

proptest! {
    #[test]
    fn cidr_parse_never_panics_and_round_trips(text in "[0-9./]{0,20}") {
        if let Some(c) = Cidr::parse(&text) {
            prop_assert_eq!(Cidr::parse(&c.to_string()), Some(c));
            prop_assert!(c.contains_block(c));
        }
    }

    #[test]
    fn every_block_round_trips(a in any::<u32>(), prefix in 0u8..=32) {
        let mask = if prefix == 0 { 0 } else { u32::MAX << (32 - prefix as u32) };
        let c = Cidr { network: a & mask, prefix };
        prop_assert_eq!(Cidr::parse(&c.to_string()), Some(c));
        prop_assert!(c.contains_addr(c.last()));
    }

    #[test]
    fn glob_of_the_text_itself_matches(text in "[a-z0-9-]{0,12}") {
        prop_assert!(glob(&text, &text));
        prop_assert!(glob("*", &text));
    }
}
