//! `aws <service> <operation>` in the terminal: parsing, calls, output and errors as the AWS CLI
//! shows them.

use nimbus_sim::cli::{self, run_line, CommandOutput, FileSystem, MemoryFs};
use nimbus_sim::services::s3::{CreateBucketRequest, S3Request};
use nimbus_sim::services::SERVICES;
use nimbus_sim::{Request, World};

struct Term {
    world: World,
    fs: MemoryFs,
}

impl Term {
    fn new() -> Self {
        Term { world: World::new(1), fs: MemoryFs::new() }
    }
    fn run(&mut self, line: &str) -> CommandOutput {
        run_line(&mut self.world, &mut self.fs, line)
    }
    fn ok(&mut self, line: &str) -> String {
        let out = self.run(line);
        assert_eq!(out.exit_code, 0, "{line}\n{out:?}");
        out.stdout
    }
    fn json(&mut self, line: &str) -> serde_json::Value {
        serde_json::from_str(&self.ok(line)).unwrap_or_else(|e| panic!("{line}: {e}"))
    }
}

#[test]
fn create_put_get_session() {
    let mut t = Term::new();
    let created = t.json("aws s3api create-bucket --bucket demo-bucket");
    assert_eq!(created, serde_json::json!({"Location": "/demo-bucket"}));
    t.ok("echo '<h1>Hello</h1>' > index.html");
    let put =
        t.json("aws s3api put-object --bucket demo-bucket --key index.html --body index.html --content-type text/html");
    assert!(put["ETag"].as_str().unwrap().starts_with('"'), "{put}");
    let got = t.json("aws s3api get-object --bucket demo-bucket --key index.html copy.html");
    assert_eq!(got["ContentType"], "text/html");
    assert_eq!(got["ContentLength"], 15);
    assert!(got.get("Body").is_none(), "the body goes to the outfile, not the screen");
    assert_eq!(t.fs.read("copy.html").unwrap(), b"<h1>Hello</h1>\n");
}

#[test]
fn output_is_indented_like_the_cli_in_declaration_order() {
    let mut t = Term::new();
    t.ok("aws s3api create-bucket --bucket bucket-1");
    let out = t.ok("aws s3api list-buckets");
    assert!(out.starts_with("{\n    \"Buckets\": [\n        {\n            \"Name\": \"bucket-1\",\n"), "{out}");
    assert!(out.ends_with("}\n"));
    // Empty outputs (204) print nothing.
    assert_eq!(t.ok("aws s3api delete-bucket --bucket bucket-1"), "");
}

#[test]
fn service_errors_exit_254() {
    let mut t = Term::new();
    let out = t.run("aws s3api get-object --bucket nope --key k out.txt");
    assert_eq!(out.exit_code, 254);
    assert_eq!(
        out.stderr,
        "\nAn error occurred (NoSuchBucket) when calling the GetObject operation: The specified bucket does not exist\n"
    );
    assert_eq!(out.stdout, "");
    assert!(t.fs.read("out.txt").is_err(), "a failed get writes no file");
}

#[test]
fn usage_errors_exit_252() {
    let mut t = Term::new();
    let out = t.run("aws s3api put-object");
    assert_eq!(out.exit_code, 252);
    assert!(out.stderr.contains("aws: error: the following arguments are required: --bucket, --key"), "{}", out.stderr);
    let out = t.run("aws s3api list-buckets --x 1");
    assert_eq!(out.exit_code, 252);
    assert!(out.stderr.contains("Unknown options: --x, 1"), "{}", out.stderr);
    let out = t.run("aws s3api make-coffee");
    assert_eq!(out.exit_code, 252);
    assert!(
        out.stderr.contains("aws: error: argument operation: Invalid choice, valid choices are:"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("create-bucket"));
    let out = t.run("aws nosuch list");
    assert!(out.stderr.contains("argument command: Invalid choice"), "{}", out.stderr);
    let out = t.run("aws s3api get-object --bucket b --key k");
    assert!(out.stderr.contains("the following arguments are required: outfile"), "{}", out.stderr);
    let out = t.run("aws s3api list-objects-v2 --bucket bkt --max-keys lots");
    assert_eq!(out.exit_code, 252);
    assert!(out.stderr.contains("Parameter validation failed:\nInvalid value for parameter MaxKeys"), "{}", out.stderr);
    let out = t.run("aws s3api put-bucket-tagging --bucket b --tagging 'TagSet=[{Key=a}]'");
    assert!(out.stderr.contains("Missing required parameter in Tagging.TagSet[0]: \"Value\""), "{}", out.stderr);
    assert!(t.world.trail().events().is_empty(), "no call was made for a bad line");
}

#[test]
fn region_and_shorthand_structures() {
    let mut t = Term::new();
    let out = t.run("aws s3api create-bucket --bucket eu-b --region eu-west-1");
    assert_eq!(out.exit_code, 254);
    assert!(out.stderr.contains("IllegalLocationConstraintException"), "{}", out.stderr);
    t.ok("aws s3api create-bucket --bucket eu-b --region eu-west-1 --create-bucket-configuration LocationConstraint=eu-west-1");
    let loc = t.json("aws s3api get-bucket-location --bucket eu-b");
    assert_eq!(loc["LocationConstraint"], "eu-west-1");
    t.ok(r#"aws s3api create-bucket --bucket json-b --region eu-west-2 --create-bucket-configuration '{"LocationConstraint": "eu-west-2"}'"#);
    assert_eq!(t.world.trail().last().unwrap().region, "eu-west-2");
}

#[test]
fn numbers_booleans_lists_and_queries() {
    let mut t = Term::new();
    t.ok("aws s3api create-bucket --bucket bkt");
    t.ok("echo x > f");
    for key in ["a", "b", "c"] {
        t.ok(&format!("aws s3api put-object --bucket bkt --key {key} --body f"));
    }
    let page = t.json("aws s3api list-objects-v2 --bucket bkt --max-keys 2 --fetch-owner");
    assert_eq!(page["KeyCount"], 2);
    assert_eq!(page["IsTruncated"], true);
    assert!(page["Contents"][0]["Owner"].is_object());
    let keys = t.json("aws s3api list-objects-v2 --bucket bkt --query Contents[].Key");
    assert_eq!(keys, serde_json::json!(["a", "b", "c"]));
    assert_eq!(t.ok("aws s3api list-objects-v2 --bucket bkt --query 'Contents[0].Key' --output text"), "a\n");
    t.ok("aws s3api put-bucket-tagging --bucket bkt --tagging 'TagSet=[{Key=env,Value=dev},{Key=team,Value=web}]'");
    let tags = t.json("aws s3api get-bucket-tagging --bucket bkt --query 'TagSet[?Key==`team`].Value | [0]'");
    assert_eq!(tags, "web");
    let table = t.ok("aws s3api list-buckets --output table");
    assert!(table.contains("ListBuckets") && table.contains("| bkt "), "{table}");
}

#[test]
fn files_feed_parameters() {
    let mut t = Term::new();
    t.ok("aws s3api create-bucket --bucket site");
    t.fs.write(
        "policy.json",
        br#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::site/*"}]}"#,
    )
    .unwrap();
    let out = t.run("aws s3api put-bucket-policy --bucket site --policy file://policy.json");
    assert!(out.stderr.contains("(AccessDenied)"), "Block Public Access is on by default: {out:?}");
    t.ok("aws s3api put-public-access-block --bucket site --public-access-block-configuration \
          BlockPublicAcls=false,IgnorePublicAcls=false,BlockPublicPolicy=false,RestrictPublicBuckets=false");
    t.ok("aws s3api put-bucket-policy --bucket site --policy file://policy.json");
    let policy = t.json("aws s3api get-bucket-policy --bucket site");
    assert!(policy["Policy"].as_str().unwrap().contains("s3:GetObject"));
    t.fs.write("bin", &[0, 159, 146, 150]).unwrap();
    t.ok("aws s3api put-object --bucket site --key bin --body fileb://bin");
    t.ok("aws s3api get-object --bucket site --key bin out");
    assert_eq!(t.fs.read("out").unwrap(), [0, 159, 146, 150]);
}

#[test]
fn blobs_of_other_services_are_base64_or_fileb() {
    let mut t = Term::new();
    if !SERVICES.iter().any(|s| s.cli == "kms") {
        return;
    }
    let key = t.ok("aws kms create-key --query KeyMetadata.KeyId --output text");
    let key = key.trim();
    t.ok("echo 'top secret' > plain.txt");
    t.ok(&format!(
        "aws kms encrypt --key-id {key} --plaintext fileb://plain.txt --query CiphertextBlob --output text > blob.b64"
    ));
    let plain = t.ok("aws kms decrypt --ciphertext-blob file://blob.b64 --query Plaintext --output text");
    assert_eq!(plain, format!("{}\n", nimbus_sim::Bytes::from("top secret\n").to_base64()));
    let inline = t.ok(&format!("aws kms encrypt --key-id {key} --plaintext aGk= --query KeyId --output text"));
    assert!(inline.contains(key), "{inline}");
}

#[test]
fn help_describes_what_is_simulated() {
    let mut t = Term::new();
    let general = t.ok("aws help");
    for s in SERVICES {
        assert!(general.contains(s.cli), "{general}");
    }
    assert!(t.ok("aws s3api help").contains("list-objects-v2"));
    let op = t.ok("aws s3api put-object help");
    assert!(op.contains("--bucket (string) [required]"), "{op}");
    assert!(op.contains("--metadata (map)"), "{op}");
    assert!(!op.contains("--content-type (string) [required]"), "{op}");
    let op = t.ok("aws s3api create-bucket help");
    assert!(op.contains("Syntax: LocationConstraint=string"), "{op}");
}

#[test]
fn every_simulated_operation_has_help_and_reaches_the_world() {
    let mut t = Term::new();
    for s in SERVICES {
        for op in s.operations {
            let kebab = cli::names::kebab(op);
            let help = t.ok(&format!("aws {} {kebab} help", s.cli));
            assert!(help.contains(&kebab), "{help}");
            // With no parameters, every operation either runs or names what it needs.
            let out = t.run(&format!("aws {} {kebab} outfile", s.cli));
            assert!([0, 252, 254].contains(&out.exit_code), "{kebab}: {out:?}");
        }
    }
}

#[test]
fn parse_aws_line_gives_the_request_and_region() {
    let fs = MemoryFs::new();
    let (request, region) = cli::parse_aws_line("aws s3api create-bucket --bucket x --region eu-west-1", &fs).unwrap();
    assert_eq!(region.as_deref(), Some("eu-west-1"));
    assert_eq!(
        request,
        Request::S3(S3Request::CreateBucket(CreateBucketRequest {
            bucket: "x".into(),
            create_bucket_configuration: None
        }))
    );
    assert!(cli::parse_aws_line("aws s3api create-bucket", &fs).is_err());
    assert!(cli::parse_aws_line("echo hi", &fs).is_err());
}

#[test]
fn cli_lines_for_console_calls() {
    let request = Request::S3(S3Request::CreateBucket(CreateBucketRequest {
        bucket: "my bucket".into(),
        create_bucket_configuration: Some(nimbus_sim::services::s3::CreateBucketConfiguration {
            location_constraint: Some("eu-west-1".into()),
        }),
    }));
    assert_eq!(
        cli::cli_line_for(&request),
        "aws s3api create-bucket --bucket 'my bucket' --create-bucket-configuration LocationConstraint=eu-west-1"
    );
    let put = Request::S3(S3Request::PutObject(nimbus_sim::services::s3::PutObjectRequest {
        bucket: "b".into(),
        key: "k".into(),
        body: "data".into(),
        ..Default::default()
    }));
    assert_eq!(cli::cli_line_for(&put), "aws s3api put-object --bucket b --key k --body <file>");
}
