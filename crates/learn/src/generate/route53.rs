//! Route 53 "predict the outcome" generators: which change batches Route 53 accepts (a record
//! that already exists, a CNAME at the apex or beside other records, deleting what is not
//! there), and deleting a hosted zone that still holds records.

use super::lines::{field, LineBuilder};
use super::{build_question, GeneratedQuestion, Template};
use crate::domain::Domain;
use crate::seeded::SeededRng;

const DOC_CHANGES: &str = "https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeResourceRecordSets.html";
const DOC_DELETE_ZONE: &str = "https://docs.aws.amazon.com/Route53/latest/APIReference/API_DeleteHostedZone.html";
const DOMAINS: &[&str] = &["example.com", "shop.example", "bakery.example.org", "nimbus-lab.example"];

pub const GENERATORS: &[(&str, super::s3::Generator)] = &[("change-batch", change_batch), ("delete-zone", delete_zone)];

fn change(action: &str, name: &str, kind: &str, value: &str) -> String {
    format!(
        r#"'{{"Changes":[{{"Action":"{action}","ResourceRecordSet":{{"Name":"{name}","Type":"{kind}","TTL":300,"ResourceRecords":[{{"Value":"{value}"}}]}}}}]}}'"#
    )
}

/// Creates the public zone `domain`; its id as the CLI takes it (without `/hostedzone/`).
fn create_zone(b: &mut LineBuilder, domain: &str, seed: u64) -> Result<String, String> {
    let zone = b.run(&format!("aws route53 create-hosted-zone --name {domain} --caller-reference setup-{seed}"))?;
    Ok(field(&zone, "HostedZone.Id")?.trim_start_matches("/hostedzone/").to_string())
}

/// A zone with `www` as an A record; the probe is one change to it.
pub fn change_batch(seed: u64) -> Result<GeneratedQuestion, String> {
    let mut rng = SeededRng::new(seed);
    let domain = *rng.pick(DOMAINS).unwrap_or(&"example.com");
    let mut b = LineBuilder::new(seed);
    let zone_id = create_zone(&mut b, domain, seed)?;
    let www = format!("www.{domain}");
    b.run(&format!(
        "aws route53 change-resource-record-sets --hosted-zone-id {zone_id} --change-batch {}",
        change("CREATE", &www, "A", "192.0.2.10")
    ))?;
    let probe_change = match rng.below(6) {
        0 => change("CREATE", &www, "A", "192.0.2.20"),
        1 => change("UPSERT", &www, "A", "192.0.2.20"),
        2 => change("CREATE", domain, "CNAME", "shop.example.net"),
        3 => change("CREATE", &www, "CNAME", "shop.example.net"),
        4 => change("DELETE", &format!("api.{domain}"), "A", "192.0.2.10"),
        _ => change("CREATE", &format!("api.{domain}"), "CNAME", "shop.example.net"),
    };
    let scenario = b.finish(
        &format!("aws route53 change-resource-record-sets --hosted-zone-id {zone_id} --change-batch {probe_change}"),
        &[
            "Succeeds",
            "Fails with InvalidChangeBatch",
            "Fails with NoSuchHostedZone",
            "Fails with InvalidInput",
            "Fails with PriorRequestNotComplete",
        ],
    )?;
    let template = Template {
        id: format!("gen-route53-change-batch-{seed}"),
        service: "route53",
        domains: vec![Domain::SaaC03Resilient, Domain::DvaC02Troubleshooting],
        intro: format!("A public hosted zone for {domain} has one record of its own: {www}, type A, 192.0.2.10."),
        doc: DOC_CHANGES,
    };
    build_question(template, scenario, seed)
}

/// DeleteHostedZone with only NS and SOA left, or with a record still in it.
pub fn delete_zone(seed: u64) -> Result<GeneratedQuestion, String> {
    let mut rng = SeededRng::new(seed);
    let domain = *rng.pick(DOMAINS).unwrap_or(&"example.com");
    let mut b = LineBuilder::new(seed);
    let zone_id = create_zone(&mut b, domain, seed)?;
    let www = format!("www.{domain}");
    let add = |b: &mut LineBuilder, action: &str| {
        b.run(&format!(
            "aws route53 change-resource-record-sets --hosted-zone-id {zone_id} --change-batch {}",
            change(action, &www, "A", "192.0.2.10")
        ))
    };
    let state = rng.below(3);
    if state >= 1 {
        add(&mut b, "CREATE")?;
    }
    if state == 2 {
        add(&mut b, "DELETE")?;
    }
    let scenario = b.finish(
        &format!("aws route53 delete-hosted-zone --id {zone_id}"),
        &["Succeeds", "Fails with HostedZoneNotEmpty", "Fails with NoSuchHostedZone", "Fails with InvalidChangeBatch"],
    )?;
    let template = Template {
        id: format!("gen-route53-delete-zone-{seed}"),
        service: "route53",
        domains: vec![Domain::SaaC03Resilient, Domain::DvaC02Troubleshooting],
        intro: format!("A public hosted zone for {domain} is no longer needed."),
        doc: DOC_DELETE_ZONE,
    };
    build_question(template, scenario, seed)
}
