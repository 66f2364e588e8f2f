//! The rest of the terminal: files and redirection, curl, the nimbus commands, completion.

use nimbus_sim::cli::{complete, run_line, CommandOutput, FileSystem, MemoryFs};
use nimbus_sim::{Job, SimDuration, World};

struct Term {
    world: World,
    fs: MemoryFs,
}

impl Term {
    fn new() -> Self {
        Term { world: World::new(3), fs: MemoryFs::new() }
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
fn echo_cat_ls_rm() {
    let mut t = Term::new();
    assert_eq!(t.ok("echo hello > notes.txt"), "");
    t.ok("echo 'more lines' >> notes.txt");
    assert_eq!(t.ok("cat notes.txt"), "hello\nmore lines\n");
    t.ok("echo -n x > b.txt");
    assert_eq!(t.ok("ls"), "b.txt\nnotes.txt\n");
    assert_eq!(t.ok("ls -l"), "         1 b.txt\n        17 notes.txt\n");
    t.ok("rm b.txt");
    assert_eq!(t.ok("ls"), "notes.txt\n");
    let missing = t.run("cat b.txt");
    assert_eq!(missing.exit_code, 1);
    assert_eq!(missing.stderr, "cat: b.txt: No such file or directory\n");
    assert_eq!(t.run("rm b.txt").exit_code, 1);
    // Any command's output can be redirected.
    t.ok("aws s3api list-buckets > buckets.json");
    assert!(t.fs.read("buckets.json").unwrap().starts_with(b"{\n    \"Buckets\": []"));
}

#[test]
fn shell_errors() {
    let mut t = Term::new();
    let out = t.run("frobnicate now");
    assert_eq!(out.exit_code, 127);
    assert!(out.stderr.starts_with("frobnicate: command not found"));
    assert_eq!(t.run("echo 'open").exit_code, 2);
    assert_eq!(t.run("echo hi >").exit_code, 2);
    assert_eq!(t.run("").exit_code, 0);
    assert_eq!(t.run("   # just a comment").stdout, "");
    assert!(t.ok("help").contains("nimbus advance"));
}

#[test]
fn curl_errors_like_curl() {
    let mut t = Term::new();
    let out = t.run("curl http://nowhere.example");
    assert_eq!(out.exit_code, 6);
    assert_eq!(out.stderr, "curl: (6) Could not resolve host: nowhere.example\n");
    let out = t.run("curl ftp://x");
    assert_eq!(out.exit_code, 3);
    assert_eq!(t.run("curl").exit_code, 2);
    assert_eq!(t.run("curl -Z http://x").exit_code, 2);
    let out = t.run("curl -v http://no-bucket.s3-website-us-east-1.amazonaws.com/");
    assert_eq!(out.exit_code, 0, "an HTTP error page is still an answer");
    assert!(out.stdout.contains("NoSuchBucket"));
    assert!(out.stderr.contains("< HTTP/1.1 404 Not Found"), "{}", out.stderr);
}

#[test]
fn nimbus_time_advance_trail_seed_reset() {
    let mut t = Term::new();
    assert_eq!(t.ok("nimbus time"), "now: 2026-01-01T00:00:00+00:00\nnext: nothing scheduled\n");
    t.world.schedule(SimDuration::days(2), Job::Note { text: "the demo's reminder".into() });
    let time = t.ok("nimbus time");
    assert!(time.contains("next: 2026-01-03T00:00:00+00:00 (nimbus Note, in 2d)"), "{time}");
    let advanced = t.ok("nimbus advance 30d");
    assert!(advanced.starts_with("advanced 30d to 2026-01-31T00:00:00+00:00; 1 scheduled job(s) ran\n"), "{advanced}");
    assert!(advanced.contains("job  nimbus:Note  OK  the demo's reminder"), "{advanced}");
    assert_eq!(t.run("nimbus advance soon").exit_code, 2);
    t.run("aws s3api get-object --bucket none-here --key k out");
    let trail = t.ok("nimbus trail -n 1");
    assert!(trail.contains("call s3:GetObject  NoSuchBucket  no bucket named 'none-here' exists"), "{trail}");
    assert_eq!(trail.lines().count(), 1);
    assert_eq!(t.ok("nimbus seed"), "3\n");
    t.ok("aws s3 mb s3://kept-bucket");
    assert!(t.ok("nimbus reset --seed 9").contains("seed 9"));
    assert_eq!(t.world.seed(), 9);
    assert_eq!(t.ok("aws s3 ls"), "", "a reset world has no buckets");
    assert_eq!(t.run("nimbus reset --seed x").exit_code, 2);
    assert_eq!(t.run("nimbus dance").exit_code, 2);
}

#[test]
fn completion() {
    assert_eq!(complete("aws s3a"), ["aws s3api "]);
    assert_eq!(complete("aws s3api cr"), ["aws s3api create-bucket "]);
    let params = complete("aws s3api create-bucket --bucket x --");
    assert_eq!(params, ["aws s3api create-bucket --bucket x --create-bucket-configuration "]);
    assert!(complete("aws s3api list-objects-v2 --region eu-west-1 --bucket b --max")
        .contains(&"aws s3api list-objects-v2 --region eu-west-1 --bucket b --max-keys ".to_string()));
    assert!(complete("zzz").is_empty());
}
