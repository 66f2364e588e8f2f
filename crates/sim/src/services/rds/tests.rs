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

mod props {
    use super::super::ops::CreateDBInstanceRequest;
    use super::super::RdsRequest;
    use super::*;
    use crate::services::Request;
    use crate::world::World;
    use proptest::prelude::*;

    proptest! {
        /// Whatever identifier and password a learner types, RDS answers (never panics), and an
        /// accepted one keeps the rules.
        #[test]
        fn any_identifier_and_password_is_answered(id in "[a-zA-Z0-9_-]{0,66}", pw in "[ -~]{0,45}") {
            let mut w = World::new(7);
            let request = CreateDBInstanceRequest {
                db_instance_identifier: id.clone(),
                db_instance_class: "db.t3.micro".into(),
                engine: "mysql".into(),
                allocated_storage: Some(20),
                master_username: Some("admin".into()),
                master_user_password: Some(pw.clone()),
                ..Default::default()
            };
            if w.call(Request::Rds(RdsRequest::CreateDBInstance(request))).is_ok() {
                prop_assert!(valid_identifier(&id.to_ascii_lowercase()));
                prop_assert!((8..=41).contains(&pw.len()));
                prop_assert!(!pw.chars().any(|c| PASSWORD_FORBIDDEN.contains(&c)));
            }
        }
    }
}
