//! Route 53 unit tests: parsers with property tests, the listing key order, the 18 % rule and
//! the great-circle latency model.

use super::model::*;
use super::names::*;
use super::resolve::{great_circle_km, Client};
use proptest::prelude::*;

#[test]
fn names_are_canonicalised() {
    assert_eq!(canonical_name("WWW.Example.COM").unwrap(), "www.example.com.");
    assert_eq!(canonical_name("www.example.com.").unwrap(), "www.example.com.");
    assert_eq!(canonical_name("\\052.example.com").unwrap(), "*.example.com.");
    assert_eq!(display_name("*.example.com."), "\\052.example.com.");
    for bad in ["", ".", "a..b", "a b.com", "a*.com", "x.*.com", "\\", &format!("{}.com", "a".repeat(64))] {
        assert!(canonical_name(bad).is_err(), "{bad}");
    }
    assert!(canonical_name(&format!("{}com", "abcdefghi.".repeat(26))).is_err(), "over 255 characters");
    assert!(is_within("a.example.com.", "example.com."));
    assert!(is_within("example.com.", "example.com."));
    assert!(!is_within("badexample.com.", "example.com."));
    assert_eq!(parent("a.b.c."), Some("b.c."));
    assert_eq!(parent("c."), None);
}

#[test]
fn record_keys_sort_in_route53_order() {
    assert_eq!(reversed_name("www.example.com."), "com.example.www.");
    let mut keys = [
        record_key("b.example.com.", "A", None),
        record_key("a.example.com.", "TXT", None),
        record_key("a.example.com.", "A", Some("2")),
        record_key("a.example.com.", "A", Some("1")),
        record_key("example.com.", "SOA", None),
        record_key("a-b.example.com.", "A", None),
    ];
    keys.sort();
    let names: Vec<&str> = keys.iter().map(|k| k.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "com.example. SOA ",
            "com.example.a-b. A ",
            "com.example.a. A 1",
            "com.example.a. A 2",
            "com.example.a. TXT ",
            "com.example.b. A ",
        ]
    );
}

#[test]
fn values_of_every_simulated_type() {
    assert!(check_value("A", "203.0.113.5").is_ok());
    assert!(check_value("A", "256.0.0.1").is_err());
    assert!(check_value("AAAA", "::1").is_ok());
    assert!(check_value("TXT", "\"a \\\"quoted\\\" word\" \"two\"").is_ok());
    assert_eq!(parse_character_strings("\"a\\\"b\" \"\\065\"").unwrap(), vec!["a\"b", "A"]);
    assert!(check_value("TXT", "\"a\"\"b\"").is_err());
    assert!(check_value("MX", "10 mx.example.com.").is_ok());
    assert!(check_value("SRV", "0 0 443 .").is_ok());
    assert!(check_value("CAA", "0 issuewild \";\"").is_ok());
    assert!(check_value("SOA", "ns-1.awsdns-01.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400").is_ok());
    assert!(check_value("SOA", "ns-1.awsdns-01.com. 1 7200").is_err());
    assert!(check_value("NAPTR", "x").is_err());
}

#[test]
fn geolocation_codes() {
    assert!(check_geolocation(Some("EU"), None, None).is_ok());
    assert!(check_geolocation(None, Some("*"), None).is_ok());
    assert!(check_geolocation(None, Some("US"), Some("WA")).is_ok());
    assert!(matches!(check_geolocation(Some("ZZ"), None, None), Err(GeoError::Unsupported(_))));
    assert!(matches!(check_geolocation(None, Some("US"), Some("XX")), Err(GeoError::Unsupported(_))));
    assert!(matches!(check_geolocation(None, None, None), Err(GeoError::Invalid(_))));
    assert!(matches!(check_geolocation(None, None, Some("WA")), Err(GeoError::Invalid(_))));
}

#[test]
fn healthy_means_more_than_18_percent_of_checkers() {
    let checkers = |healthy: usize, total: usize| -> Vec<CheckerState> {
        (0..total)
            .map(|i| CheckerState {
                region: format!("r{i}"),
                ip_address: String::new(),
                healthy: i < healthy,
                streak: 0,
                last_checked: None,
                last_report: None,
            })
            .collect()
    };
    assert!(!HealthCheckState::aggregate(&checkers(1, 8)), "12.5 % is not enough");
    assert!(HealthCheckState::aggregate(&checkers(2, 8)), "25 % is");
    assert!(!HealthCheckState::aggregate(&checkers(0, 3)));
    assert!(HealthCheckState::aggregate(&checkers(1, 3)), "33 % is");
}

#[test]
fn great_circle_distances_are_plausible() {
    let d = great_circle_km(38.9, -77.4, 53.3, -6.3); // N. Virginia → Dublin
    assert!((5300.0..5600.0).contains(&d), "{d}");
    assert_eq!(great_circle_km(10.0, 10.0, 10.0, 10.0), 0.0);
    assert_eq!(Client::from_ip("0.1.2.3").unwrap().region, "us-east-1");
    assert_eq!(Client::from_ip("6.1.2.3").unwrap().region, "eu-west-1");
    assert!(Client::from_ip("nope").is_none());
}

proptest! {
    #[test]
    fn name_parser_never_panics_and_round_trips(s in ".{0,80}") {
        if let Ok(c) = canonical_name(&s) {
            prop_assert!(c.ends_with('.'));
            prop_assert!(c.len() <= 255);
            prop_assert_eq!(canonical_name(&c).unwrap(), c.clone());
            prop_assert_eq!(canonical_name(&display_name(&c)).unwrap(), c);
        }
    }

    #[test]
    fn valid_names_are_accepted(labels in prop::collection::vec("[a-z0-9_-]{1,20}", 1..6)) {
        let name = labels.join(".");
        let c = canonical_name(&name.to_uppercase()).unwrap();
        prop_assert_eq!(c, format!("{name}."));
    }

    #[test]
    fn value_checkers_never_panic(t in prop::sample::select(SIMULATED_RR_TYPES.to_vec()), v in ".{0,60}") {
        let _ = check_value(t, &v);
    }

    #[test]
    fn ipv4_values_match_std(a in 0u16..300, b in 0u16..300, c in 0u16..300, d in 0u16..300) {
        let v = format!("{a}.{b}.{c}.{d}");
        prop_assert_eq!(check_value("A", &v).is_ok(), a < 256 && b < 256 && c < 256 && d < 256);
    }

    #[test]
    fn quoted_strings_round_trip(strings in prop::collection::vec("[ -~]{0,40}", 1..4)) {
        let value: Vec<String> = strings
            .iter()
            .map(|s| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")))
            .collect();
        prop_assert_eq!(parse_character_strings(&value.join(" ")).unwrap(), strings);
    }

    #[test]
    fn geolocation_checker_never_panics(a in proptest::option::of("[A-Z*]{0,3}"), b in proptest::option::of("[A-Z*]{0,3}"), c in proptest::option::of("[A-Z]{0,3}")) {
        let _ = check_geolocation(a.as_deref(), b.as_deref(), c.as_deref());
    }
}

mod cidr_blocks {
    use super::super::cidr::{longest_match, Address, Cidr};
    use proptest::prelude::*;

    #[test]
    fn blocks_parse_print_and_contain() {
        let c = Cidr::parse("192.0.2.0/24").unwrap();
        assert_eq!(c.to_string(), "192.0.2.0/24");
        assert!(c.contains(Address::parse("192.0.2.77").unwrap()));
        assert!(!c.contains(Address::parse("192.0.3.1").unwrap()));
        assert!(!c.contains(Address::parse("::ffff:192.0.2.1").unwrap()), "families never mix");
        let v6 = Cidr::parse("2001:DB8::/32").unwrap();
        assert_eq!(v6.to_string(), "2001:db8::/32");
        assert!(v6.contains(Address::parse("2001:db8:1::5").unwrap()));
        assert!(Cidr::parse("128.0.0.0/1").is_ok());
        assert!(Cidr::parse("2001:db8:1::/48").is_ok());
        for bad in ["192.0.2.0", "192.0.2.0/25", "0.0.0.0/0", "192.0.2.1/24", "2001:db8::/49", "x/8", "10.0.0.0/+8", ""]
        {
            assert!(Cidr::parse(bad).is_err(), "{bad}");
        }
        assert!(Cidr::parse("192.0.2.1/24").unwrap_err().contains("the block is 192.0.2.0/24"));
    }

    #[test]
    fn the_longest_prefix_wins() {
        let blocks: Vec<String> = vec!["10.0.0.0/8".into(), "10.1.0.0/16".into(), "10.1.2.0/24".into()];
        let at = |ip: &str| longest_match(&blocks, Address::parse(ip).unwrap()).map(|(p, _)| p);
        assert_eq!(at("10.1.2.3"), Some(24));
        assert_eq!(at("10.1.9.9"), Some(16));
        assert_eq!(at("10.9.9.9"), Some(8));
        assert_eq!(at("11.0.0.1"), None);
    }

    proptest! {
        #[test]
        fn the_parser_never_panics(text in "\\PC{0,50}") {
            let _ = Cidr::parse(&text);
            let _ = Address::parse(&text);
        }

        #[test]
        fn parsed_blocks_print_back_and_contain_their_network(a in any::<u32>(), prefix in 1u8..=24, v6 in any::<u128>(), p6 in 1u8..=48) {
            let net4 = a & (u32::MAX << (32 - prefix));
            let text = format!("{}/{prefix}", std::net::Ipv4Addr::from(net4));
            let c = Cidr::parse(&text).unwrap();
            prop_assert_eq!(c.to_string(), text);
            let inside = Address { bits: a as u128, v6: false };
            prop_assert!(c.contains(inside));
            let net6 = v6 & (u128::MAX << (128 - p6));
            let text6 = format!("{}/{p6}", std::net::Ipv6Addr::from(net6));
            let c6 = Cidr::parse(&text6).unwrap();
            prop_assert_eq!(c6.to_string(), text6);
            let inside6 = Address { bits: v6, v6: true };
            prop_assert!(c6.contains(inside6));
        }
    }
}
