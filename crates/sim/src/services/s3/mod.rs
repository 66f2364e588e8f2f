//! Amazon S3: buckets, objects, versions, default encryption, policies, tags and static websites.

pub mod endpoint;
pub mod model;
pub mod ops;
#[cfg(test)]
mod tests;

pub use endpoint::serve_http;
pub use model::S3State;
pub use ops::*;

service_api! {
    request S3Request, response S3Response;
    CreateBucket(CreateBucketRequest) -> CreateBucketOutput = ops::create_bucket;
    ListBuckets(ListBucketsRequest) -> ListBucketsOutput = ops::list_buckets;
    HeadBucket(HeadBucketRequest) -> HeadBucketOutput = ops::head_bucket;
    GetBucketLocation(GetBucketLocationRequest) -> GetBucketLocationOutput = ops::get_bucket_location;
    DeleteBucket(DeleteBucketRequest) -> EmptyOutput = ops::delete_bucket;
    PutObject(PutObjectRequest) -> PutObjectOutput = ops::put_object;
    GetObject(GetObjectRequest) -> GetObjectOutput = ops::get_object;
    HeadObject(HeadObjectRequest) -> HeadObjectOutput = ops::head_object;
    DeleteObject(DeleteObjectRequest) -> DeleteObjectOutput = ops::delete_object;
    CopyObject(CopyObjectRequest) -> CopyObjectOutput = ops::copy_object;
    ListObjectsV2(ListObjectsV2Request) -> ListObjectsV2Output = ops::list_objects_v2;
    ListObjectVersions(ListObjectVersionsRequest) -> ListObjectVersionsOutput = ops::list_object_versions;
    PutBucketVersioning(PutBucketVersioningRequest) -> EmptyOutput = ops::put_bucket_versioning;
    GetBucketVersioning(GetBucketVersioningRequest) -> GetBucketVersioningOutput = ops::get_bucket_versioning;
    PutBucketEncryption(PutBucketEncryptionRequest) -> EmptyOutput = ops::put_bucket_encryption;
    GetBucketEncryption(GetBucketEncryptionRequest) -> GetBucketEncryptionOutput = ops::get_bucket_encryption;
    DeleteBucketEncryption(DeleteBucketEncryptionRequest) -> EmptyOutput = ops::delete_bucket_encryption;
    PutBucketPolicy(PutBucketPolicyRequest) -> EmptyOutput = ops::put_bucket_policy;
    GetBucketPolicy(GetBucketPolicyRequest) -> GetBucketPolicyOutput = ops::get_bucket_policy;
    DeleteBucketPolicy(DeleteBucketPolicyRequest) -> EmptyOutput = ops::delete_bucket_policy;
    PutBucketWebsite(PutBucketWebsiteRequest) -> EmptyOutput = ops::put_bucket_website;
    GetBucketWebsite(GetBucketWebsiteRequest) -> GetBucketWebsiteOutput = ops::get_bucket_website;
    DeleteBucketWebsite(DeleteBucketWebsiteRequest) -> EmptyOutput = ops::delete_bucket_website;
    PutBucketTagging(PutBucketTaggingRequest) -> EmptyOutput = ops::put_bucket_tagging;
    GetBucketTagging(GetBucketTaggingRequest) -> GetBucketTaggingOutput = ops::get_bucket_tagging;
    DeleteBucketTagging(DeleteBucketTaggingRequest) -> EmptyOutput = ops::delete_bucket_tagging;
    PutPublicAccessBlock(PutPublicAccessBlockRequest) -> EmptyOutput = ops::put_public_access_block;
    GetPublicAccessBlock(GetPublicAccessBlockRequest) -> GetPublicAccessBlockOutput = ops::get_public_access_block;
    DeletePublicAccessBlock(DeletePublicAccessBlockRequest) -> EmptyOutput = ops::delete_public_access_block;
}
