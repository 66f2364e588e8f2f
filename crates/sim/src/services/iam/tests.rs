//! IAM unit tests: names, paths and policy documents.

use super::ops::*;
use proptest::prelude::*;

#[test]
fn names_paths_and_documents_are_checked() {
    assert!(check_name("web-role_1+=,.@", "roleName", 64).is_ok());
    assert!(check_name("has space", "roleName", 64).is_err());
    assert!(check_name(&"a".repeat(65), "roleName", 64).unwrap_err().message.contains("less than or equal to 64"));
    assert_eq!(check_path(None).unwrap(), "/");
    assert_eq!(check_path(Some("/app/")).unwrap(), "/app/");
    assert!(check_path(Some("app")).is_err());
    assert_eq!(policy_document("{").unwrap_err().message, "This policy contains invalid Json");
    assert_eq!(policy_document("{\"Version\":\"2012-10-17\"}").unwrap_err().message, "Syntax errors in policy.");
    assert!(policy_document("{\"Statement\":[]}").is_ok());
}

proptest! {
    #[test]
    fn checks_never_panic(text in ".{0,80}") {
        let _ = check_name(&text, "roleName", 64);
        let _ = check_path(Some(&text));
        let _ = policy_document(&text);
    }
}
