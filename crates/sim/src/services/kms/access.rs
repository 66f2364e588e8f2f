//! Key policies: parsing, validation and evaluation against the caller.
//!
//! Evaluation follows the IAM logic for a resource policy: an explicit `Deny` that matches wins;
//! otherwise a matching `Allow` (or a grant) allows; otherwise the call is implicitly denied.
//!
//! Nimbus Lab's rules where AWS has more machinery than the simulator:
//! - There is no IAM. A principal naming the account (`arn:aws:iam::<acct>:root` or the bare
//!   account id) lets every principal of that account in, as if their IAM policies allowed it.
//! - Conditions: `StringEquals`, `StringLike`, `StringNotEquals` and `StringNotLike` on the keys
//!   `kms:ViaService`, `kms:CallerAccount`, `aws:PrincipalArn` and `kms:EncryptionContext:<key>` are
//!   evaluated. A statement with any other condition never matches, so it neither allows nor denies.

use super::model::MAX_POLICY_BYTES;
use crate::error::ApiError;
use crate::world::ACCOUNT_ID;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Principals {
    /// `"Principal": "*"` or `{"AWS": "*"}`.
    Anyone,
    /// AWS principals (ARNs or account ids) and service principals (`s3.amazonaws.com`).
    List { aws: Vec<String>, services: Vec<String> },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    pub operator: String,
    pub key: String,
    pub values: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    pub sid: Option<String>,
    pub effect: Effect,
    pub principal: Principals,
    /// True for `NotPrincipal`.
    pub not_principal: bool,
    pub actions: Vec<String>,
    /// True for `NotAction`.
    pub not_action: bool,
    pub resources: Vec<String>,
    pub not_resource: bool,
    pub conditions: Vec<Condition>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyPolicy {
    pub statements: Vec<Statement>,
}

/// What a call brings to evaluation.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    pub caller: &'a str,
    /// `kms:Encrypt`.
    pub action: &'a str,
    pub key_arn: &'a str,
    /// `s3.us-east-1.amazonaws.com` when a service calls on the caller's behalf.
    pub via_service: Option<&'a str>,
    pub encryption_context: Option<&'a BTreeMap<String, String>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Allowed by the statement with this Sid (or index).
    Allow(String),
    /// Denied by the statement with this Sid (or index).
    ExplicitDeny(String),
    ImplicitDeny,
}

fn malformed(message: impl Into<String>) -> ApiError {
    ApiError::bad_request("MalformedPolicyDocumentException", message)
}

fn strings(value: &Value, what: &str) -> Result<Vec<String>, ApiError> {
    match value {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(items) if !items.is_empty() => items
            .iter()
            .map(|v| v.as_str().map(str::to_string).ok_or_else(|| malformed(format!("{what} values must be strings"))))
            .collect(),
        _ => Err(malformed(format!("{what} must be a string or a non-empty list of strings"))),
    }
}

fn valid_aws_principal(p: &str) -> bool {
    if p == "*" || (p.len() == 12 && p.bytes().all(|b| b.is_ascii_digit())) {
        return true;
    }
    let parts: Vec<&str> = p.splitn(6, ':').collect();
    parts.len() == 6
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && matches!(parts[2], "iam" | "sts")
        && parts[3].is_empty()
        && parts[4].len() == 12
        && parts[4].bytes().all(|b| b.is_ascii_digit())
        && !parts[5].is_empty()
}

fn valid_action(a: &str) -> bool {
    if a == "*" {
        return true;
    }
    match a.split_once(':') {
        Some((service, action)) => {
            !service.is_empty()
                && !action.is_empty()
                && service.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && action.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'*' || b == b'?')
        }
        None => false,
    }
}

fn parse_principal(value: &Value) -> Result<Principals, ApiError> {
    let invalid = || malformed("Policy contains a statement with one or more invalid principals.");
    match value {
        Value::String(s) if s == "*" => Ok(Principals::Anyone),
        Value::Object(map) if !map.is_empty() => {
            let mut aws = Vec::new();
            let mut services = Vec::new();
            for (kind, v) in map {
                let list = strings(v, "Principal").map_err(|_| invalid())?;
                match kind.as_str() {
                    "AWS" => {
                        if list.iter().any(|p| !valid_aws_principal(p)) {
                            return Err(invalid());
                        }
                        if list.iter().any(|p| p == "*") {
                            return Ok(Principals::Anyone);
                        }
                        aws.extend(list);
                    }
                    "Service" => {
                        if list.iter().any(|s| !s.contains('.') || s.contains(' ')) {
                            return Err(invalid());
                        }
                        services.extend(list);
                    }
                    "Federated" | "CanonicalUser" => {}
                    _ => return Err(invalid()),
                }
            }
            Ok(Principals::List { aws, services })
        }
        _ => Err(invalid()),
    }
}

fn parse_conditions(value: &Value) -> Result<Vec<Condition>, ApiError> {
    let Value::Object(ops) = value else { return Err(malformed("Condition must be an object")) };
    let mut out = Vec::new();
    for (operator, block) in ops {
        let Value::Object(keys) = block else {
            return Err(malformed(format!("Condition operator {operator} must map condition keys to values")));
        };
        for (key, values) in keys {
            let values = match values {
                Value::Bool(b) => vec![b.to_string()],
                Value::Number(n) => vec![n.to_string()],
                other => strings(other, "Condition")?,
            };
            out.push(Condition { operator: operator.clone(), key: key.clone(), values });
        }
    }
    Ok(out)
}

fn parse_statement(value: &Value) -> Result<Statement, ApiError> {
    let Value::Object(s) = value else { return Err(malformed("Each Statement must be an object")) };
    let effect = match s.get("Effect").and_then(Value::as_str) {
        Some("Allow") => Effect::Allow,
        Some("Deny") => Effect::Deny,
        _ => return Err(malformed("Each Statement needs an Effect of Allow or Deny")),
    };
    let (principal, not_principal) = match (s.get("Principal"), s.get("NotPrincipal")) {
        (Some(p), None) => (parse_principal(p)?, false),
        (None, Some(p)) => (parse_principal(p)?, true),
        _ => return Err(malformed("Each Statement of a key policy needs exactly one of Principal or NotPrincipal")),
    };
    let (actions, not_action) = match (s.get("Action"), s.get("NotAction")) {
        (Some(a), None) => (strings(a, "Action")?, false),
        (None, Some(a)) => (strings(a, "NotAction")?, true),
        _ => return Err(malformed("Each Statement needs exactly one of Action or NotAction")),
    };
    if let Some(bad) = actions.iter().find(|a| !valid_action(a)) {
        return Err(malformed(format!("Policy contains a statement with an invalid action: {bad}")));
    }
    let (resources, not_resource) = match (s.get("Resource"), s.get("NotResource")) {
        (Some(r), None) => (strings(r, "Resource")?, false),
        (None, Some(r)) => (strings(r, "NotResource")?, true),
        _ => return Err(malformed("Each Statement needs exactly one of Resource or NotResource")),
    };
    let conditions = match s.get("Condition") {
        Some(c) => parse_conditions(c)?,
        None => Vec::new(),
    };
    let sid = match s.get("Sid") {
        None => None,
        Some(Value::String(sid)) => Some(sid.clone()),
        Some(_) => return Err(malformed("Sid must be a string")),
    };
    Ok(Statement { sid, effect, principal, not_principal, actions, not_action, resources, not_resource, conditions })
}

/// Parses and validates a key policy document. Errors are the ones KMS gives:
/// LimitExceededException over 32 KB, MalformedPolicyDocumentException otherwise.
pub fn parse(text: &str) -> Result<KeyPolicy, ApiError> {
    if text.len() > MAX_POLICY_BYTES {
        return Err(ApiError::bad_request(
            "LimitExceededException",
            format!("The key policy is {} bytes; the limit is {MAX_POLICY_BYTES} bytes.", text.len()),
        ));
    }
    let value: Value =
        serde_json::from_str(text).map_err(|e| malformed(format!("The policy is not valid JSON: {e}")))?;
    let Value::Object(doc) = &value else { return Err(malformed("The policy must be a JSON object")) };
    if let Some(v) = doc.get("Version") {
        if !matches!(v.as_str(), Some("2012-10-17" | "2008-10-17")) {
            return Err(malformed("Version must be 2012-10-17 or 2008-10-17"));
        }
    }
    let statements = match doc.get("Statement") {
        Some(Value::Array(items)) if !items.is_empty() => {
            items.iter().map(parse_statement).collect::<Result<_, _>>()?
        }
        Some(single @ Value::Object(_)) => vec![parse_statement(single)?],
        _ => return Err(malformed("The policy needs a Statement")),
    };
    Ok(KeyPolicy { statements })
}

thread_local! {
    /// The last few policies parsed for evaluation, by their text: most calls evaluate the same few
    /// policies again, and parsing JSON on every call would dominate a 1 KB Encrypt.
    static PARSED: std::cell::RefCell<Vec<(String, std::rc::Rc<KeyPolicy>)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// [`parse`] with a small cache; only successfully parsed policies are kept. Pure: the answer is
/// the same as `parse`'s.
pub fn parse_cached(text: &str) -> Result<std::rc::Rc<KeyPolicy>, ApiError> {
    if let Some(hit) = PARSED.with(|c| c.borrow().iter().find(|(t, _)| t == text).map(|(_, p)| p.clone())) {
        return Ok(hit);
    }
    let parsed = std::rc::Rc::new(parse(text)?);
    PARSED.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= 8 {
            c.remove(0);
        }
        c.push((text.to_string(), parsed.clone()));
    });
    Ok(parsed)
}

/// `*` and `?` wildcards, as IAM matches actions and resources.
pub fn wildcard_match(pattern: &str, text: &str, ignore_case: bool) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = if ignore_case {
        (pattern.to_lowercase().chars().collect(), text.to_lowercase().chars().collect())
    } else {
        (pattern.chars().collect(), text.chars().collect())
    };
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

fn account_of(arn: &str) -> &str {
    arn.split(':').nth(4).unwrap_or("")
}

fn principal_matches(principal: &Principals, caller: &str) -> bool {
    match principal {
        Principals::Anyone => true,
        Principals::List { aws, .. } => aws.iter().any(|p| {
            p == caller || {
                // The account as principal: every principal of that account (see module docs).
                let account =
                    if p.len() == 12 { p.as_str() } else { p.strip_suffix(":root").map(account_of).unwrap_or("") };
                !account.is_empty() && account == account_of(caller)
            }
        }),
    }
}

fn condition_value(key: &str, req: &Request) -> Option<Option<String>> {
    let lower = key.to_ascii_lowercase();
    if lower == "kms:viaservice" {
        return Some(req.via_service.map(str::to_string));
    }
    if lower == "kms:calleraccount" {
        return Some(Some(account_of(req.caller).to_string()));
    }
    if lower == "aws:principalarn" {
        return Some(Some(req.caller.to_string()));
    }
    if lower.starts_with("kms:encryptioncontext:") {
        let ctx_key = &key["kms:EncryptionContext:".len()..];
        return Some(req.encryption_context.and_then(|c| c.get(ctx_key).cloned()));
    }
    None
}

fn condition_holds(c: &Condition, req: &Request) -> bool {
    let Some(actual) = condition_value(&c.key, req) else { return false };
    let (negate, like) = match c.operator.as_str() {
        "StringEquals" => (false, false),
        "StringLike" => (false, true),
        "StringNotEquals" => (true, false),
        "StringNotLike" => (true, true),
        _ => return false,
    };
    let matched = match &actual {
        Some(a) => c.values.iter().any(|v| if like { wildcard_match(v, a, false) } else { v == a }),
        None => false,
    };
    matched != negate
}

fn statement_applies(s: &Statement, req: &Request) -> bool {
    let principal_ok = principal_matches(&s.principal, req.caller) != s.not_principal;
    let action_ok = s.actions.iter().any(|a| wildcard_match(a, req.action, true)) != s.not_action;
    let resource_ok = s.resources.iter().any(|r| wildcard_match(r, req.key_arn, false)) != s.not_resource;
    principal_ok && action_ok && resource_ok && s.conditions.iter().all(|c| condition_holds(c, req))
}

impl KeyPolicy {
    pub fn evaluate(&self, req: &Request) -> Decision {
        let label = |i: usize, s: &Statement| s.sid.clone().unwrap_or_else(|| format!("statement {}", i + 1));
        let mut allow = None;
        for (i, s) in self.statements.iter().enumerate() {
            if statement_applies(s, req) {
                match s.effect {
                    Effect::Deny => return Decision::ExplicitDeny(label(i, s)),
                    Effect::Allow => {
                        allow.get_or_insert_with(|| label(i, s));
                    }
                }
            }
        }
        allow.map(Decision::Allow).unwrap_or(Decision::ImplicitDeny)
    }
}

/// The account part of the simulated account's root ARN (used by tests and the default caller).
pub fn root_arn() -> String {
    format!("arn:aws:iam::{ACCOUNT_ID}:root")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::kms::model::{aws_managed_key_policy, default_key_policy};
    use proptest::prelude::*;

    const KEY: &str = "arn:aws:kms:us-east-1:123456789012:key/k";

    fn req<'a>(caller: &'a str, action: &'a str) -> Request<'a> {
        Request { caller, action, key_arn: KEY, via_service: None, encryption_context: None }
    }

    #[test]
    fn default_policy_lets_the_account_do_everything() {
        let p = parse(&default_key_policy()).unwrap();
        assert!(matches!(p.evaluate(&req(&root_arn(), "kms:Encrypt")), Decision::Allow(_)));
        assert!(matches!(
            p.evaluate(&req("arn:aws:iam::123456789012:user/alice", "kms:PutKeyPolicy")),
            Decision::Allow(_)
        ));
        assert_eq!(p.evaluate(&req("arn:aws:iam::999999999999:root", "kms:Encrypt")), Decision::ImplicitDeny);
    }

    #[test]
    fn explicit_deny_wins_and_conditions_count() {
        let text = r#"{"Version":"2012-10-17","Statement":[
            {"Sid":"all","Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"kms:*","Resource":"*"},
            {"Sid":"no-bob","Effect":"Deny","Principal":{"AWS":"arn:aws:iam::123456789012:user/bob"},
             "Action":["kms:Decrypt","kms:Encrypt*"],"Resource":"*"},
            {"Sid":"ctx","Effect":"Deny","Principal":"*","Action":"kms:Decrypt","Resource":"*",
             "Condition":{"StringEquals":{"kms:EncryptionContext:dept":"hr"}}}]}"#;
        let p = parse(text).unwrap();
        let bob = "arn:aws:iam::123456789012:user/bob";
        assert_eq!(p.evaluate(&req(bob, "kms:Decrypt")), Decision::ExplicitDeny("no-bob".into()));
        assert_eq!(p.evaluate(&req(bob, "kms:encrypt")), Decision::ExplicitDeny("no-bob".into()));
        assert_eq!(p.evaluate(&req(bob, "kms:DescribeKey")), Decision::Allow("all".into()));
        let hr: BTreeMap<String, String> = [("dept".to_string(), "hr".to_string())].into();
        let mut r = req("arn:aws:iam::123456789012:user/alice", "kms:Decrypt");
        assert_eq!(p.evaluate(&r), Decision::Allow("all".into()));
        r.encryption_context = Some(&hr);
        assert_eq!(p.evaluate(&r), Decision::ExplicitDeny("ctx".into()));
    }

    #[test]
    fn aws_managed_policy_needs_the_service() {
        let p = parse(&aws_managed_key_policy("s3", "us-east-1")).unwrap();
        assert_eq!(p.evaluate(&req(&root_arn(), "kms:Encrypt")), Decision::ImplicitDeny);
        assert_eq!(p.evaluate(&req(&root_arn(), "kms:DisableKey")), Decision::ImplicitDeny);
        assert!(matches!(p.evaluate(&req(&root_arn(), "kms:DescribeKey")), Decision::Allow(_)));
        let root = root_arn();
        let mut r = req(&root, "kms:GenerateDataKey");
        r.via_service = Some("s3.us-east-1.amazonaws.com");
        assert!(matches!(p.evaluate(&r), Decision::Allow(_)));
    }

    #[test]
    fn malformed_documents_are_rejected() {
        for bad in [
            "",
            "[]",
            "{}",
            r#"{"Statement":[]}"#,
            r#"{"Statement":[{"Effect":"Maybe","Principal":"*","Action":"kms:*","Resource":"*"}]}"#,
            r#"{"Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}"#,
            r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"bob"},"Action":"kms:*","Resource":"*"}]}"#,
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"encrypt","Resource":"*"}]}"#,
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*"}]}"#,
            r#"{"Version":"2020-01-01","Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"}]}"#,
        ] {
            let e = parse(bad).unwrap_err();
            assert_eq!(e.code, "MalformedPolicyDocumentException", "{bad}");
        }
        let huge = format!(r#"{{"Statement":[],"Pad":"{}"}}"#, "x".repeat(MAX_POLICY_BYTES));
        assert_eq!(parse(&huge).unwrap_err().code, "LimitExceededException");
    }

    #[test]
    fn wildcards() {
        assert!(wildcard_match("kms:Generate*", "kms:GenerateDataKey", false));
        assert!(wildcard_match("kms:*", "kms:Encrypt", false));
        assert!(wildcard_match("kms:?ncrypt", "kms:Encrypt", false));
        assert!(!wildcard_match("kms:Get*", "kms:Encrypt", false));
        assert!(wildcard_match("KMS:ENCRYPT", "kms:Encrypt", true));
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            prop_oneof![
                Just("*"),
                Just("kms:*"),
                Just("Allow"),
                Just("Deny"),
                Just("arn:aws:iam::123456789012:root"),
                Just("x")
            ]
            .prop_map(|s| Value::String(s.to_string())),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::btree_map(
                    prop_oneof![
                        Just("Statement"),
                        Just("Effect"),
                        Just("Principal"),
                        Just("AWS"),
                        Just("Action"),
                        Just("Resource"),
                        Just("Condition"),
                        Just("StringEquals"),
                        Just("NotAction"),
                        Just("Sid")
                    ]
                    .prop_map(str::to_string),
                    inner,
                    0..5
                )
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn parser_never_panics_on_text(text in ".{0,200}") {
            let _ = parse(&text);
        }

        #[test]
        fn parser_never_panics_on_policy_shaped_json(v in json_value(), action in "kms:[A-Za-z]{1,12}") {
            if let Ok(p) = parse(&v.to_string()) {
                let _ = p.evaluate(&req(&root_arn(), &action));
            }
        }

        #[test]
        fn star_matches_everything(text in "[ -~]{0,30}") {
            prop_assert!(wildcard_match("*", &text, false));
            prop_assert!(wildcard_match(&text.replace(['*', '?'], "_"), &text.replace(['*', '?'], "_"), false));
        }
    }
}
