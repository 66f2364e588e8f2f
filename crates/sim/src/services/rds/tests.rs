//! RDS unit tests: identifiers and the engine table.

use super::model::*;

#[test]
fn identifiers_follow_rds_rules() {
    assert!(valid_identifier("app-db-1"));
    assert!(!valid_identifier("1db"), "starts with a letter");
    assert!(!valid_identifier("db-"), "no trailing hyphen");
    assert!(!valid_identifier("a--b"), "no double hyphen");
    assert!(!valid_identifier("db_1"), "no underscore");
    assert!(!valid_identifier(&"a".repeat(64)), "at most 63");
}

#[test]
fn engines_have_their_ports() {
    assert_eq!(engine("mysql").map(|e| e.port), Some(3306));
    assert_eq!(engine("postgres").map(|e| e.port), Some(5432));
    assert!(engine("oracle-ee").is_none());
}
