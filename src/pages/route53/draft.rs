//! What the record form holds, as plain strings, and the ChangeResourceRecordSets request it
//! becomes. Only what cannot be put in a request (a weight that is not a number) is refused
//! here; everything else goes to Route 53, which answers with its own errors.

use nimbus_sim::services::route53::model::s3_website_zone_id;
use nimbus_sim::services::route53::{
    AliasTarget, Change, ChangeBatch, ChangeResourceRecordSetsRequest, ResourceRecord, ResourceRecordSet,
};
use nimbus_sim::services::s3::model::website_endpoint;

/// The record types the form offers: those Route 53 lets you create (SOA is Route 53's own).
pub const RECORD_TYPES: &[&str] = &["A", "AAAA", "CNAME", "MX", "TXT", "CAA", "SRV", "PTR", "NS"];

/// Routing policies the form offers, as the console names them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Routing {
    #[default]
    Simple,
    Weighted,
    Failover,
    Latency,
    MultiValue,
}

impl Routing {
    pub const ALL: [Routing; 5] =
        [Routing::Simple, Routing::Weighted, Routing::Failover, Routing::Latency, Routing::MultiValue];

    pub fn value(self) -> &'static str {
        match self {
            Routing::Simple => "simple",
            Routing::Weighted => "weighted",
            Routing::Failover => "failover",
            Routing::Latency => "latency",
            Routing::MultiValue => "multivalue",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Routing::Simple => "Simple routing",
            Routing::Weighted => "Weighted",
            Routing::Failover => "Failover",
            Routing::Latency => "Latency",
            Routing::MultiValue => "Multivalue answer",
        }
    }

    pub fn from_value(value: &str) -> Routing {
        Routing::ALL.into_iter().find(|r| r.value() == value).unwrap_or_default()
    }
}

/// Where the record sends traffic: its own values, or an alias.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Values, one per line, with a TTL.
    Values { values: String, ttl: String },
    /// The website endpoint of an S3 bucket (named like the record, as S3 website aliases need).
    S3Website { bucket: String, region: String },
    /// Another record of the same zone, by name.
    Record { name: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordDraft {
    /// `CREATE`, `UPSERT` or `DELETE`.
    pub action: String,
    /// Relative to the zone; empty for the apex. A name ending in the zone's name is taken whole.
    pub name: String,
    pub record_type: String,
    pub target: Target,
    pub evaluate_target_health: bool,
    pub routing: Routing,
    pub set_identifier: String,
    pub weight: String,
    pub failover: String,
    pub region: String,
    /// Empty for none.
    pub health_check_id: String,
}

impl Default for RecordDraft {
    fn default() -> Self {
        RecordDraft {
            action: "CREATE".into(),
            name: String::new(),
            record_type: "A".into(),
            target: Target::Values { values: String::new(), ttl: "300".into() },
            evaluate_target_health: false,
            routing: Routing::Simple,
            set_identifier: String::new(),
            weight: String::new(),
            failover: "PRIMARY".into(),
            region: String::new(),
            health_check_id: String::new(),
        }
    }
}

/// `www` in `example.com.` → `www.example.com.`; empty or `@` → the apex; a name that already
/// ends with the zone's name is kept.
pub fn full_name(relative: &str, zone_name: &str) -> String {
    let name = relative.trim().trim_end_matches('.');
    let zone = zone_name.trim_end_matches('.');
    if name.is_empty() || name == "@" {
        format!("{zone}.")
    } else if name.eq_ignore_ascii_case(zone) || name.to_ascii_lowercase().ends_with(&format!(".{zone}")) {
        format!("{name}.")
    } else {
        format!("{name}.{zone}.")
    }
}

fn number(field: &str, text: &str) -> Result<i64, String> {
    text.trim().parse::<i64>().map_err(|_| format!("{field} must be a whole number, not '{}'", text.trim()))
}

impl RecordDraft {
    /// The record set this draft describes, in the zone named `zone_name`.
    pub fn record_set(&self, zone_name: &str, zone_id: &str) -> Result<ResourceRecordSet, String> {
        let mut set = ResourceRecordSet {
            name: full_name(&self.name, zone_name),
            record_type: self.record_type.clone(),
            ..Default::default()
        };
        match &self.target {
            Target::Values { values, ttl } => {
                let values: Vec<ResourceRecord> = values
                    .lines()
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(|v| ResourceRecord { value: v.to_string() })
                    .collect();
                set.ttl = Some(number("TTL", ttl)?);
                set.resource_records = Some(values);
            }
            Target::S3Website { bucket, region } => {
                let hosted_zone_id = s3_website_zone_id(region)
                    .ok_or_else(|| format!("S3 has no website endpoint zone for {region}"))?;
                let endpoint = website_endpoint(bucket, region);
                // The alias names the region's endpoint; Route 53 serves the bucket named like the record.
                let dns_name = endpoint.strip_prefix(&format!("{bucket}.")).unwrap_or(&endpoint).to_string();
                set.alias_target = Some(AliasTarget {
                    hosted_zone_id: hosted_zone_id.to_string(),
                    dns_name,
                    evaluate_target_health: self.evaluate_target_health,
                });
            }
            Target::Record { name } => {
                set.alias_target = Some(AliasTarget {
                    hosted_zone_id: zone_id.to_string(),
                    dns_name: name.clone(),
                    evaluate_target_health: self.evaluate_target_health,
                });
            }
        }
        let id = self.set_identifier.trim();
        if self.routing != Routing::Simple {
            set.set_identifier = Some(id.to_string());
        }
        match self.routing {
            Routing::Simple => {}
            Routing::Weighted => set.weight = Some(number("Weight", &self.weight)?),
            Routing::Failover => set.failover = Some(self.failover.clone()),
            Routing::Latency => set.region = Some(self.region.clone()),
            Routing::MultiValue => set.multi_value_answer = Some(true),
        }
        let check = self.health_check_id.trim();
        if !check.is_empty() {
            set.health_check_id = Some(check.to_string());
        }
        Ok(set)
    }

    pub fn request(&self, zone_name: &str, zone_id: &str) -> Result<ChangeResourceRecordSetsRequest, String> {
        let set = self.record_set(zone_name, zone_id)?;
        Ok(change_request(zone_id, &self.action, set))
    }
}

/// One change in a batch of its own.
pub fn change_request(zone_id: &str, action: &str, set: ResourceRecordSet) -> ChangeResourceRecordSetsRequest {
    ChangeResourceRecordSetsRequest {
        hosted_zone_id: zone_id.to_string(),
        change_batch: ChangeBatch {
            comment: None,
            changes: vec![Change { action: action.to_string(), resource_record_set: set }],
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nimbus_sim::services::route53::Route53Request;
    use nimbus_sim::{Request, World};

    fn zone(world: &mut World, name: &str) -> (String, String) {
        use nimbus_sim::services::route53::{CreateHostedZoneRequest, Route53Response};
        let req = CreateHostedZoneRequest { name: name.into(), caller_reference: name.into(), ..Default::default() };
        match world.call(Request::Route53(Route53Request::CreateHostedZone(req))) {
            Ok(nimbus_sim::Response::Route53(Route53Response::CreateHostedZone(out))) => {
                (out.hosted_zone.id.trim_start_matches("/hostedzone/").to_string(), out.hosted_zone.name)
            }
            other => panic!("{other:?}"),
        }
    }

    fn send(world: &mut World, draft: &RecordDraft, zone: &(String, String)) -> Result<(), String> {
        let request = draft.request(&zone.1, &zone.0)?;
        world
            .call(Request::Route53(Route53Request::ChangeResourceRecordSets(request)))
            .map(|_| ())
            .map_err(|e| e.code.to_string())
    }

    #[test]
    fn names_are_made_full_within_the_zone() {
        assert_eq!(full_name("www", "example.com."), "www.example.com.");
        assert_eq!(full_name("", "example.com."), "example.com.");
        assert_eq!(full_name("@", "example.com."), "example.com.");
        assert_eq!(full_name("www.example.com.", "example.com."), "www.example.com.");
        assert_eq!(full_name("Shop.Example.com", "example.com."), "Shop.Example.com.");
        assert_eq!(full_name("example.com.evil", "example.com."), "example.com.evil.example.com.");
    }

    #[test]
    fn a_simple_record_is_created_with_one_value_per_line() {
        let mut w = World::new(1);
        let z = zone(&mut w, "example.com");
        let draft = RecordDraft {
            name: "www".into(),
            target: Target::Values { values: "192.0.2.1\n\n 192.0.2.2 \n".into(), ttl: "60".into() },
            ..Default::default()
        };
        send(&mut w, &draft, &z).unwrap();
        let set = w.route53.zones[&z.0].sets_named("www.example.com.").next().cloned().unwrap();
        assert_eq!(set.values().collect::<Vec<_>>(), ["192.0.2.1", "192.0.2.2"]);
        assert_eq!((set.ttl, set.set_identifier), (Some(60), None));
        assert_eq!(send(&mut w, &draft, &z), Err("InvalidChangeBatch".into()), "CREATE twice is refused");
        let upsert = RecordDraft { action: "UPSERT".into(), ..draft };
        assert_eq!(send(&mut w, &upsert, &z), Ok(()));
    }

    #[test]
    fn routing_fields_become_the_policy_route53_reads() {
        let mut w = World::new(1);
        let z = zone(&mut w, "example.com");
        let weighted = RecordDraft {
            name: "www".into(),
            target: Target::Values { values: "192.0.2.1".into(), ttl: "60".into() },
            routing: Routing::Weighted,
            set_identifier: "blue".into(),
            weight: "70".into(),
            ..Default::default()
        };
        send(&mut w, &weighted, &z).unwrap();
        let set = w.route53.zones[&z.0].sets_named("www.example.com.").next().cloned().unwrap();
        assert_eq!((set.weight, set.set_identifier.as_deref()), (Some(70), Some("blue")));
        let no_id = RecordDraft { set_identifier: String::new(), ..weighted.clone() };
        assert_eq!(send(&mut w, &no_id, &z), Err("InvalidInput".into()), "Route 53 needs a record ID");
        let bad_weight = RecordDraft { weight: "heavy".into(), ..weighted };
        assert_eq!(send(&mut w, &bad_weight, &z), Err("Weight must be a whole number, not 'heavy'".into()));
        let failover = RecordDraft {
            name: "app".into(),
            target: Target::Values { values: "192.0.2.9".into(), ttl: "60".into() },
            routing: Routing::Failover,
            set_identifier: "primary".into(),
            failover: "PRIMARY".into(),
            ..Default::default()
        };
        send(&mut w, &failover, &z).unwrap();
        let set = w.route53.zones[&z.0].sets_named("app.example.com.").next().cloned().unwrap();
        assert_eq!(set.failover.as_deref(), Some("PRIMARY"));
    }

    #[test]
    fn an_s3_website_alias_uses_the_regions_endpoint_and_zone() {
        let draft = RecordDraft {
            name: "".into(),
            target: Target::S3Website { bucket: "example.com".into(), region: "eu-west-1".into() },
            ..Default::default()
        };
        let set = draft.record_set("example.com.", "Z1").unwrap();
        let alias = set.alias_target.unwrap();
        assert_eq!(alias.hosted_zone_id, "Z1BKCTXD74EZPE");
        assert_eq!(alias.dns_name, "s3-website-eu-west-1.amazonaws.com");
        assert_eq!((set.ttl, set.resource_records), (None, None), "an alias has no TTL or values");
        let central = RecordDraft {
            target: Target::S3Website { bucket: "example.com".into(), region: "eu-central-1".into() },
            ..draft
        };
        let alias = central.record_set("example.com.", "Z1").unwrap().alias_target.unwrap();
        assert_eq!(alias.dns_name, "s3-website.eu-central-1.amazonaws.com");
    }
}
