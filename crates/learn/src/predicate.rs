//! Lab goals as data: a small predicate language over the World, written in TOML as
//! `check = { bucket_exists = "photos" }` or
//! `check = { website_serves = { url = "http://…", status = 200, body_contains = "Welcome" } }`.

use nimbus_sim::services::s3::model::{Bucket, VersioningStatus};
use nimbus_sim::trail::{EventSource, Outcome};
use nimbus_sim::{HttpRequest, World};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Predicate {
    /// A bucket with this name exists.
    BucketExists(String),
    /// The bucket's versioning status: `Enabled`, `Suspended`, or `Unversioned` (never set).
    BucketVersioning {
        bucket: String,
        status: String,
    },
    /// The key has a current version that is not a delete marker.
    ObjectExists {
        bucket: String,
        key: String,
    },
    /// The key's current version is readable and its body contains `text`.
    ObjectBodyContains {
        bucket: String,
        key: String,
        text: String,
    },
    /// The key keeps at least this many versions that are not delete markers.
    ObjectVersionCount {
        bucket: String,
        key: String,
        at_least: usize,
    },
    /// The bucket's default encryption uses this algorithm (`AES256`, `aws:kms`).
    BucketEncryption {
        bucket: String,
        algorithm: String,
    },
    /// A GET of `url` over the simulated network answers `status` (and a body containing the
    /// text, when given). Evaluated on a copy of the World, so checking changes nothing.
    WebsiteServes {
        url: String,
        status: u16,
        #[serde(default)]
        body_contains: Option<String>,
    },
    /// A call to `operation` is in the trail (since the lab started) with this outcome: `ok` or
    /// an error code such as `NoSuchKey`. Without `outcome`, any call counts.
    TrailHas {
        operation: String,
        #[serde(default)]
        outcome: Option<String>,
    },
    Not(Box<Predicate>),
    AllOf(Vec<Predicate>),
    AnyOf(Vec<Predicate>),
}

fn bucket<'w>(world: &'w World, name: &str) -> Option<&'w Bucket> {
    world.s3.buckets.get(name)
}

impl Predicate {
    /// Whether the predicate holds in `world`; trail checks look at events numbered `since_seq`
    /// or later.
    pub fn holds(&self, world: &World, since_seq: u64) -> bool {
        match self {
            Predicate::BucketExists(name) => bucket(world, name).is_some(),
            Predicate::BucketVersioning { bucket: b, status } => bucket(world, b).is_some_and(|b| {
                let actual = match b.versioning {
                    None => "Unversioned",
                    Some(VersioningStatus::Enabled) => "Enabled",
                    Some(VersioningStatus::Suspended) => "Suspended",
                };
                actual == status
            }),
            Predicate::ObjectExists { bucket: b, key } => bucket(world, b).is_some_and(|b| b.current(key).is_some()),
            Predicate::ObjectBodyContains { bucket: b, key, text } => bucket(world, b)
                .and_then(|b| b.current(key))
                .and_then(|v| v.body.as_text().map(|t| t.contains(text.as_str())))
                .unwrap_or(false),
            Predicate::ObjectVersionCount { bucket: b, key, at_least } => bucket(world, b)
                .and_then(|b| b.objects.get(key))
                .is_some_and(|h| h.versions.iter().filter(|v| !v.is_delete_marker).count() >= *at_least),
            Predicate::BucketEncryption { bucket: b, algorithm } => bucket(world, b)
                .is_some_and(|b| b.encryption.as_ref().map_or("AES256", |r| r.sse_algorithm.as_str()) == algorithm),
            Predicate::WebsiteServes { url, status, body_contains } => {
                let mut copy = world.clone();
                copy.http(&HttpRequest::get(url.clone())).is_ok_and(|resp| {
                    resp.status == *status
                        && body_contains
                            .as_deref()
                            .is_none_or(|text| resp.body.as_text().is_some_and(|body| body.contains(text)))
                })
            }
            Predicate::TrailHas { operation, outcome } => world.trail().since(since_seq).iter().any(|e| {
                e.source == EventSource::Call
                    && e.operation == *operation
                    && outcome.as_deref().is_none_or(|want| match &e.outcome {
                        Outcome::Ok => want.eq_ignore_ascii_case("ok"),
                        Outcome::Error { code, .. } => code == want,
                    })
            }),
            Predicate::Not(inner) => !inner.holds(world, since_seq),
            Predicate::AllOf(all) => all.iter().all(|p| p.holds(world, since_seq)),
            Predicate::AnyOf(any) => any.iter().any(|p| p.holds(world, since_seq)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nimbus_sim::services::s3::{CreateBucketRequest, GetObjectRequest, PutObjectRequest, S3Request};
    use nimbus_sim::{Bytes, Request};

    fn world_with_object() -> World {
        let mut w = World::new(3);
        w.call(Request::S3(S3Request::CreateBucket(CreateBucketRequest {
            bucket: "notes".into(),
            ..Default::default()
        })))
        .unwrap();
        w.call(Request::S3(S3Request::PutObject(PutObjectRequest {
            bucket: "notes".into(),
            key: "todo.txt".into(),
            body: Bytes::from("buy milk"),
            ..Default::default()
        })))
        .unwrap();
        w
    }

    fn p(toml_text: &str) -> Predicate {
        #[derive(Deserialize)]
        struct Wrapper {
            check: Predicate,
        }
        toml::from_str::<Wrapper>(toml_text).unwrap().check
    }

    #[test]
    fn predicates_read_from_toml_and_check_the_world() {
        let w = world_with_object();
        assert!(p(r#"check = { bucket_exists = "notes" }"#).holds(&w, 0));
        assert!(!p(r#"check = { bucket_exists = "other" }"#).holds(&w, 0));
        assert!(p(r#"check = { bucket_versioning = { bucket = "notes", status = "Unversioned" } }"#).holds(&w, 0));
        assert!(!p(r#"check = { bucket_versioning = { bucket = "notes", status = "Enabled" } }"#).holds(&w, 0));
        assert!(p(r#"check = { object_exists = { bucket = "notes", key = "todo.txt" } }"#).holds(&w, 0));
        assert!(!p(r#"check = { object_exists = { bucket = "notes", key = "gone.txt" } }"#).holds(&w, 0));
        assert!(p(r#"check = { object_body_contains = { bucket = "notes", key = "todo.txt", text = "milk" } }"#)
            .holds(&w, 0));
        assert!(p(r#"check = { object_version_count = { bucket = "notes", key = "todo.txt", at_least = 1 } }"#)
            .holds(&w, 0));
        assert!(!p(r#"check = { object_version_count = { bucket = "notes", key = "todo.txt", at_least = 2 } }"#)
            .holds(&w, 0));
        assert!(p(r#"check = { bucket_encryption = { bucket = "notes", algorithm = "AES256" } }"#).holds(&w, 0));
        assert!(p(r#"check = { not = { bucket_exists = "other" } }"#).holds(&w, 0));
        assert!(
            p(r#"check = { all_of = [{ bucket_exists = "notes" }, { not = { bucket_exists = "x" } }] }"#).holds(&w, 0)
        );
        assert!(!p(r#"check = { any_of = [{ bucket_exists = "a1" }, { bucket_exists = "b1" }] }"#).holds(&w, 0));
    }

    #[test]
    fn trail_checks_count_only_events_since_the_start() {
        let mut w = world_with_object();
        let start = w.trail().next_seq();
        let ok_put = p(r#"check = { trail_has = { operation = "PutObject", outcome = "ok" } }"#);
        assert!(ok_put.holds(&w, 0));
        assert!(!ok_put.holds(&w, start));
        let missing = p(r#"check = { trail_has = { operation = "GetObject", outcome = "NoSuchKey" } }"#);
        assert!(!missing.holds(&w, start));
        let get = GetObjectRequest { bucket: "notes".into(), key: "nope".into(), version_id: None };
        let _ = w.call(Request::S3(S3Request::GetObject(get)));
        assert!(missing.holds(&w, start));
        assert!(p(r#"check = { trail_has = { operation = "GetObject" } }"#).holds(&w, start));
    }

    #[test]
    fn website_checks_leave_the_world_untouched() {
        let w = world_with_object();
        let before = w.clone();
        let site = p(
            r#"check = { website_serves = { url = "http://notes.s3-website-us-east-1.amazonaws.com/", status = 404 } }"#,
        );
        assert!(site.holds(&w, 0), "a bucket without a website configuration answers 404");
        assert_eq!(w, before);
    }

    #[test]
    fn unknown_predicates_are_rejected() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Wrapper {
            check: Predicate,
        }
        assert!(toml::from_str::<Wrapper>(r#"check = { bucket_exsts = "x" }"#).is_err());
        assert!(toml::from_str::<Wrapper>(r#"check = { object_exists = { bucket = "x" } }"#).is_err());
    }
}
