//! How the CLI spells AWS names: `ListObjectsV2` is `list-objects-v2`, `SSEKMSKeyId` is
//! `--ssekms-key-id`, and names compare case-insensitively with dashes and underscores ignored.

/// `CreateBucket` -> `create-bucket`, `ContentMD5` -> `content-md5`, `SSEKMSKeyId` ->
/// `ssekms-key-id` (the AWS CLI's rule: a dash before a capital that follows a lower-case letter or
/// digit, and before the last capital of an acronym that is followed by a lower-case letter).
pub fn kebab(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_is_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase() || prev.is_ascii_digit() || (prev.is_ascii_uppercase() && next_is_lower) {
                out.push('-');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// The form names are compared in: lower case, without `-` and `_`.
pub fn normalize(name: &str) -> String {
    name.chars().filter(|c| *c != '-' && *c != '_').flat_map(char::to_lowercase).collect()
}

/// Whether two spellings name the same thing (`--content-md5` and `ContentMD5`).
pub fn same_name(a: &str, b: &str) -> bool {
    normalize(a) == normalize(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn kebab_follows_the_cli() {
        assert_eq!(kebab("CreateBucket"), "create-bucket");
        assert_eq!(kebab("ListObjectsV2"), "list-objects-v2");
        assert_eq!(kebab("ContentMD5"), "content-md5");
        assert_eq!(kebab("SSEKMSKeyId"), "ssekms-key-id");
        assert_eq!(kebab("Bucket"), "bucket");
        assert_eq!(kebab("CreateBucketConfiguration"), "create-bucket-configuration");
    }

    #[test]
    fn names_match_ignoring_case_and_dashes() {
        assert!(same_name("content-md5", "ContentMD5"));
        assert!(same_name("location_constraint", "LocationConstraint"));
        assert!(!same_name("bucket", "key"));
    }

    proptest! {
        #[test]
        fn kebab_keeps_the_normalized_name(name in "[A-Za-z0-9]{0,30}") {
            prop_assert_eq!(normalize(&kebab(&name)), normalize(&name));
        }
    }
}
