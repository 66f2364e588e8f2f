//! `AWS::S3::Bucket` and `AWS::S3::BucketPolicy`, made with S3's own operations: a stack's
//! bucket is a real bucket on the S3 page.

use super::{check_properties, flag, generated_name, observed, tags, text, Created, Observed, Provider, ProvisionCx};
use crate::error::ApiError;
use crate::services::s3::{self, S3Request};
use crate::services::Request;
use crate::time::SimDuration;
use crate::world::World;
use serde_json::{json, Map, Value as Json};
use std::collections::BTreeMap;

pub struct Bucket;
pub struct BucketPolicy;

/// S3's error as CloudFormation reports it in the resource's status reason.
fn s3_reason(e: &ApiError) -> String {
    format!("{} (Service: S3, Status Code: {}, Error Code: {})", e.message, e.status, e.code)
}

fn call(world: &mut World, region: &str, r: S3Request) -> Result<(), ApiError> {
    world.call_in(region, Request::S3(r)).map(|_| ())
}

fn invalid(logical_id: &str, path: &str, expected: &str, found: &Json) -> String {
    format!(
        "Properties validation failed for resource {logical_id} with message: #/{path}: expected type: {expected}, found: {}",
        super::kind(found)
    )
}

impl Provider for Bucket {
    fn type_name(&self) -> &'static str {
        "AWS::S3::Bucket"
    }
    fn properties(&self) -> &'static [&'static str] {
        &["BucketName", "VersioningConfiguration", "WebsiteConfiguration", "Tags", "PublicAccessBlockConfiguration"]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["Arn", "DomainName", "DualStackDomainName", "RegionalDomainName", "WebsiteURL"]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(3)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(2)
    }

    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let name = match props.get("BucketName") {
            Some(v) => text(v).ok_or_else(|| invalid(id, "BucketName", "String", v))?,
            None => generated_name(world, cx.stack_name, id, 63, true),
        };
        if let Err(rule) = s3::validate_bucket_name(&name) {
            return Err(format!("Bucket name should not contain uppercase characters or be invalid: {name} ({rule})"));
        }
        // CloudFormation checks first: S3 answers 200 to a second CreateBucket of your own bucket
        // in us-east-1, but a stack must not adopt a bucket it did not make.
        let exists = world
            .call_in(cx.region, Request::S3(S3Request::HeadBucket(s3::HeadBucketRequest { bucket: name.clone() })))
            .is_ok();
        if exists {
            return Err(format!("{name} already exists"));
        }
        let configuration = (cx.region != "us-east-1")
            .then(|| s3::CreateBucketConfiguration { location_constraint: Some(cx.region.to_string()) });
        call(
            world,
            cx.region,
            S3Request::CreateBucket(s3::CreateBucketRequest {
                bucket: name.clone(),
                create_bucket_configuration: configuration,
            }),
        )
        .map_err(|e| s3_reason(&e))?;
        // The rest of the properties; on a failure the new bucket goes again, as the handler does.
        if let Err(reason) = configure(world, cx, &name, props) {
            let _ = call(world, cx.region, S3Request::DeleteBucket(s3::DeleteBucketRequest { bucket: name.clone() }));
            return Err(reason);
        }
        Ok(bucket_created(&name, cx.region))
    }

    fn replacement_properties(&self) -> &'static [&'static str] {
        &["BucketName", "ObjectLockEnabled"]
    }
    fn name_property(&self) -> Option<&'static str> {
        Some("BucketName")
    }

    fn update(
        &self,
        world: &mut World,
        cx: &ProvisionCx<'_>,
        physical_id: &str,
        props: &Map<String, Json>,
    ) -> Result<Created, String> {
        check_properties(cx.logical_id, self.properties(), props)?;
        // What the new properties leave out goes back to S3's defaults, then the rest is applied
        // as on creation. (Versioning, once enabled, can only be suspended, as in S3.)
        let bucket = physical_id.to_string();
        if !props.contains_key("PublicAccessBlockConfiguration") {
            let r = S3Request::DeletePublicAccessBlock(s3::DeletePublicAccessBlockRequest { bucket: bucket.clone() });
            call(world, cx.region, r).map_err(|e| s3_reason(&e))?;
        }
        if !props.contains_key("WebsiteConfiguration") {
            let r = S3Request::DeleteBucketWebsite(s3::DeleteBucketWebsiteRequest { bucket: bucket.clone() });
            call(world, cx.region, r).map_err(|e| s3_reason(&e))?;
        }
        if tags(cx.logical_id, props.get("Tags"), cx.stack_tags)?.is_empty() {
            let r = S3Request::DeleteBucketTagging(s3::DeleteBucketTaggingRequest { bucket: bucket.clone() });
            call(world, cx.region, r).map_err(|e| s3_reason(&e))?;
        }
        configure(world, cx, &bucket, props)?;
        Ok(bucket_created(&bucket, cx.region))
    }

    fn observe(&self, world: &World, physical_id: &str) -> Observed {
        let Some(b) = world.s3.buckets.get(physical_id) else { return Observed::Deleted };
        let versioning = match b.versioning {
            Some(s3::model::VersioningStatus::Enabled) => json!({"Status": "Enabled"}),
            Some(s3::model::VersioningStatus::Suspended) => json!({"Status": "Suspended"}),
            None => Json::Null,
        };
        let website = b.website.as_ref().map_or(Json::Null, |w| {
            let mut m = Map::new();
            if let Some(i) = &w.index_document {
                m.insert("IndexDocument".into(), json!(i));
            }
            if let Some(e) = &w.error_document {
                m.insert("ErrorDocument".into(), json!(e));
            }
            Json::Object(m)
        });
        Observed::Properties(observed(&[
            ("BucketName", json!(b.name)),
            ("VersioningConfiguration", versioning),
            ("WebsiteConfiguration", website),
        ]))
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        match call(world, cx.region, S3Request::DeleteBucket(s3::DeleteBucketRequest { bucket: physical_id.into() })) {
            Ok(()) => Ok(()),
            Err(e) if e.code == "NoSuchBucket" => Ok(()),
            Err(e) => Err(s3_reason(&e)),
        }
    }
}

/// A bucket's Ref and GetAtt values.
fn bucket_created(name: &str, region: &str) -> Created {
    let mut attributes = BTreeMap::new();
    attributes.insert("Arn".into(), format!("arn:aws:s3:::{name}"));
    attributes.insert("DomainName".into(), format!("{name}.s3.amazonaws.com"));
    attributes.insert("DualStackDomainName".into(), format!("{name}.s3.dualstack.{region}.amazonaws.com"));
    attributes.insert("RegionalDomainName".into(), format!("{name}.s3.{region}.amazonaws.com"));
    attributes.insert("WebsiteURL".into(), format!("http://{}", s3::model::website_endpoint(name, region)));
    Created { physical_id: name.to_string(), ref_value: name.to_string(), attributes }
}

fn configure(world: &mut World, cx: &ProvisionCx<'_>, name: &str, props: &Map<String, Json>) -> Result<(), String> {
    let id = cx.logical_id;
    if let Some(v) = props.get("PublicAccessBlockConfiguration") {
        if !v.is_object() {
            return Err(invalid(id, "PublicAccessBlockConfiguration", "JSONObject", v));
        }
        let f = |k: &str| flag(v.get(k)).unwrap_or(false);
        call(
            world,
            cx.region,
            S3Request::PutPublicAccessBlock(s3::PutPublicAccessBlockRequest {
                bucket: name.into(),
                public_access_block_configuration: s3::PublicAccessBlockConfiguration {
                    block_public_acls: f("BlockPublicAcls"),
                    ignore_public_acls: f("IgnorePublicAcls"),
                    block_public_policy: f("BlockPublicPolicy"),
                    restrict_public_buckets: f("RestrictPublicBuckets"),
                },
            }),
        )
        .map_err(|e| s3_reason(&e))?;
    }
    if let Some(v) = props.get("VersioningConfiguration") {
        let status = v.get("Status").and_then(text).ok_or_else(|| {
            format!(
                "Properties validation failed for resource {id} with message: #/VersioningConfiguration: required key [Status] not found"
            )
        })?;
        call(
            world,
            cx.region,
            S3Request::PutBucketVersioning(s3::PutBucketVersioningRequest {
                bucket: name.into(),
                versioning_configuration: s3::VersioningConfiguration { status: Some(status) },
            }),
        )
        .map_err(|e| s3_reason(&e))?;
    }
    if let Some(v) = props.get("WebsiteConfiguration") {
        if !v.is_object() {
            return Err(invalid(id, "WebsiteConfiguration", "JSONObject", v));
        }
        let redirect = v.get("RedirectAllRequestsTo").map(|r| s3::RedirectAllRequestsTo {
            host_name: r.get("HostName").and_then(text).unwrap_or_default(),
            protocol: r.get("Protocol").and_then(text),
        });
        call(
            world,
            cx.region,
            S3Request::PutBucketWebsite(s3::PutBucketWebsiteRequest {
                bucket: name.into(),
                website_configuration: s3::WebsiteConfiguration {
                    index_document: v.get("IndexDocument").and_then(text).map(|suffix| s3::IndexDocument { suffix }),
                    error_document: v.get("ErrorDocument").and_then(text).map(|key| s3::ErrorDocument { key }),
                    redirect_all_requests_to: redirect,
                },
            }),
        )
        .map_err(|e| s3_reason(&e))?;
    }
    let tag_list = tags(id, props.get("Tags"), cx.stack_tags)?;
    if !tag_list.is_empty() {
        call(
            world,
            cx.region,
            S3Request::PutBucketTagging(s3::PutBucketTaggingRequest {
                bucket: name.into(),
                tagging: s3::Tagging {
                    tag_set: tag_list.into_iter().map(|(key, value)| s3::Tag { key, value }).collect(),
                },
            }),
        )
        .map_err(|e| s3_reason(&e))?;
    }
    Ok(())
}

impl Provider for BucketPolicy {
    fn type_name(&self) -> &'static str {
        "AWS::S3::BucketPolicy"
    }
    fn properties(&self) -> &'static [&'static str] {
        &["Bucket", "PolicyDocument"]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &[]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(1)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(1)
    }

    fn replacement_properties(&self) -> &'static [&'static str] {
        &["Bucket"]
    }

    fn update(
        &self,
        world: &mut World,
        cx: &ProvisionCx<'_>,
        _physical_id: &str,
        props: &Map<String, Json>,
    ) -> Result<Created, String> {
        // PutBucketPolicy replaces the document, as on creation.
        self.create(world, cx, props)
    }

    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let required = |key: &str| {
            format!("Properties validation failed for resource {id} with message: #: required key [{key}] not found")
        };
        let bucket = props.get("Bucket").ok_or_else(|| required("Bucket"))?;
        let bucket = text(bucket).ok_or_else(|| invalid(id, "Bucket", "String", bucket))?;
        let policy = match props.get("PolicyDocument").ok_or_else(|| required("PolicyDocument"))? {
            Json::String(s) => s.clone(),
            doc @ Json::Object(_) => doc.to_string(),
            other => return Err(invalid(id, "PolicyDocument", "JSONObject", other)),
        };
        call(
            world,
            cx.region,
            S3Request::PutBucketPolicy(s3::PutBucketPolicyRequest { bucket: bucket.clone(), policy }),
        )
        .map_err(|e| s3_reason(&e))?;
        Ok(Created { physical_id: bucket.clone(), ref_value: bucket, attributes: BTreeMap::new() })
    }

    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        match call(
            world,
            cx.region,
            S3Request::DeleteBucketPolicy(s3::DeleteBucketPolicyRequest { bucket: physical_id.into() }),
        ) {
            Ok(()) => Ok(()),
            Err(e) if e.code == "NoSuchBucket" => Ok(()),
            Err(e) => Err(s3_reason(&e)),
        }
    }
}
