//! `dig` in the terminal (resolvers, cached TTLs counting down, the trace comments), curl's
//! connection refused for a name whose address has nothing listening, and the CIDR collection
//! operations through `aws route53`.

use nimbus_sim::cli::{complete, run_line, CommandOutput, MemoryFs};
use nimbus_sim::services::route53::*;
use nimbus_sim::{Request, Response, SimDuration, World};

struct Term {
    world: World,
    fs: MemoryFs,
}

impl Term {
    /// A terminal over a World with zone example.com holding www (A, TTL 60) and a CNAME.
    fn new() -> Self {
        let mut world = World::new(3);
        let req =
            CreateHostedZoneRequest { name: "example.com".into(), caller_reference: "z".into(), ..Default::default() };
        let Ok(Response::Route53(Route53Response::CreateHostedZone(z))) =
            world.call(Request::Route53(Route53Request::CreateHostedZone(req)))
        else {
            panic!()
        };
        let set = |name: &str, rtype: &str, value: &str| Change {
            action: "CREATE".into(),
            resource_record_set: ResourceRecordSet {
                name: name.into(),
                record_type: rtype.into(),
                ttl: Some(60),
                resource_records: Some(vec![ResourceRecord { value: value.into() }]),
                ..Default::default()
            },
        };
        let req = ChangeResourceRecordSetsRequest {
            hosted_zone_id: z.hosted_zone.id,
            change_batch: ChangeBatch {
                comment: None,
                changes: vec![
                    set("www.example.com", "A", "192.0.2.1"),
                    set("alias.example.com", "CNAME", "www.example.com"),
                ],
            },
        };
        world.call(Request::Route53(Route53Request::ChangeResourceRecordSets(req))).unwrap();
        Term { world, fs: MemoryFs::new() }
    }
    fn run(&mut self, line: &str) -> CommandOutput {
        run_line(&mut self.world, &mut self.fs, line)
    }
    fn ok(&mut self, line: &str) -> String {
        let out = self.run(line);
        assert_eq!(out.exit_code, 0, "{line}\n{out:?}");
        out.stdout
    }
}

#[test]
fn dig_prints_question_and_answer_sections_and_the_ttl_counts_down() {
    let mut t = Term::new();
    let out = t.ok("dig www.example.com");
    assert!(out.starts_with("; <<>> DiG (Nimbus Lab) <<>> www.example.com. A @resolver-us-east-1\n"), "{out}");
    assert!(out.contains(";; ->>HEADER<<- opcode: QUERY, status: NOERROR\n"), "{out}");
    assert!(out.contains(";; flags: qr rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 0\n"), "{out}");
    assert!(out.contains(";; QUESTION SECTION:\n;www.example.com.\t\tIN\tA\n"), "{out}");
    assert!(out.contains(";; ANSWER SECTION:\nwww.example.com.\t60\tIN\tA\t192.0.2.1\n"), "{out}");
    assert!(out.contains(";; asked Route 53 (NOERROR): simple routing"), "{out}");
    assert!(!out.contains(";; from cache"), "{out}");
    assert!(out.contains(";; SERVER: 198.51.100.10#53(resolver-us-east-1) at us-east-1\n"), "{out}");
    assert!(out.contains(";; WHEN: 2026-01-01T00:00:00+00:00\n"), "{out}");

    t.ok("nimbus advance 25s");
    let out = t.ok("dig www.example.com A");
    assert!(out.contains("www.example.com.\t35\tIN\tA\t192.0.2.1\n"), "{out}");
    assert!(out.contains(";; from cache\n;; answered from the resolver cache, 35 s of TTL left"), "{out}");
    // The trail has the query with its why.
    let trail = t.ok("nimbus trail -n 1");
    assert!(trail.contains("answered from the resolver cache, 35 s of TTL left"), "{trail}");

    assert_eq!(t.ok("dig +short www.example.com"), "192.0.2.1\n");
    let out = t.ok("dig alias.example.com");
    assert!(
        out.contains("alias.example.com.\t60\tIN\tCNAME\twww.example.com\nwww.example.com.\t35\tIN\tA\t192.0.2.1\n"),
        "{out}"
    );
}

#[test]
fn dig_chooses_resolvers_by_server_and_client() {
    let mut t = Term::new();
    let out = t.ok("dig www.example.com +client=eu-west-1");
    assert!(out.contains("@resolver-eu-west-1"), "{out}");
    let out = t.ok("dig @eu-west-1 www.example.com");
    assert!(out.contains(";; from cache"), "the same resolver: {out}");
    let out = t.ok("dig www.example.com +client=48.85,2.35");
    assert!(out.contains("@resolver-48.85,2.35"), "{out}");
    let out = t.ok("dig www.example.com +client=203.0.113.9");
    assert!(out.contains(";; SERVER: 203.0.113.9#53(resolver-203.0.113.9)"), "{out}");
    let out = t.ok("dig @resolver-203.0.113.9 www.example.com");
    assert!(out.contains(";; from cache"), "{out}");

    let out = t.ok("dig missing.example.com");
    assert!(out.contains("status: NXDOMAIN"), "{out}");
    assert!(!out.contains("ANSWER SECTION"), "{out}");
    assert!(out.contains("cached for 900 s"), "{out}");
    let out = t.ok("dig example.org");
    assert!(out.contains("status: SERVFAIL"), "{out}");
    let out = t.ok("dig example.com SOA");
    assert!(out.contains("IN\tSOA\t"), "{out}");

    // Usage errors.
    let out = t.run("dig");
    assert_eq!(out.exit_code, 1);
    assert!(out.stderr.contains("usage: dig"), "{out:?}");
    assert_eq!(t.run("dig www.example.com +bogus").exit_code, 1);
    assert_eq!(t.run("dig www.example.com +client=mars").exit_code, 1);
    assert_eq!(t.run("dig a.example.com b.example.com c").exit_code, 1);
    let out = t.run("dig @nowhere www.example.com");
    assert_eq!(out.exit_code, 10);
    assert!(out.stderr.starts_with("dig: couldn't get address for 'nowhere'"), "{out:?}");
}

#[test]
fn dig_is_in_help_and_completion() {
    let mut t = Term::new();
    assert!(t.ok("help").contains("dig [@resolver] <name> [type]"));
    assert!(complete("di").contains(&"dig ".to_string()));
    assert!(complete("dig www.example.com +s").contains(&"dig www.example.com +short ".to_string()));
    assert!(complete("dig www.example.com AA").contains(&"dig www.example.com AAAA ".to_string()));
}

#[test]
fn curl_to_an_address_with_nothing_listening_is_connection_refused() {
    let mut t = Term::new();
    let out = t.run("curl http://www.example.com/");
    assert_eq!(out.exit_code, 7, "{out:?}");
    assert_eq!(out.stderr, "curl: (7) Failed to connect to www.example.com port 80: Connection refused\n");
    let event = t.world.trail().last().unwrap();
    assert!(event.why.contains("nothing in the simulated network listens at 192.0.2.1"), "{}", event.why);
    let out = t.run("curl http://192.0.2.50/");
    assert_eq!(out.exit_code, 7, "{out:?}");
    // A name nobody holds still cannot be resolved.
    assert_eq!(t.run("curl http://missing.example.com/").exit_code, 6);
    assert_eq!(t.run("curl http://nowhere.example/").exit_code, 6);
}

#[test]
fn cidr_collections_from_the_terminal() {
    let mut t = Term::new();
    let out = t.ok("aws route53 create-cidr-collection --name offices --caller-reference r1");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let id = v["Collection"]["Id"].as_str().unwrap().to_string();
    assert_eq!(v["Collection"]["Version"], 1);
    t.ok(&format!(
        "aws route53 change-cidr-collection --id {id} --collection-version 1 --changes LocationName=paris,Action=PUT,CidrList=198.51.100.0/24"
    ));
    let out = t.run(&format!(
        "aws route53 change-cidr-collection --id {id} --collection-version 1 --changes LocationName=paris,Action=PUT,CidrList=192.0.2.0/24"
    ));
    assert_eq!(out.exit_code, 254, "{out:?}");
    assert!(out.stderr.contains("CidrCollectionVersionMismatchException"), "{out:?}");
    let out = t.ok(&format!("aws route53 list-cidr-blocks --collection-id {id} --output text"));
    assert!(out.contains("198.51.100.0/24"), "{out}");
    t.world.advance(SimDuration::seconds(1));
}
