//! S3 "predict the outcome" generators: re-creating a bucket in us-east-1 versus other Regions,
//! reading a key after it was deleted with and without versioning, deleting a bucket that still
//! holds versions, and bucket naming rules.

use super::{build_question, GeneratedQuestion, Scenario, Step, Template};
use crate::domain::Domain;
use crate::seeded::SeededRng;
use nimbus_sim::services::s3::*;
use nimbus_sim::{Bytes, Request, Response, World};

const BUCKET_WORDS: &[&str] = &["photos", "invoices", "backups", "reports", "assets", "logs"];
const REGIONS: &[&str] = &["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"];
const DOC_CREATE: &str = "https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html";
const DOC_DELETE_MARKERS: &str = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeleteMarker.html";
const DOC_DELETE_BUCKET: &str = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/delete-bucket.html";
const DOC_NAMING: &str = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html";

/// The generators, by name.
/// A generator: the same seed always gives the same question.
pub type Generator = fn(u64) -> Result<GeneratedQuestion, String>;

pub const GENERATORS: &[(&str, Generator)] = &[
    ("recreate-bucket", recreate_bucket),
    ("get-after-delete", get_after_delete),
    ("delete-bucket", delete_bucket),
    ("bucket-name", bucket_name_rules),
];

/// A question from a generator chosen by the seed.
pub fn any(seed: u64) -> Result<GeneratedQuestion, String> {
    let (_, generator) = GENERATORS[SeededRng::new(seed).below(GENERATORS.len())];
    generator(seed)
}

/// Builds a scenario by running each step as it is added, so later steps can use ids (version
/// ids) that earlier ones returned.
struct Builder {
    world: World,
    files: std::collections::BTreeMap<String, String>,
    steps: Vec<Step>,
    seed: u64,
}

impl Builder {
    fn new(seed: u64) -> Self {
        Builder { world: World::new(seed), files: Default::default(), steps: Vec::new(), seed }
    }

    fn run(&mut self, cli: String, region: &str, request: S3Request) -> Result<S3Response, String> {
        let request = Request::S3(request);
        let step = Step { cli: cli.clone(), region: region.to_string(), request: request.clone() };
        self.steps.push(step);
        match self.world.call_in(region, request) {
            Ok(Response::S3(r)) => Ok(r),
            // Only reachable when other services are compiled in (the app builds S3 alone).
            #[allow(unreachable_patterns)]
            Ok(_) => Err(format!("setup step '{cli}' answered for another service")),
            Err(e) => Err(format!("setup step '{cli}' failed: {e}")),
        }
    }

    fn finish(self, cli: String, region: &str, probe: S3Request, candidates: &[&str]) -> Scenario {
        Scenario {
            world_seed: self.seed,
            files: self.files,
            setup: self.steps,
            probe: Step { cli, region: region.to_string(), request: Request::S3(probe) },
            candidates: candidates.iter().map(|c| c.to_string()).collect(),
        }
    }
}

fn random_bucket_name(rng: &mut SeededRng) -> String {
    format!("{}-{}", rng.pick(BUCKET_WORDS).copied().unwrap_or("data"), 1000 + rng.below(9000))
}

fn create_request(bucket: &str, region: &str) -> (String, S3Request) {
    let config =
        (region != "us-east-1").then(|| CreateBucketConfiguration { location_constraint: Some(region.to_string()) });
    let mut cli = format!("aws s3api create-bucket --bucket {bucket} --region {region}");
    if region != "us-east-1" {
        cli.push_str(&format!(" --create-bucket-configuration LocationConstraint={region}"));
    }
    let request = CreateBucketRequest { bucket: bucket.to_string(), create_bucket_configuration: config };
    (cli, S3Request::CreateBucket(request))
}

/// CreateBucket of a name you already own: 200 OK in us-east-1, BucketAlreadyOwnedByYou elsewhere.
pub fn recreate_bucket(seed: u64) -> Result<GeneratedQuestion, String> {
    let mut rng = SeededRng::new(seed);
    let bucket = random_bucket_name(&mut rng);
    let region = *rng.pick(REGIONS).unwrap_or(&"us-east-1");
    let mut b = Builder::new(seed);
    let (cli, create) = create_request(&bucket, region);
    b.run(cli.clone(), region, create.clone())?;
    let scenario = b.finish(
        cli,
        region,
        create,
        &[
            "Succeeds",
            "Fails with BucketAlreadyOwnedByYou",
            "Fails with BucketAlreadyExists",
            "Fails with IllegalLocationConstraintException",
            "Fails with InvalidBucketName",
        ],
    );
    let template = Template {
        id: format!("gen-s3-recreate-bucket-{seed}"),
        service: "s3",
        domains: vec![Domain::DvaC02Development, Domain::SaaC03Resilient],
        intro: format!("You run the same create-bucket command twice, in {region}."),
        doc: DOC_CREATE,
    };
    build_question(template, scenario, seed)
}

fn put(b: &mut Builder, bucket: &str, key: &str, file: &str, body: &str) -> Result<Option<String>, String> {
    let request =
        PutObjectRequest { bucket: bucket.into(), key: key.into(), body: Bytes::from(body), ..Default::default() };
    let cli = format!("aws s3api put-object --bucket {bucket} --key {key} --body {file}");
    b.files.insert(file.to_string(), body.to_string());
    match b.run(cli, "us-east-1", S3Request::PutObject(request))? {
        S3Response::PutObject(out) => Ok(out.version_id),
        _ => Ok(None),
    }
}

fn enable_versioning(b: &mut Builder, bucket: &str) -> Result<(), String> {
    let request = PutBucketVersioningRequest {
        bucket: bucket.into(),
        versioning_configuration: VersioningConfiguration { status: Some("Enabled".into()) },
    };
    let cli = format!("aws s3api put-bucket-versioning --bucket {bucket} --versioning-configuration Status=Enabled");
    b.run(cli, "us-east-1", S3Request::PutBucketVersioning(request)).map(|_| ())
}

fn delete_object(b: &mut Builder, bucket: &str, key: &str) -> Result<Option<String>, String> {
    let request = DeleteObjectRequest { bucket: bucket.into(), key: key.into(), version_id: None };
    let cli = format!("aws s3api delete-object --bucket {bucket} --key {key}");
    match b.run(cli, "us-east-1", S3Request::DeleteObject(request))? {
        S3Response::DeleteObject(out) => Ok(out.version_id),
        _ => Ok(None),
    }
}

/// GetObject after DeleteObject, with versioning on or off, reading the latest version, an old
/// version, or the delete marker itself.
pub fn get_after_delete(seed: u64) -> Result<GeneratedQuestion, String> {
    let mut rng = SeededRng::new(seed);
    let bucket = random_bucket_name(&mut rng);
    let versioned = rng.below(2) == 1;
    let mut b = Builder::new(seed);
    let (cli, create) = create_request(&bucket, "us-east-1");
    b.run(cli, "us-east-1", create)?;
    if versioned {
        enable_versioning(&mut b, &bucket)?;
    }
    let first = put(&mut b, &bucket, "report.txt", "v1.txt", "version 1")?;
    put(&mut b, &bucket, "report.txt", "v2.txt", "version 2")?;
    let marker = delete_object(&mut b, &bucket, "report.txt")?;
    // Without versioning there is nothing but the latest read to ask about.
    let read = if versioned { rng.below(3) } else { 0 };
    let version_id = match read {
        1 => first,
        2 => marker,
        _ => None,
    };
    let mut cli = format!("aws s3api get-object --bucket {bucket} --key report.txt");
    if let Some(v) = &version_id {
        cli.push_str(&format!(" --version-id {v}"));
    }
    cli.push_str(" out.txt");
    let probe = S3Request::GetObject(GetObjectRequest { bucket: bucket.clone(), key: "report.txt".into(), version_id });
    let scenario = b.finish(
        cli,
        "us-east-1",
        probe,
        &[
            "Succeeds and returns \"version 1\"",
            "Succeeds and returns \"version 2\"",
            "Fails with NoSuchKey",
            "Fails with MethodNotAllowed",
            "Fails with NoSuchVersion",
            "Fails with NoSuchBucket",
        ],
    );
    let template = Template {
        id: format!("gen-s3-get-after-delete-{seed}"),
        service: "s3",
        domains: vec![Domain::SaaC03Resilient, Domain::DvaC02Development],
        intro: format!(
            "A bucket {} versioning. v1.txt holds the text \"version 1\" and v2.txt holds \"version 2\".",
            if versioned { "has" } else { "has never had" }
        ),
        doc: DOC_DELETE_MARKERS,
    };
    build_question(template, scenario, seed)
}

/// DeleteBucket after the only object was deleted: fine without versioning, BucketNotEmpty with
/// it (the delete marker and the old version remain).
pub fn delete_bucket(seed: u64) -> Result<GeneratedQuestion, String> {
    let mut rng = SeededRng::new(seed);
    let bucket = random_bucket_name(&mut rng);
    let versioned = rng.below(2) == 1;
    let delete_first = rng.below(3) != 0;
    let mut b = Builder::new(seed);
    let (cli, create) = create_request(&bucket, "us-east-1");
    b.run(cli, "us-east-1", create)?;
    if versioned {
        enable_versioning(&mut b, &bucket)?;
    }
    put(&mut b, &bucket, "notes.txt", "notes.txt", "some notes")?;
    if delete_first {
        delete_object(&mut b, &bucket, "notes.txt")?;
    }
    let probe = S3Request::DeleteBucket(DeleteBucketRequest { bucket: bucket.clone() });
    let scenario = b.finish(
        format!("aws s3api delete-bucket --bucket {bucket}"),
        "us-east-1",
        probe,
        &["Succeeds", "Fails with BucketNotEmpty", "Fails with NoSuchBucket", "Fails with AccessDenied"],
    );
    let template = Template {
        id: format!("gen-s3-delete-bucket-{seed}"),
        service: "s3",
        domains: vec![Domain::DvaC02Troubleshooting, Domain::SaaC03Resilient],
        intro: format!("A bucket {} versioning.", if versioned { "has" } else { "has never had" }),
        doc: DOC_DELETE_BUCKET,
    };
    build_question(template, scenario, seed)
}

const NAMES: &[&str] = &[
    "team-photos-2026",
    "data.lake.raw",
    "My-Photos",
    "photos_2026",
    "ab",
    "192.168.1.10",
    "logs..archive",
    "-backups",
    "xn--photos",
    "archive-s3alias",
    "web-assets",
];

/// CreateBucket with a name that may or may not follow the naming rules.
pub fn bucket_name_rules(seed: u64) -> Result<GeneratedQuestion, String> {
    let mut rng = SeededRng::new(seed);
    let name = *rng.pick(NAMES).unwrap_or(&"web-assets");
    let b = Builder::new(seed);
    let (cli, create) = create_request(name, "us-east-1");
    let scenario = b.finish(
        cli,
        "us-east-1",
        create,
        &["Succeeds", "Fails with InvalidBucketName", "Fails with BucketAlreadyExists", "Fails with AccessDenied"],
    );
    let template = Template {
        id: format!("gen-s3-bucket-name-{seed}"),
        service: "s3",
        domains: vec![Domain::DvaC02Development, Domain::ClfC02TechnologyServices],
        intro: "In a new account, with no buckets yet:".into(),
        doc: DOC_NAMING,
    };
    build_question(template, scenario, seed)
}
