//! Bucket lifecycle: CreateBucket, ListBuckets, HeadBucket, GetBucketLocation, DeleteBucket.

use super::*;
use crate::time::SimTime;

// ---------------------------------------------------------------- CreateBucket

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateBucketConfiguration {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_constraint: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateBucketRequest {
    pub bucket: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_bucket_configuration: Option<CreateBucketConfiguration>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateBucketOutput {
    pub location: String,
}

pub fn create_bucket(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateBucketRequest,
) -> Result<CreateBucketOutput, ApiError> {
    let name = input.bucket;
    cx.touch(bucket_arn(&name));
    if let Err(rule) = validate_bucket_name(&name) {
        cx.why(rule);
        return Err(ApiError::bad_request("InvalidBucketName", "The specified bucket is not valid."));
    }
    // `EU` is the legacy name S3 still accepts for eu-west-1.
    let constraint = input
        .create_bucket_configuration
        .and_then(|c| c.location_constraint)
        .filter(|c| !c.is_empty())
        .map(|c| if c == "EU" { "eu-west-1".to_string() } else { c });
    // The bucket lives where the constraint says; with none, in us-east-1. A constraint that
    // differs from the endpoint's region is refused.
    let region = match &constraint {
        Some(c) if c == "us-east-1" => {
            cx.why("us-east-1 is the default location and may not be named as a LocationConstraint");
            return Err(ApiError::bad_request(
                "InvalidLocationConstraint",
                "The specified location-constraint is not valid",
            ));
        }
        Some(c) if crate::regions::find(c).is_none() => {
            cx.why(format!("'{c}' is not a region"));
            return Err(ApiError::bad_request(
                "InvalidLocationConstraint",
                "The specified location-constraint is not valid",
            ));
        }
        Some(c) if c != &cx.region => {
            cx.why(format!("the request was sent to {} but asks for {c}", cx.region));
            return Err(ApiError::bad_request(
                "IllegalLocationConstraintException",
                format!("The {c} location constraint is incompatible for the region specific endpoint this request was sent to."),
            ));
        }
        Some(c) => c.clone(),
        None if cx.region != "us-east-1" => {
            cx.why(format!(
                "outside us-east-1 a CreateBucketConfiguration with LocationConstraint {} is required",
                cx.region
            ));
            return Err(ApiError::bad_request(
                "IllegalLocationConstraintException",
                "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.",
            ));
        }
        None => "us-east-1".to_string(),
    };
    if let Some(existing) = world.s3.buckets.get(&name) {
        // Bucket names are global. Re-creating your own bucket in us-east-1 answers 200 OK for
        // legacy compatibility; everywhere else S3 says BucketAlreadyOwnedByYou.
        if existing.region == "us-east-1" && region == "us-east-1" {
            cx.why("you already own this bucket; us-east-1 answers 200 OK for legacy reasons and changes nothing");
            return Ok(CreateBucketOutput { location: format!("/{name}") });
        }
        cx.why(format!("you already own a bucket named '{name}' (in {})", existing.region));
        return Err(ApiError::conflict(
            "BucketAlreadyOwnedByYou",
            "Your previous request to create the named bucket succeeded and you already own it.",
        ));
    }
    if world.s3.buckets.len() >= MAX_BUCKETS {
        cx.why(format!("an account may own at most {MAX_BUCKETS} buckets"));
        return Err(ApiError::bad_request("TooManyBuckets", "You have attempted to create more buckets than allowed"));
    }
    let bucket = Bucket::new(&name, &region, world.now());
    world.s3.buckets.insert(name.clone(), bucket);
    cx.why(format!("bucket names are global and '{name}' was free; created in {region}"));
    let location = if region == "us-east-1" { format!("/{name}") } else { format!("http://{name}.s3.amazonaws.com/") };
    Ok(CreateBucketOutput { location })
}

// ---------------------------------------------------------------- ListBuckets

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListBucketsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket_region: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BucketSummary {
    pub name: String,
    pub creation_date: SimTime,
    pub bucket_region: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListBucketsOutput {
    pub buckets: Vec<BucketSummary>,
    pub owner: Owner,
}

pub fn list_buckets(
    world: &mut World,
    cx: &mut CallContext,
    input: ListBucketsRequest,
) -> Result<ListBucketsOutput, ApiError> {
    let buckets: Vec<BucketSummary> = world
        .s3
        .buckets
        .values()
        .filter(|b| input.prefix.as_deref().is_none_or(|p| b.name.starts_with(p)))
        .filter(|b| input.bucket_region.as_deref().is_none_or(|r| b.region == r))
        .map(|b| BucketSummary {
            name: b.name.clone(),
            creation_date: b.creation_date,
            bucket_region: b.region.clone(),
        })
        .collect();
    cx.why(format!("the account owns {} matching bucket(s), listed by name", buckets.len()));
    Ok(ListBucketsOutput { buckets, owner: account_owner() })
}

// ---------------------------------------------------------------- HeadBucket

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HeadBucketRequest {
    pub bucket: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HeadBucketOutput {
    pub bucket_region: String,
    /// Whether the name used was an access point alias; always a real bucket name here.
    pub access_point_alias: bool,
}

pub fn head_bucket(
    world: &mut World,
    cx: &mut CallContext,
    input: HeadBucketRequest,
) -> Result<HeadBucketOutput, ApiError> {
    cx.touch(bucket_arn(&input.bucket));
    match world.s3.buckets.get(&input.bucket) {
        Some(b) => {
            cx.why(format!("bucket '{}' exists in {} and you own it", b.name, b.region));
            Ok(HeadBucketOutput { bucket_region: b.region.clone(), access_point_alias: false })
        }
        None => {
            cx.why(format!("no bucket named '{}' exists", input.bucket));
            // A HEAD response has no body, so the CLI only sees the status.
            Err(ApiError::not_found("404", "Not Found"))
        }
    }
}

// ---------------------------------------------------------------- GetBucketLocation

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketLocationRequest {
    pub bucket: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketLocationOutput {
    /// `null` for us-east-1, for historical reasons; the region code everywhere else.
    pub location_constraint: Option<String>,
}

pub fn get_bucket_location(
    world: &mut World,
    cx: &mut CallContext,
    input: GetBucketLocationRequest,
) -> Result<GetBucketLocationOutput, ApiError> {
    let b = bucket(world, cx, &input.bucket)?;
    let location_constraint = (b.region != "us-east-1").then(|| b.region.clone());
    cx.why(match &location_constraint {
        None => format!("bucket '{}' is in us-east-1, which S3 reports as a null LocationConstraint", b.name),
        Some(r) => format!("bucket '{}' was created with LocationConstraint {r}", b.name),
    });
    Ok(GetBucketLocationOutput { location_constraint })
}

// ---------------------------------------------------------------- DeleteBucket

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteBucketRequest {
    pub bucket: String,
}

pub fn delete_bucket(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteBucketRequest,
) -> Result<EmptyOutput, ApiError> {
    let b = bucket(world, cx, &input.bucket)?;
    if !b.is_empty() {
        let versions: usize = b.objects.values().map(|h| h.versions.len()).sum();
        let keys = b.current_keys().count();
        cx.why(format!(
            "bucket '{}' still holds {versions} object version(s) and delete marker(s) ({keys} current key(s)); \
             a bucket must be empty, every version included, before it can be deleted",
            b.name
        ));
        let message = if b.versioning.is_some() {
            "The bucket you tried to delete is not empty. You must delete all versions in the bucket."
        } else {
            "The bucket you tried to delete is not empty"
        };
        return Err(ApiError::conflict("BucketNotEmpty", message));
    }
    world.s3.buckets.remove(&input.bucket);
    cx.why(format!("bucket '{}' was empty, so it was deleted and its name is free again", input.bucket));
    Ok(EmptyOutput {})
}
