//! Amazon S3: buckets, objects, versions, default encryption, policies and static websites.

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
    PutObject(PutObjectRequest) -> PutObjectOutput = ops::put_object;
    GetObject(GetObjectRequest) -> GetObjectOutput = ops::get_object;
}
