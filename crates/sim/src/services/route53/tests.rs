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
