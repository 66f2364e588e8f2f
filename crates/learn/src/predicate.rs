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
    /// Route 53 itself (no resolver cache) answers `name`/`record_type`, for a client at `from`
    /// (a region or `lat,lon`), with `value` among the records: in every one of 50 queries, or
    /// with `sometimes`, in at least one (weighted answers). Asked on a copy of the World.
    DnsAnswers {
        name: String,
        #[serde(default = "type_a")]
        record_type: String,
        #[serde(default = "us_east_1")]
        from: String,
        value: String,
        #[serde(default)]
        sometimes: bool,
    },
    /// Of 2,000 queries for `name` from `from` straight to Route 53, the share answered by the
    /// record set `record` (its SetIdentifier) lies in `min_percent..=max_percent`.
    TrafficShare {
        name: String,
        record: String,
        #[serde(default = "us_east_1")]
        from: String,
        min_percent: u32,
        max_percent: u32,
    },
    /// A record set exists (with this SetIdentifier, when given), and has a health check when
    /// `health_checked` is true.
    RecordSet {
        name: String,
        #[serde(default = "type_a")]
        record_type: String,
        #[serde(default)]
        set_identifier: Option<String>,
        #[serde(default)]
        health_checked: bool,
    },
    /// The KMS key (`alias/…`, key id or ARN) is in this state (`Enabled`, `Disabled`,
    /// `PendingDeletion`, …).
    KmsKeyState {
        key: String,
        state: String,
    },
    /// The KMS key rotates automatically.
    KmsRotationEnabled(String),
    /// The KMS key has been rotated at least this many times (material versions beyond the first).
    KmsRotations {
        key: String,
        at_least: usize,
    },
    /// The object's current version is encrypted with SSE-KMS under this KMS key.
    ObjectEncryptedWith {
        bucket: String,
        key: String,
        kms_key: String,
    },
    /// The live CloudFormation stack of this name (in the default Region) is in this status
    /// (`CREATE_COMPLETE`, `UPDATE_COMPLETE`, `ROLLBACK_COMPLETE`, …).
    StackStatus {
        stack: String,
        status: String,
    },
    /// The stack's resource `logical_id` is in this status (`CREATE_COMPLETE`, …).
    StackResource {
        stack: String,
        logical_id: String,
        status: String,
    },
    Not(Box<Predicate>),
    AllOf(Vec<Predicate>),
    AnyOf(Vec<Predicate>),
}

fn type_a() -> String {
    "A".into()
}

fn us_east_1() -> String {
    "us-east-1".into()
}

/// A KMS key by alias name, key id or ARN.
#[cfg(feature = "kms")]
fn kms_key<'w>(world: &'w World, key: &str) -> Option<&'w nimbus_sim::services::kms::model::Key> {
    let id = match world.kms.aliases.values().find(|a| a.name == key || a.arn == key) {
        Some(alias) => alias.target_key_id.as_str(),
        None => key,
    };
    world.kms.keys.values().find(|k| k.key_id == id || k.arn == id)
}

#[cfg(feature = "route53")]
fn client_at(from: &str) -> Option<nimbus_sim::services::route53::Client> {
    use nimbus_sim::services::route53::resolver::Place;
    match Place::parse(from).ok()? {
        Place::Region(r) => Some(nimbus_sim::services::route53::Client::in_region(&r)),
        Place::Coordinates { latitude, longitude } => {
            Some(nimbus_sim::services::route53::Client::at(latitude, longitude))
        }
    }
}

#[cfg(feature = "route53")]
fn traffic_share(world: &World, name: &str, record: &str, from: &str) -> Option<f64> {
    use nimbus_sim::services::route53::resolver::Place;
    use nimbus_sim::services::route53::traffic::{simulate, Caching, ClientGroup, TrafficSpec};
    let place = Place::parse(from).ok()?;
    let spec = TrafficSpec {
        name: name.to_string(),
        record_type: "A".into(),
        clients: vec![ClientGroup { label: from.to_string(), place, ip: None, share: 1 }],
        queries: 2000,
        span: nimbus_sim::SimDuration::seconds(0),
        caching: Caching::Off,
        slices: 0,
    };
    let report = simulate(&mut world.clone(), &spec).ok()?;
    Some(report.share(record))
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
            Predicate::DnsAnswers { .. } | Predicate::TrafficShare { .. } | Predicate::RecordSet { .. } => {
                self.holds_route53(world)
            }
            Predicate::KmsKeyState { .. }
            | Predicate::KmsRotationEnabled(_)
            | Predicate::KmsRotations { .. }
            | Predicate::ObjectEncryptedWith { .. } => self.holds_kms(world),
            Predicate::StackStatus { .. } | Predicate::StackResource { .. } => self.holds_cloudformation(world),
            Predicate::Not(inner) => !inner.holds(world, since_seq),
            Predicate::AllOf(all) => all.iter().all(|p| p.holds(world, since_seq)),
            Predicate::AnyOf(any) => any.iter().any(|p| p.holds(world, since_seq)),
        }
    }

    /// Route 53 goals; a build without Route 53 reads them but never meets them.
    #[cfg(feature = "route53")]
    fn holds_route53(&self, world: &World) -> bool {
        match self {
            Predicate::DnsAnswers { name, record_type, from, value, sometimes } => {
                client_at(from).is_some_and(|client| {
                    let mut copy = world.clone();
                    let mut answers = (0..50).map(|_| {
                        let answer =
                            nimbus_sim::services::route53::resolve_unexplained(&mut copy, name, record_type, &client);
                        answer.records.iter().any(|r| r.trim_end_matches('.') == value.trim_end_matches('.'))
                    });
                    if *sometimes {
                        answers.any(|hit| hit)
                    } else {
                        answers.all(|hit| hit)
                    }
                })
            }
            Predicate::TrafficShare { name, record, from, min_percent, max_percent } => {
                traffic_share(world, name, record, from).is_some_and(|share| {
                    let percent = share * 100.0;
                    percent >= f64::from(*min_percent) && percent <= f64::from(*max_percent)
                })
            }
            Predicate::RecordSet { name, record_type, set_identifier, health_checked } => {
                let canonical = format!("{}.", name.trim_end_matches('.').to_ascii_lowercase());
                world.route53.zones.values().filter(|z| !z.private_zone).any(|zone| {
                    zone.sets_named(&canonical).any(|set| {
                        set.record_type == *record_type
                            && set_identifier.as_ref().is_none_or(|id| set.set_identifier.as_ref() == Some(id))
                            && (!health_checked || set.health_check_id.is_some())
                    })
                })
            }
            _ => false,
        }
    }

    #[cfg(not(feature = "route53"))]
    fn holds_route53(&self, _world: &World) -> bool {
        false
    }

    /// KMS goals; a build without KMS reads them but never meets them.
    #[cfg(feature = "kms")]
    fn holds_kms(&self, world: &World) -> bool {
        match self {
            Predicate::KmsKeyState { key, state } => kms_key(world, key).is_some_and(|k| k.state.as_str() == state),
            Predicate::KmsRotationEnabled(key) => kms_key(world, key).is_some_and(|k| k.rotation.is_some()),
            Predicate::KmsRotations { key, at_least } => {
                kms_key(world, key).is_some_and(|k| k.materials.len().saturating_sub(1) >= *at_least)
            }
            Predicate::ObjectEncryptedWith { bucket: b, key, kms_key: wanted } => {
                let Some(wanted) = kms_key(world, wanted) else { return false };
                bucket(world, b).and_then(|b| b.current(key)).and_then(|v| v.sse_kms_key_id.as_deref()).is_some_and(
                    |id| {
                        id == wanted.arn
                            || id == wanted.key_id
                            || kms_key(world, id).is_some_and(|k| k.key_id == wanted.key_id)
                    },
                )
            }
            _ => false,
        }
    }

    #[cfg(not(feature = "kms"))]
    fn holds_kms(&self, _world: &World) -> bool {
        false
    }

    /// CloudFormation goals; a build without CloudFormation reads them but never meets them.
    #[cfg(feature = "cloudformation")]
    fn holds_cloudformation(&self, world: &World) -> bool {
        let live = |name: &str| world.cloudformation.find(name, &world.default_region);
        match self {
            Predicate::StackStatus { stack, status } => live(stack).is_some_and(|s| s.status.as_str() == *status),
            Predicate::StackResource { stack, logical_id, status } => live(stack).is_some_and(|s| {
                s.resources
                    .iter()
                    .any(|r| r.logical_id == *logical_id && r.status.is_some_and(|st| st.as_str() == *status))
            }),
            _ => false,
        }
    }

    #[cfg(not(feature = "cloudformation"))]
    fn holds_cloudformation(&self, _world: &World) -> bool {
        false
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
