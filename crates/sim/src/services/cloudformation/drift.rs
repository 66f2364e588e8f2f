//! Drift: how a stack's resources differ from what its template says, after someone changed
//! them through their own service. As on AWS, only properties the template sets explicitly are
//! compared, and a resource type without drift support is `NOT_CHECKED`.
//!
//! Lists are compared as sets (a security group's rules have no order): an element the template
//! lists that the resource no longer has is `REMOVE`, one the resource has beyond the template's
//! is `ADD`; a value that differs is `NOT_EQUAL`. Values are compared as text, so `80` and
//! `"80"` match, as they do in a template.

use super::model::PropertyDiff;
use super::providers::text;
use serde_json::{Map, Value as Json};

/// What a provider reads back from a live resource.
#[derive(Clone, Debug, PartialEq)]
pub enum Observed {
    /// The type does not support drift detection (its resources are `NOT_CHECKED`).
    NotSupported,
    /// The physical resource is gone.
    Deleted,
    /// The properties the provider can read, by template name (`Null` when unset). Properties
    /// the map leaves out are not compared.
    Properties(Map<String, Json>),
}

/// Properties drift never compares: stack tags and `aws:cloudformation:*` tags sit beside the
/// template's own, so Nimbus Lab leaves tags out of drift.
const NOT_COMPARED: &[&str] = &["Tags"];

/// The differences between the template's `expected` properties and the resource's `actual`
/// ones, in the template's property order.
pub fn differences(expected: &Map<String, Json>, actual: &Map<String, Json>) -> Vec<PropertyDiff> {
    let mut out = Vec::new();
    for (key, want) in expected {
        if NOT_COMPARED.contains(&key.as_str()) {
            continue;
        }
        let Some(have) = actual.get(key) else { continue };
        compare(&format!("/{key}"), want, have, &mut out);
    }
    out
}

/// The part of `actual` that drift compares: the keys the template sets and the provider reads.
pub fn compared_actual(expected: &Map<String, Json>, actual: &Map<String, Json>) -> Map<String, Json> {
    expected
        .keys()
        .filter(|k| !NOT_COMPARED.contains(&k.as_str()))
        .filter_map(|k| actual.get(k).map(|v| (k.clone(), v.clone())))
        .collect()
}

fn compare(path: &str, want: &Json, have: &Json, out: &mut Vec<PropertyDiff>) {
    match (want, have) {
        (_, Json::Null) if !want.is_null() => out.push(diff(path, want, have, "REMOVE")),
        (Json::Object(w), Json::Object(h)) => {
            for (k, wv) in w {
                compare(&format!("{path}/{k}"), wv, h.get(k).unwrap_or(&Json::Null), out);
            }
        }
        (Json::Array(w), Json::Array(h)) => {
            let mut used = vec![false; h.len()];
            for (i, wv) in w.iter().enumerate() {
                match (0..h.len()).find(|&j| !used[j] && matches(wv, &h[j])) {
                    Some(j) => used[j] = true,
                    None => out.push(diff(&format!("{path}/{i}"), wv, &Json::Null, "REMOVE")),
                }
            }
            for (j, hv) in h.iter().enumerate().filter(|(j, _)| !used[*j]) {
                out.push(diff(&format!("{path}/{j}"), &Json::Null, hv, "ADD"));
            }
        }
        _ if matches(want, have) => {}
        _ => out.push(diff(path, want, have, "NOT_EQUAL")),
    }
}

/// True when `have` holds everything `want` says (extra keys in `have` are defaults).
fn matches(want: &Json, have: &Json) -> bool {
    match (want, have) {
        (Json::Object(w), Json::Object(h)) => w.iter().all(|(k, wv)| h.get(k).is_some_and(|hv| matches(wv, hv))),
        (Json::Array(w), Json::Array(h)) => {
            let mut used = vec![false; h.len()];
            w.len() == h.len()
                && w.iter().all(|wv| match (0..h.len()).find(|&j| !used[j] && matches(wv, &h[j])) {
                    Some(j) => {
                        used[j] = true;
                        true
                    }
                    None => false,
                })
        }
        (Json::Null, Json::Null) => true,
        (w, h) => text(w).is_some() && text(w) == text(h),
    }
}

fn diff(path: &str, want: &Json, have: &Json, kind: &str) -> PropertyDiff {
    PropertyDiff { path: path.to_string(), expected: shown(want), actual: shown(have), kind: kind.to_string() }
}

/// A value as PropertyDifference shows it: scalars as their text, objects and lists as JSON.
fn shown(v: &Json) -> String {
    text(v).unwrap_or_else(|| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Json) -> Map<String, Json> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn equal_values_as_text_are_in_sync() {
        let want = map(json!({"VersioningConfiguration": {"Status": "Enabled"}, "DelaySeconds": 5}));
        let have = map(json!({"VersioningConfiguration": {"Status": "Enabled"}, "DelaySeconds": "5"}));
        assert!(differences(&want, &have).is_empty());
    }

    #[test]
    fn a_changed_value_is_not_equal_at_its_path() {
        let want = map(json!({"VersioningConfiguration": {"Status": "Enabled"}}));
        let have = map(json!({"VersioningConfiguration": {"Status": "Suspended"}}));
        let d = differences(&want, &have);
        assert_eq!(d.len(), 1);
        assert_eq!(
            (d[0].path.as_str(), d[0].expected.as_str(), d[0].actual.as_str(), d[0].kind.as_str()),
            ("/VersioningConfiguration/Status", "Enabled", "Suspended", "NOT_EQUAL")
        );
    }

    #[test]
    fn an_extra_rule_is_added_and_a_missing_one_removed_whatever_the_order() {
        let want = map(json!({"SecurityGroupIngress": [
            {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "CidrIp": "0.0.0.0/0"},
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"}
        ]}));
        let have = map(json!({"SecurityGroupIngress": [
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0"},
            {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "CidrIp": "0.0.0.0/0", "Description": null}
        ]}));
        let d = differences(&want, &have);
        let kinds: Vec<(&str, &str)> = d.iter().map(|x| (x.path.as_str(), x.kind.as_str())).collect();
        assert_eq!(kinds, vec![("/SecurityGroupIngress/1", "REMOVE"), ("/SecurityGroupIngress/0", "ADD")]);
        assert!(d[1].actual.contains("\"FromPort\":22"), "{}", d[1].actual);
    }

    #[test]
    fn unreadable_properties_and_tags_are_not_compared() {
        let want =
            map(json!({"WebsiteConfiguration": {"IndexDocument": "index.html"}, "Tags": [{"Key": "a", "Value": "b"}]}));
        assert!(differences(&want, &map(json!({}))).is_empty());
    }

    #[test]
    fn a_property_the_resource_no_longer_has_is_removed() {
        let want = map(json!({"VersioningConfiguration": {"Status": "Enabled"}}));
        let d = differences(&want, &map(json!({"VersioningConfiguration": null})));
        assert_eq!(
            (d[0].path.as_str(), d[0].kind.as_str(), d[0].actual.as_str()),
            ("/VersioningConfiguration", "REMOVE", "null")
        );
    }
}
