//! The high-level `aws s3` commands, printed as the AWS CLI prints them.

use nimbus_sim::cli::{run_line, CommandOutput, FileSystem, MemoryFs};
use nimbus_sim::World;

struct Term {
    world: World,
    fs: MemoryFs,
}

impl Term {
    fn new() -> Self {
        Term { world: World::new(7), fs: MemoryFs::new() }
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
fn mb_ls_and_rb() {
    let mut t = Term::new();
    assert_eq!(t.ok("aws s3 mb s3://alpha-bucket"), "make_bucket: alpha-bucket\n");
    assert_eq!(t.ok("aws s3 mb s3://beta-bucket --region eu-west-1"), "make_bucket: beta-bucket\n");
    assert_eq!(t.ok("aws s3 ls"), "2026-01-01 00:00:00 alpha-bucket\n2026-01-01 00:00:00 beta-bucket\n");
    let again = t.run("aws s3 mb s3://beta-bucket");
    assert_eq!(again.exit_code, 1);
    assert!(again
        .stderr
        .starts_with("make_bucket failed: s3://beta-bucket An error occurred (BucketAlreadyOwnedByYou)"));
    assert_eq!(t.ok("aws s3 rb s3://alpha-bucket"), "remove_bucket: alpha-bucket\n");
    assert_eq!(t.ok("aws s3 ls"), "2026-01-01 00:00:00 beta-bucket\n");
}

#[test]
fn cp_up_down_and_to_stdout() {
    let mut t = Term::new();
    t.ok("aws s3 mb s3://site-bucket");
    t.ok("echo '<h1>home</h1>' > index.html");
    assert_eq!(t.ok("aws s3 cp index.html s3://site-bucket/"), "upload: ./index.html to s3://site-bucket/index.html\n");
    assert_eq!(t.ok("aws s3 cp s3://site-bucket/index.html -"), "<h1>home</h1>\n");
    assert_eq!(
        t.ok("aws s3 cp s3://site-bucket/index.html copy.html"),
        "download: s3://site-bucket/index.html to ./copy.html\n"
    );
    assert_eq!(t.fs.read("copy.html").unwrap(), b"<h1>home</h1>\n");
    // The content type is guessed from the name, as the CLI does.
    let head = t.ok("aws s3api head-object --bucket site-bucket --key index.html --query ContentType --output text");
    assert_eq!(head, "text/html\n");
    assert_eq!(
        t.ok("aws s3 cp s3://site-bucket/index.html s3://site-bucket/backup/index.html"),
        "copy: s3://site-bucket/index.html to s3://site-bucket/backup/index.html\n"
    );
    let missing = t.run("aws s3 cp nothing.txt s3://site-bucket/");
    assert_eq!(missing.exit_code, 255);
    assert!(missing.stderr.contains("The user-provided path nothing.txt does not exist."));
    let failed = t.run("aws s3 cp index.html s3://no-such-bucket/x");
    assert_eq!(failed.exit_code, 1);
    assert_eq!(
        failed.stderr,
        "upload failed: ./index.html to s3://no-such-bucket/x An error occurred (NoSuchBucket) when calling the PutObject operation: The specified bucket does not exist\n"
    );
}

#[test]
fn ls_shows_folders_and_objects() {
    let mut t = Term::new();
    t.ok("aws s3 mb s3://docs-bucket");
    t.ok("echo hello > a.txt");
    t.ok("aws s3 cp a.txt s3://docs-bucket/a.txt");
    t.ok("aws s3 cp a.txt s3://docs-bucket/guides/intro.txt");
    t.ok("aws s3 cp a.txt s3://docs-bucket/guides/deep/more.txt");
    assert_eq!(
        t.ok("aws s3 ls s3://docs-bucket"),
        "                           PRE guides/\n2026-01-01 00:00:00          6 a.txt\n"
    );
    assert_eq!(
        t.ok("aws s3 ls s3://docs-bucket/guides/"),
        "                           PRE deep/\n2026-01-01 00:00:00          6 intro.txt\n"
    );
    let all = t.ok("aws s3 ls s3://docs-bucket --recursive --summarize");
    assert!(all.contains("6 guides/deep/more.txt\n"), "{all}");
    assert!(all.ends_with("\nTotal Objects: 3\n   Total Size: 18\n"), "{all}");
    assert_eq!(t.run("aws s3 ls s3://docs-bucket/nothing-here").exit_code, 1);
    let none = t.run("aws s3 ls s3://missing-bucket");
    assert_eq!(none.exit_code, 254);
    assert!(none.stderr.contains("(NoSuchBucket) when calling the ListObjectsV2 operation"));
}

#[test]
fn rb_needs_force_for_a_full_bucket() {
    let mut t = Term::new();
    t.ok("aws s3 mb s3://full-bucket");
    t.ok("echo x > f");
    t.ok("aws s3 cp f s3://full-bucket/one");
    t.ok("aws s3 cp f s3://full-bucket/two");
    let out = t.run("aws s3 rb s3://full-bucket");
    assert_eq!(out.exit_code, 1);
    assert!(out.stderr.contains("remove_bucket failed: s3://full-bucket An error occurred (BucketNotEmpty)"));
    assert_eq!(
        t.ok("aws s3 rb s3://full-bucket --force"),
        "delete: s3://full-bucket/one\ndelete: s3://full-bucket/two\nremove_bucket: full-bucket\n"
    );
}

#[test]
fn rm_and_website_then_curl() {
    let mut t = Term::new();
    t.ok("aws s3 mb s3://web-bucket");
    t.ok("echo '<p>hi</p>' > index.html");
    t.ok("aws s3 cp index.html s3://web-bucket/index.html");
    t.ok("aws s3 website s3://web-bucket --index-document index.html");
    t.ok("aws s3api put-public-access-block --bucket web-bucket --public-access-block-configuration BlockPublicPolicy=false,RestrictPublicBuckets=false");
    t.ok(r#"aws s3api put-bucket-policy --bucket web-bucket --policy '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::web-bucket/*"}]}'"#);
    assert_eq!(t.ok("curl http://web-bucket.s3-website-us-east-1.amazonaws.com/"), "<p>hi</p>\n");
    let with_headers = t.ok("curl -i http://web-bucket.s3-website-us-east-1.amazonaws.com/");
    assert!(with_headers.starts_with("HTTP/1.1 200 OK\n"), "{with_headers}");
    assert!(with_headers.contains("Content-Type: text/html"), "{with_headers}");
    assert_eq!(t.ok("aws s3 rm s3://web-bucket/index.html"), "delete: s3://web-bucket/index.html\n");
    let gone = t.ok("curl -i http://web-bucket.s3-website-us-east-1.amazonaws.com/");
    assert!(gone.starts_with("HTTP/1.1 404 Not Found"), "{gone}");
}

#[test]
fn bad_s3_commands_are_usage_errors() {
    let mut t = Term::new();
    assert_eq!(t.run("aws s3 fly").exit_code, 252);
    assert_eq!(t.run("aws s3 mb bucket-without-scheme").exit_code, 252);
    assert_eq!(t.run("aws s3 cp onlyone").exit_code, 252);
    assert_eq!(t.run("aws s3 cp a b").exit_code, 252);
}

#[test]
fn sync_uploads_only_what_changed_and_delete_removes_the_rest() {
    let mut t = Term::new();
    t.ok("aws s3 mb s3://site-bucket");
    t.ok("echo '<h1>Menu</h1>' > site/index.html");
    t.ok("echo 'Not here' > site/error.html");
    t.ok("echo 'body {}' > site/css/main.css");
    t.ok("echo 'elsewhere' > notes.txt");
    let first = t.ok("aws s3 sync site s3://site-bucket");
    assert_eq!(
        first,
        "upload: ./site/css/main.css to s3://site-bucket/css/main.css\n\
         upload: ./site/error.html to s3://site-bucket/error.html\n\
         upload: ./site/index.html to s3://site-bucket/index.html\n"
    );
    assert_eq!(t.ok("aws s3 sync site s3://site-bucket"), "", "nothing changed, nothing sent");
    t.ok("echo '<h1>New menu</h1>' > site/index.html");
    t.ok("rm site/error.html");
    assert_eq!(t.ok("aws s3 sync site s3://site-bucket"), "upload: ./site/index.html to s3://site-bucket/index.html\n");
    assert_eq!(t.ok("aws s3 sync ./site/ s3://site-bucket --delete"), "delete: s3://site-bucket/error.html\n");
    let listing = t.ok("aws s3 ls s3://site-bucket --recursive");
    assert!(listing.contains("css/main.css") && listing.contains("index.html") && !listing.contains("error.html"));
    let types = t.ok("aws s3api head-object --bucket site-bucket --key index.html --query ContentType --output text");
    assert_eq!(types, "text/html\n");
}

#[test]
fn cp_recursive_copies_every_file_both_ways() {
    let mut t = Term::new();
    t.ok("aws s3 mb s3://photos-bucket");
    t.ok("echo a > pics/a.txt");
    t.ok("echo b > pics/2026/b.txt");
    let up = t.ok("aws s3 cp pics s3://photos-bucket/backup --recursive");
    assert_eq!(
        up,
        "upload: ./pics/2026/b.txt to s3://photos-bucket/backup/2026/b.txt\n\
         upload: ./pics/a.txt to s3://photos-bucket/backup/a.txt\n"
    );
    assert_eq!(t.ok("aws s3 cp pics s3://photos-bucket/backup --recursive"), up, "cp copies even unchanged files");
    let down = t.ok("aws s3 cp s3://photos-bucket/backup restored --recursive");
    assert_eq!(
        down,
        "download: s3://photos-bucket/backup/2026/b.txt to ./restored/2026/b.txt\n\
         download: s3://photos-bucket/backup/a.txt to ./restored/a.txt\n"
    );
    assert_eq!(t.ok("cat restored/2026/b.txt"), "b\n");
    assert_eq!(t.ok("aws s3 sync s3://photos-bucket/backup restored"), "", "already the same");
    let bad = t.run("aws s3 sync s3://photos-bucket s3://other-bucket");
    assert_eq!(bad.exit_code, 252);
}
