//! Clients go through resolvers with caches: `curl` keeps reaching a failed primary until its
//! resolver's cached answer expires, `--dns-servers` picks another resolver, and `nimbus
//! resolvers` lists and flushes the caches.

use nimbus_sim::cli::{run_line, CommandOutput, MemoryFs};
use nimbus_sim::services::route53::dr;
use nimbus_sim::{SimDuration, World};

struct Term {
    world: World,
    fs: MemoryFs,
    scenario: dr::ActivePassive,
}

impl Term {
    /// Active-passive failover for app.example.com: checks every 10 s, 3 failures, TTL 300 s.
    fn new() -> Self {
        let mut world = World::new(11);
        let scenario = dr::active_passive(&mut world, "example.com", ("us-east-1", "us-west-2"), 10, 3, 300).unwrap();
        world.advance(SimDuration::seconds(40));
        Term { world, fs: MemoryFs::new(), scenario }
    }
    fn run(&mut self, line: &str) -> CommandOutput {
        run_line(&mut self.world, &mut self.fs, line)
    }
    fn ok(&mut self, line: &str) -> String {
        let out = self.run(line);
        assert_eq!(out.exit_code, 0, "{line}\n{out:?}");
        out.stdout
    }
    /// Where a request for the app lands: the Location of the website's redirect, or the status.
    fn lands(&mut self, extra: &str) -> String {
        let out = self.run(&format!("curl -si {extra} http://app.example.com/"));
        let location = out.stdout.lines().find_map(|l| l.strip_prefix("Location: ")).map(str::to_string);
        location.unwrap_or_else(|| out.stdout.lines().next().unwrap_or_default().to_string())
    }
}

#[test]
fn curl_keeps_reaching_the_failed_primary_until_the_cached_answer_expires() {
    let mut t = Term::new();
    assert_eq!(t.lands(""), "http://primary.example.com/");
    dr::fail_primary(&mut t.world, &t.scenario).unwrap();
    // Route 53 notices after about interval × threshold and answers with the secondary…
    t.world.advance(SimDuration::seconds(60));
    let zone = t.scenario.zone_id.clone();
    let direct = t.ok(&format!(
        "aws route53 test-dns-answer --hosted-zone-id {zone} --record-name app.example.com --record-type CNAME"
    ));
    assert!(direct.contains(&t.scenario.secondary_host), "{direct}");
    // …but this client's resolver still holds the primary for the rest of its 300 s TTL.
    assert_eq!(t.lands(""), "HTTP/1.1 404 Not Found");
    let verbose = t.run("curl -sv http://app.example.com/");
    assert!(verbose.stderr.contains("resolver-us-east-1 answered from its cache"), "{}", verbose.stderr);
    let event = t.world.trail().events().iter().rev().find(|e| e.operation == "DNSQuery").cloned().unwrap();
    assert!(event.why.contains("answered from the resolver cache"), "{}", event.why);
    // A client whose resolver never asked sees the secondary at once.
    assert_eq!(t.lands("--dns-servers eu-west-1"), "http://secondary.example.com/");
    // When the TTL runs out, the first client follows.
    t.world.advance(SimDuration::seconds(300));
    assert_eq!(t.lands(""), "http://secondary.example.com/");
}

#[test]
fn flushing_a_resolver_cache_picks_up_the_failover_now() {
    let mut t = Term::new();
    assert_eq!(t.lands(""), "http://primary.example.com/");
    let listed = t.ok("nimbus resolvers");
    assert!(listed.starts_with("resolver-us-east-1  198.51.100."), "{listed}");
    assert!(listed.contains("app.example.com. A → "), "{listed}");
    assert!(listed.contains("(300 s left)"), "{listed}");
    dr::fail_primary(&mut t.world, &t.scenario).unwrap();
    t.world.advance(SimDuration::seconds(100));
    assert!(t.ok("nimbus resolvers").contains("(200 s left)"));
    assert_eq!(t.lands(""), "HTTP/1.1 404 Not Found");
    assert_eq!(t.ok("nimbus resolvers flush resolver-us-east-1"), "flushed the cache of resolver-us-east-1\n");
    assert!(t.ok("nimbus resolvers").contains("(0 cached)"));
    assert_eq!(t.lands(""), "http://secondary.example.com/");
    assert_eq!(t.ok("nimbus resolvers flush"), "flushed the caches of 1 resolver(s)\n");
}

#[test]
fn resolvers_are_added_chosen_by_address_and_removed() {
    let mut t = Term::new();
    assert!(t.ok("nimbus resolvers").starts_with("no resolvers yet"));
    assert_eq!(
        t.ok("nimbus resolvers add office 48.85,2.35 203.0.113.7"),
        "added office at 48.85,2.35 with address 203.0.113.7\n"
    );
    assert_eq!(t.lands("--dns-servers 203.0.113.7"), "http://primary.example.com/");
    let listed = t.ok("nimbus resolvers");
    assert!(listed.contains("office  203.0.113.7  at 48.85,2.35  (1 cached)"), "{listed}");
    assert_eq!(t.ok("nimbus resolvers remove office"), "removed office\n");
    let out = t.run("nimbus resolvers remove office");
    assert_eq!(
        (out.exit_code, out.stderr.as_str()),
        (1, "nimbus resolvers: no resolver named 'office' (see 'nimbus resolvers')\n")
    );
    assert_eq!(t.run("nimbus resolvers flush nope").exit_code, 1);
    let bad = t.run("nimbus resolvers add x atlantis");
    assert_eq!(bad.exit_code, 2);
    assert!(bad.stderr.contains("neither a region Nimbus Lab simulates nor coordinates"), "{}", bad.stderr);
    assert_eq!(t.run("nimbus resolvers frob").exit_code, 2);
    let out = t.run("curl --dns-servers nowhere http://app.example.com/");
    assert_eq!(out.exit_code, 2);
    assert!(out.stderr.starts_with("curl: --dns-servers: no resolver 'nowhere'"), "{}", out.stderr);
}

#[test]
fn requests_that_need_no_dns_create_no_resolver() {
    let mut w = World::new(1);
    let mut fs = MemoryFs::new();
    let out = run_line(&mut w, &mut fs, "curl http://nowhere.example/");
    assert_eq!(out.exit_code, 6);
    assert!(w.route53.resolvers.is_empty());
}
